"""What one build needs to know besides the bulletins: paths, language, clock."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urljoin
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from .i18n import Translator

if TYPE_CHECKING:  # notify_settings reads fields, which reads this module
    from .notify_settings import NotifySettings


_EPOCH_RE = re.compile(r"\s*-?[0-9]{1,12}\s*\Z")
_FIRST_SECOND = int(datetime(1900, 1, 1, tzinfo=timezone.utc).timestamp())
_AFTER_LAST_SECOND = int(datetime(3000, 1, 1, tzinfo=timezone.utc).timestamp())


class ClockError(ValueError):
    """``SOURCE_DATE_EPOCH`` is set but is not a point in time; ``value`` is what it holds."""

    def __init__(self, value: str):
        super().__init__(value)
        self.value = value


def build_clock(environ: os._Environ | dict | None = None) -> datetime:
    """The build's "now": ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the real time.

    Raises ClockError when it is set to anything but a whole number of seconds in the years the
    bulletins may have (1900-2999).
    """
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        if not _EPOCH_RE.match(epoch) or not _FIRST_SECOND <= int(epoch) < _AFTER_LAST_SECOND:
            raise ClockError(epoch)
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
    # raw HTML a site allows in bodies beyond the defaults of sanitize.py: ((element, (attribute, …)), …)
    allow_html: tuple[tuple[str, tuple[str, ...]], ...] = ()
    allow_iframe_hosts: tuple[str, ...] = ()  # hosts whose https addresses an allowed iframe may show
    concurrency: int | None = None  # worker processes (None: one per core; 0: none, see concurrency.py)
    notify: NotifySettings | None = None  # e-mail to the topics' lists (`bulletins notify`, notify_settings.py)

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

    def local_date(self, moment: datetime) -> date:
        """The day ``moment`` falls on in the site's time zone."""
        return moment.astimezone(self.timezone).date()

    def written(self, moment: datetime, is_day: bool = True) -> str:
        """A moment as staff write it in front-matter, in the site's time zone: "2023-05-12", or
        "2023-05-12T15:30+02:00" when the author gave a time (``is_day`` false)."""
        local = moment.astimezone(self.timezone)
        return local.date().isoformat() if is_day else local.isoformat(timespec="minutes")

    def today(self) -> date:
        """The build clock's day in the site's time zone (what `bulletins new` dates a draft)."""
        return self.local_date(self.clock)

    @property
    def clock(self) -> datetime:
        return self.now or build_clock()

    def relative(self, path: Path) -> str:
        """``path`` as messages name it: relative to the project, with forward slashes."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()
