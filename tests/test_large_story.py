"""Large stories stay bounded (issue 25): alignment work grows with the distinct sentences,
not with every pair of copies; the Markdown and HTML briefs show the most important items
of each section and say how many more the JSON keeps; a paragraph an article repeats is
one single-source fact. No timings here: benchmarks/bench_large_story.py measures."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from typing import Any

import pytest

from _analysis_helpers import docs_of
from newsdesk.analyze import analyze, facts
from newsdesk.model import Analysis, Article, Brief, Citation, Entity, Event, Mention, Quote
from newsdesk.pipeline import documents
from newsdesk.render import dumps, to_html, to_markdown
from newsdesk.render.bounds import LIMITS, SectionLimits

# wire copy of one story, which every outlet below prints with a few changes
WIRE = [
    "Police in Denver said two men were arrested on Friday after the Main Street bank robbery.",
    "The robbery at the First Colorado Bank happened at about 9:30, police chief Ann Lee said.",
    "Witnesses told KUSA that the men fled in a silver Honda Civic toward Interstate 25.",
    "The bank's manager, Robert Klein, said no customers were hurt during the robbery.",
    "Officers recovered $12,000 in cash and a handgun from the car, Lee said on Friday.",
    "Both suspects, aged 24 and 31, are being held at the Denver County Jail, Lee said.",
    "The FBI is assisting Denver police with the investigation, a spokeswoman said.",
    "It was the third bank robbery in Denver this month, according to FBI figures.",
]
EDITS = [("said", "says"), ("on Friday", "Friday"), ("Denver", "Denver, Colorado,")]


def wire_story(n: int, seed: int = 0) -> list[Article]:
    """``n`` outlets printing the wire copy: a sentence left out now and then, a word
    changed in some (as outlets do), in a shuffled order."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        kept = [s for s in WIRE if rng.random() < 0.85]
        kept = [s.replace(*rng.choice(EDITS), 1) if rng.random() < 0.2 else s for s in kept]
        rng.shuffle(kept)
        out.append(Article(id=f"a{i:03d}", text="\n\n".join(kept), source=f"Outlet {i}"))
    return out


def _counting(monkeypatch: pytest.MonkeyPatch, name: str) -> dict[str, int]:
    calls = {"n": 0}
    real: Callable[..., Any] = getattr(facts, name)

    def counted(*args: Any) -> Any:
        calls["n"] += 1
        return real(*args)

    monkeypatch.setattr(facts, name, counted)
    return calls


def test_similarity_work_grows_with_distinct_sentences_not_with_copies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sims = _counting(monkeypatch, "_sim")
    prepared = _counting(monkeypatch, "_prepare_one")
    counts = []
    for n in (15, 60):
        sims["n"] = prepared["n"] = 0
        docs = documents(wire_story(n))
        analysis = analyze(docs)
        distinct = {s.text for d in docs for s in d.sentences}
        assert prepared["n"] <= len(distinct)  # each sentence text prepared once
        counts.append(sims["n"])
        # however many articles print it, a sentence is cited by every one of them
        printed = {d.article.id for d in docs if WIRE[0] in d.article.text}
        assert any(printed <= set(f.article_ids) for f in analysis.agreements)
    # four times the articles: all pairs of copies would be sixteen times the work
    assert counts[1] <= 3 * counts[0], counts


def test_work_per_statement_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(facts, "MAX_CANDIDATES", 5)
    sims = _counting(monkeypatch, "_sim")
    # 60 different sentences that all share names and words: each compared with 5 at most
    texts = [
        f"Mayor Ann Lee of Denver said {k} new officers will patrol Main Street from Monday."
        for k in range(60)
    ]
    docs = docs_of(*texts)
    alignment = facts.align(docs)
    assert sims["n"] <= 60 * 5
    assert alignment.links  # still aligned: each with the ones sharing the most words


def _brute_force_pairs(docs: list[Any]) -> set[tuple[str, int, str, int]]:
    """Each sentence with its best match (ties: the earlier) in every later article."""
    prepared = [[p for s in d.sentences if (p := facts._prepare_one(s))] for d in docs]
    out = set()
    for i, row in enumerate(prepared):
        for a in row:
            for other in prepared[i + 1 :]:
                scored = [(facts._sim(a, b), -b.sent.index, b) for b in other]
                scored = [x for x in scored if x[0] >= facts.ALIGN_THRESHOLD]
                if scored:
                    b = max(scored, key=lambda x: x[:2])[2]
                    out.add((a.sent.article_id, a.sent.index, b.sent.article_id, b.sent.index))
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_links_hold_exactly_the_pairs_of_an_all_pairs_alignment(seed: int) -> None:
    docs = documents(wire_story(6, seed))
    pairs = {
        (a.article_id, a.index, b.article_id, b.index) for a, b, _sim in facts.align(docs).pairs()
    }
    assert pairs == _brute_force_pairs(docs)


