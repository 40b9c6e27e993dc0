"""cms: the browser editor at /admin/ (Decap CMS), off unless CMS_ENABLED.

Decap CMS is installed from npm with a pinned version (`make cms-deps`, package-lock.json) and
served from the site's own origin: its bundle is copied into /admin/ beside a page, a
configuration generated from our JSON Schemas, vocabularies and metadata allowlists (config.py),
and our script (static/cms.js) that reads and writes Markdown metadata the way editors write it.
In production the GitHub backend with the editorial workflow turns every save into a pull
request; on a clone, decap-server serves the working tree (CMS_LOCAL_BACKEND). /admin/ has its
own Content-Security-Policy and is never in the sitemap, the search index or robots' allowed
paths.
"""

from pelican import signals

from . import settings
from .generator import CmsGenerator


def get_generators(pelican):
    return CmsGenerator


def register():
    signals.initialized.connect(settings.initialized)
    signals.get_generators.connect(get_generators)
