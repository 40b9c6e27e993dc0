"""Each class of bad profile gets `file:line: field: problem; expected what` and a non-zero exit."""

import pytest

from conftest import member_site, run_check, variant, write_profile

# (case id, text in the valid profile, replacement, line, field, words the problem must contain)
CASES = [
    ("malformed-yaml", "services: [managed-it, cybersecurity]",
     "services: [managed-it, cybersecurity", 13, "yaml",
     "the list opened with '[' on line 13 is not closed"),
    ("duplicate-key", "founded: 2010", "founded: 2010\nname: Again AS", 17, "yaml",
     "duplicate key 'name' (first given on line 2)"),
    ("wrong-type", "founded: 2010", 'founded: "2010"', 16, "founded", "got text"),
    ("unknown-service", "services: [managed-it, cybersecurity]",
     "services: [managed-it, quantum-care]", 13, "services[1]", "unknown service 'quantum-care'"),
    ("bad-url-scheme", "website: https://testfjord.example", "website: javascript:alert(1)",
     6, "website", "is not accepted"),
    ("social-url-scheme", "linkedin: https://social.example/testfjord",
     "linkedin: ftp://social.example/testfjord", 32, "social.linkedin", "is not accepted"),
    ("dates-out-of-order", "expires: 2028-01-09", "expires: 2024-01-09", 24,
     "certifications[0].expires", "is not after issued 2025-01-10"),
    ("impossible-date", "issued: 2025-01-10", "issued: 2025-02-30", 23,
     "certifications[0].issued", "not a real calendar date"),
    ("norway-spelled-out", "  country: NO", "  country: Norway", 11, "headquarters.country",
     "is not accepted"),
    ("unassigned-country", "service_areas: [NO, SE]", "service_areas: [NO, XQ]", 12,
     "service_areas[1]", "not an ISO 3166-1 country code"),
    ("missing-field", "summary: A fictional provider used by the test suite to keep offices running.\n",
     "", 2, "summary", "required field is missing"),
    ("unknown-field", "founded: 2010", "founded: 2010\nfounder: Kari Nordmann", 17, "founder",
     "unknown field"),
    ("summary-too-long", "summary: A fictional provider", "summary: " + "x" * 300 + " A fictional provider",
     3, "summary", "too long"),
    ("unknown-program", "program: msp-verify", "program: gold-star", 22,
     "certifications[0].program", "unknown program 'gold-star'"),
    ("yaml-anchor", "service_areas: [NO, SE]", "service_areas: &areas [NO, SE]", 12, "yaml",
     "anchor '&areas' is not allowed"),
    ("yaml-tag", "founded: 2010", "founded: !!python/object:os.system 2010", 16, "yaml",
     "is not allowed"),
    ("unknown-industry", "industries: [healthcare, legal]", "industries: [healthcare, spaceflight]",
     14, "industries[1]", "unknown industry 'spaceflight'; expected an industry id from "
     "content/data/vocabulary.yaml: accounting-finance, agriculture-food"),
    ("industry-as-free-text", "industries: [healthcare, legal]", "industries: [Dental practices]",
     14, "industries[0]", "expected an industry id from content/data/vocabulary.yaml"),
    ("unassigned-language", "industries: [healthcare, legal]",
     "industries: [healthcare, legal]\nlanguages: [no, xx]", 15, "languages[1]",
     "'xx' is not an ISO 639-1 language code; expected a two-letter ISO 639-1 code"),
    ("language-spelled-out", "industries: [healthcare, legal]",
     "industries: [healthcare, legal]\nlanguages: [Norwegian]", 15, "languages[0]",
     "expected a two-letter ISO 639-1 language code in lower case"),
]


