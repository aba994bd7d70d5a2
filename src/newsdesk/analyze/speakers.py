"""The learned speaker ranker: of the people and organisations named near a quotation,
which one said it?

The rules in :mod:`newsdesk.analyze.quotes` find each quotation and propose a speaker. This
module then lists every name near the quotation (a window of paragraphs before it and the
rest of its paragraph after it) as a candidate and describes each with one row of
features: how far it is from the quotation and on which side, whether a speech verb, a
dash or "according to" joins it to the quotation, whether it opens its sentence, how often
the article names it, whether it spoke the quotation before, whether a "he"/"she" next to
the quotation fits its gender, and whether the rules chose it. A LightGBM model trained by
``scripts/train_speaker.py`` on PolNeAR's training articles (hand-annotated attributions)
turns each row into the probability that the candidate is the speaker; the best candidate
fills a gap the rules left (no speaker, no unnamed source) when it clears the guards of
:class:`SpeakerModel` and the model's threshold (chosen from out-of-fold predictions on the
training articles, each article wholly in one fold, and stored in the model card; PolNeAR's
development articles only report). It ships as ``newsdesk/data/speaker.lgb.txt`` with
``speaker.card.json`` beside it.
"""

from __future__ import annotations

import bisect
import json
import math
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..lexicon import name_words, speech_verb_pattern
from ..model import Attribution
from .entities import RawMention

if TYPE_CHECKING:
    from .quotes import QuoteSpan

__all__ = [
    "FEATURES",
    "GAP_GUARDS",
    "LEARNED_RANKER",
    "MODEL_PATH",
    "CARD_PATH",
    "Candidate",
    "SpeakerChooser",
    "SpeakerModel",
    "candidates",
    "load_speaker_model",
    "rerank",
]

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "speaker.lgb.txt"
CARD_PATH = MODEL_PATH.with_name("speaker.card.json")
#: what QuoteSpan.rule names when the ranker gave the speaker
LEARNED_RANKER = "learned ranker"

FEATURES = (
    "log_chars_before",
    "log_chars_after",
    "paragraphs_before",
    "quotes_between",
    "same_sentence_after",
    "same_paragraph",
    "verb_after_name",
    "verb_before_name",
    "dash_before_name",
    "according_to",
    "colon_after_sentence",
    "opens_sentence",
    "is_person",
    "has_title",
    "name_words",
    "mentions_before",
    "mentions_all",
    "recency_rank",
    "rule_choice",
    "rule_has_speaker",
    "spoke_previous_quote",
    "spoke_before",
    "pronoun_next_to_quote",
    "gender_fits",
    "gender_rank",
    "quote_words",
    "paragraph_opens_with_quote",
    "candidates",
    "rule_how",
    "all_caps",
    "log_first_offset",
    "mention_share",
    "log_verb_occurrence_before",
    "log_verb_occurrence_after",
    "subject_rank",
    "stands_alone",
)
#: what the best candidate must be to fill a gap: in the quotation's paragraph, a person,
#: and the quotation its own sentence (never words quoted inside narration)
GAP_GUARDS = ("same_paragraph", "is_person", "stands_alone")
_GUARDS = tuple(FEATURES.index(f) for f in GAP_GUARDS)
_HOW_CODE = {"named": 1.0, "description": 2.0, "pronoun": 3.0, "context": 4.0}

