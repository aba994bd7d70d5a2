"""Aligning statements across sources: agreements, single-source facts, conflicts.

Two sentences of different articles are aligned when they share enough stemmed content
words and at least one name or number. Alignment is loose on purpose (it finds where to
look for conflicts); AGREEMENT is strict: both sentences must state the same thing
(``same_statement``: most content words of each in the other, a shared name or number, no
figure in one missing from the other). A sentence that is a side of a reported conflict is
not listed as agreement (the conflict shows it, with the other side). Citations are given
in source order. Informative sentences aligned with nothing are single-source facts (a
bounded list; a sentence an article prints twice counts once).

Alignment is by statement, not by sentence: wire copy repeats a sentence in hundreds of
articles, so each distinct sentence text is prepared and compared once, candidates come
from an index of the words statements share, and a ``Link`` between two statements holds
every pair of their copies without listing them (issue 25: 300 articles of one story took
two minutes, nearly all of it comparing copies pair by pair). In a large story the work
per statement is capped (``MAX_POSTING``, ``MAX_CANDIDATES``, ``MAX_MATCHED_ARTICLES``);
no cap bites in a cluster of ordinary size (none in the 186 evaluation clusters: up to 15
articles, 503 distinct sentences), whose results are those of comparing every pair.

Conflicts are reported only in forms that can be read safely: a count of the same noun
between aligned sentences ("a woman" / "two women"), a count framed the same way anywhere
in two articles ("four people in custody" / "three people in custody"; "demonstrators" and
"protesters" are people, so are "suspects" held or arrested; "No arrests have yet been
made" is a count of zero), one age each in aligned sentences about the same person, one
day each in closely aligned sentences a few days apart (not photo captions), clock times
to the minute a few minutes apart in sentences that share an event word ("dispatched at
9:09 a.m." / "Dispatchers received a report at 9:06 a.m."; not "around", not a timeline
one article gives whole), the number of people hurt at the same named place ("three
people hurt" / "four people were shot", both in Middleton), the number of relatives named
with another ("his wife and daughters" / "the victim's wife and daughter", in sentences
that share what they did), what an allegation or charge is said to be ("sexually
assaulted" / "rape and sexual molestation"), a name of three words or more each article
writes its own way ("Federal Law Enforcement Officials Association" / "... Officers
Association"; not "Centre" / "Center", not a lone slip against three articles), how far
a named person fell ("dropped nine stories" / "slipped 25 feet", at least twice apart),
the month of one event a month or a year apart in sentences naming
the same person ("named chief in May 2014" / "In April 2014, Johnson donned the stars";
not "since May 2014", not when an article gives both months), how many brothers, sisters
or children a named person has ("his four half-siblings" / "five half-siblings"; not "the
three brothers", not an article giving two numbers), and what a court ordered someone to
pay ("ordered to pay $33.5 million" / "ordered Simpson to pay $25 million"; not rounding,
not "punitive" against "compensatory"). Precision first: anything less clear is not
reported. Tried and left out for that reason: a surname spelt two ways ("Olivares" /
"Oliveras": on the blind label splits one of three such reports was a disagreement, the
others a typo and a transliteration), durations ("five days of rioting" / "eight
days ago", game clocks, running tolls), one person's age across a whole cluster (ages
given a year or two apart by reports written a year or two apart), one word changed in a
quotation (translations, transcriptions and typos: "a sad time" / "a sad day"), days a
few days apart in sentences that share only an event word (a story's many events), counts
of any noun ("six AK-47 rifles" / "14 AK-47 rifles": seizures, tolls and tallies of a
story's many moments), sums of money at large ("AMD is paying $281 million" / "$334
million": a part and the whole), percentages, prison terms (two sentences of one man's
life), months two or more apart ("an April 1973 letter" / "retired in June 1973") and
children not someone's ("among them eight children").
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import TypeVar

from ..lexicon import (
    casualty_words,
    charges,
    fact_words,
    kin_words,
    months,
    number_words,
    plurals,
)
from ..model import Citation, Conflict, Document, Fact, Sentence
from ..text import MONTHS, STOPWORDS, WEEKDAYS, WORD
from .entities import gazetteer

__all__ = [
    "Alignment",
    "Link",
    "align",
    "agreements_and_single",
    "find_conflicts",
    "same_statement",
    "MAX_SINGLE_SOURCE",
]


_T = TypeVar("_T")


def _across(rows: Sequence[Sequence[_T]]) -> Iterator[tuple[int, int, _T, _T]]:
    """Every pair of items from two different articles' rows: (i, j, item of article i,
    item of article j), i < j."""
    for i, row in enumerate(rows):
        for j in range(i + 1, len(rows)):
            for a in row:
                for b in rows[j]:
                    yield i, j, a, b


MAX_SINGLE_SOURCE = 8
ALIGN_THRESHOLD = 0.22
# bounds on the work of aligning one statement in a large story (``_similar``,
# ``_best_matches``): none bites in a cluster of ordinary size
MAX_POSTING = 250
MAX_CANDIDATES = 500
MAX_MATCHED_ARTICLES = 50
AGREE_COVERAGE = 0.5  # share of each sentence's content words the other must have

_IRREGULAR = plurals("count")  # lexicon/plurals.txt
_PLURAL = {v: k for k, v in _IRREGULAR.items()}
_COUNT_WORDS = {**number_words("count"), **number_words("value")}  # lexicon/numbers.txt
_COUNT = re.compile(
    rf"\b({'|'.join(number_words('count'))}|\d[\d,]*)\s+"
    r"(?:(?:[a-z]+)\s+)?"
    rf"({'|'.join(casualty_words('count'))})\b"  # lexicon/casualties.txt
)
# words for people in general: "four demonstrators were arrested" counts the same people
# as "four people were arrested" (a framed count only: the frame says what happened)
_PERSON_NOUNS = frozenset(casualty_words("crowd"))
# frames where a suspect is simply a person held: "3 suspects arrested" / "three people"
_HELD = frozenset(casualty_words("held"))
# "No arrests have yet been made", "no one was injured": a count of zero, framed
_ZERO = re.compile(
    r"\bno\s+(arrests|injuries)\s+(?:have|has|had|were|was)\s+(?:yet\s+)?(?:been\s+)?"
    r"(?:made|reported)\b"
    r"|\b(?:no\s+one|no-one|nobody)\s+(?:has|had|was|were)\s+(?:yet\s+)?(?:been\s+)?"
    r"(arrested|injured|hurt)\b"
)
_ZERO_FRAME = {"arrests": "arrest", "injuries": "injur"}
_NUM_WORD = "|".join(number_words("number"))
_NUM_VALUE = number_words("number")
# "a 2-year-old toddler", "three-year-old son", "two and a half year old child"
_AGE = re.compile(
    rf"\b(\d{{1,3}}|{_NUM_WORD})(\s+and\s+a\s+half)?[- ]years?[- ]old\b", re.IGNORECASE
)
_MONTHS = months()  # read by the first three letters of a name
# "Oct. 29", "April 16", "Sept. 3" (a day of a named month, written the US way)
_MONTH_DAY = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})\b(?![,:]?\d)"
)
# a count and the first content word after its noun: "three people in custody" → custody
_FRAME_SKIP = fact_words("frame_skip")  # lexicon/fact_words.txt, as the lists below
DATE_ALIGN = 0.35  # aligned statements this close that give different days conflict
_CHARGE_FRAME = re.compile(
    r"\b(?:allegations?|accused|accusations?|charged|charges?|suspected|convicted|"
    r"wanted)\b(?:\s+(?:of|that|with|for|over|on))?\s+(?:he\s+|she\s+|they\s+)?"
    r"([^.;,]{3,60})"
)
_CHARGE_TERMS = charges()  # lexicon/charges.txt


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


def _prepare_one(s: Sentence) -> _Sent | None:
    toks = WORD.findall(s.text)
    if len(toks) < 6:
        return None
    stems = frozenset(stem(t) for t in toks if t.lower() not in STOPWORDS)
    anchors = frozenset(
        t.lower() for i, t in enumerate(toks) if (t[:1].isupper() and i > 0) or t.isdigit()
    )
    return _Sent(s, stems, anchors) if stems else None


#: where a sentence is written: (the position of its article in the story, the sentence)
_Place = tuple[int, Sentence]
#: the order of an aligned pair as ``align`` lists them: (article of the sentence, its
#: index, article of its match), then 0 for the sentence and 1 for its match
_Key = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True, eq=False)
class _Statement:
    """One distinct sentence text of the story, prepared once, and every place it is
    written: wire copy repeats a sentence in many articles (now and then twice in one).
    Only the work is shared; attribution stays with each place's article and offsets."""

    prep: _Sent  # of its first place
    places: tuple[_Place, ...]  # in source order, then sentence order

    @property
    def text(self) -> str:
        return self.prep.sent.text


