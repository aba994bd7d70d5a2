"""What every renderer shares: source numbering and citation markers.

Sources are numbered in the order of ``Brief.articles`` (1-based), so ``[2]`` means the
same article in Markdown, JSON and HTML.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..model import Article, Brief, Citation, Entity, Event, Mention
from ..text import http_url

__all__ = ["SourceIndex", "event_when", "http_url", "markers", "source_label"]


class SourceIndex:
    """Maps article ids to source numbers; unknown ids get ``None`` (rendered as ``?``)."""

    def __init__(self, brief: Brief) -> None:
        self.articles: tuple[Article, ...] = brief.articles
        self.numbers: dict[str, int] = {}
        for n, a in enumerate(brief.articles, start=1):
            self.numbers.setdefault(a.id, n)

    def number(self, article_id: str) -> int | None:
        return self.numbers.get(article_id)

    def cited(self, citations: Iterable[Citation | Mention]) -> list[int | None]:
        """The distinct source numbers of ``citations``, in citation order."""
        out: list[int | None] = []
        for c in citations:
            n = self.number(c.article_id)
            if n not in out:
                out.append(n)
        return out

    def mention_counts(self, entity: Entity) -> list[tuple[int | None, int]]:
        """(source number, mentions in it), in source order, unknown sources last."""
        counts = Counter(self.number(m.article_id) for m in entity.mentions)
        return sorted(counts.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))


def markers(numbers: Iterable[int | None]) -> str:
    """``[1][3]``; an id that names no article of the brief shows as ``[?]``."""
    return "".join(f"[{'?' if n is None else n}]" for n in numbers)


def source_label(article: Article) -> str:
    """The outlet, else the title, else where it was read from, else its id."""
    return article.source or article.title or article.origin or article.id


def event_when(event: Event) -> str:
    """An event's date as precise as the analysis has it: ``2012-03-05``, ``2012-03`` (month
    precision), ``2012`` (year precision) or ``undated``; never a padded ``2012-01-01``."""
    if event.date is None:
        return "undated"
    if event.precision == "month":
        return f"{event.date.year:04d}-{event.date.month:02d}"
    if event.precision == "year":
        return f"{event.date.year:04d}"
    return event.date.isoformat()
