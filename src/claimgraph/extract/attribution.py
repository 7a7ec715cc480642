"""Who says what: sources, cues and content spans, with light coreference.

spaCy has no attribution component and no coreference in its small model, so this is
hand-written on top of the dependency parse: a reporting verb (or "according to")
introduces content; its subject is the source. A named source is resolved to its
canonical entity; "the spokesperson" or "he" to the last compatible named source; "they"
or "both countries" to the last group of named parties; "Russia and North Korea have
denied" becomes two sources. A sentence with no source is in the author's voice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Span, Token

from claimgraph.extract.certainty import ALL_CUES
from claimgraph.extract.entities import surname_key
from claimgraph.models import Attribution, EntityMention
from claimgraph.nlp.packs import Gazetteer

OFFICIAL_NOUNS = frozenset(
    """official officials spokesperson spokesman spokeswoman minister ministers diplomat diplomats
    president prime ambassador envoy lawmaker lawmakers senator government governments ministry
    authorities authority administration secretary general commander commanders military army
    navy leader leaders representative representatives delegation kremlin pentagon""".split()
)
EXPERT_NOUNS = frozenset(
    """analyst analysts expert experts researcher researchers scholar scholars scientist scientists
    observer observers professor professors specialist specialists academic academics""".split()
)
MEDIA_NOUNS = frozenset(
    """report reports media news newspaper newspapers outlet outlets journalist journalists reporter
    reporters press broadcaster agency channel channels website site blog daily tabloid
    television""".split()
)
ANON_NOUNS = frozenset("source sources insider insiders people person witness witnesses".split())
DOCUMENT_NOUNS = frozenset("report study analysis assessment paper investigation review dossier finding".split())
# what a passive report's subject may be when it carries the proposition ("the first reports that P were ...")
REPORT_WORDS = frozenset("report reports claim claims allegation allegations news word rumour rumor".split())
COMMITMENT_CUES = frozenset({"vow", "pledge", "promise", "threaten", "swear"})
# Verbs of speaking: whoever is their subject speaks ("the group said", "the owner told Reuters"),
# so a noun subject needs no list of speaker words. Other cues ("show", "indicate", "suggest")
# take things as subjects ("the footage shows"), and keep to the known speaker nouns.
SPEECH_CUES = frozenset(
    """say tell state announce claim add deny warn accuse allege insist note stress write explain
    reply respond contend maintain acknowledge admit declare confirm reiterate repeat assert argue
    testify disclose concede remark mention report dispute""".split()
)
# "called the seizure a violation of international law": the speaker's characterisation is a claim
# (only with the predicate noun the parser marks ``oprd``; "called for talks" is not one).
CHARACTERISING_CUES = frozenset({"call", "brand", "label", "term", "dub", "deem"})
CITING_VERBS = frozenset({"cite", "present", "describe", "take"})  # "cited X as indicating that ..."
# "offered the assessment that ...", "made the claim that ...", "issued a warning that ...": a
# verb that only carries a noun of stating; the noun's that-clause is what the subject says.
LIGHT_VERBS = frozenset({"offer", "give", "make", "issue", "voice", "express", "raise", "level", "share",
                         "present", "repeat", "reiterate", "put", "publish", "release"})
PROPOSITION_NOUNS = frozenset(
    """assessment allegation accusation claim charge warning assertion conclusion argument suggestion
    prediction estimate view assurance guarantee belief concern concerns fear fears statement""".split()
)
CLAUSE_ONLY_CUES = frozenset({"maintain"})  # a cue only with a that-clause; with an object it means "keep"
REFUSAL_VERBS = frozenset({"decline", "refuse"})  # "declined to confirm", "refused to comment"
TERMS_OF_SPEAKING = frozenset({"condition", "anonymity", "behalf", "background", "record", "basis"})
"""Nouns of how one speaks, not what: "said on condition of anonymity", "spoke on the record"."""
TALK_VERBS = frozenset({"discuss", "speak", "talk", "comment", "describe", "detail", "brief"})
ADDRESSEE_CUES = frozenset({"tell", "assure", "inform", "brief", "warn"})  # their object is who hears it
RELATIVE_WORDS = frozenset({"which", "who", "whom", "whose"})
QUOTE_CHARS = "\"\u201c\u201d"
PARTITIVES = frozenset({"one", "two", "three", "some", "several", "many", "none", "each", "both", "most", "all"})
PERSON_ROLES = frozenset(
    """mayor spokesman spokeswoman spokesperson minister president chief commander ambassador envoy
    secretary leader governor general premier chancellor senator lawmaker admiral colonel""".split()
)
ONE_PERSON_HEADS = PERSON_ROLES | frozenset(
    """diplomat official officer analyst expert researcher professor aide adviser advisor""".split())
ORG_ROLES = frozenset(
    """group company firm organisation organization ministry agency militia movement operator owner
    carrier manufacturer militants rebels government administration office council committee
    department service alliance""".split()
)
# Not "media": an outlet named in a dateline or credit ("LONDON (Reuters) -") is the channel, not
# "the owner" or "the company" a later sentence speaks of.
ORG_KINDS = frozenset({"organisation", "organization", "group", "company", "government_body", "international_org",
                       "military_unit"})
# Nouns that are not speakers even as the subject of a speech verb ("the statement said").
NOT_SPEAKERS = frozenset(
    """statement release post message letter text document note video footage image images photo
    photos imagery data figure figures evidence website page headline caption it this that""".split()
)
GENERIC_BODIES = frozenset({"group", "organisation", "organization", "movement", "militia"})
SPOKE_JUST_BEFORE = 400
"""Characters back within which the body that spoke last is what "the group said" means."""
REFLEXIVE = frozenset({"itself", "himself", "herself", "themselves", "ourselves", "myself"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
FIRST_PERSON = frozenset({"we", "i"})
GROUP_PRONOUNS = frozenset({"they"})
GROUP_NOUNS = frozenset({"countries", "nations", "states", "governments", "sides", "allies", "parties"})
EXPERT_ROLE = re.compile(r"professor|analyst|expert|research|scholar|scientist|fellow|academic", re.I)
SOURCE_ENTITY_TYPES = frozenset(
    {"country", "government_body", "person", "organisation", "organization", "international_org",
     "media", "company", "military_unit", "group"}
)


@dataclass
class Source:
    name: str
    source_type: str
    start: int | None = None
    end: int | None = None


@dataclass
class Context:
    """What earlier sentences of the article told us, for resolving pronouns and roles."""

    last_person: Source | None = None
    last_group: list[Source] = field(default_factory=list)  # what "they" points to
    last_country_group: list[str] = field(default_factory=list)  # what "both countries" points to
    countries: list[str] = field(default_factory=list)  # distinct, in order of mention
    doc_authors: dict[str, Source] = field(default_factory=dict)  # document noun -> author
    last_body: Source | None = None  # the last organisation, agency or state that spoke: what "it said" is
    speakers: list[Source] = field(default_factory=list)  # every source so far, in order: "the ministry" looks back


def _after_quote_or_clause(subj: Token) -> bool:
    """'"...," it said' or '..., it said': "it" comes after what is said, so it can only be a speaker
    (in "it said it would" or "it is said" it is often a dummy subject)."""
    i = subj.i
    return i > 0 and (subj.doc[i - 1].text in {",", "\u201d", '"'} or i > 1 and subj.doc[i - 2].text in {"\u201d", '"'})


def is_outlet(source: str, source_type: str, gaz: Gazetteer) -> bool:
    """A news outlet or wire: it reports and relays, it does not accuse or speak for a side."""
    pe = gaz.get(source)
    return source_type == "media" or (pe is not None and pe.is_outlet)


def _agents(verb: Token) -> list[Token]:
    """Who a passive verb's "by" phrase names ("reported by Interfax")."""
    return [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]


