"""The `pelican` command as the Makefile runs it (`make html`, `make publish`, `make serve`).

Pelican parses a `-e KEY=value` pair inside argparse and raises ValueError for a value that is
not JSON, which escapes as a traceback. Here the arguments are parsed first, and a malformed
pair is a usage error in one line (exit status 2); everything else is `pelican.main`."""

import sys


def main(argv=None):
    from pelican import main as pelican_main
    from pelican import parse_arguments

    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        parse_arguments(argv)
    except ValueError as error:  # raised by Pelican's ParseOverrides for a malformed -e
        print(f"pelican: error: {error}", file=sys.stderr)
        return 2
    pelican_main(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
