"""The store, used from an asyncio round: every store call runs on one thread that owns
the SQLite connection, one at a time, so network work never waits on SQL and SQL never
runs concurrently with itself."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from ..store import Store, open_store
from ..store.sqlite_feeds import FeedTables, feed_tables

__all__ = ["StoreRobots", "StoreThread", "iso", "utcnow"]

T = TypeVar("T")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso(t: dt.datetime) -> str:
    return t.isoformat(timespec="seconds")


class StoreThread:
    """``await db.call(fn)`` runs ``fn(store, tables)`` on the store's own thread."""

    def __init__(self, path: str | Path | None) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsdesk-store")
        self._path = path
        self._store: Store | None = None
        self._tables: FeedTables | None = None

    def _open(self) -> None:
        self._store = open_store(self._path)
        self._tables = feed_tables(self._store)

    def _run(self, fn: Callable[[Store, FeedTables], T]) -> T:
        assert self._store is not None and self._tables is not None
        return fn(self._store, self._tables)

    async def __aenter__(self) -> StoreThread:
        await asyncio.get_running_loop().run_in_executor(self._pool, self._open)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._store is not None:
            await asyncio.get_running_loop().run_in_executor(self._pool, self._store.close)
        self._pool.shutdown(wait=True)

    async def call(self, fn: Callable[[Store, FeedTables], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, self._run, fn)


class StoreRobots:
    """The store as a :class:`~newsdesk.fetch.robots.RobotsStore`."""

    def __init__(self, db: StoreThread) -> None:
        self.db = db

    async def get(self, origin: str) -> tuple[dt.datetime, int, str] | None:
        kept = await self.db.call(lambda s, t: t.robots(origin))
        if kept is None:
            return None
        return dt.datetime.fromisoformat(kept[0]), kept[1], kept[2]

    async def put(self, origin: str, status: int, body: str) -> None:
        def save(store: Store, t: FeedTables) -> None:
            with store.storage.writing():
                t.save_robots(origin, iso(utcnow()), status, body)

        await self.db.call(save)
