"""The learned summarizer: a LightGBM model, trained by ``scripts/train_summarizer.py`` on
the Multi-News training split, ranks the sentences of a cluster by how much of each an
editor's reference keeps (greedy-oracle membership and 1/2-gram precision); selection
then takes sentences by score under a word budget, skipping any that repeat an already
chosen one, and orders them for reading.

The model file ships in ``newsdesk/data`` and is loaded on first use, once per process.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import DataMissingError
from ..model import Sentence
from ..text import WORD
from .base import Document, register
from .features import FEATURE_VERSION, FEATURES, cluster_features
from .passes import attributed, closes_inside_quotation, drop_reason, leans_on_previous
from .select import order_for_reading

__all__ = [
    "LearnedSummarizer",
    "MODEL_PATH",
    "CARD_PATH",
    "load_model",
    "select_by_score",
    "candidate_marks",
]

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
MODEL_PATH = DATA_DIR / "summarizer.lgb.txt"
CARD_PATH = DATA_DIR / "summarizer.card.json"

_lock = threading.Lock()
_models: dict[Path, Any] = {}


def load_model(path: Path = MODEL_PATH) -> Any:
    """The LightGBM booster at ``path``, loaded once per process (the file is read-only
    data, so sharing it cannot change results between calls)."""
    with _lock:
        if path not in _models:
            if not path.is_file():
                raise DataMissingError(
                    f"the learned summarizer's model {path} is missing; train it with: "
                    "python3 scripts/train_summarizer.py (or use --method centroid)"
                )
            from .._lightgbm import booster as load_booster

            booster = load_booster(path)
            names = tuple(booster.feature_name())
            if names != FEATURES:
                raise DataMissingError(
                    f"{path} was trained on other features (version mismatch with "
                    f"feature set {FEATURE_VERSION}); retrain with: "
                    "python3 scripts/train_summarizer.py"
                )
            _models[path] = booster
            log.info("loaded summarizer model %s", path)
        return _models[path]


def select_by_score(
    sents: Sequence[Sentence],
    scores: np.ndarray,
    sim: np.ndarray,
    *,
    words: int,
    redundancy: float,
    min_words: int = 1,
    dangling: frozenset[str] = frozenset(),
    blocked: Sequence[bool] = (),
    leans: Sequence[bool] = (),
    pulls: Sequence[tuple[int, ...]] = (),
) -> list[int]:
    """Indices of sentences taken best-first until ``words`` words are reached.

    A sentence whose cosine to a chosen one exceeds ``redundancy`` is skipped (wire copy
    repeats sentences across outlets); so is one that would overrun the budget by more
    than half its own length, unless nothing has been chosen yet; so is one that opens
    with a word of ``dangling`` ("Instead, ...") unless the sentence before it in its
    article is already chosen, since out of its context it reads as a non sequitur.
    A sentence marked in ``blocked`` is never taken; one marked in ``leans`` only once the
    sentence before it in its article is chosen (see :mod:`newsdesk.summarize.passes`);
    one with ``pulls`` (a quotation it leaves open, closed by the sentences listed) is
    taken only together with them, the budget counting them all.
    """
    lengths = [len(s.text.split()) for s in sents]
    position = {(s.article_id, s.index): n for n, s in enumerate(sents)}
    chosen: list[int] = []
    total = 0
    for i in np.argsort(-scores, kind="stable"):
        i = int(i)
        if total >= words:
            break
        if lengths[i] < min_words or (blocked and blocked[i]):
            continue
        if (dangling and _first_word(sents[i].text) in dangling) or (leans and leans[i]):
            before = position.get((sents[i].article_id, sents[i].index - 1))
            if before is None or before not in chosen:
                continue
        if chosen and float(sim[i, chosen].max()) > redundancy:
            continue
        group = (i, *pulls[i]) if pulls else (i,)
        size = sum(lengths[j] for j in group)
        if chosen and total + size > words + size / 2:
            continue
        chosen.extend(j for j in group if j not in chosen)
        total += size
    return chosen


def _first_word(text: str) -> str:
    m = WORD.search(text)
    return m.group(0).lower() if m else ""


#: Openings that lean on the sentence before ("Instead, the ministers agreed ...").
DANGLING = frozenset(
    "instead however but still meanwhile also yet nevertheless moreover furthermore "
    "besides otherwise thus therefore hence then so and or nor".split()
)


@dataclass
class LearnedSummarizer:
    """Sentence scores from the shipped LightGBM model, redundancy-filtered selection under
    a word budget, reading order (leads first)."""

    name: str = "learned"
    # cosine above which a candidate repeats a chosen sentence; R1 on the first 1,000
    # validation clusters: 0.2 45.89, 0.25 45.98, 0.3 45.97, 0.4 45.86, 0.5 45.73;
    # trigram blocking (skip when >10% of its trigrams were already used) 45.96
    redundancy: float = 0.3
    min_words: int = 4
    # Candidates: the first ``window`` words of the cluster, split evenly between sources,
    # as in the Multi-News data the model was trained on (about 450-500 words a cluster);
    # measured on raw-dev, it also helps: news puts what matters first. None: everything.
    window: int | None = 500
    model_path: Path = field(default=MODEL_PATH)
    dangling: frozenset[str] = DANGLING

    def candidates(self, docs: Sequence[Document]) -> list[Document]:
        """Each document cut to its share of the window (at least its first sentence)."""
        if self.window is None or not docs:
            return list(docs)
        per = self.window / len(docs)
        out = []
        for d in docs:
            n = total = 0
            for s in d.sentences:
                if n and total >= per:
                    break
                n += 1
                total += len(s.text.split())
            out.append(Document(d.article, d.sentences[:n]))
        return out

    def scores(self, docs: Sequence[Document]) -> tuple[list[Sentence], np.ndarray, np.ndarray]:
        """Every candidate sentence, its model score, and the sentence cosines."""
        feats = cluster_features(self.candidates(docs))
        if not feats.sentences:
            return [], np.zeros(0), feats.sim
        booster = load_model(self.model_path)
        return feats.sentences, np.asarray(booster.predict(feats.X)), feats.sim

    def select(self, docs: Sequence[Document], *, words: int) -> list[Sentence]:
        sents, scores, sim = self.scores(docs)
        if not sents:
            return []
        blocked, leans, pulls = candidate_marks(sents, docs)
        idx = select_by_score(
            sents,
            scores,
            sim,
            words=words,
            redundancy=self.redundancy,
            min_words=self.min_words,
            dangling=self.dangling,
            blocked=blocked,
            leans=leans,
            pulls=pulls,
        )
        chosen = [sents[i] for i in idx]
        pulled = {j for i in idx for j in pulls[i]}
        after = {
            (s.article_id, s.index)
            for i, s in zip(idx, chosen, strict=True)
            if leans[i] or i in pulled
        }
        return order_for_reading(chosen, docs, keep_after=after)


def candidate_marks(
    sents: Sequence[Sentence], docs: Sequence[Document]
) -> tuple[list[bool], list[bool], list[tuple[int, ...]]]:
    """Which candidates the passes of :mod:`newsdesk.summarize.passes` rule out; which
    quote without a speaker and so may only follow the sentence before them in their
    article (one whose sentence before names no speaker either is ruled out); and, for a
    sentence that ends inside a quotation, the candidates that complete it (at most
    :data:`MAX_PULLED` sentences; one whose quotation runs on further, or past the
    candidates, is ruled out)."""
    by_id = {d.article.id: d for d in docs}
    position = {(s.article_id, s.index): n for n, s in enumerate(sents)}
    blocked: list[bool] = []
    leans: list[bool] = []
    pulls: list[tuple[int, ...]] = []
    for s in sents:
        doc = by_id[s.article_id]
        lean = leans_on_previous(doc, s)
        before = doc.sentences[s.index - 1] if lean and s.index > 0 else None
        speaker_before = before is not None and attributed(before.text)
        rest = _completion(doc, s, position)
        blocked.append(
            drop_reason(doc, s) is not None or (lean and not speaker_before) or rest is None
        )
        leans.append(lean)
        pulls.append(rest or ())
    return blocked, leans, pulls


#: The most sentences a quotation left open may pull into the summary with it.
MAX_PULLED = 2


def _completion(
    doc: Document, s: Sentence, position: dict[tuple[str, int], int]
) -> tuple[int, ...] | None:
    """The candidates after ``s`` that close the quotation ``s`` leaves open (empty when
    it leaves none open), or None when they are more than :data:`MAX_PULLED` or not all
    candidates."""
    if closes_inside_quotation(doc, s) is None:
        return ()
    out: list[int] = []
    for k in range(s.index + 1, min(len(doc.sentences), s.index + 1 + MAX_PULLED)):
        n = position.get((s.article_id, k))
        if n is None:
            return None
        out.append(n)
        if closes_inside_quotation(doc, doc.sentences[k]) is None:
            return tuple(out)
    return None


def model_card(path: Path = CARD_PATH) -> dict[str, Any]:
    """The model card written beside the weights (seed, data hash, features, scores)."""
    if not path.is_file():
        raise DataMissingError(
            f"{path} is missing; train the model with: python3 scripts/train_summarizer.py"
        )
    card: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return card


register("learned")(LearnedSummarizer)