@dataclass(frozen=True, slots=True)
class Link:
    """Statement ``a`` aligned with statement ``b``: in each article of ``targets`` the
    place of ``b`` is ``a``'s best match there. Every place of ``a`` is paired with each
    target in a later article: the pairs an all-pairs alignment would list one by one,
    held in the size of the two statements."""

    sim: float
    a: _Statement
    b: _Statement
    targets: tuple[_Place, ...]  # one an article, in source order, all after a's first

    def pairs(self) -> Iterator[tuple[_Key, Sentence, Sentence]]:
        """Every pair of the link, in ``align``'s order (quadratic in a copied statement's
        places: for the rare links that need each pair)."""
        later = [j for j, _t in self.targets]
        for i, s in self.a.places:
            for j, t in self.targets[bisect_right(later, i) :]:
                yield (i, s.index, j, 0), s, t


@dataclass(frozen=True, slots=True)
class Alignment:
    """What :func:`align` found: the links between statements of different articles."""

    links: tuple[Link, ...] = ()

    def pairs(self) -> Iterator[tuple[Sentence, Sentence, float]]:
        """Every aligned pair of sentences in source order, with its similarity. As many
        as a story's copies allow: for tests and small clusters, not for a large story."""
        for _key, s, t, link in _merged(self.links):
            yield s, t, link.sim


def _merged(links: Sequence[Link]) -> Iterator[tuple[_Key, Sentence, Sentence, Link]]:
    """The pairs of ``links`` in ``align``'s order (each pair's key is unique: one best
    match a sentence and article)."""

    def tagged(link: Link) -> Iterator[tuple[_Key, Sentence, Sentence, Link]]:
        for k, s, t in link.pairs():
            yield k, s, t, link

    return heapq.merge(*(tagged(link) for link in links), key=itemgetter(0))


def _firsts(sources: Sequence[_Place], targets: Sequence[_Place]) -> list[tuple[_Key, Sentence]]:
    """Each sentence paired by a link, at its first pair (sources are paired with every
    target of a later article): who takes part in the link, in ``align``'s order."""
    if not sources or not targets:
        return []
    later = [j for j, _t in targets]
    out = []
    for i, s in sources:
        if i >= later[-1]:
            break
        out.append(((i, s.index, later[bisect_right(later, i)], 0), s))
    i0, s0 = sources[0]
    out.extend(((i0, s0.index, j, 1), t) for j, t in targets if j > i0)
    return out


def _statements(docs: Sequence[Document]) -> list[_Statement]:
    """The story's distinct sentence texts long enough to align, each prepared once."""
    prepared: dict[str, _Sent | None] = {}
    places: dict[str, list[_Place]] = defaultdict(list)
    for pos, d in enumerate(docs):
        for s in d.sentences:
            if s.text not in prepared:
                prepared[s.text] = _prepare_one(s)
            if prepared[s.text] is not None:
                places[s.text].append((pos, s))
    return [_Statement(prep, tuple(places[text])) for text, prep in prepared.items() if prep]


def _sim(a: _Sent, b: _Sent) -> float:
    inter = len(a.stems & b.stems)
    if not inter or not (a.anchors & b.anchors):
        return 0.0
    return inter / min(len(a.stems), len(b.stems)) * 0.5 + inter / len(a.stems | b.stems) * 0.5


def _similar(statements: Sequence[_Statement]) -> list[dict[int, float]]:
    """For each statement, the statements close enough to align with (itself included
    when it names someone or gives a number), found through the words they share. A word
    in more than ``MAX_POSTING`` statements is too common to find partners by, and each
    statement is compared with at most ``MAX_CANDIDATES`` others, those sharing the most
    words first: the work per statement is bounded. Neither bites in a cluster of ordinary
    size (the largest evaluation cluster has 503 statements, and no word is in 200 of
    them), where every pair sharing a word is compared, as before."""
    keys = [st.prep.stems | st.prep.anchors for st in statements]
    postings: dict[str, list[int]] = defaultdict(list)
    for k, words in enumerate(keys):
        for w in words:
            postings[w].append(k)
    out: list[dict[int, float]] = [{} for _ in statements]
    for k, st in enumerate(statements):
        if st.prep.anchors:
            out[k][k] = 1.0
        shared: Counter[int] = Counter()
        for w in keys[k]:
            posting = postings[w]
            if len(posting) <= MAX_POSTING:
                shared.update(posting[bisect_right(posting, k) :])
        size = len(st.prep.stems)
        for other, n in shared.most_common(MAX_CANDIDATES):
            # the similarity is at most the shared words over the shorter one's: skip the
            # pairs that cannot reach the threshold without computing it
            if n < ALIGN_THRESHOLD * min(size, len(statements[other].prep.stems)):
                continue
            sim = _sim(st.prep, statements[other].prep)
            if sim >= ALIGN_THRESHOLD:
                out[k][other] = out[other][k] = sim
    return out


def _best_matches(
    g: int, statements: Sequence[_Statement], similar: dict[int, float]
) -> dict[int, tuple[float, int, Sentence]]:
    """The best match of statement ``g`` in each article after its first: (similarity,
    statement, sentence), ties to the earlier sentence. Its own copies first, every one;
    then the closest other statements, into ``MAX_MATCHED_ARTICLES`` articles at most (a
    story of more articles than that is told by the copies' own matches, not by one
    statement matched into every article)."""
    first = statements[g].places[0][0]
    best: dict[int, tuple[float, int, Sentence]] = {}
    others = 0
    for h, sim in sorted(similar.items(), key=lambda x: (-x[1], x[0] != g, x[0])):
        places = statements[h].places
        for j, t in places[bisect_right(places, first, key=itemgetter(0)) :]:
            cur = best.get(j)
            if cur is None:
                if h != g and others >= MAX_MATCHED_ARTICLES:
                    return best
                others += h != g
                best[j] = (sim, h, t)
            elif sim > cur[0] or (sim == cur[0] and t.index < cur[2].index):
                best[j] = (sim, h, t)
    return best


def align(docs: Sequence[Document]) -> Alignment:
    """Cross-article sentence pairs that report the same thing: each sentence with its best
    match in every later article (ties: the earlier sentence), held as links between
    distinct statements so that a sentence copied into hundreds of articles is compared
    once, not once for each pair of copies."""
    statements = _statements(docs)
    similar = _similar(statements)
    links: list[Link] = []
    for g, st in enumerate(statements):
        best = _best_matches(g, statements, similar[g])
        by_match: dict[int, list[_Place]] = defaultdict(list)
        for j in sorted(best):
            by_match[best[j][1]].append((j, best[j][2]))
        for h, targets in by_match.items():
            links.append(Link(similar[g][h], st, statements[h], tuple(targets)))
    return Alignment(tuple(links))


def _fact(sents: Sequence[Sentence]) -> Fact:
    by_article: dict[str, Sentence] = {}
    for s in sents:
        by_article.setdefault(s.article_id, s)
    rep = min(by_article.values(), key=lambda s: len(s.text))
    cites = tuple(Citation(s.article_id, s.start, s.end) for s in by_article.values())
    return Fact(rep.text, cites)


def _order(docs: Sequence[Document]) -> dict[str, int]:
    return {d.article.id: i for i, d in enumerate(docs)}


def _in_order(fact: Fact, order: dict[str, int]) -> Fact:
    """Citations in source order ([1][2][3]), as the reader numbers the sources."""
    cites = tuple(sorted(fact.citations, key=lambda c: (order.get(c.article_id, 0), c.start)))
    return Fact(fact.text, cites)


_NUM_TOKEN = re.compile(r"\d[\d,.]*")


