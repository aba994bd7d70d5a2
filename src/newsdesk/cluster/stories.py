"""Online story clustering at two levels: articles into stories, stories into topics.

An article becomes two sparse TF-IDF vectors, each L2-normalised: its content words, and
its *entity* features (the words of capitalised spans, a cheap heuristic for people,
places and organisations that needs no model, plus numbers, years and dates). IDF is
learned incrementally from the stream. A story is the sum of its members' vectors.

Story similarity mixes the two cosines, ``(1 - entity_share) * words + entity_share *
entities``: different events of one kind (two earthquakes, two rehab stays) share their
vocabulary and differ mostly by who, where and when. An article joins the most similar
story when that reaches ``threshold``; otherwise it starts a story, and the new story
joins the *topic* (a thread of related stories) of the story whose word cosine is
highest, if that reaches the lower ``topic_threshold``, or starts a topic of its own.

Candidate stories come from an inverted index that keeps, for each feature, only the
stories that used it most recently, so the cost of one article is bounded by
``top_terms * postings`` and the total cost grows about linearly with the stream. When
both the article and the story carry dates, similarity decays with the gap.

Everything is deterministic: the same articles in the same order give the same stories
and topics, and :meth:`StoryClusterer.replay` rebuilds the exact state from stored vectors.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..lexicon import name_words
from ..text import STOPWORDS, WORD
from .samestory import (
    ENTITY_PREFIX,
    SameStoryModel,
    StoryView,
    candidate_rows,
    load_model,
    split_dot,
)

__all__ = [
    "ClusterOptions",
    "Assignment",
    "StoryClusterer",
    "entity_spans",
    "features",
]

_NAME = r"[A-Z](?:[\w'’-]|\.(?=[A-Z]))*"
_JOINER = "|".join(name_words("story_joiner"))  # lexicon/name_words.txt
_CAP = re.compile(rf"{_NAME}(?:[ \t]+(?:(?:{_JOINER})[ \t]+)?{_NAME})*")
_OPENERS = frozenset(".!?\"“”'`\n")
_ENT = ENTITY_PREFIX
METHODS = ("learned", "cosine")


@dataclass(frozen=True, kw_only=True, slots=True)
class ClusterOptions:
    """Parameters of the online clusterer.

    ``method``: "cosine" (the default: an article joins the story whose mixed cosine
    reaches ``threshold``) or "learned" (the same-story model of :mod:`.samestory` gives
    the probability that the article belongs to each candidate story; better on the
    held-out Multi-News clusters, worse on ECB+'s same-kind events: see docs/store.md).
    ``link_threshold``: probability an article needs to join a story ("learned").
    ``merge_threshold``: probability an article needs with each of two (or more) stories
    to merge them into one ("learned").
    ``link_merge``: similarity an article needs with each of two (or more) stories to merge
    them into one ("cosine"; 1.0, the default, never merges).
    ``members_kept`` / ``member_terms``: recent members remembered per story for the
    nearest-member feature, and the terms kept of each.
    ``model``: a same-story model file other than the shipped one (training, tests).

    ``threshold``: mixed similarity an article needs to join a story.
    ``topic_threshold``: word cosine a new story needs with an existing story to join
    that story's topic (lower than ``threshold``).
    ``entity_share``: weight of the entity cosine in the story similarity (0: words only).
    ``top_terms``: features kept per article and per kind (the highest TF-IDF weights).
    ``postings``: stories remembered per feature in the candidate index.
    ``query_terms`` / ``candidates``: features of an article looked up in the index, and
    stories (best by that lookup) then scored exactly.
    ``window_days`` / ``decay_days``: dated articles more than ``window_days`` from a
    story's dates lose similarity with an e-folding time of ``decay_days``.
    """

    method: str = "cosine"
    link_threshold: float = 0.4
    merge_threshold: float = 0.8
    members_kept: int = 4
    member_terms: int = 30
    model: str = ""
    threshold: float = 0.3
    link_merge: float = 1.0
    topic_threshold: float = 0.1
    entity_share: float = 0.7
    top_terms: int = 100
    postings: int = 64
    window_days: float = 3.0
    decay_days: float = 7.0
    max_story_terms: int = 400
    query_terms: int = 30
    candidates: int = 15

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, got {self.method!r}")
        for name in ("link_threshold", "merge_threshold"):
            v = getattr(self, name)
            if not 0.0 < v < 1.0:
                raise ValueError(f"{name} must be a probability in (0, 1), got {v}")
        if self.members_kept < 1 or self.member_terms < 1:
            raise ValueError("members_kept and member_terms must be positive")
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"threshold must be in (0, 1), got {self.threshold}")
        if not 0.0 < self.topic_threshold <= self.threshold:
            raise ValueError(
                f"topic_threshold must be in (0, threshold={self.threshold}], "
                f"got {self.topic_threshold}"
            )
        if not 0.0 <= self.entity_share <= 1.0:
            raise ValueError(f"entity_share must be in [0, 1], got {self.entity_share}")
        if min(self.top_terms, self.postings, self.query_terms, self.candidates) < 1:
            raise ValueError("top_terms, postings, query_terms and candidates must be positive")
        if self.window_days < 0 or self.decay_days <= 0:
            raise ValueError("window_days must be >= 0 and decay_days > 0")
        if self.max_story_terms < self.top_terms:
            raise ValueError("max_story_terms must be at least top_terms")


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one article went: ``story`` (its key), whether it started it, the similarity
    to the story it joined (0 for a new story), the vector kept for replay, and the
    story's ``topic`` (``new_topic`` when this article's new story started it)."""

    story: str
    new: bool
    score: float
    vector: dict[str, float]
    topic: str = ""
    new_topic: bool = False
    merged: tuple[str, ...] = ()  # stories merged into ``story`` because of this article


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


def features(text: str, title: str | None, *, entities: bool = True) -> dict[str, float]:
    """Raw feature counts: content words, and (``e:`` prefix) the words of entity spans
    and every token with a digit (numbers, years, dates), which tell events apart."""
    counts: dict[str, float] = {}
    body = f"{title}\n{text}" if title else text
    for tok in WORD.findall(body):
        w = tok.lower()
        if len(w) < 2 or w in STOPWORDS:
            continue
        counts[w] = counts.get(w, 0.0) + 1.0
        if entities and any(ch.isdigit() for ch in w):
            k = _ENT + w
            counts[k] = counts.get(k, 0.0) + 1.0
    if entities:
        for e in entity_spans(body):
            for w in WORD.findall(e):
                if len(w) < 2 or w in STOPWORDS:
                    continue
                k = _ENT + w
                counts[k] = counts.get(k, 0.0) + 1.0
    return counts


@dataclass(slots=True)
class _Story:
    topic: str
    centroid: dict[str, float] = field(default_factory=dict)
    norm2_words: float = 0.0
    norm2_entities: float = 0.0
    size: int = 0
    first: dt.date | None = None
    last: dt.date | None = None
    members: deque[dict[str, float]] = field(default_factory=deque)
    created: int = 0  # creation order, for which story survives a merge


class StoryClusterer:
    """Single-pass two-level clusterer with an incremental IDF and a bounded inverted index."""

    def __init__(self, options: ClusterOptions | None = None) -> None:
        self.options = options or ClusterOptions()
        self.df: dict[str, int] = {}
        self.n_docs = 0
        self._stories: dict[str, _Story] = {}
        self._postings: dict[str, deque[str]] = {}
        self._merged_into: dict[str, str] = {}
        self._created = 0
        self._model: SameStoryModel | None = None  # loaded on the first learned assign

    def __len__(self) -> int:
        return len(self._stories)

    def topic_of(self, story: str) -> str:
        """The topic of a known story (of the story it was merged into, if it was)."""
        return self._stories[self.resolve(story)].topic

    def resolve(self, story: str) -> str:
        """The story that ``story`` is now: itself, or the one it was merged into."""
        seen = self._merged_into
        while story in seen:
            story = seen[story]
        return story

    def counts(self, text: str, title: str | None) -> dict[str, float]:
        """The raw feature counts this clusterer's method uses: the learned model reads
        entities too (it learned how much to trust them when the text has case)."""
        o = self.options
        return features(text, title, entities=o.method == "learned" or o.entity_share > 0)

    # --- the three steps of one article: observe, vectorise, place -------------------

    def observe(self, counts: Mapping[str, float]) -> None:
        """Count the article's features in the document frequencies."""
        df = self.df
        for k in counts:
            df[k] = df.get(k, 0) + 1
        self.n_docs += 1

    def vectorize(self, counts: Mapping[str, float]) -> dict[str, float]:
        """Sublinear TF times smoothed IDF; words and entities each pruned to ``top_terms``
        and L2-normalised on their own; heaviest first."""
        o = self.options
        n = self.n_docs
        df = self.df
        words: list[tuple[float, str]] = []
        ents: list[tuple[float, str]] = []
        for k, c in counts.items():
            idf = math.log((n + 1) / (df.get(k, 0) + 1)) + 1.0
            (ents if k.startswith(_ENT) else words).append(((1.0 + math.log(c)) * idf, k))
        out: list[tuple[float, str]] = []
        for part in (words, ents):
            part.sort(key=lambda x: (-x[0], x[1]))
            top = part[: o.top_terms]
            norm = math.sqrt(sum(w * w for w, _ in top)) or 1.0
            out.extend((w / norm, k) for w, k in top)
        out.sort(key=lambda x: (-x[0], x[1]))
        return {k: w for w, k in out}

    def scores(
        self, vector: Mapping[str, float], date: dt.date | None
    ) -> list[tuple[str, float, float]]:
        """``(story, similarity, word cosine)`` for the candidate stories of the index.

        Candidates are the stories in the postings of the article's ``query_terms``
        heaviest features; the ``candidates`` best by that partial dot product are then
        scored exactly against the stories' summed vectors, times the time factor.
        """
        o = self.options
        stories = self._stories
        has_entities = any(k.startswith(_ENT) for k in vector)
        out = []
        for sid in self.candidates(vector):
            st = stories[sid]
            dw, de = split_dot(vector, st.centroid)
            cw = dw / math.sqrt(st.norm2_words) if st.norm2_words > 0 else 0.0
            ce = de / math.sqrt(st.norm2_entities) if st.norm2_entities > 0 else 0.0
            share = o.entity_share if has_entities and st.norm2_entities > 0 else 0.0
            tf = self._time_factor(st, date)
            out.append((sid, ((1.0 - share) * cw + share * ce) * tf, cw * tf))
        return out

    def best(self, vector: Mapping[str, float], date: dt.date | None) -> tuple[str | None, float]:
        """The most similar candidate story and its similarity (None, 0 when none)."""
        return _argmax(self.scores(vector, date), False)

    def add(
        self, story: str, vector: Mapping[str, float], date: dt.date | None, topic: str = ""
    ) -> None:
        """Add an article's vector to ``story`` (created in ``topic``, default its own
        key, if new) and index it."""
        st = self._stories.get(story)
        if st is None:
            st = self._stories[story] = _Story(topic or story, created=self._created)
            self._created += 1
        if self.options.method == "learned":
            st.members.append(self._member(vector))
            if len(st.members) > self.options.members_kept:
                st.members.popleft()
        cen = st.centroid
        nw = st.norm2_words
        ne = st.norm2_entities
        for k, w in vector.items():
            old = cen.get(k, 0.0)
            new = old + w
            cen[k] = new
            if k.startswith(_ENT):
                ne += new * new - old * old
            else:
                nw += new * new - old * old
        st.norm2_words, st.norm2_entities = nw, ne
        st.size += 1
        if date is not None:
            st.first = date if st.first is None or date < st.first else st.first
            st.last = date if st.last is None or date > st.last else st.last
        if len(cen) > self.options.max_story_terms:
            self._prune(st)
            cen = st.centroid
        self._index(story, vector, cen)

    def _index(self, story: str, terms: Iterable[str], cen: Mapping[str, float]) -> None:
        plen = self.options.postings
        for k in terms:
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

    def _member(self, vector: Mapping[str, float]) -> dict[str, float]:
        top = list(vector.items())[: self.options.member_terms]  # heaviest first
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        return {k: w / norm for k, w in top}

    def merge(self, other: str, into: str) -> None:
        """Merge story ``other`` into story ``into``: centroids summed, members and dates
        joined, the index pointing at ``into``; ``other`` resolves to ``into`` from now on."""
        a, b = self._stories[into], self._stories.pop(other)
        cen = a.centroid
        for k, w in b.centroid.items():
            cen[k] = cen.get(k, 0.0) + w
        a.norm2_words = sum(v * v for k, v in cen.items() if not k.startswith(_ENT))
        a.norm2_entities = sum(v * v for k, v in cen.items() if k.startswith(_ENT))
        a.size += b.size
        a.first = min((d for d in (a.first, b.first) if d is not None), default=None)
        a.last = max((d for d in (a.last, b.last) if d is not None), default=None)
        a.members.extend(b.members)
        while len(a.members) > self.options.members_kept:
            a.members.popleft()
        if len(cen) > self.options.max_story_terms:
            self._prune(a)
        for k in b.centroid:
            dq = self._postings.get(k)
            if dq is not None and other in dq:
                dq.remove(other)
        self._index(into, sorted(b.centroid), a.centroid)
        self._merged_into[other] = into

    def candidates(self, vector: Mapping[str, float]) -> list[str]:
        """The stories in the postings of the article's ``query_terms`` heaviest
        features, best ``candidates`` by that partial dot product."""
        o = self.options
        postings = self._postings
        merged = self._merged_into
        partial: dict[str, float] = {}
        for k, w in list(vector.items())[: o.query_terms]:  # vectors are heaviest first
            for sid in postings.get(k, ()):
                if sid in merged:  # a posting left from before a merge (pruned terms)
                    sid = self.resolve(sid)
                partial[sid] = partial.get(sid, 0.0) + w
        ranked = sorted(partial.items(), key=lambda kv: (-kv[1], kv[0]))[: o.candidates]
        return [sid for sid, _ in ranked]

    def candidate_features(
        self, vector: Mapping[str, float]
    ) -> tuple[list[str], list[list[float]]]:
        """The candidate stories of ``vector`` and their same-story feature rows."""
        sids = self.candidates(vector)
        views = []
        for sid in sids:
            st = self._stories[sid]
            views.append(
                StoryView(
                    st.centroid,
                    math.sqrt(st.norm2_words),
                    math.sqrt(st.norm2_entities),
                    st.members,
                    st.size,
                )
            )
        return sids, candidate_rows(vector, views)

    def assign(
        self, key: str, counts: Mapping[str, float], date: dt.date | None = None
    ) -> Assignment:
        """Place one article (``key`` names the story, and the topic, if it starts one)."""
        self.observe(counts)
        vec = self.vectorize(counts)
        if self.options.method == "learned":
            if self._model is None:
                self._model = load_model(self.options.model or None)
            return self._assign_learned(key, vec, date, self._model)
        cands = self.scores(vec, date)
        sid, score = _argmax(cands, False)
        if sid is not None and score >= self.options.threshold:
            return self._join(
                sid, score, vec, date, [c[0] for c in cands if c[1] >= self.options.link_merge]
            )
        near, wscore = _argmax(cands, True)
        if near is not None and wscore >= self.options.topic_threshold:
            topic = self._stories[near].topic
        else:
            topic = key
        self.add(key, vec, date, topic)
        return Assignment(key, True, 0.0, vec, topic, topic == key)

    def _join(
        self, best: str, score: float, vec: dict[str, float], date: dt.date | None, group: list[str]
    ) -> Assignment:
        """The article joins ``best``; the stories of ``group`` (linked to it as strongly)
        merge with it. The largest (then the oldest) survives and keeps its id."""
        stories = self._stories
        group = sorted(set(group) | {best})
        survivor = min(group, key=lambda sid: (-stories[sid].size, stories[sid].created))
        self.add(survivor, vec, date)
        merged = tuple(sid for sid in group if sid != survivor)
        for sid in merged:
            self.merge(sid, survivor)
        return Assignment(survivor, False, score, vec, stories[survivor].topic, merged=merged)

    def _assign_learned(
        self, key: str, vec: dict[str, float], date: dt.date | None, model: SameStoryModel
    ) -> Assignment:
        o = self.options
        sids, rows = self.candidate_features(vec)
        probs = [
            p * self._time_factor(self._stories[sid], date)
            for sid, p in zip(sids, model.probabilities(rows), strict=True)
        ]
        ranked = sorted(zip(probs, sids, strict=True), key=lambda x: (-x[0], x[1]))
        if ranked and ranked[0][0] >= o.link_threshold:
            p, best = ranked[0]
            group = [sid for q, sid in ranked[1:] if min(p, q) >= o.merge_threshold]
            return self._join(best, p, vec, date, group)
        near = max(range(len(sids)), key=lambda i: (rows[i][0], sids[i]), default=None)  # words
        topic = key
        if near is not None and rows[near][0] >= o.topic_threshold:
            topic = self._stories[sids[near]].topic
        self.add(key, vec, date, topic)
        return Assignment(key, True, 0.0, vec, topic, topic == key)

    def cluster(
        self, items: Iterable[tuple[str, str, str | None, dt.date | None]]
    ) -> list[Assignment]:
        """Convenience: ``(key, text, title, date)`` items in order -> their assignments."""
        return [self.assign(k, self.counts(t, ti), d) for k, t, ti, d in items]

    # --- rebuilding the state from storage -------------------------------------------

    def replay(
        self,
        df: Mapping[str, int],
        n_docs: int,
        members: Iterable[tuple[str, Mapping[str, float], dt.date | None]],
        topics: Mapping[str, str] | None = None,
        merges: Mapping[int, Sequence[tuple[str, str]]] | None = None,
    ) -> None:
        """Restore the state after earlier batches (or catch up with later ones): the
        document frequencies, each stored ``(story it joined, vector, date)`` in the order
        it was added, the topic of each story (a story missing from ``topics`` is its own
        topic), and the ``(merged, survivor)`` merges the i-th member caused, applied
        right after it, as the live run did."""
        self.df = dict(df)
        self.n_docs = n_docs
        topics = topics or {}
        merges = merges or {}
        for i, (story, vec, date) in enumerate(members):
            self.add(story, vec, date, topics.get(story, story))
            for merged, survivor in merges.get(i, ()):
                self.merge(merged, survivor)

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
        st.norm2_words = sum(v * v for k, v in keep if not k.startswith(_ENT))
        st.norm2_entities = sum(v * v for k, v in keep if k.startswith(_ENT))


def _argmax(cands: list[tuple[str, float, float]], words: bool) -> tuple[str | None, float]:
    """The candidate with the highest similarity (``words``: word cosine); ties go to
    the smaller id, so the result does not depend on dict order."""
    best_id: str | None = None
    best = 0.0
    for sid, sim, wsim in cands:
        v = wsim if words else sim
        if v > best or (v == best and best_id is not None and sid < best_id):
            best_id, best = sid, v
    return best_id, best
