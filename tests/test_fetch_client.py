"""The HTTP client against a local server that misbehaves on purpose: each fault ends in
the right outcome, in bounded time and memory, with a reason (the fault table of
docs/fetch.md)."""

from __future__ import annotations

import asyncio
import time
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from fetch_server import FetchServer, Response, Seen
from newsdesk.fetch import Fetched, Fetcher, FetchOptions
from newsdesk.fetch.body import to_text
from newsdesk.fetch.client import retry_after_seconds
from newsdesk.fetch.guard import AddressPolicy

ROBOTS = Response(body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
CAP = 1_000_000


def fast(**kw: Any) -> FetchOptions:
    """Options for tests: loopback allowed, short timeouts, quick retries."""
    base: dict[str, Any] = dict(
        allow_private=True, per_host_delay=0.0, connect_timeout=1.0, read_timeout=0.5,
        total_timeout=1.5, retries=1, backoff=0.05, max_bytes=CAP, seed=0,
    )  # fmt: skip
    base.update(kw)
    return FetchOptions(**base)


def fetch(url: str, options: FetchOptions | None = None, **kw: Any) -> tuple[Fetched, float, int]:
    """``(result, seconds, peak traced bytes)`` of one GET."""

    async def go() -> Fetched:
        async with Fetcher(options or fast()) as f:
            return await f.get(url, **kw)

    tracemalloc.start()
    start = time.monotonic()
    try:
        got = asyncio.run(go())
        return got, time.monotonic() - start, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def flaky(first: Response, then: Response, times: int = 1) -> Callable[[Seen], Response]:
    calls = {"n": 0}

    def route(seen: Seen) -> Response:
        calls["n"] += 1
        return first if calls["n"] <= times else then

    return route


async def _fifty_mb() -> AsyncIterator[bytes]:
    chunk = b"<p>" + b"x" * 65_530 + b"</p>"
    for _ in range(50_000_000 // len(chunk)):
        yield chunk


def _bomb(size: int = 200_000_000) -> bytes:
    """A gzip body of ``size`` zero bytes (about 200 KB on the wire), made piece by piece."""
    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = b"\0" * 1_000_000
    return b"".join(z.compress(zeros) for _ in range(size // len(zeros))) + z.flush()


def fault_routes() -> dict[str, Any]:
    ok = Response(body=b"<html><body><p>fine</p></body></html>")
    routes: dict[str, Any] = {
        "/robots.txt": ROBOTS,
        "/ok": ok,
        "/private/page": ok,
        "/500": Response(500, b"oops"),
        "/flaky500": flaky(Response(503, b"busy"), ok),
        "/429": flaky(Response(429, b"slow down", headers={"Retry-After": "1"}), ok),
        "/429long": Response(429, b"", headers={"Retry-After": "3600"}),
        "/hang": Response(hang=True),
        "/drip": Response(body=b"x" * 100, drip=1.0),  # one byte a second
        "/drip-under-read-timeout": Response(body=b"x" * 100, drip=0.3),
        "/huge": Response(stream=_fifty_mb),
        "/huge-declared": Response(
            body=b"", headers={"Content-Length": "50000000"}, length=False
        ),  # fmt: skip
        "/bomb": Response(body=_bomb(), headers={"Content-Encoding": "gzip"}),
        "/deflate": Response(
            body=zlib.compress(b"<p>deflated</p>"), headers={"Content-Encoding": "deflate"}
        ),  # fmt: skip
        "/rawdeflate": Response(
            body=zlib.compress(b"<p>raw</p>")[2:-4], headers={"Content-Encoding": "deflate"}
        ),  # fmt: skip
        "/loop1": Response(302, headers={"Location": "/loop2"}),
        "/loop2": Response(302, headers={"Location": "/loop1"}),
        "/to-file": Response(302, headers={"Location": "file:///etc/passwd"}),
        "/to-other": Response(302, headers={"Location": "http://127.0.0.2:9/x"}),
        "/redirect": Response(301, headers={"Location": "/ok"}),
    }
    for i in range(20):
        routes[f"/chain/{i}"] = Response(302, headers={"Location": f"/chain/{i + 1}"})
    return routes


@pytest.fixture(scope="module")
def server() -> Any:
    with FetchServer(fault_routes()) as s:
        yield s


def test_a_plain_page_and_a_redirect(server: FetchServer) -> None:
    got, secs, _ = fetch(server.url("/redirect"))
    assert got.ok and got.body.endswith(b"</html>")
    assert got.final_url == server.url("/ok")
    assert secs < 2


@pytest.mark.parametrize(
    ("path", "reason", "attempts", "max_seconds"),
    [
        ("/500", "HTTP 500 (after 2 attempts)", 2, 2),
        ("/hang", "read timeout (after 2 attempts)", 2, 3),
        ("/drip", "read timeout (after 2 attempts)", 2, 3),
        ("/drip-under-read-timeout", "no complete answer within 1.5 s (after 2 attempts)", 2, 4),
        ("/429long", "HTTP 429 (Retry-After 3600 s is over the limit)", 1, 1),
        ("/loop1", "redirect loop", 1, 1),
        ("/chain/0", "more than 5 redirects", 1, 1),
        ("/to-file", "not an http(s) URL: 'file:///etc/passwd'", 1, 1),
        ("/huge", f"body over {CAP} bytes (stopped reading there)", 1, 2),
        ("/huge-declared", f"body over {CAP} bytes (stopped reading there)", 1, 1),
        ("/bomb", f"body over {CAP} bytes (stopped reading there)", 1, 1),
        ("/private/page", "disallowed by robots.txt", 1, 1),
    ],
)
def test_faults_end_with_a_reason_in_bounded_time_and_memory(
    server: FetchServer, path: str, reason: str, attempts: int, max_seconds: float
) -> None:
    got, secs, peak = fetch(server.url(path))
    assert got.error is not None and got.error.startswith(reason), got.error
    assert got.attempts == attempts
    assert secs < max_seconds, secs
    assert peak < 4 * CAP, peak  # never more than the cap and a chunk, with room


def test_a_long_retry_after_is_kept_for_the_caller(server: FetchServer) -> None:
    got, _, _ = fetch(server.url("/429long"))
    assert got.status == 429 and got.retry_after == 3600


def test_429_with_retry_after_waits_then_succeeds(server: FetchServer) -> None:
    got, secs, _ = fetch(server.url("/429"))
    assert got.ok and got.attempts == 2
    assert 0.9 <= secs < 3  # Retry-After: 1 honoured, not the 0.05 s backoff


def test_a_503_is_retried_with_backoff(server: FetchServer) -> None:
    got, secs, _ = fetch(server.url("/flaky500"))
    assert got.ok and got.attempts == 2 and secs < 2


def test_redirect_hops_are_counted_and_bounded(server: FetchServer) -> None:
    before = len(server.seen)
    got, _, _ = fetch(server.url("/chain/0"), fast(max_redirects=3))
    assert got.error == "more than 3 redirects"
    chain = [s.path for s in server.seen[before:] if s.path.startswith("/chain/")]
    assert chain == ["/chain/0", "/chain/1", "/chain/2", "/chain/3"]


def test_robots_disallowed_path_is_never_requested(server: FetchServer) -> None:
    fetch(server.url("/private/page"))
    fetch(server.url("/private/page"))
    assert server.hits("/private/page") == 0


def test_deflate_both_ways_is_decoded(server: FetchServer) -> None:
    assert fetch(server.url("/deflate"))[0].body == b"<p>deflated</p>"
    assert fetch(server.url("/rawdeflate"))[0].body == b"<p>raw</p>"


def test_loopback_is_refused_without_the_flag_and_nothing_is_sent(server: FetchServer) -> None:
    before = len(server.seen)
    for url in (server.url("/ok"), server.url("/ok").replace("127.0.0.1", "localhost")):
        got, secs, _ = fetch(url, fast(allow_private=False))
        assert got.error is not None and "loopback address" in got.error, got.error
        assert got.blocked and secs < 1
    assert len(server.seen) == before  # not even robots.txt


def test_every_redirect_hop_is_checked(server: FetchServer) -> None:
    # 127.0.0.1 allowed, and nothing else private: the hop to 127.0.0.2 is refused
    only_this = fast(allow_private=False, allow_networks=("127.0.0.1/32",))
    got, _, _ = fetch(server.url("/to-other"), only_this)
    assert (
        got.error
        == "refused 127.0.0.2: 127.0.0.2 is a loopback address (--allow-private allows it)"
    )


def test_non_http_urls_are_refused_before_any_request() -> None:
    for url in ("file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)"):
        got, _, _ = fetch(url)
        assert got.error is not None and got.error.startswith("not an http(s) URL")


def _burst(n: int, latency: float, **kw: Any) -> tuple[list[float], int, float]:
    """``n`` GETs to one host at once: server arrival times, most answered at once, time."""
    page = Response(body=b"ok", content_type="text/plain")
    with FetchServer({"/robots.txt": Response(404), "/p": page}, latency=(latency, latency)) as s:

        async def go() -> None:
            async with Fetcher(fast(**kw)) as f:
                await asyncio.gather(*(f.get(s.url(f"/p?{i}")) for i in range(n)))

        start = time.monotonic()
        asyncio.run(go())
        took = time.monotonic() - start
        starts = sorted(x.at for x in s.seen if x.path.startswith("/p"))
        return starts, s.max_in_flight, took


def test_per_host_spacing() -> None:
    starts, _, _ = _burst(5, 0.01, per_host_delay=0.2, per_host_concurrency=5)
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    # starts are spaced by the client; arrival at the server may jitter a little
    assert len(starts) == 5 and starts[-1] - starts[0] >= 0.75 and min(gaps) >= 0.12, gaps


def test_per_host_concurrency() -> None:
    _, most, took = _burst(6, 0.3, per_host_delay=0.0, per_host_concurrency=2)
    assert most == 2 and took >= 0.85  # three waves of two


def test_address_policy() -> None:
    import ipaddress

    p = AddressPolicy.of(allow_private=False)
    for bad in ("127.0.0.1", "10.0.0.1", "192.168.1.1", "169.254.169.254", "::1",
                "::ffff:127.0.0.1", "100.64.0.1", "0.0.0.0", "fc00::1"):  # fmt: skip
        assert p.refusal(ipaddress.ip_address(bad)) is not None, bad
    assert p.refusal(ipaddress.ip_address("93.184.216.34")) is None
    with pytest.raises(ValueError, match="CIDR"):
        AddressPolicy.of(allow_private=False, allow_networks=["not a net"])


def test_retry_after_forms() -> None:
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470) == 10
    assert retry_after_seconds("soon") is None


FRENCH = "Le café de la rue était très fréquenté; la crème brûlée coûtait cher."
RUSSIAN = "Президент России заявил во вторник, что переговоры продолжатся ещё неделю."


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (FRENCH.encode("cp1252"), "text/html; charset=utf-8", FRENCH),  # wrong header
        (RUSSIAN.encode("cp1251"), "text/html", RUSSIAN),  # no charset anywhere: detected
        ("café".encode(), "text/html; charset=iso-8859-1", "café"),  # wrong the other way
        (
            "<meta charset='windows-1252'><p>café crème</p>".encode("cp1252"),
            "text/html",
            "café crème",
        ),  # no header: the meta tag  # fmt: skip
        ("naïve résumé".encode(), "text/html", "naïve résumé"),  # nothing declared
    ],
)
def test_charsets(body: bytes, content_type: str, expected: str) -> None:
    text, _ = to_text(body, content_type)
    assert expected in text


def test_options_are_validated() -> None:
    with pytest.raises(ValueError, match="total_timeout"):
        FetchOptions(total_timeout=0)
    with pytest.raises(ValueError, match="per_host_concurrency"):
        FetchOptions(per_host_concurrency=0)
