"""The one concurrency policy: the same site whatever the workers, and no worker outlives its build."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from bulletin_site import concurrency, qr
from conftest import BASE_CONFIG, FIXED_EPOCH, MKDOCS, REPO, Project
from test_publishing import folder_hash, leftovers

ENV = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_MKDOCS_2_WARNING": "1"}


def _site_with_pdfs(project: Project, count: int) -> None:
    for day in range(1, count + 1):
        project.bulletin(f"2023-05-{day:02d}-brand" if day <= 28 else f"2023-06-{day - 28:02d}-brand",
                         title=f"Brandrisk {day}", date=f"2023-05-{min(day, 28):02d}",
                         body=f"Det råder eldningsförbud i område {day}.\n\n| Område | Risk |\n|---|---|\n"
                              f"| {day} | stor |\n")
    project.configure(bulletins={"pdf": True})


def _build_site(root: Path, setting: int | None, method: str | None) -> dict[str, str]:
    p = Project(root)
    p.write("mkdocs.yml", yaml.safe_dump(BASE_CONFIG, allow_unicode=True))
    p.write("docs/index.md", "# Trygghet i Exempelby\n")
    _site_with_pdfs(p, 6)
    if setting is not None:
        p.configure(bulletins={"concurrency": setting})
    p.build(env={concurrency.START_METHOD_VARIABLE: method} if method else None)
    return folder_hash(p.site)


@pytest.fixture(scope="module")
def inline_site(tmp_path_factory) -> dict[str, str]:
    """The site built with everything in the build's own process (``concurrency: 0``)."""
    return _build_site(tmp_path_factory.mktemp("inline"), 0, None)


@pytest.mark.parametrize("setting, method", [(None, None), (2, "spawn"), (2, "forkserver")],
                         ids=["default", "spawn", "forkserver"])
def test_a_site_builds_the_same_bytes_as_without_workers(tmp_path, inline_site, setting, method):
    assert len([uri for uri in inline_site if uri.endswith(".pdf")]) == 6
    assert _build_site(tmp_path, setting, method) == inline_site


def test_no_code_starts_processes_with_fork():
    for path in (REPO / "hooks").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert 'get_context("fork")' not in text and "get_context('fork')" not in text, path
        assert "os.fork(" not in text, path


def test_a_negative_concurrency_is_refused(project):
    project.configure(bulletins={"concurrency": -1})
    result = project.build(check=False)
    assert result.returncode == 1
    assert ("mkdocs.yml: extra.bulletins.concurrency: '-1' är inget antal processer; ange 0 (allt i "
            "byggets egen process) eller fler") in result.stderr


@pytest.mark.parametrize("start_method", ["spawn", "forkserver"])
def test_qr_codes_made_by_a_worker_are_the_codes_made_here(tmp_path, monkeypatch, start_method):
    monkeypatch.setenv(concurrency.START_METHOD_VARIABLE, start_method)
    urls = [f"https://trygghet.example.se/bulletins/{n}/" for n in range(qr.QrCodes.AHEAD)]

    class Settings:  # what QrCodes reads of the build's settings
        t = None

        @staticmethod
        def relative(path):
            return path.name

    pool = concurrency.Pool(2)
    try:
        codes = qr.QrCodes(tmp_path, urls, Settings, None, pool)
        assert codes.pending is not None  # made by a worker
        made = {url: codes.get(url) for url in urls}
    finally:
        pool.close()
    assert made == qr.make_codes(urls)


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _wait_for_workers(build: subprocess.Popen) -> set[int]:
    """The build's PDF workers (not the fork server or the resource tracker), once there are two."""
    deadline = time.monotonic() + 120
    while build.poll() is None and time.monotonic() < deadline:
        workers = set()
        for pid in _descendants(build.pid):
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
                server = _parent(pid) == build.pid and b"forkserver" in command
            except OSError:
                continue
            if b"multiprocessing" in command and b"resource_tracker" not in command and not server:
                workers.add(pid)
        if len(workers) >= 2:
            return workers
        time.sleep(0.05)
    pytest.fail("the build started no workers")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


BULLETINS = 12  # in the published site the kill tests start from


@pytest.fixture(scope="module")
def published_site(tmp_path_factory) -> Path:
    """A project of BULLETINS bulletins, its site built and published without PDFs (each test gets a
    copy). (The tests stop the PDF build once a PDF is done: the other 11, two workers at a time, keep
    them busy for a second or more past that.)"""
    project = Project(tmp_path_factory.mktemp("published"))
    project.write("mkdocs.yml", yaml.safe_dump(BASE_CONFIG, allow_unicode=True))
    project.write("docs/index.md", "# Trygghet i Exempelby\n\nMeddelanden från kommunen.\n")
    _site_with_pdfs(project, BULLETINS)
    project.configure(bulletins={"pdf": False})
    project.build(process=False)  # where the tests start from; the builds they stop are processes
    return project.root


