"""i18n: the site in more than one language, through gettext catalogues (Babel).

One Pelican run writes one language (SITE_LANGUAGE, by default the first of SITE_LANGUAGES);
`make html` runs one per language (see below). Every template's user-visible text goes through
Jinja's i18n extension (`{% trans %}` and `_()`), and
the text in plugins through `translate(settings, text)`; the translations come from
`theme/translations/<lang>/LC_MESSAGES/messages.po` (I18N_TRANSLATIONS_DIR), kept in git as
reviewable text and compiled in memory when a build starts. `make translations` extracts the
strings (babel.cfg) and updates every language's catalogue. Dates and numbers are formatted for
the language's locale (I18N_LOCALES) by the `date_local` and `number_local` filters, and the
names of countries and languages by `country_name` and `language_name`.

The source language (the first of SITE_LANGUAGES) needs no catalogue.

Each language is a Pelican run of its own (`runs`: the root language at the root of the output,
each other one under `/<code>/`, run by `sitetools.pelican_command`); content is translated file
by file (`content`: `<slug>.<code>.md` beside `<slug>.md`). Every page links its versions in the
other languages (the template global `site_languages` and the function `language_url`, used by
`partials/alternates.html` and `partials/language_switch.html`).

I18N_PSEUDO = True builds a pseudo-locale: every translated string, and every date, comes out
visibly altered ("[Ŧŕàñšļàţéď ţéẋţ]", placeholders and markup kept), so that text which does
not go through gettext stands out on every page (tests/test_i18n_pseudo.py).
"""

import dataclasses
import functools
import io
import logging
import os
import re

import batch_render
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations
from markupsafe import Markup
from pelican import signals
from validation.defaults import add_jinja_extension, apply_defaults

from . import content, runs

logger = logging.getLogger(__name__)

DEFAULTS = {
    # The languages the site is built in; the first is the source language, built at the root.
    "SITE_LANGUAGES": ["en"],
    # The language this build writes (None: the first of SITE_LANGUAGES).
    "SITE_LANGUAGE": None,
    # Where the catalogues are: <dir>/<lang>/LC_MESSAGES/messages.po (None: the theme's translations/).
    "I18N_TRANSLATIONS_DIR": None,
    # The locale whose conventions format dates and numbers, per language (others: the language code).
    "I18N_LOCALES": {"en": "en_GB", "nb": "nb_NO"},
    # The format of a date in running text: a Babel format name (short, medium, long, full) or pattern.
    "I18N_DATE_FORMAT": "long",
    # The languages this build writes, each by a run of its own (sitetools.pelican_command, behind
    # make html, sets all of SITE_LANGUAGES); None: this run's language only, and its pages link
    # no other (a `pelican` run by hand, the tests' builds of one run).
    "I18N_BUILT_LANGUAGES": None,
    # The SITEURL of the root language's site; None: SITEURL (the language runs set it: runs.py).
    "I18N_ROOT_SITEURL": None,
    # Output paths of the whole site, written by the root language's run only (runs.py).
    "I18N_ROOT_ONLY": ["_headers", "robots.txt", "sitemap.xml", "api/", "providers.csv",
                       ".well-known/", "admin/"],
    # True: every translated string and date visibly altered (a pseudo-locale, to find text that
    # bypasses gettext); the language's own catalogue is not read.
    "I18N_PSEUDO": False,
}
EXTENSION = "jinja2.ext.i18n"
DOMAIN = "messages"


class CatalogueError(Exception):
    """A catalogue that cannot be read: its file, line and what is wrong."""


@dataclasses.dataclass(frozen=True)
class SiteLanguage:
    """One language of the site, as templates see it (`site_languages`)."""

    code: str
    name: str   # in the language itself: "English", "norsk bokmål"
    url: str    # the SITEURL of its site: "" or "https://example.org/nb"


language = runs.language


# The pseudo-locale: each ASCII letter by an accented look-alike; placeholders (%(name)s, %s),
# markup (<a href="...">) and entities (&amp;) stay as they are, so the text still works.
PSEUDO_LETTERS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçďéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀƁÇĎÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ")
PSEUDO_KEPT = re.compile(r"(%\([^)]*\)[sd]|%[sd%]|<[^>]*>|&#?\w+;)")


def pseudo(text):
    """`text` visibly altered but readable: "[Ŧŕàñšļàţéď]", with placeholders and markup kept."""
    parts = PSEUDO_KEPT.split(text)
    return "[" + "".join(part if index % 2 else part.translate(PSEUDO_LETTERS)
                         for index, part in enumerate(parts)) + "]"


