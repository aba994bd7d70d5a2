"""The word lists live once, as data in newsdesk/lexicon, and load from one place."""

from __future__ import annotations

import datetime as dt
import re
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
    if name == "speech_verbs.txt":
        keys = [e.split(":")[0].strip() for e in entries]
    elif name == "months.txt":
        keys = [w for e in entries for w in e.split()[1:]]
    else:
        keys = list(entries)
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)


def test_data_files_ship_in_the_package() -> None:
    assert {"speech_verbs.txt", "months.txt"} <= set(DATA_FILES)


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
