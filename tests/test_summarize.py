"""Summarizers: the shared calling convention, budgets, redundancy, and the oracle."""

from __future__ import annotations

import pytest

from newsdesk.evaluate.rouge import rouge_f1, rouge_tokens
from newsdesk.model import Article, article_id
from newsdesk.pipeline import documents
from newsdesk.summarize import SUMMARIZERS, get_summarizer
from newsdesk.summarize.baselines import oracle_select
from newsdesk.summarize.features import FEATURES, cluster_features
from newsdesk.summarize.learned import MODEL_PATH

TEXTS = [
    "The city council voted on Tuesday to close the old bridge. Engineers found cracks in "
    "two of its supports last month. The bridge carries 20,000 cars a day. Mayor Ann Lee "
    "said the closure would last at least a year. Drivers will be sent over the river by "
    "the north road.",
    "Officials closed the old bridge after the council vote on Tuesday. Engineers had found "
    'cracks in its supports. "We cannot take risks with people\'s lives," Mayor Ann Lee '
    "said. A new bridge could cost $ 40 million, the council said. Local shops fear lost "
    "trade during the closure.",
    "Cracks in the supports of the old bridge led the council to close it on Tuesday. The "
    "repairs will take a year, the mayor said. Shop owners near the bridge said they were "
    "worried about losing customers. Some residents asked for a ferry service.",
]


def _docs():
    return documents([Article(id=article_id(t), text=t) for t in TEXTS])


@pytest.mark.parametrize("name", ["centroid", "first3", "lexrank"])
def test_builtin_summarizers_pick_sentences_of_the_cluster(name: str) -> None:
    docs = _docs()
    allowed = {(s.article_id, s.start, s.end) for d in docs for s in d.sentences}
    chosen = get_summarizer(name).select(docs, words=40)
    assert chosen
    assert all((s.article_id, s.start, s.end) in allowed for s in chosen)
    assert len({(s.article_id, s.start) for s in chosen}) == len(chosen)


def test_first3_takes_the_leads_of_every_source() -> None:
    docs = _docs()
    chosen = get_summarizer("first3").select(docs, words=10)
    assert [(s.article_id, s.index) for s in chosen] == [
        (d.article.id, i) for d in docs for i in range(3)
    ]


@pytest.mark.parametrize("name", ["centroid", "lexrank"])
def test_budget_is_respected_roughly(name: str) -> None:
    docs = _docs()
    short = get_summarizer(name).select(docs, words=20)
    long = get_summarizer(name).select(docs, words=80)
    n_short = sum(len(s.text.split()) for s in short)
    n_long = sum(len(s.text.split()) for s in long)
    assert n_short < n_long
    assert n_short <= 20 + 20  # may overrun by less than one sentence


def test_summarizers_handle_an_empty_cluster() -> None:
    for name in SUMMARIZERS:
        if name == "learned" and not MODEL_PATH.is_file():
            continue
        assert get_summarizer(name).select([], words=50) == []


def test_features_have_one_row_per_sentence() -> None:
    docs = _docs()
    feats = cluster_features(docs)
    n = sum(len(d.sentences) for d in docs)
    assert feats.X.shape == (n, len(FEATURES))
    assert feats.sim.shape == (n, n)
    col = FEATURES.index("is_first")
    assert feats.X[:, col].sum() == len(docs)
    # "Cracks ... supports" is carried by all three sources: support counts other documents
    support = feats.X[:, FEATURES.index("support_docs")]
    assert support.max() >= 1


def test_oracle_beats_every_single_sentence_and_uses_reference() -> None:
    docs = _docs()
    sents = [s for d in docs for s in d.sentences]
    reference = (
        "The council closed the old bridge on Tuesday after engineers found cracks in its "
        "supports. The closure will last a year, the mayor said."
    )
    picked = oracle_select([rouge_tokens(s.text) for s in sents], rouge_tokens(reference))
    assert picked
    summary = "\n".join(sents[i].text for i in sorted(picked))
    best_single = max(rouge_f1([reference], [s.text])[0][0] for s in sents)
    assert rouge_f1([reference], [summary])[0][0] >= best_single - 1e-9


