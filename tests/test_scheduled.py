"""Scheduled content (plugins/editorial/schedule.py): an article or a newsletter issue dated after
BUILD_DATE leaves no trace in the site (no page, listing, feed entry, sitemap entry, search index
entry or e-mail copy) until the build for its day, whatever the wall clock says; a preview build
(SHOW_SCHEDULED, as make devserver runs it) shows it with a "Scheduled for" notice; a published
build never does.

The site: the small fixture site's page, the repository's data files, one member, and the
articles and issues each test writes into its own content folder."""

import datetime
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE_CONTENT, ROOT, SAMPLE_CONTENT, new_providers_dir, run_pelican, site_settings

# The build's day, and the days around it.
BUILT = datetime.date(2026, 3, 10)
TOMORROW = BUILT + datetime.timedelta(days=1)
LATER = BUILT + datetime.timedelta(days=40)
# Words only the scheduled items use, so that a trace of them anywhere in the output is found.
SCHEDULED_WORD = "Quillwort"
ISSUE_WORD = "Marramgrass"


def article(slug, day, title, body, tags="backups"):
    return (f"Title: {title}\nDate: {day.isoformat()}\nAuthors: Test Writer\n"
            f"Category: Operations\nTags: {tags}\nSummary: {title}, in one short sentence.\n\n"
            f"{body}\n")


def issue(day, number, title, body):
    return (f"Title: {title}\nDate: {day.isoformat()}\nNumber: {number}\n"
            f"Summary: {title}, in one short sentence.\n\n## {title}\n\n{body}\n")


@pytest.fixture
def site_sources(tmp_path):
    """(content, providers): the fixture site's page and the frozen sample's data files, an article
    and an issue of the build's day, and an article and an issue scheduled after it."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    shutil.copytree(SAMPLE_CONTENT / "data", content / "data")
    # (the partners' member lists name sample members this site does not have)
    (content / "data" / "partner-embeds.yaml").unlink()
    leadership = content / "data" / "leadership.yaml"  # (its links to sample members, out)
    leadership.write_text(re.sub(r"(?m)^ +member: .*\n", "", leadership.read_text()),
                          encoding="utf-8")
    (content / "articles").mkdir()
    (content / "newsletter").mkdir()
    (content / "articles" / "todays-backup-drill.md").write_text(article(
        "todays-backup-drill", BUILT, "A backup drill for today",
        "Restore one file a week and write down how long it took."), encoding="utf-8")
    (content / "articles" / "quillwort-restore-plan.md").write_text(article(
        "quillwort-restore-plan", TOMORROW, f"The {SCHEDULED_WORD} restore plan",
        f"A plan named after the {SCHEDULED_WORD}, a small water plant.",
        tags=f"backups, {SCHEDULED_WORD.lower()}"), encoding="utf-8")
    (content / "newsletter" / f"{BUILT.isoformat()}.md").write_text(issue(
        BUILT, 1, "Spring audits open", "Booking opens for the spring audits."), encoding="utf-8")
    (content / "newsletter" / f"{LATER.isoformat()}.md").write_text(issue(
        LATER, 2, f"{ISSUE_WORD} on the dunes", f"The {ISSUE_WORD} issue, not sent yet."),
        encoding="utf-8")
    providers = new_providers_dir(tmp_path / "providers")
    return content, providers


def build(sources, output, build_date, settings_file="pelicanconf.py", **overrides):
    content, providers = sources
    result = run_pelican(output, settings_file, PATH=str(content), PROVIDERS_PATH=str(providers),
                         BUILD_DATE=build_date.isoformat(), **overrides)
    assert result.returncode == 0, result.output
    return result


def mentioning(folder, *words):
    """Every file under `folder` whose path or text holds one of `words` (any case)."""
    pattern = re.compile("|".join(map(re.escape, words)), re.IGNORECASE)
    found = []
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file() and (pattern.search(str(path.relative_to(folder)))
                               or pattern.search(path.read_bytes().decode("utf-8", "replace"))):
            found.append(str(path.relative_to(folder)))
    return found


def search_shards(folder):
    """The text of the search index's JSON files."""
    return "".join(path.read_text(encoding="utf-8") for path in sorted(Path(folder).rglob("*.json"))
                   if "search" in str(path.relative_to(folder)))


