"""The feeds (/feed.xml, /topics/<topic>/feed.xml, /feed.json), autodiscovery and alias redirects.

Every feed is read twice: by feedparser (a real client; ``bozo`` must be
false) and by lxml (the exact XML). Regenerate the golden files with
``UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_feeds.py``.
"""
from __future__ import annotations

import html
import json
import os
import re
import subprocess
import time
import urllib.error
import urllib.request
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import lxml.html
import pytest
import yaml
from lxml import etree

from conftest import MKDOCS, Project, REPO, empty_project, free_port

GOLDEN = Path(__file__).parent / "golden"
SITE = "https://trygghet.example.se/"
NS = {"atom": "http://www.w3.org/2005/Atom", "content": "http://purl.org/rss/1.0/modules/content/",
      "dc": "http://purl.org/dc/elements/1.1/"}
HOSTILE = "Brand & rök <i>nu</i> \"citat\" 'enkla' – åäö ÅÄÖ 🔥"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def quoted(text: str) -> str:
    """``text`` as a YAML scalar (JSON is YAML)."""
    return json.dumps(text, ensure_ascii=False)


def read_feed(project, uri: str = "feed.xml"):
    """The feed's XML root and feedparser's reading of it; fails unless both parsers accept it."""
    data = (project.site / uri).read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return etree.fromstring(data), parsed


def items(root) -> list:
    return root.findall("channel/item")


def item(root, slug: str):
    """The item of the bulletin ``slug``."""
    for node in items(root):
        if node.findtext("link") == f"{SITE}bulletins/{slug}/":
            return node
    raise AssertionError(f"no item for {slug}")


def content_of(node) -> str:
    return node.findtext("content:encoded", namespaces=NS)


def golden_site(project) -> None:
    """The small fixture site of the golden files: registers, an updated bulletin with an id and
    relative links, a bulletin with a date-time, a second topic, a draft and a scheduled one."""
    project.write("docs/om.md", "# Om webbplatsen\n\nText.\n")
    project.write("docs/bilder/karta.png", PNG)
    project.write("bulletins/topics.yml", (
        "brand:\n  label: Brand & rök\n  description: Brandrisk och eldningsförbud.\n"
        "vatten:\n  label: Dricksvatten\n"))
    project.write("bulletins/signatories.yml", (
        "lina-marklund:\n  name: Lina Marklund\n  role: säkerhetssamordnare\n"))
    project.bulletin(
        "2023-05-12-eldningsforbud", title="Eldningsförbud i hela kommunen", topics="[brand, vatten]",
        signatories="\n  - lina-marklund\n  - name: Per Ersgård\n    role: kommunpolis",
        extra=("summary: Det är förbjudet att elda utomhus från och med i dag.\n"
               "updated: 2023-05-14\nid: 7f3c2a90-eldning\n"),
        body=("Det råder eldningsförbud. Läs [om webbplatsen](../om.md) och se [råden](#rad).\n\n"
              "![Karta över området](../bilder/karta.png)\n\n"
              "Mer hos [SMHI](https://www.smhi.se/).\n\n## Råd {#rad}\n\n- Grilla inte.\n"))
    project.bulletin("2023-06-01-vattenlackan", title="Vattenläcka på Storgatan",
                     date="2023-06-01T09:30:00+00:00", topics="[vatten]",
                     body="Vattnet är avstängt på Storgatan.\n\nKoka vattnet tills vidare.\n")
    project.bulletin("2023-04-02-utkast", title="Ett utkast", topics="[brand]", extra="draft: true\n")
    project.bulletin("2030-01-01-framtid", title="Schemalagt", date="2030-01-01", topics="[brand]")


def shared_project(tmp_path_factory, name: str) -> Project:
    """Like the ``project`` fixture, for a site built once and only read by several tests."""
    return empty_project(tmp_path_factory.mktemp(name))


@pytest.fixture(scope="module")
def golden(tmp_path_factory):
    """The golden fixture site, built once for the tests that only read it."""
    project = shared_project(tmp_path_factory, "golden")
    golden_site(project)
    project.build()
    return project


