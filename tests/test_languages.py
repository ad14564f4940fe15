"""Every bulletin in its own language, translations linked to each other (issue #15).

The shipped samples (a Swedish boil-water notice with an English, an Arabic and an easy-read
translation, and an English original) are built once with PDFs; the loader's rules are checked as
plain functions and through `bulletins check`; the stale-translation notice on a small site built
twice.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import lxml.html
import pypdf
import pytest
import yaml
from fontTools.ttLib import TTFont

from bulletin_site import languages, system
from bulletin_site.loading import collect
from conftest import FIXED_EPOCH, MKDOCS, REPO, Project, bulletin_text, empty_project
from test_loading import settings_for, write

SITE_URL = "https://trygghet.hallstahammar.example/"
ORIGINAL = "2023-08-14-kokningsrekommendation-kolback"
ENGLISH, ARABIC, EASY = f"{ORIGINAL}-en", f"{ORIGINAL}-ar", f"{ORIGINAL}-lattlast"
STORM = "2025-10-02-storm-warning-in-english"  # an English original


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    """The shipped mkdocs.yml, docs/ and sample bulletins, built with PDFs."""
    root = tmp_path_factory.mktemp("shipped-languages")
    for name in ("docs", "bulletins", "hooks"):
        (root / name).symlink_to(REPO / name)
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["extra"]["bulletins"]["pdf"] = True
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    # 2026-09-21: every sample but the last is published (the English original is of 2025)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([*MKDOCS, "build", "--strict", "-d", str(root / "site")], cwd=root, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return root / "site"


def select(tree, css_class: str, tag: str = "*"):
    """The ``tag`` elements inside (or being) elements of ``css_class``."""
    inside = f"descendant-or-self::*[contains(concat(' ', normalize-space(@class), ' '), ' {css_class} ')]"
    return tree.xpath(inside if tag == "*" else f"{inside}//{tag}")


def page(site: Path, slug: str, print_page: bool = False):
    path = site / "bulletins" / slug / ("print/index.html" if print_page else "index.html")
    return lxml.html.fromstring(path.read_bytes())


def pdf_text(site: Path, slug: str) -> str:
    """The PDF's text as poppler's pdftotext reads it (what a reader copies or a screen reader says)."""
    pdf = site / "bulletins" / slug / f"{slug}.pdf"
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pdf_lang(site: Path, slug: str) -> str:
    return pypdf.PdfReader(site / "bulletins" / slug / f"{slug}.pdf").trailer["/Root"]["/Lang"]


# ---- language on the page, the print page, the PDF and the feeds ---------------------------------

def test_the_english_sample_is_english_on_its_page_print_page_pdf_and_feed_item(shipped):
    content = page(shipped, ENGLISH).find_class("bulletin")[0]
    assert (content.get("lang"), content.get("dir")) == ("en", "ltr")
    assert page(shipped, ENGLISH).get("lang") == "sv"  # the site around it stays Swedish
    printed = page(shipped, ENGLISH, print_page=True)
    assert printed.get("lang") == "en"
    assert printed.find_class("letter-signatures__regards")[0].text == "Kind regards"
    assert pdf_lang(shipped, ENGLISH) == "en"
    english = feedparser.parse((shipped / "en/feed.xml").read_bytes())
    assert english.feed.language == "en"
    assert {e.link for e in english.entries} == {SITE_URL + f"bulletins/{slug}/" for slug in (ENGLISH, STORM)}
    site_feed = feedparser.parse((shipped / "feed.xml").read_bytes())
    (storm,) = [e for e in site_feed.entries if STORM in e.link]
    assert storm.language == "en"  # dc:language of an item in another language than the channel's
    items = json.loads((shipped / "feed.json").read_text(encoding="utf-8"))["items"]
    assert [i.get("language") for i in items if STORM in i["url"]] == ["en"]


def test_the_arabic_sample_reads_right_to_left_on_its_page_and_print_page(shipped):
    content = page(shipped, ARABIC).find_class("bulletin")[0]
    assert (content.get("lang"), content.get("dir")) == ("ar", "rtl")
    printed = page(shipped, ARABIC, print_page=True)
    assert (printed.get("lang"), printed.get("dir")) == ("ar", "rtl")
    assert printed.find_class("letter-signatures__regards")[0].text == "مع أطيب التحيات"
    assert "صفحة" in printed.find(".//style").text  # "Page 1 of 2" in Arabic
    assert pdf_lang(shipped, ARABIC) == "ar"


def test_the_arabic_pdf_holds_its_arabic_words(shipped):
    text = pdf_text(shipped, ARABIC)
    for word in ("اغلوا", "مياه", "الشرب", "كولبيك", "مدرسة", "المستشفيات"):
        assert word in text


def _sample_text(site: Path, slug: str) -> str:
    printed = page(site, slug, print_page=True)
    return printed.find_class("letter-title")[0].text_content() + printed.find_class("letter-body")[0].text_content()


def font_characters() -> set[str]:
    """Every character the PDFs' fonts have a glyph for."""
    covered = set()
    for path in [*(system.FONT_DIR / name for name in system.FONTS), *map(Path, system.EXTRA_FONTS)]:
        covered |= {chr(code) for code in TTFont(path)["cmap"].getBestCmap()}
    return covered


