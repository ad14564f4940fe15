"""The lifecycle of alerts: which are active at the build's clock, which end or update which, and
when the next one starts or ends (for the build log, so that CI can schedule a build then).

An alert is **active** from its bulletin's ``date`` until its ``expires`` while no public bulletin
replaces it; a bulletin that replaces an alert and has an ``alert:`` of its own is an **update**;
one whose alert says ``response: [allclear]`` **ends** it. Exercises and tests are never active:
they show on their own page and in CAP only.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Mapping

from .errors import Problem
from .model import Bulletin, Catalogue
from .settings import Settings


class MsgType(enum.Enum):
    """What a CAP message says about earlier ones."""

    ALERT = "Alert"  # the first of its line
    UPDATE = "Update"  # replaces an earlier alert (an all-clear too, with responseType AllClear)


def is_public(bulletin: Bulletin, now: datetime) -> bool:
    return bulletin.status(now).is_public()


def is_active(bulletin: Bulletin, now: datetime, by_slug: Mapping[str, Bulletin]) -> bool:
    """Whether ``bulletin`` is an alert in force at ``now`` (see the module's docstring)."""
    alert = bulletin.alert
    if alert is None or alert.is_exercise or alert.all_clear or not is_public(bulletin, now):
        return False
    if bulletin.expires is not None and bulletin.expires <= now:
        return False
    successor = by_slug.get(bulletin.replaced_by) if bulletin.replaced_by else None
    return successor is None or not is_public(successor, now)


def active(catalogue: Catalogue) -> tuple[Bulletin, ...]:
    """The active alerts, the most severe first, then the newest."""
    now, by_slug = catalogue.now, catalogue.by_slug
    found = [b for b in catalogue.bulletins if b.alert is not None and is_active(b, now, by_slug)]
    # the catalogue is newest first; sorting is stable
    return tuple(sorted(found, key=lambda b: b.alert.rank))


def banner(catalogue: Catalogue) -> tuple[Bulletin, ...]:
    """The active alerts every page shows (extreme and severe)."""
    return tuple(b for b in active(catalogue) if b.alert.in_banner)


def predecessors(bulletin: Bulletin, by_slug: Mapping[str, Bulletin]) -> tuple[Bulletin, ...]:
    """The earlier alerts of the same line (what ``bulletin`` replaces, and so on), oldest first."""
    found: list[Bulletin] = []
    seen = {bulletin.slug}
    slug = bulletin.replaces
    while slug and slug in by_slug and slug not in seen:
        earlier = by_slug[slug]
        seen.add(slug)
        if earlier.alert is not None:
            found.append(earlier)
        slug = earlier.replaces
    return tuple(reversed(found))


def msg_type(bulletin: Bulletin, by_slug: Mapping[str, Bulletin]) -> MsgType:
    return MsgType.UPDATE if predecessors(bulletin, by_slug) else MsgType.ALERT


def ended_at(bulletin: Bulletin, catalogue: Catalogue) -> datetime | None:
    """When an alert stopped being in force (replaced or expired), or None while it is or never was."""
    now, by_slug = catalogue.now, catalogue.by_slug
    moments = []
    successor = by_slug.get(bulletin.replaced_by) if bulletin.replaced_by else None
    if successor is not None and is_public(successor, now):
        moments.append(successor.date)
    if bulletin.expires is not None and bulletin.expires <= now:
        moments.append(bulletin.expires)
    if bulletin.alert is not None and bulletin.alert.all_clear:
        moments.append(bulletin.date)
    return min(moments) if moments else None


@dataclass(frozen=True)
class Change:
    """The next moment the site's alerts change: an alert starts, or one ends."""

    moment: datetime
    bulletin: Bulletin
    starts: bool


def next_change(catalogue: Catalogue) -> Change | None:
    """The first moment after the clock when an alert starts or ends. ``catalogue``: every bulletin,
    scheduled ones too (a draft never starts)."""
    now = catalogue.now
    found: list[Change] = []
    for b in catalogue.bulletins:
        if b.alert is None or b.alert.is_exercise or b.draft:
            continue
        if b.date > now and not b.alert.all_clear:
            found.append(Change(b.date, b, True))
        elif b.date > now:  # an all-clear ends what it replaces when it is published
            found.append(Change(b.date, b, False))
        elif is_active(b, now, catalogue.by_slug) and b.expires is not None:
            found.append(Change(b.expires, b, False))
    return min(found, key=lambda c: (c.moment, c.bulletin.slug)) if found else None


def moment_text(settings: Settings, moment: datetime) -> str:
    """A moment as residents read it: "15 november 2023 kl. 12:00"."""
    local = moment.astimezone(settings.timezone)
    return settings.t("alert.moment", date=settings.day(local), time=local.strftime("%H:%M"))


def without_expires(shown: Catalogue, settings: Settings) -> list[Problem]:
    """A warning for each active alert without ``expires`` (it would show until replaced): the build
    logs them (so `mkdocs build --strict` refuses them) and `bulletins check` reports them."""
    t = settings.t
    return [Problem(b.source, None, "expires", t("warn.alert_no_expires"), t("fix.alert_no_expires"))
            for b in active(shown) if b.expires is None]


def log_lines(catalogue: Catalogue, shown: Catalogue, settings: Settings) -> tuple[list[str], list[str]]:
    """(information, warnings) for the build log: when the alerts next change, and each active alert
    without ``expires``. ``catalogue``: every bulletin; ``shown``: what the build publishes."""
    info = []
    change = next_change(catalogue)
    if change is not None:
        key = "log.alert_next_start" if change.starts else "log.alert_next_end"
        info.append(settings.t(key, time=settings.written(change.moment, False), slug=change.bulletin.slug))
    return info, [str(problem) for problem in without_expires(shown, settings)]


def until_text(settings: Settings, bulletin: Bulletin) -> str:
    """Until when an alert is in force, as its pages say it: "Gäller till och med 15 november 2023"
    when it ends at a midnight (``expires`` given as a day), else with the time."""
    assert bulletin.expires is not None
    local = bulletin.expires.astimezone(settings.timezone)
    if (local.hour, local.minute, local.second) == (0, 0, 0):
        return settings.t("banner.expires", date=settings.day(bulletin.valid_until)).removesuffix(".")
    return settings.t("alert.until", time=moment_text(settings, bulletin.expires))