# ---- every feed is valid ------------------------------------------------------------------------

def test_every_rss_feed_is_read_by_feedparser_without_errors(golden):
    uris = ["feed.xml", "topics/brand/feed.xml", "topics/vatten/feed.xml"]
    versions = [read_feed(golden, uri)[1].version for uri in uris]
    assert versions == ["rss20", "rss20", "rss20"]


def test_feeds_are_written_only_where_the_contract_says(golden):
    written = sorted(p.relative_to(golden.site).as_posix() for p in golden.site.rglob("feed.*"))
    assert written == ["feed.json", "feed.xml", "sv/feed.xml", "topics/brand/feed.xml", "topics/vatten/feed.xml"]


def test_golden_feeds_are_byte_for_byte_what_the_fixture_site_gives(golden):
    outputs = {"feed.xml": "feed.xml", "topics/brand/feed.xml": "topic-brand-feed.xml",
               "feed.json": "feed.json"}
    for uri, name in outputs.items():
        made = (golden.site / uri).read_bytes()
        if os.environ.get("UPDATE_GOLDEN"):
            GOLDEN.mkdir(exist_ok=True)
            (GOLDEN / name).write_bytes(made)
        assert made == (GOLDEN / name).read_bytes(), f"{uri} differs from tests/golden/{name}"


def test_two_builds_give_byte_identical_feeds(project, tmp_path):
    golden_site(project)
    project.build()
    first = {p.relative_to(project.site): p.read_bytes() for p in project.site.rglob("feed.*")}
    project.build(process=True)  # another process: another order of sets and dicts of strings
    second = {p.relative_to(project.site): p.read_bytes() for p in project.site.rglob("feed.*")}
    assert first == second and len(first) == 5


# ---- which items ------------------------------------------------------------------------------

def test_site_feed_lists_public_bulletins_newest_first(golden):
    root, _ = read_feed(golden)
    assert [n.findtext("title") for n in items(root)] == ["Vattenläcka på Storgatan",
                                                          "Eldningsförbud i hela kommunen"]


def test_topic_feed_holds_only_that_topics_bulletins(golden):
    root, _ = read_feed(golden, "topics/brand/feed.xml")
    assert [n.findtext("title") for n in items(root)] == ["Eldningsförbud i hela kommunen"]


def test_feed_size_limits_the_items_of_every_feed(project):
    for day in range(1, 5):
        project.bulletin(f"2023-05-0{day}-brand", date=f"2023-05-0{day}")
    project.configure(bulletins={"feed_size": 3})
    project.build()
    for uri in ("feed.xml", "topics/brand/feed.xml"):
        root, _ = read_feed(project, uri)
        assert [n.findtext("link") for n in items(root)] == [
            f"{SITE}bulletins/2023-05-0{day}-brand/" for day in (4, 3, 2)]


def test_feed_size_defaults_to_fifty(project):
    for number in range(52):
        project.bulletin(f"2023-01-01-brand-{number:02d}", date="2023-01-01")
    project.build()
    root, _ = read_feed(project)
    assert len(items(root)) == 50


def test_a_site_without_bulletins_has_an_empty_valid_feed(project):
    project.build()
    root, parsed = read_feed(project)
    assert items(root) == [] and root.find("channel/lastBuildDate") is None
    assert parsed.feed.title == "Trygghet i Exempelby"



def fetch_when_served(url: str, process: subprocess.Popen, seconds: float = 60) -> bytes:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"mkdocs serve stopped: {process.stderr.read()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    raise AssertionError(f"{url} was never served")


