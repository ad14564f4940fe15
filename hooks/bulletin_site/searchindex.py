"""The site's search index: Pagefind, fed the searched pages as the build makes them.

Pagefind (the PyPI wheel ``pagefind-bin``: one binary, no Node.js) turns the HTML of the site's
pages into ``pagefind/``: an index split into small files by word, one fragment per page and the
WebAssembly that searches them. The site's search box (Material's, through
``hooks/theme/assets/javascripts/workers/bulletin-search.js``) loads none of it until a resident
types, and a query fetches only what its words need, so what a page view or a search costs does
not grow with the number of bulletins.

What is searched: only elements marked ``data-pagefind-body`` — a public bulletin's page (its
title, topics, body, signatories and contact; not its banners or buttons) and the content of the
pages of ``docs/``. Listings, print pages, redirects and drafts carry no mark and are never
indexed. Every page is indexed in the site's language (``force_language``): a bulletin whose
article says it is in English or Arabic is still in the one index, its words stemmed the same
way when indexed and when typed, so they match.

Pagefind runs as a service (``pagefind --service``: base64-encoded JSON messages, each followed
by a comma, on its standard input and output). A build sends each searched page as soon as it is
made (``add``; see ``site.SiteBuild``), so Pagefind reads and indexes the pages while the engine
renders the rest, and asks for the files (``write``) once the last searched page is in; a thread
of the build writes them into the site. The build waits for them (``finish``) before the site is
published: a build whose index fails publishes nothing. ``IndexRun`` takes the index of the last
build from the cache instead when the pages are the same (``IndexCache``). A preview indexes the folder it wrote instead (``add_folder``), in the background. Pagefind ends
when its input does, so it never outlives the build's process, however that ends. The same pages
sent in the same order give the same bytes.
"""
from __future__ import annotations

import atexit
import base64
import hashlib
import json
import queue
import subprocess
import tempfile
import threading
from pathlib import Path

from .i18n import Translator
from .output import Output, Writer, replace_whole
from .searchsplit import IndexFormatError, split_chunks

FOLDER = "pagefind"  # under the site's root: /pagefind/pagefind.js, …


class SearchIndexError(Exception):
    """Pagefind failed; the message says what it printed and what to do."""


def _executable() -> str:
    import pagefind_bin  # the wheel's binary, found by its own helper

    return str(pagefind_bin.get_executable())


BULLETIN_PAGES = "bulletins/*/index.html"  # not the print pages below them
_GLOB_SPECIAL = set("*?[]{}!\\,")


def pages_glob(pages: list[str] | None) -> str:
    """The glob of the files Pagefind reads from a folder: the bulletin pages and ``pages``. Only
    marked pages are indexed whatever it reads, but reading the others (print pages, listings,
    redirects: half the site's files) cost half of Pagefind's time; a name a glob cannot hold
    reads all."""
    if pages is None or any(_GLOB_SPECIAL & set(page) for page in pages):
        return "**/*.{html}"
    return "{" + ",".join([BULLETIN_PAGES, *sorted(set(pages))]) + "}"


