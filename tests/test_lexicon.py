"""The word lists live once, as data in newsdesk/lexicon, and load from one place."""

from __future__ import annotations

import ast
import calendar
import datetime as dt
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
from dateutil.easter import easter

from newsdesk import lexicon
from newsdesk.analyze.timeline import _holiday

SRC = Path(lexicon.__file__).resolve().parent.parent
DATA_FILES = sorted(
    p.name for p in resources.files("newsdesk.lexicon").iterdir() if p.name.endswith(".txt")
)


def test_loader_returns_the_lists() -> None:
    assert {"said", "says", "told", "added"} <= set(lexicon.speech_verbs("quote"))
    assert "pointed out" in lexicon.speech_verbs("quote")
    assert set(lexicon.speech_verbs("object")) == {"told", "tells", "asked", "asks"}
    assert "according" in lexicon.speech_verbs("summary")
    assert lexicon.all_speech_verbs() >= set(lexicon.speech_verbs("segment"))
    assert lexicon.months()["sept"] == 9
    assert lexicon.months()["january"] == 1 and lexicon.months()["dec"] == 12
    assert len(lexicon.month_names()) == 12
    for use in lexicon.SPEECH_VERB_USES:
        assert lexicon.speech_verbs(use), use


def test_pattern_reads_any_whitespace_and_guards() -> None:
    pat = re.compile(rf"^(?:{lexicon.speech_verb_pattern('quote', {'added': '(?! 5)'})})$")
    assert pat.match("pointed \n out") and pat.match("added")
    assert not re.match(
        rf"(?:{lexicon.speech_verb_pattern('quote', {'added': '(?! 5)'})})\b", "added 5"
    )


def test_unknown_use_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown speech-verb use"):
        lexicon.speech_verbs("nonsense")


@pytest.mark.parametrize("name", DATA_FILES)
def test_data_file_has_no_blank_or_duplicate_entries(name: str) -> None:
    entries = lexicon.data_lines(name)
    assert entries and all(e.strip() for e in entries)
    if name == "months.txt":
        keys = [w for e in entries for w in e.split()[1:]]
    elif name == "numbers.txt":
        keys = [e.split()[0] for e in entries]
    elif name == "charges.txt":  # CHARGE : FORMS, each form naming one charge
        keys = [e.split(":")[0].strip() for e in entries]
        forms = [f for e in entries for f in e.split(":")[1].split()]
        assert len(forms) == len(set(forms)), forms
    else:  # FORM : TAGS
        keys = [e.split(":")[0].strip() for e in entries]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)


def test_data_files_ship_in_the_package() -> None:
    assert {
        "speech_verbs.txt",
        "months.txt",
        "holidays.txt",
        "titles.txt",
        "numbers.txt",
        "charges.txt",
        "casualties.txt",
        "kin.txt",
        "name_heads.txt",
        "name_words.txt",
        "fact_words.txt",
        "date_words.txt",
        "sentence_words.txt",
        "stop_words.txt",
        "plurals.txt",
    } <= set(DATA_FILES)


def test_every_list_loads_and_is_not_empty() -> None:
    assert len(lexicon.holidays()) >= 20 and lexicon.holiday_pattern()
    for tag in lexicon.TITLE_TAGS:
        assert lexicon.titles(tag), tag
    assert lexicon.title_abbreviations()["sen"] == "senator"
    assert {"president", "spokesman", "d.a"} <= lexicon.titles("role")
    assert {"sen", "gov", "mr"} <= lexicon.titles("honorific")
    for tag in lexicon.NUMBER_TAGS:
        assert lexicon.number_words(tag), tag
    assert lexicon.number_words("count")["an"] == 1 and lexicon.number_words("value")["dozen"] == 12
    assert lexicon.charges()["raping"] == "rape"
    for tag in lexicon.CASUALTY_TAGS:
        assert lexicon.casualty_words(tag), tag
    for tag in lexicon.KIN_TAGS:
        assert lexicon.kin_words(tag), tag
    assert "fiancée" in lexicon.kin_words("female")
    for tag in lexicon.NAME_HEAD_TAGS:
        assert lexicon.name_heads(tag), tag
    assert {"committee", "commission"} <= lexicon.name_heads("org_suffix")
    assert "plaza" in lexicon.name_heads("place_head") and "research" in lexicon.name_heads("firm")
    for tag in lexicon.NAME_WORD_TAGS:
        assert lexicon.name_words(tag), tag
    assert {"St.", "San"} <= set(lexicon.name_words("place_prefix"))
    assert lexicon.name_words("clock")[:2] == ("a.m", "p.m")
    for tag in lexicon.FACT_WORD_TAGS:
        assert lexicon.fact_words(tag), tag
    for tag in lexicon.DATE_WORD_TAGS:
        assert lexicon.date_words(tag), tag
    assert lexicon.date_words("named_day")[0] == "Black"
    for tag in lexicon.SENTENCE_WORD_TAGS:
        assert lexicon.sentence_words(tag), tag
    assert "u.s.a" in lexicon.sentence_words("abbreviation")
    assert lexicon.sentence_words("break")[0] == "Inc"
    for tag in lexicon.PLURAL_TAGS:
        assert lexicon.plurals(tag), tag
    assert lexicon.plurals("kin")["grandchildren"] == "grandchild"
    assert set(lexicon.stop_words()) == {"en", "fr", "de", "es", "it", "pt", "nl"}
    assert {"der", "die", "das"} <= lexicon.stop_words()["de"]
    assert lexicon.number_words("days") == {
        "a": 1,
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
    }


