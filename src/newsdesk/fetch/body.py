"""A response body read under a size cap: compressed bytes decoded as they stream in
(a gzip bomb stops at the cap, it is never inflated whole), then text from the charset
the headers, a ``<meta>`` tag or an XML declaration give, else detected."""

from __future__ import annotations

import codecs
import re
import zlib
from collections.abc import AsyncIterator

__all__ = ["BodyTooLarge", "UnsupportedEncoding", "declared_charsets", "read_capped", "to_text"]


class BodyTooLarge(Exception):
    """The body passed the cap (counted after decompression)."""


class UnsupportedEncoding(Exception):
    """A Content-Encoding newsdesk did not ask for."""


class _Inflater:
    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        wbits = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS}.get(
            encoding, zlib.MAX_WBITS
        )
        self.obj = zlib.decompressobj(wbits)
        self.first = True

    def feed(self, data: bytes, room: int) -> bytes:
        """Inflate ``data``, at most ``room + 1`` bytes of output (one more says "over")."""
        try:
            out = self.obj.decompress(data, room + 1)
        except zlib.error:
            if not (self.first and self.encoding == "deflate"):
                raise
            # "deflate" is sent both zlib-wrapped and raw; retry raw
            self.obj = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self.obj.decompress(data, room + 1)
        self.first = False
        if len(out) > room or self.obj.unconsumed_tail:
            raise BodyTooLarge
        return out


async def read_capped(chunks: AsyncIterator[bytes], content_encoding: str, max_bytes: int) -> bytes:
    """The body of ``chunks`` (raw, as sent), decoded, raising :class:`BodyTooLarge`
    past ``max_bytes`` of decoded bytes. Never holds more than the cap plus one chunk."""
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
        raise UnsupportedEncoding(content_encoding)
    inflater = _Inflater(codings[0]) if codings else None
    out = bytearray()
    async for chunk in chunks:
        room = max_bytes - len(out)
        piece = inflater.feed(chunk, room) if inflater is not None else chunk
        if len(piece) > room:
            raise BodyTooLarge
        out += piece
    return bytes(out)


_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
_HEADER = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charsets(content_type: str, body: bytes) -> list[str]:
    """The charsets declared, in the order trusted: the Content-Type header, then the XML
    declaration and a ``<meta>`` tag in the first 4 KB (unknown names left out)."""
    found: list[str] = []
    m = _HEADER.search(content_type)
    head = body[:4096]
    names = [m.group(1) if m else None]
    for pattern in (_XML, _META):
        hit = pattern.search(head)
        names.append(hit.group(1).decode("ascii", "replace") if hit else None)
    for name in names:
        codec = _codec(name)
        if codec and codec not in found:
            found.append(codec)
    return found


# single-byte Western code pages that a detector confuses with one another on short text;
# a page in any of them reads best as windows-1252 (what browsers assume for such pages)
_WESTERN = frozenset(
    "cp1250 cp1252 cp1254 cp1257 latin_1 iso8859_1 iso8859_2 iso8859_9 iso8859_10 "
    "iso8859_13 iso8859_15 iso8859_16 mac_roman mac_latin2 cp437 cp775 cp850".split()
)


def to_text(body: bytes, content_type: str) -> tuple[str, str]:
    """``(text, how)``: the body decoded and the charset used. Valid UTF-8 with non-ASCII
    bytes wins over any declaration (a server that says ISO-8859-1 for UTF-8 pages is
    common; the reverse almost never decodes as UTF-8 by chance); then each declared
    charset that decodes; then detection, where a Western code page guess is read as
    windows-1252."""
    declared = declared_charsets(content_type, body)
    if body.isascii():
        return body.decode("ascii"), "ascii"
    try:
        return body.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    for name in declared:
        if name in ("utf-8", "utf-8-sig"):
            continue
        try:
            return body.decode(name), name
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    guess = (best.encoding or "") if best is not None else ""
    if best is not None and guess not in _WESTERN and best.coherence > 0:
        return str(best), f"{guess} (detected)"
    return body.decode("cp1252", "replace"), "cp1252 (detected)"
