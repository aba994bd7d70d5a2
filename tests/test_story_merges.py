"""Stories that merge as evidence arrives, and the learned same-story method, through the
store: merges are persisted, old ids resolve, and a reopened store replays them exactly."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.cluster import ClusterOptions, StoryClusterer
from newsdesk.errors import NewsdeskError
from newsdesk.model import Article, article_id
from newsdesk.store import open_store

FILLER = ["the", "a", "of", "in", "and", "was", "that", "to", "for", "with", "on", "it", "by"]
A = ("ferry", "capsized", "divers", "passengers", "lifeboats", "rescue", "hull")
B = ("mayor", "resigned", "council", "inquiry", "budget", "scandal", "vote")


def _text(words: tuple[str, ...], n: int, rng: random.Random) -> str:
    body = " ".join(rng.choice(words + tuple(FILLER)) for _ in range(60))
    return f"{words[0]} {words[1]} item {n}. {body}."


def _arts() -> list[Article]:
    rng = random.Random(11)
    texts = [_text(A, i, rng) for i in range(4)] + [_text(B, i, rng) for i in range(4)]
    bridge = " ".join(rng.choice(A + B) for _ in range(80))  # reports both at once
    texts.append(f"The ferry and the mayor. {bridge}.")
    texts += [_text(A, 10 + i, rng) for i in range(3)]
    return [Article(id=article_id(t), text=t, title=None) for t in texts]


MERGING = ClusterOptions(threshold=0.3, link_merge=0.3, entity_share=0.0)


def test_an_article_that_links_two_stories_merges_them() -> None:
    clu = StoryClusterer(MERGING)
    a = _arts()
    got = [clu.assign(x.id, clu.counts(x.text, None)) for x in a]
    merged = [g for g in got if g.merged]
    assert merged, "the bridging article should merge the two stories"
    (m,) = merged
    assert len(clu) == len({clu.resolve(g.story) for g in got})
    for old in m.merged:
        assert clu.resolve(old) == m.story
        assert clu.topic_of(old) == clu.topic_of(m.story)
    # without merges the same stream keeps more stories
    plain = StoryClusterer(ClusterOptions(threshold=0.3, entity_share=0.0))
    for x in a:
        plain.assign(x.id, plain.counts(x.text, None))
    assert len(plain) > len(clu)


def test_merges_are_stored_and_old_ids_resolve(tmp_path: Path, capsys) -> None:
    arts = _arts()
    db = tmp_path / "m.db"
    with open_store(db) as store:
        store.set_options(MERGING)
        store.add(arts[:8])
        before = {s.id for s in store.stories()}
        rep = store.add(arts[8:])
        assert rep.merged >= 1
        after = {s.id for s in store.stories()}
        gone = before - after
        assert gone, "a merged story is no longer listed"
        (old,) = gone
        survivor = store.resolve(old)
        assert survivor in after
        assert [a.id for a in store.story_articles(old)] == [
            a.id for a in store.story_articles(survivor)
        ]
        assert store.topics().keys() == after
        with pytest.raises(NewsdeskError, match="already holds articles"):
            store.set_options(MERGING)
    # the CLI brief of the old id is the survivor's brief
    assert main(["brief", "--story", old, "--db", str(db), "--words", "60"]) == 0
    assert "## Sources" in capsys.readouterr().out


def test_a_reopened_store_replays_merges_exactly(tmp_path: Path) -> None:
    arts = _arts()
    with open_store(tmp_path / "one.db") as store:
        store.set_options(MERGING)
        store.add(arts, batch_size=1000)
        one = store.assignments()
    with open_store(tmp_path / "parts.db") as store:
        store.set_options(MERGING)
    for lo, hi in ((0, 5), (5, 9), (9, len(arts))):
        with open_store(tmp_path / "parts.db") as store:
            store.add(arts[lo:hi], batch_size=2)
    logs = []
    for name in ("one.db", "parts.db"):
        con = sqlite3.connect(tmp_path / name)
        logs.append(con.execute("SELECT article_id, merged, survivor FROM story_merges").fetchall())
        con.close()
    assert logs[0] == logs[1] and logs[0]  # each merge made once, and known after reopening
    with open_store(tmp_path / "parts.db") as store:
        assert store.assignments() == one
        n = store.recluster()  # and a recluster reproduces it, merges included
        assert store.assignments() == one
        assert n > len({sid for _, sid, _ in one})  # stories started, one merged away


def test_the_learned_method_runs_through_the_store_and_resumes(tmp_path: Path) -> None:
    rng = random.Random(5)
    texts = [_text(A if i % 2 else B, i, rng) for i in range(24)]
    arts = [Article(id=article_id(t), text=t) for t in texts]
    learned = ClusterOptions(method="learned")
    with open_store(tmp_path / "l1.db") as store:
        store.set_options(learned)
        store.add(arts)
        one = store.assignments()
        assert store.options()[0].method == "learned"
        assert 1 <= len(store.stories()) < len(arts)
    with open_store(tmp_path / "l2.db") as store:
        store.set_options(learned)
    for lo, hi in ((0, 7), (7, 24)):
        with open_store(tmp_path / "l2.db") as store:
            store.add(arts[lo:hi], batch_size=3)
    with open_store(tmp_path / "l2.db") as store:
        assert store.assignments() == one


def test_a_store_from_before_merges_is_migrated(tmp_path: Path) -> None:
    from newsdesk.store import MIGRATIONS, SCHEMA_VERSION

    db = tmp_path / "v2.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for m in MIGRATIONS[:2]:
        m.apply(con)
        con.execute("INSERT INTO schema_version (version) VALUES (?)", (m.version,))
    con.commit()
    con.close()
    arts = _arts()
    with open_store(db) as store:
        assert store.schema_version == SCHEMA_VERSION
        store.add(arts[:3])
        assert len(store.stories()) >= 1


def test_recluster_switches_a_store_to_the_learned_method_and_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    rng = random.Random(2)
    rows = [{"text": _text(A if i % 2 else B, i, rng), "source": f"O{i % 3}"} for i in range(20)]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = str(tmp_path / "r.db")
    assert main(["add", str(src), "--db", db]) == 0
    assert main(["recluster", "--db", db, "--method", "learned", "--threshold", "0.5"]) == 0
    assert "method learned, threshold 0.5" in capsys.readouterr().out
    with open_store(db) as store:
        c = store.options()[0]
        assert (c.method, c.link_threshold) == ("learned", 0.5)
        assert c.threshold == ClusterOptions().threshold  # the cosine rule's is untouched
    assert main(["recluster", "--db", db, "--method", "cosine"]) == 0
    assert "method cosine, threshold 0.3" in capsys.readouterr().out
    assert main(["recluster", "--db", db, "--threshold", "1.5"]) == 2
