"""Turning one input (a path or standard input) into checked text.

Every check here produces a reason string rather than an exception, so the caller can
report the input and go on with the others.
"""

from __future__ import annotations

import gzip
import io
import logging
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["STDIN", "Loaded", "RejectedInput", "expand_inputs", "load", "decode"]

STDIN = "-"

log = logging.getLogger(__name__)


class RejectedInput(Exception):
    """Internal signal: ``reason`` says why one input cannot be used."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Loaded:
    """The decoded text of one input and the name it is reported under."""

    name: str
    text: str
    suffix: str  # lower-case file suffix without ".gz", "" for standard input


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def expand_inputs(inputs: list[str]) -> Iterator[str]:
    """Yield each file to read: directories recursively, sorted, hidden entries skipped.

    A missing path is yielded as it is so that reading it reports the problem.
    """
    for inp in inputs:
        if inp == STDIN:
            yield inp
            continue
        p = Path(inp)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and not _hidden(child, p):
                    yield str(child)
        else:
            yield inp


def _read_bytes(name: str, max_bytes: int) -> bytes:
    if name == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        p = Path(name)
        if not p.exists():
            raise RejectedInput("no such file or directory")
        if not p.is_file():
            raise RejectedInput("not a regular file")
        try:
            size = p.stat().st_size
            if size > max_bytes:
                raise RejectedInput(f"too large ({size} bytes; the limit is {max_bytes})")
            data = p.read_bytes()
        except OSError as exc:
            raise RejectedInput(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise RejectedInput(f"too large (over {max_bytes} bytes)")
    if data[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
                data = gz.read(max_bytes + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise RejectedInput(f"broken gzip file: {exc}") from None
        if len(data) > max_bytes:
            raise RejectedInput(f"too large once decompressed (over {max_bytes} bytes)")
    return data


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM); else ask charset_normalizer; else reject."""
    if not data.strip():
        raise RejectedInput("empty")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise RejectedInput("not valid UTF-16 text") from None
    if b"\x00" in data:
        raise RejectedInput("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - trafilatura depends on it
        raise RejectedInput("not UTF-8 text") from None
    best = from_bytes(data).best()
    # any byte string decodes in *some* code page; trust the guess only when the result
    # reads like a known language (coherence above 0)
    if best is None or best.coherence <= 0:
        raise RejectedInput("not UTF-8 text, and its encoding could not be detected")
    log.info("%s bytes decoded as %s", len(data), best.encoding)
    return str(best)


def load(name: str, *, max_bytes: int) -> Loaded:
    """Read and decode one input; raises :class:`RejectedInput` with the reason."""
    text = decode(_read_bytes(name, max_bytes))
    suffix = ""
    if name != STDIN:
        suffixes = [s.lower() for s in Path(name).suffixes]
        if suffixes and suffixes[-1] == ".gz":
            suffixes.pop()
        suffix = suffixes[-1] if suffixes else ""
    return Loaded(name="<stdin>" if name == STDIN else name, text=text, suffix=suffix)
