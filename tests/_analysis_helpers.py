"""Build small documents for the analysis tests."""

from __future__ import annotations

import datetime as dt

from newsdesk.model import Article
from newsdesk.pipeline import documents
from newsdesk.summarize.base import Document


def docs_of(*texts: str, published: dt.date | None = None) -> list[Document]:
    return documents(
        [Article(id=f"a{i}", text=t, published=published) for i, t in enumerate(texts)]
    )
