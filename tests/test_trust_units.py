"""The trust plugin's parts on their own: badge words and widths, exports, JSON-LD escaping."""

import csv
import datetime
import io
import json

import pytest

from conftest import site_settings, variant, write_profile
from member_profiles.profiles import load_provider_profiles
from trust import badge as badges
from trust.export import (
    CSV_COLUMNS, SCHEMA_VERSION, collection_document, provider_record, spreadsheet_safe,
    to_csv, to_json,
)
from trust.history import ChangeLog, member_history
from trust.jsonld import organization, script_json
from sitemap.entries import status_changed

D = datetime.date
LINKS = {"verify": "verify/x/", "badge": "providers/x/badge.svg", "json": "api/providers/x.json"}


NO_LOG = ChangeLog(False, "the providers folder is not in a git repository", {})


def record_of(member, siteurl=""):
    """provider_record with the member's record history and no change log."""
    history = member_history(member.certifications, D(2026, 11, 29), NO_LOG, "x.yaml")
    return provider_record(member, LINKS, siteurl, history)


def load(folder, build_date, **settings):
    profiles = load_provider_profiles(site_settings(PROVIDERS_PATH=str(folder),
                                                    BUILD_DATE=build_date, **settings))
    assert profiles.problems == []
    return {member.slug: member for member in profiles.providers}


def make_badge(member, as_of="2026-11-29", width=200):
    return badges.make_badge(member, D.fromisoformat(as_of), "Test Association", width, "TA")


# -- badge text for each status, at the edges of the dates -------------------------------------

EDGES = [
    # (expires, build date, status, badge message)
    ("2026-11-29", "2026-11-29", "expiring", "TA verified, renewal due · valid until 29 November 2026"),
    ("2026-11-30", "2026-11-29", "expiring", "TA verified, renewal due · valid until 30 November 2026"),
    ("2026-11-28", "2026-11-29", "expired", "Not TA verified · expired"),
    ("2028-02-29", "2026-11-29", "active", "TA verified · valid until 29 February 2028"),
    ("2028-02-29", "2028-02-29", "expiring", "TA verified, renewal due · valid until 29 February 2028"),
    ("2028-02-29", "2028-03-01", "expired", "Not TA verified · expired"),
]


@pytest.mark.parametrize("expires,build_date,status,message", EDGES)
def test_badge_at_the_edges(providers_dir, expires, build_date, status, message):
    write_profile(providers_dir, "edge", variant("edge", "Edge Case AS", **{
        "issued: 2025-01-10": "issued: 2025-03-01", "expires: 2028-01-09": f"expires: {expires}"}))
    member = load(providers_dir, build_date)["edge"]
    assert member.status == status
    badge = make_badge(member, build_date)
    assert badge.message == message
    assert badge.title.startswith(f"Edge Case AS: {message.replace(' · ', ', ')}.")
    assert f"with the Test Association as of {badges.written_date(D.fromisoformat(build_date))}" \
        in badge.title
    # the large badge says the same words, under the association's full name
    large = badges.make_large_badge(member, D.fromisoformat(build_date), "Test Association", "TA")
    assert (large.association, large.message, large.title) == (
        "Test Association", message, badge.title)


def test_pending_badge_says_so(providers_dir):
    member = load(providers_dir, "2024-12-31")["testfjord"]
    assert member.status == "pending"
    assert make_badge(member, "2024-12-31").message == "Not yet TA verified · certification pending"


SEVERAL = """    auditor: Nordlicht Audit Partners
  - standard: ucs-cloud
    program: cloud-verify
    issued: 2020-01-10
    expires: 2023-01-09
    report_id: UCS-2020-0009
    auditor: Nordlicht Audit Partners
  - standard: ucs
    program: msp-verify
    issued: 2024-01-10
    expires: 2026-12-01
    report_id: UCS-2023-0100
    auditor: Nordlicht Audit Partners
"""


def test_several_records_of_which_one_is_active(providers_dir):
    write_profile(providers_dir, "several", variant("several", "Several Records AS", **{
        "    auditor: Nordlicht Audit Partners\n": SEVERAL}))
    member = load(providers_dir, "2026-11-29")["several"]
    assert [c.status for c in member.certifications] == ["active", "expiring", "expired"]
    assert member.status == "active"
    assert member.valid_until == D(2028, 1, 9)
    assert make_badge(member).message == "TA verified · valid until 9 January 2028"
    record = record_of(member)
    assert [c["status"] for c in record["certifications"]] == ["active", "expiring", "expired"]
    assert record["valid_until"] == "2028-01-09"


