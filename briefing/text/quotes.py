"""Stage 3a: quotation spans: every stretch of text between quotation marks, with offsets.

Deterministic and fast (one pass over the marks with a stack). It knows:

- curly “ ” and straight " double quotes, single quotes ‘ ’ and ' (nested and headline quotes),
  guillemets « » and » «, ‹ ›, low-high quotes „ “ / „ ” and ‚ ‘;
- apostrophes are not quotes: "We’re", "don’t", "Bachelet’s", "’90s", "students’";
- quotes running over several paragraphs (an opening mark at each paragraph start, the closing mark
  only at the end) become ONE span covering all of them;
- nested quotes are returned as well, with ``nested_in`` pointing at their parent;
- unbalanced marks are dropped (or, for a quote opened at the start of a paragraph and never closed,
  end at the paragraph end); a span never runs into an unrelated paragraph, and nothing raises.

Each span is classified ``direct`` (a full quoted statement: “…,” Abrams said. / Abrams said: “…”) or
``partial`` (a fragment inside the outlet's own sentence: a “dignified exit”), and flagged ``title``
when it is a name or title in quotes (“Fox News Sunday”). Whether a span is attributed to anyone
is decided later, by the engine.

Main entry points:

- :func:`find_quote_spans` — every quotation span (the candidates);
- :func:`quote_items` — the quotes to report, as attribution corpora (PARC, PolNeAR) count them:
  an interrupted quote is one item (:func:`group_interrupted`), a partly quoted statement is its
  reported clause (:func:`reported_clause`), scare quotes and titles are not quotes.

Scare quotes: a quoted phrase nobody in its sentence is said to have said (the so-called “reform”)
is not a quote; it is the outlet's own distancing. The engine may flag it, but never attributes it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol


class _Para(Protocol):
    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    start: int  # inner text, without the quotation marks (what becomes Quote.text)
    end: int
    outer_start: int  # including the marks
    outer_end: int
    paragraph: int  # 1-based paragraph of `start`
    kind: str  # "direct" (full quoted statement) or "partial" (fragment inside the outlet's sentence)
    nested_in: int | None  # index into the returned list of the enclosing quote, or None
    mark: str  # opening mark style, e.g. '“', '"', '‘', '«', '„'
    last_paragraph: int = 0  # 1-based paragraph of `end` (> paragraph for multi-paragraph quotes)
    closed: bool = True  # False when the closing mark is missing and the span stops at a paragraph end
    title: bool = False  # a name or title in quotes (“Morning Joe”, 'All Bets Are Off.'), not speech

    def inner(self, text: str) -> str:
        return text[self.start : self.end]


# Two-character marks first: '' and `` are double quotes in some newswire and NYT archive texts.
_MARK_RE = re.compile("''|``|[\"'“”‘’«»„‚‹›]")
_TAG_RE = re.compile(r"<[^<>\n]{1,400}>")  # markup left in the text: <tweet id="…"> is not a quote
_DOUBLE, _SINGLE, _GUILLEMET, _SGUILLEMET = "double", "single", "guillemet", "sguillemet"
_FAMILY = {
    "“": _DOUBLE,
    "”": _DOUBLE,
    '"': _DOUBLE,
    "„": _DOUBLE,
    "‘": _SINGLE,
    "’": _SINGLE,
    "'": _SINGLE,
    "‚": _SINGLE,
    "«": _GUILLEMET,
    "»": _GUILLEMET,
    "‹": _SGUILLEMET,
    "›": _SGUILLEMET,
}
_OPENING_CHARS = set("([{<—–-/“‘«„‚‹\"'")
_CLOSING_FOLLOWERS = set(".,;:!?)]}>—–-…”’»›\"'*")
_SENTENCE_END = set(".!?…")


TWO_CHAR_MARKS = {"''": '"', "``": "“"}  # '' and `` written for quotation marks
APOSTROPHE_MARK = "''"  # opening a passage (NYT archive: ''…''); `` (Penn Treebank: ``…'') is unambiguous


@dataclass(slots=True)
class _Open:
    pos: int  # offset of the opening mark
    mark: str
    family: str
    paragraph: int
    alt: bool = False  # „ ‚ (closed by “ ‘ too) or reversed guillemets » «
    length: int = 1  # characters in the mark ('' and `` have two)


_Found = tuple[_Open, int, int, int, bool]  # opener, closing offset, closing length, last ¶, closed


def find_quote_spans(text: str, paragraphs: Sequence[_Para]) -> list[QuoteSpan]:
    """All quotation spans in ``text``, ordered by position (parents before the quotes they hold).

    ``paragraphs`` are the article's paragraphs (``segment.paragraphs``); when empty, the whole text
    is one paragraph.
    """
    if not paragraphs:
        paragraphs = [_WholeText(1, 0, len(text))]
    found: list[_Found] = []
    stack: list[_Open] = []
    skip_at = -1  # offset of a continuation mark that re-opens a carried quote
    for number, para in enumerate(paragraphs):
        start, end = para.start, para.end
        marks = _marks(text, start, end)
        for i, (pos, mark) in enumerate(marks):
            if pos == skip_at:
                continue
            _step(text, pos, mark, start, end, stack, found, para.index, marks, i)
        skip_at = -1
        if not stack:
            continue
        outer = stack[0]
        nxt = paragraphs[number + 1] if number + 1 < len(paragraphs) else None
        if nxt is not None and (
            outer.family != _SINGLE
            or outer.mark == "‘"
            # 'We inherited a mess. ¶ 'But we will fix …': UK style, straight marks, opening the paragraph
            or (outer.mark == "'" and _first_char(text, start, end) == outer.pos)
        ):
            first = _first_char(text, nxt.start, nxt.end)
            if first is not None and _continues(text[first : first + outer.length], outer):
                skip_at = first
                stack[:] = [outer]
                continue
        if _stands_alone(text, outer.pos, start):
            found.append((outer, end, 0, para.index, False))
        stack.clear()
    return _build(text, paragraphs, found)


@dataclass(frozen=True, slots=True)
class _WholeText:
    index: int
    start: int
    end: int


def _marks(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """(offset, mark) of every quotation-mark candidate in ``text[start:end]``, outside markup tags."""
    marks = [(m.start(), m.group()) for m in _MARK_RE.finditer(text, start, end)]
    if marks and "<" in text[start:end]:
        tags = [(m.start(), m.end()) for m in _TAG_RE.finditer(text, start, end)]
        if tags:
            marks = [(pos, mk) for pos, mk in marks if not any(a < pos < b for a, b in tags)]
    return marks


def _step(
    text: str,
    pos: int,
    mark: str,
    pstart: int,
    pend: int,
    stack: list[_Open],
    found: list[_Found],
    para: int,
    marks: list[tuple[int, str]],
    i: int,
) -> None:
    """Handle one mark: open, close, or ignore it (apostrophes, strays)."""
    length = len(mark)
    ch = TWO_CHAR_MARKS.get(mark, mark)
    prev = text[pos - 1] if pos > pstart else " "
    nxt = text[pos + length] if pos + length < pend else " "
    left = prev.isspace() or prev in _OPENING_CHARS  # looks like an opening position
    right = nxt.isspace() or nxt in _CLOSING_FOLLOWERS  # looks like a closing position
    family = _FAMILY[ch]

    def close() -> bool:
        for k in range(len(stack) - 1, -1, -1):
            if stack[k].family == family:
                found.append((stack[k], pos, length, para, True))
                del stack[k:]
                return True
        return False

    def open_(alt: bool = False) -> None:
        stack.append(_Open(pos, mark, family, para, alt, length))

    def is_open(mark: str | None = None) -> _Open | None:
        for entry in reversed(stack):
            if entry.family == family and (mark is None or entry.mark == mark):
                return entry
        return None

    if ch == "“":
        top = is_open()
        if top is not None and (top.alt or (right and not left)):
            close()  # „…“ (German) or a sloppy “…“
        else:
            open_()
    elif ch == "”":
        if is_open() is not None:
            close()
        elif (left and not right) or pos == pstart:
            open_()  # ”…” (Swedish, or sloppy typing)
    elif ch == '"':
        top = is_open()
        if top is not None and not (top.mark not in ('"', "''") and left and not right):
            close()
        elif top is not None:
            open_()  # straight quotes nested in curly ones
        elif left or not right:
            open_()
        # else: a stray closing mark such as inches (6")
    elif ch == "„":
        open_(alt=True)
    elif ch in "‘‚":
        top = is_open()
        if ch == "‘" and top is not None and top.alt and not left:
            close()  # ‚…‘
        elif ch == "‚":
            if not nxt.isspace():
                open_(alt=True)
        elif (left or not prev.isalnum()) and not nxt.isdigit() and not nxt.isspace():
            open_()
    elif ch in "’'":
        if prev.isalnum() and nxt.isalnum():
            return  # We’re, don’t, Bachelet’s
        if left and nxt.isdigit():
            return  # ’90s
        top = is_open()
        if top is not None and not left and (right or not nxt.isalnum()):
            if prev in "sS" and nxt.isspace() and _later_closer(text, marks, i, pend):
                return  # students’ books … ’: a plural possessive before the real closing mark
            close()
        elif ch == "'" and left and nxt.isalpha() and not _ELISION_RE.match(text, pos + 1):
            open_()  # a straight single opening mark (or an elision like 'em: dropped if unclosed)
    elif ch in "«‹":
        top = is_open()
        if top is not None and top.alt and not left:
            close()
        else:
            open_()
    elif ch in "»›":
        top = is_open()
        if top is not None and not top.alt:
            close()
        elif left and not right:
            open_(alt=True)  # »…« (German, Danish)


_ELISION_RE = re.compile(r"(?:[Tt]is|[Tt]was|em|cause|til|n)\b(?!['’])")


def _later_closer(text: str, marks: list[tuple[int, str]], i: int, pend: int) -> bool:
    """Is there a later single closing mark in the paragraph (so this one may be an apostrophe)?"""
    after_space = marks[i][0] + 2
    if after_space >= pend or not text[after_space].islower():
        return False
    for pos, ch in marks[i + 1 :]:
        if ch in "’'":
            prev = text[pos - 1]
            nxt = text[pos + 1] if pos + 1 < pend else " "
            if not (prev.isalnum() and nxt.isalnum()) and not prev.isspace():
                return True
        elif ch in "‘":
            return False
    return False


def _first_char(text: str, start: int, end: int) -> int | None:
    for pos in range(start, min(end, start + 8)):
        if not text[pos].isspace():
            return pos
    return None


def _continues(ch: str, outer: _Open) -> bool:
    """Does a paragraph starting with ``ch`` continue the quote ``outer`` left open?"""
    if outer.mark == "„":
        return ch == "„"
    # The same style as the opening mark: a paragraph opening with “ after one opened with " is
    # more likely a new quote after a stray mark than a continuation.
    return ch == outer.mark


def _stands_alone(text: str, pos: int, pstart: int) -> bool:
    """An unclosed quote is kept (to the paragraph end) only if it opens the paragraph or follows ':'."""
    before = text[pstart:pos].rstrip()
    return before == "" or before.endswith(":")


def _build(text: str, paragraphs: Sequence[_Para], found: list[_Found]) -> list[QuoteSpan]:
    items = []
    for opener, close_pos, close_len, last_para, closed in found:
        start = opener.pos + opener.length
        end = close_pos
        outer_end = close_pos + close_len
        if end <= start or not text[start:end].strip():
            continue
        items.append((opener.pos, -outer_end, start, end, outer_end, opener, last_para, closed))
    items.sort()
    spans: list[QuoteSpan] = []
    parents: list[int] = []  # indexes of the open ancestors, outermost first
    for outer_start, _neg, start, end, outer_end, opener, last_para, closed in items:
        while parents and spans[parents[-1]].outer_end <= outer_start:
            parents.pop()
        parent = spans[parents[-1]] if parents else None
        if parent is not None and outer_end > parent.end:
            continue  # overlaps its parent's closing mark: inconsistent, drop it
        para = _paragraph_of(paragraphs, outer_start)
        spans.append(
            QuoteSpan(
                start=start,
                end=end,
                outer_start=outer_start,
                outer_end=outer_end,
                paragraph=para.index,
                kind=_kind(text, outer_start, outer_end, start, end, parent.start if parent else para.start),
                nested_in=parents[-1] if parents else None,
                mark=opener.mark,
                last_paragraph=last_para,
                closed=closed,
                title=looks_like_title(text[start:end])
                or _is_nickname(text, outer_start, outer_end)
                or _is_named(text, outer_start, start, end)
                or _is_work_title(text, outer_start, outer_end, start, end),
            )
        )
        parents.append(len(spans) - 1)
    prev = None  # the last top-level span
    for i, span in enumerate(spans):
        if span.nested_in is not None:
            continue
        if span.kind == "partial" and prev is not None and prev.kind == "direct" and _resumes(
            text, prev, span
        ):
            span = spans[i] = replace(span, kind="direct")
        prev = span
    return spans


def _paragraph_of(paragraphs: Sequence[_Para], offset: int) -> _Para:
    lo, hi = 0, len(paragraphs) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if paragraphs[mid].start <= offset:
            lo = mid
        else:
            hi = mid - 1
    return paragraphs[lo]


_WORD_RE = re.compile(r"\w+(?:['’]\w+)*")


def _kind(text: str, outer_start: int, outer_end: int, start: int, end: int, context_start: int) -> str:
    """``direct`` for a full quoted statement, ``partial`` for a fragment in the outlet's sentence."""
    inner = text[start:end].strip()
    before = text[max(context_start, outer_start - 200) : outer_start].rstrip()
    last = before[-1] if before else ""
    first_alpha = next((c for c in inner if c.isalpha()), "")
    upper = first_alpha.isupper() or inner.startswith(("…", "...", "—", "-"))
    words = len(_WORD_RE.findall(inner))
    terminal = inner[-1:] in (".", "!", "?", ",", "…", "—", "-")
    if not terminal and last not in ":" and _continues_lowercase(text, outer_end):
        return "partial"  # the outlet's sentence goes on: that, “Of course he will defend himself” against …
    if words <= 2 and inner[-1:] not in ".!?" and not _SPEECH_VERB_RE.search(text, outer_end, outer_end + 60):
        return "partial"  # “Parasite,” the Korean satire …: a name or a word, not a statement
    if not before or last in _SENTENCE_END or (last in "”’\"'»" and before[-2:-1] in _SENTENCE_END):
        return "direct" if upper or words >= 4 else "partial"
    if last == ":":
        return "direct"
    if last in ",;—–(":
        return "direct" if upper else "partial"
    if upper and terminal and words >= 4 and inner[-1:] != ",":
        return "direct"
    return "partial"


