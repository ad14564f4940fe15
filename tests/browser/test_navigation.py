"""The paths a resident clicks through, and the print page as the browser prints it."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

VANDALISM = "bulletins/2023-03-14-lagesbild-skadegorelse-i-centrum/"


def test_home_to_bulletin_to_topic_to_the_topics_feed(served_site, page):
    page.goto(served_site.url())
    page.get_by_role("link", name="Lägesbild mars – skadegörelse och otrygghet i centrum").click()
    assert page.url == served_site.url(VANDALISM)
    page.locator(".bulletin-header").get_by_role("link", name="Brottsförebyggande arbete").click()
    assert page.url == served_site.url("topics/brottsforebyggande/")
    feed = page.locator("article").get_by_role("link", name="Prenumerera (RSS)")
    assert feed.evaluate("a => a.href") == served_site.url("topics/brottsforebyggande/feed.xml")
    assert page.request.get(feed.evaluate("a => a.href")).status == 200


def test_archive_to_year_to_bulletin(served_site, page):
    page.goto(served_site.url())
    page.locator(".md-tabs").get_by_role("link", name="Arkiv").click()
    assert page.url == served_site.url("archive/")
    page.get_by_role("link", name="2022").click()
    assert page.url == served_site.url("archive/2022/")
    page.get_by_role("link", name="Kokningsrekommendation i norra delen av kommunen").click()
    assert page.url == served_site.url("bulletins/2022-08-01-kokningsrekommendation-norra-delen/")
    assert page.locator("h1").inner_text() == "Kokningsrekommendation i norra delen av kommunen"


def test_bulletin_links_its_print_page(served_site, page):
    page.goto(served_site.url(VANDALISM))
    page.get_by_role("link", name="Utskriftsvänlig version").click()
    assert page.url == served_site.url(VANDALISM + "print/")
    assert page.locator("h1").inner_text() == "Lägesbild mars – skadegörelse och otrygghet i centrum"


def _visible_navigation(page) -> list[str]:
    """Navigation a resident would see: nav landmarks, Material's header, tabs, sidebars, search, footer."""
    return page.evaluate("""() => [...document.querySelectorAll(
            'nav, [role=navigation], .md-header, .md-tabs, .md-sidebar, .md-search, .md-footer')]
        .filter(el => el.offsetParent !== null || getComputedStyle(el).position === 'fixed'
                      && getComputedStyle(el).display !== 'none')
        .filter(el => el.getBoundingClientRect().height > 0)
        .map(el => el.tagName.toLowerCase() + '.' + el.className)""")


def test_print_page_printed_shows_no_navigation(served_site, page):
    response = page.goto(served_site.url(VANDALISM + "print/"))
    assert response.status == 200
    page.emulate_media(media="print")
    assert _visible_navigation(page) == []
    assert "Med vänliga hälsningar" in page.locator("body").inner_text()


def test_bulletin_page_printed_shows_no_site_navigation(served_site, page):
    page.goto(served_site.url(VANDALISM))
    page.emulate_media(media="print")
    assert _visible_navigation(page) == []
