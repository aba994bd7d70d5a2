"""The article store: SQLite by default, one file, for incremental work on a stream.

Articles are added in batches, one transaction per batch, so a crash (even ``kill -9``)
loses at most the batch in flight and running the same ``add`` again completes the rest:
an article whose content hash is already stored counts as "already present". Each new
article is linked to an earlier near-duplicate (MinHash LSH) or placed in a story by the
online clusterer (:mod:`.ingest`). The engine's state is a pure function of what is
stored, so it is rebuilt exactly when a store is reopened, and caught up before each
batch with what other processes committed: several writers at once give the stories of
one serial ``add`` of the articles in the order they were committed.

Layout: :mod:`.base` (the ``Storage`` interface and records), :mod:`.sqlite` (the SQLite
backend: all SQL), :mod:`.migrations` (named migrations), :mod:`.ingest` (the engine),
:mod:`.core` (``Store`` and ``open_store``).
"""

from __future__ import annotations

from .base import AddReport, Storage, StorySummary
from .core import Store, default_db_path, open_store
from .migrations import MIGRATIONS, SCHEMA_VERSION, Migration

__all__ = [
    "AddReport",
    "MIGRATIONS",
    "Migration",
    "SCHEMA_VERSION",
    "Storage",
    "Store",
    "StorySummary",
    "default_db_path",
    "open_store",
]
