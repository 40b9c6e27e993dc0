"""dev_preview: in `make devserver`, the files of the profiles just saved, before the rest.

The dev server rebuilds the whole site after a save, incrementally (plugins/batch_render), and
swaps it in when it is complete; at 10,000 members that takes seconds, most of them spent
confirming that tens of thousands of files are unchanged. The editor who saved a profile wants
to see that profile first. With BUILD_PREVIEW = {"folder": <path>, "sources": [<profile
paths>]}, as soon as every generator has read its content (`all_generators_finalized`, before
search_index forks the process that computes the index: PLUGINS order), the build renders the
files of the members read from those paths (each generator's `add_member_jobs`: profile page,
logo, verify page, badges, JSON record) into `folder`, by the very jobs that write them into
the output, so each is the same file the build will write. The dev server serves that folder in front of the site until the build
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


def initialized(pelican):
    """`initialized` signal: this plugin's defaults into Pelican's settings."""
    apply_defaults(pelican.settings, DEFAULTS, owner="dev_preview")


def preview_members(generators):
    """all_generators_finalized: the saved members' files into the preview folder."""
    if not generators:
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
    for generator in generators:
        add_member_jobs = getattr(generator, "add_member_jobs", None)
        if add_member_jobs is not None:
            batch = Batch(generator, name="dev_preview")
            add_member_jobs(batch, members)
            written += batch.write_now(preview["folder"])
    logger.info("dev_preview: %d files of %s", len(written),
                ", ".join(member.slug for member in members))


def register():
    signals.initialized.connect(initialized)
    signals.all_generators_finalized.connect(preview_members)
