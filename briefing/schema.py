"""The typed output of briefing: the JSON contract both engines produce.

This module imports nothing from the rest of the project and does no I/O. Field descriptions are
written for two readers: a person reading the JSON Schema (`briefing schema`) and a language model
that is asked to fill parts of it.

Stable contract (do not rename): ``article.text`` and ``quotes[].text/start/end/type/speaker``.
Every quote satisfies ``article.text[start:end] == text``.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.0"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True, validate_default=True)


class QuoteType(str, Enum):
    direct = "direct"  # a full quoted statement: “We want him to leave power,” Abrams said.
    partial = "partial"  # a quoted fragment inside the outlet's sentence: a “dignified exit”
    indirect = "indirect"  # reported speech without quotation marks: X told the Times that …


class Grounding(str, Enum):
    exact = "exact"  # found verbatim at start:end
    normalized = "normalized"  # found after normalising quotes, dashes and whitespace
    fuzzy = "fuzzy"  # found by approximate alignment; start:end is the aligned span


class ActorType(str, Enum):
    person = "person"
    organization = "organization"
    government = "government"
    media = "media"
    document = "document"
    group = "group"


class SourceKind(str, Enum):
    named_person = "named_person"  # a named individual
    organization = "organization"  # a named organisation, agency or government body
    document = "document"  # a report, filing, letter, statement, study
    media = "media"  # another news outlet
    anonymous = "anonymous"  # "a source familiar with …", "officials who asked not to be named"
    vague = "vague"  # "widely believed", "critics say", "many in Venezuela"
    outlet_voice = "outlet_voice"  # asserted by the article itself with no source


EngineName = Literal["rules", "llm"]


class Span(_Model):
    """A stretch of the article, by character offsets into ``article.text``."""

    start: int = Field(ge=0, description="Offset of the first character in article.text.")
    end: int = Field(ge=0, description="Offset one past the last character in article.text.")
    text: str = Field(description="Exactly article.text[start:end].")

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span ``text[start:end]``, validated as ``Span(...)`` is, without ``__init__``'s
        keyword-argument overhead (the rules engine builds a few hundred per article)."""
        values = {"start": start, "end": end, "text": text[start:end]}
        return cls.__pydantic_validator__.validate_python(values)


class Paragraph(_Model):
    index: int = Field(ge=1, description="1-based paragraph number, cited as ¶N.")
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Article(_Model):
    text: str = Field(description="The article text every offset indexes into, unchanged.")
    title: str | None = Field(default=None, description="Headline.")
    outlet: str | None = Field(default=None, description="Publication or site name.")
    byline: str | None = Field(default=None, description="Author(s) as written, without 'By'.")
    published: str | None = Field(default=None, description="Publication date as found (ISO if known).")
    url: str | None = None
    source: str | None = Field(default=None, description="Where the text came from: a path or '-'.")
    format: Literal["text", "html"] = "text"
    extracted_by: str | None = Field(
        default=None,
        description="For HTML: how the main text was found ('trafilatura' or 'json-ld articleBody').",
    )
    paragraphs: list[Paragraph] = Field(default_factory=list)
    boilerplate: list[str] = Field(
        default_factory=list,
        description="For HTML: lines of the page's article block left out of `text` as the site's own "
        "('Related: …', 'Follow us on Twitter', 'X contributed to this report'), in page order.",
    )
    language: str | None = Field(
        default=None,
        description="The article's language (ISO 639-1, 'de', 'fr'), as detected or given with "
        "--language; null when undetermined, which is read as English. The rules are English: in "
        "another language quotations are listed with their spans, but no speaker, source or loaded "
        "term is read.",
    )
    language_name: str | None = Field(default=None, description="The language's name: 'German'.")
    apostrophe_quotes: bool = Field(
        default=False,
        description="Whether passages in '' … '' marks (NYT archive) were read as quotations "
        "(--apostrophe-quotes). Off by default, as annotated news corpora count them; `` … '' "
        "(Penn Treebank) always is a quotation.",
    )


