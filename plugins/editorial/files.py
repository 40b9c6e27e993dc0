"""Files in the content folders: only Markdown sources, and under STATIC_PATHS only images.

Pelican reads `.html` and `.rst` sources too (with their own metadata, past the Markdown checks),
and copies whatever a `{static}` link names; these checks keep both to what the project accepts.
SVGs get the same inert-SVG allowlist as member logos (`validation.svg.svg_problems`).
"""

import os

from validation.paths import files_under, relative
from validation.problems import Problem
from validation.svg import svg_problems

# Other source formats Pelican would read from the content folders, past these checks.
OTHER_READABLE = (".html", ".htm", ".markdown", ".mkd", ".mdown", ".rst")
# Files under STATIC_PATHS (content/images/): the image formats, recognised by their first bytes.
IMAGE_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".webp": (b"RIFF",),
    ".avif": (b"ftypavif", b"ftypavis"),
}
IMAGE_TYPES = "a PNG, JPEG, WebP, AVIF or inert SVG image (.png, .jpg, .jpeg, .webp, .avif, .svg)"


def other_format_problems(root, folders):
    """Files Pelican would read in another format than Markdown (so past these checks)."""
    found = []
    for folder in folders:
        for path in files_under(os.path.join(root, folder)):
            if path.lower().endswith(OTHER_READABLE):
                found.append(Problem(relative(path), 0, "file type",
                                     f"{os.path.splitext(path)[1]!r} files are not accepted here",
                                     "a Markdown file ending .md"))
    return found


def image_problems(path):
    """Problems that keep a file under STATIC_PATHS off the site, each a short sentence."""
    extension = os.path.splitext(path)[1].lower()
    with open(path, "rb") as handle:
        data = handle.read()
    if extension == ".svg":
        return svg_problems(data)
    signatures = IMAGE_SIGNATURES.get(extension)
    if signatures is None:
        return [f"{extension or 'a file without extension'!r} is not an image type the site "
                "publishes"]
    head = data[:32]
    if not any(signature in head[:12] for signature in signatures):
        return [f"the file is not a {extension[1:].upper()} image"]
    if extension == ".webp" and head[8:12] != b"WEBP":
        return ["the file is not a WEBP image"]
    return []


def static_problems(settings):
    """Every file under STATIC_PATHS that is not an image the site publishes."""
    root = settings["PATH"]
    found = []
    for folder in settings.get("STATIC_PATHS", []):
        base = os.path.join(root, folder)
        paths = [base] if os.path.isfile(base) and not os.path.islink(base) else files_under(base)
        for path in paths:
            if os.path.isfile(path):
                found += [Problem(relative(path), 0, "file", problem, IMAGE_TYPES)
                          for problem in image_problems(path)]
    return found
