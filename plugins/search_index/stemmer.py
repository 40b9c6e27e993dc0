"""The Porter stemmer exactly as lunr.js 2.3.9 runs it (`lunr.stemmer`), for indexes built here.

lunr.py 0.8.0 ships a different Porter variant: it stems "day" to "dai" and leaves "dry" alone,
where lunr.js keeps "day" and gives "dri", so an index stemmed by lunr.py misses what people type
in the browser. This module follows lunr.js's regular-expression formulation step by step (same
patterns, same order) so that both sides agree; tests compare the two on a large vocabulary.
"""

import re

from lunr.pipeline import Pipeline

_STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize",
    "bli": "ble", "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize",
    "ation": "ate", "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful",
    "ousness": "ous", "aliti": "al", "iviti": "ive", "biliti": "ble", "logi": "log",
}
_STEP3 = {
    "icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "",
    "ness": "",
}

_c = "[^aeiou]"  # consonant
_v = "[aeiouy]"  # vowel
_C = _c + "[^aeiouy]*"  # consonant sequence
_V = _v + "[aeiou]*"  # vowel sequence
_MGR0 = re.compile(f"^({_C})?{_V}{_C}")  # [C]VC... is m>0
_MEQ1 = re.compile(f"^({_C})?{_V}{_C}({_V})?$")  # [C]VC[V] is m=1
_MGR1 = re.compile(f"^({_C})?{_V}{_C}{_V}{_C}")  # [C]VCVC... is m>1
_S_V = re.compile(f"^({_C})?{_v}")  # vowel in stem

_1A = re.compile(r"^(.+?)(ss|i)es$")
_1A2 = re.compile(r"^(.+?)([^s])s$")
_1B = re.compile(r"^(.+?)eed$")
_1B2 = re.compile(r"^(.+?)(ed|ing)$")
_LAST = re.compile(r".$")
_1B_ADD_E = re.compile(r"(at|bl|iz)$")
_1B_DOUBLE = re.compile(r"([^aeiouylsz])\1$")
_CVC = re.compile(f"^{_C}{_v}[^aeiouwxy]$")
_1C = re.compile(r"^(.+?[^aeiou])y$")
_2 = re.compile("^(.+?)(" + "|".join(_STEP2) + ")$")
_3 = re.compile("^(.+?)(" + "|".join(_STEP3) + ")$")
_4 = re.compile(r"^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$")
_4B = re.compile(r"^(.+?)(s|t)(ion)$")
_5 = re.compile(r"^(.+?)e$")
_5LL = re.compile(r"ll$")


def stem(word):
    """The stem of one lower-case word, as lunr.js 2.3.9 computes it."""
    if len(word) < 3:
        return word
    initial_y = word[0] == "y"
    if initial_y:
        word = "Y" + word[1:]

    if _1A.search(word):
        word = _1A.sub(r"\1\2", word, count=1)
    elif _1A2.search(word):
        word = _1A2.sub(r"\1\2", word, count=1)

    if match := _1B.search(word):
        if _MGR0.search(match[1]):
            word = _LAST.sub("", word, count=1)
    elif match := _1B2.search(word):
        if _S_V.search(match[1]):
            word = match[1]
            if _1B_ADD_E.search(word):
                word += "e"
            elif _1B_DOUBLE.search(word):
                word = _LAST.sub("", word, count=1)
            elif _CVC.search(word):
                word += "e"

    if match := _1C.search(word):
        word = match[1] + "i"

    if (match := _2.search(word)) and _MGR0.search(match[1]):
        word = match[1] + _STEP2[match[2]]

    if (match := _3.search(word)) and _MGR0.search(match[1]):
        word = match[1] + _STEP3[match[2]]

    if match := _4.search(word):
        if _MGR1.search(match[1]):
            word = match[1]
    elif match := _4B.search(word):
        if _MGR1.search(match[1] + match[2]):
            word = match[1] + match[2]

    if match := _5.search(word):
        base = match[1]
        if _MGR1.search(base) or (_MEQ1.search(base) and not _CVC.search(base)):
            word = base
    if _5LL.search(word) and _MGR1.search(word):
        word = _LAST.sub("", word, count=1)

    if initial_y:
        word = "y" + word[1:]
    return word


def lunr_js_stemmer(token, i=None, tokens=None):
    """lunr pipeline step: stem a token as lunr.js's `stemmer` does."""
    return token.update(lambda string, metadata=None: stem(string))


Pipeline.register_function(lunr_js_stemmer, "msp-stemmer")
