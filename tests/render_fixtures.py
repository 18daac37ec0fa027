"""Hand-built briefings for the renderer tests: they do not depend on any engine.

``abrams_briefing()`` is what a careful reader would extract from the example article (actors,
every quote with speaker, cue and channel, sourced statements of every kind, positions, loaded
terms). ``tricky_briefing()`` is a small article built to break a renderer: nested, multi-paragraph,
crossing and empty quotes, hostile markup in the text and in the metadata.

Offsets are never typed by hand: ``span()`` finds the text and fails if it is missing.
"""

from __future__ import annotations

import re
from pathlib import Path

from briefing.schema import (
    Actor,
    Article,
    Briefing,
    Diagnostic,
    LanguageNote,
    Position,
    Quote,
    Source,
    Span,
)
from briefing.text.article import article_from_text
from briefing.text.segment import paragraph_at

FIXTURES = Path(__file__).parent / "fixtures"
ABRAMS = FIXTURES / "abrams-maduro.txt"


def abrams_text() -> str:
    with open(ABRAMS, encoding="utf-8", newline="") as f:
        return f.read()


class _Finder:
    def __init__(self, article: Article) -> None:
        self.article = article

    def span(self, needle: str, after: str = "", nth: int = 0) -> Span:
        """The ``nth`` occurrence of ``needle`` after the first occurrence of ``after``."""
        pos = self._find(after, 0).start() if after else 0
        for _ in range(nth + 1):
            match = self._find(needle, pos)
            pos = match.start() + 1
        return Span(start=match.start(), end=match.end(), text=match.group())

    def _find(self, needle: str, pos: int) -> re.Match[str]:
        """Find ``needle`` where any space may be a no-break space, as in real articles."""
        pattern = r"\s".join(re.escape(word) for word in needle.split(" "))
        match = re.compile(pattern).search(self.article.text, pos)
        if match is None:
            raise ValueError(f"{needle!r} is not in the article after offset {pos}")
        return match

    def para(self, span: Span) -> int:
        return paragraph_at(self.article.paragraphs, span.start)

    def quote(self, qid: str, needle: str, type: str, after: str = "", **kw: object) -> Quote:
        s = self.span(needle, after)
        for key in ("cue_span", "speaker_mention"):
            if isinstance(kw.get(key), tuple):
                kw[key] = self.span(*kw[key])  # type: ignore[misc]
        return Quote(id=qid, text=s.text, start=s.start, end=s.end, type=type, paragraph=self.para(s), **kw)  # type: ignore[arg-type]

    def source(
        self,
        sid: str,
        kind: str,
        statement: str,
        evidence: tuple[str, ...] = (),
        after: str = "",
        **kw: object,
    ) -> Source:
        s = self.span(statement, after)
        ev = [self.span(e, statement) for e in evidence]
        return Source(id=sid, kind=kind, statement=s, paragraph=self.para(s), evidence=ev, **kw)  # type: ignore[arg-type]

    def note(self, term: str, after: str, note: str) -> LanguageNote:
        s = self.span(term, after)
        return LanguageNote(term=term, span=s, paragraph=self.para(s), note=note)


