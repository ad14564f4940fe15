"""The model, loader and validation as plain functions (no MkDocs involved)."""
from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bulletin_site.loading import collect, first_paragraph, load_catalogue
from bulletin_site.errors import BulletinError
from bulletin_site.model import Bulletin, Catalogue, NoticeKind, Status
from bulletin_site.settings import Settings
from bulletin_site.slugs import slugify
from conftest import bulletin_text

NOW = datetime(2023, 11, 14, 12, 0, tzinfo=timezone.utc)
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def settings_for(root: Path, language: str = "en") -> Settings:
    return Settings(root=root, source_dir=root / "bulletins", language=language, now=NOW,
                    site_url="https://trygghet.example.se/")


def write(root: Path, relative: str, text: str | bytes) -> None:
    path = root / "bulletins" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def problems_of(root: Path, language: str = "en") -> list[str]:
    return [str(p) for p in collect(settings_for(root, language))[1]]


# ---- the model from a valid file ------------------------------------------------


def test_a_plain_date_is_the_start_of_that_day_in_the_site_time_zone(tmp_path):
    write(tmp_path, "2020-05-12-a.md", bulletin_text(date="2020-05-12"))
    (b,) = load_catalogue(settings_for(tmp_path)).bulletins
    assert b.date == datetime(2020, 5, 12, tzinfo=STOCKHOLM)
    assert b.date.utcoffset().total_seconds() == 7200


def test_a_date_time_keeps_its_offset(tmp_path):
    write(tmp_path, "a.md", bulletin_text(date="2020-05-12T09:30:00+01:00"))
    (b,) = load_catalogue(settings_for(tmp_path)).bulletins
    assert b.date.isoformat() == "2020-05-12T09:30:00+01:00"
    assert not b.date_is_day


def test_slug_is_the_file_name_at_any_depth(tmp_path):
    write(tmp_path, "2020/maj/2020-05-12-lagesbild.md", bulletin_text())
    (b,) = load_catalogue(settings_for(tmp_path)).bulletins
    assert b.slug == "2020-05-12-lagesbild"
    assert b.source == "bulletins/2020/maj/2020-05-12-lagesbild.md"
    assert b.url == "bulletins/2020-05-12-lagesbild/"


def test_summary_falls_back_to_the_first_paragraph_without_markup(tmp_path):
    write(tmp_path, "a.md", bulletin_text(body="## Rubrik\n\nDet **brinner** i [skogen](x.md).\n\nMer."))
    (b,) = load_catalogue(settings_for(tmp_path)).bulletins
    assert b.summary == "Det brinner i skogen."


def test_first_paragraph_skips_lists_and_headings():
    assert first_paragraph("# A\n\n- punkt\n- punkt\n\nText & mer\nrad två\n\nNästa") == "Text & mer rad två"


def test_topics_without_a_register_use_the_key_as_label_and_a_transliterated_slug(tmp_path):
    write(tmp_path, "a.md", bulletin_text(topics="[brottsförebyggande, Brott & trygghet]"))
    (b,) = load_catalogue(settings_for(tmp_path)).bulletins
    assert [(t.label, t.slug) for t in b.topics] == [
        ("brottsförebyggande", "brottsforebyggande"), ("Brott & trygghet", "brott-trygghet")]


def test_register_topics_and_signatories_resolve_in_signing_order(tmp_path):
    write(tmp_path, "topics.yml", "covid-19:\n  label: Covid-19\n  description: Smittläget.\n")
    write(tmp_path, "signatories.yml", "per-ersgard:\n  name: Per Ersgård\n  role: kommunpolis\n")
    write(tmp_path, "a.md", bulletin_text(
        topics="[covid-19]",
        signatories="\n  - name: Catarina Petterson\n    role: ordförande\n  - per-ersgard"))
    (b,) = load_catalogue(settings_for(tmp_path)).bulletins
    assert b.topics[0].label == "Covid-19" and b.topics[0].description == "Smittläget."
    assert [s.byline() for s in b.signatories] == ["Catarina Petterson, ordförande",
                                                   "Per Ersgård, kommunpolis"]


