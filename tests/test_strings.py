"""Every string the templates and the code look up is in the table as soon as ``i18n`` is imported."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

HOOKS = Path(__file__).resolve().parent.parent / "hooks"
# t("key"), self.t('key', ...), bulletin_t("key") (the theme's name for it): a whole literal key
LOOKUP = re.compile(r"""\b(?:bulletin_)?t\(\s*(["'])([a-z_][a-z0-9_.]*)\1\s*[,)]""")
# A fresh interpreter: in this one, other tests may already have imported feeds, cli, ...
ONLY_I18N = ("import json, sys; import bulletin_site.i18n as i18n; "
             "print(json.dumps({'modules': sorted(m for m in sys.modules if m.startswith('bulletin_site')), "
             "'strings': {key: sorted(texts) for key, texts in i18n.STRINGS.items()}}))")


def used_keys(pattern: str) -> dict[str, str]:
    """Each literal key looked up in the files under hooks/ matching ``pattern``, with one file using it."""
    return {match.group(2): str(path.relative_to(HOOKS))
            for path in sorted(HOOKS.rglob(pattern)) if ".egg-info" not in str(path)
            for match in LOOKUP.finditer(path.read_text(encoding="utf-8"))}


def strings_after_importing_only_i18n() -> dict:
    result = subprocess.run([sys.executable, "-c", ONLY_I18N], cwd=HOOKS, capture_output=True, text=True,
                            check=True)
    return json.loads(result.stdout)


def test_importing_i18n_alone_gives_every_key_the_templates_and_the_code_use_in_both_languages():
    imported = strings_after_importing_only_i18n()
    used = {**used_keys("*.py"), **used_keys("*.html")}
    assert not [m for m in imported["modules"] if not m.startswith(("bulletin_site.i18n", "bulletin_site.strings"))
                and m != "bulletin_site"]
    assert {"feed.subscribe", "print.online", "footer.accessibility", "cli.check_ok"} <= used.keys()
    assert {key: where for key, where in used.items()
            if imported["strings"].get(key) != ["en", "sv"]} == {}
