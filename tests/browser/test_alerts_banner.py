"""The alert banner in a real browser: no WCAG A/AA violations while it shows, and its script hides it
once the alert has expired (the browser's clock mocked), while without JavaScript it stays."""
from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from alerts_site import UPDATE, alerts_project
from .browser_site import DESKTOP, close_tabs, open_tabs
from .test_accessibility import axe_violations, describe

pytestmark = pytest.mark.browser

BEFORE_EXPIRY = "2023-11-15T08:00:00+01:00"
AFTER_UPDATE_EXPIRES = "2023-12-01T00:00:01+01:00"  # the update has expired; the roadwork has not
PAGES = {"home": "", "alert": f"bulletins/{UPDATE}/", "docs page": "om/", "topic": "topics/vatten/",
         "text home": "text/", "text alert": f"text/{UPDATE}/"}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def origin(tmp_path_factory):
    project = alerts_project(tmp_path_factory.mktemp("alerts-browser"))
    project.build()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(project.site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def tab(browser, moment: str | None, javascript: bool = True):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE",
                                  java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(10_000)
    if moment:
        page.clock.set_fixed_time(moment)
    return page


@pytest.fixture(scope="module")
def before_expiry(browser, origin):
    """Every page of PAGES in a fresh tab of its own, its clock before the alerts expire, loaded until
    the network is quiet."""
    tabs = open_tabs(browser, {kind: origin + url for kind, url in PAGES.items()},
                     prepare=lambda kind, page: page.clock.set_fixed_time(BEFORE_EXPIRY), **DESKTOP)
    yield tabs
    close_tabs(tabs)


@pytest.mark.parametrize("kind", PAGES)
def test_pages_with_the_banner_showing_have_no_wcag_a_or_aa_violations(before_expiry, kind):
    page, _ = before_expiry[kind]
    if not kind.startswith("text"):
        assert page.locator("[data-bulletin-alerts]").is_visible()
    violations = axe_violations(page)
    assert violations == [], f"{kind}:\n{describe(violations)}"


def test_the_script_hides_the_banner_once_the_alert_has_expired(browser, origin):
    page = tab(browser, BEFORE_EXPIRY)
    try:
        page.goto(origin + "om/")
        assert page.locator(".md-banner").is_visible()
        assert page.locator(".md-banner li.bulletin-alert").is_visible()
    finally:
        page.context.close()
    page = tab(browser, AFTER_UPDATE_EXPIRES)
    try:
        page.goto(origin + "om/")
        assert page.locator(".md-banner li.bulletin-alert").is_hidden()
        assert page.locator(".md-banner").is_hidden()
        # the home page's list hides the expired alert and keeps the one still in force
        page.goto(origin)
        items = page.locator("#bulletin-alert-list li.bulletin-alert")
        assert [items.nth(i).is_visible() for i in range(items.count())] == [False, True]
    finally:
        page.context.close()


def test_without_javascript_the_banner_stays_until_the_next_build(browser, origin):
    page = tab(browser, None, javascript=False)
    try:
        page.goto(origin + "om/")
        assert page.locator(".md-banner li.bulletin-alert").is_visible()
    finally:
        page.context.close()
