import datetime as dt
import gzip
import io
import json
import shutil
import sys
from pathlib import Path

import pytest

from newsdesk import InputError
from newsdesk.model import article_id
from newsdesk.read import ReadOptions, read_articles, read_clusters, read_string
from newsdesk.read.formats import looks_preprocessed, sniff
from newsdesk.read.language import guess_language

FIX = Path(__file__).resolve().parent / "fixtures" / "read"
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "assange"
DATA = ROOT.parent / "shared" / "data"

ENGLISH = (
    "The city council approved three new bus routes on Tuesday evening, linking the "
    "harbour district with the university campus and the hospital. Officials said the "
    "first of the routes would start running in April, and that fares would not change."
)


def reasons(result):
    return {p.input: p.reason for p in result.problems}


# --- readers -------------------------------------------------------------------------


def test_html_page_through_trafilatura_with_metadata():
    r = read_articles(FIX / "harbour.html")
    assert r.problems == []
    (a,) = r.articles
    assert a.title == "Harbour bridge reopens after storm repairs"
    assert a.source == "Northport Gazette"
    assert a.author == "Dana Whitlow"
    assert a.published == dt.date(2024, 3, 14)
    assert a.url == "https://gazette.example.org/2024/03/harbour-bridge"
    assert a.text.startswith("The Northport harbour bridge reopened")
    assert "Mayor Elena Ruiz" in a.text
    for cruft in ("Most read", "Copyright", "Sport"):
        assert cruft not in a.text
    assert a.id == article_id(a.text)
    assert a.language == "en"


def test_html_page_without_article_text_is_a_problem():
    r = read_articles(FIX / "empty-page.html")
    assert r.articles == []
    assert reasons(r) == {str(FIX / "empty-page.html"): "no article text found"}


def test_rss_feed_entries_become_articles():
    r = read_articles(FIX / "feed.xml")
    assert [a.title for a in r.articles] == [
        "Harbour bridge reopens after storm repairs",
        "Council approves new bus routes",
    ]
    first = r.articles[0]
    assert first.source == "Northport Gazette: Local"
    assert first.url == "https://gazette.example.org/2024/03/harbour-bridge"
    assert first.published == dt.date(2024, 3, 14)
    assert first.author == "Dana Whitlow"
    assert "<p>" not in first.text
    assert first.text.split("\n\n") == [
        "The Northport harbour bridge reopened to traffic on Wednesday morning, six weeks "
        "after a winter storm damaged it.",
        "The repairs cost about 4.2 million dollars.",
    ]
    assert reasons(r) == {f"{FIX / 'feed.xml'}#3": "feed entry has no content or summary text"}


def test_atom_feed_content_drops_scripts():
    (a,) = read_articles(FIX / "atom.xml").articles
    assert a.source == "Riverside Daily"
    assert a.published == dt.date(2024, 3, 15)
    assert "track()" not in a.text
    assert a.text.endswith("Operators said timetables are unchanged.")


def test_jsonl_reads_good_lines_and_names_bad_ones():
    r = read_articles(FIX / "articles.jsonl")
    name = str(FIX / "articles.jsonl")
    assert [a.origin for a in r.articles] == [f"{name}:1", f"{name}:2", f"{name}:7"]
    a1, a2, _ = r.articles
    assert (a1.title, a1.source, a1.author) == (
        "Bridge reopens",
        "Northport Gazette",
        "Dana Whitlow",
    )
    assert a1.published == dt.date(2024, 3, 14)
    assert a2.published == dt.date(2024, 3, 14)  # from an ISO date-time with Z
    got = reasons(r)
    assert got[f"{name}:3"].startswith("not valid JSON")
    assert got[f"{name}:4"] == 'missing or empty "text"'
    assert got[f"{name}:6"] == "\"published\" is not an ISO date: 'last Tuesday'"
    assert len(got) == 3


