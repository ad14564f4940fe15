"""The print page's and PDFs' strings (``printing.py``, ``templates/print.html``)."""
STRINGS: dict[str, dict[str, str]] = {
    "print.online": {"sv": "Den senaste versionen av meddelandet finns på",
                     "en": "The latest version of this bulletin is at"},
    "print.qr_alt": {"sv": "QR-kod med adressen {url}", "en": "QR code of the address {url}"},
    "print.page_of": {"sv": "Sida {page} av {pages}", "en": "Page {page} of {pages}"},
    "print.logo_alt": {"sv": "{organisation}s logotyp", "en": "{organisation} logo"},
    "err.logo_missing": {"sv": "logotypen '{logo}' finns inte i {docs}",
                         "en": "the logo '{logo}' is not in {docs}"},
    "fix.logo_missing": {"sv": "lägg bilden i {docs} eller rätta sökvägen",
                         "en": "put the image in {docs} or correct the path"},
}
