"""outputs: one owner per output path. The registry of every file a build writes.

Every writer claims a path before it writes it, naming its source (the owner): Pelican's own
Writer (replaced through the `get_writer` signal by `RegistryWriter`, which claims each page and
feed), Pelican's static files and theme files (claimed on `all_generators_finalized`, once the
static generator has listed them and before anything is written), and every plugin that writes
files itself. A second claim on a path fails the build with an error naming both owners, and
content (articles, pages, newsletter issues, files under content/) can never claim a path under
`OUTPUTS_RESERVED` (the directory, the trust pages, the host files, the search index, the
assets): those belong to the plugins. Records keep the path as written (after `normalise`);
comparisons ignore case, since some file systems and hosts do.

API (the registry is per build: `get_generators`, which Pelican sends at the start of every run,
creates it and publishes it in that run's context and on the Pelican object; nothing is kept at
module level):

    registry(holder) -> OutputRegistry   # holder: a generator's context, a generator, or the
                                         # Pelican object (on `finalized`, which has no context)
    OutputRegistry.claim(path, owner, content=False, digest=None, make_folder=True)
        -> absolute path (its folder made) or None
        `path` is relative to the output folder; None means refused (the error is logged and the
        caller must not write). `digest` is a hash of the inputs the file is made from, kept for
        incremental builds; None when unknown.
    OutputRegistry.expect(target, referrer)      # a link that must lead to a written file
    OutputRegistry.record_digests({path: digest})  # digests made after the claims
    OutputRegistry.defer(finish), settle(), abandon()  # work in worker processes (batch_render)
    OutputRegistry.records() -> [OutputRecord]   # sorted by path
    OutputRegistry.paths() -> [str]              # every claimed path, in no order (cheaper)
    OutputRegistry.owner_of(path) -> OutputRecord or None
    normalise(path) -> str                       # the registry's spelling of a relative path

    OutputRegistry.missing_links() -> [(referrer, target)]  # checked on `finalized`

Settings: `OUTPUTS_RESERVED` (default `DEFAULTS` below): entries ending in `/` reserve a folder,
others one file. `OUTPUTS_ELSEWHERE` (same form): paths another run of the same build writes
(the root language's, plugins/i18n): a claim on one is refused without an error, nothing is
written, and a link to one counts as leading to a file.
"""

import dataclasses
import logging
import os
import posixpath
import re

from pelican import signals
from pelican.contents import Content
from pelican.generators import Generator, StaticGenerator
from pelican.writers import Writer
from validation.defaults import apply_defaults

logger = logging.getLogger(__name__)

DEFAULTS = {
    # Output paths only the plugins may write; content (articles, pages, issues, static files)
    # never can. A trailing slash reserves a whole folder.
    "OUTPUTS_RESERVED": [
        "providers/", "verify/", "api/", "search/", "assets/", "theme/", "feeds/",
        "_headers", "robots.txt", "sitemap.xml", "providers.csv",
        # incremental builds' manifests (plugins/batch_render)
        ".build-manifest/",
        # the association's public signing keys: content must never replace them
        ".well-known/",
    ],
    # Paths written by another run of the same build (plugins/i18n sets it in the runs of the
    # languages other than the root one): skipped here without an error.
    "OUTPUTS_ELSEWHERE": [],
}
CONTEXT_KEY = "OUTPUT_REGISTRY"


class UnsafePath(ValueError):
    """A path that is absolute or leaves the output folder."""


@dataclasses.dataclass(slots=True)
class OutputRecord:
    """One written file: who wrote it and (for incremental builds) from which inputs. (Slots:
    a build of 100,000 members holds 635,000 of them.)"""

    path: str          # normalised, relative to the output folder
    owner: str         # "content/pages/about.md", "member_profiles: logo of acme", ...
    content: bool      # True when a contributor's content file decides what is written
    digest: str | None = None  # hash of the inputs; None when not recorded


# Names separated by single slashes, none of them empty, `.`-led (`.`, `..`, `.x`) or with a
# backslash or a colon: already normal. Anything else takes the long way below.
_PLAIN_PATH = re.compile(r"[^/\\:.][^/\\:]*(?:/[^/\\:.][^/\\:]*)*")


