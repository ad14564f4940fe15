"""Caches that heal: a cached file that is not whole is made again, never published."""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pypdf
import pytest

from bulletin_site import qr
from conftest import Project, empty_project, free_port

SLUG = "2023-05-01-brand"
QR_FILE = Path(".cache") / "pdf" / "qr-codes-png.json"


def _cached_pdfs(project: Project) -> list[Path]:
    return sorted((project.root / ".cache" / "pdf").glob("*/*.pdf"))


def _rendered(result) -> list[str]:
    return sorted(line.split("PDF rendered: ", 1)[1].split(" ", 1)[0]
                  for line in result.stderr.splitlines() if "PDF rendered: " in line)


@pytest.fixture(scope="module")
def built_pdf_site(tmp_path_factory) -> Path:
    """A site of one bulletin built with its PDF (built once; each test gets a copy)."""
    project = empty_project(tmp_path_factory.mktemp("pdf-site"))
    project.bulletin(SLUG)
    project.configure(bulletins={"pdf": True})
    project.build()
    return project.root


@pytest.fixture
def pdf_site(built_pdf_site: Path, tmp_path: Path) -> Project:
    shutil.copytree(built_pdf_site, tmp_path / "site-project", symlinks=True)
    return Project(tmp_path / "site-project")


def test_a_cached_pdf_cut_short_is_rendered_again(pdf_site):
    [cached] = _cached_pdfs(pdf_site)
    whole = cached.read_bytes()
    cached.write_bytes(whole[: len(whole) // 2])
    assert _rendered(pdf_site.build("--verbose")) == [f"bulletins/{SLUG}/{SLUG}.pdf"]
    assert (pdf_site.site / "bulletins" / SLUG / f"{SLUG}.pdf").read_bytes() == whole
    assert [p.read_bytes() for p in _cached_pdfs(pdf_site)] == [whole]


def test_a_pdf_changed_in_the_site_does_not_change_the_cache(pdf_site):
    [cached] = _cached_pdfs(pdf_site)
    whole = cached.read_bytes()
    published = pdf_site.site / "bulletins" / SLUG / f"{SLUG}.pdf"
    with published.open("r+b") as stream:  # written in place, as a careless tool would
        stream.write(b"%PDF-trasig")
    assert cached.read_bytes() == whole
    assert _rendered(pdf_site.build("--verbose")) == []
    assert published.read_bytes() == whole
    assert len(pypdf.PdfReader(published).pages) == 1


@pytest.mark.parametrize("content", ["[1, 2, 3]", "null", '{"https://trygghet.example.se/": 3}',
                                     '{"https://trygghet.example.se/bulletins/a/": "data:image/pn'])
def test_a_qr_cache_of_the_wrong_shape_is_made_again_with_an_info_line(project, content):
    project.bulletin(SLUG)
    project.write(str(QR_FILE), content)
    result = project.build()
    assert ("INFO    -  bulletins: QR-kodernas cache .cache/pdf/qr-codes-png.json hade fel form och "
            "kastades; koderna görs om") in result.stderr
    kept = json.loads((project.root / QR_FILE).read_text(encoding="utf-8"))
    assert list(kept) == [f"https://trygghet.example.se/bulletins/{SLUG}/"]


def test_qr_codes_of_another_site_address_are_kept(project):
    project.bulletin(SLUG)
    project.build()
    project.configure(site_url="http://127.0.0.1:8000/")
    project.build()
    kept = json.loads((project.root / QR_FILE).read_text(encoding="utf-8"))
    assert list(kept) == [f"https://trygghet.example.se/bulletins/{SLUG}/",
                          f"http://127.0.0.1:8000/bulletins/{SLUG}/"]


def test_a_cache_folder_that_cannot_be_written_is_named_with_the_fix(project):
    project.bulletin(SLUG)
    project.write("var/cache", "en fil, ingen mapp\n")
    project.configure(bulletins={"pdf": True, "pdf_cache": "var/cache"})
    result = project.build(check=False)
    assert result.returncode == 1
    assert ("var/cache: pdf_cache: cachemappen var/cache går inte att skriva i (Not a directory) — gör "
            "mappen skrivbar, frigör utrymme eller ange en annan mapp med 'pdf_cache:' under "
            "extra.bulletins") in result.stderr
    assert "Traceback" not in result.stderr


def test_a_pdf_that_cannot_be_kept_in_the_cache_is_named_with_the_fix(project):
    project.bulletin(SLUG)
    project.write(f".cache/pdf/{SLUG}", "en fil där mappen för meddelandets PDF ska vara\n")
    project.configure(bulletins={"pdf": True})
    result = project.build(check=False)
    assert result.returncode == 1
    assert (".cache/pdf: pdf_cache: cachemappen .cache/pdf går inte att skriva i (File exists) — gör "
            "mappen skrivbar, frigör utrymme eller ange en annan mapp med 'pdf_cache:' under "
            "extra.bulletins") in result.stderr
    assert "Traceback" not in result.stderr


def test_no_partial_file_is_left_in_the_cache(pdf_site):
    pdf_site.bulletin(SLUG, title="Brandrisk upphävd")
    pdf_site.build()
    assert list((pdf_site.root / ".cache").rglob("*.part")) == []


def test_a_partial_file_of_a_killed_worker_goes_when_the_pdf_is_rendered_again(pdf_site):
    left = pdf_site.write(f".cache/pdf/{SLUG}/0123abcd.4242.part", b"%PDF-1.7 halv")
    os.utime(left, (time.time() - 3600, time.time() - 3600))
    pdf_site.bulletin(SLUG, title="Brandrisk upphävd")
    pdf_site.build()
    assert list((pdf_site.root / ".cache").rglob("*.part")) == []


class _Settings:  # what QrCodes reads of a build's settings
    @staticmethod
    def relative(path: Path) -> str:
        return path.name


def test_the_oldest_qr_codes_are_dropped_past_three_times_the_bulletins(tmp_path, monkeypatch):
    monkeypatch.setattr(qr.QrCodes, "KEEP", 1)
    urls = [f"https://trygghet.example.se/{n}/" for n in range(5)]
    for url in urls:  # five builds of one bulletin each, at five site addresses
        qr.QrCodes(tmp_path, [url], _Settings, None).ready()
    kept = json.loads((tmp_path / qr.QrCodes.NAME).read_text(encoding="utf-8"))
    assert list(kept) == urls[2:]


def test_a_template_changed_between_builds_is_used_as_changed(project, tmp_path):
    """The theme's templates are kept compiled (.cache/pdf/templates); an edited one is not stale."""
    theme = tmp_path / "theme"
    shutil.copytree(Path(__file__).resolve().parent.parent / "hooks" / "theme", theme)
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        str(Path(__file__).resolve().parent.parent / "hooks" / "theme"), str(theme)), encoding="utf-8")
    project.bulletin(SLUG)
    project.build()
    assert list((project.root / ".cache" / "pdf" / "templates").glob("*.cache"))
    notfound = theme / "404.html"
    notfound.write_text(notfound.read_text(encoding="utf-8").replace(
        "{% block content %}", "{% block content %}<p>Ändrad mall</p>"), encoding="utf-8")
    project.build()
    assert "<p>Ändrad mall</p>" in project.read("404.html")


