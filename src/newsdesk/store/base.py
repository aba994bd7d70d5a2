"""What the ingest engine needs of a store, and the records that cross that seam.

:class:`Storage` is the small interface between the clustering logic (``ingest.py``) and a
database (``sqlite.py``). A PostgreSQL backend is a second implementation of it: the
engine never sees SQL, and the storage never decides a link or a story.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..model import Article, InputProblem
from ..text import http_url

__all__ = [
    "AddReport",
    "NewArticle",
    "Merge",
    "NewStory",
    "Placement",
    "Regrouped",
    "Storage",
    "StoredRow",
    "StorySummary",
]


@dataclass(slots=True)
class AddReport:
    """What one ``add`` did. Every input article is counted exactly once."""

    added: int = 0
    duplicates: int = 0  # added, and linked to an earlier near-duplicate
    already_present: int = 0
    rejected: list[InputProblem] = field(default_factory=list)
    new_stories: int = 0
    new_topics: int = 0
    merged: int = 0  # stories merged into others on the new articles' evidence

    def merge(self, other: AddReport) -> None:
        self.merged += other.merged
        self.added += other.added
        self.duplicates += other.duplicates
        self.already_present += other.already_present
        self.rejected.extend(other.rejected)
        self.new_stories += other.new_stories
        self.new_topics += other.new_topics

    def line(self) -> str:
        """The closing line: counts, and the reasons for rejections grouped."""
        reasons: dict[str, int] = {}
        for p in self.rejected:
            reasons[p.reason] = reasons.get(p.reason, 0) + 1
        why = "; ".join(f"{n} {r}" for r, n in sorted(reasons.items(), key=lambda x: -x[1]))
        tail = f" ({why})" if why else ""
        return (
            f"{self.added} added, {self.duplicates} linked as duplicates, "
            f"{self.already_present} already present, {len(self.rejected)} rejected{tail}"
        )


@dataclass(frozen=True, slots=True)
class StorySummary:
    """One story as ``newsdesk stories`` lists it."""

    id: str
    size: int
    duplicates: int
    outlets: tuple[str, ...]
    first_seen: dt.datetime
    last_seen: dt.datetime
    headline: str
    first_published: dt.date | None = None
    last_published: dt.date | None = None
    topic: str | None = None  # the thread of related stories this one belongs to
    members: tuple[StoredRow, ...] = ()  # its articles, in the order they were added

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "topic": self.topic,
            "size": self.size,
            "duplicates": self.duplicates,
            "outlets": list(self.outlets),
            "first_seen": self.first_seen.isoformat(),
            "last_seen": self.last_seen.isoformat(),
            "headline": self.headline,
            "first_published": self.first_published.isoformat() if self.first_published else None,
            "last_published": self.last_published.isoformat() if self.last_published else None,
            "articles": [m.member() for m in self.members],
        }


@dataclass(frozen=True, slots=True)
class StoredRow:
    """What the story listings read of one stored article."""

    story_id: str
    id: str
    title: str | None
    text: str
    source: str | None
    url: str | None
    added_at: str
    published: str | None
    duplicate_of: str | None

    def member(self) -> dict[str, object]:
        """The article as ``stories --json`` and ``story`` list it."""
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.source,
            "url": http_url(self.url),  # only http(s) URLs are ever emitted as URLs
            "published": self.published,
            "added": self.added_at,
            "duplicate_of": self.duplicate_of,
        }


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a stored article went, as the engine replays it: in insertion order."""

    seq: int
    id: str
    placed_in: str  # the story it joined when it arrived (it may have merged since)
    duplicate_of: str | None
    vector: dict[str, float] | None  # None for a near-duplicate (it adds nothing to a story)
    published: dt.date | None
    minhash: bytes


@dataclass(frozen=True, slots=True)
class NewStory:
    id: str
    topic: str
    created_at: str


@dataclass(frozen=True, slots=True)
class NewArticle:
    """One article to store with its placement."""

    article: Article  # its id is the stored id
    content_hash: str
    story_id: str  # the story it joins
    duplicate_of: str | None
    similarity: float
    vector: dict[str, float] | None
    minhash: bytes
    added_at: str


@dataclass(frozen=True, slots=True)
class Merge:
    """Story ``merged`` became part of ``survivor`` when ``article_id`` arrived."""

    article_id: str
    merged: str
    survivor: str


@dataclass(frozen=True, slots=True)
class Regrouped:
    """A new placement of one stored article (``recluster``)."""

    seq: int
    story_id: str
    duplicate_of: str | None
    similarity: float
    vector: dict[str, float] | None
    minhash: bytes


class Storage(Protocol):
    """The operations the engine and the reading commands use; all SQL lives behind it.

    Writes happen only inside :meth:`writing`, which holds the store's single writer lock
    for one transaction: two processes never interleave inside a batch, and each sees
    every batch committed before its own.
    """

    location: Path

    def close(self) -> None: ...

    def writing(self) -> AbstractContextManager[None]:
        """One transaction holding the writer lock; rolled back if the block raises."""
        ...

    def reading(self) -> AbstractContextManager[None]:
        """A consistent snapshot for several reads (no lock against writers)."""
        ...

    @property
    def schema_version(self) -> int: ...

    # --- metadata ---
    def get_meta(self, key: str) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...

    # --- the engine's state ---
    def last_seq(self) -> int:
        """The insertion number of the newest article (0 when empty)."""
        ...

    def placements_after(self, seq: int) -> Iterator[Placement]: ...
    def merges_after(self, seq: int) -> list[Merge]:
        """The merges caused by articles after ``seq``, in the order they happened."""
        ...

    def term_df(self) -> dict[str, int]: ...
    def vector_count(self) -> int: ...
    def story_topics(self, *, merged: bool = True) -> dict[str, str]:
        """Story -> topic; ``merged=False`` leaves out stories merged into others."""
        ...

    # --- writes (inside :meth:`writing`) ---
    def has_content(self, content_hash: str) -> bool: ...
    def insert(
        self,
        stories: Sequence[NewStory],
        articles: Sequence[NewArticle],
        df_delta: Mapping[str, int],
        merges: Sequence[Merge] = (),
    ) -> None:
        """Store a batch: new stories, articles, IDF counts, then the merges in order
        (every article of a merged story moves to its survivor)."""
        ...

    def texts(self) -> list[tuple[int, str, str, str | None, dt.date | None]]:
        """``(seq, id, text, title, published)`` of every article, in insertion order."""
        ...

    def regroup(
        self,
        stories: Sequence[NewStory],
        placements: Sequence[Regrouped],
        df: Mapping[str, int],
        merges: Sequence[Merge] = (),
    ) -> None:
        """Replace every story, placement and merge (``recluster``)."""
        ...

    # --- reading ---
    def count(self) -> int: ...
    def has_story(self, story_id: str) -> bool: ...
    def resolve(self, story_id: str) -> str:
        """The story ``story_id`` is now (itself, or the survivor of its merges)."""
        ...

    def story_articles(self, story_id: str, *, since_last: bool) -> list[Article]: ...
    def mark_briefed(self, story_id: str, article_ids: Sequence[str], at: str) -> None: ...
    def story_of(self, article_id: str) -> str | None: ...
    def assignments(self) -> list[tuple[str, str, str | None]]: ...
    def articles_in_order(self) -> list[Article]: ...
    def story_rows(self, story_id: str | None = None) -> Iterator[StoredRow]:
        """Every article's listing fields (of one story's articles, with ``story_id``),
        in insertion order."""
        ...
