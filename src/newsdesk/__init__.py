"""newsdesk: cited, cross-checked story briefs from many news articles.

The library never prints; it logs through the ``newsdesk`` logger, which has a
``NullHandler`` until the application configures logging.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from .errors import InputError, NewsdeskError, NoArticlesError  # noqa: E402
from .model import (  # noqa: E402
    Analysis,
    Article,
    Brief,
    BriefSentence,
    Citation,
    Conflict,
    Entity,
    Event,
    Fact,
    InputProblem,
    Quote,
    Sentence,
)

logging.getLogger(__name__).addHandler(logging.NullHandler())

# The pipeline and the readers pull in numpy, scikit-learn and trafilatura; they are
# imported on first use so that ``newsdesk --help`` and ``import newsdesk.model`` stay fast.
_LAZY = {
    "BriefOptions": "pipeline",
    "brief": "pipeline",
    "ReadOptions": "read",
    "ReadResult": "read",
    "read_articles": "read",
}

if TYPE_CHECKING:
    from .pipeline import BriefOptions, brief
    from .read import ReadOptions, ReadResult, read_articles


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'newsdesk' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "__version__",
    "Analysis",
    "Article",
    "Brief",
    "BriefOptions",
    "BriefSentence",
    "Citation",
    "Conflict",
    "Entity",
    "Event",
    "Fact",
    "InputError",
    "InputProblem",
    "NewsdeskError",
    "NoArticlesError",
    "Quote",
    "ReadOptions",
    "ReadResult",
    "Sentence",
    "brief",
    "read_articles",
]
