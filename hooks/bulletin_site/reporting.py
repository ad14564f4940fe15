"""Collecting problems in the site's language, each value a staff member wrote quoted cut short, and
writing them out as ``bulletins check`` does: as text, GitHub annotations, a GitLab Code Quality
report or JSON."""
from __future__ import annotations

import difflib
import hashlib
import json
from pathlib import Path
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


# ---------------------------------------------------------------------------
# bulletins check's output


def _github_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def _display_path(settings: Settings, problem: Problem) -> str:
    """The problem's file relative to the working folder (where CI runs), as CI annotations need it."""
    path = settings.root / problem.path
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return problem.path


def format_problems(problems: list[Problem], settings: Settings, fmt: str) -> str:
    """``bulletins check``'s output: ``text`` (one line each), ``github`` (workflow annotations),
    ``gitlab`` (a Code Quality report) or ``json``."""
    if fmt == "text":
        return "".join(f"{p}\n" for p in problems)
    if fmt == "github":
        lines = []
        for p in problems:
            props = f"file={_github_escape(_display_path(settings, p), True)}"
            if p.line:
                props += f",line={p.line}"
            props += f",title={_github_escape(p.field, True)}"
            lines.append(f"::error {props}::{_github_escape(f'{p.message} — {p.fix}')}\n")
        return "".join(lines)
    if fmt == "gitlab":
        report = []
        for p in problems:
            path = _display_path(settings, p)
            description = f"{p.field}: {p.message} — {p.fix}"
            report.append({
                "description": description,
                "check_name": f"bulletins/{p.field}",
                "fingerprint": hashlib.sha1(f"{path}\n{p.line}\n{description}".encode()).hexdigest(),
                "severity": "critical",
                "location": {"path": path, "lines": {"begin": p.line or 1}},
            })
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    return json.dumps([{"path": p.path, "line": p.line, "field": p.field, "message": p.message, "fix": p.fix,
                        "text": str(p)} for p in problems], ensure_ascii=False, indent=2) + "\n"
