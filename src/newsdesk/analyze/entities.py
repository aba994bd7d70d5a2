"""Rule-based people / organisation / place recognition, aliases grouped per cluster.

No statistical model ships with the core install, so names are found as capitalised
spans, typed with a small gazetteer (``gazetteer.json``, with every country from
``countries.json``), honorifics, role words and
organisation suffixes, and grouped across the cluster: "Mr. Assange" and "Assange" join
"Julian Assange"; "U.K." and "Britain" join "United Kingdom". A capitalised span that holds
several names is cut into them: at a sentence end, a possessive ("Ethiopia's Lelisa
Desisa"), "and" ("Kerry and Ban") and a title after an employer ("Wells Fargo CEO John
Stumpf"), unless the span is one name ("Securities and Exchange Commission", "Sheriff's
Office").
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..lexicon import kin_words, name_heads, name_words, titles
from ..model import Document, Entity, EntityKind, Mention
from ..text import HONORIFICS, MONTHS, WEEKDAYS

__all__ = [
    "Gazetteer",
    "gazetteer",
    "find_mentions",
    "group_entities",
    "lowercase_vocabulary",
    "RawMention",
    "ROLE_WORDS",
    "ORG_SUFFIXES",
    "HONORIFICS",
]

ROLE_WORDS = titles("role")  # lexicon/titles.txt, as the title lists below
# the last words that tell what a name names: lexicon/name_heads.txt says what each list is
ORG_SUFFIXES = name_heads("org_suffix")
PLACE_SUFFIXES = name_heads("place_suffix")
OTHER_HEADS = name_heads("other")  # a law, event, work or thing, never a person
ORG_HEADS = name_heads("org_head")
FIRM_HEADS = name_heads("firm")
PLACE_HEADS = name_heads("place_head")

# the words around and inside names: lexicon/name_words.txt
_REGIONS = frozenset(name_words("region"))  # "Central Australia"
PLACE_PREFIXES = frozenset(name_words("place_prefix"))  # "San Antonio", "Fort Worth"
# capitalised only because they open a sentence ("Sometimes Cruz misbehaved")
SENTENCE_ADVERBS = frozenset(name_words("adverb"))
FUNCTION_WORDS = frozenset(name_words("function")) | WEEKDAYS | MONTHS
CONNECTORS = frozenset(name_words("connector"))
# lower-case words inside a person's name ("Osama bin Laden", "Rafael van der Vaart"); the
# Romance ones, common in place and company names ("Havre de Grace"), only after a known
# first name ("Bill de Blasio")
NAME_PARTICLES = frozenset(name_words("particle"))
_VESSEL_PREFIXES = frozenset(name_words("vessel"))
_ROMANCE_PARTICLES = frozenset(name_words("romance"))
# an Arabic article joined to a name ("Khalil al-Haya", "Mahmoud al-Zahar", "el-Sisi")
_ARTICLES = "|".join(name_words("arabic"))
_PARTICLE = re.compile(rf"^(?:{_ARTICLES})-(?=[A-Z])", re.IGNORECASE)

_CAP = r"(?:[A-Z][a-z]?\.(?:[A-Z][a-z]?\.)+|[A-Z][\w'’\-]*\.?|[A-Z]{2,})"
# (the look-ahead, a capital or an article's first letter, only lets the matcher skip fast
# over lower-case text)
_ARTICLE_STARTS = "".join(sorted({a[0] for a in name_words("arabic")}))
_WORD = rf"(?=[A-Z{_ARTICLE_STARTS}])(?:{_CAP}|(?<![\w'’\-])(?:{_ARTICLES})-{_CAP})"
_TOKEN = re.compile(r"\S+")
# a run of capitalised words, across the lower-case words inside a name ("Bank of America",
# "Rafael van der Vaart")
_SPAN = re.compile(
    rf"{_WORD}(?:\s+(?:(?:{'|'.join(name_words('pair_start'))})\s+"
    rf"(?:{'|'.join(name_words('pair_end'))})\s+"
    rf"|(?:{'|'.join(name_words('joiner'))})\s+)?{_WORD})*",
)


def _bare_surname(name: str) -> str:
    """A surname without its Arabic article: "al-Haya" → "Haya"."""
    return _PARTICLE.sub("", name)


def _name_like(tokens: list[str]) -> bool:
    """Capitalised words, with lower-case particles inside ("Osama bin Laden") or joined to
    a word ("Khalil al-Haya"): the shape of a person's name."""
    particles = NAME_PARTICLES
    if tokens[0].lower() in _first_names():
        particles = particles | _ROMANCE_PARTICLES  # "Bill de Blasio", not "Banco de Chile"
    core = [t for t in tokens[1:-1] if t.lower() not in particles]
    words = [tokens[0], *core, tokens[-1]] if len(tokens) > 1 else tokens
    return 2 <= len(words) <= 4 and all(_bare_surname(t)[:1].isupper() for t in words)


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Known places and organisations: alias → canonical name, plus demonyms."""

    places: dict[str, str]
    organizations: dict[str, str]
    demonyms: dict[str, str]


@functools.cache
def gazetteer() -> Gazetteer:
    """Load the shipped gazetteer once (it is read-only data, so caching cannot change results)."""
    raw = json.loads((Path(__file__).with_name("gazetteer.json")).read_text("utf-8"))
    places: dict[str, str] = {}
    orgs: dict[str, str] = {}
    for canon, aliases in raw["places"].items():
        for a in [canon, *aliases]:
            places[a] = canon
    for canon, aliases in raw["organizations"].items():
        for a in [canon, *aliases]:
            orgs[a] = canon
    # every country (``countries.json``, built by ``scripts/build_countries.py``); the
    # hand-written entries keep their canonical names ("Russia" for "Russian Federation")
    countries = json.loads((Path(__file__).with_name("countries.json")).read_text("utf-8"))
    for canon, aliases in countries["countries"].items():
        names = [canon, *aliases]
        known = next((places[n] for n in names if n in places), canon)
        for n in names:
            places.setdefault(n, known)
    return Gazetteer(places, orgs, dict(raw["demonyms"]))


@dataclass(frozen=True, slots=True)
class RawMention:
    """A typed name span before grouping; ``role`` is a title that preceded it."""

    article_id: str
    start: int
    end: int
    text: str
    kind: EntityKind
    key: str  # the name without honorific, used for grouping
    role: str | None = None


def _strip_trailing_period(tok: str) -> str:
    if tok.endswith(".") and not re.fullmatch(r"(?:[A-Z][a-z]?\.)+", tok):
        return tok[:-1]
    return tok


def _ends_sentence(tok: str) -> bool:
    """A token whose period ends a sentence (not an initialism or an honorific)."""
    if not tok.endswith("."):
        return False
    if re.fullmatch(r"(?:[A-Z][a-z]?\.)+", tok):
        return False
    return tok[:-1].lower() not in HONORIFICS


def _war(tokens: list[str]) -> bool:
    """ "World War II", not "Edward VII" (a regnal number names a person)."""
    return len(tokens) >= 2 and tokens[-2].lower().rstrip(".") in OTHER_HEADS


def _classify(key: str, tokens: list[str], honorific: bool) -> EntityKind:
    gz = gazetteer()
    # a dateline or a headline writes a known name in capitals ("LOS ANGELES, Sept. 28")
    known = key.title() if key.isupper() and " " in key else key
    if known in gz.places:
        return "place"
    if known in gz.organizations:
        return "organization"
    last = tokens[-1].lower().rstrip(".")
    if honorific:
        return "person"
    if last in ORG_SUFFIXES or any(t.lower() in ORG_SUFFIXES for t in tokens[1:]):
        return "organization"
    if last in PLACE_SUFFIXES:
        return "place"
    if re.fullmatch(r"[A-Z]{2,5}", key):
        return "organization"
    if tokens[0] in _VESSEL_PREFIXES and len(tokens) >= 2:
        return "other"  # a ship ("INS Mysore", "USS Cole"): it does not speak
    regnal = re.fullmatch(r"[IVX]+", tokens[-1]) is not None
    if last in OTHER_HEADS or (regnal and _war(tokens)):
        return "other"
    if last in ORG_HEADS or last in FIRM_HEADS:
        return "organization"
    if last in PLACE_HEADS:
        return "place"
    if tokens[0] in PLACE_PREFIXES and len(tokens) >= 2:
        return "place"  # "San Antonio", "Fort Worth", "Mount Everest"
    if len(tokens) == 2 and tokens[0] in _REGIONS and tokens[1] in gz.places:
        return "place"  # "Central Australia", "Southern California"
    if len(tokens) >= 2 and tokens[0] in gz.places and not _told_first_name(tokens[0]):
        # "Indonesia AirAsia", "France Telecom": a country's branch of a firm, or a firm
        # named for it; "France" is a first name too, but too rare to tell whose
        return "organization"
    if len(tokens) == 2 and tokens[0] in gz.organizations:
        return "other"  # "Instagram Story", "Google Maps": a firm's product
    if _name_like(tokens):
        return "person"
    return "other"


def find_mentions(doc: Document, lowercase_words: frozenset[str] = frozenset()) -> list[RawMention]:
    """Name spans of one article, typed; ``lowercase_words`` (words seen in lower case in the
    cluster) marks capitalised common words that only start a sentence."""
    text = doc.article.text
    out: list[RawMention] = []
    for m in _SPAN.finditer(text):
        span = m.group(0)
        if len(span.split(maxsplit=1)) == 1:  # one word: the common case
            mention = _mention(text, doc.article.id, _Segment([(span, m.start())]), lowercase_words)
            if mention is not None:
                out.append(mention)
            continue
        toks = [(t.group(0), m.start() + t.start()) for t in _TOKEN.finditer(span)]
        # a span running over a sentence end ("... Cruz Riojas Hooper. Mel Greig and ...")
        # is one span per sentence
        sentences: list[list[tuple[str, int]]] = [[]]
        for i, (tok, off) in enumerate(toks):
            sentences[-1].append((tok, off))
            if i < len(toks) - 1 and _ends_sentence(tok):
                sentences.append([])
        for sentence in sentences:
            for seg in _segments(sentence, lowercase_words):
                mention = _mention(text, doc.article.id, seg, lowercase_words)
                if mention is not None:
                    out.append(mention)
    return out


@dataclass(slots=True)
class _Segment:
    """Tokens (with offsets) of one name inside a capitalised span; ``title``: the title
    found before it inside the span; ``employer``: the words before a title ("Wells Fargo"
    in "Wells Fargo CEO John Stumpf"), never a person."""

    toks: list[tuple[str, int]]
    title: tuple[str, ...] = ()
    employer: bool = False


def _segments(toks: list[tuple[str, int]], lowercase_words: frozenset[str]) -> list[_Segment]:
    """A capitalised span cut where it joins several names: at a possessive ("Ethiopia's
    Lelisa Desisa", "CNN's Jim Acosta") unless the possessive is part of a name ("Sheriff's
    Office", "St. James's Palace"); at "and" ("Kerry and Ban") unless the whole names one
    organisation or thing ("Securities and Exchange Commission"); before a title that
    leads a person's name ("Wells Fargo CEO John Stumpf")."""
    if len(toks) == 1:
        return [_Segment(toks)]  # most spans: one word, nothing to cut
    gz = gazetteer()
    words = [t for t, _ in toks]
    whole = " ".join(words)
    known = whole in gz.organizations or whole in gz.places
    parts: list[list[tuple[str, int]]] = [[]]
    for i, (tok, off) in enumerate(toks):
        parts[-1].append((tok, off))
        if (
            i < len(toks) - 1
            and not known
            and _POSSESSIVE.search(tok)
            and not _possessive_in_name(words, i, lowercase_words)
        ):
            parts.append([])
    names: list[list[tuple[str, int]]] = []
    for part in parts:
        words = [t for t, _ in part]
        names.append([])
        first = 0  # where the current name starts in ``part``
        for k, (tok, off) in enumerate(part):
            if tok == "and" and names[-1] and not _and_in_name(words[first:], k - first):
                names.append([])
                first = k + 1
            else:
                names[-1].append((tok, off))
    out: list[_Segment] = []
    for seg in names:
        if not seg:
            continue
        cut = _title_inside([t for t, _ in seg]) if len(seg) > 2 else None
        if cut is None:
            out.append(_Segment(seg))
            continue
        j, n = cut
        if j:
            out.append(_Segment(seg[:j], employer=True))
        out.append(_Segment(seg[n:], title=tuple(t for t, _ in seg[j:n])))
    return out


# a capitalised word made an adjective ("Brexit-supporting", "Chicago-based", "Hamas-run")
_MODIFIER = re.compile(
    r"[A-Z][\w.'’]*(?:-[\w.'’]+)*-"
    rf"(?:[a-z]{{3,}}ing|[a-z]{{2,}}ed|{'|'.join(name_words('modifier'))})"
)
# "then-Director", "ex-President", "Then-Secretary"
_PAST_TITLE = titles("past")


@functools.cache
def _first_name_lists() -> dict[str, frozenset[str]]:
    data = json.loads(Path(__file__).with_name("first_names.json").read_text("utf-8"))
    return {k: frozenset(data[k]) for k in ("m", "f", "u")}


def first_names() -> tuple[frozenset[str], frozenset[str]]:
    """First names far likelier for men and for women (1990 US Census tables, built by
    ``scripts/build_first_names.py``)."""
    lists = _first_name_lists()
    return lists["m"], lists["f"]


@functools.cache
def given_names() -> frozenset[str]:
    """Every first name the census tables list for one sex far more than for the other,
    with the rare ones whose sex they do not tell ("Wan")."""
    lists = _first_name_lists()
    return lists["m"] | lists["f"] | lists["u"]


def _told_first_name(word: str) -> bool:
    """Whether ``word`` is a first name common enough that the census tells its sex."""
    male, female = first_names()
    return word in male or word in female


@functools.cache
def _first_names() -> frozenset[str]:
    """Given names, lower case, from the shipped ``first_names.json`` (read-only data)."""
    return frozenset(n.lower() for n in given_names())


_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
# words whose possessive starts a name ("Children's Hospital", "New Year's Eve")
_POSSESSIVE_NAME_WORDS = frozenset(name_words("possessive"))
_SAINTS = frozenset(name_words("saint"))  # "St. James's Palace"
# last words that make "X and Y ..." one name ("Centre for Israel and Jewish Affairs")
_AND_HEADS = name_heads("and_head")


def _possessive_in_name(tokens: list[str], i: int, lowercase_words: frozenset[str]) -> bool:
    """Whether the possessive ``tokens[i]`` belongs inside a longer name: a title or common
    word ("Attorney General's Office", "Children's Hospital"), a saint or king ("St.
    James's Palace", "King Edward VII's Hospital")."""
    owner = _POSSESSIVE.sub("", tokens[i])
    low = owner.lower()
    if low in ROLE_WORDS or low.rstrip("s") in ROLE_WORDS or low in _POSSESSIVE_NAME_WORDS:
        return True
    if i == 0 and low in lowercase_words and low not in FUNCTION_WORDS:
        return True  # "Children's Hospital", not "Rite Aid's", "That's"
    if re.fullmatch(r"[IVX]+", owner):
        return True
    return i > 0 and tokens[i - 1] in _SAINTS


_TIMES = frozenset(name_words("clock"))
# an adverb in -ly ("Fortunately", "Reportedly"); not "Anatoly", "Vitaly", "Emily"
_ADVERB = re.compile(r"[a-z]{3,}[^aiouy\W]ly")
# words that are part of a title ("Majority Leader", "Chief Medical Examiner")
_TITLE_PARTS = titles("part")
# role words that only qualify a title ("Foreign Minister"), never one on their own
TITLE_MODIFIERS = titles("qualifier")


_TITLES = ROLE_WORDS | HONORIFICS
_TITLE_WORDS = _TITLES | _TITLE_PARTS
_TITLE_RUN = _TITLES | {"of", "for", "the"}
_JOINED_TITLE = _TITLES | CONNECTORS | {"the"}
_LEADING = _TITLES | FUNCTION_WORDS | _TIMES
_HEADS = ORG_SUFFIXES | ORG_HEADS | PLACE_SUFFIXES | PLACE_HEADS
_PAST_ROLE = ROLE_WORDS | _PAST_TITLE


def _title_word(token: str) -> str:
    """A token lower-cased, without possessive or final period; a hyphenated title as its
    last word ("Secretary-General" → "general", "then-Director" → "director")."""
    low = _POSSESSIVE.sub("", token).lower().rstrip(".")
    parts = low.split("-")
    if len(parts) > 1 and all(p in _PAST_ROLE for p in parts):
        return parts[-1]
    return low


def _title_inside(tokens: list[str]) -> tuple[int, int] | None:
    """A title inside a span that ends in a person's name ("Wells Fargo CEO John Stumpf",
    "Nebraska Sen. Ben Sasse", "Senate Majority Leader Harry Reid", "UN High Commissioner
    for Human Rights Navi Pillay"): where the title starts (after the employer or place,
    0 when none) and where the name starts; None when there is no such title. A title at
    the very start ("Russian President Vladimir Putin") is left to ``_mention``."""
    gz = gazetteer()
    titles = _TITLES
    heads = _HEADS
    lows = [_title_word(t) for t in tokens]

    def leading(k: int) -> bool:
        return lows[k] in _LEADING or tokens[k] in gz.demonyms

    lead = 0
    while lead < len(tokens) and leading(lead):
        lead += 1
    for j in range(lead + 1, len(tokens) - 1):
        if lows[j] not in titles or lows[j - 1] in _JOINED_TITLE:
            continue
        i = j
        while i < len(tokens) and lows[i] in _TITLE_RUN:
            i += 1
        run = lows[j:i]
        if i == len(tokens) or all(w in TITLE_MODIFIERS or w in CONNECTORS for w in run):
            continue
        n = i
        if len(tokens) - i > 2 and {"of", "for"} & set(run):
            # "Commissioner for Human Rights Navi Pillay": the name is its last two words,
            # or starts at a known first name ("... of State Hillary Rodham Clinton")
            firsts = [k for k in range(i, len(tokens) - 1) if lows[k] in _first_names()]
            n = firsts[0] if firsts else len(tokens) - 2
        rest = tokens[n:]
        last = _POSSESSIVE.sub("", rest[-1]).lower().rstrip(".")
        if (
            len(rest) > 4
            or not all(t[:1].isupper() for t in rest)
            or any(w in titles or w in FUNCTION_WORDS for w in lows[n:])
            or last in heads
            or last in OTHER_HEADS
            or " ".join(rest) in gz.places
            or " ".join(rest) in gz.organizations
            or rest[0] in gz.demonyms
        ):
            continue
        # words that qualify the title belong to it ("Senate Majority Leader", "Honolulu
        # Chief Medical Examiner", "Canadian Prime Minister")
        while (
            j > 0
            and lows[j - 1] not in heads
            and (lows[j - 1] in _TITLE_WORDS or tokens[j - 1] in gz.demonyms)
        ):
            j -= 1
        return (0 if j <= lead else j), n
    return None


def _and_in_name(tokens: list[str], k: int) -> bool:
    """Whether "and" at ``tokens[k]`` is part of one name ("Australian Communications and
    Media Authority", "Department of Health and Human Services") rather than a list of
    names ("Kerry and Ban", "Gale and Cruz", "Eureka Police Department and Humboldt County
    Sheriff's Office"). ``tokens`` run from the start of the name to the end of the span."""
    gz = gazetteer()
    whole = " ".join(tokens)
    if whole in gz.organizations or whole in gz.places:
        return True
    if k + 1 < len(tokens) and tokens[k + 1] == tokens[0]:
        return False  # "United and United Express": two names of one family
    before = _POSSESSIVE.sub("", tokens[k - 1]).lower().rstrip(".") if k else ""
    if before in _HEADS or " ".join(tokens[:k]) in gz.organizations:
        return False  # the words before "and" already name an organisation
    last = _POSSESSIVE.sub("", tokens[-1]).lower().rstrip(".")
    return last in ORG_SUFFIXES or last in ORG_HEADS or last in OTHER_HEADS or last in _AND_HEADS


_UNSPOKEN_TITLE = HONORIFICS | FUNCTION_WORDS
#: Titles written in full before a full name ("Doctor Sokal Pirg", "Rabbi Shmuel Herzfeld",
#: "Sister Carol Keehan", "Sr. Carol Keehan": a nun's, never a kin word before a full name).
SPELLED_TITLES = titles("spelled")
_OPENERS = frozenset({"", ".", '"', "“", "”"})  # what precedes a sentence's first word
_JOINERS = CONNECTORS | {"the"}
_NOT_A_NAME = ROLE_WORDS | FUNCTION_WORDS


_PLACE_OF = re.compile(rf"\b(?:{'|'.join(name_words('place_of'))})\s+of\s+$", re.IGNORECASE)
# a lowercase role word right before a one-word name, or "who" after it: a person
_ROLE_BEFORE = re.compile(rf"\b(?:{'|'.join(map(re.escape, sorted(ROLE_WORDS)))}),?\s+$")
_WHO_AFTER = re.compile(r",\s+who\b")
# the nouns for a relative who is one sex ("his wife"): the women's, then the men's
FEMALE_KIN = frozenset(kin_words("female"))  # lexicon/kin.txt
MALE_KIN = frozenset(kin_words("male"))
KIN_NOUNS = "|".join(sorted(FEMALE_KIN | MALE_KIN, key=lambda w: (-len(w), w)))
# a relative named by a given name alone: "Campbell's mother, Patricia," / "his wife Ann"
_KIN_BEFORE = re.compile(rf"\b(?:{KIN_NOUNS}|{'|'.join(kin_words('named'))}),?\s+$")


@dataclass(slots=True)
class _Lead:
    """A span's tokens while its leading function words and titles are dropped, with what
    those words told: the title kept as the role, an honorific seen, and whether the last
    word dropped was "of" or "for"."""

    tokens: list[str]
    offs: list[int]
    role_toks: list[str]
    honorific: bool
    after_of: bool = False


def _drops_first(
    text: str, lead: _Lead, org_like: bool, lowercase_words: frozenset[str], gz: Gazetteer
) -> bool:
    """Whether the first of ``lead``'s tokens is no part of the name (a title among them is
    added to its role, an honorific noted)."""
    tokens, role_toks = lead.tokens, lead.role_toks
    start = lead.offs[0]
    low = tokens[0].lower().rstrip(".")
    sentence_start = start == 0 or text[max(0, start - 2) : start].strip() in _OPENERS
    hyphen = "-" in low
    if hyphen and re.fullmatch(r"[\w]+-years?-old", low) and len(tokens) > 1:
        return True  # "Nine-year-old Kieran": an age, not a name
    if hyphen and _MODIFIER.fullmatch(tokens[0]) and len(tokens) > 1:
        return True  # "Brexit-supporting Daily Express", "Chicago-based Boeing"
    if low in _TIMES and re.search(r"\d\s*$", text[:start]):
        return True  # "4:30 A.M. Hamas ...": a time
    if sentence_start and _ADVERB.fullmatch(low) and low not in _first_names() and len(tokens) > 1:
        return True  # "Fortunately Kieran": an adverb, not "Kimberly" nor "Anatoly"
    if (
        low in _TITLE_PARTS
        and len(tokens) > 2
        and _title_word(tokens[1]) in ROLE_WORDS
        and not org_like
    ):
        role_toks.append(tokens[0])  # "Crown Prince Mohammed bin Salman"
        return True
    if low in SPELLED_TITLES and len(tokens) > 2 and tokens[0][:1].isupper():
        role_toks.append(tokens[0])  # "Sister Carol Keehan", "Rabbi Shmuel Herzfeld"
        return True
    if hyphen and all(p in _PAST_ROLE for p in low.split("-")):
        role_toks.append(tokens[0])  # "Secretary-General Ban", "then-Director Comey"
        return True
    if role_toks and lead.after_of and low in ORG_SUFFIXES and len(tokens) > 2:
        role_toks.append(tokens[0])  # "Inspector-General of Police Khalid Abu Bakar"
        return True
    if low in FUNCTION_WORDS or (
        sentence_start
        and (low in lowercase_words or low in SENTENCE_ADVERBS or low.endswith("ing"))
        and not role_toks
    ):
        if low in ROLE_WORDS:
            role_toks.append(tokens[0])
        return True
    if low in HONORIFICS and len(tokens) > 1:
        lead.honorific = True
        return True
    if low in ROLE_WORDS or tokens[0] in gz.demonyms:
        if len(tokens) == 1 or org_like:
            return False
        role_toks.append(tokens[0])
        return True
    return False


def _mention_kind(
    text: str,
    key: str,
    span: tuple[int, int],
    one_word: bool,
    seg: _Segment,
    lead: _Lead,
    lowercase_words: frozenset[str],
) -> EntityKind:
    """The kind of the name ``key`` at ``span``: what it looks like, corrected by what is
    around it (the title before it, "the port of", "newspaper" after it)."""
    start, end = span
    role_toks, after_of = lead.role_toks, lead.after_of
    kind = _classify(key, key.split(" "), lead.honorific)
    if seg.employer and kind == "person":
        kind = "organization"  # "Coty Professional Beauty Vice President ..."
    elif kind == "person" and after_of and role_toks:
        kind = "organization"  # "Director General of Air Transportation": the office's body
    elif kind == "person" and _PLACE_OF.search(text, max(0, start - 30), start):
        kind = "place"  # "the port of Pangkalan Bun"
    elif kind == "person" and _MEDIA_AFTER.match(text, end, end + 24):
        kind = "organization"  # "Indonesia's Jawa Pos newspaper": an outlet, named
    elif (
        kind == "other"
        and one_word
        and key.lower() not in lowercase_words
        and (
            (role_toks and not after_of and not seg.employer)
            or _ROLE_BEFORE.search(text, max(0, start - 30), start)
            or _WHO_AFTER.match(text, end, end + 8)
            or (key in given_names() and _KIN_BEFORE.search(text, max(0, start - 30), start))
        )
    ):
        # "President Obama", "rescue official Supriyadi", "Supriyadi, who uses one name",
        # "her mother, Patricia"
        kind = "person"
    return kind


def _written_role(text: str, start: int, role_toks: Sequence[str]) -> str | None:
    """The title dropped before the name at ``start``, as the text writes it."""
    role = " ".join(role_toks) if role_toks else None
    if len(role_toks) > 1:
        # "Secretary of State John Kerry": the title as written, its "of" kept
        joined = r"\s+(?:(?:of|for)\s+(?:the\s+)?)?".join(map(re.escape, role_toks))
        written = re.search(rf"{joined}\s+$", text[max(0, start - 80) : start])
        if written:
            role = " ".join(written.group(0).split())
    if role:
        # "Secretary of the Interior Dirk Kempthorne": the title the office's name follows
        office = re.search(
            rf"\b([A-Z][a-z]+\s+of\s+(?:the\s+)?){re.escape(role)}\s+$",
            text[max(0, start - 80) : start],
        )
        if office and _title_word(office.group(1).split()[0]) in ROLE_WORDS:
            role = office.group(1) + role
    return role


def _mention(
    text: str, aid: str, seg: _Segment, lowercase_words: frozenset[str]
) -> RawMention | None:
    """One typed mention from the tokens of a span (leading titles and function words
    dropped, the title kept as the role), or None when nothing name-like is left."""
    gz = gazetteer()
    tokens = [t for t, _ in seg.toks]
    offs = [o for _, o in seg.toks]
    org_like = tokens[-1].lower().rstrip(".") in ORG_SUFFIXES
    # drop leading function words / role words, remembering the role
    lead = _Lead(
        tokens,
        offs,
        role_toks=[t for t in seg.title if t.lower().rstrip(".") not in _UNSPOKEN_TITLE],
        honorific=any(t.lower().rstrip(".") in HONORIFICS for t in seg.title),
    )
    while lead.tokens and _drops_first(text, lead, org_like, lowercase_words, gz):
        lead.after_of = lead.tokens[0].lower().rstrip(".") in ("of", "for")
        lead.tokens, lead.offs = lead.tokens[1:], lead.offs[1:]
    tokens, offs = lead.tokens, lead.offs
    while tokens and (tokens[-1].lower() in _JOINERS or tokens[-1].lower().rstrip(".") in WEEKDAYS):
        tokens, offs = tokens[:-1], offs[:-1]  # "... Kerry and", "Kanye West Tuesday"
    if tokens and "-" in tokens[-1] and _MODIFIER.fullmatch(tokens[-1]):
        bare = tokens[-1][: tokens[-1].rindex("-")]  # "Andreessen Horowitz-backed"
        if len(tokens) == 1 and len(bare) < 2:
            return None  # "T-shaped"
        tokens[-1] = bare
    if not tokens:
        return None
    if len(tokens) == 1 and tokens[0].lower().rstrip(".") in _NOT_A_NAME:
        return None
    if " ".join(tokens) in gz.demonyms:
        return None
    tokens[-1] = _strip_trailing_period(tokens[-1])
    key = " ".join(tokens)
    # a possessive belongs to the name, not in it
    key = re.sub(r"['’]s$|(?<=s)['’]$", "", key)  # "Assange's", "Riojas'"
    if key.lower() in FUNCTION_WORDS:
        return None  # "It's"
    start = offs[0]
    end = start + len(key)
    if text[start:end] != key:
        return None
    kind = _mention_kind(text, key, (start, end), len(tokens) == 1, seg, lead, lowercase_words)
    role = _written_role(text, start, lead.role_toks)
    return RawMention(aid, start, end, key, kind, key, role)


# a common noun after a name that makes it an outlet's ("the Jawa Pos newspaper")
_MEDIA_AFTER = re.compile(
    rf"\s+(?:{'|'.join(name_words('outlet'))}"
    rf"|news\s+(?:{'|'.join(name_words('news_outlet'))}))\b"
)


def lowercase_vocabulary(docs: Sequence[Document]) -> frozenset[str]:
    """Words that appear in lower case somewhere in the cluster (so are common words)."""
    vocab: set[str] = set()
    for d in docs:
        vocab.update(re.findall(r"\b[a-z][a-z'’\-]+\b", d.article.text))
    return frozenset(vocab)


# written after a name, never the start of a longer one ("Donald Trump Jr.")
_NAME_SUFFIXES = frozenset(name_words("name_suffix"))


def _respelt_names(persons: Counter[str]) -> dict[str, str]:
    """A full name whose surname differs by one letter from that of a name with the same
    first names ("Ariel Winder" for "Ariel Winter", a typo), mapped to the one the cluster
    writes more often (the first written, on a tie)."""
    out: dict[str, str] = {}
    ranked = [full for full, _n in persons.most_common()]
    for i, full in enumerate(ranked):
        head, _, last = full.rpartition(" ")
        if not head or len(last) < 5 or full in out:
            continue
        for other in ranked[i + 1 :]:
            h2, _, l2 = other.rpartition(" ")
            if (
                h2 == head
                and len(l2) == len(last)
                and other not in out
                and sum(a != b for a, b in zip(last, l2, strict=True)) == 1
            ):
                out[other] = full
    return out


def _longer_names(persons: Counter[str]) -> dict[str, str]:
    """Each full name that is the start of exactly one longer name of the cluster, one word
    longer, where that word is the family name of someone else the cluster names ("Cruz
    Riojas" of "Cruz Riojas Hooper", adopted by Linda Hooper; "Nicole Brown" of "Nicole
    Brown Simpson"), mapped to it. Not "Kevin Spacey" of "Kevin Spacey I"."""
    families = Counter(full.split()[-1] for full in persons)
    by_prefix: dict[str, set[str]] = defaultdict(set)
    for full in persons:
        head, _, last = full.rpartition(" ")
        if (
            " " in head
            and families[last] > 1
            and not last.isupper()  # "Carter Page FISA"
            and last.lower().rstrip(".") not in _NAME_SUFFIXES
        ):
            by_prefix[head].add(full)
    return {
        short: next(iter(fulls))
        for short, fulls in by_prefix.items()
        if short in persons and len(fulls) == 1
    }


def _misspelt_surname(word: str, by_surname: dict[str, list[str]]) -> list[str]:
    """The full names of the one surname that ``word`` (a lone capitalised word of five
    letters or more) writes with two neighbouring letters swapped ("Grieg" for "Greig");
    empty when there is no such surname or more than one."""
    if " " in word or len(word) < 5 or not word.isalpha():
        return []
    swaps = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1)}
    hits = [s for s in swaps - {word} if s in by_surname]
    return by_surname[hits[0]] if len(hits) == 1 else []