class Actor(_Model):
    id: str = Field(description="Stable identifier, e.g. 'A1'.")
    name: str = Field(description="Canonical name: the fullest form used in the article.")
    type: ActorType
    role: str | None = Field(
        default=None,
        description="Role exactly as the article states it, e.g. \"the State Department's special "
        'envoy on Venezuela". Never a characterisation of your own.',
    )
    aliases: list[str] = Field(default_factory=list, description="Other names the article uses.")
    mentions: list[Span] = Field(default_factory=list, description="Where the actor is named.")
    engine: EngineName = "rules"


class Quote(_Model):
    id: str = Field(description="Stable identifier, e.g. 'Q1'.")
    text: str = Field(description="Exactly article.text[start:end]; inner text without the marks.")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    type: QuoteType
    speaker: str | None = Field(default=None, description="Canonical name of who is quoted.")
    speaker_id: str | None = Field(default=None, description="Actor id of the speaker.")
    speaker_mention: Span | None = Field(
        default=None, description="How the speaker is referred to at the quote ('he', 'Abrams')."
    )
    cue: str | None = Field(default=None, description="Attribution verb or phrase: said, told, denied.")
    cue_span: Span | None = None
    channel: str | None = Field(
        default=None,
        description="The outlet or medium the words came through, e.g. 'the New York Times' in "
        "'the New York Times quoted him as saying'.",
    )
    channel_id: str | None = None
    paragraph: int = Field(ge=1, description="Paragraph (¶) holding the start of the quote.")
    grounding: Grounding = Grounding.exact
    nested_in: str | None = Field(default=None, description="Id of the quote this one sits inside.")
    parts: list[Span] = Field(
        default_factory=list,
        description="The speaker's own words, one span per quotation passage, without its marks. "
        "For a quote interrupted by its attribution (“A,” he said. “B.”) the quote's text runs from "
        "the first part to the last, so the words between parts (he said) are the article's. For a "
        "partial quote the text is the reported clause (she called it a “dignified exit” from power) "
        "and only its parts are the speaker's words; the rest is the outlet's paraphrase. Empty for a "
        "direct quote in one passage and for indirect speech.",
    )
    via: str | None = Field(
        default=None,
        description="How the speaker was found: the rules engine's attribution rule ('cue after "
        "closing mark', 'continuation', 'colon intro', …; 'unattributed' when none applied), or "
        "'llm' for an attribution the model made.",
    )
    confidence: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="How likely the speaker is right, from 0 to 1: the attribution rule's precision "
        "measured on annotated news, lowered by what makes this case doubtful (a pronoun several "
        "sentences back, two people it could be, a speaker far from the cue). For a quote that needs "
        "review, the confidence of its likeliest candidate; 0 when no rule attributed it; null for a "
        "speaker the model gave (via 'llm').",
    )
    needs_review: bool = Field(
        default=False,
        description="True when the engine is not confident enough to name the speaker (confidence "
        "below --min-confidence) or no rule attributed the quote: `speaker` is then null (speaker "
        "unclear) and `speaker_candidates` lists who it could be.",
    )
    speaker_candidates: list[str] = Field(
        default_factory=list,
        description="For a quote that needs review: actor ids of the possible speakers, best first. "
        "None of them is asserted as the speaker.",
    )
    engine: EngineName = "rules"


class Source(_Model):
    """One statement in the article and what it rests on."""

    id: str = Field(description="Stable identifier, e.g. 'S1'.")
    kind: SourceKind
    statement: Span = Field(description="The sentence or clause that is sourced.")
    paragraph: int = Field(ge=1)
    actor_id: str | None = Field(default=None, description="The actor it rests on, if any.")
    evidence: list[Span] = Field(
        default_factory=list,
        description="Spans that show the sourcing: the cue, the named source, 'widely believed'.",
    )
    quote_ids: list[str] = Field(default_factory=list)
    headline: bool = Field(
        default=False,
        description="True for the article's headline: the outlet's own summary, which may attribute "
        "a claim to someone (\"Elliott Abrams: U.S. Won't 'Prosecute' Maduro\", \"Minister says …\") "
        "in the outlet's wording. A headline is never a quote.",
    )
    engine: EngineName = "rules"


class Position(_Model):
    id: str = Field(description="Stable identifier, e.g. 'P1'.")
    actor_id: str
    summary: str = Field(
        description="What the actor stated or wants, attributed and neutral, in the article's words."
    )
    evidence: list[str] = Field(description="Quote ids (Q…) or source ids (S…) that show it.")
    engine: EngineName = "rules"


