"""Renderers of a storyweave report dict (schema storyweave.report/1).

``render.html``: self-contained HTML pages (index + one page per story).
``render.markdown``: the same content as Markdown.
"""
