"""The association plugin's generator: loads the YAML lists into the context for page templates."""

import logging

from pelican.generators import Generator

from . import settings as conf
from .data import load_association_data, same_project

logger = logging.getLogger(__name__)

CONTACT_KEYS = ("CONTACT_FORM_URL", "CONTACT_EMAIL", "CONTACT_PHONE", "CONTACT_ADDRESS",
                "MEDIA_EMBED_BASE")


class AssociationGenerator(Generator):
    """Only generate_context: the pages themselves are Pelican pages using these lists."""

    def generate_context(self):
        partners, leadership, media, problems, member_problems = load_association_data(
            self.settings)
        if member_problems and same_project(self.settings):
            problems = sorted(problems + member_problems)
        elif member_problems:
            logger.warning("association: leadership names members without a profile in this "
                           "build; shown without a link:\n%s",
                           "\n".join(str(problem) for problem in member_problems))
        if problems:
            logger.error("association: %d problem(s) in the association's data files:\n%s",
                         len(problems), "\n".join(str(problem) for problem in problems))
        self.context["partners"] = partners or []
        self.context["leadership"] = leadership
        self.context["media"] = media or {"videos": [], "podcasts": []}
        for key in CONTACT_KEYS:
            self.context[key] = conf.setting(self.settings, key)
