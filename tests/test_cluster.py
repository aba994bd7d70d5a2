"""Near-duplicate detection and online story clustering, without the store."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest

from newsdesk.cluster import (
    ClusterOptions,
    DedupeOptions,
    NearDuplicateIndex,
    StoryClusterer,
    entity_spans,
    features,
    shingles,
)

WIRE = (
    "Rescue teams in Santiago searched collapsed buildings on Sunday after a magnitude 8.8 "
    "earthquake struck central Chile, killing at least 300 people, officials said. President "
    "Michelle Bachelet declared a state of catastrophe in the Maule region, where a tsunami "
    "swept away coastal villages and roads buckled across the country's wine valleys."
)
OTHER = (
    "Google agreed to buy Motorola Mobility for 12.5 billion dollars, gaining a trove of "
    "patents as Android handset makers face lawsuits from Apple and Microsoft; regulators "
    "in Washington and Brussels are expected to review the deal, analysts in New York said."
)


def test_shingles_of_short_and_empty_text() -> None:
    assert shingles("", 5) == set()
    assert shingles("Two words", 5) == {b"two words"}
    assert len(shingles("a b c d e f", 5)) == 2


def test_near_duplicate_found_for_an_edited_copy_not_for_another_story() -> None:
    idx = NearDuplicateIndex()
    idx.insert("wire", idx.signature(WIRE))
    edited = WIRE.replace("at least 300", "at least 708") + " Aftershocks continued overnight."
    hit = idx.query(idx.signature(edited))
    assert hit is not None and hit[0] == "wire" and hit[1] >= idx.options.threshold
    assert idx.query(idx.signature(OTHER)) is None


def test_signatures_round_trip_and_depend_on_the_seed() -> None:
    idx = NearDuplicateIndex(DedupeOptions(seed=7))
    sig = idx.signature(WIRE)
    again = idx.from_bytes(idx.to_bytes(sig))
    assert again.jaccard(sig) == 1.0
    other = NearDuplicateIndex(DedupeOptions(seed=8)).signature(WIRE)
    assert list(other.hashvalues) != list(sig.hashvalues)
    with pytest.raises(ValueError, match="num_perm"):
        NearDuplicateIndex(DedupeOptions(num_perm=32)).from_bytes(idx.to_bytes(sig))


def test_options_are_validated_with_a_hint() -> None:
    with pytest.raises(ValueError, match="threshold"):
        DedupeOptions(threshold=0)
    with pytest.raises(ValueError, match="threshold"):
        ClusterOptions(threshold=1.5)
    with pytest.raises(ValueError, match="positive"):
        ClusterOptions(candidates=0)
    with pytest.raises(ValueError, match="topic_threshold"):
        ClusterOptions(threshold=0.2, topic_threshold=0.3)
    with pytest.raises(ValueError, match="entity_share"):
        ClusterOptions(entity_share=1.5)


def test_entity_spans_skip_sentence_openers() -> None:
    spans = entity_spans("Then Tara Reid went to Promises Treatment Center. Officials said so.")
    assert spans == ["tara reid", "promises treatment center"]
    assert entity_spans("the U.S. Department of Justice said") == ["u.s", "department of justice"]


def test_features_count_words_and_entities() -> None:
    f = features("Tara Reid entered rehab. Reid is 33.", "Reid in rehab", entities=True)
    assert f["rehab"] == 2 and f["33"] == 1 and "is" not in f
    # entity words: "Tara Reid" gives tara and reid; the lone opener "Reid" does not count
    assert f["e:tara"] == 1 and f["e:reid"] == 1
    assert f["e:33"] == 1  # numbers tell events apart too
    assert not any(k.startswith("e:") for k in features(WIRE, None, entities=False))


def _variants(base: str, n: int, seed: int) -> list[str]:
    """Articles on one story: the base's content words resampled, so no two are copies."""
    rng = random.Random(seed)
    toks = base.split()
    return [" ".join(rng.sample(toks, k=len(toks) * 2 // 3)) for _ in range(n)]


def test_two_interleaved_stories_are_separated_and_order_is_deterministic() -> None:
    a, b = _variants(WIRE, 6, 1), _variants(OTHER, 6, 2)
    stream = [x for pair in zip(a, b, strict=True) for x in pair]
    items = [(f"k{i}", t, None, None) for i, t in enumerate(stream)]
    got = [x.story for x in StoryClusterer().cluster(items)]
    assert got == [x.story for x in StoryClusterer().cluster(items)]
    assert len(set(got[0::2])) == 1 and len(set(got[1::2])) == 1
    assert got[0] != got[1]
    assert len(StoryClusterer(ClusterOptions(threshold=0.99)).cluster(items)) == 12


def test_distant_dates_split_an_otherwise_similar_story() -> None:
    texts = _variants(WIRE, 2, 3)
    day = dt.date(2024, 1, 1)
    near = StoryClusterer().cluster(
        [("a", texts[0], None, day), ("b", texts[1], None, day + dt.timedelta(days=2))]
    )
    far = StoryClusterer().cluster(
        [("a", texts[0], None, day), ("b", texts[1], None, day + dt.timedelta(days=400))]
    )
    assert near[1].story == "a" and not near[1].new
    assert far[1].new


def test_replay_restores_the_exact_state() -> None:
    stream = _variants(WIRE, 5, 4) + _variants(OTHER, 5, 5) + _variants(WIRE, 3, 6)
    items = [(f"k{i}", t, None, None) for i, t in enumerate(stream)]
    whole = StoryClusterer()
    expected = [x.story for x in whole.cluster(items)]
    first = StoryClusterer()
    done = first.cluster(items[:7])
    resumed = StoryClusterer()
    resumed.replay(first.df, first.n_docs, [(x.story, x.vector, None) for x in done])
    rest = resumed.cluster(items[7:])
    assert [x.story for x in done + rest] == expected


QUAKE_A = (
    "A magnitude 7.0 earthquake struck Haiti near Port-au-Prince on Tuesday, collapsing the "
    "presidential palace; President Rene Preval said thousands of people were dead and "
    "rescue teams searched the rubble of the capital for survivors of the quake."
)
QUAKE_B = (
    "A magnitude 6.3 earthquake struck central Italy near L'Aquila on Monday, collapsing "
    "churches and homes; Prime Minister Silvio Berlusconi said hundreds of people were dead "
    "and rescue teams searched the rubble of the old town for survivors of the quake."
)


def test_entities_split_two_events_of_one_kind_into_stories_of_one_topic() -> None:
    a, b = _variants(QUAKE_A, 4, 7), _variants(QUAKE_B, 4, 8)
    stream = [x for pair in zip(a, b, strict=True) for x in pair]
    items = [(f"k{i}", t, None, None) for i, t in enumerate(stream)]
    # across the two events the word cosine is about 0.2, the entity cosine near 0
    opts = ClusterOptions(method="cosine", threshold=0.2, topic_threshold=0.15, entity_share=0.7)
    got = StoryClusterer(opts).cluster(items)
    stories = [x.story for x in got]
    assert len(set(stories[0::2])) == 1 and len(set(stories[1::2])) == 1
    assert stories[0] != stories[1]  # two earthquakes, two stories ...
    assert len({x.topic for x in got}) == 1  # ... in one topic
    assert got[1].new and not got[1].new_topic and got[0].new_topic
    # words alone cannot tell them apart at this threshold
    words_only = StoryClusterer(dataclasses.replace(opts, entity_share=0.0)).cluster(items)
    assert len({x.story for x in words_only}) == 1


def test_the_learned_method_groups_distinct_stories_and_merges_its_own_ids() -> None:
    stream = _variants(WIRE, 5, 4) + _variants(OTHER, 5, 5) + _variants(WIRE, 3, 6)
    items = [(f"k{i}", t, None, None) for i, t in enumerate(stream)]
    clu = StoryClusterer(ClusterOptions(method="learned"))
    got = [clu.resolve(x.story) for x in clu.cluster(items)]
    assert len(set(got[:5])) == 1 and len(set(got[5:10])) == 1
    assert got[0] != got[5] and set(got[10:]) == {got[0]}


def test_unrelated_stories_start_their_own_topics() -> None:
    items = [("a", WIRE, None, None), ("b", OTHER, None, None)]
    got = StoryClusterer().cluster(items)
    assert [x.topic for x in got] == ["a", "b"] and all(x.new_topic for x in got)


def test_replay_restores_topics() -> None:
    stream = _variants(QUAKE_A, 3, 9) + _variants(QUAKE_B, 3, 10) + _variants(QUAKE_A, 2, 11)
    items = [(f"k{i}", t, None, None) for i, t in enumerate(stream)]
    opts = ClusterOptions(threshold=0.5, topic_threshold=0.2)
    expected = [(x.story, x.topic) for x in StoryClusterer(opts).cluster(items)]
    first = StoryClusterer(opts)
    done = first.cluster(items[:5])
    resumed = StoryClusterer(opts)
    topics = {x.story: x.topic for x in done}
    resumed.replay(first.df, first.n_docs, [(x.story, x.vector, None) for x in done], topics)
    rest = resumed.cluster(items[5:])
    assert [(x.story, x.topic) for x in done + rest] == expected
