"""Synthetic member profiles that vary the way real ones do, for benchmarks and scale tests.

Names, towns, regions and summaries are drawn from large made-up vocabularies (syllables joined
by per-language rules, a few hundred service phrases), with a skewed distribution so that some
words are common and most are rare, as in a real directory. Every profile is valid against
`providers/schema.json` and the sample vocabulary. The same seed and count always give the same
profiles, so benchmarks and scale tests are reproducible.

Used by `make bench`, `make bench-search` and `make test-scale`; it imports nothing from Pelican.
"""

import datetime
import json
import os
import random
import shutil

SERVICES = ("managed-it", "cybersecurity", "backup-recovery", "cloud-management",
            "network-management", "compliance", "voip", "help-desk", "vcio", "microsoft-365",
            "data-analytics", "print-management")
# Weighted towards the countries where the association has most members.
COUNTRIES = (("GB", 9), ("US", 9), ("DE", 6), ("NO", 4), ("SE", 4), ("DK", 3), ("FI", 2),
             ("NL", 4), ("FR", 4), ("ES", 3), ("IE", 2), ("CA", 4), ("NZ", 2), ("AU", 3),
             ("JP", 2), ("IT", 3), ("PL", 2), ("PT", 2), ("AT", 2), ("CH", 2), ("BE", 2),
             ("IS", 1), ("EE", 1), ("CZ", 1), ("MX", 2), ("BR", 2), ("ZA", 1), ("SG", 1))
AUDITORS = ("Bellwether Conformity Ltd", "Castellan Review Group",
            "Halvorsen & Brandt Assurance", "Northgate Audit Partners",
            "Vireo Certification Services")
SIZES = ("1-10", "11-50", "51-200", "201-500", "501-1000", "1000+")
# Industry ids of content/data/vocabulary.yaml (the profile schema accepts no others).
INDUSTRIES = (
    "accounting-finance", "agriculture-food", "construction-property", "education",
    "energy-utilities", "healthcare", "hospitality-tourism", "legal", "logistics-transport",
    "manufacturing", "media-technology", "non-profit", "professional-services", "public-sector",
    "retail",
)
# Languages (ISO 639-1) a member in each country serves clients in; English is added at random.
LANGUAGES = {"GB": "en", "US": "en", "DE": "de", "NO": "no", "SE": "sv", "DK": "da", "FI": "fi",
             "NL": "nl", "FR": "fr", "ES": "es", "IE": "en", "CA": "en", "NZ": "en", "AU": "en",
             "JP": "ja", "IT": "it", "PL": "pl", "PT": "pt", "AT": "de", "CH": "de", "BE": "nl",
             "IS": "is", "EE": "et", "CZ": "cs", "MX": "es", "BR": "pt", "ZA": "en", "SG": "en"}
# Syllables per language family: names sound plausible without naming real companies or towns.
SYLLABLES = {
    "nordic": ("fjor", "dal", "vik", "sund", "berg", "strand", "holm", "lund", "nes", "by",
               "heim", "ås", "øy", "ly", "skog", "vann", "stad", "rud", "mark", "tun", "bø",
               "kvist", "fjell", "lia", "gard"),
    "germanic": ("wald", "hof", "bach", "burg", "stein", "feld", "au", "brück", "tal", "dorf",
                 "hain", "kirch", "mühl", "horn", "eck", "hausen", "lin", "gen", "ried", "sol"),
    "romance": ("val", "mont", "riva", "bel", "cas", "sol", "mar", "ter", "lu", "ca", "sa",
                "vel", "ora", "ria", "lino", "nova", "pra", "do", "fiore", "chi", "gia", "ros"),
    "english": ("ash", "brook", "ford", "ham", "ley", "ton", "well", "wick", "stow", "bury",
                "field", "mere", "cliff", "dale", "wood", "stone", "thorn", "kings", "mill",
                "hurst", "combe", "pen", "moor", "hollow", "gate"),
    "japanese": ("ka", "mi", "ta", "na", "sa", "ki", "ha", "ya", "shi", "to", "mo", "ri",
                 "ko", "ne", "su", "ga", "wa", "ku"),
    "slavic": ("bor", "gora", "mir", "vod", "kra", "sla", "nov", "grad", "wice", "pol",
               "ska", "lesz", "dub", "chow", "zno", "rok"),
}
FAMILY = {
    "NO": "nordic", "SE": "nordic", "DK": "nordic", "FI": "nordic", "IS": "nordic",
    "EE": "nordic", "DE": "germanic", "AT": "germanic", "CH": "germanic", "NL": "germanic",
    "BE": "germanic", "FR": "romance", "ES": "romance", "IT": "romance", "PT": "romance",
    "MX": "romance", "BR": "romance", "JP": "japanese", "PL": "slavic", "CZ": "slavic",
}
COMPANY_SUFFIX = {
    "nordic": ("AS", "AB", "ApS", "Oy", "IT", "Drift", "Data"),
    "germanic": ("GmbH", "IT-Service", "Systemhaus", "BV", "AG", "Informatik"),
    "romance": ("SL", "SARL", "Srl", "Lda", "Informática", "Sistemas", "SAS"),
    "english": ("Ltd", "IT", "Technology", "Networks", "Managed Services", "Systems", "LLC",
                "Group", "Partners", "Solutions"),
    "japanese": ("KK", "Systems", "Tech"),
    "slavic": ("sp. z o.o.", "s.r.o.", "IT", "Systemy"),
}
NAME_WORDS = ("Harbour", "Beacon", "Cobalt", "Granite", "Lantern", "Meridian", "Northwind",
              "Pinecrest", "Quarry", "Redwing", "Saltmarsh", "Tidewater", "Upland", "Verdant",
              "Willow", "Yarrow", "Anchor", "Bramble", "Cinder", "Driftwood", "Ember", "Foxglove",
              "Gullwing", "Heron", "Ironbark", "Juniper", "Kestrel", "Larch", "Marram", "Nettle",
              "Osprey", "Puffin", "Quill", "Rook", "Sorrel", "Teal", "Umber", "Vale", "Wren",
              "Alder", "Basalt", "Copper", "Dunlin", "Estuary", "Flint", "Garnet", "Hazel")
