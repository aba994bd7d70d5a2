"""Word lists the rules read, kept once as plain-text data beside this module.

Each ``*.txt`` file holds one entry a line; ``#`` starts a comment. The lists are read
on first use and cached (they never change while running); what the functions return is
immutable. See ``docs/lexicon.md`` for where each list lives and how to add an entry.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

__all__ = [
    "SPEECH_VERB_USES",
    "speech_verbs",
    "speech_verb_pattern",
    "all_speech_verbs",
    "months",
    "month_names",
    "TITLE_TAGS",
    "titles",
    "title_abbreviations",
    "NUMBER_TAGS",
    "number_words",
    "charges",
    "CASUALTY_TAGS",
    "casualty_words",
    "KIN_TAGS",
    "kin_words",
    "NAME_HEAD_TAGS",
    "name_heads",
    "NAME_WORD_TAGS",
    "name_words",
    "FACT_WORD_TAGS",
    "fact_words",
    "DATE_WORD_TAGS",
    "date_words",
    "Holiday",
    "holidays",
    "holiday_pattern",
    "PLURAL_TAGS",
    "plurals",
    "SENTENCE_WORD_TAGS",
    "sentence_words",
    "stop_words",
    "call_to_action_phrases",
    "data_lines",
]

#: The rules that read speech verbs; ``speech_verbs.txt`` tags each form with these.
SPEECH_VERB_USES = frozenset(
    "quote segment object unnamed block document linking role_break inverted aside summary".split()
)

_FORM = re.compile(r"[a-z]+(?: [a-z]+)*")


def data_lines(name: str) -> tuple[str, ...]:
    """The entries of the data file ``name``: lines without comments or blank space."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(line for line in lines if line)


@functools.cache
def _speech_verb_table() -> tuple[tuple[str, frozenset[str]], ...]:
    out = []
    for line in data_lines("speech_verbs.txt"):
        form, sep, uses = line.partition(":")
        form = form.strip()
        tags = frozenset(uses.split())
        if not sep or not _FORM.fullmatch(form) or not tags:
            raise ValueError(f"speech_verbs.txt: expected 'form : uses', got {line!r}")
        if unknown := tags - SPEECH_VERB_USES:
            raise ValueError(f"speech_verbs.txt: {form!r} has unknown uses {sorted(unknown)}")
        out.append((form, tags))
    return tuple(out)


@functools.cache
def speech_verbs(use: str) -> tuple[str, ...]:
    """The speech-verb forms the rule ``use`` reads, in file order (a pattern tries them in
    that order)."""
    if use not in SPEECH_VERB_USES:
        raise ValueError(f"unknown speech-verb use {use!r}; one of {sorted(SPEECH_VERB_USES)}")
    return tuple(form for form, tags in _speech_verb_table() if use in tags)


@functools.cache
def all_speech_verbs() -> frozenset[str]:
    """Every speech-verb form, whatever reads it."""
    return frozenset(form for form, _ in _speech_verb_table())


def speech_verb_pattern(use: str, guarded: Mapping[str, str] | None = None) -> str:
    """A regular-expression alternation (no group) of the forms for ``use``: words of a
    phrase apart by any whitespace. ``guarded`` maps a form to a pattern put right after
    it (a lookahead that keeps it from matching some text)."""
    guarded = guarded or {}
    return "|".join(
        r"\s+".join(re.escape(w) for w in form.split()) + guarded.get(form, "")
        for form in speech_verbs(use)
    )


@functools.cache
def months() -> Mapping[str, int]:
    """Lowercase month names and abbreviations (no final full stop) → month number."""
    table: dict[str, int] = {}
    for line in data_lines("months.txt"):
        number, *names = line.split()
        for name in names:
            table[name] = int(number)
    return MappingProxyType(table)


@functools.cache
def month_names() -> frozenset[str]:
    """The lowercase full month names ("january"), the first name on each line."""
    return frozenset(line.split()[1] for line in data_lines("months.txt"))


@dataclass(frozen=True, slots=True)
class Holiday:
    """A holiday of ``holidays.txt``: its ``name`` and when it falls. A fixed date has
    ``month`` and ``day``; a weekday of a month has ``month``, ``weekday`` (0 is Monday)
    and ``nth`` (-1 for the last); a day counted from Easter has ``easter`` (days after
    it, negative before)."""

    name: str
    month: int = 0
    day: int = 0
    weekday: int | None = None
    nth: int = 0
    easter: int | None = None