def _same(sa: _Sent | None, sb: _Sent | None) -> bool:
    if sa is None or sb is None or not sa.anchors & sb.anchors:
        return False
    inter = len(sa.stems & sb.stems)
    if inter / len(sa.stems) < AGREE_COVERAGE or inter / len(sb.stems) < AGREE_COVERAGE:
        return False
    na, nb = set(_NUM_TOKEN.findall(sa.sent.text)), set(_NUM_TOKEN.findall(sb.sent.text))
    return na <= nb or nb <= na


def same_statement(a: Sentence, b: Sentence) -> bool:
    """Whether two sentences state the same thing, strictly enough to call it agreement.

    Sharing a few words or a name is not enough ("Patino called for..." / "He claimed the
    letter was..." share "Ecuador's" and "asylum"): most content words of EACH sentence must
    be in the other, they must share a name or number, and every number one gives must be
    in the other (a different figure is a disagreement, not an agreement)."""
    return _same(_prepare_one(a), _prepare_one(b))


def _joining_targets(alignment: Alignment) -> dict[_Statement, list[_Place]]:
    """For each statement, the targets of its links that can make an agreement (close
    enough, and ``same_statement``), in source order: an article has one target at most,
    a statement's best match there."""
    out: dict[_Statement, list[_Place]] = defaultdict(list)
    for link in alignment.links:
        if link.sim >= ALIGN_THRESHOLD + 0.1 and _same(link.a.prep, link.b.prep):
            out[link.a].extend(link.targets)
    for targets in out.values():
        targets.sort(key=itemgetter(0))
    return out


def _aligned(alignment: Alignment) -> set[tuple[str, int]]:
    """Every sentence in an aligned pair: each target, and each place of a statement
    before the last article it has a match in."""
    last: dict[_Statement, int] = {}
    out: set[tuple[str, int]] = set()
    for link in alignment.links:
        last[link.a] = max(last.get(link.a, -1), link.targets[-1][0])
        out.update((t.article_id, t.index) for _j, t in link.targets)
    for st, j in last.items():
        out.update((s.article_id, s.index) for i, s in st.places if i < j)
    return out


