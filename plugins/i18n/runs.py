"""One Pelican run per language: what each run writes, where, and what only the root run writes.

The first of SITE_LANGUAGES (the root language) is built at the root of the output folder, as a
site in one language always was; every other language is built by a run of its own into
`<output>/<code>/`, with SITEURL + "/<code>" (`sitetools.pelican_command` runs them one after the
other, and `make devserver` through it). Each run is a whole site in its language, with the same
paths below its root, so the same page in another language is always the same path below that
language's root (the language switcher, the hreflang alternates and the sitemap rely on it).

Some files belong to the site, not to a language, and only the root run writes them
(I18N_ROOT_ONLY): the files the host reads (`_headers`, `robots.txt`), the sitemap (one, listing
every language), the open data (`api/`, `providers.csv`, `.well-known/`) and the browser editor
(`admin/`). In the other runs the outputs registry skips them without a word (OUTPUTS_ELSEWHERE),
and templates link them below the root language's address, the global ROOT_SITEURL
(`{{ ROOT_SITEURL }}/{{ trust.providers_json_url }}`).

Plain functions over settings dicts; nothing here runs Pelican.
"""

import os

from babel import Locale
from docutils.parsers.rst.languages import get_language as get_docutils_language

def site_languages(settings):
    return list(settings.get("SITE_LANGUAGES") or ["en"])


def root_language(settings):
    return site_languages(settings)[0]


def language(settings):
    """The language this run writes."""
    return settings.get("SITE_LANGUAGE") or root_language(settings)


def built_languages(settings):
    """The languages this build writes (I18N_BUILT_LANGUAGES; by default this run's only), in
    the order of SITE_LANGUAGES: the pages link each one's version."""
    built = settings.get("I18N_BUILT_LANGUAGES") or [language(settings)]
    return [code for code in site_languages(settings) if code in built] or [language(settings)]


def is_root_run(settings):
    return language(settings) == root_language(settings)


def root_siteurl(settings):
    """The SITEURL of the root language's site (this run's SITEURL in the root run)."""
    root = settings.get("I18N_ROOT_SITEURL")
    return settings.get("SITEURL", "") if root is None else root


def language_siteurl(settings, code):
    """The SITEURL of `code`'s site: the root's, or the root's + "/<code>"."""
    root = root_siteurl(settings).rstrip("/")
    return root if code == root_language(settings) else f"{root}/{code}"


def language_name(code):
    """The language's name in the language itself ("English", "norsk bokmål")."""
    return Locale.parse(code).get_display_name(code)


def run_overrides(settings, code):
    """The settings (as `pelican -e` overrides) of the run that writes `code`, from the root
    run's settings with every plugin's defaults applied."""
    overrides = {"SITE_LANGUAGE": code, "DEFAULT_LANG": code,
                 "I18N_BUILT_LANGUAGES": site_languages(settings)}
    if code == root_language(settings):
        return overrides
    root = settings.get("SITEURL") or ""
    overrides.update(SITEURL=f"{root.rstrip('/')}/{code}", I18N_ROOT_SITEURL=root,
                     # the editor edits the sources of every language: one, at the root
                     CMS_ENABLED=False)
    if not get_docutils_language(code):
        # Pelican's reST reader would warn that docutils has no such language on every build;
        # the site's content is Markdown (editorial reports any other format)
        overrides["READERS"] = {**(settings.get("READERS") or {}), "rst": None}
    return overrides


def run_folder(output, settings, code):
    """Where the run of `code` writes (or reads a previous build), below the root's `output`."""
    return output if code == root_language(settings) else os.path.join(output, code)


def translation_patterns(codes):
    """IGNORE_FILES patterns of the content translations into `codes` (`<slug>.<code>.md`)."""
    return [f"*.{code}.md" for code in codes]


def translation_metadata(codes):
    """PATH_METADATA that reads a translation's slug and language from its path:
    `pages/about.nb.md` is the `nb` translation of `about` (the English file's slug)."""
    return r"(?:.*/)?(?P<slug>[^/]+?)\.(?P<lang>%s)\.md$" % "|".join(sorted(codes))