def test_long_and_non_ascii_names_are_cut_with_an_ellipsis():
    assert badges.fit_text("Fjordlys Drift AS", 200) == "Fjordlys Drift AS"
    long = "Østlandets Ærlige Informasjonsteknologi og Driftstjenester for Kommuner AS"
    cut = badges.fit_text(long, 200)
    assert cut.endswith("…") and long.startswith(cut[:-1])
    assert badges.text_width(cut) <= 200
    cjk = "さくら IT サービス株式会社と東京の仲間たちの長い名前の会社"
    cut = badges.fit_text(cjk, 120)
    assert cut.endswith("…") and badges.text_width(cut) <= 120
    assert badges.char_width("さ") > badges.char_width("a") > badges.char_width("i")
    # a combining mark is never separated from its letter
    decomposed = "Cafe\u0301 " * 30
    assert not badges.fit_text(decomposed, 60)[:-1].endswith("e")


def test_badge_geometry_keeps_the_full_name_in_the_title(providers_dir):
    name = "Nordvestlandets Særdeles Pålitelige Driftssenter og Skytjenester AS"
    write_profile(providers_dir, "longname", variant("longname", name))
    member = load(providers_dir, "2026-11-29")["longname"]
    badge = make_badge(member, width=150)
    assert badge.name != name and badge.name.endswith("…")
    assert badge.full_name == name and badge.title.startswith(name + ":")
    assert badge.name_width <= 150
    assert badge.width == round(badge.name_box + badge.message_box, 1)
    # the large badge cuts every line to its card's width, and keeps the full name in the title
    large = badges.make_large_badge(member, D(2026, 11, 29), "Test Association of a Very Long "
                                    "Name for Managed Service Providers in Europe and Beyond")
    room = large.width - 2 * large.padding
    assert large.name.endswith("…") and name.startswith(large.name[:-1])
    assert large.association.endswith("…")
    assert max(large.association_width, large.name_width, large.message_width) <= room
    assert large.title.startswith(name + ":")


def test_badge_without_a_short_name_uses_the_association_name(providers_dir):
    member = load(providers_dir, "2026-11-29")["testfjord"]
    badge = badges.make_badge(member, D(2026, 11, 29), "Test Association", 200)
    assert badge.message == "Test Association verified · valid until 9 January 2028"


# -- exports ----------------------------------------------------------------------------------

def test_json_record_fields(providers_dir):
    member = load(providers_dir, "2026-11-29")["testfjord"]
    record = record_of(member, "https://example.org/dir")
    assert set(record) == {
        "slug", "name", "summary", "status", "status_label", "verified", "valid_until",
        "profile_url", "verify_url", "badge_url", "json_url", "logo_url", "website",
        "headquarters", "service_areas", "services", "industries", "languages", "company_size",
        "founded",
        "member_since", "ethics_signed", "updated", "certifications", "contact", "social",
        "certified_since", "history",
    }
    assert record["certified_since"] == "2025-01-10"
    assert record["history"] == {
        "periods": [{"from": "2025-01-10", "to": "2026-11-29"}], "gaps": [], "renewals": [],
        "changes": [], "changes_available": False,
        "changes_unavailable_reason": "the providers folder is not in a git repository",
    }
    assert record["profile_url"] == "https://example.org/dir/providers/testfjord/"
    assert record["verify_url"] == "https://example.org/dir/verify/x/"
    assert record["headquarters"] == {"city": "Bergen", "region": "Vestland", "country": "NO",
                                      "country_name": "Norway"}
    assert record["service_areas"] == [{"code": "NO", "name": "Norway"},
                                       {"code": "SE", "name": "Sweden"}]
    assert record["certifications"] == [{
        "standard": {"id": "ucs", "label": "Unified Certification Standard"},
        "program": {"id": "msp-verify", "label": "MSP Verify"},
        "issued": "2025-01-10", "expires": "2028-01-09", "report_id": "UCS-2025-0001",
        "auditor": "Nordlicht Audit Partners", "status": "active",
        "signature": {"algorithm": "Ed25519", "key_id": "sample-2026",
                      "key_fingerprint": record["certifications"][0]["signature"]["key_fingerprint"],
                      "signed_on": "2026-11-29",
                      "value": record["certifications"][0]["signature"]["value"],
                      "demo": True},  # the SAMPLE key's
        "revocation": None,
    }]
    assert len(record["certifications"][0]["signature"]["key_fingerprint"]) == 64
    assert record["social"] == {"linkedin": "https://social.example/testfjord"}
    document = json.loads(to_json(collection_document([record], D(2026, 11, 29))))
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["as_of"] == "2026-11-29" and document["count"] == 1
    assert set(document["statuses"]) == {"active", "expiring", "expired", "pending",
                                         "suspended", "withdrawn"}


