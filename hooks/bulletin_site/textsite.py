"""The text-only twin of the site for bad days: ``/text/`` (active alerts, then the latest bulletins)
and ``/text/<slug>/`` for every public bulletin.

Plain semantic HTML from our own Jinja2 templates (autoescape on), no scripts, no web fonts, no
images, at most 2 KB of inline CSS. The pages are written beside the engine's, not through it, so
they are in neither the site's search index nor its sitemap. A body is copied as the engine
rendered it (sanitised); only when it holds an image or other media is it parsed, and each such
element replaced by its text alternative.
"""
from __future__ import annotations

from typing import Iterator, Mapping

import jinja2
import lxml.html
from markupsafe import Markup

from . import alerts
from .addresses import TEXT_HOME, text_url
from .model import Catalogue
from .output import Output
from .pages import relative_url
from .settings import Settings

MEDIA = ("img", "picture", "svg", "video", "audio", "iframe", "object", "embed", "script", "style", "source",
         "track", "canvas", "noscript", "link")
_OPENINGS = tuple(f"<{tag}" for tag in MEDIA) + (" style=",)  # bodies are sanitised: tags in lower case


def text_body(body_html: str) -> str:
    """The body without images, media or scripts (an image becomes its alt text) or inline styles."""
    if not any(opening in body_html for opening in _OPENINGS):  # most bodies: substring tests are quick
        return body_html
    root = lxml.html.fragment_fromstring(body_html, create_parent="div")
    for element in list(root.iter(*MEDIA)):
        alt = (element.get("alt") or "").strip() if element.tag == "img" else ""
        parent = element.getparent()
        if parent is None:
            continue
        replacement = f"[{alt}]" if alt else ""
        previous = element.getprevious()
        tail = replacement + (element.tail or "")
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
        parent.remove(element)
    for element in root.iter():
        if isinstance(element.tag, str) and "style" in element.attrib:
            del element.attrib["style"]
    html = lxml.html.tostring(root, encoding="unicode")  # "<div>…</div>": the wrapper is ours
    return html[len("<div>"):-len("</div>")]


def outputs(settings: Settings, catalogue: Catalogue, bodies: Mapping[str, str],
            env: jinja2.Environment) -> Iterator[Output]:
    """The text site's home page and one page per public bulletin (``env``: the pages' templates)."""
    now = catalogue.now
    shown = alerts.active(catalogue)
    context = {"settings": settings, "t": settings.t, "active": shown, "text_url": text_url,
               "until": lambda b: alerts.until_text(settings, b), "notices": catalogue.notices}
    public = [b for b in catalogue.bulletins if b.status(now).is_public()]
    home = env.get_template("text/home.html")
    page = env.get_template("text/bulletin.html")

    def link(here: str):
        return lambda to: relative_url(here, to)

    # the top of the pages (the way home, the alerts) reads alike from every page at one depth:
    # rendered once for the home page and once for all the bulletins' pages; the styles once
    top = env.get_template("text/_top.html")
    context["style"] = Markup(env.get_template("text/_style.html").render())
    yield Output(f"{TEXT_HOME}index.html", home.render(
        context, url=TEXT_HOME, link=link(TEXT_HOME), top=Markup(top.render(context, link=link(TEXT_HOME))),
        items=public[: settings.home_count], canonical=settings.absolute(TEXT_HOME)).encode("utf-8"))
    context["top"] = Markup(top.render(context, link=link(f"{TEXT_HOME}-/")))
    for b in public:
        url = text_url(b)
        body = Markup(text_body(bodies.get(b.slug, "")))
        yield Output(f"{url}index.html", page.render(
            context, url=url, link=link(url), b=b, body_html=body,
            canonical=settings.absolute(url)).encode("utf-8"))
