"""Loading and validating every bulletin and register under the bulletins folder.

All problems of all files are collected and raised once as a BulletinError;
a catalogue is only returned when there is none, so nothing half-valid is
ever published.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from . import frontmatter
from . import latest
from .addresses import RESERVED_SLUGS, docs_collisions
from .crosscheck import cross_check
from .errors import BulletinError, Problem
from .languages import check_translations
from .alertfields import with_defaults
from .fields import EMAIL_RE, FIELD_TABLE, FIELDS, Fields, first_paragraph
from .model import Bulletin, Catalogue
from .registers import SIGNATORY_REGISTER, TOPIC_REGISTER, Registers, load_registers, outside
from .reporting import Reporter, closest
from .settings import Settings
from .slugs import is_slug, slugify

__all__ = ["EMAIL_RE", "SIGNATORY_REGISTER", "TOPIC_REGISTER", "ParseCache", "Registers", "collect", "discover",
           "first_paragraph", "load_catalogue", "read_body"]


# ---------------------------------------------------------------------------
# one bulletin


def read_body(path: Path) -> str:
    """The Markdown body of a bulletin file that loaded, without its front-matter.

    Bodies are not kept with the bulletins (thousands of them would stay in memory for the whole
    build): the engine asks for each one when it renders the page.
    """
    text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    return frontmatter.split(text)[1]


def parse_bulletin(path: Path, settings: Settings, registers: Registers,
                   report: Reporter) -> tuple[Bulletin | None, dict[str, int]]:
    """One file into a Bulletin, or None with its problems reported. Also returns field lines."""
    rel = settings.relative(path)
    slug = path.stem
    count_before = len(report.problems)
    if not is_slug(slug):
        report.add(rel, None, "file name", "bad_slug", "fix.bad_slug", name=path.name,
                   suggestion=slugify(slug) + ".md")
    if slug in RESERVED_SLUGS:
        report.add(rel, None, "file name", "reserved_slug", "fix.reserved_slug", name=path.name)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        report.add(rel, None, "file", "not_utf8", "fix.not_utf8", position=exc.start)
        return None, {}
    text = text.removeprefix("\ufeff")
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

    check = Fields(doc, rel, settings, registers, report)
    allowed = ", ".join(FIELDS)
    for name, value in doc.fields.items():
        if name not in FIELDS:
            suggestion = closest(name, FIELDS)
            if suggestion:
                check.problem(name, "unknown_field", "fix.unknown_field", suggestion=suggestion,
                              allowed=allowed)
            else:
                check.problem(name, "unknown_field", "fix.unknown_field_plain", allowed=allowed)

    bad_values = {name for name, *_ in doc.problems}
    values = {}
    is_translation = "translation_of" in doc.fields
    for spec in FIELD_TABLE:
        if spec.inherited and is_translation:  # taken from the original (languages.inherit)
            if spec.name in doc.fields:
                check.problem(spec.name, "inherited_field", "fix.inherited_field",
                              original=str(doc.fields["translation_of"].value))
            values[spec.name] = None
            continue
        values[spec.name] = spec.processor(check, spec.required and spec.name not in bad_values)
    title, when, summary, updated, expires = (values[n] for n in ("title", "date", "summary", "updated", "expires"))
    if when and updated and settings.local_date(updated[0]) < settings.local_date(when[0]):
        shown = {"value": updated[0].date().isoformat(), "date": when[0].date().isoformat()}
        check.problem("updated", "updated_before_date", "fix.updated_before_date", **shown)
    if when and expires and settings.local_date(expires[0]) < settings.local_date(when[0]):
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
        summary=summary or first_paragraph(doc.body), topics=values["topics"] or (),
        signatories=values["signatories"], contact=values["contact"], updated=updated[0] if updated else None,
        replaces=values["replaces"], expires=expiry, draft=values["draft"], id=values["id"],
        aliases=values["aliases"], lang=values["lang"], translation_of=values["translation_of"],
        easy_read=values["easy_read"], alert=with_defaults(values["alert"], values["topics"]),
    ), lines


# ---------------------------------------------------------------------------
# all bulletins


def discover(settings: Settings, report: Reporter | None = None) -> list[Path]:
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
    settings_key: tuple = ()

    def get(self, path: Path, settings: Settings, registers: Registers, registers_key: tuple,
            report: Reporter) -> tuple[Bulletin | None, dict[str, int]]:
        settings_key = parse_settings_key(settings)
        if registers_key != self.registers_key or settings_key != self.settings_key:
            self.entries.clear()
            self.registers_key = registers_key
            self.settings_key = settings_key
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size)
        hit = self.entries.get(path)
        if hit and hit[0] == key:
            report.problems.extend(hit[3])
            return hit[1], hit[2]
        mine = Reporter(settings)
        bulletin, lines = parse_bulletin(path, settings, registers, mine)
        self.entries[path] = (key, bulletin, lines, mine.problems)
        report.problems.extend(mine.problems)
        return bulletin, lines


def parse_settings_key(settings: Settings) -> tuple:
    """Every setting parsing a bulletin reads: a parsed bulletin is reused only while they hold.

    The project and bulletins folders (the paths messages name), the docs folder, the language
    (messages), the time zone (dates) and the clock's local year (the year a mistyped date is
    suggested in) — the year, not the clock, so that a preview keeps its parses as time goes by.
    """
    return (settings.root, settings.source_dir, settings.docs_dir, settings.language,
            settings.timezone.key, settings.clock.astimezone(settings.timezone).year)


def _registers_key(settings: Settings) -> tuple:
    out = []
    for name in (TOPIC_REGISTER, SIGNATORY_REGISTER):
        path = settings.source_dir / name
        out.append((path.stat().st_mtime_ns, path.stat().st_size) if path.exists() else None)
    return tuple(out)


def collect(settings: Settings, cache: ParseCache | None = None) -> tuple[Catalogue, list[Problem]]:
    """Every bulletin and every problem. The catalogue holds only the bulletins without problems."""
    report = Reporter(settings)
    registers = load_registers(settings, report)
    cache = cache if cache is not None else ParseCache()
    key = _registers_key(settings)
    found = []
    paths = discover(settings, report)
    for path in paths:
        bulletin, lines = cache.get(path, settings, registers, key, report)
        if bulletin is not None:
            found.append((bulletin, lines))
    bulletins = cross_check(found, report, settings)
    bulletins = check_translations(bulletins, {b.source: lines for b, lines in found}, report,
                                   (path.stem for path in paths))
    bulletins.sort(key=lambda b: (b.date, b.slug), reverse=True)
    topics = registers.topics if registers.topics is not None else {
        t.key: t for b in bulletins for t in b.topics}
    catalogue = Catalogue(tuple(bulletins), settings.clock, topics)
    return catalogue, report.problems + docs_collisions(catalogue, settings) + latest.problems(catalogue, settings)


def load_catalogue(settings: Settings, cache: ParseCache | None = None) -> Catalogue:
    """The catalogue of a build; raises BulletinError listing every problem when there is any."""
    catalogue, problems = collect(settings, cache)
    if problems:
        raise BulletinError(problems)
    return catalogue
