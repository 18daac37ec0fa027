"""Who said what: speaker, cue and channel for every quotation, and reported (indirect) speech.

The unit of work is the *clause unit*: a sentence, widened so that no quotation is cut in two.
Inside it, quotations are masked out and every attribution cue is found ("said", "told",
"according to", "quoted him as saying"). Each cue gets

- a **source phrase** (its subject: "Abrams", "he", "the State Department’s special envoy … Elliott
  Abrams", "Bachelet’s report", "a source familiar with the talks"), before the cue or, inverted,
  after it ("…,” said Abrams);
- a **content span**: what was said: the clause after the cue ("told the Times that CONTENT"), or
  before it ("CONTENT, X said"), or around "according to X";
- a **channel** when the words came through a medium ("the New York Times quoted him as saying",
  "told the New York Times", "in a statement", "X’s report said").

Quotations then take the cue that governs them (the one right after the closing mark, else the one
whose content holds the quotation), or, failing that, the speaker of the quotation just before them
(continued quotes). Cues whose content is not itself a quotation become indirect quotes.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from briefing.rules import cues as cx
from briefing.rules import lexicon as lx
from briefing.rules.name_scan import PARTY_WORDS
from briefing.rules.names import Entity, has_word, is_title_case
from briefing.rules.registry import Registry
from briefing.rules.reported_clause import fronted_clause_end, starts_fronted_clause

# Precompiled patterns used in hot functions (module-level re.* calls pay a cache lookup).
_LOWER_START_RE = re.compile(r"[\s]*[a-z]")
_UPPER_NEXT_RE = re.compile(r"\s*[A-Z]")
_PREP_NEXT_RE = re.compile(r"\s+(?:to|on|with|in)\b")
# After "asked": a question put ("asked whether …", "asked: “…”"), not "asked not to be named".
_ASKED_NEXT_RE = re.compile(r"\s*(?:[,.:;!?\x01]|$|(?:whether|if|why|how|what|who|when|where|about)\b)")
# A request: "asked residents in low-lying streets to leave" (not "asked not to be named").
_ASKED_TO_RE = re.compile(
    r"\s+(?!(?:not|for|about|after|that|to)\b)(?:[\w’'-]+\s+){1,6}?to\s+(?!be\s+(?:named|identified)\b)[a-z]+"
)
_TRAILING_COMMA_OR_QUOTE_RE = re.compile(r"[,\x01]\s*$")
# "X promised … and (also) said": a second verb of the same subject.
_AND_BUT_BEFORE_RE = re.compile(
    r"[\w,\x01]\s+(?:and|but)\s+(?:(?:also|then|later|has|have|had|is|was|were|are|not|never|repeatedly|"
    r"publicly|privately|previously|recently)\s+){0,3}$"
)
_QUOTE_NEXT_RE = re.compile(r"\s*[,:]?\s*\x01")
# Blank, or ending in a comma or quotation: where an inverted cue stands ("…,” said X).
_INVERTED_CUE_BEFORE_RE = re.compile(r"(?:[,\x01]|^)\s*$")
_THAT_OR_COMMA_NEXT_RE = re.compile(r"\s*(?:that|,)")
_POSSESSIVE_HEAD_RE = re.compile(r"(.+?)[’']s\s+(?:\w+\s+){0,2}(\w+)$")
_LAST_WORD_RE = re.compile(r"([A-Za-z’']+)\s+$")
_POSSESSIVE_LOWER_HEAD_RE = re.compile(r"(.+?)[’']s\s+(?:[a-z-]+\s+){0,2}([a-z]+)$")
_PREP_BEFORE_RE = re.compile(r"\b(?:of|for|at|with|from|in)\s+(?:the\s+)?$", re.IGNORECASE)
# What follows a cue but is not what was said: "told reporters [after the two-day meeting]."
_ADJUNCT_ONLY_RE = re.compile(
    r"\s*(?:after|before|during|following|at|outside|inside|from|on|in|while|when|to|with)\s+[^,;:\x01]*"
    r"(?:,\s*[a-z]+ing\b[^;:\x01]*)?[.!?]?\s*$"
)
_GERUND_AFTER_RE = re.compile(r"\b(?:by|for|after|before|while|when|without|in)\s+$")
_TOLD_THAT_RE = re.compile(r"[^,;:.\x01\n]{0,60}?\bthat\s+")
_ING_START_RE = re.compile(r"\s*[a-z]+ing\b")
_RELATIVE_LEAD_RE = re.compile(r",\s+(which|who)\b")
_REL_SUBJECT_RE = re.compile(r"(?<![\w’'-])(which|who)\s*$")
# "…, a source said, speaking on condition …": a participle about the speaker, not a gerund
# subject ("…, he said, replacing her would be …") nor "including"
_COMMA_ING_START_RE = re.compile(
    r"[\s,]*(?!including\b)[a-z]+ing\b(?!(?:\s+[\w’'-]+){0,6}?\s+(?:would|will|could|can|is|was|"
    r"are|were|has|had|may|might|should|must)\b)"
)
# What may follow a cue that ends its sentence ("…, the source added on Tuesday.").
_CLOSING_REST_RE = re.compile(r"(?:\s+[^\s,;:\x01]+){0,8}\s*[.!?]?[\s\x01]*")
_CLOSE_TO_RE = re.compile(
    r"(?:those|people|persons|someone|somebody|one|two|three|several|many|others|friends|allies|a\s+person)"
    r"\s+(?:\w+\s+)?(?:close|familiar)\s+(?:to|with)\b"
)
_APPOSITION_START_RE = re.compile(
    r"(?:(?:in|during|at)\s+(?:a|an|the|its|his|her|their)\s+(?:[\w-]+\s+){0,2}(?:statement|interview|"
    r"letter|speech|post|tweet|briefing|filing|e-?mail|news\s+conference|press\s+conference)\b|"
    r"however$|meanwhile$|though$|too$|"
    r"speaking|who|which|citing|published|released|issued|written|commissioned|prepared|compiled|"
    r"based|\d{1,3}\b|[a-z]+ed\s+by\b)"
)
# Verbs of saying with a person object before the "that" clause: "warned Americans that …".
_OBJECT_THAT_FORMS = frozenset(
    "warn warns warned warning assure assures assured remind reminds reminded inform informs informed "
    "notify notified advise advised advises convince convinced persuade persuaded promise promises "
    "promised reassure reassured".split()
)
_OBJECT_THAT_RE = re.compile(
    r"\s+(?:the\s+|a\s+|his\s+|her\s+|their\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,5}?\s+that\s+"
)
_BARE_END_RE = re.compile(r"\s*(?:[.!?,;:)]|$)")
# Cues that may follow their source's phrase after a comma clause: "…, said John Smith, a spokesman."
_INVERTING_FORMS = frozenset(
    "said says say added adds wrote writes noted notes explained explains continued replied replies "
    "asked asks recalled recalls insisted insists argued argues countered acknowledged conceded "
    "declared warned warns".split()
)
_NEXT_CUE_VERB_RE = re.compile(
    r"\s+(?:said|says|found|finds|shows|showed|stated|states|concluded|concludes|noted|notes|added|claimed|"
    r"claims|warned|warns|estimated|estimates|suggested|suggests)\b"
)
_LEAD_ADJUNCT_RE = re.compile(
    r"\s*(?:In|At|On|During|After|Before|Following|Speaking|Asked|When|While|As|Earlier|Later|Last|This)\s"
    r"[^\x01]{0,60}?,\s*$"
)
_DENY_FORMS = frozenset("denied denies deny denying".split())  # "denied any wrongdoing"
# A channel adjunct closing a content: "… in an interview earlier Thursday morning".
_TRAILING_CHANNEL_RE = re.compile(
    r"[\s,]+(?:in|during|at)\s+(?:a|an|the|his|her|their|its)\s+(?:[\w-]+\s+){0,2}(?:interview|statement|"
    r"e-?mail|ruling|letter|speech|post|tweet|news\s+conference|press\s+conference|briefing|appearance|"
    r"op-ed|memo|filing|radio\s+interview|television\s+interview|TV\s+interview)\b[^,;\x01]{0,50}$"
)
_CHANNEL_TAIL_RE = re.compile(
    r"(?:\s+(?:on|to|for|with)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)?[.,;:]*$"
)
_SPOKESPERSON_FOR_RE = re.compile(
    r"(?:a|an|the|one)\s+(?:[\w-]+\s+)?(?:spokesman|spokeswoman|spokesperson|representative|lawyer|attorney)"
    r"\s+(?:for|of)\s+(.+)$",
    re.IGNORECASE,
)
_SAY_FORMS = frozenset("said says say".split())
_AGE_NOUN_RE = re.compile(r"\d{1,3}-year-old")  # "the 54-year-old said"
_PARTICIPLE_CHANNEL_RE = re.compile(
    r"\b(?:[Ss]peaking\s+(?:to|on|with)|[Ww]riting\s+(?:in|for|on)|[Ii]nterviewed\s+(?:by|on))\s+"
    r"((?:the\s+)?[A-Z][\w&’'-]*(?:\s+(?:[A-Z][\w&’'-]*|\d+))*(?:’s|'s)?(?:\s+[A-Z][\w&’'-]*)*)"
)
_ACCUSE_FORMS = frozenset({"charged"})
_ACCUSE_NEXT_RE = re.compile(r"\s*(?:that\b|,|:|\x01)")
# A source phrase headed by a document noun, perhaps with a tail: "a 2014 study by X", "video of …".
_FINDING_DOCS = lx.DOCUMENT_NOUNS | frozenset(
    "video videos footage recording recordings photos images".split()
)
_DOC_HEAD_RE = re.compile(
    r"(?:(?:the|a|an|this|that|new|latest|recent|another)\s+)?(?:[\w’'-]+\s+){0,3}?([A-Za-z]+)"
    r"(?:\s+(by|from|of|on|in|that|which|conducted|published|released|issued|carried)\b|\s*$)"
)
# Statements made with an infinitive: "promised to cut taxes", "vowed to fight the ruling".
_INFINITIVE_CUES = frozenset(
    """promise promises promised promising pledge pledges pledged pledging vow vows vowed vowing
    threaten threatens threatened threatening claim claims claimed claiming""".split()
)
_TO_VERB_RE = re.compile(r"\s*to\s+(?!the\b|a\b|an\b|his\b|her\b|their\b|its\b|[A-Z])[a-z]+\b")
_CONJ_START_RE = re.compile(r"(?:and|but|or|so|yet)\s")
_AND_CLAUSE_RE = re.compile(r"\s*,?\s*and\s")
# A cue inside a content, not a new statement: "through what she calls …", "as he said",
# "noted reports alleging that she claimed …".
_RELATIVE_BEFORE_RE = re.compile(r"\b(?:what|which|as|(?<!not )that)\s+$")
# "…, X said Friday, as they bristled …": a clause of the outlet's after the attribution.
_SUBORDINATE_START_RE = re.compile(
    r"\s*(?:as|while|when|after|before|because|although|though|even\s+as|amid|since|where|which|who)\b"
)
_AUX_AFTER_CUE_RE = re.compile(r"\s+(?:could|would|should|might|may|must|can|was|were|is|are)\s")
_ACCORDING_APPOSITION_RE = re.compile(r"(,\s+(?:a|an|the)\s+[^,;:\x01\n]{2,80}),\s+(?=[a-zA-Z])")
_APPOSED_NAME_RE = re.compile(
    r",\s+((?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})\s*(?=[.,;!?]|$)"
)
_APPOSED_ROLE_HEADS = frozenset(
    "spokesman spokeswoman spokesperson representative lawyer attorney aide adviser advisor "
    "official director executive chief head manager secretary minister leader chairman chairwoman "
    "president founder owner analyst economist professor scientist researcher expert doctor".split()
)
_ONE_PERSON_RE = re.compile(r"\s*((?:one|a|an|another)\s+(?:[a-z-]+\s+){0,2}[a-z]+(?<!ly))\s*")
# Heads that name a kind of body: "the ministry" is the last-named organisation only if that one is
# a ministry ("the Ministry of Defence"), unlike "the company" or "the group".
_NAMED_ORG_HEADS = frozenset("ministry department agency court police committee".split())
_LY_NOUNS = frozenset(
    "family families ally rally supply assembly monopoly anomaly homily bully belly jelly reply "
    "melancholy".split()
)
_PASSIVE_BEFORE_RE = re.compile(r"\b(?:is|are|was|were|been|be|being)\s+(?:\w+ly\s+)?$")
_PROGRESSIVE_RE = re.compile(r"\b(?:is|are|was|were|been|be)\s+(?:also\s+|now\s+|still\s+|not\s+)?$")
_HEADLINE_LINE_RE = re.compile(r"[^\n]+")
_CUE_TITLE_RE = re.compile(cx.CUE_RE.pattern, re.IGNORECASE)
_RX_AND_BEFORE = re.compile(r"\band\s+$")
_PP_TAIL_RE = re.compile(
    r"(?<!familiar)(?<!close)\s+(?:affiliated|with|in|at|from|who|that|which|based|working|released|published|"
    r"issued|obtained|filed|seen)\b.*$",
    re.DOTALL,
)
_CAP_WORD_RE = re.compile(r"[A-ZÀ-ÖØ-Þ][\w’'.-]+")
_TRAILING_COMMA_RE = re.compile(r",\s*$")
_COMMA_NEXT_RE = re.compile(r"\s*,")
_END_PUNCT_START_RE = re.compile(r"\s*[.!?]")
_BLANK_RE = re.compile(r"\s*$")
# Its end is where the content after "according to X," starts.
_COMMA_WITH_SPACE_NEXT_RE = re.compile(r"\s*,\s*")
# A comma, quotation or dash at the end.
_TRAILING_BREAK_RE = re.compile(r"(?:,|\x01|\s[—–―]|\s--)\s*$")


# Cue forms that are also plural or singular nouns, and what before them makes them nouns: "of"
# ("a flurry of tweets"), or a determiner or possessive and a hyphenated modifier ("his
# late-night tweets", "Trump’s early-morning tweets").
_NOUN_FORMS = frozenset(
    """tweet tweets post posts report reports claim claims comment comments remark remarks reply
    replies warning warnings promise promises pledge pledges vow vows threat threats estimate
    estimates""".split()
)
_NOUN_PHRASE_BEFORE_RE = re.compile(
    r"(?:\b[Oo]f|\b(?i:the|a|an|his|her|its|their|our|my|your|this|that|these|those|whose)|[’']s|s[’'])"
    r"\s+(?:[a-z]+(?:-[a-z]+)+\s+)?$"
    r"|\b[Aa]n?\s+(?:[A-Z][\w.’'-]*\s+){1,3}$",  # "a Donald Trump tweet attacking …"
)
# "who said", "which reported", "who in 2010 said", "which on Monday released": a relative
# pronoun as the subject of a cue, with at most a short time adjunct between them.
_RELATIVE_SUBJECT_RE = re.compile(
    r"(?<![\w’'-])(who|which|Who|Which)(?:\s+(?:in|on|at|last|this|earlier)\s+[\w-]+)?\s*$"
)
# "the clip", "this ad", "the video": a definite document that refers back to one named before.
_DEFINITE_DOC_RE = re.compile(
    r"(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:ad|advert|advertisement|clip|video|spot|commercial|film|letter|memo|"
    r"report|study|book|leaflet|flyer|mailer|post|statement)"
)
_DOC_OWNER_REACH = 1500  # characters
_THE_RE = re.compile(r"^(?:[Tt]he)\s+")
_BODY_TAIL_RE = re.compile(r"\s+(?:at|from|with|in)\s+(?:the\s+)?")
_SENTENCE_CUT_RE = re.compile(r"(?:[.!?][”\"’']?\s+|\n+)(?=[“\"‘']?[A-Z])")
# A body opening a sentence: "Clinton’s campaign", "The company", "Acme Corp’s board".
_BODY_SUBJECT_RE = re.compile(
    r"\s*((?:[Tt]he\s+|(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.-]*[’']s\s+)(?:[a-z-]+\s+){0,2}?"
    r"(?:campaign|company|group|committee|administration|agency|department|office|team|party|union|"
    r"commission|government|board|council|firm|ministry))\b"
)
# A document introduced before (not itself "the …"), perhaps with its author: "a web video by the
# Republican National Committee", "a new campaign ad". Group 1: the noun; group 2: the author's start.
_DOC_INTRO_RE = re.compile(
    r"(?<![Tt]he )(?<![Tt]his )(?<![Tt]hat )\b(ad|advert|advertisement|clip|video|spot|commercial|film|"
    r"letter|memo|report|study|book)s?\b(?:\s+(?:\w+\s+){0,2}?(?:by|from)\s+(?:the\s+)?([A-Z]))?"
)
# Nouns that may name the same document: "a web video …. The clip says …".
_DOC_FAMILIES = {
    **dict.fromkeys("ad advert advertisement clip video spot commercial film".split(), "video"),
    **dict.fromkeys("letter memo".split(), "letter"),
    **dict.fromkeys("report study".split(), "report"),
    "book": "book",
}
_CONTRACTED_RE = re.compile(r"[’'](?:s|d|ll|ve|re)$")


MASK = "\x01"
_POSSESSIVES = frozenset("his her its their our my your".split())
# Verbs of saying whose unknown subject phrase is still reported as the source (not "states",
# "claims": nouns as often as verbs).
_FALLBACK_FORMS = frozenset(
    """said says told tells added adds wrote writes warned warns argued argues insisted insists noted
    explained explains stated announced acknowledged replied responded testified tweeted claimed
    contended countered conceded""".split()
)
_FALLBACK_SKIP = frozenset("often still incorrectly wrongly correctly".split())
_FALLBACK_BAD_FIRST = frozenset(
    """to let's lets should would could will can may might must as if when while because although
    though after before since than and but or so yet nor not no this that these those there here
    something anything nothing everything""".split()
)
_FALLBACK_BAD_LAST = frozenset(
    """the a an of to in on at for with by from as and or but that this who which whom whose what
    be been being is are was were has have had do does did not""".split()
)
_PAREN_SUBJECT_RE = re.compile(
    r"\s*((?:[\w’'.-]+\s+){0,5}[\w’'.-]+)\s*,\s+(?:including|who|whose|like|such\s+as|among\s+them|"
    r"many\s+of\s+whom|most\s+of\s+whom|some\s+of\s+whom)\b[^\x01;:,]*(?:,[^\x01;:,]*)?,"
)
_PLURAL_NOUN_FORMS = frozenset("states claims reports notes calls".split())
_PLURAL_NOUN_NEXT_RE = re.compile(r"\s+(?:of|and|or|where|which|who|are|were|have|had)\b")
_BE_FORMS = frozenset("is are was were be been being".split())
_RELATIVE_OBJECT_BEFORE_RE = re.compile(r"\b(?:which|that|what|whom|who)\s+$")
_ADDED_NEXT_RE = re.compile(r"\s*(?:that\b|[,.:]|\x01|$)")
_WH_WORDS = frozenset("what which who whom whose how when where why whatever".split())
_NOT_NEWLINE = re.compile(r"[^\n]")

_BOUNDARY_RE = re.compile(
    r"[,;:()\[\]\x01—–―]|\s-\s|(?<![\w-])(?:that|and|but|although|though|while|because|when|whereas|as|if|"
    r"after|before|since|so|where|which|once|until|whom)(?![\w-])",
    re.IGNORECASE,
)
_AUX_WORDS = frozenset(
    """has have had was is would will could did does also later then previously once often recently
    repeatedly publicly privately reportedly further again earlier first separately flatly quickly
    never not already even simply just specifically explicitly bluntly has've""".split()
)
_TIME = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|weekend|month|year|morning|"
    r"afternoon|evening|night|January|February|March|April|May|June|July|August|September|October|"
    r"November|December|spring|summer|fall|autumn|winter)"
)
_ADVERBIAL_RE = re.compile(
    r"(?:\s*,?\s*(?:"
    rf"(?:on|by|late|early|in)\s+(?:\w+\s+)?{_TIME}\b(?:\s+(?:night|morning|afternoon|evening))?"
    rf"|(?:last|this|next|earlier\s+this|late\s+last|earlier\s+in\s+the)\s+{_TIME}\b"
    r"|(?:in|during|at)\s+(?:a|an|the|his|her|their|its)\s+(?:\w+\s+){0,2}(?:statement|interview|call|"
    r"conference|briefing|speech|appearance|post|tweet|letter|email|e-mail|hearing|video|podcast|"
    r"rally|meeting|event)(?:\s+(?:with|on|to|at)\s+(?:the\s+)?[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,4})?"
    r"|on\s+(?:Twitter|Facebook|Instagram|television|TV|radio|CNN|Fox\s+News|MSNBC)"
    r"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?"
    r"|(?:last|on\s+\w+)\s+night|this\s+(?:morning|afternoon|evening)"
    r"|(?:earlier|later|yesterday|today|tonight|recently|again|also|privately|publicly|however|though|"
    r"meanwhile|moreover|instead|backstage|afterward|afterwards|then|repeatedly|bluntly|flatly)"
    r")\s*,?)+"
)
_TELL_OBJECT_RE = re.compile(
    r"\s*((?:the\s+)?(?:[A-Z][\w.&’'-]*(?:\s+(?:of\s+|for\s+)?[A-Z][\w.&’'-]*){0,5})|reporters|journalists|"
    r"him|her|them|us|me|you|supporters|the\s+crowd|a\s+crowd|an?\s+[a-z]+(?:\s+(?!that\b)[a-z]+){0,3}|"
    r"the\s+[a-z]+(?:\s+(?!that\b)[a-z]+){0,2}|[a-z]+\s+reporters|CNN|NBC)"
)
_PP_THAT_RE = re.compile(
    r"\s*,?\s*(?:in|at|on|during|after|before|from|to|with|outside|inside|while|last|this|late|early|earlier)"
    r"\s[^,;:.!?\x01\n]{1,60}?\bthat\s+(?!(?:is|was|were|are|has|had|have|will|would|could|can)\b)"
    # "said after the convention he would …": a short adjunct, then a pronoun subject
    r"|\s*(?:after|before|during|at|in|on)\s[^,;:.!?\x01\n]{1,40}?\s(?=(?:he|she|they|it|we|I)\s+[a-z])"
)
_THAT_RE = re.compile(r"\s*(?:,\s*)?(?:that,?|:)\s+", re.IGNORECASE)
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
_WORD_TOKEN = re.compile(r"[\w’'.-]+")
_CLAUSE_END_RE = re.compile(
    r"\s--\s|,\s+with\s|\s+but\s+(?:also\s+)?(?:noted|said|added|argued|insisted|warned)\b|"
    r"(?:,|(?<=\x01))\s+(?:although|though|but(?!\s+(?:also|could|would|should|will|can|did|does|do|is|was|"
    r"were|are|has|had|have|not|never|may|might|must|only|still|then)\b)|while|whereas|even\s+as|"
    r"according\s+to)\b|;|"
    r"\s[—–―]\s|,\s+where\s|"
    r",\s+and\s+(?:when|while|after|before|as|then|later)\b|,\s+citing\b|"
    # ", and the downgrade is casting …": a new clause with a subject of its own (not a pronoun,
    # which usually continues the speaker's own account)
    r",\s+and\s+(?=(?:the|a|an|his|her|its|their|[A-Z][a-z]+)\s+(?:[\w’'-]+\s+){0,4}?"
    r"(?:is|are|was|were|has|have|had|will|would|could|can|did|does|declined|said|says|warned)\b)|"
    # ", and human rights groups warned that …": another source's statement, whoever they are
    r",\s+and\s+(?!that\b)(?=(?:[\w’'-]+\s+){1,5}?(?:said|say|says|warned|warn|argued|argue|insisted|"
    r"insist|noted|note|added|claimed|claim|contended|countered|told|wrote|replied|responded)\b)"
)
_NP_STOP_RE = re.compile(
    r"[,.;:()\x01—–―!?]|\s(?:on|in|at|last|this|that|who|after|before|during|when|while|about|to|as)\s"
)
_ABBREV_BEFORE_RE = re.compile(
    r"(?:\b(?:Rep|Sen|Gov|Gen|Lt|Col|Mr|Mrs|Ms|Dr|Jr|Sr|St|Rev|Prof|Sgt|Adm|Capt|Maj|Lt|Sens|Reps)|"
    r"\b[A-Z]|\.[A-Z])$"
)
_DASH_SPEAKER_RE = re.compile(
    r"[ \t\u00a0]*[―—–-]{1,2}[ \t\u00a0]*([A-Z][\w.’'-]*(?:[ \t\u00a0]+[A-Z][\w.’'-]*){0,4})"
)
_OPENS_THAT_CLAUSE_RE = re.compile(r"\s*(?:[\w’'-]+\s+){0,2}that\s+")
_DASH_RE = re.compile(r"\s(?:[—–―]|--)\s")
_DASH_PAIR_RE = re.compile(r"[^\x01;.!?—–―]{1,100}?\s(?:[—–―]|--)\s+(?=[a-z])")