def _stated_by_noun(verb: Token) -> tuple[int, int] | None:
    """The that-clause of a noun of stating carried by a light verb ("offered the assessment that
    the supply is a violation"), as character offsets; None for any other verb."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in LIGHT_VERBS:
        return None
    for noun in verb.children:
        if noun.dep_ not in {"dobj", "obj"} or noun.lemma_.lower() not in PROPOSITION_NOUNS:
            continue
        for clause in noun.children:
            if clause.dep_ in {"acl", "ccomp", "relcl"} and any(
                    m.dep_ == "mark" and m.lower_ == "that" for m in clause.children):
                toks = [t for t in clause.subtree
                        if not (t.dep_ == "mark" and t.head.i == clause.i and t.lower_ == "that")]
                while len(toks) > 1 and (toks[-1].is_punct or toks[-1].is_quote):
                    toks.pop()
                return toks[0].idx, toks[-1].idx + len(toks[-1])
    return None


def _asked(verb: Token) -> bool:
    """The verb heads (or is joined to) a "whether" or "if" clause: an embedded question ("did not say
    whether the US suspected a bomb or believed ..."), which reports no one's view."""
    cur = verb
    for _ in range(4):
        if any(c.dep_ == "mark" and c.lower_ in {"whether", "if"} for c in cur.children):
            return True
        if cur.dep_ != "conj" or cur.head is cur:
            return False
        cur = cur.head
    return False


def _nearer_clause_subject(verb: Token) -> Token | None:
    """The subject a subjectless conjunct shares when a clause of its own subject stands between
    it and the verb it is joined to: in "Kyiv accuses Russia ..., while Iran has denied ..., but
    admitted ..." the parser joins "admitted" to "accuses", yet the reader takes it as Iran's."""
    between = [c for c in verb.head.children if c.dep_ == "advcl" and verb.head.i < c.i < verb.i]
    if not between:
        return None
    clause = max(between, key=lambda c: c.i)
    if any(t.pos_ in {"VERB", "AUX"} and t.dep_ in {"ROOT", "conj"} and t.head == verb.head
           for t in verb.doc[clause.right_edge.i + 1: verb.i]):
        return None  # another verb of the main clause comes after the side clause
    return next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)


def entity_source_type(ent_type: str, role: str = "") -> str:
    if ent_type == "person":
        return "expert" if EXPERT_ROLE.search(role) else "official"
    if ent_type == "country":
        return "official"
    if ent_type == "media":
        return "media"
    return "organization"


def descriptor_type(head: str) -> str:
    h = head.lower()
    if h in OFFICIAL_NOUNS:
        return "official"
    if h in EXPERT_NOUNS:
        return "expert"
    if h in MEDIA_NOUNS or h in DOCUMENT_NOUNS:
        return "media"
    if h in ANON_NOUNS:
        return "anonymous"
    return "organization"


