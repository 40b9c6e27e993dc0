"""Every entry point prints a problem as one plain line, `file:line: field: problem; expected …`:
the `pelican` command the README documents (Pelican's rich log handler, which wraps at 80 columns
when output is not a terminal and adds the time and the source line), the same command in a
narrow terminal, `make html`, `make check` and `make devserver`. Control characters in file names
and values are shown escaped, and the dev server survives a file name that holds a newline and its
builder's marker."""

import json
import os
import pty
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import (
    FIXTURE_CONTENT, MEMBER_SITE_PLUGINS, REFERENCE_DATE, ROOT, new_providers_dir, variant,
    wait_for, write_profile,
)

# A value and a file name as a pull request could write them: a newline, ESC (a colour), BEL and
# a right-to-left override.
HOSTILE_VALUE = "some\x1b[31mday\x07"
HOSTILE_NAME = "odd\n\x1edevbuild 0\x1b[2J\u202e"
TIMESTAMP = re.compile(r"\[\d\d:\d\d:\d\d\]")
CSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture
def long_providers(tmp_path):
    """A providers folder whose profiles' paths are longer than 80 characters, with a profile
    that has problems and one whose file name holds control characters."""
    folder = tmp_path / ("a-folder-with-a-name-long-enough-to-wrap-" * 2) / "providers"
    new_providers_dir(folder)
    write_profile(folder, "broken", variant("broken", "Broken AS", **{
        "founded: 2010": "founded: someday", "company_size": "company_sizes"}))
    write_profile(folder, HOSTILE_NAME, variant("odd", "Odd AS"), logo=False)
    assert len(str(folder / "broken.yaml")) > 80
    return folder


def site_overrides(providers, **more):
    """The small fixture site's settings (conftest.member_site) as `-e` values."""
    settings = {
        "PROVIDERS_PATH": str(providers), "PLUGINS": MEMBER_SITE_PLUGINS,
        "DIRECT_TEMPLATES": ["index"], "BUILD_DATE": REFERENCE_DATE,
        "PROVIDER_VOCABULARY_PATH": str(ROOT / "content" / "data" / "vocabulary.yaml"),
        "RECORD_AUDITORS_PATH": str(ROOT / "content" / "data" / "auditors.yaml"),
        "RECORD_KEYRING_PATH": str(ROOT / "content" / "data" / "signing-keys.yaml"),
        **more,
    }
    return [f"{key}={json.dumps(value)}" for key, value in settings.items()]


def expected_lines(providers):
    """The problem lines the checks find in `providers` (as `make check` gets them), which
    every entry point must print whole."""
    from member_profiles.profiles import load_provider_profiles
    from sitetools.config import initialised
    from pelican.settings import read_settings

    settings = initialised(read_settings(str(ROOT / "pelicanconf.py"), override={
        "PROVIDERS_PATH": str(providers), "BUILD_DATE": REFERENCE_DATE}))
    cwd = os.getcwd()
    os.chdir(ROOT)  # problems name files relative to the working folder, as a build run from it
    try:
        lines = [str(problem) for problem in load_provider_profiles(settings).problems]
    finally:
        os.chdir(cwd)
    assert any("broken.yaml:16: founded:" in line for line in lines), lines
    assert any("/odd\\n\\x1edevbuild 0\\x1b[2J\\u202e.yaml: file name:" in line
               for line in lines), lines
    return lines


def pelican_command(output, providers):
    """The README's command, `pelican <content> -s pelicanconf.py …`, without --log-handler."""
    return [sys.executable, "-m", "pelican", str(FIXTURE_CONTENT), "-o", str(output),
            "-s", "pelicanconf.py", "-e", *site_overrides(providers)]


def environment(**more):
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    return dict(env, PYTHONPATH=str(ROOT / "plugins"), **more)


