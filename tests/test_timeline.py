from __future__ import annotations

import datetime as dt

from _analysis_helpers import docs_of
from newsdesk.analyze.timeline import build_timeline, resolve

FRI = dt.date(2012, 9, 28)  # a Friday


def test_resolve_relative_phrases() -> None:
    assert resolve("wd", "Thursday", FRI) == (dt.date(2012, 9, 27), "day", None)
    assert resolve("m", "August", FRI)[:2] == (dt.date(2012, 8, 1), "month")
    assert resolve("m", "November", FRI)[:2] == (dt.date(2011, 11, 1), "month")  # the past
    assert resolve("md_last", "June 19 last year", dt.date(2013, 6, 18))[:2] == (
        dt.date(2012, 6, 19),
        "day",
    )
    assert resolve("rel", "yesterday", FRI)[:2] == (dt.date(2012, 9, 27), "day")
    assert resolve("mdy", "September 28, 2012", None)[:2] == (FRI, "day")
    assert resolve("wd", "Thursday", None) == (None, None, None)


def test_spans_in_running_text() -> None:
    text = (
        "The talks ended on Thursday. For much of 2011 the man stayed home. "
        "He left on September 28, 2012, and came back in August. We met today."
    )
    events = build_timeline(docs_of(text, published=FRI))
    exprs = {e.expression: (e.date, e.precision) for e in events}
    assert exprs["Thursday"] == (dt.date(2012, 9, 27), "day")
    assert exprs["September 28, 2012"] == (FRI, "day")
    assert exprs["today"] == (FRI, "day")
    assert "We" not in exprs
    assert [e.date for e in events if e.date] == sorted(e.date for e in events if e.date)


def test_undated_article_is_not_invented() -> None:
    events = build_timeline(docs_of("The mayor resigned on Thursday after a vote."))
    assert [(e.date, e.precision) for e in events] == [(None, None)]


def test_future_tense_resolves_forward() -> None:
    events = build_timeline(docs_of("The court will rule on Monday.", published=FRI))
    assert events[0].date == dt.date(2012, 10, 1)


def test_publication_line_in_the_text_anchors_an_undated_article() -> None:
    from newsdesk.analyze.timeline import published_in_text

    text = (
        "Officer replaces ring Posted: Monday, June 23, 2014 11:03 PM EDT\n\n"
        "The ring had been on her finger for 67 years, until Saturday when it went missing."
    )
    assert published_in_text(text) == dt.date(2014, 6, 23)
    [ev] = build_timeline(docs_of(text))
    assert (ev.date, ev.precision) == (dt.date(2014, 6, 21), "day")
    # an update line is not a publication date, and nothing else is guessed
    assert published_in_text("Updated: Monday, June 23, 2014") is None


def test_weekday_before_a_full_date_is_that_date() -> None:
    # the weekday is read with the date after it, even where it would resolve otherwise
    text = "FILE - In this Monday, May 31, 1999 file photo, the couple walk on the beach."
    events = build_timeline(docs_of(text, published=FRI))
    assert [(e.expression, e.date, e.precision) for e in events] == [
        ("this Monday, May 31, 1999", dt.date(1999, 5, 31), "day")
    ]
    # a weekday followed by an unrelated date elsewhere keeps its own reading
    later = build_timeline(
        docs_of("He left on Thursday. On May 31, 1999 he was born.", published=FRI)
    )
    assert {e.expression: e.date for e in later}["Thursday"] == dt.date(2012, 9, 27)


def test_capitalised_prepositions_years_as_modifiers_and_months() -> None:
    text = (
        "In June, a gunman stormed the newsroom. Between 2000 and 2016 the rate rose. "
        "After a 2005 settlement, the firm moved. The 2000 people left. "
        "The campaign launched last month."
    )
    events = build_timeline(docs_of(text, published=FRI))
    got = {e.expression: (e.date, e.precision) for e in events}
    assert got["June"] == (dt.date(2012, 6, 1), "month")
    assert got["2000"] == (dt.date(2000, 1, 1), "year")
    assert got["2005"] == (dt.date(2005, 1, 1), "year")
    assert got["last month"] == (dt.date(2012, 8, 1), "month")
    # a count of people is not a year
    assert not any("people" in e.text and e.expression == "2000" for e in events)
