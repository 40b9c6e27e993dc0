"""Markdown to sanitised HTML for text written by contributors.

Profile descriptions (and any other contributor Markdown) go through markdown-it-py with raw HTML
disabled, then through nh3's allowlist, so the result is safe to mark as such in a template.

Articles, pages and newsletter issues come from pull requests too: Pelican renders them with its
Markdown reader, and `content_object_init` passes their HTML (and summary) through a wider
allowlist suited to long text: headings, tables, local images, figures, highlighted code.

Pelican replaces `{filename}`, `{static}` and `{tag}` links only later, when a page, feed or e-mail
copy reads `.content` or `.summary`, and it pastes the linked item's URL in as it is. So the same
objects get a final pass over the resolved HTML (`final_html`): the allowlist again, every URL
read the way a browser reads it (backslashes are slashes, tabs and newlines dropped), images only
from this site, every same-site link recorded in the outputs registry (the build fails at the end
if it leads to no file it wrote), and author-written `id`s (and `#fragment`s pointing at them)
prefixed with CONTENT_ID_PREFIX so they can never take over an element the site's scripts use.
"""

import functools
import posixpath
import re
from urllib.parse import urljoin, urlsplit, urlunsplit

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup
from outputs import registry, shown_path
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
_URL_ATTRIBUTES = {"href", "src", "cite"}
# Ids written by authors start with this; the theme's scripts never use ids that do.
CONTENT_ID_PREFIX = "c-"
# What browsers drop from a URL before reading it (WHATWG URL: tab and newlines) and what they
# trim from its ends (C0 controls and space).
_URL_DROPPED = re.compile(r"[\t\n\r]")
_URL_TRIMMED = "".join(map(chr, range(0x21)))


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


def browser_url(value):
    """`value` as a browser reads an href or src: trimmed, tabs and newlines dropped, and
    backslashes as slashes (so `/\\evil.example/x` is the remote `//evil.example/x`)."""
    return _URL_DROPPED.sub("", value.strip(_URL_TRIMMED)).replace("\\", "/")


def is_remote(url):
    """Whether a browser would fetch `url` (already through browser_url) from another host."""
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc or url.startswith("//"))


def _keep_local(tag, attribute, value):
    """nh3 attribute filter: images may only come from this site."""
    if (tag, attribute) in _LOCAL_ONLY and is_remote(browser_url(value)):
        return None
    return value


def clean_article_html(html, remote_urls=None):
    """Return long-form content HTML (articles, pages, issues) reduced to its allowlist; the
    set `remote_urls`, when given, receives every link to another site the author wrote."""

    def keep(tag, attribute, value):
        kept = _keep_local(tag, attribute, value)
        if kept is not None and remote_urls is not None and attribute in _URL_ATTRIBUTES \
                and is_remote(browser_url(kept)):
            remote_urls.add(browser_url(kept))
        return kept

    return Markup(nh3.clean(
        html,
        tags=set(ARTICLE_TAGS),
        attributes={tag: set(names) for tag, names in ARTICLE_ATTRIBUTES.items()},
        allowed_classes={tag: set(names) for tag, names in ARTICLE_CLASSES.items()},
        attribute_filter=keep,
        url_schemes=set(URL_SCHEMES),
        link_rel=ARTICLE_LINK_REL,
        strip_comments=True,
    ))


