"""Contents: what was said, for every cue of a clause unit.

The clause after the cue ("told the Times that CONTENT"), or before it ("CONTENT, X said"), or
around "according to X"; adjuncts ("in a statement on Thursday"), the outlet's own glosses and
trailing conjunctions are trimmed. ``channel_phrase`` finds the medium ("in a statement", "on
Twitter", "in an interview with CNN").
"""

from __future__ import annotations

import bisect
import re
from itertools import islice
from typing import TYPE_CHECKING

from briefing.rules import cues as cx
from briefing.rules import lexicon as lx
from briefing.rules.reported_clause import fronted_clause_end, starts_fronted_clause
from briefing.rules.units import MASK, PARTICIPLE_CLAUSE_RE, CueHit, Unit
from briefing.text.segment import clause_comma

if TYPE_CHECKING:
    from briefing.rules.doc import Doc

_QUOTE_NEXT_RE = re.compile(r"\s*[,:]?\s*\x01")
# What follows a cue but is not what was said: "told reporters [after the two-day meeting]."
_ADJUNCT_ONLY_RE = re.compile(
    r"\s*(?:after|before|during|following|at|outside|inside|from|on|in|while|when|to|with)\s+[^,;:\x01]*"
    r"(?:,\s*[a-z]+ing\b[^;:\x01]*)?[.!?]?\s*$"
)
_TOLD_THAT_RE = re.compile(r"[^,;:.\x01\n]{0,60}?\bthat\s+")
_ING_START_RE = re.compile(r"\s*[a-z]+ing\b")
_RELATIVE_LEAD_RE = re.compile(r",\s+(which|who)\b")
# "…, a source said, speaking on condition …": a participle about the speaker, not a gerund
# subject ("…, he said, replacing her would be …") nor "including"
_COMMA_ING_START_RE = re.compile(
    r"[\s,]*(?!including\b)[a-z]+ing\b(?!(?:\s+[\w’'-]+){0,6}?\s+(?:would|will|could|can|is|was|"
    r"are|were|has|had|may|might|should|must)\b)"
)
# What may follow a cue that ends its sentence ("…, the source added on Tuesday.").
_CLOSING_REST_RE = re.compile(r"(?:\s+[^\s,;:\x01]+){0,8}\s*[.!?]?[\s\x01]*")
# Verbs of saying with a person object before the "that" clause: "warned Americans that …".
_OBJECT_THAT_FORMS = lx.forms("object-that")
_OBJECT_THAT_RE = re.compile(
    r"\s+(?:the\s+|a\s+|his\s+|her\s+|their\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,5}?\s+that\s+"
)
_LEAD_ADJUNCT_RE = re.compile(
    r"\s*(?:In|At|On|During|After|Before|Following|Speaking|Asked|When|While|As|Earlier|Later|Last|This)\s"
    r"[^\x01]{0,60}?,\s*$"
)
_DENY_FORMS = lx.forms("denies-object")  # "denied any wrongdoing"
# A channel adjunct closing a content: "… in an interview earlier Thursday morning".
_TRAILING_CHANNEL_RE = re.compile(
    r"[\s,]+(?:in|during|at)\s+(?:a|an|the|his|her|their|its)\s+(?:[\w-]+\s+){0,2}(?:interview|statement|"
    r"e-?mail|ruling|letter|speech|post|tweet|news\s+conference|press\s+conference|briefing|appearance|"
    r"op-ed|memo|filing|radio\s+interview|television\s+interview|TV\s+interview)\b[^,;\x01]{0,50}$"
)
_CHANNEL_TAIL_RE = re.compile(
    r"(?:\s+(?:on|to|for|with)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)?[.,;:]*$"
)
_SAY_FORMS = lx.forms("say-of")
_TELL_FORMS = tuple(sorted(lx.forms_of("tell")))
_PARTICIPLE_CHANNEL_RE = re.compile(
    r"\b(?:[Ss]peaking\s+(?:to|on|with)|[Ww]riting\s+(?:in|for|on)|[Ii]nterviewed\s+(?:by|on))\s+"
    r"((?:the\s+)?[A-Z][\w&’'-]*(?:\s+(?:[A-Z][\w&’'-]*|\d+))*(?:’s|'s)?(?:\s+[A-Z][\w&’'-]*)*)"
)
# Statements made with an infinitive: "promised to cut taxes", "vowed to fight the ruling".
_INFINITIVE_CUES = lx.forms("takes-infinitive")
_TO_VERB_RE = re.compile(r"\s*to\s+(?!the\b|a\b|an\b|his\b|her\b|their\b|its\b|[A-Z])[a-z]+\b")
_AND_CLAUSE_RE = re.compile(r"\s*,?\s*and\s")
# A cue inside a content, not a new statement: "through what she calls …", "as he said",
# "noted reports alleging that she claimed …".
_RELATIVE_BEFORE_RE = re.compile(r"\b(?:what|which|as|(?<!not )that)\s+$")
# "…, X said Friday, as they bristled …": a clause of the outlet's after the attribution.
_SUBORDINATE_START_RE = re.compile(
    r"\s*(?:as|while|when|after|before|because|although|though|even\s+as|amid|since|where|which|who)\b"
)
_TRAILING_COMMA_RE = re.compile(r",\s*$")
_COMMA_NEXT_RE = re.compile(r"\s*,")
_END_PUNCT_START_RE = re.compile(r"\s*[.!?]")
# Its end is where the content after "according to X," starts.
_COMMA_WITH_SPACE_NEXT_RE = re.compile(r"\s*,\s*")
# A comma, quotation or dash at the end.
_TRAILING_BREAK_RE = re.compile(r"(?:,|\x01|\s[—–―]|\s--)\s*$")
_TIME = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|weekend|month|year|morning|"
    r"afternoon|evening|night|January|February|March|April|May|June|July|August|September|October|"
    r"November|December|spring|summer|fall|autumn|winter)"
)
_ADVERBIAL_RE = re.compile(
    r"(?:\s*,?\s*(?:"
    rf"(?:on|by|late|early|in)\s+(?:\w+\s+)?{_TIME}\b(?:\s+(?:night|morning|afternoon|evening))?"
    rf"|(?:last|this|next|earlier\s+this|late\s+last|earlier\s+in\s+the)\s+{_TIME}\b"
    r"|(?:in|during|at)\s+(?:a|an|the|his|her|their|its)\s+(?:\w+\s+){0,2}(?:statement|interview|call|"
    r"conference|briefing|speech|appearance|post|tweet|letter|email|e-mail|hearing|video|podcast|"
    r"rally|meeting|event)(?:\s+(?:with|on|to|at)\s+(?:the\s+)?[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,4})?"
    r"|on\s+(?:Twitter|Facebook|Instagram|television|TV|radio|CNN|Fox\s+News|MSNBC)"
    r"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?"
    r"|(?:last|on\s+\w+)\s+night|this\s+(?:morning|afternoon|evening)"
    r"|(?:earlier|later|yesterday|today|tonight|recently|again|also|privately|publicly|however|though|"
    r"meanwhile|moreover|instead|backstage|afterward|afterwards|then|repeatedly|bluntly|flatly)"
    r")\s*,?)+"
)
_TELL_OBJECT_RE = re.compile(
    r"\s*((?:the\s+)?(?:[A-Z][\w.&’'-]*(?:\s+(?:of\s+|for\s+)?[A-Z][\w.&’'-]*){0,5})|reporters|journalists|"
    r"him|her|them|us|me|you|supporters|the\s+crowd|a\s+crowd|an?\s+[a-z]+(?:\s+(?!that\b)[a-z]+){0,3}|"
    r"the\s+[a-z]+(?:\s+(?!that\b)[a-z]+){0,2}|[a-z]+\s+reporters|CNN|NBC)"
)
_PP_THAT_RE = re.compile(
    r"\s*,?\s*(?:in|at|on|during|after|before|from|to|with|outside|inside|while|last|this|late|early|earlier)"
    r"\s[^,;:.!?\x01\n]{1,60}?\bthat\s+(?!(?:is|was|were|are|has|had|have|will|would|could|can)\b)"
    # "said after the convention he would …": a short adjunct, then a pronoun subject
    r"|\s*(?:after|before|during|at|in|on)\s[^,;:.!?\x01\n]{1,40}?\s(?=(?:he|she|they|it|we|I)\s+[a-z])"
)
_THAT_RE = re.compile(r"\s*(?:,\s*)?(?:that,?|:)\s+", re.IGNORECASE)
_CLAUSE_END_RE = re.compile(
    rf"\s--\s|,\s+with\s|\s+but\s+(?:also\s+)?(?:{lx.alternation(lx.forms('another-source'))})\b|"
    r"(?:,|(?<=\x01))\s+(?:although|though|but(?!\s+(?:also|could|would|should|will|can|did|does|do|is|was|"
    r"were|are|has|had|have|not|never|may|might|must|only|still|then)\b)|while|whereas|even\s+as|"
    r"according\s+to)\b|;|"
    r"\s[—–―]\s|,\s+where\s|"
    r",\s+and\s+(?:when|while|after|before|as|then|later)\b|,\s+citing\b|"
    # ", and the downgrade is casting …": a new clause with a subject of its own (not a pronoun,
    # which usually continues the speaker's own account)
    r",\s+and\s+(?=(?:the|a|an|his|her|its|their|[A-Z][a-z]+)\s+(?:[\w’'-]+\s+){0,4}?"
    rf"(?:is|are|was|were|has|have|had|will|would|could|can|did|does|{lx.alternation(lx.forms('new-subject-verb'))})\b)|"
    # ", and human rights groups warned that …": another source's statement, whoever they are
    rf",\s+and\s+(?!that\b)(?=(?:[\w’'-]+\s+){{1,5}}?(?:{lx.alternation(lx.forms('another-source'))})\b)"
)
_OPENS_THAT_CLAUSE_RE = re.compile(r"\s*(?:[\w’'-]+\s+){0,2}that\s+")
_DASH_RE = re.compile(r"\s(?:[—–―]|--)\s")
_DASH_PAIR_RE = re.compile(r"[^\x01;.!?—–―]{1,100}?\s(?:[—–―]|--)\s+(?=[a-z])")
_LEAD_BREAK_RE = re.compile(r"(?:,\s+(?:but|and|so|yet)|;|:)\s+")
_NONSPACE_RUN_RE = re.compile(r"\S+")


