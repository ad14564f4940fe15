"""Loading and validating every bulletin and register under the bulletins folder.

All problems of all files are collected and raised once as a BulletinError;
a catalogue is only returned when there is none, so nothing half-valid is
ever published.
"""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterable

import markdown

from . import frontmatter
from .errors import BulletinError, Problem, shortened
from .model import Bulletin, Catalogue, Signatory, Topic
from .settings import Settings
from .slugs import is_slug, slugify
from .addresses import RESERVED_SLUGS, docs_collisions

TOPIC_REGISTER = "topics.yml"
SIGNATORY_REGISTER = "signatories.yml"
FIELDS = ("title", "date", "summary", "topics", "signatories", "contact", "updated",
          "replaces", "expires", "draft", "id", "aliases")
REQUIRED = ("title", "date", "topics", "signatories")
SIGNATORY_PARTS = ("name", "role", "email")
TOPIC_PARTS = ("label", "description")
EMAIL_RE = re.compile(r"^[^@\s<>\"',;:]+@[^@\s<>\"',;:]+\.[^@\s<>\"',;:.]+$")
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")
FIRST_YEAR, LAST_YEAR = 1900, 2999


class _Reporter:
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
            self.add(path, line, name, key, _fix_of(key, values), **values)


def _fix_of(key: str, values: dict) -> str:
    if key.startswith("control_char"):
        return "fix.control_char_word" if values.get("char") == "U+000B" else "fix.control_char"
    return f"fix.{key}"


