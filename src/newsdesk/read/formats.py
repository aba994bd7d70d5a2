"""One reader per input kind, and the sniffing that picks one.

Each reader turns decoded text into :class:`Draft` records (an article before it has an
id) or :class:`~newsdesk.model.InputProblem` records for the parts it could not use;
ids, language checks and duplicates are handled once, by the caller.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from ..clean import clean_text
from ..errors import NewsdeskError
from ..model import Article, InputProblem
from ._source import Loaded

__all__ = [
    "Draft",
    "Format",
    "FORMATS",
    "sniff",
    "READERS",
    "multinews_documents",
    "looks_preprocessed",
    "parse_published",
    "html_fragment_to_text",
]

log = logging.getLogger(__name__)

Format = Literal["auto", "text", "html", "multinews", "jsonl", "feed"]
FORMATS: tuple[str, ...] = ("auto", "text", "html", "multinews", "jsonl", "feed")

MULTINEWS_SEPARATOR = "|||||"
MULTINEWS_NEWLINE = "NEWLINE_CHAR"
MIN_HTML_WORDS = 8  # fewer words extracted from a page means menus or an error page


@dataclass(frozen=True, slots=True)
class Draft:
    """An article as read, before it gets an id."""

    origin: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: dt.date | None = None
    author: str | None = None

    def article(self, id: str, *, language: str | None = None) -> Article:
        """The article this draft becomes once it has an id."""
        return Article(
            id=id,
            text=self.text,
            title=self.title,
            source=self.source,
            url=self.url,
            published=self.published,
            author=self.author,
            language=language,
            origin=self.origin,
        )


Item = Draft | InputProblem


# --- sniffing -----------------------------------------------------------------------

_HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_FEED_START = re.compile(r"<rss[\s>]|<feed[\s>]|<rdf:rdf[\s>]", re.IGNORECASE)


def _first_json_object(text: str) -> dict[str, Any] | None:
    for line in text.splitlines():
        if line.strip():
            try:
                value = json.loads(line)
            except ValueError:
                return None
            return value if isinstance(value, dict) else None
    return None


def sniff(loaded: Loaded) -> str:
    """Guess the format from the content first (standard input has no name), then the suffix."""
    head = loaded.text[:4096].lstrip()
    if head.startswith("<"):
        if _FEED_START.search(head):
            return "feed"
        if _HTML_START.search(head):
            return "html"
    if head.startswith("{"):
        obj = _first_json_object(loaded.text)
        if obj is not None:
            return "multinews" if isinstance(obj.get("documents"), list) else "jsonl"
        if loaded.suffix in (".jsonl", ".ndjson", ".json"):
            return "jsonl"  # let the JSONL reader name the broken line
    if MULTINEWS_SEPARATOR in loaded.text[:200_000] or loaded.suffix == ".src":
        return "multinews"
    by_suffix = {
        ".html": "html",
        ".htm": "html",
        ".xhtml": "html",
        ".rss": "feed",
        ".atom": "feed",
        ".jsonl": "jsonl",
        ".ndjson": "jsonl",
    }
    return by_suffix.get(loaded.suffix, "text")


# --- helpers ------------------------------------------------------------------------


def parse_published(value: object) -> dt.date:
    """An ISO date or date-time (``Z`` allowed) as a date; raises ValueError otherwise."""
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO date string, got {type(value).__name__}")
    s = value.strip()
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        pass
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).date()


_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"}


def html_fragment_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment, one paragraph per block element.

    Used for feed entries, which are too short for trafilatura's boilerplate detection.
    """
    if "<" not in fragment:
        return _squeeze(fragment)
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises several types on garbage; the text is still wanted
        log.debug("unparsable HTML fragment, stripping tags", exc_info=True)
        return _squeeze(re.sub(r"<[^>]*>", " ", fragment))
    for bad in root.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n\n" + (el.tail or "")
            if el.tag.lower() != "br":
                el.text = "\n\n" + (el.text or "")
    return _squeeze(root.text_content())


def _squeeze(text: str) -> str:
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


# --- readers ------------------------------------------------------------------------


