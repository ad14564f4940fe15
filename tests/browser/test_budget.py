"""Page weight: what a resident's browser downloads does not grow with the number of bulletins.

A site of generated bulletins (the benchmark's ``bench/gen_corpus.py``; 10 in `make test`, 10 000
in `make budget`, set by ``BUDGET_BULLETINS``) is built with the shipped ``mkdocs.yml`` and
``docs/``, served by a local server that gzips text as a web host does and lets the browser cache
for ten minutes (GitHub Pages' ``max-age=600``), and opened in Chromium. For every page type the
test sums the encoded (compressed) sizes of every response, headers included: a first view with
an empty cache, fonts and scripts included, at most 400 KB; a second view of another page at most
50 KB; a one-word search at most 300 KB. No page view fetches the search index or a sitemap.

The numbers are written to ``.cache/budget/<N>.md`` for the README's table.
"""
from __future__ import annotations

import functools
import gzip
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from .browser_site import BASE_PATH, REPO, SITE_URL, SiteHandler, SiteServer

pytestmark = pytest.mark.browser

N = int(os.environ.get("BUDGET_BULLETINS", "10"))
KB = 1024
FIRST_VIEW, SECOND_VIEW, SEARCH = 400 * KB, 50 * KB, 300 * KB
COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".pagefind"}  # .pf_*: gzip inside
REPORT = REPO / ".cache" / "budget" / f"{N}.md"


class GzipHandler(SiteHandler):
    """The site's host: gzip for text (when the browser accepts it) and ten minutes of caching."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()
        body = path.read_bytes()
        encoded = path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")
        if encoded:
            body = gzip.compress(body, 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        import io
        return io.BytesIO(body)


def _project(root: Path) -> None:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_url"] = SITE_URL
    config["theme"]["custom_dir"] = str(REPO / "hooks" / "theme")
    config["hooks"] = [str(REPO / "hooks" / "mkdocs_adapter.py")]
    config.pop("watch", None)
    config["extra"]["bulletins"].update(pdf=False, source="bulletins")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    shutil.copytree(REPO / "docs", root / "docs")
    subprocess.run([sys.executable, str(REPO / "bench" / "gen_corpus.py"), str(root / "bulletins"),
                    "-n", str(N), "--registers"], check=True, capture_output=True)


@pytest.fixture(scope="module")
def weighed_site(tmp_path_factory):
    root = tmp_path_factory.mktemp(f"budget-{N}")  # one per test process (pytest -n 2 runs two)
    _project(root)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1735689600", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"],
                            cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    server = SiteServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    rows: list[tuple[str, str, int]] = []
    yield site, f"http://127.0.0.1:{server.server_address[1]}{BASE_PATH}", rows
    server.shutdown()
    server.server_close()
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("".join(f"| {N} | {kind} | {view} | {size / KB:.1f} |\n" for kind, view, size in rows),
                      encoding="utf-8")


def _page_types(site: Path) -> dict[str, str]:
    """One address of every page type of the built site (the text-only site where there is one)."""
    bulletins = sorted(p.parent.name for p in (site / "bulletins").glob("*/index.html"))
    bulletin = bulletins[-1]
    topic = sorted(p.parent.name for p in (site / "topics").glob("*/index.html"))[0]
    year = sorted(p.parent.name for p in (site / "archive").glob("*/index.html"))[-1]
    types = {"home": "", "bulletin": f"bulletins/{bulletin}/", "topic": f"topics/{topic}/",
             "topics index": "topics/", "archive year": f"archive/{year}/", "archive": "archive/",
             "docs page": "om/", "print page": f"bulletins/{bulletin}/print/",
             "another print page": f"bulletins/{bulletins[0]}/print/"}
    if (site / "text" / "index.html").is_file():
        types["text-only"] = "text/"
        types["text-only bulletin"] = f"text/{bulletin}/"
    return types


def _second(names: list[str], kind: str) -> str:
    """The page a resident opens next: the next page type of the site's (a print page: another;
    a page of the text-only site: the other one, as its links lead there)."""
    if kind.startswith("text-only"):
        return "text-only bulletin" if kind == "text-only" else "text-only"
    pages = [name for name in names if "print" not in name and not name.startswith("text-only")]
    if kind not in pages:
        return "another print page"
    return pages[(pages.index(kind) + 1) % len(pages)]


class Meter:
    """The encoded bytes of every response a tab receives (its workers' included), headers too."""

    def __init__(self, tab):
        self.requests = []
        tab.on("requestfinished", lambda request: self.requests.append(request))

    def take(self) -> tuple[int, list[tuple[str, int]]]:
        seen = []
        for request in self.requests:
            sizes = request.sizes()
            seen.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))
        self.requests.clear()
        return sum(size for _, size in seen), seen