@pytest.mark.parametrize("slug", [ENGLISH, ARABIC, EASY, STORM])
def test_every_character_of_a_sample_is_in_the_fonts_and_in_its_pdf_text(shipped, slug):
    # letters, digits and punctuation: not spaces, nor marks that only steer direction (&lrm;)
    wanted = {c for c in _sample_text(shipped, slug) if not c.isspace() and unicodedata.category(c) != "Cf"}
    assert wanted - font_characters() == set()  # every letter has a glyph: none prints as a box
    printed = set(unicodedata.normalize("NFKC", pdf_text(shipped, slug)))
    assert {unicodedata.normalize("NFKC", c) for c in wanted} - printed == set()


# the languages the issue names beyond the samples, each in its own script
SCRIPTS = {"ti": "ማይ ኣፍልሑ። ሰላም", "fa": "آب آشامیدنی را بجوشانید.", "uk": "Кип'ятіть питну воду. Ґанок, їжа, є.",
           "so": "Karkari biyaha aad cabbayso.", "fi": "Keitä juomavesi. Älä juo keittämätöntä vettä."}


def test_every_language_of_the_issue_prints_with_its_own_letters(tmp_path):
    project = empty_project(tmp_path)
    project.configure(bulletins={"pdf": True, "concurrency": 0})
    project.bulletin("2023-05-12-vatten", title="Koka vattnet")
    for lang, text in SCRIPTS.items():
        project.write(f"bulletins/2023-05-13-{lang}.md", f"---\ntitle: {text.split('.')[0]}\ndate: 2023-05-13\n"
                      f"lang: {lang}\ntranslation_of: 2023-05-12-vatten\n{SIGNED}---\n\n{text}\n")
    project.build()
    for lang, text in SCRIPTS.items():
        wanted = {c for c in text if not c.isspace()}
        assert wanted - font_characters() == set(), lang
        printed = set(unicodedata.normalize("NFKC", pdf_text(project.site, f"2023-05-13-{lang}")))
        assert wanted - printed == set(), lang
        assert pdf_lang(project.site, f"2023-05-13-{lang}") == lang


# ---- linked versions ----------------------------------------------------------------------------

def hreflangs(site: Path, slug: str) -> set[tuple[str, str]]:
    """(hreflang, absolute address) of each hreflang link of a page (written relative to it)."""
    here = SITE_URL + f"bulletins/{slug}/"
    return {(link.get("hreflang"), urljoin(here, link.get("href")))
            for link in page(site, slug).iter("link") if link.get("hreflang")}


def test_hreflang_links_are_the_same_set_on_every_version_both_ways(shipped):
    cluster = {("sv", SITE_URL + f"bulletins/{ORIGINAL}/"), ("en", SITE_URL + f"bulletins/{ENGLISH}/"),
               ("ar", SITE_URL + f"bulletins/{ARABIC}/"), ("x-default", SITE_URL + f"bulletins/{ORIGINAL}/")}
    assert {slug: hreflangs(shipped, slug) for slug in (ORIGINAL, ENGLISH, ARABIC)} == {
        ORIGINAL: cluster, ENGLISH: cluster, ARABIC: cluster}
    assert hreflangs(shipped, EASY) == set()  # same language as the original: linked visibly only
    assert hreflangs(shipped, STORM) == set()  # no translations, no cluster


def test_every_version_links_the_others_by_their_own_names(shipped):
    def named(slug):
        return [(a.text, a.get("href"), a.get("lang")) for a in select(page(shipped, slug), "bulletin-versions", "a")]
    assert named(ORIGINAL) == [("العربية", f"../{ARABIC}/", "ar"), ("English", f"../{ENGLISH}/", "en"),
                               ("Lättläst", f"../{EASY}/", "sv")]
    assert named(ARABIC) == [("Svenska", f"../{ORIGINAL}/", "sv"), ("English", f"../{ENGLISH}/", "en"),
                             ("Lättläst", f"../{EASY}/", "sv")]
    assert [text for text, *_ in named(EASY)] == ["Svenska", "العربية", "English"]
    assert select(page(shipped, STORM), "bulletin-versions") == []


