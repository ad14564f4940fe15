"""How a build hands work to other processes: the one place that decides it.

Work goes to a pool of worker processes started with ``forkserver`` on Linux and ``spawn``
elsewhere; never with ``fork``, which copies a process that may have threads (``mkdocs serve``
has several) and does not exist on Windows. ``extra.bulletins.concurrency`` sets the number of
workers (default: the number of cores); ``0`` keeps everything in the build's own process, and
so does a pool of one, where a worker would only add its start-up time.

A worker must import this package, which the engine puts on ``sys.path`` only while it imports
its hooks: the package's folder is put on the path while the workers start, so that they are
given it (both start methods hand a new process the parent's ``sys.path`` of that moment).

No worker outlives its build: each watches its parent and leaves at once when the parent is
gone (killed with SIGKILL included); an interrupt (Ctrl-C reaches the whole process group) ends
a worker without a traceback; ``Pool.cancel`` stops the workers of a build that failed.

The one program of another language a build runs, Pagefind (``searchindex``), is held to the
same rule by its own design: it ends as soon as its input does, which the system closes when the
build's process ends in any way, SIGKILL included.
"""
from __future__ import annotations

import atexit
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")

PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent)  # the folder that holds bulletin_site
START_METHODS = ("forkserver", "spawn")
# For tests and for trying the portable default of other systems on Linux: spawn or forkserver.
START_METHOD_VARIABLE = "BULLETINS_START_METHOD"


class WorkerLost(Exception):
    """A worker stopped in the middle of the work (killed from outside, or crashed)."""


def result(future: Future):
    """The result of submitted work; WorkerLost if the worker doing it stopped."""
    try:
        return future.result()
    except BrokenProcessPool as error:
        raise WorkerLost(str(error)) from None


def _results(results: Iterator[R]) -> Iterator[R]:
    try:
        yield from results
    except BrokenProcessPool as error:
        raise WorkerLost(str(error)) from None


def default_workers() -> int:
    return os.cpu_count() or 1


def start_method() -> str:
    forced = os.environ.get(START_METHOD_VARIABLE)
    if forced in START_METHODS:
        return forced
    if forced:
        raise ValueError(f"{START_METHOD_VARIABLE}={forced!r}: use one of {', '.join(START_METHODS)}")
    return "forkserver" if sys.platform.startswith("linux") else "spawn"


def _leave(*_):
    os._exit(1)


def _watch_parent() -> None:
    """In a worker: leave as soon as the process that started it is gone."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        multiprocessing.connection.wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="bulletins-parent-watch", daemon=True).start()


def _initialise_worker() -> None:
    _watch_parent()
    signal.signal(signal.SIGINT, _leave)


@contextmanager
def _package_on_path() -> Iterator[None]:
    added = PACKAGE_PARENT not in sys.path
    if added:
        sys.path.insert(0, PACKAGE_PARENT)
    try:
        yield
    finally:
        if added:
            try:
                sys.path.remove(PACKAGE_PARENT)
            except ValueError:
                pass


class Pool:
    """The worker processes of one build, started when work is first given to them.

    With no workers (``concurrency: 0``, or one), ``submit`` and ``map`` run the work here: a
    submitted call at once, a mapped one as its results are read.
    """

    def __init__(self, workers: int | None = None):
        workers = default_workers() if workers is None else workers
        self.workers = workers if workers > 1 else 0
        self._executor: ProcessPoolExecutor | None = None
        self._processes: set = set()
        self._closed = False

    @property
    def parallel(self) -> bool:
        return self.workers > 0

    @contextmanager
    def _starting(self) -> Iterator[ProcessPoolExecutor]:
        """The executor, with the package on the path and every worker it starts noted."""
        if self._closed:
            raise RuntimeError("the pool of this build is closed")
        before = set(multiprocessing.active_children())
        with _package_on_path():
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    self.workers, mp_context=multiprocessing.get_context(start_method()),
                    initializer=_initialise_worker)
                # a build stopped without an error event (Ctrl-C: MkDocs has none for it) stops its
                # workers before the interpreter takes its modules apart under the executor
                atexit.register(self.cancel)
            yield self._executor
        self._processes |= set(multiprocessing.active_children()) - before

    def submit(self, fn: Callable[..., R], *args) -> Future:
        if not self.parallel:
            future: Future = Future()
            try:
                future.set_result(fn(*args))
            except Exception as error:  # noqa: BLE001 - handed to whoever reads the result
                future.set_exception(error)
            return future
        with self._starting() as executor:
            return executor.submit(fn, *args)

    def map(self, fn: Callable[[T], R], items: Iterable[T], chunksize: int = 1) -> Iterator[R]:
        if not self.parallel:
            return map(fn, items)
        with self._starting() as executor:
            return _results(executor.map(fn, items, chunksize=chunksize))

    def close(self) -> None:
        """Wait for the work given and let the workers go."""
        executor, self._executor = self._executor, None
        self._closed = True
        atexit.unregister(self.cancel)
        if executor is not None:
            executor.shutdown(wait=True)
        self._processes.clear()

    def cancel(self) -> None:
        """Drop the work not begun and stop the workers now (the build failed or was stopped)."""
        executor, self._executor = self._executor, None
        self._closed = True
        atexit.unregister(self.cancel)
        if executor is None:
            return
        executor.shutdown(wait=False, cancel_futures=True)
        for process in self._processes:
            if process.is_alive():
                process.terminate()
        for process in self._processes:
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join()
        self._processes.clear()
