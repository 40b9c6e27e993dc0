"""Markdown to sanitised HTML for text written by contributors.

Profile descriptions (and any other contributor Markdown) go through markdown-it-py with raw HTML
disabled, then through nh3's allowlist, so the result is safe to mark as such in a template.
"""

import functools

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = frozenset({
    "a", "abbr", "blockquote", "br", "code", "em", "h3", "h4", "h5", "h6", "hr", "li", "ol",
    "p", "pre", "strong", "ul",
})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
LINK_REL = "nofollow noopener ugc"


@functools.lru_cache(maxsize=1)
def _markdown():
    # commonmark with raw HTML off: an HTML tag in a profile shows as text, it never renders
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def clean_html(html, tags=ALLOWED_TAGS, attributes=None):
    """Return `html` reduced to the allowlist, as Markup."""
    return Markup(nh3.clean(
        html,
        tags=set(tags),
        attributes=attributes if attributes is not None else ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    ))


def render_markdown(text, heading_offset=2):
    """Contributor Markdown as sanitised HTML Markup; `# Title` becomes h3 under the page's h2s."""
    md = _markdown()
    tokens = md.parse(text or "")
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + heading_offset, 6)}"
    return clean_html(md.renderer.render(tokens, md.options, {}))


def register():
    """Nothing to connect yet: the module is imported by the plugins that render Markdown."""
