"""The reported clause around a quoted fragment: Trump said [that Clinton once described the deal
as “the gold standard”], as PolNeAR and PARC mark a partly quoted statement."""

from __future__ import annotations

import re

from briefing.rules import lexicon as lx
from briefing.text.segment import clause_comma

# Cues that can introduce a partly quoted statement: speech verbs, plus the verbs of naming and
# judging that carry someone's words (called it a “disgrace”, described as “unhinged”).
_CLAUSE_CUE_RE = re.compile(
    rf"(?<![\w’'-])(?:{lx.alternation(lx.forms('clause-cue'))})(?![\w’'-])",
    re.IGNORECASE,
)


_THAT_RE = re.compile(r"\s*(?:[^,;:“”\"«».!?]{0,60}?\s)?that,?\s+")
_LEAD_RE = re.compile(r"[\s,:;—–-]*")
_TRAIL_PUNCT = " \t\n,.;:!?—–-"
_DAYS = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tonight|last|earlier|later"
# After the quote: an adjunct of the reporting verb (when, where) or a second verb phrase of the
# speaker's (… “a disgrace” Wednesday on …; … “resolutely opposed” and warned North Korea …).
_AFTER_QUOTE_BREAK_RE = re.compile(
    rf"\s+(?:(?:{_DAYS})\b|(?:during|while|at\s+(?:a|an|the)|in\s+an?\s+(?:interview|statement|speech|tweet))\b|"
    rf"and\s+(?:also\s+)?(?:[a-z]+ed|{lx.alternation(lx.forms('second-verb'))})\b|"
    # … call them “lone wolves” and describe their actions …: a second verb with its own object
    r"and\s+(?:also\s+)?(?!(?:that|whether|if|how|what|why|when|where|who|because|then|so|not|in|on|at|to|of|"
    r"for|with|from|by|as)\b)[a-z]+\s+(?:the|a|an|their|his|her|its|them|him|it|our|my)\s)"
)
_SECOND_VERB_RE = re.compile(
    rf"\s+and\s+(?:also\s+)?(?:{lx.alternation(lx.forms('second-verb'))})\b"
)
# After a quote that ends with a comma: a new clause ("After saying her foot was “so swollen,”
# she was taken to hospital"), unless its verb attributes the quote ("…,” she said).
_AFTER_COMMA_BREAK_RE = re.compile(
    r"\s+(?:although|though|but|while|whereas|which|who)\b|"
    rf"\s+(?:he|she|they|we|I|it)\s+(?!(?:{lx.alternation(lx.forms('can-invert'))})\b)[a-z]+"
)
_CLAUSE_BREAK_RE = re.compile(
    r"(?:,|\s[—–]|\s--)\s+(?:although|though|but|while|whereas|which|who|according|after|before|"
    rf"when|even\s+as|as\s+(?:he|she|they|it|the)|and\s+(?:he|she|they|the\s+\w+)\s+"
    rf"(?:{lx.alternation(lx.forms('said-told-added'))})|"
    rf"{lx.alternation(lx.forms('clause-break-participle'))}|meaning|implicitly|and\s+(?:he|she|they|it)\s+\w+)\b"
    r"|\s(?:after|before|as|when)\s+(?:he|she|they)\s+\w+(?:ed|s)\b"
    r"|;\s|\s[—–]\s|\s--\s|\s-\s"
)


_TOLD_OBJECT_RE = re.compile(
    r"\s+(?:reporters|journalists|supporters|lawmakers|him|her|them|us|me|you|"
    r"(?:the|a|an)\s+(?:[a-z]+\s+){0,2}?(?:crowd|audience|committee|panel|paper|newspaper|agency|"
    r"reporter|broadcaster|station|network|magazine|court|jury)|"
    r"(?:the\s+)?[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,4})(?=[\s,])"
)


# "<a clause of three words or more>, <subject> " before a cue set off by commas.
_PAREN_CUE_BEFORE_RE = re.compile(
    r"\s*(?:[^\s,;:“”\"]+\s+){2,}[^\s,;:“”\"]+,\s+(?:he|she|they|we|I|it|(?:the\s+)?[a-z]+(?:\s+[a-z]+)?|"
    r"(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*)\s+(?:[a-z]+ly\s+)?"
)
_WHAT_BEFORE_CUE_RE = re.compile(
    r"\bwhat\s+(?:(?!(?:is|was|are|were|be|been|being|has|have|had)\b)[\w’'.-]+\s+){1,4}$"
)
# A sentence that opens with a subordinate clause, and the main clause after it: ", the campaign
# has …", ", Clinton restricted …".
_FRONTED_RE = re.compile(
    r"\s*(?:Though|Although|While|When|After|Before|Because|If|Since|Once|Even\s+though|Even\s+as|As)\s"
)
_MAIN_CLAUSE_RE = re.compile(
    r",\s+(?:(?:the|a|an|his|her|their|its)\s+(?:[\w’'-]+\s+){0,3}?|(?:[A-Z][\w’'.-]+\s+){1,3}|"
    r"(?:he|she|they|we|I|it)\s+)(?:has|have|had|is|are|was|were|will|would|could|can|did|does|"
    r"[a-z]{3,}ed|[a-z]{3,}s)\b"
)


