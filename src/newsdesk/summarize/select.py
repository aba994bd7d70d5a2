"""Selection machinery shared by summarizers: sentence vectors, MMR under a word budget,
and a reading order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence

import numpy as np
from scipy import sparse

from ..model import Sentence
from ..text import STOPWORDS, WORD
from .base import Document

__all__ = ["sentence_matrix", "select_mmr", "order_for_reading", "MIN_WORDS", "MAX_WORDS"]

MIN_WORDS = 6  # shorter "sentences" are usually headings or fragments
MAX_WORDS = 80  # longer ones are usually run-on lists the splitter could not break


def sentence_matrix(texts: Sequence[str]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows, one per text (sublinear tf, smoothed idf, stopwords removed).

    The same numbers as scikit-learn's ``TfidfVectorizer(sublinear_tf=True)`` with this
    tokenizer (a test pins that), built directly with SciPy: importing scikit-learn costs
    about 0.7 s, most of the cold start of ``newsdesk brief``.
    """
    vocab: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    counts: list[int] = []
    for text in texts:
        bag = Counter(w for w in WORD.findall(text.lower()) if w not in STOPWORDS)
        for word, count in bag.items():
            indices.append(vocab.setdefault(word, len(vocab)))
            counts.append(count)
        indptr.append(len(indices))
    if not vocab:  # nothing but stopwords
        return sparse.csr_matrix((len(texts), 1))
    col = np.asarray(indices, dtype=np.int64)
    df = np.bincount(col, minlength=len(vocab))
    idf = np.log((1 + len(texts)) / (1 + df)) + 1.0
    data = (1.0 + np.log(np.asarray(counts, dtype=np.float64))) * idf[col]
    mat = sparse.csr_matrix((data, col, indptr), shape=(len(texts), len(vocab)))
    norms = np.sqrt(np.asarray(mat.multiply(mat).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ mat)


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


def order_for_reading(
    chosen: Sequence[Sentence],
    docs: Sequence[Document],
    *,
    keep_after: Collection[tuple[str, int]] = (),
) -> list[Sentence]:
    """Order by relative position in the source article (leads first), then by article.

    A sentence named in ``keep_after`` (article id, index) whose article's sentence before
    it is chosen too is read right after that one (a quotation after its speaker; the rest
    of a quotation after the sentence that opens it), chains in one run.
    """
    rank = {d.article.id: n for n, d in enumerate(docs)}
    length = {d.article.id: max(1, len(d.sentences)) for d in docs}
    present = {(s.article_id, s.index) for s in chosen}

    def key(s: Sentence) -> tuple[float, int, int, int]:
        # a chain of such sentences is read in one run after the first sentence it follows
        at, steps = s.index, 0
        while (s.article_id, at) in keep_after and (s.article_id, at - 1) in present:
            at -= 1
            steps += 1
        return (at / length[s.article_id], rank[s.article_id], at, steps)

    return sorted(chosen, key=key)
