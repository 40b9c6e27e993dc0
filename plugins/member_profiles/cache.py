"""Members of the previous build, reused when their profile, logo and shared inputs are unchanged.

Reading, validating and rendering the Markdown of 10,000 profiles takes seconds; an incremental
build (INCREMENTAL_FROM, see plugins/batch_render) takes each unchanged member from the previous
build's `.build-manifest/members.pickle` instead. An entry is keyed by the digest of everything
a member is made from: the file's name and bytes, the schema, the vocabulary, the build date,
the expiry window (`input_digest`), and is used only when the logo's bytes are unchanged too and
the build key (code, settings, theme) is the same. Duplicate slugs and names are still checked
on every build. The file is written by our own build into its own output folder and read only
from the folder INCREMENTAL_FROM names.
"""

import hashlib
import os
import pickle

from batch_render import MANIFEST_FOLDER, claim_manifest_file
from batch_render.inputs import build_key

from . import settings as conf

FILE_NAME = "members.pickle"


def shared_inputs(settings, build_date, expiring_days):
    """Digest of the inputs every member shares: schema, vocabulary, build date, window."""
    hasher = hashlib.sha256()
    for path in (conf.schema_path(settings), conf.vocabulary_path(settings)):
        # a missing file is reported by load_provider_profiles; here it is just an input
        hasher.update(str(_file_digest(path)).encode() + b"\0")
    hasher.update(f"{build_date} {expiring_days}".encode())
    return hasher.digest()


def input_digest(shared, path, data):
    """What one member is made from: the shared inputs, its file's name (its slug) and bytes."""
    name = os.path.basename(path).encode()
    return hashlib.sha256(shared + name + b"\0" + data).hexdigest()[:32]


def _file_digest(path):
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return None


class MemberCache:
    """The previous build's members by input digest; `reuse(path)` for load_provider_profiles."""

    def __init__(self, settings, build_date, expiring_days, context=None):
        self.settings = settings
        self.shared = shared_inputs(settings, build_date, expiring_days)
        self.key = build_key(settings, context)
        self.previous = {}
        folder = settings.get("INCREMENTAL_FROM")
        if folder:
            try:
                with open(os.path.join(folder, MANIFEST_FOLDER, FILE_NAME), "rb") as handle:
                    stored = pickle.load(handle)
                if stored.get("build_key") == self.key:
                    self.previous = stored["members"]
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, KeyError,
                    TypeError, ImportError):
                self.previous = {}

    def digest(self, path):
        with open(path, "rb") as handle:
            return input_digest(self.shared, path, handle.read())

    def reuse(self, path):
        """The member `path` made last time, or None when anything it is made from changed."""
        if not self.previous:
            return None
        found = self.previous.get(self.digest(path))
        if found is None:
            return None
        member, logo_digest = found
        if member.logo and _file_digest(
                os.path.join(conf.logos_path(self.settings), member.logo)) != logo_digest:
            return None
        return member

    def save(self, members, output_path, context):
        """Keep this build's members, for the next incremental build from `output_path`."""
        logos = conf.logos_path(self.settings)
        entries = {member.input_digest: (member, _file_digest(os.path.join(logos, member.logo))
                                         if member.logo else None)
                   for member in members}
        path = claim_manifest_file(context, output_path, FILE_NAME,
                                   "member_profiles: members for incremental builds")
        with open(path, "wb") as handle:
            pickle.dump({"build_key": self.key, "members": entries}, handle,
                        protocol=pickle.HIGHEST_PROTOCOL)