def _continues_lowercase(text: str, pos: int) -> bool:
    """Does the sentence go on after ``pos`` with a lowercase word (not a speech verb's subject)?"""
    m = _NEXT_WORD_RE.match(text, pos)
    return m is not None and m.group(1)[0].islower() and m.group(1) not in _AFTER_QUOTE_SUBJECTS


_NEXT_WORD_RE = re.compile(r"[ \t]+([^\W\d_][\w’'-]*)")
_AFTER_QUOTE_SUBJECTS = frozenset("he she they we i it said says say asked added wrote told".split())


# A short attribution between two parts of one quote: “…,” Abrams said. “…” / “…,” said Abrams, “…”
_SPEECH_VERB_RE = re.compile(
    r"(?<![\w’'-])(?:said|says|say|told|tells|added|adds|asked|asks|wrote|writes|continued|continues|"
    r"explained|explains|noted|notes|argued|argues|insisted|insists|recalled|recalls|replied|replies|"
    r"responded|declared|stated|states|warned|warns|concluded|concludes|remarked|observed|admitted|"
    r"acknowledged|conceded|countered|quipped|joked|tweeted|posted|according\s+to|adding|saying|noting|"
    r"asking|telling|explaining|arguing|insisting|warning|suggesting|referring|calling|before|after|"
    r"shouted|yelled|cried|exclaimed|whispered|pleaded|announced|emphasized|stressed|predicted|"
    r"promised|complained|boasted|claimed|demanded|suggested|cautioned|mused|testified|reported|"
    r"shot\s+back|chimed\s+in|went\s+on|pointed\s+out)"
    r"(?![\w’'-])",
    re.IGNORECASE,
)
_ABBREV_DOT_RE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|Sens?|Reps?|Gov|Gen|Lt|Col|Capt|Sgt|St|Jr|Sr|Rev|Hon|Del|Atty|Amb|Adm|Cmdr|Pres|"
    r"Supt|Msgr|Fr|Jan|Feb|Mar|Apr|Jun|Jul|"
    r"Aug|Sept?|Oct|Nov|Dec|Inc|Corp|Co|Ltd|No|[A-Z])\.|\b(?:[A-Za-z]\.){2,}"
)


