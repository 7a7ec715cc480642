"""Certainty: asserted, reported, hedged, speculative, denied (see FORMAT.md), and which
sentences carry no claim at all (questions, FAQ blocks, headings).

Every sentence is invented for these tests, about a fictional munitions trade between North
Korea and Russia.
"""

from __future__ import annotations

import pytest

from claimgraph.models import Extraction
from extract_helpers import claims_in, one_claim, run, span_of


def claim_of(sentence: str):  # type: ignore[no-untyped-def]
    """The single claim of a one-sentence article."""
    ex = run(sentence + "\n")
    return one_claim(ex, sentence, sentence)


# ------------------------------------------------------------------ one class at a time

ASSERTED = [
    "North Korea remains under a United Nations arms embargo.",
    "Russia is North Korea's largest supplier of crude oil.",
]
REPORTED = [
    # said / revealed / according to / reportedly
    "The Russian Defence Ministry said the Angara had docked at Vostochny.",
    "Sergei Lavrov revealed that Russia would send a delegation to Pyongyang in May.",
    "According to the Pentagon, at least 40 rail cars crossed from North Korea into Russia in February.",
    "North Korea reportedly sent 6,700 containers of munitions to Russia.",
    "Kim Jong Un reportedly inspected a Russian warship in Vladivostok.",
    "South Korean officials said North Korea had sent 10,000 troops to Russia.",
]
HEDGED = [
    # likely / appears / believed to / suggests / assessed
    "North Korea is likely to send more shells to Russia this year.",
    "The North Korean freighter appears to have switched off its transponder near Vladivostok.",
    "The shells are believed to have come from a North Korean arsenal near Pyongyang.",
    "Satellite imagery suggests that North Korea has expanded a munitions plant near Hamhung.",
    "Analysts assessed that the missiles were assembled in North Korea.",
    "Analysts said Russia likely paid for the shells with fuel.",
]
SPECULATIVE = [
    # may / might / could / possibly / potentially / speculate / unclear whether
    "Russia may have supplied North Korea with satellite technology.",
    "North Korea might send engineers to Russia next month.",
    "Russia could transfer submarine technology to North Korea.",
    "North Korea has possibly supplied Russia with anti-tank missiles.",
    "North Korea has potentially sold Russia hundreds of Hwasong-11 missiles.",
    "Some analysts speculate that Russia will share submarine designs with North Korea.",
    "Officials speculate that North Korea wants Russian help with its satellite programme.",
    "It is unclear whether Russia has paid North Korea for the shells.",
]
DENIED = [
    # deny / reject / no evidence
    "Pyongyang denied that it had shipped rockets to Russia.",
    "The Kremlin denied buying weapons from North Korea.",
    "The Russian Foreign Ministry rejected the accusations as baseless.",
    "John Kirby said there was no evidence that China had supplied Russia with shells.",
    # no indication / no sign / no information to suggest: as "no evidence"
    "Japanese investigators found no indication that the freighter had carried rockets.",
    "The Pentagon said there was no information to suggest that a missile hit the plane.",
    "Japanese officials said there was no sign that North Korea had shipped shells this month.",
]


@pytest.mark.parametrize("sentence", ASSERTED)
def test_asserted(sentence: str) -> None:
    c = claim_of(sentence)
    assert c.certainty == "asserted"
    assert c.source == "author"


@pytest.mark.parametrize("sentence", REPORTED)
def test_reported(sentence: str) -> None:
    assert claim_of(sentence).certainty == "reported"


@pytest.mark.parametrize("sentence", HEDGED)
def test_hedged(sentence: str) -> None:
    assert claim_of(sentence).certainty == "hedged"


@pytest.mark.parametrize("sentence", SPECULATIVE)
def test_speculative(sentence: str) -> None:
    assert claim_of(sentence).certainty == "speculative"


@pytest.mark.parametrize("sentence", DENIED)
def test_denied(sentence: str) -> None:
    c = claim_of(sentence)
    assert c.certainty == "denied"
    assert c.polarity == "negative"


