"""Metadata and link rules for education articles and the association's pages.

Each check returns every problem it finds as a `Problem` (`file:line: field: problem; expected`);
nothing stops at the first. The newsletter plugin reuses the field and link checks.

Metadata is an allowlist: a key not in ARTICLE_FIELDS / PAGE_FIELDS (or the newsletter's FIELDS)
is `not allowed`, and Pelican's overrides that are allowed at all take a validated value:
`Template` only from PAGE_TEMPLATES, `Save_as` and `Url` only for an error page at the site root
(`404.html`), `Slug` only lowercase-with-hyphens outside the plugins' reserved paths. Links are
read from the HTML the Markdown becomes (the way the build and browsers see them), not line by line.
"""

import html.parser
import os
import re

import markdown
from i18n.content import translation_file_problems
from outputs import reserved_entry, reserved_paths
from pelican.utils import slugify
from safe_markup import browser_url, is_remote
from validation.dates import parse_date
from validation.paths import files_under, is_slug, relative, symlink_problems
from validation.placeholders import front_matter_field_at, placeholder_problems
from validation.problems import Problem, line_of, sort_problems
from validation.schema import read_data_file
from validation.text import EXPECTED as TEXT_EXPECTED
from validation.text import character_problems

from . import settings as conf
from .files import other_format_problems, static_problems
from .frontmatter import read_document
from .sitelinks import member_slugs, site_link_problem

STATUSES = ("published", "draft", "hidden")
# Pelican's internal links, `{static}/images/x.png`, and its older `|filename|path` spelling.
_INTERNAL = re.compile(r"(?:\{(?P<what>filename|static|attach)\}|\|(?P<old>filename|static|attach)\|)"
                       r"(?P<path>[^?#]*)")
# Attributes that name another document or file, by element.
_LINK_ATTRIBUTES = {"a": "href", "img": "src", "q": "cite", "blockquote": "cite"}
# Templates a page may choose (theme/templates/<name>.html written for pages).
PAGE_TEMPLATES = ("page", "404", "certification", "contact", "leadership", "media", "partners")
# Save_as and Url: only an HTTP error page at the site root, such as 404.html.
ERROR_PAGE = re.compile(r"[45][0-9]{2}\.html\Z")

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
    "template": "one of " + ", ".join(PAGE_TEMPLATES),
    "nav_order": "a whole number: the page's place in the main navigation",
    "nav_title": "a short label for the navigation",
    "order": "a whole number: the page's place in the association's page list",
    "save_as": "an error page at the site root, such as 404.html",
    "url": "the same as Save_as",
    "status": "published, draft or hidden",
    "modified": "the date of the last change, YYYY-MM-DD",
}
PAGE_REQUIRED = ("title", "summary")


def markdown_files(root, folders):
    """The Markdown sources under `folders` of `root`, never through a symbolic link."""
    found = []
    for folder in folders:
        found += files_under(os.path.join(root, folder), ".md")
    return sorted(found)


def load_categories(settings):
    """(names, problems): the controlled list of categories, {name: description}.

    The file is checked against categories.schema.json beside it; entries that pass are used
    even when others have problems, so one bad entry does not hide every category.
    """
    path = conf.categories_path(settings)
    # the text rules (validation.text) run with the schema
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


def field_problems(doc, known, required, settings):
    """Keys not allowed, missing, empty and malformed fields of one document."""
    file = relative(doc.path)
    found = [Problem(file, line, "metadata", f"cannot read the line {text!r}",
                     "`Field: value` lines, then a blank line, then the text")
             for line, text in doc.problems]
    for key in doc.fields:
        if key not in known:
            found.append(Problem(file, doc.line(key), key, "not allowed",
                                 "one of the documented fields " + ", ".join(known)))
    for key, value in doc.fields.items():
        found += [Problem(file, doc.line(key), key, problem, TEXT_EXPECTED)
                  for problem in character_problems(value)]
    for offset, line in enumerate(doc.body.split("\n")):
        found += [Problem(file, doc.body_line + offset, "text", problem, TEXT_EXPECTED)
                  for problem in character_problems(line.rstrip("\r"), multiline=True)]
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
    elif slug and reserved_entry(f"{slug}/", reserved_paths(settings)):
        found.append(Problem(file, doc.line("slug"), "slug",
                             f"{slug!r} is an address the site's plugins own",
                             "an address outside " + ", ".join(reserved_paths(settings))))
    status = doc.fields.get("status")
    if status and status.lower() not in STATUSES:
        found.append(Problem(file, doc.line("status"), "status", f"unknown status {status!r}",
                             "published, draft or hidden"))
    return found


