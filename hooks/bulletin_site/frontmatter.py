"""Reading a bulletin file: front-matter fields with their line numbers, and the body.

MkDocs' own front-matter reader turns broken YAML into "no metadata"; this one
reports it. Each field's value is constructed on its own so that one bad value
(``date: 2020-13-45`` makes PyYAML raise a bare ``ValueError``) is reported
with its line while every other field is still checked.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # the C loader is several times faster; the pure-Python one is the fallback
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as Loader  # type: ignore[assignment]


class FrontMatterError(Exception):
    """The file cannot be read as front-matter + body; ``key`` names the message."""

    def __init__(self, key: str, line: int | None = None, **values: object):
        super().__init__(key)
        self.key = key
        self.line = line
        self.values = values


@dataclass
class Value:
    """One front-matter value and where it was written."""

    value: Any
    line: int
    node: yaml.Node
    items: list["Value"] = field(default_factory=list)  # for lists: each item with its line


@dataclass
class Document:
    fields: dict[str, Value]
    problems: list[tuple[str, int, str, dict]]  # (field, line, message key, values)
    body: str
    body_line: int


def split(text: str) -> tuple[str, str, int]:
    """(YAML text, body, line where the body starts); the YAML starts on line 2."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        raise FrontMatterError("no_front_matter", 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise FrontMatterError("unclosed_front_matter", 1)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 2  # +1 for 1-based, +1 for the opening '---'


def parse(text: str) -> Document:
    """Parse a whole bulletin file. Raises FrontMatterError when nothing can be read."""
    yaml_text, body, body_line = split(text)
    loader = Loader(yaml_text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            detail = exc.problem or str(exc)
            raise FrontMatterError("yaml", mark.line + 2 if mark else 1, detail=detail) from None
        if root is None or not isinstance(root, yaml.MappingNode):
            raise FrontMatterError("not_mapping", _line(root) if root is not None else 1)
        fields: dict[str, Value] = {}
        problems: list[tuple[str, int, str, dict]] = []
        for key_node, value_node in root.value:
            key = str(key_node.value)
            line = _line(key_node)
            if key in fields:
                problems.append((key, line, "duplicate_field", {"other": fields[key].line}))
                continue
            try:
                value = loader.construct_object(value_node, deep=True)
            except ValueError:
                # PyYAML recognises 2020-13-45 as a timestamp and then fails to build it
                problems.append((key, _line(value_node), "bad_date", {"value": value_node.value}))
                continue
            except yaml.MarkedYAMLError as exc:
                problems.append((key, _line(value_node), "yaml", {"detail": exc.problem or str(exc)}))
                continue
            items = []
            if isinstance(value_node, yaml.SequenceNode) and isinstance(value, list):
                items = [Value(v, _line(n), n) for v, n in zip(value, value_node.value)]
            fields[key] = Value(value, _line(value_node), value_node, items)
        return Document(fields, problems, body, body_line)
    finally:
        loader.dispose()


def load_mapping(text: str) -> tuple[dict[str, Value] | None, tuple[int, str] | None]:
    """A register file: top-level keys with their values and lines, or (None, (line, detail))."""
    loader = Loader(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            return None, ((mark.line + 1) if mark else 1, exc.problem or str(exc))
        if root is None:
            return {}, None
        if not isinstance(root, yaml.MappingNode):
            return None, (root.start_mark.line + 1, "")
        out: dict[str, Value] = {}
        for key_node, value_node in root.value:
            try:
                value = loader.construct_object(value_node, deep=True)
            except (ValueError, yaml.YAMLError) as exc:
                return None, (value_node.start_mark.line + 1, str(exc))
            out[str(key_node.value)] = Value(value, key_node.start_mark.line + 1, value_node)
        return out, None
    finally:
        loader.dispose()