# ------------------------------------------------------------------ precedence


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials said Russia may have paid for the shells with oil.",
        "Ukrainian officials said Russia might have fired North Korean missiles at Kyiv.",
        "US officials said Russia could have received drones from Iran and North Korea.",
        "Dmitry Peskov told reporters that Russia may have bought some civilian goods from North Korea.",
    ],
)
def test_modal_under_a_reporting_verb_is_speculative_never_reported(sentence: str) -> None:
    """Speculation on someone's word stays speculation: 'said' must not round it up."""
    c = claim_of(sentence)
    assert c.source != "author"
    assert c.certainty == "speculative"
    assert c.certainty not in {"reported", "asserted"}


def test_hedge_under_a_reporting_verb_is_hedged() -> None:
    c = claim_of("Analysts said Russia likely paid for the shells with fuel.")
    assert c.source_type == "expert"
    assert c.certainty == "hedged"


def test_denial_outranks_a_modal_inside_it() -> None:
    c = claim_of("Pyongyang denied that its ships might have carried rockets to Russia.")
    assert c.source == "North Korea"
    assert c.certainty == "denied"


def test_certainty_of_one_clause_does_not_leak_into_the_other() -> None:
    sentence = ("Officials said Russia may have paid North Korea with oil, but Dmitry Peskov said the trade "
                "was entirely legal.")
    ex = run(sentence + "\n")
    found = {c.source: c for c in claims_in(ex, sentence, sentence)}
    assert found["Officials"].certainty == "speculative"
    assert found["Dmitry Peskov"].certainty == "reported"
    assert "may" not in found["Dmitry Peskov"].text


@pytest.mark.parametrize(
    ("sentence", "certainty"),
    [
        # the hedge is in a later verb phrase or a relative clause: the statement itself is reported
        ("A Pentagon spokesman said Russia has received shells from North Korea and is expected to fire "
         "them within weeks.", "reported"),
        ("Japanese officials said North Korea fired ten rockets, which are believed to be bound for Russia.",
         "reported"),
        # or in a participle describing a noun, or an adjective on a noun of a prepositional phrase
        ("Mongolia sanctioned three Laotian firms allegedly involved in the rocket trade.", "asserted"),
        ("Officials said the blast destroyed a depot believed to hold Laotian rockets.", "reported"),
        ("Mongolia cut diplomatic ties with Laos over the alleged supply of rockets to China.", "asserted"),
        ("Mongolia recalled its envoy in response to the alleged sale of rockets to Laos.", "asserted"),
        # but a hedged noun a verb points at is what the statement is about
        ("Japanese experts are pointing to a potential connection between Mongolia and Laos.", "speculative"),
        # the hedge governs the main verb phrase, or the statement is a noun's content clause: it holds
        ("Officials said Russia may have paid for the shells and shipped them by rail.", "speculative"),
        ("Analysts said Russia likely bought the shells and moved them by rail.", "hedged"),
        ("Mongolian officials voiced concern that Russia may resell the shells.", "speculative"),
    ],
)
def test_a_hedge_covers_its_own_clause_only(sentence: str, certainty: str) -> None:
    """'received shells and is expected to fire them': the expectation is about the firing, not the
    receipt; a hedge in the first verb phrase, or in what a noun of concern says, still governs."""
    assert claim_of(sentence).certainty == certainty


def test_one_article_mixing_every_class() -> None:
    """In one article the classes do not bleed from sentence to sentence."""
    sentences = [ASSERTED[0], REPORTED[0], HEDGED[3], SPECULATIVE[0], DENIED[0]]
    text = "\n\n".join(sentences) + "\n"
    ex = run(text, key="mixed")
    got = [one_claim(ex, text, s).certainty for s in sentences]
    assert got == ["asserted", "reported", "hedged", "speculative", "denied"]


