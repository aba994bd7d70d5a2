from __future__ import annotations

import datetime as dt
from dataclasses import replace

from _analysis_helpers import docs_of
from newsdesk.analyze.timeline import build_timeline, resolve
from newsdesk.clean import clean_text
from newsdesk.model import Article
from newsdesk.pipeline import documents

FRI = dt.date(2012, 9, 28)  # a Friday


def _cluster_dates(*texts: str) -> dict[str, tuple[dt.date | None, str | None]]:
    """expression → (date, precision) of the timeline of undated articles ``texts``."""
    return {e.expression: (e.date, e.precision) for e in build_timeline(docs_of(*texts))}


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
    # a day up to a week after the article's date is the coming one, later ones the past
    assert resolve("md", "Oct. 3", FRI)[:2] == (dt.date(2012, 10, 3), "day")
    assert resolve("md", "Oct. 12", FRI)[:2] == (dt.date(2011, 10, 12), "day")
    # a month of a year named relative to the article's ("January last year")
    assert resolve("my_rel", "January last year", FRI)[:2] == (dt.date(2011, 1, 1), "month")
    assert resolve("my_rel", "March of this year", FRI)[:2] == (dt.date(2012, 3, 1), "month")
    assert resolve("my_rel", "May next year", None) == (None, None, None)


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
    # a plan told in the past tense is still ahead of the article
    events = build_timeline(docs_of("They were scheduled to appear Monday.", published=FRI))
    assert events[0].date == dt.date(2012, 10, 1)
    events = build_timeline(docs_of("On Saturday, he’ll hold a rally.", published=FRI))
    assert events[0].date == dt.date(2012, 9, 29)
    # "slated for", "as soon as": plans, though no verb is in the future tense
    # "due to", "preparing to", "has scheduled ... for": plans too
    for text in (
        "A rally slated for Saturday in Florida.",
        "It could launch as soon as Saturday.",
        "The assembly, due to hold its first session on Saturday, has no powers yet.",
        "Protesters are preparing to take to the streets on Saturday.",
        "The council has scheduled its first session for Saturday.",
    ):
        events = build_timeline(docs_of(text, published=FRI))
        assert events[0].date == dt.date(2012, 9, 29), text
    # but a plan the past perfect tells was for a day gone by
    events = build_timeline(
        docs_of("He had a hearing scheduled for Wednesday on other charges.", published=FRI)
    )
    assert events[0].date == dt.date(2012, 9, 26)


def test_today_opening_a_sentence_is_a_day_but_not_a_name() -> None:
    text = "The vote was close. Today President Obama spoke. USA Today reported it. Today show."
    got = [(e.expression, e.date) for e in build_timeline(docs_of(text, published=FRI))]
    assert got == [("Today", FRI)]


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


def test_undated_phrases_are_kept_as_undated_events() -> None:
    # a week has no precision, a holiday without its year is not placed: undated events,
    # in a dated article as in an undated one, even beside a dated phrase
    text = (
        "Last week, he filed a suit. She recalls how one Christmas she took sweets to them. "
        "He walked out the day before Thanksgiving. They were sued last month over abuse "
        "in 1998. He went Christmas shopping. The board met several times over the last week."
    )
    for published in (None, FRI):
        got = {e.expression: e.date for e in build_timeline(docs_of(text, published=published))}
        assert got["Last week"] is None
        assert got["Christmas"] is None and got["Thanksgiving"] is None
        assert "1998" in got and "last month" in got
        assert list(got).count("Christmas") == 1  # not "Christmas shopping"
        assert "last week" not in got  # "over the last week" is a duration
    # a holiday with its year written is that day
    [ev] = build_timeline(docs_of("She vanished the day before Christmas 2002."))
    assert (ev.date, ev.precision) == (dt.date(2002, 12, 25), "day")
    [ev] = build_timeline(docs_of("He was shot on Easter Sunday, April 8, 2012, at home."))
    assert (ev.expression, ev.date) == ("Easter Sunday, April 8, 2012", dt.date(2012, 4, 8))


