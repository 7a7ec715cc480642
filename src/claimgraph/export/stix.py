"""STIX 2.1 for threat-intelligence platforms (OpenCTI, MISP).

Mapping (what a reader of the bundle needs to know):
- each article is a ``report`` (``published``: its publication date; when unknown, the export
  time, and the provenance extension says ``published_unknown``), whose ``object_refs`` list
  everything found in it;
- people are ``identity`` (individual); organisations, companies, government bodies, military
  units and international organisations are ``identity`` (organization);
- countries are ``location`` with their ISO code (from Babel's territory names); places are
  ``location`` with the code of the country the pack gives them; a place with no known country
  cannot be a STIX location (it needs a country, region or coordinates) and stays a name on the
  events and notes that mention it;
- claims are ``note`` objects: ``content`` the claim, ``authors`` its source, ``object_refs``
  the report and what the claim is about. ``confidence`` is how firmly the source states the
  content, not claimgraph's belief in it (:data:`CONFIDENCE`);
- what STIX lacks is declared by ``extension-definition`` objects: events
  (``x-claimgraph-event``), weapon systems, vessels and other things (``x-claimgraph-object``),
  and a property extension that keeps provenance (article key and character offsets) on every
  object that comes from a text;
- rewrites are ``derived-from`` their parent report, copies ``duplicate-of`` it, related reports
  ``related-to``; contradictions are ``related-to`` between the two notes, described.

IDs are derived from the records (the same export gives the same IDs), shaped as UUIDv4
because STIX asks that of domain objects.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import stix2
from stix2.properties import ListProperty, ReferenceProperty, StringProperty

from claimgraph.read.records import Picture

# How firmly the source states a claim's content, on STIX's 0-100 scale (the words of
# estimative probability of STIX 2.1 Appendix A): a denial states its negative content firmly.
CONFIDENCE: dict[str, int] = {"asserted": 90, "denied": 90, "reported": 70, "hedged": 50, "speculative": 30}

EVENT_EXT = "extension-definition--3b9f1c52-6e0a-4d6f-9a41-8f2d7c0e5b11"
OBJECT_EXT = "extension-definition--7c2e4a19-1f3b-4b8e-8d65-2a9e0f4c7d32"
PROVENANCE_EXT = "extension-definition--c41d8e07-5a2f-4e6b-b3c9-6f1a2d8e9b43"
SCHEMA_BASE = "https://claimgraph.invalid/schema/stix/"

_ORG_TYPES = {"organisation", "company", "government_body", "military_unit", "international_org"}


def _id(kind: str, *parts: object) -> str:
    digest = hashlib.sha256("\x1f".join(map(str, (kind, *parts))).encode()).digest()
    return f"{kind}--{uuid.UUID(bytes=digest[:16], version=4)}"


@stix2.CustomObject("x-claimgraph-event", [
    ("name", StringProperty(required=True)),
    ("event_type", StringProperty(required=True)),
    ("date", StringProperty()),
    ("certainty", StringProperty(required=True)),
    ("source", StringProperty(required=True)),
    ("trigger", StringProperty()),
    ("participant_refs", ListProperty(ReferenceProperty(valid_types=["SDO"], spec_version="2.1"))),
    ("weapon_refs", ListProperty(ReferenceProperty(valid_types=["SDO"], spec_version="2.1"))),
    ("location_refs", ListProperty(ReferenceProperty(valid_types=["SDO"], spec_version="2.1"))),
    ("location_name", StringProperty()),
], extension_name=EVENT_EXT)
class ClaimgraphEvent:
    pass


@stix2.CustomObject("x-claimgraph-object", [
    ("name", StringProperty(required=True)),
    ("object_type", StringProperty(required=True)),
    ("wikidata", StringProperty()),
], extension_name=OBJECT_EXT)
class ClaimgraphObject:
    pass


# The decorators build the classes' constructors; typed loosely so mypy accepts the properties.
_EventSDO: Any = ClaimgraphEvent
_ObjectSDO: Any = ClaimgraphObject


def _provenance(key: str, start: int | None = None, end: int | None = None, **more: Any) -> dict[str, Any]:
    ext: dict[str, Any] = {"extension_type": "property-extension", "article_key": key}
    if start is not None:
        ext.update(start=start, end=end)
    ext.update({k: v for k, v in more.items() if v is not None})
    return {PROVENANCE_EXT: ext}


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    from babel import Locale

    return {name.lower(): code for code, name in Locale("en").territories.items() if len(code) == 2}


def _country_code(name: str | None) -> str | None:
    return _country_codes().get(name.lower()) if name else None


def build(picture: Picture) -> dict[str, Any]:
    from claimgraph.nlp.pipeline import gazetteer

    gaz = gazetteer()
    now = datetime.now(UTC).replace(microsecond=0)
    me = stix2.Identity(id=_id("identity", "claimgraph"), name="claimgraph", identity_class="system",
                        description=f"{picture.generator}: sourced claims and events extracted from news articles",
                        created=now, modified=now)
    common = {"created_by_ref": me.id, "created": now, "modified": now}
    defs = [
        stix2.ExtensionDefinition(id=EVENT_EXT, name="claimgraph event", version="1.0.0",
                                  description="An event reported in an article: its type, actors, date, "
                                              "certainty and source.",
                                  schema=SCHEMA_BASE + "event.json", extension_types=["new-sdo"], **common),
        stix2.ExtensionDefinition(id=OBJECT_EXT, name="claimgraph object", version="1.0.0",
                                  description="A thing STIX has no object for: a weapon system, a vessel.",
                                  schema=SCHEMA_BASE + "object.json", extension_types=["new-sdo"], **common),
        stix2.ExtensionDefinition(id=PROVENANCE_EXT, name="claimgraph provenance", version="1.0.0",
                                  description="Where a record comes from: the article key and character "
                                              "offsets in its cleaned text.",
                                  schema=SCHEMA_BASE + "provenance.json",
                                  extension_types=["property-extension"], **common),
    ]
    objects: list[Any] = [me, *defs]
    by_name: dict[str, str] = {}  # lower-cased entity name -> STIX id
    per_article: dict[str, list[str]] = {a.key: [] for a in picture.articles}
    for ent in picture.entities:
        first = ent.mentions[0] if ent.mentions else None
        ext = {"extensions": _provenance(first.article_key, first.start, first.end,
                                         mentions=len(ent.mentions))} if first else {}
        obj: Any
        if ent.type == "person":
            obj = stix2.Identity(id=_id("identity", ent.name), name=ent.name, identity_class="individual",
                                 **ext, **common)
        elif ent.type in _ORG_TYPES:
            obj = stix2.Identity(id=_id("identity", ent.name), name=ent.name, identity_class="organization",
                                 **ext, **common)
        elif ent.type in ("country", "place"):
            pe = gaz.get(gaz.canon(ent.name))
            code = _country_code(ent.name) if ent.type == "country" else _country_code(pe.country if pe else None)
            if code is None:
                continue
            obj = stix2.Location(id=_id("location", ent.name), name=ent.name, country=code, **ext, **common)
        else:
            obj = _ObjectSDO(id=_id("x-claimgraph-object", ent.name), name=ent.name, object_type=ent.type,
                                   wikidata=ent.wikidata, **ext, **common)
        objects.append(obj)
        by_name[ent.name.lower()] = obj.id
        for key in {m.article_key for m in ent.mentions}:
            if key in per_article:
                per_article[key].append(obj.id)

    def ref(name: str | None) -> str | None:
        return by_name.get(gaz.canon(name).lower()) or by_name.get(name.lower()) if name else None

    event_ids: dict[tuple[str, str], str] = {}
    for ev in picture.events:
        refs = [r for r in (ref(a) for a in ev.actors) if r]
        weapon, place = ref(ev.weapon), ref(ev.location)
        obj = _EventSDO(
            id=_id("x-claimgraph-event", ev.article_key, ev.id),
            name=f"{ev.type}: {', '.join(ev.actors) or 'unnamed actors'}", event_type=ev.type, date=ev.date,
            certainty=ev.certainty, source=ev.source, trigger=ev.trigger,
            participant_refs=list(dict.fromkeys(refs)) or None, weapon_refs=[weapon] if weapon else None,
            location_refs=[place] if place else None, location_name=ev.location,
            extensions=_provenance(ev.article_key, ev.start, ev.end, trigger_start=ev.trigger_start,
                                   trigger_end=ev.trigger_end),
            allow_custom=True, **common,
        )
        objects.append(obj)
        event_ids[(ev.article_key, ev.id)] = obj.id
        per_article.setdefault(ev.article_key, []).append(obj.id)
    report_ids = {a.key: _id("report", a.key) for a in picture.articles}
    note_ids: dict[tuple[str, str], str] = {}
    for c in picture.claims:
        about = [r for r in (ref(n) for n in c.entities) if r]
        about += [event_ids[(c.article_key, e)] for e in c.event_ids if (c.article_key, e) in event_ids]
        note = stix2.Note(
            id=_id("note", c.article_key, c.id), content=c.text,
            abstract=f"{c.source} ({c.source_type}), {c.certainty}" + (", negative" if c.polarity == "negative"
                                                                      else ""),
            authors=[c.source], confidence=CONFIDENCE.get(c.certainty, 50),
            object_refs=list(dict.fromkeys([report_ids.get(c.article_key, me.id), *about])),
            extensions=_provenance(c.article_key, c.start, c.end, sentence_start=c.sentence_start,
                                   sentence_end=c.sentence_end, certainty=c.certainty, polarity=c.polarity,
                                   source=c.source, source_type=c.source_type),
            allow_custom=True, **common,
        )
        objects.append(note)
        note_ids[(c.article_key, c.id)] = note.id
        per_article.setdefault(c.article_key, []).append(note.id)
    for a in picture.articles:
        published = datetime.combine(datetime.fromisoformat(a.published).date(), datetime.min.time(), UTC) \
            if a.published else now
        refs = list(dict.fromkeys(per_article.get(a.key, []))) or [me.id]
        objects.append(stix2.Report(
            id=report_ids[a.key], name=a.title or a.key, published=published, report_types=["threat-report"],
            object_refs=refs, description=f"{a.outlet or 'unknown outlet'}; {a.url or a.origin}",
            external_references=[{"source_name": a.outlet or "article", "url": a.url}] if a.url else None,
            extensions=_provenance(a.key, published_unknown=True if not a.published else None),
            allow_custom=True, **common,
        ))
    kinds = {"copy": "duplicate-of", "rewrite": "derived-from", "related": "related-to"}
    for s in picture.stories:
        for m in s.members:
            if m.parent and m.role in kinds and m.key in report_ids and m.parent in report_ids:
                objects.append(stix2.Relationship(
                    id=_id("relationship", m.key, m.parent), relationship_type=kinds[m.role],
                    source_ref=report_ids[m.key], target_ref=report_ids[m.parent],
                    description=f"claimgraph links {m.key} to {m.parent} as a {m.role}", **common))
    for k in picture.contradictions:
        one = note_ids.get((k.a.key, k.a.ref)) or event_ids.get((k.a.key, k.a.ref))
        other = note_ids.get((k.b.key, k.b.ref)) or event_ids.get((k.b.key, k.b.ref))
        if one and other:
            objects.append(stix2.Relationship(
                id=_id("relationship", one, other, k.kind), relationship_type="related-to", source_ref=one,
                target_ref=other,
                description=f"contradiction ({k.kind}): {k.detail}", allow_custom=True, **common))
    bundle = stix2.Bundle(objects, id=_id("bundle", picture.generator, len(objects)), allow_custom=True)
    data: dict[str, Any] = json.loads(bundle.serialize())
    return data


def write(picture: Picture, path: Path) -> None:
    path.write_text(json.dumps(build(picture), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
