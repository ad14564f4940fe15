"""Publishing a build: the whole site is written into a new folder, then swapped into place.

A build writes into ``.<site>.building-<pid>/`` beside the site folder and, only when everything
has succeeded, swaps it in: in one step where the system can exchange two folders (Linux), else
by renaming the old folder away and the new one in. A build that fails, at any point, removes
its own folder and leaves the published site exactly as it was. Hidden entries of the site
folder (``.git`` of a deployment, say), which the engine's own clean leaves alone, are carried
over into the new site.

One build of a site at a time: a lock file beside the site folder; a second build waits for
the first (and says so). Folders left by a build that was killed are removed by the next one.
"""
from __future__ import annotations

import atexit
import ctypes
import logging
import os
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from filelock import FileLock, Timeout

from .i18n import Translator


class PublishError(Exception):
    """The site folder cannot be prepared or replaced; the message says why and what to do."""


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    error = ctypes.get_errno()
    if error in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not on this file system or kernel
        return False
    raise OSError(error, os.strerror(error), str(b))


def remove_tree(folder: Path) -> None:
    """Remove a site folder as ``shutil.rmtree(ignore_errors=True)`` does, several times faster: a
    site is thousands of small files in a thousand folders, and the system calls that remove them
    let other threads run, so threads remove the folders two levels down side by side. Links are
    removed, never followed."""
    if os.path.islink(folder):
        return  # as rmtree: a link is not a folder to empty
    parts: list[str] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    with os.scandir(entry.path) as inner:
                        parts += [e.path for e in inner if e.is_dir(follow_symlinks=False)]
    except OSError:
        pass
    try:
        with ThreadPoolExecutor(4) as threads:
            for _ in threads.map(lambda part: shutil.rmtree(part, ignore_errors=True), parts):
                pass
    except RuntimeError:  # the interpreter is ending (an interrupted build's clean-up): no threads
        pass
    shutil.rmtree(folder, ignore_errors=True)


class Publication:
    """The new folder of one build of the site at ``site_dir``, and its swap into place."""

    def __init__(self, site_dir: Path, t: Translator, log: logging.Logger | logging.LoggerAdapter,
                 shown: str | None = None):
        self.site = Path(os.path.realpath(site_dir))  # a site folder that is a link: its target
        self.shown = shown or str(site_dir)  # how messages name the site folder
        self.t, self.log = t, log
        name = self.site.name
        self.prefix = f".{name}."
        self.staging = self.site.parent / f".{name}.building-{os.getpid()}"
        self._old = self.site.parent / f".{name}.old-{os.getpid()}"
        self._lock = FileLock(self.site.parent / f".{name}.lock", thread_local=False)
        self.open = False

    def _fail(self, key: str, error: OSError) -> PublishError:
        detail = error.strerror or str(error)
        return PublishError(f"{self.shown}: site_dir: {self.t('err.' + key, detail=detail)} — "
                            f"{self.t('fix.' + key)}")

    def begin(self) -> Path:
        """Take the site's lock (waiting for another build), clear what killed builds left, and
        make the new, empty folder to build into."""
        try:
            self.site.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._lock.acquire(timeout=0)
            except Timeout:
                self.log.info(self.t("publish.waiting", site=self.shown))
                self._lock.acquire()
            for leftover in self.site.parent.iterdir():
                if leftover.name.startswith(self.prefix) and (".building-" in leftover.name
                                                             or ".old-" in leftover.name):
                    remove_tree(leftover)
            self.staging.mkdir()
        except OSError as error:
            self._release()
            raise self._fail("publish_prepare", error) from None
        self.open = True
        atexit.register(self.abort)  # an interrupted build (Ctrl-C) leaves nothing behind
        return self.staging

    def commit(self) -> None:
        """Put the new folder in the old one's place."""
        if not self.open:
            return
        carried: list[tuple[Path, Path]] = []
        try:
            if self.site.is_dir():
                for entry in sorted(self.site.iterdir()):
                    target = self.staging / entry.name
                    if entry.name.startswith(".") and not os.path.lexists(target):
                        entry.rename(target)
                        carried.append((target, entry))
            self._swap()
        except OSError as error:
            for moved, original in reversed(carried):
                try:
                    moved.rename(original)
                except OSError:
                    pass
            self.abort()
            raise self._fail("publish_swap", error) from None
        self._finish()

    def _swap(self) -> None:
        if not self.site.exists():
            self.staging.rename(self.site)
            return
        if _exchange(self.staging, self.site):
            remove_tree(self.staging)  # now the old site
            return
        self.site.rename(self._old)
        try:
            self.staging.rename(self.site)
        except OSError:
            self._old.rename(self.site)
            raise
        remove_tree(self._old)

    def abort(self) -> None:
        """Remove the new folder; the published site stays as it was."""
        if self.open:
            remove_tree(self.staging)
            self._finish()

    def _finish(self) -> None:
        self.open = False
        atexit.unregister(self.abort)
        self._release()

    def _release(self) -> None:
        if self._lock.is_locked:
            self._lock.release()
