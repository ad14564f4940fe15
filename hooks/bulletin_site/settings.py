"""What one build needs to know besides the bulletins: paths, language, clock."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urljoin
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from .i18n import Translator


def build_clock(environ: os._Environ | dict | None = None) -> datetime:
    """The build's "now": ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the real time."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(tz=timezone.utc)


@dataclass(frozen=True)
class Settings:
    root: Path  # the project folder (where mkdocs.yml is); messages name files relative to it
    source_dir: Path  # the bulletins folder
    language: str = "sv"
    timezone: ZoneInfo = ZoneInfo("Europe/Stockholm")
    site_url: str | None = None
    site_name: str = ""
    organisation: str = ""
    logo: str | None = None  # path of an image under docs/, shown on print pages
    now: datetime | None = None
    preview: bool = False  # mkdocs serve: drafts and scheduled bulletins are shown, marked
    home_count: int = 10
    page_size: int = 50  # bulletins per topic or archive page
    feed_size: int = 50
    pdf: bool = True
    pdf_cache: Path | None = None  # the folder of cached PDFs (default: .cache/pdf under root)
    docs_dir: Path | None = None  # the site's docs/ folder: print pages and PDFs show its images
    accessibility_contact: str | None = None  # e-mail address for the accessibility statement
    concurrency: int | None = None  # worker processes (None: one per core; 0: none, see concurrency.py)

    @cached_property
    def t(self) -> Translator:
        return Translator(self.language)

    @cached_property
    def base_url(self) -> str:
        """``site_url`` ending in '/', so that site-relative URLs join onto it."""
        url = self.site_url or ""
        return url if url.endswith("/") else url + "/"

    def absolute(self, url: str) -> str:
        """The absolute address of a site-relative URL (feeds, printouts, QR codes)."""
        return urljoin(self.base_url, url)

    def day(self, moment: datetime) -> str:
        """A moment as a date in the site's language and time zone ("12 maj 2020")."""
        return self.t.date(moment.astimezone(self.timezone))

    @property
    def clock(self) -> datetime:
        return self.now or build_clock()

    def relative(self, path: Path) -> str:
        """``path`` as messages name it: relative to the project, with forward slashes."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()
