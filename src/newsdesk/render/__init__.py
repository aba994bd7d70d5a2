"""Renderers: a :class:`~newsdesk.model.Brief` as Markdown, JSON or a standalone HTML page.

Each renderer shows every part of the brief (summary with citations, the cross-source
analysis, the numbered sources and the problems met while reading); source numbers mean
the same article in every format.
"""

from __future__ import annotations

from typing import Literal

from ..model import Brief
from .html import to_html
from .json import SCHEMA_VERSION, dumps, schema, to_json
from .markdown import to_markdown

__all__ = [
    "FORMATS",
    "SCHEMA_VERSION",
    "RenderFormat",
    "dumps",
    "render",
    "schema",
    "to_html",
    "to_json",
    "to_markdown",
]

RenderFormat = Literal["md", "markdown", "json", "html"]
FORMATS: tuple[str, ...] = ("md", "json", "html")


def render(brief: Brief, fmt: str = "md") -> str:
    """The brief as text in ``fmt``: ``md`` (or ``markdown``), ``json`` or ``html``."""
    if fmt in ("md", "markdown"):
        return to_markdown(brief)
    if fmt == "json":
        return dumps(brief) + "\n"
    if fmt == "html":
        return to_html(brief)
    raise ValueError(f"unknown output format {fmt!r}; choose one of: {', '.join(FORMATS)}")