def read_text(loaded: Loaded, *, clean: bool | None) -> Iterator[Item]:
    """Text that was already scraped: drop page cruft, keep the metadata it carries."""
    if clean is False:
        text = loaded.text.strip()
        if text:
            yield Draft(origin=loaded.name, text=text)
        else:
            yield InputProblem(loaded.name, "no article text found")
        return
    c = clean_text(loaded.text)
    if not c.text.strip():
        yield InputProblem(loaded.name, "no article text found (all of it looked like page cruft)")
        return
    yield Draft(
        origin=loaded.name,
        text=c.text,
        title=c.title,
        source=c.source,
        published=c.published,
        author=c.author,
    )


def read_html(loaded: Loaded, *, clean: bool | None) -> Iterator[Item]:
    """A web page, through trafilatura's main-content extraction and metadata."""
    try:
        import trafilatura
    except ImportError as exc:  # a broken install (e.g. lxml without html_clean)
        raise NewsdeskError(
            f"reading HTML needs trafilatura, which failed to import ({exc}); "
            "reinstall newsdesk with its dependencies"
        ) from exc

    doc = trafilatura.bare_extraction(loaded.text, with_metadata=True, include_comments=False)
    meta: dict[str, Any] = {}
    if isinstance(doc, dict):
        meta = doc
    elif doc is not None:
        meta = doc.as_dict()
    text = str(meta.get("text") or "").strip()
    title = meta.get("title") or None
    lines = text.split("\n")
    if title and lines[0].strip() == title.strip():
        lines = lines[1:]  # trafilatura repeats the headline as the first line
    text = "\n\n".join(line.strip() for line in lines if line.strip())
    if len(text.split()) < MIN_HTML_WORDS:
        # trafilatura falls back to whatever text a page has, menus included
        yield InputProblem(loaded.name, "no article text found")
        return
    published = None
    if meta.get("date"):
        try:
            published = parse_published(meta["date"])
        except ValueError:
            log.debug("%s: unparsable date %r", loaded.name, meta["date"])
    yield Draft(
        origin=loaded.name,
        text=text,
        title=title,
        source=meta.get("sitename") or meta.get("hostname") or None,
        url=meta.get("url") or None,
        published=published,
        author=meta.get("author") or None,
    )


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        st = entry.get(key)
        if st:
            return dt.datetime.fromtimestamp(calendar.timegm(st), tz=dt.UTC).date()
    return None


def read_feed(loaded: Loaded, *, clean: bool | None) -> Iterator[Item]:
    """An RSS or Atom file: one article per entry that carries content or a summary."""
    import feedparser

    parsed = feedparser.parse(loaded.text)
    entries = parsed.get("entries") or []
    if not entries:
        why = parsed.get("bozo_exception")
        yield InputProblem(loaded.name, "no feed entries found" + (f" ({why})" if why else ""))
        return
    feed_title = parsed.get("feed", {}).get("title") or None
    for i, entry in enumerate(entries, start=1):
        origin = f"{loaded.name}#{i}"
        contents = entry.get("content") or []
        raw = max((c.get("value", "") for c in contents), key=len, default="")
        if not raw.strip():
            raw = entry.get("summary", "") or ""
        text = html_fragment_to_text(raw)
        if not text:
            yield InputProblem(origin, "feed entry has no content or summary text")
            continue
        source = feed_title
        src = entry.get("source")
        if isinstance(src, dict) and src.get("title"):
            source = src["title"]
        yield Draft(
            origin=origin,
            text=text,
            title=entry.get("title") or None,
            source=source,
            url=entry.get("link") or None,
            published=_entry_date(entry),
            author=(entry.get("author_detail") or {}).get("name") or entry.get("author") or None,
        )


_JSONL_FIELDS = ("title", "url", "source", "author")


def read_jsonl(loaded: Loaded, *, clean: bool | None) -> Iterator[Item]:
    """One article per line: ``text`` required; title, url, source, published, author optional.

    The text is taken as it is (it is already an article body), unless ``clean`` is True.
    """
    for n, line in enumerate(loaded.text.splitlines(), start=1):
        if not line.strip():
            continue
        origin = f"{loaded.name}:{n}"
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield InputProblem(origin, f"not valid JSON ({exc})")
            continue
        if not isinstance(obj, dict):
            yield InputProblem(origin, f"expected a JSON object, got {type(obj).__name__}")
            continue
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            yield InputProblem(origin, 'missing or empty "text"')
            continue
        bad = [k for k in _JSONL_FIELDS if obj.get(k) is not None and not isinstance(obj[k], str)]
        if bad:
            yield InputProblem(origin, f'"{bad[0]}" must be a string')
            continue
        published = None
        if obj.get("published") is not None:
            try:
                published = parse_published(obj["published"])
            except ValueError:
                yield InputProblem(origin, f'"published" is not an ISO date: {obj["published"]!r}')
                continue
        meta = {k: (obj.get(k) or None) for k in _JSONL_FIELDS}
        if clean:
            c = clean_text(text)
            text = c.text
            meta["title"] = meta["title"] or c.title
            meta["source"] = meta["source"] or c.source
            meta["author"] = meta["author"] or c.author
            published = published or c.published
        yield Draft(origin=origin, text=text.strip(), published=published, **meta)


