"""``newsdesk fetch``, ``watch`` and ``feeds``: following the news as it is published."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..text import printable
from . import EXIT_FAILURE, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE
from .store_commands import parse_age

_DB_HELP = "the store's database file (default: $NEWSDESK_DB, else the user data folder)"


def _fetch_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="PATH", help=_DB_HELP)
    p.add_argument(
        "--allow-private",
        action="store_true",
        help="allow private, loopback and other non-public addresses (refused by default, "
        "for every request and every redirect)",
    )
    p.add_argument(
        "--allow-network",
        action="append",
        default=[],
        metavar="CIDR",
        help="allow this one non-public network (e.g. 10.1.0.0/16); repeatable",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        metavar="S",
        help="seconds one request may take in all, body included (default 60)",
    )
    p.add_argument(
        "--max-bytes",
        type=int,
        default=10_000_000,
        metavar="N",
        help="largest body read, after decompression (default 10000000)",
    )
    p.add_argument(
        "--per-host-delay",
        type=float,
        default=1.0,
        metavar="S",
        help="seconds between requests to one host (default 1)",
    )
    p.add_argument(
        "--per-host-concurrency",
        type=int,
        default=2,
        metavar="N",
        help="requests in flight to one host at once (default 2)",
    )
    p.add_argument("--retries", type=int, default=2, metavar="N",
                   help="retries of a 429, 5xx or timeout, with backoff (default 2)")  # fmt: skip


def register(sub: Any) -> None:
    p = sub.add_parser(
        "fetch",
        help="fetch article pages once and add them to the store",
        description="Fetch each URL (robots.txt, per-host limits, public addresses only), "
        "extract its article and add it to the store. A URL already stored is not fetched.",
    )
    p.add_argument("urls", nargs="+", metavar="URL", help="http(s) URLs of article pages")
    _fetch_flags(p)
    p.set_defaults(handler=run_fetch)

    p = sub.add_parser(
        "watch",
        help="follow feeds: fetch new articles as they are published",
        description="Follow RSS/Atom/RDF feeds (listed in OPML or text files, one URL a "
        "line, or given as URLs; a site's page works too: its feed is discovered) and add "
        "new articles to the store, round after round, with conditional GET. Without "
        "FEEDS, follows the feeds already in the store.",
    )
    p.add_argument("feeds", nargs="*", metavar="FEEDS", help="OPML or text files, or URLs")
    p.add_argument("--every", default="15m", metavar="AGE",
                   help="time between rounds, and the unit of a failing feed's backoff "
                   "(30s, 15m, 1h; default 15m)")  # fmt: skip
    p.add_argument("--once", action="store_true", help="one round, then exit (for cron)")
    p.add_argument("--rounds", type=int, metavar="N", help="stop after N rounds (default: never)")
    p.add_argument(
        "--max-entries",
        type=int,
        default=100,
        metavar="N",
        help="entries followed per feed per round (default 100)",
    )
    p.add_argument("--extract-workers", type=int, default=1, metavar="N",
                   help="processes that extract articles from pages, beside the one that "
                   "fetches (0: a thread of it; default 1)")  # fmt: skip
    _fetch_flags(p)
    p.set_defaults(handler=run_watch)

    p = sub.add_parser(
        "feeds",
        help="list the followed feeds: last fetch, status, new articles, errors",
        description="Each followed feed: last fetch, status, articles its last fetch added, "
        "consecutive failures and the last error, and when a failing feed is tried next.",
    )
    p.add_argument("--db", metavar="PATH", help=_DB_HELP)
    p.add_argument("--json", action="store_true", help="JSON Lines, one feed a line")
    p.set_defaults(handler=run_feeds)


def _fetch_options(args: argparse.Namespace) -> Any:
    from ..fetch import FetchOptions

    return FetchOptions(
        total_timeout=args.timeout,
        read_timeout=min(20.0, args.timeout),
        connect_timeout=min(10.0, args.timeout),
        max_bytes=args.max_bytes,
        per_host_delay=args.per_host_delay,
        per_host_concurrency=args.per_host_concurrency,
        retries=args.retries,
        allow_private=args.allow_private,
        allow_networks=tuple(args.allow_network),
    )


def _err(command: str, message: str) -> int:
    print(f"newsdesk {command}: error: {printable(message)}", file=sys.stderr)
    return EXIT_USAGE


def run_fetch(args: argparse.Namespace) -> int:
    import asyncio

    from ..fetch import Fetcher, StoreRobots, StoreThread, fetch_pages
    from ..text import http_url

    try:
        options = _fetch_options(args)
    except ValueError as exc:
        return _err("fetch", str(exc))
    urls, bad = [], 0
    for u in args.urls:
        if http_url(u) is None:
            print(f"newsdesk: rejected: {printable(u)}: not an http(s) URL", file=sys.stderr)
            bad += 1
        else:
            urls.append(u)

    def shown(url: str, problem: str | None) -> None:
        if problem is not None:
            print(f"newsdesk: rejected: {printable(url)}: {printable(problem)}", file=sys.stderr)

    async def go() -> Any:
        async with (
            StoreThread(args.db) as db,
            Fetcher(options, robots_store=StoreRobots(db)) as fetcher,
        ):
            return await fetch_pages(db, fetcher, urls, progress=shown)

    report = asyncio.run(go()) if urls else None
    added = report.added if report else None
    known = report.known if report else 0
    failed = bad + (len(report.problems) if report else 0)
    line = added.line() if added else "0 added"
    print(f"{line}; {known} already stored, {failed} not fetched", file=sys.stderr)
    if failed and (added is None or added.added + added.already_present + known == 0):
        return EXIT_FAILURE
    return EXIT_PARTIAL if failed else EXIT_OK


def _feed_list(args: argparse.Namespace) -> tuple[list[tuple[str, str | None]], int]:
    from ..fetch import read_feed_list
    from ..text import http_url

    feeds: list[tuple[str, str | None]] = []
    bad = 0
    for item in args.feeds:
        if item.startswith(("http://", "https://")) and http_url(item):
            feeds.append((item, None))
            continue
        try:
            found, problems = read_feed_list(item)
        except OSError as exc:
            print(f"newsdesk: rejected: {printable(item)}: {exc.strerror}", file=sys.stderr)
            bad += 1
            continue
        for p in problems:
            print(f"newsdesk: rejected: {p}", file=sys.stderr)
        bad += len(problems)
        feeds.extend(found)
    return list(dict.fromkeys(feeds)), bad


def run_watch(args: argparse.Namespace) -> int:
    import asyncio

    from ..fetch import WatchOptions

    try:
        every = parse_age(args.every).total_seconds()
        options = WatchOptions(fetch=_fetch_options(args), every=every,
                               max_entries=args.max_entries,
                               extract_workers=args.extract_workers)  # fmt: skip
    except ValueError as exc:
        return _err("watch", str(exc))
    if args.rounds is not None and args.rounds < 1:
        return _err("watch", "--rounds must be 1 or more")
    feeds, bad = _feed_list(args)
    if args.feeds and not feeds:
        print("newsdesk watch: error: no feed to follow in the input", file=sys.stderr)
        return EXIT_FAILURE
    return asyncio.run(_watch(args, options, feeds, bad))


def _progress(rep: Any) -> None:
    if rep.status in ("failed", "backing off") or rep.new or rep.updated or rep.problems:
        print(f"newsdesk: {printable(rep.line())}", file=sys.stderr)
    for p in rep.problems[:5]:
        print(f"newsdesk: rejected: {p}", file=sys.stderr)


async def _watch(args: argparse.Namespace, options: Any, feeds: list[Any], bad: int) -> int:
    from ..fetch import Extractor

    with Extractor(options.extract_workers) as extract:
        rep = await _rounds(args, options, feeds, extract)
    if not rep.feeds:
        print("newsdesk watch: no feeds followed yet: give an OPML or text file of feeds",
              file=sys.stderr)  # fmt: skip
        return EXIT_FAILURE
    failed = rep.count("failed") + rep.count("backing off")
    if failed == len(rep.feeds):
        return EXIT_FAILURE
    entries = sum(len(f.problems) for f in rep.feeds)
    return EXIT_PARTIAL if failed or bad or entries else EXIT_OK


def run_feeds(args: argparse.Namespace) -> int:
    from ..store import open_store
    from ..store.sqlite_feeds import feed_tables

    with open_store(args.db, create=False) as store:
        feeds = feed_tables(store).feeds()
    out = sys.stdout
    if args.json:
        for f in feeds:
            out.write(json.dumps(f.as_dict(), ensure_ascii=False) + "\n")
        return EXIT_OK
    if not feeds:
        print("no feeds followed", file=sys.stderr)
        return EXIT_OK
    out.write(f"{'STATUS':<13} {'LAST FETCH':<20} {'NEW':>4} {'TOTAL':>6} {'FAILS':>5}  "
              "FEED / ERROR\n")  # fmt: skip
    for f in feeds:
        when = (f.last_fetch_at or "never")[:19].replace("T", " ")
        out.write(f"{f.last_status or 'new':<13} {when:<20} {f.last_new:>4} {f.articles:>6} "
                  f"{f.failures:>5}  {printable(f.url)}\n")  # fmt: skip
        if f.fetch_url and f.fetch_url != f.url:
            out.write(f"{'':<54}  feed found there: {printable(f.fetch_url)}\n")
        if f.last_error:
            nxt = f"; next try after {f.next_fetch_at}" if f.next_fetch_at else ""
            out.write(f"{'':<54}  {printable(f.last_error)[:200]}{nxt}\n")
    return EXIT_OK


async def _rounds(args: argparse.Namespace, options: Any, feeds: list[Any], extract: Any) -> Any:
    """Follow ``feeds`` and run rounds until ``--once``/``--rounds`` is done (or for ever)."""
    import asyncio

    from ..fetch import Fetcher, StoreRobots, StoreThread, follow, run_round

    urls = [u for u, _ in feeds] or None
    rounds = 1 if args.once else (args.rounds or -1)
    async with (
        StoreThread(args.db) as db,
        Fetcher(options.fetch, robots_store=StoreRobots(db)) as fetcher,
    ):
        if feeds:
            new = await follow(db, feeds)
            print(f"newsdesk: following {len(feeds)} feeds ({new} new)", file=sys.stderr)
        while True:
            rep = await run_round(db, fetcher, options, urls=urls, progress=_progress,
                                  extract=extract)  # fmt: skip
            print(f"newsdesk: round: {rep.line()}", file=sys.stderr)
            rounds -= 1
            if rounds == 0:
                return rep
            await asyncio.sleep(max(0.0, options.every - rep.seconds))