def starts_fronted_clause(text: str, s_start: int) -> bool:
    """Does the sentence at ``s_start`` open with a subordinate clause (Though …, After …)?"""
    return _FRONTED_RE.match(text, s_start) is not None


def fronted_clause_end(text: str, s_start: int, pos: int, end: int) -> int | None:
    """Where a content at ``pos`` inside a sentence-opening subordinate clause ends: at the comma
    before the main clause (Though she called for …, [Clinton restricted …]), or None."""
    if not _FRONTED_RE.match(text, s_start, pos):
        return None
    m = _MAIN_CLAUSE_RE.search(text, pos, end)
    return m.start() if m is not None else None


_RELATIVE_CUE_RE = re.compile(r",\s+(?:who|which)\s+(?:\w+\s+)?$")


def reported_clause(
    text: str,
    sentence: tuple[int, int],
    quote: tuple[int, int],
    cue: tuple[int, int],
) -> tuple[int, int]:
    """The reported clause around a quoted fragment, given the sentence and the attribution cue.

    PolNeAR and PARC mark a partly quoted statement as one content span that includes the
    paraphrased lead-in: Trump said [that Clinton once described the deal as “the gold standard”].
    With the cue before the quote, the clause runs from after the cue (and a following "that")
    to the end of the sentence; with the cue after it (“…”, Bachelet’s report said.), from the
    sentence start to the comma before the attribution. All arguments are (start, end) offsets;
    ``quote`` is the outer span of the quotation (marks included). The result always contains
    the quote.
    """
    s_start, s_end = sentence
    q_start, q_end = quote
    c_start, c_end = cue
    if c_end <= q_start:
        start = c_end
        if text[c_start:c_end].lower().startswith("according"):
            comma = clause_comma(text, c_end, q_start)  # according to X, [the move reeks of “fear”]
            if comma >= 0:
                start = comma + 1
        if text[c_start:c_end].lower().startswith(("told", "tell")):
            obj = _TOLD_OBJECT_RE.match(text, start, q_start)  # told [reporters] the measure would …
            if obj is not None:
                start = obj.end()
        parenthetical = text[start:q_start].lstrip(" \t")[:1] == "," and _PAREN_CUE_BEFORE_RE.fullmatch(
            text, s_start, c_start
        )
        that = _THAT_RE.match(text, start, q_start)
        start = that.end() if that else _LEAD_RE.match(text, start, q_start).end()  # type: ignore[union-attr]
        if parenthetical:
            # Businesses were struggling, he told the Post, and “every month costs jobs.”: the
            # attribution sits inside the statement, which runs on both sides of it
            start = _LEAD_RE.match(text, s_start, q_start).end()  # type: ignore[union-attr]
        end = s_end
        brk = _CLAUSE_BREAK_RE.search(text, q_end - 1, s_end)
        if text[q_end - 2 : q_end - 1] == "," and _AFTER_COMMA_BREAK_RE.match(text, q_end, s_end):
            end = q_end  # “at a very high level,” although …
        elif _AFTER_QUOTE_BREAK_RE.match(text, q_end, s_end):
            end = q_end  # … as a “disgrace” Wednesday on …
        elif brk is not None:
            end = brk.start()  # “…,” although Abrams denied it: the next clause is not the speaker's
        relative = _RELATIVE_CUE_RE.search(text, max(s_start, c_start - 12), c_start)
        if relative and text[q_end - 2 : q_end - 1] == ",":
            end = q_end  # Biden, who called the day “a dark chapter,” urged calm
        coordinated = _SECOND_VERB_RE.search(text, q_end, end)
        if coordinated is not None:
            end = coordinated.start()  # … “resolutely opposed” to the test and warned …
        main = fronted_clause_end(text, s_start, q_end - 1, end)
        if main is not None:
            end = main  # Though she called for pay to be “clawed back,” [Clinton restricted …]
        what = _WHAT_BEFORE_CUE_RE.search(text, max(s_start, c_start - 40), c_start)
        if what is not None and not _CLAUSE_CUE_RE.search(text, s_start, what.start()):
            # … involved with [what lawmakers called “fraud”] lead senators to …: a noun phrase in
            # the outlet's sentence (in someone's statement, "says … what she calls “…”", it is theirs)
            start, end = what.start(), q_end
    else:
        start = s_start
        comma = clause_comma(text, q_end - 2, c_start, last=True)
        end = comma if comma >= q_end - 2 else c_start
        if end < q_end:
            end = q_end
    while end > q_end and text[end - 1] in _TRAIL_PUNCT:
        end -= 1
    start = min(start, q_start)
    end = max(end, q_end)
    return start, end
