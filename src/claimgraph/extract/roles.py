"""A source described by its role ("Iran's foreign minister") is the party the article names in that role.

Reporters name a speaker once ("Iranian Foreign Minister Hossein Amirabdollahian", "Galaxy
Maritime Ltd, owner of the ship") and describe him elsewhere ("Iran's foreign minister said",
"the vessel's owner said"), in either order. A claim credited to the description and another
to the name are the same source; corroboration must not count them twice, and a reader wants
the name. This is light, role-based coreference: spaCy's small model has no coreference
component, and the general coreference libraries need large models this tool does not ship.

A description matches a named party when its role words (the head noun and the adjectives before
it: "foreign minister") all stand in the words that title the name in the text ("Iranian Foreign
Minister ...", "..., owner of ..."), or in its pack entry's role, and the state it names (by
possessive or demonym: "Iran's", "US") is the party's. Only a single candidate is taken.
"""

from __future__ import annotations

import re

from claimgraph.models import Claim, EntityMention, Event
from claimgraph.nlp.packs import Gazetteer

TITLE_WORDS = 4  # words before a name read as its title ("Iranian Foreign Minister")
_WORD = re.compile(r"[A-Za-z][\w'\u2019\u00b4.-]*")
_POSSESSIVE = re.compile(r"['\u2019\u00b4]s$")
ROLE_HEADS = frozenset(
    """minister spokesman spokeswoman spokesperson president chief commander ambassador envoy secretary
    leader governor premier chancellor senator admiral general owner operator manager director head
    mayor diplomat""".split()
)
_APPOSITIVE_ROLE = re.compile(r"\s*,\s*(?:the\s+)?([a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:of|at|for)\b")  # ", owner of"
_SKIP = frozenset({"the", "a", "an", "its", "his", "her", "their", "of", "former", "then"})


def _country(word: str, gaz: Gazetteer) -> str | None:
    name = gaz.resolve(_POSSESSIVE.sub("", word).rstrip("."))
    ent = gaz.get(name) if name else None
    return ent.name if ent is not None and ent.type == "country" else None


def describe(words: list[str], gaz: Gazetteer) -> tuple[frozenset[str], str | None]:
    """(role words, state) of a descriptor or a title: "Iran's foreign minister" ->
    ({"foreign", "minister"}, "Iran"); a possessor that is not a state ("the vessel's") is dropped."""
    role: set[str] = set()
    state: str | None = None
    for w in words:
        c = _country(w, gaz)
        if c is not None:
            state = state or c
            continue
        if _POSSESSIVE.search(w) or w.lower() in _SKIP:
            continue
        role.add(w.lower().rstrip(".,"))
    return frozenset(role), state


def _titles(text: str, mentions: list[EntityMention], gaz: Gazetteer) -> dict[str, tuple[set[str], set[str]]]:
    """Named party -> (words titling it anywhere in the article, states those titles name)."""
    out: dict[str, tuple[set[str], set[str]]] = {}
    for m in mentions:
        if m.type not in ("person", "organisation", "organization", "company", "government_body"):
            continue
        role, states = out.setdefault(m.entity, (set(), set()))
        before = _WORD.findall(text[max(0, m.start - 60):m.start].split("\n")[-1])[-TITLE_WORDS:]
        after = _APPOSITIVE_ROLE.match(text[m.end:m.end + 60])
        words = before + (after.group(1).split() if after else [])
        r, s = describe(words, gaz)
        role |= r
        if s:
            states.add(s)
        ent = gaz.get(m.entity)
        if ent is not None:
            role |= {w.lower() for w in _WORD.findall(str(ent.attributes.get("role", "")))}
            if ent.country:
                states.add(gaz.canon(ent.country))
    return out


def name_described_sources(claims: list[Claim], events: list[Event], text: str, mentions: list[EntityMention],
                           gaz: Gazetteer) -> None:
    """Give each claim (and event) credited to a role description the party named in that role."""
    described = {c.source for c in claims if c.source != "author" and gaz.get(c.source) is None
                 and c.source.split()[-1].lower() in ROLE_HEADS}
    if not described:
        return
    titles = _titles(text, mentions, gaz)
    named: dict[str, str] = {}
    for desc in described:
        role, state = describe(desc.split(), gaz)
        if not role:
            continue
        hits = [name for name, (words, states) in titles.items()
                if role <= words and (state is None or state in states)]
        if len(hits) == 1:
            named[desc] = hits[0]
    for c in claims:
        if c.source in named:
            c.source = named[c.source]
    for e in events:
        if e.source in named:
            e.source = named[e.source]
