from __future__ import annotations

from _analysis_helpers import docs_of
from newsdesk.analyze import analyze


def test_count_conflict_between_aligned_statements() -> None:
    analysis = analyze(
        docs_of(
            "Police in Denver said two men were arrested after the Main Street bank robbery.",
            "Police in Denver said three men were arrested after the Main Street bank robbery.",
        )
    )
    [c] = analysis.conflicts
    assert c.kind == "count"
    assert set(c.values) == {"two men", "three men"}
    assert {s.citations[0].article_id for s in c.statements} == {"a0", "a1"}


def test_no_conflict_between_unrelated_statements() -> None:
    analysis = analyze(
        docs_of(
            "Two men were seen near the Denver bank on Friday evening by a guard.",
            "Farmers in Iowa expect three good harvests after heavy rain this spring season.",
        )
    )
    assert analysis.conflicts == ()


def test_agreeing_sources_make_a_fact() -> None:
    s = "The Denver bank robbery left two men injured, police chief Ann Lee said on Friday."
    analysis = analyze(docs_of(s, s.replace("left", "has left")))
    assert analysis.conflicts == ()
    assert analysis.agreements and len(analysis.agreements[0].article_ids) == 2
