"""The files a build makes from its rendered pages (feeds, redirects, print pages, PDFs)."""
from __future__ import annotations

import atexit
import os
import queue
import threading
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Output:
    """A file made from the rendered pages, in memory: PDFs too are written into the site as
    copies of their bytes, so nothing done to the site can change the cache they came from."""

    uri: str
    content: bytes


def replace_whole(path: Path, content: bytes) -> None:
    """Write ``path`` whole or not at all (a cache file another build may read): into a partial
    file beside it (``*.part``), then renamed over it."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        partial.write_bytes(content)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


class Writer:
    """Writes outputs into the site folder, making each folder once.

    The files are written by two threads while the caller makes the next outputs (writing a file
    lets other threads run): ``write`` queues an output, ``close`` waits for every file and
    raises the first error writing met (an ``OSError``: a full disk, a folder without rights)."""

    THREADS = 2
    AHEAD = 64  # outputs queued at most: the caller waits rather than holding the site in memory

    def __init__(self, site_dir: Path):
        self.site_dir = site_dir
        self.made: set[Path] = set()
        self._lock = threading.Lock()
        self._queue: queue.Queue[Output | None] = queue.Queue(self.AHEAD)
        self._error: BaseException | None = None
        self._threads: list[threading.Thread] = []
        self._stopped = False  # the build failed or was stopped: what is queued is not written

    def write(self, output: Output) -> None:
        if self._error is not None:
            self._raise()
        if not self._threads:
            self._threads = [threading.Thread(target=self._work, daemon=True) for _ in range(self.THREADS)]
            for thread in self._threads:
                thread.start()
            atexit.register(self._abandon)  # Ctrl-C: nothing is written after the build's clean-up
        self._queue.put(output)

    def close(self, check: bool = True) -> None:
        """Wait until every output queued is written; raise what writing met. Without ``check``
        (the caller is failing already) what is still queued is dropped and nothing is raised."""
        atexit.unregister(self._abandon)
        self._stopped = self._stopped or not check
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join()
        self._threads = []
        if self._error is not None and check:
            self._raise()
        self._error = None

    def _abandon(self) -> None:
        self.close(check=False)

    def _raise(self) -> None:
        error, self._error = self._error, None
        raise error

    def _work(self) -> None:
        while (output := self._queue.get()) is not None:
            if self._error is not None or self._stopped:
                continue  # drain: the caller learns of an error at its next write or close
            try:
                self._write(output)
            except BaseException as error:  # noqa: BLE001  (handed to the caller's thread)
                self._error = error

    def _write(self, output: Output) -> None:
        target = self.site_dir / output.uri
        folder = target.parent
        with self._lock:  # made once, and before any thread writes into it
            if folder not in self.made:
                folder.mkdir(parents=True, exist_ok=True)
                self.made.update((folder, *folder.parents))
        target.write_bytes(output.content)