@pytest.mark.parametrize("old,new,line,field,words",
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_bad_profile_is_reported_with_file_line_and_field(providers_dir, old, new, line, field,
                                                          words):
    write_profile(providers_dir, "broken", variant("broken", "Broken Example AS", **{old: new}))
    code, output = run_check(PROVIDERS_PATH=str(providers_dir))
    assert code == 1, output
    expected_start = f"{providers_dir / 'broken.yaml'}:{line}: {field}: "
    lines = [text for text in output.splitlines() if text.startswith(expected_start)]
    assert lines, f"no line starting {expected_start!r} in:\n{output}"
    assert words in lines[0]
    assert "; expected " in lines[0]
    # the valid profile beside it is not blamed
    assert "testfjord.yaml" not in output


def test_missing_logo_names_the_file(providers_dir):
    write_profile(providers_dir, "nologo", variant("nologo", "No Logo AS"), logo=False)
    code, output = run_check(PROVIDERS_PATH=str(providers_dir))
    assert code == 1
    assert f"{providers_dir / 'nologo.yaml'}:7: logo: no file " in output
    assert "logos/nologo.svg" in output


def test_duplicate_slug_names_both_files(providers_dir):
    (providers_dir / "testfjord.yml").write_text(
        variant("testfjord", "Testfjord Again AS"), encoding="utf-8")
    code, output = run_check(PROVIDERS_PATH=str(providers_dir))
    assert code == 1
    line = next(text for text in output.splitlines() if "slug:" in text)
    assert str(providers_dir / "testfjord.yml") in line
    assert str(providers_dir / "testfjord.yaml") in line


def test_duplicate_company_name_names_both_files(providers_dir):
    write_profile(providers_dir, "twin", variant("twin", "TESTFJORD Drift AS"))
    code, output = run_check(PROVIDERS_PATH=str(providers_dir))
    assert code == 1
    assert f"{providers_dir / 'twin.yaml'}:2: name: " in output
    assert "testfjord.yaml" in output


def test_file_name_must_be_a_valid_slug(providers_dir):
    write_profile(providers_dir, "Bad_Name", variant("bad-name", "Bad Name AS"))
    code, output = run_check(PROVIDERS_PATH=str(providers_dir))
    assert code == 1
    assert "Bad_Name.yaml: file name: 'Bad_Name' cannot be a permalink; expected lowercase" in output


def test_every_problem_is_reported_not_just_the_first(providers_dir):
    write_profile(providers_dir, "first", variant(
        "first", "First Broken AS", **{"founded: 2010": "founded: soon",
                                       "website: https://testfjord.example": "website: mailto:x@y.example"}))
    write_profile(providers_dir, "second", variant(
        "second", "Second Broken AS", **{"[managed-it, cybersecurity]": "[managed-it, teleportation]"}))
    code, output = run_check(PROVIDERS_PATH=str(providers_dir))
    assert code == 1
    assert f"{providers_dir / 'first.yaml'}:6: website:" in output
    assert f"{providers_dir / 'first.yaml'}:16: founded:" in output
    assert f"{providers_dir / 'second.yaml'}:13: services[1]:" in output
    assert "3 problem(s) found" in output


def test_norway_stays_a_country_code(providers_dir, tmp_path):
    code, output = run_check(PROVIDERS_PATH=str(providers_dir))
    assert code == 0, output
    build = member_site(tmp_path / "out", providers_dir)
    assert build.returncode == 0, build.output
    page = build.page("providers/testfjord/index.html")
    assert "Bergen, Vestland, Norway" in page
    assert "Norway, Sweden" in page
    assert (tmp_path / "out/providers/countries/no/index.html").exists()
    assert "False" not in page


def test_build_fails_and_writes_no_pages(providers_dir, tmp_path):
    write_profile(providers_dir, "broken", variant("broken", "Broken AS",
                                                   **{"expires: 2028-01-09": "expires: 2020-01-09"}))
    build = member_site(tmp_path / "out", providers_dir)
    assert build.returncode != 0
    assert f"{providers_dir / 'broken.yaml'}:24: certifications[0].expires:" in build.output
    written = [p for p in build.files() if p.suffix == ".html"] if build.path.exists() else []
    assert written == []


def test_oversized_profile_is_refused_unread(providers_dir):
    text = variant("huge", "Huge AS") + "# padding\n" * 40000
    write_profile(providers_dir, "huge", text)
    code, output = run_check(PROVIDERS_PATH=str(providers_dir))
    assert code == 1
    assert "huge.yaml: yaml: file is" in output
    assert "larger than the limit" in output


def test_invalid_utf8_names_the_line(providers_dir):
    (providers_dir / "latin.yaml").write_bytes(
        variant("latin", "Latin AS").encode() .replace(b"city: Bergen", b"city: Bj\xf6rgvin"))
    (providers_dir / "logos" / "latin.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    code, output = run_check(PROVIDERS_PATH=str(providers_dir))
    assert code == 1
    assert f"{providers_dir / 'latin.yaml'}:9: yaml: the file is not valid UTF-8 text" in output


def test_bad_build_date_setting_is_named(providers_dir):
    code, output = run_check(PROVIDERS_PATH=str(providers_dir), BUILD_DATE="31/01/2026")
    assert code == 2
    assert "BUILD_DATE: '31/01/2026' is not a date; expected YYYY-MM-DD" in output