def _agreement_groups(
    alignment: Alignment, in_conflict: set[tuple[str, int]]
) -> list[list[Sentence]]:
    """Sentences that state the same thing, as connected components over the aligned
    pairs that pass ``same_statement`` (neither side a side of a conflict), each group
    listed in the order ``align`` first pairs it. One union a place, not one a pair: the
    first place of a statement joins every target of its joining links after it, and each
    other place the first one when a target comes after it (the same components)."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(k: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(k, k) != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def union(a: Sentence, b: Sentence) -> None:
        parent[find((a.article_id, a.index))] = find((b.article_id, b.index))

    def valid(p: _Place) -> bool:
        return (p[1].article_id, p[1].start) not in in_conflict

    first_pair: dict[tuple[str, int], tuple[_Key, Sentence]] = {}
    for st, targets in _joining_targets(alignment).items():
        sources = [p for p in st.places if valid(p)]
        targets = [p for p in targets if valid(p)]
        for key, s in _firsts(sources, targets):
            k = (s.article_id, s.index)
            if k not in first_pair or key < first_pair[k][0]:
                first_pair[k] = (key, s)
        if not sources or not targets:
            continue
        i1, s1 = sources[0]
        for j, t in targets:
            if j > i1:
                union(s1, t)
        for i, s in sources[1:]:
            if i < targets[-1][0]:
                union(s, s1)  # s1 is joined to the last target, which is after s
    groups: dict[tuple[str, int], list[Sentence]] = defaultdict(list)
    for k, (_key, s) in sorted(first_pair.items(), key=lambda kv: kv[1][0]):
        groups[find(k)].append(s)
    return list(groups.values())


def _single_source(docs: Sequence[Document], aligned: set[tuple[str, int]]) -> list[Fact]:
    """Informative sentences aligned with nothing, the most names and numbers first, three
    an article at most; a sentence an article repeats (a paragraph printed twice) once."""
    scored: list[tuple[float, Sentence]] = []
    for d in docs:
        written: set[str] = set()
        for s in d.sentences:
            if (s.article_id, s.index) in aligned:
                continue
            toks = WORD.findall(s.text)
            if not 8 <= len(toks) <= 50 or '"' in s.text or "“" in s.text:
                continue
            again = " ".join(unicodedata.normalize("NFKC", s.text).casefold().split())
            if again in written:
                continue
            written.add(again)
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
    return single


def agreements_and_single(
    docs: Sequence[Document], alignment: Alignment, conflicts: Sequence[Conflict] = ()
) -> tuple[list[Fact], list[Fact]]:
    """Group sentences that state the same thing (connected components over pairs that pass
    ``same_statement``) into facts. A sentence that is a side of a reported conflict is
    not listed as agreement: the conflict section shows it with the other side."""
    in_conflict = {
        (c.article_id, c.start) for k in conflicts for f in k.statements for c in f.citations
    }
    order = _order(docs)
    agreements = [
        _in_order(_fact(sorted(g, key=lambda s: (order.get(s.article_id, 0), s.index))), order)
        for g in _agreement_groups(alignment, in_conflict)
        if len({s.article_id for s in g}) >= 2
    ]
    agreements.sort(key=lambda f: -len(f.citations))
    return agreements, _single_source(docs, _aligned(alignment))


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


_CAPS = re.compile(r"\b[A-Z][a-z]+")
_CAPTION = re.compile(r"\b(?:file )?photo\b|\bpictured\b", re.IGNORECASE)


def _ages(text: str) -> list[tuple[float, str, frozenset[str]]]:
    """Each age with the names right after it ("18-year-old student Hannah Graham")."""
    out = []
    for m in _AGE.finditer(text):
        raw = m.group(1).lower()
        n: float = int(raw) if raw.isdigit() else _NUM_VALUE[raw]
        if m.group(2):
            n += 0.5
        after = " ".join(text[m.end() :].split()[:6])
        out.append((n, m.group(0), frozenset(_CAPS.findall(after))))
    return out


def _month_days(text: str) -> list[tuple[tuple[int, int], str]]:
    out = []
    for m in _MONTH_DAY.finditer(text):
        day = int(m.group(2))
        if 1 <= day <= 31:
            out.append(((_MONTHS[m.group(1)[:3].lower()], day), m.group(0)))
    return out


# "9:06 a.m.", "11:30 p.m. ET": a clock time to the minute, with its zone when written
_CLOCK = re.compile(
    r"\b(\d{1,2}):([0-5]\d)\s*([ap])\.?\s?m\b\.?"
    r"(?:\s*\(?(ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|GMT|BST|UTC)\b)?",
    re.IGNORECASE,
)
# a page's own "Posted: Monday, June 23, 2014 11:03 PM EDT": when it was written
_STAMP = re.compile(r"\b(?:posted|updated|published|last modified)\b", re.IGNORECASE)
# a time or day after these words is a bound or a guess, not when the thing happened
_APPROX = fact_words("approx")
# words every report of an event shares whatever the event: not evidence of the same event
_GENERIC = fact_words("generic")


def _clock_times(text: str) -> list[tuple[int, str | None, str]]:
    """(minutes after midnight, zone, phrase) of each clock time to the minute."""
    out: list[tuple[int, str | None, str]] = []
    if ":" not in text:
        return out
    for m in _CLOCK.finditer(text):
        hour, minute = int(m.group(1)), int(m.group(2))
        if not 1 <= hour <= 12:
            continue
        before = WORD.findall(text[max(0, m.start() - 30) : m.start()])
        if before and before[-1].lower() in _APPROX:
            continue
        hour = hour % 12 + (12 if m.group(3).lower() == "p" else 0)
        zone = m.group(4).upper()[0] if m.group(4) else None
        out.append((hour * 60 + minute, zone, m.group(0)))
    return out


def _event_roots(text: str) -> frozenset[str]:
    """Lower-case content words, cut to their first six letters ("dispatched" and
    "Dispatchers" share "dispat"): what two statements of one event have in common beyond
    the names and numbers every sentence of the story shares."""
    return frozenset(
        w.lower()[:6]
        for i, w in enumerate(WORD.findall(text))
        if len(w) >= 5
        and (i == 0 or not w[:1].isupper())
        and w.lower() not in STOPWORDS
        and w.lower() not in _GENERIC
        and w.isalpha()
    )


def _time_conflicts(docs: Sequence[Document]) -> list[tuple[Sentence, str, Sentence, str]]:
    """Clock times a few minutes apart, one in each of two articles, for the same event:
    each sentence gives exactly one time to the minute (not "around", "before", "after"),
    they are 1-15 minutes apart in the same zone, the two sentences share an event word,
    and neither article gives the other's time anywhere (that is a timeline: call at 9:06,
    arrival at 9:11)."""
    per_doc: list[list[tuple[Sentence, int, str | None, str]]] = []
    all_times: list[set[int]] = []
    for d in docs:
        row = []
        times: set[int] = set()
        for s in d.sentences:
            found = _clock_times(s.text)
            times.update(t for t, _z, _p in found)
            if len(found) != 1 or len(_CLOCK.findall(s.text)) != 1:
                continue
            if not _CAPTION.search(s.text) and not _STAMP.search(s.text):
                row.append((s, *found[0]))
        per_doc.append(row)
        all_times.append(times)
    out = []
    for i, j, (sa, ta, za, pa), (sb, tb, zb, pb) in _across(per_doc):
        if not 1 <= abs(ta - tb) <= 15 or (za and zb and za != zb):
            continue
        if ta in all_times[j] or tb in all_times[i]:
            continue
        if _event_roots(sa.text) & _event_roots(sb.text):
            out.append((sa, pa, sb, pb))
    return out


# "his wife and daughters", "the victim's wife and two sons": a relative and the number
# of the others named with them
_KIN = re.compile(
    rf"\b({'|'.join(kin_words('first'))})\s+and\s+(?:(?:his|her|their)\s+)?"
    rf"(?:({_NUM_WORD}|\d{{1,2}})\s+)?"
    rf"({'|'.join(kin_words('others'))})\b",
    re.IGNORECASE,
)
_KIN_HINTS = kin_words("hint")  # lexicon/kin.txt, as the lists around
_KIN_WORDS = frozenset(k[:6] for k in kin_words("relative"))
_KIN_PLURALS = plurals("kin")  # lexicon/plurals.txt: "children" -> "child"


def _kin(text: str) -> list[tuple[str, str, int | None, str]]:
    """(first relative, the others singular, how many: 1, a number, None for a bare
    plural, phrase): "his wife and daughters" → ("wife", "daughter", None, ...)."""
    low = text.lower()
    if " and " not in low or not any(k in low for k in _KIN_HINTS):
        return []
    out = []
    for m in _KIN.finditer(text):
        first, num, other = m.group(1).lower(), m.group(2), m.group(3).lower()
        base = _KIN_PLURALS.get(other, other.rstrip("s"))
        n: int | None
        if num:
            n = int(num) if num.isdigit() else _NUM_VALUE[num.lower()]
        else:
            n = 1 if base == other else None
        out.append((first, base, n, m.group(0)))
    return out


def _kin_conflicts(docs: Sequence[Document]) -> list[tuple[Sentence, str, Sentence, str, str]]:
    """The same relatives named in two articles in different numbers ("his wife and
    daughters" / "the victim's wife and daughter"), in sentences that share what they did
    (an event word beyond the relatives: "discovered")."""
    found: list[list[tuple[Sentence, tuple[str, str, int | None, str]]]] = [
        [(s, k) for s in d.sentences for k in _kin(s.text)] for d in docs
    ]
    out = []
    for _i, _j, (sa, (fa, ba, na, pa)), (sb, (fb, bb, nb, pb)) in _across(found):
        if fa != fb or ba != bb or na == nb:
            continue
        if (na is None and nb is not None and nb > 1) or (nb is None and na is not None and na > 1):
            continue  # "daughters" and "two daughters" agree
        shared = (_event_roots(sa.text) & _event_roots(sb.text)) - _KIN_WORDS
        if shared:
            out.append((sa, pa, sb, pb, f"number of {bb}s ({fa} and {bb})"))
    return out


# how many people were hurt, whatever the word: "three people hurt" / "four people were
# shot" / "wounded two people" ("shot dead", "fatally shot" are deaths, not injuries)
_HURT = frozenset(casualty_words("hurt"))  # lexicon/casualties.txt, as the lists below
_HURT_VERB = re.compile(rf"\b(?:{'|'.join(casualty_words('hurt_verb'))})\s+$")
_KILLED = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:dead|killed|to death)\b|^\s*and\s+killed\b")
_PEOPLE = frozenset(casualty_words("person")) | _PERSON_NOUNS
_KILL = frozenset(casualty_words("kill"))
_CLAUSE = re.compile(r";|,\s+(?:and|but|while|whereas)\s+|\s+(?:while|whereas)\s+")


def _hurt_counts(text: str) -> list[tuple[str, int, str, frozenset[str]]]:
    """(noun, count, phrase, names of the clause) for each count of people hurt, one per
    clause at most: "A shooting in Middleton, Wisconsin, left three people hurt" →
    ("person", 3, "three people", {"Middleton", "Wisconsin"})."""
    low_text = text.lower()
    if not any(w in low_text for w in _HURT):
        return []
    out = []
    pos = 0
    for part in _CLAUSE.split(text):
        start = text.find(part, pos)
        pos = start + len(part)
        low = part.lower()
        found = []
        for m in _COUNT.finditer(low):
            raw = m.group(1).replace(",", "")
            if raw in ("a", "an", "one"):
                continue
            n = int(raw) if raw.isdigit() else _COUNT_WORDS.get(raw)
            noun = _IRREGULAR.get(m.group(2), stem(m.group(2)).rstrip("s"))
            if n is None or noun not in _PEOPLE:
                continue
            after = low[m.end() : m.end() + 40]
            nxt = [w for w in WORD.findall(after) if w not in STOPWORDS and w not in _FRAME_SKIP]
            verb_before = _HURT_VERB.search(low[: m.start()])
            prev = WORD.findall(low[max(0, m.start() - 20) : m.start()])
            if verb_before:  # "wounded four people"; not "fatally shot two men"
                hurt = not re.search(r"\b(?:fatally|killed)\s+$", low[: verb_before.start()])
                hurt = hurt and not _KILLED.match(after)  # "shot two people dead"
            elif (prev and prev[-1] in _KILL) or re.match(r"\s*(?:and|but)\b", after):
                continue  # "killed three people and wounded three others": the three died
            else:  # "three people hurt", "four people were shot"
                hurt = bool(nxt) and stem(nxt[0]) in _HURT
                if hurt and nxt[0] == "shot":
                    hurt = not _KILLED.match(after.split("shot", 1)[1])
            if hurt:
                noun = "person" if noun in _PERSON_NOUNS else noun
                found.append((noun, n, part[m.start() : m.end()]))
        if len(found) != 1:
            continue
        toks = WORD.findall(part)
        names = frozenset(
            t
            for i, t in enumerate(toks)
            if t[:1].isupper()
            and (i > 0 or start > 0)
            and t.lower() not in STOPWORDS
            and t.lower() not in WEEKDAYS
            and t.lower() not in MONTHS
        )
        if names:
            out.append((*found[0], names))
    return out


def _hurt_conflicts(docs: Sequence[Document]) -> list[tuple[Sentence, str, Sentence, str]]:
    """Different numbers of people hurt at the same named place in two articles: one such
    count in a clause, the two clauses naming the same place or organisation."""
    found = [[(s, h) for s in d.sentences for h in _hurt_counts(s.text)] for d in docs]
    out = []
    for _i, _j, (sa, (noun_a, na, pa, names_a)), (sb, (noun_b, nb, pb, names_b)) in _across(found):
        if noun_a == noun_b and na != nb and names_a & names_b:
            out.append((sa, pa, sb, pb))
    return out


# a run of capitalised words: "Dimitri Olivares", "Federal Law Enforcement Officers Association"
_NAME_RUN = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)?(?: [A-Z][a-z]+(?:[A-Z][a-z]+)?)+\b")
# spelling conventions, not different names: Centre/Center, Defence/Defense, Organisation/
# Organization, Advisors/Advisers, Morsy/Morsi
_CONVENTIONS = (
    (re.compile(r"tre\b"), "ter"),
    (re.compile(r"ence\b"), "ense"),
    (re.compile(r"is(e|ed|es|ing|ation|ations)\b"), r"iz\1"),
    (re.compile(r"our"), "or"),
    (re.compile(r"ors\b|ers\b"), "ers"),
    (re.compile(r"or\b|er\b"), "er"),
    (re.compile(r"y"), "i"),
)
_LOWER_WORD = re.compile(r"\b[a-z]+\b")


def _convention(word: str) -> str:
    w = word.lower()
    for pattern, repl in _CONVENTIONS:
        w = pattern.sub(repl, w)
    return w


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-2] if word.endswith(("ses", "xes", "ches", "shes")) else word.rstrip("s")


def _edit_distance(a: str, b: str) -> int:
    """Levenshtein distance with transpositions of neighbours (short words only)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]


