"""``newsdesk serve``: the store in a browser, and its JSON API (the ``web`` extra)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from ..text import printable
from . import EXIT_OK, EXIT_USAGE

TOKEN_ENV = "NEWSDESK_TOKEN"

DESCRIPTION = """\
Serve the store: a front page of stories (search, date and outlet filters), each story's
brief with every citation one click from its passage, each article with the spans briefs
cite, a page to add articles, and a JSON API (/api/docs). Briefs are written on demand
and kept in the store until the story changes. Reads never wait for a running `add`.

It binds 127.0.0.1 (this machine only) unless --host says otherwise; any other address
needs --token (or $NEWSDESK_TOKEN), which every write then has to give.
"""


def register(sub: Any) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the store in a browser and as a JSON API",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--db", metavar="PATH", help="the store's database file (default: "
                   "$NEWSDESK_DB, else the user data folder); created if missing")  # fmt: skip
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    p.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    p.add_argument(
        "--token",
        default=None,
        help=f"secret every write must give (default: ${TOKEN_ENV}); required with a "
        "non-loopback --host",
    )
    p.add_argument(
        "--max-request-mb",
        type=float,
        default=20.0,
        metavar="MB",
        help="largest request body, uploads included (default: %(default)s)",
    )
    p.add_argument(
        "--words", type=int, default=250, metavar="N", help="word budget of each brief's summary"
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..pipeline import BriefOptions
    from ..store import default_db_path
    from ..web import ServeOptions, create_app

    try:
        options = ServeOptions(
            db=Path(args.db) if args.db else default_db_path(),
            host=args.host,
            port=args.port,
            token=args.token or os.environ.get(TOKEN_ENV) or None,
            max_request_bytes=int(args.max_request_mb * 1024 * 1024),
            brief=BriefOptions(words=args.words),
        )
    except ValueError as exc:
        print(f"newsdesk serve: error: {printable(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    app = create_app(options)
    import uvicorn

    host = f"[{options.host}]" if ":" in options.host else options.host
    print(
        f"newsdesk: serving {printable(str(options.db))} on http://{host}:{options.port}/ "
        "(Ctrl-C stops)",
        file=sys.stderr,
    )
    uvicorn.run(app, host=options.host, port=options.port, log_level="warning",
                server_header=False)  # fmt: skip
    return EXIT_OK
