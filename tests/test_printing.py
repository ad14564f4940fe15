"""Print pages and PDFs: real builds, read back with lxml and pypdf."""
from __future__ import annotations

import base64
import io
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import lxml.etree
import lxml.html
import pypdf
import pytest
import segno
import yaml
from PIL import Image

from bulletin_site import qr
from conftest import BASE_CONFIG, Project, search_index

SITE_URL = BASE_CONFIG["site_url"]
SLUG = "2023-05-12-brandrisk"
EARLIER = "2023-04-01-eldningsforbud"
A4 = (595.28, 841.89)  # points

LETTER = """\
---
title: Brandrisk i skogen & på ängar – Älvsjö
date: 2023-05-12
updated: 2023-05-14
summary: Eldningsförbud i hela kommunen från i dag.
topics: [brand, skog]
signatories:
  - name: Lina Marklund
    role: säkerhetssamordnare
  - name: Örjan Åberg
    role: räddningschef
contact: raddning@exempelby.se
---

Det råder eldningsförbud i hela kommunen. Läs också [det förra meddelandet](2023-04-01-eldningsforbud.md).

## Var gäller förbudet?

![Karta över området](../img/karta.png)

| Område | Risk |
|---|---|
| Norra skogen | mycket stor |
| Älvstranden | stor |

## Råd

- Grilla inte i skog och mark.
- Ring 112 om du ser brand.
"""


def _letter_site(root: Path, **bulletins_config) -> Project:
    """A site whose newest bulletin has everything a printout shows: two signatories, a contact,
    an updated date, an image from docs/, a table, a link to another bulletin, and a logo."""
    p = Project(root)
    p.write("mkdocs.yml", yaml.safe_dump(BASE_CONFIG, allow_unicode=True))
    p.write("docs/index.md", "# Trygghet i Exempelby\n\nMeddelanden från kommunen.\n")
    (root / "docs" / "img").mkdir(parents=True)
    segno.make("karta").save(str(root / "docs" / "img" / "karta.png"), kind="png", scale=4)
    segno.make("logo").save(str(root / "docs" / "img" / "logo.png"), kind="png", scale=2)
    p.write(f"bulletins/{SLUG}.md", LETTER)
    p.bulletin(EARLIER, title="Eldningsförbud", date="2023-04-01")
    p.configure(bulletins={"pdf": True, "logo": "img/logo.png", **bulletins_config})
    return p


@pytest.fixture(scope="module")
def letter(tmp_path_factory) -> Project:
    p = _letter_site(tmp_path_factory.mktemp("letter"))
    p.build()
    return p


def _built_letter_site(letter: Project, root: Path) -> Project:
    """What ``_letter_site(root)`` and a build give, as a copy of ``letter`` (the project folder,
    its published site and its caches)."""
    shutil.copytree(letter.root, root, symlinks=True, dirs_exist_ok=True)
    return Project(root)


def _pdf(project: Project, slug: str = SLUG) -> pypdf.PdfReader:
    return pypdf.PdfReader(project.site / "bulletins" / slug / f"{slug}.pdf")


