"""Cross-source analysis: what the sources agree on, what one alone says, where they differ,
who is quoted, who and what is involved, and when things happened.

Each part lives in its own module (``entities``, ``quotes``, ``facts``, ``timeline``); this
module only orchestrates them over the segmented articles of one story.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Literal

from ..model import Analysis, Document, Quote
from .entities import (
    ROLE_WORDS,
    TITLE_MODIFIERS,
    RawMention,
    find_mentions,
    group_entities,
    lowercase_vocabulary,
)
from .facts import agreements_and_single, align, find_conflicts
from .quotes import QuoteSpan, find_quotes, given_names, merge_quotes_decided
from .speakers import SpeakerChooser
from .timeline import build_timeline

__all__ = ["analyze", "quote_spans", "quote_rules"]

log = logging.getLogger(__name__)

# "Ecuador's foreign minister Ricardo Patino", "the Sun's royal editor, Duncan Larcombe"
_ROLE_BEFORE = re.compile(r"((?:[A-Z][\w.]*['’]s\s+)?(?:[A-Za-z]+\s+){0,2}[A-Za-z]+),?\s+$")
_ROLE_OF_PLACE = re.compile(
    r"\b([A-Za-z]+\s+of\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}),\s+$"
)
# "Patino, Ecuador's foreign minister,"; not a clause ("Nichols, who is committed of state
# crimes,")
_ROLE_APPOSITION = re.compile(
    r"^,\s+(?!(?:who|whose|whom|which|that|where|when|while)\b)"
    r"((?:an?\s+|the\s+)?(?:[A-Z][\w.]*['’]s\s+)?[a-z][a-z ]{2,40}?),"
)


def _roles(
    docs: Sequence[Document], mentions: Sequence[RawMention], canon: dict[str, str]
) -> dict[str, str]:
    """The role each person is given in the cluster, the first one found."""
    roles: dict[str, str] = {}
    texts = {d.article.id: d.article.text for d in docs}
    for m in mentions:
        if m.kind != "person":
            continue
        name = canon.get(m.key, m.key)
        if name in roles:
            continue
        if m.role:
            roles[name] = m.role
            continue
        text = texts[m.article_id]
        window = text[max(0, m.start - 60) : m.start]
        before = _ROLE_BEFORE.search(window)
        office = _ROLE_OF_PLACE.search(window) if window.rstrip().endswith(",") else None
        if office and office.group(1).split()[0].lower() in ROLE_WORDS - TITLE_MODIFIERS:
            # "The governor of Unity State, Taban Deng": the title and the office's place
            roles[name] = office.group(1)
            continue
        if before and before.group(1).split()[-1].lower() in ROLE_WORDS:
            role = re.sub(
                r"(?i)^(?:(?:of|for|by|to|in|on|at|with|and|the|a|an|another)\s+)+",
                "",
                before.group(1),
            )
            titled = {w.lower() for w in role.split()} & (ROLE_WORDS - TITLE_MODIFIERS)
            if titled and (role[:1].isupper() or role.split()[0].lower() in ROLE_WORDS):
                # never a place's "State" alone ("of Unity State")
                roles[name] = role.strip()
            continue
        after = _ROLE_APPOSITION.match(text[m.end : m.end + 60])
        if after and any(w in ROLE_WORDS for w in after.group(1).lower().split()):
            roles[name] = after.group(1).strip()
    return roles


_BRACKETED = re.compile(r"\s*\((?:or\s+)?([A-Z][\w&.'’-]*[A-Za-z])\)")


def _bracketed_aliases(
    docs: Sequence[Document], per_doc: Sequence[Sequence[RawMention]], canon: dict[str, str]
) -> dict[str, str]:
    """Short names introduced in brackets after a long one ("the California Department of
    Transportation (CalTrans)"): each alias maps to the long name's canonical form."""
    out: dict[str, str] = {}
    for d, ms in zip(docs, per_doc, strict=True):
        text = d.article.text
        for m in ms:
            if m.kind in ("organization", "person") and " " in m.key:
                b = _BRACKETED.match(text, m.end)
                if b and b.group(1) != m.key:
                    out.setdefault(b.group(1), canon.get(m.key, m.key))
    return out


def quote_spans(
    docs: Sequence[Document],
    per_doc: Sequence[Sequence[RawMention]],
    chooser: SpeakerChooser | Literal["shipped"] | None = "shipped",
) -> list[QuoteSpan]:
    """Every article's quotations with their speakers as written (``per_doc``: each
    article's name mentions; ``chooser``: see :func:`find_quotes`)."""
    mentions = [m for ms in per_doc for m in ms]
    known = given_names()
    full = {m.key for m in mentions if m.kind == "person" and " " in m.key}
    alone = {m.key for m in mentions if " " not in m.key}
    # "Young" of "Michael Young"; "Geng" of "Geng Shuang", a family name written first: a
    # first word that is no known given name, written alone where the last word never is
    surnames = frozenset(
        name.split()[-1] if name.split()[0] in known else name.split()[0]
        for name in full
        if name.split()[0] in known
        or (name.count(" ") == 1 and name.split()[0] in alone and name.split()[1] not in alone)
    )
    return [
        q
        for d, ms in zip(docs, per_doc, strict=True)
        for q in find_quotes(d, ms, surnames, chooser)
    ]


def _quotes_decided(
    docs: Sequence[Document],
    per_doc: Sequence[Sequence[RawMention]],
    canon: dict[str, str],
) -> list[tuple[Quote, QuoteSpan | None]]:
    """The cluster's quotes, each with the span that decided its speaker."""
    mentions = [m for ms in per_doc for m in ms]
    roles = _roles(docs, mentions, canon)
    spans = quote_spans(docs, per_doc)
    return merge_quotes_decided(spans, canon | _bracketed_aliases(docs, per_doc, canon), roles)


def quote_rules(docs: Sequence[Document]) -> list[tuple[Quote, str | None]]:
    """The quotes :func:`analyze` gives ``docs``, in its order, each with the attribution
    rule that decided its speaker or its unnamed source (the ``rule`` of the span whose
    speaker it took, see :class:`~newsdesk.analyze.quotes.QuoteSpan`), None when none
    did: what scores each rule on labels. The brief never shows it."""
    if not docs:
        return []
    vocab = lowercase_vocabulary(docs)
    per_doc = [find_mentions(d, vocab) for d in docs]
    _, canon = group_entities([m for ms in per_doc for m in ms])
    return [(q, s.rule if s else None) for q, s in _quotes_decided(docs, per_doc, canon)]


def analyze(docs: Sequence[Document]) -> Analysis:
    """Agreement, single-source facts, conflicts, quotes, entities and the timeline."""
    if not docs:
        return Analysis()
    vocab = lowercase_vocabulary(docs)
    per_doc = [find_mentions(d, vocab) for d in docs]
    mentions = [m for ms in per_doc for m in ms]
    entities, canon = group_entities(mentions)
    quotes = [q for q, _ in _quotes_decided(docs, per_doc, canon)]
    alignment = align(docs)
    conflicts = find_conflicts(alignment, docs)
    agreements, single = agreements_and_single(docs, alignment, conflicts)
    timeline = build_timeline(docs)
    log.info(
        "analysis: %d agreements, %d single-source, %d conflicts, %d quotes, %d entities, "
        "%d events",
        len(agreements),
        len(single),
        len(conflicts),
        len(quotes),
        len(entities),
        len(timeline),
    )
    return Analysis(
        agreements=tuple(agreements),
        single_source=tuple(single),
        conflicts=tuple(conflicts),
        quotes=tuple(quotes),
        entities=tuple(entities),
        timeline=tuple(timeline),
    )
