"""``newsdesk eval summaries``: placeholder until its issue lands."""

from __future__ import annotations

import argparse
from typing import Any

from ..errors import NewsdeskError


def register(sub: Any) -> None:
    p = sub.add_parser("summaries", help="(not built yet)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    raise NewsdeskError("'newsdesk eval summaries' is not built yet")
