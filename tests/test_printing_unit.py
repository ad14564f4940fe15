"""Print pages and PDFs as plain functions: a catalogue and settings made in memory, no MkDocs.

``tests/test_printing.py`` reads the print pages and PDFs of real builds; these tests call
``printing`` directly with what a build would pass it, with ``concurrency: 0`` so that no process
is started.
"""
from __future__ import annotations

import logging
import multiprocessing
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.html
import pytest

from bulletin_site import concurrency, printing, qr
from bulletin_site.model import Bulletin, Catalogue, Signatory, Topic
from bulletin_site.pages import Renderer
from bulletin_site.settings import Settings

SITE = "https://trygghet.example.se/"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2023, 11, 14, 12, 0, tzinfo=timezone.utc)
HOSTILE = "Brand & rök <i>nu</i>"
BRAND = Topic("brand", "Brand", "brand")
LINA = Signatory("Lina Marklund", "säkerhetssamordnare")
PER = Signatory("Per Ersgård", "kommunpolis")
BODY = "<p>Det råder eldningsförbud i hela kommunen.</p>"


def code(url: str) -> str:
    """A stand-in QR code per address, so that a test sees which address's code was printed."""
    return f"data:image/png;base64,{url.encode().hex()}"


def bulletin(slug: str, day: int, **fields) -> Bulletin:
    values = dict(slug=slug, source=f"bulletins/{slug}.md", title=f"Meddelande {slug}",
                  date=datetime(2023, 5, day, tzinfo=STOCKHOLM), summary="Sammanfattning.",
                  topics=(BRAND,), signatories=(LINA, PER), contact="kommun@example.se")
    values.update(fields)
    return Bulletin(**values)


def settings_for(tmp_path: Path, **changes) -> Settings:
    values = dict(root=tmp_path, source_dir=tmp_path / "bulletins", language="sv", now=NOW, site_url=SITE,
                  site_name="Trygghet", organisation="Exempels kommun", pdf=False, concurrency=0)
    values.update(changes)
    return Settings(**values)


def catalogue_of(*bulletins: Bulletin) -> Catalogue:
    return Catalogue(tuple(sorted(bulletins, key=lambda b: b.date, reverse=True)), NOW, {"brand": BRAND})


def print_page(settings: Settings, catalogue: Catalogue, slug: str, body: str = BODY):
    template = Renderer(catalogue, settings).env.get_template("print.html")
    printer = printing.PrintRenderer(settings, catalogue, template, code)
    return lxml.html.fromstring(printer.page(catalogue.by_slug[slug], body))


class PrintOutputs:
    """The print pages of ``bodies``, then their PDFs rendered with ``pool`` (none: here)."""

    def __init__(self, settings: Settings, catalogue: Catalogue, bodies: dict[str, str], pool=None):
        template = Renderer(catalogue, settings).env.get_template("print.html")
        # real QR codes: a PDF that WeasyPrint warned about (an image it cannot read) is not cached
        self.printer = printing.PrintPages(settings, catalogue, bodies, template, qr.qr_data_uri)
        self.settings, self.pool = settings, pool or concurrency.Pool(0)

    def pages(self):
        return self.printer.outputs()

    def pdfs(self):
        if self.printer.plan is None:
            return iter(())
        made = printing.PdfOutputs(self.settings, self.printer.plan, self.pool, logging.getLogger("test"))
        made.start()
        return made.outputs()


def notices(page) -> list[str]:
    return [p.text_content() for p in page.xpath("//p[@class='letter-notice']")]


def test_print_page_title_is_the_bulletin_title_escaped(tmp_path):
    catalogue = catalogue_of(bulletin("a", 1, title=HOSTILE))
    page = print_page(settings_for(tmp_path), catalogue, "a")
    assert page.findtext(".//title") == HOSTILE
    assert page.xpath("//h1")[0].text_content() == HOSTILE
    assert page.xpath("//h1/i") == []


def test_print_page_signs_with_every_signatory_and_role_in_order(tmp_path):
    page = print_page(settings_for(tmp_path), catalogue_of(bulletin("a", 1)), "a")
    signed = [(li.xpath("string(span[1])"), li.xpath("string(span[2])"))
              for li in page.xpath("//section[@class='letter-signatures']//li")]
    assert signed == [("Lina Marklund", "säkerhetssamordnare"), ("Per Ersgård", "kommunpolis")]


