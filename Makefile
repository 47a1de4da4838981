# The two commands of the README: `make run` and `make test`. Both set up everything first.
SHELL := /bin/bash

# A Python 3.11 or 3.12 for the virtual environment: the embedded PostgreSQL (pgserver)
# ships wheels for those. PYTHON=... overrides the choice.
PYTHON ?= $(shell for candidate in python3.12 python3.11 python3; do \
	if command -v $$candidate >/dev/null 2>&1 && $$candidate -c 'import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] < (3, 13)))' >/dev/null 2>&1; then \
		echo $$candidate; break; fi; done)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup db run serve test lint format bench bench-smoke loadtest scaleout-check lighthouse vendor-css superuser clean-db messages translations tools

$(INSTALLED): pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.11 or 3.12 is needed (set PYTHON=/path/to/python3.12)."; exit 1; fi
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(INSTALLED)

setup: $(INSTALLED)

# Starts the database (the embedded one when DATABASE_URL is unset), migrates, loads the agenda.
db: setup
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_agenda

run: db
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# The production set-up on this machine: production settings (DJANGO_DEBUG unset), hashed
# static files, gunicorn with gunicorn.conf.py. Only what plain http on 127.0.0.1 requires
# differs: no HTTPS redirect, cookies without the Secure flag, and a development secret key
# generated once into the git-ignored .secret_key. --preload: the master joins the embedded
# database first, so that recycled workers never stop it.
SECRET_KEY_FILE := .secret_key
SERVE_ENV = DJANGO_DEBUG= DJANGO_SECRET_KEY="$$(cat $(SECRET_KEY_FILE))" \
	DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0

$(SECRET_KEY_FILE):
	umask 077 && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

serve: setup $(SECRET_KEY_FILE)
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(PY) manage.py load_agenda
	$(SERVE_ENV) GUNICORN_BIND=$(HOST):$(PORT) $(VENV)/bin/gunicorn -c gunicorn.conf.py --preload

test: setup tools
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The app against its peers (PostgREST 12, Datasette, a trivial Django view) at 1,000 and
# 100,000 generated measures in throwaway databases, as ratios (bench/run.py; it installs
# its peers itself). Then the Dutch search on 100,000 measures, GIN index against a
# sequential scan (bench/search.py). BENCH_SIZES=1000 for one size.
bench: setup
	$(PY) bench/run.py
	DJANGO_DEBUG=1 $(PY) bench/search.py

# Every scenario once at N = 200 with 1-second rounds: fails only on a wrong status or a peer
# that does not start (CI runs it; no timing is asserted).
bench-smoke: setup
	BENCH_SMOKE=1 $(PY) bench/run.py

# 256 connections for 30 s on a mix of pages and API, the shipped agenda, production settings.
loadtest: setup
	$(PY) bench/loadtest.py

# Two app servers behind nginx sharing Redis, a PostgreSQL primary and a streaming replica,
# all on loopback and all stopped afterwards (bench/scaleout_check.py); PASS/FAIL per check.
scaleout-check: setup
	$(PY) bench/scaleout_check.py

# Lighthouse (pinned; Node 20 runs 12.x) on the home page, a measure and the list, served as
# production serves them (bench/lighthouse.py): prints accessibility, best-practices and SEO
# scores and fails below 0.95. Its own folder under .tools/, so that installing it never
# removes vnu-jar (npm prunes what a --no-save install did not name). Not run by CI: about
# 2 minutes, and the same pages are checked there by axe-core and the Nu Html Checker.
LIGHTHOUSE_VERSION := 12.2.3
LIGHTHOUSE := .tools/lighthouse/node_modules/.bin/lighthouse

$(LIGHTHOUSE):
	npm install --prefix .tools/lighthouse --no-audit --no-fund --no-save lighthouse@$(LIGHTHOUSE_VERSION)

lighthouse: setup $(LIGHTHOUSE)
	$(PY) bench/lighthouse.py

# The Rijkshuisstijl Community's button CSS (EUPL-1.2), pinned, copied into static/vendor/ with
# its licence by tools/vendor_css.py (only the rules the site uses); committed, so the site never
# fetches it. Run again after changing the version.
RHC_CSS_VERSION := 12.0.0

vendor-css: setup
	mkdir -p .tools/rhc
	cd .tools/rhc && rm -rf package && npm pack --silent @rijkshuisstijl-community/components-css@$(RHC_CSS_VERSION) | xargs tar xzf
	$(PY) tools/vendor_css.py .tools/rhc/package static/vendor/rijkshuisstijl-community

superuser: db
	DJANGO_DEBUG=1 $(PY) manage.py createsuperuser

# Stops nothing that is running; removes the embedded database's data folder.
clean-db:
	rm -rf .pgdata

# Interface translations. `make messages` extracts new strings into the English catalogue (needs
# GNU gettext); `make translations` compiles it with polib, so no system package is needed.
# Commit both locale/en/LC_MESSAGES/django.po and django.mo; a test checks that they agree.
# locale/nl/ holds only the Dutch that Django's admin and django-import-export lack (edited by hand).
messages: setup
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l en --no-location --ignore=.venv --ignore=tests --ignore=staticfiles

translations: setup
	$(PY) -c "import pathlib, polib; [polib.pofile(str(po)).save_as_mofile(str(po.with_suffix('.mo'))) for po in pathlib.Path('locale').glob('*/LC_MESSAGES/*.po')]"

# Tools from npm, pinned, into the git-ignored .tools/: the Nu Html Checker (vnu.jar, run with
# Java by tests/core/test_valid_html.py). Fetched here, never at run time.
VNU_JAR_VERSION := 26.9.27
VNU_JAR := .tools/node_modules/vnu-jar/build/dist/vnu.jar

$(VNU_JAR):
	npm install --prefix .tools --no-audit --no-fund --no-save vnu-jar@$(VNU_JAR_VERSION)

tools: $(VNU_JAR)
