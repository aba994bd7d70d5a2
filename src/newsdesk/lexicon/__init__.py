"""Word lists the rules read, kept once as plain-text data beside this module.

Each ``*.txt`` file holds one entry a line; ``#`` starts a comment. The lists are read
on first use and cached (they never change while running); what the functions return is
immutable. See ``docs/lexicon.md`` for how to add a speech verb.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType

__all__ = [
    "SPEECH_VERB_USES",
    "speech_verbs",
    "speech_verb_pattern",
    "all_speech_verbs",
    "months",
    "month_names",
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
