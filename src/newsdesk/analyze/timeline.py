"""Date expressions in running text, resolved against the article's publication date.

No library finds date spans reliably in news text (``dateparser.search_dates`` reads "We"
as Wednesday), so spans are found here with explicit patterns, and resolved by a small
resolver that prefers the past, as news reports mostly do: "Thursday" in an article of
Friday 28 September 2012 is 27 September; "in August" is August 2012 at month precision;
"June 19 last year" is 19 June of the year before. Each date keeps its precision.

An article without a publication date resolves only what needs no anchor ("September 28,
2012", "in 2011"); its relative phrases stay undated unless the same day is dated by
another article of the cluster for the same event (see :func:`build_timeline`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..model import Citation, Event, Precision
from ..summarize.base import Document
from ..text import content_words

__all__ = ["DateMention", "find_dates", "resolve", "build_timeline"]

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_PATTERN = re.compile(
    rf"""
    (?P<mdy>{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}\b)
  | (?P<dmy>\b\d{{1,2}}\s+{_MONTH}\s+{_YEAR}\b)
  | (?P<md_last>{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?last\s+year\b)
  | (?P<md>{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b)
  | (?P<dm>\b\d{{1,2}}\s+{_MONTH})
  | (?P<my>{_MONTH}\s+(?:of\s+)?{_YEAR}\b)
  | (?P<m_last>\blast\s+{_MONTH})
  | (?P<m>\b(?i:in|since|until|by|during|early|late|mid-?|from|through|between)\s+{_MONTH}
      (?!\s+(?:of\s+)?\d))
  | (?P<wd>\b(?:(?:on|last|this|next|late|early)\s+)?{_WEEKDAY}
      (?:\s+(?:night|morning|afternoon|evening))?)
  | (?P<rel>\b(?:today|yesterday|tonight|last\s+night|this\s+(?:morning|afternoon|evening))\b)
  | (?P<lastyear>\blast\s+year\b)
  | (?P<monthrel>\b(?:last|this|next)\s+month\b)
  | (?P<y>\b(?i:in|since|during|until|by|from|of|through|and|early|late|mid-?|between
      |for\s+much\s+of)\s+{_YEAR}\b(?!,\d)(?!\d))
  | (?P<ymod>\b(?:[Tt]he|an?|his|her|its|their|[A-Z][\w]*['’]s)\s+{_YEAR}
      (?=\s+(?!(?:people|persons|men|women|members|students|votes|voters|troops|units|
      homes|jobs|cases|deaths|dollars|euros|pounds|miles|feet|acres|tons|years)\b)[a-z][a-z-]+))
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
_FUTURE = re.compile(r"\b(?:will|would|is\s+(?:due|expected|scheduled|set)|next|plans?\s+to)\b")


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


def _month(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")]


def _past_year(month: int, day: int, anchor: dt.date, future: bool) -> int:
    """The year that puts month/day at or before the anchor (after it for future tense)."""
    year = anchor.year
    try:
        cand = dt.date(year, month, day)
    except ValueError:
        return year
    if not future and cand > anchor + dt.timedelta(days=1):
        return year - 1
    if future and cand < anchor - dt.timedelta(days=1):
        return year + 1
    return year


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
        if kind in ("m", "m_last"):
            if anchor is None:
                return None, None, None
            year = anchor.year
            if kind == "m_last" or (not future and months[0] > anchor.month):
                year -= 1
            elif future and months[0] < anchor.month:
                year += 1
            return dt.date(year, months[0], 1), "month", None
        if kind in ("y", "ymod"):
            return dt.date(nums[0], 1, 1), "year", None
        if anchor is None:
            return None, None, None
        if kind == "lastyear":
            return dt.date(anchor.year - 1, 1, 1), "year", None
        if kind == "monthrel":
            shift = {"last": -1, "this": 0, "next": 1}[expr.split()[0].lower()]
            year, month = divmod(anchor.year * 12 + anchor.month - 1 + shift, 12)
            return dt.date(year, month + 1, 1), "month", None
        if kind == "rel":
            low = expr.lower()
            if low == "yesterday" or low.startswith("last"):
                return anchor - dt.timedelta(days=1), "day", None
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
    except (ValueError, IndexError):
        return None, None, None
    return None, None, None


def find_dates(doc: Document, *, cluster_anchor: dt.date | None = None) -> list[DateMention]:
    """Every date phrase of one article, resolved against its publication date.

    ``cluster_anchor`` (the latest date of the other articles) is used, for an undated
    article only, to give a bare day ("since June 19") the year of the story.
    """
    text = doc.article.text
    anchor = _anchor(doc)
    posted = _POSTED.search(text)
    out: list[DateMention] = []
    for m in _PATTERN.finditer(text):
        if posted and posted.start() <= m.start() < posted.end():
            continue  # the page's publication line is metadata, not an event
        kind = m.lastgroup or ""
        expr = m.group(0)
        start = m.start()
        # drop the preposition from the expression ("in August" → "August") except for
        # phrases whose meaning depends on it ("for much of 2011")
        lead = re.match(
            r"(?i:in|since|until|by|during|from|through|and|on|of|between)\s+", expr
        ) or (re.match(r"\S+\s+", expr) if kind == "ymod" else None)
        if lead:
            expr = expr[lead.end() :]
            start += lead.end()
        if kind == "md" and re.match(r"\s*[,–-]\s*\d", text[m.end() : m.end() + 4]):
            continue  # "May 5-6": a range, left out rather than half-read
        if kind == "m" and expr.split()[-1].lower().rstrip(".") == "may":
            continue  # "may" is far more often the verb
        sent_end = text.find(".", m.end())
        future = bool(_FUTURE.search(text[max(0, start - 80) : sent_end if sent_end > 0 else None]))
        use = anchor
        if anchor is None and kind in ("md", "dm"):
            use = cluster_anchor
        date, prec, md = resolve(kind, expr, use, future=future)
        out.append(
            DateMention(doc.article.id, start, start + len(expr), expr, kind, date, prec, md)
        )
    return _join_weekdays(text, out)


def _join_weekdays(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """ "Monday, May 31, 1999" is one phrase: the weekday names the full date after it."""
    out: list[DateMention] = []
    for dm in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "wd"
            and dm.kind == "mdy"
            and _APPOSED.fullmatch(text[prev.end : dm.start])
        ):
            expr = text[prev.start : dm.end]
            out[-1] = replace(dm, start=prev.start, expression=expr)
        else:
            out.append(dm)
    return out


def _sentence_of(doc: Document, offset: int) -> tuple[int, int, str] | None:
    for s in doc.sentences:
        if s.start <= offset < s.end:
            return s.start, s.end, s.text
    return None


def build_timeline(docs: Sequence[Document]) -> list[Event]:
    """Events with their dates, ordered; the same event told by several outlets merges.

    An undated day phrase ("June 19 last year" in an article with no date) takes the date
    of a dated mention of the same month and day in another article when the two
    sentences share content words: that other article is the evidence. A bare day
    ("since June 19") in an undated article takes the year of the story (the latest date
    of the dated articles, preferring the past) or, when no article is dated, the year of
    the latest full date written in the cluster. Anything else stays undated.
    """
    raw: list[tuple[DateMention, int, int, str, frozenset[str]]] = []
    dates = [a for a in map(_anchor, docs) if a]
    cluster_anchor = max(dates) if dates else None
    found = [(d, find_dates(d, cluster_anchor=cluster_anchor)) for d in docs]
    # no publication date anywhere: a full date written in the cluster ("Oct. 27, 2017")
    # bounds when it was written, so a bare day takes that year
    full = [dm.date for _d, dms in found for dm in dms if dm.kind in ("mdy", "dmy") and dm.date]
    text_year = max(full).year if full and cluster_anchor is None else None
    for d, dms in found:
        for dm in dms:
            if text_year and dm.date is None and dm.kind in ("md", "dm") and dm.month_day:
                try:
                    day = dt.date(text_year, *dm.month_day)
                except ValueError:
                    day = None
                if day is not None:
                    dm = replace(dm, date=day, precision="day")
            sent = _sentence_of(d, dm.start)
            if sent is None:
                continue
            raw.append((dm, sent[0], sent[1], sent[2], frozenset(content_words(sent[2]))))
    # undated articles: borrow the year for a bare "June 19" from a dated article's mention
    # of the same day, or from a "last year" phrase of the same day
    dated_md = {
        (dm.month_day, dm.date): words
        for dm, _s, _e, _t, words in raw
        if dm.month_day and dm.date is not None
    }
    events: list[tuple[dt.date | None, Precision | None, str, str, list[Citation], frozenset[str]]]
    events = []
    # "June 19 last year" dated by another article tells this article's year
    inferred_year: dict[str, int] = {}
    raw.sort(key=lambda r: r[0].kind != "md_last")
    for dm, s_start, s_end, stext, words in raw:
        date, prec = dm.date, dm.precision
        if date is None and dm.month_day:
            for (md, d2), w2 in dated_md.items():
                if md == dm.month_day and d2 is not None and len(words & w2) >= 2:
                    date, prec = d2, "day"
                    break
        if date is None and dm.kind in ("rel", "wd") and dm.article_id in inferred_year:
            date, prec = dt.date(inferred_year[dm.article_id], 1, 1), "year"
        if dm.kind == "md_last" and dm.date is None and date is not None:
            inferred_year[dm.article_id] = date.year + 1
        cite = Citation(dm.article_id, s_start, s_end)
        for ev in events:
            same = ev[0] == date and ev[1] == prec and date is not None
            if same and len(words & ev[5]) >= 3:
                if all(c.article_id != cite.article_id or c != cite for c in ev[4]):
                    ev[4].append(cite)
                break
        else:
            events.append((date, prec, dm.expression, stext, [cite], words))
    # a sentence with a dated phrase does not also list its undated ones
    dated_sents = {(ev[4][0].article_id, ev[4][0].start) for ev in events if ev[0] is not None}
    kept = [
        ev
        for ev in events
        if ev[0] is not None or (ev[4][0].article_id, ev[4][0].start) not in dated_sents
    ]
    out = [Event(d, p, x, t, tuple(c)) for d, p, x, t, c, _w in kept]
    out.sort(key=lambda ev: (ev.date is None, ev.date or dt.date.min))
    return out
