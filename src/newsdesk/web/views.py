"""What the templates show, computed from the brief's JSON form (the cached one) and from
stored rows: citation markers, quotes by speaker, the timeline, the spans of an article
that a brief cites. Plain data in, plain data out; the templates escape every string."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Marker",
    "Segment",
    "cited_spans",
    "markers",
    "quotes_by_speaker",
    "segments",
    "timeline",
    "when",
]

Json = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Marker:
    """One citation marker: ``[n]`` opening article ``article_id`` at ``start:end``."""

    number: int | None
    article_id: str
    start: int
    end: int


def markers(item: Json) -> list[Marker]:
    """One marker per cited source (its first span), in citation order."""
    out: dict[int | None, Marker] = {}
    for c in item.get("citations", ()):
        n = c.get("source")
        if n not in out:
            out[n] = Marker(n, str(c["article_id"]), int(c["start"]), int(c["end"]))
    return list(out.values())


def quotes_by_speaker(quotes: Iterable[Json]) -> list[tuple[str | None, list[Json]]]:
    """Quotes grouped by speaker, the most quoted first; unattributed ones last."""
    groups: dict[str | None, list[Json]] = {}
    for q in quotes:
        groups.setdefault(q.get("speaker"), []).append(q)
    return sorted(groups.items(), key=lambda kv: (kv[0] is None, -len(kv[1]), kv[0] or ""))


def when(event: Json) -> str:
    """An event's date as precise as it is known (``2012-06``, ``2012``), or "undated"."""
    d, p = event.get("date"), event.get("precision")
    if not d:
        return "undated"
    return str(d)[:7] if p == "month" else str(d)[:4] if p == "year" else str(d)


def timeline(events: Iterable[Json]) -> list[tuple[str, list[Json]]]:
    """Dated events in date order, grouped by year (undated ones last, as "undated")."""
    events = list(events)
    dated = sorted((e for e in events if e.get("date")), key=lambda e: str(e["date"]))
    years: dict[str, list[Json]] = {}
    for e in dated:
        years.setdefault(str(e["date"])[:4], []).append(e)
    undated = [e for e in events if not e.get("date")]
    out = list(years.items())
    if undated:
        out.append(("undated", undated))
    return out


def cited_spans(brief: Json, article_id: str) -> list[tuple[int, int]]:
    """Every span of ``article_id`` that the brief cites, anywhere in it."""
    spans: set[tuple[int, int]] = set()

    def take(items: Iterable[Json]) -> None:
        for it in items:
            for c in it.get("citations", ()):
                if c.get("article_id") == article_id:
                    spans.add((int(c["start"]), int(c["end"])))

    an = brief.get("analysis", {})
    take(brief.get("sentences", ()))
    for key in ("agreements", "single_source", "quotes", "timeline"):
        take(an.get(key, ()))
    for conflict in an.get("conflicts", ()):
        take(conflict.get("sides", ()))
    return sorted(spans)


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of article text: ``cited`` by some brief, ``focus`` the span a reader opened."""

    text: str
    cited: bool
    focus: bool


def segments(
    text: str, spans: Iterable[tuple[int, int]], focus: tuple[int, int] | None = None
) -> list[Segment]:
    """``text`` cut at every span boundary, each run marked cited and/or focused."""
    n = len(text)
    clean = [(max(0, s), min(n, e)) for s, e in spans if 0 <= s < e]
    if focus is not None and not (0 <= focus[0] < focus[1] <= n):
        focus = None
    cuts = {0, n}
    for s, e in [*clean, *([focus] if focus else [])]:
        cuts.update((s, e))
    bounds = sorted(cuts)
    out: list[Segment] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        cited = any(s <= a and b <= e for s, e in clean)
        foc = focus is not None and focus[0] <= a and b <= focus[1]
        out.append(Segment(text[a:b], cited, foc))
    return out


def parse_day(value: str | None, field: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` query value; ValueError names the field."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{field}: expected a date written YYYY-MM-DD, got {value!r}") from None