class PseudoTranslations(NullTranslations):
    """Translations into the pseudo-locale (I18N_PSEUDO): every message altered by `pseudo`."""

    def gettext(self, message):
        return pseudo(message)

    def ngettext(self, singular, plural, n):
        return pseudo(singular if n == 1 else plural)

    def pgettext(self, context, message):
        return pseudo(message)

    def npgettext(self, context, singular, plural, n):
        return pseudo(singular if n == 1 else plural)

    ugettext, ungettext, upgettext, unpgettext = gettext, ngettext, pgettext, npgettext


def locale_of(settings, code=None):
    return Locale.parse(locale_name(settings, code))


def locale_name(settings, code=None):
    """The CLDR locale of the language `code` (this build's by default): I18N_LOCALES's, or the
    code itself."""
    code = code or language(settings)
    return (settings.get("I18N_LOCALES") or {}).get(code, code)


def catalogue_path(settings, code):
    folder = settings.get("I18N_TRANSLATIONS_DIR") or os.path.join(settings["THEME"], "translations")
    return os.path.join(folder, code, "LC_MESSAGES", DOMAIN + ".po")


@functools.lru_cache(maxsize=16)
def _load(path, stamp, code):
    with open(path, "rb") as handle:
        try:
            catalogue = read_po(handle, locale=code, abort_invalid=True)
        except PoFileError as error:
            raise CatalogueError(f"{path}: {error}") from None
    compiled = io.BytesIO()
    write_mo(compiled, catalogue, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def load_translations(settings, code=None):
    """The gettext translations of `code` (default: this build's language); CatalogueError when
    its catalogue cannot be read."""
    code = code or language(settings)
    if settings.get("I18N_PSEUDO"):
        return PseudoTranslations()
    if code == (settings.get("SITE_LANGUAGES") or ["en"])[0]:
        return NullTranslations()
    path = catalogue_path(settings, code)
    try:
        stamp = os.stat(path).st_mtime_ns
    except OSError:
        raise CatalogueError(f"{path}: missing; expected the catalogue of SITE_LANGUAGES entry "
                             f"{code!r} (make translations creates it)") from None
    return _load(path, stamp, code)


def translations(settings, code=None):
    """The gettext translations of `code` (default: this build's language), or none (the source
    text) when its catalogue cannot be read: `check_catalogue` has reported that once, and
    build_gate stops the build."""
    try:
        return load_translations(settings, code)
    except CatalogueError:
        return NullTranslations()


def check_catalogue(pelican):
    """`get_generators` (once a run, before anything is read): a catalogue that cannot be read is
    one problem line, which stops the build (build_gate) rather than a traceback per page."""
    try:
        load_translations(pelican.settings)
    except CatalogueError as error:
        logger.error("%s", error)


def translate(settings, text):
    """`text` (an English source string) in this build's language."""
    return translations(settings).ugettext(text)


def date_local(settings, value, format=None):
    """A date as this build's locale writes it in running text ("5 December 2026")."""
    if value is None:
        return ""
    if hasattr(value, "date"):
        value = value.date()
    return _date_text(value, format or settings.get("I18N_DATE_FORMAT", "long"),
                      locale_name(settings), bool(settings.get("I18N_PSEUDO")))


@functools.lru_cache(maxsize=8192)
def _date_text(value, format, locale, pseudo_locale):
    """date_local's text, made once per date (a site shows the same few thousand dates on
    tens of thousands of pages, and Babel takes tens of microseconds for each)."""
    text = format_date(value, format, locale=Locale.parse(locale))
    return pseudo(text) if pseudo_locale else text


def number_local(settings, value):
    """A number with this build's locale's grouping and decimal sign."""
    return format_decimal(value, locale=locale_of(settings))


def _place_name(settings, place, table):
    """`place` (a country or language with a code and its English name) in this build's
    language, from the locale's own names (Babel's CLDR data); its English name otherwise."""
    if settings.get("I18N_PSEUDO"):
        return pseudo(place.name)
    if language(settings) == (settings.get("SITE_LANGUAGES") or ["en"])[0]:
        return place.name
    code = place.code.upper() if table == "territories" else place.code.lower()
    name = getattr(locale_of(settings), table).get(code)
    return name[:1].upper() + name[1:] if name else place.name


def country_name(settings, place):
    """A country's name in this build's language ("Storbritannia" for GB in Norwegian)."""
    return _place_name(settings, place, "territories")


def language_name(settings, item):
    """A language's name in this build's language, capitalised ("Engelsk" in Norwegian)."""
    return _place_name(settings, item, "languages")


def initialized(pelican):
    """`initialized` signal: defaults, a known locale for every language, the Jinja extension."""
    settings = pelican.settings
    apply_defaults(settings, DEFAULTS, owner="i18n")
    for code in settings["SITE_LANGUAGES"]:
        try:
            locale_of(settings, code)
        except (UnknownLocaleError, ValueError, TypeError):
            raise CatalogueError(f"pelicanconf.py: SITE_LANGUAGES: {code!r} is not a known "
                                 f"language; expected a code such as 'en' or 'nb'") from None
    if language(settings) not in settings["SITE_LANGUAGES"]:
        raise CatalogueError(f"SITE_LANGUAGE: {language(settings)!r} is not one of SITE_LANGUAGES "
                             f"{settings['SITE_LANGUAGES']!r}")
    strays = [code for code in runs.built_languages(settings)
              if code not in settings["SITE_LANGUAGES"]]
    if strays:
        raise CatalogueError(f"I18N_BUILT_LANGUAGES: {strays!r} not in SITE_LANGUAGES "
                             f"{settings['SITE_LANGUAGES']!r}")
    others = [code for code in settings["SITE_LANGUAGES"] if code != language(settings)]
    if runs.is_root_run(settings):
        # the other languages' folders belong to their runs: no content writes there, and
        # this run's DELETE_OUTPUT_DIRECTORY runs before theirs
        settings["OUTPUTS_RESERVED"] = [*settings.get("OUTPUTS_RESERVED", []),
                                        *(f"{code}/" for code in others)]
    else:
        settings["OUTPUTS_ELSEWHERE"] = list(settings["I18N_ROOT_ONLY"])
    content.configure(settings, others)
    add_jinja_extension(settings, EXTENSION)


def fill(message, **values):
    """`message` (markup from the catalogue, trusted) with its %(name)s placeholders replaced by
    `values`, each escaped unless it is markup already (a <time> from a macro). Templates write
    `{{ _("... %(date)s ...") | fill(date=ui.day(day)) }}` where a value is markup."""
    message = Markup(message)
    return message % values if values else message


def gettext_callables(translations):
    """The templates' gettext functions, as Jinja's newstyle gettext (variables as keywords,
    escaped; the result is markup), but plain functions instead of Jinja context functions: a
    page's recorded reads (batch_render) keep a call by its arguments, and can evaluate it again
    in the next build only when no argument is the render's context. A message called without
    variables is returned as written, for `| fill(...)`."""
    def gettext(message, **variables):
        return fill(translations.gettext(message), **variables)

    def ngettext(singular, plural, num, **variables):
        variables.setdefault("num", num)
        return fill(translations.ngettext(singular, plural, num), **variables)

    def pgettext(context, message, **variables):
        return fill(translations.pgettext(context, message), **variables)

    def npgettext(context, singular, plural, num, **variables):
        variables.setdefault("num", num)
        return fill(translations.npgettext(context, singular, plural, num), **variables)

    # (part of the build's code for batch_render, as filters are: the catalogue is the theme's)
    return {name: batch_render.code(function) for name, function in (
        ("gettext", gettext), ("_", gettext), ("ngettext", ngettext), ("pgettext", pgettext),
        ("npgettext", npgettext))}


def generator_init(generator):
    """`generator_init` signal: the catalogue, the language and the filters in the environment."""
    env = getattr(generator, "env", None)
    if env is None:
        return
    settings = generator.settings
    found = translations(settings)
    # newstyle gettext (the {% trans %} blocks compiled for it: variables as keywords), as plain
    # functions without the template's context, which incremental builds can record and call
    # again (gettext_callables)
    env.install_gettext_translations(found, newstyle=True)
    env.globals.update(gettext_callables(found))
    env.filters["fill"] = fill
    env.globals["LANG"] = language(settings)
    env.filters["date_local"] = functools.partial(date_local, settings)
    env.filters["number_local"] = functools.partial(number_local, settings)
    env.filters["country_name"] = functools.partial(country_name, settings)
    env.filters["language_name"] = functools.partial(language_name, settings)
    env.globals["site_languages"] = site_languages(settings)
    env.globals["language_url"] = language_url
    # the address of the files only the root language's run writes (I18N_ROOT_ONLY: open data,
    # signing keys), which every language's pages link
    env.globals["ROOT_SITEURL"] = runs.root_siteurl(settings)


def site_languages(settings):
    """Every language of the site (the root language first), for the templates."""
    return tuple(SiteLanguage(code, runs.language_name(code), runs.language_siteurl(settings, code))
                 for code in runs.built_languages(settings))


def language_url(language, output_file):
    """The address of the page written at `output_file` (below its language's root) in the
    site of `language` (a SiteLanguage): `providers/acme/index.html` -> `<url>/providers/acme/`."""
    path = output_file or ""
    if path == "index.html" or path.endswith("/index.html"):
        path = path[:-len("index.html")]
    return f"{language.url}/{path}"


def register():
    signals.initialized.connect(initialized)
    signals.generator_init.connect(generator_init)
    signals.get_generators.connect(check_catalogue)
    signals.content_object_init.connect(content.mark_language)
    signals.article_generator_pretaxonomy.connect(content.keep_one_language)
    signals.page_generator_finalized.connect(content.keep_one_language)
