"""Direct quotations and their speakers.

Quotes are found on the article text (not per sentence) so a quotation that runs across
sentences, or across paragraphs in the newspaper style (a paragraph left open and the next
one reopened), stays one quote. Scare quotes of one to three words ("firm", "dark ages")
are skipped: they label a word, they are not a statement anyone can be quoted on.

The speaker comes from the attribution next to the quote ("X said", "said X", "X told
reporters", "according to X", "X said in a statement", "X: ..."). A pronoun ("he said")
takes the last person quoted or reported speaking ("Glick said the app ...", "according to
Young"), passing over names whose gender is known to differ (from the article's own
pronouns, else from the first name: ``first_names.json``). A quote with no attribution next
to it takes a speaker the context names: the same sentence ("To make matters worse, Glick
said, the firm went “...”"), the sentence before ("Herman recalls one summer ..."), a
paragraph that introduces it ("Schumer wrote on Instagram:"), a named document's author
("according to the iSight report"), the named subject of the sentence it is quoted in, or,
in a profile where one person gives nearly every attributed quote, that person when the
paragraph names no one else. Names are resolved to the fullest form the cluster gives, with
the role found before the name or in apposition. One quotation carried by several outlets,
edited or not, is one quote; its speaker is the one named next to it most often. A quote
none of this attributes keeps ``speaker=None``: nothing is guessed from outside the text.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from typing import Literal, NamedTuple

from ..lexicon import (
    name_heads,
    name_words,
    number_words,
    speech_verb_pattern,
    title_abbreviations,
    titles,
)
from ..model import Attribution, Citation, Document, Quote
from ..text import HONORIFICS, typeset_quotes
from .entities import (
    FEMALE_KIN,
    KIN_NOUNS,
    ORG_SUFFIXES,
    ROLE_WORDS,
    SPELLED_TITLES,
    RawMention,
    _bare_surname,
    first_names,
    given_names,
)
from .speakers import LEARNED_RANKER, SpeakerChooser, load_speaker_model, rerank

__all__ = [
    "find_quotes",
    "merge_quotes",
    "merge_quotes_decided",
    "QuoteSpan",
    "MIN_QUOTE_WORDS",
    "attribution_rules",
    "rule_name",
]

#: Quotes shorter than this many words are scare quotes and are skipped.
MIN_QUOTE_WORDS = 4
# a profile: one person gives at least this many attributed quotes, and this share of them
_PROFILE_MIN = 5
_PROFILE_SHARE = 0.75

# "added 5 points", "adds another": a sum, not speech
_NOT_A_SUM = (
    r"(?!\s+(?:\d|[a-z]+(?:teen|ty)\b|"
    rf"(?:{'|'.join(number_words('sum'))}|another)\s))"
)
_VERBS = (
    "(?:"
    + speech_verb_pattern("quote", {"added": _NOT_A_SUM, "adds": _NOT_A_SUM})
    + r"|(?:was|is|were|are)\s+(?:quoted\s+as|heard|overheard|seen)\s+saying)"
)
# words allowed between a name and its verb ("Herman also says:", "Singer has said")
_AUX = (
    r"(?:(?:on\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s+|(?:yesterday|earlier)\s+)?"
    r"(?:(?:also|then|later|again|once|previously|has|had|have|would)\s+)?"
    r"(?:(?:often|long|repeatedly|always|publicly|privately|also|previously|quietly|softly|"
    r"calmly|angrily|simply|bluntly|flatly|firmly|proudly|sadly|tearfully|jokingly|wryly|"
    r"dryly|bitterly|defiantly|candidly|frankly|tersely|curtly|emphatically)\s+)?"
)
# a name, optionally led by lowercase role words ("forensic toxicologist John Trestrail")
_AL = rf"(?:(?:{'|'.join(name_words('arabic'))})-)?"  # "Mahmoud al-Zahar"
# a word of a name written with a full stop: an initial or a title ("J.", "Sen."), never
# a word ending a sentence ("in Lovelock. Simpson said")
_ABBREVIATED = rf"(?:[A-Z]|{'|'.join(sorted(w.capitalize() for w in titles('dotted')))})\."
# lexicon/titles.txt ("of_the") and lexicon/name_words.txt ("title_joiner")
_OF_THE_TITLES = "|".join(sorted(w.capitalize() for w in titles("of_the")))
_TITLE_JOINERS = name_words("title_joiner")
_CAPS = (
    rf"(?:(?:[A-Z]\.){{2,}}\s*|{_AL}[A-Z][\w'’\-]*\s+|{_ABBREVIATED}\s+"
    # "Secretary of the Interior Dirk Kempthorne": a title's "of the" before a name
    rf"|(?:{_OF_THE_TITLES})\s+of\s+the\s+"
    rf"(?=[A-Z][a-z]+\s+[A-Z])|(?:{'|'.join(_TITLE_JOINERS)})\s+(?=[A-Z]))*"
    rf"(?:(?:[A-Z]\.){{2,}}|{_AL}[A-Z][\w'’\-]*)"
)
_PAREN = r"(?:\s*\([^)]{1,30}\))?"
_NAME = (
    rf"((?:{_CAPS}\s+(?=[a-z]))?(?:[a-z][\w\-]*\s+){{0,5}}?{_CAPS}|(?:[Hh]e|[Ss]he|[Tt]hey)\b|"
    r"(?:[Tt]he|[Aa]n?|one)\s+(?:[\w'’.\-]+\s+){0,5}?[\w'’.\-]+|"
    r"(?:[Hh]is|[Hh]er|[Tt]heir)\s+(?:[a-z][\w-]*\s+)?[a-z]+)"  # "his brother"
)
# a sentence adverb or conjunction is no name ("However, Prime Minister ... has dismissed
# calls to quit, saying", "But Richard Ben-Veniste, a key lawyer, said")
_SENTENCE_ADVERBS = (
    r"(?:However|But|And|Yet|Still|Meanwhile|Instead|Moreover|Indeed|Nevertheless|"
    r"Separately|Finally|Also|Now|Then|Later|Earlier|Today|Yesterday)"
)
_NOT_A_NAME_START = rf"(?!{_SENTENCE_ADVERBS}\b)"
_STRICT_NAME = rf"({_NOT_A_NAME_START}(?:[A-Z][\w\-]*\s+)?{_CAPS}|(?:[Hh]e|[Ss]he|[Tt]hey)\b)"
# after the quote: ', Patino said' / ' said Patino' / ' he said' / ', according to X'
_AFTER_NAME_VERB = re.compile(
    rf"^[\s,.:;?!—–-]*{_NAME}{_PAREN}"
    # where the speaker works, before the verb ("Doctor Sokal Pirg of the unit told")
    r"(?:\s+(?:of|at|from)\s+(?:the\s+)?[\w'’.&-]+(?:\s+[\w'’.&-]+){0,2}?(?=\s+\w+\s))?"
    # an apposition, itself holding commas ("Captain Manohar Nambiar, Chief Public Relations
    # Officer, Defence, said") or missing its closing one ("Robert McFarlane, an assistant
    # state attorney general said")
    r"\s*(?:,[^,\"“”]{1,120}(?:,[^,\"“”]{1,40}){0,2},\s*|(?P<open>,\s+(?:an?|the)\s+[^,\"“”.]{1,80}?\s+))?"
    rf"{_AUX}{_VERBS}\b"
)
# '" Jeffs' nephew, Brent Jeffs, told': a kin or role of someone, then the speaker's name
_AFTER_POSSESSIVE_APPOSED = re.compile(
    r"^[\s,.:;?!—–-]*([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2}['’]s?\s+(?:[a-z][\w-]*\s+){0,3}?"
    r"[a-z][\w-]*),\s+((?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’-]+),\s*"
    rf"{_AUX}{_VERBS}\b"
)
# after a verb the name runs as far as its capitalised words go, through one or two
# lowercase role words ("says U.S. Forest Service volunteer Jules Fijolek")
# words that end a description before them ("a Western diplomat, who"); a document
# ("a Post memo") makes the capitalised word its writer, who speaks
_LINKING = r"of|for|at|from|in|with|on|to|who|which|that|and|" + speech_verb_pattern("linking")
_NOT_IN_DESCRIPTION = (
    rf"(?!(?:{_LINKING}|memo|statement|"
    r"report|release|letter|e?-?mail|message|notice|filing|study|survey|post|tweet)\b)"
)
# a word that links a description to what follows it, so never a word of the description
_NOT_LINKING = rf"(?!(?:{_LINKING})\b)"
_ROLE_BREAK = speech_verb_pattern("role_break")
_NAME_GREEDY = (
    # "a Western diplomat", "the Syrian foreign ministry", "a Pentagon spokesman": a
    # description whose capitalised words are not the speaker's name
    r"((?:[Tt]he|[Aa]n?)\s+(?:[A-Z][\w'’.-]*\s+){1,3}"
    rf"(?:{_NOT_IN_DESCRIPTION}[a-z][\w-]*\s+){{0,2}}{_NOT_IN_DESCRIPTION}[a-z][\w-]*"
    r"(?![\w'’-])(?!\s+[A-Z])|"
    # "Anchorage businessman and blogger Andrew Halcro": role words ("and" among them)
    # or two such runs ("SeaMicro CEO and new AMD general manager Andrew Feldman")
    rf"(?:[Tt]he\s+)?{_CAPS}(?:(?:\s+(?!(?:of|for|at|from|in|with|on|to|who|{_ROLE_BREAK})\b)[a-z]+)"
    rf"{{1,3}}\s+{_CAPS}){{0,2}}|(?:[Hh]e|[Ss]he|[Tt]hey)\b|"
    # "a tearful Charlie Kafoury", "the former president Bill Clinton": words describing a
    # person named in full
    rf"(?:[Tt]he|[Aa]n?)\s+(?:{_NOT_LINKING}[a-z][\w-]*\s+){{1,3}}"
    r"(?:[A-Z][\w'’\-]*\s+)+[A-Z][\w'’\-]*(?![\w'’-])|"
    # "a spokesperson" (its "for Interoute" is added after, see _OF_NAME), "one young man"
    rf"(?:[Tt]he|[Aa]n?|one)\s+[a-z]+(?:\s+{_NOT_LINKING}[a-z]+)?|"
    # lowercase role words, an age or a possessive among them ("32-year-old protester
    # Paris Kyriakides", "ex-NYPD organized crime detective Joe Coffey", "fisherman's wife")
    rf"(?:(?:\d+-years?-old|[a-z][\w'’\-]*)\s+){{1,4}}(?:{_ABBREVIATED}\s+)*[A-Z][\w'’\-]*"
    rf"(?:\s+(?:{_ABBREVIATED}\s+)*[A-Z][\w'’\-]*)*|"
    # "his brother", resolved to the one the article described so (see _described)
    rf"(?:[Hh]is|[Hh]er|[Tt]heir)\s+[a-z]+(?:\s+{_NOT_LINKING}[a-z]+)?)"
)
# "..., saying that Cosby was": a clause follows, not a speaker; '," told Raddatz': the one
# told is not the one speaking
_AFTER_VERB_NAME = re.compile(
    rf"^[\s,.:;?!—–-]*(?!told\b|tells\b){_VERBS}\s+"
    rf"(?!(?:that|which|who|how|what|it|this)\s){_NAME_GREEDY}"
)
# what follows "told"/"asked" when it reports an order or a request: "told Mr. Pinder to
# get", "asked them not to"
_ORDERED = re.compile(
    r"(?:(?<=told)|(?<=asked))\s+(?:[\w.'’-]+\s+){1,3}?(?:not\s+)?to\s+"
    r"(?!the\b|an?\b|his\b|her\b)[a-z]+\b"
)
_AFTER_QUOTED_AS = re.compile(
    rf"^[\s,]*(?:[\w'’.]+\s+){{0,4}}?quoted\s+({_CAPS})\s+as\s+(?:saying|telling)\b"
)
_AFTER_ACCORDING = re.compile(rf"^[\s,.:;?!—–-]*according\s+to\s+{_NAME_GREEDY}")
# before the quote: 'Patino said: "' / 'Patino said that the "' / 'X said after the vote: "'
_BEFORE_VERB = (
    rf"{_AUX}{_VERBS}"
    r"(?:\s+(?:reporters|journalists|[A-Z]\w+|him|her|them|the\s+\w+))?"
    r"(?:\s+(?:in|on|at|after|before|during)\s+[^\"“”]{1,40}?)?(?:\s*[,:]|\s+that)?"
    r"[^\"“”.]{0,25}$"
)
_BEFORE_NAME_VERB = re.compile(
    # an apposition, itself holding up to two commas ("Sarah Murphy, United's vice president
    # of Global Operations Strategy, Planning and Design, said")
    rf"{_STRICT_NAME}{_PAREN}\s*(?:,[^,\"“”]{{1,80}}(?:,[^,\"“”]{{1,40}}){{0,2}}[,—–]\s*|"
    rf",\s+[a-z][^\"“”]{{1,80}}?,\s*)?" + _BEFORE_VERB
)
# 'Hickok called the slaying "', 'He called Orozco "': the words that characterise
# something are the one's who calls it so (the quote follows the object directly)
_BEFORE_CALLED = re.compile(
    rf"(?:^|[.!?,;]\s+|\n){_STRICT_NAME}{_PAREN}\s*(?:,[^,\"“”]{{1,80}},\s*)?{_AUX}"
    r"called\s+(?!(?:for|on|in|off|up|out|to|at|it\s+quits)\b)[^\"“”.;:,]{1,60}?\s*$"
)
# 'The actor told SiriusXM, "' / 'The hospital said: "': a description speaks (resolved
# like one after the quote, see _described)
_BEFORE_DESCRIBED_VERB = re.compile(
    r"(?:^|(?<=\n)|(?<=[.!?]\s)|(?<=[.!?][\"”’']\s)|(?<=,\s)|(?<=\band\s)|(?<=\b[Ww]hen\s))"
    # "A Foreign Office spokeswoman said: "": an indefinite one, led by capitalised words
    r"([Tt]he\s+(?:[a-z][\w'’-]*\s+){0,2}?[a-z][\w'’-]*|"
    r"(?:[Aa]n?|[Tt]he)\s+(?:[A-Z][\w'’.&-]*\s+){1,3}(?:[a-z][\w'’-]*\s+){0,1}[a-z][\w'’-]*)\s+"
    + _BEFORE_VERB
)
# unnamed people who speak as a body ("court sources", "Officials")
_CROWD = (
    r"(?:[Ss]ources|[Oo]fficials|[Aa]uthorities|[Ww]itnesses|[Ii]nvestigators|[Pp]rosecutors|"
    r"[Ee]xperts|[Rr]esidents)"
)
# the quote's sentence goes on, then ends on its attribution: '“...” that she was gone,
# Lampman said.' (never across another quote)
_AFTER_CLAUSE = re.compile(
    rf"^[^\"“”.!?\n]{{1,120}}?,\s+(?:{_STRICT_NAME}\s+{_AUX}{_VERBS}|{_VERBS}\s+{_STRICT_NAME}|"
    # unnamed sources ("..., court sources said last night.")
    rf"((?:[a-z]+\s+)?{_CROWD})\s+{_AUX}{_VERBS})"
    r"(?:\s+(?:last\s+night|yesterday|today|(?:on\s+)?[A-Z][a-z]+day))?\s*[.!?]"
)
# one who speaks for the name that follows ("A spokesman for Prime Minister David Cameron
# said", "a lawyer for the family told"): an unnamed source, not the name
_AGENT = (
    r"(?:[Aa]n?|[Tt]he|[A-Z][\w'’.-]*['’]s)\s+(?:[\w-]+\s+){0,2}?"
    rf"(?:{'|'.join(sorted(titles('agent')))})s?\s+(?:for|to|of|with|close\s+to)\s+"
)
_AGENT_OF = re.compile(
    rf"\b({_AGENT}(?:the\s+)?(?:[A-Z][\w.'’-]*\s+|(?:of|in|and|the)\s+){{0,6}})$"
)
_AGENT_LEAD = re.compile(rf"^{_AGENT}")
# an unnamed source whose sex the noun tells, said to speak ("a France Telecom spokeswoman
# who asked not to be named said", "the valet told"): who a later "she"/"he" may be
_UNNAMED_SPEAKING = re.compile(
    r"\b((?:[Aa]n?|[Tt]he|[Oo]ne)\s+(?:[\w'’.-]+\s+){0,4}?"
    rf"(?:({'|'.join(sorted(titles('sexed')))})|"
    # one of either sex ("a neighbour", "the friend" when no friend was named)
    rf"(?P<either>{'|'.join(sorted(titles('unsexed')))})))"
    r"\b(?:,?\s+(?:who|whose|speaking|declining|asking)\b[^.!?\n\"“”A-Z]{0,60}?|\s+)"
    rf"(?:{speech_verb_pattern('unnamed')})\b"
)
_MAIN_CLAUSE_BEFORE = re.compile(
    rf"(?:^|\n|[.!?,;:\"”]\s*|\b(?:but|and|while)\s+)(?:{_SENTENCE_ADVERBS},?\s+)?$"
)
_FEMALE_NOUN = re.compile(rf"(?:{'|'.join(sorted(titles('female_end')))})$")  # titles.txt
# the name an agent is put next to ("Jerry Strickland, a spokesman for ...")
_NAMED_AGENT = re.compile(
    r"(?:^|[.!?]\s+|\n)(?!(?:In|On|At|For|From|With|By|After|Before|During|But|And|As|When)\s)"
    r"((?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’-]+),\s+$"
)
# 'Ecuadorian foreign minister: "' or a name alone before the quote ('Art Iwasaki "...')
_BEFORE_COLON = re.compile(rf"(?:^|[.!?]\s+){_STRICT_NAME}\s*:\s*$")
# 'According to Limbaugh, “...”': the source named before the quote
_BEFORE_ACCORDING = re.compile(rf"\b[Aa]ccording\s+to\s+{_STRICT_NAME}\s*,\s*$")
_BEFORE_BARE = re.compile(r"^((?:[A-Z][\w'’\-]+\s+){1,3}[A-Z][\w'’\-]+)\s*$")
_OF_NAME = re.compile(
    r"^(?:\s+[a-z]+){0,2}\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w'’.]*(?:\s+[A-Z][\w'’.]*)*"
)
_APPOSED_NAME = re.compile(
    # "the candidate, regional bureaucrat Resulberdy Mammedov, said": role words may lead
    rf"^(?:['’]s)?(?:\s+[a-z]+){{0,3}}?,\s+(?:{_NOT_LINKING}[a-z][\w-]*\s+){{0,3}}"
    rf"((?:[A-Z][\w'’.-]+\s+|(?:{'|'.join(name_words('apposed'))})\s+){{1,4}}[A-Z][\w'’-]+)"
    r"\s*(?:[.,;]|$)"
)
# a full name, then words of a title set off by a comma ("Ben Stephenson, Controller,
# BBC Drama Commissioning", "Ben Stephenson, controller of BBC Drama Commissioning"), up
# to where the speaker before a verb was found
_NAME_THEN_TITLE = re.compile(
    r"(?:^|[.!?]\s+|\n)((?:[A-Z][\w'’.-]+\s+){1,2}[A-Z][\w'’-]+),\s+(?:[\w'’.&-]+,?\s+){0,5}$"
)
# abbreviated ranks and titles ("Maj. Glenn Hall", "Det. Insp. Jones")
_RANKS = titles("rank")  # lexicon/titles.txt
_ABBREVIATIONS = HONORIFICS | _RANKS | {"st", "jr", "sr"}
_PRONOUN = re.compile(r"^(?:he|she|they)$", re.IGNORECASE)
_DESCRIPTIVE = re.compile(r"^(?:the|an?)\s", re.IGNORECASE)
# a paragraph whose last quotation closes near its end ('"...," he said.', '... "."')
_QUOTE_ENDS = re.compile(r"[\"”][^\"“”\n]{0,140}$")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One quotation in one article, before merging across outlets."""

    article_id: str
    start: int  # offset of the quoted text (inside the marks)
    end: int
    text: str
    speaker: str | None
    role: str | None
    # the attribution right next to the quote names or describes the speaker ("Patino
    # said", "the hospital said"): this span's speaker beats another outlet's
    named: bool = False
    # how the speaker was found (an :data:`~newsdesk.model.Attribution`); None: no speaker
    how: Attribution | None = None
    # the rule that decided the speaker, or the unnamed source when it gave no speaker:
    # an attribution rule's name ("named_speaker", "same_paragraph"), "document_author" or
    # "profile_subject" (steps after the rules), or "learned ranker" when the ranker filled
    # the gap the rules left (see :func:`attribution_rules`); None when nothing answered.
    # Not part of the brief's output: it scores each rule in ``newsdesk eval analysis``
    rule: str | None = None


