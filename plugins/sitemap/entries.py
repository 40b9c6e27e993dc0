"""The entries of sitemap.xml: every listing, member and verify page, and Pelican's pages.

Plain functions over the member directory and Pelican's content objects; nothing here imports
Pelican or another plugin.
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


def sitemap_entries(directory, verify_urls, listing_urls=(), contents=()):
    """Sorted, de-duplicated entries.

    `directory` is member_profiles' Directory (or None); `verify_urls` maps a member's slug to
    its verify page; `listing_urls` are other plugins' listing pages; `contents` are Pelican
    pages, articles and newsletter issues.
    """
    entries = {"": SitemapEntry("")}
    for url in [*(directory.listing_urls if directory else ()), *listing_urls]:
        if url:
            entries[url] = SitemapEntry(url)
    if directory is not None:
        for facet in [facet for _, facets in directory.facet_groups for facet in facets]:
            entries[facet.url] = SitemapEntry(facet.url)
        for member in directory.members:
            modified = profile_modified(member)
            entries[member.url] = SitemapEntry(member.url, modified)
            # the verify page also changes when a record's status changes with the date
            verify = verify_urls.get(member.slug)
            if verify:
                changed = status_changed(member, directory.build_date, directory.expiring_days)
                entries[verify] = SitemapEntry(verify, max(modified, changed.isoformat()
                                                           if changed else modified))
    for content in contents:
        if getattr(content, "status", "published") == "published" and content.url:
            entries[content.url] = SitemapEntry(content.url, _content_modified(content))
    return [entries[url] for url in sorted(entries)]
