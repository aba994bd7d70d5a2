"""Analysis time per cluster over the raw Multi-News dev clusters, as milliseconds per
cluster, per 2,000 words, and as a ratio to sentence segmentation run in the same process.

    python3 benchmarks/bench_analysis.py [--data PATH] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from newsdesk.analyze import analyze
from newsdesk.evaluate.analysis import cleaned_articles, load_raw_clusters
from newsdesk.model import Article
from newsdesk.pipeline import documents

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "multinews-raw-dev.jsonl.gz"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default=str(DATA))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    path = Path(args.data)
    if not path.exists():
        print(f"bench_analysis: {path} not found", file=sys.stderr)
        return 1
    clusters: list[list[Article]] = []
    for row in load_raw_clusters(path):
        arts = [a for a in cleaned_articles(row) if a is not None]
        if arts:
            clusters.append(arts)
    words = [sum(len(a.text.split()) for a in arts) for arts in clusters]
    seg_runs, ana_runs = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        docs = [documents(arts) for arts in clusters]
        t1 = time.perf_counter()
        for d in docs:
            analyze(d)
        t2 = time.perf_counter()
        seg_runs.append(t1 - t0)
        ana_runs.append(t2 - t1)
    seg, ana = min(seg_runs), min(ana_runs)
    n = len(clusters)
    total_words = sum(words)
    print(f"clusters              {n}")
    print(f"mean words/cluster    {total_words / n:.0f} (median {statistics.median(words):.0f})")
    print(f"segmentation ms/clust {1000 * seg / n:.2f}")
    print(f"analysis ms/cluster   {1000 * ana / n:.2f}")
    print(f"analysis ms/2000 words {1000 * ana / total_words * 2000:.2f}")
    print(f"analysis / segmentation {ana / seg:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
