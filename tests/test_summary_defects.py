"""The summary respects the sources' annotations (issue 27, item 6): each candidate pass
keeps its defect out of a summary, and the defect counter counts each kind."""

from __future__ import annotations

import numpy as np

from newsdesk.evaluate.defects import brief_defects
from newsdesk.model import Article, Brief, BriefSentence, Citation, Document
from newsdesk.pipeline import documents
from newsdesk.summarize import passes
from newsdesk.summarize.learned import candidate_marks, select_by_score
from newsdesk.summarize.select import order_for_reading

FILLER = "The city council met on Tuesday evening to debate the new budget plan."


def _docs(text: str) -> list[Document]:
    return documents([Article(id="a1", text=text)])


def _summary(docs: list[Document], favourite: str, words: int = 40) -> list[str]:
    """The sentences chosen when the model likes ``favourite`` best and the rest less."""
    sents = [s for d in docs for s in d.sentences]
    scores = np.array([2.0 if favourite in s.text else 1.0 / (1 + s.index) for s in sents])
    blocked, leans, pulls = candidate_marks(sents, docs)
    idx = select_by_score(
        sents,
        scores,
        np.zeros((len(sents), len(sents))),
        words=words,
        redundancy=0.9,
        blocked=blocked,
        leans=leans,
        pulls=pulls,
    )
    pulled = {j for i in idx for j in pulls[i]}
    after = {(sents[i].article_id, sents[i].index) for i in idx if leans[i] or i in pulled}
    chosen = order_for_reading([sents[i] for i in idx], docs, keep_after=after)
    return [s.text for s in chosen]


def test_call_to_action_pass_drops_link_lines() -> None:
    docs = _docs(f"{FILLER}\n\nHelp end this abuse of animals today: http://example.org/act now.\n")
    assert passes.link_or_appeal in passes.DROP
    assert not any("http" in s for s in _summary(docs, "Help end"))
    assert passes.call_to_action("Click here to sign up for our newsletter today.")
    assert not passes.call_to_action("The senator signed the bill into law on Friday.")


def test_starts_inside_pass_drops_the_second_half_of_a_quotation() -> None:
    text = (
        f"{FILLER}\n\n“We will fight this ruling in every court we can find. "
        "We expect to win the appeal in the end,” the mayor said on Tuesday.\n"
    )
    docs = _docs(text)
    second = next(s for d in docs for s in d.sentences if s.text.startswith("We expect"))
    assert passes.opens_inside_quotation(docs[0], second) is not None
    assert not any(s.startswith("We expect") for s in _summary(docs, "We expect", words=12))


def test_a_sentence_that_leaves_a_quotation_open_brings_the_sentence_that_closes_it() -> None:
    text = (
        f"{FILLER}\n\n“We will fight this ruling in every court we can find. "
        "We expect to win the appeal in the end,” the mayor said on Tuesday.\n"
    )
    docs = _docs(text)
    first = next(s for d in docs for s in d.sentences if "every court" in s.text)
    assert passes.closes_inside_quotation(docs[0], first) is not None
    assert passes.closes_inside_quotation not in passes.DROP  # not dropped: completed
    summary = _summary(docs, "every court", words=30)
    at = next(i for i, s in enumerate(summary) if "every court" in s)
    assert summary[at + 1].startswith("We expect to win")
    # a quotation that runs on past the candidates (or too far) is never cut: the
    # sentence that opens it is not taken
    blocked, _, pulls = candidate_marks(
        list(docs[0].sentences[:2]), [Document(docs[0].article, docs[0].sentences[:2])]
    )
    assert blocked[1] and pulls[1] == ()


def test_a_closing_mark_split_off_is_not_inside() -> None:
    text = '"We will fight this ruling in court. " Smith said so on Tuesday.'
    assert not passes.ends_inside_quotation(text, 0, text.index(". ") + 1)


def test_unattributed_quotation_follows_its_speaker_or_is_dropped() -> None:
    text = (
        f"{FILLER}\n\nThe mayor spoke to reporters after the long meeting ended, she said.\n\n"
        "“This budget will close three libraries and two of our pools.”\n"
    )
    docs = _docs(text)
    quote = next(s for d in docs for s in d.sentences if s.text.startswith("“This"))
    assert passes.leans_on_previous(docs[0], quote)
    # with its speaker's sentence chosen, it is read right after it
    summary = _summary(docs, "This budget", words=40)
    if any(s.startswith("“This") for s in summary):
        at = next(i for i, s in enumerate(summary) if s.startswith("“This"))
        assert at > 0 and "she said" in summary[at - 1]
    # without a speaker before it, it is never taken
    alone = _docs(f"{FILLER}\n\n“This budget will close three libraries and two of our pools.”\n")
    assert not any(s.startswith("“This") for s in _summary(alone, "This budget", words=12))


def test_counter_counts_each_kind() -> None:
    text = (
        "“We will fight this ruling in every court we can find. We expect to win,” "
        "the mayor said.\n\n“This budget will close three libraries and two pools.”\n\n"
        "Help end this abuse: http://example.org/act\n"
    )
    art = Article(id="a1", text=text)

    def cited(piece: str) -> BriefSentence:
        start = text.index(piece)
        return BriefSentence(piece, (Citation("a1", start, start + len(piece)),))

    brief = Brief(
        articles=(art,),
        sentences=(
            cited("“This budget will close three libraries and two pools.”"),
            cited("We expect to win,” the mayor said."),
            cited("Help end this abuse: http://example.org/act"),
        ),
    )
    kinds = [d.kind for d in brief_defects(brief, "c1")]
    assert kinds == ["unattributed_quotation", "inside_quotation", "call_to_action"]
    # the speaker in the summary sentence before is enough
    again = Brief(articles=(art,), sentences=(brief.sentences[1], brief.sentences[0]))
    assert "unattributed_quotation" not in {d.kind for d in brief_defects(again)}


def test_a_quotation_the_summary_carries_on_is_not_broken() -> None:
    text = (
        "“We will fight this ruling in every court we can find. We expect to win,” "
        "the mayor said.\n"
    )
    art = Article(id="a1", text=text)
    one = "“We will fight this ruling in every court we can find."
    two = "We expect to win,” the mayor said."
    cites = [
        BriefSentence(p, (Citation("a1", text.index(p), text.index(p) + len(p)),))
        for p in (one, two)
    ]
    assert brief_defects(Brief(articles=(art,), sentences=tuple(cites))) == []
    # either half alone breaks it
    assert [d.detail for d in brief_defects(Brief(articles=(art,), sentences=(cites[0],)))] == [
        "ends inside a quotation"
    ]


def test_quotation_marks_typed_as_two_apostrophes_count_as_quotation_marks() -> None:
    text = (
        f"{FILLER}\n\n''We will fight this ruling in every court we can find. "
        "We expect to win the appeal in the end,'' the mayor said on Tuesday.\n"
    )
    docs = _docs(text)
    first = next(s for d in docs for s in d.sentences if "every court" in s.text)
    second = next(s for d in docs for s in d.sentences if s.text.startswith("We expect"))
    assert passes.closes_inside_quotation(docs[0], first) is not None
    assert passes.opens_inside_quotation(docs[0], second) is not None
    assert passes.quotation("''This budget will close three of our libraries,'' she said.")
