"""``newsdesk eval clusters DATA``: the stories a store gives, against gold stories and
baselines."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from . import EXIT_OK, EXIT_USAGE


def register(sub: Any) -> None:
    p = sub.add_parser(
        "clusters",
        help="score story clustering (B-cubed, pairwise F1, ARI) against gold and baselines",
        description=(
            "Add labelled articles to a fresh temporary store, as newsdesk add does "
            "(near-duplicate links included), and score each article's final story against "
            "the gold stories (and, where the data has topics, the store's topics against "
            "the gold topics): B-cubed and pairwise precision, recall and F1, ARI, the number "
            "of stories against gold, and articles/s. Baselines run in the same process: one "
            "story per article, and TF-IDF average-link clustering with its threshold tuned "
            "on the scored data itself. DATA is JSON Lines (.gz allowed): a stream of article "
            "rows as newsdesk add reads them plus a gold story field named by --gold; ECB+ "
            "rows with text, cluster and topic (such as ../shared/data/ecbplus-docs.jsonl.gz); "
            "or Multi-News rows (such as ../shared/data/multinews-raw-dev.jsonl.gz: each row "
            "one story, gold story and topic = the row id)."
        ),
    )
    p.add_argument("data", metavar="DATA", help="labelled JSON Lines file (.gz allowed)")
    p.add_argument(
        "--gold",
        metavar="FIELD",
        help="the row field holding each article's gold story (required for a stream of "
        "articles; ECB+ and Multi-News rows need none)",
    )
    p.add_argument("--json", action="store_true", help="print the full result as JSON")
    p.add_argument(
        "--order",
        choices=("publication", "shuffle", "file"),
        help="arrival order: by published date (stable; undated articles last, in file "
        "order), a seeded shuffle, or the file's order. Default: publication for a stream; "
        "shuffle with --seed for ECB+ and Multi-News, as their published figures were "
        "measured (ECB+ has no dates, so its publication order is the file's, topic by "
        "topic; Multi-News has only the few dates the cleaner finds)",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the shuffled order (default 0)")
    p.add_argument(
        "--spread",
        type=int,
        default=0,
        metavar="N",
        help="also run publication order and N shuffles (seeds 0 to N-1) and report the "
        "min, mean and max B-cubed F1 of the store (the baselines do not depend on order)",
    )
    p.add_argument(
        "--method",
        choices=("cosine", "learned"),
        help="how an article is matched to a story: the cosine rule (default) or the "
        "learned same-story model",
    )
    p.add_argument(
        "--link-merge",
        type=float,
        metavar="X",
        help="(cosine) similarity an article needs with two stories to merge them "
        "(default 1.0: never)",
    )
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
        help="grid-search the clustering options on DATA (with --subset) and print the best",
    )
    p.add_argument(
        "--limit",
        type=int,
        metavar="N",
        help="use only the first N articles of DATA (after --subset), whatever the order",
    )
    p.add_argument("--no-baselines", action="store_true", help="score the store's stories only")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..cluster import ClusterOptions
    from ..evaluate.clusters import ClusterEvalOptions, evaluate_clusters, tune_online

    try:
        given = {
            "threshold": args.threshold,
            "topic_threshold": args.topic_threshold,
            "entity_share": args.entity_share,
            "method": args.method,
            "link_merge": args.link_merge,
        }
        chosen = {k: v for k, v in given.items() if v is not None}
        options = ClusterEvalOptions(
            gold=args.gold,
            order=args.order,
            seed=args.seed,
            spread=args.spread,
            limit=args.limit,
            subset=args.subset,
            cluster=ClusterOptions(**chosen) if chosen else None,
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
        sys.stdout.write(format_grid(grid))
        return EXIT_OK
    result = evaluate_clusters(args.data, options)
    if args.json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
        return EXIT_OK
    sys.stdout.write(format_table(result))
    return EXIT_OK


def format_grid(grid: list[dict[str, Any]], top: int = 10) -> str:
    """The best ``top`` rows of a :func:`~newsdesk.evaluate.clusters.tune_online` grid."""
    topic = bool(grid) and "topic" in grid[0]
    lines = [
        "| threshold | topic threshold | entity share | story B3 F1 |"
        + (" topic B3 F1 |" if topic else ""),
        "|---|---|---|---|" + ("---|" if topic else ""),
    ]
    for r in grid[:top]:
        lines.append(
            f"| {r['threshold']} | {r['topic_threshold']} | {r['entity_share']} | "
            f"{r['story']:.3f} |" + (f" {r['topic']:.3f} |" if topic else "")
        )
    return "\n".join(lines) + "\n"


_KIND = {"stream": "stream", "ecbplus": "ECB+", "multinews": "Multi-News"}


def format_table(result: dict[str, Any]) -> str:
    """A Markdown table: one row per system and gold level."""
    g = result["gold"]
    order = result["order"] + (f" (seed {result['seed']})" if result["seed"] is not None else "")
    gold = f"{g['story']} stories" + (f", {g['topic']} topics" if "topic" in g else "")
    lines = [
        f"{result['articles']} articles ({_KIND[result['kind']]}, gold field "
        f"{result['gold_field']}, subset {result['subset']}, {result['dated']} dated), "
        f"order: {order}; gold: {gold}",
        "",
        "| system | level | stories | gold | B3 P | B3 R | B3 F1 | pair P | pair R | pair F1 "
        "| ARI | s | articles/s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, sysres in result["systems"].items():
        for level, s in sysres["levels"].items():
            label = name
            if "threshold" in s:
                label = name.replace("(threshold ", f"(threshold {s['threshold']}, ")
            secs = f"{s['seconds']:.2f}" if "seconds" in s else "-"
            rate = f"{s['articles_per_s']:.0f}" if "articles_per_s" in s else "-"
            lines.append(
                f"| {label} | {level} | {s['n_clusters']} | {s['n_gold']} | "
                f"{s['bcubed_p']:.3f} | {s['bcubed_r']:.3f} | {s['bcubed_f1']:.3f} | "
                f"{s['pairwise_p']:.3f} | {s['pairwise_r']:.3f} | {s['pairwise_f1']:.3f} | "
                f"{s['ari']:.3f} | {secs} | {rate} |"
            )
    lines += ["", "online: " + result["systems"]["online"]["note"]]
    spread = result.get("spread")
    if spread:
        shuffles = sum(r["order"] == "shuffle" for r in spread["runs"])
        parts = [
            f"{lvl} {s['min']:.3f} / {s['mean']:.3f} / {s['max']:.3f}"
            for lvl, s in spread.items()
            if lvl != "runs"
        ]
        lines.append(
            f"online B3 F1 over publication order and {shuffles} shuffles (seeds 0-"
            f"{shuffles - 1}), min / mean / max: " + "; ".join(parts)
        )
    return "\n".join(lines) + "\n"
