"""The one registry of event types: each type is declared once, in ``extract/triggers.yaml``.

A type's entry there holds its trigger words (verbs, nouns, nouns that need a governing verb)
and its traits, which every stage reads from here instead of keeping its own list:

``needs_speaker``
    the subject must be someone who can speak (an accusation, a denial, a warning);
``not_an_ability``
    "capable of striking", "designed to deliver" describe an ability, not an event;
``one_day``
    the act happens on one day, so two dates for it are a conflict (linking);
``placed_by_article``
    a statement or decision reported when it is made: undated, it is placed in its article's month;
``alleged_on_report``
    told on a third party's word, the act is also that party's accusation;
``denied_by_party``
    a party to the act saying it did not happen ("no missile was sent", "we have not sent
    weapons") is denying it: the negated act becomes that party's denial;
``one_of_a_kind``
    rare enough to be one of its kind in a story (a crash, an explosion): compatible reports of
    it are one event even when their sentences read apart (linking);
``compare_claims``
    its trigger words tell what a claim is about when claims are compared (linking frames);
``doer_first``
    its first actor is who does it (the speaker, the state imposing a measure), so two reports whose
    first actors differ are two events however alike ("Ukraine cut ties with Iran", "the EU
    sanctioned Iran") (linking);
``told_by_finder``
    told in the passive with no one doing it ("fragments have been found", "debris was found"), the
    act is the party that tells of it: "Putin says fragments have been found" is Putin's finding.

A type added to the YAML with trigger words and no code yields events through the general
rules (trigger, arguments from the parse, actors); its traits switch on the rest. ``firing``
is not a type but the trigger words launch_attack and missile_test share.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from claimgraph import yamlio

TRAITS = ("needs_speaker", "not_an_ability", "one_day", "placed_by_article", "alleged_on_report", "compare_claims",
          "denied_by_party", "one_of_a_kind", "told_by_finder", "doer_first")
SHARED_TRIGGERS = "firing"


@dataclass(frozen=True)
class EventTypeSpec:
    name: str
    traits: frozenset[str]
    spec: dict[str, Any]  # the YAML entry: verbs, nouns, with_verb


@lru_cache(maxsize=1)
def trigger_data() -> dict[str, Any]:
    """``triggers.yaml`` as read, once: the types and the word lists extraction and linking share."""
    text = resources.files("claimgraph.extract").joinpath("triggers.yaml").read_text("utf-8")
    data = yamlio.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("types"), dict):
        raise ValueError("triggers.yaml: needs a 'types' mapping")
    return data


@lru_cache(maxsize=1)
def registry() -> dict[str, EventTypeSpec]:
    """Event type name -> its declaration, in the order of the YAML file."""
    out: dict[str, EventTypeSpec] = {}
    for name, spec in trigger_data()["types"].items():
        spec = dict(spec or {})
        traits = spec.pop("traits", None) or []
        if not isinstance(traits, list) or not all(isinstance(t, str) for t in traits):
            raise ValueError(f"triggers.yaml: {name}.traits must be a list of names")
        unknown = sorted(set(traits) - set(TRAITS))
        if unknown:
            raise ValueError(f"triggers.yaml: {name}.traits: unknown {', '.join(unknown)} (known: {', '.join(TRAITS)})")
        out[str(name)] = EventTypeSpec(str(name), frozenset(traits), spec)
    return out


def event_types() -> tuple[str, ...]:
    """The event types (the shared firing words are not one)."""
    return tuple(n for n in registry() if n != SHARED_TRIGGERS)


def with_trait(trait: str) -> frozenset[str]:
    """The types (and, for ``not_an_ability``, the shared firing words) declared with ``trait``."""
    if trait not in TRAITS:
        raise ValueError(f"unknown event type trait {trait!r}")
    return frozenset(n for n, t in registry().items() if trait in t.traits)
