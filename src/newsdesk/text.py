"""Small text utilities shared by several stages: word tokens and a stopword list."""

from __future__ import annotations

import calendar
import re
import unicodedata
from urllib.parse import urlsplit

from .lexicon import month_names, titles

__all__ = [
    "http_url",
    "WORD",
    "STOPWORDS",
    "WEEKDAYS",
    "MONTHS",
    "HONORIFICS",
    "words",
    "content_words",
    "drop_invisible",
    "printable",
    "typeset_quotes",
]

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)

# A compact English stopword list (function words only), enough for overlap measures.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves said says say told according mr mrs ms s t""".split()
)


#: Lower-case weekday and month names: capitalised in English, yet never names of people.
WEEKDAYS = frozenset(d.lower() for d in calendar.day_name)
MONTHS = month_names()

#: Titles written before a name, without their final period ("Mr", "Sen", "Gov").
HONORIFICS = titles("honorific")  # lexicon/titles.txt


# Characters that print as nothing: a zero-width space, a word joiner, a byte-order mark and
# a soft hyphen. Web pages put them inside words and between a name and its verb.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")


def drop_invisible(text: str) -> str:
    """``text`` without characters that print as nothing ("Savino \u200b(D-SI)")."""
    return _INVISIBLE.sub("", text)


# Quotation marks typed as two characters: two apostrophes (newswire and LDC text:
# "''It's anti-reform,'' he said") or the TeX and Penn Treebank opening ``. An opening pair
# starts a word after a space, a line start or a bracket; a closing pair ends one.
_OPEN_PAIR = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))(?:''|``)(?=[^\s'`])", re.MULTILINE)
_CLOSE_PAIR = re.compile(r"(?<=[^\s'`])''(?=[\s)\]—–.,;:!?-]|$)", re.MULTILINE)


def typeset_quotes(text: str) -> str:
    """``text`` with quotation marks typed as two characters set as one curly mark and a
    space (``''Yes,'' he said`` -> `` “Yes,”  he said``): the same length, so offsets into
    one index the other, and a quotation finder that knows ``“”"`` reads both."""
    if "''" not in text and "``" not in text:
        return text
    text = _OPEN_PAIR.sub(" \u201c", text)
    return _CLOSE_PAIR.sub("\u201d ", text)


# Characters a terminal or a Markdown renderer acts on instead of showing: C0 controls
# (newline, tab, ESC...), DEL, C1 controls (0x9b is a one-byte CSI), the Unicode line and
# paragraph separators, and the bidirectional overrides that reorder what a line shows.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    c = m.group()
    code = ord(c)
    return _SHORT_ESCAPES.get(c) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str) -> str:
    """``text`` safe to print on one line of a terminal or a Markdown file: every control
    character shown as an escape (``\\n``, ``\\t``, ``\\x1b``, ``\\u202e``), so a file name
    cannot start a line of its own or send escape sequences. Other text is unchanged."""
    return _CONTROL.sub(_escape, text)


def words(text: str) -> list[str]:
    """Lower-cased word tokens of ``text``."""
    return [w.lower() for w in WORD.findall(text)]


def content_words(text: str) -> list[str]:
    """Lower-cased word tokens that are not stopwords."""
    return [w for w in words(text) if w not in STOPWORDS]


def http_url(url: str | None) -> str | None:
    """The URL that every format may write out as a URL, else None.

    Only an http(s) URL with a host, and with no whitespace or control or format character
    inside (a newline would end a Markdown autolink and start a link of its own), is one:
    ``javascript:``, ``data:`` and the like are never emitted. ``Article.url`` keeps what
    the input said; renderers pass it through here.
    """
    if not url:
        return None
    u = url.strip()
    if any(c.isspace() or unicodedata.category(c).startswith("C") for c in u):
        return None
    try:
        parts = urlsplit(u)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    return u if parts.scheme.lower() in ("http", "https") and parts.hostname else None
