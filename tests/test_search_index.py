"""The search index (Pagefind, bulletin_site.searchindex): the same bytes for the same pages, what it
holds and leaves out, and the process that makes it never outliving its build."""
from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bulletin_site import i18n, searchindex
from bulletin_site.searchindex import IndexCache, IndexRun, SearchIndex, SearchIndexError, pages_glob
from conftest import REPO, empty_project, search_index


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """200 generated bulletins, a draft, an English and an Arabic one, built once with concurrency 0."""
    p = empty_project(tmp_path_factory.mktemp("index"))
    subprocess.run([sys.executable, str(REPO / "bench" / "gen_corpus.py"), str(p.root / "bulletins"),
                    "-n", "200"], check=True, capture_output=True)
    p.bulletin("2023-06-01-utkast", title="Utkast", date="2023-06-01", topics="[brand]",
               body="Hemligt ordförrådsutkast.\n", extra="draft: true\n")
    p.bulletin("2023-06-02-storm", title="Storm warning", date="2023-06-02", topics="[brand]",
               body="Strong winds are expected tonight; secure loose garden furniture.\n")
    p.bulletin("2023-06-03-arabiska", title="تحذير من العاصفة", date="2023-06-03", topics="[brand]",
               body="من المتوقع هبوب رياح قوية الليلة.\n")
    p.write("docs/dold.md", "---\nsearch:\n  exclude: true\n---\n# Dold sida\n\nInte sökbar.\n")
    p.configure(bulletins={"concurrency": 0})
    p.build(process=False)  # the site the tests read; the second build (a test) runs as a process
    return p


def _index_pages(site_dir: Path, out: Path) -> dict[str, bytes]:
    """The bulletin pages of ``site_dir`` sent one by one, by name, as a build sends them."""
    index = SearchIndex.start("sv", i18n.Translator("sv"))
    for path, html in _pages(site_dir):
        index.add(path, html)
    index.write(out)
    index.finish()
    return files(out / "pagefind")


def test_the_same_pages_in_the_same_order_give_the_same_bytes(site, tmp_path):
    first = _index_pages(site.site, tmp_path / "a")
    assert len([name for name in first if name.startswith("fragment/")]) > 150
    assert _index_pages(site.site, tmp_path / "b") == first


def test_a_preview_indexing_its_folder_finds_what_the_build_found(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site.site, copy)
    shutil.rmtree(copy / "pagefind")
    index = SearchIndex.start("sv", i18n.Translator("sv"))
    index.add_folder(copy, pages_glob(None))
    index.write(copy)
    index.finish()
    assert search_index(copy) == search_index(site.site)


def test_a_failed_index_says_what_pagefind_said_and_what_to_do(tmp_path, monkeypatch):
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'Fehler: kaputt' >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(searchindex, "_executable", lambda: str(fake))
    with pytest.raises(SearchIndexError) as raised:
        SearchIndex.start("sv", i18n.Translator("sv"))
    assert str(raised.value) == ("sökindexet kunde inte byggas (Pagefind avslutades med status 3); inget "
                                 "publicerades:\nFehler: kaputt\n— bygg igen; händer det igen, installera om "
                                 "Python-paketen (make build installerar dem)")


def test_a_missing_pagefind_says_so_and_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setattr(searchindex, "_executable", lambda: str(tmp_path / "pagefind"))
    with pytest.raises(SearchIndexError) as raised:
        SearchIndex.start("sv", i18n.Translator("sv"))
    assert str(raised.value).startswith("sökindexet kunde inte byggas (Pagefind avslutades med status —); "
                                        "inget publicerades:\n[Errno 2] No such file or directory")
    assert str(raised.value).endswith("installera om Python-paketen (make build installerar dem)")


def test_pagefind_ending_half_way_fails_the_index(tmp_path):
    index = SearchIndex.start("sv", i18n.Translator("sv"))
    index._process.kill()  # as the system does to a process using too much memory
    index._process.wait()
    index.add("index.html", '<html lang="sv"><body data-pagefind-body><h1>Start</h1></body></html>')
    index.write(tmp_path)
    with pytest.raises(SearchIndexError) as raised:
        index.finish()
    assert str(raised.value).startswith("sökindexet kunde inte byggas (Pagefind avslutades med status -9); "
                                        "inget publicerades:")
    assert not (tmp_path / "pagefind").exists()


def _pages(site_dir: Path) -> list[tuple[str, str]]:
    return [(page.relative_to(site_dir).as_posix(), page.read_text(encoding="utf-8"))
            for page in sorted(site_dir.glob("bulletins/*/index.html"))]


def _run(cache_file: Path, pages: list[tuple[str, str]], out: Path, log=None) -> IndexRun:
    t = i18n.Translator("sv")
    run = IndexRun(IndexCache(cache_file, "sv", t, log or logging.getLogger("test"), "cache.json"), "sv", t)
    for path, html in pages:
        run.add(path, html)
    run.write(out)
    run.finish()
    return run


def test_a_build_of_the_same_pages_takes_the_index_from_the_cache_byte_for_byte(site, tmp_path):
    pages, cache = _pages(site.site), tmp_path / "search-index.json"
    made = _run(cache, pages, tmp_path / "made")
    assert made.index is not None and made.reused is None
    again = _run(cache, pages, tmp_path / "again")
    assert again.index is None  # no Pagefind started
    assert files(tmp_path / "again" / "pagefind") == files(tmp_path / "made" / "pagefind")


