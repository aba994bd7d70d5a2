"""Summary evaluation on Multi-News-format data: newsdesk's summarizers and the baselines
(first-3, LexRank, greedy oracle) run in one process on the same clusters, scored with
Google ROUGE (:mod:`newsdesk.evaluate.rouge`), with speed and memory per system.

Reading (and, for the raw form, cleaning) and sentence splitting happen once, before the
systems run, and are timed apart; a system's clusters/s covers its own selection only.
"""

from __future__ import annotations

import logging
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..model import Article, Document, InputProblem, article_id
from ..segment import sentence_spans
from .rouge import ROUGE_TYPES, Interval, bootstrap_mean, prepare_reference, rouge_f1, rouge_tokens

__all__ = [
    "SYSTEMS",
    "DEFAULT_WORDS",
    "EvalOptions",
    "Cluster",
    "SystemResult",
    "EvalReport",
    "cluster_articles",
    "load_clusters",
    "evaluate",
    "evaluate_clusters",
    "reference_for_scoring",
]

log = logging.getLogger(__name__)

SYSTEMS = ("learned", "centroid", "first3", "lexrank", "oracle")
DEFAULT_WORDS = 250  # newsdesk's budget: what a Newser editor writes
SYSTEM_WORDS = {"lexrank": 300}  # the LexRank reference point in ../shared/data is at 300


@dataclass(frozen=True, kw_only=True, slots=True)
class EvalOptions:
    """What to evaluate: ``limit`` clusters (None: all), which ``systems``, the word budget
    (None: each system's default), the bootstrap ``seed``, and how many clusters to trace
    for peak memory (``memory_sample``; 0 turns tracing off)."""

    limit: int | None = None
    systems: tuple[str, ...] = SYSTEMS
    words: int | None = None
    seed: int = 0
    memory_sample: int = 200
    clean: bool | None = None  # None: clean the raw form, leave the preprocessed one alone

    def __post_init__(self) -> None:
        if self.limit is not None and self.limit < 1:
            raise ValueError(f"limit must be a positive number of clusters, got {self.limit}")
        if self.words is not None and self.words < 1:
            raise ValueError(f"words must be a positive number of words, got {self.words}")
        if not self.systems:
            raise ValueError("choose at least one system")
        from ..summarize import SUMMARIZERS

        unknown = [s for s in self.systems if s != "oracle" and s not in SUMMARIZERS]
        if unknown:
            known = ", ".join(sorted({*SUMMARIZERS, "oracle"}))
            raise ValueError(f"unknown system(s) {', '.join(unknown)}; choose from: {known}")


@dataclass(frozen=True, slots=True)
class Cluster:
    """One evaluation cluster: its id, segmented documents and reference summary."""

    id: str
    docs: tuple[Document, ...]
    reference: str


@dataclass(frozen=True, slots=True)
class SystemResult:
    """Scores, speed and memory of one system over the evaluated clusters."""

    name: str
    rouge: dict[str, Interval]
    clusters: int
    seconds: float
    peak_mb: float | None
    words_mean: float
    summaries: dict[str, list[str]] = field(repr=False, compare=False)

    @property
    def clusters_per_s(self) -> float:
        return self.clusters / self.seconds if self.seconds > 0 else float("inf")

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name}
        for t, iv in self.rouge.items():
            out[t] = {"mean": round(iv.mean, 2), "low": round(iv.low, 2), "high": round(iv.high, 2)}
        out.update(
            clusters=self.clusters,
            seconds=round(self.seconds, 3),
            clusters_per_s=round(self.clusters_per_s, 1),
            peak_mb=None if self.peak_mb is None else round(self.peak_mb, 1),
            words_mean=round(self.words_mean, 1),
        )
        return out


MEMORY_NOTE = (
    "peak_mb: tracemalloc peak of Python-visible allocations (numpy and scipy buffers "
    "included, LightGBM's native ones not) while the system summarises the first "
    "memory_sample clusters in a separate traced pass, model loading included; "
    "max_rss_mb: the whole process's peak resident memory"
)


@dataclass(frozen=True, slots=True)
class EvalReport:
    """The result of one evaluation run."""

    data: str
    clusters: int
    seed: int
    words: int | None
    prepare_seconds: float
    systems: list[SystemResult]
    problems: list[InputProblem]
    memory_sample: int
    max_rss_mb: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "data": self.data,
            "clusters": self.clusters,
            "seed": self.seed,
            "words": self.words,
            "rouge": "F1 x 100, Porter stemmer, mean over clusters, bootstrap 95% interval",
            "prepare_seconds": round(self.prepare_seconds, 2),
            "memory_sample": self.memory_sample,
            "max_rss_mb": round(self.max_rss_mb, 1),
            "memory_note": MEMORY_NOTE,
            "systems": [s.as_dict() for s in self.systems],
            "problems": [str(p) for p in self.problems],
        }


def cluster_articles(texts: Sequence[str], *, clean: bool = False) -> list[Article]:
    """Articles from a cluster's document texts; ``clean`` runs the cleaning stage first
    (the raw form's page cruft), as the pipeline does. Empty documents are dropped."""
    out = []
    for text in texts:
        title = None
        if clean:
            from ..clean import clean_text

            c = clean_text(text)
            text, title = c.text, c.title
        text = text.strip()
        if text:
            out.append(Article(id=article_id(text), text=text, title=title))
    return out


