"""Provider profiles: the data types the templates see, and loading them from YAML files.

A `Provider` has no field for the profile's `private:` mapping: it is dropped while loading, so
no template, index or export can reach it.
"""

import dataclasses
import datetime
import hashlib
import os
import re

import pycountry
from batch_render import fork_map
from i18n.content import profile_text, schema_language_problems, translated_language
from records import keyring as record_keyring
from records import registry as record_registry
from records import settings as record_conf
from records.checker import signature_checker
from safe_markup import render_markdown
from validation.dates import parse_date
from validation.paths import SLUG, relative, symbolic_links, symlink_problems
from validation.placeholders import (MARKER, PlaceholderProblem, placeholder_lines,
                                     placeholder_problems, yaml_field_at)
from validation.problems import Problem, line_of
from validation.schema import load_schema, read_data_file, text_rule_problems
from validation.text import comparable_name
from validation.yamlsafe import YamlProblem, read_yaml_source

from . import settings as conf
from .cache import dumps as cache_dumps
from .checks import ProfileValidator
from .logos import LOGO_EXPECTED, logo_problems, read_logo
from .status import VALID_STATUSES, certification_status, member_status
SOCIAL_LABELS = {
    "linkedin": "LinkedIn", "mastodon": "Mastodon", "bluesky": "Bluesky", "youtube": "YouTube",
    "github": "GitHub", "x": "X", "facebook": "Facebook",
}


@dataclasses.dataclass(frozen=True)
class Term:
    """A vocabulary entry (service, standard or programme)."""

    id: str
    label: str
    description: str


@dataclasses.dataclass(frozen=True)
class Country:
    code: str
    name: str


@dataclasses.dataclass(frozen=True)
class Language:
    """A language a member serves its clients in (ISO 639-1)."""

    code: str
    name: str


@dataclasses.dataclass(frozen=True)
class Certification:
    standard: Term
    program: Term
    issued: datetime.date
    expires: datetime.date
    report_id: str
    auditor: str
    status: str
    # The association's verified signature (records.signatures.RecordSignature), or None when the
    # record is unsigned and the build only warns about that (development builds).
    signature: object = None
    # records.revocations.Revocation when the association withdrew or suspended the record (its
    # status is then `withdrawn` or `suspended`), else None.
    revocation: object = None


@dataclasses.dataclass(frozen=True)
class SocialLink:
    network: str
    label: str
    url: str


@dataclasses.dataclass
class Provider:
    slug: str
    source: str
    name: str
    sort_name: str
    summary: str
    description: str
    website: str
    logo: str | None
    city: str
    region: str | None
    country: Country
    service_areas: list
    services: list
    industries: list  # Terms of the vocabulary's industries
    company_size: str | None
    founded: int | None
    member_since: datetime.date
    ethics_signed: datetime.date
    updated: datetime.date | None
    certifications: list
    contact: dict
    social: list
    status: str
    url: str = ""
    save_as: str = ""
    logo_url: str | None = None
    logo_save_as: str | None = None
    languages: list = dataclasses.field(default_factory=list)  # Language, in profile order
    # {field: language} of the summary or description shown untranslated (plugins/i18n)
    text_lang: dict = dataclasses.field(default_factory=dict)

    @property
    def verified(self):
        return self.status in VALID_STATUSES

    @property
    def valid_until(self):
        """Latest expiry among records in force, or None when none is."""
        dates = [c.expires for c in self.certifications if c.status in VALID_STATUSES]
        return max(dates) if dates else None

    @property
    def last_expiry(self):
        return max(c.expires for c in self.certifications)

    @property
    def certified_on(self):
        """Issue date of the newest record in force (the "recently certified" order), or None."""
        dates = [c.issued for c in self.certifications if c.status in VALID_STATUSES]
        return max(dates) if dates else None