def test_month_named_with_last_this_next_and_capitalised_relatives() -> None:
    text = (
        "In May the rebels used gas. A speech by May was cancelled. "
        "He has been missing since last November. The vote is due this November. "
        "The plant opens next May. Last year, sales fell. Yesterday he resigned."
    )
    got = {
        e.expression: (e.date, e.precision) for e in build_timeline(docs_of(text, published=FRI))
    }
    assert got["last November"] == (dt.date(2011, 11, 1), "month")
    assert got["this November"] == (dt.date(2012, 11, 1), "month")
    assert got["next May"] == (dt.date(2013, 5, 1), "month")
    assert got["Last year"] == (dt.date(2011, 1, 1), "year")
    assert got["Yesterday"] == (dt.date(2012, 9, 27), "day")
    assert got["May"] == (dt.date(2012, 5, 1), "month")  # "In May", once: not "by May"
    assert sum(e.expression == "May" for e in build_timeline(docs_of(text, published=FRI))) == 1
    # without a date they stay undated
    undated = {e.expression: e.date for e in build_timeline(docs_of(text))}
    assert undated["last November"] is None and undated["May"] is None


def test_the_date_before_sets_the_year_of_a_bare_day_or_following_month() -> None:
    text = (
        "The boy was swept into the river in January of 2011. A jawbone found the following "
        "September was identified in 2013.\n\n"
        "They disappeared with their mother in December of 1977. She had driven into town on "
        "Dec. 10 to buy groceries.\n\n"
        "The case was filed on March 3, 2009. On April 5 the judge ruled."
    )
    for published in (None, FRI):
        got = {
            e.expression: (e.date, e.precision)
            for e in build_timeline(docs_of(text, published=published))
        }
        assert got["the following September"] == (dt.date(2011, 9, 1), "month")
        assert got["Dec. 10"] == (dt.date(1977, 12, 10), "day")
    # a day of another month is not read in the year of the date before it
    dated = {e.expression: e.date for e in build_timeline(docs_of(text, published=FRI))}
    assert dated["April 5"] == dt.date(2012, 4, 5)
    # nor across a paragraph break
    far = "They disappeared in December of 1977.\n\nShe drove into town on Dec. 10."
    got_far = {e.expression: e.date for e in build_timeline(docs_of(far, published=FRI))}
    assert got_far["Dec. 10"] == dt.date(2011, 12, 10)


def test_bare_month_in_an_undated_article_takes_the_story_year() -> None:
    dated = Article(id="a0", text="A gunman shot three workers on Thursday.", published=FRI)
    undated = Article(
        id="a1",
        text="In June, a gunman stormed a newsroom. And Thursday's shootings shocked the town.",
    )
    got = {
        (e.citations[0].article_id, e.expression): e.date
        for e in build_timeline(documents([dated, undated]))
    }
    assert got["a1", "June"] == dt.date(2012, 6, 1)
    assert got["a0", "Thursday"] == dt.date(2012, 9, 27)
    # the undated article reads its relative day against the story's date
    assert got["a1", "Thursday"] == dt.date(2012, 9, 27)
    # an article whose own text places it in another year ("June 19 last year", dated by
    # another article) does not take the story's year for a bare month
    later = Article(id="a2", text="He fled on June 19 last year. In August he was charged.")
    first = Article(id="a3", text="He fled on June 19, the police said.", published=FRI)
    events = build_timeline(documents([first, later]))
    assert next(e for e in events if e.expression == "August").date is None


def test_bare_day_and_month_in_a_cluster_without_dates() -> None:
    # no article is dated: a bare day is read nearest the latest full date written, a bare
    # month only when a written date names that month
    texts = (
        "She was reported missing on Nov. 18, 2017, by her mother.",
        "When her story was reported by media on Feb. 2, she tweeted. In November, she was "
        "reported missing. She was arrested in a motel in October.",
    )
    got = _cluster_dates(*texts)
    assert got["Feb. 2"] == (dt.date(2018, 2, 2), "day")
    assert got["November"] == (dt.date(2017, 11, 1), "month")
    assert got["October"] == (None, None)


def test_embedded_tweets_date_an_undated_page() -> None:
    body = (
        "A woman shot three people at a warehouse in Aberdeen on Thursday, the sheriff said.\n\n"
        "Multiple sources say this is the vehicle of the suspect. pic.twitter.com/FIp60 "
        "— Lowell Melser (@MelserWBAL) September 20, 2018\n\n"
        "Deputies arrived five minutes later and found the shooter, officials said today.\n\n"
        "We can confirm a shooting in the area. — Harford Sheriff (@Harford_Sheriff) "
        "September 19, 2018\n\n"
        "The county executive spoke of last year's shooting at a granite company nearby."
    )
    c = clean_text(body)
    assert c.published == dt.date(2018, 9, 20)  # the latest tweet
    events = build_timeline(documents([Article(id="a", text=c.text, published=c.published)]))
    got = {e.expression: (e.date, e.precision) for e in events}
    assert got["Thursday"] == (dt.date(2018, 9, 20), "day")
    assert got["today"] == (dt.date(2018, 9, 20), "day")
    assert got["last year"] == (dt.date(2017, 1, 1), "year")
    # a page that reports a later day than its tweets is not dated by them
    later = body + "\n\nThe funeral was held on Sept. 28, the family said in a statement."
    assert clean_text(later).published is None