class _Links(html.parser.HTMLParser):
    """The links, images and level-one headings of an HTML fragment, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []  # (kind, value): kind "a", "img", "q", "blockquote" or "h1"
        self._heading = None

    def handle_starttag(self, tag, attrs):
        name = _LINK_ATTRIBUTES.get(tag)
        for attribute, value in attrs:
            if attribute == name and value is not None:
                self.found.append((tag, value))
        if tag == "h1":
            self._heading = ""

    def handle_data(self, data):
        if self._heading is not None:
            self._heading += data

    def handle_endtag(self, tag):
        if tag == "h1" and self._heading is not None:
            self.found.append(("h1", self._heading.strip()))
            self._heading = None


def _markdown(settings):
    """A Markdown converter set up as Pelican's reader sets up its own (MARKDOWN's
    extension_configs are extensions too), without the metadata extension: bodies only."""
    options = dict(settings["MARKDOWN"])
    configs = options.get("extension_configs", {})
    extensions = list(dict.fromkeys([*options.get("extensions", []), *configs]))
    options["extensions"] = [name for name in extensions if name != "markdown.extensions.meta"]
    return markdown.Markdown(**options)


class _Lines:
    """Finds the source line of a value found in the HTML, searching on from the last one."""

    def __init__(self, doc):
        self.doc = doc
        self.position = 0

    def of(self, *needles):
        for needle in needles:
            index = self.doc.body.find(needle, self.position) if needle else -1
            if index >= 0:
                self.position = index
                break
        return self.doc.body_line + self.doc.body.count("\n", 0, self.position)


def link_problems(doc, content_root, settings):
    """Body problems, read from the HTML the Markdown becomes: internal links to missing files or
    leading out of content/, remote or plain-path images, and level-one headings."""
    file = relative(doc.path)
    found = []
    source_dir = os.path.dirname(doc.path)
    root = os.path.realpath(content_root)
    static_folders = [os.path.join(root, folder, "")
                      for folder in settings["STATIC_PATHS"]]
    parser = _Links()
    parser.feed(_markdown(settings).convert(doc.body))
    parser.close()
    lines = _Lines(doc)
    for tag, value in parser.found:
        if tag == "h1":
            found.append(Problem(file, lines.of(value), "heading", "a level-one heading (# ...)",
                                 "sections marked ## or deeper: the title is the page's only "
                                 "level-one heading"))
            continue
        number = lines.of(value, value.strip()[:20])
        field = "image" if tag == "img" else "link"
        url = browser_url(value)
        # {member}<slug>, {directory} and root-absolute links (editorial/sitelinks.py)
        site = tag != "img" and site_link_problem(file, number, field, value, url,
                                                  lambda: member_slugs(settings))
        if site:
            found.append(site)
            continue
        internal = _INTERNAL.match(url)
        if internal:
            path = internal["path"]
            base = content_root if path.startswith("/") else source_dir
            resolved = os.path.realpath(os.path.join(base, path.lstrip("/")))
            what = internal["what"] or internal["old"]
            static = what != "filename"
            if what == "attach":
                # {attach} moves the file beside the page at write time, past the outputs
                # registry's claim; {static} keeps one address per file
                found.append(Problem(file, number, field, f"{value!r} uses {{attach}}",
                                     "{static}/images/<file>"))
            elif os.path.commonpath([resolved, root]) != root:
                found.append(Problem(file, number, field, f"{value!r} leads out of "
                                     f"{relative(content_root)}/",
                                     f"a file under {relative(content_root)}/"))
            elif not path or not os.path.isfile(resolved):
                found.append(Problem(file, number, field, f"{value!r} points to no file",
                                     f"an existing file under {relative(content_root)}/ "
                                     "(paths starting with / are from there)"))
            elif static and not any(resolved.startswith(folder) for folder in static_folders):
                found.append(Problem(file, number, field, f"{value!r} is not a published file",
                                     "a file under " + ", ".join(
                                         relative(folder) for folder in static_folders)))
        elif tag == "img":
            where = "a remote image" if is_remote(url) else "a plain path"
            found.append(Problem(file, number, field, f"{value!r} is {where}",
                                 "an image stored with the site, written {static}/images/<file>"))
    return found


def check_article(doc, categories, settings):
    file = relative(doc.path)
    found = field_problems(doc, ARTICLE_FIELDS, ARTICLE_REQUIRED, settings)
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
    # a category is one name (Pelican reads one), so "A, B" is an unknown category above
    tags = metadata_list(doc.fields.get("tags", ""))
    if len(tags) > settings["ARTICLE_TAGS_MAX"]:
        found.append(Problem(file, doc.line("tags"), "tags", f"{len(tags)} tags",
                             f"at most {settings['ARTICLE_TAGS_MAX']} tags (ARTICLE_TAGS_MAX)"))
    for kind, field in (("tag", "tags"), ("author", "authors")):
        for name in metadata_list(doc.fields.get(field, "")):
            if not address_slug(kind, name, settings):
                # its page would be written at the index of all tags (authors): the build
                # fails there, at write time (outputs); said here, with the line
                found.append(Problem(file, doc.line(field), field,
                                     f"the {kind} {name!r} gives no address (no letter or digit)",
                                     f"{'an' if kind == 'author' else 'a'} {kind} with "
                                     "letters or digits"))
    authors = [name.strip() for name in re.split(r"[,;]", doc.fields.get("authors", ""))]
    if doc.fields.get("authors") and not all(authors):
        found.append(Problem(file, doc.line("authors"), "authors", "an author name is empty",
                             ARTICLE_FIELDS["authors"]))
    return found


def metadata_list(text):
    """The names of a list field, split as Pelican splits them: at semicolons when there is
    one, else at commas; empty names left out."""
    return [name.strip() for name in text.split(";" if ";" in text else ",") if name.strip()]


def address_slug(kind, name, settings):
    """The slug Pelican gives a tag or author `name` (pelican.urlwrappers: TAG_ or
    AUTHOR_REGEX_SUBSTITUTIONS, else SLUG_REGEX_SUBSTITUTIONS), without its warning."""
    subs = settings.get(f"{kind.upper()}_REGEX_SUBSTITUTIONS",
                        settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
    return slugify(name, regex_subs=subs,
                   preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
                   use_unicode=settings.get("SLUGIFY_USE_UNICODE", False))


def found_for(problems, fields):
    return any(problem.field in fields for problem in problems)


def check_page(doc, settings):
    file = relative(doc.path)
    found = field_problems(doc, PAGE_FIELDS, PAGE_REQUIRED, settings)
    for key in ("nav_order", "order"):
        value = doc.fields.get(key)
        if value and not value.isdigit():
            found.append(Problem(file, doc.line(key), key, f"{value!r} is not a whole number",
                                 PAGE_FIELDS[key]))
    template = doc.fields.get("template")
    if template and template not in PAGE_TEMPLATES:
        found.append(Problem(file, doc.line("template"), "template",
                             f"{template!r} is not a page template", PAGE_FIELDS["template"]))
    for key in ("save_as", "url"):
        value = doc.fields.get(key)
        if value is not None and not ERROR_PAGE.match(value):
            found.append(Problem(file, doc.line(key), key, f"{value!r} is not allowed",
                                 "an error page at the site root, such as 404.html"))
    if not found_for(found, ("save_as", "url")) and doc.fields.get("url") != doc.fields.get(
            "save_as"):
        key = "url" if "url" in doc.fields else "save_as"
        found.append(Problem(file, doc.line(key), key, "Save_as and Url differ",
                             "both given, and the same, such as 404.html"))
    return found


def scaffold_placeholders(doc):
    """Problems for every placeholder a scaffold left in a Markdown document."""
    return placeholder_problems(relative(doc.path), doc.text, front_matter_field_at(doc.text))


def oversized(path, settings):
    """A problem when the source at `path` is larger than EDITORIAL_SOURCE_MAX_BYTES (it is then
    not read at all), else None."""
    limit = settings["EDITORIAL_SOURCE_MAX_BYTES"]
    size = os.path.getsize(path)
    if size <= limit:
        return None
    return Problem(relative(path), 0, "file", f"is {size:,} bytes long",
                   f"a source of at most {limit:,} bytes (EDITORIAL_SOURCE_MAX_BYTES)")


def check_editorial_content(settings):
    """(problems, counts) for every article and page under content/."""
    root = settings["PATH"]
    categories, problems = load_categories(settings)
    articles = markdown_files(root, settings["ARTICLE_PATHS"])
    pages = markdown_files(root, settings["PAGE_PATHS"])
    slugs = {}
    # every link under content/ (before anything is read: nothing is read through one)
    problems += symlink_problems(root)
    problems += other_format_problems(root, settings["ARTICLE_PATHS"]
                                      + settings["PAGE_PATHS"])
    problems += static_problems(settings)
    problems += translation_file_problems(articles + pages, settings)  # <slug>.<code>.md
    for path in articles:
        if too_big := oversized(path, settings):
            problems.append(too_big)
            continue
        doc = read_document(path)
        problems += check_article(doc, categories, settings) + link_problems(doc, root, settings)
        problems += scaffold_placeholders(doc)
        slug = doc.fields.get("slug") or os.path.splitext(os.path.basename(path))[0]
        if slug in slugs:
            problems.append(Problem(relative(path), doc.line("slug"), "slug",
                                    f"{slug!r} is also the address of {slugs[slug]}",
                                    "an address no other article uses"))
        slugs.setdefault(slug, relative(path))
    for path in pages:
        if too_big := oversized(path, settings):
            problems.append(too_big)
            continue
        doc = read_document(path)
        problems += check_page(doc, settings) + link_problems(doc, root, settings)
        problems += scaffold_placeholders(doc)
    return sort_problems(problems), {"articles": len(articles), "pages": len(pages)}