class _FinalPass:
    """Checks one item's resolved HTML: its URLs, its links and its ids."""

    def __init__(self, item):
        self.item = item
        site = urlsplit(item.settings.get("SITEURL") or "")
        self.origin = (site.scheme, site.netloc) if site.netloc else None
        self.prefix = site.path.rstrip("/")
        # the page's own address, to resolve relative links as the browser will
        self.base = f"{self.prefix}/{getattr(item, 'url', '') or ''}"
        self.outputs = _registry(item)
        self.referrer = shown_path(item.source_path or "?")
        # links to other sites the author wrote; any other one came from link resolution
        self.remote_urls = getattr(item, "authored_remote_urls", frozenset())

    def site_path(self, url):
        """The path from the site root that a same-site `url` leads to, or None if it is
        another site's."""
        parts = urlsplit(url)
        if parts.scheme and parts.scheme not in ("http", "https"):
            return None
        if parts.netloc and (parts.scheme or "https", parts.netloc) != self.origin and \
                (parts.scheme, parts.netloc) != self.origin:
            return None
        path = posixpath.normpath(urljoin(self.base, parts.path)) if parts.path else self.base
        if parts.path.endswith("/") or not parts.path:
            path = path.rstrip("/") + "/"
        if path != self.prefix + "/" and not path.startswith(self.prefix + "/"):
            return path  # same host, outside the site: reported as a link to no file
        return path[len(self.prefix) + 1:]

    def fragment(self, name):
        return name if name.startswith(CONTENT_ID_PREFIX) else CONTENT_ID_PREFIX + name

    def __call__(self, tag, attribute, value):
        if attribute == "id":
            return self.fragment(value)
        if attribute not in _URL_ATTRIBUTES:
            return value
        url = browser_url(value)
        if url.startswith("#"):
            return "#" + self.fragment(url[1:]) if len(url) > 1 else url
        scheme = urlsplit(url).scheme.lower()
        if scheme and scheme not in URL_SCHEMES:  # javascript:, data:, ... (nh3 agrees)
            return None
        target = self.site_path(url)
        if target is None:  # another site: a link may go there, nothing may load from there
            if url not in self.remote_urls and self.outputs is not None:
                # a {filename} link resolved to another site: reported as a link to no file
                self.outputs.expect(url, self.referrer)
                return None
            return None if (tag, attribute) in _LOCAL_ONLY else url
        if self.outputs is not None:
            self.outputs.expect(target, self.referrer)
        parts = urlsplit(url)
        fragment = self.fragment(parts.fragment) if parts.fragment else ""
        return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, fragment))


def _registry(item):
    try:
        return registry(getattr(item, "_context", None) or {})
    except LookupError:  # a build without the outputs plugin: links are not checked
        return None


def final_html(html, item):
    """The resolved HTML of `item` through the allowlist again, its URLs and ids checked."""
    return str(nh3.clean(
        html,
        tags=set(ARTICLE_TAGS),
        attributes={tag: set(names) for tag, names in ARTICLE_ATTRIBUTES.items()},
        allowed_classes={tag: set(names) for tag, names in ARTICLE_CLASSES.items()},
        attribute_filter=_FinalPass(item),
        url_schemes=set(URL_SCHEMES),
        link_rel=ARTICLE_LINK_REL,
        strip_comments=True,
    ))


class CheckedLinks:
    """Mixed into contributed content: Pelican's link resolution, then `final_html`."""

    def _update_content(self, content, siteurl):
        resolved = super()._update_content(content, siteurl)
        return final_html(resolved, self) if resolved else resolved


@functools.lru_cache(maxsize=None)
def _checked_class(cls):
    return type(cls.__name__, (CheckedLinks, cls), {"__module__": cls.__module__})


def sanitise_content(instance):
    """content_object_init: clean the body and summary of contributed content before use, and
    have its resolved HTML checked again (`CheckedLinks`)."""
    if not (isinstance(instance, (Article, Page)) or getattr(instance, "untrusted_markup", False)):
        return
    remote = instance.authored_remote_urls = set()
    if instance._content:
        instance._content = str(clean_article_html(instance._content, remote))
    summary = instance.metadata.get("summary")
    if summary:
        instance.metadata["summary"] = instance._summary = str(clean_article_html(summary,
                                                                                  remote))
    if not isinstance(instance, CheckedLinks):
        instance.__class__ = _checked_class(type(instance))


def register():
    signals.content_object_init.connect(sanitise_content)
