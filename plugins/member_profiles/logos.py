"""Checks on logo files: an SVG must be inert (the validation kernel's allowlist,
`validation.svg`), a PNG must be a PNG, and neither may be larger than the limit."""

from validation.svg import svg_problems

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_LOGO_BYTES = 200 * 1024


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
