"""Direct quotations and their speakers.

Quotes are found on the article text (not per sentence) so a quotation that runs across
sentences, or across paragraphs in the newspaper style (a paragraph left open and the next
one reopened), stays one quote. Scare quotes of one to three words ("firm", "dark ages")
are skipped: they label a word, they are not a statement anyone can be quoted on.

The speaker comes from the attribution next to the quote ("X said", "said X", "X told
reporters", "according to X", "X said in a statement", "X: ..."); a pronoun ("he said")
takes the last named speaker or person of the article before it. Names are resolved to the
fullest form the cluster gives, with the role found before the name or in apposition.
A quote with no attribution keeps ``speaker=None``: nothing is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Citation, Quote
from ..summarize.base import Document
from .entities import ORG_SUFFIXES, ROLE_WORDS, RawMention

__all__ = ["find_quotes", "merge_quotes", "QuoteSpan", "MIN_QUOTE_WORDS"]

#: Quotes shorter than this many words are scare quotes and are skipped.
MIN_QUOTE_WORDS = 4

_VERBS = (
    r"(?:said|says|say|told|tells|added|adds|stated|explained|noted|wrote|writes|tweeted|"
    r"insisted|argued|warned|declared|continued|asked|replied|recalled|claimed|acknowledged|"
    r"admitted|conceded|announced|observed|remarked|suggested|cautioned)"
)
_NAME = (
    r"((?:[Tt]he\s+|[Aa]n?\s+|[A-Z][\w'’.\-]*\s+|(?:of|for|and|at|in|to)\s+(?=[A-Z]))*"
    r"?[A-Z][\w'’.\-]*|[Hh]e|[Ss]he|[Tt]hey|(?:[Tt]he|[Aa]n?)\s+(?:[\w'’.\-]+\s+){0,5}"
    r"?[\w'’.\-]+|[Aa]n?\s+[a-z]+(?:\s+[a-z]+)?(?:\s+(?:for|of)\s+(?:the\s+)?[\w'’ ]+?"
    r")?|the\s+[a-z]+(?:\s+[a-z]+)?)"
)
# after the quote: ', Patino said' / ' said Patino' / ' he said' / ', according to X'
_AFTER_NAME_VERB = re.compile(rf"^[\s,.:;?!—–-]*{_NAME}\s*(?:,[^,\"“”]{{1,80}},\s*)?{_VERBS}\b")
# after a verb the name runs as far as its capitalised words go
_NAME_GREEDY = (
    r"((?:[Tt]he\s+)?(?:[A-Z][\w'’.\-]*\s+)*[A-Z][\w'’\-]*(?:\.(?=\w))?|[Hh]e|[Ss]he|[Tt]hey|"
    r"(?:[Tt]he|[Aa]n?)\s+[a-z]+(?:\s+[a-z]+)?)"
)
_AFTER_VERB_NAME = re.compile(rf"^[\s,.:;?!—–-]*{_VERBS}\s+{_NAME_GREEDY}")
_AFTER_ACCORDING = re.compile(rf"^[\s,.:;?!—–-]*according\s+to\s+{_NAME_GREEDY}")
# before the quote: 'Patino said: "' / 'Patino said that the "' / 'Minister: "'
_BEFORE_NAME_VERB = re.compile(
    rf"{_NAME}\s*(?:,[^,\"“”]{{1,80}},\s*)?{_VERBS}(?:\s+(?:reporters|journalists|[A-Z]\w+|him|her|them))?"
    rf"(?:\s+(?:in|on|at)\s+[^\"“”]{{1,40}}?)?(?:\s*[,:]|\s+that)?[^\"“”.]{{0,60}}$"
)
_BEFORE_COLON = re.compile(rf"{_NAME}\s*:\s*$")
_OF_NAME = re.compile(
    r"^(?:\s+[a-z]+){0,2}\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w'’.]*(?:\s+[A-Z][\w'’.]*)*"
)
_PRONOUN = re.compile(r"^(?:he|she|they)$", re.IGNORECASE)
_DESCRIPTIVE = re.compile(r"^(?:the|an?)\s", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One quotation in one article, before merging across outlets."""

    article_id: str
    start: int  # offset of the quoted text (inside the marks)
    end: int
    text: str
    speaker: str | None
    role: str | None


def _spans(text: str) -> list[tuple[int, int]]:
    """Inner spans of quotations, straight or curly, continuing over open paragraphs."""
    out: list[tuple[int, int]] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "“" or (ch == '"' and (i == 0 or not text[i - 1].isalnum())):
            close = "”" if ch == "“" else '"'
            j = i + 1
            start = j
            while j < n:
                c = text[j]
                if c == close or (close == "”" and c == '"'):
                    break
                if text.startswith("\n\n", j) or (c == "\n" and text[j + 1 : j + 2] in ('"', "“")):
                    # paragraph left open: continue only if the next paragraph reopens
                    k = j
                    while k < n and text[k].isspace():
                        k += 1
                    if k < n and text[k] in ('"', "“"):
                        j = k + 1
                        continue
                    break
                j += 1
            end = j
            if end > start:
                out.append((start, end))
            i = j + 1
            continue
        i += 1
    return out