class LanguageNote(_Model):
    term: str = Field(description="The loaded term as written.")
    span: Span
    paragraph: int = Field(ge=1)
    note: str = Field(description="Why it is flagged, neutrally worded.")


class Usage(_Model):
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    retries: int = 0
    reasks: int = 0
    cache_hits: int = 0
    salvaged: int = Field(default=0, description="Answers cut off at the output limit whose complete "
                          "items were kept (the rest asked again in a smaller call).")


class Diagnostic(_Model):
    level: Literal["info", "warning", "error"]
    message: str
    item: str | None = Field(default=None, description="The item concerned, e.g. a quote text.")


GenderEstimate = Literal["woman", "man", "unknown"]


class Voice(_Model):
    """A speaker as the article lets them be heard."""

    actor_id: str | None = Field(default=None, description="The speaker's actor id.")
    name: str
    type: ActorType | None = None
    quotes: int = Field(ge=0, description="Quotes of any type credited to them, reported speech included.")
    quoted_words: int = Field(
        ge=0,
        description="Words of their own inside quotation marks: a direct quote's passages, a partial "
        "quote's parts. Reported speech counts as a quote but has no quoted words.",
    )
    share_of_quoted_words: float = Field(ge=0, le=1, description="Of all the quoted words in the article.")
    gender: GenderEstimate | None = Field(
        default=None,
        description="For a person: an estimate from the given name alone ('unknown' when the name is "
        "not one, or is used for women and men alike). Never from pronouns, titles or appearance. "
        "Null for an organisation, document or outlet.",
    )
    quote_ids: list[str] = Field(default_factory=list)


class SourceShare(_Model):
    kind: SourceKind
    statements: int = Field(ge=0)
    share: float = Field(ge=0, le=1)
    source_ids: list[str] = Field(default_factory=list)


class Glance(_Model):
    """What a reader wants first, every figure with the ids it counts."""

    voices: list[Voice] = Field(
        default_factory=list, description="Who is heard: speakers by number of quotes, then quoted words."
    )
    unclear_quote_ids: list[str] = Field(
        default_factory=list, description="Quotes whose speaker needs review: credited to no one here."
    )
    mentioned_not_quoted: list[str] = Field(
        default_factory=list, description="Actor ids of the people named in the article but never quoted."
    )
    statements: int = Field(ge=0, description="Sourced statements in all.")
    sourcing: list[SourceShare] = Field(default_factory=list, description="Statements per kind of source.")
    no_named_source_ids: list[str] = Field(
        default_factory=list,
        description="Statements resting on no named source: the outlet's own voice, anonymous and vague "
        "sourcing.",
    )
    headline_ids: list[str] = Field(
        default_factory=list, description="The statements that are the headline: the outlet's summary."
    )
    loaded_terms: int = Field(ge=0, description="Loaded terms in the outlet's own voice (language_notes).")
    loaded_terms_first: list[str] = Field(default_factory=list, description="The first three, as written.")
    voices_by_gender: dict[GenderEstimate, list[str]] = Field(
        default_factory=dict,
        description="The people quoted (actor ids) by gender estimated from their given names.",
    )
    gender_method: str = Field(
        default="",
        description="How the gender figures were estimated, to be shown with them.",
    )


