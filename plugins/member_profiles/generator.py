"""The Pelican generator for member pages, the directory and its facet pages."""

import logging
import os

from batch_render import Batch
from pelican.generators import Generator

from . import settings as conf
from .directory import build_directory
from .profiles import load_provider_profiles

logger = logging.getLogger(__name__)


class ProvidersGenerator(Generator):
    """Reads providers/*.yaml in generate_context; writes pages in generate_output."""

    def generate_context(self):
        try:
            profile_set = load_provider_profiles(self.settings)
        except conf.SettingError as error:
            logger.error("member_profiles: %s", error)
            raise
        if profile_set.problems:
            # One message for all problems: under --fatal errors the first error aborts the
            # build, and editors need to see every problem at once.
            logger.error(
                "member_profiles: %d problem(s) in provider profiles; those profiles are left "
                "out:\n%s",
                len(profile_set.problems),
                "\n".join(str(problem) for problem in profile_set.problems),
            )
        self.directory = build_directory(profile_set, self.settings)
        self.context["directory"] = self.directory
        self.context["BUILD_DATE"] = self.directory.build_date.isoformat()

    def generate_output(self, writer):
        directory, settings = self.directory, self.settings
        setting = conf.setting
        batch = Batch(self, writer)
        provider = self.get_template("provider")
        for member in directory.members:
            batch.page(member.save_as, provider, member.url, member=member)
            if member.logo_save_as:
                batch.copy(member.logo_save_as,
                           os.path.join(conf.logos_path(settings), member.logo))
        listing = self.get_template("directory")
        batch.paginated(setting(settings, "DIRECTORY_SAVE_AS"), listing,
                        setting(settings, "DIRECTORY_URL"), "members", directory.verified,
                        members=directory.verified, sort="name")
        batch.paginated(setting(settings, "DIRECTORY_NEWEST_SAVE_AS"), listing,
                        setting(settings, "DIRECTORY_NEWEST_URL"), "members", directory.newest,
                        members=directory.newest, sort="newest")
        facets_template, facet_template = self.get_template("facets"), self.get_template("facet")
        for kind, facets in (("SERVICES", directory.services), ("COUNTRIES", directory.countries)):
            batch.page(setting(settings, f"{kind}_SAVE_AS"), facets_template,
                       setting(settings, f"{kind}_URL"), facets=facets, facet_kind=kind.lower())
            for facet in facets:
                batch.paginated(facet.save_as, facet_template, facet.url, "members",
                                facet.members, members=facet.members, facet=facet)
        batch.run()
