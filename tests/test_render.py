import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsdesk
from newsdesk.model import (
    Analysis,
    Article,
    Brief,
    BriefSentence,
    Citation,
    Conflict,
    Entity,
    Event,
    Fact,
    InputProblem,
    Mention,
    Quote,
)
from newsdesk.render import SCHEMA_VERSION, dumps, render, schema, to_html, to_json, to_markdown

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "assange"

TEXT_A = "Ecuador granted asylum in August. Two women made allegations. Patino spoke on Thursday."
TEXT_B = "A woman made allegations. Ecuador granted asylum in August. Hague met Patino."


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _cite(article: Article, part: str) -> Citation:
    return Citation(article.id, *_span(article.text, part))


def make_brief(a: Article | None = None, b: Article | None = None) -> Brief:
    a = a or Article(
        id="aaaa",
        text=TEXT_A,
        title="Ecuador, UK meet",
        source="CNN",
        url="https://edition.cnn.com/x",
        published=dt.date(2012, 9, 28),
        author="CNN Wire Staff",
        language="en",
        origin="a.txt",
    )
    b = b or Article(id="bbbb", text=TEXT_B, source="Bloomberg", origin="b.txt")
    asylum_a, asylum_b = (
        _cite(a, "Ecuador granted asylum in August."),
        _cite(b, "Ecuador granted asylum in August."),
    )
    analysis = Analysis(
        agreements=(Fact("Ecuador granted asylum in August.", (asylum_a, asylum_b)),),
        single_source=(Fact("Hague met Patino.", (_cite(b, "Hague met Patino."),)),),
        conflicts=(
            Conflict(
                kind="count",
                what="number of women",
                statements=(
                    Fact("Two women made allegations.", (_cite(a, "Two women made allegations."),)),
                    Fact("A woman made allegations.", (_cite(b, "A woman made allegations."),)),
                ),
                values=("two", "one"),
            ),
        ),
        quotes=(
            Quote(
                text="We still do not see an immediate solution",
                speaker="Ricardo Patino",
                speaker_role="Ecuadorian Foreign Minister",
                citations=(_cite(a, "Patino spoke on Thursday."),),
                attribution="named",
            ),
            Quote(
                text="We will talk again in New York",
                speaker="Ricardo Patino",
                speaker_role=None,
                citations=(_cite(a, "Patino spoke on Thursday."),),
                attribution="context",
            ),
            Quote(text="No comment", speaker=None, speaker_role=None, citations=()),
        ),
        entities=(
            Entity(
                name="Ricardo Patino",
                kind="person",
                aliases=("Patino",),
                mentions=(
                    Mention(a.id, *_span(a.text, "Patino"), "Patino"),
                    Mention(b.id, *_span(b.text, "Patino"), "Patino"),
                    Mention(b.id, *_span(b.text, "Hague met"), "Hague met"),
                ),
            ),
        ),
        timeline=(
            Event(
                date=dt.date(2012, 9, 27),
                precision="day",
                expression="Thursday",
                text="Patino spoke on Thursday.",
                citations=(_cite(a, "Patino spoke on Thursday."),),
            ),
            Event(
                date=dt.date(2012, 8, 1),
                precision="month",
                expression="in August",
                text="Ecuador granted asylum in August.",
                citations=(asylum_a,),
            ),
            Event(date=None, precision=None, expression="soon", text="Talks soon.", citations=()),
        ),
    )
    return Brief(
        articles=(a, b),
        sentences=(
            BriefSentence("Ecuador granted asylum in August.", (asylum_a, asylum_b)),
            BriefSentence("Hague met Patino.", (_cite(b, "Hague met Patino."),)),
        ),
        analysis=analysis,
        method="centroid",
        title="Ecuador and the UK talk about Assange",
        problems=(InputProblem("c.bin", "binary file (contains NUL bytes)"),),
    )


# --- markdown ------------------------------------------------------------------------


def test_markdown_renders_every_part():
    md = to_markdown(make_brief())
    assert md.startswith("# Ecuador and the UK talk about Assange\n")
    assert "Ecuador granted asylum in August. [1][2] Hague met Patino. [2]" in md
    assert "method: centroid" in md
    for heading in (
        "## What the sources agree on",
        "## Reported by one source only",
        "## Where the sources differ",
        "## Quotes",
        "## Timeline",
        "## People, organisations and places",
        "## Sources",
        "## Problems",
    ):
        assert heading in md
    assert "**number of women** (count)" in md
    assert "_two_: Two women made allegations. [1]" in md
    assert "_one_: A woman made allegations. [2]" in md
    assert "— Ricardo Patino, Ecuadorian Foreign Minister [1]" in md
    assert "“No comment” — unattributed" in md
    assert "**2012-09-27** (day, “Thursday”): Patino spoke on Thursday. [1]" in md
    assert "**2012-08** (month, “in August”)" in md
    assert "**undated** (unresolved, “soon”)" in md
    assert "**Ricardo Patino** (person); also: Patino; mentions: [1] ×1, [2] ×2" in md
    assert (
        "1. **CNN** — “Ecuador, UK meet” — by CNN Wire Staff — 2012-09-28 — "
        "<https://edition.cnn.com/x>" in md
    )
    assert "2. **Bloomberg** — read from `b.txt`" in md
    assert md.rstrip().endswith("- `c.bin`: binary file (contains NUL bytes)")


