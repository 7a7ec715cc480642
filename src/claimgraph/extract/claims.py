"""Claims: a statement, its source, how sure it is, and what it is about.

Every attributed statement is a claim. A sentence in the author's own voice is a claim when
it says something checkable about a named party or a figure; commentary about the story
("this has raised eyebrows", "it underscores the need for vigilance") is not.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from claimgraph.event_types import with_trait
from claimgraph.extract.certainty import classify
from claimgraph.extract.events import TRIGGERS
from claimgraph.models import Attribution, Claim, EntityMention

# Main verbs of author commentary rather than reporting: the sentence talks about the story.
COMMENTARY_VERBS = frozenset(
    """raise underscore highlight spark prompt complicate signal hint fuel cast grapple watch
    necessitate require stress remind shed loom deepen intensify captivate reverberate shift
    cause add emphasize illustrate""".split()
)
ABSTRACT_SUBJECTS = frozenset(
    """this it that these those revelation development situation implication implications move
    dynamic dynamics world landscape concern concerns question questions situation""".split()
)
CHECKABLE_TYPES = frozenset(
    {"country", "person", "government_body", "international_org", "organisation", "organization",
     "weapon_system", "place", "military_unit", "company", "vessel", "group"}
)


_NOMINAL_SUFFIXES = ("tion", "sion", "ment", "ness", "ity", "ance", "ence", "ship", "ism", "ics", "ure", "ings")
ABSTRACT_NOUNS = frozenset(
    """implication implications role ties tie move dynamics landscape world community objective fear
    speculation tensions tension concern concerns use situation future consequences question questions
    nature approach alliance friendship rapport relationship revelation development suspicion
    suspicions issue matter scenario state stage picture game support display conflict desire
    showcasing progress evidence absence""".split()
)
CONCRETE_NOUNS = frozenset(
    """ship ships warship warships flagship battleship city cities facility facilities authority authorities
    entity entities government governments parliament equipment shipment shipments armament armaments
    nation nations station stations delegation delegations administration administrations coalition
    organisation organization organisations organizations federation corporation corporations
    population installation installations infrastructure structure structures aircraft""".split()
)
"""Things and parties whose names end like abstract nouns (-ship, -ity, -ment, -tion, -ure)."""
EVALUATIVE = frozenset(
    """profound crucial important significant clear evident essential vital concerning alarming
    troubling worrying notable remarkable undeniable imperative necessary critical paramount""".split()
)


ACT_NOUNS = frozenset(c.head for t, trig in TRIGGERS.items() if t not in with_trait("needs_speaker")
                     for c in trig.nouns if not c.verbs and not c.mods)
"""Nouns that name an act or incident by themselves ("the crash", "the strike", "the seizure"),
from the event triggers: a sentence about one is on the story though it names no party
("A criminal case has been opened into the crash")."""


def _of_an_act(noun: Token) -> bool:
    """The noun's own phrase names an act: "an investigation into the crash", "the cause of the blast"."""
    return any(t.pos_ == "NOUN" and t.lemma_.lower() in ACT_NOUNS
               for prep in noun.children if prep.dep_ == "prep" for t in prep.subtree)


def _abstract_subject(subj: Token, mentions: list[EntityMention]) -> bool:
    """A subject that names an idea rather than a party or a thing: "the implications of ..."."""
    lemma = subj.lemma_.lower()
    if subj.pos_ not in {"NOUN"}:
        return lemma in {"this", "that", "these", "those"}
    if any(c.dep_ == "det" and c.lower_ in {"this", "these", "that", "those", "such"} for c in subj.children):
        return True  # "This significant advancement ...": the writer refers back to the story
    if not (lemma in ABSTRACT_NOUNS or lemma.endswith(_NOMINAL_SUFFIXES) and lemma not in CONCRETE_NOUNS):
        return False
    # "North Korea's support", "the missile's nature": a named possessor makes it concrete.
    for child in subj.children:
        if child.dep_ in {"poss", "compound"}:
            lo = child.left_edge.idx
            hi = child.idx + len(child)
            if any(lo <= m.start - _offset(subj) < hi or lo <= m.end - 1 - _offset(subj) < hi for m in mentions):
                return False
    return True


