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
    ArticleView,
    ClusterClaim,
    ClusterRecord,
    ClusterView,
    Contradiction,
    EntityProfile,
    EntityRecord,
    EntityView,
    Highlight,
    LineageRecord,
    Overview,
    Picture,
    SearchHit,
    Story,
    StoryRecord,
    TimelineEvent,
    TimelinePage,
    TimelineRecord,
)
from claimgraph.store.duck import DuckStore

__all__ = [
    "article",
    "article_view",
    "articles",
    "cluster",
    "entity_view",
    "all_events",
    "cluster_view",
    "filter_timeline",
    "limit_entity",
    "page_of",
    "overview",
    "search",
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
    return filter_timeline(all_events(store), entity=entity, type=type, certainty=certainty, since=since,
                           until=until, gaz=gaz)


def all_events(store: DuckStore) -> list[TimelineRecord]:
    """The whole merged timeline (what :func:`filter_timeline` narrows; the web app keeps it)."""
    return [
        TimelineRecord(
            date=m.date, placed_by_article_date=m.from_article_date, type=m.type, actors=m.actors,
            articles=m.articles, sources=m.sources, independent_stories=m.independent,
            date_conflicts=m.date_conflicts,
            events=[TimelineEvent(**asdict(e), sentence=t) for e, t in zip(m.events, m.sentences, strict=True)],
        )
        for m in linked.merged_timeline(store)
    ]


def filter_timeline(
    entries: list[TimelineRecord],
    entity: str | None = None,
    type: str | None = None,
    certainty: str | None = None,
    since: date | None = None,
    until: date | None = None,
    gaz: Gazetteer | None = None,
) -> list[TimelineRecord]:
    """The entries involving ``entity``, of one type, reported with one certainty, in a date range."""
    g = _gaz(gaz) if entity else None
    wanted = g.canon(entity).lower() if g and entity else None
    out = []
    for m in entries:
        if type and m.type != type:
            continue
        if certainty and all(e.certainty != certainty for e in m.events):
            continue
        if g and wanted and not any(g.canon(a).lower() == wanted for a in m.actors):
            continue
        if not _in_range(m.date, since, until):
            continue
        out.append(m)
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


def contradictions(store: DuckStore, kind: str | None = None, entity: str | None = None,
                   gaz: Gazetteer | None = None) -> list[Contradiction]:
    """Pairs of claims (or event dates) that cannot both hold, each with both sides; with
    ``entity``, those with a side made by it or about it."""
    found = [c for c in linked.contradictions(store) if kind is None or c.kind == kind]
    if entity:
        g = _gaz(gaz)
        refs = {(c.article_key, c.id) for c in claims(store, entity=entity, gaz=g)}
        refs |= {(c.article_key, c.id) for c in claims(store, source=entity, gaz=g)}
        found = [c for c in found if (c.a.key, c.a.ref) in refs or (c.b.key, c.b.ref) in refs]
    return found


def known_entity(store: DuckStore, name: str, gaz: Gazetteer | None = None) -> bool:
    """Whether the packs or the store know ``name`` (any alias, any case)."""
    g = _gaz(gaz)
    return g.get(g.canon(name)) is not None or store.has_entity(extracted.name_keys(name, g))


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


# ---------------------------------------------------------------------- views the web app shows
NEWEST = 10  # articles on the overview
BEST = 10  # claim clusters and contradictions on the overview
SEARCH_LIMIT = 50  # hits returned by a search
SNIPPET = 150  # characters shown either side of an article hit


def overview(store: DuckStore) -> Overview:
    """Counts, the newest articles, the best-corroborated claims and the contradictions."""
    arts = articles(store)
    newest = sorted(arts, key=lambda a: (a.published or "", a.key), reverse=True)[:NEWEST]
    clusters = claim_clusters(store)
    contra = contradictions(store)
    return Overview(
        counts={"articles": len(arts), "stories": len(stories(store)), "claims": store.count_claims(),
                "claim clusters": len(clusters), "contradictions": len(contra)},
        newest=newest, best_corroborated=clusters[:BEST], contradictions=contra[:BEST],
    )


def cluster(store: DuckStore, cluster_id: int) -> ClusterView | None:
    """One claim cluster (as listed by :func:`claim_clusters`, any size), with what contradicts it."""
    found = next((c for c in claim_clusters(store, min_articles=1) if c.id == cluster_id), None)
    return cluster_view(found, contradictions(store)) if found else None


def cluster_view(found: ClusterRecord, contra: list[Contradiction]) -> ClusterView:
    """A cluster with its independent sources and the contradictions (of ``contra``) touching it."""
    refs = {(m.article_key, m.claim_id) for m in found.claims}
    named = list(found.primary_sources)
    own = sorted({m.story for m in found.claims if m.source not in found.primary_sources}
                 - {m.story for m in found.claims if m.source in found.primary_sources})
    return ClusterView(found, named + [f"story {s}" for s in own],
                       [c for c in contra if (c.a.key, c.a.ref) in refs or (c.b.key, c.b.ref) in refs])


def article_view(store: DuckStore, key: str) -> ArticleView | None:
    """An article with every extraction as a highlight over its cleaned text."""
    detail = article(store, key)
    if detail is None:
        return None
    ex = store.get_extraction(key)
    cluster_of = {(k, r): c for c, k, r in store.unit_clusters("claim", 2)}
    hl: list[Highlight] = []
    if ex is not None:
        for m in ex.entities:
            hl.append(Highlight("entity", m.start, m.end, m.entity, m.type))
        for d in ex.dates:
            hl.append(Highlight("date", d.start, d.end, d.text, d.value or "unresolved"))
        for i, q in enumerate(ex.quantities):
            hl.append(Highlight("quantity", q.start, q.end, str(i), f"{q.value:g} {q.unit}"))
        for e in ex.events:
            hl.append(Highlight("event", e.trigger_start, e.trigger_end, e.id,
                                f"{e.type} ({e.certainty}, {e.source})"))
        for c in ex.claims:
            hl.append(Highlight("claim", c.start, c.end, c.id, f"{c.source}: {c.certainty}",
                                cluster_of.get((key, c.id))))
    return ArticleView(detail, sorted(hl, key=lambda h: (h.start, -h.end)), ex.claims if ex else [],
                       ex.events if ex else [], store.story_of().get(key))


def entity_view(store: DuckStore, name: str, gaz: Gazetteer | None = None) -> EntityView | None:
    """An entity's profile, split into what it did and what was done to it, and who it is linked with."""
    g = _gaz(gaz)
    prof = entity(store, name, gaz=g)
    if prof is None:
        return None
    me = prof.name.lower()
    did = [e for e in prof.events if e.actors and g.canon(e.actors[0]).lower() == me]
    done = [e for e in prof.events if e not in did]
    related: dict[str, int] = {}
    for e in prof.events:
        for a in e.actors:
            if g.canon(a).lower() != me:
                related[g.canon(a)] = related.get(g.canon(a), 0) + 1
    for c in prof.claims_by + prof.claims_about:
        for n in c.entities:
            if g.canon(n).lower() != me:
                related[g.canon(n)] = related.get(g.canon(n), 0) + 1
    return EntityView(prof, did, done, sorted(related.items(), key=lambda kv: (-kv[1], kv[0])))


def search(store: DuckStore, query: str, limit: int = SEARCH_LIMIT) -> list[SearchHit]:
    """Articles and claims containing every word of ``query``, most occurrences first."""
    words = [w for w in query.lower().split() if w][:8]
    if not words:
        return []
    hits = []
    for kind, key, ref, title, text, start, end, score in store.search_text(words, limit):
        if kind == "article":  # the passage around the first word found, not the whole text
            at = text.lower().find(words[0])
            start, end = max(0, at - SNIPPET), min(len(text), at + len(words[0]) + SNIPPET)
            text = text[start:end]
        hits.append(SearchHit(kind, key, ref, title, text, start, end, score))
    return hits


def page_of(entries: list[TimelineRecord], offset: int = 0, limit: int = 200) -> TimelinePage:
    """Entries ``offset`` to ``offset + limit`` of a timeline, with its length."""
    return TimelinePage(len(entries), offset, limit, entries[offset:offset + limit])


def limit_entity(view: EntityView, limit: int) -> EntityView:
    """The view with each list cut to ``limit`` items, their full lengths in ``totals``."""
    p = view.profile
    lists: dict[str, list[Any]] = {"mentions": p.mentions, "claims_by": p.claims_by, "claims_about": p.claims_about,
             "events": p.events, "quantities": p.quantities, "did": view.did, "done_to": view.done_to,
             "related": view.related}
    from dataclasses import replace

    return EntityView(
        replace(p, mentions=p.mentions[:limit], claims_by=p.claims_by[:limit], claims_about=p.claims_about[:limit],
                events=p.events[:limit], quantities=p.quantities[:limit]),
        view.did[:limit], view.done_to[:limit], view.related[:limit],
        totals={k: len(v) for k, v in lists.items()},
    )
