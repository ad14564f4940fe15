"""``bulletins``: the staff tools — new, check, status, import.

Every rule comes from the build itself: settings are made from mkdocs.yml by
``project.settings_from_options`` (as the adapter makes them) and bulletins are
read and validated by ``loading.collect``, so ``check`` reports exactly what a
build would report, in the site's language.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Sequence

import yaml

from . import alerts, notify, project, removals, scaffold, system
from .addresses import BULLETIN_INDEX
from .alert import SEVERITIES
from .errors import BulletinError, Problem, in_order
from .frontmatter import CONTROL_RE
from .i18n import Translator
from .loading import SIGNATORY_REGISTER, TOPIC_REGISTER, collect
from .reporting import format_problems
from .model import NoticeKind
from .settings import Settings
from .slugs import slugify

FORMATS = ("text", "github", "gitlab", "json")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    t: Translator = Translator("en")

    def add_usage(self, usage, actions, groups, prefix=None):
        # argparse itself passes prefix="" when it names a subcommand's program
        return super().add_usage(usage, actions, groups, prefix=self.t("cli.usage") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    t: Translator = Translator("en")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, self.t("cli.error", prog=self.prog, message=message) + "\n")


def _parser(t: Translator) -> argparse.ArgumentParser:
    formatter = type("Formatter", (_Formatter,), {"t": t})
    parser_class = type("Parser", (_Parser,), {"t": t})

    def localise(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
        parser._positionals.title = t("cli.positionals")  # noqa: SLF001 - argparse has no public setter
        parser._optionals.title = t("cli.options")  # noqa: SLF001
        parser.add_argument("-h", "--help", action="help", help=t("cli.help"))
        return parser

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=("sv", "en"), default=argparse.SUPPRESS, help=t("cli.opt_lang"))
    common.add_argument("-f", "--config-file", metavar="mkdocs.yml", default=argparse.SUPPRESS,
                        help=t("cli.opt_config"))

    def sub(name: str, parents=(common,)) -> argparse.ArgumentParser:
        return localise(commands.add_parser(name, help=t(f"cli.{name}"), description=t(f"cli.{name}_description"),
                                            parents=list(parents), add_help=False, formatter_class=formatter))

    parser = localise(parser_class(prog="bulletins", description=t("cli.description"), parents=[common],
                                   add_help=False, formatter_class=formatter))
    commands = parser.add_subparsers(dest="command", required=True, title=t("cli.commands"),
                                     metavar="{new,check,status,import,notify}", parser_class=parser_class)

    new = sub("new")
    new.add_argument("title", metavar=t("cli.mv_title"), help=t("cli.arg_title"))
    new.add_argument("--topic", metavar=t("cli.mv_topic"), action="append", default=[], help=t("cli.opt_topic"))
    new.add_argument("--signatory", metavar=t("cli.mv_signatory"), action="append", default=[], help=t("cli.opt_signatory"))
    new.add_argument("--date", metavar=t("cli.mv_date"), help=t("cli.opt_date"))
    new.add_argument("--contact", metavar=t("cli.mv_email"), help=t("cli.opt_contact"))
    new.add_argument("--alert", choices=SEVERITIES, help=t("cli.opt_alert"))

    check = sub("check")
    check.add_argument("files", nargs="*", metavar=t("cli.mv_file"), help=t("cli.arg_files"))
    check.add_argument("--format", choices=FORMATS, default="text", help=t("cli.opt_format"))

    status = sub("status")
    status.add_argument("--json", action="store_true", help=t("cli.opt_json"))

    imported = sub("import")
    imported.add_argument("file", metavar=t("cli.mv_file"), help=t("cli.arg_file"))
    imported.add_argument("--title", metavar=t("cli.mv_title"), help=t("cli.opt_title"))
    imported.add_argument("--topic", metavar=t("cli.mv_topic"), action="append", default=[], help=t("cli.opt_topic"))
    imported.add_argument("--date", metavar=t("cli.mv_date"), help=t("cli.opt_date"))

    notifying = sub("notify")
    notifying.add_argument("--bootstrap", action="store_true", help=t("cli.opt_bootstrap"))
    notifying.add_argument("--dry-run", action="store_true", help=t("cli.opt_dry_run"))
    notifying.add_argument("--index", metavar="bulletins.json", help=t("cli.opt_index"))
    return parser


class _Exit(Exception):
    def __init__(self, code: int, message: str = ""):
        super().__init__(message)
        self.code = code
        self.message = message


def _config_path(args: argparse.Namespace) -> Path | None:
    given = getattr(args, "config_file", None)
    if given:
        return Path(given)
    return project.find_config(Path.cwd())


def _language(argv: Sequence[str]) -> tuple[str, Path | None]:
    """The language for help and messages, read before the full parser is made."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", choices=("sv", "en"))
    early.add_argument("-f", "--config-file")
    known, _ = early.parse_known_args(argv)
    path = _config_path(known)
    if known.lang:
        return known.lang, path
    if path is not None and path.is_file():
        try:
            return Translator(project.config_language(project.read_config(path)) or "sv").language, path
        except (OSError, yaml.YAMLError):
            pass
    return "sv", path


