"""Writing a new draft bulletin: its front-matter, checked by the build's own loader first.

A draft is validated before anything is written: it is put, together with
copies of the registers, in a temporary folder laid out like the project, and
``loading.collect`` reads it there. Its problems therefore carry exactly the
build's messages (did-you-mean for a misspelt topic included) and name the
file as it would be named in the project.
"""
from __future__ import annotations

import dataclasses
import shutil
import tempfile
import uuid
from datetime import date
from pathlib import Path
from typing import Iterable

import yaml

from . import frontmatter
from .errors import Problem, in_order
from .alertfields import PLACEHOLDER_KOMMUN
from .fields import FIELD_TABLE
from .loading import SIGNATORY_REGISTER, TOPIC_REGISTER, collect, discover
from .settings import Settings


@dataclasses.dataclass(frozen=True)
class Draft:
    title: str
    day: date
    topics: tuple[str, ...]
    signatories: tuple[str | dict[str, str], ...]  # register keys or {"name", "role"}
    body: str
    contact: str | None = None
    notes: tuple[str, ...] = ()  # comment lines at the top, for the author to check
    alert: dict | None = None  # the alert: block (``alert_block``)


def signatory_argument(text: str) -> str | dict[str, str]:
    """``per-ersgard`` (a register key) or ``"Per Ersgård, kommunpolis"`` (name and role)."""
    name, comma, role = text.partition(",")
    if comma:
        return {"name": name.strip(), "role": role.strip()}
    return text.strip()


class _Dumper(yaml.SafeDumper):
    """Lists indented below their key, as the README writes them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _dump(name: str, value: object, flow: bool | None = False) -> str:
    return yaml.dump({name: value}, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=flow, width=1000)


def render(draft: Draft) -> str:
    """The file: front-matter (notes as comments at the top), then the body."""
    parts = ["---\n"]
    parts += [f"# {line}\n" if line else "#\n" for line in draft.notes]
    values = {"title": draft.title, "date": draft.day, "topics": list(draft.topics),
              "signatories": list(draft.signatories), "contact": draft.contact, "draft": True,
              "id": str(uuid.uuid4()), "alert": draft.alert}
    # every required field, and the optional ones a draft has, in the field table's order
    parts += [_dump(spec.name, values[spec.name], None if spec.name == "topics" else False)
              for spec in FIELD_TABLE if spec.required or values.get(spec.name) is not None]
    parts += ["---\n", "\n", draft.body.strip(), "\n"]
    return "".join(parts)


def alert_block(severity: str, t) -> dict:
    """The ``alert:`` block of a new warning: its required parts, the area a placeholder that the
    loader refuses in a published bulletin (``PLACEHOLDER_KOMMUN``)."""
    return {"severity": severity, "area": [{"desc": t("cli.alert_area"), "kommun": PLACEHOLDER_KOMMUN}]}


def target(settings: Settings, draft: Draft, slug: str) -> Path:
    return settings.source_dir / f"{draft.day.isoformat()}-{slug}.md"


def existing(settings: Settings, path: Path) -> Path | None:
    """A bulletin with the same slug anywhere under the bulletins folder."""
    return next((p for p in discover(settings) if p.stem == path.stem), None)


def address_taken(settings: Settings, path: Path) -> Problem | None:
    """A problem when the new file's slug is another bulletin's alias (its old address): the build
    would then refuse that other bulletin, which did nothing wrong. Every file's ``aliases`` count,
    also those of a bulletin with a problem of its own."""
    for other in discover(settings):
        try:
            fields = frontmatter.parse(other.read_bytes().decode("utf-8").removeprefix("\ufeff")).fields
        except (UnicodeDecodeError, frontmatter.FrontMatterError):
            continue  # the loader reports the file
        aliases = fields["aliases"].value if "aliases" in fields else None
        if isinstance(aliases, list) and path.stem in (str(alias).strip() for alias in aliases):
            t = settings.t
            return Problem(settings.relative(path), None, "file name",
                           t("err.alias_slug_taken", value=path.stem, other=settings.relative(other)),
                           t("fix.alias_slug_taken"))
    return None


def problems_of(settings: Settings, path: Path, text: str) -> list[Problem]:
    """The build's problems with ``text`` if it were the file at ``path``; nothing is written."""
    with tempfile.TemporaryDirectory(prefix="bulletins-") as folder:
        root = Path(folder)
        try:
            source = root / settings.source_dir.relative_to(settings.root)
        except ValueError:
            source = root / "bulletins"
        source.mkdir(parents=True)
        for name in (TOPIC_REGISTER, SIGNATORY_REGISTER):
            if (settings.source_dir / name).is_file():
                shutil.copyfile(settings.source_dir / name, source / name)
        (source / path.name).write_text(text, encoding="utf-8")
        mirror = dataclasses.replace(settings, root=root, source_dir=source)
        _, problems = collect(mirror)
    return in_order(problems)


def write(path: Path, text: str) -> None:
    """Write a new file; FileExistsError if there is one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as stream:
        stream.write(text)


def topic_keys(settings: Settings) -> list[str] | None:
    """The keys of the topic register, or None without one."""
    path = settings.source_dir / TOPIC_REGISTER
    if not path.is_file():
        return None
    try:
        entries, _ = frontmatter.load_mapping(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        return []  # reported by the loader, which checks the new draft against the registers
    return list(entries or {})


def unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in values if v.strip()))
