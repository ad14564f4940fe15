"""Real builds of small fixture sites, read back as parsed HTML."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pytest

from conftest import BASE_CONFIG, REPO, empty_project, search_index


def html_of(project, relative: str):
    return lxml.html.fromstring(project.read(relative))


def texts(tree, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in tree.xpath(xpath)]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Three bulletins: a replacement pair (the new one updated) and an expired one; built once, only read."""
    project = empty_project(tmp_path_factory.mktemp("site"))
    project.write("bulletins/topics.yml", "vatten:\n  label: Dricksvatten\n  description: Om vattnet.\n"
                  "brand:\n  label: Brand & rök\n")
    project.write("bulletins/signatories.yml",
                  "anders:\n  name: Anders Nyström\n  role: VA-chef\n")
    project.bulletin("2023-08-14-koka-vattnet", title="Koka vattnet", date="2023-08-14T15:30:00+02:00",
                     topics="[vatten]", signatories="\n  - anders",
                     extra="contact: va@example.se\n")
    project.bulletin("2023-08-16-vattnet-rent", title="Vattnet är rent", date="2023-08-16",
                     topics="[vatten, brand]",
                     signatories="\n  - name: Lina Marklund\n    role: säkerhetssamordnare\n  - anders",
                     extra="replaces: 2023-08-14-koka-vattnet\nupdated: 2023-08-17\n",
                     body="Proverna visar att vattnet är rent.\n\n## Spola\n\nSpola kranen.\n")
    project.bulletin("2022-06-01-eldningsforbud", title="Brand & rök <i>nu</i>", date="2022-06-01",
                     topics="[brand]", extra="expires: 2022-08-31\n")
    project.build()
    return project


def test_bulletin_page_shows_title_localised_date_topics_body_signatures_and_contact(site):
    page = html_of(site, "bulletins/2023-08-14-koka-vattnet/index.html")
    assert texts(page, "//div[@class='bulletin']//h1") == ["Koka vattnet"]
    assert texts(page, "//p[@class='bulletin-meta']/span[1]") == ["Publicerad 14 augusti 2023"]
    assert [(a.text, a.get("href")) for a in page.xpath("//a[@class='bulletin-topic']")] == [
        ("Dricksvatten", "../../topics/vatten/")]
    assert texts(page, "//section[@class='bulletin-signatures']//li") == ["Anders Nyström, VA-chef"]
    assert page.xpath("//p[@class='bulletin-contact']/a/@href") == ["mailto:va@example.se"]


def test_signatories_appear_in_signing_order(site):
    page = html_of(site, "bulletins/2023-08-16-vattnet-rent/index.html")
    assert texts(page, "//section[@class='bulletin-signatures']//li") == [
        "Lina Marklund, säkerhetssamordnare", "Anders Nyström, VA-chef"]
    assert texts(page, "//section[@class='bulletin-signatures']/p") == ["Med vänliga hälsningar"]


def test_updated_date_is_shown(site):
    page = html_of(site, "bulletins/2023-08-16-vattnet-rent/index.html")
    assert texts(page, "//span[@class='bulletin-meta__updated']") == ["Uppdaterad 17 augusti 2023"]


def test_replacement_banners_link_both_ways(site):
    old = html_of(site, "bulletins/2023-08-14-koka-vattnet/index.html")
    new = html_of(site, "bulletins/2023-08-16-vattnet-rent/index.html")
    assert old.xpath("//div[contains(@class,'bulletin-banner--replaced-by')]//a/@href") == [
        "../2023-08-16-vattnet-rent/"]
    assert new.xpath("//div[contains(@class,'bulletin-banner--replaces')]//a/@href") == [
        "../2023-08-14-koka-vattnet/"]


def test_expired_bulletin_says_it_is_no_longer_current(site):
    page = html_of(site, "bulletins/2022-06-01-eldningsforbud/index.html")
    assert texts(page, "//div[contains(@class,'bulletin-banner--expired')]/p[2]") == [
        "Informationen gällde till och med 31 augusti 2022 och är inte längre aktuell."]


