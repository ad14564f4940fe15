"""A resident finds and reads a bulletin in their own language: search in English, Arabic and
Finnish finds the translation; the Arabic page reads right to left and links its other versions."""
from __future__ import annotations

import pytest


pytestmark = pytest.mark.browser

ORIGINAL = "bulletins/2023-03-14-lagesbild-skadegorelse-i-centrum/"
ENGLISH = "bulletins/2023-03-14-lagesbild-skadegorelse-i-centrum-en/"
ARABIC = "bulletins/2023-03-14-lagesbild-skadegorelse-i-centrum-ar/"
FINNISH = "bulletins/2023-03-14-lagesbild-skadegorelse-i-centrum-fi/"


WORDS = {"graffiti": ENGLISH, "vandalism": ENGLISH, "التخريب": ARABIC, "ilkivalta": FINNISH}


@pytest.fixture(scope="module")
def searched(searches) -> dict:
    """Each word (and Swedish "klotter") searched in a fresh tab of its own: word -> (tab, pages found).
    (The tabs are conftest.py's ``searches``, opened side by side with those of test_search.py.)"""
    return {word: searches[word] for word in [*WORDS, "klotter"]}


@pytest.mark.parametrize(("word", "found"), WORDS.items())
def test_a_word_in_the_language_of_a_translation_finds_it(searched, word, found):
    assert found in searched[word][1]


def test_the_swedish_word_finds_the_swedish_original_only(searched):
    assert set(searched["klotter"][1]) == {ORIGINAL}


def test_the_arabic_version_reads_right_to_left_and_links_the_others_by_their_names(served_site, page):
    page.goto(served_site.url(ARABIC))
    content = page.locator("div.bulletin")
    assert (content.get_attribute("lang"), content.get_attribute("dir")) == ("ar", "rtl")
    assert content.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert page.locator("html").get_attribute("lang") == "sv"  # the site around it stays Swedish
    assert page.locator("nav.bulletin-versions a").all_inner_texts() == ["Svenska", "English", "Suomi"]
    page.locator("nav.bulletin-versions a", has_text="Svenska").click()
    assert page.url == served_site.url(ORIGINAL)
    assert page.locator("nav.bulletin-versions a").all_inner_texts() == ["العربية", "English", "Suomi"]
