"""The records the read layer returns: what every output (CLI ``--json``, exports, report, web
app) is rendered from. Their shapes are published as a JSON Schema (``schema.json`` beside this
module, built by :func:`claimgraph.read.schema.build_schema`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from claimgraph.link.distort import SentencePair
from claimgraph.models import Claim, EntityMention, Event, Quantity
from claimgraph.read.extracted import EntityProfile
from claimgraph.read.linked import Contradiction, Member, Side, Story

__all__ = [
    "ArticleDetail",
    "ArticleView",
    "ClusterView",
    "EntityView",
    "Highlight",
    "Overview",
    "SearchHit",
    "TimelinePage",
    "ArticleRecord",
    "ClusterClaim",
    "ClusterRecord",
    "Contradiction",
    "EntityProfile",
    "EntityRecord",
    "Picture",
    "LineageRecord",
    "Member",
    "Side",
    "Story",
    "StoryRecord",
    "TimelineEvent",
    "TimelineRecord",
]


@dataclass
class ArticleRecord:
    key: str
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None  # ISO date
    language: str | None
    status: str
    status_reason: str | None
    version: int
    origin: str
    chars: int  # length of the cleaned text


@dataclass
class ArticleDetail(ArticleRecord):
    text: str = ""
    versions: list[int] = field(default_factory=list)


@dataclass
class TimelineEvent(Event):
    """One article's report of an event, with the sentence it comes from."""

    sentence: str = ""


@dataclass
class TimelineRecord:
    """One real-world event: every article's report of it, merged."""

    date: str | None
    placed_by_article_date: bool  # no report dates it: placed by the article's publication date
    type: str
    actors: list[str]
    articles: list[str]
    sources: list[str]
    independent_stories: int
    date_conflicts: list[str]
    events: list[TimelineEvent]


@dataclass
class ClusterClaim:
    article_key: str
    claim_id: str
    source: str
    certainty: str
    text: str
    sentence: str
    start: int
    end: int
    story: str


@dataclass
class ClusterRecord:
    """One proposition across articles, with its sources counted independently."""

    id: int
    independent_sources: int
    primary_sources: list[str]
    stories: list[str]
    first_seen: str | None
    first_article: str
    certainty: dict[str, int]
    claims: list[ClusterClaim]


@dataclass
class LineageRecord:
    article: str
    role: str
    against: str
    changes: dict[str, int]
    pairs: list[SentencePair]


@dataclass
class StoryRecord:
    id: str
    members: list[Member]
    lineage: list[LineageRecord]


@dataclass
class EntityRecord:
    """One entity and every place it is named, with offsets."""

    name: str
    type: str
    wikidata: str | None
    provisional: bool  # found by the model, not in any pack
    mentions: list[EntityMention]


@dataclass
class Picture:
    """Everything claimgraph found in the store, or the part about one entity since one date:
    what the exports write."""

    generator: str  # "claimgraph <version>"
    entity: str | None  # the filters it was made with
    since: str | None
    articles: list[ArticleRecord]
    entities: list[EntityRecord]
    claims: list[Claim]
    events: list[Event]
    quantities: list[Quantity]
    timeline: list[TimelineRecord]
    stories: list[Story]
    claim_clusters: list[ClusterRecord]
    contradictions: list[Contradiction]


@dataclass
class Overview:
    counts: dict[str, int]
    newest: list[ArticleRecord]
    best_corroborated: list[ClusterRecord]
    contradictions: list[Contradiction]


@dataclass
class ClusterView:
    """One claim cluster, and the contradictions that touch any of its claims."""

    cluster: ClusterRecord
    independent: list[str]  # the sources counted as independent: named sources and stories in own voice
    contradictions: list[Contradiction]


@dataclass
class Highlight:
    """One extraction as a span of an article's text, for showing it in place."""

    kind: str  # claim | event | entity | quantity | date
    start: int
    end: int
    ref: str  # claim or event id, entity name, quantity index, date text
    label: str  # what a reader sees on hover: source and certainty, event type, entity type
    cluster: int | None = None  # a claim's cluster across articles, if any


@dataclass
class ArticleView:
    article: ArticleDetail
    highlights: list[Highlight]
    claims: list[Claim]
    events: list[Event]
    story: str | None


@dataclass
class EntityView:
    profile: EntityProfile
    did: list[Event]  # events it acts in first
    done_to: list[Event]  # events it takes part in otherwise
    related: list[tuple[str, int]]  # entities it shares events or claims with, and how often
    totals: dict[str, int] = field(default_factory=dict)  # list lengths before a limit cut them


@dataclass
class TimelinePage:
    """A slice of the timeline: ``entries`` are entries offset..offset+limit of ``total``."""

    total: int
    offset: int
    limit: int
    entries: list[TimelineRecord]


@dataclass
class SearchHit:
    kind: str  # article | claim
    article_key: str
    ref: str | None  # claim id
    title: str | None
    text: str  # the claim, or the article's opening
    start: int
    end: int
    score: int  # occurrences of the query's words
