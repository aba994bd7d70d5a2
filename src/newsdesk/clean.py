"""Cleaning of scraped text: drop page cruft line by line and lift the metadata it carries.

Scraped news pages keep navigation, related-story lists, photo captions and credits, promos,
bylines and "contributed to this report" lines around the article body. The cleaner works on
lines (a paragraph of a scraped page is one line) with general rules, in three passes:

1. **Patterns** mark lines that are cruft wherever they stand: boilerplate phrases (share,
   subscribe, advertisement, cookie, copyright, "click here", "Read more"...), caption and
   credit forms ("Image caption", "(Photo: ...)", "... (Associated Press)"), bylines,
   "contributed to this report", timestamp lines, lines without any letter or digit, and
   lines repeated verbatim. A "related coverage" header takes the rest of its block with it.
2. **Position** finds the body: the span from the first to the last line that reads as prose
   (terminal punctuation or a long line that is not a title-cased headline). Non-prose lines
   before it (title, byline, captions, highlights) and after it (related headlines, credits,
   promos) are cruft; short headline-like lines inside it are sub-headings or link lists.
3. **Metadata**: the first headline-like line before the body becomes the title, the first
   timestamp line before the body the publication date, a "By ..." line the author, and a
   dateline such as ``(CNN) --`` or ``LOS ANGELES (Reuters) -`` the source. When no such
   line dates the page, a full date is lifted from a dropped line near the top: a
   "Posted/Published/Updated" line first, then a timestamp, byline or lead photo caption
   (never a file photo's, a related teaser's or a body sentence's, and never a caption date
   earlier than a day the kept text reports: see ``_lifted_date``); failing that, the
   latest embedded tweet's date ("— Name (@handle) September 20, 2018"), with the same
   check (see ``_tweet_date``).

The dateline prefix is removed from its sentence ("(CNN) -- Top diplomats met" becomes "Top
diplomats met"): the outlet goes to ``Cleaned.source`` and the place is not a part of the
sentence a summary would quote. Every other kept line is returned unchanged.

Line numbers in ``Cleaned.removed`` are 1-based physical lines of the input after ``\\r\\n``
and ``\\r`` are normalised to ``\\n``, the same numbering as the hand labels in
``labels/cruft/``.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field

from .lexicon import months
from .text import drop_invisible

__all__ = ["Cleaned", "clean_text"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The article body and the metadata the scraped text carried."""

    text: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    author: str | None = None
    removed: tuple[tuple[int, str], ...] = ()  # (line number, reason) of each dropped line


# --- line features -------------------------------------------------------------------------

