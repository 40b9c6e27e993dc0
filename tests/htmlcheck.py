"""Parse generated HTML and list what a strict Content-Security-Policy or an XSS check forbids."""

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []  # (tag, attrs dict)
        self.problems = []
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag}> has event handler {name}")
            if name == "style":
                self.problems.append(f"<{tag}> has a style attribute")
            if name in URL_ATTRIBUTES and value and value.strip().lower().startswith(
                    ("javascript:", "vbscript:", "data:text/html")):
                self.problems.append(f"<{tag} {name}={value[:40]!r}>")
        if tag == "style":
            self.problems.append("<style> element")
        if tag in ("iframe", "object", "embed"):
            self.problems.append(f"<{tag}> element")
        if tag == "script":
            kind = (attributes.get("type") or "").lower()
            self._in_script = (attributes.get("src"), kind)
            if not attributes.get("src") and kind not in DATA_SCRIPT_TYPES:
                self.problems.append("inline <script>")
            if attributes.get("src") and not attributes.get("integrity"):
                self.problems.append(f"<script src={attributes['src']}> without integrity")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def page_problems(html):
    """What a strict CSP (no unsafe-inline) or an XSS check would object to in one page."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.problems


def elements(html):
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.elements


def policy_directives(policy):
    """{directive: [values]} of a Content-Security-Policy."""
    parts = (part.strip() for part in policy.split(";"))
    return {part.split()[0]: part.split()[1:] for part in parts if part}


def csp_metas(html):
    """The content of every <meta http-equiv="Content-Security-Policy"> in a page."""
    return [attributes.get("content") or "" for tag, attributes in elements(html)
            if tag == "meta" and (attributes.get("http-equiv") or "").lower()
            == "content-security-policy"]


_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})


class _TreeBuilder(HTMLParser):
    """A page as an ElementTree (our pages close every element they open)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = ET.Element("document")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = ET.SubElement(self.stack[-1], tag, {k: v or "" for k, v in attrs})
        if tag not in _VOID:
            self.stack.append(element)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        parent = self.stack[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data


def parse_html(html):
    """The page as an xml.etree Element, for `find` with ElementPath."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def text_of(element):
    """The element's text with whitespace collapsed, as a reader sees it."""
    return " ".join("".join(element.itertext()).split())