def _clean_name(raw: str) -> str:
    name = raw.strip().strip(",.")
    name = re.sub(r"['’]s$", "", name)
    return name


def _split_role(name: str) -> tuple[str, str | None]:
    """'Ecuadorian Foreign Minister Ricardo Patino' → ('Ricardo Patino', 'Ecuadorian ...')."""
    toks = name.split()
    if toks[-1].lower() in ORG_SUFFIXES:
        return name, None
    k = 0
    while k < len(toks) - 1 and (
        toks[k].lower().strip(".") in ROLE_WORDS
        or toks[k].endswith(("ian", "ish", "ese", "an"))
        and toks[k][:1].isupper()
        and k + 1 < len(toks)
        and toks[k + 1].lower() in ROLE_WORDS
    ):
        k += 1
    if k == 0:
        return name, None
    return " ".join(toks[k:]), " ".join(toks[:k])


def _find_speaker(text: str, start: int, end: int) -> str | None:
    """The raw attribution next to the quote at ``text[start:end]``, or None."""
    after = text[end + 1 : end + 160]
    after = after.split("\n\n", 1)[0]
    for pat in (_AFTER_ACCORDING, _AFTER_NAME_VERB, _AFTER_VERB_NAME):
        m = pat.match(after)
        if m:
            name = m.group(1)
            if pat is not _AFTER_NAME_VERB:
                # "the official account of the Foreign Office": keep the whole phrase
                ext = _OF_NAME.match(after[m.end(1) :])
                if ext:
                    name += ext.group(0)
            return _clean_name(name)
    para_start = text.rfind("\n", 0, start) + 1
    before = text[max(para_start, start - 200) : start - 1]
    m = _BEFORE_COLON.search(before) or _BEFORE_NAME_VERB.search(before)
    if m:
        return _clean_name(m.group(1))
    return None


def find_quotes(doc: Document, mentions: Sequence[RawMention]) -> list[QuoteSpan]:
    """Every quotation of one article with its speaker as written (before cluster resolution)."""
    text = doc.article.text
    aid = doc.article.id
    persons = [m for m in mentions if m.kind in ("person", "organization")]
    out: list[QuoteSpan] = []
    last_speaker: tuple[int, str] | None = None
    for start, end in _spans(text):
        body = text[start:end].strip()
        if len(body.split()) < MIN_QUOTE_WORDS:
            continue
        raw = _find_speaker(text, start, end)
        speaker: str | None = None
        role: str | None = None
        if raw and _PRONOUN.match(raw):
            if raw.lower() in ("he", "she"):
                # the last speaker, else the last person named before the quote
                prior = [m for m in persons if m.end <= start and m.kind == "person"]
                if last_speaker and (not prior or last_speaker[0] >= prior[-1].start - 400):
                    speaker = last_speaker[1]
                elif prior and start - prior[-1].end < 600:
                    speaker = prior[-1].key
        elif raw and not raw[:1].islower() or (raw and _DESCRIPTIVE.match(raw)):
            assert raw is not None
            if _DESCRIPTIVE.match(raw) and not any(
                m.start >= start - 200 and raw.endswith(m.key) for m in persons
            ):
                # "a spokesman for his office", "the Foreign Office": keep as written
                speaker = re.sub(r"^[Tt]he\s+", "", raw) if raw[4:5].isupper() else raw
            else:
                speaker, role = _split_role(re.sub(r"^[Tt]he\s+(?=[A-Z])", "", raw))
        elif raw is None and last_speaker:
            # a quote in the same paragraph as the last attributed one continues it
            para_start = text.rfind("\n", 0, start)
            if last_speaker[0] > para_start:
                speaker = last_speaker[1]
        if speaker:
            last_speaker = (end, speaker)
        out.append(QuoteSpan(aid, start, end, body, speaker, role))
    return out


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def merge_quotes(
    spans: Sequence[QuoteSpan], canon: dict[str, str], roles: dict[str, str]
) -> list[Quote]:
    """One Quote per distinct quotation: the same words carried by several outlets merge."""
    groups: list[list[QuoteSpan]] = []
    norms: list[str] = []
    for s in spans:
        n = _norm(s.text)
        for gi, g in enumerate(groups):
            if n in norms[gi] or norms[gi] in n:
                g.append(s)
                if len(n) > len(norms[gi]):
                    norms[gi] = n
                break
        else:
            groups.append([s])
            norms.append(n)
    quotes: list[Quote] = []
    for g in groups:
        best = max(g, key=lambda s: len(s.text))
        named = [s for s in g if s.speaker]
        speaker = None
        role = None
        if named:
            raw = named[0].speaker
            assert raw is not None
            speaker = canon.get(raw, raw)
            if speaker == raw and raw.split()[-1] in canon:
                speaker = canon[raw.split()[-1]]
            role = next((s.role for s in named if s.role), None) or roles.get(speaker)
        cites = tuple(Citation(s.article_id, s.start, s.end) for s in g)
        quotes.append(Quote(best.text, speaker, role, cites))
    return quotes
