"""Sentence segmentation (placeholder: a regex splitter, to be replaced by the Punkt-based one)."""

from __future__ import annotations

import re

from .model import Article, Sentence

__all__ = ["sentence_spans", "split_sentences"]

_BOUNDARY = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'”’)]*|\n|$)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of ``text``, whitespace trimmed."""
    spans = []
    for m in _BOUNDARY.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def split_sentences(article: Article) -> list[Sentence]:
    """The sentences of an article, with offsets into ``article.text``."""
    return [
        Sentence(article.id, i, s, e, article.text[s:e])
        for i, (s, e) in enumerate(sentence_spans(article.text))
    ]