def normalise(path):
    """`path` relative to the output folder, with `\\` as `/`, and `.` and `//` collapsed."""
    text = str(path)
    if _PLAIN_PATH.fullmatch(text):  # the common case: nothing to collapse or refuse
        return text
    text = text.replace("\\", "/")
    if text.startswith("/") or (len(text) > 1 and text[1] == ":"):
        raise UnsafePath(f"{path!r} is an absolute path")
    parts = [part for part in text.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise UnsafePath(f"{path!r} leaves the output folder")
    if not parts:
        raise UnsafePath(f"{path!r} names no file")
    return "/".join(parts)


def initialized(pelican):
    """`initialized` signal: this plugin's defaults into Pelican's settings."""
    apply_defaults(pelican.settings, DEFAULTS, owner="outputs")


def reserved_paths(settings):
    """OUTPUTS_RESERVED (set on `initialized`, like every plugin's defaults)."""
    return settings["OUTPUTS_RESERVED"]


def reserved_entry(path, reserved):
    """The entry of `reserved` (OUTPUTS_RESERVED) that covers the relative `path`, or None."""
    folded = path.casefold()
    for entry in reserved:
        entry = entry.strip().lstrip("/").casefold()
        if folded == entry.rstrip("/") or (entry.endswith("/") and folded.startswith(entry)):
            return entry
    return None


class OutputRegistry:
    """Every file of one build, by normalised path."""

    def __init__(self, output_path, reserved, elsewhere=()):
        self.output_path = os.path.abspath(output_path)
        self._folder = os.path.join(self.output_path, "")
        self.reserved = tuple(entry.strip().lstrip("/").casefold() for entry in reserved)
        self.elsewhere = tuple(entry.strip().lstrip("/").casefold() for entry in elsewhere)
        self._records = {}
        self._expected = []  # (target path, referrer)
        self._pending = []  # writes still under way in worker processes (see defer)
        self.abandoned = False  # the build stopped: deferred work writes nothing (abandon)

    def reserved_entry(self, path):
        return reserved_entry(path, self.reserved)

    def claim(self, path, owner, content=False, digest=None, make_folder=True):
        """The absolute path to write, its folder made; None (and an error logged) if refused."""
        try:
            relative = normalise(self._relative(str(path)))
        except UnsafePath as error:
            logger.error("outputs: %s: cannot write %s; expected a path inside the output folder",
                         owner, error)
            return None
        if self.elsewhere and reserved_entry(relative, self.elsewhere):
            return None  # another run of this build writes it (OUTPUTS_ELSEWHERE)
        entry = self.reserved_entry(relative) if content else None
        if entry:
            logger.error("outputs: %s: output path %r is reserved (%s belongs to the site's "
                         "plugins); expected an address outside %s", owner, relative, entry,
                         ", ".join(self.reserved))
            return None
        key = relative.casefold()
        if key in self._records:
            first = self._records[key]
            logger.error("outputs: %s: output path %r is already written by %s; expected one "
                         "owner per output file", owner, relative, first.owner)
            return None
        self._records[key] = OutputRecord(relative, owner, content, digest)
        target = self._folder + relative if os.sep == "/" else \
            os.path.join(self.output_path, *relative.split("/"))
        if make_folder:
            os.makedirs(os.path.dirname(target), exist_ok=True)
        return target

    def record_digests(self, digests):
        """{path as claimed: digest}: the digests of files whose inputs were digested after
        they were claimed (batch_render's workers digest what they write)."""
        records = self._records
        for path, digest in digests.items():
            record = records.get(path.casefold()) or records.get(normalise(path).casefold())
            if record is not None:
                record.digest = digest

    def defer(self, finish):
        """Writes of claimed paths go on in the background (batch_render's worker processes);
        `finish()` waits for them. Whatever reads the output folder calls `settle()` first."""
        self._pending.append(finish)

    def abandon(self):
        """The build stops here: wait for what runs in the background (no process is left
        behind), but let nothing more be written (`abandoned` tells deferred writers)."""
        self.abandoned = True
        self.settle()

    def settle(self):
        """Wait until every deferred write is done (re-raising a worker's exception)."""
        while self._pending:
            self._pending.pop(0)()

    def _relative(self, path):
        """`path` relative to the output folder (writers pass absolute paths)."""
        if not os.path.isabs(path):
            return path
        if path.startswith(self._folder):  # the common case, without relpath's cost
            return path[len(self._folder):]
        return os.path.relpath(path, self.output_path)

    def owner_of(self, path):
        return self._records.get(normalise(path).casefold())

    def records(self):
        return sorted(self._records.values(), key=lambda record: record.path)

    def paths(self):
        """Every claimed path, in no particular order (sorting 65,000 records for a count or a
        set of folders took a tenth of a second each time)."""
        return [record.path for record in self._records.values()]

    def expect(self, target, referrer):
        """Note that `referrer` links to `target` (a path from the site root, such as
        'articles/x/' or 'images/a.png'); `missing_links()` lists those nothing wrote."""
        self._expected.append((target, referrer))

    def exists(self, target):
        """Whether a link to `target` reaches a written file (a folder reaches its index.html)."""
        stripped = target.strip("/")
        candidates = [posixpath.join(stripped, "index.html")] if target.endswith("/") or not \
            stripped else [stripped, posixpath.join(stripped, "index.html")]
        for candidate in candidates:
            try:
                if normalise(candidate).casefold() in self._records or (
                        self.elsewhere and reserved_entry(normalise(candidate), self.elsewhere)):
                    return True
            except UnsafePath:
                return False
        return False

    def missing_links(self):
        return sorted({(referrer, target) for target, referrer in self._expected
                       if not self.exists(target)})


def registry(holder):
    """The registry of the build `holder` belongs to: a context dict, a generator, or Pelican."""
    context = getattr(holder, "context", holder)
    found = context.get(CONTEXT_KEY) if isinstance(context, dict) else \
        getattr(holder, "output_registry", None)
    if found is None:
        raise LookupError("outputs: no output registry in this build; expected 'outputs' in "
                          "PLUGINS")
    return found


def _content_of(kwargs):
    for value in kwargs.values():
        if isinstance(value, Content):
            return value
    return None


def shown_path(path):
    """A path as messages show it: relative to the working folder when under it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _owner(template, kwargs):
    """Who a Writer call writes for: the content file, or the template and its subject."""
    item = _content_of(kwargs)
    if item is not None:
        return shown_path(item.source_path), True
    name = getattr(template, "name", None) or "feed"
    member = kwargs.get("member")
    return (f"template {name} for member {member.slug}" if member is not None
            else f"template {name}"), False


class RegistryWriter(Writer):
    """Pelican's Writer, claiming every page and feed it writes in the build's registry."""

    _claim = None  # (registry, owner, content) of the call in progress

    def write_file(self, name, template, context, *args, **kwargs):
        if not name:
            return None
        self._claim = (registry(context), *_owner(template, kwargs))
        try:
            return super().write_file(name, template, context, *args, **kwargs)
        finally:
            self._claim = None

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        self._claim = (registry(context), f"feed {path}", False)
        try:
            return super().write_feed(elements, context, path, *args, **kwargs)
        finally:
            self._claim = None

    def _open_w(self, filename, encoding, override=False):
        if self._claim is not None:
            outputs, owner, content = self._claim
            # Pelican has made the folder already
            if outputs.claim(filename, owner, content=content, make_folder=False) is None:
                return open(os.devnull, "w", encoding=encoding)
        return super()._open_w(filename, encoding, override)


class OutputsGenerator(Generator):
    """Publishes the build's registry in the shared context (a subclass per build holds it)."""

    registry = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.context[CONTEXT_KEY] = self.registry


def get_generators(pelican):
    """A fresh registry for this run, in the context (via the generator) and on Pelican."""
    pelican.output_registry = OutputRegistry(pelican.output_path,
                                             reserved_paths(pelican.settings),
                                             pelican.settings["OUTPUTS_ELSEWHERE"])
    return type("OutputsGenerator", (OutputsGenerator,), {"registry": pelican.output_registry})


def get_writer(pelican):
    return RegistryWriter


def claim_static_files(generators):
    """all_generators_finalized: claim content's static files and the theme's static copy;
    a file that leaves content/ or that a second source also writes is not copied."""
    for generator in generators:
        if isinstance(generator, StaticGenerator):
            _claim_static_files(generator)


def _claim_static_files(generator):
    outputs = registry(generator.context)
    content_root = os.path.realpath(generator.path)
    kept = []
    for static in generator.staticfiles:
        source = os.path.realpath(os.path.join(generator.path, static.source_path))
        owner = f"static file {shown_path(source)}"
        if os.path.commonpath([source, content_root]) != content_root:
            logger.error("outputs: %s: a {static} link leads outside %s/; expected a file under "
                         "it", owner, shown_path(content_root))
            continue
        if outputs.claim(static.save_as, owner, content=True) is not None:
            kept.append(static)
    generator.staticfiles[:] = kept
    # Pelican copies each of THEME_STATIC_PATHS (a folder's files, or a file) into
    # THEME_STATIC_DIR; claim what it will copy.
    destination = generator.settings["THEME_STATIC_DIR"]
    for path in generator.settings["THEME_STATIC_PATHS"]:
        source = os.path.join(generator.theme, path)
        if os.path.isfile(source):
            outputs.claim(posixpath.join(destination, os.path.basename(source)),
                          f"theme file {path}")
        for folder, _, names in os.walk(source):
            for name in sorted(names):
                relative = os.path.relpath(os.path.join(folder, name), source)
                outputs.claim(posixpath.join(destination, relative.replace(os.sep, "/")),
                              f"theme file {posixpath.join(path, relative)}")


def check_links(pelican):
    """finalized: every same-site link in content leads to a file this build wrote."""
    outputs = getattr(pelican, "output_registry", None)
    if outputs is None:
        return
    outputs.settle()
    missing = outputs.missing_links()
    for referrer, target in missing:
        logger.error("%s: link: %r leads to no file of this site; expected an address the "
                     "build writes", referrer, target)


def register():
    signals.initialized.connect(initialized)
    signals.get_generators.connect(get_generators)
    signals.get_writer.connect(get_writer)
    signals.all_generators_finalized.connect(claim_static_files)
    signals.finalized.connect(check_links)
