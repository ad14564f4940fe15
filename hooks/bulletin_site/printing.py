"""Print pages: every bulletin as the official letter it is, and the PDFs made of them.

The print page (``bulletins/<slug>/print/``) is rendered from the body HTML
the engine already produced, with a light template of its own (no theme, no
navigation), the QR code of the online address (``qr``) and the site's logo.
``PrintPages`` makes the print pages of a build and decides which PDFs the
cache (``pdf``) does not hold whole (a ``PdfPlan``); ``PdfOutputs`` has the
build's pool render those and gives every PDF.

Everything here is a function of what it is given (settings, the catalogue,
the bodies, the ``print.html`` template, the QR codes; the PDFs: the plan, the pool, a logger).
"""
from __future__ import annotations

import hashlib
import logging
import posixpath
import time
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Callable, Iterator, Mapping

import jinja2
import markupsafe

from . import concurrency, i18n
from .model import Bulletin, Catalogue, NoticeKind
from .output import Output
from .pdf import (CSS_URI, RENDER_FORMAT, STATIC, PdfCache, PdfJob, PdfResult, PrintError,
                  cache_error, cache_folder, file_digest, fonts_digest, image_digests, render_all,
                  renderer_version)
from .settings import Settings

__all__ = ["CSS_URI", "PdfOutputs", "PdfPlan", "PrintError", "PrintPages", "PrintRenderer",
           "page_counter_css"]


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


class PrintRenderer:
    """Renders the print pages of one build from the ``print.html`` template.

    ``qr_code(url)`` gives the QR code (a PNG data URI) of a bulletin's absolute address.
    """

    def __init__(self, settings: Settings, catalogue: Catalogue, template: jinja2.Template,
                 qr_code: Callable[[str], str]):
        self.settings = settings
        self.catalogue = catalogue
        self.t = settings.t
        self.site_url = settings.base_url
        self.template = template
        self.qr_code = qr_code
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
        catalogue = self.catalogue
        url = self.settings.absolute(bulletin.url)
        from_bulletin = lambda to: posixpath.relpath(to, bulletin.url)  # noqa: E731
        return self.template.render(
            b=bulletin, t=self.t, settings=self.settings, body_html=markupsafe.Markup(body_html),
            online_url=url, qr=self.qr_code(url), page_css=self.page_css,
            css_href=from_bulletin(CSS_URI),
            logo_src=from_bulletin(self.logo) if self.logo else None,
            notices=catalogue.notices(bulletin), Notice=NoticeKind,
            absolute=lambda b: self.settings.absolute(b.url),
        )


# ---- outputs ------------------------------------------------------------------------------

@dataclass(frozen=True)
class PdfPlan:
    """What the print pages decided about the PDFs: small enough to send to another process.

    ``items``: each bulletin's slug, PDF address and cache key, in the catalogue's order;
    ``jobs``: the PDFs the cache does not hold whole, to render."""

    folder: Path
    inputs: bytes
    items: tuple[tuple[str, str, str], ...]
    jobs: tuple[PdfJob, ...]


class PrintPages:
    """The print pages of one build, and (``plan``, once they are made) which PDFs to render.

    A function of what it is given, so that a worker can make the pages while the engine renders
    the site's other pages."""

    def __init__(self, settings: Settings, catalogue: Catalogue, bodies: Mapping[str, str],
                 template: jinja2.Template, qr_code: Callable[[str], str]):
        self.settings = settings
        self.catalogue = catalogue
        self.bodies = bodies  # slug -> body HTML; a bulletin without one gets no print page
        self.template = template  # print.html
        self.qr_code = qr_code  # absolute address -> its QR code (see PrintRenderer)
        self.plan: PdfPlan | None = None

    def outputs(self) -> Iterator[Output]:
        """The print page of every bulletin the engine rendered, and the print style sheet."""
        settings, bodies = self.settings, self.bodies
        bulletins = [b for b in self.catalogue.bulletins if b.slug in bodies]
        if not bulletins:
            return
        printer = PrintRenderer(settings, self.catalogue, self.template, self.qr_code)
        yield Output(CSS_URI, content=printer.css)
        cache = None
        if settings.pdf:
            logo = file_digest(settings.docs_dir / printer.logo) if printer.logo else "-"
            shared = "\0".join((RENDER_FORMAT, renderer_version(), fonts_digest(settings.t),
                                hashlib.sha256(printer.css).hexdigest(), logo))
            cache = PdfCache(cache_folder(settings), shared.encode())
        items: list[tuple[str, str, str]] = []
        jobs: list[PdfJob] = []
        for b in bulletins:
            html = printer.page(b, bodies[b.slug])
            yield Output(b.print_url + "index.html", content=html.encode("utf-8"))
            if cache is None:
                continue
            address = settings.absolute(b.url)
            images = image_digests(bodies[b.slug], address, printer.site_url, settings.docs_dir)
            key = cache.key(html, images)
            items.append((b.slug, b.pdf_url, key))
            if cache.get(b.slug, key) is None:
                jobs.append(PdfJob(b.slug, html, address + "print/", cache.folder / b.slug, key,
                                   key.encode(), printer.site_url, settings.docs_dir,
                                   settings.relative(cache.folder), settings.language))
        if cache is not None:
            self.plan = PdfPlan(cache.folder, cache.inputs, tuple(items), tuple(jobs))


class PdfOutputs:
    """The PDFs of one build: rendered by the build's pool as soon as ``start`` is called, then
    (``outputs``) every PDF, from the cache where it is whole (those just rendered included)."""

    BATCH = 32  # PDF jobs handed to the workers together

    def __init__(self, settings: Settings, plan: PdfPlan, pool: concurrency.Pool, log: logging.Logger):
        self.settings = settings
        self.plan = plan
        self.pool = pool
        self.log = log
        self._batches: list[Iterator[PdfResult]] = []  # the results of the jobs, batch by batch
        self._started = time.perf_counter()

    def start(self) -> None:
        jobs = self.plan.jobs
        for first in range(0, len(jobs), self.BATCH):
            self._batches.append(render_all(list(jobs[first:first + self.BATCH]), self.settings.t, self.pool))

    def outputs(self) -> Iterator[Output]:
        settings, log, plan = self.settings, self.log, self.plan
        cache = PdfCache(plan.folder, plan.inputs)
        rendered = len(plan.jobs)
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
                     f"{len(plan.items) - rendered} from the cache in {settings.relative(cache.folder)}")
        for slug, uri, key in plan.items:
            content = uncached.pop(slug, None) or cache.get(slug, key)
            if content is None:  # removed or changed in the cache since the print pages were made
                raise cache_error(cache.folder / slug, FileNotFoundError(2, "No such file or directory"),
                                  settings)
            yield Output(uri, content=content)
