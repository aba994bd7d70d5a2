"""The article store: SQLite by default, one file, for incremental work on a stream.

Articles are added in batches, one transaction per batch, so a crash (even ``kill -9``)
loses at most the batch in flight and running the same ``add`` again completes the rest:
an article whose content hash is already stored counts as "already present". Each new
article is linked to an earlier near-duplicate (MinHash LSH) or placed in a story by the
online clusterer. The clusterer's state is a pure function of what is stored (document
frequencies, and each article's vector in insertion order), so it is rebuilt exactly when
a store is reopened: the same input in the same order gives the same stories whether or
not the ingest was interrupted.

All SQL lives in this module and sticks to what SQLite and PostgreSQL share, apart from
the connection and the first migration's column types (see docs/store.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from .cluster import ClusterOptions, DedupeOptions, NearDuplicateIndex, StoryClusterer, features
from .errors import NewsdeskError
from .model import Article, InputProblem, article_id

__all__ = [
    "AddReport",
    "Store",
    "StorySummary",
    "default_db_path",
    "open_store",
    "MIGRATIONS",
    "SCHEMA_VERSION",
]

log = logging.getLogger(__name__)

# Ordered migrations: version N is applied once, in its own transaction, after N-1.
MIGRATIONS: tuple[tuple[int, str], ...] = (
    (
        1,
        """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE articles (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            content_hash TEXT NOT NULL UNIQUE,
            story_id TEXT NOT NULL REFERENCES stories(id),
            duplicate_of TEXT,
            similarity REAL NOT NULL,
            text TEXT NOT NULL,
            title TEXT,
            source TEXT,
            url TEXT,
            published TEXT,
            author TEXT,
            language TEXT,
            origin TEXT,
            added_at TEXT NOT NULL,
            vector TEXT,
            minhash BLOB NOT NULL
        );
        CREATE INDEX articles_story ON articles(story_id, seq);
        CREATE TABLE term_df (
            term TEXT PRIMARY KEY,
            df INTEGER NOT NULL
        );
        CREATE TABLE briefed (
            story_id TEXT NOT NULL,
            article_id TEXT NOT NULL,
            briefed_at TEXT NOT NULL,
            PRIMARY KEY (story_id, article_id)
        );
        """,
    ),
    (
        2,
        """
        ALTER TABLE stories ADD COLUMN topic_id TEXT;
        UPDATE stories SET topic_id = id;
        CREATE INDEX stories_topic ON stories(topic_id, seq);
        """,
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]

ENV_VAR = "NEWSDESK_DB"


def default_db_path() -> Path:
    """``$NEWSDESK_DB`` if set, else ``newsdesk.db`` in the platform's user data folder."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("newsdesk", appauthor=False)) / "newsdesk.db"


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


class _Engine:
    """The in-memory state that decides links and stories, rebuilt from the database."""

    def __init__(self, cluster: ClusterOptions, dedupe: DedupeOptions) -> None:
        self.clusterer = StoryClusterer(cluster)
        self.dupes = NearDuplicateIndex(dedupe)
        self.story_of: dict[str, str] = {}


def _content_hash(a: Article) -> str:
    h = hashlib.sha1()
    for part in (a.text, a.title or "", a.source or "", a.url or ""):
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def _known(cls: type[Any], stored: str) -> dict[str, Any]:
    """Stored options without the fields this version no longer has (an older store's
    ``entity_weight``, say), so an old store still opens; missing ones take defaults."""
    values = json.loads(stored)
    names = {f.name for f in dataclasses.fields(cls)}
    dropped = sorted(set(values) - names)
    if dropped:
        log.info("ignoring stored %s fields %s", cls.__name__, ", ".join(dropped))
    return {k: v for k, v in values.items() if k in names}


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


