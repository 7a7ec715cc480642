"""What a claim is about, in a form two claims can be compared on: its frame.

A frame is the set of parties (canonical entities named in the claim, plus the source when the
source is itself an entity: a government that denies is a party to what it denies), the event
types its words evoke (from the same trigger data extraction uses), its quantities, and whether
it voices doubt. Two claims with overlapping frames are about the same proposition even when
one is a terse denial ("denied any arms deal") and the other a detailed report.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from claimgraph import yamlio
from claimgraph.event_types import trigger_data, with_trait
from claimgraph.models import Claim, EntityMention, Extraction, Quantity
from claimgraph.nlp.packs import Gazetteer

_TYPES = tuple(sorted(with_trait("compare_claims")))  # types whose words tell what a claim is about
# Irregular forms the prefix match cannot reach from the lemma.
_IRREGULAR = {"sold": "sell", "sent": "send", "gave": "give", "given": "give", "bought": "buy",
              "shot": "shoot", "fired": "fire", "met": "meet", "struck": "strike", "hit": "hit"}
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")


@dataclass(frozen=True)
class _Lexicon:
    phrases: dict[str, tuple[str, ...]]  # type -> multiword phrases
    weapon: frozenset[str]
    doubt: tuple[re.Pattern[str], ...]
    by_prefix: dict[str, tuple[tuple[str, str], ...]]  # first two letters -> (type, stem)
    with_weapon: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # same, needing a weapon


def _stem(word: str) -> str:
    """Lemma to a prefix that also matches its inflections (supply -> suppl, use -> us)."""
    w = word.lower()
    if len(w) > 4 and w.endswith(("y", "e")):
        return w[:-1]
    return w


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    raw = trigger_data()
    link: dict[str, Any] = yamlio.safe_load(
        resources.files("claimgraph.link").joinpath("frames.yaml").read_text(encoding="utf-8")
    )
    types = raw["types"]
    stems: dict[str, set[str]] = {t: set() for t in _TYPES}
    phrases: dict[str, list[str]] = {t: [] for t in _TYPES}
    for t in _TYPES:
        spec = types.get(t, {})
        words = list(spec.get("verbs", [])) + list(spec.get("nouns", [])) + list(link.get("extra", {}).get(t, []))
        if t in ("launch_attack", "missile_test"):
            words += list(types.get("firing", {}).get("verbs", [])) + list(types.get("firing", {}).get("nouns", []))
        for w in words:
            w = str(w).lower()
            (phrases[t].append(w) if " " in w else stems[t].add(_stem(w)))
    for t, words in link.get("claim_acts", {}).items():
        stems[t], phrases[t] = set(), []
        for w in words:
            w = str(w).lower()
            (phrases[t].append(w) if " " in w else stems[t].add(_stem(w)))
    for t, drop in link.get("ambiguous", {}).items():
        stems[t] -= {_stem(str(w)) for w in drop}
    with_weapon: dict[str, list[tuple[str, str]]] = {}
    for t, words in link.get("with_weapon", {}).items():
        for w in words:
            stem = _stem(str(w).lower())
            with_weapon.setdefault(stem[:2], []).append((t, stem))
    doubt = tuple(re.compile(p, re.IGNORECASE) for p in link.get("doubt", []))
    weapon = frozenset(str(w).lower() for w in raw["lexicon"]["weapon"])
    by_prefix: dict[str, list[tuple[str, str]]] = {}
    for t, st in stems.items():
        for stem in st:
            by_prefix.setdefault(stem[:2], []).append((t, stem))
    return _Lexicon({t: tuple(p) for t, p in phrases.items()}, weapon, doubt,
                    {k: tuple(v) for k, v in by_prefix.items()}, {k: tuple(v) for k, v in with_weapon.items()})


def evoked_types(text: str) -> frozenset[str]:
    """Event types whose trigger words occur in ``text``."""
    lex = lexicon()
    low = text.lower()
    tokens = [_IRREGULAR.get(w, w) for w in _WORD.findall(low)]
    found = {t for tok in tokens for t, stem in lex.by_prefix.get(tok[:2], ())
             if tok.startswith(stem) and len(tok) - len(stem) <= 4}
    found |= {t for t, ps in lex.phrases.items() if t not in found and any(p in low for p in ps)}
    if any(_singular(tok) in lex.weapon for tok in tokens):
        found |= {t for tok in tokens for t, stem in lex.with_weapon.get(tok[:2], ())
                  if tok.startswith(stem) and len(tok) - len(stem) <= 4}
    return frozenset(found)


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def voices_doubt(text: str) -> bool:
    """'It remains unclear whether ...', 'could not be verified': the claim questions itself."""
    return any(p.search(text) for p in lexicon().doubt)


_JOINT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")


@dataclass
class Frame:
    parties: frozenset[str]
    types: frozenset[str]
    quantities: list[Quantity] = field(default_factory=list)
    doubt: bool = False
    negative: bool = False  # the source denies it
    places: frozenset[str] = frozenset()  # places named in the claim
    days: frozenset[str] = frozenset()  # day-precise dates in the claim (ISO)
    source_side: frozenset[str] = frozenset()  # the source and the state it speaks for
    periods: frozenset[str] = frozenset()  # months, years and ranges named in the claim ("2024-01", "2023-12/2024-02")
    doers: frozenset[str] = frozenset()  # who does the acts the claim tells (its events' first actors)

    @property
    def stance(self) -> str:
        return "deny" if self.negative else "doubt" if self.doubt else "affirm"

    def to_dict(self) -> dict[str, Any]:
        return {"parties": sorted(self.parties), "types": sorted(self.types),
                "quantities": [asdict(q) for q in self.quantities], "doubt": self.doubt,
                "negative": self.negative, "places": sorted(self.places), "days": sorted(self.days),
                "source_side": sorted(self.source_side), "periods": sorted(self.periods),
                "doers": sorted(self.doers)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Frame:
        return cls(frozenset(d["parties"]), frozenset(d["types"]), [Quantity(**q) for q in d["quantities"]],
                   d["doubt"], d["negative"], frozenset(d["places"]), frozenset(d["days"]),
                   frozenset(d.get("source_side", ())), frozenset(d.get("periods", ())),
                   frozenset(d.get("doers", ())))


def _origin_parties(text: str, mentions: list[EntityMention], start: int) -> bool:
    """A weapon named by its maker's demonym ('North Korean-made missiles', 'Iranian drones')."""
    weapon = lexicon().weapon
    for m in mentions:
        if m.type != "country" or m.text.lower() == m.entity.lower():
            continue
        after = text[m.end - start:m.end - start + 40].lower()
        nxt = _WORD.findall(after)[:3]
        if not nxt:
            continue
        if nxt[0].split("-")[-1] in ("made", "produced", "built", "supplied", "manufactured", "origin"):
            return True
        if any(w.rstrip("s") in weapon or w in weapon for w in nxt[:3]):
            return True
    return False


