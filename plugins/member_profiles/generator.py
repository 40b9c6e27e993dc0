"""The Pelican generator for member pages, the directory and its facet pages."""

import logging
import os

from batch_render import Batch, Read, pause_gc
from pelican.generators import Generator
from records.signatures import unsigned_summary
from validation.problems import log_problems

from . import settings as conf
from .cache import MemberCache
from .directory import build_directory
from .profiles import load_provider_profiles

logger = logging.getLogger(__name__)
# The settings prefix of each facet kind's index page (SERVICES_URL, ...).
FACET_INDEXES = {"service": "SERVICES", "country": "COUNTRIES", "industry": "INDUSTRIES",
                 "language": "LANGUAGES"}


class ProvidersGenerator(Generator):
    """Reads providers/*.yaml in generate_context; writes pages in generate_output."""

    def generate_context(self):
        try:
            pause_gc(self.context)  # until the build is written (see batch_render)
            self.cache = MemberCache(self.settings, conf.build_date(self.settings),
                                     conf.expiring_days(self.settings), self.context)
            profile_set = load_provider_profiles(self.settings, cache=self.cache)
        except conf.SettingError as error:
            logger.error("member_profiles: %s", error)
            raise
        # Every problem is logged (one line each); build_gate stops the build before writing.
        log_problems(logger, profile_set.problems)
        if profile_set.unsigned:
            # Once, with a count and the files: a development build of 10,000 unsigned
            # synthetic members must not print 10,000 lines.
            logger.warning("member_profiles: %s", unsigned_summary(profile_set.unsigned))
        self.directory = build_directory(profile_set, self.settings)
        for member in self.directory.members:
            # what its pages and exports are made from (batch_render digests them by it)
            member.input_digest = self.cache.digest(member.source)
        self.context["directory"] = self.directory
        self.context["BUILD_DATE"] = self.directory.build_date.isoformat()

    def generate_output(self, writer):
        directory, settings = self.directory, self.settings
        batch = Batch(self, writer, "member_profiles")
        self.add_member_jobs(batch, directory.members)
        listing = self.get_template("directory")
        batch.paginated(settings["DIRECTORY_SAVE_AS"], listing,
                        settings["DIRECTORY_URL"], "members", directory.verified, sort="name")
        batch.paginated(settings["DIRECTORY_NEWEST_SAVE_AS"], listing,
                        settings["DIRECTORY_NEWEST_URL"], "members", directory.newest, sort="newest")
        batch.paginated(settings["DIRECTORY_RECENT_SAVE_AS"], listing,
                        settings["DIRECTORY_RECENT_URL"], "members", directory.recent, sort="recent")
        facets_template, facet_template = self.get_template("facets"), self.get_template("facet")
        for kind, facets in directory.facet_groups:
            index = FACET_INDEXES[kind]
            # (Read: what a page shows of the facets is recorded, not every member digested;
            # an edit re-renders only the listing pages that show the member)
            batch.page(settings[f"{index}_SAVE_AS"], facets_template,
                       settings[f"{index}_URL"], facets=Read(facets), facet_kind=index.lower())
            for facet in facets:
                batch.paginated(facet.save_as, facet_template, facet.url, "members",
                                facet.members, facet=Read(facet))
        batch.run()
        self.cache.save(directory.members, self.output_path, self.context)

    def add_member_jobs(self, batch, members):
        """The files of each of `members` alone: its profile page and its logo (the build's,
        and make devserver's preview of the profiles just saved: plugins/dev_preview)."""
        provider = self.get_template("provider")
        logos = conf.logos_path(self.settings)  # (looked up once, not once per member)
        for member in members:
            batch.page(member.save_as, provider, member.url, member=member)
            if member.logo_save_as:
                batch.copy(member.logo_save_as, os.path.join(logos, member.logo),
                           f"member_profiles: logo of {member.slug}")
