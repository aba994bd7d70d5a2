#!/usr/bin/env python3
"""Train the learned summarizer's sentence scorer on the Multi-News training split.

Candidates: the sentences the summarizer sees at prediction time (its word window).
Labels (default ``mixed``): the mean of membership in the greedy ROUGE-1+ROUGE-2 oracle
summary and the share of the sentence's stemmed 1/2-grams the reference keeps (the
scorer's own tokenizer). Features: :mod:`newsdesk.summarize.features`. Model (default):
LightGBM lambdarank, one query group a cluster, relevance = the label graded 0-4; features
and labels are computed in ``--jobs`` processes. Writes
``src/newsdesk/data/summarizer.lgb.txt`` and a model card ``summarizer.card.json`` beside
it (seed, data sha256, features, clusters, validation ROUGE, train time).

    python3 scripts/train_summarizer.py                 # defaults: 12,000 clusters
    python3 scripts/train_summarizer.py --clusters 2000 --val 300   # a quick run
"""

from __future__ import annotations

import argparse
import functools
import gzip
import hashlib
import json
import multiprocessing
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sample_lines(path: Path, n: int, seed: int) -> list[tuple[int, str]]:
    """``n`` (line number, line) pairs drawn without replacement, seeded, in file order."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        lines = fh.readlines()
    rng = np.random.default_rng(seed)
    pick = sorted(rng.choice(len(lines), size=min(n, len(lines)), replace=False).tolist())
    return [(i + 1, lines[i]) for i in pick]


def _precision(tokens: list[str], reference: list[str]) -> float:
    """Mean of the shares of a sentence's unigrams and bigrams that the reference has
    (clipped counts): how much of what the sentence spends words on the editor kept."""
    from newsdesk.summarize.baselines import ngram_counts

    out = 0.0
    for n in (1, 2):
        cand, ref = ngram_counts(tokens, n), ngram_counts(reference, n)
        total = sum(cand.values())
        if total:
            out += sum(min(c, ref[g]) for g, c in cand.items()) / total
    return out / 2


def label_cluster(line: str, *, label: str) -> tuple[np.ndarray, np.ndarray] | None:
    """Feature rows and labels of one training cluster, or None when it has fewer than two
    candidate sentences. Candidates are the ones the summarizer sees at prediction time
    (its word window), so training and prediction score the same population."""
    from newsdesk.evaluate.rouge import prepare_reference, rouge_tokens
    from newsdesk.evaluate.summaries import cluster_articles
    from newsdesk.pipeline import documents
    from newsdesk.summarize.baselines import oracle_select
    from newsdesk.summarize.features import cluster_features
    from newsdesk.summarize.learned import LearnedSummarizer

    obj = json.loads(line)
    docs = documents(cluster_articles(obj["documents"], clean=False))
    feats = cluster_features(LearnedSummarizer().candidates(docs))
    if len(feats.sentences) < 2:
        return None
    ref = rouge_tokens(prepare_reference(obj["summary"]))
    toks = [rouge_tokens(s.text) for s in feats.sentences]
    y: np.ndarray = np.zeros(len(feats.sentences), dtype=np.float32)
    if label in ("oracle", "mixed"):
        y[oracle_select(toks, ref)] = 1.0
    if label in ("precision", "mixed"):
        prec = np.array([_precision(t, ref) for t in toks], dtype=np.float32)
        y = prec if label == "precision" else (y + prec) / 2
    return feats.X, y


def main(argv: list[str] | None = None) -> int:
    from newsdesk.summarize.features import FEATURE_VERSION, FEATURES
    from newsdesk.summarize.learned import CARD_PATH, MODEL_PATH

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--train", type=Path, default=DATA / "multinews-train.jsonl.gz")
    ap.add_argument("--val", type=int, default=500, help="validation clusters scored for the card")
    ap.add_argument("--val-file", type=Path, default=DATA / "multinews-val.jsonl.gz")
    ap.add_argument("--clusters", type=int, default=12000, help="training clusters to sample")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--jobs", type=int, default=2, help="processes for features and labels")
    ap.add_argument("--rounds", type=int, default=500)
    ap.add_argument("--leaves", type=int, default=31)
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument(
        "--label",
        choices=("oracle", "precision", "mixed"),
        default="mixed",
        help="oracle: membership in the greedy oracle (binary); precision: share of the "
        "sentence's stemmed unigrams and bigrams found in the reference (regression); "
        "mixed: their mean",
    )
    ap.add_argument(
        "--objective",
        choices=("lambdarank", "cross_entropy"),
        default="lambdarank",
        help="lambdarank: rank sentences within each cluster (one query group a cluster; "
        "relevance = the label graded 0-4); cross_entropy: pointwise regression on the label",
    )
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--card", type=Path, default=CARD_PATH)
    args = ap.parse_args(argv)
    if not args.train.is_file():
        print(f"train_summarizer: {args.train} not found (see ../shared/data)", file=sys.stderr)
        return 1

    import lightgbm as lgb

    t0 = time.perf_counter()
    rows = sample_lines(args.train, args.clusters, args.seed)
    work = functools.partial(label_cluster, label=args.label)
    lines = [line for _, line in rows]
    if args.jobs > 1:
        with multiprocessing.Pool(args.jobs) as pool:
            labelled = pool.map(work, lines, chunksize=100)
    else:
        labelled = [work(line) for line in lines]
    xs, ys, groups = [], [], []
    for item in labelled:
        if item is None:
            continue
        xs.append(item[0])
        ys.append(item[1])
        groups.append(len(item[1]))
    t_feat = time.perf_counter() - t0
    X = np.vstack(xs)
    y = np.concatenate(ys)
    print(
        f"{len(groups)} clusters, {len(y)} sentences, {y.mean():.3f} positive, "
        f"features+labels {t_feat:.0f}s",
        file=sys.stderr,
    )
    params: dict[str, object] = {
        "objective": "binary" if args.label == "oracle" else "cross_entropy",
        "learning_rate": args.lr,
        "num_leaves": args.leaves,
        "min_data_in_leaf": 50,
        "feature_fraction": 0.9,
        "bagging_fraction": 0.8,
        "bagging_freq": 1,
        "lambda_l2": 1.0,
        "num_threads": 2,
        "seed": args.seed,
        "deterministic": True,
        "verbose": -1,
    }
    target, group = y, None
    if args.objective == "lambdarank":
        # what matters is the order within a cluster, not the absolute score
        params.update(objective="lambdarank", lambdarank_truncation_level=20)
        target, group = np.clip(np.round(y * 4), 0, 4).astype(np.int32), groups
    ds = lgb.Dataset(X, target, group=group, feature_name=list(FEATURES), free_raw_data=True)
    booster = lgb.train(params, ds, num_boost_round=args.rounds)
    train_s = time.perf_counter() - t0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    booster.save_model(str(args.out))
    print(f"trained in {train_s:.0f}s -> {args.out}", file=sys.stderr)

    val_scores: dict[str, float] = {}
    if args.val and args.val_file.is_file():
        from newsdesk.evaluate.summaries import EvalOptions, evaluate
        from newsdesk.summarize import learned
        from newsdesk.summarize.base import SUMMARIZERS

        # score the file just written (which may not be the shipped path)
        learned._models.pop(args.out.resolve(), None)
        SUMMARIZERS["_just_trained"] = lambda: learned.LearnedSummarizer(
            model_path=args.out.resolve()
        )
        report = evaluate(
            args.val_file,
            EvalOptions(
                limit=args.val, systems=("_just_trained",), seed=args.seed, memory_sample=0
            ),
        )
        res = report.systems[0]
        val_scores = {k: round(v.mean, 2) for k, v in res.rouge.items()}
        print(f"validation ({args.val} clusters): {val_scores}", file=sys.stderr)

    imp = booster.feature_importance(importance_type="gain")
    card = {
        "model": args.out.name,
        "kind": "LightGBM sentence scorer ("
        + str(params["objective"])
        + "): how much of the sentence an editor's reference keeps",
        "feature_version": FEATURE_VERSION,
        "features": list(FEATURES),
        "feature_gain": {f: round(float(g), 1) for f, g in zip(FEATURES, imp, strict=True)},
        "params": params,
        "objective": args.objective,
        "relevance": "lambdarank: round(4 * label), graded 0-4, one query group a cluster"
        if args.objective == "lambdarank"
        else "the label itself",
        "candidates": "the summarizer's word window (LearnedSummarizer.candidates)",
        "command": "python3 scripts/train_summarizer.py " + " ".join(argv or sys.argv[1:]),
        "jobs": args.jobs,
        "rounds": args.rounds,
        "seed": args.seed,
        "train_data": args.train.name,
        "train_data_sha256": sha256(args.train),
        "train_clusters": len(groups),
        "train_sentences": int(len(y)),
        "labels": {
            "oracle": "greedy oracle membership (ROUGE-1 F1 + ROUGE-2 F1, stemmed)",
            "precision": "mean share of the sentence's stemmed 1- and 2-grams in the reference",
            "mixed": "mean of oracle membership and 1/2-gram precision against the reference",
        }[args.label]
        + f"; mean label {float(y.mean()):.3f}",
        "label": args.label,
        "train_seconds": round(train_s, 1),
        "feature_seconds": round(t_feat, 1),
        "validation": {
            "data": args.val_file.name,
            "clusters": args.val,
            "words": "default budget of the eval harness",
            "rouge_f1": val_scores,
        },
        "machine": f"{platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, lightgbm {lgb.__version__}",
        "size_bytes": args.out.stat().st_size,
        "licence_note": "trained on Multi-News (non-commercial research and education only)",
    }
    args.card.write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