_CLOSERS = "\"'”’»)]*"
_TERMINAL = ".!?…。！？"
_SMALL_WORDS = "a an and as at but by for from in into nor of on or over per the to up via vs with"
_SMALL = frozenset(_SMALL_WORDS.split())
_ALNUM = re.compile(r"[^\W_]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_BULLETS = ("•", "·", "▪", "►", "■", "◦", "‣")


def _n_words(s: str) -> int:
    """Word count; in scripts written without spaces two characters count as a word."""
    n = len(s.split())
    if len(s) > 8 * n:  # few spaces for the length: maybe Chinese, Japanese or Korean
        n += len(_CJK.findall(s)) // 2
    return n


def _ends_terminal(s: str) -> bool:
    t = s.rstrip(_CLOSERS + " ")
    return bool(t) and t[-1] in _TERMINAL


def _cap_ratio(s: str) -> float:
    """Share of the non-function words that start with a capital letter or a digit."""
    toks = [w.strip("\"'“”‘’()[],:;-–—") for w in s.split()]
    toks = [w for w in toks if w and w.lower() not in _SMALL and _ALNUM.search(w)]
    if not toks:
        return 0.0
    return sum(1 for w in toks if w[0].isupper() or w[0].isdigit()) / len(toks)


def _shouting(s: str) -> bool:
    """Mostly upper-case letters (only short lines are checked: it is a headline feature)."""
    if len(s) > 160:
        return False
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.8


def _headline_like(s: str) -> bool:
    """A short or title-cased line without final punctuation: a title, link or credit."""
    n = _n_words(s)
    if _shouting(s) and n <= 12:
        return True
    t = s.rstrip(_CLOSERS + " ")
    if t.endswith(("!", "?")) and n <= 14 and _cap_ratio(s) >= 0.7:
        return True
    if _ends_terminal(s) or t.endswith((",", ";")):
        return False
    return n <= 8 or (n <= 25 and _cap_ratio(s) >= 0.6)


def _continues(s: str) -> bool:
    """A line cut in mid-sentence (a comma, or a colon after a long lead-in): text, not a label."""
    t = s.rstrip(_CLOSERS + " ")
    return t.endswith((",", ";", "–", "—")) or (t.endswith(":") and _n_words(s) >= 8)


def _prose(s: str) -> bool:
    """A line that reads as running text of an article."""
    if _headline_like(s):
        return False
    n = _n_words(s)
    if _ends_terminal(s):  # "An autopsy was pending." is text; "Happy New Year!" is not
        return n >= 5 or (n >= 3 and _cap_ratio(s) < 0.5)
    return n >= 13


# --- patterns ------------------------------------------------------------------------------

_I = re.IGNORECASE
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_MONTHS = months()
_DATE = re.compile(
    rf"(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d\d)"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH}),?\s+(?P<y2>(?:19|20)\d\d)"
    r"|(?P<y3>(?:19|20)\d\d)-(?P<m3>\d\d)-(?P<d3>\d\d))",
    _I,
)
_WEEKDAY = r"(?:(?:Mon|Tue|Tues|Wed|Wednes|Thu|Thur|Thurs|Fri|Sat|Satur|Sun)(?:day)?\.?,?\s+)?"
_STAMP_LEAD = re.compile(
    rf"^(?:(?:last\s+)?(?:updated|posted|published|modified|date)\s*(?:on|at)?\s*:?\s*)?"
    rf"{_WEEKDAY}(?=\S)",
    _I,
)
# Words allowed around a date on a timestamp line.
_STAMP_REST = re.compile(
    r"^(?:[\s\-–—|,:;/()]|updated|posted|published|last|modified|at|on|by|gmt|utc|bst|"
    r"[a-z]{1,3}t|et|pt|a\.?m\.?|p\.?m\.?|[\d:.]+|edt|est|pdt|pst|hkt|cet|cest)*$",
    _I,
)

