#!/usr/bin/env python3
"""Build the country list the entity finder adds to its hand-written gazetteer.

Without it "South Sudan" or "Chad" is a capitalised pair or word of no known kind, and a
name of no known kind that looks like a name is read as a person ("South Sudan" said). The
source is ISO 3166-1 as shipped in the ``pycountry`` package on PyPI (LGPL-2.1; the data
are the Debian iso-codes lists). Install it for this script only::

    python3 -m pip install pycountry==26.2.16
    python3 scripts/build_countries.py

Each country is written under its common name (else its name) with its other simple names
as aliases ("Viet Nam" / "Vietnam"); names with a comma or parentheses ("Korea, Republic
of") are left out, as no article writes them so. Writes
``src/newsdesk/analyze/countries.json`` with a card naming the source.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "newsdesk" / "analyze" / "countries.json"


def _simple(name: str | None) -> bool:
    return name is not None and name != "" and not any(c in name for c in ",()")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    try:
        import pycountry
    except ModuleNotFoundError:
        print("pycountry is needed: python3 -m pip install pycountry==26.2.16", file=sys.stderr)
        return 2
    countries: dict[str, list[str]] = {}
    for c in pycountry.countries:
        names = [getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)]
        simple = list(dict.fromkeys(n for n in names if _simple(n)))
        if simple:
            countries[simple[0]] = simple[1:]
    card = {
        "source": f"ISO 3166-1 from the pycountry=={pycountry.__version__} package",
        "rule": "common name (else name) as the key; the other names without commas or "
        "parentheses as aliases",
    }
    args.out.write_text(
        json.dumps({"card": card, "countries": countries}, ensure_ascii=False, indent=0) + "\n",
        encoding="utf-8",
    )
    print(f"{len(countries)} countries -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
