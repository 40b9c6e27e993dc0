"""The Pelican generator for MSP News: issue pages, their email copies, the archive and the feed."""

import dataclasses
import itertools
import logging
import os

from editorial.schedule import hold_back
from i18n.content import one_per_slug
from pelican.generators import Generator

from .emailcopy import inline_css
from .issues import Issue, NewMembers, check_issues, headline_items, window_start
from validation.problems import log_problems

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class YearOfIssues:
    year: int
    issues: list


class NewsletterGenerator(Generator):
    """Reads content/newsletter/*.md with Pelican's readers; writes pages, emails and a feed."""

    def generate_context(self):
        problems, _ = check_issues(self.settings)
        log_problems(logger, problems)
        issues = []
        for path in self.get_files(self.settings["NEWSLETTER_PATHS"]):
            try:
                issue = self.readers.read_file(base_path=self.path, path=path, content_class=Issue,
                                               context=self.context)
            except Exception as error:  # a reader error names the file; keep building the rest
                logger.error("newsletter: could not read %s: %s", path, error)
                self._add_failed_source_path(path)
                continue
            if not issue.is_valid():
                self._add_failed_source_path(path)
                continue
            self.add_source_path(issue)
            self.add_static_links(issue)
            if not str(getattr(issue, "number", "")).isdigit():
                continue  # reported by check_issues above; a devserver build goes on without it
            if issue.status == "published":
                with open(issue.source_path, encoding="utf-8") as handle:
                    issue.headlines = headline_items(handle.read())
                issues.append(issue)
        # one version of each issue: this run's language's, or the original (plugins/i18n)
        issues = one_per_slug(issues, self.settings)
        issues = hold_back(issues, self.settings)  # those dated after BUILD_DATE, until then
        issues.sort(key=lambda issue: issue.date)
        for index, issue in enumerate(issues):
            issue.number = int(issue.number)
            issue.previous_issue = issues[index - 1] if index else None
            issue.next_issue = issues[index + 1] if index + 1 < len(issues) else None
        self.issues = list(reversed(issues))  # newest first, as listed everywhere
        self.context["newsletter_issues"] = self.issues
        self.context["newsletter_years"] = [
            YearOfIssues(year, list(group))
            for year, group in itertools.groupby(self.issues, key=lambda issue: issue.date.year)
        ]

    def _attach_new_members(self):
        """Each issue's new members, from the directory (complete once every context is built)."""
        directory = self.context.get("directory")
        new_members = NewMembers(directory.members if directory else [])
        for issue in self.issues:
            until = issue.date.date()
            previous = issue.previous_issue.date.date() if issue.previous_issue else None
            issue.new_members = new_members(window_start(until, previous, self.settings), until)

    def _write(self, writer, save_as, template, url, **kwargs):
        writer.write_file(save_as, self.get_template(template), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], template_name=template,
                          url=url, page_name=os.path.splitext(save_as)[0], **kwargs)

    def generate_output(self, writer):
        self.env.filters["inline_css"] = inline_css
        self._attach_new_members()
        for issue in self.issues:
            self._write(writer, issue.save_as, issue.template, issue.url, issue=issue)
            self._write(writer, issue.email_save_as, "newsletter_email", issue.email_url,
                        issue=issue)
        self._write(writer, self.settings["NEWSLETTER_SAVE_AS"],
                    "newsletter_archive", self.settings["NEWSLETTER_URL"])
        feed = self.settings["NEWSLETTER_FEED_ATOM"]
        if feed:
            writer.write_feed(self.issues, self.context, feed, feed,
                              feed_title=self.settings["NEWSLETTER_NAME"])
