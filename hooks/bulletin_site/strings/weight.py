"""Strings of the search index (``searchindex.py``) and of the latest-bulletins line of docs/ pages
(``latest.py``)."""
STRINGS: dict[str, dict[str, str]] = {
    "err.search_index": {
        "sv": "sökindexet kunde inte byggas (Pagefind avslutades med status {code}); inget publicerades:\n{output}\n"
              "— bygg igen; händer det igen, installera om Python-paketen (make build installerar dem)",
        "en": "the search index could not be built (Pagefind ended with status {code}); nothing was published:\n{output}\n"
              "— build again; if it happens again, reinstall the Python packages (make build installs them)"},
}
