"""Print pages and PDFs (filled in by the print issue)."""
from __future__ import annotations

from typing import Iterator


def outputs(build) -> Iterator:
    return iter(())
