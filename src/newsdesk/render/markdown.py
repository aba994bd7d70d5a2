"""The Markdown form of a brief: what a person reads in a terminal or pastes into a note.

Sections appear only when they have something to say; source numbers ``[n]`` point at
the numbered list of sources at the end, and the problems met while reading come last.
"""

from __future__ import annotations

import re

from ..model import INFERRED, Article, Brief, Citation, Fact
from ..text import printable
from ._common import SourceIndex, event_when, http_url, markers, source_label

__all__ = ["to_markdown"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _esc(text: str) -> str:
    """Article text is data, not markup: neutralise the characters Markdown acts on, and
    show control characters (ESC...) as escapes instead of passing them to a terminal."""
    return _MD_SPECIAL.sub(r"\\\1", printable(" ".join(text.split())))


def _code(name: str) -> str:
    """A name (a path, an origin) as a one-line code span."""
    return f"`{printable(name).replace('`', '')}`"


def _cites(idx: SourceIndex, citations: tuple[Citation, ...]) -> str:
    m = markers(idx.cited(citations))
    return f" {m}" if m else ""


def _fact_lines(idx: SourceIndex, facts: tuple[Fact, ...]) -> list[str]:
    return [f"- {_esc(f.text)}{_cites(idx, f.citations)}" for f in facts]


def _source_line(n: int, a: Article) -> str:
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
    return f"{n}. " + " — ".join(parts)


def to_markdown(brief: Brief) -> str:
    """Render every part of ``brief`` as Markdown."""
    idx = SourceIndex(brief)
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
        out.append(" ".join(f"{_esc(s.text)}{_cites(idx, s.citations)}" for s in brief.sentences))
    else:
        out.append("_No summary sentences._")
    out.append("")

    def section(title: str, lines: list[str]) -> None:
        if lines:
            out.extend([f"## {title}", "", *lines, ""])

    section("What the sources agree on", _fact_lines(idx, an.agreements))
    section("Reported by one source only", _fact_lines(idx, an.single_source))

    conflict_lines: list[str] = []
    for c in an.conflicts:
        conflict_lines.append(f"- **{_esc(c.what)}** ({c.kind})")
        for i, st in enumerate(c.statements):
            value = c.values[i] if i < len(c.values) else "?"
            conflict_lines.append(
                f"  - _{_esc(value)}_: {_esc(st.text)}{_cites(idx, st.citations)}"
            )
    section("Where the sources differ", conflict_lines)

    quote_lines: list[str] = []
    for q in an.quotes:
        who = _esc(q.speaker) if q.speaker else "unattributed"
        if q.speaker_role:
            who += f", {_esc(q.speaker_role)}"
        if q.attribution in INFERRED:
            who += " (speaker inferred)"
        quote_lines.append(f"> “{_esc(q.text)}” — {who}{_cites(idx, q.citations)}")
        quote_lines.append("")
    section("Quotes", quote_lines[:-1])

    event_lines: list[str] = []
    for ev in an.timeline:
        phrases = ", ".join(f"“{_esc(x)}”" for x in ev.written())
        detail = f"{ev.precision or 'unresolved'}, {phrases}"
        when = event_when(ev)
        event_lines.append(f"- **{when}** ({detail}): {_esc(ev.text)}{_cites(idx, ev.citations)}")
    section("Timeline", event_lines)

    entity_lines: list[str] = []
    for e in an.entities:
        line = f"- **{_esc(e.name)}** ({e.kind})"
        aliases = [a for a in e.aliases if a != e.name]
        if aliases:
            line += "; also: " + ", ".join(_esc(a) for a in aliases)
        counts = idx.mention_counts(e)
        if counts:
            line += "; mentions: " + ", ".join(f"{markers([n])} ×{k}" for n, k in counts)
        entity_lines.append(line)
    section("People, organisations and places", entity_lines)

    section("Sources", [_source_line(n, a) for n, a in enumerate(brief.articles, start=1)])
    section(
        "Problems",
        [f"- {_code(p.input)}: {_esc(p.reason)}" for p in brief.problems],
    )
    return "\n".join(out).rstrip() + "\n"
