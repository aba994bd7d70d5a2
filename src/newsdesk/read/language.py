"""A cheap language guess from the share of common function words.

The summarizer and analysis are built for English; an article in another language is
kept but flagged, so the user knows why its sentences may score oddly. Function words
are frequent enough that a few dozen per language tell the common European languages
apart without any model or download.
"""

from __future__ import annotations

import re

from ..lexicon import stop_words

__all__ = ["guess_language"]

_STOPWORDS = dict(stop_words())  # lexicon/stop_words.txt
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_WORDS = 20  # below this the guess is noise; say nothing
ENGLISH_SHARE = 0.15  # English news prose runs at 0.35-0.5; other languages well under 0.1


def guess_language(text: str, *, sample_words: int = 2000) -> str | None:
    """``"en"``, another ISO 639-1 code, ``"und"`` (undetermined), or None when too short."""
    words = [w.lower() for w in _WORD.findall(text[: sample_words * 12])][:sample_words]
    if len(words) < MIN_WORDS:
        return None
    shares = {lang: sum(w in stop for w in words) / len(words) for lang, stop in _STOPWORDS.items()}
    if shares["en"] >= ENGLISH_SHARE:
        return "en"
    best = max(shares, key=lambda k: shares[k])
    return best if shares[best] >= ENGLISH_SHARE else "und"
