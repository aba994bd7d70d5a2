"""Near-duplicate detection and online story clustering, without the store."""

from __future__ import annotations

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


def test_entity_spans_skip_sentence_openers() -> None:
    spans = entity_spans("Then Tara Reid went to Promises Treatment Center. Officials said so.")
    assert spans == ["tara reid", "promises treatment center"]
    assert entity_spans("the U.S. Department of Justice said") == ["u.s", "department of justice"]


def test_features_count_words_and_entities() -> None:
    f = features("Tara Reid entered rehab. Reid is 33.", "Reid in rehab", entity_weight=1.0)
    assert f["rehab"] == 2 and f["33"] == 1 and "is" not in f
    assert f["e:tara reid"] == 1 and "e:reid" not in f  # a lone opener is not a name
    assert not any(k.startswith("e:") for k in features(WIRE, None, entity_weight=0.0))


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
