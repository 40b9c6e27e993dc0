"""Read Pelican settings the way the pelican command does, including `-e KEY=JSON` overrides."""

import argparse
import json

from pelican.settings import read_settings


def add_settings_arguments(parser):
    parser.add_argument("-s", "--settings", default="pelicanconf.py", help="settings file")
    parser.add_argument(
        "-e", "--extra-settings", nargs="*", default=[], metavar="KEY=VALUE",
        help="override settings, VALUE as JSON, as with pelican -e",
    )


def parse_overrides(pairs):
    overrides = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise argparse.ArgumentTypeError(f"-e {pair}: expected KEY=VALUE")
        try:
            overrides[key] = json.loads(value)
        except json.JSONDecodeError:
            raise argparse.ArgumentTypeError(
                f"-e {key}: {value!r} is not JSON; quote strings, e.g. {key}='\"text\"'"
            ) from None
    return overrides


def load_settings(args):
    return read_settings(args.settings, override=parse_overrides(args.extra_settings))
