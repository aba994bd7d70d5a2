"""Evaluation: ROUGE for summaries (with baselines run in the same process), and the
measures of the other stages. Nothing here is imported by the pipeline itself."""

from __future__ import annotations