def _closest(word: str, choices: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


# ---------------------------------------------------------------------------
# registers


@dataclass(frozen=True)
class Registers:
    topics: dict[str, Topic] | None = None  # None: no register, a topic's key is its label
    signatories: dict[str, Signatory] | None = None
    topic_path: str = f"bulletins/{TOPIC_REGISTER}"
    signatory_path: str = f"bulletins/{SIGNATORY_REGISTER}"
    # keys whose register entry has a problem of its own (None: the whole file), already
    # reported once: a bulletin naming one gets no second message
    broken_topics: frozenset[str] | None = frozenset()
    broken_signatories: frozenset[str] | None = frozenset()

    @staticmethod
    def is_broken(broken: frozenset[str] | None, key: str) -> bool:
        return broken is None or key in broken


def _read_register(path: Path, settings: Settings, report: _Reporter, parts: tuple[str, ...],
                   required: tuple[str, ...], fix_key: str
                   ) -> tuple[dict[str, dict[str, Any]] | None, frozenset[str] | None]:
    """The valid entries of a register (None: no register) and the keys of broken ones (None: all)."""
    rel = settings.relative(path)
    if outside(path, settings):
        report.add(rel, None, "register", "symlink_outside", "fix.symlink_outside", target=str(path.resolve()))
        return {}, None
    if not path.is_file():
        return None, frozenset()
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        report.add(rel, None, "register", "not_utf8", "fix.not_utf8", position=exc.start)
        return {}, None
    entries, problems = frontmatter.load_mapping(text)
    for name, line, key, values in problems:
        report.add(rel, line, name, key, fix_key if key == "register_not_mapping" else _fix_of(key, values),
                   **values)
    if entries is None:
        return {}, None
    out: dict[str, dict[str, Any]] = {}
    broken: set[str] = {name for name, *_ in problems}
    for key, entry in entries.items():
        if not isinstance(entry.value, dict):
            report.add(rel, entry.line, key, "register_not_mapping", fix_key)
            broken.add(key)
            continue
        ok = True
        for part, value in entry.value.items():
            if part not in parts:
                report.add(rel, entry.line, key, "register_unknown_part", "fix.register_unknown_part",
                           part=part, key=key, allowed=", ".join(parts))
                ok = False
            elif value is not None and not isinstance(value, str):
                report.add(rel, entry.line, key, "register_not_text", "fix.not_text", key=key, part=part,
                           kind=settings.t.kind(value))
                ok = False
        for part in required:
            value = entry.value.get(part)
            if value is None or (isinstance(value, str) and not value.strip()):
                report.add(rel, entry.line, key, "register_entry", "fix.register_entry", key=key, part=part)
                ok = False
        email = entry.value.get("email")
        if isinstance(email, str) and not EMAIL_RE.match(email.strip()):
            report.add(rel, entry.line, key, "bad_email", "fix.bad_email", value=email)
            ok = False
        if ok:
            out[key] = {k: v.strip() for k, v in entry.value.items() if v is not None}
        else:
            broken.add(key)
    return out, frozenset(broken)


def load_registers(settings: Settings, report: _Reporter) -> Registers:
    source = settings.source_dir
    topics_raw, broken_topics = _read_register(source / TOPIC_REGISTER, settings, report, TOPIC_PARTS,
                                               ("label",), "fix.register_topics")
    people_raw, broken_people = _read_register(source / SIGNATORY_REGISTER, settings, report,
                                               SIGNATORY_PARTS, ("name", "role"),
                                               "fix.register_signatories")
    topics = None if topics_raw is None else {
        k: Topic(key=k, label=v["label"], slug=slugify(k), description=v.get("description", ""))
        for k, v in topics_raw.items()}
    people = None if people_raw is None else {
        k: Signatory(name=v["name"], role=v["role"], email=v.get("email"), key=k)
        for k, v in people_raw.items()}
    return Registers(topics, people, settings.relative(source / TOPIC_REGISTER),
                     settings.relative(source / SIGNATORY_REGISTER), broken_topics, broken_people)


# ---------------------------------------------------------------------------
# one bulletin


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


_SUMMARY_MD = markdown.Markdown()
_NOT_PARAGRAPH = re.compile(r"^\s*(#|[-*+]\s|\d+[.)]\s|>|\||```|~~~|!!!|\?\?\?|<|\[TOC\]|---|===)")


def first_paragraph(body: str) -> str:
    """The text of the body's first paragraph, without Markdown markup."""
    lines: list[str] = []
    for line in body.splitlines():
        if not line.strip():
            if lines:
                break
            continue
        if not lines and _NOT_PARAGRAPH.match(line):
            continue
        if lines and _NOT_PARAGRAPH.match(line):
            break
        lines.append(line.strip())
    if not lines:
        return ""
    _SUMMARY_MD.reset()
    parser = _TextOf()
    parser.feed(_SUMMARY_MD.convert(" ".join(lines)))
    return " ".join("".join(parser.parts).split())


@dataclass
class _Fields:
    """Checks the fields of one document, reporting into a shared reporter."""

    doc: frontmatter.Document
    rel: str
    settings: Settings
    registers: Registers
    report: _Reporter
    lines: dict[str, int] = field(default_factory=dict)

    def problem(self, name: str, err: str, fix: str, line: int | None = None, **values: object) -> None:
        if line is None:
            value = self.doc.fields.get(name)
            line = value.line if value else None
        self.report.add(self.rel, line, name, err, fix, **values)

    # -- field kinds -----------------------------------------------------------
    def text(self, name: str, required: bool = False) -> str | None:
        value = self.doc.fields.get(name)
        if value is None:
            if required:
                self.problem(name, "missing", f"fix.missing.{name}", line=1)
            return None
        if value.value is None or (isinstance(value.value, str) and not value.value.strip()):
            self.problem(name, "empty", "fix.empty_text")
            return None
        if not isinstance(value.value, str):
            self.problem(name, "not_text", "fix.not_text", kind=self.settings.t.kind(value.value))
            return None
        return value.value.strip()

    def moment(self, name: str, required: bool = False) -> tuple[datetime, bool] | None:
        """A date (start of that day in the site's time zone) or an aware date-time."""
        value = self.doc.fields.get(name)
        if value is None:
            if required:
                self.problem(name, "missing", f"fix.missing.{name}", line=1)
            return None
        raw = value.value
        if isinstance(raw, str):
            text = raw.strip()
            try:
                raw = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
            except ValueError:
                self.problem(name, "bad_date", "fix.bad_date", value=text)
                return None
        if isinstance(raw, datetime):
            if raw.tzinfo is None:
                self.problem(name, "no_offset", "fix.no_offset", value=raw.isoformat())
                return None
            return (raw, False) if self._in_range(name, raw) else None
        if isinstance(raw, date):
            if not self._in_range(name, raw):
                return None
            return datetime.combine(raw, time(0), self.settings.timezone), True
        self.problem(name, "bad_date", "fix.bad_date", value="" if raw is None else raw)
        return None

    def _in_range(self, name: str, value: date) -> bool:
        """Years 1900-2999: outside them a date is a typo (0202 for 2020), and dates near year 1 or
        9999 overflow when moved to another time zone, or print the zone's local mean time (+01:12:12)."""
        if FIRST_YEAR <= value.year <= LAST_YEAR:
            return True
        text = value.isoformat()
        dated = re.match(r"^(\d{4})-\d\d-\d\d-", Path(self.rel).name)
        year = int(dated[1]) if dated and FIRST_YEAR <= int(dated[1]) <= LAST_YEAR else \
            self.settings.clock.astimezone(self.settings.timezone).year
        self.problem(name, "date_range", "fix.date_range", value=text, year=value.year,
                     suggestion=f"{year:04d}{text[4:]}")
        return False

    def listing(self, name: str, example: str, required: bool = False) -> list[frontmatter.Value] | None:
        value = self.doc.fields.get(name)
        if value is None:
            if required:
                self.problem(name, "missing", f"fix.missing.{name}", line=1)
            return None
        if value.value is None or value.value == []:
            self.problem(name, "empty", "fix.empty_list", example=example)
            return None
        if not isinstance(value.value, list):
            shown = value.value if isinstance(value.value, str) else example
            self.problem(name, "not_list", "fix.not_list", kind=self.settings.t.kind(value.value),
                         example=shown)
            return None
        return value.items

    def slug_list_item(self, name: str, item: frontmatter.Value) -> str | None:
        text = item.value if isinstance(item.value, str) else str(item.value)
        if not is_slug(text):
            self.problem(name, "bad_ref_slug", "fix.bad_ref_slug", line=item.line, value=text,
                         suggestion=slugify(text))
            return None
        return text

    # -- fields of the contract -------------------------------------------------
    def topics(self) -> tuple[Topic, ...]:
        items = self.listing("topics", "covid-19", required=True) or []
        register = self.registers.topics
        out: list[Topic] = []
        seen: set[str] = set()
        for item in items:
            if not isinstance(item.value, (str, int, float)) or isinstance(item.value, bool) \
                    or not str(item.value).strip():
                self.problem("topics", "not_text", "fix.not_text", line=item.line,
                             kind=self.settings.t.kind(item.value))
                continue
            key = str(item.value).strip()
            if key in seen:
                self.problem("topics", "duplicate_item", "fix.duplicate_item", line=item.line, value=key)
                continue
            seen.add(key)
            if register is None:
                out.append(Topic(key=key, label=key, slug=slugify(key)))
            elif key in register:
                out.append(register[key])
            elif not Registers.is_broken(self.registers.broken_topics, key):
                self._unknown("topics", item.line, key, register, "unknown_topic",
                              self.registers.topic_path)
        return tuple(out)

    def _unknown(self, name: str, line: int, key: str, register: dict, err: str, path: str) -> None:
        suggestion = _closest(key, register)
        if suggestion is None:
            # keys are often written as a label or a name: compare transliterated forms too
            by_slug = {slugify(k): k for k in register}
            near = _closest(slugify(key), by_slug)
            suggestion = by_slug[near] if near else None
        if suggestion:
            self.problem(name, err, "fix.did_you_mean", line=line, value=key, suggestion=suggestion,
                         register=path)
        else:
            self.problem(name, err, "fix.add_to_register", line=line, value=key, register=path)

    def signatories(self) -> tuple[Signatory, ...]:
        items = self.listing("signatories", "per-ersgard", required=True) or []
        register = self.registers.signatories
        out: list[Signatory] = []
        for item in items:
            raw = item.value
            if isinstance(raw, str):
                key = raw.strip()
                if register is None:
                    self.problem("signatories", "no_signatory_register", "fix.no_signatory_register",
                                 line=item.line, value=key, register=self.registers.signatory_path)
                elif key in register:
                    out.append(register[key])
                elif not Registers.is_broken(self.registers.broken_signatories, key):
                    self._unknown("signatories", item.line, key, register, "unknown_signatory",
                                  self.registers.signatory_path)
            elif isinstance(raw, dict):
                person = self._inline_signatory(item)
                if person:
                    out.append(person)
            else:
                self.problem("signatories", "bad_signatory", "fix.bad_signatory", line=item.line,
                             kind=self.settings.t.kind(raw))
        return tuple(out)

    def _inline_signatory(self, item: frontmatter.Value) -> Signatory | None:
        raw: dict = item.value
        ok = True
        for part in raw:
            if part not in SIGNATORY_PARTS:
                self.problem("signatories", "signatory_unknown_part", "fix.signatory_unknown_part",
                             line=item.line, part=part)
                ok = False
        for part in ("name", "role"):
            value = raw.get(part)
            if not isinstance(value, str) or not value.strip():
                self.problem("signatories", "signatory_missing", "fix.signatory_missing",
                             line=item.line, part=part)
                ok = False
        email = raw.get("email")
        if email is not None and not (isinstance(email, str) and EMAIL_RE.match(email.strip())):
            self.problem("signatories", "bad_email", "fix.bad_email", line=item.line, value=email)
            ok = False
        if not ok:
            return None
        return Signatory(name=raw["name"].strip(), role=raw["role"].strip(),
                         email=email.strip() if email else None)

    def contact(self) -> str | None:
        text = self.text("contact")
        if text is None:
            return None
        if not EMAIL_RE.match(text):
            self.problem("contact", "bad_email", "fix.bad_email", value=text)
            return None
        return text

    def draft(self) -> bool:
        value = self.doc.fields.get("draft")
        if value is None:
            return False
        if not isinstance(value.value, bool):
            self.problem("draft", "not_bool", "fix.not_bool", value=value.value)
            return False
        return value.value

    def identity(self) -> str | None:
        value = self.doc.fields.get("id")
        if value is None:
            return None
        text = str(value.value).strip() if isinstance(value.value, (str, int)) else ""
        if not ID_RE.match(text):
            self.problem("id", "bad_id", "fix.bad_id", value=value.value)
            return None
        return text

    def aliases(self) -> tuple[str, ...]:
        if "aliases" not in self.doc.fields:
            return ()
        items = self.listing("aliases", "2020-05-12-lagesbild") or []
        found: list[str] = []
        for item in items:
            alias = self.slug_list_item("aliases", item)
            if alias in RESERVED_SLUGS:
                self.problem("aliases", "reserved_alias", "fix.reserved_alias", line=item.line, value=alias)
            elif alias in found:
                self.problem("aliases", "duplicate_item", "fix.duplicate_item", line=item.line, value=alias)
            elif alias:
                found.append(alias)
        return tuple(found)

    def replaces(self) -> str | None:
        value = self.doc.fields.get("replaces")
        if value is None:
            return None
        text = str(value.value).strip() if value.value is not None else ""
        if not is_slug(text):
            self.problem("replaces", "bad_ref_slug", "fix.bad_ref_slug", value=text,
                         suggestion=slugify(text.removesuffix(".md").rsplit("/", 1)[-1]))
            return None
        return text


def _local_day(moment: datetime, settings: Settings) -> date:
    return moment.astimezone(settings.timezone).date()


def read_body(path: Path) -> str:
    """The Markdown body of a bulletin file that loaded, without its front-matter.

    Bodies are not kept with the bulletins (thousands of them would stay in memory for the whole
    build): the engine asks for each one when it renders the page.
    """
    text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    return frontmatter.split(text)[1]


def parse_bulletin(path: Path, settings: Settings, registers: Registers,
                   report: _Reporter) -> tuple[Bulletin | None, dict[str, int]]:
    """One file into a Bulletin, or None with its problems reported. Also returns field lines."""
    rel = settings.relative(path)
    slug = path.stem
    count_before = len(report.problems)
    if not is_slug(slug):
        report.add(rel, None, "file name", "bad_slug", "fix.bad_slug", name=path.name,
                   suggestion=slugify(slug) + ".md")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        report.add(rel, None, "file", "not_utf8", "fix.not_utf8", position=exc.start)
        return None, {}
    text = text.removeprefix("\ufeff")
    if slug in RESERVED_SLUGS:
        report.add(rel, None, "file name", "reserved_slug", "fix.reserved_slug", name=path.name,
                   suggestion=f"{slug}-1.md")
    try:
        doc = frontmatter.parse(text)
    except frontmatter.FrontMatterError as exc:
        name = "front-matter"
        report.add(rel, exc.line, name, exc.key, f"fix.{exc.key}", **exc.values)
        return None, {}
    report.raw(rel, doc.problems)
    report.raw(rel, frontmatter.control_problems(doc.body, doc.body_line, lambda line: "body"))
    if not doc.readable:
        return None, {}

    check = _Fields(doc, rel, settings, registers, report)
    allowed = ", ".join(FIELDS)
    for name, value in doc.fields.items():
        if name not in FIELDS:
            suggestion = _closest(name, FIELDS)
            if suggestion:
                check.problem(name, "unknown_field", "fix.unknown_field", suggestion=suggestion,
                              allowed=allowed)
            else:
                check.problem(name, "unknown_field", "fix.unknown_field_plain", allowed=allowed)

    bad_values = {name for name, *_ in doc.problems}
    title = check.text("title", required="title" not in bad_values)
    when = check.moment("date", required="date" not in bad_values)
    summary = check.text("summary")
    topics = check.topics()
    signatories = check.signatories()
    contact = check.contact()
    updated = check.moment("updated")
    expires = check.moment("expires")
    draft = check.draft()
    identity = check.identity()
    aliases = check.aliases()
    replaces = check.replaces()
    if when and updated and _local_day(updated[0], settings) < _local_day(when[0], settings):
        shown = {"value": updated[0].date().isoformat(), "date": when[0].date().isoformat()}
        check.problem("updated", "updated_before_date", "fix.updated_before_date", **shown)
    if when and expires and _local_day(expires[0], settings) < _local_day(when[0], settings):
        shown = {"value": expires[0].date().isoformat(), "date": when[0].date().isoformat()}
        check.problem("expires", "expires_before_date", "fix.expires_before_date", **shown)
    if not doc.body.strip():
        report.add(rel, doc.body_line, "body", "empty_body", "fix.empty_body")

    lines = {name: value.line for name, value in doc.fields.items()}
    if len(report.problems) > count_before:
        return None, lines
    assert title is not None and when is not None  # guaranteed: no problem was reported
    expiry = None
    if expires:
        # a plain date means "valid through that day"
        expiry = expires[0] + timedelta(days=1) if expires[1] else expires[0]
    return Bulletin(
        slug=slug, source=rel, title=title, date=when[0], date_is_day=when[1],
        summary=summary or first_paragraph(doc.body), topics=topics, signatories=signatories,
        contact=contact, updated=updated[0] if updated else None,
        replaces=replaces, expires=expiry, draft=draft, id=identity, aliases=aliases,
    ), lines


# ---------------------------------------------------------------------------
# all bulletins


def outside(path: Path, settings: Settings) -> bool:
    """Whether ``path`` is a symbolic link to a file or folder outside the project."""
    return path.is_symlink() and not path.resolve().is_relative_to(settings.root.resolve())


def discover(settings: Settings, report: _Reporter | None = None) -> list[Path]:
    """Every bulletin file under the bulletins folder, at any depth, in a stable order.

    A symbolic link is followed only when it points inside the project: one to a file or folder
    elsewhere would publish what nobody reviewed in this repository (reported, with ``report``).
    """
    if not settings.source_dir.is_dir():
        return []
    found: list[Path] = []
    folders, visited = [settings.source_dir], set()
    while folders:
        folder = folders.pop()
        if folder.resolve() in visited:  # a link back up the tree
            continue
        visited.add(folder.resolve())
        for entry in os.scandir(folder):
            path = Path(entry.path)
            is_md = entry.name.endswith(".md")
            if entry.is_symlink() and (is_md or entry.is_dir()) and outside(path, settings):
                if report is not None:
                    report.add(settings.relative(path), None, "file", "symlink_outside", "fix.symlink_outside",
                               target=str(path.resolve()))
            elif entry.is_dir():
                folders.append(path)
            elif is_md and entry.is_file():
                found.append(path)
    return sorted(found)


@dataclass
class ParseCache:
    """Parsed bulletins kept across ``mkdocs serve`` rebuilds; a file is re-read only when it changed."""

    entries: dict[Path, tuple[tuple, Bulletin | None, dict[str, int], list[Problem]]] = field(
        default_factory=dict)
    registers_key: tuple = ()
    language: str = ""

    def get(self, path: Path, settings: Settings, registers: Registers, registers_key: tuple,
            report: _Reporter) -> tuple[Bulletin | None, dict[str, int]]:
        if registers_key != self.registers_key or settings.language != self.language:
            self.entries.clear()
            self.registers_key = registers_key
            self.language = settings.language
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size)
        hit = self.entries.get(path)
        if hit and hit[0] == key:
            report.problems.extend(hit[3])
            return hit[1], hit[2]
        mine = _Reporter(settings)
        bulletin, lines = parse_bulletin(path, settings, registers, mine)
        self.entries[path] = (key, bulletin, lines, mine.problems)
        report.problems.extend(mine.problems)
        return bulletin, lines