def test_multinews_jsonl_file_returns_every_document():
    r = read_articles(FIX / "clusters.jsonl")
    name = str(FIX / "clusters.jsonl")
    assert [a.origin for a in r.articles] == [
        f"{name}:1#1",
        f"{name}:1#2",
        f"{name}:2#1",
        f"{name}:2#2",
    ]
    assert reasons(r) == {f"{name}:2#3": "empty document"}
    # preprocessed (tokenised) documents are not cleaned: text kept as the data set has it
    assert r.articles[2].text.startswith("the city council approved three new bus routes on")


def test_multinews_src_layout_splits_documents_and_newlines():
    r = read_articles(FIX / "cluster.src")
    assert len(r.articles) == 2
    assert "NEWLINE_CHAR" not in r.articles[0].text
    assert "|||||" not in r.articles[1].text
    assert r.articles[0].text.startswith("The Northport harbour bridge")
    assert r.articles[1].text.startswith("Mayor Elena Ruiz")


def test_read_clusters_yields_id_articles_and_summary():
    problems = []
    clusters = list(read_clusters(FIX / "clusters.jsonl", problems=problems))
    assert [(cid, len(arts), summ) for cid, arts, summ in clusters] == [
        ("cluster-a", 2, "The harbour bridge has reopened after repairs."),
        ("cluster-b", 2, "Northport gets three new bus routes."),
    ]
    assert [p.reason for p in problems] == ["empty document"]
    ids = [a.id for a in clusters[0][1]]
    assert ids == [article_id(a.text) for a in clusters[0][1]]


def test_read_clusters_src_with_tgt_beside_it():
    ((cid, arts, summary),) = list(read_clusters(FIX / "cluster.src"))
    assert cid.endswith("cluster.src:1")
    assert len(arts) == 2
    assert summary == "The harbour bridge has reopened after repairs."


def test_read_clusters_clean_flag_controls_cleaning(monkeypatch):
    import newsdesk.read.formats as formats

    real = formats.clean_text
    calls = []

    def counting_clean(text):
        calls.append(text)
        return real(text)

    monkeypatch.setattr(formats, "clean_text", counting_clean)
    list(read_clusters(FIX / "clusters.jsonl", clean=False))
    assert calls == []
    list(read_clusters(FIX / "clusters.jsonl", clean=True))
    assert len(calls) == 4
    calls.clear()
    list(read_clusters(FIX / "clusters.jsonl"))  # auto: only the untokenised cluster
    assert len(calls) == 2


def test_preprocessed_form_is_detected():
    assert looks_preprocessed(["the council , officials said . it is n't clear ' s"])
    assert not looks_preprocessed([ENGLISH])


def test_gzipped_jsonl_is_read(tmp_path):
    p = tmp_path / "clusters.jsonl.gz"
    p.write_bytes(gzip.compress((FIX / "clusters.jsonl").read_bytes()))
    assert len(read_articles(p).articles) == 4
    assert [cid for cid, _, _ in read_clusters(p)] == ["cluster-a", "cluster-b"]


def test_plain_text_goes_through_clean_text(monkeypatch, tmp_path):
    import newsdesk.read.formats as formats
    from newsdesk.clean import Cleaned

    def fake_clean(text):
        return Cleaned(
            text="Body only.", title="T", published=dt.date(2020, 1, 2), source="S", author="A"
        )

    monkeypatch.setattr(formats, "clean_text", fake_clean)
    p = tmp_path / "a.txt"
    p.write_text("Skip to main content\n\nBody only.\n", encoding="utf-8")
    (a,) = read_articles(p).articles
    assert (a.text, a.title, a.published, a.source, a.author) == (
        "Body only.",
        "T",
        dt.date(2020, 1, 2),
        "S",
        "A",
    )


def test_example_directory_reads_three_articles():
    r = read_articles(EXAMPLE)
    assert len(r.articles) == 3
    assert r.problems == []
    assert [Path(a.origin).name for a in r.articles] == sorted(p.name for p in EXAMPLE.iterdir())


