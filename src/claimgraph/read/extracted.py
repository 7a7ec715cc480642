"""Read-side questions over the extractions: claims about an entity, one entity's profile."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from claimgraph.models import Claim, EntityMention, Event, Extraction, Quantity
from claimgraph.nlp.packs import Gazetteer
from claimgraph.store.duck import DuckStore, entity_key


def _matches(name: str, wanted: str, gaz: Gazetteer) -> bool:
    return gaz.canon(name).lower() == gaz.canon(wanted).lower()


def name_keys(name: str, gaz: Gazetteer) -> list[str]:
    """Every name the store may hold for ``name``: its canonical name and the pack's aliases."""
    canonical = gaz.canon(name)
    pe = gaz.get(canonical)
    names = {canonical, name.strip(), *((*pe.aliases, *pe.metonyms, *pe.demonyms) if pe else ())}
    return sorted({entity_key(n) for n in names})


def claims(
    store: DuckStore,
    gaz: Gazetteer,
    entity: str | None = None,
    source: str | None = None,
    certainty: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[Claim]:
    """Claims about ``entity`` (mentioned in the claim) and/or by ``source``, in articles
    published between ``since`` and ``until``.

    The store's entity index narrows the claims to those naming one of the entity's names; the
    names are then compared after alias resolution, as everywhere else.
    """
    found = store.find_claims(
        about=name_keys(entity, gaz) if entity else None,
        by=name_keys(source, gaz) if source else None,
        certainty=certainty, since=since, until=until,
    )
    return [c for c in found if (not entity or any(_matches(e, entity, gaz) for e in c.entities))
            and (not source or _matches(c.source, source, gaz))]


@dataclass
class EntityProfile:
    name: str
    type: str | None
    wikidata: str | None
    known: bool  # in a pack (else provisional)
    aliases: list[str] = field(default_factory=list)
    mentions: list[EntityMention] = field(default_factory=list)
    claims_by: list[Claim] = field(default_factory=list)
    claims_about: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)


def entity_profile(store: DuckStore, gaz: Gazetteer, name: str) -> EntityProfile | None:
    canonical = gaz.canon(name)
    pe = gaz.get(canonical)
    # Only the articles that name it (the entity indexes), not every extraction in the store.
    exs: list[Extraction] = list(store.get_extractions(store.articles_naming(name_keys(name, gaz))).values())
    mentions = [m for ex in exs for m in ex.entities if m.entity.lower() == canonical.lower()]
    if pe is None and not mentions:
        return None
    prof = EntityProfile(
        name=pe.name if pe else mentions[0].entity,
        type=pe.type if pe else mentions[0].type,
        wikidata=pe.wikidata if pe else None,
        known=pe is not None,
        aliases=sorted({*pe.aliases, *pe.metonyms, *pe.demonyms}) if pe else [],
        mentions=mentions,
    )
    for ex in exs:
        for c in ex.claims:
            if _matches(c.source, prof.name, gaz):
                prof.claims_by.append(c)
            elif any(_matches(e, prof.name, gaz) for e in c.entities):
                prof.claims_about.append(c)
        for ev in ex.events:
            if any(_matches(a, prof.name, gaz) for a in ev.actors) or (
                ev.weapon and _matches(ev.weapon, prof.name, gaz)) or (
                ev.location and _matches(ev.location, prof.name, gaz)):
                prof.events.append(ev)
        spans = [(m.start, m.end) for m in mentions if m.article_key == ex.article_key]
        text_sents = {(c.sentence_start, c.sentence_end) for c in ex.claims}
        for q in ex.quantities:
            if any(s0 <= q.start < s1 and any(s0 <= a < s1 for a, _ in spans) for s0, s1 in text_sents):
                prof.quantities.append(q)
    return prof
