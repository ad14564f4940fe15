"""The pages a build generates from the catalogue, and their HTML.

``plan`` lists every page (bulletins, home listing, topics, archive) as a
PageSpec; ``Renderer`` turns a spec plus the HTML MkDocs made of a bulletin's
body into the page content. HTML comes from Jinja2 templates with
autoescaping on, so front-matter text is always escaped.
"""
from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2
import markupsafe

from . import alerts, languages
from .i18n import translator
from .model import Bulletin, Catalogue, NoticeKind, Topic
from .settings import Settings

TEMPLATES = Path(__file__).parent / "templates"
BANNER_LIMIT = 3  # alerts in the banner of every page; the rest behind "more warnings"


class PageKind(enum.Enum):
    BULLETIN = "bulletin"
    HOME = "home"
    TOPICS = "topics"
    TOPIC = "topic"
    ARCHIVE = "archive"
    YEAR = "year"

    def is_listing(self) -> bool:
        return self in (PageKind.HOME, PageKind.TOPIC, PageKind.YEAR)


@dataclass(frozen=True)
class PageSpec:
    kind: PageKind
    url: str  # site-relative, '' for the home page
    title: str
    bulletin: Bulletin | None = None
    items: tuple[Bulletin, ...] = ()
    topic: Topic | None = None
    year: int | None = None
    number: int = 1  # page number within a paginated listing
    count: int = 1  # how many pages the listing has
    base_url: str = ""  # the listing's first page

    @property
    def src_uri(self) -> str:
        if self.kind is PageKind.BULLETIN:
            return self.bulletin.src_uri
        return f"{self.url}index.md" if self.url else "index.md"

    def page_url(self, number: int) -> str:
        return self.base_url if number == 1 else f"{self.base_url}page/{number}/"


@lru_cache(maxsize=65536)
def relative_url(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url`` (both site-relative, directory URLs)."""
    here = [part for part in from_url.split("/") if part]
    there = [part for part in to_url.split("/") if part]
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    parts = [".."] * (len(here) - common) + there[common:]
    if not parts:
        return "./"
    return "/".join(parts) + ("/" if to_url.endswith("/") or not there[common:] else "")


def _paginate(kind: PageKind, base_url: str, title: str, items: tuple[Bulletin, ...], size: int,
              settings: Settings, **extra) -> list[PageSpec]:
    chunks = [items[i:i + size] for i in range(0, len(items), size)] or [()]
    specs = []
    for number, chunk in enumerate(chunks, start=1):
        url = base_url if number == 1 else f"{base_url}page/{number}/"
        shown = title if number == 1 else settings.t("pagination.page_title", title=title, page=number,
                                                       pages=len(chunks))
        specs.append(PageSpec(kind, url, shown, items=chunk, number=number, count=len(chunks),
                              base_url=base_url, **extra))
    return specs


def plan(catalogue: Catalogue, settings: Settings) -> list[PageSpec]:
    """Every page generated from the bulletins, in a stable order."""
    t = settings.t
    specs = [PageSpec(PageKind.BULLETIN, b.url, b.title, bulletin=b) for b in catalogue.bulletins]
    specs.append(PageSpec(PageKind.HOME, "", settings.site_name or t("home.latest"),
                          items=catalogue.originals[: settings.home_count]))
    specs.append(PageSpec(PageKind.TOPICS, "topics/", t("topics.title")))
    for topic in catalogue.used_topics:
        specs += _paginate(PageKind.TOPIC, topic.url, topic.label, catalogue.by_topic[topic.key],
                           settings.page_size, settings, topic=topic)
    specs.append(PageSpec(PageKind.ARCHIVE, "archive/", t("archive.title")))
    for year, items in catalogue.by_year.items():
        specs += _paginate(PageKind.YEAR, f"archive/{year}/", t("archive.year_title", year=year),
                           items, settings.page_size, settings, year=year)
    return specs


@dataclass(frozen=True)
class Link:
    kind: str  # "print" | "pdf"
    label: str
    url: str  # site-relative


def bulletin_links(bulletin: Bulletin, settings: Settings) -> list[Link]:
    """The print page and PDF links of a bulletin page: the one place that decides them."""
    t = translator(bulletin.lang)
    links = [Link("print", t("bulletin.print"), bulletin.print_url)]
    if settings.pdf:
        links.append(Link("pdf", t("bulletin.pdf"), bulletin.pdf_url))
    return links


def easy_read_label(lang: str) -> str:
    """"Lättläst" / "Easy read", in the language of the easy-read version."""
    return translator(lang)("lang.easy_read")


def attributes(lang: str, around: str, with_dir: bool = True) -> markupsafe.Markup:
    """` lang=".." dir=".."` for text in ``lang`` inside text in ``around`` (nothing if the same);
    without ``with_dir`` the part keeps the direction around it (a list of short labels)."""
    if lang.lower() == around.lower():
        return markupsafe.Markup("")
    if not with_dir:
        return markupsafe.Markup(' lang="%s"') % lang
    return markupsafe.Markup(' lang="%s" dir="%s"') % (lang, languages.direction(lang))


def language_context(catalogue: Catalogue, b: Bulletin, settings: Settings) -> dict:
    """What a bulletin's page and print page say in, and about, its language: ``t`` in the
    bulletin's language (English where the project lacks its words), the attributes of the part
    in the words' language (``words_lang``) and of the title and body (``text_lang``), the other
    versions and, for a translation older than its original's last change, the original
    (``stale``)."""
    t = translator(b.lang)
    original = catalogue.original_of(b) if b.is_translation else None
    return {
        "t": t,
        "words_lang": attributes(t.language, settings.language),
        "text_lang": attributes(b.lang, t.language),
        "versions": languages.versions(catalogue, b, easy_read_label),
        "stale": original if original is not None and languages.is_stale(b, original) else None,
        "direction": languages.direction,
        "site_lang": attributes(settings.language, t.language, with_dir=False),  # topic labels: the site's
        "lang_of": lambda other: attributes(other.lang, t.language),  # another bulletin's title
    }


def _iso(moment) -> str:
    return moment.isoformat()


def templates(settings: Settings, catalogue: Catalogue) -> jinja2.Environment:
    """The Jinja2 environment of the project's own templates (pages' parts, print pages, redirects)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(t=settings.t, Notice=NoticeKind,
                       versions_of=lambda b: languages.versions(catalogue, b, easy_read_label),
                       text_lang_of=lambda b: attributes(b.lang, settings.language))
    # a date in the language of the page's words: the bulletin's own on its page and print page
    env.filters["day"] = jinja2.pass_context(
        lambda context, moment: context["t"].date(moment.astimezone(settings.timezone)))
    env.filters["iso"] = _iso
    env.globals["until"] = functools.partial(alerts.until_text, settings)  # until when an alert is in force
    return env


