"""Entity mentions: pack entities from the EntityRuler, others from the model as provisional."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from claimgraph.models import EntityMention
from claimgraph.nlp.packs import Gazetteer

# spaCy labels worth keeping as provisional entities, and the pack type each stands for.
MODEL_TYPES = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "PRODUCT": "weapon_system",
}


def normalise_name(text: str) -> str:
    """Merge key for provisional entities: no leading article, no possessive, one space."""
    s = text.replace("\u2019", "'").strip()
    s = re.sub(r"^(the|a|an)\s+", "", s, flags=re.IGNORECASE)
    s = re.sub(r"'s?$", "", s)
    s = re.sub(r"\s+", " ", s).strip(" .,;:")
    return s


def _provisional_ok(ent: Span) -> bool:
    text = ent.text.strip()
    if len(text) < 2 or not any(ch.isalpha() for ch in text):
        return False
    if ent.label_ == "PRODUCT" and not re.search(r"[A-Z]", text):
        return False
    return text[0].isupper()


def find_entities(doc: Doc, article_key: str, gaz: Gazetteer, base: int = 0) -> list[EntityMention]:
    out: list[EntityMention] = []
    for ent in doc.ents:
        if ent.ent_id_ and gaz.get(ent.ent_id_):
            pe = gaz.get(ent.ent_id_)
            assert pe is not None
            out.append(
                EntityMention(article_key, base + ent.start_char, base + ent.end_char, ent.text, pe.name, pe.type,
                              pe.wikidata, False)
            )
            continue
        etype = MODEL_TYPES.get(ent.label_)
        if etype is None or not _provisional_ok(ent):
            continue
        name = normalise_name(ent.text)
        canonical = gaz.resolve(name)
        if canonical:
            pe = gaz.get(canonical)
            assert pe is not None
            out.append(EntityMention(article_key, base + ent.start_char, base + ent.end_char, ent.text,
                                     pe.name, pe.type, pe.wikidata, False))
        elif name:
            out.append(EntityMention(article_key, base + ent.start_char, base + ent.end_char, ent.text,
                                     name, etype, None, True))
    return out


def merge_provisional(mentions: list[EntityMention]) -> list[EntityMention]:
    """Provisional names that differ only in case or by a shorter surname form are merged.

    "Postol" after "Theodore A. Postol" in one article is the same person: a single-token
    provisional person name that is the last token of an earlier full name takes that name.
    """
    full_names: dict[str, str] = {}
    for m in mentions:
        if m.provisional and m.type == "person" and " " in m.entity:
            full_names.setdefault(m.entity.split()[-1].lower(), m.entity)
    by_lower: dict[str, str] = {}
    for m in mentions:
        if not m.provisional:
            continue
        if m.type == "person" and " " not in m.entity and m.entity.lower() in full_names:
            m.entity = full_names[m.entity.lower()]
        m.entity = by_lower.setdefault(m.entity.lower(), m.entity)
    return mentions
