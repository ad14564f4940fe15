"""One set of rules, checked by the loader before anything is written (issue 12).

Every case is refused by ``loading.collect``, which both ``bulletins check`` and the build call; a
few go through both commands below to show they say the same. Messages are asserted exactly.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bulletin_site.errors import Problem
from bulletin_site.loading import collect
from bulletin_site.settings import ClockError, Settings, build_clock
from conftest import FIXED_EPOCH, REPO, bulletin_text, bulletins_here

NOW = datetime(2023, 11, 14, 12, 0, tzinfo=timezone.utc)
# a "billion laughs": nine levels of nine aliases (the last level would be 9**9 items)
LOL = "".join(f"{a}: &{a} [{', '.join(['*' + p] * 9 if p else ['lol'] * 9)}]\n"
              for p, a in zip([""] + list("abcdefgh"), "abcdefghi"))


def lay_out(root: Path, files: dict[str, str | tuple[str, str]]) -> None:
    """Write ``files`` (path under the project -> text, or ("symlink", target)) into ``root``."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, tuple):
            os.symlink(text[1], path)
        else:
            path.write_text(text, encoding="utf-8")


def problems_of(root: Path) -> list[str]:
    (root / "bulletins").mkdir(exist_ok=True)
    lay_out(root, {"docs/index.md": "# Start\n"})
    settings = Settings(root=root, source_dir=root / "bulletins", language="en", now=NOW,
                        site_url="https://trygghet.example.se/", docs_dir=root / "docs", pdf=False)
    _, problems = collect(settings)
    return [str(p) for p in sorted(problems, key=lambda p: (p.path, p.line or 0, p.field))]


