"""``newsdesk add``, ``stories`` and ``recluster``: the article store from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from typing import Any

from ..text import http_url, printable
from . import EXIT_FAILURE, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE

_DB_HELP = "the store's database file (default: $NEWSDESK_DB, else the user data folder)"
_SINCE = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
_SHOW = 10  # warnings printed one by one before they are only counted
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def register(sub: Any) -> None:
    _register_add(sub)
    _register_reading(sub)
    _register_recluster(sub)


def _register_add(sub: Any) -> None:
    p = sub.add_parser(
        "add",
        help="add articles to the store, linking duplicates and grouping them into stories",
        description=(
            "Read articles (text, HTML, JSON Lines, Multi-News, RSS/Atom; files or "
            "directories) and add them to the store, one transaction per batch. Adding the "
            "same input again adds nothing; an interrupted add can simply be run again."
        ),
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or directories ('-': stdin)")
    p.add_argument("--db", metavar="PATH", help=_DB_HELP)
    p.add_argument(
        "--input-format",
        default="auto",
        choices=["auto", "text", "html", "multinews", "jsonl", "feed"],
        help="read every input as this format instead of sniffing each (default: auto)",
    )
    p.add_argument(
        "--batch-size", type=int, default=500, metavar="N", help="articles per transaction"
    )
    p.set_defaults(handler=run_add)


def _register_reading(sub: Any) -> None:
    p = sub.add_parser(
        "stories",
        help="list the stored stories",
        description=(
            "List stories: topic (the thread of related stories it belongs to), size, "
            "outlets, first and last seen, headline."
        ),
    )
    p.add_argument(
        "--since", metavar="AGE", help="only stories updated in the last AGE (30m, 12h, 2d, 1w)"
    )
    p.add_argument("--json", action="store_true", help="JSON Lines, one story a line")
    p.add_argument("--limit", type=int, metavar="N", help="show at most N stories")
    p.add_argument("--db", metavar="PATH", help=_DB_HELP)
    p.set_defaults(handler=run_stories)

    p = sub.add_parser(
        "story",
        help="show one stored story and its articles",
        description=(
            "Show one story: its size, outlets, dates and every article in it (id, "
            "published, outlet, title, URL), in the order they were added. The id of a "
            "story that was merged into another shows the story it is part of now."
        ),
    )
    p.add_argument("id", metavar="ID", help="the story's id (as `newsdesk stories` lists it)")
    p.add_argument("--json", action="store_true", help="the story as one JSON object")
    p.add_argument("--db", metavar="PATH", help=_DB_HELP)
    p.set_defaults(handler=run_story)


def _register_recluster(sub: Any) -> None:
    p = sub.add_parser(
        "recluster",
        help="re-run duplicate linking and story clustering over every stored article",
        description=(
            "Re-run near-duplicate linking and story clustering over the stored articles, "
            "in the order they were added (for example after changing --threshold)."
        ),
    )
    p.add_argument("--db", metavar="PATH", help=_DB_HELP)
    p.add_argument(
        "--threshold",
        type=float,
        metavar="X",
        help="what an article needs to join a story: the cosine rule's similarity, or the "
        "learned model's probability (default: keep the store's)",
    )
    p.add_argument(
        "--topic-threshold",
        type=float,
        metavar="X",
        help="similarity a new story needs to join a topic (default: keep the store's)",
    )
    p.add_argument(
        "--method",
        choices=("cosine", "learned"),
        help="how an article is matched to a story from now on: the cosine rule or the "
        "learned same-story model (default: keep the store's)",
    )
    p.set_defaults(handler=run_recluster)


def _bar(total: int, desc: str) -> Any:
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="article", desc=desc, file=sys.stderr, leave=False)


def run_add(args: argparse.Namespace) -> int:
    from ..read import ReadOptions, read_articles
    from ..store import AddReport, open_store

    if args.batch_size < 1:
        print("newsdesk add: error: --batch-size must be positive", file=sys.stderr)
        return EXIT_USAGE
    try:
        # dedupe=False: a text read twice (wire copy in two outlets) is kept, and linked
        options = ReadOptions(format=args.input_format, dedupe=False)
    except ValueError as exc:
        print(f"newsdesk add: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    result = read_articles(args.paths, options=options)
    report = AddReport()
    kept = {id(w) for w in getattr(result, "warnings", [])}
    if kept:
        shown = [w for w in result.problems if id(w) in kept]
        for w in shown[:_SHOW]:
            print(f"newsdesk: warning: {w}", file=sys.stderr)
        if len(shown) > _SHOW:
            print(f"newsdesk: warning: ... and {len(shown) - _SHOW} more", file=sys.stderr)
    for p in result.problems:
        if id(p) in kept:
            continue
        elif p.reason.startswith("duplicate of "):
            report.already_present += 1  # the same text twice in the input
        else:
            print(f"newsdesk: rejected: {p}", file=sys.stderr)
            report.rejected.append(p)
    with open_store(args.db) as store:
        bar = _bar(len(result.articles), "adding")
        try:
            stored = store.add(
                result.articles,
                batch_size=args.batch_size,
                progress=bar.update if bar is not None else None,
            )
        finally:
            if bar is not None:
                bar.close()
        for p in stored.rejected:
            print(f"newsdesk: rejected: {p}", file=sys.stderr)
        report.merge(stored)
        total = len(store)
    print(
        f"{report.line()}; {report.new_stories} new stories in {report.new_topics} new topics, "
        f"{total} articles in {printable(str(store.path))}",
        file=sys.stderr,
    )
    if report.rejected:
        return EXIT_PARTIAL
    if report.added == 0 and report.already_present == 0:
        return EXIT_FAILURE
    return EXIT_OK


def parse_age(text: str) -> dt.timedelta:
    """``30m``, ``12h``, ``2d``, ``1w`` -> a timedelta."""
    m = _SINCE.match(text)
    if m is None:
        raise ValueError(f"cannot read the age {text!r}; write it like 30m, 12h, 2d or 1w")
    return dt.timedelta(**{_UNITS[m.group(2)]: int(m.group(1))})


def run_stories(args: argparse.Namespace) -> int:
    from ..store import open_store

    since = None
    if args.since:
        try:
            since = dt.datetime.now(dt.UTC) - parse_age(args.since)
        except ValueError as exc:
            print(f"newsdesk stories: error: {exc}", file=sys.stderr)
            return EXIT_USAGE
    with open_store(args.db, create=False) as store:
        stories = store.stories(since)
    if args.limit is not None:
        stories = stories[: args.limit]
    out = sys.stdout
    if args.json:
        for s in stories:
            out.write(json.dumps(s.as_dict(), ensure_ascii=False) + "\n")
        return EXIT_OK
    if not stories:
        print("no stories", file=sys.stderr)
        return EXIT_OK
    out.write(f"{'STORY':<18} {'TOPIC':<18} {'SIZE':>5} {'DUPS':>4}  {'FIRST SEEN':<16} "
              f"{'LAST SEEN':<16}  OUTLETS / HEADLINE\n")  # fmt: skip
    for s in stories:
        outlets = ", ".join(s.outlets[:4]) + (
            f" +{len(s.outlets) - 4}" if len(s.outlets) > 4 else ""
        )
        # outlets and headlines come from the articles: no control characters reach a terminal
        out.write(
            f"{s.id:<18} {s.topic or s.id:<18} {s.size:>5} {s.duplicates:>4}  "
            f"{s.first_seen:%Y-%m-%d %H:%M} {s.last_seen:%Y-%m-%d %H:%M}  "
            f"{printable(outlets) or '-'} / {printable(s.headline[:80])}\n"
        )
    return EXIT_OK


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def run_story(args: argparse.Namespace) -> int:
    from ..store import open_store

    with open_store(args.db, create=False) as store:
        story = store.story(args.id)
    out = sys.stdout
    if args.json:
        out.write(json.dumps(story.as_dict(), ensure_ascii=False) + "\n")
        return EXIT_OK
    if story.id != args.id:
        print(f"story {printable(args.id)} was merged into {story.id}", file=sys.stderr)
    dates = ""
    if story.first_published:
        dates = f", published {story.first_published} to {story.last_published}"
    out.write(
        f"{story.id} (topic {story.topic or story.id}): {_n(story.size, 'article')}, "
        f"{_n(story.duplicates, 'near-duplicate')}, {_n(len(story.outlets), 'outlet')}{dates}\n"
        f"{printable(story.headline)}\n\n"
    )
    out.write(f"{'ARTICLE':<18} {'PUBLISHED':<10}  {'OUTLET':<20} TITLE / URL\n")
    for m in story.members:
        dup = f" (copy of {m.duplicate_of})" if m.duplicate_of else ""
        out.write(
            f"{m.id:<18} {m.published or '-':<10}  {printable(m.source or '-')[:20]:<20} "
            f"{printable(m.title or '(no title)')[:70]}{dup}\n"
        )
        url = http_url(m.url)
        if url:
            out.write(f"{'':<18} {'':<10}  {'':<20} {url}\n")
        elif m.url:
            out.write(f"{'':<18} {'':<10}  {'':<20} (not an http(s) URL: not shown)\n")
    return EXIT_OK


def run_recluster(args: argparse.Namespace) -> int:
    import dataclasses

    from ..store import open_store

    with open_store(args.db, create=False) as store:
        cluster, dedupe = store.options()
        method = args.method or cluster.method
        given = {
            "method": args.method,
            # the learned model's threshold is a probability, the cosine rule's a similarity
            ("link_threshold" if method == "learned" else "threshold"): args.threshold,
            "topic_threshold": args.topic_threshold,
        }
        changes = {k: v for k, v in given.items() if v is not None}
        if changes:
            try:
                cluster = dataclasses.replace(cluster, **changes)
            except ValueError as exc:
                print(f"newsdesk recluster: error: {exc}", file=sys.stderr)
                return EXIT_USAGE
        bar = _bar(len(store), "reclustering")
        try:
            n = store.recluster(cluster, dedupe, progress=bar.update if bar is not None else None)
        finally:
            if bar is not None:
                bar.close()
        topics = len(set(store.topics().values()))
        current = len(store.stories())
        merged = f", {n - current} more merged into them" if n > current else ""
        threshold = cluster.link_threshold if cluster.method == "learned" else cluster.threshold
        print(
            f"{len(store)} articles in {current} stories{merged} and {topics} topics "
            f"(method {cluster.method}, threshold {threshold}, "
            f"topic threshold {cluster.topic_threshold})"
        )
    return EXIT_OK
