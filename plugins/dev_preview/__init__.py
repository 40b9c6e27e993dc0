"""dev_preview: in `make devserver`, the files of the profiles just saved, before the rest.

The dev server rebuilds the whole site after a save, incrementally (plugins/batch_render), and
swaps it in when it is complete; at 10,000 members that takes seconds, most of them spent
confirming that tens of thousands of files are unchanged. The editor who saved a profile wants
to see that profile first. With BUILD_PREVIEW = {"folder": <path>, "sources": [<profile
paths>]}, as soon as the generators that make a member's files have read their content (this
plugin's generator, which PLUGINS puts right after trust's, runs before the statistics, embeds,
articles, association and search generators read theirs), the build renders the files of the
members read from those paths (each generator's `add_member_jobs`: profile page, logo, verify
page, badges, JSON record) into `folder`, by the very jobs that write them into the output. When
every generator has read its content (`all_generators_finalized`), they are rendered again and
any that differs is written over (a render that failed early, on a name a later generator
makes, left nothing), so each ends as the same file the build will write. The dev server serves that folder in front of the site until the build
lands (sitetools.devserver_http), then drops it.

A member whose profile has problems is not in the directory and gets no preview. Nothing here
touches the build's output, its registry or its manifests; BUILD_PREVIEW is a run setting
(batch_render.inputs.RUN_SETTINGS), so it does not change what the build writes. Off (None)
outside the dev server.
"""

import logging
import os

from batch_render import Batch
from pelican import signals
from validation.defaults import apply_defaults

logger = logging.getLogger(__name__)

DEFAULTS = {
    # {"folder": where the preview goes, "sources": the saved profile files}, or None
    "BUILD_PREVIEW": None,
}


_made = []  # this build's generators that make a member's files, as they are made
_done = []  # whether this build's preview is written


def initialized(pelican):
    """`initialized` signal: this plugin's defaults into Pelican's settings."""
    apply_defaults(pelican.settings, DEFAULTS, owner="dev_preview")
    _made.clear()
    _done.clear()


def generator_made(generator):
    """`generator_init`: keep the generators that make a member's files (add_member_jobs)."""
    if generator.settings.get("BUILD_PREVIEW") and hasattr(generator, "add_member_jobs"):
        _made.append(generator)


class PreviewGenerator:
    """A generator whose generate_context writes the preview: PLUGINS puts it after trust, so it
    runs once the member and trust generators have read theirs."""

    def __init__(self, context, settings, *args, **kwargs):
        self.context, self.settings = context, settings

    def generate_context(self):
        preview_members(list(_made), early=True)


def get_generators(pelican):
    return PreviewGenerator if pelican.settings.get("BUILD_PREVIEW") else None


def preview_members(generators, early=False):
    """The saved members' files into the preview folder: `early`, from this plugin's generator
    (when a render fails, as it does on a name no generator has made yet, nothing is kept);
    then at all_generators_finalized, where every file is rendered again and written over the
    early one if it differs, so the preview ends as the very files the build writes."""
    if not generators or (_done and early):
        return
    preview = generators[0].settings.get("BUILD_PREVIEW")
    directory = generators[0].context.get("directory")
    if not preview or directory is None:
        return
    sources = {os.path.realpath(path) for path in preview.get("sources", ())}
    names = {os.path.basename(path) for path in sources}
    # (a path is resolved only for a member whose file has a saved file's name: at 10,000
    # members, resolving every path would take longer than the preview)
    members = [member for member in directory.members
               if os.path.basename(member.source) in names
               and os.path.realpath(member.source) in sources]
    if not members:
        return
    written = []
    try:
        for generator in generators:
            add_member_jobs = getattr(generator, "add_member_jobs", None)
            if add_member_jobs is not None:
                batch = Batch(generator, name="dev_preview")
                add_member_jobs(batch, members)
                written += batch.write_now(preview["folder"])
    except Exception:  # noqa: BLE001 - early, a render may need what later generators make
        if not early:
            raise
        for path in written:
            os.remove(path)
        logger.info("dev_preview: the preview waits for every generator")
        return
    if early:
        _done.append(True)
    logger.info("dev_preview: %d files of %s", len(written),
                ", ".join(member.slug for member in members))


def register():
    signals.initialized.connect(initialized)
    signals.generator_init.connect(generator_made)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(preview_members)
