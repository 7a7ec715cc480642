"""Events: typed happenings found by trigger words read through the dependency parse.

The trigger words live in ``triggers.yaml`` next to this module (data, not code): per
event type, verb lemmas, noun lemmas and noun cues that need a governing verb ("imposed
sanctions", "held talks", "blocked a resolution"), plus the word lists the type checks
read. This module holds the general rules:

* a trigger is a verb (or a noun heading a phrase) whose lemma is listed for a type;
* each type has a check over the trigger's arguments (transfer needs a weapon,
  technology or know-how word in its clause; deployment needs forces; a finding needs a
  report-like subject; an accusation, denial or warning needs a speaker);
* "fire"/"launch" words become ``missile_test`` or ``launch_attack`` from context: a test
  word, the sea or a coast make a test; a target after against/at/on/into or an attack
  word make an attack; an untargeted launch is a test, unless what is launched is a drone;
* actors are the trigger's subject (or passive agent) first, then its objects, recipients
  and targets, then the other actor mentions of the sentence; a weapon's origin ("North
  Korean missiles" fired by Russia) is not put first; a person or state organ brings its
  country; "both countries" as an argument is the last two countries named before;
* weapon, location and date come from the sentence (first named weapon system else a
  generic weapon phrase; a place that is not an actor; the date mention nearest the
  trigger).

At most one event per sentence and type. Certainty and source are left at their
defaults: the caller fills them from attribution.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.tokens import Doc, Span, Token

from claimgraph.event_types import trigger_data, with_trait
from claimgraph.extract.certainty import ALL_CUES, ANSWER_NOUNS
from claimgraph.extract.sentences import sentences
from claimgraph.models import EVENT_TYPES, DateMention, EntityMention, Event
from claimgraph.nlp.packs import Gazetteer

# ------------------------------------------------------------------------ trigger data


@dataclass(frozen=True)
class NounCue:
    """A noun trigger: ``head`` lemma, the words right before it, the verbs it needs."""

    head: str
    mods: tuple[str, ...] = ()
    verbs: frozenset[str] = frozenset()  # empty: triggers without a governing verb


@dataclass(frozen=True)
class TypeTriggers:
    verbs: frozenset[str] = frozenset()
    nouns: tuple[NounCue, ...] = ()


def _words(value: Any, where: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"triggers.yaml: {where} must be a list of words")
    return frozenset(v.strip().lower() for v in value)


def _cue(text: str, verbs: frozenset[str]) -> NounCue:
    parts = text.lower().split()
    return NounCue(parts[-1], tuple(parts[:-1]), verbs)


def _parse_types(data: dict[str, Any]) -> dict[str, TypeTriggers]:
    out: dict[str, TypeTriggers] = {}
    for typ, spec in data["types"].items():
        if typ != "firing" and typ not in EVENT_TYPES:
            raise ValueError(f"triggers.yaml: unknown event type {typ!r}")
        spec = spec or {}
        cues = [_cue(n, frozenset()) for n in sorted(_words(spec.get("nouns"), f"{typ}.nouns"))]
        for noun, verbs in (spec.get("with_verb") or {}).items():
            cues.append(_cue(str(noun), _words(verbs, f"{typ}.with_verb.{noun}")))
        out[typ] = TypeTriggers(_words(spec.get("verbs"), f"{typ}.verbs"), tuple(cues))
    return out


_DATA = trigger_data()
_TYPES = _parse_types(_DATA)
#: Trigger words shared by launch_attack and missile_test; the sentence decides which.
FIRING: TypeTriggers = _TYPES.pop("firing", TypeTriggers())
#: Event type -> its trigger verbs and noun cues (the shared firing words included in both
#: launch_attack and missile_test).
TRIGGERS: dict[str, TypeTriggers] = {
    t: (
        TypeTriggers(_TYPES[t].verbs | FIRING.verbs, _TYPES[t].nouns + FIRING.nouns)
        if t in ("launch_attack", "missile_test")
        else _TYPES.get(t, TypeTriggers())
    )
    for t in EVENT_TYPES
}

_VERB_INDEX: dict[str, list[str]] = {}
_NOUN_INDEX: dict[str, list[tuple[str, NounCue]]] = {}
for _typ, _trig in (*_TYPES.items(), ("firing", FIRING)):
    for _w in _trig.verbs:
        _VERB_INDEX.setdefault(_w, []).append(_typ)
    for _c in _trig.nouns:
        _NOUN_INDEX.setdefault(_c.head, []).append((_typ, _c))

_LEX: dict[str, frozenset[str]] = {k: _words(v, f"lexicon.{k}") for k, v in (_DATA.get("lexicon") or {}).items()}


def _lex(name: str) -> frozenset[str]:
    if name not in _LEX:
        raise ValueError(f"triggers.yaml: lexicon.{name} is missing")
    return _LEX[name]


WEAPON = _lex("weapon")
TECH = _lex("technology")
FORCE = _lex("force")
FORCE_SENT = _lex("force_sent")
NOT_CARGO = _lex("not_cargo")
LAUNCHABLE = WEAPON | _lex("launchable")
SEA = _lex("sea")
SEA_PREPS = _lex("sea_preps")
TEST_CUE = _lex("test_cue")
INCIDENT_OBJECT = _lex("incident_object")
LOCAL_TEST_CUE = _lex("local_test_cue")
CAPABILITY = _lex("capability")
SPEAKER_NOUN = _lex("speaker_noun")
ATTACK_CUE = _lex("attack_cue")
TARGET_PREPS = _lex("target_preps")
TARGET_NOUN = _lex("target_noun")
REPORT = _lex("report")
STRONG_FINDING = _lex("strong_finding_verbs")
FINDING_OBJECT = _lex("finding_object")
DENIAL_OBJECT = _lex("denial_object")
DENY_EXCLUDE = _lex("deny_exclude")
NOT_TARGET = _lex("not_target")
PLURAL_COUNTRY = _lex("plural_country")
PLURAL_PERSON = _lex("plural_person")
PLURAL_DET = _lex("plural_det")
GROUP_NOUN = _lex("group_noun")
SANCTION_TARGET = _lex("sanction_target")
JOINT = _lex("joint")
EXPERT_ROLE = _lex("expert_role")
DELEGATION = _lex("delegation")


def _weapon_regex(phrases: Iterable[str]) -> tuple[re.Pattern[str], dict[str, str]]:
    canon: dict[str, str] = {}
    alts = []
    for p in phrases:
        parts = [w for w in re.split(r"[\s\-]+", p.strip()) if w]
        canon[" ".join(parts).lower()] = p.strip()
        alts.append(r"[\s\-]+".join(map(re.escape, parts)))
    alts.sort(key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alts) + r")(?:e?s)?\b", re.IGNORECASE), canon


_WEAPON_RE, _WEAPON_CANON = _weapon_regex(_DATA.get("weapon_phrases") or [])
_SPACE_HYPHEN = re.compile(r"[\s\-]+")

# -------------------------------------------------------------------------- constants

NON_ACTOR_TYPES = frozenset({"weapon_system", "place", "vessel", "group"})
FEATURE_WORDS = frozenset("""sea seas gulf strait straits ocean bay canal channel river lake coast peninsula
    region province district oblast mountains desert""".split())
"""Last words of place names that are geography, not a town or state that can be a party."""
WHERE_NOUNS = frozenset("""port city town village coast capital waters province region border airspace harbour
    harbor shore island""".split())
COUNTRY_BEARING = frozenset({"person", "government_body", "military_unit"})
NP_STOP = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "parataxis", "punct", "cc", "mark",
                     "aux", "auxpass", "neg"})
OBJ_PREPS = frozenset({"to", "with", "against", "at", "on", "from", "into", "toward", "towards", "upon",
                       "between", "onto"})
NOUN_SUBJ_DEPS = frozenset({"poss", "compound", "amod", "nmod", "npadvmod"})
NOUN_AGENT_PREPS = frozenset({"by", "from"})
NOUN_OBJ_PREPS = OBJ_PREPS | {"of", "for", "in"}
MOD_DEPS = frozenset({"amod", "compound", "nmod", "poss", "npadvmod", "pobj", "prep", "advmod", "quantmod"})
ORIGIN_PREPS = frozenset({"from", "of", "by"})
LOC_PREPS = frozenset({"in", "at", "near", "over", "off", "to", "into", "outside", "around", "across", "toward",
                       "towards", "from"})
CLIMB_DEPS = frozenset({"xcomp", "conj", "advcl", "ccomp", "pcomp"})
SPEAKER_TYPES = with_trait("needs_speaker")
ABILITY_TYPES = with_trait("not_an_ability")
TOLD_BY_FINDER = with_trait("told_by_finder")
SUBJ_SKIP_PREPS = frozenset({"between", "with", "against", "on", "over", "about", "toward", "towards", "into",
                             "at", "to", "amid", "among", "regarding", "concerning"})
LOCAL_UP = frozenset({"pobj", "pcomp", "prep", "dobj", "xcomp", "acl", "nsubjpass"})
ABILITY_UP = frozenset({"xcomp", "acl", "pcomp", "prep", "advcl", "relcl", "pobj"})
OF_PREPS = frozenset({"of", "for", "with"})  # "accused X of supplying": X supplies
REL_PRONOUNS = frozenset({"which", "that", "who", "whom", "whose"})
LIGHT_PREPS = frozenset({"in", "during", "for", "at", "with"})
SEND_VERBS = frozenset({"send", "dispatch"})
TWO_PARTY_VERBS = frozenset({"meet", "discuss"})
NOUNISH = ("NOUN", "PROPN")

# ----------------------------------------------------------------------- token helpers


def _keys(tok: Token) -> tuple[str, ...]:
    """Lemma and lower-cased text, plus the hyphen compound they close ("test-fire")."""
    lem = tok.lemma_.lower()
    low = tok.lower_
    keys: tuple[str, ...] = (lem,) if lem == low else (lem, low)
    i = tok.i
    doc = tok.doc
    if i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_:
        left = doc[i - 2].lower_
        keys = keys + tuple(f"{left}-{k}" for k in keys)
    return keys


def _in(tok: Token, words: frozenset[str]) -> bool:
    return any(k in words for k in _keys(tok))


def _is_weapon(tok: Token) -> bool:
    if not _in(tok, WEAPON):
        return False
    # "think tank" is no weapon
    return not (tok.lower_.startswith("tank") and tok.i > 0 and tok.doc[tok.i - 1].lower_ == "think")


def _is_verb(tok: Token) -> bool:
    return (tok.pos_ == "VERB" or tok.tag_.startswith("VB")) and tok.dep_ not in ("amod", "compound")


def _is_noun(tok: Token) -> bool:
    return tok.pos_ in NOUNISH and tok.dep_ != "compound"


def _passive(v: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in v.children)


def _depth(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok = tok.head
        d += 1
    return d


def _np(tok: Token, skip_preps: frozenset[str] = frozenset(), agents: bool = False) -> list[Token]:
    """The noun phrase under ``tok``, not entering clauses (relative, adverbial, ...).

    ``skip_preps`` leaves out prepositional phrases ("ties *between X and Y*"); ``agents``
    enters a participle only for its "by" agent ("the report, written by X").
    """
    out = [tok]
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in skip_preps:
                continue
            if c.dep_ not in NP_STOP:
                out.append(c)
                stack.append(c)
            elif agents and c.dep_ == "acl":
                for ag in c.children:
                    if ag.dep_ == "agent":
                        for p in _pobjs(ag):
                            out.append(p)
                            stack.append(p)
    out.sort(key=lambda t: t.i)
    return out


def _pobjs(prep: Token) -> list[Token]:
    out = []
    for c in prep.children:
        if c.dep_ in ("pobj", "pcomp"):
            out.append(c)
            out.extend(cc for cc in c.children if cc.dep_ == "conj")
    return out


def _matches_mods(tok: Token, mods: tuple[str, ...]) -> bool:
    """The words right before ``tok`` (hyphens skipped) are ``mods``, in order."""
    j = tok.i - 1
    for m in reversed(mods):
        while j >= 0 and tok.doc[j].text == "-":
            j -= 1
        if j < 0 or m not in _keys(tok.doc[j]):
            return False
        j -= 1
    return True


def _governor(tok: Token) -> Token | None:
    """The verb that governs a noun: its verb as object/passive subject, through a
    preposition ("agreed on a plan"), a quantity noun ("a round of sanctions") or a
    conjunction; else a participle attached to it ("the pact signed in June")."""
    t = tok
    for _ in range(5):
        if t.dep_ == "conj" and t.head.pos_ in NOUNISH:
            t = t.head
            continue
        if t.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "dative") and _is_verb(t.head):
            return t.head
        if t.dep_ == "pobj":
            prep = t.head
            h = prep.head
            if _is_verb(h):
                return h
            if h.pos_ in NOUNISH and prep.lower_ == "of" and _in(h, GROUP_NOUN):
                t = h
                continue
        break
    for c in tok.children:
        if c.dep_ in ("acl", "relcl") and _is_verb(c):
            return c
    return None


# ------------------------------------------------------------------- sentence context


@dataclass
class _M:
    """A mention placed on the parse."""

    m: EntityMention
    start: int  # token range in the doc
    end: int
    root: Token


@dataclass
class _Sent:
    span: Span
    ms: list[_M]
    tok_m: dict[int, int]  # token index -> index into ms
    abs_start: int
    abs_end: int
    has_weapon: bool = False
    test_cue: bool = False
    sea: bool = False
    attack_cue: bool = False

    def mentions_in(self, toks: Iterable[Token]) -> list[_M]:
        seen: list[int] = []
        for t in toks:
            j = self.tok_m.get(t.i)
            if j is not None and j not in seen:
                seen.append(j)
        return [self.ms[j] for j in sorted(seen, key=lambda j: self.ms[j].start)]


@dataclass
class _Cand:
    typ: str
    tok: Token
    gov: Token | None  # governing verb of a noun cue
    cue: NounCue | None = None
    test_prefixed: bool = False

    @property
    def is_verb(self) -> bool:
        return self.cue is None

    def span(self) -> tuple[int, int]:
        lo = self.tok.i - 2 if self.test_prefixed else self.tok.i
        if self.cue is not None and self.cue.mods:
            j = self.tok.i - 1
            for _ in self.cue.mods:
                while j >= 0 and self.tok.doc[j].text == "-":
                    j -= 1
                j -= 1
            lo = j + 1
        hi = self.tok.i + 1
        if self.gov is not None and self.cue is not None and self.cue.verbs:
            lo, hi = min(lo, self.gov.i), max(hi, self.gov.i + 1)
        return lo, hi


@dataclass
class _Args:
    pred: Token | None
    subj: list[Token]
    objs: list[Token]
    patient: list[Token]  # what is acted on: object, passive subject, participle's noun
    noun_subj: list[Token] = field(default_factory=list)
    noun_objs: list[Token] = field(default_factory=list)


def _scan(sent: Span, sm: _Sent, cands: list[_Cand]) -> None:
    """The one pass over the sentence: context flags and trigger candidates."""
    for tok in sent:
        keys = _keys(tok)
        if _is_weapon(tok) or tok.i in sm.tok_m and sm.ms[sm.tok_m[tok.i]].m.type == "weapon_system":
            sm.has_weapon = True
        if any(k in TEST_CUE for k in keys) and not (tok.lemma_.lower() == "exercise" and tok.pos_ == "VERB"):
            sm.test_cue = True
        if any(k in ATTACK_CUE for k in keys):
            sm.attack_cue = True
        if any(k in SEA for k in keys):
            t = tok
            while t.dep_ == "compound":
                t = t.head
            if t.dep_ == "pobj" and t.head.lower_ in SEA_PREPS:
                sm.sea = True
        if _is_verb(tok):
            # a particle or a bare preposition makes a phrasal verb: "point out", "called on"
            prt = [c.lower_ for c in tok.children if c.dep_ == "prt" or c.dep_ == "prep" and c.i == tok.i + 1]
            if prt:
                keys = keys + tuple(f"{k} {p}" for k in keys for p in prt)
            for k in keys:
                for typ in _VERB_INDEX.get(k, ()):
                    test_pref = k.startswith("test-") and tok.i >= 2
                    cands.append(_Cand(typ, tok, None, None, test_pref))
        if _is_noun(tok):
            for k in keys:
                for typ, cue in _NOUN_INDEX.get(k, ()):
                    if cue.mods and not _matches_mods(tok, cue.mods):
                        continue
                    gov = _governor(tok)
                    if cue.verbs and (gov is None or not _in(gov, cue.verbs)):
                        continue
                    cands.append(_Cand(typ, tok, gov, cue, k.startswith("test-")))


# --------------------------------------------------------------------- argument reading


def _own_args(v: Token) -> tuple[list[Token], list[Token], list[Token]]:
    subj: list[Token] = []
    objs: list[Token] = []
    patient: list[Token] = []
    for c in v.children:
        d = c.dep_
        if d in ("nsubj", "csubj"):
            subj.append(c)
        elif d == "nsubjpass":
            patient.append(c)
        elif d == "agent":
            subj.extend(_pobjs(c))
        elif d in ("dobj", "iobj", "attr", "oprd"):
            patient.append(c)
        elif d == "dative":
            objs.extend(_pobjs(c) if c.pos_ == "ADP" else [c])
        elif d == "prep" and c.lower_ in OBJ_PREPS:
            objs.extend(_pobjs(c))
    return subj, objs, patient


def _inherit(v: Token) -> tuple[list[Token], list[Token]]:
    """Subject (and patient) for a verb without its own subject, from the verb it hangs on."""
    cur = v
    for _ in range(4):
        dep = cur.dep_
        head = cur.head
        if head.i == cur.i:
            break
        if dep in ("relcl", "acl") and head.pos_ in NOUNISH + ("PRON",):
            if dep == "acl" and cur.tag_ == "VBN":
                return [], [head]
            return [head], []
        if dep == "pcomp" and head.pos_ in ("ADP", "SCONJ", "VERB"):
            gv = head.head
            if _is_verb(gv):
                s, _o, p = _own_args(gv)
                objects = [t for t in p if t.dep_ in ("dobj", "nsubjpass")]
                if objects and head.lower_ in OF_PREPS:  # "accused X of supplying": X supplies
                    return objects, []
                if s:
                    return s, []
                cur = gv
                continue
            break
        if dep in ("xcomp", "conj", "advcl") and _is_verb(head):
            s, _o, p = _own_args(head)
            if s:
                return s, []
            raised = [t for t in p if t.dep_ == "nsubjpass"]
            if raised:
                if dep == "conj" and _passive(v) or dep == "conj" and v.tag_ == "VBN":
                    return [], raised
                return raised, []
            cur = head
            continue
        break
    return [], []


def _args(c: _Cand) -> _Args:
    tok = c.tok
    if c.is_verb:
        pred: Token | None = tok
    elif c.gov is not None:
        pred = c.gov
    elif tok.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and _is_verb(tok.head):
        pred = tok.head
    elif tok.dep_ == "pobj" and tok.head.lower_ in LIGHT_PREPS and _is_verb(tok.head.head):
        pred = tok.head.head
    else:
        pred = None
    subj: list[Token] = []
    objs: list[Token] = []
    patient: list[Token] = []
    if pred is not None:
        subj, objs, patient = _own_args(pred)
        # a relative pronoun stands for the noun the clause hangs on
        rel = [t for t in subj + patient if t.lower_ in REL_PRONOUNS]
        if rel and pred.dep_ in ("relcl", "acl") and pred.head.pos_ in NOUNISH:
            head = pred.head
            subj = [head if t in rel else t for t in subj]
            patient = [head if t in rel else t for t in patient]
        if not subj:
            s, p = _inherit(pred)
            subj = s
            patient = patient + [t for t in p if t not in patient]
        if not c.is_verb:
            objs = [t for t in objs if t.i != tok.i]
            patient = [t for t in patient if t.i != tok.i]
            if tok.dep_ == "pobj" and tok.head.lower_ == "under":
                # "the ship came under attack", "the port was under fire": the subject suffers the act
                patient, subj = patient + subj, []
    a = _Args(pred, subj, objs, patient)
    if not c.is_verb:
        for ch in tok.children:
            if ch.dep_ in NOUN_SUBJ_DEPS:
                a.noun_subj.append(ch)
            elif ch.dep_ == "prep":
                if ch.lower_ in NOUN_AGENT_PREPS:
                    a.noun_subj.extend(_pobjs(ch))
                elif ch.lower_ in NOUN_OBJ_PREPS:
                    a.noun_objs.extend(_pobjs(ch))
    return a


# ----------------------------------------------------------------------------- actors


SPONSOR_WORDS = frozenset("""backed aligned allied linked affiliated supported funded sponsored run controlled
    led owned flagged based made built""".split())


def _is_origin(root: Token) -> bool:
    """A mention that modifies a weapon ("North Korean missiles") names its origin; one joined by a
    hyphen to a participle ("Iran-aligned Houthis", "Greek-owned ship") names a sponsor or owner.
    Either is put after the parties that act."""
    if root.dep_ in ("npadvmod", "compound", "nmod", "amod") and root.head.lower_ in SPONSOR_WORDS \
            and root.i + 1 < len(root.doc) and root.doc[root.i + 1].text == "-":
        return True
    t = root
    for _ in range(4):
        if t.dep_ not in MOD_DEPS or t.head.i == t.i:
            return False
        if t.dep_ == "pobj" and t.head.lower_ not in ORIGIN_PREPS:
            return False  # "missiles against Ukraine" names a target
        t = t.head
        if _is_weapon(t):
            return True
        if t.pos_ in NOUNISH and t.dep_ != "compound":
            return False
    return False


class _ActorBuilder:
    def __init__(self, gaz: Gazetteer, sm: _Sent, prior: list[EntityMention], prior_starts: list[int], base: int):
        self.gaz = gaz
        self.sm = sm
        self.prior = prior
        self.prior_starts = prior_starts
        self.base = base

    def actor_ok(self, m: EntityMention, subject: bool, root: Token | None = None) -> bool:
        """A place the packs do not know may be a party (an unknown country, a city struck):
        the model cannot tell a state from a town, and a strike on it is still an event. Not a
        place that only qualifies a noun ("Harbour-based ships", "the Lakeside region")."""
        if m.text.split()[-1].lower() in FEATURE_WORDS and m.type != "country":
            return False  # "attacks on shipping in the Red Sea": a sea or a strait is where, never who
        if m.type not in NON_ACTOR_TYPES:
            return True
        if root is not None and (root.dep_ in {"compound", "amod", "npadvmod", "nmod", "poss"}
                                 or root.i + 1 < len(root.doc) and root.doc[root.i + 1].text == "-"):
            return False
        return m.type == "place" and m.provisional

    def np_actors(self, heads: list[Token], subject: bool) -> tuple[list[str], list[str]]:
        """(actor names, origin names) in the noun phrases under ``heads``."""
        actors: list[str] = []
        origins: list[str] = []
        for h in heads:
            toks = _np(h, SUBJ_SKIP_PREPS, True) if subject else _np(h)
            found = self.sm.mentions_in(toks)
            for pm in found:
                if not self.actor_ok(pm.m, subject, pm.root):
                    continue
                (origins if _is_origin(pm.root) else actors).append(pm.m.entity)
            if not found:
                actors.extend(self._coref(h))
        return actors, origins

    def _before(self, tok: Token, want: str, n: int) -> list[str]:
        pos = self.base + tok.idx
        i = bisect.bisect_left(self.prior_starts, pos)
        out: list[str] = []
        for m in reversed(self.prior[:i]):
            if m.end > pos or m.type != want:
                continue
            if m.entity not in out:
                out.append(m.entity)
                if len(out) == n:
                    break
        out.reverse()
        return out

    def _coref(self, h: Token) -> list[str]:
        """ "both countries", "the two leaders"; "he"/"she" as the last person named."""
        if h.pos_ == "PRON":
            if h.lower_ in ("he", "she", "him", "her"):
                return self._before(h, "person", 1)
            return []
        dets = any(c.lower_ in PLURAL_DET for c in h.children if c.dep_ in ("det", "nummod", "predet", "amod"))
        if not dets:
            return []
        if _in(h, PLURAL_COUNTRY):
            found = self._before(h, "country", 2)
            return found if len(found) == 2 else []
        if _in(h, PLURAL_PERSON):
            found = self._before(h, "person", 2)
            return found if len(found) == 2 else []
        return []

    def say_subject(self, v: Token) -> list[str]:
        """ "X said it had ...": a pronoun subject in a reported clause is the speaker."""
        cur = v
        for _ in range(4):
            if cur.dep_ not in CLIMB_DEPS or cur.head.i == cur.i:
                return []
            cur = cur.head
            subj = [c for c in cur.children if c.dep_ in ("nsubj", "agent")]
            heads: list[Token] = []
            for s in subj:
                heads.extend(_pobjs(s) if s.dep_ == "agent" else [s])
            if heads:
                names, _ = self.np_actors([h for h in heads if h.pos_ != "PRON"], True)
                if names:
                    return names
        return []

    def expand(self, names: Iterable[str]) -> list[str]:
        out: list[str] = []
        for n in names:
            if n not in out:
                out.append(n)
            pe = self.gaz.get(n)
            if pe is not None and pe.type in COUNTRY_BEARING and pe.country:
                country = self.gaz.canon(pe.country)
                if country not in out:
                    out.append(country)
            elif pe is None and " " in n:
                # A body the packs do not know, named by the party it belongs to ("Houthi council",
                # "Kremlin officials"): that party acts through it.
                first = n.split()[0]
                side = self.gaz.resolve(first) or self.gaz.resolve(first + "s")
                if side is not None and side not in out and self.gaz.get(side) is not None \
                        and self.gaz.get(side).type not in NON_ACTOR_TYPES:  # type: ignore[union-attr]
                    out.append(side)
        return out

    def tellers(self, trigger: Token) -> list[str]:
        """The parties that tell of the act ("Putin says fragments have been found"), for an act told
        with no one doing it."""
        telling = _telling_tokens(self.sm.span, trigger)
        found = [pm for pm in self.sm.ms if pm.root.i in telling and self.actor_ok(pm.m, True, pm.root)]
        # the teller before the state a demonym names ("Russian President Vladimir Putin")
        found.sort(key=lambda pm: pm.root.dep_ == "amod")
        return list(dict.fromkeys(pm.m.entity for pm in found))

    def others(self, trigger: Token) -> tuple[list[str], list[str]]:
        """Parties named elsewhere in the sentence, after the act's own arguments. Not who tells of
        the act ("..., the US military's Central Command said"; "Investigative Committee spokesperson
        X said") nor the channel ("said in a statement via Telegram"), unless the act is negated: a
        party telling that no rockets were sent is the one denying it sent them."""
        telling = set() if _negated(trigger) else _telling_tokens(self.sm.span, trigger)
        # "Iran distanced itself from the seizure of the ship, which the Houthis say is Israeli": a
        # relative clause describes its noun; the parties it names did not take part in the act
        for t in self.sm.span:
            if t.dep_ == "relcl" and trigger not in t.subtree:
                telling |= {x.i for x in t.subtree}
        actors: list[str] = []
        origins: list[str] = []
        for pm in self.sm.ms:
            pe = self.gaz.get(pm.m.entity)
            if pm.m.type in NON_ACTOR_TYPES or pm.m.type == "media" or (pe is not None and pe.is_outlet):
                continue  # a place named in passing, or the outlet that reports it
            if pm.root.i in telling:
                continue
            if pm.root.dep_ == "poss" and pm.root.head.lemma_.lower() in WHERE_NOUNS:
                continue  # "15 miles west of Yemen's port of Mokha": where it happened, not who took part
            (origins if _is_origin(pm.root) else actors).append(pm.m.entity)
        return actors, origins




def _answered(tok: Token) -> bool:
    """An act noun the sentence answers ("struck Houthi targets in retaliation for the attacks on
    shipping"): the others the sentence names are the ones answering it, not its doers."""
    return (not _is_verb(tok) and tok.dep_ == "pobj" and tok.head.dep_ == "prep"
            and tok.head.head.lemma_.lower() in ANSWER_NOUNS)


def _telling_tokens(sent: Span, trigger: Token) -> set[int]:
    """Tokens of the words that tell of an act: the subject of a reporting verb the trigger is not
    itself, and what follows "via"."""
    out: set[int] = set()
    for tok in sent:
        if tok.i == trigger.i:
            continue
        if tok.pos_ == "VERB" and tok.lemma_.lower() in ALL_CUES:
            for c in tok.children:
                # the speaker, and whom it tells ("a source told Sky News the ship had ...")
                told = c.dep_ in ("dobj", "dative") and tok.lemma_.lower() in ("tell", "inform", "brief", "assure")
                if (c.dep_ == "nsubj" or told) and not any(t.i == trigger.i for t in c.subtree):
                    out.update(t.i for t in c.subtree)
        elif tok.lower_ == "via" and tok.dep_ == "prep":
            out.update(t.i for t in tok.subtree)
    return out


@dataclass
class _Actors:
    names: list[str]
    subject: list[str]  # from the subject / agent / noun's owner
    args: list[str]  # subject and objects, before countries are added
    speaker: bool = False  # the subject is someone who can speak (not "the visit raised concerns")


TRANSFER_WORDS = TRIGGERS["transfer"].verbs | frozenset(c.head for c in TRIGGERS["transfer"].nouns)
RECEIVING_VERBS = frozenset({"receive", "acquire", "obtain", "procure", "buy", "purchase", "import", "get"})


MAKE_VERBS = frozenset({"build", "make", "produce", "manufacture", "assemble", "construct"})
HOLDING_VERBS = frozenset({"control", "hold", "occupy", "run"})  # "Houthi-controlled areas", "rebel-held"
RESPONSIBILITY_VERBS = frozenset({"claim", "take", "accept", "admit", "assume", "bear"})


def _claims_responsibility(tok: Token) -> Token | None:
    """The subject of "claimed responsibility for the attack": who says they did it."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ != "for" or prep.head.lemma_.lower() != "responsibility":
        return None
    verb = prep.head.head
    if verb.lemma_.lower() not in RESPONSIBILITY_VERBS:
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def _actors(c: _Cand, a: _Args, ab: _ActorBuilder) -> _Actors:
    subj_heads = list(a.subj)
    subj_names, subj_orig = ab.np_actors(subj_heads, True)
    if not subj_names and a.pred is not None and any(
            t.pos_ == "PRON" and t.lower_ not in ("that", "which", "who", "whom") for t in subj_heads):
        # "X said it had sent drones": the speaker; not "the plane that crashed", a relative pronoun
        subj_names = ab.say_subject(a.pred) or subj_names
    ns_names, ns_orig = ab.np_actors(a.noun_subj, True)
    obj_names, obj_orig = ab.np_actors(a.patient + a.objs + a.noun_objs, False)
    other_names, other_orig = ([], []) if _answered(c.tok) else ab.others(c.tok)
    light = c.gov is not None and c.cue is not None and bool(c.cue.verbs) and bool(subj_names)
    if c.is_verb or not ns_names or light:
        # a noun carried by its verb ("Britain summoned the Iranian envoy", "Japan voiced Chinese
        # concerns"): who does the verb does the act; the noun's owner is acted upon
        subject = subj_names + [n for n in ns_names if n not in subj_names]
    else:  # "protect shipping from Houthi attacks": the party the act noun names is its doer
        subject = ns_names + [n for n in subj_names if n not in ns_names]
    owner = _claims_responsibility(c.tok)
    if owner is not None:
        owned, _ = ab.np_actors([owner], True)
        subject = owned + [n for n in subject if n not in owned]
    args = subject + [n for n in obj_names if n not in subject]
    if not subject and c.typ in ("launch_attack", "firing"):
        # "drones had been used in attacks on Kyiv": the doer is not named here, and the target is
        # never the doer; a party the sentence names elsewhere ("... used by the Russian army") leads
        args = []
        aimed_at = [pm.m.entity for pm in ab.sm.mentions_in(c.tok.subtree)
                    if ab.actor_ok(pm.m, False, pm.root)
                    and any(t.dep_ == "prep" and t.lower_ in TARGET_PREPS for t in pm.root.ancestors
                            if t.i in {x.i for x in c.tok.subtree})]
        last = obj_names + aimed_at
        other_names = [n for n in other_names if n not in last] + [n for n in dict.fromkeys(last)]
    if c.typ in ("launch_attack", "firing") and not subject:
        # "drones fired from Houthi-controlled areas": who holds the ground fired from is the doer
        held = [pm.m.entity for t in c.tok.sent if t.lemma_.lower() in HOLDING_VERBS and t.dep_ == "amod"
                and any(p.lower_ == "from" for p in t.head.ancestors if p.dep_ == "prep")
                for pm in ab.sm.mentions_in(x for x in t.children if x.dep_ in ("npadvmod", "compound", "nmod"))
                if ab.actor_ok(pm.m, True, pm.root)]
        if held:
            args = [held[0], *(n for n in args if n != held[0])]
            other_names = [n for n in other_names if n != held[0]]
    receives = c.is_verb and c.tok.lemma_.lower() in RECEIVING_VERBS and not _passive(c.tok)
    if receives or c.tok.lemma_.lower() in TRANSFER_WORDS:
        # "Russia has received missiles from Iran", "a Russian ship delivering missiles from Iran":
        # the supplier leads a transfer, as in "Iran sent" (a ship carrying them is not the sender)
        frm = [p for ch in c.tok.children if ch.dep_ == "prep" and ch.lower_ == "from"
               for p in ch.children if p.dep_ == "pobj"]
        from_names, _ = ab.np_actors(frm, False)
        places = {pm.m.entity for pm in ab.sm.ms if pm.m.type == "place"}  # "from Amirabad in Iran": a port
        from_names = [n for n in from_names if (pe := ab.gaz.get(n)) is None and n not in places
                      or pe is not None and pe.type == "country"]
        if not from_names:  # "from Amirabad in Iran": the country the port is in
            inside = [x for p in frm for x in c.tok.children  # the parser may hang "in Iran" on the verb
                      if x.dep_ == "prep" and x.lower_ == "in" and x.i == p.right_edge.i + 1]
            from_names = [pm.m.entity for pm in ab.sm.mentions_in(t for p in [*frm, *inside] for t in p.subtree)
                          if pm.m.type == "country"]
        if (receives or not c.is_verb and not subject) and not from_names:
            # "Russia had acquired 2,400 Iranian-made drones", "the delivery of Iranian drones to
            # Russia": the state that made what was received or delivered, named before the cargo's
            # noun, is the supplier when no one is named as sending it
            makers = [ab.sm.ms[ab.sm.tok_m[t.i]].m for o in a.patient + a.objs + a.noun_objs for t in o.subtree
                      if t.i < o.i and t.i in ab.sm.tok_m]
            from_names = [m.entity for m in makers if m.type == "country" and m.entity not in subject]
        # a port or town a cargo passes is where, not who: it follows the parties
        args = list(dict.fromkeys(from_names)) + [n for n in args if n not in from_names and n not in places] \
            + [n for n in args if n in places and n not in from_names]
    ordered = args + other_names + subj_orig + ns_orig + obj_orig + other_orig
    speaker = bool(ns_names) or bool(subj_names) and any(
        h.i in ab.sm.tok_m or h.pos_ == "PRON" or _in(h, SPEAKER_NOUN | PLURAL_COUNTRY | PLURAL_PERSON)
        for h in subj_heads
    )
    return _Actors(ab.expand(ordered), subject, list(dict.fromkeys(args)), speaker)


# -------------------------------------------------------------------------- type checks


def _np_has(heads: Iterable[Token], sm: _Sent, words: frozenset[str], weapon_ents: bool = False) -> bool:
    for h in heads:
        for t in _np(h):
            if _in(t, words) and not (t.lower_.startswith("tank") and t.i > 0 and t.doc[t.i - 1].lower_ == "think"):
                return True
            if weapon_ents and t.i in sm.tok_m and sm.ms[sm.tok_m[t.i]].m.type == "weapon_system":
                return True
    return False


def _head_in(heads: Iterable[Token], words: frozenset[str]) -> bool:
    return any(_in(h, words) for h in heads)


def _clause(tok: Token) -> list[Token]:
    """The clause a trigger sits in: its nearest verb's subtree without nested clauses, plus
    the noun a participle or relative clause hangs on."""
    v = tok
    while not _is_verb(v) and v.head.i != v.i:
        v = v.head
    if not _is_verb(v):
        return list(tok.sent)
    out: list[Token] = []
    stack = [v]
    while stack:
        t = stack.pop()
        out.append(t)
        for ch in t.children:
            if t is v and ch.dep_ in ("ccomp", "advcl", "parataxis") and tok not in ch.subtree:
                continue
            stack.append(ch)
    if v.dep_ in ("acl", "relcl"):
        out.extend(_np(v.head))
    if tok not in out:
        out.extend(tok.subtree)
    return out


def _has_target(heads: Iterable[Token], sm: _Sent, subject: list[str], preps: frozenset[str]) -> bool:
    for h in heads:
        for ch in h.children:
            if ch.dep_ != "prep" or ch.lower_ not in preps:
                continue
            for p in _pobjs(ch):
                np = _np(p)
                if any(_in(t, SEA) for t in np):
                    continue
                if _in(p, TARGET_NOUN):
                    return True
                for pm in sm.mentions_in(np):
                    if pm.m.type == "weapon_system" or pm.m.entity in subject:
                        continue
                    return True
    return False


def _local_test(c: _Cand, a: _Args) -> bool:
    """A test word on the trigger, its object, or governing it ("test launch",
    "demonstration firing", "a demonstration of firing")."""
    if c.test_prefixed or any(k.startswith("test-") for k in _keys(c.tok)):
        return True
    for h in [c.tok, *a.patient]:
        for ch in h.children:
            if ch.dep_ in ("compound", "amod", "npadvmod", "dep", "nmod") and _in(ch, TEST_CUE | LOCAL_TEST_CUE):
                return True
    t = c.tok
    for _ in range(4):
        if t.dep_ not in LOCAL_UP or t.head.i == t.i:
            break
        t = t.head
        if _in(t, TEST_CUE | LOCAL_TEST_CUE):
            return True
    return False


def _ability(tok: Token) -> bool:
    """ "capable of striking", "the capability to deliver": an ability, not an act."""
    if tok.dep_ == "xcomp" and any(c.dep_ in ("dobj", "obj") and c.i < tok.i and _in(c, CAPABILITY)
                                   for c in tok.head.children):
        return True  # "degraded their capabilities to attack ships": the parser hangs it on the verb
    t = tok
    for _ in range(3):
        if t.dep_ not in ABILITY_UP or t.head.i == t.i:
            return False
        t = t.head
        if _in(t, CAPABILITY):
            return True
    return False


# Nouns that name an attack as what is launched ("launched an attack", "fired a barrage").
ATTACK_NOUNS = frozenset({"attack", "attacks", "assault", "strike", "strikes", "airstrike", "airstrikes", "barrage",
                          "raid", "raids", "offensive", "bombardment", "salvo"})
DRONE_WORDS = frozenset({"drone", "drones", "uav", "uavs", "munition", "munitions"})


def _is_drone(c: _Cand, heads: list[Token]) -> bool:
    """What is launched (the trigger and its objects, ``heads``) is a drone: drones are flown at
    something, not test-fired into the sea."""
    return any(t.lower_ in DRONE_WORDS for h in heads for t in h.subtree) or (
        c.tok.dep_ == "acl" and c.tok.head.lower_ in DRONE_WORDS)  # "a drone launched from Yemen"


def _firing_type(c: _Cand, a: _Args, sm: _Sent, act: _Actors) -> str | None:
    heads = [c.tok, *(t for p in a.patient for t in _np(p))]
    launched = list(heads)  # the trigger and its objects, before the predicate joins them
    if a.pred is not None and a.pred is not c.tok:
        heads.append(a.pred)
    target = _has_target(heads, sm, act.subject, TARGET_PREPS)
    if c.is_verb:
        if any(ch.dep_ in ("prt", "advmod") and ch.lower_ == "down" for ch in c.tok.children):
            return None  # "shot down drones": an interception
        weapon_obj = _np_has(a.patient, sm, LAUNCHABLE, True)
        if not weapon_obj and not (target and sm.has_weapon) and not (target and c.tok.lemma_ in ("fire", "shoot")):
            return None
    elif not (_np_has([c.tok], sm, LAUNCHABLE, True) or sm.has_weapon):
        return None
    if c.is_verb and _head_in(a.patient, ATTACK_NOUNS):
        return "launch_attack"  # "launched a complex attack ... into the Red Sea": the act is named
    if _local_test(c, a) or sm.sea:
        return "missile_test"
    if target:
        return "launch_attack"
    if sm.test_cue:
        return "missile_test"
    if sm.attack_cue:
        return "launch_attack"
    return "launch_attack" if _is_drone(c, launched) else "missile_test"


def _check(c: _Cand, a: _Args, sm: _Sent, act: _Actors, ab: _ActorBuilder) -> str | None:
    """The event type this candidate stands for, or None."""
    typ = c.typ
    lemma = c.tok.lemma_.lower()
    heads_pat = a.patient
    if typ == "firing":
        return _firing_type(c, a, sm, act)
    if typ == "launch_attack":
        if _under_ongoing_use(c.tok):
            return None  # "are using drones in their wave of strikes", "have used them to strike targets"
        if c.is_verb:
            if _head_in(heads_pat, NOT_TARGET):
                return None
            if lemma in ("use", "employ"):
                if not _np_has(heads_pat, sm, WEAPON, True):
                    return None
                if _present(c.tok) and (not _passive(c.tok) or not a.subj):
                    # "Russian weapons are used in Ukraine", "forces are using drones in their strikes",
                    # "the rebels, who have used the weapons to strike targets": how a war goes, not one attack
                    return None
                hs = [c.tok, *(t for p in heads_pat for t in _np(p))]
                ok = _has_target(hs, sm, act.subject, TARGET_PREPS | {"in"}) or sm.attack_cue
                return typ if ok else None
            if lemma in ("strike", "hit", "target"):
                # "struck Houthi targets", "hit the port": a target named or said as one is an attack
                # without a weapon word; "the storm hit", "hit by sanctions" and "hit a snag" are not
                aimed = not _passive(c.tok) and act.subject and (
                    _head_in(heads_pat, TARGET_NOUN)
                    or any(pm.m.type not in ("person", "weapon_system")
                           for pm in sm.mentions_in(t for h in heads_pat for t in _np(h))))
                if not sm.has_weapon and not aimed:
                    return None
                return "missile_test" if (sm.sea or sm.test_cue) and not aimed else typ
            has_target = bool(sm.mentions_in(t for h in heads_pat for t in _np(h))) or _head_in(heads_pat, TARGET_NOUN)
            return typ if has_target or sm.has_weapon else None
        if c.cue is not None and not c.cue.mods and c.cue.head == "strike" and not sm.has_weapon:
            # a bare "strike" is a walkout too; strikes a state or its forces carry out are attacks
            states = ("country", "military_unit", "government_body")
            if not any(h.i in sm.tok_m and (sm.ms[sm.tok_m[h.i]].m.type in states or _in(h, FORCE | {"navy"}))
                       for h in [*a.subj, *a.noun_subj]):
                return None
        return typ
    if typ == "missile_test":
        if c.is_verb and lemma == "test" and not c.test_prefixed:
            return typ if _np_has(heads_pat, sm, LAUNCHABLE | {"nuclear"}, True) else None
        if not c.is_verb and c.cue is not None and not c.cue.mods and c.cue.head == "test":
            near = _np_has([c.tok], sm, LAUNCHABLE | {"nuclear", "flight", "engine"}, True)
            if not (near or sm.has_weapon) or c.tok.dep_ in ("nsubj",) and _in(c.tok, REPORT):
                return None
        return typ
    if typ == "transfer":
        if lemma == "arrive" and c.is_verb:
            subj_ok = _np_has(a.subj, sm, WEAPON | TECH | {"shipment", "cargo", "consignment", "delivery"}, True)
            return typ if subj_ok else None
        if c.is_verb and lemma in SEND_VERBS and _head_in(heads_pat, FORCE_SENT):
            return None
        if c.is_verb and _head_in(heads_pat, NOT_CARGO):
            return None  # "shared his condolences with the families of those on board the jet"
        if c.is_verb and _head_in(a.subj, WEAPON):
            return None  # "the missile can deliver warheads"
        scope = _clause(c.tok)
        # "materials to build a drone plant", "parts to make missiles": the means of making weapons
        scope += [t for h in [*heads_pat, c.tok] for ch in h.children
                  if ch.dep_ in ("acl", "relcl", "advcl") and ch.lemma_.lower() in MAKE_VERBS for t in ch.subtree]
        ok = any(_is_weapon(t) or _in(t, TECH) for t in scope) or any(
            sm.ms[sm.tok_m[t.i]].m.type == "weapon_system" for t in scope if t.i in sm.tok_m
        )
        return typ if ok else None
    if typ == "visit_meeting":
        if c.is_verb:
            if lemma in TWO_PARTY_VERBS and len(act.args) < 2:
                return None
            if lemma in ("arrive", "travel") and (not _person_subject(a, sm, ab) or c.tok.dep_ == "acl"
                                                  and not _in(c.tok.head, DELEGATION)
                                                  and c.tok.head.i not in sm.tok_m):
                return None  # a leader or envoy arriving is a visit; a shipment or "a jet travelling" is not
            if lemma in ("host", "welcome", "greet") and not (
                _passive(c.tok) and act.subject
                or any(h.i in sm.tok_m and sm.ms[sm.tok_m[h.i]].m.type not in NON_ACTOR_TYPES for h in heads_pat)
            ):
                return None  # a guest is welcomed, not "the decision"
        return typ
    if typ == "agreement":
        if c.is_verb:
            ok = any(ch.dep_ in ("xcomp", "dobj") or ch.dep_ == "prep" and ch.lower_ in ("on", "to", "upon")
                     for ch in c.tok.children)
            return typ if ok else None
        if c.cue is not None and c.cue.head == "plan":
            joint = any(_in(ch, JOINT) for ch in c.tok.children)
            return typ if joint or len(act.args) >= 2 else None
        return typ
    if typ == "sanction":
        if c.is_verb:
            if not heads_pat:
                return None
            if lemma == "designate":
                has_ent = bool(ab.np_actors(heads_pat, False)[0]) or any(
                    pm.m.type == "vessel" for pm in sm.mentions_in(t for h in heads_pat for t in _np(h))
                )
                return typ if has_ent or _head_in(heads_pat, SANCTION_TARGET) else None
        return typ
    if typ == "veto":
        return typ
    if typ == "accusation":
        if c.is_verb:
            if lemma == "accuse" and not heads_pat and not any(ch.lower_ == "of" for ch in c.tok.children):
                return None
            if lemma == "charge" and not any(
                ch.dep_ == "ccomp" or ch.dep_ == "prep" and ch.lower_ in ("with", "of") for ch in c.tok.children
            ):
                return None
            if lemma in ("condemn", "denounce", "blame") and not heads_pat:
                return None
            if lemma == "allege" and not any(ch.dep_ in ("ccomp", "dobj") for ch in c.tok.children):
                return None
        return typ
    if typ == "denial":
        if c.is_verb:
            if lemma == "deny":
                return None if _head_in(heads_pat, DENY_EXCLUDE) else typ
            if lemma == "distance":  # "Iran distanced itself from the seizure"
                reflexive = any(ch.dep_ == "dobj" and ch.lower_.endswith(("self", "selves")) for ch in c.tok.children)
                return typ if reflexive and any(ch.lower_ == "from" for ch in c.tok.children) else None
            ok = _head_in(heads_pat, DENIAL_OBJECT) or any(ch.dep_ == "ccomp" for ch in c.tok.children)
            return typ if ok else None
        return typ
    if typ == "investigation_finding":
        if c.is_verb and c.tok.dep_ in ("advcl", "xcomp") and any(
                ch.dep_ == "aux" and ch.lower_ == "to" for ch in c.tok.children):
            return None  # "working to determine the cause", "set up to establish what happened": not yet found
        return typ if _finding(c, a, sm, ab) else None
    if typ == "statement_warning":
        return typ
    if typ == "incident":
        if c.is_verb and any(ch.dep_ == "dobj" for ch in c.tok.children):
            return None  # "the navy sank the boat" is an attack, not an accident
        fired = sm.has_weapon and any(t.lemma_.lower() in FIRING.verbs for t in sm.span)
        if fired or _head_in(a.subj, WEAPON - INCIDENT_OBJECT):
            return None  # a missile exploding is how a firing goes: the event is the attack or test
        return typ if any(_in(t, INCIDENT_OBJECT) for t in sm.span) else None
    if typ == "deployment":
        if c.is_verb:
            if lemma in ("arrive", "dock"):
                # "the frigate arrived", "troops arrived": forces; "the ship arrived at the port" may be a
                # freighter delivering cargo, a deployment only when the noun phrase says it is military
                military = _head_in(a.subj, FORCE - ANY_CRAFT) or _np_has(a.subj, sm, MILITARY_WORDS)
                return typ if military or _np_has(a.subj, sm, frozenset(), True) else None
            words = FORCE_SENT if lemma in SEND_VERBS else FORCE
            if sm.attack_cue and not _head_in(heads_pat, FORCE_SENT) and _head_in(heads_pat, WEAPON):
                return None  # "deployed missiles in a night-long assault": used, not stationed
            if any(t.dep_ == "prep" and t.lower_ == "against" for t in c.tok.subtree) and (
                    _np_has(heads_pat, sm, WEAPON, True) or c.tok.dep_ in ("relcl", "acl") and _in(c.tok.head, WEAPON)):
                return None  # "drones massively deployed by Russia against Ukraine": used, not stationed
            ok = _head_in(heads_pat, words) or (lemma not in SEND_VERBS and any(
                pm.m.type in ("weapon_system", "vessel", "military_unit")
                for pm in sm.mentions_in(t for h in heads_pat for t in _np(h))
            ))
            return typ if ok else None
        return typ
    return typ  # a type declared in triggers.yaml without a check of its own: its trigger is enough


ANY_CRAFT = frozenset({"ship", "ships", "vessel", "vessels", "plane", "planes", "aircraft", "jet", "jets",
                       "helicopter", "helicopters", "boat", "boats"})
"""Craft that carry cargo as often as forces: their arrival is a deployment only when called military."""
MILITARY_WORDS = frozenset({"military", "naval", "navy", "war", "warship", "armed", "combat", "coast guard",
                            "air force", "troop", "troops"})


def _under_ongoing_use(tok: Token) -> bool:
    """The attack word hangs on "use" told in a present or present-perfect tense: a way of waging
    the war ("forces are using drones in their recent wave of strikes"), not one attack."""
    t = tok
    while t.dep_ in ("xcomp", "pobj", "prep", "advcl") and t.head.i != t.i:
        t = t.head
        if t.pos_ == "VERB":
            return t.lemma_.lower() in ("use", "employ") and _present(t) and not _passive(t)
    return False


def _present(verb: Token) -> bool:
    """A present tense ("are used", "is being used"), not "were used" or "had been used"."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return bool(auxes) and auxes[0].tag_ in ("VBZ", "VBP") and not any(a.tag_ in ("VBD", "MD") for a in auxes)


def _clause_head(tok: Token) -> Token:
    """The head of the clause a trigger is told in: one event of a type per clause.

    "CENTCOM said US forces shot down a drone launched from Yemen, while the admiral said the
    militia had launched a sea drone" tells two launches in two reported clauses; "fired missiles
    at the port and launched drones at the town" is one wave told in one clause (a conjoined
    verb stays in its clause)."""
    if _answered(tok):
        return tok  # "struck the port in response to Belmora's attacks": the answered act is another
    t = tok
    while t.dep_ not in ("ROOT", "ccomp", "advcl", "parataxis") and t.head is not t:
        t = t.head
    return t


def _negated(tok: Token) -> bool:
    """The trigger verb (or the verb governing a noun trigger) is negated: "not", "never", "no longer"."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head if tok.dep_ in ("dobj", "nsubjpass", "attr") else None
    if verb is None:
        return any(ch.lower_ == "no" and ch.dep_ == "det" for ch in tok.children)  # "no shipments arrived"
    if any(ch.dep_ == "neg" or ch.lower_ == "never" for ch in verb.children):
        return True
    # "no missile was sent", "sent no weapons"
    return any(ch.dep_ in ("nsubj", "nsubjpass", "dobj")
               and any(g.lower_ == "no" and g.dep_ == "det" for g in ch.children) for ch in verb.children)


def _person_subject(a: _Args, sm: _Sent, ab: _ActorBuilder) -> bool:
    for h in a.subj:
        if h.pos_ == "PRON":
            if h.lower_ in ("he", "she") or ab.say_subject(h.head):
                return True
            continue
        if any(pm.m.type == "person" for pm in sm.mentions_in(_np(h))) or _in(h, DELEGATION):
            return True
    return False


def _finding(c: _Cand, a: _Args, sm: _Sent, ab: _ActorBuilder) -> bool:
    if not c.is_verb:
        return False
    lemma = c.tok.lemma_.lower()
    v = c.tok
    if _passive(v) or v.dep_ == "acl" and v.tag_ == "VBN":
        # "debris was found", "fragments discovered in the field"
        return _head_in(a.patient, FINDING_OBJECT) or _np_has(a.patient, sm, FINDING_OBJECT, True)
    if not a.subj:
        return False
    if _head_in(a.subj, REPORT):
        return True
    if lemma not in STRONG_FINDING:
        return False
    for pm in sm.mentions_in(t for h in a.subj for t in _np(h)):
        if pm.m.type in ("organisation", "government_body", "international_org"):
            return True
        if pm.m.type == "person":
            pe = ab.gaz.get(pm.m.entity)
            if pe is None or pm.m.provisional:
                return True
            role = (pe.role + " " + str(pe.attributes.get("affiliation") or "")).lower()
            if any(w in role for w in EXPERT_ROLE):
                return True
    return False


# -------------------------------------------------------------------------- the rest


def _weapon(sm: _Sent) -> str | None:
    for pm in sm.ms:
        if pm.m.type == "weapon_system":
            return pm.m.entity
    m = _WEAPON_RE.search(sm.span.text)
    if m is None:
        return None
    key = _SPACE_HYPHEN.sub(" ", m.group().lower())
    for k in (key, key[:-1], key[:-2]):
        if k in _WEAPON_CANON:
            return _WEAPON_CANON[k]
    return None


def _location(sm: _Sent, actors: list[str]) -> str | None:
    fallback: str | None = None
    for pm in sm.ms:
        if pm.m.type != "place" or pm.m.entity in actors:
            continue
        t = pm.root
        while t.dep_ in ("compound", "amod", "nmod", "poss") and t.head.i != t.i:
            t = t.head
        if t.dep_ == "pobj" and t.head.lower_ in LOC_PREPS:
            return pm.m.entity
        if fallback is None:
            fallback = pm.m.entity
    return fallback


HIGHER_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "prep", "pobj", "acl", "parataxis", "pcomp"})
"""Links from an event word up to a verb that open a clause or phrase of their own."""
SPEECH_NOUNS = frozenset("""comment comments remark remarks statement statements speech interview conference
    briefing address announcement post message letter tweet report reports""".split())
"""Nouns of speaking: "made his first comments Thursday on the crash" dates the comments."""


def _clause_verb(tok: Token) -> Token | None:
    """The verb whose clause a word stands in (itself, for a verb)."""
    t: Token | None = tok
    while t is not None and t.pos_ not in ("VERB", "AUX"):
        t = t.head if t.head is not t else None
    return t


def _date_of_higher_clause(date_root: Token, trigger: Token) -> bool:
    """The date belongs to the saying above the event word, not to the event.

    "the governor made her first comments Thursday on the crash": Thursday dates the comments;
    "officials said on Tuesday that Russia had launched drones": Tuesday dates the saying. Only
    when the path from the event word up to the dated verb opens a clause or a phrase of its own
    and passes a word of speaking (or the verb is one): in "launched an attack on Tuesday" the
    attack shares the verb's date, and in "on January 2 Russia fired missiles in an assault on
    Kyiv" the assault is the firing.
    """
    if trigger == date_root or trigger in date_root.ancestors or date_root in trigger.ancestors:
        return False
    verb = next((t for t in date_root.ancestors if t.pos_ in {"VERB", "AUX"}), None)
    if verb is None or verb not in trigger.ancestors:
        return False
    speech = verb.lemma_.lower() in ALL_CUES or any(
        t.lower_ in SPEECH_NOUNS for t in date_root.ancestors if t.i != verb.i and verb in t.ancestors)
    opens = False
    tok = trigger
    while tok != verb:
        opens = opens or tok.dep_ in HIGHER_CLAUSE_DEPS
        tok = tok.head
        if tok != verb and (tok.lemma_.lower() in ALL_CUES and tok.pos_ == "VERB" or tok.lower_ in SPEECH_NOUNS):
            speech = True
    return opens and speech


def _date_of_lower_clause(date_root: Token, trigger: Token) -> bool:
    """The date belongs to something told in a phrase below the event word, not to the event.

    "Putin expressed condolences to the families of those killed in Wednesday's crash":
    Wednesday dates the crash, not the condolences. The word the date hangs on sits below the
    event word across a phrase or clause of its own; in "launched an attack on Tuesday" the
    attack is the verb's object and shares its date.
    """
    if trigger.dep_ in {"dobj", "obj"} and trigger.head.pos_ == "VERB" and trigger not in date_root.ancestors:
        trigger = trigger.head  # "expressed his condolences": the verb carries the noun's phrases
    if trigger not in date_root.ancestors:
        return False
    tok = date_root
    while tok.dep_ in {"poss", "compound", "pobj", "prep", "npadvmod", "nummod", "amod", "case", "det", "nmod"}:
        if tok.head == trigger or tok.head == tok:
            return False
        tok = tok.head
    if tok == trigger:
        return False
    while tok != trigger:
        if tok.dep_ in HIGHER_CLAUSE_DEPS | {"relcl"}:
            return True
        tok = tok.head
    return False


def _date(dates: list[DateMention], starts: list[int], s0: int, s1: int, t0: int, t1: int,
          higher: Callable[[DateMention], bool] | None = None,
          own: Callable[[DateMention], bool] | None = None) -> DateMention | None:
    """The date nearest the event word in its sentence, one told in the event's own clause
    (``own``) first: "shipments began in early January after a deal was finalised late last
    year" dates the deal by "late last year", though "early January" stands nearer.

    A date of a higher clause (``higher``) is used only when nothing else dates the event, and
    then only for its year: what was reported or commented on in February happened by then,
    most likely that year, not necessarily that month.
    """
    best: DateMention | None = None
    best_d = 1 << 60
    above: DateMention | None = None
    for i in range(bisect.bisect_left(starts, s0), len(dates)):
        d = dates[i]
        if d.start >= s1:
            break
        if d.end > s1 or d.value is None:
            continue
        if higher is not None and higher(d):
            above = above or d
            continue
        dist = 0 if d.start < t1 and d.end > t0 else min(abs(d.start - t1), abs(t0 - d.end))
        if own is not None and not own(d):
            dist += 1 << 30  # a date of another clause only when the event's own clause has none
        if dist < best_d:
            best, best_d = d, dist
    if best is None and above is not None and above.value is not None:
        return replace(above, value=above.value[:4], granularity="year", end_value=None)
    return best


def _place_mentions(doc: Doc, mentions: list[EntityMention], base: int) -> list[_M]:
    out: list[_M] = []
    n = len(doc.text)
    for m in mentions:
        a, z = m.start - base, m.end - base
        if a < 0 or z > n or a >= z:
            continue
        span = doc.char_span(a, z, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        out.append(_M(m, span.start, span.end, span.root))
    out.sort(key=lambda p: p.start)
    return out


def _sentence_mentions(placed: list[_M], starts: list[int], sent: Span) -> _Sent:
    i = bisect.bisect_left(starts, sent.start)
    ms: list[_M] = []
    while i < len(placed) and placed[i].start < sent.end:
        if placed[i].end <= sent.end:
            ms.append(placed[i])
        i += 1
    tok_m: dict[int, int] = {}
    for j, pm in enumerate(ms):
        for t in range(pm.start, pm.end):
            tok_m.setdefault(t, j)
    return _Sent(sent, ms, tok_m, 0, 0)


def find_events(
    doc: Doc,
    article_key: str,
    mentions: list[EntityMention],
    dates: list[DateMention],
    gaz: Gazetteer,
    base: int = 0,
    skip: Callable[[Span], bool] | None = None,
    negated: list[Event] | None = None,
) -> list[Event]:
    """Events in ``doc`` (a chunk of the article starting at ``base``).

    Acts the text negates ("no missile was sent") are not events; when ``negated`` is given
    they are appended to it, so the caller can tell who says they did not happen.

    ``mentions`` and ``dates`` carry article offsets; mentions before the chunk may be
    included (they resolve "both countries"). Returned offsets are article offsets:
    ``start``/``end`` the sentence, ``trigger_start``/``trigger_end`` the trigger words.
    ``skip(sentence)`` True marks a heading, question, FAQ or boilerplate sentence.
    """
    prior = sorted(mentions, key=lambda m: (m.start, m.end))
    prior_starts = [m.start for m in prior]
    placed = _place_mentions(doc, prior, base)
    placed_starts = [p.start for p in placed]
    ds = sorted((d for d in dates if d.article_key == article_key or not d.article_key), key=lambda d: d.start)
    d_starts = [d.start for d in ds]
    events: list[Event] = []
    for sent in sentences(doc):
        if skip is not None and skip(sent):
            continue
        if not any(t.pos_ in ("VERB", "AUX") for t in sent):
            continue  # a label or heading ("Possible Technology Transfer:"), not a statement
        sm = _sentence_mentions(placed, placed_starts, sent)
        sm.abs_start, sm.abs_end = base + sent.start_char, base + sent.end_char
        cands: list[_Cand] = []
        _scan(sent, sm, cands)
        if not cands:
            continue
        ab = _ActorBuilder(gaz, sm, prior, prior_starts, base)
        best: dict[tuple[str, int], tuple[tuple[int, ...], _Cand, _Actors]] = {}
        best_neg: dict[tuple[str, int], tuple[tuple[int, ...], _Cand, _Actors]] = {}
        for c in cands:
            a = _args(c)
            act = _actors(c, a, ab)
            typ = _check(c, a, sm, act, ab)
            if typ in TOLD_BY_FINDER and not act.names and _passive(c.tok):
                act = _Actors(ab.tellers(c.tok), [], [])
            if typ is None or not act.names:
                continue
            if typ in SPEAKER_TYPES and not act.speaker:
                continue
            if (typ in ABILITY_TYPES or c.typ in ABILITY_TYPES) and _ability(c.tok):
                continue
            # "had not met", "has not been supplying": no such act to put on the timeline
            bucket = best_neg if typ not in SPEAKER_TYPES and _negated(c.tok) else best
            rank = (int(bool(act.subject)), int(c.is_verb or c.gov is not None), -_depth(c.tok), -c.tok.i)
            key = (typ, _clause_head(c.tok).i)
            if key not in bucket or rank > bucket[key][0]:
                bucket[key] = (rank, c, act)
        order = {t: i for i, t in enumerate(EVENT_TYPES)}
        chosen = [(k[0], best[k], events) for k in sorted(best, key=lambda k: (order[k[0]], k[1]))]
        if negated is not None:
            told = {k[0] for k in best}
            chosen += [(k[0], best_neg[k], negated) for k in sorted(best_neg, key=lambda k: (order[k[0]], k[1]))
                       if k[0] not in told]
        for typ, (_, c, act), out in chosen:
            lo, hi = c.span()
            t0 = base + doc[lo].idx
            t1 = base + doc[hi - 1].idx + len(doc[hi - 1].text)
            def higher(d: DateMention, trig: Token = c.tok) -> bool:
                span = doc.char_span(d.start - base, d.end - base, alignment_mode="expand")
                return span is not None and (_date_of_higher_clause(span.root, trig)
                                             or _date_of_lower_clause(span.root, trig))

            def own(d: DateMention, trig: Token = c.tok) -> bool:
                span = doc.char_span(d.start - base, d.end - base, alignment_mode="expand")
                a, b = (_clause_verb(span.root) if span is not None else None), _clause_verb(trig)
                return a is not None and b is not None and a.i == b.i

            d = _date(ds, d_starts, sm.abs_start, sm.abs_end, t0, t1, higher, own)
            date_value: str | None = None
            if d is not None:
                date_value = d.value
                if d.granularity == "range" and d.end_value:
                    date_value = f"{d.value}/{d.end_value}"
            out.append(
                Event(
                    article_key=article_key,
                    id=f"{article_key}:{typ}@{t0}",
                    type=typ,
                    trigger=doc[lo:hi].text,
                    start=sm.abs_start,
                    end=sm.abs_end,
                    trigger_start=t0,
                    trigger_end=t1,
                    actors=act.names,
                    weapon=_weapon(sm),
                    location=_location(sm, act.names),
                    date=date_value,
                    date_granularity=d.granularity if d is not None else None,
                    date_from_article=False,
                )
            )
    return events
