"""Grouping a stream of articles: near-duplicate links and online story clustering."""

from __future__ import annotations

from .dedupe import DedupeOptions, NearDuplicateIndex, shingles
from .stories import Assignment, ClusterOptions, StoryClusterer, entity_spans, features

__all__ = [
    "Assignment",
    "ClusterOptions",
    "DedupeOptions",
    "NearDuplicateIndex",
    "StoryClusterer",
    "entity_spans",
    "features",
    "shingles",
]
