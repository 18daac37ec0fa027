"""At a glance: what a reader wants first from a briefing, computed from its lists.

Who is heard (speakers by quotes and by share of quoted words, and the people named but never
quoted), what the statements rest on, the loaded terms in the outlet's own voice, the quotes whose
speaker needs review, and the voices by gender as newsroom diversity audits count them (the Gender
Gap Tracker, the BBC's 50:50). Every figure carries the ids it counts, so a reader can check it.

The gender of a person quoted is an estimate from the given name alone, with the name list that
the rules engine reads (gender-guesser's data file): a name used for women and men alike, or not
listed, stays unknown. Nothing is inferred from pronouns, titles or anything else.

Works on the output of either engine; :func:`glance_of` is pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from briefing.schema import Actor, Briefing, Glance, Quote, SourceKind, SourceShare, Voice

GENDER_METHOD = (
    "estimated from given names alone (a name used for women and men alike, or not in the name list, "
    "is unknown); an estimate, not a person's stated gender"
)
FIRST_TERMS = 3
_WORD_RE = re.compile(r"\w+(?:[’'-]\w+)*")
_NO_NAMED_SOURCE = {SourceKind.outlet_voice.value, SourceKind.anonymous.value, SourceKind.vague.value}


def quoted_words(quote: Quote) -> int:
    """Words of the speaker's own inside quotation marks: a direct quote's passages (its text when
    it has one passage), a partial quote's parts; none for reported speech or a nested quote
    (its words are counted in the quote around it)."""
    if quote.type == "indirect" or quote.nested_in:
        return 0
    whole = [quote.text] if quote.type == "direct" else []
    passages: Iterable[str] = [p.text for p in quote.parts] or whole
    return sum(len(_WORD_RE.findall(p)) for p in passages)


def gender_estimate(actor: Actor) -> str:
    """'woman', 'man' or 'unknown', from the given name that opens a person's name of two words or
    more ("Michelle Bachelet"); a single word ("Abrams", "Madonna") may be a surname: unknown."""
    from briefing.rules.names import gender_of

    words = actor.name.split()
    if len(words) < 2:
        return "unknown"
    guess = gender_of(words[0].strip(".,"), None, True)
    return {"f": "woman", "m": "man"}.get(guess or "", "unknown")


def glance_of(briefing: Briefing) -> Glance:
    """The at-a-glance summary of ``briefing``."""
    actors = {a.id: a for a in briefing.actors}
    voices: dict[str, Voice] = {}
    unclear: list[str] = []
    for q in briefing.quotes:
        if q.needs_review or not (q.speaker_id or q.speaker):
            unclear.append(q.id)
            continue
        key = q.speaker_id or f"name:{q.speaker}"
        voice = voices.get(key)
        if voice is None:
            actor = actors.get(q.speaker_id or "")
            voice = voices[key] = Voice(
                actor_id=actor.id if actor else None,
                name=actor.name if actor else str(q.speaker),
                type=actor.type if actor else None,
                quotes=0,
                quoted_words=0,
                share_of_quoted_words=0,
                gender=gender_estimate(actor) if actor and actor.type == "person" else None,
            )
        voice.quotes += 1
        voice.quoted_words += quoted_words(q)
        voice.quote_ids.append(q.id)
    total_words = sum(v.quoted_words for v in voices.values())
    for v in voices.values():
        v.share_of_quoted_words = round(v.quoted_words / total_words, 4) if total_words else 0.0
    ranked = sorted(voices.values(), key=lambda v: (-v.quotes, -v.quoted_words))
    heard = {v.actor_id for v in ranked}
    by_gender: dict[str, list[str]] = {"woman": [], "man": [], "unknown": []}
    for v in ranked:
        if v.gender is not None and v.actor_id is not None:
            by_gender[v.gender].append(v.actor_id)

    statements = len(briefing.sources)
    sourcing = []
    for kind in SourceKind:
        ids = [s.id for s in briefing.sources if s.kind == kind.value]
        sourcing.append(
            SourceShare(
                kind=kind,
                statements=len(ids),
                share=round(len(ids) / statements, 4) if statements else 0.0,
                source_ids=ids,
            )
        )
    notes = briefing.language_notes
    return Glance(
        voices=ranked,
        unclear_quote_ids=unclear,
        mentioned_not_quoted=[a.id for a in briefing.actors if a.type == "person" and a.id not in heard],
        statements=statements,
        sourcing=sourcing,
        no_named_source_ids=[s.id for s in briefing.sources if s.kind in _NO_NAMED_SOURCE],
        headline_ids=[s.id for s in briefing.sources if s.headline],
        loaded_terms=len(notes),
        loaded_terms_first=[n.term for n in notes[:FIRST_TERMS]],
        voices_by_gender=by_gender,  # type: ignore[arg-type]
        gender_method=GENDER_METHOD,
    )


def with_glance(briefing: Briefing) -> Briefing:
    """``briefing`` with its ``glance`` computed from what it holds now."""
    return briefing.model_copy(update={"glance": glance_of(briefing)})


def voice_rows(briefing: Briefing, article: str) -> list[dict[str, object]]:
    """The rows ``briefing batch`` writes to ``voices.csv`` for one article: one per speaker, with
    the gender estimate of a person ('' for an organisation, document or outlet)."""
    glance = briefing.glance or glance_of(briefing)
    return [
        {
            "outlet": briefing.article.outlet or "",
            "article": article,
            "speaker": v.name,
            "gender_estimate": v.gender or "",
            "quotes": v.quotes,
            "quoted_words": v.quoted_words,
        }
        for v in glance.voices
    ]
