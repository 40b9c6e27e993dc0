"""Scaffolds for editors and staff: a member profile, an article, the next newsletter issue.

    python -m sitetools.scaffold provider --name "Acme IT Ltd" [-s pelicanconf.py -e KEY=JSON ...]
    python -m sitetools.scaffold article --title "Why restore tests matter" [--category ...]
    python -m sitetools.scaffold newsletter [--date YYYY-MM-DD]

Each writes a file (from sitetools/templates/), prints its path, and refuses to overwrite an
existing file. Every value the editor must supply is marked `PLACEHOLDER: what to write`
(validation/placeholders.py): `make check` and every build refuse the file until each marker is
gone, so a scaffold never goes live unfilled.
"""

import argparse
import datetime
import json
import os
import re
import sys

from editorial.frontmatter import read_document
from editorial.rules import load_categories, markdown_files
from validation.paths import relative
from member_profiles.profiles import load_vocabulary
from member_profiles.settings import SettingError, logos_path, providers_path, vocabulary_path
from pelican.utils import slugify
from records import settings as record_conf
from records.registry import load_registry
from unidecode import unidecode

from .config import add_settings_arguments, load_settings, parse_args

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")


class ScaffoldError(Exception):
    """A scaffold that cannot be written; the message says why and what to do."""


def _template(name):
    with open(os.path.join(TEMPLATES, name), encoding="utf-8") as handle:
        return handle.read()


def make_slug(text):
    slug = slugify(unidecode(text), regex_subs=[(r"[^\w\s-]", ""), (r"[-\s]+", "-")])
    return re.sub(r"-+", "-", slug).strip("-")


def _write_new(path, text):
    if os.path.exists(path):
        raise ScaffoldError(f"{path} already exists; choose another name or edit that file")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(text)


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def new_provider(settings, name, today):
    slug = make_slug(name)
    if len(name.strip()) < 2 or not slug:
        raise ScaffoldError(f"NAME {name!r} gives no usable slug; expected a company name")
    expires = _add_years(today, 3) - datetime.timedelta(days=1)
    vocabulary = load_vocabulary(vocabulary_path(settings))[0]
    programs = set(vocabulary["programs"])
    industries = list(vocabulary.get("industries", {}))
    registry, problems = load_registry(record_conf.auditors_path(settings), programs)
    auditors = registry.accredited_for("msp-verify")
    if problems or not auditors:
        raise ScaffoldError(f"no auditor accredited for msp-verify in {registry.source}; "
                            "run make check")
    # Values are written as JSON strings, which YAML reads as double-quoted scalars.
    text = _template("provider.yaml").format(
        name=json.dumps(name.strip(), ensure_ascii=False),
        summary=json.dumps(f"{name.strip()} provides managed IT services.", ensure_ascii=False),
        slug=slug, today=today.isoformat(), expires=expires.isoformat(),
        report_id=f"DRAFT-{slug.upper()}"[:40].rstrip("-"),
        auditor=json.dumps(auditors[0], ensure_ascii=False), auditors=", ".join(auditors),
        industry=industries[0] if industries else "",
        industries=", ".join(industries) or "none in the vocabulary yet",
    )
    profile = os.path.join(providers_path(settings), f"{slug}.yaml")
    logo = os.path.join(logos_path(settings), f"{slug}.svg")
    if os.path.exists(logo):
        raise ScaffoldError(f"{logo} already exists; remove it or choose another name")
    _write_new(profile, text)
    _write_new(logo, _template("logo.svg"))
    return [profile, logo]


def new_article(settings, title, today, author, category):
    slug = make_slug(title)
    if not slug:
        raise ScaffoldError(f"TITLE {title!r} gives no usable slug; expected a headline")
    categories, problems = load_categories(settings)
    if problems:
        raise ScaffoldError("; ".join(str(p) for p in problems))
    category = category or next(iter(categories))
    if category not in categories:
        raise ScaffoldError(f"CATEGORY {category!r} is unknown; expected one of "
                            + ", ".join(categories))
    folder = os.path.join(settings["PATH"], settings["ARTICLE_PATHS"][0])
    text = _template("article.md").format(
        title=" ".join(title.split()), today=today.isoformat(), author=author,
        category=category, tags="draft",
    )
    path = os.path.join(folder, f"{slug}.md")
    _write_new(path, text)
    return [path]


def new_issue(settings, date):
    folders = settings["NEWSLETTER_PATHS"]
    latest_number, latest_date = 0, None
    for path in markdown_files(settings["PATH"], folders):
        fields = read_document(path).fields
        number = fields.get("number", "")
        if number.isdigit() and int(number) > latest_number:
            latest_number = int(number)
            latest_date = fields.get("date", "")[:10]
    if latest_date and date.isoformat() <= latest_date:
        raise ScaffoldError(f"the latest issue ({latest_number}) is dated {latest_date}; "
                            "expected a later --date (make newsletter DATE=YYYY-MM-DD)")
    number = latest_number + 1
    text = _template("issue.md").format(
        name=settings["NEWSLETTER_NAME"], number=number,
        date=date.isoformat(),
    )
    path = os.path.join(settings["PATH"], folders[0], f"{date.isoformat()}.md")
    _write_new(path, text)
    return [path]


def _date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; expected YYYY-MM-DD") from None


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m sitetools.scaffold",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("provider", "article", "newsletter"),
                        help="provider: providers/<slug>.yaml and a logo; article: "
                             "content/articles/<slug>.md; newsletter: the next issue")
    parser.add_argument("--name", help="provider: the company name")
    parser.add_argument("--title", help="article: the headline")
    parser.add_argument("--author", default="Editorial team", help="article: the author")
    parser.add_argument("--category", default=None, help="article: a category name")
    parser.add_argument("--date", type=_date, default=None,
                        help="the date to write (default: today, UTC)")
    add_settings_arguments(parser)
    args = parse_args(parser, argv)
    if args.kind == "provider" and not args.name or args.kind == "article" and not args.title:
        parser.error("provider needs --name, article needs --title")
    today = args.date or datetime.datetime.now(datetime.UTC).date()
    try:
        settings = load_settings(args)
        if args.kind == "provider":
            written = new_provider(settings, args.name, today)
        elif args.kind == "article":
            written = new_article(settings, args.title, today, args.author, args.category)
        else:
            written = new_issue(settings, today)
    except (ScaffoldError, SettingError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {relative(path)}")
    print("Next: replace every value marked PLACEHOLDER (make check lists them), then preview "
          "with `make devserver` (it rebuilds on every save).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
