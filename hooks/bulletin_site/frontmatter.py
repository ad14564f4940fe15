"""Reading a bulletin file: front-matter fields with their line numbers, and the body.

MkDocs' own front-matter reader turns broken YAML into "no metadata"; this one
reports it. Each field's value is constructed on its own so that one bad value
(``date: 2020-13-45`` makes PyYAML raise a bare ``ValueError``) is reported
with its line while every other field is still checked.

Before anything is built from the YAML, the text and the tree of nodes are
checked for what would otherwise crash or stall a build: control characters
(reported, then read as spaces so every other field is still checked), aliases
(a "billion laughs" value expands to gigabytes; front-matter has no use for
them), nesting deeper than any field needs, and a key written twice. A YAML
syntax error is put in the author's words (:func:`yaml_problem`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterator

import yaml

try:  # the C loader is several times faster; the pure-Python one is the fallback
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

# Characters no text of a bulletin may hold: C0 controls but tab, newline and carriage return (a line
# end); DEL and the C1 controls; the line and paragraph separators U+2028 and U+2029 (pasted from the
# web, they end a line for YAML but for no editor); the non-characters U+FFFE and U+FFFF. XML (feeds)
# refuses most of them and a reader sees none of them.
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
MAX_DEPTH = 32  # the deepest field of the contract (alert.area[].desc) is 4 deep
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_OPENING_RE = re.compile(r"---[^\S\n]*(?:\n|$)")
_CLOSING_RE = re.compile(r"^(?:---|\.\.\.)[^\S\n]*(?:\n|\Z)", re.MULTILINE)
_TOP_KEY_RE = re.compile(r"""^(?:["']?)([^\s#:'"\-?][^:]*?)(?:["']?)\s*:(?:\s|$)""")


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


# (field, line, message key, values): the message key is an ``err.`` string, its fix ``fix.<key>``
RawProblem = tuple[str, int | None, str, dict]


@dataclass
class Document:
    fields: dict[str, Value]
    problems: list[RawProblem]
    body: str
    body_line: int
    readable: bool = True  # False: the YAML could not be read at all; ``fields`` is empty


def lines_of(text: str) -> list[str]:
    """The lines of ``text`` with their ends; only CR LF, LF and CR end a line (as in YAML)."""
    return _LINE_RE.findall(text)


def split(text: str) -> tuple[str, str, int]:
    """(YAML text, body, line where the body starts); the YAML starts on line 2.

    Only the front-matter is cut into lines: the body may be long.
    """
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\n")  # a file with the old Mac line ends
    opening = _OPENING_RE.match(text)
    if opening is None:
        raise FrontMatterError("no_front_matter", 1)
    closing = _CLOSING_RE.search(text, opening.end())
    if closing is None:
        raise FrontMatterError("unclosed_front_matter", 1)
    yaml_text = text[opening.end():closing.start()]
    return yaml_text, text[closing.end():], len(lines_of(yaml_text)) + 3


def controls(text: str, first_line: int = 1) -> Iterator[tuple[int, int, str]]:
    """(line, column, character) of every control character in ``text``; lines count from ``first_line``."""
    if not CONTROL_RE.search(text):
        return
    for number, line in enumerate(lines_of(text), start=first_line):
        for match in CONTROL_RE.finditer(line):
            yield number, match.start() + 1, match[0]


def control_problems(text: str, first_line: int, field_of) -> list[RawProblem]:
    """One problem per field and character: its first place, and how often it occurs."""
    found: dict[tuple[str, str], list] = {}
    for line, column, char in controls(text, first_line):
        entry = found.setdefault((field_of(line), char), [line, column, 0])
        entry[2] += 1
    return [(name, line, "control_char" if count == 1 else "control_chars",
             {"char": f"U+{ord(char):04X}", "column": column, "count": count})
            for (name, char), (line, column, count) in found.items()]


def _field_finder(text: str, first_line: int, default: str):
    """A function: the top-level key a line of ``text`` belongs to (``default`` above the first one)."""
    keys: list[tuple[int, str]] = []
    for number, line in enumerate(lines_of(text), start=first_line):
        match = _TOP_KEY_RE.match(line)
        if match:
            keys.append((number, match[1].strip()))

    def field_of(line: int) -> str:
        name = default
        for number, key in keys:
            if number > line:
                break
            name = key
        return name

    return field_of


# ---------------------------------------------------------------------------
# YAML syntax errors in the author's words

def yaml_problem(exc: yaml.YAMLError, text: str, offset: int) -> tuple[int, str, dict]:
    """(line, message key, values) of a YAML error; ``offset`` turns a 0-based YAML line into a file line."""
    if not isinstance(exc, yaml.MarkedYAMLError):
        return offset, "yaml", {"detail": str(exc).split("\n", 1)[0]}
    context = exc.context or ""
    problem = exc.problem or ""
    mark, start = exc.problem_mark, exc.context_mark
    lines = text.split("\n")
    if "unknown escape" in problem and mark is not None:
        return mark.line + offset, "yaml_escape", {}
    if "quoted scalar" in context and "end of stream" in problem and start is not None:
        return start.line + offset, "yaml_unclosed_quote", {"quote": _char_at(lines, start)}
    if "flow sequence" in context and start is not None:
        return start.line + offset, "yaml_unclosed_bracket", {"bracket": "[", "closing": "]"}
    if "flow mapping" in context and start is not None:
        return start.line + offset, "yaml_unclosed_bracket", {"bracket": "{", "closing": "}"}
    if mark is not None:
        line = lines[mark.line] if mark.line < len(lines) else ""
        if "tab" in problem or (_char_at(lines, mark) == "\t") or line[: len(line) - len(line.lstrip())].count("\t"):
            return mark.line + offset, "yaml_tab", {}
        if "mapping values are not allowed" in problem:
            colon = re.match(r"^(\s*(?:-\s+)?)([^\s:#][^:]*):\s+(\S.*)$", line)
            if colon and ": " in colon[3] + " " and not colon[3].startswith(("'", '"')):
                quoted = colon[3].replace('"', "'")
                return mark.line + offset, "yaml_colon", {"suggestion": f'{colon[2]}: "{quoted}"'}
            return mark.line + offset, "yaml_indent", {}
        if any(word in problem for word in ("expected <block end>", "expected key", "'-' indicator",
                                            "could not find expected ':'")):
            return mark.line + offset, "yaml_indent", {}
        if "cannot start any token" in problem and _char_at(lines, mark) in ("@", "`", "%"):
            return mark.line + offset, "yaml_reserved", {"char": _char_at(lines, mark)}
        if "undefined alias" in problem:
            return mark.line + offset, "yaml_alias", {}
    where = mark or start
    return (where.line + offset if where else offset), "yaml", {"detail": problem or context or str(exc)}


def _char_at(lines: list[str], mark: yaml.Mark) -> str:
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column] if mark.column < len(line) else ""