def test_a_paragraph_repeated_in_one_article_is_one_single_source_fact() -> None:
    para = (
        "Le maire de Montréal, François Côté, a présenté 12 mesures à l’Hôtel de Ville jeudi soir."
    )
    # printed three times, once with no-break spaces (as a Latin-1 page has them)
    text = "\n\n".join([para, para, para.replace(" ", "\u00a0", 3)])
    other = "Farmers in Iowa expect three good harvests after heavy rain this spring season."
    analysis = analyze(docs_of(text, other))
    repeated = [f for f in analysis.single_source if "Côté" in f.text]
    assert len(repeated) == 1
    assert repeated[0].citations[0].start == 0  # the first time it is printed


def _many_brief(n: int) -> Brief:
    """A brief of ``n`` articles with ``n`` quotes, entities and events; quote 37 is
    carried by three outlets, every other one by one."""
    arts = tuple(
        Article(id=f"a{i}", text=f"Quote {i} said here.", source=f"Outlet {i}") for i in range(n)
    )
    cite = [Citation(f"a{i}", 0, 10) for i in range(n)]
    quotes = tuple(Quote(f"words number {i}", f"Speaker {i}", None, (cite[i],)) for i in range(n))
    shared = Quote("the shared words", "Ann Lee", None, (cite[37], cite[38], cite[39]))
    quotes = quotes[:37] + (shared,) + quotes[38:]
    entities = tuple(
        Entity(f"Name {i}", "person", (), (Mention(f"a{i}", 0, 5, "Quote"),)) for i in range(n)
    )
    events = tuple(
        Event(None, None, "Friday", f"Event {i} happened Friday.", (cite[i],)) for i in range(n)
    )
    analysis = Analysis(quotes=quotes, entities=entities, timeline=events)
    return Brief(articles=arts, sentences=(), analysis=analysis)


def test_markdown_brief_of_many_quotes_is_bounded_and_says_how_many_more() -> None:
    brief = _many_brief(300)
    md = to_markdown(brief)
    assert md.count("\n> “") == LIMITS.quotes
    assert f"… and {300 - LIMITS.quotes:,} more quotes (see the JSON output)" in md
    assert "“the shared words”" in md  # carried by the most outlets: shown
    assert f"… and {300 - LIMITS.entities:,} more entities (see the JSON output)" in md
    assert f"… and {300 - LIMITS.timeline:,} more events (see the JSON output)" in md
    assert len(md.splitlines()) < 300
    # every source number shown is in the list of sources, which is bounded too
    shown = {int(n) for n in re.findall(r"\[(\d+)\]", md)}
    listed = {int(n) for n in re.findall(r"^- \[(\d+)\] \*\*", md, re.MULTILINE)}
    assert shown <= listed
    assert len(listed) <= max(LIMITS.sources, len(shown))
    assert "more sources (see the JSON output)" in md


def test_html_brief_of_many_quotes_is_bounded_and_json_keeps_everything() -> None:
    brief = _many_brief(300)
    html = to_html(brief)
    assert html.count("<blockquote>") == LIMITS.quotes
    assert f"… and {300 - LIMITS.quotes:,} more quotes (see the JSON output)" in html
    assert "the shared words" in html
    for n in re.findall(r'href="#source-(\d+)"', html):
        assert f'id="source-{n}"' in html  # every marker finds its source
    data = json.loads(dumps(brief))
    assert len(data["analysis"]["quotes"]) == 300
    assert len(data["analysis"]["entities"]) == 300
    assert len(data["sources"]) == 300


def test_a_statement_carried_by_many_sources_shows_the_first_markers_and_a_count() -> None:
    arts = tuple(Article(id=f"a{i}", text="Same words here.") for i in range(40))
    quote = Quote("same words", "Ann Lee", None, tuple(Citation(a.id, 0, 10) for a in arts))
    brief = Brief(articles=arts, sentences=(), analysis=Analysis(quotes=(quote,)))
    md = to_markdown(brief, limits=SectionLimits(markers=5))
    assert "[1][2][3][4][5] (+35 more)" in md


def test_limits_are_validated() -> None:
    with pytest.raises(ValueError, match="quotes must show at least one item"):
        SectionLimits(quotes=0)
