"""Attribution: who makes each claim, resolved to the pack's canonical names.

The articles are invented for these tests: a fictional rail shipment from North Korea to
Russia, the denials that followed, and what officials and analysts said about it.
"""

from __future__ import annotations

import pytest

from claimgraph.models import Extraction
from extract_helpers import claims_in, one_claim, run

SHIPMENT = """\
Port workers in Rajin described unusual activity on the quay in the last week of February.

The Kremlin said on Monday that the Angara had carried only building materials and grain.

Pyongyang denied that it had shipped rockets or shells to Russia.

According to the Pentagon, at least 40 rail cars loaded with crates crossed into Russia in February.

John Kirby told reporters that North Korea had sent ballistic missiles and launchers to Russia.

The spokesperson said the launchers were moved by rail to a depot near Bryansk.

Dmitry Peskov claimed that the cargo was humanitarian aid for the Primorsky region.

He said the rail cars carried fertiliser and tractor parts for Russian farms.

Russia and North Korea have denied any exchange of weapons between the two countries.

Analysts said the crates matched the size of North Korean 152mm artillery rounds.

A Ukrainian official claimed that North Korean missiles struck Kharkiv last week.

White House officials revealed that the cargo was loaded at the port of Rajin under floodlights.

North Korea remains under a United Nations arms embargo that bars all weapons exports.
"""


@pytest.fixture(scope="module")
def shipment() -> Extraction:
    return run(SHIPMENT, key="shipment")


# ------------------------------------------------------------------ named sources


@pytest.mark.parametrize(
    ("sentence", "source", "source_type", "cue", "content"),
    [
        # a metonym resolves to its state; a state speaks through officials
        ("The Kremlin said on Monday", "Russia", "official", "said", "the Angara had carried only building materials"),
        ("Pyongyang denied that it had shipped", "North Korea", "official", "denied", "shipped rockets or shells"),
        # "according to" names the source after the cue; a government body is an organisation
        ("According to the Pentagon", "Pentagon", "organization", "according to", "40 rail cars"),
        ("John Kirby told reporters", "John Kirby", "official", "told", "North Korea had sent ballistic missiles"),
        ("Dmitry Peskov claimed that", "Dmitry Peskov", "official", "claimed", "humanitarian aid"),
    ],
)
def test_named_source_is_the_pack_canonical_name(
    shipment: Extraction, sentence: str, source: str, source_type: str, cue: str, content: str
) -> None:
    para = next(p for p in SHIPMENT.split("\n\n") if p.startswith(sentence))
    c = one_claim(shipment, SHIPMENT, para)
    assert c.source == source
    assert c.source_type == source_type
    assert c.cue is not None and c.cue.lower() == cue
    assert content in c.text


def test_named_source_offsets_point_at_the_source(shipment: Extraction) -> None:
    """The attribution records where the source and the cue sit in the text."""
    kremlin = next(a for a in shipment.attributions if a.source == "Russia" and a.cue == "said")
    assert kremlin.source_start is not None and kremlin.source_end is not None
    assert SHIPMENT[kremlin.source_start : kremlin.source_end] == "Kremlin"
    assert kremlin.cue_start is not None and kremlin.cue_end is not None
    assert SHIPMENT[kremlin.cue_start : kremlin.cue_end] == "said"
    kirby = next(a for a in shipment.attributions if a.source == "John Kirby" and a.cue == "told")
    assert SHIPMENT[kirby.source_start : kirby.source_end] == "John Kirby"  # type: ignore[misc]


def test_revealed_is_a_reporting_cue(shipment: Extraction) -> None:
    para = "White House officials revealed that the cargo was loaded at the port of Rajin under floodlights."
    c = one_claim(shipment, SHIPMENT, para)
    assert c.cue == "revealed"
    assert c.certainty == "reported"
    assert "loaded at the port of Rajin" in c.text


# ------------------------------------------------------------------ coreference


def test_the_spokesperson_is_the_last_named_person(shipment: Extraction) -> None:
    c = one_claim(shipment, SHIPMENT, "The spokesperson said the launchers were moved by rail to a depot near Bryansk.")
    assert c.source == "John Kirby"
    assert c.source_type == "official"
    assert c.text == "the launchers were moved by rail to a depot near Bryansk"


def test_he_is_the_last_named_person(shipment: Extraction) -> None:
    c = one_claim(shipment, SHIPMENT, "He said the rail cars carried fertiliser and tractor parts for Russian farms.")
    assert c.source == "Dmitry Peskov"
    assert c.source_type == "official"