_LONG = 90  # words: longer lines are never dropped by a pattern (see clean_text)
# Web-archive notices that replace a page that could not be fetched.
_ARCHIVE_NOTICE = re.compile(
    r"^(?:starting in \d{4}, alexa internet has been donating|these crawls are part of an "
    r"effort to archive|warczone is a collection)",
    _I,
)
_FIGURE_END = re.compile(r"\bfull size image\s*$", _I)  # a journal's figure caption
# Boilerplate at the start of a line (tried at position 0 only: cheap).
_BOILERPLATE_START = re.compile(
    r"|".join(
        [
            r"skip to\b",
            r"advertisements?$",
            r"(?:story )?continues? below\b",
            r"(?:[\w.]+\s+)?(?:click|tap) (?:here|to (?:play|watch|view|see|read|share|email|"
            r"print|open|enlarge|expand|subscribe|listen|follow|download))\b",
            r"read (?:more|the full|on)\b",
            r"(?:related|more|more from|see also|full coverage|watch|listen|photos?|video|"
            r"gallery|image|picture|caption|credit|pictured|exclusive)\b[^:]{0,20}:",
            r"more from\b",
            r"\(?(?:writing|reporting|additional reporting|editing|compiled) by\b",
            r"write to \S.* at \S+@",
            r"\S+@\S+\.\w+$",
            r"(?:twitter:?\s*)?@\w+$",
            r"view images?\b|(?:just watched|must watch)\b",
            r"tweet with a location$",
            r"(?:facebook|twitter|pinterest|email|share|whatsapp|linkedin|print)"
            r"(?:\s+(?:facebook|twitter|pinterest|email|share|whatsapp|linkedin|print))+\b",
            r"\d+\s+of\s+\d+\b",
            r"file\s*[-–—]\s",
        ]
    ),
    _I,
)
# Boilerplate anywhere in a line, each behind a cheap keyword test of the lower-cased line.
_BOILERPLATE_ANY: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (keys, re.compile(pattern, _I))
    for keys, pattern in [
        (("highlights",), r"\bstory highlights\b"),
        (("click here",), r"\bclick here\b"),
        (("new window",), r"\(opens in (?:a )?new window\)"),
        (
            ("subscri", "sign up", "newsletter"),
            r"\bsubscribe\b|\bsubscribing\b|\bsign up (?:for|to)\b|\bnewsletters?\b",
        ),
        (("inbox",), r"\b(?:in|to) your inbox\b"),
        (("follow",), r"\bfollow (?:us|me|@\w+)\b|\bfollow (?:my|our) \w+ here\b"),
        (("like us",), r"\blike us on facebook\b"),
        (("read",), r"\bread (?:or share )?this story\b|\bread [\w'’]+ full (?:blog|story)\b"),
        (
            ("©", "copyright", "rights reserved"),
            r"©|\bcopyright\s*(?:\(c\)|\d{4})|\ball rights reserved\b",
        ),
        (("cookie",), r"\bcookies?\b.*\b(?:policy|consent|accept|settings)\b"),
        (("privacy", "terms of"), r"\bprivacy policy\b|\bterms of (?:use|service)\b"),
        (
            ("contributed",),
            r"\bcontributed (?:reporting|to (?:this|the) (?:report|story|article))\b",
        ),
        (("reached at",), r"\bcan be reached at\b"),
        (("image", "media"), r"\bimage (?:copyright|caption)\b|\bmedia (?:playback|caption)\b"),
        (("replay",), r"\breplay more videos\b"),
        (("browser", "try again"), r"\byour browser does not support\b|\bplease try again later\b"),
        (("loaded", "rented"), r"\bcould not be loaded\b|\bwhen the video has been rented\b"),
        (("location",), r"\blocation information to your tweets\b"),
        (("opinions",), r"\bopinions expressed (?:are|in this)\b"),
        (("commercial", "reprint"), r"\bnon-commercial use\b|\breprints?:"),
        (
            ("version of",),
            r"\b(?:expanded|earlier|longer) version of this (?:report|story|article)\b",
        ),
        (("interest",), r"\badd [\w .'-]+ as an interest\b"),
        (("tip",), r"\bnewstips\b|\bsend (?:us )?(?:a |your )?(?:news )?tips?\b"),
        (("wayback", "crawl"), r"\bwayback machine\b|\bcrawls?\b.*\barchiv"),
        (("(@",), r"—\s*[^—]{1,60}\(@\w+\)\s*" + _MONTH + r"\s+\d{1,2},\s*\d{4}\s*$"),
    ]
)


def _boilerplate(s: str) -> bool:
    """Whether a line is web-page boilerplate (share bars, promos, widgets, credits)."""
    if _BOILERPLATE_START.match(s):
        return True
    low = s.lower()
    return any(any(k in low for k in keys) and rx.search(s) for keys, rx in _BOILERPLATE_ANY)


_PROMO_TAIL = re.compile(
    r"\b(?:terminal|app|apps|podcasts?|premium|membership|download|subscri\w*|newsletter)\b", _I
)
_CAPTION_END = re.compile(
    r"(?:\((?:[^()]*\b(?:photo|photos|photograph|photographer|getty|images|reuters|ap|afp|"
    r"epa|associated press|credit|via|handout|file)\b[^()]*)\)"
    r"|\b(?:photo(?:graph)?|credit|image)s?\s*(?:by|:)\s*[^.]{2,80}"
    r"|\bAP Photo/[^.]{2,60}"
    r"|\b(?:via|/)\s*(?:getty images|reuters|afp|ap|epa)"
    r"|\bfull size image)\s*$",
    _I,
)
_CREDIT_START = re.compile(
    r"^[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*){0,3}\s?/\s?(?:AFP|AP|Getty|Reuters|REUTERS|EPA|Via|via)\b"
)
_CAPTION_START = re.compile(
    r"^(?:an?|the|this)?\s?(?:[\w-]+\s){0,2}(?:photo|picture|image|shot|screengrab|screenshot|"
    r"still|file photo)s?\s(?:of|shows?|from)\b",
    _I,
)
_PHOTO_CREDIT_END = re.compile(
    r"(?:\([^()]*(?:photo|getty|images|/|photographer|credit|handout)[^()]*\)"
    r"|\bAP Photo/.*|\bfull size image|\bphotograph:.*)\s*$",
    _I,
)
_WIDGET = re.compile(r"^CLOSE\s[A-Z]")
_BYLINE = re.compile(r"^(?:by|written by|words by)\s+(?P<who>[^.!?]{2,80})$", _I)
_CREDIT_DASH = re.compile(r"^(?:--|—|–)\s*\w")
_RELATED_HEAD = re.compile(
    r"^(?:part of (?:our )?(?:complete|full|continuing|special) coverage\b"
    r"|related(?: (?:stories|articles|coverage|content|links|posts|news|reading))?:?$"
    r"|more (?:stories|news|coverage|on this (?:story|topic))\b"
    r"|see also\b|recommended(?: for you| stories)?:?$|you (?:may|might) also like\b"
    r"|most (?:popular|read|viewed|shared)\b|trending(?: now)?:?$|further reading\b"
    r"|top stories:?$|latest (?:news|stories|videos?):?$|what to read next\b)",
    _I,
)
_OUTLET = r"[A-Z][A-Za-z.&'-]*(?:\s[A-Z][A-Za-z.&'-]*){0,3}"
_PLACE = (
    r"(?:[A-Z][A-Z.'-]+(?:\s[A-Z][A-Z.'-]+)*(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)?"
    r"|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][a-z]+)?)"
)
_DATELINE_SRC = re.compile(
    rf"^(?:{_PLACE}\s*)?\((?P<src>{_OUTLET})\)\s*(?:(?:--|—|–|-|:)\s*|(?=[A-Z\"“‘']))"
)
_DATELINE_PLACE = re.compile(rf"^(?:{_PLACE})\s*(?:--|—|–|-|>>)\s*(?=[A-Z\"“‘'\d])")


