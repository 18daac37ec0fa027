"""Engines turn an :class:`~briefing.schema.Article` into a :class:`~briefing.schema.Briefing`.

``rules`` is deterministic and offline. ``llm`` calls an OpenAI-compatible endpoint through
instructor and is imported only when used.
"""