class Store:
    """An article store on one SQLite file. Use :func:`open_store` to get one."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._engine: _Engine | None = None
        self._migrate()

    # --- lifecycle ---------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            self._engine = None  # its state may be ahead of the database: rebuild it
            raise
        else:
            self._db.execute("COMMIT")

    def _migrate(self) -> None:
        db = self._db
        db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
        current = row[0] or 0
        if current > SCHEMA_VERSION:
            raise NewsdeskError(
                f"{self.path}: the store has schema version {current}, newer than this "
                f"newsdesk understands ({SCHEMA_VERSION}); upgrade newsdesk"
            )
        for version, sql in MIGRATIONS:
            if version <= current:
                continue
            with self._transaction() as tx:
                for stmt in sql.split(";"):
                    if stmt.strip():
                        tx.execute(stmt)
                tx.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
            log.info("%s: migrated the store to schema version %d", self.path, version)

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0])

    # --- options -------------------------------------------------------------------------

    def _get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, tx: sqlite3.Connection, key: str, value: str) -> None:
        tx.execute("DELETE FROM meta WHERE key = ?", (key,))
        tx.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (key, value))

    def options(self) -> tuple[ClusterOptions, DedupeOptions]:
        """The clustering and near-duplicate options this store was built with."""
        c = self._get_meta("cluster_options")
        d = self._get_meta("dedupe_options")
        return (
            ClusterOptions(**_known(ClusterOptions, c)) if c else ClusterOptions(),
            DedupeOptions(**_known(DedupeOptions, d)) if d else DedupeOptions(),
        )

    def _save_options(self, tx: sqlite3.Connection, c: ClusterOptions, d: DedupeOptions) -> None:
        self._set_meta(tx, "cluster_options", json.dumps(dataclasses.asdict(c), sort_keys=True))
        self._set_meta(tx, "dedupe_options", json.dumps(dataclasses.asdict(d), sort_keys=True))

    # --- the engine ----------------------------------------------------------------------

    def _load_engine(self) -> _Engine:
        if self._engine is not None:
            return self._engine
        copts, dopts = self.options()
        eng = _Engine(copts, dopts)
        df = dict(self._db.execute("SELECT term, df FROM term_df"))
        n = self._db.execute("SELECT COUNT(*) FROM articles WHERE vector IS NOT NULL").fetchone()[0]
        rows = self._db.execute(
            "SELECT id, story_id, vector, published, minhash, duplicate_of"
            " FROM articles ORDER BY seq"
        )
        members = []
        for aid, sid, vec, pub, mh, dup in rows:
            eng.story_of[aid] = sid
            if dup is None:
                eng.dupes.insert(aid, eng.dupes.from_bytes(mh))
            if vec is not None:
                members.append((sid, json.loads(vec), _date(pub)))
        topics = {
            str(sid): str(tid or sid)
            for sid, tid in self._db.execute("SELECT id, topic_id FROM stories")
        }
        eng.clusterer.replay(df, int(n), members, topics)
        log.info("rebuilt the clusterer from %d stored articles", len(eng.story_of))
        self._engine = eng
        return eng

    # --- adding ---------------------------------------------------------------------------

    def add(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = 500,
        progress: Callable[[int], None] | None = None,
    ) -> AddReport:
        """Add ``articles``, ``batch_size`` per transaction; ``progress(n)`` is called
        after each committed batch with the number of articles it handled."""
        if batch_size < 1:
            raise ValueError(f"batch_size must be positive, got {batch_size}")
        report = AddReport()
        batch: list[Article] = []
        for a in articles:
            batch.append(a)
            if len(batch) >= batch_size:
                report.merge(self._add_batch(batch))
                if progress:
                    progress(len(batch))
                batch = []
        if batch:
            report.merge(self._add_batch(batch))
            if progress:
                progress(len(batch))
        return report

    def _add_batch(self, batch: Sequence[Article]) -> AddReport:
        rep = AddReport()
        eng = self._load_engine()
        ents = eng.clusterer.options.entity_share > 0
        with self._transaction() as tx:
            if self._get_meta("cluster_options") is None:
                self._save_options(tx, eng.clusterer.options, eng.dupes.options)
            seen: set[str] = set()
            rows = []
            stories = []
            df_delta: dict[str, int] = {}
            now = _now()
            for a in batch:
                if not a.text.strip():
                    rep.rejected.append(InputProblem(a.origin or a.id, "empty text"))
                    continue
                h = _content_hash(a)
                if (
                    h in seen
                    or tx.execute("SELECT 1 FROM articles WHERE content_hash = ?", (h,)).fetchone()
                ):
                    rep.already_present += 1
                    continue
                seen.add(h)
                aid = a.id
                if aid in eng.story_of:  # same id, different content: derive a fresh one
                    aid = article_id(a.text, salt=h)
                sig = eng.dupes.signature(a.text)
                dup = eng.dupes.query(sig)
                vec_json: str | None
                if dup is not None:
                    orig, sim = dup
                    sid = eng.story_of[orig]
                    vec_json = None
                    rep.duplicates += 1
                else:
                    orig = None
                    counts = features(a.text, a.title, entities=ents)
                    for k in counts:
                        df_delta[k] = df_delta.get(k, 0) + 1
                    asg = eng.clusterer.assign("s" + aid, counts, a.published)
                    sid, sim = asg.story, asg.score
                    vec_json = json.dumps(asg.vector, separators=(",", ":"))
                    eng.dupes.insert(aid, sig)
                    if asg.new:
                        stories.append((sid, now, asg.topic))
                        rep.new_topics += asg.new_topic
                eng.story_of[aid] = sid
                rows.append(
                    (aid, h, sid, orig, sim, a.text, a.title, a.source, a.url,
                     a.published.isoformat() if a.published else None,
                     a.author, a.language, a.origin, now, vec_json, eng.dupes.to_bytes(sig))
                )  # fmt: skip
                rep.added += 1
            if stories:
                base = tx.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
                tx.executemany(
                    "INSERT INTO stories (id, seq, created_at, topic_id) VALUES (?, ?, ?, ?)",
                    [(sid, base + i, t, tp) for i, (sid, t, tp) in enumerate(stories)],
                )
            tx.executemany(
                "INSERT INTO articles (id, content_hash, story_id, duplicate_of, similarity,"
                " text, title, source, url, published, author, language, origin, added_at,"
                " vector, minhash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            self._bump_df(tx, df_delta)
            rep.new_stories = len(stories)
        return rep

    @staticmethod
    def _bump_df(tx: sqlite3.Connection, delta: dict[str, int]) -> None:
        if delta:
            tx.executemany(
                "INSERT INTO term_df (term, df) VALUES (?, ?)"
                " ON CONFLICT (term) DO UPDATE SET df = term_df.df + excluded.df",
                sorted(delta.items()),
            )

    # --- reclustering ---------------------------------------------------------------------

    def recluster(
        self,
        cluster: ClusterOptions | None = None,
        dedupe: DedupeOptions | None = None,
        *,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Re-run near-duplicate linking and clustering over every stored article in the
        order they were added, in one transaction; returns the number of stories."""
        old_c, old_d = self.options()
        eng = _Engine(cluster or old_c, dedupe or old_d)
        ents = eng.clusterer.options.entity_share > 0
        rows = self._db.execute(
            "SELECT seq, id, text, title, published FROM articles ORDER BY seq"
        ).fetchall()
        updates = []
        stories: list[tuple[str, str]] = []
        df: dict[str, int] = {}
        for i, (seq, aid, text, title, pub) in enumerate(rows):
            sig = eng.dupes.signature(text)
            dup = eng.dupes.query(sig)
            if dup is not None:
                orig, sim = dup
                sid = eng.story_of[orig]
                vec_json = None
            else:
                orig = None
                counts = features(text, title, entities=ents)
                for k in counts:
                    df[k] = df.get(k, 0) + 1
                asg = eng.clusterer.assign("s" + aid, counts, _date(pub))
                sid, sim = asg.story, asg.score
                vec_json = json.dumps(asg.vector, separators=(",", ":"))
                eng.dupes.insert(aid, sig)
                if asg.new:
                    stories.append((sid, asg.topic))
            eng.story_of[aid] = sid
            updates.append((sid, orig, sim, vec_json, eng.dupes.to_bytes(sig), seq))
            if progress and (i + 1) % 1000 == 0:
                progress(1000)
        with self._transaction() as tx:
            tx.execute("PRAGMA defer_foreign_keys=ON")
            tx.execute("DELETE FROM term_df")
            tx.execute("DELETE FROM stories")
            now = _now()
            tx.executemany(
                "INSERT INTO stories (id, seq, created_at, topic_id) VALUES (?, ?, ?, ?)",
                [(sid, i, now, tp) for i, (sid, tp) in enumerate(stories)],
            )
            tx.executemany(
                "UPDATE articles SET story_id = ?, duplicate_of = ?, similarity = ?,"
                " vector = ?, minhash = ? WHERE seq = ?",
                updates,
            )
            self._bump_df(tx, df)
            self._save_options(tx, eng.clusterer.options, eng.dupes.options)
        self._engine = eng
        return len(stories)

    # --- reading ----------------------------------------------------------------------------

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def _check_story(self, story_id: str) -> None:
        if not self._db.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone():
            raise NewsdeskError(f"no story with id {story_id!r} in {self.path}")

    def story_articles(self, story_id: str, *, since_last: bool = False) -> list[Article]:
        """The articles of a story in the order they were added; with ``since_last``, only
        those not yet passed to :meth:`mark_briefed` for this story."""
        self._check_story(story_id)
        sql = (
            "SELECT id, text, title, source, url, published, author, language, origin"
            " FROM articles WHERE story_id = ?"
        )
        if since_last:
            sql += (
                " AND NOT EXISTS (SELECT 1 FROM briefed b"
                " WHERE b.story_id = articles.story_id AND b.article_id = articles.id)"
            )
        sql += " ORDER BY seq"
        return [
            Article(
                id=r[0], text=r[1], title=r[2], source=r[3], url=r[4], published=_date(r[5]),
                author=r[6], language=r[7], origin=r[8],
            )
            for r in self._db.execute(sql, (story_id,))
        ]  # fmt: skip

    def mark_briefed(self, story_id: str, article_ids: Sequence[str]) -> None:
        """Record that a brief of ``story_id`` covered ``article_ids``."""
        self._check_story(story_id)
        now = _now()
        with self._transaction() as tx:
            for aid in article_ids:
                tx.execute(
                    "DELETE FROM briefed WHERE story_id = ? AND article_id = ?", (story_id, aid)
                )
                tx.execute(
                    "INSERT INTO briefed (story_id, article_id, briefed_at) VALUES (?, ?, ?)",
                    (story_id, aid, now),
                )

    def story_of(self, article_id: str) -> str | None:
        row = self._db.execute(
            "SELECT story_id FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return None if row is None else str(row[0])

    def assignments(self) -> list[tuple[str, str, str | None]]:
        """``(article id, story id, duplicate_of)`` for every article, in insertion order."""
        return [
            (str(a), str(s), d)
            for a, s, d in self._db.execute(
                "SELECT id, story_id, duplicate_of FROM articles ORDER BY seq"
            )
        ]

    def topics(self) -> dict[str, str]:
        """The topic of every story (story id -> topic id; a topic is named after the
        story that started it)."""
        return {
            str(sid): str(tid or sid)
            for sid, tid in self._db.execute("SELECT id, topic_id FROM stories ORDER BY seq")
        }

    def stories(self, since: dt.datetime | None = None) -> list[StorySummary]:
        """Every story, most recently updated first; with ``since``, only stories that
        received an article at or after it."""
        acc: dict[str, _Acc] = {}
        topic_of = self.topics()
        rows = self._db.execute(
            "SELECT story_id, title, text, source, added_at, published, duplicate_of"
            " FROM articles ORDER BY seq"
        )
        for sid, title, text, source, added, pub, dup in rows:
            s = acc.get(sid)
            if s is None:
                s = acc[sid] = _Acc(first=added, last=added, fallback=" ".join(text.split()[:12]))
            s.size += 1
            s.dups += dup is not None
            if source:
                s.outlets.setdefault(source, None)
            s.last = added
            if s.headline is None and title:
                s.headline = title
            if pub:
                s.pmin = pub if s.pmin is None or pub < s.pmin else s.pmin
                s.pmax = pub if s.pmax is None or pub > s.pmax else s.pmax
        out = []
        for sid, s in acc.items():
            last = dt.datetime.fromisoformat(s.last)
            if since is not None and last < since:
                continue
            out.append(
                StorySummary(
                    id=sid,
                    size=s.size,
                    duplicates=s.dups,
                    outlets=tuple(s.outlets),
                    first_seen=dt.datetime.fromisoformat(s.first),
                    last_seen=last,
                    headline=s.headline or s.fallback,
                    first_published=_date(s.pmin),
                    last_published=_date(s.pmax),
                    topic=topic_of.get(sid),
                )
            )
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


def open_store(path: str | Path | None = None) -> Store:
    """Open (creating and migrating if needed) the store at ``path``; None means
    ``$NEWSDESK_DB`` or the platform's user data folder. Use it as a context manager."""
    return Store(default_db_path() if path is None else path)
