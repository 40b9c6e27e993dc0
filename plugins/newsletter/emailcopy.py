"""The email copy of an issue: the rendered template's <style> rules moved into style attributes.

Mail clients drop or ignore stylesheets, so the email template keeps its CSS in one <style> block
(readable, and applied to the issue's own HTML too) and css-inline writes it onto every element.
Nothing is fetched: remote stylesheets are never loaded.
"""

import functools

import css_inline
from markupsafe import Markup


@functools.lru_cache(maxsize=1)
def _inliner():
    return css_inline.CSSInliner(keep_style_tags=False, keep_link_tags=False,
                                 load_remote_stylesheets=False)


def inline_css(html):
    """Jinja filter: `html` (a whole document) with its <style> rules inlined and removed."""
    return Markup(_inliner().inline(str(html)))
