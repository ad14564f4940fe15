"""Safe bulletin bodies: the HTML the engine made of a body, through an allow-list.

Raw HTML in a bulletin's Markdown reaches the page, the search index, the print page, the PDF
and the feeds' full text. Every body goes once through ``nh3`` (the Python binding of the Rust
sanitiser ammonia, which parses HTML as browsers do) with the allow-list below: what Markdown
and our extensions (admonition, attr_list, tables, toc) write passes, scripts, frames, forms,
styles, event handlers and ``javascript:``/``data:``/``vbscript:`` addresses do not.

What is published is always made from nh3's output. nh3 writes HTML in its own spelling
(``<br>``, not Markdown's ``<br />``), so its output is written back in Markdown's spelling:
a body without anything to remove comes out byte for byte as the engine rendered it.

nh3 does not say what it removed, so :meth:`Policy.removals` reads the body again with the
same allow-list and names each removal; the build logs one warning for each (with the line of
the Markdown where it is found, see ``removals.py``), which stops ``mkdocs build --strict``.

A site may allow more elements and attributes (``extra.bulletins.allow_html``) and iframes
from named hosts (``allow_iframe_hosts``); :func:`validated_options` refuses anything that
can run code or take over the page, whatever a site asks for.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from typing import Any, Iterable, Iterator, Mapping
from urllib.parse import urlsplit

import nh3

from .errors import Problem
from .i18n import Translator

# ---------------------------------------------------------------------------
# the policy

#: What Markdown, its extensions and ordinary raw HTML for text, lists and tables are made of.
ELEMENTS = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "kbd",
    "samp", "var", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub",
    "sup", "abbr", "dfn", "q", "cite", "time", "span", "div", "a", "img", "ul", "ol", "li", "dl",
    "dt", "dd", "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th",
    "td", "figure", "figcaption", "details", "summary", "address", "wbr", "bdi", "bdo", "ruby",
    "rt", "rp",
})

#: Attributes per element; "*" applies to every element (attr_list writes class, id, title).
ATTRIBUTES: Mapping[str, frozenset[str]] = {
    "*": frozenset({"class", "id", "title", "lang", "dir"}),
    "a": frozenset({"href", "hreflang", "rel"}),
    "img": frozenset({"src", "alt", "width", "height", "srcset", "sizes", "loading", "align"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "th": frozenset({"colspan", "rowspan", "scope", "abbr"}),
    "td": frozenset({"colspan", "rowspan", "headers"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "time": frozenset({"datetime"}),
    "del": frozenset({"datetime"}),
    "ins": frozenset({"datetime"}),
    "details": frozenset({"open"}),
}

#: Attributes allowed with these values only: the alignment Markdown's tables write.
_ALIGN = frozenset(f"text-align: {side};" for side in ("left", "center", "right"))
ATTRIBUTE_VALUES: Mapping[str, Mapping[str, frozenset[str]]] = {
    "th": {"style": _ALIGN}, "td": {"style": _ALIGN},
}

#: Addresses a link or image may have besides addresses on the site (relative ones).
#: ``data:`` is refused everywhere, images included: images belong in docs/, where the build
#: checks them, the PDF embeds them and feeds link them instead of carrying them in every item.
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

#: Attributes whose value is an address (checked for its scheme wherever a site allows them).
URL_ATTRIBUTES = frozenset({"href", "src", "cite", "poster", "longdesc", "background", "data",
                            "action", "formaction", "ping", "manifest", "codebase", "usemap"})

#: Elements that can run code, load other pages or change the page around the body. They are
#: removed with everything inside them, and no site can allow them.
NEVER_ELEMENTS = frozenset({
    "script", "style", "link", "meta", "base", "object", "embed", "applet", "param", "form",
    "input", "button", "select", "option", "optgroup", "textarea", "datalist", "output",
    "keygen", "frame", "frameset", "noframes", "noscript", "noembed", "template", "slot",
    "xmp", "plaintext", "listing", "title", "html", "head", "body", "svg", "math", "portal",
    "fencedframe", "dialog", "canvas",
})

#: Removed with their content when not allowed: their content is code, or text never shown.
CONTENT_REMOVED = (NEVER_ELEMENTS - {"html", "head", "body", "form", "button", "option",
                                     "optgroup", "select", "datalist", "output", "dialog"}) | {"iframe"}

#: Attributes no site can allow: they run code, style the page, or hold a page of their own.
NEVER_ATTRIBUTES = frozenset({"style", "srcdoc", "action", "formaction", "background",
                              "http-equiv", "xmlns", "is", "ping", "manifest", "codebase",
                              "data", "nonce", "autofocus", "popover", "slot"})

#: Every HTML element a site may name in ``allow_html`` (current and obsolete ones, less
#: NEVER_ELEMENTS); any other name is refused as a likely typo.
HTML_ELEMENTS = ELEMENTS | frozenset({
    "iframe", "video", "audio", "source", "track", "picture", "area", "map", "article",
    "aside", "section", "header", "footer", "nav", "main", "hgroup", "search", "data", "center",
    "meter", "progress", "label", "fieldset", "legend", "big", "tt", "strike", "font", "nobr",
    "acronym", "menu", "marquee", "blink",
})

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"})
_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*\Z")
_HOST = re.compile(r"(?=.{1,253}\Z)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\Z")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_URL_JUNK = re.compile(r"[\t\n\r]")  # a browser drops these anywhere in an address
_C0_OR_SPACE = "".join(map(chr, range(0x21)))  # a browser strips these around an address


def scheme(url: str) -> str | None:
    """The scheme of an address as a browser reads it (``JaVa\\tScript:`` is ``javascript``)."""
    match = _SCHEME.match(_URL_JUNK.sub("", url.strip(_C0_OR_SPACE)))
    return match.group(1).lower() if match else None


def frame_host(url: str) -> str | None:
    """The host of an ``https://host/…`` address, or None for anything else. Addresses that
    browsers and Python read differently are refused: a backslash (``https://evil.example\\@
    good.example/`` loads evil.example), user names, spaces and control characters."""
    address = _URL_JUNK.sub("", url.strip(_C0_OR_SPACE))
    if "\\" in address or any(ch in _C0_OR_SPACE for ch in address):
        return None
    try:
        parts = urlsplit(address)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return None
    if parts.scheme.lower() != "https" or "@" in parts.netloc:
        return None
    return parts.hostname


@dataclass(frozen=True)
class Removal:
    """One thing the sanitiser took out of a body."""

    kind: str  # "element" | "attribute" | "url" | "iframe" | "id"
    element: str
    attribute: str = ""
    value: str = ""  # the scheme of a refused address, or the address of a refused iframe
    source: str = ""  # the start tag as written, when it was written as HTML

    def needles(self) -> tuple[str, ...]:
        """Texts to look for in the Markdown, the most telling first."""
        if self.kind == "element":
            return (f"<{self.element}",)
        if self.kind == "attribute":
            return (self.source, f"{self.attribute}=", self.attribute)
        if self.kind == "url":
            return (self.source, f"{self.value}:")
        if self.kind == "id":
            return (self.source, self.value)
        return (self.source, self.value, "<iframe")


class Policy:
    """The allow-list of one site: the defaults plus what ``allow_html`` adds."""

    def __init__(self, allow_html: Iterable[tuple[str, Iterable[str]]] = (),
                 iframe_hosts: Iterable[str] = ()):
        extra = {element: frozenset(attributes) for element, attributes in allow_html}
        self.elements = ELEMENTS | extra.keys()
        self.attributes = {tag: ATTRIBUTES.get(tag, frozenset()) | extra.get(tag, frozenset())
                           for tag in set(ATTRIBUTES) | extra.keys()}
        self.iframe_hosts = frozenset(iframe_hosts)
        self.content_removed = CONTENT_REMOVED - self.elements
        self._cleaner = nh3.Cleaner(
            tags=set(self.elements), clean_content_tags=set(self.content_removed),
            attributes={tag: set(names) for tag, names in self.attributes.items()},
            tag_attribute_values={tag: {name: set(values) for name, values in rules.items()}
                                  for tag, rules in ATTRIBUTE_VALUES.items()},
            attribute_filter=self._filter, url_schemes=set(URL_SCHEMES), link_rel=None,
            strip_comments=True)

    # one decision per attribute, for nh3 and for the report alike
    def attribute_allowed(self, element: str, name: str, value: str) -> bool:
        if name in self.attributes.get(element, ()) or name in self.attributes["*"]:
            return True
        return value in ATTRIBUTE_VALUES.get(element, {}).get(name, ())

    def address_allowed(self, name: str, value: str) -> bool:
        """An address attribute: relative, or one of URL_SCHEMES."""
        found = scheme(value)
        return name not in URL_ATTRIBUTES or found is None or found in URL_SCHEMES

    def frame_allowed(self, value: str) -> bool:
        """An iframe's ``src``: https from one of ``allow_iframe_hosts``."""
        return frame_host(value) in self.iframe_hosts

    def refusal(self, element: str, name: str, value: str) -> str | None:
        """Why the value of an allowed attribute is refused: "url", "iframe", "id", or None.

        An id beginning with "__" is the page's own (Material reads its settings from the first
        element with the id "__config"; an element of the body would come first)."""
        if not self.address_allowed(name, value):
            return "url"
        if element == "iframe" and name == "src" and not self.frame_allowed(value):
            return "iframe"
        if name == "id" and value.strip(_C0_OR_SPACE).startswith("__"):
            return "id"
        return None

    def _filter(self, element: str, name: str, value: str) -> str | None:
        return None if self.refusal(element, name, value) else value

    def clean(self, html: str) -> str:
        """``html`` with everything not allowed taken out, in Markdown's spelling of HTML."""
        safe = self._cleaner.clean(html)
        # nh3 writes void elements as <br>, Markdown as <br />; nothing else differs in the
        # HTML Markdown writes. So when the input is nh3's output with " />" for ">" here and
        # there, the input is published: a browser ignores a self-closing slash on an HTML
        # element, so both are the same document. " />" inside the safe output (an attribute
        # value) rules this out, and so does an iframe, whose content nh3 keeps as raw text.
        if " />" not in safe and "<iframe" not in safe and html.replace(" />", ">") == safe:
            return html
        return _respell(safe)

    def removals(self, html: str) -> list[Removal]:
        """What :meth:`clean` takes out of ``html``, in document order (comments are not named)."""
        finder = _Finder(self)
        finder.feed(html)
        finder.close()
        return finder.found


