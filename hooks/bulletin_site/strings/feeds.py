"""The feeds' and redirect pages' strings (``feeds.py``, ``templates/listing.html``, ``redirect.html``)."""
STRINGS: dict[str, dict[str, str]] = {
    "feed.subscribe": {"sv": "Prenumerera (RSS)", "en": "Subscribe (RSS)"},
    "feed.site_description": {"sv": "De senaste meddelandena från {organisation}.",
                              "en": "The latest bulletins from {organisation}."},
    "feed.topic_title": {"sv": "{topic} – {site}", "en": "{topic} – {site}"},
    "feed.topic_description": {"sv": "Meddelanden från {organisation} i ämnet {topic}.",
                               "en": "Bulletins from {organisation} on {topic}."},
    "feed.json_title": {"sv": "{site} (JSON Feed)", "en": "{site} (JSON Feed)"},
    "feed.updated_summary": {"sv": "Uppdaterad {date}. {summary}", "en": "Updated {date}. {summary}"},
    "feed.updated_note": {"sv": "Uppdaterad {date}", "en": "Updated {date}"},
    "redirect.heading": {"sv": "Meddelandet har flyttat", "en": "This bulletin has moved"},
    "redirect.text": {"sv": "Det finns nu här:", "en": "It is now here:"},
}
