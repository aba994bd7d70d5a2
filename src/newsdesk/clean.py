"""Cleaning of scraped text (placeholder: keeps every line; the rule-based cleaner replaces it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["Cleaned", "clean_text"]


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The article body and the metadata the scraped text carried."""

    text: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    author: str | None = None
    removed: tuple[tuple[int, str], ...] = ()  # (line number, reason) of each dropped line


def clean_text(text: str) -> Cleaned:
    """Drop page cruft from scraped text and lift the metadata it carries."""
    return Cleaned(text=text.strip())
