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


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "create_tables", create_tables),
    Migration(2, "stories_get_topics", stories_get_topics),
    Migration(3, "stories_can_merge", stories_can_merge),
)
SCHEMA_VERSION = MIGRATIONS[-1].version
