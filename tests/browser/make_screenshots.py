"""Screenshots for people: every page type, desktop (1280 px) and phone (375 px), into screenshots/.

``make screenshots`` runs this file and refreshes the two pictures the README
shows (tests/screenshots-readme/). The folder screenshots/ is git-ignored. Not a test: its name does
not match ``test_*.py``, so ``make test`` leaves it out (pytest runs a file named on its command line).
"""
from __future__ import annotations

import pytest

from .browser_site import PAGE_TYPES, REPO

pytestmark = pytest.mark.browser

SCREENSHOTS = REPO / "screenshots"


@pytest.mark.parametrize("kind", PAGE_TYPES)
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_page_type_screenshot_is_written(kind, device, served_site, request):
    tab = request.getfixturevalue("page" if device == "desktop" else "phone")
    tab.goto(served_site.url(PAGE_TYPES[kind]), wait_until="networkidle")
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{kind}-{device}.png"
    path.unlink(missing_ok=True)
    tab.screenshot(path=str(path), full_page=True)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
