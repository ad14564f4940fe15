"""Shared fixtures: real sites built with the real ``mkdocs build`` from small fixture folders."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]
FIXED_EPOCH = "1700000000"  # 2023-11-14: the fixture sites' build clock

BASE_CONFIG = {
    "site_name": "Trygghet i Exempelby",
    "site_url": "https://trygghet.example.se/",
    "theme": {"name": "material", "language": "sv", "font": False,
              "custom_dir": str(REPO / "hooks" / "theme")},
    "plugins": [{"search": {"lang": ["sv", "en"]}}],
    "hooks": [str(REPO / "hooks" / "mkdocs_adapter.py")],
    "markdown_extensions": ["admonition", "attr_list", "tables"],
    "nav": [{"Start": "index.md"}, {"Ämnen": "topics/index.md"}, {"Arkiv": "archive/index.md"}],
    "validation": {"nav": {"omitted_files": "ignore"}},
    "extra": {"bulletins": {"organisation": "Exempelby kommun", "pdf": False}},
}


def bulletin_text(title: str = "Brandrisk i skogen", date: str = "2023-05-12",
                  topics: str = "[brand]", signatories: str | None = None, extra: str = "",
                  body: str = "Det råder eldningsförbud i hela kommunen.\n\n## Råd\n\n- Grilla inte.\n") -> str:
    """A valid bulletin; pass parts to vary it."""
    if signatories is None:
        signatories = "\n  - name: Lina Marklund\n    role: säkerhetssamordnare"
    return (f"---\ntitle: {title}\ndate: {date}\ntopics: {topics}\nsignatories: {signatories}\n"
            f"{extra}---\n\n{body}")


@dataclass
class Project:
    root: Path

    @property
    def site(self) -> Path:
        return self.root / "site"

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
        return path

    def bulletin(self, slug: str, **parts) -> Path:
        return self.write(f"bulletins/{slug}.md", bulletin_text(**parts))

    def configure(self, **changes) -> None:
        config = yaml.safe_load((self.root / "mkdocs.yml").read_text(encoding="utf-8"))
        for key, value in changes.items():
            if key == "bulletins":
                config["extra"]["bulletins"].update(value)
            elif value is None:
                config.pop(key, None)
            else:
                config[key] = value
        (self.root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")

    def build(self, *args: str, env: dict | None = None, check: bool = True,
              strict: bool = True, process: bool | None = None) -> subprocess.CompletedProcess:
        """Run the real ``mkdocs build --strict`` (without ``--strict``: a build that warns still
        publishes); with check, fail the test on a non-zero exit. With ``process`` (the default in the
        modules of PROCESS_BUILDS) in a process of its own, else here (``mkdocs_here``)."""
        full_env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_MKDOCS_2_WARNING": "1",
                    **(env or {})}
        argv = ["build", *(["--strict"] if strict else []), "-d", str(self.site), *args]
        if process if process is not None else _builds.in_process is False:
            result = subprocess.run([*MKDOCS, *argv], cwd=self.root, env=full_env, capture_output=True, text=True)
        else:
            result = mkdocs_here(argv, cwd=self.root, env=full_env)
        if check and result.returncode != 0:
            pytest.fail(f"mkdocs build failed ({result.returncode}):\n{result.stderr}")
        return result

    def read(self, relative: str) -> str:
        return (self.site / relative).read_text(encoding="utf-8")


def empty_project(root: Path) -> Project:
    """An empty site in ``root``: mkdocs.yml, docs/index.md and an empty bulletins/ folder."""
    p = Project(root)
    p.write("mkdocs.yml", yaml.safe_dump(BASE_CONFIG, allow_unicode=True))
    p.write("docs/index.md", "# Trygghet i Exempelby\n\nMeddelanden från kommunen.\n")
    (root / "bulletins").mkdir()
    return p


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """An empty site of the test's own (``empty_project``); a site only read by several tests is built
    once per module from ``empty_project(tmp_path_factory.mktemp(...))``."""
    return empty_project(tmp_path)


def search_index(site: Path) -> dict[str, dict]:
    """The site's search index (Pagefind's, under pagefind/) as the pages it finds: site-relative
    URL -> the page's record (``content``: the text searched, ``meta``: title and date)."""
    import gzip
    import json

    pages = {}
    for fragment in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        record = json.loads(data[len(b"pagefind_dcd"):])
        pages[record["url"].lstrip("/")] = record
    return pages



def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for a server a test starts)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]

# ---- `mkdocs` run in the test's own process ------------------------------------------------------

# The modules whose builds run as processes of their own (their subject is the build as a process:
# publishing, the index program's guard, workers and their start methods); every other build runs in
# the test's process, but where a test compares two builds (``build(process=True)``).
PROCESS_BUILDS = {"test_publishing", "test_search_index", "test_concurrency"}


class _builds:
    in_process = True


@pytest.fixture(scope="module", autouse=True)
def _build_where(request):
    _builds.in_process = request.module.__name__ not in PROCESS_BUILDS
    yield
    _builds.in_process = True


def mkdocs_here(argv: list[str], cwd: Path, env: dict) -> subprocess.CompletedProcess:
    """``python -m mkdocs *argv`` as a process would run it, but in this one (``run_here``)."""
    from mkdocs.__main__ import cli

    return run_here(lambda: cli.main(args=list(argv), prog_name="mkdocs", standalone_mode=True),
                    [*MKDOCS, *argv], cwd, env)


