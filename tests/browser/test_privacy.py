"""No page makes the resident's browser contact anyone but the site's own host."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .browser_site import PAGE_TYPES

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def requested(desktop_visits) -> dict[str, list[str]]:
    """Every page type opened in a fresh tab of its own and, where it has the search box, searched:
    kind -> every URL its tab requested. (The tabs load side by side; each is recorded on its own.
    They are conftest.py's ``desktop_visits``, where axe also runs on each before the search.)"""
    return {kind: seen for kind, (_, _, seen) in desktop_visits.items()}


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_requests_nothing_from_other_hosts(kind, served_site, requested):
    assert requested[kind], "no request was recorded"
    elsewhere = [url for url in requested[kind]
                 if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != served_site.host]
    assert elsewhere == []
