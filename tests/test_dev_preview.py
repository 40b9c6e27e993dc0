"""make devserver's preview (plugins/dev_preview): the files of the profiles just saved, made as
soon as every profile is read, are the very files the build then writes into the site; no other
member gets one, nor a member whose profile has a problem; and the site is the same with or
without a preview."""

from conftest import MEMBER_SITE_PLUGINS, member_site, variant, write_profile

# dev_preview where pelicanconf.py has it: before the plugins that follow trust's generator
PLUGINS = [*MEMBER_SITE_PLUGINS[:-1], "dev_preview", MEMBER_SITE_PLUGINS[-1]]


def files(folder):
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*")
                  if path.is_file())


def test_the_preview_holds_the_saved_members_files_as_the_build_writes_them(
        providers_dir, tmp_path):
    write_profile(providers_dir, "acme", variant("acme", "Acme Managed IT"))
    write_profile(providers_dir, "broken", variant(
        "broken", "Broken AS", **{"founded: 2010": "founded: someday"}))
    preview = tmp_path / "preview"
    saved = [str(providers_dir / "testfjord.yaml"), str(providers_dir / "broken.yaml")]
    build = member_site(tmp_path / "site", providers_dir, PLUGINS=PLUGINS,
                        BUILD_STOP_ON_PROBLEMS=False,
                        BUILD_PREVIEW={"folder": str(preview), "sources": saved})
    # the broken profile is reported and left out, as in any build that goes on after problems
    assert build.returncode == 1 and "broken.yaml:16: founded" in build.output
    made = files(preview)
    # testfjord's own files: profile page, logo, verify page, both badges, JSON record
    assert "providers/testfjord/index.html" in made
    assert "verify/testfjord/index.html" in made
    assert len(made) == 6 and all("testfjord" in name for name in made), made
    for name in made:
        assert (preview / name).read_bytes() == (build.path / name).read_bytes(), name
    assert "Testfjord Drift AS" in (preview / "providers/testfjord/index.html").read_text()
    # a member that was not saved (acme) and one with problems (broken) get nothing
    assert not any("acme" in name or "broken" in name for name in made)
    assert (build.path / "providers/acme/index.html").is_file()

    plain = member_site(tmp_path / "plain", providers_dir, PLUGINS=PLUGINS,
                        BUILD_STOP_ON_PROBLEMS=False)
    assert files(plain.path) == files(build.path)
    # (the fixture site's feeds carry the time of the build: tests/fixture_site has an undated page)
    for name in [name for name in files(plain.path) if not name.startswith("feeds/")]:
        assert (plain.path / name).read_bytes() == (build.path / name).read_bytes(), name


def test_without_a_saved_member_there_is_no_preview(providers_dir, tmp_path):
    preview = tmp_path / "preview"
    build = member_site(tmp_path / "site", providers_dir, PLUGINS=PLUGINS,
                        BUILD_PREVIEW={"folder": str(preview),
                                       "sources": [str(tmp_path / "elsewhere.yaml")]})
    assert build.returncode == 0, build.output
    assert not preview.exists()