def _pdf_text(reader: pypdf.PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def _print_page(project: Project, slug: str = SLUG):
    return lxml.html.fromstring(project.read(f"bulletins/{slug}/print/index.html"))


def _rendered(result) -> list[str]:
    """The PDFs a verbose build rendered (rather than took from the cache)."""
    return sorted(re.findall(r"PDF rendered: (\S+\.pdf)", result.stderr))


# ---- the PDF ---------------------------------------------------------------------------------

def test_pdf_text_has_the_title_every_signatory_and_the_contact(letter):
    text = _pdf_text(_pdf(letter))
    flat = " ".join(text.split())
    assert "Brandrisk i skogen & på ängar – Älvsjö" in flat
    for name, role in [("Lina Marklund", "säkerhetssamordnare"), ("Örjan Åberg", "räddningschef")]:
        assert name in flat and role in flat
    assert "raddning@exempelby.se" in flat
    assert "Med vänliga hälsningar" in flat


def test_pdf_pages_are_a4(letter):
    for page in _pdf(letter).pages:
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4


def test_pdf_metadata_has_title_authors_and_language(letter):
    reader = _pdf(letter)
    assert reader.metadata.title == "Brandrisk i skogen & på ängar – Älvsjö"
    assert reader.metadata.author == "Lina Marklund, Örjan Åberg"
    assert reader.trailer["/Root"]["/Lang"] == "sv"


def test_pdf_is_tagged_as_pdf_ua(letter):
    reader = _pdf(letter)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert b"pdfuaid:part=\"1\"" in root["/Metadata"].get_object().get_data()


def test_pdf_embeds_its_fonts(letter):
    fonts = {}
    for page in _pdf(letter).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor
    assert fonts and all(fonts.values()), fonts
    assert any("DejaVu-Sans" in name for name in fonts)


def test_pdf_shows_the_image_from_docs_and_the_logo(letter):
    images = [image.name for page in _pdf(letter).pages for image in page.images]
    # the logo, the map from docs/img/ and the QR code
    assert len(images) == 3, images


def test_pdf_dates_are_the_bulletins_dates(letter):
    info = _pdf(letter).metadata
    assert info["/CreationDate"] == "D:20230512000000+02'00"
    assert info["/ModDate"] == "D:20230514000000+02'00"


def test_pdf_pages_are_numbered_in_the_site_language(tmp_path):
    p = _letter_site(tmp_path)
    p.configure(theme={**BASE_CONFIG["theme"], "language": "en"})
    p.build()
    assert "Page 1 of 1" in _pdf_text(_pdf(p, EARLIER))
    assert "Kind regards" in _pdf_text(_pdf(p, EARLIER))


def test_swedish_pdf_pages_are_numbered_in_swedish(letter):
    assert "Sida 1 av 1" in _pdf_text(_pdf(letter, EARLIER))


def test_signature_block_is_never_alone_on_a_page(tmp_path):
    """Bulletins of growing length push the signatures across a page break: they move with the
    last paragraph, all together, and never start a page on their own."""
    p = _letter_site(tmp_path)
    names = [f"Person {n} Nilsson" for n in range(1, 5)]
    signatories = "".join(f"\n  - name: {n}\n    role: handläggare" for n in names)
    paragraph = ("Här är en rad text som fyller ut meddelandet så att underskrifterna hamnar nära "
                 "ett sidbyte i utskriften. ") * 2
    for count in range(20, 30):
        body = "\n\n".join(f"{paragraph}(stycke {i})" for i in range(1, count + 1)) + "\n"
        p.bulletin(f"2023-06-{count:02d}-lang", title=f"Långt meddelande {count}",
                   date=f"2023-06-{count:02d}", signatories=signatories, body=body)
    p.build()
    split_seen = False
    for count in range(20, 30):
        pages = [page.extract_text() for page in _pdf(p, f"2023-06-{count:02d}-lang").pages]
        [where] = [i for i, text in enumerate(pages) if "Med vänliga hälsningar" in text]
        assert all(name in pages[where] for name in names), count
        before = pages[where].split("Med vänliga hälsningar")[0]
        assert "(stycke" in before, f"{count} paragraphs: the signatures start page {where + 1} alone"
        split_seen |= where > 0
    assert split_seen  # the sweep did reach a page break


# ---- the print page --------------------------------------------------------------------------

def test_print_page_has_no_site_navigation(letter):
    page = _print_page(letter)
    assert page.xpath("//nav") == []
    assert page.xpath("//*[contains(@class, 'md-')]") == []
    assert page.xpath("//script") == []
    assert [link.get("href") for link in page.xpath("//link[@rel='stylesheet']")] == [
        "../../assets/bulletins/print.css"]


def test_print_page_shows_the_online_address_and_its_qr_code(letter, tmp_path):
    page = _print_page(letter)
    online = f"{SITE_URL}bulletins/{SLUG}/"
    [link] = page.xpath("//footer//a")
    assert (link.get("href"), link.text) == (online, online)
    [qr] = page.xpath("//footer//img")
    assert qr.get("alt") == f"QR-kod med adressen {online}"
    assert _scan(qr.get("src"), tmp_path) == [online]


def _scan(data_uri: str, folder: Path) -> list[str]:
    """What a phone reads from a QR code image: scaled up on white paper, through zbarimg."""
    code = Image.open(io.BytesIO(base64.b64decode(data_uri.removeprefix("data:image/png;base64,"))))
    paper = Image.new("1", (code.width + 64, code.height + 64), 1)  # a margin of four modules
    paper.paste(code, (32, 32))
    paper.save(folder / "qr.png")
    return subprocess.run(["zbarimg", "--quiet", "--raw", str(folder / "qr.png")], capture_output=True,
                          text=True, check=True).stdout.split()


def test_print_page_is_a_letter_from_the_organisation(letter):
    page = _print_page(letter)
    assert page.xpath("string(//header//*[@class='letter-org__name'])") == "Exempelby kommun"
    assert page.xpath("string(//h1)") == "Brandrisk i skogen & på ängar – Älvsjö"
    assert [" ".join(t.text_content().split()) for t in page.xpath("//header//p[@class='letter-dates']/span")] == [
        "Publicerad 12 maj 2023", "Uppdaterad 14 maj 2023"]
    assert page.xpath("string(//*[@class='letter-signatures__regards'])") == "Med vänliga hälsningar"
    assert [" ".join(li.text_content().split()) for li in page.xpath("//section[@class='letter-signatures']//li")] == [
        "Lina Marklund säkerhetssamordnare", "Örjan Åberg räddningschef"]
    assert [" ".join(d.text_content().split()) for d in page.xpath("//dl[@class='letter-facts']/div/dd")] == [
        "raddning@exempelby.se", "brand, skog"]


def test_print_page_escapes_front_matter_text(tmp_path):
    p = _letter_site(tmp_path, pdf=False)
    p.bulletin("2023-07-01-rok", title="Brand & rök <i>nu</i>", date="2023-07-01")
    p.build()
    raw = p.read("bulletins/2023-07-01-rok/print/index.html")
    assert "<title>Brand &amp; rök &lt;i&gt;nu&lt;/i&gt;</title>" in raw
    assert "<i>nu</i>" not in raw


def test_print_page_links_and_images_resolve_from_its_own_address(letter):
    page = _print_page(letter)
    address = f"{SITE_URL}bulletins/{SLUG}/print/"
    [base] = page.xpath("//base/@href")
    resolve = lambda url: urljoin(urljoin(address, base), url)  # noqa: E731
    [image] = page.xpath("//div[@class='letter-body']//img/@src")
    assert resolve(image) == f"{SITE_URL}img/karta.png"
    [link] = page.xpath("//div[@class='letter-body']//a/@href")
    assert resolve(link) == f"{SITE_URL}bulletins/{EARLIER}/"
    [style] = page.xpath("//link[@rel='stylesheet']/@href")
    for url in (image, link + "index.html", style):
        assert (letter.site / resolve(url)[len(SITE_URL):]).is_file(), url


def test_print_pages_are_left_out_of_search(letter):
    locations = set(search_index(letter.site))
    assert f"bulletins/{SLUG}/" in locations
    assert not [loc for loc in locations if "print" in loc]


def test_print_pages_are_not_in_the_sitemap(letter):
    sitemap = letter.read("sitemap.xml")
    assert f"{SITE_URL}bulletins/{SLUG}/</loc>" in sitemap
    assert "/print/" not in sitemap


def test_bulletin_page_links_its_print_page_and_pdf(letter):
    page = lxml.html.fromstring(letter.read(f"bulletins/{SLUG}/index.html"))
    assert page.xpath("//nav[@class='bulletin-actions']//a/@href") == ["print/", f"{SLUG}.pdf"]


# ---- switching and caching -------------------------------------------------------------------

def test_without_pdfs_there_are_print_pages_but_no_pdfs(tmp_path):
    p = _letter_site(tmp_path, pdf=False)
    p.build()
    assert (p.site / "bulletins" / SLUG / "print" / "index.html").is_file()
    assert list(p.site.rglob("*.pdf")) == []
    assert list(tmp_path.rglob("*.pdf")) == []


def test_a_rebuild_renders_only_the_changed_bulletins_pdf(tmp_path):
    p = _letter_site(tmp_path)
    first = p.build("--verbose")
    assert _rendered(first) == [f"bulletins/{EARLIER}/{EARLIER}.pdf", f"bulletins/{SLUG}/{SLUG}.pdf"]
    assert _rendered(p.build("--verbose")) == []
    p.bulletin(EARLIER, title="Eldningsförbud upphävt", date="2023-04-01")
    assert _rendered(p.build("--verbose")) == [f"bulletins/{EARLIER}/{EARLIER}.pdf"]
    assert "Eldningsförbud upphävt" in _pdf_text(_pdf(p, EARLIER))


def test_a_changed_image_renders_the_pdf_again(letter, tmp_path):
    p = _built_letter_site(letter, tmp_path)
    segno.make("en ny karta").save(str(tmp_path / "docs" / "img" / "karta.png"), kind="png", scale=4)
    assert _rendered(p.build("--verbose")) == [f"bulletins/{SLUG}/{SLUG}.pdf"]


def test_a_changed_logo_renders_every_pdf_again(letter, tmp_path):
    p = _built_letter_site(letter, tmp_path)
    segno.make("ny logotyp").save(str(tmp_path / "docs" / "img" / "logo.png"), kind="png", scale=2)
    assert _rendered(p.build("--verbose")) == [f"bulletins/{EARLIER}/{EARLIER}.pdf",
                                               f"bulletins/{SLUG}/{SLUG}.pdf"]


def test_the_cache_keeps_one_pdf_per_bulletin_in_the_configured_folder(tmp_path):
    p = _letter_site(tmp_path, pdf_cache="var/pdf-cache")
    p.build()
    p.bulletin(EARLIER, title="Eldningsförbud upphävt", date="2023-04-01")
    p.build()
    cached = sorted(path.parent.name for path in (tmp_path / "var" / "pdf-cache").rglob("*.pdf"))
    assert cached == [EARLIER, SLUG]
    assert not (tmp_path / ".cache").exists()


def test_qr_codes_are_kept_between_builds_beside_the_pdfs(letter):
    kept = json.loads((letter.root / ".cache" / "pdf" / "qr-codes-png.json").read_text(encoding="utf-8"))
    assert len(kept) == 2  # one per bulletin address
    [qr] = _print_page(letter).xpath("//footer//img/@src")
    assert qr in kept.values()


def test_the_qr_code_printed_in_the_pdf_scans_as_the_online_address(letter, tmp_path):
    pdf = letter.site / "bulletins" / SLUG / f"{SLUG}.pdf"
    pages = len(_pdf(letter).pages)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", str(pages), "-l", str(pages), str(pdf),
                    str(tmp_path / "last")], check=True)
    [image] = tmp_path.glob("last*.png")
    scanned = subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], capture_output=True,
                             text=True, check=True).stdout.split()
    assert scanned == [f"https://trygghet.example.se/bulletins/{SLUG}/"]


