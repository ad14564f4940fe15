"""Slugs: the lower-case a-z, 0-9 and '-' names of bulletins and topics in URLs."""
from __future__ import annotations

import re

from slugify import slugify as _transliterate_slugify

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_slug(text: str) -> bool:
    return bool(SLUG_RE.match(text))


def slugify(text: str) -> str:
    """Transliterate to a-z, 0-9 and '-' ("Brottsförebyggande" -> "brottsforebyggande")."""
    return _transliterate_slugify(text, lowercase=True) or "bulletin"
