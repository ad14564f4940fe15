"""The search index (Pagefind, bulletin_site.searchindex): the same bytes for the same pages, what it
holds and leaves out, and the process that makes it never outliving its build."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bulletin_site import concurrency, i18n
from bulletin_site.searchindex import SearchIndex
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
    p.build()
    return p


def test_running_the_index_again_on_the_same_pages_gives_the_same_bytes(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site.site, copy)
    shutil.rmtree(copy / "pagefind")
    SearchIndex.start(copy, "sv", i18n.Translator("sv")).finish()
    assert files(copy / "pagefind") == files(site.site / "pagefind")


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


SLEEPER = "import time; time.sleep(60)  # the program"
GUARDED = """
import sys, time
sys.path.insert(0, {hooks!r})
from bulletin_site import concurrency
program = concurrency.Program([sys.executable, "-c", {sleeper!r}])
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
def test_a_program_of_the_build_ends_when_the_build_is_killed(tmp_path):
    build = subprocess.Popen([sys.executable, "-c", GUARDED.format(hooks=str(REPO / "hooks"), sleeper=SLEEPER)],
                             stdout=subprocess.DEVNULL, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 20
        child = None
        while time.monotonic() < deadline and child is None:
            for proc in Path("/proc").iterdir():
                if proc.name.isdigit():
                    try:
                        cmd = (proc / "cmdline").read_bytes()
                    except OSError:
                        continue
                    if cmd.split(b"\0")[1:3] == [b"-c", SLEEPER.encode()]:
                        child = int(proc.name)
            time.sleep(0.1)
        assert child is not None and _alive(child)
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child)


def test_a_cancelled_program_ends_at_once():
    program = concurrency.Program([sys.executable, "-c", "import time; time.sleep(60)"])
    started = time.monotonic()
    program.cancel()
    assert time.monotonic() - started < 5
    code, _ = concurrency.Program([sys.executable, "-c", "print('fertig')"]).wait()
    assert code == 0
