"""A fetched page becomes an article through the same readers as a file does
(:mod:`newsdesk.read`: HTML through trafilatura), with its canonical URL."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import re
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from urllib.parse import urljoin

from ..model import Article, InputProblem, article_id
from ..read._source import Loaded
from ..read.formats import READERS, Draft, sniff
from ..text import http_url
from .body import to_text
from .client import Fetched

__all__ = ["Extractor", "canonical_link", "draft_article", "page_article"]

MIN_FALLBACK_WORDS = 8  # a feed summary shorter than this is no article
_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def canonical_link(html: str, base: str) -> str | None:
    """The page's ``<link rel="canonical">`` made absolute (trafilatura keeps only
    absolute ones), if it is an http(s) URL."""
    for tag in _LINK.findall(html[:200_000]):
        attrs = {m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
                 for m in _ATTR.finditer(tag)}  # fmt: skip
        if "canonical" in attrs.get("rel", "").lower().split() and attrs.get("href"):
            return http_url(urljoin(base, attrs["href"].strip()))
    return None


def draft_article(d: Draft, url: str, *, source: str | None = None) -> Article:
    """The article a draft read from ``url`` becomes: its URL the page's canonical one
    (an http(s) ``<link rel="canonical">``/``og:url``) else ``url``; its id salted with it."""
    canonical = http_url(d.url) or url
    return Draft(
        origin=url,
        text=d.text,
        title=d.title,
        source=d.source or source,
        url=canonical,
        published=d.published,
        author=d.author,
    ).article(article_id(d.text, salt=canonical))


def page_article(got: Fetched, *, source: str | None = None) -> Article | InputProblem:
    """The article on a fetched page (HTML, or a feed or text the readers know)."""
    text, _charset = to_text(got.body, got.content_type)
    suffix = ".html" if "html" in got.content_type.lower() else ""
    loaded = Loaded(name=got.final_url, text=text, suffix=suffix)
    fmt = sniff(loaded)
    if fmt in ("text", "multinews", "jsonl") and "html" in got.content_type.lower():
        fmt = "html"
    for item in READERS[fmt](loaded, clean=None):
        if isinstance(item, InputProblem):
            return InputProblem(got.url, item.reason)
        if not http_url(item.url):
            item = replace(item, url=canonical_link(text, got.final_url))
        return draft_article(item, got.final_url, source=source)
    return InputProblem(got.url, "no article text found")


class Extractor:
    """Runs :func:`page_article` off the event loop: in ``workers`` processes (the HTML
    parsing is CPU work; in a process it runs beside the network work instead of taking
    turns with it under one interpreter lock), or in a thread with ``workers=0``. Use as
    a context manager; processes are started on first use."""

    def __init__(self, workers: int = 0) -> None:
        if workers < 0:
            raise ValueError("workers must be 0 (a thread) or more")
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    async def __call__(self, got: Fetched, source: str | None = None) -> Article | InputProblem:
        if self.workers == 0:
            return await asyncio.to_thread(page_article, got, source=source)
        if self._pool is None:
            # spawn: the parent holds threads (the store's, asyncio's), which fork would copy
            ctx = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=ctx, initializer=_exit_with, initargs=(os.getpid(),)
            )
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, _extract, got, source)

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _exit_with(parent: int) -> None:
    """In a worker: exit when the parent is gone (a ``kill -9`` of ``watch`` must not
    leave workers behind)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="newsdesk-parent-watch").start()


def _extract(got: Fetched, source: str | None) -> Article | InputProblem:
    return page_article(got, source=source)
