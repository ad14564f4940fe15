"""The print page as a browser prints it: A4 pages numbered in the site's language."""
from __future__ import annotations

import io

import pypdf
import pytest

from .browser_site import PAGE_TYPES

pytestmark = pytest.mark.browser


def test_a_browser_prints_the_print_page_on_numbered_a4_pages(served_site, page):
    page.goto(served_site.url(PAGE_TYPES["print"]))
    reader = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}
    assert sizes == {(595, 842)}
    assert f"Sida 1 av {len(reader.pages)}" in reader.pages[0].extract_text()