CAUSAL_VERBS = frozenset({"prompt", "cause", "force", "push", "lead", "spark", "fuel"})


def _causes_an_act(verb: Token, subj: Token, mentions: list[EntityMention]) -> bool:
    """"Houthi attacks have prompted shipping firms to divert vessels" tells what parties did; "the
    move sparked concern" comments: a causal verb with a concrete subject and a concrete object
    (not an idea: fears, concern, speculation) is a checkable statement."""
    if verb.lemma_.lower() not in CAUSAL_VERBS or _abstract_subject(subj, mentions):
        return False
    objs = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
    return bool(objs) and not any(_abstract_subject(o, mentions) or o.lemma_.lower() in {"fear", "concern", "alarm"}
                                  for o in objs)


def _told_of_a_party(noun: Token, mentions: list[EntityMention]) -> bool:
    """The noun's own phrase names a party: "no confirmation from Russia", "no word of the crew's fate"."""
    base = _offset(noun)
    for prep in (c for c in noun.children if c.dep_ == "prep"):
        lo, hi = base + prep.idx, base + prep.right_edge.idx + len(prep.right_edge)
        if any(lo <= m.start < hi and m.type in CHECKABLE_TYPES for m in mentions):
            return True
    return False


def _offset(tok: Token) -> int:
    return int(tok.doc.user_data.get("claimgraph_base", 0))


def is_author_claim(sent: Span, mentions: list[EntityMention], has_quantity: bool, has_date: bool = False) -> bool:
    """A sentence in the author's voice that states something checkable.

    Commentary is left out: prescriptions ("must remain vigilant"), evaluations ("the
    implications are profound"), and statements about ideas rather than parties ("the role of
    Russia will be a topic of concern"), unless the sentence carries a figure or a date.
    """
    root = sent.root
    if root.pos_ not in {"VERB", "AUX"}:
        return False
    subj = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"}), None)
    if subj is None or subj.lower_ in {"we", "you", "i"}:
        return False
    on_act = any(t.pos_ == "NOUN" and t.lemma_.lower() in ACT_NOUNS and t.dep_ != "compound" for t in sent)
    if not (has_quantity or has_date or on_act or any(m.type in CHECKABLE_TYPES for m in mentions)):
        return False
    if has_quantity or has_date:
        return True
    lemma = root.lemma_.lower()
    if any(c.tag_ == "MD" and c.lower_ in {"must", "should", "ought"} for c in root.children):
        return False
    if lemma in COMMENTARY_VERBS and not _causes_an_act(root, subj, mentions):
        return False
    if lemma == "be" and any(c.dep_ == "acomp" and c.lemma_.lower() in EVALUATIVE for c in root.children):
        return False
    if subj.dep_ == "csubj" or _abstract_subject(subj, mentions) and not _of_an_act(subj):
        return False
    if subj.dep_ == "expl" and any(
        c.dep_ == "attr" and (c.lemma_.lower() in ABSTRACT_NOUNS or c.lemma_.lower().endswith(_NOMINAL_SUFFIXES))
        and not _told_of_a_party(c, mentions)
        for c in root.children
    ):
        return False  # "There is a growing fear that ..."
    return True


def _slice(sent: Span, start: int, end: int) -> str:
    """Doc text between two token-boundary offsets, without rebuilding the whole doc text.

    ``Doc.text`` joins every token on each access, which made claim building grow with
    article length; a char span only joins its own tokens.
    """
    span = sent.doc.char_span(start, end, alignment_mode="expand")
    return span.text if span is not None else ""


FRAGMENT_TOKENS = 3  # a verbless statement this short ("these accusations") is widened to its sentence
ANAPHORIC_DETS = frozenset({"the", "these", "those", "this", "that", "such"})
"""A short statement opening so points back ("denied these accusations"); "denied any arms deal" says what."""