# Phrases of the summaries; a member's summary strings a few of them together.
OFFERS = (
    "patching and monitoring", "a staffed help desk", "tested backups", "endpoint protection",
    "firewall management", "Microsoft 365 administration", "cloud cost reviews",
    "incident response", "network upgrades", "hosted telephony", "compliance evidence",
    "IT budgeting", "device lifecycle planning", "identity and access reviews",
    "Wi-Fi surveys", "disaster recovery drills", "security awareness training",
    "vulnerability scanning", "data pipelines", "reporting dashboards", "printer fleets",
    "document scanning workflows", "server room moves", "zero-trust remote access",
    "email filtering", "licence audits", "on-site engineers", "virtual CIO sessions",
    "cyber insurance questionnaires", "password manager roll-outs", "laptop imaging",
    "SD-WAN links", "VoIP migrations", "SharePoint clean-ups", "Teams telephony",
    "backup restore tests", "ransomware tabletop exercises", "managed detection",
    "penetration test follow-up", "asset inventories", "GDPR records of processing",
    "ISO 27001 readiness", "Cyber Essentials preparation", "SOC 2 evidence collection",
)
CLIENTS = (
    "small accountancy firms", "family businesses", "dental practices", "law offices",
    "schools and colleges", "charities", "hotels", "manufacturers", "shipping agents",
    "estate agents", "local councils", "research groups", "retail chains", "clinics",
    "architects", "breweries", "farms and co-operatives", "engineering consultancies",
    "start-ups", "museums", "sports clubs", "care homes", "logistics depots", "pharmacies",
)
OPENERS = ("Independent provider of", "Local team offering", "Long-standing partner for",
           "Certified specialists in", "Friendly engineers providing", "Trusted source of",
           "Regional experts in", "Hands-on support with")


def _gazetteer_places():
    """{place of content/data/gazetteer.yaml, compared as the build compares names: its
    countries}."""
    from validation.text import comparable_name
    from validation.yamlsafe import load_yaml

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.join(root, "content", "data", "gazetteer.yaml")
    if not os.path.exists(path):
        return {}
    with open(path, "rb") as handle:
        data = load_yaml(handle.read())[0]
    places = {}
    for entry in data.get("countries", []):
        for place in entry.get("places", []):
            if isinstance(place, str):
                places.setdefault(comparable_name(place), set()).add(entry.get("country"))
    return places


def _refused(name, country, places):
    """Whether the build refuses a place of the gazetteer for this member's name: the whole
    name or all but its last word is a place, or its first word a place of another country."""
    from validation.text import comparable_name

    whole = comparable_name(name)
    return (whole in places or whole.rsplit(" ", 1)[0] in places
            or bool(places.get(whole.split(" ", 1)[0], set()) - {country}))


def _weighted(rng, pairs):
    items, weights = zip(*pairs)
    return rng.choices(items, weights=weights)[0]


def _zipf(rng, items, skew=1.1):
    """An item where early ones are common and late ones rare."""
    weights = [1 / (rank + 1) ** skew for rank in range(len(items))]
    return rng.choices(items, weights=weights)[0]


