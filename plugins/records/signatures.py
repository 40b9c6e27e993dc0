"""Signed audit records: the exact signed bytes, signature files and their checks.

Staff sign each audit record with the association's Ed25519 key (`make sign-records`); the build
verifies every record against the public keys of the keyring. The signed bytes are:

    b"MSP Directory audit record v1\\n" + canonical JSON of
    {"key_id": ..., "member": {"name": ..., "slug": ...}, "record": {<the six record fields>},
     "signed_on": "YYYY-MM-DD"}

where canonical JSON is `json.dumps(payload, sort_keys=True, ensure_ascii=False,
separators=(",", ":"))` encoded as UTF-8, every value is the text written in the profile (dates
as YYYY-MM-DD) and `name` is the profile's name without surrounding white space. README.md,
"Signed records", documents the same bytes for anyone verifying offline.

Public keys are parsed once per build (`keyring`), so checking a record costs one Ed25519
verification (about 50 microseconds) and one small JSON encoding.
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
from validation.yamlsafe import YamlProblem, load_yaml

from .policy import TrustPolicy

DOMAIN = b"MSP Directory audit record v1\n"
# Every field of an audit record, in the order of the profile schema; all of them are signed.
RECORD_FIELDS = ("standard", "program", "issued", "expires", "report_id", "auditor")
# The signed bytes described for machines, published beside the keys.
SIGNED_BYTES = {
    "algorithm": "Ed25519",
    "prefix": DOMAIN.decode("ascii"),
    "payload": ("canonical JSON of {key_id, member: {name, slug}, record: {" + ", ".join(
        RECORD_FIELDS) + "}, signed_on}: keys sorted, separators ',' and ':', no white space, "
        "non-ASCII characters as UTF-8 (not escaped); values as the profile writes them"),
    "message": "prefix + payload, as UTF-8 bytes",
}
# The format of providers/signatures/<slug>.json, which make sign-records writes.
SIGNATURE_SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "signature-file.schema.json")


@dataclasses.dataclass(frozen=True)
class RecordSignature:
    """A signature that verified: by `key`, on `signed_on`."""

    key: object         # records.keyring.PublicKey
    signed_on: datetime.date
    value: str

    def public_record(self):
        """The signature as published in the member's JSON."""
        return {"algorithm": "Ed25519", "key_id": self.key.id,
                "key_fingerprint": self.key.fingerprint,
                "signed_on": self.signed_on.isoformat(), "value": self.value}


def signed_payload(slug, name, record, key_id, signed_on):
    """The mapping whose canonical JSON is signed; `record` maps RECORD_FIELDS to text."""
    return {
        "key_id": key_id,
        "member": {"name": name.strip(), "slug": slug},
        "record": {field: record.get(field) for field in RECORD_FIELDS},
        "signed_on": signed_on,
    }


def signed_bytes(slug, name, record, key_id, signed_on):
    """The exact bytes an Ed25519 signature covers (see the module docstring)."""
    payload = signed_payload(slug, name, record, key_id, signed_on)
    return DOMAIN + json.dumps(payload, sort_keys=True, ensure_ascii=False,
                               separators=(",", ":")).encode("utf-8")


@dataclasses.dataclass(frozen=True)
class SignatureEntry:
    """One entry of a signature file, as written by make sign-records."""

    report_id: str
    key_id: str
    signed_on: str
    signature: str
    signed: dict        # the member name and record fields as signed, for clear messages
    text: bytes = dataclasses.field(repr=False, compare=False)   # the file, for `line`

    @property
    def line(self):
        """Line of this entry in its file, found only when a message needs it."""
        return _line_of_text(self.text, f'"report_id": {json.dumps(self.report_id)}')


@dataclasses.dataclass
class SignatureFile:
    source: str
    slug: str | None
    name: str | None
    entries: dict       # report_id -> SignatureEntry
    # the member's website and contact e-mail when staff last signed ({website, email,
    # signed_on}; recorded, not signed), or None in a file written before it was recorded
    contact: dict | None = None