@dataclasses.dataclass
class ProfileSet:
    """Everything one load produced: the good profiles, the vocabulary, and every problem."""

    providers: list
    problems: list
    services: dict
    build_date: datetime.date
    providers_folder: str = ""  # PROVIDERS_PATH, absolute
    profile_slugs: frozenset = frozenset()  # the file name of every profile, good or not
    # Signature problems a development build warns about instead of refusing (RECORD_SIGNATURES).
    unsigned: list = dataclasses.field(default_factory=list)
    keyring: object = None
    signatures_required: bool = False
    industries: dict = dataclasses.field(default_factory=dict)  # the vocabulary's, by id


def country(code):
    record = pycountry.countries.get(alpha_2=code)
    name = getattr(record, "common_name", None) or record.name
    return Country(code=code, name=name)


def language(code):
    record = pycountry.languages.get(alpha_2=code)
    return Language(code=code, name=getattr(record, "common_name", None) or record.name)


VOCABULARY_KINDS = ("services", "industries", "standards", "programs")


def load_vocabulary(path, language=None):
    """(vocabulary, problems): {kind: {id: Term}} from vocabulary.yaml, checked against the
    schema beside it. Entries that pass are used even when others have problems. With a
    `language`, a term's label and description are its `translations[language]` where it has
    them (the site in that language), else the file's own."""
    data, lines, problems = read_data_file(path, "PROVIDER_VOCABULARY_PATH",
                                           "services, industries, standards and programs, each a list of "
                                           "{id, label, description}")
    vocabulary = {}
    for kind in VOCABULARY_KINDS:
        vocabulary[kind] = {}
        entries = data.get(kind) if isinstance(data, dict) else None
        for index, term in enumerate(entries if isinstance(entries, list) else []):
            if not (isinstance(term, dict) and isinstance(term.get("id"), str)):
                continue  # reported by the schema
            if term["id"] in vocabulary[kind]:
                problems.append(Problem(relative(path), line_of(lines, (kind, index, "id")),
                                        f"{kind}[{index}].id", f"'{term['id']}' is listed twice",
                                        f"each {kind} id once"))
                continue
            # a term with a bad label is still known by its id (the problem is reported above),
            # so profiles naming it are not reported as well
            label, description = term.get("label"), term.get("description")
            translated = (term.get("translations") or {}).get(language) if language else None
            if isinstance(translated, dict):
                label = translated.get("label") if isinstance(translated.get("label"), str) else label
                description = (translated.get("description")
                               if isinstance(translated.get("description"), str) else description)
            vocabulary[kind][term["id"]] = Term(
                term["id"], label if isinstance(label, str) else term["id"],
                description if isinstance(description, str) else "")
    return vocabulary, problems


def profile_files(folder):
    """Profile files of a folder, sorted; .yaml and .yml both count so a clash can be reported."""
    # listdir, not glob: a hidden `.name.yaml` must be reported, not silently skipped
    return sorted(os.path.join(folder, name) for name in os.listdir(folder)
                  if name.endswith((".yaml", ".yml")))


