"""`make translations`: extract every user-visible string and update each language's catalogue.

Strings come from the templates, the theme's scripts and the plugins (babel.cfg); the template
for translators is written to <translations>/messages.pot, and every language of SITE_LANGUAGES
after the first gets <translations>/<lang>/LC_MESSAGES/messages.po: created when missing,
otherwise updated (new strings added empty, removed ones marked obsolete, translations kept).
Runs Babel's own command-line front end, so the catalogues are exactly what `pybabel` writes.
"""

import argparse
import os
import sys

from babel.messages.frontend import CommandLineInterface
from i18n import DOMAIN, catalogue_path

from .config import add_settings_arguments, load_settings, parse_args

# translate(settings, "text") in plugins; N_("text") marks a string translated where it is shown
KEYWORDS = ["-k", "translate:2", "-k", "N_", "-k", "gettext", "-k", "ngettext:1,2",
            "-k", "_", "-k", "pgettext:1c,2"]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="make translations", description=__doc__)
    add_settings_arguments(parser)
    args = parse_args(parser, argv)
    settings = load_settings(args)
    source, *others = settings["SITE_LANGUAGES"]
    folder = os.path.dirname(os.path.dirname(os.path.dirname(catalogue_path(settings, source))))
    template = os.path.join(folder, DOMAIN + ".pot")
    os.makedirs(folder, exist_ok=True)
    babel = CommandLineInterface()
    babel.run(["pybabel", "-q", "extract", "-F", "babel.cfg", *KEYWORDS, "--sort-by-file",
               "--no-wrap", "--project", settings["SITENAME"], "-o", template, "."])
    for code in others:
        action = "update" if os.path.exists(catalogue_path(settings, code)) else "init"
        babel.run(["pybabel", "-q", action, "-i", template, "-d", folder, "-l", code,
                   "-D", DOMAIN, *(["--no-wrap"] if action == "update" else [])])
        print(f"{catalogue_path(settings, code)}: {'created' if action == 'init' else 'updated'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
