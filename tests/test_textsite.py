"""The text-only site for bad days: /text/ and /text/<slug>/, plain and small, out of search and sitemap."""
from __future__ import annotations

import json
import re
from urllib.parse import urljoin

import lxml.html
import pytest
from bulletin_site import textsite

from alerts_site import (EXERCISE, PLAIN, PUBLIC, SCHEDULED, UPDATE, UPDATE_TITLE, alerts_project, q)

PAGE_BUDGET = 30 * 1024  # bytes, besides the bulletin's own text
CSS_BUDGET = 2 * 1024


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = alerts_project(tmp_path_factory.mktemp("text"))
    project.build()
    return project


def text_pages(site) -> list[str]:
    return sorted(str(p.relative_to(site.site)) for p in (site.site / "text").rglob("index.html"))


def test_the_home_page_and_every_public_bulletin_have_a_text_page(site):
    assert text_pages(site) == sorted(["text/index.html", *(f"text/{slug}/index.html" for slug in PUBLIC)])
    assert not (site.site / "text" / SCHEDULED).exists()


def test_every_text_page_is_within_its_byte_budget_and_has_no_scripts_fonts_or_images(site):
    for uri in text_pages(site):
        raw = (site.site / uri).read_bytes()
        tree = lxml.html.fromstring(raw)
        body = q(tree, "div.bulletin-text")
        own_text = len(body[0].text_content().encode("utf-8")) if body else 0
        assert len(raw) <= PAGE_BUDGET + own_text, uri
        assert tree.xpath("//script | //img | //link[@rel='stylesheet'] | //iframe | //svg | //picture") == [], uri
        styles = tree.xpath("//style")
        assert len(styles) == 1 and len(styles[0].text.encode("utf-8")) <= CSS_BUDGET, uri
        assert "@font-face" not in styles[0].text and "url(" not in styles[0].text
        assert tree.xpath("//@style") == []


def test_a_text_page_has_its_own_language_title_and_canonical_link(site):
    tree = lxml.html.fromstring(site.read(f"text/{UPDATE}/index.html"))
    assert tree.get("lang") == "sv"
    assert tree.findtext(".//title") == f"{UPDATE_TITLE} – Trygghet i Exempelby (textversion)"
    assert tree.xpath("//link[@rel='canonical']/@href") == [f"https://trygghet.example.se/text/{UPDATE}/"]
    assert tree.xpath("//h1")[0].text_content() == UPDATE_TITLE  # escaped, shown as written
    home = lxml.html.fromstring(site.read("text/index.html"))
    assert home.xpath("//link[@rel='canonical']/@href") == ["https://trygghet.example.se/text/"]


def test_the_text_home_lists_active_alerts_then_the_latest_bulletins(site):
    tree = lxml.html.fromstring(site.read("text/index.html"))
    alerts = [a.text_content() for a in tree.xpath("//section//li/p/a")]
    assert alerts == [UPDATE_TITLE, "Vägarbete på riksväg 66"]
    html = site.read("text/index.html")
    assert html.index("Varningar just nu") < html.index("Senaste meddelandena")
    links = tree.xpath("//main//li/a/@href")
    assert links[0] == "2023-11-14-brandrisk-over/"
    assert all((site.site / "text" / link / "index.html").exists() for link in links)


def test_images_become_their_text_alternative(site):
    html = site.read(f"text/{PLAIN}/index.html")
    assert "[Karta]" in html and "[Karta över centrum]" in html and "<img" not in html


def test_an_exercise_says_so_on_the_text_page_too(site):
    assert "ÖVNING — detta är inte ett skarpt meddelande" in site.read(f"text/{EXERCISE}/index.html")


def test_text_pages_are_out_of_the_search_index_and_the_sitemap(site):
    index = json.loads(site.read("search/search_index.json"))
    assert not [doc for doc in index["docs"] if doc["location"].startswith("text/")]
    assert "/text/" not in site.read("sitemap.xml")


@pytest.mark.parametrize("uri, target", [("index.html", "text/"), ("om/index.html", "text/"),
                                         (f"bulletins/{UPDATE}/index.html", f"text/{UPDATE}/")])
def test_every_normal_page_links_its_text_version(site, uri, target):
    tree = lxml.html.fromstring(site.read(uri))
    link = q(tree, "footer a.bulletin-text-link")
    assert [a.text_content() for a in link] == ["Textversion"]
    assert urljoin("https://x.se/" + uri, link[0].get("href")) == "https://x.se/" + target


def test_text_body_keeps_text_and_drops_media():
    body = ('<p>Se <img src="a.png" alt="kartan"> här.<script>x()</script></p>'
            '<p style="color:red">Röd <video src="v.mp4"></video>text</p>')
    assert textsite.text_body(body) == "<p>Se [kartan] här.</p><p>Röd text</p>"
    plain = "<p>Inget att ta bort &amp; inget annat.</p>"
    assert textsite.text_body(plain) is plain
