# MSP Directory. `make help` lists the targets. The first target that needs Python creates .venv
# and installs the pinned requirements into it; later runs reuse it.

PYTHON_BOOT ?= python3
VENV        ?= .venv
PY          := PYTHONPATH=plugins $(VENV)/bin/python
PELICAN     := $(PY) -m sitetools.pelican_command
INPUTDIR    := content
OUTPUTDIR   := output
# (make html OUTPUTDIR=site/ builds into site.staging, not into site/.staging)
override OUTPUTDIR := $(patsubst %/,%,$(strip $(OUTPUTDIR)))
CONFFILE    := pelicanconf.py
PUBLISHCONF := publishconf.py
PORT        ?= 8000
BIND        ?= 127.0.0.1
# Extra settings for Pelican, as JSON values: make html PELICANOPTS="-e BUILD_DATE='\"2026-01-31\"'"
PELICANOPTS ?=
# Arguments for make bench: make bench BENCHOPTS="--profile --no-disk"
BENCHOPTS   ?=
# Arguments for pytest: make test TESTS="-k search"
TESTS       ?=
# make report DAYS=30 AS_OF=2027-01-31 SINCE=2027-01-01 CSV=reports/january.csv
DAYS        ?= 90
AS_OF       ?=
SINCE       ?=
CSV         ?=
# make bench N=1000
N           ?= 10000
# make html INCREMENTAL=0: a cold build that renders every page (make clean does the same)
INCREMENTAL ?= 1
# make sign-records KEY_FILE=~/keys/association.pem [SLUG=acme-it] [RESIGN=changed|all] [DATE=...]
# (or MSP_SIGNING_KEY_FILE / MSP_SIGNING_KEY in the environment); make sign-records NEW_KEY=id OUT=file
KEY_FILE    ?=
SLUG        ?=
RESIGN      ?=
NEW_KEY     ?=
OUT         ?=
# make sign-records lists what it will sign and asks; YES=1 signs without asking (scripts),
# DRY_RUN=1 only lists (no key needed)
YES         ?=
DRY_RUN     ?=
# make revoke SLUG=acme-it REPORT=UCS-2025-0001 STATUS=withdrawn|suspended|reinstated REASON="..." KEY_FILE=...
REPORT      ?=
STATUS      ?=
REASON      ?=
# Deploy targets (see README, "Deploying")
SSH_HOST    ?= localhost
SSH_PORT    ?= 22
SSH_USER    ?= www
SSH_TARGET_DIR ?= /var/www/msp-directory
RSYNC_TARGET ?= $(SSH_USER)@$(SSH_HOST):$(SSH_TARGET_DIR)
S3_BUCKET   ?= my-bucket
S3_PREFIX   ?=
AWS         ?= aws
GITHUB_PAGES_BRANCH ?= gh-pages
GITHUB_PAGES_REMOTE ?= origin
HTML_CACHE  := public, max-age=300, must-revalidate
ASSET_CACHE := public, max-age=31536000, immutable

.DEFAULT_GOAL := help

$(VENV)/.installed: requirements.txt
	$(PYTHON_BOOT) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

venv: $(VENV)/.installed ## Create .venv with the pinned dependencies

help: ## List the targets
	@grep -E '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

# Build into a staging folder and swap it in only on success: a failed build leaves the previous
# output untouched and never publishes a half-built site. The staging build is incremental: files
# whose recorded inputs are unchanged are hard-linked from $(OUTPUTDIR)/, never written to.
# The build_gate plugin stops a build with problems (problem lines, one summary line, exit 1).
define build_atomic
	@rm -rf $(OUTPUTDIR).staging
	@$(if $(filter 1,$(INCREMENTAL)),MSP_INCREMENTAL_FROM=$(OUTPUTDIR)) MSP_OUTPUT_SHOWN=$(OUTPUTDIR) \
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR).staging -s $(1) --log-handler plain $(PELICANOPTS) \
		|| { rm -rf $(OUTPUTDIR).staging; exit 1; }
	@rm -rf $(OUTPUTDIR).previous
	@if [ -d $(OUTPUTDIR) ]; then mv $(OUTPUTDIR) $(OUTPUTDIR).previous; fi
	@mv $(OUTPUTDIR).staging $(OUTPUTDIR)
	@rm -rf $(OUTPUTDIR).previous
