"""``newsdesk eval defects [DATA]``: count summary sentences that break the sources'
annotations (inside a quotation, a quotation without its speaker, a call to action)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from . import EXIT_OK

_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_DATA = _ROOT.parent / "shared" / "data" / "multinews-raw-dev.jsonl.gz"


def register(sub: Any) -> None:
    p = sub.add_parser(
        "defects",
        help="count summary sentences that break quotations or are calls to action",
        description=(
            "Brief each cluster of a Multi-News file with the default summarizer (analysis "
            "off) and count, over the summary sentences: those that start or end inside a "
            "quotation of their source that the summary breaks (not one the next or previous "
            "summary sentence, the passage right after or before it, carries on), those "
            "carrying a quotation of 4 words or more with "
            "no speech verb in them or in the summary sentence before, and calls to action "
            "or link lines. Reports the sentences of each kind and the summaries affected."
        ),
    )
    p.add_argument(
        "data",
        nargs="?",
        type=Path,
        default=DEFAULT_DATA,
        metavar="DATA",
        help="Multi-News file (default: ../shared/data/multinews-raw-dev.jsonl.gz)",
    )
    p.add_argument("--limit", type=int, default=None, metavar="N", help="first N clusters only")
    p.add_argument("--words", type=int, default=250, metavar="N", help="word budget (250)")
    p.add_argument("--method", default=None, help="summarizer (default: the default one, learned)")
    p.add_argument(
        "--show", type=int, default=0, metavar="N", help="print up to N examples of each kind"
    )
    p.add_argument("--json", action="store_true", help="print JSON, every defect included")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..evaluate.defects import DEFECT_KINDS, count_defects

    if not args.data.exists():
        print(
            f"newsdesk eval defects: {args.data} not found; nothing counted "
            "(pass DATA, a Multi-News .jsonl[.gz] file)",
            file=sys.stderr,
        )
        return EXIT_OK
    if args.limit is not None and args.limit < 1:
        print("newsdesk eval defects: error: --limit must be positive", file=sys.stderr)
        return 2
    try:
        report = count_defects(args.data, limit=args.limit, words=args.words, method=args.method)
    except ValueError as exc:
        print(f"newsdesk eval defects: error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        return EXIT_OK
    lines = ["| defect | sentences | summaries |", "|---|---|---|"]
    for kind in DEFECT_KINDS:
        lines.append(f"| {kind} | {report.count(kind)} | {report.affected(kind)} |")
    lines.append(f"| any | {len(report.defects)} | {report.affected()} |")
    lines.append("")
    lines.append(
        f"{report.clusters} summaries, {report.sentences} sentences, of {report.data}; "
        f"method {args.method or 'learned'}, {args.words} words."
    )
    for kind in DEFECT_KINDS:
        shown = [d for d in report.defects if d.kind == kind][: max(0, args.show)]
        if shown:
            lines.append("")
            lines.append(f"## {kind}")
            for d in shown:
                lines.append(f"- {d.cluster} #{d.index} ({d.detail}): {d.text}")
    print("\n".join(lines))
    return EXIT_OK