def test_oracle_with_nothing_in_common_picks_nothing() -> None:
    assert oracle_select([["alpha", "beta"]], ["gamma", "delta"]) == []
    assert oracle_select([], ["gamma"]) == []


@pytest.mark.skipif(
    not MODEL_PATH.is_file(), reason="model not trained: scripts/train_summarizer.py"
)
def test_learned_summarizer_selects_within_budget() -> None:
    docs = _docs()
    chosen = get_summarizer("learned").select(docs, words=40)
    assert chosen
    assert sum(len(s.text.split()) for s in chosen) < 40 + 40


def test_missing_model_names_the_script(tmp_path) -> None:
    from newsdesk.errors import DataMissingError
    from newsdesk.summarize.learned import LearnedSummarizer

    s = LearnedSummarizer(model_path=tmp_path / "absent.lgb.txt")
    with pytest.raises(DataMissingError, match="scripts/train_summarizer.py"):
        s.select(_docs(), words=40)


def _train_script():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "scripts" / "train_summarizer.py"
    spec = importlib.util.spec_from_file_location("train_summarizer", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_training_labels_align_with_the_candidates_the_summarizer_sees() -> None:
    import json

    import numpy as np

    reference = "The council closed the old bridge on Tuesday after engineers found cracks."
    line = json.dumps({"id": "x", "documents": TEXTS, "summary": reference})
    out = _train_script().label_cluster(line, label="mixed")
    assert out is not None
    X, y = out
    assert X.shape == (len(y), len(FEATURES))
    assert ((y >= 0) & (y <= 1)).all()
    # the lead that restates the reference is labelled above the ferry sentence
    n0 = len(documents([Article(id=article_id(TEXTS[0]), text=TEXTS[0])])[0].sentences)
    n1 = len(documents([Article(id=article_id(TEXTS[1]), text=TEXTS[1])])[0].sentences)
    assert y[0] > y[n0 + n1 + 3]
    assert int(np.argmax(y)) in (0, n0, n0 + n1)


def test_redundant_sentences_are_skipped() -> None:
    import numpy as np

    from newsdesk.summarize.learned import select_by_score

    docs = _docs()
    sents = [s for d in docs for s in d.sentences][:3]
    sim = np.array([[0, 0.9, 0.1], [0.9, 0, 0.1], [0.1, 0.1, 0]], dtype=np.float32)
    picked = select_by_score(sents, np.array([3.0, 2.0, 1.0]), sim, words=500, redundancy=0.3)
    assert picked == [0, 2]


def test_a_dangling_opener_needs_the_sentence_before_it() -> None:
    import numpy as np

    from newsdesk.model import Sentence
    from newsdesk.summarize.learned import DANGLING, select_by_score

    text = "The talks failed on Thursday. Instead, the ministers set up a working group."
    first = Sentence("a", 0, 0, 29, text[:29])
    second = Sentence("a", 1, 30, len(text), text[30:])
    other = Sentence("b", 0, 0, 30, "Ecuador granted asylum in August.")
    sim = np.zeros((3, 3), dtype=np.float32)
    # "Instead, ..." scores best, but its predecessor is not chosen before it: skipped.
    picked = select_by_score(
        [first, second, other],
        np.array([2.0, 3.0, 1.0]),
        sim,
        words=500,
        redundancy=0.3,
        dangling=DANGLING,
    )
    assert picked == [0, 2]
    picked = select_by_score(
        [second, first, other],
        np.array([3.0, 2.0, 1.0]),
        sim,
        words=500,
        redundancy=0.3,
        dangling=frozenset(),
    )
    assert picked == [0, 1, 2]
