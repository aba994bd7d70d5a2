"""Line-level evaluation of cruft removal against the hand labels in ``labels/cruft/``.

Cruft is the positive class: precision is the share of dropped lines that are cruft, recall
the share of cruft lines that were dropped. Because a cleaner that drops article text does
more harm than one that keeps a caption, the body sentences lost are counted too: the
sentences of every line labelled ``keep`` that no longer appear in the cleaned text.

Calculation is kept apart from file reading: :func:`score_cruft` takes labels and documents
in memory; :func:`load_labels` and :func:`load_raw_clusters` read the files.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..clean import Cleaned, clean_text
from ..segment import sentence_spans

__all__ = [
    "CruftScores",
    "LineError",
    "default_data_dir",
    "default_labels_dir",
    "load_labels",
    "load_raw_clusters",
    "load_split",
    "score_cruft",
]

_REPO = Path(__file__).resolve().parents[3]

Labels = Mapping[tuple[str, int], Mapping[int, str]]


def default_data_dir() -> Path:
    """``../shared/data`` next to the repository root (may not exist)."""
    return _REPO.parent / "shared" / "data"


def default_labels_dir() -> Path:
    """``labels/cruft`` in the repository."""
    return _REPO / "labels" / "cruft"


@dataclass(frozen=True, slots=True)
class LineError:
    """A line the cleaner got wrong: gold label and the cleaner's reason (None if kept)."""

    cluster: str
    doc: int
    line: int
    gold: str
    predicted: str | None


@dataclass(frozen=True, slots=True)
class CruftScores:
    """Confusion counts with cruft as the positive class, and body sentences lost."""

    tp: int
    fp: int
    fn: int
    tn: int
    documents: int
    body_sentences: int
    body_sentences_lost: int
    errors: tuple[LineError, ...] = field(default=(), repr=False)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def lines(self) -> int:
        return self.tp + self.fp + self.fn + self.tn


def _lines(doc: str) -> list[str]:
    return doc.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _sentence_present(sentence: str, text: str) -> bool:
    """Whether a sentence of a dropped line is still in the text (a line repeated elsewhere)."""
    tail = sentence[-60:]
    return tail in text


def score_cruft(
    labels: Labels,
    documents: Mapping[str, Sequence[str]],
    *,
    clusters: Iterable[str] | None = None,
    clean: Callable[[str], Cleaned] = clean_text,
) -> CruftScores:
    """Score ``clean`` on the labelled documents (of ``clusters`` only, when given)."""
    wanted = set(clusters) if clusters is not None else None
    tp = fp = fn = tn = docs = sents = lost = 0
    errors: list[LineError] = []
    for (cid, di), gold in sorted(labels.items()):
        if wanted is not None and cid not in wanted:
            continue
        if cid not in documents or di >= len(documents[cid]):
            raise KeyError(f"labelled document {cid} #{di} is not in the data")
        doc = documents[cid][di]
        result = clean(doc)
        dropped = dict(result.removed)
        lines = _lines(doc)
        docs += 1
        for no, label in sorted(gold.items()):
            pred = dropped.get(no)
            if label == "cruft":
                if pred is not None:
                    tp += 1
                else:
                    fn += 1
                    errors.append(LineError(cid, di, no, label, None))
            else:
                if pred is not None:
                    fp += 1
                    errors.append(LineError(cid, di, no, label, pred))
                else:
                    tn += 1
                line = lines[no - 1]
                spans = sentence_spans(line)
                sents += len(spans)
                if pred is None:
                    continue  # kept (a dateline prefix may be gone, the sentences are not)
                lost += sum(1 for s, e in spans if not _sentence_present(line[s:e], result.text))
    return CruftScores(tp, fp, fn, tn, docs, sents, lost, tuple(errors))


def load_labels(path: Path | None = None) -> dict[tuple[str, int], dict[int, str]]:
    """Read ``labels.jsonl``: one ``{"cluster", "doc", "line", "label"}`` row a line."""
    path = path or default_labels_dir() / "labels.jsonl"
    out: dict[tuple[str, int], dict[int, str]] = {}
    with path.open(encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            rec = json.loads(raw)
            label = rec["label"]
            if label not in ("keep", "cruft"):
                raise ValueError(f"{path}:{n}: label must be 'keep' or 'cruft', not {label!r}")
            out.setdefault((rec["cluster"], int(rec["doc"])), {})[int(rec["line"])] = label
    return out


def load_split(path: Path | None = None) -> dict[str, list[str]]:
    """Read ``split.json``: cluster ids used to tune the rules and those held out.

    ``heldout`` was labelled with ``tune`` before any rule was written; ``heldout_late`` was
    labelled after the rules were finished and scored once.
    """
    path = path or default_labels_dir() / "split.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {key: [str(c) for c in ids] for key, ids in data.items()}


def load_raw_clusters(path: Path | None = None) -> dict[str, list[str]]:
    """Read ``multinews-raw-dev.jsonl.gz``: cluster id to its raw documents."""
    path = path or default_data_dir() / "multinews-raw-dev.jsonl.gz"
    if not path.exists():
        raise FileNotFoundError(
            f"{path} not found: the raw Multi-News clusters live in ../shared/data "
            "next to the repository (see its README.md)"
        )
    out: dict[str, list[str]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for raw in fh:
            row = json.loads(raw)
            out[str(row["id"])] = [str(d) for d in row["documents"]]
    return out