def _words_at_least(text: str, start: int, end: int, n: int) -> bool:
    """Are there ``n`` or more whitespace-separated words in ``text[start:end]``? Reads only as far
    as the n-th (``len(text[start:end].split()) >= n``, without splitting a long stretch)."""
    return sum(1 for _ in islice(_NONSPACE_RUN_RE.finditer(text, start, end), n)) >= n
_TRAILING_APPOSITIVE_RE = re.compile(
    r"\b[A-Z][\w.’'-]*(?:\s*\([^()\x01]{1,24}\))?(,\s+(?:the|a|an)\s+[^,;\x01“”\"]{1,150})$"
)
_LEAD_CONJ_RE = re.compile(r"(?:And|But|So|Yet|Or)\s+(?=[a-z])")
_TRAILING_CONJ_RE = re.compile(r"[\s,]+(?:and|but|or)(?:\s+[a-z]+ly)?(?:\s+that)?$")


def fill_contents(doc: Doc, unit: Unit, hits: list[CueHit]) -> None:
    text = doc.masked
    fronted = bool(hits) and starts_fronted_clause(text, unit.start)
    # clause breaks of the unit, found once (scanning from the unit's start for every cue was
    # quadratic in a long unit)
    break_ends = [bm.end() for bm in _LEAD_BREAK_RE.finditer(text, unit.start, unit.end)] if hits else []
    for i, hit in enumerate(hits):
        nxt = hits[i + 1].start if i + 1 < len(hits) else unit.end
        right_start = hit.end
        if hit.attribution.cue and hit.attribution.cue.lower().startswith(_TELL_FORMS):
            om = _TELL_OBJECT_RE.match(text, right_start)
            if om:
                obj = om.group(1)
                _channel_from_object(doc, hit, om.start(1), om.end(1), obj)
                right_start = om.end()
            tm2 = _TOLD_THAT_RE.match(text, right_start)
            if tm2:  # "told a crowd in Cleveland that …", "told his advisers that …"
                right_start = tm2.end()
        elif hit.subject_after:
            right_start = hit.end
        elif hit.word.lower() in _OBJECT_THAT_FORMS:
            tm2 = _OBJECT_THAT_RE.match(text, right_start)
            if tm2:  # "warned Americans on Sunday that …", "assured investors that …"
                right_start = tm2.end()
        after_object = right_start  # "he told me[, on Friday,] …": where the cue's object ends
        am = _ADVERBIAL_RE.match(text, right_start)
        if am and am.end() > right_start:
            right_start = am.end()
        tm = _THAT_RE.match(text, right_start)
        if tm:
            right_start = tm.end()
        else:
            pm = _PP_THAT_RE.match(text, right_start)  # "says in Ohio that …", "said at a rally that …"
            if pm:
                right_start = pm.end()
                tm = pm
        # Where the right-hand content stops: the next cue's source phrase, a clause break.
        right_end = nxt
        if i + 1 < len(hits):
            nh = hits[i + 1]
            if (
                nh.attribution.mention
                and nh.attribution.mention[0] > right_start + 2
                and not nh.subject_after
                and not _RELATIVE_BEFORE_RE.search(
                    text, max(0, nh.attribution.mention[0] - 8), nh.attribution.mention[0]
                )
                # "The truth, the senator said, was that [Trump had attacked …]": the second
                # cue's subject opens the first one's that-clause
                and not _OPENS_THAT_CLAUSE_RE.fullmatch(text, right_start, nh.attribution.mention[0])
            ):
                right_end = min(right_end, nh.attribution.mention[0])
            elif nh.attribution.mention and not nh.subject_after:
                # "McAuliffe has said [about 20 people have indicated …]": the second cue is
                # inside the first one's content, which runs on
                right_end = unit.end if i + 2 >= len(hits) else hits[i + 2].start
            elif nh.subject_after:
                right_end = min(right_end, nh.start)
        ce = clause_end(text, right_start, right_end)
        if ce is not None:
            right_end = ce
        main = fronted_clause_end(text, unit.start, right_start, right_end) if fronted else None
        if main is not None:
            right_end = main  # After aides insisted that …, [the campaign has appeared to …]
        if hit.word.lower() == "citing":
            # "…, citing tax records": what was cited, up to the clause's end, never the clause before
            comma = clause_comma(text, right_start, right_end)
            right_end = comma if comma > 0 else right_end
        right = text[right_start:right_end]
        is_according = bool(hit.attribution.cue and hit.attribution.cue.lower().startswith("according"))
        # "The museum, Mr. Obama said, would make visitors …": content on both sides.
        left0 = (
            hit.attribution.mention[0] if hit.attribution.mention and not hit.subject_after else hit.start
        )
        k = bisect.bisect_right(break_ends, left0) - 1
        lead_start = break_ends[k] if k >= 0 else unit.start
        lead = text[lead_start:left0]
        # "Prices rose 3 percent, according to X, more than expected": after a whole clause,
        # "according to X" attributes what comes before it, not what follows
        according_after_clause = is_according and _words_at_least(text, lead_start, hit.start, 4)
        if according_after_clause and _AND_CLAUSE_RE.match(right) and len(right.split()) >= 4:
            # "A, according to X, and B": X is the source of both
            hit.content = trim(doc, lead_start, right_end)
            continue
        if (
            i == 0
            and not according_after_clause
            and _TRAILING_COMMA_RE.search(lead[-40:])
            and (
                _COMMA_NEXT_RE.match(text[after_object : after_object + 3])
                # "The truth, the senator said then, was that …" / "…, he told me on Friday, is …"
                or bool(
                    am and am.start() == after_object and text[hit.end : am.end()].rstrip().endswith(",")
                )
            )
            and not _SUBORDINATE_START_RE.match(right)
            and not _COMMA_ING_START_RE.match(right)  # "…, a source said, speaking on condition …"
            and len(right.split()) >= 3
            and _words_at_least(text, lead_start, left0, 1)
            and not _words_at_least(text, lead_start, left0, 26)
            and MASK not in lead
        ):
            rels = list(_RELATIVE_LEAD_RE.finditer(text, lead_start, left0))
            # "…, is near the stadium, which, Tompkins said, is usually full …": the relative clause
            hit.content = trim(doc, rels[-1].start(1) if rels else lead_start, right_end)
            continue
        if (
            len(right.split()) >= (2 if tm or hit.word.lower() in _DENY_FORMS else 3)
            and not _END_PUNCT_START_RE.match(right)
            and (not hit.subject_after or (is_according and not according_after_clause))
            and (
                tm is not None  # "that at least 200 …"
                or not _ADJUNCT_ONLY_RE.match(right)
                or (
                    hit.word.lower() in _INFINITIVE_CUES and _TO_VERB_RE.match(right)
                )  # "vowed to fight …"
            )
            and (is_according or not right.lstrip().startswith(","))  # “…,” he said, referring to …
            and not (hit.word.lower() in _SAY_FORMS and right.lstrip().startswith("of "))  # "said of X"
            and not ("," in text[hit.end : right_start] and _ING_START_RE.match(right))
            and not ("," in text[hit.end : right_start] and _SUBORDINATE_START_RE.match(right))
        ):
            hit.content = trim(doc, right_start, right_end)
            continue
        if (
            right.lstrip().startswith(MASK)
            or hit.word.lower() == "citing"
            or (hit.subject_after is False and _QUOTE_NEXT_RE.match(text, right_start))
        ):
            continue  # "Asked whether she would resign, Lopez said: “…”": the quotation is what was said
        if hit.word.lower().endswith("ing") and not is_according:
            continue  # "X had mocked the complaint, saying …": what X did is not what X said
        # Content before the cue: "CONTENT, X said." / "According to X, CONTENT." is handled here too.
        if hit.attribution.cue and hit.attribution.cue.lower().startswith(
            ("according", "as reported", "per")
        ):
            if hit.start == unit.start or _NONSPACE_RUN_RE.search(text, unit.start, hit.start) is None:
                cm = _COMMA_WITH_SPACE_NEXT_RE.match(text[hit.end : hit.end + 5])
                if cm:
                    hit.content = trim(doc, hit.end + cm.end(), unit.end)
                    continue
        left_end = (
            hit.attribution.mention[0] if hit.attribution.mention and not hit.subject_after else hit.start
        )
        if (
            hit.subject_after
            and hit.attribution.cue
            and hit.attribution.cue.lower().startswith("according")
        ):
            left_end = hit.start
        left_start = unit.start
        if i > 0 and not (i + 1 == len(hits) and _closes_unit(doc, hit, unit)):
            # (a closing "…, the source added." covers the whole sentence before it, cues
            # inside included: "Clinton had told police that …, but …, the source added.")
            prev = hits[i - 1]
            left_start = max(
                left_start, prev.content[1] if prev.content and prev.content[1] <= left_end else prev.end
            )
        left = text[left_start:left_end]
        if _LEAD_ADJUNCT_RE.match(left):
            continue  # "In a statement released Tuesday, the company denied …": an adjunct, not content
        if _TRAILING_BREAK_RE.search(left) and len(doc.text[left_start:left_end].split()) >= 3:
            first_q = text.find(MASK, left_start, left_end)
            if first_q > left_start:
                # "As well as …, the regime … dictatorship, presiding over “…” …, X’s report said":
                # the attribution covers the participial clause holding the quotation.
                for cm in PARTICIPLE_CLAUSE_RE.finditer(text, left_start, first_q):
                    left_start = cm.start() + 1
            hit.content = trim(doc, left_start, left_end)


