"""The benchmark's corpus generator (bench/gen_corpus.py): deterministic, valid slugs, and a corpus
that passes `bulletins check` and the real `mkdocs build --strict`."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
GEN = REPO / "bench" / "gen_corpus.py"
FIXED_EPOCH = "1700000000"  # the fixture sites' build clock (conftest.FIXED_EPOCH): 2023-11-14
NAME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")
N = 30


def generate(out: Path, *args: str) -> dict[str, bytes]:
    subprocess.run([sys.executable, str(GEN), str(out), *args], check=True)
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def front_matter(text: bytes) -> dict:
    return yaml.safe_load(text.decode("utf-8").split("---\n")[1])


def test_same_n_and_seed_give_the_same_bytes(tmp_path):
    for args in (["-n", "40"], ["-n", "40", "--seed", "7", "--registers"]):
        first = generate(tmp_path / "first", *args)
        second = generate(tmp_path / "second", *args)
        assert first == second
        shutil.rmtree(tmp_path / "first")
        shutil.rmtree(tmp_path / "second")
    assert generate(tmp_path / "a", "-n", "40", "--seed", "1") != generate(tmp_path / "b", "-n", "40", "--seed", "2")


@pytest.mark.parametrize("registers", [False, True])
def test_writes_n_bulletins_with_valid_names_and_the_contract_fields(tmp_path, registers):
    files = generate(tmp_path / "out", "-n", "200", *(["--registers"] if registers else []))
    bulletins = {name: text for name, text in files.items() if name.endswith(".md")}
    assert len(bulletins) == 200
    assert set(files) - set(bulletins) == ({"topics.yml", "signatories.yml"} if registers else set())
    fields = {}
    for name, text in bulletins.items():
        match = NAME_RE.match(name)
        assert match, name
        fields[name.removesuffix(".md")] = meta = front_matter(text)
        day = meta["date"] if not hasattr(meta["date"], "date") else meta["date"].date()
        assert day.isoformat() == match.group(1)
        assert 2015 <= day.year <= 2024
        assert 300 <= len(text.decode("utf-8").split("---\n", 2)[2].split()) <= 900
    # a share of every optional field the benchmark should exercise
    for key in ("summary", "updated", "expires", "replaces", "contact", "id"):
        assert 0 < sum(key in meta for meta in fields.values()) < 200, key
    # replaces: an older bulletin, each replaced at most once (so no cycle)
    replaced = [meta["replaces"] for meta in fields.values() if "replaces" in meta]
    assert len(replaced) == len(set(replaced))
    for slug, meta in fields.items():
        if "replaces" in meta:
            assert meta["replaces"] in fields and meta["replaces"][:10] < slug[:10]
    signatories = [s for meta in fields.values() for s in meta["signatories"]]
    assert any(isinstance(s, str) for s in signatories) == registers
    assert any(isinstance(s, dict) for s in signatories)  # guests are written inline either way


def bulletins_check(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "hooks"), "SOURCE_DATE_EPOCH": FIXED_EPOCH}
    return subprocess.run([sys.executable, "-m", "bulletin_site.cli", "--lang", "en", "check"],
                          cwd=root, env=env, capture_output=True, text=True)


@pytest.mark.parametrize("registers", [False, True])
def test_a_generated_corpus_passes_check_and_the_strict_build(project, tmp_path, registers):
    files = generate(tmp_path / "corpus", "-n", str(N), *(["--registers"] if registers else []))
    for name in files:
        shutil.copy(tmp_path / "corpus" / name, project.root / "bulletins" / name)
    checked = bulletins_check(project.root)
    assert (checked.returncode, checked.stdout) == (0, ""), checked.stderr
    assert f"{N} " in checked.stderr and "problem" in checked.stderr
    project.build()
    published = {p.name for p in (project.site / "bulletins").iterdir() if p.is_dir()}
    before_clock = {n.removesuffix(".md") for n in files if n.endswith(".md") and n[:10] <= "2023-11-14"}
    assert before_clock and before_clock <= published
    if registers:
        assert "Brottsförebyggande arbete" in project.read("topics/index.html")
