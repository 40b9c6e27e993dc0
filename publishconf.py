"""Production settings: pelicanconf.py plus the values only a published site needs."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

# The public address, absolute, and it may include a subpath: https://example.org/directory
# Set it in the environment (SITEURL=... make publish) or with -e SITEURL='"..."'.
SITEURL = os.environ.get("SITEURL", "https://msp-directory.example")
RELATIVE_URLS = False
# Drafts are never published (Pelican writes them only where DRAFT_SAVE_AS says; here nowhere).
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
# .gz and .br beside every text file, for hosts that serve precompressed files.
PRECOMPRESS = True
# The day statuses are computed for: the publish workflow sets BUILD_DATE to the day it runs
# (YYYY-MM-DD); unset, the build uses its own date, which is the same thing.
BUILD_DATE = os.environ.get("BUILD_DATE") or None
# Every audit record must carry a valid signature by the association (records signed by a revoked
# key, unsigned or edited after signing fail the build). Records signed with a SAMPLE key
# (tests/keys/, public on purpose) are refused too, unless ALLOW_SAMPLE_SIGNING_KEY=1 is set in
# the environment, for a demo of the sample site; the tests pass -e RECORD_ALLOW_SAMPLE_KEYS=true.
RECORD_SIGNATURES = "required"
RECORD_ALLOW_SAMPLE_KEYS = os.environ.get("ALLOW_SAMPLE_SIGNING_KEY") == "1"
# Nothing deployed is a reuse: the published site (make publish, and the deploy targets and the
# publish workflow, which run it) is built cold, unless every reuse is checked by rendering it
# again (BUILD_REUSE_CHECK=1, plugins/batch_render).
INCREMENTAL_FROM = INCREMENTAL_FROM if BUILD_REUSE_CHECK else None  # noqa: F405
