"""The vocabulary of a warning: the ``alert:`` block of a bulletin (see the alerts section of the README).

Values are kept as staff write them (lower case: ``severe``, ``health``); CAP's own spelling
(``Severe``, ``Health``, ``CBRNE``) is made where CAP is written (``cap.py``). Nothing here imports
the rest of the package: ``model.Bulletin`` holds an ``Alert``.
"""
from __future__ import annotations

from dataclasses import dataclass

# the enumerations of the block, in CAP's order (most severe/urgent/certain first)
SEVERITIES = ("extreme", "severe", "moderate", "minor")
URGENCIES = ("immediate", "expected", "future", "past")
CERTAINTIES = ("observed", "likely", "possible", "unlikely")
CATEGORIES = ("geo", "met", "safety", "security", "rescue", "fire", "health", "env", "transport", "infra",
              "cbrne", "other")
RESPONSES = ("shelter", "evacuate", "prepare", "execute", "avoid", "monitor", "assess", "allclear", "none")
STATUSES = ("actual", "exercise", "test")
BANNER_SEVERITIES = ("extreme", "severe")  # an active alert of these is shown on every page

SMS_LIMIT = 160  # characters
AREA_DESC_LIMIT = 50  # characters
KOMMUN_PATTERN = r"^[0-9]{4}$"  # SCB municipality code
LAN_PATTERN = r"^[0-9]{2}$"  # SCB county code


@dataclass(frozen=True)
class AlertArea:
    """One area an alert concerns: a description, SCB codes and/or a polygon of (lat, lon) points."""

    desc: str
    kommun: str | None = None
    lan: str | None = None
    polygon: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class Alert:
    """A bulletin's ``alert:`` block, with its defaults filled in by the loader."""

    severity: str
    urgency: str = "expected"
    certainty: str = "likely"
    category: tuple[str, ...] = ("other",)
    event: str = ""
    response: tuple[str, ...] = ()
    instruction: str | None = None
    sms: str | None = None
    status: str = "actual"
    areas: tuple[AlertArea, ...] = ()

    @property
    def is_exercise(self) -> bool:
        """An exercise or a test: never in the banner, the home page's list or a feed but CAP."""
        return self.status != "actual"

    @property
    def all_clear(self) -> bool:
        """It tells that the danger is over (``response: [allclear]``)."""
        return "allclear" in self.response

    @property
    def rank(self) -> int:
        """0 for the most severe: the order of banners and lists."""
        return SEVERITIES.index(self.severity)

    @property
    def in_banner(self) -> bool:
        """Whether, while active, the alert is shown on every page."""
        return self.severity in BANNER_SEVERITIES

    @property
    def area_text(self) -> str:
        """The areas as one line ("Kolbäck, Hallstahammar")."""
        return ", ".join(area.desc for area in self.areas)
