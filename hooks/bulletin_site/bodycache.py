"""The bodies of the last build, kept for the next: a bulletin's Markdown turned into HTML once.

Turning a bulletin's Markdown into HTML is the largest part of a build's work that the build
repeats unchanged: a rebuild, or a preview after one edit, converts thousands of bodies that did
not change. The engine's adapter asks here first (``get``) with a key made of everything the
conversion reads (``key``: the Markdown, the page's address, the Markdown extensions and their
settings, the versions of the libraries); a body that is not here is converted as usual and
offered (``put``), and kept if it does not depend on other pages (no relative link or image:
the engine checks and rewrites those against the site's files). What is kept is whatever the
engine needs of a conversion, as JSON.

The bodies are an SQLite database in the cache folder (``.cache/pdf/bodies.sqlite``): looked up
one by one, written in one transaction at the end of a build that succeeded (``finish``), with
the bodies this build did not use dropped. A file that cannot be read as a database (cut short,
damaged) is removed with an info line and made again; one that cannot be opened or written
(locked, read-only, a full disk) only makes the build convert every body.
"""
from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from pathlib import Path

from .i18n import Translator

NAME = "bodies.sqlite"
FORMAT = "1"  # of the database and of the key
_LINKS = re.compile(r"""\s(?:href|src|srcset|action|poster|data)\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)
_ABSOLUTE = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # https:, mailto:, tel:, …


def key(*parts: str) -> str:
    """The key of a conversion: a SHA-256 of its inputs, in order."""
    digest = hashlib.sha256(FORMAT.encode())
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def depends_on_other_pages(html: str) -> bool:
    """Whether ``html`` holds a link or image address that is not absolute (the engine resolves,
    checks and rewrites those against the site's other files)."""
    return any(not _ABSOLUTE.match(address) for address in _LINKS.findall(html))


class BodyCache:
    """Bodies by key, from the last build; see the module's docstring."""

    def __init__(self, folder: Path, t: Translator, log, shown: str | None = None):
        self.path = folder / NAME
        self.t, self.log = t, log
        self.shown = shown or str(self.path)
        self.used: set[str] = set()
        self.new: dict[str, str] = {}
        self._db: sqlite3.Connection | None = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = self._open()
        except (OSError, sqlite3.Error):
            self._db = None  # no cache: every body is converted

    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.OperationalError:
            raise  # locked, read-only, no space: no cache this time, the file left as it is
        except sqlite3.DatabaseError:
            self._discard()
            return self._connect()

    def _discard(self) -> None:
        """A file that is not a whole database: the log says so, and it goes."""
        self.log.info(self.t("bodies.cache_discarded", path=self.shown))
        if self._db is not None:
            self._db.close()
            self._db = None
        for path in (self.path, self.path.with_name(NAME + "-journal")):
            path.unlink(missing_ok=True)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        try:
            db.execute("CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, body TEXT NOT NULL)")
            db.execute("SELECT count(*) FROM bodies").fetchone()  # a damaged file fails here
        except sqlite3.Error:
            db.close()
            raise
        return db

    @property
    def usable(self) -> bool:
        """Whether the database is open (else every body is converted, and none kept)."""
        return self._db is not None

    def get(self, body_key: str) -> dict | None:
        """The kept body of ``body_key``, or None."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT body FROM bodies WHERE key = ?", (body_key,)).fetchone()
            body = json.loads(row[0]) if row else None
        except (sqlite3.Error, ValueError):
            return None
        if body is not None:
            self.used.add(body_key)
        return body

    def put(self, body_key: str, body: dict) -> None:
        """Keep ``body`` (JSON-serialisable) under ``body_key`` when the build succeeds."""
        self.used.add(body_key)
        self.new[body_key] = json.dumps(body, ensure_ascii=False, separators=(",", ":"))

    def finish(self, prune: bool = True) -> None:
        """Write the new bodies and (``prune``: a build that converted every body, not a preview
        that re-renders only what changed) drop those this build did not use, in one transaction."""
        if self._db is None:
            return
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                if prune:
                    self._db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
                    self._db.execute("DELETE FROM used")
                    self._db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in self.used))
                    self._db.execute("DELETE FROM bodies WHERE key NOT IN (SELECT key FROM used)")
                self._db.executemany("INSERT OR REPLACE INTO bodies VALUES (?, ?)", self.new.items())
        except sqlite3.OperationalError:
            pass  # locked past the timeout, a full disk, a read-only folder: the next build converts again
        except sqlite3.DatabaseError:
            self._discard()  # damaged after it was opened
        self.new.clear()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
