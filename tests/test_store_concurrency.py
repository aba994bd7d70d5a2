"""Several writers and readers on one store at once: nothing lost, nothing crashes, and
the stories are exactly those of one serial ``add`` of the same articles in the order the
store committed them (batches interleave; each batch sees every batch committed before)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsdesk.model import Article
from newsdesk.store import open_store

WORDS = [
    ("Chile", "earthquake", "Santiago", "magnitude", "tsunami", "rescue", "collapsed"),
    ("Ohio", "election", "ballots", "recount", "governor", "turnout", "precinct"),
    ("Google", "Motorola", "acquisition", "billion", "patents", "regulators", "handset"),
    ("Nairobi", "marathon", "record", "runner", "kenyan", "finish", "sprint"),
    ("Louvre", "painting", "stolen", "museum", "thieves", "gallery", "guards"),
    ("Jakarta", "flood", "monsoon", "evacuated", "river", "villages", "rainfall"),
]
FILLER = ["the", "a", "of", "in", "and", "was", "that", "to", "for", "with", "on", "it", "by"]


def _original(i: int, rng: random.Random) -> dict[str, str]:
    t = WORDS[i % len(WORDS)]
    body = " ".join(rng.choice(t + tuple(FILLER)) for _ in range(80))
    return {
        "text": f"{t[0]} {t[1]} report number {i}. {body}.",
        "title": f"{t[1]} in {t[0]}",
        "source": f"Outlet {i % 7}",
        "url": f"https://outlet{i % 7}.example/{i}",
        "published": f"2024-03-{1 + i % 5:02d}",
    }


def _updated(row: dict[str, str]) -> dict[str, str]:
    """The same article as republished later: a line appended, a new URL."""
    return {
        **row,
        "text": row["text"] + " This article has been updated.",
        "url": row["url"] + "?v=2",
    }


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsdesk", *args]


def _snapshot(db: Path) -> tuple[list[tuple[str, str, str | None]], list[Article]]:
    with open_store(db) as store:
        return store.assignments(), store.articles_in_order()


def test_four_concurrent_adds_and_readers_equal_a_serial_add(tmp_path: Path) -> None:
    rng = random.Random(7)
    originals = [_original(i, rng) for i in range(240)]
    # the case: originals in one process, their updated copies in another
    inputs = [
        _write(tmp_path / "a.jsonl", originals[:120]),
        _write(tmp_path / "b.jsonl", [_updated(r) for r in originals[:120]]),
        _write(tmp_path / "c.jsonl", originals[120:]),
        _write(tmp_path / "d.jsonl", originals[180:] + [_updated(r) for r in originals[120:180]]),
    ]
    db = tmp_path / "shared.db"
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    writers = [
        subprocess.Popen(
            _cmd("add", str(p), "--db", str(db), "--batch-size", "15"),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for p in inputs
    ]
    reads = 0
    sizes: list[int] = []
    deadline = time.monotonic() + 120
    while any(w.poll() is None for w in writers) and time.monotonic() < deadline:
        r = subprocess.run(
            _cmd("stories", "--db", str(db), "--json"),
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        starting = not sizes and r.returncode == 1
        if starting and ("no store" in r.stderr or "not a newsdesk store" in r.stderr):
            continue  # the first writer has not created it yet
        assert r.returncode == 0, r.stderr
        listed = [json.loads(line) for line in r.stdout.splitlines()]
        sizes.append(sum(s["size"] for s in listed))
        reads += 1
    outs = [w.communicate(timeout=120) for w in writers]
    for w, (_out, err) in zip(writers, outs, strict=True):
        assert w.returncode == 0, err
        assert "Traceback" not in err
    assert reads >= 1
    assert sizes == sorted(sizes), "a reader saw the store shrink"

    assignments, ordered = _snapshot(db)
    assert len(assignments) == 420  # 240 originals + 180 updated copies, each stored once
    # every updated copy is linked to its original, as in any serial run
    linked = sum(1 for _, _, dup in assignments if dup is not None)
    serial_db = tmp_path / "serial.db"
    with open_store(serial_db) as store:
        from newsdesk.read import ReadOptions, read_articles

        for p in inputs:
            store.add(read_articles([p], options=ReadOptions(dedupe=False)).articles)
        serial_linked = sum(1 for _, _, dup in store.assignments() if dup is not None)
    assert linked == serial_linked >= 180

    # and the whole grouping equals one serial add of the same articles in commit order
    replay_db = tmp_path / "replay.db"
    with open_store(replay_db) as store:
        store.add(ordered, batch_size=1000)
        assert store.assignments() == assignments


def test_a_writer_sees_the_other_writers_commits(tmp_path: Path) -> None:
    """Two handles on one file, used in turn: the second must link to the first's
    articles and never reuse its story ids (before: a stale in-memory clusterer)."""
    rng = random.Random(3)
    rows = [_original(i, rng) for i in range(30)]
    arts = [Article(id=f"a{i}", text=r["text"], title=r["title"]) for i, r in enumerate(rows)]
    copies = [
        Article(id=f"b{i}", text=r["text"] + " Updated.", title=r["title"])
        for i, r in enumerate(rows)
    ]
    db = tmp_path / "two.db"
    with open_store(db) as one, open_store(db) as two:
        one.add(arts[:10])
        two.add(arts[10:15])  # two loads its state now
        one.add(arts[15:])  # one's state is stale unless it looks again
        rep = two.add(copies)  # every copy must link to an original
        assert rep.duplicates == 30
        assert rep.new_stories == 0
    with open_store(tmp_path / "serial.db") as store:
        store.add(arts[:10])
        store.add(arts[10:15])
        store.add(arts[15:])
        store.add(copies)
        serial = store.assignments()
    with open_store(db) as store:
        assert store.assignments() == serial


def test_a_writer_that_cannot_get_the_lock_says_so_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from newsdesk.errors import NewsdeskError

    db = tmp_path / "busy.db"
    monkeypatch.setattr("newsdesk.store.sqlite._BUSY_SECONDS", 0.2)
    with open_store(db) as store:
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another process in the middle of a long batch
        try:
            with pytest.raises(NewsdeskError, match="write lock"):
                store.add([Article(id="a1", text="Some words about a ferry in the harbour.")])
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert len(store) == 0
        store.add([Article(id="a1", text="Some words about a ferry in the harbour.")])
        assert len(store) == 1
