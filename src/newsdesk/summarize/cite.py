"""Citations for summary sentences: the article a sentence came from, and every other
article that carries the same statement."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import BriefSentence, Citation, Sentence
from ..text import content_words
from .base import Document

__all__ = ["cite", "SAME_STATEMENT"]

# Share of the summary sentence's content words that another sentence must contain
# (and vice versa, at a looser bar) to count as carrying the same statement.
SAME_STATEMENT = 0.6


def _overlap(a: set[str], b: set[str]) -> tuple[float, float]:
    if not a or not b:
        return 0.0, 0.0
    inter = len(a & b)
    return inter / len(a), inter / len(b)


def cite(chosen: Sequence[Sentence], docs: Sequence[Document]) -> list[BriefSentence]:
    """Turn chosen sentences into cited summary sentences.

    The first citation is always the sentence's own span. Each other article is cited
    at most once, by its sentence that best covers the chosen one's content words.
    """
    bags = {
        doc.article.id: [(s, set(content_words(s.text))) for s in doc.sentences] for doc in docs
    }
    out = []
    for sent in chosen:
        own = set(content_words(sent.text))
        cites = [Citation(sent.article_id, sent.start, sent.end)]
        for doc in docs:
            aid = doc.article.id
            if aid == sent.article_id:
                continue
            best: tuple[float, Sentence] | None = None
            for other, bag in bags[aid]:
                cover, back = _overlap(own, bag)
                same = cover >= SAME_STATEMENT and back >= SAME_STATEMENT / 2
                if same and (best is None or cover > best[0]):
                    best = (cover, other)
            if best is not None:
                o = best[1]
                cites.append(Citation(aid, o.start, o.end))
        out.append(BriefSentence(sent.text, tuple(cites)))
    return out
