"""The strings of what the site adds for residents (``residents.py``; footer, 404 page, sharing in ``hooks/theme``)."""
STRINGS: dict[str, dict[str, str]] = {
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
