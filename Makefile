# Developer tooling for the KP Civil Society Coalition statements archive.
# GNU make. Works from a bare clone where only python3 exists: every target
# that needs Python packages depends on the .venv stamp, which builds the venv
# from requirements.lock.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory
# Material 9.x prints a multi-line end-of-life banner on every build; keep `make site` quiet-ish.
export NO_MKDOCS_2_WARNING ?= 1
# Python keeps the modules it compiles (__pycache__/, which git ignores): where the environment sets
# PYTHONDONTWRITEBYTECODE, every test worker and every command a test runs would compile every module again and
# pytest rewrite every test module's asserts (seconds a run). Empty is unset, for Python.
export PYTHONDONTWRITEBYTECODE :=

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SITE   := site
# The offline edition's date, YYYY-MM-DD (`make site EDITION_DATE=…`); by default the day the run starts, in
# UTC, read once by the run (kparchive/clock.py) and handed to every step.
EDITION_DATE ?=
HOST   := 127.0.0.1
PORT   := 8000
# SITE, EDITION_DATE, HOST and PORT as typed are never evaluated, as make add's values (below): make never
# expands them ($(value …)), they are not exported under their own names (make expands a command line's
# variable to export it), and a command gets them from its environment, quoted ("$$SITE_DIR"), never parsed.
SITE_VARIABLES := SITE EDITION_DATE HOST PORT
$(foreach name,$(SITE_VARIABLES),$(if $(filter command line,$(origin $(name))),$(eval unexport $(name))))
ifneq ($(value EDITION_DATE),)
export KP_EDITION_DATE := $(value EDITION_DATE)
endif

.PHONY: help deps .venv chromium nginx libreoffice add pages site offline search serve test test-fast test-slow lint check clean lock lighthouse bench

help: ## List the targets
	@echo "Targets:"
	@grep -hE '^[a-zA-Z_.-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "}; {printf "  make %-9s %s\n", $$1, $$2}'

# --- environment ------------------------------------------------------------

# The stamp is rebuilt only when requirements.lock changes.
$(STAMP): requirements.lock
	@if [ ! -x $(PY) ]; then \
	  rm -rf $(VENV); \
	  echo "Creating $(VENV) with $$($(PYTHON) --version 2>&1)"; \
	  if ! $(PYTHON) -m venv $(VENV); then \
	    rm -rf $(VENV); \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	      echo "python3 -m venv failed; installing python3-venv with apt-get"; \
	      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; \
	      $(PYTHON) -m venv $(VENV); \
	    else \
	      echo "error: '$(PYTHON) -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv)" >&2; \
	      exit 1; \
	    fi; \
	  fi; \
	fi
	@echo "Installing requirements.lock into $(VENV) (once: about a minute, pip's progress below)"
	@$(PY) -m pip install --disable-pip-version-check --require-hashes -r requirements.lock
	@touch $@

.venv: $(STAMP) ## Create .venv and install requirements.lock (only re-runs when the lock changes)
deps: $(STAMP)

chromium: deps ## Make sure a headless Chromium is available (tools/ensure-chromium)
	@tools/ensure-chromium

nginx: ## Make sure nginx is available for the test of deploy/nginx.conf (tools/ensure-nginx)
	@tools/ensure-nginx

libreoffice: ## Make sure a headless LibreOffice Calc can open the CSV export in tests (tools/ensure-libreoffice)
	@tools/ensure-libreoffice

lock: ## Regenerate requirements.lock from pyproject.toml (pip-tools, with hashes)
	@rm -rf .cache/pip-tools && $(PYTHON) -m venv .cache/pip-tools
	@.cache/pip-tools/bin/python -m pip install --quiet pip-tools==7.6.2
	@head -n 10 requirements.lock > .cache/lock-header
	.cache/pip-tools/bin/pip-compile --quiet --generate-hashes --extra test --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	@cat .cache/lock-header requirements.lock > .cache/lock-new && mv .cache/lock-new requirements.lock

# --- building ---------------------------------------------------------------

# make add's values are a member's file name and what the editor typed: none is ever evaluated. Make never expands
# them ($(value …): a name holding $(shell …) stays text), no shell command holds them (a name holding a
# backtick, $(…) or a double quote would run), and they are not exported under their own names (make expands a
# variable from its command line when it exports it). Each goes to Python as KP_ADD_<NAME>, from make's command
# line only (an environment's LANGUAGE is gettext's, e.g. en_GB:en), and kparchive.cli.make_add checks it.
ADD_VARIABLES := FILE ID LANGUAGE TRANSLATION_OF
$(foreach name,$(ADD_VARIABLES),$(if $(filter command line,$(origin $(name))),$(eval unexport $(name))))
$(foreach name,$(ADD_VARIABLES),$(eval add: export KP_ADD_$(name) := $$(if $$(filter command line,$$(origin $(name))),$$(value $(name)))))

