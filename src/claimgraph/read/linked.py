"""Read-side questions over the linked store: stories, one story's lineage, corroboration,
contradictions and the merged timeline. The store answers through its methods; nothing here
runs SQL.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from claimgraph.link.distort import SentencePair, compare
from claimgraph.link.features import get_embedder
from claimgraph.link.pipeline import _Records as _LinkRecords
from claimgraph.link.rules import thresholds_for
from claimgraph.models import Article, Claim, Event, Extraction
from claimgraph.store.duck import DuckStore

_NAMED_TYPES = {"official", "expert", "organization", "media"}


class _Records(_LinkRecords):
    """Articles and extractions the views show, each loaded once."""

    def __init__(self, store: DuckStore) -> None:
        super().__init__(store)
        self.articles: dict[str, Article] = {}
        self.extractions: dict[str, Extraction] = {}
        self._ids: dict[str, dict[str, Claim | Event]] = {}

    def preload(self, keys: Iterable[str]) -> None:
        """Articles and extractions of these keys in two queries (one each would cost ms apiece)."""
        want = sorted({k for k in keys if k not in self.extractions})
        if not want:
            return
        self.articles.update(self.store.get_current_articles(want))
        found = self.store.get_extractions(want)
        for k in want:
            self.extractions[k] = found.get(k) or Extraction(k, 0)

    def article(self, key: str) -> Article:
        if key not in self.articles:
            art = self.store.get_article(key)
            if art is None:
                raise KeyError(key)
            self.articles[key] = art
        return self.articles[key]

    def extraction(self, key: str) -> Extraction:
        if key not in self.extractions:
            self.extractions[key] = self.store.get_extraction(key) or Extraction(key, 0)
        return self.extractions[key]

    def _by_id(self, key: str) -> dict[str, Claim | Event]:
        if key not in self._ids:
            ex = self.extraction(key)
            self._ids[key] = {**{c.id: c for c in ex.claims}, **{e.id: e for e in ex.events}}
        return self._ids[key]

    def claim(self, key: str, ref: str) -> Claim | None:
        found = self._by_id(key).get(ref)
        return found if isinstance(found, Claim) else None

    def event(self, key: str, ref: str) -> Event | None:
        found = self._by_id(key).get(ref)
        return found if isinstance(found, Event) else None


@dataclass
class Member:
    key: str
    role: str  # origin | copy | rewrite | related | single
    parent: str | None
    title: str | None
    outlet: str | None
    published: str | None


@dataclass
class Story:
    id: str  # the origin's key
    members: list[Member]

    @property
    def origin(self) -> Member:
        return self.members[0]


def stories(store: DuckStore) -> list[Story]:
    rows = store.story_rows()
    by: dict[str, list[Member]] = defaultdict(list)
    for story, key, role, parent, title, outlet, pub in rows:
        by[story].append(Member(key, role, parent, title, outlet, pub.isoformat() if pub else None))
    out = []
    for sid, members in by.items():
        members.sort(key=lambda m: (m.role not in ("origin", "single"), m.published or "9999", m.key))
        out.append(Story(sid, members))
    out.sort(key=lambda s: (-len(s.members), s.origin.published or "9999", s.id))
    return out


def find_story(store: DuckStore, ident: str) -> Story | None:
    """A story by its id or by any member's key."""
    sid = store.story_id_of(ident)
    if sid is None:
        return None
    return next((s for s in stories(store) if s.id == sid), None)


@dataclass
class Lineage:
    member: Member
    against: str  # the key it is compared with (its parent)
    pairs: list[SentencePair]

    def counts(self) -> Counter[str]:
        return Counter(c.kind for p in self.pairs for c in p.changes)


def lineage(store: DuckStore, story: Story) -> list[Lineage]:
    """Each copy or rewrite compared with the article it was linked from."""
    recs = _Records(store)
    name = store.link_state_value("embedder")
    th = thresholds_for(name.decode() if name else get_embedder().name)
    recs.load_features(m.key for m in story.members)
    out = []
    for m in story.members:
        if m.role not in ("copy", "rewrite", "related") or m.parent is None:
            continue
        pairs = compare(recs.article(m.parent), recs.extraction(m.parent), recs.features[m.parent],
                        recs.article(m.key), recs.extraction(m.key), recs.features[m.key], th)
        out.append(Lineage(m, m.parent, pairs))
    return out


# ---------------------------------------------------------------------- corroboration
@dataclass
class ClaimRef:
    key: str
    claim: Claim
    text: str
    sentence: str
    story: str
    outlet: str | None
    published: str | None


@dataclass
class ClaimCluster:
    id: int
    claims: list[ClaimRef]
    primary_sources: list[str]  # named sources who made the claim themselves
    relays: list[str]  # stories (by origin key) that carry it
    independent: int
    first_seen: str | None
    first_key: str
    certainty: dict[str, int] = field(default_factory=dict)


