"""Strings of the search index (``searchindex.py``) and of the latest-bulletins line of docs/ pages
(``latest.py``)."""
STRINGS: dict[str, dict[str, str]] = {
    "err.search_index": {
        "sv": "sökindexet kunde inte byggas (Pagefind avslutades med status {code}); inget publicerades:\n{output}\n"
              "— bygg igen; händer det igen, installera om Python-paketen (make build installerar dem)",
        "en": "the search index could not be built (Pagefind ended with status {code}); nothing was published:\n{output}\n"
              "— build again; if it happens again, reinstall the Python packages (make build installs them)"},
    "bodies.cache_discarded": {
        "sv": "cachen med meddelandenas HTML {path} var skadad och togs bort; texterna görs om",
        "en": "the cache of the bulletins' HTML {path} was damaged and was removed; the texts are made again"},
    "search.cache_discarded": {
        "sv": "sökindexets cache {path} var avkortad eller ändrad och användes inte; indexet görs om",
        "en": "the search index cache {path} was cut short or altered and was not used; the index is made again"},
    "search.reused": {
        "sv": "sökindexet: de {count} sökbara sidorna är desamma som förra bygget; indexet togs från {path}",
        "en": "search index: the {count} searched pages are those of the last build; the index was taken from {path}"},
    "err.latest_option_form": {
        "sv": "'{part}' är inte ett val i formen namn=värde",
        "en": "'{part}' is not an option of the form name=value"},
    "fix.latest_option_form": {
        "sv": "skriv till exempel <!-- bulletins: topic=brand count=5 --> (topic och count kan utelämnas)",
        "en": "write, for example, <!-- bulletins: topic=brand count=5 --> (topic and count may be left out)"},
    "err.latest_unknown_option": {"sv": "okänt val '{option}'", "en": "unknown option '{option}'"},
    "fix.latest_option_suggest": {"sv": "menade du '{suggestion}'? Valen är topic och count",
                                  "en": "did you mean '{suggestion}'? The options are topic and count"},
    "err.latest_unknown_topic": {"sv": "ämnet '{topic}' finns inte", "en": "there is no topic '{topic}'"},
    "fix.latest_topic_suggest": {"sv": "menade du '{suggestion}'? Skriv ämnets nyckel, som i meddelandenas topics",
                                 "en": "did you mean '{suggestion}'? Write the topic's key, as in the bulletins' topics"},
    "fix.latest_topic": {"sv": "skriv ett av ämnena: {topics}", "en": "write one of the topics: {topics}"},
    "err.latest_bad_count": {"sv": "count: '{count}' är inte ett heltal, 1 eller mer",
                             "en": "count: '{count}' is not a whole number, 1 or more"},
    "fix.latest_bad_count": {"sv": "skriv hur många meddelanden som ska visas, till exempel count=5",
                             "en": "write how many bulletins to show, for example count=5"},
}