def _clause_end(text: str, start: int, end: int) -> int | None:
    """Where a content starting at ``start`` stops before ``end`` (a clause break), or None.
    A dash that opens an aside closed by a second dash is not a break: "… to nominate Sargent
    Shriver — a member of the Kennedy clan — to replace Thomas Eagleton"."""
    pos = start
    while True:
        ce = _CLAUSE_END_RE.search(text, pos, end)
        if ce is None:
            return None
        if _DASH_RE.fullmatch(ce.group()):
            pair = _DASH_PAIR_RE.match(text, ce.end(), end)
            if pair is not None:
                pos = pair.end()
                continue
        return ce.start()


_PAREN_TAIL_RE = re.compile(r"\s*\([^()]{1,40}\)\s*$")
_LEAD_BREAK_RE = re.compile(r"(?:,\s+(?:but|and|so|yet)|;|:)\s+")
_FINITE_VERBS = frozenset(
    "is are was were has have had will would could should did does do can may might must".split()
)
_TRAILING_APPOSITIVE_RE = re.compile(
    r"\b[A-Z][\w.’'-]*(?:\s*\([^()\x01]{1,24}\))?(,\s+(?:the|a|an)\s+[^,;\x01“”\"]{1,150})$"
)
_LEAD_CONJ_RE = re.compile(r"(?:And|But|So|Yet|Or)\s+(?=[a-z])")
_TRAILING_CONJ_RE = re.compile(r"[\s,]+(?:and|but|or)(?:\s+[a-z]+ly)?(?:\s+that)?$")
PARTICIPLE_CLAUSE_RE = re.compile(r",\s+(?=(?:[a-z]+ing|which|who|whose)\b)")


