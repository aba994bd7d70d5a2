"""A local HTTP server (127.0.0.1 only) that serves feeds and pages and misbehaves on
purpose, for the fetch tests and benchmarks/bench_watch.py.

Routes map a path to a :class:`Response` or to a function of the :class:`Seen` request
that returns one. A response can drip its body, hang, stream a huge body or set any
header; the server listens on one or several ports (several "hosts") and can add a
latency to every answer. Every request is recorded in ``server.seen``.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field

__all__ = ["FetchServer", "Response", "Seen"]


@dataclass(frozen=True)
class Seen:
    port: int
    path: str  # with the query
    headers: dict[str, str]
    at: float


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"
    drip: float = 0.0  # seconds between single bytes of the body
    hang: bool = False  # never answer
    stream: Callable[[], AsyncIterator[bytes]] | None = None  # a body sent in pieces
    length: bool = True  # send Content-Length


Route = Response | Callable[[Seen], Response]
_REASONS = {200: "OK", 301: "Moved", 302: "Found", 304: "Not Modified", 404: "Not Found",
            429: "Too Many Requests", 500: "Server Error", 503: "Unavailable"}  # fmt: skip


class FetchServer:
    """``with FetchServer(routes, ports=3) as s: s.url("/feed.xml", host=1)``."""

    def __init__(
        self,
        routes: Mapping[str, Route] | Callable[[Seen], Response],
        *,
        ports: int = 1,
        latency: tuple[float, float] | None = None,
        seed: int = 0,
    ) -> None:
        self.routes = routes
        self.n_ports = ports
        self.latency = latency
        self.rng = random.Random(seed)
        self.seen: list[Seen] = []
        self.in_flight = 0
        self.max_in_flight = 0  # requests answered at once, at most
        self.ports: list[int] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._servers: list[asyncio.Server] = []
        self._tasks: set[asyncio.Task[None]] = set()

    def __enter__(self) -> FetchServer:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def url(self, path: str = "/", host: int = 0) -> str:
        return f"http://127.0.0.1:{self.ports[host]}{path}"

    def hits(self, path: str) -> int:
        return sum(s.path == path for s in self.seen)

    async def _start(self) -> None:
        for _ in range(self.n_ports):
            srv = await asyncio.start_server(self._serve, "127.0.0.1", 0, backlog=1024)
            self._servers.append(srv)
            self.ports.append(srv.sockets[0].getsockname()[1])

    async def _stop(self) -> None:
        for srv in self._servers:
            srv.close()
        for t in list(self._tasks):
            t.cancel()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            path = lines[0].split(" ")[1]
            headers = {k.strip().lower(): v.strip()
                       for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}  # fmt: skip
            port = writer.get_extra_info("sockname")[1]
            seen = Seen(port, path, headers, time.monotonic())
            self.seen.append(seen)
            route = self._route(seen)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            try:
                if self.latency:
                    await asyncio.sleep(self.rng.uniform(*self.latency))
                await self._answer(route, writer)
            finally:
                self.in_flight -= 1
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self._tasks.discard(task)
            writer.close()

    def _route(self, seen: Seen) -> Response:
        if callable(self.routes):
            return self.routes(seen)
        r = self.routes.get(seen.path) or self.routes.get(seen.path.split("?")[0])
        if r is None:
            return Response(404, b"not here", content_type="text/plain")
        return r(seen) if callable(r) else r

    async def _answer(self, r: Response, writer: asyncio.StreamWriter) -> None:
        if r.hang:
            await asyncio.sleep(3600)
        head = [f"HTTP/1.1 {r.status} {_REASONS.get(r.status, 'Status')}",
                f"Content-Type: {r.content_type}", "Connection: close"]  # fmt: skip
        if r.length and r.stream is None and r.status != 304:
            head.append(f"Content-Length: {len(r.body)}")
        head += [f"{k}: {v}" for k, v in r.headers.items()]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
        await writer.drain()
        if r.stream is not None:
            async for piece in r.stream():
                writer.write(piece)
                await writer.drain()
        elif r.drip:
            for i in range(len(r.body)):
                writer.write(r.body[i : i + 1])
                await writer.drain()
                await asyncio.sleep(r.drip)
        elif r.status != 304:
            writer.write(r.body)
        await writer.drain()


# --- content: article pages and feeds ------------------------------------------------------

_WORDS = (
    "minister council talks city bridge river court judge police report officials said "
    "tuesday monday week month year vote election party leader government budget tax "
    "health hospital school teachers strike union workers company shares market bank "
    "rates inflation prices energy oil gas power storm flood rain fire crews rescue "
    "residents village mayor plan project road rail station airport flights delays "
    "talks agreement deal treaty border troops ceasefire aid food water shortage crisis "
    "museum exhibition artist concert festival team coach match season league final "
    "scientists study research data climate ocean forest species survey results record"
).split()


def article_html(key: str, *, title: str | None = None, canonical: str | None = None,
                 paragraphs: int = 6, extra: str = "") -> bytes:  # fmt: skip
    """A news page whose text is fixed by ``key`` (different keys, different stories)."""
    rng = random.Random(key)
    title = title or " ".join(rng.choice(_WORDS) for _ in range(6)).capitalize()
    body = "".join(
        "<p>" + " ".join(rng.choice(_WORDS) for _ in range(45)).capitalize() + ".</p>"
        for _ in range(paragraphs)
    )
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{link}"
        f"</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{extra}{body}</article>"
        f"<footer>Copyright the newsroom</footer></body></html>"
    ).encode()


def rss(title: str, items: list[tuple[str, str, str, str]]) -> bytes:
    """An RSS 2.0 feed of ``(guid, link, title, description)`` items."""
    out = [f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
           f"<title>{title}</title><link>http://example.org/</link>"]  # fmt: skip
    for guid, link, t, desc in items:
        out.append(f"<item><guid>{guid}</guid><link>{link}</link><title>{t}</title>"
                   f"<description>{desc}</description></item>")  # fmt: skip
    out.append("</channel></rss>")
    return "".join(out).encode()


def summary(key: str) -> str:
    rng = random.Random("summary " + key)
    return " ".join(rng.choice(_WORDS) for _ in range(20)).capitalize() + "."