def test_og_locale_follows_the_bulletin(shipped):
    def locales(slug):
        metas = page(shipped, slug).iter("meta")
        return [(m.get("property"), m.get("content")) for m in metas if (m.get("property") or "").startswith("og:locale")]
    assert locales(ARABIC) == [("og:locale", "ar_EG"), ("og:locale:alternate", "sv_SE"),
                               ("og:locale:alternate", "en_US")]
    assert locales(ORIGINAL)[0] == ("og:locale", "sv_SE")


def test_a_translation_takes_topics_and_replaced_by_from_its_original(shipped):
    arabic = page(shipped, ARABIC)
    topics = [a.text for a in select(arabic, "bulletin-topic")]
    assert topics == [a.text for a in select(page(shipped, ORIGINAL), "bulletin-topic")]
    assert select(arabic, "bulletin-topics")[0].get("lang") == "sv"
    (link,) = select(arabic, "bulletin-banner--replaced-by", "a")
    assert (link.get("href"), link.get("lang")) == ("../2023-08-16-kokningsrekommendationen-upphavd/", "sv")


def test_listings_show_originals_with_small_links_to_their_translations(shipped):
    for listing in ("index.html", "archive/2023/index.html", "topics/vatten/index.html"):
        cards = lxml.html.fromstring((shipped / listing).read_bytes()).find_class("bulletin-card")
        titles = [c.find_class("bulletin-card__title")[0].text_content() for c in cards]
        assert "Koka dricksvattnet i Kolbäck" in titles and "Boil your drinking water in Kolbäck" not in titles
        (card,) = [c for c in cards if c.find_class("bulletin-card__title")[0].text_content() == "Koka dricksvattnet i Kolbäck"]
        links = [(a.text, a.get("hreflang")) for a in select(card, "bulletin-card__versions", "a")]
        assert links == [("العربية", "ar"), ("English", "en"), ("Lättläst", "sv")], listing


def test_each_language_has_a_feed_listed_on_the_subscribe_page(shipped):
    assert sorted(p.parent.name for p in shipped.glob("*/feed.xml")) == ["ar", "en", "sv"]
    arabic = feedparser.parse((shipped / "ar/feed.xml").read_bytes())
    assert not arabic.bozo and [e.title for e in arabic.entries] == ["اغلوا مياه الشرب في كولبيك"]
    swedish = feedparser.parse((shipped / "sv/feed.xml").read_bytes())
    assert SITE_URL + f"bulletins/{EASY}/" in {e.link for e in swedish.entries}
    subscribe = lxml.html.fromstring((shipped / "prenumerera/index.html").read_bytes())
    links = [(a.text, a.get("href")) for a in subscribe.xpath("//a[@hreflang]")]
    assert links == [("العربية", "../ar/feed.xml"), ("English", "../en/feed.xml"), ("Svenska", "../sv/feed.xml")]


# ---- the stale-translation notice -----------------------------------------------------------------

def test_a_translation_says_so_while_its_original_changed_after_it(tmp_path):
    project = empty_project(tmp_path)
    project.bulletin("2023-05-12-brand", title="Brandrisk")
    translation = ("---\ntitle: Fire risk\ndate: 2023-05-13\nlang: en\ntranslation_of: 2023-05-12-brand\n"
                   "signatories:\n  - name: Lina Marklund\n    role: safety coordinator\n{updated}---\n\n"
                   "Fires are banned in the whole municipality.\n")
    project.write("bulletins/2023-05-13-fire.md", translation.format(updated=""))

    def notice():
        found = lxml.html.fromstring(project.read("bulletins/2023-05-13-fire/index.html")).find_class(
            "bulletin-banner--stale")
        printed = "The original has changed" in project.read("bulletins/2023-05-13-fire/print/index.html")
        return (found[0].text_content().split() if found else None), printed

    project.build()
    assert notice() == (None, False)
    project.bulletin("2023-05-12-brand", title="Brandrisk", extra="updated: 2023-05-20\n")
    project.build()
    words, printed = notice()
    assert " ".join(words) == ("The original has changed The original was updated on May 20, 2023, after this "
                               "translation was made. Read the original: Brandrisk") and printed
    link = select(lxml.html.fromstring(project.read("bulletins/2023-05-13-fire/index.html")),
                  "bulletin-banner--stale", "a")[0]
    assert (link.get("href"), link.get("lang")) == ("../2023-05-12-brand/", "sv")
    project.write("bulletins/2023-05-13-fire.md", translation.format(updated="updated: 2023-05-21\n"))
    project.build()
    assert notice() == (None, False)