_ROLE_ABBREVIATIONS = {
    "sen": "senator", "rep": "representative", "gov": "governor", "pres": "president",
    "gen": "general", "amb": "ambassador", "atty": "attorney", "sec": "secretary",
}
_OFFICE_WORDS = frozenset(
    "senator representative congressman congresswoman governor president mayor minister secretary "
    "ambassador judge general chancellor premier chairman chairwoman".split()
)
# Occupations a role may name instead: "Katharine Hayhoe, a climate scientist" is not "the mayor".
_OCCUPATION_WORDS = frozenset(
    "scientist professor researcher economist analyst doctor physician nurse lawyer attorney teacher "
    "coordinator activist author writer journalist reporter student farmer engineer historian "
    "executive founder owner actor actress singer artist coach player".split()
)


def _head_noun(name: str) -> str:
    """The head noun of a body's name: "fund" (International Monetary Fund), "commission"
    (Commission on Presidential Debates), "department" (Department of Justice)."""
    words = name.lower().split(" (")[0].split()  # "International Monetary Fund (IMF)"
    for i, w in enumerate(words[1:], 1):
        if w in ("of", "on", "for"):
            return words[i - 1]
    return words[-1]


def _offices(role: str) -> set[str]:
    return {_ROLE_ABBREVIATIONS.get(w, w) for w in re.findall(r"[a-z]+", role.lower())}


def _same_office(role: str, title: str) -> bool:
    """Does ``role`` ("Sen.", "the state's senior senator") hold ``title`` ("senator")?"""
    return title in role.lower() or title in _offices(role)


def _other_office(role: str | None, head: str) -> bool:
    """Does ``role`` name an office other than ``head`` ("Sen." for "the governor")?"""
    if not role or head not in _OFFICE_WORDS:
        return False
    offices = _offices(role) & (_OFFICE_WORDS | _OCCUPATION_WORDS)
    return bool(offices) and head not in offices


