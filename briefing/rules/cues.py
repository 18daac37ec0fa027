"""The attribution-cue lexicon: speech and reporting verbs, and the phrases that introduce a source.

A cue is the word or phrase that ties words to a speaker: "said", "told", "denied", "according to",
"quoted him as saying". The lexicon is deliberately about *speech and documents*: verbs of saying,
writing, reporting and finding ("the report found"). Verbs of belief or intention ("believes",
"wants", "plans") are not cues here, even though some annotation schemes (PolNeAR) count them: a
journalist does not call an intention a quote.

Everything is precompiled at import; the patterns are plain ``re`` and cost microseconds per sentence.
"""

from __future__ import annotations

import re

from briefing.rules import lexicon as lx

# The cue forms, their tags and the verbs of belief are in lexicon.json (add a verb there).
CUE_FORMS: frozenset[str] = lx.forms("cue")
# Cue forms that mark a document or study rather than a person speaking.
FINDING_FORMS = lx.forms("finding")
# Gerunds that are speech even after a preposition ("began by saying", "criticised for claiming").
SPEECH_GERUNDS = lx.forms("speech-gerund")

# Participial cues that continue the subject of the main clause: "…, adding that …".
PARTICIPLE_FORMS = frozenset(f for f in CUE_FORMS if f.endswith("ing") and " " not in f)

_FORMS_ALT = lx.alternation(CUE_FORMS)

# Case-sensitive on purpose: "States" in "United States" is not the verb "states".
CUE_RE = re.compile(rf"(?<![\w’'-])(?:{_FORMS_ALT})(?![\w’'-])")

CUE_FIRST_WORDS = _FIRST_WORDS = frozenset(f.split()[0] for f in CUE_FORMS)
_LOWER_WORD_RE = re.compile(r"(?<![\w’'-])[a-z]+(?![\w’'-])")


def find_cue_words(text: str) -> list[re.Match[str]]:
    """All cue matches in ``text``: a cheap scan of lower-case words, then the full pattern only
    where a word can start a cue (much faster than searching the alternation everywhere)."""
    out = []
    for w in _LOWER_WORD_RE.finditer(text):
        if w.group() in _FIRST_WORDS:
            m = CUE_RE.match(text, w.start())
            if m:
                out.append(m)
    return out


# Cues that are speech only with a clause, a quotation or nothing after them ("agreed that …",
# "…,” he agreed.), not with an infinitive ("agreed to leave" is an act, "continued to" is not
# speech). Promises, pledges, vows and threats with an infinitive are statements and stay cues.
NEEDS_CLAUSE = lx.forms("needs-clause")
QUOTE_ONLY = lx.forms("quote-only")
# A determiner or possessive before the word makes it a noun: "the report", "Bachelet’s report".
NOUN_BEFORE_RE = re.compile(
    r"(?:\b(?:the|a|an|his|her|its|their|our|my|your|this|that|these|those|new|"
    r"latest|first|last|whose)|[’']s|s[’'])\s+$",
    re.IGNORECASE,
)

# "according to X", "X's report said", "quoted him as saying", "in a statement"
ACCORDING_TO_RE = re.compile(r"(?<![\w-])(?:according\s+to|as\s+reported\s+by|per)\s+", re.IGNORECASE)
QUOTED_AS_RE = re.compile(
    rf"(?<![\w-])({lx.alternation(lx.forms('quotes-as'))})"
    r"\s+(him|her|them|[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})"
    rf"\s+as\s+({lx.alternation(lx.forms('speech-gerund'))})\b"
)
PASSIVE_BY_RE = re.compile(
    r"(?<![\w-])(?:was|were|has\s+been|have\s+been|had\s+been|is|are|been)?\s*(?:recently\s+|also\s+)?"
    rf"({lx.alternation(lx.forms('passive-by'))})\s+by\s+",
)

# Channels: the medium the words came through.
CHANNEL_PHRASE_RE = re.compile(
    r"(?:in|during|at)\s+(?:a|an|the|his|her|their|its)?\s*(statement|interview|tweet|post|press\s+"
    r"conference|news\s+conference|speech|letter|email|e-mail|op-ed|essay|memo|filing|report|"
    r"radio\s+interview|television\s+interview|TV\s+interview|podcast|video|rally|hearing|briefing)"
    r"(?:\s+(?:with|to|on|for)\s+((?:the\s+)?[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,4}))?"
    r"|on\s+(Twitter|Facebook|Instagram|X|Truth\s+Social|television|TV|radio)",
)

# Verbs of belief and intention that PolNeAR annotates but a journalist does not treat as quotes.
BELIEF_FORMS = lx.forms("belief")


_ANY_WORD_RE = re.compile(r"[A-Za-z]+")


class WordIndex:
    """Where each word starts, by lower-case form.

    A pattern whose matches begin with one of a few known words is then tried only at those
    offsets (``match``), instead of being searched for at every character of the article: the
    difference between a few hundred and a few dozen microseconds per pattern and article.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        index: dict[str, list[int]] = {}
        wanted = INDEXED_WORDS
        low = text.lower()
        if len(low) == len(text):  # lower-case once (offsets unchanged), not word by word
            for m in _ANY_WORD_RE.finditer(low):
                w = m.group()
                if w in wanted:
                    if w in index:
                        index[w].append(m.start())
                    else:
                        index[w] = [m.start()]
        else:  # "İ" lower-cases to two characters: keep the text's own offsets
            for m in _ANY_WORD_RE.finditer(text):
                w = m.group().lower()
                if w in wanted:
                    if w in index:
                        index[w].append(m.start())
                    else:
                        index[w] = [m.start()]
        self.index = index

    def finditer(
        self, pattern: re.Pattern[str], first_words: frozenset[str], text: str | None = None
    ) -> list:
        """Non-overlapping matches of ``pattern`` that start at one of ``first_words``, in order.
        ``text`` may be a same-length variant of the indexed text (quotations masked)."""
        text = self.text if text is None else text
        assert first_words <= INDEXED_WORDS, "register the first words in cues.register_first_words"
        starts = sorted(s for w in first_words for s in self.index.get(w, ()))
        out = []
        last_end = -1
        for start in starts:
            if start < last_end:
                continue
            m = pattern.match(text, start)
            if m:
                out.append(m)
                last_end = m.end()
        return out


INDEXED_WORDS: frozenset[str] = frozenset()


def register_first_words(words: frozenset[str]) -> frozenset[str]:
    """Declare words a WordIndex must record (patterns register their first words at import)."""
    global INDEXED_WORDS
    INDEXED_WORDS = INDEXED_WORDS | words
    return words


register_first_words(_FIRST_WORDS)
QUOTED_AS_FIRST = lx.forms("quotes-as")
ACCORDING_TO_FIRST = frozenset({"according", "as", "per"})
register_first_words(QUOTED_AS_FIRST | ACCORDING_TO_FIRST)
PASSIVE_BY_FIRST = frozenset("was were has have had is are been recently also".split()) | lx.forms(
    "passive-by"
)
register_first_words(PASSIVE_BY_FIRST)
