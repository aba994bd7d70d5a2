"""Hostile input: names, URLs and text that try to reach a terminal, a Markdown renderer or
a JSON consumer as something other than inert data (issue 25)."""

import datetime as dt
import errno
import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from newsdesk.cli import EXIT_FAILURE, EXIT_OK, EXIT_PARTIAL, main
from newsdesk.model import (
    Analysis,
    Article,
    Brief,
    BriefSentence,
    Citation,
    Entity,
    Event,
    Fact,
    InputProblem,
    Quote,
)
from newsdesk.render import schema, to_html, to_json, to_markdown
from newsdesk.render._common import http_url
from newsdesk.text import printable

ROOT = Path(__file__).resolve().parents[1]
HARBOUR = ROOT / "tests" / "fixtures" / "read" / "harbour.html"

# every character a terminal or a Markdown renderer may act on, other than the newlines
# that the Markdown itself is made of
CONTROL = {chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))} - {"\n"}

BREAKOUT_URL = "https://e.example/x\n[y](javascript:alert(1))"


def _brief(**article: object) -> Brief:
    text = "The council met on Tuesday. It approved the budget."
    a = Article(id="a1", text=text, origin="a.txt", **article)  # type: ignore[arg-type]
    return Brief(
        articles=(a,),
        sentences=(BriefSentence("The council met on Tuesday.", (Citation("a1", 0, 27),)),),
        method="centroid",
    )