class SearchIndex:
    """One Pagefind index being made (``start``), written into a site's ``pagefind/`` by ``write``."""

    def __init__(self, process: subprocess.Popen, log: tempfile.TemporaryFile, t: Translator):
        self.t = t
        self._process, self._log = process, log
        self._next_id = 0
        self._asked: dict[int, str] = {}  # message id -> the page or folder it added
        self._refused: list[str] = []  # what Pagefind could not read, and why
        self._write_id: int | None = None
        self._folder: Path | None = None  # where the files go (``write``)
        self._wrote = False  # the files are written
        self.files: dict[str, bytes] = {}  # the files written, by name under pagefind/
        self._cancelled = False
        self._reader: threading.Thread | None = None  # reads Pagefind's answers, writes the files
        self._written = threading.Event()  # the files are written, or that will not happen
        self._lock = threading.Lock()
        self._buffer = b""  # what Pagefind has answered and is not yet read
        self._outbox: queue.SimpleQueue = queue.SimpleQueue()  # messages for Pagefind; None: the end
        threading.Thread(target=self._write_messages, daemon=True).start()
        atexit.register(self.cancel)  # Ctrl-C: MkDocs has no event for it

    @classmethod
    def start(cls, language: str, t: Translator) -> "SearchIndex":
        """Start Pagefind with an empty index of the site's ``language``."""
        log = tempfile.TemporaryFile()
        try:
            process = subprocess.Popen([_executable(), "--service"], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=log)
        except OSError as error:  # the wheel's binary is missing or cannot run here
            log.close()
            raise SearchIndexError(t("err.search_index", code="—", output=str(error))) from None
        index = cls(process, log, t)
        index._send({"type": "NewIndex", "config": {"force_language": language}})
        answer = index._receive()  # the first index of this Pagefind is index 0
        if answer is None or answer["payload"].get("type") != "NewIndex":
            index._fail_now()
        index._reader = threading.Thread(target=index._read_answers, daemon=True)
        index._reader.start()
        return index

    def add(self, path: str, html: str) -> None:
        """Index a page of the site: ``path`` its file in the site (``bulletins/x/index.html``)."""
        self._send({"type": "AddFile", "index_id": 0, "file_path": path, "file_contents": html}, path)

    def add_folder(self, site_dir: Path, glob: str) -> None:
        """Index the pages of a written site folder that ``glob`` matches."""
        self._send({"type": "AddDir", "index_id": 0, "path": str(site_dir), "glob": glob}, str(site_dir))

    def write(self, site_dir: Path) -> None:
        """Have the index written into ``site_dir``/pagefind, once Pagefind has read what it was given.

        Pagefind hands its files over and they are written here: its own ``WriteFiles`` answers
        before its last file is on disk, and it ends the moment its input is closed, which left
        ``pagefind-entry.json`` empty now and then (seen on a loaded machine)."""
        self._folder = site_dir / FOLDER
        self._send({"type": "GetFiles", "index_id": 0}, writes=True)

    def done(self) -> bool:
        return self._written.is_set()

    def finish(self) -> None:
        """Wait for the files ``write`` asked for; SearchIndexError if Pagefind failed."""
        try:
            self._written.wait()
        except BaseException:
            self.cancel()
            raise
        failed = bool(self._refused) or not self._wrote
        self._end()
        code = self._process.wait()
        self._log.seek(0)
        output = self._log.read().decode("utf-8", "replace")
        self._log.close()
        if failed:
            output = "\n".join([*self._refused, output.strip()[-2000:]]).strip()
            raise SearchIndexError(self.t("err.search_index", code=code, output=output))

    def cancel(self) -> None:
        """End Pagefind now (the build failed or was stopped): nothing more is written."""
        self._cancelled = True
        self._end()
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        if self._reader is not None and self._reader is not threading.current_thread():
            self._reader.join(10)  # it stops writing files, so that none is written after clean-up
        self._written.set()
        if not self._log.closed:
            self._log.close()

    def _end(self) -> None:
        """Close Pagefind's input once what was sent before is written: it then ends at once,
        whatever it was doing."""
        atexit.unregister(self.cancel)
        self._outbox.put(None)

    def _send(self, payload: dict, what: str = "", writes: bool = False) -> None:
        """Queue a message for Pagefind: a thread writes it, so that the engine never waits for
        Pagefind to read."""
        with self._lock:
            self._next_id += 1
            self._asked[self._next_id] = what
            if writes:
                self._write_id = self._next_id
            self._outbox.put((self._next_id, payload))

    def _write_messages(self) -> None:
        stdin = self._process.stdin
        try:
            while (item := self._outbox.get()) is not None:
                message_id, payload = item
                message = json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")
                stdin.write(base64.b64encode(message) + b",")
                stdin.flush()
        except (OSError, ValueError):  # Pagefind is gone: finish says what it printed
            self._written.set()
        finally:
            try:
                stdin.close()
            except OSError:
                pass

    def _receive(self) -> dict | None:
        """Pagefind's next answer; None once it has ended."""
        end = self._buffer.find(b",")
        if end < 0:
            chunks = [self._buffer]
            while True:
                chunk = self._process.stdout.read1(1 << 20)
                if not chunk:
                    return None
                chunks.append(chunk)
                if b"," in chunk:
                    break
            self._buffer = b"".join(chunks)
            end = self._buffer.find(b",")
        message, self._buffer = self._buffer[:end], self._buffer[end + 1:]
        return json.loads(base64.b64decode(message))

    def _read_answers(self) -> None:
        try:
            while (answer := self._receive()) is not None:
                payload = answer["payload"]
                with self._lock:
                    what = self._asked.pop(answer["message_id"], "")
                if payload.get("type") == "Error":
                    self._refused.append(f"{what}: {payload.get('message', '')}".strip(": "))
                if answer["message_id"] == self._write_id:
                    self._write_files(payload.get("files", []))
                    self._wrote = True
                    break
        except (OSError, ValueError):
            pass
        finally:
            self._written.set()

    def _write_files(self, files: list[dict]) -> None:
        for file in files:
            name = Path(file["path"])
            if name.is_absolute() or ".." in name.parts:
                self._refused.append(f"{file['path']}: not a file of {FOLDER}/")
                continue
            self.files[name.as_posix()] = base64.b64decode(file["content"])
        try:
            self.files = split_chunks(self.files)
        except IndexFormatError as error:
            self._refused.append(f"{FOLDER}/{error} (Pagefind {_pagefind_version()}: a format this build does not know)")
            return
        self._refused += write_files(self._folder, self.files, lambda: self._cancelled)

    def _fail_now(self) -> None:
        self._written.set()
        self.finish()


def write_files(folder: Path, files: dict[str, bytes], stop=lambda: False) -> list[str]:
    """Write an index's files into ``folder`` until ``stop()``; what could not be written, and why."""
    writer = Writer(folder)
    try:
        for name, content in files.items():
            if stop():
                writer.close(check=False)
                return []
            writer.write(Output(name, content))
        writer.close()
    except OSError as error:
        writer.close(check=False)
        return [f"{folder}: {error.strerror or error}"]
    return []


