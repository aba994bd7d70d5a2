"""Sentence features for the learned summarizer, each one a measurement an editor's choice
correlates with: where the sentence sits in its article, how long it is, how central it is
to the cluster, how many other sources carry the same content, how close it is to the
other sources' leads and titles, and whether it carries numbers or quotes.

Features are computed per cluster in one pass over a TF-IDF sentence matrix; the same
function serves training (``scripts/train_summarizer.py``) and prediction, so they cannot
drift apart.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..lexicon import speech_verb_pattern
from ..model import Sentence
from ..text import STOPWORDS, WORD
from .base import Document
from .select import sentence_matrix

__all__ = ["FEATURES", "ClusterFeatures", "cluster_features", "FEATURE_VERSION"]

FEATURE_VERSION = 1

FEATURES = (
    "index",
    "rel_position",
    "is_first",
    "doc_rank",
    "n_docs",
    "doc_sentences",
    "doc_words",
    "word_offset",
    "rel_word_offset",
    "words",
    "rel_words",
    "centroid_cos",
    "others_centroid_cos",
    "mean_cos",
    "max_cos_other_docs",
    "support_docs",
    "support_share",
    "lead_cos",
    "title_cos",
    "mean_df",
    "content_share",
    "digits",
    "quotes",
    "question",
    "said",
    "dup_earlier",
    "terminal",
    "cluster_sentences",
)

_DIGIT = re.compile(r"\d")
_QUOTE = re.compile(r"[\"“”]|''|``")
_SAID = re.compile(rf"\b(?:{speech_verb_pattern('summary')})\b", re.IGNORECASE)
_TERMINAL = re.compile(r"[.!?][\"'”’)]*\s*$")


def _tokens(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if w not in STOPWORDS]


@dataclass(frozen=True, slots=True)
class ClusterFeatures:
    """The sentences of a cluster in document order, their feature rows (columns in
    :data:`FEATURES` order) and their pairwise TF-IDF cosines (diagonal zero), which
    selection reuses for redundancy control."""

    sentences: list[Sentence]
    X: np.ndarray
    sim: np.ndarray


def cluster_features(docs: Sequence[Document]) -> ClusterFeatures:
    """Measure every sentence of the cluster (see :data:`FEATURES`)."""
    sents: list[Sentence] = []
    doc_of: list[int] = []
    for k, d in enumerate(docs):
        sents.extend(d.sentences)
        doc_of.extend([k] * len(d.sentences))
    n = len(sents)
    X = np.zeros((n, len(FEATURES)), dtype=np.float32)
    if n == 0:
        return ClusterFeatures(sents, X, np.zeros((0, 0), dtype=np.float32))
    n_docs = len(docs)
    doc_arr = np.array(doc_of)
    texts = [s.text for s in sents]
    lengths = np.array([len(t.split()) for t in texts], dtype=np.float32)
    toks = [_tokens(t) for t in texts]
    sim, cos = _similarities(sents, texts, doc_arr, n_docs)
    doc_sent = np.array([len(docs[k].sentences) for k in doc_of], dtype=np.float32)
    doc_words = np.zeros(n_docs, dtype=np.float32)
    np.add.at(doc_words, doc_arr, lengths)
    word_offset = _word_offsets(doc_of, lengths)
    index = np.array([s.index for s in sents], dtype=np.float32)
    X[:, 0] = index
    X[:, 1] = index / np.maximum(doc_sent, 1)
    X[:, 2] = index == 0
    X[:, 3] = doc_arr / max(1, n_docs)
    X[:, 4] = n_docs
    X[:, 5] = doc_sent
    X[:, 6] = doc_words[doc_arr]
    X[:, 7] = word_offset
    X[:, 8] = word_offset / np.maximum(doc_words[doc_arr], 1)
    X[:, 9] = lengths
    X[:, 10] = lengths / max(1.0, float(lengths.mean()))
    X[:, 11] = cos["centroid"]
    X[:, 12] = cos["others"]
    X[:, 13] = cos["mean"]
    X[:, 14] = cos["max_other"]
    X[:, 15] = cos["support"]
    X[:, 16] = cos["support"] / max(1, n_docs - 1)
    X[:, 17] = cos["lead"]
    X[:, 18] = _title_cos(docs, toks)
    X[:, 19] = _mean_df(toks, doc_of, n_docs)
    X[:, 20] = np.array([len(tk) for tk in toks], dtype=np.float32) / np.maximum(lengths, 1)
    X[:, 21] = [len(_DIGIT.findall(t)) for t in texts]
    X[:, 22] = [len(_QUOTE.findall(t)) for t in texts]
    X[:, 23] = [t.rstrip().endswith("?") for t in texts]
    X[:, 24] = [bool(_SAID.search(t)) for t in texts]
    X[:, 25] = cos["dup_earlier"]
    X[:, 26] = [bool(_TERMINAL.search(t)) for t in texts]
    X[:, 27] = n
    return ClusterFeatures(sents, X, sim)


def _similarities(
    sents: Sequence[Sentence], texts: Sequence[str], doc_arr: np.ndarray, n_docs: int
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The sentence cosines (diagonal zeroed) and the features read from them: cosine with
    the cluster's centroid and with the other documents' centroid, mean cosine, best match
    in another document, how many other documents support it, best match with another
    document's lead, and whether an earlier sentence is nearly the same."""
    n = len(texts)
    mat = sentence_matrix(texts)
    sim = np.asarray((mat @ mat.T).todense(), dtype=np.float32)
    dense = np.asarray(mat.todense(), dtype=np.float32)
    centroid = dense.sum(axis=0)
    c_norm = float(np.linalg.norm(centroid)) or 1.0
    # centroid of the *other* documents: content the rest of the cluster shares
    doc_sums = np.zeros((n_docs, dense.shape[1]), dtype=np.float32)
    np.add.at(doc_sums, doc_arr, dense)
    others = centroid[None, :] - doc_sums[doc_arr]
    o_norm = np.linalg.norm(others, axis=1)
    o_norm[o_norm == 0] = 1.0
    same_doc = doc_arr[:, None] == doc_arr[None, :]
    off = np.where(same_doc, 0.0, sim)
    max_other = off.max(axis=1) if n_docs > 1 else np.zeros(n, dtype=np.float32)
    np.fill_diagonal(sim, 0.0)
    # per sentence, the best match in each document; "support" = documents above a bar
    best_per_doc = np.zeros((n, n_docs), dtype=np.float32)
    for k in range(n_docs):
        cols = doc_arr == k
        if cols.any():
            best_per_doc[:, k] = off[:, cols].max(axis=1)
    # leads: the first sentence of each other document
    firsts = np.array([i for i in range(n) if sents[i].index == 0], dtype=int)
    lead_cos = np.zeros(n, dtype=np.float32)
    if firsts.size:
        lead_cos = np.where(same_doc[:, firsts], 0.0, sim[:, firsts]).max(axis=1)
    # is an earlier sentence (an earlier source, or earlier in this one) nearly the same?
    upper = np.triu(sim, k=1)  # upper[j, i] for j < i
    return sim, {
        "centroid": dense @ (centroid / c_norm),
        "others": (dense * others).sum(axis=1) / o_norm,
        "mean": sim.sum(axis=1) / max(1, n - 1),
        "max_other": max_other,
        "support": (best_per_doc > 0.3).sum(axis=1).astype(np.float32),
        "lead": lead_cos,
        "dup_earlier": (upper.max(axis=0) > 0.8).astype(np.float32) if n > 1 else np.zeros(n),
    }