def test_front_matter_text_is_escaped(site):
    raw = site.read("bulletins/2022-06-01-eldningsforbud/index.html")
    assert "Brand &amp; rök &lt;i&gt;nu&lt;/i&gt;" in raw
    assert "<i>nu</i>" not in raw
    page = html_of(site, "bulletins/2022-06-01-eldningsforbud/index.html")
    assert texts(page, "//div[@class='bulletin']//h1") == ["Brand & rök <i>nu</i>"]
    assert page.findtext(".//title").startswith("Brand & rök <i>nu</i>")


def test_print_and_pdf_links_come_from_one_place(site):
    page = html_of(site, "bulletins/2023-08-14-koka-vattnet/index.html")
    assert page.xpath("//nav[@class='bulletin-actions']//a/@href") == ["print/"]  # PDFs off in fixtures


def test_home_lists_newest_first_with_date_summary_topics_and_archive_link(site):
    home = html_of(site, "index.html")
    assert texts(home, "//li[@class='bulletin-card']/*[@class='bulletin-card__title']") == [
        "Vattnet är rent", "Koka vattnet", "Brand & rök <i>nu</i>"]
    first = home.xpath("//li[@class='bulletin-card']")[0]
    assert texts(first, ".//p[@class='bulletin-card__meta']/time") == ["16 augusti 2023"]
    assert texts(first, ".//p[@class='bulletin-card__summary']") == ["Proverna visar att vattnet är rent."]
    assert texts(first, ".//a[@class='bulletin-topic']") == ["Dricksvatten", "Brand & rök"]
    assert home.xpath("//p[@class='bulletin-listing__more']/a/@href") == ["archive/"]
    assert texts(home, "//article//h1") == ["Trygghet i Exempelby"]  # docs/index.md stays on top


def test_topic_page_lists_its_bulletins_newest_first(site):
    page = html_of(site, "topics/vatten/index.html")
    assert texts(page, "//article//h1") == ["Dricksvatten"]
    assert texts(page, "//p[@class='bulletin-listing__intro']") == ["Om vattnet."]
    assert texts(page, "//li[@class='bulletin-card']/h2") == ["Vattnet är rent", "Koka vattnet"]


def test_topics_index_lists_topics_with_counts(site):
    page = html_of(site, "topics/index.html")
    assert texts(page, "//ul[@class='bulletin-index']/li/a") == ["Brand & rök", "Dricksvatten"]
    assert texts(page, "//span[@class='bulletin-index__count']") == ["(2 meddelanden)", "(2 meddelanden)"]


def test_archive_has_a_page_per_year_and_an_index(site):
    index = html_of(site, "archive/index.html")
    assert index.xpath("//ul[@class='bulletin-index']/li/a/@href") == ["2023/", "2022/"]
    year = html_of(site, "archive/2023/index.html")
    assert texts(year, "//article//h1") == ["Meddelanden 2023"]
    assert texts(year, "//li[@class='bulletin-card']/h2") == ["Vattnet är rent", "Koka vattnet"]


def test_bulletins_are_not_in_the_nav(site):
    page = html_of(site, "topics/index.html")
    nav_links = page.xpath("//nav[contains(@class,'md-nav--primary')]//a/@href")
    assert not [href for href in nav_links if "bulletins/" in href]


def test_listing_pages_are_left_out_of_search_but_bulletins_are_in(site):
    locations = set(search_index(site.site))
    assert "bulletins/2023-08-16-vattnet-rent/" in locations
    assert "topics/vatten/" not in locations and "archive/2023/" not in locations
    assert not [url for url in locations if url.startswith(("topics/", "archive/"))]


def test_search_index_holds_signatories_and_topics(site):
    page = search_index(site.site)["bulletins/2023-08-14-koka-vattnet/"]
    assert "Anders Nyström" in page["content"] and "Dricksvatten" in page["content"]
    assert page["meta"]["title"] == "Koka vattnet"  # the result's title and date
    assert re.fullmatch(r"\d+ \w+ 2023", page["meta"]["date"])


def test_materials_own_search_index_is_left_empty(site):
    import json
    index = json.loads(site.read("search/search_index.json"))
    assert index["docs"] == [] and index["config"]["lang"]
    assert len(site.read("search/search_index.json")) < 1024


