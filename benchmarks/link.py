"""Cross-article linking at scale: time and peak memory of ``link_store`` on 1k to 8k articles.

For each size N (1,000, 2,000, 4,000 and 8,000 by default) a seeded generator writes N articles
into a fresh store together with their extraction records (claims, events, entities, dates),
written directly and consistently with the text instead of running spaCy, which would take
hours for 15k articles. Each corpus holds many distinct stories plus, per 1,000 articles,
30 near-verbatim copies, 30 paraphrased rewrites and 20 denials that contradict an earlier
report, so the run also checks that linking finds them.

Per size, a fresh process links the store from scratch (``link_store`` with the
``HashingEmbedder``) and reports wall and CPU time and its peak RSS (``ru_maxrss``). Then ten
more articles (new stories, a copy, a rewrite and a denial of stored articles) are added and
linked incrementally. Goals, as ratios measured in the same run:

  * each doubling of the store may cost at most 2.4x the linking time of the smaller store;
  * adding 10 articles to the 8k store costs under 2% of linking it from scratch.

The ``HashingEmbedder`` stands in for MiniLM, which is far too slow for 15k articles on two
cores; the run also measures MiniLM's encode throughput on generated sentences and reports
what embedding would add per article (it is linear in the number of articles).

    python benchmarks/link.py                    # 1k, 2k, 4k, 8k; prints the table
    python benchmarks/link.py --write            # ... and writes the "## Link" section of BENCHMARKS.md
    python benchmarks/link.py --quick            # 200 and 400 articles
    python benchmarks/link.py --sizes 1000,2000 --profile 2000
    python benchmarks/link.py --json out.json ...   # keep the raw results;
    python benchmarks/link.py --from-json out.json --write   # rewrite the section from them, no run
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from mdsection import replace_section  # run as a script: benchmarks/ is on sys.path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS_MD = ROOT / "BENCHMARKS.md"
SIZES = (1000, 2000, 4000, 8000)
QUICK_SIZES = (200, 400)
GOAL_DOUBLING = 2.4  # time(2N) / time(N)
GOAL_INCREMENTAL = 0.02  # time(+10 articles) / time(full link of the largest store)
EXTRA = 10  # articles added for the incremental run
SEED = 20261123
# planted per 1,000 articles
COPIES_PER_K = 30
REWRITES_PER_K = 30
DENIALS_PER_K = 20

# ====================================================================== vocabulary
COUNTRIES = [  # canonical pack name, surfaces (name and metonym), demonym-free
    ("North Korea", ["North Korea", "Pyongyang"]),
    ("Russia", ["Russia", "Moscow"]),
    ("Iran", ["Iran", "Tehran"]),
    ("Ukraine", ["Ukraine", "Kyiv"]),
    ("United States", ["the United States", "Washington"]),
    ("China", ["China", "Beijing"]),
    ("Belarus", ["Belarus", "Minsk"]),
    ("Syria", ["Syria", "Damascus"]),
    ("South Korea", ["South Korea", "Seoul"]),
    ("Japan", ["Japan", "Tokyo"]),
    ("United Kingdom", ["Britain", "London"]),
    ("France", ["France", "Paris"]),
    ("Germany", ["Germany", "Berlin"]),
    ("Poland", ["Poland", "Warsaw"]),
    ("Turkey", ["Turkey", "Ankara"]),
]
WEAPONS = [
    "Iskander missiles", "Shahed drones", "KN-23 ballistic missiles", "artillery shells", "122mm rockets",
    "Kh-101 cruise missiles", "Lancet drones", "anti-tank missiles", "air-defence interceptors", "T-72 tanks",
    "mortar rounds", "self-propelled howitzers", "assault rifles", "glide bombs", "naval mines",
    "radar systems", "armoured vehicles", "sniper rifles", "multiple rocket launchers", "loitering munitions",
    "Fateh-110 missiles", "Hwasong-11 missiles", "Storm Shadow missiles", "ATACMS missiles",
    "Patriot interceptors", "Bayraktar drones", "Leopard tanks", "HIMARS launchers", "Geran drones",
    "Mohajer drones", "Kalibr cruise missiles", "Grad rockets",
]
EXTRA_PLACES = [  # towns not in the pack: provisional place entities
    "Tornavik", "Beloretsk", "Sarvan", "Krasnoyarsk", "Mirnograd", "Zhytomyr", "Chernihiv", "Sumy",
    "Poltava", "Vinnytsia", "Lviv", "Rivne", "Izmail", "Kramatorsk", "Sloviansk", "Kupiansk",
    "Tartus", "Latakia", "Bandar Abbas", "Isfahan", "Shiraz", "Gomel", "Brest", "Hrodna",
    "Rzeszow", "Incirlik", "Okinawa", "Busan", "Incheon", "Pohang", "Harbin", "Dandong",
]
INVENTED_PERSONS = {  # countries whose officials the pack does not list
    "Poland": ["Tomasz Wrobel", "Agnieszka Lis", "Marek Zielinski"],
    "Turkey": ["Murat Aydin", "Selin Kaya", "Emre Demir"],
    "France": ["Claire Dubois", "Julien Marchand"],
    "Belarus": ["Viktor Sharko", "Alena Rudak"],
    "Syria": ["Omar Haddad", "Rami Khalil"],
    "United Kingdom": ["Harriet Cole", "James Whitford"],
    "Germany": ["Katrin Vogel", "Stefan Brandt"],
}
SYLLABLES = ["ka", "lo", "ven", "mir", "tas", "ro", "bel", "dun", "sha", "ko", "ri", "an", "tel", "vos", "gor",
             "ny", "ul", "zar", "pe", "in", "tor", "ma", "sel", "var", "ost", "lin", "dra", "mek", "sol", "fer"]
SHIP_KINDS = ["Star", "Trader", "Spirit", "Express", "Pioneer", "Carrier", "Voyager", "Horizon"]
FIRM_KINDS = ["Logistics", "Trading", "Holdings", "Shipping", "Industries", "Engineering", "Supply"]
UNIT_KINDS = ["battalion", "brigade", "regiment", "detachment"]
OUTLETS = ["Daily Ledger", "Wire Today", "The Observer Post", "Global Monitor", "Harbour Times", "Eastern Review",
           "Capital Dispatch", "Frontline News", "Morning Herald", "Signal Press", "The Atlas", "Northern Courier"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
COUNTRY_NAMES = {c for c, _ in COUNTRIES}
START = date(2022, 1, 1)
DAYS_SPREAD = 3 * 365

# ---------------------------------------------------------------------- templates
# A content clause: [a|b|c] picks a synonym, {SLOT} is a story fact. The attribution ("X said")
# is added around it by the code, in front or behind, so a rewrite can move it.
# Topic templates: (template, event type of the sentence or None, hedged)
TOPICS: dict[str, list[tuple[str, str | None, bool]]] = {
    "transfer": [
        ("{A} {V} {B} with [about|roughly|some|nearly] {N} {W} {D}", "transfer", False),
        ("{A} {V2} [about|roughly|some|nearly] {N} {W} to {B} {D}", "transfer", False),
    ],
    "launch_attack": [
        ("{A} {V} {P} with [about|roughly|some|nearly] {N} {W} {D}", "launch_attack", False),
        ("[forces from|troops of|units from] {A} {V} [targets|positions|depots] [in|near|around] {P} "
         "[using|with] {N} {W} {D}", "launch_attack", False),
    ],
    "missile_test": [
        ("{A} {V} [a|its] [new|latest|upgraded] [batch|version] of {W} from [a site|a base|a launch pad] near {P} {D}",
         "missile_test", False),
        ("{A} {V} {N} {W} [into the sea|over the sea|towards the coast] from {P} {D}", "missile_test", False),
    ],
    "visit_meeting": [
        ("{X} {V} {Y} in {P} {D} to [discuss|talk about|review] [military|defence|security] [cooperation|ties]",
         "visit_meeting", False),
        ("{X} and {Y} {V} [in|at a venue in] {P} {D} [amid|during|after] [talks|consultations] on {W}",
         "visit_meeting", False),
    ],
    "sanction": [
        ("{A} {V} {N} [firms|companies|entities] in {B} [including|among them] {CO} {D}", "sanction", False),
        ("{A} {V} {CO} and {N} [other|further|additional] [firms|entities] [tied|linked] to {B} {D}",
         "sanction", False),
    ],
    "deployment": [
        ("{A} {V} {N} [troops|soldiers|personnel] [and|together with|alongside] {W} to {P} {D}", "deployment", False),
        ("{A} {V} [a|the] {U} [with|and] {W} [near|close to|outside] {P} {D}", "deployment", False),
    ],
    "agreement": [
        ("{A} and {B} {V} a [defence|military|security] [pact|treaty|accord] in {P} {D}", "agreement", False),
        ("{A} {V} a [deal|pact|agreement] with {B} on {W} [production|supplies|maintenance] in {P} {D}",
         "agreement", False),
    ],
}
TRIGGERS: dict[str, tuple[list[str], list[str]]] = {  # V, V2 choices per topic
    "transfer": (["supplied", "provided", "furnished"], ["shipped", "delivered", "sent", "transferred"]),
    "launch_attack": (["struck", "attacked", "pounded", "bombarded"], ["struck", "attacked"]),
    "missile_test": (["test-fired", "launched", "fired", "tested"], ["test-fired", "launched"]),
    "visit_meeting": (["met", "met with", "held talks with", "hosted"], ["met", "held talks"]),
    "sanction": (["sanctioned", "blacklisted", "imposed sanctions on"], ["sanctioned", "blacklisted"]),
    "deployment": (["deployed", "stationed", "dispatched", "sent"], ["deployed", "stationed"]),
    "agreement": (["signed", "concluded", "sealed"], ["signed", "concluded"]),
}
# Details any story can carry: (template, hedged)
DETAILS: list[tuple[str, bool]] = [
    ("the {W} [were|had been] [loaded|packed|stowed] [onto|aboard] the [cargo ship|vessel|freighter] {S} at {P2}",
     False),
    ("[at least|more than|about] {N2} [containers|crates|wagons] [left|departed|were moved out of] {P2} "
     "[in|during] {M}", False),
    ("{CO}, a [firm|company] registered in {A}, [arranged|organised|handled] the [payments|logistics|financing]",
     False),
    ("[a unit|an outfit|a formation] known as the {U} [took part|was involved|played a role] in the operation",
     False),
    ("{X} [had travelled|travelled|flew] to {P2} [earlier in|in|during] {M} [to prepare|ahead of] the [talks|visit]",
     False),
    ("[relations|ties] between {A} and {B} have [deepened|grown closer|intensified] since {YEAR}", False),
    ("the {W} [have|carry] a range of [about|roughly|up to] {R} [kilometres|km]", False),
    ("[satellite images|commercial imagery|aerial photographs] [showed|revealed|captured] "
     "[dozens of|a column of|several] [trucks|vehicles|railcars] [near|outside|close to] {P2} [in|during] {M}", False),
    ("{B} [has not commented|did not respond to questions|declined to comment] on the {S}", False),
    ("the [episode|operation|incident] [drew|prompted|triggered] [criticism|condemnation|protests] from {C}", False),
    ("[investigators|inspectors|researchers] [traced|linked|tied] the {W} to a [factory|plant|workshop] in {P3}",
     False),
    ("{A} [likely|probably] [holds|keeps|maintains] [large|vast|sizeable] [stocks|stockpiles|reserves] of {W}", True),
    ("the {S} [later|subsequently|afterwards] [sailed|headed|moved] [towards|to|for] {P3} [with|carrying] "
     "[its cargo|the crates|the containers]", False),
    ("{Y} [warned|cautioned|told] {C} [against|not to consider] [interfering|meddling|intervening] in the matter",
     False),
    ("[the|a] {U} [probably|likely] [guarded|escorted|protected] the [convoy|shipment|cargo] [through|across] {P3}",
     True),
    ("{CO} [was set up|was founded|was registered] in {P3} [in|during] {YEAR2} [by|through] [a shell company|"
     "intermediaries|a front company]", False),
    ("the {W} [cost|were valued at|were worth] [roughly|about|an estimated] {PRICE} [million|million dollars]",
     False),
    ("[officials|authorities] in {C} [summoned|called in|rebuked] the [ambassador|envoy] of {A} [over|about] "
     "the [matter|affair|issue]", False),
]
ATTR_FRONT = ["{SRC} said", "{SRC} said that", "according to {SRC},", "{SRC} told reporters that"]
ATTR_BACK = ["{SRC} said", "said {SRC}", "according to {SRC}", "{SRC} told reporters"]
DESCRIPTORS = [  # (surface, canonical source, source type)
    ("officials", "officials", "anonymous"), ("Western officials", "officials", "anonymous"),
    ("analysts", "analysts", "expert"), ("military analysts", "analysts", "expert"),
    ("diplomats", "diplomats", "anonymous"), ("state media", "state media", "media"),
    ("a senior official", "official", "anonymous"), ("researchers", "researchers", "expert"),
]
FOOTERS = ["This article was republished from {O} under a syndication agreement.",
           "Copyright {O}. Republished with permission.",
           "Originally published by {O}; reproduced with permission.",
           "Reporting by {O} staff; editing by the news desk."]
COPY_EDITS = [("said", "says"), (" the ", " a "), ("about", "around"), ("earlier", "previously"),
              ("officials", "authorities"), ("between", "among"), ("reporters", "journalists"),
              ("near", "close to"), (" in ", " inside ")]

# Sentences of a denial story (its lead is the denial itself).
DENIAL_LEAD = "[supplying|providing|sending|delivering] any weapons to {B}"
DENIAL_CUES = ["denied", "flatly denied", "strongly denied", "again denied"]
DENIAL_DETAILS: list[tuple[str, bool]] = [
    ("the [statement|denial|response] [came|followed] [days|shortly] after reports about the {S} and its cargo of {W}",
     False),
    ("[officials|a spokesperson|the ministry] in {A} [called|described] the reports [a fabrication|baseless|"
     "slander] [aimed at|meant to] [discredit|smear] {A}", False),
    ("{C} [called for|demanded|urged] an [inquiry|investigation|independent review] [into|of] the [shipments|"
     "deliveries|transfers] of {W}", False),
    ("the [vessel|ship] {S} [was last seen|was last tracked|last appeared] near {P2} [in|during] {M}", False),
    ("{B} [has not commented|did not respond to questions|declined to comment] on the [statement|denial|matter]",
     False),
    ("[relations|ties] between {A} and {B} have [deepened|grown closer|intensified] since {YEAR}", False),
]


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


# ====================================================================== rendering
_SYN = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{(\w+)\}")


@dataclass
class Val:
    """A slot value: its surface text and, for entities, what the extraction records."""

    surface: str
    kind: str = "text"  # text | country | place | person | trigger | date
    canon: str | None = None
    iso: str | None = None


REWORD = 0.5  # share of synonym groups a rewrite changes


def resolve(
    template: str, choices: list[int] | None, rng: random.Random, differ: bool = False
) -> tuple[str, list[int]]:
    """Pick a synonym in every [a|b] group: the same ones as ``choices``, or with ``differ``
    another one in about half of the groups (a rewrite)."""
    picked: list[int] = []

    def sub(m: re.Match[str]) -> str:
        opts = m.group(1).split("|")
        i = len(picked)
        if choices is not None and i < len(choices):
            c = choices[i]
            if differ and len(opts) > 1 and rng.random() < REWORD:
                c = (c + 1 + rng.randrange(len(opts) - 1)) % len(opts)
        else:
            c = rng.randrange(len(opts))
        picked.append(c)
        return opts[c]

    return _SYN.sub(sub, template), picked


def fill(template: str, slots: dict[str, Val]) -> tuple[str, list[tuple[int, int, Val]]]:
    """The template with slots filled, and the spans of the filled entity, trigger and date slots."""
    out: list[str] = []
    spans: list[tuple[int, int, Val]] = []
    pos = last = 0
    for m in _SLOT.finditer(template):
        lit = template[last:m.start()]
        out.append(lit)
        pos += len(lit)
        v = slots[m.group(1)]
        if v.kind != "text":
            spans.append((pos, pos + len(v.surface), v))
        out.append(v.surface)
        pos += len(v.surface)
        last = m.end()
    out.append(template[last:])
    text = "".join(out)
    assert "  " not in text, template
    return text, spans


@dataclass
class SentPlan:
    """One sentence of an article, before it is rendered: enough to render it again reworded."""

    template: str
    slots: dict[str, Val]
    source: tuple[str, str, str] | None  # (surface, canonical, source type); None: the author
    attr_front: bool
    attr_idx: int
    certainty: str
    event: dict[str, Any] | None = None  # type, actors, weapon, location, date
    cue: str | None = None  # a fixed cue phrase (denials): "{SRC} <cue> <content>"
    choices: list[int] | None = None


@dataclass
class Rendered:
    text: str
    spans: list[tuple[int, int, Val]]  # offsets into text
    content: tuple[int, int]
    cue: str | None


def render_sentence(p: SentPlan, rng: random.Random, differ: bool = False) -> Rendered:
    content_tpl, picked = resolve(p.template, p.choices, rng, differ)
    if p.choices is None:
        p.choices = picked
    content, cspans = fill(content_tpl, p.slots)
    if p.source is None:
        text = _cap(content) + "."
        return Rendered(text, cspans, (0, len(content)), None)
    kind = "country" if p.source[1] in COUNTRY_NAMES else "person" if p.source[2] == "official" else "text"
    src = Val(p.source[0], kind, p.source[1])
    if p.cue is not None:
        attr_tpl, cue = "{SRC} " + p.cue, p.cue
        front = True
    else:
        front = p.attr_front
        attr_tpl = (ATTR_FRONT if front else ATTR_BACK)[p.attr_idx]
        cue = "according to" if "according" in attr_tpl else "told" if "told" in attr_tpl else "said"
    attr, aspans = fill(attr_tpl, {"SRC": src})
    if front:
        text = _cap(attr) + " " + content + "."
        off = len(attr) + 1
        spans = aspans + [(s + off, e + off, v) for s, e, v in cspans]
        return Rendered(text, spans, (off, off + len(content)), cue)
    text = _cap(content) + ", " + attr + "."
    off = len(content) + 2
    spans = cspans + [(s + off, e + off, v) for s, e, v in aspans]
    return Rendered(text, spans, (0, len(content)), cue)


# ====================================================================== stories
@dataclass
class Story:
    sid: int
    topic: str
    facts: dict[str, Val]
    published: date
    event_day: date
    outlet: str
    a: str
    b: str


@dataclass
class Plan:
    """An article to generate: its sentences (by paragraph) and how it relates to others."""

    story: int
    published: date
    outlet: str
    title: str
    paras: list[list[SentPlan]]
    kind: str = "base"  # base | copy | rewrite | denial | affirm
    transfer: tuple[str, str] | None = None  # (supplier, receiver) of an affirmed transfer lead
    key: str = ""
    footer: str | None = None
    edits: list[tuple[str, str]] = field(default_factory=list)  # copies: apply the first n_edits that occur
    n_edits: int = 0
    reword_seed: int | None = None
    facts: Story | None = None  # the story behind a base, affirm or denial plan
    source_plan: Plan | None = None  # what a copy, rewrite or denial derives from


class Generator:
    def __init__(self, seed: int) -> None:
        from claimgraph.nlp.pipeline import gazetteer

        self.rng = random.Random(seed)
        self.gaz = gazetteer()
        for canon, surfaces in COUNTRIES:
            for s in surfaces:
                assert self.gaz.resolve(s) == canon, (s, canon)
        self.persons: dict[str, list[str]] = {c: [] for c, _ in COUNTRIES}
        for ent in self.gaz.entities.values():
            if ent.type == "person" and ent.country in self.persons:
                self.persons[ent.country].append(ent.name)
        for c, names in INVENTED_PERSONS.items():
            self.persons[c].extend(names)
        self.places = [e.name for e in self.gaz.entities.values() if e.type == "place"] + EXTRA_PLACES
        self.next_sid = 0

    # ------------------------------------------------------------------ facts
    def _country(self, canon: str) -> Val:
        surfaces = dict(COUNTRIES)[canon]
        return Val(self.rng.choice(surfaces), "country", canon)

    def _place(self, name: str) -> Val:
        return Val(name, "place", name)

    def _day(self, d: date) -> Val:
        return Val(f"on {MONTHS[d.month - 1]} {d.day}", "date", iso=d.isoformat())

    def story(self, topic: str | None = None, a: str | None = None, b: str | None = None,
              published: date | None = None) -> Story:
        rng = self.rng
        topic = topic or rng.choice(list(TOPICS))
        names = [c for c, _ in COUNTRIES]
        a = a or rng.choice(names)
        b = b or rng.choice([c for c in names if c != a])
        c = rng.choice([x for x in names if x not in (a, b)])
        published = published or START + timedelta(days=rng.randrange(DAYS_SPREAD))
        day = published - timedelta(days=rng.randrange(0, 4))
        p, p2, p3 = rng.sample(self.places, 3)
        v_opts, v2_opts = TRIGGERS[topic]
        facts = {
            "A": self._country(a), "B": self._country(b), "C": self._country(c),
            "X": Val(rng.choice(self.persons[a]), "person", None),
            "Y": Val(rng.choice(self.persons[b]), "person", None),
            "W": Val(rng.choice(WEAPONS)), "P": self._place(p), "P2": self._place(p2), "P3": self._place(p3),
            "V": Val(rng.choice(v_opts), "trigger"), "V2": Val(rng.choice(v2_opts), "trigger"),
            "D": self._day(day),
            "N": Val(f"{rng.choice([rng.randint(3, 60), rng.randint(100, 990), rng.randint(1000, 20000)]):,}"),
            "N2": Val(str(rng.randint(12, 480))),
            "R": Val(f"{rng.randrange(80, 2500, 10):,}"),
            "PRICE": Val(str(rng.randint(4, 900))),
            "M": Val(MONTHS[(day.month - 2) % 12]),
            "YEAR": Val(str(rng.randint(2014, 2021))), "YEAR2": Val(str(rng.randint(2005, 2020))),
            "S": Val(f"{_name(rng, 2)} {rng.choice(SHIP_KINDS)}"),
            "CO": Val(f"{_name(rng, rng.randint(2, 3))} {rng.choice(FIRM_KINDS)}"),
            "U": Val(f"{_name(rng, 2)} {rng.choice(UNIT_KINDS)}"),
        }
        for k in ("X", "Y"):
            facts[k].canon = facts[k].surface
        sid = self.next_sid
        self.next_sid += 1
        return Story(sid, topic, facts, published, day, rng.choice(OUTLETS), a, b)

    def _source(self, st: Story, affirm: bool) -> tuple[tuple[str, str, str] | None, str]:
        """A source for one sentence and the certainty its attribution gives."""
        r = self.rng.random()
        if r < 0.35:
            return None, "asserted"
        if r < 0.6:
            who = self.rng.choice([st.facts["X"].surface, st.facts["Y"].surface])
            return (who, who, "official"), "reported"
        if r < 0.7 and not affirm:
            c = self.rng.choice([st.a, st.b, st.facts["C"].canon or st.a])
            return (self.rng.choice(dict(COUNTRIES)[c]), c, "official"), "reported"
        surface, canon, typ = self.rng.choice(DESCRIPTORS)
        return (surface, canon, typ), "reported"

    def _plan(self, st: Story, template: str, event: str | None, hedged: bool, affirm: bool = False) -> SentPlan:
        source, certainty = self._source(st, affirm)
        if hedged:
            certainty = "hedged"
        ev = None
        if event:
            f = st.facts
            actors = [f["A"].canon]
            if "{B}" in template:
                actors.append(f["B"].canon)
            if "{Y}" in template:
                actors = [st.a, st.b]
            ev = {"type": event, "actors": actors, "weapon": f["W"].surface if "{W}" in template else None,
                  "location": f["P"].canon if "{P}" in template else None, "date": st.event_day.isoformat()}
        return SentPlan(template, st.facts, source, self.rng.random() < 0.5, self.rng.randrange(len(ATTR_FRONT)),
                        certainty, ev, choices=resolve(template, None, self.rng)[1])

    def _paragraphs(self, sents: list[SentPlan]) -> list[list[SentPlan]]:
        paras, i = [], 0
        while i < len(sents):
            n = 1 if i == 0 else self.rng.randint(1, 3)
            paras.append(sents[i:i + n])
            i += n
        return paras

    def base(self, topic: str | None = None, affirm: bool = False) -> Plan:
        rng = self.rng
        st = self.story("transfer" if affirm else topic)
        lead_tpl, ev, hedged = rng.choice(TOPICS[st.topic])
        lead = self._plan(st, lead_tpl, ev, hedged, affirm)
        others = [self._plan(st, t, e, h) for t, e, h in TOPICS[st.topic] if t != lead_tpl]
        others += [self._plan(st, t, None, h) for t, h in rng.sample(DETAILS, rng.randint(6, 11))]
        rng.shuffle(others)
        f = st.facts
        title = f"{f['A'].canon} and {f['B'].canon}: {f['W'].surface} near {f['P'].canon} ({f['S'].surface})"
        plan = Plan(st.sid, st.published, st.outlet, title, self._paragraphs([lead, *others]),
                    kind="affirm" if affirm else "base", facts=st)
        if st.topic == "transfer" and lead.certainty != "hedged":
            plan.transfer = (st.a, st.b)
        return plan

    def copy(self, origin: Plan) -> Plan:
        rng = self.rng
        return Plan(self._sid(), origin.published + timedelta(days=rng.randint(0, 2)), rng.choice(OUTLETS),
                    origin.title, origin.paras, kind="copy", transfer=origin.transfer, source_plan=origin,
                    footer=rng.choice(FOOTERS).format(O=origin.outlet),
                    edits=rng.sample(COPY_EDITS, len(COPY_EDITS)), n_edits=rng.randint(1, 2))

    def rewrite(self, origin: Plan) -> Plan:
        rng = self.rng
        sents = [s for p in origin.paras for s in p]
        reworded = []
        for s in sents:
            # Same facts and source; the attribution moves to the other end of the sentence.
            reworded.append(SentPlan(s.template, s.slots, s.source, not s.attr_front, s.attr_idx,
                                     s.certainty, s.event, s.cue, s.choices))
        body = reworded[1:]
        for _ in range(2):  # reorder a few sentences
            i, j = rng.randrange(len(body)), rng.randrange(len(body))
            body[i], body[j] = body[j], body[i]
        return Plan(self._sid(), origin.published + timedelta(days=rng.randint(0, 3)), rng.choice(OUTLETS),
                    "Report: " + origin.title, self._paragraphs([reworded[0], *body]), kind="rewrite",
                    transfer=origin.transfer, reword_seed=rng.randrange(1 << 30), source_plan=origin)

    def denial(self, affirmed: Plan) -> Plan:
        rng = self.rng
        old = affirmed.facts
        assert old is not None
        st = self.story("transfer", a=old.a, b=old.b, published=affirmed.published + timedelta(days=rng.randint(1, 5)))
        st.facts["S"] = old.facts["S"]
        st.facts["W"] = old.facts["W"]
        src = (rng.choice(dict(COUNTRIES)[old.a]), old.a, "official")
        slots = dict(st.facts)
        lead = SentPlan(DENIAL_LEAD, slots, src, True, 0, "denied", None, cue=rng.choice(DENIAL_CUES),
                        choices=resolve(DENIAL_LEAD, None, rng)[1])
        others = [self._plan(st, t, None, h) for t, h in rng.sample(DENIAL_DETAILS, rng.randint(4, 6))]
        others += [self._plan(st, t, None, h) for t, h in rng.sample(DETAILS, rng.randint(2, 4))]
        rng.shuffle(others)
        title = f"{old.a} rejects reports of arms deliveries to {old.b}"
        return Plan(st.sid, st.published, st.outlet, title, self._paragraphs([lead, *others]), kind="denial",
                    facts=st, source_plan=affirmed)

    def _sid(self) -> int:
        self.next_sid += 1
        return -self.next_sid  # derived articles take their origin's story in the truth table


def plan_corpus(n: int, extra: int, seed: int) -> list[Plan]:
    """``n`` stored articles with planted copies, rewrites and denials, then ``extra`` for the incremental run.

    Derived plans keep their origin in ``source_plan``. Keys are handed out in shuffled
    order, so planted articles are linked both before and after their origins.
    """
    g = Generator(seed)
    rng = g.rng
    k = n / 1000
    n_copy, n_rw, n_den = round(COPIES_PER_K * k), round(REWRITES_PER_K * k), round(DENIALS_PER_K * k)
    n_base = n - n_copy - n_rw - n_den
    work = [g.base(affirm=i < n_den) for i in range(n_base)]
    plain = list(range(n_den, n_base))
    origins = rng.sample(plain, n_copy + n_rw + 2)
    derived = []
    for i, o in enumerate(origins[: n_copy + n_rw]):
        derived.append(g.copy(work[o]) if i < n_copy else g.rewrite(work[o]))
    derived += [g.denial(work[i]) for i in range(n_den)]
    stored = work + derived
    assert len(stored) == n
    # the incremental batch: new stories, then a copy, a rewrite and a denial of stored articles
    extra_plans = [g.base() for _ in range(extra - 3)]
    o1, o2 = origins[-2:]
    affirmer = rng.randrange(n_den) if n_den else 0
    extra_plans += [g.copy(work[o1]), g.rewrite(work[o2]), g.denial(work[affirmer])]
    order = list(range(n))
    rng.shuffle(order)
    for i, p in zip(order, stored, strict=True):
        p.key = f"a{i:05d}"
    for j, p in enumerate(extra_plans):
        p.key = f"x{j:03d}"
    return stored + extra_plans


# ---------------------------------------------------------------------- articles + extractions
def _edit(r: Rendered, old: str, new: str) -> Rendered:
    """Replace the first ``old`` outside the entity spans, shifting the offsets after it."""
    start = 0
    while True:
        i = r.text.find(old, start)
        if i < 0:
            return r
        if not any(a < i + len(old) and i < b for a, b, _ in r.spans):
            break
        start = i + 1
    d = len(new) - len(old)

    def sh(x: int) -> int:
        return x + d if x >= i + len(old) else x

    return Rendered(r.text[:i] + new + r.text[i + len(old):], [(sh(a), sh(b), v) for a, b, v in r.spans],
                    (r.content[0], sh(r.content[1]) if r.content[1] > i else r.content[1]), r.cue)


def build(plan: Plan, seed: int) -> tuple[Any, Any]:
    """Render one plan into an Article and its Extraction, offsets consistent with the text."""
    from claimgraph.models import Article, Claim, DateMention, EntityMention, Event, Extraction

    key = plan.key
    rng = random.Random(plan.reword_seed if plan.reword_seed is not None else f"{seed}:{key}")
    differ = plan.kind == "rewrite"
    parts: list[str] = []
    ents: list[EntityMention] = []
    dates: list[DateMention] = []
    claims: list[Claim] = []
    events: list[Event] = []
    pos = 0
    edits = list(plan.edits)
    n_edits = plan.n_edits
    for pi, para in enumerate(plan.paras):
        if pi:
            parts.append("\n\n")
            pos += 2
        for si, sp in enumerate(para):
            if si:
                parts.append(" ")
                pos += 1
            r = render_sentence(sp, rng, differ)
            for e in list(edits):  # a copy: a word or two changed, each once in the article
                if n_edits <= 0:
                    break
                r2 = _edit(r, *e)
                if r2 is not r:
                    r = r2
                    edits.remove(e)
                    n_edits -= 1
            text = r.text
            s0, s1 = pos, pos + len(text)
            c0, c1 = s0 + r.content[0], s0 + r.content[1]
            claim_ents: set[str] = set()
            trigger = None
            for a, b, v in r.spans:
                if v.kind in ("country", "place", "person"):
                    ents.append(EntityMention(key, s0 + a, s0 + b, text[a:b], v.canon or v.surface, v.kind,
                                              provisional=v.surface in EXTRA_PLACES))
                    if a >= r.content[0] and b <= r.content[1]:
                        claim_ents.add(v.canon or v.surface)
                elif v.kind == "date":
                    dates.append(DateMention(key, s0 + a, s0 + b, text[a:b], v.iso, "day"))
                elif v.kind == "trigger":
                    trigger = (a, b)
            source = sp.source[1] if sp.source else "author"
            stype = sp.source[2] if sp.source else "author"
            ev_ids = []
            if sp.event:
                eid = f"{key}:e{len(events) + 1}"
                ev_ids.append(eid)
                t0, t1 = trigger or (r.content[0], r.content[0])
                events.append(Event(key, eid, sp.event["type"], text[t0:t1], s0, s1, s0 + t0, s0 + t1,
                                    list(sp.event["actors"]), sp.event["weapon"], sp.event["location"],
                                    sp.event["date"], "day", False, sp.certainty, source))
            claims.append(Claim(key, f"{key}:c{len(claims) + 1}", c0, c1, text[r.content[0]:r.content[1]], source,
                                stype, sp.certainty, "negative" if sp.certainty == "denied" else "positive",
                                s0, s1, r.cue, sorted(claim_ents), ev_ids))
            parts.append(text)
            pos = s1
    if plan.footer:
        parts.append("\n\n" + plan.footer)
    body = "".join(parts) + "\n"
    art = Article(key=key, text=body, title=plan.title, url=f"https://news.example/{key}", outlet=plan.outlet,
                  published=plan.published, language="en", origin=f"generated:{key}", raw=body, status="ok")
    ex = Extraction(key, 1, entities=ents, dates=dates, claims=claims, events=events)
    for c in claims:
        assert body[c.start:c.end] == c.text and c.sentence_start <= c.start <= c.end <= c.sentence_end, c
    for m in ents:
        assert body[m.start:m.end] == m.text, m
    for ev in events:
        assert body[ev.trigger_start:ev.trigger_end] == ev.trigger, ev
    return art, ex


def truth(plans: list[Plan]) -> dict[str, Any]:
    """The answer key: each article's generated story, the planted pairs, affirmed transfers."""
    story = {p.key: p.story for p in plans}
    copies: list[list[str]] = []
    rewrites: list[list[str]] = []
    contra: list[list[str]] = []
    for p in plans:
        o = p.source_plan
        if o is None:
            continue
        if p.kind in ("copy", "rewrite"):
            story[p.key] = o.story
            (copies if p.kind == "copy" else rewrites).append([p.key, o.key])
        elif p.kind == "denial":
            contra.append([p.key, o.key])
    return {
        "story": story, "copies": copies, "rewrites": rewrites, "contradictions": contra,
        "transfer": {p.key: list(p.transfer) for p in plans if p.transfer},
        "denial_parties": {p.key: [p.facts.a, p.facts.b] for p in plans if p.kind == "denial" and p.facts},
    }


