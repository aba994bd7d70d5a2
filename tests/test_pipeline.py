from pathlib import Path

import pytest

import newsdesk
from newsdesk import BriefOptions, NoArticlesError

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "assange"


def test_brief_of_example_has_cited_sentences_within_budget():
    result = newsdesk.read_articles(EXAMPLE)
    assert len(result.articles) == 3
    b = newsdesk.brief(result.articles, options=BriefOptions(words=120))
    assert 60 <= b.words <= 180
    ids = {a.id for a in result.articles}
    for s in b.sentences:
        first = s.citations[0]
        assert first.article_id in ids
        assert b.article(first.article_id).text[first.start : first.end] == s.text


def test_brief_needs_articles():
    with pytest.raises(NoArticlesError):
        newsdesk.brief([])


def test_options_are_validated():
    with pytest.raises(ValueError, match="positive"):
        BriefOptions(words=0)
    with pytest.raises(ValueError, match="choose one of"):
        BriefOptions(method="nope")