def group_entities(mentions: Sequence[RawMention]) -> tuple[list[Entity], dict[str, str]]:
    """Group mentions into entities; returns the entities and a map from each mention key to
    the canonical name of its entity (for speaker resolution), plus the bare form of a
    surname written with an Arabic article ("Haya" for "Khalil al-Haya")."""
    gz = gazetteer()
    canon_of: dict[str, str] = {}
    kind_of: dict[str, EntityKind] = {}
    persons = Counter(m.key for m in mentions if m.kind == "person" and " " in m.key)
    longer = _longer_names(persons) | _respelt_names(persons)
    by_surname: dict[str, list[str]] = defaultdict(list)
    for full, _n in persons.most_common():
        surname = full.split()[-1]
        by_surname[surname].append(full)
        if _bare_surname(surname) != surname:
            by_surname[_bare_surname(surname)].append(full)  # "Haya" for "Khalil al-Haya"
    for m in mentions:
        if m.key in canon_of:
            continue
        if m.kind == "place":
            canon_of[m.key] = gz.places.get(m.key, m.key)
            kind_of[canon_of[m.key]] = "place"
        elif m.kind == "organization":
            canon_of[m.key] = gz.organizations.get(m.key, m.key)
            kind_of[canon_of[m.key]] = "organization"
        elif m.kind == "person" and " " in m.key:
            # "Julian Assange" may also be the long form of a surname already seen;
            # "Cruz Riojas" the short form of "Cruz Riojas Hooper"
            canon_of[m.key] = longer.get(m.key, m.key)
            kind_of[canon_of[m.key]] = "person"
        else:
            surname = m.key.split()[-1]
            fulls = (
                by_surname.get(surname)
                or by_surname.get(m.key)
                or by_surname.get(_bare_surname(surname))
                or _misspelt_surname(m.key, by_surname)
            )
            if fulls:
                full = longer.get(fulls[0], fulls[0])
                canon_of[m.key] = full
                kind_of[full] = "person"
            else:
                canon_of[m.key] = m.key
                kind_of.setdefault(m.key, m.kind)
    grouped: dict[str, list[RawMention]] = defaultdict(list)
    for m in mentions:
        grouped[canon_of[m.key]].append(m)
    # a surname written with its article ("al-Haya") is also written without it ("Haya"):
    # both resolve to the full name for speakers the quote finder reads on its own
    for surname, fulls in by_surname.items():
        last = fulls[0].split()[-1]
        if (
            surname not in canon_of
            and _bare_surname(last) != last
            and len({longer.get(f, f) for f in fulls}) == 1
        ):
            canon_of[surname] = longer.get(fulls[0], fulls[0])
    entities: list[Entity] = []
    for name, ms in grouped.items():
        kind = kind_of.get(name, "other")
        if kind == "other" and len(ms) < 2:
            continue
        aliases = tuple(dict.fromkeys(m.text for m in ms))
        entities.append(
            Entity(
                name=name,
                kind=kind,
                aliases=aliases,
                mentions=tuple(Mention(m.article_id, m.start, m.end, m.text) for m in ms),
            )
        )
    entities.sort(key=lambda e: (-len({m.article_id for m in e.mentions}), -len(e.mentions)))
    return entities, canon_of
