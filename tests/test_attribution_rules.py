"""One invented example per attribution rule: the rule decides it, and without the rule the
speaker (or the unnamed source) is lost. A rule no example can make matter is dead."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Literal, NamedTuple

import pytest

import newsdesk.analyze.quotes as quotes
from _analysis_helpers import docs_of
from newsdesk.analyze import quote_spans
from newsdesk.analyze.entities import find_mentions, lowercase_vocabulary
from newsdesk.analyze.quotes import QuoteSpan, attribution_rules, rule_name
from newsdesk.analyze.speakers import LEARNED_RANKER, SpeakerChooser
from newsdesk.cli import EXIT_OK, main
from newsdesk.evaluate.analysis import NO_RULE
from newsdesk.model import Article
from newsdesk.pipeline import brief
from newsdesk.render import render


class Case(NamedTuple):
    rule: str  # QuoteSpan.rule
    text: str  # one article
    quote: str  # how the quotation starts
    speaker: str | None
    role: str | None = None  # the unnamed source, when the rule finds no speaker


_PROFILE = "Jeff Herman is a lawyer in Florida.\n\n" + "".join(
    f'"I took case number {i} because nobody else would," Herman says.\n\n' for i in range(5)
)

CASES = (
    # written next to the quote
    Case(
        "document_speaks",
        "Hackers broke into the bank's network in March. \"The operators showed a high degree"
        ' of skill in every attack," according to the iSight report.',
        "The operators",
        "iSight",
    ),
    Case(
        "pronoun_speaks",
        'Senator Tom Baker arrived late. "I was stuck in traffic for an hour," he said.',
        "I was stuck",
        "Tom Baker",
    ),
    Case(
        "agent_speaks",
        "Prime Minister David Cameron was in Brussels on Friday.\n\nA spokesman for Prime "
        'Minister David Cameron said: "He thinks this is a very sad case for everyone."',
        "He thinks",
        None,
        "A spokesman for Prime Minister David Cameron",
    ),
    Case(
        "unnamed_from_place",
        'The quake hit Qeshm island. "We were panicked. I saw an injured man," one woman in '
        "Qeshm told AFP.",
        "We were panicked",
        None,
        "one woman in Qeshm",
    ),
    Case(
        "unnamed_word",
        "A fire ripped through a store in Banstead. Police said: “The fire progressed rapidly "
        "through the whole building.”",
        "The fire progressed",
        None,
        "police",
    ),
    Case(
        "capital_title",
        "A strike hit a school run by the UN. Secretary-General Ban Ki-moon spoke later. “The "
        "location of all UN facilities was known to the army,” the Secretary-General said.",
        "The location",
        "Ban Ki-moon",
    ),
    Case(
        "named_speaker",
        'Mayor Jane Smith spoke on Monday. "We will rebuild the whole bridge," Smith said.',
        "We will rebuild",
        "Jane Smith",
    ),
    Case(
        "description_speaks",
        'Police were called, according to witnesses. "Nobody was hurt at all," according to '
        "the fire department.",
        "Nobody was hurt",
        None,
        "the fire department",
    ),
    Case(
        "unnamed_crowd",
        "Musk spoke on Tuesday.\n\nTesla officials also told the News that “the car was on "
        "autopilot at the time of the crash.”",
        "the car was",
        None,
        "Tesla officials",
    ),
    # the context
    Case(
        "speaker_in_sentence",
        'Arias filed suit in May.\n\nThe firm, according to Gail Glick, went "above and beyond'
        ' a normal wrongful termination" in its reply.',
        "above and beyond",
        "Gail Glick",
    ),
    Case(
        "document_issuer",
        'Gary Goddard wrote a letter to the board. "We will fight every claim in court," Tom '
        'Baker said of it. "I never harmed anyone at all in my life," the letter said.',
        "I never harmed",
        "Gary Goddard",
    ),
    Case(
        "unnamed_goes_on",
        '"The queue starts at dawn every single day," a local barber said. "Nobody here can '
        'remember anything like it."',
        "Nobody here",
        None,
        "a local barber",
    ),
    Case(
        "same_paragraph",
        'Floods hit the town.\n\n"We will rebuild the whole bridge," Jane Smith said. The river'
        ' rose again overnight. The engineers expect the work to take "two full years at the '
        'very least" to finish.',
        "two full years",
        "Jane Smith",
    ),
    Case(
        "sentence_before",
        "Tom Baker grew up in Ohio. His father owned a mill, and Baker recalls one summer there."
        ' The work was "hard enough to break anyone who tried it" that year.',
        "hard enough",
        "Tom Baker",
    ),
    Case(
        "introducing_paragraph",
        "The two boys are still in hospital.\n\nHer uncle Peter Olsen spoke to reporters outside"
        ' the hospital:\n\n"Our dear girl has died from the injuries she suffered in the crash."',
        "Our dear girl",
        "Peter Olsen",
    ),
    Case(
        "continuation_of_paragraph",
        'Mayor Jane Smith spoke on Monday. "We will rebuild the whole bridge," she said.\n\n'
        '"The whole city is a mess these days, and nobody fixes the roads."',
        "The whole city",
        "Jane Smith",
    ),
    Case(
        "previous_sentence",
        'Jeff Herman is a lawyer in Florida. He took the case in May.\n\nHe pauses. "I took the'
        ' case because nobody else in town would."',
        "I took the case",
        "Jeff Herman",
    ),
    Case(
        "subject_of_sentence",
        "Both parties declined further comment.\n\nState Sen. Diane Savino applauded the "
        'settlement and called for "the Buffalo Bills to do the same thing soon."',
        "the Buffalo Bills",
        "Diane Savino",
    ),
    # after the rules
    Case(
        "profile_subject",
        _PROFILE + "It was a long year for the firm. “When I look back I cannot believe it "
        "happened.”",
        "When I look back",
        "Jeff Herman",
    ),
    Case(
        LEARNED_RANKER,
        'Tom Baker spoke next. The weather was bad. "Nobody could have known about the storm."',
        "Nobody could",
        "Tom Baker",
    ),
)


def _span(case: Case, chooser: SpeakerChooser | Literal["shipped"] | None = "shipped") -> QuoteSpan:
    docs = docs_of(case.text)
    vocab = lowercase_vocabulary(docs)
    per_doc = [find_mentions(d, vocab) for d in docs]
    spans = quote_spans(docs, per_doc, chooser)
    [span] = [s for s in spans if s.text.startswith(case.quote)]
    return span


def _remove(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Take the rule named ``name`` out of the ordered list the driver reads it from."""
    for lst in ("_NEXT_TO_QUOTE", "_FROM_CONTEXT"):
        rules = getattr(quotes, lst)
        kept = tuple(r for r in rules if rule_name(r) != name)
        if len(kept) < len(rules):
            monkeypatch.setattr(quotes, lst, kept)
            return
    raise AssertionError(f"{name} is in neither list of rules")