def _stamp_date(s: str) -> dt.date | None | bool:
    """For a timestamp-only line, its date (or True when unparseable); else False."""
    if _n_words(s) > 14:
        return False
    lead = _STAMP_LEAD.match(s)
    start = lead.end() if lead else 0
    m = _DATE.search(s, start)
    if m is None or (m.start() != start and not re.match(r"(?:updated|posted|published)", s, _I)):
        return False
    rest = s[:start] + " " + s[: m.start()][start:] + " " + s[m.end() :]
    if not _STAMP_REST.match(rest):
        return False
    return _to_date(m) or True


def _to_date(m: re.Match[str]) -> dt.date | None:
    g = m.groupdict()
    try:
        if g["y1"]:
            mon = _MONTHS[g["m1"].lower().rstrip(".")]
            return dt.date(int(g["y1"]), mon, int(g["d1"]))
        if g["y2"]:
            mon = _MONTHS[g["m2"].lower().rstrip(".")]
            return dt.date(int(g["y2"]), mon, int(g["d2"]))
        return dt.date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
    except (KeyError, ValueError):
        return None


def _norm(s: str) -> str:
    return " ".join(s.split()).casefold()


# --- the cleaner ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Page:
    """The non-blank lines of one page, ``(index into lines, stripped text)``, the block of
    each (a run of lines with no blank line between them), and what the passes found:
    each line's drop reason, timestamp lines and their dates, the byline's author."""

    items: list[tuple[int, str]]
    block: list[int]
    reason: list[str | None]
    stamps: dict[int, dt.date | None] = field(default_factory=dict)
    author: str | None = None


