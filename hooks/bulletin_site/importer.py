"""Legacy bulletins (text exported from Word, or PDF) into the parts of a draft bulletin.

Text extracted from a PDF has lost its paragraphs (often every line is followed
by a blank line) and keeps the typesetter's hyphenation ("krislednings-" at a
line's end, "organisation" on the next). The lines are put back together with
a few rules a reader applies without thinking:

- a line that starts with a lower-case letter continues the one before it;
- a hyphen at a line's end followed by a lower-case word was a line break
  (``krislednings-`` + ``organisation`` → ``krisledningsorganisation``); before
  a capital or a digit it is part of the word (``Becker-`` + ``Åström``), and
  before "och"/"eller" it is a shortened compound (``barn- och ungdomscoacher``);
- a line that ends a sentence, or is clearly shorter than a full line, ends its block;
- a bullet (•, –, *, …) starts a list item;
- a short block without closing punctuation is a heading; the first one is the title;
- "Med vänliga hälsningar" / "Kind regards" starts the closing block, whose
  "Name, role" lines are the signatories; a ``mailto:`` or e-mail line is the contact.

Whatever does not fit is kept in the body and named in ``Imported.unplaced``.
"""
from __future__ import annotations

import logging
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .frontmatter import CONTROL_RE
from .loading import EMAIL_RE

BULLET_RE = re.compile(r"^(?:[•●▪◦‣∙·*–—-]|\uf0b7|\uf0a7|\uf0d8)\s+(?P<text>\S.*)$")
NUMBERED_RE = re.compile(r"^(?P<number>\d{1,2})[.)]\s+(?P<text>\S.*)$")
GREETING_RE = re.compile(
    r"^(?:med\s+)?(?:vänlig(?:a)?\s+hälsning(?:ar)?|hälsningar|kind\s+regards|best\s+regards|"
    r"regards|yours\s+sincerely|sincerely)\s*[,.!]?$", re.IGNORECASE)
CONTACT_RE = re.compile(
    r"^(?:(?:e-?post|e-?mail|mail|kontakt|contact)\s*:\s*)?(?:mailto:)?(?P<email>\S+@\S+?)[.;,]?$",
    re.IGNORECASE)
PAGE_NUMBER_RE = re.compile(r"^(?:\d{1,3}|(?:sida|page)\s+\d+(?:\s*(?:av|of|/)\s*\d+)?|\d+\s*/\s*\d+)$",
                            re.IGNORECASE)
NAME_RE = re.compile(r"^[A-ZÅÄÖÉÜ][\w'’.-]*(?:\s+(?:[a-z]{1,3}\s+)?[A-ZÅÄÖÉÜ][\w'’.-]*){1,3}$")
TERMINAL = ".!?:;"
KEEP_SPACE_AFTER_HYPHEN = {"och", "eller", "samt", "respektive", "resp", "som", "and", "or", "to", "till"}
LINE_END_HYPHEN_RE = re.compile(r"\S-$")
LETTER_HYPHEN_RE = re.compile(r"[^\W\d_]-$")
BINARY_BYTES = bytes(c for c in range(32) if c not in b"\t\n\r\f\x0b")  # never in text from Word
BREAK = ""  # a blank line that ends a block (in text whose blank lines mean something)


@dataclass
class Imported:
    title: str | None
    signatories: list[tuple[str, str]]
    contact: str | None
    body: str  # Markdown
    unplaced: list[str] = field(default_factory=list)  # text kept in the body that needs a look
    dropped: list[str] = field(default_factory=list)  # page numbers, left out


class ImportError_(Exception):
    """The file cannot be read as a legacy bulletin; ``key`` names the message."""

    def __init__(self, key: str, **values: object):
        super().__init__(key)
        self.key = key
        self.values = values


# ---------------------------------------------------------------------------
# text from the file