@pytest.mark.parametrize("files, expected", [
    pytest.param(
        {"bulletins/2023-05-01-a.md": bulletin_text(title="Brand\x0bnu")},
        [
          "bulletins/2023-05-01-a.md:2: title: invisible control character U+000B (column 13) — remove the invisible line break from Word"],
        id="a vertical tab from Word in the title"),
    pytest.param(
        {"bulletins/2023-05-01-a.md": bulletin_text(body="Rad\x0bett\x0b\n\nText\x1b[31m\n")},
        [
          "bulletins/2023-05-01-a.md:10: body: invisible control character U+000B (column 4; 2 times in the field) — remove the invisible line break from Word",
          "bulletins/2023-05-01-a.md:12: body: invisible control character U+001B (column 5) — remove the character; most editors do not show it, so retype the text around that column"],
        id="control characters in the body, counted"),
    pytest.param(
        {"bulletins/2023-05-01-a.md": bulletin_text(title='"Brand\\enu"')},
        [
          "bulletins/2023-05-01-a.md:2: title: invisible control character U+001B (column 8) — remove the character; most editors do not show it, so retype the text around that column"],
        id="a control character written as a YAML escape"),
    pytest.param(
        {"bulletins/2023-05-01-a.md": bulletin_text(extra="summary: a\x00b\n")},
        [
          "bulletins/2023-05-01-a.md:8: summary: invisible control character U+0000 (column 11) — remove the character; most editors do not show it, so retype the text around that column"],
        id="a NUL byte in the front-matter"),
    pytest.param(
        {"bulletins/2023-05-01-a.md": bulletin_text(title="Brand\ufffe", extra="summary: x\x85y\n")},
        [
          "bulletins/2023-05-01-a.md:2: title: invisible control character U+FFFE (column 13) — remove the character; most editors do not show it, so retype the text around that column",
          "bulletins/2023-05-01-a.md:8: summary: invisible control character U+0085 (column 11) — remove the character; most editors do not show it, so retype the text around that column"],
        id="a non-character and a C1 control"),
    pytest.param(
        {"bulletins/2020-05-12-a.md": bulletin_text(date="0202-05-12")},
        [
          "bulletins/2020-05-12-a.md:3: date: the year of '0202-05-12' is outside 1900–2999 — did you mean 2020-05-12? Write the year with four digits"],
        id="a year typed with three digits"),
    pytest.param(
        {"bulletins/2023-05-01-a.md": bulletin_text(extra="expires: 9999-12-31\n")},
        [
          "bulletins/2023-05-01-a.md:8: expires: the year of '9999-12-31' is outside 1900–2999 — did you mean 2023-12-31? Write the year with four digits"],
        id="a year near the end of the calendar"),
    pytest.param(
        {"bulletins/a.md": bulletin_text(date="1900-01-01T00:00:00+14:00")},
        [
          "bulletins/a.md:3: date: the year of '1900-01-01T00:00:00+14:00' is outside 1900–2999 — did you mean 2023-01-01T00:00:00+14:00? Write the year with four digits"],
        id="a date-time that is 1899 in the site's time zone"),
    pytest.param(
        {"bulletins/a.md": bulletin_text(title="Brand\u2028nu")},
        [
          "bulletins/a.md:2: title: invisible control character U+2028 (column 13) — remove the character; most editors do not show it, so retype the text around that column"],
        id="a line separator pasted from the web"),
    pytest.param(
        {"bulletins/a.md": bulletin_text(extra=LOL.replace("a:", "summary:", 1).split("b:")[0] + "? [*a, *a]\n: x\n")},
        [
          "bulletins/a.md:8: summary: must be text but is a list — put the value in quotes",
          "bulletins/a.md:10: […]: unknown field — remove it; allowed fields: title, date, summary, topics, signatories, contact, updated, replaces, expires, draft, id, aliases, lang, translation_of, easy_read, alert"],
        id="a list as a key is named by its kind"),
    pytest.param(
        {"bulletins/a.md": bulletin_text(date="0001-01-01T00:00:00+14:00")},
        [
          "bulletins/a.md:3: date: the year of '0001-01-01T00:00:00+14:00' is outside 1900–2999 — did you mean 2023-01-01T00:00:00+14:00? Write the year with four digits"],
        id="the first year with an offset"),
    pytest.param(
        {"bulletins/index.md": bulletin_text()},
        [
          "bulletins/index.md: file name: the file name 'index.md' is reserved: the page would be published at bulletins/ instead of an address of its own — rename the file to its date and title, e.g. '2020-05-12-lagesbild.md'"],
        id="a bulletin named index"),
    pytest.param(
        {"bulletins/a.md": bulletin_text(extra="aliases: [index]\n")},
        [
          "bulletins/a.md:8: aliases: 'index' is reserved and cannot be an alias — remove the alias"],
        id="an alias named index"),
    pytest.param(
        {"bulletins/a.md": bulletin_text(extra="replaces: b\n"), "bulletins/b.md": bulletin_text(extra="replaces: a\n")},
        [
          "bulletins/a.md:8: replaces: replaces goes round in a circle: a → b → a — remove replaces from the oldest bulletin of the chain",
          "bulletins/b.md:8: replaces: replaces goes round in a circle: b → a → b — remove replaces from the oldest bulletin of the chain"],
        id="two bulletins replacing each other"),
    pytest.param(
        {"bulletins/a.md": bulletin_text(extra="replaces: b\n"), "bulletins/b.md": bulletin_text(extra="replaces: c\n"), "bulletins/c.md": bulletin_text(extra="replaces: a\n")},
        [
          "bulletins/a.md:8: replaces: replaces goes round in a circle: a → b → c → a — remove replaces from the oldest bulletin of the chain",
          "bulletins/b.md:8: replaces: replaces goes round in a circle: b → c → a → b — remove replaces from the oldest bulletin of the chain",
          "bulletins/c.md:8: replaces: replaces goes round in a circle: c → a → b → c — remove replaces from the oldest bulletin of the chain"],
        id="three bulletins replacing in a circle"),
    pytest.param(
        {"bulletins/old.md": bulletin_text(date="2020-04-20", extra="replaces: new\n"), "bulletins/new.md": bulletin_text(date="2020-05-12")},
        [
          "bulletins/old.md:8: replaces: 'new' (2020-05-12) is newer than this bulletin (2020-04-20) — a bulletin can only replace an older one; write 'replaces: old' in bulletins/new.md instead"],
        id="a bulletin replacing a newer one"),
    pytest.param(
        {"bulletins/signatories.yml": "per:\n  name: Per\n  role: polis\nper:\n  name: Pär\n  role: chef\n", "bulletins/a.md": bulletin_text(signatories="\n  - per")},
        [
          "bulletins/signatories.yml:4: per: the entry appears twice (also on line 1); only one can apply — merge the entries into one, or give one a key of its own"],
        id="a signatory written twice in the register"),
    pytest.param(
        {"bulletins/topics.yml": "brand:\n  label: Brand\nbrand:\n  label: Eld\n", "bulletins/a.md": bulletin_text()},
        [
          "bulletins/topics.yml:3: brand: the entry appears twice (also on line 1); only one can apply — merge the entries into one, or give one a key of its own"],
        id="a topic written twice in the register"),
    pytest.param(
        {"bulletins/topics.yml": "brand:\n  label: Brand\n  label: Eld\n", "bulletins/a.md": bulletin_text()},
        [
          "bulletins/topics.yml:3: brand: 'label' is written twice (also on line 2) — remove one of them"],
        id="a part written twice in a register entry"),
    pytest.param(
        {"bulletins/topics.yml": "brand:\n  label: Brand\n  description: [a, b]\n", "bulletins/a.md": bulletin_text()},
        [
          "bulletins/topics.yml:1: brand: 'description' of the entry 'brand' must be text but is a list — put the value in quotes"],
        id="a list as a topic description"),
    pytest.param(
        {"bulletins/topics.yml": "brand:\n  label: Bra\x00nd\n", "bulletins/a.md": bulletin_text()},
        [
          "bulletins/topics.yml:2: brand: invisible control character U+0000 (column 13) — remove the character; most editors do not show it, so retype the text around that column"],
        id="a NUL byte in a register"),
    pytest.param(
        {"bulletins/a.md": bulletin_text(extra="summary: " + "[" * 1200 + "]" * 1200 + "\n")},
        [
          "bulletins/a.md:8: summary: the value is nested deeper than 32 levels — write the value as the table of fields shows (lists of text, or name and role)"],
        id="a value nested 1200 deep"),
    pytest.param(
        {"bulletins/topics.yml": "brand: " + "[" * 1200 + "]" * 1200 + "\n", "bulletins/a.md": bulletin_text()},
        [
          "bulletins/topics.yml:1: brand: the value is nested deeper than 32 levels — write the value as the table of fields shows (lists of text, or name and role)"],
        id="a value nested 1200 deep in a register"),
    pytest.param(
        {"bulletins/a.md": bulletin_text(extra=LOL.replace("a:", "summary:", 1).replace("b:", "id:", 1))},
        [
          "bulletins/a.md:8: summary: must be text but is a list — put the value in quotes",
          "bulletins/a.md:9: id: a YAML alias (*name) is used — write the value out instead of referring to an &anchor",
          "bulletins/a.md:10: c: a YAML alias (*name) is used — write the value out instead of referring to an &anchor",
          "bulletins/a.md:11: d: a YAML alias (*name) is used — write the value out instead of referring to an &anchor",
          "bulletins/a.md:12: e: a YAML alias (*name) is used — write the value out instead of referring to an &anchor",
          "bulletins/a.md:13: f: a YAML alias (*name) is used — write the value out instead of referring to an &anchor",
          "bulletins/a.md:14: g: a YAML alias (*name) is used — write the value out instead of referring to an &anchor",
          "bulletins/a.md:15: h: a YAML alias (*name) is used — write the value out instead of referring to an &anchor",
          "bulletins/a.md:16: i: a YAML alias (*name) is used — write the value out instead of referring to an &anchor"],
        id="a billion laughs"),
    pytest.param(
        {"bulletins/topics.yml": LOL, "bulletins/a.md": bulletin_text()},
        [
          "bulletins/a.md:4: topics: the topic 'brand' is not in bulletins/topics.yml — add it to bulletins/topics.yml",
          "bulletins/topics.yml:1: a: the register must be keys with fields below them — write e.g. 'covid-19:' and below it '  label: Covid-19'",
          "bulletins/topics.yml:2: b: a YAML alias (*name) is used — write the value out instead of referring to an &anchor",
          "bulletins/topics.yml:3: c: a YAML alias (*name) is used — write the value out instead of referring to an &anchor",
          "bulletins/topics.yml:4: d: a YAML alias (*name) is used — write the value out instead of referring to an &anchor",
          "bulletins/topics.yml:5: e: a YAML alias (*name) is used — write the value out instead of referring to an &anchor",
          "bulletins/topics.yml:6: f: a YAML alias (*name) is used — write the value out instead of referring to an &anchor",
          "bulletins/topics.yml:7: g: a YAML alias (*name) is used — write the value out instead of referring to an &anchor",
          "bulletins/topics.yml:8: h: a YAML alias (*name) is used — write the value out instead of referring to an &anchor",
          "bulletins/topics.yml:9: i: a YAML alias (*name) is used — write the value out instead of referring to an &anchor"],
        id="a billion laughs in a register"),
    pytest.param(
        {"bulletins/a.md": '---\ntitle: "Vattenläcka i centrum\ndate: 2023-05-01\ntopics: [vatten]\n---\n\nText\n'},
        [
          "bulletins/a.md:2: front-matter: the quote \" that starts here is never closed — end the text with \" on the same line"],
        id="an unclosed quote"),
    pytest.param(
        {"bulletins/a.md": bulletin_text(extra="summary: @kommunen informerar\n")},
        [
          "bulletins/a.md:8: front-matter: the text starts with @, which cannot come first without quotes — put the text in quotes"],
        id="a text starting with @"),
    pytest.param(
        {"bulletins/a.md": bulletin_text(title='"Se G:\\Gemensamt"')},
        [
          "bulletins/a.md:2: front-matter: an unknown code after \\ in text in double quotes — put the text in single quotes ('…'), or write \\\\ for one \\"],
        id="a backslash in double quotes"),
    pytest.param(
        {"bulletins/a.md": "---\ntitle: Brand: nu gäller förbud\ndate: 2023-05-01\n---\n\nText\n"},
        [
          "bulletins/a.md:2: front-matter: a colon followed by a space in text without quotes — put the text in quotes: title: \"Brand: nu gäller förbud\""],
        id="a colon in unquoted text"),
    pytest.param(
        {"bulletins/a.md": "---\ntitle: Brand\n  date: 2023-05-01\n---\n\nText\n"},
        [
          "bulletins/a.md:3: front-matter: the line is indented wrongly compared with the lines above — start the fields at the left margin and line up list items (-) and their name/role with the same number of spaces"],
        id="a field indented under another"),
    pytest.param(
        {"bulletins/a.md": "---\ntitle: Brand\nsignatories:\n  - name: Lina\n   role: x\n---\n\nText\n"},
        [
          "bulletins/a.md:5: front-matter: the line is indented wrongly compared with the lines above — start the fields at the left margin and line up list items (-) and their name/role with the same number of spaces"],
        id="a signatory's role out of line"),
    pytest.param(
        {"bulletins/a.md": "---\ntitle: Brand\nsignatories:\n\t- name: Lina\n---\n\nText\n"},
        [
          "bulletins/a.md:4: front-matter: a tab in the indentation — indent with spaces instead of tabs"],
        id="a tab in the indentation"),
    pytest.param(
        {"bulletins/a.md": "---\ntitle: Brand\ntopics: [brand, vatten\ndate: 2023-05-01\n---\n\nText\n"},
        [
          "bulletins/a.md:3: front-matter: the [ that starts here is never closed — close it with ] on the same line"],
        id="an unclosed bracket"),
    pytest.param(
        {"bulletins/a.md": "---\ntitle: *namn\n---\n\nText\n"},
        [
          "bulletins/a.md:2: front-matter: a YAML alias (*name) is used — write the value out instead of referring to an &anchor"],
        id="an undefined alias"),
    pytest.param(
        {"bulletins/a.md": bulletin_text(extra="contact: " + "x" * 500 + "\n")},
        [
          "bulletins/a.md:8: contact: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' is not an e-mail address — write the address alone, e.g. kommun@example.se"],
        id="a long value is quoted cut short"),
    pytest.param(
        {"bulletins/a.md": bulletin_text(extra='contact: "a\\n::error file=README.md::x"\n')},
        [
          "bulletins/a.md:8: contact: 'a\\n::error file=README.md::x' is not an e-mail address — write the address alone, e.g. kommun@example.se"],
        id="a newline in a value is escaped"),
    pytest.param(
        {"bulletins/a.md": ("symlink", "/etc/hostname")},
        [
          "bulletins/a.md: file: is a symbolic link to /etc/hostname, outside the project — copy the file or folder into the project instead of linking to it"],
        id="a symlink to a file outside the project"),
    pytest.param(
        {"bulletins/extern": ("symlink", "/etc")},
        [
          "bulletins/extern: file: is a symbolic link to /etc, outside the project — copy the file or folder into the project instead of linking to it"],
        id="a symlink to a folder outside the project"),
    pytest.param(
        {"bulletins/topics.yml": ("symlink", "/etc/hostname"), "bulletins/a.md": bulletin_text()},
        [
          "bulletins/topics.yml: register: is a symbolic link to /etc/hostname, outside the project — copy the file or folder into the project instead of linking to it"],
        id="a symlinked register outside the project"),
    pytest.param(
        {"docs/topics/brand.md": "# x\n", "bulletins/a.md": bulletin_text()},
        [
          "docs/topics/brand.md: page: the page gets the address /topics/brand/, which the bulletins already use — remove or move docs/topics/brand.md"],
        id="docs page at a topic's address"),
    pytest.param(
        {"docs/archive.md": "# x\n", "bulletins/a.md": bulletin_text()},
        [
          "docs/archive.md: page: the page gets the address /archive/, which the bulletins already use — remove or move docs/archive.md"],
        id="docs page at the archive's address"),
    pytest.param(
        {"docs/bulletins/a/index.md": "# x\n", "bulletins/a.md": bulletin_text()},
        [
          "docs/bulletins/a/index.md: page: the page gets the address /bulletins/a/, which the bulletins already use — remove or move docs/bulletins/a/index.md"],
        id="docs page at a bulletin's address"),
    pytest.param(
        {"docs/bulletins/a/print.md": "# x\n", "bulletins/a.md": bulletin_text()},
        [
          "docs/bulletins/a/print.md: page: the page gets the address /bulletins/a/print/, which the bulletins already use — remove or move docs/bulletins/a/print.md"],
        id="docs page at a bulletin's print address"),
    pytest.param(
        {"docs/bulletins/gammal/README.md": "# x\n", "bulletins/a.md": bulletin_text(extra="aliases: [gammal]\n")},
        [
          "docs/bulletins/gammal/README.md: page: the page gets the address /bulletins/gammal/, which the bulletins already use — remove or move docs/bulletins/gammal/README.md"],
        id="docs README at an alias's address"),
    pytest.param(
        {"docs/feed.xml": "<rss/>\n", "bulletins/a.md": bulletin_text()},
        [
          "docs/feed.xml: page: the page 'feed.xml' is generated from the bulletins but already exists in docs/ — remove or move docs/feed.xml"],
        id="docs file at the feed's address"),
    pytest.param(
        {"docs/topics/brand/feed.xml": "<rss/>\n", "bulletins/a.md": bulletin_text()},
        [
          "docs/topics/brand/feed.xml: page: the page 'topics/brand/feed.xml' is generated from the bulletins but already exists in docs/ — remove or move docs/topics/brand/feed.xml"],
        id="docs file at a topic feed's address"),
])
def test_the_loader_refuses(tmp_path, files, expected):
    lay_out(tmp_path, files)
    assert problems_of(tmp_path) == expected


