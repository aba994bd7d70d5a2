"""``newsdesk eval``: summaries (ROUGE), analysis (quotes, conflicts, dates), clusters,
summary defects."""

from __future__ import annotations

import importlib
from typing import Any

_EVALS = ("eval_summaries", "eval_analysis", "eval_clusters", "eval_defects")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "eval",
        help="measure quality and speed on labelled data",
        description="Measure quality and speed against baselines run in the same process.",
    )
    evsub = p.add_subparsers(dest="eval_command", metavar="WHAT", required=True)
    for name in _EVALS:
        importlib.import_module(f"newsdesk.cli.{name}").register(evsub)
