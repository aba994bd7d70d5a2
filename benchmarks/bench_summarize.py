#!/usr/bin/env python3
"""Summarizer speed and memory on Multi-News validation clusters, as ratios against the
first-3 baseline and LexRank run in the same process on the same (pre-segmented) clusters.

    python3 benchmarks/bench_summarize.py --limit 2000

Reports clusters/s (selection only: reading and sentence splitting are done once,
before the clock starts, and reported apart), the ratio to first-3 and LexRank, the
tracemalloc peak per system over the first 200 clusters, and the process max RSS.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAL = ROOT.parent / "shared" / "data" / "multinews-val.jsonl.gz"


def main() -> int:
    from newsdesk.evaluate.summaries import _max_rss_mb, _peak_mb, _runner, load_clusters

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("data", nargs="?", type=Path, default=VAL)
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--systems", default="learned,centroid,lexrank,first3")
    ap.add_argument("--words", type=int, default=None)
    args = ap.parse_args()
    if not args.data.is_file():
        print(f"bench_summarize: {args.data} not found", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    clusters = list(load_clusters(args.data, limit=args.limit))
    prep = time.perf_counter() - t0
    print(
        f"{len(clusters)} clusters read and segmented in {prep:.1f}s "
        f"({len(clusters) / prep:.0f} clusters/s)"
    )
    rates: dict[str, float] = {}
    peaks: dict[str, float] = {}
    for name in args.systems.split(","):
        peaks[name] = _peak_mb(name, args.words, clusters[:200])
        run = _runner(name, args.words)
        run(clusters[0])
        t = time.perf_counter()
        for c in clusters:
            run(c)
        rates[name] = len(clusters) / (time.perf_counter() - t)
    print("| system | clusters/s | vs first3 | vs lexrank | peak MB (200 clusters) |")
    print("|---|---|---|---|---|")
    for name, r in rates.items():
        vf = r / rates["first3"] if "first3" in rates else float("nan")
        vl = r / rates["lexrank"] if "lexrank" in rates else float("nan")
        print(f"| {name} | {r:.1f} | {vf:.5f} | {vl:.2f} | {peaks[name]:.1f} |")
    print(f"process max RSS {_max_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
