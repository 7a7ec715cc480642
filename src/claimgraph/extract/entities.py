"""Entity mentions: pack entities from the EntityRuler, others from the model as provisional."""

from __future__ import annotations

import functools
import re
from collections import Counter

from spacy.tokens import Doc, Span

from claimgraph.models import EntityMention
from claimgraph.nlp.packs import Gazetteer, PackEntity

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


# Capitalised words the model takes for names that are not parties: words of a title ("Secretary
# of State", "Defense Department"), a generic plural ("Officials"), or a weapon written as an acronym.
NOT_NAMES = frozenset("""state defense defence department ministry office council officials official
    government secretary minister spokesman spokesperson uav uavs drone drones""".split())

# Photo credits ("Atta Kenare/AFP via Getty Images", "(AP Photo/Evgeniy Maloletka)"): the names in
# them are photographers and agencies, not parties to the story.
PHOTO_CREDIT = re.compile(
    r"\((?:AP|AFP|Reuters|EPA|Getty) Photo[^)\n]{0,60}\)"
    r"|(?:[A-Z][\w.'-]+[ \t]){0,3}[A-Z][\w.'-]+[ \t]*/[ \t]*"
    r"(?:AFP|AP|Reuters|EPA|Bloomberg|Anadolu|TASS|Sputnik|Getty Images)"
    r"(?:[ \t]+via[ \t]+Getty(?:[ \t]+Images)?)?"
)


@functools.cache
def country_names() -> frozenset[str]:
    """Names of the world's states and territories, lower case, from CLDR (through Babel).

    The packs know the countries of the stories they were written for; a user's next story names
    others ("Chile", "Sudan"), which the model tags as places like any town. CLDR's English
    territory names ("Myanmar (Burma)", "Congo - Kinshasa") give both the short and the bracketed
    form; two-letter codes are states and territories, three-digit ones regions ("Africa").
    """
    from babel import Locale

    names: set[str] = set()
    for code, name in Locale("en").territories.items():
        if len(code) != 2 or not code.isalpha():
            continue
        for part in re.split(r"\s*[()]\s*|\s+-\s+", name):
            if part.strip():
                names.add(part.strip().lower())
        names.add(name.lower())
    return frozenset(names)


def _provisional_ok(ent: Span) -> bool:
    text = ent.text.strip()
    if len(text) < 2 or not any(ch.isalpha() for ch in text):
        return False
    if ent.label_ == "PRODUCT" and not re.search(r"[A-Z]", text):
        return False
    if text.lower() in NOT_NAMES:
        return False
    return text[0].isupper()


def _number_variant(gaz: Gazetteer, name: str) -> str | None:
    """A pack group named in the plural is the same group in the singular ("a Marauder drone" for "the
    Marauders"): the model tags the singular on its own, so try the other number of the last word."""
    if len(name) < 4 or not name[:1].isupper():
        return None
    other = name[:-1] if name.endswith("s") else name + "s"
    canonical = gaz.resolve(other)
    pe = gaz.get(canonical) if canonical else None
    return canonical if pe is not None and pe.type not in ("person", "country") else None


def _longer_name(ent: Span, pe: PackEntity, gaz: Gazetteer) -> bool:
    """A pack body's alias inside a longer proper name: the word before it is capitalised
    mid-sentence, hangs on the name, and names nothing the packs know ("the US National Security
    Council" is the pack's; "Iran's Supreme National Security Council" is not)."""
    if pe.type not in ("government_body", "organisation", "organization", "international_org",
                                     "military_unit") or ent.start == ent.sent.start:
        return False
    prev = ent.doc[ent.start - 1]
    return (prev.text[:1].isupper() and prev.is_alpha and not prev.ent_id_ and prev.pos_ in ("PROPN", "ADJ")
            and prev.head.i in range(ent.start, ent.end) and gaz.resolve(prev.text) is None)


def find_entities(doc: Doc, article_key: str, gaz: Gazetteer, base: int = 0) -> list[EntityMention]:
    out: list[EntityMention] = []
    credits = [m.span() for m in PHOTO_CREDIT.finditer(doc.text)]
    for ent in doc.ents:
        if any(a < ent.end_char and ent.start_char < b for a, b in credits):
            continue
        pe = gaz.get(ent.ent_id_) if ent.ent_id_ else None
        if pe is not None and _longer_name(ent, pe, gaz):
            # "Supreme National Security Council" is not the pack's "National Security Council":
            # a capitalised word the pack alias lacks makes it another body, named in full
            full = doc[ent.start - 1: ent.end]
            out.append(EntityMention(article_key, base + full.start_char, base + ent.end_char, full.text,
                                     normalise_name(full.text), "organisation", None, True))
            continue
        if pe is not None:
            out.append(
                EntityMention(article_key, base + ent.start_char, base + ent.end_char, ent.text, pe.name, pe.type,
                              pe.wikidata, False)
            )
            continue
        etype = MODEL_TYPES.get(ent.label_)
        if etype is None or not _provisional_ok(ent):
            continue
        name = normalise_name(ent.text)
        canonical = gaz.resolve(name) or _number_variant(gaz, name)
        if canonical:
            pe = gaz.get(canonical)
            assert pe is not None
            out.append(EntityMention(article_key, base + ent.start_char, base + ent.end_char, ent.text,
                                     pe.name, pe.type, pe.wikidata, False))
        elif name:
            if ent.label_ in {"GPE", "LOC", "ORG"} and name.lower() in country_names():
                etype = "country"  # "Chile", "Sudan": a state the packs do not know
            out.append(EntityMention(article_key, base + ent.start_char, base + ent.end_char, ent.text,
                                     name, etype, None, True))
    return spread_names(doc, out, base)