def generate(n: int, extra: int = EXTRA, seed: int = SEED) -> tuple[list[tuple[Any, Any]], list[tuple[Any, Any]],
                                                                   dict[str, Any]]:
    """(the n stored articles with extractions, the ``extra`` ones, the answer key)."""
    plans = plan_corpus(n, extra, seed)
    built = [build(p, seed) for p in plans]
    return built[:n], built[n:], truth(plans)


# ====================================================================== workers (one process each)
def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def worker_generate(n: int, folder: Path) -> dict[str, Any]:
    """Write the n-article store, the extra articles and the answer key into ``folder`` (not timed)."""
    from claimgraph.link.features import minhash, split_sentences
    from claimgraph.store import open_store

    t0 = time.perf_counter()
    stored, extra, key = generate(n)
    t1 = time.perf_counter()
    store = open_store(folder / "store.duckdb")
    with store.transaction():
        store.put_articles([a for a, _ in stored])
        store.put_extractions([ex for _, ex in stored])
    store.close()
    (folder / "extra.pkl").write_bytes(pickle.dumps(extra))
    (folder / "truth.json").write_text(json.dumps(key))
    texts = sum(len(split_sentences(a.text)) + len(x.claims) + len(x.events) for a, x in stored)
    text_of = {a.key: a.text for a, _ in stored}
    jac = {what: [minhash(text_of[k]).jaccard(minhash(text_of[o])) for k, o in key[what] if k in text_of]
           for what in ("copies", "rewrites")}
    return {
        "n": n, "generate_s": t1 - t0, "store_s": time.perf_counter() - t1,
        "chars": sum(len(a.text) for a, _ in stored), "claims": sum(len(x.claims) for _, x in stored),
        "events": sum(len(x.events) for _, x in stored), "texts_per_article": texts / n,
        "copies": len(key["copies"]), "rewrites": len(key["rewrites"]), "denials": len(key["contradictions"]),
        "store_mb": (folder / "store.duckdb").stat().st_size / 2**20,
        "jaccard": {w: (min(v), sum(v) / len(v), max(v)) if v else None for w, v in jac.items()},
    }