# ---- the loader's rules ---------------------------------------------------------------------------

ORIGINAL_MD = bulletin_text(title="Koka vattnet", date="2023-08-14", topics="[vatten]", extra="lang: sv\n")
SIGNED = "signatories:\n  - name: Lina Marklund\n    role: safety coordinator\n"


def version(extra: str, title: str = "Boil the water", date: str = "2023-08-15") -> str:
    return f"---\ntitle: {title}\ndate: {date}\n{SIGNED}{extra}---\n\nBoil the water.\n"


LANG_FIX = "write the language's BCP 47 code, e.g. 'lang: {}' (sv, en, ar, so, fi, fa, uk …)"
INHERITED_FIX = ("a translation takes this field from its original (a) and may not set it — remove the line; "
                 "change the field in the original if it must change")
# A version's own lines start at line 7 (after title, date and a signatory of three lines).
BAD = [
    pytest.param({"b.md": version("topics: [vatten]\nlang: english\n")},
                 ["bulletins/b.md:8: lang: 'english' is not a known language — " + LANG_FIX.format("en")],
                 id="a language's name"),
    pytest.param({"b.md": version("topics: [vatten]\nlang: en_GB\n")},
                 ["bulletins/b.md:8: lang: 'en_GB' is not a language tag (BCP 47) — " + LANG_FIX.format("en")],
                 id="an underscore"),
    pytest.param({"b.md": version("topics: [vatten]\nlang: arabiska\n")},
                 ["bulletins/b.md:8: lang: 'arabiska' is not a known language — " + LANG_FIX.format("ar")],
                 id="a Swedish name"),
    pytest.param({"a.md": ORIGINAL_MD, "b.md": version("lang: en\ntranslation_of: c\n")},
                 ["bulletins/b.md:8: translation_of: there is no bulletin 'c' — give the original's file name "
                  "without .md, e.g. 2023-08-14-kokningsrekommendation"], id="no such original"),
    pytest.param({"a.md": ORIGINAL_MD, "b.md": version("lang: en\ntranslation_of: aa\n")},
                 ["bulletins/b.md:8: translation_of: there is no bulletin 'aa' — did you mean 'a'? Give the "
                  "original's file name without .md"], id="a near slug"),
    pytest.param({"a.md": ORIGINAL_MD, "b.md": version("lang: en\ntranslation_of: b\n")},
                 ["bulletins/b.md:8: translation_of: the bulletin is named as a translation of itself — give "
                  "the original's file name without .md, or remove translation_of"], id="itself"),
    pytest.param({"a.md": ORIGINAL_MD, "b.md": version("lang: en\ntranslation_of: a\n"),
                  "c.md": version("lang: ar\ntranslation_of: b\n")},
                 ["bulletins/c.md:8: translation_of: 'b' is itself a translation (of 'a') — translate from the "
                  "original: write 'translation_of: a'"], id="a translation of a translation"),
    pytest.param({"a.md": ORIGINAL_MD, "b.md": version("lang: sv\ntranslation_of: a\n")},
                 ["bulletins/b.md:7: lang: the translation has the same language (sv) as its original "
                  "'a' — give the translation's language with 'lang:', or 'easy_read: true' for an easy-to-read "
                  "version"], id="the same language"),
    pytest.param({"a.md": ORIGINAL_MD, "b.md": version("lang: en\ntranslation_of: a\n"),
                  "c.md": version("lang: EN\ntranslation_of: a\n")},
                 ["bulletins/c.md:8: translation_of: 'a' already has a translation in en: bulletins/b.md — an "
                  "original has one translation per language; merge them or remove one"], id="two in English"),
    pytest.param({"a.md": ORIGINAL_MD, "b.md": version("lang: sv\neasy_read: true\ntranslation_of: a\n"),
                  "c.md": version("lang: sv\neasy_read: true\ntranslation_of: a\n")},
                 ["bulletins/c.md:9: translation_of: 'a' already has an easy-to-read version in sv: bulletins/b.md "
                  "— an original has one translation per language; merge them or remove one"],
                 id="two easy-read versions"),
    pytest.param({"b.md": version("topics: [vatten]\neasy_read: true\n")},
                 ["bulletins/b.md:8: easy_read: easy_read: true marks the easy-to-read version of another bulletin "
                  "— add 'translation_of:' with the original's file name without .md, or remove easy_read"],
                 id="easy-read alone"),
    pytest.param({"b.md": version("topics: [vatten]\neasy_read: ja\n")},
                 ["bulletins/b.md:8: easy_read: must be true or false but is ja — write 'easy_read: true' or "
                  "remove the field"], id="easy-read not a boolean"),
    pytest.param({"a.md": ORIGINAL_MD,
                  "b.md": version("lang: ar\ntranslation_of: a\ntopics: [vatten]\nexpires: 2023-09-01\n"
                                  "replaces: x\n")},
                 [f"bulletins/b.md:{line}: {name}: {INHERITED_FIX}"
                  for line, name in ((9, "topics"), (11, "replaces"), (10, "expires"))],  # the field table's order
                 id="inherited fields set"),
    pytest.param({"a.md": bulletin_text(title="Koka", date="2023-13-45"),
                  "b.md": version("lang: en\ntranslation_of: a\n")},
                 ["bulletins/a.md:3: date: '2023-13-45' is not a date — write a real date as YYYY-MM-DD (e.g. "
                  "2020-05-12) or 2020-05-12T09:00:00+02:00"], id="an original with problems of its own"),
]