class _Finder(HTMLParser):
    """Reads the engine's HTML and names what the policy refuses."""

    def __init__(self, policy: Policy):
        super().__init__(convert_charrefs=True)
        self.policy = policy
        self.found: list[Removal] = []
        self._inside: str | None = None  # an element removed with its content
        self._depth = 0

    # Comments and declarations end where a browser ends them, not where Python's parser does,
    # so that "<!--><script>…" or "<![CDATA[><script>…" cannot hide a script from the report.
    def parse_comment(self, i: int, report: bool = True) -> int:
        raw = self.rawdata
        for abrupt in ("<!-->", "<!--->"):
            if raw.startswith(abrupt, i):
                return i + len(abrupt)
        ends = [(at, len(end)) for end in ("-->", "--!>") if (at := raw.find(end, i + 4)) >= 0]
        if not ends:
            return -1
        at, length = min(ends)
        return at + length

    def parse_html_declaration(self, i: int) -> int:
        if self.rawdata.startswith("<!--", i):
            return self.parse_comment(i)
        end = self.rawdata.find(">", i + 2)  # a doctype or "<![CDATA[": a comment up to ">"
        return -1 if end < 0 else end + 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, void=tag in _VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, void=True)

    def handle_endtag(self, tag: str) -> None:
        if self._inside == tag:
            self._depth -= 1
            if self._depth == 0:
                self._inside = None

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], void: bool) -> None:
        if self._inside is not None:
            self._depth += tag == self._inside and not void
            return
        policy, source = self.policy, self.get_starttag_text() or ""
        if tag not in policy.elements:
            self.found.append(Removal("element", tag, source=source))
            if tag in policy.content_removed and not void:
                self._inside, self._depth = tag, 1
            return
        for name, value in attrs:
            value = value or ""
            refusal = "attribute" if not policy.attribute_allowed(tag, name, value) else \
                policy.refusal(tag, name, value)
            if refusal == "url":
                self.found.append(Removal("url", tag, name, scheme(value) or "", source=source))
            elif refusal is not None:
                self.found.append(Removal(refusal, tag, name, value, source=source))


