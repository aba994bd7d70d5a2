"""Summarizers: one calling convention (:class:`Summarizer`), chosen by name.

Registered built-ins: ``learned`` (LightGBM sentence scorer trained by
``scripts/train_summarizer.py``), ``centroid`` (unsupervised), and the baselines
``first3`` and ``lexrank``.
"""

from __future__ import annotations

from . import baselines as _baselines  # noqa: F401  (registers "first3", "lexrank")
from . import centroid as _centroid  # noqa: F401  (registers "centroid")
from . import learned as _learned  # noqa: F401  (registers "learned")
from .base import SUMMARIZERS, Document, Summarizer, get_summarizer, register
from .cite import cite

DEFAULT_METHOD = "learned"

__all__ = [
    "DEFAULT_METHOD",
    "SUMMARIZERS",
    "Document",
    "Summarizer",
    "cite",
    "get_summarizer",
    "register",
]
