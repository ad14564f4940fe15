"""The files a build makes from its rendered pages (feeds, redirects, print pages, PDFs)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Output:
    """A file made from the rendered pages: in memory (``content``) or on disk (``path``)."""

    uri: str
    content: bytes | None = None
    path: Path | None = None