_ORDINALS = {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "last": -1}
_WEEKDAY_NUMBERS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_HOLIDAY_WHEN = re.compile(
    r"(?P<easter>(?:(?P<before>\d+) days? before )?easter)"
    r"|(?P<nth>\w+) (?P<weekday>[a-z]+) of (?P<wmonth>[a-z]+)"
    r"|(?P<month>[a-z]+) (?P<day>\d{1,2})"
)


def _holiday(line: str) -> Holiday:
    name, sep, when = (part.strip() for part in line.partition(":"))
    m = _HOLIDAY_WHEN.fullmatch(when)
    if not sep or not re.fullmatch(r"[A-Z][A-Za-z']*(?: [A-Za-z']+)*", name) or not m:
        raise ValueError(f"holidays.txt: expected 'Name : when', got {line!r}")
    if m["easter"]:
        return Holiday(name, easter=-int(m["before"] or 0))
    month = months().get(m["wmonth"] or m["month"])
    if month is None:
        raise ValueError(f"holidays.txt: {name!r} has no month in {when!r}")
    if m["day"]:
        return Holiday(name, month=month, day=int(m["day"]))
    if m["nth"] not in _ORDINALS or m["weekday"] not in _WEEKDAY_NUMBERS:
        raise ValueError(f"holidays.txt: {name!r}: expected e.g. '4th thursday of november'")
    return Holiday(
        name, month=month, weekday=_WEEKDAY_NUMBERS[m["weekday"]], nth=_ORDINALS[m["nth"]]
    )


@functools.cache
def holidays() -> tuple[Holiday, ...]:
    """The holidays a date phrase can name, in file order (longer names first)."""
    return tuple(_holiday(line) for line in data_lines("holidays.txt"))


@functools.cache
def holiday_pattern() -> str:
    """A regular-expression alternation (no group) of the holiday names in file order:
    words apart by any whitespace, an apostrophe either ' or ’."""
    return "|".join(
        r"\s+".join(re.escape(w).replace("'", "['’]") for w in h.name.split()) for h in holidays()
    )


#: The lists of ``titles.txt``; each form there is tagged with some of these.
TITLE_TAGS = frozenset(
    "role qualifier part spelled past honorific rank lead modifier dotted of_the agent "
    "male_courtesy female_courtesy sexed unsexed female_end male_end unnamed_head".split()
)
_TITLE_LINE = re.compile(
    r"(?P<form>[a-z][a-z.]*)\s*:(?P<tags>[a-z_ ]+?)\s*(?:=\s*(?P<title>[a-z]+))?"
)


@functools.cache
def _title_table() -> tuple[tuple[str, frozenset[str], str | None], ...]:
    out = []
    for line in data_lines("titles.txt"):
        m = _TITLE_LINE.fullmatch(line)
        tags = frozenset(m["tags"].split()) if m else frozenset()
        if not m or not tags:
            raise ValueError(f"titles.txt: expected 'form : tags [= title]', got {line!r}")
        if unknown := tags - TITLE_TAGS:
            raise ValueError(f"titles.txt: {m['form']!r} has unknown tags {sorted(unknown)}")
        out.append((m["form"], tags, m["title"]))
    return tuple(out)


@functools.cache
def titles(tag: str) -> frozenset[str]:
    """The lowercase title and role words of the list ``tag`` (see ``titles.txt``)."""
    if tag not in TITLE_TAGS:
        raise ValueError(f"unknown title tag {tag!r}; one of {sorted(TITLE_TAGS)}")
    return frozenset(form for form, tags, _ in _title_table() if tag in tags)


@functools.cache
def title_abbreviations() -> Mapping[str, str]:
    """An abbreviated title before a name → the title it stands for ("sen" → "senator")."""
    return MappingProxyType({form: title for form, _, title in _title_table() if title})


#: The lists of ``numbers.txt``.
NUMBER_TAGS = frozenset({"count", "number", "value", "days", "sum"})