def _settings(path: Path | None, t: Translator) -> Settings:
    if path is None or not path.is_file():
        raise _Exit(2, t("cli.no_config", folder=Path.cwd()))
    try:
        settings = project.settings_from_config_file(path)
    except BulletinError:
        raise
    except (OSError, yaml.YAMLError, ValueError, TypeError, KeyError) as exc:
        raise _Exit(2, t("cli.bad_config", path=path, detail=exc)) from None
    return settings


def _with_language(settings: Settings, t: Translator) -> Settings:
    import dataclasses  # noqa: PLC0415

    if settings.language == t.language:
        return settings
    return dataclasses.replace(settings, language=t.language)


# ---------------------------------------------------------------------------
# check


def _selected(settings: Settings, files: list[str], problems: list[Problem]) -> list[Problem]:
    """The problems of the given files; all of them when a register is among the files."""
    if not files:
        return problems
    wanted = {settings.relative(Path(f).resolve()) for f in files}
    registers = {settings.relative(settings.source_dir / name) for name in (TOPIC_REGISTER, SIGNATORY_REGISTER)}
    if wanted & registers:
        return problems
    return [p for p in problems if p.path in wanted]


def _collect(settings: Settings, config: Path | None) -> tuple:
    """What `mkdocs build --strict` would refuse: every problem of the bulletins, what the build
    warns about (raw HTML it removes from bodies), and what this machine lacks to make the PDFs
    when the build makes them."""
    catalogue, problems = collect(settings)
    problems += alerts.without_expires(catalogue, settings)  # the build warns: --strict refuses
    problems += removals.check_bodies(settings, catalogue.bulletins,
                                      project.markdown_extensions(project.read_config(config)))
    return catalogue, problems + (system.pdf_problems(settings.t) if settings.pdf else [])


def cmd_check(args: argparse.Namespace, t: Translator, config: Path | None) -> int:
    try:
        settings = _with_language(_settings(config, t), t)
    except BulletinError as error:
        sys.stdout.write(format_problems(error.problems, _fallback_settings(config), args.format))
        return 1
    catalogue, problems = _collect(settings, config)
    problems = _selected(settings, args.files, in_order(problems))
    sys.stdout.write(format_problems(problems, settings, args.format))
    if problems:
        print(t("cli.check_failed", count=len(problems)), file=sys.stderr)
        return 1
    print(t("cli.check_ok", count=len(catalogue.bulletins)), file=sys.stderr)
    return 0


def _fallback_settings(config: Path | None) -> Settings:
    root = config.resolve().parent if config else Path.cwd()
    return Settings(root=root, source_dir=root / "bulletins")


# ---------------------------------------------------------------------------
# new and import


def _day(value: str | None, settings: Settings, t: Translator) -> date:
    if value is None:
        return settings.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _Exit(2, t("cli.bad_date", value=value)) from None


def _topics(given: list[str], settings: Settings, t: Translator, notes: list[str]) -> tuple[str, ...]:
    topics = scaffold.unique(given)
    if topics:
        return topics
    keys = scaffold.topic_keys(settings)
    if keys is not None:
        register = settings.relative(settings.source_dir / TOPIC_REGISTER)
        raise _Exit(2, t("cli.need_topic", register=register, keys=", ".join(keys)))
    placeholder = t("cli.default_topic")
    notes.append(t("cli.note_topic", value=placeholder))
    return (placeholder,)