def _coined(rng, family, parts=2):
    syllables = SYLLABLES[family]
    word = "".join(rng.choice(syllables) for _ in range(parts))
    return word[:1].upper() + word[1:]


class SyntheticDirectory:
    """Deterministic synthetic members: `profile(number)` is the same for the same seed."""

    def __init__(self, seed=2026, as_of=datetime.date(2026, 11, 29)):
        self.seed = seed
        self.as_of = as_of
        towns = random.Random(seed)
        # A few hundred towns per country: enough that places vary like a real directory's.
        self.towns = {}
        for code, _ in COUNTRIES:
            family = FAMILY.get(code, "english")
            names = {_coined(towns, family, towns.choice((2, 2, 3))) for _ in range(240)}
            self.towns[code] = sorted(names)
        self.regions = {code: [_coined(towns, FAMILY.get(code, "english"), 2) + " Region"
                               for _ in range(12)] for code, _ in COUNTRIES}
        self._names, self._taken = [], set()
        self._places = _gazetteer_places()

    def _rng(self, number):
        return random.Random(f"{self.seed}:{number}")

    def name(self, number, rng=None):
        rng = rng or self._rng(number)
        country = _weighted(rng, COUNTRIES)
        family = FAMILY.get(country, "english")
        style = rng.random()
        if style < 0.4:
            core = _coined(rng, family, rng.choice((2, 3)))
        elif style < 0.75:
            core = f"{rng.choice(NAME_WORDS)} {_coined(rng, family, 2)}"
        else:
            core = f"{_coined(rng, family, 2)} {rng.choice(NAME_WORDS)}"
        return f"{core} {rng.choice(COMPANY_SUFFIX[family])}", country

    def unique_name(self, number):
        """The name of member `number`, made unique by a town qualifier when it repeats."""
        while len(self._names) <= number:
            index = len(self._names)
            rng = self._rng(f"name:{index}")
            name, country = self.name(index, rng)
            # (the build refuses a place of the gazetteer that is a member's name or its
            # leading words, association.gazetteer: such a name is drawn again)
            while _refused(name, country, self._places):
                name, country = self.name(index, rng)
            while name in self._taken:
                name = f"{name.rsplit(' (', 1)[0]} ({rng.choice(self.towns[country])})"
            self._taken.add(name)
            self._names.append((name, country))
        return self._names[number]

    def slug(self, number):
        return f"member-{number:06d}"

    def profile(self, number):
        """A valid profile dict; `private` is filled so exports can be checked for leaks."""
        rng = self._rng(number)
        name, country = self.unique_name(number)
        town = _zipf(rng, self.towns[country], 0.8)
        areas = {country}
        for _ in range(rng.choice((0, 0, 1, 1, 2, 4))):
            areas.add(_weighted(rng, COUNTRIES))
        services = rng.sample(SERVICES, rng.choice((1, 2, 3, 3, 4, 5, 6)))
        offers = [_zipf(rng, OFFERS, 0.9) for _ in range(rng.choice((2, 3, 4)))]
        clients = rng.sample(CLIENTS, 2)
        summary = (f"{rng.choice(OPENERS)} {', '.join(dict.fromkeys(offers))} for "
                   f"{clients[0]} and {clients[1]} around {town}.")
        founded = rng.randint(1985, 2023)
        since = datetime.date(max(founded, 2010), 1, 1) + datetime.timedelta(
            days=rng.randint(0, 5000))
        since = min(since, self.as_of - datetime.timedelta(days=30))
        issued = since + datetime.timedelta(days=rng.randint(0, max(1, (self.as_of - since).days)))
        issued = min(issued, self.as_of)
        # Most records are in force, some expiring soon, some lapsed, a few not yet in force.
        roll = rng.random()
        if roll < 0.08:
            expires = self.as_of - datetime.timedelta(days=rng.randint(1, 400))
            issued = expires - datetime.timedelta(days=730)
        elif roll < 0.18:
            expires = self.as_of + datetime.timedelta(days=rng.randint(0, 59))
            issued = expires - datetime.timedelta(days=730)
        elif roll < 0.2:
            issued = self.as_of + datetime.timedelta(days=rng.randint(1, 20))
            expires = issued + datetime.timedelta(days=1095)
        else:
            expires = issued + datetime.timedelta(days=rng.choice((365, 730, 1095)))
            if expires <= self.as_of:
                # A renewed record: still in force, within the programme's 36-month limit.
                issued = self.as_of - datetime.timedelta(days=rng.randint(0, 300))
                expires = issued + datetime.timedelta(days=1095)
        records = [{
            "standard": "ucs", "program": "msp-verify", "issued": issued.isoformat(),
            "expires": expires.isoformat(), "report_id": f"UCS-{issued.year}-{number:06d}",
            "auditor": rng.choice(AUDITORS),
        }]
        if "cloud-management" in services and rng.random() < 0.5:
            records.append({
                "standard": "ucs-cloud", "program": "cloud-verify", "issued": issued.isoformat(),
                "expires": (issued + datetime.timedelta(days=730)).isoformat(),
                "report_id": f"UCC-{issued.year}-{number:06d}", "auditor": rng.choice(AUDITORS),
            })
        domain = f"{self.slug(number)}.example"
        paragraphs = [
            f"{name} has worked with {clients[0]} since {founded}. "
            f"Its engineers handle {', '.join(dict.fromkeys(offers))} and report every month "
            "in plain language.",
            f"- **{rng.choice(OFFERS).capitalize()}** with a named contact\n"
            f"- {rng.choice(OFFERS).capitalize()} on a fixed monthly fee\n"
            f"- Offices in {town} and {rng.choice(self.towns[country])}",
        ]
        profile = {
            "name": name,
            "summary": summary[:280],
            "description": "\n\n".join(paragraphs),
            "website": f"https://{domain}",
            "logo": f"{self.slug(number)}.svg",
            "headquarters": {"city": town, "region": rng.choice(self.regions[country]),
                             "country": country},
            "service_areas": sorted(areas),
            "services": services,
            "industries": rng.sample(INDUSTRIES, rng.choice((0, 1, 2, 3))),
            "company_size": _zipf(rng, SIZES[1:] + SIZES[:1], 1.0),
            "founded": founded,
            "member_since": since.isoformat(),
            "ethics_signed": since.isoformat(),
            "certifications": records,
            "contact": {"email": f"hello@{domain}"},
            "private": {"notes": f"synthetic private note {number}"},
        }
        if not profile["industries"]:
            del profile["industries"]
        if rng.random() < 0.7:
            profile["languages"] = list(dict.fromkeys([LANGUAGES[country], "en"][:rng.choice((1, 2))]))
        return profile


LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120"><title>Logo</title>'
        '<rect width="120" height="120" fill="#0b5c8a"/></svg>\n')


SAMPLE_KEY = (os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "tests", "keys", "sample-signing-key.pem"), "sample-2026")


def _signer(sign):
    """A function (slug, profile) -> signature-file text, or None; `sign` as in write_profiles."""
    if not sign:
        return None
    # Imported only when signing: this module otherwise needs nothing beyond the standard library.
    from cryptography.hazmat.primitives import serialization
    from records.signatures import sign_record, signature_file_text

    key_file, key_id = SAMPLE_KEY if sign is True else sign
    with open(key_file, "rb") as handle:
        key = serialization.load_pem_private_key(handle.read(), password=None)

    def signed(slug, profile):
        entries = [sign_record(key, key_id, slug, profile["name"], record, "2026-11-29")
                   for record in profile["certifications"]]
        return signature_file_text(slug, profile["name"], entries)

    return signed


def write_profiles(folder, count, seed=2026, schema=None, sign=None):
    """Write `count` profiles and their logos into `folder` (a providers/ folder); return slugs.

    `sign=True` also writes `signatures/<slug>.json`, signed with the SAMPLE key (so production
    settings need RECORD_ALLOW_SAMPLE_KEYS); `sign=(key_file, key_id)` signs with another key.
    Unsigned members build with the development settings, which warn once.
    """
    directory = SyntheticDirectory(seed)
    os.makedirs(os.path.join(folder, "logos"), exist_ok=True)
    if schema:
        shutil.copy(schema, os.path.join(folder, "schema.json"))
    signer = _signer(sign)
    if signer:
        os.makedirs(os.path.join(folder, "signatures"), exist_ok=True)
    slugs = []
    for number in range(count):
        slug = directory.slug(number)
        profile = directory.profile(number)
        # JSON is valid YAML; the loader reads it with the same parser as real profiles.
        with open(os.path.join(folder, f"{slug}.yaml"), "w", encoding="utf-8") as handle:
            json.dump(profile, handle, ensure_ascii=False, indent=1)
        with open(os.path.join(folder, "logos", f"{slug}.svg"), "w", encoding="utf-8") as handle:
            handle.write(LOGO)
        if signer:
            with open(os.path.join(folder, "signatures", f"{slug}.json"), "w",
                      encoding="utf-8") as handle:
                handle.write(signer(slug, profile))
        slugs.append(slug)
    return slugs
