"""batch_render: render and write many similar pages fast, in worker processes.

Member pages, verify pages, badges, per-member JSON and the paginated listings are most of the
files of a large directory (four per member). Pelican's `Writer.write_file` copies the whole
context (every setting, every article) for each page, and Jinja copies it again for every include
and `import ... with context`. A `Batch` instead:

- hands each template only the context names that it and the templates it extends, includes or
  imports refer to (found once per template with `jinja2.meta`), so nothing a template can see is
  left out and nothing it cannot see is copied;
- renders in forked worker processes (the generators' models are inherited, never pickled), on
  BUILD_WORKERS cores (default: all of them), and writes bytes directly, creating each folder once;
- keeps Pelican's contract: the same template variables as `write_file` (`output_file`, `url`,
  `page_name`, `<name>_paginator` / `_page` / `_previous_page` / `_next_page` for pagination, a
  relative SITEURL when RELATIVE_URLS is on), so the output is byte-identical.

A generator adds jobs in `generate_output` and calls `run()`. This is a library used by
`member_profiles` and `trust`, not a plugin of its own.
"""

import gc
import hashlib
import json
import logging
import multiprocessing
import os
import pickle
import shutil
import time

from jinja2 import Undefined, meta
from jinja2.defaults import DEFAULT_NAMESPACE
from jinja2.runtime import missing
from pelican.paginator import Paginator
from pelican.utils import get_relative_path, path_to_url, sanitised_join

from .inputs import Unstable, build_key, digest_of, sha, template_digest, text_of
from .reads import Evaluator, Recorded, Recorder, RecordingContext, as_tuple, names_own

logger = logging.getLogger(__name__)

# Below this many jobs, forking costs more than it saves.
MIN_JOBS_PER_WORKER = 200
# At most this many items per chunk of fork_map.
MAP_CHUNK = 250
# Inside the output folder: what each file of a batch was made from (see `inputs`).
MANIFEST_FOLDER = ".build-manifest"
# Where the outputs plugin keeps the build's registry in the context (plugins/outputs).
OUTPUTS_KEY = "OUTPUT_REGISTRY"


# Inside the manifest folder: each template's references and names, as this build parsed them.
PARSED_FILE = "parsed-templates.json"


class Parsed(dict):
    """Template name -> (the templates it refers to, the context names it reads, the digest of
    its source), parsed once per build (see `_parsed`); `kept`: the same, as the INCREMENTAL_FROM
    build parsed them, under the same build key (which covers Jinja and its extensions)."""

    def __init__(self, kept=None):
        super().__init__()
        self.kept = kept or {}


def _parsed(env, name, cache):
    """(templates `name` refers to, context names it reads, digest of its source), computed
    once per build, and not at all when the previous build parsed the same source."""
    if name not in cache:
        source = env.loader.get_source(env, name)[0]
        digest = sha(source)
        kept = cache.kept.get(name)
        if kept and kept[0] == digest:
            cache[name] = (kept[1], set(kept[2]), digest)
        else:
            tree = env.parse(source)
            cache[name] = (list(meta.find_referenced_templates(tree)),
                           meta.find_undeclared_variables(tree), digest)
    return cache[name]


def context_names_used(env, name, cache):
    """Context names the template `name`, and every template it extends, includes or imports,
    may read; None when that cannot be known (a template name computed at render time)."""
    closure = _closure(env, name, cache)
    if None in closure:
        return None
    return set().union(*(_parsed(env, current, cache)[1] for current in closure))


class UnknownName(Undefined):
    """Jinja's Undefined, but a name that nothing defines fails when it is printed, iterated or
    counted, instead of rendering empty: a page shows every value it names or stops the build.
    A setting's name (capitals: the setting of a plugin that is not loaded), a missing
    attribute or key of a value that exists (an optional field of a profile) are still empty,
    and `{% if name %}`, `is defined` and `default` still work."""

    __slots__ = ()

    def _unknown(self):
        if self._undefined_obj is missing and not str(self._undefined_name).isupper():
            self._fail_with_undefined_error()

    def __str__(self):
        self._unknown()
        return ""

    def __iter__(self):
        self._unknown()
        return iter(())

    def __len__(self):
        self._unknown()
        return 0


class ReuseMismatch(RuntimeError):
    """A file the build would reuse differs from a fresh render (BUILD_REUSE_CHECK)."""


def cores(workers):
    """How many processes may work at once: BUILD_WORKERS (`workers`), or every core when it is
    not set."""
    return int(workers or os.cpu_count() or 1)