def test_long_topic_lists_are_paginated(project):
    project.configure(bulletins={"page_size": 2})
    for day in range(1, 6):
        project.bulletin(f"2023-05-0{day}-brand", title=f"Brand {day}", date=f"2023-05-0{day}")
    project.build()
    first = html_of(project, "topics/brand/index.html")
    third = html_of(project, "topics/brand/page/3/index.html")
    assert texts(first, "//li[@class='bulletin-card']/h2") == ["Brand 5", "Brand 4"]
    assert texts(third, "//li[@class='bulletin-card']/h2") == ["Brand 1"]
    assert first.xpath("//a[@rel='next']/@href") == ["page/2/"]
    assert third.xpath("//a[@rel='prev']/@href") == ["../2/"]


def test_drafts_and_scheduled_bulletins_are_left_out_of_a_build(project):
    project.bulletin("2023-05-01-publicerad", title="Publicerad")
    project.bulletin("2023-05-02-utkast", title="Utkast", extra="draft: true\n")
    project.bulletin("2030-01-01-framtid", title="Framtid", date="2030-01-01")
    project.build()
    assert (project.site / "bulletins/2023-05-01-publicerad/index.html").exists()
    assert not (project.site / "bulletins/2023-05-02-utkast").exists()
    assert not (project.site / "bulletins/2030-01-01-framtid").exists()
    assert texts(html_of(project, "index.html"), "//li[@class='bulletin-card']/h3") == ["Publicerad"]
    assert not (project.site / "archive/2030").exists()


def test_a_draft_replacing_a_bulletin_does_not_leave_a_dangling_link(project):
    project.bulletin("a", title="Gammal", date="2023-05-01")
    project.bulletin("b", title="Ny", date="2023-05-02", extra="replaces: a\ndraft: true\n")
    project.build()
    page = html_of(project, "bulletins/a/index.html")
    assert not page.xpath("//div[contains(@class,'bulletin-banner--replaced-by')]")


def test_english_site_language_gives_english_strings_and_dates(project):
    project.configure(theme={"name": "material", "language": "en", "font": False})
    project.bulletin("a", title="Storm", date="2023-05-12", extra="updated: 2023-05-14\n")
    project.build()
    page = html_of(project, "bulletins/a/index.html")
    assert texts(page, "//p[@class='bulletin-meta']/span") == ["Published May 12, 2023", "Updated May 14, 2023"]
    assert texts(page, "//section[@class='bulletin-signatures']/p") == ["Kind regards"]


def test_the_same_input_gives_byte_identical_pages(project, tmp_path):
    project.bulletin("2023-05-01-brand")
    project.build()
    first = {p.relative_to(project.site): p.read_bytes() for p in project.site.rglob("*.html")}
    project.build(process=True)  # another process: another order of sets and dicts of strings
    second = {p.relative_to(project.site): p.read_bytes() for p in project.site.rglob("*.html")}
    assert first == second


