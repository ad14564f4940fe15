"""Search in the preview (`mkdocs serve`): the index is built with every build of the preview, and a
draft, shown there, is never found."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlsplit

import pytest

from conftest import FIXED_EPOCH, empty_project, free_port

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    p = empty_project(tmp_path_factory.mktemp("serve"))
    p.bulletin("2023-05-01-klotter", title="Klotter i centrum", date="2023-05-01",
               body="Klottret vid torget tas bort i veckan.\n")
    p.bulletin("2023-05-02-utkast", title="Klotter utkast", date="2023-05-02", extra="draft: true\n",
               body="Klottret i utkastet är hemligt.\n")
    port = free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
                              cwd=p.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    origin = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(origin + "pagefind/pagefind.js", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail("mkdocs serve did not serve the search index")
            time.sleep(0.3)
        yield origin
    finally:
        server.terminate()
        server.wait(30)


def test_the_preview_searches_and_never_finds_a_draft(preview, page):
    page.goto(preview, wait_until="networkidle")
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    box.press_sequentially("klottret", delay=20)
    page.locator(".md-search-result__list > li").first.wait_for()
    page.wait_for_timeout(300)
    hrefs = page.locator(".md-search-result__list a.md-search-result__link").evaluate_all(
        "links => links.map(a => a.href)")
    assert [urlsplit(h).path for h in hrefs] == ["/bulletins/2023-05-01-klotter/"]
    with urllib.request.urlopen(preview + "bulletins/2023-05-02-utkast/") as response:
        assert "data-pagefind-body" not in response.read().decode("utf-8")  # shown, not indexed
