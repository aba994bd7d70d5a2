"""The SQLite implementation of :class:`~newsdesk.store.base.Storage`: one file, WAL
journal, one writer at a time (``BEGIN IMMEDIATE``), readers never blocked."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from ..errors import NewsdeskError
from ..model import Article
from .base import Merge, NewArticle, NewStory, Placement, Regrouped, StoredRow
from .migrations import MIGRATIONS, SCHEMA_VERSION

__all__ = ["SQLiteStorage"]

log = logging.getLogger(__name__)

_BUSY_SECONDS = 60.0  # how long a writer waits for another writer's batch


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def _vector(v: dict[str, float] | None) -> str | None:
    return None if v is None else json.dumps(v, separators=(",", ":"))


class SQLiteStorage:
    """A store on one SQLite file. ``create=False`` refuses to make a new file."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.location = Path(path)
        if not create and not self.location.is_file():
            raise NewsdeskError(
                f"no store at {self.location}: 'newsdesk add ... --db {self.location}' creates one"
            )
        if create:
            self.location.parent.mkdir(parents=True, exist_ok=True)
        mode = "rwc" if create else "rw"
        try:
            self._db = sqlite3.connect(
                f"{self.location.resolve().as_uri()}?mode={mode}",
                uri=True,
                isolation_level=None,
                timeout=_BUSY_SECONDS,
            )
            if not create and not self._has_table("schema_version"):
                self._db.close()
                raise NewsdeskError(f"{self.location}: not a newsdesk store (no schema)")
            self._set_wal()
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as exc:
            raise NewsdeskError(f"{self.location}: not a usable store ({exc})") from exc
        self._in_tx = False
        self._migrate()

    def _set_wal(self) -> None:
        # switching a new file to WAL takes a lock that the busy timeout does not cover
        deadline = time.monotonic() + _BUSY_SECONDS
        while True:
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _has_table(self, name: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return row is not None

    def close(self) -> None:
        self._db.close()

    # --- transactions ----------------------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[None]:
        if self._in_tx:
            raise RuntimeError("writing() does not nest")
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            raise NewsdeskError(
                f"{self.location}: another process has held the store's write lock for "
                f"over {_BUSY_SECONDS:.0f} s (a long recluster?); nothing was written, "
                "run the command again"
            ) from exc
        self._in_tx = True
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")
        finally:
            self._in_tx = False

    @contextmanager
    def reading(self) -> Iterator[None]:
        if self._in_tx:  # already inside a transaction: its view is consistent
            yield
            return
        self._db.execute("BEGIN")
        self._in_tx = True
        try:
            yield
        finally:
            self._in_tx = False
            self._db.execute("COMMIT")

    def _migrate(self) -> None:
        if (
            self._has_table("schema_version")
            and self._version() == SCHEMA_VERSION
            and not self._missing()
        ):
            return  # the common case: no lock taken
        # the version is read again under the writer lock: two processes opening a new
        # file at once apply each migration once
        with self.writing():
            self._db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            current = self._version()
        if current > SCHEMA_VERSION:
            raise NewsdeskError(
                f"{self.location}: the store has schema version {current}, newer than this "
                f"newsdesk understands ({SCHEMA_VERSION}); upgrade newsdesk"
            )
        for m in sorted(MIGRATIONS, key=lambda m: m.version):
            with self.writing():
                if m.version not in self._missing():
                    continue
                m.apply(self._db)
                self._db.execute("INSERT INTO schema_version (version) VALUES (?)", (m.version,))
            log.info("%s: migration %d (%s) applied", self.location, m.version, m.name)

    def _missing(self) -> set[int]:
        """The migrations this store has not applied (a version appended later than a
        higher one, by work done in parallel, is still applied)."""
        done = {int(v) for (v,) in self._db.execute("SELECT version FROM schema_version")}
        return {m.version for m in MIGRATIONS} - done

    def _version(self) -> int:
        return int(self._db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0)

    @property
    def schema_version(self) -> int:
        return self._version()

    # --- metadata ----------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("DELETE FROM meta WHERE key = ?", (key,))
        self._db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (key, value))

    # --- the engine's state --------------------------------------------------------------------

    def last_seq(self) -> int:
        return int(self._db.execute("SELECT MAX(seq) FROM articles").fetchone()[0] or 0)

    def placements_after(self, seq: int) -> Iterator[Placement]:
        rows = self._db.execute(
            "SELECT seq, id, COALESCE(placed_in, story_id), duplicate_of, vector, published,"
            " minhash FROM articles WHERE seq > ? ORDER BY seq",
            (seq,),
        )
        for s, aid, sid, dup, vec, pub, mh in rows:
            yield Placement(
                s, str(aid), str(sid), dup, json.loads(vec) if vec else None, _date(pub), mh
            )

    def merges_after(self, seq: int) -> list[Merge]:
        rows = self._db.execute(
            "SELECT m.article_id, m.merged, m.survivor FROM story_merges m"
            " JOIN articles a ON a.id = m.article_id WHERE a.seq > ? ORDER BY m.seq",
            (seq,),
        )
        return [Merge(str(a), str(m), str(v)) for a, m, v in rows]

    def term_df(self) -> dict[str, int]:
        return {str(t): int(n) for t, n in self._db.execute("SELECT term, df FROM term_df")}

    def vector_count(self) -> int:
        sql = "SELECT COUNT(*) FROM articles WHERE vector IS NOT NULL"
        return int(self._db.execute(sql).fetchone()[0])

    def story_topics(self, *, merged: bool = True) -> dict[str, str]:
        sql = "SELECT id, topic_id FROM stories"
        if not merged:
            sql += " WHERE merged_into IS NULL"
        return {str(sid): str(tid or sid) for sid, tid in self._db.execute(sql + " ORDER BY seq")}

    # --- writes ----------------------------------------------------------------------------------

    def has_content(self, content_hash: str) -> bool:
        sql = "SELECT 1 FROM articles WHERE content_hash = ?"
        return self._db.execute(sql, (content_hash,)).fetchone() is not None

    def insert(
        self,
        stories: Sequence[NewStory],
        articles: Sequence[NewArticle],
        df_delta: Mapping[str, int],
        merges: Sequence[Merge] = (),
    ) -> None:
        db = self._db
        if stories:
            base = db.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
            db.executemany(
                "INSERT INTO stories (id, seq, created_at, topic_id) VALUES (?, ?, ?, ?)",
                [(s.id, base + i, s.created_at, s.topic) for i, s in enumerate(stories)],
            )
        db.executemany(
            "INSERT INTO articles (id, content_hash, story_id, placed_in, duplicate_of,"
            " similarity, text, title, source, url, published, author, language, origin,"
            " added_at, vector, minhash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (a.id, n.content_hash, n.story_id, n.story_id, n.duplicate_of, n.similarity,
                 a.text, a.title, a.source, a.url,
                 a.published.isoformat() if a.published else None,
                 a.author, a.language, a.origin, n.added_at, _vector(n.vector), n.minhash)
                for n in articles
                for a in (n.article,)
            ],
        )  # fmt: skip
        self._bump_df(df_delta)
        self._merge(merges)

    def _merge(self, merges: Sequence[Merge]) -> None:
        db = self._db
        for m in merges:
            db.execute(
                "INSERT INTO story_merges (article_id, merged, survivor) VALUES (?, ?, ?)",
                (m.article_id, m.merged, m.survivor),
            )
            db.execute(
                "UPDATE articles SET story_id = ? WHERE story_id = ?", (m.survivor, m.merged)
            )
            db.execute(
                "UPDATE stories SET merged_into = ? WHERE id = ? OR merged_into = ?",
                (m.survivor, m.merged, m.merged),
            )

    def _bump_df(self, delta: Mapping[str, int]) -> None:
        if delta:
            self._db.executemany(
                "INSERT INTO term_df (term, df) VALUES (?, ?)"
                " ON CONFLICT (term) DO UPDATE SET df = term_df.df + excluded.df",
                sorted(delta.items()),
            )

    def texts(self) -> list[tuple[int, str, str, str | None, dt.date | None]]:
        return [
            (int(seq), str(aid), str(text), title, _date(pub))
            for seq, aid, text, title, pub in self._db.execute(
                "SELECT seq, id, text, title, published FROM articles ORDER BY seq"
            )
        ]

    def regroup(
        self,
        stories: Sequence[NewStory],
        placements: Sequence[Regrouped],
        df: Mapping[str, int],
        merges: Sequence[Merge] = (),
    ) -> None:
        db = self._db
        db.execute("PRAGMA defer_foreign_keys=ON")
        db.execute("DELETE FROM term_df")
        db.execute("DELETE FROM story_merges")
        db.execute("DELETE FROM stories")
        db.executemany(
            "INSERT INTO stories (id, seq, created_at, topic_id) VALUES (?, ?, ?, ?)",
            [(s.id, i, s.created_at, s.topic) for i, s in enumerate(stories)],
        )
        db.executemany(
            "UPDATE articles SET story_id = ?, placed_in = ?, duplicate_of = ?, similarity = ?,"
            " vector = ?, minhash = ? WHERE seq = ?",
            [
                (p.story_id, p.story_id, p.duplicate_of, p.similarity, _vector(p.vector),
                 p.minhash, p.seq)
                for p in placements
            ],
        )  # fmt: skip
        self._bump_df(df)
        self._merge(merges)

    # --- reading -------------------------------------------------------------------------------

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def has_story(self, story_id: str) -> bool:
        sql = "SELECT 1 FROM stories WHERE id = ?"
        return self._db.execute(sql, (story_id,)).fetchone() is not None

    def resolve(self, story_id: str) -> str:
        row = self._db.execute(
            "SELECT merged_into FROM stories WHERE id = ?", (story_id,)
        ).fetchone()
        return story_id if row is None or row[0] is None else str(row[0])

    def story_articles(self, story_id: str, *, since_last: bool) -> list[Article]:
        sql = (
            "SELECT id, text, title, source, url, published, author, language, origin"
            " FROM articles WHERE story_id = ?"
        )
        if since_last:
            sql += (
                " AND NOT EXISTS (SELECT 1 FROM briefed b"
                " WHERE b.story_id = articles.story_id AND b.article_id = articles.id)"
            )
        return self._articles(sql + " ORDER BY seq", (story_id,))

    def articles_in_order(self) -> list[Article]:
        return self._articles(
            "SELECT id, text, title, source, url, published, author, language, origin"
            " FROM articles ORDER BY seq",
            (),
        )

    def _articles(self, sql: str, params: tuple[str, ...]) -> list[Article]:
        return [
            Article(
                id=r[0], text=r[1], title=r[2], source=r[3], url=r[4], published=_date(r[5]),
                author=r[6], language=r[7], origin=r[8],
            )
            for r in self._db.execute(sql, params)
        ]  # fmt: skip

    def mark_briefed(self, story_id: str, article_ids: Sequence[str], at: str) -> None:
        for aid in article_ids:
            self._db.execute(
                "DELETE FROM briefed WHERE story_id = ? AND article_id = ?", (story_id, aid)
            )
            self._db.execute(
                "INSERT INTO briefed (story_id, article_id, briefed_at) VALUES (?, ?, ?)",
                (story_id, aid, at),
            )

    def story_of(self, article_id: str) -> str | None:
        sql = "SELECT story_id FROM articles WHERE id = ?"
        row = self._db.execute(sql, (article_id,)).fetchone()
        return None if row is None else str(row[0])

    def assignments(self) -> list[tuple[str, str, str | None]]:
        return [
            (str(a), str(s), d)
            for a, s, d in self._db.execute(
                "SELECT id, story_id, duplicate_of FROM articles ORDER BY seq"
            )
        ]

    def story_rows(self, story_id: str | None = None) -> Iterator[StoredRow]:
        sql = (
            "SELECT story_id, id, title, text, source, url, added_at, published, duplicate_of"
            " FROM articles"
        )
        rows = (
            self._db.execute(sql + " WHERE story_id = ? ORDER BY seq", (story_id,))
            if story_id is not None
            else self._db.execute(sql + " ORDER BY seq")
        )
        for r in rows:
            yield StoredRow(*r)