def abrams_briefing() -> Briefing:
    article = article_from_text(
        abrams_text(),
        outlet="Breitbart",
        published="2019-07-10",
        url="https://www.breitbart.com/latin-america/2019/07/10/elliott-abrams/",
    )
    article.source = "tests/fixtures/abrams-maduro.txt"
    f = _Finder(article)
    nyt = "the New York Times"
    abrams = {"speaker": "Elliott Abrams", "speaker_id": "A1"}
    bachelet = {"speaker": "Michelle Bachelet", "speaker_id": "A4"}
    actors = [
        Actor(
            id="A1",
            name="Elliott Abrams",
            type="person",
            role="the State Department’s special envoy on Venezuela",
            aliases=["Abrams", "he", "him"],
        ),
        Actor(
            id="A2",
            name="Nicolás Maduro",
            type="person",
            role="Venezuelan President",
            aliases=["Maduro", "Nicolas Maduro"],
        ),
        Actor(id="A3", name="The New York Times", type="media", aliases=["the New York Times"]),
        Actor(
            id="A4",
            name="Michelle Bachelet",
            type="person",
            role="United Nations High Commissioner for Human Rights",
            aliases=["Bachelet"],
        ),
        Actor(id="A5", name="Donald Trump", type="person", role="President"),
        Actor(id="A6", name="The Associated Press", type="media"),
        Actor(
            id="A7",
            name="Diosdado Cabello",
            type="person",
            role="United Socialist Party of Venezuela (PSUV) leader and television host",
        ),
        Actor(id="A8", name="Juan Guaidó", type="person", role="President"),
        Actor(id="A9", name="Trump administration", type="government", aliases=["Washington"]),
        Actor(id="A10", name="Bachelet’s report", type="document"),
    ]
    quotes = [
        f.quote(
            "Q1",
            "The United States will not seek to prosecute Venezuelan dictator Nicolás Maduro if he "
            "agrees to leave power and allow a transition to democracy",
            "indirect",
            cue="told",
            channel=nyt,
            channel_id="A3",
            cue_span=("told", "Elliott Abrams"),
            speaker_mention=("Elliott Abrams", "special envoy"),
            **abrams,
        ),
        f.quote(
            "Q2",
            "dignified exit",
            "partial",
            cue="expressing a desire to see him have",
            cue_span=("expressing a desire", "conciliatory"),
            speaker_mention=("Abrams", "President Juan"),
            **abrams,
        ),
        f.quote(
            "Q3",
            "This is not a persecution. We’re not after him. We want him to have a dignified exit and go,",
            "direct",
            cue="quoted him as saying",
            channel=nyt,
            channel_id="A3",
            cue_span=("quoted him as saying", "exit and go"),
            **abrams,
        ),
        f.quote(
            "Q4",
            "We don’t want to prosecute you; we don’t want to persecute you. We want you to leave power.",
            "direct",
            cue="quoted him as saying",
            channel=nyt,
            channel_id="A3",
            **abrams,
        ),
        f.quote(
            "Q5",
            "arbitrary detentions, ill-treatment and torture",
            "partial",
            cue="said",
            channel="Bachelet’s report",
            cue_span=("said", "extrajudicial"),
            grounding="exact",
            **bachelet,
        ),
        f.quote("Q6", "shockingly high", "partial", cue="said", channel="Bachelet’s report", **bachelet),
        f.quote(
            "Q7",
            "the White House was in touch with the regime “at a very high level,”",
            "indirect",
            cue="claimed",
            speaker="Donald Trump",
            speaker_id="A5",
            cue_span=("claimed", "Last week"),
            speaker_mention=("President Donald Trump", "Last week"),
        ),
        f.quote(
            "Q8",
            "at a very high level,",
            "partial",
            cue="claimed",
            speaker="Donald Trump",
            speaker_id="A5",
            nested_in="Q7",
        ),
        f.quote(
            "Q9",
            "this was the case",
            "indirect",
            cue="denied",
            cue_span=("denied", "although"),
            speaker_mention=("Abrams", "although"),
            **abrams,
        ),
        f.quote(
            "Q10",
            "the talks were with United Socialist Party of Venezuela (PSUV) leader and television "
            "host Diosdado Cabello about the possibility of removing Maduro from power in exchange for "
            "his future immunity, as well as that of other senior socialist and military officials",
            "indirect",
            cue="reported",
            speaker="The Associated Press",
            speaker_id="A6",
            cue_span=("reported", "Associated Press"),
            grounding="normalized",
        ),
        f.quote(
            "Q11",
            "The notion that we are negotiating is just flat-out wrong,",
            "direct",
            cue="said",
            cue_span=("said", "flat-out wrong"),
            speaker_mention=("Abrams", "flat-out wrong"),
            **abrams,
        ),
        f.quote(
            "Q12",
            "And the notion that there is a pattern of communication is wrong. There are "
            "intermittent messages and I think people would find the very occasional message sent from "
            "Washington to be completely predictable: ‘You need to return to democracy. Maduro needs to "
            "leave power. He cannot run in an election. We will not lift sanctions until he is out of "
            "power.’",
            "direct",
            cue="said",
            **abrams,
        ),
        f.quote(
            "Q13",
            "You need to return to democracy. Maduro needs to leave power. He cannot run in an "
            "election. We will not lift sanctions until he is out of power.",
            "direct",
            nested_in="Q12",
            grounding="fuzzy",
            **abrams,
        ),
    ]
    sources = [
        f.source(
            "S1",
            "named_person",
            "The United States will not seek to prosecute Venezuelan dictator "
            "Nicolás Maduro if he agrees to leave power and allow a transition to democracy, the State "
            "Department’s special envoy on Venezuela Elliott Abrams told the New York Times on Wednesday.",
            ("Elliott Abrams told the New York Times",),
            actor_id="A1",
            quote_ids=["Q1"],
        ),
        f.source(
            "S2",
            "outlet_voice",
            "Since assuming power in 2017, the Trump administration has led efforts "
            "to remove Maduro from power by imposing a range of economic sanctions and threatening "
            "military force.",
        ),
        f.source(
            "S3",
            "outlet_voice",
            "Washington has also offered its full backing to President Juan Guaidó, "
            "who Maduro has prevented from exercising his constitutional power as head of state by "
            "maintaining control of the military.",
        ),
        f.source(
            "S4",
            "outlet_voice",
            "Abrams appears to have shifted to a conciliatory approach towards "
            "Maduro, expressing a desire to see him have a “dignified exit” from power.",
            quote_ids=["Q2"],
        ),
        f.source(
            "S5",
            "media",
            "“This is not a persecution. We’re not after him. We want him to have a "
            "dignified exit and go,” the New York Times quoted him as saying.",
            ("the New York Times quoted him as saying",),
            actor_id="A3",
            quote_ids=["Q3", "Q4"],
        ),
        f.source(
            "S6",
            "vague",
            "Many in Venezuela – and in the millions-strong Venezuelan diaspora that Maduro "
            "created – may not take well to impunity for Maduro, who has committed gross human rights "
            "violations in his tenure.",
            ("Many in Venezuela",),
        ),
        f.source(
            "S7",
            "named_person",
            "Such crimes were recently corroborated by United Nations High "
            "Commissioner for Human Rights Michelle Bachelet, a former ally of the Maduro regime, during "
            "an inspection of the country.",
            ("corroborated by",),
            actor_id="A4",
        ),
        f.source(
            "S8",
            "document",
            "As well as being responsible the worst economic and humanitarian crisis "
            "in the country’s history, the Maduro regime has also successfully transformed the country "
            "into a dictatorship modeled on communist Cuba, presiding over “arbitrary detentions, "
            "ill-treatment and torture” of anti-government activists and a “shockingly high” number of "
            "extrajudicial executions, Bachelet’s report said.",
            ("Bachelet’s report said",),
            actor_id="A10",
            quote_ids=["Q5", "Q6"],
        ),
        f.source(
            "S9",
            "named_person",
            "Last week, President Donald Trump claimed the White House was in "
            "touch with the regime “at a very high level,” although Abrams denied this was the case.",
            ("President Donald Trump claimed", "Abrams denied"),
            actor_id="A5",
            quote_ids=["Q7", "Q8", "Q9"],
        ),
        f.source(
            "S10",
            "media",
            "The Associated Press reported that the talks were with United Socialist "
            "Party of Venezuela (PSUV) leader and television host Diosdado Cabello about the possibility "
            "of removing Maduro from power in exchange for his future immunity, as well as that of other "
            "senior socialist and military officials.",
            ("The Associated Press reported",),
            actor_id="A6",
            quote_ids=["Q10"],
        ),
        f.source(
            "S11",
            "vague",
            "Diosdado Cabello is widely believed to be the head of the Cartel de los "
            "Soles, an intercontinental cocaine trafficking organization.",
            ("widely believed",),
        ),
        f.source(
            "S12",
            "named_person",
            "“The notion that we are negotiating is just flat-out wrong,” Abrams said.",
            ("Abrams said",),
            actor_id="A1",
            quote_ids=["Q11", "Q12", "Q13"],
        ),
    ]
    positions = [
        Position(
            id="P1",
            actor_id="A1",
            summary="The United States will not seek to prosecute Maduro if he "
            "agrees to leave power (told the New York Times).",
            evidence=["Q1", "S1"],
        ),
        Position(
            id="P2",
            actor_id="A1",
            summary="Wants Maduro to leave power and have a “dignified exit”.",
            evidence=["Q2", "Q3", "Q4"],
        ),
        Position(
            id="P3",
            actor_id="A1",
            summary="Denies that the United States is negotiating with the Maduro government.",
            evidence=["Q9", "Q11", "Q12"],
        ),
        Position(
            id="P4",
            actor_id="A5",
            summary="Claimed the White House was in touch with the regime “at a very high level”.",
            evidence=["Q7", "Q8"],
        ),
        Position(
            id="P5",
            actor_id="A4",
            summary="Her report describes “arbitrary detentions, ill-treatment "
            "and torture” and a “shockingly high” number of extrajudicial executions.",
            evidence=["Q5", "Q6", "S8"],
        ),
    ]
    loaded = "An evaluative label, used in the article's own voice, not attributed to a source."
    notes = [
        f.note("dictator", "will not seek", loaded),
        f.note("regime", "former ally of the Maduro", loaded),
        f.note("regime", "the Maduro regime has also", loaded),
        f.note("dictatorship", "transformed the country", loaded),
        f.note(
            "gross human rights violations",
            "who has committed",
            "A serious charge stated as fact in the article's own voice; the next sentence cites Bachelet.",
        ),
    ]
    diagnostics = [
        Diagnostic(
            level="info",
            message="Q13 is a message Abrams paraphrases inside his own "
            "quote (Q12); it is attributed to him.",
            item="Q13",
        )
    ]
    return Briefing(
        engine="rules",
        article=article,
        actors=actors,
        quotes=quotes,
        sources=sources,
        positions=positions,
        language_notes=notes,
        diagnostics=diagnostics,
    )


