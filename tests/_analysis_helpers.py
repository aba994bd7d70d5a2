"""Build small documents for the analysis tests."""

from __future__ import annotations

import datetime as dt

from newsdesk.model import Article, Document
from newsdesk.pipeline import documents


def docs_of(*texts: str, published: dt.date | None = None) -> list[Document]:
    return documents(
        [Article(id=f"a{i}", text=t, published=published) for i, t in enumerate(texts)]
    )
