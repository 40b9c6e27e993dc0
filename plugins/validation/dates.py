"""Dates as contributors write them: `YYYY-MM-DD`, a real calendar day, optionally with a time."""

import datetime
import re

_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})\Z")
_DATE_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})([ T]\d{2}:\d{2}(:\d{2})?)?\Z")


def parse_date(value, with_time=False):
    """The `datetime.date` of YYYY-MM-DD text (with `with_time`, a time may follow), or None.

    None also for a day that is not in the calendar (2026-02-30) and for anything not text.
    """
    if not isinstance(value, str):
        return None
    match = (_DATE_TIME if with_time else _DATE).match(value)
    if not match:
        return None
    try:
        return datetime.date.fromisoformat(match[1])
    except ValueError:
        return None


def is_date(value):
    """Whether `value` is YYYY-MM-DD text naming a real day (the schemas' `format: date`)."""
    return parse_date(value) is not None
