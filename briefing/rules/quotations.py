"""How the engine reads a quotation span: a full quoted statement or a fragment, words or a title.

:func:`find_quote_spans` pairs the marks (``briefing.text.quotes``) and classifies every span:

- ``kind``: ``direct`` (a full quoted statement: “…,” Abrams said. / Abrams said: “…”) or
  ``partial`` (a fragment inside the outlet's own sentence: a “dignified exit”);
- ``title``: a name or title in quotes (“Fox News Sunday”, the thriller “Parasite”, Marcia “Cia”
  Price), not anyone's words.

Whether a span is attributed to anyone is decided later, by the attribution rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from briefing.rules import lexicon as lx
from briefing.text.quotes import QuoteSpan, paragraph_of, quotation_spans

_SENTENCE_END = frozenset(".!?…")


def find_quote_spans(text: str, paragraphs: Sequence) -> list[QuoteSpan]:
    """All quotation spans in ``text``, ordered by position (parents before the quotes they hold),
    each with its ``kind`` and ``title`` read. ``paragraphs`` are ``segment.paragraphs`` (when
    empty, the whole text is one paragraph)."""
    spans = quotation_spans(text, paragraphs)
    for i, span in enumerate(spans):
        parent = spans[span.nested_in] if span.nested_in is not None else None
        if parent is not None:
            context = parent.start
        else:
            context = paragraph_of(paragraphs, span.outer_start).start if paragraphs else 0
        s, e, os_, oe = span.start, span.end, span.outer_start, span.outer_end
        spans[i] = replace(
            span,
            kind=_kind(text, os_, oe, s, e, context),
            title=(e - s <= _KIND_WINDOW and looks_like_title(text[s:e]))  # a title is short
            or _is_nickname(text, os_, oe)
            or _is_named(text, os_, s, e)
            or _is_work_title(text, os_, oe, s, e),
        )
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


_WORD_RE = re.compile(r"\w+(?:['’]\w+)*")
_KIND_WINDOW = 400
_SHORT_NAME_CHARS = 200  # longer than any nickname or title of six words
_LETTER_RE = re.compile(r"[^\W\d_]")


def _kind(text: str, outer_start: int, outer_end: int, start: int, end: int, context_start: int) -> str:
    """``direct`` for a full quoted statement, ``partial`` for a fragment in the outlet's sentence.

    Reads at most :data:`_KIND_WINDOW` characters at each end of the passage: a page of nested or
    unbalanced marks makes thousands of long passages, and reading each whole was quadratic."""
    lo, hi = start, end
    while lo < hi and lo - start < _KIND_WINDOW and text[lo].isspace():
        lo += 1
    while hi > lo and end - hi < _KIND_WINDOW and text[hi - 1].isspace():
        hi -= 1
    head = text[lo : min(hi, lo + _KIND_WINDOW)]
    inner_last = text[hi - 1 : hi] if hi > lo else ""
    before = text[max(context_start, outer_start - 200) : outer_start].rstrip()
    last = before[-1] if before else ""
    letter = _LETTER_RE.search(head)
    first_alpha = letter.group() if letter else ""
    upper = first_alpha.isupper() or head.startswith(("…", "...", "—", "-"))
    words = len(_WORD_RE.findall(head))  # only "2 or fewer" and "4 or more" matter
    terminal = inner_last in (".", "!", "?", ",", "…", "—", "-")
    if not terminal and last not in ":" and _continues_lowercase(text, outer_end):
        return "partial"  # the outlet's sentence goes on: that, “Of course he will defend himself” against …
    if words <= 2 and inner_last not in ".!?" and not _SPEECH_VERB_RE.search(text, outer_end, outer_end + 60):
        return "partial"  # “Parasite,” the Korean satire …: a name or a word, not a statement
    if not before or last in _SENTENCE_END or (last in "”’\"'»" and before[-2:-1] in _SENTENCE_END):
        return "direct" if upper or words >= 4 else "partial"
    if last == ":":
        return "direct"
    if last in ",;—–(":
        return "direct" if upper else "partial"
    if upper and terminal and words >= 4 and inner_last != ",":
        return "direct"
    return "partial"


def _continues_lowercase(text: str, pos: int) -> bool:
    """Does the sentence go on after ``pos`` with a lowercase word (not a speech verb's subject)?"""
    m = _NEXT_WORD_RE.match(text, pos)
    return m is not None and m.group(1)[0].islower() and m.group(1) not in _AFTER_QUOTE_SUBJECTS


_NEXT_WORD_RE = re.compile(r"[ \t]+([^\W\d_][\w’'-]*)")
_AFTER_QUOTE_SUBJECTS = frozenset("he she they we i it".split()) | lx.forms("after-quote-subject")


# A short attribution between two parts of one quote: “…,” Abrams said. “…” / “…,” said Abrams, “…”
_SPEECH_VERB_RE = re.compile(
    rf"(?<![\w’'-])(?:{lx.alternation(lx.forms('interrupts-quote'))}|before|after)(?![\w’'-])",
    re.IGNORECASE,
)
_ABBREV_DOT_RE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|Sens?|Reps?|Gov|Gen|Lt|Col|Capt|Sgt|St|Jr|Sr|Rev|Hon|Del|Atty|Amb|Adm|Cmdr|Pres|"
    r"Supt|Msgr|Fr|Jan|Feb|Mar|Apr|Jun|Jul|"
    r"Aug|Sept?|Oct|Nov|Dec|Inc|Corp|Co|Ltd|No|[A-Z])\.|\b(?:[A-Za-z]\.){2,}"
)


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
    if outer_end - outer_start > _SHORT_NAME_CHARS:
        return False  # two words at most: a long passage is not read
    inner = text[outer_start + 1 : outer_end - 1].strip()
    if not inner[:1].isupper() or len(inner.split()) > 2:
        return False
    return bool(
        _NAME_BEFORE_RE.search(text, max(0, outer_start - 30), outer_start)
        and _NAME_AFTER_RE.match(text, outer_end)
    )


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
    if end - start > _SHORT_NAME_CHARS:
        return False  # six words at most: a long passage is not read
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
