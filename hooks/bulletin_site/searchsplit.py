"""Pagefind's word files, split and capped so that a one-word search stays small on a large site.

A search fetches the index file ("chunk") that holds each word typed. Pagefind cuts its chunks by
a count of entries, not by bytes, and keeps, for each word, every place it stands in every page.
On a large site that makes some files large: at 10 000 bulletins the file with "och" is 340 KB
gzip, the one with "för" and sixteen other common words 390 KB. ``split_chunks`` rewrites every
chunk over ``LIMIT`` (gzip) after Pagefind has made it:

- a word whose own entry is over the limit keeps, in each page, only its ``K`` weightiest places
  (a heading's before the body's, then the first), with ``K`` the largest of ``CAPS`` that fits.
  Every page that has the word still has it: what a search finds does not change. Such a word
  stands in nearly every page, so it says almost nothing about which page is the better answer
  (its inverse document frequency is close to zero); what is lost is the count of its places
  beyond ``K`` in the ranking, excerpts built around its later places, and exact-phrase search
  (a query in quotes) on those later places;
- the words are then packed, in order, into chunks of at most ``LIMIT`` each, with the boundary
  words cut to the shortest prefixes that tell them apart, as Pagefind names its own chunks.

The page list (``pagefind.<hash>.pf_meta``) is written again with the new chunks, under the hash of
its new content, and ``pagefind-entry.json`` points to it. The same files give the same bytes.

The file formats are Pagefind's (1.5: ``pagefind_web/src/index.rs`` and ``metadata.rs``): gzip of
``pagefind_dcd`` and CBOR. A word is ``[word, pages, variants]``, a page ``[page number delta,
places, meta places]``; places are delta-encoded, and a negative number ``-w - 1`` starts a run of
weight ``w`` whose first place is absolute. ``IndexFormatError`` when a file is not that.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import json
import re
import zlib
from collections import Counter
from dataclasses import dataclass

import cbor2

LIMIT = 48 * 1024  # bytes (gzip) of one chunk: with Pagefind's script and page list, a search stays < 300 KB
CAPS = (16, 8, 4, 2, 1)  # places kept per page of an oversized word: the largest that fits
SIGNATURE = b"pagefind_dcd"
DEFAULT_WEIGHT = 25  # Pagefind's weight of body text; its runs come first in a page's places
ENTRY = "pagefind-entry.json"


class IndexFormatError(ValueError):
    """A file of the index is not in the format this module knows."""


def split_chunks(files: dict[str, bytes], limit: int | None = None) -> dict[str, bytes]:
    """``files`` (names under ``pagefind/``) with every word chunk over ``limit`` (default ``LIMIT``)
    rewritten; the same files when none is."""
    limit = limit or LIMIT
    try:
        entry = json.loads(files[ENTRY])
        languages = entry["languages"]
    except (KeyError, ValueError, TypeError) as error:
        raise IndexFormatError(f"{ENTRY}: {error}") from None
    files = dict(files)
    for language, info in sorted(languages.items()):
        meta_name = f"pagefind.{info['hash']}.pf_meta"
        try:
            meta = cbor2.loads(_content(files, meta_name))
            chunks = [(str(start), str(end), str(name)) for start, end, name in meta[2]]
        except (IndexError, TypeError, KeyError, ValueError, cbor2.CBORDecodeError) as error:
            raise IndexFormatError(f"{meta_name}: {error}") from None
        taken = {chunk[2] for chunk in chunks}
        rewritten, changed = [], False
        for start, end, name in chunks:
            path = f"index/{name}.pf_index"
            if len(files.get(path, b"")) <= limit:
                rewritten.append([start, end, name])
                continue
            words = [_fit(word, limit) for word in _words(path, _content(files, path), len(files[path]))]
            if not words:
                rewritten.append([start, end, name])
                continue
            del files[path]
            groups = _encoded(_pack(words, limit), limit)
            for (first, last), (_, data) in zip(_ranges([group for group, _ in groups], start, end), groups):
                new = _unique(f"{language}_{hashlib.sha256(data).hexdigest()[:7]}", taken)
                files[f"index/{new}.pf_index"] = data
                rewritten.append([first, last, new])
            changed = True
        if not changed:
            continue
        meta[2] = rewritten
        content = cbor2.dumps(meta)
        del files[meta_name]
        info["hash"] = f"{language}_{hashlib.sha256(content).hexdigest()[:10]}"
        files[f"pagefind.{info['hash']}.pf_meta"] = _encode(content)
        files[ENTRY] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return files


@dataclass
class _Word:
    """A word of a chunk: its key, its CBOR bytes, their estimated gzip size, (when it had to be
    read) its decoded entry, and (when capped) the places it keeps per page."""

    key: str
    raw: bytes
    size: int
    entry: list | None = None
    cap: int | None = None


def _content(files: dict[str, bytes], name: str) -> bytes:
    """The CBOR of a Pagefind file (gzip of the signature and CBOR)."""
    try:
        raw = gzip.decompress(files[name])
    except (KeyError, OSError, EOFError) as error:
        raise IndexFormatError(f"{name}: {error}") from None
    if not raw.startswith(SIGNATURE):
        raise IndexFormatError(f"{name}: no {SIGNATURE.decode()} signature")
    return raw[len(SIGNATURE):]


def _words(name: str, content: bytes, gzipped: int) -> list[_Word]:
    """The words of a chunk (``[[word, pages, variants]]``), each with its own bytes and an estimate
    of their gzip size (the chunk's own ratio: the words of a chunk are alike). The bytes of a word
    are found by matching its pages with a pattern (only the words that must be capped are decoded)."""
    ratio = gzipped / max(len(content), 1)
    try:
        if content[:1] != b"\x81":
            raise ValueError("not an array of one list of words")
        count, at = _head(content, 1, 4)
        words = []
        for _ in range(count):
            begin = at
            size, at = _head(content, at, 4)  # [word, pages, variants]
            key, at = _text(content, at)
            at = _pages(content, at)
            if size == 3:
                variants, at = _head(content, at, 4)
                for _ in range(variants):  # [form, pages]
                    at = _text(content, _head(content, at, 4)[1])[1]
                    at = _pages(content, at)
            raw = content[begin:at]
            words.append(_Word(key, raw, int(len(raw) * ratio)))
        if at != len(content):
            raise ValueError("bytes after the last word")
    except (ValueError, IndexError, UnicodeDecodeError) as error:
        raise IndexFormatError(f"{name}: {error}") from None
    return words


def _head(content: bytes, at: int, major: int) -> tuple[int, int]:
    """The number a CBOR head of ``major`` type at ``at`` carries (a length), and where it ends."""
    first = content[at]
    if first >> 5 != major or first & 31 > 27:
        raise ValueError(f"unexpected byte {first:#x} at {at}")
    extra = {24: 1, 25: 2, 26: 4, 27: 8}.get(first & 31, 0)
    number = int.from_bytes(content[at + 1:at + 1 + extra], "big") if extra else first & 31
    return number, at + 1 + extra


def _text(content: bytes, at: int) -> tuple[str, int]:
    length, at = _head(content, at, 3)
    return content[at:at + length].decode("utf-8"), at + length


_INT = rb"(?:[\x00-\x17\x20-\x37]|[\x18\x38].|[\x19\x39].{2}|[\x1a\x3a].{4}|[\x1b\x3b].{8})"
_ARRAY = rb"(?:[\x80-\x97]|\x98.|\x99.{2}|\x9a.{4})"
# a page: [page number delta, places, meta places] (or without meta places); an array head is
# never the first byte of an integer, so each list of integers ends where the next head is
_PAGE = rb"(?:\x83" + _INT + _ARRAY + _INT + rb"*" + _ARRAY + _INT + rb"*|\x82" + _INT + _ARRAY + _INT + rb"*)"


@functools.lru_cache(maxsize=256)
def _pages_pattern(count: int) -> re.Pattern:
    return re.compile(rb"(?:%s){%d}" % (_PAGE, count), re.DOTALL)


def _pages(content: bytes, at: int) -> int:
    """Where the array of pages at ``at`` ends."""
    count, at = _head(content, at, 4)
    match = _pages_pattern(count).match(content, at)
    if not match:
        raise ValueError(f"unexpected pages at {at}")
    return match.end()


def _encode(content: bytes) -> bytes:
    # level 5: within 2 % of level 6's size in a third of its time (on the index of 10 000 bulletins)
    return gzip.compress(SIGNATURE + content, 5, mtime=0)


def _fit(word: _Word, limit: int) -> _Word:
    """``word`` with its places capped per page as far as it must be to fit ``limit``: from the
    largest cap its size is estimated to allow (by the numbers it keeps), checked once encoded.
    A capped word is only ever capped further (so that making it again from its real size ends);
    ``word`` itself when it fits, or when it keeps one place per page already."""
    caps = [cap for cap in CAPS if word.cap is None or cap < word.cap]
    if word.size <= limit or not caps:
        return word
    word.entry = word.entry or cbor2.loads(word.raw)
    lists = (word.entry[1], *(pages for _, pages in word.entry[2]))  # the word's and each form's
    lengths = Counter(len(page[1]) for pages in lists for page in pages)  # length: pages
    fixed = 4 * lengths.total()  # a page's own bytes: its array, page number, lists' heads
    whole = fixed + sum(length * pages for length, pages in lengths.items())
    for cap in caps:
        kept = fixed + sum(min(length, cap + 1) * pages for length, pages in lengths.items())
        if word.size * kept / whole > limit and cap != caps[-1]:
            continue
        entry = [word.entry[0], _cap_pages(word.entry[1], cap),
                 [[form, _cap_pages(pages, cap)] for form, pages in word.entry[2]]]
        raw = cbor2.dumps(entry)
        capped = _Word(word.key, raw, len(zlib.compress(raw, 1)), entry, cap)
        if capped.size <= limit:
            return capped
    return capped


def _cap_pages(pages: list, cap: int) -> list:
    return [[page[0], _cap_places(page[1], cap), *page[2:]] if len(page[1]) > cap else page
            for page in pages]


def _cap_places(numbers: list[int], cap: int) -> list[int]:
    """A page's places of a word, only its ``cap`` weightiest kept: the heavier first, then the
    earlier. The places are runs of one weight each (a run after the first starts with its
    marker); the first places of a run are kept by cutting it short, so no delta changes."""
    if min(numbers) >= 0:  # one run of the default weight
        return numbers[:cap]
    starts = [i for i, number in enumerate(numbers) if number < 0]
    if starts == [0]:  # one run (nearly always)
        return numbers[:cap + 1]
    runs = ([(DEFAULT_WEIGHT, 0, starts[0])] if starts[0] else []) + [
        (-numbers[begin] - 1, begin, end) for begin, end in zip(starts, [*starts[1:], len(numbers)])]
    left, taken = cap, {}  # run's start: how many of its numbers are kept (its marker included)
    for _, begin, end in sorted(runs, key=lambda run: -run[0]):
        marker = numbers[begin] < 0
        places = min(end - begin - marker, left)
        taken[begin] = places + marker if places else 0
        left -= places
    return [number for _, begin, _ in runs for number in numbers[begin:begin + taken[begin]]]


def _pack(words: list[_Word], limit: int) -> list[list[_Word]]:
    """Consecutive words in groups whose sizes add up to at most ``limit`` (a word over it alone)."""
    groups, group, total = [], [], 0
    for word in words:
        if group and total + word.size > limit:
            groups.append(group)
            group, total = [], 0
        group.append(word)
        total += word.size
    return groups + [group] if group else groups


def _encoded(groups: list[list[_Word]], limit: int) -> list[tuple[list[_Word], bytes]]:
    """Each group and its file; a file over ``limit`` (the sizes were estimates) is made again from
    the group cut in two, or from its one word capped by its real size."""
    done, pending = [], list(groups)
    while pending:
        group = pending.pop(0)
        data = _encode(b"\x81" + _array_head(len(group)) + b"".join(word.raw for word in group))
        if len(data) > limit and len(group) > 1:
            pending[:0] = [group[:len(group) // 2], group[len(group) // 2:]]
            continue
        if len(data) > limit:
            group[0].size = len(data)  # measured now, not estimated
            smaller = _fit(group[0], limit)
            if smaller is not group[0]:
                pending.insert(0, [smaller])
                continue
        done.append((group, data))  # within the limit, or one word capped as far as it goes
    return done


def _ranges(groups: list[list[_Word]], start: str, end: str) -> list[list[str]]:
    """Each group's first and last word as Pagefind names a chunk's range: the outer ends those of
    the chunk split, the inner ones cut to the shortest prefixes that tell them apart."""
    ranges = [[group[0].key, group[-1].key] for group in groups]
    ranges[0][0], ranges[-1][1] = start, end
    for before, after in zip(ranges, ranges[1:]):
        last, first = before[1], after[0]
        common = next((i for i, (a, b) in enumerate(zip(last, first)) if a != b), min(len(last), len(first)))
        if last[:common + 1] >= before[0]:
            before[1] = last[:common + 1]
        after[0] = first[:common + 1]
    return ranges


def _array_head(length: int) -> bytes:
    """CBOR's head of an array of ``length`` items (the shortest, as Pagefind's encoder writes it)."""
    if length < 24:
        return bytes([0x80 | length])
    size = 1 if length < 256 else 2 if length < 65536 else 4
    return bytes([0x80 | {1: 24, 2: 25, 4: 26}[size]]) + length.to_bytes(size, "big")


def _unique(name: str, taken: set[str]) -> str:
    while name in taken:
        name += "0"
    taken.add(name)
    return name