# ---------------------------------------------------------------------------
# the tree of nodes


def _compose(text: str, offset: int) -> tuple[yaml.Node | None, Loader, RawProblem | None]:
    loader = Loader(text)
    try:
        return loader.get_single_node(), loader, None
    except yaml.YAMLError as exc:
        line, key, values = yaml_problem(exc, text, offset)
        return None, loader, ("front-matter", line, key, values)
    except RecursionError:
        return None, loader, ("front-matter", offset, "yaml_deep", {"limit": MAX_DEPTH})


def key_name(node: yaml.Node) -> str:
    """A key as messages name it. A list or mapping as a key (``? [a, b]``) is named by its kind: its
    text could be built from aliases, gigabytes of it."""
    if isinstance(node, yaml.ScalarNode):
        return node.value
    return "[…]" if isinstance(node, yaml.SequenceNode) else "{…}"


def check_tree(root: yaml.MappingNode, offset: int, top_level_duplicates: bool,
               escapes: bool = True) -> tuple[list[RawProblem], set[str]]:
    """Aliases, nesting, keys written twice and (with ``escapes``: the YAML has a backslash) control
    characters written as escapes ("\\v" in double quotes), under ``root``; iterative, each node once.

    Fields are walked in the order they are written, each in document order, so an alias is blamed
    on the field that uses it, not on the one holding its anchor. An alias of a scalar is harmless
    and left alone; one of a list or mapping is refused (nine of them nested nine deep expand to
    gigabytes). Returns the problems and the top-level keys whose values must not be constructed.
    """
    problems: list[RawProblem] = []
    spoiled: set[str] = set()
    seen: set[int] = set()
    keys: dict[str, int] = {}

    def spoil(name: str, line: int, key: str, values: dict) -> None:
        if name not in spoiled:  # one message a field: a "billion laughs" has millions of aliases
            problems.append((name, line, key, values))
        spoiled.add(name)

    def scalar(node: yaml.Node, name: str) -> None:
        match = CONTROL_RE.search(node.value)
        if match:
            problems.append((name, node.start_mark.line + offset, "control_char",
                             {"char": f"U+{ord(match[0]):04X}", "column": node.start_mark.column + 1, "count": 1}))

    for key_node, value_node in root.value:
        name = key_name(key_node)
        line = key_node.start_mark.line + offset
        if name in keys and top_level_duplicates:
            problems.append((name, line, "duplicate_entry", {"other": keys[name]}))
            spoiled.add(name)
        keys.setdefault(name, line)
        if escapes and isinstance(key_node, yaml.ScalarNode):
            scalar(key_node, name)
        stack: list[tuple[yaml.Node, int]] = [(value_node, 1)]
        while stack:
            node, depth = stack.pop()
            if isinstance(node, yaml.ScalarNode):
                if escapes:
                    scalar(node, name)
                continue
            if id(node) in seen:
                # the alias's own place is unknown (its node carries its anchor's): the field's line, or later
                spoil(name, max(node.start_mark.line + offset, line), "yaml_alias", {})
                continue
            seen.add(id(node))
            if depth >= MAX_DEPTH:
                spoil(name, node.start_mark.line + offset, "yaml_deep", {"limit": MAX_DEPTH})
                continue
            if isinstance(node, yaml.SequenceNode):
                stack.extend((item, depth + 1) for item in reversed(node.value))
                continue
            inner: dict[object, yaml.Node] = {}
            for inner_key, inner_value in reversed(node.value):
                stack += [(inner_value, depth + 1), (inner_key, depth + 1)]
            for inner_key, _ in node.value:
                if isinstance(inner_key, yaml.ScalarNode):
                    first = inner.setdefault(inner_key.value, inner_key)
                    if first is not inner_key:
                        problems.append((name, inner_key.start_mark.line + offset, "duplicate_key",
                                         {"key": inner_key.value, "other": first.start_mark.line + offset}))
    return problems, spoiled


