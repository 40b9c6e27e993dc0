"""Checks on logo files: an SVG must be inert (no script, no event handlers, no external
references), a PNG must be a PNG, and neither may be larger than the limit."""

import re

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_LOGO_BYTES = 200 * 1024
# Elements that run code, embed other documents or pull in other files.
FORBIDDEN_ELEMENTS = frozenset({
    "script", "foreignObject", "iframe", "embed", "object", "image", "audio", "video",
    "handler", "listener", "animate", "set", "animateMotion", "animateTransform", "feImage",
})
CSS_EXTERNAL = re.compile(r"url\s*\(\s*['\"]?\s*(?!#)|@import|expression\s*\(", re.I)


def _local_name(name):
    return name.rsplit("}", 1)[-1]


def svg_problems(data):
    """Problems that make an SVG unsafe to serve; an empty list when it is inert."""
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        return [f"the SVG declares a DTD or entities ({type(error).__name__})"]
    except SafeET.ParseError as error:
        return [f"the SVG is not well-formed XML ({error})"]
    if _local_name(root.tag) != "svg":
        return [f"the root element is <{_local_name(root.tag)}>, not <svg>"]
    found = []
    for element in root.iter():
        tag = _local_name(element.tag)
        if tag in FORBIDDEN_ELEMENTS:
            found.append(f"the SVG contains a <{tag}> element")
        if tag == "style" and element.text and CSS_EXTERNAL.search(element.text):
            found.append("a <style> element loads an external resource")
        for name, value in element.attrib.items():
            attribute = _local_name(name)
            if attribute.lower().startswith("on"):
                found.append(f"<{tag}> has an event handler attribute {attribute}")
            elif attribute == "href" and not value.strip().startswith("#"):
                found.append(f"<{tag}> refers to {value.strip()[:60]!r} outside the file")
            elif attribute == "style" and CSS_EXTERNAL.search(value):
                found.append(f"<{tag}> style loads an external resource")
    return list(dict.fromkeys(found))


def read_logo(path):
    """A logo's bytes, one past the size limit at most."""
    with open(path, "rb") as handle:
        return handle.read(MAX_LOGO_BYTES + 1)


def logo_problems(path, data=None):
    """Problems with a logo file (its bytes when already read), each a short sentence."""
    data = read_logo(path) if data is None else data
    if len(data) > MAX_LOGO_BYTES:
        return [f"the file is larger than {MAX_LOGO_BYTES // 1024} KiB"]
    if path.lower().endswith(".png"):
        return [] if data.startswith(PNG_SIGNATURE) else ["the file is not a PNG image"]
    return svg_problems(data)
