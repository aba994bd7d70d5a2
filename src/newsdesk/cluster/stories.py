"""Online story clustering: each new article joins the most similar story or starts one.

An article becomes a sparse vector of TF-IDF weights over its content words plus its
named entities (capitalised spans; a cheap heuristic that needs no model). IDF is learned
incrementally from the stream. A story is the sum of its members' vectors. Candidate
stories come from an inverted index that keeps, for each feature, only the stories that
used it most recently, so the cost of one article is bounded by
``top_terms * postings`` and the total cost grows about linearly with the stream.
When both the article and the story carry dates, similarity decays with the gap.

Everything is deterministic: the same articles in the same order give the same stories,
and :meth:`StoryClusterer.replay` rebuilds the exact state from stored vectors.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..text import STOPWORDS, WORD

__all__ = [
    "ClusterOptions",
    "Assignment",
    "StoryClusterer",
    "entity_spans",
    "features",
]

_NAME = r"[A-Z](?:[\w'’-]|\.(?=[A-Z]))*"
_CAP = re.compile(rf"{_NAME}(?:[ \t]+(?:(?:of|de|del|la|van|von|al|bin)[ \t]+)?{_NAME})*")
_OPENERS = frozenset(".!?\"“”'`\n")


@dataclass(frozen=True, kw_only=True, slots=True)
class ClusterOptions:
    """Parameters of the online clusterer (few on purpose; defaults suit news streams).

    ``threshold``: cosine similarity an article needs to join a story.
    ``entity_weight``: how much a named-entity feature counts against a content word.
    ``top_terms``: features kept per article (the highest TF-IDF weights).
    ``postings``: stories remembered per feature in the candidate index.
    ``query_terms`` / ``candidates``: features of an article looked up in the index, and
    stories (best by that lookup) then scored exactly.
    ``window_days`` / ``decay_days``: dated articles more than ``window_days`` from a
    story's dates lose similarity with an e-folding time of ``decay_days``.
    """

    threshold: float = 0.2
    entity_weight: float = 1.0
    top_terms: int = 100
    postings: int = 64
    window_days: float = 3.0
    decay_days: float = 7.0
    max_story_terms: int = 400
    query_terms: int = 20
    candidates: int = 10

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"threshold must be in (0, 1), got {self.threshold}")
        if self.entity_weight < 0:
            raise ValueError(f"entity_weight must be >= 0, got {self.entity_weight}")
        if min(self.top_terms, self.postings, self.query_terms, self.candidates) < 1:
            raise ValueError("top_terms, postings, query_terms and candidates must be positive")
        if self.window_days < 0 or self.decay_days <= 0:
            raise ValueError("window_days must be >= 0 and decay_days > 0")
        if self.max_story_terms < self.top_terms:
            raise ValueError("max_story_terms must be at least top_terms")


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one article went: ``story`` (its key), whether it started it, the similarity
    to the story it joined (0 for a new story) and the vector kept for replay."""

    story: str
    new: bool
    score: float
    vector: dict[str, float]


def entity_spans(text: str) -> list[str]:
    """Capitalised word sequences, lower-cased; a lone capitalised word that opens a
    sentence is skipped because it is usually just capitalised, not a name."""
    out: list[str] = []
    for m in _CAP.finditer(text):
        span = m.group(0).strip(" .-'’")
        if not span:
            continue
        if _opens_sentence(text, m.start()):
            first, _, rest = span.partition(" ")
            if not rest:
                continue  # a lone capitalised word opening a sentence
            if first.lower() in STOPWORDS:
                span = rest
        single = " " not in span
        key = span.lower()
        if single and (key in STOPWORDS or len(key) < 2):
            continue
        out.append(key)
    return out


def _opens_sentence(text: str, at: int) -> bool:
    k = at - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k < 0 or text[k] in _OPENERS


def features(text: str, title: str | None, *, entity_weight: float) -> dict[str, float]:
    """Raw feature counts: content words (``w``) and entity spans (``e:`` prefix)."""
    counts: dict[str, float] = {}
    body = f"{title}\n{text}" if title else text
    for tok in WORD.findall(body):
        w = tok.lower()
        if len(w) < 2 or w in STOPWORDS:
            continue
        counts[w] = counts.get(w, 0.0) + 1.0
    if entity_weight > 0:
        for e in entity_spans(body):
            k = "e:" + e
            counts[k] = counts.get(k, 0.0) + 1.0
    return counts


@dataclass(slots=True)
class _Story:
    centroid: dict[str, float] = field(default_factory=dict)
    norm2: float = 0.0
    size: int = 0
    first: dt.date | None = None
    last: dt.date | None = None


