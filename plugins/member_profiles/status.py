"""Certification status as of a date, from audit records alone.

The rules live in `status_rules.json`, one table read here with the standard library and
published in every page for theme/static/js/status.js, which re-checks each status against the
visitor's date with the same rules (tests/test_status_browser.py holds the two equal). The
expiring window is the CERTIFICATION_EXPIRING_DAYS setting, passed in by the caller and
published beside the table.
"""

import datetime
import json
import os

ACTIVE = "active"
EXPIRING = "expiring"
EXPIRED = "expired"
PENDING = "pending"
# Set by the association's revocation list (plugins/records/revocations.py), never by dates.
SUSPENDED = "suspended"
WITHDRAWN = "withdrawn"

RULES_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "status_rules.json")
with open(RULES_PATH, encoding="utf-8") as _handle:
    RULES = json.load(_handle)

# What each status means, shown on the site beside every status.
STATUS_LABELS = dict(RULES["labels"])
STATUS_MEANINGS = dict(RULES["meanings"])
# Statuses under which a member counts as verified.
VALID_STATUSES = frozenset(RULES["valid"])
_PRECEDENCE = tuple(RULES["precedence"])
_RECORD_RULES = tuple((rule["status"], rule["when"]) for rule in RULES["record_rules"])


def _holds(when, issued, expires, as_of, expiring_days):
    if when == "before_issued":
        return as_of < issued
    if when == "after_expires":
        return as_of > expires
    if when == "within_window":
        return expires - as_of < datetime.timedelta(days=expiring_days)
    if when == "always":
        return True
    raise ValueError(f"status_rules.json: unknown condition {when!r}")


def certification_status(issued, expires, as_of, expiring_days):
    """Status of one audit record; it is valid through its expiry date inclusive."""
    for status, when in _RECORD_RULES:
        if _holds(when, issued, expires, as_of, expiring_days):
            return status
    return EXPIRED


def member_status(statuses):
    """Status of a member: the best status among its audit records."""
    present = set(statuses)
    for status in _PRECEDENCE:
        if status in present:
            return status
    return EXPIRED


def published_rules(expiring_days, built):
    """The table as the browser reads it: the rules, the expiring window and the build date."""
    return {key: RULES[key] for key in ("record_rules", "precedence", "valid", "labels")} | {
        "expiring_days": expiring_days, "built": built.isoformat()}
