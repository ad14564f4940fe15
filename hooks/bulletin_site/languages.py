"""Every bulletin in its own language, and the translations of a bulletin linked to each other.

A bulletin says its language with ``lang:`` (a BCP 47 tag, default the site's language); a
translation names its original with ``translation_of:``, and an easy-to-read version (lättläst)
says ``easy_read: true``. This module holds what the rest of the build asks about languages:

- the tag's rules (``tag_problem``) and what a tag means on a page: its name in its own language
  (``own_name``), its direction (``direction``), its Open Graph locale (``og_locale``);
- the rules between a translation and its original (``check_translations``: an existing original
  that is not itself a translation, another language or easy-read, one version per language)
  and what a translation takes from its original (``inherit``: every field the field table marks
  ``inherited``, ``replaces`` and ``replaced_by`` pointing at the versions in its own language);
- the versions of a bulletin, in the order pages link them (``Versions``), whether a translation
  is older than its original's last change (``is_stale``), and the per-language feeds' addresses.

It imports nothing from MkDocs; Babel knows the languages' names and directions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Mapping

from babel import Locale, UnknownLocaleError
from markupsafe import escape
from babel.core import get_global

from .reporting import Reporter, closest

if TYPE_CHECKING:
    from .model import Bulletin, Catalogue
    from .settings import Settings

# RFC 5646 "langtag" (well-formed, case-insensitive): language[-extlang][-script][-region]
# (-variant)*(-extension)*[-privateuse]. Grandfathered and private-use-only tags are not accepted:
# a bulletin is written in a language.
_LANGTAG = re.compile(
    r"""^(?P<language>[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{5,8})
        (?:-(?P<script>[a-z]{4}))?
        (?:-(?P<region>[a-z]{2}|[0-9]{3}))?
        (?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*
        (?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*
        (?:-x(?:-[a-z0-9]{1,8})+)?$""", re.IGNORECASE | re.VERBOSE)
RTL_SCRIPTS = frozenset({"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg", "mand", "samr"})


@lru_cache(maxsize=1)
def _known_languages() -> Mapping[str, str]:
    """ISO 639 code -> how staff might write the language instead ("arabic", "arabiska"), from
    Babel's English and Swedish names."""
    names: dict[str, str] = {}
    for shown in ("sv", "en"):
        for code, name in Locale(shown).languages.items():
            if "_" not in code:
                names.setdefault(name.casefold(), code)
    return names


@lru_cache(maxsize=1)
def _language_codes() -> frozenset[str]:
    return frozenset(code for code in Locale("en").languages if "_" not in code)


def tag_problem(tag: str) -> tuple[str, str] | None:
    """None for a usable tag, else (error key, suggestion): not a well-formed BCP 47 tag, or a
    primary language subtag no language has. ``suggestion`` is a tag to write instead."""
    match = _LANGTAG.match(tag)
    if match:
        language = match["language"].split("-")[0].lower()
        if language in _language_codes() or language == "mul":
            return None
    word = tag.strip().casefold()
    named = _known_languages().get(word)
    if named is None:
        near = closest(word, list(_known_languages()))
        named = _known_languages()[near] if near else None
    return ("bad_lang" if match is None else "unknown_lang"), (named or "en")


def normal(tag: str) -> str:
    """A tag in its usual case: language lower, script title, region upper ("zh-hant-tw" -> "zh-Hant-TW")."""
    parts = tag.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def base(tag: str) -> str:
    """The primary language of a tag ("sv-FI" -> "sv"): what the UI strings and feeds group by."""
    return tag.split("-")[0].lower()


@lru_cache(maxsize=256)
def _locale(tag: str) -> Locale | None:
    try:
        return Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        try:
            return Locale.parse(base(tag))
        except (UnknownLocaleError, ValueError, TypeError):
            return None


@lru_cache(maxsize=256)
def own_name(tag: str) -> str:
    """The language's name in itself, capitalised as a link starts ("Svenska", "العربية", "Soomaali")."""
    locale = _locale(tag)
    name = (locale.get_display_name(locale) if locale else None) or tag
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=256)
def direction(tag: str) -> str:
    """"rtl" for a language written right to left (Arabic, Persian, Hebrew, Urdu …), else "ltr"."""
    match = _LANGTAG.match(tag)
    if match and match["script"]:
        return "rtl" if match["script"].lower() in RTL_SCRIPTS else "ltr"
    locale = _locale(tag)
    return "rtl" if locale is not None and locale.character_order == "right-to-left" else "ltr"


@lru_cache(maxsize=256)
def og_locale(tag: str) -> str:
    """The Open Graph locale (language_TERRITORY) of a tag: "sv" -> "sv_SE", "ar" -> "ar_EG"."""
    locale = _locale(tag)
    if locale is None:
        return base(tag)
    if locale.territory:
        return f"{locale.language}_{locale.territory}"
    likely = get_global("likely_subtags").get(locale.language)
    territory = likely.split("_")[-1] if likely else None
    return f"{locale.language}_{territory}" if territory else locale.language


def language_feed_url(lang: str) -> str:
    """The feed of every bulletin in one language: ``/<lang>/feed.xml``."""
    return f"{base(lang)}/feed.xml"


# ---- translations -------------------------------------------------------------------------

def is_stale(translation: Bulletin, original: Bulletin) -> bool:
    """Whether the original changed after the translation was last made or updated."""
    return original.updated is not None and original.updated > (translation.updated or translation.date)


@dataclass(frozen=True)
class Version:
    """One version of a bulletin as a page links it."""

    bulletin: Bulletin
    label: str  # in the version's own language: "English", "العربية", "Lättläst"
    is_original: bool

    @property
    def lang(self) -> str:
        return self.bulletin.lang

    @property
    def dir(self) -> str:
        return direction(self.bulletin.lang)


def label(bulletin: Bulletin, easy_read_label) -> str:
    """How a link to this version names it, in its own language."""
    if bulletin.easy_read:
        return easy_read_label(bulletin.lang)
    return own_name(bulletin.lang)


def versions(catalogue: Catalogue, bulletin: Bulletin, easy_read_label) -> tuple[Version, ...]:
    """Every version of ``bulletin``'s original shown in ``catalogue``: the original first, then its
    translations by language (an easy-read version after the others of its language)."""
    original = catalogue.original_of(bulletin)
    if original is None:
        return ()
    found = [Version(original, label(original, easy_read_label), True)]
    found += [Version(b, label(b, easy_read_label), False) for b in catalogue.translations_of(original.slug)]
    return tuple(found)


def check_translations(found: list[Bulletin], lines: Mapping[str, Mapping[str, int]], report: Reporter,
                       all_slugs: Iterable[str]) -> list[Bulletin]:
    """The bulletins whose ``translation_of`` holds, with what each translation takes from its
    original (see ``inherit``); a problem for every one that does not.

    ``lines``: source -> field -> line; ``all_slugs``: every bulletin file's slug, also of those
    refused for problems of their own (a translation of one of them is left out, not reported).
    """
    by_slug = {b.slug: b for b in found}
    every = set(all_slugs)
    kept: list[Bulletin] = []
    taken: dict[tuple[str, str, bool], Bulletin] = {}
    for b in sorted(found, key=lambda b: b.source):
        line = lines.get(b.source, {}).get("translation_of")
        if b.translation_of is None:
            if b.easy_read:
                report.add(b.source, lines.get(b.source, {}).get("easy_read"), "easy_read",
                           "easy_read_alone", "fix.easy_read_alone")
            else:
                kept.append(b)
            continue
        original = by_slug.get(b.translation_of)
        if b.translation_of == b.slug:
            report.add(b.source, line, "translation_of", "translation_of_self", "fix.translation_of_self")
        elif original is None:
            if b.translation_of in every:
                continue  # the original has problems of its own, reported with it
            suggestion = closest(b.translation_of, by_slug)
            report.add(b.source, line, "translation_of", "translation_of_missing",
                       "fix.translation_of_did_you_mean" if suggestion else "fix.translation_of_missing",
                       value=b.translation_of, suggestion=suggestion or "")
        elif original.translation_of is not None:
            report.add(b.source, line, "translation_of", "translation_of_translation",
                       "fix.translation_of_translation", value=b.translation_of,
                       original=original.translation_of)
        elif original.lang.lower() == b.lang.lower() and not b.easy_read:
            report.add(b.source, lines.get(b.source, {}).get("lang") or line, "lang", "translation_same_lang",
                       "fix.translation_same_lang", value=b.lang, original=original.slug)
        elif (original.slug, b.lang.lower(), b.easy_read) in taken:
            other = taken[(original.slug, b.lang.lower(), b.easy_read)]
            report.add(b.source, line, "translation_of",
                       "easy_read_twice" if b.easy_read else "translation_twice", "fix.translation_twice",
                       value=original.slug, lang=b.lang, other=other.source)
        else:
            taken[(original.slug, b.lang.lower(), b.easy_read)] = b
            kept.append(b)
    return inherit(kept)


def inherit(bulletins: list[Bulletin]) -> list[Bulletin]:
    """Each translation with what it takes from its original: every field the field table marks
    ``inherited`` (topics, expires, …) as the original has it; ``replaces`` and ``replaced_by``
    then point at the version in the translation's language where there is one."""
    from .fields import INHERITED  # noqa: PLC0415  (fields imports the model this module serves)

    by_slug = {b.slug: b for b in bulletins}
    in_language = {(b.translation_of, b.lang.lower(), b.easy_read): b.slug
                   for b in bulletins if b.translation_of}
    out = []
    for b in bulletins:
        original = by_slug.get(b.translation_of) if b.translation_of else None
        if original is None:
            out.append(b)
            continue
        taken = {name: getattr(original, name) for name in INHERITED if hasattr(original, name)}
        taken["replaced_by"] = original.replaced_by

        def same_language(slug):
            return in_language.get((slug, b.lang.lower(), b.easy_read), slug) if slug else None
        taken["replaces"] = same_language(original.replaces)
        taken["replaced_by"] = same_language(original.replaced_by)
        out.append(replace(b, **taken))
    return out


def fill_feed_list(markdown: str, catalogue: Catalogue, page_url: str, settings: Settings) -> str:
    """``{{ language_feeds }}`` in a ``docs/`` page (the subscribe page) as a list of the
    per-language feeds, each named in its own language."""
    if PLACEHOLDER not in markdown:
        return markdown
    from .pages import relative_url  # noqa: PLC0415  (pages imports the model; this is for docs/ pages)

    rows = []
    for lang in catalogue.languages:
        href = relative_url(page_url, language_feed_url(lang))
        rows.append(f'- <a href="{href}" type="application/rss+xml" hreflang="{lang}" lang="{lang}" '
                    f'dir="{direction(lang)}">{_html(own_name(lang))}</a> '
                    f'(<code>{language_feed_url(lang)}</code>)')
    return markdown.replace(PLACEHOLDER, "\n".join(rows) if rows else "")


PLACEHOLDER = "{{ language_feeds }}"


def _html(text: str) -> str:
    return str(escape(text))


@dataclass(frozen=True)
class Head:
    """What a bulletin page's ``<head>`` says about its language and its versions."""

    og_locale: str  # the bulletin's Open Graph locale ("ar_EG")
    og_alternates: tuple[str, ...]  # its other versions' locales
    # (hreflang, site-relative URL): every version, then x-default. Written relative to the page, not
    # absolute: Material fetches sitemap.xml beside every <link rel="alternate"> it finds, so an
    # absolute address would make the reader's browser ask the production host from a preview.
    alternates: tuple[tuple[str, str], ...]


def head(catalogue: Catalogue, bulletin: Bulletin, settings: Settings) -> Head:
    """The hreflang links of a bulletin's page: every version in a language of its own (itself
    included) and ``x-default`` for the original, the same on each of them; none on a bulletin
    without translations, nor on an easy-read version (its language is its original's)."""
    cluster = [] if bulletin.easy_read else [
        b for b in catalogue.versions(bulletin) if not b.easy_read]
    links: tuple[tuple[str, str], ...] = ()
    if len(cluster) > 1:
        links = (*((b.lang, b.url) for b in cluster), ("x-default", cluster[0].url))
    mine = settings.t("share.locale") if bulletin.lang == settings.language else og_locale(bulletin.lang)
    others = tuple(dict.fromkeys(og_locale(b.lang) for b in cluster if og_locale(b.lang) != mine))
    return Head(mine, others, links)
