"""Selection machinery shared by summarizers: sentence vectors, MMR under a word budget,
and a reading order."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from ..model import Sentence
from ..text import STOPWORDS, WORD
from .base import Document

__all__ = ["sentence_matrix", "select_mmr", "order_for_reading", "MIN_WORDS", "MAX_WORDS"]

MIN_WORDS = 6  # shorter "sentences" are usually headings or fragments
MAX_WORDS = 80  # longer ones are usually run-on lists the splitter could not break


def sentence_matrix(texts: Sequence[str]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows, one per text (sublinear tf, stopwords removed)."""
    vec = TfidfVectorizer(
        lowercase=True,
        token_pattern=None,
        tokenizer=lambda t: [w for w in WORD.findall(t.lower()) if w not in STOPWORDS],
        sublinear_tf=True,
    )
    try:
        return vec.fit_transform(texts).tocsr()
    except ValueError:  # nothing but stopwords
        return sparse.csr_matrix((len(texts), 1))


def select_mmr(
    sents: Sequence[Sentence],
    scores: np.ndarray,
    mat: sparse.csr_matrix,
    *,
    words: int,
    lam: float,
) -> list[Sentence]:
    """Greedy maximal marginal relevance until the word budget is reached.

    A sentence that would overrun the budget by more than half its length is skipped;
    the summary stops once it holds at least ``words`` words.
    """
    if len(sents) == 0:
        return []
    lengths = np.array([len(s.text.split()) for s in sents])
    ok = (lengths >= MIN_WORDS) & (lengths <= MAX_WORDS)
    if not ok.any():
        ok = lengths > 0
    scale = float(scores[ok].max()) if ok.any() else 1.0
    rel = scores / (scale or 1.0)
    sim_to_chosen = np.zeros(len(sents))
    chosen: list[int] = []
    total = 0
    available = ok.copy()
    while total < words and available.any():
        mmr = lam * rel - (1 - lam) * sim_to_chosen
        mmr[~available] = -np.inf
        i = int(np.argmax(mmr))
        available[i] = False
        if total + lengths[i] > words + lengths[i] / 2 and chosen:
            continue
        chosen.append(i)
        total += int(lengths[i])
        sims = np.asarray((mat @ mat[i].T).todense()).ravel()
        sim_to_chosen = np.maximum(sim_to_chosen, sims)
        available &= sims < 0.8  # near-duplicates of a chosen sentence never follow it
    return [sents[i] for i in chosen]


def order_for_reading(chosen: Sequence[Sentence], docs: Sequence[Document]) -> list[Sentence]:
    """Order by relative position in the source article (leads first), then by article."""
    rank = {d.article.id: n for n, d in enumerate(docs)}
    length = {d.article.id: max(1, len(d.sentences)) for d in docs}
    return sorted(
        chosen, key=lambda s: (s.index / length[s.article_id], rank[s.article_id], s.index)
    )
