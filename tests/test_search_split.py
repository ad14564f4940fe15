"""Pagefind's word files split and capped (bulletin_site.searchsplit): every file within the limit,
every page of every word kept, the weightiest places kept, the page list naming each word's file."""
from __future__ import annotations

import gzip
import json
import random
import zlib

import cbor2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin_site import i18n, searchsplit
from bulletin_site.searchindex import SearchIndex
from bulletin_site.searchsplit import IndexFormatError, split_chunks

WORDS = ("kommunen vattnet brand och i att vi för följande föreningar läget ledningsgruppen "
         "räddningstjänsten information Västerbyn Kolbäck dricksvatten").split()


def _decode(data: bytes):
    raw = gzip.decompress(data)
    assert raw.startswith(b"pagefind_dcd")
    return cbor2.loads(raw[12:])


def places(numbers: list[int]) -> list[tuple[int, int]]:
    """(weight, position) of a page's encoded places: Pagefind's reading (pagefind_web/src/index.rs)."""
    weight, last, found = 25, 0, []
    for number in numbers:
        if number < 0:
            weight, last = -number - 1, 0
        else:
            last += number
            found.append((weight, last))
    return found


@pytest.fixture(scope="module")
def pagefind_files(tmp_path_factory) -> dict[str, bytes]:
    """Pagefind's own files for 120 pages of common words, some in headings (weighted), unsplit."""
    rng = random.Random(7)
    pages = []
    for number in range(120):
        heading = " ".join(rng.choice(WORDS) for _ in range(3))
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 160)))
        pages.append((f"bulletins/b{number:03}/index.html",
                      f'<!doctype html><html lang="sv"><body><main data-pagefind-body><h1>Sida {number}</h1>'
                      f"<h2>{heading}</h2><p>{body}</p></main></body></html>"))
    limit = searchsplit.LIMIT
    searchsplit.LIMIT = 10 ** 9  # Pagefind's files as it writes them
    try:
        index = SearchIndex.start("sv", i18n.Translator("sv"))
        for path, html in pages:
            index.add(path, html)
        out = tmp_path_factory.mktemp("pagefind")
        index.write(out)
        index.finish()
    finally:
        searchsplit.LIMIT = limit
    return dict(index.files)


def _index(files: dict[str, bytes]) -> tuple[dict, list, dict[str, list]]:
    """(the entry, the page list's chunks, every word -> its entry with absolute page numbers)."""
    entry = json.loads(files["pagefind-entry.json"])
    meta = _decode(files[f"pagefind.{entry['languages']['sv']['hash']}.pf_meta"])
    words = {}
    for _, _, name in meta[2]:
        for word in _decode(files[f"index/{name}.pf_index"])[0]:
            words[word[0]] = [_absolute(word[1]), [[form, _absolute(pages)] for form, pages in word[2]]]
    return entry, meta[2], words


def _absolute(pages: list) -> dict[int, list[int]]:
    number, found = 0, {}
    for page in pages:
        number += page[0]
        found[number] = page[1]
    return found


def test_pagefinds_own_files_are_over_the_limit_the_test_sets(pagefind_files):
    sizes = [len(data) for name, data in pagefind_files.items() if name.startswith("index/")]
    assert max(sizes) > 4096


def test_every_word_file_is_within_the_limit_and_every_page_of_every_word_is_kept(pagefind_files):
    split = split_chunks(pagefind_files, 4096)
    assert max(len(data) for name, data in split.items() if name.startswith("index/")) <= 4096
    _, _, before = _index(pagefind_files)
    _, chunks, after = _index(split)
    assert len(chunks) > len(_index(pagefind_files)[1])
    assert list(after) == list(before)  # the same words, in the same order
    for word, (pages, variants) in before.items():
        assert after[word][0].keys() == pages.keys(), word
        assert [(form, kept.keys()) for form, kept in after[word][1]] == [(form, p.keys()) for form, p in variants]


def test_a_capped_word_keeps_its_weightiest_places_per_page_and_the_others_all(pagefind_files):
    split = split_chunks(pagefind_files, 400)
    _, _, before = _index(pagefind_files)
    _, _, after = _index(split)
    capped = weighted = 0
    for word, (pages, variants) in before.items():
        for old, new in [(pages, after[word][0])] + [(p, n) for (_, p), (_, n) in zip(variants, after[word][1])]:
            kept = {page: places(numbers) for page, numbers in new.items()}
            cap = max(map(len, kept.values()), default=0)
            for page, numbers in old.items():
                whole = places(numbers)
                if len(whole) <= cap:
                    assert kept[page] == whole or sorted(kept[page]) == sorted(whole)
                else:
                    capped += 1
                    weighted += len({weight for weight, _ in whole}) > 1  # a heading's place among them
                    assert sorted(kept[page]) == sorted(sorted(whole, key=lambda p: (-p[0], p[1]))[:cap])
    assert capped > 100 and weighted > 10


