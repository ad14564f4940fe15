"""Print pages and PDFs: every bulletin as the official letter it is.

The print page (``bulletins/<slug>/print/``) is rendered from the body HTML
the engine already produced, with a light template of its own (no theme, no
navigation). The PDF (``bulletins/<slug>/<slug>.pdf``) is WeasyPrint's
rendering of that page: A4, tagged (PDF/UA-1), fonts embedded, dated from the
bulletin so that two builds give the same bytes.

PDFs are the expensive part of a build, so each one is cached on disk under a
key that hashes everything it is made from (print HTML, style sheet, the
images it shows, fonts, WeasyPrint's version); only misses are rendered, on
all cores. WeasyPrint is imported only when a PDF has to be rendered.
"""
from __future__ import annotations

import base64
import builtins
import hashlib
import io
import json
import logging
import mimetypes
import os
import posixpath
import time
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urljoin, urlsplit

import markupsafe

from . import concurrency, i18n, system
from .model import Bulletin
from .output import Output

STATIC = Path(__file__).parent / "static"
CSS_URI = "assets/bulletins/print.css"
# Bump when the way a PDF is rendered changes in a way the inputs below do not show.
RENDER_FORMAT = "1"


class PrintError(Exception):
    """The print outputs cannot be made on this machine or with this configuration."""


@dataclass(frozen=True)
class PdfJob:
    """What a worker needs to render one PDF; small enough to send to another process."""

    slug: str
    html: str
    base_url: str  # the print page's absolute URL
    folder: Path  # the bulletin's folder in the cache
    key: str  # the hash of everything the PDF is made from
    identifier: bytes
    site_url: str
    docs_dir: Path | None
    cache_shown: str  # the cache folder as messages name it
    language: str  # of messages


@dataclass(frozen=True)
class PdfResult:
    slug: str
    content: bytes | None  # only for a PDF WeasyPrint warned about, which is not cached
    seconds: float  # CPU time of the rendering process
    messages: tuple[str, ...]  # WeasyPrint's warnings and errors


# ---- print page ---------------------------------------------------------------------------

