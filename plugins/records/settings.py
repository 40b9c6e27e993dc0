"""Settings of the records package: defaults in one place, read where they are used."""

import os

from validation.defaults import Rule, apply_defaults

DEFAULTS = {
    # Accredited auditors and each programme's rules, relative to Pelican's content PATH (its
    # JSON Schema is beside it: auditors.schema.json).
    "RECORD_AUDITORS_PATH": "data/auditors.yaml",
    # The association's public signing keys (id, status, dates), relative to the content PATH
    # (schema beside it: signing-keys.schema.json).
    "RECORD_KEYRING_PATH": "data/signing-keys.yaml",
    # Folder of <slug>.json signature files; default <PROVIDERS_PATH>/signatures.
    "RECORD_SIGNATURES_PATH": None,
    # "required": an unsigned or tampered record is an error (publishconf.py);
    # "warn": one warning with a count and the files, and the record is shown as unsigned.
    "RECORD_SIGNATURES": "warn",
    # Records signed with a key marked `sample: true` are refused where signatures are required,
    # unless this is true (tests and demo sites only; see tests/keys/README.md).
    "RECORD_ALLOW_SAMPLE_KEYS": False,
    # The keys a build accepts, by SHA-256 fingerprint (hex; commas or white space between
    # fingerprints, groups of four tolerated): None accepts every key of the keyring
    # (development); publishconf.py sets it from MSP_TRUSTED_KEY_FINGERPRINTS in the publish
    # environment, so a key added to the keyring by a pull request is refused.
    "RECORD_TRUSTED_KEY_FINGERPRINTS": None,
    # The signed list of withdrawn and suspended records (make revoke), relative to the content
    # PATH; absent means none. docs/staff-revocation.md.
    "RECORD_REVOCATIONS_PATH": "data/revocations.yaml",
    # The lowest version of that list a build accepts (publishconf.py: MSP_REVOCATIONS_MIN_VERSION);
    # 0 or "" accepts any, and a missing list.
    "RECORD_REVOCATIONS_MIN_VERSION": 0,
}

RULES = {
    "RECORD_SIGNATURES": Rule(lambda value: value in ("required", "warn"),
                              '"required" or "warn"'),
    "RECORD_ALLOW_SAMPLE_KEYS": Rule(lambda value: isinstance(value, bool), "true or false"),
}


def initialized(pelican):
    """`initialized` signal: this package's defaults into Pelican's settings."""
    apply_defaults(pelican.settings, DEFAULTS, RULES, owner="records")


def _content_file(settings, key):
    return os.path.join(settings["PATH"], settings[key])


def auditors_path(settings):
    return _content_file(settings, "RECORD_AUDITORS_PATH")


def keyring_path(settings):
    return _content_file(settings, "RECORD_KEYRING_PATH")


def revocations_path(settings):
    return _content_file(settings, "RECORD_REVOCATIONS_PATH")


def signatures_path(settings, providers_path):
    return settings["RECORD_SIGNATURES_PATH"] or os.path.join(providers_path, "signatures")
