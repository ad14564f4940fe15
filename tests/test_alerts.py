"""Alerts on the site: the banner on every page exactly while an alert is active, the home page's list,
an alert's own page (exercise, all-clear), the build log, and the alert: block's validation."""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest
from bulletin_site import alerts
from bulletin_site.alert import Alert, AlertArea
from bulletin_site.loading import collect
from bulletin_site.model import Bulletin, Catalogue, Signatory, Topic
from bulletin_site.pages import Renderer
from bulletin_site.settings import Settings

from alerts_site import (ALL_CLEAR, EXERCISE, EXPIRED, FIRE, ORIGINAL, PLAIN, ROADWORK, SCHEDULED, UPDATE,
                         UPDATE_TITLE, alerts_project, q)
from conftest import FIXED_EPOCH, bulletin_text, bulletins_here

REPO = Path(__file__).resolve().parent.parent

# every kind of page a resident can land on, with the address it has
PAGES = {
    "home": "index.html", "docs page": "om/index.html", "topics": "topics/index.html",
    "topic": "topics/vatten/index.html", "archive": "archive/index.html", "year": "archive/2023/index.html",
    "bulletin": f"bulletins/{PLAIN}/index.html", "alert's own page": f"bulletins/{UPDATE}/index.html",
    "ended alert": f"bulletins/{FIRE}/index.html", "exercise": f"bulletins/{EXERCISE}/index.html",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = alerts_project(tmp_path_factory.mktemp("alerts"))
    project.log = project.build().stderr
    return project


def page(site, uri: str):
    return lxml.html.fromstring(site.read(uri))


def banner(tree):
    return q(tree, ".md-banner .bulletin-alerts")


@pytest.mark.parametrize("kind", PAGES)
def test_every_page_starts_with_the_banner_of_the_active_severe_alert(site, kind):
    uri = PAGES[kind]
    found = banner(page(site, uri))
    assert len(found) == 1
    items = q(found[0], "li.bulletin-alert")
    assert [q(i, ".bulletin-alert__title a")[0].text_content() for i in items] == [UPDATE_TITLE]
    item = items[0]
    assert q(item, ".bulletin-alert__severity")[0].text_content() == "Allvarlig varning"
    assert q(item, ".bulletin-alert__area")[0].text_content() == "Område: Kolbäck, Strömsholm"
    assert "Koka vattnet i minst en minut" in q(item, ".bulletin-alert__instruction")[0].text_content()
    assert item.get("data-bulletin-expires") == "2023-12-01T00:00:00+01:00"
    # the link leads to the alert's page from wherever the banner is
    href = q(item, ".bulletin-alert__title a")[0].get("href")
    assert urljoin("https://x.se/" + uri, href) == f"https://x.se/bulletins/{UPDATE}/"


@pytest.mark.parametrize("kind", PAGES)
def test_the_banner_is_announced_only_on_the_alerts_own_page(site, kind):
    tree = page(site, PAGES[kind])
    roles = q(tree, "[role=alert]")
    assert len(roles) == (1 if kind == "alert's own page" else 0)
    assert q(banner(tree)[0], "h2")[0].text_content() == "Varningar just nu"


def test_the_banner_escapes_what_staff_wrote(site):
    html = site.read("index.html")
    assert "&lt;i&gt;utökas&lt;/i&gt;" in html and "<i>utökas</i>" not in html
    assert "&lt;b&gt;eller&lt;/b&gt;" in html


def test_the_home_page_lists_every_active_alert_most_severe_first(site):
    section = q(page(site, "index.html"), "#bulletin-alert-list")[0]
    titles = [a.text_content() for a in q(section, ".bulletin-alert__title a")]
    assert titles == [UPDATE_TITLE, "Vägarbete på riksväg 66"]
    # above the latest bulletins
    html = site.read("index.html")
    assert html.index('id="bulletin-alert-list"') < html.index("Senaste meddelandena")


def test_exercise_page_says_so_at_the_top_in_large_letters(site):
    tree = page(site, f"bulletins/{EXERCISE}/index.html")
    notice = q(tree, ".bulletin-exercise")[0]
    assert notice.text_content() == "ÖVNING — detta är inte ett skarpt meddelande"
    content = q(tree, "article")[0].text_content()
    assert content.index("ÖVNING") < content.index("Övning av varningssystemet")


def test_an_exercise_is_in_no_feed(site):
    for uri in ("feed.xml", "feed.json", "topics/brand/feed.xml"):
        assert EXERCISE not in site.read(uri) and "Övning av varningssystemet" not in site.read(uri)
    assert ALL_CLEAR in site.read("topics/brand/feed.xml")


def test_all_clear_page_says_the_danger_is_over_and_the_ended_alert_is_replaced(site):
    tree = page(site, f"bulletins/{ALL_CLEAR}/index.html")
    assert q(tree, ".bulletin-alert--allclear .bulletin-alert__severity")[0].text_content() == "Faran är över"
    ended = page(site, f"bulletins/{FIRE}/index.html")
    assert q(ended, ".bulletin-alert--ended")
    assert q(ended, ".bulletin-banner--replaced-by")


def test_the_build_log_says_when_the_next_alert_starts(site):
    assert f"nästa varning börjar 2023-11-20T06:00+01:00 ({SCHEDULED})" in site.log


def test_every_page_head_links_the_cap_index(site):
    for uri in PAGES.values():
        links = [link for link in page(site, uri).iterfind(".//head/link") if link.get("type") == "application/atom+xml"]
        assert [(link.get("rel").split(), link.get("title")) for link in links] == [
            (["alternate"], "Trygghet i Exempelby: varningar (CAP)")]
        assert urljoin("https://x.se/" + uri, links[0].get("href")) == "https://x.se/cap/index.atom"


def test_without_an_active_severe_alert_no_page_has_a_banner(project):
    project.bulletin("2023-10-01-storm", extra="expires: 2023-10-05\nid: s-1\nalert:\n  severity: extreme\n"
                                               "  area: [{desc: Länet, lan: \"19\"}]\n")
    project.bulletin("2023-11-01-vag", extra="expires: 2023-12-05\nid: s-2\nalert:\n  severity: moderate\n"
                                             "  area: [{desc: Länet, lan: \"19\"}]\n")
    project.build()
    for uri in ("index.html", "bulletins/2023-10-01-storm/index.html", "topics/brand/index.html"):
        html = project.read(uri)
        assert 'class="md-banner' not in html and "data-bulletin-alerts" not in html
    assert "Vägarbete" not in project.read("index.html")
    assert len(q(page(project, "index.html"), "#bulletin-alert-list li")) == 1  # moderate: listed


def test_an_active_alert_without_expires_is_a_warning_that_strict_builds_and_check_refuse(project):
    project.bulletin("2023-11-01-vatten", extra="id: v-1\nalert:\n  severity: severe\n"
                                                "  area: [{desc: Kolbäck, kommun: \"1961\"}]\n")
    strict = project.build(check=False)
    assert strict.returncode != 0
    assert "bulletins/2023-11-01-vatten.md: expires: varningen saknar slutdatum" in strict.stderr
    assert project.build(strict=False).returncode == 0
    assert "Brandrisk i skogen" in project.read("index.html")
    env = {**os.environ, "PYTHONPATH": str(REPO / "hooks"), "SOURCE_DATE_EPOCH": FIXED_EPOCH}
    check = bulletins_here(["check"], project.root, env)
    assert check.returncode == 1
    assert "bulletins/2023-11-01-vatten.md: expires: varningen saknar slutdatum" in check.stdout


# ---------------------------------------------------------------------------
# the banner's order and limit, and the lifecycle, as plain functions

NOW = datetime(2023, 11, 14, 12, tzinfo=timezone.utc)
TOPIC = Topic("vatten", "Dricksvatten", "vatten")


def alert_bulletin(slug: str, severity: str, days_ago: int = 1, **changes) -> Bulletin:
    alert = changes.pop("alert", Alert(severity=severity, areas=(AlertArea("Kolbäck", kommun="1961"),)))
    return Bulletin(slug=slug, source=f"bulletins/{slug}.md", title=slug.title(), date=NOW - timedelta(days=days_ago),
                    summary="", topics=(TOPIC,), signatories=(Signatory("A", "B"),), id=slug,
                    expires=changes.pop("expires", NOW + timedelta(days=3)), alert=alert, **changes)


def test_banner_shows_the_most_severe_first_at_most_three_then_more(tmp_path):
    items = (alert_bulletin("a-severe-new", "severe", 1), alert_bulletin("b-extreme", "extreme", 5),
             alert_bulletin("c-severe-old", "severe", 4), alert_bulletin("d-severe-older", "severe", 6),
             alert_bulletin("e-moderate", "moderate", 2))
    catalogue = Catalogue(tuple(sorted(items, key=lambda b: b.date, reverse=True)), NOW)
    assert [b.slug for b in alerts.banner(catalogue)] == ["b-extreme", "a-severe-new", "c-severe-old",
                                                          "d-severe-older"]
    html = Renderer(catalogue, Settings(root=tmp_path, source_dir=tmp_path)).alert_banner("topics/vatten/")
    tree = lxml.html.fromstring(html)
    assert [a.get("href") for a in q(tree, ".bulletin-alert__title a")] == [
        "../../bulletins/b-extreme/", "../../bulletins/a-severe-new/", "../../bulletins/c-severe-old/"]
    assert q(tree, ".bulletin-alerts__more a")[0].text_content() == "Fler varningar (1)"


def test_an_alert_is_active_from_its_date_until_it_expires_or_a_public_bulletin_replaces_it():
    later = alert_bulletin("later", "severe", -1)  # starts tomorrow
    expired = alert_bulletin("expired", "severe", 5, expires=NOW)
    replaced = alert_bulletin("replaced", "severe", 5, replaced_by="update")
    update = alert_bulletin("update", "severe", 1, replaces="replaced")
    by_draft = alert_bulletin("by-draft", "severe", 5, replaced_by="draft-update")
    draft = alert_bulletin("draft-update", "severe", 1, replaces="by-draft", draft=True)
    exercise = alert_bulletin("exercise", "extreme", alert=Alert("extreme", status="exercise"))
    clear = alert_bulletin("clear", "minor", alert=Alert("minor", response=("allclear",)))
    catalogue = Catalogue((later, update, draft, exercise, clear, expired, replaced, by_draft), NOW)
    assert {b.slug for b in alerts.active(catalogue)} == {"update", "by-draft"}
    change = alerts.next_change(catalogue)
    assert (change.bulletin.slug, change.starts, change.moment) == ("later", True, later.date)


# ---------------------------------------------------------------------------
# the alert: block: every problem at once, in the build and in `bulletins check`

BAD_BLOCK = """\
alert:
  severity: sever
  urgency: now
  category: [helth, fire]
  response: allclear
  status: excercise
  instructions: Koka vattnet.
  sms: "{sms}"
  area:
    - desc: Kolbäck och alla byar runt omkring Kolbäck längs hela Kolbäcksån
      kommun: "196"
    - desc: Strömsholm
      polygon: [[59.567, 16.243], [59.571, 16.262], [59.559, 16.270]]
    - desc: Hallstahammar
      polygon: [[95.0, 16.243], [59.571, 16.262], [59.559, 16.270], [59.5, 16.2]]
    - desc: Ingenstans
""".format(sms="x" * 161)


def problems_of(project):
    settings = Settings(root=project.root, source_dir=project.root / "bulletins",
                        now=datetime(2023, 11, 14, tzinfo=timezone.utc))
    return [str(p) for p in collect(settings)[1]]


def test_every_problem_of_an_alert_block_is_reported_at_once_with_its_line(project):
    project.bulletin("2023-11-01-vatten", extra=BAD_BLOCK)
    found = problems_of(project)
    path = "bulletins/2023-11-01-vatten.md"
    expected = [
        f"{path}:9: alert.severity: 'sever' är inte ett tillåtet värde — menade du 'severe'?",
        f"{path}:10: alert.urgency: 'now' är inte ett tillåtet värde — skriv en av: immediate, expected, future, past",
        f"{path}:11: alert.category: 'helth' är inte ett tillåtet värde — menade du 'health'?",
        f"{path}:13: alert.status: 'excercise' är inte ett tillåtet värde — menade du 'exercise'?",
        f"{path}:14: alert.instructions: okänd del 'instructions' — menade du 'instruction'?",
        f"{path}:15: alert.sms: texten har 161 tecken, högst 160 får plats",
        f"{path}:17: alert.area[1].desc: texten har 64 tecken, högst 50 får plats",
        f"{path}:18: alert.area[1].kommun: '196' är inte en SCB-kod (4 siffror)",
        f"{path}:20: alert.area[2].polygon: polygonen har 3 punkter, minst 4 behövs",
        f"{path}:22: alert.area[3].polygon: punkt 1 [95.0, 16.243] ligger utanför jorden",
        f"{path}:22: alert.area[3].polygon: polygonen är inte sluten",
        f"{path}:23: alert.area[4]: området saknar plats: varken kommun, lan eller polygon",
        f"{path}:8: id: en varning behöver ett fast id",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in found), f"{start}\n--- not among ---\n" + "\n".join(found)
    assert len(found) == len(expected)


def test_a_missing_severity_and_area_and_a_block_that_is_no_block_are_named(project):
    project.bulletin("2023-11-01-a", extra="id: a-1\nalert:\n  urgency: immediate\n")
    project.bulletin("2023-11-01-b", extra="id: b-1\nalert: severe\n")
    project.bulletin("2023-11-01-c", extra="id: c-1\nalert: {severity: severe}\n")
    found = problems_of(project)
    assert any("2023-11-01-a.md:9: alert.severity: obligatorisk del saknas" in line for line in found)
    assert any("2023-11-01-a.md:9: alert.area: obligatorisk del saknas" in line for line in found)
    assert any("2023-11-01-b.md:9: alert: alert ska vara ett block" in line for line in found)
    assert any("2023-11-01-c.md:9: alert.area: obligatorisk del saknas" in line for line in found)


def test_the_build_and_check_refuse_a_bad_alert_block_alike(project):
    project.bulletin("2023-11-01-vatten", extra="id: v-1\nexpires: 2023-12-01\nalert:\n  severity: sever\n"
                                                "  area: [{desc: Kolbäck, kommun: \"1961\"}]\n")
    result = project.build(check=False)
    assert result.returncode != 0
    line = "bulletins/2023-11-01-vatten.md:11: alert.severity: 'sever' är inte ett tillåtet värde — menade du 'severe'?"
    assert line in result.stderr
    env = {**os.environ, "PYTHONPATH": str(REPO / "hooks"), "SOURCE_DATE_EPOCH": FIXED_EPOCH}
    check = bulletins_here(["check"], project.root, env)
    assert check.returncode == 1 and line in check.stdout


def test_defaults_come_from_the_topics_register(project):
    project.write("bulletins/topics.yml", "vatten:\n  label: Dricksvatten\n  category: health\n"
                                          "brand:\n  label: Brand\n")
    project.bulletin("2023-11-01-vatten", topics="[vatten, brand]",
                     extra="id: v-1\nalert:\n  severity: severe\n  area: [{desc: Kolbäck, kommun: 1961}]\n")
    settings = Settings(root=project.root, source_dir=project.root / "bulletins",
                        now=datetime(2023, 11, 14, tzinfo=timezone.utc))
    catalogue, problems = collect(settings)
    assert problems == []
    alert = catalogue.bulletins[0].alert
    assert (alert.event, alert.category, alert.urgency, alert.certainty, alert.status) == (
        "Dricksvatten", ("health",), "expected", "likely", "actual")
    assert alert.areas == (AlertArea("Kolbäck", kommun="1961"),)
    assert (alert.is_exercise, alert.all_clear) == (False, False)


def test_a_topic_category_that_is_not_cap_is_refused_in_the_register(project):
    project.write("bulletins/topics.yml", "brand:\n  label: Brand\n  category: eld\n")
    project.bulletin("2023-11-01-brand")
    found = problems_of(project)
    assert any("topics.yml: brand: kategorin 'eld' i ämnet 'brand' är inte en CAP-kategori" in line for line in found)


def test_new_with_alert_writes_the_block_that_check_refuses_until_the_area_is_filled_in(project):
    env = {**os.environ, "PYTHONPATH": str(REPO / "hooks"), "SOURCE_DATE_EPOCH": FIXED_EPOCH}

    def cli(*args):
        return bulletins_here(list(args), project.root, env)

    made = cli("new", "Kokningsrekommendation", "--topic", "vatten", "--signatory", "Lina Marklund, samordnare",
               "--alert", "severe")
    assert made.returncode == 0, made.stderr
    path = project.root / made.stdout.strip()
    text = path.read_text(encoding="utf-8")
    assert "alert:\n  severity: severe\n  area:\n  - desc: Hela kommunen\n    kommun: '0000'\n" in text \
        or "alert:\n  severity: severe\n  area:\n    - desc: Hela kommunen\n      kommun: '0000'\n" in text
    assert cli("check").returncode == 0  # a draft
    path.write_text(text.replace("draft: true\n", ""), encoding="utf-8")
    refused = cli("check")
    assert refused.returncode == 1 and "kommunkoden 0000 är mallens platshållare" in refused.stdout
    path.write_text(text.replace("draft: true\n", "expires: 2023-11-30\n").replace("'0000'", "'1961'"),
                    encoding="utf-8")
    assert cli("check").returncode == 0
