"""Smaller copies of the theme's own scripts and style sheets, minified by rjsmin and rcssmin
(pinned in requirements.txt).

Both minifiers only remove what the language ignores (comments, and whitespace where no token
needs it); they rename nothing and rewrite no value, so the copy behaves as the source does.
tests/test_assets.py compiles every minified script in Chromium and checks that the site serves
these copies. Together they take about a third off the brotli bytes of the search page's scripts
and style sheet, which keeps the first search result within its budget. Vendor files are copied
as they are.
"""

import re

import rcssmin
import rjsmin

# The theme's own scripts and style sheets: js/*.js and css/*.css (vendor/ holds others' files,
# copied byte for byte).
OWN_SCRIPT = re.compile(r"js/[^/]+\.js")
OWN_STYLE = re.compile(r"css/[^/]+\.css")


def compact_script(text):
    """`text`, a script, without comments and without the whitespace no token needs."""
    return rjsmin.jsmin(text) + "\n"


def compact_style(text):
    """`text`, a style sheet, without comments and without the whitespace no token needs."""
    return rcssmin.cssmin(text) + "\n"
