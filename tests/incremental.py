"""Shared by the incremental-build tests: a site in a temporary folder that can be edited, built
incrementally from its previous output and cold, and compared byte for byte.

The edits of a sequence come from a seeded generator and never depend on a build, so the sources
after k edits are the same in every process that replays them (`EditableSite.replay`): a long
sequence can be checked in parts on several workers.
"""

import datetime
import hashlib
import json
import os
import random
import shutil
from pathlib import Path

from builds import pelican_instance
from conftest import SAMPLE_CONTENT, SAMPLE_PROVIDERS
from pelican.settings import read_settings
from bench.synthetic import SyntheticDirectory, write_profiles

ROOT = Path(__file__).resolve().parent.parent
START_DATE = "2026-11-29"


# The previous build's members, kept for the next incremental build: a cache, not output (its
# pickled bytes may differ); every build that reads it is compared with a cold one.
NOT_OUTPUT = (os.path.join(".build-manifest", "members") + os.sep,)


def tree(folder):
    """{relative path: sha256} of every file under `folder` (the member cache aside)."""
    return Snapshot(folder).hashes


class Snapshot:
    """The files under `folder` (the member cache aside): `stats`, {relative path: (inode, size,
    mtime in ns)}, which any write, replacement or removal changes; `hashes`, {relative path:
    sha256}. Given the snapshot of a build that still exists, a file with the same inode, size
    and mtime is that build's file (an incremental build hard-links the files it reuses), and its
    hash is taken from there instead of reading it again."""

    def __init__(self, folder, reuse=None):
        known = {} if reuse is None else {
            stat: reuse.hashes[path] for path, stat in reuse.stats.items()}
        self.stats, self.hashes = {}, {}
        for root, _, files in os.walk(folder):
            for name in files:
                path = os.path.join(root, name)
                relative = os.path.relpath(path, folder)
                if relative.startswith(NOT_OUTPUT):
                    continue
                info = os.stat(path)
                stat = self.stats[relative] = (info.st_ino, info.st_size, info.st_mtime_ns)
                if stat in known:
                    self.hashes[relative] = known[stat]
                else:
                    with open(path, "rb") as handle:
                        self.hashes[relative] = hashlib.sha256(handle.read()).hexdigest()


def linked(folder):
    """Files of `folder` that are hard links to a previous build's file."""
    return {os.path.relpath(os.path.join(root, name), folder)
            for root, _, files in os.walk(folder) for name in files
            if os.stat(os.path.join(root, name)).st_nlink > 1}


def differences(first, second):
    """Paths missing from one tree or with other bytes, sorted (at most 20); each of `first` and
    `second` is a folder or a tree() of one."""
    a, b = (side if isinstance(side, dict) else tree(side) for side in (first, second))
    return sorted(path for path in a.keys() | b.keys() if a.get(path) != b.get(path))[:20]