def test_replaces_links_both_ways(tmp_path):
    write(tmp_path, "old.md", bulletin_text(date="2020-04-20"))
    write(tmp_path, "new.md", bulletin_text(date="2020-05-12", extra="replaces: old\n"))
    catalogue = load_catalogue(settings_for(tmp_path))
    assert catalogue.by_slug["new"].replaces == "old"
    assert catalogue.by_slug["old"].replaced_by == "new"


def test_status_draft_scheduled_published_and_expiry(tmp_path):
    write(tmp_path, "draft.md", bulletin_text(extra="draft: true\n"))
    write(tmp_path, "future.md", bulletin_text(date="2024-01-01"))
    write(tmp_path, "expired.md", bulletin_text(date="2023-01-01", extra="expires: 2023-11-13\n"))
    write(tmp_path, "valid.md", bulletin_text(date="2023-01-01", extra="expires: 2023-11-14\n"))
    by_slug = load_catalogue(settings_for(tmp_path)).by_slug
    assert by_slug["draft"].status(NOW) is Status.DRAFT
    assert by_slug["future"].status(NOW) is Status.SCHEDULED
    assert by_slug["valid"].status(NOW) is Status.PUBLISHED and by_slug["valid"].status(NOW).is_public()
    assert by_slug["expired"].is_expired(NOW)
    assert not by_slug["valid"].is_expired(NOW)  # valid through the whole of 14 November


def test_catalogue_is_newest_first_and_indexed_by_topic_and_year(tmp_path):
    write(tmp_path, "a.md", bulletin_text(date="2021-03-01", topics="[brand]"))
    write(tmp_path, "b.md", bulletin_text(date="2022-03-01", topics="[brand, vatten]"))
    write(tmp_path, "c.md", bulletin_text(date="2022-06-01", topics="[vatten]"))
    catalogue = load_catalogue(settings_for(tmp_path))
    assert [b.slug for b in catalogue.bulletins] == ["c", "b", "a"]
    assert [b.slug for b in catalogue.by_topic["brand"]] == ["b", "a"]
    assert list(catalogue.by_year) == [2022, 2021]


def test_slugify_transliterates_swedish():
    assert slugify("Brottsförebyggande & Trygghet") == "brottsforebyggande-trygghet"


# ---- one message per kind of bad input: the files, and the exact messages they get -----