def evaluate(store: Any, key: dict[str, Any], only: set[str] | None = None) -> dict[str, Any]:
    """Recall of the planted pairs and links between different generated stories.

    ``only``: score only planted articles in this set (the incremental batch).
    """
    from claimgraph.link.pipeline import stored_links

    con = store.con
    story_of = {k: s for k, s, _ in con.execute("SELECT article_key, story, role FROM link_stories").fetchall()}
    edges = {frozenset((a, b)): kind for a, b, kind in con.execute("SELECT a, b, kind FROM link_edges").fetchall()}
    _, pairs = stored_links(store)
    pairset = {frozenset(p) for p in pairs}
    out: dict[str, Any] = {}
    stored = set(story_of)  # the extra articles are planted too, but not in the store before the incremental run
    for what, kind in (("copies", "copy"), ("rewrites", "rewrite")):
        planted = [(k, o) for k, o in key[what] if k in stored and (only is None or k in only)]
        same = [story_of.get(k) is not None and story_of.get(k) == story_of.get(o) for k, o in planted]
        direct = [edges.get(frozenset((k, o))) == kind for k, o in planted]
        out[what] = {"planted": len(planted), "same_story": sum(same), "direct_edge": sum(direct)}
    planted_c = [(d, a) for d, a in key["contradictions"] if d in stored and (only is None or d in only)]
    out["contradictions"] = {"planted": len(planted_c),
                             "found": sum(frozenset(p) in pairset for p in planted_c)}
    if only is not None:
        return out
    truth_story = key["story"]
    denial_of = {d: a for d, a in key["contradictions"]}
    allowed = {frozenset(p) for p in key["contradictions"]}
    false_edges: dict[str, int] = {}
    for pair, kind in edges.items():
        a, b = tuple(pair)
        if truth_story[a] != truth_story[b] and pair not in allowed:
            false_edges[kind] = false_edges.get(kind, 0) + 1
    members: dict[str, set[int]] = {}
    for k, s in story_of.items():  # a denial belongs with the report it denies
        members.setdefault(s, set()).add(truth_story[denial_of.get(k, k)])
    kinds: dict[frozenset[str], set[str]] = {}
    for a, b, kind in con.execute(
        "SELECT key_a, key_b, kind FROM link_unit_pairs WHERE kind LIKE 'contra:%'"
    ).fetchall():
        kinds.setdefault(frozenset((a, b)), set()).add(kind)
    consistent = unexpected = 0
    unexpected_kinds: dict[str, int] = {}
    for pair in pairset - {frozenset(p) for p in key["contradictions"]}:
        den = next((x for x in pair if x in denial_of), None)
        other = next((x for x in pair if x != den), None)
        if den and other and key["transfer"].get(other) == key["denial_parties"][den]:
            consistent += 1  # the same supplier and receiver affirmed in another article: a true conflict too
            continue
        unexpected += 1
        for kd in kinds.get(pair, {"?"}):
            unexpected_kinds[kd] = unexpected_kinds.get(kd, 0) + 1
    same_total: dict[str, int] = {}
    same_cross: dict[str, int] = {}
    for a, b, kind in con.execute(
        "SELECT key_a, key_b, unit_kind FROM link_unit_pairs WHERE kind = 'same'"
    ).fetchall():
        same_total[kind] = same_total.get(kind, 0) + 1
        if truth_story[denial_of.get(a, a)] != truth_story[denial_of.get(b, b)]:
            same_cross[kind] = same_cross.get(kind, 0) + 1
    out["same_edges"] = same_total
    out["same_edges_cross"] = same_cross
    out["false_edges"] = false_edges
    out["stories"] = len(members)
    out["merged_stories"] = sum(1 for m in members.values() if len(m) > 1)
    out["contradiction_pairs"] = len(pairset)
    out["contra_consistent"] = consistent
    out["contra_unexpected"] = unexpected
    out["contra_unexpected_kinds"] = unexpected_kinds
    return out


