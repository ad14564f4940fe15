"""The site's words in more languages than Swedish and English: one module per language, named by its
BCP 47 primary language subtag (``ar.py``, ``fi.py``), each a ``STRINGS`` table of key -> text.

A bulletin in such a language gets its page's and print page's words (dates, notices, "Page 1 of
2", "Kind regards" …) from its module; a key the module lacks, and every language without a module,
falls back to English. ``i18n.BULLETIN_KEYS`` lists the keys a bulletin's page and print page use.
"""
