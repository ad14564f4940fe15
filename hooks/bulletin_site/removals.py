"""What the sanitiser removed from a body, named and located: the build's warnings and ``bulletins check``.

:class:`BodySanitizer` cleans each body of a build once with the site's :class:`~.sanitize.Policy`
and turns every removal into a ``Problem`` with the bulletin's file and the line of the Markdown
where it was found (best effort: the first place the tag, attribute or address occurs).
:func:`check_bodies` gives ``bulletins check`` the same problems without a build: it renders only
the bodies that may hold something to remove.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Iterable

from . import frontmatter
from .errors import Problem
from .i18n import Translator
from .loading import read_body
from .model import Bulletin
from .sanitize import URL_SCHEMES, Policy, Removal, cut, frame_host, scheme
from .settings import Settings


# ---------------------------------------------------------------------------
# a build's bodies


class BodySanitizer:
    """Cleans each bulletin body once and tells the build what was removed, and where."""

    def __init__(self, root: Path, t: Translator, policy: Policy):
        self.root, self.t, self.policy = root, t, policy

    @classmethod
    def for_settings(cls, settings: Settings) -> "BodySanitizer":
        return cls(settings.root, settings.t, Policy(settings.allow_html, settings.allow_iframe_hosts))

    def clean(self, html: str, source: str, warn: Callable[[str], object]) -> str:
        """The safe body; ``warn(text)`` is called once per removal (``source``: the bulletin's
        file, relative to the project)."""
        safe = self.policy.clean(html)
        if safe != html:
            for problem in self.problems(html, source):
                warn(str(problem))
        return safe

    def check(self, html: str, source: str) -> list[Problem]:
        """What :meth:`clean` would warn about."""
        return self.problems(html, source) if self.policy.clean(html) != html else []

    def problems(self, html: str, source: str) -> list[Problem]:
        removals = self.policy.removals(html)
        if not removals:
            return []
        try:
            text = (self.root / source).read_bytes().decode("utf-8").removeprefix("\ufeff")
            _, body, first_line = frontmatter.split(text)
        except (OSError, UnicodeDecodeError, frontmatter.FrontMatterError):
            body, first_line = "", 1
        finder = _Lines(body, first_line)
        problems: list[Problem] = []
        for removal in removals:
            problem = Problem(source, finder.line(removal.needles()), "body",
                              *describe(removal, self.t))
            if problem not in problems:
                problems.append(problem)
        return problems


# ---------------------------------------------------------------------------
# `bulletins check`: the build's warnings without a build

#: Markdown extensions whose HTML this module knows (MkDocs always adds the first three). With
#: only these, a body can hold something to remove only through raw HTML, attr_list, a link's
#: address or a heading whose id begins with "__"; ``check`` renders just such bodies.
KNOWN_EXTENSIONS = frozenset({"toc", "tables", "fenced_code", "admonition", "attr_list", "abbr",
                              "def_list", "footnotes", "sane_lists", "nl2br", "md_in_html"})
_TOC_SETTINGS = frozenset({"permalink", "permalink_title", "permalink_class", "title", "toc_depth",
                           "baselevel", "anchorlink"})
_RAW_HTML = re.compile(r"<[A-Za-z!?/]")
_ADDRESS = re.compile(r"\]\((?=([^)]*))|\]:(?=\s*(\S*))")  # every "](…" and "]: …", nested too
_HEADING = re.compile(r"#|^[ \t>]*(?:=+|-+)[ \t]*$", re.M)  # an ATX or setext heading may be here
_UNDERSCORES = "_\ufe33\ufe34\ufe4d\ufe4e\ufe4f\uff3f&\\"  # "_" after NFKD, or an entity/escape of it


def _extension_name(name: str) -> str:
    return name.removeprefix("markdown.extensions.")


def _known(extensions: list[tuple[str, dict]]) -> bool:
    return all(_extension_name(name) in KNOWN_EXTENSIONS
               and (_extension_name(name) != "toc" or set(options) <= _TOC_SETTINGS)
               for name, options in extensions)


def may_hold_removals(body: str) -> bool:
    """False when a body rendered with KNOWN_EXTENSIONS cannot hold anything to remove: no raw
    HTML, no attr_list, no address (of a link or a reference, wherever it stands) with another
    scheme or with "&" or "\\" that could hide one, and no heading together with anything that
    could give toc an id beginning with "__". Errs towards rendering."""
    if "{" in body or ("<" in body and _RAW_HTML.search(body)):
        return True
    if any(u in body for u in _UNDERSCORES) and _HEADING.search(body):
        return True
    if "](" in body or "]:" in body:
        for match in _ADDRESS.finditer(body):
            address = match.group(1) if match.group(1) is not None else match.group(2)
            if "&" in address or "\\" in address:
                return True
            if any(scheme(word) not in (None, *URL_SCHEMES) for word in address.split()):
                return True
    return False


def check_bodies(settings: Settings, bulletins: Iterable[Bulletin],
                 extensions: list[tuple[str, dict]]) -> list[Problem]:
    """What the build would warn about in the bodies of ``bulletins``, rendered with the
    site's Markdown ``extensions`` ((name, options) pairs, from mkdocs.yml) and MkDocs' own.
    Only bodies that may hold something to remove are rendered, unless the site uses other
    extensions than KNOWN_EXTENSIONS (then every body is)."""
    import markdown  # noqa: PLC0415 - needed only when a body is rendered

    every: dict[str, dict] = {"toc": {}, "tables": {}, "fenced_code": {}}
    for name, options in extensions:
        every[name] = {**every.get(name, {}), **options}
    known = _known(list(every.items()))
    sanitizer, engine = BodySanitizer.for_settings(settings), None
    problems: list[Problem] = []
    for bulletin in bulletins:
        try:
            body = read_body(settings.root / bulletin.source)
        except (OSError, UnicodeDecodeError, frontmatter.FrontMatterError):
            continue  # changed since the loader read it: the next run reports it
        if known and not may_hold_removals(body):
            continue
        if engine is None:
            engine = _engine(markdown, every)
        engine.reset()
        problems += sanitizer.check(engine.convert(body), bulletin.source)
    return problems


def _engine(markdown, extensions: dict[str, dict]):
    """Markdown with the site's extensions; with the known ones alone if the others cannot be
    loaded here (a setting such as ``!!python/name:`` is resolved only by MkDocs)."""
    try:
        return markdown.Markdown(extensions=list(extensions), extension_configs=extensions)
    except (ImportError, AttributeError, TypeError, ValueError, KeyError):
        known = {name: options for name, options in extensions.items()
                 if _extension_name(name) in KNOWN_EXTENSIONS}
        return markdown.Markdown(extensions=list(known), extension_configs=known)


class _Lines:
    """Best-effort lines of removed things in the Markdown: the next place each text occurs."""

    def __init__(self, body: str, first_line: int):
        self.folded, self.first_line = body.casefold(), first_line  # may differ in length
        self.after: dict[str, int] = {}

    def line(self, needles: tuple[str, ...]) -> int | None:
        for needle in needles:
            needle = needle.casefold()
            if not needle:
                continue
            start = self.after.get(needle, 0)
            at = self.folded.find(needle, start)
            if at < 0 and start:
                at = self.folded.find(needle)
            if at >= 0:
                self.after[needle] = at + 1
                return self.first_line + self.folded.count("\n", 0, at)
        return None


def describe(removal: Removal, t: Translator) -> tuple[str, str]:
    """(message, fix) of a removal, in the site's language."""
    if removal.kind == "element":
        return (t("sanitize.element", element=removal.element),
                t("sanitize.fix_element", element=removal.element))
    if removal.kind == "attribute":
        return (t("sanitize.attribute", attribute=removal.attribute, element=removal.element),
                t("sanitize.fix_attribute", attribute=removal.attribute))
    if removal.kind == "id":
        return (t("sanitize.reserved_id", value=cut(removal.value), element=removal.element),
                t("sanitize.fix_reserved_id"))
    if removal.kind == "url":
        key = "sanitize.link" if removal.attribute == "href" else "sanitize.address"
        return (t(key, scheme=removal.value or "?", element=removal.element,
                  attribute=removal.attribute), t("sanitize.fix_url"))
    host = frame_host(removal.value)
    return (t("sanitize.iframe", address=host or cut(removal.value)),
            t("sanitize.fix_iframe", host=host or "…"))


