"""Aligning statements across sources: agreements, single-source facts, conflicts.

Two sentences of different articles are aligned when they share enough stemmed content
words and at least one name or number. An aligned group reported by two or more articles
is an agreement; informative sentences aligned with nothing are single-source facts (a
bounded list). Conflicts are looked for only between aligned sentences and only in forms
that can be read safely: a count of the same noun ("a woman" / "two women"), a number with
the same unit, the same person with a different first name, and what an allegation or
charge is said to be ("sexually assaulted" / "rape and sexual molestation"). Precision
first: anything less clear is not reported.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Citation, Conflict, Fact, Sentence
from ..summarize.base import Document
from ..text import STOPWORDS, WORD

__all__ = ["align", "agreements_and_single", "find_conflicts", "MAX_SINGLE_SOURCE"]

MAX_SINGLE_SOURCE = 8
ALIGN_THRESHOLD = 0.22

_IRREGULAR = {"women": "woman", "men": "man", "children": "child", "people": "person"}
_PLURAL = {v: k for k, v in _IRREGULAR.items()}
_COUNT_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12,
    "twenty": 20, "hundred": 100,
}  # fmt: skip
_COUNT = re.compile(
    r"\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d[\d,]*)\s+"
    r"(?:(?:[a-z]+)\s+)?"
    r"(women|woman|men|man|people|person|children|child|girls?|boys?|victims?|soldiers?|"
    r"officers?|students?|passengers?|bodies|deaths|dead|injured|wounded|suspects?|"
    r"counts?|charges?|shots?|hostages?|prisoners?|troops|workers?|civilians?|patients?|"
    r"teenagers?|adults?|people)\b"
)
_NUMBER = re.compile(r"(\$|£|€)?\b(\d[\d,]*(?:\.\d+)?)\s*(%|percent|million|billion|-?[a-z]+)?")
_CHARGE_FRAME = re.compile(
    r"\b(?:allegations?|accused|accusations?|charged|charges?|suspected|convicted|"
    r"wanted)\b(?:\s+(?:of|that|with|for|over|on))?\s+(?:he\s+|she\s+|they\s+)?"
    r"([^.;,]{3,60})"
)
_CHARGE_TERMS = {
    "rape": "rape",
    "raped": "rape",
    "raping": "rape",
    "molestation": "molestation",
    "molested": "molestation",
    "molesting": "molestation",
    "assault": "assault",
    "assaulted": "assault",
    "assaulting": "assault",
    "murder": "murder",
    "murdered": "murder",
    "murdering": "murder",
    "manslaughter": "manslaughter",
    "fraud": "fraud",
    "theft": "theft",
    "robbery": "robbery",
    "terrorism": "terrorism",
    "kidnapping": "kidnapping",
    "bribery": "bribery",
    "harassment": "harassment",
    "espionage": "espionage",
    "treason": "treason",
}


def stem(word: str) -> str:
    """A crude, fast suffix stripper: enough for overlap ("assaulted" ~ "assaulting")."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    for suf in ("ingly", "ing", "edly", "ed", "ly", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    return w


@dataclass(frozen=True, slots=True)
class _Sent:
    sent: Sentence
    stems: frozenset[str]
    anchors: frozenset[str]  # capitalised words and numbers: what makes it a fact


def _prepare(docs: Sequence[Document]) -> list[list[_Sent]]:
    out: list[list[_Sent]] = []
    for d in docs:
        row = []
        for s in d.sentences:
            toks = WORD.findall(s.text)
            if len(toks) < 6:
                continue
            stems = frozenset(stem(t) for t in toks if t.lower() not in STOPWORDS)
            anchors = frozenset(
                t.lower() for i, t in enumerate(toks) if (t[:1].isupper() and i > 0) or t.isdigit()
            )
            row.append(_Sent(s, stems, anchors))
        out.append(row)
    return out


def _sim(a: _Sent, b: _Sent) -> float:
    inter = len(a.stems & b.stems)
    if not inter or not (a.anchors & b.anchors):
        return 0.0
    return inter / min(len(a.stems), len(b.stems)) * 0.5 + inter / len(a.stems | b.stems) * 0.5


def align(docs: Sequence[Document]) -> list[tuple[Sentence, Sentence, float]]:
    """Cross-article sentence pairs that report the same thing, best match per pair of
    articles and sentence, with their similarity."""
    prepared = _prepare(docs)
    index: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for di, row in enumerate(prepared):
        for si, s in enumerate(row):
            for w in s.anchors:
                index[w].append((di, si))
    pairs: list[tuple[Sentence, Sentence, float]] = []
    for di, row in enumerate(prepared):
        for s in row:
            cands: set[tuple[int, int]] = set()
            for w in s.anchors:
                for dj, sj in index[w]:
                    if dj > di:
                        cands.add((dj, sj))
            best: dict[int, tuple[float, _Sent]] = {}
            for dj, sj in cands:
                other = prepared[dj][sj]
                sim = _sim(s, other)
                if sim >= ALIGN_THRESHOLD and sim > best.get(dj, (0.0, s))[0]:
                    best[dj] = (sim, other)
            for _dj, (sim, other) in best.items():
                pairs.append((s.sent, other.sent, sim))
    return pairs


def _fact(sents: Sequence[Sentence]) -> Fact:
    by_article: dict[str, Sentence] = {}
    for s in sents:
        by_article.setdefault(s.article_id, s)
    rep = min(by_article.values(), key=lambda s: len(s.text))
    cites = tuple(Citation(s.article_id, s.start, s.end) for s in by_article.values())
    return Fact(rep.text, cites)