def build_provider(slug, source, data, vocabulary, as_of, expiring_days, settings,
                   signatures=None, revocations=None):
    """A Provider from validated data; `private` is not carried over.

    `signatures` holds the verified signature of each record (or None), in profile order;
    `revocations` each record's Revocation (withdrawn or suspended) or None.
    """
    certifications = []
    signatures = signatures or [None] * len(data["certifications"])
    revocations = revocations or [None] * len(data["certifications"])
    for record, signature, revocation in zip(data["certifications"], signatures, revocations):
        issued, expires = parse_date(record["issued"]), parse_date(record["expires"])
        certifications.append(Certification(
            standard=vocabulary["standards"][record["standard"]],
            program=vocabulary["programs"][record["program"]],
            issued=issued, expires=expires,
            report_id=record["report_id"], auditor=record["auditor"],
            status=revocation.status if revocation else certification_status(
                issued, expires, as_of, expiring_days),
            signature=signature, revocation=revocation,
        ))
    certifications.sort(key=lambda c: (c.expires, c.issued, c.report_id), reverse=True)
    headquarters = data["headquarters"]
    logo = data.get("logo")
    # in this run's language where the profile has it (plugins/i18n)
    text, text_lang = profile_text(data, settings)
    provider = Provider(
        slug=slug,
        source=source,
        name=data["name"].strip(),
        sort_name=comparable_name(data["name"]),
        summary=text["summary"].strip(),
        description=render_markdown(text.get("description", "")),
        website=data["website"],
        logo=logo,
        city=headquarters["city"],
        region=headquarters.get("region"),
        country=country(headquarters["country"]),
        service_areas=[country(code) for code in data["service_areas"]],
        services=[vocabulary["services"][term] for term in data["services"]],
        industries=[vocabulary["industries"][term] for term in data.get("industries", [])],
        company_size=data.get("company_size"),
        founded=data.get("founded"),
        member_since=parse_date(data["member_since"]),
        ethics_signed=parse_date(data["ethics_signed"]),
        updated=parse_date(data.get("updated")),
        certifications=certifications,
        contact={key: data["contact"][key] for key in ("email", "phone", "address")
                 if key in data["contact"]},
        social=[SocialLink(network, SOCIAL_LABELS[network], url)
                for network, url in sorted(data.get("social", {}).items())],
        status=member_status(c.status for c in certifications),
        languages=[language(code) for code in data.get("languages", [])],
        text_lang=text_lang,
    )
    provider.url = settings["PROVIDER_URL"].format(slug=slug)
    provider.save_as = settings["PROVIDER_SAVE_AS"].format(slug=slug)
    if logo:
        ext = os.path.splitext(logo)[1]
        provider.logo_save_as = settings["PROVIDER_LOGO_SAVE_AS"].format(slug=slug, ext=ext)
        provider.logo_url = provider.logo_save_as
    return provider


def _record_checks(settings, folder, program_ids):
    """(registry, signature checker, keyring, problems of the registry's own files)."""
    registry, problems = record_registry.load_registry(record_conf.auditors_path(settings),
                                                       program_ids)
    keyring, keyring_problems = record_keyring.load_keyring(record_conf.keyring_path(settings))
    # (the trust policy, from RECORD_* settings, and the revocation list: records.checker)
    checker, checker_problems = signature_checker(settings, keyring, folder)
    return (None if problems else registry), checker, keyring, (
        problems + keyring_problems + checker_problems)