class TimedConnection:
    """Wraps a DuckDB connection to time each statement: cProfile does not see inside DuckDB's calls."""

    def __init__(self, con: Any) -> None:
        self._con = con
        self.stats: dict[str, list[float]] = {}

    def _timed(self, kind: str, sql: str, rows: int, call: Any) -> Any:
        label = re.sub(r"\?(?:\s*,\s*\?)+", "?,..", re.sub(r"\s+", " ", sql).strip())[:100]
        t = time.perf_counter()
        out = call()
        st = self.stats.setdefault(f"{kind} {label}", [0, 0.0, 0])
        st[0] += 1
        st[1] += time.perf_counter() - t
        st[2] += rows
        return out

    def execute(self, sql: str, params: Any = None) -> Any:
        return self._timed("execute", sql, 0, lambda: self._con.execute(sql, params) if params is not None
                           else self._con.execute(sql))

    def executemany(self, sql: str, params: Any) -> Any:
        return self._timed("executemany", sql, len(params), lambda: self._con.executemany(sql, params))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)

    def lines(self, top: int = 12) -> list[str]:
        total = sum(v[1] for v in self.stats.values())
        out = [f"DuckDB statements by time ({total:.2f}s in all; seconds, calls, rows passed to executemany):"]
        for label, (n, t, rows) in sorted(self.stats.items(), key=lambda kv: -kv[1][1])[:top]:
            out.append(f"{t:9.2f}s {int(n):7d} {int(rows):8d}  {label}")
        return out