_NEW_SENTENCE_RE = re.compile(r"[.!?]\s+[A-Z]")


def group_interrupted(
    text: str,
    spans: Sequence[QuoteSpan],
    cue_re: re.Pattern[str] | None = None,
    across_sentences: bool = True,
) -> list[tuple[int, ...]]:
    """Group top-level spans that are parts of one quote interrupted by a short attribution.

    “My name may not be on the ballot,” Mr. Obama said. “Tolerance is on the ballot.” is one
    statement in two parts; annotation schemes (PARC, PolNeAR) mark it as one content span from
    the first mark to the last. Returns tuples of indexes into ``spans`` (singletons included),
    in order; nested spans are left out. ``cue_re`` finds attribution cues in the text between
    the parts (default: common speech verbs); exactly one cue must be there, and nothing else that
    looks like a second sentence.
    """
    cue_re = cue_re or _SPEECH_VERB_RE
    tops = [i for i, span in enumerate(spans) if span.nested_in is None]
    groups: list[tuple[int, ...]] = []
    k = 0
    while k < len(tops):
        group = [tops[k]]
        current = spans[tops[k]]
        j = k + 1
        while j < len(tops):
            step = _next_part(text, spans, tops, j, current, cue_re, across_sentences)
            if step is None:
                break
            group.extend(tops[j : j + step])
            current = spans[tops[j + step - 1]]
            j += step
        groups.append(tuple(group))
        k = j
    return groups


