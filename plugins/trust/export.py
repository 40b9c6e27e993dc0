"""Open data: member records for /api/providers.json, /api/providers/<slug>.json and providers.csv.

Plain functions over `member_profiles` Providers; they know nothing of Pelican. A record is built
field by field from the public Provider attributes (a Provider has no private field at all), so
nothing is exported that was not chosen here. Output is deterministic: sorted keys, members in
directory order (by name), certifications in the order the profile page shows them.
"""

import csv
import io
import json
import re
import unicodedata

from member_profiles.status import STATUS_LABELS, STATUS_MEANINGS

# Bump the major number when a field is removed or changes meaning; the minor one when a field
# is added. Documented, with a changelog of the format, in docs/open-data.md; each JSON file
# names its JSON Schema (plugins/trust/schemas/, published under OPEN_DATA_SCHEMA_PATH) in `$schema`.
SCHEMA_VERSION = "1.3"
# The schema files (in plugins/trust/schemas/) of the JSON documents, and the record they share.
SCHEMA_FILES = {
    "providers": "providers.schema.json",    # /api/providers.json
    "provider": "provider.schema.json",      # /api/providers/<slug>.json
    "keys": "keys.schema.json",              # /.well-known/msp-directory-keys.json
    "record": "provider-record.schema.json",  # one member, in both provider files
    "statistics": "statistics.schema.json",  # /api/statistics.json (plugins/profession_stats)
}

CSV_COLUMNS = (
    "slug", "name", "status", "verified", "valid_until", "profile_url", "verify_url",
    "website", "city", "region", "country", "service_areas", "services", "industries",
    "company_size", "founded", "member_since", "ethics_signed", "updated", "certifications",
    "email", "phone", "languages",
)
# Spreadsheets run a cell that starts with one of these as a formula ("CSV injection", OWASP):
# the four formula signs, their full-width forms (some spreadsheets fold them), and the blank
# characters a spreadsheet may trim before it looks (tab, CR, LF, space, no-break space).
_FORMULA_START = frozenset("=+-@\t\r\n \u00a0\uff1d\uff0b\uff0d\uff20")
# ...but a plain number (-12, 3.5) is data that a spreadsheet would read as the same number.
# Anything else that only looks like one (-1-1, +47 55 00 41 20) is prefixed like any text.
_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?\Z")


def _date(value):
    return value.isoformat() if value else None


def _link(siteurl, path):
    return f"{siteurl}/{path}"


def certification_record(record):
    return {
        "standard": {"id": record.standard.id, "label": record.standard.label},
        "program": {"id": record.program.id, "label": record.program.label},
        "issued": _date(record.issued),
        "expires": _date(record.expires),
        "report_id": record.report_id,
        "auditor": record.auditor,
        "status": record.status,
        # The association's Ed25519 signature (key id, fingerprint, date, base64 value), so a
        # procurement tool can verify the record offline; null when unsigned (development only).
        # `demo`: signed with a public SAMPLE key (records.keyring), a signature that proves nothing.
        "signature": ({**record.signature.public_record(), "demo": record.signature.key.is_sample}
                      if record.signature else None),
        # {status: withdrawn|suspended, date, reason} when the association revoked the record
        # (its `status` says the same), else null.
        "revocation": record.revocation.public_record() if record.revocation else None,
    }


def history_record(history):
    """The `history` of a member record (a trust.history.MemberHistory)."""
    records = history.records
    return {
        "periods": [{"from": _date(p.start), "to": _date(p.end)} for p in records.periods],
        "gaps": [{"from": _date(p.start), "to": _date(p.end)} for p in records.gaps],
        "renewals": [{"date": _date(r.date), "report_id": r.report_id,
                      "previous_report_id": r.previous_report_id} for r in records.renewals],
        "changes": [{"date": _date(c.date), "change": c.text} for c in history.changes],
        "changes_available": history.changes_available,
        "changes_unavailable_reason": history.changes_reason or None,
    }