def page_digest(path: str, html: str) -> str:
    return hashlib.sha256(path.encode("utf-8") + b"\0" + html.encode("utf-8")).hexdigest()


class IndexCache:
    """The index of the last build and the pages it was made of, in one file of the cache folder.

    Pagefind's output is a function of the pages and their order, so a build whose searched
    pages are those, in that order (a rebuild with nothing new; a change of the theme, a banner,
    a listing or a feed, which are not searched), takes the index from here. The file holds a
    SHA-256 of its files: a file cut short or altered is not used, and the log says so."""

    NAME = "search-index.json"
    FORMAT = "2"  # of this file, of what is sent to Pagefind and of what is done to its files

    def __init__(self, path: Path, language: str, t: Translator, log, shown: str | None = None):
        self.path, self.t, self.log = path, t, log
        self.shown = shown or str(path)  # how the log names the file
        self.inputs = "\0".join((self.FORMAT, _pagefind_version(), language))
        self.pages: list[str] = []  # the digests of the pages the index was made of, in order
        self._files: dict[str, str] = {}
        self._load()

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_bytes())
        except FileNotFoundError:
            return
        except (OSError, ValueError):
            data = None
        if (isinstance(data, dict) and isinstance(data.get("pages"), list)
                and isinstance(data.get("files"), dict) and data.get("check") == _check(data["files"])):
            if data.get("inputs") == self.inputs:
                self.pages, self._files = data["pages"], data["files"]
            return  # another Pagefind or language: made again, and kept instead
        self.log.info(self.t("search.cache_discarded", path=self.shown))

    def files(self) -> dict[str, bytes] | None:
        return {name: base64.b64decode(content) for name, content in self._files.items()} or None

    def store(self, pages: list[str], files: dict[str, bytes]) -> None:
        """Keep ``files``, made of ``pages``, for the next build (written whole or not at all)."""
        encoded = {name: base64.b64encode(content).decode("ascii") for name, content in sorted(files.items())}
        data = {"inputs": self.inputs, "pages": pages, "files": encoded, "check": _check(encoded)}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        replace_whole(self.path, json.dumps(data).encode("utf-8"))


def _check(files: dict) -> str:
    digest = hashlib.sha256()
    for name, content in sorted(files.items()):
        digest.update(f"{name}\0{content}\0".encode("utf-8"))
    return digest.hexdigest()


def _pagefind_version() -> str:
    from importlib.metadata import version  # noqa: PLC0415

    return version("pagefind-bin")


class IndexRun:
    """The index of one build, from the searched pages as the build makes them (``add``): taken from the
    cache while each page is the page the cached index was made of at that place, else made by
    Pagefind, started at the first page that differs and given the pages before it."""

    def __init__(self, cache: IndexCache, language: str, t: Translator):
        self.cache, self.language, self.t = cache, language, t
        self.digests: list[str] = []
        self._held: list[tuple[str, str]] = []  # pages matching the cache, not yet sent
        self.index: SearchIndex | None = None  # Pagefind, once a page differs
        self.reused: dict[str, bytes] | None = None
        self._folder: Path | None = None  # where the index goes, once ``write`` is called
        self._writing: threading.Thread | None = None  # writes a reused index
        self._cancelled = False
        self._failed: list[str] = []

    @property
    def writing(self) -> bool:
        return self._folder is not None

    def add(self, path: str, html: str) -> None:
        digest = page_digest(path, html)
        self.digests.append(digest)
        if self.index is None:
            place = len(self.digests) - 1
            if place < len(self.cache.pages) and self.cache.pages[place] == digest:
                self._held.append((path, html))
                return
            self._start()
        self.index.add(path, html)

    def write(self, site_dir: Path) -> None:
        self._folder = site_dir / FOLDER
        if self.index is None and self.digests == self.cache.pages:
            self.reused = self.cache.files()
            if self.reused is not None:  # written while the engine writes the rest of the site
                self._held = []
                self._writing = threading.Thread(target=self._write_reused, daemon=True)
                self._writing.start()
                atexit.register(self.cancel)  # Ctrl-C: nothing is written after the build's clean-up
                return
        if self.index is None:
            self._start()
        self.index.write(site_dir)

    def finish(self) -> None:
        """The index written into the site (SearchIndexError if Pagefind failed), and kept."""
        if self.reused is not None:
            self._writing.join()
            atexit.unregister(self.cancel)
            if self._failed:
                raise SearchIndexError(self.t("err.search_index", code=0, output="\n".join(self._failed)))
            return
        self.index.finish()
        self.cache.store(self.digests, self.index.files)

    def cancel(self) -> None:
        self._cancelled = True
        if self.index is not None:
            self.index.cancel()
        if self._writing is not None:
            atexit.unregister(self.cancel)
            self._writing.join()

    def _write_reused(self) -> None:
        self._failed = write_files(self._folder, self.reused, lambda: self._cancelled)

    def _start(self) -> None:
        self.index = SearchIndex.start(self.language, self.t)
        for path, html in self._held:
            self.index.add(path, html)
        self._held = []

