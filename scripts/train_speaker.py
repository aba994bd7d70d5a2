#!/usr/bin/env python3
"""Train the speaker ranker (``newsdesk/data/speaker.lgb.txt``) on PolNeAR.

Trained on ``polnear-train.jsonl.gz`` (840 articles), its threshold chosen from
out-of-fold predictions on the same articles (5 folds, each article wholly in one fold);
reported on ``polnear-dev.jsonl.gz`` (84 articles), which chooses nothing. Both are read
from ``../shared/data`` beside the project and never copied. Gold speakers and "is this
speaker right" come from the reference scorer's own functions
(``../shared/tools/polnear_eval.py``), so the labels follow the rules the figures are
scored by:

* every quotation newsdesk's rules find is matched to a gold direct quotation (overlap
  of half the shorter span, as the scorer matches);
* each name near it (:func:`newsdesk.analyze.speakers.candidates`) is a row, labelled 1
  when the scorer would count it as the right speaker;
* a LightGBM classifier learns the rows; the threshold at which its best candidate fills
  a gap the rules left is the one that maximises right speakers out of fold on train.

usage: python3 scripts/train_speaker.py [--train PATH] [--dev PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.analyze import quote_spans  # noqa: E402
from newsdesk.analyze.entities import find_mentions, lowercase_vocabulary  # noqa: E402
from newsdesk.analyze.quotes import QuoteSpan  # noqa: E402
from newsdesk.analyze.speakers import (  # noqa: E402
    CARD_PATH,
    FEATURES,
    GAP_GUARDS,  # noqa: E402
    MODEL_PATH,
    Candidate,
)
from newsdesk.evaluate.polnear import load_polnear, load_scorer  # noqa: E402
from newsdesk.pipeline import documents  # noqa: E402
from newsdesk.read import ReadOptions, read_string  # noqa: E402

SHARED = ROOT.parent / "shared"
SCORED = ("named", "coref", "description")
FOLDS = 5
ROUNDS = 150


class Recorder:
    """A chooser that keeps every quotation's candidates and leaves the rules' speaker."""

    def __init__(self) -> None:
        self.seen: list[tuple[QuoteSpan, list[Candidate]]] = []

    def choose(self, span: QuoteSpan, found: Any) -> None:
        self.seen.append((span, list(found)))
        return None


@dataclass
class Example:
    """One matched quotation: its candidates' rows and labels, and the rules' result."""

    rows: list[tuple[float, ...]]
    labels: list[int]
    keys: list[str]
    rule_speaker: str | None
    rule_right: bool
    gold: dict[str, Any] = field(repr=False, default_factory=dict)
    role: str | None = None
    article: int = 0  # the article's index in its file: the folds keep an article whole


def _gold_pieces(scorer: Any, art: dict[str, Any], body: int) -> list[tuple[int, int, dict]]:
    lower_words = set(re.findall(r"\b[a-z][\w'-]*", art["text"]))
    out = []
    for a in art["attributions"]:
        pieces = [
            p
            for p in a["content"]
            if p[2].lstrip().startswith(scorer.QUOTE_MARKS) and len(p[2].split()) >= 4
        ]
        pieces = [p for p in pieces if p[0] >= body]
        if pieces:
            g = scorer.gold_speaker(a, art, lower_words)
            out += [(ps, pe, g) for ps, pe, _ in pieces]
    return out


def examples(scorer: Any, arts: list[dict[str, Any]]) -> list[Example]:
    out: list[Example] = []
    for index, art in enumerate(arts):
        sent, omap, body = scorer.prepare(art)
        row = {"text": sent, "title": art.get("title"), "published": art.get("published")}
        read = read_string(json.dumps(row) + "\n", name="a.jsonl", options=ReadOptions())
        if not read.articles:
            continue
        docs = documents(read.articles)
        vocab = lowercase_vocabulary(docs)
        per_doc = [find_mentions(d, vocab) for d in docs]
        rec = Recorder()
        quote_spans(docs, per_doc, rec)
        gold = _gold_pieces(scorer, art, body)
        for span, found in rec.seen:
            qs, qe = omap[span.start], omap[span.end - 1] + 1
            best = None
            for ps, pe, g in gold:
                ov = min(pe, qe) - max(ps, qs)
                if ov > 0 and ov >= 0.5 * min(pe - ps, qe - qs):
                    best = g
                    break
            if best is None or best["kind"] not in SCORED or not found:
                continue
            labels = [
                int(scorer.speaker_right(best, {"speaker": c.name, "speaker_role": None}))
                for c in found
            ]
            rule = {"speaker": span.speaker, "speaker_role": span.role}
            out.append(
                Example(
                    [c.row for c in found],
                    labels,
                    [c.key for c in found],
                    span.speaker,
                    scorer.speaker_right(best, rule),
                    best,
                    span.role,
                    index,
                )
            )
    return out


def decide(ex: Example, probs: np.ndarray, assign_at: float) -> int | None:
    """Mirror of :meth:`SpeakerModel.choose`: the index chosen, or None for the rules'."""
    if ex.rule_speaker is not None or ex.role:
        return None
    best = int(np.argmax(probs))
    if not all(ex.rows[best][FEATURES.index(f)] > 0 for f in GAP_GUARDS):
        return None
    return best if probs[best] >= assign_at else None


