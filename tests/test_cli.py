import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from newsdesk.cli import EXIT_FAILURE, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, main
from newsdesk.render import schema

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "assange"
FIX = ROOT / "tests" / "fixtures" / "read"


def run(capsys, *argv):
    code = main(["brief", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_brief_of_example_in_markdown(capsys):
    code, out, err = run(capsys, EXAMPLE, "--words", "80")
    assert code == EXIT_OK
    assert err == ""
    assert out.startswith("# ")
    assert "## Sources" in out
    assert "[1]" in out


def test_brief_json_to_file_is_valid(capsys, tmp_path):
    target = tmp_path / "brief.json"
    code, out, err = run(capsys, EXAMPLE, "--format", "json", "-o", target, "--no-analysis")
    assert code == EXIT_OK
    assert out == ""
    data = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema())
    assert len(data["sources"]) == 3
    assert all(v == [] for v in data["analysis"].values())


def test_brief_html(capsys):
    code, out, _ = run(capsys, FIX / "harbour.html", "--format", "html")
    assert code == EXIT_OK
    assert out.startswith("<!DOCTYPE html>")
    assert "Northport Gazette" in out


def test_single_article_still_gets_a_brief(capsys):
    code, out, _ = run(capsys, FIX / "harbour.html", "--words", "30")
    assert code == EXIT_OK
    assert "Harbour bridge reopens after storm repairs" in out
    assert "[1]" in out


def test_rejected_inputs_give_warnings_and_exit_3(capsys, tmp_path):
    missing = tmp_path / "missing.txt"
    code, out, err = run(capsys, FIX / "articles.jsonl", missing)
    assert code == EXIT_PARTIAL
    assert f"newsdesk: warning: {missing}: no such file or directory" in err.splitlines()
    assert f'newsdesk: warning: {FIX / "articles.jsonl"}:4: missing or empty "text"' in err
    assert "## Problems" in out


def test_quiet_hides_warnings_but_not_the_exit_code(capsys, tmp_path):
    code, _, err = run(capsys, FIX / "harbour.html", tmp_path / "nope", "--quiet")
    assert code == EXIT_PARTIAL
    assert err == ""


def test_nothing_usable_exits_1(capsys, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    code, out, err = run(capsys, empty, FIX / "empty-page.html")
    assert code == EXIT_FAILURE
    assert out == ""
    assert f"newsdesk: warning: {empty}: empty" in err
    assert f"newsdesk: warning: {FIX / 'empty-page.html'}: no article text found" in err
    assert "newsdesk: error: no usable articles" in err


def test_strict_makes_any_problem_fatal(capsys, tmp_path):
    code, out, err = run(capsys, EXAMPLE, tmp_path / "nope.txt", "--strict")
    assert code == EXIT_FAILURE
    assert out == ""
    assert "nope.txt: no such file or directory" in err


def test_input_format_override(capsys):
    code, out, _ = run(capsys, FIX / "harbour.html", "--input-format", "text")
    assert code == EXIT_OK
    assert "&lt;" not in out and "\\<p\\>" in out  # markup read as text, escaped in Markdown


def test_usage_errors_exit_2(capsys):
    assert run(capsys)[0] == EXIT_USAGE
    assert run(capsys, EXAMPLE, "--words", "0")[0] == EXIT_USAGE
    code, _, err = run(capsys, EXAMPLE, "--method", "no-such-method")
    assert code == EXIT_USAGE
    assert "choose one of" in err
    assert run(capsys, EXAMPLE, "--since-last")[0] == EXIT_USAGE
    assert run(capsys, EXAMPLE, "--story", "s1")[0] == EXIT_USAGE
    with pytest.raises(SystemExit) as exc:
        main(["brief", str(EXAMPLE), "--format", "pdf"])
    assert exc.value.code == EXIT_USAGE
    capsys.readouterr()


def test_stdin_dash(capsys, monkeypatch):
    data = (FIX / "articles.jsonl").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, err = run(capsys, "-", "--format", "json")
    assert code == EXIT_PARTIAL  # the fixture has three broken lines
    assert "newsdesk: warning: <stdin>:3: not valid JSON" in err
    origins = [s["origin"] for s in json.loads(out)["sources"]]
    assert origins == ["<stdin>:1", "<stdin>:2", "<stdin>:7"]


def test_unwritable_output_exits_1(capsys, tmp_path):
    code, _, err = run(capsys, EXAMPLE, "-o", tmp_path / "no" / "such" / "dir" / "b.md")
    assert code == EXIT_FAILURE
    assert "cannot write" in err


def test_help_mentions_every_flag(capsys):
    with pytest.raises(SystemExit):
        main(["brief", "--help"])
    out = capsys.readouterr().out
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for flag in (
        "--words",
        "--method",
        "--format",
        "--output",
        "--input-format",
        "--strict",
        "--no-analysis",
        "--quiet",
        "--story",
        "--since-last",
        "--db",
    ):
        assert flag in out
        assert f"`{flag}" in doc, f"docs/cli.md does not document {flag}"


class _FakeStore:
    """Stands in for newsdesk.store (another module) to test the --story branch's calls."""

    def __init__(self, articles):
        self.articles = articles
        self.calls = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.calls.append(("closed",))

    def story_articles(self, story_id, *, since_last=False):
        self.calls.append(("story_articles", story_id, since_last))
        return [] if since_last else list(self.articles)

    def mark_briefed(self, story_id, article_ids):
        self.calls.append(("mark_briefed", story_id, list(article_ids)))


def test_story_branch_uses_the_store(capsys, monkeypatch, tmp_path):
    import types

    from newsdesk.read import read_articles

    articles = read_articles(EXAMPLE).articles
    store = _FakeStore(articles)
    opened = []
    fake = types.ModuleType("newsdesk.store")
    fake.open_store = lambda db, create=True: opened.append((db, create)) or store
    monkeypatch.setitem(sys.modules, "newsdesk.store", fake)

    code, out, _ = run(capsys, "--story", "s1", "--db", tmp_path / "n.db", "--words", "50")
    assert code == EXIT_OK
    assert "## Sources" in out
    assert opened == [(str(tmp_path / "n.db"), False)]  # a reading command creates no store
    assert store.calls == [
        ("story_articles", "s1", False),
        ("mark_briefed", "s1", [a.id for a in articles]),
        ("closed",),
    ]

    store.calls.clear()
    code, out, err = run(capsys, "--story", "s1", "--since-last")
    assert code == EXIT_FAILURE
    assert out == ""
    assert "story s1: no articles to brief" in err
    assert ("mark_briefed", "s1", []) not in store.calls
    assert opened[-1] == (None, False)


def test_console_script_on_the_readme_demo(tmp_path):
    exe = shutil.which("newsdesk")
    if exe is None:
        pytest.skip("the newsdesk console script is not installed (pip install -e .)")
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS",)}
    proc = subprocess.run(
        [exe, "brief", "examples/assange/", "--words", "60"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert proc.returncode == EXIT_OK, proc.stderr
    assert proc.stdout.startswith("# ")
    assert "## Sources" in proc.stdout
    assert proc.stderr == ""


def test_console_script_reads_standard_input():
    exe = shutil.which("newsdesk")
    if exe is None:
        pytest.skip("the newsdesk console script is not installed (pip install -e .)")
    proc = subprocess.run(
        [exe, "brief", "-", "--format", "json", "--words", "40"],
        input=(FIX / "feed.xml").read_bytes(),
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == EXIT_PARTIAL  # the feed's third entry has no text
    assert b"newsdesk: warning: <stdin>#3: feed entry has no content or summary text" in proc.stderr
    data = json.loads(proc.stdout)
    assert [s["origin"] for s in data["sources"]] == ["<stdin>#1", "<stdin>#2"]


FRENCH = (
    "Le conseil municipal a approuvé mardi soir trois nouvelles lignes de bus qui relient le "
    "quartier du port avec le campus de l'université et l'hôpital. Les responsables ont dit "
    "que la première ligne sera ouverte en avril et que les prix ne changent pas."
)


def test_non_english_is_a_warning_not_a_rejection(capsys, tmp_path):
    p = tmp_path / "fr.txt"
    p.write_text(FRENCH, encoding="utf-8")
    code, out, err = run(capsys, p, FIX / "harbour.html")
    assert code == EXIT_OK
    assert f"newsdesk: warning: {p}: looks like non-English text (fr?)" in err
    assert "## Problems" in out
    code, out, _ = run(capsys, p, FIX / "harbour.html", "--strict")
    assert code == EXIT_FAILURE
    assert out == ""


def _labelled_clusters(tmp_path: Path) -> tuple[Path, Path]:
    """Two one-article clusters, one labelled as development data, one as the blind test6,
    each with a quote whose labelled speaker the analysis cannot get right."""
    import gzip
    import hashlib

    text = (
        "The mayor spoke on Monday about the new bridge over the river.\n\n"
        '"We will open the bridge next spring," Jane Roe said at the meeting.'
    )
    quote = "We will open the bridge next spring,"
    start = text.index(quote)
    data = tmp_path / "raw.jsonl.gz"
    labels = tmp_path / "labels"
    labels.mkdir()
    rows = []
    with gzip.open(data, "wt", encoding="utf-8") as f:
        for cid, split in (("c-dev", None), ("c-blind", "test6")):
            f.write(json.dumps({"id": cid, "documents": [text], "summary": ""}) + "\n")
            row = {
                "cluster": cid,
                "doc": 0,
                "start": start,
                "end": start + len(quote),
                "sha1": hashlib.sha1(quote.encode()).hexdigest()[:10],
                "speaker": "Someone Else",
            }
            rows.append(row | ({"split": split} if split else {}))
    (labels / "quotes.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return labels, data


def test_eval_analysis_misses_leave_out_the_blind_splits(capsys, tmp_path):
    labels, data = _labelled_clusters(tmp_path)
    base = ["eval", "analysis", str(labels), "--data", str(data), "--no-polnear"]
    assert main([*base, "--misses"]) == EXIT_OK
    err = capsys.readouterr().err
    assert "c-dev" in err
    assert "c-blind" not in err
    assert "blind splits test6 not listed" in err
    assert main([*base, "--misses", "--blind"]) == 0
    assert "c-blind" in capsys.readouterr().err


def test_eval_analysis_pools_the_blind_splits_with_intervals(capsys, tmp_path):
    labels, data = _labelled_clusters(tmp_path)
    base = ["eval", "analysis", str(labels), "--data", str(data), "--no-polnear"]
    assert main([*base, "--json"]) == EXIT_OK
    columns = json.loads(capsys.readouterr().out)
    assert list(columns) == ["all", "dev", "test6", "blind"]
    assert columns["blind"]["quotes"] == columns["test6"]["quotes"] == 1
    # the one labelled speaker is missed: a one-cluster interval has no spread
    assert columns["blind"]["speaker_accuracy"] == 0.0
    assert columns["blind"]["speaker_accuracy_ci"] == [0.0, 0.0]
    assert columns["all"]["conflict_precision_ci"] is None  # nothing reported
    # the found quote, by how its speaker was found: "Jane Roe said", named, and wrong
    assert (columns["blind"]["named_quotes"], columns["blind"]["named_speaker_acc"]) == (1, 0.0)
    assert columns["blind"]["inferred_quotes"] == 0
    assert main(base) == EXIT_OK
    table = capsys.readouterr().out
    assert "speaker_accuracy_ci" in table and "blind" in table.splitlines()[0]
