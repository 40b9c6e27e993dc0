"""Settings of the trust plugin: defaults in one place, read where they are used."""

from validation.defaults import Rule, apply_defaults

DEFAULTS = {
    # A member's verification page: status as of the build date and every audit record.
    "VERIFY_URL": "verify/{slug}/",
    "VERIFY_SAVE_AS": "verify/{slug}/index.html",
    # A static SVG badge per member, linked to the verify page by the embed snippet.
    "BADGE_URL": "providers/{slug}/badge.svg",
    "BADGE_SAVE_AS": "providers/{slug}/badge.svg",
    # The larger badge (300 to 420 x 76 px: the association's full name, the member, the status).
    "BADGE_LARGE_URL": "providers/{slug}/badge-large.svg",
    "BADGE_LARGE_SAVE_AS": "providers/{slug}/badge-large.svg",
    # Names wider than this many pixels (estimated) are cut with an ellipsis on the badge.
    "BADGE_NAME_MAX_WIDTH": 200,
    # Who verified, as the badges' status words say it ("<this> verified · valid until ..."):
    # a short form of ASSOCIATION_NAME; None means ASSOCIATION_NAME itself.
    "BADGE_ASSOCIATION": None,
    # Open data: every member in one JSON file, one JSON file per member, and a CSV file.
    "PROVIDERS_JSON_URL": "api/providers.json",
    "PROVIDERS_JSON_SAVE_AS": "api/providers.json",
    "PROVIDER_JSON_URL": "api/providers/{slug}.json",
    "PROVIDER_JSON_SAVE_AS": "api/providers/{slug}.json",
    "PROVIDERS_CSV_URL": "providers.csv",
    # The association's public record-signing keys (the keyring), for offline verification.
    "SIGNING_KEYS_URL": ".well-known/msp-directory-keys.json",
    "SIGNING_KEYS_SAVE_AS": ".well-known/msp-directory-keys.json",
    "PROVIDERS_CSV_SAVE_AS": "providers.csv",
    # The folder (URL and save path, ending in /) of the JSON Schemas the JSON files name in
    # `$schema` (plugins/trust/schemas/).
    "OPEN_DATA_SCHEMA_PATH": "api/schema/",
    # The side-by-side comparison page, filled in the browser from PROVIDERS_JSON_URL.
    "COMPARE_URL": "compare/",
    "COMPARE_SAVE_AS": "compare/index.html",
    # The contact page that takes ?member=<slug> (built by another plugin or a Markdown page).
    "CONTACT_URL": "contact/",
}

RULES = {
    "BADGE_NAME_MAX_WIDTH": Rule(
        lambda value: isinstance(value, (int, float)) and not isinstance(value, bool)
        and value >= 40,
        "a number of pixels of at least 40"),
    "BADGE_ASSOCIATION": Rule(
        lambda value: value is None or (isinstance(value, str) and 0 < len(value.strip()) <= 40),
        "None, or the association's name as badges show it, 1 to 40 characters"),
}


def initialized(pelican):
    """`initialized` signal: this plugin's defaults into Pelican's settings."""
    apply_defaults(pelican.settings, DEFAULTS, RULES, owner="trust")

