"""``bulletins notify``: e-mail each new or updated bulletin once to each of its topics' lists.

What is due is recomputed on every run from the complete index the build published
(``index.py``, ``/bulletins.json``) minus what the ledger (``ledger.py``) records as sent, so a
failed or skipped run is caught up by the next one. One message per (bulletin, version, topic,
language) goes to the list address the settings name (``notify_settings.py``); the list server
keeps the subscribers, their consent, unsubscribing and bounces.

Never sent: bulletins the index does not hold (drafts, scheduled ones), expired ones, exercise and
test alerts, easy-read versions (their original is sent), and versions from before the ledger's
start (``--bootstrap`` starts it, recording everything then published as sent).

The Message-ID is ``<id.version.topic.lang@domain>``, so a message sent again after a run was
killed between ``claimed`` and ``sent`` is the same message to every server and client; an update
says ``In-Reply-To``/``References`` to the messages of the earlier versions on the same list.
"""
from __future__ import annotations

import email.policy
import json
import re
import smtplib
import sys
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Any, Mapping, TextIO
from urllib.parse import urlsplit

import jinja2
from filelock import FileLock, Timeout

from . import ledger, smtp
from .i18n import Translator
from .notify_settings import ALL_TOPICS, MailingList, NotifySettings
from .settings import Settings

TEMPLATES = Path(__file__).parent / "templates"
ALL_TOKEN = "_all"  # the topic part of the Message-ID of a "*" list's messages (no topic slug has '_')
NEVER_SENT_ALERTS = ("exercise", "test")
LOCK_WAIT = 60.0  # seconds a second run waits for the first before giving up
NETWORK_TIMEOUT = 60.0  # seconds: the build's index over HTTP, the mail server
# Versions dated up to this long before the ledger's start are still sent when the ledger lacks them:
# a bulletin is often dated the day it was written and merged a day or two later. Everything the
# site held at the start is in the ledger (``--bootstrap``), so the grace never resends the archive.
START_GRACE = timedelta(days=7)
# Messages are made with SMTP's policy (quoted-printable bodies, 7-bit safe for any server, lines of
# 76), and written with headers unfolded up to the hard limit of RFC 5322, so that no Message-ID
# starts on a line of its own (not all software unfolds it).
MAKE = email.policy.SMTP.clone(max_line_length=76)  # RFC 2045: quoted-printable lines of at most 76
WIRE = email.policy.SMTP.clone(max_line_length=998)
_NOT_ATEXT = re.compile(r"[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]")
_VERSION_RE = re.compile(r"^[0-9]{8}T[0-9]{6}Z$")
_REQUIRED = ("id", "slug", "version", "title", "summary", "topics", "url", "lang")


class NotifyError(Exception):
    """Nothing (more) can be sent; ``messages`` say why and what to do, in the site's language."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Planned:
    """One message due: a version of a bulletin to one list in one language."""

    key: str  # the ledger's key: the Message-ID's local part
    message_id: str
    to: str
    mailing_list: MailingList
    lang: str
    record: Mapping[str, Any]  # the bulletin as the index holds it
    thread: str  # ledger.thread_key of the bulletin, list and language
    in_reply_to: str | None
    references: tuple[str, ...]
    again: bool  # claimed by an earlier run that did not record it sent


def load_index(source: str, t: Translator) -> dict[str, Any]:
    """The index at ``source``, a file or an http(s) address of the deployed site."""
    try:
        if re.match(r"^https?://", source):
            with urllib.request.urlopen(source, timeout=NETWORK_TIMEOUT) as response:  # noqa: S310 - http(s) only
                data = response.read()
        else:
            data = Path(source).read_bytes()
    except (OSError, ValueError) as error:
        raise NotifyError([t("notify.no_index", source=source, detail=getattr(error, "strerror", None) or error)]) from None
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise NotifyError([t("notify.bad_index", source=source, detail=error)]) from None
    problem = _index_problem(document)
    if problem:
        raise NotifyError([t("notify.bad_index", source=source, detail=problem)])
    return document


def _index_problem(document: object) -> str | None:
    if not isinstance(document, dict) or not isinstance(document.get("bulletins"), list):
        return "no 'bulletins' list"
    for number, record in enumerate(document["bulletins"]):
        if not isinstance(record, dict):
            return f"bulletins[{number}] is not an object"
        missing = [key for key in _REQUIRED if key not in record]
        if missing:
            return f"bulletins[{number}] lacks {', '.join(missing)}"
        if not isinstance(record["topics"], list) or not all(isinstance(t, dict) and "key" in t for t in record["topics"]):
            return f"bulletins[{number}].topics is not a list of topics"
        if not isinstance(record["version"], str) or not _VERSION_RE.match(record["version"]):
            return f"bulletins[{number}].version is not a version such as 20200512T080000Z"
        for key in ("date", "updated", "expires"):
            try:
                if record.get(key) is not None:
                    datetime.fromisoformat(str(record[key]))
            except ValueError:
                return f"bulletins[{number}].{key} is not a date"
    return None


def moment(version: str) -> datetime:
    """The moment of a version token (``index.version``)."""
    return datetime.strptime(version, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)


def _token(text: str) -> str:
    """``text`` as the part of a Message-ID's local part (dot-atom text)."""
    return re.sub(r"\.{2,}", ".", _NOT_ATEXT.sub("-", text)).strip(".") or "-"


