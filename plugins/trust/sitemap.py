"""The entries of sitemap.xml: every listing, member and verify page, and Pelican's pages.

pelican-sitemap was tried and not used: it learns pages from the `content_written` signal and
takes `lastmod` from an article's or page's date, so member pages (which are neither) would get
the time of the build, which is neither the profile's modification date nor deterministic; it
also keeps module-level state between builds. The entries are computed here and rendered by the
theme's `sitemap.xml` template.
"""

import dataclasses
import datetime


@dataclasses.dataclass(frozen=True)
class SitemapEntry:
    url: str        # path from the site root, as in templates: "providers/acme/"
    lastmod: str | None = None  # YYYY-MM-DD, or None when the page has no modification date


def profile_modified(member):
    """When staff last reviewed the profile; its member-since date when it never was."""
    return (member.updated or member.member_since).isoformat()


def status_changed(member, as_of, expiring_days):
    """The last day on or before `as_of` on which one of the member's records changed status."""
    days = []
    for record in member.certifications:
        days += [record.issued,
                 record.expires - datetime.timedelta(days=expiring_days - 1),
                 record.expires + datetime.timedelta(days=1)]
    past = [day for day in days if day <= as_of]
    return max(past) if past else None


def _content_modified(content):
    date = getattr(content, "modified", None) or getattr(content, "date", None)
    return date.date().isoformat() if date else None


def sitemap_entries(directory, settings, contents=()):
    """Sorted, de-duplicated entries; `contents` are Pelican pages, articles and newsletter
    issues."""
    entries = {"": SitemapEntry("")}
    for url in directory.listing_urls:
        entries[url] = SitemapEntry(url)
    # listing pages of other plugins, when those plugins are on (their URL settings are set)
    for key in ("EDUCATION_URL", "NEWSLETTER_URL", "TAGS_URL", "AUTHORS_URL"):
        url = settings.get(key)
        if url:
            entries[url] = SitemapEntry(url)
    for facet in [*directory.services, *directory.countries]:
        entries[facet.url] = SitemapEntry(facet.url)
    for member in directory.members:
        modified = profile_modified(member)
        entries[member.url] = SitemapEntry(member.url, modified)
        # the verify page also changes when a record's status changes with the date
        changed = status_changed(member, directory.build_date, directory.expiring_days)
        verify = settings["VERIFY_URL"].format(slug=member.slug)
        entries[verify] = SitemapEntry(verify, max(modified, changed.isoformat() if changed
                                                   else modified))
    for content in contents:
        if getattr(content, "status", "published") == "published" and content.url:
            entries[content.url] = SitemapEntry(content.url, _content_modified(content))
    return [entries[url] for url in sorted(entries)]
