"""Certification status as of a build date, from audit records alone."""

import datetime

ACTIVE = "active"
EXPIRING = "expiring"
EXPIRED = "expired"
PENDING = "pending"

# What each status means, shown on the site beside every status.
STATUS_LABELS = {
    ACTIVE: "Active",
    EXPIRING: "Expiring soon",
    EXPIRED: "Expired",
    PENDING: "Not yet in force",
}
STATUS_MEANINGS = {
    ACTIVE: "An audit record is in force and is not due to expire soon.",
    EXPIRING: "An audit record is in force but expires within the renewal window.",
    EXPIRED: "Every audit record on file has passed its expiry date.",
    PENDING: "An audit record has been issued with a start date after the build date.",
}
# Statuses under which a member counts as verified.
VALID_STATUSES = frozenset({ACTIVE, EXPIRING})
_PRECEDENCE = (ACTIVE, EXPIRING, PENDING, EXPIRED)


def certification_status(issued, expires, as_of, expiring_days):
    """Status of one audit record; it is valid through its expiry date inclusive."""
    if as_of < issued:
        return PENDING
    if as_of > expires:
        return EXPIRED
    if expires - as_of < datetime.timedelta(days=expiring_days):
        return EXPIRING
    return ACTIVE


def member_status(statuses):
    """Status of a member: the best status among its audit records."""
    present = set(statuses)
    for status in _PRECEDENCE:
        if status in present:
            return status
    return EXPIRED
