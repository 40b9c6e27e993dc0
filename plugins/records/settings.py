"""Settings of the records package: defaults in one place, read where they are used."""

import os

SIGNATURE_MODES = ("required", "warn")

DEFAULTS = {
    # Accredited auditors and each programme's rules, relative to Pelican's content PATH, and
    # its JSON Schema.
    "RECORD_AUDITORS_PATH": "data/auditors.yaml",
    "RECORD_AUDITORS_SCHEMA_PATH": "data/auditors.schema.json",
    # The association's public signing keys (id, status, dates), relative to the content PATH,
    # and its JSON Schema.
    "RECORD_KEYRING_PATH": "data/signing-keys.yaml",
    "RECORD_KEYRING_SCHEMA_PATH": "data/signing-keys.schema.json",
    # Folder of <slug>.json signature files; default <PROVIDERS_PATH>/signatures.
    "RECORD_SIGNATURES_PATH": None,
    # "required": an unsigned or tampered record is an error (publishconf.py);
    # "warn": one warning with a count and the files, and the record is shown as unsigned.
    "RECORD_SIGNATURES": "warn",
    # Records signed with a key marked `sample: true` are refused where signatures are required,
    # unless this is true (tests and demo sites only; see tests/keys/README.md).
    "RECORD_ALLOW_SAMPLE_KEYS": False,
}


class RecordSettingError(ValueError):
    """A records setting with a value the package cannot use."""


def setting(settings, key):
    """The value of `key`, or its default."""
    return settings.get(key, DEFAULTS[key])


def _content_file(settings, key):
    return os.path.join(settings["PATH"], setting(settings, key))


def auditors_path(settings):
    return _content_file(settings, "RECORD_AUDITORS_PATH")


def keyring_path(settings):
    return _content_file(settings, "RECORD_KEYRING_PATH")


def auditors_schema_path(settings):
    return _content_file(settings, "RECORD_AUDITORS_SCHEMA_PATH")


def keyring_schema_path(settings):
    return _content_file(settings, "RECORD_KEYRING_SCHEMA_PATH")


def signatures_path(settings, providers_path):
    return setting(settings, "RECORD_SIGNATURES_PATH") or os.path.join(providers_path, "signatures")


def signature_mode(settings):
    value = setting(settings, "RECORD_SIGNATURES")
    if value not in SIGNATURE_MODES:
        raise RecordSettingError(
            f"RECORD_SIGNATURES: {value!r} is not usable; expected one of "
            + ", ".join(repr(mode) for mode in SIGNATURE_MODES))
    return value


def sample_keys_allowed(settings):
    return setting(settings, "RECORD_ALLOW_SAMPLE_KEYS") is True
