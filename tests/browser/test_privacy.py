"""No page makes the resident's browser contact anyone but the site's own host."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .browser_site import PAGE_TYPES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_requests_nothing_from_other_hosts(kind, served_site, page):
    requested: list[str] = []
    page.context.on("request", lambda request: requested.append(request.url))
    page.goto(served_site.url(PAGE_TYPES[kind]), wait_until="networkidle")
    search = page.locator("input[data-md-component=search-query]")
    if search.count():  # the search worker, its index and language files load on use
        search.click()
        search.fill("trygghet")
        page.wait_for_load_state("networkidle")
    assert requested, "no request was recorded"
    elsewhere = [url for url in requested
                 if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != served_site.host]
    assert elsewhere == []