@pytest.mark.parametrize(
    ("read", "tag"),
    [
        (lexicon.titles, "nonsense"),
        (lexicon.number_words, "nonsense"),
        (lexicon.casualty_words, "nonsense"),
        (lexicon.kin_words, "nonsense"),
        (lexicon.name_heads, "nonsense"),
        (lexicon.name_words, "nonsense"),
        (lexicon.fact_words, "nonsense"),
        (lexicon.date_words, "nonsense"),
        (lexicon.sentence_words, "nonsense"),
        (lexicon.plurals, "nonsense"),
    ],
)
def test_unknown_tag_is_refused(read: Callable[[str], object], tag: str) -> None:
    with pytest.raises(ValueError, match="unknown"):
        read(tag)


def test_the_modules_read_the_lexicon() -> None:
    """Each list the rules read is the lexicon's, not a copy in code."""
    from newsdesk import segment, text
    from newsdesk.analyze import entities, facts, quotes, speakers, timeline
    from newsdesk.read import language

    assert lexicon.titles("role") == entities.ROLE_WORDS
    assert lexicon.titles("qualifier") == entities.TITLE_MODIFIERS
    assert lexicon.titles("spelled") == entities.SPELLED_TITLES
    assert lexicon.titles("honorific") == text.HONORIFICS
    assert lexicon.titles("rank") == quotes._RANKS
    assert lexicon.title_abbreviations() == quotes._TITLE_ABBREVIATIONS
    assert lexicon.charges() == facts._CHARGE_TERMS
    assert lexicon.number_words("number") == facts._NUM_VALUE
    assert frozenset(lexicon.casualty_words("kill")) == facts._KILL
    assert frozenset(lexicon.kin_words("female")) == entities.FEMALE_KIN
    assert lexicon.name_heads("org_suffix") == entities.ORG_SUFFIXES
    assert lexicon.name_heads("firm") == entities.FIRM_HEADS
    assert lexicon.name_heads("other") == entities.OTHER_HEADS
    assert frozenset(lexicon.name_words("place_prefix")) == entities.PLACE_PREFIXES
    assert frozenset(lexicon.name_words("function")) < entities.FUNCTION_WORDS
    assert lexicon.fact_words("generic") == facts._GENERIC
    assert lexicon.number_words("days") == timeline._DAYS_COUNTED
    assert lexicon.plurals("count") == facts._IRREGULAR
    assert frozenset(lexicon.sentence_words("listener")) == segment._LISTENERS
    assert frozenset(lexicon.sentence_words("abbreviation")) == segment._EXTRA_ABBREVIATIONS
    assert frozenset(lexicon.name_words("name_suffix")) == speakers._SUFFIX
    assert dict(lexicon.stop_words()) == language._STOPWORDS
    assert list(language._STOPWORDS)[0] == "en"