class EditableSite:
    """Content, theme, the sample members (the association's pages name some of them) and
    `count` synthetic members copied into `folder`. Edits change synthetic members only."""

    def __init__(self, folder, count, seed=16):
        self.folder = Path(folder)
        self.content = self.folder / "content"
        self.theme = self.folder / "theme"
        self.providers = self.folder / "providers"
        shutil.copytree(SAMPLE_CONTENT, self.content)
        shutil.copytree(ROOT / "theme", self.theme)
        shutil.copytree(SAMPLE_PROVIDERS, self.providers)
        write_profiles(self.providers, count)
        self.synthetic = SyntheticDirectory()
        self.next_number = count
        self.build_date = START_DATE
        self.builds = 0
        self.rng = random.Random(seed)

    def build(self, output, previous=None, **overrides):
        settings = read_settings(str(ROOT / "pelicanconf.py"), override={
            "PATH": str(self.content), "THEME": str(self.theme),
            "PROVIDERS_PATH": str(self.providers), "OUTPUT_PATH": str(output),
            "BUILD_DATE": self.build_date, "INCREMENTAL_FROM": str(previous) if previous else None,
            **overrides,
        })
        pelican_instance(settings).run()
        return Path(output)

    # --- edits: each changes the sources the way an editor would, and says what it did --------

    def _profiles(self):
        # the generated members (JSON profiles); the sample ones are YAML written by hand
        return sorted(self.providers.glob("member-*.yaml"))

    def _edit_profile(self, change):
        path = self.rng.choice(self._profiles())
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        return path.name

    def edit_summary(self):
        word = self.rng.choice(["Reliable", "Patient", "Careful", "Local"])
        return "summary of " + self._edit_profile(
            lambda data: data.update(summary=f"{word} {data['summary']}"[:280]))

    def edit_build_date(self):
        # Moving the build date flips statuses: records expire or come into force.
        later = datetime.date.fromisoformat(self.build_date) + datetime.timedelta(
            days=self.rng.choice((1, 20, 45, 90)))
        self.build_date = later.isoformat()
        return f"BUILD_DATE {self.build_date}"

    def add_member(self):
        number = self.next_number
        self.next_number += 1
        slug = self.synthetic.slug(number)
        (self.providers / f"{slug}.yaml").write_text(
            json.dumps(self.synthetic.profile(number), ensure_ascii=False, indent=1),
            encoding="utf-8")
        shutil.copy(self.providers / "logos" / "member-000000.svg",
                    self.providers / "logos" / f"{slug}.svg")
        return f"new member {slug}"

    def delete_member(self):
        path = self.rng.choice(self._profiles())
        path.unlink()
        return f"deleted {path.name}"

    def rename_member(self):
        path = self.rng.choice(self._profiles())
        target = path.with_name(f"renamed-{self.rng.randrange(10**6)}-{path.name}")
        path.rename(target)
        return f"renamed {path.name} to {target.name}"

    def edit_vocabulary(self):
        path = self.content / "data" / "vocabulary.yaml"
        text = path.read_text(encoding="utf-8")
        label = self.rng.choice(["Managed IT support", "Managed security"])
        if label in text:
            text = text.replace(f"label: {label}", f"label: {label} services", 1)
        else:
            text = text.replace(f"label: {label} services", f"label: {label}", 1)
        path.write_text(text, encoding="utf-8")
        return f"vocabulary label {label}"

    def edit_template(self):
        path = self.theme / "templates" / "partials" / "footer.html"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("</footer>", "<!-- edited -->\n</footer>", 1),
                        encoding="utf-8")
        return "template partials/footer.html"

    def edit_article(self):
        path = self.rng.choice(sorted((self.content / "articles").glob("*.md")))
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"\nOne more sentence, number {self.rng.randrange(1000)}.\n")
        return f"article {path.name}"

    EDITS = ("edit_summary", "edit_summary", "edit_summary", "edit_build_date", "add_member",
             "delete_member", "rename_member", "edit_vocabulary", "edit_template",
             "edit_article")

    def random_edit(self):
        return getattr(self, self.rng.choice(self.EDITS))()

    def edit(self, step):
        """Edit number `step` (from 1) of the seeded sequence: each kind of edit once, in the
        order of EDITS, then random ones; returns what it did."""
        kinds = list(dict.fromkeys(self.EDITS))
        if step <= len(kinds):
            return getattr(self, kinds[step - 1])()
        return self.random_edit()

    def replay(self, steps):
        """Make edits 1..`steps` of the sequence (on a site fresh from __init__)."""
        return [self.edit(step) for step in range(1, steps + 1)]


# --- a fixture site of our own, for the tests of recorded reads -------------------------------

FIXTURE_CONTENT = ROOT / "tests" / "fixture_site" / "content"
# The plugins member pages need (conftest.MEMBER_SITE_PLUGINS) and office_notes, a plugin that
# reads a data file of its own (tests/incremental_plugins/).
FIXTURE_PLUGINS = ["outputs", "fragments", "i18n", "assets", "safe_markup", "records",
                   "member_profiles", "trust", "office_notes", "build_gate"]