def test_print_page_shows_the_qr_code_of_the_online_address(tmp_path):
    page = print_page(settings_for(tmp_path), catalogue_of(bulletin("a", 1)), "a")
    [image] = page.xpath("//footer//img")
    assert image.get("src") == code(f"{SITE}bulletins/a/")
    assert image.get("alt") == f"QR-kod med adressen {SITE}bulletins/a/"
    assert page.xpath("string(//footer//a/@href)") == f"{SITE}bulletins/a/"


def test_print_page_holds_the_body_as_rendered(tmp_path):
    page = print_page(settings_for(tmp_path), catalogue_of(bulletin("a", 1)), "a")
    assert page.xpath("string(//div[@class='letter-body']/p)") == "Det råder eldningsförbud i hela kommunen."


def test_print_page_of_a_replaced_bulletin_names_its_successor(tmp_path):
    catalogue = catalogue_of(bulletin("gammal", 1, replaced_by="ny"), bulletin("ny", 2, replaces="gammal"))
    page = print_page(settings_for(tmp_path), catalogue, "gammal")
    assert notices(page) == [
        "Ersatt av ett nyare meddelande. Det här meddelandet gäller inte längre. Läs i stället: "
        f"Meddelande ny (2 maj 2023), {SITE}bulletins/ny/"]


def test_print_page_of_an_expired_bulletin_says_so(tmp_path):
    catalogue = catalogue_of(bulletin("a", 1, expires=datetime(2023, 6, 1, tzinfo=STOCKHOLM)))
    page = print_page(settings_for(tmp_path), catalogue, "a")
    assert notices(page) == ["Inte längre aktuellt. Informationen gällde till och med 31 maj 2023 och är "
                             "inte längre aktuell."]


def test_print_page_of_a_current_bulletin_has_no_notice(tmp_path):
    page = print_page(settings_for(tmp_path), catalogue_of(bulletin("a", 1)), "a")
    assert notices(page) == []


def test_print_page_counts_its_pages_in_the_site_language(tmp_path):
    assert printing.page_counter_css(settings_for(tmp_path, language="en").t) == \
        '"Page " counter(page) " of " counter(pages)'


def test_a_missing_logo_is_a_print_error_with_the_fix(tmp_path):
    (tmp_path / "docs").mkdir()
    settings = settings_for(tmp_path, logo="logo.png", docs_dir=tmp_path / "docs")
    catalogue = catalogue_of(bulletin("a", 1))
    template = Renderer(catalogue, settings).env.get_template("print.html")
    with pytest.raises(printing.PrintError) as error:
        printing.PrintRenderer(settings, catalogue, template, code)
    assert str(error.value) == ("mkdocs.yml: extra.bulletins.logo: logotypen 'logo.png' finns inte i docs/ — "
                                "lägg bilden i docs/ eller rätta sökvägen")


def test_print_outputs_are_the_style_sheet_and_a_page_per_rendered_body(tmp_path):
    catalogue = catalogue_of(bulletin("a", 1), bulletin("b", 2))
    made = PrintOutputs(settings_for(tmp_path), catalogue, {"a": BODY})
    assert [o.uri for o in made.pages()] == ["assets/bulletins/print.css", "bulletins/a/print/index.html"]
    assert list(made.pdfs()) == []


def test_pdfs_render_in_the_builds_own_process_with_concurrency_0(tmp_path):
    settings = settings_for(tmp_path, pdf=True)
    made = PrintOutputs(settings, catalogue_of(bulletin("a", 1)), {"a": BODY})
    list(made.pages())
    [pdf] = made.pdfs()
    assert pdf.uri == "bulletins/a/a.pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert multiprocessing.active_children() == []
    assert len(list((tmp_path / ".cache" / "pdf" / "a").glob("*.pdf"))) == 1


def test_a_cached_pdf_is_published_without_rendering(tmp_path, caplog):
    settings = settings_for(tmp_path, pdf=True)
    catalogue = catalogue_of(bulletin("a", 1))
    first = PrintOutputs(settings, catalogue, {"a": BODY})
    list(first.pages())
    [rendered] = first.pdfs()
    again = PrintOutputs(settings, catalogue, {"a": BODY})
    list(again.pages())
    with caplog.at_level(logging.INFO, logger="test"):
        [cached] = again.pdfs()
    assert cached.content == rendered.content
    assert [r.getMessage() for r in caplog.records if r.getMessage().startswith("PDFs:")] == []