def test_a_page_that_changed_has_pagefind_make_the_whole_index_again(site, tmp_path):
    pages, cache = _pages(site.site), tmp_path / "search-index.json"
    _run(cache, pages, tmp_path / "first")
    path, html = pages[100]
    pages[100] = (path, html.replace("</h1>", " Uppdaterad</h1>", 1))
    changed = _run(cache, pages, tmp_path / "changed")
    assert changed.index is not None and changed.reused is None
    fresh = _run(tmp_path / "none.json", pages, tmp_path / "fresh")  # no cache at all
    assert fresh.index is not None
    assert files(tmp_path / "changed" / "pagefind") == files(tmp_path / "fresh" / "pagefind")
    assert "Uppdaterad" in search_index(tmp_path / "changed")[path.removesuffix("index.html")]["content"]
    # the cache now holds the changed pages' index
    assert _run(cache, pages, tmp_path / "third").index is None


@pytest.mark.parametrize("damage", ["cut short", "altered"])
def test_a_damaged_cache_file_is_not_used_and_the_log_says_so(site, tmp_path, caplog, damage):
    pages, cache = _pages(site.site)[:20], tmp_path / "search-index.json"
    _run(cache, pages, tmp_path / "first")
    data = cache.read_bytes()
    if damage == "cut short":
        cache.write_bytes(data[: len(data) // 2])
    else:
        first = data.index(b'"pagefind-entry.json": "') + len('"pagefind-entry.json": "')
        cache.write_bytes(data[:first] + (b"A" if data[first:first + 1] != b"A" else b"B") + data[first + 1:])
    with caplog.at_level(logging.INFO, logger="test"):
        run = _run(cache, pages, tmp_path / "second")
    assert run.index is not None
    assert caplog.messages == ["sökindexets cache cache.json var avkortad eller ändrad och användes inte; "
                               "indexet görs om"]
    assert files(tmp_path / "second" / "pagefind") == files(tmp_path / "first" / "pagefind")


def test_a_second_build_of_the_site_says_it_reused_the_index_and_publishes_the_same_bytes(site):
    before = files(site.site)
    result = site.build()
    count = len(search_index(site.site))  # the public bulletins and the searched docs pages
    assert (f"bulletins: sökindexet: de {count} sökbara sidorna är desamma som förra bygget; indexet "
            "togs från .cache/pdf/search-index.json") in result.stderr
    assert files(site.site) == before


def test_the_index_holds_public_bulletins_and_docs_pages_only(site):
    pages = search_index(site.site)
    bulletins = {url for url in pages if url.startswith("bulletins/")}
    built = {f"bulletins/{page.parent.name}/" for page in (site.site / "bulletins").glob("*/index.html")
             if 'class="bulletin"' in page.read_text(encoding="utf-8")}  # not the redirects of aliases
    assert len(built) > 150 and bulletins == built
    assert "bulletins/2023-06-01-utkast/" not in pages
    assert "om/" not in pages and "" in pages  # docs pages: the project's home page here
    assert "dold/" not in pages  # `search: exclude: true` in a page's front-matter
    assert not [url for url in pages if url.startswith(("topics/", "archive/", "pagefind/"))]
    assert not [url for url in pages if url.endswith("/print/")]


def test_every_page_is_in_the_one_index_of_the_site_language(site):
    # the page's own language never splits the index: one meta file, Swedish stemming for all
    assert [p.name.split("_")[0] for p in (site.site / "pagefind").glob("*.pf_meta")] == ["pagefind.sv"]
    pages = search_index(site.site)
    assert "secure loose garden furniture" in pages["bulletins/2023-06-02-storm/"]["content"]
    assert "رياح قوية" in pages["bulletins/2023-06-03-arabiska/"]["content"]


def test_the_index_is_not_built_by_the_page_but_by_the_build(site):
    # the pages load none of it: Material's index is empty, the worker loads Pagefind on a query
    html = (site.site / "index.html").read_text(encoding="utf-8")
    assert "pagefind.js" not in html and "bulletin-search.js" in html


BUILD = """
import sys, time
sys.path.insert(0, {hooks!r})
from bulletin_site import i18n
from bulletin_site.searchindex import SearchIndex
index = SearchIndex.start("sv", i18n.Translator("sv"))
print(index._process.pid, flush=True)
time.sleep(60)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie has ended
        return stat.read().split()[2] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_pagefind_ends_when_the_build_is_killed(tmp_path):
    build = subprocess.Popen([sys.executable, "-c", BUILD.format(hooks=str(REPO / "hooks"))],
                             stdout=subprocess.PIPE, cwd=tmp_path)
    try:
        pagefind = int(build.stdout.readline())
        assert _alive(pagefind)
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()
        build.stdout.close()
    deadline = time.monotonic() + 10
    while _alive(pagefind) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pagefind)


def test_a_cancelled_index_ends_pagefind_at_once_and_writes_nothing(tmp_path):
    index = SearchIndex.start("sv", i18n.Translator("sv"))
    index.add("index.html", '<html lang="sv"><body data-pagefind-body><h1>Start</h1></body></html>')
    started = time.monotonic()
    index.cancel()
    assert time.monotonic() - started < 5 and index._process.poll() is not None
    assert not (tmp_path / "pagefind").exists()
