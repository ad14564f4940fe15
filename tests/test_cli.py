"""The staff tools (`bulletins new | check | status | import`) through their real entry point."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import markdown
import pytest
import yaml
from bulletin_site import importer
from conftest import bulletins_here

# not imported from conftest: tests/browser/ has a conftest module of the same name
REPO = Path(__file__).resolve().parent.parent
FIXED_EPOCH = "1700000000"  # the fixture sites' build clock (conftest.FIXED_EPOCH): 2023-11-14

SEED_NAME = "lagesbild-covid-19-hallstahammar.txt"
SEED = REPO / "tests" / "fixtures" / SEED_NAME  # the real bulletin the product exists for, as extracted

TOPICS_YML = "brand:\n  label: Brandrisk\nvatten:\n  label: Dricksvatten\n"
PEOPLE_YML = "lina-marklund:\n  name: Lina Marklund\n  role: säkerhetssamordnare\n"


def bulletins(project, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m bulletin_site.cli` (what the `bulletins` script calls) in the project."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO / "hooks"), "SOURCE_DATE_EPOCH": FIXED_EPOCH,
                **(env or {})}
    return bulletins_here(list(args), project.root, full_env)


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def build_problem_lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line.strip() for line in result.stderr.splitlines() if line.startswith("  bulletins/")]


# ---------------------------------------------------------------------------
# new


def test_new_then_check_then_build_succeed(project):
    made = bulletins(project, "new", "Brand i skogen", "--topic", "brand", "--signatory",
                     "Lina Marklund, säkerhetssamordnare", "--date", "2023-05-12")
    assert (made.returncode, made.stdout) == (0, "bulletins/2023-05-12-brand-i-skogen.md\n")
    checked = bulletins(project, "check")
    assert (checked.returncode, checked.stdout) == (0, "")
    project.build()
    assert not (project.site / "bulletins/2023-05-12-brand-i-skogen").exists()  # a draft is not published


def test_new_writes_a_draft_with_a_fresh_id_and_the_given_fields(project):
    bulletins(project, "new", "Brand i skogen", "--topic", "brand", "--signatory",
              "Lina Marklund, säkerhetssamordnare", "--date", "2023-05-12", "--contact", "kommun@example.se")
    fields = front_matter(project.root / "bulletins/2023-05-12-brand-i-skogen.md")
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", fields.pop("id"))
    assert fields == {"title": "Brand i skogen", "date": __import__("datetime").date(2023, 5, 12),
                      "topics": ["brand"],
                      "signatories": [{"name": "Lina Marklund", "role": "säkerhetssamordnare"}],
                      "contact": "kommun@example.se", "draft": True}



def test_new_writes_the_fields_in_the_field_tables_order(project):
    from bulletin_site.fields import FIELDS
    bulletins(project, "new", "Brand i skogen", "--topic", "brand", "--signatory", "Lina Marklund, roll",
              "--date", "2023-05-12", "--contact", "kommun@example.se")
    written = list(front_matter(project.root / "bulletins/2023-05-12-brand-i-skogen.md"))
    assert written == ["title", "date", "topics", "signatories", "contact", "draft", "id"]
    assert written == [name for name in FIELDS if name in written]

def test_new_body_template_has_the_usual_sections(project):
    bulletins(project, "new", "Brand i skogen", "--topic", "brand", "--date", "2023-05-12")
    body = (project.root / "bulletins/2023-05-12-brand-i-skogen.md").read_text(encoding="utf-8")
    assert re.findall(r"^## .*", body, re.M) == ["## Bakgrund", "## Det här gör kommunen",
                                                "## Det här kan du göra", "## Mer information"]


def test_new_dates_the_file_today_in_the_site_time_zone(project):
    # 2023-11-14 23:30 UTC is already 2023-11-15 in Stockholm
    made = bulletins(project, "new", "Vattenläcka", "--topic", "vatten", env={"SOURCE_DATE_EPOCH": "1700004600"})
    assert made.stdout == "bulletins/2023-11-15-vattenlacka.md\n"


def test_new_refuses_to_overwrite_an_existing_bulletin(project):
    first = project.bulletin("2023-05-12-brand-i-skogen")
    before = first.read_text(encoding="utf-8")
    made = bulletins(project, "new", "Brand i skogen", "--topic", "brand", "--date", "2023-05-12")
    assert made.returncode == 1
    assert made.stderr == ("bulletins/2023-05-12-brand-i-skogen.md finns redan — inget skrevs; "
                           "välj en annan rubrik eller ett annat datum\n")
    assert first.read_text(encoding="utf-8") == before


def test_new_refuses_a_misspelt_topic_with_the_loaders_did_you_mean(project):
    project.write("bulletins/topics.yml", TOPICS_YML)
    project.write("bulletins/signatories.yml", PEOPLE_YML)
    made = bulletins(project, "new", "Brand i skogen", "--topic", "brnd", "--signatory", "lina-marklun",
                     "--date", "2023-05-12")
    assert made.returncode == 1
    assert made.stderr.splitlines() == [
        "2 problem; inget skrevs:",
        "  bulletins/2023-05-12-brand-i-skogen.md:5: topics: ämnet 'brnd' finns inte i bulletins/topics.yml "
        "— menade du 'brand'? Annars lägg till den i bulletins/topics.yml",
        "  bulletins/2023-05-12-brand-i-skogen.md:7: signatories: undertecknaren 'lina-marklun' finns inte i "
        "bulletins/signatories.yml — menade du 'lina-marklund'? Annars lägg till den i bulletins/signatories.yml",
    ]
    assert not (project.root / "bulletins/2023-05-12-brand-i-skogen.md").exists()


@pytest.mark.parametrize("other_problem", ["", "updated: 2020-13-45\n"], ids=["valid", "with a problem of its own"])
def test_new_refuses_a_slug_that_is_another_bulletins_alias(project, other_problem):
    project.bulletin("2025-03-04-bedrageri", extra=f"aliases: [2025-03-03-bedrageriforsok]\n{other_problem}")
    made = bulletins(project, "new", "Bedrägeriförsök", "--topic", "brand", "--date", "2025-03-03")
    assert made.returncode == 1
    assert made.stderr.splitlines() == [
        "1 problem; inget skrevs:",
        "  bulletins/2025-03-03-bedrageriforsok.md: file name: adressen '2025-03-03-bedrageriforsok' är redan "
        "ett alias för bulletins/2025-03-04-bedrageri.md — välj en annan rubrik eller ett annat datum"]
    assert not (project.root / "bulletins/2025-03-03-bedrageriforsok.md").exists()


def test_new_reads_a_line_break_pasted_from_word_in_the_title_as_a_space(project):
    made = bulletins(project, "new", "Brand i\x0bskogen", "--topic", "brand", "--date", "2023-05-12")
    assert (made.returncode, made.stdout) == (0, "bulletins/2023-05-12-brand-i-skogen.md\n")
    assert front_matter(project.root / made.stdout.strip())["title"] == "Brand i skogen"


def test_new_without_a_topic_names_the_registers_topics(project):
    project.write("bulletins/topics.yml", TOPICS_YML)
    made = bulletins(project, "new", "Brand i skogen")
    assert made.returncode == 2
    assert made.stderr == "ange minst ett ämne med --topic; ämnen i bulletins/topics.yml: brand, vatten\n"


def test_new_with_only_a_title_writes_a_draft_that_passes_check(project):
    made = bulletins(project, "new", "Brand i skogen")
    assert made.returncode == 0
    assert bulletins(project, "check").returncode == 0
    head = (project.root / made.stdout.strip()).read_text(encoding="utf-8").split("title:")[0]
    assert "# - topics: 'allmänt' är en platshållare; ange meddelandets ämnen\n" in head


# ---------------------------------------------------------------------------
# check


BAD = dict(date="2020-13-45", topics="brand", signatories="\n  - name: Lina Marklund")


def test_check_reports_the_same_messages_as_the_build(project):
    project.bulletin("2023-05-12-brand", **BAD)
    project.bulletin("Brand i skogen")
    built = project.build(check=False)
    checked = bulletins(project, "check")
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == build_problem_lines(built)
    assert len(checked.stdout.splitlines()) == 4


def test_check_of_a_valid_site_exits_0_and_says_so(project):
    project.bulletin("2023-05-12-brand")
    checked = bulletins(project, "check")
    assert (checked.returncode, checked.stdout, checked.stderr) == (
        0, "", "1 meddelanden kontrollerade: inga problem.\n")


def test_check_files_reports_only_the_given_files(project):
    project.bulletin("2023-05-12-brand", **BAD)
    project.bulletin("2023-05-13-vatten", topics="[vatten]")
    project.bulletin("2023-05-14-storm", topics="")
    checked = bulletins(project, "check", "bulletins/2023-05-14-storm.md", "bulletins/2023-05-13-vatten.md")
    assert checked.stdout == ("bulletins/2023-05-14-storm.md:4: topics: fältet är tomt — "
                              "ange minst ett värde, som [covid-19]\n")


def test_check_files_applies_rules_across_all_bulletins(project):
    project.bulletin("2023-05-12-brand", extra="id: brand-1\n")
    project.bulletin("2023-05-13-brand", extra="id: brand-1\n")
    checked = bulletins(project, "check", "bulletins/2023-05-13-brand.md")
    assert checked.stdout == ("bulletins/2023-05-13-brand.md:8: id: samma id som bulletins/2023-05-12-brand.md "
                              "— ge det här meddelandet ett eget id (eller ta bort fältet)\n")


def test_check_speaks_english_with_lang_en(project):
    project.bulletin("2023-05-12-brand", date="2020-13-45")
    checked = bulletins(project, "--lang", "en", "check")
    assert checked.stdout == ("bulletins/2023-05-12-brand.md:3: date: '2020-13-45' is not a date — write a real "
                              "date as YYYY-MM-DD (e.g. 2020-05-12) or 2020-05-12T09:00:00+02:00\n")


def test_check_format_github_annotates_the_line(project):
    project.bulletin("2023-05-12-brand", date="2020-13-45")
    checked = bulletins(project, "check", "--format", "github")
    assert checked.stdout == ("::error file=bulletins/2023-05-12-brand.md,line=3,title=date::'2020-13-45' är inte "
                              "ett datum — skriv ett datum som finns, ÅÅÅÅ-MM-DD (t.ex. 2020-05-12) eller "
                              "2020-05-12T09:00:00+02:00\n")


def test_check_format_gitlab_writes_a_code_quality_report(project):
    project.bulletin("2023-05-12-brand", date="2020-13-45")
    report = json.loads(bulletins(project, "check", "--format", "gitlab").stdout)
    assert len(report) == 1
    assert re.fullmatch(r"[0-9a-f]{40}", report[0].pop("fingerprint"))
    assert report[0] == {
        "description": "date: '2020-13-45' är inte ett datum — skriv ett datum som finns, ÅÅÅÅ-MM-DD "
                       "(t.ex. 2020-05-12) eller 2020-05-12T09:00:00+02:00",
        "check_name": "bulletins/date", "severity": "critical",
        "location": {"path": "bulletins/2023-05-12-brand.md", "lines": {"begin": 3}}}


def test_check_format_json_lists_each_problem(project):
    project.bulletin("2023-05-12-brand", date="2020-13-45")
    report = json.loads(bulletins(project, "check", "--format", "json").stdout)
    assert [(p["path"], p["line"], p["field"]) for p in report] == [("bulletins/2023-05-12-brand.md", 3, "date")]


def test_check_reports_a_missing_site_url_as_the_build_does(project):
    project.bulletin("2023-05-12-brand")
    project.configure(site_url=None)
    built = project.build(check=False)
    checked = bulletins(project, "check")
    assert checked.returncode == 1
    assert checked.stdout.strip() in built.stderr
    assert checked.stdout.startswith("mkdocs.yml: site_url: site_url saknas — ")


def test_check_reads_mkdocs_yml_with_mkdocs_tags(project):
    config = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    config += ("markdown_extensions_extra: !!python/name:material.extensions.emoji.twemoji\n"
               "site_author: !ENV [BULLETIN_AUTHOR, Kommunen]\n")
    project.write("mkdocs.yml", config)
    project.bulletin("2023-05-12-brand", date="2020-13-45")
    checked = bulletins(project, "check")
    assert checked.stdout.startswith("bulletins/2023-05-12-brand.md:3: date: ")


def test_check_follows_the_bulletins_source_setting(project):
    project.configure(bulletins={"source": "meddelanden"})
    written = project.bulletin("2023-05-12-brand", date="2020-13-45")
    (project.root / "meddelanden").mkdir()
    written.rename(project.root / "meddelanden" / written.name)
    assert bulletins(project, "check").stdout.startswith("meddelanden/2023-05-12-brand.md:3: date: ")


# ---------------------------------------------------------------------------
# status (the fixture clock is 2023-11-14)


def _status_site(project):
    project.bulletin("2023-05-12-brand", title="Brandrisk")
    project.bulletin("2023-11-01-utkast", title="Ett utkast", date="2023-11-01", extra="draft: true\n")
    project.bulletin("2024-01-10-vinter", title="Vinterväder", date="2024-01-10")


def test_status_lists_a_draft_and_a_scheduled_bulletin(project):
    _status_site(project)
    shown = bulletins(project, "status")
    assert shown.returncode == 0
    assert shown.stdout.splitlines() == [
        "Publiceras inte i nästa bygge:",
        "  Schemalagt  2024-01-10  bulletins/2024-01-10-vinter.md  Vinterväder  publiceras 10 januari 2024",
        "  Utkast      2023-11-01  bulletins/2023-11-01-utkast.md  Ett utkast",
        "",
        "Publiceras med en banner:",
        "  (inga)",
        "",
        "Publiceras i nästa bygge: 1 (0 med banner). Publiceras inte: 2.",
    ]


def test_status_json_gives_each_bulletins_status(project):
    _status_site(project)
    report = json.loads(bulletins(project, "status", "--json").stdout)
    assert report["now"] == "2023-11-14T22:13:20+00:00"
    assert [(b["slug"], b["status"], b["date"], b["published"]) for b in report["bulletins"]] == [
        ("2024-01-10-vinter", "scheduled", "2024-01-10", False),
        ("2023-11-01-utkast", "draft", "2023-11-01", False),
        ("2023-05-12-brand", "published", "2023-05-12", True),
    ]


def test_status_names_expired_and_replaced_bulletins(project):
    project.bulletin("2023-05-12-brand", title="Brandrisk", extra="expires: 2023-06-30\n")
    project.bulletin("2023-06-01-vatten", title="Vattnet", date="2023-06-01")
    project.bulletin("2023-07-01-vatten-rent", title="Vattnet rent", date="2023-07-01",
                     extra="replaces: 2023-06-01-vatten\n")
    lines = bulletins(project, "status").stdout.splitlines()
    assert lines[3:6] == [
        "Publiceras med en banner:",
        "  Ersatt                2023-06-01  bulletins/2023-06-01-vatten.md  Vattnet    ersatt av 2023-07-01-vatten-rent",
        "  Inte längre aktuellt  2023-05-12  bulletins/2023-05-12-brand.md   Brandrisk  gällde till och med 30 juni 2023",
    ]


def test_status_gives_a_replaced_bulletin_that_has_expired_the_one_banner_its_page_shows(project):
    project.bulletin("2023-05-12-brand", title="Brandrisk", extra="expires: 2023-06-30\n")
    project.bulletin("2023-07-01-brand-slut", title="Brandrisken över", date="2023-07-01",
                     extra="replaces: 2023-05-12-brand\n")
    lines = bulletins(project, "status").stdout.splitlines()
    assert lines[3:6] == [
        "Publiceras med en banner:",
        "  Ersatt  2023-05-12  bulletins/2023-05-12-brand.md  Brandrisk  ersatt av 2023-07-01-brand-slut",
        "",
    ]


def test_status_warns_that_a_problem_stops_the_build(project):
    project.bulletin("2023-05-12-brand", date="2020-13-45")
    shown = bulletins(project, "status")
    assert shown.returncode == 1
    assert shown.stdout.splitlines()[-1] == ("1 problem: nästa bygge misslyckas och publicerar ingenting — "
                                             "kör 'bulletins check'.")


# ---------------------------------------------------------------------------
# import


@pytest.fixture
def imported_seed(project) -> Path:
    result = bulletins(project, "import", str(SEED), "--topic", "covid-19", "--date", "2020-05-12")
    assert result.returncode == 0, result.stderr
    return project.root / result.stdout.strip()


def test_import_of_the_seed_finds_its_four_signatories_with_roles(imported_seed):
    assert front_matter(imported_seed)["signatories"] == [
        {"name": "Catarina Petterson", "role": "ordförande trygghetsrådet"},
        {"name": "Carin Becker-Åström", "role": "kommunchef"},
        {"name": "Lina Marklund", "role": "säkerhetssamordnare"},
        {"name": "Per Ersgård", "role": "kommunpolis"},
    ]


def test_import_of_the_seed_finds_its_title_over_three_lines(imported_seed):
    assert front_matter(imported_seed)["title"] == (
        "Lägesbild Covid-19 samt brottsförebyggande och trygghetsskapande arbete")
    assert imported_seed.name == "2020-05-12-lagesbild-covid-19-samt-brottsforebyggande-och.md"


def test_import_of_the_seed_finds_its_contact(imported_seed):
    fields = front_matter(imported_seed)
    assert (fields["contact"], fields["draft"]) == ("kommun@hallstahammar.se", True)
    assert "mailto" not in imported_seed.read_text(encoding="utf-8")


def test_import_of_the_seed_makes_its_bullets_markdown_lists(imported_seed):
    html = markdown.markdown(imported_seed.read_text(encoding="utf-8").split("---\n", 2)[2])
    lists = re.findall(r"<ul>(.*?)</ul>", html, re.S)
    assert [len(re.findall("<li>", items)) for items in lists] == [3, 3]
    assert "<li>Vi har förberett oss, både i länet och på kommunnivå, då vi ser en ökad risk för psykisk " \
           "ohälsa. Ett konkret exempel är att socialtjänsten startat en telefonstödlinje för barn och " \
           "ungdomar.</li>" in html


def test_import_of_the_seed_recognises_its_headings(imported_seed):
    body = imported_seed.read_text(encoding="utf-8")
    assert re.findall(r"^## .*", body, re.M) == [
        "## Covid-19", "## Krisledningsorganisationen", "## Brottsförebyggande och trygghetsskapande arbete"]


def test_import_of_the_seed_leaves_no_hyphenation_artefacts(imported_seed):
    body = imported_seed.read_text(encoding="utf-8").split("---\n", 2)[2]
    for word in ("krisledningsorganisation", "säkerhetssamordnare", "smittskyddsläkare", "ordningsvakterna",
                 "fritidsledare", "Becker-Åström", "barn- och ungdomscoacher"):
        assert word in body
    assert re.findall(r"\w- \w+", body) == ["n- och"]
    assert "\n\n\n" not in body and "Med vänliga hälsningar" not in body


def test_import_of_the_seed_passes_check_and_builds(project, imported_seed):
    assert bulletins(project, "check").returncode == 0
    text = imported_seed.read_text(encoding="utf-8").replace("draft: true\n", "")
    imported_seed.write_text(text, encoding="utf-8")
    project.build()
    page = project.read(f"bulletins/{imported_seed.stem}/index.html")
    assert "krisledningsorganisation (stab)" in page


def test_import_lists_what_the_author_must_check_at_the_top(project):
    result = bulletins(project, "import", str(SEED), "--topic", "covid-19")
    head = (project.root / result.stdout.strip()).read_text(encoding="utf-8").split("title:")[0]
    assert head.splitlines() == [
        "---",
        "# Importerad från lagesbild-covid-19-hallstahammar.txt. Kontrollera innan du tar bort 'draft: true':",
        "# - date: satt till 2023-11-14; ange meddelandets datum",
        "# - jämför rubriker, stycken och listor med originalet",
    ]


def test_import_keeps_unplaced_lines_in_the_body_and_lists_them(project):
    legacy = project.write("gammalt.txt", "Vattenläcka i centrum\n\nVi lagar ledningen.\n\n"
                                          "Med vänliga hälsningar\nAnders Nyström, VA-chef\nTel 021-12 34 56\n")
    result = bulletins(project, "import", str(legacy), "--topic", "vatten", "--date", "2023-05-12")
    text = (project.root / result.stdout.strip()).read_text(encoding="utf-8")
    assert '# - står kvar i texten men kunde inte placeras: "Tel 021-12 34 56"\n' in text
    assert text.endswith("Vi lagar ledningen.\n\nTel 021-12 34 56\n")


def test_import_reads_a_pdf(project, tmp_path):
    from weasyprint import HTML

    lines = ["Brandrisk i skogen", "Räddningstjänsten har beslutat om eldningsförbud i hela krislednings-",
             "organisationens område. Kommunchef Carin Becker-", "Åström informerar.", "• Grilla inte",
             "• Elda inte", "Med vänliga hälsningar", "Jonas Öberg, räddningschef", "mailto:brand@example.se"]
    html = "".join(f"<p style='margin:0 0 1em'>{line}</p>" for line in lines)
    pdf = tmp_path / "gammalt.pdf"
    HTML(string=f"<html lang='sv'><body>{html}</body></html>").write_pdf(pdf)
    result = bulletins(project, "import", str(pdf), "--topic", "brand", "--date", "2023-05-12")
    path = project.root / result.stdout.strip()
    fields = front_matter(path)
    assert (fields["title"], fields["signatories"], fields["contact"]) == (
        "Brandrisk i skogen", [{"name": "Jonas Öberg", "role": "räddningschef"}], "brand@example.se")
    assert path.read_text(encoding="utf-8").endswith(
        "eldningsförbud i hela krisledningsorganisationens område. Kommunchef Carin Becker-Åström informerar."
        "\n\n- Grilla inte\n- Elda inte\n")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("gammalt.txt", bytes(range(256)) * 4, "gammalt.txt: filen ser inte ut att vara text (den innehåller binära "
     "data) — spara den som .txt från Word, eller importera PDF-filen"),
    ("gammalt.pdf", b"", "gammalt.pdf: PDF-filen är tom eller trasig och kan inte läsas — exportera den på nytt, "
     "eller importera texten som .txt"),
    ("gammalt.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "gammalt.pdf: PDF-filen är tom eller trasig och kan "
     "inte läsas — exportera den på nytt, eller importera texten som .txt"),
    ("gammalt.pdf", bytes(range(256)) * 4, "gammalt.pdf: PDF-filen är tom eller trasig och kan inte läsas — "
     "exportera den på nytt, eller importera texten som .txt"),
    ("gammalt.txt", b" \n\n ", "gammalt.txt: filen innehåller ingen text (en inskannad PDF har bara bilder) — "
     "skriv meddelandet med 'bulletins new'"),
])
def test_import_refuses_a_file_it_cannot_read_with_a_message(project, name, content, message):
    legacy = project.write(name, content)
    result = bulletins(project, "import", str(legacy), "--topic", "brand")
    assert (result.returncode, result.stderr, result.stdout) == (2, message + "\n", "")
    assert list((project.root / "bulletins").iterdir()) == []


def test_import_turns_word_line_breaks_into_lines_and_drops_other_control_characters(project):
    legacy = project.write("gammalt.txt", "Vattenläcka\n\nVi lagar\x0bledningen.\x1b\n")
    result = bulletins(project, "import", str(legacy), "--topic", "vatten", "--date", "2023-05-12")
    text = (project.root / result.stdout.strip()).read_text(encoding="utf-8")
    assert "# - 1 osynliga styrtecken togs bort ur texten\n" in text
    assert text.endswith("Vi lagar ledningen.\n")


def test_import_of_a_long_text_takes_linear_time():
    # 2 MB of lines that each continue the one before (PDF text with hyphenation): one block. Joined
    # into a growing string and searched at every line, 200 KB of it took 43 s.
    text = "Rubrik\n\n" + "en lång rad om krislednings-\norganisationen som fortsätter utan slut och\n" * 30000
    started = time.process_time()
    found = importer.parse(text)
    assert time.process_time() - started < 10
    assert found.body.count("krisledningsorganisationen") == 30000


@pytest.mark.parametrize(("before", "after", "joined"), [
    ("kommunens krislednings-", "organisation (stab)", "kommunens krisledningsorganisation (stab)"),
    ("kommunchef Carin Becker-", "Åström", "kommunchef Carin Becker-Åström"),
    ("barn-", "och ungdomscoacher", "barn- och ungdomscoacher"),
    ("under 2019-", "2020", "under 2019-2020"),
])
def test_import_joins_a_line_end_hyphen_only_before_a_lower_case_word(before, after, joined):
    assert importer.parse(f"Rubrik\n\nText {before}\n{after} slut.\n").body == f"Text {joined} slut.\n"


# ---------------------------------------------------------------------------
# help and the installed command


@pytest.mark.parametrize("command", ["new", "check", "status", "import"])
def test_help_of_every_subcommand_follows_the_site_language(project, command):
    swedish = bulletins(project, command, "--help")
    project.configure(theme={"name": "material", "language": "en"})
    english = bulletins(project, command, "--help")
    assert swedish.stdout.startswith(f"användning: bulletins {command} ")
    assert "visa den här hjälpen och avsluta" in swedish.stdout
    assert english.stdout.startswith(f"usage: bulletins {command} ")
    assert "show this help message and exit" in english.stdout


def test_help_language_can_be_chosen_with_lang(project):
    helped = bulletins(project, "--lang", "en", "status", "--help")
    assert "write JSON instead of a table" in helped.stdout


def test_the_bulletins_command_is_installed_by_the_readme_setup(project):
    script = Path(sys.executable).parent / "bulletins"
    assert script.is_file(), "pip install -r requirements.txt installs the `bulletins` command"
    project.bulletin("2023-05-12-brand", date="2020-13-45")
    result = subprocess.run([str(script), "check"], cwd=project.root, capture_output=True, text=True)
    assert (result.returncode, result.stdout[:40]) == (1, "bulletins/2023-05-12-brand.md:3: date: '")
