"""An unsupervised summarizer: TF-IDF centrality over the whole cluster, a lead bonus,
MMR redundancy control and a word budget."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..model import Sentence
from .base import Document, register
from .select import order_for_reading, select_mmr, sentence_matrix

__all__ = ["CentroidSummarizer"]


@dataclass
class CentroidSummarizer:
    """Scores each sentence by its cosine to the cluster centroid, plus a small bonus for
    sentences near the top of their article, where news puts what matters."""

    name: str = "centroid"
    lead_weight: float = 0.15
    redundancy: float = 0.7  # MMR lambda: 1.0 ignores redundancy

    def select(self, docs: Sequence[Document], *, words: int) -> list[Sentence]:
        sents = [s for d in docs for s in d.sentences]
        if not sents:
            return []
        mat = sentence_matrix([s.text for s in sents])
        centroid = np.asarray(mat.sum(axis=0)).ravel()
        norm = np.linalg.norm(centroid)
        if norm:
            centroid /= norm
        central = np.asarray(mat @ centroid).ravel()
        lead = np.array([1.0 / (1.0 + s.index) for s in sents])
        scores = central + self.lead_weight * lead
        chosen = select_mmr(sents, scores, mat, words=words, lam=self.redundancy)
        return order_for_reading(chosen, docs)


register("centroid")(CentroidSummarizer)