def _wait_for_a_pdf(project, build: subprocess.Popen) -> None:
    """Until the build's workers have put their first PDF into the cache: they are rendering."""
    cache = project.root / ".cache" / "pdf"
    deadline = time.monotonic() + 120
    while build.poll() is None and time.monotonic() < deadline:
        if cache.is_dir() and any(p.suffix in (".pdf", ".part") for p in cache.rglob("*")):
            return
        time.sleep(0.02)
    pytest.fail("the build's workers rendered no PDF")


def _none_alive_within(processes: set[int], seconds: float) -> set[int]:
    """The processes still alive once they all ended or ``seconds`` passed (what a wait of
    ``seconds`` then a look would find, found sooner when they end sooner)."""
    deadline = time.monotonic() + seconds
    while True:
        alive = {pid for pid in processes if _alive(pid)}
        if not alive or time.monotonic() >= deadline:
            return alive
        time.sleep(0.02)


def _published_then_building_pdfs(project, published_site, **popen) -> tuple[dict, subprocess.Popen, set[int]]:
    """A published site of BULLETINS bulletins without PDFs (its hash), then a build with PDFs on, two
    workers, started and rendering (the process, and its workers)."""
    shutil.copytree(published_site, project.root, symlinks=True, dirs_exist_ok=True)
    before = folder_hash(project.site)
    project.configure(bulletins={"pdf": True, "concurrency": 2})
    build = subprocess.Popen([*MKDOCS, "build", "--strict"], cwd=project.root, env=ENV,
                             stdout=subprocess.DEVNULL, **popen)
    workers = _wait_for_workers(build)
    _wait_for_a_pdf(project, build)  # the workers are rendering PDFs
    return before, build, workers


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_no_process_of_a_build_outlives_it_when_it_is_killed(project, published_site):
    before, build, _ = _published_then_building_pdfs(project, published_site, stderr=subprocess.DEVNULL)
    processes = _descendants(build.pid)
    assert build.poll() is None
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert _none_alive_within(processes, 1) == set()
    assert folder_hash(project.site) == before
    project.build()  # the next build clears what the killed one left and publishes every PDF
    assert len([uri for uri in folder_hash(project.site) if uri.endswith(".pdf")]) == BULLETINS
    assert leftovers(project) == []


HELD_AT_THE_END = """
import pathlib, time
def on_post_build(config):  # runs before the adapter's, which has the lowest priority
    pathlib.Path("at-the-end").touch()
    time.sleep(60)
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_ctrl_c_stops_the_build_its_workers_and_leaves_the_site_as_it_was(project, published_site):
    shutil.copytree(published_site, project.root, symlinks=True, dirs_exist_ok=True)
    before = folder_hash(project.site)
    # held at its end, before the adapter publishes: the PDFs and the search index are being made
    project.write("held.py", HELD_AT_THE_END)
    project.configure(bulletins={"pdf": True, "concurrency": 2},
                      hooks=[*BASE_CONFIG["hooks"], str(project.root / "held.py")])
    build = subprocess.Popen([*MKDOCS, "build", "--strict"], cwd=project.root, env=ENV, text=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while not (project.root / "at-the-end").exists() and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    processes = _descendants(build.pid)
    assert build.poll() is None and processes
    os.killpg(build.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    _, stderr = build.communicate(timeout=15)
    assert build.returncode != 0
    assert "Traceback" not in stderr
    assert _none_alive_within(processes, 0.5) == set()
    assert folder_hash(project.site) == before
    assert [p.name for p in project.root.glob(".site.building-*")] == []


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_a_worker_killed_from_outside_fails_the_build_with_a_message(project, published_site):
    before, build, workers = _published_then_building_pdfs(project, published_site, text=True,
                                                           stderr=subprocess.PIPE)
    os.kill(min(workers), signal.SIGKILL)
    _, stderr = build.communicate(timeout=60)
    assert build.returncode == 1
    assert ("mkdocs.yml: extra.bulletins.concurrency: en av byggets arbetsprocesser (utskriftssidor, flöden, "
            "PDF:er) avslutades oväntat (") in stderr
    assert ("— bygg igen; händer det igen, sätt 'concurrency: 0' under extra.bulletins") in stderr
    assert "Traceback" not in stderr
    assert folder_hash(project.site) == before


def test_without_workers_the_work_is_done_in_this_process():
    pool = concurrency.Pool(0)
    assert pool.submit(os.getpid).result() == os.getpid()
    assert list(pool.map(abs, [-1, -2])) == [1, 2]


def test_a_cancelled_pool_stops_its_workers_at_once():
    import multiprocessing  # noqa: PLC0415

    pool = concurrency.Pool(2)
    pending = [pool.submit(time.sleep, 60) for _ in range(2)]
    started = time.monotonic()
    while not all(f.running() for f in pending) and time.monotonic() - started < 30:
        time.sleep(0.05)
    assert multiprocessing.active_children()
    pool.cancel()
    assert time.monotonic() - started < 40
    assert multiprocessing.active_children() == []