def claims_for_sentence(
    sent: Span,
    base: int,
    article_key: str,
    attributions: list[Attribution],
    mentions: list[EntityMention],
    has_quantity: bool,
    next_id: int,
    has_date: bool = False,
) -> list[Claim]:
    """Claims of one sentence: one per (source, content) attribution, else one author claim."""
    s0, s1 = base + sent.start_char, base + sent.end_char
    out: list[Claim] = []
    if attributions:
        for att in attributions:
            content = [t for t in sent if att.start <= base + t.idx < att.end]
            words = [t for t in content if not t.is_punct and not t.is_space]
            if len(words) <= FRAGMENT_TOKENS and words and words[0].lower_ in ANAPHORIC_DETS \
                    and not any(t.pos_ in ("VERB", "AUX") for t in words):
                # "denied these accusations", "couldn't confirm the circumstances": a bare noun
                # phrase says nothing alone; the sentence is the claim.
                content = list(sent)
                att = replace(att, start=s0, end=s1)
            cue_lemma = None
            if att.cue_start is not None:
                cue_tok = [t for t in sent if base + t.idx == att.cue_start]
                cue_lemma = "according" if att.cue == "according to" else (
                    cue_tok[0].lemma_.lower() if cue_tok else None)
            certainty, polarity = classify(content or list(sent), cue_lemma, True)
            ents = sorted({m.entity for m in mentions if att.start <= m.start < att.end})
            out.append(
                Claim(
                    article_key=article_key,
                    id=f"{article_key}:c{next_id + len(out)}",
                    start=att.start,
                    end=att.end,
                    text=_slice(sent, att.start - base, att.end - base),
                    source=att.source,
                    source_type=att.source_type,
                    certainty=certainty,
                    polarity=polarity,
                    sentence_start=s0,
                    sentence_end=s1,
                    cue=att.cue,
                    entities=ents,
                )
            )
        root = sent.root
        cue_starts = {a.cue_start for a in attributions}
        covered = any(a.start <= base + root.idx < a.end for a in attributions)
        if base + root.idx in cue_starts or covered or root.pos_ not in {"VERB", "AUX"}:
            return out
        # The main clause is the author's, the attribution sits in a subordinate clause
        # ("While X has accused Y ..., it remains uncertain whether ..."): claim the rest.
        # Drop each reporting clause: the cue's own subtree, or the root's child holding it when
        # the cue hangs there directly ("While X has accused Y ..."). A cue inside a noun phrase
        # ("released a report indicating that ...") takes only its own words with it.
        drop: set[int] = set()
        for cue in (t for t in sent if base + t.idx in cue_starts):
            drop.update(t.i for t in cue.subtree)
            if cue.head == root or cue.head.head == root and cue.head.dep_ not in {"dobj", "obj", "nsubj", "attr"}:
                child = cue if cue.head == root else cue.head
                drop.update(t.i for t in child.subtree)
        rest = [t for t in sent if t.i not in drop]
        while rest and (rest[-1].is_punct or rest[-1].is_space):
            rest.pop()
        while rest and (rest[0].is_punct or rest[0].is_space):
            rest.pop(0)
        if len(rest) < 5 or not is_author_claim(sent, mentions, has_quantity, has_date):
            return out
        a0 = base + rest[0].idx
        a1 = base + rest[-1].idx + len(rest[-1])
        certainty, polarity = classify(rest, None, False)
        out.append(
            Claim(article_key=article_key, id=f"{article_key}:c{next_id + len(out)}", start=a0, end=a1,
                  text=_slice(sent, a0 - base, a1 - base), source="author", source_type="author",
                  certainty=certainty, polarity=polarity, sentence_start=s0, sentence_end=s1,
                  entities=sorted({m.entity for m in mentions if a0 <= m.start < a1}))
        )
        return out
    if not is_author_claim(sent, mentions, has_quantity, has_date):
        return out
    certainty, polarity = classify(list(sent), None, False)
    # A plainly told happening ("US forces sank three boats") is an event *and* the writer's
    # claim that it happened: corroboration and contradiction need the claim too.
    out.append(
        Claim(
            article_key=article_key,
            id=f"{article_key}:c{next_id}",
            start=s0,
            end=s1,
            text=sent.text,
            source="author",
            source_type="author",
            certainty=certainty,
            polarity=polarity,
            sentence_start=s0,
            sentence_end=s1,
            entities=sorted({m.entity for m in mentions}),
        )
    )
    return out