@pytest.mark.parametrize(("files", "expected"), BAD)
def test_the_loader_refuses_each_bad_combination_with_its_message(tmp_path, files, expected):
    for name, text in files.items():
        write(tmp_path, name, text)
    assert [str(p) for p in collect(settings_for(tmp_path))[1]] == expected


def test_bulletins_check_refuses_exactly_what_the_build_refuses(tmp_path):
    project = empty_project(tmp_path)
    project.configure(theme={"name": "material", "language": "en"})
    for index, param in enumerate(BAD):  # every case in one site, each under slugs of its own
        files, _ = param.values
        for name, text in files.items():
            for slug in ("aa", "a", "b", "c"):
                text = text.replace(f"translation_of: {slug}\n", f"translation_of: c{index}-{slug}\n")
            project.write(f"bulletins/c{index}-{name}", text)
    env = {**os.environ, "PYTHONPATH": str(REPO / "hooks"), "SOURCE_DATE_EPOCH": FIXED_EPOCH}
    result = subprocess.run([sys.executable, "-m", "bulletin_site.cli", "check"], cwd=project.root, env=env,
                            capture_output=True, text=True)
    built = project.build(check=False)
    assert result.returncode == 1 and built.returncode == 1
    checked = [line for line in result.stdout.splitlines() if line.startswith("bulletins/")]
    refused = [line.strip() for line in built.stderr.splitlines() if line.startswith("  bulletins/")]
    assert checked == refused
    assert len(checked) == sum(len(param.values[1]) for param in BAD), checked


# ---- what a tag means ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("tag", "name", "direction"), [
    ("sv", "Svenska", "ltr"), ("en", "English", "ltr"), ("ar", "العربية", "rtl"), ("so", "Soomaali", "ltr"),
    ("fi", "Suomi", "ltr"), ("fa", "فارسی", "rtl"), ("uk", "Українська", "ltr"), ("ur", "اردو", "rtl"),
    ("he", "עברית", "rtl"), ("sr-Latn", "Srpski (latinica)", "ltr")])
def test_a_tag_has_a_name_in_its_own_language_and_a_direction(tag, name, direction):
    assert languages.tag_problem(tag) is None
    assert (languages.own_name(tag), languages.direction(tag)) == (name, direction)


# ---- a language's words: one file ------------------------------------------------------------------

def test_each_language_file_gives_every_word_of_a_bulletins_page_with_the_same_placeholders():
    import re

    from bulletin_site import i18n

    assert {"ar", "fi"} <= i18n.MORE_LANGUAGES.keys()
    for lang, table in i18n.MORE_LANGUAGES.items():
        assert {"bulletin.published", "bulletin.regards", "print.page_of", "print.online", "lang.stale",
                "lang.versions", "banner.replaced", "banner.expired"} <= table.keys(), lang
        for key, text in table.items():
            assert set(re.findall(r"{(\w+)}", text)) == set(re.findall(r"{(\w+)}", i18n.STRINGS[key]["en"])), (lang, key)
    arabic, somali = i18n.Translator("ar"), i18n.Translator("so")
    assert (arabic.language, arabic("print.page_of", page=1, pages=2)) == ("ar", "صفحة 1 من 2")
    assert (somali.language, somali("bulletin.regards")) == ("en", "Kind regards")  # no file: English