class SignatureChecker:
    """Checks every record of a member against its signature file; built once per build."""

    def __init__(self, keyring, folder, required, allow_sample, policy=None, revocations=None):
        self.keyring = keyring
        self.folder = folder
        self.required = required
        self.allow_sample = allow_sample
        self.policy = policy or TrustPolicy(required, allow_sample, None)
        # records.revocations.RevocationList: withdrawn and suspended records
        self.revocations = revocations
        self._validator = SchemaValidator(load_schema(SIGNATURE_SCHEMA), document=(
            "a signature file as make sign-records writes it"))
        self._folder_name = relative(folder)

    def revocation(self, slug, report_id):
        """The Revocation of one record (withdrawn or suspended), or None."""
        return self.revocations.get(slug, report_id) if self.revocations else None

    def signature_file_path(self, slug):
        return os.path.join(self.folder, f"{slug}.json")

    def read(self, slug):
        """(SignatureFile or None when there is none, problems).

        Signature files are machine-written JSON, read with the json module (a few microseconds
        each, which matters at 100,000 members); only a file with a problem is read again with
        the YAML reader (JSON is YAML) for the line numbers of its messages.
        """
        path = self.signature_file_path(slug)
        try:
            with open(path, "rb") as handle:
                text = handle.read()
        except FileNotFoundError:
            return None, []
        source = os.path.join(self._folder_name, f"{slug}.json")
        try:
            data = json.loads(text)
            problems = list(self._validator.problems(source, data, {}))
        except ValueError:
            problems = True
        if problems:
            return None, self._file_problems(source, text)
        member = data["member"]
        if member["slug"] != slug:
            return None, [Problem(source, _line_of_text(text, '"slug"'), "member.slug",
                                  f"'{member['slug']}' is not this file's slug '{slug}'",
                                  "the signatures of providers/<slug>.yaml in <slug>.json")]
        entries = {}
        for entry in data["records"]:
            entries[entry["report_id"]] = SignatureEntry(
                entry["report_id"], entry["key_id"], entry["signed_on"], entry["signature"],
                dict(entry["signed"], name=member["name"], report_id=entry["report_id"]),
                text)
        return SignatureFile(source, slug, member["name"], entries,
                             data.get("contact_at_signing")), []

    def _file_problems(self, source, text):
        """Problems of a signature file that is not as make sign-records writes it, with lines."""
        expected = "a signature file as make sign-records writes it"
        try:
            data, lines = load_yaml(text)  # JSON is YAML; this reader knows every value's line
        except YamlProblem as error:
            return [Problem(source, error.line or 0, "json", error.message, expected)]
        return sorted(set(self._validator.problems(source, data, lines))) or [
            Problem(source, 1, "(document)", "cannot be read as JSON", expected)]

    def check_member(self, slug, source, data, lines):
        """([RecordSignature or None per record], problems) for one profile's records.

        A problem here is what `required` mode refuses; in `warn` mode the caller counts them.
        """
        records = data["certifications"]
        signatures = [None] * len(records)
        sigfile, problems = self.read(slug)
        if problems:
            return signatures, problems
        for index, record in enumerate(records):
            base = ("certifications", index)

            def problem(text, expected, key=None, base=base):
                path = ("name",) if key == "name" else base + (key,) if key else base
                return Problem(source, line_of(lines, path), field_name(path), text, expected)

            entry = sigfile.entries.get(record["report_id"]) if sigfile else None
            if entry is None:
                problems.append(problem(
                    f"report {record['report_id']} is not signed by the association",
                    "a record signed by staff with make sign-records (signatures are kept in "
                    f"{os.path.join(self._folder_name, slug + '.json')})"))
                continue
            where = f"{sigfile.source}:{entry.line}"
            key = self.keyring.keys.get(entry.key_id)
            if key is None:
                problems.append(problem(
                    f"signed with the key '{entry.key_id}' ({where}), which is not in "
                    f"{self.keyring.source}", "a signature by a key of the keyring"))
                continue
            message = signed_bytes(slug, data["name"], record, entry.key_id, entry.signed_on)
            try:
                key.verifier.verify(base64.b64decode(entry.signature), message)
            except (InvalidSignature, binascii.Error, ValueError):
                problems.append(self._tampered(problem, slug, data, record, entry, where))
                continue
            signed_on = parse_date(entry.signed_on)
            if signed_on is None:
                problems.append(problem(f"the signing date {entry.signed_on} in {where} is not "
                                        "a calendar date", "a signature make sign-records wrote"))
                continue
            refusal = self.policy.refusal(key, signed_on, self.keyring.source)
            if refusal:
                problems.append(problem(*refusal))
                continue
            signatures[index] = RecordSignature(key, signed_on, entry.signature)
        return signatures, problems

    @staticmethod
    def _tampered(problem, slug, data, record, entry, where):
        """The clearest message for a signature that does not verify: which field changed."""
        current = dict({field: record.get(field) for field in RECORD_FIELDS},
                       name=data["name"].strip())
        for field in ("name",) + RECORD_FIELDS:
            if entry.signed.get(field) != current[field]:
                text = (f"{field} is {json.dumps(current[field], ensure_ascii=False)} but staff "
                        f"signed {json.dumps(entry.signed.get(field), ensure_ascii=False)} "
                        f"({where}); the record was changed after it was signed")
                expected = "the record as signed, or a new signature from staff (make sign-records)"
                return problem(text, expected, key=field)
        return problem(f"the signature in {where} does not verify",
                       "the signature make sign-records wrote for this record")



