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
import gc
import hashlib
import io
import json
import logging
import mimetypes
import os
import posixpath
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from importlib import metadata
from multiprocessing import get_context
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urljoin, urlsplit

import markupsafe

from . import i18n, system
from .model import Bulletin
from .output import Output

STATIC = Path(__file__).parent / "static"
CSS_URI = "assets/bulletins/print.css"
# Bump when the way a PDF is rendered changes in a way the inputs below do not show.
RENDER_FORMAT = "1"

i18n.register({
    "print.online": {"sv": "Den senaste versionen av meddelandet finns på",
                     "en": "The latest version of this bulletin is at"},
    "print.qr_alt": {"sv": "QR-kod med adressen {url}", "en": "QR code of the address {url}"},
    "print.page_of": {"sv": "Sida {page} av {pages}", "en": "Page {page} of {pages}"},
    "print.logo_alt": {"sv": "{organisation}s logotyp", "en": "{organisation} logo"},
    "err.logo_missing": {"sv": "logotypen '{logo}' finns inte i {docs}",
                         "en": "the logo '{logo}' is not in {docs}"},
    "fix.logo_missing": {"sv": "lägg bilden i {docs} eller rätta sökvägen",
                         "en": "put the image in {docs} or correct the path"},
})


class PrintError(Exception):
    """The print outputs cannot be made on this machine or with this configuration."""


@dataclass(frozen=True)
class PdfJob:
    """What a worker needs to render one PDF; small enough to send to another process."""

    slug: str
    html: str
    base_url: str  # the print page's absolute URL
    target: Path  # the cache file to write
    identifier: bytes
    site_url: str
    docs_dir: Path | None


@dataclass(frozen=True)
class PdfResult:
    slug: str
    path: Path
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


