"""`make sign-records`: staff sign audit records with the association's Ed25519 key.

The private key never enters the repository: it is read from the file named by --key-file (or
the MSP_SIGNING_KEY_FILE environment variable), or from the MSP_SIGNING_KEY environment variable
holding the PEM text. It must be the private half of an *active* key of the keyring.

It first lists what it is about to sign (each record, with the member's website and contact
e-mail) and asks for confirmation; --yes (YES=1) signs without asking, for scripts, and a run
whose input is not a terminal refuses without it. --dry-run (DRY_RUN=1) only lists, and needs no
key. By default only records without a signature are signed. A record whose signed fields changed is
listed with the change and left alone unless --resign-changed is given: staff look at the change
first, because signing is what makes the directory believe it. --resign-all re-signs every record
not already signed by this key (key rotation). Signatures are written to
providers/signatures/<slug>.json; profiles are never rewritten.

`--new-key ID --out FILE` makes a new key pair: the private key goes to FILE (mode 0600, keep it
out of the repository) and the keyring entry to add is printed.
"""

import argparse
import base64
import datetime
import os
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from member_profiles.profiles import load_provider_profiles
from member_profiles.settings import SettingError, providers_path
from records import keyring as keys
from records import signatures as sig
from records.registry import relative
from records.settings import signatures_path

from .config import add_settings_arguments, load_settings, parse_args


class SigningError(Exception):
    """A problem that stops signing before anything is written."""


