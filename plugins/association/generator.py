"""The association plugin's generator: loads the YAML lists into the context for page templates."""

import logging

from pelican.generators import Generator

from .data import load_association_data, same_project
from .gazetteer import member_place_problems
from validation.problems import log_problems

logger = logging.getLogger(__name__)


class AssociationGenerator(Generator):
    """Only generate_context: the pages themselves are Pelican pages using these lists.

    Leadership entries link to members through `context["directory"]` (member_profiles).
    """

    def generate_context(self):
        members = self.context.get("directory")
        partners, leadership, media, problems, member_problems = load_association_data(
            self.settings, members)
        if member_problems and same_project(self.settings, members):
            problems = sorted(problems + member_problems)
        elif member_problems:
            logger.warning("association: leadership names members without a profile in this "
                           "build; shown without a link:\n%s",
                           "\n".join(str(problem) for problem in member_problems))
        if members is not None:  # the gazetteer holds places only (search reads it)
            problems = problems + member_place_problems(
                self.settings, [(m.name, m.city, m.country.code) for m in members.members])
        log_problems(logger, problems)
        self.context["partners"] = partners or []
        self.context["leadership"] = leadership
        self.context["media"] = media or {"videos": [], "podcasts": []}
