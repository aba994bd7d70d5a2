"""The ``newsdesk`` command. Each subcommand lives in its own module with a
``register(subparsers)`` function; heavy imports happen inside the handlers so
``newsdesk --help`` stays fast. The CLI owns the terminal: the library never prints."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import NewsdeskError

__all__ = ["main", "EXIT_OK", "EXIT_FAILURE", "EXIT_USAGE", "EXIT_PARTIAL"]

EXIT_OK = 0
EXIT_FAILURE = 1  # nothing usable remained, or an operation failed
EXIT_USAGE = 2  # bad command line (argparse's own code)
EXIT_PARTIAL = 3  # the job was done, but some inputs were rejected

# module names under newsdesk.cli, in the order their commands appear in --help
_COMMANDS = ("brief", "store_commands", "evaluate")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="Turn news articles into cited, cross-checked story briefs.",
        epilog=(
            "exit codes: 0 success; 1 nothing usable or the job failed; "
            "2 bad command line; 3 done, but some inputs were rejected"
        ),
    )
    parser.add_argument("--version", action="version", version=f"newsdesk {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what each stage does")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in _COMMANDS:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="newsdesk: %(message)s",
        stream=sys.stderr,
    )
    try:
        code: int = args.handler(args)
    except NewsdeskError as exc:
        print(f"newsdesk: error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("newsdesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