def _next_part(
    text: str,
    spans: Sequence[QuoteSpan],
    tops: list[int],
    j: int,
    a: QuoteSpan,
    cue_re: re.Pattern[str],
    across_sentences: bool = True,
) -> int | None:
    """How many spans from ``tops[j]`` on join ``a``'s group: the next part, possibly after one or
    two short quoted names in the attribution (Marcia "Cia" Price; on “Fox and Friends.”)."""
    for skip in range(3):
        if j + skip >= len(tops):
            return None
        between_spans = [spans[tops[x]] for x in range(j, j + skip)]
        if any(not (s.title or len(_WORD_RE.findall(s.inner(text))) <= 3) for s in between_spans):
            return None
        if _continues_after_attribution(
            text, a, spans[tops[j + skip]], cue_re, between_spans, across_sentences
        ):
            return skip + 1
    return None


def _continues_after_attribution(
    text: str,
    a: QuoteSpan,
    b: QuoteSpan,
    cue_re: re.Pattern[str],
    inside: Sequence[QuoteSpan] = (),
    across_sentences: bool = True,
) -> bool:
    if a.kind != "direct" or not a.closed or a.last_paragraph != b.paragraph:
        return False
    last = text[a.start : a.end].rstrip().rstrip("\"'“”‘’«»")[-1:]
    if last not in (",", "?", "!", "—", "–", "…", "-"):
        return False  # a full stop ends the statement: what follows is a new one
    between = text[a.outer_end : b.outer_start]
    for s in inside:  # blank out the marks of short quoted names inside the attribution
        for lo, hi in ((s.outer_start, s.start), (s.end, s.outer_end)):
            between = between[: lo - a.outer_end] + " " * (hi - lo) + between[hi - a.outer_end :]
    if len(between) > 240 or (not between[:1].isspace() and between[:1] not in ","):
        return False
    if any(ch in between for ch in '"“”«»„\n'):
        return False
    core = between.strip()
    if not core or core[-1] not in ",.:—–":
        return False
    if _sentence_goes_on(text, b):
        return False  # “…,” she said. “You squeezed employees” to drive up …: the outlet's sentence
    # “…,” he said, referring to the treaty. “…”: a gloss on the attribution, not a second cue
    gloss = _GLOSS_PARTICIPLE_RE.search(core, 0, len(core) - 1)
    head = core[: gloss.start()] + core[-1] if gloss else core
    if len(head) > 160:
        return False
    cues = [m for m in cue_re.finditer(head) if m.group().lower() not in ("before", "after")]
    # any verb right after the closing mark and its comma, then a name: “…,” remembers Shanna
    # Challenger, … (the lexicon cannot list every verb of saying a writer reaches for)
    if len(cues) != 1 and not (not cues and _INVERTED_ANY_VERB_RE.match(head)):
        return False
    if _SECOND_ACT_RE.search(head):
        return False  # “…,” Blige sings to Clinton before asking her, “…”: a second speech act
    masked = _ABBREV_DOT_RE.sub("Abbrev", core[:-1])
    if ";" in masked or _NEW_SENTENCE_RE.search(masked):
        return False  # a second sentence in between: “…,” he said after the meeting. The summit …
    inner_b = text[b.start : b.end].strip()
    if inner_b[-1:] == ",":
        return False  # “A,” she said. “B,” she added: B has an attribution of its own
    first_alpha = next((c for c in inner_b if c.isalpha()), "")
    if not across_sentences:  # only “A,” he said, “b …”: one sentence split by its attribution
        return core[-1] == "," and not first_alpha.isupper()
    return not (core[-1] == "." and first_alpha.islower())


