"""The summary evaluation harness, on a tiny Multi-News file written by the test."""

from __future__ import annotations

import gzip
import json

import pytest

from newsdesk.cli import main
from newsdesk.evaluate.summaries import EvalOptions, evaluate, reference_for_scoring

DOCS = [
    "The city council voted on Tuesday to close the old bridge . Engineers found cracks in "
    "two of its supports last month . The bridge carries 20,000 cars a day .",
    "Officials closed the old bridge after the council vote on Tuesday . Engineers had found "
    "cracks in its supports . Local shops fear lost trade during the closure .",
]


def _write(path, n: int = 3) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for i in range(n):
            row = {
                "id": f"c{i}",
                "documents": DOCS[: 1 + i % 2],
                "summary": "– The council closed the old bridge . Engineers found cracks .",
            }
            fh.write(json.dumps(row) + "\n")


def test_evaluate_scores_every_system_on_the_same_clusters(tmp_path) -> None:
    data = tmp_path / "mini.jsonl.gz"
    _write(data)
    report = evaluate(
        data, EvalOptions(systems=("centroid", "first3", "lexrank", "oracle"), memory_sample=2)
    )
    assert report.clusters == 3
    names = [s.name for s in report.systems]
    assert names == ["centroid", "first3", "lexrank", "oracle"]
    by = {s.name: s for s in report.systems}
    for s in report.systems:
        assert set(s.summaries) == {"c0", "c1", "c2"}
        assert s.peak_mb is not None and s.peak_mb >= 0
        assert 0 <= s.rouge["rouge1"].mean <= 100
    assert by["oracle"].rouge["rouge1"].mean >= by["first3"].rouge["rouge1"].mean


def test_limit_and_unknown_system(tmp_path) -> None:
    data = tmp_path / "mini.jsonl.gz"
    _write(data, n=5)
    report = evaluate(data, EvalOptions(limit=2, systems=("first3",), memory_sample=0))
    assert report.clusters == 2
    with pytest.raises(ValueError, match="unknown system"):
        EvalOptions(systems=("nope",))


def test_reference_is_split_one_sentence_a_line() -> None:
    assert reference_for_scoring("One fact . Another fact .").count("\n") == 1


def test_cli_json_and_outputs(tmp_path, capsys) -> None:
    data = tmp_path / "mini.jsonl.gz"
    _write(data)
    out = tmp_path / "out"
    code = main(
        [
            "eval",
            "summaries",
            str(data),
            "--json",
            "--systems",
            "first3,oracle",
            "--outputs",
            str(out),
            "--no-progress",
            "--memory-sample",
            "1",
        ]
    )
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert [s["name"] for s in report["systems"]] == ["first3", "oracle"]
    assert report["clusters"] == 3
    lines = (out / "first3.jsonl").read_text().splitlines()
    assert [json.loads(x)["id"] for x in lines] == ["c0", "c1", "c2"]


def test_cli_markdown_table(tmp_path, capsys) -> None:
    data = tmp_path / "mini.jsonl.gz"
    _write(data)
    assert main(["eval", "summaries", str(data), "--systems", "first3", "--no-progress"]) == 0
    table = capsys.readouterr().out
    assert table.startswith("| system | R1 | R2 |")
    assert "| first3 |" in table


def test_cli_missing_file(tmp_path, capsys) -> None:
    assert main(["eval", "summaries", str(tmp_path / "absent.jsonl")]) == 1
    assert "no such file" in capsys.readouterr().err
