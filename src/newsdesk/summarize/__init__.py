"""Summarizers: one calling convention (:class:`Summarizer`), chosen by name."""

from __future__ import annotations

from . import centroid as _centroid  # noqa: F401  (registers "centroid")
from .base import SUMMARIZERS, Document, Summarizer, get_summarizer, register
from .cite import cite

DEFAULT_METHOD = "centroid"

__all__ = ["DEFAULT_METHOD", "SUMMARIZERS", "Document", "Summarizer", "cite", "get_summarizer", "register"]
