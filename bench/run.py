#!/usr/bin/env python3
"""Benchmark: our build against the floor of our stack, on synthetic corpora.

For each N it writes a corpus with ``bench/gen_corpus.py`` and builds,
alternating in one run so that machine noise cancels:

* floor: a plain ``mkdocs build`` of the same Markdown files as ordinary
  Material pages kept out of the nav (search plugin only);
* ours with PDFs off, with the default workers and with ``concurrency: 0``, each cold (no
  ``.cache``: Pagefind makes the index, every body is converted, every template compiled, every
  QR code made) and again with the same pages and what the last build kept (``.cache``: the
  index, the bodies, the templates, the QR codes), as a site's CI keeps it between builds;
* ours with PDFs on and no PDF in the cache (cold), then again with the cache
  filled (warm) — with ``--pdf``.

Each build runs as a child process; wall time is measured around it and peak
RSS comes from ``os.wait4`` (the child's own ``ru_maxrss``). Prints a Markdown
table (medians over ``--repeat`` runs) for the README.

Usage: .venv/bin/python bench/run.py [-n 1000 5000] [--repeat 3] [--pdf]
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
GEN = REPO / "bench" / "gen_corpus.py"
OUT = REPO / "bench" / "out"
MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--quiet"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1735689600"}


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # of the build's process and the children it waited for (not the pool's
    peak_mb: float      # workers, which are the fork server's children)
    log: str = ""


def measure(command: list[str], cwd: Path) -> Run:
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    stderr = child.stderr.read().decode("utf-8", "replace")
    child.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed in {cwd}:\n{stderr}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stderr)


def corpus(n: int, translations: float = 0.0) -> Path:
    path = OUT / (f"corpus-{n}" if not translations else f"corpus-{n}-translations-{translations:g}")
    if not (path / ".done").exists():
        shutil.rmtree(path, ignore_errors=True)
        subprocess.run([sys.executable, str(GEN), str(path), "-n", str(n),
                        "--translations", str(translations)], check=True)
        (path / ".done").touch()
    return path


def floor_project(n: int, bulletins: Path) -> Path:
    root = OUT / bulletins.name.replace("corpus", "floor", 1)  # of this corpus (translations or not)
    if not (root / "mkdocs.yml").exists():
        shutil.rmtree(root, ignore_errors=True)
        (root / "docs").mkdir(parents=True)
        (root / "docs" / "index.md").write_text("# Start\n", encoding="utf-8")
        shutil.copytree(bulletins, root / "docs" / "bulletins", ignore=shutil.ignore_patterns(".done"))
        config = {
            "site_name": "Floor", "site_url": "https://example.se/",
            "theme": {"name": "material", "language": "sv", "font": False},
            "plugins": [{"search": {"lang": ["sv", "en"]}}],
            "nav": [{"Start": "index.md"}],
            "validation": {"nav": {"omitted_files": "ignore"}},
        }
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return root


def our_project(n: int, bulletins: Path) -> Path:
    root = OUT / f"ours-{n}"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(REPO / "docs", root / "docs")
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.load(text, Loader=yaml.SafeLoader)  # the shipped config has plain YAML only
    config["hooks"] = [str(REPO / "hooks" / "mkdocs_adapter.py")]
    config["theme"]["custom_dir"] = str(REPO / "hooks" / "theme")
    config["extra"]["bulletins"]["source"] = str(bulletins)
    config.pop("watch", None)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return root


def with_pdf(root: Path, on: bool, concurrency: int | None = None) -> Path:
    """A config of ``root`` with PDFs on or off (and ``concurrency`` set, when given)."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["extra"]["bulletins"]["pdf"] = on
    name = "mkdocs-pdf" if on else "mkdocs-nopdf"
    if concurrency is not None:
        config["extra"]["bulletins"]["concurrency"] = concurrency
        name += f"-concurrency-{concurrency}"
    path = root / f"{name}.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def serve_latency(n: int, edits: int = 5) -> list[float]:
    """Seconds from saving an edited bulletin until `mkdocs serve --dirty` serves the change."""
    import socket
    import urllib.request

    bulletins = corpus(n)
    root = our_project(n, bulletins)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["watch"] = [str(bulletins)]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    target = sorted(bulletins.glob("*.md"))[n // 2]
    original = target.read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{port}/bulletins/{target.stem}/"
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty",
                               "-a", f"127.0.0.1:{port}"], cwd=root, env=ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    latencies = []
    try:
        deadline = time.monotonic() + 300
        while "<html" not in page():
            if time.monotonic() > deadline:
                raise SystemExit("mkdocs serve did not come up")
            time.sleep(0.5)
        for edit in range(edits):
            marker = f"Redigering nummer {edit} av benchmarken"
            time.sleep(1.5)  # let the watcher settle
            target.write_text(original.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
            saved = time.monotonic()
            while marker not in page():
                if time.monotonic() - saved > 60:
                    raise SystemExit("the edit never showed")
                time.sleep(0.05)
            latencies.append(time.monotonic() - saved)
    finally:
        target.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf", action="store_true", help="also measure PDFs cold and warm")
    parser.add_argument("--translations", type=float, default=0.0, metavar="SHARE",
                        help="make this share of the corpus translations (gen_corpus.py --translations)")
    parser.add_argument("--serve", action="store_true",
                        help="only measure how soon `mkdocs serve --dirty` shows an edit")
    args = parser.parse_args()
    if args.serve:
        for n in args.n:
            latencies = serve_latency(n)
            print(f"N={n}: mkdocs serve --dirty shows an edit after "
                  f"{statistics.median(latencies):.2f} s (median of {len(latencies)}; "
                  f"max {max(latencies):.2f} s)")
        return

    rows = []
    cold_logs: dict[int, str] = {}
    for n in args.n:
        bulletins = corpus(n, args.translations)
        floor = floor_project(n, bulletins)
        ours = our_project(n, bulletins)
        nopdf = with_pdf(ours, False)
        inline = with_pdf(ours, False, concurrency=0)
        runs: dict[str, list[Run]] = {"floor": [], "ours, cold": [], "ours, kept": [],
                                      "ours, concurrency: 0, cold": [], "ours, concurrency: 0, kept": []}
        for _ in range(args.repeat):
            runs["floor"].append(measure([*MKDOCS, "-d", str(floor / "site")], floor))
            for name, config in (("ours", nopdf), ("ours, concurrency: 0", inline)):
                shutil.rmtree(ours / ".cache", ignore_errors=True)  # nothing kept
                runs[f"{name}, cold"].append(measure([*MKDOCS, "-f", str(config), "-d", str(ours / "site")], ours))
                runs[f"{name}, kept"].append(  # the same pages again, with what the last build kept
                    measure([*MKDOCS, "-f", str(config), "-d", str(ours / "site")], ours))
        if args.pdf:
            pdf = with_pdf(ours, True)
            for cached in (ours / ".cache" / "pdf").glob("*/*.pdf"):
                cached.unlink()  # cold: no PDF in the cache (the print pages' QR codes stay)
            verbose = [part for part in MKDOCS if part != "--quiet"]  # its log says each PDF's CPU
            runs["pdf cold"] = [measure([*verbose, "-f", str(pdf), "-d", str(ours / "site")], ours)]
            cold_logs[n] = runs["pdf cold"][0].log
            runs["pdf warm, kept"] = [measure([*MKDOCS, "-f", str(pdf), "-d", str(ours / "site")], ours)
                                for _ in range(args.repeat)]
        floor_time = statistics.median(r.seconds for r in runs["floor"])
        floor_mem = statistics.median(r.peak_mb for r in runs["floor"])
        for name, measured in runs.items():
            seconds = statistics.median(r.seconds for r in measured)
            cpu = statistics.median(r.cpu_seconds for r in measured)
            peak = statistics.median(r.peak_mb for r in measured)
            rows.append((n, name, seconds, cpu, peak, seconds / floor_time, peak / floor_mem))
        print(f"N={n} done", file=sys.stderr)

    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"medians of {args.repeat} (PDF cold: 1 run)\n")
    print("| N | build | wall s | CPU s | peak RSS MB | time × floor | RSS × floor |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for n, name, seconds, cpu, peak, ratio, mem_ratio in rows:
        print(f"| {n} | {name} | {seconds:.1f} | {cpu:.1f} | {peak:.0f} | {ratio:.2f} | {mem_ratio:.2f} |")
    for n, name, *_ in rows:
        if name == "pdf cold":
            each = re.search(r"PDFs: \d+ rendered in [\d.]+ s \(([\d.]+) s CPU each\)", cold_logs[n])
            print(f"\nN={n}: a cold PDF takes {each.group(1) if each else '?'} s of CPU (the build's own "
                  "measure, in the worker that renders it: `PDFs: … rendered … s CPU each`)")

if __name__ == "__main__":
    main()