# ---------------------------------------------------------------------------
# Markdown's spelling of HTML


def _escape(text: str, quote: bool) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("\n", "&#10;") if quote else text


# nh3's output is regular: every attribute is written name="value" (with " as &quot;), every
# element but a void one is closed, there are no comments, and "<" starts a tag everywhere but
# in the raw text an iframe holds, which cannot contain "</iframe>". These read exactly that.
_START_TAG = re.compile(r'<([a-z][a-z0-9-]*)((?: [^\s"\'>/=]+="[^"]*")*)>')
_ATTRIBUTE = re.compile(r' ([^\s"\'>/=]+)="([^"]*)"')
_END_TAG = re.compile(r"</[a-z][a-z0-9-]*>")


class _Unexpected(Exception):
    """nh3's output is not as regular as expected: it is then published in nh3's own spelling."""


def _respell(safe: str) -> str:
    """nh3's output ``safe`` written as Python-Markdown writes HTML (``<br />``; ``&quot;`` and
    ``&#10;`` in attributes). An iframe keeps no content (a browser never shows it), and an
    iframe whose address was refused is left out."""
    try:
        return "".join(_respelled(safe))
    except _Unexpected:
        return safe


def _respelled(safe: str) -> Iterator[str]:
    at, end = 0, len(safe)
    while at < end:
        lt = safe.find("<", at)
        lt = end if lt < 0 else lt
        if lt > at:
            yield _escape(unescape(safe[at:lt]), False)
        if lt == end:
            return
        closing = _END_TAG.match(safe, lt)
        if closing:
            yield closing.group(0)
            at = closing.end()
            continue
        tag = _START_TAG.match(safe, lt)
        if not tag:
            raise _Unexpected(safe[lt:lt + 40])
        name, attributes = tag.group(1), _ATTRIBUTE.findall(tag.group(2))
        at = tag.end()
        spelled = "".join(f' {key}="{_escape(unescape(value), True)}"' for key, value in attributes)
        if name == "iframe":
            close = safe.find("</iframe>", at)
            if close < 0:
                raise _Unexpected(safe[lt:lt + 40])
            at = close + len("</iframe>")
            if any(key == "src" for key, _ in attributes):
                yield f"<iframe{spelled}></iframe>"
            continue
        yield f"<{name}{spelled}{' />' if name in _VOID else '>'}"


