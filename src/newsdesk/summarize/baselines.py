"""Baselines that every summary evaluation runs beside newsdesk's own summarizers:
first-3-of-each-source, a TF-IDF LexRank, and the greedy extractive oracle (an upper
bound: it reads the reference).

First-3 and LexRank are registered summarizers (``first3``, ``lexrank``) so the CLI can
pick them; the oracle is a plain function because it needs the reference.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..model import Sentence
from .base import Document, register
from .select import order_for_reading, sentence_matrix

__all__ = ["FirstK", "LexRank", "oracle_select", "ngram_counts"]


@dataclass
class FirstK:
    """The first ``k`` sentences of each source, in source order: news puts the gist in
    the lead, so this is the baseline any summarizer must beat. Ignores the budget."""

    name: str = "first3"
    k: int = 3

    def select(self, docs: Sequence[Document], *, words: int) -> list[Sentence]:
        return [s for d in docs for s in d.sentences[: self.k]]


@dataclass
class LexRank:
    """TF-IDF LexRank (Erkan & Radev 2004): PageRank over the sentence graph with cosine
    edges above ``threshold``; sentences are taken by rank, skipping any whose cosine to
    an already chosen one exceeds ``redundancy``, until the word budget is reached."""

    name: str = "lexrank"
    threshold: float = 0.1
    damping: float = 0.85
    redundancy: float = 0.5
    iterations: int = 50

    def select(self, docs: Sequence[Document], *, words: int) -> list[Sentence]:
        sents = [s for d in docs for s in d.sentences]
        if not sents:
            return []
        mat = sentence_matrix([s.text for s in sents])
        sim = np.asarray((mat @ mat.T).todense())
        adj = (sim > self.threshold).astype(float)
        deg = adj.sum(axis=1)
        deg[deg == 0] = 1.0
        trans = adj / deg[:, None]
        n = len(sents)
        rank = np.full(n, 1.0 / n)
        for _ in range(self.iterations):
            new = (1 - self.damping) / n + self.damping * (trans.T @ rank)
            if np.abs(new - rank).sum() < 1e-6:
                rank = new
                break
            rank = new
        chosen: list[int] = []
        total = 0
        for i in np.argsort(-rank, kind="stable"):
            if total >= words:
                break
            if any(sim[i, j] > self.redundancy for j in chosen):
                continue
            chosen.append(int(i))
            total += len(sents[i].text.split())
        return order_for_reading([sents[i] for i in chosen], docs)


register("first3")(FirstK)
register("lexrank")(LexRank)


def ngram_counts(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    """Counts of the ``n``-grams of ``tokens``."""
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _f1(overlap: int, pred: int, ref: int) -> float:
    if overlap == 0 or pred == 0 or ref == 0:
        return 0.0
    p, r = overlap / pred, overlap / ref
    return 2 * p * r / (p + r)


def oracle_select(
    sentence_tokens: Sequence[Sequence[str]],
    reference_tokens: Sequence[str],
    *,
    max_sentences: int | None = None,
) -> list[int]:
    """Greedy extractive oracle: indices of the sentences that, added one at a time,
    most raise ROUGE-1 F1 + ROUGE-2 F1 against the reference; stops when nothing helps.

    Works on stemmed tokens (:func:`newsdesk.evaluate.rouge.rouge_tokens`) and keeps running
    clipped n-gram overlaps, so each step costs one pass over the candidates' n-grams
    instead of a call to the scorer per candidate. Bigrams across sentence boundaries are
    not counted, a small approximation the final scoring does not make.
    """
    ref1, ref2 = ngram_counts(reference_tokens, 1), ngram_counts(reference_tokens, 2)
    n_ref1, n_ref2 = sum(ref1.values()), sum(ref2.values())
    cands1 = [ngram_counts(t, 1) for t in sentence_tokens]
    cands2 = [ngram_counts(t, 2) for t in sentence_tokens]
    # only n-grams the reference has can change an overlap: keep just those per candidate
    hits1 = [{g: c for g, c in cc.items() if g in ref1} for cc in cands1]
    hits2 = [{g: c for g, c in cc.items() if g in ref2} for cc in cands2]
    len1 = [sum(c.values()) for c in cands1]
    len2 = [sum(c.values()) for c in cands2]
    have1: Counter[tuple[str, ...]] = Counter()
    have2: Counter[tuple[str, ...]] = Counter()
    ov1 = ov2 = p1 = p2 = 0
    best = 0.0
    chosen: list[int] = []
    left = set(range(len(sentence_tokens)))
    limit = max_sentences if max_sentences is not None else len(sentence_tokens)
    while left and len(chosen) < limit:
        pick, pick_score, pick_ov = -1, best, (0, 0)
        for i in left:
            if not len1[i]:
                continue
            g1 = sum(min(c, ref1[g] - have1[g]) for g, c in hits1[i].items() if ref1[g] > have1[g])
            g2 = sum(min(c, ref2[g] - have2[g]) for g, c in hits2[i].items() if ref2[g] > have2[g])
            score = _f1(ov1 + g1, p1 + len1[i], n_ref1) + _f1(ov2 + g2, p2 + len2[i], n_ref2)
            if score > pick_score:
                pick, pick_score, pick_ov = i, score, (g1, g2)
        if pick < 0:
            break
        chosen.append(pick)
        left.discard(pick)
        best = pick_score
        ov1 += pick_ov[0]
        ov2 += pick_ov[1]
        p1 += len1[pick]
        p2 += len2[pick]
        have1.update(hits1[pick])
        have2.update(hits2[pick])
    return chosen
