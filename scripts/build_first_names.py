#!/usr/bin/env python3
"""Build the first-name gender list quote attribution uses for "he said" / "she said".

A pronoun is resolved to a person named before it; a person whose first name is far more
often given to the other sex is passed over ("Jane Marshall" is not "he"). The source is
the 1990 US Census first-name frequency tables (public domain), as shipped inside the
``names`` package on PyPI (MIT): install it for this script only::

    python3 -m pip install names==0.3.0
    python3 scripts/build_first_names.py

A name goes to one list when its share of that sex's population is at least ``--ratio``
times its share of the other's. The tables stop at different depths (the male one at
0.004 %, the female one at 0.001 %), so a name absent from one table is only known to be
rarer there than that table's last row: it goes to the other sex's list when its share is
at least that last row's, and otherwise to a third list of first names whose sex the
tables do not tell ("Wan", "In": 0.001 and 0.003 % of women, and maybe as many men).
Writes ``src/newsdesk/analyze/first_names.json`` with a card naming the source and rule.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "newsdesk" / "analyze" / "first_names.json"


def read_table(text: str) -> dict[str, float]:
    """Census table rows "MARY  2.629  2.629  1" → {"Mary": 2.629}."""
    out: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            out[parts[0].capitalize()] = float(parts[1])
    return out


def _likelier(name: str, share: float, other: dict[str, float], ratio: float) -> bool:
    """Whether ``name``, with ``share`` of one sex, is far likelier for it than for the sex
    of ``other``; a name missing from ``other`` is rarer there than its smallest share."""
    if name in other:
        return share >= ratio * other[name]
    return share >= min(other.values())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--ratio", type=float, default=10.0, help="how much likelier one sex must be")
    args = ap.parse_args(argv)
    try:
        pkg = resources.files("names")
    except ModuleNotFoundError:
        print("the 'names' package is needed: python3 -m pip install names==0.3.0", file=sys.stderr)
        return 2
    raw = {sex: (pkg / f"dist.{sex}.first").read_text("utf-8") for sex in ("male", "female")}
    male, female = read_table(raw["male"]), read_table(raw["female"])
    m_list = sorted(n for n, f in male.items() if _likelier(n, f, female, args.ratio))
    f_list = sorted(n for n, f in female.items() if _likelier(n, f, male, args.ratio))
    told = set(m_list) | set(f_list)
    # the old rule's lists (absent counts as zero) less those the tables cannot tell apart:
    # they stay first names, so the eval scorer's notion of a first name does not change
    u_list = sorted(
        n
        for table, other in ((male, female), (female, male))
        for n, f in table.items()
        if n not in told and f >= args.ratio * other.get(n, 0.0)
    )
    card = {
        "source": "1990 US Census first-name tables, from the names==0.3.0 package",
        "sha256": {k: hashlib.sha256(v.encode()).hexdigest() for k, v in raw.items()},
        "rule": (
            f"share among one sex >= {args.ratio} x share among the other; a name absent "
            "from one table needs a share >= that table's last row; 'u': first names whose "
            "sex the tables do not tell"
        ),
    }
    args.out.write_text(
        json.dumps({"card": card, "m": m_list, "f": f_list, "u": u_list}, separators=(",", ":"))
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(m_list)} male, {len(f_list)} female, {len(u_list)} untold -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
