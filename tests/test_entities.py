from __future__ import annotations

from _analysis_helpers import docs_of
from newsdesk.analyze import analyze


def test_aliases_and_kinds() -> None:
    analysis = analyze(
        docs_of(
            "Prime Minister David Cameron met officials in London. Mr. Cameron spoke to the "
            "United Nations about the U.K. budget.",
            "Britain's leader Cameron told the U.N. that the UK would pay. The Foreign Office "
            "agreed.",
        )
    )
    by = {e.name: e for e in analysis.entities}
    assert by["David Cameron"].kind == "person"
    assert {"Cameron", "David Cameron"} <= set(by["David Cameron"].aliases)
    assert {"U.K.", "Britain", "UK"} <= set(by["United Kingdom"].aliases)
    assert by["United Nations"].kind == "organization"
    assert by["Foreign Office"].kind == "organization"
    assert by["London"].kind == "place"
    assert "Prime" not in by and "The" not in by


def test_sentence_adverbs_place_prefixes_and_plural_possessives() -> None:
    from _analysis_helpers import docs_of
    from newsdesk.analyze.entities import find_mentions

    text = "Sometimes Cruz Riojas misbehaved. He moved to San Antonio. The Riojas' home was small."
    got = {(m.key, m.kind) for m in find_mentions(docs_of(text)[0])}
    assert ("Cruz Riojas", "person") in got
    assert ("San Antonio", "place") in got
    assert not any(k.startswith("Sometimes") or k.endswith("'") for k, _ in got)