def spread_names(doc: Doc, mentions: list[EntityMention], base: int = 0) -> list[EntityMention]:
    """A name the model found once is a mention wherever it recurs in the text, with one type.

    The small model tags a name by its context, so "Belmora" may be a country in one sentence,
    a person in the next and nothing at the start of a third; document-level consistency is the
    usual repair (one sense per discourse). Only exact, capitalised recurrences whose tokens the
    tagger reads as proper nouns are added, so a heading word the model once took for a name does
    not spread into ordinary prose. The type a name gets is the one the model gave it most often.
    """
    kinds: dict[str, Counter[str]] = {}
    for m in mentions:
        if m.provisional and len(m.text) >= 3 and m.text[:1].isupper():
            kinds.setdefault(m.text, Counter())[m.type] += 1
    if not kinds:
        return mentions
    chosen = {text: c.most_common(1)[0][0] for text, c in kinds.items()}
    entity_of = {m.text: m.entity for m in mentions if m.text in chosen}
    for m in mentions:
        if m.provisional and m.text in chosen:
            m.type = chosen[m.text]
    taken = sorted((m.start - base, m.end - base) for m in mentions)
    added: list[EntityMention] = []
    for text in sorted(chosen, key=len, reverse=True):
        for hit in re.finditer(rf"(?<![\w-]){re.escape(text)}(?![\w-])", doc.text):
            a, b = hit.span()
            if any(x < b and a < y for x, y in taken):
                continue
            span = doc.char_span(a, b)
            if span is None or not all(t.pos_ == "PROPN" for t in span if not t.is_punct):
                continue
            taken.append((a, b))
            added.append(EntityMention(mentions[0].article_key, base + a, base + b, text, entity_of[text],
                                       chosen[text], None, True))
    return sorted(mentions + added, key=lambda m: m.start)


def surname_key(word: str) -> str:
    """A surname as compared across spellings: letters only, lower case ("Vor-Shenko" ~
    "Vorshenko")."""
    return re.sub(r"[^a-z]", "", word.lower())


def merge_provisional(mentions: list[EntityMention]) -> list[EntityMention]:
    """Provisional names that differ only in case or by a shorter surname form are merged.

    "Postol" after "Theodore A. Postol" in one article is the same person: a single-token
    provisional name that is the last token of a full person name in the article (a pack
    entry's or the model's; hyphens and case aside) takes that name.
    """
    full_names: dict[str, EntityMention] = {}
    for m in mentions:
        if m.type == "person" and " " in m.text.strip():
            full_names.setdefault(surname_key(m.text.split()[-1]), m)
    by_lower: dict[str, str] = {}
    for m in mentions:
        if not m.provisional:
            continue
        k = surname_key(m.text)
        if " " not in m.text.strip() and len(k) >= 4 and k in full_names and m.type != "place":
            # A bare surname, whatever type the model guessed ("Vorshenko said" read as an
            # organisation), is the person named in full in the article.
            full = full_names[k]
            m.entity, m.type, m.wikidata, m.provisional = full.entity, "person", full.wikidata, full.provisional
            continue
        m.entity = by_lower.setdefault(m.entity.lower(), m.entity)
    return mentions


# "Israel Defense Forces (IDF)", "the Joint Maritime Information Center (JMIC)": a long form and
# the abbreviation the article defines for it. The check is the usual one for defined
# abbreviations (Schwartz & Hearst 2003, simplified): every letter of the short form is the
# initial of a word of the long form, in order. No library in the stack finds these.
_DEFINED = re.compile(r"((?:[A-Z][\w'.-]*\s+)(?:(?:of|the|for|and|on|de|[A-Z][\w'.-]*)\s+){0,7}[A-Z][\w'.-]*)"
                      r"\s*\(([A-Z][A-Za-z]{1,7})\)")


def _abbreviates(short: str, long: str) -> bool:
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w'.-]*", long) if w[0].isupper())
    letters = [c for c in short if c.isupper()]
    it = iter(initials)
    return len(letters) >= 2 and all(any(ch == c for ch in it) for c in letters) and initials[:1] == letters[0]


def resolve_abbreviations(mentions: list[EntityMention], text: str) -> list[EntityMention]:
    """A provisional name that is an abbreviation the article defines ("IDF") takes the entity of
    its long form ("Israel Defense Forces"); the long form keeps its own mention."""
    defined: dict[str, str] = {}
    for m in _DEFINED.finditer(text):
        long, short = m.group(1).strip(), m.group(2)
        words = long.split()
        # the long form starts at the word whose initial opens the abbreviation
        while words and (words[0][0] != short[0] or words[0].lower() in ("the", "of")):
            words = words[1:]
        if words and _abbreviates(short, " ".join(words)):
            start = m.start(1) + long.find(words[0])
            end = m.start(1) + len(long)
            at = next((x for x in mentions if x.start <= start and x.end >= end), None)  # the whole long form
            defined.setdefault(short, at.entity if at is not None else " ".join(words))
    if not defined:
        return mentions
    for x in mentions:
        if x.provisional and x.text.strip() in defined and x.entity != defined[x.text.strip()]:
            x.entity = defined[x.text.strip()]
    return mentions
