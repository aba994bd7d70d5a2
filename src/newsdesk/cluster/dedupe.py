"""Near-duplicate detection: MinHash signatures of word shingles, indexed with LSH.

Wire copy republished by several outlets, syndicated pages and updated versions of one
article share most of their word n-grams. We never drop them: the caller links each
near-duplicate to the earlier article it copies, and keeps both.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..text import words

__all__ = ["DedupeOptions", "NearDuplicateIndex", "shingles"]


@dataclass(frozen=True, kw_only=True, slots=True)
class DedupeOptions:
    """How near two articles must be to count as copies of one another.

    ``threshold`` is the estimated Jaccard similarity of the ``shingle``-word n-gram sets;
    ``num_perm`` and ``seed`` fix the MinHash permutations (same seed, same signatures).
    """

    threshold: float = 0.6
    shingle: int = 5
    num_perm: int = 64
    seed: int = 1

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        if self.shingle < 1:
            raise ValueError(f"shingle must be a positive number of words, got {self.shingle}")
        if self.num_perm < 16:
            raise ValueError(
                f"num_perm must be at least 16 for usable estimates, got {self.num_perm}"
            )


def shingles(text: str, n: int) -> set[bytes]:
    """The set of lower-cased ``n``-word shingles of ``text`` (one shingle for short texts)."""
    toks = words(text)
    if len(toks) <= n:
        return {" ".join(toks).encode("utf-8")} if toks else set()
    return {" ".join(toks[i : i + n]).encode("utf-8") for i in range(len(toks) - n + 1)}


class NearDuplicateIndex:
    """An in-memory LSH index over MinHash signatures; signatures serialise to bytes so
    a store can keep them and rebuild the index without re-reading the texts."""

    def __init__(self, options: DedupeOptions | None = None) -> None:
        self.options = options or DedupeOptions()
        o = self.options
        proto = MinHash(num_perm=o.num_perm, seed=o.seed, hashfunc=zlib.crc32)
        self._perms = proto.permutations
        self._scheme = proto.scheme
        self._lsh = MinHashLSH(threshold=o.threshold, num_perm=o.num_perm)
        self._sigs: dict[str, MinHash] = {}
        self._order: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def signature(self, text: str) -> MinHash:
        """The MinHash of ``text``'s shingles (deterministic: crc32 and seeded permutations)."""
        o = self.options
        m = MinHash(
            num_perm=o.num_perm,
            seed=o.seed,
            hashfunc=zlib.crc32,
            permutations=self._perms,
            scheme=self._scheme,
        )
        sh = shingles(text, o.shingle)
        if sh:
            m.update_batch(list(sh))
        return m

    def to_bytes(self, sig: MinHash) -> bytes:
        """Compact form for storage: the 32-bit hash values."""
        return np.asarray(sig.hashvalues, dtype=np.uint32).tobytes()

    def from_bytes(self, data: bytes) -> MinHash:
        o = self.options
        values = np.frombuffer(data, dtype=np.uint32)
        if values.shape[0] != o.num_perm:
            raise ValueError(
                f"stored signature has {values.shape[0]} values but num_perm is {o.num_perm}"
            )
        return MinHash(num_perm=o.num_perm, seed=o.seed, hashvalues=values, scheme=self._scheme)

    def query(self, sig: MinHash) -> tuple[str, float] | None:
        """The earliest indexed article whose estimated Jaccard with ``sig`` reaches the
        threshold, and that estimate; None when there is none."""
        best: tuple[int, str, float] | None = None
        for key in self._lsh.query(sig):
            j = float(sig.jaccard(self._sigs[key]))
            if j >= self.options.threshold:
                rank = self._order[key]
                if best is None or rank < best[0]:
                    best = (rank, key, j)
        return None if best is None else (best[1], best[2])

    def insert(self, key: str, sig: MinHash) -> None:
        if key in self._sigs:
            return
        self._order[key] = len(self._order)
        self._sigs[key] = sig
        self._lsh.insert(key, sig)

    def insert_many(self, items: Iterable[tuple[str, MinHash]]) -> None:
        for key, sig in items:
            self.insert(key, sig)
