# The two commands of the README:  `make serve`  and  `make test`.
# Everything else here is what they need on a fresh Debian machine.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

# Debian packages: Chromium for the browser tests, Pango and fonts for WeasyPrint's PDFs,
# poppler-utils to look at PDFs as images.
DEBIAN_PACKAGES := chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils zbar-tools

.PHONY: serve build test system-deps python-deps node-deps screenshots bench

serve: python-deps            ## preview the site at http://127.0.0.1:8000/ (drafts shown, PDFs off)
	$(VENV)/bin/mkdocs serve

build: python-deps            ## build the public site into site/
	$(VENV)/bin/mkdocs build --strict

test: system-deps python-deps node-deps   ## run every test, browser tests included
	$(PY) -m pytest -n 2 -q

screenshots: system-deps python-deps node-deps   ## PNGs of every page type into screenshots/, and the README's two
	$(PY) -m pytest -q -n 2 tests/browser/test_screenshots.py
	cp screenshots/home-desktop.png screenshots/bulletin-phone.png tests/screenshots-readme/

system-deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages: $$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

python-deps: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

node-deps: node_modules/.installed
