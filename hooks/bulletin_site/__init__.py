"""Public safety bulletins: the core that turns Markdown bulletins into a site.

Nothing in this package imports MkDocs; ``hooks/mkdocs_adapter.py`` adapts
MkDocs' events to it.
"""