def is_sendable(record: Mapping[str, Any], now: datetime) -> bool:
    """Whether a bulletin of the index is ever e-mailed: not an exercise or test alert, not an
    easy-read version, not expired at ``now``."""
    alert = record.get("alert")
    if isinstance(alert, dict) and alert.get("status") in NEVER_SENT_ALERTS:
        return False
    if record.get("easy_read"):
        return False
    expires = record.get("expires")
    return not (expires and datetime.fromisoformat(expires) <= now)


def domain_of(notify: NotifySettings, index: Mapping[str, Any]) -> str:
    return notify.domain or urlsplit(str(index.get("site_url") or "")).hostname or "localhost"


def plan(index: Mapping[str, Any], notify: NotifySettings, state: ledger.LedgerState, now: datetime,
         t: Translator, *, since: datetime | None) -> list[Planned]:
    """The messages due, oldest version first; raises NotifyError naming every topic of a due
    bulletin that has no list (nothing is sent then). ``since``: the ledger's start (None: any)."""
    site_language = str(index.get("language") or "sv")
    domain = domain_of(notify, index)
    by_slug = {r["slug"]: r for r in index["bulletins"]}
    everything = notify.list_of(ALL_TOPICS)
    due: list[Planned] = []
    missing: list[str] = []
    records = sorted(index["bulletins"], key=lambda r: (r["version"], r["slug"]))
    for record in records:
        if not is_sendable(record, now) or (since is not None and moment(record["version"]) < since - START_GRACE):
            continue
        targets: list[tuple[MailingList, str]] = []
        for topic in record["topics"]:
            found = notify.list_of(str(topic["key"]))
            if found is not None:
                targets.append((found, _token(str(topic.get("slug") or topic["key"]))))
            elif everything is None:
                missing.append(t("notify.missing_list", slug=record["slug"], topic=topic["key"]))
        if everything is not None:
            targets.append((everything, ALL_TOKEN))
        lang = str(record["lang"] or site_language)
        addressed: set[str] = set()  # two topics with one list: one message, under the first topic
        for mailing_list, topic_token in targets:
            to = mailing_list.address_for(lang, site_language, bool(record.get("translation_of")))
            if to is None or to.casefold() in addressed:
                continue
            addressed.add(to.casefold())
            key = ".".join((_token(str(record["id"])), record["version"], topic_token, _token(lang)))
            if state.is_sent(key):
                continue
            thread = ledger.thread_key(str(record["id"]), topic_token, lang)
            in_reply_to, references = _threading(record, state, thread, topic_token, lang, domain, by_slug)
            due.append(Planned(key, f"<{key}@{domain}>", to, mailing_list, lang, record, thread,
                               in_reply_to, references, state.states.get(key) == ledger.CLAIMED))
    if missing:
        raise NotifyError(sorted(set(missing)))
    return due


def _threading(record, state: ledger.LedgerState, thread: str, topic_token: str, lang: str, domain: str,
               by_slug: Mapping[str, Any]) -> tuple[str | None, tuple[str, ...]]:
    """In-Reply-To and References: the messages sent of the bulletin's earlier versions on this list;
    without any in the ledger, its first version's Message-ID; for a bulletin that replaces another,
    the replaced one's messages on this list."""
    earlier = list(state.threads.get(thread, []))
    if not earlier and record.get("previous_version"):
        earlier = [f"<{_token(str(record['id']))}.{record['previous_version']}.{topic_token}.{_token(lang)}@{domain}>"]
    if not earlier and record.get("replaces") in by_slug:
        replaced = by_slug[record["replaces"]]
        earlier = list(state.threads.get(ledger.thread_key(str(replaced["id"]), topic_token, lang), []))
    if not earlier:
        return None, ()
    return earlier[-1], tuple(earlier)


