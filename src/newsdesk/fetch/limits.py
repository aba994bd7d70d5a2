"""Per-host politeness: at most ``concurrency`` requests in flight to one host, and
request starts at least ``delay`` seconds apart; a host that answered 429 or 503 with
Retry-After is left alone until then. Hosts are told apart by ``host:port``."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

__all__ = ["HostLimiter"]


@dataclass(slots=True)
class _Host:
    slots: asyncio.Semaphore
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0
    delay: float = 0.0


class HostLimiter:
    """Gates requests per host. ``delay_for(host, seconds)`` raises one host's spacing
    (robots.txt ``Crawl-delay``); ``pause(host, seconds)`` holds it back (Retry-After)."""

    def __init__(self, *, concurrency: int, delay: float) -> None:
        self.concurrency = concurrency
        self.delay = delay
        self._hosts: dict[str, _Host] = {}

    def _host(self, key: str) -> _Host:
        h = self._hosts.get(key)
        if h is None:
            h = self._hosts[key] = _Host(asyncio.Semaphore(self.concurrency), delay=self.delay)
        return h

    def delay_for(self, key: str, seconds: float) -> None:
        h = self._host(key)
        h.delay = max(h.delay, seconds)

    def pause(self, key: str, seconds: float) -> None:
        h = self._host(key)
        h.next_start = max(h.next_start, time.monotonic() + seconds)

    @asynccontextmanager
    async def slot(self, key: str) -> AsyncIterator[None]:
        """Hold one of the host's request slots, started no sooner than its spacing allows."""
        h = self._host(key)
        async with h.slots:
            async with h.lock:
                wait = h.next_start - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                h.next_start = time.monotonic() + h.delay
            yield
