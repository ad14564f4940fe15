"""Every page type passes axe-core's WCAG 2.0/2.1 A and AA rules and links the accessibility statement."""
from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from .browser_site import ACCESSIBILITY_CONTACT, AXE, DESKTOP, PAGE_TYPES

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_has_no_wcag_a_or_aa_violations(kind, desktop_visits):
    """(axe runs on each page type's fresh tab as loaded, before test_privacy.py searches in it:
    conftest.py's ``desktop_visits``.)"""
    status, violations, _ = desktop_visits[kind]
    assert status == (404 if kind == "404" else 200)
    assert violations == [], f"{kind}:\n{describe(violations)}"


# the print page is the bulletin alone, without the site's footer
FOOTED = [kind for kind in PAGE_TYPES if kind != "print"]


@pytest.fixture(scope="module")
def followed(served_site, browser) -> dict[str, str]:
    """Every page type but the print page opened in one desktop tab, one after another, its footer's
    link to the accessibility statement clicked each time: kind -> the address the link led to (one tab
    with a warm cache: as fresh tabs, the footer and its link are the same; a tenth of the machine)."""
    context = browser.new_context(**DESKTOP)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        led_to = {}
        for kind in FOOTED:
            try:
                page.goto(served_site.url(PAGE_TYPES[kind]))
                page.locator("footer a", has_text="Tillgänglighetsredogörelse").click()
                led_to[kind] = page.url
            except PlaywrightError as error:  # that kind's test fails with it; the others still run
                led_to[kind] = f"nowhere: {error.message}"
        return led_to
    finally:
        context.close()


@pytest.mark.parametrize("kind", FOOTED)
def test_page_type_footer_links_the_accessibility_statement(kind, served_site, followed):
    assert followed[kind] == served_site.url("tillganglighetsredogorelse/")


def test_accessibility_statement_gives_the_configured_contact(served_site, page):
    page.goto(served_site.url("tillganglighetsredogorelse/"))
    contact = page.locator(f"article a[href='mailto:{ACCESSIBILITY_CONTACT}']")
    assert contact.first.inner_text() == ACCESSIBILITY_CONTACT


def test_accessibility_statement_names_the_enforcement_body(served_site, page):
    page.goto(served_site.url("tillganglighetsredogorelse/"))
    headings = page.locator("article h2").all_inner_texts()
    assert headings == ["Hur tillgänglig är webbplatsen?",
                        "Vad kan du göra om du inte kan använda delar av webbplatsen?",
                        "Rapportera brister i webbplatsens tillgänglighet", "Tillsyn",
                        "Teknisk information om webbplatsens tillgänglighet", "Hur vi testat webbplatsen"]
    assert page.locator("article a[href='https://www.digg.se/tdosanmalan']").count() == 1
