"""Atomic publishing: a build that fails, however late, leaves the published site exactly as it was."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bulletin_site import publish
from bulletin_site.i18n import Translator
from bulletin_site.output import Output, Writer
from bulletin_site.publish import remove_tree
from conftest import FIXED_EPOCH, MKDOCS, REPO, Project, bulletin_text

ENV = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_MKDOCS_2_WARNING": "1"}


def folder_hash(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones included) with the SHA-256 of its bytes."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def leftovers(project: Project) -> list[str]:
    """What builds left beside the site, but the lock file (which stays, as lock files do)."""
    return sorted(p.name for p in project.root.iterdir()
                  if p.name.startswith(".site.") and p.name != ".site.lock")


def published(project: Project) -> dict[str, str]:
    """Build the site once (in this process: the build each test is about runs as a process of its
    own); the hash of what was published."""
    project.bulletin("2023-05-01-brand")
    project.build(process=False)
    return folder_hash(project.site)


def add_hook(project: Project, name: str, code: str) -> None:
    """A hook of the site's own beside ours (as a site with another plugin would have)."""
    project.write(f"{name}.py", code)
    project.configure(hooks=[str(REPO / "hooks" / "mkdocs_adapter.py"), str(project.root / f"{name}.py")])


def mkdocs(project: Project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*MKDOCS, *args], cwd=project.root, env=ENV, capture_output=True, text=True)


def test_a_build_replaces_the_site_and_leaves_no_folder_of_its_own(project):
    before = published(project)
    project.bulletin("2023-05-02-vatten", title="Vattenläcka", date="2023-05-02")
    project.build()
    after = folder_hash(project.site)
    assert "bulletins/2023-05-02-vatten/index.html" in after
    assert "bulletins/2023-05-02-vatten/index.html" not in before
    assert leftovers(project) == []


def test_a_warning_under_strict_leaves_the_published_site_unchanged(project):
    before = published(project)
    project.write("docs/index.md", "# Trygghet\n\nSe [sidan som inte finns](saknas.md).\n")
    result = project.build(check=False)
    assert result.returncode == 1
    assert "Aborted with 1 warnings in strict mode!" in result.stdout + result.stderr
    assert folder_hash(project.site) == before
    assert leftovers(project) == []


def test_a_collision_found_while_writing_leaves_the_published_site_unchanged(project):
    before = published(project)
    project.write("docs/feed.xml", "<rss/>\n")
    result = project.build(check=False)
    assert result.returncode == 1
    assert ("docs/feed.xml: page: sidan 'feed.xml' skapas av meddelandena men finns redan i docs/ "
            "— ta bort eller flytta docs/feed.xml") in result.stderr
    assert folder_hash(project.site) == before
    assert leftovers(project) == []


def test_an_exception_while_mkdocs_writes_the_pages_leaves_the_published_site_unchanged(project):
    before = published(project)
    add_hook(project, "trasig", "def on_post_page(output, page, config):\n"
                                "    raise RuntimeError('a plugin failed')\n")
    result = project.build(check=False)
    assert result.returncode == 1
    assert "RuntimeError: a plugin failed" in result.stderr
    assert folder_hash(project.site) == before
    assert leftovers(project) == []


def test_a_bulletin_refused_while_loading_leaves_the_published_site_unchanged(project):
    before = published(project)
    project.write("bulletins/2023-05-03-trasig.md", bulletin_text(date="2023-13-45"))
    assert project.build(check=False).returncode == 1
    assert folder_hash(project.site) == before