def test_a_scheduled_article_and_issue_leave_no_trace_in_the_build_before_their_day(
        site_sources, tmp_path):
    site = build(site_sources, tmp_path / "out", BUILT).path
    assert mentioning(site, SCHEDULED_WORD, ISSUE_WORD, "quillwort-restore-plan") == []
    assert not (site / "articles" / "quillwort-restore-plan").exists()
    assert not (site / "news" / "2").exists()  # neither the page nor its e-mail copy
    assert not (site / "drafts").exists()  # not a draft either (WITH_FUTURE_DATES would be)
    # ... while the items of the build's day are everywhere an item goes
    assert (site / "articles" / "todays-backup-drill" / "index.html").is_file()
    assert (site / "news" / "1" / "email.html").is_file()
    feeds = {path.name: path.read_text(encoding="utf-8") for path in (site / "feeds").rglob("*.xml")}
    assert "A backup drill for today" in feeds["articles.atom.xml"]
    assert "Spring audits open" in feeds["news.atom.xml"]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/articles/todays-backup-drill/" in sitemap and "/news/1/" in sitemap
    shards = search_shards(site)
    assert "A backup drill for today" in shards and "Spring audits open" in shards
    home, news = (site / "index.html").read_text(), (site / "news" / "index.html").read_text()
    assert "Spring audits open" in home and "Spring audits open" in news
    # the only issue published has no "next issue" link to the scheduled one
    assert 'rel="next"' not in (site / "news" / "1" / "index.html").read_text()


def test_the_build_of_their_day_publishes_them_whatever_the_wall_clock_says(
        site_sources, tmp_path):
    """BUILD_DATE decides, not the clock: a build for a day in 2090 (after any clock this test
    runs by) publishes an article dated in 2089, where Pelican's own WITH_FUTURE_DATES = False
    would turn it into a draft."""
    content, _ = site_sources
    (content / "articles" / "far-ahead.md").write_text(article(
        "far-ahead", datetime.date(2089, 6, 1), "Backups in the far future", "Still tested."),
        encoding="utf-8")
    site = build(site_sources, tmp_path / "day", LATER).path
    page = (site / "articles" / "quillwort-restore-plan" / "index.html").read_text()
    assert f"The {SCHEDULED_WORD} restore plan" in page and "Scheduled for" not in page
    assert (site / "news" / "2" / "index.html").is_file()
    assert (site / "news" / "2" / "email.html").is_file()
    assert f"{ISSUE_WORD} on the dunes" in (site / "feeds" / "news.atom.xml").read_text()
    assert "/articles/quillwort-restore-plan/" in (site / "sitemap.xml").read_text()
    assert SCHEDULED_WORD in search_shards(site) and ISSUE_WORD in search_shards(site)
    assert not (site / "articles" / "far-ahead").exists()
    site = build(site_sources, tmp_path / "2090", datetime.date(2090, 1, 1)).path
    assert (site / "articles" / "far-ahead" / "index.html").is_file()
    assert "Backups in the far future" in (site / "feeds" / "articles.atom.xml").read_text()


def test_a_preview_build_shows_scheduled_items_with_a_notice(site_sources, tmp_path):
    site = build(site_sources, tmp_path / "out", BUILT, SHOW_SCHEDULED=True).path
    page = (site / "articles" / "quillwort-restore-plan" / "index.html").read_text()
    notice = re.search(r'<div class="notice[^"]*notice--scheduled" role="note">(.*?)</div>', page,
                       re.S)
    assert notice, page
    assert (f'Scheduled for <time datetime="{TOMORROW.isoformat()}">'
            f'{TOMORROW.day} {TOMORROW:%B %Y}</time>') in notice[1]
    issue_page = (site / "news" / "2" / "index.html").read_text()
    assert f'Scheduled for <time datetime="{LATER.isoformat()}">' in issue_page
    # the e-mail copy is what staff paste into their mailing tool: no preview notice in it
    assert "Scheduled for" not in (site / "news" / "2" / "email.html").read_text()
    # items of the build's day carry no notice
    assert "Scheduled for" not in (site / "articles" / "todays-backup-drill" / "index.html"
                                   ).read_text()
    assert "Scheduled for" not in (site / "news" / "1" / "index.html").read_text()


def test_a_published_build_never_shows_scheduled_items_and_the_dev_server_does():
    import argparse

    from sitetools.devserver import pelican_arguments

    assert site_settings("publishconf.py", BUILD_DATE=BUILT.isoformat())["SHOW_SCHEDULED"] is False
    assert site_settings("pelicanconf.py")["SHOW_SCHEDULED"] is False  # make html: as published

    def shown(overrides):
        args = argparse.Namespace(output="out", settings="pelicanconf.py", overrides=overrides)
        words = pelican_arguments(args, "content")
        return json.loads(next(word for word in words if word.startswith("SHOW_SCHEDULED="))
                          .split("=", 1)[1])

    assert shown({}) is True
    assert shown({"SHOW_SCHEDULED": False}) is False  # the site as published today


def test_the_daily_publish_builds_every_day_for_its_own_day():
    """The publish workflow runs on a daily schedule and builds for the day it runs, which is
    what publishes a scheduled item on its day."""
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text())
    crons = [entry["cron"] for entry in workflow[True]["schedule"]]
    assert crons and all(cron.split()[2:] == ["*", "*", "*"] for cron in crons), crons
    steps = [step.get("run", "") for job in workflow["jobs"].values()
             for step in job.get("steps", [])]
    assert any('BUILD_DATE="$(date -u +%F)"' in run and "make publish" in run for run in steps)