@dataclass
class Attribution:
    """Who is behind some words, and how the article says so."""

    speaker: Entity | None
    mention: tuple[int, int] | None = None  # how the source is named at this point
    cue: str | None = None
    cue_span: tuple[int, int] | None = None
    channel: str | None = None
    channel_entity: Entity | None = None
    source_kind: str | None = None  # anonymous / vague when the source phrase says so
    via: str | None = None  # how a quote without a cue of its own got it: "headline", "contained"


@dataclass
class CueHit:
    """One attribution cue in a clause unit."""

    start: int
    end: int
    word: str
    attribution: Attribution
    content: tuple[int, int] | None = None
    subject_after: bool = False
    noun: bool = False  # the cue word is a noun here ("his late-night tweets")


@dataclass
class Unit:
    start: int
    end: int
    paragraph: int
    cues: list[CueHit] = field(default_factory=list)


@dataclass
class Statement:
    """Reported speech without quotation marks: the content span and its attribution."""

    start: int
    end: int
    paragraph: int
    attribution: Attribution


def clause_units(text: str, sentences: Sequence, spans: Sequence) -> list[Unit]:
    """Sentences merged so that no top-level quotation crosses a unit boundary."""
    tops = [s for s in spans if s.nested_in is None]
    units: list[Unit] = []
    tops = sorted(tops, key=lambda q: q.outer_start)
    starts = [q.outer_start for q in tops]

    def inside_quote(pos: int) -> bool:
        k = bisect.bisect_left(starts, pos) - 1  # quotations do not overlap: check the one before
        return k >= 0 and tops[k].outer_start < pos < tops[k].outer_end

    for sent in sentences:
        inside = inside_quote(sent.start)
        if units and units[-1].paragraph == sent.paragraph and inside:
            units[-1].end = sent.end
            continue
        if units and inside:
            # A quotation spanning paragraphs: keep it in the unit where it starts.
            units[-1].end = max(units[-1].end, sent.end)
            continue
        units.append(Unit(sent.start, sent.end, sent.paragraph))
    # A unit ending right after a quotation with the attribution in the next sentence piece
    # ("…?” she asked.") is joined with it.
    merged: list[Unit] = []
    for u in units:
        if (
            merged
            and merged[-1].paragraph == u.paragraph
            and _LOWER_START_RE.match(text[u.start : u.start + 3])
        ):
            merged[-1].end = u.end
        else:
            merged.append(u)
    return merged


