"""The platform under us: the site builds the same with ProperDocs (the community continuation of
MkDocs 1.x) as with MkDocs 1.6, and nothing the README runs prints MkDocs 2.0's banner."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import FIXED_EPOCH, REPO

BIN = Path(sys.executable).parent
GENERATOR = re.compile(rb'^\s*<meta name="generator" content="[^"]*">\n', re.MULTILINE)


def sample_project(root: Path, pdf_cache: Path) -> Path:
    """The shipped site (mkdocs.yml, docs/, bulletins/) in ``root``, with PDFs cached in ``pdf_cache``
    (shared by both engines: a PDF is rendered again for one whose print page differs)."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(REPO / "hooks" / "theme")
    config["hooks"] = [str(REPO / "hooks" / "mkdocs_adapter.py")]
    config.pop("watch", None)
    config["extra"]["bulletins"].update(pdf=True, pdf_cache=str(pdf_cache))
    root.mkdir()
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(REPO / "bulletins", root / "bulletins")
    return root


def build(root: Path, engine: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if "MKDOCS_2_WARNING" not in k}
    env["SOURCE_DATE_EPOCH"] = FIXED_EPOCH
    return subprocess.run([str(BIN / engine), "build", "--strict", "-d", "site"], cwd=root, env=env,
                          capture_output=True, text=True)


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_properdocs_builds_the_same_site_as_mkdocs_apart_from_the_generator_line(tmp_path):
    built = {}
    for engine in ("mkdocs", "properdocs"):
        root = sample_project(tmp_path / engine, tmp_path / "pdf-cache")
        result = build(root, engine)
        assert result.returncode == 0, result.stderr
        built[engine] = files(root / "site")
    mkdocs, properdocs = built["mkdocs"], built["properdocs"]
    assert sorted(mkdocs) == sorted(properdocs)
    assert any(name.endswith(".pdf") for name in mkdocs)
    generator_lines = 0
    for name, content in mkdocs.items():
        other = properdocs[name]
        if name.endswith(".html"):
            generator_lines += len(GENERATOR.findall(content))
            content, other = GENERATOR.sub(b"", content), GENERATOR.sub(b"", other)
        assert content == other, f"{name} differs between mkdocs build and properdocs build"
    assert generator_lines > 10  # the one line that differs was there to be ignored


def test_the_makefile_keeps_mkdocs_2_banner_away():
    """`make serve`, `make build` and `make test` run mkdocs with the banner switched off; without
    that, Material prints it (this test fails if Material stops printing it or the switch changes)."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "export NO_MKDOCS_2_WARNING := 1" in makefile
    env = {k: v for k, v in os.environ.items() if "MKDOCS_2_WARNING" not in k}
    probe = "import sys; sys.argv[0] = 'mkdocs'; import material.templates"  # as `mkdocs` imports it
    loud = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    quiet = subprocess.run([sys.executable, "-c", probe], env={**env, "NO_MKDOCS_2_WARNING": "1"},
                           capture_output=True, text=True)
    assert "MkDocs 2.0" in loud.stderr
    assert quiet.stderr == ""
