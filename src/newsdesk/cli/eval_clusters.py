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
            "Feed labelled articles one at a time to the online clusterer and score its "
            "stories against the gold events and its topics against the gold topics, next "
            "to baselines run in the same process: one story per article, and TF-IDF "
            "average-link agglomerative clustering tuned per level on the same data. DATA is "
            "JSON Lines rows with text, cluster and topic (such as "
            "../shared/data/ecbplus-docs.jsonl.gz), or Multi-News rows (such as "
            "../shared/data/multinews-raw-dev.jsonl.gz: gold event and topic = the row id)."
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
    p.add_argument("--threshold", type=float, help="similarity to join a story (default 0.3)")
    p.add_argument(
        "--topic-threshold",
        type=float,
        metavar="X",
        help="word cosine for a new story to join a topic (default 0.1)",
    )
    p.add_argument(
        "--entity-share",
        type=float,
        metavar="X",
        help="weight of named entities in story similarity, 0 to 1 (default 0.7)",
    )
    p.add_argument(
        "--subset",
        choices=("all", "odd", "even"),
        default="all",
        help="only the odd- or even-numbered topics (ECB+), to tune on one half",
    )
    p.add_argument(
        "--tune",
        action="store_true",
        help="grid-search the online options on DATA (with --subset) and print the best",
    )
    p.add_argument("--limit", type=int, metavar="N", help="use only the first N articles")
    p.add_argument("--no-baselines", action="store_true", help="score the online clusterer only")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..cluster import ClusterOptions
    from ..evaluate.clusters import ClusterEvalOptions, evaluate_clusters, tune_online

    try:
        given = {
            "threshold": args.threshold,
            "topic_threshold": args.topic_threshold,
            "entity_share": args.entity_share,
        }
        copts = ClusterOptions(**{k: v for k, v in given.items() if v is not None})
        options = ClusterEvalOptions(
            order=args.order,
            seed=args.seed,
            limit=args.limit,
            subset=args.subset,
            cluster=copts,
            baselines=not args.no_baselines,
        )
    except ValueError as exc:
        print(f"newsdesk eval clusters: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.tune:
        grid = tune_online(args.data, options)
        if args.json:
            sys.stdout.write(json.dumps(grid, indent=2) + "\n")
            return EXIT_OK
        sys.stdout.write(
            "| threshold | topic threshold | entity share | event B3 F1 | topic B3 F1 |\n"
        )
        sys.stdout.write("|---|---|---|---|---|\n")
        for r in grid[:10]:
            sys.stdout.write(
                f"| {r['threshold']} | {r['topic_threshold']} | {r['entity_share']} | "
                f"{r['cluster']:.3f} | {r['topic']:.3f} |\n"
            )
        return EXIT_OK
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
        f"{result['documents']} documents ({result['subset']}), order: {result['order']} "
        f"(seed {result['seed']}); "
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
        "online: stories scored against events, topics against topics (one pass); "
        f"{online['seconds']:.2f} s "
        f"({result['documents'] / max(online['seconds'], 1e-9):.0f} articles/s)",
    ]
    return "\n".join(lines) + "\n"
