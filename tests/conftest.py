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
              strict: bool = True) -> subprocess.CompletedProcess:
        """Run the real ``mkdocs build --strict`` (without ``--strict``: a build that warns still
        publishes); with check, fail the test on a non-zero exit."""
        full_env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_MKDOCS_2_WARNING": "1",
                    **(env or {})}
        result = subprocess.run([*MKDOCS, "build", *(["--strict"] if strict else []), "-d", str(self.site), *args],
                                cwd=self.root, env=full_env, capture_output=True, text=True)
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
        elif any(defs[-1].scope == "module" for defs in fixtures.name2fixturedefs.values() if defs):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