@pytest.mark.parametrize("damage", [b"", b"j2\x00garbage", None])
def test_a_kept_template_cut_short_or_unreadable_is_compiled_again(project, damage):
    project.bulletin(SLUG)
    project.build()
    first = project.read(f"bulletins/{SLUG}/index.html")
    for kept in (project.root / ".cache" / "pdf" / "templates").glob("*.cache"):
        if damage is None:
            kept.unlink()
            kept.mkdir()  # a folder where a file should be: cannot be opened as one
        else:
            kept.write_bytes(kept.read_bytes()[:40] if damage == b"" else damage)
    shutil.rmtree(project.site)
    result = project.build()
    assert "Traceback" not in result.stderr
    assert project.read(f"bulletins/{SLUG}/index.html") == first


BODY = ("Det råder eldningsförbud.\n\n## Råd\n\n!!! warning \"Varning\"\n    Grilla inte.\n\n"
        "### Mer\n\nSe [kommunen](https://kommun.example/brand/).\n")
BODIES = Path(".cache") / "pdf" / "bodies.sqlite"


def _kept_bodies(project: Project) -> int:
    import sqlite3

    with sqlite3.connect(project.root / BODIES) as db:
        return db.execute("SELECT count(*) FROM bodies").fetchone()[0]


def _pages(project: Project) -> dict[str, bytes]:
    return {p.relative_to(project.site).as_posix(): p.read_bytes() for p in sorted(project.site.rglob("*.html"))}


def test_a_body_kept_from_the_last_build_gives_the_same_pages(project):
    project.bulletin(SLUG, body=BODY)
    project.bulletin("2023-05-02-vatten", title="Vatten", date="2023-05-02", body="# Rubrik\n\nText {: #egen }\n")
    project.build()
    first = _pages(project)
    assert _kept_bodies(project) == 2
    project.build()  # the bodies from the cache: page, table of contents, anchors alike
    assert _pages(project) == first
    assert 'href="#mer"' in project.read(f"bulletins/{SLUG}/index.html")  # Material's table of contents


def test_a_body_with_a_link_to_another_page_is_converted_every_time(project):
    """MkDocs checks and rewrites a relative link against the site's files: such a body is not kept,
    so a link broken since the last build is still reported."""
    project.bulletin(SLUG, body=BODY)
    project.write("docs/om.md", "# Om\n")
    project.bulletin("2023-05-02-lank", title="Länk", date="2023-05-02", body="Läs [om oss](../om.md).\n")
    project.build()
    assert _kept_bodies(project) == 1
    (project.root / "docs" / "om.md").unlink()
    result = project.build(check=False)
    assert result.returncode == 1 and "contains a link '../om.md', but the target 'om.md' is not found" in result.stderr


