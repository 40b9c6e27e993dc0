"""Production settings: pelicanconf.py plus the values that only a published site needs."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

# The public address, which may include a subpath: https://example.org/directory
SITEURL = os.environ.get("SITEURL", "https://msp-directory.example")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
