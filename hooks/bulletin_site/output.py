"""The files a build makes from its rendered pages (feeds, redirects, print pages, PDFs)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Output:
    """A file made from the rendered pages, in memory: PDFs too are written into the site as
    copies of their bytes, so nothing done to the site can change the cache they came from."""

    uri: str
    content: bytes


class Writer:
    """Writes outputs into the site folder, making each folder once."""

    def __init__(self, site_dir: Path):
        self.site_dir = site_dir
        self.made: set[Path] = set()

    def write(self, output: Output) -> None:
        target = self.site_dir / output.uri
        folder = target.parent
        if folder not in self.made:
            folder.mkdir(parents=True, exist_ok=True)
            self.made.update((folder, *folder.parents))
        target.write_bytes(output.content)
