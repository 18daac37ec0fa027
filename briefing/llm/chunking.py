"""Split a long article into chunks of whole paragraphs under a token budget.

One call per article when it fits; otherwise consecutive paragraphs are packed greedily. A chunk
never splits a paragraph, so a single paragraph longer than the budget becomes a chunk of its own.
Offsets stay global: a chunk is a list of the article's own paragraphs.

Tokens are estimated without a tokenizer download, by counting the pieces a byte-level BPE
tokenizer (Qwen2/2.5, GPT-4's cl100k, Llama 3) cuts text into before merging: a word with the space
or mark before it, each digit, a run of punctuation, a run of white space. BPE never merges across
those pieces, so for these tokenizers the estimate never exceeds the real count, and an article
that fits the budget is never split. On news text the real count is about 5 % higher (Qwen2.5 on
the PolNeAR dev texts: 0-15 %, median 4 %), so the default budget leaves that much room.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.schema import Paragraph

# Qwen2's pre-tokenizer pattern with the standard library's classes: a letter is [^\W\d_], a number
# \d. (The contraction branch is left out: "'s" is one piece either way.)
_PIECES = re.compile(
    r"(?:[^\r\n\w]|_)?[^\W\d_]+"  # a word, with one leading space or mark
    r"|\d"  # each digit
    r"| ?(?:[^\s\w]|_)+[\r\n]*"  # a run of punctuation
    r"|\s*[\r\n]+|\s+(?!\S)|\s+"  # line breaks, other white space
)


@dataclass(frozen=True)
class Chunk:
    index: int  # 1-based
    paragraphs: tuple[Paragraph, ...]

    @property
    def start(self) -> int:
        return self.paragraphs[0].start

    @property
    def end(self) -> int:
        return self.paragraphs[-1].end

    @property
    def numbers(self) -> frozenset[int]:
        """The paragraph numbers (¶) in this chunk."""
        return frozenset(p.index for p in self.paragraphs)


def estimate_tokens(text: str) -> int:
    """Tokens of ``text`` estimated from below: its pre-tokenizer pieces (see the module docstring)."""
    return sum(1 for _ in _PIECES.finditer(text))


def chunk_paragraphs(text: str, paragraphs: list[Paragraph], budget: int) -> list[Chunk]:
    """Pack ``paragraphs`` of ``text`` into chunks of at most ``budget`` estimated tokens."""
    if budget <= 0:
        raise ValueError("budget must be positive")
    chunks: list[Chunk] = []
    current: list[Paragraph] = []
    used = 0
    for para in paragraphs:
        cost = estimate_tokens(text[para.start : para.end])
        if current and used + cost > budget:
            chunks.append(Chunk(len(chunks) + 1, tuple(current)))
            current, used = [], 0
        current.append(para)
        used += cost
    if current:
        chunks.append(Chunk(len(chunks) + 1, tuple(current)))
    return chunks