def run(capsys, *argv):
    code = main([*map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


# --- URLs: only http(s), and never with whitespace or control characters inside ------------


@pytest.mark.parametrize(
    "url",
    [
        BREAKOUT_URL,
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "https://e.example/a\tb",
        "https://e.example/a b",
        "https://e.example/\x1b[31mred",
        "https://e.example/\x85next",
        "https://e.example/\u2028line",
        "https://e.example/\u202eevil",
        "https://",
        "http:///no-host",
        "//e.example/protocol-relative",
        "",
        None,
    ],
)
def test_only_clean_http_urls_are_urls(url):
    assert http_url(url) is None


@pytest.mark.parametrize(
    "url,expected",
    [
        ("https://e.example/x?a=1&b=2#top", "https://e.example/x?a=1&b=2#top"),
        ("HTTP://E.example/X", "HTTP://E.example/X"),
        ("  https://e.example/x\n", "https://e.example/x"),
    ],
)
def test_http_urls_are_kept(url, expected):
    assert http_url(url) == expected


def test_markdown_url_with_a_newline_makes_no_link():
    md = to_markdown(_brief(source="Outlet", url=BREAKOUT_URL))
    assert "javascript" not in md
    assert "](" not in md
    sources = md.split("## Sources", 1)[1]
    assert "e.example" not in sources


@pytest.mark.parametrize(
    "url", [BREAKOUT_URL, "javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4="]
)
def test_json_emits_only_http_urls(url):
    data = to_json(_brief(source="Outlet", url=url))
    jsonschema.validate(data, schema())
    assert data["sources"][0]["url"] is None
    html = to_html(_brief(source="Outlet", url=url))
    assert "javascript" not in html and "data:" not in html


def test_json_keeps_an_http_url():
    data = to_json(_brief(url="https://e.example/story"))
    jsonschema.validate(data, schema())
    assert data["sources"][0]["url"] == "https://e.example/story"


# --- control characters in names and text -------------------------------------------------


def test_printable_escapes_control_characters():
    assert printable("a\nb\tc\rd\x1be\x7ff\x85g\x00h\x9b") == (
        "a\\nb\\tc\\rd\\x1be\\x7ff\\x85g\\x00h\\x9b"
    )
    assert printable("line\u2028sep\u202eevil") == "line\\u2028sep\\u202eevil"
    ordinary = "Zürich – “quoted” 東京 C:\\path é"
    assert printable(ordinary) == ordinary


def test_input_problem_prints_as_one_inert_line():
    p = InputProblem("a.txt\nnewsdesk: warning: forged", "bad \x1b[2J byte")
    assert str(p) == "a.txt\\nnewsdesk: warning: forged: bad \\x1b[2J byte"
    assert p.input == "a.txt\nnewsdesk: warning: forged"  # the data itself is kept


def test_a_file_name_cannot_forge_a_warning_or_reach_the_terminal(capsys, tmp_path):
    shutil.copy(HARBOUR, tmp_path / "harbour.html")
    forged = tmp_path / "x\nnewsdesk: warning: all inputs are fine"
    forged.write_text("", encoding="utf-8")
    esc = tmp_path / "title\x1b]0;pwned\x07\x1b[2J.txt"
    esc.write_text("", encoding="utf-8")
    code, out, err = run(capsys, "brief", tmp_path)
    assert code == EXIT_PARTIAL
    lines = err.splitlines()
    assert len(lines) == 2
    assert not any(line.startswith("newsdesk: warning: all inputs") for line in lines)
    assert "x\\nnewsdesk: warning: all inputs are fine: empty" in err
    assert "title\\x1b]0;pwned\\x07\\x1b[2J.txt: empty" in err
    assert not CONTROL & set(err) and not CONTROL & set(out)
    assert not any(line.startswith("newsdesk: warning") for line in out.splitlines())


def test_cli_errors_escape_names(capsys, tmp_path):
    code, _, err = run(capsys, "brief", HARBOUR, "-o", tmp_path / "no\x1b[2Jdir" / "b.md")
    assert code == EXIT_FAILURE
    assert "no\\x1b[2Jdir" in err
    assert not CONTROL & set(err)


def test_markdown_carries_no_control_characters_from_articles():
    evil = "\x1b]0;pwned\x07\x1b[2J\x9b31m\x7f\x00"
    text = f"The council met on Tuesday.{evil} It approved the budget."
    a = Article(
        id="a1",
        text=text,
        title=f"Title{evil}",
        source=f"Outlet{evil}",
        author=f"Author{evil}",
        language=f"fr{evil}",
        origin=f"dir\n# heading/a{evil}.txt",
        url="https://e.example/x",
    )
    brief = Brief(
        articles=(a,),
        sentences=(BriefSentence(f"Met.{evil}", (Citation("a1", 0, 27),)),),
        analysis=Analysis(
            agreements=(Fact(f"Fact{evil}", ()),),
            quotes=(Quote(f"Said{evil}", f"Speaker{evil}", f"role{evil}", ()),),
            entities=(Entity(f"Name{evil}", "person", (f"Alias{evil}",), ()),),
            timeline=(Event(None, None, f"Tuesday{evil}", f"Event{evil}", ()),),
        ),
        method="centroid",
        title=f"Title{evil}",
        problems=(InputProblem(f"in\n## Forged{evil}", f"reason{evil}"),),
    )
    md = to_markdown(brief)
    assert not CONTROL & set(md)
    assert "\\x1b]0;pwned\\x07" in md
    assert not any(line.startswith(("# heading", "## Forged")) for line in md.splitlines())


# --- directories that cannot be listed, symlink loops --------------------------------------


def _deny(monkeypatch, locked: Path) -> None:
    """Make ``locked`` unlistable, as chmod 000 does for anyone but root."""
    real = os.scandir

    def scandir(path="."):
        if Path(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_unlistable_directory_is_reported(capsys, monkeypatch, tmp_path):
    shutil.copy(HARBOUR, tmp_path / "harbour.html")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text("The council met on Tuesday.", encoding="utf-8")
    _deny(monkeypatch, locked)
    code, _, err = run(capsys, "brief", tmp_path)
    assert code == EXIT_PARTIAL
    assert f"newsdesk: warning: {locked}: permission denied" in err.splitlines()


def test_unlistable_directory_alone_is_named(capsys, monkeypatch, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    _deny(monkeypatch, locked)
    code, _, err = run(capsys, "brief", locked)
    assert code == EXIT_FAILURE
    assert f"newsdesk: warning: {locked}: permission denied" in err.splitlines()


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads a chmod 000 folder"
)
def test_chmod_000_directory_is_reported(capsys, tmp_path):
    shutil.copy(HARBOUR, tmp_path / "harbour.html")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        code, _, err = run(capsys, "brief", tmp_path)
    finally:
        locked.chmod(0o700)
    assert code == EXIT_PARTIAL
    assert f"newsdesk: warning: {locked}: permission denied" in err.splitlines()


def test_symlink_loop_is_reported_as_one(capsys, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(HARBOUR, folder / "harbour.html")
    loop = folder / "loop.txt"
    loop.symlink_to(loop.name)
    broken = folder / "broken.txt"
    broken.symlink_to("nowhere.txt")
    code, _, err = run(capsys, "brief", folder)
    assert code == EXIT_PARTIAL
    lines = err.splitlines()
    assert f"newsdesk: warning: {loop}: symlink loop (too many levels of symbolic links)" in lines
    assert f"newsdesk: warning: {broken}: broken symbolic link" in lines

    code, _, err = run(capsys, "brief", loop)
    assert code == EXIT_FAILURE
    assert f"newsdesk: warning: {loop}: symlink loop" in err


def test_unreadable_file_says_permission_denied(capsys, monkeypatch, tmp_path):
    from newsdesk.read import _source

    shutil.copy(HARBOUR, tmp_path / "harbour.html")
    secret = tmp_path / "secret.txt"
    secret.write_text("The council met on Tuesday.", encoding="utf-8")

    def deny(name, *args, **kwargs):
        if Path(name) == secret:
            raise PermissionError(errno.EACCES, "Permission denied", str(name))
        return open(name, *args, **kwargs)

    monkeypatch.setattr(_source, "open", deny, raising=False)
    code, _, err = run(capsys, "brief", tmp_path)
    assert code == EXIT_PARTIAL
    assert f"newsdesk: warning: {secret}: permission denied" in err.splitlines()


def test_links_to_folders_inside_a_directory_are_not_followed(tmp_path):
    from newsdesk.read import list_inputs

    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_text("x", encoding="utf-8")
    (folder / "sub" / "up").symlink_to("..")  # would read the tree forever
    (folder / "again").symlink_to("sub")
    assert list_inputs(folder) == [str(folder / "sub" / "a.txt")]


def test_strict_error_escapes_the_name(capsys, tmp_path):
    forged = tmp_path / "x\nnewsdesk: error: forged\x1b[2J"
    forged.write_text("", encoding="utf-8")
    code, _, err = run(capsys, "brief", forged, "--strict")
    assert code == EXIT_FAILURE
    assert len(err.splitlines()) == 1
    assert not CONTROL & set(err)


# --- the timeline shows the precision the analysis has -------------------------------------


def test_html_timeline_does_not_pad_partial_dates():
    events = (
        Event(dt.date(2010, 1, 1), "year", "2010", "It began in 2010.", ()),
        Event(dt.date(2013, 1, 1), "year", "today", "Today it ends.", ()),
        Event(dt.date(2012, 3, 1), "month", "in March", "In March it paused.", ()),
        Event(dt.date(2012, 3, 5), "day", "March 5", "On March 5 it resumed.", ()),
        Event(None, None, "the weekend", "Over the weekend.", ()),
    )
    brief = Brief(articles=_brief().articles, sentences=(), analysis=Analysis(timeline=events))
    html = to_html(brief)
    md = to_markdown(brief)
    for when in ("2010", "2013", "2012-03", "2012-03-05", "undated"):
        assert f"<strong>{when}</strong>" in html
        assert f"**{when}**" in md
    assert "2010-01-01" not in html and "2013-01-01" not in html
    assert "2012-03-01" not in html


# --- library logging stays off the terminal without -v --------------------------------------


def _bare_root(monkeypatch) -> None:
    """The root logger as a fresh process has it: pytest adds handlers of its own for each
    test phase, so this runs inside the test."""
    monkeypatch.setattr(logging.root, "handlers", [])
    for name in ("newsdesk", "trafilatura", "trafilatura.core"):
        logger = logging.getLogger(name)
        monkeypatch.setattr(logger, "handlers", list(logger.handlers))
        monkeypatch.setattr(logger, "level", logger.level)
    monkeypatch.setattr(logging.root, "level", logging.root.level)


def _empty_page(tmp_path: Path) -> Path:
    page = tmp_path / "empty.html"  # trafilatura logs "discarding data: None" for it
    page.write_text("<html><body></body></html>", encoding="utf-8")
    return page


def test_trafilatura_logging_stays_off_stderr(capsys, monkeypatch, tmp_path):
    _bare_root(monkeypatch)
    code, _, err = run(capsys, "brief", _empty_page(tmp_path), HARBOUR)
    assert code == EXIT_PARTIAL
    assert "discarding" not in err
    assert err.splitlines() == [
        f"newsdesk: warning: {tmp_path / 'empty.html'}: no article text found"
    ]


def test_trafilatura_logging_shows_under_verbose(capsys, monkeypatch, tmp_path):
    _bare_root(monkeypatch)
    code, _, err = run(capsys, "-v", "brief", _empty_page(tmp_path), HARBOUR)
    assert code == EXIT_PARTIAL
    assert "newsdesk: trafilatura: discarding data: None" in err.splitlines()


def test_a_real_process_prints_no_library_lines(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "newsdesk", "brief", str(_empty_page(tmp_path)), str(HARBOUR)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == EXIT_PARTIAL
    assert proc.stderr.splitlines() == [
        f"newsdesk: warning: {tmp_path / 'empty.html'}: no article text found"
    ]


def test_json_output_of_a_hostile_run_is_valid(capsys, tmp_path):
    shutil.copy(HARBOUR, tmp_path / "harbour.html")
    (tmp_path / "evil\x1b.jsonl").write_text(
        json.dumps(
            {
                "text": "The council met on Tuesday and approved the budget for the harbour "
                "repairs after a long debate about the cost of the work.",
                "url": BREAKOUT_URL,
                "title": "Council\x1b[2J",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "brief", tmp_path, "--format", "json")
    assert code == EXIT_OK
    data = json.loads(out)
    jsonschema.validate(data, schema())
    assert [s["url"] for s in data["sources"]].count(None) == 1
