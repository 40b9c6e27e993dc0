"""The Pelican generator for member pages, the directory and its facet pages."""

import hashlib
import logging
import os

from batch_render import Batch
from pelican.generators import Generator

from . import settings as conf
from .directory import build_directory, facet_view, page_views
from .profiles import load_provider_profiles

logger = logging.getLogger(__name__)


def record_inputs(directory, settings):
    """Give each member the digest of what it is made from: its profile's name and bytes, the
    schema, the vocabulary, the build date and the expiry window (the code and the settings are
    in every file's digest already). Pages and exports of the member are digested by it."""
    hasher = hashlib.sha256()
    for path in (conf.schema_path(settings), conf.vocabulary_path(settings)):
        with open(path, "rb") as handle:
            hasher.update(handle.read() + b"\0")
    hasher.update(f"{directory.build_date} {directory.expiring_days}".encode())
    common = hasher.digest()
    for member in directory.members:
        with open(member.source, "rb") as handle:
            data = handle.read()
        # the file name is the member's slug, so it is an input too
        name = os.path.basename(member.source).encode()
        member.input_digest = hashlib.sha256(common + name + b"\0" + data).hexdigest()[:32]


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
        record_inputs(self.directory, self.settings)
        self.context["directory"] = self.directory
        self.context["BUILD_DATE"] = self.directory.build_date.isoformat()

    def generate_output(self, writer):
        directory, settings = self.directory, self.settings
        setting = conf.setting
        batch = Batch(self, writer, "member_profiles")
        shape, summary = page_views(directory)
        trust = self.context.get("trust")
        provider = self.get_template("provider")
        for member in directory.members:
            # A profile page shows its member, the facets' addresses and its trust links.
            views = {"directory": shape}
            if trust:
                views["trust"] = repr((trust.link(member), trust.badge(member)))
            batch.page(member.save_as, provider, member.url, views=views, member=member)
            if member.logo_save_as:
                batch.copy(member.logo_save_as,
                           os.path.join(conf.logos_path(settings), member.logo))
        listing = self.get_template("directory")
        views = {"directory": summary}
        batch.paginated(setting(settings, "DIRECTORY_SAVE_AS"), listing,
                        setting(settings, "DIRECTORY_URL"), "members", directory.verified,
                        views=views, sort="name")
        batch.paginated(setting(settings, "DIRECTORY_NEWEST_SAVE_AS"), listing,
                        setting(settings, "DIRECTORY_NEWEST_URL"), "members", directory.newest,
                        views=views, sort="newest")
        facets_template, facet_template = self.get_template("facets"), self.get_template("facet")
        for kind, facets in (("SERVICES", directory.services), ("COUNTRIES", directory.countries)):
            batch.page(setting(settings, f"{kind}_SAVE_AS"), facets_template,
                       setting(settings, f"{kind}_URL"),
                       views=dict(views, facets=repr([facet_view(f) for f in facets])),
                       facets=facets, facet_kind=kind.lower())
            for facet in facets:
                batch.paginated(facet.save_as, facet_template, facet.url, "members",
                                facet.members, views=dict(views, facet=facet_view(facet)),
                                facet=facet)
        batch.run()
