"""Problems found in bulletins, reported all at once."""
from __future__ import annotations

import re
from dataclasses import dataclass

# Characters a line of text must not carry raw: line breaks (a value could start a line that CI reads
# as a workflow command, `::error file=…::`) and the other invisible controls. Tab stays as it is.
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_NAMED = {"\n": "\\n", "\r": "\\r"}
QUOTE_LIMIT = 60  # characters of a staff member's value quoted in a message


def escaped(text: str) -> str:
    """``text`` on one line: newlines as ``\\n``, other control characters as ``\\x0b``/``\\u2028``."""
    return _UNPRINTABLE.sub(_escape_one, text)


def _escape_one(match: re.Match) -> str:
    char = match[0]
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{ord(char):02x}" if ord(char) <= 0xFF else f"\\u{ord(char):04x}"


def shortened(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A value as a message quotes it: its text on one line (:func:`escaped`), cut to ``limit``
    characters with '…'."""
    text = escaped(value if isinstance(value, str) else _bounded_repr(value, limit))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bounded_repr(value: object, limit: int) -> str:
    """``str(value)`` of at most about ``limit`` characters, without building the whole text first
    (a value built from YAML aliases can hold billions of items)."""
    if isinstance(value, (list, tuple, dict)):
        items = value.items() if isinstance(value, dict) else value
        parts: list[str] = []
        size = 0
        for item in items:
            part = (f"{_bounded_repr(item[0], limit)}: {_bounded_repr(item[1], limit)}"
                    if isinstance(value, dict) else _bounded_repr(item, limit))
            parts.append(part)
            size += len(part) + 2
            if size > limit:
                parts.append("…")
                break
        inner = ", ".join(parts)
        return "{" + inner + "}" if isinstance(value, dict) else "[" + inner + "]"
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing a staff member must fix, located as precisely as we can."""

    path: str
    line: int | None
    field: str
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return escaped(f"{where}: {self.field}: {self.message} — {self.fix}")


def in_order(problems) -> list[Problem]:
    """Problems in the order every report gives them: by file, line, field."""
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.field))


class BulletinError(Exception):
    """Raised once per build, carrying every problem of every file."""

    def __init__(self, problems: list[Problem]):
        self.problems = in_order(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