def worker_link(folder: Path, profile: bool = False) -> dict[str, Any]:
    """Link the store from scratch: wall and CPU time, peak RSS, then the recall figures."""
    from claimgraph.link.features import HashingEmbedder
    from claimgraph.link.pipeline import link_store
    from claimgraph.store import open_store

    store = open_store(folder / "store.duckdb")
    emb = HashingEmbedder()
    rss0 = _rss_mb()
    prof = None
    timed = None
    if profile:
        import cProfile

        timed = TimedConnection(store.con)
        store.con = timed  # type: ignore[assignment]
        prof = cProfile.Profile()
        prof.enable()
    w0, c0 = time.perf_counter(), _cpu()
    rep = link_store(store, embedder=emb)
    wall, cpu = time.perf_counter() - w0, _cpu() - c0
    if prof is not None:
        prof.disable()
    peak = _peak_mb()
    out: dict[str, Any] = {"wall": wall, "cpu": cpu, "rss_before_mb": rss0, "peak_mb": peak,
                           "report": rep.line(), "stories_n": rep.stories, "rewrites_n": rep.rewrites,
                           "clusters": rep.claim_clusters, "contradictions_n": rep.contradictions}
    if prof is not None and timed is not None:
        out["hotspots"] = hotspots(prof) + [""] + timed.lines()
        store.con = timed._con
    out["eval"] = evaluate(store, json.loads((folder / "truth.json").read_text()))
    store.close()
    return out