def test_preview_feeds_leave_out_drafts_and_scheduled_bulletins(project):
    project.bulletin("2023-05-12-brandrisk")
    project.bulletin("2023-05-13-utkast", title="Ett utkast", extra="draft: true\n")
    project.bulletin("2030-01-01-framtid", title="Schemalagt", date="2030-01-01", topics="[framtid]")
    port = free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen([*MKDOCS, "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
                               cwd=project.root, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    try:
        site_feed = fetch_when_served(f"http://127.0.0.1:{port}/feed.xml", process)
        topic_page = fetch_when_served(f"http://127.0.0.1:{port}/topics/framtid/", process)
        topic_feed = fetch_when_served(f"http://127.0.0.1:{port}/topics/framtid/feed.xml", process)
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert "Schemalagt" in topic_page.decode()  # the preview shows it; its feed does not
    assert [n.findtext("title") for n in items(etree.fromstring(site_feed))] == ["Brandrisk i skogen"]
    assert items(etree.fromstring(topic_feed)) == []


# ---- the channel ------------------------------------------------------------------------------

def test_channel_has_title_link_description_language_and_generator(golden):
    root, _ = read_feed(golden)
    channel = root.find("channel")
    assert [(channel.findtext(tag)) for tag in ("title", "link", "description", "language", "generator")] == [
        "Trygghet i Exempelby", SITE, "De senaste meddelandena från Exempelby kommun.", "sv", "bulletin_site"]


def test_topic_channel_names_the_topic_and_links_its_page(golden):
    root, _ = read_feed(golden, "topics/brand/feed.xml")
    channel = root.find("channel")
    assert [channel.findtext(tag) for tag in ("title", "link", "description")] == [
        "Brand & rök – Trygghet i Exempelby", f"{SITE}topics/brand/",
        "Meddelanden från Exempelby kommun i ämnet Brand & rök."]


def test_atom_self_link_is_the_feeds_own_absolute_url(golden):
    for uri in ("feed.xml", "topics/vatten/feed.xml"):
        root, _ = read_feed(golden, uri)
        link = root.find("channel/atom:link", NS)
        assert dict(link.attrib) == {"href": SITE + uri, "rel": "self", "type": "application/rss+xml"}


def test_last_build_date_is_the_newest_item_date_not_the_build_time(golden):
    root, _ = read_feed(golden)
    # the newest change: Vattenläcka, 2023-06-01 09:30 UTC, in Stockholm's summer time
    assert root.findtext("channel/lastBuildDate") == "Thu, 01 Jun 2023 11:30:00 +0200"


def test_last_build_date_counts_an_items_updated_date(golden):
    root, _ = read_feed(golden, "topics/brand/feed.xml")
    assert root.findtext("channel/lastBuildDate") == "Sun, 14 May 2023 00:00:00 +0200"


# ---- the items --------------------------------------------------------------------------------

def test_item_link_is_the_absolute_permalink(golden):
    root, parsed = read_feed(golden)
    assert [e.link for e in parsed.entries] == [f"{SITE}bulletins/2023-06-01-vattenlackan/",
                                                f"{SITE}bulletins/2023-05-12-eldningsforbud/"]


def test_guid_without_id_is_the_permalink(golden):
    root, _ = read_feed(golden)
    guid = item(root, "2023-06-01-vattenlackan").find("guid")
    assert (guid.text, guid.get("isPermaLink")) == (f"{SITE}bulletins/2023-06-01-vattenlackan/", None)


def test_guid_with_id_is_the_id_and_not_a_permalink(golden):
    root, parsed = read_feed(golden)
    guid = item(root, "2023-05-12-eldningsforbud").find("guid")
    assert (guid.text, guid.get("isPermaLink")) == ("7f3c2a90-eldning", "false")
    assert (parsed.entries[1].id, parsed.entries[1].guidislink) == ("7f3c2a90-eldning", False)


def test_pub_date_of_a_plain_date_is_midnight_in_the_site_time_zone(golden):
    root, _ = read_feed(golden)
    assert item(root, "2023-05-12-eldningsforbud").findtext("pubDate") == "Fri, 12 May 2023 00:00:00 +0200"


def test_pub_date_of_a_date_time_is_shown_in_the_site_time_zone(golden):
    root, _ = read_feed(golden)
    text = item(root, "2023-06-01-vattenlackan").findtext("pubDate")
    assert text == "Thu, 01 Jun 2023 11:30:00 +0200"
    assert parsedate_to_datetime(text).timestamp() == 1685611800  # 2023-06-01T09:30:00Z


def test_pub_date_in_winter_has_the_winter_offset_and_english_names(project):
    project.bulletin("2023-01-03-halka", date="2023-01-03")
    project.build()
    root, _ = read_feed(project)
    assert root.findtext("channel/item/pubDate") == "Tue, 03 Jan 2023 00:00:00 +0100"


def project_theme(project) -> dict:
    return yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]


def test_description_is_the_summary(golden):
    root, parsed = read_feed(golden)
    assert item(root, "2023-06-01-vattenlackan").findtext("description") == "Vattnet är avstängt på Storgatan."
    assert parsed.entries[0].summary == "Vattnet är avstängt på Storgatan."


def test_content_encoded_is_the_body_html_as_mkdocs_rendered_it(golden):
    root, _ = read_feed(golden)
    assert content_of(item(root, "2023-06-01-vattenlackan")) == (
        "<div><p>Vattnet är avstängt på Storgatan.</p>\n<p>Koka vattnet tills vidare.</p></div>")


def test_one_category_per_topic_label(golden):
    root, parsed = read_feed(golden)
    node = item(root, "2023-05-12-eldningsforbud")
    assert [c.text for c in node.findall("category")] == ["Brand & rök", "Dricksvatten"]
    assert [t.term for t in parsed.entries[1].tags] == ["Brand & rök", "Dricksvatten"]


def test_one_dc_creator_per_signatory_as_name_comma_role(golden):
    root, _ = read_feed(golden)
    node = item(root, "2023-05-12-eldningsforbud")
    assert [c.text for c in node.findall("dc:creator", NS)] == [
        "Lina Marklund, säkerhetssamordnare", "Per Ersgård, kommunpolis"]


def test_every_item_has_each_rss_element_once_except_categories_and_creators(golden):
    root, _ = read_feed(golden)
    for node in items(root):
        tags = [etree.QName(child).localname for child in node]
        for once in ("title", "link", "guid", "pubDate", "description", "encoded"):
            assert tags.count(once) == 1, (once, tags)


# ---- updated bulletins ------------------------------------------------------------------------

def test_updated_bulletin_keeps_its_pub_date(golden):
    root, _ = read_feed(golden)
    assert item(root, "2023-05-12-eldningsforbud").findtext("pubDate") == "Fri, 12 May 2023 00:00:00 +0200"


def test_updated_bulletin_says_so_at_the_top_of_its_content(golden):
    root, _ = read_feed(golden)
    content = content_of(item(root, "2023-05-12-eldningsforbud"))
    assert content.startswith('<div><p class="bulletin-updated"><strong>Uppdaterad 14 maj 2023</strong></p>'
                              "<p>Det råder eldningsförbud.")


def test_updated_bulletin_says_so_at_the_top_of_its_description(golden):
    root, _ = read_feed(golden)
    assert item(root, "2023-05-12-eldningsforbud").findtext("description") == (
        "Uppdaterad 14 maj 2023. Det är förbjudet att elda utomhus från och med i dag.")


def test_updated_note_follows_the_site_language(project):
    project.bulletin("2023-05-12-brandrisk", extra="updated: 2023-05-14\n")
    project.configure(theme={**project_theme(project), "language": "en"})
    project.build()
    root, _ = read_feed(project)
    node = root.find("channel/item")
    assert node.findtext("description") == "Updated May 14, 2023. Det råder eldningsförbud i hela kommunen."
    assert content_of(node).startswith('<div><p class="bulletin-updated"><strong>Updated May 14, 2023</strong>')


# ---- links in the body ------------------------------------------------------------------------

def test_relative_links_in_the_body_come_out_absolute(golden):
    root, _ = read_feed(golden)
    body = lxml.html.fragment_fromstring(content_of(item(root, "2023-05-12-eldningsforbud")))
    assert [a.get("href") for a in body.iter("a")] == [
        f"{SITE}om/", f"{SITE}bulletins/2023-05-12-eldningsforbud/#rad", "https://www.smhi.se/"]
    assert [img.get("src") for img in body.iter("img")] == [f"{SITE}bilder/karta.png"]


def test_srcset_and_mailto_in_raw_html_are_handled(project):
    project.write("docs/bilder/a.png", PNG)
    project.bulletin("2023-05-12-brandrisk", body=(
        'Text.\n\n<p><img src="../../bilder/a.png" srcset="../../bilder/a.png 1x, ../../bilder/b.png 2x" '
        'alt="Karta"> <a href="mailto:kommun@example.se">E-post</a></p>\n'))
    project.build()
    root, _ = read_feed(project)
    body = lxml.html.fragment_fromstring(content_of(root.find("channel/item")))
    img, = body.iter("img")
    assert (img.get("src"), img.get("srcset")) == (
        f"{SITE}bilder/a.png", f"{SITE}bilder/a.png 1x, {SITE}bilder/b.png 2x")
    assert [a.get("href") for a in body.iter("a")] == ["mailto:kommun@example.se"]


def test_links_are_absolute_against_a_site_url_with_a_path(project):
    project.write("docs/om.md", "# Om\n")
    project.bulletin("2023-05-12-brandrisk", body="Läs [om oss](../om.md).\n")
    project.configure(site_url="https://kommun.example.se/trygghet/")
    project.build()
    root, _ = read_feed(project)
    node = root.find("channel/item")
    assert node.findtext("link") == "https://kommun.example.se/trygghet/bulletins/2023-05-12-brandrisk/"
    assert 'href="https://kommun.example.se/trygghet/om/"' in content_of(node)


# ---- hostile text -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    project = shared_project(tmp_path_factory, "hostile")
    project.write("bulletins/topics.yml", f"brand:\n  label: {quoted(HOSTILE)}\n")
    project.bulletin("2023-05-12-brandrisk", title=quoted(HOSTILE), topics="[brand]",
                     signatories=f"\n  - name: {quoted(HOSTILE)}\n    role: {quoted(HOSTILE)}",
                     extra=f"summary: {quoted(HOSTILE)}\n")
    project.build()
    return project


def test_hostile_title_round_trips_exactly(hostile):
    root, parsed = read_feed(hostile)
    assert root.findtext("channel/item/title") == HOSTILE
    assert parsed.entries[0].title == HOSTILE


def test_hostile_topic_label_round_trips_exactly_as_category(hostile):
    root, parsed = read_feed(hostile, "topics/brand/feed.xml")
    assert root.findtext("channel/item/category") == HOSTILE
    assert parsed.entries[0].tags[0].term == HOSTILE


def test_hostile_signatory_round_trips_exactly_as_creator(hostile):
    root, parsed = read_feed(hostile)
    assert root.findtext("channel/item/dc:creator", namespaces=NS) == f"{HOSTILE}, {HOSTILE}"
    assert parsed.entries[0].author == f"{HOSTILE}, {HOSTILE}"


def test_hostile_summary_is_escaped_html_in_the_description(hostile):
    root, parsed = read_feed(hostile)
    # description is HTML: readers must show the markup as text, not as italics
    assert root.findtext("channel/item/description") == html.escape(HOSTILE, quote=False)
    assert html.unescape(parsed.entries[0].summary) == HOSTILE


def test_hostile_text_round_trips_in_the_json_feed(hostile):
    feed = json.loads((hostile.site / "feed.json").read_text(encoding="utf-8"))
    entry = feed["items"][0]
    assert (entry["title"], entry["summary"], entry["tags"], entry["authors"]) == (
        HOSTILE, HOSTILE, [HOSTILE], [{"name": f"{HOSTILE}, {HOSTILE}"}])


def test_hostile_topic_label_is_escaped_in_the_autodiscovery_title(hostile):
    page = lxml.html.fromstring(hostile.read("topics/brand/index.html"))
    titles = [link.get("title") for link in page.iterfind(".//head/link[@rel='alternate']")]
    assert titles[0] == f"{HOSTILE} – Trygghet i Exempelby"


# ---- JSON Feed --------------------------------------------------------------------------------

def test_json_feed_has_the_same_items_as_the_rss_feed(golden):
    root, _ = read_feed(golden)
    feed = json.loads((golden.site / "feed.json").read_text(encoding="utf-8"))
    assert [(i["id"], i["url"], i["title"], i["content_html"]) for i in feed["items"]] == [
        (n.findtext("guid"), n.findtext("link"), n.findtext("title"), content_of(n)) for n in items(root)]


def test_json_feed_is_version_1_1_with_its_own_url(golden):
    feed = json.loads((golden.site / "feed.json").read_text(encoding="utf-8"))
    assert (feed["version"], feed["feed_url"], feed["home_page_url"], feed["language"]) == (
        "https://jsonfeed.org/version/1.1", f"{SITE}feed.json", SITE, "sv")


def test_json_feed_dates_are_rfc_3339_with_modified_for_updated_bulletins(golden):
    feed = json.loads((golden.site / "feed.json").read_text(encoding="utf-8"))
    assert [(i["date_published"], i.get("date_modified")) for i in feed["items"]] == [
        ("2023-06-01T11:30:00+02:00", None), ("2023-05-12T00:00:00+02:00", "2023-05-14T00:00:00+02:00")]


# ---- stable identity and aliases --------------------------------------------------------------

def test_a_renamed_bulletin_with_an_id_keeps_its_guid(project):
    project.bulletin("2023-05-12-brand", extra="id: brand-2023-05\n")
    project.build()
    before, _ = read_feed(project)
    (project.root / "bulletins/2023-05-12-brand.md").unlink()
    project.bulletin("2023-05-12-brandrisk-i-skogen", title="Brandrisk i skogen och i parker",
                     extra="id: brand-2023-05\naliases: [2023-05-12-brand]\n")
    project.build()
    after, _ = read_feed(project)
    assert before.findtext("channel/item/guid") == after.findtext("channel/item/guid") == "brand-2023-05"
    assert after.findtext("channel/item/link") == f"{SITE}bulletins/2023-05-12-brandrisk-i-skogen/"


def test_each_alias_gets_a_redirect_page_to_the_bulletin(project):
    project.bulletin("2023-05-12-brandrisk", extra="aliases: [2023-05-12-brand, brand-i-skogen]\n")
    project.build()
    for alias in ("2023-05-12-brand", "brand-i-skogen"):
        page = lxml.html.fromstring(project.read(f"bulletins/{alias}/index.html"))
        assert page.find(".//meta[@http-equiv='refresh']").get("content") == "0; url=../2023-05-12-brandrisk/"
        assert page.find(".//link[@rel='canonical']").get("href") == f"{SITE}bulletins/2023-05-12-brandrisk/"
        assert [(a.get("href"), a.text) for a in page.iter("a")] == [
            ("../2023-05-12-brandrisk/", "Brandrisk i skogen")]


def test_redirect_page_escapes_the_title_and_follows_the_site_language(project):
    project.bulletin("2023-05-12-brandrisk", title=quoted(HOSTILE), extra="aliases: [brand]\n")
    project.configure(theme={**project_theme(project), "language": "en"})
    project.build()
    page = lxml.html.fromstring(project.read("bulletins/brand/index.html"))
    assert (page.get("lang"), page.findtext(".//title"), page.findtext(".//h1"), page.findtext(".//a")) == (
        "en", HOSTILE, "This bulletin has moved", HOSTILE)


def test_redirect_page_target_exists_in_the_built_site(project):
    project.bulletin("2023-05-12-brandrisk", extra="aliases: [brand]\n")
    project.build()
    redirect = project.site / "bulletins/brand/index.html"
    target = (redirect.parent / "../2023-05-12-brandrisk/index.html").resolve()
    assert target.is_file()


# ---- autodiscovery and the visible link -------------------------------------------------------

def alternates(project, uri: str) -> list[tuple[str, str, str]]:
    page = lxml.html.fromstring(project.read(uri))
    return [(link.get("type"), link.get("title"), link.get("href"))
            for link in page.iterfind(".//head/link[@rel='alternate']")]


def test_every_page_links_the_site_feed_for_autodiscovery(golden):
    pages = {"index.html": "", "om/index.html": "../", "topics/index.html": "../",
             "archive/2023/index.html": "../../", "bulletins/2023-05-12-eldningsforbud/index.html": "../../"}
    for uri, up in pages.items():
        assert alternates(golden, uri)[-2:] == [
            ("application/rss+xml", "Trygghet i Exempelby", f"{up}feed.xml"),
            ("application/feed+json", "Trygghet i Exempelby (JSON Feed)", f"{up}feed.json")], uri


def test_a_topic_page_links_its_own_feed_first(golden):
    assert alternates(golden, "topics/brand/index.html")[0] == (
        "application/rss+xml", "Brand & rök – Trygghet i Exempelby", "feed.xml")


def test_the_not_found_page_links_the_site_feed(golden):
    assert alternates(golden, "404.html") == [("application/rss+xml", "Trygghet i Exempelby", "/feed.xml")]


def subscribe_links(project, uri: str) -> list[tuple[str, str]]:
    page = lxml.html.fromstring(project.read(uri))
    return [(a.text, a.get("href")) for a in page.iterfind(".//p[@class='bulletin-listing__subscribe']/a")]


def test_home_page_shows_a_visible_subscribe_link_to_the_site_feed(golden):
    assert subscribe_links(golden, "index.html") == [("Prenumerera (RSS)", "feed.xml")]


def test_topic_page_shows_a_visible_subscribe_link_to_its_own_feed(golden):
    assert subscribe_links(golden, "topics/vatten/index.html") == [("Prenumerera (RSS)", "feed.xml")]


def test_subscribe_link_follows_the_site_language(project):
    project.bulletin("2023-05-12-brandrisk")
    project.configure(theme={**project_theme(project), "language": "en"})
    project.build()
    assert subscribe_links(project, "index.html") == [("Subscribe (RSS)", "feed.xml")]


# ---- site_url ---------------------------------------------------------------------------------

def test_a_site_without_site_url_fails_with_a_clear_error(project):
    project.configure(site_url=None)
    result = project.build(check=False)
    assert result.returncode == 1
    assert ("mkdocs.yml: site_url: site_url saknas — ange webbplatsens adress i mkdocs.yml, t.ex. "
            "'site_url: https://trygghet.example.se/' (flöden och utskrifter behöver absoluta länkar)"
            in result.stderr)


# ---- the shipped site -------------------------------------------------------------------------

def test_shipped_site_feeds_hold_every_public_bulletin_and_parse(tmp_path):
    for name in ("docs", "bulletins", "hooks"):
        (tmp_path / name).symlink_to(REPO / name)
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["extra"]["bulletins"]["pdf"] = False  # PDFs are the print issue's to test
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    site = tmp_path / "site"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([*MKDOCS, "build", "--strict", "-d", str(site)], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    pages = {p.parent.name for p in (site / "bulletins").glob("*/index.html")
             if "http-equiv=\"refresh\"" not in p.read_text(encoding="utf-8")}
    feeds = [site / "feed.xml", *sorted((site / "topics").glob("*/feed.xml"))]
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    def linked(path):
        return {e.link.removeprefix(config["site_url"]).split("/")[1]
                for e in feedparser.parse(path.read_bytes()).entries}
    # the site feed holds the originals; each language's feed its originals and translations
    by_language = set().union(*(linked(path) for path in site.glob("*/feed.xml")))
    originals = {p for p in pages if "translation_of:" not in next(
        (REPO / "bulletins").rglob(f"{p}.md")).read_text(encoding="utf-8")}
    assert linked(feeds[0]) == originals and by_language == pages and len(feeds) > 1


def test_subscribe_page_links_no_individual_bulletin():
    text = (REPO / "docs" / "prenumerera.md").read_text(encoding="utf-8")
    assert re.findall(r"\]\(([^)]*)\)", text) and not re.search(r"bulletins/", text)
