"""Wall time, time per stage and peak memory of ``newsdesk.brief`` on one large story.

Why this input: a big story is mostly wire copy that outlets rewrite. The same few
articles come back hundreds of times with paragraphs dropped or moved, a word changed, a
toll updated, under another outlet, URL and date. Near-identical sentences across many
sources are what made cross-source alignment quadratic (issue 25), so the input is built
that way: the real articles of one raw Multi-News cluster (default ``multinews-54673``,
four reports of one Gaza escalation, about 1,100 words each), read and cleaned by
newsdesk, then rewritten into N seeded variants. Each variant takes one of the articles
and keeps about 85% of its paragraphs (the lead always), may swap two paragraphs, and
edits about 30% of the sentences lightly: a reporting verb or a day's wording changed, a
number updated (as running tolls are), the outlet's own attribution added ("..., Outlet
0042 reported.", so that the number of distinct sentences grows with the story, as it
does when outlets rewrite) or the sentence dropped. 300 variants are about 280,000
words, near the 304,000 of the story in the issue.

Each size runs in its own child process (a fresh interpreter, so the peak RSS read from
``os.wait4`` is that run's alone). The child times ``newsdesk.brief`` (the library call),
each stage inside it (timers wrapped around the stage functions, not a profiler, so the
stages cost what they cost) and the three renderers, and reports how many lines the
Markdown brief has. The baseline run in the same process is the smallest size: the
table gives each size's time as a ratio to it, beside the linear and N log N ratios.
``--unrelated`` also briefs every raw dev article as one input (about 280 articles of
100 unrelated stories, the other shape of a large input): how long, and how many lines
each rendering has, with the size of each section.

    python3 benchmarks/bench_large_story.py [--sizes 50,100,200,300,1000] [--cluster ID]
        [--seed 0] [--timeout 1800] [--unrelated]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RAW_DEV = ROOT.parent / "shared" / "data" / "multinews-raw-dev.jsonl.gz"
DEFAULT_CLUSTER = "multinews-54673"

# light rewrites an outlet makes to wire copy: (pattern, replacement)
_EDITS = (
    (re.compile(r"\bsaid\b"), "says"),
    (re.compile(r"\bon (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"), r"\1"),
    (re.compile(r"\bpercent\b"), "per cent"),
    (re.compile(r"\bhowever\b"), "though"),
    (re.compile(r"\bpeople\b"), "residents"),
    (re.compile(r"\bofficials\b"), "authorities"),
)
_NUMBER = re.compile(r"\b(\d{2,3})\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")


def seed_articles(cluster: str) -> list[Any]:
    """The cleaned articles of one raw Multi-News cluster, read by newsdesk itself."""
    import newsdesk

    with gzip.open(RAW_DEV, "rt", encoding="utf-8") as fh:
        row = next((json.loads(line) for line in fh if f'"{cluster}"' in line), None)
    if row is None:
        raise SystemExit(f"cluster {cluster} is not in {RAW_DEV}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{cluster}.jsonl"
        path.write_text(json.dumps(row) + "\n", encoding="utf-8")
        return list(newsdesk.read_articles([str(path)]).articles)


def _rewrite(sentence: str, outlet: str, rng: random.Random) -> str:
    """One light edit of a sentence: a word changed, a number updated, the outlet's own
    attribution added (a text no other article has), or the sentence dropped."""
    roll = rng.random()
    if roll < 0.35:
        pattern, repl = rng.choice(_EDITS)
        return pattern.sub(repl, sentence, count=1)
    if roll < 0.5:
        m = _NUMBER.search(sentence)
        if m and not 1900 <= int(m.group(1)) <= 2100:
            bumped = str(int(m.group(1)) + rng.randint(1, 5))
            return sentence[: m.start()] + bumped + sentence[m.end() :]
        return sentence
    if roll < 0.9 and sentence.endswith("."):
        return f"{sentence[:-1]}, {outlet} reported."
    return ""


def variants(seeds: list[Any], n: int, seed: int) -> list[Any]:
    """``n`` outlet rewrites of the seed articles, deterministic for ``seed``."""
    import datetime as dt

    from newsdesk.model import Article, article_id

    rng = random.Random(seed)
    out = []
    for i in range(n):
        base = seeds[i % len(seeds)]
        outlet = f"Outlet {i:04d}"
        paras = [p for p in base.text.split("\n\n") if p.strip()]
        kept = paras[:1] + [p for p in paras[1:] if rng.random() < 0.85]
        if len(kept) > 3 and rng.random() < 0.3:
            a, b = rng.sample(range(1, len(kept)), 2)
            kept[a], kept[b] = kept[b], kept[a]
        edited = []
        for para in kept:
            sentences = _SENTENCE_END.split(para)
            sentences = [_rewrite(x, outlet, rng) if rng.random() < 0.3 else x for x in sentences]
            edited.append(" ".join(x for x in sentences if x))
        text = "\n\n".join(p for p in edited if p)
        out.append(
            Article(
                id=article_id(text, salt=f"variant-{i}"),
                text=text,
                title=f"{base.title or 'Gaza'} ({i})",
                source=outlet,
                url=f"https://outlet{i:04d}.example/news/{i}",
                published=dt.date(2012, 11, 15) + dt.timedelta(days=i % 4),
            )
        )
    return out


def _timed(stages: dict[str, float], name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            stages[name] += time.perf_counter() - t0

    return wrapper


def _instrument(stages: dict[str, float]) -> None:
    """Wrap the stage functions where the orchestrators look them up."""
    import newsdesk.analyze as an
    import newsdesk.pipeline as pl

    for name in ("documents", "cite"):
        setattr(pl, name, _timed(stages, name, getattr(pl, name)))
    get = pl.get_summarizer

    def get_summarizer(method: str) -> Any:
        summarizer = get(method)

        class Timed:
            name = summarizer.name
            select = staticmethod(_timed(stages, "summary (select)", summarizer.select))

        return Timed()

    pl.get_summarizer = get_summarizer  # type: ignore[assignment]
    for name in (
        "lowercase_vocabulary",
        "find_mentions",
        "group_entities",
        "find_quotes",
        "merge_quotes",
        "align",
        "find_conflicts",
        "agreements_and_single",
        "build_timeline",
    ):
        if hasattr(an, name):
            setattr(an, name, _timed(stages, name, getattr(an, name)))


def child(n: int, cluster: str, seed: int) -> dict[str, Any]:
    """Build the n-article story (n = 0: every raw dev article, unrelated stories), brief
    it, render it; what it cost."""
    import newsdesk
    from newsdesk.render import render

    if n:
        articles = variants(seed_articles(cluster), n, seed)
    else:
        articles = list(newsdesk.read_articles([str(RAW_DEV)]).articles)
    stages: dict[str, float] = defaultdict(float)
    _instrument(stages)
    t0 = time.perf_counter()
    brief = newsdesk.brief(articles)
    wall = time.perf_counter() - t0
    lines = {}
    for fmt in ("md", "html", "json"):
        t1 = time.perf_counter()
        text = render(brief, fmt)
        stages[f"render {fmt}"] = time.perf_counter() - t1
        lines[fmt] = text.count("\n")
    an = brief.analysis
    return {
        "n": len(articles),
        "words": sum(len(a.text.split()) for a in articles),
        "wall": wall,
        "stages": dict(stages),
        "lines": lines,
        "counts": {
            "agreements": len(an.agreements),
            "single": len(an.single_source),
            "conflicts": len(an.conflicts),
            "quotes": len(an.quotes),
            "entities": len(an.entities),
            "timeline": len(an.timeline),
        },
    }


def run_child(n: int, args: argparse.Namespace) -> tuple[dict[str, Any] | None, float]:
    """The child's report (None if it failed or ran out of time) and its peak RSS in MiB."""
    cmd = [sys.executable, __file__, "--child", str(n), "--cluster", args.cluster]
    cmd += ["--seed", str(args.seed)]
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, stdout=out)
        deadline = time.monotonic() + args.timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                return None, usage.ru_maxrss / 1024
            time.sleep(0.2)
        out.seek(0)
        report = out.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        return None, usage.ru_maxrss / 1024
    return json.loads(report.strip().splitlines()[-1]), usage.ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="50,100,200,300,1000", help="articles per run")
    ap.add_argument("--cluster", default=DEFAULT_CLUSTER, help="raw dev cluster to rewrite")
    ap.add_argument("--seed", type=int, default=0, help="seed of the rewrites (default 0)")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per size")
    ap.add_argument(
        "--unrelated",
        action="store_true",
        help="also brief every raw dev article as one input: the size of the brief",
    )
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not RAW_DEV.exists():
        print(f"{RAW_DEV} is absent: nothing to build the large story from; skipped")
        return 0
    if args.child is not None:
        print(json.dumps(child(args.child, args.cluster, args.seed)))
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s]
    print(f"story: {args.cluster} rewritten, seed {args.seed}; one child process per size\n")
    print("| articles | words | brief s | vs smallest | linear | N log N | peak MiB | md lines |")
    print("|---|---|---|---|---|---|---|---|")
    reports = []
    base: tuple[int, float] | None = None
    for n in sizes:
        report, rss = run_child(n, args)
        if report is None:
            print(f"| {n} | | failed or over {args.timeout:.0f} s | | | | {rss:.0f} | |")
            continue
        reports.append(report)
        base = base or (n, report["wall"])
        lin = n / base[0]
        nlogn = n * math.log(n) / (base[0] * math.log(base[0]))
        print(
            f"| {n} | {report['words']:,} | {report['wall']:.2f} | "
            f"{report['wall'] / base[1]:.1f}x | {lin:.1f}x | {nlogn:.1f}x | {rss:.0f} | "
            f"{report['lines']['md']:,} |"
        )
    for report in reports[-2:]:
        print(f"\nstages at {report['n']} articles (seconds):\n")
        for name, secs in sorted(report["stages"].items(), key=lambda kv: -kv[1]):
            print(f"- {name}: {secs:.2f}")
        print(f"- sections: {report['counts']}")
    if args.unrelated:
        report, rss = run_child(0, args)
        if report is None:
            print("\nunrelated articles: failed or out of time")
            return 1
        print(
            f"\nevery raw dev article as one input ({report['n']} unrelated articles, "
            f"{report['words']:,} words): {report['wall']:.2f} s, peak {rss:.0f} MiB; "
            f"lines: {report['lines']}; sections: {report['counts']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
