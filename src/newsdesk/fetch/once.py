"""``newsdesk fetch``: article pages fetched once and added to the store."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..model import Article, InputProblem
from ..store import AddReport, Store
from ..store.sqlite_feeds import FeedTables, LogRow
from .client import Fetcher
from .pages import page_article
from .state import StoreThread
from .watch import log_row

__all__ = ["PagesReport", "fetch_pages"]


@dataclass(slots=True)
class PagesReport:
    added: AddReport = field(default_factory=AddReport)
    known: int = 0  # URLs already stored: not fetched again
    problems: list[InputProblem] = field(default_factory=list)


async def fetch_pages(
    db: StoreThread,
    fetcher: Fetcher,
    urls: Sequence[str],
    *,
    progress: Callable[[str, str | None], None] | None = None,
) -> PagesReport:
    """Fetch each page (politely, side by side), extract its article and add them all;
    a URL already stored is not fetched again. ``progress(url, problem)`` after each."""
    report = PagesReport()
    logs: list[LogRow] = []

    async def one(url: str) -> Article | None:
        if await db.call(lambda s, t: t.article_by_url(url)) is not None:
            report.known += 1
            return None
        got = await fetcher.get(url)
        logs.append(log_row(got, None, "page"))
        item: Article | InputProblem
        if got.ok:
            item = await asyncio.to_thread(page_article, got)
        else:
            item = InputProblem(url, got.error or f"HTTP {got.status}")
        if isinstance(item, InputProblem):
            report.problems.append(item)
        if progress is not None:
            progress(url, item.reason if isinstance(item, InputProblem) else None)
        return item if isinstance(item, Article) else None

    found = [a for a in await asyncio.gather(*(one(u) for u in dict.fromkeys(urls))) if a]

    def save(store: Store, t: FeedTables) -> AddReport:
        added = store.add(found) if found else AddReport()
        with store.storage.writing():
            t.log(logs)
        return added

    report.added = await db.call(save)
    return report