def clean_text(text: str) -> Cleaned:
    """Drop page cruft from scraped text and lift the metadata it carries.

    Returns the body with its paragraph breaks, the lifted metadata, and the number and
    reason of every dropped line, so that nothing is dropped silently.
    """
    text = drop_invisible(text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    items = [(i, s) for i, raw in enumerate(lines) if (s := raw.strip())]
    if not items:
        return Cleaned(text="")
    n = len(items)
    block = [0] * n
    for k in range(1, n):
        block[k] = block[k - 1] + (items[k][0] != items[k - 1][0] + 1)
    page = _Page(items, block, [None] * n)
    # Pass 1: patterns.
    _mark_patterns(page)
    _mark_repeated(page)
    _mark_teasers(page)
    # Pass 2: position of the body.
    prose = [
        k
        for k in range(n)
        if page.reason[k] is None and _prose(items[k][1]) and not items[k][1].startswith(_BULLETS)
    ]
    title, published = _mark_around_body(page, prose) if prose else (None, None)
    if published is None:
        published = _fallback_published(page, prose)
    # Pass 3: the source and the dateline prefix of the first body lines.
    out_lines, source = _strip_dateline(page, lines)
    reason = page.reason
    removed = tuple((items[k][0] + 1, r) for k, r in enumerate(reason) if r is not None)
    drop = {items[k][0] for k in range(n) if reason[k] is not None}
    body = _join([line for i, line in enumerate(out_lines) if i not in drop])
    if removed:
        log.debug("dropped %d of %d lines", len(removed), n)
    return Cleaned(
        text=body,
        title=title,
        published=published,
        source=source,
        author=page.author,
        removed=removed,
    )


def _mark_patterns(page: _Page) -> None:
    """Lines whose own text says what they are: symbols, related-story heads and their
    blocks, timestamps, boilerplate, bylines (the first gives the author), captions."""
    reason = page.reason
    related_block = -1
    for k, (_, s) in enumerate(page.items):
        if page.block[k] == related_block:
            reason[k] = "related"
            continue
        if not _ALNUM.search(s):
            reason[k] = "symbols"
        elif _RELATED_HEAD.match(s):
            reason[k] = "related"
            related_block = page.block[k]
        elif (st := _stamp_date(s)) is not False:
            reason[k] = "timestamp"
            page.stamps[k] = st if isinstance(st, dt.date) else None
        elif _n_words(s) > _LONG:
            # A long line is a whole article run together (as in preprocessed corpora): a
            # caption or widget text at its start must not take the article with it.
            if _ARCHIVE_NOTICE.match(s):
                reason[k] = "boilerplate"
            elif _FIGURE_END.search(s):
                reason[k] = "caption"
        elif _boilerplate(s):
            reason[k] = "boilerplate"
        elif (b := _BYLINE.match(s)) and _n_words(s) <= 10 and not _ends_terminal(s):
            reason[k] = "byline"
            if page.author is None:
                page.author = re.sub(r"^the\s+", "", b.group("who").strip(" ,"), flags=_I)
        elif _CREDIT_DASH.match(s) and _n_words(s) <= 12:
            reason[k] = "byline"
        elif _is_caption(s):
            reason[k] = "caption"


def _mark_repeated(page: _Page) -> None:
    """Repeated lines: every copy when two copies are neighbours (a caption shown twice),
    otherwise the later copies only, so a body paragraph is kept once."""
    counts: dict[str, list[int]] = {}
    for k, (_, s) in enumerate(page.items):
        counts.setdefault(_norm(s), []).append(k)
    for ks in counts.values():
        if len(ks) < 2:
            continue
        adjacent = any(b - a == 1 for a, b in zip(ks, ks[1:], strict=False))
        for j, k in enumerate(ks):
            if page.reason[k] is None and (adjacent or j > 0):
                page.reason[k] = "repeated"


def _mark_teasers(page: _Page) -> None:
    """A timestamp after the body has begun heads a related-story teaser: drop the teaser."""
    if not page.stamps:
        return
    reason, items, n = page.reason, page.items, len(page.items)
    begun = next((k for k in range(n) if reason[k] is None and _prose(items[k][1])), n)
    for k in page.stamps:
        if begun < k and k + 1 < n and reason[k + 1] is None:
            reason[k + 1] = "related"


def _mark_around_body(page: _Page, prose: list[int]) -> tuple[str | None, dt.date | None]:
    """The lines above the first prose line (title, highlights, header; the first
    timestamp there dates the page) and below the last, then the cruft inside the body.
    Returns the title and the publication date found above the body."""
    reason, items, n = page.reason, page.items, len(page.items)
    first, last = prose[0], prose[-1]
    title: str | None = None
    published: dt.date | None = None
    for k in range(first):
        if k in page.stamps and published is None:
            published = page.stamps[k]
        if reason[k] is not None:
            continue
        s = items[k][1]
        first_line_title = k == 0 and _n_words(s) <= 20 and not s.rstrip(_CLOSERS).endswith(".")
        if title is None and (_headline_like(s) or first_line_title):
            title = s
            reason[k] = "title"
        elif s.startswith(_BULLETS):
            reason[k] = "highlight"
        elif _headline_like(s) or not _prose(s):
            reason[k] = "header"
    for k in range(last + 1, n):
        if reason[k] is None:
            reason[k] = "highlight" if items[k][1].startswith(_BULLETS) else "trailer"
    _mark_inside_body(page, first, last)
    return title, published


def _mark_inside_body(page: _Page, first: int, last: int) -> None:
    """Sub-headings, link lists, introductions to lost media and a closing promo line
    between the body's first and last prose lines (or after them)."""
    reason, items, block, n = page.reason, page.items, page.block, len(page.items)
    # Short headline-like lines inside the body: sub-headings, link lists, credits.
    for k in range(first + 1, last):
        s = items[k][1]
        if reason[k] is not None or _continues(s):
            continue
        if (
            _headline_like(s)
            or (not _ends_terminal(s) and _n_words(s) <= 12 and _cap_ratio(s) >= 0.4)
            or _short_question(s)
            and not _prose_neighbours(items, reason, block, k)
        ):
            reason[k] = "subheading"
    # An introduction to embedded media that did not survive scraping ("Watch it here:").
    for k in range(first, n):
        s = items[k][1]
        if reason[k] is None and s.endswith(":") and _n_words(s) <= 25:
            nxt = k + 1
            if nxt == n or items[nxt][1].endswith(":") or reason[nxt] is not None:
                reason[k] = "embed"
    # A block mostly made of headline-like lines is a link list: drop its short lines.
    by_block: dict[int, list[int]] = {}
    for k in range(n):
        by_block.setdefault(block[k], []).append(k)
    for ks in by_block.values():
        if len(ks) < 2:
            continue
        heads = sum(1 for k in ks if reason[k] is not None or _headline_like(items[k][1]))
        if heads * 2 > len(ks):
            for k in ks:
                if reason[k] is None and _n_words(items[k][1]) <= 12:
                    reason[k] = "links"
    # A short promo line closing the page ("Before it's here, it's on the ... Terminal.").
    kept = [k for k in range(n) if reason[k] is None]
    if kept and kept[-1] == last and len(kept) > 1:
        s = items[last][1]
        if _n_words(s) <= 15 and _PROMO_TAIL.search(s):
            reason[last] = "promo"


def _fallback_published(page: _Page, prose: list[int]) -> dt.date | None:
    """The publication date when no timestamp above the body gave it: a date lifted from
    a dropped line near the top, a blog's closing "Posted at", a headline's own
    timestamp, or the page's permalink."""
    items, n = page.items, len(page.items)
    published: dt.date | None = None
    if prose:
        published = _lifted_date(items, page.reason, prose[0])
    if published is None and n and (n - 1) in page.stamps and _POSTED_WORD.search(items[-1][1]):
        # a blog's closing "Posted at 11:43 AM on Nov. 24, 2010": the last line of the
        # page, no teaser after it
        published = page.stamps[n - 1]
    if published is None and items and _n_words(items[0][1]) <= 30:
        # a headline that ends on its own timestamp ("… give up’ July 15, 2014 at 2:54 PM
        # ET", a video's "… 9:04 PM ET Sun, 3 Sept 2017 | 02:51"), not an event's time
        # ("… is set for March 2, 2021 at 3:00 p.m.")
        head = items[0][1]
        m = _TRAILING_STAMP.search(head)
        d = _DATE.search(m.group(0)) if m and not _EVENT_LEAD.search(head, 0, m.start()) else None
        published = _to_date(d) if d else None
    if published is None:
        published = _permalink_date(items)
    return published


def _strip_dateline(page: _Page, lines: list[str]) -> tuple[list[str], str | None]:
    """The page's lines with the dateline prefix cut from the first of the first two body
    lines that has one, and the news agency that dateline names."""
    out_lines = list(lines)
    source: str | None = None
    checked = 0
    for k in range(len(page.items)):
        if page.reason[k] is not None:
            continue
        i, s = page.items[k]
        m = _DATELINE_SRC.match(s)
        if m:
            source = m.group("src").strip()
        else:
            m = _DATELINE_PLACE.match(s)
        if m:
            out_lines[i] = s[m.end() :]
            break
        checked += 1
        if checked >= 2:
            break
    return out_lines, source


_TOP = 15  # non-blank lines: how far down a dropped line may give the publication date
_POSTED_WORD = re.compile(r"\b(?:posted|published|updated|last modified)\b", _I)
_FILE_PHOTO = re.compile(r"(?:^|[\s(])file\b", _I)  # "FILE - In this 2001 photo", "(File)"
# Dropped lines above the body whose date can be the page's own.
_LIFT_REASONS = frozenset({"timestamp", "byline", "caption", "boilerplate"})
# A day written without its year ("Oct. 29"); month names are matched case-sensitively so
# that "may" the verb is not read as a month.
_BARE_DAY = re.compile(
    rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*(?:19|20)\d\d)(?![\d:])"
)
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_NAME = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")
_AFTER = dt.timedelta(days=183)  # a bare "Oct. 29" is read in the year nearest the date
_YEAR = re.compile(r"(?<![\d,.$])((?:19|20)\d\d)(?!\d|,\d)")  # "in 2022," but not "12,2022"


