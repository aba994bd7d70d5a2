"""Wall time (cold start included) and peak memory of ``newsdesk brief``.

Runs the installed CLI as a child process, once on the shipped example and once per raw
Multi-News dev cluster (when ../shared/data is present), and reads each child's own peak
RSS from ``os.wait4``. The baseline, run in the same process, is a bare interpreter start
(``python3 -c pass``), so the ratio says what newsdesk adds over Python itself.

    python3 benchmarks/bench_brief.py [--limit N] [--format md|json|html]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW_DEV = ROOT.parent / "shared" / "data" / "multinews-raw-dev.jsonl.gz"
EXAMPLE = ROOT / "examples" / "assange"


def run(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MiB, and exit code of one child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def summary(name: str, walls: list[float], rss: list[float], base: float) -> str:
    med = statistics.median(walls)
    return (
        f"| {name} | {len(walls)} | {med:.2f} | {max(walls):.2f} | {med / base:.1f}x "
        f"| {statistics.median(rss):.0f} / {max(rss):.0f} |"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=100, help="raw clusters to run (default 100)")
    ap.add_argument("--format", default="md", choices=["md", "json", "html"])
    ap.add_argument("--repeat", type=int, default=5, help="runs on the example (default 5)")
    args = ap.parse_args()

    cli = [sys.executable, "-m", "newsdesk"]
    base = [run([sys.executable, "-c", "pass"])[0] for _ in range(5)]
    base_med = statistics.median(base)
    print(f"baseline: bare interpreter start, median {base_med * 1000:.0f} ms over 5 runs\n")
    print("| input | runs | median wall s | max wall s | vs baseline | median / max peak MiB |")
    print("|---|---|---|---|---|---|")

    walls, rss = [], []
    for _ in range(args.repeat):
        w, m, code = run([*cli, "brief", str(EXAMPLE), "--format", args.format])
        if code != 0:
            print(f"newsdesk brief {EXAMPLE} exited {code}", file=sys.stderr)
            return 1
        walls.append(w)
        rss.append(m)
    print(summary("seed cluster (examples/assange)", walls, rss, base_med))

    if not RAW_DEV.exists():
        print(f"\n{RAW_DEV} is absent: skipped the raw dev clusters")
        return 0
    walls, rss, failed = [], [], 0
    words = []
    with gzip.open(RAW_DEV, "rt", encoding="utf-8") as fh, tempfile.TemporaryDirectory() as tmp:
        for n, line in enumerate(fh):
            if n >= args.limit:
                break
            row = json.loads(line)
            words.append(sum(len(d.split()) for d in row["documents"]))
            path = Path(tmp) / f"{row['id']}.jsonl"
            path.write_text(json.dumps(row) + "\n", encoding="utf-8")
            w, m, code = run([*cli, "brief", str(path), "--format", args.format])
            failed += code not in (0, 3)
            walls.append(w)
            rss.append(m)
    print(summary("raw dev clusters, one process each", walls, rss, base_med))
    print(
        f"\nraw dev: {len(walls)} clusters, median {statistics.median(words):.0f} words each, "
        f"{failed} runs failed"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
