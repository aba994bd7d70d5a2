"""The article store: what the commands and the library use. It joins a storage backend
(SQLite by default) and the ingest engine, and answers the reading questions."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from ..cluster import ClusterOptions, DedupeOptions
from ..errors import NewsdeskError
from ..model import Article
from .base import AddReport, Storage, StorySummary
from .ingest import Ingestor, now, stored_options
from .sqlite import SQLiteStorage

__all__ = ["Store", "default_db_path", "open_store"]

ENV_VAR = "NEWSDESK_DB"


def default_db_path() -> Path:
    """``$NEWSDESK_DB`` if set, else ``newsdesk.db`` in the platform's user data folder."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("newsdesk", appauthor=False)) / "newsdesk.db"


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


class Store:
    """An article store over a :class:`~newsdesk.store.base.Storage`. Use
    :func:`open_store` to get one on a SQLite file."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self._ingest = Ingestor(storage)

    @property
    def path(self) -> Path:
        return self.storage.location

    def close(self) -> None:
        self.storage.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self.storage.schema_version

    def options(self) -> tuple[ClusterOptions, DedupeOptions]:
        """The clustering and near-duplicate options this store was built with."""
        return stored_options(self.storage)

    # --- writing ------------------------------------------------------------------------

    def add(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = 500,
        progress: Callable[[int], None] | None = None,
    ) -> AddReport:
        """Add ``articles``, ``batch_size`` per transaction; ``progress(n)`` is called
        after each committed batch with the number of articles it handled. Safe to run
        from several processes at once (see :mod:`newsdesk.store.ingest`)."""
        return self._ingest.add(articles, batch_size=batch_size, progress=progress)

    def recluster(
        self,
        cluster: ClusterOptions | None = None,
        dedupe: DedupeOptions | None = None,
        *,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Re-run near-duplicate linking and clustering over every stored article in the
        order they were added, in one transaction; returns the number of stories."""
        return self._ingest.recluster(cluster, dedupe, progress=progress)

    def mark_briefed(self, story_id: str, article_ids: Sequence[str]) -> None:
        """Record that a brief of ``story_id`` covered ``article_ids``."""
        self._check_story(story_id)
        with self.storage.writing():
            self.storage.mark_briefed(story_id, article_ids, now())

    # --- reading ------------------------------------------------------------------------

    def __len__(self) -> int:
        return self.storage.count()

    def _check_story(self, story_id: str) -> None:
        if not self.storage.has_story(story_id):
            raise NewsdeskError(f"no story with id {story_id!r} in {self.path}")

    def story_articles(self, story_id: str, *, since_last: bool = False) -> list[Article]:
        """The articles of a story in the order they were added; with ``since_last``, only
        those not yet passed to :meth:`mark_briefed` for this story."""
        with self.storage.reading():
            self._check_story(story_id)
            return self.storage.story_articles(story_id, since_last=since_last)

    def story_of(self, article_id: str) -> str | None:
        return self.storage.story_of(article_id)

    def assignments(self) -> list[tuple[str, str, str | None]]:
        """``(article id, story id, duplicate_of)`` for every article, in insertion order."""
        return self.storage.assignments()

    def articles_in_order(self) -> list[Article]:
        """Every stored article (with its stored id), in insertion order."""
        return self.storage.articles_in_order()

    def topics(self) -> dict[str, str]:
        """The topic of every story (story id -> topic id; a topic is named after the
        story that started it)."""
        return self.storage.story_topics()

    def stories(self, since: dt.datetime | None = None) -> list[StorySummary]:
        """Every story, most recently updated first; with ``since``, only stories that
        received an article at or after it. One consistent snapshot, even while another
        process adds."""
        acc: dict[str, _Acc] = {}
        with self.storage.reading():
            topic_of = self.storage.story_topics()
            for sid, title, text, source, added, pub, dup in self.storage.story_rows():
                s = acc.get(sid)
                if s is None:
                    s = acc[sid] = _Acc(added, added, " ".join(text.split()[:12]))
                s.take(title, source, added, pub, dup)
        out = [
            s.summary(sid, topic_of.get(sid))
            for sid, s in acc.items()
            if since is None or dt.datetime.fromisoformat(s.last) >= since
        ]
        out.sort(key=lambda st: (st.last_seen, st.size, st.id), reverse=True)
        return out


@dataclass(slots=True)
class _Acc:
    first: str
    last: str
    fallback: str
    size: int = 0
    dups: int = 0
    outlets: dict[str, None] = field(default_factory=dict)
    headline: str | None = None
    pmin: str | None = None
    pmax: str | None = None

    def take(
        self, title: str | None, source: str | None, added: str, pub: str | None, dup: object
    ) -> None:
        self.size += 1
        self.dups += dup is not None
        if source:
            self.outlets.setdefault(source, None)
        self.last = added
        if self.headline is None and title:
            self.headline = title
        if pub:
            self.pmin = pub if self.pmin is None or pub < self.pmin else self.pmin
            self.pmax = pub if self.pmax is None or pub > self.pmax else self.pmax

    def summary(self, sid: str, topic: str | None) -> StorySummary:
        return StorySummary(
            id=sid,
            size=self.size,
            duplicates=self.dups,
            outlets=tuple(self.outlets),
            first_seen=dt.datetime.fromisoformat(self.first),
            last_seen=dt.datetime.fromisoformat(self.last),
            headline=self.headline or self.fallback,
            first_published=_date(self.pmin),
            last_published=_date(self.pmax),
            topic=topic,
        )


def open_store(path: str | Path | None = None, *, create: bool = True) -> Store:
    """Open (creating and migrating if needed) the SQLite store at ``path``; None means
    ``$NEWSDESK_DB`` or the platform's user data folder. ``create=False`` (for commands
    that only read) raises :class:`NewsdeskError` when there is no store there. Use it
    as a context manager."""
    return Store(SQLiteStorage(default_db_path() if path is None else path, create=create))
