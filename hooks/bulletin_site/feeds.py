"""RSS 2.0 and JSON Feed 1.1 outputs, and the redirect pages of old slugs (``aliases``).

Feeds are functions of the settings, the catalogue a build shows and the body
HTML the engine rendered for each bulletin (slug -> HTML); Markdown is never
rendered again. XML is
built with lxml, JSON with ``json``, HTML with lxml and Jinja2 (autoescape), so
front-matter text is escaped wherever it lands. Nothing here reads the clock:
``lastBuildDate`` comes from the items, so two builds give the same bytes.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from typing import Iterator, Mapping
from urllib.parse import urljoin

import jinja2
import lxml.html
from lxml import etree

from .addresses import CAP_INDEX, JSON_FEED, SITE_FEED, alias_url, topic_feed_url  # the site's addresses
from .languages import language_feed_url, own_name
from .model import Bulletin, Catalogue
from .output import Output
from .pages import PageSpec, relative_url
from .settings import Settings

RSS_TYPE = "application/rss+xml"
JSON_TYPE = "application/feed+json"
GENERATOR = "bulletin_site"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
NAMESPACES = {"atom": ATOM, "content": CONTENT, "dc": DC}


@dataclass(frozen=True)
class FeedLink:
    """A feed as a page's ``<head>`` links it for autodiscovery."""

    title: str
    url: str  # site-relative
    type: str
    # " alternate" (the same link type, as a token list) for a feed outside the site's root folder:
    # Material fetches the sitemap.xml beside every link[rel=alternate] (for language versions), and
    # /cap/sitemap.xml does not exist
    rel: str = "alternate"


@dataclass(frozen=True)
class Channel:
    url: str  # site-relative URL of the feed file
    page_url: str  # site-relative URL of the page the feed follows
    title: str
    description: str
    items: tuple[Bulletin, ...]
    language: str | None = None  # of a per-language feed; else the site's


@dataclass(frozen=True)
class Item:
    """One bulletin as every feed format shows it."""

    bulletin: Bulletin
    guid: str
    guid_is_permalink: bool
    link: str  # absolute
    summary: str  # plain text, with the "Updated <date>" note when updated
    content_html: str  # the body with absolute links, with the note on top when updated


def _rfc822(moment: datetime, settings: Settings) -> str:
    return format_datetime(moment.astimezone(settings.timezone))


def _rfc3339(moment: datetime, settings: Settings) -> str:
    return moment.astimezone(settings.timezone).isoformat()


def _changed(b: Bulletin) -> datetime:
    return b.updated or b.date


def channels(settings: Settings, catalogue: Catalogue) -> list[Channel]:
    """The site feed and one feed per topic page, each holding public bulletins only.

    In preview (``mkdocs serve``) the catalogue also holds drafts and scheduled
    bulletins; feeds leave them out there too. Exercise and test alerts are left out (CAP has them).
    """
    t, now, size = settings.t, catalogue.now, settings.feed_size

    def public(bulletins):  # an exercise or test alert goes to CAP only
        return tuple(b for b in bulletins if b.status(now).is_public()
                     and not (b.alert is not None and b.alert.is_exercise))[:size]

    found = [Channel(SITE_FEED, "", settings.site_name,
                     t("feed.site_description", organisation=settings.organisation),
                     public(catalogue.originals))]
    for topic in catalogue.used_topics:
        found.append(Channel(
            topic_feed_url(topic), topic.url,
            t("feed.topic_title", topic=topic.label, site=settings.site_name),
            t("feed.topic_description", organisation=settings.organisation, topic=topic.label),
            public(catalogue.by_topic[topic.key])))
    for lang in catalogue.languages:  # originals and translations in each language: /<lang>/feed.xml
        name = own_name(lang)
        found.append(Channel(
            language_feed_url(lang), "", t("feed.language_title", site=settings.site_name, language=name),
            t("feed.language_description", organisation=settings.organisation, language=name),
            public(catalogue.by_language[lang]), lang))
    return found


def head_links(settings: Settings, spec: PageSpec | None) -> list[FeedLink]:
    """The feeds a page links in its ``<head>``: a topic page's own first, then the site's."""
    links = []
    if spec is not None and spec.topic is not None:
        links.append(FeedLink(settings.t("feed.topic_title", topic=spec.topic.label, site=settings.site_name),
                              topic_feed_url(spec.topic), RSS_TYPE))
    links.append(FeedLink(settings.site_name, SITE_FEED, RSS_TYPE))
    links.append(FeedLink(settings.t("feed.json_title", site=settings.site_name), JSON_FEED, JSON_TYPE))
    links.append(FeedLink(settings.t("cap.index_title", site=settings.site_name), CAP_INDEX, "application/atom+xml",
                           rel=" alternate"))
    return links


def _absolute_links(fragment, base: str) -> None:
    """Every relative ``href``/``src`` (and the like, ``srcset`` included) made absolute against ``base``."""
    fragment.make_links_absolute(base, resolve_base_href=False)
    for element in fragment.iter():
        srcset = element.get("srcset") if isinstance(element.tag, str) else None
        if srcset:
            candidates = (part.strip().split(None, 1) for part in srcset.split(",") if part.strip())
            element.set("srcset", ", ".join(" ".join([urljoin(base, c[0]), *c[1:]]) for c in candidates))


