"""The ingest engine: decides near-duplicate links and stories for new articles, over any
:class:`~newsdesk.store.base.Storage`.

Its in-memory state (the clusterer and the near-duplicate index) is a pure function of
what is stored: document frequencies, and each article's placement in insertion order.
Before every batch, under the writer lock, the engine catches up with whatever other
processes committed since it last looked: the articles after the last one it knows are
replayed in order (exactly what a rebuild would do), and a ``recluster`` anywhere (a new
*epoch*) makes it rebuild from scratch. So any number of concurrent writers give the
stories one serial ``add`` would give for the articles in the order they were committed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..cluster import ClusterOptions, DedupeOptions, NearDuplicateIndex, StoryClusterer
from ..model import Article, InputProblem, article_id
from .base import AddReport, Merge, NewArticle, NewStory, Regrouped, Storage

__all__ = ["Ingestor", "content_hash", "save_options", "stored_options"]

log = logging.getLogger(__name__)

_EPOCH = "epoch"


def content_hash(a: Article) -> str:
    """What makes a stored article "already present": its text, title, outlet and URL."""
    h = hashlib.sha1()
    for part in (a.text, a.title or "", a.source or "", a.url or ""):
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def _known(cls: type[Any], stored: str) -> dict[str, Any]:
    """Stored options without the fields this version no longer has (an older store's
    ``entity_weight``, say), so an old store still opens; missing ones take defaults."""
    values = json.loads(stored)
    names = {f.name for f in dataclasses.fields(cls)}
    dropped = sorted(set(values) - names)
    if dropped:
        log.info("ignoring stored %s fields %s", cls.__name__, ", ".join(dropped))
    return {k: v for k, v in values.items() if k in names}


def stored_options(storage: Storage) -> tuple[ClusterOptions, DedupeOptions]:
    c = storage.get_meta("cluster_options")
    d = storage.get_meta("dedupe_options")
    cluster = ClusterOptions()
    if c:
        known = _known(ClusterOptions, c)
        known.setdefault("method", "cosine")  # a store from before the learned model option
        cluster = ClusterOptions(**known)
    return (
        cluster,
        DedupeOptions(**_known(DedupeOptions, d)) if d else DedupeOptions(),
    )


def save_options(storage: Storage, c: ClusterOptions, d: DedupeOptions) -> None:
    storage.set_meta("cluster_options", json.dumps(dataclasses.asdict(c), sort_keys=True))
    storage.set_meta("dedupe_options", json.dumps(dataclasses.asdict(d), sort_keys=True))


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


@dataclass(slots=True)
class _State:
    clusterer: StoryClusterer
    dupes: NearDuplicateIndex
    story_of: dict[str, str]
    last_seq: int = 0
    epoch: str = "0"


@dataclass(frozen=True, slots=True)
class _Decision:
    story: str
    duplicate_of: str | None
    similarity: float
    vector: dict[str, float] | None
    minhash: bytes
    new_story: bool = False
    topic: str = ""
    new_topic: bool = False
    merged: tuple[str, ...] = ()  # stories merged into ``story`` on this article's evidence


def _decide(
    state: _State,
    aid: str,
    text: str,
    title: str | None,
    published: dt.date | None,
    df: dict[str, int],
) -> _Decision:
    """Link one article to an earlier near-duplicate, or place it in a story (counting
    its features into ``df``); the state learns it."""
    eng, dupes = state.clusterer, state.dupes
    sig = dupes.signature(text)
    dup = dupes.query(sig)
    if dup is not None:
        orig, sim = dup
        story = eng.resolve(state.story_of[orig])  # its story may have merged since
        d = _Decision(story, orig, sim, None, dupes.to_bytes(sig))
    else:
        counts = eng.counts(text, title)
        for k in counts:
            df[k] = df.get(k, 0) + 1
        asg = eng.assign("s" + aid, counts, published)
        dupes.insert(aid, sig)
        d = _Decision(
            asg.story, None, asg.score, asg.vector, dupes.to_bytes(sig),
            asg.new, asg.topic, asg.new_topic, asg.merged,
        )  # fmt: skip
    state.story_of[aid] = d.story
    return d


class Ingestor:
    """Places new articles; owns no SQL. One per open store."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self._state: _State | None = None

    # --- keeping up with the store ----------------------------------------------------

    def _sync(self) -> _State:
        """Bring the state up to what is committed; call inside ``storage.writing()``."""
        st = self.storage
        epoch = st.get_meta(_EPOCH) or "0"
        state = self._state
        if state is None or state.epoch != epoch:
            copts, dopts = stored_options(st)
            state = _State(StoryClusterer(copts), NearDuplicateIndex(dopts), {}, 0, epoch)
        last = st.last_seq()
        if last == state.last_seq:
            self._state = state
            return state
        topics = st.story_topics()
        merges: dict[str, list[Merge]] = {}
        for m in st.merges_after(state.last_seq):
            merges.setdefault(m.article_id, []).append(m)
        replayed = 0
        members: list[tuple[str, dict[str, float], dt.date | None]] = []
        caused: dict[int, list[tuple[str, str]]] = {}
        for p in st.placements_after(state.last_seq):
            state.story_of[p.id] = p.placed_in
            if p.duplicate_of is None:
                state.dupes.insert(p.id, state.dupes.from_bytes(p.minhash))
            if p.vector is not None:  # only placed articles cause merges
                if p.id in merges:
                    caused[len(members)] = [(m.merged, m.survivor) for m in merges[p.id]]
                members.append((p.placed_in, p.vector, p.published))
            state.last_seq = p.seq
            replayed += 1
        state.clusterer.replay(st.term_df(), st.vector_count(), members, topics, caused)
        log.info("caught up with %d stored articles", replayed)
        self._state = state
        return state

    # --- adding -------------------------------------------------------------------------

    def add(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = 500,
        progress: Callable[[int], None] | None = None,
    ) -> AddReport:
        if batch_size < 1:
            raise ValueError(f"batch_size must be positive, got {batch_size}")
        report = AddReport()
        batch: list[Article] = []
        for a in articles:
            batch.append(a)
            if len(batch) >= batch_size:
                report.merge(self._batch(batch))
                if progress:
                    progress(len(batch))
                batch = []
        if batch:
            report.merge(self._batch(batch))
            if progress:
                progress(len(batch))
        return report

    def _batch(self, batch: Sequence[Article]) -> AddReport:
        try:
            with self.storage.writing():
                state = self._sync()
                rep = self._place(state, batch)
        except BaseException:
            self._state = None  # ahead of the database: rebuild on the next batch
            raise
        return rep

    def _place(self, state: _State, batch: Sequence[Article]) -> AddReport:
        st = self.storage
        rep = AddReport()
        if st.get_meta("cluster_options") is None:
            save_options(st, state.clusterer.options, state.dupes.options)
        seen: set[str] = set()
        rows: list[NewArticle] = []
        stories: list[NewStory] = []
        merges: list[Merge] = []
        df_delta: dict[str, int] = {}
        at = now()
        for a in batch:
            if not a.text.strip():
                rep.rejected.append(InputProblem(a.origin or a.id, "empty text"))
                continue
            h = content_hash(a)
            if h in seen or st.has_content(h):
                rep.already_present += 1
                continue
            seen.add(h)
            aid = a.id
            if aid in state.story_of:  # same id, different content: derive a fresh one
                aid = article_id(a.text, salt=h)
            d = _decide(state, aid, a.text, a.title, a.published, df_delta)
            if d.duplicate_of is not None:
                rep.duplicates += 1
            elif d.new_story:
                stories.append(NewStory(d.story, d.topic, at))
                rep.new_topics += d.new_topic
            merges.extend(Merge(aid, m, d.story) for m in d.merged)
            rep.merged += len(d.merged)
            stored = a if aid == a.id else dataclasses.replace(a, id=aid)
            rows.append(
                NewArticle(stored, h, d.story, d.duplicate_of, d.similarity, d.vector,
                           d.minhash, at)
            )  # fmt: skip
            rep.added += 1
        st.insert(stories, rows, df_delta, merges)
        state.last_seq = st.last_seq()
        rep.new_stories = len(stories)
        return rep

    # --- reclustering ---------------------------------------------------------------------

    def recluster(
        self,
        cluster: ClusterOptions | None = None,
        dedupe: DedupeOptions | None = None,
        *,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Re-run linking and clustering over every stored article in insertion order,
        in one transaction (writers wait); returns the number of stories."""
        st = self.storage
        try:
            with st.writing():
                old_c, old_d = stored_options(st)
                state = _State(
                    StoryClusterer(cluster or old_c), NearDuplicateIndex(dedupe or old_d), {}
                )
                n = self._regroup(state, progress)
                state.epoch = str(int(st.get_meta(_EPOCH) or "0") + 1)
                st.set_meta(_EPOCH, state.epoch)
                save_options(st, state.clusterer.options, state.dupes.options)
        except BaseException:
            self._state = None
            raise
        self._state = state
        return n

    def _regroup(self, state: _State, progress: Callable[[int], None] | None) -> int:
        st = self.storage
        placements: list[Regrouped] = []
        stories: list[NewStory] = []
        merges: list[Merge] = []
        df: dict[str, int] = {}
        at = now()
        for i, (seq, aid, text, title, published) in enumerate(st.texts()):
            d = _decide(state, aid, text, title, published, df)
            if d.new_story:
                stories.append(NewStory(d.story, d.topic, at))
            merges.extend(Merge(aid, m, d.story) for m in d.merged)
            placements.append(
                Regrouped(seq, d.story, d.duplicate_of, d.similarity, d.vector, d.minhash)
            )
            state.last_seq = seq
            if progress and (i + 1) % 1000 == 0:
                progress(1000)
        st.regroup(stories, placements, df, merges)
        return len(stories)