def _lifted_date(
    items: list[tuple[int, str]], reason: list[str | None], first: int
) -> dt.date | None:
    """The publication date carried by a dropped line near the top, when no kept line had one.

    Only the first ``_TOP`` lines count and never a kept (body) line or a related teaser: a
    date in the text is an event's, a teaser's is another story's. Above the body, a
    timestamp, byline, "Posted/Published/Updated" line or lead caption may give it; below
    the first body line only a photo caption may (pages put the lead photo after the first
    paragraph, and a timestamp there heads a teaser). An explicit "Posted/Published/
    Updated" line wins, then the first full date. A caption dates its photo, not the page:
    a file photo's is skipped, and so is any caption date earlier than a day the kept text
    reports (the page was written after that day). With none of these, the latest tweet
    the page embeds may date it (``_tweet_date``).
    """
    found: list[tuple[int, int, dt.date]] = []
    days: _TextDays | None = None
    for k in range(min(len(items), _TOP)):
        r, s = reason[k], items[k][1]
        if r is None or r == "related" or not _YEAR.search(s):  # cheap tests first
            continue
        explicit = bool(_POSTED_WORD.search(s))
        # above the body: page metadata or a caption; below its first line: a caption only
        usable = (r in _LIFT_REASONS or explicit) if k < first else r == "caption"
        if not usable or (r in ("caption", "boilerplate") and _FILE_PHOTO.search(s)):
            continue
        dates = [d for m in _DATE.finditer(s) if (d := _to_date(m)) is not None]
        if not dates:
            continue
        if explicit or r not in ("caption", "boilerplate"):
            found.append((0 if explicit else 1, k, dates[0]))  # "Posted X | Updated Y": X
            continue
        # a caption may name an old photo's date and the day it was released: the latest
        d = max(dates)
        if days is None:
            days = _TextDays.of(items, reason)
        if days.after(d):
            log.debug("caption date %s is before a day the text reports", d)
            continue
        found.append((1, k, d))
    if not found:
        return _tweet_date(items, reason, days)
    _, k, date = min(found)
    log.debug("publication date %s lifted from dropped line %d", date, items[k][0] + 1)
    return date


