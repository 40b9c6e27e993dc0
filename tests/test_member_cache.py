"""member_profiles.cache: a member's input digest is made from the very bytes it was read from,
so a save between reading a profile and digesting it cannot file an old member under the new
bytes' digest (the next incremental build would reuse it)."""

import hashlib
import shutil

from conftest import REFERENCE_DATE, ROOT, SAMPLE_CONTENT, SAMPLE_PROVIDERS
from member_profiles import settings as conf
from member_profiles.cache import MemberCache
from pelican.settings import read_settings
from sitetools.config import initialised


def _cache(providers):
    settings = initialised(read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(SAMPLE_CONTENT), "PROVIDERS_PATH": str(providers),
        "BUILD_DATE": REFERENCE_DATE}))
    return MemberCache(settings, conf.build_date(settings), conf.expiring_days(settings))


def test_the_digest_is_of_the_bytes_read_not_of_the_file_read_again(tmp_path):
    providers = tmp_path / "providers"
    shutil.copytree(SAMPLE_PROVIDERS, providers)
    path = providers / "fjordlys-drift.yaml"
    read = path.read_bytes()
    before = _cache(providers).digest(str(path))
    cache = _cache(providers)
    cache.was_read(str(path), hashlib.sha256(read).digest())  # as load_provider_profiles does
    path.write_bytes(read + b"# saved while the build ran\n")
    assert cache.digest(str(path)) == before
    # a later build reads the new bytes, and so gets another digest
    assert _cache(providers).digest(str(path)) != before
