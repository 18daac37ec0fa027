"""Rules that attribute a quotation through a cue in its own clause unit.

- **cue after closing mark**: “…,” Abrams said. / “…,” said Abrams. / the Times quoted him as saying;
- **cue introducing quote**: Abrams said: “…” / told reporters, “…” / Clinton says Trump’s tweets
  were “…”;
- **cue governing clause**: “…”, Bachelet’s report said (the cue's content holds the quotation);
- **dash signature**: “…” ― Sonya Herridge;
- **unlisted verb after quote**: “…,” remembers Shanna Challenger / “…?” she wonders (any verb
  between a closing mark and a name: the lexicon cannot list every verb a writer reaches for);
- **cue with unresolved source**: “…,” the 34-year-old mother of three replied (the source phrase
  as written, when nothing better applies).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from briefing.rules.attribution.base import QuoteAt, has_source, quote_source
from briefing.rules.resolve import dash_speaker, resolve_np
from briefing.rules.source_phrase import phrase_end
from briefing.rules.units import Attribution, CueHit

if TYPE_CHECKING:
    from briefing.rules.doc import Doc
    from briefing.text.quotes import QuoteSpan

# What may sit between a closing mark and its cue (“…,” said), and between a cue and the quote it
# introduces (said: “…” / told reporters, “…”).
_GAP_AFTER_QUOTE_RE = re.compile(r"[\s,.!?—–-]*")
_INTRO_GAP_RE = re.compile(r"\s*(?:[:,]|\s+that|\s*(?:the\s+)?[\w’'.]+(?:\s+[\w’'.]+){0,4}\s*[:,]?)?\s*")


def _sourced_cues(quote: QuoteAt, unresolved: bool = False) -> list[CueHit]:
    unit = quote.unit
    if unit is None:
        return []
    return [h for h in unit.cues if (has_source(h) if unresolved else quote_source(h))]


def _after_mark(doc: Doc, q: QuoteSpan, hits: list[CueHit]) -> CueHit | None:
    masked = doc.masked
    for h in hits:
        if h.start >= q.outer_end:
            a = h.attribution
            first = (
                a.mention[0] if a.mention and not h.subject_after and a.mention[0] >= q.outer_end else h.start
            )
            if a.channel and a.channel_entity is not None and h.word.lower().startswith(("quot", "cit")):
                first = min(
                    first,
                    masked.find(a.channel, q.outer_end, h.start + 1)
                    if a.channel in masked[q.outer_end : h.start + 1]
                    else first,
                )
            gap = masked[q.outer_end : first]
            if _GAP_AFTER_QUOTE_RE.fullmatch(gap) and "\n" not in gap.strip(" "):
                return h
            break
    return None


def _introducing(doc: Doc, q: QuoteSpan, hits: list[CueHit]) -> CueHit | None:
    # A noun cue after a verb cue is part of what the verb's subject says ("Clinton says Trump’s
    # tweets were “…”").
    before = [h for h in hits if h.end <= q.outer_start]
    if any(not h.noun for h in before):
        first_verb = next(k for k, h in enumerate(before) if not h.noun)
        before = before[: first_verb + 1] + [h for h in before[first_verb + 1 :] if not h.noun]
    for h in reversed(before):
        if h.content and h.content[0] <= q.start <= h.content[1] + 2:
            return h
        between = doc.masked[h.end : q.outer_start]
        if _INTRO_GAP_RE.fullmatch(between):
            return h
        break
    return None


def _governing_clause(q: QuoteSpan, hits: list[CueHit]) -> CueHit | None:
    for h in hits:
        holds = h.content is not None and h.content[0] <= q.outer_start and h.content[1] >= q.end - 1
        if h.start >= q.outer_end and holds:
            return h
    return None


def cue_after_closing_mark(doc: Doc, quote: QuoteAt) -> Attribution | None:
    """The first cue after the closing mark, with nothing but punctuation between them."""
    hit = _after_mark(doc, quote.span, _sourced_cues(quote))
    return hit.attribution if hit else None


def cue_introducing_quote(doc: Doc, quote: QuoteAt) -> Attribution | None:
    """The last cue before the quotation, when it introduces it or its content holds it."""
    hit = _introducing(doc, quote.span, _sourced_cues(quote))
    return hit.attribution if hit else None


def cue_governing_clause(doc: Doc, quote: QuoteAt) -> Attribution | None:
    """A cue after the quotation whose content, before the cue, holds it."""
    hit = _governing_clause(quote.span, _sourced_cues(quote))
    return hit.attribution if hit else None


def dash_signature(doc: Doc, quote: QuoteAt) -> Attribution | None:
    """A name after a dash that closes the quotation."""
    return dash_speaker(doc, quote.span.outer_end, quote.unit.end) if quote.unit else None


def cue_with_unresolved_source(doc: Doc, quote: QuoteAt) -> Attribution | None:
    """The cue rules above again, with cues whose source phrase the resolver did not know."""
    q, hits = quote.span, _sourced_cues(quote, unresolved=True)
    hit = _after_mark(doc, q, hits) or _introducing(doc, q, hits) or _governing_clause(q, hits)
    return hit.attribution if hit else None


# “…,” remembers Shanna Challenger, … / “…,” Challenger laughs. / “…?” she wonders. A closing mark,
# a comma (or ? !), then a verb and a name (or a name or pronoun and a verb ending the clause) is an
# attribution whatever the verb: the lexicon cannot list every verb of saying a writer reaches for.
_ANY_VERB_NAME_RE = re.compile(r"[ \t]+([a-z]{3,}(?:s|ed))[ \t]+(?=[A-Z]|(?:the|a|an|one|her|his|their)\s)")
_ANY_NAME_VERB_RE = re.compile(
    r"[ \t]+(?:as[ \t]+)?(?:(he|she|they)|[A-Z][\w.’'-]*(?:[ \t]+(?:[A-Z][\w.’'-]*|von|van|de|der|del|bin))"
    r"{0,4})[ \t]+(?:[a-z]+ly[ \t]+)?([a-z]{3,}(?:s|ed)|put[ \t]+it)"
    r"(?=[ \t]*(?:[.,;!?]|$|with\b|as\b|at\b|in\b|on\b|of\b|after\b|before\b|while\b|when\b))",
    re.MULTILINE,
)
_NOT_SAYING = frozenset(
    "was has does goes gets makes takes leaves lives works stars features includes means seems became "
    "becomes remains needs wants owns runs plays shows used died killed".split()
)


def unlisted_verb_after_quote(doc: Doc, quote: QuoteAt) -> Attribution | None:
    """A verb and a name (or a name or pronoun and a verb) right after a quotation that ends with a
    comma, a question or exclamation mark or a dash."""
    text, q, unit = doc.text, quote.span, quote.unit
    if unit is None or text[q.start : q.end].rstrip()[-1:] not in (",", "?", "!", "—", "–"):
        return None
    pos = q.outer_end
    if text[pos : pos + 1] == ",":
        pos += 1
    line_end = text.find("\n", pos, pos + 200)
    hi = max(unit.end, line_end if line_end >= 0 else min(len(text), pos + 200))  # “…?” | Dvorak shrugs.
    m = _ANY_VERB_NAME_RE.match(text, pos, hi)
    if m is not None and m.group(1) not in _NOT_SAYING:
        np_end = phrase_end(doc, m.end(), hi)
        if np_end <= m.end() or len(text[m.end() : np_end].split()) > 10:
            return None
        speaker, mention, kind = resolve_np(doc, m.end(), np_end)
        if speaker is None or speaker.type not in ("person", "organization", "government"):
            return None
        return Attribution(speaker, mention, cue=m.group(1), cue_span=m.span(1), source_kind=kind)
    m = _ANY_NAME_VERB_RE.match(text, pos, hi)
    if m is None or m.group(2) in _NOT_SAYING:
        return None
    if m.group(1):
        ent = doc.names.resolve_pronoun(m.group(1), m.start(1))
        mention = m.span(1)
    else:
        mentions = doc.names.mentions_between(m.start(), m.start(2))
        if not mentions or mentions[0].entity.type != "person":
            return None
        ent, mention = mentions[0].entity, (mentions[0].start, mentions[0].end)
    if ent is None:
        return None
    return Attribution(ent, mention, cue=m.group(2), cue_span=m.span(2))
