"""Where each concern lives: which plugin may import which (checked on the source, not by hand).

- validation (the kernel: problems, safe YAML, schemas, dates, slugs, paths) imports no plugin.
- member_profiles/status.py (the status rules) imports only the standard library.
- The search index builder, the trust exports/badges/JSON-LD/history and the sitemap's entries
  are plain code: they never import Pelican.
- Plugins reach each other's data through the Pelican context (context["directory"] from
  member_profiles, context["trust"] from trust); the imports below are the only ones allowed.
  Every plugin that writes files itself claims them in the outputs registry (plugins/outputs).
- sitetools (command-line tools) may use any plugin's public functions.
"""

import ast
import re
import sys

import pytest

from conftest import ROOT

PLUGINS = ROOT / "plugins"
PACKAGES = sorted(p.name for p in PLUGINS.iterdir() if (p / "__init__.py").exists())
# plugin -> the other plugins' modules it may import (a module name, or "package.*")
ALLOWED = {
    "validation": set(),
    "outputs": {"validation.*"},
    "safe_markup": {"outputs"},
    # (i18n: the scripts' messages in the build's language)
    "assets": {"validation.*", "outputs", "i18n"},
    # (the registry of written files: hosting gives each folder the build wrote its own rule)
    "hosting": {"validation.*", "outputs"},
    "precompress": {"validation.*", "outputs"},
    # batch_render is a library (no register()): renders, writes and digests many files
    "batch_render": set(),
    # fragments is a Jinja extension: the shared page shell, rendered once per build
    "fragments": {"validation.*", "batch_render"},
    # (i18n: status labels, facet descriptions, country and language names in the build's language;
    # i18n.content: a profile's texts in the run's language)
    "member_profiles": {"validation.*", "outputs", "safe_markup", "records.*", "batch_render.*",
                        "i18n", "i18n.content"},
    "records": {"validation.*"},
    "trust": {"validation.*", "outputs", "member_profiles.status", "member_profiles.directory",
              "records.signatures", "batch_render.*", "i18n"},
    "sitemap": {"validation.*", "batch_render"},
    # (member_profiles.settings: the build's day, BUILD_DATE, which scheduling compares with)
    # (i18n.content: the rules of translations, <slug>.<code>.md)
    "editorial": {"validation.*", "outputs", "safe_markup", "member_profiles.logos",
                  "member_profiles.settings", "i18n.content"},
    "newsletter": {"validation.*", "editorial.files", "editorial.frontmatter", "editorial.rules",
                   "editorial.schedule", "i18n.content"},
    # (the gazetteer refuses member names and vocabulary words: it reads the vocabulary)
    "association": {"validation.*", "member_profiles.profiles", "member_profiles.settings"},
    # (the gazetteer is read through the association's one reader)
    # (i18n.runs: which language this run indexes)
    "search_index": {"validation.*", "outputs", "member_profiles.status", "batch_render",
                     "association.gazetteer", "i18n.runs"},
    "build_gate": {"validation.*"},
    # the browser editor's configuration, made from the schemas, vocabularies and allowlists
    "cms": {"validation.*", "outputs", "editorial.rules", "member_profiles.profiles",
            "member_profiles.settings", "newsletter.issues"},
    # make devserver's preview: the saved members' files, by their generators' own jobs
    "dev_preview": {"validation.*", "batch_render"},
    # the statistics page counts the member model's statuses (never its own)
    # (statistics.json is open data: trust's format version and published schema)
    "profession_stats": {"validation.*", "outputs", "member_profiles.status", "trust.export",
                         "i18n"},
    # embeddable member lists under /embed/
    # (the lists render through batch_render: in workers, reused when unchanged)
    "embeds": {"validation.*", "outputs", "batch_render", "i18n"},
    # the site's languages: catalogues, locale formats; other plugins translate through it
    # (batch_render.code: the gettext functions are part of the build's code, as filters are)
    "i18n": {"validation.*", "batch_render"},
}
# modules that must not import Pelican (plain code, testable on its own)
NO_PELICAN = [
    "validation/*.py", "member_profiles/status.py", "member_profiles/checks.py",
    "search_index/builder.py", "search_index/compact.py", "search_index/text.py",
    "search_index/stemmer.py", "search_index/chunks.py", "trust/export.py", "trust/badge.py",
    "trust/jsonld.py",
    "trust/history.py", "sitemap/entries.py",
    "records/registry.py", "records/keyring.py", "records/signatures.py",
    "profession_stats/figures.py", "embeds/lists.py",
]


def imported_modules(path):
    """Absolute module names a source file imports (relative imports excluded)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def _allowed(module, rules):
    return module in rules or f"{module.split('.')[0]}.*" in rules


def test_every_plugin_has_import_rules():
    assert set(PACKAGES) - {"sitetools"} == set(ALLOWED)


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_plugins_import_only_what_the_layout_allows(package):
    found = []
    for path in sorted((PLUGINS / package).rglob("*.py")):
        for module in imported_modules(path):
            top = module.split(".")[0]
            if top in PACKAGES and top != package and not _allowed(module, ALLOWED[package]):
                found.append(f"{path.relative_to(PLUGINS)} imports {module}")
    assert found == []


@pytest.mark.parametrize("pattern", NO_PELICAN)
def test_plain_modules_never_import_pelican(pattern):
    paths = sorted(PLUGINS.glob(pattern))
    assert paths, pattern
    for path in paths:
        assert not [m for m in imported_modules(path) if m.split(".")[0] in ("pelican", "jinja2")]


def test_status_rules_import_only_the_standard_library():
    modules = {m.split(".")[0] for m in imported_modules(PLUGINS / "member_profiles/status.py")}
    assert modules <= set(sys.stdlib_module_names)


def test_templates_and_scripts_never_repeat_a_setting_default():
    """Settings reach templates with their defaults applied (validation.defaults), so a template
    never supplies its own fallback for a setting, and scripts get addresses from data-*
    attributes rather than writing them."""
    theme = ROOT / "theme"
    found = []
    for path in sorted((theme / "templates").rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            found += [f"{path.name}: {m}" for m in re.findall(r"\b[A-Z][A-Z_]+\s*\|\s*default\(", text)]
            found += [f"{path.name}: {m}" for m in re.findall(r"SITEURL \}\}/(?:providers|compare|verify|search|news|education)/", text)]
    for path in sorted((theme / "static" / "js").glob("*.js")):
        code = re.sub(r"/\*.*?\*/|//[^\n]*", "", path.read_text(encoding="utf-8"), flags=re.S)
        found += [f"{path.name}: {m}" for m in re.findall(r"[\"'](/(?:providers|compare|verify|news|education)/)", code)]
    assert found == []


def test_no_plugin_hides_a_standard_library_module():
    """The plugins folder is on sys.path: a package named like a standard library module
    (`statistics`, `json`, ...) would be imported in its place by every library."""
    import sys

    assert sorted(set(PACKAGES) & sys.stdlib_module_names) == []