BAD_INPUT = [
    pytest.param(
        [("a.md", "---\ntitle: Brand\ndate: 2020-05-12\ntopics: [brand\nsignatories: []\n---\nText\n")],
        ["bulletins/a.md:4: front-matter: the [ that starts here is never closed — close it with ] on the same line"],
        id="broken_yaml_names_the_line_where_the_mistake_starts"),
    pytest.param(
        [("a.md", "---\ntitle: Brand\ndate: 2020-05-12\ntopics: [brand]\n---\nText\n")],
        ["bulletins/a.md:1: signatories: required field is missing — add 'signatories:' with at "
         "least one signatory (name and role)"],
        id="missing_required_field"),
    pytest.param(
        [("a.md", bulletin_text(title='""'))],
        ["bulletins/a.md:2: title: the field is empty — write a text after the colon"],
        id="empty_required_field"),
    pytest.param(
        [("a.md", bulletin_text(date="2020-13-45"))],
        ["bulletins/a.md:3: date: '2020-13-45' is not a date — write a real date as YYYY-MM-DD "
         "(e.g. 2020-05-12) or 2020-05-12T09:00:00+02:00"],
        id="a_date_that_is_not_a_date_names_its_line"),
    pytest.param(
        [("a.md", bulletin_text(date="2020-05-12T09:00:00"))],
        ["bulletins/a.md:3: date: the time '2020-05-12T09:00:00' has no time zone — add the offset, "
         "e.g. 2020-05-12T09:00:00+02:00, or give the date alone"],
        id="a_date_time_without_offset_is_refused"),
    pytest.param(
        [("a.md", bulletin_text(date="2020-05-12", extra="updated: 2020-05-11\n"))],
        ["bulletins/a.md:8: updated: 2020-05-11 is before date (2020-05-12) — give a date on or "
         "after 2020-05-12, or remove the field"],
        id="updated_before_date"),
    pytest.param(
        [("a.md", bulletin_text(topics="covid-19"))],
        ["bulletins/a.md:4: topics: must be a list but is text — write a list: [covid-19]"],
        id="a_string_where_a_list_is_required"),
    pytest.param(
        [("topics.yml", "covid-19:\n  label: Covid-19\nbrand:\n  label: Brand\n"),
         ("a.md", bulletin_text(topics="[covid19]"))],
        ["bulletins/a.md:4: topics: the topic 'covid19' is not in bulletins/topics.yml — did you "
         "mean 'covid-19'? Otherwise add it to bulletins/topics.yml"],
        id="unknown_topic_with_a_register_suggests_the_closest_key"),
    pytest.param(
        [("signatories.yml", "per-ersgard:\n  name: Per Ersgård\n  role: kommunpolis\n"),
         ("a.md", bulletin_text(signatories="\n  - per-ersgrd"))],
        ["bulletins/a.md:6: signatories: the signatory 'per-ersgrd' is not in "
         "bulletins/signatories.yml — did you mean 'per-ersgard'? Otherwise add it to "
         "bulletins/signatories.yml"],
        id="unknown_signatory_with_a_register_suggests_the_closest_key"),
    pytest.param(
        [("a.md", bulletin_text(signatories="\n  - per-ersgard"))],
        ["bulletins/a.md:6: signatories: 'per-ersgard' looks like a key, but there is no signatory "
         "register — write '- name: Name' and '  role: Role', or create bulletins/signatories.yml"],
        id="a_signatory_key_without_a_register"),
    pytest.param(
        [("a.md", bulletin_text(signatories="\n  - name: Lina Marklund"))],
        ["bulletins/a.md:6: signatories: the signatory has no role — add 'role:' below '- name:'"],
        id="an_inline_signatory_without_role"),
    pytest.param(
        [("a.md", bulletin_text(signatories="\n  - name: Lina Marklund\n    role: [polis]"))],
        ["bulletins/a.md:6: signatories: the signatory's 'role' must be text but is a list — put the "
         "value in quotes"],
        id="an_inline_signatory_whose_role_is_not_text"),
    pytest.param(
        [("2020/a.md", bulletin_text()),
         ("2021/a.md", bulletin_text())],
        ["bulletins/2021/a.md: file name: same slug 'a' as bulletins/2020/a.md — rename one of the files"],
        id="two_files_with_the_same_slug"),
    pytest.param(
        [("2020-04-20-lagesbild.md", bulletin_text()),
         ("b.md", bulletin_text(extra="replaces: 2020-04-20-lagesbil\n"))],
        ["bulletins/b.md:8: replaces: there is no bulletin '2020-04-20-lagesbil' — did you mean "
         "'2020-04-20-lagesbild'? Otherwise add it to bulletins/"],
        id="replaces_naming_no_bulletin_suggests_a_close_slug"),
    pytest.param(
        [("a.md", bulletin_text(title="Brandrisk").encode("utf-8").replace(b"Brandrisk", b"Brandrisk \xe5"))],
        ["bulletins/a.md: file: the file is not UTF-8 (bad byte at position 21) — save the file as "
         "UTF-8 in your editor"],
        id="a_file_that_is_not_utf8"),
    pytest.param(
        [("a.md", "# Brand\n\nText\n")],
        ["bulletins/a.md:1: front-matter: the file does not start with front-matter — start the file "
         "with a line '---', the fields (title, date, topics, signatories) and a line '---'"],
        id="a_file_without_front_matter"),
    pytest.param(
        [("Brand i Skogen.md", bulletin_text())],
        ["bulletins/Brand i Skogen.md: file name: the file name 'Brand i Skogen.md' is not allowed "
         "(only a-z, 0-9 and -) — rename the file to 'brand-i-skogen.md'"],
        id="a_file_name_that_is_not_a_slug_gets_the_name_it_should_have"),
    pytest.param(
        [("a.md", bulletin_text(extra="sumary: Kort\n"))],
        ["bulletins/a.md:8: sumary: unknown field — did you mean 'summary'? Allowed fields: title, "
         "date, summary, topics, signatories, contact, updated, replaces, expires, draft, id, aliases, lang, translation_of, easy_read, alert"],
        id="an_unknown_field_suggests_the_right_one"),
    pytest.param(
        [("topics.yml", "covid-19:\n  label: Covid-19\nbrand:\n  description: Eld.\n"),
         ("a.md", bulletin_text(topics="[covid-19]"))],
        ["bulletins/topics.yml:3: brand: the entry 'brand' has no label — add '  label: …' below 'brand:'"],
        id="a_register_entry_without_its_label_is_reported_with_its_line"),
    pytest.param(
        [("signatories.yml", "per:\n  name: Per\n  role: [polis\n"),
         ("a.md", bulletin_text())],
        ["bulletins/signatories.yml:3: register: the [ that starts here is never closed — close it with ] on "
         "the same line"],
        id="broken_yaml_in_a_register_is_reported_with_its_line"),
    pytest.param(
        [("signatories.yml", "per:\n  name: Per\n  role: polis\n  phone: 112\n"),
         ("a.md", bulletin_text())],
        ["bulletins/signatories.yml:1: per: unknown field 'phone' in the entry 'per' — use name, role, email"],
        id="an_unknown_field_in_a_register_entry_is_reported"),
    pytest.param(
        [("topics.yml", "- covid-19\n- brand\n"),
         ("a.md", bulletin_text())],
        ["bulletins/topics.yml:1: register: the register must be keys with fields below them — write "
         "e.g. 'covid-19:' and below it '  label: Covid-19'"],
        id="a_register_that_is_a_list_is_refused"),
    pytest.param(
        [("signatories.yml", "per:\n  name: Per\n  role: polis\n  email: inte-en-adress\n"),
         ("a.md", bulletin_text(signatories="\n  - per"))],
        ["bulletins/signatories.yml:1: per: 'inte-en-adress' is not an e-mail address — write the "
         "address alone, e.g. kommun@example.se"],
        id="a_bulletin_naming_a_broken_register_entry_gets_no_second_message"),
]


