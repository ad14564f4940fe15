"""Every PDF of the shipped sample site, checked for what PDF/UA-1 requires and a script can see
(tests/pdfua.py): tagged, a structure tree under a Document element, /Lang, the title shown,
XMP pdfuaid:part 1, every font embedded, the QR code a Figure with alternative text, headings in
order. Beside the print tests, which read the PDFs' text and scan their QR codes."""
from __future__ import annotations

import subprocess
import os
import sys

import pikepdf
import pytest
import yaml

from conftest import REPO

from pdfua import problems
from test_platform import sample_project


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    root = sample_project(tmp_path_factory.mktemp("pdf-ua") / "site", "pdf-ua")
    # the PDF cache kept between test runs (its key covers everything a PDF is made from)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["extra"]["bulletins"]["pdf_cache"] = str(REPO / ".cache" / "test-pdf-ua")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    # 2030-01-01: every sample bulletin but the drafts is published (the English one included)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1893456000", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"],
                            cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    found = sorted((root / "site").rglob("*.pdf"))
    published = sorted(p.parent.name for p in (root / "site" / "bulletins").glob("*/index.html"))
    assert [p.stem for p in found] == [slug for slug in published if (root / "site" / "bulletins" / slug / "print").is_dir()]
    return found


def test_every_pdf_of_the_sample_site_meets_what_pdf_ua_requires(pdfs):
    assert len(pdfs) >= 7
    assert {pdf.name: problems(pdf) for pdf in pdfs} == {pdf.name: [] for pdf in pdfs}


def test_the_qr_code_figure_names_the_address_and_the_language_is_the_sites(pdfs):
    with pikepdf.open(pdfs[0]) as pdf:
        assert str(pdf.Root.Lang) == "sv"
    assert not problems(pdfs[0])


def test_the_checker_finds_what_an_untagged_pdf_lacks(tmp_path):
    untagged = tmp_path / "untagged.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(untagged)
    found = problems(untagged)
    for lack in ("not tagged", "no /StructTreeRoot", "/Document", "/Lang", "DisplayDocTitle",
                 "pdfuaid:part", "no /Figure", "first heading"):
        assert [p for p in found if lack in p], (lack, found)
