"""PolNeAR figures made in-process, pinned to a real run of the reference scorer."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk.analyze.quotes import attribution_rules
from newsdesk.cli import EXIT_FAILURE, EXIT_OK, main
from newsdesk.errors import DataMissingError
from newsdesk.evaluate.analysis import NO_RULE
from newsdesk.evaluate.polnear import (
    DEFAULT_DATA,
    DEFAULT_SCORER,
    load_polnear,
    load_scorer,
    score_polnear,
)

LIMIT = 10  # the first articles of the dev split: named, coref, description and unresolved


def test_a_missing_scorer_or_data_says_where_it_lives(tmp_path: Path) -> None:
    with pytest.raises(DataMissingError, match=r"scorer not found.*shared/tools/polnear_eval\.py"):
        load_scorer(tmp_path / "polnear_eval.py")
    with pytest.raises(DataMissingError, match=r"data not found.*polnear-dev\.jsonl\.gz"):
        load_polnear(tmp_path / "polnear-dev.jsonl.gz")


def _no_labels(tmp_path: Path) -> list[str]:
    """An empty labels folder and raw data file: the labelled columns score nothing."""
    (tmp_path / "labels").mkdir()
    with gzip.open(tmp_path / "raw.jsonl.gz", "wt", encoding="utf-8"):
        pass
    return [str(tmp_path / "labels"), "--data", str(tmp_path / "raw.jsonl.gz")]


def _stub_scorer(tmp_path: Path) -> Path:
    """A scorer module that loads, so that the data check is what is tested (the real one
    lives in ../shared, absent on some machines)."""
    stub = tmp_path / "stub_scorer.py"
    stub.write_text('"""A stand-in for the reference scorer."""\n')
    return stub


def test_eval_analysis_refuses_a_missing_polnear_path(capsys, tmp_path: Path) -> None:
    args = ["eval", "analysis", *_no_labels(tmp_path), "--polnear-scorer"]
    code = main([*args, str(_stub_scorer(tmp_path)), "--polnear", str(tmp_path / "nope.jsonl.gz")])
    assert code == EXIT_FAILURE
    assert "PolNeAR data not found" in capsys.readouterr().err


def test_eval_analysis_skips_polnear_when_the_default_data_is_absent(
    capsys, monkeypatch, tmp_path: Path
) -> None:
    import newsdesk.evaluate.polnear as polnear

    monkeypatch.setattr(polnear, "DEFAULT_DATA", tmp_path / "polnear-dev.jsonl.gz")
    monkeypatch.setattr(polnear, "DEFAULT_SCORER", _stub_scorer(tmp_path))
    assert main(["eval", "analysis", *_no_labels(tmp_path), "--json"]) == EXIT_OK
    out, err = capsys.readouterr()
    assert "polnear" not in json.loads(out)
    assert "PolNeAR figures skipped" in err and "polnear-dev.jsonl.gz" in err


def _reference(limit: int) -> dict[str, object]:
    """The figures the scorer prints for a real run (one newsdesk process per article)."""
    exe = shutil.which("newsdesk")
    if exe is None:
        pytest.skip("the newsdesk command is not on PATH")
    out = subprocess.run(
        [sys.executable, str(DEFAULT_SCORER), str(DEFAULT_DATA), exe, "--limit", str(limit)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fig: dict[str, object] = {}
    fig["gold"], fig["headlines"] = map(
        int, re.search(r"direct quotes \(pieces\): (\d+) \(\+(\d+)", out).groups()
    )
    fig["failures"] = int(re.search(r"newsdesk failures: (\d+)", out).group(1))
    fig["quotes"] = int(re.search(r"newsdesk quotes: (\d+)", out).group(1))
    for name, key in (
        ("detection recall", "found"),
        ("speaker accuracy on found quotes", "speaker"),
        ("end to end", "e2e"),
    ):
        fig[key] = tuple(map(int, re.search(rf"^{name}[^:]*: (\d+)/(\d+)", out, re.M).groups()))
    # the last number is speaker right (scored kinds) or "gives a speaker for N"
    fig["kinds"] = {
        m.group(1): (int(m.group(2)), int(m.group(3)), int(m.group(4) or m.group(5)))
        for m in re.finditer(
            r"^  (\w+(?: \w+)??)(?: \(silver\))?\s+gold\s+(\d+)\s+found (\d+)/\d+.*?"
            r"(?:speaker right (\d+)/|speaker for (\d+))",
            out,
            re.M,
        )
    }
    fig["via"] = {
        m.group(1): tuple(int(x) for x in m.group(2, 3, 4))
        for m in re.finditer(
            r"coref from a (\w+)\s+gold\s+(\d+)\s+found\s+(\d+)\s+speaker right (\d+)/", out
        )
    }
    fig["ci"] = {
        m.group(1): (m.group(2), m.group(3))
        for m in re.finditer(r"95% bootstrap over articles, ([\w ]+): \[([\d.]+), ([\d.]+)\]", out)
    }
    return fig


@pytest.mark.data
def test_in_process_figures_equal_the_reference_scorer() -> None:
    if not (DEFAULT_SCORER.is_file() and DEFAULT_DATA.is_file()):
        pytest.skip(f"PolNeAR scorer or data not found ({DEFAULT_SCORER}, {DEFAULT_DATA})")
    ref = _reference(LIMIT)
    sc = score_polnear(load_scorer(), load_polnear(limit=LIMIT))
    assert ref["kinds"], "the reference output was not understood"
    got = {
        "gold": sc.gold,
        "headlines": sc.headlines,
        "failures": len(sc.failures),
        "quotes": sc.newsdesk_quotes,
        "found": (sc.found, sc.gold),
        "speaker": (sc.right, sc.scored_found),
        "e2e": (sc.right, sc.scored),
        "kinds": {k: tuple(v) for k, v in sc.by_kind.items()},
        "via": {k: tuple(v) for k, v in sc.coref_via.items()},
        "ci": {
            name.replace("_", " "): (f"{100 * v[0]:.1f}", f"{100 * v[1]:.1f}")
            for name, v in sc.intervals.items()
            if v is not None
        },
    }
    assert got == ref


@pytest.mark.data
def test_eval_analysis_reports_polnear(capsys, tmp_path: Path) -> None:
    if not (DEFAULT_SCORER.is_file() and DEFAULT_DATA.is_file()):
        pytest.skip(f"PolNeAR scorer or data not found ({DEFAULT_SCORER}, {DEFAULT_DATA})")
    sc = score_polnear(load_scorer(), load_polnear(limit=3))
    args = ["eval", "analysis", *_no_labels(tmp_path), "--polnear-limit", "3"]
    assert main([*args, "--no-polnear", "--json"]) == EXIT_OK
    assert "polnear" not in json.loads(capsys.readouterr().out)
    assert main(args) == EXIT_OK
    table = capsys.readouterr().out
    assert f"found (detection recall)        {sc.found}/{sc.gold} = " in table
    assert main([*args, "--json"]) == EXIT_OK
    block = json.loads(capsys.readouterr().out)["polnear"]
    assert block["gold_quotes"] == sc.gold and block["found"] == sc.found
    assert block["speaker_accuracy"] == round(sc.right / sc.scored_found, 4)
    assert set(block["by_kind"]) <= {"named", "coref", "description", "unresolved", "no source"}


@pytest.mark.data
def test_each_found_quote_counts_for_the_rule_that_decided_it(capsys, tmp_path: Path) -> None:
    if not (DEFAULT_SCORER.is_file() and DEFAULT_DATA.is_file()):
        pytest.skip(f"PolNeAR scorer or data not found ({DEFAULT_SCORER}, {DEFAULT_DATA})")
    sc = score_polnear(load_scorer(), load_polnear(limit=3))
    # every found quote of a scored kind is counted once, for the rule of its quote
    assert sum(decided for _, decided in sc.by_rule.values()) == sc.scored_found
    assert sum(right for right, _ in sc.by_rule.values()) == sc.right
    assert set(sc.by_rule) <= {*attribution_rules(), NO_RULE}
    args = ["eval", "analysis", *_no_labels(tmp_path), "--polnear-limit", "3"]
    assert main([*args, "--json"]) == EXIT_OK
    rules = json.loads(capsys.readouterr().out)["polnear"]["rules"]
    assert {r: [v["right"], v["decided"]] for r, v in rules.items() if v["decided"]} == sc.by_rule
    assert main(args) == EXIT_OK
    table = capsys.readouterr().out
    assert "Attribution rules" in table and "named_speaker" in table
