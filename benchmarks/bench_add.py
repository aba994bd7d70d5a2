"""Throughput and scaling of ``Store.add`` on already-extracted text.

Synthetic articles (generated here, nothing stored): stories of 2-30 articles drawn from
per-story vocabularies and names, mixed with a Zipf-distributed general vocabulary, 5%
near-duplicate rewrites, dates over a few months, interleaved in time order. Each size
runs in its own subprocess so the peak memory (max RSS) is that size's alone. The
baseline, run in the same subprocess on the same articles, is a plain SQLite insert of the
articles (no near-duplicates, no clustering): the ratio says what grouping costs.

    python benchmarks/bench_add.py                 # 10k, 30k
    python benchmarks/bench_add.py 10000 100000    # chosen sizes
    python benchmarks/bench_add.py 10000 --method learned   # the learned same-story model
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsdesk.cluster import ClusterOptions
from newsdesk.model import Article, article_id
from newsdesk.store import open_store


def synthetic(n: int, seed: int = 0) -> list[Article]:
    rng = random.Random(seed)
    general = [f"w{i}" for i in range(20000)]
    weights = [1.0 / (i + 1) for i in range(len(general))]
    stop = [
        "the",
        "a",
        "of",
        "in",
        "and",
        "to",
        "was",
        "for",
        "on",
        "that",
        "with",
        "by",
        "at",
        "from",
    ]
    out: list[Article] = []
    story = 0
    day0 = dt.date(2024, 1, 1)
    while len(out) < n:
        story += 1
        vocab = [f"s{story}t{j}" for j in range(25)]
        names = [f"Name{story}x{j} Person{story}y{j}" for j in range(4)]
        day = day0 + dt.timedelta(days=story * 120 // max(1, n // 10))
        size = rng.randint(2, 30)
        texts: list[str] = []
        for k in range(size):
            if texts and rng.random() < 0.05:
                base = rng.choice(texts).split()
                base[rng.randrange(len(base))] = "updated"
                text = " ".join(base)
            else:
                body = rng.choices(general, weights, k=120) + rng.choices(vocab, k=40)
                body += rng.choices(stop, k=80) + rng.choices(names, k=6)
                rng.shuffle(body)
                text = " ".join(body) + "."
            texts.append(text)
            out.append(
                Article(
                    id=article_id(text),
                    text=text,
                    title=f"story {story} report {k}",
                    source=f"Outlet {rng.randrange(40)}",
                    published=day + dt.timedelta(days=rng.randint(0, 2)),
                )
            )
    out = out[:n]
    # a stream interleaves stories: sort by date, ties in a seeded random order
    keyed = [(a.published, rng.random(), a) for a in out]
    keyed.sort(key=lambda x: (x[0], x[1]))
    return [a for _, _, a in keyed]


def baseline_insert(path: Path, articles: list[Article]) -> float:
    """Plain SQLite ingest of the same rows, batches of 500, WAL: the floor."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("CREATE TABLE a (id TEXT PRIMARY KEY, text TEXT, title TEXT, source TEXT)")
    t0 = time.perf_counter()
    for i in range(0, len(articles), 500):
        con.execute("BEGIN")
        con.executemany(
            "INSERT INTO a VALUES (?, ?, ?, ?)",
            [(a.id + str(i), a.text, a.title, a.source) for a in articles[i : i + 500]],
        )
        con.execute("COMMIT")
    t = time.perf_counter() - t0
    con.close()
    return t


def one(n: int, method: str = "cosine") -> dict[str, float]:
    articles = synthetic(n)
    with tempfile.TemporaryDirectory() as tmp:
        base = baseline_insert(Path(tmp) / "base.db", articles)
        with open_store(Path(tmp) / "bench.db") as store:
            store.set_options(ClusterOptions(method=method))
            t0 = time.perf_counter()
            rep = store.add(articles, batch_size=500)
            t = time.perf_counter() - t0
            stories = len(store.stories())
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
    return {
        "articles": n,
        "seconds": t,
        "articles_per_s": n / t,
        "us_per_article": 1e6 * t / n,
        "baseline_seconds": base,
        "ratio_to_plain_insert": t / base,
        "duplicates": rep.duplicates,
        "stories": stories,
        "peak_rss_mib": rss,
    }


def main(argv: list[str]) -> int:
    if argv[:1] in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    method = "cosine"
    if "--method" in argv:
        i = argv.index("--method")
        method = argv[i + 1]
        argv = argv[:i] + argv[i + 2 :]
    if argv[:1] == ["--one"]:
        print(json.dumps(one(int(argv[1]), method)))
        return 0
    sizes = [int(a) for a in argv] or [10_000, 30_000]
    load = os.getloadavg()
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; cpus {os.cpu_count()}")
    print(f"method: {method}")
    print("| articles | s | articles/s | us/article | x plain insert | dups | stories | peak MiB |")
    print("|---|---|---|---|---|---|---|---|")
    first: dict[str, float] | None = None
    for n in sizes:
        res = subprocess.run(
            [sys.executable, __file__, "--one", str(n), "--method", method],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(res.stdout)
        first = first or r
        print(
            f"| {n} | {r['seconds']:.1f} | {r['articles_per_s']:.0f} | {r['us_per_article']:.0f} "
            f"| {r['ratio_to_plain_insert']:.1f} | {r['duplicates']} | {r['stories']} "
            f"| {r['peak_rss_mib']:.0f} |",
            flush=True,
        )
    if first is not None and len(sizes) > 1:
        print(
            f"cost per article at {sizes[-1]} / at {sizes[0]}: "
            f"{r['us_per_article'] / first['us_per_article']:.2f} (1.00 = linear)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