TUE = dt.date(2018, 9, 25)  # a Tuesday


def _dates(
    text: str, published: dt.date | None = TUE
) -> dict[str, tuple[dt.date | None, str | None]]:
    return {
        e.expression: (e.date, e.precision)
        for e in build_timeline(docs_of(text, published=published))
    }


def test_years_and_months_written_as_modifiers_or_in_brackets() -> None:
    got = _dates(
        "He stood behind the 2008 Republican nominee. The film follows the striking 2002 novel. "
        "His Heavenly Creatures (1994) was a study of murder. Thieves have used it since at "
        "least 2009. Wyatt called the April trial a lynching. The breach began in mid-July."
    )
    assert got["2008"] == (dt.date(2008, 1, 1), "year")
    assert got["2002"] == (dt.date(2002, 1, 1), "year")
    assert got["1994"] == (dt.date(1994, 1, 1), "year")
    assert got["2009"] == (dt.date(2009, 1, 1), "year")
    assert got["April"] == (dt.date(2018, 4, 1), "month")
    assert any(k.endswith("July") and v == (dt.date(2018, 7, 1), "month") for k, v in got.items())
    # counts, ranges, a prime minister and a car's model year are not dates
    got = _dates(
        "The remaining 2000 troops left. The 1990-1995 period was calm. The May government fell. "
        "He drove off in his black 2008 Porsche."
    )
    assert not any(v[0] for v in got.values())


def test_this_year_and_tomorrow() -> None:
    got = _dates("Sales fell this year. The vote is tomorrow. Prices rise next year.")
    assert got["this year"] == (dt.date(2018, 1, 1), "year")
    assert got["tomorrow"] == (dt.date(2018, 9, 26), "day")
    assert got["next year"] == (dt.date(2019, 1, 1), "year")
    # with no date to read them against they are undated, never guessed
    assert _dates("Sales fell this year.", published=None)["this year"] == (None, None)


def test_future_tense_is_read_in_the_dates_own_clause() -> None:
    got = _dates(
        "She is set to testify before the committee on Thursday.\n\n"
        "On Sunday, a second accuser stepped forward.\n\n"
        "Paul Manafort, who was only appointed in April, will remain chairman.\n\n"
        "On Friday, the court will rule on the appeal."
    )
    assert got["Thursday"] == (dt.date(2018, 9, 27), "day")  # future
    assert got["Sunday"] == (
        dt.date(2018, 9, 23),
        "day",
    )  # past: the sentence before is not its clause
    assert got["April"] == (dt.date(2018, 4, 1), "month")  # past: "will remain" is another clause
    assert got["Friday"] == (dt.date(2018, 9, 28), "day")  # a date opening its sentence


def test_an_undated_article_reads_weekdays_against_its_storys_date() -> None:
    mon = dt.date(2015, 7, 13)
    dated = Article(id="a", text="The girl was found on Monday after the crash.", published=mon)
    undated = Article(
        id="b",
        text=(
            "The plane left Montana on Saturday. She called her father on Monday. The "
            "wreck had not been found by Tuesday morning."
        ),
    )
    got = {
        (e.expression, e.citations[0].article_id): e.date
        for e in build_timeline(documents([dated, undated]))
    }
    assert got[("Saturday", "b")] == dt.date(2015, 7, 11)
    assert got[("Monday", "b")] == mon
    # the undated article may be a day newer than the story's latest dated one
    assert got[("Tuesday morning", "b")] == dt.date(2015, 7, 14)


def test_an_undated_article_of_a_story_told_over_weeks_borrows_nothing() -> None:
    early = Article(id="a", text="The trial opened on Monday.", published=dt.date(2015, 6, 1))
    late = Article(id="c", text="The jury met on Friday.", published=dt.date(2015, 7, 13))
    undated = Article(id="b", text="The verdict came on Thursday.")
    events = build_timeline(documents([early, late, undated]))
    assert next(e.date for e in events if e.expression == "Thursday") is None