def _variant(x: str, y: str) -> bool:
    """Whether two different words of a longer name are one name written two ways:
    another form of the same word ("Officials" / "Officers"). Not a plural or possessive
    (one a prefix of the other, "Liberty" / "Liberties"), not a spelling convention
    ("Centre" / "Center", "Morsy" / "Morsi"), not a body and its officer ("Administration" /
    "Administrator")."""
    a, b = x.lower(), y.lower()
    if len(a) < 4 or len(b) < 4 or a[:3] != b[:3] or a.startswith(b) or b.startswith(a):
        return False
    if _convention(a) == _convention(b) or _singular(a) == _singular(b):
        return False
    if a.endswith("ion") != b.endswith("ion"):
        return False  # a body and one of its people: "Administration" / "Administrator"
    return _edit_distance(a, b) >= 3 and a[:4] == b[:4]


def _name_conflicts(docs: Sequence[Document]) -> list[tuple[Sentence, str, Sentence, str]]:
    """A name written differently by two articles, each keeping to its own spelling: a
    name of three words or more with one word in another form ("Federal Law Enforcement
    Officials Association" / "... Officers Association"). Not a known place or
    organisation, and not a lone slip against three or more articles that agree."""
    gaz = gazetteer()
    runs: list[dict[tuple[str, ...], int]] = []
    for d in docs:
        found: dict[tuple[str, ...], int] = {}
        for m in _NAME_RUN.finditer(d.article.text):
            found.setdefault(tuple(m.group(0).split()), m.start())
        runs.append(found)
    # candidates meet in buckets: (first name, surname's first letters) for people,
    # (the name with one word left out, that word's first letters) for longer names
    # (article, name, which word differs: -1 for a surname)
    buckets: dict[tuple[str, ...], list[tuple[int, tuple[str, ...], int]]] = defaultdict(list)
    for di, found in enumerate(runs):
        for run in found:
            if len(run) >= 3:
                for k in range(1, len(run)):
                    if len(run[k]) >= 4:
                        key = (*run[:k], "", *run[k + 1 :], run[k][:4])
                        buckets[key].append((di, run, k))
    texts = [d.article.text for d in docs]
    out = []
    seen: set[frozenset[str]] = set()
    rejected: set[frozenset[str]] = set()
    words: dict[str, re.Pattern[str]] = {}

    def word(w: str) -> re.Pattern[str]:
        if w not in words:
            words[w] = re.compile(rf"\b{re.escape(w)}\b")
        return words[w]

    for members in buckets.values():
        if len(members) < 2 or members[0][0] == members[-1][0]:
            continue  # one article alone (members are in article order)
        if all(run == members[0][1] for _di, run, _k in members):
            continue  # one name copied by every article: no pair of two ways to write it
        for i, (da, ra, k) in enumerate(members):
            for db, rb, _k in members[i + 1 :]:
                if da == db or ra == rb:
                    continue
                x, y = ra[k], rb[k]
                name_a, name_b = " ".join(ra), " ".join(rb)
                pair = frozenset((name_a, name_b))
                if pair in seen or pair in rejected:
                    continue  # decided: the rest depends on the names alone
                if not _variant(x, y) or any(
                    n in gaz.places or n in gaz.organizations for n in pair
                ):
                    rejected.add(pair)
                    continue
                wx, wy = word(x), word(y)
                if wy.search(texts[da]) or wx.search(texts[db]):
                    continue  # an article that writes both ways does not disagree
                nx = sum(1 for t in texts if wx.search(t))
                ny = sum(1 for t in texts if wy.search(t))
                if min(nx, ny) == 1 and max(nx, ny) >= 3:
                    rejected.add(pair)
                    continue  # a slip against the rest
                seen.add(pair)
                sa = _sentence_at(docs[da], runs[da][ra])
                sb = _sentence_at(docs[db], runs[db][rb])
                if sa is not None and sb is not None:
                    out.append((sa, name_a, sb, name_b))
    return out


def _sentence_at(doc: Document, pos: int) -> Sentence | None:
    for s in doc.sentences:
        if s.start <= pos < s.end:
            return s
    return None


# how far someone fell: "Cummings dropped nine stories" / "slipped 25 feet" (metres, low and
# high: a storey is three to four and a half metres)
_FALL = re.compile(
    r"\b(?:fell|fallen|falling|dropped|plunged|plunging|plummeted|plummeting|tumbled|"
    r"tumbling|slipped)\b((?:\s+[\w’'-]+){0,3}?)\s+"
    r"(?:(?:about|some|nearly|almost|around|roughly|approximately)\s+)?"
    rf"(\d[\d,]*|{_NUM_WORD})[- ](feet|foot|ft|stories|storeys|floors|metres|meters)\b",
    re.IGNORECASE,
)
_FALL_UNIT = {
    "feet": (0.3048, 0.3048),
    "foot": (0.3048, 0.3048),
    "ft": (0.3048, 0.3048),
    "stories": (3.0, 4.5),
    "storeys": (3.0, 4.5),
    "floors": (3.0, 4.5),
    "metres": (1.0, 1.0),
    "meters": (1.0, 1.0),
}
# bounds and other measures between the verb and the figure: not how far the fall was
_FALL_BOUND = fact_words("fall_bound")
# what else falls or drops by so many feet: a level, an aircraft, a price (not a person)
_FALL_OTHER = fact_words("fall_other")
# cheap tests before the expression: a verb of falling and a unit somewhere in the text
_FALL_HINTS = ("fell", "fall", "dropp", "plung", "plumm", "tumbl", "slipp")
_FALL_UNITS = ("feet", "foot", "ft", "stor", "floors", "metres", "meters")


def _fall_hint(text: str) -> bool:
    low = text.lower()
    return any(v in low for v in _FALL_HINTS) and any(u in low for u in _FALL_UNITS)


def _falls(text: str) -> list[tuple[float, float, str, int]]:
    """(metres low, high, the distance as written, where the verb is) of each fall."""
    if not _fall_hint(text):
        return []
    out = []
    for m in _FALL.finditer(text):
        if _FALL_BOUND & {w.lower() for w in WORD.findall(m.group(1))}:
            continue
        if _FALL_OTHER & {w.lower() for w in WORD.findall(text)}:
            break
        raw = m.group(2).lower().replace(",", "")
        n = int(raw) if raw.isdigit() else _NUM_VALUE[raw]
        lo, hi = _FALL_UNIT[m.group(3).lower()]
        out.append((n * lo, n * hi, m.group(0)[m.start(2) - m.start() :], m.start()))
    return out


