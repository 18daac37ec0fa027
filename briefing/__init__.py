"""briefing: turn a news article into a neutral, source-cited briefing.

Library use::

    from briefing import load_article, generate
    briefing = generate(load_article("article.txt"), engine="rules")
    print(briefing.model_dump_json(indent=2))

Many articles on a Dask cluster (``pip install "briefing[dask]"``)::

    from briefing import extract_many
    extract_many(paths, "briefings/")   # one JSON briefing per line, as `briefing batch -f json`

Importing this package does not import openai, instructor, trafilatura or dask.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["BriefingError", "__version__", "extract_many", "generate", "load_article"]

if TYPE_CHECKING:
    from briefing.errors import BriefingError
    from briefing.many import extract_many
    from briefing.pipeline import generate
    from briefing.text.article import load_article


def __getattr__(name: str) -> Any:  # lazy: keep `import briefing` cheap
    if name == "load_article":
        from briefing.text.article import load_article

        return load_article
    if name == "generate":
        from briefing.pipeline import generate

        return generate
    if name == "extract_many":  # many articles on a Dask cluster (pip install "briefing[dask]")
        from briefing.many import extract_many

        return extract_many
    if name == "BriefingError":
        from briefing.errors import BriefingError

        return BriefingError
    raise AttributeError(name)
