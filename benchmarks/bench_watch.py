"""A watch round over many feeds served locally with realistic latency.

    python3 benchmarks/bench_watch.py [--feeds 200] [--entries 20] [--hosts 50]
        [--delay 0.5] [--concurrency 2] [--latency 0.05 0.2]

Serves ``--feeds`` RSS feeds of ``--entries`` article pages each, spread over ``--hosts``
local ports (each port is one "host" for the politeness limits), every answer delayed by a
random 50-200 ms. Runs ``newsdesk watch LIST --rounds 2 --every 1s`` in a child process
(a full round, then a round where every feed answers 304) and reports for each round its
time, its requests, and the bound the per-host limits set: for each host,
``max(requests x delay, requests x mean latency / concurrency)``, the largest over hosts.
Targets: round 1 within 2x that bound, peak RSS of the child <= 500 MiB, round 2 <= 5% of
round 1 (time and requests). Then a ``--once`` run (a fresh process, as cron would run it;
robots.txt comes from the store) for comparison.
"""

from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from fetch_server import FetchServer, Response, Seen, article_html, rss, summary  # noqa: E402

_ROUND = re.compile(r"round: .*?(\d+) new articles.*?; (\d+) requests in ([\d.]+) s")


def routes(entries: int) -> object:
    def route(seen: Seen) -> Response:
        path, b = seen.path, f"http://127.0.0.1:{seen.port}"
        if path == "/robots.txt":
            return Response(body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        if path.endswith(".xml"):
            if seen.headers.get("if-none-match") == '"v1"':
                return Response(304)
            k = path[1:-4]
            items = [(f"{b}{k}/{i}", f"{b}/{k}/{i}", f"Story {k} {i}", summary(f"{b}{k}{i}"))
                     for i in range(entries)]  # fmt: skip
            return Response(body=rss(f"Feed {k}", items), content_type="application/rss+xml",
                            headers={"ETag": '"v1"'})  # fmt: skip
        return Response(body=article_html(f"{b}{path}"))

    return route


def bound(seen: list[Seen], delay: float, concurrency: int, mean_latency: float) -> float:
    per_host = Counter(s.port for s in seen)
    return max(max(n * delay, n * mean_latency / concurrency) for n in per_host.values())


def run(cmd: list[str]) -> tuple[str, float, float]:
    """``(stderr, seconds, peak RSS MiB)`` of a child process."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    _, err = proc.communicate()
    secs = time.monotonic() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the largest child so far
    if proc.returncode != 0:
        print(err[-3000:], file=sys.stderr)
        raise SystemExit(f"{cmd[:4]} exited {proc.returncode}")
    return err, secs, usage.ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--entries", type=int, default=20)
    ap.add_argument("--hosts", type=int, default=50)
    ap.add_argument("--delay", type=float, default=0.5, help="per-host delay, seconds")
    ap.add_argument("--concurrency", type=int, default=2, help="per-host concurrency")
    ap.add_argument("--latency", type=float, nargs=2, default=(0.05, 0.2))
    ap.add_argument("--extract-workers", type=int, default=1)
    a = ap.parse_args()
    mean_latency = sum(a.latency) / 2
    server = FetchServer(routes(a.entries), ports=a.hosts, latency=tuple(a.latency))
    with tempfile.TemporaryDirectory() as tmp, server as s:
        lst = Path(tmp) / "feeds.txt"
        lst.write_text("".join(s.url(f"/feed{k}.xml", k % a.hosts) + "\n" for k in range(a.feeds)))
        base = [sys.executable, "-m", "newsdesk", "watch", str(lst), "--db", f"{tmp}/w.db",
                "--allow-private", "--per-host-delay", str(a.delay),
                "--per-host-concurrency", str(a.concurrency),
                "--extract-workers", str(a.extract_workers)]  # fmt: skip
        err, secs, rss_mib = run([*base, "--rounds", "2", "--every", "1s"])
        rounds = [(int(n), int(r), float(t)) for n, r, t in _ROUND.findall(err)]
        n_full = rounds[0][1]
        limit = bound(s.seen[:n_full], a.delay, a.concurrency, mean_latency)
        err2, secs2, _ = run([*base, "--once"])
        cron = _ROUND.findall(err2)[0]
        private = s.hits("/private/")
    (new1, req1, t1), (new2, req2, t2) = rounds
    print(
        f"feeds {a.feeds} x {a.entries} entries on {a.hosts} hosts; per-host delay "
        f"{a.delay} s, concurrency {a.concurrency}; latency {a.latency[0]}-{a.latency[1]} s"
    )
    print(
        f"full round:  {new1} new articles, {req1} requests, {t1:.1f} s; per-host bound "
        f"{limit:.1f} s -> {t1 / limit:.2f}x (target <= 2x)"
    )
    print(
        f"304 round:   {new2} new, {req2} requests, {t2:.2f} s -> {t2 / t1:.1%} of the "
        f"full round's time, {req2 / req1:.1%} of its requests (target <= 5%)"
    )
    print(
        f"304 round as a fresh --once process (as cron runs it): {cron[1]} requests, "
        f"{float(cron[2]):.2f} s in the round, {secs2:.1f} s with start-up"
    )
    print(
        f"peak RSS of the watching process: {rss_mib:.0f} MiB (target <= 500); "
        f"requests to disallowed paths: {private}; whole run {secs:.1f} s"
    )


if __name__ == "__main__":
    main()
