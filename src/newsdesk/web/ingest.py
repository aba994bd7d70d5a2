"""Adding articles from the browser and the API: uploaded files go through the same
readers as ``newsdesk add`` (written to a private temporary folder under their own names,
so a problem names the file as the user called it), and the same ``Store.add``.

All writes of one server go through one :class:`Writer`: one thread owns the store's
ingest engine (its in-memory clusterer is built once, not per request), and each request's
articles are added in **one** transaction, so a request that fails leaves nothing behind.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Article, InputProblem
from ..read import ReadOptions, ReadResult, read_articles, read_string
from ..store import AddReport, Store, open_store
from ..text import http_url

__all__ = ["Outcome", "Upload", "Writer", "read_uploads"]

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded file: the name the browser gave and its bytes."""

    name: str
    data: bytes


@dataclass(slots=True)
class Outcome:
    """What one add request did: the store's report, plus the warnings (articles kept)."""

    report: AddReport
    warnings: list[InputProblem] = field(default_factory=list)
    placed: list[tuple[str, str]] = field(default_factory=list)  # (article id, story id)


def _safe_name(name: str, n: int) -> str:
    base = _SAFE.sub("_", Path(name.replace("\\", "/")).name).strip("._") or "upload"
    return f"{n:03d}-{base[:100]}"


def read_uploads(uploads: Sequence[Upload], pasted: str = "") -> ReadResult:
    """Read uploaded files and pasted text with the ``add`` readers; every problem names
    the input as the user called it. A pasted list of URLs needs ``newsdesk fetch``."""
    options = ReadOptions(dedupe=False)
    result = ReadResult()
    with tempfile.TemporaryDirectory(prefix="newsdesk-upload-") as tmp:
        names: dict[str, str] = {}
        paths = []
        for n, up in enumerate(uploads):
            path = Path(tmp) / _safe_name(up.name, n)
            path.write_bytes(up.data)
            names[str(path)] = up.name or path.name
            paths.append(str(path))
        if paths:
            files = read_articles(paths, options=options)
            _rename(files, names)
            _extend(result, files)
    if pasted.strip():
        _extend(result, _read_pasted(pasted, options))
    return result


def _rename(result: ReadResult, names: dict[str, str]) -> None:
    """Problems and origins name the upload, not the temporary file."""

    def fix(text: str | None) -> str | None:
        if text is None:
            return None
        for tmp, name in names.items():
            if text.startswith(tmp):
                return name + text[len(tmp) :]
        return text

    result.articles[:] = [_with_origin(a, fix(a.origin)) for a in result.articles]
    kept = {id(w) for w in result.warnings}
    problems = [InputProblem(fix(p.input) or p.input, p.reason) for p in result.problems]
    result.warnings[:] = [
        q for p, q in zip(result.problems, problems, strict=True) if id(p) in kept
    ]
    result.problems[:] = problems


def _with_origin(a: Article, origin: str | None) -> Article:
    from dataclasses import replace

    return replace(a, origin=origin)


def _extend(into: ReadResult, more: ReadResult) -> None:
    into.articles.extend(more.articles)
    into.problems.extend(more.problems)
    into.warnings.extend(more.warnings)


def _read_pasted(text: str, options: ReadOptions) -> ReadResult:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if lines and all(http_url(ln) or ln.startswith(("http:", "https:")) for ln in lines):
        return ReadResult(problems=[InputProblem(u, _fetch_reason(u)) for u in lines])
    return read_string(text, name="pasted text", options=options)


def _fetch_reason(url: str) -> str:
    if http_url(url) is None:
        return "not an http(s) URL"
    try:
        import newsdesk.fetch  # noqa: F401  (the URL-fetching work)
    except ImportError:
        return "fetching URLs needs 'newsdesk fetch', which this installation lacks"
    return "the browser does not fetch pages yet: run 'newsdesk fetch URL... --db STORE'"


class Writer:
    """The one thread that writes articles for this server."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsdesk-add")
        self._store: Store | None = None

    def close(self) -> None:
        self._pool.submit(self._close).result(timeout=60)
        self._pool.shutdown(wait=True)

    def _close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def add(self, result: ReadResult) -> Outcome:
        """Add what ``result`` read, in one transaction (see the module's docstring)."""
        return self._pool.submit(self._add, result).result()

    def _add(self, result: ReadResult) -> Outcome:
        if self._store is None:
            self._store = open_store(self.db, create=False)
        report = AddReport()
        kept = {id(w) for w in result.warnings}
        for p in result.problems:
            if id(p) in kept:
                continue
            if p.reason.startswith("duplicate of "):
                report.already_present += 1
            else:
                report.rejected.append(p)
        articles = list(result.articles)
        if articles:
            report.merge(self._store.add(articles, batch_size=len(articles)))
        stories = ((a.id, self._store.story_of(a.id)) for a in articles)
        placed = [(aid, sid) for aid, sid in stories if sid is not None]
        return Outcome(report, list(result.warnings), placed)