def _registers_key(settings: Settings) -> tuple:
    out = []
    for name in (TOPIC_REGISTER, SIGNATORY_REGISTER):
        path = settings.source_dir / name
        out.append((path.stat().st_mtime_ns, path.stat().st_size) if path.exists() else None)
    return tuple(out)


def _shown_day(bulletin: Bulletin, settings: Settings) -> str:
    local = bulletin.date.astimezone(settings.timezone)
    return local.date().isoformat() if bulletin.date_is_day else local.isoformat(timespec="minutes")


def _replaces_cycles(by_slug: dict[str, Bulletin]) -> dict[str, str]:
    """Slug -> its cycle written out ("a → b → a"), for each bulletin whose ``replaces`` chain
    comes back to it. Each bulletin replaces at most one, so a chain is followed in one pass."""
    out: dict[str, str] = {}
    done: set[str] = set()
    for start in by_slug:
        path: list[str] = []
        index: dict[str, int] = {}
        slug: str | None = start
        while slug is not None and slug in by_slug and slug not in done and slug not in index:
            index[slug] = len(path)
            path.append(slug)
            slug = by_slug[slug].replaces
        if slug is not None and slug in index:
            loop = path[index[slug]:]
            if len(loop) > 1:  # a bulletin naming itself has its own message
                for at, member in enumerate(loop):
                    out[member] = " → ".join(loop[at:] + loop[:at] + [member])
        done.update(path)
    return out