def test_a_changed_markdown_setting_converts_the_bodies_again(project):
    project.bulletin(SLUG, body=BODY)
    project.build()
    assert 'class="headerlink"' not in project.read(f"bulletins/{SLUG}/index.html")
    project.configure(markdown_extensions=["admonition", "attr_list", "tables", {"toc": {"permalink": True}}])
    project.build()
    assert 'class="headerlink"' in project.read(f"bulletins/{SLUG}/index.html")


@pytest.mark.parametrize("damage", ["cut", "garbage"])
def test_a_damaged_body_cache_is_removed_with_an_info_line_and_made_again(project, damage):
    project.bulletin(SLUG, body=BODY)
    project.build()
    first = _pages(project)
    path = project.root / BODIES
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 3] if damage == "cut" else b"inte en databas" * 100)
    result = project.build()
    assert "Traceback" not in result.stderr
    assert _pages(project) == first
    if damage == "garbage":
        assert "cachen med meddelandenas HTML .cache/pdf/bodies.sqlite var skadad och togs bort" in result.stderr
    project.build()
    assert _kept_bodies(project) == 1 and _pages(project) == first


def test_both_ci_files_keep_what_the_build_keeps_between_builds():
    """A site's CI builds with the PDFs, index, bodies and QR codes of its last build (.cache/pdf)."""
    import yaml

    repo = Path(__file__).resolve().parent.parent
    github = yaml.safe_load((repo / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    steps = github["jobs"]["build"]["steps"]
    cache = next(step for step in steps if str(step.get("uses", "")).startswith("actions/cache@"))
    build = next(i for i, step in enumerate(steps) if "mkdocs build" in str(step.get("run", "")))
    assert steps.index(cache) < build and cache["with"]["path"] == ".cache/pdf"
    assert cache["with"]["restore-keys"] and cache["with"]["key"].startswith(cache["with"]["restore-keys"])
    gitlab = yaml.safe_load((repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert [".cache/pdf"] in [entry["paths"] for entry in gitlab["pages"]["cache"]]


def test_a_body_cache_that_cannot_be_opened_only_converts_again(project):
    """A database file that cannot be opened (here a folder in its place; a read-only folder or a
    full disk alike) is left as it is: the bodies are converted, and no line says it was damaged."""
    project.bulletin(SLUG, body=BODY)
    project.build()
    first = _pages(project)
    path = project.root / BODIES
    path.unlink()
    path.mkdir()
    result = project.build()
    assert "Traceback" not in result.stderr and "bodies.sqlite" not in result.stderr
    assert _pages(project) == first and path.is_dir()


def test_a_dirty_preview_keeps_the_bodies_it_did_not_render_again(project):
    """`mkdocs serve --dirty` renders only an edited bulletin again: the bodies of the others stay
    kept for the next build (a rebuild that used one body must not drop the rest)."""
    import subprocess
    import sys
    import urllib.request

    for day in (1, 2, 3):
        project.bulletin(f"2023-05-0{day}-brand", title=f"Brand {day}", date=f"2023-05-0{day}", body=BODY)
    project.configure(watch=["bulletins"])
    port = free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty",
                               "-a", f"127.0.0.1:{port}"], cwd=project.root, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/bulletins/2023-05-02-brand/"

    def served() -> str:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    try:
        deadline = time.monotonic() + 60
        while "<html" not in served() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _kept_bodies(project) == 3
        edited = project.root / "bulletins" / "2023-05-02-brand.md"
        time.sleep(1.0)  # the watcher settles
        edited.write_text(edited.read_text(encoding="utf-8") + "\nRättat i förhandsvisningen.\n", encoding="utf-8")
        while "Rättat i förhandsvisningen" not in served() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "Rättat i förhandsvisningen" in served()
    finally:
        server.terminate()
        server.wait(30)
    assert _kept_bodies(project) == 4  # the three of the first build and the edited one


def test_bodies_are_not_kept_when_an_extension_reads_other_files(project):
    """pymdownx.snippets puts another file into a body: a kept body could be stale, so none is kept."""
    project.write("snippets/varning.md", "Grilla inte i skogen.\n")
    project.bulletin(SLUG, body='Det råder eldningsförbud.\n\n--8<-- "varning.md"\n')
    project.configure(markdown_extensions=["admonition", "attr_list", "tables", "toc",
                                           {"pymdownx.snippets": {"base_path": ["snippets"]}}])
    project.build()
    assert "Grilla inte i skogen." in project.read(f"bulletins/{SLUG}/index.html")
    assert _kept_bodies(project) == 0
    project.write("snippets/varning.md", "Elda inte alls.\n")
    project.build()
    assert "Elda inte alls." in project.read(f"bulletins/{SLUG}/index.html")
