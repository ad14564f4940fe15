"""Checking a bulletin's ``alert:`` block: every part, with its line, every problem in one pass.

Enumerations get a did-you-mean, SCB codes are checked by pattern, polygons for closed rings of
at least four (lat, lon) points in range, ``sms`` and ``desc`` by their length in characters. The
event and category defaults come from the topics (``with_defaults``), which are checked first.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .alert import (AREA_DESC_LIMIT, CATEGORIES, CERTAINTIES, KOMMUN_PATTERN, LAN_PATTERN, RESPONSES,
                    SEVERITIES, SMS_LIMIT, STATUSES, URGENCIES, Alert, AlertArea)
from .model import Topic
from .reporting import closest

if TYPE_CHECKING:
    from .fields import Fields

PARTS = ("severity", "urgency", "certainty", "category", "event", "response", "instruction", "sms", "status",
         "area")
AREA_PARTS = ("desc", "kommun", "lan", "polygon")
CHOICES = {"severity": SEVERITIES, "urgency": URGENCIES, "certainty": CERTAINTIES, "status": STATUSES,
           "category": CATEGORIES, "response": RESPONSES}
DEFAULTS = {"urgency": "expected", "certainty": "likely", "status": "actual"}
CODES = {"kommun": (re.compile(KOMMUN_PATTERN), 4), "lan": (re.compile(LAN_PATTERN), 2)}
EXAMPLE = "{severity: severe, area: [{desc: Kolbäck, kommun: \"1961\"}]}"
PLACEHOLDER_KOMMUN = "0000"  # what `bulletins new --alert` writes: refused once the bulletin is no draft
LINE_OFFSET = 2  # the front-matter's YAML starts on the file's second line


def _parts(node: yaml.Node) -> dict[str, int]:
    """The file line of each key of a mapping node."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + LINE_OFFSET for k, _ in node.value if isinstance(k, yaml.ScalarNode)}


def _items(node: yaml.Node, key: str) -> list[yaml.Node]:
    """The item nodes of a list under ``key`` of a mapping node."""
    for k, v in node.value if isinstance(node, yaml.MappingNode) else ():
        if isinstance(k, yaml.ScalarNode) and k.value == key and isinstance(v, yaml.SequenceNode):
            return list(v.value)
    return []


