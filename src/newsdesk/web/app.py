"""The ASGI app: options, shared state, security (headers, size limits, tokens) and
errors. Pages live in :mod:`.pages`, the JSON API in :mod:`.api`."""

from __future__ import annotations

import hmac
import ipaddress
import threading
from collections.abc import AsyncIterator, Callable, MutableMapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..pipeline import BriefOptions
from ..store import open_store
from ..store.sqlite_web import WebIndex
from ..text import http_url
from .briefs import BriefService
from .ingest import Writer

__all__ = ["ApiError", "Server", "ServeOptions", "create_app", "is_loopback", "server_of"]

HERE = Path(__file__).parent

#: no inline script or style, nothing from another origin
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, kw_only=True, slots=True)
class ServeOptions:
    """How to serve a store. ``token`` guards every write endpoint; it is required when
    ``host`` is not a loopback address. ``max_request_bytes`` bounds any request body
    (uploads included); ``page_size`` is the stories per front page."""

    db: Path
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    max_request_bytes: int = 20 * 1024 * 1024
    page_size: int = 30
    brief: BriefOptions = field(default_factory=BriefOptions)

    def __post_init__(self) -> None:
        if not is_loopback(self.host) and not self.token:
            raise ValueError(
                f"serving on {self.host} (not this machine only) needs a token for writes: "
                "give --token or set NEWSDESK_TOKEN"
            )
        if self.max_request_bytes < 1024:
            raise ValueError("max_request_bytes must be at least 1024")
        if not 1 <= self.page_size <= 500:
            raise ValueError("page_size must be between 1 and 500")


class ApiError(Exception):
    """An error answered as JSON (API) or an error page: status, message, and the
    request field at fault when there is one."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field


class Server:
    """What every request shares: the options, templates, a read index per thread, the
    brief service and the writer."""

    def __init__(self, options: ServeOptions) -> None:
        self.options = options
        self.db = options.db
        with open_store(self.db, create=True):  # creates or migrates (search index)
            pass
        self._local = threading.local()
        self._indexes: list[WebIndex] = []
        self._lock = threading.Lock()
        self.briefs = BriefService(self.db, self.index, options.brief)
        self.writer = Writer(self.db)
        self.templates = _environment()

    def index(self) -> WebIndex:
        """This thread's read connection."""
        idx: WebIndex | None = getattr(self._local, "index", None)
        if idx is None:
            idx = self._local.index = WebIndex(self.db)
            with self._lock:
                self._indexes.append(idx)
        return idx

    def current_story(self, story_id: str) -> str:
        """The story ``story_id`` is now (after merges); 404 when there is none."""
        current = self.index().resolve(story_id)
        if current is None:
            raise ApiError(404, f"no story with id {story_id!r}", "story_id")
        return current

    def close(self) -> None:
        self.briefs.close()
        self.writer.close()
        with self._lock:
            for idx in self._indexes:
                idx.close()
            self._indexes.clear()

    def check_write(self, request: Request, form_token: str | None = None) -> None:
        """Refuse a write from another site (its Origin), or without the token when
        one is set."""
        origin = request.headers.get("origin")
        host = request.headers.get("host", "")
        if origin and origin != "null" and origin.split("://", 1)[-1] != host:
            raise ApiError(403, "cross-site write refused (the Origin is another site)")
        token = self.options.token
        if token is None:
            return
        given = form_token or request.headers.get("x-newsdesk-token") or ""
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            given = auth[7:].strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise ApiError(401, "this server needs its token for writes", "token")

    def render(self, request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.update(request=request, version=__version__, token_needed=bool(self.options.token))
        html = self.templates.get_template(name).render(**ctx)
        return HTMLResponse(html, status_code=status)


def server_of(request: Request) -> Server:
    server: Server = request.app.state.server
    return server


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every article-derived string is escaped
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["http_url"] = http_url  # only http(s) URLs ever become links
    return env


class _TooLarge(Exception):
    pass


def _host_name(host: str) -> str:
    """``127.0.0.1`` of ``127.0.0.1:8000``, ``::1`` of ``[::1]:8000``."""
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class _Guard:
    """Pure ASGI middleware: security headers on every response, a bound on request
    bodies (declared or streamed) answered with 413, and, for a server bound to this
    machine only, a refusal of any other Host name (a DNS-rebinding page cannot reach
    it through a name of its own)."""

    def __init__(self, app: Any, limit: int, loopback_only: bool) -> None:
        self.app = app
        self.limit = limit
        self.loopback_only = loopback_only

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in _HEADERS.items()]
                message["headers"] = [*message.get("headers", []),
                                      *(h for h in extra if h[0] not in have)]  # fmt: skip
            await send(message)

        if scope.get("method") == "HEAD":
            # a HEAD is the GET of the same page without its body (curl -I, link checkers)
            scope = {**scope, "method": "GET"}
            send_with_headers = _without_body(send_with_headers)
        headers = dict(scope.get("headers", []))
        host = headers.get(b"host", b"").decode("latin-1")
        if self.loopback_only and not is_loopback(_host_name(host)):
            msg = f"this server answers to 127.0.0.1 and localhost only, not {host!r}"
            await _error(421, msg, "host")(scope, receive, send_with_headers)
            return
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _too_large(self.limit)(scope, receive, send_with_headers)
            return
        seen = 0

        async def counted() -> MutableMapping[str, Any]:
            nonlocal seen
            message: MutableMapping[str, Any] = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            return message

        await self.app(scope, counted, send_with_headers)


