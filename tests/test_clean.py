"""Tests of the scraped-text cleaner: the seed cluster, metadata, edge cases, label floors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.clean import Cleaned, clean_text
from newsdesk.text import drop_invisible

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "assange"
CNN, BLOOMBERG, IBTIMES = (
    "000_de39db458495867b.txt",
    "001_760ac6064ff15833.txt",
    "002_4930c7e481796bb8.txt",
)


def _seed(name: str) -> tuple[str, Cleaned]:
    raw = (SEED / name).read_text(encoding="utf-8")
    return raw, clean_text(raw)


# --- the seed cluster ----------------------------------------------------------------------

MUST_NOT_CONTAIN = {
    CNN: [
        "Skip to main content",
        "Part of complete coverage on",
        "July 16, 2014 -- Updated 1802 GMT (0202 HKT)",
        "GMT",
        "A detention order against WikiLeaks founder Julian Assange",
        'From "Climategate" to leaked diplomatic cables',
        "assange snowden",
        "Assange: Obama, do the right thing",
        "Is it possible for Assange to escape?",
        "Assange's escape options limited",
        "Assange protests in London",
        "gives a thumbs up from the balcony",
        "•",
        "Both diplomats agree to meet again to discuss the issue",
        "By the CNN Wire Staff",
        "CNN's Ashley Fantz contributed to this report.",
        "Ecuador, UK officials meet over Assange case",
        "(CNN) --",
    ],
    BLOOMBERG: [
        "Before it's here, it's on the Bloomberg Terminal.",
        "Assange Trapped One Year After U.K. Talks With Ecuador Stall",
    ],
    IBTIMES: [
        "The Secret Diary of WikiLeaks' Julian Assange, Aged 42 and a Bit",
        "Julian Assange REUTERS",
        "Surety Cash",
    ],
}

# Non-blank lines of the article bodies (1-based physical line numbers): all must survive.
BODY_LINES = {
    CNN: [14, 16, 18, *range(25, 46, 2)],
    BLOOMBERG: list(range(3, 16, 2)),
    IBTIMES: list(range(4, 41, 2)),
}


@pytest.mark.parametrize("name", sorted(MUST_NOT_CONTAIN))
def test_seed_cruft_is_gone(name: str) -> None:
    _, c = _seed(name)
    for snippet in MUST_NOT_CONTAIN[name]:
        assert snippet not in c.text, snippet


@pytest.mark.parametrize("name", sorted(BODY_LINES))
def test_seed_body_lines_are_all_kept(name: str) -> None:
    raw, c = _seed(name)
    lines = raw.split("\n")
    dropped = {no for no, _ in c.removed}
    for no in BODY_LINES[name]:
        line = lines[no - 1].strip()
        assert line, f"line {no} of {name} is blank: fix the fixture line numbers"
        assert no not in dropped
        assert line.removeprefix("(CNN) -- ") in c.text


def test_seed_body_is_exactly_the_kept_lines() -> None:
    raw, c = _seed(CNN)
    lines = raw.split("\n")
    expected = [lines[no - 1].strip().removeprefix("(CNN) -- ") for no in BODY_LINES[CNN]]
    assert [p for p in c.text.split("\n") if p] == expected


def test_seed_metadata() -> None:
    _, cnn = _seed(CNN)
    assert cnn.title == "Ecuador, UK officials meet over Assange case"
    assert cnn.published == dt.date(2012, 9, 28)
    assert cnn.source == "CNN"
    assert cnn.author == "CNN Wire Staff"
    assert cnn.text.startswith("Top diplomats from Ecuador and the United Kingdom")
    _, bloomberg = _seed(BLOOMBERG)
    assert bloomberg.title == "Assange Trapped One Year After U.K. Talks With Ecuador Stall"
    assert bloomberg.published is None
    _, ibt = _seed(IBTIMES)
    assert ibt.title == "Julian Assange’s Backers Set to Lose £140,000 Surety Cash"


def test_removed_lines_carry_reasons() -> None:
    _, c = _seed(CNN)
    reasons = dict(c.removed)
    assert reasons[1] == "boilerplate"
    assert reasons[3] == "title"
    assert reasons[5] == "byline"
    assert reasons[6] == "timestamp"
    assert reasons[7] == reasons[8] == "repeated"
    assert {reasons[n] for n in range(9, 13)} == {"highlight"}
    assert {reasons[n] for n in range(49, 83)} == {"related"}


# --- general rules on small inputs ---------------------------------------------------------


def test_empty_and_blank_text() -> None:
    assert clean_text("") == Cleaned(text="")
    assert clean_text(" \n\n\t \n") == Cleaned(text="")


BODY = (
    "The council voted on Tuesday to close the old bridge for repairs next spring.\n\n"
    "Engineers said the steel had corroded faster than expected, the mayor told reporters.\n\n"
    "Work is expected to take about eight months and cost $4.2 million."
)


def test_text_without_cruft_is_unchanged() -> None:
    c = clean_text(BODY)
    assert c.text == BODY
    assert c.removed == ()
    assert (c.title, c.published, c.source, c.author) == (None, None, None, None)


def test_short_text_without_a_body_is_left_alone() -> None:
    assert clean_text("Hello world").text == "Hello world"


def test_crlf_gives_the_same_result_as_lf() -> None:
    raw, lf = _seed(CNN)
    assert clean_text(raw.replace("\n", "\r\n")) == lf
    assert clean_text(raw.replace("\n", "\r")) == lf


@pytest.mark.parametrize(
    "text",
    [
        "Die Regierung hat am Dienstag beschlossen, die alte Brücke im Frühjahr zu sperren.\n\n"
        "Der Stahl sei schneller korrodiert als erwartet, sagte der Bürgermeister am Abend.",
        "市议会周二投票决定明年春天关闭旧桥进行维修。\n\n工程师说钢材的腐蚀速度比预期的要快得多。",
        "Правительство во вторник решило закрыть старый мост на ремонт весной следующего года.",
    ],
)
def test_non_english_text_passes_through(text: str) -> None:
    c = clean_text(text)
    assert c.text == text
    assert c.removed == ()


def test_cruft_around_a_chinese_body_is_dropped() -> None:
    body = (
        "市议会周二投票决定明年春天关闭旧桥进行维修。\n\n工程师说钢材的腐蚀速度比预期的要快得多。"
    )
    c = clean_text("Skip to main content\n\n" + body + "\n\nAdvertisement")
    assert c.text == body
    assert [r for _, r in c.removed] == ["boilerplate", "boilerplate"]


def test_dateline_outlet_is_lifted_and_prefix_dropped() -> None:
    c = clean_text("LOS ANGELES (Reuters) - Police in riot gear closed in before dawn on Monday.")
    assert c.source == "Reuters"
    assert c.text == "Police in riot gear closed in before dawn on Monday."
    c = clean_text(
        "KUALA LUMPUR, Malaysia (AP) — The banned chemical weapon was used, police said."
    )
    assert c.source == "AP"
    assert c.text.startswith("The banned chemical weapon")


def test_parenthesis_inside_a_sentence_is_not_a_dateline() -> None:
    text = "Police (LAPD) said on Monday that the protest had ended without any arrests."
    c = clean_text(text)
    assert c.text == text
    assert c.source is None


def test_repeated_paragraph_is_kept_once() -> None:
    para = "The storm knocked out power to about 40,000 homes overnight, officials said."
    text = f"{para}\n\nCrews worked through the night to restore service to the region.\n\n{para}"
    c = clean_text(text)
    assert c.text.count(para) == 1
    assert dict(c.removed) == {5: "repeated"}


def test_boilerplate_and_credits_between_paragraphs() -> None:
    text = (
        "The council voted on Tuesday to close the old bridge for repairs next spring.\n\n"
        "Advertisement\n\n"
        "Jonathan Ernst/Reuters\n\n"
        "Image copyright AP Image caption The bridge was built in 1931\n\n"
        "Engineers said the steel had corroded faster than expected, the mayor told reporters.\n\n"
        "Click here to sign up for our newsletter\n\n"
        "Follow us on Twitter @example\n\n"
        "Reporting by Jane Doe; Editing by John Roe\n\n"
        "© 2024 Example News. All rights reserved."
    )
    c = clean_text(text)
    assert c.text.split("\n\n") == [
        "The council voted on Tuesday to close the old bridge for repairs next spring.",
        "Engineers said the steel had corroded faster than expected, the mayor told reporters.",
    ]
    assert len(c.removed) == 7


def test_a_long_run_together_article_is_not_dropped_for_its_caption() -> None:
    # Preprocessed corpora run a page into one line: "Story highlights" must not take it all.
    one_line = BODY.replace("\n\n", " ")
    text = "Story highlights the mayor says the bridge will close. " + " ".join([one_line] * 3)
    c = clean_text(text)
    assert c.text == text
    assert c.removed == ()


def test_header_timestamp_gives_the_date() -> None:
    c = clean_text("Bridge to close for repairs\n\nUpdated: March 3, 2021 10:15 a.m. ET\n\n" + BODY)
    assert c.title == "Bridge to close for repairs"
    assert c.published == dt.date(2021, 3, 3)
    assert c.text == BODY


def test_timestamped_teasers_after_the_body_are_dropped() -> None:
    text = (
        BODY
        + "\n\nJuly 16, 2014 -- Updated 1802 GMT (0202 HKT)\n"
        + "A detention order against the suspect should remain in place, a judge ruled.\n"
        + "June 17, 2014 -- Updated 1849 GMT (0249 HKT)\n"
        + "A soldier imprisoned for leaking documents broke her silence in an editorial."
    )
    c = clean_text(text)
    assert c.text == BODY
    assert c.published is None  # dates of other stories are not this article's date
    assert [r for _, r in c.removed] == ["timestamp", "related", "timestamp", "related"]


lines_st = st.lists(
    st.one_of(
        st.sampled_from(["", "Advertisement", "By Jane Doe", "Read more", "•  a bullet"]),
        st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=80),
    ),
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(lines_st)
def test_every_output_line_comes_from_the_input(lines: list[str]) -> None:
    text = "\n".join(lines)
    c = clean_text(text)
    # the one change inside a line: characters that print as nothing are dropped
    src = drop_invisible(text).replace("\r\n", "\n").replace("\r", "\n")
    for line in c.text.split("\n"):
        assert line in src
    n_lines = len(src.split("\n"))
    assert all(1 <= no <= n_lines for no, _ in c.removed)


# --- the hand labels -----------------------------------------------------------------------

LABELS = ROOT / "labels" / "cruft" / "labels.jsonl"


def test_labels_hold_no_article_text() -> None:
    with LABELS.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    assert len({r["cluster"] for r in rows}) >= 20
    for r in rows:
        assert set(r) == {"cluster", "doc", "line", "label"}
        assert r["label"] in ("keep", "cruft")


@pytest.fixture(scope="module")
def labelled() -> tuple[object, ...]:
    from newsdesk.evaluate.cruft import (
        default_data_dir,
        load_labels,
        load_raw_clusters,
        load_split,
    )

    path = default_data_dir() / "multinews-raw-dev.jsonl.gz"
    if not path.exists():
        pytest.skip(f"raw Multi-News clusters not found at {path} (../shared/data)")
    return load_labels(), load_raw_clusters(path), load_split()


# Floors a little below what was measured (see benchmarks/cruft_eval.py); they only go up.
FLOORS = {
    "all": (0.94, 0.87),
    "tune": (0.96, 0.95),
    "heldout": (0.95, 0.88),
    "heldout_late": (0.9, 0.7),
}


@pytest.mark.data
@pytest.mark.parametrize("subset", sorted(FLOORS))
def test_line_precision_and_recall_floors(labelled: tuple[object, ...], subset: str) -> None:
    from newsdesk.evaluate.cruft import score_cruft

    labels, docs, split = labelled
    clusters = None if subset == "all" else split[subset]  # type: ignore[index]
    s = score_cruft(labels, docs, clusters=clusters)  # type: ignore[arg-type]
    p_floor, r_floor = FLOORS[subset]
    assert s.precision >= p_floor
    assert s.recall >= r_floor
    assert s.body_sentences_lost <= 0.01 * s.body_sentences


# --- publication dates lifted from dropped lines -------------------------------------------

CAPTION = "A crowd gathers outside the courthouse in Springfield on {}. (AP Photo/Jane Doe)"


def test_lead_caption_above_the_body_gives_the_date() -> None:
    c = clean_text(CAPTION.format("Tuesday, March 2, 2021") + "\n\n" + BODY)
    assert c.published == dt.date(2021, 3, 2)
    assert c.text == BODY
    assert c.removed == ((1, "caption"),)


def test_caption_after_the_first_paragraph_gives_the_date() -> None:
    first, rest = BODY.split("\n\n", 1)
    c = clean_text(first + "\n\n" + CAPTION.format("March 2, 2021") + "\n\n" + rest)
    assert c.published == dt.date(2021, 3, 2)
    assert c.text == BODY


def test_posted_line_wins_over_an_earlier_caption() -> None:
    text = (
        CAPTION.format("Feb. 26, 2021")
        + "\n\nBy Jane Doe | Posted March 2, 2021 | Updated March 3, 2021\n\n"
        + BODY
    )
    c = clean_text(text)
    assert c.published == dt.date(2021, 3, 2)  # the "Posted" date, not the photo's
    assert c.text == BODY


def test_caption_of_an_old_photo_released_later_gives_the_release_day() -> None:
    caption = "The bridge is shown in this June 5, 1962 photo released on March 2, 2021. (Handout)"
    assert clean_text(caption + "\n\n" + BODY).published == dt.date(2021, 3, 2)


def test_file_photo_caption_gives_no_date() -> None:
    caption = (
        "FILE - In this May 4, 2001, file photo, the bridge is seen from the river. (AP Photo)"
    )
    c = clean_text(caption + "\n\n" + BODY)
    assert c.published is None
    assert c.text == BODY


@pytest.mark.parametrize(
    "later",
    [
        "The vote was moved to March 4 after a delay, officials said afterwards.",
        "Officials said the bridge had last been inspected in 2022, well after the flood.",
        "Crews began to fence off the bridge on Wednesday, a day after the protest.",
    ],
)
def test_caption_dated_before_a_day_the_text_reports_gives_no_date(later: str) -> None:
    # a photo taken on Tuesday 2 March 2021 in an article that reports 4 March, 2022 or the
    # Wednesday after: the page was written later ("Wednesday" must not go a week back)
    c = clean_text(CAPTION.format("March 2, 2021") + "\n\n" + BODY + "\n\n" + later)
    assert c.published is None


def test_related_links_at_the_end_give_no_date() -> None:
    text = (
        BODY
        + "\n\nRelated coverage\n"
        + "City approves bridge budget (Posted March 1, 2021)\n"
        + "Mayor visits the site, Feb. 20, 2021 (AP Photo/Jane Doe)"
    )
    c = clean_text(text)
    assert c.published is None
    assert c.text == BODY


def test_a_date_in_the_body_text_is_not_the_publication_date() -> None:
    text = "The bridge opened on June 5, 1962, and has carried traffic since, the mayor said.\n\n"
    c = clean_text(text + BODY)
    assert c.published is None
    assert c.text == text + BODY


def test_a_caption_far_down_the_page_gives_no_date() -> None:
    paragraphs = "\n\n".join([BODY] * 6)  # 18 lines of text before the caption
    para = paragraphs.split("\n\n")
    text = "\n\n".join([*para[:16], CAPTION.format("March 2, 2021"), *para[16:]])
    assert clean_text(text).published is None


def test_permalink_line_dates_the_page() -> None:
    text = (
        BODY
        + "\n\nPermalink: http://news.example.com/newsdesk/2014/03/11/bridge-closed-after-flood"
    )
    assert clean_text(text).published == dt.date(2014, 3, 11)


def test_a_dated_link_in_the_text_does_not_date_the_page() -> None:
    text = (
        BODY + "\n\nRead our earlier report at http://news.example.com/2011/05/02/bridge-inspected"
    )
    assert clean_text(text).published is None


def test_closing_posted_line_dates_the_page() -> None:
    c = clean_text(BODY + "\n\nPosted at 11:43 AM on Nov. 24, 2010")
    assert c.published == dt.date(2010, 11, 24)
    assert c.text == BODY


def test_posted_line_heading_a_teaser_after_the_body_does_not_date_the_page() -> None:
    text = BODY + "\n\nPosted at 9:10 AM on Oct. 2, 2009\n\nAnother story about something else."
    assert clean_text(text).published is None


@pytest.mark.parametrize(
    ("head", "date"),
    [
        (
            "Teacher adopted the boy she once feared July 15, 2014 at 2:54 PM ET",
            dt.date(2014, 7, 15),
        ),
        (
            "An ICBM test by North Korea on Sept. 9? 9:04 PM ET Sun, 3 Sept 2017 | 02:51",
            dt.date(2017, 9, 3),
        ),
    ],
)
def test_headline_ending_on_its_timestamp_dates_the_page(head: str, date: dt.date) -> None:
    assert clean_text(head + "\n\n" + BODY).published == date


@pytest.mark.parametrize(
    "head",
    [
        "What happened on July 15, 2014",
        "The hearing is set for March 2, 2021 at 3:00 p.m.",
    ],
)
def test_headline_naming_an_event_date_does_not_date_the_page(head: str) -> None:
    assert clean_text(head + "\n\n" + BODY).published is None
