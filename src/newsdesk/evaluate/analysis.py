"""Score the cross-source analysis against hand labels on raw Multi-News clusters.

Labels (``labels/analysis/*.jsonl``) are keyed by cluster id, document index and character
offsets into the RAW document (``row["documents"][i]``), with a short SHA-1 of the span so
a shifted offset is caught. Because the cleaner changes, a labelled span is found in the
cleaned article by text search at scoring time; a span the cleaner dropped is counted as
"not found", never silently skipped.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from ..analyze.entities import given_names
from ..model import INFERRED, Analysis, Article, Event
from ..text import drop_invisible

__all__ = [
    "span_hash",
    "load_labels",
    "load_raw_clusters",
    "cleaned_articles",
    "AnalysisScore",
    "score_analysis",
    "speaker_matches",
    "cluster_interval",
    "score_intervals",
    "attribution_group",
    "score_rules",
    "NO_RULE",
]


def span_hash(text: str) -> str:
    """The short hash stored with each label to check its offsets still point at it."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def load_labels(folder: Path) -> dict[str, list[dict[str, object]]]:
    """Label rows by kind ("quotes", "dates", "conflicts"), from ``folder/<kind>.jsonl``."""
    out: dict[str, list[dict[str, object]]] = {}
    for kind in ("quotes", "dates", "conflicts"):
        path = folder / f"{kind}.jsonl"
        rows: list[dict[str, object]] = []
        if path.exists():
            for line in path.read_text("utf-8").splitlines():
                if line.strip():
                    rows.append(json.loads(line))
        out[kind] = rows
    # clusters read by hand for conflicts (including those where none was found): the set
    # on which conflict precision and recall are measured; the ids listed under a split's
    # name ("heldout", "test", "test2", ...) belong to that split
    read = folder / "conflict_clusters.json"
    if read.exists():
        spec = json.loads(read.read_text("utf-8"))
        split_of = {str(i): name for name in SPLITS[1:] for i in spec.get(name, [])}
        out["conflict_clusters"] = [
            {"cluster": str(i), "split": split_of.get(str(i), "dev")}
            for i in spec.get("read_for_conflicts", [])
        ]
    return out


SPLITS = (
    "dev",
    "heldout",
    "test",
    "test2",
    "test3",
    "test4",
    "test5",
    "test6",
    "test7",
    "test8",
)

# splits whose errors have never been looked at while changing the system: ``eval analysis
# --misses`` leaves them out unless asked (listing them spends them)
BLIND_SPLITS = ("test6", "test8")


def in_split(row: dict[str, object], split: str | Sequence[str] | None) -> bool:
    """Whether a label row belongs to ``split``, a split's name or several (None: every
    row). Rows without a ``split`` field are development labels: the rules were tuned on
    them."""
    if split is None:
        return True
    name = str(row.get("split", "dev"))
    return name == split if isinstance(split, str) else name in split


def load_raw_clusters(path: Path, ids: Iterable[str] | None = None) -> Iterator[dict[str, object]]:
    """Rows of a raw Multi-News JSON Lines file (gzipped or not), optionally only ``ids``."""
    wanted = set(ids) if ids is not None else None
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if wanted is None or row["id"] in wanted:
                yield row


def cleaned_articles(row: dict[str, object]) -> list[Article | None]:
    """A raw cluster's documents cleaned as a brief cleans them, each an article whose id
    is salted with the cluster id and the document's index (so copies in two clusters stay
    two articles); None where cleaning left no text."""
    from ..clean import clean_text
    from ..model import article_id

    out: list[Article | None] = []
    for k, raw in enumerate(cast("list[object]", row["documents"])):
        c = clean_text(str(raw))
        if not c.text.strip():
            out.append(None)
            continue
        out.append(
            Article(
                id=article_id(c.text, salt=f"{row['id']}#{k}"),
                text=c.text,
                title=c.title,
                source=c.source,
                published=c.published,
                author=c.author,
            )
        )
    return out


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("’", "'").replace("“", '"').replace("”", '"')).strip()


