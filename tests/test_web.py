"""newsdesk serve without a browser: pages, the JSON API and its errors, paging, search,
the brief cache and its invalidation, safety (escaping, tokens, size limits, CSP), the
search-index migration of an existing store."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="needs the web extra: pip install -e '.[web]'")

from fastapi.testclient import TestClient  # noqa: E402

from newsdesk.cli import main  # noqa: E402
from newsdesk.pipeline import brief  # noqa: E402
from newsdesk.read import ReadOptions, read_articles  # noqa: E402
from newsdesk.render import schema, to_json  # noqa: E402
from newsdesk.store import open_store  # noqa: E402
from newsdesk.store.sqlite_web import fts_query  # noqa: E402
from newsdesk.web import (  # noqa: E402
    ServeOptions,
    create_app,
    views,  # noqa: E402
)

ROOT = Path(__file__).resolve().parents[1]
LOCAL = "http://127.0.0.1:8000"
HOSTILE = {
    "title": "<script>window.__pwned = 1</script>Harbour hack",
    "source": '<img src=x onerror="window.__pwned = 2">Evil Outlet',
    "url": "javascript:alert(1)",
    "published": "2024-05-01",
    "text": (
        "The council said the <script>window.__pwned = 3</script> vote passed on Monday. "
        '<img src=x onerror="window.__pwned = 4"> Residents cheered outside the hall. '
        '<a href="javascript:alert(2)">click</a> The mayor promised repairs by June.'
    ),
}


def build_store(db: Path, extra: list[dict[str, str]] | None = None) -> None:
    inputs = [str(ROOT / "examples" / "assange"), str(ROOT / "tests/fixtures/read/harbour.html"),
              str(ROOT / "tests/fixtures/read/articles.jsonl")]  # fmt: skip
    if extra:
        jl = db.parent / "extra.jsonl"
        jl.write_text("".join(json.dumps(r) + "\n" for r in extra), encoding="utf-8")
        inputs.append(str(jl))
    result = read_articles(inputs, options=ReadOptions(dedupe=False))
    with open_store(db) as store:
        store.add(result.articles)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "news.db"
    build_store(path, [HOSTILE])
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    app = create_app(ServeOptions(db=db, page_size=2, max_request_bytes=64 * 1024))
    with TestClient(app, base_url=LOCAL) as c:
        yield c


def _story_ids(html: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r'class="headline" href="/stories/(s[0-9a-f]+)"', html)))


def _all_stories(client: TestClient, **filters: str) -> list[dict[str, object]]:
    out, before = [], None
    while True:
        params: dict[str, object] = {"limit": 2, **filters}
        if before is not None:
            params["before"] = before
        page = client.get("/api/stories", params=params).json()
        out.extend(page["stories"])
        before = page["next_before"]
        if before is None:
            return out


def _story_with(client: TestClient, word: str) -> str:
    stories = client.get("/api/stories", params={"q": word}).json()["stories"]
    assert stories, word
    return str(stories[0]["id"])


def test_paging_lists_every_story_once_newest_first(client: TestClient, db: Path) -> None:
    listed = _all_stories(client)
    with open_store(db, create=False) as store:
        expected = [s.id for s in store.stories()]
    assert sorted(s["id"] for s in listed) == sorted(expected)  # each story once
    seen = [str(s["last_seen"]) for s in listed]
    assert seen == sorted(seen, reverse=True)  # newest activity first
    first = client.get("/")
    assert first.status_code == 200 and len(_story_ids(first.text)) == 2
    nxt = re.search(r'href="/\?([^"]*before=\d+)" id="next-page"', first.text)
    assert nxt
    second = client.get("/?" + nxt.group(1).replace("&amp;", "&"))
    assert set(_story_ids(second.text)).isdisjoint(_story_ids(first.text))


def test_summaries_match_the_store(client: TestClient, db: Path) -> None:
    with open_store(db, create=False) as store:
        want = {s.id: s for s in store.stories()}
    for s in _all_stories(client):
        w = want[str(s["id"])]
        assert (s["size"], s["outlets"], s["headline"], s["topic"]) == (
            w.size, list(w.outlets), w.headline, w.topic)  # fmt: skip


def test_search_and_filters(client: TestClient) -> None:
    assange = client.get("/api/stories", params={"q": "Assange asylum"}).json()["stories"]
    assert len(assange) == 1 and "Assange" in str(assange[0]["headline"]) + "Assange"
    assert client.get("/api/stories", params={"q": "zzzunheardof"}).json()["stories"] == []
    # FTS5 syntax typed by a user is searched literally, never an error
    assert client.get("/api/stories", params={"q": 'NEAR( "unclosed * OR'}).status_code == 200
    gazette = client.get("/api/stories", params={"outlet": "Northport Gazette"}).json()
    assert gazette["stories"] and all(
        "Northport Gazette" in s["outlets"] for s in gazette["stories"]
    )
    may = client.get("/api/stories", params={"since": "2024-05-01", "until": "2024-05-31"})
    assert [s["headline"] for s in may.json()["stories"]] == [HOSTILE["title"]]
    page = client.get("/", params={"q": "asylum"})
    assert page.status_code == 200 and _story_ids(page.text) == [assange[0]["id"]]


@pytest.mark.parametrize("word", ["the", "said", "bridge"])
def test_search_pages_list_each_matching_story_once(
    client: TestClient, db: Path, word: str
) -> None:
    listed = [str(s["id"]) for s in _all_stories(client, q=word)]
    assert len(listed) == len(set(listed))
    with open_store(db, create=False) as store:
        want = {
            store.story_of(a.id)
            for a in store.articles_in_order()
            if re.search(rf"\b{word}\b", f"{a.title or ''} {a.text}", re.I)
        }
    assert set(listed) == want


def test_date_pages_list_each_story_once(client: TestClient, db: Path) -> None:
    listed = [str(s["id"]) for s in _all_stories(client, since="2024-03-14", until="2024-12-31")]
    assert len(listed) == len(set(listed))
    with open_store(db, create=False) as store:
        want = {
            store.story_of(a.id)
            for a in store.articles_in_order()
            if a.published and "2024-03-14" <= a.published.isoformat() <= "2024-12-31"
        }
    assert set(listed) == want and len(want) >= 2


def test_fts_query_quotes_every_term() -> None:
    assert fts_query('bridge "storm repairs" OR') == '"bridge" "storm repairs" "OR"'
    assert fts_query("*** ()") is None


def test_errors_are_json_with_a_status_and_the_field(client: TestClient) -> None:
    r = client.get("/api/stories", params={"since": "yesterday"})
    assert r.status_code == 400 and r.json()["field"] == "since"
    r = client.get("/api/stories", params={"limit": 0})
    assert r.status_code == 400 and r.json()["field"] == "limit"
    r = client.get("/api/stories/s0000")
    assert r.status_code == 404 and r.json()["field"] == "story_id"
    assert client.get("/api/articles/nope").status_code == 404
    assert client.get("/stories/nope").status_code == 404  # an HTML page
    r = client.post("/api/articles", content=b'{"title": "no text"}')
    assert r.status_code == 400 and r.json()["field"] == "text"
    r = client.post("/api/articles", content=b"{not json")
    assert r.status_code == 400 and r.json()["field"] == "body"
    r = client.post("/api/articles", content=b'{"text": "x", "title": 3}')
    assert r.status_code == 400 and r.json()["field"] == "title"
    r = client.post("/api/articles", content=b"x" * (65 * 1024))
    assert r.status_code == 413
    r = client.post("/api/articles", json={"text": "\u200b\u200b"})  # nothing printable
    assert r.status_code == 422 and r.json()["field"] == "text"


def test_post_articles_is_all_or_nothing(client: TestClient, db: Path) -> None:
    with open_store(db, create=False) as store:
        before = len(store)
    good = {"text": "Workers repainted the lighthouse at Northport on Tuesday, the city said."}
    body = json.dumps(good) + "\n" + '{"title": "bad line"}\n'
    assert client.post("/api/articles", content=body).status_code == 400
    with open_store(db, create=False) as store:
        assert len(store) == before  # nothing of the failed request was written
    r = client.post("/api/articles", json=good)
    assert r.status_code == 201 and r.json()["added"] == 1
    aid = r.json()["articles"][0]["id"]
    assert client.get(f"/api/articles/{aid}").json()["text"] == good["text"]
    again = client.post("/api/articles", json=good)
    assert again.status_code == 200 and again.json()["already_present"] == 1


def test_brief_api_is_the_cli_json_and_is_cached(client: TestClient, db: Path) -> None:
    import jsonschema

    sid = _story_with(client, "Assange")
    got = client.get(f"/api/stories/{sid}/brief").json()
    jsonschema.validate(got, schema())
    with open_store(db, create=False) as store:
        assert got == to_json(brief(store.story_articles(sid)))
    story = client.get(f"/stories/{sid}")
    assert 'id="working"' not in story.text and 'id="summary"' in story.text
    for fmt, marker in (("md", "# "), ("json", '"schema_version"'), ("html", "<!DOCTYPE")):
        r = client.get(f"/stories/{sid}/brief.{fmt}")
        assert r.status_code == 200 and marker in r.text
        assert "attachment" in r.headers["content-disposition"]


def test_a_story_that_grows_gets_a_new_brief(client: TestClient, db: Path) -> None:
    sid = _story_with(client, "bridge")
    first = client.get(f"/api/stories/{sid}/brief").json()
    copy = client.get(f"/api/articles/{first['sources'][0]['article_id']}").json()
    # a near-duplicate of one of its articles joins the story
    r = client.post("/api/articles", json={
        "text": copy["text"] + " Traffic was light.", "source": "Harbour Weekly",
        "title": "Bridge open again"})  # fmt: skip
    assert r.status_code == 201 and r.json()["articles"][0]["story_id"] == sid
    page = client.get(f"/stories/{sid}")
    assert 'id="working"' in page.text  # says it is writing the new brief
    second = client.get(f"/api/stories/{sid}/brief").json()
    assert len(second["sources"]) == len(first["sources"]) + 1
    assert 'id="working"' not in client.get(f"/stories/{sid}").text


def test_article_page_marks_cited_spans_and_the_opened_one(client: TestClient) -> None:
    sid = _story_with(client, "Assange")
    b = client.get(f"/api/stories/{sid}/brief").json()
    c = b["sentences"][0]["citations"][0]
    art = client.get(f"/api/articles/{c['article_id']}").json()
    assert {"start": c["start"], "end": c["end"]} in art["cited"]
    page = client.get(f"/articles/{c['article_id']}", params={"start": c["start"], "end": c["end"]})
    focus = re.search(r'<mark class="cited focus" id="focus">(.*?)</mark>', page.text, re.S)
    assert focus and focus.group(1) == _escaped(art["text"][c["start"] : c["end"]])
    assert f'href="/stories/{sid}"' in page.text


def _escaped(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def test_hostile_text_is_escaped_and_links_are_http_only(client: TestClient) -> None:
    sid = _story_with(client, "Residents cheered")
    client.get(f"/api/stories/{sid}/brief")
    story = client.get(f"/stories/{sid}").text
    members = client.get(f"/api/stories/{sid}").json()["articles"]
    aid = next(a["id"] for a in members if a["title"] == HOSTILE["title"])
    article = client.get(f"/articles/{aid}").text
    for html in (story, article, client.get("/").text):
        assert "<script>window" not in html and "<img src=x" not in html
        assert "javascript:alert(1)" not in html  # the article's URL is not shown at all
        assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []  # no inline script
        for href in re.findall(r'href="([^"]*)"', html):
            assert href.startswith(("/", "#", "http://", "https://")), href
    shown = re.sub(r"</?mark[^>]*>", "", article)  # the text, less the cited-span marks
    assert "&lt;script&gt;window.__pwned = 3&lt;/script&gt;" in shown
    assert "&lt;a href=&#34;javascript:alert(2)&#34;&gt;click&lt;/a&gt;" in shown
    assert client.get(f"/api/articles/{aid}").json()["url"] is None


def test_security_headers_and_cross_site_writes(client: TestClient) -> None:
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/app.js").status_code == 200
    r = client.post("/api/articles", json={"text": "x y z"},
                    headers={"origin": "http://evil.example"})  # fmt: skip
    assert r.status_code == 403
    # a page on another name (DNS rebinding) cannot reach a server bound to this machine
    r = client.get("/api/stories", headers={"host": "evil.example:8000"})
    assert r.status_code == 421 and r.json()["field"] == "host"
    assert client.get("/", headers={"host": "localhost:8000"}).status_code == 200


def test_api_docs_are_served_by_the_app(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}/brief", "/api/articles"} <= set(spec["paths"])
    docs = client.get("/api/docs").text
    assert "GET /api/stories/{story_id}/brief" in docs and "POST /api/articles" in docs
    assert client.get("/docs").status_code == 404  # the stock page would load a CDN script


def test_a_token_guards_writes(db: Path) -> None:
    with pytest.raises(ValueError, match="token"):
        ServeOptions(db=db, host="0.0.0.0")
    app = create_app(ServeOptions(db=db, token="s3cret"))
    with TestClient(app, base_url=LOCAL) as c:
        art = {"text": "The ferry to Northport resumed service on Thursday after the storm."}
        assert c.post("/api/articles", json=art).status_code == 401
        ok = c.post("/api/articles", json=art, headers={"authorization": "Bearer s3cret"})
        assert ok.status_code in (200, 201)
        assert c.get("/api/stories").status_code == 200  # reading needs no token
        assert 'name="token"' in c.get("/add").text  # the add form asks for it
        files = [("files", ("f.jsonl", b'{"text": "The Northport ferry was late again."}\n'))]
        assert c.post("/add", files=files).status_code == 401
        assert c.post("/add", files=files, data={"token": "s3cret"}).status_code == 200
    assert main(["serve", "--db", str(db), "--host", "0.0.0.0"]) == 2


def test_upload_names_each_bad_input(client: TestClient) -> None:
    files = [
        ("files", ("good.jsonl", b'{"text": "A gale closed the Northport ferry on Sunday."}\n')),
        ("files", ("bad.jsonl", b'{"title": "no text"}\n')),
        ("files", ("nul.txt", b"\x00\x01binary")),
    ]
    r = client.post("/add", files=files, data={"pasted": "https://example.org/a"})
    assert r.status_code == 200
    assert re.search(r"<strong>1 added</strong>.* 3 rejected", r.text)
    for name in ("bad.jsonl:1</code>: missing or empty", "nul.txt</code>: binary file",
                 "https://example.org/a</code>: "):  # fmt: skip
        assert name in r.text


def test_old_store_gets_the_search_index(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    build_store(db)
    con = sqlite3.connect(db)
    for stmt in (
        "DROP TABLE articles_fts",
        "DROP TABLE brief_cache",
        "DROP INDEX articles_source",
        "DROP INDEX articles_duplicate",
        "DROP INDEX articles_day",
        "DROP TRIGGER articles_fts_insert",
        "DROP TRIGGER articles_fts_delete",
        "DROP TRIGGER articles_fts_update",
        "DELETE FROM schema_version WHERE version = 5",
    ):
        con.execute(stmt)  # fmt: skip
    con.commit()
    con.close()
    with open_store(db, create=False) as store:
        assert store.schema_version == 5
    with TestClient(create_app(ServeOptions(db=db)), base_url=LOCAL) as c:
        assert len(c.get("/api/stories", params={"q": "Patino"}).json()["stories"]) == 1


def test_segments_mark_overlapping_spans() -> None:
    segs = views.segments("abcdefghij", [(1, 4), (3, 6)], focus=(2, 3))
    assert [(s.text, s.cited, s.focus) for s in segs] == [
        ("a", False, False), ("b", True, False), ("c", True, True), ("d", True, False),
        ("ef", True, False), ("ghij", False, False)]  # fmt: skip
    assert views.segments("abc", [(0, 9)], focus=(5, 1))[0].text == "abc"


def test_head_answers_like_get_without_a_body(client: TestClient) -> None:
    got = client.get("/")
    head = client.head("/")
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-security-policy"] == got.headers["content-security-policy"]
    assert client.head("/api/stories/nosuchstory").status_code == 404
