"""Read Pelican settings the way the pelican command does, including `-e KEY=JSON` overrides.

`-e` is parsed by Pelican's own argparse action, so the tools accept exactly what `pelican -e`
accepts. The settings are then initialised as a build initialises them (plugins registered and
the `initialized` signal sent), so every plugin's defaults are present: `make check` and
`make html` read the same values.
"""

import json

from pelican import Pelican, ParseOverrides
from pelican.settings import read_settings


def add_settings_arguments(parser):
    parser.add_argument("-s", "--settings", default="pelicanconf.py", help="settings file")
    parser.add_argument(
        "-e", "--extra-settings", dest="overrides", nargs="*", default={},
        action=ParseOverrides, metavar="KEY=VALUE",
        help="override settings, VALUE as JSON, as with pelican -e",
    )


def parse_args(parser, argv=None):
    """parser.parse_args, with a malformed -e reported as a usage error (exit 2), not a traceback."""
    try:
        return parser.parse_args(argv)
    except ValueError as error:  # raised by Pelican's ParseOverrides
        parser.error(str(error))


def override_arguments(args, **extra):
    """The -e overrides (and `extra` ones) as command-line words for another `pelican` process:
    one -e, since Pelican keeps only the pairs of the last -e."""
    overrides = {**(args.overrides or {}), **extra}
    if not overrides:
        return []
    return ["-e", *(f"{key}={json.dumps(value)}" for key, value in overrides.items())]


def load_settings(args):
    """Pelican's settings from -s and -e, with every plugin's defaults applied."""
    return initialised(read_settings(args.settings, override=args.overrides))


def initialised(settings):
    """`settings` after plugins registered and `initialized` ran, as at the start of a build."""
    return Pelican(settings).settings
