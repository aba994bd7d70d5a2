"""Summary defects against the sources' annotations (issue 27, item 6): a summary
sentence that starts or ends inside a quotation the summary breaks (one whose next or
previous summary sentence is the passage right after or before it carries the quotation
on), one that carries a quotation whose speaker neither it nor the summary sentence
before it names, and a page's call to action or link line. Counted on briefs written by
the default pipeline, from the source text around each sentence's own citation span.

The tests are those the summarizer's candidate passes use
(:mod:`newsdesk.summarize.passes`), so a count above zero is a sentence those passes let
through.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Brief, Citation, InputProblem
from ..summarize.passes import (
    attributed,
    call_to_action,
    ends_inside_quotation,
    quotation,
    starts_inside_quotation,
)

__all__ = ["DEFECT_KINDS", "Defect", "DefectReport", "brief_defects", "count_defects"]

#: The kinds counted, in report order.
DEFECT_KINDS = ("inside_quotation", "unattributed_quotation", "call_to_action")


@dataclass(frozen=True, slots=True)
class Defect:
    """One defective summary sentence: its ``kind``, the cluster, its position in the
    summary (from 0), its text and what exactly is wrong."""

    kind: str
    cluster: str
    index: int
    text: str
    detail: str


def brief_defects(brief: Brief, cluster: str = "") -> list[Defect]:
    """The defects of ``brief``'s summary, sentence by sentence (a sentence may have more
    than one kind)."""
    out: list[Defect] = []
    previous = ""
    spans = [s.citations[0] for s in brief.sentences]
    for i, sent in enumerate(brief.sentences):
        own = spans[i]
        text = brief.article(own.article_id).text
        # a quotation the summary carries on into the next sentence of the same passage
        # (or picks up from the one before) is not broken
        joined_before = i > 0 and _continues(text, spans[i - 1], own)
        joined_after = i + 1 < len(spans) and _continues(text, own, spans[i + 1])
        where = [
            w
            for w, bad in (
                ("starts", starts_inside_quotation(text, own.start) and not joined_before),
                ("ends", ends_inside_quotation(text, own.start, own.end) and not joined_after),
            )
            if bad
        ]
        if where:
            detail = f"{' and '.join(where)} inside a quotation"
            out.append(Defect("inside_quotation", cluster, i, sent.text, detail))
        quoted = quotation(sent.text)
        if quoted is not None and not attributed(sent.text) and not attributed(previous):
            detail = f"no speaker for “{quoted}”"
            out.append(Defect("unattributed_quotation", cluster, i, sent.text, detail))
        if call_to_action(sent.text):
            out.append(Defect("call_to_action", cluster, i, sent.text, "call to action or link"))
        previous = sent.text
    return out


def _continues(text: str, first: Citation, then: Citation) -> bool:
    """Whether ``then`` is the passage right after ``first`` in the same article."""
    return (
        first.article_id == then.article_id
        and first.end <= then.start
        and not text[first.end : then.start].strip()
    )


@dataclass(frozen=True, slots=True)
class DefectReport:
    """The defects of the summaries of ``clusters`` clusters (``sentences`` sentences)."""

    data: str
    clusters: int
    sentences: int
    defects: tuple[Defect, ...]
    problems: tuple[InputProblem, ...] = field(default=())

    def count(self, kind: str) -> int:
        return sum(d.kind == kind for d in self.defects)

    def affected(self, kind: str | None = None) -> int:
        """How many summaries have a defect (of ``kind``, or of any kind)."""
        return len({d.cluster for d in self.defects if kind is None or d.kind == kind})

    def as_dict(self) -> dict[str, object]:
        return {
            "data": self.data,
            "clusters": self.clusters,
            "sentences": self.sentences,
            "kinds": {
                k: {"sentences": self.count(k), "summaries": self.affected(k)} for k in DEFECT_KINDS
            },
            "summaries_affected": self.affected(),
            "defects": [
                {
                    "kind": d.kind,
                    "cluster": d.cluster,
                    "index": d.index,
                    "text": d.text,
                    "detail": d.detail,
                }
                for d in self.defects
            ],
        }


def count_defects(
    path: str | Path,
    *,
    limit: int | None = None,
    words: int = 250,
    method: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> DefectReport:
    """Brief each cluster of the Multi-News file ``path`` (read and cleaned as ``newsdesk
    eval summaries`` reads it) with the default pipeline, analysis off, and count the
    summary defects."""
    from ..pipeline import BriefOptions, brief
    from ..summarize import DEFAULT_METHOD
    from .summaries import load_clusters

    options = BriefOptions(words=words, method=method or DEFAULT_METHOD, analyze=False)
    problems: list[InputProblem] = []
    defects: list[Defect] = []
    clusters = sentences = 0
    for cluster in load_clusters(path, limit=limit, problems=problems):
        articles = [d.article for d in cluster.docs]
        clusters += 1
        if articles:
            b = brief(articles, options=options)
            sentences += len(b.sentences)
            defects.extend(brief_defects(b, cluster.id))
        if progress is not None:
            progress(clusters)
    return DefectReport(str(path), clusters, sentences, tuple(defects), tuple(problems))
