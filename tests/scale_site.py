"""The generated 10,000-member site that `make test-scale` shares between its tests.

One site per test run (a session fixture, `scale_site`, in conftest.py): 10,000 members from
bench.synthetic (coined names, hundreds of towns per country, every status) beside the sample
members (the association's pages name some of them), and 1,000 articles from
bench.synthetic_content added to a copy of the sample content, built with the pelican
command as `make html` does. Scale tests are marked `scale` (pytestmark = pytest.mark.scale) and
left out of `make test`; `make test-scale` runs them, without xdist, so that the site is built
once. A test that needs another build of the same sources calls `write_sources(folder)` and
`run_pelican_command` itself.

    def test_something_at_scale(scale_site):
        scale_site.build        # conftest.Build of the generated site
        scale_site.providers    # its providers/ folder; scale_site.content: its content/ folder
"""

import dataclasses
import shutil
from pathlib import Path

from conftest import SAMPLE_CONTENT, SAMPLE_PROVIDERS, Build, run_pelican_command
from bench.synthetic import write_profiles
from bench.synthetic_content import write_articles

MEMBERS = 10000
ARTICLES = 1000


@dataclasses.dataclass
class ScaleSite:
    build: Build
    providers: Path
    content: Path
    members: int
    articles: int


def write_sources(folder, members=MEMBERS, articles=ARTICLES):
    """(providers, content) folders under `folder`: the sample and the generated members, and a
    copy of the sample content with the generated articles."""
    providers = folder / "providers"
    shutil.copytree(SAMPLE_PROVIDERS, providers)
    write_profiles(providers, members)
    content = folder / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    write_articles(content / "articles" / "synthetic", articles)
    return providers, content


def build_scale_site(folder, members=MEMBERS, articles=ARTICLES, **overrides):
    providers, content = write_sources(folder, members, articles)
    build = run_pelican_command(folder / "output", PROVIDERS_PATH=str(providers),
                                PATH=str(content), **overrides)
    assert build.returncode == 0, build.output[-3000:]
    return ScaleSite(build, providers, content, members, articles)
