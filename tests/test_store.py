"""The article store: migrations, idempotent and resumable ingest, briefs bookkeeping, CLI."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from _store_helpers import count_articles
from newsdesk.cli import main
from newsdesk.errors import NewsdeskError
from newsdesk.model import Article, article_id
from newsdesk.store import SCHEMA_VERSION, default_db_path, open_store

TOPICS = [
    ("Chile", "earthquake", "Santiago", "magnitude", "tsunami", "rescue", "collapsed"),
    ("Ohio", "election", "ballots", "recount", "governor", "turnout", "precinct"),
    ("Google", "Motorola", "acquisition", "billion", "patents", "regulators", "handset"),
    ("Nairobi", "marathon", "record", "runner", "kenyan", "finish", "sprint"),
    ("Louvre", "painting", "stolen", "museum", "thieves", "gallery", "guards"),
]
FILLER = ["the", "a", "of", "in", "and", "was", "that", "to", "for", "with", "on", "it", "by"]


def synthetic(n: int, *, seed: int = 0, topics: int = 5) -> list[dict[str, str]]:
    """Small articles: each about one topic, with filler; unique by their serial number."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        t = TOPICS[i % topics]
        body = " ".join(rng.choice(t + tuple(FILLER)) for _ in range(40))
        rows.append(
            {
                "text": f"{t[0]} {t[1]} report number {i}. {body}.",
                "title": f"{t[1]} in {t[0]}",
                "source": f"Outlet {i % 7}",
                "published": f"2024-03-{1 + i % 3:02d}",
            }
        )
    return rows


def write_jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def art(text: str, **kw: object) -> Article:
    return Article(id=article_id(text), text=text, **kw)  # type: ignore[arg-type]


def test_new_store_is_migrated_and_in_wal_mode(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "n.db"
    with open_store(db) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert len(store) == 0
        assert store.stories() == []
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # reopening applies nothing twice
    with open_store(db) as store:
        assert store.schema_version == SCHEMA_VERSION
    assert con.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == SCHEMA_VERSION


def test_store_refuses_a_newer_schema(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    with open_store(db):
        pass
    con = sqlite3.connect(db)
    con.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION + 1,))
    con.commit()
    con.close()
    with pytest.raises(NewsdeskError, match="newer"):
        open_store(db)


def test_default_path_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("NEWSDESK_DB", str(tmp_path / "env.db"))
    assert default_db_path() == tmp_path / "env.db"
    monkeypatch.delenv("NEWSDESK_DB")
    assert default_db_path().name == "newsdesk.db"


def test_add_is_idempotent_and_counts_everything(tmp_path: Path) -> None:
    arts = [art(r["text"], title=r["title"], source=r["source"]) for r in synthetic(40)]
    with open_store(tmp_path / "s.db") as store:
        first = store.add(arts + [art("   ")], batch_size=7)
        assert (first.added, first.already_present, len(first.rejected)) == (40, 0, 1)
        assert first.rejected[0].reason == "empty text"
        again = store.add(arts, batch_size=7)
        assert (again.added, again.already_present) == (0, 40)
        assert len(store) == 40
        sizes = sorted(s.size for s in store.stories())
        assert sum(sizes) == 40


def test_same_text_from_two_outlets_is_kept_and_linked(tmp_path: Path) -> None:
    text = synthetic(1)[0]["text"]
    a = art(text, source="AP")
    b = art(text, source="Yahoo News")  # wire copy: same id from the reader, another outlet
    with open_store(tmp_path / "s.db") as store:
        rep = store.add([a, b])
        assert (rep.added, rep.duplicates) == (2, 1)
        (story,) = store.stories()
        assert story.size == 2 and story.duplicates == 1
        assert set(story.outlets) == {"AP", "Yahoo News"}
        ids = [x.id for x in store.story_articles(story.id)]
        assert len(set(ids)) == 2 and ids[0] == a.id


def test_story_articles_since_last_brief(tmp_path: Path) -> None:
    rows = synthetic(10, topics=1)
    arts = [art(r["text"], title=r["title"]) for r in rows]
    with open_store(tmp_path / "s.db") as store:
        store.add(arts[:6])
        (story,) = store.stories()
        got = store.story_articles(story.id)
        assert [a.id for a in got] == [a.id for a in arts[:6]]
        assert got[0].title == arts[0].title
        store.mark_briefed(story.id, [a.id for a in got])
        assert store.story_articles(story.id, since_last=True) == []
        store.add(arts[6:])
        assert store.story_of(arts[9].id) == story.id
        new = store.story_articles(story.id, since_last=True)
        assert [a.id for a in new] == [a.id for a in arts[6:]]
        with pytest.raises(NewsdeskError, match="no story with id"):
            store.story_articles("nope")
        with pytest.raises(NewsdeskError, match="no story with id"):
            store.mark_briefed("nope", [])


