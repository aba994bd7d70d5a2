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


def test_age_conflict_has_one_side_per_source() -> None:
    analysis = analyze(
        docs_of(
            "A leopard ate a ranger's two and a half year old child at Mweya Lodge in Uganda.",
            "Wardens in Uganda hunt a leopard that ate a ranger's three-year-old son at Mweya.",
            "A 2-year-old toddler was killed by a leopard at Mweya Lodge in Uganda on Friday.",
        )
    )
    [c] = [c for c in analysis.conflicts if c.what == "age"]
    assert c.values == ("two and a half year old", "three-year-old", "2-year-old")
    assert [s.citations[0].article_id for s in c.statements] == ["a0", "a1", "a2"]


def test_ages_of_two_different_people_do_not_conflict() -> None:
    analysis = analyze(
        docs_of(
            "Jesse Matthew is charged in the death of 18-year-old student Hannah Graham.",
            "Jesse Matthew faces charges in the death of 20-year-old student Morgan Harrington.",
        )
    )
    assert not [c for c in analysis.conflicts if c.what == "age"]


def test_framed_count_conflict_without_sentence_alignment() -> None:
    analysis = analyze(
        docs_of(
            "Four people are in custody, including one North Korean man and two women.",
            "Malaysia has three people in custody in connection with the Kuala Lumpur death.",
        )
    )
    [c] = analysis.conflicts
    assert c.kind == "count" and c.values == ("Four people", "three people")


def test_day_conflict_needs_close_alignment_and_close_days() -> None:
    same = analyze(
        docs_of(
            "In a BuzzFeed article posted Oct. 30, actor Anthony Rapp alleged that Kevin Spacey "
            "made sexual advances toward him when he was 14.",
            "Anthony Rapp told BuzzFeed in an interview on Oct. 29 that Kevin Spacey made sexual "
            "advances toward him in 1986, when he was 14.",
        )
    )
    assert [c.values for c in same.conflicts if c.kind == "date"] == [("Oct. 30", "Oct. 29")]
    apart = analyze(
        docs_of(
            "Robert Durst appears in a New York courtroom for his trespassing trial on Dec. 10.",
            "Robert Durst appears in a Houston courtroom for his trespassing trial on Aug. 15.",
        )
    )
    assert not [c for c in apart.conflicts if c.kind == "date"]


def test_shared_words_are_not_agreement() -> None:
    analysis = analyze(
        docs_of(
            "Patino called on British authorities to reconsider the case, given Ecuador's "
            'granting of asylum and "the right to not be extradited."',
            'He claimed the letter was "a clear attack on Ecuador\'s rights to grant asylum".',
        )
    )
    assert analysis.agreements == ()


def test_agreement_cites_sources_in_order() -> None:
    s = "Ecuador granted Julian Assange asylum in August after he entered its London embassy."
    analysis = analyze(docs_of(s, "Filler sentence about the weather in Quito today.", s, s))
    [f] = analysis.agreements
    assert [c.article_id for c in f.citations] == ["a0", "a2", "a3"]