def provider_record(member, links, siteurl, history):
    """The public record of one member; `links` maps verify/badge/json to site paths, `history`
    is its trust.history.MemberHistory."""
    return {
        "slug": member.slug,
        "name": member.name,
        "summary": member.summary,
        "status": member.status,
        "status_label": STATUS_LABELS[member.status],
        "verified": member.verified,
        "valid_until": _date(member.valid_until),
        "profile_url": _link(siteurl, member.url),
        "verify_url": _link(siteurl, links["verify"]),
        "badge_url": _link(siteurl, links["badge"]),
        "json_url": _link(siteurl, links["json"]),
        "logo_url": _link(siteurl, member.logo_url) if member.logo_url else None,
        "website": member.website,
        "headquarters": {
            "city": member.city,
            "region": member.region,
            "country": member.country.code,
            "country_name": member.country.name,
        },
        "service_areas": [{"code": place.code, "name": place.name}
                          for place in member.service_areas],
        "services": [{"id": term.id, "label": term.label} for term in member.services],
        "industries": [term.label for term in member.industries],
        "languages": [{"code": spoken.code, "name": spoken.name} for spoken in member.languages],
        "company_size": member.company_size,
        "founded": member.founded,
        "member_since": _date(member.member_since),
        "ethics_signed": _date(member.ethics_signed),
        "updated": _date(member.updated),
        "certifications": [certification_record(record) for record in member.certifications],
        "contact": dict(member.contact),
        "social": {link.network: link.url for link in member.social},
        "certified_since": _date(history.certified_since),
        "history": history_record(history),
    }


def _schema(schema):
    """The `$schema` member of a document: its schema's address, when given."""
    return {} if schema is None else {"$schema": schema}


def collection_document(records, as_of, schema=None):
    """The document of /api/providers.json; `schema`: the address of its JSON Schema."""
    return {
        **_schema(schema),
        "schema_version": SCHEMA_VERSION,
        "as_of": as_of.isoformat(),
        "built": as_of.isoformat(),
        "statuses": {status: {"label": STATUS_LABELS[status], "meaning": STATUS_MEANINGS[status]}
                     for status in STATUS_LABELS},
        "count": len(records),
        "providers": records,
    }


def member_document(record, as_of, schema=None):
    """The document of /api/providers/<slug>.json."""
    return {**_schema(schema), "schema_version": SCHEMA_VERSION, "as_of": as_of.isoformat(),
            "built": as_of.isoformat(), "provider": record}


def keys_document(keyring, signed_bytes, schema=None):
    """The document of /.well-known/msp-directory-keys.json: every key, with its status."""
    return {
        **_schema(schema),
        "schema_version": SCHEMA_VERSION,
        "signed_bytes": signed_bytes,
        "keys": [key.public_record() for key in keyring.published()] if keyring else [],
    }


def to_json(document):
    """Deterministic JSON text: sorted keys, compact separators, UTF-8, one trailing newline."""
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


def spreadsheet_safe(value):
    """A CSV cell: text a spreadsheet shows as it is and never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    first = text[:1]
    if first.isascii() and first.isalnum():  # the common case: no formula starts so
        return text
    if text and (text[0] in _FORMULA_START or unicodedata.category(text[0]) == "Zs") \
            and not _NUMBER.match(text):
        return "'" + text
    return text


def csv_row(record):
    """One CSV row (a dict keyed by CSV_COLUMNS) from a provider record."""
    return {
        "slug": record["slug"],
        "name": record["name"],
        "status": record["status"],
        "verified": record["verified"],
        "valid_until": record["valid_until"],
        "profile_url": record["profile_url"],
        "verify_url": record["verify_url"],
        "website": record["website"],
        "city": record["headquarters"]["city"],
        "region": record["headquarters"]["region"],
        "country": record["headquarters"]["country"],
        "service_areas": " ".join(place["code"] for place in record["service_areas"]),
        "services": " ".join(term["id"] for term in record["services"]),
        "industries": "; ".join(record["industries"]),
        "company_size": record["company_size"],
        "founded": record["founded"],
        "member_since": record["member_since"],
        "ethics_signed": record["ethics_signed"],
        "updated": record["updated"],
        "certifications": "; ".join(
            f"{c['standard']['id']}/{c['program']['id']} {c['report_id']} "
            f"{c['issued']}..{c['expires']} {c['status']}"
            for c in record["certifications"]
        ),
        "email": record["contact"].get("email"),
        "phone": record["contact"].get("phone"),
        "languages": " ".join(spoken["code"] for spoken in record["languages"]),
    }


def to_csv(records):
    """CSV text (RFC 4180, CRLF line ends) with a header row and one row per member."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # (DictWriter checks every row's keys: 10,000s of rows)
    writer.writerow(CSV_COLUMNS)
    for record in records:
        row = csv_row(record)
        writer.writerow([spreadsheet_safe(row[key]) for key in CSV_COLUMNS])
    return buffer.getvalue()
