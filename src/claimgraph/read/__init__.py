"""The one read layer: functions that return plain records (``records.py``) with filters.

The CLI (``--json`` prints exactly these records), the exports, the report and the web app
render what these functions return and ask the store nothing themselves.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from claimgraph.models import Claim, InputFailure
from claimgraph.nlp.packs import Gazetteer
from claimgraph.read import extracted, linked
from claimgraph.read.records import (
    ArticleDetail,
    ArticleRecord,
    ClusterClaim,
    ClusterRecord,
    Contradiction,
    EntityProfile,
    EntityRecord,
    LineageRecord,
    Picture,
    Story,
    StoryRecord,
    TimelineEvent,
    TimelineRecord,
)
from claimgraph.store.duck import DuckStore

__all__ = [
    "article",
    "articles",
    "claim_clusters",
    "claims",
    "contradictions",
    "entity",
    "failures",
    "picture",
    "stories",
    "story",
    "timeline",
    "to_json",
]


def _gaz(gaz: Gazetteer | None) -> Gazetteer:
    if gaz is not None:
        return gaz
    from claimgraph.nlp.pipeline import gazetteer

    return gazetteer()


def to_json(records: Any) -> Any:
    """Records (or a list of them) as JSON-ready values, in the shapes ``schema.json`` gives."""
    if isinstance(records, list):
        return [to_json(r) for r in records]
    return asdict(records)


def _article_record(a: Any, cls: type = ArticleRecord, **extra: Any) -> Any:
    return cls(
        key=a.key, title=a.title, url=a.url, outlet=a.outlet,
        published=a.published.isoformat() if a.published else None, language=a.language, status=a.status,
        status_reason=a.status_reason, version=a.version, origin=a.origin, chars=len(a.text), **extra,
    )


def articles(store: DuckStore, since: date | None = None, until: date | None = None) -> list[ArticleRecord]:
    """Current versions of the stored articles, by key; with dates, only those published then."""
    out = []
    for a in store.iter_articles():
        if (since or until) and (a.published is None or (since and a.published < since)
                                 or (until and a.published > until)):
            continue
        out.append(_article_record(a))
    return out


def failures(store: DuckStore, all_runs: bool = False) -> list[InputFailure]:
    """Inputs that failed, with their reasons: in the last ingest run, or in every run."""
    run = store.last_run()
    return store.failures(None if all_runs or run is None else run.id)


def article(store: DuckStore, key: str, version: int | None = None) -> ArticleDetail | None:
    """One article (the current version, or ``version``) with its text and stored versions."""
    a = store.get_article(key, version)
    if a is None:
        return None
    return _article_record(a, ArticleDetail, text=a.text, versions=[v for v, _ in store.versions(key)])  # type: ignore[no-any-return]


def claims(
    store: DuckStore,
    entity: str | None = None,
    source: str | None = None,
    certainty: str | None = None,
    since: date | None = None,
    until: date | None = None,
    gaz: Gazetteer | None = None,
) -> list[Claim]:
    """Claims about ``entity`` and/or by ``source``, of one certainty, in articles published
    between ``since`` and ``until``."""
    return extracted.claims(store, _gaz(gaz), entity=entity, source=source, certainty=certainty,
                            since=since, until=until)


def entity(store: DuckStore, name: str, gaz: Gazetteer | None = None) -> EntityProfile | None:
    """Everything about one entity: mentions, claims by and about it, events, figures."""
    return extracted.entity_profile(store, _gaz(gaz), name)


def _in_range(value: str | None, since: date | None, until: date | None) -> bool:
    """Whether a date at its own precision (YYYY, YYYY-MM, YYYY-MM-DD) can fall in the range."""
    if since is None and until is None:
        return True
    if not value:
        return False
    v = value.split("/")[0]
    return (since is None or v >= since.isoformat()[: len(v)]) and (until is None or v <= until.isoformat()[: len(v)])


def timeline(
    store: DuckStore,
    entity: str | None = None,
    type: str | None = None,
    certainty: str | None = None,
    since: date | None = None,
    until: date | None = None,
    gaz: Gazetteer | None = None,
) -> list[TimelineRecord]:
    """Events in date order, each once with every article's report of it."""
    g = _gaz(gaz) if entity else None
    wanted = g.canon(entity).lower() if g and entity else None
    out = []
    for m in linked.merged_timeline(store):
        if type and m.type != type:
            continue
        if certainty and all(e.certainty != certainty for e in m.events):
            continue
        if g and wanted and not any(g.canon(a).lower() == wanted for a in m.actors):
            continue
        if not _in_range(m.date, since, until):
            continue
        out.append(TimelineRecord(
            date=m.date, placed_by_article_date=m.from_article_date, type=m.type, actors=m.actors,
            articles=m.articles, sources=m.sources, independent_stories=m.independent,
            date_conflicts=m.date_conflicts,
            events=[TimelineEvent(**asdict(e), sentence=t) for e, t in zip(m.events, m.sentences, strict=True)],
        ))
    return out


