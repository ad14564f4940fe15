"""A bulletin's link shared on social media shows the bulletin: Open Graph and Twitter card meta."""
from __future__ import annotations

import lxml.html

from .browser_site import SITE_URL

VANDALISM = "bulletins/2023-03-14-lagesbild-skadegorelse-i-centrum/"


def meta(html: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for element in lxml.html.fromstring(html).head.iter("meta"):
        key = element.get("property") or element.get("name")
        if key and key.startswith(("og:", "twitter:", "article:")):
            found.setdefault(key, []).append(element.get("content"))
    return found


def test_bulletin_page_carries_open_graph_and_twitter_card_meta(served_site):
    assert meta(served_site.html(VANDALISM)) == {
        "og:type": ["article"],
        "og:site_name": ["Trygghet och säkerhet i Hallstahammar"],
        "og:title": ["Lägesbild mars – skadegörelse och otrygghet i centrum"],
        "og:description": ["Trygghetsrådets lägesbild för mars, med läget i centrum och kommunens åtgärder."],
        "og:url": [SITE_URL + VANDALISM],
        "og:locale": ["sv_SE"],
        "og:locale:alternate": ["ar_EG", "en_US", "fi_FI"],  # its translations (fixtures/…-ar, -en, -fi)
        "article:published_time": ["2023-03-14T00:00:00+01:00"],
        "article:tag": ["Brottsförebyggande arbete"],
        "twitter:card": ["summary"],
        "twitter:title": ["Lägesbild mars – skadegörelse och otrygghet i centrum"],
        "twitter:description": ["Trygghetsrådets lägesbild för mars, med läget i centrum och kommunens åtgärder."],
    }


def test_listing_pages_carry_no_article_meta(served_site):
    assert meta(served_site.html("topics/krisberedskap/")) == {}


def test_sharing_meta_escapes_front_matter_text(project):
    project.bulletin("2023-05-12-brand", title='Brand & rök <i>nu</i> "här"',
                     extra='summary: Rök <b>över</b> "byn" & skogen\n')
    project.build()
    found = meta(project.read("bulletins/2023-05-12-brand/index.html"))
    assert (found["og:title"], found["og:description"]) == (
        ['Brand & rök <i>nu</i> "här"'], ['Rök <b>över</b> "byn" & skogen'])
