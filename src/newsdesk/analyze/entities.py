"""Rule-based people / organisation / place recognition, aliases grouped per cluster.

No statistical model ships with the core install, so names are found as capitalised
spans, typed with a small gazetteer (``gazetteer.json``), honorifics, role words and
organisation suffixes, and grouped across the cluster: "Mr. Assange" and "Assange" join
"Julian Assange"; "U.K." and "Britain" join "United Kingdom".
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..model import Entity, EntityKind, Mention
from ..summarize.base import Document
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

ROLE_WORDS = frozenset(
    [
        "president",
        "minister",
        "secretary",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "chancellor",
        "governor",
        "mayor",
        "senator",
        "representative",
        "ambassador",
        "foreign",
        "prime",
        "deputy",
        "chief",
        "director",
        "attorney",
        "general",
        "officer",
        "official",
        "leader",
        "chairman",
        "chairwoman",
        "ceo",
        "founder",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "sheriff",
        "commissioner",
        "inspector",
        "detective",
        "captain",
        "lieutenant",
        "sergeant",
        "judge",
        "justice",
        "prosecutor",
        "lawyer",
        "professor",
        "coach",
        "manager",
        "executive",
        "vice",
        "premier",
        "head",
        "councillor",
        "councilman",
        "congressman",
        "congresswoman",
        "analyst",
        "editor",
        "correspondent",
        "economist",
        "interior",
        "defense",
        "defence",
        "home",
        "finance",
        "health",
        "state",
        "trade",
    ]
)
ORG_SUFFIXES = frozenset(
    [
        "inc",
        "corp",
        "corporation",
        "co",
        "ltd",
        "llc",
        "plc",
        "party",
        "ministry",
        "office",
        "department",
        "university",
        "college",
        "court",
        "council",
        "committee",
        "bank",
        "agency",
        "association",
        "commission",
        "police",
        "times",
        "news",
        "post",
        "embassy",
        "assembly",
        "nations",
        "union",
        "senate",
        "congress",
        "parliament",
        "government",
        "institute",
        "foundation",
        "group",
        "company",
        "service",
        "services",
        "network",
        "airlines",
        "army",
        "navy",
        "force",
        "forces",
        "guard",
        "school",
        "hospital",
        "church",
        "club",
        "league",
        "federation",
        "board",
        "authority",
        "administration",
        "fund",
        "press",
        "journal",
    ]
)
PLACE_SUFFIXES = frozenset(
    [
        "city",
        "county",
        "street",
        "avenue",
        "river",
        "island",
        "islands",
        "province",
        "state",
        "valley",
        "mountains",
        "lake",
        "bay",
    ]
)
# Last words that make a capitalised span a law, event, work or thing, never a person
# ("Extradition Act", "Chemical Weapons Convention", "World War II", "Super Bowl").
OTHER_HEADS = frozenset(
    [
        "act",
        "acts",
        "law",
        "laws",
        "bill",
        "convention",
        "conventions",
        "treaty",
        "treaties",
        "amendment",
        "constitution",
        "charter",
        "accord",
        "accords",
        "protocol",
        "code",
        "directive",
        "doctrine",
        "resolution",
        "award",
        "awards",
        "medal",
        "prize",
        "trophy",
        "war",
        "wars",
        "age",
        "ages",
        "era",
        "period",
        "day",
        "eve",
        "year",
        "marathon",
        "bowl",
        "cup",
        "games",
        "olympics",
        "festival",
        "show",
        "series",
        "report",
        "fig",
        "figs",
        "table",
        "tables",
        "notes",
        "information",
        "formation",
        "rule",
        "index",
        "average",
    ]
)
# ... an organisation ("Regimental Combat Team", "Field Museum")
ORG_HEADS = frozenset(
    [
        "center",
        "clinic",
        "herald",
        "tribune",
        "gazette",
        "chronicle",
        "telegraph",
        "newspaper",
        "magazine",
        "team",
        "battalion",
        "regiment",
        "division",
        "brigade",
        "corps",
        "squad",
        "museum",
        "observatory",
        "laboratory",
        "foundation",
        "institute",
        "association",
        "society",
        "council",
        "committee",
        "commission",
        "agency",
        "bureau",
        "centre",
    ]
)
# ... a place ("Dilworth Plaza", "Mweya Safari Lodge", "Pacific Crest Trail")
PLACE_HEADS = frozenset(
    [
        "plaza",
        "square",
        "hall",
        "road",
        "drive",
        "highway",
        "boulevard",
        "lane",
        "park",
        "lodge",
        "hotel",
        "trail",
        "airport",
        "palace",
        "apartments",
        "reservoir",
        "harbor",
        "harbour",
        "beach",
        "ridge",
        "mountain",
        "mount",
        "peak",
        "forest",
        "desert",
        "coast",
    ]
)

# Capitalised words that start sentences or headlines but are not names.
# first words of place names that are not given names
PLACE_PREFIXES = frozenset(
    "San Santa Los Las Fort Port Mount Lake Saint St. Ste. Mt. Ft. Cape Puerto Rio".split()
)

# capitalised only because they open a sentence ("Sometimes Cruz misbehaved")
SENTENCE_ADVERBS = frozenset(
    "sometimes often usually always never soon afterwards afterward instead perhaps maybe "
    "eventually finally initially ultimately indeed besides otherwise nevertheless thus "
    "therefore hence somehow anyway again already almost".split()
)

FUNCTION_WORDS = (
    frozenset(
        [
            "a",
            "an",
            "the",
            "and",
            "but",
            "or",
            "so",
            "yet",
            "for",
            "nor",
            "if",
            "when",
            "while",
            "after",
            "before",
            "as",
            "at",
            "by",
            "in",
            "on",
            "of",
            "to",
            "from",
            "with",
            "without",
            "about",
            "it",
            "its",
            "he",
            "she",
            "they",
            "we",
            "i",
            "you",
            "his",
            "her",
            "their",
            "our",
            "my",
            "this",
            "that",
            "these",
            "those",
            "there",
            "here",
            "what",
            "who",
            "why",
            "how",
            "where",
            "which",
            "one",
            "some",
            "many",
            "most",
            "all",
            "no",
            "not",
            "now",
            "then",
            "still",
            "also",
            "however",
            "meanwhile",
            "though",
            "although",
            "because",
            "since",
            "until",
            "once",
            "today",
            "yesterday",
            "tonight",
            "last",
            "next",
            "earlier",
            "later",
            "according",
            "during",
            "under",
            "over",
            "more",
            "less",
            "just",
            "even",
            "only",
            "both",
            "each",
            "other",
        ]
    )
    | WEEKDAYS
    | MONTHS
)
CONNECTORS = frozenset({"of", "for", "de", "la", "del", "da", "van", "von", "bin", "al", "and"})

_CAP = r"(?:[A-Z][a-z]?\.(?:[A-Z][a-z]?\.)+|[A-Z][\w'’\-]*\.?|[A-Z]{2,})"
_SPAN = re.compile(
    rf"{_CAP}(?:\s+(?:(?:of|for|de|la|del|da|van|von|bin|al|and|the)\s+)?{_CAP})*",
)


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
    if key in gz.places:
        return "place"
    if key in gz.organizations:
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
    regnal = re.fullmatch(r"[IVX]+", tokens[-1]) is not None
    if last in OTHER_HEADS or (regnal and _war(tokens)):
        return "other"
    if last in ORG_HEADS:
        return "organization"
    if last in PLACE_HEADS:
        return "place"
    if tokens[0] in PLACE_PREFIXES and len(tokens) >= 2:
        return "place"  # "San Antonio", "Fort Worth", "Mount Everest"
    if 2 <= len(tokens) <= 4 and all(t[:1].isupper() for t in tokens):
        return "person"
    return "other"


def find_mentions(doc: Document, lowercase_words: frozenset[str] = frozenset()) -> list[RawMention]:
    """Name spans of one article, typed; ``lowercase_words`` (words seen in lower case in the
    cluster) marks capitalised common words that only start a sentence."""
    text = doc.article.text
    aid = doc.article.id
    gz = gazetteer()
    out: list[RawMention] = []
    for m in _SPAN.finditer(text):
        tokens = m.group(0).split()
        for i, tok in enumerate(tokens[:-1]):
            if _ends_sentence(tok):
                tokens = tokens[: i + 1]
                break
        start = m.start()
        org_like = tokens[-1].lower().rstrip(".") in ORG_SUFFIXES
        # drop leading function words / role words, remembering the role
        role_toks: list[str] = []
        honorific = False
        while tokens:
            low = tokens[0].lower().rstrip(".")
            sentence_start = start == 0 or text[max(0, start - 2) : start].strip() in {
                "",
                ".",
                '"',
                "“",
                "”",
            }
            if re.fullmatch(r"[\w]+-years?-old", low) and len(tokens) > 1:
                start += len(tokens[0])  # "Nine-year-old Kieran": an age, not a name
                start += len(text[start:]) - len(text[start:].lstrip())
                tokens = tokens[1:]
                continue
            if low in FUNCTION_WORDS or (
                sentence_start
                and (low in lowercase_words or low in SENTENCE_ADVERBS or low.endswith("ing"))
                and not role_toks
            ):
                if low in ROLE_WORDS:
                    role_toks.append(tokens[0])
                start += len(tokens[0])
                start += len(text[start:]) - len(text[start:].lstrip())
                tokens = tokens[1:]
                continue
            if low in HONORIFICS and len(tokens) > 1:
                honorific = True
                start += len(tokens[0])
                start += len(text[start:]) - len(text[start:].lstrip())
                tokens = tokens[1:]
                continue
            if low in ROLE_WORDS or tokens[0] in gz.demonyms:
                if len(tokens) == 1 or org_like:
                    break
                role_toks.append(tokens[0])
                start += len(tokens[0])
                start += len(text[start:]) - len(text[start:].lstrip())
                tokens = tokens[1:]
                continue
            break
        while tokens and tokens[-1].lower() in CONNECTORS | {"the"}:
            tokens = tokens[:-1]
        if not tokens:
            continue
        if len(tokens) == 1 and tokens[0].lower().rstrip(".") in ROLE_WORDS | FUNCTION_WORDS:
            continue
        if " ".join(tokens) in gz.demonyms:
            continue
        tokens[-1] = _strip_trailing_period(tokens[-1])
        key = " ".join(tokens)
        # a possessive belongs to the name, not in it
        key = re.sub(r"['’]s$|(?<=s)['’]$", "", key)  # "Assange's", "Riojas'"
        end = start + len(key)
        if text[start:end] != key:
            continue
        kind = _classify(key, tokens, honorific)
        role = " ".join(role_toks) if role_toks else None
        out.append(RawMention(aid, start, end, key, kind, key, role))
    return out


def lowercase_vocabulary(docs: Sequence[Document]) -> frozenset[str]:
    """Words that appear in lower case somewhere in the cluster (so are common words)."""
    vocab: set[str] = set()
    for d in docs:
        vocab.update(re.findall(r"\b[a-z][a-z'’\-]+\b", d.article.text))
    return frozenset(vocab)


def group_entities(mentions: Sequence[RawMention]) -> tuple[list[Entity], dict[str, str]]:
    """Group mentions into entities; returns the entities and a map from each mention key to
    the canonical name of its entity (for speaker resolution)."""
    gz = gazetteer()
    canon_of: dict[str, str] = {}
    kind_of: dict[str, EntityKind] = {}
    persons = Counter(m.key for m in mentions if m.kind == "person" and " " in m.key)
    by_surname: dict[str, list[str]] = defaultdict(list)
    for full, _n in persons.most_common():
        by_surname[full.split()[-1]].append(full)
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
            # "Julian Assange" may also be the long form of a surname already seen
            canon_of[m.key] = m.key
            kind_of[m.key] = "person"
        else:
            surname = m.key.split()[-1]
            fulls = by_surname.get(surname) or by_surname.get(m.key)
            if fulls:
                canon_of[m.key] = fulls[0]
                kind_of[fulls[0]] = "person"
            else:
                canon_of[m.key] = m.key
                kind_of.setdefault(m.key, m.kind)
    grouped: dict[str, list[RawMention]] = defaultdict(list)
    for m in mentions:
        grouped[canon_of[m.key]].append(m)
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
