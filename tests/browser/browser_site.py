"""The browser tests' fixture site: where it comes from, how it is built and served, its page types."""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# axe-core as the pinned PyPI package axe-playwright-python ships it (no Node.js needed)
AXE = Path(importlib.util.find_spec("axe_playwright_python").origin).parent / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
# Chromium honours only the last --disable-features: Playwright's own list (1.55, chromiumSwitches.js)
# again, and the omnibox popups of the browser's own UI, which headless Chromium (156) otherwise
# loads as two WebUI pages in a renderer of their own for every window, that is for every context a
# test opens (about 0.3 s of the machine's cores each; the site's pages are not touched by it).
PLAYWRIGHT_DISABLED_FEATURES = ["AcceptCHFrame", "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose",
                                "DialMediaRouteProvider", "GlobalMediaControls", "HttpsUpgrades", "LensOverlay",
                                "MediaRouter", "PaintHolding", "ThirdPartyStoragePartitioning", "Translate",
                                "AutoDeElevate"]
BROWSER_UI_FEATURES = ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup", "WebUIOmniboxFullPopup"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-features=" + ",".join(PLAYWRIGHT_DISABLED_FEATURES + BROWSER_UI_FEATURES)]
FIXED_EPOCH = "1700000000"  # 2023-11-14: the fixture site's build clock

SITE_URL = "https://trygghet.example.se/trygghet/"
BASE_PATH = urlsplit(SITE_URL).path  # "/trygghet/": served under it, as in production
ACCESSIBILITY_CONTACT = "tillganglighet@exempelby.example.se"

# Every page type a resident can land on, as a site-relative URL.
PAGE_TYPES = {
    "home": "",
    "bulletin": "bulletins/2023-03-14-lagesbild-skadegorelse-i-centrum/",
    "bulletin-replaces": "bulletins/2023-02-20-lagesbild-februari/",
    "bulletin-replaced-by": "bulletins/2023-01-10-lagesbild-januari/",
    "bulletin-expired": "bulletins/2022-08-01-kokningsrekommendation-norra-delen/",
    "bulletin-translation": "bulletins/2023-03-14-lagesbild-skadegorelse-i-centrum-en/",
    "bulletin-rtl": "bulletins/2023-03-14-lagesbild-skadegorelse-i-centrum-ar/",
    "print": "bulletins/2023-03-14-lagesbild-skadegorelse-i-centrum/print/",
    "topic": "topics/krisberedskap/",
    "topics-index": "topics/",
    "archive-year": "archive/2023/",
    "archive-index": "archive/",
    "subscribe": "prenumerera/",
    "about": "om/",
    "accessibility-statement": "tillganglighetsredogorelse/",
    "404": "finns-inte/",
}


@dataclass(frozen=True)
class ServedSite:
    root: Path  # the built site folder
    origin: str  # http://127.0.0.1:PORT

    @property
    def host(self) -> str:
        return urlsplit(self.origin).netloc

    def url(self, relative: str = "") -> str:
        """The served address of a site-relative URL ('' is the home page)."""
        return f"{self.origin}{BASE_PATH}{relative}"

    def html(self, relative: str) -> str:
        return (self.root / relative / "index.html").read_text(encoding="utf-8")


def _fixture_project(root: Path) -> None:
    """A project folder: the shipped mkdocs.yml and docs/, the fixture bulletins."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_url"] = SITE_URL
    config["theme"]["custom_dir"] = str(REPO / "hooks" / "theme")
    config["hooks"] = [str(REPO / "hooks" / "mkdocs_adapter.py")]
    config.pop("watch", None)
    bulletins = config.setdefault("extra", {}).setdefault("bulletins", {})
    bulletins.update(pdf=False, accessibility_contact=ACCESSIBILITY_CONTACT)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(FIXTURES / "bulletins", root / "bulletins")


def build_fixture_site(root: Path) -> Path:
    _fixture_project(root)
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"],
                            cwd=root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build of the browser fixture site failed:\n{result.stderr}")
    return root / "site"


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves the site under BASE_PATH only; a missing page gets the site's 404.html, as on a host."""

    def translate_path(self, path: str) -> str:
        path = unquote(urlsplit(path).path)
        if not path.startswith(BASE_PATH) or "\0" in path:
            return str(Path(self.directory) / ".outside-the-site-path")  # no such file: a 404
        return super().translate_path("/" + path[len(BASE_PATH):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # keep pytest's output for failures
        pass


class SiteServer(ThreadingHTTPServer):
    """The local host of the site. A browser that closes a connection early (a page left before its
    last image arrived) is what browsers do, not an error to print among the test results."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)




def open_tabs(browser, urls: dict, *, until: str = "networkidle", prepare=None, **context_options) -> dict:
    """A fresh context with one tab for each key of ``urls``, every tab navigated at once and then
    waited for until ``until`` (Playwright's load state): as many fresh tabs as one after another,
    but the waits (``networkidle`` is 500 ms of quiet on the network) run side by side.

    ``prepare(key, tab)`` runs on each tab before it navigates (listeners, a mocked clock). The
    answer: key -> (tab, the response of its navigation); close with ``close_tabs``."""
    tabs = {}
    try:
        for key, url in urls.items():
            context = browser.new_context(**context_options)
            tab = context.new_page()
            tab.set_default_timeout(30_000)  # many tabs share the machine's cores
            if prepare is not None:
                prepare(key, tab)
            tabs[key] = (tab, tab.goto(url, wait_until="commit"))
        for tab, _ in tabs.values():
            tab.wait_for_load_state(until)
    except BaseException:
        close_tabs(tabs)
        raise
    return tabs


def close_tabs(tabs: dict) -> None:
    for tab, _ in tabs.values():
        tab.context.close()


DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "sv-SE"}  # the `page` fixture's tab
PHONE = {"viewport": {"width": 375, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True, "locale": "sv-SE"}  # the `phone` fixture's tab
