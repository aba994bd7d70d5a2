"""The HTML form of a brief: one self-contained file (inline CSS, no scripts, no external
resources) that can be mailed or archived.

Every piece of article-derived text goes through :func:`html.escape`; URLs become links
only when they are http(s), and are escaped inside the attribute. Each section shows its
most important items up to :class:`~.bounds.SectionLimits` and says how many more the JSON
form lists.
"""

from __future__ import annotations

from html import escape

from ..model import INFERRED, Article, Brief, Citation, Conflict, Entity, Event, Fact, Quote
from ._common import SourceIndex, event_when, http_url, source_label
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

__all__ = ["to_html"]

_CSS = """
body{font:16px/1.5 Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;
border-bottom:1px solid #ddd}
.meta{color:#666;font-style:italic}.cite{font-size:.75rem;vertical-align:super}
.cite a{text-decoration:none}blockquote{margin:.6rem 0;padding-left:1rem;
border-left:3px solid #ccc}.who{color:#555}.inferred{color:#888;font-style:italic}
.kind{color:#666;font-size:.85rem}
.problems li{color:#8a4b00}code{font-size:.85rem}
""".strip()


def _e(text: str | None) -> str:
    return escape(text or "", quote=True)


def _cites(cs: CitedSources, citations: tuple[Citation, ...]) -> str:
    links = []
    numbers, rest = cs.cited(citations)
    for n in numbers:
        if n is None:
            links.append("[?]")
        else:
            links.append(f'<a href="#source-{n}">[{n}]</a>')
    if rest:
        links.append(f" (+{rest:,} more)")
    return f' <span class="cite">{"".join(links)}</span>' if links else ""


def _facts(cs: CitedSources, facts: list[Fact]) -> list[str]:
    return [f"<li>{_e(f.text)}{_cites(cs, f.citations)}</li>" for f in facts]


def _source(n: int, a: Article) -> str:
    label = _e(source_label(a))
    url = http_url(a.url)
    parts = [f'<a href="{_e(url)}" rel="noopener noreferrer">{label}</a>' if url else label]
    if a.title and a.title != source_label(a):
        parts.append(f"“{_e(a.title)}”")
    if a.author:
        parts.append(f"by {_e(a.author)}")
    if a.published:
        parts.append(f"<time>{a.published.isoformat()}</time>")
    if a.language and a.language != "en":
        parts.append(f"language: {_e(a.language)}")
    if a.origin and a.origin != source_label(a):
        parts.append(f"read from <code>{_e(a.origin)}</code>")
    return f'<li id="source-{n}" value="{n}">{" — ".join(parts)}</li>'