def _agree(a: str, b: str) -> int:
    """Length of the common prefix of two strings, whitespace-insensitive."""
    a, b = _norm(a), _norm(b)
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def locate(
    raw_span: str, article: Article, context: tuple[str, str] = ("", "")
) -> tuple[int, int] | None:
    """Where a raw span sits in the cleaned article text (exact, then whitespace-normalised).

    A short span ("April", "Monday") can occur several times: the occurrence whose
    surrounding text best matches the raw text around the label (``context``: what comes
    before and after it there) is the labelled one."""
    # the cleaner drops characters that print as nothing; so does the label's span here
    raw_span = drop_invisible(raw_span)
    context = (drop_invisible(context[0]), drop_invisible(context[1]))
    pat = r"\s+".join(re.escape(w) for w in raw_span.split())
    if not pat:
        return None
    hits = [(m.start(), m.end()) for m in re.finditer(pat, article.text)]
    if not hits:
        return None
    before, after = context

    def fit(h: tuple[int, int]) -> int:
        left = _agree(article.text[max(0, h[0] - 200) : h[0]][::-1], before[::-1])
        right = _agree(article.text[h[1] : h[1] + 200], after)
        return left + right

    best = max(hits, key=fit)
    if len(raw_span) < 25 and (before or after) and fit(best) < 10:
        return None  # a short word found elsewhere: the labelled occurrence was cut
    return best


@functools.cache
def _given_names() -> frozenset[str]:
    return frozenset(n.lower() for n in given_names())


def speaker_matches(label: str | None, got: str | None) -> bool:
    """A system speaker matches the label when both are unknown, or names agree on the
    surname / whole name (case-insensitive); an unnamed description ("a spokesman") is
    treated as unknown. Two first names that differ make two people, though they share a
    surname ("Patty Campbell" for "Krystle Campbell" is her mother, a miss); a nickname or
    a typo sharing the first three letters ("Steve" / "Stephen") or a given name found
    anywhere in the other ("Bambang Soelistyo") does not."""
    if got is not None and re.match(r"^(?:a|an)\s", got):
        got = None
    if label is None or got is None:
        return label is None and got is None
    lab = _norm(label).lower().removeprefix("the ")
    g = _norm(got).lower().removeprefix("the ")
    if lab == g:
        return True
    lw, gw = lab.split(), g.split()
    if lw[-1] != gw[-1]:
        return False
    if len(lw) < 2 or len(gw) < 2:
        return True
    given = _given_names()
    lf, gf = lw[0], gw[0]
    two_people = lf[:3] != gf[:3] and lf not in gw and gf not in lw and (lf in given or gf in given)
    return not two_people


