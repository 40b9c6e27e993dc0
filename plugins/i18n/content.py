"""Content in more than one language: `<slug>.<code>.md` is the `<code>` translation of `<slug>.md`.

A translation sits beside the file it translates (pages, articles, newsletter issues) and takes
its slug, so its address, from that file's name, whatever its title. Each language's run reads
the root language's files and its own translations only (IGNORE_FILES leaves out the others),
and keeps one version of each slug: its own language's where one exists, the root language's
otherwise. An untranslated page keeps the root language as its `lang`, so the templates mark its
text with it and show the "not yet translated" notice; a page is never missing from a language.

Pelican's own pairing (`process_translations`) would pick the version in DEFAULT_LANG and give
every other one its *_LANG_URL address; here every version keeps its one address (the same path
in every language's site), so the runs of the other languages pair by slug themselves
(ARTICLE_TRANSLATION_ID and PAGE_TRANSLATION_ID off) and mark every item in the run's language.
"""

import logging
import os
import re

from . import runs

logger = logging.getLogger(__name__)


def configure(settings, others):
    """`initialized`: which files this run reads, and the language of each (settings only)."""
    code, root = runs.language(settings), runs.root_language(settings)
    settings["IGNORE_FILES"] = [*settings.get("IGNORE_FILES", []),
                                *runs.translation_patterns(others)]
    if code == root:
        return
    settings["ARTICLE_TRANSLATION_ID"] = settings["PAGE_TRANSLATION_ID"] = None
    if settings.get("PATH_METADATA"):
        logger.warning("i18n: PATH_METADATA is set (%r): translations (<slug>.%s.md) need it to "
                       "read their slug and language; expected it unset", settings["PATH_METADATA"],
                       code)
        return
    settings["PATH_METADATA"] = runs.translation_metadata([code])


def mark_language(instance):
    """`content_object_init`: in the run of another language than the root one, a file without a
    translation's name is in the root language, and every item keeps its one address."""
    settings = getattr(instance, "settings", None) or {}
    if runs.is_root_run(settings):
        return
    if "lang" not in getattr(instance, "metadata", {}):
        instance.lang = runs.root_language(settings)
    instance.in_default_lang = True


def one_per_slug(items, settings):
    """`items` with one version per slug (in their order): this run's language's, or the
    root language's."""
    code = runs.language(settings)
    chosen = {}
    for item in items:
        slug = getattr(item, "slug", None)
        if slug not in chosen or getattr(item, "lang", None) == code:
            chosen[slug] = item
    kept = {id(item) for item in chosen.values()}
    return [item for item in items if id(item) in kept]


def keep_one_language(generator):
    """`article_generator_pretaxonomy`, `page_generator_finalized`: one version of each slug in
    the lists the generator lists and writes (before articles are sorted into categories)."""
    if runs.is_root_run(generator.settings):
        return
    for name in ("articles", "hidden_articles", "drafts", "pages", "hidden_pages", "draft_pages"):
        items = getattr(generator, name, None)
        if isinstance(items, list):
            items[:] = one_per_slug(items, generator.settings)


# --- member profiles: `translations: {nb: {summary: ..., description: ...}}` ---------------------

TRANSLATED_PROFILE_FIELDS = ("summary", "description")


def translated_language(settings):
    """The language whose `translations` this run shows (the vocabulary's terms, a profile's
    texts): None in the root run, which shows the files' own text."""
    return None if runs.is_root_run(settings) else runs.language(settings)


def profile_text(data, settings):
    """(texts, languages): the profile's summary and description as this run shows them, its
    language's from `translations` where the profile has them, else the root language's; and
    {field: root language} for each field shown untranslated in another language's run (the
    templates mark it with `lang`), {} in the root run."""
    texts = {key: data[key] for key in TRANSLATED_PROFILE_FIELDS if key in data}
    if runs.is_root_run(settings):
        return texts, {}
    translated = (data.get("translations") or {}).get(runs.language(settings)) or {}
    translated = {key: translated[key] for key in TRANSLATED_PROFILE_FIELDS
                  if isinstance(translated.get(key), str)}
    root = runs.root_language(settings)
    return {**texts, **translated}, {key: root for key in texts if key not in translated}


def schema_language_problems(schema, schema_file, settings):
    """Problems for each language the profile schema's `translations` names that is not one of
    SITE_LANGUAGES after the first (a translation no run would ever show)."""
    from validation.paths import relative
    from validation.problems import Problem

    named = ((schema.get("properties") or {}).get("translations") or {}).get("properties") or {}
    others = runs.site_languages(settings)[1:]
    return [Problem(relative(schema_file), 0, f"translations.{code}",
                    "is not a language of the site",
                    "one of SITE_LANGUAGES after the first: " + (", ".join(others) or "none"))
            for code in sorted(named) if code not in others]


# --- checks (make check and the build) ------------------------------------------------------

TRANSLATION_NAME = re.compile(r"(?P<stem>.+)\.(?P<lang>[a-z]{2,3})\.md\Z")


def translation_file_problems(paths, settings):
    """Problems of the translations among `paths` (Markdown sources): `<slug>.<code>.md` must be
    beside `<slug>.md` (its address is that file's), with `<code>` one of SITE_LANGUAGES after the
    first (no run would read it otherwise)."""
    from validation.paths import relative
    from validation.problems import Problem

    others = runs.site_languages(settings)[1:]
    found = []
    for path in paths:
        name = TRANSLATION_NAME.match(os.path.basename(path))
        if not name:
            continue
        if name["lang"] not in others:
            found.append(Problem(relative(path), 0, "file name",
                                 f"{name['lang']!r} is not a language of the site",
                                 "<name>.<language>.md with a language of SITE_LANGUAGES after "
                                 "the first: " + (", ".join(others) or "none")))
        original = f"{name['stem']}.md"
        if not os.path.isfile(os.path.join(os.path.dirname(path), original)):
            found.append(Problem(relative(path), 0, "file name",
                                 f"translates {original}, which does not exist",
                                 "a translation beside the file it translates"))
    return found