def test_the_navigation_rendered_once_for_all_bulletins_is_what_material_renders_on_each(project, tmp_path):
    # Material's tabs, navigation and search box are rendered once and reused on every page that
    # shows them alike (Chrome.once in hooks/mkdocs_rendering.py), and so are the blocks of its page
    # that read only the page's depth, and the footer (theme/main.html): the site must be byte for
    # byte what Material's own partials and blocks give when rendered on each page.
    theme = {**BASE_CONFIG["theme"], "features": ["navigation.tabs", "navigation.footer"]}
    project.configure(theme=theme, bulletins={"page_size": 2},
                      nav=[*BASE_CONFIG["nav"], {"Om": "om.md"}, {"Mer": [{"Hjälp": "hjalp/index.md"}]}])
    project.write("docs/om.md", "# Om\n")
    project.write("docs/hjalp/index.md", "# Hjälp\n")
    project.write("docs/kontakt.md", "# Kontakt\n")  # out of the nav, at other depths
    project.write("docs/press/2023/maj.md", "# Pressmeddelanden i maj\n")
    for day in range(1, 6):
        project.bulletin(f"2023-05-0{day}-brand", title=f"Brand {day}", date=f"2023-05-0{day}",
                         topics="[brand, vatten]" if day % 2 else "[brand]")
    project.build()
    once = {p.relative_to(project.site): p.read_bytes() for p in project.site.rglob("*.html")}

    plain = tmp_path / "theme-without-once"
    shutil.copytree(REPO / "hooks" / "theme", plain)
    for name in ("nav", "tabs", "search"):
        (plain / "partials" / f"{name}.html").unlink()
    main = (plain / "main.html").read_text(encoding="utf-8")  # its blocks rendered on each page
    main, calls = re.subn(r"\{%(-?) call bulletin_chrome\.shared\(.*?\) (-?)%\}", r"{%\1 if true \2%}", main, flags=re.S)
    main, ends = re.subn(r"\{%(-?) endcall (-?)%\}", r"{%\1 endif \2%}", main)
    assert calls == ends == 6
    (plain / "main.html").write_text(main, encoding="utf-8")
    project.configure(theme={**theme, "custom_dir": str(plain)})
    shutil.rmtree(project.site)
    project.build()
    each = {p.relative_to(project.site): p.read_bytes() for p in project.site.rglob("*.html")}

    assert len(once) > 20 and once.keys() == each.keys()
    assert [str(path) for path in once if once[path] != each[path]] == []
    assert b'class="md-tabs"' in once[Path("bulletins/2023-05-01-brand/index.html")]


def test_page_and_print_page_give_a_bulletins_notices_in_the_same_order(project):
    project.bulletin("2023-08-14-koka-vattnet", title="Koka vattnet", date="2023-08-14")
    project.bulletin("2023-08-16-vattnet-rent", title="Vattnet är rent", date="2023-08-16",
                     extra="replaces: 2023-08-14-koka-vattnet\nexpires: 2023-12-31\n")
    project.build()
    page = html_of(project, "bulletins/2023-08-16-vattnet-rent/index.html")
    printed = html_of(project, "bulletins/2023-08-16-vattnet-rent/print/index.html")
    assert texts(page, "//div[@class='bulletin']/div[contains(@class,'bulletin-banner')] | "
                       "//div[@class='bulletin']/p[@class='bulletin-validity']") == [
        "Ersätter ett tidigare meddelande Det här meddelandet ersätter: Koka vattnet (14 augusti 2023).",
        "Gäller till och med 31 december 2023.",
    ]
    assert texts(printed, "//p[@class='letter-replaces' or @class='letter-validity']") == [
        "Det här meddelandet ersätter: Koka vattnet (14 augusti 2023).",
        "Gäller till och med 31 december 2023.",
    ]


def test_a_signatorys_email_is_a_mail_link_in_the_signature_block_of_the_page_and_print_page(project):
    project.write("bulletins/signatories.yml",
                  "anders:\n  name: Anders Nyström\n  role: VA-chef\n  email: anders.nystrom@example.se\n")
    project.bulletin("2023-08-14-koka-vattnet", title="Koka vattnet", date="2023-08-14",
                     signatories="\n  - anders\n  - name: Lina Marklund\n    role: säkerhetssamordnare\n"
                                 "    email: lina&co@example.se")
    project.build()
    page = html_of(project, "bulletins/2023-08-14-koka-vattnet/index.html")
    printed = html_of(project, "bulletins/2023-08-14-koka-vattnet/print/index.html")
    assert texts(page, "//section[@class='bulletin-signatures']//li") == [
        "Anders Nyström, VA-chef, anders.nystrom@example.se",
        "Lina Marklund, säkerhetssamordnare, lina&co@example.se"]
    assert page.xpath("//a[@class='bulletin-signatures__email']/@href") == [
        "mailto:anders.nystrom@example.se", "mailto:lina&co@example.se"]
    assert printed.xpath("//a[@class='letter-signatures__email']/@href") == [
        "mailto:anders.nystrom@example.se", "mailto:lina&co@example.se"]
    raw = project.read("bulletins/2023-08-14-koka-vattnet/index.html")
    assert 'href="mailto:lina&amp;co@example.se">lina&amp;co@example.se</a>' in raw
