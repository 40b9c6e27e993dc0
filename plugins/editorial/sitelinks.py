"""Links from articles, pages and newsletter issues to the directory's own pages.

Pelican's `{filename}` reaches only content files, and member pages are not content files. Two
more link forms, resolved by this plugin the way Pelican resolves `{filename}` (against SITEURL,
so they keep working when the site is served under a subpath):

    [Fjordlys Drift]({member}fjordlys-drift)   the member's page, by its slug (providers/<slug>.yaml)
    [the directory]({directory})               the directory of members

`make check` and every build refuse a `{member}` slug without a profile, a `{directory}` with
anything after it, an unknown `{...}` form, and a link that starts with `/` (a path from the
server's root, which breaks under a subpath such as https://example.org/directory/).
"""

import glob
import os
import re
from urllib.parse import urljoin

from validation.problems import Problem

# The forms Pelican resolves itself, and ours.
PELICAN_FORMS = ("filename", "static", "attach", "category", "tag", "author", "index")
SITE_FORMS = ("member", "directory")
_FORM = re.compile(r"[{|](?P<what>[a-z]+)[}|](?P<rest>.*)\Z", re.S)
# A quoted attribute value holding one of our forms, in the HTML a reader produced.
_ATTRIBUTE = re.compile(r"""(?P<lead>\b(?:href|src|cite)\s*=\s*)(?P<quote>["'])"""
                        r"""\{(?P<what>member|directory)\}(?P<rest>[^"'#?]*)(?P<tail>[^"']*)"""
                        r"""(?P=quote)""")
EXPECTED = ("{member}<slug> for a member's page, {directory} for the directory, "
            "{filename}/articles/<file>.md or {filename}/pages/<file>.md for content")


def member_slugs(settings):
    """The slugs of the profiles in PROVIDERS_PATH (a profile's slug is its file name; the
    setting is member_profiles', read here as that plugin reads it)."""
    folder = os.path.abspath(settings.get("PROVIDERS_PATH") or "providers")
    return frozenset(os.path.splitext(os.path.basename(path))[0]
                     for path in glob.glob(os.path.join(glob.escape(folder), "*.yaml")))


def site_link_problem(file, line, field, value, url, slugs):
    """A Problem for one link written in a document, or None. `url` is the link as a browser
    reads it; `slugs` is member_slugs(settings), or a callable that returns it."""
    form = _FORM.match(url)
    if form and form["what"] in SITE_FORMS:
        rest = re.split(r"[?#]", form["rest"], maxsplit=1)[0]
        if form["what"] == "directory" and rest.strip("/"):
            return Problem(file, line, field, f"{value!r} names a page after {{directory}}",
                           "{directory} alone, for the directory of members")
        if form["what"] == "member":
            known = slugs() if callable(slugs) else slugs
            if rest not in known:
                return Problem(file, line, field, f"{value!r}: no member profile "
                               f"providers/{rest}.yaml",
                               "{member}<slug> with the slug of an existing member")
        return None
    if form and url.startswith("{") and form["what"] not in PELICAN_FORMS:
        return Problem(file, line, field, f"{value!r} is not a link form the site knows",
                       EXPECTED)
    if url.startswith("/") and not url.startswith("//"):
        return Problem(file, line, field, f"{value!r} is a path from the server's root, which "
                       "breaks when the site is served under a subpath", EXPECTED)
    return None


def _target(settings, what, slug):
    if what == "member":
        path = settings["PROVIDER_URL"].format(slug=slug)
    else:
        path = settings["DIRECTORY_URL"]
    return urljoin(settings["SITEURL"].rstrip("/") + "/", path)


def resolve_site_links(instance):
    """content_object_init: `{member}slug` and `{directory}` in the body (and a summary given in
    the metadata) become the pages' addresses, as Pelican makes `{filename}` ones."""
    settings = instance.settings

    def replace(match):
        address = _target(settings, match["what"], match["rest"])
        return f"{match['lead']}{match['quote']}{address}{match['tail']}{match['quote']}"

    for name in ("_content", "_summary"):
        value = getattr(instance, name, None)
        if isinstance(value, str) and ("{member}" in value or "{directory}" in value):
            resolved = _ATTRIBUTE.sub(replace, value)
            setattr(instance, name, resolved)
            if name == "_summary" and instance.metadata.get("summary") == value:
                instance.metadata["summary"] = resolved