def unclear_briefing() -> Briefing:
    """:func:`abrams_briefing` where the engine was not sure enough to name two speakers (as
    ``--min-confidence`` makes it): Q3 needs review between Elliott Abrams and Nicolás Maduro, Q10
    has no rule's attribution and no candidate. P2 and S5 still cite Q3, as an engine might."""
    b = abrams_briefing()
    unclear = {"speaker": None, "speaker_id": None, "speaker_mention": None, "needs_review": True}
    confidences = {"Q1": ("reported speech", 0.93), "Q11": ("cue after closing mark", 0.97)}
    quotes = []
    for q in b.quotes:
        if q.id == "Q3":
            q = q.model_copy(update={**unclear, "speaker_candidates": ["A1", "A2"], "confidence": 0.41,
                                     "via": "cue after closing mark"})
        elif q.id == "Q10":
            q = q.model_copy(update={**unclear, "confidence": 0.0, "via": "unattributed"})
        elif q.id in confidences:
            q = q.model_copy(update=dict(zip(("via", "confidence"), confidences[q.id], strict=True)))
        quotes.append(q)
    return Briefing.model_validate({**b.model_dump(), "quotes": [q.model_dump() for q in quotes]})


HOSTILE_TEXT = (
    "Tom & Jerry’s <b>guide</b> to </textarea><script>alert(1)</script>\r\n"
    "\r\n"
    "“It starts here <img src=x onerror=alert(2)> and goes on,” said Ann O’Neil. "
    "“He told me ‘never again’ & left,” she added.\r\n"
    "\r\n"
    "“This quote runs over two paragraphs\r\n"
    "\r\n"
    '“and ends here,” said the "spokesperson" of <Acme & Co>.\r\n'
    "\r\n"
    "Critics say the plan is risky. The end"
)