def test_every_rule_has_an_example() -> None:
    assert [c.rule for c in CASES] == [
        r for r in attribution_rules() if r != quotes.DOCUMENT_AUTHOR
    ], "add an example for the new rule, in the order the rules are tried"


@pytest.mark.parametrize("case", CASES, ids=[c.rule for c in CASES])
def test_the_rule_decides_its_example(case: Case) -> None:
    span = _span(case)
    assert (span.speaker, span.role) == (case.speaker, case.role)
    assert span.rule == case.rule


@pytest.mark.parametrize("case", CASES, ids=[c.rule for c in CASES])
def test_without_the_rule_its_example_is_lost(case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    if case.rule == LEARNED_RANKER:
        span = _span(case, None)  # the rules alone
    elif case.rule == quotes.PROFILE_SUBJECT:
        monkeypatch.setattr(quotes, "_profile_subject", lambda text, spans, persons: spans)
        span = _span(case)
    else:
        _remove(monkeypatch, case.rule)
        span = _span(case)
    assert (span.speaker, span.role) != (case.speaker, case.role)
    assert span.rule != case.rule


def test_the_brief_never_shows_the_rule() -> None:
    made = brief([Article(id="a0", text=CASES[0].text)])
    [quote] = made.analysis.quotes
    assert quote.speaker == "iSight"
    assert '"rule"' not in render(made, "json") and CASES[0].rule not in render(made, "json")


def test_eval_analysis_gives_each_rule_its_precision(capsys, tmp_path: Path) -> None:
    """Two one-article clusters, one a development label the named rule gets right, one a
    blind label it gets wrong: each counted for named_speaker, in its own column."""
    text = (
        "The mayor spoke on Monday about the new bridge over the river.\n\n"
        '"We will open the bridge by the spring," Jane Roe said at the meeting.'
    )
    quote = "We will open the bridge by the spring,"
    start = text.index(quote)
    data, labels = tmp_path / "raw.jsonl.gz", tmp_path / "labels"
    labels.mkdir()
    rows = []
    with gzip.open(data, "wt", encoding="utf-8") as f:
        for cid, split, speaker in (("c1", "dev", "Jane Roe"), ("c2", "test8", "Tom Poe")):
            f.write(json.dumps({"id": cid, "documents": [text], "summary": ""}) + "\n")
            sha1 = hashlib.sha1(quote.encode()).hexdigest()[:10]
            span = {"doc": 0, "start": start, "end": start + len(quote), "sha1": sha1}
            rows.append({"cluster": cid, **span, "speaker": speaker, "split": split})
    (labels / "quotes.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    args = ["eval", "analysis", str(labels), "--data", str(data), "--no-polnear"]
    assert main([*args, "--json"]) == EXIT_OK
    rules = json.loads(capsys.readouterr().out)["all"]["rules"]
    assert list(rules) == ["not_blind", "blind"]
    assert list(rules["blind"]) == [*attribution_rules(), NO_RULE]
    assert rules["not_blind"]["named_speaker"] == {"decided": 1, "right": 1, "precision": 1.0}
    assert rules["blind"]["named_speaker"] == {"decided": 1, "right": 0, "precision": 0.0}
    assert rules["blind"]["pronoun_speaks"] == {"decided": 0, "right": 0, "precision": None}
    assert main(args) == EXIT_OK
    table = capsys.readouterr().out.split("Attribution rules")[1]
    row = next(line for line in table.splitlines() if line.startswith("named_speaker"))
    assert row.split()[1:] == ["1/1", "=", "100.0%", "0/1", "=", "0.0%"]
