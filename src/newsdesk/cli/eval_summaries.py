"""``newsdesk eval summaries DATA``: ROUGE of newsdesk's summarizers and the baselines
(first-3, LexRank, greedy oracle), run in one process on the same clusters, with speed and
peak memory per system."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from . import EXIT_FAILURE, EXIT_OK, EXIT_PARTIAL


def register(sub: Any) -> None:
    p = sub.add_parser(
        "summaries",
        help="ROUGE of the summarizers against first-3, LexRank and the oracle",
        description=(
            "Score newsdesk's summarizers and the baselines on a Multi-News file "
            "(.jsonl[.gz] with id/documents/summary, or .src with a .tgt beside it), "
            "all in one process on the same clusters. ROUGE F1 (Porter stemmer), mean "
            "over clusters with a seeded bootstrap 95% interval."
        ),
    )
    p.add_argument("data", type=Path, metavar="DATA", help="Multi-News file")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="first N clusters only")
    p.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a Markdown table")
    p.add_argument(
        "--outputs",
        type=Path,
        default=None,
        metavar="DIR",
        help="write each system's summaries to DIR/SYSTEM.jsonl, keyed by cluster id",
    )
    p.add_argument(
        "--systems",
        default=None,
        help="comma-separated systems (default: all: newsdesk's summarizers and the baselines)",
    )
    p.add_argument(
        "--words",
        type=int,
        default=None,
        metavar="N",
        help="word budget for every budgeted system (default: 250; LexRank 300)",
    )
    p.add_argument(
        "--memory-sample",
        type=int,
        default=200,
        metavar="N",
        help="clusters traced for peak memory per system (0: off; default 200)",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.set_defaults(handler=run)


def _table(report: Any) -> str:
    from ..evaluate.rouge import ROUGE_TYPES

    head = ["system", "R1", "R2", "RL", "RLsum", "words", "clusters/s", "peak MB"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for s in report.systems:
        cells = [s.name]
        for t in ROUGE_TYPES:
            iv = s.rouge[t]
            cells.append(f"{iv.mean:.2f} [{iv.low:.2f}, {iv.high:.2f}]")
        cells.append(f"{s.words_mean:.0f}")
        cells.append(f"{s.clusters_per_s:.1f}")
        cells.append("-" if s.peak_mb is None else f"{s.peak_mb:.1f}")
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(
        f"{report.clusters} clusters of {report.data}; ROUGE F1 x 100, stemmed, mean "
        f"[bootstrap 95% interval, seed {report.seed}]; reading+segmenting "
        f"{report.prepare_seconds:.1f}s (not in clusters/s); peak MB = tracemalloc peak over "
        f"the first {report.memory_sample} clusters per system; process max RSS "
        f"{report.max_rss_mb:.0f} MB."
    )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from ..errors import InputError
    from ..evaluate.summaries import SYSTEMS, EvalOptions, evaluate

    if not args.data.exists():
        raise InputError(str(args.data), "no such file")
    chosen = args.systems or ",".join(SYSTEMS)
    systems = tuple(s.strip() for s in chosen.split(",") if s.strip())
    try:
        options = EvalOptions(
            limit=args.limit,
            systems=systems,
            words=args.words,
            seed=args.seed,
            memory_sample=max(0, args.memory_sample),
        )
    except ValueError as exc:
        print(f"newsdesk eval summaries: error: {exc}", file=sys.stderr)
        return 2
    bars: dict[str, Any] = {}

    def progress(system: str, done: int) -> None:
        bar = bars.get(system)
        if bar is None:
            for old in bars.values():
                old.close()
            bar = bars[system] = tqdm(desc=system, unit=" clusters", file=sys.stderr, leave=False)
        bar.update(done - bar.n)

    report = evaluate(args.data, options, progress=None if args.no_progress else progress)
    for bar in bars.values():
        bar.close()
    if args.outputs is not None:
        args.outputs.mkdir(parents=True, exist_ok=True)
        for s in report.systems:
            with (args.outputs / f"{s.name}.jsonl").open("w", encoding="utf-8") as fh:
                for cid, sents in s.summaries.items():
                    fh.write(json.dumps({"id": cid, "summary": "\n".join(sents)}) + "\n")
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
    else:
        print(_table(report))
    for p in report.problems:
        print(f"newsdesk: skipped {p}", file=sys.stderr)
    if report.clusters == 0:
        print("newsdesk eval summaries: no scorable cluster", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_PARTIAL if report.problems else EXIT_OK
