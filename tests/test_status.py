"""Certification status at the edges of its dates, from the function and in a real build."""

import datetime
from html.parser import HTMLParser

import pytest

from conftest import SECOND_RECORD, member_site, variant, write_profile
from htmlcheck import elements
from member_profiles.status import (
    ACTIVE, EXPIRED, EXPIRING, PENDING, certification_status, member_status,
)

D = datetime.date


@pytest.mark.parametrize("as_of,expected", [
    (D(2026, 1, 9), PENDING),       # the day before it was issued
    (D(2026, 1, 10), ACTIVE),       # the day it was issued
    (D(2027, 11, 10), ACTIVE),      # 60 days before expiry: not yet in the window
    (D(2027, 11, 11), EXPIRING),    # 59 days before expiry
    (D(2028, 1, 8), EXPIRING),      # expires tomorrow
    (D(2028, 1, 9), EXPIRING),      # expires today: valid through the whole day
    (D(2028, 1, 10), EXPIRED),      # the day after
])
def test_certification_status_edges(as_of, expected):
    assert certification_status(D(2026, 1, 10), D(2028, 1, 9), as_of, 60) == expected


def test_leap_day_expiry():
    issued, expires = D(2025, 3, 1), D(2028, 2, 29)
    assert certification_status(issued, expires, D(2028, 2, 28), 0) == ACTIVE
    assert certification_status(issued, expires, D(2028, 2, 29), 0) == ACTIVE
    assert certification_status(issued, expires, D(2028, 2, 29), 1) == EXPIRING
    assert certification_status(issued, expires, D(2028, 3, 1), 1) == EXPIRED


def test_member_takes_its_best_record():
    assert member_status([EXPIRED, ACTIVE]) == ACTIVE
    assert member_status([EXPIRED, EXPIRING]) == EXPIRING
    assert member_status([EXPIRING, ACTIVE, EXPIRED]) == ACTIVE
    assert member_status([EXPIRED, PENDING]) == PENDING
    assert member_status([EXPIRED, EXPIRED]) == EXPIRED



def _member_status(html):
    """The first data-status attribute of a page (the member's status)."""
    return next(attrs["data-status"] for _, attrs in elements(html) if "data-status" in attrs)


class _StatusSpans(HTMLParser):
    """(class, text) of every <span class="status ...">."""

    def __init__(self):
        super().__init__()
        self.found, self._open = [], None

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag == "span" and classes.split()[:1] == ["status"]:
            self._open = [classes, ""]

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag):
        if tag == "span" and self._open is not None:
            self.found.append((self._open[0], self._open[1].strip()))
            self._open = None


def _status_spans(html):
    parser = _StatusSpans()
    parser.feed(html)
    return parser.found


def test_statuses_in_a_built_site(providers_dir, tmp_path):
    """Build on one date: an active, an expiring-today, an expired and a mixed member."""
    write_profile(providers_dir, "today", variant("today", "Expires Today AS",
                                                  **{"expires: 2028-01-09": "expires: 2026-11-29"}))
    write_profile(providers_dir, "lapsed", variant("lapsed", "Lapsed AS",
                                                   **{"issued: 2025-01-10": "issued: 2024-01-10",
                                                      "expires: 2028-01-09": "expires: 2026-11-28"}))
    write_profile(providers_dir, "mixed", variant("mixed", "Mixed Records AS",
                                                  **{"    auditor: Nordlicht Audit Partners\n":
                                                     SECOND_RECORD}))
    build = member_site(tmp_path / "out", providers_dir,
                        BUILD_DATE="2026-11-29")
    assert build.returncode == 0, build.output
    status = {slug: _member_status(build.page(f"providers/{slug}/index.html"))
              for slug in ("testfjord", "today", "lapsed", "mixed")}
    assert status == {"testfjord": "active", "today": "expiring", "lapsed": "expired",
                      "mixed": "active"}
    lapsed = build.page("providers/lapsed/index.html")
    assert "Not a verified member." in lapsed
    assert "28 November 2026" in lapsed
    # one status per audit record: the expired record and the member's active status
    badges = _status_spans(build.page("providers/mixed/index.html"))
    assert badges.count(("status status--expired", "Expired")) == 1
    assert badges.count(("status status--active", "Active")) == 2
    directory = build.page("providers/index.html")
    assert "/providers/today/" in directory and "/providers/mixed/" in directory
    assert "/providers/lapsed/" not in directory
    assert "3 managed service providers hold a certification" in directory
    # the day after, the member whose record expired today is no longer listed
    later = member_site(tmp_path / "later", providers_dir,
                        BUILD_DATE="2026-11-30")
    assert later.returncode == 0, later.output
    assert "/providers/today/" not in later.page("providers/index.html")
    assert _member_status(later.page("providers/today/index.html")) == "expired"
