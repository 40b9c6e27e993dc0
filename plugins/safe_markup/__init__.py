"""Markdown to sanitised HTML for text written by contributors.

Profile descriptions (and any other contributor Markdown) go through markdown-it-py with raw HTML
disabled, then through nh3's allowlist, so the result is safe to mark as such in a template.

Articles, pages and newsletter issues come from pull requests too: Pelican renders them with its
Markdown reader, and `content_object_init` passes their HTML (and summary) through a wider
allowlist suited to long text: headings, tables, local images, figures, highlighted code.
"""

import functools
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup
from pelican import signals
from pelican.contents import Article, Page
from pygments.token import STANDARD_TYPES

ALLOWED_TAGS = frozenset({
    "a", "abbr", "blockquote", "br", "code", "em", "h3", "h4", "h5", "h6", "hr", "li", "ol",
    "p", "pre", "strong", "ul",
})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
LINK_REL = "nofollow noopener ugc"

# Long-form content (articles, pages, newsletter issues): the page template gives the h1.
ARTICLE_TAGS = ALLOWED_TAGS | {
    "h2", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "img", "figure",
    "figcaption", "div", "span", "sup", "sub", "dl", "dt", "dd", "del", "ins", "kbd", "mark",
    "s", "small", "details", "summary", "cite", "q", "var", "samp",
}
ARTICLE_ATTRIBUTES = {
    "a": {"href", "title"}, "abbr": {"title"}, "img": {"src", "alt", "title", "width", "height"},
    "th": {"scope", "colspan", "rowspan"}, "td": {"colspan", "rowspan"}, "ol": {"start"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"}, "sup": {"id"},
    "li": {"id"}, "q": {"cite"}, "blockquote": {"cite"},
}
# Classes only from this list: Pygments' token classes for highlighted code, and the wrappers
# Python-Markdown writes for code blocks and footnotes.
ARTICLE_CLASSES = {
    "span": set(STANDARD_TYPES.values()) - {""},
    "div": {"codehilite", "highlight", "footnote"},
    "a": {"footnote-ref", "footnote-backref"},
}
ARTICLE_LINK_REL = "noopener"
# Attributes that load something: only files of this site (relative or {static}/{attach}).
_LOCAL_ONLY = {("img", "src")}


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


def _keep_local(tag, attribute, value):
    """nh3 attribute filter: images may only come from this site."""
    if (tag, attribute) in _LOCAL_ONLY:
        parts = urlsplit(value)
        if parts.scheme or parts.netloc or value.startswith("//"):
            return None
    return value


def clean_article_html(html):
    """Return long-form content HTML (articles, pages, issues) reduced to its allowlist."""
    return Markup(nh3.clean(
        html,
        tags=set(ARTICLE_TAGS),
        attributes={tag: set(names) for tag, names in ARTICLE_ATTRIBUTES.items()},
        allowed_classes={tag: set(names) for tag, names in ARTICLE_CLASSES.items()},
        attribute_filter=_keep_local,
        url_schemes=set(URL_SCHEMES),
        link_rel=ARTICLE_LINK_REL,
        strip_comments=True,
    ))


def sanitise_content(instance):
    """content_object_init: clean the body and summary of contributed content before use."""
    if not (isinstance(instance, (Article, Page)) or getattr(instance, "untrusted_markup", False)):
        return
    if instance._content:
        instance._content = str(clean_article_html(instance._content))
    summary = instance.metadata.get("summary")
    if summary:
        instance.metadata["summary"] = instance._summary = str(clean_article_html(summary))


def register():
    signals.content_object_init.connect(sanitise_content)
