"""The keyring: the association's public record-signing keys, their status and dates.

Every public key is parsed once per build, here, so checking a record never parses a key.
"""

import base64
import binascii
import dataclasses
import datetime
import hashlib
import re

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from validation.dates import parse_date
from validation.paths import relative
from validation.problems import Problem, field_name, line_of
from validation.schema import read_data_file

# active: signs new records; retired: signs nothing new, its signatures made up to `retired`
# stay valid; revoked: every record it signed is invalid.
ACTIVE, RETIRED, REVOKED = "active", "retired", "revoked"

# The SAMPLE key's fingerprint (tests/keys/sample-signing-key.pem, public on purpose): refused
# where signatures are required whatever the keyring says about it, unless the sample is allowed
# (RECORD_ALLOW_SAMPLE_KEYS, for tests and demos).
SAMPLE_FINGERPRINTS = frozenset({
    "3bb20c4ebfe075715eadf497d121430ce5027b3bfce2663660ffe32a752ff290",
})
# The environment variable a production build reads the fingerprints it trusts from.
TRUSTED_KEYS_VARIABLE = "MSP_TRUSTED_KEY_FINGERPRINTS"


@dataclasses.dataclass(frozen=True)
class PublicKey:
    """One key of the keyring; `verifier` is the parsed key, made once per build."""

    id: str
    public_key: str         # base64 of the 32 raw bytes
    fingerprint: str        # SHA-256 of the raw bytes, hex
    status: str
    created: datetime.date
    retired: datetime.date | None
    revoked: datetime.date | None
    sample: bool
    line: int
    verifier: Ed25519PublicKey = dataclasses.field(compare=False, repr=False)

    @property
    def is_sample(self):
        """A SAMPLE key: marked so in the keyring, or known by its fingerprint."""
        return self.sample or self.fingerprint in SAMPLE_FINGERPRINTS

    @property
    def fingerprint_groups(self):
        """The fingerprint in groups of four hex digits, for people to compare by eye."""
        return " ".join(self.fingerprint[i:i + 4] for i in range(0, len(self.fingerprint), 4))

    def public_record(self):
        """The key as published in /.well-known/msp-directory-keys.json."""
        return {
            "id": self.id, "algorithm": "Ed25519", "public_key": self.public_key,
            "fingerprint": self.fingerprint, "status": self.status,
            "created": self.created.isoformat(),
            "retired": self.retired.isoformat() if self.retired else None,
            "revoked": self.revoked.isoformat() if self.revoked else None,
            "sample": self.is_sample,
        }


@dataclasses.dataclass
class Keyring:
    source: str
    keys: dict          # id -> PublicKey, in file order

    def published(self):
        return list(self.keys.values())


def fingerprint(raw):
    return hashlib.sha256(raw).hexdigest()


def parse_fingerprints(text):
    """(frozenset of fingerprints, words that are not one) from the text of
    MSP_TRUSTED_KEY_FINGERPRINTS: SHA-256 fingerprints in hex, separated by commas or white
    space; a fingerprint may be written in groups of four hex digits, as the site shows it."""
    found, bad = set(), []
    for part in re.split(r"[,;]", text or ""):
        pending = ""
        for word in part.split():
            word = word.lower()
            if not re.fullmatch(r"[0-9a-f]+", word):
                bad.append(word)
                pending = ""
                continue
            pending += word
            if len(pending) == 64:
                found.add(pending)
                pending = ""
            elif len(pending) > 64:
                bad.append(pending)
                pending = ""
        if pending:
            bad.append(pending)
    return frozenset(found), bad


def load_keyring(path):
    """(Keyring, problems) from the keyring file; every public key is parsed here, once."""
    data, lines, problems = read_data_file(path, "RECORD_KEYRING_PATH",
                                           "the association's public signing keys")
    source = relative(path)
    keyring = Keyring(source, {})
    if problems:
        return keyring, problems
    fingerprints = {}
    for index, entry in enumerate(data["keys"]):
        base = ("keys", index)
        line = line_of(lines, base)

        def problem(key, text, expected, base=base):
            path = base + (key,)
            return Problem(source, line_of(lines, path), field_name(path), text, expected)

        try:
            raw = base64.b64decode(entry["public_key"], validate=True)
            verifier = Ed25519PublicKey.from_public_bytes(raw)
        except (binascii.Error, ValueError):
            problems.append(problem("public_key", "is not a base64 Ed25519 public key",
                                    "the 32 raw bytes of an Ed25519 public key in base64 "
                                    "(44 characters), as make sign-records --new-key prints"))
            continue
        dates = {key: parse_date(entry.get(key)) for key in ("created", "retired", "revoked")}
        status = entry["status"]
        if status == RETIRED and not dates["retired"]:
            problems.append(problem("retired", "a retired key needs the date it was retired",
                                    "retired: YYYY-MM-DD"))
        if status == REVOKED and not dates["revoked"]:
            problems.append(problem("revoked", "a revoked key needs the date it was revoked",
                                    "revoked: YYYY-MM-DD"))
        if entry["id"] in keyring.keys:
            problems.append(problem("id", f"'{entry['id']}' is also the id on line "
                                    f"{keyring.keys[entry['id']].line}", "a key id used once"))
        digest = fingerprint(raw)
        if digest in fingerprints:
            problems.append(problem("public_key", f"the same key as '{fingerprints[digest]}'",
                                    "each public key once"))
        fingerprints[digest] = entry["id"]
        keyring.keys[entry["id"]] = PublicKey(
            id=entry["id"], public_key=entry["public_key"], fingerprint=digest, status=status,
            created=dates["created"], retired=dates["retired"], revoked=dates["revoked"],
            sample=entry.get("sample", False), line=line, verifier=verifier)
    return keyring, problems