def worker_incremental(folder: Path, profile: bool = False, path: str = "store.duckdb") -> dict[str, Any]:
    """Add the extra articles to the linked store and link them, in a fresh process as the CLI would.

    With ``profile`` the run is profiled (cProfile and per-statement DuckDB times) and not scored.
    """
    from claimgraph.link.features import HashingEmbedder
    from claimgraph.link.pipeline import link_store
    from claimgraph.store import open_store

    extra = pickle.loads((folder / "extra.pkl").read_bytes())  # noqa: S301 - written by this benchmark
    store = open_store(folder / path)
    with store.transaction():
        store.put_articles([a for a, _ in extra])
        for _, ex in extra:
            store.put_extraction(ex)
    if profile:
        import cProfile

        timed = TimedConnection(store.con)
        store.con = timed  # type: ignore[assignment]
        prof = cProfile.Profile()
        w0 = time.perf_counter()
        prof.enable()
        rep = link_store(store, embedder=HashingEmbedder())
        prof.disable()
        wall = time.perf_counter() - w0
        store.con = timed._con
        store.close()
        return {"wall": wall, "report": rep.line(), "hotspots": hotspots(prof, top=15) + [""] + timed.lines(10)}
    w0, c0 = time.perf_counter(), _cpu()
    rep = link_store(store, embedder=HashingEmbedder())
    wall, cpu = time.perf_counter() - w0, _cpu() - c0
    key = json.loads((folder / "truth.json").read_text())
    out = {"wall": wall, "cpu": cpu, "linked": rep.linked, "report": rep.line(), "peak_mb": _peak_mb(),
           "eval": evaluate(store, key, only={a.key for a, _ in extra})}
    store.close()
    return out


def worker_minilm(n_sentences: int) -> dict[str, Any]:
    """Encode throughput of MiniLM (and of the hashing embedder) on generated sentences."""
    from claimgraph.link.features import HashingEmbedder, MiniLMEmbedder, split_sentences

    stored, _, _ = generate(200, extra=EXTRA, seed=SEED + 1)
    sents = [a.text[s:e] for a, _ in stored for s, e in split_sentences(a.text)][:n_sentences]
    out: dict[str, Any] = {"sentences": len(sents)}
    h = HashingEmbedder()
    w0 = time.perf_counter()
    h.encode(sents)
    out["hashing_per_s"] = len(sents) / (time.perf_counter() - w0)
    m = MiniLMEmbedder()
    try:
        m.encode(sents[:32])  # load and warm up
    except Exception as exc:  # not installed: report it instead of failing the benchmark
        out["error"] = f"{type(exc).__name__}: {exc}"
        return out
    w0, c0 = time.perf_counter(), _cpu()
    m.encode(sents)
    wall, cpu = time.perf_counter() - w0, _cpu() - c0
    out.update(minilm_wall=wall, minilm_cpu=cpu, minilm_per_s=len(sents) / wall)
    try:
        import torch

        out["torch_threads"] = torch.get_num_threads()
    except ImportError:
        pass
    return out


