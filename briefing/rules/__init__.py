"""The rules engine: deterministic, offline extraction of who says what, and on what grounds.

:func:`extract` turns an :class:`~briefing.schema.Article` into a :class:`~briefing.schema.Briefing`.
"""

from briefing.rules.engine import extract

__all__ = ["extract"]
