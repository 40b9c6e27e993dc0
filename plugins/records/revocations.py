"""The revocation list: audit records the association has withdrawn or suspended.

One YAML file (RECORD_REVOCATIONS_PATH, content/data/revocations.yaml), written by `make revoke`
and signed with the association's key like a record. Its `version` rises by one at every change.
A list kept in the repository can be rolled back together with the records it revokes (restore
the old profile, its old signature and the old list from git history), so the lowest version a
production build accepts is kept outside the repository, in the publish environment
(MSP_REVOCATIONS_MIN_VERSION): TUF's rollback protection. docs/staff-revocation.md explains it.

The signed bytes are b"MSP Directory revocation list v1\\n" + canonical JSON (as for records) of
{"key_id", "revoked": [{"date", "reason", "report_id", "slug", "status"}, sorted by slug and
report id], "signed_on", "version"}.

A revoked record is shown as such (status `withdrawn` or `suspended`), never dropped. Its
entries are applied even when the list's signature is not believed (a development build): a
revocation can only take trust away. Where signatures are required, a list that is missing
(when a minimum version is set), older than the minimum, or not signed by a trusted key fails
the build.
"""

import base64
import binascii
import dataclasses
import datetime
import json
import os

from cryptography.exceptions import InvalidSignature

from validation.dates import parse_date
from validation.paths import relative
from validation.problems import Problem, field_name, line_of
from validation.schema import SchemaValidator, load_schema
from validation.yamlsafe import YamlProblem, read_yaml_file

from .policy import REVOCATIONS_VARIABLE

DOMAIN = b"MSP Directory revocation list v1\n"
WITHDRAWN, SUSPENDED = "withdrawn", "suspended"
STATUSES = (WITHDRAWN, SUSPENDED)
SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "revocations.schema.json")
ENTRY_FIELDS = ("slug", "report_id", "status", "date", "reason")
EXPECTED = "the revocation list as make revoke writes it"


@dataclasses.dataclass(frozen=True)
class Revocation:
    """One withdrawn or suspended record."""

    slug: str
    report_id: str
    status: str
    date: datetime.date
    reason: str

    def public_record(self):
        return {"status": self.status, "date": self.date.isoformat(), "reason": self.reason}


@dataclasses.dataclass
class RevocationList:
    source: str
    version: int = 0
    key_id: str | None = None
    signed_on: str | None = None
    entries: dict = dataclasses.field(default_factory=dict)  # (slug, report_id) -> Revocation

    def get(self, slug, report_id):
        return self.entries.get((slug, report_id))

    def records(self):
        """The entries as the file lists them, sorted by slug and report id."""
        return [self.entries[key] for key in sorted(self.entries)]


def _entry_record(revocation):
    return {"slug": revocation.slug, "report_id": revocation.report_id,
            "status": revocation.status, "date": revocation.date.isoformat(),
            "reason": revocation.reason}


def signed_bytes(version, key_id, signed_on, revocations):
    """The exact bytes the list's signature covers (see the module docstring)."""
    payload = {"key_id": key_id, "signed_on": signed_on, "version": version,
               "revoked": [_entry_record(r) for r in sorted(
                   revocations, key=lambda r: (r.slug, r.report_id))]}
    return DOMAIN + json.dumps(payload, sort_keys=True, ensure_ascii=False,
                               separators=(",", ":")).encode("utf-8")


def file_text(version, key_id, signed_on, revocations, signature):
    """The deterministic text of the revocation list (YAML; each value JSON-quoted)."""
    def quoted(value):
        return json.dumps(value, ensure_ascii=False)

    lines = [
        "# The association's revocation list: audit records it has withdrawn or suspended.",
        "# Written and signed by make revoke; never edit by hand (the signature would break).",
        "# Staff only (.github/CODEOWNERS). Keep every withdrawn record listed: removing one",
        "# lets it come back. docs/staff-revocation.md.",
        f"version: {version}",
        f"key_id: {quoted(key_id)}",
        f"signed_on: {quoted(signed_on)}",
    ]
    ordered = sorted(revocations, key=lambda r: (r.slug, r.report_id))
    lines.append("revoked:" + ("" if ordered else " []"))
    for revocation in ordered:
        record = _entry_record(revocation)
        lines.append(f"  - slug: {quoted(record['slug'])}")
        lines += [f"    {key}: {quoted(record[key])}" for key in ENTRY_FIELDS[1:]]
    lines.append(f"signature: {quoted(signature)}")
    return "\n".join(lines) + "\n"