def test_directory_is_recursive_sorted_and_skips_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "two.txt").write_text(ENGLISH + " Two.", encoding="utf-8")
    (tmp_path / "one.txt").write_text(ENGLISH + " One.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(ENGLISH + " Hidden.", encoding="utf-8")
    (tmp_path / ".git" / "config.txt").write_text(ENGLISH + " Git.", encoding="utf-8")
    r = read_articles(tmp_path)
    assert [Path(a.origin).relative_to(tmp_path).as_posix() for a in r.articles] == [
        "b/two.txt",
        "one.txt",
    ]


def test_format_override_and_sniffing(tmp_path):
    p = tmp_path / "page.txt"
    p.write_text((FIX / "harbour.html").read_text(encoding="utf-8"), encoding="utf-8")
    sniffed = read_articles(p)
    assert sniffed.articles[0].source == "Northport Gazette"  # content says HTML
    forced = read_articles(p, options=ReadOptions(format="text"))
    assert "<p>" in forced.articles[0].text or "<html" in forced.articles[0].text.lower()


def test_sniff_by_content():
    from newsdesk.read._source import Loaded

    def kind(text, suffix=""):
        return sniff(Loaded(name="x", text=text, suffix=suffix))

    assert kind("<?xml version='1.0'?><rss version='2.0'><channel></channel></rss>") == "feed"
    assert kind('<feed xmlns="http://www.w3.org/2005/Atom"></feed>') == "feed"
    assert kind("<!doctype html><html><body>x</body></html>") == "html"
    assert kind('{"text": "a"}\n') == "jsonl"
    assert kind('{"id": "1", "documents": ["a"], "summary": "b"}\n') == "multinews"
    assert kind("doc one ||||| doc two") == "multinews"
    assert kind("Plain scraped text.\nMore text.") == "text"
    assert kind("{broken", ".jsonl") == "jsonl"


def test_options_are_validated():
    with pytest.raises(ValueError, match="choose one of"):
        ReadOptions(format="pdf")
    with pytest.raises(ValueError, match="positive"):
        ReadOptions(max_bytes=0)


# --- bad input -----------------------------------------------------------------------


def test_missing_file_is_a_problem_and_others_are_still_read(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ENGLISH, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    r = read_articles([missing, good])
    assert len(r.articles) == 1
    assert reasons(r) == {str(missing): "no such file or directory"}


def test_empty_binary_and_bad_utf8(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n\n ")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin = tmp_path / "latin.txt"
    latin.write_bytes((ENGLISH + " Café au lait in Zürich.").encode("latin-1"))
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(bytes([0xC3, 0x28, 0xA0, 0xA1, 0xFF, 0xFE, 0x80, 0x81]) * 3)
    r = read_articles([empty, binary, latin, garbage])
    got = reasons(r)
    assert got[str(empty)] == "empty"
    assert got[str(binary)] == "binary file (contains NUL bytes)"
    # latin-1 is recognised by charset detection and read; undecodable bytes are refused
    assert [Path(a.origin).name for a in r.articles] == ["latin.txt"]
    assert "Zürich" in r.articles[0].text
    assert got[str(garbage)].startswith("not UTF-8 text")


def test_huge_file_is_refused(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text(ENGLISH * 10, encoding="utf-8")
    r = read_articles(p, options=ReadOptions(max_bytes=100))
    assert r.articles == []
    assert reasons(r)[str(p)].startswith("too large")


def test_duplicates_are_reported_not_dropped_silently(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(ENGLISH, encoding="utf-8")
    b.write_text(ENGLISH, encoding="utf-8")
    r = read_articles([a, b])
    assert len(r.articles) == 1
    assert reasons(r) == {str(b): f"duplicate of {a}"}
    assert r.rejected == r.problems


def test_non_english_is_kept_with_a_warning(tmp_path):
    p = tmp_path / "fr.txt"
    p.write_text(
        "Le conseil municipal a approuvé mardi soir trois nouvelles lignes de bus qui "
        "relient le quartier du port avec le campus de l'université et l'hôpital. Les "
        "responsables ont dit que la première ligne sera ouverte en avril et que les prix "
        "ne changent pas pour les usagers de la ville.",
        encoding="utf-8",
    )
    r = read_articles(p)
    assert len(r.articles) == 1
    assert r.articles[0].language == "fr"
    assert reasons(r) == {str(p): "looks like non-English text (fr?)"}
    assert r.warnings == r.problems
    assert r.rejected == []


def test_language_guess():
    assert guess_language(ENGLISH) == "en"
    assert guess_language("Too short to tell.") is None
    assert (
        guess_language(
            "Der Stadtrat hat am Dienstag drei neue Buslinien beschlossen, die "
            "den Hafen mit der Universität und dem Krankenhaus verbinden, und "
            "die erste Linie wird im April fahren, sagte die Stadt auch."
        )
        == "de"
    )


def test_strict_raises_at_first_problem(tmp_path):
    with pytest.raises(InputError) as err:
        read_articles([tmp_path / "nope.txt"], options=ReadOptions(strict=True))
    assert err.value.reason == "no such file or directory"


def test_stdin_is_sniffed(monkeypatch):
    data = (FIX / "articles.jsonl").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    r = read_articles("-")
    assert [a.origin for a in r.articles] == ["<stdin>:1", "<stdin>:2", "<stdin>:7"]


def test_read_string_sniffs_like_a_file():
    r = read_string(json.dumps({"text": ENGLISH, "source": "Wire"}), name="x.jsonl")
    assert [a.source for a in r.articles] == ["Wire"]


def test_progress_callback_counts_files(tmp_path):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"{ENGLISH} Number {i}.", encoding="utf-8")
    seen = []
    read_articles(tmp_path, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


@pytest.mark.data
def test_read_clusters_on_shared_data():
    path = DATA / "multinews-raw-dev.jsonl.gz"
    if not path.is_file():
        pytest.skip(f"{path} not present (the shared Multi-News data is optional)")
    first = next(iter(read_clusters(path)))
    cid, articles, summary = first
    assert cid.startswith("multinews-")
    assert 2 <= len(articles) <= 10
    assert summary


def test_copy_of_example_is_duplicate(tmp_path):
    src = sorted(EXAMPLE.iterdir())[0]
    shutil.copy(src, tmp_path / "copy.txt")
    r = read_articles([EXAMPLE, tmp_path])
    assert len(r.articles) == 3
    assert reasons(r) == {str(tmp_path / "copy.txt"): f"duplicate of {src}"}


@pytest.mark.data
def test_preprocessed_detection_on_shared_data():
    raw, pre = DATA / "multinews-raw-dev.jsonl.gz", DATA / "multinews-val.jsonl.gz"
    if not (raw.is_file() and pre.is_file()):
        pytest.skip(f"{DATA} lacks the Multi-News files (the shared data is optional)")

    def share(path, n=200):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            rows = [json.loads(line) for _, line in zip(range(n), fh, strict=False)]
        return sum(looks_preprocessed(r["documents"]) for r in rows) / len(rows)

    assert share(raw) == 0.0
    assert share(pre) > 0.98


def test_characters_that_print_as_nothing_are_dropped_from_every_format():
    # a zero-width space before a bracket and a soft hyphen inside a name, as web pages have
    dirty = ENGLISH.replace("council", "coun\u00adcil").replace(" (", " \u200b(")
    dirty = "Sen. Diane Savino \u200b(D-SI) \u200bapplauded it. " + dirty
    for name, text in (
        ("page.txt", dirty),
        ("page.jsonl", json.dumps({"text": dirty, "title": "Bus\u200b routes"})),
    ):
        (a,) = read_string(text, name=name).articles
        assert "\u200b" not in a.text and "\u00ad" not in a.text, name
        assert "Savino (D-SI) applauded" in a.text and "city council approved" in a.text
        assert a.id == article_id(a.text)
    assert a.title == "Bus routes"