def claim_frame(claim: Claim, ex: Extraction, text: str, gaz: Gazetteer) -> Frame:
    """The frame of ``claim``; ``text`` is the article text the offsets point into.

    Parties are widened to the state behind them ("Russian military" is also Russia), since
    a government's denial covers its armed forces.
    """
    source_is_entity = gaz.get(claim.source) is not None
    content = text[claim.start:claim.end]
    sentence = text[claim.sentence_start:claim.sentence_end] if claim.sentence_end > claim.sentence_start else content
    parties = set(claim.entities)
    in_sentence = [m for m in ex.entities if claim.sentence_start <= m.start and m.end <= claim.sentence_end]
    if not parties:
        # Terse content ("any arms deal", "whether deliveries took place"): the sentence says who.
        parties = {m.entity for m in in_sentence if m.type in ("country", "government_body", "organisation")}
    if source_is_entity and claim.source != "author":
        parties.add(claim.source)
    elif claim.source != "author":
        # A joint source ("Belmora and Karvany"): each part the article names is a party.
        named = {m.entity for m in ex.entities} | {m.text for m in ex.entities}
        parties |= {p for p in _JOINT.split(claim.source) if p in named}
    for p in list(parties):
        ent = gaz.get(p)
        if ent is not None and ent.country:
            parties.add(ent.country)
    basis = content if len(content.split()) >= 5 else sentence
    types = set(evoked_types(basis))
    in_content = [m for m in in_sentence if claim.start <= m.start and m.end <= claim.end] or in_sentence
    if _origin_parties(text[claim.start:claim.end] if claim.end > claim.start else sentence, in_content,
                       claim.start):
        types.add("transfer")  # a foreign-made weapon in use implies it was supplied
    quantities = [q for q in ex.quantities if claim.start <= q.start and q.end <= claim.end]
    # The proposition's polarity: a source that denies X, or states "not X", both put "not X".
    negative = claim.certainty == "denied" or claim.polarity == "negative"
    places = frozenset(m.entity for m in ex.entities
                       if m.type in ("place", "country") and claim.start <= m.start and m.end <= claim.end)
    days = frozenset(d.value for d in ex.dates if d.value and d.granularity == "day" and not d.end_value
                     and claim.start <= d.start and d.end <= claim.end)
    periods = frozenset(f"{d.value}/{d.end_value}" if d.end_value else d.value for d in ex.dates
                        if d.value and (d.granularity != "day" or d.end_value)
                        and claim.start <= d.start and d.end <= claim.end)
    side: set[str] = set()
    if claim.source != "author":
        src = gaz.get(claim.source)
        side = {claim.source} | ({src.country} if src is not None and src.country else set())
        side |= {gaz.canon(w) for w in re.findall(r"[A-Z][\w'-]+", claim.source)} & set(parties)
        # "U.S. officials", "Houthi group": the state or group a descriptor names speaks too
        side |= {e.name for e in gaz.named_in(claim.source, plural=True) if e.type not in ("weapon_system", "place")}
    told = set(claim.event_ids)
    doers = frozenset(e.actors[0] for e in ex.events
                      if e.id in told and e.actors and claim.start <= e.trigger_start < claim.end)
    return Frame(frozenset(parties), frozenset(types), quantities, voices_doubt(content), negative, places, days,
                 frozenset(side), periods, doers)
