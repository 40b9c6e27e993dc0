"""What a build accepts as the association's signature: the trust policy of one build.

A signature verifies against a key of the keyring; whether the build *believes* it is decided
here. A revoked key is never believed; a retired key only for what it signed up to its date; the
SAMPLE key (public on purpose) is refused where signatures are required, whatever the keyring
says about it, unless the sample is allowed (tests, demos); and a production build believes only
the keys whose fingerprints the publish environment lists (MSP_TRUSTED_KEY_FINGERPRINTS), so a
key added to the keyring by a pull request is refused.
"""

import dataclasses

from validation.problems import Problem

from .keyring import REVOKED, SAMPLE_FINGERPRINTS, TRUSTED_KEYS_VARIABLE, parse_fingerprints

REVOCATIONS_VARIABLE = "MSP_REVOCATIONS_MIN_VERSION"
_ENVIRONMENT = "(publish environment)"


@dataclasses.dataclass(frozen=True)
class TrustPolicy:
    required: bool              # RECORD_SIGNATURES == "required"
    allow_sample: bool          # RECORD_ALLOW_SAMPLE_KEYS
    trusted: frozenset | None   # fingerprints a build accepts; None: every key of the keyring
    min_revocations: int = 0    # the lowest version of the revocation list accepted

    def trusts(self, key):
        if key.is_sample and self.allow_sample:
            return True
        return self.trusted is None or key.fingerprint in self.trusted

    def refusal(self, key, signed_on, keyring_source="the keyring"):
        """(problem, expected) when a good signature by `key` made on `signed_on` is not
        believed, else None."""
        if key.status == REVOKED:
            return (f"signed with the key '{key.id}', revoked on {key.revoked} "
                    f"({keyring_source}:{key.line}); a revoked key invalidates its records",
                    "the record re-signed with an active key (make sign-records)")
        if key.retired and signed_on > key.retired:
            return (f"signed on {signed_on} with the key '{key.id}', retired on {key.retired}",
                    "a signature made before the key was retired, or by an active key")
        if key.is_sample and self.required and not self.allow_sample:
            return (f"signed with the SAMPLE key '{key.id}', which is for tests and demos only",
                    "a signature by the association's own key (the sample key's private half "
                    "is public in tests/keys/)")
        if not self.trusts(key):
            return (f"signed with the key '{key.id}' (fingerprint {key.fingerprint_groups}), "
                    f"which this build does not trust",
                    f"a signature by a key whose fingerprint is in {TRUSTED_KEYS_VARIABLE}, "
                    "the list of the association's keys kept in the publish environment "
                    "(a repository variable), not in the repository")
        return None


def policy_from_settings(settings):
    """(TrustPolicy, problems) from the RECORD_* settings; a problem names the variable."""
    problems = []
    trusted = settings.get("RECORD_TRUSTED_KEY_FINGERPRINTS")
    if trusted is not None:
        if isinstance(trusted, (list, tuple, set, frozenset)):
            trusted = ",".join(str(item) for item in trusted)
        if not isinstance(trusted, str):
            problems.append(Problem(_ENVIRONMENT, 0, TRUSTED_KEYS_VARIABLE,
                                    f"{trusted!r} is not a list of fingerprints",
                                    "SHA-256 fingerprints in hex, separated by commas"))
            trusted = ""
        fingerprints, bad = parse_fingerprints(trusted)
        for word in bad:
            problems.append(Problem(_ENVIRONMENT, 0, TRUSTED_KEYS_VARIABLE,
                                    f"'{word[:80]}' is not a SHA-256 fingerprint",
                                    "64 hex digits per key (groups of four may be separated by "
                                    "spaces), keys separated by commas, as the certification "
                                    "page shows each key's fingerprint"))
        trusted = fingerprints
    minimum = settings.get("RECORD_REVOCATIONS_MIN_VERSION")
    if minimum in (None, ""):
        minimum = 0
    elif isinstance(minimum, str) and minimum.strip().isdigit():
        minimum = int(minimum.strip())
    elif not (isinstance(minimum, int) and not isinstance(minimum, bool) and minimum >= 0):
        problems.append(Problem(_ENVIRONMENT, 0, REVOCATIONS_VARIABLE,
                                f"{str(minimum)[:80]!r} is not a version number",
                                "a whole number: the version make revoke printed"))
        minimum = 0
    return TrustPolicy(settings.get("RECORD_SIGNATURES") == "required",
                       settings.get("RECORD_ALLOW_SAMPLE_KEYS") is True, trusted, minimum), problems


__all__ = ["SAMPLE_FINGERPRINTS", "TrustPolicy", "policy_from_settings"]
