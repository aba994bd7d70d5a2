"""The JSON form of a brief: a documented, versioned schema (``brief.schema.json``).

Bump ``SCHEMA_VERSION``'s minor number when adding optional keys, its major number
when removing or changing one; ``docs/json-schema.md`` describes every key.
"""

from __future__ import annotations

import datetime as dt
import json as _json
from importlib import resources
from typing import Any

from ..model import Article, Brief, Citation, Conflict, Entity, Event, Fact, Quote
from ._common import SourceIndex, http_url

__all__ = ["SCHEMA_VERSION", "to_json", "dumps", "schema"]

SCHEMA_VERSION = "1.2"


def _date(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _citation(c: Citation, idx: SourceIndex) -> dict[str, Any]:
    return {
        "article_id": c.article_id,
        "start": c.start,
        "end": c.end,
        "source": idx.number(c.article_id),
    }


def _citations(cs: tuple[Citation, ...], idx: SourceIndex) -> list[dict[str, Any]]:
    return [_citation(c, idx) for c in cs]


def _source(n: int, a: Article) -> dict[str, Any]:
    return {
        "number": n,
        "article_id": a.id,
        "source": a.source,
        "title": a.title,
        "url": http_url(a.url),  # only a clean http(s) URL; never javascript: or data:
        "published": _date(a.published),
        "author": a.author,
        "language": a.language,
        "origin": a.origin,
        "words": len(a.text.split()),
    }


def _fact(f: Fact, idx: SourceIndex) -> dict[str, Any]:
    return {
        "text": f.text,
        "sources": idx.cited(f.citations),
        "citations": _citations(f.citations, idx),
    }


def _conflict(c: Conflict, idx: SourceIndex) -> dict[str, Any]:
    sides = []
    for i, st in enumerate(c.statements):
        side = _fact(st, idx)
        side["value"] = c.values[i] if i < len(c.values) else None
        sides.append(side)
    return {"kind": c.kind, "what": c.what, "values": list(c.values), "sides": sides}


def _quote(q: Quote, idx: SourceIndex) -> dict[str, Any]:
    return {
        "text": q.text,
        "speaker": q.speaker,
        "speaker_role": q.speaker_role,
        "attribution": q.attribution,
        "sources": idx.cited(q.citations),
        "citations": _citations(q.citations, idx),
    }


def _entity(e: Entity, idx: SourceIndex) -> dict[str, Any]:
    return {
        "name": e.name,
        "kind": e.kind,
        "aliases": list(e.aliases),
        "mention_counts": [{"source": n, "count": k} for n, k in idx.mention_counts(e)],
        "mentions": [
            {
                "article_id": m.article_id,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "source": idx.number(m.article_id),
            }
            for m in e.mentions
        ],
    }


def _event(ev: Event, idx: SourceIndex) -> dict[str, Any]:
    return {
        "date": _date(ev.date),
        "precision": ev.precision,
        "expression": ev.expression,
        "phrases": [ev.phrase_of(i) for i in range(len(ev.citations))],
        "text": ev.text,
        "sources": idx.cited(ev.citations),
        "citations": _citations(ev.citations, idx),
    }


def to_json(brief: Brief) -> dict[str, Any]:
    """The brief as plain JSON-ready data, valid against ``brief.schema.json``."""
    idx = SourceIndex(brief)
    an = brief.analysis
    return {
        "schema_version": SCHEMA_VERSION,
        "title": brief.title,
        "method": brief.method,
        "words": brief.words,
        "summary": " ".join(s.text for s in brief.sentences),
        "sentences": [
            {
                "text": s.text,
                "sources": idx.cited(s.citations),
                "citations": _citations(s.citations, idx),
            }
            for s in brief.sentences
        ],
        "sources": [_source(n, a) for n, a in enumerate(brief.articles, start=1)],
        "analysis": {
            "agreements": [_fact(f, idx) for f in an.agreements],
            "single_source": [_fact(f, idx) for f in an.single_source],
            "conflicts": [_conflict(c, idx) for c in an.conflicts],
            "quotes": [_quote(q, idx) for q in an.quotes],
            "entities": [_entity(e, idx) for e in an.entities],
            "timeline": [_event(ev, idx) for ev in an.timeline],
        },
        "problems": [{"input": p.input, "reason": p.reason} for p in brief.problems],
    }


def dumps(brief: Brief, *, indent: int | None = 2) -> str:
    """The JSON text of a brief (UTF-8 characters kept, not escaped)."""
    return _json.dumps(to_json(brief), indent=indent, ensure_ascii=False)


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) the output of :func:`to_json` follows."""
    text = resources.files(__package__).joinpath("brief.schema.json").read_text("utf-8")
    result: dict[str, Any] = _json.loads(text)
    return result
