"""Named migrations: version N is one function, applied once, in its own transaction,
after N-1 (the shape of sqlite-utils' ``Migrations``). Each function issues one
statement per ``execute`` call, in SQL that SQLite and PostgreSQL share apart from the
first migration's column types (see docs/store.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Migration"]


class _Executes(Protocol):
    def execute(self, sql: str, parameters: Any = ..., /) -> Any: ...


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    apply: Callable[[_Executes], None]


def create_tables(db: _Executes) -> None:
    """The first schema: articles with their placement, stories, IDF counts, briefs."""
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(
        "CREATE TABLE stories (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, created_at TEXT NOT NULL)"
    )
    db.execute(
        """CREATE TABLE articles (
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
        )"""
    )
    db.execute("CREATE INDEX articles_story ON articles(story_id, seq)")
    db.execute("CREATE TABLE term_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL)")
    db.execute(
        """CREATE TABLE briefed (
            story_id TEXT NOT NULL,
            article_id TEXT NOT NULL,
            briefed_at TEXT NOT NULL,
            PRIMARY KEY (story_id, article_id)
        )"""
    )


def stories_get_topics(db: _Executes) -> None:
    """Each story belongs to a topic; a story stored before topics is its own."""
    db.execute("ALTER TABLE stories ADD COLUMN topic_id TEXT")
    db.execute("UPDATE stories SET topic_id = id")
    db.execute("CREATE INDEX stories_topic ON stories(topic_id, seq)")


def stories_can_merge(db: _Executes) -> None:
    """Stories merge as evidence arrives: each article keeps the story it was placed in
    (the engine replays that) next to the story it is in now; each merge is logged in
    order, with the article that caused it; a merged story points at its survivor."""
    db.execute("ALTER TABLE articles ADD COLUMN placed_in TEXT")
    db.execute("UPDATE articles SET placed_in = story_id")
    db.execute("ALTER TABLE stories ADD COLUMN merged_into TEXT")
    db.execute(
        """CREATE TABLE story_merges (
            seq INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL,
            merged TEXT NOT NULL,
            survivor TEXT NOT NULL
        )"""
    )


def search_and_brief_cache(db: _Executes) -> None:
    """For ``newsdesk serve``: full-text search over titles and text (SQLite FTS5, kept in
    step with ``articles`` by triggers, so every writer indexes in the transaction that
    inserts; existing articles are indexed here), indexes for the front page's filters and
    near-duplicate lists, and a cache of rendered briefs keyed by the story's articles.
    SQLite only: a PostgreSQL backend would use a ``tsvector`` column instead."""
    db.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles',"
        " content_rowid='seq', tokenize='unicode61 remove_diacritics 2')"
    )
    db.execute(
        "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN"
        " INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);"
        " END"
    )
    db.execute(
        "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN"
        " INSERT INTO articles_fts (articles_fts, rowid, title, text)"
        " VALUES ('delete', old.seq, old.title, old.text); END"
    )
    db.execute(
        "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN"
        " INSERT INTO articles_fts (articles_fts, rowid, title, text)"
        " VALUES ('delete', old.seq, old.title, old.text);"
        " INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);"
        " END"
    )
    db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
    db.execute("CREATE INDEX articles_source ON articles(source, seq)")
    db.execute("CREATE INDEX articles_duplicate ON articles(duplicate_of)")
    db.execute(
        "CREATE INDEX articles_day ON articles(COALESCE(published, substr(added_at, 1, 10)), seq)"
    )
    db.execute(
        """CREATE TABLE brief_cache (
            story_id TEXT PRIMARY KEY,
            articles_key TEXT NOT NULL,
            created_at TEXT NOT NULL,
            brief_json TEXT NOT NULL,
            markdown TEXT NOT NULL,
            html TEXT NOT NULL
        )"""
    )


def feeds_and_fetch_log(db: _Executes) -> None:
    """For ``newsdesk watch`` and ``fetch``: the feeds followed (validators for conditional
    GET, last success, consecutive failures and when to try again), each feed entry seen
    (so an entry is fetched once, and an entry changed in place is an update), a log of
    every URL fetched, the later versions of updated articles, each site's robots.txt (so a
    round run from cron does not fetch it again), and articles by URL."""
    db.execute(
        """CREATE TABLE feeds (
            url TEXT PRIMARY KEY,
            title TEXT,
            added_at TEXT NOT NULL,
            fetch_url TEXT,
            etag TEXT,
            last_modified TEXT,
            last_fetch_at TEXT,
            last_success_at TEXT,
            last_status TEXT,
            last_error TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            next_fetch_at TEXT,
            last_new INTEGER NOT NULL DEFAULT 0,
            articles INTEGER NOT NULL DEFAULT 0,
            updates INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute(
        """CREATE TABLE feed_entries (
            feed_url TEXT NOT NULL,
            entry_key TEXT NOT NULL,
            url TEXT,
            host TEXT,
            entry_hash TEXT NOT NULL,
            text_hash TEXT,
            article_id TEXT,
            outcome TEXT NOT NULL,
            first_seen_at TEXT NOT NULL,
            updated_at TEXT,
            revisions INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (feed_url, entry_key)
        )"""
    )
    db.execute("CREATE INDEX feed_entries_url ON feed_entries(url)")
    db.execute("CREATE INDEX feed_entries_text ON feed_entries(text_hash, host)")
    db.execute(
        """CREATE TABLE fetch_log (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            url TEXT NOT NULL,
            feed_url TEXT,
            status INTEGER,
            outcome TEXT NOT NULL,
            reason TEXT,
            bytes INTEGER,
            elapsed_ms INTEGER,
            attempts INTEGER
        )"""
    )
    db.execute("CREATE INDEX fetch_log_url ON fetch_log(url, seq)")
    db.execute(
        """CREATE TABLE article_updates (
            seq INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL,
            url TEXT,
            title TEXT,
            text TEXT NOT NULL,
            at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE robots_txt (
            origin TEXT PRIMARY KEY,
            fetched_at TEXT NOT NULL,
            status INTEGER NOT NULL,
            body TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX articles_url ON articles(url)")


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "create_tables", create_tables),
    Migration(2, "stories_get_topics", stories_get_topics),
    Migration(3, "stories_can_merge", stories_can_merge),
    Migration(4, "feeds_and_fetch_log", feeds_and_fetch_log),
    Migration(5, "search_and_brief_cache", search_and_brief_cache),
)
# the newest version; a store records each version it applied (versions may be appended
# out of order by parallel work: a store opened by newer code gets the ones it lacks)
SCHEMA_VERSION = max(m.version for m in MIGRATIONS)
