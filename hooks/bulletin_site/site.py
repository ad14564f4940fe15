"""One build of the bulletin site, independent of the engine that drives it.

The adapter creates a SiteBuild when the engine starts a build, asks it which
pages to generate and hands it the HTML the engine rendered for each page.
Once every body is rendered, ``write_outputs`` (a function of what it is
given: settings, the catalogue, the bodies, the QR codes) writes the print
pages, feeds and redirect pages, in a worker of the build's pool (see
``concurrency``) while the engine puts its pages into the theme; the PDFs the
cache does not hold are then rendered by the pool, and written last.

SiteBuild only orchestrates: it holds what one build shares (settings, the
catalogue it shows, the bodies, the pool, the QR codes) and passes each output
module what it needs (``feeds``, ``printing``, ``pages``).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from itertools import chain
from typing import Callable

from . import alerts, cap, concurrency, feeds, index, languages, latest, printing, qr, removals, searchindex, textsite
from .addresses import TEXT_HOME, text_url
from .searchindex import IndexCache, IndexRun, SearchIndex, SearchIndexError
from .errors import BulletinError, Problem
from .frontmatter import FrontMatterError
from .loading import ParseCache, load_catalogue, read_body
from .model import Bulletin, Catalogue
from .output import Output, Writer
from .pdf import PrintError, cache_error, cache_folder, worker_lost
from .pages import PageKind, PageSpec, Renderer, plan, templates
from .settings import Settings

__all__ = ["Output", "OutputsJob", "SiteBuild", "Written", "published_view", "write_outputs"]


def published_view(catalogue: Catalogue, preview: bool) -> Catalogue:
    """What a build shows: everything in preview, else only public bulletins.

    A link to a bulletin that is not shown (a draft replacing a published one)
    is dropped so that no page links to a page that was not built.
    """
    if preview:
        return catalogue
    now = catalogue.now
    public = catalogue.restricted(lambda b: b.status(now).is_public())
    # a translation is shown with its original only (the Arabic of a draft is not published)
    shown = public.restricted(lambda b: b.translation_of is None or b.translation_of in public.by_slug)
    slugs = shown.by_slug
    fixed = tuple(
        replace(b, replaced_by=None) if b.replaced_by and b.replaced_by not in slugs else b
        for b in shown.bulletins)
    return Catalogue(fixed, now, catalogue.topics)


class SiteBuild:
    # A preview (`mkdocs serve`) indexes its pages for search in the background, so that an edit
    # shows without waiting for the index; the next build of the preview stops it first.
    _preview_index: SearchIndex | None = None

    def __init__(self, settings: Settings, cache: ParseCache | None = None,
                 bodies: dict[str, str] | None = None, log: logging.Logger | None = None):
        self.settings = settings
        self.log = log or logging.getLogger("bulletin_site")  # the engine's logger, when it has one
        self._end_preview_index()
        everything = load_catalogue(settings, cache)
        self.catalogue = published_view(everything, settings.preview)
        self.specs = plan(self.catalogue, settings)
        self.by_src_uri: dict[str, PageSpec] = {s.src_uri: s for s in self.specs}
        self.home = self.by_src_uri["index.md"]
        self.renderer = Renderer(self.catalogue, settings)
        self.sanitizer = removals.BodySanitizer.for_settings(settings)  # raw HTML in bodies
        # slug -> body HTML as the engine rendered it; a preview passes the previous build's, so
        # that a rebuild which re-renders only changed bulletins still has every body
        self.bodies: dict[str, str] = {} if bodies is None else bodies
        self._keep_bodies = bodies is not None
        info, warnings = alerts.log_lines(everything, self.catalogue, settings)
        for line in info:
            self.log.info(line)
        for line in warnings:
            self.log.warning(line)
        self.pool = concurrency.Pool(settings.concurrency)
        # made by a worker while the pages render
        self.qr_codes = qr.qr_codes(settings, [settings.absolute(b.url) for b in self.catalogue.bulletins],
                                    self.log, self.pool)
        self._writer: Writer | None = None
        self._check: Callable[[str], None] = lambda uri: None
        self._outputs = None  # the future of write_outputs
        self._pdfs: printing.PdfOutputs | None = None
        self._index: SearchIndex | None = None  # a preview's, of its folder
        self._run: IndexRun | None = None  # a build's, of its pages as they are made
        if not settings.preview:  # a preview indexes its folder once written (finish_outputs)
            path = cache_folder(settings) / IndexCache.NAME
            self._run = IndexRun(IndexCache(path, settings.language, settings.t, self.log, settings.relative(path)),
                                 settings.language, settings.t)
        self._articles: dict[str, tuple[str, str]] = {}  # a bulletin page's body and its article
        self.searched_pages: list[str] = []  # the docs/ pages search shows (their files in the site)
        self._unindexed: set[str] = set()  # the files of searched pages not yet written

    def spec(self, src_uri: str) -> PageSpec | None:
        return self.by_src_uri.get(src_uri)

    def bulletin(self, src_uri: str) -> Bulletin | None:
        spec = self.by_src_uri.get(src_uri)
        return spec.bulletin if spec else None

    def markdown(self, src_uri: str) -> str | None:
        """A bulletin page's Markdown: its file's body (None for other pages)."""
        bulletin = self.bulletin(src_uri)
        if bulletin is None:
            return None
        try:
            return read_body(self.settings.root / bulletin.source)
        except (OSError, UnicodeDecodeError, FrontMatterError):  # saved again since it was loaded
            t = self.settings.t
            raise BulletinError([Problem(bulletin.source, None, "file", t("err.changed_during_build"),
                                         t("fix.changed_during_build"))]) from None

    def content_html(self, spec: PageSpec, html: str, path: str) -> str:
        """The content of a generated page (its file in the site: ``path``), given the HTML the
        engine made of its Markdown.

        A bulletin's content is its body alone, sanitised (one warning per thing removed) and
        kept for feeds, print and search; the page around it (``page_html``) is made now and
        indexed for search at once, so that the index is made while the engine renders the
        pages, and put into the page when the engine puts the page into the theme.
        """
        if spec.kind is PageKind.BULLETIN:
            html = self.sanitizer.clean(html, spec.bulletin.source, self.log.warning)
            self.bodies[spec.bulletin.slug] = html
            article = self.renderer.bulletin(spec, html)
            self._articles[spec.src_uri] = (html, article)
            # searched by its article alone (the element marked for search, with all Pagefind
            # reads of the page): the same index as of the whole page, a fifth of the bytes
            self._index_page(path, f'<!doctype html><html lang="{self.settings.language}"><body>'
                                   f'{article}</body></html>')
            return html
        return self.renderer.listing(spec)

    def page_html(self, spec: PageSpec, body_html: str) -> str:
        """A bulletin page's content: header, banners, body, signatures, print and PDF links."""
        body, article = self._articles.pop(spec.src_uri, (None, None))
        return article if body == body_html else self.renderer.bulletin(spec, body_html)

    def feed_links(self, spec: PageSpec | None) -> list:
        """The feeds a page links in its <head> for autodiscovery (``spec`` None: a docs/ page)."""
        return feeds.head_links(self.settings, spec)

    def docs_html(self, html: str, page_url: str) -> str:
        """A page of docs/ with its latest-bulletins lines (``latest``) shown as cards."""
        return latest.fill(html, self.catalogue, self.settings,
                           lambda items, heading: self.renderer.latest(items, heading, page_url))

    def language_head(self, spec: PageSpec | None) -> languages.Head | None:
        """A bulletin page's hreflang links and Open Graph locales (None for other pages)."""
        if spec is None or spec.bulletin is None:
            return None
        return languages.head(self.catalogue, spec.bulletin, self.settings)

    def docs_markdown(self, markdown: str, page_url: str) -> str:
        """A ``docs/`` page with ``{{ language_feeds }}`` as the list of per-language feeds."""
        return languages.fill_feed_list(markdown, self.catalogue, page_url, self.settings)

    def alert_banner(self, page_url: str, spec: PageSpec | None) -> str:
        """The banner of active severe and extreme alerts a page starts with ('' while none is)."""
        own = spec.bulletin.slug if spec is not None and spec.bulletin is not None else None
        return self.renderer.alert_banner(page_url, own)

    @staticmethod
    def text_version(spec: PageSpec | None) -> str:
        """The site-relative address of a page's text-only version ("Textversion")."""
        return text_url(spec.bulletin) if spec is not None and spec.bulletin is not None else TEXT_HOME

    def home_html(self, html: str) -> str:
        """The site's own home page (docs/index.md) with the newest bulletins below its text."""
        return html + self.renderer.listing(self.home)

    def searched(self, path: str, docs_page: bool) -> None:
        """A page search shows (a public bulletin's, or a page of docs/), by its file in the site:
        indexed as soon as it is made (a bulletin's article) or written (a page of docs/)."""
        self._unindexed.add(path)
        if docs_page:
            self.searched_pages.append(path)

    def written(self, path: str, html: str) -> None:
        """A page as the engine writes it: indexed now if search shows it (a page of docs/)."""
        self._index_page(path, html)

    def _index_page(self, path: str, html: str) -> None:
        if self._run is None or path not in self._unindexed:
            return
        self._unindexed.discard(path)
        self._run.add(path, html)
        self._write_index_if_complete()

    def _write_index_if_complete(self) -> None:
        """Once every searched page is in (and the engine has said which pages are searched),
        Pagefind writes its files while the engine renders the rest of the site."""
        if not self._unindexed and self._writer is not None and not self._run.writing:
            self._run.write(self._writer.site_dir)

    def start_outputs(self, site_dir: Path, check: Callable[[str], None]) -> None:
        """Have the print pages and feeds written into ``site_dir`` (every body is rendered by
        now): by a worker of the build's pool while the engine puts its pages into the theme, or
        here at once without workers. ``check(uri)`` raises if a file of the engine's has that
        address. ``poll`` starts the PDFs once the print pages are made; ``finish_outputs``
        writes them."""
        check(f"{searchindex.FOLDER}/pagefind.js")
        self._writer, self._check = Writer(site_dir), check
        if self._run is not None:  # every searched page is known by now
            self._write_index_if_complete()
        codes = self.qr_codes.get_all()  # made by a worker since the build started
        self.qr_codes.forget()  # the job has them; the file keeps them for the next build
        job = OutputsJob(self.settings, self.catalogue, dict(self.bodies), codes, site_dir)
        if not self._keep_bodies:
            self.bodies.clear()  # the job has its copy; the engine, its pages
        self._outputs = self.pool.submit(write_outputs, job)

    def poll(self) -> None:
        """Start the PDFs as soon as the print pages are made (called by the adapter per page)."""
        if self._outputs is not None and self._outputs.done():
            self._received()

    def _received(self) -> None:
        future, self._outputs = self._outputs, None
        try:
            written = concurrency.result(future)
        except concurrency.WorkerLost as error:
            raise PrintError(worker_lost(self.settings.t, error)) from None
        for uri in written.uris:
            self._check(uri)
        if written.pdfs is not None:
            self._pdfs = printing.PdfOutputs(self.settings, written.pdfs, self.pool, self.log)
            self._pdfs.start()

    def finish_outputs(self) -> None:
        """Write the PDFs, waiting for those being rendered, and then the search index (in a
        process of its own, fed the pages as they were written); raise BulletinError, PrintError
        or SearchIndexError. Every page must be written by now."""
        try:
            if self._outputs is not None:
                self._received()  # the print pages and feeds are written
            if self.settings.preview:
                self._index = SearchIndex.start(self.settings.language, self.settings.t)
                self._index.add_folder(self._writer.site_dir, searchindex.pages_glob(self.searched_pages))
                self._index.write(self._writer.site_dir)
            elif not self._run.writing:  # no searched page, or one the engine did not write
                self._unindexed.clear()
                self._run.write(self._writer.site_dir)
            pdfs, self._pdfs = self._pdfs, None
            if pdfs is not None:
                for output in pdfs.outputs():
                    self._check(output.uri)
                    self._writer.write(output)
                self._writer.close()
            if self.settings.preview:
                SiteBuild._preview_index, self._index = self._index, None
            else:
                self._finish_index()
        except BaseException:
            self.cancel_outputs()
            raise
        self.pool.close()

    def _finish_index(self) -> None:
        run, self._run = self._run, None
        try:
            run.finish()
        except OSError as error:  # the cache could not be written
            raise cache_error(run.cache.path.parent, error, self.settings) from None
        if run.reused is not None:
            self.log.info(self.settings.t("search.reused", count=len(run.digests), path=run.cache.shown))

    def _end_preview_index(self) -> None:
        """Stop the previous preview build's indexing, saying so if it had failed."""
        search, SiteBuild._preview_index = SiteBuild._preview_index, None
        if search is None:
            return
        if search.done():
            try:
                search.finish()
            except SearchIndexError as error:
                self.log.warning(str(error))
        else:
            search.cancel()

    def cancel_outputs(self) -> None:
        """Stop the work of a build that failed: the workers and the indexing end now."""
        if self._writer is not None:
            self._writer.close(check=False)
        self._outputs = self._pdfs = None
        search, self._index = self._index, None
        if search is not None:
            search.cancel()
        run, self._run = self._run, None
        if run is not None:
            run.cancel()
        self.pool.cancel()


