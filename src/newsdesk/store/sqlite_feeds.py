"""The feed-following state (``newsdesk watch``, ``fetch``, ``feeds``) on the SQLite
store: feeds and their validators, entries seen, the fetch log, article updates.

It works on the connection of a :class:`~newsdesk.store.sqlite.SQLiteStorage`, inside
its ``writing()``/``reading()`` transactions; like the rest of the store's SQL it uses
only what SQLite and PostgreSQL share. Tables: migration 4 (``feeds_and_fetch_log``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import NewsdeskError
from .core import Store
from .sqlite import SQLiteStorage

__all__ = ["EntryRow", "FeedRow", "FeedTables", "LogRow", "feed_tables"]


@dataclass(frozen=True, slots=True)
class FeedRow:
    """One followed feed and how its fetches have gone."""

    url: str  # as the user gave it (a feed, or a site whose feed was discovered)
    title: str | None = None
    added_at: str = ""
    fetch_url: str | None = None  # the feed discovered from ``url``, when it is a site
    etag: str | None = None
    last_modified: str | None = None
    last_fetch_at: str | None = None
    last_success_at: str | None = None
    last_status: str | None = None  # "ok", "not modified", "failed", "backing off"
    last_error: str | None = None
    failures: int = 0  # consecutive
    next_fetch_at: str | None = None  # not before (backing off, or Retry-After)
    last_new: int = 0  # articles the last successful fetch added
    articles: int = 0
    updates: int = 0

    def as_dict(self) -> dict[str, object]:
        return {f: getattr(self, f) for f in self.__slots__}


_FEED_COLUMNS = ", ".join(FeedRow.__slots__)


@dataclass(frozen=True, slots=True)
class EntryRow:
    """One feed entry as seen: ``outcome`` is "added", "duplicate", "updated", "failed"."""

    feed_url: str
    entry_key: str
    url: str | None
    host: str | None
    entry_hash: str
    text_hash: str | None
    article_id: str | None
    outcome: str
    first_seen_at: str
    updated_at: str | None = None
    revisions: int = 0


_ENTRY_COLUMNS = ", ".join(EntryRow.__slots__)


@dataclass(frozen=True, slots=True)
class LogRow:
    """One fetched URL."""

    at: str
    url: str
    feed_url: str | None
    status: int | None
    outcome: str
    reason: str | None
    bytes: int
    elapsed_ms: int
    attempts: int


def _marks(n: int) -> str:
    return ", ".join("?" * n)


class FeedTables:
    """Reads and writes of the feed tables. Writes go inside ``storage.writing()``."""

    def __init__(self, storage: SQLiteStorage) -> None:
        self.storage = storage
        self._db: sqlite3.Connection = storage._db  # the store's own connection

    def add_feeds(self, urls: Iterable[tuple[str, str | None]], at: str) -> int:
        """Follow these ``(url, title)`` feeds; returns how many were new."""
        before = self._db.total_changes
        self._db.executemany(
            "INSERT INTO feeds (url, title, added_at) VALUES (?, ?, ?)"
            " ON CONFLICT (url) DO NOTHING",
            [(u, t, at) for u, t in urls],
        )
        return self._db.total_changes - before

    def feeds(self, urls: Sequence[str] | None = None) -> list[FeedRow]:
        sql = f"SELECT {_FEED_COLUMNS} FROM feeds"
        if urls is None:
            return [FeedRow(*r) for r in self._db.execute(sql + " ORDER BY added_at, url")]
        found = {r[0]: FeedRow(*r) for r in self._rows(sql + " WHERE url IN ({})", urls)}
        return [found[u] for u in urls if u in found]

    def _rows(self, sql: str, keys: Sequence[str]) -> list[Any]:
        out: list[Any] = []
        for i in range(0, len(keys), 500):
            part = keys[i : i + 500]
            out.extend(self._db.execute(sql.format(_marks(len(part))), tuple(part)))
        return out

    def save_feed(self, feed: FeedRow) -> None:
        cols = [c for c in FeedRow.__slots__ if c != "url"]
        self._db.execute(
            f"UPDATE feeds SET {', '.join(c + ' = ?' for c in cols)} WHERE url = ?",
            (*(getattr(feed, c) for c in cols), feed.url),
        )

    def entries(self, feed_url: str, keys: Sequence[str]) -> dict[str, EntryRow]:
        sql = f"SELECT {_ENTRY_COLUMNS} FROM feed_entries WHERE feed_url = ? AND entry_key IN "
        out: dict[str, EntryRow] = {}
        for i in range(0, len(keys), 500):
            part = tuple(keys[i : i + 500])
            for r in self._db.execute(sql + f"({_marks(len(part))})", (feed_url, *part)):
                out[r[1]] = EntryRow(*r)
        return out

    def save_entries(self, rows: Sequence[EntryRow]) -> None:
        self._db.executemany(
            f"INSERT INTO feed_entries ({_ENTRY_COLUMNS}) VALUES ({_marks(11)})"
            " ON CONFLICT (feed_url, entry_key) DO UPDATE SET url = excluded.url,"
            " host = excluded.host, entry_hash = excluded.entry_hash,"
            " text_hash = excluded.text_hash, article_id = excluded.article_id,"
            " outcome = excluded.outcome, updated_at = excluded.updated_at,"
            " revisions = excluded.revisions",
            [tuple(getattr(r, c) for c in EntryRow.__slots__) for r in rows],
        )

    def article_by_url(self, url: str) -> str | None:
        """The id of the first stored article with this URL (from any input)."""
        row = self._db.execute(
            "SELECT id FROM articles WHERE url = ? ORDER BY seq LIMIT 1", (url,)
        ).fetchone()
        if row is None:
            row = self._db.execute(
                "SELECT article_id FROM feed_entries WHERE url = ? AND article_id IS NOT NULL"
                " LIMIT 1",
                (url,),
            ).fetchone()
        return None if row is None else str(row[0])

    def articles_by_url(self, urls: Sequence[str]) -> dict[str, str]:
        """URL -> id of the stored article with that URL (from any input, or recorded
        for a feed entry), for those that have one."""
        found: dict[str, str] = {}
        for sql in (
            "SELECT url, id FROM articles WHERE url IN ({}) ORDER BY seq DESC",
            "SELECT url, article_id FROM feed_entries WHERE article_id IS NOT NULL AND url IN ({})",
        ):
            for url, aid in self._rows(sql, [u for u in urls if u not in found]):
                found[str(url)] = str(aid)
        return found

    def article_by_text(self, text_hash: str, host: str) -> str | None:
        """The article an entry of the same site with the same text became."""
        row = self._db.execute(
            "SELECT article_id FROM feed_entries WHERE text_hash = ? AND host = ?"
            " AND article_id IS NOT NULL LIMIT 1",
            (text_hash, host),
        ).fetchone()
        return None if row is None else str(row[0])

    def add_update(self, article_id: str, url: str | None, title: str | None, text: str,
                   at: str) -> None:  # fmt: skip
        self._db.execute(
            "INSERT INTO article_updates (article_id, url, title, text, at) VALUES (?, ?, ?, ?, ?)",
            (article_id, url, title, text, at),
        )

    def updates_of(self, article_id: str) -> list[tuple[str, str]]:
        """``(at, text)`` of each later version of an article, oldest first."""
        sql = "SELECT at, text FROM article_updates WHERE article_id = ? ORDER BY seq"
        return [(str(a), str(t)) for a, t in self._db.execute(sql, (article_id,))]

    def log(self, rows: Sequence[LogRow]) -> None:
        self._db.executemany(
            "INSERT INTO fetch_log (at, url, feed_url, status, outcome, reason, bytes,"
            f" elapsed_ms, attempts) VALUES ({_marks(9)})",
            [(r.at, r.url, r.feed_url, r.status, r.outcome, r.reason, r.bytes, r.elapsed_ms,
              r.attempts) for r in rows],
        )  # fmt: skip

    def fetch_log(self, url: str | None = None) -> list[LogRow]:
        sql = (
            "SELECT at, url, feed_url, status, outcome, reason, bytes, elapsed_ms, attempts"
            " FROM fetch_log"
        )
        rows = (
            self._db.execute(sql + " WHERE url = ? ORDER BY seq", (url,))
            if url is not None
            else self._db.execute(sql + " ORDER BY seq")
        )
        return [LogRow(*r) for r in rows]

    def robots(self, origin: str) -> tuple[str, int, str] | None:
        """``(fetched_at, status, body)`` of the stored robots.txt of ``origin``."""
        row = self._db.execute(
            "SELECT fetched_at, status, body FROM robots_txt WHERE origin = ?", (origin,)
        ).fetchone()
        return None if row is None else (str(row[0]), int(row[1]), str(row[2]))

    def save_robots(self, origin: str, at: str, status: int, body: str) -> None:
        self._db.execute("DELETE FROM robots_txt WHERE origin = ?", (origin,))
        self._db.execute(
            "INSERT INTO robots_txt (origin, fetched_at, status, body) VALUES (?, ?, ?, ?)",
            (origin, at, status, body),
        )

    def prune_log(self, before: str) -> None:
        self._db.execute("DELETE FROM fetch_log WHERE at < ?", (before,))


def feed_tables(store: Store) -> FeedTables:
    """The feed tables of ``store`` (a SQLite store)."""
    if not isinstance(store.storage, SQLiteStorage):
        raise NewsdeskError("following feeds needs the SQLite store")
    return FeedTables(store.storage)
