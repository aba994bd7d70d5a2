"""``newsdesk eval clusters DATA``: online story clustering against gold clusters and baselines."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from . import EXIT_OK, EXIT_USAGE


def register(sub: Any) -> None:
    p = sub.add_parser(
        "clusters",
        help="score online story clustering (B-cubed, pairwise F1, ARI) against baselines",
        description=(
            "Feed labelled articles (JSON Lines rows with text, cluster and topic, such as "
            "../shared/data/ecbplus-docs.jsonl.gz) one at a time to the online clusterer and "
            "score the one clustering it builds against both gold levels (event 'cluster' "
            "and 'topic'), next to baselines run in the same process: one story per article, "
            "and TF-IDF average-link agglomerative clustering tuned per level on the same data."
        ),
    )
    p.add_argument("data", metavar="DATA", help="labelled JSON Lines file (.gz allowed)")
    p.add_argument("--json", action="store_true", help="print the full result as JSON")
    p.add_argument(
        "--order",
        choices=("shuffle", "file"),
        default="shuffle",
        help="feeding order: a seeded shuffle (default) or the file's order",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the shuffled order")
    p.add_argument("--threshold", type=float, help="similarity to join a story (default 0.2)")
    p.add_argument("--limit", type=int, metavar="N", help="use only the first N articles")
    p.add_argument("--no-baselines", action="store_true", help="score the online clusterer only")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import dataclasses

    from ..cluster import ClusterOptions
    from ..evaluate.clusters import ClusterEvalOptions, evaluate_clusters

    try:
        copts = ClusterOptions()
        if args.threshold is not None:
            copts = dataclasses.replace(copts, threshold=args.threshold)
        options = ClusterEvalOptions(
            order=args.order,
            seed=args.seed,
            limit=args.limit,
            cluster=copts,
            baselines=not args.no_baselines,
        )
    except ValueError as exc:
        print(f"newsdesk eval clusters: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    result = evaluate_clusters(args.data, options)
    if args.json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
        return EXIT_OK
    sys.stdout.write(format_table(result))
    return EXIT_OK


def format_table(result: dict[str, Any]) -> str:
    """A Markdown table: one row per system and gold level."""
    g = result["gold_clusters"]
    lines = [
        f"{result['documents']} documents, order: {result['order']} (seed {result['seed']}); "
        f"gold: {g['cluster']} events, {g['topic']} topics",
        "",
        "| system | level | clusters | B3 P | B3 R | B3 F1 | pair F1 | ARI |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, sysres in result["systems"].items():
        for level, s in sysres["levels"].items():
            label = name + (f" (threshold {s['threshold']})" if "threshold" in s else "")
            lines.append(
                f"| {label} | {level} | {s['n_clusters']} | {s['bcubed_p']:.3f} | "
                f"{s['bcubed_r']:.3f} | {s['bcubed_f1']:.3f} | {s['pairwise_f1']:.3f} | "
                f"{s['ari']:.3f} |"
            )
    online = result["systems"]["online"]
    lines += [
        "",
        f"online: one clustering scored at both levels; {online['seconds']:.2f} s "
        f"({result['documents'] / max(online['seconds'], 1e-9):.0f} articles/s)",
    ]
    return "\n".join(lines) + "\n"