def test_csv_fields_and_formula_guard(providers_dir):
    write_profile(providers_dir, "formula", variant("formula", "=HYPERLINK(1) AS"))
    members = load(providers_dir, "2026-11-29")
    records = [record_of(m) for m in members.values()]
    rows = list(csv.DictReader(io.StringIO(to_csv(records))))
    assert tuple(rows[0]) == CSV_COLUMNS
    by_slug = {row["slug"]: row for row in rows}
    assert by_slug["formula"]["name"] == "'=HYPERLINK(1) AS"
    row = by_slug["testfjord"]
    # a spreadsheet reads "+47 55 ..." as a formula: prefixed, like any text starting with +
    assert row["phone"] == "'+47 55 00 00 00"
    assert row["verified"] == "true" and row["status"] == "active"
    assert row["service_areas"] == "NO SE" and row["services"] == "managed-it cybersecurity"
    assert row["certifications"] == (
        "ucs/msp-verify UCS-2025-0001 2025-01-10..2028-01-09 active")
    assert spreadsheet_safe("-1+2") == "'-1+2" and spreadsheet_safe("-12") == "-12"
    assert spreadsheet_safe("3.5") == "3.5" and spreadsheet_safe(2010) == "2010"
    assert spreadsheet_safe(None) == ""


def test_json_is_deterministic(providers_dir):
    first = load(providers_dir, "2026-11-29")["testfjord"]
    second = load(providers_dir, "2026-11-29")["testfjord"]
    one = to_json(collection_document([record_of(first)], D(2026, 11, 29)))
    two = to_json(collection_document([record_of(second)], D(2026, 11, 29)))
    assert one == two and one.endswith("\n")


# -- JSON-LD and script-safe JSON ------------------------------------------------------------

def test_script_json_cannot_close_the_script_element():
    attack = "</script><script>alert(1)</script><!-- & \u2028"
    text = str(script_json({"name": attack}))
    for bad in ("<", ">", "&", "\u2028"):
        assert bad not in text
    assert "\\u003c/script\\u003e" in text
    assert json.loads(text) == {"name": attack}


def test_organization_uses_public_fields_only(providers_dir):
    member = load(providers_dir, "2026-11-29")["testfjord"]
    data = organization(member, "https://ex.org/providers/testfjord/", "https://ex.org", "Assoc")
    assert data["@type"] == "Organization" and data["name"] == "Testfjord Drift AS"
    assert data["url"] == "https://testfjord.example"
    assert data["logo"] == "https://ex.org/providers/testfjord/logo.svg"
    assert data["address"]["addressCountry"] == "NO"
    assert data["sameAs"] == ["https://social.example/testfjord"]


def test_verify_page_changes_when_a_status_changes(providers_dir):
    member = load(providers_dir, "2027-12-01")["testfjord"]  # expires 2028-01-09, 60-day window
    assert status_changed(member, D(2027, 12, 1), 60) == D(2027, 11, 11)
    assert status_changed(member, D(2025, 1, 9), 60) is None
    assert status_changed(member, D(2028, 3, 1), 60) == D(2028, 1, 10)


@pytest.mark.parametrize("cell", [
    "=1+1", "+1+1", "-1-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", " =1", "\u00a0=1", "\uff1d1+1",
    "\uff0b1", "\uff0d1", "\uff20SUM(A1)", "\u3000=1", "+47 55 00 00 00", "-2+3",
])
def test_every_formula_prefix_is_guarded_in_csv(cell):
    """OWASP CSV injection: each of these would be read as a formula (or trimmed into one)."""
    assert spreadsheet_safe(cell) == "'" + cell


@pytest.mark.parametrize("value", ["", "   ", 42, "A" * 41])
def test_an_unusable_badge_association_falls_back_with_a_warning(caplog, value):
    settings = site_settings(BADGE_ASSOCIATION=value)
    assert settings["BADGE_ASSOCIATION"] is None  # the default: ASSOCIATION_NAME itself
    assert "BADGE_ASSOCIATION" in caplog.text and "1 to 40 characters" in caplog.text