def read_text(path: Path) -> str:
    """The text of a .txt (UTF-8, else Windows-1252) or .pdf file."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _pdf_text(path)
    if suffix not in (".txt", ".text", ".md"):
        raise ImportError_("cli.import_kind", name=path.name)
    data = path.read_bytes()
    controls = sum(data.count(bytes([c])) for c in BINARY_BYTES)
    if b"\0" in data or controls > max(8, len(data) // 100):  # a few stray ones are removed later
        raise ImportError_("cli.import_binary", name=path.name)
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return _has_text(text, path)


def _has_text(text: str, path: Path) -> str:
    if not text.strip():
        raise ImportError_("cli.import_no_text", name=path.name)
    return text


def without_controls(text: str) -> tuple[str, int]:
    """The text with Word's manual line breaks (U+000B) as line breaks and any other control
    character removed (no bulletin may hold one), and how many were removed."""
    return CONTROL_RE.subn("", text.replace("\x0b", "\n").replace("\f", "\n"))


def _pdf_text(path: Path) -> str:
    try:
        from pypdf import PdfReader  # noqa: PLC0415 - only `import` of a PDF needs it
        from pypdf.errors import PyPdfError  # noqa: PLC0415
    except ImportError:
        PdfReader = None  # noqa: N806
    if PdfReader is not None:
        quiet = logging.getLogger("pypdf")
        level, quiet.level = quiet.level, logging.CRITICAL  # its warnings about a damaged file, in English
        try:
            reader = PdfReader(path)
            text = "\n\f\n".join(page.extract_text() or "" for page in reader.pages)
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
                RecursionError, ZeroDivisionError):
            # pypdf raises all of these for damaged files (its own errors for the well-known kinds)
            raise ImportError_("cli.import_bad_pdf", name=path.name) from None
        finally:
            quiet.setLevel(level)
        return _has_text(text, path)
    tool = shutil.which("pdftotext")
    if tool is None:
        raise ImportError_("cli.import_no_pdf")
    done = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True)
    if done.returncode != 0:
        raise ImportError_("cli.import_bad_pdf", name=path.name)
    return _has_text(done.stdout.decode("utf-8", errors="replace"), path)


# ---------------------------------------------------------------------------
# lines into blocks


class _Block:
    """A paragraph, list item or heading: its source lines, joined into one text.

    The text is kept as pieces and joined once when read: joining line by line into one growing
    string (and searching it for a hyphen at its end) made a long block quadratic.
    """

    def __init__(self, kind: str, text: str, lines: list[str]):
        self.kind = kind  # "para", "bullet", "number" or "unplaced" (after the signatures)
        self.pieces = [text]
        self.lines = lines
        self._text: str | None = text

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(self.pieces)
        return self._text

    def add(self, line: str) -> None:
        """The next line of the block, with line-break hyphenation undone."""
        separator, drop_hyphen = _joint(self.lines[-1], line)
        if drop_hyphen:
            self.pieces[-1] = self.pieces[-1][:-1]
        self.pieces.append(separator + line)
        self.lines.append(line)
        self._text = None


def _joint(before: str, after: str) -> tuple[str, bool]:
    """How the line ``after`` joins the line ``before``: (separator, whether before's '-' goes)."""
    if LINE_END_HYPHEN_RE.search(before):
        word = re.match(r"[\w]+", after)
        first = word.group(0) if word else ""
        if first.lower() in KEEP_SPACE_AFTER_HYPHEN:
            return " ", False
        if first[:1].islower() and LETTER_HYPHEN_RE.search(before):
            return "", True
        return "", False
    return " ", False


def _ends_sentence(line: str) -> bool:
    return line.rstrip("”\"')»]").endswith(tuple(TERMINAL))


def _starts_lower(line: str) -> bool:
    for char in line:
        if char.isalpha():
            return char.islower()
        if char.isdigit():
            return False
    return False


def _blocks(lines: list[str]) -> list[_Block]:
    full = sorted(len(line) for line in lines if line)
    width = max(full[int(len(full) * 0.9)] if full else 0, 60)  # a full line: at least 60 characters
    blocks: list[_Block] = []
    fresh = True
    for line in lines:
        if line == BREAK:
            fresh = True
            continue
        after_break, fresh = fresh, False
        bullet, number = BULLET_RE.match(line), NUMBERED_RE.match(line)
        if bullet:
            blocks.append(_Block("bullet", bullet["text"], [line]))
            continue
        if number and (not blocks or _ends_sentence(blocks[-1].lines[-1])
                       or blocks[-1].kind == "number"):
            blocks.append(_Block("number", number["text"], [line]))
            continue
        if blocks and not (after_break and not LINE_END_HYPHEN_RE.search(blocks[-1].lines[-1])):
            last = blocks[-1]
            previous = last.lines[-1]
            if (LINE_END_HYPHEN_RE.search(previous) or _starts_lower(line)
                    or (not _ends_sentence(previous) and len(previous) >= 0.7 * width)):
                last.add(line)
                continue
        blocks.append(_Block("para", line, [line]))
    return blocks


def _is_heading(block: _Block) -> bool:
    if block.kind != "para" or len(block.lines) > 3:
        return False
    text = block.text
    return (len(text) <= 120
            and len(text.split()) <= 14 and not text.endswith(tuple(TERMINAL + ","))
            and (text[:1].isupper() or text[:1].isdigit()))


_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def _markdown_text(text: str) -> str:
    """Plain text made safe as Markdown: it renders as written."""
    text = _TAG_START.sub("&lt;", _MD_SPECIAL.sub(r"\\\1", text))
    if re.match(r"^(#|>|[-+*]\s|\d+[.)]\s)", text):
        text = "\\" + text
    return text


# ---------------------------------------------------------------------------
# the whole document


def _clean_lines(text: str) -> tuple[list[str], list[str]]:
    """Stripped lines, and the page numbers that were left out.

    Blank lines are kept (as BREAK) only where they mean a new paragraph: text
    extracted from a PDF often has one after every line, and then they mean nothing.
    """
    raw_lines = [" ".join(raw.replace("\u00a0", " ").split())
                 for raw in text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")]
    blank = sum(1 for line in raw_lines if not line)
    meaningful = blank < 0.5 * (len(raw_lines) - blank)
    lines, dropped = [], []
    for line in raw_lines:
        if not line:
            if meaningful and lines and lines[-1] != BREAK:
                lines.append(BREAK)
            continue
        if PAGE_NUMBER_RE.match(line):
            dropped.append(line)
            continue
        lines.append(line)
    return lines, dropped


def _signatory(line: str) -> tuple[str, str] | None:
    name, comma, role = line.partition(",")
    name, role = name.strip(), role.strip().rstrip(".")
    if comma and role and NAME_RE.match(name):
        return name, role
    return None


def parse(text: str) -> Imported:
    lines, page_numbers = _clean_lines(text)
    unplaced: list[str] = []
    contact = None
    kept: list[str] = []
    for line in lines:
        found = CONTACT_RE.match(line) if line else None
        if found and EMAIL_RE.match(found["email"]):
            if contact is None:
                contact = found["email"]
                continue
            if found["email"] == contact:
                continue
            unplaced.append(line)
        kept.append(line)

    signatories: list[tuple[str, str]] = []
    tail: list[str] = []
    closing = max((i for i, line in enumerate(kept) if GREETING_RE.match(line)), default=None)
    if closing is not None:
        people, rest = [], []
        for line in kept[closing + 1:]:
            if line == BREAK:
                continue
            person = _signatory(line)
            if person and not rest:
                people.append(person)
            else:
                rest.append(line)
        if people:  # a greeting without "Name, role" lines stays where it was
            signatories, tail, kept = people, rest, kept[:closing]
            unplaced.extend(rest)

    blocks = _blocks(kept)
    title = None
    if blocks and _is_heading(blocks[0]):
        title = blocks.pop(0).text
    leftover = _blocks(tail)
    for block in leftover:
        block.kind = "unplaced" if block.kind == "para" else block.kind
    blocks += leftover
    parts: list[str] = []
    previous_kind = None
    for block in blocks:
        text_md = _markdown_text(block.text)
        if block.kind == "bullet":
            item = f"- {text_md}"
        elif block.kind == "number":
            item = f"1. {text_md}"
        elif block.kind == "para" and _is_heading(block):
            item = f"## {block.text}"
        else:
            item = text_md
        if parts and block.kind == previous_kind and block.kind in ("bullet", "number"):
            parts[-1] += "\n" + item
        else:
            parts.append(item)
        previous_kind = block.kind
    return Imported(title, signatories, contact, "\n\n".join(parts) + "\n", unplaced, page_numbers)