def suggested_id(slug: str) -> str:
    """An identity to suggest for a bulletin without one (the same for the same file name)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"bulletin:{slug}"))


class AlertCheck:
    """One ``alert:`` block's checks, reporting through ``Fields.problem``."""

    def __init__(self, check: Fields):
        self.check = check
        self.value = check.doc.fields["alert"]
        self.lines = _parts(self.value.node)
        # the line of `alert:` itself: a block starts on the next line, `alert: {…}` on the same
        node = self.value.node
        block = isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style
        self.line = self.value.line - 1 if block else self.value.line

    def problem(self, part: str, err: str, fix: str, line: int | None = None, **values: object) -> None:
        self.check.problem(f"alert.{part}" if part else "alert", err, fix,
                           line=line or self.lines.get(part.split("[")[0].split(".")[0]) or self.line,
                           **values)

    def is_draft(self) -> bool:
        draft = self.check.doc.fields.get("draft")
        return draft is not None and draft.value is True

    def choice(self, part: str, raw: Any, line: int | None = None) -> str | None:
        allowed = CHOICES[part]
        if not isinstance(raw, str):
            self.problem(part, "alert_not_text", "fix.alert_choice", line=line, allowed=", ".join(allowed),
                         kind=self.check.settings.t.kind(raw))
            return None
        word = raw.strip().lower()
        if word in allowed:
            return word
        self.not_allowed(part, "alert_bad_choice", "fix.alert_choice", raw, word, allowed, line)
        return None

    def not_allowed(self, name: str, err: str, fix: str, raw: Any, word: str, allowed: tuple[str, ...],
                    line: int | None) -> None:
        """A value or part that is not among ``allowed``: did you mean the closest, or the list."""
        suggestion = closest(word, allowed)
        if suggestion:
            self.problem(name, err, "fix.alert_did_you_mean", line=line, value=raw, suggestion=suggestion,
                         allowed=", ".join(allowed))
        else:
            self.problem(name, err, fix, line=line, value=raw, allowed=", ".join(allowed))

    def choices(self, part: str, raw: Any) -> tuple[str, ...] | None:
        """A list of choices; one word alone is read as a list of one."""
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list) or not items:
            self.problem(part, "alert_not_list", "fix.alert_not_list", example=f"[{CHOICES[part][0]}]")
            return None
        nodes = _items(self.value.node, part)
        found: list[str] = []
        ok = True
        for index, item in enumerate(items):
            line = nodes[index].start_mark.line + LINE_OFFSET if index < len(nodes) else None
            word = self.choice(part, item, line)
            if word is None:
                ok = False
            elif word in found:
                self.problem(part, "duplicate_item", "fix.duplicate_item", line=line, value=word)
                ok = False
            else:
                found.append(word)
        return tuple(found) if ok else None

    def text(self, part: str, raw: Any, line: int | None = None, limit: int | None = None) -> str | None:
        if not isinstance(raw, (str, int, float)) or isinstance(raw, bool) or not str(raw).strip():
            self.problem(part, "alert_empty" if raw is None or raw == "" else "alert_not_text",
                         "fix.alert_text", line=line, kind=self.check.settings.t.kind(raw))
            return None
        text = " ".join(str(raw).split())
        if limit is not None and len(text) > limit:
            self.problem(part, "alert_too_long", "fix.alert_too_long", line=line, count=len(text), limit=limit)
            return None
        return text

    def areas(self, raw: Any) -> tuple[AlertArea, ...] | None:
        if isinstance(raw, dict):
            raw = [raw]
        if not isinstance(raw, list) or not raw:
            self.problem("area", "alert_not_list", "fix.alert_area", example="[{desc: Kolbäck, kommun: \"1961\"}]")
            return None
        nodes = _items(self.value.node, "area")
        found: list[AlertArea] = []
        ok = True
        for index, entry in enumerate(raw):
            node = nodes[index] if index < len(nodes) else None
            area = self.area(index + 1, entry, node)
            ok = ok and area is not None
            if area is not None:
                found.append(area)
        return tuple(found) if ok else None

    def area(self, number: int, entry: Any, node: yaml.Node | None) -> AlertArea | None:
        name = f"area[{number}]"
        line = node.start_mark.line + LINE_OFFSET if node is not None else None
        if not isinstance(entry, dict):
            self.problem(name, "alert_area_not_mapping", "fix.alert_area", line=line,
                         example="{desc: Kolbäck, kommun: \"1961\"}")
            return None
        lines = _parts(node) if node is not None else {}
        before = len(self.check.report.problems)
        for part in entry:
            if part not in AREA_PARTS:
                self._unknown(f"{name}.{part}", str(part), AREA_PARTS, lines.get(part, line))
        desc = None
        if "desc" not in entry:
            self.problem(f"{name}.desc", "alert_missing", "fix.alert_missing_desc", line=line)
        else:
            desc = self.text(f"{name}.desc", entry["desc"], lines.get("desc", line), AREA_DESC_LIMIT)
        codes: dict[str, str | None] = {}
        for part, (pattern, digits) in CODES.items():
            value = entry.get(part)
            if value is None:
                codes[part] = None
                continue
            text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
            if not pattern.match(text):
                # an unquoted 0180 is read by YAML as the number 180: say to quote it
                self.problem(f"{name}.{part}", "alert_bad_code", "fix.alert_bad_code", line=lines.get(part, line),
                             value=value, digits=digits, code=part, example="1961" if part == "kommun" else "19")
            elif part == "kommun" and text == PLACEHOLDER_KOMMUN and not self.is_draft():
                self.problem(f"{name}.{part}", "alert_placeholder", "fix.alert_placeholder",
                             line=lines.get(part, line))
            codes[part] = text
        polygon = self.polygon(f"{name}.polygon", entry["polygon"], lines.get("polygon", line)) \
            if "polygon" in entry else ()
        if not any((codes["kommun"], codes["lan"], "polygon" in entry)):
            self.problem(name, "alert_area_nowhere", "fix.alert_area_nowhere", line=line)
        if len(self.check.report.problems) > before or desc is None or polygon is None:
            return None
        return AlertArea(desc=desc, kommun=codes["kommun"], lan=codes["lan"], polygon=polygon)

    def polygon(self, name: str, raw: Any, line: int | None) -> tuple[tuple[float, float], ...] | None:
        def number(value: Any) -> bool:
            return isinstance(value, (int, float)) and not isinstance(value, bool)

        if not isinstance(raw, list) or not all(isinstance(p, list) and len(p) == 2 and all(map(number, p))
                                                for p in raw):
            self.problem(name, "alert_polygon_shape", "fix.alert_polygon_shape", line=line)
            return None
        points = tuple((float(lat), float(lon)) for lat, lon in raw)
        ok = True
        for index, (lat, lon) in enumerate(points, start=1):
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                self.problem(name, "alert_polygon_range", "fix.alert_polygon_range", line=line, point=index,
                             value=f"[{lat}, {lon}]")
                ok = False
        if len(points) < 4:
            self.problem(name, "alert_polygon_short", "fix.alert_polygon_short", line=line, count=len(points))
            ok = False
        elif points[0] != points[-1]:
            self.problem(name, "alert_polygon_open", "fix.alert_polygon_open", line=line,
                         value=f"[{raw[0][0]}, {raw[0][1]}]")
            ok = False
        return points if ok else None

    def _unknown(self, name: str, part: str, allowed: tuple[str, ...], line: int | None) -> None:
        self.not_allowed(name, "alert_unknown_part", "fix.alert_unknown_part", part, part, allowed, line)

    def run(self) -> Alert | None:
        raw = self.value.value
        if not isinstance(raw, dict):
            self.problem("", "alert_not_mapping", "fix.alert_not_mapping", example=EXAMPLE)
            return None
        before = len(self.check.report.problems)
        for part in raw:
            if part not in PARTS:
                self._unknown(str(part), str(part), PARTS, self.lines.get(part))
        values: dict[str, Any] = {}
        for part in ("severity", "area"):
            if part not in raw:
                self.problem(part, "alert_missing", f"fix.alert_missing_{part}", line=self.line)
        for part in ("severity", "urgency", "certainty", "status"):
            if part in raw:
                values[part] = self.choice(part, raw[part])
        for part in ("category", "response"):
            if part in raw:
                values[part] = self.choices(part, raw[part])
        for part in ("event", "instruction"):
            if part in raw:
                values[part] = self.text(part, raw[part])
        if "sms" in raw:
            values["sms"] = self.text("sms", raw["sms"], limit=SMS_LIMIT)
        if "area" in raw:
            values["areas"] = self.areas(raw["area"])
        if self.check.doc.fields.get("id") is None:
            self.check.problem("id", "alert_without_id", "fix.alert_without_id", line=self.line,
                               suggestion=suggested_id(Path(self.check.rel).stem))
        if len(self.check.report.problems) > before:
            return None
        return Alert(severity=values["severity"], urgency=values.get("urgency") or DEFAULTS["urgency"],
                     certainty=values.get("certainty") or DEFAULTS["certainty"],
                     category=values.get("category") or (), event=values.get("event") or "",
                     response=values.get("response") or (), instruction=values.get("instruction"),
                     sms=values.get("sms"), status=values.get("status") or DEFAULTS["status"],
                     areas=values["areas"])


def check_alert(check: Fields) -> Alert | None:
    """The ``alert:`` block of the document, or None (none, or problems reported)."""
    if "alert" not in check.doc.fields:
        return None
    return AlertCheck(check).run()


def with_defaults(alert: Alert | None, topics: tuple[Topic, ...]) -> Alert | None:
    """The alert with the defaults that come from its topics: the event (the first topic's label)
    and the category (the topics' categories in topics.yml, else ``other``)."""
    if alert is None:
        return None
    event = alert.event or (topics[0].label if topics else "")
    category = alert.category or tuple(dict.fromkeys(t.category for t in topics if t.category)) or ("other",)
    return replace(alert, event=event, category=category)
