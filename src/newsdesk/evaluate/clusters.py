"""Clustering quality: B-cubed, pairwise F1 and ARI, with baselines run in the same process.

The labelled data are JSON Lines rows ``{"doc_name", "topic", "subtopic", "cluster",
"text"}`` (the ECB+ documents). Articles are fed to the online clusterer one at a time in
a fixed order; **one** online clustering is scored against both gold levels (the event,
``cluster``, and the coarser ``topic``). Baselines: one story per article, and TF-IDF
average-link agglomerative clustering with its distance threshold tuned on the same data,
separately for each level (which flatters the baseline).
"""

from __future__ import annotations

import gzip
import json
import logging
import random
import time
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..cluster import ClusterOptions, StoryClusterer, features
from ..errors import DataMissingError, InputError

__all__ = [
    "ClusterScores",
    "ClusterEvalOptions",
    "bcubed",
    "pairwise",
    "score",
    "load_labelled",
    "online_labels",
    "agglomerative_labels",
    "evaluate_clusters",
]

log = logging.getLogger(__name__)

LEVELS = ("cluster", "topic")


@dataclass(frozen=True, slots=True)
class ClusterScores:
    """Scores of one predicted clustering against one gold clustering."""

    bcubed_p: float
    bcubed_r: float
    bcubed_f1: float
    pairwise_p: float
    pairwise_r: float
    pairwise_f1: float
    ari: float
    n_clusters: int

    def as_dict(self) -> dict[str, float]:
        return {
            "bcubed_p": self.bcubed_p,
            "bcubed_r": self.bcubed_r,
            "bcubed_f1": self.bcubed_f1,
            "pairwise_p": self.pairwise_p,
            "pairwise_r": self.pairwise_r,
            "pairwise_f1": self.pairwise_f1,
            "ari": self.ari,
            "n_clusters": self.n_clusters,
        }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def bcubed(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998; Amigó et al. 2009):
    per item, the share of its predicted cluster that shares its gold class, and the share
    of its gold class that shares its predicted cluster, averaged over items."""
    if len(pred) != len(gold):
        raise ValueError(f"{len(pred)} predicted labels but {len(gold)} gold labels")
    if not pred:
        raise ValueError("no items to score")
    pc = Counter(pred)
    gc = Counter(gold)
    both = Counter(zip(pred, gold, strict=True))
    n = len(pred)
    p = sum(both[(a, b)] / pc[a] for a, b in zip(pred, gold, strict=True)) / n
    r = sum(both[(a, b)] / gc[b] for a, b in zip(pred, gold, strict=True)) / n
    return p, r, _f1(p, r)


def pairwise(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """Precision, recall and F1 over pairs of items put in one cluster (sklearn's pair
    confusion matrix, so the counting is the reference one)."""
    from sklearn.metrics.cluster import pair_confusion_matrix

    m = pair_confusion_matrix(_codes(gold), _codes(pred))
    tp, fp, fn = float(m[1, 1]), float(m[0, 1]), float(m[1, 0])
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, _f1(p, r)


def _codes(labels: Sequence[Hashable]) -> list[int]:
    index: dict[Hashable, int] = {}
    return [index.setdefault(x, len(index)) for x in labels]


def score(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> ClusterScores:
    """Every metric of one predicted clustering against one gold clustering."""
    from sklearn.metrics import adjusted_rand_score

    bp, br, bf = bcubed(pred, gold)
    pp, pr, pf = pairwise(pred, gold)
    ari = float(adjusted_rand_score(_codes(gold), _codes(pred)))
    return ClusterScores(bp, br, bf, pp, pr, pf, ari, len(set(pred)))


# --- data and systems ----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class ClusterEvalOptions:
    """``order``: "shuffle" (a seeded random order: a realistic interleaved stream) or
    "file" (the file's order, topic by topic: easy for an online clusterer)."""

    order: str = "shuffle"
    seed: int = 0
    limit: int | None = None
    cluster: ClusterOptions = field(default_factory=ClusterOptions)
    baselines: bool = True
    thresholds: tuple[float, ...] = tuple(round(0.30 + 0.025 * i, 3) for i in range(27))

    def __post_init__(self) -> None:
        if self.order not in ("shuffle", "file"):
            raise ValueError(f"order must be 'shuffle' or 'file', got {self.order!r}")


def load_labelled(path: str | Path) -> list[dict[str, Any]]:
    """Rows of a labelled JSONL(.gz) file, each checked for ``text``, ``cluster``, ``topic``."""
    p = Path(path)
    if not p.exists():
        raise DataMissingError(
            f"{p}: no such file; the ECB+ documents live in ../shared/data/ecbplus-docs.jsonl.gz"
        )
    opener = gzip.open if p.suffix == ".gz" else open
    rows: list[dict[str, Any]] = []
    with opener(p, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{p}:{i}", f"not JSON ({exc.msg})") from exc
            missing = [k for k in ("text", "cluster", "topic") if k not in row]
            if missing:
                raise InputError(f"{p}:{i}", f"missing field(s) {', '.join(missing)}")
            rows.append(row)
    if not rows:
        raise InputError(str(p), "no rows")
    return rows


def online_labels(texts: Sequence[str], options: ClusterOptions | None = None) -> list[str]:
    """Feed ``texts`` one at a time to the online clusterer; the story of each."""
    clu = StoryClusterer(options)
    ew = clu.options.entity_weight
    return [
        clu.assign(f"{i:06d}", features(t, None, entity_weight=ew)).story
        for i, t in enumerate(texts)
    ]


def agglomerative_labels(texts: Sequence[str], thresholds: Sequence[float]) -> list[list[int]]:
    """TF-IDF (sublinear, English stopwords) average-link clusterings, one per cosine
    distance threshold; the distance matrix is computed once."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    x = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1).fit_transform(texts)
    d = cosine_distances(x)
    out = []
    for t in thresholds:
        model = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=t
        )
        out.append([int(v) for v in model.fit_predict(d)])
    return out


def evaluate_clusters(
    path: str | Path, options: ClusterEvalOptions | None = None
) -> dict[str, Any]:
    """The whole evaluation as a JSON-ready dict: per system, per gold level, the scores."""
    options = options or ClusterEvalOptions()
    rows = load_labelled(path)
    if options.order == "shuffle":
        random.Random(options.seed).shuffle(rows)
    if options.limit is not None:
        rows = rows[: options.limit]
    texts = [str(r["text"]) for r in rows]
    gold = {lvl: [str(r[lvl]) for r in rows] for lvl in LEVELS}

    systems: dict[str, dict[str, Any]] = {}
    t0 = time.perf_counter()
    pred = online_labels(texts, options.cluster)
    online_s = time.perf_counter() - t0
    systems["online"] = {
        "levels": {lvl: score(pred, gold[lvl]).as_dict() for lvl in LEVELS},
        "seconds": online_s,
        "note": "one online clustering scored against both gold levels",
    }
    if options.baselines:
        singles = [str(i) for i in range(len(texts))]
        systems["one-story-per-article"] = {
            "levels": {lvl: score(singles, gold[lvl]).as_dict() for lvl in LEVELS}
        }
        t0 = time.perf_counter()
        runs = agglomerative_labels(texts, options.thresholds)
        agg_s = time.perf_counter() - t0
        levels: dict[str, Any] = {}
        for lvl in LEVELS:
            scored = [
                (score(lab, gold[lvl]), t) for lab, t in zip(runs, options.thresholds, strict=True)
            ]
            best, t = max(scored, key=lambda st: st[0].bcubed_f1)
            levels[lvl] = {**best.as_dict(), "threshold": t}
        systems["tfidf-average-link (tuned per level)"] = {"levels": levels, "seconds": agg_s}
    return {
        "data": str(path),
        "documents": len(texts),
        "order": options.order,
        "seed": options.seed,
        "gold_clusters": {lvl: len(set(gold[lvl])) for lvl in LEVELS},
        "options": {k: getattr(options.cluster, k) for k in options.cluster.__dataclass_fields__},
        "systems": systems,
    }
