"""Collecting problems in the site's language, each value a staff member wrote quoted cut short."""
from __future__ import annotations

import difflib
from typing import Iterable

from . import frontmatter
from .errors import Problem, shortened
from .settings import Settings


class Reporter:
    """Collects problems in the site's language; a staff member's value is quoted cut short."""

    OURS = frozenset({"allowed", "register", "other", "count", "column", "limit", "date"})

    def __init__(self, settings: Settings):
        self.t = settings.t
        self.problems: list[Problem] = []

    def add(self, path: str, line: int | None, field_name: str, err: str, fix: str,
            **values: object) -> None:
        values = {k: v if k in self.OURS else shortened(v) for k, v in values.items()}
        self.problems.append(Problem(path, line, shortened(field_name), self.t(f"err.{err}", **values),
                                     self.t(fix, **values)))

    def raw(self, path: str, problems: Iterable[frontmatter.RawProblem]) -> None:
        """Problems found while reading YAML: (field, line, message key, values)."""
        for name, line, key, values in problems:
            self.add(path, line, name, key, fix_of(key, values), **values)


def fix_of(key: str, values: dict) -> str:
    if key.startswith("control_char"):
        return "fix.control_char_word" if values.get("char") == "U+000B" else "fix.control_char"
    return f"fix.{key}"


def closest(word: str, choices: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None
