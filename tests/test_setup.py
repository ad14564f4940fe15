"""The README's setup: the Makefile makes a virtualenv that works, repairs one that does not, and
says in one line what it does, with the package manager's own output kept in a log file."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """The Makefile with requirements that install nothing (no network, a few seconds)."""
    shutil.copy(REPO / "Makefile", tmp_path / "Makefile")
    (tmp_path / "requirements.txt").write_text("", encoding="utf-8")
    (tmp_path / "requirements-dev.txt").write_text("-r requirements.txt\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    return tmp_path


def make(checkout: Path, target: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    return subprocess.run(["make", "--no-print-directory", target], cwd=checkout, env=env,
                          capture_output=True, text=True)


def pip_works(checkout: Path) -> bool:
    return subprocess.run([str(checkout / ".venv/bin/python"), "-m", "pip", "--version"],
                          capture_output=True).returncode == 0


def test_a_half_made_venv_is_made_again(checkout):
    # what `python3 -m venv` leaves where python3-venv was missing: a .venv without pip
    subprocess.run(["python3", "-m", "venv", "--without-pip", str(checkout / ".venv")], check=True)
    assert not pip_works(checkout)
    result = make(checkout, "python-deps")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == ["Skapar .venv …",
                                          "Installerar Python-paket i .venv (första gången ca 1–2 min) …"]
    assert pip_works(checkout)
    assert (checkout / ".cache/setup/pip.log").is_file()


def test_a_working_venv_is_kept_and_nothing_is_installed_twice(checkout):
    assert make(checkout, "python-deps").returncode == 0
    marker = checkout / ".venv" / "kept"
    marker.touch()
    again = make(checkout, "python-deps")
    assert (again.returncode, again.stdout) == (0, "")
    assert marker.exists()


def test_a_failing_pip_shows_its_log_and_stops(checkout):
    (checkout / "requirements-dev.txt").write_text("--no-such-option\n", encoding="utf-8")
    result = make(checkout, "python-deps")
    assert result.returncode != 0
    assert "pip misslyckades (hela loggen: .cache/setup/pip.log)" in result.stdout
    assert "no-such-option" in result.stdout  # the log's end, shown because the step failed
