"""MSP News issues: the content type, their checks, and the members new since the last issue."""

import bisect
import datetime
import os
import re

from editorial.frontmatter import read_document
from editorial.files import other_format_problems
from editorial.rules import field_problems, link_problems, markdown_files, scaffold_placeholders
from i18n.content import translation_file_problems
from pelican.contents import Content
from validation.dates import parse_date
from validation.paths import relative
from validation.problems import Problem, sort_problems


# (a translation: <date>.<language>.md, plugins/i18n)
FILE_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})(?:\.(?P<lang>[a-z]{2,3}))?\.md\Z")
HEADLINE = re.compile(r"##\s+(?P<text>[^#].*?)\s*#*\s*\Z")
FIELDS = {
    "title": "the issue's headline",
    "date": "the sending date, YYYY-MM-DD, the same as the file name",
    "number": "the issue number, a whole number one higher than the previous issue's",
    "summary": "one or two sentences for the archive and the feed",
    "status": "published, draft or hidden",
}
REQUIRED = ("title", "date", "number", "summary")


class Issue(Content):
    """One newsletter issue; its URLs come from NEWSLETTER_ISSUE_URL and _SAVE_AS."""

    mandatory_properties = ("title", "date", "number")
    allowed_statuses = ("published", "hidden", "draft")
    default_status = "published"
    default_template = "newsletter_issue"
    # Issues arrive by pull request like articles: safe_markup sanitises them.
    untrusted_markup = True
    search_type = "newsletter"

    def _expand_settings(self, key):
        # one address in every language's site ("lang_url" too: plugins/i18n)
        value = self.settings[f"NEWSLETTER_ISSUE_{key.upper().removeprefix('LANG_')}"]
        return str(value).format(**self.url_format)

    @property
    def email_save_as(self):
        return self.settings["NEWSLETTER_EMAIL_SAVE_AS"].format(**self.url_format)

    @property
    def email_url(self):
        return self.email_save_as


def headline_items(markdown_body):
    """The issue's headline items: its level-two (`## `) headings, in order."""
    items = []
    fenced = False
    for line in markdown_body.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        match = None if fenced else HEADLINE.match(line.strip())
        if match:
            items.append(match["text"])
    return items


class NewMembers:
    """`members` sorted once, oldest first (by member_since, then name); called with a window,
    those whose member_since is after `since` and on or before `until`, found by bisection
    (every issue asks: a scan of 10,000 members per issue took 0.4 s of an incremental build)."""

    def __init__(self, members):
        self.members = sorted(members, key=lambda m: (m.member_since, m.sort_name))
        self.dates = [member.member_since for member in self.members]

    def __call__(self, since, until):
        start = bisect.bisect_right(self.dates, since)
        return self.members[start:bisect.bisect_right(self.dates, until)]


def check_issues(settings):
    """(problems, count) for every issue file: fields, file name, numbering, links."""
    root = settings["PATH"]
    problems, numbered = [], []
    paths = markdown_files(root, settings["NEWSLETTER_PATHS"])
    problems += other_format_problems(root, settings["NEWSLETTER_PATHS"])
    for path in paths:
        doc = read_document(path)
        file = relative(path)
        problems += (field_problems(doc, FIELDS, REQUIRED, settings)
                     + link_problems(doc, root, settings) + scaffold_placeholders(doc))
        name = FILE_NAME.match(os.path.basename(path))
        date = parse_date(doc.fields.get("date"), with_time=True)
        if not name:
            problems.append(Problem(file, 0, "file name", "is not the issue's date",
                                    "a file named YYYY-MM-DD.md after the sending date"))
        elif date and name[1] != date.isoformat():
            problems.append(Problem(file, doc.line("date"), "date",
                                    f"{date} differs from the file name {name[1]}",
                                    "the same date in the file name and the Date field"))
        number = doc.fields.get("number", "")
        if name and name["lang"]:  # a translation: numbered as the issue it translates
            problems += translation_file_problems([path], settings)
            continue
        if number and not number.isdigit() or number == "0":
            problems.append(Problem(file, doc.line("number"), "number",
                                    f"{number!r} is not an issue number", FIELDS["number"]))
        elif number and date:
            numbered.append((date, int(number), file, doc.line("number")))
    numbered.sort()
    for previous, current in zip(numbered, numbered[1:]):
        if current[1] != previous[1] + 1:
            problems.append(Problem(current[2], current[3], "number",
                                    f"issue {current[1]} follows issue {previous[1]} "
                                    f"({previous[2]})",
                                    f"number {previous[1] + 1}: issues are numbered in date "
                                    "order without gaps"))
    return sort_problems(problems), len(paths)


def window_start(issue_date, previous_date, settings):
    if previous_date is not None:
        return previous_date
    days = settings["NEWSLETTER_FIRST_ISSUE_WINDOW_DAYS"]
    return issue_date - datetime.timedelta(days=days)