def css_string(text: str) -> str:
    """``text`` as a CSS string literal."""
    escaped = "".join(c if c.isprintable() and c not in '"\\' else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'


def page_counter_css(t: i18n.Translator) -> str:
    """CSS ``content`` for "Sida 1 av 3" in the site's language, with the counters in their place."""
    parts = []
    for piece in t("print.page_of", page="\0page\0", pages="\0pages\0").split("\0"):
        if piece in ("page", "pages"):
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


def qr_data_uri(url: str) -> str:
    """A QR code of ``url`` as a PNG data URI, eight pixels a module, no border.

    segno spends most of a code's cost scoring the eight mask patterns to pick the "best" one;
    every pattern is valid and decodes the same, so one is fixed (the checkerboard, mask 0).
    A one-bit PNG (Pillow) is under a kilobyte, a third of the same code as an SVG path, and far
    cheaper for WeasyPrint to draw. Eight pixels a module let viewers and printers scale it
    smoothly at any resolution (one pixel a module, smoothed or not, fails scanners on screen).
    """
    import segno  # only where codes are made: usually a second process (see QrCodes)
    from PIL import Image

    matrix = segno.make(url, error="m", micro=False, mask=0).matrix
    size = len(matrix)
    pixels = bytes(0 if dark else 255 for row in matrix for dark in row)
    image = Image.frombytes("1", (size, size), pixels, "raw", "L")
    png = io.BytesIO()
    image.resize((size * 8, size * 8), Image.Resampling.NEAREST).save(png, "PNG")
    return "data:image/png;base64," + base64.b64encode(png.getvalue()).decode("ascii")


PNG_URI = "data:image/png;base64,"


def make_codes(urls: list[str]) -> dict[str, str]:
    """The QR codes of ``urls`` (run by a worker of the build's pool)."""
    return {url: qr_data_uri(url) for url in urls}


def cache_error(folder: Path, error: OSError, settings) -> PrintError:
    """A cache folder that cannot be read or written, worded for the person who can fix it."""
    return _cache_error(settings.relative(folder), error, settings.t)


def _cache_error(shown: str, error: OSError, t: i18n.Translator) -> PrintError:
    detail = error.strerror or str(error)
    return PrintError(f"{shown}: pdf_cache: {t('err.cache_unwritable', folder=shown, detail=detail)} — "
                      f"{t('fix.cache_unwritable')}")


class QrCodes:
    """The QR codes of every bulletin's address, kept between builds in one file.

    The file maps each address to its code, oldest first, for every site address a build has
    used (``mkdocs serve`` and ``mkdocs build`` have different ones and keep each other's codes);
    beyond ``KEEP`` codes (or three times the bulletins of this build), the oldest are dropped. A file
    that is not such a mapping is discarded, with a line in the log. When many codes are missing
    and the build has workers, one of them makes the codes while the engine renders the pages.
    """

    AHEAD = 64  # with fewer missing codes than this, they are made where they are asked for
    KEEP = 4000
    NAME = "qr-codes-png.json"

    def __init__(self, folder: Path, urls: list[str], settings, log, pool: concurrency.Pool | None = None):
        self.folder = folder
        self.path = folder / self.NAME
        self.urls = urls
        self.settings = settings
        self.log = log
        self.known = self._load()
        self.codes: dict[str, str] | None = None
        self.pending = None
        missing = [url for url in urls if url not in self.known]
        if pool is not None and pool.parallel and len(missing) >= self.AHEAD:
            self.pending = pool.submit(make_codes, missing)

    def _load(self) -> dict[str, str]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except UnicodeDecodeError:
            text = ""
        except OSError as error:
            raise cache_error(self.folder, error, self.settings) from None
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if isinstance(data, dict) and all(isinstance(k, str) and isinstance(v, str) and v.startswith(PNG_URI)
                                          for k, v in data.items()):
            return data
        self.log.info(self.settings.t("print.qr_cache_discarded", path=self.settings.relative(self.path)))
        return {}

    def _save(self, codes: dict[str, str]) -> None:
        partial = self.path.with_suffix(f".{os.getpid()}.part")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial.write_text(json.dumps(codes, indent=0), encoding="utf-8")
            os.replace(partial, self.path)
        except OSError as error:
            raise cache_error(self.folder, error, self.settings) from None
        finally:
            partial.unlink(missing_ok=True)

    def ready(self) -> None:
        """Have every code of this build, saving the file if any was made."""
        if self.codes is not None:
            return
        made: dict[str, str] = {}
        if self.pending is not None:
            try:
                made = concurrency.result(self.pending)
            except concurrency.WorkerLost:  # the codes are made here instead
                pass
            self.pending = None
        known = self.known
        new = {url: made.get(url) or qr_data_uri(url) for url in self.urls if url not in known}
        self.codes = {url: known.get(url) or new[url] for url in self.urls}
        if new:
            kept = {**known, **new}
            limit = max(self.KEEP, 3 * len(self.urls))
            ours = set(self.urls)
            for url in list(kept):
                if len(kept) <= limit:
                    break
                if url not in ours:
                    del kept[url]
            self._save(kept)
        self.known = {}

    def get(self, url: str) -> str:
        self.ready()
        return self.codes[url]

    def forget(self) -> None:
        """Let go of the codes (they are kept in the file for the next build)."""
        self.codes = {}
        self.known = {}


def qr_codes(build, pool: concurrency.Pool | None = None) -> QrCodes:
    """Start making the QR codes of a build's bulletins (called as soon as the catalogue is known)."""
    settings = build.settings
    return QrCodes(cache_folder(settings), [settings.absolute(b.url) for b in build.catalogue.bulletins],
                   settings, build.log, pool)


class _Images(HTMLParser):
    """The ``src`` of every <img> in a document."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.sources.extend(v for k, v in attrs if k == "src" and v)


def local_file(url: str, site_url: str, docs_dir: Path | None) -> Path | None:
    """The file behind a URL of this site that a PDF may embed: our print style sheet or a file in docs/."""
    if not url.startswith(site_url):
        return None
    path = posixpath.normpath(unquote(urlsplit(url[len(site_url):]).path)).lstrip("/")
    if path == CSS_URI:
        return STATIC / "print.css"
    if docs_dir is None or path.startswith(".."):
        return None
    candidate = docs_dir / path
    return candidate if candidate.is_file() else None


class PrintRenderer:
    """Renders the print pages of one build and decides which PDFs must be rendered again."""

    def __init__(self, build):
        self.build = build
        self.settings = settings = build.settings
        self.t = settings.t
        self.site_url = settings.base_url
        self.template = build.renderer.env.get_template("print.html")
        self.css = (STATIC / "print.css").read_bytes()
        self.page_css = markupsafe.Markup(
            "@page { @bottom-right { content: %s; } }" % page_counter_css(self.t))
        self.logo = self._logo()

    def _logo(self) -> str | None:
        logo = self.settings.logo
        if not logo:
            return None
        docs = self.settings.docs_dir
        if docs is None or not (docs / logo).is_file():
            where = self.settings.relative(docs) + "/" if docs else "docs/"
            raise PrintError(f"mkdocs.yml: extra.bulletins.logo: "
                             f"{self.t('err.logo_missing', logo=logo, docs=where)} — "
                             f"{self.t('fix.logo_missing', docs=where)}")
        return logo

    def page(self, bulletin: Bulletin, body_html: str) -> str:
        """The print page of ``bulletin``; its relative URLs resolve against the bulletin page (``<base>``)."""
        catalogue = self.build.catalogue
        now = catalogue.now
        by_slug = catalogue.by_slug
        url = self.settings.absolute(bulletin.url)
        from_bulletin = lambda to: posixpath.relpath(to, bulletin.url)  # noqa: E731
        return self.template.render(
            b=bulletin, t=self.t, settings=self.settings, body_html=markupsafe.Markup(body_html),
            online_url=url, qr=self.build.qr_codes.get(url), page_css=self.page_css,
            css_href=from_bulletin(CSS_URI),
            logo_src=from_bulletin(self.logo) if self.logo else None,
            status=bulletin.status(now), expired=bulletin.is_expired(now),
            replaced_by=by_slug.get(bulletin.replaced_by) if bulletin.replaced_by else None,
            replaces=by_slug.get(bulletin.replaces) if bulletin.replaces else None,
            absolute=lambda b: self.settings.absolute(b.url),
        )


# ---- PDF cache ----------------------------------------------------------------------------

def cache_folder(settings) -> Path:
    return settings.pdf_cache or settings.root / ".cache" / "pdf"


@lru_cache(maxsize=64)
def _file_digest(path: Path, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_digest(path: Path) -> str:
    stat = path.stat()
    return _file_digest(path, stat.st_mtime_ns, stat.st_size)


def fonts_digest(t: i18n.Translator) -> str:
    problems = system.pdf_problems(t)
    if problems:
        raise PrintError(str(problems[0]))
    digest = hashlib.sha256()
    for name in system.FONTS:
        digest.update(name.encode() + b"\0" + file_digest(system.FONT_DIR / name).encode())
    return digest.hexdigest()


def renderer_version() -> str:
    return f"weasyprint {metadata.version('weasyprint')}, pydyf {metadata.version('pydyf')}"


class PdfCache:
    """PDFs on disk, one folder per bulletin, each file named after the hash of its inputs and
    the SHA-256 of its own bytes: ``<slug>/<key>.<sha256>.pdf``. A file whose bytes do not match
    its name (cut short, overwritten) is never published: it is deleted and rendered again."""

    def __init__(self, folder: Path, inputs: bytes):
        self.folder = folder
        self.inputs = inputs  # what every PDF of this build shares: fonts, CSS, renderer

    def key(self, html: str, images: list[tuple[str, str]]) -> str:
        digest = hashlib.sha256(self.inputs)
        digest.update(html.encode("utf-8"))
        for url, file_hash in images:
            digest.update(b"\0" + url.encode() + b"\0" + file_hash.encode())
        return digest.hexdigest()[:32]

    def get(self, slug: str, key: str) -> bytes | None:
        """The cached PDF of ``slug`` made from ``key``, if it is there and whole."""
        try:
            names = os.listdir(self.folder / slug)
        except (FileNotFoundError, NotADirectoryError):
            return None
        for name in names:
            parts = name.split(".")
            if len(parts) != 3 or parts[0] != key or parts[2] != "pdf":
                continue
            path = self.folder / slug / name
            try:
                content = path.read_bytes()
            except OSError:
                continue
            if hashlib.sha256(content).hexdigest() == parts[1]:
                return content
            path.unlink(missing_ok=True)
        return None


def store_pdf(folder: Path, key: str, content: bytes) -> None:
    """Keep ``content`` as the one PDF of a bulletin's cache ``folder``, written atomically; older
    versions go, and so do partial files left by killed workers."""
    name = f"{key}.{hashlib.sha256(content).hexdigest()}.pdf"
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f"{key}.{os.getpid()}.part"
    try:
        partial.write_bytes(content)
        os.replace(partial, folder / name)
    finally:
        partial.unlink(missing_ok=True)
    stale = time.time() - 60  # a partial file this old was left by a process that was killed
    for old in folder.iterdir():
        if old.name != name and (old.suffix == ".pdf" or old.suffix == ".part" and old.stat().st_mtime < stale):
            old.unlink(missing_ok=True)


def _image_digests(body_html: str, bulletin_url: str, site_url: str,
                   docs_dir: Path | None) -> list[tuple[str, str]]:
    """The images of a bulletin's body (by absolute URL) with a hash of each file they show.

    (The logo is in the key of every PDF; the QR code is a data URI, so it is in the HTML.)
    """
    if "<img" not in body_html:
        return []
    parser = _Images()
    parser.feed(body_html)
    found = []
    for source in parser.sources:
        if source.startswith("data:"):
            continue  # inside the HTML, so already in the key
        url = urljoin(bulletin_url, source)
        path = local_file(url, site_url, docs_dir)
        found.append((url, file_digest(path) if path else "-"))
    return found


# ---- PDF rendering (runs in worker processes) ---------------------------------------------

def load_weasyprint(t: i18n.Translator):
    """Import WeasyPrint, or say what this machine lacks for it."""
    try:
        import weasyprint  # noqa: PLC0415  (only when PDFs are on and one must be rendered)
    except OSError as error:
        problems = system.pdf_problems(t)
        if problems:
            raise PrintError(str(problems[0])) from None
        raise PrintError(f"mkdocs.yml: extra.bulletins.pdf: WeasyPrint: {str(error).splitlines()[0]}") from None
    return weasyprint


def _number_table_headers(tags_module) -> None:
    """Make WeasyPrint's tag tree reproducible.

    WeasyPrint 66 names table header cells in the PDF's structure tree with ``id(box)``, a memory
    address that differs from run to run, so a bulletin with a table would give different bytes
    in every build. Its ``tags`` module looks ``id`` up in its own globals first: give it a
    numbering in document order instead (a fresh one per document).
    """
    numbers: dict[int, int] = {}
    tags_module.id = lambda obj: numbers.setdefault(builtins.id(obj), len(numbers) + 1)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@lru_cache(maxsize=1)
def _shared_resources(css: bytes):
    """What every PDF a process renders can share: the fonts found once, the style sheet parsed once.

    (Per document, WeasyPrint would load its font configuration and parse print.css again:
    together a third of the time of a one-page PDF.)
    """
    from weasyprint import CSS  # noqa: PLC0415
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415

    fonts = FontConfiguration()
    return fonts, CSS(string=css.decode("utf-8"), font_config=fonts)


def render_pdf(job: PdfJob) -> PdfResult:
    """Render one PDF into the cache (in a worker of the build's pool, or in the build's own process)."""
    import weasyprint  # noqa: PLC0415  (only where PDFs are rendered)
    from weasyprint.pdf import tags  # noqa: PLC0415

    started = time.process_time()

    def fetch(url, timeout=10, ssl_context=None):
        if url.startswith("data:"):
            return weasyprint.default_url_fetcher(url)
        if url == job.site_url + CSS_URI:  # already parsed: given as a style sheet below
            return {"string": b"", "mime_type": "text/css", "redirected_url": url}
        path = local_file(url, job.site_url, job.docs_dir)
        if path is None:
            raise ValueError(f"not embedded in the PDF (only files of this site are): {url}")
        return {"string": path.read_bytes(), "mime_type": mimetypes.guess_type(path.name)[0],
                "redirected_url": url}

    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    propagate, logger.propagate = logger.propagate, False
    try:
        _number_table_headers(tags)
        fonts, css = _shared_resources((STATIC / "print.css").read_bytes())
        document = weasyprint.HTML(string=job.html, base_url=job.base_url, url_fetcher=fetch)
        content = document.write_pdf(font_config=fonts, stylesheets=[css], pdf_variant="pdf/ua-1",
                                     pdf_identifier=job.identifier, uncompressed_pdf=False)
    except (OSError, ValueError, TypeError, AttributeError, IndexError, KeyError) as error:
        raise PrintError(f"bulletins/{job.slug}/{job.slug}.pdf: WeasyPrint: {error!r}") from error
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    seconds = time.process_time() - started
    if collect.messages:  # published but not cached: the next build says why again
        return PdfResult(job.slug, content, seconds, tuple(collect.messages))
    try:  # kept in the cache by the worker, so that the build does not hold every PDF at once
        store_pdf(job.folder, job.key, content)
    except OSError as error:
        raise _cache_error(job.cache_shown, error, i18n.Translator(job.language)) from None
    return PdfResult(job.slug, None, seconds, ())


def render_all(jobs: list[PdfJob], t: i18n.Translator, pool: concurrency.Pool) -> Iterator[PdfResult]:
    """Render the PDFs of ``jobs`` by the build's pool (in this process when it has no workers),
    in the order of ``jobs``."""
    if not jobs:
        return iter(())
    load_weasyprint(t)
    workers = max(1, pool.workers)
    results = pool.map(render_pdf, jobs, chunksize=max(1, min(4, len(jobs) // (workers * 4))))
    return _lost_worker_as_error(results, t)


def _lost_worker_as_error(results: Iterator[PdfResult], t: i18n.Translator) -> Iterator[PdfResult]:
    try:
        yield from results
    except concurrency.WorkerLost as error:
        raise PrintError(f"mkdocs.yml: extra.bulletins.pdf: {t('err.pdf_worker_lost', detail=error)} — "
                         f"{t('fix.pdf_worker_lost')}") from None


# ---- outputs ------------------------------------------------------------------------------

class PrintOutputs:
    """The print outputs of one build: the print pages first, whose PDFs the workers start on as
    the pages are made (``pages``), then the PDFs, from the cache where whole (``pdfs``)."""

    BATCH = 32  # PDF jobs handed to the workers together, as soon as their print pages are made

    def __init__(self, build, pool: concurrency.Pool):
        self.build = build
        self.pool = pool
        self._pdfs: list[tuple[Bulletin, str]] = []  # each bulletin with its PDF's key
        self._batch: list[PdfJob] = []  # the jobs not handed to the workers yet
        self._rendering = 0  # PDFs handed to the workers
        self._batches: list[Iterator[PdfResult]] = []  # the results of the jobs, batch by batch
        self._started = time.perf_counter()
        self._cache: PdfCache | None = None

    def pages(self) -> Iterator[Output]:
        """The print page of every bulletin the engine rendered, and the print style sheet."""
        build = self.build
        settings = build.settings
        bulletins = [b for b in build.catalogue.bulletins if b.slug in build.bodies]
        if not bulletins:
            return
        printer = PrintRenderer(build)
        yield Output(CSS_URI, content=printer.css)
        cache = None
        if settings.pdf:
            logo = file_digest(settings.docs_dir / printer.logo) if printer.logo else "-"
            shared = "\0".join((RENDER_FORMAT, renderer_version(), fonts_digest(settings.t),
                                hashlib.sha256(printer.css).hexdigest(), logo))
            cache = self._cache = PdfCache(cache_folder(settings), shared.encode())
        for b in bulletins:
            html = printer.page(b, build.bodies[b.slug])
            yield Output(b.print_url + "index.html", content=html.encode("utf-8"))
            if cache is None:
                continue
            address = settings.absolute(b.url)
            images = _image_digests(build.bodies[b.slug], address, printer.site_url, settings.docs_dir)
            key = cache.key(html, images)
            self._pdfs.append((b, key))
            if cache.get(b.slug, key) is None:
                self._batch.append(PdfJob(b.slug, html, address + "print/", cache.folder / b.slug, key,
                                          key.encode(), printer.site_url, settings.docs_dir,
                                          settings.relative(cache.folder), settings.language))
                if len(self._batch) == self.BATCH:  # the workers start on them at once
                    self._hand_over()
        build.qr_codes.forget()
        self._hand_over()

    def _hand_over(self) -> None:
        if self._batch:
            self._batches.append(render_all(self._batch, self.build.settings.t, self.pool))
            self._rendering += len(self._batch)
            self._batch = []

    def pdfs(self) -> Iterator[Output]:
        """Every PDF, from the cache where it is whole (those just rendered included)."""
        cache = self._cache
        if cache is None:
            return
        settings, log = self.build.settings, self.build.log
        rendered = self._rendering
        cpu = 0.0
        uncached: dict[str, bytes] = {}
        for result in chain.from_iterable(self._batches):
            cpu += result.seconds
            log.debug(f"PDF rendered: bulletins/{result.slug}/{result.slug}.pdf ({result.seconds:.2f} s CPU)")
            for message in result.messages:
                log.warning(f"bulletins/{result.slug}/{result.slug}.pdf: WeasyPrint: {message}")
            if result.content is not None:
                uncached[result.slug] = result.content
        if rendered:
            wall = time.perf_counter() - self._started
            log.info(f"PDFs: {rendered} rendered in {wall:.1f} s ({cpu / rendered:.2f} s CPU each), "
                     f"{len(self._pdfs) - rendered} from the cache in {settings.relative(cache.folder)}")
        for b, key in self._pdfs:
            content = uncached.pop(b.slug, None) or cache.get(b.slug, key)
            if content is None:  # removed or changed in the cache since the print pages were made
                raise cache_error(cache.folder / b.slug, FileNotFoundError(2, "No such file or directory"),
                                  settings)
            yield Output(b.pdf_url, content=content)
