"""`make linkcheck`: every internal href and src in the built site resolves to a file, and every
#fragment to an element id in it. Prints `page: link: problem` lines; exit 1 if any is broken."""

import argparse
import os
import sys
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from .config import add_settings_arguments, load_settings, parse_args

LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src",
                   "iframe": "src", "form": "action", "use": "href"}


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.ids = set()
        self.canonical = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attributes.get(key):
                self.ids.add(attributes[key])
        if tag == "link" and attributes.get("rel") == "canonical":
            self.canonical = attributes.get("href")
        wanted = LINK_ATTRIBUTES.get(tag)
        if wanted and attributes.get(wanted):
            self.links.append(attributes[wanted])
        if tag == "img" and attributes.get("srcset"):
            self.links += [part.strip().split()[0] for part in attributes["srcset"].split(",")]


def _parse(path):
    parser = _PageParser()
    with open(path, encoding="utf-8") as handle:
        parser.feed(handle.read())
    return parser


class LinkChecker:
    """Checks one built site; `site_url` is SITEURL, to recognise absolute internal links."""

    def __init__(self, output, site_url=""):
        self.output = os.path.abspath(output)
        parts = urlsplit(site_url or "")
        # a site built with a relative SITEURL still needs an origin to resolve links against
        self.origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else "http://site.invalid"
        self.prefix = parts.path.rstrip("/")
        self._pages = {}
        self.checked = 0  # internal links followed by the last problems() call

    def _page(self, path):
        if path not in self._pages:
            self._pages[path] = _parse(path)
        return self._pages[path]

    def _target(self, page_url, link):
        """File path a link points to, or None when it leaves the site."""
        url = urljoin(page_url, link)
        parts = urlsplit(url)
        if parts.scheme in ("mailto", "tel", "data", "javascript"):
            return None, None
        if parts.netloc and f"{parts.scheme}://{parts.netloc}" != self.origin:
            return None, None
        path = unquote(parts.path)
        if not path.startswith(self.prefix + "/"):
            return "outside", parts.fragment
        relative = path[len(self.prefix) + 1:]
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        return os.path.join(self.output, *relative.split("/")), parts.fragment

    def problems(self):
        found = []
        self.checked = 0
        for folder, _, names in os.walk(self.output):
            for name in sorted(names):
                if not name.endswith(".html"):
                    continue
                path = os.path.join(folder, name)
                relative = os.path.relpath(path, self.output).replace(os.sep, "/")
                page_url = self.origin + self.prefix + "/" + relative
                for link in self._page(path).links:
                    target, fragment = self._target(page_url, link)
                    if target is None:
                        continue
                    self.checked += 1
                    if target == "outside":
                        found.append(f"{relative}: {link}: leaves the site's path {self.prefix}/")
                    elif not os.path.isfile(target):
                        found.append(f"{relative}: {link}: no such file in the output")
                    elif fragment and target.endswith(".html") and (
                            fragment not in self._page(target).ids):
                        found.append(f"{relative}: {link}: no element with id '{fragment}'")
        return sorted(set(found))


def built_site_url(output):
    """SITEURL the site in `output` was built with, read from its home page's canonical link."""
    home = os.path.join(output, "index.html")
    if not os.path.isfile(home):
        return None
    parser = _PageParser()
    with open(home, encoding="utf-8") as handle:
        parser.feed(handle.read())
    canonical = parser.canonical
    return canonical[:-1] if canonical and canonical.endswith("/") else None


def main(argv=None):
    parser = argparse.ArgumentParser(prog="make linkcheck", description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", default="output")
    parser.add_argument("--siteurl", help="SITEURL the site was built with (default: the home "
                        "page's canonical URL, else SITEURL from -s)")
    add_settings_arguments(parser)
    args = parse_args(parser, argv)
    site_url = args.siteurl
    if site_url is None:
        site_url = built_site_url(args.output)
    if site_url is None:
        site_url = load_settings(args)["SITEURL"]
    checker = LinkChecker(args.output, site_url)
    problems = checker.problems()
    for line in problems:
        print(line)
    pages = sum(1 for _, _, names in os.walk(args.output) for n in names if n.endswith(".html"))
    print(f"{len(problems)} broken link(s) among {checker.checked} internal links in {pages} pages.",
          file=sys.stderr if problems else sys.stdout)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