def corroboration(store: DuckStore, min_articles: int = 2, entity: str | None = None) -> list[ClaimCluster]:
    """Claim clusters with their sources, counted independently.

    Independent sources: each named primary source once (however many outlets relay it), plus
    each story that states the claim in its own voice or from unnamed sources once (copies and
    rewrites of a story belong to it, so they add nothing).
    """
    recs = _Records(store)
    story_of = store.story_of()
    groups: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for cluster, key, ref in store.unit_clusters("claim", min_articles):
        groups[cluster].append((key, ref))
    recs.preload(k for members in groups.values() for k, _ in members)
    out = []
    for cid, members in groups.items():
        refs = []
        for key, ref in members:
            c = recs.claim(key, ref)
            if c is None:
                continue
            art = recs.article(key)
            refs.append(ClaimRef(key, c, art.text[c.start:c.end], art.text[c.sentence_start:c.sentence_end],
                                 story_of.get(key, key), art.outlet,
                                 art.published.isoformat() if art.published else None))
        if not refs:
            continue
        if entity and not any(entity.lower() in (e.lower() for e in r.claim.entities) or
                              r.claim.source.lower() == entity.lower() for r in refs):
            continue
        primary = sorted({r.claim.source for r in refs if r.claim.source_type in _NAMED_TYPES})
        # A story that names a source for the claim is relaying it, even where one of its
        # rewrites drops the attribution.
        naming = {r.story for r in refs if r.claim.source_type in _NAMED_TYPES}
        own_voice = {r.story for r in refs if r.claim.source_type not in _NAMED_TYPES} - naming
        relays = sorted({r.story for r in refs})
        dated = sorted((r.published, r.key) for r in refs if r.published)
        first = dated[0] if dated else (None, refs[0].key)
        out.append(ClaimCluster(cid, refs, primary, relays, len(primary) + len(own_voice), first[0], first[1],
                                dict(Counter(r.claim.certainty for r in refs))))
    out.sort(key=lambda c: (-c.independent, -len(c.claims), c.first_seen or "9999"))
    return out


# ---------------------------------------------------------------------- contradictions
@dataclass
class Side:
    key: str
    ref: str
    source: str
    certainty: str
    text: str
    sentence: str
    start: int
    end: int


@dataclass
class Contradiction:
    kind: str  # denial | certainty | number | date
    detail: str
    a: Side
    b: Side


def _side(recs: _Records, key: str, ref: str, kind: str) -> Side | None:
    art = recs.article(key)
    if kind == "claim":
        c = recs.claim(key, ref)
        if c is None:
            return None
        return Side(key, ref, c.source, c.certainty, art.text[c.start:c.end],
                    art.text[c.sentence_start:c.sentence_end], c.start, c.end)
    e: Event | None = recs.event(key, ref)
    if e is None:
        return None
    return Side(key, ref, e.source, e.certainty, art.text[e.trigger_start:e.trigger_end],
                art.text[e.start:e.end], e.start, e.end)


def contradictions(store: DuckStore) -> list[Contradiction]:
    recs = _Records(store)
    pairs = store.unit_pairs("contra:")
    recs.preload(k for p in pairs for k in (p[2], p[4]))
    out = []
    for kind, detail, ka, ra, kb, rb, unit_kind in pairs:
        a, b = _side(recs, ka, ra, unit_kind), _side(recs, kb, rb, unit_kind)
        if a and b:
            out.append(Contradiction(kind.split(":", 1)[1], detail or "", a, b))
    return out


# ---------------------------------------------------------------------- merged timeline
@dataclass
class MergedEvent:
    id: int
    type: str
    date: str | None
    from_article_date: bool  # no member gives a date: placed by the article's publication date
    events: list[Event]
    sentences: list[str]
    sources: list[str]
    articles: list[str]
    independent: int  # stories reporting it
    date_conflicts: list[str]
    actors: list[str]


def merged_timeline(store: DuckStore) -> list[MergedEvent]:
    """Each event once, with every article that reports it; dates in conflict are listed."""
    recs = _Records(store)
    story_of = store.story_of()
    published = {k: p.isoformat() if p else None for k, p in store.published_dates().items()}
    groups: dict[int, list[tuple[str, str]]] = defaultdict(list)
    linked = store.unit_clusters("event")
    seen: set[tuple[str, str]] = set()
    for cluster, key, ref in linked:
        groups[cluster].append((key, ref))
        seen.add((key, ref))
    next_id = -1
    every = store.extractions()
    recs.extractions.update({ex.article_key: ex for ex in every})  # loaded once, used below
    for ex in every:  # events of articles not linked yet still belong on the timeline
        for ev in ex.events:
            if (ev.article_key, ev.id) not in seen:
                groups[next_id] = [(ev.article_key, ev.id)]
                next_id -= 1
    recs.preload(k for members in groups.values() for k, _ in members)
    conflicts: dict[tuple[str, str], list[str]] = defaultdict(list)
    for _kind, detail, ka, ra, kb, rb, _unit in store.unit_pairs("contra:date"):
        conflicts[(ka, ra)].append(f"{detail} ({kb})")
        conflicts[(kb, rb)].append(f"{detail} ({ka})")
    out = []
    for gid, members in groups.items():
        evs = [e for e in (recs.event(k, r) for k, r in members) if e is not None]
        if not evs:
            continue
        dated = [e for e in evs if e.date and not e.date_from_article]
        if dated:
            # The most precise date most members give; disagreements are kept as conflicts.
            best = Counter(e.date for e in dated).most_common()
            date = max(best, key=lambda x: (x[1], len(x[0] or "")))[0]
            from_article = False
        else:
            pubs = sorted(p for p in (published.get(e.article_key) for e in evs) if p)
            date, from_article = (pubs[0] if pubs else None), True
        disagree = sorted({e.date for e in dated if e.date and date and not e.date.startswith(date[:len(e.date)])
                           and not date.startswith(e.date)})
        notes = sorted({c for k, r in members for c in conflicts.get((k, r), [])})
        if disagree:
            notes.append("members give " + ", ".join(disagree))
        out.append(MergedEvent(
            gid, evs[0].type, date, from_article, evs,
            [recs.article(e.article_key).text[e.start:e.end] for e in evs],
            sorted({e.source for e in evs}), sorted({e.article_key for e in evs}),
            len({story_of.get(e.article_key, e.article_key) for e in evs}), notes,
            sorted({a for e in evs for a in e.actors}),
        ))
    out.sort(key=lambda m: (m.date is None, m.date or "", m.from_article_date, m.articles[0]))
    return out
