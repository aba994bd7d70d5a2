"""Clustering quality: B-cubed, pairwise F1 and ARI of the stories a store gives, with
baselines run in the same process.

Three kinds of labelled JSON Lines data (``.gz`` allowed):

- a **stream** of article rows, read exactly as ``newsdesk add`` reads JSON Lines
  (``text``; ``title``, ``url``, ``source``, ``published``, ``author``) plus a gold story
  field named by ``gold`` (``--gold FIELD``); no gold topics;
- **ECB+** rows ``{"doc_name", "topic", "subtopic", "cluster", "text"}``: gold story
  ``cluster``, gold topic ``topic``;
- **Multi-News** rows ``{"id", "documents", ...}``: each row one story (gold story = gold
  topic = the row id), documents cleaned as ``newsdesk add`` cleans raw ones.

The articles go through a fresh temporary store with one :meth:`Store.add
<newsdesk.store.Store.add>` in one arrival order, as ``newsdesk add`` would put them
(near-duplicate links and exact copies included), and each article's **final** story
(stories may merge after it arrived) is scored against the gold stories; where the gold
has topics, the store's topics are scored against them too. Arrival orders: publication
(by ``published``, stable, undated articles last in file order), a seeded shuffle, or the
file's order; :func:`evaluate_clusters` can add the spread over publication order and
several shuffles. Baselines: one story per article, and TF-IDF average-link agglomerative
clustering whose distance threshold is tuned on the scored data itself, per level (which
flatters it). ``subset`` keeps the odd or even ECB+ topics, so the clustering options can
be tuned on one half (:func:`tune_online`) and reported on the other.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import logging
import random
import tempfile
import time
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cluster import ClusterOptions
from ..errors import DataMissingError, InputError, NewsdeskError
from ..model import Article, article_id

if TYPE_CHECKING:
    pass

__all__ = [
    "ClusterScores",
    "ClusterEvalOptions",
    "Labelled",
    "StoreRun",
    "bcubed",
    "pairwise",
    "score",
    "load_labelled",
    "arrival_order",
    "store_run",
    "agglomerative_labels",
    "evaluate_clusters",
    "tune_online",
]

log = logging.getLogger(__name__)

LEVELS = ("story", "topic")
SUBSETS = ("all", "odd", "even")
ORDERS = ("publication", "shuffle", "file")
KINDS = ("stream", "ecbplus", "multinews")
#: the order each kind is fed in unless told: ECB+ has no dates (its publication order is
#: the file's, topic by topic), Multi-News only the few the cleaner finds, and the figures
#: published for both were measured on the seed-0 shuffle
DEFAULT_ORDER = {"stream": "publication", "ecbplus": "shuffle", "multinews": "shuffle"}
#: the average-link baseline holds an n-by-n distance matrix
MAX_BASELINE_ARTICLES = 10_000
BASELINE = "tfidf-average-link (threshold tuned on the scored data)"
#: where ECB+ and Multi-News keep their gold story
GOLD_FIELD = {"ecbplus": "cluster", "multinews": "id"}


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
    n_gold: int

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
            "n_gold": self.n_gold,
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
    return ClusterScores(bp, br, bf, pp, pr, pf, ari, len(set(pred)), len(set(gold)))


# --- data --------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class ClusterEvalOptions:
    """How to run the evaluation.

    ``gold``: the row field that holds each article's gold story; required for a stream of
    articles, not used with ECB+ or Multi-News rows. ``order``: "publication" (by
    ``published``, stable, undated articles last in file order), "shuffle" (seeded with
    ``seed``: a realistic interleaved stream) or "file"; None picks the kind's default
    (:data:`DEFAULT_ORDER`). ``spread``: also run publication order and ``spread`` shuffles
    (seeds 0 to spread-1) and report the range of the store's B-cubed F1. ``limit``: only
    the first N articles of the file (after ``subset``), whatever the order. ``cluster``:
    clustering options for the store (None: the store's own defaults).
    """

    gold: str | None = None
    order: str | None = None
    seed: int = 0
    spread: int = 0
    limit: int | None = None
    subset: str = "all"
    cluster: ClusterOptions | None = None
    baselines: bool = True
    batch_size: int = 500
    thresholds: tuple[float, ...] = tuple(round(0.30 + 0.025 * i, 3) for i in range(27))

    def __post_init__(self) -> None:
        if self.order is not None and self.order not in ORDERS:
            raise ValueError(f"order must be one of {', '.join(ORDERS)}, got {self.order!r}")
        if self.subset not in SUBSETS:
            raise ValueError(f"subset must be one of {', '.join(SUBSETS)}, got {self.subset!r}")
        if self.gold is not None and not self.gold.strip():
            raise ValueError("gold must name a field of the rows, got an empty name")
        if self.spread < 0:
            raise ValueError(f"spread must be 0 or a number of shuffles, got {self.spread}")
        if self.limit is not None and self.limit < 1:
            raise ValueError(f"limit must be a positive number of articles, got {self.limit}")
        if self.batch_size < 1:
            raise ValueError(f"batch_size must be positive, got {self.batch_size}")


@dataclass(frozen=True, slots=True)
class Labelled:
    """One article with its gold story, and its gold topic where the data has topics."""

    article: Article
    story: str
    topic: str | None = None


def _open_text(p: Path) -> str:
    try:
        with p.open("rb") as fh:
            data = fh.read()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        return data.decode("utf-8-sig")
    except (OSError, EOFError) as exc:
        raise InputError(str(p), f"cannot be read ({exc})") from exc
    except UnicodeDecodeError as exc:
        raise InputError(str(p), "not UTF-8 text") from exc


def _first_row(text: str) -> dict[str, Any] | None:
    for line in text.splitlines():
        if line.strip():
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                return None  # reported with its line number by the reader
            return row if isinstance(row, dict) else None
    return None


def load_labelled(path: str | Path, gold: str | None = None) -> tuple[str, list[Labelled]]:
    """The kind of a labelled JSON Lines file (one of :data:`KINDS`) and its articles in
    file order, each with its gold labels. With ``gold``, the file is a stream of articles
    and ``gold`` names their gold story field; without it, ECB+ or Multi-News rows."""
    p = Path(path)
    if not p.exists():
        raise DataMissingError(
            f"{p}: no such file; the ECB+ documents live in ../shared/data/ecbplus-docs.jsonl.gz"
            " and the raw Multi-News clusters in ../shared/data/multinews-raw-dev.jsonl.gz"
        )
    text = _open_text(p)
    first = _first_row(text) or {}
    if isinstance(first.get("documents"), list):
        if gold is not None:
            raise InputError(str(p), "Multi-News rows: each row is one story; drop --gold")
        return "multinews", _multinews(p)
    if gold is not None:
        return "stream", _stream(p, text, gold)
    if "cluster" in first and "topic" in first:
        return "ecbplus", _ecbplus(p, text)
    raise InputError(
        str(p),
        "no gold labels: name the row field that holds each article's story with --gold FIELD"
        " (ECB+ rows have cluster and topic; Multi-News rows have documents)",
    )


def _gold_value(origin: str, row: dict[str, Any], name: str) -> str:
    value = row.get(name)
    if value is None:
        raise InputError(origin, f'missing the gold field "{name}"')
    if isinstance(value, (dict, list, bool)):
        raise InputError(origin, f'the gold field "{name}" must be a string or a number')
    return str(value)


def _stream(p: Path, text: str, gold: str) -> list[Labelled]:
    """Articles read by the JSON Lines reader ``newsdesk add`` uses (strict: the first row
    it cannot use is an error), joined by line with their gold field."""
    from ..read import ReadOptions, read_string

    options = ReadOptions(format="jsonl", strict=True, check_language=False, dedupe=False)
    articles = read_string(text, name=str(p), options=options).articles
    labels: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        if line.strip():  # the reader has checked every such line is a JSON object
            origin = f"{p}:{n}"
            labels[origin] = _gold_value(origin, json.loads(line), gold)
    if not articles:
        raise InputError(str(p), "no articles")
    return [Labelled(a, labels[a.origin or ""]) for a in articles]


def _ecbplus(p: Path, text: str) -> list[Labelled]:
    out: list[Labelled] = []
    for i, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        origin = f"{p}:{i}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(origin, f"not JSON ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise InputError(origin, f"expected a JSON object, got {type(row).__name__}")
        missing = [k for k in ("text", "cluster", "topic") if k not in row]
        if missing:
            raise InputError(origin, f"missing field(s) {', '.join(missing)}")
        body = str(row["text"])
        if not body.strip():
            raise InputError(origin, "empty text")
        a = Article(id=article_id(body, salt=origin), text=body, origin=origin)
        out.append(Labelled(a, str(row["cluster"]), str(row["topic"])))
    if not out:
        raise InputError(str(p), "no rows")
    return out


def _multinews(p: Path) -> list[Labelled]:
    from ..model import InputProblem
    from ..read import read_clusters

    problems: list[InputProblem] = []
    out: list[Labelled] = []
    for cid, articles, _ in read_clusters(p, clean=True, problems=problems):
        for a in articles:
            # a cluster may hold one text twice: give each copy an id of its own
            a = dataclasses.replace(a, id=article_id(a.text, salt=a.origin or cid))
            out.append(Labelled(a, cid, cid))
    if problems:
        log.info("%s: %d documents left out (empty or broken)", p, len(problems))
    if not out:
        raise InputError(str(p), "no documents")
    return out


def _in_subset(item: Labelled, subset: str) -> bool:
    if subset == "all":
        return True
    if item.topic is None:
        raise InputError(item.article.origin or "", "odd/even subsets need numbered topics")
    try:
        n = int(item.topic)
    except ValueError as exc:
        raise InputError(item.topic, "odd/even subsets need numbered topics") from exc
    return n % 2 == (1 if subset == "odd" else 0)


def _select(path: str | Path, items: list[Labelled], options: ClusterEvalOptions) -> list[Labelled]:
    items = [x for x in items if _in_subset(x, options.subset)]
    if options.limit is not None:
        items = items[: options.limit]
    if not items:
        raise InputError(str(path), f"no articles in subset {options.subset!r}")
    return items


def arrival_order(items: Sequence[Labelled], order: str, seed: int = 0) -> list[Labelled]:
    """``items`` in the order a store receives them: "file" as given; "publication" by
    ``published`` date, a stable sort (one day's articles keep their file order), undated
    articles last in file order; "shuffle" a random order seeded with ``seed``."""
    if order == "file":
        return list(items)
    if order == "publication":
        return sorted(
            items,
            key=lambda x: (x.article.published is None, x.article.published or dt.date.min),
        )
    if order == "shuffle":
        out = list(items)
        random.Random(seed).shuffle(out)
        return out
    raise ValueError(f"order must be one of {', '.join(ORDERS)}, got {order!r}")


# --- systems -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoreRun:
    """What a fresh store made of articles in one arrival order: each article's final
    story and that story's topic, the seconds ``add`` took, and the options it used."""

    stories: tuple[str, ...]
    topics: tuple[str, ...]
    seconds: float
    options: ClusterOptions


def store_run(
    articles: Sequence[Article],
    cluster: ClusterOptions | None = None,
    *,
    batch_size: int = 500,
) -> StoreRun:
    """Add ``articles`` in this order to a fresh temporary store in one ``add`` (as
    ``newsdesk add`` does) and read back each one's final story. An exact copy of an
    earlier article (the store keeps one) gets the story of that article."""
    from ..store import open_store
    from ..store.ingest import content_hash

    with (
        tempfile.TemporaryDirectory(prefix="newsdesk-eval-") as tmp,
        open_store(Path(tmp) / "eval.db") as store,
    ):
        if cluster is not None:
            store.set_options(cluster)
        t0 = time.perf_counter()
        store.add(articles, batch_size=batch_size)
        seconds = time.perf_counter() - t0
        placed = {aid: sid for aid, sid, _ in store.assignments()}
        topic_of = store.topics()
        used = store.options()[0]
    first: dict[str, str] = {}
    stories: list[str] = []
    for a in articles:
        sid = placed.get(first.setdefault(content_hash(a), a.id))
        if sid is None:
            raise NewsdeskError(f"the store did not place the article {a.origin or a.id}")
        stories.append(sid)
    return StoreRun(tuple(stories), tuple(topic_of.get(s, s) for s in stories), seconds, used)


def _text(a: Article) -> str:
    return f"{a.title}\n{a.text}" if a.title else a.text


def agglomerative_labels(
    texts: Sequence[str], thresholds: Sequence[float]
) -> list[tuple[list[int], float]]:
    """TF-IDF (sublinear, English stopwords) average-link clusterings, one per cosine
    distance threshold, each with its seconds (the distance matrix, computed once, counted
    in each)."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    t0 = time.perf_counter()
    x = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1).fit_transform(texts)
    d = cosine_distances(x)
    shared = time.perf_counter() - t0
    out = []
    for t in thresholds:
        t0 = time.perf_counter()
        model = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=t
        )
        labels = [int(v) for v in model.fit_predict(d)]
        out.append((labels, shared + time.perf_counter() - t0))
    return out


def _rate(n: int, seconds: float) -> float:
    return n / max(seconds, 1e-9)


def _levels(items: Sequence[Labelled]) -> tuple[str, ...]:
    return LEVELS if all(x.topic is not None for x in items) else LEVELS[:1]


def _gold(items: Sequence[Labelled], levels: Sequence[str]) -> dict[str, list[str]]:
    return {lvl: [x.story if lvl == "story" else str(x.topic) for x in items] for lvl in levels}


def _online_f1(run: StoreRun, gold: dict[str, list[str]]) -> dict[str, float]:
    pred = {"story": run.stories, "topic": run.topics}
    return {lvl: bcubed(pred[lvl], g)[2] for lvl, g in gold.items()}


def _spread(
    items: Sequence[Labelled],
    levels: Sequence[str],
    options: ClusterEvalOptions,
    done: tuple[str, int | None, StoreRun],
) -> dict[str, Any]:
    """The store's B-cubed F1 in publication order and ``options.spread`` seeded shuffles;
    ``done`` is the run already made (reused when it is one of them)."""
    runs: list[dict[str, Any]] = []
    plan: list[tuple[str, int | None]] = [("publication", None)]
    plan += [("shuffle", s) for s in range(options.spread)]
    for order, seed in plan:
        fed = arrival_order(items, order, seed or 0)
        run = done[2]
        if (order, seed) != done[:2]:
            run = store_run(
                [x.article for x in fed], options.cluster, batch_size=options.batch_size
            )
        runs.append({"order": order, "seed": seed, **_online_f1(run, _gold(fed, levels))})
    out: dict[str, Any] = {"runs": runs}
    for lvl in levels:
        f = [float(r[lvl]) for r in runs]
        out[lvl] = {"min": min(f), "mean": sum(f) / len(f), "max": max(f)}
    return out


def evaluate_clusters(
    path: str | Path, options: ClusterEvalOptions | None = None
) -> dict[str, Any]:
    """The whole evaluation as a JSON-ready dict: per system, per gold level, the scores,
    with the spread over arrival orders when ``options.spread`` asks for it."""
    options = options or ClusterEvalOptions()
    kind, items = load_labelled(path, options.gold)
    items = _select(path, items, options)
    order = options.order or DEFAULT_ORDER[kind]
    levels = _levels(items)
    n = len(items)
    if options.baselines and n > MAX_BASELINE_ARTICLES:
        raise InputError(
            str(path),
            f"{n} articles: the average-link baseline holds an {n}-by-{n} distance matrix;"
            f" leave it out (--no-baselines) or use at most {MAX_BASELINE_ARTICLES} (--limit)",
        )
    seed = options.seed if order == "shuffle" else None
    fed = arrival_order(items, order, options.seed)
    gold = _gold(fed, levels)

    run = store_run([x.article for x in fed], options.cluster, batch_size=options.batch_size)
    timing = {"seconds": run.seconds, "articles_per_s": _rate(n, run.seconds)}
    pred = {"story": run.stories, "topic": run.topics}
    note = "a fresh store, one add in arrival order: each article's final story"
    if len(levels) > 1:
        note += " against gold stories, its story's topic against gold topics"
    systems: dict[str, dict[str, Any]] = {}
    systems["online"] = {
        "levels": {lvl: {**score(pred[lvl], gold[lvl]).as_dict(), **timing} for lvl in levels},
        **timing,
        "note": note,
    }
    if len(levels) > 1:
        systems["online stories only"] = {
            "levels": {lvl: score(run.stories, gold[lvl]).as_dict() for lvl in levels},
            "note": "the store's stories alone scored at both levels",
        }
    if options.baselines:
        singles = [str(i) for i in range(n)]
        systems["one-story-per-article"] = {
            "levels": {lvl: score(singles, gold[lvl]).as_dict() for lvl in levels}
        }
        runs = agglomerative_labels([_text(x.article) for x in fed], options.thresholds)
        best_levels: dict[str, Any] = {}
        for lvl in levels:
            scored = [
                (score(lab, gold[lvl]), t, s)
                for (lab, s), t in zip(runs, options.thresholds, strict=True)
            ]
            best, t, s = max(scored, key=lambda st: st[0].bcubed_f1)
            best_levels[lvl] = {
                **best.as_dict(),
                "threshold": t,
                "seconds": s,
                "articles_per_s": _rate(n, s),
            }
        systems[BASELINE] = {
            "levels": best_levels,
            "note": f"the best of {len(options.thresholds)} distance thresholds per level, "
            "chosen on the scored data; seconds: the distance matrix and that one clustering",
        }
    return {
        "data": str(path),
        "kind": kind,
        "gold_field": options.gold if kind == "stream" else GOLD_FIELD[kind],
        "articles": n,
        "dated": sum(x.article.published is not None for x in items),
        "order": order,
        "seed": seed,
        "subset": options.subset,
        "limit": options.limit,
        "gold": {lvl: len(set(gold[lvl])) for lvl in levels},
        "options": dataclasses.asdict(run.options),
        "systems": systems,
        "spread": _spread(items, levels, options, (order, seed, run)) if options.spread else None,
    }


def tune_online(
    path: str | Path,
    options: ClusterEvalOptions | None = None,
    *,
    thresholds: Sequence[float] = (0.15, 0.2, 0.25, 0.3, 0.35),
    topic_thresholds: Sequence[float] = (0.08, 0.1, 0.12, 0.15),
    entity_shares: Sequence[float] = (0.0, 0.3, 0.5, 0.7),
) -> list[dict[str, Any]]:
    """Grid search of the store's clustering options on ``options.subset`` of ``path``
    (one fresh store per combination): each with its B-cubed F1 per gold level and their
    mean, best mean first."""
    options = options or ClusterEvalOptions()
    kind, items = load_labelled(path, options.gold)
    items = _select(path, items, options)
    fed = arrival_order(items, options.order or DEFAULT_ORDER[kind], options.seed)
    gold = _gold(fed, _levels(items))
    articles = [x.article for x in fed]
    base = options.cluster or ClusterOptions()
    out: list[dict[str, Any]] = []
    for share in entity_shares:
        for th in thresholds:
            for tth in topic_thresholds:
                if tth > th:
                    continue
                c = dataclasses.replace(base, threshold=th, topic_threshold=tth, entity_share=share)
                f1 = _online_f1(store_run(articles, c, batch_size=options.batch_size), gold)
                out.append(
                    {
                        "threshold": th,
                        "topic_threshold": tth,
                        "entity_share": share,
                        **f1,
                        "mean": sum(f1.values()) / len(f1),
                    }
                )
    out.sort(key=lambda r: -float(r["mean"]))
    return out
