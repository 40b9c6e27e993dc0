"""Smaller copies of the theme's own scripts: whole-line comments and indentation left out.

Not a minifier: names, statements and line breaks within code stay as written, and a comment
that shares a line with code stays. Leaving out lines is safe for scripts without template
literals or multi-line strings, which the theme's scripts do not use (tests/test_assets.py
checks each one, and compiles every compacted script in Chromium). It saves about a third of
the brotli bytes of a search page's scripts. Vendor scripts are copied as they are. No
JavaScript minifier is among the pinned requirements; a maintained one (rjsmin) would do more.
"""

import re

# The theme's own scripts: js/*.js (vendor/ holds others' files, copied byte for byte).
OWN_SCRIPT = re.compile(r"js/[^/]+\.js")


def compact_script(text):
    """`text` without lines that are only a comment, and without leading indentation."""
    lines = []
    in_comment = False
    for line in text.splitlines():
        stripped = line.strip()
        if in_comment:
            in_comment = not stripped.endswith("*/")
            continue
        if stripped.startswith("/*") and "*/" not in stripped[2:-2]:
            # a comment that starts the line and ends at the end of this line or a later one
            in_comment = not stripped.endswith("*/") or stripped == "/*"
            continue
        if not stripped or stripped.startswith("//"):
            continue
        lines.append(stripped)
    return "\n".join(lines) + "\n"
