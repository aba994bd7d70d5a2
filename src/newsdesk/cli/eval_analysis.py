"""``newsdesk eval analysis``: score quotes, conflicts and dates against hand labels."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..errors import NewsdeskError

_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_LABELS = _ROOT / "labels" / "analysis"
DEFAULT_DATA = _ROOT.parent / "shared" / "data" / "multinews-raw-dev.jsonl.gz"


def register(sub: Any) -> None:
    p = sub.add_parser(
        "analysis",
        help="score quote speakers, conflicts and dates on labelled raw clusters",
        description=(
            "Run the cross-source analysis on the labelled raw Multi-News clusters and report "
            "quote speaker accuracy, conflict precision/recall and date resolution accuracy, "
            "with the size of the labelled set: for all labels, the development labels and "
            "the held-out labels (splits: heldout, test, test2 ... test8) in separate "
            "columns, and the two blind splits (test6, test8) pooled in a last column. "
            "Speaker accuracy, date accuracy in the text and conflict precision come with a "
            "95% interval from resampling whole clusters (the rows ending in _ci); speaker "
            "accuracy is also given for the quotes whose speaker was named next to them, "
            "inferred (a pronoun, the context) and not given (named_*, inferred_*, "
            "unattributed_*). Then, unless --no-polnear, the PolNeAR figures of the "
            "reference scorer (../shared/tools/polnear_eval.py) on its development split: "
            "gold direct quotes, how many were found, whose speaker is right among those "
            "found and end to end, by kind of gold speaker, with the scorer's 95% bootstrap "
            "intervals over articles; the briefs are made in this process. Last, each "
            "attribution rule's precision: how many quotes each rule of the quote finder "
            "decided the speaker (or unnamed source) of, and how many of those are right, "
            "on the labels of every split but the blind ones pooled, on the blind splits "
            "pooled (counts only, no quote listed) and on PolNeAR's development split (in "
            '--json: the "rules" key of the "all" column and of the PolNeAR block).'
        ),
    )
    p.add_argument("labels", nargs="?", default=str(DEFAULT_LABELS), help="labels folder")
    p.add_argument("--data", default=str(DEFAULT_DATA), help="raw clusters (.jsonl or .jsonl.gz)")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument(
        "--misses",
        action="store_true",
        help="list every miss on stderr, except those of the blind splits (test6, test8)",
    )
    p.add_argument(
        "--blind",
        action="store_true",
        help="with --misses, list the blind splits' misses too: their figures stop being blind",
    )
    polnear = p.add_argument_group("PolNeAR quote speakers (reference scorer)")
    polnear.add_argument(
        "--polnear",
        metavar="PATH",
        default=None,
        help="PolNeAR rows to score (default: ../shared/data/polnear-dev.jsonl.gz, "
        "skipped with a note when absent)",
    )
    polnear.add_argument(
        "--polnear-scorer",
        metavar="FILE",
        default=None,
        help="the reference scorer (default: ../shared/tools/polnear_eval.py)",
    )
    polnear.add_argument(
        "--polnear-limit", type=int, metavar="N", default=None, help="the first N articles only"
    )
    polnear.add_argument("--no-polnear", action="store_true", help="leave the PolNeAR figures out")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..evaluate.analysis import BLIND_SPLITS, load_labels

    labels_dir = Path(args.labels)
    data = Path(args.data)
    if not labels_dir.is_dir():
        raise NewsdeskError(f"{labels_dir}: no such labels folder")
    if not data.exists():
        raise NewsdeskError(f"{data}: raw clusters not found (pass --data PATH)")
    labels = load_labels(labels_dir)
    clusters, rules = _analysed_clusters(
        data, {str(r["cluster"]) for rows in labels.values() for r in rows}
    )
    columns, misses = _columns(labels, clusters, blind=args.blind)
    polnear = None if args.no_polnear else _polnear(args)
    by_rule = _rule_columns(labels, clusters, rules, polnear)
    if args.json:
        print(json.dumps(_with_rules(columns, polnear, _rules_json(by_rule)), indent=2))
    else:
        names = list(columns)
        print(f"{'':24}" + "".join(f"{n:>10}" for n in names))
        for key in columns["all"]:
            cells = "".join(f"{_cell(columns[n][key]):>10}" for n in names)
            print(f"{key:24}{cells}")
        print(
            "dev: labels the rules were tuned on. heldout, test, test2 ... test5, test7:\n"
            "labelled blind; each was run blind once, then later fixes looked at its errors.\n"
            "test6, test8: labelled blind, errors never looked at while changing the system:\n"
            "the honest figures; blind: the two pooled.\n"
            "_ci: 95% interval, 2,000 resamplings of whole clusters (seed 0).\n"
            "date_resolution_raw: each labelled phrase read in its raw page (cleaner "
            "bypassed) against the page's date as read."
        )
        if polnear is not None:
            print(_polnear_table(polnear))
        print(_rules_table(by_rule))
    if args.misses:
        for m in misses:
            print(m, file=sys.stderr)
        if not args.blind:
            hidden = ", ".join(s for s in BLIND_SPLITS if s in columns)
            if hidden:
                print(f"(misses of the blind splits {hidden} not listed: --blind)", file=sys.stderr)
    return 0


def _analysed_clusters(
    data: Path, ids: set[str]
) -> tuple[dict[str, Any], dict[str, list[str | None]]]:
    """The labelled raw clusters, each cleaned and analysed as a brief would:
    cluster id -> (raw documents, their articles (None when cleaning left nothing),
    the analysis); and cluster id -> the rule that decided each of its quotes."""
    from ..analyze import analyze, quote_rules
    from ..evaluate.analysis import cleaned_articles, load_raw_clusters
    from ..model import Analysis, Article
    from ..pipeline import documents

    clusters: dict[str, tuple[list[str], list[Article | None], Analysis]] = {}
    rules: dict[str, list[str | None]] = {}
    for row in load_raw_clusters(data, ids):
        raws = [str(d) for d in row["documents"]]  # type: ignore[attr-defined]
        arts = cleaned_articles(row)
        docs = documents([a for a in arts if a is not None])
        analysis = analyze(docs)
        traced = quote_rules(docs)  # the same quotes again, with their rules
        if [q for q, _ in traced] != list(analysis.quotes):
            raise RuntimeError(f"cluster {row['id']}: quote_rules gave other quotes")
        clusters[str(row["id"])] = (raws, arts, analysis)
        rules[str(row["id"])] = [rule for _, rule in traced]
    missing = ids - clusters.keys()
    if missing:
        raise NewsdeskError(f"{data}: labelled clusters not in the data: {sorted(missing)}")
    return clusters, rules


def _rule_columns(
    labels: Any, clusters: dict[str, Any], rules: dict[str, Any], polnear: Any
) -> dict[str, dict[str, list[int]]]:
    """Each attribution rule's [right, decided] on the labels of the splits that are not
    blind pooled ("not_blind"), on the blind splits pooled ("blind") and, when scored, on
    PolNeAR ("polnear")."""
    from ..evaluate.analysis import BLIND_SPLITS, SPLITS, score_rules

    seen = [s for s in SPLITS if s not in BLIND_SPLITS]
    out = {
        "not_blind": score_rules(labels, clusters, rules, seen),
        "blind": score_rules(labels, clusters, rules, BLIND_SPLITS),
    }
    if polnear is not None:
        out["polnear"] = polnear.by_rule
    return out


def _with_rules(
    columns: dict[str, dict[str, object]], polnear: Any, rules: dict[str, object]
) -> dict[str, object]:
    """The JSON output: the columns, each rule's figures on the labels under the "all"
    column's "rules" key, then the PolNeAR block with its own under its "rules" key."""
    labelled = {k: v for k, v in rules.items() if k != "polnear"}
    out: dict[str, object] = {**columns, "all": {**columns["all"], "rules": labelled}}
    if polnear is not None:
        out["polnear"] = {**polnear.as_dict(), "rules": rules["polnear"]}
    return out


