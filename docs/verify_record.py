#!/usr/bin/env python3
"""Verify a member's audit records offline, without trusting the directory's website.

    python3 verify_record.py msp-directory-keys.json cobalt-harbor.json \
        --trust 3bb2...f290 [--trust ...] [--allow-sample]

The first file is the site's /.well-known/msp-directory-keys.json, the second a member's
/api/providers/<slug>.json. Needs only Python 3.10+ and the `cryptography` package.

Each record is refused (exit status 1) when its signature does not verify over the documented
bytes, or when the key that made it is not one you trust:
- a key whose SHA-256 fingerprint you did not pass with --trust (get the association's
  fingerprints from a channel you trust: its certification page, a letter, a phone call);
  without --trust, any key of the file is accepted and the script says so;
- the SAMPLE key, whose private half is public (known by its fingerprint, whatever the file
  says), unless --allow-sample (tests and demos only);
- a revoked key, or a retired key for a signature made after the day it was retired;
- a record the association withdrew or suspended (its status or its `revocation`).

The signed bytes: b"MSP Directory audit record v1\\n" + the canonical JSON (keys sorted,
separators "," and ":", UTF-8, non-ASCII not escaped) of
{"key_id", "member": {"name", "slug"}, "record": {"auditor", "expires", "issued", "program",
"report_id", "standard"}, "signed_on"}, with ids for the standard and the programme.
"""

import argparse
import base64
import binascii
import datetime
import hashlib
import json
import re
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

DOMAIN = b"MSP Directory audit record v1\n"
RECORD_FIELDS = ("standard", "program", "issued", "expires", "report_id", "auditor")
# The SAMPLE key of the project's tests/keys/: its private half is public, so its signatures
# prove nothing, whatever a keys file says about it.
SAMPLE_FINGERPRINTS = {"3bb20c4ebfe075715eadf497d121430ce5027b3bfce2663660ffe32a752ff290"}
REVOKED_STATUSES = ("withdrawn", "suspended")


def signed_bytes(member, record, key_id, signed_on):
    fields = dict(record, standard=record["standard"]["id"], program=record["program"]["id"])
    payload = {"key_id": key_id, "signed_on": signed_on,
               "member": {"name": member["name"].strip(), "slug": member["slug"]},
               "record": {field: fields[field] for field in RECORD_FIELDS}}
    return DOMAIN + json.dumps(payload, sort_keys=True, ensure_ascii=False,
                               separators=(",", ":")).encode("utf-8")


def _date(text):
    return datetime.date.fromisoformat(text) if text else None


def record_problem(member, record, keys, trusted, allow_sample):
    """Why this record is not believed, or None when it is."""
    if record.get("status") in REVOKED_STATUSES or record.get("revocation"):
        revocation = record.get("revocation") or {}
        return (f"{record.get('status')} by the association"
                + (f" on {revocation['date']}: {revocation.get('reason', '')}"
                   if revocation.get("date") else ""))
    signature = record.get("signature")
    if not signature:
        return "not signed by the association"
    key = keys.get(signature.get("key_id"))
    if key is None:
        return f"signed with the key '{signature.get('key_id')}', which the keys file lacks"
    try:
        raw = base64.b64decode(key["public_key"], validate=True)
        verifier = Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError, KeyError):
        return f"the key '{key.get('id')}' is not an Ed25519 public key"
    fingerprint = hashlib.sha256(raw).hexdigest()
    if fingerprint in SAMPLE_FINGERPRINTS or key.get("sample"):
        if not allow_sample:
            return (f"signed with the SAMPLE key '{key['id']}', whose private half is public; "
                    "its signatures prove nothing")
    elif trusted is not None and fingerprint not in trusted:
        return (f"signed with the key '{key['id']}' (fingerprint {fingerprint}), which is not "
                "one you trust (--trust)")
    try:
        message = signed_bytes(member, record, key["id"], signature["signed_on"])
        verifier.verify(base64.b64decode(signature["value"]), message)
    except (InvalidSignature, binascii.Error, ValueError, KeyError, TypeError):
        return "the signature does not verify: the record is not the one the association signed"
    signed_on = _date(signature["signed_on"])
    if key.get("status") == "revoked":
        return f"signed with the key '{key['id']}', revoked on {key.get('revoked')}"
    retired = _date(key.get("retired"))
    if key.get("status") == "retired" and (retired is None or signed_on > retired):
        return f"signed on {signed_on} with the key '{key['id']}', retired on {retired}"
    return None


def fingerprints(words):
    """The --trust values as fingerprints (hex; groups of four with spaces are fine)."""
    found = set()
    for word in words:
        digest = re.sub(r"\s", "", word).lower()
        if not re.fullmatch(r"[0-9a-f]{64}", digest):
            raise SystemExit(f"error: --trust {word!r} is not a SHA-256 fingerprint (64 hex digits)")
        found.add(digest)
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("keys", help="msp-directory-keys.json")
    parser.add_argument("member", help="the member's JSON, /api/providers/<slug>.json")
    parser.add_argument("--trust", action="append", default=[], metavar="FINGERPRINT",
                        help="a fingerprint of the association's key (repeatable)")
    parser.add_argument("--allow-sample", action="store_true",
                        help="accept the SAMPLE key (tests and demos only)")
    args = parser.parse_args(argv)
    with open(args.keys, encoding="utf-8") as handle:
        keys = {key["id"]: key for key in json.load(handle)["keys"]}
    with open(args.member, encoding="utf-8") as handle:
        member = json.load(handle)["provider"]
    trusted = fingerprints(args.trust) if args.trust else None
    if trusted is None:
        print("warning: no --trust fingerprint given: any key of the keys file is accepted; "
              "compare the fingerprints with a channel you trust", file=sys.stderr)
    refused = 0
    for record in member["certifications"]:
        problem = record_problem(member, record, keys, trusted, args.allow_sample)
        if problem:
            refused += 1
            print(f"REFUSED {member['slug']} {record['report_id']}: {problem}")
        else:
            signature = record["signature"]
            print(f"OK {member['slug']} {record['report_id']}: signed by "
                  f"{signature['key_id']} on {signature['signed_on']}")
    return 1 if refused or not member["certifications"] else 0


if __name__ == "__main__":
    sys.exit(main())
