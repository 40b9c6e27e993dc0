"""Certification status at the edges of its dates, from the function and in a real build."""

import datetime

import pytest

from conftest import SECOND_RECORD, run_pelican, variant, write_profile
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
    build = run_pelican(tmp_path / "out", PROVIDERS_PATH=str(providers_dir),
                        BUILD_DATE="2026-11-29")
    assert build.returncode == 0, build.output
    status = {slug: build.page(f"providers/{slug}/index.html").split('data-status="')[1].split('"')[0]
              for slug in ("testfjord", "today", "lapsed", "mixed")}
    assert status == {"testfjord": "active", "today": "expiring", "lapsed": "expired",
                      "mixed": "active"}
    lapsed = build.page("providers/lapsed/index.html")
    assert "Not a verified member." in lapsed
    assert "28 November 2026" in lapsed
    mixed = build.page("providers/mixed/index.html")
    assert mixed.count('<span class="status status--expired">Expired</span>') == 1
    assert mixed.count('<span class="status status--active">Active</span>') == 2
    directory = build.page("providers/index.html")
    assert "/providers/today/" in directory and "/providers/mixed/" in directory
    assert "/providers/lapsed/" not in directory
    assert "3 managed service providers hold a certification" in directory
    # the day after, the member whose record expired today is no longer listed
    later = run_pelican(tmp_path / "later", PROVIDERS_PATH=str(providers_dir),
                        BUILD_DATE="2026-11-30")
    assert later.returncode == 0, later.output
    assert "/providers/today/" not in later.page("providers/index.html")
    assert 'data-status="expired"' in later.page("providers/today/index.html")
