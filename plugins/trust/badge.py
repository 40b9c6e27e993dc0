"""Status badges: the words a member's badge says and the estimated size of its text.

Two sizes: `Badge`, one 22 px line (member name | "<association> verified · valid until …"),
and `LargeBadge`, a card (300 to 420 px wide) naming the association in full. The SVGs are rendered by
the theme's `badge.svg` and `badge-large.svg` templates (autoescaped, no scripts); this module
only decides the text and the geometry, so it can be tested without Pelican. Text widths are
estimated per character for an 11px Verdana/DejaVu Sans-like font (scaled for other sizes), and
the templates pin the drawn text to that width with `textLength`, so the text always fits its
box whatever font the viewer has.

Both sizes work on light and dark pages: a white outer ring, then a 1 px border in the status
colour around a white name panel, so some edge always stands out from the page behind it.
"""

import dataclasses
import functools
import gettext
import math
import unicodedata

from member_profiles.status import ACTIVE, EXPIRED, EXPIRING, PENDING, SUSPENDED, WITHDRAWN

HEIGHT = 22       # 20 px of content inside a 1 px white ring
PADDING = 6
RING = 1          # the white outer ring, then a 1 px border in the status colour
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
    SUSPENDED: "#5a2d82",
    WITHDRAWN: "#3d3d3d",
}
NAME_COLOUR = "#ffffff"   # the name panel
NAME_INK = "#1b2430"      # text on the name panel (16:1 on white)
RING_COLOUR = "#ffffff"


@dataclasses.dataclass(frozen=True)
class Badge:
    """What one member's badge shows, and where."""

    name: str            # as drawn: possibly cut short with an ellipsis
    full_name: str       # always complete, in the SVG <title>
    status: str
    message: str         # "AVMSP verified · valid until 1 June 2028", "Not AVMSP verified · expired"
    title: str           # accessible description of the whole badge
    name_width: float    # estimated width of the drawn name
    message_width: float
    colour: str
    name_colour: str = NAME_COLOUR
    name_ink: str = NAME_INK
    ring_colour: str = RING_COLOUR
    height: int = HEIGHT
    padding: int = PADDING
    ring: int = RING

    @property
    def name_box(self):
        """Width of the name panel, from the outer edge (ring and border included)."""
        return round(self.name_width + 2 * self.padding + 2 * self.ring, 1)

    @property
    def message_box(self):
        return round(self.message_width + 2 * self.padding + 2 * self.ring, 1)

    @property
    def width(self):
        return round(self.name_box + self.message_box, 1)


# The large badge: a card with three lines of text, as wide as its widest line within limits.
LARGE_MIN_WIDTH = 300
LARGE_MAX_WIDTH = 420
LARGE_HEIGHT = 76
LARGE_PADDING = 10
LARGE_SIZES = {"association": 11, "name": 15, "message": 11}
BOLD = 1.1  # bold text is about a tenth wider than regular text


@dataclasses.dataclass(frozen=True)
class LargeBadge:
    """The large badge: the association's full name, the member's name and the status words."""

    association: str     # as drawn, possibly cut short
    name: str
    full_name: str
    status: str
    message: str
    title: str
    association_width: float
    name_width: float
    message_width: float
    colour: str
    width: int
    name_colour: str = NAME_COLOUR
    name_ink: str = NAME_INK
    ring_colour: str = RING_COLOUR
    height: int = LARGE_HEIGHT
    padding: int = LARGE_PADDING
    sizes: dict = dataclasses.field(default_factory=lambda: dict(LARGE_SIZES))


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


@functools.lru_cache(maxsize=65536)  # the association's name and the status lines repeat
def text_width(text):
    return round(sum(map(char_width, text)), 1)


def written_date(value):
    """A date as visitors read it everywhere on the site: "1 June 2028" (DEFAULT_DATE_FORMAT)."""
    return f"{value.day} {value:%B %Y}"


