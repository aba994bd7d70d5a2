"""robots.txt, fetched once per site and kept for a day (protego parses it).

As RFC 9309 says: a robots.txt that does not exist (4xx) allows everything; one that
cannot be read (5xx, a timeout, a refused connection) disallows everything for now, and
is asked again later. A ``Crawl-delay`` raises the site's spacing (up to a minute).
With a :class:`RobotsStore` (the article store), a readable answer is kept there too, so
a round run from cron does not ask each site again within the day."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from protego import Protego

from .client import host_key

if TYPE_CHECKING:
    from .client import Fetcher

__all__ = ["Refusal", "RobotsCache", "RobotsStore"]

TTL = 24 * 3600.0  # how long a robots.txt is trusted
RETRY_UNREADABLE = 600.0  # when an unreadable robots.txt is asked for again
MAX_BYTES = 500_000  # Google reads the first 500 KiB
MAX_CRAWL_DELAY = 60.0
AGENT = "newsdesk"


class RobotsStore(Protocol):
    """Where robots.txt answers outlive a process: ``(fetched_at, status, body)``."""

    async def get(self, origin: str) -> tuple[dt.datetime, int, str] | None: ...
    async def put(self, origin: str, status: int, body: str) -> None: ...


@dataclass(frozen=True, slots=True)
class Refusal:
    reason: str
    blocked: bool = False  # the site's address is refused, robots.txt aside


_DISALLOWED = Refusal("disallowed by robots.txt")


@dataclass(frozen=True, slots=True)
class _Rules:
    expires: float
    parser: Protego | None  # None: everything allowed (no robots.txt)
    refusal: Refusal | None = None  # set: everything refused, with this reason


class RobotsCache:
    """Answers "may newsdesk fetch this URL?" per site, fetching robots.txt once."""

    def __init__(self, fetcher: Fetcher, store: RobotsStore | None = None) -> None:
        self.fetcher = fetcher
        self.store = store
        self._rules: dict[str, _Rules] = {}
        self._loading: dict[str, asyncio.Task[_Rules]] = {}

    async def refusal(self, url: str) -> Refusal | None:
        """None when ``url`` may be fetched, else the reason it may not."""
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        if parts.path == "/robots.txt":
            return None
        rules = self._rules.get(origin)
        if rules is None or rules.expires < time.monotonic():
            task = self._loading.get(origin)
            if task is None:  # one fetch per site, however many requests wait for it
                task = self._loading[origin] = asyncio.ensure_future(self._load(origin))
            try:
                rules = await asyncio.shield(task)
            finally:
                self._loading.pop(origin, None)
            self._rules[origin] = rules
        if rules.refusal is not None:
            return rules.refusal
        if rules.parser is None or rules.parser.can_fetch(url, AGENT):
            return None
        return _DISALLOWED

    async def _load(self, origin: str) -> _Rules:
        if self.store is not None:
            kept = await self.store.get(origin)
            if kept is not None:
                age = (dt.datetime.now(dt.UTC) - kept[0]).total_seconds()
                if 0 <= age < TTL:
                    return self._rules_of(origin, kept[1], kept[2], TTL - age)
        got = await self.fetcher.get(f"{origin}/robots.txt", max_bytes=MAX_BYTES)
        now = time.monotonic()
        if got.status is not None and 400 <= got.status < 500:
            if self.store is not None:
                await self.store.put(origin, got.status, "")
            return _Rules(now + TTL, None)
        if got.blocked:  # the site's address is refused: say that, not "robots.txt"
            return _Rules(now + RETRY_UNREADABLE, None, Refusal(got.error or "", blocked=True))
        if got.error is not None or got.status != 200:
            why = got.error or f"HTTP {got.status}"
            return _Rules(
                now + RETRY_UNREADABLE,
                None,
                Refusal(f"robots.txt could not be read ({why}): the site is left alone for now"),
            )
        body = got.body.decode("utf-8", "replace")
        if self.store is not None:
            await self.store.put(origin, 200, body)
        return self._rules_of(origin, 200, body, TTL)

    def _rules_of(self, origin: str, status: int, body: str, ttl: float) -> _Rules:
        """The rules of a readable answer (200: the file; 4xx: none, everything allowed)."""
        expires = time.monotonic() + ttl
        if status != 200:
            return _Rules(expires, None)
        parser = Protego.parse(body)
        delay = parser.crawl_delay(AGENT)
        if delay:
            self.fetcher.limiter.delay_for(host_key(origin), min(float(delay), MAX_CRAWL_DELAY))
        return _Rules(expires, parser)
