"""The Markdown form of a brief: what a person reads in a terminal or pastes into a note.

Sections appear only when they have something to say; source numbers ``[n]`` point at
the numbered list of sources at the end, and the problems met while reading come last.
Each section shows its most important items up to :class:`~.bounds.SectionLimits` and
says how many more the JSON form lists.
"""

from __future__ import annotations

import re

from ..model import INFERRED, Article, Brief, Citation, Conflict, Entity, Event, Fact, Quote
from ..text import printable
from ._common import SourceIndex, event_when, http_url, markers, source_label
from .bounds import (
    LIMITS,
    CitedSources,
    SectionLimits,
    conflict_rank,
    event_rank,
    more,
    quote_rank,
    shown,
)

__all__ = ["to_markdown"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _esc(text: str) -> str:
    """Article text is data, not markup: neutralise the characters Markdown acts on, and
    show control characters (ESC...) as escapes instead of passing them to a terminal."""
    return _MD_SPECIAL.sub(r"\\\1", printable(" ".join(text.split())))


def _code(name: str) -> str:
    """A name (a path, an origin) as a one-line code span."""
    return f"`{printable(name).replace('`', '')}`"


def _cites(cs: CitedSources, citations: tuple[Citation, ...]) -> str:
    numbers, rest = cs.cited(citations)
    m = markers(numbers) + (f" (+{rest:,} more)" if rest else "")
    return f" {m}" if m else ""


def _fact_lines(cs: CitedSources, facts: list[Fact]) -> list[str]:
    return [f"- {_esc(f.text)}{_cites(cs, f.citations)}" for f in facts]


def _source_line(n: int, a: Article, *, gaps: bool = False) -> str:
    """One numbered source; in a list with gaps (a bounded brief) as ``- [n]``, since a
    Markdown viewer renumbers an ordered list from its first number."""
    parts = [f"**{_esc(source_label(a))}**"]
    if a.title and a.title != source_label(a):
        parts.append(f"“{_esc(a.title)}”")
    if a.author:
        parts.append(f"by {_esc(a.author)}")
    if a.published:
        parts.append(a.published.isoformat())
    url = http_url(a.url)
    if url:
        parts.append(f"<{url.replace('>', '%3E').replace('<', '%3C')}>")
    if a.language and a.language != "en":
        parts.append(f"language: {_esc(a.language)}")
    if a.origin and a.origin != source_label(a):
        parts.append(f"read from {_code(a.origin)}")
    return (f"- [{n}] " if gaps else f"{n}. ") + " — ".join(parts)


def to_markdown(brief: Brief, *, limits: SectionLimits = LIMITS) -> str:
    """Render ``brief`` as Markdown, each section bounded by ``limits`` (the most
    important items, then how many more the JSON form lists)."""
    idx = SourceIndex(brief)
    cs = CitedSources(idx, limits.markers)
    an = brief.analysis
    out: list[str] = [f"# {_esc(brief.title) if brief.title else 'Story brief'}", ""]
    n_sources = len(brief.articles)
    out.append(
        f"_{brief.words} words from {n_sources} source{'s' if n_sources != 1 else ''}"
        + (f", method: {_esc(brief.method)}" if brief.method else "")
        + "_"
    )
    out.append("")
    if brief.sentences:
        out.append(" ".join(f"{_esc(s.text)}{_cites(cs, s.citations)}" for s in brief.sentences))
    else:
        out.append("_No summary sentences._")
    out.append("")

    def section(title: str, lines: list[str], left: int = 0, noun: str = "") -> None:
        if lines:
            out.extend([f"## {title}", "", *lines, ""])
        if lines and left:
            out.extend([f"_{more(left, noun)}_", ""])

    agreements, left = shown(an.agreements, limits.agreements)
    section("What the sources agree on", _fact_lines(cs, agreements), left, "statement")
    single, left = shown(an.single_source, limits.single_source)
    section("Reported by one source only", _fact_lines(cs, single), left, "statement")
    conflicts, left = shown(an.conflicts, limits.conflicts, conflict_rank)
    section("Where the sources differ", _conflict_lines(cs, conflicts), left, "disagreement")
    quotes, left = shown(an.quotes, limits.quotes, quote_rank)
    section("Quotes", _quote_lines(cs, quotes), left, "quote")
    events, left = shown(an.timeline, limits.timeline, event_rank)
    section("Timeline", _event_lines(cs, events), left, "event")
    entities, left = shown(an.entities, limits.entities)
    section("People, organisations and places", _entity_lines(cs, entities), left, "entity")

    numbers, left = cs.listed(limits.sources)
    lines = [_source_line(n, brief.articles[n - 1], gaps=bool(left)) for n in numbers]
    section("Sources", lines, left, "source")
    problems, left = shown(brief.problems, limits.problems)
    lines = [f"- {_code(p.input)}: {_esc(p.reason)}" for p in problems]
    section("Problems", lines, left, "problem")
    return "\n".join(out).rstrip() + "\n"


def _conflict_lines(cs: CitedSources, conflicts: list[Conflict]) -> list[str]:
    lines: list[str] = []
    for c in conflicts:
        lines.append(f"- **{_esc(c.what)}** ({c.kind})")
        for i, st in enumerate(c.statements):
            value = c.values[i] if i < len(c.values) else "?"
            lines.append(f"  - _{_esc(value)}_: {_esc(st.text)}{_cites(cs, st.citations)}")
    return lines


def _quote_lines(cs: CitedSources, quotes: list[Quote]) -> list[str]:
    lines: list[str] = []
    for q in quotes:
        who = _esc(q.speaker) if q.speaker else "unattributed"
        if q.speaker_role:
            who += f", {_esc(q.speaker_role)}"
        if q.attribution in INFERRED:
            who += " (speaker inferred)"
        lines.append(f"> “{_esc(q.text)}” — {who}{_cites(cs, q.citations)}")
        lines.append("")
    return lines[:-1]


def _event_lines(cs: CitedSources, events: list[Event]) -> list[str]:
    lines: list[str] = []
    for ev in events:
        phrases = ", ".join(f"“{_esc(x)}”" for x in ev.written())
        detail = f"{ev.precision or 'unresolved'}, {phrases}"
        when = event_when(ev)
        lines.append(f"- **{when}** ({detail}): {_esc(ev.text)}{_cites(cs, ev.citations)}")
    return lines


def _entity_lines(cs: CitedSources, entities: list[Entity]) -> list[str]:
    lines: list[str] = []
    for e in entities:
        line = f"- **{_esc(e.name)}** ({e.kind})"
        aliases = [a for a in e.aliases if a != e.name]
        if aliases:
            line += "; also: " + ", ".join(_esc(a) for a in aliases)
        counts, rest = cs.counts(cs.idx.mention_counts(e))
        if counts:
            line += "; mentions: " + ", ".join(f"{markers([n])} ×{k}" for n, k in counts)
            line += f" (+{rest:,} more sources)" if rest else ""
        lines.append(line)
    return lines