@pytest.mark.parametrize(("files", "expected"), BAD_INPUT)
def test_bad_input_gets_its_exact_message(tmp_path, files, expected):
    for relative, text in files:
        write(tmp_path, relative, text)
    assert problems_of(tmp_path) == expected


def test_messages_follow_the_site_language(tmp_path):
    write(tmp_path, "a.md", bulletin_text(date="2020-13-45"))
    assert problems_of(tmp_path, language="sv") == [
        "bulletins/a.md:3: date: '2020-13-45' är inte ett datum — skriv ett datum som finns, "
        "ÅÅÅÅ-MM-DD (t.ex. 2020-05-12) eller 2020-05-12T09:00:00+02:00"]


def test_every_problem_of_every_file_is_reported_at_once(tmp_path):
    write(tmp_path, "a.md", bulletin_text(date="2020-13-45", topics="brand"))
    write(tmp_path, "b.md", "no front matter")
    write(tmp_path, "c.md", bulletin_text())
    catalogue, problems = collect(settings_for(tmp_path))
    assert [(p.path, p.field) for p in problems] == [
        ("bulletins/a.md", "date"), ("bulletins/a.md", "topics"), ("bulletins/b.md", "front-matter")]
    assert [b.slug for b in catalogue.bulletins] == ["c"]
    with pytest.raises(BulletinError) as raised:
        load_catalogue(settings_for(tmp_path))
    assert len(raised.value.problems) == 3


