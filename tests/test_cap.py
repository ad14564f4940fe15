"""CAP 1.2: every alert's file valid against the official OASIS schema and our profile, and the Atom index."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from bulletin_site import cap
from bulletin_site.alert import Alert, AlertArea
from bulletin_site.model import Bulletin, Catalogue, Signatory, Topic
from bulletin_site.settings import Settings

from alerts_site import (ALL_CLEAR, EXERCISE, EXPIRED, FIRE, ORIGINAL, PLAIN, ROADWORK, SCHEDULED, UPDATE,
                         UPDATE_TITLE, alerts_project)

SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "fixtures" / "cap" / "CAP-v1.2.xsd")))
NS = {"cap": cap.CAP_NS}
ALERTS = (ORIGINAL, UPDATE, ROADWORK, FIRE, ALL_CLEAR, EXPIRED, EXERCISE)
# CAP's dateTime without 'Z' (the schema's pattern allows none, the profile insists on an offset)
OFFSET_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = alerts_project(tmp_path_factory.mktemp("cap"))
    project.build()
    return project


def alert_of(site, slug: str):
    return etree.parse(str(site.site / "cap" / f"{slug}.xml")).getroot()


def text(root, path: str) -> list[str]:
    return [e.text for e in root.iterfind(path, NS)]


def profile_problems(root) -> list[str]:
    """The rules of our profile the schema cannot express."""
    problems = []
    for path in ("cap:sent", "cap:info/cap:effective", "cap:info/cap:expires"):
        for value in text(root, path):
            if not OFFSET_TIME.match(value):
                problems.append(f"{path}: {value} has no offset")
    if text(root, "cap:msgType") == ["Update"]:
        refs = text(root, "cap:references")
        if not refs or not all(len(r.split(",")) == 3 for r in refs[0].split()):
            problems.append("an Update without sender,identifier,sent references")
    for polygon in text(root, "cap:info/cap:area/cap:polygon"):
        points = polygon.split()
        if len(points) < 4 or points[0] != points[-1]:
            problems.append(f"polygon not closed with 4 points: {polygon}")
    for desc in text(root, "cap:info/cap:area/cap:areaDesc"):
        if not desc or len(desc) > 50:
            problems.append(f"areaDesc: {desc!r}")
    for value in text(root, "cap:identifier") + text(root, "cap:sender"):
        if re.search(r"[\s,<&]", value):
            problems.append(f"identifier or sender with a space, comma, < or &: {value}")
    return problems


def test_every_public_alert_has_a_cap_file_and_nothing_else_does(site):
    made = sorted(p.stem for p in (site.site / "cap").glob("*.xml"))
    assert made == sorted(ALERTS)
    assert PLAIN not in made and SCHEDULED not in made


@pytest.mark.parametrize("slug", ALERTS)
def test_cap_file_is_valid_against_the_oasis_schema_and_the_profile(site, slug):
    document = etree.parse(str(site.site / "cap" / f"{slug}.xml"))
    assert SCHEMA.validate(document), SCHEMA.error_log
    assert profile_problems(document.getroot()) == []


def test_the_update_references_every_earlier_version_and_says_everything_about_itself(site):
    root = alert_of(site, UPDATE)
    assert text(root, "cap:identifier") == ["6d3c1f0e-0b1a-4c55-9f00-000000000002"]
    assert text(root, "cap:sender") == ["trygghet.example.se"]
    assert text(root, "cap:sent") == ["2023-11-12T00:00:00+01:00"]
    assert text(root, "cap:status") == ["Actual"]
    assert text(root, "cap:msgType") == ["Update"]
    assert text(root, "cap:scope") == ["Public"]
    assert text(root, "cap:references") == [
        "trygghet.example.se,6d3c1f0e-0b1a-4c55-9f00-000000000001,2023-11-10T00:00:00+01:00"]
    info = "cap:info/cap:"
    assert text(root, info + "language") == ["sv"]
    assert text(root, info + "category") == ["Health"]  # from the topic register
    assert text(root, info + "event") == ["Kokningsrekommendation"]
    assert text(root, info + "responseType") == ["Prepare"]
    assert (text(root, info + "urgency"), text(root, info + "severity"), text(root, info + "certainty")) == (
        ["Immediate"], ["Severe"], ["Observed"])
    assert text(root, info + "effective") == ["2023-11-12T00:00:00+01:00"]
    assert text(root, info + "expires") == ["2023-12-01T00:00:00+01:00"]
    assert text(root, info + "senderName") == ["Exempelby kommun"]
    assert text(root, info + "headline") == [UPDATE_TITLE]
    assert text(root, info + "instruction") == [
        "Koka vattnet i minst en minut innan du dricker det <b>eller</b> lagar mat."]
    assert text(root, info + "web") == [f"https://trygghet.example.se/bulletins/{UPDATE}/"]
    assert text(root, info + "contact") == ["vatten@exempelby.example.se"]
    assert text(root, info + "area/cap:areaDesc") == ["Kolbäck", "Strömsholm"]
    assert text(root, info + "area/cap:polygon") == ["59.567,16.243 59.571,16.262 59.559,16.27 59.567,16.243"]
    geocodes = [(g.findtext("cap:valueName", namespaces=NS), g.findtext("cap:value", namespaces=NS))
                for g in root.iterfind(info + "area/cap:geocode", NS)]
    assert geocodes == [("SCB-kommun", "1961"), ("SCB-lan", "19")]


def test_the_description_is_the_body_as_plain_text(site):
    description = text(alert_of(site, UPDATE), "cap:info/cap:description")[0]
    assert description == ("Rekommendationen gäller nu också Strömsholm.\n\n– Koka vattnet.\n\n"
                           "– Använd inte vattnet till is.")
    raw = (site.site / "cap" / f"{UPDATE}.xml").read_text(encoding="utf-8")
    assert "<strong>" not in raw and "&lt;strong" not in raw and "&lt;em" not in raw


def test_the_first_alert_is_an_alert_the_all_clear_an_update_with_responsetype_allclear(site):
    assert text(alert_of(site, ORIGINAL), "cap:msgType") == ["Alert"]
    assert alert_of(site, ORIGINAL).find("cap:references", NS) is None
    clear = alert_of(site, ALL_CLEAR)
    assert text(clear, "cap:msgType") == ["Update"]
    assert text(clear, "cap:info/cap:responseType") == ["AllClear"]
    assert text(clear, "cap:references") == [
        "trygghet.example.se,6d3c1f0e-0b1a-4c55-9f00-000000000003,2023-11-01T00:00:00+01:00"]
    assert text(clear, "cap:sent") == ["2023-11-14T10:00:00+01:00"]


def test_an_exercise_is_in_cap_with_its_status(site):
    assert text(alert_of(site, EXERCISE), "cap:status") == ["Exercise"]


def test_the_index_holds_what_is_in_force_or_ended_within_48_hours_each_linking_its_cap_file(site):
    raw = (site.site / "cap" / "index.atom").read_bytes()
    feed = feedparser.parse(raw)
    assert not feed.bozo
    links = [[link.href for link in entry.links if link.type == "application/cap+xml"] for entry in feed.entries]
    # newest first; the original ended (updated) 12 Nov and the storm expired 5 Oct: both more than 48 h ago
    assert links == [[f"https://trygghet.example.se/cap/{slug}.xml"] for slug in (ALL_CLEAR, EXERCISE, ROADWORK,
                                                                                  UPDATE, FIRE)]
    assert feed.feed.title == "Trygghet i Exempelby: varningar (CAP)"
    root = etree.fromstring(raw)
    for value in root.iterfind(".//{http://www.w3.org/2005/Atom}updated"):
        assert OFFSET_TIME.match(value.text)


def test_builds_at_the_same_clock_give_the_same_bytes(site, tmp_path):
    again = alerts_project(tmp_path)
    again.build(process=True)  # another process: another order of sets and dicts of strings
    for path in sorted((site.site / "cap").iterdir()):
        assert (again.site / "cap" / path.name).read_bytes() == path.read_bytes()


def test_the_index_stays_under_900_kb_whatever_the_number_of_alerts(tmp_path):
    now = datetime(2023, 11, 14, 12, tzinfo=timezone.utc)
    topic = Topic("vatten", "Dricksvatten", "vatten")
    long_title = "Kokningsrekommendation i hela kommunen ÅÄÖ 😀 " * 20
    bulletins = tuple(
        Bulletin(slug=f"2023-11-01-varning-{n:05d}", source="x.md", title=long_title, summary=long_title,
                 date=now - timedelta(minutes=n), topics=(topic,), signatories=(Signatory("A", "B"),),
                 id=f"id-{n}", expires=now + timedelta(days=1),
                 alert=Alert("severe", areas=(AlertArea("Kolbäck", kommun="1961"),)))
        for n in range(3000))
    settings = Settings(root=tmp_path, source_dir=tmp_path, site_url="https://trygghet.example.se/",
                        site_name="Trygghet", organisation="Kommunen")
    index = cap.index(settings, Catalogue(bulletins, now))
    assert len(index) < 900 * 1024
    assert len(feedparser.parse(index).entries) == cap.MAX_INDEX_ENTRIES
