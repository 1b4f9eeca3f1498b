# Every target installs what it needs into .venv on first use (pinned versions).
# `make serve` and `make test` are the two commands a newcomer needs.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

SITE_STAMP := $(VENV)/.site-installed
DEV_STAMP  := $(VENV)/.dev-installed

.PHONY: help serve build check test bench papers install install-dev clean new translated review links audit engines screenshots

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s "$$(printf '\t')"

$(SITE_STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

$(DEV_STAMP): $(SITE_STAMP) requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

install: $(SITE_STAMP) ## install what the site build needs into .venv

install-dev: $(DEV_STAMP) ## install what the tests need into .venv

serve: $(SITE_STAMP) ## build and serve the site on http://127.0.0.1:8000 (offline); an edit rebuilds only what it touches
	$(PY) scripts/serve.py --dev-addr 127.0.0.1:8000

build: $(SITE_STAMP) ## build the site into site/ (strict, offline)
	$(VENV)/bin/mkdocs build --strict

check: $(SITE_STAMP) ## validate the content only (STRICT=1, or CI=true: originality warnings are errors)
	$(PY) -m imgsynth check $(if $(STRICT),--strict)

test: $(DEV_STAMP) ## check the content strictly, then run the whole test suite (installs Chromium for the browser tests)
	$(PY) -m imgsynth check --strict
	bash scripts/ensure_chromium.sh
	$(PY) -m pytest -n 2 --dist loadfile --no-loadscope-reorder

bench: $(DEV_STAMP) ## benchmarks: build overhead of the hooks; edit → reload of mkdocs serve; arXiv requests; link checker vs linkinator
	$(PY) scripts/bench_build.py --sizes 250 2500 --repeat 2
	$(PY) scripts/bench_serve.py
	$(PY) scripts/bench_papers.py
	$(PY) scripts/bench_links.py

ENGINES_STAMP := $(VENV)/.engines-installed

$(ENGINES_STAMP): $(SITE_STAMP) requirements-engines.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-engines.txt
	@touch $@

engines: $(ENGINES_STAMP) ## build with MkDocs 1.6.1 and with ProperDocs; the outputs must match (generator tag aside)
	$(PY) scripts/compare_engines.py

links: $(SITE_STAMP) ## check internal and external links of the content (network); writes link-report.json/.md
	$(PY) scripts/check_links.py --external --report link-report.json --markdown link-report.md

papers: $(SITE_STAMP) ## fetch missing/incomplete arXiv metadata into content/arxiv.json (network; --help for options)
	$(PY) scripts/fetch_papers.py

new: $(SITE_STAMP) ## scaffold content/milestones/<id>.md (asks for the facts; ARGS="--arxiv 2006.11239 ...")
	$(PY) scripts/new_entry.py $(ARGS)

# LANG is also the locale variable: only a LANG given on the make command line selects a language.
translated: $(SITE_STAMP) ## record that an entry's prose is up to date: ID=gan [LANG=zh|en] (default both)
	@test -n "$(ID)" || { echo "usage: make translated ID=<entry id> [LANG=zh|en]" >&2; exit 2; }
	$(PY) scripts/mark_translated.py $(ID) $(if $(filter command line,$(origin LANG)),--lang $(LANG))

review: $(SITE_STAMP) ## summarise the milestones changed since BASE (default origin/main) as Markdown
	$(PY) scripts/diff_entries.py $(or $(BASE),origin/main)

screenshots: $(DEV_STAMP) ## build and serve the site; PNGs of the key pages (zh/en, 390/1366 px, light/dark) and index.html in test-artifacts/screenshots/
	bash scripts/ensure_chromium.sh
	$(PY) scripts/screenshots.py

audit: $(DEV_STAMP) ## Lighthouse + axe-core on home and an entry page, zh/en (npm tools pinned in package-lock.json)
	$(PY) scripts/audit.py

clean: ## remove build outputs (keeps .venv)
	rm -rf site .cache test-artifacts bench-out
