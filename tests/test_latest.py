"""The latest bulletins of a topic on a page of docs/: one line of Markdown, the topic page's cards."""
from __future__ import annotations

import lxml.html
import pytest

from conftest import empty_project
from test_cli import bulletins

LINE = "<!-- bulletins: topic=brand count=2 -->"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    p = empty_project(tmp_path_factory.mktemp("latest"))
    p.write("bulletins/topics.yml", "brand:\n  label: Brand och eldning\nvatten:\n  label: Dricksvatten\n")
    for day, topic in ((1, "brand"), (2, "vatten"), (3, "brand"), (4, "brand")):
        p.bulletin(f"2023-05-0{day}-meddelande", title=f"Meddelande {day} om {topic}", date=f"2023-05-0{day}",
                   topics=f"[{topic}]", extra="summary: Kort om läget.\n")
    p.bulletin("2023-05-05-utkast", title="Utkast om brand", date="2023-05-05", topics="[brand]",
               extra="draft: true\n")
    p.write("docs/beredskap.md", f"# Beredskap\n\nText.\n\n## Brand\n\n{LINE}\n\n## Allt\n\n"
                                 "<!-- bulletins: count=1 -->\n\nSlut.\n")
    p.configure(nav=[{"Start": "index.md"}, {"Beredskap": "beredskap.md"}])
    p.build()
    return p


def test_the_line_shows_the_newest_bulletins_of_the_topic_as_cards(site):
    page = lxml.html.fromstring(site.read("beredskap/index.html"))
    [brand, everything] = page.xpath("//div[contains(@class,'bulletin-listing--latest')]")
    titles = brand.xpath(".//li[@class='bulletin-card']/h3/a")
    assert [a.text for a in titles] == ["Meddelande 4 om brand", "Meddelande 3 om brand"]  # no draft
    assert [a.get("href") for a in titles] == ["../bulletins/2023-05-04-meddelande/",
                                               "../bulletins/2023-05-03-meddelande/"]
    card = brand.xpath(".//li[@class='bulletin-card']")[0]
    assert card.xpath(".//p[@class='bulletin-card__summary']/text()") == ["Kort om läget."]
    assert card.xpath(".//a[@class='bulletin-topic']/text()") == ["Brand och eldning"]
    assert [a.text for a in everything.xpath(".//h3/a")] == ["Meddelande 4 om brand"]
    assert "bulletins:" not in site.read("beredskap/index.html")


def test_the_cards_are_the_topic_pages_cards(site):
    ours = lxml.html.fromstring(site.read("beredskap/index.html")).xpath(
        "//div[contains(@class,'bulletin-listing--latest')]//li[@class='bulletin-card']")[0]
    topic = lxml.html.fromstring(site.read("topics/brand/index.html")).xpath(
        "//li[@class='bulletin-card']")[0]
    assert ours.xpath(".//time/text()") == topic.xpath(".//time/text()")
    assert ours.xpath(".//p//text()") == topic.xpath(".//p//text()")


def test_bad_lines_fail_the_build_and_check_each_with_file_and_line(tmp_path):
    p = empty_project(tmp_path)
    p.write("bulletins/topics.yml", "brand:\n  label: Brand\n")
    p.bulletin("2023-05-01-brand", topics="[brand]")
    p.write("docs/beredskap.md", "---\ntitle: Beredskap\n---\n\n<!-- bulletins: topic=brnad -->\n"
                                 "<!-- bulletins: topic=brand count=0 -->\n\n"
                                 "<!-- bulletins: topic=brand count=fem -->\n<!-- bulletins: topik=brand -->\n")
    messages = [
        "docs/beredskap.md:5: bulletins: ämnet 'brnad' finns inte — menade du 'brand'?",
        "docs/beredskap.md:6: bulletins: count: '0' är inte ett heltal, 1 eller mer",
        "docs/beredskap.md:8: bulletins: count: 'fem' är inte ett heltal, 1 eller mer",
        "docs/beredskap.md:9: bulletins: okänt val 'topik' — menade du 'topic'?",
    ]
    result = p.build(check=False)
    assert result.returncode == 1 and "4 problem" in result.stderr
    assert [m for m in messages if m not in result.stderr] == []
    assert not p.site.exists()
    checked = bulletins(p, "check")
    assert checked.returncode == 1
    assert [m for m in messages if m not in checked.stdout + checked.stderr] == []