def hotspots(prof: Any, top: int = 25) -> list[str]:
    """The costliest calls: claimgraph functions by cumulative time, everything by own time."""
    import io
    import pstats

    stats = pstats.Stats(prof, stream=io.StringIO())
    rows = []
    for (path, line, func), (_cc, nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append((ct, tt, nc, path, line, func))

    def name(path: str, line: int, func: str) -> str:
        if Path(path).resolve() == Path(__file__).resolve():
            return "DuckDB calls (by statement below)"
        if "claimgraph" in path:
            return f"{Path(path).parent.name}/{Path(path).name}:{line} {func}"
        if path == "~":
            return func
        return f"{Path(path).name}:{line} {func}"

    out = ["claimgraph functions by cumulative time (cumulative, own, calls):"]
    for ct, tt, nc, path, line, func in sorted((r for r in rows if "claimgraph" in r[3]), reverse=True)[:top]:
        out.append(f"{ct:9.2f}s {tt:8.2f}s {nc:9d}  {name(path, line, func)}")
    out.append("")
    out.append("all functions by own time (own, cumulative, calls):")
    for ct, tt, nc, path, line, func in sorted(rows, key=lambda r: -r[1])[:15]:
        out.append(f"{tt:9.2f}s {ct:8.2f}s {nc:9d}  {name(path, line, func)}")
    return out


# ====================================================================== driver
def run_worker(args: list[str], timeout: float | None = None) -> dict[str, Any]:
    """Run this file as a worker in a fresh process; its last stdout line is a JSON result."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", *args],
                          capture_output=True, text=True, env=env, timeout=timeout, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"worker {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _commit() -> str:
    """The checked-out commit, marked when the working tree differs from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              check=True, cwd=Path(__file__).parent).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], capture_output=True, text=True,
                               check=True, cwd=Path(__file__).parent).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""
    return head + (" with uncommitted changes under src/" if dirty else "")


def measure(sizes: list[int], profile_size: int | None, minilm: int, log: Any) -> dict[str, Any]:
    results: dict[str, Any] = {"sizes": {}, "started": datetime.now().strftime("%Y-%m-%d %H:%M"),
                               "commit": _commit()}
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"cg-link-{n}-") as tmp:
            d = Path(tmp)
            gen = run_worker(["generate", "-n", str(n), "--dir", tmp])
            log(f"{n:6d} articles generated in {gen['generate_s']:.1f}s, stored in {gen['store_s']:.1f}s "
                f"({gen['claims']} claims, {gen['events']} events)")
            full = run_worker(["link", "--dir", tmp])
            log(f"{n:6d} full link   {full['wall']:8.2f}s wall {full['cpu']:8.2f}s cpu  peak RSS "
                f"{full['peak_mb']:.0f} MB   {full['report']}")
            if n == max(sizes) and profile_size:
                shutil.copyfile(d / "store.duckdb", d / "store-profile.duckdb")
            inc = run_worker(["incremental", "--dir", tmp])
            log(f"{n:6d} +{EXTRA} articles {inc['wall']:6.2f}s wall {inc['cpu']:6.2f}s cpu  "
                f"({inc['wall'] / full['wall']:.4f} of the full link)")
            gen["store_mb_linked"] = (d / "store.duckdb").stat().st_size / 2**20
            results["sizes"][str(n)] = {"gen": gen, "full": full, "inc": inc}
            if n == max(sizes) and profile_size:
                prof = run_worker(["incremental", "--dir", tmp, "--prof", "--path", "store-profile.duckdb"])
                results["profile_incremental"] = {"n": n, "wall": prof["wall"], "lines": prof["hotspots"]}
                log("\n".join(prof["hotspots"]))
        if n == profile_size:
            with tempfile.TemporaryDirectory(prefix=f"cg-link-prof-{n}-") as tmp:
                run_worker(["generate", "-n", str(n), "--dir", tmp])
                prof = run_worker(["link", "--dir", tmp, "--prof"])
                results["profile"] = {"n": n, "wall": prof["wall"], "lines": prof["hotspots"]}
                log("\n".join(prof["hotspots"]))
    if minilm:
        results["minilm"] = run_worker(["minilm", "-n", str(minilm)])
        log(f"MiniLM: {json.dumps(results['minilm'])}")
    results["load"] = os.getloadavg()[0]
    return results


def ratios(results: dict[str, Any]) -> dict[str, Any]:
    sizes = sorted(int(n) for n in results["sizes"])
    r = results["sizes"]
    doubling = []
    for a, b in zip(sizes, sizes[1:], strict=False):
        fa, fb = r[str(a)]["full"], r[str(b)]["full"]
        doubling.append({"from": a, "to": b, "size_ratio": b / a, "wall": fb["wall"] / fa["wall"],
                         "cpu": fb["cpu"] / fa["cpu"]})
    big = r[str(sizes[-1])]
    return {
        "doubling": doubling,
        "doubling_ok": all(d["wall"] <= GOAL_DOUBLING for d in doubling if abs(d["size_ratio"] - 2) < 1e-9),
        "incremental": big["inc"]["wall"] / big["full"]["wall"],
        "incremental_cpu": big["inc"]["cpu"] / big["full"]["cpu"],
        "largest": sizes[-1],
    }


def _pack_places() -> list[str]:
    from claimgraph.nlp.pipeline import gazetteer

    return [e.name for e in gazetteer().entities.values() if e.type == "place"]


def machine() -> str:
    return (f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {platform.machine()}, "
            f"Python {platform.python_version()}")


def _pct(found: int, total: int) -> str:
    return f"{found}/{total}" + (f" ({100 * found / total:.0f}%)" if total else "")


