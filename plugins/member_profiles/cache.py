"""Members of the previous build, reused when their profile, logo and shared inputs are unchanged.

Reading, validating and rendering the Markdown of 10,000 profiles takes seconds; an incremental
build (INCREMENTAL_FROM, see plugins/batch_render) takes each unchanged member from the previous
build's `.build-manifest/members/` instead. An entry is keyed by the digest of everything
a member is made from (`input_digest`): the file's name and bytes, its signature file's bytes
(providers/signatures/<slug>.json), the build date, and every file the loading read before it
read the profiles (the schema, the vocabulary, the registry of auditors, the keyring...),
recorded as they were opened (Python's audit hook), not listed here; it is used only when the
logo's bytes are unchanged too and the build key (code, every setting, theme) is the same. Duplicate
slugs and names, and the registry rules that look across profiles (a report id used twice), are
still checked on every build: an entry keeps its records and their lines for them, and the
signature warnings a development build repeats. The file is written by our own build into its
own output folder and read only from the folder INCREMENTAL_FROM names.
"""

import hashlib
import io
import json
import os
import pickle
import sys

from batch_render import (MANIFEST_FOLDER, Stopped, claim_manifest_file, fork_map_async,
                          in_background, recall)
from batch_render import read_ahead as batch_read_ahead
from batch_render.inputs import build_key
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from records import settings as record_conf

from . import settings as conf

# The members are kept in SHARDS files by their digest's first two hex digits, so that a build
# after one edit writes one or two of them again and hard-links the others from the previous
# build; members/index.json names the build key and what each shard holds.
FOLDER = "members"
SHARDS = 64


_opened = None  # the files read in this process while a MemberCache records (see _audit)
_hooked = False  # whether _audit is installed in this process (it cannot be removed)
_NOT_INPUTS = (".py", ".pyc", ".so")


def _audit(event, args):
    """Python's audit hook: the files opened for reading while a MemberCache records."""
    if event != "open" or _opened is None or not isinstance(args[0], str):
        return
    _, mode, flags = args
    reading = (not any(c in mode for c in "wax+")) if isinstance(mode, str) else \
        (flags & os.O_ACCMODE) == os.O_RDONLY
    if reading:
        _opened.add(os.path.abspath(args[0]))


def _shared(opened, build_date):
    """Digest of what every member shares: each file the loading opened before it read the
    profiles (code and the interpreter's own files aside), and the build date."""
    hasher = hashlib.sha256(f"{build_date}".encode())
    # (not "/dev/": a RAM disk such as /dev/shm holds real sources; devices are not files)
    skipped = (sys.prefix, sys.base_prefix, "/proc/", "/sys/")
    for path in sorted(opened):
        if path.endswith(_NOT_INPUTS) or path.startswith(skipped) or not os.path.isfile(path):
            continue
        hasher.update(f"{path}\0".encode() + (_raw_digest(path) or b"-") + b"\0")
    return hasher.digest()


def input_digest(shared, path, data_digest, signatures):
    """What one member is made from: the shared inputs, its file's name (its slug), the digest
    of its bytes (sha256, raw) and its signature file's bytes (None when it has none)."""
    name = os.path.basename(path).encode()
    signed = b"-" if signatures is None else b"+" + signatures
    return hashlib.sha256(shared + name + b"\0" + data_digest + b"\0" + signed).hexdigest()[:32]


def _read(path):
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


class Entry:
    """A member as the previous build made it, with what the checks across profiles need."""

    def __init__(self, member, logo_digest, records, lines, unsigned):
        self.member = member
        self.logo_digest = logo_digest
        self.records = records      # the profile's `certifications` as read
        self.lines = lines          # their line numbers ({path: line}, certifications only)
        self.unsigned = unsigned    # signature problems a development build warns about

    def registry_view(self):
        """(data, lines) for records.registry.registry_problems."""
        return {"certifications": self.records}, self.lines


