"""What every renderer shares: source numbering and citation markers.

Sources are numbered in the order of ``Brief.articles`` (1-based), so ``[2]`` means the
same article in Markdown, JSON and HTML.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..model import Article, Brief, Citation, Entity, Mention

__all__ = ["SourceIndex", "http_url", "markers", "source_label"]


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


def http_url(url: str | None) -> str | None:
    """The URL if it is an http(s) link, else None: other schemes are never rendered as links."""
    if not url:
        return None
    u = url.strip()
    return u if u.lower().startswith(("http://", "https://")) and " " not in u else None
