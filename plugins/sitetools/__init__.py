"""Command-line tools for editors and staff (check, bench). Not a Pelican plugin: they reuse the
plugins' own loading and validation code so that `make check` and `make html` agree."""
