"""What a file is made from: stable digests of template inputs, code, settings and theme.

A file's digest covers what it is made of but the site-wide values its render reads (those are
recorded as they are read: see `reads`):
- the build's key: the code the build runs, that is every file of the loaded plugins and of the
  plugin packages they import (code, and data files they read, such as
  member_profiles/status_rules.json), and the versions of Pelican and of the libraries the
  plugins import, with everything those require; every setting (but where and how fast the
  build runs: RUN_SETTINGS), so a change of configuration renders everything again; every file
  of the theme (templates, and the static files whose fingerprints pages show). Not the test or
  lint tools, nor the benchmark (tests/bench/), nor the command-line tools (sitetools);
- its template: the sources of the template and everything it extends, includes or imports;
- the page's own variables, each by `digest_of`.

`digest_of` walks values: plain values by `repr`, lists and dicts item by item, an object with an
`input_digest` (a member) by that, dataclasses field by field, Pelican paginators and pages by what a listing shows of them. Anything else has no
stable digest (its `repr` may hold a memory address), and the file is then always rendered: an
unknown input costs time, never correctness.
"""

import dataclasses
import datetime
import functools
import hashlib
import os
import re
import sys
from importlib import metadata

from markupsafe import Markup
from pelican.paginator import Page, Paginator

# Settings that say where or how fast a build runs, not what it writes.
RUN_SETTINGS = frozenset({"OUTPUT_PATH", "INCREMENTAL_FROM", "BUILD_WORKERS", "BUILD_OUTPUT_SHOWN",
                          "BUILD_PREVIEW", "BUILD_REUSE_CHECK"})
_PLAIN = (str, int, float, bool, type(None), datetime.date, Markup)


class Unstable(Exception):
    """A value without a stable digest."""


def sha(text):
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _files_digest(folders):
    """Digest of every file under `folders` (compiled Python aside)."""
    hasher = hashlib.sha256()
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith(".pyc"):
                    continue
                path = os.path.join(root, name)
                hasher.update(os.path.relpath(path, folder).encode() + b"\0")
                with open(path, "rb") as handle:
                    hasher.update(handle.read())
                hasher.update(b"\0")
    return hasher.hexdigest()[:32]


def plugin_code_digest(folder):
    """Digest of every file of the plugins under `folder` (compiled Python aside)."""
    return _files_digest([folder])


def build_key(settings, context=None):
    """Digest of the code, settings and theme every file of a build depends on; kept in the
    build's `context` when given, since it reads every plugin and theme file."""
    if context is not None:
        if "_BUILD_INPUTS_KEY" not in context:
            context["_BUILD_INPUTS_KEY"] = build_key(settings)
        return context["_BUILD_INPUTS_KEY"]
    folders = [path for path in settings.get("PLUGIN_PATHS", []) if os.path.isdir(path)]
    packages, imported = plugin_packages(folders, settings.get("PLUGINS") or [])
    shown = {key: value for key, value in settings.items() if key not in RUN_SETTINGS}
    return sha("\n".join([
        " ".join(library_versions(imported | {"pelican"})),
        # code and the data files plugins read (member_profiles/status_rules.json, schemas)
        _files_digest(packages),
        _files_digest([settings["THEME"]]),
        _stable_settings(shown),
    ]))


def plugin_packages(folders, plugins):
    """(the folders of the loaded `plugins` and of every plugin package they import, in
    order; the names of the other top-level modules they import), found in their sources."""
    found, todo, imported = {}, [name for name in plugins if isinstance(name, str)], set()
    while todo:
        name = todo.pop()
        if name in found:
            continue
        folder = next((os.path.join(base, name) for base in folders
                       if os.path.isdir(os.path.join(base, name))), None)
        if folder is None:
            imported.add(name)
            continue
        found[name] = folder
        for root, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            for file in files:
                if file.endswith(".py"):
                    with open(os.path.join(root, file), encoding="utf-8") as handle:
                        todo.extend(_imports(handle.read()))
    return [found[name] for name in sorted(found)], imported - set(sys.stdlib_module_names)


_IMPORT = re.compile(r"^\s*(?:from\s+(\w+)[\w.]*\s+import\b|import\s+([\w., ]+))", re.M)


def _imports(source):
    """Top-level names of the modules a Python source imports (relative imports aside): its
    `import` and `from ... import` statements at the start of a line."""
    for match in _IMPORT.finditer(source):
        if match[1]:
            yield match[1]
        else:
            yield from (name.strip().split(".")[0].split(" ")[0]
                        for name in match[2].split(","))


