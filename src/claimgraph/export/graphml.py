"""GraphML for Gephi or networkx: articles, entities, events and claims as nodes; who did what,
who said what, what a claim is about, where each was reported, rewrites and contradictions as
edges. GraphML holds scalars only: lists are joined with "; " and empty values left out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from claimgraph.read.records import Picture


def _attrs(**kw: Any) -> dict[str, Any]:
    out = {}
    for k, v in kw.items():
        if v is None or v == [] or v == "":
            continue
        out[k] = "; ".join(map(str, v)) if isinstance(v, list | tuple) else v
    return out


def build(picture: Picture) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(generator=picture.generator)
    for a in picture.articles:
        g.add_node(f"article:{a.key}", **_attrs(kind="article", label=a.title or a.key, key=a.key,
                                               published=a.published, outlet=a.outlet, url=a.url))
    entity_ids: dict[str, str] = {}
    for e in picture.entities:
        entity_ids[e.name.lower()] = f"entity:{e.name}"
        g.add_node(f"entity:{e.name}", **_attrs(kind="entity", label=e.name, type=e.type, wikidata=e.wikidata,
                                               provisional=e.provisional, mentions=len(e.mentions)))

    def entity(name: str) -> str:
        node = entity_ids.get(name.lower())
        if node is None:  # named by a claim or event but never tagged as an entity mention
            node = entity_ids[name.lower()] = f"entity:{name}"
            g.add_node(node, kind="entity", label=name, type="unknown")
        return node

    for ev in picture.events:
        node = f"event:{ev.article_key}:{ev.id}"
        g.add_node(node, **_attrs(kind="event", label=f"{ev.type} {ev.date or ''}".strip(), type=ev.type,
                                  trigger=ev.trigger, date=ev.date, certainty=ev.certainty, source=ev.source,
                                  article_key=ev.article_key, start=ev.start, end=ev.end))
        g.add_edge(node, f"article:{ev.article_key}", kind="reported_in")
        for i, actor in enumerate(ev.actors):
            g.add_edge(entity(actor), node, kind="actor", position=i)
        for role, name in (("weapon", ev.weapon), ("location", ev.location)):
            if name:
                g.add_edge(node, entity(name), kind=role)
    for c in picture.claims:
        node = f"claim:{c.article_key}:{c.id}"
        g.add_node(node, **_attrs(kind="claim", label=c.text[:80], text=c.text, source=c.source,
                                  source_type=c.source_type, certainty=c.certainty, polarity=c.polarity,
                                  article_key=c.article_key, start=c.start, end=c.end))
        g.add_edge(node, f"article:{c.article_key}", kind="reported_in")
        if c.source_type != "author":
            g.add_edge(entity(c.source), node, kind="claims")
        for name in dict.fromkeys(c.entities):
            g.add_edge(node, entity(name), kind="about")
        for eid in c.event_ids:
            if g.has_node(f"event:{c.article_key}:{eid}"):
                g.add_edge(node, f"event:{c.article_key}:{eid}", kind="states")
    for s in picture.stories:
        for m in s.members:
            if m.parent and g.has_node(f"article:{m.parent}") and g.has_node(f"article:{m.key}"):
                g.add_edge(f"article:{m.key}", f"article:{m.parent}", kind=f"{m.role}_of")
    for cl in picture.claim_clusters:
        nodes = [f"claim:{m.article_key}:{m.claim_id}" for m in cl.claims]
        nodes = [n for n in nodes if g.has_node(n)]
        for other in nodes[1:]:
            g.add_edge(nodes[0], other, kind="same_proposition", cluster=cl.id)
    for k in picture.contradictions:
        one, other = (f"{'claim' if g.has_node(f'claim:{s.key}:{s.ref}') else 'event'}:{s.key}:{s.ref}"
                      for s in (k.a, k.b))
        if g.has_node(one) and g.has_node(other):
            g.add_edge(one, other, kind="contradicts", contradiction=k.kind, detail=k.detail)
    return g


def write(picture: Picture, path: Path) -> None:
    nx.write_graphml(build(picture), path)