ARTICLE = """Title: {title}
Date: 2026-{month:02d}-10
Category: Guides
Slug: {slug}
Summary: A short note for the incremental-build tests.

{title}: a short note written for the tests, about keeping backups where a flood cannot reach.
"""


class FixtureSite(EditableSite):
    """The small fixture site (tests/fixture_site/) with `count` synthetic members, a few
    articles of our own, the data files members are checked against, a copy of the theme to
    edit, and office_notes' data file; none of the association's pages or members."""

    def __init__(self, folder, count, seed=24):
        self.folder = Path(folder)
        self.content = self.folder / "content"
        self.theme = self.folder / "theme"
        self.providers = self.folder / "providers"
        shutil.copytree(FIXTURE_CONTENT, self.content)
        shutil.copytree(ROOT / "theme", self.theme)
        data = self.content / "data"
        data.mkdir()
        for name in ("vocabulary", "auditors", "signing-keys"):
            for suffix in (".yaml", ".schema.json"):
                if (SAMPLE_CONTENT / "data" / f"{name}{suffix}").is_file():
                    shutil.copy(SAMPLE_CONTENT / "data" / f"{name}{suffix}", data)
        (data / "office.yaml").write_text("hours: 9 to 17\n", encoding="utf-8")
        (self.content / "articles").mkdir()
        self.articles = 0
        for _ in range(3):
            self.add_article()
        write_profiles(self.providers, count, schema=ROOT / "providers" / "schema.json")
        self.synthetic = SyntheticDirectory()
        self.next_number = count
        self.build_date = START_DATE
        self.builds = 0
        self.rng = random.Random(seed)

    def build(self, output, previous=None, **overrides):
        return super().build(output, previous, **{
            "PLUGIN_PATHS": [str(ROOT / "plugins"), str(ROOT / "tests" / "incremental_plugins")],
            "PLUGINS": FIXTURE_PLUGINS, "DIRECT_TEMPLATES": ["index"], **overrides})

    def _profiles(self):
        return sorted(self.providers.glob("*.yaml"))

    # --- edits of content, beside EditableSite's ---------------------------------------------

    def add_article(self):
        self.articles += 1
        number = self.articles
        (self.content / "articles" / f"note-{number}.md").write_text(ARTICLE.format(
            title=f"Field note {number}", month=1 + number % 12, slug=f"note-{number}"),
            encoding="utf-8")
        return f"new article note-{number}"

    def edit_member_since(self):
        # the newest member changes: a member joins on the build date
        return "member_since of " + self._edit_profile(
            lambda data: data.update(member_since=self.build_date))

    def expire_member(self):
        # every record of a member ends before the build date: it leaves the verified list
        def expire(data):
            for record in data["certifications"]:
                record["issued"], record["expires"] = "2020-01-01", "2021-01-01"
        return "expired " + self._edit_profile(expire)

    def edit_founded(self):
        return "founded of " + self._edit_profile(
            lambda data: data.update(founded=self.rng.randrange(1990, 2020)))

    def edit_office(self):
        path = self.content / "data" / "office.yaml"
        hours = f"{self.rng.randrange(7, 10)} to {self.rng.randrange(15, 19)}"
        text = path.read_text(encoding="utf-8")
        kept = [line for line in text.splitlines() if not line.startswith("hours:")]
        path.write_text("\n".join([f"hours: {hours}", *kept]) + "\n", encoding="utf-8")
        return f"office hours {hours}"

    def edit_template_text(self, name, old, new):
        """Replace `old` by `new` in the theme's template `name` (a developer's change)."""
        path = self.theme / "templates" / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return f"template {name}: {new.strip()[:60]}"

    CONTENT_EDITS = ("edit_summary", "edit_member_since", "expire_member", "add_member",
                     "delete_member", "rename_member", "add_article", "edit_office",
                     "edit_founded", "edit_vocabulary")


def stale(first, second):
    """How many files differ between two output folders (or trees), missing ones included."""
    a, b = (side if isinstance(side, dict) else tree(side) for side in (first, second))
    return len([path for path in a.keys() | b.keys() if a.get(path) != b.get(path)])
