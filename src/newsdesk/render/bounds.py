"""How much of a brief the Markdown and HTML forms show.

A brief is for a reader. A story told by hundreds of articles has thousands of quotes,
entities and dated events, and listing them all buries the story (300 long articles made
an 11,610-line brief). So each section of the Markdown and HTML forms shows its most
important items, in the section's own order, and ends with how many more there are
("… and 1,834 more quotes (see the JSON output)"); the JSON form keeps everything. A
brief within the limits renders exactly as it would unbounded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any, TypeVar

from ..model import Citation, Conflict, Event, Mention, Quote
from ._common import SourceIndex

__all__ = [
    "LIMITS",
    "CitedSources",
    "SectionLimits",
    "conflict_rank",
    "event_rank",
    "more",
    "quote_rank",
    "shown",
]

_T = TypeVar("_T")


@dataclass(frozen=True, kw_only=True, slots=True)
class SectionLimits:
    """The most items each section shows; ``markers`` is the most source numbers after
    one statement (and sources in one entity's mention counts)."""

    agreements: int = 20
    single_source: int = 15
    conflicts: int = 15
    quotes: int = 25
    timeline: int = 30
    entities: int = 25
    sources: int = 50
    problems: int = 20
    markers: int = 10

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"{f.name} must show at least one item, got {value!r}")


LIMITS = SectionLimits()


def shown(
    items: Sequence[_T], limit: int, rank: Callable[[_T], Any] | None = None
) -> tuple[list[_T], int]:
    """The items to show, in their own order, and how many are left out: all of them
    within ``limit``; else the ``limit`` most important (lowest ``rank``, ties by
    position; no ``rank``: the first, for sections already ordered by importance)."""
    if len(items) <= limit:
        return list(items), 0
    if rank is None:
        return list(items[:limit]), len(items) - limit
    best = sorted(range(len(items)), key=lambda i: (rank(items[i]), i))[:limit]
    return [items[i] for i in sorted(best)], len(items) - limit


_PLURALS = {"entity": "entities"}


def more(n: int, noun: str) -> str:
    """The line that ends a bounded section: "… and 1,834 more quotes (see the JSON
    output)"."""
    many = noun if n == 1 else _PLURALS.get(noun, noun + "s")
    return f"… and {n:,} more {many} (see the JSON output)"


def _sources(citations: Iterable[Citation | Mention]) -> int:
    return len({c.article_id for c in citations})


def quote_rank(q: Quote) -> tuple[int, bool]:
    """Quotes carried by the most sources first, then those with a speaker."""
    return -_sources(q.citations), q.speaker is None


def event_rank(ev: Event) -> tuple[int, bool]:
    """Events told by the most sources first, then dated ones."""
    return -_sources(ev.citations), ev.date is None


def conflict_rank(c: Conflict) -> int:
    """Disagreements between the most sources first."""
    return -_sources(cite for f in c.statements for cite in f.citations)


class CitedSources:
    """Source numbers as a bounded brief shows them: at most ``limit`` after one
    statement, the first in citation order; every number shown is remembered, so that
    the list of sources can keep to those (and every marker still finds its source)."""

    def __init__(self, idx: SourceIndex, limit: int) -> None:
        self.idx = idx
        self.limit = limit
        self.used: set[int] = set()

    def cited(self, citations: Iterable[Citation | Mention]) -> tuple[list[int | None], int]:
        """The numbers to show and how many more sources there are."""
        numbers = self.idx.cited(citations)
        first = numbers[: self.limit]
        self.used.update(n for n in first if n is not None)
        return first, len(numbers) - len(first)

    def counts(
        self, counts: list[tuple[int | None, int]]
    ) -> tuple[list[tuple[int | None, int]], int]:
        """An entity's (source, mentions) to show and how many more sources there are."""
        first = counts[: self.limit]
        self.used.update(n for n, _k in first if n is not None)
        return first, len(counts) - len(first)

    def listed(self, limit: int) -> tuple[list[int], int]:
        """The sources to list and how many are left out: all within ``limit``; else
        every source shown above, then the first others up to ``limit``."""
        total = len(self.idx.articles)
        if total <= limit:
            return list(range(1, total + 1)), 0
        chosen = set(self.used)
        for n in range(1, total + 1):
            if len(chosen) >= limit:
                break
            chosen.add(n)
        return sorted(chosen), total - len(chosen)
