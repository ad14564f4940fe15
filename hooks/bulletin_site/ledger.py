"""The ledger of ``bulletins notify``: what was sent to which list, one JSON object per line.

::

    {"state": "start", "at": "2026-12-01T05:00:00+00:00", "format": 1}
    {"state": "sent", "key": "7f3c.20200512T000000Z.krisledning.sv", "bootstrap": true, …}
    {"state": "claimed", "key": "…", "message_id": "<…@…>", "to": "…", "at": "…"}
    {"state": "sent", "key": "…", "message_id": "<…@…>", "at": "…"}
    {"state": "failed", "key": "…", "reason": "550 …", "at": "…"}

A message's key is its Message-ID's local part (``id.version.topic.lang``). Before a message is
handed to the SMTP server its ``claimed`` line is written and flushed to disk (fsync); after the
server accepted it, its ``sent`` line. A key whose last line is ``claimed`` was perhaps sent: it
is sent again with the same Message-ID, which mail servers and clients use to drop the duplicate.
A key that is ``failed`` (the server refused it) is still to be sent. Lines are only ever
appended; the file is read whole at the start of each run.

A run killed while writing a line leaves that last line without its end: it is reported and cut
off when the ledger is opened for writing (it was the claim of a message not yet handed over, or
the ``sent`` of one that will be sent again under the same Message-ID). A broken line anywhere
else means the file was edited or damaged: that is an error naming the line, and nothing is sent.

One run at a time: a lock file beside the ledger (``<ledger>.lock``).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

FORMAT = 1
START, CLAIMED, SENT, FAILED = "start", "claimed", "sent", "failed"


class LedgerError(Exception):
    """The ledger cannot be read or written; ``key`` and ``values`` name the message (strings/notify)."""

    def __init__(self, key: str, **values: object):
        super().__init__(key, values)
        self.key, self.values = key, values


@dataclass
class LedgerState:
    """What the ledger says: its start, the last state of each key, and each thread's messages."""

    start: datetime | None = None
    states: dict[str, str] = field(default_factory=dict)  # key -> claimed | sent | failed
    message_ids: dict[str, str] = field(default_factory=dict)  # key -> Message-ID
    threads: dict[str, list[str]] = field(default_factory=dict)  # "id topic lang" -> Message-IDs sent, in order
    broken_tail: bool = False  # the last line was cut off by a killed run

    def is_sent(self, key: str) -> bool:
        return self.states.get(key) == SENT

    def unfinished(self) -> list[str]:
        """Keys claimed but never recorded as sent (a run was killed or lost its connection)."""
        return [key for key, state in self.states.items() if state == CLAIMED]


def thread_key(bulletin_id: str, topic: str, lang: str) -> str:
    return f"{bulletin_id} {topic} {lang}"


def _entries(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], bool]:
    """The ledger's lines as (number, object), and whether its last line was cut off."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return [], False
    except OSError as error:
        raise LedgerError("notify.ledger_unreadable", path=path, detail=error.strerror or error) from None
    lines = data.split(b"\n")
    tail = lines.pop()  # after the last newline: empty unless the last write was cut off
    found = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            entry = json.loads(raw.decode("utf-8"))
            if not isinstance(entry, dict) or not isinstance(entry.get("state"), str):
                raise ValueError("not a ledger entry")
        except (UnicodeDecodeError, ValueError):
            raise LedgerError("notify.ledger_broken_line", path=path, line=number) from None
        found.append((number, entry))
    return found, bool(tail.strip())


def read(path: Path) -> LedgerState:
    """The state the ledger at ``path`` records (an empty state when there is no file)."""
    entries, broken_tail = _entries(path)
    state = LedgerState(broken_tail=broken_tail)
    for number, entry in entries:
        kind = entry["state"]
        if kind == START:
            if state.start is None:
                try:
                    state.start = datetime.fromisoformat(str(entry.get("at")))
                except ValueError:
                    raise LedgerError("notify.ledger_broken_line", path=path, line=number) from None
            continue
        key = entry.get("key")
        if not isinstance(key, str) or kind not in (CLAIMED, SENT, FAILED):
            raise LedgerError("notify.ledger_broken_line", path=path, line=number)
        if kind == FAILED and state.states.get(key) == SENT:
            continue
        state.states[key] = kind
        if entry.get("message_id"):
            state.message_ids[key] = str(entry["message_id"])
        if kind == SENT and entry.get("thread") and key in state.message_ids:
            ids = state.threads.setdefault(str(entry["thread"]), [])
            if state.message_ids[key] not in ids:
                ids.append(state.message_ids[key])
    if entries and state.start is None:
        raise LedgerError("notify.ledger_no_start", path=path)
    return state


class Writer:
    """Appends lines to the ledger, each flushed to disk before ``append`` returns."""

    def __init__(self, path: Path):
        self.path = path
        self._file = None

    def __enter__(self) -> "Writer":
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            new = not self.path.exists()
            self._file = open(self.path, "ab")  # noqa: SIM115 - closed in __exit__
            if new:
                _sync_folder(self.path.parent)  # the new file's name is on disk too
            self._cut_broken_tail()
        except OSError as error:
            raise LedgerError("notify.ledger_unwritable", path=self.path, detail=error.strerror or error) from None
        return self

    def __exit__(self, *exc) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def _cut_broken_tail(self) -> None:
        """Cut off a last line a killed run left unfinished, so the next line starts on its own."""
        with open(self.path, "rb") as reading:
            data = reading.read()
        if data and not data.endswith(b"\n"):
            keep = data.rfind(b"\n") + 1
            os.truncate(self.path, keep)
            self._file.seek(0, os.SEEK_END)
            os.fsync(self._file.fileno())

    def append(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n"
        try:
            self._file.write(line.encode("utf-8"))
            self._file.flush()
            os.fsync(self._file.fileno())
        except OSError as error:
            raise LedgerError("notify.ledger_unwritable", path=self.path, detail=error.strerror or error) from None


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries to disk, where the system can (not on Windows)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)

