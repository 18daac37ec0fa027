"""Lines of a saved page that are the site talking, not the article: "Related: …", "Follow us on
Twitter", "Subscribe to our newsletter", "X contributed to this report".

trafilatura finds the article's block; these lines sit inside it. Each pattern below matches a
whole line (a paragraph of the extracted text) and was read off the pages of
``../shared/articles/web-dev`` whose marked article bodies leave the line out (the page named
after each pattern is one of them). They are kept narrow: a line is dropped only when it is
short and is one of these kinds as a whole, never because a word appears in it, so a sentence of
the article that mentions a newsletter or Twitter stays. Dropped lines are listed in
``Article.boilerplate`` and in the briefing's diagnostics. Plain-text files are never filtered:
their ``article.text`` is the file.
"""

from __future__ import annotations

import re

_MAX_LINE = 400  # characters: a boilerplate line is a link, a credit or a call to act, never long

_PATTERNS: tuple[tuple[str, str], ...] = (
    # "Related: 7 Strange Signs …" (livescience), "SEE MORE: Hong Kong protests: …" (express),
    # "Read more: …" (DW pages, issue 16)
    ("link to another story", r"(?:related(?: articles?| stories| coverage)?|read more|see more|see also"
     r"|more on this(?: story)?|read next|recommended|must read|also read|watch|more ap [a-z]+)\s*:.*"),
    # "DON'T MISS" (express), "Something to Consider" (nationalreview), "Related", "Advertisement"
    ("section label", r"(?:don[’']t miss|related(?: articles| stories)?|advertisement|something to consider"
     r"|most read|trending now|recommended for you)\s*"),
    # "China furious at Macron for Hong Kong protest jibe [INSIGHT]|" (express): a list of links
    ("link to another story", r".{10,200}\[(?:INSIGHT|VIDEO|REACTION|PICS|PICTURES|REVEALED|LATEST|POLL"
     r"|ANALYSIS|EXCLUSIVE|LIVE)\]\s*\|?\s*"),
    # "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube." (bbc), "Follow @BGRDeals on
    # Twitter to keep up …" (bgr), "Follow Ben Kew on Facebook, Twitter at @ben_kew" (breitbart)
    ("social media call", r"follow\s+\S.{0,80}?\s+on\s+(?:twitter|facebook|instagram|youtube|tiktok"
     r"|linkedin)\b.*"),
    # "Subscribe to the Morning Review newsletter" (spokesman), "Get the day’s top headlines
    # delivered to your inbox …" (spokesman), "Get the latest updates right in your inbox.
    # Subscribe to NJ.com’s newsletters." (nj.com), "PC Gamer Newsletter / Sign up …" (issue 16)
    ("newsletter call", r"(?:subscribe\b|sign up\b|get (?:the|our)\b).{0,160}?\b(?:newsletters?|inbox)\b.*"),
    ("newsletter call", r".{0,60}\bnewsletter\s*/\s*sign up\b.*"),
    # "Listen to Newsbeat live at 12:45 and 17:45 weekdays - or listen back here." (bbc)
    ("programme call", r"listen (?:to .{1,60} live|back here)\b.*"),
    # "Fox News’ Jessica Napoli contributed to this report." (foxnews), "Associated Press writers
    # … contributed to this report." (ap), "Additional reporting by Joseph Hudak" (rollingstone)
    ("credit", r".{3,240}\bcontributed (?:to )?this (?:report|story|article)\.?"),
    ("credit", r"additional reporting by .{3,160}|reporting by .{3,80};\s*editing by .{3,120}"),
    # "Reach the reporters on Twitter at …" (ctpost, ap), "Have a tip? Amy Kuperinsky may be
    # reached at …" (nj.com)
    ("contact line", r"(?:reach the (?:reporters?|writers?|authors?)\b|have a (?:news )?tip\?).*"),
    # "This article originally appeared on VICE US." (issue 16)
    ("credit", r"(?:this|the) (?:article|story|piece) (?:originally|first) "
     r"(?:appeared|ran|was published)\b.*"),
    # "© Thomson Reuters 2020" (issue 16), "Copyright 2019 The Associated Press. All rights reserved."
    ("copyright line", r"(?:©|copyright\s*(?:©\s*)?\d{4}\b).{0,120}"),
    # "If you enjoyed this article, we have a proposition for you: Join NRPLUS." (nationalreview)
    ("subscription call", r"if you enjoyed this article\b.*"),
    # "Title | DW | 19.01.2020" (issue 16): a page title with its site and date
    ("page title line", r"[^|\n]{3,200}\|\s*[A-Z][\w .&-]{0,30}\|\s*\d{1,2}[./]\d{1,2}[./]\d{2,4}\s*"),
)

_COMPILED = tuple((kind, re.compile(pattern, re.IGNORECASE | re.DOTALL)) for kind, pattern in _PATTERNS)


def boilerplate_kind(line: str) -> str | None:
    """What kind of boilerplate ``line`` (one paragraph, stripped) is as a whole, or None."""
    if len(line) > _MAX_LINE:
        return None
    for kind, pattern in _COMPILED:
        if pattern.fullmatch(line):
            return kind
    return None


def split_boilerplate(lines: list[str]) -> tuple[list[str], list[str]]:
    """(kept, dropped): ``lines`` without the boilerplate ones, and those, in page order."""
    kept: list[str] = []
    dropped: list[str] = []
    for line in lines:
        (dropped if boilerplate_kind(line) else kept).append(line)
    return kept, dropped
