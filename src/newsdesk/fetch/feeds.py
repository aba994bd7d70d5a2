"""Feeds: the list a user follows (OPML or one URL a line), a fetched feed's entries
(RSS, Atom and RDF through feedparser), and feed autodiscovery on a site's page
(``<link rel="alternate" type="application/rss+xml">``)."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from ..model import InputProblem
from ..read.formats import html_fragment_to_text
from ..text import http_url

__all__ = ["FeedEntry", "ParsedFeed", "discover_feeds", "parse_feed", "read_feed_list"]

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
               "application/feed+json", "text/xml", "application/xml")  # fmt: skip
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]",
                         re.IGNORECASE | re.DOTALL)  # fmt: skip


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry of a fetched feed, with what is needed to follow it."""

    key: str  # its guid/id, else its link, else a hash of its title and content
    link: str | None  # the article page (an http(s) URL) or None
    title: str | None
    text: str  # the entry's own content or summary, as text (the fallback)
    published: dt.date | None
    author: str | None
    version: str  # a hash of what the feed says of it: changes when it is updated


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    entries: tuple[FeedEntry, ...]
    problem: str | None = None  # why there are no entries (not a feed, broken XML)
    warning: str | None = None  # a recoverable defect (feedparser's "bozo" reason)


def read_feed_list(path: str) -> tuple[list[tuple[str, str | None]], list[InputProblem]]:
    """The ``(url, title)`` feeds of an OPML file or a text file of URLs (one a line,
    ``#`` comments), and a problem for each line or outline that is not an http(s) URL."""
    data = Path(path).read_bytes()
    if re.search(rb"<opml[\s>]", data[:4096], re.IGNORECASE):
        return _opml(path, data)
    feeds: list[tuple[str, str | None]] = []
    problems: list[InputProblem] = []
    for n, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        url = http_url(s.split()[0])
        if url is None:
            problems.append(InputProblem(f"{path}:{n}", "not an http(s) URL"))
        else:
            feeds.append((url, None))
    return feeds, problems


def _opml(path: str, data: bytes) -> tuple[list[tuple[str, str | None]], list[InputProblem]]:
    import lxml.etree

    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    try:
        root = lxml.etree.fromstring(data, parser)
    except lxml.etree.XMLSyntaxError as exc:
        return [], [InputProblem(path, f"not readable OPML ({exc})")]
    if root is None:
        return [], [InputProblem(path, "not readable OPML")]
    feeds: list[tuple[str, str | None]] = []
    problems: list[InputProblem] = []
    for i, node in enumerate(root.iter("outline"), start=1):
        raw = node.get("xmlUrl") or node.get("xmlurl")
        if raw is None:
            continue  # a folder
        url = http_url(raw)
        if url is None:
            problems.append(InputProblem(f"{path}: outline {i}", f"not an http(s) URL: {raw!r}"))
        else:
            feeds.append((url, node.get("title") or node.get("text") or None))
    return feeds, problems


def looks_like_html(body: bytes, content_type: str) -> bool:
    return "html" in content_type.lower() or bool(_HTML_START.match(body[:2048]))


def parse_feed(body: bytes, headers: Mapping[str, str]) -> ParsedFeed:
    """The entries of a fetched feed; an HTML page or unreadable XML gives none and a
    problem. feedparser reads the charset from the headers and the XML declaration."""
    import feedparser

    parsed = feedparser.parse(body, response_headers=dict(headers))
    entries = parsed.get("entries") or []
    why = parsed.get("bozo_exception")
    if not entries:
        if looks_like_html(body, headers.get("content-type", "")):
            return ParsedFeed(None, (), "not a feed: an HTML page")
        detail = f" ({why})" if why else ""
        problem = "not a feed (unreadable XML)" if why else "feed has no entries"
        return ParsedFeed(None, (), problem + detail)
    title = parsed.get("feed", {}).get("title") or None
    items = tuple(_entry(e) for e in entries)
    return ParsedFeed(title, items, warning=f"{why}" if why else None)


def _entry(e: Any) -> FeedEntry:
    contents = e.get("content") or []
    raw = max((c.get("value", "") for c in contents), key=len, default="")
    if not raw.strip():
        raw = e.get("summary", "") or ""
    title = e.get("title") or None
    link = http_url(e.get("link"))
    updated = e.get("updated") or e.get("published") or ""
    version = hashlib.sha1("\x00".join((title or "", raw, updated)).encode()).hexdigest()
    key = e.get("id") or link or version
    author = (e.get("author_detail") or {}).get("name") or e.get("author") or None
    return FeedEntry(str(key), link, title, html_fragment_to_text(raw), _date(e), author, version)


def _date(e: Any) -> dt.date | None:
    for k in ("published_parsed", "updated_parsed", "created_parsed"):
        st = e.get(k)
        if st:
            return dt.datetime.fromtimestamp(calendar.timegm(st), tz=dt.UTC).date()
    return None


def discover_feeds(html: str, base_url: str) -> list[str]:
    """The feeds a page announces (``<link rel="alternate">`` with a feed type), in order."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html[:2_000_000])
    except (ValueError, lxml.etree.ParserError):
        return []
    found: list[str] = []
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" in rel and kind in _FEED_TYPES and link.get("href"):
            url = http_url(urljoin(base_url, link.get("href", "").strip()))
            if url and url not in found:
                found.append(url)
    return found
