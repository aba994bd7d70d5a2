"""The HTTP client newsdesk fetches with (httpx underneath).

Every request: only http(s) URLs; the address checked at connect time (see
:mod:`.guard`), redirect hops included and bounded in number; connect, read and total
timeouts; the body streamed under a size cap (gzip and deflate decoded under the same
cap); a clear User-Agent; per-host concurrency and spacing (:mod:`.limits`); retries
with exponential backoff and jitter for 429, 5xx, timeouts and broken connections,
honouring Retry-After up to a limit. A failure is a :class:`Fetched` with ``error`` set,
never an exception: the caller records the reason and goes on.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import logging
import random
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import httpx

from .. import __version__
from ..text import http_url
from .body import BodyTooLarge, UnsupportedEncoding, read_capped
from .guard import AddressPolicy, BlockedAddress, PerHostTransport
from .limits import HostLimiter

if TYPE_CHECKING:
    from .robots import RobotsStore

__all__ = ["FetchOptions", "Fetched", "Fetcher", "host_key"]

log = logging.getLogger(__name__)

USER_AGENT = f"newsdesk/{__version__} (news brief builder; +https://github.com/newsdesk)"
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, kw_only=True, slots=True)
class FetchOptions:
    """How politely and how defensively to fetch. Times in seconds, sizes in bytes."""

    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # the longest silence between two reads
    total_timeout: float = 60.0  # one attempt, headers and whole body
    max_bytes: int = 10_000_000  # decoded body
    max_redirects: int = 5
    retries: int = 2  # further attempts after the first
    backoff: float = 1.0  # first retry after about this, doubling, with full jitter
    max_retry_after: float = 120.0  # a longer Retry-After gives up (and is reported)
    per_host_concurrency: int = 2
    per_host_delay: float = 1.0  # between request starts to one host
    max_connections: int = 64  # requests in flight, all hosts together
    allow_private: bool = False
    allow_networks: tuple[str, ...] = ()
    respect_robots: bool = True
    seed: int | None = None  # jitter's random seed (tests)

    def __post_init__(self) -> None:
        for name in ("connect_timeout", "read_timeout", "total_timeout"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be a positive number of seconds")
        if self.max_bytes < 1:
            raise ValueError("max_bytes must be a positive number of bytes")
        if self.max_redirects < 0 or self.retries < 0:
            raise ValueError("max_redirects and retries must be 0 or more")
        if self.per_host_concurrency < 1 or self.max_connections < 1:
            raise ValueError("per_host_concurrency and max_connections must be 1 or more")
        if self.per_host_delay < 0 or self.backoff < 0 or self.max_retry_after < 0:
            raise ValueError("per_host_delay, backoff and max_retry_after must be 0 or more")
        AddressPolicy.of(allow_private=False, allow_networks=self.allow_networks)


@dataclass(frozen=True, slots=True)
class Fetched:
    """What one fetch gave: ``error`` is None on success (any status the caller handles:
    200, 304, 404...), else the reason, with ``status`` if the server answered."""

    url: str
    final_url: str
    status: int | None = None
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    error: str | None = None
    attempts: int = 0
    elapsed: float = 0.0
    retry_after: float | None = None  # what a 429/503 asked for, in seconds
    blocked: bool = False  # refused by the address policy (never connected)

    @property
    def ok(self) -> bool:
        return self.error is None and self.status == 200

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def host_key(url: str) -> str:
    """``host:port``, the unit of politeness."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{(parts.hostname or '').lower()}:{port}"


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date."""
    if not value:
        return None
    v = value.strip()
    if v.isdigit():
        return float(v)
    try:
        when = email.utils.parsedate_to_datetime(v)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    base = dt.datetime.now(dt.UTC).timestamp() if now is None else now
    return max(0.0, when.timestamp() - base)


class _Failed(Exception):
    def __init__(
        self,
        reason: str,
        *,
        retry: bool,
        status: int | None = None,
        retry_after: float | None = None,
        blocked: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason, self.retry, self.status = reason, retry, status
        self.retry_after, self.blocked = retry_after, blocked


@dataclass(slots=True)
class _Answer:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes = b""


class Fetcher:
    """Fetches URLs politely; use as ``async with Fetcher(options) as f: await f.get(url)``.

    ``requests`` counts requests sent (each attempt and each redirect hop);
    ``robots`` (None with ``respect_robots=False``) answers whether a URL may be fetched;
    ``robots_store`` keeps its answers beyond this process (see :mod:`.robots`).
    """

    def __init__(
        self, options: FetchOptions | None = None, *, robots_store: RobotsStore | None = None
    ) -> None:
        from .robots import RobotsCache

        self.options = o = options or FetchOptions()
        self.policy = AddressPolicy.of(
            allow_private=o.allow_private, allow_networks=o.allow_networks
        )
        self.limiter = HostLimiter(concurrency=o.per_host_concurrency, delay=o.per_host_delay)
        self.robots = RobotsCache(self, robots_store) if o.respect_robots else None
        self.requests = 0
        self._in_flight = asyncio.Semaphore(o.max_connections)
        self._rng = random.Random(o.seed)
        self._client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> Fetcher:
        o = self.options
        self._client = httpx.AsyncClient(
            transport=PerHostTransport(self.policy, per_host=o.per_host_concurrency),
            timeout=httpx.Timeout(
                connect=o.connect_timeout, read=o.read_timeout, write=o.read_timeout,
                pool=o.total_timeout,
            ),
            headers={"User-Agent": o.user_agent, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=False,
            trust_env=False,
        )  # fmt: skip
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def get(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        max_bytes: int | None = None,
        check_robots: bool = True,
    ) -> Fetched:
        """GET ``url`` (following redirects, retrying what may be retried)."""
        start = time.monotonic()
        o = self.options
        failure: _Failed | None = None
        for attempt in range(1, o.retries + 2):
            try:
                a = await self._follow(url, dict(headers or {}), max_bytes or o.max_bytes,
                                       check_robots)  # fmt: skip
            except _Failed as f:
                failure = f
                wait = self._wait(f, attempt)
                if not f.retry or attempt > o.retries or wait is None:
                    break
                log.info("%s: %s; retry %d in %.1f s", url, f.reason, attempt, wait)
                await asyncio.sleep(wait)
                continue
            return Fetched(url, a.url, a.status, a.body, a.headers, None, attempt,
                           time.monotonic() - start)  # fmt: skip
        assert failure is not None
        reason = failure.reason
        if failure.retry_after is not None and failure.retry_after > o.max_retry_after:
            reason += f" (Retry-After {failure.retry_after:.0f} s is over the limit)"
        elif failure.retry and o.retries:
            reason += f" (after {attempt} attempts)"
        return Fetched(url, url, failure.status, b"", {}, reason, attempt,
                       time.monotonic() - start, failure.retry_after, failure.blocked)  # fmt: skip

    def _wait(self, f: _Failed, attempt: int) -> float | None:
        """Seconds before the next attempt: Retry-After when given (None when over the
        limit), else exponential backoff with jitter."""
        if f.retry_after is not None:
            return f.retry_after if f.retry_after <= self.options.max_retry_after else None
        base = self.options.backoff * 2 ** (attempt - 1)
        return base / 2 + self._rng.uniform(0, base / 2)

    async def _follow(
        self, url: str, headers: dict[str, str], max_bytes: int, check_robots: bool
    ) -> _Answer:
        current, seen = url, {url}
        for _ in range(self.options.max_redirects + 1):
            if http_url(current) is None:
                raise _Failed(f"not an http(s) URL: {current[:200]!r}", retry=False)
            if check_robots and self.robots is not None:
                refusal = await self.robots.refusal(current)
                if refusal is not None:
                    raise _Failed(refusal.reason, retry=False, blocked=refusal.blocked)
            answer = await self._one(current, headers, max_bytes)
            location = answer.headers.get("location")
            if answer.status not in _REDIRECTS or not location:
                return answer
            nxt = urljoin(current, location.strip())
            if nxt in seen:
                raise _Failed(f"redirect loop ({current} -> {nxt})", retry=False)
            seen.add(nxt)
            current = nxt
        raise _Failed(f"more than {self.options.max_redirects} redirects", retry=False)

    async def _one(self, url: str, headers: dict[str, str], max_bytes: int) -> _Answer:
        """One request to one URL, in the host's slot, within the total timeout."""
        assert self._client is not None, "use Fetcher as an async context manager"
        key, total = host_key(url), self.options.total_timeout
        async with self.limiter.slot(key), self._in_flight:
            self.requests += 1
            try:
                async with asyncio.timeout(total):
                    return await self._exchange(url, headers, max_bytes, key)
            except TimeoutError:
                raise _Failed(f"no complete answer within {total:g} s", retry=True) from None
            except httpx.TimeoutException as exc:
                kind = type(exc).__name__.replace("Timeout", "").lower() or "request"
                raise _Failed(f"{kind} timeout", retry=True) from None
            except httpx.ConnectError as exc:
                if isinstance(exc.__cause__, BlockedAddress):
                    raise _Failed(str(exc.__cause__), retry=False, blocked=True) from None
                raise _Failed(f"cannot connect ({exc})", retry=True) from None
            except httpx.TransportError as exc:
                why = str(exc) or type(exc).__name__
                raise _Failed(f"connection failed ({why})", retry=True) from None
            except BodyTooLarge:
                why = f"body over {max_bytes} bytes (stopped reading there)"
                raise _Failed(why, retry=False) from None
            except UnsupportedEncoding as exc:
                raise _Failed(f"unsupported Content-Encoding {exc}", retry=False) from None
            except zlib.error as exc:
                raise _Failed(f"broken compressed body ({exc})", retry=False) from None

    async def _exchange(
        self, url: str, headers: dict[str, str], max_bytes: int, key: str
    ) -> _Answer:
        assert self._client is not None
        async with self._client.stream("GET", url, headers=headers) as resp:
            status, got = resp.status_code, {k.lower(): v for k, v in resp.headers.items()}
            if status in _RETRY_STATUS:
                wait = retry_after_seconds(got.get("retry-after"))
                if wait is not None and wait <= self.options.max_retry_after:
                    self.limiter.pause(key, wait)  # the whole host waits, not one request
                raise _Failed(f"HTTP {status}", retry=True, status=status, retry_after=wait)
            if status in _REDIRECTS or status == 304:
                return _Answer(url, status, got)
            if status >= 400:
                raise _Failed(f"HTTP {status}", retry=False, status=status)
            declared = got.get("content-length", "")
            if declared.isdigit() and not got.get("content-encoding") and int(declared) > max_bytes:
                raise BodyTooLarge
            body = await read_capped(resp.aiter_raw(), got.get("content-encoding", ""), max_bytes)
            return _Answer(url, status, got, body)