def fit_text(text, max_width, scale=1.0):
    """`text`, or as much of it as fits in `max_width` followed by an ellipsis; `scale` is the
    font size over 11px (times BOLD for bold text)."""
    text = unicodedata.normalize("NFC", text)
    if text_width(text) * scale <= max_width:
        return text
    room = max_width / scale - char_width(ELLIPSIS)
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


@dataclasses.dataclass(frozen=True)
class BadgeLanguage:
    """The language of a badge's words: gettext translations and how a date is written."""

    text: object = gettext.NullTranslations()
    date: object = written_date
    # what the words are made from, for reused pages (batch_render reads a model's input_digest
    # instead of its fields): the language; the catalogues are in the theme, in every build's key
    input_digest: str = "en"


ENGLISH = BadgeLanguage()


def badge_message(status, valid_until, verifier, language=ENGLISH):
    """The status words of a badge, naming who verified (`verifier`, the association's name as
    badges show it): a stale badge never claims more than the records say."""
    words = {"verifier": verifier}
    text = language.text
    if status in (ACTIVE, EXPIRING):
        words["date"] = language.date(valid_until)
    if status == ACTIVE:
        return text.gettext("%(verifier)s verified \u00b7 valid until %(date)s") % words
    if status == EXPIRING:
        return text.gettext("%(verifier)s verified, renewal due \u00b7 valid until %(date)s") % words
    if status == PENDING:
        return text.gettext("Not yet %(verifier)s verified \u00b7 certification pending") % words
    if status == SUSPENDED:
        return text.gettext("Not %(verifier)s verified \u00b7 certification suspended") % words
    if status == WITHDRAWN:
        return text.gettext("Not %(verifier)s verified \u00b7 certification withdrawn") % words
    return text.gettext("Not %(verifier)s verified \u00b7 expired") % words


def badge_title(member, message, as_of, association, language=ENGLISH):
    """The accessible description of either size: the full names and the build date."""
    return language.text.gettext(
        "%(name)s: %(message)s. Membership status with the %(association)s as of %(date)s."
    ) % {"name": member.name, "message": message.replace(" \u00b7 ", ", "),
         "association": association, "date": language.date(as_of)}


def make_badge(member, as_of, association, max_name_width, verifier=None, language=ENGLISH):
    """The Badge of a member as of the build date; `verifier` is the association's name as the
    badge shows it (a short name), `association` its full name."""
    message = badge_message(member.status, member.valid_until, verifier or association, language)
    name = fit_text(member.name, max_name_width)
    title = badge_title(member, message, as_of, association, language)
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


def make_large_badge(member, as_of, association, verifier=None, language=ENGLISH):
    """The LargeBadge of a member as of the build date: every line fits the card's width."""
    message = badge_message(member.status, member.valid_until, verifier or association, language)
    room = LARGE_MAX_WIDTH - 2 * LARGE_PADDING
    scale = {key: size / 11 for key, size in LARGE_SIZES.items()}
    drawn_association = fit_text(association, room, scale["association"])
    name = fit_text(member.name, room, scale["name"] * BOLD)
    message_drawn = fit_text(message, room, scale["message"])
    widest = max(text_width(drawn_association) * scale["association"],
                 text_width(name) * scale["name"] * BOLD,
                 text_width(message_drawn) * scale["message"])
    width = max(LARGE_MIN_WIDTH, math.ceil(min(room, widest)) + 2 * LARGE_PADDING)
    return LargeBadge(
        association=drawn_association,
        name=name,
        full_name=member.name,
        status=member.status,
        message=message_drawn,
        title=badge_title(member, message, as_of, association, language),
        association_width=round(min(room, text_width(drawn_association) * scale["association"]), 1),
        name_width=round(min(room, text_width(name) * scale["name"] * BOLD), 1),
        message_width=round(min(room, text_width(message_drawn) * scale["message"]), 1),
        colour=COLOURS[member.status],
        width=width,
    )
