"""Readers (placeholder: plain-text files and directories only, until the readers land)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .clean import clean_text
from .model import Article, InputProblem, article_id

__all__ = ["ReadOptions", "ReadResult", "read_articles"]


@dataclass(frozen=True, kw_only=True, slots=True)
class ReadOptions:
    format: str = "auto"
    strict: bool = False


@dataclass(slots=True)
class ReadResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)


def read_articles(
    inputs: Iterable[str | Path] | str | Path, *, options: ReadOptions | None = None
) -> ReadResult:
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    result = ReadResult()
    paths: Sequence[Path] = []
    for inp in inputs:
        p = Path(inp)
        paths = sorted(x for x in p.iterdir() if x.is_file()) if p.is_dir() else [p]
        for path in paths:
            raw = path.read_text(encoding="utf-8")
            c = clean_text(raw)
            result.articles.append(
                Article(
                    id=article_id(c.text),
                    text=c.text,
                    title=c.title,
                    source=c.source,
                    published=c.published,
                    origin=str(path),
                )
            )
    return result
