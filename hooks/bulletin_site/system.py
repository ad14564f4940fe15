"""What the machine must have besides Python packages, and the Debian packages that bring it.

One table, read by three kinds of reader:

* the Makefile (``python3 hooks/bulletin_site/system.py install pdf test``), which installs the
  packages of whatever is missing, before the virtualenv exists (so this file uses the standard
  library only and runs as a script);
* the PDF renderer, which refuses to start without the fonts and libraries;
* ``bulletins check`` and ``bulletins status``, so that they never say a site will build when this
  machine cannot make its PDFs.

What is checked is the thing itself (a font file, a shared library, a program), never whether a
package is installed: a package named wrongly here then shows at once, as a file still missing
after its package was installed (``install`` fails and says so).
"""
from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True)
class Need:
    """One thing the machine must have: a file, a shared library (``lib:NAME``) or a program
    (``bin:NAME``); which Debian package brings it; what it is for (``pdf`` or ``test``)."""

    what: str
    package: str
    purpose: str

    def present(self) -> bool:
        kind, _, name = self.what.partition(":")
        if kind == "lib":
            return ctypes.util.find_library(name) is not None
        if kind == "bin":
            return shutil.which(name) is not None
        return Path(self.what).is_file()

    @property
    def shown(self) -> str:
        """How a message names it."""
        kind, _, name = self.what.partition(":")
        return {"lib": f"lib{name}", "bin": name}.get(kind, self.what)


# The fonts print.css asks for (in Debian bookworm and Ubuntu the oblique faces are not in
# fonts-dejavu-core but in fonts-dejavu-extra), WeasyPrint's text libraries, and the programs
# the tests drive.
FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
         "DejaVuSans-BoldOblique.ttf", "DejaVuSansMono.ttf")
_FONT_PACKAGE = {"DejaVuSans-Oblique.ttf": "fonts-dejavu-extra",
                 "DejaVuSans-BoldOblique.ttf": "fonts-dejavu-extra"}
# Scripts DejaVu Sans lacks, for bulletins in other languages (languages.py): Ethiopic (Tigrinya,
# Amharic). DejaVu Sans has Latin, Cyrillic, Greek, Arabic (with Persian and Urdu letters), Hebrew.
EXTRA_FONTS = ("/usr/share/fonts/truetype/abyssinica/AbyssinicaSIL-Regular.ttf",)
_EXTRA_FONT_PACKAGE = {EXTRA_FONTS[0]: "fonts-sil-abyssinica"}
NEEDS: tuple[Need, ...] = (
    *(Need(str(FONT_DIR / name), _FONT_PACKAGE.get(name, "fonts-dejavu-core"), "pdf") for name in FONTS),
    *(Need(path, _EXTRA_FONT_PACKAGE[path], "pdf") for path in EXTRA_FONTS),
    Need("lib:pango-1.0", "libpango-1.0-0", "pdf"),
    Need("lib:pangoft2-1.0", "libpangoft2-1.0-0", "pdf"),
    Need("lib:harfbuzz-subset", "libharfbuzz-subset0", "pdf"),
    Need("bin:chromium", "chromium", "test"),
    Need("bin:pdftoppm", "poppler-utils", "test"),
    Need("bin:zbarimg", "zbar-tools", "test"),
    Need("bin:openssl", "openssl", "test"),  # the certificate of the tests' SMTP server with STARTTLS
)


def missing(*purposes: str) -> list[Need]:
    """What is missing on this machine for ``purposes`` (all when none are given), in table order."""
    return [need for need in NEEDS if (not purposes or need.purpose in purposes) and not need.present()]


def packages(needs: list[Need]) -> list[str]:
    """The Debian packages that bring ``needs``, each once, in table order."""
    return list(dict.fromkeys(need.package for need in needs))


def install_command(names: list[str]) -> str:
    """The command that installs ``names`` on this machine: with ``sudo`` only when it is needed
    and exists (a root shell in a container has no sudo)."""
    command = "apt-get install " + " ".join(names)
    root = getattr(os, "geteuid", lambda: 0)() == 0
    return command if root or shutil.which("sudo") is None else "sudo " + command


def pdf_problems(t) -> list:
    """What this machine lacks to make the PDFs, as one problem of the ``pdf`` setting (empty: nothing).

    ``t`` is the site's Translator. (Imported here: this file also runs as a script, outside the package.)
    """
    from .errors import Problem  # noqa: PLC0415

    needs = missing("pdf")
    if not needs:
        return []
    return [Problem("mkdocs.yml", None, "extra.bulletins.pdf",
                    t("err.pdf_machine", missing=", ".join(need.shown for need in needs)),
                    t("fix.pdf_machine", command=install_command(packages(needs))))]


# ---- the Makefile's installer -------------------------------------------------------------

_LOG = Path(".cache") / "setup" / "apt.log"


def _run(command: list[str], log) -> bool:
    log.write(f"$ {' '.join(command)}\n")
    log.flush()
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    return subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, env=env).returncode == 0


def install(purposes: list[str]) -> int:
    """Install the Debian packages of what is missing for ``purposes``; quiet unless it fails."""
    needs = missing(*purposes)
    if not needs:
        return 0
    names = packages(needs)
    if shutil.which("apt-get") is None:
        print("Saknas på den här datorn: " + ", ".join(n.shown for n in needs) +
              ".\nInstallera paketen (Debian/Ubuntu-namn): " + " ".join(names), file=sys.stderr)
        return 1
    prefix: list[str] = []
    if getattr(os, "geteuid", lambda: 0)() != 0:
        if shutil.which("sudo") is None:
            print("Debianpaket saknas och du är inte root. Kör som root:\n  "
                  + "apt-get update && apt-get install " + " ".join(names), file=sys.stderr)
            return 1
        prefix = ["sudo"]
    print(f"Installerar Debianpaket ({len(names)}, första gången några minuter): {' '.join(names)} …",
          flush=True)
    _LOG.parent.mkdir(parents=True, exist_ok=True)
    with _LOG.open("w", encoding="utf-8") as log:
        ok = _run([*prefix, "apt-get", "update", "-q"], log) and _run(
            [*prefix, "apt-get", "install", "-y", "-q", "--no-install-recommends", *names], log)
    if not ok:
        print(_LOG.read_text(encoding="utf-8", errors="replace")[-4000:], file=sys.stderr)
        print(f"apt-get misslyckades (hela loggen: {_LOG}).", file=sys.stderr)
        return 1
    still = missing(*purposes)
    if still:  # the table names a package that does not bring the file
        for need in still:
            print(f"{need.shown} saknas fortfarande efter installation av {need.package}: "
                  f"fel paketnamn i hooks/bulletin_site/system.py", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str]) -> int:
    if len(argv) >= 1 and argv[0] == "install":
        return install(argv[1:])
    if len(argv) >= 1 and argv[0] == "missing":
        needs = missing(*argv[1:])
        for need in needs:
            print(f"{need.shown}\t{need.package}")
        return 1 if needs else 0
    print("usage: system.py install|missing [pdf] [test]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
