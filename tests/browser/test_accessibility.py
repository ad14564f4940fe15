"""Every page type passes axe-core's WCAG 2.0/2.1 A and AA rules and links the accessibility statement."""
from __future__ import annotations

import pytest

from .browser_site import ACCESSIBILITY_CONTACT, AXE, DESKTOP, PAGE_TYPES, close_tabs, open_tabs

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


@pytest.fixture(scope="module")
def loaded(served_site, browser):
    """Every page type in a fresh desktop tab of its own, loaded until the network is quiet."""
    tabs = open_tabs(browser, {kind: served_site.url(url) for kind, url in PAGE_TYPES.items()}, **DESKTOP)
    yield tabs
    close_tabs(tabs)


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_has_no_wcag_a_or_aa_violations(kind, loaded):
    page, response = loaded[kind]
    assert response.status == (404 if kind == "404" else 200)
    violations = axe_violations(page)
    assert violations == [], f"{kind}:\n{describe(violations)}"


# the print page is the bulletin alone, without the site's footer
@pytest.mark.parametrize("kind", [kind for kind in PAGE_TYPES if kind != "print"])
def test_page_type_footer_links_the_accessibility_statement(kind, served_site, page):
    page.goto(served_site.url(PAGE_TYPES[kind]))
    link = page.locator("footer a", has_text="Tillgänglighetsredogörelse")
    link.click()
    assert page.url == served_site.url("tillganglighetsredogorelse/")


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
