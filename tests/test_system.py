"""What the machine must have besides Python packages: checked by file, named by Debian package,
and reported by `bulletins check` and `status` as the build would report it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bulletin_site import cli, system
from bulletin_site.i18n import Translator
from conftest import bulletin_text


def test_every_file_library_and_program_of_the_table_is_on_this_machine():
    # `make test` installed the packages the table names; a wrong name leaves its file missing
    assert [(need.shown, need.package) for need in system.missing()] == []


def test_the_oblique_fonts_come_from_fonts_dejavu_extra():
    packages = {Path(need.what).name: need.package for need in system.NEEDS
                if need.what.endswith(".ttf") and "dejavu" in need.what}
    assert packages == {"DejaVuSans.ttf": "fonts-dejavu-core", "DejaVuSans-Bold.ttf": "fonts-dejavu-core",
                        "DejaVuSans-Oblique.ttf": "fonts-dejavu-extra",
                        "DejaVuSans-BoldOblique.ttf": "fonts-dejavu-extra",
                        "DejaVuSansMono.ttf": "fonts-dejavu-core"}


@pytest.mark.parametrize("what, shown", [("/no/such/font.ttf", "/no/such/font.ttf"),
                                         ("lib:no-such-library-9", "libno-such-library-9"),
                                         ("bin:no-such-program-9", "no-such-program-9")])
def test_a_missing_file_library_or_program_is_missing(what, shown):
    need = system.Need(what, "some-package", "pdf")
    assert (need.present(), need.shown) == (False, shown)


@pytest.mark.parametrize("uid, sudo, command", [(0, "/usr/bin/sudo", "apt-get install a b"),
                                                (1000, "/usr/bin/sudo", "sudo apt-get install a b"),
                                                (1000, None, "apt-get install a b")])
def test_the_install_command_says_sudo_only_where_it_is_needed_and_exists(monkeypatch, uid, sudo, command):
    monkeypatch.setattr(system.os, "geteuid", lambda: uid)
    monkeypatch.setattr(system.shutil, "which", lambda name: sudo if name == "sudo" else None)
    assert system.install_command(["a", "b"]) == command


@pytest.fixture
def machine_without_oblique_fonts(monkeypatch):
    monkeypatch.setattr(system.os, "geteuid", lambda: 0)
    gone = {str(system.FONT_DIR / "DejaVuSans-Oblique.ttf"), str(system.FONT_DIR / "DejaVuSans-BoldOblique.ttf")}
    monkeypatch.setattr(system, "NEEDS", tuple(
        system.Need("/no/such/dir/" + Path(n.what).name, n.package, n.purpose) if n.what in gone else n
        for n in system.NEEDS))


def test_missing_fonts_are_one_problem_naming_the_files_and_the_packages(machine_without_oblique_fonts):
    (problem,) = system.pdf_problems(Translator("sv"))
    assert str(problem) == (
        "mkdocs.yml: extra.bulletins.pdf: PDF:erna kan inte skapas: den här datorn saknar "
        "/no/such/dir/DejaVuSans-Oblique.ttf, /no/such/dir/DejaVuSans-BoldOblique.ttf — installera "
        "Debianpaketen (apt-get install fonts-dejavu-extra; 'make build' gör det åt dig) eller stäng av "
        "PDF:er med 'pdf: false' under extra.bulletins")


def test_check_and_status_say_the_site_will_not_build_without_the_fonts(
        project, machine_without_oblique_fonts, monkeypatch, capsys):
    project.bulletin("2023-05-01-brand")
    project.configure(bulletins={"pdf": True})
    monkeypatch.chdir(project.root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert cli.main(["check"]) == 1
    assert "den här datorn saknar /no/such/dir/DejaVuSans-Oblique.ttf" in capsys.readouterr().out
    assert cli.main(["status", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["builds"] is False


def test_check_does_not_ask_for_fonts_when_pdfs_are_off(project, machine_without_oblique_fonts,
                                                         monkeypatch, capsys):
    project.write("bulletins/2023-05-01-brand.md", bulletin_text())
    monkeypatch.chdir(project.root)
    assert cli.main(["check"]) == 0
