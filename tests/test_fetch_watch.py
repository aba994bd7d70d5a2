"""Watch rounds against local feeds that misbehave on purpose: each fault recorded with
its reason, the other feeds unaffected; conditional GET, robots.txt, duplicates under two
URLs, entries updated in place, feed discovery and backoff."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from fetch_server import FetchServer, Response, Seen, article_html, rss, summary
from newsdesk.fetch import (
    Fetcher,
    FetchOptions,
    RoundReport,
    StoreThread,
    WatchOptions,
    follow,
    run_round,
)
from newsdesk.store import open_store
from newsdesk.store.sqlite_feeds import FeedRow, feed_tables

RSS = "application/rss+xml"


def options(**kw: Any) -> WatchOptions:
    fetch = FetchOptions(allow_private=True, per_host_delay=0.0, connect_timeout=1.0,
                         read_timeout=0.5, total_timeout=1.0, retries=0, backoff=0.05,
                         max_bytes=1_000_000, seed=0)  # fmt: skip
    return WatchOptions(fetch=fetch, **kw)


def watch(db: Path, feeds: list[str] | None = None, opts: WatchOptions | None = None,
          urls: list[str] | None = None) -> RoundReport:  # fmt: skip
    """One round (following ``feeds`` first), with a fresh fetcher, as ``--once`` does."""
    opts = opts or options()

    async def go() -> RoundReport:
        async with StoreThread(db) as st, Fetcher(opts.fetch) as f:
            if feeds:
                await follow(st, [(u, None) for u in feeds])
            return await run_round(st, f, opts, urls=urls)

    return asyncio.run(go())


def site(n: int, prefix: str = "/a", etag: str | None = '"v1"') -> dict[str, Any]:
    """Routes of a site: /feed.xml listing n articles, and the articles."""

    def feed(seen: Seen) -> Response:
        if etag and seen.headers.get("if-none-match") == etag:
            return Response(304)
        base = f"http://127.0.0.1:{seen.port}"
        items = [(f"{prefix}{i}", f"{base}{prefix}{i}", f"Story {prefix}{i}",
                  summary(f"{prefix}{i}")) for i in range(n)]  # fmt: skip
        headers = {"ETag": etag} if etag else {}
        return Response(body=rss("Local news", items), content_type=RSS, headers=headers)

    routes: dict[str, Any] = {"/feed.xml": feed, "/robots.txt": Response(404)}
    for i in range(n):
        routes[f"{prefix}{i}"] = Response(body=article_html(f"{prefix}{i}"))
    return routes


def feeds_of(db: Path) -> dict[str, FeedRow]:
    with open_store(db, create=False) as store:
        return {f.url: f for f in feed_tables(store).feeds()}


def article_urls(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [u for (u,) in con.execute("SELECT url FROM articles ORDER BY seq")]
    finally:
        con.close()


def test_a_round_adds_each_entry_once_and_a_304_round_costs_one_request(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    with FetchServer(site(5)) as s:
        feed = s.url("/feed.xml")
        first = watch(db, [feed])
        assert [f.status for f in first.feeds] == ["ok"] and first.feeds[0].new == 5
        assert first.requests == 7  # robots.txt, the feed, 5 pages
        before = len(s.seen)
        second = watch(db)
        assert second.feeds[0].status == "not modified" and second.requests == 2
        assert [x.path for x in s.seen[before:]] == ["/robots.txt", "/feed.xml"]
        assert s.seen[-1].headers["if-none-match"] == '"v1"'
    assert len(article_urls(db)) == 5 == len(set(article_urls(db)))
    row = feeds_of(db)[feed]
    assert row.etag == '"v1"' and row.last_status == "not modified" and row.articles == 5


def test_without_validators_known_entries_cost_no_page_request(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    with FetchServer(site(4, etag=None)) as s:
        watch(db, [s.url("/feed.xml")])
        before = len(s.seen)
        again = watch(db)
        assert again.feeds[0].status == "ok" and again.feeds[0].new == 0
        assert [x.path for x in s.seen[before:]] == ["/robots.txt", "/feed.xml"]


def _faulty_routes() -> dict[str, Any]:
    routes = site(3)
    html = b"<html><head><title>Home</title></head><body><p>Welcome</p></body></html>"
    routes.update({
        "/500.xml": Response(500, b"oops"),
        "/hang.xml": Response(hang=True),
        "/drip.xml": Response(body=b"<rss>" + b" " * 50, drip=0.3, content_type=RSS),
        "/html.xml": Response(body=html),
        "/garbage.xml": Response(body=b"<<<not xml at all &&& \x01\x02", content_type=RSS),
        "/429.xml": Response(429, headers={"Retry-After": "3600"}),
        "/gone.xml": Response(410, b"gone"),
    })  # fmt: skip
    return routes


FAULTS = {
    "/500.xml": "HTTP 500",
    "/hang.xml": "read timeout",
    "/drip.xml": "no complete answer within 1 s",
    "/html.xml": "not a feed: an HTML page that announces no feed",
    "/garbage.xml": "not a feed (unreadable XML",
    "/429.xml": "HTTP 429 (Retry-After 3600 s is over the limit)",
    "/gone.xml": "HTTP 410",
}


def test_faulty_feeds_fail_with_a_reason_and_leave_the_others_alone(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    with FetchServer(_faulty_routes()) as s:
        urls = [s.url("/feed.xml")] + [s.url(p) for p in FAULTS]
        start = time.monotonic()
        rep = watch(db, urls)
        took = time.monotonic() - start
        by = {f.url: f for f in rep.feeds}
        assert by[s.url("/feed.xml")].status == "ok" and by[s.url("/feed.xml")].new == 3
        for path, reason in FAULTS.items():
            f = by[s.url(path)]
            assert f.status == "failed" and f.reason and f.reason.startswith(reason), f
        assert took < 4, took  # faults run side by side, each bounded
        rows = feeds_of(db)
        assert all(rows[s.url(p)].failures == 1 for p in FAULTS)
        assert rows[s.url("/429.xml")].next_fetch_at  # the server asked for an hour
        # next round: failing feeds are tried again (the 429 one waits), and reported
        again = {f.url: f for f in watch(db).feeds}
        assert again[s.url("/429.xml")].status == "backing off"
        assert again[s.url("/500.xml")].status == "failed"
        assert s.hits("/429.xml") == 1
    rows = feeds_of(db)
    assert rows[s.url("/500.xml")].failures == 2 and rows[s.url("/500.xml")].next_fetch_at
    assert len(article_urls(db)) == 3
    with open_store(db, create=False) as store:  # the per-URL fetch log
        logged = feed_tables(store).fetch_log(s.url("/500.xml"))
        pages = feed_tables(store).fetch_log(s.url("/a0"))
    assert [(r.status, r.outcome, r.reason) for r in logged] == [(500, "feed", "HTTP 500")] * 2
    assert [(r.status, r.outcome, r.reason, r.attempts) for r in pages] == [(200, "page", None, 1)]
    assert pages[0].bytes > 1000


def test_a_failing_feed_backs_off_and_is_never_dropped(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    with FetchServer({"/robots.txt": Response(404), "/f.xml": Response(500)}) as s:
        url = s.url("/f.xml")
        statuses = [watch(db, [url], options(every=3600)).feeds[0].status for _ in range(3)]
        assert statuses == ["failed", "failed", "backing off"]
        assert s.hits("/f.xml") == 2
    row = feeds_of(db)[url]
    assert row.failures == 2 and row.last_error == "HTTP 500" and row.next_fetch_at


def test_truncated_xml_still_gives_its_entries(tmp_path: Path) -> None:
    routes = site(2)
    whole = routes["/feed.xml"]

    def broken(seen: Seen) -> Response:
        r = whole(seen)
        return Response(body=r.body[: r.body.rindex(b"</item>") + 7], content_type=RSS)

    routes["/feed.xml"] = broken
    with FetchServer(routes) as s:
        rep = watch(tmp_path / "n.db", [s.url("/feed.xml")])
    assert rep.feeds[0].status == "ok" and rep.feeds[0].new == 2


def test_a_site_page_leads_to_its_feed(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    routes = site(2)
    routes["/"] = Response(body=b"<html><head><link rel='alternate' type='application/rss+xml'"
                           b" href='/feed.xml'></head><body>Home</body></html>")  # fmt: skip
    with FetchServer(routes) as s:
        rep = watch(db, [s.url("/")])
        assert rep.feeds[0].new == 2
        assert feeds_of(db)[s.url("/")].fetch_url == s.url("/feed.xml")
        before = len(s.seen)
        watch(db)
        assert [x.path for x in s.seen[before:]] == ["/robots.txt", "/feed.xml"]


def test_the_same_article_under_two_urls_is_stored_once(tmp_path: Path) -> None:
    db = tmp_path / "n.db"

    def feed(seen: Seen) -> Response:
        b = f"http://127.0.0.1:{seen.port}"
        items = [("1", f"{b}/a", "A", summary("a")), ("2", f"{b}/a?utm_source=rss", "A", ""),
                 ("3", f"{b}/b", "B", summary("b")), ("4", f"{b}/b-copy", "B", "")]  # fmt: skip
        return Response(body=rss("Dup", items), content_type=RSS)

    page_a = article_html("a", canonical="/a")
    page_b = Response(body=article_html("b"))
    routes = {"/feed.xml": feed, "/robots.txt": Response(404), "/a": Response(body=page_a),
              "/b": page_b, "/b-copy": page_b}  # fmt: skip
    with FetchServer(routes) as s:
        rep = watch(db, [s.url("/feed.xml")])
        assert (rep.feeds[0].new, rep.feeds[0].duplicates) == (2, 2)
        # a second feed of the same site listing the same URL: known, not fetched again
        before = s.hits("/a")
        routes["/world.xml"] = routes["/feed.xml"]
        rep = watch(db, [s.url("/world.xml")], urls=[s.url("/world.xml")])
        assert rep.feeds[0].new == 0 and s.hits("/a") == before
    assert sorted(article_urls(db)) == [s.url("/a"), s.url("/b")]


def test_an_entry_updated_in_place_is_an_update_not_a_new_article(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    version = {"n": 1}

    def feed(seen: Seen) -> Response:
        b = f"http://127.0.0.1:{seen.port}"
        title = "Storm hits coast" + (" (updated)" if version["n"] > 1 else "")
        return Response(body=rss("U", [("g1", f"{b}/s", title, summary("s"))]), content_type=RSS)

    def page(seen: Seen) -> Response:
        extra = "<p>Update: the storm has moved inland, officials said tonight.</p>"
        return Response(body=article_html("s", extra=extra if version["n"] > 1 else ""))

    with FetchServer({"/feed.xml": feed, "/s": page, "/robots.txt": Response(404)}) as s:
        assert watch(db, [s.url("/feed.xml")]).feeds[0].new == 1
        version["n"] = 2
        rep = watch(db).feeds[0]
        assert (rep.new, rep.updated) == (0, 1)
        assert watch(db).feeds[0].updated == 0  # unchanged since: nothing to do
    with open_store(db, create=False) as store:
        assert len(store) == 1
        (aid,) = [a.id for a in store.articles_in_order()]
        updates = feed_tables(store).updates_of(aid)
    assert len(updates) == 1 and "moved inland" in updates[0][1]
    assert feeds_of(db)[s.url("/feed.xml")].updates == 1


def test_robots_disallowed_pages_are_never_requested(tmp_path: Path) -> None:
    routes = site(3)
    routes["/robots.txt"] = Response(body=b"User-agent: *\nDisallow: /a1\n",
                                     content_type="text/plain")  # fmt: skip
    with FetchServer(routes) as s:
        rep = watch(tmp_path / "n.db", [s.url("/feed.xml")])
        assert s.hits("/a1") == 0 and s.hits("/a0") == 1
    # the entry's own text stands in for the page it may not fetch
    assert rep.feeds[0].new == 3


def test_a_failed_page_falls_back_to_the_entry_and_no_text_is_reported(tmp_path: Path) -> None:
    routes = site(2)
    routes["/a0"] = Response(500)
    with FetchServer(routes) as s:
        url = s.url("/feed.xml")

        def feed(seen: Seen) -> Response:
            b = f"http://127.0.0.1:{seen.port}"
            items = [("a0", f"{b}/a0", "A0", summary("a0")), ("a1", f"{b}/a1", "A1", ""),
                     ("a2", f"{b}/missing", "A2", "")]  # fmt: skip
            return Response(body=rss("F", items), content_type=RSS)

        routes["/feed.xml"] = feed
        rep = watch(tmp_path / "n.db", [url]).feeds[0]
    assert rep.new == 2 and [p.reason for p in rep.problems] == [
        "page not usable (HTTP 404) and the entry carries no text"
    ]


def test_a_feed_with_a_wrong_charset_is_read(tmp_path: Path) -> None:
    body = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Le Monde</title>"
            "<item><guid>1</guid><title>Café crème à Paris</title><description>Le café "
            "de la rue était très fréquenté; la crème brûlée coûtait cher à Paris cet été."
            "</description></item></channel></rss>").encode("cp1252")  # fmt: skip
    wrong = Response(body=body, content_type="application/rss+xml; charset=utf-8")
    routes = {"/robots.txt": Response(404), "/f.xml": wrong}
    db = tmp_path / "n.db"
    with FetchServer(routes) as s:
        assert watch(db, [s.url("/f.xml")]).feeds[0].new == 1
    with open_store(db, create=False) as store:
        (a,) = store.articles_in_order()
    assert a.title == "Café crème à Paris" and "brûlée" in a.text


def test_watch_options_are_validated() -> None:
    with pytest.raises(ValueError, match="every"):
        WatchOptions(every=0)


def test_a_crash_between_the_articles_and_the_entries_commit_loses_and_doubles_nothing(
    tmp_path: Path,
) -> None:
    db = tmp_path / "n.db"
    with FetchServer(site(4)) as s:
        watch(db, [s.url("/feed.xml")])
        # what a kill -9 after Store.add and before the feed's transaction leaves behind
        con = sqlite3.connect(db)
        con.execute("DELETE FROM feed_entries")
        con.execute("UPDATE feeds SET etag = NULL, last_modified = NULL")
        con.commit()
        con.close()
        before = len(s.seen)
        rep = watch(db).feeds[0]
        assert (rep.status, rep.new, rep.duplicates) == ("ok", 0, 4)
        assert [x.path for x in s.seen[before:]] == ["/robots.txt", "/feed.xml"]  # no pages
    assert len(article_urls(db)) == 4
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM feed_entries").fetchone()[0] == 4


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news</title>
<entry><id>tag:example.org,2026:1</id><title>Bridge reopens</title>
<link rel="alternate" href="https://example.org/bridge"/><updated>2026-12-01T10:00:00Z</updated>
<content type="html">&lt;p&gt;The bridge reopened on Tuesday after repairs.&lt;/p&gt;</content>
</entry>
</feed>"""

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://example.org/"><title>RDF news</title></channel>
<item rdf:about="https://example.org/vote"><title>Council vote</title>
<link>https://example.org/vote</link><description>The council voted on the budget.</description>
</item></rdf:RDF>"""


def test_atom_and_rdf_feeds_are_parsed() -> None:
    from newsdesk.fetch import parse_feed

    atom = parse_feed(ATOM, {"content-type": "application/atom+xml"})
    assert atom.title == "Atom news" and atom.problem is None
    (e,) = atom.entries
    assert (e.key, e.link, e.title) == ("tag:example.org,2026:1", "https://example.org/bridge",
                                        "Bridge reopens")  # fmt: skip
    assert e.text == "The bridge reopened on Tuesday after repairs."
    assert str(e.published) == "2026-12-01"
    rdf = parse_feed(RDF, {"content-type": "application/rdf+xml"})
    assert [(x.link, x.title) for x in rdf.entries] == [
        ("https://example.org/vote", "Council vote")
    ]


def test_feed_discovery_and_feed_lists(tmp_path: Path) -> None:
    from newsdesk.fetch import discover_feeds, read_feed_list

    page = ("<html><head><link rel='alternate' type='application/atom+xml' href='atom.xml'>"
            "<link rel='alternate' type='text/html' href='/other'>"
            "<link rel='Alternate' type='application/rss+xml' href='https://x.org/rss'>"
            "<link rel='alternate' type='application/rss+xml' href='javascript:x()'>"
            "</head><body></body></html>")  # fmt: skip
    assert discover_feeds(page, "https://example.org/news/") == [
        "https://example.org/news/atom.xml", "https://x.org/rss"]  # fmt: skip
    txt = tmp_path / "feeds.txt"
    txt.write_text("# mine\nhttps://a.org/feed\n\nnot-a-url\nfile:///etc/passwd\n")
    feeds, problems = read_feed_list(str(txt))
    assert feeds == [("https://a.org/feed", None)]
    assert [p.input for p in problems] == [f"{txt}:4", f"{txt}:5"]


def test_an_updated_entry_whose_page_fails_is_tried_again(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    state = {"title": "Vote today", "page": 200}

    def feed(seen: Seen) -> Response:
        b = f"http://127.0.0.1:{seen.port}"
        items = [("g1", f"{b}/v", state["title"], summary("v"))]
        return Response(body=rss("U", items), content_type=RSS)

    def page(seen: Seen) -> Response:
        if state["page"] != 200:
            return Response(500)
        extra = "<p>Results: the motion passed by 31 votes to 12.</p>" if "results" in str(
            state["title"]) else ""  # fmt: skip
        return Response(body=article_html("v", title=str(state["title"]), extra=extra))

    with FetchServer({"/feed.xml": feed, "/v": page, "/robots.txt": Response(404)}) as s:
        assert watch(db, [s.url("/feed.xml")]).feeds[0].new == 1
        state.update(title="Vote today: results", page=500)
        assert watch(db).feeds[0].updated == 0  # not the feed's summary as a new version
        state["page"] = 200
        assert watch(db).feeds[0].updated == 1
    with open_store(db, create=False) as store:
        assert len(store) == 1
