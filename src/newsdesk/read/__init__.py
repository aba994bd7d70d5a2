"""Readers: files, directories and standard input in, :class:`~newsdesk.model.Article` out.

One reader per input kind (plain scraped text, HTML pages, Multi-News records, JSON Lines,
RSS/Atom files), chosen by sniffing each input or forced with ``ReadOptions(format=...)``.
Every input that cannot be used becomes an :class:`~newsdesk.model.InputProblem` naming it
and the reason; the other inputs are still read. Nothing is dropped silently.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import InputError
from ..model import Article, InputProblem, article_id
from ..text import drop_invisible
from ._source import STDIN, Loaded, RejectedInput, decode, expand_inputs, load
from .formats import (
    FORMATS,
    READERS,
    Draft,
    Format,
    multinews_documents,
    multinews_drafts,
    sniff,
)
from .language import guess_language

__all__ = [
    "ReadOptions",
    "ReadResult",
    "read_articles",
    "read_clusters",
    "list_inputs",
    "read_string",
    "DEFAULT_MAX_BYTES",
]

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20_000_000

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True, kw_only=True, slots=True)
class ReadOptions:
    """How to read inputs.

    ``format`` forces one reader for every input ("auto" sniffs each); ``strict`` raises
    :class:`~newsdesk.errors.InputError` at the first problem instead of collecting it;
    ``max_bytes`` rejects larger inputs; ``clean`` runs :func:`newsdesk.clean.clean_text`
    on the text (None: scraped text and raw Multi-News documents are cleaned, preprocessed
    Multi-News documents, JSON Lines articles and HTML extractions are not);
    ``check_language`` flags (but keeps) articles that do not look English;
    ``dedupe`` reports a text read a second time as a problem "duplicate of ORIGIN" and
    leaves it out (what a brief wants); with ``dedupe=False`` every copy is kept, each
    with its own id (salted with its origin), for a store that links copies instead.
    """

    format: Format = "auto"
    strict: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    clean: bool | None = None
    check_language: bool = True
    dedupe: bool = True

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(
                f"unknown input format {self.format!r}; choose one of: {', '.join(FORMATS)}"
            )
        if self.max_bytes < 1:
            raise ValueError(f"max_bytes must be a positive number of bytes, got {self.max_bytes}")


@dataclass(slots=True)
class ReadResult:
    """The articles read and every problem met.

    ``problems`` holds all of them, in the order met. ``warnings`` is the subset whose
    article was still kept (text that does not look English); every other problem means
    an input, or a part of one, was left out.
    """

    articles: list[Article] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    warnings: list[InputProblem] = field(default_factory=list)

    @property
    def rejected(self) -> list[InputProblem]:
        """Problems that left something out (everything but the warnings)."""
        kept = {id(w) for w in self.warnings}
        return [p for p in self.problems if id(p) not in kept]


class _Collector:
    """Builds articles from drafts: ids, language flag, duplicates, strictness."""

    def __init__(self, options: ReadOptions) -> None:
        self.options = options
        self.result = ReadResult()
        self.seen: dict[str, str] = {}  # article id -> origin of its first copy

    def problem(self, p: InputProblem, *, warning: bool = False) -> None:
        if self.options.strict:
            raise InputError(p.input, p.reason)
        log.info("%s", p)
        self.result.problems.append(p)
        if warning:
            self.result.warnings.append(p)

    def draft(self, d: Draft) -> None:
        # characters that print as nothing split words and names ("Savino \u200b(D-SI)")
        d = replace(d, text=drop_invisible(d.text), title=d.title and drop_invisible(d.title))
        aid = key = article_id(d.text)
        first = self.seen.get(key)
        if first is not None:
            if self.options.dedupe:
                self.problem(InputProblem(d.origin, f"duplicate of {first}"))
                return
            aid = article_id(d.text, salt=d.origin)  # a kept copy needs an id of its own
        language = guess_language(d.text) if self.options.check_language else None
        if language not in (None, "en"):
            guess = "?" if language == "und" else f"{language}?"
            self.problem(
                InputProblem(d.origin, f"looks like non-English text ({guess})"),
                warning=True,
            )
        self.seen.setdefault(key, d.origin)
        self.result.articles.append(d.article(aid, language=language))

    def loaded(self, loaded: Loaded) -> None:
        fmt = sniff(loaded) if self.options.format == "auto" else self.options.format
        log.debug("%s: reading as %s", loaded.name, fmt)
        for item in READERS[fmt](loaded, clean=self.options.clean):
            if isinstance(item, Draft):
                self.draft(item)
            else:
                self.problem(item)


def list_inputs(inputs: Iterable[str | Path] | str | Path) -> list[str]:
    """The files ``read_articles`` will read: directories expanded (recursively, sorted,
    hidden files skipped); ``-`` stands for standard input."""
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    return list(expand_inputs([str(i) for i in inputs]))


def read_articles(
    inputs: Iterable[str | Path] | str | Path,
    *,
    options: ReadOptions | None = None,
    progress: ProgressCallback | None = None,
) -> ReadResult:
    """Read every input (files, directories, ``-`` for standard input) into articles.

    ``progress(done, total)`` is called after each file, for a caller that shows progress.
    """
    options = options or ReadOptions()
    files = list_inputs(inputs)
    collector = _Collector(options)
    for done, name in enumerate(files, start=1):
        try:
            loaded = load(name, max_bytes=options.max_bytes)
        except RejectedInput as exc:
            collector.problem(InputProblem("<stdin>" if name == STDIN else name, exc.reason))
        else:
            collector.loaded(loaded)
        if progress is not None:
            progress(done, len(files))
    return collector.result


def read_string(
    text: str, *, name: str = "<text>", options: ReadOptions | None = None
) -> ReadResult:
    """Read a string as if it were a file called ``name`` (sniffed the same way)."""
    options = options or ReadOptions()
    collector = _Collector(options)
    try:
        decode(text.encode("utf-8"))
    except RejectedInput as exc:
        collector.problem(InputProblem(name, exc.reason))
        return collector.result
    suffix = Path(name).suffix.lower()
    collector.loaded(Loaded(name=name, text=text, suffix=suffix))
    return collector.result


def read_clusters(
    path: str | Path,
    *,
    clean: bool | None = None,
    problems: list[InputProblem] | None = None,
) -> Iterator[tuple[str, list[Article], str | None]]:
    """Yield (cluster id, articles, reference summary) for each line of a Multi-News file.

    Reads ``.jsonl``/``.jsonl.gz`` (``{"id", "documents", "summary"}``) and the original
    ``.src`` layout (cluster id ``file:LINE``, no summary; a ``.tgt`` file beside it with
    the same stem supplies summaries). Streams, so it has no size limit. ``clean=None``
    guesses per cluster (raw form cleaned, preprocessed form left alone; the guess misses
    about 1 in 1,000 preprocessed clusters), so a harness that knows the form should pass
    ``clean=True`` or ``clean=False``. Documents are kept
    as the data set has them (a cluster may hold the same text twice); empty or broken
    ones are appended to ``problems`` when a list is given, else logged.
    """
    import gzip

    p = Path(path)
    opener = gzip.open if p.suffix == ".gz" else open
    targets: Iterator[str] | None = None
    tgt = p.with_suffix(".tgt")
    if p.suffix == ".src" and tgt.is_file():
        targets = iter(tgt.read_text(encoding="utf-8").splitlines())

    def report(problem: InputProblem) -> None:
        if problems is None:
            log.warning("%s", problem)
        else:
            problems.append(problem)

    with opener(p, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            summary_line = next(targets, None) if targets is not None else None
            try:
                parsed = multinews_documents(line)
            except ValueError as exc:
                report(InputProblem(f"{p}:{n}", f"not a Multi-News record ({exc})"))
                continue
            if parsed is None:
                continue
            cid, docs, summary = parsed
            if summary is None and summary_line is not None:
                summary = summary_line.replace("NEWLINE_CHAR", "\n").strip().removeprefix("– ")
            articles: list[Article] = []
            for item in multinews_drafts(str(p), n, docs, clean=clean):
                if isinstance(item, Draft):
                    articles.append(item.article(article_id(item.text)))
                else:
                    report(item)
            yield (cid or f"{p}:{n}"), articles, summary