@dataclass(slots=True)
class AnalysisScore:
    """Counts behind each figure, so sizes are always reported with the rates."""

    quotes: int = 0
    quotes_found: int = 0
    speakers_correct: int = 0
    dates: int = 0
    dates_in_text: int = 0  # labelled spans still in the cleaned text (not cut as cruft)
    dates_found: int = 0
    dates_correct: int = 0
    dates_resolved: int = 0  # labelled phrases resolved right when read in the raw page
    conflicts_labelled: int = 0
    conflicts_reported: int = 0
    conflicts_true: int = 0
    conflicts_recalled: int = 0
    conflicts_judged_false: int = 0  # reported, matched a row judged not a real conflict
    conflicts_unjudged: int = 0  # reported, matched no row: counted as wrong
    conflict_clusters: int = 0
    clusters: int = 0
    misses: list[str] = field(default_factory=list)
    # found quotes by how their speaker was found (:data:`ATTRIBUTION_GROUPS`): [right, all]
    by_attribution: dict[str, list[int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        def rate(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        return {
            "clusters": self.clusters,
            "quotes": self.quotes,
            "quote_found_rate": rate(self.quotes_found, self.quotes),
            "speaker_accuracy": rate(self.speakers_correct, self.quotes),
            "dates": self.dates,
            "date_found_rate": rate(self.dates_found, self.dates),
            "date_accuracy": rate(self.dates_correct, self.dates),
            "dates_in_cleaned_text": self.dates_in_text,
            "date_accuracy_in_text": rate(self.dates_correct, self.dates_in_text),
            "date_resolution_raw": rate(self.dates_resolved, self.dates),
            "conflict_clusters": self.conflict_clusters,
            "conflicts_labelled": self.conflicts_labelled,
            "conflicts_reported": self.conflicts_reported,
            "conflicts_true": self.conflicts_true,
            "conflicts_judged_false": self.conflicts_judged_false,
            "conflicts_unjudged": self.conflicts_unjudged,
            "conflict_precision": rate(self.conflicts_true, self.conflicts_reported),
            "conflict_recall": rate(self.conflicts_recalled, self.conflicts_labelled),
            **{
                key: value
                for group in ATTRIBUTION_GROUPS
                for right, total in [self.by_attribution.get(group, [0, 0])]
                for key, value in (
                    (f"{group}_quotes", total),
                    (f"{group}_speaker_acc", rate(right, total)),
                )
            },
        }


#: how the found quotes are broken down: the speaker named or described next to the quote,
#: inferred (a pronoun resolved, or the context), or not given at all
ATTRIBUTION_GROUPS = ("named", "inferred", "unattributed")


def attribution_group(how: str | None) -> str:
    """The :data:`ATTRIBUTION_GROUPS` entry of a quote's ``attribution``."""
    if how is None:
        return "unattributed"
    return "inferred" if how in INFERRED else "named"


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _resolves_raw(
    row: dict[str, object], cluster: tuple[list[str], list[Article | None], Analysis]
) -> bool:
    """Whether the labelled date phrase resolves right when its RAW page is read (the
    cleaner bypassed, so a phrase in a cut caption counts too) against the publication
    date the reader found for that page, with the story's latest date as the fallback
    anchor for a bare day, as the timeline does."""
    from ..analyze.timeline import find_dates, published_in_text
    from ..model import Document

    raws, arts, _ = cluster
    doc = int(str(row["doc"]))
    start, end = int(str(row["start"])), int(str(row["end"]))

    def date_of(a: Article | None) -> dt.date | None:
        return None if a is None else a.published or published_in_text(a.text)

    anchors = [d for d in map(date_of, arts) if d]
    page = Article(id="raw", text=raws[doc], published=date_of(arts[doc]))
    mentions = [
        m
        for m in find_dates(Document(page, ()), cluster_anchor=max(anchors) if anchors else None)
        if m.start < end and start < m.end
    ]
    if not mentions:
        return False
    m = max(mentions, key=lambda m: min(end, m.end) - max(start, m.start))
    want = row.get("date")
    want_date = dt.date.fromisoformat(str(want)) if want else None
    return m.date == want_date and (want_date is None or m.precision == row["precision"])


def _where(
    clusters: dict[str, tuple[list[str], list[Article | None], Analysis]],
    row: dict[str, object],
    prefix: str = "",
) -> tuple[str, tuple[int, int]] | None:
    """The article id and offsets in the cleaned text of a labelled span (``prefix``: which
    of a row's spans), None when the cleaner dropped it."""
    cid = str(row["cluster"])
    raws, arts, _ = clusters[cid]
    doc = int(str(row[prefix + "doc"]))
    start, end = int(str(row[prefix + "start"])), int(str(row[prefix + "end"]))
    span = raws[doc][start:end]
    if span_hash(span) != row[prefix + "sha1"]:
        raise ValueError(f"label offsets do not match the data: {row}")
    art = arts[doc]
    if art is None:
        return None
    raw = raws[doc]
    loc = locate(span, art, (raw[max(0, start - 200) : start], raw[end : end + 200]))
    return (art.id, loc) if loc else None


def _quote_at(
    clusters: dict[str, tuple[list[str], list[Article | None], Analysis]],
    row: dict[str, object],
) -> int | None:
    """Which of its cluster's quotes a labelled quote is found as (its index), or None."""
    hit = _where(clusters, row)
    if hit is None:
        return None
    aid, loc = hit
    analysis = clusters[str(row["cluster"])][2]
    return next(
        (
            i
            for i, q in enumerate(analysis.quotes)
            for c in q.citations
            if c.article_id == aid and _overlaps((c.start, c.end), loc)
        ),
        None,
    )


#: the row of quotes whose speaker and unnamed source no rule decided
NO_RULE = "(no rule)"


def score_rules(
    labels: dict[str, list[dict[str, object]]],
    clusters: dict[str, tuple[list[str], list[Article | None], Analysis]],
    rules: dict[str, Sequence[str | None]],
    split: str | Sequence[str] | None = None,
) -> dict[str, list[int]]:
    """Each attribution rule's precision on the labelled quotes of ``split`` that were
    found: rule name -> [speakers right, quotes it decided], :data:`NO_RULE` for those no
    rule decided. ``rules``: each cluster's quotes' rules, in the order of its analysis'
    quotes (see :func:`newsdesk.analyze.quote_rules`)."""
    out: dict[str, list[int]] = {}
    for row in labels.get("quotes", []):
        cid = str(row["cluster"])
        if cid not in clusters or not in_split(row, split):
            continue
        found = _quote_at(clusters, row)
        if found is None:
            continue
        got = clusters[cid][2].quotes[found]
        tally = out.setdefault(rules[cid][found] or NO_RULE, [0, 0])
        label = row.get("speaker")
        tally[0] += speaker_matches(label if isinstance(label, str) else None, got.speaker)
        tally[1] += 1
    return out


_Clusters = dict[str, tuple[list[str], list[Article | None], Analysis]]


def score_analysis(
    labels: dict[str, list[dict[str, object]]],
    clusters: _Clusters,
    split: str | Sequence[str] | None = None,
    *,
    raw_dates: bool = True,
) -> AnalysisScore:
    """Score ``clusters`` (id → raw documents, cleaned articles by document index, analysis)
    on the labels of ``split`` (one of :data:`SPLITS`, or several pooled; None: all).
    ``raw_dates=False`` skips re-reading each labelled date in its raw page (the slow
    ``dates_resolved`` count, then left 0)."""
    labels = {k: [r for r in rows if in_split(r, split)] for k, rows in labels.items()}
    used = {str(r["cluster"]) for rows in labels.values() for r in rows}
    sc = AnalysisScore(clusters=len(used & clusters.keys()))
    for row in labels.get("quotes", []):
        if str(row["cluster"]) in clusters:
            _score_quote(sc, clusters, row)
    for row in labels.get("dates", []):
        if str(row["cluster"]) in clusters:
            _score_date(sc, clusters, row, raw_dates=raw_dates)
    _score_conflicts(sc, clusters, labels)
    return sc


def _score_quote(sc: AnalysisScore, clusters: _Clusters, row: dict[str, object]) -> None:
    """Count one labelled quote: found as a quote, and its speaker right."""
    sc.quotes += 1
    found = _quote_at(clusters, row)
    got = None if found is None else clusters[str(row["cluster"])][2].quotes[found]
    if got is None:
        sc.misses.append(f"quote not found: {row['cluster']} doc {row['doc']} {row['start']}")
        return
    sc.quotes_found += 1
    label = row.get("speaker")
    tally = sc.by_attribution.setdefault(attribution_group(got.attribution), [0, 0])
    tally[1] += 1
    if speaker_matches(label if isinstance(label, str) else None, got.speaker):
        sc.speakers_correct += 1
        tally[0] += 1
    else:
        sc.misses.append(f"speaker {got.speaker!r} != {label!r}: {row['cluster']}")


def _labelled_event(
    clusters: _Clusters, row: dict[str, object], hit: tuple[str, tuple[int, int]]
) -> Event | None:
    """The timeline event whose citation in the labelled article writes the labelled
    phrase (several dates may share a sentence), the last such one."""
    aid, loc = hit
    arts = clusters[str(row["cluster"])][1]
    lab = next(a.text for a in arts if a and a.id == aid)[loc[0] : loc[1]]
    event = None
    for ev in clusters[str(row["cluster"])][2].timeline:
        for i, c in enumerate(ev.citations):
            if c.article_id == aid and c.start <= loc[0] < c.end:
                phrase = ev.phrase_of(i)
                if phrase in lab or lab in phrase:
                    event = ev
    return event


def _score_date(
    sc: AnalysisScore, clusters: _Clusters, row: dict[str, object], *, raw_dates: bool
) -> None:
    """Count one labelled date: in the cleaned text, found on the timeline, dated right."""
    sc.dates += 1
    if raw_dates and _resolves_raw(row, clusters[str(row["cluster"])]):
        sc.dates_resolved += 1
    hit = _where(clusters, row, "")
    if hit:
        sc.dates_in_text += 1
    event = _labelled_event(clusters, row, hit) if hit else None
    if event is None:
        sc.misses.append(f"date not found: {row['cluster']} doc {row['doc']} {row['start']}")
        return
    sc.dates_found += 1
    want = row.get("date")
    want_date = dt.date.fromisoformat(str(want)) if want else None
    if event.date == want_date and (want_date is None or event.precision == row["precision"]):
        sc.dates_correct += 1
    else:
        sc.misses.append(
            f"date {event.date} {event.precision} != {want}: {row['cluster']} doc "
            f"{row['doc']} {row['start']} {event.expression!r}"
        )


def _score_conflicts(
    sc: AnalysisScore, clusters: _Clusters, labels: dict[str, list[dict[str, object]]]
) -> None:
    """Judge each reported conflict against the labels, on the clusters read by hand for
    conflicts (when the list is given); recall counts the real conflicts found by reading
    (not those first shown by the detector)."""
    read = {str(r["cluster"]) for r in labels.get("conflict_clusters", [])}
    conf_rows = [r for r in labels.get("conflicts", []) if str(r["cluster"]) in clusters]
    if not read:
        read = {str(r["cluster"]) for r in conf_rows}
    read &= clusters.keys()
    sc.conflict_clusters = len(read)
    recall_rows = {
        i
        for i, r in enumerate(conf_rows)
        if r.get("real", True) and str(r.get("source", "hand")) == "hand"
    }
    sc.conflicts_labelled = len(recall_rows)
    recalled: set[int] = set()
    for cid in sorted(read):
        rows = [(i, r) for i, r in enumerate(conf_rows) if str(r["cluster"]) == cid]
        spans = [(i, r, _where(clusters, r, "a_"), _where(clusters, r, "b_")) for i, r in rows]
        for conflict in clusters[cid][2].conflicts:
            sc.conflicts_reported += 1
            cites = [c for f in conflict.statements for c in f.citations]

            def covered(h: tuple[str, tuple[int, int]] | None, cites: list = cites) -> bool:
                return h is not None and any(
                    c.article_id == h[0] and _overlaps((c.start, c.end), h[1]) for c in cites
                )

            match = [(i, r) for i, r, a, b in spans if covered(a) and covered(b)]
            real = [i for i, r in match if r.get("real", True)]
            if real:
                sc.conflicts_true += 1
                recalled.update(i for i in real if i in recall_rows)
            elif match:
                sc.conflicts_judged_false += 1
                sc.misses.append(f"false conflict in {cid}: {conflict.values}")
            else:
                sc.conflicts_unjudged += 1
                sc.misses.append(f"unjudged conflict in {cid}: {conflict.what} {conflict.values}")
    sc.conflicts_recalled = len(recalled)


#: the rates given a confidence interval, each with the counts it is the ratio of
INTERVAL_RATES = {
    "speaker_accuracy": ("speakers_correct", "quotes"),
    "date_accuracy_in_text": ("dates_correct", "dates_in_text"),
    "conflict_precision": ("conflicts_true", "conflicts_reported"),
}


def cluster_interval(
    parts: Sequence[tuple[int, int]], *, rounds: int = 2000, level: float = 0.95, seed: int = 0
) -> tuple[float, float] | None:
    """A percentile bootstrap interval for a pooled rate ``sum(hits) / sum(total)`` whose
    ``parts`` are ``(hits, total)`` per cluster, resampling whole clusters: the quotes of
    one article are not independent (one misread attribution style costs a cluster many
    quotes), so resampling single labels would give an interval that is too narrow.
    None when no cluster has a total."""
    import numpy as np

    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level}")
    if rounds < 1:
        raise ValueError(f"rounds must be at least 1, got {rounds}")
    arr = np.array([p for p in parts if p[1] > 0], dtype=float).reshape(-1, 2)
    if not len(arr):
        return None
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(arr), size=(rounds, len(arr)))
    hits, totals = arr[picks, 0].sum(axis=1), arr[picks, 1].sum(axis=1)
    rates = hits / totals
    tail = (1 - level) / 2
    lo, hi = np.quantile(rates, [tail, 1 - tail])
    return float(lo), float(hi)


def score_intervals(
    labels: dict[str, list[dict[str, object]]],
    clusters: dict[str, tuple[list[str], list[Article | None], Analysis]],
    split: str | Sequence[str] | None = None,
    *,
    seed: int = 0,
) -> dict[str, tuple[float, float] | None]:
    """95% cluster-bootstrap intervals of the rates in :data:`INTERVAL_RATES` on the labels
    of ``split``, each cluster scored on its own by :func:`score_analysis`."""
    by_cluster: dict[str, dict[str, list[dict[str, object]]]] = {}
    for kind, rows in labels.items():
        for r in rows:
            if in_split(r, split) and str(r["cluster"]) in clusters:
                by_cluster.setdefault(str(r["cluster"]), {}).setdefault(kind, []).append(r)
    per = [
        score_analysis(own, {cid: clusters[cid]}, split, raw_dates=False)
        for cid, own in sorted(by_cluster.items())
    ]
    return {
        name: cluster_interval([(getattr(sc, hit), getattr(sc, total)) for sc in per], seed=seed)
        for name, (hit, total) in INTERVAL_RATES.items()
    }
