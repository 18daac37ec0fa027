"""Rendering: a :class:`~briefing.schema.Briefing` as Markdown, HTML or JSON.

- ``formats``    Jinja environments over templates/ (Markdown, autoescaped HTML) and the JSON dump;
- ``highlight``  lays quote and sourcing spans over the article text for the HTML article pane.
"""

from briefing.render.formats import render

__all__ = ["render"]
