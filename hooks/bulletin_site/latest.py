"""The latest bulletins on any page of ``docs/``: one line of Markdown, rendered as cards.

A line of its own such as ``<!-- bulletins: topic=brand count=5 -->`` in a page of ``docs/``
shows that topic's newest bulletins there, as the same cards as the topic page, on every build.
Both options are optional: without ``topic`` the newest of all bulletins, without ``count``
``DEFAULT_COUNT``. Being an HTML comment, the line shows nothing where the site's build is not
the one rendering the page (a Markdown preview in an editor, say).

``problems`` checks every such line of every page of ``docs/`` (the loader calls it, so
``bulletins check`` refuses what the build refuses): an unknown option or topic (with a
did-you-mean) or a count that is not a whole number of 1 or more, each with file and line.
``fill`` replaces the lines, which MkDocs' Markdown passes through unchanged, in a page's HTML.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .addresses import docs_files
from .errors import Problem
from .model import Bulletin, Catalogue
from .reporting import closest
from .settings import Settings

DEFAULT_COUNT = 5
FIELD = "bulletins"
OPTIONS = ("topic", "count")
LINE = re.compile(r"^[ \t]*<!--[ \t]*bulletins:(?P<options>[^\n]*?)-->[ \t]*$", re.MULTILINE)
_HEADING = re.compile(r"<h([1-6])[\s>]")


@dataclass(frozen=True)
class Latest:
    """One latest-bulletins line: its topic's key (None: every topic) and how many to show."""

    topic: str | None
    count: int


def _parse(options: str, catalogue: Catalogue, t, where: tuple[str, int]) -> tuple[Latest | None, list[Problem]]:
    path, line = where
    problems: list[Problem] = []
    topic, count = None, DEFAULT_COUNT
    for part in options.split():
        key, equals, value = part.partition("=")
        if not equals or not value:
            problems.append(Problem(path, line, FIELD, t("err.latest_option_form", part=part),
                                    t("fix.latest_option_form")))
        elif key not in OPTIONS:
            suggestion = closest(key, OPTIONS)
            problems.append(Problem(path, line, FIELD, t("err.latest_unknown_option", option=key),
                                    t("fix.latest_option_suggest", suggestion=suggestion) if suggestion
                                    else t("fix.latest_option_form")))
        elif key == "topic":
            if value not in catalogue.topics:
                suggestion = closest(value, catalogue.topics)
                problems.append(Problem(path, line, FIELD, t("err.latest_unknown_topic", topic=value),
                                        t("fix.latest_topic_suggest", suggestion=suggestion) if suggestion
                                        else t("fix.latest_topic", topics=", ".join(sorted(catalogue.topics)))))
            topic = value
        else:
            if not (value.isascii() and value.isdigit() and int(value) >= 1):
                problems.append(Problem(path, line, FIELD, t("err.latest_bad_count", count=value),
                                        t("fix.latest_bad_count")))
            else:
                count = int(value)
    return (None if problems else Latest(topic, count)), problems


def problems(catalogue: Catalogue, settings: Settings) -> list[Problem]:
    """A problem for every latest-bulletins line of ``docs/`` that cannot be shown."""
    docs_dir = settings.docs_dir
    if docs_dir is None or not docs_dir.is_dir():
        return []
    found: list[Problem] = []
    for src_uri in docs_files(docs_dir):
        if not src_uri.endswith(".md"):
            continue
        try:
            text = (docs_dir / src_uri).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # MkDocs reports a page it cannot read
        if "bulletins:" not in text:
            continue
        for match in LINE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found += _parse(match.group("options"), catalogue, settings.t, ("docs/" + src_uri, line))[1]
    return found


def fill(html: str, catalogue: Catalogue, settings: Settings,
         render: Callable[[tuple[Bulletin, ...], str], str]) -> str:
    """A page's HTML with every latest-bulletins line replaced by its cards; ``render(items,
    heading)`` makes the cards, their titles one level below the heading the line follows."""
    if "bulletins:" not in html:
        return html

    def cards(match: re.Match) -> str:
        latest, errors = _parse(match.group("options"), catalogue, settings.t, ("", 0))
        if latest is None:  # checked before the build began; the page changed since
            return match.group(0)
        items = catalogue.by_topic.get(latest.topic, ()) if latest.topic else catalogue.bulletins
        levels = _HEADING.findall(html, 0, match.start())
        heading = f"h{min(int(levels[-1]) + 1, 6) if levels else 2}"
        return render(tuple(items[: latest.count]), heading)

    return LINE.sub(cards, html)