def test_a_symlink_inside_the_project_is_followed(tmp_path):
    lay_out(tmp_path, {"drafts/2023-05-01-a.md": bulletin_text(),
                       "bulletins/2023-05-01-a.md": ("symlink", str(tmp_path / "drafts/2023-05-01-a.md"))})
    assert problems_of(tmp_path) == []


@pytest.mark.parametrize("files", [
    pytest.param({"docs/index.md": "# Start\n", "docs/README.md": "# Läs mig\n"}, id="the home page and a README beside it"),
    pytest.param({"docs/topics/brandrisk.md": "# x\n", "docs/bulletins/a-b.md": "# x\n"}, id="addresses beside the generated ones"),
    pytest.param({"docs/bulletins/a/bild.png": "png"}, id="an image in a bulletin's folder"),
])
def test_docs_pages_at_addresses_of_their_own_are_accepted(tmp_path, files):
    lay_out(tmp_path, {**files, "bulletins/a.md": bulletin_text()})
    assert problems_of(tmp_path) == []


def test_a_billion_laughs_is_refused_at_once(tmp_path):
    lay_out(tmp_path, {"bulletins/a.md": bulletin_text(extra=LOL.replace("a:", "summary:", 1))})
    started = time.perf_counter()
    problems_of(tmp_path)
    assert time.perf_counter() - started < 2


