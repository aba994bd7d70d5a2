"""Following the news as it is published: an HTTP client made for it (timeouts, size
caps, redirects checked hop by hop, public addresses only, retries with backoff,
per-host limits, robots.txt), feeds watched with conditional GET, and pages fetched
once. Everything fetched goes through the same readers and the same ``Store.add`` as
files do; the state (feeds, validators, failures, entries, fetch log) is in the store.

Layout: :mod:`.guard` (addresses), :mod:`.body` (capped decoding, charsets),
:mod:`.limits` (per-host politeness), :mod:`.client` (``Fetcher``), :mod:`.robots`,
:mod:`.feeds` (feed lists, entries, discovery), :mod:`.pages` (page -> article),
:mod:`.watch` (a round), :mod:`.once` (``fetch``), :mod:`.state` (the store's thread).
"""

from __future__ import annotations

from .client import Fetched, Fetcher, FetchOptions
from .feeds import discover_feeds, parse_feed, read_feed_list
from .once import PagesReport, fetch_pages
from .pages import Extractor
from .state import StoreRobots, StoreThread
from .watch import FeedReport, RoundReport, WatchOptions, follow, run_round

__all__ = [
    "Extractor",
    "FeedReport",
    "FetchOptions",
    "Fetched",
    "Fetcher",
    "PagesReport",
    "RoundReport",
    "StoreRobots",
    "StoreThread",
    "WatchOptions",
    "discover_feeds",
    "fetch_pages",
    "follow",
    "parse_feed",
    "read_feed_list",
    "run_round",
]
