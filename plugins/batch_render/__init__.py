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

import logging
import multiprocessing
import os

from jinja2 import meta
from pelican.paginator import Paginator
from pelican.utils import get_relative_path, path_to_url, sanitised_join

logger = logging.getLogger(__name__)

# Below this many jobs, forking costs more than it saves.
MIN_JOBS_PER_WORKER = 200


def _parsed(env, name, cache):
    """(templates `name` refers to, context names it reads), computed once per env."""
    if name not in cache:
        tree = env.parse(env.loader.get_source(env, name)[0])
        cache[name] = (list(meta.find_referenced_templates(tree)),
                       meta.find_undeclared_variables(tree))
    return cache[name]


def context_names_used(env, name, cache=None):
    """Context names the template `name`, and every template it extends, includes or imports,
    may read; None when that cannot be known (a template name computed at render time)."""
    cache = {} if cache is None else cache
    seen, todo, used = set(), [name], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        referenced, names = _parsed(env, current, cache)
        if None in referenced:
            return None
        todo.extend(referenced)
        used |= names
    return used


class Batch:
    """Jobs of one generator: pages rendered from templates, text files, copied files."""

    def __init__(self, generator, writer=None):
        self.env = generator.env
        self.context = generator.context
        self.settings = generator.settings
        self.output_path = generator.output_path
        self.writer = writer
        self.relative_urls = self.settings["RELATIVE_URLS"]
        self.jobs = []
        self._contexts = {}

    # --- adding jobs -------------------------------------------------------------------------

    def _base_context(self, template):
        """The part of the context the template can see, built once per template."""
        name = template.name
        if name not in self._contexts:
            # Shared by the batches of one generator (the environment is the generator's).
            cache = self.env.__dict__.setdefault("_batch_render_parsed", {})
            used = context_names_used(self.env, name, cache)
            if used is None:
                self._contexts[name] = dict(self.context)
            else:
                self._contexts[name] = {key: self.context[key] for key in used
                                        if key in self.context}
        return self._contexts[name]

    def page(self, save_as, template, url=None, **kwargs):
        """One page: what `writer.write_file(save_as, template, context, url=url, **kwargs)`
        would write, without pagination."""
        if not save_as:
            return
        self.jobs.append(("page", save_as, template, dict(kwargs, url=url,
                                                          page_name=os.path.splitext(save_as)[0])))

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
        """A text file whose content is `function(*args)`, computed in a worker."""
        self.jobs.append(("text", save_as, function, args))

    def copy(self, save_as, source):
        """A copy of the file `source`."""
        self.jobs.append(("copy", save_as, source, None))

    # --- running -------------------------------------------------------------------------------

    def _render_page(self, save_as, template, kwargs):
        context = dict(self._base_context(template))
        context["localsiteurl"] = context.get("localsiteurl")
        if self.relative_urls:
            relative = path_to_url(get_relative_path(save_as))
            context["SITEURL"] = context["localsiteurl"] = relative
        context["output_file"] = save_as
        context.update(kwargs)
        return template.render(context).encode("utf-8")

    def _output(self, job):
        kind, save_as, what, extra = job
        if kind == "page":
            return self._render_page(save_as, what, extra)
        if kind == "text":
            return what(*extra).encode("utf-8")
        with open(what, "rb") as handle:
            return handle.read()

    def _write_range(self, start, stop):
        made = set()
        for job in self.jobs[start:stop]:
            path = sanitised_join(self.output_path, job[1])
            folder = os.path.dirname(path)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            data = self._output(job)
            with open(path, "wb") as handle:
                handle.write(data)
        return stop - start

    def workers(self):
        wanted = self.settings.get("BUILD_WORKERS") or os.cpu_count() or 1
        return max(1, min(int(wanted), len(self.jobs) // MIN_JOBS_PER_WORKER))

    def run(self):
        """Render and write every job; returns how many files were written."""
        self._claim()
        for job in self.jobs:  # templates' contexts are built before forking, once
            if job[0] == "page":
                self._base_context(job[2])
        count, workers = len(self.jobs), self.workers()
        if workers == 1:
            written = self._write_range(0, count)
        else:
            chunk = max(50, count // (workers * 8))
            ranges = [(start, min(start + chunk, count)) for start in range(0, count, chunk)]
            with multiprocessing.get_context("fork").Pool(
                    workers, initializer=_adopt, initargs=(self,)) as pool:
                written = sum(pool.starmap(_write_range_in_worker, ranges, chunksize=1))
        self.jobs = []
        return written

    def _claim(self):
        """Tell Pelican's writer about these paths, so a second writer of one is refused."""
        if self.writer is None:
            return
        claimed = getattr(self.writer, "_written_files", None)
        if claimed is None:
            return
        for job in self.jobs:
            path = sanitised_join(self.output_path, job[1])
            if path in claimed:
                raise RuntimeError(f"batch_render: {job[1]} is written twice")
            claimed.add(path)


_batch = None


def _adopt(batch):
    """Worker initializer: the batch arrives by fork, not by pickling."""
    global _batch  # noqa: PLW0603 - lives only in the forked worker
    _batch = batch


def _write_range_in_worker(start, stop):
    return _batch._write_range(start, stop)

