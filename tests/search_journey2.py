"""Shared by the round-2 search tests (issue 26): the sample's profiles with their status on the
tests' BUILD_DATE, read from the profiles themselves (never from the page under test)."""

import datetime

from conftest import REFERENCE_DATE, SAMPLE_PROVIDERS
from member_profiles.status import VALID_STATUSES, certification_status, member_status
from validation.yamlsafe import load_yaml

AS_OF = datetime.date.fromisoformat(REFERENCE_DATE)
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def record_status(record):
    return certification_status(datetime.date.fromisoformat(record["issued"]),
                                datetime.date.fromisoformat(record["expires"]), AS_OF, 60)


def profiles():
    found = {}
    for path in sorted(SAMPLE_PROVIDERS.glob("*.yaml")):
        data, _ = load_yaml(path.read_bytes())
        data["status"] = member_status([record_status(r) for r in data["certifications"]])
        found[path.stem] = data
    return found


PROFILES = profiles()
VERIFIED = {slug for slug, data in PROFILES.items() if data["status"] in VALID_STATUSES}
NOT_VERIFIED = set(PROFILES) - VERIFIED


def long_date(iso):
    """A date as the site writes it: 4 May 2026."""
    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