add: deps ## Add an original: make add FILE=path.txt|.pdf|.docx|.odt|.html [ID=id] [LANGUAGE=fr] [TRANSLATION_OF=id] (copies it, extracts its text, drafts its .yml)
	@$(PY) -c 'import sys; from kparchive.cli import make_add; sys.exit(make_add())'

pages: deps ## Generate the statement pages (build_index.py)
	$(PY) build_index.py

check: deps ## Check the statements and generated pages are consistent (build_index.py --check)
	$(PY) build_index.py --check

site search serve clean: export SITE_DIR := $(value SITE)
serve: export SERVE_HOST := $(value HOST)
serve: export SERVE_PORT := $(value PORT)

# kparchive.makesite: build_index.py, MkDocs' two trees (kparchive.sitebuild, in parallel shards from 500
# statements up), the offline edition derived from them (dist/), the zips where the footers link them,
# Pagefind; all of it into .site-staging/ beside site/, which replaces site/ in one rename once every step has succeeded. Killed or
# failed, site/ stays the last good site. One run at a time (.cache/build.lock); the date read once.
site: deps ## Build the static site into site/, all or nothing (pages, MkDocs, offline edition, search index)
	$(PY) -m kparchive.makesite --site-dir "$$SITE_DIR"

# kparchive.offline builds the online site's trees (kparchive.sitebuild, sharded) into a folder of its own,
# derives the edition's pages from theirs (kparchive/offline_pages.py), writes its search index, zips it.
offline: deps pages ## Build the offline edition, dist/kp-statements-offline-<date>.zip (opens from file://)
	$(PY) -m kparchive.offline mkdocs.offline.yml --build --dist dist

# Pagefind over the statement pages of a built site/, in bundles of at most KP_SEARCH_BUNDLE_SIZE statements
# (default 2000) indexed one after another, then the search page's preloads (kparchive.searchindex); `make site`
# does this in its staging folder.
search: deps ## Build the search index of site/ again (Pagefind, in bundles)
	$(PY) -m kparchive.searchindex --site "$$SITE_DIR"

# kparchive.serve sends what a real host sends (PUBLISHING.md): gzip, 404.html, types with charsets, the CSP. It takes
# the port first (one line and a PORT to try if it is in use), then runs make site (nothing rebuilt when nothing
# changed), then serves, logging a line a page shown.
serve: deps ## Build (if anything changed), then serve site/ on http://127.0.0.1:8000 (PORT=…, HOST=…) as a static host does
	@$(PY) -m kparchive.serve --build --directory "$$SITE_DIR" --bind "$$SERVE_HOST" --port "$$SERVE_PORT"

# --- scale ------------------------------------------------------------------

N ?= 1000
bench: deps chromium ## Build N synthetic statements (default 1000) in a temporary copy; print one JSON line
	$(PY) bench/scale.py --statements $(N) --json

# --- quality ----------------------------------------------------------------

lint: deps ## Run ruff
	$(PY) -m ruff check .

# The tiers (CONTRIBUTING.md). pytest-xdist runs the tests on every core (TEST_WORKERS); a shared site is built
# once per run for all workers (tests/conftest.py), and a module's own builds by the one worker that runs the
# module (--dist loadfile: xdist 3.8's loadgroup sets a node id pytest 9 no longer reads, so it groups nothing).
TEST_WORKERS ?= auto
PYTEST := $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile
# What the fast tier leaves out: Chromium, the real `make site`, the sites tests build of their own, the commands
# run as processes (the same checks run in process there), inputs at full size (a smaller one there).
FAST := not browser and not site and not build and not process and not large and not slow

test: deps chromium nginx libreoffice ## Lint, then run every test (browser tests included), the 25 slowest named
	$(PY) -m ruff check .
	$(PYTEST) -m "not slow" --durations=25

test-fast: deps ## Lint, then the fast tier: unit tests, in-process checks and the one fixture build (no Chromium)
	$(PY) -m ruff check .
	$(PYTEST) -q -m "$(FAST)"

test-slow: deps chromium nginx ## More drawn examples of the hostile builds than CI's fixed set
	$(PYTEST) -m slow --durations=10

# --- benches (measured, never asserted in tests) -------------------------------

# npm's lighthouse, from bench/package-lock.json; re-installed only when the lock changes.
bench/node_modules/.installed: bench/package-lock.json
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "npm is missing; installing Debian's nodejs and npm with apt-get"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; \
	  else echo "error: lighthouse needs Node.js >= 18.16 and npm" >&2; exit 1; fi; }
	npm ci --prefix bench --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

lighthouse: site chromium bench/node_modules/.installed ## Lighthouse scores (home, a statement, search), site served gzipped
	$(PY) bench/lighthouse.py

clean: ## Remove site/, build/, dist/ and .pytest_cache
	rm -rf -- "$$SITE_DIR" "$$(dirname -- "$$SITE_DIR")/.$$(basename -- "$$SITE_DIR")-staging" build dist .pytest_cache