def test_reopened_store_continues_exactly_like_one_run(tmp_path: Path) -> None:
    arts = [art(r["text"], title=r["title"], published=dt.date(2024, 3, 1)) for r in synthetic(90)]
    with open_store(tmp_path / "one.db") as store:
        store.add(arts, batch_size=1000)
        one = store.assignments()
    for part in (arts[:25], arts[25:60], arts[60:]):
        with open_store(tmp_path / "three.db") as store:
            store.add(part, batch_size=10)
    with open_store(tmp_path / "three.db") as store:
        assert store.assignments() == one


def test_recluster_reproduces_the_online_run_and_honours_a_new_threshold(tmp_path: Path) -> None:
    arts = [art(r["text"], title=r["title"]) for r in synthetic(60)]
    with open_store(tmp_path / "s.db") as store:
        store.add(arts, batch_size=16)
        before = store.assignments()
        n = store.recluster()
        assert store.assignments() == before
        assert n == len(store.stories())
        c, d = store.options()
        store.recluster(dataclasses.replace(c, threshold=0.99), d)
        assert len(store.stories()) > n
        assert store.options()[0].threshold == 0.99


MERGING = {"link_merge": 0.32}  # the cosine rule, merging stories an article links


def merging_stream(n: int, *, seed: int = 0) -> list[dict[str, str]]:
    """Every 600 articles, 6 new stories that start as two halves each (two vocabularies,
    so two stories) until articles using both halves merge them."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        block, j = divmod(i, 600)
        t = f"b{block}t{j % 6}"
        left = [f"{t}l{w}" for w in range(6)]
        right = [f"{t}r{w}" for w in range(6)]
        k = j // 6
        words = (left if k % 2 else right) if k < 6 else left + right
        body = " ".join(rng.choice(words + FILLER) for _ in range(50))
        rows.append({"text": f"Report {i}. {body}.", "source": f"Outlet {i % 7}"})
    return rows


@pytest.mark.parametrize("preset", [None, MERGING], ids=["defaults", "with-merges"])
def test_kill_9_during_add_loses_nothing_committed_and_rerun_completes(
    tmp_path: Path, preset: dict[str, float] | None
) -> None:
    from newsdesk.cluster import ClusterOptions

    n, batch = 3000, 50
    rows = synthetic(n, seed=3) if preset is None else merging_stream(n, seed=3)
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    db = tmp_path / "k.db"
    clean = tmp_path / "clean.db"
    if preset is not None:
        for path in (db, clean):
            with open_store(path) as store:
                store.set_options(ClusterOptions(**preset))
    cmd = [sys.executable, "-m", "newsdesk", "add", str(src), "--db", str(db)]
    cmd += ["--batch-size", str(batch)]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while count_articles(db) < 6 * batch and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None, "the add finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    committed = count_articles(db)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert 0 < committed < n and committed % batch == 0  # whole batches only
    orphans = con.execute(
        "SELECT COUNT(*) FROM articles WHERE story_id NOT IN (SELECT id FROM stories)"
    ).fetchone()[0]
    assert orphans == 0
    con.close()

    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{n - committed} added" in rerun.stderr
    assert f"{committed} already present" in rerun.stderr
    assert rerun.stdout == ""  # the closing line is a report, on standard error
    con = sqlite3.connect(db)
    rows = con.execute("SELECT COUNT(*), COUNT(DISTINCT content_hash) FROM articles").fetchone()
    assert rows == (n, n)
    con.close()

    # and the stories are exactly those of an uninterrupted run
    whole = subprocess.run(
        [*cmd[:6], str(clean), "--batch-size", str(batch)],
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert whole.returncode == 0
    with open_store(db) as a, open_store(clean) as b:
        assert a.assignments() == b.assignments()
    if preset is not None:  # merges were in play, before and after the kill ...
        logs = []
        for path in (db, clean):
            con = sqlite3.connect(path)
            sql = "SELECT article_id, merged, survivor FROM story_merges ORDER BY seq"
            logs.append(con.execute(sql).fetchall())
            con.close()
        assert logs[0] == logs[1]  # ... and the resumed engine knew the merges made before
        con = sqlite3.connect(db)
        merges = con.execute("SELECT COUNT(*) FROM story_merges").fetchone()[0]
        early = con.execute(
            "SELECT COUNT(*) FROM story_merges m JOIN articles a ON a.id = m.article_id"
            " WHERE a.seq <= ?",
            (committed,),
        ).fetchone()[0]
        con.close()
        assert merges > early > 0


def test_cli_add_stories_recluster(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = synthetic(12)
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    with (tmp_path / "in.jsonl").open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    db = str(tmp_path / "c.db")
    assert main(["add", str(src), "--db", db]) == 3
    out, err = capsys.readouterr()
    assert out == ""
    assert (
        "12 added, 0 linked as duplicates, 0 already present, 1 rejected (1 not valid JSON" in err
    )
    assert "in.jsonl:13" in err
    assert main(["stories", "--db", db, "--json"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sum(s["size"] for s in listed) == 12
    assert all(s["first_published"] and s["headline"] for s in listed)
    assert main(["stories", "--db", db, "--since", "2d"]) == 0
    assert listed[0]["id"] in capsys.readouterr().out
    assert main(["stories", "--db", db, "--since", "soon"]) == 2
    assert main(["recluster", "--db", db]) == 0
    assert "12 articles in" in capsys.readouterr().out


def test_a_version_1_store_is_migrated_and_its_stories_become_their_own_topics(
    tmp_path: Path,
) -> None:
    from newsdesk.store import MIGRATIONS

    db = tmp_path / "v1.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    MIGRATIONS[0].apply(con)
    con.execute("INSERT INTO schema_version (version) VALUES (1)")
    con.execute("INSERT INTO stories (id, seq, created_at) VALUES ('sold', 0, '2024-01-01')")
    # options written by version 1 carry a field this version no longer has
    con.execute(
        "INSERT INTO meta (key, value) VALUES ('cluster_options', ?)",
        (json.dumps({"threshold": 0.4, "entity_weight": 1.0}),),
    )
    con.commit()
    con.close()
    with open_store(db) as store:
        assert store.schema_version == SCHEMA_VERSION >= 2
        assert store.topics() == {"sold": "sold"}
        assert store.options()[0].threshold == 0.4


def test_stories_carry_their_topic_and_survive_a_reopen(tmp_path: Path) -> None:
    arts = [art(r["text"], title=r["title"]) for r in synthetic(30)]
    with open_store(tmp_path / "t.db") as store:
        rep = store.add(arts[:20], batch_size=6)
        assert 1 <= rep.new_topics <= rep.new_stories
        listed = store.stories()
        topics = store.topics()
        assert {s.id: s.topic for s in listed} == topics
        assert all(s.as_dict()["topic"] == topics[s.id] for s in listed)
        assert set(topics.values()) <= set(topics)  # a topic is named after its first story
    with open_store(tmp_path / "t.db") as store:
        store.add(arts[20:], batch_size=6)
        after = store.topics()
    with open_store(tmp_path / "one.db") as store:
        store.add(arts, batch_size=100)
        assert store.topics() == after  # interrupted or not, the same topics


def test_reader_keeps_copies_for_add_and_drops_them_for_brief(tmp_path: Path) -> None:
    from newsdesk.read import ReadOptions, read_articles

    text = synthetic(1)[0]["text"]
    (tmp_path / "ap.txt").write_text(text, encoding="utf-8")
    (tmp_path / "yahoo.txt").write_text(text, encoding="utf-8")
    default = read_articles(tmp_path)
    assert len(default.articles) == 1
    assert default.problems[0].reason.startswith("duplicate of ")
    kept = read_articles(tmp_path, options=ReadOptions(dedupe=False))
    assert kept.problems == [] and len(kept.articles) == 2
    assert len({a.id for a in kept.articles}) == 2  # each copy has an id of its own
    assert kept.articles[0].id == default.articles[0].id


def test_add_keeps_and_links_the_same_text_from_two_outlets_in_one_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = synthetic(1)[0]["text"]
    rows = [
        {"text": text, "source": "AP", "url": "https://ap.example/a"},
        {"text": text, "source": "Yahoo News", "url": "https://news.example/b"},
        {"text": text, "source": "AP", "url": "https://ap.example/a"},  # truly the same
    ]
    src = write_jsonl(tmp_path / "wire.jsonl", rows)
    db = str(tmp_path / "w.db")
    assert main(["add", str(src), "--db", db]) == 0
    err = capsys.readouterr().err
    assert "2 added, 1 linked as duplicates, 1 already present, 0 rejected" in err
    with open_store(db) as store:
        (story,) = store.stories()
        assert set(story.outlets) == {"AP", "Yahoo News"} and story.duplicates == 1
        (first, second) = store.assignments()
        assert second[2] == first[0] and first[0] != second[0]


def test_reading_commands_never_create_a_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.db"
    for argv in (
        ["stories", "--db", str(missing)],
        ["brief", "--story", "s1", "--db", str(missing)],
        ["recluster", "--db", str(missing)],
    ):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert f"no store at {missing}" in err and "newsdesk add" in err
        assert not missing.exists()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"")  # an empty file is no store either, and is left as it was
    assert main(["stories", "--db", str(junk)]) == 1
    assert "not a newsdesk store" in capsys.readouterr().err
    assert junk.read_bytes() == b""


def test_migrations_are_named_functions_applied_once_each(tmp_path: Path) -> None:
    from newsdesk.store import MIGRATIONS

    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert all(m.name == m.apply.__name__ for m in MIGRATIONS)
    db = tmp_path / "m.db"
    with open_store(db):
        pass
    con = sqlite3.connect(db)
    versions = [v for (v,) in con.execute("SELECT version FROM schema_version ORDER BY version")]
    assert versions == [m.version for m in MIGRATIONS]


def test_a_failing_migration_leaves_the_earlier_ones_committed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsdesk.store import MIGRATIONS, Migration, migrations

    def broken(db: object) -> None:
        db.execute("CREATE TABLE half_done (x INTEGER)")  # type: ignore[attr-defined]
        raise RuntimeError("disk on fire")

    failing = (*MIGRATIONS, Migration(SCHEMA_VERSION + 1, "broken", broken))
    monkeypatch.setattr(migrations, "MIGRATIONS", failing)
    monkeypatch.setattr("newsdesk.store.sqlite.MIGRATIONS", failing)
    monkeypatch.setattr("newsdesk.store.sqlite.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    db = tmp_path / "f.db"
    with pytest.raises(RuntimeError, match="disk on fire"):
        open_store(db)
    con = sqlite3.connect(db)
    assert con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "half_done" not in tables and "articles" in tables


def test_members_are_visible_in_stories_json_and_story(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = synthetic(10, topics=2)
    rows[0]["url"] = "https://outlet.example/a"
    rows[1]["url"] = "javascript:alert(1)"
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    db = str(tmp_path / "v.db")
    assert main(["add", str(src), "--db", db]) == 0
    capsys.readouterr()
    assert main(["stories", "--db", db, "--json"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    members = [m for s in listed for m in s["articles"]]
    assert len(members) == 10 == sum(s["size"] for s in listed)
    assert {m["outlet"] for m in members} == {r["source"] for r in rows}
    assert all(set(m) >= {"id", "title", "outlet", "url", "published"} for m in members)
    urls = {m["url"] for m in members}
    assert "https://outlet.example/a" in urls and "javascript:alert(1)" not in urls
    story = listed[0]
    assert main(["story", story["id"], "--db", db]) == 0
    out = capsys.readouterr().out
    assert f"{story['size']} articles" in out
    assert all(m["id"] in out for m in story["articles"])
    assert "javascript:" not in out
    assert main(["story", story["id"], "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["articles"] == story["articles"]
    assert main(["story", "nope", "--db", db]) == 1
    assert "no story with id 'nope'" in capsys.readouterr().err


def test_a_migration_a_store_lacks_is_applied_even_below_its_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Work done in parallel may give a store version 5 before version 4 exists; opening
    it with code that has both applies 4 (each version once, lowest first)."""
    from newsdesk.store import MIGRATIONS, Migration

    db = tmp_path / "gap.db"
    with open_store(db):
        pass
    con = sqlite3.connect(db)
    con.execute("DELETE FROM schema_version WHERE version = 4")
    con.commit()
    ran: list[int] = []

    def late(db: object) -> None:
        ran.append(4)

    patched = tuple(Migration(4, "late", late) if m.version == 4 else m for m in MIGRATIONS)
    monkeypatch.setattr("newsdesk.store.sqlite.MIGRATIONS", patched)
    with open_store(db) as store:
        assert store.schema_version == SCHEMA_VERSION
    with open_store(db):
        pass
    assert ran == [4]  # applied once, though the store had 5 already
    versions = [v for (v,) in con.execute("SELECT version FROM schema_version ORDER BY version")]
    assert versions == list(range(1, SCHEMA_VERSION + 1))
