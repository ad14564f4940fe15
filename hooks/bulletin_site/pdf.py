"""PDFs: the cache of rendered PDFs, and WeasyPrint's rendering of a print page (in a worker).

A PDF (``bulletins/<slug>/<slug>.pdf``) is WeasyPrint's rendering of the bulletin's print page:
A4, tagged (PDF/UA-1), fonts embedded, dated from the bulletin so that two builds give the same
bytes. PDFs are the expensive part of a build, so each one is cached on disk under a key that
hashes everything it is made from (print HTML, style sheet, the images it shows, fonts,
WeasyPrint's version); only misses are rendered, by the build's pool (``concurrency``).
WeasyPrint is imported only when a PDF has to be rendered.
"""
from __future__ import annotations

import builtins
import hashlib
import logging
import mimetypes
import os
import posixpath
import time
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urljoin, urlsplit

from . import concurrency, i18n, system
from .output import replace_whole

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


def cache_error(folder: Path, error: OSError, settings) -> PrintError:
    """A cache folder that cannot be read or written, worded for the person who can fix it."""
    return _cache_error(settings.relative(folder), error, settings.t)


def _cache_error(shown: str, error: OSError, t: i18n.Translator) -> PrintError:
    detail = error.strerror or str(error)
    return PrintError(f"{shown}: pdf_cache: {t('err.cache_unwritable', folder=shown, detail=detail)} — "
                      f"{t('fix.cache_unwritable')}")


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
    for path in system.EXTRA_FONTS:
        digest.update(path.encode() + b"\0" + file_digest(Path(path)).encode())
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
    replace_whole(folder / name, content)
    stale = time.time() - 60  # a partial file this old was left by a process that was killed
    for old in folder.iterdir():
        if old.name != name and (old.suffix == ".pdf" or old.suffix == ".part" and old.stat().st_mtime < stale):
            old.unlink(missing_ok=True)


def image_digests(body_html: str, bulletin_url: str, site_url: str,
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


def worker_lost(t: i18n.Translator, error: concurrency.WorkerLost) -> str:
    """The message of a build whose worker stopped in the middle of its work."""
    return f"mkdocs.yml: extra.bulletins.concurrency: {t('err.worker_lost', detail=error)} — {t('fix.worker_lost')}"


def _lost_worker_as_error(results: Iterator[PdfResult], t: i18n.Translator) -> Iterator[PdfResult]:
    try:
        yield from results
    except concurrency.WorkerLost as error:
        raise PrintError(worker_lost(t, error)) from None