def code(function):
    """Mark a function the templates call as part of the build's code, as a filter is: what it
    returns depends only on its arguments and on what the build key covers (the code, the
    settings, the theme with its catalogues). A render does not record reading it (gettext is
    called dozens of times on every page); whatever site-wide value a page passes it is
    recorded where the page read it. BUILD_REUSE_CHECK finds a function marked wrongly."""
    function.batch_render_code = True
    return function


class Lazy:
    """A page variable made only where it is needed: in the worker process that renders the
    page (`Lazy(function, *args)` is `function(*args)`). The main process then never holds it
    for every member (at 100,000 members, badges alone are hundreds of megabytes)."""

    __slots__ = ("function", "args")

    def __init__(self, function, *args):
        self.function, self.args = function, args

    def __call__(self):
        return self.function(*self.args)


class Read:
    """A page variable whose reads are recorded, as a site-wide value's are, instead of being
    digested whole: for a large model of which the page shows little (a facet's listing shows
    its name and how many members it has, not the members of its other pages)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


class _Made(dict):
    """A page's variables, each `Lazy` one made when first read (a reused page's badge is
    never made: its digest is that of the function and arguments that make it)."""

    def __init__(self, kwargs):
        super().__init__((name, value.value if isinstance(value, Read) else value)
                         for name, value in kwargs.items())

    def __getitem__(self, name):
        value = super().__getitem__(name)
        if isinstance(value, Lazy):
            value = self[name] = value()
        return value

    def whole(self):
        return {name: self[name] for name in self}


class Batch:
    """Jobs of one generator: pages rendered from templates, text files, copied files."""

    def __init__(self, generator, writer=None, name=None):
        self.name = name or type(generator).__name__
        self.env = generator.env
        # Every site-wide name a page resolves is recorded (see reads); every page a batch
        # renders fails on a name that nothing defines, instead of rendering it empty.
        self.env.context_class = RecordingContext
        self.env.undefined = UnknownName
        self.context = generator.context
        self.settings = generator.settings
        self.output_path = generator.output_path
        self.writer = writer
        self.relative_urls = self.settings["RELATIVE_URLS"]
        self.jobs = []
        self.count = None  # how many jobs the workers are writing (once jobs are let go)
        self.paths = []  # where each job is written, as the outputs registry gave it
        self._contexts = {}
        self._template_keys = {}
        self._memo = {}
        self._sites = {}  # template name -> the site-wide names its pages may read
        self._evaluator = None  # recorded reads evaluated against this build (see _unchanged)
        self._texts = {}  # recorded path -> (it as JSON, whether it names a page variable)
        self._now = {}  # number of a path of the previous manifest -> its value now (_unchanged)
        self._groups = {}  # id of a fragment's reads -> (them, their pairs)
        self._sets = {}  # each set of pairs made in this process, once (see _set)
        self._read_texts = {}  # texts of the values pages read (reads.Recorder.text)
        self._known = set()  # sets of the previous manifest found unchanged for every page
        self.key = None  # the build key (inputs.build_key), known when the batch runs
        self.saves = []  # each job's save_as, in order, once the jobs are let go
        # {save_as: digest} of the INCREMENTAL_FROM build, read where the files are written
        # (each worker reads it: the main process never holds it; see _previous_files)
        self.previous = None

    # --- adding jobs -------------------------------------------------------------------------

    def _base_context(self, template):
        """The part of the context the template can see, built once per template."""
        name = template.name
        if name not in self._contexts:
            # Shared by the batches of one generator (the environment is the generator's).
            cache = self._parse_cache()
            used = context_names_used(self.env, name, cache)
            if used is None:
                self._contexts[name] = dict(self.context)
            else:
                self._contexts[name] = {key: self.context[key] for key in used
                                        if key in self.context}
        return self._contexts[name]

    def page(self, save_as, template, url=None, **kwargs):
        """One page: what `writer.write_file(save_as, template, context, url=url, **kwargs)`
        would write, without pagination. The page's own variables (`kwargs`) are digested whole
        (see `inputs`); what it reads of the site-wide context is recorded as it renders (see
        `reads`). A variable may be `Lazy`: made in the worker that renders it, if it is
        rendered; or `Read`: recorded as it is read, not digested."""
        if not save_as:
            return
        # (page_name, which Pelican's writer sets from save_as, is set when the page is
        # rendered: at 100,000 members, one string fewer per page held by this process)
        self.jobs.append(("page", save_as, template, dict(kwargs, url=url)))

    def paginated(self, save_as, template, url, name, object_list, **kwargs):
        """The pages of one paginated listing, as Pelican's writer splits them (by the
        template's entry in PAGINATED_TEMPLATES)."""
        per_page = (self.settings["PAGINATED_TEMPLATES"].get(template.name.rsplit(".", 1)[0])
                    or self.settings["DEFAULT_PAGINATION"])
        paginator = Paginator(save_as, url, object_list, self.settings, per_page)
        kwargs = dict(kwargs, url=url, page_name=os.path.splitext(save_as)[0])
        for page_num in range(paginator.num_pages):
            page = paginator.page(page_num + 1)
            self.jobs.append(("page", page.save_as, template, dict(
                kwargs,
                **{f"{name}_paginator": paginator,
                   f"{name}_page": page,
                   f"{name}_previous_page": paginator.page(page_num) if page_num > 0 else None,
                   f"{name}_next_page": (paginator.page(page_num + 2)
                                         if page_num + 1 < paginator.num_pages else None)},
            )))

    def text(self, save_as, function, *args):
        """A text file whose content is `function(*args)`, computed in a worker; its digest is
        that of the function's name and of its arguments, whole (see `inputs`)."""
        self.jobs.append(("text", save_as, function, args))

    def copy(self, save_as, source, owner=None):
        """A copy of the file `source`; `owner` names it in the outputs registry."""
        self.jobs.append(("copy", save_as, source, owner))

    def _parse_cache(self):
        """Parsed templates, shared by every batch of this build (generators share a theme),
        starting from those the INCREMENTAL_FROM build parsed."""
        cache = self.context.get("_BATCH_RENDER_PARSED")
        if cache is None:
            kept = None
            previous = self.settings.get("INCREMENTAL_FROM")
            if previous:
                try:
                    data = recall(os.path.join(previous, MANIFEST_FOLDER, PARSED_FILE),
                                  _read_json)
                    if data.get("build_key") == build_key(self.settings, self.context):
                        kept = data["templates"]
                except (OSError, ValueError, AttributeError, KeyError, TypeError):
                    pass
            cache = self.context["_BATCH_RENDER_PARSED"] = Parsed(kept)
        return cache

    def _save_parsed(self):
        """The templates parsed so far, for the next incremental build (each batch's `_finish`
        writes them again: the last one writes them all)."""
        cache = self._parse_cache()
        path = self.context.get("_BATCH_RENDER_PARSED_PATH")
        if path is None:
            path = self.context["_BATCH_RENDER_PARSED_PATH"] = claim_manifest_file(
                self.context, self.output_path, PARSED_FILE,
                "batch_render: the templates parsed, for the next build")
        templates = {name: [digest, refs, sorted(names)]
                     for name, (refs, names, digest) in cache.items()}
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(json.dumps({"build_key": self.key, "templates": templates},
                                    sort_keys=True))

    # --- digests -------------------------------------------------------------------------------

    def _template_key(self, template):
        """Digest of the sources of a template and of every template it extends, includes or
        imports; None when those cannot be known (a template name computed at render time)."""
        name = template.name
        if name not in self._template_keys:
            cache = self._parse_cache()
            closure = _closure(self.env, name, cache)
            self._template_keys[name] = (None if None in closure
                                         else template_digest(self.env, closure))
        return self._template_keys[name]

    def _digest(self, job, key, made):
        """The digest of what one job is made of but its recorded reads: the template and the
        page's own variables (a `Lazy` one by its function and arguments; a `Read` one not at
        all: its reads are recorded), a text's function and arguments, a copy's bytes; None
        when one of them has no stable digest (the file is then always made again)."""
        kind, save_as, what, extra = job
        try:
            if kind == "page":
                template_key = self._template_key(what)
                if template_key is None:
                    return None
                # one digest for the whole job: each value as text (a model's as its digest)
                parts = [template_key] + [f"{name}={self._text_of(name, value, made)}"
                                          for name, value in sorted(extra.items())
                                          if not isinstance(value, Read)]
            elif kind == "text":
                parts = [f"{what.__module__}.{what.__qualname__}",
                         digest_of(list(extra), self._memo)]
            else:
                with open(what, "rb") as handle:
                    parts = [hashlib.sha256(handle.read()).hexdigest()]
        except Unstable:
            return None
        return sha("\n".join([key, kind, save_as, *parts]))

    def _text_of(self, name, value, made):
        """The text the digest has of the page variable `name`: a `Lazy` one's by its function
        and arguments when they have one, else by the value (`made[name]`)."""
        if isinstance(value, Lazy):
            function = value.function
            try:
                return (f"{function.__module__}.{function.__qualname__}"
                        f"({text_of(getattr(function, '__self__', None), self._memo)},"
                        f"{text_of(value.args, self._memo)})")
            except Unstable:
                pass
        return text_of(made[name], self._memo)

    def _site(self, template):
        """The site-wide names a page of `template` may read, recorded as it reads them: its
        part of the context and the environment's globals (Jinja's own aside)."""
        name = template.name
        if name not in self._sites:
            site = {key: value for key, value in self.env.globals.items()
                    if DEFAULT_NAMESPACE.get(key) is not value
                    and not getattr(value, "batch_render_code", False)}
            site.update(self._base_context(template))
            self._sites[name] = site
        return self._sites[name]

    def _unchanged(self, numbers, made):
        """Whether every recorded read of the previous manifest's sets `numbers` gives the same
        value in this build: each path that names no page variable is evaluated once per
        process, and a set of only such paths is checked once per process."""
        if self._evaluator is None:
            self._evaluator = Evaluator({**self.env.globals, **self.context})
        evaluator, known, now = self._evaluator, self._known, self._now
        previous = self.previous
        for number in numbers:
            if number in known:
                continue
            indices, personal = previous["sets"][number], False
            for index in range(0, len(indices), 2):
                found = now.get(indices[index])
                if found is None:
                    path = as_tuple(json.loads(previous["paths"][indices[index]]))
                    # (a path that names a page variable is kept as itself: evaluated per page)
                    found = now[indices[index]] = evaluator.intern(path) if names_own(path) \
                        else evaluator.text(path)
                if type(found) is tuple:
                    personal, found = True, evaluator.text(found, made)
                if found != previous["values"][indices[index + 1]]:
                    return False
            if not personal:
                known.add(number)
        return True

    # --- running -------------------------------------------------------------------------------

    def _render_page(self, save_as, template, kwargs, made):
        """(the page's bytes, its recorded reads)."""
        context = dict(self._base_context(template))
        context["localsiteurl"] = context.get("localsiteurl")
        if self.relative_urls:
            relative = path_to_url(get_relative_path(save_as))
            context["SITEURL"] = context["localsiteurl"] = relative
        context["output_file"] = save_as
        context["page_name"] = os.path.splitext(save_as)[0]  # a listing's pages: its first's
        context.update(made)
        for name, value in kwargs.items():
            if isinstance(value, Read):
                context[name] = Recorded(made[name], (("v", name),))
        with Recorder(self._site(template), made, self._read_texts) as recorder:
            data = template.render(context).encode("utf-8")
        return data, recorder

    def _output(self, job, made=None):
        """(the bytes of a job's file, its recorded reads: sets of (path as JSON, value) pairs,
        the page's own first, then one per fragment it shows, each the same tuple for every
        page that shows the fragment)."""
        kind, save_as, what, extra = job
        if kind == "page":
            made = (made or _Made(extra)).whole()
            data, recorder = self._render_page(save_as, what, extra, made)
            # The page's own reads in two sets: those the same for every page (mostly one set
            # for a whole template, checked once per process) and those naming a page variable
            shared, personal = {}, {}
            for path, value in recorder.reads.items():
                text, named = self._path_text(path)
                (personal if named else shared)[text] = value
            sets = (self._set(shared), self._set(personal)) if personal else (self._set(shared),)
            return data, (*sets, *(self._group(group) for group in recorder.groups))
        if kind == "text":
            return what(*extra).encode("utf-8"), ((),)
        with open(what, "rb") as handle:
            return handle.read(), ((),)

    def _set(self, reads):
        """Reads ({path as JSON: value}) as sorted pairs; equal sets are one object (Table.add
        numbers each object once)."""
        pairs = tuple(sorted(reads.items()))
        return self._sets.setdefault(pairs, pairs)

    def _group(self, group):
        """The pairs of a fragment's reads, made once per process (kept with the list)."""
        found = self._groups.get(id(group))
        if found is None:
            found = self._groups[id(group)] = (group, self._set(
                {self._path_text(path)[0]: value for path, value in group}))
        return found[1]

    def _path_text(self, path):
        """(a recorded path as JSON, whether it names a page variable), made once per process."""
        found = self._texts.get(path)
        if found is None:
            found = self._texts[path] = (json.dumps(path, separators=(",", ":")),
                                         bool(names_own(path)))
        return found

    def _owner(self, job):
        """Who writes the file, as the outputs registry names it."""
        kind, save_as, what, extra = job
        if kind == "page":
            member = extra.get("member")
            return (f"template {what.name} for member {member.slug}" if member is not None
                    else f"template {what.name}")
        if kind == "copy" and extra:
            return extra
        return f"{self.name}: {save_as}"

    def _write_range(self, start, stop):
        """Write jobs[start:stop], each linked from the previous build when its digest is the
        same and every read its render recorded gives the same value now; returns (how many
        were rendered, (digest, reads) of each). The digests are made here, in the worker that
        writes the files, from the inputs the worker inherited. With BUILD_REUSE_CHECK, a file
        that would be linked is rendered again, and a difference stops the build."""
        made_folders, rendered, results, key = set(), 0, [], self.key
        table = Table()  # this range's reads, numbered (see _finish)
        carried = {}  # number of a set in the previous manifest -> its number in `table`
        previous, previous_path = self._previous_files(), self.previous_path
        files = previous.get("files", {})
        check = self.settings.get("BUILD_REUSE_CHECK")
        for index in range(start, stop):
            job = self.jobs[index]
            made = _Made(job[3]) if job[0] == "page" else None
            digest = self._digest(job, key, made)
            # the path the outputs registry gave when it was claimed (checked there)
            path = self.paths[index] if self.paths else sanitised_join(self.output_path, job[1])
            folder = path.rpartition(os.sep)[0]
            if folder not in made_folders:
                try:  # (one syscall: the parent folder is made already, mostly)
                    os.mkdir(folder)
                except FileExistsError:
                    pass
                except FileNotFoundError:
                    os.makedirs(folder, exist_ok=True)
                made_folders.add(folder)
            before = files.get(job[1])
            if digest is not None and before is not None and before[0] == digest:
                if self._unchanged(before[1:], made or {}):
                    # Same inputs as the previous build's file: the file is the same. A hard
                    # link costs one syscall; the previous output is never written to again.
                    source = os.path.join(previous_path, job[1])
                    if check:
                        self._check(job, made, source, [
                            pair for number in before[1:]
                            for pair in self._previous_reads(number)])
                    results.append((digest, tuple(
                        carried[number] if number in carried else carried.setdefault(
                            number, table.add(self._previous_reads(number)))
                        for number in before[1:])))
                    try:
                        os.link(source, path)
                        continue
                    except OSError:
                        if os.path.isfile(source):
                            shutil.copyfile(source, path)
                            continue
                    results.pop()
            data, reads = self._output(job, made)
            with open(path, "wb") as handle:
                handle.write(data)
            results.append((digest, tuple(table.add(pairs) for pairs in reads)))
            rendered += 1
        # (the digests' memo lives as long as this process's copy of the batch: a worker's, or
        # until _finish here; a text job's arguments, such as `trust`, are walked once)
        return rendered, results, table.lists()

    def _previous_reads(self, number):
        """The set `number` of the previous manifest ([path, value, path, value...] indices) as
        (path as JSON, value) pairs."""
        numbers = self.previous["sets"][number]
        paths, values = self.previous["paths"], self.previous["values"]
        return tuple((paths[numbers[i]], values[numbers[i + 1]])
                     for i in range(0, len(numbers), 2))

    def _check(self, job, made, source, reads):
        """BUILD_REUSE_CHECK: the file at `source`, about to be reused, is what a render makes
        now; else stop, naming the file and what its recording missed."""
        data, sets = self._output(job, made)
        fresh = [pair for pairs in sets for pair in pairs]
        with open(source, "rb") as handle:
            old = handle.read()
        if data == old:
            return
        recorded = dict(reads)
        missed = [f"{path} = {value}" for path, value in fresh
                  if recorded.get(path) != value]
        lines = list(zip(old.decode("utf-8", "replace").splitlines(),
                         data.decode("utf-8", "replace").splitlines()))
        line = next((n for n, (a, b) in enumerate(lines, 1) if a != b), len(lines) + 1)
        was, now = lines[line - 1] if line <= len(lines) else ("", "")
        read = ("reads the previous render did not record: " + "; ".join(missed[:5])
                if missed else "every recorded read is unchanged, so it read something the "
                "recording cannot see (a file opened directly, a filter reading outside the "
                "context)")
        raise ReuseMismatch(
            f"batch_render: {job[1]}: the reused file differs from a fresh render at line "
            f"{line} (was {was.strip()[:100]!r}, now {now.strip()[:100]!r}); {read}; expected "
            "every site-wide value a render reads to be read through its context")

    def _previous_files(self):
        """The previous build's manifest of this batch when it had this build's key (the same
        code, settings and theme), else {}: read once per process."""
        if self.previous is None:
            previous = _read_manifest(self.previous_path, self.name)
            self.previous = previous if previous.get("build_key") == self.key else {}
        return self.previous

    def workers(self):
        return max(1, min(cores(self.settings.get("BUILD_WORKERS")),
                          len(self.jobs) // MIN_JOBS_PER_WORKER))

    def run(self, background=False):
        """Render and write every job (linking those whose inputs are unchanged since the
        INCREMENTAL_FROM build). With an outputs registry in the context, worker processes
        go on digesting and writing in the background while the build continues, and the
        registry's `settle()` waits for them (before anything reads the output folder); without
        one, or with one worker, this returns when every file is written. `background`: even
        a batch of few jobs (one long page) goes to a worker, when there is more than one core
        (BUILD_WORKERS)."""
        self.started = time.perf_counter()
        self.key = build_key(self.settings, self.context)
        self.previous_path = self.settings.get("INCREMENTAL_FROM") or ""
        self._claim()
        for job in self.jobs:  # what every worker needs is made before forking, once
            if job[0] == "page":
                self._base_context(job[2])
                self._template_key(job[2])
        self.manifest_path = claim_manifest_file(self.context, self.output_path,
                                                 f"{self.name}.json",
                                                 f"batch_render: manifest of {self.name}")
        self.saves = [job[1] for job in self.jobs]
        count, self.worker_count = len(self.jobs), self.workers()
        outputs = self.context.get(OUTPUTS_KEY)
        alone = (background and outputs is not None and count
                 and cores(self.settings.get("BUILD_WORKERS")) > 1)
        if self.worker_count == 1 and not alone:
            self._finish([self._write_range(0, count)])
            return
        chunk = max(50, count // (self.worker_count * 8))
        ranges = [(start, min(start + chunk, count)) for start in range(0, count, chunk)]
        pool = multiprocessing.get_context("fork").Pool(
            self.worker_count, initializer=_adopt, initargs=(self,))
        result = pool.starmap_async(_write_range_in_worker, ranges, chunksize=1)
        # The workers have their own copy of the jobs (forked above): this process lets its
        # copy go while they write (at 100,000 members, hundreds of megabytes).
        self.count, self.jobs, self.paths = count, [], []

        def finish():
            try:
                self._finish(result.get())
            finally:
                pool.close()
                pool.join()

        if outputs is None:
            finish()
        else:
            outputs.defer(finish)

    def write_now(self, folder):
        """Render every job here and now into `folder`, which is not the build's output: no
        path is claimed, no manifest written, nothing linked (make devserver's preview,
        plugins/dev_preview). Each file appears whole: written under a temporary name in its
        folder, then renamed; a file already there with the same bytes is left as it is.
        Returns the paths of the jobs' files."""
        written = []
        for job in self.jobs:
            path = sanitised_join(folder, job[1])
            data = self._output(job)[0]
            try:
                with open(path, "rb") as handle:
                    same = handle.read() == data
            except OSError:
                same = False
            if not same:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                partial = f"{path}.partial"
                with open(partial, "wb") as handle:
                    handle.write(data)
                os.replace(partial, path)
            written.append(path)
        self.jobs = []
        return written

    def _finish(self, parts):
        """The workers' (rendered, [(digest, set)], their Table's lists) of each range, in
        order: the manifest is written and each file's digest recorded in the outputs registry.

        The manifest: {"build_key", "files": {save_as: [digest, set, set...]}, "sets": [[path,
        value, path, value...]], "paths": [recorded path as JSON], "values": [recorded value]};
        a set is reads of one or more files (a page's own, or those of a fragment many pages
        show), by their indices in `paths` and `values`."""
        count = self.count if self.count is not None else len(self.jobs)
        rendered = sum(part[0] for part in parts)
        table, files, saves = Table(), {}, iter(self.saves)
        for _, results, (paths, values, sets) in parts:
            numbered = table.merge(paths, values, sets)
            for (digest, numbers), save_as in zip(results, saves):
                if digest is not None:
                    files[save_as] = [digest, *(numbered[number] for number in numbers)]
        paths, values, sets = table.lists()
        with open(self.manifest_path, "w", encoding="utf-8") as handle:
            # json.dumps (one shot, no indent) is the C encoder; json.dump is pure Python
            handle.write(json.dumps({"build_key": self.key, "files": files, "sets": sets,
                                     "paths": paths, "values": values}, sort_keys=True))
        self._save_parsed()
        outputs = self.context.get(OUTPUTS_KEY)
        if outputs is not None:
            outputs.record_digests({save_as: entry[0] for save_as, entry in files.items()})
        logger.info("batch_render: %s: %d files, %d rendered, %d unchanged, in %.2f s "
                    "(%d workers)", self.name, count, rendered, count - rendered,
                    time.perf_counter() - self.started, self.worker_count)
        self.jobs, self.saves, self.paths, self._memo, self.count = [], [], [], {}, None
        self._sets, self._read_texts = {}, {}

    def _claim(self):
        """Claim every path in the build's outputs registry (their digests are recorded when
        the workers have made them); a refused path (another writer has it; the registry logs
        the error) is not written."""
        self.paths = []
        outputs = self.context.get(OUTPUTS_KEY)
        if outputs is None:
            return
        kept = [(job, path) for job in self.jobs
                if (path := outputs.claim(job[1], self._owner(job), make_folder=False))
                is not None]
        self.jobs = [job for job, _ in kept]
        self.paths = [path for _, path in kept]


class Table:
    """Recorded reads, numbered: each distinct path, value and set of (path, value) pairs
    once (a worker's range sends its own table, which the main process merges)."""

    def __init__(self):
        self.paths, self.values, self.sets = {}, {}, {}
        self._seen = {}  # id of a tuple of pairs added -> (it, its number)

    def add(self, reads):
        """The number of the set `reads` ((path as JSON, value) pairs)."""
        seen = self._seen.get(id(reads))
        if seen is not None and seen[0] is reads:  # (a fragment's reads, on many pages)
            return seen[1]
        paths, values = self.paths, self.values
        numbers = tuple(number for path, value in reads for number in (
            paths.setdefault(path, len(paths)), values.setdefault(value, len(values))))
        number = self.sets.setdefault(numbers, len(self.sets))
        self._seen[id(reads)] = (reads, number)
        return number

    def merge(self, paths, values, sets):
        """Another table's lists added to this one; returns its sets' numbers here."""
        path_numbers = [self.paths.setdefault(path, len(self.paths)) for path in paths]
        value_numbers = [self.values.setdefault(value, len(self.values)) for value in values]
        numbered = []
        for numbers in sets:
            mapped = tuple(path_numbers[number] if index % 2 == 0 else value_numbers[number]
                           for index, number in enumerate(numbers))
            numbered.append(self.sets.setdefault(mapped, len(self.sets)))
        return numbered

    def lists(self):
        return list(self.paths), list(self.values), list(self.sets)


def _closure(env, name, cache):
    seen, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            if current is not None:  # (a name computed at render time: None)
                todo.extend(_parsed(env, current, cache)[0])
    return seen


def claim_manifest_file(context, output_path, name, owner):
    """The path of `name` in the output's manifest folder, claimed in the outputs registry."""
    relative = f"{MANIFEST_FOLDER}/{name}"
    outputs = context.get(OUTPUTS_KEY)
    if outputs is not None:
        path = outputs.claim(relative, owner)
        if path is None:
            raise RuntimeError(f"batch_render: {relative} is written by another plugin")
        return path
    path = os.path.join(output_path, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


# Files read ahead by a long-lived process (make devserver's builder, sitetools.devbuild) while
# it waits for the next edit: path -> (what identifies the file's state, the value read).
_read_ahead = {}


def _state(path):
    found = os.stat(path)
    return found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns


class Stopped(Exception):
    """A read ahead given up half-way (`read_ahead`'s `stop` said so): nothing of it is kept."""


def read_ahead(path, read, stop=None):
    """Read `read(path)` now and keep it for `recall(path, read)` in this process and in the
    processes forked from it, as long as the file stays the same (same inode, size and
    modification time: a build writes new files into a new folder, never into an old one).
    A `read` given up because `stop()` became true raises Stopped, and nothing is kept."""
    try:
        state = _state(path)
        _read_ahead[path] = (state, read(path, stop) if stop else read(path))
    except (OSError, Stopped):
        _read_ahead.pop(path, None)


def read_ahead_manifests(folder, stop=lambda: False):
    """Read ahead the manifests of every batch of the build in the output `folder`, until
    `stop()` is true (checked before each file)."""
    try:
        names = sorted(os.listdir(os.path.join(folder, MANIFEST_FOLDER)))
    except OSError:
        return
    for name in names:
        if stop():
            return
        if name.endswith(".json"):
            read_ahead(os.path.join(folder, MANIFEST_FOLDER, name), _read_json)


def recall(path, read):
    """`read(path)`, or the value `read_ahead` made of the file in the same state."""
    kept = _read_ahead.get(path)
    if kept is not None:
        try:
            if _state(path) == kept[0]:
                return kept[1]
        except OSError:
            pass
    return read(path)


def _read_manifest(folder, name):
    """The manifest of the batch `name` of the build in `folder` (see Batch._finish); {} if
    none."""
    if not folder:
        return {}
    try:
        data = recall(manifest_path(folder, name), _read_json)
        return data if isinstance(data, dict) and isinstance(data.get("files"), dict) else {}
    except (OSError, ValueError):
        return {}


def manifest_path(folder, name):
    """The manifest of the batch `name` in the output `folder`."""
    return os.path.join(folder, MANIFEST_FOLDER, f"{name}.json")


def _read_json(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


_batch = None


def _adopt(batch):
    """Worker initializer: the batch arrives by fork, not by pickling."""
    global _batch  # noqa: PLW0603 - lives only in the forked worker
    _batch = batch
    _worker_heap()


def _write_range_in_worker(start, stop):
    return _batch._write_range(start, stop)



_mapped = None


def fork_map(function, items, workers=None, dumps=pickle.dumps):
    """`[function(item) for item in items]`, in forked worker processes when there are enough
    items (MIN_JOBS_PER_WORKER each): `function` and all it refers to are inherited by fork,
    never pickled; only the items go out, and each chunk's results come back as bytes made by
    `dumps` (for results that need their own pickler), in order. `workers`: BUILD_WORKERS."""
    return fork_map_async(function, items, workers, dumps)()


def fork_map_async(function, items, workers=None, dumps=pickle.dumps):
    """`fork_map(function, items, workers, dumps)` started now, in forked worker processes,
    while this process goes on; returns `results()`, which waits for the list (in order) the
    first time it is called. With few items or one core, `results()` computes them here."""
    workers = max(1, min(cores(workers), len(items) // MIN_JOBS_PER_WORKER))
    made = []
    if workers == 1:
        def here():
            if not made:
                made.extend(function(item) for item in items)
            return made

        return here
    # Small chunks, unpickled as they arrive: the results of 100,000 profiles are never all
    # held twice (as bytes and as objects) at once.
    size = max(1, min(MAP_CHUNK, -(-len(items) // (workers * 4))))
    chunks = [items[start:start + size] for start in range(0, len(items), size)]
    global _mapped  # noqa: PLW0603 - read only by the workers forked just below
    _mapped = (function, dumps)
    try:
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=_worker_heap)
        parts = pool.imap(_map_chunk, chunks, chunksize=1)  # (the workers start on them now)
    finally:
        _mapped = None
    running = [pool]

    def results():
        if running:
            try:
                for part in parts:
                    made.extend(pickle.loads(part))
            except BaseException:
                pool.terminate()
                raise
            finally:
                running.clear()
                pool.close()
                pool.join()
        return made

    return results


def _map_chunk(items):
    function, dumps = _mapped
    return dumps([function(item) for item in items])


def in_background(context, function, receive, minimum=MIN_JOBS_PER_WORKER, size=0):
    """Compute `function()` in a forked process while the build goes on, and call
    `receive(result)` in this process when the outputs registry settles (the result comes back
    pickled, so it must be data: text, numbers, lists, dicts). `function` and all it reads are
    inherited by fork. With one core (BUILD_WORKERS=1), or when `size` (how many items the work
    covers) is under `minimum`, both run in this process when the registry settles; without a
    registry, here and now. A build that stops (`abandon`) receives nothing."""
    outputs = context.get(OUTPUTS_KEY)
    if outputs is None:
        receive(function())
        return
    if cores(context.get("BUILD_WORKERS")) < 2 or size < minimum:  # here, when it settles
        outputs.defer(lambda: None if outputs.abandoned else receive(function()))
        return
    global _mapped  # noqa: PLW0603 - read only by the worker forked just below
    _mapped = (function, pickle.dumps)
    pool = multiprocessing.get_context("fork").Pool(1, initializer=_worker_heap)
    try:
        pending = pool.apply_async(_call_mapped)
    finally:
        _mapped = None

    def finish():
        try:
            result = pickle.loads(pending.get())
        finally:
            pool.close()
            pool.join()
        if not outputs.abandoned:  # a build that stopped writes nothing more
            receive(result)

    outputs.defer(finish)


def _call_mapped():
    function, dumps = _mapped
    return dumps(function())


_gc_paused = False  # whether this process's collector is off because a build paused it
_gc_froze = False  # whether a build in this process froze what it made (see pause_gc)


def pause_gc(context):
    """No cyclic garbage collection in this process while the build runs. A build's models
    (10,000 members are millions of objects) live until it is written, and every full
    collection would walk them again and again; the main process makes little cyclic garbage.
    When the outputs registry settles (the build is written, or build_gate stops it), what the
    build made is frozen (left out of later collections, so the process does not spend its last
    second walking it) and collection resumes. A process that builds again (tests) unfreezes
    and collects the previous build's objects here, first (only what a build froze: make
    devserver's builder freezes what it read ahead before each build forks from it, and those
    objects are the build's to use, not garbage). Worker processes collect as usual,
    over what they make themselves (`_worker_heap`). Without the registry, nothing changes; a
    collector someone else turned off stays off."""
    global _gc_paused, _gc_froze  # noqa: PLW0603 - one collector per process
    outputs = context.get(OUTPUTS_KEY)
    if outputs is None or not (gc.isenabled() or _gc_paused):
        return
    if _gc_froze:
        gc.unfreeze()
        gc.collect()
        _gc_froze = False
    gc.disable()
    _gc_paused = True

    def resume():
        global _gc_paused, _gc_froze  # noqa: PLW0603
        gc.freeze()
        gc.enable()
        _gc_paused, _gc_froze = False, True

    outputs.defer(resume)


def _worker_heap():
    """In a forked worker: the inherited heap is frozen (never walked, so its pages are not
    copied), and what the worker makes is collected."""
    gc.freeze()
    gc.enable()
