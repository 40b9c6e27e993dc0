"""The Pelican generator for verify pages, badges, open data and the compare page.

It reads `context['directory']`, which member_profiles' generator fills in its own
generate_context (so `trust` comes after `member_profiles` in PLUGINS). Everything is computed in
generate_context and published in the context as `trust`, so that pages written by other
generators (the profile page's embed snippet) can use it; generate_output only writes.
"""

import dataclasses
import functools
import logging
import os
from pathlib import Path

import i18n
from batch_render import Batch, Lazy
from pelican.generators import Generator
from records.signatures import SIGNED_BYTES
from validation.yamlsafe import load_yaml

from .badge import ENGLISH, BadgeLanguage, make_badge, make_large_badge
from .export import (SCHEMA_FILES, collection_document, keys_document, member_document,
                     provider_record, to_csv, to_json)
from .history import GitHistory, member_history, translated_change

logger = logging.getLogger(__name__)

# The JSON Schemas of the open data files, published as they are (export.SCHEMA_FILES).
SCHEMAS_FOLDER = Path(__file__).parent / "schemas"


@dataclasses.dataclass(frozen=True)
class MemberLinks:
    verify: str
    badge: str
    badge_large: str
    json: str
    contact: str


@dataclasses.dataclass
class Trust:
    """What the templates see as `trust`."""

    links: dict        # slug -> MemberLinks
    histories: dict    # slug -> trust.history.MemberHistory
    badge_settings: tuple  # (build date, association, name's max width, verifier)
    siteurl: str
    compare_url: str
    providers_json_url: str
    providers_csv_url: str
    signing_keys_url: str
    schema_urls: dict = dataclasses.field(default_factory=dict)  # SCHEMA_FILES key -> address
    badge_language: BadgeLanguage = ENGLISH  # the build's language (badges are per language)

    def link(self, member):
        return self.links[member.slug]

    def badge(self, member):
        """The member's badge, made when asked (a page or a worker needs few of them at once:
        the main process never holds one per member)."""
        as_of, association, max_width, verifier = self.badge_settings
        return make_badge(member, as_of, association, max_width, verifier, self.badge_language)

    def large_badge(self, member):
        as_of, association, _, verifier = self.badge_settings
        return make_large_badge(member, as_of, association, verifier, self.badge_language)

    def history(self, member):
        return self.histories[member.slug]

    def change_text(self, text):
        """A change of a member's history (English in the open data) in the build's language."""
        return translated_change(text, self.badge_language.text)

    def words(self, text):
        """A string the trust plugin wrote (a history reason), in the build's language."""
        return self.badge_language.text.gettext(text)

    def record(self, member):
        """The public record of a member (trust.export), made where a file needs it: in the
        worker process that writes the member's JSON or the collection, never for a member
        whose files are unchanged."""
        link = self.links[member.slug]
        return provider_record(member, {"verify": link.verify, "badge": link.badge,
                                        "json": link.json}, self.siteurl,
                               self.histories[member.slug])

    def records(self, members):
        """The public records of `members` (the directory's list), in their order; made once
        per process for that list (the collection JSON and the CSV both ask)."""
        made = self.__dict__.get("_records")
        if made is None or made[0] is not members:
            made = self.__dict__["_records"] = (members, [self.record(m) for m in members])
        return made[1]


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
        verifier = settings["BADGE_ASSOCIATION"] or association
        contact = settings["CONTACT_URL"]
        # One git read for the whole providers folder, never one per member.
        change_log = GitHistory(directory.providers_folder, _profile_data).read()
        links, histories = {}, {}
        for member in directory.members:
            link = MemberLinks(
                verify=settings["VERIFY_URL"].format(slug=member.slug),
                badge=settings["BADGE_URL"].format(slug=member.slug),
                badge_large=settings["BADGE_LARGE_URL"].format(slug=member.slug),
                json=settings["PROVIDER_JSON_URL"].format(slug=member.slug),
                contact=f"{contact}?member={member.slug}",
            )
            links[member.slug] = link
            history = member_history(member.certifications, directory.build_date, change_log,
                                     os.path.basename(member.source))
            histories[member.slug] = history
        self.trust = Trust(
            links=links, histories=histories,
            badge_settings=(directory.build_date, association, max_width, verifier),
            siteurl=siteurl,
            compare_url=settings["COMPARE_URL"],
            providers_json_url=settings["PROVIDERS_JSON_URL"],
            providers_csv_url=settings["PROVIDERS_CSV_URL"],
            signing_keys_url=settings["SIGNING_KEYS_URL"],
            schema_urls={kind: f"{siteurl}/{settings['OPEN_DATA_SCHEMA_PATH']}{name}"
                         for kind, name in SCHEMA_FILES.items()},
            badge_language=BadgeLanguage(
                i18n.translations(settings), functools.partial(i18n.date_local, settings),
                f"{i18n.language(settings)}:pseudo={bool(settings.get('I18N_PSEUDO'))}"),
        )
        self.context["trust"] = self.trust

    def generate_output(self, writer):
        if self.trust is None:
            return
        directory, settings = self.context["directory"], self.settings
        as_of = directory.build_date
        batch = Batch(self, writer, "trust")
        # The two files of every member first: after any edit they are made again (each takes
        # the records of all members, made once per worker), so a worker starts on them while
        # the other links and renders the rest.
        batch.text(settings["PROVIDERS_JSON_SAVE_AS"], _collection_json,
                   self.trust, directory.members, as_of)
        batch.text(settings["PROVIDERS_CSV_SAVE_AS"], _collection_csv, self.trust,
                   directory.members)
        self.add_member_jobs(batch, directory.members)
        # One small file, made from the keyring file's entries: always written.
        batch.text(settings["SIGNING_KEYS_SAVE_AS"], _keys_json, directory.keyring,
                   self.trust.schema_urls["keys"])
        # The JSON Schemas the files above name in `$schema`: small, always written.
        for name in sorted(SCHEMA_FILES.values()):
            batch.text(settings["OPEN_DATA_SCHEMA_PATH"] + name, _schema_text, name)
        # The compare page shows the export addresses and the shell; members load in the browser.
        batch.page(settings["COMPARE_SAVE_AS"], self.get_template("compare"),
                   self.trust.compare_url)
        batch.run()

    def add_member_jobs(self, batch, members):
        """The four files of each of `members` alone: its verify page, its two badges and its
        JSON record (the build's, and make devserver's preview of the profiles just saved:
        plugins/dev_preview)."""
        directory, settings = self.context["directory"], self.settings
        as_of = directory.build_date
        verify = self.get_template("verify")
        badge = self.env.get_template("badge.svg")
        large_badge = self.env.get_template("badge-large.svg")
        # (looked up once: this loop makes four jobs per member)
        verify_as, badge_as = settings["VERIFY_SAVE_AS"], settings["BADGE_SAVE_AS"]
        large_as, json_as = settings["BADGE_LARGE_SAVE_AS"], settings["PROVIDER_JSON_SAVE_AS"]
        trust, links_of, histories = self.trust, self.trust.links, self.trust.histories
        for member in members:
            slug = member.slug
            links = links_of[slug]
            batch.page(verify_as.format(slug=slug), verify, links.verify,
                       member=member, history=histories[slug])
            batch.page(badge_as.format(slug=slug), badge, links.badge,
                       member=member, badge=Lazy(trust.badge, member))
            batch.page(large_as.format(slug=slug), large_badge, links.badge_large,
                       member=member, badge=Lazy(trust.large_badge, member))
            batch.text(json_as.format(slug=slug), _member_json, trust, member, as_of)


def _member_json(trust, member, as_of):
    return to_json(member_document(trust.record(member), as_of, trust.schema_urls["provider"]))


def _collection_json(trust, members, as_of):
    return to_json(collection_document(trust.records(members), as_of,
                                       trust.schema_urls["providers"]))


def _collection_csv(trust, members):
    return to_csv(trust.records(members))


def _keys_json(keyring, schema):
    return to_json(keys_document(keyring, SIGNED_BYTES, schema))


def _schema_text(name):
    return (SCHEMAS_FOLDER / name).read_text(encoding="utf-8")