@dataclass(frozen=True)
class OutputsJob:
    """What the worker's outputs (print pages, feeds, CAP, text site, index) are made of: small
    enough to send to a worker."""

    settings: Settings
    catalogue: Catalogue
    bodies: dict[str, str]  # slug -> body HTML as the engine rendered it
    qr_codes: dict[str, str]  # a bulletin's absolute address -> its QR code
    site_dir: Path


@dataclass(frozen=True)
class Written:
    uris: tuple[str, ...]  # every file written, for the engine's files to be checked against
    pdfs: printing.PdfPlan | None  # the PDFs to publish (None: PDFs are off)


def write_outputs(job: OutputsJob) -> Written:
    """Write the print pages, feeds, redirect pages, CAP files, text-only site and the bulletin index
    (``/bulletins.json``) of ``job`` into its site folder (in a worker of the build's pool, or in the
    build's own process)."""
    settings, catalogue, bodies = job.settings, job.catalogue, job.bodies
    env = templates(settings, catalogue)
    writer = Writer(job.site_dir)
    printer = printing.PrintPages(settings, catalogue, bodies, env.get_template("print.html"),
                                  job.qr_codes.__getitem__)
    uris = []
    try:
        for output in chain(printer.outputs(),
                            feeds.outputs(settings, catalogue, bodies, env.get_template("redirect.html")),
                            index.outputs(settings, catalogue, bodies),  # /bulletins.json
                            cap.outputs(settings, catalogue, bodies),
                            textsite.outputs(settings, catalogue, bodies, env)):
            writer.write(output)
            uris.append(output.uri)
    except BaseException:
        writer.close(check=False)
        raise
    writer.close()
    return Written(tuple(uris), printer.plan)
