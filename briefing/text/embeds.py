"""Posts a page embeds in its article (a tweet the story quotes), kept as the article's words.

A news page quotes a post by embedding it: ``<blockquote class="twitter-tweet">`` with the post's
text and its signature ("— Dele (@dele_official) November 19, 2019"). trafilatura drops the block as
a social-media widget, by its class names, and with it words the article quotes and who wrote
them. Here the embedded post becomes a plain quotation block before extraction, so it stays where
the story put it; the rules engine gives its words to the name on the signature line
(``briefing.rules.posts``). Pages without such a block are not parsed again.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import lxml.html

_EMBED_CLASSES = ("twitter-tweet", "instagram-media", "tiktok-embed")
_WIDGET_CLASS_RE = re.compile(r"tweet|twitter|instagram|tiktok|social|embed", re.IGNORECASE)


def unhide_embedded_posts(raw: str) -> str:
    """``raw`` with each embedded post as a plain ``<blockquote>``, and the widget classes of the
    blocks around it removed, so that extraction keeps it; ``raw`` itself when it embeds none."""
    if not any(name in raw for name in _EMBED_CLASSES):
        return raw
    import lxml.etree
    import lxml.html

    try:
        tree = lxml.html.fromstring(raw)
    except (ValueError, lxml.etree.ParserError):
        return raw
    test = " or ".join(
        f'contains(concat(" ", normalize-space(@class), " "), " {name} ")' for name in _EMBED_CLASSES
    )
    posts = tree.xpath(f"//blockquote[{test}]")
    if not posts:
        return raw
    for post in posts:
        post.attrib.pop("class", None)
        for br in list(post.iter("br")):  # a post's lines are one paragraph of its words
            _replace_with_space(br)
        block = post.getparent()
        while block is not None and block.tag not in ("body", "html"):
            if _WIDGET_CLASS_RE.search(block.get("class") or ""):
                block.attrib.pop("class")
            block = block.getparent()
    return lxml.html.tostring(tree, encoding="unicode")


def _replace_with_space(element: lxml.html.HtmlElement) -> None:
    """Remove ``element``, leaving a space (and its tail text) where it was."""
    text = " " + (element.tail or "")
    previous, parent = element.getprevious(), element.getparent()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    elif parent is not None:
        parent.text = (parent.text or "") + text
    if parent is not None:
        parent.remove(element)
