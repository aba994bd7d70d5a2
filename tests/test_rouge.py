"""ROUGE is wrapped, not rewritten: its numbers are pinned to the reference implementation."""

from __future__ import annotations

import numpy as np
import pytest

from newsdesk.evaluate.rouge import (
    ROUGE_TYPES,
    bootstrap_mean,
    prepare_reference,
    rouge_f1,
    rouge_tokens,
)

PAIRS = [
    (
        "The quick brown fox jumps over the lazy dog.\nIt ran away.",
        "The quick brown dog jumps on the log.\nThe fox ran.",
    ),
    (
        "Police said 12 people were hurt when the bridge collapsed on Tuesday.",
        "Twelve people were injured , police said , after a bridge collapsed tuesday .",
    ),
    (
        "Ecuador granted Julian Assange asylum in August 2012.\nHe has lived in the embassy since.",
        "Assange entered the embassy on 19 June 2012.\nEcuador granted him asylum in August.",
    ),
    ("running runners ran", "the runner runs quickly"),
]


def test_agrees_with_rouge_score_to_five_decimals() -> None:
    rouge_scorer = pytest.importorskip("rouge_score.rouge_scorer", reason="dev extra not installed")
    ref = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    ours = rouge_f1([t for t, _ in PAIRS], [p for _, p in PAIRS])
    for row, (target, pred) in zip(ours, PAIRS, strict=True):
        theirs = ref.score(target, pred)
        for value, t in zip(row, ROUGE_TYPES, strict=True):
            assert value == pytest.approx(100 * theirs[t].fmeasure, abs=1e-5)


def test_tokens_match_rouge_score() -> None:
    tokenize = pytest.importorskip("rouge_score.tokenize", reason="dev extra not installed")
    from nltk.stem import porter

    stemmer = porter.PorterStemmer()
    for text, _ in PAIRS:
        assert rouge_tokens(text) == tokenize.tokenize(text, stemmer)


def test_empty_and_punctuation_only_score_zero() -> None:
    scores = rouge_f1(["a real reference", "", "..."], ["", "something", "!!!"])
    assert scores.shape == (3, 4)
    assert np.all(scores == 0.0)
    assert rouge_tokens("-- !! ,") == []


def test_identical_texts_score_100() -> None:
    text = "The mayor said the park would be cleared.\nProtesters stayed."
    assert rouge_f1([text], [text])[0] == pytest.approx([100.0] * 4)


def test_mismatched_lengths_are_an_error() -> None:
    with pytest.raises(ValueError, match="one prediction per reference"):
        rouge_f1(["a", "b"], ["a"])


def test_bootstrap_is_seeded_and_brackets_the_mean() -> None:
    rng = np.random.default_rng(1)
    values = rng.normal(40, 10, size=(300, 2))
    a = bootstrap_mean(values, seed=7, samples=200)
    b = bootstrap_mean(values, seed=7, samples=200)
    assert a == b
    for iv, col in zip(a, values.T, strict=True):
        assert iv.mean == pytest.approx(col.mean())
        assert iv.low < iv.mean < iv.high
        # the interval of a mean of 300 draws with sd 10 is about +-1.1 wide
        assert 0.5 < iv.high - iv.low < 4.0


def test_prepare_reference_drops_the_newser_dash() -> None:
    assert prepare_reference("– The story begins.") == "The story begins."
    assert prepare_reference("No dash here.") == "No dash here."