# ---------------------------------------------------------------------------
# the message


_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=jinja2.select_autoescape(("html",)),
    undefined=jinja2.StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


def subject(record: Mapping[str, Any], t: Translator) -> str:
    """The title on one line, after "Faran är över:" when an alert's danger is over, else after
    "Uppdaterad:" when the bulletin has been updated."""
    alert = record.get("alert")
    prefix = ""
    if isinstance(alert, dict) and alert.get("allclear"):
        prefix = t("notify.prefix_allclear")
    elif record.get("previous_version"):
        prefix = t("notify.prefix_updated")
    return prefix + " ".join(str(record["title"]).split())


def compose(planned: Planned, notify: NotifySettings, index: Mapping[str, Any]) -> EmailMessage:
    """The message of ``planned``: plain text and HTML (inline styles, no images, no tracking)."""
    t = Translator(planned.lang)
    record = planned.record
    topic_label = next((str(topic.get("label") or topic["key"]) for topic in record["topics"]
                        if topic["key"] == planned.mailing_list.topic), None)
    site = str(index.get("site_name") or index.get("organisation") or "")
    context = {
        "b": record, "t": t, "subject": subject(record, t), "lang": planned.lang,
        "published": t("notify.published", date=t.date(datetime.fromisoformat(record["date"]))),
        "updated": t("notify.updated", date=t.date(datetime.fromisoformat(record["updated"])))
        if record.get("updated") else None,
        "why": t("notify.why_topic", site=site, topic=topic_label) if topic_label
        else t("notify.why_all", site=site),
    }
    message = EmailMessage(policy=MAKE)
    message["From"] = notify.sender
    message["To"] = planned.to
    message["Subject"] = context["subject"]
    message["Date"] = format_datetime(moment(record["version"]))
    message["Message-ID"] = planned.message_id
    if planned.in_reply_to:
        message["In-Reply-To"] = planned.in_reply_to
        message["References"] = " ".join(planned.references)
    message.set_content(_environment.get_template("notify.txt").render(context), cte="quoted-printable")
    message.add_alternative(_environment.get_template("notify.html").render(context), subtype="html",
                            cte="quoted-printable")
    message["Content-Language"] = planned.lang  # after the parts: making them moves Content-* headers into the first
    return message


# ---------------------------------------------------------------------------
# the run


@dataclass(frozen=True)
class Options:
    index: str
    bootstrap: bool = False
    dry_run: bool = False
    lock_wait: float = LOCK_WAIT


def ledger_path(settings: Settings) -> Path:
    return (settings.root / settings.notify.ledger).resolve()


