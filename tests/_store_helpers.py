"""Helpers shared by the store tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def count_articles(db: Path) -> int:
    """Articles committed in the store at ``db``, read through a read-only connection
    (0 while the file or its tables do not exist yet)."""
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(con.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0
