"""The Pelican generator for member pages, the directory and its facet pages."""

import logging
import os
import shutil

from outputs import registry
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

    def _write(self, writer, save_as, template, url, **kwargs):
        writer.write_file(
            save_as,
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            template_name=template,
            url=url,
            page_name=os.path.splitext(save_as)[0],
            **kwargs,
        )

    def generate_output(self, writer):
        directory = self.directory
        for member in directory.members:
            self._write(writer, member.save_as, "provider", member.url, member=member)
            if member.logo_save_as:
                self._copy_logo(member)
        settings = self.settings
        self._write(writer, settings["DIRECTORY_SAVE_AS"], "directory", settings["DIRECTORY_URL"],
                    paginated={"members": directory.verified}, members=directory.verified,
                    sort="name")
        self._write(writer, settings["DIRECTORY_NEWEST_SAVE_AS"], "directory",
                    settings["DIRECTORY_NEWEST_URL"],
                    paginated={"members": directory.newest}, members=directory.newest,
                    sort="newest")
        for kind, facets in (("SERVICES", directory.services), ("COUNTRIES", directory.countries)):
            self._write(writer, settings[f"{kind}_SAVE_AS"], "facets", settings[f"{kind}_URL"],
                        facets=facets,
                        facet_kind=kind.lower())
            for facet in facets:
                self._write(writer, facet.save_as, "facet", facet.url,
                            paginated={"members": facet.members}, members=facet.members,
                            facet=facet)

    def _copy_logo(self, member):
        source = os.path.join(conf.logos_path(self.settings), member.logo)
        target = registry(self.context).claim(member.logo_save_as,
                                              f"member_profiles: logo of {member.slug}")
        if target:
            shutil.copyfile(source, target)