def tricky_briefing() -> Briefing:
    article = article_from_text(
        HOSTILE_TEXT,
        title="</title><script>alert(3)</script> & “quotes”",
        outlet="<img src=x onerror=alert(4)>",
        url="javascript:alert(5)",
        byline='O’Neil & "Sons"',
    )
    f = _Finder(article)
    ann = {"speaker": "Ann O’Neil", "speaker_id": "A1"}
    spokes = {"speaker": 'the "spokesperson" <script>', "speaker_id": "A2"}
    quotes = [
        f.quote(
            "Q1", "It starts here <img src=x onerror=alert(2)> and goes on,", "direct", cue="said", **ann
        ),
        f.quote("Q2", "He told me ‘never again’ & left,", "direct", cue="added", **ann),
        f.quote("Q3", "never again", "partial", nested_in="Q2", **ann),
        # One quote over two paragraphs: its span holds the paragraph break.
        f.quote(
            "Q4", "This quote runs over two paragraphs\r\n\r\n“and ends here,", "direct", cue="said", **spokes
        ),
        # Crossing quotes (an engine error, but the page must still hold one element per quote).
        f.quote("Q5", "Critics say the plan", "indirect", cue="say"),
        f.quote("Q6", "the plan is risky. The end", "indirect", cue="say"),
        # Same span twice: the second nests in the first. Its speaker is unclear; the candidate's
        # name is markup.
        f.quote("Q7", "Critics say the plan", "partial", needs_review=True, speaker_candidates=["A2"]),
    ]
    empty = Quote(
        id="Q8",
        text="",
        start=len(HOSTILE_TEXT),
        end=len(HOSTILE_TEXT),
        type="partial",
        paragraph=len(article.paragraphs),
    )
    actors = [
        Actor(id="A1", name="Ann O’Neil", type="person", role="<em>spokes</em> & co"),
        Actor(id="A2", name='the "spokesperson" <script>', type="person"),
    ]
    sources = [
        f.source("S1", "vague", "Critics say the plan is risky.", ("Critics say",)),
        # A statement crossing a quote boundary is split, the quote is not.
        f.source("S2", "outlet_voice", "plan is risky. The end"),
        f.source("S3", "anonymous", "Tom & Jerry’s <b>guide</b>"),
    ]
    return Briefing(
        engine="rules",
        article=article,
        actors=actors,
        quotes=[*quotes, empty],
        sources=sources,
        positions=[Position(id="P1", actor_id="A1", summary="Says <never> again & again.", evidence=["Q2"])],
        language_notes=[f.note("risky", "plan is", "A <judgement> & more.")],
        diagnostics=[Diagnostic(level="warning", message="Q5 and Q6 overlap </div>", item="<Q5>")],
    )