def _spans(text: str) -> list[tuple[int, int]]:
    """Inner spans of quotations, straight or curly, continuing over open paragraphs."""
    out: list[tuple[int, int]] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "“" or (ch == '"' and (i == 0 or not text[i - 1].isalnum())):
            close = "”" if ch == "“" else '"'
            j = i + 1
            start = j
            while j < n:
                c = text[j]
                if c == close or c == "”" or (close == "”" and c in '"\ufffd'):
                    # "\ufffd": a closing mark lost to a bad encoding ("…�? said"); a
                    # straight mark closed by a curly one ("...,” Sarah Murphy said")
                    break
                if text.startswith("\n\n", j) or (c == "\n" and text[j + 1 : j + 2] in ('"', "“")):
                    # paragraph left open: continue only if the next paragraph reopens
                    k = j
                    while k < n and text[k].isspace():
                        k += 1
                    if k < n and text[k] in ('"', "“"):
                        j = k + 1
                        continue
                    break
                j += 1
            end = j
            if end > start:
                out.append((start, end))
            i = j + 1
            continue
        i += 1
    return out


# a quotation in single marks (British style): opened before a capital, after a space, a
# colon or a paragraph start; closed by a mark right after its own punctuation
_SINGLE = re.compile(
    r"(?:(?<=^)|(?<=[\s:(—]))['‘](?=[A-Z])"
    r"((?:[^'‘’\"“”\n]|(?<=\w)['’](?=\w)){8,600}?[.,!?])['’](?=[\s)—-]|$)"
    # or mid-sentence, after a space, three words at least: "suffering 'blows from the
    # resistance forces,' and"
    r"|(?<=\s)['‘](?=[a-z])((?:[^'‘’\"“”\n]|(?<=\w)['’](?=\w)){8,600}?\s\S+\s\S+[.,!?])['’]"
    r"(?=[\s)—-]|$)"
)


# a paragraph that introduces a statement set off below it without quotation marks: its
# last sentence speaks ("Bill Richard released a statement saying:", "She said,")
_INTRODUCES_BLOCK = re.compile(
    rf"(?:\b(?:{_VERBS}|statement|message|letter|post|reads|read)\b[^.!?\n\"“”]*:|"
    rf"\b(?:{speech_verb_pattern('block')}),)\s*$"
)
_BLOCK_MIN_WORDS = 8


