"""On a 375 px wide phone, pages fit the screen: nothing scrolls sideways."""
from __future__ import annotations

import pytest

from .browser_site import PAGE_TYPES, PHONE, close_tabs, open_tabs

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def loaded(served_site, browser):
    """Every page type in a fresh phone-sized tab of its own, loaded until the network is quiet."""
    tabs = open_tabs(browser, {kind: served_site.url(url) for kind, url in PAGE_TYPES.items()}, **PHONE)
    yield tabs
    close_tabs(tabs)


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_fits_a_phone_without_horizontal_scrolling(kind, loaded):
    phone, _ = loaded[kind]
    widths = phone.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths == [375, 375]
    phone.mouse.wheel(300, 0)
    assert phone.evaluate("() => window.scrollX") == 0