def stories(store: DuckStore) -> list[Story]:
    """Articles grouped into stories, the likely origin first."""
    return linked.stories(store)


def story(store: DuckStore, ident: str) -> StoryRecord | None:
    """One story (by its id or any member's key) and how each copy or rewrite departs from the
    article it was linked from."""
    st = linked.find_story(store, ident)
    if st is None:
        return None
    return StoryRecord(st.id, st.members, [
        LineageRecord(ln.member.key, ln.member.role, ln.against, dict(ln.counts()), ln.pairs)
        for ln in linked.lineage(store, st)
    ])


def claim_clusters(store: DuckStore, min_articles: int = 2, entity: str | None = None) -> list[ClusterRecord]:
    """Claim clusters across at least ``min_articles`` articles, best corroborated first."""
    return [
        ClusterRecord(
            id=c.id, independent_sources=c.independent, primary_sources=c.primary_sources, stories=c.relays,
            first_seen=c.first_seen, first_article=c.first_key, certainty=c.certainty,
            claims=[ClusterClaim(r.key, r.claim.id, r.claim.source, r.claim.certainty, r.text, r.sentence,
                                 r.claim.start, r.claim.end, r.story) for r in c.claims],
        )
        for c in linked.corroboration(store, min_articles=min_articles, entity=entity)
    ]


def contradictions(store: DuckStore, kind: str | None = None) -> list[Contradiction]:
    """Pairs of claims (or event dates) that cannot both hold, each with both sides."""
    return [c for c in linked.contradictions(store) if kind is None or c.kind == kind]


class UnknownEntity(LookupError):
    """The entity is neither in the packs nor named in the store."""


def picture(store: DuckStore, entity: str | None = None, since: date | None = None,
            gaz: Gazetteer | None = None) -> Picture:
    """The whole picture, with provenance offsets; with ``entity``, the articles that name it and
    the claims, events and figures about or by it; with ``since``, articles published from then.

    Raises :class:`UnknownEntity` for a name the packs and the store do not know, so a typo is
    reported instead of exported as an empty picture.
    """
    from claimgraph import __version__

    g = _gaz(gaz)
    wanted = g.canon(entity).lower() if entity else None

    def named(name: str | None) -> bool:
        return wanted is None or (name is not None and g.canon(name).lower() == wanted)

    exs = {ex.article_key: ex for ex in store.extractions()}
    if entity and g.get(g.canon(entity)) is None and not any(
            named(m.entity) for ex in exs.values() for m in ex.entities):
        raise UnknownEntity(f"no entity named {entity!r} in the packs or the store")
    arts = [a for a in articles(store, since=since)
            if a.key in exs and (wanted is None or any(named(m.entity) for m in exs[a.key].entities))]
    keys = {a.key for a in arts}
    claims_out: list[Claim] = []
    events_out = []
    quantities = []
    for key in sorted(keys):
        ex = exs[key]
        kept = [c for c in ex.claims if wanted is None or named(c.source) or any(named(e) for e in c.entities)]
        claims_out += kept
        events_out += [e for e in ex.events if wanted is None or any(named(a) for a in (*e.actors, e.weapon,
                                                                                        e.location))]
        quantities += [q for i, q in enumerate(ex.quantities)
                       if wanted is None or any(i in c.quantity_ids for c in kept)]
    involved = {g.canon(n).lower() for c in claims_out for n in (c.source, *c.entities)} | {
        g.canon(n).lower() for e in events_out for n in (*e.actors, e.weapon, e.location) if n}
    by_entity: dict[str, EntityRecord] = {}
    for key in sorted(keys):
        for m in exs[key].entities:
            if wanted is not None and g.canon(m.entity).lower() not in involved | {wanted}:
                continue
            rec = by_entity.setdefault(m.entity, EntityRecord(m.entity, m.type, m.wikidata, m.provisional, []))
            rec.mentions.append(m)
    claim_ids = {(c.article_key, c.id) for c in claims_out}
    event_ids = {(e.article_key, e.id) for e in events_out}
    stories_out = []
    for st in stories(store):
        members = [m for m in st.members if m.key in keys]
        if members:
            stories_out.append(Story(st.id, members))
    return Picture(
        generator=f"claimgraph {__version__}",
        entity=entity,
        since=since.isoformat() if since else None,
        articles=arts,
        entities=sorted(by_entity.values(), key=lambda r: r.name),
        claims=claims_out,
        events=events_out,
        quantities=quantities,
        timeline=[t for t in timeline(store, entity=entity, gaz=g)
                  if any((e.article_key, e.id) in event_ids for e in t.events)],
        stories=stories_out,
        claim_clusters=[c for c in claim_clusters(store) if any((m.article_key, m.claim_id) in claim_ids
                                                                for m in c.claims)],
        contradictions=[c for c in contradictions(store)
                        if {(c.a.key, c.a.ref), (c.b.key, c.b.ref)} & (claim_ids | event_ids)],
    )