_BEFORE = 700  # characters before the quotation that may hold its speaker
_AFTER = 250  # characters after it
_MISSING = 9.0  # log distance of a side the candidate is not on
_SPEECH = re.compile(rf"(?:{speech_verb_pattern('quote')})\b")
_VERB_AFTER = re.compile(
    r"[\s,]*(?:\([^)]{0,40}\)\s*)?(?:,[^,\"“”\n]{1,90},\s*)?"
    r"(?:(?:also|then|later|has|had|have|would|once|again)\s+)?"
    rf"(?:{speech_verb_pattern('quote')})\b"
)
_VERB_BEFORE = re.compile(rf"\b(?:{speech_verb_pattern('quote')})\s+(?:[a-z][\w-]*\s+){{0,6}}$")
_DASH_BEFORE = re.compile(r"[―—–-]{1,2}\s*$")
_ACCORDING = re.compile(r"\baccording\s+to\s+(?:[a-z]+\s+){0,3}$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+|\n")
_NEAR_PRONOUN = re.compile(r"^[\s,—-]*(?:\w+\s+)?(he|she|they)\b", re.IGNORECASE)
_PRONOUN_BEFORE = re.compile(r"\b(he|she|they)\s+(?:\w+\s+)?(?:\w+)[,:]?\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A name near a quotation: its key (the name as the article groups it), its fullest
    form in the article, and its row of :data:`FEATURES`."""

    key: str
    name: str
    row: tuple[float, ...]
    # named next to the quotation: its attribution joins them (a speech verb, a dash,
    # "according to") with no other quotation between
    adjacent: bool = False


class SpeakerChooser(Protocol):
    """Decides a quotation's speaker from its candidates (a model, or a recorder that
    keeps the rows for training and leaves the rules' choice)."""

    def choose(self, span: QuoteSpan, found: Sequence[Candidate]) -> Candidate | None:
        """The candidate that replaces the rules' speaker, or None to keep theirs."""
        ...


def _log(n: int | None) -> float:
    return _MISSING if n is None else math.log1p(max(n, 0))


_SUFFIX = frozenset(name_words("name_suffix"))  # lexicon/name_words.txt


def _surname(name: str) -> str:
    """The last word of a name, without a suffix or an "of ..." tail ("Cyrus Vance Jr." ->
    "vance", "Jeff Sessions of Alabama" -> "sessions")."""
    words = [w.lower().strip(".,") for w in re.split(r"\s+of\s+", name)[0].split()]
    while len(words) > 1 and words[-1] in _SUFFIX:
        words.pop()
    return words[-1] if words else ""


def _same(name: str | None, key: str) -> bool:
    """Whether a speaker string names the candidate (its surname is one of its words)."""
    if not name:
        return False
    return _surname(key) in {w.lower().strip(".,") for w in name.split()}


@dataclass(slots=True)
class _Context:
    """What every candidate of one article is measured against."""

    text: str
    persons: Sequence[RawMention]
    starts: list[int]
    quoted: Sequence[tuple[int, int]]
    quote_starts: list[int]
    genders: Mapping[str, str]
    fullest: Mapping[str, str]
    first: Mapping[str, int]  # each name's first mention
    counts: Mapping[str, int]  # how often each name is mentioned


def _context(
    text: str,
    persons: Sequence[RawMention],
    quoted: Sequence[tuple[int, int]],
    genders: Mapping[str, str],
) -> _Context:
    fullest: dict[str, str] = {}
    for m in persons:
        last = m.key.split()[-1]
        if len(m.key) > len(fullest.get(last, "")):
            fullest[last] = m.key
    ordered = sorted(quoted)
    first: dict[str, int] = {}
    counts: dict[str, int] = {}
    for m in persons:
        first.setdefault(m.key, m.start)
        counts[m.key] = counts.get(m.key, 0) + 1
    return _Context(
        text,
        persons,
        [m.start for m in persons],
        ordered,
        [a for a, _ in ordered],
        genders,
        fullest,
        first,
        counts,
    )


def _pronoun(text: str, start: int, end: int) -> str | None:
    """The "he"/"she"/"they" of the attribution next to a quotation, if any."""
    after = _NEAR_PRONOUN.match(text, end + 1, min(len(text), end + 30))
    if after:
        return after.group(1).lower()
    before = _PRONOUN_BEFORE.search(text, max(0, start - 40), max(0, start - 1))
    return before.group(1).lower() if before else None


def _occurrence_row(ctx: _Context, m: RawMention, start: int, end: int) -> dict[str, float]:
    """The features of one mention of a candidate, measured from the quotation."""
    text = ctx.text
    before = m.end <= start
    lo, hi = (m.end, start) if before else (end, m.start)
    between = text[lo:hi]
    q_between = bisect.bisect_left(ctx.quote_starts, hi) - bisect.bisect_right(ctx.quote_starts, lo)
    return {
        "log_chars_before": _log(start - m.end) if before else _MISSING,
        "log_chars_after": _MISSING if before else _log(m.start - end),
        "paragraphs_before": float(between.count("\n\n")) if before else -1.0,
        "quotes_between": float(max(q_between, 0)),
        "same_sentence_after": float(not before and not _SENTENCE_END.search(between)),
        "same_paragraph": float("\n" not in between),
        "verb_after_name": float(bool(_VERB_AFTER.match(text, m.end, m.end + 140))),
        "verb_before_name": float(bool(_VERB_BEFORE.search(text, max(0, m.start - 60), m.start))),
        "dash_before_name": float(
            not before and bool(_DASH_BEFORE.search(text, max(0, m.start - 4), m.start))
        ),
        "according_to": float(bool(_ACCORDING.search(text, max(0, m.start - 40), m.start))),
        "colon_after_sentence": float(before and text[lo:hi].rstrip().endswith((":", ","))),
        "opens_sentence": float(_opens(text, m)),
    }


def _speaks(text: str, m: RawMention) -> bool:
    """A mention joined to a speech verb: "Patino said", "said Patino"."""
    return bool(
        _VERB_AFTER.match(text, m.end, m.end + 140)
        or _VERB_BEFORE.search(text, max(0, m.start - 60), m.start)
    )


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts (looking back 300 characters at most)."""
    lo = max(0, pos - 300)
    return max((x.end() for x in _SENTENCE_END.finditer(text, lo, pos)), default=lo)


def _opens(text: str, m: RawMention) -> bool:
    """A mention that opens its sentence (the sentence's subject, mostly)."""
    return not text[_sentence_start(text, m.start) : m.start].strip(" \"“”'‘’(")


def _side_features(
    ctx: _Context, near: Mapping[str, Sequence[RawMention]], start: int, end: int
) -> dict[str, dict[str, float]]:
    """Per candidate: how near its closest mention joined to a speech verb is, before and
    after the quotation, and its rank among the candidates by their latest mention that
    opens a sentence or speaks before the quotation (the likeliest antecedent of "he")."""
    text = ctx.text
    out: dict[str, dict[str, float]] = {}
    latest_subject: dict[str, int] = {}
    for key, ms in near.items():
        before = [m for m in ms if m.end <= start and _speaks(text, m)]
        after = [m for m in ms if m.start >= end and _speaks(text, m)]
        subj = [m.end for m in ms if m.end <= start and (_opens(text, m) or _speaks(text, m))]
        if subj:
            latest_subject[key] = max(subj)
        out[key] = {
            "log_verb_occurrence_before": _log(start - before[-1].end) if before else _MISSING,
            "log_verb_occurrence_after": _log(after[0].start - end) if after else _MISSING,
        }
    ranked = sorted(latest_subject, key=lambda k: -latest_subject[k])
    for key, row in out.items():
        row["subject_rank"] = float(ranked.index(key)) if key in ranked else -1.0
    return out


def _stands_alone(text: str, start: int) -> bool:
    """A quotation that opens its sentence or follows a colon or a comma ('He said: “...',
    '“...'), not words quoted inside the narrator's sentence ('accused of acting “...”')."""
    before = text[_sentence_start(text, start) : start].rstrip(" \"“‘'")
    return not before or before.endswith((":", ","))


def _gender(ctx: _Context, key: str) -> str | None:
    return ctx.genders.get(key) or ctx.genders.get(key.split()[-1])


def _closest(ctx: _Context, ms: Sequence[RawMention], start: int, end: int) -> RawMention:
    """The mention nearest the quotation, on either side."""
    return min(ms, key=lambda m: start - m.end if m.end <= start else m.start - end)


def candidates(
    ctx: _Context,
    span: QuoteSpan,
    previous: str | None,
    spoken: frozenset[str],
) -> list[Candidate]:
    """Every name near ``span`` with its row of :data:`FEATURES`. ``previous``: the
    speaker of the quotation before it; ``spoken``: everyone who spoke before it."""
    text, start, end = ctx.text, span.start - 1, span.end + 1
    lo = bisect.bisect_left(ctx.starts, start - _BEFORE)
    hi = bisect.bisect_right(ctx.starts, end + _AFTER)
    para_end = text.find("\n\n", end)
    near: dict[str, list[RawMention]] = {}
    for m in ctx.persons[lo:hi]:
        if start <= m.start < end or (para_end != -1 and m.start > para_end):
            continue
        near.setdefault(m.key, []).append(m)
    if not near:
        return []
    pronoun = _pronoun(text, start, end)
    want = {"he": "m", "she": "f"}.get(pronoun or "")
    last_before = {
        k: max((m.end for m in ms if m.end <= start), default=-1) for k, ms in near.items()
    }
    by_recency = sorted(last_before, key=lambda k: -last_before[k])
    fitting = [
        k for k in by_recency if want and ctx.genders.get(k.split()[-1], ctx.genders.get(k)) == want
    ]
    para_start = text.rfind("\n", 0, start) + 1
    sides = _side_features(ctx, near, start, end)
    stands = _stands_alone(text, start)
    out = []
    for key, ms in near.items():
        m = _closest(ctx, ms, start, end)
        row = _occurrence_row(ctx, m, start, end)
        row.update(sides[key])
        sex = _gender(ctx, key)
        fits = 0.0 if not want or not sex else (1.0 if sex == want else -1.0)
        row.update(
            is_person=float(m.kind == "person"),
            has_title=float(m.role is not None),
            name_words=float(len(key.split())),
            mentions_before=float(sum(1 for x in ctx.persons if x.key == key and x.end <= start)),
            mentions_all=float(ctx.counts[key]),
            recency_rank=float(by_recency.index(key)) if last_before[key] >= 0 else -1.0,
            rule_choice=float(_same(span.speaker, key)),
            rule_has_speaker=float(span.speaker is not None),
            spoke_previous_quote=float(_same(previous, key)),
            spoke_before=float(any(_same(s, key) for s in spoken)),
            pronoun_next_to_quote={"he": 1.0, "she": 2.0, "they": 3.0}.get(pronoun or "", 0.0),
            gender_fits=fits,
            gender_rank=float(fitting.index(key)) if key in fitting else -1.0,
            quote_words=float(len(span.text.split())),
            paragraph_opens_with_quote=float(not text[para_start:start].strip()),
            candidates=float(len(near)),
            rule_how=_HOW_CODE.get(span.how or "", 0.0),
            all_caps=float(key.replace(" ", "").isupper() and len(key) > 4),
            log_first_offset=_log(ctx.first[key]),
            mention_share=ctx.counts[key] / max(len(ctx.persons), 1),
            stands_alone=float(stands),
        )
        name = ctx.fullest.get(key.split()[-1], key) if " " not in key else key
        name = re.split(r"\s+of\s+", name)[0]  # "Jeff Sessions of Alabama"
        joined = row["verb_after_name"] or row["verb_before_name"] or row["dash_before_name"]
        adjacent = bool(joined or row["according_to"]) and not row["quotes_between"]
        out.append(Candidate(key, name, tuple(row[f] for f in FEATURES), adjacent))
    return out


class SpeakerModel:
    """The shipped ranker. It fills the gaps the rules leave: when they found no speaker and
    no unnamed source, the best candidate speaks if it is a person named in the quotation's
    own paragraph, the quotation stands as its own sentence, and its probability clears
    ``assign_at``. (Letting it also replace the rules' choice was measured and dropped: on
    PolNeAR train, out of fold, it changed 1 right speaker in 5,066.)"""

    def __init__(self, booster: Any, card: Mapping[str, Any]) -> None:
        self.booster = booster
        self.assign_at = float(card.get("assign_at", 0.5))

    def scores(self, found: Sequence[Candidate]) -> list[float]:
        import numpy as np

        rows = np.asarray([c.row for c in found], dtype=np.float64)
        return [float(p) for p in self.booster.predict(rows)]

    def choose(self, span: QuoteSpan, found: Sequence[Candidate]) -> Candidate | None:
        if not found or span.speaker is not None or span.role:
            return None  # the rules named someone, or an unnamed source ("a spokesman")
        probs = self.scores(found)
        best = max(range(len(found)), key=probs.__getitem__)
        if not all(found[best].row[i] > 0 for i in _GUARDS):
            return None
        return found[best] if probs[best] >= self.assign_at else None


_lock = threading.Lock()
_models: dict[Path, SpeakerModel | None] = {}


def load_speaker_model(path: str | Path | None = None) -> SpeakerModel | None:
    """The shipped model (or the one at ``path``), loaded once per process; None when the
    file is absent (the rules' speakers then stand)."""
    p = Path(path) if path else MODEL_PATH
    with _lock:
        if p not in _models:
            if not p.is_file():
                _models[p] = None
            else:
                from .._lightgbm import booster

                card_path = p.with_name(p.name.replace(".lgb.txt", ".card.json"))
                card = json.loads(card_path.read_text()) if card_path.is_file() else {}
                _models[p] = SpeakerModel(booster(p), card)
        return _models[p]


def rerank(
    text: str,
    spans: Sequence[QuoteSpan],
    persons: Sequence[RawMention],
    quoted: Sequence[tuple[int, int]],
    genders: Mapping[str, str],
    chooser: SpeakerChooser | None,
) -> list[QuoteSpan]:
    """``spans`` with each speaker the chooser replaces (in order: a replaced speaker is
    the "previous" speaker of the next quotation)."""
    if chooser is None or not spans:
        return list(spans)
    ctx = _context(text, persons, quoted, genders)
    out: list[QuoteSpan] = []
    spoken: set[str] = set()
    previous: str | None = None
    for span in spans:
        found = candidates(ctx, span, previous, frozenset(spoken))
        chosen = chooser.choose(span, found)
        if chosen is not None:
            how: Attribution = "named" if chosen.adjacent else "context"
            span = replace(
                span,
                speaker=chosen.name,
                role=None,
                named=chosen.adjacent,
                how=how,
                rule=LEARNED_RANKER,
            )
        if span.speaker:
            previous = span.speaker
            spoken.add(span.speaker)
        out.append(span)
    return out
