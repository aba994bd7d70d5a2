"""Cruft removal on the hand-labelled raw Multi-News clusters, and cleaning speed.

Prints line precision / recall / F1 of cruft removal (cruft is the positive class) on all
labelled clusters, on those used to tune the rules and on the held-out ones, the body
sentences lost, and the time per article over all 100 raw clusters, with the time of two
baselines run in the same process on the same articles: splitting the text into lines, and
the sentence splitter (``newsdesk.segment``) that runs right after cleaning.

    python3 benchmarks/cruft_eval.py [--errors] [--repeat 5]

Skips (exit 0, with a message) when ../shared/data is absent.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from newsdesk.clean import clean_text
from newsdesk.evaluate.cruft import (
    CruftScores,
    default_data_dir,
    load_labels,
    load_raw_clusters,
    load_split,
    score_cruft,
)
from newsdesk.segment import sentence_spans


def _row(name: str, s: CruftScores) -> str:
    return (
        f"{name:<9} {s.documents:>4} {s.lines:>6} {s.tp + s.fn:>6} {s.precision:>6.3f} "
        f"{s.recall:>6.3f} {s.f1:>6.3f} {s.body_sentences_lost:>4}/{s.body_sentences}"
    )


def _time(fn: Callable[[str], object], docs: list[str], repeat: int) -> float:
    """Best-of-``repeat`` seconds for one pass of ``fn`` over ``docs``."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for d in docs:
            fn(d)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", action="store_true", help="list the mislabelled lines")
    ap.add_argument("--repeat", type=int, default=5, help="timing repetitions (best of)")
    args = ap.parse_args()

    path = default_data_dir() / "multinews-raw-dev.jsonl.gz"
    if not path.exists():
        print(f"skipped: {path} not found (the raw clusters live in ../shared/data)")
        return 0
    docs = load_raw_clusters(path)
    labels = load_labels()
    split = load_split()

    print("subset    docs  lines  cruft   prec    rec     F1  body sentences lost")
    results = {
        "all": score_cruft(labels, docs),
        "tune": score_cruft(labels, docs, clusters=split["tune"]),
        "held-out": score_cruft(labels, docs, clusters=split["heldout"]),
        "late": score_cruft(labels, docs, clusters=split.get("heldout_late", [])),
    }
    for name, s in results.items():
        print(_row(name, s))
    print(
        f"({len(split['tune'])} tuning clusters, {len(split['heldout'])} held out, "
        f"{len(split.get('heldout_late', []))} labelled late as a second held-out set)"
    )

    if args.errors:
        for e in results["all"].errors:
            line = docs[e.cluster][e.doc].replace("\r\n", "\n").split("\n")[e.line - 1]
            print(f"{e.cluster} #{e.doc} line {e.line}: gold={e.gold} got={e.predicted}")
            print(f"    {line.strip()[:120]}")

    articles = [d for ds in docs.values() for d in ds]
    n_chars = sum(len(d) for d in articles)
    t_clean = _time(clean_text, articles, args.repeat)
    t_lines = _time(lambda d: [x.strip() for x in d.split("\n")], articles, args.repeat)
    t_segment = _time(sentence_spans, articles, args.repeat)
    per = 1000 * t_clean / len(articles)
    print(
        f"\nspeed over {len(articles)} articles of {len(docs)} raw clusters "
        f"({n_chars / len(articles):.0f} characters each on average), best of {args.repeat}:"
    )
    print(f"  clean_text       {per:.3f} ms/article  ({len(articles) / t_clean:.0f} articles/s)")
    print(f"  ratio to splitting lines      {t_clean / t_lines:.1f}x")
    print(f"  ratio to sentence_spans       {t_clean / t_segment:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