def read_private_key(key_file):
    """The Ed25519 private key from a file or the environment; never from the repository."""
    text = None
    key_file = key_file or os.environ.get("MSP_SIGNING_KEY_FILE")
    if key_file:
        try:
            with open(os.path.expanduser(key_file), "rb") as handle:
                text = handle.read()
        except OSError as error:
            raise SigningError(f"cannot read the key file {key_file}: {error.strerror}") from None
    elif os.environ.get("MSP_SIGNING_KEY"):
        text = os.environ["MSP_SIGNING_KEY"].encode("ascii", "replace")
    else:
        raise SigningError("no signing key: give --key-file FILE (make sign-records "
                           "KEY_FILE=...), or set MSP_SIGNING_KEY_FILE or MSP_SIGNING_KEY")
    try:
        key = serialization.load_pem_private_key(text, password=None)
    except (ValueError, TypeError):
        raise SigningError("the signing key is not an unencrypted PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningError("the signing key is not an Ed25519 key")
    return key


def raw_public(key):
    return key.public_key().public_bytes(serialization.Encoding.Raw,
                                         serialization.PublicFormat.Raw)


def keyring_entry_for(private_key, keyring):
    """The active keyring entry whose public key is this private key's, or SigningError."""
    digest = keys.fingerprint(raw_public(private_key))
    for key in keyring.keys.values():
        if key.fingerprint == digest:
            if key.status != keys.ACTIVE:
                raise SigningError(f"the key '{key.id}' is {key.status} in {keyring.source}; "
                                   "only an active key signs records")
            return key
    raise SigningError(f"this private key matches no key of {keyring.source} (fingerprint "
                       f"{digest}); add its public key there first (--new-key prints the entry)")


def record_fields(certification):
    """The signed fields of a loaded record, as the profile writes them."""
    return {"standard": certification.standard.id, "program": certification.program.id,
            "issued": certification.issued.isoformat(),
            "expires": certification.expires.isoformat(),
            "report_id": certification.report_id, "auditor": certification.auditor}


def _changes(entry, name, record):
    now = dict(record, name=name)
    return [f"{field} {entry.signed.get(field)!r} -> {now[field]!r}"
            for field in ("name",) + sig.RECORD_FIELDS if entry.signed.get(field) != now[field]]


def contact_of(member):
    """The member's website and contact e-mail as staff see them when they sign (recorded in
    the signature file, not signed: make report lists members whose contact changed since)."""
    return {"website": member.website, "email": member.contact.get("email", "")}


def sign_members(profile_set, checker, private_key, key, signed_on, slugs=None,
                 resign_changed=False, resign_all=False, out=print, write=True):
    """Sign the records of the loaded members; returns (signed, kept, refused) counts.

    write=False only lists what would be signed (private_key and key may then be None)."""
    signed = kept = refused = 0
    wanted = set(slugs or ())
    key_id = key.id if key else None
    for member in profile_set.providers:
        if wanted and member.slug not in wanted:
            continue
        existing, problems = checker.read(member.slug)
        for problem in problems:
            out(f"{problem} (it will be rewritten)")
        entries_by_id = existing.entries if existing else {}
        entries, changed_file, signed_here = [], existing is None or bool(problems), False
        for certification in member.certifications:
            record = record_fields(certification)
            entry = entries_by_id.get(record["report_id"])
            valid = certification.signature is not None
            where = f"{member.source}: {record['report_id']}"
            if entry and valid and not (resign_all and key_id
                                        and certification.signature.key.id != key_id):
                entries.append(sig.entry_record(entry))
                kept += 1
                continue
            if entry and not valid and entry.key_id in checker.keyring.keys and not resign_changed:
                changes = _changes(entry, member.name, record)
                if changes:
                    out(f"{where}: changed since it was signed ({'; '.join(changes)}); "
                        "check the change, then sign it with --resign-changed")
                    entries.append(sig.entry_record(entry))
                    refused += 1
                    continue
            contact = contact_of(member)
            what = (f"{member.name}: {record['standard']}/{record['program']} "
                    f"{record['issued']}..{record['expires']}, auditor {record['auditor']}; "
                    f"website {contact['website']}, e-mail {contact['email'] or '(none)'}")
            if write:
                entries.append(sig.sign_record(private_key, key_id, member.slug, member.name,
                                               record, signed_on))
                out(f"{where}: signed with '{key_id}'" + (" (re-signed)" if entry else ""))
            else:
                out(f"{where}: {'re-sign' if entry else 'sign'} ({what})")
            signed += 1
            changed_file = signed_here = True
        if write and (changed_file or len(entries) != len(entries_by_id)):
            path = checker.signature_file_path(member.slug)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            contact = (dict(contact_of(member), signed_on=signed_on)
                       if signed_here or existing is None else existing.contact)
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(sig.signature_file_text(member.slug, member.name, entries, contact))
    return signed, kept, refused


def confirmed(count, key, yes, ask=input, interactive=None, question=None):
    """True when staff confirmed signing `count` records (or `question`): --yes (YES=1), or
    `yes` typed at a terminal. SigningError when nobody can be asked (input is not a
    terminal)."""
    if yes:
        return True
    interactive = sys.stdin.isatty() if interactive is None else interactive
    if not interactive:
        raise SigningError(f"{count} record(s) listed above would be signed, and nobody can "
                           "confirm it here (the input is not a terminal); read the list, then "
                           "run again with YES=1 (make sign-records ... YES=1, or --yes)")
    answer = ask(question or f"Sign these {count} record(s) with '{key.id}'? Type yes to sign: ")
    return answer.strip().lower() in ("y", "yes")


def new_key(key_id, out_path):
    """Write a new private key to out_path (0600) and print the keyring entry to add."""
    if os.path.exists(out_path):
        raise SigningError(f"{out_path} exists; choose another file")
    private_key = Ed25519PrivateKey.generate()
    pem = private_key.private_bytes(serialization.Encoding.PEM,
                                    serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    descriptor = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    public = base64.b64encode(raw_public(private_key)).decode("ascii")
    print(f"Private key written to {out_path}. Keep it out of the repository.")
    print("Add this entry to content/data/signing-keys.yaml (and retire the old key there):")
    print(f"  - id: {key_id}\n    algorithm: Ed25519\n    public_key: {public}\n"
          f"    status: active\n    created: {datetime.date.today().isoformat()}")
    digest = keys.fingerprint(raw_public(private_key))
    print(f"Its fingerprint is {digest}. Add it to MSP_TRUSTED_KEY_FINGERPRINTS in the publish "
          "environment (GitHub: Settings > Secrets and variables > Actions > Variables; comma-"
          "separated), or a production build refuses every record it signs.")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="make sign-records", description=__doc__.splitlines()[0])
    add_settings_arguments(parser)
    parser.add_argument("--key-file", help="PEM file of the private key (else MSP_SIGNING_KEY_FILE "
                        "or MSP_SIGNING_KEY)")
    parser.add_argument("--slug", action="append", help="sign only this member (repeatable)")
    parser.add_argument("--date", type=datetime.date.fromisoformat,
                        help="signing date, YYYY-MM-DD (default: today, UTC)")
    parser.add_argument("--resign-changed", action="store_true",
                        help="also re-sign records changed since they were signed")
    parser.add_argument("--resign-all", action="store_true",
                        help="re-sign every record not signed by this key (key rotation)")
    parser.add_argument("--dry-run", action="store_true",
                        help="only list what would be signed (no key needed; make sign-records "
                             "DRY_RUN=1)")
    parser.add_argument("--yes", action="store_true",
                        help="sign without asking (make sign-records YES=1, for scripts)")
    parser.add_argument("--new-key", metavar="ID", help="make a new key pair instead of signing")
    parser.add_argument("--out", help="with --new-key: where to write the private key")
    args = parse_args(parser, argv)
    try:
        if args.new_key:
            if not args.out:
                raise SigningError("--new-key needs --out FILE for the private key")
            new_key(args.new_key, args.out)
            return 0
        settings = dict(load_settings(args), RECORD_SIGNATURES="warn")
        private_key = key = None
        if not args.dry_run or args.key_file or os.environ.get("MSP_SIGNING_KEY_FILE") or \
                os.environ.get("MSP_SIGNING_KEY"):
            private_key = read_private_key(args.key_file)
        profile_set = load_provider_profiles(settings)
        if private_key is not None:
            if profile_set.keyring is None or not profile_set.keyring.keys:
                raise SigningError("the keyring has no usable key; run make check")
            key = keyring_entry_for(private_key, profile_set.keyring)
    except (SigningError, SettingError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for problem in profile_set.problems:
        print(problem)
    if profile_set.problems:
        print(f"{len(profile_set.problems)} problem(s): profiles with problems are not signed; "
              "fix them (make check) and run again.", file=sys.stderr)
    if key is not None and key.is_sample:
        print(f"note: '{key.id}' is the SAMPLE key (tests/keys/): fine for the sample site and "
              "tests; a production build refuses its signatures.", file=sys.stderr)
    signed_on = (args.date or datetime.datetime.now(datetime.timezone.utc).date()).isoformat()
    checker = sig.SignatureChecker(profile_set.keyring,
                                   signatures_path(settings, providers_path(settings)),
                                   required=False, allow_sample=True)
    options = (args.slug, args.resign_changed, args.resign_all)
    print("To sign" + (f" with '{key.id}'" if key else "") + f" on {signed_on}:")
    listed, kept, refused = sign_members(profile_set, checker, None, key, signed_on, *options,
                                         out=lambda line: print(f"  {line}"), write=False)
    print(f"{listed} record(s) to sign, {kept} already signed, {refused} changed record(s) "
          "left unsigned (RESIGN=changed signs them after you have checked the change).")
    failed = 1 if refused or profile_set.problems else 0
    if args.dry_run or not listed:
        print("Dry run: nothing was signed." if args.dry_run else "Nothing to sign.")
        return failed
    try:
        if not confirmed(listed, key, args.yes):
            print("Nothing was signed.")
            return 1
    except (SigningError, EOFError) as error:
        print(f"error: {error or 'no answer; nothing was signed'}", file=sys.stderr)
        return 2
    signed, kept, refused = sign_members(profile_set, checker, private_key, key, signed_on,
                                         *options)
    print(f"{signed} record(s) signed with '{key.id}' on {signed_on}, {kept} kept, "
          f"{refused} changed record(s) left unsigned; signatures in {relative(checker.folder)}/")
    return failed


if __name__ == "__main__":
    sys.exit(main())