def bulletins_here(argv: list[str], cwd: Path, env: dict) -> subprocess.CompletedProcess:
    """``python -m bulletin_site.cli *argv`` (the staff's ``bulletins``) as a process would run it,
    but in this one (``run_here``)."""
    from bulletin_site import cli

    return run_here(lambda: sys.exit(cli.main(list(argv))), [sys.executable, "-m", "bulletin_site.cli", *argv],
                    cwd, env)


def run_here(main, command: list[str], cwd: Path, env: dict) -> subprocess.CompletedProcess:
    """``main()`` run as the process ``command`` would run it, but in this one (without a new
    interpreter importing MkDocs, Material and the hooks again), with what a new process starts
    with: the environment ``env`` and the folder ``cwd``; a fresh load of the hooks (MkDocs keeps
    the modules of hooks it loaded for the life of the process); a fork server of its own for the
    build's workers (one started by an earlier build would hand them that build's environment, folder
    and output); its output (the workers' too) as its stdout and stderr; no logging handler but
    MkDocs's own (Python prints other warnings to stderr); the ``atexit`` functions the build left
    run as it ends; and an exception it lets out printed as a traceback with exit status 1.
    Everything it changed here is put back."""
    import atexit
    import io
    import logging
    import tempfile
    import traceback
    import warnings
    from multiprocessing import forkserver

    from mkdocs.config import config_options

    exits: list = []
    saved_env, saved_cwd, saved_path = dict(os.environ), os.getcwd(), sys.path[:]
    saved_adapter = sys.modules.get("mkdocs_adapter")
    root = logging.getLogger()
    saved_root = root.handlers[:]
    saved_loggers = {name: (logger.handlers[:], logger.filters[:], logger.level, logger.propagate)
                     for name, logger in ((n, logging.getLogger(n)) for n in ("mkdocs", "mkdocs.commands.build"))}
    saved_warnings = warnings.filters[:], warnings.showwarning
    saved_atexit = atexit.register, atexit.unregister
    saved_streams = sys.stdout, sys.stderr
    sys.stdout.flush()
    sys.stderr.flush()
    saved_fds = os.dup(1), os.dup(2)
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    try:
        os.environ.clear()
        os.environ.update(env)
        os.chdir(cwd)
        config_options.Hooks._load_hook.cache_clear()
        forkserver._forkserver._stop()
        root.handlers = []

        def register(function, *args, **kwargs):
            exits.append((function, args, kwargs))
            return function

        def unregister(function):
            exits[:] = [entry for entry in exits if entry[0] != function]

        atexit.register, atexit.unregister = register, unregister
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        sys.stdout = io.TextIOWrapper(io.FileIO(os.dup(1), "w"), encoding="utf-8", write_through=True)
        sys.stderr = io.TextIOWrapper(io.FileIO(os.dup(2), "w"), encoding="utf-8", errors="backslashreplace",
                                      write_through=True)
        try:
            main()
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 0 if stop.code is None else 1
            if not isinstance(stop.code, (int, type(None))):
                print(stop.code, file=sys.stderr)
        except Exception:  # noqa: BLE001 - what Python does with it at the top of a process
            traceback.print_exc()
            code = 1
        for function, args, kwargs in reversed(exits):
            try:
                function(*args, **kwargs)
            except Exception:  # noqa: BLE001
                traceback.print_exc()
        sys.stdout.close()
        sys.stderr.close()
    finally:
        forkserver._forkserver._stop()
        os.dup2(saved_fds[0], 1)
        os.dup2(saved_fds[1], 2)
        for fd in saved_fds:
            os.close(fd)
        sys.stdout, sys.stderr = saved_streams
        atexit.register, atexit.unregister = saved_atexit
        warnings.filters[:], warnings.showwarning = saved_warnings
        for name, (handlers, filters, level, propagate) in saved_loggers.items():
            logger = logging.getLogger(name)
            logger.handlers[:], logger.filters[:], logger.propagate = handlers, filters, propagate
            logger.setLevel(level)
        root.handlers[:] = saved_root
        sys.path[:] = saved_path
        if saved_adapter is not None:
            sys.modules["mkdocs_adapter"] = saved_adapter
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    out.seek(0)
    err.seek(0)
    stdout, stderr = (f.read().decode("utf-8", "replace") for f in (out, err))
    out.close()
    err.close()
    return subprocess.CompletedProcess(command, code, stdout, stderr)


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items):
    """With ``pytest -n`` (``--dist loadgroup``, pyproject.toml): the tests that share a built site run in
    one test process, so that it is built once, not once in each: the browser tests (one site, one
    Chromium) together, and the tests of a module that share a module's site together."""
    for item in items:
        fixtures = getattr(item, "_fixtureinfo", None)
        if fixtures is None:
            continue
        if {"browser", "served_site"} & set(fixtures.names_closure):
            item.add_marker(pytest.mark.xdist_group("browser"))
        elif any(defs[-1].scope == "module" and name != "_build_where"
                 for name, defs in fixtures.name2fixturedefs.items() if defs):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