def test_a_qr_code_is_a_one_bit_png_of_eight_pixels_a_module():
    uri = qr.qr_data_uri("https://trygghet.example.se/bulletins/a/")
    image = Image.open(io.BytesIO(base64.b64decode(uri.removeprefix("data:image/png;base64,"))))
    assert image.size == (29 * 8, 29 * 8)  # version 3: 29 modules a side, no border
    assert image.mode == "1"
    first_row = [image.getpixel((x * 8 + 4, 4)) for x in range(8)]
    assert first_row == [0] * 7 + [255]  # the top-left finder pattern's 7 dark modules, then light


def test_two_builds_give_the_same_pdf_bytes(letter, tmp_path):
    p = _built_letter_site(letter, tmp_path)
    first = {path.name: path.read_bytes() for path in p.site.rglob("*.pdf")}
    shutil.rmtree(tmp_path / ".cache")
    shutil.rmtree(p.site)
    p.build(process=True)  # another process: another order of sets and dicts of strings
    second = {path.name: path.read_bytes() for path in p.site.rglob("*.pdf")}
    assert len(first) == 2 and first == second


def test_a_logo_missing_from_docs_fails_the_build_with_the_fix(tmp_path):
    p = _letter_site(tmp_path, logo="img/saknas.png")
    result = p.build(check=False)
    assert result.returncode == 1
    assert ("mkdocs.yml: extra.bulletins.logo: logotypen 'img/saknas.png' finns inte i docs/ — "
            "lägg bilden i docs/ eller rätta sökvägen") in result.stderr


def test_an_image_from_another_site_is_left_out_of_the_pdf_with_a_warning(tmp_path):
    p = _letter_site(tmp_path)
    p.bulletin(EARLIER, title="Eldningsförbud", date="2023-04-01",
               body="Se kartan.\n\n![Karta](https://kartor.example.org/brand.png)\n")
    result = p.build(check=False)
    assert result.returncode == 1  # a warning fails --strict
    assert (f"bulletins/{EARLIER}/{EARLIER}.pdf: WeasyPrint: Failed to load image at "
            f"'https://kartor.example.org/brand.png'") in result.stderr
