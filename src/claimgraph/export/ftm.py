"""FollowTheMoney entities (one JSON object per line) for Aleph and OpenSanctions tooling.

Mapping and the choices FtM leaves open:
- articles are ``Article``; people ``Person``; organisations, companies, military units and
  international organisations ``Organization``; government bodies ``PublicBody``; a country as
  an actor is a ``PublicBody`` (the state) with its ``country``/``jurisdiction`` code;
- every entity named in an article is a ``Mention`` of it in that ``Article`` (``resolved`` to
  the entity when FtM has a schema for it);
- weapon systems, vessels and places have no FtM schema that fits: they stay ``Mention``
  entities (a name in a document, not resolved) and are named on the events they take part in
  (weapon systems as ``keywords``, places as ``location``);
- events are ``Event`` (``involved``: its actors; ``date`` at the precision the text gives:
  year, month or day; a range as ``startDate``/``endDate``), tied to their article by a
  ``Documentation`` with role "reported (<certainty>)";
- claims have no FtM schema: each is a ``Documentation`` from the article to the source that
  makes it (or, for claims in the writer's voice or from unnamed sources, to the entities it is
  about, or else to the article itself), ``role`` "claim (<certainty>)", ``summary`` the claim,
  ``description`` the source and the character offsets.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy

from claimgraph.read.records import Picture

SCHEMA_OF_TYPE: dict[str, str] = {
    "person": "Person",
    "organisation": "Organization",
    "company": "Organization",
    "military_unit": "Organization",
    "international_org": "Organization",
    "government_body": "PublicBody",
    "country": "PublicBody",
}


def _id(*parts: object) -> str:
    return "cg-" + hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()


def _entity(schema: str, ident: str, **props: Any) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.id = ident
    for prop, value in props.items():
        for v in value if isinstance(value, list) else [value]:
            if v is not None and v != "":
                proxy.add(prop, v)
    return proxy


def build(picture: Picture) -> list[EntityProxy]:
    from claimgraph.export.stix import _country_code

    out: list[EntityProxy] = []
    art_ids = {a.key: _id("article", a.key) for a in picture.articles}
    for a in picture.articles:
        out.append(_entity("Article", art_ids[a.key], name=a.title or a.key, title=a.title, publishedAt=a.published,
                           sourceUrl=a.url, publisher=a.outlet, language=a.language,
                           description=f"claimgraph article {a.key}"))
    ent_ids: dict[str, str] = {}
    for e in picture.entities:
        schema = SCHEMA_OF_TYPE.get(e.type)
        if schema is not None:
            ident = _id("entity", e.name)
            code = _country_code(e.name) if e.type == "country" else None
            out.append(_entity(schema, ident, name=e.name, wikidataId=e.wikidata, country=code,
                               jurisdiction=code))
            ent_ids[e.name.lower()] = ident
        for key in sorted({m.article_key for m in e.mentions}):
            if key in art_ids:
                out.append(_entity("Mention", _id("mention", e.name, key), document=art_ids[key], name=e.name,
                                   resolved=ent_ids.get(e.name.lower()), detectedSchema=schema))
    for ev in picture.events:
        ident = _id("event", ev.article_key, ev.id)
        start, _, end = (ev.date or "").partition("/")
        out.append(_entity(
            "Event", ident, name=f"{ev.type}: {', '.join(ev.actors) or 'unnamed actors'}",
            date=ev.date if ev.date and not end else None, startDate=start if end else None,
            endDate=end or None, involved=[ent_ids[a.lower()] for a in ev.actors if a.lower() in ent_ids],
            location=ev.location, keywords=[ev.type, ev.weapon],
            description=f"{ev.certainty}, according to {ev.source}; '{ev.trigger}' at {ev.article_key} "
                        f"{ev.start}-{ev.end}",
        ))
        if ev.article_key in art_ids:
            out.append(_entity("Documentation", _id("doc", ident), document=art_ids[ev.article_key], entity=ident,
                               role=f"reported ({ev.certainty})", date=ev.date if ev.date and not end else None))
    for c in picture.claims:
        if c.article_key not in art_ids:
            continue
        targets = [ent_ids[c.source.lower()]] if c.source.lower() in ent_ids else \
            [ent_ids[n.lower()] for n in dict.fromkeys(c.entities) if n.lower() in ent_ids] or [art_ids[c.article_key]]
        for t in targets:
            out.append(_entity(
                "Documentation", _id("claim", c.article_key, c.id, t), document=art_ids[c.article_key], entity=t,
                role=f"claim ({c.certainty})", summary=c.text,
                description=f"source: {c.source} ({c.source_type}); {c.article_key} {c.start}-{c.end}",
            ))
    return out


def write(picture: Picture, path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for proxy in build(picture):
            fh.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