def test_pronoun_follows_the_latest_speaker_not_the_first() -> None:
    text = (
        "John Kirby said North Korea had delivered a new batch of missiles to Russia.\n\n"
        "Dmitry Peskov rejected the accusation at his daily briefing in Moscow.\n\n"
        "He said Russia respected every United Nations resolution on North Korea.\n"
    )
    ex = run(text)
    c = one_claim(ex, text, "He said Russia respected every United Nations resolution on North Korea.")
    assert c.source == "Dmitry Peskov"


def test_pronoun_context_does_not_leak_between_articles(shipment: Extraction) -> None:
    """The speaker of one article is not the "he" of the next one."""
    text = "He said North Korea had sent engineers to a Russian drone factory in Tatarstan.\n"
    ex = run(text, key="other")
    assert ex.claims, "the sentence still carries a claim"
    assert all(c.source not in {"John Kirby", "Dmitry Peskov"} for c in ex.claims)
    assert all(c.source.lower() != "he" for c in ex.claims)


# ------------------------------------------------------------------ several sources


def test_coordinated_denial_gives_one_claim_per_party(shipment: Extraction) -> None:
    para = "Russia and North Korea have denied any exchange of weapons between the two countries."
    found = claims_in(shipment, SHIPMENT, para)
    assert sorted(c.source for c in found) == ["North Korea", "Russia"]
    for c in found:
        assert c.certainty == "denied"
        assert c.polarity == "negative"
        assert c.source_type == "official"
        assert "exchange of weapons" in c.text
    assert len({c.id for c in found}) == 2


def test_three_coordinated_parties() -> None:
    text = "Russia, North Korea and Iran have all denied trading drones or missiles with each other.\n"
    ex = run(text)
    found = claims_in(ex, text, text.strip())
    assert sorted(c.source for c in found) == ["Iran", "North Korea", "Russia"]
    assert {c.certainty for c in found} == {"denied"}


# ------------------------------------------------------------------ descriptor sources


@pytest.mark.parametrize(
    ("para", "source_word", "source_type"),
    [
        ("Analysts said the crates matched the size of North Korean 152mm artillery rounds.", "analysts", "expert"),
        ("A Ukrainian official claimed that North Korean missiles struck Kharkiv last week.", "ukrainian official",
         "official"),
        ("White House officials revealed that the cargo was loaded at the port of Rajin under floodlights.",
         "white house officials", "official"),
    ],
)
def test_descriptor_sources_keep_their_words_and_type(
    shipment: Extraction, para: str, source_word: str, source_type: str
) -> None:
    c = one_claim(shipment, SHIPMENT, para)
    assert source_word in c.source.lower()
    assert c.source_type == source_type


def test_descriptor_source_never_takes_the_previous_speaker(shipment: Extraction) -> None:
    """"Analysts" after Peskov's statements is a new source, not Peskov."""
    para = "Analysts said the crates matched the size of North Korean 152mm artillery rounds."
    c = one_claim(shipment, SHIPMENT, para)
    assert c.source not in {"Dmitry Peskov", "Russia", "North Korea"}


@pytest.mark.parametrize(
    ("sentence", "source_type"),
    [
        ("Researchers at a Seoul institute said the shells were made in the 1980s.", "expert"),
        ("Experts believe North Korea is short of the chips needed for guidance systems.", "expert"),
        ("Russian diplomats said the visit to Pyongyang would go ahead in April.", "official"),
        ("Several sources said North Korean engineers had arrived in Vladivostok by ferry.", "anonymous"),
    ],
)
def test_descriptor_source_types(sentence: str, source_type: str) -> None:
    ex = run(sentence + "\n")
    c = one_claim(ex, sentence, sentence)
    assert c.source != "author"
    assert c.source_type == source_type


# ------------------------------------------------------------------ the author's own voice


def test_author_voice(shipment: Extraction) -> None:
    para = "North Korea remains under a United Nations arms embargo that bars all weapons exports."
    c = one_claim(shipment, SHIPMENT, para)
    assert c.source == "author"
    assert c.source_type == "author"
    assert c.cue is None
    assert c.certainty == "asserted"
    assert "North Korea" in c.entities


def test_attributed_claims_do_not_leak_into_author_voice(shipment: Extraction) -> None:
    """No sentence with a reporting cue and a resolvable source ends up as the author's claim."""
    for para in SHIPMENT.split("\n\n"):
        if any(cue in para for cue in (" said", " denied", "According to", " told", " claimed", " revealed")):
            for c in claims_in(shipment, SHIPMENT, para.strip()):
                assert c.source != "author", c


