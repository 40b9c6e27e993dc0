"""embeds: member lists other sites frame (/embed/...), and the page that builds the code.

Every service, country, industry and language, and each list of the staff-edited partner file
(EMBED_PARTNERS_PATH), gets a compact page under EMBED_URL: logo, name, status and a link to the
profile (opened in the top window), without the site's header, footer or navigation. Options are
static variants of each list (lists.VARIANTS: dark/, no-links/, dark-no-links/), so they work
with JavaScript off. The page posts its height to the framing page; the partner includes
EMBED_FRAME_SCRIPT_SAVE_AS (theme/static/js/embed-frame.js, under a stable name), which checks the
message's origin and sizes the frame. Only these paths may be framed (hosting:
HOSTING_FRAMEABLE_PATHS). The embed-code page (EMBED_BUILDER_URL) is linked from the channel
partners page.

Members come from `context["directory"]` (member_profiles), so this plugin comes after it.
"""

import logging
import os
import shutil

import i18n
from batch_render import Batch
from outputs import registry
from pelican import signals
from pelican.generators import Generator
from validation.defaults import apply_defaults
from validation.problems import log_problems

from .lists import VARIANTS, embed_lists, load_partner_embeds

logger = logging.getLogger(__name__)

DEFAULTS = {
    # Where the lists live (a folder; HOSTING_FRAMEABLE_PATHS lets other sites frame it).
    "EMBED_URL": "embed/",
    # The staff-edited partner lists, relative to content/ (no file: no partner lists).
    "EMBED_PARTNERS_PATH": "data/partner-embeds.yaml",
    # The script partners include, under a name that never changes (not fingerprinted).
    "EMBED_FRAME_SCRIPT_SAVE_AS": "embed/frame.js",
    # The page that builds the embed code; empty: no page.
    "EMBED_BUILDER_URL": "partners/embed/",
    "EMBED_BUILDER_SAVE_AS": "partners/embed/index.html",
    # The frame's height before the script sizes it (and with JavaScript off: it scrolls).
    "EMBED_DEFAULT_HEIGHT": 420,
}
FRAME_SCRIPT_SOURCE = "js/embed-frame.js"  # in the theme's static folder


def initialized(pelican):
    """`initialized` signal: this plugin's defaults into Pelican's settings."""
    apply_defaults(pelican.settings, DEFAULTS, owner="embeds")


class EmbedsGenerator(Generator):
    """Lists in generate_context (problems logged for build_gate), pages in generate_output."""

    def generate_context(self):
        directory = self.context.get("directory")
        self.lists = []
        if directory is None:
            return
        partners, problems, member_problems = load_partner_embeds(
            self.settings, directory.profile_slugs, directory.providers_folder)
        log_problems(logger, problems)
        if member_problems:
            logger.warning("embeds: partner lists name members without a profile in this "
                           "build; left out:\n%s", "\n".join(map(str, member_problems)))
        self.lists = embed_lists(directory, partners, self.settings["EMBED_URL"],
                                 i18n.translations(self.settings))
        self.context["embed_lists"] = self.lists

    def generate_output(self, writer):
        if not self.lists:
            return
        # (a batch: in worker processes, and an incremental build reuses a list's pages when
        # its members and what the pages read of the site are unchanged)
        template = self.get_template("embed")
        batch = Batch(self, writer, "embeds")
        for embed in self.lists:
            for variant in VARIANTS:
                batch.page(embed.variant_url(variant) + "index.html", template,
                           embed=embed, variant=variant)
        batch.run(background=True)
        if self.settings["EMBED_BUILDER_URL"]:
            writer.write_file(self.settings["EMBED_BUILDER_SAVE_AS"],
                              self.get_template("embed_builder"), self.context,
                              lists=self.lists, variants=VARIANTS, nav_section="partners")
        self._write_frame_script()

    def _write_frame_script(self):
        source = os.path.join(self.settings["THEME"], "static", FRAME_SCRIPT_SOURCE)
        path = registry(self.context).claim(self.settings["EMBED_FRAME_SCRIPT_SAVE_AS"], "embeds")
        if path is not None:
            shutil.copyfile(source, path)


def get_generators(pelican):
    return EmbedsGenerator


def register():
    signals.initialized.connect(initialized)
    signals.get_generators.connect(get_generators)
