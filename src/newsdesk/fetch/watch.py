"""One watch round: every feed that is due is fetched (conditionally: a 304 costs one
small request), its new entries followed to their pages and extracted, and the result
committed, feed by feed.

Crash safety: a feed's articles are committed by :meth:`Store.add` first, then its
entries, validators and log in one transaction. A ``kill -9`` between the two leaves
articles whose entries are not recorded; the next round sees those entries as new, finds
their URL already stored and records them without fetching or adding anything. So a
round can be killed anywhere and re-run: nothing committed is lost, nothing is doubled.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..model import Article, InputProblem, article_id
from ..read.formats import Draft
from ..store import AddReport, Store
from ..store.sqlite_feeds import EntryRow, FeedRow, FeedTables, LogRow
from .client import Fetched, Fetcher, FetchOptions
from .feeds import FeedEntry, discover_feeds, looks_like_html, parse_feed
from .pages import MIN_FALLBACK_WORDS, Extractor, draft_article
from .state import StoreThread, iso, utcnow

__all__ = ["FeedReport", "RoundReport", "WatchOptions", "run_round", "log_row"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True, slots=True)
class WatchOptions:
    """``every``: seconds between rounds, and the unit of a failing feed's backoff
    (retried next round, then after 1, 3, 7... rounds, at most ``max_backoff``);
    ``max_entries``: entries followed per feed per round; ``feeds_at_once``: feeds in
    progress at once (memory); ``log_days``: how long the fetch log is kept."""

    fetch: FetchOptions = field(default_factory=FetchOptions)
    every: float = 900.0
    max_backoff: float = 86400.0
    max_entries: int = 100
    feeds_at_once: int = 1000
    log_days: float = 30.0
    extract_workers: int = 0  # processes extracting pages (0: a thread)

    def __post_init__(self) -> None:
        if self.every <= 0 or self.max_backoff <= 0 or self.log_days <= 0:
            raise ValueError("every, max_backoff and log_days must be positive")
        if self.max_entries < 1 or self.feeds_at_once < 1:
            raise ValueError("max_entries and feeds_at_once must be 1 or more")
        if self.extract_workers < 0:
            raise ValueError("extract_workers must be 0 (a thread) or more")


@dataclass(slots=True)
class FeedReport:
    """What a round did with one feed. ``status``: "ok", "not modified", "failed",
    "backing off" (not fetched: ``reason`` says until when)."""

    url: str
    status: str
    reason: str | None = None
    new: int = 0
    updated: int = 0
    duplicates: int = 0
    problems: list[InputProblem] = field(default_factory=list)

    def line(self) -> str:
        if self.status in ("failed", "backing off"):
            return f"{self.url}: {self.status} ({self.reason})"
        tail = f", {len(self.problems)} entries failed" if self.problems else ""
        return (f"{self.url}: {self.status}, {self.new} new, {self.updated} updated, "
                f"{self.duplicates} already known{tail}")  # fmt: skip


@dataclass(slots=True)
class RoundReport:
    feeds: list[FeedReport] = field(default_factory=list)
    added: AddReport = field(default_factory=AddReport)
    requests: int = 0
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(f.status == status for f in self.feeds)

    def line(self) -> str:
        new = sum(f.new for f in self.feeds)
        upd = sum(f.updated for f in self.feeds)
        bad = sum(len(f.problems) for f in self.feeds)
        return (
            f"{len(self.feeds)} feeds: {self.count('ok')} fetched, "
            f"{self.count('not modified')} not modified, {self.count('failed')} failed, "
            f"{self.count('backing off')} backing off; {new} new articles, {upd} updated, "
            f"{bad} entries failed; {self.requests} requests in {self.seconds:.1f} s"
        )


@dataclass(slots=True)
class _Entry:
    """An entry followed: the article it gave (or why not) and the requests made."""

    entry: FeedEntry
    known: EntryRow | None
    article: Article | None = None
    existing: str | None = None  # its URL is already stored under this article id
    fallback: bool = False  # the article is the entry's own text (the page failed)
    problem: str | None = None
    logs: list[LogRow] = field(default_factory=list)


def log_row(got: Fetched, feed_url: str | None, outcome: str) -> LogRow:
    return LogRow(iso(utcnow()), got.url, feed_url, got.status, outcome, got.error,
                  len(got.body), int(got.elapsed * 1000), got.attempts)  # fmt: skip


Progress = Callable[[FeedReport], None]
MAX_ENTRY_TRIES = 3  # rounds an entry whose page and text both fail is tried in


def _seen(
    t: FeedTables, feed_url: str, entries: list[FeedEntry]
) -> tuple[dict[str, EntryRow], dict[str, str]]:
    """The feed's entries already seen, and the stored articles of the others' links."""
    known = t.entries(feed_url, [e.key for e in entries])
    links = [e.link for e in entries if e.link and e.key not in known]
    return known, t.articles_by_url(links)


def _due(e: FeedEntry, known: EntryRow | None) -> bool:
    """An entry to follow: new, changed since seen, or failed fewer than 3 times."""
    if known is None:
        return True
    if known.outcome == "failed":
        return known.revisions < MAX_ENTRY_TRIES
    return known.entry_hash != e.version


class _Round:
    def __init__(
        self, db: StoreThread, fetcher: Fetcher, options: WatchOptions, extract: Extractor
    ) -> None:
        self.db, self.fetcher, self.options, self.extract = db, fetcher, options, extract
        self.now = utcnow()
        self.report = RoundReport()
        self.gate = asyncio.Semaphore(options.feeds_at_once)

    async def feed(self, feed: FeedRow) -> FeedReport:
        # a little slack, so that a cron round a few seconds early is not skipped
        slack = dt.timedelta(seconds=min(60.0, self.options.every / 10))
        if feed.next_fetch_at and feed.next_fetch_at > iso(self.now + slack):
            why = f"{feed.failures} failures in a row; next try after {feed.next_fetch_at}"
            if feed.failures == 0:
                why = f"the server asked to wait until {feed.next_fetch_at}"
            return FeedReport(feed.url, "backing off", why)
        async with self.gate:
            logs: list[LogRow] = []
            got, target, problem = await self._fetch_feed(feed, logs)
            if got is None or problem is not None:
                return await self._failed(feed, got, problem, logs)
            if got.status == 304:
                return await self._commit(feed, got, target, [], logs, "not modified")
            parsed = parse_feed(got.body, got.headers)
            if parsed.problem is not None:
                return await self._failed(feed, got, parsed.problem, logs)
            entries = list(parsed.entries[: self.options.max_entries])
            known, stored = await self.db.call(lambda s, t: _seen(t, feed.url, entries))
            todo = [e for e in entries if _due(e, known.get(e.key))]
            title = parsed.title or feed.title
            done = await asyncio.gather(
                *(self._entry(feed, e, known.get(e.key), title, stored) for e in todo)
            )
            feed = dataclasses.replace(feed, title=feed.title or parsed.title)
            return await self._commit(feed, got, target, list(done), logs, "ok")

    async def _fetch_feed(
        self, feed: FeedRow, logs: list[LogRow]
    ) -> tuple[Fetched | None, str, str | None]:
        """The feed's answer, discovering the feed of a site page once; the URL it came
        from; and the problem when there is no feed to read."""
        target = feed.fetch_url or feed.url
        headers = {}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        got = await self.fetcher.get(target, headers=headers)
        logs.append(log_row(got, feed.url, "feed"))
        if got.error is not None or got.status == 304:
            return got, target, got.error
        if not looks_like_html(got.body, got.content_type) or feed.fetch_url:
            return got, target, None
        found = discover_feeds(got.body.decode("utf-8", "replace"), got.final_url)
        if not found:
            return got, target, "not a feed: an HTML page that announces no feed"
        got = await self.fetcher.get(found[0])
        logs.append(log_row(got, feed.url, "discovered feed"))
        return got, found[0], got.error

    async def _entry(
        self,
        feed: FeedRow,
        e: FeedEntry,
        known: EntryRow | None,
        source: str | None,
        stored: dict[str, str],
    ) -> _Entry:
        out = _Entry(e, known)
        if e.link and known is None and e.link in stored:
            out.existing = stored[e.link]
            return out  # stored by another feed or an interrupted round: no request
        failure = "the entry has no link"
        if e.link:
            got = await self.fetcher.get(e.link)
            out.logs.append(log_row(got, feed.url, "page"))
            if got.ok:
                page = await self.extract(got, source)
                if isinstance(page, Article):
                    out.article = page
                    return out
                failure = page.reason
            else:
                failure = got.error or f"HTTP {got.status}"
        if len(e.text.split()) >= MIN_FALLBACK_WORDS:
            d = Draft(origin=e.link or feed.url, text=e.text, title=e.title, source=source,
                      url=e.link, published=e.published, author=e.author)  # fmt: skip
            out.article, out.fallback = draft_article(d, e.link or feed.url), True
            log.info("%s: page not used (%s); the feed's text stands in", e.link, failure)
        else:
            out.problem = f"page not usable ({failure}) and the entry carries no text"
        return out

    async def _failed(
        self, feed: FeedRow, got: Fetched | None, problem: str | None, logs: list[LogRow]
    ) -> FeedReport:
        """A feed that could not be read backs off (and is reported), never dropped."""
        failures = feed.failures + 1
        wait = self.options.every * (2 ** min(failures - 1, 30) - 1)
        if got is not None and got.retry_after:
            wait = max(wait, got.retry_after)
        wait = min(wait, self.options.max_backoff)
        nxt = iso(self.now + dt.timedelta(seconds=wait)) if wait > 0 else None
        reason = problem or (got.error if got is not None else None) or "no answer"
        new = dataclasses.replace(
            feed, last_fetch_at=iso(self.now), last_status="failed", last_error=reason,
            failures=failures, next_fetch_at=nxt,
        )  # fmt: skip

        def save(store: Store, t: FeedTables) -> None:
            with store.storage.writing():
                t.save_feed(new)
                t.log(logs)

        await self.db.call(save)
        return FeedReport(feed.url, "failed", reason)

    async def _commit(
        self,
        feed: FeedRow,
        got: Fetched,
        target: str,
        done: list[_Entry],
        logs: list[LogRow],
        status: str,
    ) -> FeedReport:
        at = iso(self.now)
        new = dataclasses.replace(
            feed,
            fetch_url=target if target != feed.url else feed.fetch_url,
            etag=got.headers.get("etag") or feed.etag,
            last_modified=got.headers.get("last-modified") or feed.last_modified,
            last_fetch_at=at, last_success_at=at, last_status=status, last_error=None,
            failures=0, next_fetch_at=None,
        )  # fmt: skip
        rep = FeedReport(feed.url, status)
        for d in done:
            logs.extend(d.logs)
        added = await self.db.call(lambda s, t: self._apply(s, t, new, done, logs, rep))
        self.report.added.merge(added)
        return rep

    def _apply(self, store: Store, t: FeedTables, feed: FeedRow, done: list[_Entry],
               logs: list[LogRow], rep: FeedReport) -> AddReport:  # fmt: skip
        """On the store's thread: decide each entry, add the new articles, then record
        entries, updates, log and feed in one transaction."""
        rows: list[EntryRow] = []
        updates: list[tuple[str, Article]] = []
        fresh: list[tuple[_Entry, Article]] = []
        seen: dict[str, str] = {}  # canonical URLs and (text, host) of this feed's new ones
        for d in done:
            rows.extend(self._decide(t, feed, d, seen, fresh, updates, rep))
        added = store.add([a for _, a in fresh]) if fresh else AddReport()
        for d, a in fresh:
            stored = t.article_by_url(a.url or "")
            if stored is None:
                why = "; ".join(p.reason for p in added.rejected) or "not stored"
                rep.problems.append(InputProblem(a.url or d.entry.key, why))
            rows.append(self._row(feed, d, a, stored, "added" if stored else "failed"))
        rep.new = added.added
        feed = dataclasses.replace(feed, last_new=rep.new, articles=feed.articles + rep.new,
                                   updates=feed.updates + rep.updated)  # fmt: skip
        cutoff = iso(self.now - dt.timedelta(days=self.options.log_days))
        with store.storage.writing():
            t.save_entries(rows)
            for aid, a in updates:
                t.add_update(aid, a.url, a.title, a.text, iso(self.now))
            t.log(logs)
            t.save_feed(feed)
            t.prune_log(cutoff)
        return added

    def _decide(self, t: FeedTables, feed: FeedRow, d: _Entry, seen: dict[str, str],
                fresh: list[tuple[_Entry, Article]], updates: list[tuple[str, Article]],
                rep: FeedReport) -> list[EntryRow]:  # fmt: skip
        """The entry row of ``d`` when it is decided here (else it joins ``fresh``)."""
        a, k = d.article, d.known
        if d.existing is not None:
            rep.duplicates += 1
            return [self._row(feed, d, None, d.existing, "duplicate")]
        if a is None:
            rep.problems.append(InputProblem(d.entry.link or d.entry.key, d.problem or "?"))
            return [self._row(feed, d, None, None, "failed")]
        if k is not None and k.article_id and k.outcome != "failed":
            if d.fallback:  # the changed entry's page failed: try it again next round
                return []
            changed = article_id(a.text) != k.text_hash
            if changed:  # an entry updated in place: a new version, not a new article
                updates.append((k.article_id, a))
                rep.updated += 1
            return [self._row(feed, d, a, k.article_id, "updated" if changed else k.outcome)]
        host = urlsplit(a.url or "").hostname or ""
        text_key = f"{article_id(a.text)} {host}"
        dup = (t.article_by_url(a.url or "") or seen.get(a.url or "")
               or t.article_by_text(article_id(a.text), host) or seen.get(text_key))  # fmt: skip
        if dup is not None:
            rep.duplicates += 1
            return [self._row(feed, d, a, dup, "duplicate")]
        seen[a.url or ""] = seen[text_key] = a.id
        fresh.append((d, a))
        return []

    def _row(self, feed: FeedRow, d: _Entry, a: Article | None, aid: str | None,
             outcome: str) -> EntryRow:  # fmt: skip
        k, at = d.known, iso(self.now)
        revisions = (k.revisions if k else 0) + (outcome in ("updated", "failed"))
        url = d.entry.link or (a.url if a else None)
        return EntryRow(
            feed.url, d.entry.key, url, urlsplit(url or "").hostname,
            d.entry.version if outcome != "failed" else "", article_id(a.text) if a else None,
            aid, outcome, k.first_seen_at if k else at, at if k else None, revisions,
        )  # fmt: skip


async def run_round(
    db: StoreThread,
    fetcher: Fetcher,
    options: WatchOptions,
    *,
    urls: Sequence[str] | None = None,
    progress: Progress | None = None,
    extract: Extractor | None = None,
) -> RoundReport:
    """One round over the followed feeds (``urls``: only these), feeds side by side, each
    host's requests spaced by the fetcher's limits. ``extract``: an :class:`Extractor` to
    share between rounds (else one with ``options.extract_workers``, for this round)."""
    if extract is None:
        with Extractor(options.extract_workers) as own:
            return await run_round(db, fetcher, options, urls=urls, progress=progress,
                                   extract=own)  # fmt: skip
    r = _Round(db, fetcher, options, extract)
    feeds = await db.call(lambda s, t: t.feeds(urls))
    start, before = time.monotonic(), fetcher.requests

    async def one(feed: FeedRow) -> FeedReport:
        rep = await r.feed(feed)
        if progress is not None:
            progress(rep)
        return rep

    r.report.feeds = list(await asyncio.gather(*(one(f) for f in feeds)))
    r.report.requests = fetcher.requests - before
    r.report.seconds = time.monotonic() - start
    return r.report


async def follow(db: StoreThread, feeds: Sequence[tuple[str, str | None]]) -> int:
    """Add feeds to follow (already followed ones are kept as they are); returns how
    many were new."""

    def add(store: Store, t: FeedTables) -> int:
        with store.storage.writing():
            return t.add_feeds(feeds, iso(utcnow()))

    return await db.call(add)
