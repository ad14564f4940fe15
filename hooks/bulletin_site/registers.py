"""The registers: topics and signatories declared once, in ``topics.yml`` and ``signatories.yml``.

A key written twice, a value that is not text, or a file that links out of the project is refused;
an entry with a problem is reported once, and a bulletin naming it gets no second message.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import frontmatter
from .alert import CATEGORIES
from .fields import SIGNATORY_PARTS, SIGNATORY_REQUIRED, Flaw, entry_flaws, signatory_of
from .model import Signatory, Topic
from .reporting import Reporter, fix_of
from .settings import Settings
from .slugs import slugify

TOPIC_REGISTER = "topics.yml"
SIGNATORY_REGISTER = "signatories.yml"
TOPIC_PARTS = ("label", "description", "category")


def outside(path: Path, settings: Settings) -> bool:
    """Whether ``path`` is a symbolic link to a file or folder outside the project."""
    return path.is_symlink() and not path.resolve().is_relative_to(settings.root.resolve())


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


def _read_register(path: Path, settings: Settings, report: Reporter, parts: tuple[str, ...],
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
        report.add(rel, line, name, key, fix_key if key == "register_not_mapping" else fix_of(key, values),
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
        flaws = entry_flaws(entry.value, parts, required)
        for flaw, part, value in flaws:
            if flaw is Flaw.UNKNOWN_PART:
                report.add(rel, entry.line, key, "register_unknown_part", "fix.register_unknown_part",
                           part=part, key=key, allowed=", ".join(parts))
            elif flaw is Flaw.NOT_TEXT:
                report.add(rel, entry.line, key, "register_not_text", "fix.not_text", key=key, part=part,
                           kind=settings.t.kind(value))
            elif flaw is Flaw.MISSING:
                report.add(rel, entry.line, key, "register_entry", "fix.register_entry", key=key, part=part)
            else:
                report.add(rel, entry.line, key, "bad_email", "fix.bad_email", value=value)
        if not flaws:
            out[key] = {k: v.strip() for k, v in entry.value.items() if v is not None}
        else:
            broken.add(key)
    return out, frozenset(broken)


def load_registers(settings: Settings, report: Reporter) -> Registers:
    source = settings.source_dir
    topics_raw, broken_topics = _read_register(source / TOPIC_REGISTER, settings, report, TOPIC_PARTS,
                                               ("label",), "fix.register_topics")
    people_raw, broken_people = _read_register(source / SIGNATORY_REGISTER, settings, report,
                                               SIGNATORY_PARTS, SIGNATORY_REQUIRED,
                                               "fix.register_signatories")
    for key, entry in list((topics_raw or {}).items()):
        if entry.get("category") and entry["category"] not in CATEGORIES:  # lower case, as in the alert: block
            report.add(settings.relative(source / TOPIC_REGISTER), None, key, "register_bad_category",
                       "fix.register_bad_category", value=entry["category"], key=key, allowed=", ".join(CATEGORIES))
            del topics_raw[key]
            broken_topics = (broken_topics or frozenset()) | {key}
    topics = None if topics_raw is None else {
        k: Topic(key=k, label=v["label"], slug=slugify(k), description=v.get("description", ""),
                 category=v.get("category"))
        for k, v in topics_raw.items()}
    people = None if people_raw is None else {
        k: signatory_of(v, key=k)
        for k, v in people_raw.items()}
    return Registers(topics, people, settings.relative(source / TOPIC_REGISTER),
                     settings.relative(source / SIGNATORY_REGISTER), broken_topics, broken_people)