def right_count(exs: list[Example], probs: list[np.ndarray], assign_at: float) -> int:
    n = 0
    for ex, p in zip(exs, probs, strict=True):
        i = decide(ex, p, assign_at)
        n += ex.rule_right if i is None else ex.labels[i]
    return n


def _fit(exs: list[Example], params: dict[str, Any]) -> Any:
    import lightgbm as lgb

    x = np.asarray([r for ex in exs for r in ex.rows], dtype=np.float64)
    y = np.asarray([lab for ex in exs for lab in ex.labels])
    return lgb.train(params, lgb.Dataset(x, y, feature_name=list(FEATURES)), ROUNDS)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--train", default=str(SHARED / "data" / "polnear-train.jsonl.gz"))
    ap.add_argument("--dev", default=str(SHARED / "data" / "polnear-dev.jsonl.gz"))
    ap.add_argument("--scorer", default=str(SHARED / "tools" / "polnear_eval.py"))
    ap.add_argument("--out", default=str(MODEL_PATH))
    ap.add_argument("--limit", type=int, default=None, help="train on the first N articles")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    scorer = load_scorer(args.scorer)
    train = examples(scorer, load_polnear(args.train, args.limit))
    dev = examples(scorer, load_polnear(args.dev))
    print(f"examples: train {len(train)}, dev {len(dev)} ({time.perf_counter() - t0:.0f} s)")
    params = {
        "objective": "binary",
        "learning_rate": 0.05,
        "num_leaves": 15,
        "min_data_in_leaf": 20,
        "feature_fraction": 0.9,
        "bagging_fraction": 0.9,
        "bagging_freq": 1,
        "lambda_l2": 1.0,
        "verbose": -1,
        "seed": 7,
        "num_threads": 2,
        "deterministic": True,
        "force_row_wise": True,
    }
    # the threshold from out-of-fold predictions on train (5 folds, each article wholly in
    # one: its quotations share speakers), so the dev figures are never tuned on
    oof: list[np.ndarray] = [np.zeros(0)] * len(train)
    for k in range(FOLDS):
        fold = _fit([ex for ex in train if ex.article % FOLDS != k], params)
        for i, ex in enumerate(train):
            if ex.article % FOLDS == k:
                oof[i] = fold.predict(np.asarray(ex.rows, dtype=np.float64))
    grid = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
    best_n, assign_at = max((right_count(train, oof, t), t) for t in grid)
    t = assign_at
    booster = _fit(train, params)
    probs = [booster.predict(np.asarray(ex.rows, dtype=np.float64)) for ex in dev]
    rules_train = sum(ex.rule_right for ex in train)
    rules_dev = sum(ex.rule_right for ex in dev)
    model_dev = right_count(dev, probs, t)
    print(
        f"train, out of fold: rules {rules_train}, with the model {best_n} of {len(train)}"
        f" (assign_at {assign_at})"
    )
    print(f"dev (held out): rules {rules_dev}, with the model {model_dev} of {len(dev)}")
    out = Path(args.out)
    booster.save_model(str(out))
    card = {
        "model": "LightGBM binary classifier over a quotation's candidate speakers",
        "features": list(FEATURES),
        "trained_on": "PolNeAR train (polnear-train.jsonl.gz), quotations newsdesk's rules find"
        " matched to gold direct quotations; labels by the reference scorer's speaker_right",
        "tuned_on": "PolNeAR train, out-of-fold predictions (5 folds by article): the threshold",
        "reported_on": "PolNeAR dev (polnear-dev.jsonl.gz), not tuned on",
        "train_examples": len(train),
        "train_rows": sum(len(ex.rows) for ex in train),
        "dev_examples": len(dev),
        "train_oof_right_rules": rules_train,
        "train_oof_right_model": best_n,
        "dev_right_rules": rules_dev,
        "dev_right_model": model_dev,
        "assign_at": assign_at,
        "gap_guards": list(GAP_GUARDS),
        "rounds": ROUNDS,
        "params": params,
        "train_seconds": round(time.perf_counter() - t0, 1),
        "command": "python3 scripts/train_speaker.py",
    }
    card_path = out.with_name(out.name.replace(".lgb.txt", ".card.json")) if args.out else CARD_PATH
    card_path.write_text(json.dumps(card, indent=2) + "\n")
    print(f"wrote {out} ({out.stat().st_size // 1024} KiB) and {card_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
