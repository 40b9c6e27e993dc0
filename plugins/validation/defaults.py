"""Plugin settings: each plugin declares its defaults once and applies them to Pelican's settings.

The way `pelican/settings.py` keeps DEFAULT_CONFIG: a plugin's `settings.py` holds one DEFAULTS
dict (and RULES for the values that can be unusable); its `register()` connects the `initialized`
signal to a function that calls `apply_defaults`. From then on code reads `settings["KEY"]` and
templates see every key, so no default is written twice. Tools that read settings without
building (`make check`, scaffolds, reports) get the same values from `sitetools.config`.
"""

import copy
import dataclasses
import hashlib
import importlib.util
import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Rule:
    """What a usable value of one setting looks like: a test, and the words for it."""

    test: Callable[[object], bool]
    expected: str


def whole_number(minimum, maximum=None):
    """A Rule for an int setting between `minimum` and `maximum` (inclusive)."""
    words = f"a whole number of at least {minimum}" if maximum is None else (
        f"a whole number from {minimum} to {maximum}")
    return Rule(lambda value: isinstance(value, int) and not isinstance(value, bool)
                and value >= minimum and (maximum is None or value <= maximum), words)


def apply_defaults(settings, defaults, rules=None, owner="settings"):
    """Give `settings` every missing key of `defaults`; replace an unusable value with its default.

    Defaults are deep-copied, so a build that changes a list never changes DEFAULTS; values the
    user set are never modified in place, only replaced (with a warning naming the key).
    """
    for key, default in defaults.items():
        if key not in settings:
            settings[key] = copy.deepcopy(default)
            continue
        rule = (rules or {}).get(key)
        if rule is not None and not rule.test(settings[key]):
            logger.warning("%s: %s: %r is not usable; expected %s; using %r", owner, key,
                           settings[key], rule.expected, default)
            settings[key] = copy.deepcopy(default)
    return settings


def add_jinja_extension(settings, extension):
    """Put `extension` (a dotted name) into JINJA_ENVIRONMENT["extensions"], once: every
    environment the build makes then has it. Replaces the dict and list, never changing the
    user's in place."""
    jinja = dict(settings.get("JINJA_ENVIRONMENT") or {})
    extensions = list(jinja.get("extensions") or [])
    if extension not in extensions:
        extensions.append(extension)
    jinja["extensions"] = extensions
    settings["JINJA_ENVIRONMENT"] = jinja
    _key_bytecode_cache(jinja.get("bytecode_cache"), extension)


def _key_bytecode_cache(cache, extension):
    """A template's compiled code depends on the extensions that parsed it, yet Jinja's
    bytecode cache keys it by the template's source alone: a changed extension would run code
    compiled by the old one. The cache's file names get the digest of the extension's module."""
    pattern = getattr(cache, "pattern", None)
    if not isinstance(pattern, str) or "%s" not in pattern:
        return
    spec = importlib.util.find_spec(extension.rpartition(".")[0])
    try:
        with open(spec.origin, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()[:12]
    except (AttributeError, TypeError, OSError):
        return
    if digest not in pattern:
        cache.pattern = pattern.replace("%s", f"{digest}_%s", 1)
