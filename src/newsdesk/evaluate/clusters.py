"""Clustering quality: B-cubed, pairwise F1 and ARI, with baselines run in the same process.

Two kinds of labelled data: JSON Lines rows ``{"doc_name", "topic", "subtopic",
"cluster", "text"}`` (the ECB+ documents: gold event ``cluster`` and coarser ``topic``),
and Multi-News rows ``{"id", "documents", ...}`` (each row one story: gold event = gold
topic = the row id; documents cleaned as ``newsdesk add`` would). Articles are fed to the
online clusterer one at a time in a fixed order; its **stories** are scored against the
events and its **topics** against the topics. Baselines: one story per article, and
TF-IDF average-link agglomerative clustering with its distance threshold tuned on the
same data, separately for each level (which flatters the baseline). ``subset`` keeps the
odd or even ECB+ topics, so the online options can be tuned on one half
(:func:`tune_online`) and reported on the other.
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
    "tune_online",
]

log = logging.getLogger(__name__)

LEVELS = ("cluster", "topic")
SUBSETS = ("all", "odd", "even")


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
    subset: str = "all"
    cluster: ClusterOptions = field(default_factory=ClusterOptions)
    baselines: bool = True
    thresholds: tuple[float, ...] = tuple(round(0.30 + 0.025 * i, 3) for i in range(27))

    def __post_init__(self) -> None:
        if self.order not in ("shuffle", "file"):
            raise ValueError(f"order must be 'shuffle' or 'file', got {self.order!r}")
        if self.subset not in SUBSETS:
            raise ValueError(f"subset must be one of {', '.join(SUBSETS)}, got {self.subset!r}")


def load_labelled(path: str | Path) -> list[dict[str, Any]]:
    """Rows ``{"text", "cluster", "topic"}`` of a labelled JSONL(.gz) file: ECB+ rows as
    they are (checked for those fields), or a Multi-News file expanded to one row per
    document with gold event and topic both the row id."""
    p = Path(path)
    if not p.exists():
        raise DataMissingError(
            f"{p}: no such file; the ECB+ documents live in ../shared/data/ecbplus-docs.jsonl.gz"
            " and the raw Multi-News clusters in ../shared/data/multinews-raw-dev.jsonl.gz"
        )
    opener = gzip.open if p.suffix == ".gz" else open
    with opener(p, "rt", encoding="utf-8") as fh:
        first = next((line for line in fh if line.strip()), "")
    try:
        if "documents" in json.loads(first):
            return _multinews_rows(p)
    except (json.JSONDecodeError, TypeError):
        pass  # reported with its line number below
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


def _multinews_rows(p: Path) -> list[dict[str, Any]]:
    from ..model import InputProblem
    from ..read import read_clusters

    problems: list[InputProblem] = []
    rows: list[dict[str, Any]] = []
    for cid, articles, _ in read_clusters(p, clean=True, problems=problems):
        for a in articles:
            text = f"{a.title}\n{a.text}" if a.title else a.text
            rows.append({"text": text, "cluster": cid, "topic": cid})
    if problems:
        log.info("%s: %d documents left out (empty or broken)", p, len(problems))
    if not rows:
        raise InputError(str(p), "no documents")
    return rows


def _in_subset(row: dict[str, Any], subset: str) -> bool:
    if subset == "all":
        return True
    try:
        n = int(str(row["topic"]))
    except ValueError as exc:
        raise InputError(str(row["topic"]), "odd/even subsets need numbered topics") from exc
    return n % 2 == (1 if subset == "odd" else 0)


def online_assignments(
    texts: Sequence[str], options: ClusterOptions | None = None
) -> tuple[list[str], list[str]]:
    """Feed ``texts`` one at a time to the online clusterer; the story and the topic of
    each, as they were when the article arrived (online: nothing is revised later)."""
    clu = StoryClusterer(options)
    ents = clu.options.entity_share > 0
    stories: list[str] = []
    topics: list[str] = []
    for i, t in enumerate(texts):
        a = clu.assign(f"{i:06d}", features(t, None, entities=ents))
        stories.append(a.story)
        topics.append(a.topic)
    return stories, topics


def online_labels(texts: Sequence[str], options: ClusterOptions | None = None) -> list[str]:
    """Feed ``texts`` one at a time to the online clusterer; the story of each."""
    return online_assignments(texts, options)[0]


def _prepare(path: str | Path, options: ClusterEvalOptions) -> list[dict[str, Any]]:
    rows = [r for r in load_labelled(path) if _in_subset(r, options.subset)]
    if options.order == "shuffle":
        random.Random(options.seed).shuffle(rows)
    if options.limit is not None:
        rows = rows[: options.limit]
    if not rows:
        raise InputError(str(path), f"no rows in subset {options.subset!r}")
    return rows


def tune_online(
    path: str | Path,
    options: ClusterEvalOptions | None = None,
    *,
    thresholds: Sequence[float] = (0.15, 0.2, 0.25, 0.3, 0.35),
    topic_thresholds: Sequence[float] = (0.08, 0.1, 0.12, 0.15),
    entity_shares: Sequence[float] = (0.0, 0.3, 0.5, 0.7),
) -> list[dict[str, Any]]:
    """Grid search of the online options on ``options.subset`` of ``path``: every
    combination with its B-cubed F1 at both levels, best mean first."""
    import dataclasses

    options = options or ClusterEvalOptions()
    rows = _prepare(path, options)
    texts = [str(r["text"]) for r in rows]
    gold = {lvl: [str(r[lvl]) for r in rows] for lvl in LEVELS}
    out = []
    for share in entity_shares:
        for th in thresholds:
            for tth in topic_thresholds:
                if tth > th:
                    continue
                c = dataclasses.replace(
                    options.cluster, threshold=th, topic_threshold=tth, entity_share=share
                )
                stories, topics = online_assignments(texts, c)
                ev = bcubed(stories, gold["cluster"])[2]
                tp = bcubed(topics, gold["topic"])[2]
                out.append(
                    {
                        "threshold": th,
                        "topic_threshold": tth,
                        "entity_share": share,
                        "cluster": ev,
                        "topic": tp,
                        "mean": (ev + tp) / 2,
                    }
                )
    out.sort(key=lambda r: -float(r["mean"]))
    return out


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
    rows = _prepare(path, options)
    texts = [str(r["text"]) for r in rows]
    gold = {lvl: [str(r[lvl]) for r in rows] for lvl in LEVELS}

    systems: dict[str, dict[str, Any]] = {}
    t0 = time.perf_counter()
    stories, topics = online_assignments(texts, options.cluster)
    online_s = time.perf_counter() - t0
    systems["online"] = {
        "levels": {
            "cluster": score(stories, gold["cluster"]).as_dict(),
            "topic": score(topics, gold["topic"]).as_dict(),
        },
        "seconds": online_s,
        "note": "one online pass: its stories scored against events, its topics against topics",
    }
    systems["online stories only"] = {
        "levels": {lvl: score(stories, gold[lvl]).as_dict() for lvl in LEVELS},
        "note": "the stories alone scored at both levels (the one-level clusterer's view)",
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
        "subset": options.subset,
        "gold_clusters": {lvl: len(set(gold[lvl])) for lvl in LEVELS},
        "options": {k: getattr(options.cluster, k) for k in options.cluster.__dataclass_fields__},
        "systems": systems,
    }