class Attributor:
    """Finds attributions sentence by sentence, carrying :class:`Context` through the article."""

    def __init__(self, article_key: str, mentions: list[EntityMention], gaz: Gazetteer, base: int = 0) -> None:
        self.key = article_key
        self.gaz = gaz
        self.base = base
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.ctx = Context()
        self._group_from_subject = False  # this sentence's speakers are the latest "they"
        self._quoting: Source | None = None  # who the quotation running into the next sentence is by

    # ------------------------------------------------------------------ entities
    def _mentions_in(self, start: int, end: int) -> list[EntityMention]:
        return [m for m in self.mentions if m.start >= start and m.end <= end]

    def _source_from_mention(self, m: EntityMention, span: Span | None = None) -> Source:
        pe = self.gaz.get(m.entity)
        role = pe.role if pe else ""
        if span is not None and m.type == "person" and not role:
            role = span.text  # "Dr. X, a professor emeritus ..." carries the role with it
        return Source(m.entity, entity_source_type(m.type, role), m.start, m.end)

    def observe(self, sent: Span) -> None:
        """Update context with the named parties of a sentence (after it is processed)."""
        ms = self._mentions_in(self.base + sent.start_char, self.base + sent.end_char)
        for m in ms:
            if m.type == "country" and m.entity not in self.ctx.countries:
                self.ctx.countries.append(m.entity)
        # A coordination of named parties ("the United States and South Korea") is a group;
        # a coordinated subject outranks one inside an object or prepositional phrase.
        best: tuple[int, list[Source]] | None = None
        for tok in sent:
            if tok.dep_ == "conj" or not tok.conjuncts:
                continue
            members = [m for m in (self._entity_at(t) for t in (tok, *tok.conjuncts)) if m is not None]
            names = list(dict.fromkeys(m.entity for m in members))
            if len(names) < 2:
                continue
            if all(self.gaz.get(n) is not None and self.gaz.get(n).type == "country" for n in names):  # type: ignore[union-attr]
                self.ctx.last_country_group = names
            rank = 1 if tok.dep_ in {"nsubj", "nsubjpass"} else 0
            if best is None or rank >= best[0]:
                by_name = {m.entity: m for m in members}
                best = (rank, [self._source_from_mention(by_name[n]) for n in names])
        if best is not None and (best[0] == 1 or not self._group_from_subject):
            self.ctx.last_group = best[1]
        self._group_from_subject = False
        # Document authorship: "<report> authored by X", "X released a report", "X's report".
        for tok in sent:
            if tok.lemma_.lower() in DOCUMENT_NOUNS and tok.pos_ == "NOUN":
                author = self._document_author(tok)
                if author:
                    self.ctx.doc_authors[tok.lemma_.lower()] = author

    def _entity_at(self, tok: Token) -> EntityMention | None:
        pos = self.base + tok.idx
        for m in self.mentions:
            if m.start <= pos < m.end and m.type in SOURCE_ENTITY_TYPES:
                return m
        return None

    def _document_author(self, noun: Token) -> Source | None:
        # "report, authored/written/compiled by X"
        for child in noun.subtree:
            if child.lower_ == "by" and child.head.lemma_ in {"author", "write", "compile", "produce", "publish",
                                                              "prepare", "release", "issue", "by"} | {noun.lemma_}:
                for p in child.children:
                    src = self._best_entity_in(p)
                    if src:
                        return src
        # "X has released / published / issued a report"
        head = noun.head
        if noun.dep_ in {"dobj", "obj"} and head.lemma_ in {"release", "publish", "issue", "produce", "compile"}:
            for subj in head.children:
                if subj.dep_ in {"nsubj", "nsubjpass"}:
                    src = self._best_entity_in(subj)
                    if src:
                        return src
        # "X's report"
        for child in noun.children:
            if child.dep_ == "poss":
                src = self._best_entity_in(child)
                if src:
                    return src
        return None

    def _best_entity_in(self, tok: Token) -> Source | None:
        """The most specific named party in a token's subtree: a person before an organisation."""
        sub = list(tok.subtree)
        start, end = self.base + sub[0].idx, self.base + sub[-1].idx + len(sub[-1])
        ms = [m for m in self._mentions_in(start, end) if m.type in SOURCE_ENTITY_TYPES]
        if not ms:
            return None
        span = tok.doc[sub[0].i : sub[-1].i + 1]
        persons = [m for m in ms if m.type == "person"]
        return self._source_from_mention(persons[0] if persons else ms[0], span)

    # ------------------------------------------------------------------ sources
    def resolve_subject(self, subj: Token, speech: bool = False) -> list[Source]:
        """One subject phrase to one or more sources."""
        word = subj.lower_
        if word in {"who", "that", "which"} and subj.head.dep_ == "relcl":
            return self.resolve_subject(subj.head.head, speech)  # "sources in Wagner who said": the sources
        if word in PARTITIVES:
            # "one of the Iranian diplomats said": the group speaks through one of its members
            of = [p for c in subj.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                  if p.dep_ == "pobj"]
            if of:
                return self.resolve_subject(of[0], speech)
        if word in PERSON_PRONOUNS:
            if self.ctx.last_person:
                return [self.ctx.last_person]
            # No person has spoken yet: the nearest person named before the pronoun.
            pos = self.base + subj.idx
            named = [m for m in self.mentions if m.end <= pos and m.type == "person"]
            return [self._source_from_mention(named[-1])] if named else []
        if word in GROUP_PRONOUNS or word == "we":
            if self.ctx.last_group:
                return list(self.ctx.last_group)
            return []
        sources: list[Source] = []
        for conj in [subj, *subj.conjuncts]:
            sources.extend(self._resolve_one(conj, speech))
        # Keep order, drop repeats.
        seen: set[str] = set()
        return [s for s in sources if not (s.name in seen or seen.add(s.name))]  # type: ignore[func-returns-value]

    def _resolve_one(self, head: Token, speech: bool = False) -> list[Source]:
        """``speech``: the cue is a speech act, so any noun subject is a speaker ("the group said")."""
        lemma = head.lemma_.lower()
        words = {t.lower_ for t in head.subtree}
        # "both countries", "the two nations": the last two countries named.
        if head.lower_ in GROUP_NOUNS and ({"both", "two"} & words):
            names = self.ctx.last_country_group or self.ctx.countries[-2:]
            if len(names) >= 2:
                return [Source(c, "official") for c in names]
        if head.lower_ in GROUP_NOUNS:
            # "our French and British allies", "Western and Gulf governments": the states named
            named = [self._entity_at(t) for c in head.children if c.dep_ in {"amod", "compound"}
                     for t in (c, *c.conjuncts)]
            states = list(dict.fromkeys(m.entity for m in named if m is not None and m.type == "country"))
            if states:
                return [Source(name, "official") for name in states]
        ent = self._entity_at(head)
        if (ent is None or ent.provisional and ent.type != "person" and " " not in ent.text) and \
                head.text[:1].isupper() and not any(c.dep_ == "compound" for c in head.children):
            person = self._earlier_person(head)
            if person is not None:
                return [person]
        if ent is not None:
            # The head itself is a name ("Kirby", "Russia", "the Kremlin").
            span = head.doc[head.left_edge.i : head.right_edge.i + 1]
            return [self._source_from_mention(ent, span)]
        # A role noun with a named apposition: "the spokesperson, John Kirby, said", "the mayor of
        # Kyiv, Vitali Klitschko, said" (the parser may hang the apposition on the "of" phrase).
        for child in head.subtree:
            on_head = child.head == head or (
                child.head.dep_ == "pobj" and child.head.head.dep_ == "prep" and child.head.head.head == head)
            if child.dep_ == "appos" and on_head:
                src = self._best_entity_in(child)
                if src:
                    return [src]
        # "the group said", "the company said", "the mayor said": the last party of that kind named.
        if head.tag_ == "NN" and [c.lower_ for c in head.children if c.dep_ == "det"] == ["the"] and not [
            c for c in head.children if c.dep_ in {"amod", "compound", "poss", "prep", "nmod"}
        ]:
            ref = self._last_of_kind(head, speech)
            if ref is not None:
                return [ref]
        if lemma in DOCUMENT_NOUNS and head.tag_ == "NN":
            # A singular document ("the report"); plural "reports" stays a descriptor.
            author = self._document_author(head) or self.ctx.doc_authors.get(lemma)
            if author:
                return [author]
        if head.pos_ in {"PROPN"}:
            sub = [t for t in head.subtree if t.i <= head.i or t.dep_ == "compound"]
            while sub and (sub[0].dep_ == "det" or sub[0].is_punct):
                sub = sub[1:]
            if not sub:
                return []
            span = head.doc[sub[0].i : sub[-1].i + 1]
            return [Source(span.text, "organization", self.base + span.start_char, self.base + span.end_char)]
        known = OFFICIAL_NOUNS | EXPERT_NOUNS | MEDIA_NOUNS | ANON_NOUNS | DOCUMENT_NOUNS
        if speech and head.lower_ in NOT_SPEAKERS and head.pos_ == "NOUN":
            # "the government statement said", "the ministry's letter says": its owner speaks
            owners = [c for c in head.children if c.dep_ in {"compound", "poss"} and c.pos_ in {"NOUN", "PROPN"}]
            for owner in owners:
                found = self._resolve_one(owner, False)  # a known speaker word or a name, not any noun
                if found:
                    return found
        speaker = speech and head.pos_ == "NOUN" and head.lower_ not in NOT_SPEAKERS
        if head.pos_ == "NOUN" and (head.lower_ in known | {n + "s" for n in known} or speaker):
            # "the spokesperson", "the minister": the last named person, if any.
            # Only a bare person role: "the United States government", "the Iranian diplomat"
            # and "the company" are no earlier person.
            if head.lower_ in OFFICIAL_NOUNS and head.lower_ not in ORG_ROLES and self.ctx.last_person \
                    and [c.lower_ for c in head.children if c.dep_ == "det"] == ["the"] and head.tag_ == "NN" \
                    and not [c for c in head.children if c.dep_ in {"amod", "compound", "poss", "nmod"}]:
                return [self.ctx.last_person]
            mods = [t for t in head.lefts if t.dep_ in {"compound", "amod", "nmod", "poss"} and not t.is_punct]
            keep = [t for t in mods if t.dep_ != "poss" or t.pos_ == "PROPN"]
            first = keep[0].left_edge if keep else head
            span = head.doc[first.i : head.i + 1]
            breaks = [t.i for t in span if "\n" in t.text]
            if breaks:  # the parser ran across a heading; the source starts after it
                span = head.doc[breaks[-1] + 1 : head.i + 1]
            name = re.sub(r"'s\b", "'s", span.text)
            return [Source(name, descriptor_type(head.lower_), self.base + span.start_char, self.base + span.end_char)]
        return []

    def _earlier_person(self, head: Token) -> Source | None:
        """A bare surname the model did not tag ("Vorshenko said") is the person named in
        full before it ("Foreign Minister Anatol Vor-Shenko"); spelling variants of the
        surname that differ only in hyphens or case count as one."""
        want = surname_key(head.text)
        if len(want) < 4:
            return None
        pos = self.base + head.idx
        for m in reversed(self.mentions):
            if m.end <= pos and m.type == "person" and " " in m.text and surname_key(m.text.split()[-1]) == want:
                return self._source_from_mention(m)
        return None

    def _last_of_kind(self, head: Token, speech: bool = False) -> Source | None:
        """The nearest party named before ``head`` whose kind fits the role noun, or None.

        Light coreference for definite role nouns: "the group" or "the company" is the last
        organisation named, "the mayor" or "the spokesman" the last person. "The group also
        said" goes on from the body that spoke last, when it spoke in the sentences just before:
        the tanker it said it attacked, named in between, is no speaker.
        """
        word = head.lower_
        if word in PERSON_ROLES:
            kinds: frozenset[str] = frozenset({"person"})
        elif word in ORG_ROLES:
            kinds = ORG_KINDS
        else:
            return None
        pos = self.base + head.idx
        body = self.ctx.last_body
        if speech and word in GENERIC_BODIES and body is not None and body.start is not None \
                and 0 < pos - body.start <= SPOKE_JUST_BEFORE \
                and any(m.entity == body.name and m.type in ORG_KINDS for m in self.mentions):
            return body
        if kinds is ORG_KINDS and word not in GENERIC_BODIES:
            # "the ministry announced": the last body named a ministry, spoken by or named, before
            # an agency named in between ("Russia's emergency situations ministry said ...; the
            # aviation agency said ...; the ministry announced ...")
            named = [(s.start or 0, s) for s in self.ctx.speakers if word in s.name.lower().split()]
            named += [(m.start, self._source_from_mention(m)) for m in self.mentions
                      if m.end <= pos and m.type in kinds and word in m.text.lower().split()]
            before = [x for x in named if x[0] < pos]
            if before:
                return max(before, key=lambda x: x[0])[1]
        for m in reversed(self.mentions):
            if m.end <= pos and m.type in kinds:
                return self._source_from_mention(m)
        return None

    def _remember(self, sources: list[Source], subj: Token | None = None) -> None:
        self.ctx.speakers.extend(sources)
        # Only a named body or an institution is what a later "it said" points back to: "the
        # multinational crew reports ..." inside a command's statement leaves the command speaking
        named = {m.entity for m in self.mentions}
        institutions = ORG_ROLES | OFFICIAL_NOUNS | MEDIA_NOUNS
        bodies = [s for s in sources if s.source_type in {"organization", "official", "media"}
                  and (s.name in named or s.name.split()[-1].lower() in institutions)
                  and not self._is_person(s.name) and s.name.split()[-1].lower() not in ONE_PERSON_HEADS]
        if len(sources) == 1 and bodies:
            self.ctx.last_body = bodies[0]
        # A named person, or one person described ("the Iranian diplomat refuted ...; he said"):
        # "he" and "she" after it are that speaker, not someone named before.
        persons = [s for s in sources if s.source_type in {"official", "expert"}
                   and (self._is_person(s.name) or s.name.split()[-1].lower() in ONE_PERSON_HEADS)]
        if persons:
            self.ctx.last_person = persons[-1]
        if len(sources) >= 2 or (subj is not None and subj.tag_ in {"NNS", "NNPS"}):
            self.ctx.last_group = sources
            self._group_from_subject = True
            kinds = [self.gaz.get(x.name) for x in sources]
            if len(sources) >= 2 and all(k is not None and k.type == "country" for k in kinds):
                self.ctx.last_country_group = [x.name for x in sources]

    def _is_person(self, name: str) -> bool:
        pe = self.gaz.get(name)
        if pe is not None:
            return pe.type == "person"
        return any(m.entity == name and m.type == "person" for m in self.mentions)

    # ------------------------------------------------------------------ attributions
    def attribute(self, sent: Span) -> list[Attribution]:
        """Attributions in one sentence (empty: the author's own voice)."""
        out: list[Attribution] = []
        # id() of attributions whose cue has "we" or "I" as subject, and of cues that are no speech
        # act ("the images show"); by identity, since the filters below drop items from ``out``
        first_person: set[int] = set()
        evidence: set[int] = set()
        for tok in sent:
            # "according to X", "as per X", "per X"
            according = tok.lower_ == "according" and tok.i + 1 < sent.end and tok.doc[tok.i + 1].lower_ == "to"
            per = tok.lower_ == "per" and tok.i + 1 < sent.end and (
                tok.i > sent.start and tok.doc[tok.i - 1].lower_ == "as" or tok.i == sent.start
                or tok.doc[tok.i - 1].is_punct)
            if according or per:
                to = tok.doc[tok.i + 1] if according else tok
                objs = [c for c in to.children if c.dep_ == "pobj"]
                if not objs:
                    continue
                sources = self.resolve_subject(objs[0])
                # Content: the whole sentence; the phrase may sit anywhere inside it.
                c0, c1 = sent.start_char, sent.end_char
                for s in sources:
                    out.append(self._make(s, "according to" if according else "as per", tok.idx, to.idx + len(to),
                                          c0, c1, False))
                self._remember(sources)
                continue
            lemma = tok.lemma_.lower()
            relayed_by = self._as_reported_by(tok, sent)
            if relayed_by is not None:
                out.extend(relayed_by)
                continue
            passive = self._reported_by(tok, sent)
            if passive is not None:
                out.extend(passive)
                continue
            quoted = self._quoted_as_saying(tok, sent)
            if quoted is not None:
                out.extend(quoted)
                continue
            characterises = lemma in CHARACTERISING_CUES and any(c.dep_ == "oprd" for c in tok.children)
            stated = _stated_by_noun(tok)
            if tok.pos_ not in {"VERB", "AUX"} or (lemma not in ALL_CUES and not characterises and stated is None):
                continue
            if _asked(tok):
                continue  # "declined to say whether the US suspected a bomb": a question, not a report
            if lemma in CLAUSE_ONLY_CUES and not any(c.dep_ == "ccomp" for c in tok.children):
                continue  # "Israel maintains its offensive" keeps it going; "maintains that ..." reports
            if lemma == "point" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children):
                continue  # "points to a larger game" is not a report; "pointed out that" is
            if any(c.dep_ in {"dobj", "obj"} and c.lower_ in REFLEXIVE for c in tok.children) or (
                tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ in REFLEXIVE
            ):
                continue  # "found itself isolated"
            # Two subjects is a misparse of an apposition ("The harbour master, Capt. Ines Varga
            # said"): the one next to the verb is the name.
            subj = max((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i < tok.i),
                       key=lambda c: c.i, default=None) or next(
                (c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            head_speaks = tok.head.lemma_.lower() in ALL_CUES | CHARACTERISING_CUES
            speech = lemma in SPEECH_CUES or stated is not None  # one who offers an assessment speaks
            if subj is None and (tok.dep_ == "conj" and (head_speaks or speech and tok.head.pos_ == "VERB")
                                 or tok.dep_ in {"advcl", "xcomp"} and tok.tag_ == "VBG" and speech):
                # "Miller called it a violation and stated the U.S. will consult", "X addressed the
                # allegations, saying ...", "the minister visited the port and said ...": the subject
                # is shared with the verb before; after a verb that is no speech act it must name
                # a known party or speaker ("the vessel sank and warned" names none).
                subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
                if tok.dep_ == "conj":
                    subj = _nearer_clause_subject(tok) or subj
                speech = speech and (head_speaks or tok.dep_ != "conj")
                upper = tok.head.head
                if tok.dep_ == "conj" and not head_speaks and tok.head.dep_ == "ccomp" \
                        and upper.lemma_.lower() in ALL_CUES:
                    # "the statement said the ship sank and warned of a spill": the parser hangs the
                    # second speech verb on what was said; it is the first speaker's
                    subj = next((c for c in upper.children if c.dep_ == "nsubj"), None)
                    speech = lemma in SPEECH_CUES
            own_content: tuple[int, int] | None = stated  # what is said, set by the construction itself
            if subj is None and tok.dep_ == "pcomp" and tok.head.lower_ == "as" \
                    and tok.head.head.lemma_.lower() in CITING_VERBS:
                # "He cited preliminary information as indicating that ...": the one who cites says it,
                # and what is cited is part of what is said
                subj = next((c for c in tok.head.head.children if c.dep_ == "nsubj"), None)
                cited = [c for c in tok.head.head.children if c.dep_ in {"dobj", "obj"}]
                if subj is not None and cited:
                    first, last = tok.head.head, tok.right_edge  # "cited X as indicating that ..."
                    own_content = (first.idx, last.idx + len(last))
            if subj is None and tok.dep_ == "xcomp" and tok.head.lemma_.lower() in REFUSAL_VERBS:
                # "The Kremlin has declined to confirm his death, citing ...": the refusal is what
                # the subject says; the claim is the refusal, not the thing left unconfirmed.
                subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
                if subj is not None:
                    words = [t for t in tok.head.subtree if t.i > subj.right_edge.i]
                    if words and words[-1].is_punct:
                        words.pop()  # the sentence's closing punctuation
                    own_content = (words[0].idx, words[-1].idx + len(words[-1])) if words else None
            if subj is None or tok.dep_ == "amod":
                # "a report indicating that ..." : the cue modifies a document noun.
                if tok.dep_ in {"acl", "relcl"} and tok.head.lemma_.lower() in DOCUMENT_NOUNS:
                    subj = tok.head
                else:
                    continue
            if subj.dep_ == "nsubjpass":
                continue  # "X was said to ...", "X was presumed dead": the subject is the topic, not a source
            if lemma in COMMITMENT_CUES and not any(c.dep_ in {"ccomp", "xcomp"} for c in tok.children):
                continue  # "vowed revenge": no proposition to hold the speaker to
            content = own_content or self._content(tok, sent, subj)
            if content is None:
                continue
            if subj.lower_ == "it" and speech and self.ctx.last_body is not None and (
                    tok.i > subj.i and _after_quote_or_clause(subj)):
                sources = [self.ctx.last_body]  # '"The crew abandoned the ship," it said.'
            elif subj.lower_ in {"it", "this", "that", "there"}:
                continue
            else:
                sources = self.resolve_subject(subj, speech)
            if not sources:
                continue
            c0, c1 = content
            direct = '"' in sent.text[max(0, c0 - sent.start_char - 2): c1 - sent.start_char + 2] or \
                "\u201c" in sent.text
            for s in sources:
                att = self._make(s, tok.text, tok.idx, tok.idx + len(tok), c0, c1, direct)
                if subj.lower_ in FIRST_PERSON:
                    first_person.add(id(att))
                if not speech:
                    evidence.add(id(att))
                out.append(att)
            self._remember(sources, subj)
        relayed = ("according to", "as per")
        if any(a.cue not in relayed for a in out):
            # "the general said, according to the Times, that ...": the outlet relays, the speaker speaks.
            # A person named by "according to" is kept: "the Pentagon said ..., according to
            # Brig. Gen. Ann Cole" is her word too.
            out = [a for a in out if a.cue not in relayed or self._is_person(a.source)]
        out = self._evidence_inside_speech(out, evidence)
        out = self._outlet_relays(out)
        out = self._speaker_speaks_for_we(out, first_person)
        out = self._quote_continues(sent, out)
        self.observe(sent)
        return out

    def _outlet_relays(self, out: list[Attribution]) -> list[Attribution]:
        """ "US and Western officials say an assessment found ..., The Associated Press reported":
        the officials speak; the outlet that reports them only relays, as with "according to"."""
        speakers = [a for a in out if not is_outlet(a.source, a.source_type, self.gaz)]
        return [a for a in out if a in speakers or not any(o.start < a.end and a.start < o.end for o in speakers)]

    @staticmethod
    def _evidence_inside_speech(out: list[Attribution], evidence: set[int]) -> list[Attribution]:
        """ "Peskov said the statements from Germany and Denmark show their intention to blame
        Russia": what the statements show is part of what Peskov says; Denmark says nothing.
        (``evidence`` holds the id() of cues that are no speech act.)"""
        if not evidence:
            return out
        speaking = [o for o in out if id(o) not in evidence]
        return [a for a in out if id(a) not in evidence or a.cue_start is None
                or not any(o.start <= a.cue_start < o.end for o in speaking)]

    @staticmethod
    def _speaker_speaks_for_we(out: list[Attribution], first_person: set[int]) -> list[Attribution]:
        """ '"We strongly reject the claims," spokesman Nasser Kanaani told reporters': "we" inside
        what a named speaker says is the speaker, not the last group of states the text named."""
        if not first_person:
            return out
        fixed: list[Attribution] = []
        for a in out:
            if id(a) in first_person and a.cue_start is not None:
                outer = next((o for o in out if id(o) not in first_person
                              and o.start <= a.cue_start < o.end), None)
                if outer is not None:
                    if any(f.source == outer.source and f.start == a.start for f in fixed):
                        continue  # "we" resolved to three states: one claim of the speaker's
                    a = replace(a, source=outer.source, source_type=outer.source_type,
                                source_start=outer.source_start, source_end=outer.source_end)
            fixed.append(a)
        return fixed

    def _quote_continues(self, sent: Span, out: list[Attribution]) -> list[Attribution]:
        """A quotation that runs on past its cue keeps its speaker.

        'Araghchi wrote on X: "Iran has NOT delivered ballistic missiles to Russia."' and
        '"We provided a few drones," he said. "We did not send any after the war began."': a
        sentence that opens with a quotation mark and names no speaker of its own continues
        the speaker of the sentence before, when that sentence quoted someone or ended in a colon.
        """
        text = sent.text.strip()
        opens = text[:1] in QUOTE_CHARS
        if not out and opens and self._quoting is not None:
            s = self._quoting
            lead = len(sent.text) - len(sent.text.lstrip()) + 1
            c0, c1 = sent.start_char + lead, sent.end_char
            while c1 > c0 and sent.doc.text[c1 - 1] in QUOTE_CHARS + ".":
                c1 -= 1
            out = [Attribution(self.key, self.base + c0, self.base + c1, s.name, s.source_type, None, None, None,
                               True, s.start, s.end)]
        if out and (any(a.direct for a in out) or text.endswith(":")):
            last = out[-1]
            self._quoting = Source(last.source, last.source_type, last.source_start, last.source_end)
        elif not opens:
            self._quoting = None
        return out

    def _content(self, cue: Token, sent: Span, subj: Token) -> tuple[int, int] | None:
        comps = [c for c in cue.children if c.dep_ in {"ccomp", "xcomp", "dobj", "obj", "prep", "advcl", "attr", "oprd"}
                 and c.i > cue.i]
        # "said on condition of anonymity to discuss operations": why one speaks is not what is said
        comps = [c for c in comps if not (c.dep_ in {"advcl", "xcomp"} and c.lemma_.lower() in TALK_VERBS)]
        # '"...," Biden said while speaking with reporters, the AP reported': the parser hangs the
        # trailing relay on the cue as what is said; a speech verb with a subject and nothing said
        # of its own is the relay
        comps = [c for c in comps if not (
            c.dep_ == "ccomp" and c.lemma_.lower() in SPEECH_CUES and any(x.dep_ == "nsubj" for x in c.children)
            and not any(x.dep_ in {"ccomp", "dobj", "xcomp"} for x in c.children))]
        # "Kyiv accuses Russia of ..., while Iran denied ...": a clause on the cue with a subject of
        # its own tells what someone else did or said, beside what this speaker says
        comps = [c for c in comps if not (c.dep_ == "advcl" and any(x.dep_ in {"nsubj", "nsubjpass"}
                                                                      for x in c.children))]
        has_obj = any(c.dep_ in {"dobj", "obj"} for c in comps)
        comps = [c for c in comps if c.dep_ != "prep" or (c.lower_ in {"of", "that", "about", "on"}
                                                          or c.lower_ == "as" and has_obj)  # "described X as Y"
                 and not any(p.ent_type_ in {"DATE", "TIME"} or p.lemma_.lower() in TERMS_OF_SPEAKING
                             for p in c.children)]  # "reported on Wednesday", "said on condition of anonymity"
        if cue.lemma_.lower() in ADDRESSEE_CUES:
            comps = [c for c in comps if c.dep_ not in {"dobj", "obj"}]  # "told Reuters": the addressee
        # "The shipment included 450 drones, officials said, which the Russians have used ...": the
        # parser hangs a relative clause after the cue on the cue; a clause is never "said which"
        comps = [c for c in comps if not (c.dep_ == "ccomp" and c.left_edge.lower_ in RELATIVE_WORDS)]
        if cue.dep_ == "parataxis" and cue.head.i < cue.i and cue.head.pos_ in {"VERB", "AUX"} and not comps:
            # an inserted cue ("..., officials said, which ..."): what is said is the clause before it;
            # the relative clause after it is the writer's
            toks = [t for t in cue.head.subtree if t.i < cue.left_edge.i and not t.is_space]
            while len(toks) > 1 and (toks[-1].is_punct or toks[-1].is_quote):
                toks.pop()
            return (toks[0].idx, toks[-1].idx + len(toks[-1])) if toks else None
        before = [c for c in cue.children if c.dep_ == "ccomp" and c.i < cue.i]
        if before and not any(c.dep_ in {"ccomp", "xcomp", "dobj", "obj", "attr"} for c in comps):
            comps = []  # '"That is incorrect," one official said, speaking on condition of anonymity'
        if not comps:
            # Content before the cue: '"We shoot down ten a day," Zelensky said', 'The ship sank,
            # the ministry said.' The clause the cue governs from the left is what is said.
            return self._left_content(cue) or self._that_clause(cue, sent) or self._first_conjunct(cue)
        relay = {x.i for t in sent if t.lower_ == "according" for x in t.subtree}  # "according to X," inside
        toks = [t for c in comps for t in c.subtree if t.i not in relay]
        while len(toks) > 1 and toks[0].is_punct:
            toks = toks[1:]
        if not toks:
            return None
        start = min(t.idx for t in toks)
        end = max(t.idx + len(t) for t in toks)
        return start, end

    def _as_reported_by(self, tok: Token, sent: Span) -> list[Attribution] | None:
        """'As reported by Interfax, the jet was flying to St Petersburg': the agent of a passive
        reporting verb in an "as" clause is the source of the rest of the sentence."""
        if tok.tag_ != "VBN" or tok.dep_ not in {"advcl", "acl"} or tok.lemma_.lower() not in ALL_CUES:
            return None
        if not any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children):
            return None
        agents = _agents(tok)
        if not agents:
            return None
        sources = self.resolve_subject(agents[0], True)
        if not sources:
            return None
        clause = {t.i for t in tok.subtree}
        rest = [t for t in sent if t.i not in clause and not t.is_space]
        while rest and rest[0].is_punct:
            rest = rest[1:]
        while rest and rest[-1].is_punct:
            rest = rest[:-1]
        if len(rest) < 3:
            return None
        c0, c1 = rest[0].idx, rest[-1].idx + len(rest[-1])
        self._remember(sources)
        return [self._make(s, tok.text, tok.idx, tok.idx + len(tok), c0, c1, False) for s in sources]

    def _reported_by(self, tok: Token, sent: Span) -> list[Attribution] | None:
        """A passive report with its agent: "it was reported by state media that P", "that P was first
        reported by the channel", "the first reports that P were reported by Grey Zone": the agent is
        the source and P what it said. (Without an agent, "it was reported that P" names no source;
        "as reported by X, P" is :meth:`_as_reported_by`.)"""
        if tok.tag_ != "VBN" or tok.lemma_.lower() not in ALL_CUES:
            return None
        if not any(c.dep_ == "auxpass" for c in tok.children) or any(
                c.dep_ == "mark" and c.lower_ == "as" for c in tok.children):
            return None
        agents = _agents(tok)
        if not agents:
            return None
        said: list[Token] = []
        for c in tok.children:
            if c.dep_ == "ccomp" and c.i > agents[0].i:  # "it was reported by X that P"
                said = list(c.subtree)
            elif c.dep_ == "csubjpass":  # "that P was reported by X"
                said = list(c.subtree)
            elif c.dep_ == "nsubjpass" and c.lemma_.lower() in REPORT_WORDS:  # "reports that P were ..."
                said = [t for x in c.children if x.dep_ in {"acl", "ccomp"} for t in x.subtree]
        while said and (said[0].dep_ == "mark" or said[0].is_punct):
            said = said[1:]
        if len([t for t in said if not t.is_punct]) < 3:
            return None
        sources = self.resolve_subject(agents[0], True)
        if not sources:
            return None
        self._remember(sources)
        c0, c1 = said[0].idx, said[-1].idx + len(said[-1])
        return [self._make(s, tok.text, tok.idx, tok.idx + len(tok), c0, c1, False) for s in sources]

    def _quoted_as_saying(self, tok: Token, sent: Span) -> list[Attribution] | None:
        """'"We sent a few drones," the agency quoted him as saying': the one quoted is the source,
        the outlet that quotes him only relays."""
        if tok.lemma_.lower() != "quote" or tok.pos_ != "VERB":
            return None
        obj = next((c for c in tok.children if c.dep_ in {"dobj", "obj"}), None)
        saying = next((p for c in tok.children if c.dep_ == "prep" and c.lower_ == "as" for p in c.children
                       if p.dep_ == "pcomp" and p.lemma_.lower() in SPEECH_CUES), None)
        if obj is None or saying is None:
            return None
        content = self._content(saying, sent, obj) if any(c.dep_ == "ccomp" for c in saying.children) else None
        if content is None:
            content = self._left_content(tok)
        if content is None:
            return None
        sources = self.resolve_subject(obj, True)
        self._remember(sources, obj)
        direct = any(ch in sent.text for ch in QUOTE_CHARS)
        return [self._make(s, tok.text, tok.idx, tok.idx + len(tok), content[0], content[1], direct)
                for s in sources]

    @staticmethod
    def _left_content(cue: Token) -> tuple[int, int] | None:
        """The clause a cue governs from its left ('"We shoot down ten a day," Zelensky said')."""
        comps = [c for c in cue.children if c.dep_ == "ccomp" and c.i < cue.i]
        if not comps:
            return None
        toks = [t for c in comps for t in c.subtree if not (t.is_punct and t.i in (c.left_edge.i, c.right_edge.i))]
        toks = [t for t in toks if not (t.is_quote or t.is_punct and t.i == max(x.i for x in toks))] or toks
        breaks = [t.i for t in toks if "\n" in t.text or "\n" in t.whitespace_]
        if breaks:  # the parse ran across a line break (a table, a list): what is said starts after it
            toks = [t for t in toks if t.i > max(breaks)] or toks
        return min(t.idx for t in toks), max(t.idx + len(t) for t in toks)

    @staticmethod
    def _first_conjunct(cue: Token) -> tuple[int, int] | None:
        """'The strikes were believed to have degraded their capabilities, the director told a
        briefing': the parser joins the speech verb to the clause before it as a conjunct."""
        if cue.dep_ != "conj" or cue.lemma_.lower() not in SPEECH_CUES or cue.head.i > cue.i:
            return None
        own = {t.i for t in cue.subtree}
        toks = [t for t in cue.head.subtree if t.i < cue.left_edge.i and t.i not in own]
        while toks and (toks[-1].is_punct or toks[-1].dep_ in {"cc", "appos"} or toks[-1].pos_ == "CCONJ"):
            toks.pop()
        if len(toks) < 4:
            return None
        return toks[0].idx, toks[-1].idx + len(toks[-1])

    @staticmethod
    def _that_clause(cue: Token, sent: Span) -> tuple[int, int] | None:
        """A "that" clause the parser hung elsewhere: "told reporters during the briefing that the
        strikes hit 60 targets" (read as a relative clause of "briefing"), "said, according to the
        Times, that it could take time" (the cue read as a parenthetical).

        Only for a speech verb, only when no other reporting verb stands between the cue and the
        "that", and the clause runs to the end of the sentence.
        """
        if cue.lemma_.lower() not in SPEECH_CUES:
            return None
        for tok in sent.doc[cue.i + 1 : sent.end]:
            if tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in ALL_CUES:
                return None
            if tok.lower_ == "that" and tok.dep_ in {"mark", "dobj", "nsubj", "nsubjpass"}:
                rest = [t for t in sent.doc[tok.i : sent.end] if not t.is_space]
                while rest and (rest[-1].is_punct or rest[-1].is_quote):
                    rest.pop()
                if len(rest) < 4:
                    return None
                return rest[0].idx, rest[-1].idx + len(rest[-1])
        return None

    def document_author(self, source: str) -> Source | None:
        """The author of a document source named later in the article ("a report ... The report,
        authored by X"), for a second pass once the whole article has been read."""
        words = source.lower().split()
        if not words or words[-1] not in DOCUMENT_NOUNS:
            return None
        return self.ctx.doc_authors.get(words[-1])

    def _make(self, s: Source, cue: str, cs: int, ce: int, c0: int, c1: int, direct: bool) -> Attribution:
        b = self.base
        return Attribution(
            article_key=self.key,
            start=b + c0,
            end=b + c1,
            source=s.name,
            source_type=s.source_type,
            cue=cue,
            cue_start=b + cs,
            cue_end=b + ce,
            direct=direct,
            source_start=s.start,
            source_end=s.end,
        )
