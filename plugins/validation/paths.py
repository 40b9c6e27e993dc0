"""Slugs, the paths problems are reported with, output folders that stay inside the output, and
walking contributors' folders without following symbolic links.

Links are never followed in providers/, content/ or the logos (as Hugo's and Jekyll's safe modes
do): a link can point outside the repository (whose file would then be read, and shown in a
problem line) or back at its own folder (two links to `.` make a walk that follows links run for
ever). Each link is a problem of its own instead (symlink_problems).
"""

import os
import posixpath
import re

from .problems import Problem

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


def symbolic_links(folder):
    """Every symbolic link under `folder` (the folder itself when it is one), sorted; found
    without following any, so a link to `.` cannot make it loop."""
    if os.path.islink(folder):
        return [folder]
    found, pending = [], [folder]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:  # not a folder, or gone
            continue
        for entry in entries:
            if entry.is_symlink():
                found.append(entry.path)
            elif entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
    return sorted(found)


def files_under(folder, suffix=""):
    """The files under `folder` whose names end with `suffix`, sorted, as `glob(folder/**/*)`
    finds them (names starting with a dot left out) but never through a symbolic link: links
    are reported by symbolic_links, not followed."""
    found, pending = [], [folder]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.is_symlink():
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
            elif entry.name.endswith(suffix):
                found.append(entry.path)
    return sorted(found)


LINK_EXPECTED = "a regular file or folder inside the repository (symbolic links are not followed)"


def symlink_problems(*folders):
    """One problem naming each symbolic link under `folders` (None entries skipped); the links
    are never read."""
    links = sorted({link for folder in folders if folder for link in symbolic_links(folder)})
    return [Problem(relative(link), 0, "file", "is a symbolic link", LINK_EXPECTED)
            for link in links]