def assert_plain(lines, expected):
    """`lines` (what was printed, one per element) hold each expected problem line whole, and
    nothing printed carries a time or the source line of a log call."""
    for line in expected:
        assert line in lines, f"{line!r} is not one line of:\n" + "\n".join(lines)
    printed = "\n".join(lines)
    assert not TIMESTAMP.search(printed) and "problems.py" not in printed, printed
    assert "ERROR" not in printed and "Traceback" not in printed, printed
    for character in "\x1b\x07\u202e\x1e":
        assert character not in printed


def test_the_documented_command_prints_one_line_per_problem_when_output_is_not_a_terminal(
        long_providers, tmp_path):
    result = subprocess.run(pelican_command(tmp_path / "out", long_providers), cwd=ROOT,
                            capture_output=True, text=True, timeout=300, env=environment())
    assert result.returncode == 1, result.stdout + result.stderr
    expected = expected_lines(long_providers)
    printed = (result.stdout + result.stderr).splitlines()
    assert_plain(printed, expected)
    # nothing else: the problem lines, then the summary
    assert printed == expected + [
        f"{len(expected)} problem(s) in 2 file(s); nothing was built."], printed


def test_the_documented_command_prints_one_line_per_problem_in_a_narrow_terminal(
        long_providers, tmp_path):
    """In a terminal Pelican shows a "Generating..." status line while it builds; each problem
    is printed above it, whole (the terminal folds a long line, nothing is inserted in it)."""
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(pelican_command(tmp_path / "out", long_providers), cwd=ROOT,
                                   stdin=follower, stdout=follower, stderr=follower,
                                   env=environment(COLUMNS="40", TERM="xterm"))
    finally:
        os.close(follower)
    received = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        received += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 1
    text = received.decode("utf-8")
    # what the terminal shows of each line: after the last carriage return, without the cursor
    # and colour sequences (the status line is drawn, erased with ESC[2K, and drawn again)
    shown = [CSI.sub("", line.rstrip("\r")).rsplit("\r", 1)[-1] for line in text.split("\n")]
    expected = expected_lines(long_providers)
    assert "Generating..." in text  # it was a terminal for rich
    assert_plain(shown, expected)
    assert f"{len(expected)} problem(s) in 2 file(s); nothing was built." in shown