class Renderer:
    """Renders generated pages' HTML for one build."""

    def __init__(self, catalogue: Catalogue, settings: Settings):
        self.catalogue = catalogue
        self.settings = settings
        self.env = templates(settings, catalogue)
        self.active_alerts = alerts.active(catalogue)
        self.banner_alerts = alerts.banner(catalogue)
        self._banners: dict[tuple, str] = {}  # see alert_banner

    def _context(self, spec: PageSpec) -> dict:
        now = self.catalogue.now
        return {
            "spec": spec,
            "settings": self.settings,
            "catalogue": self.catalogue,
            "now": now,
            "link": lambda to: relative_url(spec.url, to),
            "notices": self.catalogue.notices,
            "active_alerts": self.active_alerts,
        }

    def bulletin(self, spec: PageSpec, body_html: str) -> str:
        b = spec.bulletin
        context = self._context(spec)
        context.update(
            b=b, body_html=jinja2.utils.markupsafe.Markup(body_html),
            links=bulletin_links(b, self.settings), **language_context(self.catalogue, b, self.settings),
            alert_active=b.alert is not None and alerts.is_active(b, self.catalogue.now, self.catalogue.by_slug),
        )
        return self.env.get_template("bulletin.html").render(context)

    def latest(self, items: tuple[Bulletin, ...], heading: str, page_url: str) -> str:
        """The cards of a latest-bulletins line (``latest``) on the page of docs/ at ``page_url``."""
        return self.env.get_template("latest.html").render(
            items=items, heading=heading, t=self.settings.t, notices=self.catalogue.notices,
            link=lambda to: relative_url(page_url, to))

    def listing(self, spec: PageSpec) -> str:
        template = {PageKind.TOPICS: "topics.html", PageKind.ARCHIVE: "archive.html"}.get(
            spec.kind, "listing.html")
        return self.env.get_template(template).render(self._context(spec))

    def alert_banner(self, page_url: str, own_slug: str | None = None) -> str:
        """The banner every page starts with while an extreme or severe alert is active ('' while
        none is): the most severe first, at most BANNER_LIMIT, then a link to the rest."""
        if not self.banner_alerts:
            return ""
        shown = self.banner_alerts[:BANNER_LIMIT]
        # pages whose links to the alerts and home read alike share one rendering (every bulletin
        # page but the alerts' own: ../../bulletins/<slug>/)
        own = own_slug if any(b.slug == own_slug for b in shown) else None
        key = (own, relative_url(page_url, ""), *(relative_url(page_url, b.url) for b in shown))
        html = self._banners.get(key)
        if html is None:
            html = self._banners[key] = self.env.get_template("alert-banner.html").render(
                shown=shown, more=len(self.banner_alerts) - len(shown), own=own,
                link=lambda to: relative_url(page_url, to), t=self.settings.t)
        return html
