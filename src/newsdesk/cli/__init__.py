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
from ..text import printable

__all__ = ["main", "EXIT_OK", "EXIT_FAILURE", "EXIT_USAGE", "EXIT_PARTIAL"]

EXIT_OK = 0
EXIT_FAILURE = 1  # nothing usable remained, or an operation failed
EXIT_USAGE = 2  # bad command line (argparse's own code)
EXIT_PARTIAL = 3  # the job was done, but some inputs were rejected

# module names under newsdesk.cli, in the order their commands appear in --help
_COMMANDS = ("brief", "store_commands", "fetch_commands", "serve", "evaluate")


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


class _TerminalHandler(logging.StreamHandler):
    """Log records on standard error, one escaped line each: newsdesk's own as
    ``newsdesk: MESSAGE`` (warnings always, INFO with -v), other libraries' (trafilatura,
    htmldate, charset_normalizer...) as ``newsdesk: LIBRARY: MESSAGE`` and only with -v,
    at WARNING and above: without -v their chatter ("discarding data: None") says
    nothing the reader's own warnings do not."""

    def __init__(self, *, verbose: bool) -> None:
        super().__init__(sys.stderr)
        self.verbose = verbose

    def filter(self, record: logging.LogRecord) -> bool:
        ours = record.name == "newsdesk" or record.name.startswith("newsdesk.")
        if ours:
            return record.levelno >= (logging.INFO if self.verbose else logging.WARNING)
        return self.verbose and record.levelno >= logging.WARNING

    def format(self, record: logging.LogRecord) -> str:
        library = record.name.split(".", 1)[0]
        prefix = "newsdesk: " if library == "newsdesk" else f"newsdesk: {library}: "
        text = prefix + printable(record.getMessage())
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        return text


def _configure_logging(*, verbose: bool) -> None:
    """Send log records to standard error through one :class:`_TerminalHandler` on the
    root logger (replacing the one an earlier call installed)."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _TerminalHandler)]:
        root.removeHandler(old)
    root.addHandler(_TerminalHandler(verbose=verbose))
    if verbose:
        logging.getLogger("newsdesk").setLevel(logging.INFO)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(verbose=args.verbose)
    try:
        code: int = args.handler(args)
    except NewsdeskError as exc:
        print(f"newsdesk: error: {printable(str(exc))}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("newsdesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