def _closes_unit(doc: Doc, hit: CueHit, unit: Unit) -> bool:
    """The cue and its source end the sentence: "…, the source added." / "…, said one GOP
    source in the room." (at most a short adjunct after them, no further clause)."""
    rest_start = hit.end
    if hit.subject_after and hit.attribution.mention:
        rest_start = max(rest_start, hit.attribution.mention[1])
    rest = doc.masked[rest_start : unit.end]
    return bool(_CLOSING_REST_RE.fullmatch(rest))


def _channel_from_object(doc: Doc, hit: CueHit, s: int, e: int, obj: str) -> None:
    ents = doc.names.mentions_between(s, e + 1)
    for mm in ents:
        if mm.entity.type == "media":
            # up to the outlet's name: "told the BBC." ends the sentence, "told CNN's Jake
            # Tapper" came through CNN
            channel = doc.text[s : mm.end].strip().rstrip(".,;:")
            hit.attribution.channel = channel
            hit.attribution.channel_entity = mm.entity
            mm.entity.used = True
            return


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    text = doc.text
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.—–-"):
        end -= 1
    lead = _LEAD_CONJ_RE.match(text, start, end)
    if lead and end - lead.end() > 10:
        start = lead.end()  # "And most of it is wrong, according to …": a link, not content
    # These patterns are anchored at the end: search only the tail a match can span.
    m = _TRAILING_CONJ_RE.search(text, max(start, end - 40), end)
    if m:
        end = m.start()
    m = _TRAILING_APPOSITIVE_RE.search(text, max(start, end - 200), end)
    if m and m.start(1) > start + 10:
        end = m.start(1)  # "… support Mr. Trump, the presumed Putin favorite": the outlet's gloss
    m = _TRAILING_CHANNEL_RE.search(text, max(start, end - 160), end)
    if m and m.start() > start + 10:
        end = m.start()  # "more school investment in a statement on Thursday": how, not what
    return start, end


