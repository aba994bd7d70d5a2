"""Turning one input (a path or standard input) into checked text.

Every check here produces a reason string rather than an exception, so the caller can
report the input and go on with the others.
"""

from __future__ import annotations

import errno
import gzip
import io
import logging
import os
import stat
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


def _walk(folder: str) -> Iterator[str]:
    """The entries of ``folder`` to read, depth first in name order, hidden ones skipped.

    A folder that cannot be listed, a symlink loop, a broken link and anything that is not
    a regular file are yielded too, so that reading them reports what they are. Links to
    folders are not followed (as ``grep -r`` does): that keeps a link to a parent folder
    from reading the tree forever."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        yield folder  # reading it says why it cannot be listed
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = str(Path(folder, entry.name))
        try:
            is_dir = entry.is_dir()
        except OSError:  # a symlink loop
            yield path
            continue
        if not is_dir:
            yield path
        elif entry.is_symlink():
            log.info("%s: a link to a folder, not followed", path)
        else:
            yield from _walk(path)


def expand_inputs(inputs: list[str]) -> Iterator[str]:
    """Yield each file to read: directories recursively, sorted, hidden entries skipped.

    A missing path, a folder that cannot be listed or a symlink loop is yielded as it is
    so that reading it reports the problem.
    """
    for inp in inputs:
        if inp == STDIN:
            yield inp
        elif Path(inp).is_dir():
            yield from _walk(str(Path(inp)))
        else:
            yield inp


def _os_reason(exc: OSError, name: str) -> str:
    """What an OS error on ``name`` means to the person who named it."""
    if exc.errno == errno.ELOOP:
        return "symlink loop (too many levels of symbolic links)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENOENT:
        return "broken symbolic link" if os.path.islink(name) else "no such file or directory"
    return f"cannot read: {exc.strerror or exc}"


def _check_path(name: str) -> int:
    """The size of the regular file ``name``; else :class:`RejectedInput` says what it is."""
    try:
        info = os.stat(name)
    except OSError as exc:
        raise RejectedInput(_os_reason(exc, name)) from None
    if stat.S_ISDIR(info.st_mode):
        # a folder reaches here only when it could not be listed: say why
        try:
            with os.scandir(name):
                pass
        except OSError as exc:
            raise RejectedInput(_os_reason(exc, name)) from None
        raise RejectedInput("is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise RejectedInput("not a regular file")
    return info.st_size


def _read_bytes(name: str, max_bytes: int) -> bytes:
    if name == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        size = _check_path(name)
        if size > max_bytes:
            raise RejectedInput(f"too large ({size} bytes; the limit is {max_bytes})")
        try:
            with open(name, "rb") as fh:
                data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise RejectedInput(_os_reason(exc, name)) from None
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
