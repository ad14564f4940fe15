"""The feeds as plain functions: a catalogue and settings made in memory, no MkDocs, no processes.

``tests/test_feeds.py`` reads the feeds of real builds; these tests call ``feeds`` directly with
what a build would pass it (settings, the catalogue it shows, the bodies, the redirect template).
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import json
import pytest
from lxml import etree

from bulletin_site import feeds
from bulletin_site.model import Bulletin, Catalogue, Signatory, Topic
from bulletin_site.pages import PageKind, PageSpec, Renderer
from bulletin_site.settings import Settings

SITE = "https://trygghet.example.se/"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2023, 11, 14, 12, 0, tzinfo=timezone.utc)
NS = {"content": "http://purl.org/rss/1.0/modules/content/", "dc": "http://purl.org/dc/elements/1.1/",
      "atom": "http://www.w3.org/2005/Atom"}
HOSTILE = "Brand & rök <i>nu</i>"
BRAND = Topic("brand", "Brand & trygghet", "brand")
VATTEN = Topic("vatten", "Vatten", "vatten")
LINA = Signatory("Lina Marklund", "säkerhetssamordnare")
PER = Signatory("Per Ersgård", "kommunpolis")


def bulletin(slug: str, day: int, **fields) -> Bulletin:
    values = dict(slug=slug, source=f"bulletins/{slug}.md", title=f"Meddelande {slug}",
                  date=datetime(2023, 5, day, tzinfo=STOCKHOLM), summary=f"Sammanfattning av {slug}.",
                  topics=(BRAND,), signatories=(LINA,))
    values.update(fields)
    return Bulletin(**values)


def settings_for(tmp_path: Path, **changes) -> Settings:
    values = dict(root=tmp_path, source_dir=tmp_path / "bulletins", language="sv", now=NOW, site_url=SITE,
                  site_name="Trygghet i kommunen", organisation="Exempels kommun", concurrency=0)
    values.update(changes)
    return Settings(**values)


def catalogue_of(*bulletins: Bulletin) -> Catalogue:
    """The catalogue a build shows: newest first."""
    return Catalogue(tuple(sorted(bulletins, key=lambda b: b.date, reverse=True)), NOW,
                     {"brand": BRAND, "vatten": VATTEN})


def body(slug: str) -> str:
    return f'<p>Text om {slug}.</p>\n<p><a href="../annat/">Annat</a> <img alt="Karta" src="../../bilder/karta.png"></p>'


def outputs(settings: Settings, catalogue: Catalogue, bodies: dict[str, str] | None = None) -> dict[str, bytes]:
    if bodies is None:
        bodies = {b.slug: body(b.slug) for b in catalogue.bulletins}
    template = Renderer(catalogue, settings).env.get_template("redirect.html")
    return {o.uri: o.content for o in feeds.outputs(settings, catalogue, bodies, template)}


def rss_item(xml: bytes, slug: str):
    root = etree.fromstring(xml)
    for node in root.findall("channel/item"):
        if node.findtext("link") == f"{SITE}bulletins/{slug}/":
            return node
    raise AssertionError(f"no item for {slug}")


def test_the_site_feed_lists_public_bulletins_newest_first(tmp_path):
    catalogue = catalogue_of(bulletin("a", 1), bulletin("c", 3), bulletin("b", 2),
                             bulletin("utkast", 4, draft=True))
    root = etree.fromstring(outputs(settings_for(tmp_path), catalogue)["feed.xml"])
    assert [n.findtext("link") for n in root.findall("channel/item")] == [
        f"{SITE}bulletins/c/", f"{SITE}bulletins/b/", f"{SITE}bulletins/a/"]


def test_the_site_feed_holds_at_most_feed_size_items(tmp_path):
    catalogue = catalogue_of(*(bulletin(f"m{day}", day) for day in range(1, 6)))
    root = etree.fromstring(outputs(settings_for(tmp_path, feed_size=2), catalogue)["feed.xml"])
    assert len(root.findall("channel/item")) == 2


def test_a_guid_is_the_link_and_a_permalink_without_an_id(tmp_path):
    node = rss_item(outputs(settings_for(tmp_path), catalogue_of(bulletin("a", 1)))["feed.xml"], "a")
    guid = node.find("guid")
    assert (guid.text, guid.get("isPermaLink")) == (f"{SITE}bulletins/a/", None)


def test_a_guid_is_the_id_and_not_a_permalink_with_an_id(tmp_path):
    catalogue = catalogue_of(bulletin("a", 1, id="7f3c2a10-brand"))
    guid = rss_item(outputs(settings_for(tmp_path), catalogue)["feed.xml"], "a").find("guid")
    assert (guid.text, guid.get("isPermaLink")) == ("7f3c2a10-brand", "false")


def test_pub_date_is_rfc_822_in_the_site_time_zone(tmp_path):
    catalogue = catalogue_of(bulletin("a", 12, date=datetime(2023, 5, 12, 7, 30, tzinfo=timezone.utc)))
    node = rss_item(outputs(settings_for(tmp_path), catalogue)["feed.xml"], "a")
    assert node.findtext("pubDate") == "Fri, 12 May 2023 09:30:00 +0200"


def test_last_build_date_is_the_newest_change_not_the_clock(tmp_path):
    catalogue = catalogue_of(bulletin("a", 1, updated=datetime(2023, 6, 1, tzinfo=STOCKHOLM)), bulletin("b", 2))
    root = etree.fromstring(outputs(settings_for(tmp_path), catalogue)["feed.xml"])
    assert root.findtext("channel/lastBuildDate") == "Thu, 01 Jun 2023 00:00:00 +0200"


def test_categories_are_the_topic_labels_in_order(tmp_path):
    catalogue = catalogue_of(bulletin("a", 1, topics=(VATTEN, BRAND)))
    node = rss_item(outputs(settings_for(tmp_path), catalogue)["feed.xml"], "a")
    assert [c.text for c in node.findall("category")] == ["Vatten", "Brand & trygghet"]


def test_creators_are_the_signatories_with_their_roles(tmp_path):
    catalogue = catalogue_of(bulletin("a", 1, signatories=(LINA, PER)))
    node = rss_item(outputs(settings_for(tmp_path), catalogue)["feed.xml"], "a")
    assert [c.text for c in node.findall("dc:creator", NS)] == [
        "Lina Marklund, säkerhetssamordnare", "Per Ersgård, kommunpolis"]


def test_content_encoded_is_the_body_with_absolute_links(tmp_path):
    node = rss_item(outputs(settings_for(tmp_path), catalogue_of(bulletin("a", 1)))["feed.xml"], "a")
    assert node.findtext("content:encoded", namespaces=NS) == (
        f'<div><p>Text om a.</p>\n<p><a href="{SITE}bulletins/annat/">Annat</a> '
        f'<img alt="Karta" src="{SITE}bilder/karta.png"></p></div>')


def test_content_encoded_of_an_updated_bulletin_starts_with_the_update_note(tmp_path):
    catalogue = catalogue_of(bulletin("a", 1, updated=datetime(2023, 5, 14, tzinfo=STOCKHOLM)))
    node = rss_item(outputs(settings_for(tmp_path), catalogue)["feed.xml"], "a")
    assert node.findtext("content:encoded", namespaces=NS).startswith(
        '<div><p class="bulletin-updated"><strong>Uppdaterad 14 maj 2023</strong></p><p>Text om a.</p>')
    assert node.findtext("description") == "Uppdaterad 14 maj 2023. Sammanfattning av a."


def test_a_hostile_title_is_escaped_in_the_xml_and_reads_back_as_written(tmp_path):
    catalogue = catalogue_of(bulletin("a", 1, title=HOSTILE, summary=HOSTILE))
    xml = outputs(settings_for(tmp_path), catalogue)["feed.xml"]
    assert b"<title>Brand &amp; r\xc3\xb6k &lt;i&gt;nu&lt;/i&gt;</title>" in xml
    node = rss_item(xml, "a")
    assert node.findtext("title") == HOSTILE
    # description is HTML in RSS: the plain-text summary is escaped once more, so a reader shows it as written
    assert node.findtext("description") == "Brand &amp; rök &lt;i&gt;nu&lt;/i&gt;"
    parsed = feedparser.parse(xml)
    assert not parsed.bozo
    assert parsed.entries[0].title == HOSTILE


def test_a_topic_feed_holds_only_that_topic(tmp_path):
    catalogue = catalogue_of(bulletin("a", 1), bulletin("v", 2, topics=(VATTEN,)))
    root = etree.fromstring(outputs(settings_for(tmp_path), catalogue)["topics/vatten/feed.xml"])
    assert [n.findtext("link") for n in root.findall("channel/item")] == [f"{SITE}bulletins/v/"]
    assert root.findtext("channel/title") == "Vatten – Trygghet i kommunen"
    assert root.find("channel/atom:link", NS).get("href") == f"{SITE}topics/vatten/feed.xml"


def test_the_json_feed_has_the_items_of_the_site_feed(tmp_path):
    catalogue = catalogue_of(bulletin("a", 1, id="id-a"), bulletin("b", 2))
    made = outputs(settings_for(tmp_path), catalogue)
    document = json.loads(made["feed.json"])
    assert [(i["id"], i["url"], i["date_published"]) for i in document["items"]] == [
        (f"{SITE}bulletins/b/", f"{SITE}bulletins/b/", "2023-05-02T00:00:00+02:00"),
        ("id-a", f"{SITE}bulletins/a/", "2023-05-01T00:00:00+02:00")]


def test_an_alias_gets_a_redirect_page_to_the_bulletin(tmp_path):
    catalogue = catalogue_of(bulletin("ny", 1, aliases=("gammal",)))
    page = outputs(settings_for(tmp_path), catalogue)["bulletins/gammal/index.html"].decode("utf-8")
    assert f'<link rel="canonical" href="{SITE}bulletins/ny/">' in page
    assert 'href="../ny/"' in page


def test_a_bulletin_in_a_feed_without_a_rendered_body_is_an_error(tmp_path):
    with pytest.raises(LookupError, match="the engine rendered no body for 'a' before the feeds"):
        outputs(settings_for(tmp_path), catalogue_of(bulletin("a", 1)), bodies={})


def test_the_same_inputs_give_the_same_bytes(tmp_path):
    catalogue = catalogue_of(bulletin("a", 1, aliases=("x",)), bulletin("b", 2, topics=(VATTEN, BRAND)))
    assert outputs(settings_for(tmp_path), catalogue) == outputs(settings_for(tmp_path), catalogue)


def test_a_topic_page_links_its_own_feed_before_the_site_feeds(tmp_path):
    spec = PageSpec(PageKind.TOPIC, "topics/vatten/", "Vatten", topic=VATTEN)
    links = feeds.head_links(settings_for(tmp_path), spec)
    assert [(link.title, link.url, link.type) for link in links] == [
        ("Vatten – Trygghet i kommunen", "topics/vatten/feed.xml", "application/rss+xml"),
        ("Trygghet i kommunen", "feed.xml", "application/rss+xml"),
        ("Trygghet i kommunen (JSON Feed)", "feed.json", "application/feed+json"),
        ("Trygghet i kommunen: varningar (CAP)", "cap/index.atom", "application/atom+xml")]