def sign_record(private_key, key_id, slug, name, record, signed_on):
    """A signature-file entry for one record, signed with an Ed25519PrivateKey."""
    message = signed_bytes(slug, name, record, key_id, signed_on)
    return {
        "report_id": record["report_id"],
        "key_id": key_id,
        "signed_on": signed_on,
        "signature": base64.b64encode(private_key.sign(message)).decode("ascii"),
        "signed": {field: record[field] for field in RECORD_FIELDS if field != "report_id"},
    }


def entry_record(entry):
    """A SignatureEntry back as a signature-file entry (kept unchanged when re-writing a file)."""
    return {
        "report_id": entry.report_id, "key_id": entry.key_id, "signed_on": entry.signed_on,
        "signature": entry.signature,
        "signed": {field: entry.signed[field] for field in RECORD_FIELDS if field != "report_id"},
    }


def _line_of_text(text, needle):
    """1-based line of the first line of `text` (bytes) that contains `needle`, else 1."""
    position = text.find(needle.encode("utf-8"))
    return text.count(b"\n", 0, position) + 1 if position >= 0 else 1


def signature_file_text(slug, name, entries, contact=None):
    """The deterministic text of providers/signatures/<slug>.json (keys sorted, one per line);
    `contact`: the member's {website, email, signed_on} as staff saw them when signing."""
    document = {
        "$schema": "../../plugins/records/signature-file.schema.json",
        "about": (f"The association's signatures on the audit records of providers/{slug}.yaml. "
                  "Written by make sign-records; never edit by hand. Staff only "
                  "(.github/CODEOWNERS). Signed bytes: README.md, 'Signed records'."),
        "member": {"name": name.strip(), "slug": slug},
        "records": list(entries),
    }
    if contact:
        document["contact_at_signing"] = contact
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def unsigned_summary(problems, shown=10):
    """One message for the signature problems a development build tolerates: a count and files."""
    files = sorted({problem.file for problem in problems})
    listed = ", ".join(files[:shown]) + (f" and {len(files) - shown} more" if len(files) > shown
                                         else "")
    return (f"{len(problems)} audit record(s) in {len(files)} profile(s) are not signed by the "
            f"association or their signature does not verify: {listed}. This development build "
            "shows them as unsigned (RECORD_SIGNATURES = \"warn\"); the production build "
            "(publishconf.py) refuses them. Each record: make report (records waiting for a "
            "signature) or make sign-records DRY_RUN=1 (what staff would sign); staff sign them "
            "with make sign-records.")
