"""The Pelican generator for verify pages, badges, open data and the compare page.

It reads `context['directory']`, which member_profiles' generator fills in its own
generate_context (so `trust` comes after `member_profiles` in PLUGINS). Everything is computed in
generate_context and published in the context as `trust`, so that pages written by other
generators (the profile page's embed snippet) can use it; generate_output only writes.
"""

import dataclasses
import logging
import os

from outputs import registry
from pelican.generators import Generator
from records.signatures import SIGNED_BYTES
from validation.yamlsafe import load_yaml

from .badge import make_badge
from .export import (collection_document, keys_document, member_document, provider_record,
                     to_csv, to_json)
from .history import GitHistory, member_history

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
    histories: dict    # slug -> trust.history.MemberHistory
    records: list      # public records, directory order
    compare_url: str
    providers_json_url: str
    providers_csv_url: str
    signing_keys_url: str

    def link(self, member):
        return self.links[member.slug]

    def badge(self, member):
        return self.badges[member.slug]

    def history(self, member):
        return self.histories[member.slug]


def _profile_data(data):
    """A past version of a profile (bytes) as data, read with the same safe loader."""
    return load_yaml(data)[0]


class TrustGenerator(Generator):
    """Verify pages, badges, JSON and CSV exports and the compare page."""

    def generate_context(self):
        directory = self.context.get("directory")
        if directory is None:
            logger.error("trust: no member directory in the context; expected the "
                         "member_profiles plugin before trust in PLUGINS")
            self.trust = None
            return
        settings, siteurl = self.settings, self.settings["SITEURL"]
        max_width = settings["BADGE_NAME_MAX_WIDTH"]
        association = settings.get("ASSOCIATION_NAME", settings["SITENAME"])
        contact = settings["CONTACT_URL"]
        # One git read for the whole providers folder, never one per member.
        change_log = GitHistory(directory.providers_folder, _profile_data).read()
        links, badges, histories, records = {}, {}, {}, []
        for member in directory.members:
            link = MemberLinks(
                verify=settings["VERIFY_URL"].format(slug=member.slug),
                badge=settings["BADGE_URL"].format(slug=member.slug),
                json=settings["PROVIDER_JSON_URL"].format(slug=member.slug),
                contact=f"{contact}?member={member.slug}",
            )
            links[member.slug] = link
            badges[member.slug] = make_badge(member, directory.build_date, association, max_width)
            history = member_history(member.certifications, directory.build_date, change_log,
                                     os.path.basename(member.source))
            histories[member.slug] = history
            records.append(provider_record(member, dataclasses.asdict(link), siteurl, history))
        self.trust = Trust(
            links=links, badges=badges, histories=histories, records=records,
            compare_url=settings["COMPARE_URL"],
            providers_json_url=settings["PROVIDERS_JSON_URL"],
            providers_csv_url=settings["PROVIDERS_CSV_URL"],
            signing_keys_url=settings["SIGNING_KEYS_URL"],
        )
        self.context["trust"] = self.trust

    def _render(self, writer, save_as, template, url, **kwargs):
        writer.write_file(
            save_as, template, self.context, relative_urls=self.settings["RELATIVE_URLS"],
            url=url, page_name=os.path.splitext(save_as)[0], **kwargs,
        )

    def _write_text(self, save_as, text):
        target = registry(self.context).claim(save_as, f"trust: {save_as}")
        if target:
            with open(target, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)

    def generate_output(self, writer):
        if self.trust is None:
            return
        directory, settings = self.context["directory"], self.settings
        as_of = directory.build_date
        verify = self.get_template("verify")
        badge = self.env.get_template("badge.svg")
        for member, record in zip(directory.members, self.trust.records):
            links = self.trust.link(member)
            self._render(writer, settings["VERIFY_SAVE_AS"].format(slug=member.slug),
                         verify, links.verify, member=member, history=self.trust.history(member))
            self._render(writer, settings["BADGE_SAVE_AS"].format(slug=member.slug),
                         badge, links.badge, member=member, badge=self.trust.badge(member))
            self._write_text(settings["PROVIDER_JSON_SAVE_AS"].format(slug=member.slug),
                             to_json(member_document(record, as_of)))
        self._write_text(settings["PROVIDERS_JSON_SAVE_AS"],
                         to_json(collection_document(self.trust.records, as_of)))
        self._write_text(settings["PROVIDERS_CSV_SAVE_AS"],
                         to_csv(self.trust.records))
        self._write_text(settings["SIGNING_KEYS_SAVE_AS"],
                         to_json(keys_document(directory.keyring, SIGNED_BYTES)))
        self._render(writer, settings["COMPARE_SAVE_AS"],
                     self.get_template("compare"), self.trust.compare_url)