def _raw_digest(path):
    """sha256 of a file's bytes (raw), or None when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).digest()
    except OSError:
        return None


def _listing(folder):
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return []


class MemberCache:
    """The previous build's members by input digest; `reuse(path)` for load_provider_profiles."""

    def __init__(self, settings, build_date, expiring_days, context=None):
        self.settings = settings
        self.build_date = build_date  # (the window is a setting: the build key covers it)
        self._shared = None  # see shared
        self.key = build_key(settings, context)
        self.signatures = record_conf.signatures_path(settings, conf.providers_path(settings))
        self.previous = {}
        self.current = {}  # source -> (records, lines, unsigned) of this build's members
        self.previous_folder = None
        self.previous_shards = {}  # shard file name -> what it holds (see _shard_key)
        self._logos = {}  # logo file name -> digest of its bytes
        self._logo_folder = conf.logos_path(settings)
        self._signed = None  # names of the files in the signatures folder (see digest)
        self._digests = {}  # profile file name -> input digest, this build
        self._read_digests = {}  # profile file name -> sha256 of the bytes its member was made from
        self._early = {}  # path -> sha256 of its bytes, made while the members are unpickled
        self._early_digests = None
        folder = settings.get("INCREMENTAL_FROM")
        if folder:
            self._digest_early()
            self._load(members_folder(folder))
        self._record()

    def _record(self):
        """Record the files this process opens from now until the first profile is looked at
        (load_provider_profiles reads the schema, vocabulary, registry and keyring first)."""
        global _opened, _hooked  # noqa: PLW0603 - one loading at a time per process
        if not _hooked:
            sys.addaudithook(_audit)
            _hooked = True
        _opened = set()

    @property
    def shared(self):
        """Digest of what every member shares (see _shared): the recording stops here."""
        global _opened  # noqa: PLW0603
        if self._shared is None:
            opened, _opened = _opened or set(), None
            self._shared = _shared(opened, self.build_date)
        return self._shared

    def _digest_early(self):
        """Start digesting every profile's and logo's bytes in forked workers: an incremental
        build needs them all (to find what changed), and they are made while this process
        unpickles the members kept (at 100,000 members, seconds of each). A file saved after its
        digest was made is read again by the next build, whose digest differs."""
        profiles = conf.providers_path(self.settings)
        paths = [os.path.join(profiles, name) for name in _listing(profiles)
                 if name.endswith((".yaml", ".yml"))]
        paths += [os.path.join(self._logo_folder, name) for name in _listing(self._logo_folder)]
        digests = fork_map_async(_raw_digest, paths, self.settings.get("BUILD_WORKERS"))
        self._early_digests = (paths, digests)

    def _take_early_digests(self):
        """Wait for the early digests (see _digest_early), once."""
        if self._early_digests is not None:
            paths, digests = self._early_digests
            self._early = dict(zip(paths, digests()))
            self._early_digests = None

    def _early_digest(self, path):
        """The early digest of `path`, or None."""
        self._take_early_digests()
        return self._early.get(path)

    def _load(self, folder):
        found = recall(os.path.join(folder, "index.json"), _read_members)
        if found is None or found[0] != self.key:
            self._take_early_digests()  # (nothing to reuse: the workers are waited for here)
            return
        _, self.previous, self.previous_shards = found
        self.previous_folder = folder

    def digest(self, path):
        """The input digest of the profile `path`, made once per build (reuse asks for it while
        loading, the generator again for each member's pages)."""
        name = os.path.basename(path)
        if name not in self._digests:
            self._digests[name] = self._digest(path)
        return self._digests[name]

    def was_read(self, path, data_digest):
        """The member of `path` was made from bytes with this sha256: its input digest is made
        from them, not from the file read again (an editor may save in between)."""
        self._read_digests[os.path.basename(path)] = data_digest

    def _digest(self, path):
        shared = self.shared  # (first: the recording of the shared inputs stops here)
        data_digest = self._read_digests.get(os.path.basename(path)) or self._early_digest(path)
        if data_digest is None:
            with open(path, "rb") as handle:
                data_digest = hashlib.sha256(handle.read()).digest()
        slug = os.path.basename(path).rsplit(".", 1)[0].lower()
        name = f"{slug}.json"
        signatures = _read(os.path.join(self.signatures, name)) \
            if name in self._signature_files() else None
        return input_digest(shared, path, data_digest, signatures)

    def _signature_files(self):
        """The names in the signatures folder, listed once per build (most members have no
        signature file, and a failed open per member costs more than one listing)."""
        if self._signed is None:
            try:
                self._signed = frozenset(os.listdir(self.signatures))
            except OSError:
                self._signed = frozenset()
        return self._signed

    def reuse(self, path):
        """The Entry of the member `path` made last time, or None when anything it is made
        from changed."""
        self.shared  # noqa: B018 - the shared inputs are all read by now: stop recording
        if not self.previous:
            return None
        entry = self.previous.get(self.digest(path))
        if entry is None:
            return None
        member = entry.member
        if member.logo and self.logo_digest(member.logo) != entry.logo_digest:
            return None
        return entry

    def logo_digest(self, logo):
        """The digest of a logo file's bytes, read once per build (reuse and save both ask)."""
        if logo not in self._logos:
            path = os.path.join(self._logo_folder, logo)
            digest = self._early_digest(path) or _raw_digest(path)
            self._logos[logo] = digest.hex() if digest is not None else None
        return self._logos[logo]

    def keep(self, source, data, lines, unsigned):
        """What the checks across profiles and the signature warning need of a member made in
        this build (read from its file, or reused), kept for the next build."""
        records = data.get("certifications") if isinstance(data, dict) else None
        if all(path[:1] == ("certifications",) for path in lines):
            kept = lines  # (a reused member's lines, kept as they are)
        else:
            kept = {path: line for path, line in lines.items()
                    if path[:1] == ("certifications",)}
        self.current[source] = (records, kept, list(unsigned))

    def save(self, members, output_path, context):
        """Keep this build's members, for the next incremental build from `output_path`: each
        shard whose members are those of the previous build's shard is linked, not written.
        The paths are claimed here; the shards are pickled and written in a forked process
        while the build goes on (batch_render.in_background)."""
        names = sorted({_shard_name(member.input_digest) for member in members})
        paths = {name: claim_manifest_file(context, output_path, f"{FOLDER}/{name}",
                                           "member_profiles: members for incremental builds")
                 for name in names}
        index = claim_manifest_file(context, output_path, f"{FOLDER}/index.json",
                                    "member_profiles: index of the members kept")
        in_background(context, lambda: self._write(members, paths, index), lambda _: None,
                      size=len(members))

    def _write(self, members, paths, index):
        shards = {}
        for member in members:
            records, lines, unsigned = self.current[member.source]
            logo = self.logo_digest(member.logo) if member.logo else None
            shards.setdefault(_shard_name(member.input_digest), {})[member.input_digest] = Entry(
                member, logo, records, lines, unsigned)
        held = {name: _shard_key(entries) for name, entries in sorted(shards.items())}
        for name, entries in shards.items():
            path = paths[name]
            if self.previous_folder and self.previous_shards.get(name) == held[name]:
                try:
                    os.link(os.path.join(self.previous_folder, name), path)
                    continue
                except OSError:
                    pass
            with open(path, "wb") as handle:
                handle.write(dumps(entries))
        with open(index, "w", encoding="utf-8") as handle:
            # json.dumps (one shot, no indent) is the C encoder; json.dump is pure Python
            handle.write(json.dumps({"build_key": self.key, "shards": held}, sort_keys=True))