_CLOCK = r"\d{1,2}:\d\d\s*[ap]\.?m\.?(?:\s+[a-z]{2,4})?"
_DATE_TEXT = re.sub(r"\(\?P<\w+>", "(?:", _DATE.pattern)
# a date and a clock time side by side closing a line, a video's duration after them
_TRAILING_STAMP = re.compile(
    rf"(?:{_CLOCK}\s*,?\s*{_WEEKDAY}(?:{_DATE_TEXT})|(?:{_DATE_TEXT}),?\s+(?:at\s+)?{_CLOCK})"
    r"(?:\s*\|\s*\d{1,2}:\d\d)?\s*$",
    _I,
)
_EVENT_LEAD = re.compile(
    r"\b(?:on|for|at|until|till|by|from|before|after|since|between|and|to)\s*$", _I
)

# The page's own address, dated in its path: "Permalink: http://…/2014/03/11/slug".
_PERMALINK = re.compile(
    r"^(?:permalink|url|link to this (?:story|article)|source url|canonical url)\s*:\s*"
    r"\S*?/((?:19|20)\d\d)/(\d\d)/(\d\d)/\S*$",
    _I,
)


def _permalink_date(items: list[tuple[int, str]]) -> dt.date | None:
    """The date in the path of the page's own address, where the page prints it on a line
    of its own ("Permalink: …/2014/03/11/…"); never a link inside the text, which may point
    at another story."""
    for _i, s in items:
        m = _PERMALINK.match(s.strip())
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