def _title_cos(docs: Sequence[Document], toks: Sequence[list[str]]) -> np.ndarray:
    """Each sentence's best word overlap (cosine of word sets) with a document's title."""
    title_cos = np.zeros(len(toks), dtype=np.float32)
    tset = [set(_tokens(d.article.title)) for d in docs if d.article.title]
    if tset:
        for i, tk in enumerate(toks):
            st = set(tk)
            if st:
                title_cos[i] = max(
                    len(st & t) / (len(st) ** 0.5 * (len(t) ** 0.5 or 1)) for t in tset
                )
    return title_cos


def _mean_df(toks: Sequence[list[str]], doc_of: Sequence[int], n_docs: int) -> np.ndarray:
    """Each sentence's mean document frequency of its content words: the share of sources
    that use them."""
    df: Counter[str] = Counter()
    for k in range(n_docs):
        df.update({w for i in range(len(toks)) if doc_of[i] == k for w in toks[i]})
    return np.array(
        [np.mean([df[w] for w in tk]) / n_docs if tk else 0.0 for tk in toks], dtype=np.float32
    )


def _word_offsets(doc_of: Sequence[int], lengths: np.ndarray) -> np.ndarray:
    """Words before each sentence in its own document."""
    word_offset = np.zeros(len(doc_of), dtype=np.float32)
    run = 0.0
    for i in range(len(doc_of)):
        if i and doc_of[i] != doc_of[i - 1]:
            run = 0.0
        word_offset[i] = run
        run += lengths[i]
    return word_offset