def test_years_in_a_range_and_before_a_name_in_capitals_or_quotes() -> None:
    got = _dates(
        "Smith hosted the show from 1987 to 1996. The tweet showed a 2007 WWE incident. "
        "In the 1992 “Star Trek” episode the sphere appears. They met on the Fourth of July."
    )
    assert got["1996"] == (dt.date(1996, 1, 1), "year")
    assert got["2007"] == (dt.date(2007, 1, 1), "year")
    assert got["1992"] == (dt.date(1992, 1, 1), "year")
    assert got["Fourth of July"] == (None, None)  # which year's is not written


def test_seasons_this_past_month_and_a_shared_year() -> None:
    got = _dates(
        "By spring 2014, the city was looking for a chief. This past November he joined Apple. "
        "Two ships listened in June and July 2009."
    )
    assert got["spring 2014"] == (dt.date(2014, 1, 1), "year")
    assert got["This past November"] == (dt.date(2017, 11, 1), "month")
    assert got["June"] == (dt.date(2009, 6, 1), "month")
    assert got["July 2009"] == (dt.date(2009, 7, 1), "month")


def test_an_undated_story_about_history_leaves_bare_days_undated() -> None:
    # the only full date is the 1995 verdict, but the story is told in 2017: "Oct. 1" is
    # not 1 October 1995
    text = (
        "Simpson was acquitted on Oct. 3, 1995.\n\nA documentary on him won an Oscar in 2017.\n\n"
        "He could be released as soon as Oct. 1."
    )
    got = _dates(text, published=None)
    assert got["Oct. 1"] == (None, None)
    # with no later year written, the latest full date still dates it
    got = _dates(
        "The app was pulled on Nov. 18, 2017. She tweeted about it on Feb. 2.", published=None
    )
    assert got["Feb. 2"] == (dt.date(2018, 2, 2), "day")


def test_fiscal_years_and_at_least() -> None:
    got = _dates(
        "The FDA approved 974 arrangements in fiscal year 2013. The acts date to at least 2011."
    )
    assert got["2013"] == (dt.date(2013, 1, 1), "year")
    assert got["2011"] == (dt.date(2011, 1, 1), "year")


def test_a_weekday_before_a_bare_day_pins_its_year_in_an_undated_article() -> None:
    text = (
        "The charges were laid in August 2017. Police said a man went into a bank on Thursday "
        "October 19 and into another one on Friday October 20.\n\n"
        "Her trial opens on Monday October 19."
    )
    got = _dates(text, published=None)
    assert got["Thursday October 19"] == (dt.date(2017, 10, 19), "day")
    assert got["Friday October 20"] == (dt.date(2017, 10, 20), "day")
    # 19 October was a Monday in 2015, two years before 2017: too far to read
    assert got["Monday October 19"] == (None, None)
    # no year written anywhere: nothing pins it
    got = _dates("Police said a man went into a bank on Thursday October 19.", published=None)
    assert got["Thursday October 19"] == (None, None)


def test_one_event_told_by_two_outlets_keeps_each_outlets_phrase() -> None:
    a = Article(id="a", text="Patino met Hague on Thursday in New York.", published=FRI)
    b = Article(id="b", text="Patino met Hague on Sept. 27 in New York.", published=FRI)
    (ev,) = build_timeline(documents([a, b]))
    assert ev.date == dt.date(2012, 9, 27)
    assert [c.article_id for c in ev.citations] == ["a", "b"]
    assert ev.phrases == ("Thursday", "Sept. 27")
    assert ev.phrase_of(1) == "Sept. 27" and ev.written() == ev.phrases


def test_a_weekday_before_a_day_picks_the_year_it_fits() -> None:
    # 16 October 2017 is a Monday; the coming 19 October is a Thursday, last year's was not
    a = Article(
        id="a",
        text="Voters in Kenya go back to the polls on Thursday October 19.",
        published=dt.date(2017, 10, 16),
    )
    (ev,) = build_timeline(documents([a]))
    assert (ev.expression, ev.date) == ("Thursday October 19", dt.date(2017, 10, 19))
    # no year fits the weekday (a slip): the day as written wins, as one phrase
    a = replace(a, text="Voters in Kenya went to the polls on Friday October 10.")
    (ev,) = build_timeline(documents([a]))
    assert (ev.expression, ev.date) == ("Friday October 10", dt.date(2017, 10, 10))


