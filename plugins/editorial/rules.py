"""Metadata and link rules for education articles and the association's pages.

Each check returns every problem it finds as a `Problem` (`file:line: field: problem; expected`);
nothing stops at the first. The newsletter plugin reuses the field and link checks.
"""

import glob
import os
import re
from urllib.parse import urlsplit

from validation.dates import parse_date
from validation.paths import is_slug, relative
from validation.problems import Problem, line_of, sort_problems
from validation.schema import read_data_file

from . import settings as conf
from .frontmatter import read_document

STATUSES = ("published", "draft", "hidden")
# `[text]({filename}/path.md)`, `![alt]({static}/images/x.png)`, `<img src="...">`, and Pelican's
# older `|filename|path` spelling.
_LINK = re.compile(
    r"(?P<image>!?)\[[^\]]*\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_SRC = re.compile(r"<(?P<tag>img|a)\b[^>]*?\b(?:src|href)\s*=\s*[\"'](?P<target>[^\"']+)[\"']",
                       re.I)
_CODE_SPAN = re.compile(r"(`+).+?\1")
_INTERNAL = re.compile(r"(?:\{(?:filename|static|attach)\}|\|(?:filename|static|attach)\|)"
                       r"(?P<path>[^?#]*)")

ARTICLE_FIELDS = {
    "title": "the article's headline",
    "date": "the publication date, YYYY-MM-DD",
    "modified": "the date of the last substantial change, YYYY-MM-DD",
    "authors": "one or more author names separated by commas",
    "category": "a category from content/data/categories.yaml",
    "tags": "keywords separated by commas",
    "summary": "one or two sentences for listings and feeds",
    "slug": "the article's permanent address, lowercase-with-hyphens",
    "status": "published, draft or hidden",
}
ARTICLE_REQUIRED = ("title", "date", "authors", "category", "summary")
PAGE_FIELDS = {
    "title": "the page's heading",
    "summary": "one sentence describing the page",
    "slug": "the page's address, lowercase-with-hyphens",
    "template": "a template name from theme/templates/",
    "nav_order": "a whole number: the page's place in the main navigation",
    "nav_title": "a short label for the navigation",
    "order": "a whole number: the page's place in the association's page list",
    "save_as": "an output path such as 404.html",
    "url": "the page's address",
    "status": "published, draft or hidden",
    "modified": "the date of the last change, YYYY-MM-DD",
}
PAGE_REQUIRED = ("title", "summary")


def markdown_files(root, folders):
    found = []
    for folder in folders:
        found += glob.glob(os.path.join(glob.escape(os.path.join(root, folder)), "**", "*.md"),
                           recursive=True)
    return sorted(found)


def load_categories(settings):
    """(names, problems): the controlled list of categories, {name: description}.

    The file is checked against categories.schema.json beside it; entries that pass are used
    even when others have problems, so one bad entry does not hide every category.
    """
    path = conf.categories_path(settings)
    data, lines, problems = read_data_file(path, "ARTICLE_CATEGORIES_PATH",
                                           "a YAML list of {name, description}")
    entries = data.get("categories") if isinstance(data, dict) else None
    categories = {}
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if not (isinstance(entry, dict) and isinstance(entry.get("name"), str)
                and isinstance(entry.get("description"), str)):
            continue  # reported by the schema
        if entry["name"] in categories:
            problems.append(Problem(relative(path), line_of(lines, ("categories", index, "name")),
                                    f"categories[{index}].name",
                                    f"{entry['name']!r} is listed twice",
                                    "each category name once"))
            continue
        categories[entry["name"]] = entry["description"]
    return categories, sort_problems(problems)


def field_problems(doc, known, required):
    """Unknown, missing, empty and malformed standard fields of one document."""
    file = relative(doc.path)
    found = [Problem(file, line, "metadata", f"cannot read the line {text!r}",
                     "`Field: value` lines, then a blank line, then the text")
             for line, text in doc.problems]
    for key in doc.fields:
        if key not in known:
            found.append(Problem(file, doc.line(key), key, "unknown field",
                                 "one of " + ", ".join(known)))
    for key in required:
        if key not in doc.fields:
            found.append(Problem(file, 1, key, "required field is missing", known[key]))
        elif not doc.fields[key]:
            found.append(Problem(file, doc.line(key), key, "is empty", known[key]))
    for key in ("date", "modified"):
        value = doc.fields.get(key)
        if value and parse_date(value, with_time=True) is None:
            found.append(Problem(file, doc.line(key), key, f"{value!r} is not a real date",
                                 "a date written YYYY-MM-DD, such as 2026-03-14"))
    date = parse_date(doc.fields.get("date"), with_time=True)
    modified = parse_date(doc.fields.get("modified"), with_time=True)
    if date and modified and modified < date:
        found.append(Problem(file, doc.line("modified"), "modified",
                             f"{modified} is before the date {date}",
                             "a modification date on or after the publication date"))
    slug = doc.fields.get("slug")
    if slug and not is_slug(slug):
        found.append(Problem(file, doc.line("slug"), "slug", f"{slug!r} cannot be an address",
                             "lowercase letters, digits and single hyphens"))
    status = doc.fields.get("status")
    if status and status.lower() not in STATUSES:
        found.append(Problem(file, doc.line("status"), "status", f"unknown status {status!r}",
                             "published, draft or hidden"))
    return found


def link_problems(doc, content_root):
    """Body problems: links and images pointing at missing files, remote images, `#` headings."""
    file = relative(doc.path)
    found = []
    source_dir = os.path.dirname(doc.path)
    fenced = False
    for offset, line in enumerate(doc.body.split("\n")):
        number = doc.body_line + offset
        # code shows link syntax as text: fenced blocks and `inline code` are not links
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced or line.startswith("    "):
            continue
        if re.match(r"#\s", line):
            found.append(Problem(file, number, "heading", "a level-one heading (# ...)",
                                 "sections marked ## or deeper: the title is the page's only "
                                 "level-one heading"))
        line = _CODE_SPAN.sub("", line)
        targets = [(m["image"] == "!", m["target"]) for m in _LINK.finditer(line)]
        targets += [(m["tag"].lower() == "img", m["target"]) for m in _HTML_SRC.finditer(line)]
        for is_image, target in targets:
            internal = _INTERNAL.match(target)
            field = "image" if is_image else "link"
            if internal:
                path = internal["path"]
                base = content_root if path.startswith("/") else source_dir
                resolved = os.path.normpath(os.path.join(base, path.lstrip("/")))
                if not path or not os.path.isfile(resolved):
                    found.append(Problem(file, number, field, f"{target!r} points to no file",
                                         f"an existing file under {relative(content_root)}/ "
                                         "(paths starting with / are from there)"))
            elif is_image:
                parts = urlsplit(target)
                where = "a remote image" if parts.scheme or parts.netloc else "a plain path"
                found.append(Problem(file, number, field, f"{target!r} is {where}",
                                     "an image stored with the site, written "
                                     "{static}/images/<file>"))
    return found


def check_article(doc, categories, settings):
    file = relative(doc.path)
    found = field_problems(doc, ARTICLE_FIELDS, ARTICLE_REQUIRED)
    category = doc.fields.get("category")
    if category and category not in categories:
        found.append(Problem(file, doc.line("category"), "category",
                             f"unknown category {category!r}",
                             "one of " + ", ".join(sorted(categories))))
    summary = doc.fields.get("summary", "")
    limit = settings["ARTICLE_SUMMARY_MAX"]
    if len(summary) > limit:
        found.append(Problem(file, doc.line("summary"), "summary",
                             f"too long ({len(summary)} characters)",
                             f"at most {limit} characters"))
    authors = [name.strip() for name in re.split(r"[,;]", doc.fields.get("authors", ""))]
    if doc.fields.get("authors") and not all(authors):
        found.append(Problem(file, doc.line("authors"), "authors", "an author name is empty",
                             ARTICLE_FIELDS["authors"]))
    return found


def check_page(doc):
    file = relative(doc.path)
    found = field_problems(doc, PAGE_FIELDS, PAGE_REQUIRED)
    for key in ("nav_order", "order"):
        value = doc.fields.get(key)
        if value and not value.isdigit():
            found.append(Problem(file, doc.line(key), key, f"{value!r} is not a whole number",
                                 PAGE_FIELDS[key]))
    return found


def check_editorial_content(settings):
    """(problems, counts) for every article and page under content/."""
    root = settings["PATH"]
    categories, problems = load_categories(settings)
    articles = markdown_files(root, settings["ARTICLE_PATHS"])
    pages = markdown_files(root, settings["PAGE_PATHS"])
    slugs = {}
    for path in articles:
        doc = read_document(path)
        problems += check_article(doc, categories, settings) + link_problems(doc, root)
        slug = doc.fields.get("slug") or os.path.splitext(os.path.basename(path))[0]
        if slug in slugs:
            problems.append(Problem(relative(path), doc.line("slug"), "slug",
                                    f"{slug!r} is also the address of {slugs[slug]}",
                                    "an address no other article uses"))
        slugs.setdefault(slug, relative(path))
    for path in pages:
        doc = read_document(path)
        problems += check_page(doc) + link_problems(doc, root)
    return sort_problems(problems), {"articles": len(articles), "pages": len(pages)}
