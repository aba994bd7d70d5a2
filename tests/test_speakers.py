"""The learned speaker ranker (analyze/speakers.py) and quotation marks typed as two
apostrophes (text.typeset_quotes)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from _analysis_helpers import docs_of
from newsdesk.analyze import analyze, quote_spans
from newsdesk.analyze.entities import find_mentions, lowercase_vocabulary
from newsdesk.analyze.quotes import QuoteSpan
from newsdesk.analyze.speakers import (
    CARD_PATH,
    FEATURES,
    GAP_GUARDS,
    MODEL_PATH,
    Candidate,
    load_speaker_model,
)
from newsdesk.text import typeset_quotes


def _spans(text: str, chooser: object = "shipped") -> list[QuoteSpan]:
    docs = docs_of(text)
    vocab = lowercase_vocabulary(docs)
    per_doc = [find_mentions(d, vocab) for d in docs]
    return quote_spans(docs, per_doc, chooser)  # type: ignore[arg-type]


def test_the_model_ships_with_its_card() -> None:
    card = json.loads(CARD_PATH.read_text())
    assert MODEL_PATH.is_file()
    assert card["features"] == list(FEATURES)
    assert card["gap_guards"] == list(GAP_GUARDS)
    assert 0 < card["assign_at"] <= 1
    # the figures the card claims were measured on held-out data, not tuned on
    assert card["dev_right_model"] >= card["dev_right_rules"]
    model = load_speaker_model()
    assert model is not None and model.assign_at == card["assign_at"]


def test_a_missing_model_leaves_the_rules_speakers(tmp_path) -> None:
    assert load_speaker_model(tmp_path / "none.lgb.txt") is None


GAP = (
    "Maria Lopez runs the shelter on Fifth Street. She opened it in 2009.\n\n"
    "Maria Lopez was thanked by the council on Monday. "
    "“We turn nobody away, whatever the weather does to us.”"
)


def test_the_ranker_fills_a_gap_the_rules_leave_and_only_then() -> None:
    [rules] = _spans(GAP, None)
    [learned] = _spans(GAP)
    assert rules.speaker is None and rules.role is None
    # removing the ranker (chooser None) is what leaves the quote without a speaker
    assert learned.speaker == "Maria Lopez"
    assert learned.how == "context"  # not named next to the quote: shown as inferred


def test_the_ranker_never_overrides_a_speaker_or_an_unnamed_source() -> None:
    model = load_speaker_model()
    assert model is not None
    cand = Candidate("Tom Baker", "Tom Baker", tuple(1.0 for _ in FEATURES), True)
    named = QuoteSpan("a", 0, 10, "x", "Jane Smith", None)
    unnamed = QuoteSpan("a", 0, 10, "x", None, "a spokesman")
    assert model.choose(named, [cand]) is None
    assert model.choose(unnamed, [cand]) is None


class _Keep:
    """A chooser that records each quotation's candidates and changes nothing."""

    def __init__(self) -> None:
        self.seen: list[tuple[QuoteSpan, list[Candidate]]] = []

    def choose(self, span: QuoteSpan, found: list[Candidate]) -> None:
        self.seen.append((span, list(found)))


@pytest.mark.parametrize("guard", GAP_GUARDS)
def test_each_guard_keeps_a_gap_open(guard: str) -> None:
    model = load_speaker_model()
    assert model is not None
    keep = _Keep()
    _spans(GAP, keep)
    [(span, found)] = keep.seen
    chosen = model.choose(span, found)
    assert chosen is not None and chosen.key == "Maria Lopez"
    i = FEATURES.index(guard)
    blocked = [replace(c, row=c.row[:i] + (0.0,) + c.row[i + 1 :]) for c in found]
    assert model.choose(span, blocked) is None


def test_words_quoted_inside_narration_get_no_guessed_speaker() -> None:
    text = (
        "The report names coach Jim Walsh and Paul Reddy.\n\n"
        "Walsh and Reddy are accused of acting “contrary to every principle of conduct” "
        "by failing to report it."
    )
    [q] = _spans(text)
    assert q.speaker is None


def test_two_apostrophes_are_quotation_marks_with_offsets_kept() -> None:
    raw = "''Hopefully,'' the mayor said, ''this bridge will stand.'' Hawai''i agreed."
    set_ = typeset_quotes(raw)
    assert len(set_) == len(raw)
    assert "“Hopefully,”" in set_ and "“this bridge will stand.”" in set_
    assert "Hawai''i" in set_  # an apostrophe pair inside a word is left alone
    assert typeset_quotes("no marks here") == "no marks here"


def test_a_quotation_in_two_apostrophes_is_found_and_attributed() -> None:
    text = (
        "Douglas Holtz-Eakin leads the American Action Forum.\n\n"
        "''It's anti-reform. She's layering on even more complexity,'' said "
        "Mr. Holtz-Eakin."
    )
    [q] = analyze(docs_of(text)).quotes
    assert q.text == "It's anti-reform. She's layering on even more complexity,"
    assert q.speaker == "Douglas Holtz-Eakin"
    [c] = q.citations
    # the citation indexes the article's own text, where the marks are two apostrophes
    assert text[c.start - 2 : c.start] == "''" and text[c.end : c.end + 2] == "''"
