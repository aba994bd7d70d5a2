"""newsdesk: cited, cross-checked story briefs from many news articles.

The library never prints; it logs through the ``newsdesk`` logger, which has a
``NullHandler`` until the application configures logging.
"""

from __future__ import annotations

import logging

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
from .pipeline import BriefOptions, brief  # noqa: E402
from .read import ReadOptions, ReadResult, read_articles  # noqa: E402

logging.getLogger(__name__).addHandler(logging.NullHandler())

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
