"""What the adapter does to how MkDocs renders pages, each kept once per build or between builds:
a bulletin's body converted once (``BulletinPage``, ``Bodies``: ``bulletin_site.bodycache``),
the parts of Material's page that many pages share rendered once (``Chrome``), the theme's
templates compiled once (``TemplateCache``). MkDocs-specific, as the adapter is; the tests build
sites with and without each and compare the pages byte for byte."""
from __future__ import annotations

import json
import pickle
from importlib import metadata
from pathlib import Path

import jinja2
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from bulletin_site import bodycache
from bulletin_site.pdf import cache_folder
from bulletin_site.settings import Settings


# Markdown extensions whose HTML is a function of the page's Markdown and their settings alone:
# Python-Markdown's own and pymdownx's that read nothing else (no file, no network, no clock)
PAGE_ONLY_EXTENSIONS = frozenset({
    "abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html",
    "meta", "nl2br", "sane_lists", "smarty", "tables", "toc", "codehilite", "legacy_attrs",
    "legacy_em", "wikilinks",
    *(f"markdown.extensions.{name}" for name in (
        "abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html",
        "meta", "nl2br", "sane_lists", "smarty", "tables", "toc", "codehilite")),
    *(f"pymdownx.{name}" for name in (
        "arithmatex", "betterem", "blocks.admonition", "blocks.details", "blocks.tab", "caret",
        "critic", "details", "emoji", "escapeall", "highlight", "inlinehilite", "keys", "magiclink",
        "mark", "progressbar", "saneheaders", "smartsymbols", "superfences", "tabbed", "tasklist",
        "tilde")),
})


class Bodies:
    """Bulletins' bodies as MkDocs converts them, kept for the next build (bulletin_site.bodycache):
    the key holds the page's Markdown and address, the Markdown extensions and their settings,
    and the versions of the libraries that convert; what is kept is what MkDocs' conversion gives
    a page (its HTML, table of contents, title from its heading, anchors)."""

    def __init__(self, config, settings: Settings, log):
        versions = []
        for package in ("mkdocs", "markdown", "mkdocs-material", "pymdown-extensions"):
            try:
                versions.append(f"{package} {metadata.version(package)}")
            except metadata.PackageNotFoundError:
                pass
        self.inputs = json.dumps([versions, config.markdown_extensions, config.mdx_configs],
                                 sort_keys=True, default=repr)
        folder = cache_folder(settings)
        self.cache = bodycache.BodyCache(folder, settings.t, log, shown=settings.relative(folder / bodycache.NAME))
        # kept only when every extension makes its HTML from the page's own Markdown and settings
        # (not, say, pymdownx.snippets or pymdownx.b64, which read other files), and the cache opened
        self.keeps = self.cache.usable and all(isinstance(name, str) and name in PAGE_ONLY_EXTENSIONS
                                               for name in config.markdown_extensions)


class BulletinPage(Page):
    """A bulletin's page: its body taken from the bodies of the last build when it is there."""

    bodies: Bodies

    @classmethod
    def of(cls, file, config, bodies: Bodies) -> "BulletinPage":
        page = cls(None, file, config)  # MkDocs' File.page is this page from now on
        page.bodies = bodies
        return page

    def render(self, config, files) -> None:
        if not self.bodies.keeps:
            return super().render(config, files)
        key = bodycache.key(self.bodies.inputs, self.url, self.markdown)
        kept = self.bodies.cache.get(key)
        if kept is not None:
            self.content, self.toc = kept["html"], get_toc(kept["toc"])
            self._title_from_render = kept["title"]
            self.present_anchor_ids, self.links_to_anchors = set(kept["anchors"]), {}
            return
        super().render(config, files)
        if not bodycache.depends_on_other_pages(self.content):
            self.bodies.cache.put(key, {"html": self.content, "toc": [_toc_token(item) for item in self.toc],
                                    "title": self._title_from_render,
                                    "anchors": sorted(self.present_anchor_ids or ())})


def _toc_token(item) -> dict:
    """An entry of a page's table of contents as the Markdown extension gives it to MkDocs."""
    return {"level": item.level, "id": item.id, "name": item.title,
            "children": [_toc_token(child) for child in item.children]}


class Chrome:
    """Parts of Material's pages that many pages share, rendered once per build.

    Material renders its tabs, its navigation and its search box for every page, with links
    relative to the page. From a page that is not in the nav and whose folder holds no page of
    the nav (every bulletin: `bulletins/<slug>/`), each such link climbs to the site's root and
    descends again, so those parts depend only on how deep the page lies: the thousands of
    bulletins share one rendering. The theme's partials `nav.html`, `tabs.html` and `search.html` ask
    through ``once``.

    Some blocks of Material's page read nothing of the page but its depth (`base_url`) and the
    site's configuration: its style sheets, scripts and configuration. `theme/main.html` has them
    rendered once per build and depth (`shared`); a block that reads more of the page (the footer)
    names what it reads in its key.
    """

    def __init__(self, nav_urls: list[str]):
        self.nav_urls = set(nav_urls)
        self.nav_roots = {url.split("/", 1)[0] for url in nav_urls}  # "" for the home page
        self.html: dict[tuple, str] = {}

    def key(self, name: str, page) -> tuple[str, int] | None:
        if page is None or page.url in self.nav_urls or page.url.split("/", 1)[0] in self.nav_roots:
            return None  # rendered as usual
        return name, page.url.count("/")

    def once(self, name: str, page, caller) -> str:
        """``{% call bulletin_chrome.once(name, page) %}partial{% endcall %}``: the partial rendered
        once per depth for the pages outside the nav (see the class), else on each page."""
        key = self.key(name, page)
        return caller() if key is None else self._remembered(key, caller)

    def shared(self, name: str, *key, caller) -> str:
        """``{% call bulletin_chrome.shared(name, *key) %}block{% endcall %}``: the block rendered
        once per build for each ``key``, which holds everything the block reads of the page."""
        return self._remembered((name, key), caller)

    def _remembered(self, key: tuple, render) -> str:
        try:
            return self.html[key]
        except KeyError:
            html = self.html[key] = render()
            return html


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """The theme's templates compiled once and kept for the next build (about 0.3 s of a build).
    Jinja uses a kept template only if its source is the same, and writes each file whole; a cache
    that cannot be read or written only makes the build compile them again."""

    @classmethod
    def at(cls, folder: Path) -> "TemplateCache | None":
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None  # the PDFs' cache, in the same folder, reports it
        return cls(str(folder))

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):  # cut short, damaged
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass
