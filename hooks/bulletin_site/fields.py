"""The fields of one bulletin's front-matter: each checked, with its line, by kind (text, date, list).

``Fields`` reports into a shared Reporter, so every problem of every field is found in one pass.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import markdown

from . import frontmatter, languages
from .alertfields import check_alert
from .addresses import RESERVED_SLUGS
from .model import Signatory, Topic
from .reporting import Reporter, closest
from .settings import Settings
from .slugs import is_slug, slugify

if TYPE_CHECKING:
    from .registers import Registers

SIGNATORY_PARTS = ("name", "role", "email")
SIGNATORY_REQUIRED = ("name", "role")
EMAIL_RE = re.compile(r"^[^@\s<>\"',;:]+@[^@\s<>\"',;:]+\.[^@\s<>\"',;:.]+$")
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")
FIRST_YEAR, LAST_YEAR = 1900, 2999


def signatory_of(entry: dict, key: str | None = None) -> Signatory:
    """The signatory an entry without flaws describes (``key``: its key in the register)."""
    email = entry.get("email")
    return Signatory(name=entry["name"].strip(), role=entry["role"].strip(),
                     email=email.strip() if email else None, key=key)


class Flaw(enum.Enum):
    """A rule an entry breaks (a register's entry, or a signatory written in a bulletin)."""

    UNKNOWN_PART = "unknown_part"
    NOT_TEXT = "not_text"
    MISSING = "missing"
    BAD_EMAIL = "bad_email"


def entry_flaws(entry: dict, parts: tuple[str, ...], required: tuple[str, ...]) -> list[tuple[Flaw, str, Any]]:
    """Every rule ``entry`` breaks, as (flaw, part, value), in the order they are reported: its
    parts as written (unknown, or not text), then the required parts it lacks, then its email.
    The one validator of register entries and of signatories written in a bulletin."""
    flaws: list[tuple[Flaw, str, Any]] = []
    for part, value in entry.items():
        if part not in parts:
            flaws.append((Flaw.UNKNOWN_PART, part, value))
        elif value is not None and not isinstance(value, str):
            flaws.append((Flaw.NOT_TEXT, part, value))
    for part in required:
        value = entry.get(part)
        if value is None or (isinstance(value, str) and not value.strip()):
            flaws.append((Flaw.MISSING, part, value))
    email = entry.get("email")
    if "email" in parts and isinstance(email, str) and not EMAIL_RE.match(email.strip()):
        flaws.append((Flaw.BAD_EMAIL, "email", email))
    return flaws


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
class Fields:
    """Checks the fields of one document, reporting into a shared reporter."""

    doc: frontmatter.Document
    rel: str
    settings: Settings
    registers: Registers
    report: Reporter
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
            # the local year too: 1900-01-01T00:00+14:00 is still 1899 in Stockholm, in local mean time
            ok = self._in_range(name, raw) and self._in_range(name, raw.astimezone(self.settings.timezone), raw)
            return (raw, False) if ok else None
        if isinstance(raw, date):
            if not self._in_range(name, raw):
                return None
            return datetime.combine(raw, time(0), self.settings.timezone), True
        self.problem(name, "bad_date", "fix.bad_date", value="" if raw is None else raw)
        return None

    def _in_range(self, name: str, value: date, written: date | None = None) -> bool:
        """Years 1900-2999: outside them a date is a typo (0202 for 2020), and dates near year 1 or
        9999 overflow when moved to another time zone, or print the zone's local mean time (+01:12:12)."""
        if FIRST_YEAR <= value.year <= LAST_YEAR:
            return True
        text = (written or value).isoformat()
        dated = re.match(r"^(\d{4})-\d\d-\d\d-", Path(self.rel).name)
        year = int(dated[1]) if dated and FIRST_YEAR <= int(dated[1]) <= LAST_YEAR else \
            self.settings.clock.astimezone(self.settings.timezone).year
        self.problem(name, "date_range", "fix.date_range", value=text, year=value.year,
                     suggestion=f"{year:04d}{text[4:]}")
        return False

    def listing(self, name: str, required: bool = False) -> list[frontmatter.Value] | None:
        example = FIELD_EXAMPLES[name]  # what the fix for a value that is not a list writes
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
    def topics(self, required: bool) -> tuple[Topic, ...]:
        items = self.listing("topics", required=required) or []
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
            elif not self.registers.is_broken(self.registers.broken_topics, key):
                self._unknown("topics", item.line, key, register, "unknown_topic",
                              self.registers.topic_path)
        return tuple(out)

    def _unknown(self, name: str, line: int, key: str, register: dict, err: str, path: str) -> None:
        suggestion = closest(key, register)
        if suggestion is None:
            # keys are often written as a label or a name: compare transliterated forms too
            by_slug = {slugify(k): k for k in register}
            near = closest(slugify(key), by_slug)
            suggestion = by_slug[near] if near else None
        if suggestion:
            self.problem(name, err, "fix.did_you_mean", line=line, value=key, suggestion=suggestion,
                         register=path)
        else:
            self.problem(name, err, "fix.add_to_register", line=line, value=key, register=path)

    def signatories(self, required: bool) -> tuple[Signatory, ...]:
        items = self.listing("signatories", required=required) or []
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
                elif not self.registers.is_broken(self.registers.broken_signatories, key):
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
        flaws = entry_flaws(raw, SIGNATORY_PARTS, SIGNATORY_REQUIRED)
        for flaw, part, value in flaws:
            if flaw is Flaw.UNKNOWN_PART:
                self.problem("signatories", "signatory_unknown_part", "fix.signatory_unknown_part",
                             line=item.line, part=part)
            elif flaw is Flaw.NOT_TEXT:
                self.problem("signatories", "signatory_not_text", "fix.not_text", line=item.line, part=part,
                             kind=self.settings.t.kind(value))
            elif flaw is Flaw.BAD_EMAIL:
                self.problem("signatories", "bad_email", "fix.bad_email", line=item.line, value=value)
            else:  # a name or role missing
                self.problem("signatories", "signatory_missing", "fix.signatory_missing",
                             line=item.line, part=part)
        return None if flaws else signatory_of(raw)

    def contact(self) -> str | None:
        text = self.text("contact")
        if text is None:
            return None
        if not EMAIL_RE.match(text):
            self.problem("contact", "bad_email", "fix.bad_email", value=text)
            return None
        return text

    def draft(self) -> bool:
        return self.flag("draft", "fix.not_bool")

    def flag(self, name: str, fix: str) -> bool:
        value = self.doc.fields.get(name)
        if value is None:
            return False
        if not isinstance(value.value, bool):
            self.problem(name, "not_bool", fix, value=value.value)
            return False
        return value.value

    def lang(self) -> str:
        """A BCP 47 tag (``languages.tag_problem``); the site's language when not given."""
        value = self.doc.fields.get("lang")
        if value is None:
            return self.settings.language
        text = value.value.strip() if isinstance(value.value, str) else ""
        if not text:
            self.problem("lang", "empty" if value.value in (None, "") else "not_text",
                         "fix.bad_lang", kind=self.settings.t.kind(value.value), suggestion="en")
            return self.settings.language
        problem = languages.tag_problem(text)
        if problem:
            self.problem("lang", problem[0], "fix.bad_lang", value=text, suggestion=problem[1])
            return self.settings.language
        return languages.normal(text)

    def translation_of(self) -> str | None:
        return self.replaces("translation_of")

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
        items = self.listing("aliases") or []
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

    def replaces(self, name: str = "replaces") -> str | None:
        """The slug of another bulletin (``replaces``, ``translation_of``)."""
        value = self.doc.fields.get(name)
        if value is None:
            return None
        text = str(value.value).strip() if value.value is not None else ""
        if not is_slug(text):
            self.problem(name, "bad_ref_slug", "fix.bad_ref_slug", value=text,
                         suggestion=slugify(text.removesuffix(".md").rsplit("/", 1)[-1]))
            return None
        return text




# ---- the front-matter contract ------------------------------------------------------------

@dataclass(frozen=True)
class FieldSpec:
    """One front-matter field: the one place its name, required-ness, example and description are
    written. ``processor`` checks it by its kind (text, date, list, …), reporting its problems, and
    returns its value; it is given whether the field is required and not already refused as YAML."""

    name: str
    required: bool
    example: str  # a value as written in front-matter: the README shows it, a list's fix its first item
    description: str  # the README's "what it takes", in Markdown
    processor: Callable[[Fields, bool], Any]
    kind: str = "text"  # what YAML value it takes (the README's "kind" column)
    # a translation takes the field from its original and may not set it (``languages.inherit``);
    # the name is also the Bulletin attribute that is copied
    inherited: bool = False


# In this order fields are checked, written by `bulletins new`, and listed in the README.
FIELD_TABLE: tuple[FieldSpec, ...] = (
    FieldSpec("title", True, "Covid-19 – lägesbild", "the heading of the page, the feeds and the PDF",
              lambda check, required: check.text("title", required=required)),
    FieldSpec("date", True, "2020-05-12",
              "a date (`2020-05-12`, the start of that day in the site's time zone) or a date-time "
              "with offset (`2020-05-12T09:00:00+02:00`)",
              lambda check, required: check.moment("date", required=required), kind="date"),
    FieldSpec("summary", False, "Kort om läget.",
              "text shown in listings and feeds; without it the first paragraph of the body",
              lambda check, required: check.text("summary", required=required)),
    FieldSpec("topics", True, "[covid-19]", "a list of topic keys (`[covid-19]`, not `covid-19`); "
              "a translation takes its original's",
              lambda check, required: check.topics(required=required), kind="list of keys", inherited=True),
    FieldSpec("signatories", True, "[per-ersgard]",
              "a list; each is `name:` + `role:` (+ optional `email:`, shown as a mail link under the "
              "signature), or a key of the signatory register",
              lambda check, required: check.signatories(required=required), kind="list"),
    FieldSpec("contact", False, "kommun@example.se",
              "an e-mail address (without `mailto:`)", lambda check, required: check.contact(), kind="e-mail"),
    FieldSpec("updated", False, "2020-05-14", "a date, not before `date`; shown as \"Uppdaterad …\"",
              lambda check, required: check.moment("updated", required=required), kind="date"),
    FieldSpec("replaces", False, "2020-05-05-lagesbild",
              "the slug of an earlier bulletin; both pages then link to each other",
              lambda check, required: check.replaces(), kind="slug", inherited=True),
    FieldSpec("expires", False, "2020-06-30",
              "a date (valid through that day) or date-time; afterwards the page says it is no longer current",
              lambda check, required: check.moment("expires", required=required), kind="date", inherited=True),
    FieldSpec("draft", False, "true", "`true`: shown only in `mkdocs serve`, never published",
              lambda check, required: check.draft(), kind="boolean"),
    FieldSpec("id", False, "3f1c2e6b-9a57-4d8a-8c4f-2b5c0d1e7f90",
              "a stable identity (letters, digits, `-`, `.`, `:`); the feed guid, kept when the file is renamed",
              lambda check, required: check.identity(), kind="identifier"),
    FieldSpec("aliases", False, "[2020-05-12-lagesbild]",
              "a list of old slugs; each old address gets a redirect page",
              lambda check, required: check.aliases(), kind="list of slugs"),
    FieldSpec("lang", False, "ar",
              "the language of the text, a BCP 47 tag (`sv`, `en`, `ar`, `so`, `fi`, `fa`, `uk` …); "
              "default: the site's language (`theme.language`)",
              lambda check, required: check.lang(), kind="language tag"),
    FieldSpec("translation_of", False, "2023-08-14-kokningsrekommendation-kolback",
              "the slug of the original this is a translation of (another language, or the same with "
              "`easy_read: true`); the translation takes `topics`, `expires` and `replaces` from it",
              lambda check, required: check.translation_of(), kind="slug"),
    FieldSpec("easy_read", False, "true",
              "`true`: an easy-to-read version (lättläst) of the bulletin in `translation_of`",
              lambda check, required: check.flag("easy_read", "fix.not_bool_easy_read"), kind="boolean"),
    FieldSpec("alert", False, "{severity: severe, area: [{desc: Kolbäck, kommun: \"1961\"}]}",
              "the bulletin is a warning: `severity`, `area` and more (see [Alerts](#alerts-warnings-on-every-page-cap-and-the-text-only-site))",
              lambda check, required: check_alert(check), kind="block", inherited=True),
)
INHERITED = tuple(spec.name for spec in FIELD_TABLE if spec.inherited)
FIELDS = tuple(spec.name for spec in FIELD_TABLE)
FIELD_EXAMPLES = {spec.name: spec.example.strip("[]").split(",")[0] for spec in FIELD_TABLE}


def readme_table() -> str:
    """The README's field table, as the field table writes it."""
    rows = ["| field | required | kind | example | what it takes |", "|---|---|---|---|---|"]
    rows += [f"| `{spec.name}` | {'yes' if spec.required else 'no'} | {spec.kind} | `{spec.example}` | "
             f"{spec.description} |" for spec in FIELD_TABLE]
    return "\n".join(rows) + "\n"