# A participial clause after the attribution that only glosses it ("…,” he said, referring to …),
# unlike one that brings new words ("adding", "saying", "noting").
_GLOSS_PARTICIPLE_RE = re.compile(
    r",\s+(?!(?:adding|saying|noting|asking|telling|explaining|arguing|insisting|warning|suggesting|calling|"
    r"continuing|writing|tweeting|declaring|stating|replying|responding|answering|urging|going|turning|"
    r"pointing|returning|moving|switching)\b)[a-z]+ing\b[^\n]*$"
)


_SECOND_ACT_RE = re.compile(r"\b(?:before|after|while|then|by)\s+[a-z]+ing\b|\b(?:going|went)\s+on\s+to\b")
_INVERTED_ANY_VERB_RE = re.compile(r"[a-z]{3,}(?:s|ed)\s+(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?[A-Z][\w’'-]+")


def _sentence_goes_on(text: str, b: QuoteSpan) -> bool:
    """Does the outlet's sentence go on after quotation ``b`` (a fragment, not a continuation)?"""
    inner = text[b.start : b.end].rstrip()
    return inner[-1:] not in (".", "!", "?", ",", "…", "—", "–", "-", ";", ":") and _continues_lowercase(
        text, b.outer_end
    )


_THAT_RE = re.compile(r"\s*(?:[^,;:“”\"«».!?]{0,60}?\s)?that,?\s+")
_LEAD_RE = re.compile(r"[\s,:;—–-]*")
_TRAIL_PUNCT = " \t\n,.;:!?—–-"
_DAYS = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tonight|last|earlier|later"
# After the quote: an adjunct of the reporting verb (when, where) or a second verb phrase of the
# speaker's (… “a disgrace” Wednesday on …; … “resolutely opposed” and warned North Korea …).
_AFTER_QUOTE_BREAK_RE = re.compile(
    rf"\s+(?:(?:{_DAYS})\b|(?:during|while|at\s+(?:a|an|the)|in\s+an?\s+(?:interview|statement|speech|tweet))\b|"
    r"and\s+(?:also\s+)?(?:[a-z]+ed|says|said|adds|added|called|urged|warned|told)\b|"
    # … call them “lone wolves” and describe their actions …: a second verb with its own object
    r"and\s+(?:also\s+)?(?!(?:that|whether|if|how|what|why|when|where|who|because|then|so|not|in|on|at|to|of|"
    r"for|with|from|by|as)\b)[a-z]+\s+(?:the|a|an|their|his|her|its|them|him|it|our|my)\s)"
)
_SECOND_VERB_RE = re.compile(
    r"\s+and\s+(?:also\s+)?(?:warned|urged|called|said|added|told|vowed|asked|accused)\b"
)
# After a quote that ends with a comma: a new clause ("After saying her foot was “so swollen,”
# she was taken to hospital"), unless its verb attributes the quote ("…,” she said).
_AFTER_COMMA_BREAK_RE = re.compile(
    r"\s+(?:although|though|but|while|whereas|which|who)\b|"
    r"\s+(?:he|she|they|we|I|it)\s+(?!(?:said|says|say|added|adds|told|tells|wrote|writes|asked|noted|"
    r"explained|argued|insisted|continued|recalled|replied|warned|declared|stated|claimed)\b)[a-z]+"
)
_CLAUSE_BREAK_RE = re.compile(
    r"(?:,|\s[—–]|\s--)\s+(?:although|though|but|while|whereas|which|who|according|after|before|"
    r"when|even\s+as|as\s+(?:he|she|they|it|the)|and\s+(?:he|she|they|the\s+\w+)\s+(?:said|added|says)|"
    r"citing|meaning|implicitly|adding|saying|noting|calling|urging|and\s+(?:he|she|they|it)\s+\w+)\b"
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
            comma = text.find(",", c_end, q_start)  # according to X, [the move reeks of “fear”]
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
        comma = text.rfind(",", q_end - 2, c_start)
        end = comma if comma >= q_end - 2 else c_start
        if end < q_end:
            end = q_end
    while end > q_end and text[end - 1] in _TRAIL_PUNCT:
        end -= 1
    start = min(start, q_start)
    end = max(end, q_end)
    return start, end


_MINOR_WORDS = frozenset(
    "a an and as at but by for from in into is it nor of on or per so than the to up vs via with".split()
)
_TITLE_WORD_RE = re.compile(r"[^\W_][\w’'.&-]*")


def looks_like_title(inner: str) -> bool:
    """Is a quoted text a name or title (“Fox News Sunday”, “The Steve Harvey Morning Show,”, a
    subhead like 'All Bets Are Off.') rather than words someone said? Every word is capitalised
    except short function words, and it is two to eight words long."""
    words = _TITLE_WORD_RE.findall(inner)
    if len(words) < 2 or len(words) > 8:
        return False  # one capitalised word ("Prosecute") is as likely a quoted word
    if not (words[0][0].isupper() or words[0][0].isdigit()):
        return False
    significant = [w for w in words if w.lower() not in _MINOR_WORDS]
    return bool(significant) and all(w[0].isupper() or w[0].isdigit() for w in significant)


_NAME_BEFORE_RE = re.compile(r"(?:[A-Z][a-z]+|[A-Z]\.)\s+$")  # a first name or an initial
_NAME_AFTER_RE = re.compile(r"\s+[A-Z][\w-]+(?![\w’'-]|\s+[A-Z])")  # the surname ends the name


def _is_nickname(text: str, outer_start: int, outer_end: int) -> bool:
    """A quoted nickname inside a name: Rep. Robert C. "Bobby" Scott, Marcia "Cia" Price."""
    inner = text[outer_start + 1 : outer_end - 1].strip()
    if not inner[:1].isupper() or len(inner.split()) > 2:
        return False
    return bool(
        _NAME_BEFORE_RE.search(text, max(0, outer_start - 30), outer_start)
        and _NAME_AFTER_RE.match(text, outer_end)
    )


# Cues that can introduce a partly quoted statement: speech verbs, plus the verbs of naming and
# judging that carry someone's words (called it a “disgrace”, described as “unhinged”).
_CLAUSE_CUE_RE = re.compile(
    r"(?<![\w’'-])(?:say|says|said|saying|tell|tells|told|telling|add|adds|added|adding|"
    r"write|writes|wrote|writing|ask|asks|asked|asking|argue[sd]?|arguing|claim(?:s|ed|ing)?|"
    r"insist(?:s|ed|ing)?|warn(?:s|ed|ing)?|note[sd]?|noting|explain(?:s|ed|ing)?|declare[sd]?|"
    r"state[sd]|stating|announce[sd]?|announcing|report(?:s|ed|ing)?|tweet(?:s|ed|ing)?|"
    r"post(?:s|ed)|predict(?:s|ed|ing)?|promise[sd]?|promising|pledge[sd]?|pledging|vow(?:s|ed|ing)?|"
    r"suggest(?:s|ed|ing)?|allege[sd]?|alleging|admit(?:s|ted|ting)?|acknowledge[sd]?|"
    r"concede[sd]?|conclude[sd]?|recall(?:s|ed|ing)?|repl(?:y|ies|ied)|respond(?:s|ed)?|"
    r"complain(?:s|ed|ing)?|boast(?:s|ed|ing)?|deny|denies|denied|denying|confirm(?:s|ed)?|"
    r"urge[sd]?|urging|demand(?:s|ed)?|estimate[sd]?|find|finds|found|show(?:s|ed)?|"
    r"call(?:s|ed|ing)?|dub(?:s|bed)|label(?:s|ed|led)|brand(?:s|ed)|describe[sd]?|describing|"
    r"characteri[sz]e[sd]?|term(?:s|ed)|accuse[sd]?|accusing|blast(?:s|ed)|slam(?:s|med)|"
    r"prais(?:e|es|ed)|hail(?:s|ed)|liken(?:s|ed)|compare[sd]|decr(?:y|ies|ied)|denounce[sd]?|"
    r"criticiz(?:e|es|ed)|criticis(?:e|es|ed)|mock(?:s|ed)|ridicule[sd]|proclaim(?:s|ed)|"
    r"tout(?:s|ed)|cite[sd]?|citing|quote[sd]?|express(?:es|ed|ing)|condemn(?:s|ed)?|laud(?:s|ed)|"
    r"exhort(?:s|ed)|encourag(?:e|es|ed)|implor(?:e|es|ed)|assur(?:e|es|ed)|remind(?:s|ed)|"
    r"caution(?:s|ed)|dismiss(?:es|ed)|reject(?:s|ed)|blame[sd]?|attack(?:s|ed)|"
    r"assert(?:s|ed|ing)?|stress(?:es|ed|ing)|emphasi[sz](?:e|es|ed|ing)|chant(?:s|ed|ing)|"
    r"referenc(?:e|es|ed|ing)|ruled|rules\s+that|"
    r"known\s+as|put\s+it|according\s+to)"
    r"(?![\w’'-])",
    re.IGNORECASE,
)


_NAME_COLON_RE = re.compile(r"\s*[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}:")


@dataclass(frozen=True, slots=True)
class QuoteItem:
    """What the engine reports as one quote, built from one or more quotation spans."""

    start: int  # inner text of one span; first part to last part of an interrupted quote;
    end: int  # or the reported clause around quoted fragments (``clause``)
    kind: str  # "direct" or "partial"
    parts: tuple[int, ...]  # indexes into the spans list, in order
    paragraph: int
    clause: bool = False  # start:end is the reported clause: Trump said [he was “totally against” it]
    cue: tuple[int, int] | None = None  # the cue the clause was cut at, for a clause


def quote_items(
    text: str,
    spans: Sequence[QuoteSpan],
    sentences: Sequence[Any],
    cue_re: re.Pattern[str] | None = None,
    *,
    merge_interrupted: bool = True,
    clauses: bool = True,
    double_apostrophes: bool = False,
    merge_across_sentences: bool = True,
) -> list[QuoteItem]:
    """The quotes to report, as annotators of attribution (PARC, PolNeAR) and journalists count them.

    - A quote split by a short attribution (“…,” she said. “…”) is one item (``group_interrupted``).
    - A quoted fragment inside a reported clause (Trump said [he was “totally against the war”]) is
      one item spanning the clause (``reported_clause``); several fragments in one clause share it.
    - A quoted fragment with no cue in its sentence (a scare quote: a so-called “reform”) and a
      quoted name or title (“Morning Joe”) are not quotes: no item.
    - Nested quotes stay inside their parent's item (see ``parts`` and ``QuoteSpan.nested_in``).

    ``sentences`` are ``segment.sentences`` (objects with ``start``/``end``); ``cue_re`` finds the
    cues of partly quoted statements (default: speech verbs and verbs like "called", "described").
    ``merge_across_sentences=False`` merges only a sentence split by its attribution (“A,” he said,
    “b …”), keeping “A,” he said. “B.” as two quotes, as a journalist counts them.
    ``merge_interrupted=False`` and ``clauses=False`` give one item per quotation passage instead
    (the fragment alone, still dropped when nothing in its sentence attributes it).
    Passages in `` … '' marks (Penn Treebank text) are quotes: `` is a quotation mark and nothing
    else. Passages in '' … '' marks (the NYT archive) are listed only with
    ``double_apostrophes=True`` (``Article.apostrophe_quotes``, ``--apostrophe-quotes``): annotated
    corpora such as PolNeAR do not take '' for a quotation mark and label those passages not
    direct, so listing them cost 0.05 direct-quote F1 on polnear-dev (measured).
    """
    cue_re = cue_re or _CLAUSE_CUE_RE
    sents = sorted(sentences, key=lambda s: s.start)
    starts = [s.start for s in sents]
    items: list[QuoteItem] = []
    groups = (
        group_interrupted(text, spans, across_sentences=merge_across_sentences)
        if merge_interrupted
        else [(i,) for i, span in enumerate(spans) if span.nested_in is None]
    )
    for group in groups:
        first, last = spans[group[0]], spans[group[-1]]
        if len(group) == 1 and first.title and not _in_headline(text, first):
            continue  # a name or title; in a Title Case headline every fragment looks like one
        if not double_apostrophes and first.mark == APOSTROPHE_MARK:
            continue
        if first.kind == "direct" or len(group) > 1:
            items.append(QuoteItem(first.start, last.end, "direct", group, first.paragraph))
            continue
        k = bisect_right(starts, first.outer_start) - 1
        if k < 0 or sents[k].end <= first.outer_start:
            continue
        s_start, s_end = sents[k].start, min(sents[k].end, max(sents[k].end, first.outer_end))
        cue = _clause_cue(text, s_start, s_end, first, cue_re)
        if cue is None:
            continue  # no one says it in this sentence: a scare quote, not a quote
        if not clauses:
            items.append(QuoteItem(first.start, first.end, "partial", group, first.paragraph, False, cue))
            continue
        start, end = reported_clause(text, (s_start, s_end), (first.outer_start, first.outer_end), cue)
        prev = items[-1] if items else None
        if (
            prev is not None
            and prev.clause
            and prev.start <= start < prev.end <= first.outer_start
            and text[prev.end - 2 : prev.end - 1] == ","
        ):
            # After saying her foot was “so swollen,” [she was “whisked off” …]: the clause before
            # ended at its own fragment; this one starts after it
            start = _LEAD_RE.match(text, prev.end, first.outer_start).end()  # type: ignore[union-attr]
            start = min(start, first.outer_start)
        if prev is not None and prev.clause and prev.start <= start < prev.end:
            # the later fragment knows better where the clause stops: Trump tweeted that she was
            # “disgusting” and “a con” [and encouraged …]
            merged = prev.parts + group
            items[-1] = QuoteItem(
                prev.start, max(end, last.outer_end), "partial", merged, prev.paragraph, True, prev.cue
            )
            continue
        items.append(QuoteItem(start, end, "partial", group, first.paragraph, True, cue))
    return items


_LONG_WORD_RE = re.compile(r"[^\W\d_][\w’'-]{3,}")


def _in_headline(text: str, span: QuoteSpan) -> bool:
    """Is ``span`` in the article's first line, written in Title Case ("Chris Christie Calls
    Hillary Clinton ‘A Disgrace’ Over Police Shooting Comments")?"""
    if span.paragraph > 1:
        return False
    line_start = text.rfind("\n", 0, span.outer_start) + 1
    if text[:line_start].strip():
        return False
    line_end = text.find("\n", span.outer_end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    words = _LONG_WORD_RE.findall(line)
    return 3 <= len(words) <= 30 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


_RESUME_GAP_RE = re.compile(r",?[ \t]+[^.!?;:“”\"«»\n]{1,80},[ \t]*")


def _resumes(text: str, before: QuoteSpan, span: QuoteSpan) -> bool:
    """Does ``span`` carry on the direct quote ``before`` after an attribution that interrupts one
    sentence (“With a little bit of help,” Challenger says, “nature can recover.”)? Then it is
    direct too, whatever the verb, and reported as its own words, not as a reported clause."""
    if not before.closed or before.last_paragraph != span.paragraph:
        return False
    if text[before.start : before.end].rstrip()[-1:] not in (",", "—", "–"):
        return False
    gap = _RESUME_GAP_RE.fullmatch(text, before.outer_end, span.outer_start)
    return gap is not None and len(gap.group().split()) <= 8


def _clause_cue(
    text: str, s_start: int, s_end: int, span: QuoteSpan, cue_re: re.Pattern[str]
) -> tuple[int, int] | None:
    """The cue of a partly quoted statement: the nearest before the quote, else one after it that
    follows a comma (“…,” Bachelet’s report said), else none."""
    colon = _NAME_COLON_RE.match(text, s_start, span.outer_start)
    if colon is not None:
        # Elliott Abrams: U.S. Won’t ‘Prosecute’ Maduro / Rush Limbaugh: Hillary Asking … ‘Reeks of
        # Fear’: the name and colon that open the sentence own all of it, a verb after them included
        return (colon.end() - 1, colon.end())
    before = None
    outer = None
    headline = None
    for m in cue_re.finditer(text, s_start, span.outer_start):
        if m.group()[:1].isupper() and m.start() > s_start:
            # "the journal Tropical Medicine Reports": a capitalised word inside a sentence is a
            # name, except in a Title Case headline ("Christie Calls …")
            headline = _in_headline(text, span) if headline is None else headline
            if not headline:
                continue
        outer = before if outer is None else outer
        before = (m.start(), m.end())
    if (
        before is not None
        and outer is not None
        and _WHAT_BEFORE_CUE_RE.search(text, max(s_start, before[0] - 40), before[0])
    ):
        # "Clinton says she admired their courage through what she calls a “war of words”": the
        # fragment is named inside the statement of the cue before it, which reports it
        return outer
    if before is not None:
        return before
    m = cue_re.search(text, span.outer_end, s_end)
    if m is None or "," not in text[span.outer_end - 2 : m.start()]:
        return None
    # The attribution closes the sentence (“…,” Bachelet’s report said.), it does not start a new
    # clause (“Arrogant,” features a New York Times report from … that …).
    if _tail_words(text, m.end(), s_end) > 12:
        return None
    return (m.start(), m.end())


def _tail_words(text: str, start: int, end: int) -> int:
    """Words from ``start`` to the end of the sentence or the next comma."""
    stop = text.find(",", start, end)
    return len(_WORD_RE.findall(text[start : stop if stop >= 0 else end]))


# The kind of work a quoted title names, just before it (thriller “Parasite”, the film 'Joker'),
# or the role of a person just after it (“Parasite” director Bong Joon Ho, the “Fleabag” creator).
_WORK_BEFORE_RE = re.compile(
    r"\b(?:film|films|movie|movies|thriller|drama|dramas|comedy|comedies|satire|biopic|documentary|"
    r"series|show|shows|sitcom|soap|musical|opera|play|novel|book|books|memoir|biography|album|song|single|"
    r"track|hit|anthem|poem|painting|exhibition|episode|podcast|programme|program|game|franchise|"
    r"sequel|remake|adaptation|blockbuster|epic|western|horror|romance|cartoon|anime|column|essay|"
    r"magazine|newspaper|headline|slogan|campaign|hashtag|brand|app|titled|entitled|called|named|dubbed)"
    r"[\s,]+$",
    re.IGNORECASE,
)
_ROLE_AFTER_RE = re.compile(
    r"\s+(?:co-)?(?:director|directors|creator|creators|star|stars|actor|actress|actors|cast|author|writer|"
    r"writers|producer|producers|showrunner|singer|host|hosts|composer|screenwriter|filmmaker|novelist|"
    r"fans|franchise|sequel|premiere|trailer|team|crew|campaign|hashtag)\b"
)


def _is_work_title(text: str, outer_start: int, outer_end: int, start: int, end: int) -> bool:
    """The title of a work or a name, not words anyone said: South Korean thriller “Parasite”,
    “Parasite” director Bong Joon Ho, a role in the film 'Joker'. A short capitalised phrase
    (at most six words, no full stop inside) with the work's kind before it or a role after it."""
    inner = text[start:end].strip().rstrip(",.!?")
    if not inner[:1].isupper() and not inner[:1].isdigit():
        return False
    if len(inner.split()) > 6 or any(ch in inner for ch in ".!?;:"):
        return False
    return bool(
        _WORK_BEFORE_RE.search(text, max(0, outer_start - 30), outer_start)
        or _ROLE_AFTER_RE.match(text, outer_end)
    )


_NAMING_BEFORE_RE = re.compile(r"\b(?:titled|entitled|headlined|named|nicknamed|known\s+as|so-called)\s+$")


def _is_named(text: str, outer_start: int, start: int, end: int) -> bool:
    """A name given to something: a spot titled “Arrogant,”, a group named “Friends of X”."""
    before = _NAMING_BEFORE_RE.search(text, max(0, outer_start - 20), outer_start)
    if before is None:
        return False
    inner = text[start:end].strip()
    return inner[:1].isupper() and len(inner.split()) <= 6
