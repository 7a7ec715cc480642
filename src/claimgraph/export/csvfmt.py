"""CSV: one file per record type, for spreadsheets. Lists are joined with "; "; every row that
comes from a text keeps its article key and character offsets."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from claimgraph.models import Claim, EntityMention, Event, Quantity
from claimgraph.read.records import ArticleRecord, Picture


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k} {v}" for k, v in value.items())
    return "" if value is None else value


def _table(path: Path, header: list[str], rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header)
        w.writeheader()
        for row in rows:
            w.writerow({k: _cell(row.get(k)) for k in header})


def _names(cls: type) -> list[str]:
    return [f.name for f in fields(cls)]


def write(picture: Picture, folder: Path) -> None:
    _table(folder / "articles.csv", _names(ArticleRecord), (asdict(a) for a in picture.articles))
    _table(folder / "entities.csv", ["name", "type", "wikidata", "provisional", "mentions", "articles"],
           ({"name": e.name, "type": e.type, "wikidata": e.wikidata, "provisional": e.provisional,
             "mentions": len(e.mentions), "articles": sorted({m.article_key for m in e.mentions})}
            for e in picture.entities))
    _table(folder / "mentions.csv", _names(EntityMention), (asdict(m) for e in picture.entities for m in e.mentions))
    _table(folder / "claims.csv", _names(Claim), (asdict(c) for c in picture.claims))
    _table(folder / "events.csv", _names(Event), (asdict(e) for e in picture.events))
    _table(folder / "quantities.csv", _names(Quantity), (asdict(q) for q in picture.quantities))
    _table(folder / "timeline.csv",
           ["date", "placed_by_article_date", "type", "actors", "articles", "sources", "independent_stories",
            "date_conflicts", "events"],
           ({**asdict(t), "events": [f"{e.article_key}:{e.id}" for e in t.events]} for t in picture.timeline))
    _table(folder / "stories.csv", ["story", "key", "role", "parent", "title", "outlet", "published"],
           ({"story": s.id, **asdict(m)} for s in picture.stories for m in s.members))
    _table(folder / "claim_clusters.csv",
           ["cluster", "independent_sources", "primary_sources", "first_seen", "article_key", "claim_id",
            "source", "certainty", "start", "end", "text", "story"],
           ({"cluster": c.id, "independent_sources": c.independent_sources, "primary_sources": c.primary_sources,
             "first_seen": c.first_seen, **asdict(m)} for c in picture.claim_clusters for m in c.claims))
    side = ["key", "ref", "source", "certainty", "start", "end", "text"]
    _table(folder / "contradictions.csv", ["kind", "detail", *[f"a_{k}" for k in side], *[f"b_{k}" for k in side]],
           ({"kind": c.kind, "detail": c.detail, **{f"a_{k}": getattr(c.a, k) for k in side},
             **{f"b_{k}": getattr(c.b, k) for k in side}} for c in picture.contradictions))
