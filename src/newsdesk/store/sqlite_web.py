"""The reading queries of ``newsdesk serve`` on a SQLite store, and its brief cache.

Kept apart from :mod:`.sqlite` (the ingest engine's storage) because the web layer asks
different questions: a page of stories at a time (keyset paging by insertion number, so
page 500 costs what page 1 does), full-text search through the FTS5 index of migration
5, one article with its near-duplicates, and rendered briefs cached per story under a key
of the story's articles (a story that gains, loses or merges articles gets a new key, so a
cached brief is never served for a story that changed).

Readers never take a lock (WAL); a cache write is one short ``BEGIN IMMEDIATE``
transaction that gives up after ``busy_seconds`` rather than make a page wait on a long
``add`` batch: the brief is then served uncached and written next time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import NewsdeskError
from .base import StorySummary

__all__ = [
    "ArticleRow",
    "CachedBrief",
    "StoryPage",
    "StoryQuery",
    "WebIndex",
    "articles_key",
    "fts_query",
]

_TERM = re.compile(r'"([^"]*)"|(\S+)')
_ARTICLE_COLUMNS = (
    "seq, id, story_id, duplicate_of, text, title, source, url, published, author,"
    " language, origin, added_at"
)


def articles_key(article_ids: Sequence[str], salt: str) -> str:
    """What a cached brief is valid for: the story's article ids in insertion order, and
    ``salt`` (the brief options and the newsdesk version)."""
    h = hashlib.sha1(salt.encode("utf-8"))
    for aid in article_ids:
        h.update(b"\x00" + aid.encode("utf-8"))
    return h.hexdigest()


def fts_query(text: str) -> str | None:
    """A user's search words as an FTS5 query: every word (or "quoted phrase") must
    occur; FTS5 operators and punctuation typed by the user are taken literally, so no
    input is a syntax error. None when nothing searchable is left."""
    terms = []
    for phrase, word in _TERM.findall(text):
        t = " ".join((phrase or word).split())
        t = "".join(c for c in t if c.isalnum() or c in " -'")
        if t.strip(" -'"):
            terms.append('"' + t.replace('"', '""') + '"')
    return " ".join(terms) or None


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryQuery:
    """Which stories a front page lists: ``before`` is the paging cursor (an article's
    insertion number; the next page starts below it)."""

    q: str | None = None
    outlet: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    before: int | None = None
    limit: int = 30


@dataclass(frozen=True, slots=True)
class StoryPage:
    stories: list[StorySummary]
    next_before: int | None  # the cursor of the next page, None on the last one


@dataclass(frozen=True, slots=True)
class ArticleRow:
    seq: int
    id: str
    story_id: str
    duplicate_of: str | None
    text: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    author: str | None
    language: str | None
    origin: str | None
    added_at: str


@dataclass(frozen=True, slots=True)
class CachedBrief:
    story_id: str
    key: str
    created_at: str
    json: str
    markdown: str
    html: str


def _filters(q: StoryQuery, alias: str, params: dict[str, object]) -> str:
    """SQL conditions on article ``alias`` for the query's filters."""
    out = []
    if q.outlet:
        out.append(f"{alias}.source = :outlet")
        params["outlet"] = q.outlet
    day = f"COALESCE({alias}.published, substr({alias}.added_at, 1, 10))"  # articles_day
    if q.since:
        out.append(f"{day} >= :since")
        params["since"] = q.since.isoformat()
    if q.until:
        out.append(f"{day} <= :until")
        params["until"] = q.until.isoformat()
    return "".join(f" AND {c}" for c in out)


_Fetch = Callable[[int], tuple[list[tuple[int, str]], int | None]]