def load_clusters(
    path: str | Path,
    *,
    limit: int | None = None,
    clean: bool | None = None,
    problems: list[InputProblem] | None = None,
) -> Iterator[Cluster]:
    """Clusters of a Multi-News file (``.jsonl[.gz]`` or ``.src`` + ``.tgt``), segmented.

    Clusters without a reference are reported in ``problems`` and skipped, since they
    cannot be scored; a cluster left without any usable article is kept (every system
    scores zero on it) so that runs stay comparable. ``clean=None`` decides once per file,
    from its first clusters, whether it is the raw form (cleaned) or the preprocessed one.
    """
    from ..pipeline import documents
    from ..read import read_clusters

    sink = problems if problems is not None else []
    if clean is None:
        clean = not _looks_preprocessed(Path(path))
    n = 0
    for cid, articles, summary in read_clusters(path, clean=clean, problems=sink):
        if limit is not None and n >= limit:
            return
        if not summary:
            sink.append(InputProblem(f"{path}:{cid}", "no reference summary; not scored"))
            continue
        if not articles:
            sink.append(InputProblem(f"{path}:{cid}", "no usable article; scored as empty"))
        n += 1
        yield Cluster(cid, tuple(documents(articles)), prepare_reference(summary))


def _looks_preprocessed(path: Path, sample: int = 20) -> bool:
    """Whether a Multi-News file holds the preprocessed form (tokenised punctuation)."""
    import gzip
    import itertools

    from ..read.formats import looks_preprocessed, multinews_documents

    opener = gzip.open if path.suffix == ".gz" else open
    texts: list[str] = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in itertools.islice(fh, sample):
            try:
                parsed = multinews_documents(line)
            except ValueError:
                continue
            if parsed is not None:
                texts.extend(parsed[1])
    return looks_preprocessed(texts[:50]) if texts else False


def reference_for_scoring(reference: str) -> str:
    """The reference with one sentence a line, as ROUGE-Lsum expects."""
    return "\n".join(reference[s:e] for s, e in sentence_spans(reference))


def _oracle(cluster: Cluster) -> list[str]:
    from ..summarize.baselines import oracle_select

    sents = [s for d in cluster.docs for s in d.sentences]
    picked = oracle_select([rouge_tokens(s.text) for s in sents], rouge_tokens(cluster.reference))
    return [sents[i].text for i in sorted(picked)]


def _runner(name: str, words: int | None) -> Callable[[Cluster], list[str]]:
    if name == "oracle":
        return _oracle
    from ..summarize import get_summarizer

    summarizer = get_summarizer(name)
    budget = words if words is not None else SYSTEM_WORDS.get(name, DEFAULT_WORDS)

    def run(cluster: Cluster) -> list[str]:
        return [s.text for s in summarizer.select(cluster.docs, words=budget)]

    return run


def _peak_mb(name: str, words: int | None, clusters: Sequence[Cluster]) -> float:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        run = _runner(name, words)
        for c in clusters:
            run(c)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return (peak - base) / 2**20


def _max_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 2**10


def evaluate_clusters(
    clusters: Sequence[Cluster],
    options: EvalOptions,
    *,
    progress: Callable[[str, int], None] | None = None,
) -> list[SystemResult]:
    """Run and score every system of ``options`` on ``clusters``.

    ``progress(system, clusters_done)`` is called after each cluster (the CLI draws a bar).
    """
    refs = [reference_for_scoring(c.reference) for c in clusters]
    results = []
    for name in options.systems:
        peak = (
            _peak_mb(name, options.words, clusters[: options.memory_sample])
            if options.memory_sample
            else None
        )
        run = _runner(name, options.words)
        if clusters:  # load any model before the clock starts: it is a one-off cost
            run(clusters[0])
        outputs: dict[str, list[str]] = {}
        t0 = time.perf_counter()
        for k, c in enumerate(clusters, start=1):
            outputs[c.id] = run(c)
            if progress is not None:
                progress(name, k)
        seconds = time.perf_counter() - t0
        preds = ["\n".join(outputs[c.id]) for c in clusters]
        scores = rouge_f1(refs, preds)
        intervals = bootstrap_mean(scores, seed=options.seed)
        words = [sum(len(s.split()) for s in outputs[c.id]) for c in clusters]
        results.append(
            SystemResult(
                name=name,
                rouge=dict(zip(ROUGE_TYPES, intervals, strict=True)),
                clusters=len(clusters),
                seconds=seconds,
                peak_mb=peak,
                words_mean=float(np.mean(words)) if words else 0.0,
                summaries=outputs,
            )
        )
        log.info("%s: %.2f R1 over %d clusters", name, intervals[0].mean, len(clusters))
    return results


def evaluate(
    path: str | Path,
    options: EvalOptions | None = None,
    *,
    progress: Callable[[str, int], None] | None = None,
) -> EvalReport:
    """Evaluate the systems of ``options`` on the Multi-News file at ``path``."""
    options = options or EvalOptions()
    problems: list[InputProblem] = []
    t0 = time.perf_counter()
    clusters = list(
        load_clusters(path, limit=options.limit, clean=options.clean, problems=problems)
    )
    prepare = time.perf_counter() - t0
    systems = evaluate_clusters(clusters, options, progress=progress)
    return EvalReport(
        data=str(path),
        clusters=len(clusters),
        seed=options.seed,
        words=options.words,
        prepare_seconds=prepare,
        systems=systems,
        problems=problems,
        memory_sample=min(options.memory_sample, len(clusters)),
        max_rss_mb=_max_rss_mb(),
    )
