"""The pages a reader sees: front page, story, article, add. Server-rendered; the little
JavaScript there is (``static/app.js``) only improves them."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from ..store.sqlite_web import StoryQuery
from . import views
from .app import ApiError, Server, server_of
from .ingest import Outcome, Upload, read_uploads

__all__ = ["router", "story_query"]

router = APIRouter(include_in_schema=False)

MAX_FILES = 200
_DOWNLOADS = {
    "md": ("text/markdown; charset=utf-8", "markdown"),
    "json": ("application/json", "json"),
    "html": ("text/html; charset=utf-8", "html"),
}


def story_query(
    *,
    q: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
    before: int | None,
    limit: int,
) -> StoryQuery:
    """The front page's filters, checked; a bad value is a 400 naming its field."""
    try:
        return StoryQuery(
            q=(q or "").strip()[:500] or None,
            outlet=outlet or None,
            since=views.parse_day(since, "since"),
            until=views.parse_day(until, "until"),
            before=before,
            limit=limit,
        )
    except ValueError as exc:
        raise ApiError(400, str(exc), str(exc).split(":", 1)[0]) from None


@router.get("/", response_class=HTMLResponse)
def front(
    request: Request,
    q: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    before: int | None = None,
) -> HTMLResponse:
    server = server_of(request)
    query = story_query(q=q, outlet=outlet, since=since, until=until, before=before,
                        limit=server.options.page_size)  # fmt: skip
    idx = server.index()
    page = idx.stories(query)
    kept = {
        k: v for k, v in {"q": q, "outlet": outlet, "since": since, "until": until}.items() if v
    }
    more = urlencode({**kept, "before": page.next_before}) if page.next_before else None
    topics = {s.topic for s in page.stories if s.topic and s.topic != s.id}
    return server.render(
        request, "front.html", page=page, query=query, outlets=idx.outlets(),
        topics=idx.headlines(sorted(topics)),
        filters=kept, next_query=more, first_query=urlencode(kept),
    )  # fmt: skip


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: str) -> Response:
    server = server_of(request)
    current = server.current_story(story_id)
    if current != story_id:
        return RedirectResponse(f"/stories/{current}", status_code=307)
    state = server.briefs.state(current)
    if not state.fresh:
        server.briefs.start(current)
    summary = server.index().summaries([current]).get(current)
    if summary is None:
        raise ApiError(404, f"story {story_id!r} has no articles", "story_id")
    brief = json.loads(state.cached.json) if state.cached else None
    return server.render(
        request, "story.html", story=summary, brief=brief, pending=not state.fresh,
        added=server.index().added_at(current), views=views,
    )  # fmt: skip


@router.get("/stories/{story_id}/brief.{fmt}")
def download(request: Request, story_id: str, fmt: str) -> Response:
    if fmt not in _DOWNLOADS:
        raise ApiError(404, f"no brief format {fmt!r}: md, json or html", "fmt")
    server = server_of(request)
    current = server.current_story(story_id)
    cached = server.briefs.get(current)
    media, attr = _DOWNLOADS[fmt]
    headers = {"content-disposition": f'attachment; filename="story-{current}.{fmt}"'}
    if fmt == "html":  # the report styles itself inline and runs no script
        headers["content-security-policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return Response(getattr(cached, attr), media_type=media, headers=headers)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(
    request: Request, article_id: str, start: int | None = None, end: int | None = None
) -> HTMLResponse:
    server = server_of(request)
    idx = server.index()
    row = idx.article(article_id)
    if row is None:
        raise ApiError(404, f"no article with id {article_id!r}", "article_id")
    cached = idx.cached_brief(row.story_id)
    spans = views.cited_spans(json.loads(cached.json), row.id) if cached else []
    focus = (start, end) if start is not None and end is not None else None
    return server.render(
        request, "article.html", article=row, segments=views.segments(row.text, spans, focus),
        cited=len(spans), story=idx.summaries([row.story_id]).get(row.story_id),
        copies=idx.near_duplicates(row), briefed=cached is not None,
    )  # fmt: skip


@router.get("/add", response_class=HTMLResponse)
def add_form(request: Request) -> HTMLResponse:
    return server_of(request).render(request, "add.html", outcome=None)


@router.post("/add", response_class=HTMLResponse)
async def add(request: Request) -> HTMLResponse:
    server = server_of(request)
    form = await request.form(max_files=MAX_FILES, max_fields=20)
    token = form.get("token")
    server.check_write(request, token if isinstance(token, str) else None)
    uploads = [
        Upload(f.filename or "upload", await f.read())
        for f in form.getlist("files")
        if isinstance(f, UploadFile) and (f.filename or f.size)
    ]
    pasted = form.get("pasted")
    pasted_text = pasted if isinstance(pasted, str) else ""
    if not uploads and not pasted_text.strip():
        raise ApiError(400, "choose a file to upload or paste something", "files")
    result = await run_in_threadpool(read_uploads, uploads, pasted_text)
    outcome = await run_in_threadpool(server.writer.add, result)
    stories = await run_in_threadpool(_stories_of, server, outcome)
    return server.render(request, "add.html", outcome=outcome, stories=stories)


def _stories_of(server: Server, outcome: Outcome) -> list[tuple[str, str]]:
    """(story id, headline) of the stories the added articles are in now."""
    sids = list(dict.fromkeys(s for _, s in outcome.placed))
    summaries = server.index().summaries(sids[:50])
    return [(s, summaries[s].headline) for s in sids[:50] if s in summaries]


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    spec = request.app.openapi()
    return server_of(request).render(request, "api_docs.html", spec=spec)