def to_html(brief: Brief, *, limits: SectionLimits = LIMITS) -> str:
    """Render ``brief`` as a standalone HTML document, each section bounded by ``limits``
    (the most important items, then how many more the JSON form lists)."""
    idx = SourceIndex(brief)
    cs = CitedSources(idx, limits.markers)
    an = brief.analysis
    title = brief.title or "Story brief"
    n = len(brief.articles)
    body: list[str] = [
        f"<h1>{_e(title)}</h1>",
        f'<p class="meta">{brief.words} words from {n} source{"s" if n != 1 else ""}'
        + (f", method: {_e(brief.method)}" if brief.method else "")
        + "</p>",
    ]
    if brief.sentences:
        body.append(
            '<p class="summary">'
            + " ".join(f"{_e(s.text)}{_cites(cs, s.citations)}" for s in brief.sentences)
            + "</p>"
        )
    else:
        body.append('<p class="meta">No summary sentences.</p>')

    def section(
        heading: str,
        items: list[str],
        left: int = 0,
        noun: str = "",
        tag: str = "ul",
        cls: str = "",
    ) -> None:
        if items:
            attr = f' class="{cls}"' if cls else ""
            body.append(f"<section{attr}><h2>{heading}</h2><{tag}>")
            body.extend(items)
            body.append(f"</{tag}>{_more(left, noun)}</section>")

    agreements, left = shown(an.agreements, limits.agreements)
    section("What the sources agree on", _facts(cs, agreements), left, "statement")
    single, left = shown(an.single_source, limits.single_source)
    section("Reported by one source only", _facts(cs, single), left, "statement")
    conflicts, left = shown(an.conflicts, limits.conflicts, conflict_rank)
    section("Where the sources differ", _conflicts(cs, conflicts), left, "disagreement")
    quotes, left = shown(an.quotes, limits.quotes, quote_rank)
    if quotes:
        body.append(
            "<section><h2>Quotes</h2>"
            + "".join(_quotes(cs, quotes))
            + _more(left, "quote")
            + "</section>"
        )
    events, left = shown(an.timeline, limits.timeline, event_rank)
    section("Timeline", _events(cs, events), left, "event")
    entities, left = shown(an.entities, limits.entities)
    section("People, organisations and places", _entities(cs, entities), left, "entity")

    numbers, left = cs.listed(limits.sources)
    sources = [_source(i, brief.articles[i - 1]) for i in numbers]
    section("Sources", sources, left, "source", tag="ol")
    problems, left = shown(brief.problems, limits.problems)
    items = [f"<li><code>{_e(p.input)}</code>: {_e(p.reason)}</li>" for p in problems]
    section("Problems", items, left, "problem", cls="problems")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">"
        f"<title>{_e(title)}</title><style>{_CSS}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def _more(left: int, noun: str) -> str:
    return f'<p class="meta">{_e(more(left, noun))}</p>' if left else ""


def _conflicts(cs: CitedSources, conflicts: list[Conflict]) -> list[str]:
    items = []
    for c in conflicts:
        sides = []
        for i, st in enumerate(c.statements):
            value = c.values[i] if i < len(c.values) else "?"
            sides.append(
                f"<li><strong>{_e(value)}</strong>: {_e(st.text)}{_cites(cs, st.citations)}</li>"
            )
        items.append(
            f'<li><strong>{_e(c.what)}</strong> <span class="kind">({_e(c.kind)})</span>'
            f"<ul>{''.join(sides)}</ul></li>"
        )
    return items


def _quotes(cs: CitedSources, quotes: list[Quote]) -> list[str]:
    items = []
    for q in quotes:
        who = _e(q.speaker) if q.speaker else "unattributed"
        if q.speaker_role:
            who += f", {_e(q.speaker_role)}"
        if q.attribution in INFERRED:
            who += ' <span class="inferred">(speaker inferred)</span>'
        items.append(
            f"<blockquote><p>“{_e(q.text)}”</p>"
            f'<footer class="who">— {who}{_cites(cs, q.citations)}</footer></blockquote>'
        )
    return items


def _events(cs: CitedSources, events: list[Event]) -> list[str]:
    items = []
    for ev in events:
        when = event_when(ev)
        phrases = ", ".join(f"“{_e(x)}”" for x in ev.written())
        items.append(
            f"<li><strong>{_e(when)}</strong> "
            f'<span class="kind">({_e(ev.precision or "unresolved")}, '
            f"{phrases})</span>: {_e(ev.text)}{_cites(cs, ev.citations)}</li>"
        )
    return items


def _entities(cs: CitedSources, entities: list[Entity]) -> list[str]:
    items = []
    for ent in entities:
        line = f'<li><strong>{_e(ent.name)}</strong> <span class="kind">({_e(ent.kind)})</span>'
        aliases = [a for a in ent.aliases if a != ent.name]
        if aliases:
            line += "; also: " + ", ".join(_e(a) for a in aliases)
        counts, rest = cs.counts(cs.idx.mention_counts(ent))
        if counts:
            line += "; mentions: " + ", ".join(
                f"[{'?' if num is None else num}] ×{k}" for num, k in counts
            )
            line += f" (+{rest:,} more sources)" if rest else ""
        items.append(line + "</li>")
    return items
