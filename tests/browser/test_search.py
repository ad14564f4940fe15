"""A resident types Swedish words into Material's search box and finds the bulletin."""
from __future__ import annotations

import functools
import shutil
import threading
from urllib.parse import urlsplit

import pytest

from bulletin_site.searchsplit import split_chunks

from .browser_site import DESKTOP, ServedSite, SiteHandler, SiteServer, close_tabs, open_tabs

pytestmark = pytest.mark.browser

VANDALISM = "bulletins/2023-03-14-lagesbild-skadegorelse-i-centrum/"
BOIL_WATER = "bulletins/2022-08-01-kokningsrekommendation-norra-delen/"
JANUARY = "bulletins/2023-01-10-lagesbild-januari/"
FEBRUARY = "bulletins/2023-02-20-lagesbild-februari/"


def _type(page, served_site, query: str) -> None:
    """Type ``query`` into the search box on the home page. Letters that are not on the browser's
    keyboard (Arabic) arrive without key events, so an End key follows, whose keyup is what
    Material's search box listens for, as after any real typing."""
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    box.press_sequentially(query, delay=20)
    box.press("End")


def _found(page, served_site) -> list[str]:
    """The site-relative URLs of the pages the search in ``page`` found."""
    page.locator(".md-search-result__list > li").first.wait_for()
    hrefs = page.locator(".md-search-result__list > li > a.md-search-result__link").evaluate_all(
        "links => links.map(a => a.href)")
    base = urlsplit(served_site.url()).path
    return [urlsplit(href).path.removeprefix(base) for href in hrefs]


def search(page, served_site, query: str) -> list[str]:
    """Type ``query`` into the search box on the home page; the site-relative URLs of the pages found."""
    page.goto(served_site.url(), wait_until="networkidle")
    _type(page, served_site, query)
    return _found(page, served_site)


def search_each(browser, served_site, queries) -> dict:
    """``search`` for each query, each in a fresh tab of its own, the tabs side by side: query ->
    (its tab, the pages found). Close the tabs with ``close_tabs``."""
    tabs = open_tabs(browser, {query: served_site.url() for query in queries}, **DESKTOP)
    try:
        for query, (tab, _) in tabs.items():
            tab.set_default_timeout(10_000)
            _type(tab, served_site, query)
        return {query: (tab, _found(tab, served_site)) for query, (tab, _) in tabs.items()}
    except BaseException:
        close_tabs(tabs)
        raise


QUERIES = ["klotter", "skadegörelse", "skadegörelsen", "Häggström", "Dricksvatten", "skadegörelserna",
           "kommunen", "och"]


@pytest.fixture(scope="module")
def searched(searches) -> dict:
    """Each of QUERIES searched in a fresh tab of its own: query -> (the tab, the pages found). (The
    tabs are conftest.py's ``searches``, opened side by side with those of test_languages.py.)"""
    return {query: searches[query] for query in QUERIES}


def test_a_word_from_the_body_finds_the_bulletin(searched):
    assert VANDALISM in searched["klotter"][1]


def test_a_swedish_word_with_a_ring_and_umlaut_finds_the_bulletin(searched):
    assert VANDALISM in searched["skadegörelse"][1]


def test_an_inflected_form_finds_the_bulletin(searched):
    assert VANDALISM in searched["skadegörelsen"][1]


def test_the_word_finds_only_bulletins_that_contain_it(searched):
    assert searched["skadegörelse"][1] == [VANDALISM]


def test_a_signatory_name_finds_their_bulletin(searched):
    assert searched["Häggström"][1] == [BOIL_WATER]


def test_a_topic_label_finds_the_bulletins_of_the_topic(searched):
    assert sorted(searched["Dricksvatten"][1]) == [BOIL_WATER]


def test_an_inflected_form_absent_from_the_text_finds_the_bulletin(searched):
    # the body says "skadegörelse" and "skadegörelsen", never "skadegörelserna": Swedish stemming finds it
    assert searched["skadegörelserna"][1] == [VANDALISM]


def test_a_result_shows_title_date_and_excerpt_with_the_word_marked(searched):
    page, _ = searched["klotter"]
    result = page.locator(".md-search-result__list > li").first
    assert result.locator("h1").inner_text() == "Lägesbild mars – skadegörelse och otrygghet i centrum"
    assert result.locator(".bulletin-search-date").inner_text() == "14 mars 2023"
    assert result.locator("mark").first.inner_text().lower().startswith("klotter")


def test_nothing_of_the_index_is_fetched_before_a_search(served_site, page):
    fetched = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(served_site.url(), wait_until="networkidle")
    assert not [path for path in fetched if "/pagefind/" in path or path.endswith("sitemap.xml")]
    search(page, served_site, "klotter")
    assert [path for path in fetched if "/pagefind/" in path]


@pytest.fixture(scope="module")
def split_site(served_site, tmp_path_factory):
    """The same site with its index's word files split and capped as a site of thousands of
    bulletins has them (``searchsplit``), here at 300 bytes a file: many files, every word capped."""
    copy = tmp_path_factory.mktemp("split") / "site"
    shutil.copytree(served_site.root, copy)
    folder = copy / "pagefind"
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    shutil.rmtree(folder)
    split = split_chunks(files, 300)
    assert len([name for name in split if name.startswith("index/")]) > 10
    for name, data in split.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    server = SiteServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(copy)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield ServedSite(copy, f"http://127.0.0.1:{server.server_address[1]}")
    server.shutdown()
    server.server_close()


SPLIT_QUERIES = ["kommunen", "och", "skadegörelserna", "Häggström"]  # words of many pages, capped; a
# stemmed form; a name


def test_a_split_and_capped_index_finds_what_the_whole_one_finds(searched, split_site, browser):
    tabs = search_each(browser, split_site, SPLIT_QUERIES)
    try:
        found = {query: sorted(pages) for query, (_, pages) in tabs.items()}
    finally:
        close_tabs(tabs)
    assert found == {query: sorted(searched[query][1]) for query in SPLIT_QUERIES}
    assert len(found["kommunen"]) > 2 and len(found["och"]) > 2
