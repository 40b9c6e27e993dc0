"""The Pelican generator for verify pages, badges, open data, the compare page and sitemap.xml.

It reads `context['directory']`, which member_profiles' generator fills in its own
generate_context (so `trust` comes after `member_profiles` in PLUGINS). Everything is computed in
generate_context and published in the context as `trust`, so that pages written by other
generators (the profile page's embed snippet) can use it; generate_output only writes.
"""

import dataclasses
import logging

from batch_render import Batch
from member_profiles.directory import page_views
from pelican.generators import Generator

from . import settings as conf
from .badge import make_badge
from .export import collection_document, member_document, provider_record, to_csv, to_json
from .sitemap import sitemap_entries

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class MemberLinks:
    verify: str
    badge: str
    json: str
    contact: str


@dataclasses.dataclass
class Trust:
    """What the templates see as `trust`."""

    links: dict        # slug -> MemberLinks
    badges: dict       # slug -> Badge
    records: list      # public records, directory order
    compare_url: str
    providers_json_url: str
    providers_csv_url: str

    def link(self, member):
        return self.links[member.slug]

    def badge(self, member):
        return self.badges[member.slug]


def _name_max_width(settings):
    value = conf.setting(settings, "BADGE_NAME_MAX_WIDTH")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 40:
        default = conf.DEFAULTS["BADGE_NAME_MAX_WIDTH"]
        logger.warning("trust: BADGE_NAME_MAX_WIDTH: %r is not usable; expected a number of "
                       "pixels of at least 40; using %s", value, default)
        return default
    return value


class TrustGenerator(Generator):
    """Verify pages, badges, JSON and CSV exports, the compare page and sitemap.xml."""

    def generate_context(self):
        directory = self.context.get("directory")
        if directory is None:
            logger.error("trust: no member directory in the context; expected the "
                         "member_profiles plugin before trust in PLUGINS")
            self.trust = None
            return
        settings, siteurl = self.settings, self.settings["SITEURL"]
        max_width = _name_max_width(settings)
        association = settings.get("ASSOCIATION_NAME", settings["SITENAME"])
        contact = conf.setting(settings, "CONTACT_URL")
        links, badges, records = {}, {}, []
        for member in directory.members:
            link = MemberLinks(
                verify=conf.url_of(settings, "VERIFY_URL", slug=member.slug),
                badge=conf.url_of(settings, "BADGE_URL", slug=member.slug),
                json=conf.url_of(settings, "PROVIDER_JSON_URL", slug=member.slug),
                contact=f"{contact}?member={member.slug}",
            )
            links[member.slug] = link
            badges[member.slug] = make_badge(member, directory.build_date, association, max_width)
            records.append(provider_record(member, dataclasses.asdict(link), siteurl))
        self.trust = Trust(
            links=links, badges=badges, records=records,
            compare_url=conf.setting(settings, "COMPARE_URL"),
            providers_json_url=conf.setting(settings, "PROVIDERS_JSON_URL"),
            providers_csv_url=conf.setting(settings, "PROVIDERS_CSV_URL"),
        )
        self.context["trust"] = self.trust

    def generate_output(self, writer):
        if self.trust is None:
            return
        directory, settings = self.context["directory"], self.settings
        as_of = directory.build_date
        batch = Batch(self, writer, "trust")
        shape = page_views(directory)[0]
        verify = self.get_template("verify")
        badge = self.env.get_template("badge.svg")
        for member, record in zip(directory.members, self.trust.records):
            links = self.trust.link(member)
            batch.page(conf.url_of(settings, "VERIFY_SAVE_AS", slug=member.slug), verify,
                       links.verify, views={"directory": shape, "trust": repr(links)},
                       member=member)
            batch.page(conf.url_of(settings, "BADGE_SAVE_AS", slug=member.slug), badge,
                       links.badge, member=member, badge=self.trust.badge(member))
            # A record is made from its member, the settings and the build date.
            batch.text(conf.url_of(settings, "PROVIDER_JSON_SAVE_AS", slug=member.slug),
                       _member_json, record, as_of, inputs=_inputs_of([member], as_of))
        everyone = _inputs_of(directory.members, as_of)
        batch.text(conf.setting(settings, "PROVIDERS_JSON_SAVE_AS"), _collection_json,
                   self.trust.records, as_of, inputs=everyone)
        batch.text(conf.setting(settings, "PROVIDERS_CSV_SAVE_AS"), to_csv, self.trust.records,
                   inputs=everyone)
        # The compare page shows the export addresses and the shell; members load in the browser.
        batch.page(conf.setting(settings, "COMPARE_SAVE_AS"), self.get_template("compare"),
                   self.trust.compare_url, views={"directory": shape, "trust": repr((
                       self.trust.compare_url, self.trust.providers_json_url,
                       self.trust.providers_csv_url))})
        contents = [*self.context.get("pages", []), *self.context.get("articles", []),
                    *self.context.get("newsletter_issues", [])]
        batch.page(conf.setting(settings, "SITEMAP_SAVE_AS"), self.env.get_template("sitemap.xml"),
                   "sitemap.xml", entries=sitemap_entries(directory, settings, contents))
        batch.run()


def _inputs_of(members, as_of):
    """What records of `members` are made from, or None when a member's inputs are unknown."""
    digests = [getattr(member, "input_digest", None) for member in members]
    return None if None in digests else f"{as_of} {' '.join(digests)}"


def _member_json(record, as_of):
    return to_json(member_document(record, as_of))


def _collection_json(records, as_of):
    return to_json(collection_document(records, as_of))