def test_claim_mentions_link_to_entities(shipment: Extraction) -> None:
    c = one_claim(shipment, SHIPMENT, "John Kirby told reporters that North Korea had sent ballistic missiles and "
                                      "launchers to Russia.")
    assert {"North Korea", "Russia"} <= set(c.entities)


def test_claims_have_unique_ids_and_sentence_spans(shipment: Extraction) -> None:
    assert len({c.id for c in shipment.claims}) == len(shipment.claims)
    for c in shipment.claims:
        assert c.id.startswith("shipment:")
        assert c.article_key == "shipment"
        assert c.sentence_start <= c.start < c.end <= c.sentence_end


# ------------------------------------------------------------------ direct quotation


def test_direct_quote_after_the_cue() -> None:
    text = 'Dmitry Peskov said: "Russia has bought nothing from North Korea and never will."\n'
    ex = run(text)
    c = one_claim(ex, text, text.strip())
    assert c.source == "Dmitry Peskov"
    assert c.certainty == "reported"
    assert "Russia has bought nothing from North Korea" in c.text
    att = next(a for a in ex.attributions if a.source == "Dmitry Peskov")
    assert att.direct is True


def test_indirect_speech_is_not_direct() -> None:
    text = "John Kirby said North Korea had supplied Russia with more than a dozen launchers.\n"
    ex = run(text)
    att = next(a for a in ex.attributions if a.source == "John Kirby")
    assert att.direct is False


# ------------------------------------------------------------------ known extractor bugs


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ('"Russia has not bought a single shell from North Korea," Dmitry Peskov said.', "Dmitry Peskov"),
        ("North Korea shipped about 1,000 containers to Russia last year, South Korean officials said.",
         "South Korean officials"),
    ],
)
def test_trailing_attribution(sentence: str, source: str) -> None:
    ex = run(sentence + "\n")
    c = one_claim(ex, sentence, sentence)
    assert c.source == source
    assert c.certainty == "reported"
    assert "Russia" in c.text and "said" not in c.text


def test_told_reporters_content_is_what_was_said() -> None:
    text = '"We have supplied nothing to our neighbours," Dmitry Peskov told reporters in Moscow.\n'
    ex = run(text)
    c = one_claim(ex, text, text.strip())
    assert c.source == "Dmitry Peskov"
    assert "supplied nothing" in c.text


def test_passive_believed_has_no_named_source() -> None:
    """The subject of a passive belief verb is what the belief is about, not who holds it."""
    text = "North Korea is believed to have supplied Russia with dozens of KN-23 missiles.\n"
    ex = run(text)
    found = claims_in(ex, text, text.strip())
    assert found
    assert all(c.source != "North Korea" for c in found)
    assert any(c.certainty == "hedged" for c in found)


@pytest.mark.xfail(
    reason="'a report by a Washington think tank': the document author resolves to the first entity in the "
    "phrase, the metonym Washington, so the think tank becomes the United States government",
    strict=True,
)
def test_think_tank_named_by_its_city_is_not_the_state() -> None:
    text = ("According to a report by a Washington think tank, trains crossed from North Korea into Russia "
            "30 times in January.\n")
    ex = run(text)
    c = one_claim(ex, text, text.strip())
    assert c.source != "United States"
    assert c.source_type != "official"


@pytest.mark.xfail(
    reason="'according to South Korean intelligence': a common-noun source outside the known noun lists is "
    "dropped and the claim is put in the author's voice",
    strict=True,
)
def test_according_to_an_unlisted_descriptor() -> None:
    text = "According to South Korean intelligence, Russia has bought millions of artillery shells from North Korea.\n"
    ex = run(text)
    c = one_claim(ex, text, text.strip())
    assert c.source != "author"
    assert c.certainty == "reported"


def test_possessive_source_name_keeps_its_spelling() -> None:
    text = "Seoul's defence ministry said North Korean engineers had visited a Russian missile plant.\n"
    ex = run(text)
    c = one_claim(ex, text, text.strip())
    assert " 's" not in c.source


def test_first_sentence_under_a_heading_keeps_its_source() -> None:
    """A blank line ends a sentence (nlp/boundaries.py), so the heading is not the subject of "said"."""
    text = (
        "Kremlin rejects report of rail shipment to Pyongyang\n\n"
        "The Kremlin said on Monday that no Russian artillery had crossed the Tumen River bridge.\n"
    )
    ex = run(text)
    c = one_claim(ex, text, "The Kremlin said on Monday that no Russian artillery had crossed the Tumen River bridge.")
    assert c.source == "Russia"
