"""Quote speakers on PolNeAR, scored by the reference scorer with briefs made in-process.

The reference is ``polnear_eval.py`` in the shared tools folder (``../shared/tools/`` beside
the project): its rules decide which PolNeAR attributions are gold direct quotes, who their
gold speaker is, when a newsdesk quote matches one and when its speaker is right. It runs
``newsdesk brief`` once per article in a subprocess; here the same JSON Lines row is read
and briefed in this process instead, and everything else is the scorer's own code, loaded
from its file: :func:`prepare` (the body sent and its offset map), ``score_article``,
``ratio`` and ``bootstrap``. Only the few lines of its ``main()`` that pool the per-article
records into figures are repeated here (it prints them and returns nothing), and a test pins
these figures to those of a real run of the scorer. Neither the scorer nor the data is part
of the project (research licence): both are read from their paths at run time.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ..errors import DataMissingError, NewsdeskError
from .analysis import NO_RULE

if TYPE_CHECKING:
    from ..model import Brief

__all__ = [
    "DEFAULT_DATA",
    "DEFAULT_SCORER",
    "KINDS",
    "SCORED",
    "PolnearScore",
    "load_scorer",
    "load_polnear",
    "brief_result",
    "score_polnear",
]

_SHARED = Path(__file__).resolve().parents[3].parent / "shared"
DEFAULT_SCORER = _SHARED / "tools" / "polnear_eval.py"
DEFAULT_DATA = _SHARED / "data" / "polnear-dev.jsonl.gz"

#: the scorer's gold speaker kinds, in its order; only the first three are scored
KINDS = ("named", "coref", "description", "unresolved", "no source")
SCORED = ("named", "coref", "description")
#: what a coref speaker was resolved from (the start of the scorer's ``via`` note)
COREF_VIA = ("pronoun", "description")


def load_scorer(path: str | Path = DEFAULT_SCORER) -> ModuleType:
    """The reference scorer module, imported from its file (a private copy each call)."""
    p = Path(path)
    if not p.is_file():
        raise DataMissingError(
            f"{p}: PolNeAR reference scorer not found; it lives in ../shared/tools/polnear_eval.py"
            " beside the project (pass its path, or skip the PolNeAR figures)"
        )
    spec = importlib.util.spec_from_file_location("newsdesk_polnear_reference", p)
    if spec is None or spec.loader is None:
        raise DataMissingError(f"{p}: cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_polnear(path: str | Path = DEFAULT_DATA, limit: int | None = None) -> list[dict[str, Any]]:
    """PolNeAR rows (gzipped JSON Lines), the first ``limit`` only when given, as the
    scorer reads them."""
    p = Path(path)
    if not p.is_file():
        raise DataMissingError(
            f"{p}: PolNeAR data not found; the development split lives in"
            " ../shared/data/polnear-dev.jsonl.gz beside the project"
        )
    if limit is not None and limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    rows: list[dict[str, Any]] = []
    with gzip.open(p, "rt", encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


def brief_result(scorer: ModuleType, art: dict[str, Any]) -> dict[str, Any]:
    """What the scorer's ``run_newsdesk`` returns for one article, with the brief made
    in-process: the JSON Lines row it would write, read as ``newsdesk brief FILE`` reads
    that file, briefed with the command's defaults and rendered as JSON; and ``rules``,
    the attribution rule that decided each of the brief's quotes (None: no brief)."""
    from ..pipeline import BriefOptions, brief
    from ..read import ReadOptions, read_string
    from ..render import render

    sent, omap, body = scorer.prepare(art)
    publisher = art.get("publisher")
    row = {
        "text": sent,
        "title": art.get("title") or None,
        "published": art.get("published"),
        "source": scorer.OUTLETS.get(publisher, publisher),
    }
    name = re.sub(r"[^\w.-]", "_", art["id"])[:80] + ".jsonl"
    t0 = time.perf_counter()
    out: dict[str, Any] | None = None
    made: Brief | None = None
    err: str | None = None
    try:
        read = read_string(
            json.dumps(row, ensure_ascii=False) + "\n", name=name, options=ReadOptions()
        )
        if read.articles:
            made = brief(read.articles, options=BriefOptions(), problems=read.problems)
            out = json.loads(render(made, "json"))
        else:
            err = "exit 1: newsdesk: error: no usable articles in the input"
    except NewsdeskError as exc:  # the command's exit 1
        err = f"exit 1: newsdesk: error: {exc}"
    secs = time.perf_counter() - t0
    rules = None if made is None else _quote_rules(made)
    return {
        "sent": sent,
        "omap": omap,
        "body": body,
        "brief": out,
        "err": err,
        "secs": secs,
        "rules": rules,
    }


