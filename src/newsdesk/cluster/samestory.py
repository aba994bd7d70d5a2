"""The learned same-story decision: does this article report the same event as that story?

For an article and each candidate story (from the clusterer's inverted index), a row of
features: the word and entity cosines with the story's centroid and with its nearest
recent members, how many of the article's names, heaviest terms and numbers the story
uses, the story's size, and the candidate's rank and margin among the candidates. The
model is constrained to be monotone in each similarity: more overlap never lowers the
probability.
A LightGBM model trained by ``scripts/train_same_story.py`` (on streams made of Multi-News
training clusters, lower-cased, and on a quarter of the ECB+ topics, cased: so it learns
how far to trust the entity features when the text has case) turns a row into the
probability that the article belongs to the story. It ships as
``newsdesk/data/same_story.lgb.txt`` with a model card beside it.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DataMissingError

__all__ = [
    "FEATURES",
    "CARD_PATH",
    "MODEL_PATH",
    "SameStoryModel",
    "candidate_rows",
    "load_model",
]

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "same_story.lgb.txt"
CARD_PATH = MODEL_PATH.with_name("same_story.card.json")

FEATURES = (
    "word_cos",
    "entity_cos",
    "article_has_entities",
    "story_has_entities",
    "nearest_member_cos",
    "mean_member_cos",
    "nearest_member_entity_cos",
    "entities_in_story",
    "top_terms_in_story",
    "numbers_in_story",
    "numbers_in_article",
    "log_story_size",
    "rank",
    "margin_to_best_other",
    "word_cos_sq",
    "entity_cos_sq",
    "nearest_x_top",
)

_TOP = 10  # the article's heaviest terms checked against the story
# +1: the probability may only rise with this feature (LightGBM monotone constraints)
MONOTONE = {
    "word_cos": 1,
    "entity_cos": 1,
    "nearest_member_cos": 1,
    "mean_member_cos": 1,
    "nearest_member_entity_cos": 1,
    "entities_in_story": 1,
    "top_terms_in_story": 1,
    "numbers_in_story": 1,
    "rank": -1,
    "margin_to_best_other": 1,
    "word_cos_sq": 1,
    "entity_cos_sq": 1,
    "nearest_x_top": 1,
}
ENTITY_PREFIX = "e:"


@dataclass(frozen=True, slots=True)
class StoryView:
    """What the features read of one candidate story."""

    centroid: Mapping[str, float]
    norm_words: float  # L2 norm of the centroid's word part
    norm_entities: float  # and of its entity part (``e:`` features)
    members: Sequence[Mapping[str, float]]  # recent members' vectors, each L2-normalised
    size: int


def _dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[k] for k, w in a.items() if k in b)


def split_dot(vector: Mapping[str, float], cen: Mapping[str, float]) -> tuple[float, float]:
    """The dot products of ``vector`` with ``cen`` over word keys and over entity keys."""
    dw = de = 0.0
    for k, w in vector.items():
        c = cen.get(k)
        if c is not None:
            if k.startswith(ENTITY_PREFIX):
                de += w * c
            else:
                dw += w * c
    return dw, de


def candidate_rows(vector: Mapping[str, float], stories: Sequence[StoryView]) -> list[list[float]]:
    """One feature row (in :data:`FEATURES` order) per candidate story. ``vector`` holds
    a word part and an entity part (``e:`` keys), each L2-normalised; lower-cased text
    has (almost) no entity part, and says so in ``article_has_entities``."""
    top = list(vector.items())[:_TOP]  # vectors are heaviest first
    top_mass = sum(w for _, w in top) or 1.0
    numbers = [k for k in vector if k[0].isdigit()]
    ents = [k for k in vector if k.startswith(ENTITY_PREFIX) and not k[2:3].isdigit()]
    has_ents = math.log1p(len(ents))
    ent_vec = {k: w for k, w in vector.items() if k.startswith(ENTITY_PREFIX)}
    half = math.sqrt(2.0) if ents else 1.0  # a vector of two unit parts has norm sqrt(2)
    base: list[list[float]] = []
    for st in stories:
        cen = st.centroid
        dw, de = split_dot(vector, cen)
        wc = dw / st.norm_words if st.norm_words > 0 else 0.0
        ec = de / st.norm_entities if st.norm_entities > 0 else 0.0
        sims = [_dot(vector, m) / half for m in st.members] or [wc]
        near = max(sims)
        ent_near = max((split_dot(ent_vec, m)[1] for m in st.members), default=0.0)
        ents_in = sum(1 for k in ents if k in cen) / len(ents) if ents else 0.0
        top_in = sum(w for k, w in top if k in cen) / top_mass
        nums_in = sum(1 for k in numbers if k in cen)
        base.append(
            [
                wc,
                ec,
                has_ents,
                float(st.norm_entities > 0),
                near,
                sum(sims) / len(sims),
                ent_near,
                ents_in,
                top_in,
                math.log1p(nums_in),
                math.log1p(len(numbers)),
                math.log1p(st.size),
            ]
        )
    mixed = [0.5 * (r[0] + r[1]) if r[3] and has_ents else r[0] for r in base]
    order = sorted(range(len(base)), key=lambda i: -mixed[i])
    rank = {i: r for r, i in enumerate(order)}
    rows = []
    for i, row in enumerate(base):
        # a sole candidate has no margin: it must stand on its own similarity
        other = max((mixed[j] for j in range(len(base)) if j != i), default=mixed[i])
        extra = [float(rank[i]), mixed[i] - other, row[0] ** 2, row[1] ** 2, row[4] * row[8]]
        rows.append([*row, *extra])
    return rows


class SameStoryModel:
    """The trained booster: feature rows -> probability that the article is the story's."""

    def __init__(self, booster: Any) -> None:
        names = tuple(booster.feature_name())
        if names != FEATURES:
            raise DataMissingError(
                "the same-story model was trained on other features "
                f"({', '.join(names)}); retrain it with: python3 scripts/train_same_story.py"
            )
        self._booster = booster

    def probabilities(self, rows: Sequence[Sequence[float]]) -> list[float]:
        if not rows:
            return []
        import numpy as np

        out = self._booster.predict(np.asarray(rows, dtype=float), num_threads=1)
        return [float(p) for p in out]


_lock = threading.Lock()
_models: dict[Path, SameStoryModel] = {}


def load_model(path: str | Path | None = None) -> SameStoryModel:
    """The shipped model (or the one at ``path``), loaded once per process: the file is
    read-only data, so sharing it cannot change results between calls."""
    p = Path(path) if path else MODEL_PATH
    with _lock:
        if p not in _models:
            if not p.is_file():
                raise DataMissingError(
                    f"the same-story model {p} is missing; train it with: "
                    "python3 scripts/train_same_story.py (or use method 'cosine')"
                )
            from .._lightgbm import booster

            _models[p] = SameStoryModel(booster(p))
        return _models[p]
