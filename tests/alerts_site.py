"""The alerts' fixture site (tests/fixtures/alerts), built with the real `mkdocs build --strict` at the
fixture clock (2023-11-14 23:13 in Stockholm). What it holds, by slug:

- ``UPDATE`` (severe, active, expires 30 Nov) replaces ``ORIGINAL`` (severe): the one alert in the banner
- ``ROADWORK`` (moderate, active): on the home page's list, not in the banner
- ``ALL_CLEAR`` (response allclear, 14 Nov 10:00) ends ``FIRE`` (extreme)
- ``EXPIRED`` (severe, expired 5 Oct), ``EXERCISE`` (extreme, status exercise)
- ``PLAIN`` (no alert, with images), ``SCHEDULED`` (severe, starts 20 Nov 06:00: not built)
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import BASE_CONFIG, Project, empty_project

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "alerts"
ORIGINAL = "2023-11-10-kokningsrekommendation-kolback"
UPDATE = "2023-11-12-kokningsrekommendation-kolback-uppdatering"
UPDATE_TITLE = "Kokningsrekommendation i Kolbäck & Strömsholm <i>utökas</i>"
ROADWORK = "2023-11-13-vagarbete"
FIRE = "2023-11-01-brandrisk"
ALL_CLEAR = "2023-11-14-brandrisk-over"
EXPIRED = "2023-10-01-stormvarning"
EXERCISE = "2023-11-14-ovning-vma"
PLAIN = "2023-11-05-lagesbild"
SCHEDULED = "2023-11-20-storm-planerad"
PUBLIC = (ORIGINAL, UPDATE, ROADWORK, FIRE, ALL_CLEAR, EXPIRED, EXERCISE, PLAIN)


def alerts_project(root: Path) -> Project:
    project = empty_project(root)
    shutil.copytree(FIXTURE / "bulletins", project.root / "bulletins", dirs_exist_ok=True)
    shutil.copy(FIXTURE / "docs" / "om.md", project.root / "docs" / "om.md")
    project.configure(nav=[*BASE_CONFIG["nav"], {"Om": "om.md"}])
    return project


def q(node, selector: str) -> list:
    """The elements under ``node`` a simple CSS selector finds (tag, .class, #id, [attr=value], descendants)."""
    steps = []
    for part in selector.split():
        m = re.fullmatch(r"([\w-]*)((?:\.[\w-]+)*)(#[\w-]+)?(?:\[([\w-]+)=([\w-]+)\])?", part)
        tag, classes, ident, attr, value = m.groups()
        test = [f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')" for c in classes.split(".") if c]
        if ident:
            test.append(f"@id='{ident[1:]}'")
        if attr:
            test.append(f"@{attr}='{value}'")
        steps.append((tag or "*") + "".join(f"[{t}]" for t in test))
    return node.xpath(".//" + "//".join(steps))