def run(settings: Settings, options: Options, out: TextIO | None = None, err: TextIO | None = None,
        environ: Mapping[str, str] | None = None) -> int:
    """One run of ``bulletins notify``; the exit code (messages on ``out``, problems on ``err``:
    standard output and error unless given)."""
    out, err = out or sys.stdout, err or sys.stderr
    t = settings.t
    if settings.notify is None:
        raise NotifyError([t("notify.no_settings")])
    environ = {} if environ is None else environ
    notify = settings.notify
    path = ledger_path(settings)
    shown = settings.relative(path)
    index = load_index(options.index, t)
    now = settings.clock
    lock = FileLock(str(path) + ".lock", thread_local=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire(timeout=options.lock_wait)
    except Timeout:
        raise NotifyError([t("notify.locked", path=shown, lock=settings.relative(Path(lock.lock_file)))]) from None
    except OSError as error:
        raise NotifyError([t("notify.ledger_unwritable", path=shown, detail=error.strerror or error)]) from None
    try:
        try:
            state = ledger.read(path)
        except ledger.LedgerError as error:
            raise NotifyError([t(error.key, **{**error.values, "path": shown})]) from None
        if state.broken_tail:
            print(t("notify.ledger_broken_tail", path=shown), file=err)
        if options.bootstrap:
            return _bootstrap(index, notify, state, path, shown, now, options.dry_run, t, out)
        if state.start is None:
            raise NotifyError([t("notify.no_ledger", path=shown)])
        due = plan(index, notify, state, now, t, since=state.start)
        if not due:
            print(t("notify.nothing"), file=out)
            return 0
        if options.dry_run:
            for planned in due:
                print(t("notify.would_send", message_id=planned.message_id, to=planned.to,
                        subject=subject(planned.record, Translator(planned.lang)))
                      + (t("notify.again") if planned.again else ""), file=out)
            return 0
        return _send(due, notify, index, path, shown, environ, t, out, err)
    finally:
        lock.release()


def _bootstrap(index, notify: NotifySettings, state: ledger.LedgerState, path: Path, shown: str,
               now: datetime, dry_run: bool, t: Translator, out: TextIO) -> int:
    """Record every message due now as sent, without sending it (the ledger's start)."""
    due = plan(index, notify, state, now, t, since=None)
    if dry_run:
        print(t("notify.would_mark", count=len(due), path=shown), file=out)
        return 0
    at = now.isoformat()
    with _writing(path, shown, t) as writer:
        if state.start is None:
            writer.append({"state": ledger.START, "at": at, "format": ledger.FORMAT})
        for planned in due:
            writer.append({"state": ledger.SENT, "key": planned.key, "message_id": planned.message_id,
                           "thread": planned.thread, "to": planned.to, "at": at, "bootstrap": True})
    print(t("notify.marked", count=len(due), path=shown), file=out)
    return 0


class _writing:
    """``ledger.Writer`` whose errors are NotifyErrors in the site's language."""

    def __init__(self, path: Path, shown: str, t: Translator):
        self.writer, self.shown, self.t = ledger.Writer(path), shown, t

    def __enter__(self) -> "_Appender":
        try:
            self.writer.__enter__()
        except ledger.LedgerError as error:
            raise NotifyError([self.t(error.key, **{**error.values, "path": self.shown})]) from None
        return _Appender(self.writer, self.shown, self.t)

    def __exit__(self, *exc) -> None:
        self.writer.__exit__(*exc)


@dataclass
class _Appender:
    writer: ledger.Writer
    shown: str
    t: Translator

    def append(self, entry: dict[str, Any]) -> None:
        try:
            self.writer.append(entry)
        except ledger.LedgerError as error:
            raise NotifyError([self.t(error.key, **{**error.values, "path": self.shown})]) from None


def _send(due: list[Planned], notify: NotifySettings, index, path: Path, shown: str,
          environ: Mapping[str, str], t: Translator, out: TextIO, err: TextIO) -> int:
    envelope_from = parseaddr(notify.sender)[1]
    failed = 0
    with _writing(path, shown, t) as writer:
        try:
            server = smtp.connect(notify, environ, t)
        except smtp.SmtpError as error:
            raise NotifyError(error.messages) from None
        try:
            for number, planned in enumerate(due):
                message = compose(planned, notify, index)
                writer.append({"state": ledger.CLAIMED, "key": planned.key, "message_id": planned.message_id,
                               "thread": planned.thread, "to": planned.to, "at": _now()})
                try:
                    server.sendmail(envelope_from, [planned.to], message.as_bytes(policy=WIRE))
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
                    writer.append({"state": ledger.FAILED, "key": planned.key, "reason": smtp.detail(error), "at": _now()})
                    print(t("notify.refused", message_id=planned.message_id, to=planned.to, detail=smtp.detail(error)),
                          file=err)
                    failed += 1
                    continue
                except (OSError, smtplib.SMTPException) as error:
                    print(t("notify.lost", message_id=planned.message_id, detail=smtp.detail(error)), file=err)
                    failed += len(due) - number
                    break
                writer.append({"state": ledger.SENT, "key": planned.key, "message_id": planned.message_id,
                               "thread": planned.thread, "to": planned.to, "at": _now()})
                print(t("notify.sent", message_id=planned.message_id, to=planned.to, subject=message["Subject"])
                      + (t("notify.again") if planned.again else ""), file=out)
        finally:
            try:
                server.quit()
            except (OSError, smtplib.SMTPException):
                server.close()
    if failed:
        print(t("notify.failed_one") if failed == 1 else t("notify.failed_count", count=failed), file=err)
        return 1
    return 0


def _now() -> str:
    """When a ledger line was written (a record for people; no decision reads it)."""
    return datetime.now(tz=timezone.utc).isoformat(timespec="seconds")
