"""Sentence segmentation: the hard set, offset exactness and the seed-cluster golden cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.model import Article
from newsdesk.segment import sentence_spans, split_sentences

HARD_SET = Path(__file__).parent / "data" / "segment_hard.jsonl"
SEED_CLUSTER = Path(__file__).resolve().parents[1] / ".." / "shared" / "fixtures" / "seed-cluster"

#: Share of hard-set cases that must be segmented exactly right. Floors only go up.
HARD_SET_FLOOR = 0.97


def _cases() -> list[dict]:
    with HARD_SET.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_hard_set_is_well_formed() -> None:
    cases = _cases()
    assert len(cases) >= 60
    assert len({c["id"] for c in cases}) == len(cases)
    for case in cases:
        pos = 0
        for sentence in case["sentences"]:
            assert sentence == sentence.strip()
            pos = case["text"].index(sentence, pos) + len(sentence)


def test_hard_set_accuracy_floor() -> None:
    cases = _cases()
    wrong = [c["id"] for c in cases if _sentences(c["text"]) != c["sentences"]]
    accuracy = 1 - len(wrong) / len(cases)
    assert accuracy >= HARD_SET_FLOOR, f"accuracy {accuracy:.3f}; wrong: {wrong}"


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            'He said. "Next one." Then he left.',
            ["He said.", '"Next one."', "Then he left."],
        ),
        (
            '"We still do not see a solution." Foreign Minister Ricardo Patino told reporters.',
            ['"We still do not see a solution." Foreign Minister Ricardo Patino told reporters.'],
        ),
        (
            '"I am in here for murder." Smith said he was innocent.',
            ['"I am in here for murder."', "Smith said he was innocent."],
        ),
        (
            'He called it "a wordless assault." Holtzman told USA TODAY he was on a call.',
            [
                'He called it "a wordless assault."',
                "Holtzman told USA TODAY he was on a call.",
            ],
        ),
        (
            '"It is over." Smith told the BBC on Monday.',
            ['"It is over." Smith told the BBC on Monday.'],
        ),
        (
            "Gov. Brown met Lt. Col. Smith on Jan. 5 at 3 p.m. Friday. It rained.",
            ["Gov. Brown met Lt. Col. Smith on Jan. 5 at 3 p.m. Friday.", "It rained."],
        ),
        (
            "J. K. Rowling earned $6.5 million. She paid tax.",
            ["J. K. Rowling earned $6.5 million.", "She paid tax."],
        ),
        ("Title Line Here\nThe body starts here.", ["Title Line Here", "The body starts here."]),
        ("One para\n\ntwo para", ["One para", "two para"]),
        ("• first item\n• second item", ["first item", "second item"]),
        (
            "Key facts\n1. Rates rose.\n2. Markets fell.",
            ["Key facts", "1. Rates rose.", "2. Markets fell."],
        ),
        ("The sun rose… Then it set.", ["The sun rose…", "Then it set."]),
        (
            'the deal was signed by mr. smith in the u.s. on monday . " we are happy , " he said .',
            [
                "the deal was signed by mr. smith in the u.s. on monday .",
                '" we are happy , " he said .',
            ],
        ),
    ],
)
def test_cases(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_empty_and_blank() -> None:
    assert sentence_spans("") == []
    assert sentence_spans(" \n\n\t ") == []
    assert _sentences("...") == ["..."]


def test_deterministic_across_calls() -> None:
    text = "Mr. Smith went to Washington. He met the U.S. president. It was 5 p.m. Friday."
    assert sentence_spans(text) == sentence_spans(text) == sentence_spans(text)


def test_split_sentences_offsets() -> None:
    text = "Skip to main content\n\nThe U.K. said no. Ecuador said yes."
    article = Article(id="a1", text=text)
    sentences = split_sentences(article)
    assert [s.index for s in sentences] == [0, 1, 2]
    assert [s.text for s in sentences] == [
        "Skip to main content",
        "The U.K. said no.",
        "Ecuador said yes.",
    ]
    for s in sentences:
        assert s.article_id == "a1"
        assert text[s.start : s.end] == s.text


_ALPHABET = st.sampled_from(
    list("abcXYZ .!?\"'”“…()-•*\n\t$0123456789") + ["Mr.", "U.S.", " said", "\n\n", "..."]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_offsets_exact(text: str) -> None:
    spans = sentence_spans(text)
    prev_end = 0
    for start, end in spans:
        assert 0 <= prev_end <= start < end <= len(text)
        sentence = text[start:end]
        assert sentence == sentence.strip()
        prev_end = end
    # Nothing but whitespace and bullet markers is left out of the sentences.
    covered: set[int] = set()
    for start, end in spans:
        covered.update(range(start, end))
    dropped = {text[i] for i in range(len(text)) if i not in covered}
    assert dropped <= set(" \t\n\u2028\u2029•●▪◦‣►▸·■□➢✓*-–—")


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_offsets_exact_any_text(text: str) -> None:
    prev_end = 0
    for start, end in sentence_spans(text):
        assert prev_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        prev_end = end


def _seed(name_prefix: str) -> str:
    if not SEED_CLUSTER.is_dir():
        pytest.skip(f"seed-cluster fixture not found at {SEED_CLUSTER}")
    paths = sorted(SEED_CLUSTER.glob(f"{name_prefix}_*.txt"))
    if not paths:
        pytest.skip(f"no seed-cluster article {name_prefix} in {SEED_CLUSTER}")
    return paths[0].read_text(encoding="utf-8")


def _sentence_containing(sentences: list[str], needle: str) -> str:
    hits = [s for s in sentences if needle in s]
    assert hits, f"no sentence contains {needle!r}"
    return hits[0]


def test_seed_cnn_article() -> None:
    sentences = _sentences(_seed("000"))
    # "Mr. Assange" is not split.
    _sentence_containing(sentences, "extradite Mr. Assange to Sweden")
    _sentence_containing(sentences, "a diplomatic solution to Mr. Assange's case")
    _sentence_containing(sentences, "for the U.S. government to end its actions")
    # "the U.S. government"-style abbreviations are not split.
    _sentence_containing(sentences, "Several U.S. officials have asserted")
    # The quote ends with a period and its attribution follows: one sentence.
    patino = _sentence_containing(
        sentences, "We still do not see, of course, an immediate solution, but"
    )
    assert "Ricardo Patino told reporters" in patino
    # Layout: headline and byline lines are sentences of their own.
    assert "Skip to main content" in sentences
    assert "By the CNN Wire Staff" in sentences
    # Bullets: one sentence each, marker left out.
    assert "Both diplomats agree to meet again to discuss the issue" in sentences


def test_seed_bloomberg_article() -> None:
    sentences = _sentences(_seed("001"))
    assert sentences[0] == "Assange Trapped One Year After U.K. Talks With Ecuador Stall"
    _sentence_containing(sentences, "The U.K. Foreign Office said no")
    _sentence_containing(sentences, "The U.K. government said in August")
    s = _sentence_containing(sentences, "turned over to the U.S., where it says")
    assert s.endswith("through WikiLeaks.")


def test_seed_ibtimes_article() -> None:
    sentences = _sentences(_seed("002"))
    s = _sentence_containing(sentences, "would not face a fair trial in the U.S., facing")
    assert s.endswith("he said.")
    assert '"We are surprised," he said.' in sentences
