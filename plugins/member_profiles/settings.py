"""Settings of the member_profiles plugin: defaults in one place, read where they are used."""

import datetime
import os

from validation.dates import parse_date
from validation.defaults import apply_defaults, whole_number

DEFAULTS = {
    # Folder of providers/<slug>.yaml; relative paths are taken from the working directory.
    "PROVIDERS_PATH": "providers",
    # Default: <PROVIDERS_PATH>/schema.json and <PROVIDERS_PATH>/logos.
    "PROVIDER_SCHEMA_PATH": None,
    "PROVIDER_LOGOS_PATH": None,
    # Controlled vocabulary, relative to Pelican's content PATH.
    "PROVIDER_VOCABULARY_PATH": "data/vocabulary.yaml",
    # Profiles larger than this are refused unread.
    "PROVIDER_MAX_BYTES": 256 * 1024,
    # The day statuses are computed for, YYYY-MM-DD; None means the day of the build.
    "BUILD_DATE": None,
    # A certification that expires within this many days is "expiring soon".
    "CERTIFICATION_EXPIRING_DAYS": 60,
    # How many newest members the home page shows.
    "HOME_NEWEST_MEMBERS": 6,
    "PROVIDER_URL": "providers/{slug}/",
    "PROVIDER_SAVE_AS": "providers/{slug}/index.html",
    "PROVIDER_LOGO_SAVE_AS": "providers/{slug}/logo{ext}",
    "DIRECTORY_URL": "providers/",
    "DIRECTORY_SAVE_AS": "providers/index.html",
    "DIRECTORY_NEWEST_URL": "providers/newest/",
    "DIRECTORY_NEWEST_SAVE_AS": "providers/newest/index.html",
    # Members in force, by the issue date of their newest record in force.
    "DIRECTORY_RECENT_URL": "providers/recent/",
    "DIRECTORY_RECENT_SAVE_AS": "providers/recent/index.html",
    "SERVICES_URL": "providers/services/",
    "SERVICES_SAVE_AS": "providers/services/index.html",
    "SERVICE_URL": "providers/services/{slug}/",
    "SERVICE_SAVE_AS": "providers/services/{slug}/index.html",
    "COUNTRIES_URL": "providers/countries/",
    "COUNTRIES_SAVE_AS": "providers/countries/index.html",
    "COUNTRY_URL": "providers/countries/{slug}/",
    "COUNTRY_SAVE_AS": "providers/countries/{slug}/index.html",
    "INDUSTRIES_URL": "providers/industries/",
    "INDUSTRIES_SAVE_AS": "providers/industries/index.html",
    "INDUSTRY_URL": "providers/industries/{slug}/",
    "INDUSTRY_SAVE_AS": "providers/industries/{slug}/index.html",
    "LANGUAGES_URL": "providers/languages/",
    "LANGUAGES_SAVE_AS": "providers/languages/index.html",
    "LANGUAGE_URL": "providers/languages/{slug}/",
    "LANGUAGE_SAVE_AS": "providers/languages/{slug}/index.html",
}


class SettingError(ValueError):
    """A setting with a value the plugin cannot use."""


# BUILD_DATE and CERTIFICATION_EXPIRING_DAYS are not replaced: a wrong one is an error (see
# build_date and expiring_days below), since statuses computed for another day would mislead.
RULES = {
    "PROVIDER_MAX_BYTES": whole_number(1),
    "HOME_NEWEST_MEMBERS": whole_number(0),
}


def initialized(pelican):
    """`initialized` signal: this plugin's defaults into Pelican's settings."""
    apply_defaults(pelican.settings, DEFAULTS, RULES, owner="member_profiles")


def providers_path(settings):
    return os.path.abspath(settings["PROVIDERS_PATH"])


def schema_path(settings):
    return settings["PROVIDER_SCHEMA_PATH"] or os.path.join(providers_path(settings), "schema.json")


def logos_path(settings):
    return settings["PROVIDER_LOGOS_PATH"] or os.path.join(providers_path(settings), "logos")


def vocabulary_path(settings):
    return os.path.join(settings["PATH"], settings["PROVIDER_VOCABULARY_PATH"])


def build_date(settings):
    """BUILD_DATE as a date; today when unset."""
    value = settings["BUILD_DATE"]
    if value in (None, ""):
        return datetime.date.today()
    if isinstance(value, datetime.date):
        return value
    day = parse_date(value)
    if day is None:
        raise SettingError(
            f"BUILD_DATE: {value!r} is not a date; expected YYYY-MM-DD, "
            """for example -e BUILD_DATE='"2026-01-31"'"""
        )
    return day


def expiring_days(settings):
    value = settings["CERTIFICATION_EXPIRING_DAYS"]
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SettingError(
            f"CERTIFICATION_EXPIRING_DAYS: {value!r} is not usable; expected a whole number of days"
        )
    return value
