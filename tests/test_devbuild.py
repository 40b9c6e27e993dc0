"""make devserver's builder (sitetools.devbuild): what it reads ahead between builds is used only
while the file is unchanged, and a change to the plugins' code makes it ask for a restart instead
of building with the code it imported."""

import io
import json
import os
import sys

import pytest
from conftest import ROOT


def test_a_file_read_ahead_is_recalled_only_while_it_is_unchanged(tmp_path):
    from batch_render import read_ahead, recall

    path = tmp_path / "manifest.json"
    path.write_text('{"a": 1}', encoding="utf-8")
    reads = []

    def read(name):
        reads.append(name)
        with open(name, encoding="utf-8") as handle:
            return json.load(handle)

    read_ahead(str(path), read)
    assert recall(str(path), read) == {"a": 1} and len(reads) == 1  # not read again
    # a build writes a new file (a new inode, another size and time): it is read again
    replacement = tmp_path / "new.json"
    replacement.write_text('{"a": 22}', encoding="utf-8")
    os.replace(replacement, path)
    assert recall(str(path), read) == {"a": 22} and len(reads) == 2
    # a file that is gone is read as it is (its reader's error), never recalled
    path.unlink()
    read_ahead(str(path), read)
    with pytest.raises(FileNotFoundError):
        recall(str(path), read)


def test_the_builder_asks_for_a_restart_when_the_plugins_code_changed(monkeypatch, capsys):
    from sitetools import devbuild

    digests = iter(["as imported", "changed since"])
    monkeypatch.setattr(devbuild, "plugin_code_digest", lambda folder: next(digests))
    monkeypatch.setattr(devbuild, "build", _never_builds)
    request = json.dumps({"argv": ["content"], "env": {}})
    monkeypatch.setattr(sys, "stdin", io.StringIO(request + "\n"))
    assert devbuild.main(["-s", str(ROOT / "pelicanconf.py")]) == 0
    assert capsys.readouterr().err.rstrip("\n").split("\n")[-1] == f"{devbuild.MARKER} restart"


def test_the_builder_builds_while_the_code_is_the_one_it_imported(monkeypatch, capsys):
    from sitetools import devbuild

    monkeypatch.setattr(devbuild, "plugin_code_digest", lambda folder: "unchanged")
    built = []
    monkeypatch.setattr(devbuild, "build", lambda argv, env: built.append((argv, env)) or 3)
    read = []
    monkeypatch.setattr(devbuild, "read_ahead_manifests", lambda folder, stop: read.append(folder))
    monkeypatch.setattr(devbuild.member_cache, "read_ahead",
                        lambda folder, stop: read.append(folder))
    requests = [{"argv": ["content", "-o", "out.staging"], "env": {"X": "1"}},
                {"read_ahead": "out"}]
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(json.dumps(r) + "\n" for r in requests)))
    assert devbuild.main(["-s", str(ROOT / "pelicanconf.py")]) == 0
    assert built == [(["content", "-o", "out.staging"], {"X": "1"})]
    # the members and the manifests of the folder now served, and of each other language's
    # folder in it (SITE_LANGUAGES en, nb: plugins/i18n)
    assert read == ["out", "out", os.path.join("out", "nb"), os.path.join("out", "nb")]
    assert capsys.readouterr().err.rstrip("\n").split("\n")[-1] == f"{devbuild.MARKER} 3"


def _never_builds(argv, env):
    raise AssertionError(f"built {argv} with the code imported before the change")


def test_the_read_ahead_stops_as_soon_as_a_build_is_asked_for(tmp_path, monkeypatch):
    """Between builds the builder reads ahead each language's members and manifests, the root
    language's first (its run renders the saved member's preview); a request that comes
    meanwhile stops it (the build reads the rest)."""
    from sitetools import devbuild

    read_end, write_end = os.pipe()
    requests = devbuild.Requests(os.fdopen(read_end, "rb", buffering=0))
    read = []

    def members(folder, stop):
        read.append(("members", folder))
        os.write(write_end, b'{"argv": []}\n')  # the editor saves while this is read

    monkeypatch.setattr(devbuild.member_cache, "read_ahead", members)
    monkeypatch.setattr(devbuild, "read_ahead_manifests",
                        lambda folder, stop: read.append(("manifests", folder)))
    settings = {"SITE_LANGUAGES": ["en", "nb"]}
    devbuild.read_ahead(str(tmp_path), settings, requests)
    assert read == [("members", str(tmp_path))]
    assert next(iter(requests)) == '{"argv": []}'
    os.close(write_end)
    # with nothing waiting, every language's members and manifests are read
    read.clear()
    monkeypatch.setattr(devbuild.member_cache, "read_ahead",
                        lambda folder, stop: read.append(("members", folder)))
    devbuild.read_ahead(str(tmp_path), settings, devbuild.Requests(io.StringIO("")))
    assert read == [("members", str(tmp_path)), ("manifests", str(tmp_path)),
                    ("members", str(tmp_path / "nb")), ("manifests", str(tmp_path / "nb"))]


def test_a_language_s_members_read_ahead_stop_between_two_shards_and_keep_nothing(tmp_path):
    """A request that comes while a language's members are read ahead waits for one shard at
    most: the read is given up and nothing half-read is kept (the build reads them itself)."""
    import batch_render
    from member_profiles import cache

    folder = tmp_path / batch_render.MANIFEST_FOLDER / cache.FOLDER
    folder.mkdir(parents=True)
    shards = {}
    for number in range(3):
        name = f"{number:02d}.pickle"
        (folder / name).write_bytes(cache.dumps({f"digest{number}": f"entry {number}"}))
        shards[name] = [[f"digest{number}", "", f"member-{number}.yaml", ""]]
    index = folder / "index.json"
    index.write_text(json.dumps({"build_key": "key", "shards": shards}), encoding="utf-8")
    asked = []

    def stop():  # the request comes while the first shard is read
        asked.append(True)
        return len(asked) > 1

    cache.read_ahead(str(tmp_path), stop)
    assert len(asked) == 2  # (before the first shard, then before the second: given up)
    assert str(index) not in batch_render._read_ahead
    read_again = []

    def read(path):
        read_again.append(path)
        return cache._read_members(path)

    assert batch_render.recall(str(index), read)[1] == {f"digest{n}": f"entry {n}" for n in range(3)}
    assert read_again == [str(index)]
    # read ahead to the end, the members are recalled without reading them again
    cache.read_ahead(str(tmp_path))
    assert batch_render.recall(str(index), read)[0] == "key" and read_again == [str(index)]
