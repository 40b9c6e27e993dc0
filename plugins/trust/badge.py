"""Status badges: the words a member's badge says and the estimated size of its text.

The SVG itself is rendered by the theme's `badge.svg` template (autoescaped, no scripts); this
module only decides the text and the geometry, so it can be tested without Pelican. Text widths
are estimated per character for an 11px Verdana/DejaVu Sans-like font, and the template pins the
drawn text to that width with `textLength`, so the text always fits its box whatever font the
viewer has.
"""

import dataclasses
import functools
import unicodedata

from member_profiles.status import ACTIVE, EXPIRED, EXPIRING, PENDING

HEIGHT = 20
PADDING = 6
ELLIPSIS = "\u2026"

# Estimated advance widths in pixels at 11px; anything not listed counts as DEFAULT_WIDTH.
_NARROW = dict.fromkeys("iljI.,:;'|!`()[]{}/\\ ", 3.6)
_NARROW[" "] = 3.9
_MEDIUM = dict.fromkeys("frt-\"*", 4.7)
_WIDE = dict.fromkeys("mwMW@%", 10.0)
_UPPER_DEFAULT = 7.6
_DIGIT = 7.0
DEFAULT_WIDTH = 6.2
FULL_WIDTH = 11.0

# Background of the status part, chosen for at least 4.5:1 contrast with white text.
COLOURS = {
    ACTIVE: "#14632f",
    EXPIRING: "#7a4f00",
    EXPIRED: "#9b1c1c",
    PENDING: "#283593",
}
NAME_COLOUR = "#2b3440"


@dataclasses.dataclass(frozen=True)
class Badge:
    """What one member's badge shows, and where."""

    name: str            # as drawn: possibly cut short with an ellipsis
    full_name: str       # always complete, in the SVG <title>
    status: str
    message: str         # "Verified · valid until 2028-06-01", "Not verified · expired", ...
    title: str           # accessible description of the whole badge
    name_width: float    # estimated width of the drawn name
    message_width: float
    colour: str
    name_colour: str = NAME_COLOUR
    height: int = HEIGHT
    padding: int = PADDING

    @property
    def name_box(self):
        return round(self.name_width + 2 * self.padding, 1)

    @property
    def message_box(self):
        return round(self.message_width + 2 * self.padding, 1)

    @property
    def width(self):
        return round(self.name_box + self.message_box, 1)


@functools.lru_cache(maxsize=4096)  # a few hundred distinct characters make every name
def char_width(char):
    """Estimated width of one character at 11px."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return FULL_WIDTH
    for table in (_NARROW, _MEDIUM, _WIDE):
        if char in table:
            return table[char]
    if char.isdigit():
        return _DIGIT
    if char.isupper():
        return _UPPER_DEFAULT
    return DEFAULT_WIDTH


def text_width(text):
    return round(sum(char_width(char) for char in text), 1)


def fit_text(text, max_width):
    """`text`, or as much of it as fits in `max_width` followed by an ellipsis."""
    text = unicodedata.normalize("NFC", text)
    if text_width(text) <= max_width:
        return text
    room = max_width - char_width(ELLIPSIS)
    kept, used = [], 0.0
    for char in text:
        used += char_width(char)
        if used > room:
            break
        kept.append(char)
    # never leave a base character without the combining marks that followed it
    while kept and len(kept) < len(text) and char_width(text[len(kept)]) == 0.0:
        kept.pop()
    return "".join(kept).rstrip() + ELLIPSIS


def badge_message(status, valid_until):
    """The status words of a badge: a stale badge never claims more than the records say."""
    if status == ACTIVE:
        return f"Verified \u00b7 valid until {valid_until.isoformat()}"
    if status == EXPIRING:
        return f"Verified, renewal due \u00b7 valid until {valid_until.isoformat()}"
    if status == PENDING:
        return "Not yet verified \u00b7 certification pending"
    return "Not verified \u00b7 expired"


def make_badge(member, as_of, association, max_name_width):
    """The Badge of a member as of the build date."""
    message = badge_message(member.status, member.valid_until)
    name = fit_text(member.name, max_name_width)
    title = (f"{member.name}: {message.replace(' · ', ', ')}. "
             f"Membership status with the {association} as of {as_of.isoformat()}.")
    return Badge(
        name=name,
        full_name=member.name,
        status=member.status,
        message=message,
        title=title,
        name_width=text_width(name),
        message_width=text_width(message),
        colour=COLOURS[member.status],
    )
