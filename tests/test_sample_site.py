"""The frozen sample (tests/sample_site/) is checked against the repository's schemas as they are
now: its schema files are byte-for-byte copies, since a build follows no symbolic link."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "sample_site"
SCHEMAS = sorted([ROOT / "providers" / "schema.json",
                  *(ROOT / "content" / "data").glob("*.schema.json")])


def test_every_schema_of_the_repository_has_a_copy_in_the_sample():
    assert SCHEMAS, "the repository has no schema files"
    missing = [str(path.relative_to(ROOT)) for path in SCHEMAS
               if not (SAMPLE / path.relative_to(ROOT)).exists()]
    assert missing == []


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda path: path.name)
def test_the_sample_schema_is_the_repositorys(schema):
    relative = schema.relative_to(ROOT)
    copy = SAMPLE / relative
    assert not copy.is_symlink()
    assert copy.read_bytes() == schema.read_bytes(), (
        f"{copy.relative_to(ROOT)} differs from {relative}; expected a copy: cp {relative} "
        f"{copy.relative_to(ROOT)}")
