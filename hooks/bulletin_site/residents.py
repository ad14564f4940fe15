"""What the site adds for residents around the pages: accessibility statement, 404, sharing.

The statement itself is an ordinary page, ``docs/tillganglighetsredogorelse.md``,
that the municipality words. Where it writes the placeholder
``{{ accessibility_contact }}``, the build puts a link to the address set as
``extra.bulletins.accessibility_contact`` in ``mkdocs.yml``; a page with the
placeholder and no configured address stops the build with a message saying
what to set. Every page's footer links the statement (``STATEMENT_URL``).

The strings here are used by the theme templates in ``hooks/theme`` (footer,
404 page, Open Graph locale of bulletin pages).
"""
from __future__ import annotations

from . import i18n
from .errors import BulletinError, Problem

PLACEHOLDER = "{{ accessibility_contact }}"
STATEMENT_URL = "tillganglighetsredogorelse/"
OPTION = "extra.bulletins.accessibility_contact"


def fill_contact(markdown: str, contact: str | None, page: str, t: i18n.Translator) -> str:
    """``markdown`` with every placeholder replaced by a mailto link to ``contact``."""
    if PLACEHOLDER not in markdown:
        return markdown
    if not contact:
        raise BulletinError([Problem(page, None, OPTION,
                                     t("err.no_accessibility_contact", placeholder=PLACEHOLDER),
                                     t("fix.no_accessibility_contact", option=OPTION))])
    return markdown.replace(PLACEHOLDER, f"[{contact}](mailto:{contact})")
