"""The directory the templates browse: verified members, facets by service, country, industry
and language.

Other plugins read the members through this object, `context["directory"]`, which the
member_profiles generator publishes in its generate_context (so they come after it in PLUGINS);
they never import member_profiles' loading code or settings.
"""

import dataclasses
import datetime
import functools

import i18n

from . import settings as conf
from .status import STATUS_LABELS, STATUS_MEANINGS, published_rules


@dataclasses.dataclass
class Facet:
    """One service, country, industry or language with the verified members it lists."""

    kind: str
    slug: str
    label: str
    description: str
    url: str
    save_as: str
    members: list

    @property
    def count(self):
        return len(self.members)


@dataclasses.dataclass
class Directory:
    build_date: datetime.date
    expiring_days: int
    members: list
    verified: list
    newest: list
    services: list
    countries: list
    status_labels: dict
    status_meanings: dict
    status_rules: dict     # the rules table with the window and build date, for status.js
    listing_urls: list  # the directory's own pages: by name, newest, services, countries
    member_url: str     # PROVIDER_URL, a pattern with {slug}
    profile_slugs: frozenset  # the slug of every profile file, including any left out
    providers_folder: str     # PROVIDERS_PATH, absolute
    # The association's public signing keys (records.signatures.Keyring), for the certification
    # page and /.well-known/msp-directory-keys.json.
    keyring: object = None
    signatures_required: bool = False
    industries: list = dataclasses.field(default_factory=list)
    languages: list = dataclasses.field(default_factory=list)
    recent: list = dataclasses.field(default_factory=list)  # verified, newest certification first

    @property
    def facet_groups(self):
        """(kind, facets) of every facet, in the order pages show them."""
        return (("service", self.services), ("country", self.countries),
                ("industry", self.industries), ("language", self.languages))

    @functools.cached_property
    def service_facets(self):
        return {facet.slug: facet for facet in self.services}

    @functools.cached_property
    def country_facets(self):
        return {facet.slug.upper(): facet for facet in self.countries}

    @functools.cached_property
    def industry_facets(self):
        return {facet.slug: facet for facet in self.industries}

    @functools.cached_property
    def language_facets(self):
        return {facet.slug: facet for facet in self.languages}

    def by_slug(self, slug):
        return next((m for m in self.members if m.slug == slug), None)


def _facet(kind, slug, label, description, members, settings):
    prefix = kind.upper()
    return Facet(kind=kind, slug=slug, label=label, description=description,
                 url=settings[f"{prefix}_URL"].format(slug=slug),
                 save_as=settings[f"{prefix}_SAVE_AS"].format(slug=slug), members=members)


def build_directory(profile_set, settings):
    """Arrange loaded providers into listing and facet pages (members stay sorted by name)."""
    members = profile_set.providers
    verified = [m for m in members if m.verified]
    text = i18n.translations(settings)  # the build's language: statuses and facet descriptions
    newest = sorted(verified, key=lambda m: (m.member_since, m.sort_name), reverse=True)
    # newest certification first; a stable sort keeps members of one day in name order
    recent = sorted(verified, key=lambda m: m.certified_on, reverse=True)
    # Every industry of the vocabulary gets a page (possibly empty), like every service; its
    # members in one pass.
    by_industry = {term_id: [] for term_id in profile_set.industries}
    for member in verified:
        for term_id in dict.fromkeys(term.id for term in member.industries):
            by_industry[term_id].append(member)
    industries = [
        _facet("industry", term.id, term.label, term.description, by_industry[term.id], settings)
        for term in profile_set.industries.values()
    ]
    # Every language any member names gets a page, like every country.
    spoken = {}
    for member in members:
        for spoken_language in member.languages:
            listed = spoken.setdefault(spoken_language, [])
            if member.verified:
                listed.append(member)
    languages = [
        _facet("language", item.code, i18n.language_name(settings, item),
               text.gettext("Verified members that serve clients in %(language)s.")
               % {"language": i18n.language_name(settings, item)}, listed, settings)
        for item, listed in sorted(spoken.items(),
                                   key=lambda entry: i18n.language_name(settings, entry[0]))
    ]
    services = []
    # members by service, in one pass (a member naming a service twice is listed once)
    by_service = {term_id: [] for term_id in profile_set.services}
    for member in verified:
        for term_id in dict.fromkeys(term.id for term in member.services):
            by_service[term_id].append(member)
    for term in profile_set.services.values():
        services.append(Facet(
            kind="service", slug=term.id, label=term.label, description=term.description,
            url=settings["SERVICE_URL"].format(slug=term.id),
            save_as=settings["SERVICE_SAVE_AS"].format(slug=term.id),
            members=by_service[term.id],
        ))
    # Every country any member names gets a page (possibly empty), so links never dangle.
    countries = {}
    for member in members:
        for place in dict.fromkeys([member.country, *member.service_areas]):
            listed = countries.setdefault(place, [])
            if member.verified:
                listed.append(member)
    country_facets = [
        Facet(
            kind="country", slug=place.code.lower(), label=i18n.country_name(settings, place),
            description=text.gettext("Verified members based in or serving %(country)s.")
            % {"country": i18n.country_name(settings, place)},
            url=settings["COUNTRY_URL"].format(slug=place.code.lower()),
            save_as=settings["COUNTRY_SAVE_AS"].format(slug=place.code.lower()),
            members=listed,
        )
        for place, listed in sorted(countries.items(),
                                    key=lambda item: i18n.country_name(settings, item[0]))
    ]
    return Directory(
        build_date=profile_set.build_date,
        expiring_days=conf.expiring_days(settings),
        members=members,
        verified=verified,
        newest=newest,
        services=services,
        countries=country_facets,
        status_labels={status: text.gettext(label) for status, label in STATUS_LABELS.items()},
        status_meanings={status: text.gettext(meaning)
                         for status, meaning in STATUS_MEANINGS.items()},
        status_rules=published_rules(conf.expiring_days(settings), profile_set.build_date)
        | {"labels": {status: text.gettext(label) for status, label in STATUS_LABELS.items()}},
        listing_urls=[settings[key] for key in ("DIRECTORY_URL", "DIRECTORY_NEWEST_URL",
                                                "DIRECTORY_RECENT_URL", "SERVICES_URL",
                                                "COUNTRIES_URL", "INDUSTRIES_URL",
                                                "LANGUAGES_URL")],
        member_url=settings["PROVIDER_URL"],
        profile_slugs=profile_set.profile_slugs,
        providers_folder=profile_set.providers_folder,
        keyring=profile_set.keyring,
        signatures_required=profile_set.signatures_required,
        industries=industries,
        languages=languages,
        recent=recent,
    )