def _read_members(index_path, stop=None):
    """(build key, {digest: Entry}, {shard name: what it holds}) of the members kept in the
    folder of `index_path`, or None when they cannot be read. Read ahead, it raises
    batch_render.Stopped between two shards once `stop()` is true."""
    folder = os.path.dirname(index_path)
    try:
        with open(index_path, encoding="utf-8") as handle:
            index = json.load(handle)
        previous = {}
        for name in index["shards"]:
            if stop is not None and stop():
                raise Stopped(index_path)
            with open(os.path.join(folder, name), "rb") as handle:
                previous.update(pickle.load(handle))
        shards = {name: tuple(map(tuple, held)) for name, held in index["shards"].items()}
        return index["build_key"], previous, shards
    except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError, KeyError,
            TypeError, ImportError):
        return None


def read_ahead(output_folder, stop=lambda: False):
    """Read the members kept in `output_folder` now, for the next build from it in this process
    or a process forked from it (make devserver's builder, between edits); given up, and
    nothing kept, as soon as `stop()` is true."""
    batch_read_ahead(os.path.join(members_folder(output_folder), "index.json"), _read_members,
                     stop)


def members_folder(output_folder):
    """Where the build in `output_folder` kept its members."""
    return os.path.join(output_folder, MANIFEST_FOLDER, FOLDER)


def _shard_name(digest):
    return f"{int(digest[:2], 16) % SHARDS:02d}.pickle"


def _shard_key(entries):
    """What a shard holds: each member's digest, logo digest, file and signature warnings (the
    rest of an entry follows from the digest)."""
    return tuple((digest, entry.logo_digest or "", entry.member.source,
                  "\n".join(map(str, entry.unsigned)))
                 for digest, entry in sorted(entries.items()))


def dumps(value):
    """`value` pickled as members are kept (their keys as raw bytes)."""
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


class _Pickler(pickle.Pickler):
    """Members' verified signatures name their key, whose parsed form (records.keyring's
    `verifier`) cannot be pickled as it is: it is kept as its 32 raw bytes and parsed again."""

    def reducer_override(self, obj):
        if isinstance(obj, Ed25519PublicKey):
            return Ed25519PublicKey.from_public_bytes, (obj.public_bytes_raw(),)
        return NotImplemented
