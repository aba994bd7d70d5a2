"""Briefs on demand: computed by the pipeline, rendered by the existing renderers (JSON,
Markdown, HTML), kept in the store's brief cache under the key of the story's articles.

One worker process writes briefs, one story at a time; a page that needs a brief starts
it here and says so while it works, and every request for the same story waits on the
same job instead of starting another.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing as mp
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..model import Article
from ..pipeline import BriefOptions, brief
from ..render import SCHEMA_VERSION, dumps, to_html, to_markdown
from ..store import open_store
from ..store.ingest import now
from ..store.sqlite_web import CachedBrief, WebIndex, articles_key

__all__ = ["BriefService", "StoryState"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StoryState:
    """What a story page needs to know about its brief."""

    story_id: str  # the current id (after merges)
    key: str  # the key of the story's articles now
    cached: CachedBrief | None  # the newest cached brief, fresh or not

    @property
    def fresh(self) -> bool:
        return self.cached is not None and self.cached.key == self.key


def _warm_up(options: BriefOptions) -> None:
    """Load the summarizer's and the analysis's models before the first reader asks (a
    second or two, once), so a first brief costs only its own work."""
    text = (
        "The council of Northport approved the budget on Monday, the mayor said. "
        '"We are pleased," said Mayor Elena Ruiz. The vote was 7 to 2.'
    )
    brief([Article(id="warm-up", text=text, title="Warm-up")], options=options)


def _compute(db: Path, story_id: str, options: BriefOptions, salt: str) -> CachedBrief:
    """Write, render and cache the brief of ``story_id`` (in the worker process)."""
    with open_store(db, create=False) as store:
        articles = store.story_articles(story_id)
    b = brief(articles, options=options)
    out = CachedBrief(
        story_id=story_id,
        key=articles_key([a.id for a in articles], salt),
        created_at=now(),
        json=dumps(b) + "\n",
        markdown=to_markdown(b),
        html=to_html(b),
    )
    index = WebIndex(db)
    try:
        if not index.save_brief(out):
            log.info("story %s: brief not cached (the store stayed busy)", story_id)
    finally:
        index.close()
    return out


class BriefService:
    """Computes and caches briefs of stored stories, in a worker process of its own: a
    brief is seconds of Python, and in the server's process it would hold the GIL that
    every page needs."""

    def __init__(self, db: Path, index: Callable[[], WebIndex], options: BriefOptions) -> None:
        self.db = db
        self.options = options
        self.salt = f"newsdesk {__version__}; schema {SCHEMA_VERSION}; {options!r}"
        self._index = index
        self._jobs: dict[str, Future[CachedBrief]] = {}
        self._lock = threading.Lock()
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: the server's threads and open connections stay behind
        pool = ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn"))
        pool.submit(_warm_up, self.options)
        return pool

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)  # the running brief ends

    def state(self, story_id: str) -> StoryState:
        idx = self._index()
        return StoryState(story_id, idx.story_key(story_id, self.salt), idx.cached_brief(story_id))

    def start(self, story_id: str) -> Future[CachedBrief]:
        """The job writing ``story_id``'s brief: the one running, or a new one."""
        with self._lock:
            job = self._jobs.get(story_id)
            if job is None or job.done():
                try:
                    job = self._pool.submit(_compute, self.db, story_id, self.options, self.salt)
                except BrokenProcessPool:  # the worker died (out of memory?): a new one
                    self._pool = self._new_pool()
                    job = self._pool.submit(_compute, self.db, story_id, self.options, self.salt)
                self._jobs[story_id] = job
                job.add_done_callback(functools.partial(self._forget, story_id))
            return job

    def _forget(self, story_id: str, job: Future[CachedBrief]) -> None:
        with self._lock:
            if self._jobs.get(story_id) is job:
                del self._jobs[story_id]

    def get(self, story_id: str, *, timeout: float = 300.0) -> CachedBrief:
        """The fresh brief of ``story_id``: from the cache, else written now."""
        st = self.state(story_id)
        if st.fresh and st.cached is not None:
            return st.cached
        return self.start(story_id).result(timeout=timeout)
