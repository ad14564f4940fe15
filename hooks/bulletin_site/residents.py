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

STRINGS = {
    "footer.accessibility": {"sv": "Tillgänglighetsredogörelse", "en": "Accessibility statement"},
    "notfound.title": {"sv": "Sidan finns inte", "en": "Page not found"},
    "notfound.text": {"sv": "Sidan kan ha flyttats eller tagits bort, eller så är adressen felskriven.",
                      "en": "The page may have been moved or removed, or the address is mistyped."},
    "notfound.home": {"sv": "Till startsidan med de senaste meddelandena",
                      "en": "To the home page with the latest bulletins"},
    "share.locale": {"sv": "sv_SE", "en": "en_GB"},
    "err.no_accessibility_contact": {
        "sv": "sidan använder {placeholder} men ingen kontaktadress är angiven",
        "en": "the page uses {placeholder} but no contact address is set"},
    "fix.no_accessibility_contact": {
        "sv": "ange en e-postadress i mkdocs.yml som '{option}: tillganglighet@kommun.se'",
        "en": "set an e-mail address in mkdocs.yml as '{option}: accessibility@municipality.org'"},
}
i18n.register(STRINGS)


def fill_contact(markdown: str, contact: str | None, page: str, t: i18n.Translator) -> str:
    """``markdown`` with every placeholder replaced by a mailto link to ``contact``."""
    if PLACEHOLDER not in markdown:
        return markdown
    if not contact:
        raise BulletinError([Problem(page, None, OPTION,
                                     t("err.no_accessibility_contact", placeholder=PLACEHOLDER),
                                     t("fix.no_accessibility_contact", option=OPTION))])
    return markdown.replace(PLACEHOLDER, f"[{contact}](mailto:{contact})")