def _without_body(send: Any) -> Any:
    """``send`` that passes on a response's status and headers and an empty body."""

    async def headless(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.body":
            if message.get("more_body"):
                return
            message = {"type": "http.response.body", "body": b"", "more_body": False}
        await send(message)

    return headless


def _too_large(limit: int) -> Response:
    return _error(413, f"request too large (the limit is {limit:,} bytes)", "body")


def _error(status: int, message: str, field: str | None = None) -> JSONResponse:
    body: dict[str, Any] = {"status": status, "error": message}
    if field:
        body["field"] = field
    return JSONResponse(body, status_code=status)


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith(("/api/", "/openapi"))


def _handlers(app: FastAPI, server: Server) -> None:
    def answer(request: Request, status: int, message: str, fld: str | None) -> Response:
        if _wants_html(request):
            return server.render(request, "error.html", status, status_code=status,
                                 message=message, field=fld)  # fmt: skip
        return _error(status, message, fld)

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return answer(request, exc.status, exc.message, exc.field)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return answer(request, exc.status_code, str(exc.detail), None)

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        err = (exc.errors() or [{}])[0]
        fld = ".".join(str(x) for x in err.get("loc", ())[1:]) or None
        return answer(request, 400, f"{fld or 'request'}: {err.get('msg', 'invalid')}", fld)

    async def too_large(request: Request, exc: Exception) -> Response:
        return _too_large(server.options.max_request_bytes)

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(_TooLarge, too_large)


def create_app(options: ServeOptions) -> FastAPI:
    """The app over ``options.db`` (created if missing, migrated if old)."""
    from .api import router as api_router
    from .pages import router as pages_router

    server = Server(options)
    app = FastAPI(
        title="newsdesk",
        version=__version__,
        description="Stories, briefs and articles of a newsdesk store. Briefs follow the "
        "schema of `newsdesk brief --format json`.",
        docs_url=None,  # the stock docs page loads its script from a CDN: ours is /api/docs
        redoc_url=None,
        lifespan=_lifespan(server),
    )
    app.state.server = server
    _handlers(app, server)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(pages_router)
    app.include_router(api_router)
    app.add_middleware(
        _Guard, limit=options.max_request_bytes, loopback_only=is_loopback(options.host)
    )
    return app


def _lifespan(server: Server) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            server.close()

    return lifespan
