"""``newsdesk brief``: read articles, write one cited brief (Markdown, JSON or HTML)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..text import printable
from . import EXIT_FAILURE, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE

PROGRESS_MIN_FILES = 20  # fewer files read too fast for a progress bar to help

DESCRIPTION = """\
Read news articles about one story and write a brief: a summary whose every sentence
cites its sources, plus what the sources agree on, what only one reports, where they
conflict, the quotes, the timeline and the people, organisations and places involved.

INPUT may be a file, a directory (read recursively, hidden files skipped) or - for
standard input. Each input's format is sniffed (scraped plain text, an HTML page, a
Multi-News file, JSON Lines with one article a line, an RSS/Atom feed) unless
--input-format says otherwise. Inputs that cannot be used are reported on stderr as
"newsdesk: warning: INPUT: REASON" and left out.
"""

EPILOG = """\
exit codes: 0 every input was read; 3 a brief was written but some inputs were rejected;
1 nothing usable remained, or --strict met a problem; 2 bad command line.
"""


def register(sub: Any) -> None:
    p = sub.add_parser(
        "brief",
        help="write a cited, cross-checked brief of articles about one story",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="article files, directories, or - for standard input",
    )
    p.add_argument(
        "--words",
        type=int,
        default=250,
        metavar="N",
        help="word budget of the summary (default: %(default)s)",
    )
    p.add_argument(
        "--method",
        default=None,
        metavar="NAME",
        help="registered summarizer to use (default: the library's default); "
        "an unknown name is refused with the list of known ones",
    )
    p.add_argument(
        "--format",
        dest="output_format",
        choices=("md", "json", "html"),
        default="md",
        help="output format: Markdown, JSON (schema in docs/json-schema.md) or a "
        "self-contained HTML page (default: %(default)s)",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the brief to FILE instead of standard output",
    )
    p.add_argument(
        "--input-format",
        choices=("auto", "text", "html", "multinews", "jsonl", "feed"),
        default="auto",
        help="read every input as this format instead of sniffing each (default: %(default)s)",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="stop with exit code 1 at the first input problem instead of leaving that input out",
    )
    p.add_argument(
        "--no-analysis",
        action="store_true",
        help="write the summary only, without agreements, conflicts, quotes, entities and timeline",
    )
    p.add_argument(
        "--quiet",
        action="store_true",
        help="print no warnings about inputs and no progress bar "
        "(the exit code still reports rejected inputs)",
    )
    store = p.add_argument_group("stored stories (instead of INPUT)")
    store.add_argument("--story", metavar="ID", help="brief the articles of stored story ID")
    store.add_argument(
        "--since-last",
        action="store_true",
        help="with --story: only the articles added since that story was last briefed",
    )
    store.add_argument(
        "--db",
        metavar="PATH",
        default=None,
        help="the store's database file (default: the store's default location)",
    )
    p.set_defaults(handler=run)


def _usage(message: str) -> int:
    print(f"newsdesk brief: error: {printable(message)}", file=sys.stderr)
    return EXIT_USAGE


def _progress_bar(total: int, *, quiet: bool) -> Any:
    """A tqdm bar on stderr, only for many files and an interactive terminal."""
    if quiet or total <= PROGRESS_MIN_FILES or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="file", desc="reading", file=sys.stderr, leave=False)


def run(args: argparse.Namespace) -> int:
    from ..model import Article, InputProblem
    from ..pipeline import BriefOptions, brief
    from ..read import ReadOptions, list_inputs, read_articles
    from ..render import render

    if args.story is None and not args.inputs:
        return _usage("give at least one INPUT (a file, a directory or -), or --story ID")
    if args.story is not None and args.inputs:
        return _usage("give INPUT files or --story ID, not both")
    if args.story is None and (args.since_last or args.db is not None):
        return _usage("--since-last and --db only apply with --story ID")
    try:
        kwargs: dict[str, Any] = {"words": args.words, "analyze": not args.no_analysis}
        if args.method is not None:
            kwargs["method"] = args.method
        options = BriefOptions(**kwargs)
    except ValueError as exc:
        return _usage(str(exc))

    articles: list[Article]
    problems: list[InputProblem] = []
    rejected = 0
    if args.story is not None:
        try:
            from ..store import open_store
        except ImportError as exc:
            print(
                f"newsdesk: error: the story store is not available: {printable(str(exc))}",
                file=sys.stderr,
            )
            return EXIT_FAILURE

        with open_store(args.db, create=False) as store:
            articles = list(store.story_articles(args.story, since_last=args.since_last))
            if not articles:
                print(
                    f"newsdesk: error: story {printable(args.story)}: no articles to brief",
                    file=sys.stderr,
                )
                return EXIT_FAILURE
            code = _write(args, brief(articles, options=options), render)
            if code == EXIT_OK:
                store.mark_briefed(args.story, [a.id for a in articles])
            return code

    read_options = ReadOptions(format=args.input_format, strict=args.strict)
    files = list_inputs(args.inputs)
    bar = _progress_bar(len(files), quiet=args.quiet)
    try:
        result = read_articles(
            files,
            options=read_options,
            progress=(lambda done, total: bar.update(1)) if bar is not None else None,
        )
    finally:
        if bar is not None:
            bar.close()
    problems = result.problems
    rejected = len(result.rejected)
    if not args.quiet:
        for prob in problems:
            print(f"newsdesk: warning: {prob}", file=sys.stderr)  # str() escapes the name
    if not result.articles:
        print("newsdesk: error: no usable articles in the input", file=sys.stderr)
        return EXIT_FAILURE
    code = _write(args, brief(result.articles, options=options, problems=problems), render)
    if code != EXIT_OK:
        return code
    return EXIT_PARTIAL if rejected else EXIT_OK


def _write(args: argparse.Namespace, b: Any, render: Any) -> int:
    text: str = render(b, args.output_format)
    if args.output is None or args.output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return EXIT_OK
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as exc:
        print(
            f"newsdesk: error: cannot write {printable(args.output)}: "
            f"{printable(exc.strerror or str(exc))}",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    return EXIT_OK
