"""The site's own addresses: the files a build writes, and the ``docs/`` pages that would take one.

A build writes pages (``pages.plan``), feeds, redirects for aliases, print
pages and PDFs. A page of ``docs/`` whose *output* has one of those addresses
would silently replace it or be replaced (``docs/topics/brand.md`` is written to
``topics/brand/index.html``, the topic page of ``brand``), so the loader
refuses it, for ``bulletins check`` and the build alike. Addresses are
compared, not source paths, the way MkDocs maps them with
``use_directory_urls`` (the only way the site is built).
"""
from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import Iterator

from . import pdf
from .errors import Problem
from .languages import language_feed_url
from .model import Bulletin, Catalogue, Topic
from .pages import PageKind, plan
from .settings import Settings

RESERVED_SLUGS = frozenset({"index"})  # bulletins/index.md is published at bulletins/, not bulletins/index/
SITE_FEED = "feed.xml"
JSON_FEED = "feed.json"
BULLETIN_INDEX = "bulletins.json"  # every published bulletin, for `bulletins notify` (index.py)
CAP_INDEX = "cap/index.atom"  # Atom index of the alerts' CAP files
TEXT_HOME = "text/"  # the text-only site's home page


def topic_feed_url(topic: Topic) -> str:
    return f"{topic.url}feed.xml"


def cap_url(bulletin: Bulletin) -> str:
    """Where an alert bulletin's CAP 1.2 file is."""
    return f"cap/{bulletin.slug}.xml"


def text_url(bulletin: Bulletin) -> str:
    """A bulletin's page on the text-only site (what the e-mails link too)."""
    return f"{TEXT_HOME}{bulletin.slug}/"


def alias_url(alias: str) -> str:
    """Where the redirect page of an old slug (``aliases``) is."""
    return f"bulletins/{alias}/"


def generated(catalogue: Catalogue, settings: Settings, own_home: bool) -> dict[str, str]:
    """Every file a build writes from the bulletins -> the source path MkDocs would give it.

    ``catalogue`` holds every bulletin, drafts and scheduled ones too: ``mkdocs serve`` writes their
    pages, so a ``docs/`` page there is refused in every kind of build.
    """
    out: dict[str, str] = {}
    for spec in plan(catalogue, settings):
        if spec.kind is PageKind.HOME and own_home:
            continue  # the site's own docs/index.md is the home page; the listing goes below it
        out[f"{spec.url}index.html"] = spec.src_uri
    for channel_url in [SITE_FEED, JSON_FEED, BULLETIN_INDEX,
                        *(topic_feed_url(t) for t in catalogue.used_topics),
                        *(language_feed_url(lang) for lang in catalogue.languages)]:
        out[channel_url] = channel_url
    out[pdf.CSS_URI] = pdf.CSS_URI
    out[CAP_INDEX] = CAP_INDEX
    out[f"{TEXT_HOME}index.html"] = f"{TEXT_HOME}index.md"
    for b in catalogue.bulletins:
        out[f"{text_url(b)}index.html"] = f"{text_url(b)}index.md"
        if b.alert is not None:
            out[cap_url(b)] = cap_url(b)
        for alias in b.aliases:
            out[f"{alias_url(alias)}index.html"] = f"{alias_url(alias)}index.md"
        out[f"{b.print_url}index.html"] = f"{b.print_url}index.md"
        if settings.pdf:
            out[b.pdf_url] = b.pdf_url
    return out


def docs_files(docs_dir: Path) -> Iterator[str]:
    """The files of ``docs/`` MkDocs publishes (not its dot-files or ``templates/``), as POSIX paths."""
    for folder, dirs, files in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        relative = PurePosixPath(Path(folder).relative_to(docs_dir).as_posix())
        if relative.parts[:1] == ("templates",):
            continue
        for name in sorted(files):
            if not name.startswith("."):
                yield (relative / name).as_posix()


def destination(src_uri: str) -> str:
    """Where MkDocs writes a file of docs/ (``use_directory_urls``)."""
    path = PurePosixPath(src_uri)
    if path.suffix.lower() not in (".md", ".markdown"):
        return src_uri
    parent = path.parent.as_posix()
    folder = "" if parent == "." else parent + "/"
    if path.stem in ("index", "README"):
        return f"{folder}index.html"
    return f"{folder}{path.stem}/index.html"


def docs_collisions(catalogue: Catalogue, settings: Settings) -> list[Problem]:
    """A problem for each page of docs/ whose output is a file the build writes."""
    docs_dir = settings.docs_dir
    if docs_dir is None or not docs_dir.is_dir():
        return []
    files = list(docs_files(docs_dir))
    names = set(files)
    taken = generated(catalogue, settings, own_home="index.md" in names)
    t = settings.t
    problems = []
    for src_uri in files:
        folder = src_uri.rsplit("/", 1)[0] + "/" if "/" in src_uri else ""
        if src_uri.endswith("README.md") and f"{folder}index.md" in names:
            continue  # MkDocs leaves a README.md beside an index.md out (with a warning of its own)
        address = destination(src_uri)
        owner = taken.get(address)
        if owner is None:
            continue
        shown = "docs/" + src_uri
        if owner == src_uri:
            problems.append(Problem(shown, None, "page", t("err.page_collision", uri=src_uri),
                                    t("fix.page_collision", uri=src_uri)))
        else:
            url = "/" + address.removesuffix("index.html")
            problems.append(Problem(shown, None, "page", t("err.address_collision", url=url),
                                    t("fix.page_collision", uri=src_uri)))
    return problems
