"""The JSON API. Stories as ``newsdesk stories --json`` / ``story --json`` give them,
briefs exactly as ``newsdesk brief --format json`` writes them. Errors are
``{"status", "error", "field"}`` with 400 (bad input, naming the field), 401/403
(writes), 404, 413 (too large) or 422 (no usable article)."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from ..read import ReadOptions, ReadResult, read_string
from ..store import open_store
from ..text import http_url
from . import views
from .app import ApiError, server_of
from .pages import story_query

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["api"])

_FIELD = re.compile(r'"(\w+)"')
_BAD_INPUT = ("not valid JSON", "expected a JSON object", "missing or empty", "must be a string")


def _listed(summary: Any) -> dict[str, Any]:
    d: dict[str, Any] = summary.as_dict()
    d.pop("articles", None)
    return d


@router.get("/stories", summary="Stories, newest activity first")
def stories(
    request: Request,
    q: str | None = Query(None, description="full-text search over titles and text"),
    outlet: str | None = Query(None, description="only stories with an article from it"),
    since: str | None = Query(None, description="YYYY-MM-DD: articles on or after"),
    until: str | None = Query(None, description="YYYY-MM-DD: articles on or before"),
    before: int | None = Query(None, description="the paging cursor (next_before)"),
    limit: int = Query(30, ge=1, le=200),
) -> dict[str, Any]:
    """A page of stories: `next_before` is the cursor of the next page (null on the last)."""
    query = story_query(q=q, outlet=outlet, since=since, until=until, before=before,
                        limit=limit)  # fmt: skip
    page = server_of(request).index().stories(query)
    return {"stories": [_listed(s) for s in page.stories], "next_before": page.next_before}


@router.get("/stories/{story_id}", summary="One story and its articles")
def story(request: Request, story_id: str) -> dict[str, Any]:
    """As `newsdesk story ID --json`; a merged story's id gives the story it is part of."""
    server = server_of(request)
    server.current_story(story_id)
    with open_store(server.db, create=False) as store:
        out: dict[str, Any] = store.story(story_id).as_dict()
    return out


@router.get("/stories/{story_id}/brief", summary="The brief of a story")
def brief(request: Request, story_id: str) -> Response:
    """The brief as `newsdesk brief --story ID --format json` writes it (schema in
    docs/json-schema.md); written on demand, then kept until the story changes."""
    server = server_of(request)
    cached = server.briefs.get(server.current_story(story_id))
    return Response(cached.json, media_type="application/json")


@router.get("/articles/{article_id}", summary="One stored article")
def article(request: Request, article_id: str) -> dict[str, Any]:
    """The cleaned text, its metadata, its story and the spans its story's brief cites."""
    idx = server_of(request).index()
    row = idx.article(article_id)
    if row is None:
        raise ApiError(404, f"no article with id {article_id!r}", "article_id")
    cached = idx.cached_brief(row.story_id)
    spans = views.cited_spans(json.loads(cached.json), row.id) if cached else []
    return {
        "id": row.id, "story_id": row.story_id, "title": row.title, "outlet": row.source,
        "url": http_url(row.url), "published": row.published, "author": row.author,
        "language": row.language, "added": row.added_at, "duplicate_of": row.duplicate_of,
        "text": row.text, "cited": [{"start": s, "end": e} for s, e in spans],
    }  # fmt: skip


@router.post(
    "/articles",
    summary="Add articles",
    status_code=201,
    responses={
        400: {"description": "bad input"},
        413: {"description": "too large"},
        422: {"description": "no usable article"},
    },  # fmt: skip
)
async def add_articles(request: Request) -> JSONResponse:
    """One article as a JSON object, or JSON Lines (one object a line): `text` required;
    `title`, `url`, `source`, `published`, `author` optional. All or nothing: a request
    with any bad line adds nothing."""
    server = server_of(request)
    server.check_write(request)
    body = (await request.body()).decode("utf-8", "replace")
    result = await run_in_threadpool(_read_body, body)
    _refuse_bad(result)
    outcome = await run_in_threadpool(server.writer.add, result)
    rep = outcome.report
    return JSONResponse(
        {"added": rep.added, "duplicates": rep.duplicates,
         "already_present": rep.already_present, "new_stories": rep.new_stories,
         "articles": [{"id": a, "story_id": s} for a, s in outcome.placed],
         "warnings": [{"input": w.input, "reason": w.reason} for w in outcome.warnings]},
        status_code=201 if rep.added else 200,
    )  # fmt: skip


def _read_body(body: str) -> ReadResult:
    if not body.strip():
        raise ApiError(400, "empty body: send one JSON object or JSON Lines", "body")
    try:
        one = json.loads(body)
    except ValueError:
        one = None
    if isinstance(one, dict):
        body = json.dumps(one, ensure_ascii=False)
    elif one is not None:
        raise ApiError(400, "expected a JSON object or JSON Lines of objects", "body")
    return read_string(body, name="body", options=ReadOptions(format="jsonl", dedupe=False))


def _refuse_bad(result: ReadResult) -> None:
    kept = {id(w) for w in result.warnings}
    bad = [p for p in result.problems if id(p) not in kept]
    empty = [a for a in result.articles if not a.text.strip()]  # e.g. invisible characters
    if empty:
        raise ApiError(422, f"{empty[0].origin}: no text left to store", "text")
    if not bad:
        if not result.articles:
            raise ApiError(422, "no usable article in the body", "body")
        return
    first = bad[0]
    if any(b in first.reason for b in _BAD_INPUT):
        m = _FIELD.search(first.reason)
        raise ApiError(400, f"{first.input}: {first.reason}", m.group(1) if m else "body")
    raise ApiError(422, f"{first.input}: {first.reason}", "text")