def test_markdown_leaves_out_empty_sections():
    b = make_brief()
    bare = Brief(articles=b.articles, sentences=b.sentences, method="centroid")
    md = to_markdown(bare)
    assert "## Sources" in md
    for absent in ("agree on", "one source only", "differ", "Quotes", "Timeline", "Problems"):
        assert absent not in md
    assert md.startswith("# Story brief\n")


def test_markdown_escapes_article_markup():
    a = Article(id="x", text="Click [here](javascript:alert(1)) *now*", source="<b>Evil</b>")
    b = Brief(articles=(a,), sentences=(BriefSentence(a.text, (Citation("x", 0, len(a.text)),)),))
    md = to_markdown(b)
    assert "[here](javascript" not in md
    assert "\\[here\\]" in md
    assert "<b>" not in md


# --- json ----------------------------------------------------------------------------


def test_json_is_valid_against_the_shipped_schema():
    data = to_json(make_brief())
    jsonschema.validate(data, schema())
    assert data["schema_version"] == SCHEMA_VERSION == "1.2"
    assert [s["number"] for s in data["sources"]] == [1, 2]
    assert data["sentences"][0]["citations"][1] == {
        "article_id": "bbbb",
        "start": TEXT_B.index("Ecuador"),
        "end": TEXT_B.index("Ecuador") + len("Ecuador granted asylum in August."),
        "source": 2,
    }
    an = data["analysis"]
    assert an["conflicts"][0]["sides"][0]["value"] == "two"
    assert an["conflicts"][0]["sides"][1]["sources"] == [2]
    assert an["quotes"][0]["speaker_role"] == "Ecuadorian Foreign Minister"
    assert an["entities"][0]["mention_counts"] == [
        {"source": 1, "count": 1},
        {"source": 2, "count": 2},
    ]
    assert an["timeline"][1] == {
        "date": "2012-08-01",
        "precision": "month",
        "expression": "in August",
        "phrases": ["in August"],
        "text": "Ecuador granted asylum in August.",
        "sources": [1],
        "citations": [
            {
                "article_id": "aaaa",
                "start": 0,
                "end": len("Ecuador granted asylum in August."),
                "source": 1,
            }
        ],
    }
    assert data["problems"] == [{"input": "c.bin", "reason": "binary file (contains NUL bytes)"}]
    assert json.loads(dumps(make_brief())) == data


def test_an_event_told_two_ways_shows_each_outlets_phrase():
    pub = dt.date(2017, 10, 16)
    a = Article(id="aaaa", text="The vote is on Thursday October 19.", published=pub)
    b = Article(id="bbbb", text="The vote is on Oct. 19.", published=pub)
    ev = Event(
        date=dt.date(2017, 10, 19),
        precision="day",
        expression="Thursday October 19",
        text=a.text,
        citations=(_cite(a, a.text), _cite(b, b.text)),
        phrases=("Thursday October 19", "Oct. 19"),
    )
    brief = Brief(
        articles=(a, b),
        sentences=(BriefSentence(a.text, (_cite(a, a.text),)),),
        analysis=Analysis(timeline=(ev,)),
    )
    md = to_markdown(brief)
    assert "**2017-10-19** (day, “Thursday October 19”, “Oct. 19”): " in md
    assert "(day, “Thursday October 19”, “Oct. 19”)</span>" in to_html(brief)
    data = to_json(brief)
    jsonschema.validate(data, schema())
    assert data["analysis"]["timeline"][0]["phrases"] == ["Thursday October 19", "Oct. 19"]


def test_schema_rejects_a_wrong_document():
    data = to_json(make_brief())
    data["sources"][0]["number"] = "one"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema())


def test_json_of_the_example_brief_is_valid():
    result = newsdesk.read_articles(EXAMPLE)
    b = newsdesk.brief(result.articles, options=newsdesk.BriefOptions(words=100))
    data = json.loads(render(b, "json"))
    jsonschema.validate(data, schema())
    assert len(data["sources"]) == 3
    for s in data["sentences"]:
        c = s["citations"][0]
        text = b.article(c["article_id"]).text
        assert text[c["start"] : c["end"]] == s["text"]


def test_schema_file_is_itself_a_valid_schema():
    jsonschema.Draft202012Validator.check_schema(schema())


# --- html ----------------------------------------------------------------------------

EVIL = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)


