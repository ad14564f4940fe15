"""The complete machine-readable index of every published bulletin: ``/bulletins.json``.

The feeds hold the newest ``feed_size`` bulletins only; ``bulletins notify`` (``notify.py``) needs
all of them, and everything a message says, without running the build again. So the build writes
this file beside the feeds, atomically with the rest of ``site/`` (it is one more ``Output``).
No page links or fetches it: it is not part of what a resident's page view downloads.

The index is a function of the settings, the catalogue the build shows and the body HTML the
engine rendered; it reads no clock, so two builds of the same bulletins give the same bytes.
``json.dumps`` escapes whatever front-matter holds.

Format (``"format": 1``)::

    {"format": 1, "site_url": …, "language": "sv", "site_name": …, "organisation": …,
     "bulletins": [{"id", "slug", "version", "title", "summary", "excerpt": [paragraph, …],
                    "date", "updated", "expires", "topics": [{"key", "label", "slug"}],
                    "signatories": ["Name, role", …], "url", "pdf_url", "text_url", "lang",
                    "translation_of", "easy_read", "replaces", "previous_version", "alert"}, …]}

``version`` is the moment of the bulletin's latest change (``updated``, else ``date``) in UTC as
``20200514T120000Z``: it changes exactly when a new message is due. ``previous_version`` is the
version of the first publication when the bulletin has been updated (what its update threads
under), else null. ``alert`` is null or ``{"status", "response", "allclear"}``.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, Iterator, Mapping

import lxml.html

from .addresses import BULLETIN_INDEX, text_url
from .model import Bulletin, Catalogue
from .output import Output
from .settings import Settings

FORMAT = 1
EXCERPT_CHARACTERS = 600  # about the first part of the body a message quotes
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "table", "dl", "div"}


def version(moment: datetime) -> str:
    """A moment as the version token of messages and the ledger: ``20200514T120000Z`` (UTC)."""
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def language_and_alert(b: Bulletin, settings: Settings) -> dict[str, Any]:
    """A bulletin's language, the original it translates, and its alert as the index holds them."""
    alert = b.alert
    return {
        "lang": b.lang or settings.language,
        "translation_of": b.translation_of,
        "easy_read": b.easy_read,
        "text_url": settings.absolute(text_url(b)),
        "alert": None if alert is None else {
            "status": alert.status,
            "response": list(alert.response),
            "allclear": alert.all_clear,
        },
    }


def excerpt(body_html: str | None, limit: int = EXCERPT_CHARACTERS) -> list[str]:
    """The first paragraphs (headings and list items too, one per line) of a body, as plain text:
    whole blocks, at least one, until about ``limit`` characters."""
    if not body_html or not body_html.strip():
        return []
    wrapper = lxml.html.fragment_fromstring(body_html, create_parent="div")
    found: list[str] = []
    size = 0
    for element in wrapper:
        if not isinstance(element.tag, str) or element.tag not in _BLOCKS:
            continue
        if element.tag in ("ul", "ol"):
            text = "\n".join("– " + " ".join(li.text_content().split()) for li in element.iter("li"))
        else:
            text = " ".join(element.text_content().split())
        if not text:
            continue
        if found and size + len(text) > limit:
            break
        found.append(text)
        size += len(text)
    return found


def record(b: Bulletin, settings: Settings, body_html: str | None) -> dict[str, Any]:
    """One bulletin as the index holds it."""
    first = version(b.date)
    latest = version(b.updated) if b.updated else first
    return {
        "id": b.id or b.slug,
        "slug": b.slug,
        "version": latest,
        "title": b.title,
        "summary": b.summary,
        "excerpt": excerpt(body_html),
        "date": b.date.isoformat(),
        "updated": b.updated.isoformat() if b.updated else None,
        "expires": b.expires.isoformat() if b.expires else None,
        "topics": [{"key": t.key, "label": t.label, "slug": t.slug} for t in b.topics],
        "signatories": [s.byline() for s in b.signatories],
        "url": settings.absolute(b.url),
        "pdf_url": settings.absolute(b.pdf_url) if settings.pdf else None,
        "replaces": b.replaces,
        "previous_version": first if latest != first else None,
        **language_and_alert(b, settings),
    }


def document(settings: Settings, catalogue: Catalogue, bodies: Mapping[str, str]) -> dict[str, Any]:
    """The index of the public bulletins of ``catalogue`` (a preview's drafts and scheduled ones
    are left out), newest first as the catalogue holds them."""
    now = catalogue.now
    return {
        "format": FORMAT,
        "site_url": settings.base_url,
        "site_name": settings.site_name,
        "organisation": settings.organisation,
        "language": settings.language,
        "bulletins": [record(b, settings, bodies.get(b.slug)) for b in catalogue.bulletins
                      if b.status(now).is_public()],
    }


def outputs(settings: Settings, catalogue: Catalogue, bodies: Mapping[str, str]) -> Iterator[Output]:
    """``/bulletins.json``."""
    text = json.dumps(document(settings, catalogue, bodies), ensure_ascii=False, indent=1, sort_keys=True)
    yield Output(BULLETIN_INDEX, content=(text + "\n").encode("utf-8"))