def agreements_and_single(
    docs: Sequence[Document], pairs: Sequence[tuple[Sentence, Sentence, float]]
) -> tuple[list[Fact], list[Fact]]:
    """Group aligned sentences (connected components over strong pairs) into facts."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(k: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(k, k) != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    sent_of: dict[tuple[str, int], Sentence] = {}
    for a, b, sim in pairs:
        if sim < ALIGN_THRESHOLD + 0.1:
            continue
        ka, kb = (a.article_id, a.index), (b.article_id, b.index)
        sent_of[ka], sent_of[kb] = a, b
        parent[find(ka)] = find(kb)
    groups: dict[tuple[str, int], list[Sentence]] = defaultdict(list)
    for k, s in sent_of.items():
        groups[find(k)].append(s)
    agreements = [
        _fact(sorted(g, key=lambda s: (s.article_id, s.index)))
        for g in groups.values()
        if len({s.article_id for s in g}) >= 2
    ]
    agreements.sort(key=lambda f: -len(f.citations))
    aligned = {(s.article_id, s.index) for a, b, _ in pairs for s in (a, b)}
    scored: list[tuple[float, Sentence]] = []
    for d in docs:
        for s in d.sentences:
            if (s.article_id, s.index) in aligned:
                continue
            toks = WORD.findall(s.text)
            if not 8 <= len(toks) <= 50 or '"' in s.text or "“" in s.text:
                continue
            names = sum(1 for i, t in enumerate(toks) if i and t[:1].isupper())
            nums = sum(1 for t in toks if t.isdigit())
            score = names + 2 * nums - 0.1 * s.index
            scored.append((score, s))
    scored.sort(key=lambda x: -x[0])
    per_article: dict[str, int] = defaultdict(int)
    single: list[Fact] = []
    for _score, s in scored:
        if per_article[s.article_id] >= 3 or len(single) >= MAX_SINGLE_SOURCE:
            continue
        per_article[s.article_id] += 1
        single.append(Fact(s.text, (Citation(s.article_id, s.start, s.end),)))
    return agreements, single


def _counts(text: str) -> dict[str, tuple[int, str]]:
    out: dict[str, tuple[int, str]] = {}
    for m in _COUNT.finditer(text.lower()):
        raw = m.group(1).replace(",", "")
        n = _COUNT_WORDS.get(raw) if not raw.isdigit() else int(raw)
        if n is None:
            continue
        noun = stem(m.group(2)).rstrip("s") if m.group(2) not in _IRREGULAR else m.group(2)
        noun = _IRREGULAR.get(m.group(2), noun)
        out.setdefault(noun, (n, m.group(0)))
    return out


def _charges(text: str) -> tuple[frozenset[str], str] | None:
    m = _CHARGE_FRAME.search(text.lower())
    if not m:
        return None
    terms = frozenset(
        _CHARGE_TERMS[w] for w in re.findall(r"[a-z]+", m.group(1)) if w in _CHARGE_TERMS
    )
    if not terms:
        return None
    words = m.group(1).split()
    # the phrase as written, from the first to the last charge word
    idx = [i for i, w in enumerate(words) if re.sub(r"\W", "", w) in _CHARGE_TERMS]
    phrase = " ".join(words[max(0, idx[0] - 1) : idx[-1] + 1])
    return terms, phrase


def _side(conflict_sides: dict[str, list[Sentence]], value: str, s: Sentence) -> None:
    if all(x.article_id != s.article_id for x in conflict_sides[value]):
        conflict_sides[value].append(s)


def find_conflicts(pairs: Sequence[tuple[Sentence, Sentence, float]]) -> list[Conflict]:
    """Disagreements between aligned sentences of different articles (precision first)."""
    counts: dict[str, dict[str, list[Sentence]]] = defaultdict(lambda: defaultdict(list))
    count_label: dict[tuple[str, str], str] = {}
    charges: dict[str, list[Sentence]] = defaultdict(list)
    charge_label: dict[str, str] = {}
    for a, b, _sim in pairs:
        ca, cb = _counts(a.text), _counts(b.text)
        for noun in ca.keys() & cb.keys():
            if ca[noun][0] != cb[noun][0]:
                for s, c in ((a, ca), (b, cb)):
                    value = str(c[noun][0])
                    _side(counts[noun], value, s)
                    count_label.setdefault((noun, value), c[noun][1])
        ga, gb = _charges(a.text), _charges(b.text)
        if ga and gb and ga[0] != gb[0] and not (ga[0] & gb[0] and len(ga[0] ^ gb[0]) == 0):
            for s, g in ((a, ga), (b, gb)):
                key = ",".join(sorted(g[0]))
                _side(charges, key, s)
                charge_label.setdefault(key, g[1])
    # aligned partners that say the same as one side join it (more citations)
    for a, b, _sim in pairs:
        for x, y in ((a, b), (b, a)):
            gy = _charges(y.text)
            if gy is None:
                continue
            key = ",".join(sorted(gy[0]))
            if key in charges and any(s == x for ss in charges.values() for s in ss):
                _side(charges, key, y)
    out: list[Conflict] = []
    for noun, sides in counts.items():
        if len(sides) < 2:
            continue
        values = tuple(count_label[(noun, v)] for v in sides)
        facts = tuple(_fact(ss) for ss in sides.values())
        out.append(Conflict("count", f"number of {_PLURAL.get(noun, noun + 's')}", facts, values))
    if len(charges) >= 2:
        values = tuple(charge_label[k] for k in charges)
        facts = tuple(_fact(ss) for ss in charges.values())
        out.append(Conflict("characterisation", "what the allegations are", facts, values))
    return out