@pytest.mark.xfail(
    reason="'There is no evidence that ...' in the author's voice yields no claim: claims.is_author_claim treats "
    "an expletive subject with an -ence noun ('evidence') as commentary, though 'no evidence' is a denial cue",
    strict=True,
)
def test_no_evidence_in_the_authors_voice_is_denied() -> None:
    c = claim_of("There is no evidence that Russia delivered fighter jets to North Korea.")
    assert c.source == "author"
    assert c.certainty == "denied"


# ------------------------------------------------------------------ no claims at all

FAQ_ARTICLE = """\
Russia buys more North Korean shells

John Kirby said North Korea had shipped another 2,000 containers of munitions to Russia in January.

Is anyone still surprised that Moscow keeps buying from Pyongyang?

Why would the Kremlin risk new sanctions for a few trainloads of old shells?

What the satellite images show

Frequently Asked Questions

What did Russia receive from North Korea?

Officials said Russia received artillery shells and Hwasong-11 missiles from North Korea.

Who inspected the freighter?

The Japan Coast Guard inspected the freighter in the Sea of Japan in January.

Does the embargo cover spare parts?

Yes. North Korea remains under a United Nations arms embargo that covers spare parts.

Analysts believe Russia will keep buying North Korean shells through the spring.
"""
FAQ_START = FAQ_ARTICLE.index("Frequently Asked Questions")
FAQ_END = FAQ_ARTICLE.index("Analysts believe")


@pytest.fixture(scope="module")
def faq() -> Extraction:
    return run(FAQ_ARTICLE, key="faq")


@pytest.mark.parametrize(
    "question",
    [
        "Is anyone still surprised that Moscow keeps buying from Pyongyang?",
        "Why would the Kremlin risk new sanctions for a few trainloads of old shells?",
    ],
)
def test_rhetorical_questions_carry_no_claim(faq: Extraction, question: str) -> None:
    assert claims_in(faq, FAQ_ARTICLE, question) == []


@pytest.mark.parametrize("heading", ["Russia buys more North Korean shells", "What the satellite images show"])
def test_headings_carry_no_claim(faq: Extraction, heading: str) -> None:
    h0, h1 = span_of(FAQ_ARTICLE, heading + "\n")
    assert [c for c in faq.claims if c.start < h1 - 1 and c.end > h0] == []


def test_faq_block_carries_no_claim(faq: Extraction) -> None:
    inside = [c for c in faq.claims if c.start < FAQ_END and c.end > FAQ_START]
    assert inside == [], [(c.source, c.text) for c in inside]


def test_claims_around_the_faq_are_kept(faq: Extraction) -> None:
    before = one_claim(faq, FAQ_ARTICLE, "John Kirby said North Korea had shipped another 2,000 containers")
    assert before.source == "John Kirby"
    assert before.certainty == "reported"
    after = one_claim(faq, FAQ_ARTICLE, "Analysts believe Russia will keep buying North Korean shells")
    assert after.source_type == "expert"
    assert after.certainty == "hedged"


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials said Russia received artillery shells and Hwasong-11 missiles from North Korea.",
        "North Korea remains under a United Nations arms embargo that covers spare parts.",
    ],
)
def test_faq_answers_would_be_claims_outside_the_faq(sentence: str) -> None:
    """The FAQ test means something: the same answer, as a plain paragraph, is a claim."""
    assert claim_of(sentence).certainty in {"reported", "asserted"}


def test_a_question_with_a_reporting_verb_is_no_claim() -> None:
    text = "Why did the Kremlin say it had never bought a single North Korean shell?\n"
    assert run(text).claims == []


def test_offsets_of_every_claim_in_the_faq_article(faq: Extraction) -> None:
    assert faq.claims
    for c in faq.claims:
        assert FAQ_ARTICLE[c.start : c.end] == c.text
        assert FAQ_ARTICLE[c.sentence_start : c.sentence_end].find(c.text) >= 0
    for m in faq.entities:
        assert FAQ_ARTICLE[m.start : m.end] == m.text
