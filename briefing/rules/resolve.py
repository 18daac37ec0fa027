"""Resolving a source phrase to the actor it names: a person, a body, a document or a group.

"Abrams" and "he" are people the registry knows; "the senator" a person named before with that
office; "Bachelet’s report" a document of Bachelet's; "Labour sources" and "a White House official"
unnamed sources of a body; "critics" a vague group. Returns (entity, mention span, source kind).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from briefing.rules import lexicon as lx
from briefing.rules.name_scan import PARTY_WORDS
from briefing.rules.names import Entity
from briefing.rules.refer_back import (
    _OFFICE_WORDS,
    ROLE_COMPLEMENT_RE,
    antecedent_of_relative,
    common_word,
    document_owner_before,
    head_noun,
    headline_person,
    named_holder,
    other_office,
    titled_person,
)
from briefing.rules.units import MASK, Attribution

if TYPE_CHECKING:
    from briefing.rules.doc import Doc

_POSSESSIVE_LOWER_HEAD_RE = re.compile(r"(.+?)[’']s\s+(?:[a-z-]+\s+){0,2}([a-z]+)$")
# "… of the", "… at NASA's": a name after these is where someone works, not who speaks
_PREP_BEFORE_RE = re.compile(
    r"\b(?:of|for|at|with|from|in)\s+(?:the\s+)?(?:[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*[’']s\s+)?$",
    re.IGNORECASE,
)
_CLOSE_TO_RE = re.compile(
    r"(?:those|people|persons|someone|somebody|one|two|three|several|many|others|friends|allies|a\s+person)"
    r"\s+(?:\w+\s+)?(?:close|familiar)\s+(?:to|with)\b"
)
_SPOKESPERSON_FOR_RE = re.compile(
    r"(?:a|an|the|one)\s+(?:[\w-]+\s+)?(?:spokesman|spokeswoman|spokesperson|representative|lawyer|attorney)"
    r"\s+(?:for|of)\s+(.+)$",
    re.IGNORECASE,
)
_AGE_NOUN_RE = re.compile(r"\d{1,3}-year-old")  # "the 54-year-old said"
# A source phrase headed by a document noun, perhaps with a tail: "a 2014 study by X", "video of …".
_FINDING_DOCS = lx.DOCUMENT_NOUNS | frozenset(
    "video videos footage recording recordings photos images".split()
)
_BY_AFTER_RE = re.compile(r"\s+by\s")
_DOC_HEAD_RE = re.compile(
    r"(?:(?:the|a|an|this|that|new|latest|recent|another)\s+)?(?:[\w’'-]+\s+){0,3}?([A-Za-z]+)"
    r"(?:\s+(by|from|of|on|in|that|which|conducted|published|released|issued|carried|reported|compiled|"
    r"gathered|collected)\b|\s*$)"
)
# Heads that name a kind of body: "the ministry" is the last-named organisation only if that one is
# a ministry ("the Ministry of Defence"), unlike "the company" or "the group".
_NAMED_ORG_HEADS = frozenset("ministry department agency court police committee".split())
_PP_TAIL_RE = re.compile(
    r"(?<!familiar)(?<!close)\s+(?:affiliated|with|in|at|from|who|that|which|based|working|released|published|"
    r"issued|obtained|filed|seen)\b.*$",
    re.DOTALL,
)
_CAP_WORD_RE = re.compile(r"[A-ZÀ-ÖØ-Þ][\w’'.-]+")
# "the clip", "this ad", "the video": a definite document that refers back to one named before.
_DEFINITE_DOC_RE = re.compile(
    r"(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:ad|advert|advertisement|clip|video|spot|commercial|film|letter|memo|"
    r"report|study|book|leaflet|flyer|mailer|post|statement)"
)
_BODY_TAIL_RE = re.compile(r"\s+(?:at|from|with|in)\s+(?:the\s+)?")
_SENTENCE_CUT_RE = re.compile(r"(?:[.!?][”\"’']?\s+|\n+)(?=[“\"‘']?[A-Z])")
# A body opening a sentence: "Clinton’s campaign", "The company", "Acme Corp’s board".
_BODY_SUBJECT_RE = re.compile(
    r"\s*((?:[Tt]he\s+|(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.-]*[’']s\s+)(?:[a-z-]+\s+){0,2}?"
    r"(?:campaign|company|group|committee|administration|agency|department|office|team|party|union|"
    r"commission|government|board|council|firm|ministry))\b"
)
_CONTRACTED_RE = re.compile(r"[’'](?:s|d|ll|ve|re)$")
# One unnamed person as a source: "said one resident", "a witness told reporters".
_UNNAMED_PERSON_NOUNS = frozenset(
    """resident witness voter neighbor neighbour passenger shopper worker employee student teacher
    parent protester demonstrator bystander survivor patient nurse doctor farmer driver""".split()
)
_COMMON_SOURCE_NOUNS = (
    _UNNAMED_PERSON_NOUNS
    | lx.ANONYMOUS_NOUNS
    | lx.VAGUE_NOUNS
    | lx.DOCUMENT_NOUNS
    | frozenset(
        """team researchers members lawmakers legislators leaders protesters demonstrators families
        relatives neighbors students teachers parents workers employees percent those newspaper
        paper outlet network agency campaign group company department ministry
    government administration committee court police spokesman spokeswoman spokesperson president
    senator governor mayor envoy minister secretary candidate nominee leader chairman chairwoman
    director official statement office team lawyer lawyers attorney attorneys prosecutors prosecutor
    judge witness witnesses researchers scientists doctors authorities website site magazine
    organization union party white house kremlin pentagon woman man staff representatives
    spokespeople officers""".split()
    )
)
_MEDIA_NOUNS = frozenset(
    "newspaper paper outlet network publication magazine website site broadcaster".split()
)
_ORG_NOUNS = frozenset(
    "agency campaign group company department ministry government administration "
    "committee court police organization union party office team".split()
)
# Plural (or unnamed) heads of a source phrase whose names only modify them: "Labour sources".
_GROUP_HEADS = (lx.ANONYMOUS_NOUNS - {"spokesman", "spokeswoman", "spokesperson"}) | frozenset(
    """critics experts observers analysts supporters opponents detractors skeptics sceptics
    commentators lawmakers legislators leaders members allies officers attorneys lawyers
    prosecutors investigators negotiators strategists donors activists residents voters staff
    representatives spokespeople""".split()
)
# Offices that speak for a named person or body: "Smith’s office", "the Clinton campaign".
_OFFICE_HEADS = frozenset("office campaign team administration spokesperson's".split())
# Role nouns that head a description of one person ("the German chancellor").
_ROLE_NOUNS = frozenset(
    w for w in lx.TITLES if len(w) > 3 and "." not in w and w not in ("lady", "lord", "dame", "king", "queen")
) | frozenset({"executive", "boss", "head", "owner", "founder"})
_POSSESSIVE_LEAD_RE = re.compile(r"(?:the\s+)?[\w.-]+[’']s\s+(?:[a-z-]+\s+){0,2}[a-z-]+$", re.IGNORECASE)
_TITLE_NOUNS = frozenset(
    "president senator governor mayor envoy minister secretary candidate nominee "
    "leader chairman chairwoman director spokesman spokeswoman spokesperson "
    "lawyer attorney judge congressman congresswoman".split()
)
# Nouns that describe one person without naming an office: "the New York businessman", "the
# billionaire". A place or body before them only modifies them.
_PERSON_NOUNS = frozenset(
    """businessman businesswoman billionaire mogul tycoon developer politician lawmaker legislator
    entrepreneur nominee candidate""".split()
)
_DASH_SPEAKER_RE = re.compile(
    r"[ \t\u00a0]*[―—–-]{1,2}[ \t\u00a0]*([A-Z][\w.’'-]*(?:[ \t\u00a0]+[A-Z][\w.’'-]*){0,4})"
)


def introduced_source(doc: Doc, head: str, pos: int) -> tuple[Entity, str | None] | None:
    """(source, kind of source) of a cue in the last few clause units before ``pos`` that was
    introduced by an indefinite phrase with the head noun ``head`` ("a spokesperson for the
    federation"), if any."""
    k = next((i for i in range(len(doc.units) - 1, -1, -1) if doc.units[i].start < pos), None)
    if k is None:
        return None
    for unit in reversed(doc.units[max(0, k - 4) : k + 1]):
        for h in reversed(unit.cues):
            a = h.attribution
            if h.start >= pos or a.speaker is None or a.mention is None:
                continue
            words = doc.text[a.mention[0] : a.mention[1]].lower().split()
            core = words[: words.index("for")] if "for" in words else words
            if words and words[0] in ("a", "an", "one", "another") and head in core:
                return a.speaker, a.source_kind
    return None


def _stem(word: str) -> str:
    """A word without its plural ending, for matching "production" to "Productions"."""
    word = word.lower().strip("’'.,")
    return word[:-1] if word.endswith("s") and len(word) > 4 else word


def resolve_np(doc: Doc, start: int, end: int) -> tuple[Entity | None, tuple[int, int] | None, str | None]:
    """(entity, mention span, source kind hint) for a source phrase at ``start:end``."""
    phrase = doc.text[start:end].strip()
    lead = len(doc.text[start:end]) - len(doc.text[start:end].lstrip())
    start += lead
    end = start + len(phrase)
    if not phrase or doc.masked.count(MASK, start, end) > 12:  # a nickname (“Cia”) is fine
        return None, None, None
    words = phrase.split()
    if len(words) > 16:
        return None, None, None
    low = phrase.lower()
    if len(words) == 1 and low not in lx.PRONOUNS:
        bare = _CONTRACTED_RE.sub("", low)  # "He’s claiming", "She’d said", "They’ve argued"
        if bare in lx.PRONOUNS:
            low = bare
            end = start + len(bare)
    if len(words) == 1 and low in lx.PRONOUNS:
        if low in ("i", "we", "me", "us", "you", "who", "which"):
            if low in ("who", "which"):
                ent = antecedent_of_relative(doc, start, low)
                return ent, (start, end), None
            return None, None, None
        ent = _body_subject_before(doc, start) if low in ("it", "they") else None
        if ent is None:
            ent = doc.names.resolve_pronoun(low, start)
        if ent is None and low in ("it", "they"):
            return None, (start, end), "vague"  # "it says", "they say": no antecedent found
        return ent, (start, end), None
    if len(words) > 1 and words[-1].lower() in ("he", "she", "they"):
        # "in an interview with Russia’s network RT he blasted": the pronoun is the subject
        pstart = end - len(words[-1])
        return resolve_np(doc, pstart, end)
    mentions = doc.names.mentions_between(start, end + 1)
    # Possessive document: "Bachelet’s report"
    pm = _POSSESSIVE_LOWER_HEAD_RE.match(phrase)
    if pm and pm.group(2) in lx.DOCUMENT_NOUNS:
        owner = [mm for mm in mentions if mm.end <= start + len(pm.group(1)) + 1]
        if owner:
            return owner[-1].entity, (start, end), "document"
        doc = doc.names.group_entity(phrase, "document", start)
        return doc, (start, end), "document"
    if _DEFINITE_DOC_RE.fullmatch(phrase):
        # "A web video by the RNC …. The clip says …": the document named before, whose
        # owner speaks through it
        owner = document_owner_before(doc, start, words[-1])
        if owner is not None:
            return owner, (start, end), "document"
    core = _PP_TAIL_RE.sub("", phrase)
    dm = _DOC_HEAD_RE.match(phrase)
    if (
        dm
        and dm.group(1).lower() in _FINDING_DOCS
        and (dm.group(1).islower() or dm.start(1) == 0)
        # "footage of Hillary Clinton asking, “…”": the person filmed speaks
        and not (dm.group(2) == "of" and any(mm.entity.type == "person" for mm in mentions))
    ):
        # "A 2014 study by Loyola Law School professor Justin Levitt found …", "Video of the
        # incident shows …": a document speaks; its author, when named after "by", owns it
        by = dm.end(1) + start
        # "a study by X", "data compiled by X", "figures reported by X"
        authored = dm.group(2) in ("by", "from") or (
            dm.group(2) is not None and _BY_AFTER_RE.match(phrase, dm.end(2)) is not None
        )
        owners = [mm for mm in mentions if mm.start > by] if authored else []
        if owners:
            owner = next((mm for mm in reversed(owners) if mm.entity.type == "person"), owners[-1])
            return owner.entity, (start, end), "document"
        if authored and dm.group(2) not in ("by", "from"):
            # "data compiled by MarketLens": the author as the phrase after "by" names it
            by_at = start + dm.end(2) + _BY_AFTER_RE.match(phrase, dm.end(2)).end() - dm.end(2)
            author = resolve_np(doc, by_at, end)[0] if by_at < end else None
            if author is not None and author.type != "document":
                return author, (start, end), "document"
        if dm.group(2) == "from" and dm.group(1).lower() == "statement":
            # "A statement from the ministry said …": the ministry (named before) speaks
            body = resolve_np(doc, start + dm.end(2) + 1, end)[0]
            if body is not None and body.type in ("organization", "government", "media"):
                return body, (start, end), None
        doc = doc.names.group_entity(phrase[: dm.end(1)], "document", start)
        return doc, (start, end), "document"
    last = core[core.rfind(" ") + 1 :]
    if (
        " for " in core
        or " of " in core
        or (mentions and (last[:1].islower() or last.lower().strip("’'.") in _GROUP_HEADS))
    ):
        group = _named_group(doc, phrase, core, start, end, mentions)
        if group is not None:
            return group
    if (
        mentions
        and core.split()[-1].lower() in lx.DOCUMENT_NOUNS
        # the noun is not the end of a longer name: not "the Office for National Statistics"
        and not any(
            mm.start < start + len(core.rstrip()) - len(core.split()[-1]) < mm.end for mm in mentions
        )
    ):
        # "a Commerce Department report released Thursday": a document of the body named in it
        doc = doc.names.group_entity(core, "document", start)
        return doc, (start, end), "document"
    if mentions:
        # The head of the phrase: the last name in it, unless a later part is "of/for X"
        cand = [mm for mm in mentions if not _PREP_BEFORE_RE.search(doc.text[start : mm.start])]
        lead_noun = _PP_TAIL_RE.sub("", phrase).split(" of ")[0].split(" for ")[0].split()[-1].lower()
        if cand:
            chosen = cand[-1]
        elif lead_noun in _TITLE_NOUNS or lead_noun in ("spokesman", "spokeswoman", "spokesperson"):
            chosen = mentions[-1]  # "a spokesman for the Pentagon": the organisation speaks
        elif mentions[-1].entity.type == "person":
            chosen = mentions[-1]  # "footage of Hillary Clinton asking"
        else:
            chosen = None  # "A team of researchers … in The Netherlands": not the place
        if (
            chosen is not None
            and chosen.entity.type in ("government", "organization", "media")
            and (phrase.split()[-1].lower() in _TITLE_NOUNS or phrase.split()[-1] in _PERSON_NOUNS)
        ):
            chosen = None
        if chosen is not None and chosen.entity.type != "person":
            role = ROLE_COMPLEMENT_RE.search(doc.text, start, chosen.start)
            if role is not None and role.group(1).lower() in lx.TITLES:
                # "China’s ambassador to Britain": the ambassador speaks, not Britain; the person
                # if the article names the same role with a name elsewhere, else unclear
                return named_holder(doc, phrase, start), (start, end), None
        if chosen is not None:
            ent = chosen.entity
            if ent.type == "person" and not ent.role:
                role = doc.text[start : chosen.start].strip()
                if (
                    role
                    and role[:1].islower()
                    and len(role.split()) >= 2
                    and any(w.strip("’'s").lower() in lx.TITLES for w in role.split())
                ):
                    ent.role = role
            return ent, (start, end), None
    head = words[-1].lower().strip("’'.")
    head_words = {w.lower().strip("’'.,") for w in words}
    rejected = bool(
        mentions
    )  # places and bodies only inside a modifier ("researchers … in The Netherlands")
    if rejected:
        head = _PP_TAIL_RE.sub("", phrase).split()[-1].lower().strip("’'.")
    # Capitalised words the registry did not type: a name used as a source ("Figueroa said").
    if rejected or (len(words) == 1 and low in _COMMON_SOURCE_NOUNS):
        caps = []  # "Critics say": a capitalised common noun at the start of a sentence
    else:
        caps = _CAP_WORD_RE.findall(phrase)
    if caps and words[-1][:1].isupper() and head not in lx.NOT_NAMES and head not in _ROLE_NOUNS:
        name_tokens = []
        for w in reversed(words):
            if w[:1].isupper() and w.lower().strip(".") not in lx.NOT_NAMES:
                if name_tokens and w.lower().strip(".") in lx.TITLES:
                    break  # "Labour MP Jane Doe": the name after the title
                name_tokens.insert(0, w)
            else:
                break
        lone = name_tokens[0].lower() if len(name_tokens) == 1 else ""
        if lone in PARTY_WORDS or (lone.endswith("s") and common_word(doc, lone)):
            # "Democrats say", "many Republican claims", "Delegates questioned …" ("delegates"
            # elsewhere): people of a party or a kind, not one person
            return doc.names.group_entity(phrase, "group", start), (start, end), "vague"
        if name_tokens and len(name_tokens) <= 4:
            name = " ".join(name_tokens)
            ent = doc.names.name_entity(name, end - len(name))
            return ent, (start, end), None
    if head in _MEDIA_NOUNS and low.startswith(("the ", "this ")):
        return doc.names.most_recent("media", start), (start, end), None
    role_head = (
        head in _TITLE_NOUNS
        or head in _PERSON_NOUNS
        or (head in _ROLE_NOUNS and not rejected)
        or bool(_AGE_NOUN_RE.fullmatch(head))
    )
    if role_head and not low.startswith(("a ", "an ", "one ")):
        # "a spokesperson for the federation rejected the claim. “…,” the spokesperson said": the
        # source introduced with that noun just before, not the last person named
        earlier = introduced_source(doc, head, start)
        if earlier is not None:
            return earlier[0], (start, end), earlier[1]
        # "the senator", "the former secretary of state and current … nominee": a definite
        # description of someone already named
        ent = titled_person(doc, head, start)
        if ent is None:
            ent = headline_person(doc, start)
        if ent is None:
            ent = doc.names.resolve_pronoun("they-person", start)
            if ent is not None and other_office(f"{ent.role or ''} {ent.name}", head):
                ent = None  # "the governor replied" after Sen. John Thune: someone else
            bare = low in (f"the {head}", f"this {head}")
            if (
                ent is not None
                and not ent.role
                and head in _OFFICE_WORDS
                and bare
                and doc.names.last_speaker_before(start) is ent
            ):
                # “…,” said Ann Lee, who owns a bakery. ¶ “…,” the mayor said: a bare office
                # nobody was introduced with, right after someone else spoke, is not that
                # speaker but someone the article does not name ("Chris Christie spoke on
                # the radio. The governor added:" and "the Indiana governor" still point back)
                ent = None
        if ent is not None:
            return ent, (start, end), None
        if low.startswith(("the ", "this ")) or _POSSESSIVE_LEAD_RE.match(phrase):
            # "the German chancellor", "the company's chief executive", no one named before:
            # the description is the speaker
            name = re.sub(r"^(?:the|this)\s+", "", " ".join(phrase.split()), flags=re.IGNORECASE)
            return doc.names.group_entity(name, "person", start), (start, end), None
    if low.startswith("the ") and len(words) <= 3:
        # "the fund" after "the International Monetary Fund": an organisation by its head noun;
        # "the production company" after "Dick Clark Productions": by a word of its name
        stems = {_stem(w) for w in words[1:-1]} - {""}
        for ent in reversed(doc.names.entities):
            if ent.type in ("organization", "government", "media") and ent.first < start:
                if head_noun(ent.name) == head or stems & {_stem(w) for w in ent.name.lower().split()}:
                    return ent, (start, end), None
    if head in _ORG_NOUNS and low.startswith("the "):
        ent = (
            (doc.names.most_recent("group", start) if head in ("group", "team") else None)
            or doc.names.most_recent("organization", start)
            or doc.names.most_recent("government", start)
        )
        if ent is not None and head in _NAMED_ORG_HEADS and head not in ent.name.lower():
            ent = None  # "the ministry", "the police" after "Acme Corp": another body
        if ent is not None:
            return ent, (start, end), None
    if head in lx.DOCUMENT_NOUNS or head_words & {"report", "study", "survey", "poll"}:
        return doc.names.group_entity(phrase, "document", start), (start, end), "document"
    kind = None
    sm = _SPOKESPERSON_FOR_RE.match(phrase)
    if sm and not mentions:
        # "a spokesperson for the company": the company (named before) speaks through them
        owner = resolve_np(doc, start + sm.start(1), end)[0]
        if owner is not None and owner.type in ("organization", "government", "media", "person"):
            return owner, (start, end), None
    if _CLOSE_TO_RE.match(low):
        # "those close to him", "people familiar with the talks", "someone close to the family"
        return doc.names.group_entity(phrase, "group", start), (start, end), "anonymous"
    if head_words & lx.ANONYMOUS_NOUNS:
        kind = "anonymous"  # "a source", "two officials", "the aide": unnamed, whatever follows
    if kind is None and (head_words & lx.VAGUE_NOUNS or head in lx.VAGUE_NOUNS):
        kind = "vague"
    if kind is None and head in _COMMON_SOURCE_NOUNS and len(_PP_TAIL_RE.sub("", phrase).split()) <= 6:
        kind = "anonymous" if head in lx.ANONYMOUS_NOUNS or head in _UNNAMED_PERSON_NOUNS else "vague"
    if kind is None:
        return None, None, None
    short = _PP_TAIL_RE.sub("", phrase) or phrase  # "A team of researchers" (affiliated with …)
    if short != phrase:
        short = with_body_tail(short, phrase, start, mentions)
    if len(short.split()) > 8:
        return None, None, None
    return doc.names.group_entity(short, "group", start), (start, end), kind


def with_body_tail(core: str, phrase: str, start: int, mentions: list) -> str:
    """ "Officials at Homeland Security Investigations", "researchers from Oxford University":
    the body the group belongs to stays in its name (the tail is cut otherwise)."""
    m = _BODY_TAIL_RE.match(phrase, len(core))
    if m is None:
        return core
    at = start + m.end()
    body = next((mm for mm in mentions if mm.start == at and mm.entity.type != "person"), None)
    if body is None or len(phrase[: body.end - start].split()) > 8:
        return core
    return phrase[: body.end - start]


def _named_group(doc: Doc, phrase: str, core: str, start: int, end: int, mentions: list
) -> tuple[Entity, tuple[int, int], str | None] | None:
    """A source headed by a common noun that a name only modifies: "Labour sources", "a White
    House official", "one GOP source", "attorneys for the family", "Smith’s office", "the
    Clinton campaign". The source is the group or office as written, not the name inside it
    (a journalist tells "Smith said" from "Smith’s office said")."""
    head_part = (
        core.split(" of ")[0].split(" for ")[0].rstrip(" ,")
        if " of " in core or " for " in core
        else core
    )
    sp = head_part.rfind(" ")
    head = head_part[sp + 1 :]
    if not head:
        return None
    low = head.lower().strip("’'.")
    if not head[:1].islower() and not (sp < 0 and low in _GROUP_HEADS):
        return None  # the commonest case: a name ("Abrams", "the State Department")
    head_at = start + len(head_part) - len(head)
    if any(mm.end > head_at and mm.start < head_at + len(head) for mm in mentions):
        return None
    if low in _GROUP_HEADS:
        kind = "anonymous" if low in lx.ANONYMOUS_NOUNS else "vague"
        etype = "group"
    elif low in _OFFICE_HEADS and any(mm.end <= head_at for mm in mentions):
        kind, etype = None, "organization"  # "Smith’s office", "the Clinton campaign"
    else:
        return None
    name = core if len(core.split()) <= 8 else head_part
    name = with_body_tail(name, phrase, start, mentions) if name == core else name
    name = re.sub(r"^(?:the|a|an)\s+", "", " ".join(name.split()), flags=re.IGNORECASE)
    if etype == "group" and kind == "vague" and len(name.split()) == 1:
        return None
    ent = doc.names.group_entity(name, etype, start)
    return ent, (start, end), kind


def dash_speaker(doc: Doc, q_end: int, hi: int) -> Attribution | None:
    """“…” ― Sonya Herridge: a name after a dash closing a quotation."""
    m = _DASH_SPEAKER_RE.match(doc.text, q_end, hi + 80)
    if not m:
        return None
    ent, mention, kind = resolve_np(doc, m.start(1), m.end(1))
    if ent is None or ent.type not in ("person", "organization", "media", "government"):
        return None
    return Attribution(ent, mention, cue=None, source_kind=kind)


def _body_subject_before(doc: Doc, pos: int) -> Entity | None:
    """ "Clinton’s campaign is seeking … what they call …", "Trump’s campaign is defending ….
    It’s denouncing what it calls …": "it"/"they" is the body ("X’s campaign", "the company")
    that opens its sentence, or the sentence before when the pronoun opens its own."""
    text = doc.text
    lo = max(0, pos - 300)
    cuts = [m.end() for m in _SENTENCE_CUT_RE.finditer(text, lo, pos)]
    sent_start = cuts[-1] if cuts else lo
    if not text[sent_start:pos].strip() and len(cuts) >= 2:
        sent_start = cuts[-2]  # the pronoun opens its sentence: look at the one before
    elif not cuts and lo > 0:
        return None
    m = _BODY_SUBJECT_RE.match(text, sent_start, pos)
    if m is None:
        return None
    ent, _, _ = resolve_np(doc, m.start(1), m.end(1))
    bodies = ("organization", "government", "media", "group")
    return ent if ent is not None and ent.type in bodies else None