def _block_spans(text: str, quoted: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Statements set off as a paragraph of their own without quotation marks, after a
    paragraph that introduces them ("... released a statement saying:" then "My dear son
    Martin has died ..."): the one paragraph, when it is prose (ends a sentence, has no
    quotation in it)."""
    out: list[tuple[int, int]] = []
    for m in re.finditer(r"\n\s*\n", text):
        start = m.end()
        para_end = text.find("\n", start)
        end = len(text) if para_end < 0 else para_end
        body = text[start:end].rstrip()
        end = start + len(body)
        intro = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        if (
            len(body.split()) >= _BLOCK_MIN_WORDS
            and body[-1:] in ".!?"
            and not re.search('["“”]', body)
            and not any(a < end and start < b for a, b in quoted)
            and _INTRODUCES_BLOCK.search(intro)
        ):
            out.append((start, end))
    return out


def _single_spans(text: str, double: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Quotations in single marks that no double-marked quotation contains (those are
    quotes within quotes): 'We don't take ourselves too seriously,' said Marcy."""
    out = []
    for m in _SINGLE.finditer(text):
        a, b = m.span(1) if m.group(1) is not None else m.span(2)
        if not any(x - 1 <= a and b <= y + 1 for x, y in double):
            out.append((a, b))
    return out


def _clean_name(raw: str) -> str:
    # a name never runs over a sentence end ("Khalid Abu Bakar. Kim Chol is ...")
    name = raw.strip()
    for m in re.finditer(r"(\w+)\.\s", name):
        if len(m.group(1)) > 1 and m.group(1).lower() not in _ABBREVIATIONS:
            name = name[: m.start(1) + len(m.group(1))]
            break
    name = name.strip().strip(",.")
    # "said detective Joe Coffey Monday": the day is when, not part of the name
    name = re.sub(r"\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day$", "", name)
    return re.sub(r"['’]s$", "", name)


_AGE = re.compile(r"\d+-years?-old")
# role words that name no office, so not in ROLE_WORDS, yet come before a name
_EXTRA_ROLES = titles("lead")
_ROLE_LEADS = _EXTRA_ROLES | _RANKS | HONORIFICS
# words before a name that are no role word leading it ("Bank of America", "de Blasio")
_ROLE_STOPS = frozenset(name_words("role_stop"))  # lexicon/name_words.txt


_ROLE_MODIFIERS = titles("modifier")
# words opening a clause before a name ("When prosecutor Seth Goldman asked ...")
_CLAUSE_OPENERS = frozenset(
    "When As After Before While If Because Although Though Since Until Once But And Then "
    "Meanwhile Later Earlier".split()
)


def _split_role(name: str) -> tuple[str, str | None]:
    """'Ecuadorian Foreign Minister Ricardo Patino' → ('Ricardo Patino', 'Ecuadorian ...')."""
    toks = name.split()
    while len(toks) > 1 and toks[0] in _CLAUSE_OPENERS:
        toks = toks[1:]  # "When prosecutor Seth Goldman asked": "When" is no role
    if toks[-1].lower() in ORG_SUFFIXES:
        return name, None
    k = 0
    while (
        k < len(toks) - 1
        and (
            toks[k].lower().strip(".") in ROLE_WORDS | HONORIFICS | _RANKS
            or toks[k][:1].islower()
            or _AGE.fullmatch(toks[k]) is not None
            or toks[k].lower() in _ROLE_MODIFIERS  # "Former Doctor Colin Baker" opening a sentence
            or (toks[k].lower().strip(".") in SPELLED_TITLES and len(toks) - k >= 3)
            or (
                toks[k][:1].isupper()
                and toks[k + 1][:1].islower()
                and any(t[:1].isupper() for t in toks[k + 1 :])
            )
            or (
                toks[k].endswith(("ian", "ish", "ese", "an"))
                and toks[k][:1].isupper()
                and toks[k + 1].lower() in ROLE_WORDS
            )
            or (
                # "Deputy District Attorney Lowell Anger", "Deputy Police Chief Mark Lee":
                # a word of the title before its last role word, then a full name
                k > 0
                and toks[k][:1].isupper()
                and toks[k + 1].lower().strip(".") in ROLE_WORDS
                and len(toks) - k >= 4
            )
        )
    ):
        k += 1
    if k == 0:
        # "Rite Aid spokesman Peter Strella": an organisation, a role word, then the name;
        # "National Geographic explorer Ryan Carney", "Alaska Sen. Lisa Murkowski", "KIRO
        # Radio's Tom Tangney": a lowercase word, a title or a possessive before a full name
        low = [
            i
            for i, t in enumerate(toks[:-1])
            if t.lower().rstrip(".") in ROLE_WORDS
            or (
                i <= len(toks) - 3
                and (
                    t.lower().strip(".") in _ROLE_LEADS
                    or re.fullmatch(r"[a-z][\w-]*|\S+['’]s?|[A-Z][a-z]+-[A-Z][a-z]+", t)
                )
                and t not in _ROLE_STOPS
            )
        ]
        if not low or not all(t[:1].isupper() for t in toks[low[-1] + 1 :]):
            return name, None
        k = low[-1] + 1
    if toks[k - 1] in _TITLE_JOINERS:
        return name, None  # "Bank of America": one name
    # a title written short is spelled out ("Alaska Sen." → "Alaska senator"), "Mr." and
    # an age are no role, nor is a possessive's "'s" ("KIRO Radio's Tom Tangney")
    words = [t.lower().strip(".") for t in toks[:k]]
    role = " ".join(
        _TITLE_ABBREVIATIONS.get(w, t)
        for w, t in zip(words, toks[:k], strict=True)
        if (w in _TITLE_ABBREVIATIONS or w not in HONORIFICS) and not _AGE.fullmatch(t)
    )
    role = re.sub(r"['’]s?$", "", role)
    if re.match(r"(?:the|an?)\s", role, re.IGNORECASE) and not any(
        w in ROLE_WORDS or w in _ROLE_LEADS or w in SPELLED_TITLES for w in words
    ):
        role = ""  # "a tearful Charlie Kafoury": how they looked, not who they are
    return " ".join(toks[k:]), role or None


_DOCS = (
    r"(?:report|study|survey|statement|release|notice|memo|filing|complaint|lawsuit|letter|"
    r"analysis|email|e-mail|message)"
)
_DOC_VERB = f"(?:{speech_verb_pattern('document')})"
# '," according to the iSight report.' / '," the report reads.' after the quote
_DOC_AFTER = re.compile(
    r"^[\s,.:;?!—–-]*(?:(?P<acc>according\s+to\s+)?(?:the|a|an|its|their|"
    # '," Willoughby's letter continued': the writer owns it
    r"(?P<owner>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2})['’]s)\s+"
    r"(?:latest\s+|new\s+)?(?P<name>(?:[\w'’.&-]*[A-Z][\w'’.&-]*\s+){1,3})?"
    rf"(?P<doc>{_DOCS})\b(?P<verb>\s+{_DOC_VERB}\b)?)"
)


_DOC_BY = re.compile(
    r"\s+(?:from|(?:released|issued|put\s+out|sent)\s+by|by)\s+(?:the\s+[a-z]+,\s+)?"
    r"((?:the\s+)?[A-Z][\w'’.&-]*(?:\s+(?:of\s+|for\s+)?[A-Z][\w'’.&-]*)*)"
)
_ISSUED = re.compile(
    r"\s*(?:,[^,\"“”]{1,60},\s*)?(?:said\s+in|released|issued|put\s+out|sent|posted)\s+"
    r"(?:a|an|its|their|the)\s+(?:[\w-]+\s+)?(?:statement|release|notice)\b"
)
_STATEMENTS = ("statement", "release", "notice")


@functools.cache
def _wrote(kind: str) -> re.Pattern[str]:
    """After a name: 'Goddard — who produced "Hair" — allegedly sent the teen a disturbing
    email', 'Arias filed a lawsuit': the writer of the document of ``kind``."""
    return re.compile(
        r"\s*(?:—[^—\n]{1,160}—\s*|,[^,\n]{1,60},\s*)?(?:[a-z]+ly\s+)?"
        r"(?:sent|wrote|penned|filed|posted|issued|released|published|put\s+out)\s+"
        r"(?:[\w'’-]+\s+){0,3}?(?:a|an|its|their|his|her|the)\s+(?:[\w-]+\s+){0,2}?"
        rf"{kind}s?\b"
    )


# a subject who wrote or issued something whose words may follow ("penned a letter",
# "released a statement on her website")
_WROTE_ANY = _wrote(r"(?:letter|statement|message|note|post|e-?mail|tweet)")


@functools.cache
def _sent_from(kind: str) -> re.Pattern[str]:
    """'an email allegedly from ', 'a statement from the network, ' before a name."""
    return re.compile(
        rf"\b{kind}s?\s+(?:[a-z]+\s+)?(?:from|by|(?:sent|written|released|issued)\s+by)\s+"
        # "released by spokesman Captain Benjamin Rutland": a title before the name
        r"(?:the\s+[a-z]+,\s+|[a-z]+\s+(?=[A-Z]))?(?:[A-Z][a-z]+\.?\s+)?$"
    )


def _document_author(text: str, start: int, persons: Sequence[RawMention], kind: str) -> str | None:
    """Who wrote the document of ``kind`` a quote is read from ("the statement said", "the
    email said"), when the text before it says ("Southern Cross Austereo said in a
    statement", "a statement from the network, Southern Cross Austereo", "an email
    allegedly from Goddard"): the last such name within a few paragraphs."""
    sent_from = _sent_from(kind)
    found = [
        m
        for m in persons
        if m.end <= start
        and start - m.end < 800
        and (
            (kind in _STATEMENTS and _ISSUED.match(text, m.end, m.end + 120))
            or sent_from.search(text, max(0, m.start - 80), m.start)
            or _wrote(kind).match(text, m.end, m.end + 240)
        )
    ]
    return found[-1].key if found else None


def _document_source(text: str, end: int, named: dict[str, str]) -> tuple[str | None, str | None]:
    """Whether a document speaks the quote ending at ``end`` ('," according to the iSight
    report', '," the report reads'), and who wrote it: the capitalised name before the
    document's noun, else the last document of that kind the article named (``named``,
    updated here). Returns (author or None, the document as written) or (None, None)."""
    after = text[end + 1 : end + 160]
    m = _DOC_AFTER.match(after)
    by = _DOC_BY.match(after, m.end()) if m else None
    if not m or not (m.group("acc") or m.group("verb") or by):
        return None, None
    kind = m.group("doc")
    phrase = re.sub(r"^[\s,.:;?!—–-]*(?:according\s+to\s+)?", "", m.group(0))
    phrase = re.sub(rf"\s+{_DOC_VERB}$", "", phrase)
    if m.group("owner"):
        named[kind] = _clean_name(m.group("owner"))
    elif m.group("name"):
        named[kind] = _clean_name(m.group("name"))
    elif by:
        # "the statement from the network, Southern Cross Austereo", "a statement released
        # by the Department of Defense"
        named[kind] = _clean_name(re.sub(r"^the\s+", "", by.group(1)))
    return named.get(kind), phrase


def _find_speaker_later(text: str, end: int) -> bool:
    """Whether the quote's own sentence attributes words after it ("... ," he said); a
    sentence after it is the narrator's ('“...” Police quickly responded')."""
    rest = text[end : text.find("\n", end) if "\n" in text[end:] else len(text)]
    if text[end - 1 : end] in (".", "!", "?") and re.match(r"[\"”’']?\s+[A-Z]", rest):
        return False  # the quote ended its sentence
    rest = re.split(r"(?<=[.!?])[\"”’']?\s+(?=[A-Z])", rest, maxsplit=1)[0]
    return bool(re.search(rf"\b{_VERBS}\b", rest))


def _drop_affiliation(name: str) -> str:
    """'Jeff Sessions of Alabama' → 'Jeff Sessions': a person's "of ..." is where they come
    from, not their name ("Bank of America" keeps it: no first name leads it)."""
    m = re.match(r"^(\S+(?:\s+\S+)*?)\s+of\s+(?:the\s+)?[A-Z]", name)
    if m and " " in m.group(1) and _is_given(name):
        return m.group(1)
    return name


def _is_given(name: str) -> bool:
    """Whether ``name`` opens with a known first name."""
    return name.split()[0] in given_names()


# "I'll say, “...”", "We said": the narrator or the speaker themselves, not a name
_NOT_A_SPEAKER = re.compile(r"^(?:I|We|You|It)(?:['’][a-z]+)?$|^[A-Z][a-z]{1,4}\.$")
# a pronoun or plural that opens a sentence and speaks for no one named ("One said:",
# "Witnesses said"): an unnamed source
_UNNAMED_WORD = re.compile(
    r"^(?:One|Someone|Everyone|Everybody|Others|Some|Many|Most|Both|Witnesses|Residents|"
    r"Neighbou?rs|Locals|Onlookers|Bystanders|Survivors|Critics|Protesters|Experts|Police|"
    r"Officials|Authorities|Investigators|Prosecutors|Officers|Detectives|Firefighters|"
    r"Paramedics|Doctors|Sources|Diplomats|Analysts|Observers|Scientists|Researchers)$"
)
# a sentence whose subject is unnamed people who speak ("Police sources also told the
# News that", "Officials said the")
_UNNAMED_SUBJECT = re.compile(
    rf"((?:[A-Z][\w.'’-]*\s+)?(?:[A-Z]?[a-z]+\s+)?{_CROWD})\s+"
    rf"(?:[a-z]+\s+)?{_VERBS}\b[^\"“”.!?]*$"
)
# someone described by where they are ("one woman in Qeshm", "a man from Hama"): unnamed
_UNNAMED_FROM = re.compile(
    r"^(?:an?|one)\s+(?:[a-z][\w-]*\s+){1,3}?(?:in|from|at|near|outside)\s+"
    r"(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*$"
)
# a name followed by where they work ("Sue O'Connor from the Australian National
# University", "Conor Lloyd spokesperson for Red River College"): the name alone
_NAME_THEN_AFFILIATION = re.compile(
    r"^((?:[A-Z][\w'’.-]+\s+){1,3}?[A-Z][\w'’-]+)\s+(?:from\s+(?:the\s+)?[A-Z]|"
    r"(?:[a-z]+\s+){1,2}(?:for|at|of)\s+(?:the\s+)?[A-Z])"
)


def _find_speaker(text: str, start: int, end: int) -> str | None:
    """The raw attribution next to the quote at ``text[start:end]``, or None."""
    raw = _attribution_next_to(text, start, end)
    if raw is None or _NOT_A_SPEAKER.match(raw):
        return None
    m = _NAME_THEN_AFFILIATION.match(raw)
    return m.group(1) if m and not _DESCRIPTIVE.match(raw) else raw


def _attribution_next_to(text: str, start: int, end: int) -> str | None:
    """The attribution as written next to the quote at ``text[start:end]``, or None."""
    skip = 2 if text.startswith("\ufffd?", end) else 1  # a mark lost to a bad encoding
    after = text[end + skip : end + 160]
    after = _TITLE_QUOTED.sub(_masked_title, after.split("\n\n", 1)[0])
    # '... of "killings and arrests". But Al-Watan said': the sentence ended after the
    # quote, so what follows attributes something else
    closed = re.match(r"^\s*[.!?]\s", after) is not None
    if not closed:
        found = _attribution_after(after)
        if found is not None:
            return found
    para_start = text.rfind("\n", 0, start) + 1
    before = text[max(para_start, start - 200) : start - 1]
    m = None if closed else _AFTER_CLAUSE.match(after)
    if m and not (
        _BEFORE_COLON.search(before)
        or _BEFORE_NAME_VERB.search(before)
        or _BEFORE_DESCRIBED_VERB.search(text, max(para_start, start - 200), start - 1)
    ):
        # '“We were refusing to accept” that she was gone, Lampman said.'; but 'When the
        # driver yelled, “Don’t move!” it clicked ..., she said' quotes the driver
        return _clean_name(m.group(1) or m.group(2)) if not m.group(3) else m.group(3)
    m = (
        _BEFORE_COLON.search(before)
        or _BEFORE_NAME_VERB.search(before)
        or _BEFORE_CALLED.search(before)
        or _BEFORE_ACCORDING.search(before)
    )
    if m:
        return _attribution_before(before, m)
    if para_start >= start - 60:
        m = _BEFORE_BARE.match(before)
        if m:
            return m.group(1)
    return None


def _attribution_after(after: str) -> str | None:
    """The attribution written right after a quote whose sentence goes on (``after``: the
    text after its closing mark, quoted titles masked), or None."""
    quoted_as = _AFTER_QUOTED_AS.match(after)
    if quoted_as:
        return _clean_name(quoted_as.group(1))  # '" the source quoted Sa'ar as saying'
    kin = _AFTER_POSSESSIVE_APPOSED.match(after)
    if kin:
        return f"{kin.group(1)} {kin.group(2)}"  # split into role and name by _split_role
    for pat in (_AFTER_ACCORDING, _AFTER_NAME_VERB, _AFTER_VERB_NAME):
        m = pat.match(after)
        if m and re.match(r"\s*:", after[m.end() :]) and pat is not _AFTER_ACCORDING:
            # '"..." The 44-year-old IT manager added: "...': it introduces the next quote
            m = None
        if (
            m
            and pat is _AFTER_NAME_VERB
            and m.group("open")
            and not re.fullmatch(r"(?:[A-Z][\w'’.-]*\s+)+[A-Z][\w'’-]*", m.group(1))
        ):
            # '" scenario by the Red Sox, a source said': only a name in full has an
            # apposition that lacks its closing comma ("Fares Ghanem, a hospital official told")
            m = None
        if m and _ORDERED.match(after, m.end()):
            # '“...” The officer told Mr. Pinder to get everyone in the basement': an order
            # the next sentence reports, not who said the quote
            m = None
        if m:
            return _name_after(after, m, named_first=pat is _AFTER_NAME_VERB)
    return None


def _name_after(after: str, m: re.Match[str], named_first: bool) -> str:
    """The speaker an attribution after the quote names (``m``: its match; ``named_first``:
    the name comes before the verb), or the description that speaks."""
    name = m.group(1)
    if _DESCRIPTIVE.match(name) or re.match(r"(?:[Hh]is|[Hh]er|[Tt]heir)\s", name):
        # '" the Sun's royal editor, Duncan Larcombe, said': the name in apposition
        # ('," said her nephew, Ravi Singh, 32')
        appo = _APPOSED_NAME.match(after[m.end(1) :])
        if appo:
            return _clean_name(appo.group(1))
    if not named_first and not re.search(r"[A-Z]", name):
        # '," wrote the chairman, Simon Glenarthur': the name in apposition
        appo = _APPOSED_NAME.match(after[m.end(1) :])
        if appo:
            return _clean_name(appo.group(1))
        # "the official account of the Foreign Office": keep the whole phrase (a
        # named person's "of the Field Museum" is an affiliation, not the name)
        ext = _OF_NAME.match(after[m.end(1) :])
        if ext:
            name += ext.group(0)
    return _clean_name(name)


def _attribution_before(before: str, m: re.Match[str]) -> str:
    """The speaker an attribution before the quote names (``before``: the paragraph's text
    up to the quote; ``m``: the attribution found in it), or the one speaking for them."""
    cap = re.search(r"[A-Z]", m.group(1))
    agent = _AGENT_OF.search(before, 0, m.start(1) + cap.start()) if cap else None
    if agent:
        named = _NAMED_AGENT.search(before, 0, agent.start(1))
        if named and _is_given(named.group(1)):
            # "Jerry Strickland, a spokesman for Texas Attorney General Greg Abbott told
            # TIME:": the spokesman is named
            return named.group(1)
        # "A spokesman for Prime Minister David Cameron said": the spokesman speaks
        return _clean_name(before[agent.start(1) : m.end(1)])
    titled = _NAME_THEN_TITLE.search(before, 0, m.start(1))
    title = before[titled.end(1) : m.end(1)].lower() if titled else ""
    if (
        titled
        and _is_given(titled.group(1))
        and not _is_given(m.group(1))
        and ROLE_WORDS.intersection(re.findall(r"[a-z]+", title))
    ):
        # "Charlotte Moore, Controller BBC One says:": her title, not a second speaker
        return titled.group(1)
    return _clean_name(m.group(1))


_NEXT_PRONOUN = re.compile(r"^\s+(?:\w+\s+){0,2}?(he|his|him|she|her)\b")
_LATER_PRONOUN = re.compile(r"\b(he|his|him|she|her)\b")
_SENT_STOP = re.compile(r"[.!?][\"”’']?\s|[\"“”]|\n")


# "her father, William Campbell" / "William Campbell, her father": his sex, told
_RELATIVE_BEFORE = re.compile(
    rf"\b(?:[Hh]is|[Hh]er|[Tt]heir|['’]s)\s+(?:[\w-]+\s+)?({KIN_NOUNS}),?\s+$"
)
# "the daughter of another industry icon ": the name next is her relative
_KIN_OF = re.compile(rf"\b(?:{KIN_NOUNS})\s+of\s+(?:[a-z][\w-]*\s+){{0,3}}$")
_RELATIVE_AFTER = re.compile(rf",\s+(?:his|her|their|the)\s+(?:[\w-]+\s+)?({KIN_NOUNS})\b")


def _genders(text: str, persons: Sequence[RawMention]) -> dict[str, str]:
    """'m' or 'f' for names a relative's noun next to them gives ("her father, William
    Campbell"), else whose own sentences say so ("Unruh said her son", "Spacey stuck his
    hand"), by majority, else by a first name far likelier for one sex ("Jane Marshall",
    "his girlfriend, Amber"); names with none of these are left out. Keyed by the name as
    found and by its surname when everyone found with that surname agrees (a family
    story's "Autumn Veatch" and "David Veatch" leave "Veatch" to its own sentences)."""
    tally: dict[str, list[int]] = {}
    kin: dict[str, str] = {}
    starts = sorted(m.start for m in persons if m.kind == "person")
    for m in persons:
        # "Her father, William Campbell, said she ...": the relative's noun says it
        noun = _RELATIVE_BEFORE.search(
            text, max(0, m.start - 30), m.start
        ) or _RELATIVE_AFTER.match(text, m.end, m.end + 40)
        if noun and m.kind == "person":
            kin[m.key] = "f" if noun.group(1).lower() in FEMALE_KIN else "m"
        g = _NEXT_PRONOUN.match(text[m.end : m.end + 40])
        v = _VERB_AFTER.match(text[m.end : m.end + 120]) if g is None else None
        if v and m.kind == "person":
            # what a person said is mostly about themselves: the first pronoun in the
            # reported clause, with no one else named before it ("Mina Magdy, a Christian,
            # said gains ... encouraged him to vote")
            lo = m.end + v.end()
            stop = _SENT_STOP.search(text, lo, lo + 200)
            hi = stop.start() if stop else min(len(text), lo + 200)
            nxt = next((s for s in starts if lo <= s < hi), hi)
            g = _LATER_PRONOUN.search(text, lo, nxt)
        if g:
            t = tally.setdefault(m.key, [0, 0])
            t[0 if g.group(1) in ("he", "his", "him") else 1] += 1
    out = {k: ("m" if a > b else "f") for k, (a, b) in tally.items() if a != b}
    out.update(kin)
    male, female = first_names()
    # a bare name that is no one's surname here is a given name ("his girlfriend, Amber")
    surnames = {m.key.split()[-1] for m in persons if m.kind == "person" and " " in m.key}
    for m in persons:
        toks = m.key.split()
        if m.kind != "person" or m.key in out or (len(toks) == 1 and toks[0] in surnames):
            continue
        if toks[0] in male:
            out[m.key] = "m"
        elif toks[0] in female:
            out[m.key] = "f"
    by_surname: dict[str, set[str]] = {}
    for key, sex in out.items():
        by_surname.setdefault(key.split()[-1], set()).add(sex)
    for surname, gs in by_surname.items():
        if surname not in out and len(gs) == 1:
            out[surname] = gs.pop()
    return out


def _gender_of(name: str, genders: dict[str, str]) -> str | None:
    return genders.get(name) or genders.get(name.split()[-1])


# a country's body named by its demonym or place: "the Syrian foreign ministry"
_STATE_BODY = re.compile(
    r"^[Tt]he\s+(?:[A-Z][a-z]+an|[A-Z][a-z]+ese|[A-Z][a-z]+i|[A-Z][a-z]+ish|[A-Z]\.[A-Z]\.)"
    rf"\s+(?:[a-z]+\s+)?(?:{'|'.join(sorted(name_heads('state_body')))})$"
)
_LISTENER = re.compile(
    rf"\b(?:{speech_verb_pattern('object')}|(?:interview|spoke|speaking|talking)\s+with)\s+$"
)


def _pronoun_antecedent(
    text: str,
    start: int,
    persons: Sequence[RawMention],
    last: tuple[int, str] | None,
    pronoun: str,
    genders: dict[str, str],
) -> str | None:
    """Who "he"/"she" is: the last speaker if recent, else the first person named in the
    nearest paragraph before the quote that names one (the paragraph's subject); a name
    whose gender is known to differ from the pronoun's is passed over."""
    want = "m" if pronoun.lower() == "he" else "f"

    def fits(name: str) -> bool:
        return _gender_of(name, genders) in (None, want)

    # the one told or asked ('she told Vanity Fair') listens: not who "she" is
    persons = [m for m in persons if not _LISTENER.search(text, max(0, m.start - 24), m.start)]

    para_start = text.rfind("\n", 0, start) + 1
    named_since = any(
        last and last[0] < m.start < start and m.kind == "person" and fits(m.key) for m in persons
    )
    if last and last[0] >= para_start - 400 and fits(last[1]) and not named_since:
        return last[1]
    prior = [
        m
        for m in persons
        if m.end <= start and m.kind == "person" and start - m.end < 700 and fits(m.key)
    ]
    if not prior:
        # nobody named before (an article cut from its top): the one the same paragraph
        # names next ('"Jobs have already started to surge," he said. ... Trump's ...')
        para_end = text.find("\n", start)
        later = [
            m
            for m in persons
            if start < m.start < (para_end if para_end > 0 else len(text))
            and m.kind == "person"
            and fits(m.key)
        ]
        return later[0].key if later else None
    para_of = prior[-1].start
    p0 = text.rfind("\n", 0, para_of) + 1
    if re.match(rf"{pronoun}\b", text[p0:], re.IGNORECASE) and p0 < start:
        # that paragraph is about "she" too ("She wanted people to remember her ... actor
        # Bogart"): its names are objects; who "she" is lies further back
        return _pronoun_antecedent(text, p0, persons, last, pronoun, genders)
    same = [m for m in prior if m.start >= p0]
    # the last grammatical subject of that paragraph ("Patino detailed threats facing
    # Assange..." → Patino), else its first person named
    subjects = [m for m in same if _is_subject(text, m)]
    if subjects:
        return subjects[-1].key
    # a possessive names whose relative or thing acts ("Campbell's mother, Patricia, spoke")
    owners = [m for m in same if text.startswith(("'s", "’s"), m.end)]
    acting = [m for m in same if m not in owners]
    return (acting or same)[0].key if same else prior[-1].key


def _unnamed_antecedent(
    text: str,
    start: int,
    persons: Sequence[RawMention],
    last: tuple[int, str] | None,
    pronoun: str,
    genders: dict[str, str],
) -> str | None:
    """The unnamed source "he"/"she" is, as its description ("a France Telecom
    spokeswoman"), when one of that sex was last said to speak before the quote, after the
    last speaker and every person named since who could be "she"; else None."""
    want = "m" if pronoun.lower() == "he" else "f"
    found = None
    for m in _UNNAMED_SPEAKING.finditer(text, max(0, start - 700), start):
        # who speaks in the main clause, not one reported ("Unruh said the woman told")
        main = _MAIN_CLAUSE_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if main and (
            m.group("either") or ("f" if _FEMALE_NOUN.search(m.group(2)) else "m") == want
        ):
            found = m
    if found is not None and _described(text, found.group(1), found.start(), persons):
        found = None  # "the friend" is "Mike Pascale, a childhood friend"
    if found is None or (last is not None and last[0] > found.start()):
        return None
    if _could_be_named(persons, found.end(), start, want, genders):
        return None
    return _lower_lead(found.group(1))


def _could_be_named(
    persons: Sequence[RawMention], lo: int, hi: int, sex: str, genders: dict[str, str]
) -> bool:
    """Whether a person who could be "he" (``sex`` "m") or "she" is named in [lo, hi)."""
    return any(
        p.kind == "person" and lo <= p.start < hi and _gender_of(p.key, genders) in (None, sex)
        for p in persons
    )


# "man" a word of its own (a "woman" is no man), the rest an ending too ("grandfather"),
# except in a "-person" ("a spokesperson" has no sex)
_MALE_NOUN = re.compile(
    rf"(?:\bman|(?<!per)(?:{'|'.join(sorted(titles('male_end')))}))$"  # titles.txt
)


def _unnamed_pronoun(
    text: str,
    unnamed: tuple[int, str],
    start: int,
    persons: Sequence[RawMention],
    pronoun: str,
    genders: dict[str, str],
) -> str | None:
    """The unnamed source last quoted (``unnamed``: its quote's end and description) when
    "he"/"she" can be them: an indefinite description ("a senior officer") of that sex or
    neither, quoted within a few paragraphs, and no one named since who could be them."""
    end, role = unnamed
    if re.match(r"(?:the|his|her|their)\s", role, re.IGNORECASE):
        return None  # "the orphaned teenager" may be one named before: "she" finds her
    want = "m" if pronoun.lower() == "he" else "f"
    sex = "f" if _FEMALE_NOUN.search(role) else "m" if _MALE_NOUN.search(role) else None
    if sex not in (None, want) or start - end > 600:
        return None
    return None if _could_be_named(persons, end, start, want, genders) else role


# a phrase that sets the scene before a sentence's subject: "within days, ", "On Friday, ",
# "While offering his congratulations to Hansbrough, "
_LEAD_PHRASE = r"(?:[\w'’-]+\s+){0,7}[\w'’-]+,\s+"
# a sentence start, then at most a few capitalised words (a title: "Foreign Minister")
_SENTENCE_START = re.compile(
    rf"(?:^|[.!?][\"”’']?\s+|\n)(?:{_SENTENCE_ADVERBS},?\s+)?(?:{_LEAD_PHRASE})?"
    rf"(?:[A-Z][\w.'’-]*\s+){{0,4}}$"
)
# a verb or an apposition next, after a party or a place in brackets ("Diane Savino (D-SI)")
# ("Smith and Jones", "Smith, Jones or Brown": a list, not one who acts)
_AFTER_SUBJECT = re.compile(r"^(?:\s*\([^()\n]{1,30}\))?(?:,|\s+(?!(?:and|or|nor)\b)[a-z]+)")


def _is_subject(text: str, m: RawMention) -> bool:
    """Whether a name opens its sentence and is followed by a verb or an apposition, not a
    possessive ("Assange's fear" is not Assange acting)."""
    lo = max(0, m.start - 80)
    before = text[lo : m.start] if lo == 0 else "x" + text[lo : m.start]  # "^" only at 0
    return bool(_SENTENCE_START.search(before) and _AFTER_SUBJECT.match(text[m.end : m.end + 20]))


_LAST_SENTENCE = re.compile(r"(?:^|(?<=[.!?:][\"”’'])\s+|(?<=[.!?:])\s+)([A-Z][^.!?]*[.!?:])\s*$")
_BE = re.compile(r"^\s+(?:is|was|were|are|has\s+been|had\s+been)\b")


def _previous_sentence_subject(
    text: str,
    start: int,
    persons: Sequence[RawMention],
    last: tuple[int, str] | None,
    genders: dict[str, str],
) -> str | None:
    """The speaker of an unattributed quote named in the sentence just before it, in the
    same paragraph ("Herman shakes his head. “I'm just saying ...”", "He pauses. “...”"):
    that sentence's subject, a person who acts (not "X was arrested"), or a pronoun that
    resolves to one. None when the quote opens its paragraph or nothing fits."""
    para_start = text.rfind("\n", 0, start) + 1
    before = text[para_start : start - 1]
    m = _LAST_SENTENCE.search(before)
    if not m:
        return None
    s0 = para_start + m.start(1)
    head = re.match(r"(He|She)\b", m.group(1))
    if head:
        if _BE.match(text[s0 + len(head.group(1)) : s0 + 20]):
            return None
        return _pronoun_antecedent(text, s0, persons, last, head.group(1), genders)
    for p in persons:
        if p.start == s0 and p.kind == "person":
            if _BE.match(text[p.end : p.end + 20]) or not _is_subject(text, p):
                return None
            return p.key
    return None


# a speech verb after a name or pronoun ("Glick said", "Herman recalls", "as he puts it")
_VERB_AFTER = re.compile(
    rf"^{_PAREN}\s*(?:,[^,\"“”.]{{1,80}},\s*|,\s*)?{_AUX}(?:{_VERBS}|puts\s+it|put\s+it)\b"
)
# a name after a verb that takes its speaker there (", said Singer,", "according to Young"):
# the verb follows a comma or a quote, so "Young says Conoboy's listing" is Young speaking,
# and "told"/"asked", whose object follows them, are left out
_VERB_BEFORE = re.compile(
    rf"(?:[,\"”’]\s*(?:{speech_verb_pattern('inverted')})|\baccording\s+to)\s+"
    # role words, led by where the speaker works ("said AMR Research analyst Dana Stiffler")
    r"(?:(?:[A-Z][\w.&'’-]*\s+){1,4}(?:[a-z]+\s+){1,2}|(?:[a-z]+\s+){0,2})$"
)
_ORG_VERB_AFTER = re.compile(rf"\s+{_AUX}{_VERBS}\b")
_NOT_SURNAMES = frozenset({"the", "she", "her", "his", "him", "they", "you"}) | frozenset(
    name_words("not_surname")  # lexicon/name_words.txt
)
# a verb of saying in a sentence's own words before a quote ("Smith defended Acosta,
# calling him", "Evans contended"), not an event ("Page went through")
_SPEECH_ACT = re.compile(
    r"\b(?:call|describ|ask|prais|critici[sz]|accus|demand|promis|insist|urg|defend|warn|"
    r"applaud|dismiss|slam|blast|den(?:y|ie)|vow|pledg|argu|claim|sa(?:y|id)|t(?:o|e)ll|"
    r"wr(?:i|o)t|tweet|add|explain|characteri[sz]|concur|contend|repl|respond|recall|"
    r"announc|declar|stat|remark|not(?:e|ing)|suggest|acknowledg|admit|conced|predict|"
    r"complain|quip|joke)\w*"
)
# an attribution set off by commas inside a sentence about someone else: "Nixon resigned
# ... when, one of his key lawyers would later say, it was apparent that “...”"
# a reported clause whose subject goes on speaking: "... that Hiller called 911, saying “"
_REPORTED_SAYING = re.compile(
    r"\b(?:that|said|says)\s+((?:[A-Z][\w'’.-]+\s+){0,2}[A-Z][\w'’-]+)\s+[a-z]+ed\b[^\"“”.;]{0,80},\s+"
    r"saying,?\s*(?:that\s+)?[\"“‘]?$"
)


def _reported_doer(text: str, start: int, persons: Sequence[RawMention]) -> str | None:
    """The person a reported clause is about when the quote at ``start`` goes on from it
    ("Leader told reporters that Hiller called 911, saying “...”": Hiller's words)."""
    m = _REPORTED_SAYING.search(text, _sentence_start(text, start), start)
    if m is None:
        return None
    return next((p.key for p in persons if p.start == m.start(1) and p.kind == "person"), None)


_ASIDE = re.compile(rf",\s+(?:[^,.;:\n]{{1,60}}\s)?(?:{speech_verb_pattern('aside')})\s*,")
_PRONOUN_AT = re.compile(r"\b([Hh]e|[Ss]he)\b")


@dataclass(frozen=True, slots=True)
class _Attribution:
    """Someone said something outside any quotation: "Glick said ...", "according to Young"."""

    start: int
    end: int
    name: str | None  # None: a pronoun, resolved where it is used
    pronoun: str | None = None


def _attributions(
    text: str,
    persons: Sequence[RawMention],
    quoted: Sequence[tuple[int, int]],
    surnames: frozenset[str] = frozenset(),
    titled: Sequence[RawMention] = (),
) -> list[_Attribution]:
    """Speech attributions of the narrator, in text order, outside quotations."""

    def inside(i: int) -> bool:
        return any(a - 1 <= i <= b for a, b in quoted)

    out: list[_Attribution] = []
    for m in persons:
        if inside(m.start) or _AGENT_OF.search(text, max(0, m.start - 100), m.start):
            continue
        if m.kind == "organization":
            # "Nestlé said that ...", but not a person's apposition ("Grassley, the senior
            # Republican on the Senate Judiciary Committee, said")
            if _ORG_VERB_AFTER.match(text, m.end, m.end + 60):
                out.append(_Attribution(m.start, m.end, m.key))
        elif m.kind == "person" and (
            _VERB_AFTER.match(text[m.end : m.end + 120])
            or _VERB_BEFORE.search(text[max(0, m.start - 60) : m.start])
        ):
            out.append(_Attribution(m.start, m.end, m.key))
    # a surname the entity finder passed over at a sentence start ("Young says ...": "young"
    # is a common word)
    names = sorted((n for n in surnames if len(n) >= 3 and n.lower() not in _NOT_SURNAMES), key=len)
    if names:
        covered = {i for m in persons for i in range(m.start, m.end)}
        alt = "|".join(re.escape(n) for n in reversed(names))
        for w in re.finditer(rf"(?<![\w'’-])(?:{alt})\b", text):
            if w.start() in covered or inside(w.start()):
                continue
            if _VERB_AFTER.match(text[w.end() : w.end() + 120]):
                name = w.group(0)
                full = {m.key for m in persons if m.kind == "person" and m.key.split()[-1] == name}
                out.append(_Attribution(w.start(), w.end(), full.pop() if len(full) == 1 else name))
    for p in _PRONOUN_AT.finditer(text):
        if not inside(p.start()) and _VERB_AFTER.match(text[p.end() : p.end() + 120]):
            out.append(_Attribution(p.start(), p.end(), None, p.group(1)))
    # "The pope said he ...": the person the article gave that title
    for d in _TITLE_AT.finditer(text):
        if not inside(d.start()) and _VERB_AFTER.match(text[d.end() : d.end() + 120]):
            who = _titled(d.group(1), d.start(), titled)
            if who:
                out.append(_Attribution(d.start(), d.end(), who))
    return sorted(out, key=lambda a: a.start)


_TITLE_AT = re.compile(r"\b(?:[Tt]he|[Hh]is|[Hh]er)\s+([a-z]+)\b")
# a title written with capitals after "the" ("the District Attorney", "the Pope")
_CAPITAL_TITLE = re.compile(r"[Tt]he\s+((?:[A-Z][a-z]+\s+){0,2}[A-Z][a-z]+(?:-[A-Z][a-z]+)?)")


def _is_title(phrase: str) -> bool:
    """Whether a phrase ends on a title word ("District Attorney", "Secretary-General")."""
    return any(w in ROLE_WORDS for w in phrase.lower().split()[-1].split("-"))


# the title an abbreviation before a name stands for ("Sen. Elizabeth Warren": "the senator")
_TITLE_ABBREVIATIONS = title_abbreviations()  # lexicon/titles.txt, "sen = senator"
_ABBREVIATED_TITLE = re.compile(r"\b([A-Z][a-z]{1,4})\.\s+$")


def _spelled_title(text: str, m: RawMention) -> RawMention:
    """``m`` with the title an abbreviation before it stands for as its role, when it has
    none ("Sen. Elizabeth Warren" is the one "the senator" refers to)."""
    if m.role:
        return m
    abbr = _ABBREVIATED_TITLE.search(text, max(0, m.start - 8), m.start)
    title = _TITLE_ABBREVIATIONS.get(abbr.group(1).lower()) if abbr else None
    return replace(m, role=title) if title else m


def _titled(word: str, before: int, names: Sequence[RawMention]) -> str | None:
    """The person of ``names`` named before ``before`` with the title ``word``, a word or
    a phrase ("the pope" after "Pope Francis", "the district attorney"); of several
    ("President Donald Trump", then "President Barack Obama" in a comparison), the one the
    article names most (the story's president), the last named on a tie. None if the
    title's last word is not a title or nobody has it."""
    if not _is_title(word):
        return None
    named = [
        m
        for m in names
        if m.end <= before
        and m.role
        and f" {word} " in f" {' '.join(m.role.lower().split())} "
        and m.kind != "place"
    ]
    if not named:
        return None
    surnames = Counter(m.key.split()[-1] for m in names)
    best = max(reversed(named), key=lambda m: surnames[m.key.split()[-1]])
    return best.key


# what a definite description is made of: "the hospital", "the 49-year-old father"
_DEFINITE = re.compile(r"^(?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir)\s+(?:[\w'’.-]+\s+){0,2}?([a-z]+)$")
_DESCRIBED_AS = r"(?:a|an|the|his|her|their|its|[A-Z][\w'’.-]*['’]s)"
_DESCRIBED_SPAN = 2000  # how far back the one described may be named


def _described(text: str, raw: str, before: int, persons: Sequence[RawMention]) -> str | None:
    """Who a definite description speaking a quote refers to ("the hospital said", "the
    friend added"): the last organisation named before ``before`` whose name holds the
    noun ("King Edward VII's Hospital"), or the last person the text described with it
    ("Mike Pascale, a childhood friend", "her father, David Veatch"). None if neither is
    named within a few paragraphs: the description stays an unnamed source."""
    m = _DEFINITE.match(raw)
    if not m:
        return None
    noun = m.group(1)
    after = re.compile(rf",\s+{_DESCRIBED_AS}\s+(?:[\w'’-]+\s+){{0,3}}?{noun}\b")
    lead = re.compile(rf"\b{noun},?\s+$", re.IGNORECASE)
    for p in sorted(persons, key=lambda p: p.start, reverse=True):
        if p.end > before:
            continue
        if before - p.end > _DESCRIBED_SPAN:
            break
        if p.kind == "organization" and noun in p.key.lower().split():
            return p.key
        if p.kind in ("person", "organization") and (
            after.match(text, p.end, p.end + 80) or lead.search(text, max(0, p.start - 30), p.start)
        ):
            return p.key
    if noun in _FIRM_NOUNS:
        # "the company said": the firm the article last made a subject ("Neiman Marcus
        # said ...", "Kraft Foods recalled ...")
        acting = [
            p
            for p in persons
            if p.kind == "organization"
            and p.end <= before
            and before - p.end <= _DESCRIBED_SPAN
            and _is_subject(text, p)
        ]
        if acting:
            return acting[-1].key
    return None


_FIRM_NOUNS = frozenset(
    "company firm retailer airline carrier automaker carmaker manufacturer chain bank "
    "insurer network studio broadcaster publisher startup".split()
)
_COMMON_LEAD = re.compile(
    r"^(?:The|A|An|One|Police|Sources|Officials|Authorities|Witnesses|Investigators|"
    r"Prosecutors|Experts|Residents)\b"
)


def _lower_lead(description: str) -> str:
    """A description as it reads mid-sentence: "The friend" → "the friend", "Police sources"
    → "police sources"; a name that leads it stays ("Tesla officials")."""
    return _COMMON_LEAD.sub(lambda m: m.group(0).lower(), description)


# a description that, not naming anyone the article named, introduces an unnamed source
_UNNAMED_HEAD = re.compile(
    rf"\b(?:{'|'.join(sorted(titles('unnamed_head')))})$"  # lexicon/titles.txt
)


def _described_before(
    text: str, start: int, titled: Sequence[RawMention], persons: Sequence[RawMention]
) -> str | None:
    """The description speaking the quote at ``start`` from before it ('The hospital said:
    "'), as "the hospital", if it names someone the article named (see :func:`_titled`
    and :func:`_described`); else None, and the quote's context decides."""
    para_start = text.rfind("\n", 0, start) + 1
    m = _BEFORE_DESCRIBED_VERB.search(text, max(para_start, start - 200), start - 1)
    if not m:
        return None
    raw = m.group(1)[0].lower() + m.group(1)[1:]  # "The hospital" opening a sentence
    head = re.fullmatch(r"the\s+([a-z]+)", raw)
    if (head and _titled(head.group(1), start, titled)) or _described(text, raw, start, persons):
        return raw
    if _UNNAMED_HEAD.search(raw) or raw.split()[-1] in ROLE_WORDS:
        # "The manager said, “", "The church's head minister said, “": someone the article
        # does not name
        return raw
    return None


_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+(?=[\"“‘'A-Z])")


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts (bounded by its paragraph)."""
    para_start = text.rfind("\n", 0, pos) + 1
    last = para_start
    for m in _SENTENCE_END.finditer(text, para_start, pos):
        word = re.search(r"(\w+)[.!?]\S*\s+$", text[max(para_start, m.start() - 12) : m.end()])
        if word and (len(word.group(1)) == 1 or word.group(1).lower() in _ABBREVIATIONS):
            # "U.S. Department", "Sen. Diane Savino": not a sentence end
            continue
        last = m.end()
    return last


@dataclass(slots=True)
class _Article:
    """What every quotation of one article is read against, and what the quotations read
    so far leave to the next: the last speaker, the last unnamed source, the documents
    named, the quotes kept."""

    aid: str
    text: str  # the article's text, quotation marks typeset
    # the names that may speak, none inside a quotation
    persons: list[RawMention]
    genders: dict[str, str]
    quoted: list[tuple[int, int]]
    not_people: set[str]
    # every name but places, a title spelled out as its role (see _spelled_title)
    titled: list[RawMention]
    attributions: list[_Attribution]
    out: list[QuoteSpan] = field(default_factory=list)
    last_speaker: tuple[int, str] | None = None
    # the last quote given to an unnamed source: (its end, the source's description)
    last_unnamed: tuple[int, str] | None = None
    documents_named: dict[str, str] = field(default_factory=dict)

    def said_in(self, lo: int, hi: int) -> str | None:
        """The speaker of the first attribution in ``text[lo:hi]``."""
        for a in self.attributions:
            if lo <= a.start and a.end <= hi:
                if a.name is not None:
                    return a.name
                assert a.pronoun is not None
                return _pronoun_antecedent(
                    self.text, a.start, self.persons, self.last_speaker, a.pronoun, self.genders
                )
        return None


def _speaking_names(
    text: str, mentions: Sequence[RawMention], people: set[str] | frozenset[str]
) -> list[RawMention]:
    """The mentions that may speak, in text order: people and organisations, a bare name
    of ``people`` as a person, and a name of no known kind that says something."""
    persons = [
        m if m.kind != "other" or m.key not in people else replace(m, kind="person")
        for m in mentions
        if m.kind in ("person", "organization") or m.key in people
    ]
    # a name of no known kind that says something ("Nestlé said that ...") is a speaker: a
    # person if it is the given name of someone named in full ("Linda recalls"), else an
    # organisation
    given = {m.key.split()[0] for m in mentions if m.kind == "person" and " " in m.key}
    persons += [
        replace(m, kind="person" if m.key in given else "organization")
        for m in mentions
        if m.kind == "other"
        and m.key not in people
        and " " not in m.key
        and not _NOT_A_SPEAKER.match(m.key)
        and not _UNNAMED_WORD.match(m.key)  # "Police said": unnamed
        and _ORG_VERB_AFTER.match(text, m.end, m.end + 60)
    ]
    persons.sort(key=lambda m: m.start)
    return persons


def _article(doc: Document, mentions: Sequence[RawMention], surnames: frozenset[str]) -> _Article:
    """One article made ready for its quotations to be attributed."""
    text = typeset_quotes(doc.article.text)  # ''...'' read as “...”, offsets kept
    # a bare surname is a person when this article or another names them in full, or gives
    # them a title ("Pope Francis": "Francis also prayed")
    own = {m.key.split()[-1] for m in mentions if m.kind == "person" and (" " in m.key or m.role)}
    persons = _speaking_names(text, mentions, own | surnames)
    genders = _genders(text, persons)
    quoted = _spans(text)
    quoted = sorted(quoted + _single_spans(text, quoted))
    quoted = sorted(quoted + _block_spans(text, quoted))
    # names inside quotations are not antecedents for the narrator's "he said"
    persons = [m for m in persons if not any(a <= m.start < b for a, b in quoted)]
    not_people = {m.key for m in mentions if m.kind in ("organization", "place")}
    # people given a title ("Pope Francis", "Chairman Simon Glenarthur"), for "the pope said",
    # among every name (how often each is named tells the story's "president")
    titled = [_spelled_title(text, m) for m in mentions if m.kind != "place"]
    attributions = _attributions(text, persons, quoted, frozenset(surnames | own), titled)
    return _Article(
        doc.article.id, text, persons, genders, quoted, not_people, titled, attributions
    )


@dataclass(slots=True)
class _Quotation:
    """One quotation being attributed: what is written next to it, then the speaker or the
    unnamed source's description the rules find."""

    start: int
    end: int
    # the unnamed source quoted since the last named speaker, if any
    unnamed: tuple[int, str] | None
    author: str | None  # the named author of the document that speaks it
    document: str | None  # the document that speaks it, as written ("the iSight report")
    raw: str | None  # the attribution as written next to it ("Patino", "he", "the hospital")
    speaker: str | None = None
    role: str | None = None
    # how the sentence holding a partial quote gives its speaker, when it does
    in_sentence: Attribution | None = None
    # for the context rules: where the quote's sentence starts, and the line break before
    # the quote's paragraph (-1 in the first paragraph)
    sentence: int = 0
    para_break: int = -1
    # the name of the rule that decided (see QuoteSpan.rule)
    rule: str | None = None

    @property
    def by_document(self) -> bool:
        """A document whose author is named speaks the quote."""
        return self.author is not None


def _quotation(art: _Article, start: int, end: int) -> _Quotation:
    """The quotation at ``text[start:end]`` with what is written next to it."""
    text, last_unnamed, last_speaker = art.text, art.last_unnamed, art.last_speaker
    unnamed = (
        last_unnamed
        if last_unnamed and (last_speaker is None or last_unnamed[0] > last_speaker[0])
        else None
    )
    author, document = _document_source(text, end, art.documents_named)
    # a document whose author is not named leaves the speaker to the context ("Arias
    # says in her complaint that ... “...” the complaint states")
    raw = None if document else _reported_doer(text, start, art.persons)
    if raw is None and not document:
        raw = _find_speaker(text, start, end)
    if raw is None and not document:
        # 'The actor told SiriusXM, "': the one described, when the article names them
        raw = _described_before(text, start, art.titled, art.persons)
    return _Quotation(start, end, unnamed, author, document, raw)


class _Found(NamedTuple):
    """What a rule found: the speaker, else an unnamed source's description."""

    speaker: str | None
    role: str | None = None
    in_sentence: Attribution | None = None


_Rule = Callable[[_Article, _Quotation], _Found | None]

# The attribution written next to the quote: rules tried in turn, the first that answers
# (even with no speaker) decides; None from all of them leaves it to the context.


def _document_speaks(art: _Article, q: _Quotation) -> _Found | None:
    """A document speaks: its named author ('," according to the iSight report')."""
    return _Found(q.author) if q.by_document else None


def _pronoun_speaks(art: _Article, q: _Quotation) -> _Found | None:
    """ "he"/"she": the last one quoted, or named as saying something since ("Glick said
    ..."), or an unnamed source of that sex; "they": the last speaker if recent."""
    raw, start = q.raw, q.start
    if not raw or not _PRONOUN.match(raw):
        return None
    if raw.lower() not in ("he", "she"):
        last = art.last_speaker
        return _Found(last[1] if last and last[0] >= start - 300 else None)
    text, persons, genders = art.text, art.persons, art.genders
    named = [(a.end, a.name) for a in art.attributions if a.name and a.end < start]
    last = art.last_speaker
    if named and (last is None or named[-1][0] > last[0]):
        last = named[-1]
    if last and last[1] in art.not_people:
        last = None  # "he" is not the hospital quoted last
    role = _unnamed_antecedent(text, start, persons, last, raw, genders)
    unnamed = q.unnamed
    if role is None and unnamed and (last is None or unnamed[0] > last[0]):
        # '“...,” said a senior officer. “...” he added': still the officer
        role = _unnamed_pronoun(text, unnamed, start, persons, raw, genders)
    if role is None:
        return _Found(_pronoun_antecedent(text, start, persons, last, raw, genders))
    return _Found(None, role)


def _agent_speaks(art: _Article, q: _Quotation) -> _Found | None:
    """ "a spokesman for Prime Minister David Cameron": unnamed."""
    return _Found(None, q.raw) if q.raw and _AGENT_LEAD.match(q.raw) else None


def _unnamed_from_place(art: _Article, q: _Quotation) -> _Found | None:
    """ "one woman in Qeshm told AFP": unnamed, where she was."""
    return _Found(None, q.raw) if q.raw and _UNNAMED_FROM.match(q.raw) else None


def _unnamed_word(art: _Article, q: _Quotation) -> _Found | None:
    """ "One said:", "Witnesses said": an unnamed source ("witnesses"), or none at all."""
    raw = q.raw
    if not raw or not _UNNAMED_WORD.match(raw):
        return None
    return _Found(None, None if raw in ("One", "Someone", "Everyone", "Everybody") else raw.lower())


def _capital_title(art: _Article, q: _Quotation) -> _Found | None:
    """ "the District Attorney" after "District Attorney Steve Cooley"; a title no one here
    holds is an unnamed source."""
    raw = q.raw
    cap = _CAPITAL_TITLE.fullmatch(raw) if raw else None
    if not raw or not cap or not _is_title(cap.group(1)):
        return None
    speaker = _titled(cap.group(1).lower(), q.start, art.titled)
    return _Found(speaker, None if speaker else _lower_lead(raw))


def _named_speaker(art: _Article, q: _Quotation) -> _Found | None:
    """A name, its role split off ("Ecuadorian Foreign Minister Ricardo Patino"), or a
    body of a state; a description with capitals ("BP spokesman") names no one."""
    raw = q.raw
    if not raw or not re.search(r"[A-Z]", raw):
        return None
    speaker: str | None
    speaker, role = _split_role(re.sub(r"^(?:[Tt]he|[Aa]n?)\s+(?=[A-Z])", "", raw))
    speaker = _drop_affiliation(speaker)
    if _STATE_BODY.match(raw):
        # "the Syrian foreign ministry", "the U.S. military": one body, named
        speaker, role = re.sub(r"^[Tt]he\s+", "", raw), None
    elif (
        _DESCRIPTIVE.match(speaker) and not re.match(r"(?:The|An?)\s+[A-Z]", speaker)
    ) or _bare_surname(speaker.split()[-1])[:1].islower():
        # "the actor", "BP spokesman": a description, not a name
        speaker, role = None, raw
    return _Found(speaker, role)


def _description_speaks(art: _Article, q: _Quotation) -> _Found | None:
    """An unnamed source ("a spokesman for his office"): no name, its description; "the
    chairman" after "Chairman Simon Glenarthur" is him, "the hospital" after "King Edward
    VII's Hospital" is it."""
    raw, start = q.raw, q.start
    if not raw:
        return None
    head = re.fullmatch(r"(?:[Tt]he|[Hh]is|[Hh]er)\s+([a-z]+)", raw)
    speaker = _titled(head.group(1), start, art.titled) if head else None
    if speaker is None:
        speaker = _described(art.text, raw, start, art.persons)
    return _Found(speaker, None if speaker else raw)


def _unnamed_crowd(art: _Article, q: _Quotation) -> _Found | None:
    """ "Police sources also told the News that “...”": unnamed, whoever spoke before."""
    if q.raw:
        return None
    text = art.text
    crowd = _UNNAMED_SUBJECT.match(text, _sentence_start(text, q.start), q.start - 1)
    return _Found(None, _lower_lead(crowd.group(1))) if crowd else None


# the order matters: a pronoun before the patterns of unnamed sources, a capitalised title
# before a name, any attribution before the crowd of the sentence
_NEXT_TO_QUOTE: tuple[_Rule, ...] = (
    _document_speaks,
    _pronoun_speaks,
    _agent_speaks,
    _unnamed_from_place,
    _unnamed_word,
    _capital_title,
    _named_speaker,
    _description_speaks,
    _unnamed_crowd,
)

# No attribution next to the quote: the context, rules tried in turn, the first that
# finds a speaker or an unnamed source wins.


def _speaker_in_sentence(art: _Article, q: _Quotation) -> _Found | None:
    """A partial quote inside a sentence that names its speaker ("To make matters worse,
    Glick said, Intermex went “above and beyond ...”")."""
    speaker = art.said_in(q.sentence, q.start - 1)
    if speaker is None:
        return None
    in_sentence: Attribution | None = None
    if speaker:
        # "Patino told reporters that ... “to enjoy his condition of asylum”": the
        # sentence itself attributes the words, by name or by pronoun
        here = next(a for a in art.attributions if q.sentence <= a.start and a.end <= q.start - 1)
        in_sentence = "named" if here.name else "pronoun"
    return _Found(speaker, None, in_sentence)


def _document_issuer(art: _Article, q: _Quotation) -> _Found | None:
    """'“...” the statement said': whoever the text says issued it, before whoever spoke
    last in the paragraph."""
    if not q.document:
        return None
    speaker = _document_author(art.text, q.start, art.persons, q.document.split()[-1])
    return None if speaker is None else _Found(speaker)


def _unnamed_goes_on(art: _Article, q: _Quotation) -> _Found | None:
    """'“...” a local barber said. “...”': still the barber."""
    return _Found(None, q.unnamed[1]) if q.unnamed and q.unnamed[0] > q.para_break else None


def _same_paragraph(art: _Article, q: _Quotation) -> _Found | None:
    """A quote in the same paragraph as the last attributed one continues it."""
    last = art.last_speaker
    return _Found(last[1]) if last and last[0] > q.para_break else None


def _sentence_before(art: _Article, q: _Quotation) -> _Found | None:
    """The sentence before names who speaks ("Herman recalls one summer ...")."""
    s0 = q.sentence
    if not s0 > q.para_break + 1:
        return None
    speaker = art.said_in(_sentence_start(art.text, s0 - 2), s0)
    return None if speaker is None else _Found(speaker)


def _opens_paragraph(q: _Quotation) -> bool:
    """Whether the quote's sentence opens a paragraph that is not the first."""
    return q.sentence == q.para_break + 1 and q.para_break > 0


def _introducing_paragraph(art: _Article, q: _Quotation) -> _Found | None:
    """A paragraph that ends "Schumer wrote on Instagram:" introduces this one."""
    if not _opens_paragraph(q):
        return None
    text, persons = art.text, art.persons
    prev = text[: q.para_break].rstrip()
    if not prev.endswith((":", ",")):
        return None
    lo = _sentence_start(text, len(prev) - 1)
    speaker = art.said_in(lo, len(prev))
    if speaker is None:
        # "Bill Richard released a statement Tuesday afternoon saying:"
        issuers = [
            p
            for p in persons
            if lo <= p.start and p.end <= len(prev) and _ISSUED.match(text, p.end, p.end + 120)
        ]
        speaker = issuers[-1].key if issuers else None
    if speaker is None and prev.endswith(":"):
        # "..., Mr Gunness denied militants were at the school:": the one
        # person the introducing sentence names ("Goddard's lawyers
        # responded ...:" names no one who speaks)
        named_here = {
            p.key for p in persons if p.kind == "person" and lo <= p.start and p.end <= len(prev)
        }
        if re.search(r"['’]s?\s+[a-z]", text[lo : len(prev)]):
            named_here = set()
        speaker = named_here.pop() if len(named_here) == 1 else None
    return None if speaker is None else _Found(speaker)


def _continuation_of_paragraph(art: _Article, q: _Quotation) -> _Found | None:
    """A paragraph that reports what someone said, then their words; a paragraph of quoted
    words after one that ends on attributed words goes on quoting that speaker."""
    text, persons, start, s0 = art.text, art.persons, q.start, q.sentence
    if not _opens_paragraph(q) or _find_speaker_later(text, q.end):
        return None
    prev = text[: q.para_break].rstrip()
    p0 = text.rfind("\n", 0, len(prev)) + 1
    there = [a for a in art.attributions if p0 <= a.start and a.end <= len(prev)]
    # not words quoted in a sentence with a subject of its own: "Smith
    # defended Acosta, calling him “...”" is Smith's, whoever spoke before
    own_subject = any(
        s0 <= p.start < start and _is_subject(text, p) and _SPEECH_ACT.search(text, p.end, start)
        for p in persons
    )
    opens = not text[q.para_break + 1 : start].strip("\"“' ‘")
    unnamed, last_speaker = q.unnamed, art.last_speaker
    if there and there[-1].name and not own_subject:
        return _Found(there[-1].name)
    if opens and unnamed and unnamed[0] > p0 and _QUOTE_ENDS.search(prev):
        return _Found(None, unnamed[1])  # the unnamed source goes on speaking
    if opens and last_speaker and last_speaker[0] > p0 and _QUOTE_ENDS.search(prev):
        # a paragraph of quoted words after one that ends on a speaker's
        # attributed words ('"...," he said.' then '"We just hope ..."')
        # goes on quoting that speaker: the usual news convention
        return _Found(last_speaker[1])
    if opens and not _QUOTE_ENDS.search(prev):
        # "Meyer penned a letter that sought to calm fans." then the
        # letter's words: whoever the sentence before says wrote it
        lo = _sentence_start(text, len(prev) - 1)
        speaker = next(
            (
                p.key
                for p in persons
                if lo <= p.start < lo + 30
                and _is_subject(text, p)
                and _WROTE_ANY.match(text, p.end, len(prev))
            ),
            None,
        )
        return None if speaker is None else _Found(speaker)
    return None


def _previous_sentence(art: _Article, q: _Quotation) -> _Found | None:
    """The subject of the sentence just before, in the same paragraph ("Herman shakes his
    head. “I'm just saying ...”"): see :func:`_previous_sentence_subject`."""
    if q.raw is not None or q.by_document:
        return None
    speaker = _previous_sentence_subject(
        art.text, q.start, art.persons, art.last_speaker, art.genders
    )
    return None if speaker is None else _Found(speaker)


def _subject_of_sentence(art: _Article, q: _Quotation) -> _Found | None:
    """Words quoted inside a sentence whose subject is a named person ("State Sen. Diane
    Savino applauded the settlement and called for “the Bills to ...”")."""
    if q.raw is not None or q.by_document:
        return None
    text, start, s0 = art.text, q.start, q.sentence
    if len(text[s0:start].split()) < 3:
        return None
    subj = next((p for p in art.persons if s0 <= p.start < s0 + 30), None)
    # "Another Twitter user ... said that the riot 'sounds like ...'": the name
    # only qualifies an unnamed subject
    qualifies = (
        re.search(r"\b(?:[Aa]nother|[Aa]n?|[Oo]ne)\s+$", text[s0 : subj.start]) if subj else None
    )
    if (
        subj
        and subj.kind in ("person", "organization")
        and _is_subject(text, subj)
        and not qualifies
        and not _ASIDE.search(text, subj.end, start)
    ):
        return _Found(subj.key, None, "named")  # the sentence's own subject, named in it
    return None


_FROM_CONTEXT: tuple[_Rule, ...] = (
    _speaker_in_sentence,
    _document_issuer,
    _unnamed_goes_on,
    _same_paragraph,
    _sentence_before,
    _introducing_paragraph,
    _continuation_of_paragraph,
    _previous_sentence,
    _subject_of_sentence,
)


#: what QuoteSpan.rule names when no rule of the lists decided: a document still without a
#: speaker after them (see :func:`_attribute`), a profile's subject (see
#: :func:`_profile_subject`), the learned ranker (:mod:`newsdesk.analyze.speakers`)
DOCUMENT_AUTHOR = "document_author"
PROFILE_SUBJECT = "profile_subject"


def rule_name(rule: _Rule) -> str:
    """How QuoteSpan.rule names an attribution rule: its function's name, no underscore."""
    return rule.__name__.removeprefix("_")


def attribution_rules() -> tuple[str, ...]:
    """The names QuoteSpan.rule may take, in the order they are tried: the rules written
    next to the quote, the document fallback, the context rules, the profile's subject,
    the learned ranker."""
    return (
        *map(rule_name, _NEXT_TO_QUOTE),
        DOCUMENT_AUTHOR,
        *map(rule_name, _FROM_CONTEXT),
        PROFILE_SUBJECT,
        LEARNED_RANKER,
    )


def _first(rules: Sequence[_Rule], art: _Article, q: _Quotation) -> _Found | None:
    """What the first of ``rules`` that answers finds, its name kept on ``q``."""
    for rule in rules:
        found = rule(art, q)
        if found is not None:
            q.rule = rule_name(rule)
            return found
    return None


def _attribute(art: _Article, q: _Quotation) -> None:
    """Set the quotation's speaker, or the unnamed source's description: what is written
    next to it, else its context, else the document that speaks it."""
    found = _first(_NEXT_TO_QUOTE, art, q)
    if found is None:
        q.sentence = _sentence_start(art.text, q.start)
        q.para_break = art.text.rfind("\n", 0, q.start)
        found = _first(_FROM_CONTEXT, art, q)
    if found is not None:
        q.speaker, q.role, q.in_sentence = found
    # a document still without a speaker: the author the text says issued it, else the
    # document itself as an unnamed source ('“...” the statement said')
    if q.speaker is None and q.document:
        q.speaker = _document_author(art.text, q.start, art.persons, q.document.split()[-1])
        q.rule = DOCUMENT_AUTHOR
    if q.speaker is None and q.document:
        q.role = q.document
    if q.speaker and " " not in q.speaker:
        q.speaker = _fuller_name(art, q, q.speaker)


# the courtesy title that tells a speaker's sex ("Mrs Smith"): lexicon/titles.txt
_MALE_COURTESY = titles("male_courtesy")
_COURTESY = re.compile(
    rf"({'|'.join(sorted(w.capitalize() for w in _MALE_COURTESY | titles('female_courtesy')))})\b"
)


def _fuller_name(art: _Article, q: _Quotation, speaker: str) -> str:
    """A one-word speaker's full name as the article gives it, else a relative's surname
    (see :func:`_full_name_here` and :func:`_kin_surname`)."""
    raw, start = q.raw, q.start
    mr = _COURTESY.match(raw or "")
    sex = ("m" if mr[1].lower() in _MALE_COURTESY else "f") if mr else art.genders.get(speaker)
    if raw and raw.lower() in ("he", "she"):
        sex = "m" if raw.lower() == "he" else "f"
    spoke = {a.name for a in art.attributions if a.name and a.end <= start}
    spoke |= {s.speaker for s in art.out if s.speaker}
    speaker = _full_name_here(art.text, speaker, start, art.persons, spoke, art.genders, sex)
    if " " not in speaker:
        speaker = _kin_surname(art.text, speaker, start, art.persons)
    return speaker


def find_quotes(
    doc: Document,
    mentions: Sequence[RawMention],
    surnames: frozenset[str] = frozenset(),
    chooser: SpeakerChooser | Literal["shipped"] | None = "shipped",
) -> list[QuoteSpan]:
    """Every quotation of one article with its speaker as written (before cluster resolution).
    ``surnames``: last names of people the cluster names in full with a known first name, so
    a bare "Young says" here, which the entity finder passes over, still speaks.
    ``chooser``: what may replace the rules' speaker from the names near each quotation
    (:mod:`newsdesk.analyze.speakers`): the shipped model by default, None for the rules
    alone."""
    art = _article(doc, mentions, surnames)
    text = art.text
    for start, end in art.quoted:
        body = text[start:end].strip()
        q = _quotation(art, start, end)
        _attribute(art, q)
        speaker, role, raw = q.speaker, q.role, q.raw
        if speaker:
            art.last_speaker = (end, speaker)
        elif role and (raw or q.document):
            art.last_unnamed = (end, role)  # named next to the quote as unnamed ("a witness said")
        if len(body.split()) < MIN_QUOTE_WORDS or _is_title_case(text, start, body):
            continue  # scare quotes; their attribution still counts for "he said" above
        how = _how(speaker, raw, q.by_document)
        if how == "context" and q.in_sentence:
            how = q.in_sentence
        is_named = bool(speaker and raw and not _PRONOUN.match(raw))
        span = QuoteSpan(art.aid, start, end, body, speaker, role, is_named, how, q.rule)
        art.out.append(span)
    out = _profile_subject(text, art.out, art.persons)
    if chooser == "shipped":
        chooser = load_speaker_model()
    return rerank(text, out, art.persons, art.quoted, art.genders, chooser)


def _how(speaker: str | None, raw: str | None, by_document: bool) -> Attribution | None:
    """How a quote's speaker was found, from the attribution written next to it (``raw``:
    "Patino", "the hospital", "he"; None when the context gave the speaker: "context",
    which the caller narrows when the quote's own sentence names or pronouns its speaker)."""
    if speaker is None:
        return None
    if by_document:
        return "named"  # "according to a statement from the Foreign Office"
    if raw is None:
        return "context"
    if _PRONOUN.match(raw):
        return "pronoun"
    title = _CAPITAL_TITLE.fullmatch(raw)
    if re.search(r"[A-Z]", raw) and not (title and _is_title(title.group(1))):
        return "named"  # "the Foreign Office said" names it; "the District Attorney" does not
    return "description"  # "the hospital said", "the District Attorney said"


# a quoted title in an attribution ('” James Swanson, co-author of “Bettie Page: The Life
# of a Pinup Legend,” said'), read as one word so the attribution reads on over it
_TITLE_QUOTED = re.compile(r"[\"“]([^\"“”\n]{1,100})[\"”]")


def _masked_title(m: re.Match[str]) -> str:
    """A quoted title as characters no name or description is made of, keeping the comma
    that ends it ('“... Legend,” said')."""
    if not _title_words(m.group(1)):
        return m.group(0)
    comma = m.group(1).endswith(",")
    return "\u2063" * (len(m.group(0)) - comma) + ("," if comma else "")


_SMALL_WORDS = frozenset("a an the of in on at to for and or but by with from its".split())


def _is_title_case(text: str, start: int, body: str) -> bool:
    """The quote at ``start`` is a title, not words someone said: every word capitalised
    but the small ones ("a movie called “The Notorious Bettie Page”", "his 1974 book, “An
    American Life: One Man's Road to Watergate”", "was voted “Most Likely to Succeed”")."""
    if body.rstrip("\"”’' ").endswith(("?", "!")) or re.search(
        r":\s*\W?$", text[max(0, start - 4) : start]
    ):
        return False  # 'Nixon asks: “Somebody in the FBI?”': dialogue
    return _title_words(body)


def _title_words(body: str) -> bool:
    """Every word of ``body`` capitalised but the small ones, and not all in capitals."""
    words = re.findall(r"[\w'’-]+", body)
    return (
        0 < len(words) <= 12
        and all(w[:1].isupper() or w[:1].isdigit() or w in _SMALL_WORDS for w in words)
        and any(re.search(r"[a-z]", w) for w in words)  # not a shout in capitals
    )


def _full_name_here(
    text: str,
    surname: str,
    before: int,
    persons: Sequence[RawMention],
    spoke: set[str],
    genders: dict[str, str],
    sex: str | None,
) -> str:
    """A bare surname as the full name this article gave it before ``before``: in a family
    story "Sorkin said" after "David Sorkin, his father, said" is David, though the cluster
    also names Louise and Kieran Sorkin. Of several, the last one ``spoke`` (quoted or
    said to speak), else the last named; an honorific or the surname's own sentences
    ("Mrs Sorkin", "Sorkin said her son") narrow them. A possessive is not the one named
    ("Marty Singer, Bryan Singer's lawyer, ... said Singer" is Marty). The surname is kept
    when none is named here."""
    full = [
        p.key
        for p in persons
        if p.kind == "person"
        and p.start < before
        and " " in p.key
        and p.key.split()[-1] == surname
        and not text.startswith(("'s", "’s"), p.end)
    ]
    if not full:
        return surname
    # "Eden Sassoon, the daughter of another industry icon Vidal Sassoon": the relative
    # named to place her is not who "Sassoon said" is, unless named otherwise too
    as_kin: dict[str, bool] = {}
    for p in persons:
        if p.start < before:
            kin = _KIN_OF.search(text, max(0, p.start - 60), p.start) is not None
            as_kin[p.key] = as_kin.get(p.key, True) and kin
    full = [k for k in full if not as_kin.get(k)] or full
    if sex:
        # "she said" is not the one man of that surname ("Campbell's mother ... she
        # said" is not her father, William Campbell)
        full = [k for k in full if genders.get(k) in (None, sex)]
        if not full:
            return surname
    # the subject of the quote's paragraph or the one before ("But City Councilman Jumaane
    # Williams ... blasted outsiders." then '"...," Williams fumed') is who speaks now
    previous_end = len(text[: max(0, text.rfind("\n", 0, before))].rstrip())
    here = text.rfind("\n", 0, previous_end)
    near = [p for p in persons if p.key in full and here < p.start < before]
    if near and _is_subject(text, near[-1]):
        return near[-1].key
    # one already quoted or said to speak here beats a relative only named ("Autumn Veatch"
    # is the girl the story is about; "Veatch said" is David, her father, who spoke)
    speakers = [k for k in full if k in spoke]
    return (speakers or full)[-1]


# "Campbell's grief-stricken mother, ": the family's surname, then a relative's noun
_FAMILY_KIN = re.compile(rf"\b([A-Z][\w'’-]+)['’]s?\s+(?:[\w-]+\s+){{0,2}}(?:{KIN_NOUNS}),\s+$")


def _kin_surname(text: str, given: str, before: int, persons: Sequence[RawMention]) -> str:
    """A given name placed as a relative of a family named in full ("Campbell's mother,
    Patricia" after "Krystle Campbell") with that family's surname: "Patricia Campbell"."""
    surnames = {p.key.split()[-1] for p in persons if p.kind == "person" and " " in p.key}
    for p in persons:
        if p.key == given and p.start < before:
            kin = _FAMILY_KIN.search(text, max(0, p.start - 60), p.start)
            if kin and kin.group(1) in surnames:
                return f"{given} {kin.group(1)}"
    return given


def _profile_subject(
    text: str, spans: list[QuoteSpan], persons: Sequence[RawMention]
) -> list[QuoteSpan]:
    """In a profile, where one person gives nearly every attributed quote, an unattributed
    quote that opens its sentence, in a paragraph that names no one else, is theirs ("He
    pauses. “When I look back ...”"); words quoted inside someone else's sentence are not."""
    said = Counter(s.speaker for s in spans if s.speaker)
    if not said:
        return spans
    (top, n), total = said.most_common(1)[0], sum(said.values())
    if n < _PROFILE_MIN or n < _PROFILE_SHARE * total:
        return spans
    last = top.split()[-1]
    out = []
    for s in spans:
        opens = not text[_sentence_start(text, s.start) : s.start - 1].strip()
        if s.speaker is None and s.role is None and opens:
            p0 = text.rfind("\n", 0, s.start) + 1
            p1 = text.find("\n", s.end)
            p1 = len(text) if p1 < 0 else p1
            others = [
                m
                for m in persons
                if p0 <= m.start < p1
                and m.kind in ("person", "organization")
                and m.key.split()[-1] != last
            ]
            if not others:
                s = replace(s, speaker=top, how="context", rule=PROFILE_SUBJECT)
        out.append(s)
    return out


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


_GIVEN_WORD = re.compile(r"[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?")
_NOT_GIVEN = ROLE_WORDS | _ROLE_LEADS | {"mogul"}


def _someone_else(raw: str, other: str) -> bool:
    """Whether the full name ``raw`` is another person than ``other``, the cluster's main
    bearer of its surname: its given names differ and look like names ("Mahnefah Gray",
    sister of Kimani Gray; "Cruz Riojas Hooper", son of Linda Hooper), where "John W.
    Henry" is John Henry and "Constable Tim Fanning" or "Media Mogul Page" only add words."""
    mine = [t for t in raw.split() if not re.fullmatch(r"[A-Z]\.", t)]
    theirs = [t for t in other.split() if not re.fullmatch(r"[A-Z]\.", t)]
    if " " not in raw or set(mine) <= set(theirs) or set(theirs) <= set(mine):
        return False
    return all(_GIVEN_WORD.fullmatch(t) and t.lower() not in _NOT_GIVEN for t in mine[:-1])


def _resolve_name(raw: str, canon: dict[str, str]) -> str:
    """The fullest form of a speaker's name the cluster gives: its group's name, that of its
    last word ("Mr. Patino"), or the one full name a first name starts ("Khalid"). A name a
    transcript writes in capitals ("TRUMP:") is read as written in the text ("Trump"), when
    the cluster names it so; an acronym ("NASA") stays."""
    title = raw.title()
    if raw.isupper() and title != raw and (title in canon or title.split()[-1] in canon):
        raw = title
    speaker = canon.get(raw, raw)
    if speaker == raw:
        by_last = canon.get(raw.split()[-1], raw)
        # "Mr. Jeffs" is the cluster's Warren Jeffs; "Brent Jeffs", his nephew, is not
        first = raw.split()[0]
        # a body named for a place is not that place ("United Nations Mine Action
        # Coordination Center of South Sudan" is not Sudan; "Some of Trump" is left alone)
        of_name = re.search(r"\S\s+\S+\s(?:of|for|at)\s", raw) is not None
        if (
            not of_name
            and (" " not in raw or first in by_last.split() or first not in given_names())
            and not _someone_else(raw, by_last)
        ):
            speaker = by_last
    if speaker == raw and " " not in raw:
        fulls = {v for v in canon.values() if v.split()[0] == raw and " " in v}
        if len(fulls) == 1:
            speaker = fulls.pop()
    return speaker


#: words in a row two outlets' versions of one quotation must share, at the least
_SHARED_RUN = 6


def _shingles(words: Sequence[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + _SHARED_RUN]) for i in range(len(words) - _SHARED_RUN + 1)}


def _holds(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether one of two quotations holds the other's words whole."""
    x, y = " ".join(a), " ".join(b)
    return x in y or y in x


def _edited(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two outlets' versions of a quotation are the same words, edited: they share
    a run of at least :data:`_SHARED_RUN` words that is half the shorter one or more ("I
    just answered your question" / "I answered your question"; "7-10 times the car would
    swivel" / "seven to 10 times the car would swivel")."""
    if min(len(a), len(b)) < _SHARED_RUN:
        return False
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size >= _SHARED_RUN and 2 * m.size >= min(len(a), len(b))


def _resolve_speaker(raw: str, canon: dict[str, str]) -> str:
    """:func:`_resolve_name`, each of two people quoted together resolved on its own ("Kerry
    and Ban said": "John Kerry and Ban Ki-moon")."""
    if " and " in raw and raw not in canon:
        return " and ".join(_resolve_name(part, canon) for part in raw.split(" and "))
    return _resolve_name(raw, canon)


def merge_quotes(
    spans: Sequence[QuoteSpan], canon: dict[str, str], roles: dict[str, str]
) -> list[Quote]:
    """One Quote per distinct quotation: the same words carried by several outlets merge,
    also where an outlet edited them (:func:`_edited`)."""
    return [q for q, _ in merge_quotes_decided(spans, canon, roles)]


def merge_quotes_decided(
    spans: Sequence[QuoteSpan], canon: dict[str, str], roles: dict[str, str]
) -> list[tuple[Quote, QuoteSpan | None]]:
    """:func:`merge_quotes`, each quote with the span that decided its speaker or its
    unnamed source (whose ``rule`` says how), None when no span's rule answered."""
    return [_merge_group(g, canon, roles) for g in _same_quotation(spans)]


def _same_quotation(spans: Sequence[QuoteSpan]) -> list[list[QuoteSpan]]:
    """The spans grouped by quotation: the same words, whole or edited."""
    groups: list[list[QuoteSpan]] = []
    words: list[list[str]] = []  # each group's longest version, as words
    by_shingle: dict[tuple[str, ...], set[int]] = {}
    short: set[int] = set()  # groups too short to share a run: compared with every quote
    for s in spans:
        w = _norm(s.text).split()
        shingles = _shingles(w)
        if len(w) < _SHARED_RUN:
            candidates: Iterable[int] = range(len(groups))
        else:
            # a long quotation is the same as a group only if they share a run of words,
            # or if the group is short (and so may be held whole)
            near = {gi for k in shingles for gi in by_shingle.get(k, ())}
            candidates = sorted(near.union(short))
        # the same words, whole or edited (outlets that give them to different people are
        # outvoted below, rather than kept apart: one outlet misreading is likelier than
        # one speaker repeating half of another's words)
        gi = next(
            (i for i in candidates if _holds(w, words[i]) or _edited(w, words[i])),
            len(groups),
        )
        if gi == len(groups):
            groups.append([s])
            words.append(w)
        else:
            groups[gi].append(s)
            if len(w) > len(words[gi]):
                words[gi] = w
        if len(words[gi]) < _SHARED_RUN:
            short.add(gi)
        else:
            short.discard(gi)
        for k in shingles:
            by_shingle.setdefault(k, set()).add(gi)
    return groups


def _merge_group(
    g: Sequence[QuoteSpan], canon: dict[str, str], roles: dict[str, str]
) -> tuple[Quote, QuoteSpan | None]:
    """One quotation's spans as one Quote, and the span that decided its speaker."""
    best = max(g, key=lambda s: len(s.text))
    # a speaker named next to the quote in one outlet beats one inferred in another;
    # of several named, the one named most often, then the one given most often at all,
    # then the one given the longest version (a short quote sharing a phrase with a
    # long statement is the one that borrows it), then the first
    spoken = [s for s in g if s.speaker]
    any_named = any(s.named for s in spoken)
    # each span with a speaker: the name resolved, and whether it takes part in the vote
    entries = [
        (s, _resolve_speaker(s.speaker or "", canon), s.named or not any_named) for s in spoken
    ]
    speaker = None
    # an unnamed source keeps its description as the role ("a spokesman for his office")
    role = next((s.role for s in g if s.role), None) if not spoken else None
    chosen: QuoteSpan | None = None
    if entries:
        order = [n for _, n, _ in entries]
        given = Counter(order)
        votes = Counter(n for _, n, votes_ in entries if votes_)
        longest = {n: max(len(s.text) for s, m, _ in entries if m == n) for n in votes}
        speaker = max(votes, key=lambda n: (votes[n], given[n], longest[n], -order.index(n)))
        chosen = next(s for s, n, votes_ in entries if votes_ and n == speaker)
        role = (
            next((s.role for s, n, _ in entries if n == speaker and s.role), None)
            or next((s.role for s in spoken if s.role), None)
            or roles.get(speaker)
        )
    if speaker is None and role:
        # "said the prosecutor": the one person the cluster gives that title
        head = re.fullmatch(r"[Tt]he\s+([a-z]+)", role)
        holders = {n for n, r in roles.items() if head and head.group(1) in r.lower().split()}
        if len(holders) == 1:
            speaker = holders.pop()
            role = roles[speaker]
    cites = tuple(Citation(s.article_id, s.start, s.end) for s in g)
    how = chosen.how if chosen else ("description" if speaker else None)
    # the span that decided: the speaker's, else the unnamed source's, else any a rule
    # answered for ("One said:" names no one and no description)
    decided = chosen or next((s for s in g if s.role), None) or next((s for s in g if s.rule), None)
    return Quote(best.text, speaker, role, cites, how), decided
