"""The validation kernel (plugins/validation) and the schemas of every data file."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import (REFERENCE_DATE, ROOT, SAMPLE_CONTENT, SAMPLE_SETTINGS, run_check,
                      site_settings)
from editorial.rules import load_categories
from member_profiles.profiles import load_vocabulary
from validation.dates import parse_date
from validation.paths import is_inside_output, is_slug
from validation.problems import Problem, field_name, line_of
from validation.schema import SchemaValidator, read_data_file, schema_path_of
from validation.yamlsafe import load_yaml

DATA = SAMPLE_CONTENT / "data"
DATA_FILES = sorted(DATA.glob("*.yaml"))


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of content/data/ (data files and their schemas)."""
    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path / "data"


def test_problem_reads_file_line_field_problem_expected():
    problem = Problem("content/data/x.yaml", 4, "services[1].id", "unknown", "an id")
    assert str(problem) == "content/data/x.yaml:4: services[1].id: unknown; expected an id"
    assert str(Problem("x.yaml", 0, "yaml", "unreadable", "YAML")).startswith("x.yaml: yaml:")
    assert field_name(("certifications", 0, "expires")) == "certifications[0].expires"
    assert line_of({(): 1, ("a",): 3}, ("a", 2, "b")) == 3


@pytest.mark.parametrize("text, with_time, expected", [
    ("2026-02-28", False, "2026-02-28"),
    ("2026-02-30", False, None),        # not in the calendar
    ("2026-2-28", False, None),
    ("2026-02-28 10:30", False, None),
    ("2026-02-28 10:30", True, "2026-02-28"),
    ("2026-02-28T10:30:15", True, "2026-02-28"),
    (20260228, False, None),
    (None, True, None),
])
def test_one_date_parser(text, with_time, expected):
    day = parse_date(text, with_time=with_time)
    assert (day.isoformat() if day else None) == expected


def test_slugs_and_output_folders():
    assert is_slug("acme-it") and not is_slug("Acme") and not is_slug("a--b")
    assert is_inside_output("search") and is_inside_output("a/b/")
    assert not is_inside_output("../x") and not is_inside_output("/abs") and not is_inside_output("")


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_every_data_file_names_its_schema_and_passes_it(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    schema = schema_path_of(str(path))
    assert first == f"# yaml-language-server: $schema={schema.rsplit('/', 1)[1]}"
    data, _, problems = read_data_file(str(path), "SETTING", "a data file")
    assert data and problems == []


def test_schema_validator_reports_every_error_with_its_line():
    schema = json.loads((DATA / "media.schema.json").read_text())
    schema["$defs"]["items"]["minItems"] = 1  # (an adopted site's lists may be empty)
    data, lines = load_yaml(b"videos:\n  - title: ' '\n    date: 2026-02-30\n    summary: s\n"
                            b"    duration: '61:00'\n    embed: ok\n    extra: 1\npodcasts: []\n")
    found = {(p.line, p.field, p.problem) for p in
             SchemaValidator(schema, {"date": lambda v: parse_date(v) is not None})
             .problems("media.yaml", data, lines)}
    assert found == {
        (2, "videos[0].title", '" " is not accepted'),
        (3, "videos[0].date", '"2026-02-30" is not accepted'),
        (5, "videos[0].duration", '"61:00" is not accepted'),
        (7, "videos[0].extra", "unknown field"),
        (8, "podcasts", "the list is empty"),
    }


def test_a_bad_vocabulary_entry_is_a_file_line_error(data_copy):
    path = data_copy / "vocabulary.yaml"
    text = path.read_text()
    text = text.replace("  - id: cybersecurity\n    label: Managed security\n",
                        "  - id: Cyber Security\n")
    text = text.replace("  - id: cloud-management\n", "  - id: managed-it\n")
    path.write_text(text)
    vocabulary, problems = load_vocabulary(str(path))
    lines = text.splitlines()
    messages = [str(p) for p in problems]
    bad_id = lines.index("  - id: Cyber Security") + 1
    duplicate = lines.index("  - id: managed-it", bad_id) + 1
    assert f"{path}:{bad_id}: services[1].id: \"Cyber Security\" is not accepted; expected an id " \
           "in lowercase letters, digits and single hyphens, such as managed-it" in messages
    assert f"{path}:{bad_id}: services[1].label: required field is missing; expected a short " \
           "label on one line, 2 to 80 characters" in messages
    assert f"{path}:{duplicate}: services[3].id: 'managed-it' is listed twice; expected each " \
           "services id once" in messages
    # the good entries are still there, so every profile is checked against them
    assert "backup-recovery" in vocabulary["services"]
    assert "cybersecurity" not in vocabulary["services"]


def test_a_bad_category_entry_is_a_file_line_error(data_copy):
    path = data_copy / "categories.yaml"
    text = path.read_text().replace("  - name: Operations\n", "  - name: [Operations]\n")
    path.write_text(text + "  - name: Security\n    description: Listed a second time here.\n")
    categories, problems = load_categories({"PATH": str(data_copy.parent),
                                            "ARTICLE_CATEGORIES_PATH": "data/categories.yaml"})
    lines = path.read_text().splitlines()
    assert [str(p) for p in problems] == [
        f"{path}:{lines.index('  - name: [Operations]') + 1}: categories[2].name: got a list "
        '["Operations"]; expected a category name on one line, 2 to 60 characters',
        f"{path}:{len(lines) - 1}: categories[6].name: 'Security' is listed twice; expected each "
        "category name once",
    ]
    assert "Operations" not in categories and list(categories)[0] == "Security"


def test_check_and_build_report_a_broken_vocabulary_without_a_traceback(tmp_path):
    shutil.copytree(SAMPLE_CONTENT, tmp_path / "content")
    path = tmp_path / "content" / "data" / "vocabulary.yaml"
    path.write_text(path.read_text().replace("    label: Managed IT support\n", "    label: 7\n"))
    code, output = run_check(PATH=str(tmp_path / "content"))
    assert code == 1
    assert "Traceback" not in output
    line = path.read_text().splitlines().index("    label: 7") + 1
    assert f"vocabulary.yaml:{line}: services[0].label: got a whole number 7; expected a short label" \
        in output
    assert "1 problem(s) found" in output  # profiles naming managed-it are not reported too


def _check_command(*args):
    """`make check`'s command on the sample site (tests/sample_site/); `args` end with a -e, to
    which the sample's settings are added (Pelican keeps only the pairs of the last -e)."""
    command = [sys.executable, "-m", "sitetools.check", "-s", str(ROOT / "pelicanconf.py"), *args,
               *(f"{key}={json.dumps(value)}" for key, value in SAMPLE_SETTINGS.items())]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "plugins"))
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)


