"""The signature checker of one build, made from its settings: the trust policy (which keys are
believed), the revocation list, and the folder of signature files."""

from . import settings as conf
from .policy import policy_from_settings
from .revocations import load_revocations
from .signatures import SignatureChecker


def signature_checker(settings, keyring, providers_folder):
    """(SignatureChecker, problems): the problems of the policy's settings and of the
    revocation list (its signature's only where signatures are required)."""
    policy, problems = policy_from_settings(settings)
    revocations, list_problems, untrusted = load_revocations(conf.revocations_path(settings),
                                                             keyring, policy)
    problems += list_problems + (untrusted if policy.required else [])
    checker = SignatureChecker(keyring, conf.signatures_path(settings, providers_folder),
                               policy.required, policy.allow_sample, policy, revocations)
    return checker, problems
