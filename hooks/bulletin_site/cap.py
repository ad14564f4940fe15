"""CAP 1.2 for alert systems: one ``<alert>`` per alert bulletin (``/cap/<slug>.xml``) and an Atom
index of the alerts active or ended within the last 48 hours (``/cap/index.atom``).

Built with lxml (escaping is not optional), from the settings, the catalogue the build shows and
the body HTML the engine rendered. Times come from the bulletins and the build clock only, always
with an offset (CAP refuses ``Z``), so two builds at the same clock give the same bytes.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Iterator, Mapping
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from . import alerts
from .addresses import CAP_INDEX, cap_url
from .model import Bulletin, Catalogue
from .output import Output
from .settings import Settings

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM_NS = "http://www.w3.org/2005/Atom"
CAP_TYPE = "application/cap+xml"
ATOM_TYPE = "application/atom+xml"
RECENT = timedelta(hours=48)  # an ended alert stays in the index this long
MAX_INDEX_ENTRIES = 250  # newest first: with the cut titles and summaries, the index stays under 900 KB
TITLE_LIMIT, SUMMARY_LIMIT = 200, 300  # characters in an index entry
CAP_WORDS = {"cbrne": "CBRNE", "allclear": "AllClear"}  # CAP's spelling where it is not Capitalised
GEOCODES = (("kommun", "SCB-kommun"), ("lan", "SCB-lan"))
_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "tr", "dt", "dd",
           "table", "ul", "ol", "br", "section", "figure", "details", "summary"}


def cap_word(word: str) -> str:
    return CAP_WORDS.get(word, word.capitalize())


def cap_time(moment: datetime, settings: Settings) -> str:
    """A CAP time: seconds and an offset, never ``Z`` (``2023-11-14T08:00:00+01:00``)."""
    return moment.astimezone(settings.timezone).replace(microsecond=0).isoformat()


def sender(settings: Settings) -> str:
    """The sender: the site's host name (CAP's sender holds no spaces, commas, '<' or '&')."""
    return urlsplit(settings.base_url).hostname or "localhost"


def plain_text(body_html: str) -> str:
    """The body as plain text: a blank line between blocks, no markup."""
    if not body_html.strip():
        return ""
    root = lxml.html.fragment_fromstring(body_html, create_parent="div")
    parts: list[str] = []

    def walk(element) -> None:
        if not isinstance(element.tag, str):  # a comment
            if element.tail:
                parts.append(element.tail)
            return
        block = element.tag in _BLOCKS
        if block:
            parts.append("\n\n")
        if element.tag == "li":
            parts.append("– ")
        if element.text:
            parts.append(element.text)
        for child in element:
            walk(child)
        if block:
            parts.append("\n\n")
        if element.tail:
            parts.append(element.tail)

    walk(root)
    text = "".join(parts)
    paragraphs = (" ".join(chunk.split()) for chunk in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def _add(parent, tag: str, text: str | None) -> None:
    if text:
        etree.SubElement(parent, f"{{{CAP_NS}}}{tag}").text = text


def cap_alert(settings: Settings, b: Bulletin, by_slug: Mapping[str, Bulletin], body_html: str) -> bytes:
    """The CAP 1.2 ``<alert>`` of an alert bulletin."""
    alert = b.alert
    assert alert is not None and b.id is not None  # the loader refuses an alert without an id
    root = etree.Element(f"{{{CAP_NS}}}alert", nsmap={None: CAP_NS})
    _add(root, "identifier", b.id)
    _add(root, "sender", sender(settings))
    _add(root, "sent", cap_time(b.updated or b.date, settings))
    _add(root, "status", cap_word(alert.status))
    earlier = alerts.predecessors(b, by_slug)
    _add(root, "msgType", alerts.MsgType.UPDATE.value if earlier else alerts.MsgType.ALERT.value)
    _add(root, "scope", "Public")
    if earlier:
        _add(root, "references", " ".join(
            f"{sender(settings)},{e.id},{cap_time(e.updated or e.date, settings)}" for e in earlier))
    info = etree.SubElement(root, f"{{{CAP_NS}}}info")
    _add(info, "language", settings.language)
    for category in alert.category:
        _add(info, "category", cap_word(category))
    _add(info, "event", alert.event or b.title)
    for response in alert.response:
        _add(info, "responseType", cap_word(response))
    _add(info, "urgency", cap_word(alert.urgency))
    _add(info, "severity", cap_word(alert.severity))
    _add(info, "certainty", cap_word(alert.certainty))
    _add(info, "effective", cap_time(b.date, settings))
    if b.expires is not None:
        _add(info, "expires", cap_time(b.expires, settings))
    _add(info, "senderName", settings.organisation or settings.site_name)
    _add(info, "headline", b.title)
    _add(info, "description", plain_text(body_html) or b.summary)
    _add(info, "instruction", alert.instruction)
    _add(info, "web", settings.absolute(b.url))
    _add(info, "contact", b.contact)
    for area in alert.areas:
        node = etree.SubElement(info, f"{{{CAP_NS}}}area")
        _add(node, "areaDesc", area.desc)
        if area.polygon:
            _add(node, "polygon", " ".join(f"{lat:g},{lon:g}" for lat, lon in area.polygon))
        for part, name in GEOCODES:
            code = getattr(area, part)
            if code:
                geocode = etree.SubElement(node, f"{{{CAP_NS}}}geocode")
                _add(geocode, "valueName", name)
                _add(geocode, "value", code)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def in_index(b: Bulletin, catalogue: Catalogue) -> bool:
    """Whether an alert bulletin is in the CAP index: in force (an exercise too, while it would be),
    or ended (an all-clear: published) within the last 48 hours."""
    now = catalogue.now
    if b.alert is None or not alerts.is_public(b, now):
        return False
    end = alerts.ended_at(b, catalogue)
    return end is None or now - end <= RECENT


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _atom(parent, tag: str, text: str | None = None, **attributes: str):
    element = etree.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def index(settings: Settings, catalogue: Catalogue) -> bytes:
    """The Atom index of the CAP files: what is in force or ended within 48 hours, newest first."""
    entries = [b for b in catalogue.bulletins if in_index(b, catalogue)][:MAX_INDEX_ENTRIES]
    everything = [b for b in catalogue.bulletins if b.alert is not None] or list(catalogue.bulletins)
    root = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS})
    _atom(root, "id", settings.absolute(CAP_INDEX))
    _atom(root, "title", settings.t("cap.index_title", site=settings.site_name))
    newest = max((b.updated or b.date for b in everything), default=None)
    _atom(root, "updated", cap_time(newest, settings) if newest else "1970-01-01T00:00:00+00:00")
    author = _atom(root, "author")
    _atom(author, "name", settings.organisation or settings.site_name)
    _atom(root, "link", rel="self", type=ATOM_TYPE, href=settings.absolute(CAP_INDEX))
    _atom(root, "link", rel="alternate", type="text/html", href=settings.absolute(""))
    for b in entries:
        entry = _atom(root, "entry")
        _atom(entry, "id", settings.absolute(cap_url(b)))
        _atom(entry, "title", _cut(b.title, TITLE_LIMIT))
        _atom(entry, "updated", cap_time(b.updated or b.date, settings))
        _atom(entry, "published", cap_time(b.date, settings))
        _atom(entry, "link", rel="alternate", type=CAP_TYPE, href=settings.absolute(cap_url(b)))
        _atom(entry, "link", rel="related", type="text/html", href=settings.absolute(b.url))
        _atom(entry, "summary", _cut(b.summary, SUMMARY_LIMIT))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def outputs(settings: Settings, catalogue: Catalogue, bodies: Mapping[str, str]) -> Iterator[Output]:
    """Every public alert bulletin's CAP file, and the index."""
    now, by_slug = catalogue.now, catalogue.by_slug
    for b in catalogue.bulletins:
        if b.alert is not None and alerts.is_public(b, now):
            yield Output(cap_url(b), cap_alert(settings, b, by_slug, bodies.get(b.slug, "")))
    yield Output(CAP_INDEX, index(settings, catalogue))