def _cross_check(found: list[tuple[Bulletin, dict[str, int]]], report: _Reporter,
                 settings: Settings) -> list[Bulletin]:
    """Rules between files: unique slugs, ids and addresses; replaces that resolve; topic slugs."""
    by_slug: dict[str, Bulletin] = {}
    by_id: dict[str, Bulletin] = {}
    broken: set[str] = set()
    for bulletin, lines in found:
        other = by_slug.get(bulletin.slug)
        if other:
            report.add(bulletin.source, None, "file name", "duplicate_slug", "fix.duplicate_slug",
                       value=bulletin.slug, other=other.source)
            broken.add(bulletin.source)
            continue
        by_slug[bulletin.slug] = bulletin
        if bulletin.id:
            twin = by_id.get(bulletin.id)
            if twin:
                report.add(bulletin.source, lines.get("id"), "id", "duplicate_id", "fix.duplicate_id",
                           other=twin.source)
                broken.add(bulletin.source)
            else:
                by_id[bulletin.id] = bulletin
    addresses = {slug: b.source for slug, b in by_slug.items()}
    cycles = _replaces_cycles(by_slug)
    replaced_by: dict[str, Bulletin] = {}
    topic_slugs: dict[str, str] = {}
    for bulletin, lines in found:
        if bulletin.source in broken or by_slug.get(bulletin.slug) is not bulletin:
            continue
        for alias in bulletin.aliases:
            if alias in addresses and addresses[alias] != bulletin.source:
                report.add(bulletin.source, lines.get("aliases"), "aliases", "alias_taken",
                           "fix.alias_taken", value=alias, other=addresses[alias])
                broken.add(bulletin.source)
            else:
                addresses[alias] = bulletin.source
        if bulletin.replaces:
            line = lines.get("replaces")
            if bulletin.replaces == bulletin.slug:
                report.add(bulletin.source, line, "replaces", "replaces_self", "fix.replaces_self")
                broken.add(bulletin.source)
            elif bulletin.replaces not in by_slug:
                suggestion = _closest(bulletin.replaces, by_slug)
                if suggestion:
                    report.add(bulletin.source, line, "replaces", "replaces_missing", "fix.did_you_mean",
                               value=bulletin.replaces, suggestion=suggestion,
                               register="bulletins/")
                else:
                    report.add(bulletin.source, line, "replaces", "replaces_missing",
                               "fix.bad_ref_slug", value=bulletin.replaces,
                               suggestion="2020-05-12-lagesbild")
                broken.add(bulletin.source)
            elif bulletin.slug in cycles:
                report.add(bulletin.source, line, "replaces", "replaces_cycle", "fix.replaces_cycle",
                           chain=cycles[bulletin.slug])
                broken.add(bulletin.source)
            elif by_slug[bulletin.replaces].date > bulletin.date:
                newer = by_slug[bulletin.replaces]
                report.add(bulletin.source, line, "replaces", "replaces_newer", "fix.replaces_newer",
                           value=bulletin.replaces, date=_shown_day(newer, settings),
                           own=_shown_day(bulletin, settings), other=newer.source, slug=bulletin.slug)
                broken.add(bulletin.source)
            elif bulletin.replaces in replaced_by:
                report.add(bulletin.source, line, "replaces", "replaced_twice", "fix.replaced_twice",
                           value=bulletin.replaces, other=replaced_by[bulletin.replaces].source)
                broken.add(bulletin.source)
            else:
                replaced_by[bulletin.replaces] = bulletin
        for topic in bulletin.topics:
            owner = topic_slugs.setdefault(topic.slug, topic.key)
            if owner != topic.key:
                report.add(bulletin.source, lines.get("topics"), "topics", "topic_slug_clash",
                           "fix.topic_slug_clash", value=topic.key, other=owner, slug=topic.slug)
                broken.add(bulletin.source)
    out = []
    for slug, bulletin in by_slug.items():
        if bulletin.source in broken:
            continue
        successor = replaced_by.get(slug)
        out.append(replace(bulletin, replaced_by=successor.slug) if successor else bulletin)
    return out


def collect(settings: Settings, cache: ParseCache | None = None) -> tuple[Catalogue, list[Problem]]:
    """Every bulletin and every problem. The catalogue holds only the bulletins without problems."""
    report = _Reporter(settings)
    registers = load_registers(settings, report)
    cache = cache if cache is not None else ParseCache()
    key = _registers_key(settings)
    found = []
    for path in discover(settings, report):
        bulletin, lines = cache.get(path, settings, registers, key, report)
        if bulletin is not None:
            found.append((bulletin, lines))
    bulletins = _cross_check(found, report, settings)
    bulletins.sort(key=lambda b: (b.date, b.slug), reverse=True)
    topics = registers.topics if registers.topics is not None else {
        t.key: t for b in bulletins for t in b.topics}
    catalogue = Catalogue(tuple(bulletins), settings.clock, topics)
    return catalogue, report.problems + docs_collisions(catalogue, settings)


def load_catalogue(settings: Settings, cache: ParseCache | None = None) -> Catalogue:
    """The catalogue of a build; raises BulletinError listing every problem when there is any."""
    catalogue, problems = collect(settings, cache)
    if problems:
        raise BulletinError(problems)
    return catalogue
