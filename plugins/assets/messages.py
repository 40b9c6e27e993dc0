"""The theme's scripts in the build's language: each message is replaced by its translation.

A script marks its messages as gettext catalogues do, `gettext("Copied.")` and
`ngettext("%(n)s result", "%(n)s results", n)` with string literals, and fills placeholders
itself. `make translations` extracts them (babel.cfg); the build replaces every call here, so the
script a page loads holds its language's words and nothing else (no catalogue, no lookup):

- `gettext("text")` becomes the translated string literal, `"tekst"`;
- `ngettext("one", "many", ` becomes `(function (n) { return ["én", "mange"][+(<plural>)]; })(`,
  the language's plural rule (the catalogue's Plural-Forms, C syntax that JavaScript shares)
  choosing the form; the count argument and closing parenthesis stay as written.

A call with anything but string literals cannot be translated, and stops the build.
"""

import ast
import functools
import gettext
import json
import re

STRING = r"""(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
GETTEXT = re.compile(rf"(?<![\w.$])gettext\(\s*({STRING})\s*\)")
NGETTEXT = re.compile(rf"(?<![\w.$])ngettext\(\s*({STRING})\s*,\s*({STRING})\s*,\s*")
LEFT_OVER = re.compile(r"(?<![\w.$])n?gettext\(")
# English and any catalogue without a Plural-Forms header: one form for 1, another for the rest
SOURCE_PLURAL = "(n != 1)"


class ScriptMessageError(Exception):
    """A message call the build cannot translate: the script, the line and the call."""


def plural_rule(translations):
    """The C expression of `n` that picks a plural form, from the catalogue's Plural-Forms."""
    forms = getattr(translations, "_info", {}).get("plural-forms", "")
    match = re.search(r"plural\s*=\s*(.+?)\s*;?\s*$", forms)
    return match.group(1) if match else SOURCE_PLURAL


def _literal(text):
    return json.dumps(text)  # ASCII only: the file's bytes never depend on its charset


def localise_script(text, translations, name="script"):
    """`text` (a script's source) with every gettext/ngettext call replaced by its translation."""
    rule = plural_rule(translations)

    def one(match):
        return _literal(translations.gettext(ast.literal_eval(match.group(1))))

    def plural(match):
        singular, plural_form = (ast.literal_eval(group) for group in match.groups())
        forms = [translations.ngettext(singular, plural_form, count) for count in _samples(rule)]
        return f"(function (n) {{ return {_forms(forms)}[+({rule})]; }})("

    text = NGETTEXT.sub(plural, GETTEXT.sub(one, text))
    left = LEFT_OVER.search(text)
    if left:
        line = text.count("\n", 0, left.start()) + 1
        raise ScriptMessageError(
            f"{name}:{line}: {text[left.start():left.start() + 40].splitlines()[0]}: cannot be "
            f"translated; expected gettext(\"text\") or ngettext(\"one\", \"many\", n) with "
            f"string literals")
    return text


@functools.lru_cache(maxsize=64)
def _samples(rule):
    """A count for each plural form of `rule`, in form order (form i is the first n giving i);
    made once per rule (a language's scripts ask for it at every build)."""
    found, evaluate = {}, gettext.c2py(rule)  # (gettext's own parser of C plural expressions)
    for count in range(0, 1000):
        found.setdefault(int(evaluate(count)), count)
    return tuple(found[index] for index in sorted(found))


def _forms(forms):
    return "[" + ", ".join(_literal(form) for form in forms) + "]"