def sign_list(private_key, key_id, version, signed_on, revocations):
    """The text of a revocation list signed with an Ed25519PrivateKey."""
    message = signed_bytes(version, key_id, signed_on, revocations)
    signature = base64.b64encode(private_key.sign(message)).decode("ascii")
    return file_text(version, key_id, signed_on, revocations, signature)


def load_revocations(path, keyring, policy):
    """(RevocationList, problems, untrusted): `problems` fail every build (an unreadable list, a
    version below the minimum); `untrusted` are the signature's problems, errors only where
    signatures are required (policy.required)."""
    source = relative(path)
    revocations = RevocationList(source)
    minimum = policy.min_revocations
    try:
        data, lines = read_yaml_file(path)
    except OSError:
        if minimum:
            return revocations, [Problem(
                source, 0, "version", "the revocation list is missing",
                f"version {minimum} or later ({REVOCATIONS_VARIABLE} in the publish "
                "environment); restore the list make revoke wrote")], []
        return revocations, [], []
    except YamlProblem as error:
        return revocations, [Problem(source, error.line or 0, "yaml", error.message, EXPECTED)], []
    validator = SchemaValidator(load_schema(SCHEMA), document=EXPECTED)
    problems = sorted(set(validator.problems(source, data, lines)))
    if problems:
        return revocations, problems, []
    for index, entry in enumerate(data["revoked"]):
        key = (entry["slug"], entry["report_id"])
        day = parse_date(entry["date"])
        where = ("revoked", index)
        if day is None:
            problems.append(Problem(source, line_of(lines, where + ("date",)),
                                    field_name(where + ("date",)), f"{entry['date']} is not a "
                                    "calendar date", "a date written YYYY-MM-DD"))
            continue
        if key in revocations.entries:
            problems.append(Problem(source, line_of(lines, where), field_name(where),
                                    f"{entry['slug']} report {entry['report_id']} is listed twice",
                                    "each record once"))
        revocations.entries[key] = Revocation(entry["slug"], entry["report_id"],
                                              entry["status"], day, entry["reason"])
    revocations.version = data["version"]
    revocations.key_id = data["key_id"]
    revocations.signed_on = data["signed_on"]
    if data["version"] < minimum:
        problems.append(Problem(
            source, line_of(lines, ("version",)), "version",
            f"version {data['version']} is older than the lowest this build accepts, {minimum}; "
            "an older list may leave out records the association has since withdrawn",
            f"the current list, version {minimum} or later ({REVOCATIONS_VARIABLE} in the "
            "publish environment)"))
    return revocations, problems, _signature_problems(source, data, lines, keyring, policy,
                                                      revocations)


def _signature_problems(source, data, lines, keyring, policy, revocations):
    def problem(key, text, expected):
        return [Problem(source, line_of(lines, (key,)), key, text, expected)]

    key = keyring.keys.get(data["key_id"])
    if key is None:
        return problem("key_id", f"'{data['key_id']}' is not a key of {keyring.source}",
                       "a list signed by a key of the keyring (make revoke)")
    message = signed_bytes(data["version"], data["key_id"], data["signed_on"],
                           revocations.entries.values())
    try:
        key.verifier.verify(base64.b64decode(data["signature"]), message)
    except (InvalidSignature, binascii.Error, ValueError):
        return problem("signature", "the signature does not verify: the list was changed after "
                       "it was signed", "the list as make revoke signed it")
    signed_on = parse_date(data["signed_on"])
    if signed_on is None:
        return problem("signed_on", f"{data['signed_on']} is not a calendar date",
                       "a list make revoke wrote")
    refusal = policy.refusal(key, signed_on, keyring.source)
    return problem("signature", *refusal) if refusal else []