# each lexicon's tags and the functions that read them
_READERS = {
    "speech_verbs.txt": (lexicon.SPEECH_VERB_USES, ("speech_verbs", "speech_verb_pattern")),
    "titles.txt": (lexicon.TITLE_TAGS, ("titles",)),
    "numbers.txt": (lexicon.NUMBER_TAGS, ("number_words",)),
    "casualties.txt": (lexicon.CASUALTY_TAGS, ("casualty_words",)),
    "kin.txt": (lexicon.KIN_TAGS, ("kin_words",)),
    "name_heads.txt": (lexicon.NAME_HEAD_TAGS, ("name_heads",)),
    "name_words.txt": (lexicon.NAME_WORD_TAGS, ("name_words",)),
    "fact_words.txt": (lexicon.FACT_WORD_TAGS, ("fact_words",)),
    "date_words.txt": (lexicon.DATE_WORD_TAGS, ("date_words",)),
    "sentence_words.txt": (lexicon.SENTENCE_WORD_TAGS, ("sentence_words",)),
    "plurals.txt": (lexicon.PLURAL_TAGS, ("plurals",)),
}


def test_every_tag_is_read_by_some_rule() -> None:
    """A tag no module asks for is a list nothing reads: remove it or read it."""
    code = "\n".join(
        p.read_text(encoding="utf-8") for p in SRC.rglob("*.py") if "lexicon" not in p.parts
    )
    unread = []
    for name, (tags, readers) in _READERS.items():
        calls = rf"\b(?:{'|'.join(readers)})\(\s*[\"']([a-z_]+)[\"']"
        unread += [f"{name}: {t}" for t in sorted(tags - set(re.findall(calls, code)))]
    assert not unread, f"tags no rule reads: {unread}"


def _form_and_tags(name: str, line: str) -> tuple[str, list[str]]:
    """The form of a ``FORM : TAGS`` line (a number word without its value, a plural
    without its singular) and its tags as written (before a title's "= TITLE")."""
    form, _, rest = line.partition(":")
    form = form.split()[0] if name in ("numbers.txt", "plurals.txt") else form.strip()
    return form, rest.split("=")[0].split()


@pytest.mark.parametrize("name", sorted(_READERS))
def test_no_entry_is_repeated_within_a_tag(name: str) -> None:
    tags, _ = _READERS[name]
    entries = [_form_and_tags(name, line) for line in lexicon.data_lines(name)]
    for form, written in entries:
        assert len(written) == len(set(written)), f"{name}: {form!r} has a tag twice"
    for tag in tags:
        forms = [form for form, written in entries if tag in written]
        assert forms and len(forms) == len(set(forms)), (name, tag, forms)


def test_pattern_lists_are_single_words() -> None:
    """The name and date words a pattern joins ("bin", "newspaper", "Black") are plain
    words: no regular-expression syntax slips into the patterns built from them."""
    for tag in (
        "joiner",
        "pair_start",
        "pair_end",
        "arabic",
        "modifier",
        "place_of",
        "outlet",
        "story_joiner",
        "attribution",
        "apposed",
        "title_joiner",
    ):
        assert all(re.fullmatch(r"[a-z]+", w) for w in lexicon.name_words(tag)), tag
    hyphened = r"[A-Za-z]+(?:-[A-Za-z]+)*"  # "four-door": a hyphen is no pattern syntax
    for tag in lexicon.DATE_WORD_TAGS:
        assert all(re.fullmatch(hyphened, w) for w in lexicon.date_words(tag)), tag
    assert all(re.fullmatch(r"[A-Za-z]+", w) for w in lexicon.sentence_words("break"))
    for tag in (
        "of_the",
        "agent",
        "sexed",
        "unsexed",
        "female_end",
        "male_end",
        "unnamed_head",
        "male_courtesy",
        "female_courtesy",
    ):
        assert all(re.fullmatch(r"[a-z]+", w) for w in lexicon.titles(tag)), tag
    assert all(re.fullmatch(r"[a-z]+", w) for w in lexicon.name_heads("state_body"))


# A word list written in code: one assignment whose string literals hold four or more words
# of a lexicon list. The lists below are the lexicon's; the assignments allowed would be
# rules that still spell some of those words inside a larger expression (none is left:
# each such rule builds its alternation from the lexicon and keeps only its grammar).
_STILL_IN_CODE: set[tuple[str, str]] = set()


