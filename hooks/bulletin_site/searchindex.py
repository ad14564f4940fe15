"""The site's search index: Pagefind run on the built pages, before the site is published.

Pagefind (the PyPI wheel ``pagefind-bin``: one binary, no Node.js) reads the HTML of the built
site and writes ``pagefind/``: an index split into small files by word, one fragment per page
and the WebAssembly that searches them. The site's search box (Material's, through
``hooks/theme/assets/javascripts/workers/bulletin-search.js``) loads none of it until a resident
types, and a query fetches only what its words need, so what a page view or a search costs does
not grow with the number of bulletins.

What is searched: only elements marked ``data-pagefind-body`` — a public bulletin's page (its
title, topics, body, signatories and contact; not its banners or buttons) and the content of the
pages of ``docs/``. Listings, print pages, redirects and drafts carry no mark and are never
indexed. Every page is indexed in the site's language (``--force-language``): a bulletin whose
article says it is in English or Arabic is still in the one index, its words stemmed the same
way when indexed and when typed, so they match.

Pagefind runs as a ``concurrency.Program`` while the build writes its PDFs, and the build waits
for it before the site is published: a build whose index fails publishes nothing. Its output is
the same bytes for the same pages (tests build twice and compare).
"""
from __future__ import annotations

from pathlib import Path

from . import concurrency
from .i18n import Translator

FOLDER = "pagefind"  # under the site's root: /pagefind/pagefind.js, …


class SearchIndexError(Exception):
    """Pagefind failed; the message says what it printed and what to do."""


def _executable() -> str:
    import pagefind_bin  # the wheel's binary, found by its own helper

    return str(pagefind_bin.get_executable())


BULLETIN_PAGES = "bulletins/*/index.html"  # not the print pages below them
_GLOB_SPECIAL = set("*?[]{}!\\,")


def pages_glob(pages: list[str] | None) -> str:
    """The glob of the files Pagefind reads: the bulletin pages and ``pages``. Only marked pages
    are indexed whatever it reads, but reading the others (print pages, listings, redirects:
    half the site's files) cost half of Pagefind's time; a name a glob cannot hold reads all."""
    if pages is None or any(_GLOB_SPECIAL & set(page) for page in pages):
        return "**/*.{html}"
    return "{" + ",".join([BULLETIN_PAGES, *sorted(set(pages))]) + "}"


class SearchIndex:
    """Pagefind indexing one built site folder, started by ``start``."""

    def __init__(self, program: concurrency.Program, t: Translator):
        self.program, self.t = program, t

    @classmethod
    def start(cls, site_dir: Path, language: str, t: Translator,
              pages: list[str] | None = None) -> "SearchIndex":
        """Index ``site_dir``: the bulletin pages and ``pages`` (files of the site; None: every page)."""
        argv = [_executable(), "--site", str(site_dir), "--output-subdir", FOLDER,
                "--force-language", language, "--quiet", "--glob", pages_glob(pages)]
        return cls(concurrency.Program(argv), t)

    def finish(self) -> None:
        """Wait for the index; SearchIndexError if Pagefind failed."""
        code, output = self.program.wait()
        if code != 0:
            raise SearchIndexError(self.t("err.search_index", code=code, output=output.strip()[-2000:]))

    def cancel(self) -> None:
        self.program.cancel()