def requested(chunks: list, term: str) -> list[str]:
    """The files Pagefind's search fetches for ``term`` (``request_indexes`` in pagefind_web/src/lib.rs):
    the chunks whose range holds it, else those whose range holds it compared by prefix."""
    strict = [name for start, end, name in chunks if start <= term <= end]
    return strict or [name for start, end, name in chunks
                      if term[:min(len(term), len(start))] >= start[:len(term)]
                      and term[:min(len(term), len(end))] <= end[:len(term)]]


@pytest.mark.parametrize("limit", [None, 4096, 400])
def test_the_page_list_names_for_each_word_the_file_that_holds_it(pagefind_files, limit):
    """A search for a word fetches the file that holds it (as Pagefind's own files: limit None)."""
    split = split_chunks(pagefind_files, limit or 10 ** 9)
    entry, chunks, _ = _index(split)
    for start, end, name in chunks:
        for word in _decode(split[f"index/{name}.pf_index"])[0]:
            assert name in requested(chunks, word[0]), (word[0], requested(chunks, word[0]))
    names = {f"index/{name}.pf_index" for _, _, name in chunks}
    assert {name for name in split if name.startswith("index/")} == names  # none missing, none left over
    assert [name for name in split if name.endswith(".pf_meta")] == [
        f"pagefind.{entry['languages']['sv']['hash']}.pf_meta"]


def test_the_same_files_split_give_the_same_bytes_and_small_files_are_left_alone(pagefind_files):
    assert split_chunks(pagefind_files, 4096) == split_chunks(dict(pagefind_files), 4096)
    assert split_chunks(pagefind_files, 10 ** 9) == pagefind_files
    assert split_chunks(pagefind_files) == pagefind_files  # 120 pages: nothing near 48 KB


@pytest.mark.parametrize("damage", ["cut", "garbage"])
def test_a_file_not_in_pagefinds_format_is_an_error_naming_it(pagefind_files, damage):
    _, chunks, _ = _index(pagefind_files)
    largest = max((f"index/{name}.pf_index" for _, _, name in chunks), key=lambda n: len(pagefind_files[n]))
    files = dict(pagefind_files)
    raw = gzip.decompress(files[largest])
    noise = random.Random(1).randbytes(len(raw))  # as large as the file, and not compressible
    files[largest] = gzip.compress(raw[:len(raw) // 2] if damage == "cut" else raw[:12] + noise)
    with pytest.raises(IndexFormatError, match=largest.replace(".", r"\.")):
        split_chunks(files, 1024)


# A page's places: runs of one weight each, the default weight (25) first without a marker, the
# others each after its marker, in Pagefind's order; within a run, increasing positions.
runs = st.lists(st.tuples(st.sampled_from([25, 24, 40, 50, 60, 70]),
                          st.lists(st.integers(0, 3000), min_size=1, max_size=12, unique=True)),
                min_size=1, max_size=4, unique_by=lambda run: run[0])


def _encode(page_runs) -> list[int]:
    numbers = []
    for weight, positions in sorted(page_runs, key=lambda run: (run[0] != 25 and run[0])):
        last = 0
        for i, position in enumerate(sorted(positions)):
            if i == 0 and not (weight == 25 and not numbers):
                numbers += [-weight - 1, position]
            else:
                numbers.append(position - last)
            last = position
    return numbers


@settings(max_examples=300, deadline=None)
@given(runs, st.sampled_from(searchsplit.CAPS))
def test_capping_a_page_keeps_exactly_its_cap_weightiest_places(page_runs, cap):
    numbers = _encode(page_runs)
    whole = places(numbers)
    kept = places(searchsplit._cap_places(numbers, cap))
    assert sorted(kept) == sorted(sorted(whole, key=lambda p: (-p[0], p[1]))[:cap])


def test_zlib_level_one_is_no_smaller_than_what_is_written(pagefind_files):
    """The split estimates a file's size with zlib's level 1 and writes level 5: the estimate must
    not be the smaller one, or a file could pass the check and be over the limit."""
    for name, data in pagefind_files.items():
        if name.startswith("index/"):
            raw = gzip.decompress(data)
            assert len(zlib.compress(raw, 1)) >= len(gzip.compress(raw, 5)) - 18  # gzip's header and trailer


def test_a_limit_too_small_for_a_word_ends_with_that_word_alone_one_place_a_page(pagefind_files):
    split = split_chunks(pagefind_files, 64)
    _, _, before = _index(pagefind_files)
    _, chunks, after = _index(split)
    assert list(after) == list(before) and all(after[w][0].keys() == before[w][0].keys() for w in before)
    for _, _, name in chunks:
        data = split[f"index/{name}.pf_index"]
        words = _decode(data)[0]
        if len(data) > 64:
            assert len(words) == 1
            pages = [words[0][1]] + [variant[1] for variant in words[0][2]]
            assert all(len(places(page[1])) <= 1 for listed in pages for page in listed)