def test_hidden_files_of_the_site_folder_are_kept(project):
    published(project)
    (project.site / ".git").mkdir()
    (project.site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    project.build()
    assert (project.site / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/gh-pages\n"


def test_folders_left_by_a_killed_build_are_removed_by_the_next(project):
    for name in (".site.building-999999", ".site.old-999999"):
        (project.root / name / "bulletins").mkdir(parents=True)
    project.bulletin("2023-05-01-brand")
    project.build()
    assert leftovers(project) == []


def test_a_second_build_of_the_site_waits_for_the_first(project):
    project.bulletin("2023-05-01-brand")
    release = project.root / "release"
    # the first build holds the site until the test has seen the second one wait
    add_hook(project, "langsam", "import time\nfrom pathlib import Path\n\n"
                                 "def on_post_build(config):\n"
                                 f"    while not Path({str(release)!r}).exists():\n"
                                 "        time.sleep(0.02)\n")
    first = subprocess.Popen([*MKDOCS, "build", "--strict"], cwd=project.root, env=ENV,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(project.root.glob(".site.building-*")) and time.monotonic() < deadline:
        time.sleep(0.02)
    second = subprocess.Popen([*MKDOCS, "build", "--strict"], cwd=project.root, env=ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    waiting = "INFO    -  bulletins: ett annat bygge av site pågår; väntar tills det är klart"
    seen = []
    for line in second.stderr:  # the second build says it waits, and does not end meanwhile
        seen.append(line)
        if waiting in line:
            break
    release.touch()
    _, first_err = first.communicate(timeout=60)
    second_err = "".join(seen) + second.communicate(timeout=60)[1]
    assert first.returncode == 0, first_err
    assert second.returncode == 0, second_err
    assert waiting in second_err
    assert "Traceback" not in first_err + second_err
    assert (project.site / "feed.xml").is_file()
    assert leftovers(project) == []


def test_a_pdf_cache_inside_the_site_folder_is_refused_by_the_build_and_check(project):
    project.bulletin("2023-05-01-brand")
    project.configure(bulletins={"pdf": True, "pdf_cache": "site/pdf"})
    message = ("mkdocs.yml: extra.bulletins.pdf_cache: PDF-cachen site/pdf ligger i webbplatsens mapp site: "
               "den skulle publiceras och tömmas vid varje bygge — ange en mapp utanför site_dir, "
               "t.ex. pdf_cache: .cache/pdf")
    result = project.build(check=False)
    assert result.returncode == 1
    assert message in result.stderr
    assert not project.site.exists()
    check = subprocess.run([sys.executable, "-m", "bulletin_site.cli", "check"], cwd=project.root,
                           capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": str(REPO / "hooks"), "SOURCE_DATE_EPOCH": FIXED_EPOCH})
    assert check.returncode == 1
    assert message in check.stdout


def test_a_dirty_build_builds_the_whole_site(project):
    before = published(project)
    result = mkdocs(project, "build", "--dirty")
    assert result.returncode == 0, result.stderr
    assert folder_hash(project.site) == before


def test_a_bulletin_saved_while_the_site_is_built_is_named_with_the_fix(project):
    before = published(project)
    # what an editor saving the file half-way looks like once the bulletins have been read
    add_hook(project, "redigerar", "from pathlib import Path\n\n"
                                   "def on_nav(nav, config, files):\n"
                                   "    Path('bulletins/2023-05-01-brand.md').write_text('---\\ntitle: Br')\n")
    result = project.build(check=False)
    assert result.returncode == 1
    assert ("bulletins/2023-05-01-brand.md: file: filen ändrades medan webbplatsen byggdes — "
            "spara klart och bygg igen") in result.stderr
    assert "Traceback" not in result.stderr
    assert folder_hash(project.site) == before


# ---- the publication as plain functions (no MkDocs) ----------------------------------------

class _Log:
    def __init__(self):
        self.lines: list[str] = []

    def info(self, message: str) -> None:
        self.lines.append(message)


def _site(root: Path) -> Path:
    site = root / "site"
    (site / "bulletins").mkdir(parents=True)
    (site / "index.html").write_text("gammal\n", encoding="utf-8")
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref\n", encoding="utf-8")
    return site


@pytest.mark.parametrize("exchange", [True, False], ids=["one-step", "two-renames"])
def test_a_committed_publication_replaces_the_site_and_keeps_hidden_entries(tmp_path, monkeypatch, exchange):
    if not exchange:  # the way of systems that cannot exchange two folders in one step
        monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    site = _site(tmp_path)
    publication = publish.Publication(site, Translator("sv"), _Log())
    new = publication.begin()
    (new / "index.html").write_text("ny\n", encoding="utf-8")
    publication.commit()
    assert folder_hash(site) == {".git/HEAD": hashlib.sha256(b"ref\n").hexdigest(),
                                 "index.html": hashlib.sha256(b"ny\n").hexdigest()}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def test_an_aborted_publication_leaves_the_site_as_it_was(tmp_path):
    site = _site(tmp_path)
    before = folder_hash(site)
    publication = publish.Publication(site, Translator("sv"), _Log())
    (publication.begin() / "index.html").write_text("ny\n", encoding="utf-8")
    publication.abort()
    assert folder_hash(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def test_a_site_that_cannot_be_replaced_is_left_as_it_was_with_a_message(tmp_path, monkeypatch):
    site = _site(tmp_path)
    before = folder_hash(site)

    def refuse(a, b):
        raise OSError(16, "Device or resource busy", str(b))

    monkeypatch.setattr(publish, "_exchange", refuse)
    publication = publish.Publication(site, Translator("sv"), _Log(), shown="site")
    publication.begin()
    with pytest.raises(publish.PublishError) as refused:
        publication.commit()
    assert str(refused.value) == (
        "site: site_dir: det nya bygget kunde inte ersätta den publicerade webbplatsen (Device or "
        "resource busy); den är oförändrad — stäng program som har filer i mappen öppna och bygg igen")
    assert folder_hash(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def test_removing_a_site_folder_removes_all_of_it_and_follows_no_link(tmp_path):
    outside = tmp_path / "outside"
    (outside / "inner").mkdir(parents=True)
    (outside / "inner" / "keep.txt").write_text("kvar", encoding="utf-8")
    site = tmp_path / "site"
    for n in range(30):
        (site / "bulletins" / f"b{n}" / "print").mkdir(parents=True)
        (site / "bulletins" / f"b{n}" / "index.html").write_text("x", encoding="utf-8")
        (site / "bulletins" / f"b{n}" / "print" / "index.html").write_text("x", encoding="utf-8")
    (site / "index.html").write_text("x", encoding="utf-8")
    (site / "bulletins" / "link").symlink_to(outside, target_is_directory=True)
    (site / "link").symlink_to(outside, target_is_directory=True)
    remove_tree(site)
    assert not site.exists()
    assert (outside / "inner" / "keep.txt").read_text(encoding="utf-8") == "kvar"
    (tmp_path / "linked").symlink_to(outside, target_is_directory=True)
    remove_tree(tmp_path / "linked")  # a link given as the folder: nothing behind it is removed
    assert (outside / "inner" / "keep.txt").exists()


def test_the_writer_writes_every_output_and_raises_what_writing_met(tmp_path):
    writer = Writer(tmp_path / "site")
    for n in range(300):
        writer.write(Output(f"bulletins/b{n % 40}/print/{n}.html", f"sida {n}".encode()))
    writer.close()
    assert len(list((tmp_path / "site").rglob("*.html"))) == 300
    assert (tmp_path / "site" / "bulletins" / "b7" / "print" / "207.html").read_text(encoding="utf-8") == "sida 207"
    (tmp_path / "site" / "blocked").write_text("en fil, ingen mapp", encoding="utf-8")
    writer = Writer(tmp_path / "site")
    writer.write(Output("blocked/index.html", b"x"))
    with pytest.raises(OSError):
        writer.close()
    writer.close()  # raised once; a writer that failed can still be closed