def _rule_order(by_rule: dict[str, dict[str, list[int]]]) -> list[str]:
    """Every rule in the order the quote finder tries them, then any other name found."""
    from ..analyze.quotes import attribution_rules
    from ..evaluate.analysis import NO_RULE

    names = [*attribution_rules(), NO_RULE]
    return names + sorted({r for col in by_rule.values() for r in col} - set(names))


def _rules_json(by_rule: dict[str, dict[str, list[int]]]) -> dict[str, object]:
    """The rule columns as JSON: per column, per rule, decided, right and precision."""
    return {
        column: {
            rule: {
                "decided": tally[1],
                "right": tally[0],
                "precision": round(tally[0] / tally[1], 4) if tally[1] else None,
            }
            for rule in _rule_order(by_rule)
            for tally in [counts.get(rule, [0, 0])]
        }
        for column, counts in by_rule.items()
    }


def _rules_table(by_rule: dict[str, dict[str, list[int]]]) -> str:
    """The rule columns as a table, right/decided and the share right."""
    titles = {
        "not_blind": "labels, not blind",
        "blind": "blind (test6+test8)",
        "polnear": "PolNeAR dev",
    }

    def cell(tally: list[int]) -> str:
        right, decided = tally
        return f"{right}/{decided} = {100 * right / decided:.1f}%" if decided else "-"

    columns = list(by_rule)
    lines = [
        "",
        "Attribution rules: quotes each rule decided the speaker (or unnamed source) of, "
        "right/decided",
        f"{'rule':26}" + "".join(f"{titles[c]:>22}" for c in columns),
    ]
    for rule in _rule_order(by_rule):
        cells = "".join(f"{cell(by_rule[c].get(rule, [0, 0])):>22}" for c in columns)
        lines.append(f"{rule:26}{cells}")
    lines.append(
        "labels: found labelled quotes, the rule of the outlet whose speaker the quote took;\n"
        "PolNeAR: found gold quotes of a scored kind (named, coref, description)."
    )
    return "\n".join(lines)