def test_the_check_command_passes_the_sample_and_names_a_malformed_override():
    """The command itself (the other tests call sitetools.check.main in-process)."""
    result = _check_command("-e", f'BUILD_DATE="{REFERENCE_DATE}"')
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK: 33 provider profiles")
    # -e is parsed by Pelican's own parser: its message, as a usage error, never a traceback
    result = _check_command("-e", "BUILD_DATE=2026-01-31")
    assert result.returncode == 2
    assert "Invalid JSON value: 2026-01-31" in result.stderr
    assert "Traceback" not in result.stderr


def test_make_html_names_a_malformed_override_in_one_line_and_keeps_the_output(tmp_path):
    """`make html` runs sitetools.pelican_command: Pelican's parser raises ValueError for a value
    that is not JSON, which would escape as a traceback."""
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("the site as it was", encoding="utf-8")
    result = subprocess.run(
        ["make", "-s", "-o", ".venv/.installed", "html", f"OUTPUTDIR={output}",
         "PELICANOPTS=-e BUILD_DATE=2026-01-31"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "pelican: error: Invalid JSON value: 2026-01-31" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["output"]  # no staging left
    assert (output / "index.html").read_text(encoding="utf-8") == "the site as it was"


def test_plugin_defaults_fill_gaps_keep_values_and_replace_unusable_ones(caplog):
    from validation.defaults import Rule, apply_defaults

    defaults = {"X_LIST": ["a"], "X_WIDTH": 200, "X_NAME": "n"}
    rules = {"X_WIDTH": Rule(lambda v: isinstance(v, int) and v >= 40, "at least 40 pixels")}
    mine = ["mine"]
    settings = {"X_NAME": "kept", "X_WIDTH": "wide", "OTHER": mine}
    apply_defaults(settings, defaults, rules, owner="example")
    assert settings == {"X_NAME": "kept", "X_WIDTH": 200, "X_LIST": ["a"], "OTHER": ["mine"]}
    assert settings["OTHER"] is mine and settings["X_LIST"] is not defaults["X_LIST"]
    settings["X_LIST"].append("b")
    assert defaults["X_LIST"] == ["a"]  # a build never changes the declared defaults
    assert caplog.messages == [
        "example: X_WIDTH: 'wide' is not usable; expected at least 40 pixels; using 200"]


def test_every_plugin_setting_is_in_a_build_s_settings():
    """After `initialized`, every declared default is a setting templates can read."""
    import assets, hosting, precompress, sitemap  # noqa: E401
    from association import settings as association
    from editorial import settings as editorial
    from member_profiles import settings as member_profiles
    from newsletter import settings as newsletter
    from search_index import settings as search_index
    from trust import settings as trust

    settings = site_settings()
    for module in (assets, hosting, precompress, sitemap, association, editorial,
                   member_profiles, newsletter, search_index, trust):
        assert set(module.DEFAULTS) <= set(settings), module.__name__
    assert settings["DIRECTORY_URL"] == "providers/" and settings["SITEMAP_SAVE_AS"] == "sitemap.xml"


def test_an_unusable_plugin_setting_is_named_and_replaced_by_its_default(caplog):
    settings = site_settings(HOME_NEWEST_MEMBERS="six", READING_WORDS_PER_MINUTE=0,
                             PRECOMPRESS_BROTLI_QUALITY=12)
    assert (settings["HOME_NEWEST_MEMBERS"], settings["READING_WORDS_PER_MINUTE"],
            settings["PRECOMPRESS_BROTLI_QUALITY"]) == (6, 220, 11)
    assert {
        "member_profiles: HOME_NEWEST_MEMBERS: 'six' is not usable; expected a whole number of "
        "at least 0; using 6",
        "editorial: READING_WORDS_PER_MINUTE: 0 is not usable; expected a whole number of at "
        "least 1; using 220",
        "precompress: PRECOMPRESS_BROTLI_QUALITY: 12 is not usable; expected a whole number "
        "from 0 to 11; using 11",
    } <= set(caplog.messages)