class WebIndex:
    """Reading queries and the brief cache over one SQLite store (one connection: use
    one per thread)."""

    def __init__(self, path: str | Path, *, busy_seconds: float = 5.0) -> None:
        self.location = Path(path)
        if not self.location.is_file():
            raise NewsdeskError(f"no store at {self.location}")
        self._db = sqlite3.connect(
            f"{self.location.resolve().as_uri()}?mode=rw",
            uri=True,
            isolation_level=None,
            timeout=busy_seconds,
            check_same_thread=False,
        )
        if not self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'articles_fts'"
        ).fetchone():
            self._db.close()
            raise NewsdeskError(f"{self.location}: open it with newsdesk first (no search index)")

    def close(self) -> None:
        self._db.close()

    # --- the front page ------------------------------------------------------------------

    def stories(self, q: StoryQuery) -> StoryPage:
        """Stories with matching articles, the one with the newest matching article first.
        A story is listed once, at its newest matching article, so pages never repeat."""
        match = fts_query(q.q) if q.q else None
        if match or q.since or q.until:
            rows = self._scan(q, match)
        else:  # the story's newest (outlet's) article, straight from the indexes
            params: dict[str, object] = {"before": q.before or 2**62, "limit": q.limit + 1}
            where = _filters(q, "a", params)
            sql = (
                f"SELECT a.seq, a.story_id FROM articles a WHERE a.seq < :before{where}"
                " AND NOT EXISTS (SELECT 1 FROM articles b WHERE b.story_id = a.story_id"
                f" AND b.seq > a.seq{_filters(q, 'b', {})}) ORDER BY a.seq DESC LIMIT :limit"
            )
            rows = self._db.execute(sql, params).fetchall()
        more = len(rows) > q.limit
        rows = rows[: q.limit]
        summaries = self.summaries([str(sid) for _, sid in rows])
        return StoryPage(
            [summaries[str(sid)] for _, sid in rows if str(sid) in summaries],
            int(rows[-1][0]) if more and rows else None,
        )

    def _fetcher(self, q: StoryQuery, match: str | None) -> tuple[_Fetch, int]:
        """Matching articles below a cursor, newest first, a chunk at a time, and the
        cursor of the next chunk (None after the last). A search walks the FTS5 index in
        rowid order, so a common word costs what a rare one does. A date range reads
        windows of insertion numbers from the newest article in the range down to the
        oldest (news arrives roughly in date order), each window twice the last."""
        params: dict[str, object] = {}
        where = _filters(q, "a", params)
        if match:
            params["q"] = match
            sql = (
                "SELECT a.seq, a.story_id FROM articles_fts f JOIN articles a ON a.seq = f.rowid"
                f" WHERE articles_fts MATCH :q AND f.rowid < :below{where}"
                " ORDER BY f.rowid DESC LIMIT 400"
            )

            def by_text(below: int) -> tuple[list[tuple[int, str]], int | None]:
                rows = self._db.execute(sql, {**params, "below": below}).fetchall()
                return rows, (int(rows[-1][0]) if len(rows) == 400 else None)

            return by_text, q.before or 2**62
        lo, hi = self._db.execute(
            f"SELECT MIN(a.seq), MAX(a.seq) FROM articles a INDEXED BY articles_day WHERE 1{where}",
            params,
        ).fetchone()
        sql = (
            "SELECT a.seq, a.story_id FROM articles a WHERE a.seq < :below AND a.seq >= :low"
            f"{where} ORDER BY a.seq DESC"
        )
        window = [1000]

        def by_date(below: int) -> tuple[list[tuple[int, str]], int | None]:
            low = below - window[0]
            window[0] *= 2
            rows = self._db.execute(sql, {**params, "below": below, "low": low}).fetchall()
            return rows, (low if lo is not None and low > lo else None)

        if hi is None:  # nothing in the range
            return by_date, 0
        return by_date, min(q.before or 2**62, int(hi) + 1)

    def _scan(self, q: StoryQuery, match: str | None) -> list[tuple[int, str]]:
        """``limit + 1`` (seq, story) rows, one per story, newest match first. A story with
        a match at or after the cursor was on an earlier page: left out."""
        fetch, below = self._fetcher(q, match)
        out: dict[str, int] = {}
        shown: set[str] = set()  # on an earlier page
        cursor: int | None = below
        while cursor is not None and len(out) <= q.limit:
            rows, cursor = fetch(cursor)
            for seq, sid in rows:
                if sid in out or sid in shown:
                    continue
                if q.before is not None and self._matched_since(str(sid), q, match):
                    shown.add(sid)
                    continue
                out[str(sid)] = int(seq)
                if len(out) > q.limit:
                    break
        return [(seq, sid) for sid, seq in out.items()]

    def _matched_since(self, story_id: str, q: StoryQuery, match: str | None) -> bool:
        """Whether the story has a matching article at or after the cursor."""
        params: dict[str, object] = {"sid": story_id, "since": q.before}
        seqs = self._db.execute(
            "SELECT a.seq FROM articles a WHERE a.story_id = :sid AND a.seq >= :since"
            + _filters(q, "a", params),
            params,
        ).fetchall()
        if not match:
            return bool(seqs)
        return any(
            self._db.execute(
                "SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? AND rowid = ?",
                (match, seq),
            ).fetchone()
            for (seq,) in seqs
        )

    def summaries(self, story_ids: Sequence[str]) -> dict[str, StorySummary]:
        """Size, outlets, first and last seen, headline and topic of each story."""
        if not story_ids:
            return {}
        marks = ",".join("?" * len(story_ids))
        ids = tuple(story_ids)
        with _snapshot(self._db):
            agg = self._db.execute(
                "SELECT story_id, COUNT(*), COUNT(duplicate_of), MIN(added_at), MAX(added_at),"
                " MIN(published), MAX(published), MIN(seq) FROM articles"
                f" WHERE story_id IN ({marks}) GROUP BY story_id",
                ids,
            ).fetchall()
            outlets: dict[str, list[str]] = {}
            for sid, src in self._db.execute(
                f"SELECT story_id, source FROM articles WHERE story_id IN ({marks})"
                " AND source IS NOT NULL GROUP BY story_id, source ORDER BY MIN(seq)",
                ids,
            ):
                outlets.setdefault(str(sid), []).append(str(src))
            heads = self.headlines(ids)
            firsts = [int(r[7]) for r in agg if r[0] not in heads]
            fallback = self._first_words(firsts)
            topics = dict(
                self._db.execute(
                    f"SELECT id, COALESCE(topic_id, id) FROM stories WHERE id IN ({marks})", ids
                ).fetchall()
            )
        return {
            str(sid): StorySummary(
                id=str(sid), size=int(n), duplicates=int(dups),
                outlets=tuple(outlets.get(str(sid), ())),
                first_seen=dt.datetime.fromisoformat(first),
                last_seen=dt.datetime.fromisoformat(last),
                headline=str(heads.get(sid) or fallback.get(sid, "")),
                first_published=dt.date.fromisoformat(p0) if p0 else None,
                last_published=dt.date.fromisoformat(p1) if p1 else None,
                topic=topics.get(sid),
            )
            for sid, n, dups, first, last, p0, p1, _ in agg
        }  # fmt: skip

    def headlines(self, story_ids: Sequence[str]) -> dict[str, str]:
        """The first title of each story that has one (for naming topics, too)."""
        if not story_ids:
            return {}
        marks = ",".join("?" * len(story_ids))
        rows = self._db.execute(
            "SELECT story_id, title FROM articles WHERE seq IN (SELECT MIN(seq) FROM"
            f" articles WHERE story_id IN ({marks}) AND title IS NOT NULL"
            " AND title != '' GROUP BY story_id)",
            tuple(story_ids),
        )
        return {str(sid): str(t) for sid, t in rows}

    def _first_words(self, seqs: list[int]) -> dict[str, str]:
        if not seqs:
            return {}
        marks = ",".join("?" * len(seqs))
        rows = self._db.execute(
            f"SELECT story_id, substr(text, 1, 300) FROM articles WHERE seq IN ({marks})", seqs
        )
        return {str(sid): " ".join(str(t).split()[:12]) for sid, t in rows}

    def outlets(self, limit: int = 500) -> list[str]:
        """The distinct outlets, alphabetically (a skip-scan of the outlet index)."""
        rows = self._db.execute(
            "WITH RECURSIVE o(s, n) AS (SELECT MIN(source), 1 FROM articles UNION ALL"
            " SELECT (SELECT MIN(source) FROM articles WHERE source > o.s), n + 1 FROM o"
            " WHERE o.s IS NOT NULL AND n < ?) SELECT s FROM o WHERE s IS NOT NULL",
            (limit,),
        )
        return [str(s) for (s,) in rows]

    # --- stories and articles ----------------------------------------------------------------

    def resolve(self, story_id: str) -> str | None:
        """The story ``story_id`` is now (after merges), or None if there is none."""
        row = self._db.execute(
            "SELECT COALESCE(merged_into, id) FROM stories WHERE id = ?", (story_id,)
        ).fetchone()
        return None if row is None else str(row[0])

    def story_key(self, story_id: str, salt: str) -> str:
        """The :func:`articles_key` of the story's articles as stored now."""
        rows = self._db.execute(
            "SELECT id FROM articles WHERE story_id = ? ORDER BY seq", (story_id,)
        )
        return articles_key([str(a) for (a,) in rows], salt)

    def article(self, article_id: str) -> ArticleRow | None:
        row = self._db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return None if row is None else ArticleRow(*row)

    def near_duplicates(self, article: ArticleRow) -> list[ArticleRow]:
        """The other copies of ``article``: its original and the original's copies."""
        original = article.duplicate_of or article.id
        rows = self._db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE (id = ? OR duplicate_of = ?)"
            " AND id != ? ORDER BY seq LIMIT 200",
            (original, original, article.id),
        )
        return [ArticleRow(*r) for r in rows]

    def added_at(self, story_id: str) -> dict[str, str]:
        """When each article of the story was added (for "new since your last visit")."""
        rows = self._db.execute(
            "SELECT id, added_at FROM articles WHERE story_id = ? ORDER BY seq", (story_id,)
        )
        return {str(a): str(t) for a, t in rows}

    # --- the brief cache ---------------------------------------------------------------------

    def cached_brief(self, story_id: str) -> CachedBrief | None:
        row = self._db.execute(
            "SELECT story_id, articles_key, created_at, brief_json, markdown, html"
            " FROM brief_cache WHERE story_id = ?",
            (story_id,),
        ).fetchone()
        return None if row is None else CachedBrief(*row)

    def save_brief(self, brief: CachedBrief) -> bool:
        """Keep a rendered brief; False (nothing written) when the writer lock stayed
        taken for ``busy_seconds``."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                return False
            raise
        try:
            self._db.execute("DELETE FROM brief_cache WHERE story_id = ?", (brief.story_id,))
            self._db.execute(
                "INSERT INTO brief_cache (story_id, articles_key, created_at, brief_json,"
                " markdown, html) VALUES (?, ?, ?, ?, ?, ?)",
                (brief.story_id, brief.key, brief.created_at, brief.json, brief.markdown,
                 brief.html),
            )  # fmt: skip
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
        return True


class _snapshot:
    """One read transaction around several queries (a consistent view under writers)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN")

    def __exit__(self, *exc: object) -> None:
        self.db.execute("COMMIT")