class Briefing(_Model):
    schema_version: str = SCHEMA_VERSION
    engine: EngineName
    model: str | None = Field(default=None, description="LLM model name, for the llm engine.")
    article: Article
    actors: list[Actor] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    positions: list[Position] = Field(default_factory=list)
    language_notes: list[LanguageNote] = Field(default_factory=list)
    diagnostics: list[Diagnostic] = Field(default_factory=list)
    usage: Usage | None = None
    glance: Glance | None = Field(
        default=None,
        description="At a glance: who is heard, what the statements rest on, loaded terms, quotes "
        "that need review and the voices by gender, computed from the lists above.",
    )

    @model_validator(mode="after")
    def _quotes_are_grounded(self) -> Briefing:
        text = self.article.text
        for q in self.quotes:
            if not (0 <= q.start <= q.end <= len(text)) or text[q.start : q.end] != q.text:
                raise ValueError(f"quote {q.id} is not article.text[{q.start}:{q.end}]")
            for part in q.parts:
                inside = q.start <= part.start <= part.end <= q.end
                if not inside or text[part.start : part.end] != part.text:
                    raise ValueError(
                        f"a part of quote {q.id} is not article.text[{part.start}:{part.end}] within it"
                    )
        actor_ids = {a.id for a in self.actors}
        for q in self.quotes:
            if q.speaker_id is not None and q.speaker_id not in actor_ids:
                raise ValueError(f"quote {q.id} names unknown speaker_id {q.speaker_id}")
            unknown = [c for c in q.speaker_candidates if c not in actor_ids]
            if unknown:
                raise ValueError(f"quote {q.id} lists unknown speaker candidates {unknown}")
            if q.needs_review and q.speaker is not None:
                raise ValueError(f"quote {q.id} needs review but names a speaker")
        return self

    def actor(self, actor_id: str | None) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def source_counts(self) -> dict[str, int]:
        counts = {k.value: 0 for k in SourceKind}
        for s in self.sources:
            counts[str(s.kind)] += 1
        return counts


# ---------------------------------------------------------------- one event, several outlets
class StoryArticle(_Model):
    """One article of a story, with its own extraction whole (offsets into its own text)."""

    id: str = Field(description="The article's id in the story: its file name without suffix.")
    outlet: str | None = None
    briefing: Briefing


class ActorInArticle(_Model):
    article_id: str
    actor_id: str = Field(description="The actor's id in that article's briefing.")
    name: str
    mentions: int = Field(ge=0)
    quotes: int = Field(ge=0, description="Quotes credited to the actor in that article.")
    quoted_words: int = Field(ge=0)
    quote_ids: list[str] = Field(default_factory=list, description="Those quotes' ids in that article.")


class StoryActor(_Model):
    """One actor across the articles: merged on names and aliases, never on a shared surname
    alone when two people in the story have it (then ``unresolved``)."""

    id: str = Field(description="'SA1', …")
    name: str = Field(
        description="The fullest name any article uses; 'Surname (unresolved)' when unresolved."
    )
    type: ActorType
    unresolved: bool = Field(
        default=False,
        description="A bare surname that two people of the story share: not merged with either.",
    )
    articles: list[ActorInArticle] = Field(default_factory=list)


class QuoteOccurrence(_Model):
    article_id: str
    quote_id: str
    paragraph: int
    text: str = Field(description="The speaker's words as this article prints them (its parts joined).")
    speaker: str | None = Field(default=None, description="Story actor id of the speaker this article gives.")
    speaker_name: str | None = None


class SharedQuote(_Model):
    """The same quotation in several articles."""

    id: str = Field(description="'SQ1', …")
    occurrences: list[QuoteOccurrence]
    match: Literal["exact", "fuzzy"] = Field(
        description="exact: the same words once quotation marks, dashes, case and spacing are folded; "
        "fuzzy: trimmed or lightly edited."
    )
    wording_differs: bool = False
    speakers_differ: bool = Field(
        default=False, description="Different articles give the words to different speakers."
    )


class OutletSourcing(_Model):
    article_id: str
    statements: int = Field(ge=0)
    shares: dict[str, float] = Field(default_factory=dict, description="Source kind -> share of statements.")
    counts: dict[str, int] = Field(default_factory=dict)
    loaded_terms: list[str] = Field(
        default_factory=list, description="In the outlet's own voice, as written."
    )


class SingleOutletStatement(_Model):
    article_id: str
    source_id: str
    kind: SourceKind
    paragraph: int
    text: str


class Story(_Model):
    """``briefing story``: one event told by several outlets."""

    schema_version: str = SCHEMA_VERSION
    engine: EngineName
    articles: list[StoryArticle]
    actors: list[StoryActor] = Field(default_factory=list)
    shared_quotes: list[SharedQuote] = Field(default_factory=list)
    sourcing: list[OutletSourcing] = Field(default_factory=list)
    single_outlet: list[SingleOutletStatement] = Field(default_factory=list)
    diagnostics: list[Diagnostic] = Field(default_factory=list)