def clause_end(text: str, start: int, end: int) -> int | None:
    """Where a content starting at ``start`` stops before ``end`` (a clause break), or None.
    A dash that opens an aside closed by a second dash is not a break: "… to nominate Sargent
    Shriver — a member of the Kennedy clan — to replace Thomas Eagleton"."""
    pos = start
    while True:
        ce = _CLAUSE_END_RE.search(text, pos, end)
        if ce is None:
            return None
        if _DASH_RE.fullmatch(ce.group()):
            pair = _DASH_PAIR_RE.match(text, ce.end(), end)
            if pair is not None:
                pos = pair.end()
                continue
        return ce.start()


def channel_phrase(text: str, start: int, end: int) -> str | None:
    """ "in a statement", "on Twitter", "in an interview with CNN" in a clause, as the channel."""
    pm = _PARTICIPLE_CHANNEL_RE.search(text, start, end)
    if pm:  # "Speaking to Times Radio, the chancellor said …", "Writing in the Daily Telegraph, …"
        return pm.group(1)
    m = cx.CHANNEL_PHRASE_RE.search(text, start, end)
    if not m:
        return None
    # "in a statement on Thursday." is the statement: no date, no sentence punctuation
    return _CHANNEL_TAIL_RE.sub("", " ".join(m.group().split()))