endef

html: venv ## Build the site into output/ (fails on any content error, leaving output/ as it was)
	$(call build_atomic,$(CONFFILE))

serve: html ## Build, then serve at http://localhost:8000
	$(PELICAN) --listen -o $(OUTPUTDIR) -s $(CONFFILE) -p $(PORT) -b $(BIND)

# exec: the dev server is make's own child, and stops when make is stopped (sitetools/parent_watch.py)
devserver: venv ## Serve at http://localhost:8000 and rebuild on every change (content, theme, settings, providers); errors are shown, not fatal
	exec env $(PY) -m sitetools.devserver -s $(CONFFILE) -o $(OUTPUTDIR) -p $(PORT) -b $(BIND) $(PELICANOPTS)

check: venv ## Validate all content without building; prints file:line: field: problem
	$(PY) -m sitetools.check -s $(CONFFILE) $(PELICANOPTS)

# One worker per core; a worker runs a whole test module, or a whole class (the parts of the long
# incremental test are classes), longest first (tests/conftest.py, pytest_collection_modifyitems).
# The tests write tens of thousands of small files: into a RAM disk (tmpfs) when /dev/shm has 4 GB
# free, which spares the disk's writeback (make test TEST_TMPDIR= uses the system's temp folder).
TEST_TMPDIR ?= $(shell df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 && $$4 > 4000000 { print "/dev/shm" }')
test: venv lint cms-deps ## Run the whole test suite (lint first; builds real sites, drives headless Chromium)
	$(if $(TEST_TMPDIR),TMPDIR=$(TEST_TMPDIR) )$(PY) -m pytest -n auto --dist loadscope --no-loadscope-reorder $(TESTS)

sign-records: venv ## Staff: list, confirm and sign audit records with the association's key (KEY_FILE, SLUG, RESIGN=changed|all, YES=1, DRY_RUN=1; NEW_KEY=id OUT=file makes a key)
	$(PY) -m sitetools.sign_records -s $(CONFFILE) $(if $(KEY_FILE),--key-file "$(KEY_FILE)") \
		$(foreach slug,$(SLUG),--slug $(slug)) $(if $(filter changed,$(RESIGN)),--resign-changed) \
		$(if $(filter all,$(RESIGN)),--resign-all) $(if $(DATE),--date $(DATE)) \
		$(if $(NEW_KEY),--new-key "$(NEW_KEY)" --out "$(OUT)") $(if $(filter 1,$(YES)),--yes) \
		$(if $(filter 1,$(DRY_RUN)),--dry-run) $(PELICANOPTS)

revoke: venv ## Staff: withdraw or suspend one audit record (SLUG, REPORT, STATUS=withdrawn|suspended|reinstated, REASON, KEY_FILE); prints the new MSP_REVOCATIONS_MIN_VERSION
	$(PY) -m sitetools.revoke -s $(CONFFILE) --slug "$(SLUG)" --report "$(REPORT)" --status "$(STATUS)" \
		--reason "$(REASON)" $(if $(KEY_FILE),--key-file "$(KEY_FILE)") $(if $(DATE),--date $(DATE)) \
		$(if $(filter 1,$(YES)),--yes) $(PELICANOPTS)

translations: venv ## Extract every user-visible string (babel.cfg) and update each language's catalogue under theme/translations/
	$(PY) -m sitetools.translations -s $(CONFFILE) $(PELICANOPTS)

lint: venv ## Check the Python code with ruff (rules in pyproject.toml)
	$(VENV)/bin/ruff check --quiet

# One generated 10,000-member site per run, shared by every scale test (tests/scale_site.py):
# no xdist, so that it is built once.
test-scale: venv ## Run the tests on a generated 10,000-member site (search and incremental equivalence; marker `scale`)
	$(PY) -m pytest -p no:xdist -m scale $(TESTS)

bench: venv ## Our build beside Hugo's on N synthetic members (default 10000): phases, ratios, memory, incremental rebuild
	PYTHONPATH=plugins:tests $(VENV)/bin/python -m bench.bench --count $(N) $(BENCHOPTS)

report: venv ## Staff report: expiring/expired certifications, records waiting for a signature, changed contacts, members who dropped out, stale or incomplete profiles (DAYS, AS_OF, SINCE, CSV)
	$(PY) -m sitetools.report -s $(CONFFILE) --days $(DAYS) $(if $(AS_OF),--as-of $(AS_OF)) $(if $(SINCE),--since $(SINCE)) $(if $(CSV),--csv $(CSV)) $(PELICANOPTS)

new-provider: venv ## Scaffold providers/<slug>.yaml and a placeholder logo: make new-provider NAME="Acme IT Ltd"
	$(PY) -m sitetools.scaffold provider --name "$(NAME)" -s $(CONFFILE) $(PELICANOPTS)

new-article: venv ## Scaffold content/articles/<slug>.md: make new-article TITLE="Why restore tests matter"
	$(PY) -m sitetools.scaffold article --title "$(TITLE)" -s $(CONFFILE) $(PELICANOPTS)

newsletter: venv ## Scaffold the next MSP News issue (next number; today, or DATE=YYYY-MM-DD)
	$(PY) -m sitetools.scaffold newsletter $(if $(DATE),--date $(DATE)) -s $(CONFFILE) $(PELICANOPTS)

adopt: venv ## Turn this clone into your association's site: make adopt NAME="..." SHORT=... URL=https://... EMAIL=... KEY_OUT=~/keys/key.pem
	$(PY) -m sitetools.adopt --name "$(NAME)" --short "$(SHORT)" --url "$(URL)" --email "$(EMAIL)" --key-out "$(KEY_OUT)"
.PHONY: adopt

bench-search: venv ## Search in Chromium at 1,000, 10,000 and 100,000 members, English and Norwegian pages: bytes and ms to the first result, beside their targets
	PYTHONPATH=plugins:tests $(VENV)/bin/python -m bench.bench_search --members 1000 10000 100000

publish: venv ## Build the production site with publishconf.py (atomic, like html; cold: publishconf.py reuses nothing unless BUILD_REUSE_CHECK=1)
	$(call build_atomic,$(PUBLISHCONF))

# Staff mail (docs/staff-mail.md). SMTP settings come from the environment only: MSP_SMTP_HOST,
# MSP_SMTP_PORT, MSP_SMTP_USER, MSP_SMTP_PASSWORD, MSP_SMTP_STARTTLS, MSP_MAIL_FROM.
# make send-newsletter ISSUE=2026-11-10 TO=list@lists.example [DRY_RUN=1 EML=reports/issue.eml]
ISSUE       ?=
TO          ?=
DRY_RUN     ?=
EML         ?=
send-newsletter: venv ## Staff: send an MSP News issue's e-mail copy (ISSUE=date, TO=addresses; DRY_RUN=1 writes the .eml)
	$(PY) -m sitetools.send_newsletter -s $(PUBLISHCONF) --issue "$(ISSUE)" --to "$(TO)" \
		$(if $(filter 1,$(DRY_RUN)),--dry-run) $(if $(EML),--out "$(EML)") $(PELICANOPTS)

# make reminders [AS_OF=2027-01-31] [REMINDER_DAYS=60] [SEND=1]: .eml files in reports/reminders-<date>/
# (or REMINDERS_OUT=folder)
REMINDER_DAYS ?=
REMINDERS_OUT ?=
SEND        ?=
reminders: venv ## Staff: a renewal reminder (.eml) per member whose certification expires within REMINDER_DAYS or expired in the last 30 days; SEND=1 sends them
	$(PY) -m sitetools.reminders -s $(PUBLISHCONF) $(if $(AS_OF),--as-of $(AS_OF)) \
		$(if $(REMINDER_DAYS),--days $(REMINDER_DAYS)) $(if $(REMINDERS_OUT),--out "$(REMINDERS_OUT)") \
		$(if $(filter 1,$(SEND)),--send) $(PELICANOPTS)

.PHONY: send-newsletter reminders

# The browser editor (plugins/cms, docs/editor-cms.md): Decap CMS and decap-server from npm, pinned
# in package-lock.json and installed with npm ci into node_modules/ (again when the lockfile changes).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

cms-deps: node_modules/.package-lock.json ## Install the browser editor (Decap CMS, decap-server) from package-lock.json with npm ci

# make cms-local: /admin/ at http://localhost:8000/admin/ edits this clone's files through decap-server
# (on CMS_PORT). exec: both stop when make is stopped (plugins/sitetools/cms_local.py). The editor's settings
# join PELICANOPTS's -e list (a second -e would replace it).
CMS_PORT    ?= 8081
cms-local: venv cms-deps ## Edit this clone in the browser: make devserver with /admin/ and decap-server (CMS_PORT, 8081) for the working tree
	exec env $(PY) -m sitetools.cms_local --decap-port $(CMS_PORT) -s $(CONFFILE) -o $(OUTPUTDIR) -p $(PORT) -b $(BIND) \
		$(if $(strip $(PELICANOPTS)),$(PELICANOPTS),-e) CMS_ENABLED=true CMS_LOCAL_BACKEND=true \
		CMS_LOCAL_BACKEND_URL='"http://localhost:$(CMS_PORT)/api/v1"'

.PHONY: cms-deps cms-local

linkcheck: ## Check every internal link and #fragment in output/ (SITEURL is read from the built home page)
	$(PY) -m sitetools.linkcheck $(OUTPUTDIR) -s $(CONFFILE)

rsync_upload: publish ## Publish, then rsync output/ to RSYNC_TARGET (SSH_USER@SSH_HOST:SSH_TARGET_DIR)
	rsync -e "ssh -p $(SSH_PORT)" -rlvzc --delete --exclude=_headers --exclude=.build-manifest "$(OUTPUTDIR)"/ "$(RSYNC_TARGET)"

s3_upload: publish ## Publish, then sync output/ to s3://S3_BUCKET/S3_PREFIX with the AWS CLI
	$(AWS) s3 sync "$(OUTPUTDIR)/assets" "s3://$(S3_BUCKET)/$(S3_PREFIX)assets" --cache-control "$(ASSET_CACHE)" --exclude "*.gz" --exclude "*.br"
	$(AWS) s3 sync "$(OUTPUTDIR)" "s3://$(S3_BUCKET)/$(S3_PREFIX)" --delete --cache-control "$(HTML_CACHE)" --exclude "assets/*" --exclude "*.gz" --exclude "*.br" --exclude "_headers" --exclude ".build-manifest/*" --exclude "*/.build-manifest/*"

github: publish ## Publish, then commit output/ to the gh-pages branch with ghp-import and push it
	$(VENV)/bin/ghp-import -n -m "Publish the site" -b $(GITHUB_PAGES_BRANCH) "$(OUTPUTDIR)"
	git push $(GITHUB_PAGES_REMOTE) $(GITHUB_PAGES_BRANCH)

clean: ## Remove the built site and caches
	rm -rf $(OUTPUTDIR) $(OUTPUTDIR).staging $(OUTPUTDIR).previous .pytest_cache

.PHONY: venv help lint html serve devserver check test test-scale sign-records revoke bench bench-search report publish clean linkcheck rsync_upload s3_upload github new-provider new-article newsletter
