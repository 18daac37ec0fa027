"""``briefing story``: one event told by several outlets, side by side.

Each article runs through the usual pipeline once; :func:`build_story` then merges the actors
across articles (:mod:`briefing.story.actors`), finds the quotations several outlets print
(:mod:`briefing.story.quotes`), and sets the outlets' sourcing side by side. It never says which
outlet is right: every figure cites the article, paragraph and quote or statement ids it rests on.
"""

from briefing.story.build import build_story

__all__ = ["build_story"]