# (the modules, the state of every folder on sys.path) -> their library_versions: installing,
# upgrading or removing a distribution changes its folder's modification time
_VERSIONS = {}


def library_versions(modules):
    """`name=version` of the distributions that provide `modules`, and of everything they
    require (extras aside), sorted; looked up once per process while no folder on sys.path
    changes (make devserver's builder looks them up before its builds fork from it)."""
    folders = []
    for folder in sys.path:
        try:
            folders.append((folder, os.stat(folder or ".").st_mtime_ns))
        except OSError:
            folders.append((folder, None))
    key = (frozenset(modules), tuple(folders))
    if key not in _VERSIONS:
        _VERSIONS[key] = _library_versions(modules)
    return _VERSIONS[key]


def _library_versions(modules):
    providers = metadata.packages_distributions()
    todo = [dist for module in modules for dist in providers.get(module, [module])]
    seen = {}
    while todo:
        name = todo.pop().lower().replace("_", "-")
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            seen[name] = None
            continue
        seen[name] = dist.version
        for requirement in dist.requires or []:
            if "extra ==" not in requirement:
                todo.append(re.match(r"[A-Za-z0-9._-]+", requirement)[0])
    return sorted(f"{name}={version}" for name, version in seen.items() if version)


def _stable_settings(value):
    """Settings as text: plain values by repr; a function, class or cache object (such as
    Jinja's bytecode cache) by its type, since its code is in the plugins' digest."""
    if isinstance(value, dict):
        return "{" + ",".join(f"{key!r}:{_stable_settings(value[key])}"
                              for key in sorted(value, key=repr)) + "}"
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_stable_settings(item) for item in value]
        return "[" + ",".join(sorted(items) if isinstance(value, (set, frozenset)) else items) + "]"
    if isinstance(value, _PLAIN):
        return repr(value)
    return f"<{type(value).__module__}.{type(value).__qualname__}>"


def template_digest(env, names):
    """Digest of the sources of the templates `names`."""
    return sha("\n".join(f"{name}\0{env.loader.get_source(env, name)[0]}"
                         for name in sorted(names)))


def digest_of(value, memo):
    """A stable digest of `value`; raises Unstable. `memo` caches by object identity for one
    build (the objects outlive it)."""
    return sha(text_of(value, memo))


def text_of(value, memo):
    """The text a digest of `value` is made from (a model's own digest stands for its fields);
    raises Unstable."""
    if isinstance(value, _PLAIN):
        return repr(value)
    # A listing's page (Pelican makes a new Page object each time it is asked for one, and
    # every page of a listing also holds its previous and next pages) by its paginator and
    # number: its members are walked once per build, not three times.
    key = (id(value.paginator), value.number) if isinstance(value, Page) else id(value)
    if key in memo:
        return memo[key][1]
    if isinstance(value, (list, tuple)):
        text = "[" + ",".join(text_of(item, memo) for item in value) + "]"
    elif isinstance(value, dict):
        text = "{" + ",".join(f"{text_of(k, memo)}:{text_of(v, memo)}"
                              for k, v in sorted(value.items(), key=lambda kv: repr(kv[0]))) + "}"
    elif isinstance(value, (set, frozenset)):
        text = "{" + ",".join(sorted(text_of(item, memo) for item in value)) + "}"
    elif getattr(value, "input_digest", None):
        # A model object that knows what it was made from (a member: its profile's bytes, the
        # vocabulary, the schema and the build date), which is cheaper than its fields.
        text = value.input_digest
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = ",".join(f"{name}={text_of(getattr(value, name), memo)}"
                          for name in _field_names(type(value)))
        text = f"{type(value).__qualname__}({fields})"
    elif isinstance(value, Paginator):
        # What a listing shows of its paginator: the pages' addresses and how many there are.
        text = (f"Paginator({value.name!r},{value.url!r},{value.per_page},{value.orphans},"
                f"{value.count})")
    elif isinstance(value, Page):
        text = (f"Page({value.number},{text_of(value.paginator, memo)},"
                f"{text_of(value.object_list, memo)})")
    else:
        raise Unstable(type(value).__qualname__)
    if len(text) > 256:  # (a long text by its digest: the memo stays small, joins short)
        text = "#" + sha(text)
    # keep `value` alive with its digest, so its id is not reused by another object
    memo[key] = (value, text)
    return text


@functools.lru_cache(maxsize=None)
def _field_names(cls):
    return tuple(field.name for field in dataclasses.fields(cls))