def _placeholder_signatory(t: Translator, notes: list[str]) -> tuple[dict[str, str], ...]:
    notes.append(t("cli.note_signatory"))
    return ({"name": t("cli.placeholder_name"), "role": t("cli.placeholder_role")},)


def _slug(title: str, limit: int = 60) -> str:
    """The title's slug, cut at a word boundary when it is long (a file name, not a sentence)."""
    slug = slugify(title)
    if len(slug) <= limit:
        return slug
    return slug[:limit + 1].rsplit("-", 1)[0]


def _write_draft(settings: Settings, draft: scaffold.Draft, slug: str, t: Translator) -> int:
    path = scaffold.target(settings, draft, slug)
    shown = os.path.relpath(path)
    twin = scaffold.existing(settings, path)
    if twin is not None:
        print(t("cli.exists", path=os.path.relpath(twin)), file=sys.stderr)
        return 1
    text = scaffold.render(draft)
    taken = scaffold.address_taken(settings, path)
    problems = [taken] if taken else scaffold.problems_of(settings, path, text)
    if problems:
        print(t("cli.not_written", count=len(problems)), file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        return 1
    try:
        scaffold.write(path, text)
    except FileExistsError:
        print(t("cli.exists", path=shown), file=sys.stderr)
        return 1
    print(shown)
    return 0


def cmd_new(args: argparse.Namespace, t: Translator, config: Path | None) -> int:
    settings = _with_language(_settings(config, t), t)
    notes = [t("cli.note_new")] + ([t("cli.note_alert")] if args.alert else [])
    topics = _topics(args.topic, settings, t, notes)
    signatories = tuple(scaffold.signatory_argument(s) for s in args.signatory if s.strip())
    if not signatories:
        signatories = _placeholder_signatory(t, notes)
    # a title pasted from Word may carry its invisible line break (U+000B): it meant a space
    title = " ".join(CONTROL_RE.sub(" ", args.title).split())
    draft = scaffold.Draft(title=title, day=_day(args.date, settings, t), topics=topics,
                           signatories=signatories, body=t("cli.template"), contact=args.contact,
                           notes=tuple(notes), alert=scaffold.alert_block(args.alert, t) if args.alert else None)
    return _write_draft(settings, draft, _slug(title), t)


def cmd_import(args: argparse.Namespace, t: Translator, config: Path | None) -> int:
    from . import importer  # noqa: PLC0415 - only `import` needs it

    settings = _with_language(_settings(config, t), t)
    source = Path(args.file)
    if not source.is_file():
        raise _Exit(2, t("cli.import_missing", path=args.file))
    try:
        text, removed = importer.without_controls(importer.read_text(source))
    except importer.ImportError_ as error:
        raise _Exit(2, t(error.key, **error.values)) from None
    found = importer.parse(text)
    notes = [t("cli.note_import", name=source.name)]
    if removed:
        notes.append(t("cli.note_controls", count=removed))
    day = _day(args.date, settings, t)
    if args.date is None:
        notes.append(t("cli.note_date", value=day.isoformat()))
    title = args.title or found.title
    if not title:
        title = source.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Meddelande"
        notes.append(t("cli.note_title"))
    topics = _topics(args.topic, settings, t, notes)
    signatories = tuple({"name": name, "role": role} for name, role in found.signatories)
    if not signatories:
        signatories = _placeholder_signatory(t, notes)
    notes += [t("cli.note_unplaced", value=json.dumps(line, ensure_ascii=False)) for line in found.unplaced]
    if found.dropped:
        notes.append(t("cli.note_dropped", value=", ".join(found.dropped)))
    notes.append(t("cli.note_structure"))
    draft = scaffold.Draft(title=title, day=day, topics=topics, signatories=signatories, body=found.body,
                           contact=found.contact, notes=tuple(notes))
    return _write_draft(settings, draft, _slug(title), t)


# ---------------------------------------------------------------------------
# status


def cmd_status(args: argparse.Namespace, t: Translator, config: Path | None) -> int:
    from .site import published_view  # noqa: PLC0415 - only status needs the page machinery

    settings = _with_language(_settings(config, t), t)
    catalogue, problems = _collect(settings, config)
    now = catalogue.now
    view = published_view(catalogue, preview=False)
    public = view.by_slug
    rows = []
    for b in catalogue.bulletins:
        status = b.status(now)
        shown = public.get(b.slug)
        rows.append({
            "slug": b.slug, "source": b.source, "title": b.title,
            "date": settings.written(b.date, b.date_is_day), "status": status.value,
            "published": status.is_public(),
            "expired": status.is_public() and b.is_expired(now),
            "expires": None if b.expires is None else b.expires.isoformat(),
            "replaced_by": shown.replaced_by if shown is not None else None,
        })
    if args.json:
        json.dump({"now": now.isoformat(), "problems": len(problems), "builds": not problems,
                   "bulletins": rows}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 1 if problems else 0

    hidden, banner = [], []  # the bulletins the next build leaves out, and those it shows with a banner
    for row, b in zip(rows, catalogue.bulletins):
        shown = view.by_slug.get(b.slug)
        for notice in catalogue.notices(b) if shown is None else view.notices(shown):
            if shown is None and notice.kind is NoticeKind.DRAFT:
                hidden.append((t("status.draft"), row, ""))
            elif shown is None and notice.kind is NoticeKind.SCHEDULED:
                hidden.append((t("status.scheduled"), row,
                               t("cli.status_scheduled_on", date=settings.day(notice.date))))
            elif shown is not None and notice.kind is NoticeKind.EXPIRED:
                banner.append((t("status.expired"), row, t("cli.status_expired_on", date=settings.day(notice.date))))
            elif shown is not None and notice.kind is NoticeKind.REPLACED_BY:
                banner.append((t("status.replaced"), row, t("cli.status_replaced_by", slug=notice.other.slug)))
    out = []
    for heading, entries in ((t("cli.status_not_published"), hidden), (t("cli.status_banner"), banner)):
        out.append(heading)
        out += _table(entries) or [f"  {t('cli.status_nothing')}"]
        out.append("")
    published = sum(1 for row in rows if row["published"])
    with_banner = len({row["slug"] for _, row, _ in banner})
    out.append(t("cli.status_summary", count=published, banner=with_banner, hidden=len(hidden)))
    if problems:
        out.append(t("cli.status_problems", count=len(problems)))
    print("\n".join(out))
    return 1 if problems else 0


def _table(entries: list[tuple[str, dict, str]]) -> list[str]:
    cells = [(label, row["date"], row["source"], row["title"], note) for label, row, note in entries]
    if not cells:
        return []
    widths = [max(len(c[i]) for c in cells) for i in range(4)]
    return [("  " + "  ".join(c[i].ljust(widths[i]) for i in range(4)) + ("  " + c[4] if c[4] else "")).rstrip()
            for c in cells]


# ---------------------------------------------------------------------------
# notify


def cmd_notify(args: argparse.Namespace, t: Translator, config: Path | None) -> int:
    """E-mail what the published site holds and the ledger lacks (``notify.run``)."""
    settings = _with_language(_settings(config, t), t)
    source = args.index
    if source is None:
        site_dir = project.read_config(config).get("site_dir") or "site"
        source = str(settings.root / str(site_dir) / BULLETIN_INDEX)
    try:
        return notify.run(settings, notify.Options(source, bootstrap=args.bootstrap, dry_run=args.dry_run),
                          environ=os.environ)
    except notify.NotifyError as error:
        for message in error.messages:
            print(message, file=sys.stderr)
        return 1


# ---------------------------------------------------------------------------

COMMANDS = {"new": cmd_new, "check": cmd_check, "status": cmd_status, "import": cmd_import,
            "notify": cmd_notify}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    language, _ = _language(argv)
    t = Translator(language)
    args = _parser(t).parse_args(argv)
    config = _config_path(args)
    try:
        return COMMANDS[args.command](args, t, config)
    except BulletinError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    except _Exit as stop:
        print(stop.message, file=sys.stderr)
        return stop.code


if __name__ == "__main__":
    sys.exit(main())
