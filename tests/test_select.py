"""sentence_matrix must give scikit-learn's TF-IDF numbers: the shipped model was trained
on features computed with them."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from newsdesk.summarize.select import sentence_matrix
from newsdesk.text import STOPWORDS, WORD

TEXTS = [
    "Ecuador granted Assange asylum in August, but he faces arrest in Britain.",
    "The U.K. and Ecuador made no breakthrough today in talks on the impasse.",
    "Assange, an Australian national, sought asylum in Ecuador's embassy in London.",
    "the the the and of",  # stopwords only: an all-zero row
    "Asylum asylum asylum: Ecuador, Ecuador.",
]


def _reference(texts: list[str]) -> np.ndarray:
    vec = TfidfVectorizer(
        lowercase=True,
        token_pattern=None,
        tokenizer=lambda t: [w for w in WORD.findall(t.lower()) if w not in STOPWORDS],
        sublinear_tf=True,
    )
    x = vec.fit_transform(texts)
    return (x @ x.T).toarray()


def test_cosines_match_scikit_learn() -> None:
    ours = sentence_matrix(TEXTS)
    np.testing.assert_allclose((ours @ ours.T).toarray(), _reference(TEXTS), atol=1e-12)


def test_rows_are_unit_length_or_zero() -> None:
    norms = np.sqrt(np.asarray(sentence_matrix(TEXTS).multiply(sentence_matrix(TEXTS)).sum(1)))
    assert norms.ravel() == pytest.approx([1, 1, 1, 0, 1])


def test_only_stopwords_gives_one_empty_column() -> None:
    assert sentence_matrix(["the and of", "a"]).shape == (2, 1)
    assert sentence_matrix([]).shape == (0, 1)


def test_a_chain_of_sentences_kept_after_each_other_is_read_in_one_run() -> None:
    from newsdesk.model import Article
    from newsdesk.pipeline import documents
    from newsdesk.summarize.select import order_for_reading

    a = documents([Article(id="a", text="One. Two. Three. Four. Five. Six. Seven. Eight.")])[0]
    b = documents([Article(id="b", text="Alpha. Beta. Gamma. Delta.")])[0]
    chosen = [a.sentences[2], a.sentences[3], a.sentences[4], b.sentences[1]]
    # b's second sentence sits, by relative position, between a's third and fifth
    order = order_for_reading(chosen, [a, b], keep_after={("a", 3), ("a", 4)})
    assert [s.text for s in order] == ["Three.", "Four.", "Five.", "Beta."]
    loose = order_for_reading(chosen, [a, b])
    assert [s.text for s in loose] != [s.text for s in order]
