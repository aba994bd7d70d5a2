"""The orchestrator: articles in, a :class:`~newsdesk.model.Brief` out."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from .analyze import analyze
from .errors import NoArticlesError
from .model import Analysis, Article, Brief, Document, InputProblem
from .segment import split_sentences
from .summarize import DEFAULT_METHOD, SUMMARIZERS, cite, get_summarizer

__all__ = ["BriefOptions", "brief", "documents"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True, slots=True)
class BriefOptions:
    """How to write a brief. ``words`` is the summary's budget; ``method`` names a
    registered summarizer; ``analyze`` turns the cross-source analysis on or off."""

    words: int = 250
    method: str = DEFAULT_METHOD
    analyze: bool = True

    def __post_init__(self) -> None:
        if self.words < 1:
            raise ValueError(f"words must be a positive number of words, got {self.words}")
        if self.method not in SUMMARIZERS:
            known = ", ".join(sorted(SUMMARIZERS))
            raise ValueError(f"unknown summarizer {self.method!r}; choose one of: {known}")


def documents(articles: Sequence[Article]) -> list[Document]:
    """Segment each article into sentences."""
    return [Document(a, tuple(split_sentences(a))) for a in articles]


def brief(
    articles: Sequence[Article],
    *,
    options: BriefOptions | None = None,
    problems: Sequence[InputProblem] = (),
) -> Brief:
    """Write the brief of one story told by ``articles``.

    ``problems`` (inputs that could not be read) are carried into the brief so every
    output can say what was left out. A single article still gets a brief.
    """
    options = options or BriefOptions()
    if not articles:
        raise NoArticlesError("no articles to summarise")
    docs = documents(articles)
    summarizer = get_summarizer(options.method)
    chosen = summarizer.select(docs, words=options.words)
    log.info("%s chose %d sentences from %d articles", summarizer.name, len(chosen), len(docs))
    analysis = analyze(docs) if options.analyze else Analysis()
    title = next((a.title for a in articles if a.title), None)
    return Brief(
        articles=tuple(articles),
        sentences=tuple(cite(chosen, docs)),
        analysis=analysis,
        method=summarizer.name,
        title=title,
        problems=tuple(problems),
    )