def _quote_rules(made: Brief) -> list[str | None]:
    """The rule that decided each quote of ``made``, in its order: its articles analysed
    again alongside (:func:`newsdesk.analyze.quote_rules`), which gives the same quotes."""
    from ..analyze import quote_rules
    from ..pipeline import documents

    traced = quote_rules(documents(made.articles))
    if [q for q, _ in traced] != list(made.analysis.quotes):
        raise RuntimeError("quote_rules gave other quotes than the brief's analysis")
    return [rule for _, rule in traced]


@dataclass(slots=True)
class PolnearScore:
    """The scorer's figures as counts (rates are derived), with its bootstrap intervals."""

    data: str = ""
    articles: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    attributions: int = 0
    gold: int = 0  # gold direct-quote pieces in the article bodies
    headlines: int = 0  # pieces in the headline block, left out
    newsdesk_quotes: int = 0
    checks: dict[str, int] = field(default_factory=dict)
    found: int = 0
    scored: int = 0  # gold pieces of a scored kind (named, coref, description)
    scored_found: int = 0
    right: int = 0
    #: kind -> [gold, found, right] (for kinds not scored, right = found ones newsdesk
    #: gives a speaker)
    by_kind: dict[str, list[int]] = field(default_factory=dict)
    #: coref pieces by what was resolved ("pronoun", "description") -> [gold, found, right]
    coref_via: dict[str, list[int]] = field(default_factory=dict)
    intervals: dict[str, tuple[float, float] | None] = field(default_factory=dict)
    seconds: float = 0.0
    #: the per-quote records of the scorer, gold pieces only, article by article
    records: list[list[dict[str, Any]]] = field(default_factory=list, repr=False)
    #: found pieces of a scored kind by the attribution rule that decided the newsdesk
    #: quote they were matched to: rule -> [speaker right, found] (when ``run`` gives rules)
    by_rule: dict[str, list[int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        def rate(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        def ci(name: str) -> list[float] | None:
            v = self.intervals.get(name)
            return None if v is None else [round(v[0], 4), round(v[1], 4)]

        return {
            "data": self.data,
            "articles": self.articles,
            "failures": len(self.failures),
            "attributions": self.attributions,
            "gold_quotes": self.gold,
            "headline_quotes_left_out": self.headlines,
            "newsdesk_quotes": self.newsdesk_quotes,
            "found": self.found,
            "detection_recall": rate(self.found, self.gold),
            "detection_recall_ci": ci("detection_recall"),
            "scored_quotes": self.scored,
            "scored_found": self.scored_found,
            "speaker_right": self.right,
            "speaker_accuracy": rate(self.right, self.scored_found),
            "speaker_accuracy_ci": ci("speaker_accuracy"),
            "end_to_end": rate(self.right, self.scored),
            "end_to_end_ci": ci("end_to_end"),
            "by_kind": {
                kind: {
                    "gold": g,
                    "found": f,
                    "detection_recall": rate(f, g),
                    **(
                        {"speaker_right": r, "speaker_accuracy": rate(r, f)}
                        if kind in SCORED
                        else {"newsdesk_speaker_given": r}
                    ),
                }
                for kind, (g, f, r) in self.by_kind.items()
            },
            "coref_via": {
                via: {"gold": g, "found": f, "speaker_right": r, "speaker_accuracy": rate(r, f)}
                for via, (g, f, r) in self.coref_via.items()
            },
            "checks": dict(self.checks),
            "seconds": round(self.seconds, 1),
        }


def _items(per_art: Sequence[Sequence[dict[str, Any]]]) -> list[dict[str, Any]]:
    return [i for a in per_art for i in a]


def _detection_recall(per_art: Sequence[Sequence[dict[str, Any]]]) -> float | None:
    items = _items(per_art)
    return sum(i["found"] for i in items) / len(items) if items else None


def _speaker_accuracy(per_art: Sequence[Sequence[dict[str, Any]]]) -> float | None:
    scored = [i for i in _items(per_art) if i["kind"] in SCORED]
    found = sum(i["found"] for i in scored)
    return sum(i.get("right", False) for i in scored) / found if found else None


def _end_to_end(per_art: Sequence[Sequence[dict[str, Any]]]) -> float | None:
    scored = [i for i in _items(per_art) if i["kind"] in SCORED]
    return sum(i.get("right", False) for i in scored) / len(scored) if scored else None


#: the three pooled rates of a (resampled) list of articles' records, as the scorer's
#: ``main`` defines them for its bootstrap
RATES: dict[str, Callable[[Sequence[Sequence[dict[str, Any]]]], float | None]] = {
    "detection_recall": _detection_recall,
    "speaker_accuracy": _speaker_accuracy,
    "end_to_end": _end_to_end,
}


def _count_rules(
    scorer: ModuleType,
    art: dict[str, Any],
    res: dict[str, Any],
    items: Sequence[dict[str, Any]],
    by_rule: dict[str, list[int]],
) -> None:
    """Count each found piece of a scored kind for the rule that decided the quote it was
    matched to, in ``by_rule`` (rule -> [right, found]). Which quote that is, the scorer's
    records do not say: its own ``score_article`` runs again on the brief with each quote's
    ``attribution`` (which the matching never reads) replaced by the quote's index."""
    rules = res.get("rules")
    if rules is None or not res["brief"]:
        return
    brief = res["brief"]
    quotes = [{**q, "attribution": i} for i, q in enumerate(brief["analysis"]["quotes"])]
    tagged = {**res, "brief": {**brief, "analysis": {**brief["analysis"], "quotes": quotes}}}
    again, _ = scorer.score_article(art, tagged)
    for item, match in zip(items, again, strict=True):
        if item["headline"] or not item["found"] or item["kind"] not in SCORED:
            continue
        tally = by_rule.setdefault(rules[match["nd_attribution"]] or NO_RULE, [0, 0])
        tally[0] += bool(item["right"])
        tally[1] += 1


def score_polnear(
    scorer: ModuleType,
    arts: Sequence[dict[str, Any]],
    *,
    seed: int = 0,
    data: str = "",
    run: Callable[[ModuleType, dict[str, Any]], dict[str, Any]] = brief_result,
) -> PolnearScore:
    """Brief each article (``run``: in-process by default), score it with the scorer's
    ``score_article`` and pool the records as its ``main`` does, intervals from its
    ``bootstrap`` with ``seed``."""
    sc = PolnearScore(data=data, articles=len(arts))
    sc.checks = {"id_ok": 0, "id_bad": 0, "off_ok": 0, "off_bad": 0}
    results = [run(scorer, a) for a in arts]
    sc.seconds = sum(float(res["secs"]) for res in results)
    for art, res in zip(arts, results, strict=True):
        if res["err"]:
            sc.failures.append((art["id"], res["err"]))
        items, checks = scorer.score_article(art, res)
        _count_rules(scorer, art, res, items, sc.by_rule)
        for k in sc.checks:
            sc.checks[k] += checks[k]
        sc.headlines += sum(i["headline"] for i in items)
        sc.records.append([i for i in items if not i["headline"]])
        if res["brief"]:
            sc.newsdesk_quotes += len(res["brief"]["analysis"]["quotes"])
    sc.attributions = sum(len(a["attributions"]) for a in arts)
    gold = [i for a in sc.records for i in a]
    sc.gold = len(gold)
    sc.found = sum(i["found"] for i in gold)
    scored = [i for i in gold if i["kind"] in SCORED]
    sc.scored = len(scored)
    sc.scored_found = sum(i["found"] for i in scored)
    sc.right = sum(i["found"] and i["right"] for i in scored)
    for kind in KINDS:
        of_kind = [i for i in gold if i["kind"] == kind]
        if of_kind:
            found = [i for i in of_kind if i["found"]]
            if kind in SCORED:
                last = sum(i["right"] for i in found)
            else:
                last = sum(i["nd_speaker"] is not None for i in found)
            sc.by_kind[kind] = [len(of_kind), len(found), last]
    for via in COREF_VIA:
        of_via = [i for i in gold if i["kind"] == "coref" and (i["via"] or "").startswith(via)]
        if of_via:
            found = [i for i in of_via if i["found"]]
            sc.coref_via[via] = [len(of_via), len(found), sum(i["right"] for i in found)]
    for name, fn in RATES.items():
        sc.intervals[name] = scorer.bootstrap(sc.records, fn, seed=seed)
    return sc