def content_html(settings: Settings, b: Bulletin, body: str | None) -> str:
    """The body as the engine rendered it, links made absolute, "Updated <date>" on top if updated."""
    if body is None:
        raise LookupError(f"{b.source}: the engine rendered no body for '{b.slug}' before the feeds")
    wrapper = lxml.html.fragment_fromstring(body, create_parent="div")
    _absolute_links(wrapper, settings.absolute(b.url))
    if b.updated:
        note = lxml.html.Element("p", {"class": "bulletin-updated"})
        strong = etree.SubElement(note, "strong")
        strong.text = settings.t("feed.updated_note", date=settings.day(b.updated))
        note.tail = wrapper.text
        wrapper.text = None
        wrapper.insert(0, note)
    return lxml.html.tostring(wrapper, encoding="unicode", method="html")


def item(settings: Settings, b: Bulletin, body: str | None) -> Item:
    """``b`` as a feed item, ``body`` being the HTML the engine rendered of it."""
    link = settings.absolute(b.url)
    summary = b.summary
    if b.updated:
        summary = settings.t("feed.updated_summary", date=settings.day(b.updated), summary=b.summary)
    return Item(b, b.id or link, b.id is None, link, summary, content_html(settings, b, body))


def _text(parent, tag: str, text: str, **attributes: str):
    element = etree.SubElement(parent, tag, attributes)
    element.text = text
    return element


def rss(settings: Settings, channel: Channel, items: list[Item]) -> bytes:
    root = etree.Element("rss", {"version": "2.0"}, nsmap=NAMESPACES)
    head = etree.SubElement(root, "channel")
    _text(head, "title", channel.title)
    _text(head, "link", settings.absolute(channel.page_url))
    _text(head, "description", channel.description)
    language = channel.language or settings.language
    _text(head, "language", language)
    etree.SubElement(head, f"{{{ATOM}}}link",
                     {"href": settings.absolute(channel.url), "rel": "self", "type": RSS_TYPE})
    if items:
        _text(head, "lastBuildDate", _rfc822(max(_changed(i.bulletin) for i in items), settings))
    _text(head, "generator", GENERATOR)
    for entry in items:
        b = entry.bulletin
        node = etree.SubElement(head, "item")
        _text(node, "title", b.title)
        _text(node, "link", entry.link)
        if entry.guid_is_permalink:
            _text(node, "guid", entry.guid)
        else:
            _text(node, "guid", entry.guid, isPermaLink="false")
        _text(node, "pubDate", _rfc822(b.date, settings))
        # description is HTML in RSS: escape the plain-text summary once more for it
        _text(node, "description", html.escape(entry.summary, quote=False))
        _text(node, f"{{{CONTENT}}}encoded", entry.content_html)
        for topic in b.topics:
            _text(node, "category", topic.label)
        for person in b.signatories:
            _text(node, f"{{{DC}}}creator", person.byline())
        if b.lang.lower() != language.lower():  # in another language than the channel's
            _text(node, f"{{{DC}}}language", b.lang)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def json_feed(settings: Settings, channel: Channel, items: list[Item]) -> bytes:
    document = {
        "version": JSON_FEED_VERSION,
        "title": channel.title,
        "home_page_url": settings.absolute(channel.page_url),
        "feed_url": settings.absolute(JSON_FEED),
        "description": channel.description,
        "language": settings.language,
        "authors": [{"name": settings.organisation}],
        "items": [],
    }
    for entry in items:
        b = entry.bulletin
        record = {
            "id": entry.guid,
            "url": entry.link,
            "title": b.title,
            "summary": entry.summary,
            "content_html": entry.content_html,
            "date_published": _rfc3339(b.date, settings),
        }
        if b.updated:
            record["date_modified"] = _rfc3339(b.updated, settings)
        record["tags"] = [topic.label for topic in b.topics]
        record["authors"] = [{"name": person.byline()} for person in b.signatories]
        if b.lang.lower() != settings.language.lower():
            record["language"] = b.lang
        document["items"].append(record)
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def redirects(settings: Settings, catalogue: Catalogue, template: jinja2.Template) -> Iterator[Output]:
    """A page at each old slug (``aliases``) that sends readers to the bulletin's address
    (``template``: redirect.html)."""
    for b in catalogue.bulletins:
        for alias in b.aliases:
            if alias == b.slug:
                continue
            page = template.render(
                b=b, settings=settings, canonical=settings.absolute(b.url),
                target=relative_url(alias_url(alias), b.url))
            yield Output(f"{alias_url(alias)}index.html", content=page.encode("utf-8"))


def outputs(settings: Settings, catalogue: Catalogue, bodies: Mapping[str, str],
            redirect_template: jinja2.Template) -> Iterator[Output]:
    """/feed.xml, /feed.json, /topics/<topic>/feed.xml and the alias redirect pages.

    ``bodies`` maps each slug to the body HTML the engine rendered (every public bulletin's).
    """
    made: dict[str, Item] = {}  # a bulletin is in several feeds: each item is made once

    def item_of(b: Bulletin) -> Item:
        if b.slug not in made:
            made[b.slug] = item(settings, b, bodies.get(b.slug))
        return made[b.slug]

    for channel in channels(settings, catalogue):
        items = [item_of(b) for b in channel.items]
        yield Output(channel.url, content=rss(settings, channel, items))
        if channel.url == SITE_FEED:
            yield Output(JSON_FEED, content=json_feed(settings, channel, items))
    yield from redirects(settings, catalogue, redirect_template)
