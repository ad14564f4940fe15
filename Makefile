# The two commands of the README:  `make serve`  and  `make test`  (and `make build` to publish).
# Prerequisites: Debian or Ubuntu with python3 (3.11+), python3-venv, make and git. Everything else is
# installed here, one line per step; the package managers' own output goes to .cache/setup/*.log and
# is shown only when a step fails.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
SETUP_LOG := .cache/setup
STAMP := $(VENV)/.installed
# Material for MkDocs prints a banner about MkDocs 2.0 when started as `mkdocs`: the project pins
# mkdocs<2 (see README, "Framtid / platform"), so the banner says nothing new here.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: serve build test system-deps-site system-deps-test python-deps screenshots bench budget

serve: python-deps            ## preview at http://127.0.0.1:8000/ (drafts shown, no PDFs); DIRTY=1 for large sites
	@echo "Förhandsgranskning på http://127.0.0.1:8000/ (Ctrl-C avslutar)"
	@$(VENV)/bin/mkdocs serve $(if $(DIRTY),--dirty)

build: system-deps-site python-deps   ## build the public site into site/
	@$(VENV)/bin/mkdocs build --strict

test: system-deps-test python-deps    ## run every test, browser tests included
	@$(PY) -m pytest -n 2 -q

screenshots: system-deps-test python-deps   ## PNGs of every page type into screenshots/, and the README's two
	@$(PY) -m pytest -q -n 2 tests/browser/make_screenshots.py
	cp screenshots/home-desktop.png screenshots/bulletin-phone.png tests/screenshots-readme/

bench: system-deps-site python-deps    ## the benchmark of the README (several minutes)
	@$(PY) bench/run.py -n 1000 5000 --repeat 3 --pdf

budget: system-deps-test python-deps   ## page weight at 10 000 bulletins (builds them: several minutes)
	@BUDGET_BULLETINS=10000 $(PY) -m pytest -q -p no:cacheprovider tests/browser/test_budget.py
	@cat .cache/budget/10000.md

# What the site needs to make PDFs (fonts, Pango), and what the tests drive (Chromium, poppler, zbar):
# checked by file, installed by Debian package; the table is hooks/bulletin_site/system.py.
system-deps-site: python3-ok
	@python3 hooks/bulletin_site/system.py install pdf

system-deps-test: python3-ok
	@python3 hooks/bulletin_site/system.py install pdf test

.PHONY: python3-ok
python3-ok:
	@command -v python3 >/dev/null || { echo "python3 saknas: installera Debianpaketen python3 och python3-venv"; exit 1; }
	@python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "Python 3.11 eller senare behövs (här: $$(python3 --version))"; exit 1; }

# A virtualenv that works, checked by running its pip (not by a file existing): a half-made .venv
# (python3-venv was missing the first time) is made again.
python-deps: python3-ok
	@mkdir -p $(SETUP_LOG)
	@if ! $(PY) -m pip --version >/dev/null 2>&1; then \
	  rm -rf $(VENV); \
	  echo "Skapar $(VENV) …"; \
	  if ! python3 -m venv $(VENV) > $(SETUP_LOG)/venv.log 2>&1; then \
	    rm -rf $(VENV); cat $(SETUP_LOG)/venv.log; \
	    echo "Kunde inte skapa $(VENV): installera Debianpaketet python3-venv (som root: apt-get install python3-venv) och kör kommandot igen."; \
	    exit 1; \
	  fi; \
	fi
	@if [ ! -f $(STAMP) ] || [ requirements.txt -nt $(STAMP) ] || [ requirements-dev.txt -nt $(STAMP) ] \
	    || [ pyproject.toml -nt $(STAMP) ]; then \
	  echo "Installerar Python-paket i $(VENV) (första gången ca 1–2 min) …"; \
	  if ! $(PY) -m pip install --disable-pip-version-check --no-input -r requirements-dev.txt \
	      > $(SETUP_LOG)/pip.log 2>&1; then \
	    tail -n 40 $(SETUP_LOG)/pip.log; echo "pip misslyckades (hela loggen: $(SETUP_LOG)/pip.log)"; exit 1; \
	  fi; \
	  touch $(STAMP); \
	fi
