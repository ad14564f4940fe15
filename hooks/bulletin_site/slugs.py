"""Slugs: the lower-case a-z, 0-9 and '-' names of bulletins and topics in URLs."""
from __future__ import annotations

import re

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_slug(text: str) -> bool:
    return bool(SLUG_RE.match(text))


def slugify(text: str) -> str:
    """Transliterate to a-z, 0-9 and '-' ("Brottsförebyggande" -> "brottsforebyggande")."""
    if is_slug(text):
        return text
    # imported when first needed: its transliteration tables take some megabytes of memory, and a
    # build whose file names and keys are slugs already never needs them
    from slugify import slugify as transliterate

    return transliterate(text, lowercase=True) or "bulletin"
