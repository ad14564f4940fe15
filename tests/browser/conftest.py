"""The site as residents get it: built once per session, served over HTTP, driven in Chromium.

``served_site`` builds a fixture site with the real ``mkdocs build --strict``
from the shipped ``mkdocs.yml`` and ``docs/`` plus the bulletins in
``tests/browser/fixtures/bulletins`` (never the shipped sample bulletins), and
serves it from a local HTTP server under the path of its ``site_url``, so
that every URL resolves as it does in production. ``browser`` is one headless
Chromium (Debian's, at /usr/bin/chromium) for the whole session.
"""
from __future__ import annotations

import functools
import threading

import pytest

from .browser_site import (CHROMIUM, CHROMIUM_ARGS, DESKTOP, PAGE_TYPES, PHONE, ServedSite, SiteHandler,
                           SiteServer, build_fixture_site, close_tabs, open_tabs)


@pytest.fixture(scope="session")
def served_site(tmp_path_factory) -> ServedSite:
    site = build_fixture_site(tmp_path_factory.mktemp("browser-site"))
    handler = functools.partial(SiteHandler, directory=str(site))
    server = SiteServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield ServedSite(site, f"http://127.0.0.1:{server.server_address[1]}")
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def desktop_visits(served_site, browser) -> dict[str, tuple[int, list[dict], list[str]]]:
    """Every page type (PAGE_TYPES) in a fresh desktop tab of its own, the tabs loaded side by side
    until the network is quiet, each tab's requests recorded on their own; then axe-core run on each
    tab as loaded (test_accessibility.py); then, where the page has the search box, a search typed
    and waited for until the network is quiet (test_privacy.py). kind -> (the status of its
    navigation, axe's WCAG A/AA violations, every URL the tab requested)."""
    from .test_accessibility import axe_violations

    seen: dict[str, list[str]] = {kind: [] for kind in PAGE_TYPES}

    def record(kind, tab):
        tab.context.on("request", lambda request: seen[kind].append(request.url))

    tabs = open_tabs(browser, {kind: served_site.url(url) for kind, url in PAGE_TYPES.items()},
                     prepare=record, **DESKTOP)
    try:
        statuses = {kind: response.status for kind, (_, response) in tabs.items()}
        violations = {kind: axe_violations(tab) for kind, (tab, _) in tabs.items()}
        searched = []
        for tab, _ in tabs.values():
            search = tab.locator("input[data-md-component=search-query]")
            if search.count():  # the search worker, its index and language files load on use
                search.click()
                search.fill("trygghet")
                searched.append(tab)
        for tab in searched:
            tab.wait_for_load_state("networkidle")
    finally:
        close_tabs(tabs)
    return {kind: (statuses[kind], violations[kind], seen[kind]) for kind in PAGE_TYPES}


@pytest.fixture(scope="session")
def searches(served_site, browser) -> dict:
    """Every word the search tests type (test_search.py's QUERIES, test_languages.py's WORDS and
    "klotter"), each searched on the home page in a fresh tab of its own, all the tabs side by side
    once: word -> (its tab, the site-relative URLs of the pages found)."""
    from .test_languages import WORDS
    from .test_search import QUERIES, search_each

    tabs = search_each(browser, served_site, list(dict.fromkeys([*QUERIES, *WORDS, "klotter"])))
    yield tabs
    close_tabs(tabs)


@pytest.fixture
def page(browser):
    """A fresh desktop tab (1280 px wide) with Swedish as the browser language."""
    context = browser.new_context(**DESKTOP)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


@pytest.fixture
def phone(browser):
    """A fresh phone-sized tab: 375 px wide, touch, as an ordinary smartphone."""
    context = browser.new_context(**PHONE)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()
