"""Latency of ``newsdesk serve`` on a large store, and a bounded load test with ``add``
writing at the same time.

The store is built from ``bench_add.synthetic`` (stories of 2-30 articles, 40 outlets),
kept at ``--db`` so later runs reuse it. The server is the real command (``python -m
newsdesk serve``) on 127.0.0.1, a separate process, as a user runs it. Measured, one
request at a time (keep-alive), after a warm-up: the front page (first pages, outlet and
date filters, later pages through the cursor), search (story words, names and
mid-frequency words; the commonest words separately), a cached story page; and the first
brief of 10-article stories (written on demand, through the API). Then the load test:
``--clients`` threads for ``--seconds`` over front pages, story pages and searches while
``newsdesk add`` adds ``--add`` new articles in batches of 500: errors, responses that
mention "database is locked", and p50/p95 per kind.

    python3 benchmarks/bench_serve.py --articles 100000 --db /tmp/bench100k.db
    python3 benchmarks/bench_serve.py --articles 20000 --seconds 30 --clients 10
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from bench_add import synthetic  # noqa: E402

from newsdesk.model import Article  # noqa: E402
from newsdesk.store import open_store  # noqa: E402


def build(db: Path, n: int) -> float:
    t0 = time.perf_counter()
    with open_store(db) as store:
        if len(store) >= n:
            return 0.0
        store.add(synthetic(n), batch_size=500)
    return time.perf_counter() - t0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "newsdesk", "serve", "--db", str(db), "--port", str(port)]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/stories?limit=1", timeout=5)
            return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not start")


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] * 1000 if xs else 0.0


def timed(client: httpx.Client, paths: list[str], repeat: int) -> list[float]:
    out = []
    for i in range(repeat):
        t0 = time.perf_counter()
        r = client.get(paths[i % len(paths)])
        out.append(time.perf_counter() - t0)
        if r.status_code != 200:
            raise RuntimeError(f"{paths[i % len(paths)]}: HTTP {r.status_code}")
    return out


def row(name: str, xs: list[float]) -> str:
    return f"| {name} | {len(xs)} | {pct(xs, 50):.1f} | {pct(xs, 95):.1f} | {max(xs) * 1000:.1f} |"


def front_paths(client: httpx.Client, rng: random.Random, size: int) -> list[str]:
    paths = ["/", "/?outlet=Outlet+7", "/?since=2024-02-01&until=2024-02-10"]
    cursor = client.get("/api/stories?limit=30").json()["next_before"]
    for _ in range(20):  # deeper pages through the cursor
        if cursor is None:
            break
        paths.append(f"/?before={cursor}")
        cursor = client.get(f"/api/stories?limit=30&before={cursor}").json()["next_before"]
    paths += [f"/?before={rng.randrange(size // 10, size)}" for _ in range(10)]
    return paths


def search_paths(stories: int, rng: random.Random) -> tuple[list[str], list[str]]:
    usual = []
    for _ in range(60):
        k = rng.randrange(1, stories)
        usual.append(rng.choice([f"/?q=s{k}t{rng.randrange(25)}", f"/?q=Name{k}x1",
                                 f"/?q=w{rng.randrange(500, 5000)}"]))  # fmt: skip
    common = [f"/?q=w{i}" for i in range(5)] + ["/?q=the"]
    return usual, common


def latencies(
    client: httpx.Client, n_stories: int, size: int
) -> tuple[list[str], dict[str, list[float]]]:
    rng = random.Random(0)
    usual, common = search_paths(n_stories, rng)
    front = front_paths(client, rng, size)
    timed(client, front + usual, 60)  # warm-up (the server loads its models meanwhile)
    ten = [
        s["id"]
        for s in client.get(f"/api/stories?limit=200&before={size // 2}").json()["stories"]
        if s["size"] == 10
    ][:10]
    firsts = []
    for sid in ten:  # first brief of a 10-article story, written on demand
        t0 = time.perf_counter()
        client.get(f"/api/stories/{sid}/brief", timeout=120).raise_for_status()
        firsts.append(time.perf_counter() - t0)
    cached = [s["id"] for s in client.get("/api/stories?limit=30").json()["stories"]]
    for sid in cached:
        client.get(f"/api/stories/{sid}/brief", timeout=120).raise_for_status()
    return cached, {
        "front page (first, filtered, deeper pages)": timed(client, front, 300),
        "search (story words, names, mid-frequency words)": timed(client, usual, 300),
        "search (the commonest words)": timed(client, common, 60),
        "cached story page": timed(client, [f"/stories/{s}" for s in cached], 300),
        "first brief of a 10-article story": firsts,
    }


def real_story(client: httpx.Client, data: Path) -> tuple[int, float] | None:
    """Post the largest cluster (at most 10 articles) of a Multi-News file through the
    API, then time the first brief of the story its first article joined: (size, s)."""
    from newsdesk.read import read_clusters

    if not data.is_file():
        return None
    best: list[Article] = []
    for _, articles, _ in read_clusters(data):
        if len(best) < len(articles) <= 10:
            best = list(articles)
    lines = "".join(
        json.dumps({"text": a.text, "title": a.title, "source": a.source or f"Outlet {i}"}) + "\n"
        for i, a in enumerate(best)
    )
    posted = client.post("/api/articles", content=lines, timeout=300).json()
    sid = posted["articles"][0]["story_id"]
    size = client.get(f"/api/stories/{sid}").json()["size"]
    t0 = time.perf_counter()
    client.get(f"/api/stories/{sid}/brief", timeout=300).raise_for_status()
    return size, time.perf_counter() - t0


def load(base: str, cached: list[str], clients: int, seconds: float, n: int) -> dict[str, object]:
    rng = random.Random(1)
    kinds: dict[str, Callable[[random.Random], str]] = {
        "front": lambda r: r.choice(["/", f"/?before={r.randrange(1000, n)}", "/?outlet=Outlet+3"]),
        "story": lambda r: f"/stories/{r.choice(cached)}",
        "search": lambda r: f"/?q=s{r.randrange(1, n // 16)}t{r.randrange(25)}",
    }
    times: dict[str, list[float]] = {k: [] for k in kinds}
    errors: list[str] = []
    stop = time.monotonic() + seconds

    def worker(seed: int) -> None:
        r = random.Random(seed)
        with httpx.Client(base_url=base, timeout=60) as c:
            while time.monotonic() < stop:
                kind = r.choice(list(kinds))
                path = kinds[kind](r)
                t0 = time.perf_counter()
                try:
                    resp = c.get(path)
                except httpx.HTTPError as exc:
                    errors.append(f"{path}: {exc!r}")
                    continue
                times[kind].append(time.perf_counter() - t0)
                if resp.status_code != 200 or "database is locked" in resp.text:
                    errors.append(f"{path}: HTTP {resp.status_code}")

    threads = [threading.Thread(target=worker, args=(rng.random(),)) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"times": times, "errors": errors}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--db", type=Path, default=None, help="keep the store here (reused)")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--add", type=int, default=20_000, help="articles added during the load")
    ap.add_argument(
        "--real",
        type=Path,
        default=Path(__file__).parents[1] / ".." / "shared/data/multinews-raw-dev.jsonl.gz",
        help="Multi-News file whose largest cluster is briefed (skipped when absent)",
    )
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    db = args.db or Path(tmp.name) / "serve.db"
    built = build(db, args.articles)
    with open_store(db, create=False) as store:
        size, n_stories = len(store), len(store.topics())
    print(f"store: {size} articles, {n_stories} stories ({db}; built in {built:.0f} s)")
    print(f"load average before: {os.getloadavg()[0]:.2f}; cpus {os.cpu_count()}")
    port = free_port()
    server = start_server(db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=120) as client:
            cached, lat = latencies(client, n_stories, size)
        print("\n| request (one at a time) | n | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|")
        for name, xs in lat.items():
            print(row(name, xs))
        with httpx.Client(base_url=base, timeout=300) as client:
            real = real_story(client, args.real)
        if real:
            print(f"first brief of a real story ({args.real.name}, its largest cluster posted "
                  f"through the API): {real[0]} articles, {real[1]:.2f} s")  # fmt: skip
        result = load_with_add(base, db, cached, args, size)
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    locked = err.decode("utf-8", "replace").count("database is locked")
    print(f"\n'database is locked' in the server's log: {locked}")
    tmp.cleanup()
    return 0 if not result["errors"] and not locked else 1


def count(db: Path) -> int:
    with open_store(db, create=False) as store:
        return len(store)


def wait_for_first_batch(db: Path, size: int, add: subprocess.Popen[bytes]) -> None:
    """The load starts once ``add`` has committed a batch (it first rebuilds its
    clusterer from the store, which takes a while on a large one)."""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and add.poll() is None:
        with open_store(db, create=False) as store:
            if len(store) > size:
                return
        time.sleep(0.5)


def load_with_add(
    base: str, db: Path, cached: list[str], args: argparse.Namespace, size: int
) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        extra = Path(tmp) / "more"  # files of 2,000 articles (each under the reader's limit)
        extra.mkdir()
        more = synthetic(args.add, seed=int(time.time()))
        for i in range(0, len(more), 2000):
            (extra / f"{i:07d}.jsonl").write_text("".join(
                json.dumps({"text": a.text, "title": a.title, "source": a.source,
                            "published": a.published.isoformat() if a.published else None})
                + "\n" for a in more[i : i + 2000]), encoding="utf-8")  # fmt: skip
        start = count(db)
        add = subprocess.Popen([sys.executable, "-m", "newsdesk", "add", str(extra), "--db",
                                str(db)], stderr=subprocess.PIPE)  # fmt: skip
        t0 = time.perf_counter()
        wait_for_first_batch(db, start, add)
        n0 = count(db)
        result = load(base, cached, args.clients, args.seconds, size)
        print(f"\narticles committed by `add` during the load: {count(db) - n0}")
        _, add_err = add.communicate(timeout=3600)
        add_s = time.perf_counter() - t0
    times: dict[str, list[float]] = result["times"]  # type: ignore[assignment]
    errors: list[str] = result["errors"]  # type: ignore[assignment]
    every = [x for xs in times.values() for x in xs]
    print(f"\nload: {args.clients} clients for {args.seconds:.0f} s, while `newsdesk add` added "
          f"{args.add} articles (exit {add.returncode}, {add_s:.0f} s: "
          f"{add_err.decode().strip().splitlines()[-1]})")  # fmt: skip
    print("\n| kind | requests | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|")
    for kind, xs in times.items():
        print(row(kind, xs))
    print(row("all", every))
    print(f"requests/s: {len(every) / args.seconds:.0f}; errors: {len(errors)}; "
          f"'database is locked' answers: {sum('locked' in e for e in errors)}")  # fmt: skip
    for e in errors[:10]:
        print("  error:", e)
    return result


if __name__ == "__main__":
    sys.exit(main())
