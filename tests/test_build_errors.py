"""Bad input through the real build: every problem listed once, exit non-zero, nothing published."""
from __future__ import annotations

import os
import subprocess
import time
import urllib.error
import urllib.request

import lxml.html
import pytest

from conftest import FIXED_EPOCH, MKDOCS, bulletin_text, free_port


def error_lines(result) -> list[str]:
    return [line.strip() for line in result.stderr.splitlines() if line.strip().startswith("bulletins/")]


def test_a_multi_file_mess_is_reported_in_one_run_and_nothing_is_published(project):
    project.bulletin("2023-05-01-ok")
    project.write("bulletins/2023-05-02-datum.md", bulletin_text(date="2020-13-45", topics="brand"))
    project.write("bulletins/Brand i Skogen.md", bulletin_text())
    project.write("bulletins/2023/2023-05-01-ok.md", bulletin_text())
    project.write("bulletins/2023-05-03-ersatter.md", bulletin_text(extra="replaces: finns-inte\n"))
    result = project.build(check=False)
    assert result.returncode == 1
    assert "5 problem i meddelandena; inget publicerades:" in result.stderr
    assert error_lines(result) == [
        "bulletins/2023-05-01-ok.md: file name: samma slug '2023-05-01-ok' som "
        "bulletins/2023/2023-05-01-ok.md — byt namn på en av filerna",
        "bulletins/2023-05-02-datum.md:3: date: '2020-13-45' är inte ett datum — skriv ett datum som "
        "finns, ÅÅÅÅ-MM-DD (t.ex. 2020-05-12) eller 2020-05-12T09:00:00+02:00",
        "bulletins/2023-05-02-datum.md:4: topics: ska vara en lista men är text — skriv en lista: [brand]",
        "bulletins/2023-05-03-ersatter.md:8: replaces: det finns inget meddelande 'finns-inte' — ange "
        "ett filnamn utan .md, bara a-z, 0-9 och -, t.ex. '2020-05-12-lagesbild'",
        "bulletins/Brand i Skogen.md: file name: filnamnet 'Brand i Skogen.md' är inte tillåtet (bara "
        "a-z, 0-9 och -) — byt namn på filen till 'brand-i-skogen.md'",
    ]
    assert "Traceback" not in result.stderr
    assert not project.site.exists()


def test_broken_yaml_fails_the_build_with_its_line(project):
    project.write("bulletins/a.md", "---\ntitle: Brand: nu\ndate: 2023-05-01\n---\nText\n")
    result = project.build(check=False)
    assert result.returncode == 1
    assert error_lines(result) == [
        'bulletins/a.md:2: front-matter: kolon följt av mellanslag i en text utan citattecken — sätt texten '
        'inom citattecken: title: "Brand: nu"']


def test_a_file_that_is_not_utf8_fails_the_build(project):
    project.write("bulletins/a.md", bulletin_text().encode("utf-8") + b"\xff\xfe")
    result = project.build(check=False)
    assert result.returncode == 1
    assert error_lines(result)[0].startswith("bulletins/a.md: file: filen är inte UTF-8")


# A page MkDocs renders, and a feed that a second process writes while MkDocs writes the pages:
# the refusal reaches MkDocs worded the same either way, and fails the build.
@pytest.mark.parametrize("uri, text", [("topics/index.md", "# Mina ämnen\n"), ("feed.xml", "<rss/>\n")])
def test_a_docs_file_where_the_build_writes_one_is_refused(project, uri, text):
    project.bulletin("2023-05-01-brand")
    project.write(f"docs/{uri}", text)
    result = project.build(check=False)
    assert result.returncode == 1
    assert (f"docs/{uri}: page: sidan '{uri}' skapas av meddelandena men finns redan i docs/ "
            f"— ta bort eller flytta docs/{uri}") in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_setting_is_reported_by_mkdocs_config_validation(project):
    project.configure(bulletins={"timezone": "Europe/Stockholmm"})
    result = project.build(check=False)
    assert result.returncode == 1
    assert ("mkdocs.yml: extra.bulletins.timezone: 'Europe/Stockholmm' är ingen tidszon; ange ett namn "
            "som Europe/Stockholm") in result.stderr



def _get(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_shows_drafts_and_scheduled_bulletins_marked(project):
    project.bulletin("2023-05-02-utkast", title="Utkast", extra="draft: true\n")
    project.bulletin("2030-01-01-framtid", title="Framtid", date="2030-01-01")
    port = free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([*MKDOCS, "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
                              cwd=project.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        draft = lxml.html.fromstring(_get(f"http://127.0.0.1:{port}/bulletins/2023-05-02-utkast/", deadline))
        future = lxml.html.fromstring(_get(f"http://127.0.0.1:{port}/bulletins/2030-01-01-framtid/", deadline))
        home = lxml.html.fromstring(_get(f"http://127.0.0.1:{port}/", deadline))
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert draft.xpath("//div[contains(@class,'bulletin-banner--draft')]/p[1]/text()") == ["Utkast"]
    assert future.xpath("//div[contains(@class,'bulletin-banner--scheduled')]/p[2]/text()") == [
        "Publiceras 1 januari 2030. Det visas bara i förhandsgranskningen tills dess."]
    badges = [" ".join(e.text_content().split()) for e in home.xpath("//span[contains(@class,'bulletin-badge--')]")]
    assert badges == ["Schemalagt", "Utkast"]
