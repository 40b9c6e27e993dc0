"""`make revoke`: staff withdraw or suspend one audit record, or lift a suspension.

The record stays in the profile and keeps its signature; the association's signed revocation
list (content/data/revocations.yaml, RECORD_REVOCATIONS_PATH) says it is withdrawn or suspended,
and every page, badge and open-data file shows it so. Each change raises the list's version by
one and signs the list again with an active key of the keyring; the new version is printed, to
be set as MSP_REVOCATIONS_MIN_VERSION in the publish environment, so that a production build
refuses an older list restored from git history (docs/staff-revocation.md).
"""

import argparse
import datetime
import os
import sys

from member_profiles.settings import SettingError, providers_path
from records import keyring as keys
from records import revocations as rev
from records.policy import REVOCATIONS_VARIABLE, TrustPolicy
from records.settings import keyring_path, revocations_path
from validation.paths import relative
from validation.text import text_problems
from validation.yamlsafe import YamlProblem, read_yaml_file

from .config import add_settings_arguments, load_settings, parse_args
from .sign_records import SigningError, confirmed, keyring_entry_for, read_private_key

REINSTATED = "reinstated"
REASON_MAX = 300


def record_exists(folder, slug, report_id):
    """SigningError unless providers/<slug>.yaml has a record with this report id."""
    path = os.path.join(folder, f"{slug}.yaml")
    try:
        data, _ = read_yaml_file(path)
    except (OSError, YamlProblem):
        raise SigningError(f"no readable profile {relative(path)} for the slug '{slug}'") from None
    records = data.get("certifications") if isinstance(data, dict) else None
    ids = [r.get("report_id") for r in records or [] if isinstance(r, dict)]
    if report_id not in ids:
        raise SigningError(f"{relative(path)} has no record with the report id '{report_id}'; "
                           f"its report ids: {', '.join(map(str, ids)) or '(none)'}")


def current_list(path, keyring):
    """The list as it is now; SigningError when its signature does not verify."""
    policy = TrustPolicy(required=False, allow_sample=True, trusted=None)
    current, problems, untrusted = rev.load_revocations(path, keyring, policy)
    if problems or untrusted:
        raise SigningError("the revocation list has problems; restore the list make revoke "
                           "last wrote:\n" + "\n".join(map(str, problems + untrusted)))
    return current


def changed_entries(current, slug, report_id, status, day, reason):
    """The list's entries after the change; SigningError for a change that makes no sense."""
    entries = dict(current.entries)
    before = entries.get((slug, report_id))
    if status == REINSTATED:
        if before is None:
            raise SigningError(f"{slug} report {report_id} is not withdrawn or suspended")
        if before.status == rev.WITHDRAWN:
            raise SigningError(f"{slug} report {report_id} was withdrawn on {before.date}; a "
                               "withdrawn record is final (a new audit gives a new record)")
        del entries[(slug, report_id)]
    else:
        if before is not None and before.status == rev.WITHDRAWN:
            raise SigningError(f"{slug} report {report_id} is already withdrawn (on {before.date})")
        entries[(slug, report_id)] = rev.Revocation(slug, report_id, status, day, reason)
    return entries.values()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="make revoke", description=__doc__.splitlines()[0])
    add_settings_arguments(parser)
    parser.add_argument("--slug", required=True, help="the member (providers/<slug>.yaml)")
    parser.add_argument("--report", required=True, help="the record's report id")
    parser.add_argument("--status", required=True,
                        help="withdrawn, suspended, or reinstated (lifts a suspension)")
    parser.add_argument("--reason", default="", help="the public reason (shown on the site)")
    parser.add_argument("--key-file", help="PEM file of the private key (else MSP_SIGNING_KEY_FILE "
                        "or MSP_SIGNING_KEY)")
    parser.add_argument("--date", type=datetime.date.fromisoformat,
                        help="the date of the decision, YYYY-MM-DD (default: today, UTC)")
    parser.add_argument("--yes", action="store_true", help="do not ask (make revoke ... YES=1)")
    args = parse_args(parser, argv)
    today = datetime.datetime.now(datetime.timezone.utc).date()
    day = args.date or today
    try:
        if args.status not in (*rev.STATUSES, REINSTATED):
            raise SigningError(f"STATUS={args.status!r}; expected withdrawn, suspended or "
                               "reinstated")
        reason = " ".join(args.reason.split())
        if args.status != REINSTATED and not reason:
            raise SigningError("REASON is empty; expected the public reason, in one sentence")
        if len(reason) > REASON_MAX or list(text_problems({"reason": reason})):
            raise SigningError(f"REASON must be plain text of at most {REASON_MAX} characters")
        settings = load_settings(args)
        keyring, problems = keys.load_keyring(keyring_path(settings))
        if problems:
            raise SigningError("the keyring has problems; run make check")
        record_exists(providers_path(settings), args.slug, args.report)
        path = revocations_path(settings)
        current = current_list(path, keyring)
        private_key = read_private_key(args.key_file)
        key = keyring_entry_for(private_key, keyring)
        entries = list(changed_entries(current, args.slug, args.report, args.status, day,
                                       reason))
        version = current.version + 1
        print(f"{relative(path)} version {current.version} -> {version}: {args.slug} report "
              f"{args.report} {args.status}" + (f" on {day} ({reason})" if reason else ""))
        if not confirmed(1, key, args.yes, question=f"Sign version {version} of the list "
                         f"with '{key.id}'? Type yes to sign: "):
            print("Nothing was changed.")
            return 1
    except (SigningError, SettingError, EOFError) as error:
        print(f"error: {error or 'no answer; nothing was changed'}", file=sys.stderr)
        return 2
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(rev.sign_list(private_key, key.id, version, today.isoformat(), entries))
    print(f"Revocation list version {version} written to {relative(path)}, signed with "
          f"'{key.id}'. Commit it, and once it is merged set {REVOCATIONS_VARIABLE}={version} in "
          "the publish environment (GitHub: Settings > Secrets and variables > Actions > "
          "Variables): a production build then refuses any older list.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
