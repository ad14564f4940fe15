"""No page makes the resident's browser contact anyone but the site's own host."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .browser_site import DESKTOP, PAGE_TYPES, close_tabs, open_tabs

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def requested(served_site, browser) -> dict[str, list[str]]:
    """Every page type opened in a fresh tab of its own and, where it has the search box, searched:
    kind -> every URL its tab requested. (The tabs load side by side; each is recorded on its own.)"""
    seen: dict[str, list[str]] = {kind: [] for kind in PAGE_TYPES}

    def record(kind, tab):
        tab.context.on("request", lambda request: seen[kind].append(request.url))

    tabs = open_tabs(browser, {kind: served_site.url(url) for kind, url in PAGE_TYPES.items()},
                     prepare=record, **DESKTOP)
    try:
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
    return seen


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_requests_nothing_from_other_hosts(kind, served_site, requested):
    assert requested[kind], "no request was recorded"
    elsewhere = [url for url in requested[kind]
                 if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != served_site.host]
    assert elsewhere == []
