"""On a 375 px wide phone, pages fit the screen: nothing scrolls sideways."""
from __future__ import annotations

import pytest

from .browser_site import PAGE_TYPES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_fits_a_phone_without_horizontal_scrolling(kind, served_site, phone):
    phone.goto(served_site.url(PAGE_TYPES[kind]), wait_until="networkidle")
    widths = phone.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths == [375, 375]
    phone.mouse.wheel(300, 0)
    assert phone.evaluate("() => window.scrollX") == 0
