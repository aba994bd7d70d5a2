"""Date expressions in running text, resolved against the article's publication date.

No library finds date spans reliably in news text (``dateparser.search_dates`` reads "We"
as Wednesday), so spans are found here with explicit patterns, and resolved by a small
resolver that prefers the past, as news reports mostly do: "Thursday" in an article of
Friday 28 September 2012 is 27 September; "in August" is August 2012 at month precision;
"June 19 last year" is 19 June of the year before. Each date keeps its precision.

An article without a publication date resolves only what needs no anchor ("September 28,
2012", "in 2011") or what the text around it dates ("in December of 1977 ... on Dec. 10",
"in January of 2011 ... the following September"); its relative phrases ("Thursday",
"last year") stay undated, and its bare days and months take a year only from the other
articles of the cluster (see :func:`build_timeline`). Phrases without a precision of their
own ("last week", "the weekend", "the 1960s", "one Christmas") are kept as undated events:
a date phrase, not a date. "The next day", "two days later" and "later that month" are
read against the date the article gave just before them. Seasons ("last fall", "this
summer") are read at the precision of a year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from dateutil.easter import easter as dateutil_easter
from dateutil.relativedelta import relativedelta, weekdays

from ..lexicon import Holiday, date_words, holiday_pattern, holidays, months, number_words
from ..model import Citation, Document, Event, Precision
from ..text import content_words

__all__ = ["DateMention", "find_dates", "resolve", "build_timeline"]

_MONTHS = months()
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# a day with a name is not the weekday next to the story ("Black Friday", "Super Tuesday",
# "Oscar Sunday", "Bloody Sunday"): the lookbehinds that keep it out
_NAMED_DAY_WORD = "".join(rf"(?<!\b{w}\s)" for w in date_words("named_day"))
_YEAR = r"(?:1[89]\d\d|20\d\d)"
# A holiday after a preposition ("one Christmas", "the day before Thanksgiving") is a date
# phrase; it is dated only with its year written ("before Christmas 2002"), as which
# Christmas is meant is rarely clear. Not when it names a thing ("for Christmas shopping",
# "on Easter Island").
_HOLIDAY = holiday_pattern()  # lexicon/holidays.txt
_HOLIDAY_NOUN = rf"(?:{'|'.join(date_words('holiday_noun'))})\b"  # lexicon/date_words.txt
# the word before a holiday that makes it a date phrase ("one Christmas", "before the ...")
_HOLIDAY_LEAD = re.compile(
    r"\b(?i:on|one|at|over|during|before|after|since|until|till|by|last|this|next|for|around"
    r"|was|is)\s+(?:the\s+)?$"
)
# a word after "the 2008" that makes the year a count or a model, not a date ("the 2008
# people", "a 2008 Toyota"): lexicon/date_words.txt
_YEAR_NOUN = "|".join(date_words("year_noun"))
# every phrase starts at a word boundary (or a capital: "againJuly 23, 2008" in a scrape),
# tested once before the alternatives are tried: a speed-up, the matches are the same
_PATTERN = re.compile(
    rf"""
    (?:\b|(?=[A-Z]))(?:(?P<mdy>{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}\b)
  | (?P<dmy>\b\d{{1,2}}\s+{_MONTH}\s+{_YEAR}\b)
  | (?P<md_last>{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?last\s+year\b)
  | (?P<md>{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b)
  | (?P<dm>\b\d{{1,2}}\s+{_MONTH})
  | (?P<my>{_MONTH},?\s+(?:of\s+)?{_YEAR}\b)
  | (?P<my_rel>{_MONTH}\s+(?:of\s+)?(?:last|this|next)\s+year\b)
  | (?P<dayrel>\b(?:(?:[Tt]he\s+)?(?:next|following|previous)\s+(?:day|morning|night)
      |[Tt]he\s+day\s+(?:before|after)(?!\s+[A-Z\d])
      |(?:[Aa]|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix)\s+days?\s+(?:later|earlier
        |(?:before|after)(?!\s+(?:the|an?|his|her|he|she|they|it|its|their|that|this|[A-Z\d])\b))
      |(?:[Ll]ater|[Ee]arlier)\s+that\s+(?:day|night|morning|month)|[Tt]hat\s+same\s+day)\b)
  | (?P<m_follow>\b[Tt]he\s+(?:following|next)\s+{_MONTH}(?!\s+\d))
  | (?P<m_last>\b(?:[Ll]ast|[Tt]his\s+past)\s+{_MONTH}(?!\s+\d))
  | (?P<m_this>\b(?:[Tt]his|[Nn]ext)\s+{_MONTH}(?!\s+\d))
  | (?P<m>(?:\b(?i:in|since|until|by|during|early|late|mid|from|through|between)\s+|\b(?i:mid)-)
      {_MONTH}(?!\s+(?:of\s+)?(?:\d|(?:last|this|next)\s+year\b)|,\s+{_YEAR}\b))
  | (?P<wd>{_NAMED_DAY_WORD}\b(?:(?:[Oo]n|[Ll]ast|[Tt]his|[Nn]ext|[Ll]ate|[Ee]arly)\s+)?{_WEEKDAY}
      (?:\s+(?:night|morning|afternoon|evening))?)
  | (?P<rel>\b(?:today|[Yy]esterday|[Tt]omorrow|[Tt]onight|[Ll]ast\s+night
      |[Tt]his\s+(?:morning|afternoon|evening)
      |(?:^|(?<=\n)|(?<=[.!?]\s)|(?<=[.!?]["”’]\s))Today(?=,?\s+(?![Ss]how\b)[A-Za-z]))\b)
  | (?P<lastyear>\b[Ll]ast\s+year\b)
  | (?P<thisyear>\b(?:[Tt]his|[Nn]ext)\s+year\b)
  | (?P<monthrel>\b(?:[Ll]ast|[Tt]his|[Nn]ext)\s+month\b)
  | (?P<season>\b(?:[Ss]pring|[Ss]ummer|[Ff]all|[Aa]utumn|[Ww]inter)\s+(?:of\s+)?{_YEAR}\b)
  | (?P<season_rel>\b(?:[Ll]ast|[Tt]his(?:\s+past)?|[Nn]ext)\s+
      (?:spring|summer|fall|autumn|winter)\b)
  | (?P<week>(?<![Tt]he\s)\b(?:[Ll]ast|[Tt]his|[Nn]ext)\s+week(?:end)?\b|\b[Tt]he\s+weekend\b)
  | (?P<decade>(?=[TtEeLlMm12])(?:[Tt]he\s+)?(?:(?:[Ee]arly|[Ll]ate|[Mm]id)[\s-]+)?
      (?:1[5-9]\d0s|20[0-9]0s|(?<![\w'’])['’]\d0s)\b)
  | (?P<holiday>\b(?:{_HOLIDAY})\b(?:\s+{_YEAR}\b)?(?!\s+(?:{_HOLIDAY_NOUN}|[A-Z])))
  | (?P<y>(?:\b(?i:in|since|during|until|by|from|of|through|and|early|late|mid|between
      |before|after|prior\s+to|for\s+much\s+of|(?:since|to|until|by)\s+at\s+least
      |at\s+least\s+(?:to|until|since)|fiscal\s+year)\s+|\b(?i:mid)-)
      {_YEAR}\b(?!,\d)(?!\d)(?!\s*[-–]\s*\d))
  | (?P<yparen>(?<=\(){_YEAR}(?=\))|(?<=\d\d\d\d\sto\s){_YEAR}\b(?!\s*[-–]))
  | (?P<mmod>\b(?:[Tt]he|its|his|her|their)\s+
      (?:January|February|March|April|June|July|August|September|October|November|December)
      (?=\s+(?:trial|election|vote|votes|meeting|summit|attack|attacks|raid|shooting|crash
      |storm|flood|floods|fire|fires|hearing|ruling|verdict|referendum|report|announcement
      |interview|deadline|launch|visit|talks|primary|primaries|arrest|sale|speech)\b))
  | (?P<ymod>\b(?:[Tt]he|an?|his|her|its|their|[A-Z][\w]*['’]s)\s+(?:[a-z]+\s+)?{_YEAR}
      (?=\s+(?!(?:{_YEAR_NOUN}|of)\b)
      [“"]?(?:[a-z][a-z-]+|[A-Z][A-Za-z]+))))
    """,
    re.VERBOSE,
)
# "Posted: Monday, June 23, 2014", "Published Friday, Feb. 27, 2015": a page's own
# publication line, kept by the cleaner inside the text when it is not a dateline
_POSTED = re.compile(
    rf"\b(?:Posted|Published)\s*:?\s*(?:on\s+)?(?:{_WEEKDAY},?\s+)?"
    rf"(?P<date>{_MONTH}\s+\d{{1,2}},?\s+{_YEAR}|\d{{1,2}}\s+{_MONTH}\s+{_YEAR})"
)


def published_in_text(text: str) -> dt.date | None:
    """The publication date a page states in its own text ("Posted: Monday, June 23,
    2014"), for an article whose reader found none; never a guess from other dates."""
    m = _POSTED.search(text)
    if not m:
        return None
    kind = "mdy" if m.group("date")[:1].isalpha() else "dmy"
    date, _prec, _md = resolve(kind, m.group("date"), None, future=False)
    return date


def _anchor(doc: Document) -> dt.date | None:
    return doc.article.published or published_in_text(doc.article.text)


_APPOSED = re.compile(r",?\s{1,2}")
_FUTURE = re.compile(
    r"\b(?:will|would|(?:is|are|was|were)\s+(?:due|expected|scheduled|set)|plans?\s+to"
    r"|slated|as\s+soon\s+as|due\s+to|prepar(?:e|es|ing)\s+to|scheduled"
    # a court's next date: "remanded in custody to appear ... on 19 August", "adjourned
    # until" (never "failed to appear on June 3")
    r"|remanded|adjourned\s+until|(?<!failed\s)(?<!refused\s)(?<!did\s)to\s+appear"
    r"|(?<!the\s)next(?!\s+(?:day|morning|night)))\b"
    r"|\w['’]ll\b"
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date phrase in an article and what it resolves to (None: no anchor for it)."""

    article_id: str
    start: int
    end: int
    expression: str
    kind: str
    date: dt.date | None
    precision: Precision | None
    month_day: tuple[int, int] | None = None  # for day phrases, resolvable or not
    future: bool = False  # read forward in time ("will", "next")


def _month(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")]


# a day written without a year up to a week after the article's date is the coming one
# ("the polls on Oct. 19" in an article of 16 October), whatever the tense
_AHEAD = 7


def _past_year(month: int, day: int, anchor: dt.date, future: bool) -> int:
    """The year that puts month/day at or before the anchor, or up to :data:`_AHEAD` days
    after it (after the anchor for future tense)."""
    year = anchor.year
    try:
        cand = dt.date(year, month, day)
    except ValueError:
        return year
    if not future and cand > anchor + dt.timedelta(days=_AHEAD):
        return year - 1
    if future and cand < anchor - dt.timedelta(days=1):
        return year + 1
    return year


def _holiday(name: str, year: int) -> dt.date | None:
    """The day of a holiday in a given year ("Christmas 2002", "Thanksgiving 2015"): that
    of the first name in lexicon/holidays.txt the phrase starts with."""
    low = " ".join(name.lower().replace("’", "'").split())
    for h in holidays():
        if low.startswith(h.name.lower()):
            return _holiday_date(h, year)
    return None


def _holiday_date(h: Holiday, year: int) -> dt.date:
    if h.easter is not None:
        return dateutil_easter(year) + dt.timedelta(days=h.easter)  # the Gregorian computus
    if h.weekday is not None:
        # "4th thursday of november" from the 1st; "last monday of may" back from the end
        first = dt.date(year, h.month, 1)
        if h.nth > 0:
            return first + relativedelta(weekday=weekdays[h.weekday](h.nth))
        return first + relativedelta(day=31, weekday=weekdays[h.weekday](h.nth))
    return dt.date(year, h.month, h.day)


def resolve(
    kind: str, expr: str, anchor: dt.date | None, *, future: bool = False
) -> tuple[dt.date | None, Precision | None, tuple[int, int] | None]:
    """Resolve one expression of ``kind`` (a group of the span pattern) against ``anchor``."""
    toks = re.findall(r"[A-Za-z]+\.?|\d+", expr)
    nums = [int(t) for t in toks if t.isdigit()]
    months = [_month(t) for t in toks if t.lower().rstrip(".") in _MONTHS]
    try:
        if kind in ("mdy", "dmy"):
            year = [n for n in nums if n > 31][0]
            day = [n for n in nums if n <= 31][0]
            return dt.date(year, months[0], day), "day", (months[0], day)
        if kind in ("md", "dm", "md_last"):
            day = nums[0]
            md = (months[0], day)
            if anchor is None:
                return None, None, md
            if kind == "md_last":
                return dt.date(anchor.year - 1, months[0], day), "day", md
            return dt.date(_past_year(months[0], day, anchor, future), *md), "day", md
        if kind == "my":
            return dt.date(nums[0], months[0], 1), "month", None
        if kind in ("m", "mmod", "m_last", "m_this"):
            if anchor is None:
                return None, None, None
            year = anchor.year
            if kind == "m_this":
                # "this November" is the anchor's year; "next November" the next one after it
                if expr.lower().startswith("next") and months[0] <= anchor.month:
                    year += 1
            elif kind == "m_last" or (not future and months[0] > anchor.month):
                year -= 1
            elif future and months[0] < anchor.month:
                year += 1
            return dt.date(year, months[0], 1), "month", None
        if kind in ("y", "ymod", "yparen", "season"):
            return dt.date(nums[0], 1, 1), "year", None
        if kind == "holiday":
            return (_holiday(expr, nums[0]), "day", None) if nums else (None, None, None)
        if kind in ("week", "m_follow", "decade", "dayrel"):
            # a week or a decade has no precision of its own, and "the following
            # September" needs the date before it (see find_dates)
            return None, None, None
        if anchor is None:
            return None, None, None
        if kind == "my_rel":
            # "January last year", "March of this year": that month of the year named
            shift = {"last": -1, "this": 0, "next": 1}[toks[-2].lower()]
            return dt.date(anchor.year + shift, months[0], 1), "month", None
        if kind == "season_rel":
            return _season_year(expr, anchor), "year", None
        if kind == "lastyear":
            return dt.date(anchor.year - 1, 1, 1), "year", None
        if kind == "thisyear":
            year = anchor.year + (1 if expr.lower().startswith("next") else 0)
            return dt.date(year, 1, 1), "year", None
        if kind == "monthrel":
            shift = {"last": -1, "this": 0, "next": 1}[expr.split()[0].lower()]
            year, month = divmod(anchor.year * 12 + anchor.month - 1 + shift, 12)
            return dt.date(year, month + 1, 1), "month", None
        if kind == "rel":
            low = expr.lower()
            if low == "yesterday" or low.startswith("last"):
                return anchor - dt.timedelta(days=1), "day", None
            if low == "tomorrow":
                return anchor + dt.timedelta(days=1), "day", None
            return anchor, "day", None
        if kind == "wd":
            wd = next(_WEEKDAYS[t.lower()] for t in toks if t.lower() in _WEEKDAYS)
            if future or expr.lower().startswith("next"):
                delta = (wd - anchor.weekday()) % 7
                return anchor + dt.timedelta(days=delta), "day", None
            delta = (anchor.weekday() - wd) % 7
            if expr.lower().startswith("last") and delta == 0:
                delta = 7
            return anchor - dt.timedelta(days=delta), "day", None
    except (ValueError, IndexError, KeyError):
        return None, None, None
    return None, None, None


# the month each season starts in (in the northern hemisphere, as the news read here is)
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9}


def _season_year(expr: str, anchor: dt.date) -> dt.date:
    """The year of "last fall", "this summer", "this past spring", "next autumn" told on
    ``anchor``: "last" / "this past" is the latest such season over by then, "this" the
    one of that year, "next" the first to start after it. Winter, which spans two years,
    has no year (KeyError, which :func:`resolve` reads as undated)."""
    words = expr.lower().split()
    start = _SEASONS[words[-1]]
    year = anchor.year
    if words[0] == "last" or words[1:2] == ["past"]:
        year -= 1 if anchor.month < start + 3 else 0
    elif words[0] == "next":
        year += 1 if anchor.month >= start else 0
    return dt.date(year, 1, 1)


def find_dates(doc: Document, *, cluster_anchor: dt.date | None = None) -> list[DateMention]:
    """Every date phrase of one article, resolved against its publication date.

    ``cluster_anchor`` (the latest date of the other articles) is used, for an undated
    article only, to give a bare day ("since June 19") the year of the story.
    """
    text = doc.article.text
    anchor = _anchor(doc)
    posted = _POSTED.search(text)
    out: list[DateMention] = []
    prev: DateMention | None = None  # the last explicit date ("December of 1977")
    for m in _PATTERN.finditer(text):
        if posted and posted.start() <= m.start() < posted.end():
            continue  # the page's publication line is metadata, not an event
        kind = m.lastgroup or ""
        expr = m.group(0)
        start = m.start()
        # drop the preposition from the expression ("in August" → "August") except for
        # phrases whose meaning depends on it ("for much of 2011")
        lead = re.match(
            r"(?i:(?:(?:since|to|until|by)\s+at\s+least|at\s+least\s+(?:to|until|since)"
            r"|fiscal\s+year|in|since|until|by|during"
            r"|from|through|and|on|of"
            r"|between)\s+|\()",
            expr,
        ) or (re.match(r"(?:\S+\s+)+?(?=\d)", expr) if kind == "ymod" else None)
        if kind == "mmod":
            lead = re.match(r"\S+\s+", expr)
            kind = "m"
        if (
            kind == "holiday"
            and not expr[-1].isdigit()
            and not _HOLIDAY_LEAD.search(text, max(0, start - 16), start)
        ):
            continue  # "Thanksgiving is a holiday": a name, not a date phrase
        if lead:
            expr = expr[lead.end() :]
            start += lead.end()
        if kind == "md" and re.match(r"\s*[,–-]\s*\d", text[m.end() : m.end() + 4]):
            continue  # "May 5-6": a range, left out rather than half-read
        if (
            kind == "m"
            and expr.split()[-1] == "May"
            and (
                re.match(r"(?i:by|from|between)\b", m.group(0))
                or re.match(r"['’]s\b", text[m.end() : m.end() + 3])
            )
        ):
            continue  # "a speech by May", "in May's cabinet": Theresa May, not the month
        future = _is_future(text, start, m.end())
        use = anchor
        if anchor is None and kind in ("md", "dm"):
            use = cluster_anchor
        date, prec, md = resolve(kind, expr, use, future=future)
        if kind in ("md", "dm", "m", "m_follow") and prev is not None:
            date, prec = _in_context(kind, expr, start, prev, text) or (date, prec)
        shared = _AND_MONTH_YEAR.match(text, m.end()) if kind == "m" else None
        if shared:
            # "in June and July 2009": both months of 2009
            date, prec = dt.date(int(shared.group(1)), _month(expr.split()[-1]), 1), "month"
        out.append(
            DateMention(
                doc.article.id, start, start + len(expr), expr, kind, date, prec, md, future
            )
        )
        if kind in ("mdy", "dmy", "my") and date is not None:
            prev = out[-1]
    return _join_weekdays(text, out, anchor)


_AND_MONTH_YEAR = re.compile(rf"\s+(?:and|or|to)\s+{_MONTH}\s+({_YEAR})\b")
_SENT_BREAK = re.compile(r"[.!?][\"”’']?\s|\n")


def _is_future(text: str, start: int, end: int) -> bool:
    """Whether the clause around a date phrase speaks of the future ("will", "is set to",
    "next"): the words of its sentence before it, and after it up to a comma or the
    sentence's end ("appointed in April, will remain chairman" is past for April); after a
    date that opens its sentence, the whole sentence ("On Friday, the court will rule")."""
    lo = max(0, start - 120)
    breaks = [m.end() for m in _SENT_BREAK.finditer(text, lo, start)]
    s0 = breaks[-1] if breaks else lo
    stop = _SENT_BREAK.search(text, end, end + 200)
    s1 = stop.start() if stop else min(len(text), end + 200)
    opens = not re.sub(
        r"(?i)\b(?:on|in|by|last|this|next|early|late)\b", "", text[s0:start]
    ).strip()
    if not opens:
        comma = text.find(",", end, s1)
        s1 = comma if comma >= 0 else s1
    if _SCHEDULED_PRESENT.search(text[max(s0, start - 45) : start]):
        return True  # "Doctor Who returns to screens on November 23", "when it ships Oct. 18"
    for m in _FUTURE.finditer(text, s0, s1):
        # "had a hearing scheduled for Wednesday": a plan of the past, its day past too
        if m.group(0) != "scheduled" or not _HAD.search(text, s0, m.start()):
            return True
    return False


_HAD = re.compile(r"\bhad\b")
# a schedule told in the present tense, its verb just before the date
_SCHEDULED_PRESENT = re.compile(
    r"\b(?:returns|opens|premieres|debuts|airs|ships|launches|begins|starts|kicks\s+off|"
    r"goes\s+on\s+sale|takes\s+effect|comes\s+out|hits\s+(?:theaters|theatres|stores|shelves))"
    r"\b[^.,;:!?\n]{0,30}$"
)


_CONTEXT = 300  # characters: how far back an explicit date sets the year of a bare one


def _in_context(
    kind: str, expr: str, start: int, prev: DateMention, text: str
) -> tuple[dt.date, Precision] | None:
    """The year a bare day or month takes from the explicit date just before it in the same
    article: "in December of 1977 ... on Dec. 10" is 10 December 1977, and "in January of
    2011 ... the following September" is September 2011. Only a date of the same month sets
    a bare day's or month's year (a different month could fall in the year before or
    after); "the following September" is the first September after the date before it."""
    if prev.date is None or start - prev.end > _CONTEXT or "\n\n" in text[prev.end : start]:
        return None
    month = next(_month(t) for t in re.findall(r"[A-Za-z]+\.?", expr) if _is_month(t))
    ref = prev.date
    try:
        if kind == "m_follow":
            return dt.date(ref.year + (month <= ref.month), month, 1), "month"
        if month != ref.month:
            return None
        if kind == "m":
            return dt.date(ref.year, month, 1), "month"
        day = int(re.findall(r"\d+", expr)[0])
        return dt.date(ref.year, month, day), "day"
    except (ValueError, IndexError):
        return None


def _is_month(word: str) -> bool:
    return word.lower().rstrip(".") in _MONTHS


def _join_weekdays(
    text: str, mentions: list[DateMention], anchor: dt.date | None = None
) -> list[DateMention]:
    """ "Monday, May 31, 1999" is one phrase: the weekday (or holiday: "Easter Sunday,
    April 8, 2012") names the full date after it. "Thursday October 19" is one phrase too,
    dated in the one year next to the article's date (``anchor``) where the weekday fits
    the day: in an article of Monday 16 October 2017 it is the coming 19 October, though a
    bare "October 19" would be read as the past one. With no weekday fitting, the day as
    written wins. In an article with no date it is dated when its weekday fits the day in
    exactly one year next to the latest year the article writes ("August 2017"): the text
    is the evidence."""
    years = [dm.date.year for dm in mentions if dm.date and dm.kind in _YEAR_KINDS]
    out: list[DateMention] = []
    for dm in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind in ("wd", "holiday")
            and dm.kind == "mdy"
            and _APPOSED.fullmatch(text[prev.end : dm.start])
        ):
            expr = text[prev.start : dm.end]
            out[-1] = replace(dm, start=prev.start, expression=expr)
        elif (
            prev is not None
            and prev.kind == "wd"
            and (prev.date is None) == (dm.date is None)
            and dm.kind in ("md", "dm")
            and dm.month_day
            and _APPOSED.fullmatch(text[prev.end : dm.start])
            and prev.expression.split()[-1][:3].lower() in _WEEKDAY_INDEX
        ):
            weekday = _WEEKDAY_INDEX[prev.expression.split()[-1][:3].lower()]
            mid = anchor.year if anchor and dm.date else max(years) if years else None
            near = range(mid - 1, mid + 2) if mid is not None else range(0)
            fits = [
                day
                for year in near
                if (day := _day_or_none(year, *dm.month_day)) and day.weekday() == weekday
            ]
            date = fits[0] if len(fits) == 1 else dm.date
            expr = text[prev.start : dm.end]
            out[-1] = replace(
                dm,
                start=prev.start,
                expression=expr,
                date=date,
                precision="day" if date else None,
            )
        else:
            out.append(dm)
    return out


# phrases that write a year of their own
_YEAR_KINDS = frozenset({"mdy", "dmy", "my", "y", "season"})
_WEEKDAY_INDEX = {w: i for i, w in enumerate("mon tue wed thu fri sat sun".split())}


def _weekday_named(expression: str) -> int | None:
    """The weekday a phrase opens with ("Thursday October 19" → 3), or None."""
    head = expression.split()[0][:3].lower() if expression.split() else ""
    if expression[:1].isupper() and re.match(rf"{_WEEKDAY}\b", expression):
        return _WEEKDAY_INDEX.get(head)
    return None


def _weekday_fit(month_day: tuple[int, int], weekday: int | None, since: int) -> dt.date | None:
    """The first day from the year ``since`` on that is ``month_day`` and falls on
    ``weekday`` (23 March, a Friday, from 2015: 23 March 2018); None without a weekday. A
    day falls on each weekday within 11 years (29 February within 28)."""
    if weekday is None:
        return None
    for year in range(since, since + 29):
        if (day := _day_or_none(year, *month_day)) and day.weekday() == weekday:
            return day
    return None


def _linked_weekday(
    found: Sequence[tuple[Document, Sequence[DateMention]]], since: int
) -> dt.date | None:
    """A day an undated cluster writes without a year whose weekday another sentence gives
    for the same event ("a suit filed May 3" / "a lawsuit filed Saturday": the same word
    before the date, three content words shared), dated in the first year from ``since``
    where the two fit; the earliest such day (the nearest the years written), or None."""
    days: list[tuple[tuple[int, int], tuple[str, str, frozenset[str]]]] = []
    weekdays: list[tuple[int, tuple[str, str, frozenset[str]]]] = []
    for d, dms in found:
        for dm in dms:
            weekday = _weekday_named(dm.expression.split()[-1]) if dm.kind == "wd" else None
            day = dm.month_day if dm.kind == "md" and dm.date is None else None
            if (weekday is None and day is None) or not (at := _attached(d, dm)):
                continue
            if day:
                days.append((day, at))
            elif weekday is not None:
                weekdays.append((weekday, at))
    fits = [
        fit
        for day, (word, sent, words) in days
        for weekday, (word2, sent2, words2) in weekdays
        if word == word2 and sent != sent2 and len(words & words2) >= 3
        if (fit := _weekday_fit(day, weekday, since))
    ]
    return min(fits, default=None)


def _attached(doc: Document, dm: DateMention) -> tuple[str, str, frozenset[str]] | None:
    """The content word a date phrase follows ("filed" of "filed May 3"), its sentence and
    the sentence's content words; None at a sentence start."""
    sent = _sentence_of(doc, dm.start)
    if sent is None:
        return None
    lead = content_words(doc.article.text[max(sent[0], dm.start - 40) : dm.start])
    return (lead[-1], sent[2], frozenset(content_words(sent[2]))) if lead else None


def _day_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_NEAR = dt.timedelta(days=183)


def _by_latest(dm: DateMention, latest: dt.date, months: dict[int, dt.date]) -> DateMention:
    """A bare day or month of a cluster without publication dates, read against the full
    dates the cluster writes (the text was written on or after the latest): a bare month
    takes the year of the latest written date of that month ("In November" where another
    article writes "Nov. 18, 2017"), or stays undated; a bare day takes the year that puts
    it nearest the latest full date ("Feb. 2" after "Nov. 18, 2017" is 2 February 2018, as
    a cut caption's date is read in the cleaner)."""
    if dm.kind == "m":
        month = next(_month(t) for t in re.findall(r"[A-Za-z]+\.?", dm.expression) if _is_month(t))
        if month not in months:
            return dm
        return replace(dm, date=dt.date(months[month].year, month, 1), precision="month")
    if dm.kind not in ("md", "dm") or not dm.month_day:
        return dm
    days = [
        day
        for year in (latest.year - 1, latest.year, latest.year + 1)
        if (day := _day_or_none(year, *dm.month_day)) and abs(day - latest) <= _NEAR
    ]
    best = min(days, key=lambda day: abs(day - latest), default=None)
    return dm if best is None else replace(dm, date=best, precision="day")


_DAYS_COUNTED = number_words("days")  # lexicon/numbers.txt


def _from_day_before(
    dm: DateMention, told: Sequence[tuple[int, dt.date, Precision]], text: str
) -> tuple[dt.date | None, Precision | None]:
    """ "The next day", "two days later", "the day before", "later that month": read
    against the date the article gave last, when it is in the same paragraph within
    :data:`_CONTEXT` characters (a day for a day, a month for "that month"); else undated."""
    before = [t for t in told if t[0] <= dm.start]
    if not before:
        return None, None
    end, ref, prec = max(before, key=lambda t: t[0])
    if dm.start - end > _CONTEXT or "\n" in text[end : dm.start]:
        return None, None
    words = dm.expression.lower().split()
    if words[-1] == "month":
        return dt.date(ref.year, ref.month, 1), "month"
    if prec != "day":
        return None, None
    if words[0] in ("later", "earlier", "that"):
        return ref, "day"  # "later that day", "that same day"
    count = next((_DAYS_COUNTED[w] for w in words if w in _DAYS_COUNTED), 1)
    sign = -1 if {"before", "previous", "earlier"} & set(words) else 1
    return ref + dt.timedelta(days=sign * count), "day"


def _sentence_of(doc: Document, offset: int) -> tuple[int, int, str] | None:
    for s in doc.sentences:
        if s.start <= offset < s.end:
            return s.start, s.end, s.text
    return None


# relative phrases an undated article may read against the story's date, and how far apart
# the dated articles' publication dates may be for that
_WEEKDAY_NAMES = re.compile(_WEEKDAY)
_BORROWS = frozenset(
    {"wd", "rel", "lastyear", "thisyear", "monthrel", "m_last", "m_this", "my_rel", "season_rel"}
)
_CLOSE_DAYS = 2


def _near(anchor: dt.date, weekday: int, back: int = 5) -> dt.date:
    """The day of ``weekday`` from ``back`` days before ``anchor`` to 6 - ``back`` after."""
    return anchor + dt.timedelta(days=(weekday - anchor.weekday() + back) % 7 - back)


@dataclass(slots=True)
class _Merging:
    """An event while outlets' mentions of it are merged in: each citation keeps the date
    phrase its article writes; ``words`` are the first sentence's content words."""

    date: dt.date | None
    precision: Precision | None
    text: str
    citations: list[Citation]
    phrases: list[str]
    words: frozenset[str]
    cited: set[Citation]  # the citations, for a membership test that does not scan


def build_timeline(docs: Sequence[Document]) -> list[Event]:
    """Events with their dates, ordered; the same event told by several outlets merges.

    An undated day phrase ("June 19 last year" in an article with no date) takes the date
    of a dated mention of the same month and day in another article when the two
    sentences share content words: that other article is the evidence. A bare day
    ("since June 19") or month ("In June") in an undated article takes the year of the
    story (the latest date of the dated articles, preferring the past; for a month, only
    when the article's own text does not place it in another year) or, when no article is
    dated, the year the latest full date written in the cluster gives (see
    :func:`_by_latest`). A weekday or relative day ("Monday", "today", "last year") in an
    undated article is read against the story's latest date when the dated articles were
    all published within :data:`_CLOSE_DAYS` days (a bare weekday may fall the day after
    it); when no article is dated, against the latest full date the cluster writes, if the
    cluster also names that date's weekday ("Tuesday, April 16, 2013" or "on Tuesday")
    and no later year shows that date to be history (against the day after it when only
    that day's weekday is named: the story was told then); a bare day or month is then read
    against that day as against a publication date. A cluster that writes no full date
    either takes one from a day whose weekday it gives ("Friday, March 23rd", or "filed May
    3" in one article and "filed Saturday" in another): the first year, from the latest
    past year the cluster writes, in which that day falls on that weekday. A weekday read
    against such a written date falls up to three days either side of it, as the story
    may be told before or after it. Anything else stays undated.
    """
    dates = [a for a in map(_anchor, docs) if a]
    cluster_anchor = max(dates) if dates else None
    found = [(d, find_dates(d, cluster_anchor=cluster_anchor)) for d in docs]
    story = _story(docs, found, dates)
    events = _merged_events(docs, _placed_mentions(found, story), story)
    out = [
        Event(e.date, e.precision, e.phrases[0], e.text, tuple(e.citations), tuple(e.phrases))
        for e in events
    ]
    out.sort(key=lambda ev: (ev.date is None, ev.date or dt.date.min))
    return out


@dataclass(frozen=True, slots=True)
class _Story:
    """What the cluster as a whole tells of when its story was told (see
    :func:`build_timeline`)."""

    anchor: dt.date | None  # the latest publication date
    undated: frozenset[str]  # the articles with no date of their own
    close_dates: bool  # the dated articles were all published within _CLOSE_DAYS days
    # no article dated: the latest full date the cluster writes, or one fitted to a weekday
    latest: dt.date | None
    history: bool  # a later year written shows ``latest`` is history
    story_day: dt.date | None  # the day the story is told, when the cluster shows it
    months: dict[int, dt.date]  # each month's date written with its year, the latest


#: a date mention in its sentence: the mention, the sentence's start, end, text and
#: content words
_Placed = tuple[DateMention, int, int, str, frozenset[str]]
_DatesFound = list[tuple[Document, list[DateMention]]]


def _story(docs: Sequence[Document], found: _DatesFound, dates: Sequence[dt.date]) -> _Story:
    """When the story of ``docs`` was told, from their publication dates (``dates``) and
    the dates they write (``found``)."""
    cluster_anchor = max(dates) if dates else None
    undated = frozenset(d.article.id for d in docs if _anchor(d) is None)
    close_dates = bool(dates) and (max(dates) - min(dates)).days <= _CLOSE_DAYS
    latest, years = _latest_written(found, cluster_anchor)
    history = latest is not None and max(years, default=latest.year) > latest.year
    # ... and when the cluster also names that date's weekday ("Tuesday"), the story is
    # told around it: relative days are read against it as against a publication date;
    # when it names only the next day's ("Jan. 2, 2012" and "voting on Tuesday"), the story
    # is told the day after
    story_day = None
    if latest is not None and not history:
        named = {n for d in docs for n in _WEEKDAY_NAMES.findall(d.article.text)}
        next_day = latest + dt.timedelta(days=1)
        if latest.strftime("%A") in named:
            story_day = latest
        elif next_day.strftime("%A") in named:
            story_day = next_day
    months = {
        dm.date.month: dm.date
        for _d, dms in found
        for dm in sorted(dms, key=lambda dm: dm.date or dt.date.min)
        if dm.kind in ("mdy", "dmy", "my") and dm.date
    }
    return _Story(cluster_anchor, undated, close_dates, latest, history, story_day, months)


def _latest_written(
    found: _DatesFound, cluster_anchor: dt.date | None
) -> tuple[dt.date | None, list[int]]:
    """With no publication date anywhere, the latest full date the cluster writes, else
    one fitted to a weekday it gives; and every year its dates look back on."""
    # no publication date anywhere: a full date written in the cluster ("Oct. 27, 2017")
    # bounds when it was written, so a bare day takes that year
    full = [dm.date for _d, dms in found for dm in dms if dm.kind in ("mdy", "dmy") and dm.date]
    latest = max(full) if full and cluster_anchor is None else None
    # a later year written anywhere ("won an Oscar in 2017") shows the latest full date is
    # history ("Oct. 3, 1995"), not when the story was written: bare days stay undated
    years = [dm.date.year for _d, dms in found for dm in dms if dm.date and not dm.future]
    # no date at all, but the years the story looks back on ("since 2015", never one to
    # come) bound when it was written, and a day's weekday ("Friday, March 23rd"; "filed
    # May 3" in one article, "filed Saturday" in another) then gives its year: the first
    # from the latest of those years in which the day falls on that weekday (of several
    # such days, the earliest: the one nearest the years written)
    since = max((y for y in years if y <= dt.date.today().year), default=None)
    days = [dm for _d, dms in found for dm in dms if dm.kind in ("md", "dm")]
    if cluster_anchor is None and latest is None and since and not any(dm.date for dm in days):
        fitted = [
            fit
            for dm in days
            if dm.month_day
            if (fit := _weekday_fit(dm.month_day, _weekday_named(dm.expression), since))
        ]
        latest = min(fitted, default=None) or _linked_weekday(found, since)
    return latest, years


def _placed_mentions(found: _DatesFound, story: _Story) -> list[_Placed]:
    """Every date mention in its sentence, a bare one read against the story's day or
    latest written date; mentions outside any sentence are left out."""
    raw: list[_Placed] = []
    latest, story_day = story.latest, story.story_day
    for d, dms in found:
        for dm in dms:
            if story_day and dm.date is None and dm.kind in ("md", "dm", "m"):
                # the story is told on a known day: a bare day or month is read against
                # it as against a publication date, tense and all
                date, prec, _md = resolve(dm.kind, dm.expression, story_day, future=dm.future)
                dm = replace(dm, date=date, precision=prec)
            elif latest and dm.date is None and not (story.history and dm.kind in ("md", "dm")):
                dm = _by_latest(dm, latest, story.months)
            sent = _sentence_of(d, dm.start)
            if sent is None:
                continue
            raw.append((dm, sent[0], sent[1], sent[2], frozenset(content_words(sent[2]))))
    return raw


def _merged_events(docs: Sequence[Document], raw: list[_Placed], story: _Story) -> list[_Merging]:
    """The events the placed mentions tell, an undated mention dated by what the other
    mentions tell, the same event told by several outlets merged into one."""
    # undated articles: borrow the year for a bare "June 19" from a dated article's mention
    # of the same day, or from a "last year" phrase of the same day
    dated_md = {
        (dm.month_day, dm.date): words
        for dm, _s, _e, _t, words in raw
        if dm.month_day and dm.date is not None
    }
    events: list[_Merging] = []
    by_date: dict[tuple[dt.date | None, Precision | None], list[_Merging]] = {}
    # "June 19 last year" dated by another article tells this article's year
    inferred_year: dict[str, int] = {}
    # each article's dated days and months so far, for "the next day" after them
    told: dict[str, list[tuple[int, dt.date, Precision]]] = {}
    texts = {d.article.id: d.article.text for d in docs}
    raw.sort(key=lambda r: r[0].kind != "md_last")
    for dm, s_start, s_end, stext, words in raw:
        date, prec = _borrowed_date(dm, words, dated_md, inferred_year, story)
        if dm.kind == "dayrel":
            date, prec = _from_day_before(dm, told.get(dm.article_id, []), texts[dm.article_id])
        if dm.kind == "md_last" and dm.date is None and date is not None:
            inferred_year[dm.article_id] = date.year + 1
        if date is not None and prec in ("day", "month"):
            told.setdefault(dm.article_id, []).append((dm.end, date, prec))
        cite = Citation(dm.article_id, s_start, s_end)
        # the first event of the same date and precision that shares 3 content words;
        # events are indexed by (date, precision), so a large story costs no scan of all
        for ev in by_date.get((date, prec), ()) if date is not None else ():
            if len(words & ev.words) >= 3:
                if cite not in ev.cited:
                    ev.cited.add(cite)
                    ev.citations.append(cite)
                    ev.phrases.append(dm.expression)
                break
        else:
            ev = _Merging(date, prec, stext, [cite], [dm.expression], words, {cite})
            events.append(ev)
            by_date.setdefault((date, prec), []).append(ev)
    return events


def _borrowed_date(
    dm: DateMention,
    words: frozenset[str],
    dated_md: dict[tuple[tuple[int, int], dt.date], frozenset[str]],
    inferred_year: dict[str, int],
    story: _Story,
) -> tuple[dt.date | None, Precision | None]:
    """The date of a mention (``words``: its sentence's content words), an undated one
    dated by another mention of its day (``dated_md``), by its article's year
    (``inferred_year``) or by the story's date."""
    date, prec = dm.date, dm.precision
    cluster_anchor, undated = story.anchor, story.undated
    if date is None and dm.month_day:
        named_day = _weekday_named(dm.expression)
        for (md, d2), w2 in dated_md.items():
            if (
                md == dm.month_day
                and d2 is not None
                and len(words & w2) >= 2
                and named_day in (None, d2.weekday())  # "Monday October 19" is not a Thursday
            ):
                date, prec = d2, "day"
                break
    if date is None and dm.kind in ("rel", "wd") and dm.article_id in inferred_year:
        date, prec = dt.date(inferred_year[dm.article_id], 1, 1), "year"
    if (
        date is None
        and dm.kind == "m"
        and cluster_anchor is not None
        and dm.article_id in undated
        and inferred_year.get(dm.article_id, cluster_anchor.year) == cluster_anchor.year
    ):
        # "In June" in an undated article: June of the story's year, unless the
        # article's own text places it in another year
        date, prec, _md = resolve("m", dm.expression, cluster_anchor, future=dm.future)
    if (
        date is None
        and dm.kind in _BORROWS
        and (story.close_dates or story.story_day)
        and dm.article_id in undated
        and dm.article_id not in inferred_year
    ):
        # "Monday" in an undated article of a story whose dated articles were all
        # published within a few days: read against the story's latest date; a bare
        # weekday may fall the day after it (the undated article may be a day newer)
        day = cluster_anchor or story.story_day
        assert day is not None
        date, prec, _md = resolve(dm.kind, dm.expression, day, future=dm.future)
        bare = not re.match(r"(?i)last|next", dm.expression)
        if dm.kind == "wd" and date is not None and bare and not dm.future:
            date = _near(day, date.weekday(), 3 if cluster_anchor is None else 5)
    return date, prec
