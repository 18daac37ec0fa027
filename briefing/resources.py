"""Find the data that ships with the package: templates/ and prompts/.

In a wheel they live inside the package (``briefing/templates``); in a source checkout or an
editable install they are the top-level ``templates/`` and ``prompts/`` folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Directory of the shipped ``templates`` or ``prompts``."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"briefing's {name}/ folder is missing from this installation")