def _fall_conflicts(docs: Sequence[Document]) -> list[tuple[Sentence, str, Sentence, str]]:
    """How far a named person fell, given in two articles at least twice apart (after
    turning feet and storeys into metres): one distance in each sentence, the two sentences
    naming the same person, and neither article giving a distance near the other's."""
    falls = [
        [(s, f[0]) for s in d.sentences if len(f := _falls(s.text)) == 1]
        if _fall_hint(d.article.text)
        else []
        for d in docs
    ]
    if sum(1 for row in falls if row) < 2:
        return []
    common = {w for d in docs for w in _LOWER_WORD.findall(d.article.text)}

    def names(s: Sentence, verb: int) -> frozenset[str]:
        """Who fell: the names before the verb, not one in the possessive ("the day
        before Buckley's death, Duncan Rait fell")."""
        return frozenset(
            m.group(0)
            for m in _CAPS.finditer(s.text[:verb])
            if m.group(0).lower() not in common
            and m.group(0).lower() not in STOPWORDS
            and not re.match(r"\s?['’]\s?s\b", s.text[m.end() : m.end() + 4])
        )

    found = [[(s, lo, hi, p, names(s, at)) for s, (lo, hi, p, at) in row] for row in falls]

    def near(
        lo: float, hi: float, row: list[tuple[Sentence, float, float, str, frozenset[str]]]
    ) -> bool:
        return any(lo <= 2 * h_b and lo_b <= 2 * hi for _s, lo_b, h_b, _p, _n in row)

    out = []
    for i, j, (sa, lo_a, hi_a, pa, names_a), (sb, lo_b, hi_b, pb, names_b) in _across(found):
        if hi_a * 2 >= lo_b and hi_b * 2 >= lo_a:
            continue  # within a factor of two: "about 60 metres" / "200 feet"
        if near(lo_a, hi_a, found[j]) or near(lo_b, hi_b, found[i]):
            continue
        if names_a & names_b:
            out.append((sa, pa, sb, pb))
    return out


def _names(text: str, common: set[str]) -> frozenset[str]:
    """Capitalised words of a sentence that name someone or something: not a stopword,
    month or weekday, and not a word the cluster also writes in lower case ("Police");
    a possessive counts as the name ("Cruz's" → "Cruz")."""
    out = set()
    for t in WORD.findall(text):
        t = re.sub(r"['’]s$", "", t)
        low = t.lower()
        if (
            t[:1].isupper()
            and len(t) >= 3
            and low not in STOPWORDS
            and low not in MONTHS
            and low not in WEEKDAYS
            and low not in common
        ):
            out.add(t)
    return frozenset(out)


def _common_words(docs: Sequence[Document]) -> set[str]:
    return {w for d in docs for w in _LOWER_WORD.findall(d.article.text)}


# "in February 1983", "May 2014", "Sept. 2010": a month of a year (not a day: "5 May 2014",
# looked for by hand, as a look-behind would slow the search tenfold)
_MONTH_YEAR = re.compile(
    r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?,?\s+(?:of\s+)?"
    r"((?:19|20)\d\d)\b(?![-–]\d)"
)


def _month_years(text: str) -> list[tuple[int, int, str, bool]]:
    """(where, months since year 0, phrase, whether it is a bound or guess: "since May
    2014", "until April 2014") of each month of a year."""
    out = []
    for m in _MONTH_YEAR.finditer(text):
        start = m.start()
        if start and (text[start - 1].isalnum() or re.match(r"\d\s", text[start - 2 : start])):
            continue  # inside a word, or a day before it
        month = _MONTHS[m.group(1)[:3].lower()]
        before = WORD.findall(text[max(0, start - 30) : start])
        bounded = bool(before) and before[-1].lower() in _APPROX
        out.append((start, int(m.group(2)) * 12 + month - 1, m.group(0), bounded))
    return out


def _month_year_conflicts(docs: Sequence[Document]) -> list[tuple[Sentence, str, Sentence, str]]:
    """The month of one event given a month or a year apart by two articles ("named
    police chief in May 2014" / "In April 2014, Johnson donned the four gold stars";
    "one day in February 1983, Cruz" / "one day in February 1982, ... Cruz's mother"):
    each sentence gives one month of a year (not "since", "until", "before"), the two
    sentences name the same person or place, and no article of the cluster gives both
    months (then they are two events of a story: "arrested in May, charged in June")."""
    per_doc: list[list[tuple[Sentence, int, str]]] = []
    written: list[set[int]] = []
    for d in docs:
        found = _month_years(d.article.text)
        written.append({t for _at, t, _p, _b in found})
        by_sentence: dict[int, list[tuple[int, str, bool]]] = defaultdict(list)
        for at, t, phrase, bounded in found:
            s = _sentence_at(d, at)
            if s is not None:
                by_sentence[s.index].append((t, phrase, bounded))
        row = []
        for s in d.sentences:
            here = by_sentence.get(s.index)
            if not here or len(here) != 1 or here[0][2]:
                continue
            if not _CAPTION.search(s.text) and not _STAMP.search(s.text):
                row.append((s, here[0][0], here[0][1]))
        per_doc.append(row)
    if sum(1 for row in per_doc if row) < 2:
        return []
    common = _common_words(docs)
    out = []
    for _i, _j, (sa, ta, pa), (sb, tb, pb) in _across(per_doc):
        if abs(ta - tb) != 1 and abs(ta - tb) != 12:
            continue  # next month, or the same month a year apart
        if any(ta in w and tb in w for w in written):
            continue  # an article that gives both months tells two events
        if _names(sa.text, common) & _names(sb.text, common):
            out.append((sa, pa, sb, pb))
    return out