def load_provider_profiles(settings, cache=None):
    """Load and check every profile; a profile with any problem is left out and reported.

    Per-file checks run first; then the registry rules, which look across all profiles (a report
    id used twice); then the association's signatures on the records of each good profile.

    `cache` (member_profiles.cache.MemberCache, incremental builds): `cache.reuse(path)` may
    return the member a previous build made from the same inputs (profile and signature file
    bytes, schema, vocabulary, registry, keyring, settings, build date), which then skips
    reading, per-file checks and signature checks, but not the checks across profiles (slug,
    name, report ids); `cache.keep(...)` is told what every member of this build needs for them.
    """
    folder = conf.providers_path(settings)
    logos = conf.logos_path(settings)
    as_of = conf.build_date(settings)
    expiring_days = conf.expiring_days(settings)
    max_bytes = settings["PROVIDER_MAX_BYTES"]
    schema = load_schema(conf.schema_path(settings))
    translation_problems = schema_language_problems(schema, conf.schema_path(settings), settings)
    vocabulary, problems = load_vocabulary(conf.vocabulary_path(settings),
                                           translated_language(settings))
    validator = ProfileValidator(
        schema, {kind: [{"id": key} for key in terms] for kind, terms in vocabulary.items()}
    )
    registry, checker, keyring, record_problems = _record_checks(settings, folder,
                                                                 set(vocabulary["programs"]))
    problems.extend(record_problems)
    problems.extend(translation_problems)
    providers, unsigned = [], []
    if not os.path.isdir(folder):
        problems.append(Problem(relative(folder), 0, "PROVIDERS_PATH",
                                "the folder does not exist", "a folder of <slug>.yaml profiles"))
        return ProfileSet([], problems, vocabulary["services"], as_of, folder, keyring=keyring,
                          signatures_required=checker.required,
                          industries=vocabulary["industries"])
    reader = _Reader(schema, validator, logos, max_bytes, checker, vocabulary, as_of,
                     expiring_days, settings)
    # A linked profile, signature or logo is reported and never read (validation.paths).
    problems.extend(symlink_problems(folder, logos))
    linked = set(symbolic_links(folder))
    paths = [path for path in profile_files(folder) if path not in linked]
    # The checks of one file, first: its name and slug, and whether the previous build's member
    # can be reused (then it is not read at all).
    first_file_of_slug, first = {}, []
    shown_folder = relative(folder)  # (relpath once, not once per file)
    for path in paths:
        source = os.path.join(shown_folder, os.path.basename(path))
        stem = os.path.basename(path).rsplit(".", 1)[0]
        slug = stem.lower()
        found = []
        if not SLUG.match(stem):
            found.append(Problem(source, 0, "file name", f"'{stem}' cannot be a permalink",
                                 "lowercase letters, digits and single hyphens, such as acme-it.yaml"))
        if slug in first_file_of_slug:
            found.append(Problem(source, 0, "slug",
                                 f"'{slug}' is also the slug of {first_file_of_slug[slug]}",
                                 "one profile file per slug"))
        else:
            first_file_of_slug[slug] = source
        entry = cache.reuse(path) if cache is not None and not found else None
        first.append((path, source, slug, found, entry))
    # Reading, validating and building every other member: in worker processes when many.
    read = read_profiles(reader, [path for path, *_, entry in first if entry is None],
                         settings.get("BUILD_WORKERS"))
    first_file_of_name = {}
    loaded = []  # (slug, source, data, lines, problems, entry, built) of every file that parsed
    for path, source, slug, found, entry in first:
        if entry is not None and entry.member.sort_name not in first_file_of_name:
            first_file_of_name[entry.member.sort_name] = source
            data, lines = entry.registry_view()
            loaded.append((slug, source, data, lines, found, entry, None))
            continue
        result = read[path] if path in read else reader.read(path)
        if isinstance(result, YamlProblem):
            problems.extend(found)
            problems.append(Problem(source, result.line or 0, "yaml", result.message,
                                    "a YAML mapping of profile fields (see providers/EXAMPLE.md)"))
            continue
        data, lines, read_found, name, built, read_digest = result
        if cache is not None:
            cache.was_read(path, read_digest)
        found.extend(read_found)
        if isinstance(name, str):
            key = comparable_name(name)
            if key in first_file_of_name:
                found.append(Problem(source, lines.get(("name",), 1), "name",
                                     f"'{name}' is also the name in {first_file_of_name[key]}",
                                     "a company name no other profile uses"))
            else:
                first_file_of_name[key] = source
        loaded.append((slug, source, data, lines, found, None, built))
    by_source = record_registry.registry_problems(
        ((source, data, lines) for _, source, data, lines, _, _, _ in loaded), registry, as_of
    ) if registry else {}
    for slug, source, data, lines, found, entry, built in loaded:
        found = found + by_source.get(source, [])
        if found:
            problems.extend(found)
            continue
        if entry is not None:
            # made from the same inputs as last time: its signature checks gave these
            signature_problems = entry.unsigned
            entry.member.source = source
            providers.append(entry.member)
        else:
            # (a file without problems of its own was built where it was read)
            signature_problems, provider = built
            if provider is None:
                problems.extend(signature_problems)
                continue
            providers.append(provider)
        unsigned.extend(signature_problems)
        if cache is not None:
            cache.keep(source, data, lines, signature_problems)
    providers.sort(key=lambda p: (p.sort_name, p.slug))
    slugs = frozenset(os.path.splitext(os.path.basename(path))[0] for path in paths)
    return ProfileSet(providers, problems, vocabulary["services"], as_of, folder, slugs,
                      unsigned=unsigned, keyring=keyring, signatures_required=checker.required,
                      industries=vocabulary["industries"])