def _pair_table(
    name: str, value: str, tags: frozenset[str], shape: str
) -> tuple[tuple[str, str, frozenset[str]], ...]:
    """The lines ``word value : tags`` of the lexicon file ``name`` (``value`` matching the
    pattern ``value``, every tag one of ``tags``; ``shape`` names the columns in errors)."""
    out = []
    for line in data_lines(name):
        m = re.fullmatch(rf"([a-z]+)\s+({value})\s*:\s*([a-z ]+)", line)
        got = frozenset(m[3].split()) if m else frozenset()
        if not m or not got or got - tags:
            raise ValueError(f"{name}: expected '{shape} : {sorted(tags)}', got {line!r}")
        out.append((m[1], m[2], got))
    return tuple(out)


@functools.cache
def _number_table() -> tuple[tuple[str, int, frozenset[str]], ...]:
    rows = _pair_table("numbers.txt", r"\d+", NUMBER_TAGS, "word value")
    return tuple((word, int(n), tags) for word, n, tags in rows)


@functools.cache
def number_words(tag: str) -> Mapping[str, int]:
    """The number words of the list ``tag`` and their values, in file order."""
    if tag not in NUMBER_TAGS:
        raise ValueError(f"unknown number tag {tag!r}; one of {sorted(NUMBER_TAGS)}")
    return MappingProxyType({w: n for w, n, tags in _number_table() if tag in tags})


@functools.cache
def charges() -> Mapping[str, str]:
    """A word that names a charge ("raping") → the charge ("rape")."""
    table: dict[str, str] = {}
    for line in data_lines("charges.txt"):
        charge, sep, forms = (part.strip() for part in line.partition(":"))
        if not sep or not forms or not re.fullmatch(r"[a-z]+", charge):
            raise ValueError(f"charges.txt: expected 'charge : forms', got {line!r}")
        for form in forms.split():
            if form in table:
                raise ValueError(f"charges.txt: {form!r} names two charges")
            table[form] = charge
    return MappingProxyType(table)


#: The lists of ``casualties.txt``.
CASUALTY_TAGS = frozenset("count person crowd hurt hurt_verb kill held".split())


_ONE_WORD = r"[^\W\d_]+"
_DOTTED_WORD = r"[^\W\d_](?:[^\W\d_]|\.)*"
_HYPHENED_WORD = r"[^\W\d_]+(?:-[^\W\d_]+)*"


@functools.cache
def _tagged(
    name: str, known: frozenset[str], shape: str = _ONE_WORD
) -> tuple[tuple[str, frozenset[str]], ...]:
    """The ``FORM : TAGS`` lines of ``name``: a one-word form (matching ``shape``) and the
    lists that hold it."""
    out = []
    for line in data_lines(name):
        form, sep, rest = (part.strip() for part in line.partition(":"))
        tags = frozenset(rest.split())
        if not sep or not re.fullmatch(shape, form) or not tags:
            raise ValueError(f"{name}: expected 'form : tags', got {line!r}")
        if unknown := tags - known:
            raise ValueError(f"{name}: {form!r} has unknown tags {sorted(unknown)}")
        out.append((form, tags))
    return tuple(out)


def _tagged_forms(
    name: str, known: frozenset[str], tag: str, shape: str = _ONE_WORD
) -> tuple[str, ...]:
    if tag not in known:
        raise ValueError(f"unknown tag {tag!r} for {name}; one of {sorted(known)}")
    return tuple(form for form, tags in _tagged(name, known, shape) if tag in tags)


@functools.cache
def casualty_words(tag: str) -> tuple[str, ...]:
    """The casualty words (or stems) of the list ``tag``, in file order."""
    return _tagged_forms("casualties.txt", CASUALTY_TAGS, tag)


#: The lists of ``kin.txt``.
KIN_TAGS = frozenset("female male named first others hint relative family family_hint".split())


@functools.cache
def kin_words(tag: str) -> tuple[str, ...]:
    """The words for relatives of the list ``tag``, in file order."""
    return _tagged_forms("kin.txt", KIN_TAGS, tag)


#: The lists of ``name_heads.txt``.
NAME_HEAD_TAGS = frozenset(
    "org_suffix org_head firm place_suffix place_head other and_head state_body".split()
)


