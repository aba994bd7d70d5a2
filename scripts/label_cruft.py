"""Hand-labelling helper for page cruft in the raw Multi-News clusters.

Two subcommands:

* ``show IDX[,IDX...]`` prints the numbered non-blank lines of the given clusters of
  ``multinews-raw-dev.jsonl.gz`` (by row index) for a person to read and judge;
* ``build`` turns the hand-written ``labels/cruft/cruft_lines.txt`` (cluster id, document
  index, the cruft line numbers) into ``labels/cruft/labels.jsonl`` with one row per
  non-blank line, labelled ``cruft`` when listed and ``keep`` otherwise.

Line numbers are 1-based physical lines after normalising ``\\r\\n`` and ``\\r`` to ``\\n``
(see ``labels/cruft/README.md``). Neither file stores any article text.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "multinews-raw-dev.jsonl.gz"
LABELS = ROOT / "labels" / "cruft"


def _lines(doc: str) -> list[str]:
    return doc.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _rows() -> list[dict[str, object]]:
    if not DATA.exists():
        sys.exit(f"data not found: {DATA} (see ../shared/data/README.md)")
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _parse_numbers(spec: str, nonblank: set[int]) -> set[int]:
    """Line numbers of a spec; a range ``a-b`` covers the non-blank lines from a to b."""
    out: set[int] = set()
    for tok in spec.split():
        if tok == "-":
            continue
        if "-" in tok:
            a, b = tok.split("-")
            out.update(n for n in range(int(a), int(b) + 1) if n in nonblank)
        else:
            out.add(int(tok))
    return out


def show(indices: list[int], width: int) -> None:
    rows = _rows()
    for ci in indices:
        row = rows[ci]
        print(f"#### cluster {ci} {row['id']}")
        docs = row["documents"]
        assert isinstance(docs, list)
        for di, doc in enumerate(docs):
            print(f"== doc {di}")
            for no, line in enumerate(_lines(doc), 1):
                s = line.strip()
                if not s:
                    continue
                t = s if len(s) <= width else s[: width - 50] + " ... " + s[-45:]
                print(f"{no:4d}| {t}  [{len(s.split())}w]")


def build() -> int:
    rows = {str(r["id"]): r for r in _rows()}
    out = []
    seen: set[tuple[str, int]] = set()
    for raw in (LABELS / "cruft_lines.txt").read_text(encoding="utf-8").splitlines():
        raw = raw.split("#", 1)[0].strip()
        if not raw:
            continue
        head, spec = raw.split(":", 1)
        cid, doc_s = head.split()
        doc_i = int(doc_s)
        if (cid, doc_i) in seen:
            sys.exit(f"duplicate entry for {cid} doc {doc_i}")
        seen.add((cid, doc_i))
        docs = rows[cid]["documents"]
        assert isinstance(docs, list)
        lines = _lines(docs[doc_i])
        nonblank = {no for no, line in enumerate(lines, 1) if line.strip()}
        cruft = _parse_numbers(spec, nonblank)
        if bad := cruft - nonblank:
            sys.exit(f"{cid} doc {doc_i}: not a non-blank line: {sorted(bad)}")
        for no in sorted(nonblank):
            label = "cruft" if no in cruft else "keep"
            out.append({"cluster": cid, "doc": doc_i, "line": no, "label": label})
    with (LABELS / "labels.jsonl").open("w", encoding="utf-8") as fh:
        for rec in out:
            fh.write(json.dumps(rec) + "\n")
    n_cruft = sum(r["label"] == "cruft" for r in out)
    print(f"{len(out)} lines ({n_cruft} cruft) in {len({c for c, _ in seen})} clusters")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("show", help="print numbered lines of clusters (by row index)")
    s.add_argument("indices", help="comma-separated row indices, e.g. 0,1,2")
    s.add_argument("--width", type=int, default=140)
    sub.add_parser("build", help="write labels.jsonl from cruft_lines.txt")
    args = ap.parse_args()
    if args.cmd == "show":
        show([int(x) for x in args.indices.split(",")], args.width)
        return 0
    return build()


if __name__ == "__main__":
    raise SystemExit(main())
