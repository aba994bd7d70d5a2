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

__all__ = [
    "AddReport",
    "NewArticle",
    "NewStory",
    "Placement",
    "Regrouped",
    "Storage",
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

    def merge(self, other: AddReport) -> None:
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
        }


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a stored article went, as the engine replays it: in insertion order."""

    seq: int
    id: str
    story_id: str
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
    story_id: str
    duplicate_of: str | None
    similarity: float
    vector: dict[str, float] | None
    minhash: bytes
    added_at: str


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
    def term_df(self) -> dict[str, int]: ...
    def vector_count(self) -> int: ...
    def story_topics(self) -> dict[str, str]: ...

    # --- writes (inside :meth:`writing`) ---
    def has_content(self, content_hash: str) -> bool: ...
    def insert(
        self,
        stories: Sequence[NewStory],
        articles: Sequence[NewArticle],
        df_delta: Mapping[str, int],
    ) -> None: ...
    def texts(self) -> list[tuple[int, str, str, str | None, dt.date | None]]:
        """``(seq, id, text, title, published)`` of every article, in insertion order."""
        ...

    def regroup(
        self, stories: Sequence[NewStory], placements: Sequence[Regrouped], df: Mapping[str, int]
    ) -> None:
        """Replace every story and placement (``recluster``)."""
        ...

    # --- reading ---
    def count(self) -> int: ...
    def has_story(self, story_id: str) -> bool: ...
    def story_articles(self, story_id: str, *, since_last: bool) -> list[Article]: ...
    def mark_briefed(self, story_id: str, article_ids: Sequence[str], at: str) -> None: ...
    def story_of(self, article_id: str) -> str | None: ...
    def assignments(self) -> list[tuple[str, str, str | None]]: ...
    def articles_in_order(self) -> list[Article]: ...
    def story_rows(
        self,
    ) -> Iterator[tuple[str, str | None, str, str | None, str, str | None, str | None]]:
        """``(story, title, text, outlet, added_at, published, duplicate_of)`` per article,
        in insertion order."""
        ...
