# MSP Directory. `make help` lists the targets. The first target that needs Python creates .venv
# and installs the pinned requirements into it; later runs reuse it.

PYTHON_BOOT ?= python3
VENV        ?= .venv
PY          := PYTHONPATH=plugins $(VENV)/bin/python
PELICAN     := $(PY) -m pelican
INPUTDIR    := content
OUTPUTDIR   := output
CONFFILE    := pelicanconf.py
PUBLISHCONF := publishconf.py
PORT        ?= 8000
BIND        ?= 127.0.0.1
# Extra settings for Pelican, as JSON values: make html PELICANOPTS="-e BUILD_DATE='\"2026-01-31\"'"
PELICANOPTS ?=
# Arguments for pytest: make test TESTS="-k search"
TESTS       ?=
# make bench N=1000
N           ?= 10000

.DEFAULT_GOAL := help

$(VENV)/.installed: requirements.txt
	$(PYTHON_BOOT) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

venv: $(VENV)/.installed ## Create .venv with the pinned dependencies

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

# Build into a staging folder and swap it in only on success: a failed build leaves the previous
# output untouched and never publishes a half-built site.
define build_atomic
	rm -rf $(OUTPUTDIR).staging
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR).staging -s $(1) --fatal errors --log-handler plain $(PELICANOPTS) \
		|| { rm -rf $(OUTPUTDIR).staging; echo "Build failed; $(OUTPUTDIR)/ was left as it was." >&2; exit 1; }
	rm -rf $(OUTPUTDIR).previous
	if [ -d $(OUTPUTDIR) ]; then mv $(OUTPUTDIR) $(OUTPUTDIR).previous; fi
	mv $(OUTPUTDIR).staging $(OUTPUTDIR)
	rm -rf $(OUTPUTDIR).previous
endef

html: venv ## Build the site into output/ (fails on any content error, leaving output/ as it was)
	$(call build_atomic,$(CONFFILE))

serve: html ## Build, then serve at http://localhost:8000
	$(PELICAN) --listen -o $(OUTPUTDIR) -s $(CONFFILE) -p $(PORT) -b $(BIND)

devserver: venv ## Rebuild on every change and serve at http://localhost:8000; errors are shown, not fatal
	$(PELICAN) -lr $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -p $(PORT) -b $(BIND) $(PELICANOPTS)

check: venv ## Validate all content without building; prints file:line: field: problem
	$(PY) -m sitetools.check -s $(CONFFILE) $(PELICANOPTS)

test: venv ## Run the whole test suite (builds real sites, drives headless Chromium)
	$(PY) -m pytest $(TESTS)

bench: venv ## Benchmark a build of N synthetic profiles (default 10000)
	$(PY) -m sitetools.bench --count $(N)

bench-search: venv ## Search index figures: build seconds and brotli bytes to the first result (1,000 and N members)
	$(PY) -m sitetools.bench_search --members 1000 $(N)

publish: venv ## Build the production site with publishconf.py (atomic, like html)
	$(call build_atomic,$(PUBLISHCONF))

clean: ## Remove the built site and caches
	rm -rf $(OUTPUTDIR) $(OUTPUTDIR).staging $(OUTPUTDIR).previous .pytest_cache

.PHONY: venv help html serve devserver check test bench bench-search publish clean
