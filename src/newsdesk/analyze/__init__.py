"""Cross-source analysis (placeholder until its issue lands: returns an empty analysis)."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Analysis
from ..summarize.base import Document

__all__ = ["analyze"]


def analyze(docs: Sequence[Document]) -> Analysis:
    """Agreement, single-source facts, conflicts, quotes, entities and the timeline."""
    return Analysis()
