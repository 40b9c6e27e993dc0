"""Checks on logo files: an SVG must be inert (the validation kernel's allowlist,
`validation.svg`), a PNG must be a PNG between MIN_LOGO_PIXELS and MAX_LOGO_PIXELS on each side
(smaller is blurred in the logo slot, larger is megabytes for a 96 px picture), and neither may
be larger than the byte limit."""

import struct

from validation.svg import svg_problems

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_LOGO_BYTES = 200 * 1024
MIN_LOGO_PIXELS, MAX_LOGO_PIXELS = 64, 2048
# What a logo must be, as a problem line's "expected" part says it.
LOGO_EXPECTED = ("an SVG without scripts, event handlers or external references, or a PNG of "
                 f"{MIN_LOGO_PIXELS} to {MAX_LOGO_PIXELS} px on each side, under "
                 f"{MAX_LOGO_BYTES // 1024} KiB")


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
        if not data.startswith(PNG_SIGNATURE):
            return ["the file is not a PNG image"]
        return png_size_problems(data)
    return svg_problems(data)


def png_size(data):
    """(width, height) from a PNG's header chunk (IHDR, always first), or None."""
    if len(data) < 24 or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def png_size_problems(data):
    size = png_size(data)
    if size is None:
        return ["the PNG has no image header"]
    width, height = size
    if all(MIN_LOGO_PIXELS <= side <= MAX_LOGO_PIXELS for side in size):
        return []
    return [f"the image is {width}×{height} px"]