def cut(value: str, limit: int = 60) -> str:
    """``value`` as a message quotes it: at most ``limit`` characters, cut with "…"."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


# ---------------------------------------------------------------------------
# the site's settings


class PolicyError(Exception):
    """A refused ``allow_html`` or ``allow_iframe_hosts``: (option, message key, fix key, values)."""

    def __init__(self, problems: list[tuple[str, str, str, dict[str, Any]]]):
        super().__init__(problems)
        self.problems = problems

    def as_problems(self, t: Translator) -> list[Problem]:
        return [Problem("mkdocs.yml", None, f"extra.bulletins.{option}", t(key, **values),
                        t(fix, **values)) for option, key, fix, values in self.problems]


def validated_options(allow_html: object, iframe_hosts: object
                      ) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[str, ...]]:
    """``allow_html`` and ``allow_iframe_hosts`` as Settings keeps them, or PolicyError naming
    every element, attribute and host that cannot be allowed."""
    found: list[tuple[str, str, str, dict[str, Any]]] = []

    def refuse(option: str, key: str, **values: Any) -> None:
        found.append((option, f"sanitize.config.{key}", f"sanitize.config.fix_{key}", values))

    allowed: dict[str, tuple[str, ...]] = {}
    if allow_html is None:
        allow_html = {}
    if not isinstance(allow_html, Mapping):
        refuse("allow_html", "not_mapping")
        allow_html = {}
    for element, attributes in allow_html.items():
        element_name = str(element).strip().lower()
        if element_name in NEVER_ELEMENTS:
            refuse("allow_html", "never_element", element=cut(str(element)))
            continue
        if element_name not in HTML_ELEMENTS:
            refuse("allow_html", "unknown_element", element=cut(str(element)))
            continue
        if attributes is None:
            attributes = []
        if not isinstance(attributes, (list, tuple)) or not all(isinstance(a, str) for a in attributes):
            refuse("allow_html", "not_list", element=element_name)
            continue
        names = []
        for attribute in attributes:
            name = attribute.strip().lower()
            if name.startswith("on") or name in NEVER_ATTRIBUTES:
                refuse("allow_html", "never_attribute", element=element_name, attribute=cut(attribute))
            elif not _NAME.match(name):
                refuse("allow_html", "bad_attribute", element=element_name, attribute=cut(attribute))
            elif name not in names:
                names.append(name)
        allowed[element_name] = tuple(sorted(names))

    hosts: list[str] = []
    if iframe_hosts is None:
        iframe_hosts = []
    if not isinstance(iframe_hosts, (list, tuple)):
        refuse("allow_iframe_hosts", "hosts_not_list")
        iframe_hosts = []
    for host in iframe_hosts:
        name = str(host).strip().lower()
        if not isinstance(host, str) or not _HOST.match(name):
            bare = urlsplit(name if "//" in name else "//" + name).hostname or "www.youtube-nocookie.com"
            refuse("allow_iframe_hosts", "bad_host", value=cut(str(host)), example=bare)
        elif name not in hosts:
            hosts.append(name)
    if "src" in allowed.get("iframe", ()) and not hosts and not found:
        refuse("allow_iframe_hosts", "hosts_missing")
    if hosts and "src" not in allowed.get("iframe", ()):
        refuse("allow_iframe_hosts", "hosts_unused")
    if found:
        raise PolicyError(found)
    return tuple(sorted(allowed.items())), tuple(hosts)
