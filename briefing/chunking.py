"""Split a long article into chunks of whole paragraphs under a token budget.

One call per article when it fits; otherwise consecutive paragraphs are packed greedily. A chunk
never splits a paragraph, so a single paragraph longer than the budget becomes a chunk of its own.
Offsets stay global: a chunk is a list of the article's own paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.schema import Paragraph

CHARS_PER_TOKEN = 4  # a deliberate, documented estimate: no tokenizer download needed


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
    """Rough token count: characters / 4, rounded up."""
    return -(-len(text) // CHARS_PER_TOKEN)


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