def test_a_cluster_without_dates_reads_weekdays_against_a_written_day_it_names() -> None:
    # no article is dated; one writes "Tuesday, April 16, 2013", so the story is told
    # around that Tuesday: the other's "Monday" is the day before it
    texts = (
        "Investigators on Tuesday, April 16, 2013, searched the site.",
        "Two bombs exploded near the finish line on Monday. Police spoke on Tuesday.",
    )
    got = {e.expression: e.date for e in build_timeline(docs_of(*texts))}
    assert got["Monday"] == dt.date(2013, 4, 15)
    assert got["Tuesday"] == dt.date(2013, 4, 16)
    # the written date's weekday is named nowhere: the weekdays stay undated
    texts = ("The law was signed on April 16, 2013.", "Two bombs exploded on Monday.")
    got = {e.expression: e.date for e in build_timeline(docs_of(*texts))}
    assert got["Monday"] is None


def test_a_cluster_without_dates_takes_its_year_from_a_weekday_the_day_falls_on() -> None:
    # nothing is dated and no full date is written; the story looks back on 2015 and gives
    # "Friday, March 23rd": the first year from 2015 where 23 March is a Friday is 2018
    texts = (
        "The crash occurred at 9:27 a.m. on Friday, March 23rd, on Highway 101.",
        "The driver bought the car in 2015. He died in the crash on Friday. Investigators "
        "recovered the modules on Wednesday. This past November he got a new job.",
    )
    got = _cluster_dates(*texts)
    assert got["Friday, March 23rd"] == (dt.date(2018, 3, 23), "day")
    assert got["Friday"] == (dt.date(2018, 3, 23), "day")
    # a weekday read against a written day falls up to three days either side of it
    assert got["Wednesday"] == (dt.date(2018, 3, 21), "day")
    assert got["This past November"] == (dt.date(2017, 11, 1), "month")
    # no year written anywhere: no bound on when the story was told, nothing is dated
    got = _cluster_dates(texts[0], "He died on Friday.")
    assert got == {"Friday, March 23rd": (None, None), "Friday": (None, None)}


def test_a_day_and_a_weekday_of_one_event_in_two_articles_give_the_year() -> None:
    # "filed May 3" and "filed Saturday" tell of one filing: 3 May is a Saturday in 2014,
    # the first such year from 2012, and "Monday" is two days after it
    texts = (
        "The suit was filed May 3 in federal court in Los Angeles against Goddard. Similar "
        "cases were dismissed in 2012.",
        "According to a lawsuit filed Saturday in federal court, Goddard sent the emails. "
        "The lawyer showed the photos on Monday.",
    )
    got = {e.phrases: e.date for e in build_timeline(docs_of(*texts))}
    assert got[("May 3", "Saturday")] == dt.date(2014, 5, 3)  # one event, two outlets
    assert got[("Monday",)] == dt.date(2014, 5, 5)
    # the two dates follow different words ("filed" / "hearing"): no link, nothing dated
    texts = (texts[0], "A hearing Saturday in federal court on the suit against Goddard.")
    got = _cluster_dates(*texts)
    assert got["May 3"] == got["Saturday"] == (None, None)


def test_a_cluster_naming_the_weekday_after_its_latest_written_day_is_told_that_day() -> None:
    # nothing is dated; the latest full date is Monday 2 January 2012 and the cluster names
    # Tuesday, not Monday: the story is told on the Tuesday, so "today" is 3 January
    texts = (
        "The trial resumed on Jan. 2, 2012. Egyptians voted today; the court adjourned "
        "until tomorrow.",
        "The Brotherhood stretched its lead Tuesday as Egyptians returned to the polls.",
    )
    got = _cluster_dates(*texts)
    assert got["today"] == got["Tuesday"] == (dt.date(2012, 1, 3), "day")
    assert got["tomorrow"] == (dt.date(2012, 1, 4), "day")
    # told on a known day, a bare day or month is read as against a publication date: in
    # the past, never weeks ahead of it ("Feb. 11" nearest 2 January 2012 would be 2012)
    texts = (
        texts[0],
        texts[1] + " The uprising forced him out on Feb. 11 after it broke out in January "
        "last year. He has been held since his arrest in April.",
    )
    got = _cluster_dates(*texts)
    assert got["Feb. 11"] == (dt.date(2011, 2, 11), "day")
    assert got["January last year"] == (dt.date(2011, 1, 1), "month")
    assert got["April"] == (dt.date(2011, 4, 1), "month")
    # neither that day's weekday nor the next one's is named: relative days stay undated
    texts = (texts[0], "The Brotherhood stretched its lead Thursday.")
    got = _cluster_dates(*texts)
    assert got["today"] == got["Thursday"] == (None, None)