def test_a_signatory_breaks_the_same_rules_in_the_register_and_in_a_bulletin(tmp_path):
    write(tmp_path, "signatories.yml", "per:\n  name: Per\n  phone: 112\n  email: per@\n")
    write(tmp_path, "a.md", bulletin_text(
        signatories="\n  - name: Per\n    phone: 112\n    email: per@"))
    assert problems_of(tmp_path) == [
        "bulletins/signatories.yml:1: per: unknown field 'phone' in the entry 'per' — use name, role, email",
        "bulletins/signatories.yml:1: per: the entry 'per' has no role — add '  role: …' below 'per:'",
        "bulletins/signatories.yml:1: per: 'per@' is not an e-mail address — write the address alone, "
        "e.g. kommun@example.se",
        "bulletins/a.md:6: signatories: unknown field 'phone' of the signatory — use name, role and email",
        "bulletins/a.md:6: signatories: the signatory has no role — add 'role:' below '- name:'",
        "bulletins/a.md:6: signatories: 'per@' is not an e-mail address — write the address alone, "
        "e.g. kommun@example.se",
    ]

# ---- the parse cache (mkdocs serve keeps it across rebuilds) -----------------------------------

def test_a_parse_cache_gives_the_dates_of_a_time_zone_changed_between_builds(tmp_path):
    from bulletin_site.loading import ParseCache
    write(tmp_path, "2023-05-12-brand.md", bulletin_text())
    cache = ParseCache()
    before = load_catalogue(settings_for(tmp_path), cache).bulletins[0].date
    moved = dataclasses.replace(settings_for(tmp_path), timezone=ZoneInfo("America/New_York"))
    after = load_catalogue(moved, cache).bulletins[0].date
    assert (before.isoformat(), after.isoformat()) == (
        "2023-05-12T00:00:00+02:00", "2023-05-12T00:00:00-04:00")


def test_a_parse_cache_gives_the_problems_in_a_language_changed_between_builds(tmp_path):
    from bulletin_site.loading import ParseCache
    write(tmp_path, "a.md", bulletin_text(date="2023-13-01"))
    cache = ParseCache()
    english = [str(p) for p in collect(settings_for(tmp_path, "en"), cache)[1]]
    swedish = [str(p) for p in collect(settings_for(tmp_path, "sv"), cache)[1]]
    assert english == [str(p) for p in collect(settings_for(tmp_path, "en"))[1]]
    assert swedish == [str(p) for p in collect(settings_for(tmp_path, "sv"))[1]]
    assert english != swedish



def test_the_readmes_field_table_is_the_field_table():
    from bulletin_site.fields import readme_table
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("| field | required | kind | example | what it takes |")
    assert readme[start:start + len(readme_table())] == readme_table()
    assert readme[start + len(readme_table()):].startswith("\n")


# ---- notices: what a bulletin's page, print page, badges and status tell ------------------------

def _plain(slug: str, **changes) -> Bulletin:
    return Bulletin(slug=slug, source=f"bulletins/{slug}.md", title=slug, summary="", topics=(),
                    signatories=(), date=datetime(2023, 5, 1, tzinfo=STOCKHOLM), **changes)


def test_notices_come_in_one_order_and_replaced_is_told_instead_of_expired_or_valid_until():
    old, new = _plain("old"), _plain("new")
    draft = _plain("draft", draft=True, replaces="old", expires=datetime(2023, 6, 1, tzinfo=STOCKHOLM))
    replaced = _plain("replaced", replaced_by="new", expires=datetime(2024, 1, 1, tzinfo=STOCKHOLM))
    valid = _plain("valid", replaces="old", expires=datetime(2024, 1, 1, tzinfo=STOCKHOLM))
    shown = Catalogue((old, new, draft, replaced, valid), NOW)
    assert [(n.kind, n.date, n.other and n.other.slug) for n in shown.notices(draft)] == [
        (NoticeKind.DRAFT, None, None),
        (NoticeKind.EXPIRED, draft.valid_until, None),
        (NoticeKind.REPLACES, None, "old")]
    assert [(n.kind, n.other.slug) for n in shown.notices(replaced)] == [(NoticeKind.REPLACED_BY, "new")]
    assert [(n.kind, n.date) for n in shown.notices(valid)] == [
        (NoticeKind.REPLACES, None), (NoticeKind.VALID_UNTIL, valid.valid_until)]