def test_make_html_and_make_check_print_the_same_lines(long_providers, tmp_path):
    options = "-e " + " ".join(map(shlex.quote, site_overrides(long_providers)))
    html = subprocess.run(
        ["make", "-s", "-o", ".venv/.installed", "html", f"INPUTDIR={FIXTURE_CONTENT}",
         f"OUTPUTDIR={tmp_path / 'out'}", f"PELICANOPTS={options}"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env=environment(COLUMNS="40"))
    assert html.returncode != 0
    expected = expected_lines(long_providers)
    assert_plain((html.stdout + html.stderr).splitlines(), expected)
    # make check reads the repository's content too (its own plugins' settings)
    options = "-e " + " ".join(shlex.quote(f"{key}={json.dumps(value)}") for key, value in
                               [("PROVIDERS_PATH", str(long_providers)),
                                ("BUILD_DATE", REFERENCE_DATE)])
    check = subprocess.run(
        ["make", "-s", "-o", ".venv/.installed", "check", f"PELICANOPTS={options}"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env=environment(COLUMNS="40"))
    assert check.returncode != 0 and "problem(s) found; nothing was built." in check.stderr
    assert_plain((check.stdout + check.stderr).splitlines(), expected)


def test_a_problem_line_shows_control_characters_escaped():
    from validation.problems import Problem

    problem = Problem(f"providers/{HOSTILE_NAME}.yaml", 3, "name", f"got {HOSTILE_VALUE}",
                      "text\u2028without\u2066 them")
    assert str(problem) == ("providers/odd\\n\\x1edevbuild 0\\x1b[2J\\u202e.yaml:3: name: got "
                            "some\\x1b[31mday\\x07; expected text\\u2028without\\u2066 them")


def test_warnings_and_errors_of_a_build_show_their_arguments_escaped():
    """Pelican's own messages name files too (`Skipping %s: …`, a content object): a file name
    is shown on one line, escaped; the message's own line breaks stay."""
    import logging

    from build_gate import Plain

    class Named:
        def __str__(self):
            return f"content/{HOSTILE_NAME}.md"

    def shown(message, *args):
        return Plain().format(logging.LogRecord("x", logging.ERROR, __file__, 1, message, args,
                                                None))

    assert shown("Skipping %s: could not find %r", Named(), "title\x07") == (
        "Skipping content/odd\\n\\x1edevbuild 0\\x1b[2J\\u202e.md: could not find 'title\\x07'")
    assert shown("Could not process %s\n%s", "a\nb.md", ValueError("two\nlines")) == (
        "Could not process a\\nb.md\ntwo\nlines")
    assert shown("%d problem(s), %.1f s", 3, 1.25) == "3 problem(s), 1.2 s"


def read(log):
    """What the dev server printed so far (a character may be half-written)."""
    return log.read_text(encoding="utf-8", errors="replace")


def test_the_dev_server_survives_a_file_name_with_a_newline_and_its_builder_s_marker(tmp_path):
    """The dev builder ends each build's messages with a line that starts with its marker
    (sitetools.devbuild); an article whose file name holds a newline and that marker, with a
    problem in it, once ended `make devserver` with a traceback."""
    from sitetools.devbuild import MARKER

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    articles = sorted((content / "articles").glob("*.md"))
    for article in articles[1:]:  # one article is enough, and the builds are quicker
        article.unlink()
    odd = content / "articles" / f"{HOSTILE_NAME}.md"
    odd.write_text(articles[0].read_text(encoding="utf-8").replace("Title:", "Titel:", 1),
                   encoding="utf-8")
    assert f"\n{MARKER} 0" in str(odd)
    providers = new_providers_dir(tmp_path / "providers")
    log = tmp_path / "devserver.log"
    command = [sys.executable, "-m", "sitetools.devserver", "-s", str(ROOT / "pelicanconf.py"),
               "-o", str(tmp_path / "out"), "-p", "0", "-e",
               f"PROVIDERS_PATH={json.dumps(str(providers))}", f"PATH={json.dumps(str(content))}",
               f"BUILD_DATE={json.dumps(REFERENCE_DATE)}"]
    with open(log, "w") as handle:
        server = subprocess.Popen(command, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT,
                                  env=environment(PYTHONUNBUFFERED="1"))
    try:
        assert wait_for(lambda: "watching for changes" in read(log)), read(log)
        printed = read(log)
        escaped = "odd\\n\\x1edevbuild 0\\x1b[2J\\u202e.md:1: titel: not allowed; expected"
        assert any(line.startswith(f"content/articles/{escaped}") or
                   f"/content/articles/{escaped}" in line for line in printed.splitlines()), \
            printed
        assert "devserver: build done with problems" in printed, printed
        # it still rebuilds on a change, and names the file escaped
        # (written again every few seconds: the watcher starts just after the line it printed)
        def changed_and_rebuilt():
            if time.monotonic() > changed_and_rebuilt.next:
                odd.write_text(odd.read_text(encoding="utf-8") + "\nOne more line.\n",
                               encoding="utf-8")
                changed_and_rebuilt.next = time.monotonic() + 5
            return read(log).count("devserver: build") >= 2

        changed_and_rebuilt.next = 0
        assert wait_for(changed_and_rebuilt), read(log)
        printed = read(log)
        assert "devserver: changed " in printed and "odd\\n\\x1edevbuild 0" in printed, printed
        assert server.poll() is None, printed
        assert "Traceback" not in printed and MARKER not in printed, printed
        assert "\x1b" not in printed, printed
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert server.returncode == 0