def _lexicon_lists() -> dict[str, set[str]]:
    holiday_words = {w.lower() for h in lexicon.holidays() for w in h.name.split()}
    return {
        "holidays": holiday_words - {"day", "of", "eve", "sunday", "friday", "july"},
        "numbers": set(lexicon.number_words("number")),
        "charges": set(lexicon.charges()),
        "kin": {w for t in ("female", "male", "others") for w in lexicon.kin_words(t)},
        "titles": {w for t in ("role", "honorific", "rank", "spelled") for w in lexicon.titles(t)},
        "casualties": {w for t in ("count", "kill") for w in lexicon.casualty_words(t)},
        "name heads": {
            w
            for t in ("org_suffix", "org_head", "firm", "place_suffix", "place_head")
            for w in lexicon.name_heads(t)
        },
        "name particles": {
            w
            for t in ("particle", "romance", "arabic", "name_suffix")
            for w in lexicon.name_words(t)
        },
    }


def test_word_lists_are_defined_only_in_the_lexicon() -> None:
    lists = _lexicon_lists()
    found = []
    allowed_found = set()
    for path in SRC.rglob("*.py"):
        if "lexicon" in path.parts:
            continue
        where = path.relative_to(SRC).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
                continue
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            name = target.id if isinstance(target, ast.Name) else "?"
            words = {
                w
                for n in ast.walk(node.value)
                if isinstance(n, ast.Constant) and isinstance(n.value, str)
                for w in re.findall(r"[a-zé.]+", n.value.lower())
            }
            for list_name, entries in lists.items():
                if len(words & entries) < 4:
                    continue
                if (where, name) in _STILL_IN_CODE:
                    allowed_found.add((where, name))
                else:
                    found.append(f"{where}:{node.lineno} {name} ({list_name})")
    assert not found, f"word lists in code, move them to lexicon/: {found}"
    gone = _STILL_IN_CODE - allowed_found
    assert not gone, f"no longer word lists in code, drop them from _STILL_IN_CODE: {gone}"


def test_holidays_fall_where_they_did() -> None:
    """The dates of lexicon/holidays.txt, against the fixed table and weekday rules the
    code held before (1900-2100)."""
    fixed = {
        "Christmas Eve": (12, 24),
        "Christmas Day": (12, 25),
        "Boxing Day": (12, 26),
        "New Year's Eve": (12, 31),
        "New Year’s Day": (1, 1),
        "Hallowe'en": (10, 31),
        "Valentine's Day": (2, 14),
        "Independence Day": (7, 4),
        "Fourth of July": (7, 4),
        "Veterans Day": (11, 11),
    }
    for year in range(1900, 2101):
        for name, (month, day) in fixed.items():
            assert _holiday(name, year) == dt.date(year, month, day)
        thursdays = [d for d in _days(year, 11) if d.weekday() == 3]
        assert _holiday("Thanksgiving", year) == thursdays[3]
        assert _holiday("Memorial Day", year) == [d for d in _days(year, 5) if d.weekday() == 0][-1]
        assert _holiday("Labor Day", year) == [d for d in _days(year, 9) if d.weekday() == 0][0]
    assert _holiday("Christmas\nEve", 2002) == dt.date(2002, 12, 24)
    assert _holiday("Arbor Day", 2002) is None


def _days(year: int, month: int) -> list[dt.date]:
    return [dt.date(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)]


def test_holiday_pattern_reads_the_names() -> None:
    pat = re.compile(rf"(?:{lexicon.holiday_pattern()})$")
    for name in ("Christmas Eve", "New Year’s\nDay", "Hallowe’en", "Fourth of  July", "Easter"):
        assert pat.match(name), name
    assert not pat.match("Christmas Island")


# three speech verbs side by side in a regular-expression alternation ("said|says|told")
# or a Python list; a pair among other words ("that|said|says") is left to its rule
_VERB = r"(?:said|says|told|tells|added|adds|wrote|writes|asked|explained|recalled|stated|noted)"
_LIST_IN_CODE = re.compile(
    rf"\b{_VERB}\|{_VERB}\|{_VERB}\b|[\"']{_VERB}[\"'],\s*[\"']{_VERB}[\"'],\s*[\"']{_VERB}"
)


def test_speech_verbs_are_defined_only_in_the_lexicon() -> None:
    found = [
        f"{path.relative_to(SRC)}:{n}"
        for path in SRC.rglob("*.py")
        if "lexicon" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _LIST_IN_CODE.search(line)
    ]
    assert not found, f"speech verbs listed in code, move them to lexicon/: {found}"


def test_easter_is_dateutils() -> None:
    for year in range(1900, 2101):
        assert _holiday("Easter", year) == easter(year)
        assert _holiday("Good Friday", year) == easter(year) - dt.timedelta(days=2)
    assert _holiday("Easter Sunday", 2024) == dt.date(2024, 3, 31)