# "his four half-siblings", "lived with his mother, stepfather and five half-siblings",
# "Smith's three children": how many brothers, sisters or children someone has
_FAMILY = re.compile(
    rf"\b(?:(the|these|those|of)\s+)?({_NUM_WORD}|\d{{1,2}})\s+"
    r"(?:(?:young|younger|older|adult|grown|surviving|biological)\s+)?"
    rf"((?:half|step)-?)?({'|'.join(kin_words('family'))})\b",
    re.IGNORECASE,
)
_NUMBER_NEAR = re.compile(rf"\d|\b(?:{_NUM_WORD})\b")
# the relatives' words as words or after "half-": not "persons", "reasons"
_FAMILY_HINTS = tuple(p + w for w in kin_words("family_hint") for p in (" ", "-"))
_NUMBER_ROOTS = frozenset(w[:6] for w in _NUM_VALUE) | {"dozen", "hundre", "thousa", "millio"}
# "the youngest of five children", "one of four siblings": the family one was born into
_ONE_OF = re.compile(r"\b(?:one|youngest|oldest|eldest|middle|second|third)\s*$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"\b(?:his|her|their)\b|\w['’]s\b", re.IGNORECASE)


def _family_sentences(d: Document) -> set[int]:
    """Which sentences of an article name brothers, sisters or children (all when the
    lower-case text cannot be mapped back), found in one search of the whole text."""
    text = d.article.text
    low = text.lower()
    hits = []
    for word in _FAMILY_HINTS:  # plain string search: far faster than an expression
        at = low.find(word)
        while at >= 0:
            if _NUMBER_NEAR.search(low, max(0, at - 30), at):  # a number just before
                hits.append(at)
            at = low.find(word, at + 1)
    if not hits or len(low) != len(text):
        return {s.index for s in d.sentences} if hits else set()
    return {s.index for at in hits if (s := _sentence_at(d, at)) is not None}


def _family_counts(text: str) -> list[tuple[str, int, str, bool]]:
    """(relatives, how many, phrase, whether they are someone's: "his", "Cruz's" a few
    words before, not "the three brothers", not one of the relatives counted by ``_kin``)."""
    low = text.lower()
    if not any(k in low for k in _FAMILY_HINTS):
        return []
    kin_spans = [(m.start(), m.end()) for m in _KIN.finditer(text)]
    out = []
    for m in _FAMILY.finditer(text):
        raw = m.group(2).lower()
        n = int(raw) if raw.isdigit() else _NUM_VALUE[raw]
        noun = ((m.group(3) or "").rstrip("-") + "-" + m.group(4)).lower().lstrip("-")
        before = text[max(0, m.start() - 40) : m.start()]
        before = re.split(r"[.;:!?()\"“”]", before)[-1]
        if m.group(1):  # "the three brothers" are a set; "youngest of five children" a family
            owned = m.group(1).lower() == "of" and bool(_ONE_OF.search(before))
        else:  # "his four half-siblings", not "his wife and two sons" (``_kin`` counts those)
            owned = bool(_POSSESSIVE.search(" ".join(before.split()[-6:]))) and not any(
                a <= m.start() < b for a, b in kin_spans
            )
        out.append((noun, n, text[m.start(2) : m.end()], owned))
    return out


def _family_conflicts(docs: Sequence[Document]) -> list[tuple[Sentence, str, Sentence, str, str]]:
    """How many brothers, sisters or children a named person has, given differently by two
    articles ("his four half-siblings" / "five half-siblings"): each article gives one
    number of those relatives, both as someone's, in sentences naming the same person
    and sharing what they did beyond the relatives ("lived")."""
    found: list[list[tuple[Sentence, str, int, str]]] = []
    values: list[dict[str, set[int]]] = []
    hinted = [_family_sentences(d) for d in docs]
    if sum(1 for h in hinted if h) < 2:
        return []
    for d, hint in zip(docs, hinted, strict=True):
        row = []
        by: dict[str, set[int]] = defaultdict(set)
        for s in d.sentences if hint else ():
            if s.index not in hint:
                continue
            for noun, n, phrase, owned in _family_counts(s.text):
                by[noun].add(n)
                if owned:
                    row.append((s, noun, n, phrase))
        found.append(row)
        values.append(by)
    if sum(1 for row in found if row) < 2:
        return []
    common = _common_words(docs)
    out = []
    for i, j, (sa, noun, na, pa), (sb, noun_b, nb, pb) in _across(found):
        if noun != noun_b or na == nb:
            continue
        if len(values[i][noun]) != 1 or len(values[j][noun]) != 1:
            continue  # an article with two numbers counts two families
        shared = _names(sa.text, common) & _names(sb.text, common)
        events = (_event_roots(sa.text) & _event_roots(sb.text)) - _KIN_WORDS
        events -= {noun[:6], noun.split("-")[-1][:6]}
        events -= _NUMBER_ROOTS
        if shared and events:
            who = sorted(shared)[0]
            out.append((sa, pa, sb, pb, f"number of {noun} ({who})"))
    return out


# "ordered to pay $33.5 million", "ordered Simpson to pay $25 million in punitive damages":
# what a court ordered someone to pay (a bound, "more than $1 million", is not a figure)
_ORDERED_PAY = re.compile(
    r"\b(?:ordered|sentenced)\s+(?:(?:him|her|them|it|[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})"
    r"\s+)?to\s+pay\s+(?:(a\s+total\s+of|about|nearly|almost|around|roughly|approximately|"
    r"more\s+than|over|up\s+to|at\s+least|less\s+than|an\s+additional|another)\s+)?"
    r"(?:US)?\$\s?(\d[\d,]*(?:\.\d+)?)(?:\s+(million|billion|thousand))?"
    r"(?:\s+in\s+(punitive|compensatory)\b)?"
)
_MULTIPLIER = {None: 1.0, "thousand": 1e3, "million": 1e6, "billion": 1e9}


def _ordered_payments(text: str) -> list[tuple[float, str, str | None, bool]]:
    """(amount in dollars, phrase, kind of damages if named, whether a bound)."""
    if "pay" not in text:
        return []
    out = []
    for m in _ORDERED_PAY.finditer(text):
        amount = float(m.group(2).replace(",", "")) * _MULTIPLIER[m.group(3)]
        dollar = text.rfind("$", m.start(), m.start(2))
        phrase = text[dollar : m.end(3) if m.group(3) else m.end(2)]
        out.append((amount, phrase, m.group(4), bool(m.group(1))))
    return out


def _payment_conflicts(docs: Sequence[Document]) -> list[tuple[Sentence, str, Sentence, str]]:
    """What a court ordered someone to pay, given differently by two articles ("$33.5
    million" / "$25 million"): one amount in each article, more than rounding apart (a
    twentieth), in sentences naming the same person and sharing another word of the case
    ("civil", "families"); not two kinds of damages each named ("punitive" /
    "compensatory")."""
    found: list[list[tuple[Sentence, float, str, str | None]]] = []
    amounts: list[set[float]] = []
    for d in docs:
        row = []
        seen: set[float] = set()
        for s in d.sentences:
            for amount, phrase, damages, bound in _ordered_payments(s.text):
                seen.add(amount)
                if not bound:
                    row.append((s, amount, phrase, damages))
        found.append(row)
        amounts.append(seen)
    if sum(1 for row in found if row) < 2:
        return []
    common = _common_words(docs)
    case_words = {"ordere", "senten", "millio", "billio", "thousa"}
    out = []
    for i, j, (sa, va, pa, ka), (sb, vb, pb, kb) in _across(found):
        if len(amounts[i]) != 1 or len(amounts[j]) != 1:
            continue
        if max(va, vb) <= min(va, vb) * 1.05 or (ka and kb and ka != kb):
            continue
        events = (_event_roots(sa.text) & _event_roots(sb.text)) - case_words
        events -= _NUMBER_ROOTS
        if events and _names(sa.text, common) & _names(sb.text, common):
            out.append((sa, pa, sb, pb))
    return out


def _framed_counts(text: str) -> list[tuple[str, str, int, str]]:
    """(noun, the next content word, count, phrase): "Four people are in custody" →
    ("person", "custody", 4, "Four people"). The frame word keeps counts of different
    things apart ("two women arrested" / "three women injured")."""
    out = []
    low = text.lower()
    for m in _COUNT.finditer(low):
        raw = m.group(1).replace(",", "")
        if raw in ("a", "an", "one"):
            continue  # "a man" is an article more often than a count
        n = int(raw) if raw.isdigit() else _COUNT_WORDS.get(raw)
        if n is None:
            continue
        noun = _IRREGULAR.get(m.group(2), stem(m.group(2)).rstrip("s"))
        nxt = [
            w
            for w in WORD.findall(low[m.end() : m.end() + 60])
            if w not in STOPWORDS and w not in _FRAME_SKIP
        ]
        if not nxt:
            continue
        frame = stem(nxt[0])
        if noun in _PERSON_NOUNS or (noun == "suspect" and frame in _HELD):
            noun = "person"  # "three suspects in custody" are "three people in custody"
        out.append((noun, frame, n, text[m.start() : m.end()]))
    zero_hint = any(w in low for w in ("arrests", "injuries", "no one", "nobody", "no-one"))
    for m in _ZERO.finditer(low) if zero_hint else ():
        if m.group(1):  # "No arrests"
            out.append(("person", _ZERO_FRAME[m.group(1)], 0, text[m.start() : m.end(1)]))
        else:  # "no one was injured"
            out.append(("person", stem(m.group(2)), 0, text[m.start() : m.end()]))
    return out


def _side(conflict_sides: dict[str, list[Sentence]], value: str, s: Sentence) -> None:
    if all(x.article_id != s.article_id for x in conflict_sides[value]):
        conflict_sides[value].append(s)


def _value_conflicts(
    pairs: Sequence[tuple[Sentence, Sentence, float]], docs: Sequence[Document]
) -> list[Conflict]:
    """Ages, days of the month and framed counts that differ between sources."""
    out: list[Conflict] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: str, what: str, a: Sentence, va: str, b: Sentence, vb: str) -> None:
        key = (what, "|".join(sorted((va.lower(), vb.lower()))))
        if key in seen:
            return
        seen.add(key)
        first, second = sorted(((a, va), (b, vb)), key=lambda x: x[0].article_id)
        out.append(
            Conflict(
                kind,  # type: ignore[arg-type]
                what,
                (_fact([first[0]]), _fact([second[0]])),
                (first[1], second[1]),
            )
        )

    for a, b, sim in pairs:
        # ages: each statement gives exactly one, and they differ
        # (named people right after the two ages must not differ: two victims' ages)
        aa, ab = _ages(a.text), _ages(b.text)
        if len(aa) == 1 and len(ab) == 1 and aa[0][0] != ab[0][0]:
            names_a, names_b = aa[0][2], ab[0][2]
            if not (names_a and names_b and len(names_a & names_b) * 2 < len(names_a | names_b)):
                add("number", "age", a, aa[0][1], b, ab[0][1])
        # days: closely aligned statements that each name exactly one day, a few days apart
        # (months apart, they are far more often two events than one misdated); photo
        # captions are left out, they date the picture
        if sim >= DATE_ALIGN and not (_CAPTION.search(a.text) or _CAPTION.search(b.text)):
            da, db = _month_days(a.text), _month_days(b.text)
            if len(da) == 1 and len(db) == 1 and da[0][0] != db[0][0]:
                (ma, xa), (mb, xb) = da[0][0], db[0][0]
                if abs((ma * 31 + xa) - (mb * 31 + xb)) <= 7:
                    add("date", "date", a, da[0][1], b, db[0][1])
    for sa, pa, sb, pb in _time_conflicts(docs):
        add("date", "time", sa, pa, sb, pb)
    hurt_sides: set[tuple[str, int]] = set()
    for sa, pa, sb, pb in _hurt_conflicts(docs):
        add("count", "number of people hurt", sa, pa, sb, pb)
        hurt_sides.update((s.article_id, s.start) for s in (sa, sb))
    for sa, pa, sb, pb, what in _kin_conflicts(docs):
        add("count", what, sa, pa, sb, pb)
    for sa, pa, sb, pb in _name_conflicts(docs):
        add("name", "name", sa, pa, sb, pb)
    for sa, pa, sb, pb in _fall_conflicts(docs):
        add("number", "how far the fall was", sa, pa, sb, pb)
    for sa, pa, sb, pb in _month_year_conflicts(docs):
        add("date", "month", sa, pa, sb, pb)
    for sa, pa, sb, pb, what in _family_conflicts(docs):
        add("count", what, sa, pa, sb, pb)
    for sa, pa, sb, pb in _payment_conflicts(docs):
        add("number", "amount ordered paid", sa, pa, sb, pb)
    # counts framed the same way anywhere in two articles ("three people in custody")
    framed: dict[tuple[str, str], dict[int, Sentence]] = defaultdict(dict)
    label: dict[tuple[str, str, int], str] = {}
    for d in docs:
        for s in d.sentences:
            for noun, frame, n, phrase in _framed_counts(s.text):
                if n not in framed[(noun, frame)]:
                    framed[(noun, frame)][n] = s
                    label[(noun, frame, n)] = phrase
    for (noun, frame), by_value in framed.items():
        if len(by_value) != 2:
            continue  # one value agrees; three or more is a running count, not a conflict
        (na, sa), (nb, sb) = sorted(by_value.items())
        if sa.article_id == sb.article_id:
            continue
        if frame in _HURT and {(sa.article_id, sa.start), (sb.article_id, sb.start)} & hurt_sides:
            continue  # the count of people hurt at one place already reports it
        what = f"number of {_PLURAL.get(noun, noun + 's')} ({frame})"
        add("count", what, sa, label[(noun, frame, na)], sb, label[(noun, frame, nb)])
    return out


def _merge(conflicts: list[Conflict]) -> list[Conflict]:
    """One conflict per disagreement: "2" / "2½" / "3" years old from three outlets is one
    conflict with three sides, not three pairs."""
    out: list[Conflict] = []
    for c in conflicts:
        keys = {f.citations[0] for f in c.statements}
        for i, o in enumerate(out):
            if (
                o.kind == c.kind
                and o.what == c.what
                and keys & {f.citations[0] for f in o.statements}
            ):
                sides = dict(zip(o.statements, o.values, strict=True))
                for f, v in zip(c.statements, c.values, strict=True):
                    if all(x.citations[0] != f.citations[0] for x in sides):
                        sides[f] = v
                ordered = sorted(sides.items(), key=lambda x: x[0].citations[0].article_id)
                out[i] = Conflict(
                    o.kind, o.what, tuple(f for f, _ in ordered), tuple(v for _, v in ordered)
                )
                break
        else:
            out.append(c)
    return out


def _reading(fn: Callable[[str], _T]) -> Callable[[_Statement], _T]:
    """``fn`` of a statement's text, read once a statement for one call."""
    memo: dict[_Statement, _T] = {}

    def read(st: _Statement) -> _T:
        if st not in memo:
            memo[st] = fn(st.text)
        return memo[st]

    return read


_Charges = Callable[[_Statement], "tuple[frozenset[str], str] | None"]


def _join_charges(alignment: Alignment, charges: dict[str, list[Sentence]], read: _Charges) -> None:
    """Aligned partners that say the same as one side join it (more citations), pair by
    pair in ``align``'s order, over the links whose statements both name a charge."""
    links = [link for link in alignment.links if read(link.a) and read(link.b)]
    members = {s for ss in charges.values() for s in ss}
    for _key, a, b, link in _merged(links):
        for x, y, gy in ((a, b, read(link.b)), (b, a, read(link.a))):
            key = ",".join(sorted(gy[0])) if gy else ""
            side = charges.get(key) if x in members else None
            if side is not None and all(s.article_id != y.article_id for s in side):
                side.append(y)
                members.add(y)


def _aligned_conflicts(alignment: Alignment) -> list[Conflict]:
    """Counts of the same noun and allegations that differ between aligned sentences.
    Each sentence of a disagreeing link is taken at its first pair: what taking every pair
    in turn would add to the sides (a side keeps the first sentence of each article)."""
    counts_of, charges_of = _reading(_counts), _reading(_charges)
    counts: dict[str, dict[str, list[Sentence]]] = defaultdict(lambda: defaultdict(list))
    count_label: dict[tuple[str, str], str] = {}
    charges: dict[str, list[Sentence]] = defaultdict(list)
    charge_label: dict[str, str] = {}
    events: list[tuple[_Key, Sentence, _Statement, list[str], bool]] = []
    for link in alignment.links:
        ca, cb = counts_of(link.a), counts_of(link.b)
        nouns = sorted(n for n in ca.keys() & cb.keys() if ca[n][0] != cb[n][0])
        ga, gb = charges_of(link.a), charges_of(link.b)
        charged = bool(ga and gb and ga[0] != gb[0])
        if nouns or charged:
            for pos, s in _firsts(link.a.places, link.targets):
                events.append((pos, s, link.b if pos[3] else link.a, nouns, charged))
    for _key, s, st, nouns, charged in sorted(events, key=itemgetter(0)):
        c = counts_of(st)
        for noun in nouns:
            value = str(c[noun][0])
            _side(counts[noun], value, s)
            count_label.setdefault((noun, value), c[noun][1])
        g = charges_of(st)
        if charged and g:
            key = ",".join(sorted(g[0]))
            _side(charges, key, s)
            charge_label.setdefault(key, g[1])
    out: list[Conflict] = []
    for noun, sides in counts.items():
        if len(sides) < 2:
            continue
        values = tuple(count_label[(noun, v)] for v in sides)
        facts = tuple(_fact(ss) for ss in sides.values())
        out.append(Conflict("count", f"number of {_PLURAL.get(noun, noun + 's')}", facts, values))
    if len(charges) >= 2:
        _join_charges(alignment, charges, charges_of)
        values = tuple(charge_label[k] for k in charges)
        facts = tuple(_fact(ss) for ss in charges.values())
        out.append(Conflict("characterisation", "what the allegations are", facts, values))
    return out


def find_conflicts(alignment: Alignment, docs: Sequence[Document] = ()) -> list[Conflict]:
    """Disagreements between aligned sentences of different articles (precision first)."""
    out = _aligned_conflicts(alignment)
    counted = {k.what for k in out}
    cited = {c for k in out for f in k.statements for c in f.citations}
    # all pairs of a link read the same, so its first pair is the one that can report;
    # and only statements that each give one age or one day can disagree on them
    ages_of, days_of = _reading(_ages), _reading(_month_days)
    firsts = sorted(
        (
            ((i, s.index, link.targets[0][0]), s, link)
            for link in alignment.links
            if len(ages_of(link.a)) == len(ages_of(link.b)) == 1
            or len(days_of(link.a)) == len(days_of(link.b)) == 1
            for i, s in link.a.places[:1]
        ),
        key=itemgetter(0),
    )
    pairs = [(s, link.targets[0][1], link.sim) for _key, s, link in firsts]
    for k in _merge(_value_conflicts(pairs, docs)):
        # the aligned count above already reports it: a framed count of that noun, or the
        # people hurt in the very statements it cites
        same_noun = k.kind == "count" and any(k.what.startswith(w + " ") for w in counted)
        if same_noun and (
            k.what.endswith(")") or {c for f in k.statements for c in f.citations} & cited
        ):
            continue
        out.append(k)
    order = _order(docs)
    if not order:
        return out
    ordered = []
    for k in out:
        sided = sorted(
            zip((_in_order(f, order) for f in k.statements), k.values, strict=True),
            key=lambda x: order.get(x[0].citations[0].article_id, 0),
        )
        ordered.append(
            Conflict(k.kind, k.what, tuple(f for f, _ in sided), tuple(v for _, v in sided))
        )
    return ordered
