"""Work that runs beside the engine: in a forked process when the machine has cores to spare.

After the engine has rendered every page's Markdown, it spends the rest of the build putting
each page into the theme and writing it. The files made from the rendered bodies (feeds,
print pages, PDFs) need nothing more from it, so a second process makes and writes them
meanwhile. It gets a copy of everything at the fork; what comes back through a pipe is only
its log records and, when it fails, the message. ``Task.wait`` replays the records on the
engine's logger (so that `--strict` counts the warnings) and raises the failure there.

Without ``fork`` (or with one core) the work runs at once, in this process.
"""
from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import sys
import traceback
from typing import Callable


class BackgroundError(Exception):
    """The background work failed; the message says why, as the work itself worded it."""


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.NOTSET)
        self.records: list[tuple[int, str]] = []

    def emit(self, record):
        self.records.append((record.levelno, record.getMessage()))


def _logger(log) -> logging.Logger:
    return getattr(log, "logger", log)  # a LoggerAdapter (MkDocs' plugin logger) wraps one


def _attempt(work: Callable[[], None], expected: tuple[type[Exception], ...]) -> tuple[str, str] | None:
    """Do the work; None when it succeeded, ("error", message) when it failed as expected."""
    try:
        work()
    except expected as error:
        return "error", str(error)
    return None


def _run(work: Callable[[], None], log, expected: tuple[type[Exception], ...], conn) -> None:
    """In the child: do the work with its log records captured, send them and the outcome, leave.

    The child may have been forked while another thread of the engine (`mkdocs serve` has a few)
    held the lock of ``sys.stdout`` or ``sys.stderr``: it writes only through fresh streams on the
    same files, and leaves with ``os._exit``, without flushing or finalising what it inherited.
    """
    inherited = (sys.stdout, sys.stderr)  # never flushed or collected here
    sys.stdout = open(os.dup(1), "w", encoding="utf-8", errors="replace")
    sys.stderr = open(os.dup(2), "w", encoding="utf-8", errors="replace")
    logger = _logger(log)
    records = _Records()
    logger.handlers[:] = [records]
    logger.propagate = False
    try:
        outcome = _attempt(work, expected)
    except BaseException:  # noqa: BLE001 - a bug: its traceback goes to the parent
        outcome = ("crash", traceback.format_exc())
    try:
        conn.send((records.records, outcome))
        conn.close()
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        del inherited
        os._exit(0)


class Task:
    """Runs ``work`` beside the caller; errors of the ``expected`` types are the user's to fix."""

    def __init__(self, work: Callable[[], None], log, expected: tuple[type[Exception], ...]):
        self.log = log
        self.process = self.conn = None
        self.outcome: tuple[str, str] | None = None
        if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
            self.outcome = _attempt(work, expected)
            return
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe(duplex=False)
        # not a daemon: the work may start processes of its own (the PDF renderers)
        self.process = context.Process(target=_run, args=(work, log, expected, child), daemon=False)
        # the child's collector leaves alone what it inherits (the whole site): without this its
        # full collections walk the engine's objects again and again, a cost that grows with N
        gc.freeze()
        try:
            self.process.start()
        finally:
            gc.unfreeze()
        child.close()

    def wait(self) -> None:
        """Wait for the work; replay its log records here; raise BackgroundError if it failed."""
        if self.process is not None:
            process, self.process = self.process, None
            try:
                records, self.outcome = self.conn.recv()
            except EOFError:
                process.join()
                records = []
                self.outcome = ("crash", f"the process stopped (exit code {process.exitcode})")
            finally:
                self.conn.close()
                process.join()
            logger = _logger(self.log)  # the records already carry any prefix the adapter added
            for level, message in records:
                logger.log(level, message)
        if self.outcome is not None:
            kind, message = self.outcome
            self.outcome = None
            if kind == "crash":
                raise RuntimeError(f"writing the feeds and print pages failed:\n{message}")
            raise BackgroundError(message)

    def cancel(self) -> None:
        """Stop the work (the build failed elsewhere)."""
        if self.process is not None:
            self.process.terminate()
            self.process.join()
            self.process = None
            self.conn.close()