def _clean(text: str, offset: int, default: str) -> tuple[str, list[RawProblem]]:
    """The text with control characters read as spaces, and a problem for each."""
    if not CONTROL_RE.search(text):
        return text, []
    problems = control_problems(text, offset, _field_finder(text, offset, default))
    return CONTROL_RE.sub(" ", text), problems


def _construct(loader: Loader, node: yaml.Node) -> tuple[Any, str | None]:
    """(value, None), or (None, message key) when PyYAML cannot build the value."""
    try:
        return loader.construct_object(node, deep=True), None
    except (ValueError, OverflowError):
        # PyYAML recognises 2020-13-45 as a timestamp and then fails to build it
        return None, "bad_date" if node.tag.endswith(":timestamp") else "not_readable"
    except (yaml.YAMLError, RecursionError):
        return None, "not_readable"


def parse(text: str) -> Document:
    """Parse a whole bulletin file. Raises FrontMatterError when nothing can be read."""
    yaml_text, body, body_line = split(text)
    yaml_text, problems = _clean(yaml_text, 2, "front-matter")
    root, loader, failure = _compose(yaml_text, 2)
    try:
        if failure is not None:
            return Document({}, problems + [failure], body, body_line, readable=False)
        if root is None or not isinstance(root, yaml.MappingNode):
            raise FrontMatterError("not_mapping", root.start_mark.line + 2 if root is not None else 1)
        tree_problems, spoiled = check_tree(root, 2, top_level_duplicates=False, escapes="\\" in yaml_text)
        problems += tree_problems
        fields: dict[str, Value] = {}
        for key_node, value_node in root.value:
            key = key_name(key_node)
            line = key_node.start_mark.line + 2
            if key in fields:
                problems.append((key, line, "duplicate_field", {"other": fields[key].line}))
                continue
            if key in spoiled:
                continue
            value, error = _construct(loader, value_node)
            if error:
                problems.append((key, value_node.start_mark.line + 2, error,
                                 {"value": value_node.value if isinstance(value_node.value, str) else ""}))
                continue
            items = []
            if isinstance(value_node, yaml.SequenceNode) and isinstance(value, list):
                items = [Value(v, n.start_mark.line + 2, n) for v, n in zip(value, value_node.value)]
            fields[key] = Value(value, value_node.start_mark.line + 2, value_node, items)
        return Document(fields, problems, body, body_line)
    finally:
        loader.dispose()


def load_mapping(text: str) -> tuple[dict[str, Value] | None, list[RawProblem]]:
    """A register file: its top-level keys with their values and lines, and its problems.

    None instead of the mapping when the file cannot be read at all, or is not a mapping (then the
    one problem has the key ``register_not_mapping``). Entries with a problem of their own are left out.
    """
    text, problems = _clean(text, 1, "register")
    root, loader, failure = _compose(text, 1)
    try:
        if failure is not None:
            return None, problems + [("register", *failure[1:])]
        if root is None:
            return {}, problems
        if not isinstance(root, yaml.MappingNode):
            return None, problems + [("register", root.start_mark.line + 1, "register_not_mapping", {})]
        tree_problems, spoiled = check_tree(root, 1, top_level_duplicates=True, escapes="\\" in text)
        problems += tree_problems
        broken = spoiled | {name for name, *_ in problems}
        out: dict[str, Value] = {}
        for key_node, value_node in root.value:
            key = key_name(key_node)
            if key in broken:
                continue
            value, error = _construct(loader, value_node)
            if error:
                problems.append((key, value_node.start_mark.line + 1, error, {"value": ""}))
                continue
            out[key] = Value(value, key_node.start_mark.line + 1, value_node)
        return out, problems
    finally:
        loader.dispose()