def read_profiles(reader, paths, workers=None):
    """{path: reader.read(path)} for every path, read in worker processes when there are many
    (BUILD_WORKERS); members come back pickled as the member cache keeps them."""
    return dict(zip(paths, fork_map(reader.read, paths, workers, dumps=cache_dumps)))


class _Reader:
    """Reads, checks and builds one profile: what every file needs, made once per build (and
    inherited by forked workers, never pickled)."""

    def __init__(self, schema, validator, logos, max_bytes, checker, vocabulary, as_of,
                 expiring_days, settings):
        self.logo_pattern = schema["properties"]["logo"]["pattern"]
        self.validator = validator
        self.logos = logos
        self.max_bytes = max_bytes
        self.checker = checker
        self.vocabulary = vocabulary
        self.as_of = as_of
        self.expiring_days = expiring_days
        self.settings = settings

    def read(self, path):
        """(data, lines, problems, name, built, digest of the bytes read) of one file, or its
        YamlProblem; `data` and `lines` keep only what the checks across profiles read (the
        records, and the name's line). `built`:
        (signature problems, member or None) when the file has no problem of its own, else
        None; the checks across profiles may still leave the member out."""
        source = relative(path)
        try:
            data, lines, raw = read_yaml_source(path, self.max_bytes)
        except YamlProblem as error:
            return error
        found = list(self.validator.problems(source, data, lines))
        found.extend(text_rule_problems(source, data, lines, multiline={"description"}))
        if MARKER.encode() in raw:  # a scaffold's values, never filled in
            found.extend(placeholder_problems(source, raw.decode("utf-8"), yaml_field_at(lines)))
        name = None
        if isinstance(data, dict):
            found.extend(self._logo_problems(source, data, lines))
            name = data.get("name")
        built = None
        if not found:
            slug = os.path.basename(path).rsplit(".", 1)[0].lower()
            built = self.build(slug, source, data, lines)
        # What the checks across profiles need (the records and their lines, the name's line)
        # goes back, not the whole file's data: at 100,000 profiles read in worker processes,
        # the main process would otherwise hold every profile's data and line map at once.
        # And the digest of the very bytes the member was made from (member_profiles.cache).
        kept = {"certifications": data.get("certifications")} if isinstance(data, dict) else data
        kept_lines = {path: line for path, line in lines.items()
                      if path[:1] == ("certifications",) or path == ("name",)}
        return kept, kept_lines, found, name, built, hashlib.sha256(raw).digest()

    def _logo_problems(self, source, data, lines):
        logo = data.get("logo")
        if not (isinstance(logo, str) and re.fullmatch(self.logo_pattern, logo)):
            return
        logo_file = os.path.join(self.logos, logo)
        logo_line = lines.get(("logo",), 1)
        if not os.path.isfile(logo_file) or os.path.islink(logo_file):
            yield Problem(source, logo_line, "logo", f"no file {relative(logo_file)}",
                          f"the logo file in {relative(self.logos)}/")
            return
        logo_data = read_logo(logo_file)
        for text in logo_problems(logo_file, logo_data):
            yield Problem(source, logo_line, "logo", f"{relative(logo_file)}: {text}",
                          LOGO_EXPECTED)
        for _, instruction in placeholder_lines(logo_data.decode("utf-8", "replace")):
            # the scaffold's placeholder logo
            yield PlaceholderProblem(source, logo_line, "logo", "placeholder value",
                                     f"{instruction}, in {relative(logo_file)}")

    def build(self, slug, source, data, lines):
        """(signature problems, member), the member None when a signature is required and
        missing or wrong."""
        signatures, signature_problems = self.checker.check_member(slug, source, data, lines)
        if signature_problems and self.checker.required:
            return signature_problems, None
        revocations = [self.checker.revocation(slug, record["report_id"])
                       for record in data["certifications"]]
        return signature_problems, build_provider(
            slug, source, data, self.vocabulary, self.as_of, self.expiring_days, self.settings,
            signatures, revocations)
