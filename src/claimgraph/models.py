"""Plain records that flow between pipeline stages.

Every stage is a function from some of these records to others, so each stage can be
tested alone and the store only has to know how to persist them. Offsets are always
character offsets into ``Article.text`` (the cleaned text); ``Article.offset_map`` turns
them back into offsets in ``Article.raw`` (what was read from the source).
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from claimgraph.event_types import event_types

Certainty = Literal["asserted", "reported", "hedged", "speculative", "denied"]
CERTAINTIES: tuple[str, ...] = ("asserted", "reported", "hedged", "speculative", "denied")

EventType = str  # one of EVENT_TYPES
EVENT_TYPES: tuple[str, ...] = event_types()  # declared once, in extract/triggers.yaml (claimgraph.event_types)

SourceType = Literal["official", "expert", "media", "anonymous", "organization", "author"]
Granularity = Literal["day", "month", "year", "range", "unresolved"]


@dataclass(frozen=True)
class OffsetMap:
    """Piecewise-linear map from cleaned-text offsets to raw-text offsets.

    ``segments`` holds ``(clean_start, raw_start, length)`` triples sorted by
    ``clean_start``: inside a segment the texts agree character for character. Characters
    the cleaner inserted (such as a normalised space) fall between segments and map to the
    raw position of the next segment.
    """

    segments: tuple[tuple[int, int, int], ...] = ()

    def to_raw(self, pos: int) -> int:
        """Raw offset of cleaned offset ``pos`` (an end offset maps to the end of its run)."""
        if not self.segments:
            return pos
        i = bisect.bisect_right(self.segments, (pos, 1 << 62, 0)) - 1
        if i < 0:
            return self.segments[0][1]
        clean_start, raw_start, length = self.segments[i]
        if pos <= clean_start + length:
            return raw_start + (pos - clean_start)
        if i + 1 < len(self.segments):
            return self.segments[i + 1][1]
        return raw_start + length


@dataclass
class Article:
    """One article as stored: the cleaned text plus what is needed to trace it back."""

    key: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    language: str | None = None
    origin: str = ""  # where it came from: a path, path:line, a WARC record, a feed URL
    raw: str = ""  # the text as read, before cleaning
    offset_map: OffsetMap = field(default_factory=OffsetMap)
    version: int = 1
    status: str = "ok"  # ok | not_analysed (non-English) | ...
    status_reason: str | None = None

    @property
    def content_hash(self) -> str:
        """Hash of what the source gave us, so re-ingesting identical input is a no-op.

        Hashing the raw text (not the cleaned one) means an improved cleaner does not
        make every stored article look changed.
        """
        h = hashlib.sha256()
        for part in (self.title or "", self.url or "", self.raw or self.text):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.hexdigest()


@dataclass(frozen=True)
class InputFailure:
    """A failed input: the ingest goes on and the failure is recorded with its reason."""

    input: str  # path, path:line, URL or WARC record id
    reason: str


# ---------------------------------------------------------------- extraction records


@dataclass
class EntityMention:
    article_key: str
    start: int
    end: int
    text: str
    entity: str  # canonical name (pack entry) or normalised provisional name
    type: str  # country, government_body, person, organisation, weapon_system, place, ...
    wikidata: str | None = None
    provisional: bool = False  # found by the model, not in any pack


@dataclass
class DateMention:
    article_key: str
    start: int
    end: int
    text: str
    value: str | None  # ISO at its granularity: YYYY-MM-DD, YYYY-MM, YYYY; None = unresolved
    granularity: Granularity
    end_value: str | None = None  # for ranges: the last day/month/year covered
    relative: bool = False  # resolved against the publication date


@dataclass
class Quantity:
    article_key: str
    start: int
    end: int
    text: str
    value: float
    unit: str  # normalised: km, kg, Mach, missile, person, USD, ...
    value_max: float | None = None
    bound: str = "exact"  # exact | at_least | at_most | about | range
    counted: str | None = None  # what is measured or counted
    source: str = "author"


@dataclass
class Attribution:
    """Who says a stretch of text, how, and in which words."""

    article_key: str
    start: int  # content span
    end: int
    source: str  # canonical entity, descriptor ("analysts"), or "author"
    source_type: str
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    direct: bool = False  # direct quotation
    source_start: int | None = None
    source_end: int | None = None


@dataclass
class Claim:
    article_key: str
    id: str
    start: int  # content span
    end: int
    text: str
    source: str
    source_type: str
    certainty: str
    polarity: str = "positive"  # positive | negative
    sentence_start: int = 0
    sentence_end: int = 0
    cue: str | None = None
    entities: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    quantity_ids: list[int] = field(default_factory=list)


@dataclass
class Event:
    article_key: str
    id: str
    type: str
    trigger: str
    start: int  # sentence span
    end: int
    trigger_start: int = 0
    trigger_end: int = 0
    actors: list[str] = field(default_factory=list)  # who acts first, then on or with whom
    weapon: str | None = None
    location: str | None = None
    date: str | None = None
    date_granularity: str | None = None
    date_from_article: bool = False  # undated: placed by the article's date
    certainty: str = "asserted"
    source: str = "author"


@dataclass
class Extraction:
    """Everything the per-article stage found in one article."""

    article_key: str
    version: int
    entities: list[EntityMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    skipped_reason: str | None = None