def _view_each(views) -> list[tuple[int, list[tuple[str, int]]]]:
    """What each (tab, meter, url) fetched to show ``url``: the tabs navigated at once, then each
    waited for until its network is quiet (their 500 ms waits overlap), then each meter read."""
    for tab, _, url in views:
        tab.goto(url, wait_until="commit")
    for tab, _, _ in views:
        tab.wait_for_load_state("networkidle")
    return [meter.take() for _, meter, _ in views]


def test_every_page_type_within_budget_first_and_second_view(weighed_site, browser):
    site, base, rows = weighed_site
    types = _page_types(site)
    names = list(types)
    kinds = [name for name in names if name != "another print page"]
    # each page type in a fresh context of its own; the contexts load side by side, each metered alone
    contexts = {kind: browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
                for kind in kinds}
    failures = []
    try:
        tabs = {kind: context.new_page() for kind, context in contexts.items()}
        meters = {kind: Meter(tab) for kind, tab in tabs.items()}
        firsts = dict(zip(kinds, _view_each([(tabs[kind], meters[kind], base + types[kind]) for kind in kinds])))
        for kind in kinds:
            first, fetched = firsts[kind]
            paths = [urlsplit(url).path for url, _ in fetched]
            assert not [p for p in paths if p.endswith("sitemap.xml") or "/pagefind/" in p], (kind, paths)
            index = [size for url, size in fetched if url.endswith("search/search_index.json")]
            assert all(size < 2 * KB for size in index), (kind, index)  # Material's, left empty
        others = {kind: _second(names, kind) for kind in kinds}
        seconds = dict(zip(kinds, _view_each([(tabs[kind], meters[kind], base + types[others[kind]])
                                              for kind in kinds])))
    finally:
        for context in contexts.values():
            context.close()
    for kind in kinds:
        (first, fetched), (second, _) = firsts[kind], seconds[kind]
        rows += [(kind, "first view", first), (f"{others[kind]} after {kind}", "second view", second)]
        if first > FIRST_VIEW or second > SECOND_VIEW:
            failures.append((kind, first, second, sorted(fetched, key=lambda f: -f[1])[:5]))
    assert failures == []


# A topic's label (in one bulletin of six), a signatory's name (one in thirty), a word of nearly
# every bulletin, and the two words with the largest entries of the index: "och" (every place it
# stands in every page) and "här" (beside "har": one entry, two forms). Pagefind's own file for
# such a word grows with the site (390 KB for "kommunen" at 10 000 bulletins); the build splits
# and caps those files (``searchsplit``), so that every search stays within budget.
WORDS = ["brand", "rahimi", "kommunen", "och", "här"]


@pytest.fixture(scope="module")
def searches(weighed_site, browser) -> dict[str, tuple[int, list[tuple[str, int]]]]:
    """Each of WORDS searched on the home page, each in a fresh context of its own, the contexts side
    by side, each metered alone: word -> (the bytes the search fetched, what it fetched)."""
    site, base, rows = weighed_site
    contexts = {word: browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
                for word in WORDS}
    try:
        tabs = {word: context.new_page() for word, context in contexts.items()}
        meters = {word: Meter(tab) for word, tab in tabs.items()}
        _view_each([(tabs[word], meters[word], base) for word in WORDS])
        for word in WORDS:
            box = tabs[word].locator("input[data-md-component=search-query]")
            box.click()
            box.press_sequentially(word, delay=30)
        for word in WORDS:
            tabs[word].locator(".md-search-result__list > li").first.wait_for(timeout=30_000)
        for word in WORDS:
            tabs[word].wait_for_load_state("networkidle")
        tabs[WORDS[-1]].wait_for_timeout(500)  # 500 ms more after every tab's quiet network
        found = {word: meters[word].take() for word in WORDS}
    finally:
        for context in contexts.values():
            context.close()
    for word in WORDS:
        rows.append((f"search '{word}'", "after the home page", found[word][0]))
    return found


@pytest.mark.parametrize("word", WORDS)
def test_a_one_word_search_within_budget(searches, word):
    size, fetched = searches[word]
    assert [url for url, _ in fetched if "/pagefind/" in url], "the search fetched nothing of the index"
    assert size <= SEARCH, sorted(fetched, key=lambda f: -f[1])[:8]