def _columns(
    labels: Any, clusters: dict[str, Any], *, blind: bool
) -> tuple[dict[str, dict[str, object]], list[str]]:
    """One column of figures per split (and all, and the blind splits pooled), each rate
    followed by its interval; and the misses of the splits that may be looked at."""
    from ..evaluate.analysis import BLIND_SPLITS, SPLITS, score_analysis, score_intervals

    columns: dict[str, dict[str, object]] = {}
    misses: list[str] = []
    for name, split in [("all", None), *((s, s) for s in SPLITS), ("blind", BLIND_SPLITS)]:
        scored = score_analysis(labels, clusters, split)
        if not scored.clusters and name != "all":
            continue
        intervals = score_intervals(labels, clusters, split)
        part: dict[str, object] = {}
        for key, value in scored.as_dict().items():
            part[key] = value
            if key in intervals:  # each rate's interval in the row after it
                ci = intervals[key]
                part[f"{key}_ci"] = None if ci is None else [round(ci[0], 4), round(ci[1], 4)]
        columns[name] = part
        if name in SPLITS and (blind or name not in BLIND_SPLITS):
            misses += scored.misses
    return columns, misses


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return "–".join(f"{v:.2f}" for v in value)
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _polnear(args: argparse.Namespace) -> Any:
    """The PolNeAR figures, or None (with a note on stderr) when the default data or
    scorer is absent; a path given on the command line must exist."""
    from ..errors import DataMissingError
    from ..evaluate.polnear import (
        DEFAULT_DATA,
        DEFAULT_SCORER,
        load_polnear,
        load_scorer,
        score_polnear,
    )

    data = Path(args.polnear) if args.polnear else DEFAULT_DATA
    tool = Path(args.polnear_scorer) if args.polnear_scorer else DEFAULT_SCORER
    if args.polnear_limit is not None and args.polnear_limit < 1:
        raise NewsdeskError(f"--polnear-limit must be at least 1, got {args.polnear_limit}")
    try:
        scorer = load_scorer(tool)
        arts = load_polnear(data, args.polnear_limit)
    except DataMissingError as exc:
        if args.polnear or args.polnear_scorer:
            raise
        print(f"newsdesk: PolNeAR figures skipped: {exc} (or --no-polnear)", file=sys.stderr)
        return None
    return score_polnear(scorer, arts, data=str(data))


def _polnear_table(sc: Any) -> str:
    """The PolNeAR block under the table, worded and rounded as the reference scorer
    prints its figures."""
    from ..evaluate.polnear import SCORED

    def pct(a: int, b: int) -> str:
        return f"{a}/{b} = {100.0 * a / b:.1f}%" if b else f"{a}/{b}"

    def ci(name: str) -> str:
        v = sc.intervals.get(name)
        return "" if v is None else f"  95% [{100 * v[0]:.1f}, {100 * v[1]:.1f}]"

    lines = [
        "",
        f"PolNeAR quote speakers ({sc.data}): {sc.articles} articles, "
        f"{len(sc.failures)} newsdesk failures",
        f"gold direct quotes              {sc.gold}  (+{sc.headlines} in headlines, left out)",
        f"found (detection recall)        {pct(sc.found, sc.gold):22}{ci('detection_recall')}",
        f"speaker right among found       {pct(sc.right, sc.scored_found):22}"
        f"{ci('speaker_accuracy')}",
        f"end to end                      {pct(sc.right, sc.scored):22}{ci('end_to_end')}",
    ]
    for kind, (gold, found, last) in sc.by_kind.items():
        label = {"coref": "coref (silver)", "no source": "none (no source)"}.get(kind, kind)
        tail = (
            f"speaker right {pct(last, found)}"
            if kind in SCORED
            else f"not scored (newsdesk gives a speaker for {last})"
        )
        lines.append(f"  {label:17} gold {gold:4d}  found {pct(found, gold):18}  {tail}")
    for via, (gold, found, right) in sc.coref_via.items():
        lines.append(
            f"    coref from a {via:11} gold {gold:4d}  found {found:4d}  "
            f"speaker right {pct(right, found)}"
        )
    lines.append(
        "speaker accuracy and end to end count named, coref and description speakers; "
        "coref: a pronoun\nor description resolved to a name through its CoreNLP "
        "coreference chain (silver). 95%: the\nscorer's percentile bootstrap over articles "
        f"(2,000 resamples, seed 0). {sc.seconds:.1f}s to brief them."
    )
    return "\n".join(lines)