# An embedded tweet's closing line: "... — Lowell Melser (@MelserWBAL) September 20, 2018".
_TWEET_STAMP = re.compile(r"—\s*[^—]{1,60}\(@\w+\)\s*(?P<date>[^()—]{6,24}?)\s*$")


def _tweet_date(
    items: list[tuple[int, str]], reason: list[str | None], days: _TextDays | None
) -> dt.date | None:
    """The date of the latest tweet the page embeds, for a page that states no date of its
    own: the page was written on or after it, and a breaking story embeds the tweets of its
    day. Anywhere on the page (tweets sit inside the body), but never in a related teaser,
    and never a date earlier than a day the kept text reports (see ``_TextDays.after``)."""
    dates = [
        d
        for k, (_, s) in enumerate(items)
        if reason[k] not in (None, "related")
        and "(@" in s
        and (t := _TWEET_STAMP.search(s))
        and (m := _DATE.fullmatch(t.group("date")))
        and (d := _to_date(m)) is not None
    ]
    if not dates:
        return None
    latest = max(dates)
    if (days or _TextDays.of(items, reason)).after(latest):
        log.debug("tweet date %s is before a day the text reports", latest)
        return None
    log.debug("publication date %s from the latest of %d embedded tweets", latest, len(dates))
    return latest


@dataclass(frozen=True, slots=True)
class _TextDays:
    """The days the kept text names, gathered once per article for the caption checks."""

    full: tuple[dt.date, ...]
    bare: tuple[tuple[int, int], ...]  # (month, day) written without a year
    years: frozenset[int]
    weekdays: frozenset[str]

    @classmethod
    def of(cls, items: list[tuple[int, str]], reason: list[str | None]) -> _TextDays:
        text = "\n".join(s for k, (_, s) in enumerate(items) if reason[k] is None)
        full = tuple(d for m in _DATE.finditer(text) if (d := _to_date(m)) is not None)
        bare = tuple(
            (_MONTHS[m.group("m").lower().rstrip(".")], int(m.group("d")))
            for m in _BARE_DAY.finditer(text)
        )
        years = frozenset(int(y) for y in _YEAR.findall(text))
        return cls(full, bare, years, frozenset(_WEEKDAY_NAME.findall(text)))

    def after(self, day: dt.date) -> bool:
        """Whether the text names a day after ``day``: a full date, a bare "Oct. 29" read in
        the year nearest to it, a later year, or the weekday of the next day. Then ``day``
        may not be the date the page was written, and resolving "Monday" against it could
        go a week wrong, so the caller leaves the article undated."""
        soon = day + dt.timedelta(days=1)
        if _DAY_NAMES[soon.weekday()] in self.weekdays or any(y > day.year for y in self.years):
            return True
        if any(d > soon for d in self.full):
            return True
        for mon, dd in self.bare:
            for year in (day.year, day.year + 1):
                try:
                    d = dt.date(year, mon, dd)
                except ValueError:
                    continue
                if soon < d <= day + _AFTER:
                    return True
        return False


def _is_caption(s: str) -> bool:
    """A photo caption or credit: credit at the start or the end, or a caption lead-in."""
    if _CREDIT_START.match(s) or _CAPTION_START.match(s) or _WIDGET.match(s):
        return True
    if not _CAPTION_END.search(s):
        return False
    if not _ends_terminal(s.rstrip(" )")):
        return True
    # After a full sentence only a photo credit counts: "(Reuters)" alone can be attribution.
    return bool(_PHOTO_CREDIT_END.search(s))


def _short_question(s: str) -> bool:
    """A short question standing alone, as in explainer sub-headings ("Who is he?")."""
    return s.endswith("?") and _n_words(s) <= 10 and not re.search('["“”‘’]', s)


def _prose_neighbours(
    items: list[tuple[int, str]], reason: list[str | None], block: list[int], k: int
) -> bool:
    """Whether line k shares its block with a kept prose line (then it is part of the text)."""
    return any(
        0 <= j < len(items) and block[j] == block[k] and reason[j] is None and _prose(items[j][1])
        for j in (k - 1, k + 1)
    )


def _join(lines: list[str]) -> str:
    """Lines back into text: right-stripped, runs of blank lines collapsed to one."""
    out: list[str] = []
    for line in lines:
        line = line.rstrip()
        if not line.strip() and (not out or not out[-1]):
            continue
        out.append(line if line.strip() else "")
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