@functools.cache
def name_heads(tag: str) -> frozenset[str]:
    """The lowercase last words of names ("committee", "plaza", "act") of the list ``tag``
    (see ``name_heads.txt``)."""
    return frozenset(_tagged_forms("name_heads.txt", NAME_HEAD_TAGS, tag, r"[a-z]+"))


#: The lists of ``name_words.txt``; a form there may hold full stops ("St.", "a.m").
NAME_WORD_TAGS = frozenset(
    "joiner pair_start pair_end arabic modifier place_of outlet news_outlet function "
    "connector particle romance name_suffix adverb clock possessive region place_prefix "
    "saint vessel story_joiner attribution apposed title_joiner role_stop not_surname".split()
)


@functools.cache
def name_words(tag: str) -> tuple[str, ...]:
    """The words around and inside names ("bin", "San", "USS") of the list ``tag``, in
    file order (see ``name_words.txt``); a capitalised word is read as written."""
    return _tagged_forms("name_words.txt", NAME_WORD_TAGS, tag, _DOTTED_WORD)


#: The lists of ``fact_words.txt``.
FACT_WORD_TAGS = frozenset("frame_skip approx generic fall_bound fall_other".split())


@functools.cache
def fact_words(tag: str) -> frozenset[str]:
    """The lowercase words around a count, a time or a fall of the list ``tag`` (see
    ``fact_words.txt``)."""
    return frozenset(_tagged_forms("fact_words.txt", FACT_WORD_TAGS, tag, r"[a-z]+"))


#: The lists of ``date_words.txt``.
DATE_WORD_TAGS = frozenset({"named_day", "holiday_noun", "year_noun"})


@functools.cache
def date_words(tag: str) -> tuple[str, ...]:
    """The words next to a weekday, a holiday or a year of the list ``tag``, read as
    written, in file order (see ``date_words.txt``); a word may hold a hyphen
    ("four-door")."""
    return _tagged_forms("date_words.txt", DATE_WORD_TAGS, tag, _HYPHENED_WORD)


#: The lists of ``plurals.txt``.
PLURAL_TAGS = frozenset({"count", "kin"})


@functools.cache
def _plural_table() -> tuple[tuple[str, str, frozenset[str]], ...]:
    return _pair_table("plurals.txt", "[a-z]+", PLURAL_TAGS, "plural singular")


@functools.cache
def plurals(tag: str) -> Mapping[str, str]:
    """The irregular plurals of the list ``tag`` → their singulars, in file order."""
    if tag not in PLURAL_TAGS:
        raise ValueError(f"unknown plural tag {tag!r}; one of {sorted(PLURAL_TAGS)}")
    return MappingProxyType({p: s for p, s, tags in _plural_table() if tag in tags})


#: The lists of ``sentence_words.txt``; a form there may hold full stops ("u.s.a").
SENTENCE_WORD_TAGS = frozenset({"abbreviation", "break", "listener"})


@functools.cache
def sentence_words(tag: str) -> tuple[str, ...]:
    """The words the sentence splitter reads of the list ``tag``, in file order (see
    ``sentence_words.txt``); a capitalised word is read as written."""
    return _tagged_forms("sentence_words.txt", SENTENCE_WORD_TAGS, tag, _DOTTED_WORD)


@functools.cache
def stop_words() -> Mapping[str, frozenset[str]]:
    """A language's ISO 639-1 code → its common function words, lowercase, languages in
    file order (see ``stop_words.txt``)."""
    table: dict[str, frozenset[str]] = {}
    for line in data_lines("stop_words.txt"):
        lang, sep, words = (part.strip() for part in line.partition(":"))
        if not sep or not words or not re.fullmatch(r"[a-z]{2}", lang) or lang in table:
            raise ValueError(f"stop_words.txt: expected 'language : words', got {line!r}")
        table[lang] = frozenset(words.split())
    return MappingProxyType(table)


@functools.cache
def call_to_action_phrases() -> tuple[str, ...]:
    """The lowercase phrases of a page's appeal to its reader ("click here", "sign up"),
    in file order."""
    out = []
    for line in data_lines("calls_to_action.txt"):
        if not _FORM.fullmatch(line):
            raise ValueError(f"calls_to_action.txt: expected a lowercase phrase, got {line!r}")
        out.append(line)
    return tuple(out)
