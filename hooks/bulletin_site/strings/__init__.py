"""The string tables of the areas whose strings are not in ``i18n.STRINGS`` itself; ``i18n`` merges them on import."""