def _load_codes(path: Path) -> dict[str, str]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save_codes(path: Path, codes: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.part")
    partial.write_text(json.dumps(codes, sort_keys=True, indent=0), encoding="utf-8")
    os.replace(partial, path)


def _complete_codes(path: Path, urls: list[str]) -> dict[str, str]:
    """The codes of ``urls``: those the file has, the others made now; the file keeps exactly these."""
    known = _load_codes(path)
    codes = {url: known.get(url) or qr_data_uri(url) for url in urls}
    if codes != known:
        _save_codes(path, codes)
    return codes


def _update_codes(path: Path, urls: list[str]) -> None:
    _complete_codes(path, urls)  # in another process: the codes stay in the file, not sent back


class QrCodes:
    """The QR codes of every bulletin's address, kept between builds in one file.

    A build with many bulletins brings that file up to date in another process, started as soon
    as the catalogue is known, so the codes cost no time while the engine renders the pages; the
    codes are read only where the print pages are made (see ``SiteBuild.start_outputs``), so the
    engine's process never holds them.
    """

    AHEAD = 64  # with fewer bulletins than this, missing codes are made where they are asked for

    def __init__(self, folder: Path, urls: list[str]):
        self.path = folder / "qr-codes-png.json"
        self.urls = urls
        self.codes: dict[str, str] | None = None
        self.pool = self.pending = None
        if len(urls) >= self.AHEAD and (os.cpu_count() or 1) > 1:
            self.pool = ProcessPoolExecutor(1, mp_context=get_context("fork"))
            self.pending = self.pool.submit(_update_codes, self.path, urls)

    def ready(self) -> None:
        """Wait until the file is up to date (the codes made in another process are in it)."""
        if self.pending is not None:
            pending, pool, self.pending, self.pool = self.pending, self.pool, None, None
            try:
                pending.result()
            finally:
                pool.shutdown()

    def get(self, url: str) -> str:
        if self.codes is None:
            self.ready()
            self.codes = _complete_codes(self.path, self.urls)
        return self.codes[url]

    def forget(self) -> None:
        """Let go of the codes (they are kept in the file for the next build)."""
        self.codes = None


def qr_codes(build) -> QrCodes:
    """Start making the QR codes of a build's bulletins (called as soon as the catalogue is known)."""
    settings = build.settings
    return QrCodes(cache_folder(settings), [settings.absolute(b.url) for b in build.catalogue.bulletins])


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
    """PDFs on disk, one folder per bulletin, each file named after the hash of its inputs."""

    def __init__(self, folder: Path, inputs: bytes):
        self.folder = folder
        self.inputs = inputs  # what every PDF of this build shares: fonts, CSS, renderer

    def key(self, html: str, images: list[tuple[str, str]]) -> str:
        digest = hashlib.sha256(self.inputs)
        digest.update(html.encode("utf-8"))
        for url, file_hash in images:
            digest.update(b"\0" + url.encode() + b"\0" + file_hash.encode())
        return digest.hexdigest()[:32]

    def path(self, slug: str, key: str) -> Path:
        return self.folder / slug / f"{key}.pdf"


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
    """Render one PDF into the cache (atomically) and drop older versions of the same bulletin."""
    import weasyprint  # noqa: PLC0415  (imported by the parent before the workers start)
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
        job.target.parent.mkdir(parents=True, exist_ok=True)
        partial = job.target.with_suffix(f".{os.getpid()}.part")
        document.write_pdf(partial, font_config=fonts, stylesheets=[css], pdf_variant="pdf/ua-1",
                           pdf_identifier=job.identifier, uncompressed_pdf=False)
    except (OSError, ValueError, TypeError, AttributeError, IndexError, KeyError) as error:
        raise PrintError(f"bulletins/{job.slug}/{job.slug}.pdf: WeasyPrint: {error!r}") from error
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    # a PDF WeasyPrint complained about is published but not cached: the next build says why again
    path = job.target.with_suffix(".uncached.pdf") if collect.messages else job.target
    os.replace(partial, path)
    for old in job.target.parent.glob("*.pdf"):
        if old != path:
            old.unlink(missing_ok=True)
    return PdfResult(job.slug, path, time.process_time() - started, tuple(collect.messages))


def render_all(jobs: list[PdfJob], t: i18n.Translator) -> Iterator[PdfResult]:
    """Render the PDFs of ``jobs`` on all cores (in this process when there is only one)."""
    if not jobs:
        return
    load_weasyprint(t)
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers == 1:
        yield from map(render_pdf, jobs)
        return
    # fork: the workers inherit WeasyPrint already imported, and this package, which the engine
    # may have put on sys.path only while it imported its hooks; and, frozen, everything else
    # this process holds, which their collectors then need not walk for every PDF
    gc.freeze()
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        yield from pool.map(render_pdf, jobs, chunksize=max(1, min(8, len(jobs) // (workers * 4))))


# ---- outputs ------------------------------------------------------------------------------

def outputs(build) -> Iterator[Output]:
    """The print page of every bulletin the engine rendered, the print style sheet and, with PDFs on, the PDFs."""
    settings = build.settings
    log = build.log
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
        cache = PdfCache(cache_folder(settings), shared.encode())
    jobs: list[PdfJob] = []
    pdfs: list[tuple[Bulletin, Path]] = []
    for b in bulletins:
        html = printer.page(b, build.bodies[b.slug])
        yield Output(b.print_url + "index.html", content=html.encode("utf-8"))
        if cache is None:
            continue
        address = settings.absolute(b.url)
        images = _image_digests(build.bodies[b.slug], address, printer.site_url, settings.docs_dir)
        key = cache.key(html, images)
        target = cache.path(b.slug, key)
        pdfs.append((b, target))
        if not target.is_file():
            jobs.append(PdfJob(b.slug, html, address + "print/", target, key.encode(),
                               printer.site_url, settings.docs_dir))
    build.qr_codes.forget()
    if cache is None:
        return
    started = time.perf_counter()
    cpu = 0.0
    rendered: dict[str, Path] = {}
    for result in render_all(jobs, settings.t):
        rendered[result.slug] = result.path
        cpu += result.seconds
        log.debug(f"PDF rendered: bulletins/{result.slug}/{result.slug}.pdf ({result.seconds:.2f} s CPU)")
        for message in result.messages:
            log.warning(f"bulletins/{result.slug}/{result.slug}.pdf: WeasyPrint: {message}")
    if jobs:
        wall = time.perf_counter() - started
        log.info(f"PDFs: {len(jobs)} rendered in {wall:.1f} s ({cpu / len(jobs):.2f} s CPU each), "
                 f"{len(pdfs) - len(jobs)} from the cache in {settings.relative(cache.folder)}")
    for b, target in pdfs:
        yield Output(b.pdf_url, path=rendered.get(b.slug, target))
