"""``newsdesk fetch``, ``watch`` and ``feeds`` from the command line, and a ``kill -9``
in the middle of a watch round: nothing committed lost, nothing doubled."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from _store_helpers import count_articles
from fetch_server import FetchServer, Response, Seen, article_html, rss, summary
from newsdesk.cli import main

FAST = ["--allow-private", "--per-host-delay", "0", "--timeout", "1", "--retries", "0"]


def _site(hosts: int, feeds: int, entries: int) -> Any:
    """Feeds /f{k}.xml on every host, each with ``entries`` articles /f{k}/{i}."""

    def route(seen: Seen) -> Response:
        path = seen.path
        if path == "/robots.txt":
            return Response(body=b"User-agent: *\nDisallow: /private\n", content_type="text/plain")
        if path.endswith(".xml"):
            k = path[2:-4]
            b = f"http://127.0.0.1:{seen.port}"
            items = [(f"{k}-{i}", f"{b}/f{k}/{i}", f"Story {k} {i}", summary(f"{k}{i}{b}"))
                     for i in range(entries)]  # fmt: skip
            return Response(body=rss(f"Feed {k}", items), content_type="application/rss+xml")
        if path.startswith("/f"):
            return Response(body=article_html(f"{seen.port}{path}"))
        return Response(404)

    return route


def test_fetch_pages_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "f.db")
    routes = {"/robots.txt": Response(404), "/a": Response(body=article_html("a")),
              "/b": Response(body=article_html("b"))}  # fmt: skip
    with FetchServer(routes) as s:
        urls = [s.url("/a"), s.url("/b"), s.url("/missing"), "ftp://example.org/x"]
        assert main(["fetch", *urls, "--db", db, *FAST]) == 3
        err = capsys.readouterr().err
        assert f"rejected: {s.url('/missing')}: HTTP 404" in err
        assert "rejected: ftp://example.org/x: not an http(s) URL" in err
        assert "2 added" in err
        assert main(["fetch", s.url("/a"), "--db", db, *FAST]) == 0
        assert "1 already stored" in capsys.readouterr().err
        assert s.hits("/a") == 1
        # without --allow-private a loopback address is refused, and named
        assert main(["fetch", s.url("/b"), "--db", str(tmp_path / "g.db")]) == 1
        assert "loopback address" in capsys.readouterr().err


def test_watch_once_with_opml_then_feeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "w.db")
    with FetchServer(_site(1, 2, 3)) as s:
        opml = tmp_path / "feeds.opml"
        opml.write_text(
            "<?xml version='1.0'?><opml version='2.0'><body><outline text='News'>"
            f"<outline text='One' xmlUrl='{s.url('/f1.xml')}'/>"
            f"<outline text='Gone' xmlUrl='{s.url('/nothing')}'/>"
            "<outline text='Bad' xmlUrl='file:///etc/passwd'/></outline></body></opml>"
        )
        assert main(["watch", str(opml), "--once", "--db", db, *FAST]) == 3
        err = capsys.readouterr().err
        assert "file:///etc/passwd" in err and "not an http(s) URL" in err
        assert f"{s.url('/nothing')}: failed (HTTP 404)" in err
        assert "3 new articles" in err
    assert main(["feeds", "--db", db, "--json"]) == 0
    rows = {r["url"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert rows[s.url("/f1.xml")]["articles"] == 3 and rows[s.url("/f1.xml")]["title"] == "One"
    assert rows[s.url("/nothing")]["failures"] == 1
    assert main(["feeds", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "HTTP 404" in out and "ok" in out


def test_watch_rejects_a_missing_list_and_bad_every(tmp_path: Path, capsys: Any) -> None:
    assert main(["watch", str(tmp_path / "none.txt"), "--once", "--db", str(tmp_path / "x")]) == 1
    assert "none.txt" in capsys.readouterr().err
    assert main(["watch", "--every", "soon", "--once", "--db", str(tmp_path / "x")]) == 2


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="needs Linux's /proc")
def test_kill_9_mid_round_loses_and_doubles_nothing(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    hosts, feeds, entries = 4, 4, 10
    with FetchServer(_site(hosts, feeds, entries), ports=hosts, latency=(0.03, 0.06)) as s:
        lst = tmp_path / "feeds.txt"
        lst.write_text("".join(f"{s.url(f'/f{k}.xml', h)}\n"
                               for h in range(hosts) for k in range(feeds)))  # fmt: skip
        cmd = [sys.executable, "-m", "newsdesk", "watch", str(lst), "--once", "--db", str(db),
               "--allow-private", "--per-host-delay", "0.02"]  # fmt: skip
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while count_articles(db) < 20 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        children = _children(proc.pid)  # the extraction worker (and its tracker)
        assert children
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        killed_at = count_articles(db)
        assert 0 < killed_at < hosts * feeds * entries, killed_at  # really mid-round
        gone = time.monotonic() + 5  # workers notice their parent is gone and exit
        while any(Path(f"/proc/{c}").exists() for c in children) and time.monotonic() < gone:
            time.sleep(0.1)
        assert not [c for c in children if Path(f"/proc/{c}").exists()]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        private = s.hits("/private")
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    urls = [u for (u,) in con.execute("SELECT url FROM articles")]
    linked = con.execute("SELECT COUNT(DISTINCT article_id) FROM feed_entries").fetchone()[0]
    assert len(urls) == len(set(urls)) == hosts * feeds * entries
    assert linked == hosts * feeds * entries  # every entry recorded, with its own article
    assert private == 0


def test_robots_txt_is_kept_in_the_store_between_cron_rounds(tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    n = {"entries": 2}

    def feed(seen: Seen) -> Response:
        b = f"http://127.0.0.1:{seen.port}"
        items = [(f"{k}", f"{b}/{k}", f"Story {k}", summary(k))
                 for k in ("a0", "a1", "a1b", "a2")[: n["entries"]]]  # fmt: skip
        return Response(body=rss("R", items), content_type="application/rss+xml")

    robots = Response(body=b"User-agent: *\nDisallow: /a1\n", content_type="text/plain")
    routes: dict[str, Any] = {"/robots.txt": robots, "/f.xml": feed}
    for k in ("a0", "a1", "a1b", "a2"):
        routes[f"/{k}"] = Response(body=article_html(k))
    with FetchServer(routes) as s:
        assert main(["watch", s.url("/f.xml"), "--once", "--db", db, *FAST]) == 0
        n["entries"] = 4
        before = len(s.seen)
        assert main(["watch", "--once", "--db", db, *FAST]) == 0
        second = [x.path for x in s.seen[before:]]
    # a new process, robots.txt not asked again, and still obeyed
    assert second == ["/f.xml", "/a2"]
    assert s.hits("/robots.txt") == 1 and s.hits("/a1") == s.hits("/a1b") == 0
