"""The text layer: the article and its spans, shared by both engines.

- ``article``    load text or HTML (trafilatura) and metadata into an :class:`~briefing.schema.Article`;
- ``segment``    paragraphs and sentences, with offsets into the article text;
- ``quotes``     quotation spans: every mark style, nested, over several paragraphs;
- ``grounding``  align any string to the text: exact, then normalised, then fuzzy, with its status;
- ``intervals``  containment queries over many spans.
"""