def section(results: dict[str, Any], command: str) -> str:
    rt = ratios(results)
    sizes = sorted(int(n) for n in results["sizes"])
    r = results["sizes"]
    try:
        import datasketch
        import duckdb
        import faiss

        versions = f"duckdb {duckdb.__version__}, faiss {faiss.__version__}, datasketch {datasketch.__version__}"
    except ImportError:
        versions = ""
    js = r[str(sizes[-1])]["gen"].get("jaccard") or {}
    jac = {w: (f"{v[0]:.2f}-{v[2]:.2f}, mean {v[1]:.2f}" if v else "n/a") for w, v in
           ((w, js.get(w)) for w in ("copies", "rewrites"))}
    n_places = len(EXTRA_PLACES) + sum(1 for _ in _pack_places())
    lines = [
        "## Link",
        "",
        f"`{command}`, run {results['started']}{' on commit ' + results['commit'] if results.get('commit') else ''} "
        f"on {machine()}; {versions}; load average {results['load']:.1f} "
        "at the end.",
        "",
        f"Generated corpora (seeded): distinct stories about random pairs of {len(COUNTRIES)} pack countries "
        f"(transfers, strikes, tests, meetings, sanctions, deployments, agreements; {len(WEAPONS)} weapon types, "
        f"{n_places} places, invented ships, firms and units, dates over 2022-2024, sentence templates with "
        f"synonyms), plus per 1,000 articles {COPIES_PER_K} near-verbatim copies (a word or two changed, a footer "
        f"line added; MinHash Jaccard to the origin {jac['copies']}), {REWRITES_PER_K} rewrites (about half the "
        "synonyms changed, the attribution moved to the other end of each sentence, sentences reordered; Jaccard "
        f"{jac['rewrites']}) and {DENIALS_PER_K} denials (\"X denied supplying any weapons to Y\", certainty "
        "`denied`, source X, in an article of its own) of an article that affirms \"X supplied Y with ...\". "
        "Extraction records (claims, events, entities, dates) are "
        "written directly with the text, not by spaCy. Generating and storing is not timed.",
        "",
        "Linking uses `HashingEmbedder` (word-hashing vectors), not MiniLM: MiniLM is far too slow for 15k "
        "articles on 2 cores (see the last paragraph for what it would add). Each figure is a fresh process: "
        "`link_store` from scratch on the stored corpus; peak RSS is the process's `ru_maxrss` (it includes "
        "the interpreter, DuckDB and faiss; RSS before the call is shown for reference). Then 10 more articles "
        "(7 new stories, a copy, a rewrite and a denial of stored articles) are stored and linked by "
        "`link_store` in another fresh process (loading the persisted indexes is part of the time).",
        "",
        "| articles | claims | link wall s | link CPU s | time ratio to the half-size store (wall / CPU) "
        "| peak RSS | RSS before | +10 articles wall s | +10 / full |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    prev = None
    for n in sizes:
        g, f, inc = r[str(n)]["gen"], r[str(n)]["full"], r[str(n)]["inc"]
        ratio = "" if prev is None else f"{f['wall'] / prev['wall']:.2f} / {f['cpu'] / prev['cpu']:.2f}"
        lines.append(f"| {n:,} | {g['claims']:,} | {f['wall']:.1f} | {f['cpu']:.1f} | {ratio} | "
                     f"{f['peak_mb']:.0f} MB | {f['rss_before_mb']:.0f} MB | {inc['wall']:.2f} | "
                     f"{inc['wall'] / f['wall']:.4f} |")
        prev = f
    dbl = ", ".join(f"{d['wall']:.2f}" for d in rt["doubling"])
    worst = max((d["wall"] for d in rt["doubling"]), default=0.0)
    verdict = ("n/a (one size)" if not rt["doubling"] else
               f"**{'meets' if rt['doubling_ok'] else 'misses'}** (worst {worst:.2f})")
    lines += [
        "",
        f"Time per doubling (wall): {dbl or '-'}; goal <= {GOAL_DOUBLING}: {verdict}. "
        f"Adding {EXTRA} articles to the {rt['largest']:,}-article store: **{rt['incremental']:.4f}** of the "
        f"full link time ({rt['incremental_cpu']:.4f} on CPU time); goal < {GOAL_INCREMENTAL}: "
        f"**{'meets' if rt['incremental'] < GOAL_INCREMENTAL else 'misses'}**.",
    ]
    if len(sizes) > 1:
        first, last = r[str(sizes[0])], r[str(sizes[-1])]
        lines += [
            "",
            f"The +{EXTRA} run is not constant in the store's size: it takes {first['inc']['wall']:.1f}s at "
            f"{sizes[0]:,} articles and {last['inc']['wall']:.1f}s at {sizes[-1]:,} "
            f"({last['inc']['wall'] / first['inc']['wall']:.1f}x for {sizes[-1] / sizes[0]:.0f}x the articles; "
            f"the full link grows {last['full']['wall'] / first['full']['wall']:.1f}x): it loads the saved vector "
            "indexes, whose size follows the store's, so its share of the full link is not bounded by design. "
            f"The full links of this run took {sum(r[str(n)]['full']['wall'] for n in sizes):,.0f}s in all.",
        ]
    lines += [
        "",
        "What linking found (a planted copy or rewrite counts when it is in the same story as its origin; a "
        "denial when the pair is among `stored_links`' contradicting pairs):",
        "",
        "| articles | copies | rewrites | contradictions | +10: copy, rewrite, denial | stories | links between "
        "different generated stories | stories merging generated stories | other contradiction pairs: same "
        "supplier and receiver / unexpected | 'same' claim edges across generated stories |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- | ---: |",
    ]
    for n in sizes:
        e, ie = r[str(n)]["full"]["eval"], r[str(n)]["inc"]["eval"]
        inc_found = (f"{ie['copies']['same_story']}/{ie['copies']['planted']}, "
                     f"{ie['rewrites']['same_story']}/{ie['rewrites']['planted']}, "
                     f"{ie['contradictions']['found']}/{ie['contradictions']['planted']}")
        fe = ", ".join(f"{v} {k}" for k, v in sorted(e["false_edges"].items())) or "0"
        uk = ", ".join(f"{v} {k}" for k, v in sorted(e["contra_unexpected_kinds"].items()))
        lines.append(
            f"| {n:,} | {_pct(e['copies']['same_story'], e['copies']['planted'])} "
            f"| {_pct(e['rewrites']['same_story'], e['rewrites']['planted'])} "
            f"| {_pct(e['contradictions']['found'], e['contradictions']['planted'])} | {inc_found} "
            f"| {e['stories']:,} | {fe} | {e['merged_stories']} | {e['contra_consistent']} / "
            f"{e['contra_unexpected']}{' (' + uk + ')' if uk else ''} "
            f"| {_pct(e['same_edges_cross'].get('claim', 0), e['same_edges'].get('claim', 0))} |")
    m = results.get("minilm")
    if m:
        big = r[str(sizes[-1])]
        per_article = big["gen"]["texts_per_article"]
        if "minilm_per_s" in m:
            add = per_article / m["minilm_per_s"]
            lines += [
                "",
                f"MiniLM (`MiniLMEmbedder().encode`, same run, {m['sentences']} generated sentences, "
                f"{m.get('torch_threads', '?')} torch threads): **{m['minilm_per_s']:.0f} sentences/s** "
                f"({m['minilm_cpu']:.1f} CPU s for {m['minilm_wall']:.1f} s wall); the hashing embedder does "
                f"{m['hashing_per_s']:,.0f}/s. Linking embeds each article's sentences, claims and events "
                f"({per_article:.1f} texts per generated article), so MiniLM would add about "
                f"{add * 1000:.0f} ms per article, linearly: {add * 1000:.0f} s per 1,000 articles, "
                f"{add * sizes[-1]:.0f} s for {sizes[-1]:,} and {add * EXTRA:.1f} s for {EXTRA} added articles. "
                "It does not change the doubling ratios' shape (it is linear) but it would dominate the time "
                "of the sizes measured here.",
            ]
        else:
            lines += ["", f"MiniLM could not be measured: {m.get('error')}."]
    prof = results.get("profile")
    if prof:
        lines += ["", f"Hotspots (cProfile of the full link of {prof['n']:,} articles, {prof['wall']:.1f}s "
                      "under the profiler):", "", "```", *prof["lines"], "```"]
    prof = results.get("profile_incremental")
    if prof:
        lines += ["", f"Hotspots of adding {EXTRA} articles to the {prof['n']:,}-article store (cProfile, "
                      f"{prof['wall']:.1f}s under the profiler, on a copy of the linked store):", "", "```",
                  *prof["lines"], "```"]
    return "\n".join(lines) + "\n"


def write_section(body: str, path: Path = BENCHMARKS_MD) -> None:
    replace_section(path, "## Link", body)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--sizes", help="comma-separated store sizes (default 1000,2000,4000,8000)")
    ap.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES[0]} and {QUICK_SIZES[1]}")
    ap.add_argument("--write", action="store_true", help="write the '## Link' section of BENCHMARKS.md")
    ap.add_argument("--profile", type=int, metavar="N", help="also profile the full link of N articles")
    ap.add_argument("--minilm", type=int, default=500, metavar="N",
                    help="sentences for the MiniLM throughput figure (0: skip)")
    ap.add_argument("--json", type=Path, help="also save the raw results here")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("-n", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--prof", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--path", default="store.duckdb", help=argparse.SUPPRESS)
    ap.add_argument("--from-json", type=Path, help="write the section from results saved by --json; no run")
    args = ap.parse_args(argv)

    if args.worker:
        if args.worker == "generate":
            out = worker_generate(args.n, args.dir)
        elif args.worker == "link":
            out = worker_link(args.dir, profile=args.prof)
        elif args.worker == "incremental":
            out = worker_incremental(args.dir, profile=args.prof, path=args.path)
        elif args.worker == "minilm":
            out = worker_minilm(args.n)
        else:
            raise SystemExit(f"unknown worker {args.worker}")
        print(json.dumps(out))
        return 0

    sizes = list(QUICK_SIZES) if args.quick else [int(x) for x in args.sizes.split(",")] if args.sizes else list(SIZES)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    if args.from_json:
        results = json.loads(args.from_json.read_text())
    else:
        results = measure(sizes, args.profile, args.minilm, log)
        results["command"] = "python " + " ".join(["benchmarks/link.py", *(argv if argv is not None else sys.argv[1:])])
        if args.json:
            args.json.write_text(json.dumps(results, indent=1))
    body = section(results, results["command"])
    print(body)
    if args.write:
        write_section(body)
        log(f"wrote the Link section of {BENCHMARKS_MD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
