"""What one chunk's answer is checked against: the article, the chunk's paragraphs, the quote
candidates and the known actors, and how the model's words are found in them (:meth:`Grounds.locate`,
:meth:`Grounds.clause` for a statement pointed at by its first and last words)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefing.schema import Grounding, Paragraph
from briefing.text.grounding import Alignment, align

if TYPE_CHECKING:
    from briefing.llm.response import Statement

_GROUNDING_ORDER = list(Grounding)  # best first: a span is as weak as its weaker anchor
ANCHOR_MAX_WORDS = 12  # "the first 3-6 words": a whole sentence as an anchor is a copy again


@dataclass
class Grounds:
    """What one chunk's answer is checked against, and the attempt counter the engine advances.

    ``attempt`` is advanced by an instructor hook once per answer received; on the final attempt
    (``attempt >= max_attempts``) the checks drop failing items instead of raising.
    """

    text: str  # the whole article text
    paragraphs: list[Paragraph]  # the paragraphs of this chunk
    candidates: dict[str, tuple[int, int]]  # candidate quote id -> (start, end)
    actor_ids: frozenset[str]  # known actor ids (from the rules engine)
    actor_names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # known id -> name, aliases
    speakers: dict[str, str] = field(default_factory=dict)  # candidate id -> the rules' speaker id
    max_attempts: int = 1
    attempt: int = 0

    @property
    def final(self) -> bool:
        return self.attempt >= self.max_attempts

    @property
    def start(self) -> int:
        return self.paragraphs[0].start if self.paragraphs else 0

    @property
    def end(self) -> int:
        return self.paragraphs[-1].end if self.paragraphs else len(self.text)

    def named_near(self, names: list[str] | tuple[str, ...], offset: int) -> bool:
        """Is one of ``names`` (or a person's surname) written in the paragraph holding ``offset``
        or in the two before it? A speaker is named near their words, if not at them."""
        holding = [p for p in self.paragraphs if p.start <= offset] or self.paragraphs[:1]
        if not holding:
            return True
        number = holding[-1].index
        window = [p for p in self.paragraphs if number - 2 <= p.index <= number]
        haystack = _fold(self.text[window[0].start : window[-1].end])
        for name in names:
            folded = _fold(name).strip()
            candidates = {folded}
            words = folded.split()
            if len(words) > 1 and len(words[-1]) >= 4:
                candidates.add(words[-1])
            if any(c and re.search(r"(?<!\w)" + re.escape(c) + r"(?!\w)", haystack) for c in candidates):
                return True
        return False

    def cue_near(self, cue: str, start: int, end: int) -> bool:
        """Is ``cue`` written within the sentence-sized neighbourhood of ``text[start:end]``, and
        outside it? The reporting verb introduces the reported words; a verb among them ("as he
        speaks" in a photo caption) does not make them reported speech."""
        before = self.text[max(self.start, start - 150) : start]
        after = self.text[end : min(self.end, end + 150)]
        return any(align(side, cue, fuzzy=False) is not None for side in (before, after))

    def clause(self, st: Statement) -> tuple[Alignment | None, str]:
        """Ground a statement: the span from its ``starts`` words to the end of its ``ends`` words,
        within its paragraph (the chunk when none is given), or its copied ``text``. Returns the
        span, or None and what the re-ask should tell the model."""
        para = self.paragraph(st.paragraph) if st.paragraph is not None else None
        if st.paragraph is not None and para is None:
            return None, f"p{st.paragraph} is not a paragraph of this text"
        start, end = (para.start, para.end) if para else (self.start, self.end)
        where = f"p{st.paragraph}" if para else "the article"
        if not st.starts:
            if st.text:
                found = self.locate(st.text, start, end)
                if found is None:
                    return None, f"is not in {where}; copy the reported words exactly or remove the statement"
                return found, ""
            return None, "gives no words; give the clause's first words (starts) and last words (ends)"
        for name, words in (("starts", st.starts), ("ends", st.ends)):
            if words and len(words.split()) > ANCHOR_MAX_WORDS and (name == "ends" or st.ends):
                return None, (f"its {name} has {len(words.split())} words; give only the clause's "
                              f"{'first' if name == 'starts' else 'last'} 3-6 words, not a whole sentence")
        first = self.locate(st.starts, start, end)
        if first is None:
            return None, f"its first words (starts) are not in {where}; copy them exactly as written"
        if not st.ends:
            return first, ""
        last = self.locate(st.ends, first.start, end)
        if last is None:
            return None, (f"its last words (ends) are not in {where} after its first words; copy them "
                          "exactly as written")
        status = max(first.status, last.status, key=_GROUNDING_ORDER.index)
        return Alignment(first.start, max(first.end, last.end), status, min(first.score, last.score)), ""

    def paragraph(self, number: int) -> Paragraph | None:
        return next((p for p in self.paragraphs if p.index == number), None)

    def locate(self, needle: str, start: int | None = None, end: int | None = None) -> Alignment | None:
        """Align ``needle`` within ``text[start:end]`` (the chunk by default), in global offsets."""
        start = self.start if start is None else start
        end = self.end if end is None else end
        found = align(self.text[start:end], needle)
        if found is None:
            return None
        return Alignment(found.start + start, found.end + start, found.status, found.score)


def _fold(text: str) -> str:
    """Lower case without accents, for matching names: "Nicolás" finds "Nicolas"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
