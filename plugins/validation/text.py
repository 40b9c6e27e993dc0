"""Text rules: characters that may not appear in a contributor's text.

Control characters (Unicode category Cc: C0, DEL and C1) make an SVG badge or an XML feed invalid
and can hide text; bidirectional embeddings, overrides and isolates (U+202A-U+202E,
U+2066-U+2069) reorder what a reader sees, so a name can pose as another. XML 1.0 has no place
for U+FFFE, U+FFFF or a lone surrogate either (an Atom feed with one is ill-formed), so they are
refused with the control characters. Newline and tab are allowed only in fields that are
multi-line by nature (a Markdown description).

Pure functions over strings and loaded YAML/metadata; no other plugin is imported. Callers turn
each finding into their own `file:line: field: problem; expected` message, with EXPECTED.
"""

import re
import unicodedata

from unidecode import unidecode

BIDI_CONTROLS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
# Characters XML 1.0 does not allow besides the control characters: the two noncharacters at the
# end of the Basic Multilingual Plane, and surrogates (a lone one can reach Python's str from
# escapes such as "\ud800" in YAML).
NOT_IN_XML = frozenset("\ufffe\uffff")
MULTILINE_ALLOWED = frozenset("\n\t")
# Every character the rules below look at (Cc is exactly U+0000-U+001F and U+007F-U+009F; Cs is
# U+D800-U+DFFF): most texts contain none, and one search tells.
_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
                      "\ufffe\uffff]")
EXPECTED = ("text without control characters, bidirectional overrides or characters XML does "
            "not allow (newlines and tabs only in multi-line fields)")


def describe(character):
    """`U+202E (RIGHT-TO-LEFT OVERRIDE)`; control characters have no name, only a code point."""
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X}" + (f" ({name})" if name else "")


def character_problems(text, multiline=False):
    """One sentence per forbidden character kind in `text` (first occurrence of each)."""
    if not _SUSPECT.search(text):
        return []
    found = {}
    for character in text:
        if multiline and character in MULTILINE_ALLOWED:
            continue
        if character in BIDI_CONTROLS:
            found.setdefault(character, f"contains the bidirectional control "
                                        f"{describe(character)}")
        elif unicodedata.category(character) == "Cc":
            found.setdefault(character, f"contains the control character {describe(character)}")
        elif character in NOT_IN_XML or unicodedata.category(character) == "Cs":
            found.setdefault(character, f"contains {describe(character)}, which XML does not "
                                        "allow")
    return list(found.values())


def text_values(data, path=()):
    """(path, text) for every string in nested mappings and lists, keys excluded."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from text_values(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from text_values(value, path + (index,))


def text_problems(data, multiline=frozenset()):
    """(path, sentence) for each string in `data` that breaks the rules; `multiline` holds the
    last keys of fields where newlines and tabs are allowed (such as "description")."""
    return [(path, problem)
            for path, text in text_values(data)
            for problem in character_problems(text, bool(path) and path[-1] in multiline)]


def comparable_name(name):
    """A name as two names are compared for sameness: NFKC (full-width and compatibility forms
    become plain letters), transliterated to ASCII (accents and zero-width characters go),
    case-folded, with every run of whitespace one space and none at the ends. "Acme  IT" and
    "ＡＣＭＥ it" compare equal."""
    folded = unidecode(unicodedata.normalize("NFKC", name)).casefold()
    return " ".join(folded.split())