class StoryClusterer:
    """Single-pass clusterer with an incremental IDF and a bounded inverted index."""

    def __init__(self, options: ClusterOptions | None = None) -> None:
        self.options = options or ClusterOptions()
        self.df: dict[str, int] = {}
        self.n_docs = 0
        self._stories: dict[str, _Story] = {}
        self._postings: dict[str, deque[str]] = {}

    def __len__(self) -> int:
        return len(self._stories)

    # --- the three steps of one article: observe, vectorise, place -------------------

    def observe(self, counts: Mapping[str, float]) -> None:
        """Count the article's features in the document frequencies."""
        df = self.df
        for k in counts:
            df[k] = df.get(k, 0) + 1
        self.n_docs += 1

    def vectorize(self, counts: Mapping[str, float]) -> dict[str, float]:
        """Sublinear TF times smoothed IDF, pruned to ``top_terms`` and L2-normalised."""
        o = self.options
        n = self.n_docs
        df = self.df
        weights: list[tuple[float, str]] = []
        for k, c in counts.items():
            idf = math.log((n + 1) / (df.get(k, 0) + 1)) + 1.0
            w = (1.0 + math.log(c)) * idf
            if k.startswith("e:"):
                w *= o.entity_weight
            weights.append((w, k))
        weights.sort(key=lambda x: (-x[0], x[1]))
        top = weights[: o.top_terms]
        norm = math.sqrt(sum(w * w for w, _ in top)) or 1.0
        return {k: w / norm for w, k in top}

    def best(self, vector: Mapping[str, float], date: dt.date | None) -> tuple[str | None, float]:
        """The most similar story among the candidates of the index, and its similarity.

        Candidates are the stories in the postings of the article's ``query_terms``
        heaviest features; the ``candidates`` best by that partial dot product are then
        scored exactly (cosine with the story's summed vector, times the time factor).
        """
        o = self.options
        stories = self._stories
        postings = self._postings
        partial: dict[str, float] = {}
        for k, w in list(vector.items())[: o.query_terms]:  # vectors are heaviest first
            for sid in postings.get(k, ()):
                partial[sid] = partial.get(sid, 0.0) + w
        if not partial:
            return None, 0.0
        ranked = sorted(partial.items(), key=lambda kv: (-kv[1], kv[0]))[: o.candidates]
        best_id: str | None = None
        best_score = 0.0
        for sid, _ in ranked:
            st = stories[sid]
            if st.norm2 <= 0:
                continue
            cen = st.centroid
            dot = 0.0
            for k, w in vector.items():
                c = cen.get(k)
                if c is not None:
                    dot += w * c
            sc = dot / math.sqrt(st.norm2) * self._time_factor(st, date)
            if sc > best_score or (sc == best_score and best_id is not None and sid < best_id):
                best_id, best_score = sid, sc
        return best_id, best_score

    def add(self, story: str, vector: Mapping[str, float], date: dt.date | None) -> None:
        """Add an article's vector to ``story`` (created if new) and index it."""
        st = self._stories.get(story)
        if st is None:
            st = self._stories[story] = _Story()
        cen = st.centroid
        n2 = st.norm2
        for k, w in vector.items():
            old = cen.get(k, 0.0)
            new = old + w
            cen[k] = new
            n2 += new * new - old * old
        st.norm2 = n2
        st.size += 1
        if date is not None:
            st.first = date if st.first is None or date < st.first else st.first
            st.last = date if st.last is None or date > st.last else st.last
        if len(cen) > self.options.max_story_terms:
            self._prune(st)
            cen = st.centroid
        plen = self.options.postings
        for k in vector:
            if k not in cen:
                continue
            dq = self._postings.get(k)
            if dq is None:
                dq = self._postings[k] = deque(maxlen=plen)
            elif dq and dq[-1] == story:
                continue
            elif story in dq:
                dq.remove(story)
            dq.append(story)

    def assign(
        self, key: str, counts: Mapping[str, float], date: dt.date | None = None
    ) -> Assignment:
        """Place one article (``key`` names the story if it starts one)."""
        self.observe(counts)
        vec = self.vectorize(counts)
        sid, score = self.best(vec, date)
        if sid is None or score < self.options.threshold:
            self.add(key, vec, date)
            return Assignment(key, True, 0.0, vec)
        self.add(sid, vec, date)
        return Assignment(sid, False, score, vec)

    def cluster(
        self, items: Iterable[tuple[str, str, str | None, dt.date | None]]
    ) -> list[Assignment]:
        """Convenience: ``(key, text, title, date)`` items in order -> their assignments."""
        ew = self.options.entity_weight
        return [self.assign(k, features(t, ti, entity_weight=ew), d) for k, t, ti, d in items]

    # --- rebuilding the state from storage -------------------------------------------

    def replay(
        self,
        df: Mapping[str, int],
        n_docs: int,
        members: Iterable[tuple[str, Mapping[str, float], dt.date | None]],
    ) -> None:
        """Restore the state after earlier batches: the document frequencies, and each
        stored ``(story, vector, date)`` in the order it was added."""
        self.df = dict(df)
        self.n_docs = n_docs
        for story, vec, date in members:
            self.add(story, vec, date)

    # --- helpers -----------------------------------------------------------------------

    def _time_factor(self, st: _Story, date: dt.date | None) -> float:
        if date is None or st.first is None or st.last is None:
            return 1.0
        if date < st.first:
            gap = (st.first - date).days
        elif date > st.last:
            gap = (date - st.last).days
        else:
            return 1.0
        o = self.options
        if gap <= o.window_days:
            return 1.0
        return math.exp(-(gap - o.window_days) / o.decay_days)

    def _prune(self, st: _Story) -> None:
        keep = sorted(st.centroid.items(), key=lambda kv: (-kv[1], kv[0]))
        keep = keep[: self.options.max_story_terms // 2]
        st.centroid = dict(keep)
        st.norm2 = sum(v * v for _, v in keep)
