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