def _evil_brief(url: str) -> Brief:
    a = Article(
        id="evil",
        text=f"Body {EVIL} end. {EVIL} Quote text. Patino spoke on Thursday.",
        title=f"Title {EVIL}",
        source=f"Outlet {EVIL}",
        url=url,
        author=f"Author {EVIL}",
        origin=f"file{EVIL}.html",
    )
    b = make_brief()
    q = Quote(text=f"Said {EVIL}", speaker=f"Speaker {EVIL}", speaker_role=EVIL, citations=())
    analysis = Analysis(
        agreements=(Fact(EVIL, ()),),
        quotes=(q,),
        entities=(Entity(EVIL, "other", (EVIL,), ()),),
        timeline=(Event(None, None, EVIL, EVIL, ()),),
        conflicts=(Conflict("name", EVIL, (Fact(EVIL, ()),), (EVIL,)),),
    )
    return Brief(
        articles=(a, *b.articles),
        sentences=(BriefSentence(f"Body {EVIL} end.", (Citation("evil", 0, 10),)),),
        analysis=analysis,
        method=EVIL,
        title=f"Title {EVIL}",
        problems=(InputProblem(EVIL, EVIL),),
    )


@pytest.mark.parametrize(
    "url",
    [
        f"https://example.com/{EVIL}",
        'https://example.com/"><img/src=x/onerror=alert(2)>',
        "javascript:alert(3)",
    ],
)
def test_html_escapes_everything_article_derived(url):
    page = to_html(_evil_brief(url))
    assert "<script" not in page
    assert "<img" not in page
    assert "javascript:" not in page
    parser = _Collect()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags
    assert not any(name.startswith("on") for name, _ in parser.attrs)
    hrefs = [v for name, v in parser.attrs if name == "href"]
    assert all(h and (h.startswith("#source-") or h.startswith("https://")) for h in hrefs)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img" in page


def test_html_keeps_an_http_link_escaped_inside_the_attribute():
    page = to_html(_evil_brief('https://example.com/"><img/src=x/onerror=alert(2)>'))
    assert 'href="https://example.com/&quot;&gt;&lt;img/src=x/onerror=alert(2)&gt;"' in page


def test_html_is_self_contained_and_complete():
    page = to_html(make_brief())
    assert page.startswith("<!DOCTYPE html>")
    assert "<style>" in page
    assert not re.search(r"(src|href)=\"(https?:)?//(?!edition\.cnn\.com)", page)
    assert "<link" not in page
    for text in (
        "Ecuador and the UK talk about Assange",
        "number of women",
        "Ricardo Patino",
        "Ecuadorian Foreign Minister",
        "2012-09-27",
        "Thursday",
        "binary file (contains NUL bytes)",
        '<li id="source-2" value="2">Bloomberg',
        '<a href="#source-1">[1]</a><a href="#source-2">[2]</a>',
    ):
        assert text in page


def test_render_dispatch():
    b = make_brief()
    assert render(b, "md") == to_markdown(b) == render(b, "markdown")
    assert render(b, "html") == to_html(b)
    assert json.loads(render(b, "json")) == to_json(b)
    with pytest.raises(ValueError, match="choose one of"):
        render(b, "pdf")


def test_unknown_article_id_in_a_citation_shows_as_question_mark():
    b = make_brief()
    odd = Brief(
        articles=b.articles,
        sentences=(BriefSentence("Orphan.", (Citation("zzzz", 0, 7),)),),
    )
    assert "Orphan. [?]" in to_markdown(odd)
    data = to_json(odd)
    jsonschema.validate(data, schema())
    assert data["sentences"][0]["sources"] == [None]


_OUR_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "h1",
    "h2",
    "p",
    "section",
    "ul",
    "ol",
    "li",
    "a",
    "span",
    "strong",
    "blockquote",
    "footer",
    "code",
    "time",
}


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40), st.text(min_size=1, max_size=80))
def test_html_never_lets_article_text_make_markup(title, outlet, text):
    a = Article(id="h", text=text, title=title, source=outlet, url=f"https://x.example/{title}")
    b = Brief(
        articles=(a,),
        sentences=(BriefSentence(text, (Citation("h", 0, len(text)),)),),
        analysis=Analysis(quotes=(Quote(text, outlet, title, ()),)),
        title=title,
    )
    parser = _Collect()
    parser.feed(to_html(b))
    assert set(parser.tags) <= _OUR_TAGS
    assert not any(name.startswith("on") for name, _ in parser.attrs)


def test_an_inferred_speaker_is_marked_in_every_format():
    brief = make_brief()
    md = to_markdown(brief)
    assert "— Ricardo Patino, Ecuadorian Foreign Minister [1]" in md
    assert "“We will talk again in New York” — Ricardo Patino (speaker inferred) [1]" in md
    html = to_html(brief)
    assert html.count("(speaker inferred)") == 1
    assert '<span class="inferred">(speaker inferred)</span>' in html
    quotes = to_json(brief)["analysis"]["quotes"]
    assert [q["attribution"] for q in quotes] == ["named", "context", None]
