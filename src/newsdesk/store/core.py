"""The article store: what the commands and the library use. It joins a storage backend
(SQLite by default) and the ingest engine, and answers the reading questions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from ..cluster import ClusterOptions, DedupeOptions
from ..errors import NewsdeskError
from ..model import Article
from .base import AddReport, Storage, StoredRow, StorySummary
from .ingest import Ingestor, now, save_options, stored_options
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

    def set_options(
        self, cluster: ClusterOptions | None = None, dedupe: DedupeOptions | None = None
    ) -> None:
        """Choose the clustering and near-duplicate options of an empty store (later
        ``add``s use them). A store that holds articles changes them with
        :meth:`recluster`, which regroups what is stored."""
        with self.storage.writing():
            if self.storage.count():
                raise NewsdeskError(
                    f"{self.path} already holds articles: change its options with "
                    "'newsdesk recluster' (Store.recluster), which regroups them"
                )
            old_c, old_d = stored_options(self.storage)
            save_options(self.storage, cluster or old_c, dedupe or old_d)

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
        """Record that a brief of ``story_id`` (or of the story it was merged into)
        covered ``article_ids``."""
        current = self.resolve(story_id)
        with self.storage.writing():
            self.storage.mark_briefed(current, article_ids, now())

    # --- reading ------------------------------------------------------------------------

    def __len__(self) -> int:
        return self.storage.count()

    def _check_story(self, story_id: str) -> None:
        if not self.storage.has_story(story_id):
            raise NewsdeskError(f"no story with id {story_id!r} in {self.path}")

    def resolve(self, story_id: str) -> str:
        """The story ``story_id`` is now: itself, or the story it was merged into (an old
        id keeps working after a merge)."""
        self._check_story(story_id)
        return self.storage.resolve(story_id)

    def story_articles(self, story_id: str, *, since_last: bool = False) -> list[Article]:
        """The articles of a story (or of the story it was merged into) in the order they
        were added; with ``since_last``, only those not yet passed to
        :meth:`mark_briefed` for this story."""
        with self.storage.reading():
            current = self.resolve(story_id)
            return self.storage.story_articles(current, since_last=since_last)

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
        story that started it). Merged stories are left out: their ids resolve to the
        survivor (:meth:`resolve`)."""
        return self.storage.story_topics(merged=False)

    def stories(self, since: dt.datetime | None = None) -> list[StorySummary]:
        """Every story, most recently updated first; with ``since``, only stories that
        received an article at or after it. One consistent snapshot, even while another
        process adds."""
        with self.storage.reading():
            topic_of = self.storage.story_topics(merged=False)
            acc = _accumulate(self.storage.story_rows())
        out = [
            s.summary(sid, topic_of.get(sid))
            for sid, s in acc.items()
            if since is None or dt.datetime.fromisoformat(s.last) >= since
        ]
        out.sort(key=lambda st: (st.last_seen, st.size, st.id), reverse=True)
        return out

    def story(self, story_id: str) -> StorySummary:
        """One story (or the story it was merged into) with its articles."""
        with self.storage.reading():
            current = self.resolve(story_id)
            acc = _accumulate(self.storage.story_rows(current))
            topic = self.storage.story_topics(merged=False).get(current)
        if current not in acc:
            raise NewsdeskError(f"story {story_id!r} in {self.path} has no articles")
        return acc[current].summary(current, topic)


def _accumulate(rows: Iterable[StoredRow]) -> dict[str, _Acc]:
    acc: dict[str, _Acc] = {}
    for r in rows:
        s = acc.get(r.story_id)
        if s is None:
            s = acc[r.story_id] = _Acc(r.added_at, r.added_at, " ".join(r.text.split()[:12]))
        s.take(r)
    return acc


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
    members: list[StoredRow] = field(default_factory=list)

    def take(self, r: StoredRow) -> None:
        self.size += 1
        self.dups += r.duplicate_of is not None
        if r.source:
            self.outlets.setdefault(r.source, None)
        self.last = r.added_at
        if self.headline is None and r.title:
            self.headline = r.title
        self.members.append(dataclasses.replace(r, text=""))  # listings need no text
        pub = r.published
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
            members=tuple(self.members),
        )


def open_store(path: str | Path | None = None, *, create: bool = True) -> Store:
    """Open (creating and migrating if needed) the SQLite store at ``path``; None means
    ``$NEWSDESK_DB`` or the platform's user data folder. ``create=False`` (for commands
    that only read) raises :class:`NewsdeskError` when there is no store there. Use it
    as a context manager."""
    return Store(SQLiteStorage(default_db_path() if path is None else path, create=create))
