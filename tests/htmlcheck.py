"""Parse generated HTML and list what a strict Content-Security-Policy or an XSS check forbids."""

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