def test_problem_text_escapes_line_breaks_and_control_characters():
    problem = Problem("bulletins/a\n.md", 3, "title", "'x\r\n::error file=README.md::y\x1b'", "fix\u2028it")
    assert str(problem) == "bulletins/a\\n.md:3: title: 'x\\r\\n::error file=README.md::y\\x1b' — fix\\u2028it"


# ---- `bulletins check` and the build say the same -------------------------------------------


def check(project, env: dict | None = None) -> subprocess.CompletedProcess:
    """`bulletins check` (what the `bulletins` script runs) in the project."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO / "hooks"), "SOURCE_DATE_EPOCH": FIXED_EPOCH, **(env or {})}
    return bulletins_here(["check"], project.root, full_env)


@pytest.mark.parametrize("files, settings, env, expected", [
    pytest.param({"bulletins/2023-05-01-brand.md": bulletin_text(title="Brand\x0bnu")}, {}, {}, [
        "bulletins/2023-05-01-brand.md:2: title: osynligt styrtecken U+000B (kolumn 13) — ta bort den osynliga "
        "radbrytningen från Word"], id="a control character"),
    pytest.param({"bulletins/2023-05-01-brand.md": bulletin_text(extra="expires: 9999-12-31\n")}, {}, {}, [
        "bulletins/2023-05-01-brand.md:8: expires: året i '9999-12-31' ligger utanför 1900–2999 — menade du "
        "2023-12-31? Skriv året med fyra siffror"], id="a date outside 1900-2999"),
    pytest.param({"bulletins/index.md": bulletin_text()}, {}, {}, [
        "bulletins/index.md: file name: filnamnet 'index.md' är reserverat: sidan skulle hamna på bulletins/ i "
        "stället för på en egen adress — byt namn på filen till datum och rubrik, t.ex. '2020-05-12-lagesbild.md'"],
        id="a reserved slug"),
    pytest.param({"bulletins/a.md": bulletin_text(), "docs/topics/brand.md": "# Brand\n"}, {}, {}, [
        "docs/topics/brand.md: page: sidan får adressen /topics/brand/, som meddelandena redan använder — ta "
        "bort eller flytta docs/topics/brand.md"], id="a docs page at a generated address"),
    pytest.param({"bulletins/a.md": bulletin_text(extra="replaces: b\n"),
                  "bulletins/b.md": bulletin_text(extra="replaces: a\n")}, {}, {}, [
        "bulletins/a.md:8: replaces: replaces går runt i en cirkel: a → b → a — ta bort replaces från det äldsta "
        "meddelandet i kedjan",
        "bulletins/b.md:8: replaces: replaces går runt i en cirkel: b → a → b — ta bort replaces från det äldsta "
        "meddelandet i kedjan"], id="a replaces cycle"),
    pytest.param({"bulletins/signatories.yml": "per:\n  name: Per\n  role: polis\nper:\n  name: Pär\n  role: chef\n",
                  "bulletins/a.md": bulletin_text(signatories="\n  - per")}, {}, {}, [
        "bulletins/signatories.yml:4: per: posten finns två gånger (också på rad 1); bara en kan gälla — slå "
        "ihop posterna till en, eller ge den ena en egen nyckel"], id="a register key written twice"),
    pytest.param({"bulletins/topics.yml": "brand:\n  label: Bra\x00nd\n", "bulletins/a.md": bulletin_text()}, {}, {}, [
        "bulletins/topics.yml:2: brand: osynligt styrtecken U+0000 (kolumn 13) — ta bort tecknet; de flesta "
        "redigerare visar det inte, så skriv om texten runt kolumnen"], id="a NUL byte in a register"),
    pytest.param({"bulletins/a.md": bulletin_text(extra=LOL.replace("a:", "summary:", 1).replace("b:", "id:", 1)
                                                  .split("c:")[0])}, {}, {}, [
        "bulletins/a.md:8: summary: ska vara text men är en lista — sätt värdet inom citattecken",
        "bulletins/a.md:9: id: ett YAML-alias (*namn) används — skriv ut värdet i stället för att hänvisa till "
        "ett &ankare"], id="YAML aliases"),
    pytest.param({"bulletins/a.md": '---\ntitle: "Vattenläcka i centrum\ndate: 2023-05-01\ntopics: [vatten]\n---\n\nText\n'},
                 {}, {}, [
        'bulletins/a.md:2: front-matter: citattecknet " som börjar här avslutas aldrig — avsluta texten med " '
        'på samma rad'], id="an unclosed quote"),
    pytest.param({"bulletins/a.md": ("symlink", "/etc/hostname")}, {}, {}, [
        "bulletins/a.md: file: är en symbolisk länk till /etc/hostname, utanför projektet — kopiera in filen "
        "eller mappen i projektet i stället för att länka till den"], id="a symlink out of the project"),
    pytest.param({}, {"page_size": 0, "feed_size": -1}, {}, [
        "mkdocs.yml: extra.bulletins.feed_size: '-1' ska vara ett heltal, 1 eller mer — skriv t.ex. "
        "'feed_size: 50' under extra.bulletins i mkdocs.yml",
        "mkdocs.yml: extra.bulletins.page_size: '0' ska vara ett heltal, 1 eller mer — skriv t.ex. "
        "'page_size: 50' under extra.bulletins i mkdocs.yml"], id="sizes below 1"),
    pytest.param({}, {}, {"SOURCE_DATE_EPOCH": "i morgon"}, [
        "SOURCE_DATE_EPOCH: environment: 'i morgon' är ingen tidpunkt — ange sekunder sedan 1970-01-01 UTC "
        "som ett heltal (t.ex. 1700000000), eller ta bort variabeln"], id="a SOURCE_DATE_EPOCH that is no time"),
])
def test_check_and_the_build_refuse_alike_before_writing(project, files, settings, env, expected):
    lay_out(project.root, files)
    if settings:
        project.configure(bulletins=settings)
    checked = check(project, env)
    built = project.build(check=False, env=env)
    assert (checked.returncode, built.returncode) == (1, 1)
    assert checked.stdout.splitlines() == expected
    assert [line for line in expected if line not in built.stderr] == []
    assert "Traceback" not in checked.stderr + built.stderr
    assert not project.site.exists()


def test_the_loader_needs_only_the_packages_the_bulletins_command_declares():
    # pre-commit installs `bulletins` with pyproject's dependencies alone: no lxml, WeasyPrint or MkDocs
    code = ("import sys, bulletin_site.cli, bulletin_site.loading, bulletin_site.addresses; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'lxml', 'weasyprint', 'mkdocs', 'PIL', 'segno'}))")
    done = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(REPO / "hooks")},
                          capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"


def test_check_refuses_a_time_zone_that_the_build_refuses(project):
    project.configure(bulletins={"timezone": "Europe/Stockholmm"})
    checked = check(project)
    assert (checked.returncode, checked.stdout) == (1, (
        "mkdocs.yml: extra.bulletins.timezone: 'Europe/Stockholmm' är ingen tidszon — ange ett namn som "
        "Europe/Stockholm\n"))


def test_check_for_github_annotates_a_nul_byte_on_its_line(project):
    lay_out(project.root, {"bulletins/2023-05-01-a.md": bulletin_text(extra="summary: a\x00b\n")})
    full_env = {**os.environ, "PYTHONPATH": str(REPO / "hooks"), "SOURCE_DATE_EPOCH": FIXED_EPOCH}
    checked = subprocess.run([sys.executable, "-m", "bulletin_site.cli", "check", "--format", "github"],
                             cwd=project.root, env=full_env, capture_output=True, text=True)
    assert (checked.returncode, checked.stdout) == (1, (
        "::error file=bulletins/2023-05-01-a.md,line=8,title=summary::osynligt styrtecken U+0000 (kolumn 11) — "
        "ta bort tecknet; de flesta redigerare visar det inte, så skriv om texten runt kolumnen\n"))


@pytest.mark.parametrize("setting, value, expected", [
    ("organisation", 5, "mkdocs.yml: extra.bulletins.organisation: ska vara text men är ett tal — sätt värdet inom "
                        "citattecken"),
    ("source", ["a"], "mkdocs.yml: extra.bulletins.source: ska vara text men är en lista — sätt värdet inom citattecken"),
    ("pdf", "maybe", "mkdocs.yml: extra.bulletins.pdf: 'maybe' är inget av true, false och auto — skriv 'pdf: auto' "
                     "(PDF:er i mkdocs build, inte i mkdocs serve), 'pdf: true' eller 'pdf: false'"),
    ("accessibility_contact", "kontakt@", "mkdocs.yml: extra.bulletins.accessibility_contact: 'kontakt@' är ingen "
                                          "e-postadress — skriv bara adressen, t.ex. kommun@example.se"),
])
def test_check_refuses_a_setting_that_the_build_refuses(project, setting, value, expected):
    project.configure(bulletins={setting: value})
    checked = check(project)
    built = project.build(check=False)
    assert (checked.returncode, checked.stdout, built.returncode) == (1, expected + "\n", 1)


@pytest.mark.parametrize("epoch", ["i morgon", "1e9", "17.5", "--5", "١٢", "999999999999", "32503680000", "-2208988801"])
def test_a_source_date_epoch_that_is_no_second_from_1900_to_2999_is_refused(epoch):
    with pytest.raises(ClockError):
        build_clock({"SOURCE_DATE_EPOCH": epoch})


@pytest.mark.parametrize("epoch, moment", [
    ("1700000000", "2023-11-14T22:13:20+00:00"), (" 0 ", "1970-01-01T00:00:00+00:00"),
    ("32503679999", "2999-12-31T23:59:59+00:00"), ("-2208988800", "1900-01-01T00:00:00+00:00")])
def test_a_source_date_epoch_is_the_build_clock(epoch, moment):
    assert build_clock({"SOURCE_DATE_EPOCH": epoch}).isoformat() == moment
