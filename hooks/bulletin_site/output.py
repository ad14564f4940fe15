"""The files a build makes from its rendered pages (feeds, redirects, print pages, PDFs)."""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Output:
    """A file made from the rendered pages: in memory (``content``) or on disk (``path``)."""

    uri: str
    content: bytes | None = None
    path: Path | None = None


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
        if output.path is None:
            target.write_bytes(output.content)
        else:
            _link_or_copy(output.path, target)


def _link_or_copy(source: Path, target: Path) -> None:
    """A cached file (a PDF) into the site: hard-linked when the file system allows, not copied."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(source, target)
