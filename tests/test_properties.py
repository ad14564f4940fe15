"""Property-based tests: whatever a person types into a bulletin or a register, the loader and
`bulletins check` answer with problems (`file:line: field: message — fix`), never a traceback."""
from __future__ import annotations

import contextlib
import io
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from bulletin_site import cli, importer
from bulletin_site.frontmatter import CONTROL_RE
from bulletin_site.errors import Problem
from bulletin_site.loading import collect
from bulletin_site.settings import Settings
from conftest import BASE_CONFIG, bulletin_text

NOW = datetime(2023, 11, 14, 12, 0, tzinfo=timezone.utc)
# 200 examples each in the normal suite (a few seconds); HYPOTHESIS_EXAMPLES=5000 to search harder
FAST = settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "200")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

# Text as people type it (any character but lone surrogates, which no file can hold), and text
# made mostly of what YAML gives a meaning to, so that examples reach past the first syntax error.
TYPED = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)
PIECES = [*":-[]{},&*!|>'\"#%@`?\n\t \\", "\x00", "\x0b", "\x85", "\ufffe", "\r", "a", "å", "1",
          "2020-05-12", "title", "  ", "- ", "&a ", "*a", "<<: "]
YAMLISH = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
VALUE = st.one_of(TYPED, YAMLISH)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(BASE_CONFIG, allow_unicode=True), encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Start\n", encoding="utf-8")
    return root


def only_problems(root: Path, files: dict[str, str]) -> list[Problem]:
    """Lay ``files`` out in a fresh bulletins folder and load it, then check it as `bulletins check`
    does; both must end in problems only (an exception fails the test)."""
    source = root / "bulletins"
    shutil.rmtree(source, ignore_errors=True)
    source.mkdir()
    for name, text in files.items():
        (source / name).write_bytes(text.encode("utf-8"))
    loaded = Settings(root=root, source_dir=source, language="en", now=NOW,
                      site_url="https://trygghet.example.se/", docs_dir=root / "docs", pdf=False)
    _, problems = collect(loaded)
    assert all(isinstance(p, Problem) and "\n" not in str(p) for p in problems)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["-f", str(root / "mkdocs.yml"), "--lang", "en", "check"])
    assert code == (1 if problems else 0)
    assert len(out.getvalue().splitlines()) == len(problems)
    return problems


@FAST
@given(value=VALUE, field=st.sampled_from(["title", "date", "summary", "topics", "signatories", "contact",
                                           "updated", "replaces", "expires", "draft", "id", "aliases"]))
def test_any_text_as_a_front_matter_value_gives_problems_not_a_traceback(site, value, field):
    text = bulletin_text().replace("---\n", f"---\n{field}: {value}\n", 1) if field not in (
        "title", "date") else bulletin_text(**{field: value})
    only_problems(site, {"2023-05-01-a.md": text})


@FAST
@given(text=st.one_of(TYPED, YAMLISH, YAMLISH.map(lambda t: f"---\n{t}\n---\n\nText\n")))
def test_any_text_as_a_bulletin_file_gives_problems_not_a_traceback(site, text):
    only_problems(site, {"2023-05-01-a.md": text})


@FAST
@given(text=st.one_of(TYPED, YAMLISH, YAMLISH.map(lambda t: f"brand:\n  label: {t}\n")),
       register=st.sampled_from(["topics.yml", "signatories.yml"]))
def test_any_text_as_a_register_gives_problems_not_a_traceback(site, text, register):
    only_problems(site, {register: text, "2023-05-01-a.md": bulletin_text(topics="[brand]",
                                                                         signatories="\n  - per")})


@FAST
@given(text=st.one_of(TYPED, YAMLISH, st.lists(st.sampled_from(["Rubrik", "krislednings-", "organisation", "• punkt",
                                                                "Med vänliga hälsningar", "Per Ersgård, polis",
                                                                "mailto:a@b.se", "", "1.", "Sida 2"]),
                                                max_size=30).map("\n".join)))
def test_any_text_imports_into_a_draft_without_a_traceback(text):
    cleaned, _ = importer.without_controls(text)
    found = importer.parse(cleaned)
    assert not CONTROL_RE.search(found.body)
