"""Slugs, the paths problems are reported with, and output folders that stay inside the output."""

import os
import posixpath
import re

# A permanent address part: lowercase letters, digits and single hyphens.
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")


def is_slug(value):
    return isinstance(value, str) and SLUG.match(value) is not None


def relative(path):
    """`path` relative to the working directory when it is below it (as problems name files)."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return path
    return path if rel.startswith("..") else rel


def is_inside_output(folder):
    """Whether a relative output folder stays inside the output (no absolute path, no '..')."""
    if not isinstance(folder, str) or not folder.strip("/"):
        return False
    normal = posixpath.normpath(folder.replace("\\", "/"))
    return not posixpath.isabs(normal) and normal != ".." and not normal.startswith("../")
