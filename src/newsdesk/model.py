"""Records passed between pipeline stages.

Every record is a frozen dataclass. Attribution always points at article ids and
character offsets into ``Article.text``, never at equal strings: wire copy repeats
sentences verbatim across outlets, so text equality cannot tell sources apart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Literal

from .text import printable

__all__ = [
    "Article",
    "Sentence",
    "Document",
    "Citation",
    "BriefSentence",
    "Quote",
    "Attribution",
    "INFERRED",
    "Entity",
    "Mention",
    "Fact",
    "Conflict",
    "Event",
    "Analysis",
    "Brief",
    "InputProblem",
    "article_id",
]


def article_id(text: str, *, salt: str = "") -> str:
    """A stable id for an article: the first 16 hex digits of a SHA-1 of its text."""
    return hashlib.sha1((salt + text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, cleaned: ``text`` is the body only, no page cruft."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None  # the outlet, e.g. "CNN"
    url: str | None = None
    published: dt.date | None = None
    author: str | None = None
    language: str | None = None
    origin: str | None = None  # where it was read from: a path, "<stdin>:3", ...


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of one article: ``text == article.text[start:end]``."""

    article_id: str
    index: int  # position of the sentence within its article, from 0
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    """One article and its sentences, in order: the unit every stage after reading works
    on (the summarizers choose among its sentences, the analyzers read its text); made once
    per article by :func:`newsdesk.pipeline.documents`."""

    article: Article
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class Citation:
    """A span of one article that supports a statement."""

    article_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class BriefSentence:
    """A summary sentence. ``citations[0]`` is the span it was copied from; the
    others are spans of other articles that carry the same statement."""

    text: str
    citations: tuple[Citation, ...]


#: how a quote's speaker was found: "named" ("Patino said", "said a statement from the
#: Foreign Office", or a partial quote whose sentence names who says it: "Patino told
#: reporters that ... “...”"), "description" ("the hospital said" after the hospital was
#: named), "pronoun" ("he said", resolved to someone named before) or "context" (nothing
#: in the quote's sentence: the speaker of the paragraph or sentence before, a profile's
#: subject)
Attribution = Literal["named", "description", "pronoun", "context"]
#: the attributions a reader is told were inferred, not written next to the quote
INFERRED: frozenset[str] = frozenset({"pronoun", "context"})


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation and who said it (``speaker`` None when it cannot be found).
    ``attribution`` says how the speaker was found (an :data:`Attribution`), from the
    outlet whose speaker was taken."""

    text: str
    speaker: str | None
    speaker_role: str | None
    citations: tuple[Citation, ...]
    attribution: Attribution | None = None


EntityKind = Literal["person", "organization", "place", "other"]


@dataclass(frozen=True, slots=True)
class Mention:
    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place, its aliases grouped under one name."""

    name: str
    kind: EntityKind
    aliases: tuple[str, ...]
    mentions: tuple[Mention, ...]


@dataclass(frozen=True, slots=True)
class Fact:
    """A statement and the articles that report it (one citation per article)."""

    text: str
    citations: tuple[Citation, ...]

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.article_id for c in self.citations))


ConflictKind = Literal["number", "count", "date", "name", "characterisation"]


@dataclass(frozen=True, slots=True)
class Conflict:
    """Aligned statements from different sources that disagree on ``what``."""

    kind: ConflictKind
    what: str  # a short description: "number of women", "date of entry"
    statements: tuple[Fact, ...]  # one per side, each with its own citations
    values: tuple[str, ...]  # the competing values, aligned with ``statements``


Precision = Literal["day", "month", "year"]


@dataclass(frozen=True, slots=True)
class Event:
    """A dated event. ``date`` is None when the text gives no resolvable date.

    One event told by several outlets has one citation per outlet's sentence; each may
    write the date its own way ("Thursday October 19" / "Oct. 19"), so ``phrases`` holds
    the phrase of each citation, in the same order (empty: ``expression`` for all)."""

    date: dt.date | None
    precision: Precision | None
    expression: str  # the date phrase as written in the first citation: "Thursday"
    text: str  # the event sentence
    citations: tuple[Citation, ...]
    phrases: tuple[str, ...] = ()

    def phrase_of(self, i: int) -> str:
        """The date phrase as the ``i``-th citation's article writes it."""
        return self.phrases[i] if i < len(self.phrases) else self.expression

    def written(self) -> tuple[str, ...]:
        """The distinct date phrases of the event's citations, first seen first."""
        return tuple(dict.fromkeys([self.expression, *self.phrases]))


@dataclass(frozen=True, slots=True)
class Analysis:
    """How the sources relate: what they share, what one alone says, where they differ."""

    agreements: tuple[Fact, ...] = ()
    single_source: tuple[Fact, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    quotes: tuple[Quote, ...] = ()
    entities: tuple[Entity, ...] = ()
    timeline: tuple[Event, ...] = ()


@dataclass(frozen=True, slots=True)
class InputProblem:
    """Why one input (a file, a line of a file) could not be used.

    ``input`` and ``reason`` keep the name as it is; ``str()`` gives one printable line
    (control characters escaped, see :func:`newsdesk.text.printable`), since a file name
    may hold a newline or an escape sequence."""

    input: str
    reason: str

    def __str__(self) -> str:
        return f"{printable(self.input)}: {printable(self.reason)}"


@dataclass(frozen=True, slots=True)
class Brief:
    """A story brief: a cited summary plus the cross-source analysis."""

    articles: tuple[Article, ...]
    sentences: tuple[BriefSentence, ...]
    analysis: Analysis = field(default_factory=Analysis)
    method: str = ""
    title: str | None = None
    problems: tuple[InputProblem, ...] = ()

    @property
    def words(self) -> int:
        return sum(len(s.text.split()) for s in self.sentences)

    def article(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)
