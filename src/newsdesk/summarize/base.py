"""The calling convention every summarizer shares, and the registry of summarizers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

from ..model import Document, Sentence

__all__ = ["Document", "Summarizer", "SUMMARIZERS", "register", "get_summarizer"]


@runtime_checkable
class Summarizer(Protocol):
    """Picks sentences of a cluster for a summary of about ``words`` words.

    Returns the chosen sentences in the order they should be read. Citations are
    added afterwards by :func:`newsdesk.summarize.cite`, so a summarizer only chooses.
    """

    name: str

    def select(self, docs: Sequence[Document], *, words: int) -> list[Sentence]: ...


SUMMARIZERS: dict[str, Callable[[], Summarizer]] = {}


def register(name: str) -> Callable[[Callable[[], Summarizer]], Callable[[], Summarizer]]:
    """Register a summarizer factory under ``name`` (built-ins use this too)."""

    def deco(factory: Callable[[], Summarizer]) -> Callable[[], Summarizer]:
        if name in SUMMARIZERS:
            raise ValueError(f"a summarizer named {name!r} is already registered")
        SUMMARIZERS[name] = factory
        return factory

    return deco


def get_summarizer(name: str) -> Summarizer:
    try:
        factory = SUMMARIZERS[name]
    except KeyError:
        known = ", ".join(sorted(SUMMARIZERS))
        raise ValueError(f"unknown summarizer {name!r}; choose one of: {known}") from None
    return factory()
