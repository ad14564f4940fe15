"""The QR code of each bulletin's online address, printed on its print page and PDF.

Codes are made with segno as small one-bit PNGs (Pillow) and kept between builds in one file of
the PDF cache folder; when many are missing, a worker of the build's pool makes them while the
engine renders the pages.
"""
from __future__ import annotations

import base64
import io
import json
from pathlib import Path

from . import concurrency
from .output import replace_whole
from .pdf import cache_error, cache_folder


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
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            replace_whole(self.path, json.dumps(codes, indent=0).encode("utf-8"))
        except OSError as error:
            raise cache_error(self.folder, error, self.settings) from None

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

    def get_all(self) -> dict[str, str]:
        """Every bulletin's code, by its address."""
        self.ready()
        return dict(self.codes)

    def forget(self) -> None:
        """Let go of the codes (they are kept in the file for the next build)."""
        self.codes = {}
        self.known = {}


def qr_codes(settings, urls: list[str], log, pool: concurrency.Pool | None = None) -> QrCodes:
    """Start making the QR codes of ``urls`` (called as soon as the catalogue is known), kept in
    the cache folder of the PDFs."""
    return QrCodes(cache_folder(settings), urls, settings, log, pool)