def test_seasons_decades_the_weekend_and_years_after_before() -> None:
    # told on Friday 28 September 2012: last summer is over (2012), last fall is not yet
    # (2011), this fall is 2012, next spring 2013; winter spans two years: undated
    text = (
        "Sales fell last summer and last fall. The plan opens this fall or next spring. "
        "They met this past winter. Homes built before 1978 hold lead; the fines date at "
        "least to 2011. Growth was high in the '90s and early ’00s, as in the 1960s. "
        "Police made arrests over the weekend."
    )
    got = _dates(text, published=FRI)
    assert got["last summer"] == (dt.date(2012, 1, 1), "year")
    assert got["last fall"] == (dt.date(2011, 1, 1), "year")
    assert got["this fall"] == (dt.date(2012, 1, 1), "year")
    assert got["next spring"] == (dt.date(2013, 1, 1), "year")
    assert got["this past winter"] == (None, None)
    # "before" is kept in the phrase, as it changes its meaning
    assert got["before 1978"] == (dt.date(1978, 1, 1), "year")
    assert got["2011"] == (dt.date(2011, 1, 1), "year")
    # a decade or a weekend is a date phrase without a precision: an undated event
    for phrase in ("the '90s", "early ’00s", "the 1960s", "the weekend"):
        assert got[phrase] == (None, None), phrase
    # an undated article: the season has no year to take
    assert _dates("Sales fell last summer.", published=None)["last summer"] == (None, None)


def test_a_day_told_from_the_date_before_it() -> None:
    # "the next day", "two days later", "later that month" are read against the date the
    # article gave just before, in the same paragraph; "the next day" is not the future
    text = (
        "A man robbed a bank on Oct. 19 and another bank the next day. Two days later he "
        "fled. He was arrested three days after the robbery. The suit was filed in May "
        "2014. Later that month the court met.\n\nThe day before, nobody knew."
    )
    got = _dates(text, published=dt.date(2017, 10, 30))
    assert got["Oct. 19"] == (dt.date(2017, 10, 19), "day")
    assert got["the next day"] == (dt.date(2017, 10, 20), "day")
    assert got["Two days later"] == (dt.date(2017, 10, 22), "day")
    assert got["Later that month"] == (dt.date(2014, 5, 1), "month")
    # a new paragraph: no date before it to read against, an undated phrase
    assert got["The day before"] == (None, None)
    # "three days after the robbery" counts from an event, not a date: not a phrase
    assert not any("three days" in phrase for phrase in got)


def test_a_named_day_is_not_the_weekday_next_to_the_story() -> None:
    text = (
        "Shoppers queued on Black Friday at dawn. The senator won on Super Tuesday. "
        "We look forward to having her back for Oscar Sunday. The board met on Tuesday."
    )
    exprs = {e.expression for e in build_timeline(docs_of(text, published=FRI))}
    assert "on Tuesday" in exprs or "Tuesday" in exprs
    assert not exprs & {"Friday", "Sunday", "on Black Friday", "Super Tuesday", "Oscar Sunday"}
    assert sum("Tuesday" in x for x in exprs) == 1


def test_a_court_date_set_at_a_remand_is_to_come() -> None:
    pub = dt.date(2013, 7, 23)
    text = (
        "He was remanded in custody to appear before the Crown Court on 19 August. "
        "Another man failed to appear in court on 2 July."
    )
    exprs = {e.expression: e.date for e in build_timeline(docs_of(text, published=pub))}
    assert exprs["19 August"] == dt.date(2013, 8, 19)
    assert exprs["2 July"] == dt.date(2013, 7, 2)


def test_a_schedule_in_the_present_tense_is_to_come() -> None:
    pub = dt.date(2013, 9, 19)
    text = (
        "The show returns to screens on November 23 for its anniversary. "
        "The update is included in the new version when it ships Oct. 18. "
        "The first version came out on Sept. 3."
    )
    exprs = {e.expression: e.date for e in build_timeline(docs_of(text, published=pub))}
    assert exprs["November 23"] == dt.date(2013, 11, 23)
    assert exprs["Oct. 18"] == dt.date(2013, 10, 18)
    assert exprs["Sept. 3"] == dt.date(2013, 9, 3)


def test_a_month_and_year_written_with_a_comma() -> None:
    got = _dates("Jeffs was indicted in July, 2008, by a grand jury. In May, 19 people died.")
    assert got["July, 2008"] == (dt.date(2008, 7, 1), "month")
    assert "May" in got  # "May, 19 people" is the month alone, not a year