class Attributor:
    """Finds cues and attributions in one article."""

    def __init__(
        self, text: str, registry: Registry, spans: Sequence, words: cx.WordIndex | None = None
    ) -> None:
        self.text = text
        self.reg = registry
        self.spans = list(spans)
        self.tops = [s for s in spans if s.nested_in is None]
        self._tops_by_end = sorted(self.tops, key=lambda q: q.outer_end)
        self._top_ends = [q.outer_end for q in self._tops_by_end]
        pieces = []
        pos = 0
        for q in sorted(self.tops, key=lambda q: q.outer_start):
            if q.outer_start < pos:
                continue
            pieces.append(text[pos : q.outer_start])
            pieces.append(_NOT_NEWLINE.sub(MASK, text[q.outer_start : q.outer_end]))
            pos = q.outer_end
        pieces.append(text[pos:])
        self.masked = masked = "".join(pieces)
        # One pass over the article for each kind of cue; units take their share by offset.
        words = words or cx.WordIndex(text)
        self._quoted_as_all = words.finditer(cx.QUOTED_AS_RE, cx.QUOTED_AS_FIRST, masked)
        self._according_all = words.finditer(cx.ACCORDING_TO_RE, cx.ACCORDING_TO_FIRST, masked)
        self._cues_all = words.finditer(cx.CUE_RE, cx.CUE_FIRST_WORDS, masked)
        # Headlines in Title Case capitalise the cue too: "…, Former White House Doctor Says"
        for line in _HEADLINE_LINE_RE.finditer(masked, 0, min(len(masked), 400)):
            if is_title_case(line.group()):
                for cm in _CUE_TITLE_RE.finditer(masked, line.start(), line.end()):
                    if cm.group()[:1].isupper():
                        self._cues_all.append(cm)
                self._cues_all.sort(key=lambda c: c.start())
        self._cue_starts = [m.start() for m in self._cues_all]
        self._quoted_as_starts = [m.start() for m in self._quoted_as_all]
        self._according_starts = [m.start() for m in self._according_all]

    # ----- cues in a unit ---------------------------------------------------------------------
    def find_cues(self, unit: Unit) -> list[CueHit]:
        hits: list[CueHit] = []
        m_text = self.masked
        taken: list[tuple[int, int]] = []
        # "the New York Times quoted him as saying": the channel quotes the speaker.
        # Each list is in text order: bisect to the unit's share instead of scanning the article.
        lo = bisect.bisect_left(self._quoted_as_starts, unit.start)
        hi = bisect.bisect_left(self._quoted_as_starts, unit.end)
        for m in self._quoted_as_all[lo:hi]:
            hit = self._quoted_as(unit, m)
            if hit:
                hits.append(hit)
                taken.append((m.start(), m.end()))
        lo = bisect.bisect_left(self._according_starts, unit.start)
        hi = bisect.bisect_left(self._according_starts, unit.end)
        for m in self._according_all[lo:hi]:
            if m.group().lower().startswith("per") and not _UPPER_NEXT_RE.match(
                m_text[m.end() : m.end() + 2]
            ):
                continue
            hit = self._according_to(unit, m)
            if hit:
                hits.append(hit)
                taken.append((m.start(), hit.end))  # "according to a … report": not the verb "report"
        lo = bisect.bisect_left(self._cue_starts, unit.start)
        hi = bisect.bisect_left(self._cue_starts, unit.end)
        for m in self._cues_all[lo:hi]:
            if m.end() > unit.end:
                continue
            if any(a <= m.start() < b for a, b in taken):
                continue
            hit = self._verb_cue(unit, m)
            if hit:
                hits.append(hit)
        hits.sort(key=lambda h: h.start)
        self._fill_contents(unit, hits)
        unit.cues = hits
        return hits

    def _quoted_as(self, unit: Unit, m: re.Match[str]) -> CueHit | None:
        src = self.subject_before(unit.start, m.start())
        who_s, who_e = m.span(2)
        speaker, mention, kind = self._resolve_np(who_s, who_e)
        attr = Attribution(
            speaker,
            mention,
            cue=m.group(1) + " … as " + m.group(3),
            cue_span=(m.start(), m.end()),
            source_kind=kind,
        )
        if src is not None:
            ent, span, _ = src
            if ent is not None:
                attr.channel = self.text[span[0] : span[1]]
                attr.channel_entity = ent
        return CueHit(m.start(), m.end(), m.group(1), attr)

    def _according_to(self, unit: Unit, m: re.Match[str]) -> CueHit | None:
        np_end = self._np_end(m.end(), unit.end)
        if np_end <= m.end():
            return None
        speaker, mention, kind = self._resolve_np(m.end(), np_end)
        if speaker is None and kind is None:
            fallback = self._unresolved_source(m.end(), np_end)
            if fallback is None:
                return None
            speaker, mention, kind = fallback
        cue = " ".join(m.group().split())
        attr = Attribution(speaker, mention, cue=cue, cue_span=(m.start(), m.end() - 1), source_kind=kind)
        appos = _ACCORDING_APPOSITION_RE.match(self.masked, np_end, unit.end)
        if appos is not None and speaker is not None and speaker.type == "person":
            np_end = appos.end(1)  # "According to Jan Dvorak, an entomologist at …, the valley …"
        hit = CueHit(m.start(), np_end, cue, attr, subject_after=True)
        return hit

    def _unresolved_source(
        self, start: int, end: int
    ) -> tuple[Entity, tuple[int, int], str | None] | None:
        """ "according to the medical journal", "according to court filings", "according to its
        chief financial officer": a source phrase the resolver does not know is still the source
        (the phrase says so), kept as written: an outlet, a document, or an unnamed source."""
        phrase = " ".join(self.text[start:end].split())
        words = phrase.split()
        if not words or len(words) > 8 or MASK in phrase:
            return None
        head = words[-1].lower().strip("’'.,")
        first = words[0].lower()
        if not head.isalpha() or head in lx.PRONOUNS or first in (lx.PRONOUNS - _POSSESSIVES) | _WH_WORDS:
            return None  # "according to him" with no one to refer to; "according to what …"
        lead = len(self.text[start:end]) - len(self.text[start:end].lstrip())
        span = (start + lead, start + lead + len(self.text[start:end].strip()))
        if head in _MEDIA_NOUNS or head == "journal":
            return self.reg.group_entity(phrase, "media", span[0]), span, None
        if head in lx.DOCUMENT_NOUNS or head.rstrip("s") in lx.DOCUMENT_NOUNS:
            return self.reg.group_entity(phrase, "document", span[0]), span, "document"
        return self.reg.group_entity(phrase, "group", span[0]), span, "vague"

    def _verb_cue(self, unit: Unit, m: re.Match[str]) -> CueHit | None:
        word = " ".join(m.group().split())
        low = word.lower()
        text = self.masked
        before = text[unit.start : m.start()]
        if cx.NOUN_BEFORE_RE.search(before[-12:]) or _NEXT_CUE_VERB_RE.match(text, m.end()):
            return None  # "the report", "Bachelet’s report", "a Reuters report said": a noun, not the verb
        if low in _PLURAL_NOUN_FORMS and _PLURAL_NOUN_NEXT_RE.match(text, m.end()):
            return None  # "member states of the union", "claims and counterclaims": a plural noun
        noun = low in _NOUN_FORMS and bool(_NOUN_PHRASE_BEFORE_RE.search(before[-40:]))
        hit = self._verb_cue_hit(unit, m, word, low, before)
        if hit is not None and noun:
            # "a flurry of late-night tweets", "Trump’s early-morning tweets": a noun. What the
            # tweets say is still reported, but they do not govern a quotation another verb governs
            hit.noun = True
        return hit

    def _verb_cue_hit(self, unit: Unit, m: re.Match[str], word: str, low: str, before: str) -> CueHit | None:
        text = self.masked
        if low in cx.NEEDS_CLAUSE and _PREP_NEXT_RE.match(text[m.end() : m.end() + 6]):
            return None
        if low in cx.FINDING_FORMS and _AUX_AFTER_CUE_RE.match(text, m.end()):
            return None  # "the one they found could have been used": a relative clause, no report
        if low in _ACCUSE_FORMS and not _ACCUSE_NEXT_RE.match(text, m.end()):
            return None  # "arrested and charged", "charged with murder": not a charge made in words
        if (
            low in ("asked", "asks", "ask", "asking")
            and not _ASKED_NEXT_RE.match(text[m.end() : m.end() + 10])
            and not _ASKED_TO_RE.match(text, m.end(), unit.end)
        ):
            return None  # "officials who asked not to be named", "asked for help": not a question put
        if (
            low.endswith("ing")
            and _GERUND_AFTER_RE.search(before[-12:])
            and _BARE_END_RE.match(text, m.end())
        ):
            return None  # "opened fire without warning.": a gerund with nothing said after it
        # Participles continue the main clause's subject: "…, adding that …".
        if (
            low in cx.PARTICIPLE_FORMS
            and (
                _TRAILING_COMMA_OR_QUOTE_RE.search(before)
                or (low in cx.SPEECH_GERUNDS and _GERUND_AFTER_RE.search(before[-12:]))
            )
        ) or _AND_BUT_BEFORE_RE.search(
            before
        ):  # ", adding that …", "began by saying …", "X promised … and said …": the clause's subject
            attr = Attribution(None, None, cue=word, cue_span=(m.start(), m.end()))
            return CueHit(m.start(), m.end(), word, attr)
        progressive = bool(_PROGRESSIVE_RE.search(before[-20:]))  # "the White House is saying"
        if low.endswith("ing") and low in cx.PARTICIPLE_FORMS and not progressive:
            if not _QUOTE_NEXT_RE.match(text[m.end() : m.end() + 4]):
                return None
            sub = self.subject_before(unit.start, m.start())
            if sub is None or sub[0] is None or sub[0].type != "person":
                return None
            attr = Attribution(sub[0], sub[1], cue=word, cue_span=(m.start(), m.end()))
            return CueHit(m.start(), m.end(), word, attr)
        # Inverted: "…,” said Abrams." / "…, says John Smith, a spokesman." A subject with an
        # apposition before the cue wins ("Erin Murphy, a former aide, said McConnell's trip …").
        if _INVERTED_CUE_BEFORE_RE.search(before) and not _THAT_OR_COMMA_NEXT_RE.match(
            text[m.end() : m.end() + 6]
        ):
            sub = self.subject_before(unit.start, m.start()) if before.rstrip().endswith(",") else None
            if sub is not None and sub[0] is not None and sub[0].type == "person":
                speaker, mention, kind = sub
                attr = Attribution(
                    speaker, mention, cue=word, cue_span=(m.start(), m.end()), source_kind=kind
                )
                return CueHit(m.start(), m.end(), word, attr)
            np_end = self._np_end(m.end(), unit.end)
            np_words = text[m.end() : np_end].split()
            inverted_ok = (
                low in _INVERTING_FORMS
                or (
                    before.rstrip(" ,").endswith(MASK)
                    and self._speech_before(unit.start + len(before.rstrip(" ,")))
                )
                or not before.strip()
            )
            pronoun_object = (
                len(np_words) == 1
                and np_words[0].lower() in ("it", "he", "she", "they", "we")
                and not _BARE_END_RE.match(text, np_end)
            )  # "The company, in a statement, said it “remains …”": the clause's subject, not inverted
            if (
                inverted_ok  # "The letter, signed by …, urged the administration …" is not inverted
                and not pronoun_object
                and np_end > m.end()
                and len(np_words) <= 10
                and not (_FINITE_VERBS & set(np_words))
            ):
                speaker, mention, kind = self._resolve_np(m.end(), np_end)
                if speaker is None and kind is None:
                    one = _ONE_PERSON_RE.fullmatch(text, m.end(), np_end)
                    if one is not None:
                        # "said one trader, who asked not to be named": an unnamed person
                        phrase = text[one.start(1) : one.end(1)]
                        speaker = self.reg.group_entity(phrase, "group", one.start(1))
                        mention, kind = one.span(1), "anonymous"
                named = self._apposed_name(np_end, unit.end)
                if named is not None and (speaker is None or speaker.type != "person" or kind is None):
                    # "said a spokesman for Acme Corp, John Smith." / "said Lopez's lawyer, Mark Geragos."
                    if np_words[-1].lower().strip(".,") in _APPOSED_ROLE_HEADS or (
                        speaker is not None and speaker.type != "person"
                    ) or "’s" in text[m.end() : np_end] or "'s" in text[m.end() : np_end]:
                        speaker, mention, kind = named.entity, (named.start, named.end), None
                if speaker is not None or kind is not None:
                    attr = Attribution(
                        speaker, mention, cue=word, cue_span=(m.start(), m.end()), source_kind=kind
                    )
                    return CueHit(m.start(), m.end(), word, attr, subject_after=True)
        sub = self.subject_before(unit.start, m.start())
        if sub is None:
            return self._unresolved_subject(unit, m, word, low)
        speaker, mention, kind = sub
        if low in cx.FINDING_FORMS and not (kind == "document" or (speaker and speaker.type != "person")):
            return None
        if low in cx.FINDING_FORMS and _PASSIVE_BEFORE_RE.search(before[-16:]):
            return None  # "where it was found": a passive, not a finding anyone reports
        attr = Attribution(speaker, mention, cue=word, cue_span=(m.start(), m.end()), source_kind=kind)
        if mention and speaker is not None:
            self._possessive_document(attr, mention)
        return CueHit(m.start(), m.end(), word, attr)

    def _unresolved_subject(self, unit: Unit, m: re.Match[str], word: str, low: str) -> CueHit | None:
        """ "the ad's narrator says …", "human rights groups warned that …", "the book said": a verb
        of saying after a short noun phrase the resolver does not know. The statement is reported
        with the phrase as written as its source (``via="unresolved"``); quotations do not take
        their speaker from it (the engine's other evidence for a quotation's speaker is better)."""
        if low not in _FALLBACK_FORMS:
            return None
        text = self.masked
        end = m.start()
        while True:  # "has also said", "often said"
            lw = _LAST_WORD_RE.search(text, max(unit.start, end - 30), end)
            if lw is None or not (lw.group(1).lower() in _AUX_WORDS or lw.group(1).lower() in _FALLBACK_SKIP):
                break
            if lw.group(1).lower() in _BE_FORMS:
                return None  # "a curfew was announced": a passive
            end = lw.start(1)
        while end > unit.start and text[end - 1].isspace():
            end -= 1
        if end <= unit.start or (low in ("added", "adds") and not _ADDED_NEXT_RE.match(text, m.end())):
            return None  # "The state had added a week": not speech
        if text[end - 1] == ",":
            # "Others, including the employers' federation, argued …", "Relatives of the victims,
            # who had gathered outside, said …": the phrase before the parenthetical
            pm = _PAREN_SUBJECT_RE.fullmatch(text, unit.start, end)
            if pm is None:
                return None
            end = pm.end(1)
        start = self._np_start(unit.start, end)
        if _RELATIVE_OBJECT_BEFORE_RE.search(text, max(unit.start, start - 8), start):
            return None  # "which state media claimed [now allows …]": the object is the relative
        phrase = text[start:end]
        words = phrase.split()
        if not 1 <= len(words) <= 6 or MASK in phrase or any(c in phrase for c in ",;:()\"“”"):
            return None
        first, last = words[0].lower(), words[-1].lower().strip("’'.")
        if (
            first in lx.PRONOUNS
            or first in _WH_WORDS
            or "n’t" in phrase
            or "n't" in phrase
            or first in _FALLBACK_BAD_FIRST
            or last in _FALLBACK_BAD_LAST
            or not last.isalpha()
            or last.endswith("ly")
            or self.text[end - 1 : end] in "’'"
        ):
            return None
        found = self._unresolved_source(start, end)
        if found is None:
            return None
        speaker, mention, kind = found
        attr = Attribution(
            speaker, mention, cue=word, cue_span=(m.start(), m.end()), source_kind=kind, via="unresolved"
        )
        return CueHit(m.start(), m.end(), word, attr)

    def _apposed_name(self, np_end: int, hi: int):
        """The person named in an apposition that closes the clause: "…, John Smith." """
        am = _APPOSED_NAME_RE.match(self.masked, np_end, max(hi, np_end))
        if am is None:
            return None
        mentions = self.reg.mentions_between(am.start(1), am.end(1) + 1)
        if mentions and mentions[-1].entity.type == "person" and mentions[-1].end >= am.end(1) - 1:
            return mentions[-1]
        return None

    def _speech_before(self, outer_end: int) -> bool:
        """Is the quotation closing at ``outer_end`` someone's words (not a title: headlined “A
        Dangerous Precedent,” criticized …)?"""
        k = bisect.bisect_left(self._top_ends, outer_end)
        if k < len(self._top_ends) and self._top_ends[k] == outer_end:
            q = self._tops_by_end[k]
            return not q.title
        return True

    def _possessive_document(self, attr: Attribution, mention: tuple[int, int]) -> None:
        """ "Bachelet’s report said": speaker Bachelet, channel "Bachelet’s report"."""
        phrase = self.text[mention[0] : mention[1]]
        m = _POSSESSIVE_HEAD_RE.match(phrase)
        if m and m.group(2).lower() in lx.DOCUMENT_NOUNS:
            attr.channel = phrase
            doc = self.reg.group_entity(phrase, "document", mention[0])
            doc.used = True
            attr.channel_entity = doc

    # ----- source phrases ---------------------------------------------------------------------
    def subject_before(
        self, lo: int, cue_start: int
    ) -> tuple[Entity | None, tuple[int, int], str | None] | None:
        """The source phrase right before a cue, skipping auxiliaries and an apposition."""
        text = self.masked
        end = cue_start
        # skip auxiliaries/adverbs: "has also said"
        while True:
            m = _LAST_WORD_RE.search(text[max(lo, end - 30) : end])
            if m and (
                m.group(1).lower() in _AUX_WORDS
                or (
                    m.group(1).endswith("ly")
                    and m.group(1).islower()
                    and len(m.group(1)) > 4
                    and m.group(1) not in _LY_NOUNS
                )
            ):  # "has also said", "forcefully told", "angrily denied"
                end = max(lo, end - 30) + m.start(1)
                continue
            break
        seg_end = end
        while seg_end > lo and text[seg_end - 1].isspace():
            seg_end -= 1
        if seg_end <= lo:
            return None
        pm = _PAREN_TAIL_RE.search(text, lo, seg_end)
        if pm and pm.start() > lo:  # "Jason Chaffetz (R-Utah) said"
            seg_end = pm.start()
        # Apposition: "John Smith, a spokesman for the ministry, said" / "Rendell, who …, agreed" /
        # "Donald Trump, her Republican opponent, said" / "Cooper (D), McCrory's opponent …, saying"
        if text[seg_end - 1] == ",":
            found = None
            commas = [m.start() for m in re.finditer(",", text[lo : seg_end - 1])]
            fallback = None
            for k in range(len(commas) - 1, max(-1, len(commas) - 5), -1):
                prev = lo + commas[k]
                appos = text[prev + 1 : seg_end - 1].strip()
                if len(appos.split()) > 30 or MASK in appos or _CONJ_START_RE.match(appos):
                    break  # ", and the meeting deteriorated …, said …": a clause, not an apposition
                before = text[max(lo, prev - 60) : prev]
                pm = _PAREN_TAIL_RE.search(before)
                name_end = prev - (len(before) - pm.start()) if pm else prev
                inner = [
                    mm
                    for mm in self.reg.mentions_between(prev + 1, seg_end)
                    if mm.end >= seg_end - 2
                    and (
                        mm.entity.type == "person"
                        # "The manufacturer, Veritas Biologics, said": a body that is the whole apposition
                        or (
                            mm.entity.type in ("organization", "government", "media")
                            and _THE_RE.sub("", appos).rstrip(" ,") == text[mm.start : mm.end]
                        )
                    )
                ]
                if inner and len(appos.split()) <= 4 and k == len(commas) - 1:
                    # "A lawyer for the news outlets, David Schulz, said": the name is the apposition
                    return inner[-1].entity, (inner[-1].start, inner[-1].end), None
                near = [
                    mm
                    for mm in self.reg.mentions_between(max(lo, name_end - 60), name_end + 1)
                    if mm.end >= name_end - 1
                ]
                if near and near[-1].entity.type == "person":
                    found = name_end
                    break
                if near and fallback is None:
                    fallback = name_end
                if not near and fallback is None and _APPOSITION_START_RE.match(appos):
                    # "A senior official, speaking on condition of anonymity,", "Smith, 45,",
                    # "The report, published by the Institute for Fiscal Studies,"
                    np_start = self._np_start(lo, name_end)
                    res = self._resolve_np(np_start, name_end)
                    if res[0] is not None or res[2] is not None:
                        fallback = name_end
            found = found if found is not None else fallback
            if found is None:
                return None
            seg_end = found
        rel_lo = max(lo, seg_end - 40)
        tail = text[rel_lo:seg_end]
        rel = _RELATIVE_SUBJECT_RE.search(text, rel_lo, seg_end) if "ho" in tail or "ich" in tail else None
        if rel is not None:
            # "McConnell, …, who in 2010 said", "the Police Department which reported": the relative
            # pronoun's antecedent speaks
            ent = self._antecedent_of_relative(rel.start(1), rel.group(1).lower(), strict=True)
            if ent is not None:
                return ent, rel.span(1), None
        seg_start = self._np_start(lo, seg_end)
        if seg_start >= seg_end:
            rel = _REL_SUBJECT_RE.search(text, max(lo, seg_end - 8), seg_end)
            if rel is None:
                return None
            # "…, according to the consumer authority, which said …": the relative is the subject
            res = self._resolve_np(rel.start(1), rel.end(1))
            return res if res[0] is not None else None
        res = self._resolve_np(seg_start, seg_end)
        if res[0] is None and res[2] is None:
            # "Political observers in Virginia and around the country say": the phrase went on
            # past an "and"; try once from the boundary before it
            if _RX_AND_BEFORE.search(self.masked, max(lo, seg_start - 6), seg_start):
                wider = self._np_start(lo, max(lo, seg_start - 5))
                if wider < seg_start - 5:
                    res = self._resolve_np(wider, seg_end)
                    if res[0] is not None or res[2] is not None:
                        return res
            return None
        return res

    def _np_start(self, lo: int, end: int) -> int:
        """Start of the noun phrase that ends at ``end``: back to a clause boundary, at most 14 words."""
        text = self.masked
        lo = max(lo, end - 200)  # a source phrase is at most 14 words
        start = lo
        for m in _BOUNDARY_RE.finditer(text, lo, end):
            start = m.end()
        if end - start > 28:  # 15 words need at least 29 characters: shorter phrases skip the count
            words = list(_WORD_TOKEN.finditer(text, start, end))
            if len(words) > 14:
                start = words[-14].start()
        while start < end and text[start].isspace():
            start += 1
        return start

    def _np_end(self, start: int, hi: int) -> int:
        """End of a noun phrase that starts at ``start`` (after an inverted cue or "according to").

        Periods of titles and initials ("Rep.", "G.K.") do not end it."""
        text = self.masked
        pos = start
        while True:
            m = _NP_STOP_RE.search(text, pos, hi)
            if m is None:
                end = hi
                break
            if m.group() == "." and _ABBREV_BEFORE_RE.search(text, max(start, m.start() - 6), m.start()):
                pos = m.end()
                continue
            end = m.start()
            break
        while end > start and text[end - 1].isspace():
            end -= 1
        return end

    def _resolve_np(self, start: int, end: int) -> tuple[Entity | None, tuple[int, int] | None, str | None]:
        """(entity, mention span, source kind hint) for a source phrase at ``start:end``."""
        phrase = self.text[start:end].strip()
        lead = len(self.text[start:end]) - len(self.text[start:end].lstrip())
        start += lead
        end = start + len(phrase)
        if not phrase or self.masked.count(MASK, start, end) > 12:  # a nickname (“Cia”) is fine
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
                    ent = self._antecedent_of_relative(start, low)
                    return ent, (start, end), None
                return None, None, None
            ent = self._body_subject_before(start) if low in ("it", "they") else None
            if ent is None:
                ent = self.reg.resolve_pronoun(low, start)
            if ent is None and low in ("it", "they"):
                return None, (start, end), "vague"  # "it says", "they say": no antecedent found
            return ent, (start, end), None
        if len(words) > 1 and words[-1].lower() in ("he", "she", "they"):
            # "in an interview with Russia’s network RT he blasted": the pronoun is the subject
            pstart = end - len(words[-1])
            return self._resolve_np(pstart, end)
        mentions = self.reg.mentions_between(start, end + 1)
        # Possessive document: "Bachelet’s report"
        pm = _POSSESSIVE_LOWER_HEAD_RE.match(phrase)
        if pm and pm.group(2) in lx.DOCUMENT_NOUNS:
            owner = [mm for mm in mentions if mm.end <= start + len(pm.group(1)) + 1]
            if owner:
                return owner[-1].entity, (start, end), "document"
            doc = self.reg.group_entity(phrase, "document", start)
            return doc, (start, end), "document"
        if _DEFINITE_DOC_RE.fullmatch(phrase):
            # "A web video by the RNC …. The clip says …": the document named before, whose
            # owner speaks through it
            owner = self._document_owner_before(start, words[-1])
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
            owners = [mm for mm in mentions if mm.start > by] if dm.group(2) in ("by", "from") else []
            if owners:
                owner = next((mm for mm in reversed(owners) if mm.entity.type == "person"), owners[-1])
                return owner.entity, (start, end), "document"
            if dm.group(2) == "from" and dm.group(1).lower() == "statement":
                # "A statement from the ministry said …": the ministry (named before) speaks
                body = self._resolve_np(start + dm.end(2) + 1, end)[0]
                if body is not None and body.type in ("organization", "government", "media"):
                    return body, (start, end), None
            doc = self.reg.group_entity(phrase[: dm.end(1)], "document", start)
            return doc, (start, end), "document"
        last = core[core.rfind(" ") + 1 :]
        if (
            " for " in core
            or " of " in core
            or (mentions and (last[:1].islower() or last.lower().strip("’'.") in _GROUP_HEADS))
        ):
            group = self._named_group(phrase, core, start, end, mentions)
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
            doc = self.reg.group_entity(core, "document", start)
            return doc, (start, end), "document"
        if mentions:
            # The head of the phrase: the last name in it, unless a later part is "of/for X"
            cand = [mm for mm in mentions if not _PREP_BEFORE_RE.search(self.text[start : mm.start])]
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
            if chosen is not None:
                ent = chosen.entity
                if ent.type == "person" and not ent.role:
                    role = self.text[start : chosen.start].strip()
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
            if lone in PARTY_WORDS or (lone.endswith("s") and self._common_word(lone)):
                # "Democrats say", "many Republican claims", "Delegates questioned …" ("delegates"
                # elsewhere): people of a party or a kind, not one person
                return self.reg.group_entity(phrase, "group", start), (start, end), "vague"
            if name_tokens and len(name_tokens) <= 4:
                name = " ".join(name_tokens)
                ent = self.reg.name_entity(name, end - len(name))
                return ent, (start, end), None
        if head in _MEDIA_NOUNS and low.startswith(("the ", "this ")):
            return self.reg.most_recent("media", start), (start, end), None
        role_head = (
            head in _TITLE_NOUNS
            or head in _PERSON_NOUNS
            or (head in _ROLE_NOUNS and not rejected)
            or bool(_AGE_NOUN_RE.fullmatch(head))
        )
        if role_head and not low.startswith(("a ", "an ", "one ")):
            # "the senator", "the former secretary of state and current … nominee": a definite
            # description of someone already named
            ent = self._titled_person(head, start)
            if ent is None:
                ent = self._headline_person(start)
            if ent is None:
                ent = self.reg.resolve_pronoun("they-person", start)
                if ent is not None and _other_office(f"{ent.role or ''} {ent.name}", head):
                    ent = None  # "the governor replied" after Sen. John Thune: someone else
                bare = low in (f"the {head}", f"this {head}")
                if (
                    ent is not None
                    and not ent.role
                    and head in _OFFICE_WORDS
                    and bare
                    and self.reg.last_speaker_before(start) is ent
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
                return self.reg.group_entity(name, "person", start), (start, end), None
        if low.startswith("the ") and len(words) <= 3:
            # "the fund" after "the International Monetary Fund": an organisation by its head noun
            for ent in reversed(self.reg.entities):
                if (
                    ent.type in ("organization", "government", "media")
                    and ent.first < start
                    and _head_noun(ent.name) == head
                ):
                    return ent, (start, end), None
        if head in _ORG_NOUNS and low.startswith("the "):
            ent = (
                (self.reg.most_recent("group", start) if head in ("group", "team") else None)
                or self.reg.most_recent("organization", start)
                or self.reg.most_recent("government", start)
            )
            if ent is not None and head in _NAMED_ORG_HEADS and head not in ent.name.lower():
                ent = None  # "the ministry", "the police" after "Acme Corp": another body
            if ent is not None:
                return ent, (start, end), None
        if head in lx.DOCUMENT_NOUNS or head_words & {"report", "study", "survey", "poll"}:
            return self.reg.group_entity(phrase, "document", start), (start, end), "document"
        kind = None
        sm = _SPOKESPERSON_FOR_RE.match(phrase)
        if sm and not mentions:
            # "a spokesperson for the company": the company (named before) speaks through them
            owner = self._resolve_np(start + sm.start(1), end)[0]
            if owner is not None and owner.type in ("organization", "government", "media", "person"):
                return owner, (start, end), None
        if _CLOSE_TO_RE.match(low):
            # "those close to him", "people familiar with the talks", "someone close to the family"
            return self.reg.group_entity(phrase, "group", start), (start, end), "anonymous"
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
            short = self._with_body_tail(short, phrase, start, mentions)
        if len(short.split()) > 8:
            return None, None, None
        return self.reg.group_entity(short, "group", start), (start, end), kind

    @staticmethod
    def _with_body_tail(core: str, phrase: str, start: int, mentions: list) -> str:
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

    def _named_group(
        self, phrase: str, core: str, start: int, end: int, mentions: list
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
        name = self._with_body_tail(name, phrase, start, mentions) if name == core else name
        name = re.sub(r"^(?:the|a|an)\s+", "", " ".join(name.split()), flags=re.IGNORECASE)
        if etype == "group" and kind == "vague" and len(name.split()) == 1:
            return None
        ent = self.reg.group_entity(name, etype, start)
        return ent, (start, end), kind

    def dash_speaker(self, q_end: int, hi: int) -> Attribution | None:
        """“…” ― Sonya Herridge: a name after a dash closing a quotation."""
        m = _DASH_SPEAKER_RE.match(self.text, q_end, hi + 80)
        if not m:
            return None
        ent, mention, kind = self._resolve_np(m.start(1), m.end(1))
        if ent is None or ent.type not in ("person", "organization", "media", "government"):
            return None
        return Attribution(ent, mention, cue=None, source_kind=kind)

    def _body_subject_before(self, pos: int) -> Entity | None:
        """ "Clinton’s campaign is seeking … what they call …", "Trump’s campaign is defending ….
        It’s denouncing what it calls …": "it"/"they" is the body ("X’s campaign", "the company")
        that opens its sentence, or the sentence before when the pronoun opens its own."""
        text = self.text
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
        ent, _, _ = self._resolve_np(m.start(1), m.end(1))
        bodies = ("organization", "government", "media", "group")
        return ent if ent is not None and ent.type in bodies else None

    def _headline_person(self, pos: int) -> Entity | None:
        """ "Central bank chief says rates will stay high" as the headline: the first person the
        story's opening paragraph names ("The governor of the Bank of Velda, Rosa Ilves, said …")."""
        line_end = self.text.find("\n", 0, 400)
        if line_end < 0 or pos > line_end:
            return None
        body = line_end + 1
        while body < len(self.text) and self.text[body] == "\n":
            body += 1
        para_end = self.text.find("\n", body)
        para_end = len(self.text) if para_end < 0 else para_end
        for mm in self.reg.mentions_between(body, min(para_end, body + 600)):
            if mm.entity.type == "person":
                return mm.entity
        return None

    def _document_owner_before(self, pos: int, noun: str) -> Entity | None:
        """The author of the document "the clip" (``noun``) refers back to: the last one of its kind
        introduced before ``pos``, within a few paragraphs, when it was named "by"/"from" someone
        ("a web video by the Republican National Committee"); None when that one has no author."""
        family = _DOC_FAMILIES.get(noun.lower())
        found = None
        for m in _DOC_INTRO_RE.finditer(self.masked, max(0, pos - _DOC_OWNER_REACH), pos):
            if _DOC_FAMILIES.get(m.group(1).lower()) == family:
                found = m
        if found is None or found.group(2) is None:
            return None
        mentions = self.reg.mentions_between(found.start(2), found.start(2) + 80)
        return mentions[0].entity if mentions and mentions[0].start == found.start(2) else None

    def _common_word(self, low: str) -> bool:
        """Is ``low`` written in lower case elsewhere in the article (a common word capitalised at
        the start of a sentence, not a name)?"""
        return self.reg.name_entity_known(low) is None and has_word(self.text, low)

    def _titled_person(self, title: str, pos: int) -> Entity | None:
        best = None
        for ent in self.reg.entities:
            if ent.type == "person" and ent.role and ent.first < pos and _same_office(ent.role, title):
                best = ent if best is None or ent.first > best.first else best
        return best or None

    def _antecedent_of_relative(self, pos: int, pronoun: str = "who", strict: bool = False) -> Entity | None:
        """ "McConnell, now the Senate majority leader, who said …": the last person named before
        "who"; "the Chicago Police Department, which reported …": the last body before "which"
        (``strict``: no other antecedent will do)."""
        mentions = self.reg.mentions_between(max(0, pos - 80), pos)
        person = pronoun == "who"
        fit = [mm for mm in mentions if (mm.entity.type == "person") == person]
        if fit:
            return fit[-1].entity
        if strict:
            return None
        return mentions[-1].entity if mentions else None

    # ----- contents ---------------------------------------------------------------------------
    def _fill_contents(self, unit: Unit, hits: list[CueHit]) -> None:
        text = self.masked
        fronted = bool(hits) and starts_fronted_clause(text, unit.start)
        for i, hit in enumerate(hits):
            nxt = hits[i + 1].start if i + 1 < len(hits) else unit.end
            right_start = hit.end
            if hit.attribution.cue and hit.attribution.cue.lower().startswith(
                ("told", "tell", "tells", "telling")
            ):
                om = _TELL_OBJECT_RE.match(text, right_start)
                if om:
                    obj = om.group(1)
                    self._channel_from_object(hit, om.start(1), om.end(1), obj)
                    right_start = om.end()
                tm2 = _TOLD_THAT_RE.match(text, right_start)
                if tm2:  # "told a crowd in Cleveland that …", "told his advisers that …"
                    right_start = tm2.end()
            elif hit.subject_after:
                right_start = hit.end
            elif hit.word.lower() in _OBJECT_THAT_FORMS:
                tm2 = _OBJECT_THAT_RE.match(text, right_start)
                if tm2:  # "warned Americans on Sunday that …", "assured investors that …"
                    right_start = tm2.end()
            after_object = right_start  # "he told me[, on Friday,] …": where the cue's object ends
            am = _ADVERBIAL_RE.match(text, right_start)
            if am and am.end() > right_start:
                right_start = am.end()
            tm = _THAT_RE.match(text, right_start)
            if tm:
                right_start = tm.end()
            else:
                pm = _PP_THAT_RE.match(text, right_start)  # "says in Ohio that …", "said at a rally that …"
                if pm:
                    right_start = pm.end()
                    tm = pm
            # Where the right-hand content stops: the next cue's source phrase, a clause break.
            right_end = nxt
            if i + 1 < len(hits):
                nh = hits[i + 1]
                if (
                    nh.attribution.mention
                    and nh.attribution.mention[0] > right_start + 2
                    and not nh.subject_after
                    and not _RELATIVE_BEFORE_RE.search(
                        text, max(0, nh.attribution.mention[0] - 8), nh.attribution.mention[0]
                    )
                    # "The truth, the senator said, was that [Trump had attacked …]": the second
                    # cue's subject opens the first one's that-clause
                    and not _OPENS_THAT_CLAUSE_RE.fullmatch(text, right_start, nh.attribution.mention[0])
                ):
                    right_end = min(right_end, nh.attribution.mention[0])
                elif nh.attribution.mention and not nh.subject_after:
                    # "McAuliffe has said [about 20 people have indicated …]": the second cue is
                    # inside the first one's content, which runs on
                    right_end = unit.end if i + 2 >= len(hits) else hits[i + 2].start
                elif nh.subject_after:
                    right_end = min(right_end, nh.start)
            ce = _clause_end(text, right_start, right_end)
            if ce is not None:
                right_end = ce
            main = fronted_clause_end(text, unit.start, right_start, right_end) if fronted else None
            if main is not None:
                right_end = main  # After aides insisted that …, [the campaign has appeared to …]
            if hit.word.lower() == "citing":
                # "…, citing tax records": what was cited, up to the clause's end, never the clause before
                comma = text.find(",", right_start, right_end)
                right_end = comma if comma > 0 else right_end
            right = text[right_start:right_end]
            is_according = bool(hit.attribution.cue and hit.attribution.cue.lower().startswith("according"))
            # "The museum, Mr. Obama said, would make visitors …": content on both sides.
            left0 = (
                hit.attribution.mention[0] if hit.attribution.mention and not hit.subject_after else hit.start
            )
            lead_start = unit.start
            for bm in _LEAD_BREAK_RE.finditer(text, unit.start, left0):
                lead_start = bm.end()
            lead = text[lead_start:left0]
            # "Prices rose 3 percent, according to X, more than expected": after a whole clause,
            # "according to X" attributes what comes before it, not what follows
            according_after_clause = is_according and len(text[lead_start : hit.start].split()) >= 4
            if according_after_clause and _AND_CLAUSE_RE.match(right) and len(right.split()) >= 4:
                # "A, according to X, and B": X is the source of both
                hit.content = self._trim(lead_start, right_end)
                continue
            if (
                i == 0
                and not according_after_clause
                and _TRAILING_COMMA_RE.search(lead)
                and (
                    _COMMA_NEXT_RE.match(text[after_object : after_object + 3])
                    # "The truth, the senator said then, was that …" / "…, he told me on Friday, is …"
                    or bool(
                        am and am.start() == after_object and text[hit.end : am.end()].rstrip().endswith(",")
                    )
                )
                and not _SUBORDINATE_START_RE.match(right)
                and not _COMMA_ING_START_RE.match(right)  # "…, a source said, speaking on condition …"
                and len(right.split()) >= 3
                and 1 <= len(lead.split()) <= 25
                and MASK not in lead
            ):
                rels = list(_RELATIVE_LEAD_RE.finditer(text, lead_start, left0))
                # "…, is near the stadium, which, Tompkins said, is usually full …": the relative clause
                hit.content = self._trim(rels[-1].start(1) if rels else lead_start, right_end)
                continue
            if (
                len(right.split()) >= (2 if tm or hit.word.lower() in _DENY_FORMS else 3)
                and not _END_PUNCT_START_RE.match(right)
                and (not hit.subject_after or (is_according and not according_after_clause))
                and (
                    tm is not None  # "that at least 200 …"
                    or not _ADJUNCT_ONLY_RE.match(right)
                    or (
                        hit.word.lower() in _INFINITIVE_CUES and _TO_VERB_RE.match(right)
                    )  # "vowed to fight …"
                )
                and (is_according or not right.lstrip().startswith(","))  # “…,” he said, referring to …
                and not (hit.word.lower() in _SAY_FORMS and right.lstrip().startswith("of "))  # "said of X"
                and not ("," in text[hit.end : right_start] and _ING_START_RE.match(right))
                and not ("," in text[hit.end : right_start] and _SUBORDINATE_START_RE.match(right))
            ):
                hit.content = self._trim(right_start, right_end)
                continue
            if (
                right.lstrip().startswith(MASK)
                or hit.word.lower() == "citing"
                or (hit.subject_after is False and _QUOTE_NEXT_RE.match(text, right_start))
            ):
                continue  # "Asked whether she would resign, Lopez said: “…”": the quotation is what was said
            if hit.word.lower().endswith("ing") and not is_according:
                continue  # "X had mocked the complaint, saying …": what X did is not what X said
            # Content before the cue: "CONTENT, X said." / "According to X, CONTENT." is handled here too.
            if hit.attribution.cue and hit.attribution.cue.lower().startswith(
                ("according", "as reported", "per")
            ):
                if hit.start == unit.start or _BLANK_RE.match(text[unit.start : hit.start]):
                    cm = _COMMA_WITH_SPACE_NEXT_RE.match(text[hit.end : hit.end + 5])
                    if cm:
                        hit.content = self._trim(hit.end + cm.end(), unit.end)
                        continue
            left_end = (
                hit.attribution.mention[0] if hit.attribution.mention and not hit.subject_after else hit.start
            )
            if (
                hit.subject_after
                and hit.attribution.cue
                and hit.attribution.cue.lower().startswith("according")
            ):
                left_end = hit.start
            left_start = unit.start
            if i > 0 and not (i + 1 == len(hits) and self._closes_unit(hit, unit)):
                # (a closing "…, the source added." covers the whole sentence before it, cues
                # inside included: "Clinton had told police that …, but …, the source added.")
                prev = hits[i - 1]
                left_start = max(
                    left_start, prev.content[1] if prev.content and prev.content[1] <= left_end else prev.end
                )
            left = text[left_start:left_end]
            if _LEAD_ADJUNCT_RE.match(left):
                continue  # "In a statement released Tuesday, the company denied …": an adjunct, not content
            if _TRAILING_BREAK_RE.search(left) and len(self.text[left_start:left_end].split()) >= 3:
                first_q = text.find(MASK, left_start, left_end)
                if first_q > left_start:
                    # "As well as …, the regime … dictatorship, presiding over “…” …, X’s report said":
                    # the attribution covers the participial clause holding the quotation.
                    for cm in PARTICIPLE_CLAUSE_RE.finditer(text, left_start, first_q):
                        left_start = cm.start() + 1
                hit.content = self._trim(left_start, left_end)

    def _closes_unit(self, hit: CueHit, unit: Unit) -> bool:
        """The cue and its source end the sentence: "…, the source added." / "…, said one GOP
        source in the room." (at most a short adjunct after them, no further clause)."""
        rest_start = hit.end
        if hit.subject_after and hit.attribution.mention:
            rest_start = max(rest_start, hit.attribution.mention[1])
        rest = self.masked[rest_start : unit.end]
        return bool(_CLOSING_REST_RE.fullmatch(rest))

    def _channel_from_object(self, hit: CueHit, s: int, e: int, obj: str) -> None:
        ents = self.reg.mentions_between(s, e + 1)
        for mm in ents:
            if mm.entity.type == "media":
                # up to the outlet's name: "told the BBC." ends the sentence, "told CNN's Jake
                # Tapper" came through CNN
                channel = self.text[s : mm.end].strip().rstrip(".,;:")
                hit.attribution.channel = channel
                hit.attribution.channel_entity = mm.entity
                mm.entity.used = True
                return

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        text = self.text
        while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.—–-"):
            end -= 1
        lead = _LEAD_CONJ_RE.match(text, start, end)
        if lead and end - lead.end() > 10:
            start = lead.end()  # "And most of it is wrong, according to …": a link, not content
        # These patterns are anchored at the end: search only the tail a match can span.
        m = _TRAILING_CONJ_RE.search(text, max(start, end - 40), end)
        if m:
            end = m.start()
        m = _TRAILING_APPOSITIVE_RE.search(text, max(start, end - 200), end)
        if m and m.start(1) > start + 10:
            end = m.start(1)  # "… support Mr. Trump, the presumed Putin favorite": the outlet's gloss
        m = _TRAILING_CHANNEL_RE.search(text, max(start, end - 160), end)
        if m and m.start() > start + 10:
            end = m.start()  # "more school investment in a statement on Thursday": how, not what
        return start, end


def channel_phrase(text: str, start: int, end: int) -> str | None:
    """ "in a statement", "on Twitter", "in an interview with CNN" in a clause, as the channel."""
    pm = _PARTICIPLE_CHANNEL_RE.search(text, start, end)
    if pm:  # "Speaking to Times Radio, the chancellor said …", "Writing in the Daily Telegraph, …"
        return pm.group(1)
    m = cx.CHANNEL_PHRASE_RE.search(text, start, end)
    if not m:
        return None
    # "in a statement on Thursday." is the statement: no date, no sentence punctuation
    return _CHANNEL_TAIL_RE.sub("", " ".join(m.group().split()))