_TOKENISED = re.compile(r" [.,;:!?'](?= |$)| n't\b| 's\b")
_SENTENCE_END = (".", "!", "?", ":", '"', "'", "\u201d")


def looks_preprocessed(texts: list[str]) -> bool:
    """True for the preprocessed Multi-News form, which must not be cleaned.

    That form was lower-cased and re-capitalised only at sentence starts, so names appear
    in lower case: capitals inside sentences are rare (raw news has one word in ten or
    so). Its tokenised punctuation (``word , word``) is the second clue, for short texts.
    """
    words = " ".join(t[:5000] for t in texts[:5]).split()
    inside = [
        w
        for prev, w in zip(words, words[1:], strict=False)
        if w[:1].isalpha() and not prev.endswith(_SENTENCE_END) and w != "I"
    ]
    if len(inside) >= 40:
        return sum(w[0].isupper() for w in inside) / len(inside) < 0.02
    return len(_TOKENISED.findall(" ".join(words))) / max(1, len(words)) > 0.03


def multinews_documents(line: str) -> tuple[str | None, list[str], str | None] | None:
    """Split one Multi-News line: (cluster id, documents, reference summary).

    Handles the JSON Lines layout ``{"id", "documents", "summary"}`` and the original
    release's ``.src`` layout (documents joined by ``|||||``, newlines as ``NEWLINE_CHAR``).
    Returns None for a blank line; raises ValueError for a broken one.
    """
    stripped = line.strip()
    if not stripped:
        return None
    if stripped.startswith("{"):
        obj = json.loads(stripped)
        if not isinstance(obj, dict) or not isinstance(obj.get("documents"), list):
            raise ValueError('expected an object with a "documents" list')
        docs = obj["documents"]
        if not all(isinstance(d, str) for d in docs):
            raise ValueError('every entry of "documents" must be a string')
        summary = obj.get("summary")
        cid = obj.get("id")
        return (
            str(cid) if cid is not None else None,
            [d.replace(MULTINEWS_NEWLINE, "\n") for d in docs],
            summary if isinstance(summary, str) else None,
        )
    docs = [d.replace(MULTINEWS_NEWLINE, "\n") for d in stripped.split(MULTINEWS_SEPARATOR)]
    return None, docs, None


def multinews_drafts(name: str, n: int, docs: list[str], *, clean: bool | None) -> Iterator[Item]:
    """The articles of one cluster; ``clean=None`` cleans only the raw (untokenised) form."""
    do_clean = (not looks_preprocessed(docs)) if clean is None else clean
    for k, doc in enumerate(docs, start=1):
        origin = f"{name}:{n}#{k}"
        if not doc.strip():
            yield InputProblem(origin, "empty document")
            continue
        doc = doc.strip()
        if do_clean:
            c = clean_text(doc)
            if not c.text.strip():
                yield InputProblem(origin, "no article text found (all of it looked like cruft)")
                continue
            yield Draft(
                origin=origin,
                text=c.text.strip(),
                title=c.title,
                source=c.source,
                published=c.published,
                author=c.author,
            )
        else:
            yield Draft(origin=origin, text=doc)


def read_multinews(loaded: Loaded, *, clean: bool | None) -> Iterator[Item]:
    """Every document of every cluster in a Multi-News file."""
    for n, line in enumerate(loaded.text.splitlines(), start=1):
        try:
            parsed = multinews_documents(line)
        except ValueError as exc:
            yield InputProblem(f"{loaded.name}:{n}", f"not a Multi-News record ({exc})")
            continue
        if parsed is not None:
            yield from multinews_drafts(loaded.name, n, parsed[1], clean=clean)


READERS = {
    "text": read_text,
    "html": read_html,
    "feed": read_feed,
    "jsonl": read_jsonl,
    "multinews": read_multinews,
}
