"""The pure parts of cross-article linking: sentences, MinHash, embeddings, alignment, frames,
the pair rules of ``claimgraph.link.rules`` and the rewrite comparison of ``link.distort``.

Everything here is built by hand (no store, no spaCy, no model), so it runs in well under a second.
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pytest

from claimgraph.link.distort import SentencePair, compare
from claimgraph.link.features import HashingEmbedder, article_features, minhash, split_sentences
from claimgraph.link.frames import Frame, evoked_types, voices_doubt
from claimgraph.link.rules import (
    DENIAL_MIN_COS,
    ONE_OF_A_KIND_RELIEF,
    THRESHOLDS,
    TOLD_DATE_RELIEF,
    UNDATED_EVENT_MARGIN,
    align,
    cluster_claims,
    compatible_claims,
    contradiction,
    date_conflict,
    negates_act,
    number_conflict,
    rewrite_relation,
    same_claim,
    same_event,
    shared_words,
    standin_rank,
    thresholds_for,
)
from claimgraph.models import Article, Claim, Event, Extraction, Quantity

TH = THRESHOLDS["all-MiniLM-L6-v2"]
HASH_TH = THRESHOLDS["hashing-384"]


# ---------------------------------------------------------------------- helpers
def sentences_of(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def claim(
    key: str,
    n: int,
    *,
    source: str = "author",
    source_type: str = "author",
    certainty: str = "asserted",
    polarity: str = "positive",
    sentence: tuple[int, int] = (0, 100),
    text: str = "missiles were supplied",
) -> Claim:
    """A claim record; only the fields the rules read matter (the text: what the claim is about)."""
    return Claim(
        article_key=key, id=f"{key}:c{n}", start=sentence[0], end=sentence[1], text=text, source=source,
        source_type=source_type, certainty=certainty, polarity=polarity,
        sentence_start=sentence[0], sentence_end=sentence[1],
    )


def frame(
    parties: frozenset[str] | set[str] = frozenset({"Belmora", "Karvany"}),
    types: frozenset[str] | set[str] = frozenset({"transfer"}),
    **kw: object,
) -> Frame:
    return Frame(frozenset(parties), frozenset(types), **kw)  # type: ignore[arg-type]


def qty(value: float, bound: str = "exact", unit: str = "missile", key: str = "a") -> Quantity:
    text = {"at_least": f"at least {value:g}", "about": f"about {value:g}"}.get(bound, f"{value:g}")
    return Quantity(key, 0, len(text), text, value, unit, bound=bound, counted="missiles")


def event(key: str, etype: str, date: str | None, **kw: object) -> Event:
    return Event(key, f"{key}:e1", etype, "fired", 0, 50, actors=["Karvany", "Ostrelia"], date=date,
                 **kw)  # type: ignore[arg-type]


# ---------------------------------------------------------------------- sentences
def test_split_sentences_keeps_initials_and_titles_together() -> None:
    text = ("The envoy met U.S. President Joe Biden in Washington on Monday. "
            "Dr. Smith said the talks with Gen. Harlow went well! Were they useful? Nobody would say.")
    assert sentences_of(text) == [
        "The envoy met U.S. President Joe Biden in Washington on Monday.",
        "Dr. Smith said the talks with Gen. Harlow went well!",
        "Were they useful?",
        "Nobody would say.",
    ]


def test_split_sentences_splits_paragraphs_and_spans_slice_the_text() -> None:
    text = ("LENHOLD - Belmora has supplied Karvany with missiles, officials said\n\n"
            "  A second paragraph begins here without a capitalised break   \n"
            "Short one.\n"
            "Third paragraph ends here. Then another sentence follows.")
    spans = split_sentences(text)
    got = [text[s:e] for s, e in spans]
    assert got == [
        "LENHOLD - Belmora has supplied Karvany with missiles, officials said",
        "A second paragraph begins here without a capitalised break",
        "Third paragraph ends here.",
        "Then another sentence follows.",
    ]  # "Short one." has fewer than three words and is dropped
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert [s for s, _ in spans] == sorted(s for s, _ in spans)
    assert all(not text[s].isspace() and not text[e - 1].isspace() for s, e in spans)


def test_split_sentences_keeps_a_closing_quote_with_its_sentence() -> None:
    text = 'The minister said: "It is over." Then the talks ended. (The envoy left early.) Nobody spoke after that.'
    assert sentences_of(text) == [
        'The minister said: "It is over."',
        "Then the talks ended.",
        "(The envoy left early.)",
        "Nobody spoke after that.",
    ]


def test_split_sentences_of_empty_or_blank_text() -> None:
    assert split_sentences("") == []
    assert split_sentences("\n\n   \n") == []


# ---------------------------------------------------------------------- minhash
WIRE = (
    "Belmora has supplied Karvany with at least 40 short-range ballistic missiles since January, "
    "Ostrelian Defence Ministry spokesperson Tomas Redlak said on Sunday, citing the country's Military "
    "Intelligence Directorate. Redlak told reporters in Lenhold that the missiles were shipped from the "
    "Belmoran port of Sarkand across the Veska Sea and then moved by rail to launch sites in western Karvany."
)


def test_minhash_jaccard_is_high_for_a_near_copy_and_low_for_unrelated_text() -> None:
    near_copy = WIRE.replace("said on Sunday", "said Sunday").replace("told reporters", "told journalists")
    unrelated = ("A weather satellite lifted off from the coastal spaceport late on Thursday, and engineers "
                 "confirmed that its solar panels had unfolded and the first images would arrive next week.")
    same = minhash(WIRE).jaccard(minhash(WIRE))
    copy = minhash(WIRE).jaccard(minhash(near_copy))
    other = minhash(WIRE).jaccard(minhash(unrelated))
    assert same == 1.0
    assert copy >= TH.copy_jaccard  # what the pipeline calls a republication
    assert copy > 0.7
    assert other < 0.1


def test_minhash_is_case_insensitive_and_deterministic() -> None:
    assert minhash(WIRE).jaccard(minhash(WIRE.upper())) == 1.0
    assert np.array_equal(minhash(WIRE).hashvalues, minhash(WIRE).hashvalues)


# ---------------------------------------------------------------------- embeddings
def test_lsh_bands_collide_exactly_when_datasketch_lsh_would_return_the_pair() -> None:
    from datasketch import MinHashLSH

    from claimgraph.link.pipeline import LSH_THRESHOLD, lsh_bands

    base = " ".join(f"word{i}" for i in range(120))
    texts = {
        "same": base,
        "near": base.replace("word50", "other50").replace("word90", "other90"),
        "half": " ".join(f"word{i}" for i in range(60)) + " " + " ".join(f"new{i}" for i in range(60)),
        "unrelated": " ".join(f"thing{i}" for i in range(120)),
    }
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=128)
    for k, t in texts.items():
        lsh.insert(k, minhash(t))
    query = minhash(base)
    mine = {k for k, t in texts.items() if set(enumerate(lsh_bands(minhash(t).hashvalues)))
            & set(enumerate(lsh_bands(query.hashvalues)))}
    assert mine == set(lsh.query(query))
    assert {"same", "near"} <= mine and "unrelated" not in mine
    # stable across calls and processes: no salted hash() involved
    assert lsh_bands(query.hashvalues) == lsh_bands(minhash(base).hashvalues)
    assert all(-(2**63) <= h < 2**63 for h in lsh_bands(query.hashvalues))


def test_hashing_embedder_vectors_are_unit_norm_and_deterministic() -> None:
    texts = ["Belmora supplied missiles to Karvany.", WIRE, "A weather satellite reached orbit."]
    a = HashingEmbedder().encode(texts)
    b = HashingEmbedder().encode(texts)  # a new instance: nothing depends on process state
    assert a.shape == (3, HashingEmbedder.dim)
    assert a.dtype == np.float32
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(a, b)
    # shared words score higher than none
    close = HashingEmbedder().encode(["Belmora shipped missiles to Karvany."])[0]
    assert float(close @ a[0]) > float(close @ a[2])


def test_hashing_embedder_of_nothing() -> None:
    emb = HashingEmbedder()
    assert emb.encode([]).shape == (0, emb.dim)
    v = emb.encode(["a, of; to"])  # no word longer than two letters: a zero vector, not NaN
    assert not np.isnan(v).any()
    assert float(np.linalg.norm(v)) == 0.0


# ---------------------------------------------------------------------- alignment and rewrites
def test_align_is_one_to_one_and_greedy_by_similarity() -> None:
    sims = np.array([
        [0.90, 0.85, 0.10],
        [0.88, 0.20, 0.10],
        [0.10, 0.80, 0.70],
        [0.95, 0.30, 0.40],
    ])
    pairs = align(sims, 0.6)
    rows = [i for i, _, _ in pairs]
    cols = [j for _, j, _ in pairs]
    assert len(set(rows)) == len(rows) and len(set(cols)) == len(cols)
    assert all(s >= 0.6 and s == sims[i, j] for i, j, s in pairs)
    assert cols == sorted(cols)  # reported in the second text's order
    # 0.95 (3,0) first, then 0.85 (0,1), then 0.70 (2,2); row 1 only wanted column 0
    assert [(i, j) for i, j, _ in pairs] == [(3, 0), (0, 1), (2, 2)]


def test_align_below_threshold_and_empty() -> None:
    assert align(np.full((2, 2), 0.5), 0.6) == []
    assert align(np.zeros((0, 0)), 0.6) == []


def test_rewrite_relation_copy_rewrite_and_none() -> None:
    emb = HashingEmbedder()
    a = emb.encode(["Belmora supplied missiles to Karvany.", "The ships sailed from Sarkand.",
                    "Nine people died in the strike on Dovrenets.", "Analysts said it may take weeks."])
    unrelated = emb.encode(["A weather satellite reached orbit.", "Its solar panels opened on time.",
                            "Engineers expect first images next week."])
    assert rewrite_relation(0.9, a, unrelated, HASH_TH) == ("copy", 1.0)
    assert rewrite_relation(HASH_TH.copy_jaccard, a, a, HASH_TH) == ("copy", 1.0)
    assert rewrite_relation(0.05, a, unrelated, HASH_TH) is None
    # the same sentences in another order, low Jaccard: a rewrite covering all of the shorter text
    rel = rewrite_relation(0.1, a, a[[2, 0, 3]], HASH_TH)
    assert rel is not None and rel[0] == "rewrite" and rel[1] == pytest.approx(1.0)
    # no sentences on one side: nothing to align
    assert rewrite_relation(0.1, a, np.zeros((0, emb.dim), np.float32), HASH_TH) is None


def test_thresholds_for_unknown_embedder_falls_back_to_minilm() -> None:
    assert thresholds_for("hashing-384") is HASH_TH
    assert thresholds_for("some-other-model") is TH


# ---------------------------------------------------------------------- frames
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("supplied missiles", "transfer"),
        ("Belmora supplied missiles to Karvany", "transfer"),
        ("denied any arms deal", "transfer"),
        ("test-fired a missile", "missile_test"),
    ],
)
def test_evoked_types(text: str, expected: str) -> None:
    assert expected in evoked_types(text)


def test_evoked_types_exact_sets() -> None:
    assert evoked_types("supplied missiles") == {"transfer"}
    assert evoked_types("test-fired a missile") == {"missile_test"}
    assert evoked_types("The weather was mild and the harvest was good") == frozenset()


@pytest.mark.parametrize(
    ("text", "doubt"),
    [
        ("it remains unclear whether any deliveries took place", True),
        ("The claims could not be independently verified", True),
        ("There is no evidence that the ships carried weapons", True),
        ("the deliveries took place", False),
        ("Belmora delivered the missiles in January", False),
    ],
)
def test_voices_doubt(text: str, doubt: bool) -> None:
    assert voices_doubt(text) is doubt


def test_frame_stance() -> None:
    assert frame().stance == "affirm"
    assert frame(doubt=True).stance == "doubt"
    assert frame(negative=True).stance == "deny"
    assert frame(negative=True, doubt=True).stance == "deny"


def test_joint_source_names_each_party_the_article_mentions() -> None:
    from claimgraph.link.frames import claim_frame
    from claimgraph.models import EntityMention
    from claimgraph.nlp.packs import Gazetteer

    text = "Belmora and Karvany denied any arms deal. Karvany trades grain with Belmora."
    c = Claim("k", "k:c1", 20, 40, text[20:40], "Belmora and Karvany", "official", "denied", "negative",
              0, 41)
    mentions = [EntityMention("k", 42, 49, "Karvany", "Karvany", "country"),
                EntityMention("k", 68, 75, "Belmora", "Belmora", "country")]
    got = claim_frame(c, Extraction("k", 1, entities=mentions), text, Gazetteer())
    assert got.parties == {"Belmora", "Karvany"} and got.negative
    # parts the article never names as entities are not parties
    vague = replace(c, source="Belmora and some neighbours")
    assert claim_frame(vague, Extraction("k", 1, entities=mentions), text, Gazetteer()).parties == {"Belmora"}


# ---------------------------------------------------------------------- contradictions
def test_denial_against_an_affirmation() -> None:
    deny = claim("courier", 1, source="Nadia Solberg", source_type="official", certainty="denied",
                 polarity="negative")
    affirm = claim("wire", 1, source="Tomas Redlak", source_type="official", certainty="reported")
    fd, fa = frame(negative=True), frame()
    # two shared parties and a shared act, in close wording
    got = contradiction(deny, affirm, fd, fa, DENIAL_MIN_COS, TH)
    assert got is not None and got[0] == "denial"
    assert "Nadia Solberg" in got[1] and "Tomas Redlak" in got[1] and "transfer" in got[1]
    # the order of the two claims does not matter
    back = contradiction(affirm, deny, fa, fd, DENIAL_MIN_COS, TH)
    assert back is not None and back[0] == "denial"
    # unlike wording is another proposition about the same parties ("denied arms deals" vs
    # "opposes arms transfers between them"), not a denial of this one
    assert contradiction(deny, affirm, fd, frame(parties={"Belmora"}), DENIAL_MIN_COS - 0.05, TH) is None
    # two named sides need no close wording, but some substance in common besides the sides
    other = replace(affirm, text="Belmora invaded Karvany in the autumn")
    assert contradiction(deny, other, fd, fa, 0.1, TH) is None
    assert contradiction(deny, affirm, fd, fa, 0.1, TH) is not None


def test_two_sources_of_one_side_do_not_deny_each_other() -> None:
    deny = claim("courier", 1, source="Karvany officials", source_type="official", certainty="denied",
                 polarity="negative")
    affirm = claim("wire", 1, source="Karvany Central Command", source_type="official", certainty="reported")
    fd = frame(negative=True, source_side=frozenset({"Karvany officials", "Karvany"}))
    fa = frame(source_side=frozenset({"Karvany Central Command", "Karvany"}))
    assert contradiction(deny, affirm, fd, fa, 0.9, TH) is None
    other_side = frame(source_side=frozenset({"Belmora"}))
    assert contradiction(deny, affirm, fd, other_side, 0.9, TH) is not None


def test_denial_needs_something_in_common() -> None:
    deny = claim("courier", 1, source="Belmora", certainty="denied", polarity="negative")
    affirm = claim("wire", 1, source="Tomas Redlak", source_type="official", certainty="reported")
    # another act between other parties, and unlike wording
    other = frame({"Iran", "Russia"}, {"missile_test"})
    assert contradiction(deny, affirm, frame(negative=True), other, 0.1, TH) is None
    # one shared party but no shared act and low similarity
    one_party = frame({"Belmora"}, {"sanction"})
    assert contradiction(deny, affirm, frame(negative=True), one_party, 0.1, TH) is None


def test_denial_naming_two_parties_needs_both_in_the_other_claim() -> None:
    deny = claim("courier", 1, source="Belmora", source_type="official", certainty="denied",
                 polarity="negative")
    affirm = claim("wire", 1, source="Tomas Redlak", source_type="official", certainty="reported")
    # "Belmora denied arming Karvany" says nothing about arms for Sarkovia
    elsewhere = frame({"Belmora", "Sarkovia"})
    assert contradiction(deny, affirm, frame(negative=True), elsewhere, 0.9, TH) is None
    assert contradiction(affirm, deny, elsewhere, frame(negative=True), 0.9, TH) is None
    # a report that names only one party is answered by a denial that names it
    got = contradiction(deny, affirm, frame(negative=True), frame({"Belmora"}), 0.5, TH)
    assert got is not None and got[0] == "denial"


def test_same_stance_is_no_contradiction() -> None:
    d1 = claim("courier", 1, source="Nadia Solberg", certainty="denied", polarity="negative")
    d2 = claim("courier2", 2, source="Pavel Drossin", certainty="denied", polarity="negative")
    assert contradiction(d1, d2, frame(negative=True), frame(negative=True), 0.9, TH) is None
    a1 = claim("wire", 1, source="Tomas Redlak", certainty="reported")
    a2 = claim("observer", 1, source="UN Panel of Experts", certainty="reported")
    assert contradiction(a1, a2, frame(), frame(), 0.9, TH) is None


def test_doubt_against_an_asserted_claim_is_a_certainty_conflict() -> None:
    doubt = claim("lens", 1, certainty="speculative")
    fact = claim("wire", 1, source="Tomas Redlak", source_type="official", certainty="asserted")
    got = contradiction(doubt, fact, frame(doubt=True), frame(), 0.5, TH)
    assert got is not None and got[0] == "certainty"
    # a hedged claim is not stated as fact: nothing to doubt
    hedged = replace(fact, certainty="hedged")
    assert contradiction(doubt, hedged, frame(doubt=True), frame(), 0.5, TH) is None
    # two doubts agree
    assert contradiction(doubt, replace(doubt, article_key="x"), frame(doubt=True), frame(doubt=True), 0.5,
                         TH) is None


def test_negative_polarity_affirming_side_is_not_denied() -> None:
    deny = claim("courier", 1, source="Nadia Solberg", source_type="official", certainty="denied",
                 polarity="negative")
    # "the transfers would not violate any agreements": reported, but affirms nothing
    negated = claim("wire", 1, source="Tomas Redlak", source_type="official", certainty="reported",
                    polarity="negative")
    assert contradiction(deny, negated, frame(negative=True), frame(), 0.9, TH) is None
    assert contradiction(negated, deny, frame(), frame(negative=True), 0.9, TH) is None
    # the control: the same pair with positive polarity is a denial
    positive = replace(negated, polarity="positive")
    got = contradiction(deny, positive, frame(negative=True), frame(), 0.9, TH)
    assert got is not None and got[0] == "denial"


@pytest.mark.parametrize(
    ("text", "negates"),
    [
        ("Belmora has NOT delivered ballistic missiles to Karvany", True),
        ("No missile was sent to Karvany", True),
        ("his government has not yet shipped any weapons to Karvany", True),
        ("Belmoran drones were not being used by Karvany", True),
        ("Belmora won't remain indifferent if the transfer of its drones is proven", False),
        ("Belmora will not stand by while Karvany buys missiles elsewhere", False),
    ],
)
def test_negates_act(text: str, negates: bool) -> None:
    assert negates_act(text, {"transfer"}) is negates


def test_a_party_negating_the_act_denies_it_and_negating_something_else_does_not() -> None:
    """'Belmora has NOT delivered missiles', said its minister: Belmora's denial, with no denying cue.
    'Belmora won't remain indifferent if the supply is proven' negates an attitude, not the supply."""
    affirm = claim("wire", 1, source="Tomas Redlak", source_type="official", certainty="reported")
    fa = frame(source_side=frozenset({"Tomas Redlak", "Ostrelia"}))
    side = frozenset({"Nadia Solberg", "Belmora"})
    for text, denial in (("Belmora has NOT delivered missiles to Karvany", True),
                         ("Belmora won't remain indifferent if the supply of its missiles is proven", False)):
        said = replace(claim("courier", 1, source="Nadia Solberg", source_type="official", certainty="reported",
                             polarity="negative", text=text), entities=["Belmora", "Karvany"])
        got = contradiction(said, affirm, frame(negative=True, source_side=side), fa, 0.9, TH)
        assert (got is not None and got[0] == "denial") is denial, text


def test_a_denial_is_set_against_a_named_accuser_before_the_writers_narrative() -> None:
    """'Belmora denied arming Karvany' answers Tomas Redlak's accusation, not the writer's 'suspicions
    grew that Belmora armed Karvany', though the writer's words are closer to the denial's."""
    deny = claim("courier", 1, source="Belmora", source_type="official", certainty="denied", polarity="negative",
                 text="arming Karvany with missiles")
    fd = frame(negative=True, source_side=frozenset({"Belmora"}))
    writer = claim("wire", 1, text="suspicions grew that Belmora was arming Karvany with missiles")
    named = claim("wire", 2, source="Tomas Redlak", source_type="official", certainty="reported",
                  text="Belmora shipped rockets to Karvany")
    fo = frame(source_side=frozenset({"Tomas Redlak", "Ostrelia"}))
    assert standin_rank(deny, fd, named, fo) > standin_rank(deny, fd, writer, frame())
    # among named accusers, one the denial names comes first ("a claim by Karvany ... is false")
    by_party = replace(named, source="Karvany")
    assert standin_rank(deny, fd, by_party, frame(source_side=frozenset({"Karvany"}))) > standin_rank(
        deny, fd, named, fo)


def test_parts_of_one_sentence_do_not_contradict_each_other() -> None:
    a = claim("courier", 1, source="Belmora", certainty="denied", polarity="negative")
    b = claim("courier", 2, source="Belmora", certainty="reported")  # same article, source, sentence
    assert contradiction(a, b, frame(negative=True), frame(), 0.9, TH) is None


def test_number_conflict_respects_bounds() -> None:
    wire = claim("wire", 1, source="Tomas Redlak", source_type="official", certainty="reported")
    pentagon = claim("pentagon", 1, source="Grant Whitford", source_type="official", certainty="reported")
    at_least_40 = frame(quantities=[qty(40, "at_least", key="wire")])
    about_15 = frame(quantities=[qty(15, "about", key="pentagon")])
    got = contradiction(wire, pentagon, at_least_40, about_15, 0.8, TH)
    assert got is not None and got[0] == "number"
    assert "at least 40" in got[1] and "about 15" in got[1] and "missile" in got[1]
    # "at least 10" and "50" can both be true
    at_least_10 = frame(quantities=[qty(10, "at_least", key="wire")])
    fifty = frame(quantities=[qty(50, key="pentagon")])
    assert contradiction(wire, pentagon, at_least_10, fifty, 0.8, TH) is None
    assert number_conflict(at_least_10, fifty) is None
    # "about 15" stretches to 18 at most, "about 17" overlaps it
    assert number_conflict(about_15, frame(quantities=[qty(17, "about")])) is None
    # different units are not compared
    assert number_conflict(at_least_40, frame(quantities=[qty(15, unit="ship")])) is None


def test_two_floors_of_one_count_far_apart_disagree_even_from_one_source_in_two_reports() -> None:
    wire = claim("wire", 1, source="Harbour Command", source_type="organization", certainty="reported")
    gazette = claim("gazette", 1, source="Harbour Command", source_type="organization", certainty="reported")
    more_than_41k = frame(quantities=[qty(41000, "at_least", unit="t")])
    more_than_21k = frame(quantities=[qty(21000, "at_least", unit="t")])
    got = contradiction(wire, gazette, more_than_41k, more_than_21k, 0.9, TH)
    assert got is not None and got[0] == "number"
    assert number_conflict(more_than_41k, frame(quantities=[qty(40000, "at_least", unit="t")])) is None
    # within one article, one source is never set against itself
    assert contradiction(wire, replace(gazette, article_key="wire"), more_than_41k, more_than_21k, 0.9, TH) is None
    # one source does not deny itself
    deny = replace(gazette, certainty="denied", polarity="negative")
    assert contradiction(wire, deny, frame(), frame(negative=True), 0.9, TH) is None


def test_number_conflict_needs_the_same_proposition() -> None:
    wire = claim("wire", 1, source="Tomas Redlak", certainty="reported")
    pentagon = claim("pentagon", 1, source="Grant Whitford", certainty="reported")
    at_least_40 = frame(quantities=[qty(40, "at_least")])
    about_15 = frame(quantities=[qty(15, "about")])
    # not similar enough to be the same statement
    assert contradiction(wire, pentagon, at_least_40, about_15, TH.claim_same - 0.2, TH) is None


def _strike_frame(day: str, types: frozenset[str] | set[str] = frozenset({"launch_attack"})) -> Frame:
    return frame({"Karvany"}, types, places=frozenset({"Dovrenets"}), days=frozenset({day}))


def test_two_days_for_one_strike_is_a_date_conflict() -> None:
    wire = claim("wire", 4, source="Analysts", source_type="expert", certainty="speculative")
    gazette = claim("gazette", 2)
    got = contradiction(wire, gazette, _strike_frame("2024-03-14"), _strike_frame("2024-03-03"), 0.7, TH)
    assert got is not None and got[0] == "date"
    assert "2024-03-14" in got[1] and "2024-03-03" in got[1] and "Dovrenets" in got[1]


def test_no_date_conflict_for_the_same_day_one_article_or_a_transfer() -> None:
    wire = claim("wire", 4, source="Analysts", source_type="expert", certainty="speculative")
    gazette = claim("gazette", 2)
    # same day
    assert contradiction(wire, gazette, _strike_frame("2024-03-14"), _strike_frame("2024-03-14"), 0.6, TH) is None
    # two dates inside one article are not compared
    same_article = replace(gazette, article_key="wire", id="wire:c9")
    assert contradiction(wire, same_article, _strike_frame("2024-03-14"), _strike_frame("2024-03-03"), 0.6,
                         TH) is None
    # deliveries go on for weeks: two dates for a transfer are not a conflict
    t14 = _strike_frame("2024-03-14", {"transfer"})
    t03 = _strike_frame("2024-03-03", {"transfer"})
    assert contradiction(wire, gazette, t14, t03, 0.6, TH) is None


def test_date_conflict_only_for_days_close_enough_to_be_one_event() -> None:
    wire = claim("wire", 4, source="Analysts", source_type="expert", certainty="speculative")
    gazette = claim("gazette", 2)
    # five weeks apart: two strikes, not one strike misdated
    assert contradiction(wire, gazette, _strike_frame("2024-04-20"), _strike_frame("2024-03-14"), 0.6, TH) is None
    # two different places named: two strikes
    elsewhere = frame({"Karvany"}, {"launch_attack"}, places=frozenset({"Halvik"}), days=frozenset({"2024-03-03"}))
    assert contradiction(wire, gazette, _strike_frame("2024-03-14"), elsewhere, 0.6, TH) is None
    # the control: thirteen days apart at one place is a conflict
    got = contradiction(wire, gazette, _strike_frame("2024-03-16"), _strike_frame("2024-03-03"), 0.7, TH)
    assert got is not None and got[0] == "date"


def test_same_claim_needs_agreeing_place_day_and_figures() -> None:
    a = claim("wire", 1, source="Tomas Redlak", certainty="reported")
    b = claim("observer", 1, source="UN Panel of Experts", certainty="reported")
    assert same_claim(a, b, _strike_frame("2024-03-14"), _strike_frame("2024-03-14"), 0.9, TH)
    assert not same_claim(a, b, _strike_frame("2024-03-14"), _strike_frame("2024-03-03"), 0.9, TH)
    halvik = frame({"Karvany"}, {"launch_attack"}, places=frozenset({"Halvik"}))
    assert not same_claim(a, b, _strike_frame("2024-03-14"), halvik, 0.9, TH)
    at_least_40 = frame(quantities=[qty(40, "at_least")])
    assert not same_claim(a, b, at_least_40, frame(quantities=[qty(15, "about")]), 0.9, TH)
    assert same_claim(a, b, at_least_40, frame(quantities=[qty(50)]), 0.9, TH)
    # one side silent on the day or the place: no disagreement
    assert same_claim(a, b, _strike_frame("2024-03-14"), frame({"Karvany"}, {"launch_attack"}), 0.9, TH)


def test_same_claim_requires_same_stance_and_shared_parties() -> None:
    a = claim("wire", 1, source="Tomas Redlak", certainty="reported")
    b = claim("observer", 1, source="UN Panel of Experts", certainty="reported")
    assert same_claim(a, b, frame(), frame(), 0.9, TH)
    assert not same_claim(a, b, frame(), frame(), TH.claim_same - 0.01, TH)
    assert not same_claim(a, b, frame(), frame(negative=True), 0.9, TH)
    assert not same_claim(a, b, frame(), frame(doubt=True), 0.9, TH)
    assert not same_claim(a, b, frame(), frame({"Iran", "Russia"}), 0.9, TH)
    assert not same_claim(a, b, frame(), frame(types={"missile_test"}), 0.9, TH)


def test_many_shared_words_make_one_claim_where_the_embedding_is_low() -> None:
    a = claim("wire", 1, source="Tomas Redlak", certainty="reported",
              text="Karvany has shipped about forty short-range rockets to Belmora since spring")
    b = claim("observer", 1, source="UN Panel of Experts", certainty="reported",
              text="forty short-range rockets were shipped by Karvany to Belmora, starting in spring")
    other = claim("observer", 2, source="UN Panel of Experts", certainty="reported",
              text="Karvany and Belmora signed a fisheries pact in the capital of Belmora")
    low = TH.claim_same - 0.2
    assert shared_words(a.text, b.text, ["Karvany", "Belmora"]) >= 0.3
    assert same_claim(a, b, frame(), frame(), low, TH) and cluster_claims(a, b, low, TH)
    # the party names every report repeats are not shared substance
    assert shared_words(a.text, other.text, ["Karvany", "Belmora"]) < 0.3
    assert not same_claim(a, other, frame(), frame(), low, TH)
    # words never override a disagreeing frame, and a terse claim is judged by its embedding
    assert not same_claim(a, b, frame(), frame(negative=True), low, TH)
    assert shared_words("the boarding", "the boarding", []) == 0.0


# ---------------------------------------------------------------------- events
def test_transfer_events_never_produce_a_date_conflict() -> None:
    a = event("wire", "transfer", "2024-01-10")
    b = event("observer", "transfer", "2024-02-20")
    assert date_conflict(a, b) is None


def test_a_strike_on_two_different_days_is_a_date_conflict() -> None:
    a = event("wire", "launch_attack", "2024-03-14", location="Dovrenets", weapon="ballistic missile")
    b = event("gazette", "launch_attack", "2024-03-03", location="Dovrenets", weapon="ballistic missile")
    assert date_conflict(a, b) == "2024-03-14 vs 2024-03-03"
    # two dates make two timeline entries (linking flags the pair as a date conflict instead)
    assert not same_event(a, b, 0.99, TH)
    assert same_event(a, replace(b, date="2024-03"), TH.event_same, TH)
    # a date placed by the article's own date is no evidence of a conflict
    assert date_conflict(a, replace(b, date_from_article=True)) is None
    # a coarser date that contains the other is not a conflict
    assert date_conflict(a, replace(b, date="2024-03")) is None


def test_same_event_needs_type_actor_and_agreeing_details() -> None:
    a = event("wire", "launch_attack", "2024-03-14", location="Dovrenets")
    b = event("gazette", "launch_attack", "2024-03-14", location="Dovrenets")
    # both reports date the act themselves: the dates vouch for them, the wording may differ more
    assert same_event(a, b, TH.event_same - TOLD_DATE_RELIEF, TH)
    assert not same_event(a, b, TH.event_same - TOLD_DATE_RELIEF - 0.01, TH)
    placed = replace(b, date="2024-03", date_from_article=True)  # placed by its article: no vouching
    assert same_event(a, placed, TH.event_same, TH) and not same_event(a, placed, TH.event_same - 0.01, TH)
    undated = replace(b, date=None)
    assert not same_event(a, undated, TH.event_same + UNDATED_EVENT_MARGIN - 0.01, TH)
    # a crash is one of its kind in a story; strikes recur
    crash_a, crash_b = replace(a, type="incident", date=None), replace(b, type="incident", date=None)
    assert same_event(crash_a, crash_b, TH.event_same - ONE_OF_A_KIND_RELIEF, TH)
    assert not same_event(replace(a, date=None), undated, TH.event_same - ONE_OF_A_KIND_RELIEF, TH)
    assert not same_event(a, replace(b, type="missile_test"), 0.99, TH)
    assert not same_event(a, replace(b, actors=["Iran"]), 0.99, TH)
    assert not same_event(a, replace(b, location="Varesk"), 0.99, TH)
    assert not same_event(replace(a, weapon="drone"), replace(b, weapon="ballistic missile"), 0.99, TH)


def test_measures_and_statements_of_two_doers_are_two_events() -> None:
    """'Karvany cut ties with Ostrelia' and 'Belmora sanctioned Ostrelia' share a party and a type but
    not who acts; a sanction, accusation, denial or warning is its doer's (trait doer_first). For
    other acts the order of actors is looser: a strike by Karvany on Ostrelia told as 'Ostrelia was
    hit by Karvany' is one event."""
    cut = Event("wire", "wire:e1", "sanction", "cut ties", 0, 50, actors=["Karvany", "Ostrelia", "Belmora"],
                date="2024-03")
    sanctioned = Event("gazette", "gazette:e1", "sanction", "sanctioned", 0, 50, actors=["Belmora", "Ostrelia"],
                       date="2024-03")
    assert not same_event(cut, sanctioned, 0.99, TH)
    assert same_event(cut, replace(sanctioned, actors=["Karvany", "Ostrelia"]), 0.99, TH)
    hit = replace(cut, type="launch_attack", actors=["Ostrelia", "Karvany"])
    assert same_event(hit, replace(sanctioned, type="launch_attack", actors=["Karvany", "Ostrelia"]), 0.99, TH)


# ---------------------------------------------------------------------- rewrite comparison
ORIGIN = (
    "Belmora has supplied Karvany with at least 40 short-range ballistic missiles since January, "
    "Tomas Redlak said on Sunday.\n\n"
    "The missiles may have been used in the strike on the port city of Dovrenets last week.\n\n"
    "The ministry also published a long list of cargo vessels and their recent port calls."
)
REWRITE = (
    "Belmora has supplied Karvany with at least 40 short-range ballistic missiles since January.\n\n"
    "The missiles were used in the strike on the port city of Dovrenets last week.\n\n"
    "Experts speculate the war could spread across the whole region before long."
)


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _compare_fixture() -> list[SentencePair]:
    emb = HashingEmbedder()
    origin = Article("origin", ORIGIN)
    rewrite = Article("rewrite", REWRITE)
    s0, s1 = _span(ORIGIN, "Belmora has supplied Karvany with at least 40 short-range ballistic missiles since "
                           "January, Tomas Redlak said on Sunday.")
    c0, c1 = _span(ORIGIN, "Belmora has supplied Karvany with at least 40 short-range ballistic missiles since "
                           "January")
    o_ex = Extraction("origin", 1, claims=[Claim(
        "origin", "origin:c1", c0, c1, ORIGIN[c0:c1], "Tomas Redlak", "official", "reported",
        sentence_start=s0, sentence_end=s1)])
    r0, r1 = _span(REWRITE, "Belmora has supplied Karvany with at least 40 short-range ballistic missiles since "
                            "January.")
    r_ex = Extraction("rewrite", 1, claims=[Claim(
        "rewrite", "rewrite:c1", r0, r1 - 1, REWRITE[r0:r1 - 1], "author", "author", "asserted",
        sentence_start=r0, sentence_end=r1)])
    o_feat = article_features("origin", 1, 0, ORIGIN, emb)
    r_feat = article_features("rewrite", 1, 1, REWRITE, emb)
    assert len(o_feat.sentences) == 3 and len(r_feat.sentences) == 3
    assert o_feat.sent_vecs.shape == (3, emb.dim)
    return compare(origin, o_ex, o_feat, rewrite, r_ex, r_feat, HASH_TH)


def test_compare_finds_the_planted_distortions() -> None:
    pairs = _compare_fixture()
    kinds = [[c.kind for c in p.changes] for p in pairs]
    # rewrite order first (three rewrite sentences), then the origin sentence it dropped
    assert len(pairs) == 4
    first, second, added, dropped = pairs
    assert first.rewrite_text.startswith("Belmora has supplied") and first.origin_text.startswith("Belmora")
    assert kinds[0] == ["attribution_lost"]
    assert "Tomas Redlak" in first.changes[0].detail
    assert second.origin_text.startswith("The missiles may have been used")
    assert kinds[1] == ["hedge_dropped"]
    assert "may" in second.changes[0].detail
    assert added.origin is None and added.origin_text == ""
    assert kinds[2] == ["added_speculation"]
    assert dropped.rewrite is None and dropped.origin_text.startswith("The ministry also published")
    assert kinds[3] == ["dropped"]


def test_compare_spans_point_into_the_texts() -> None:
    for p in _compare_fixture():
        if p.origin is not None:
            assert ORIGIN[p.origin[0]:p.origin[1]] == p.origin_text
        if p.rewrite is not None:
            assert REWRITE[p.rewrite[0]:p.rewrite[1]] == p.rewrite_text
        if p.origin is not None and p.rewrite is not None:
            assert 0.0 < p.similarity <= 1.0 + 1e-6


def test_compare_of_a_verbatim_copy_finds_nothing() -> None:
    emb = HashingEmbedder()
    origin, copy = Article("o", ORIGIN), Article("c", ORIGIN)
    pairs = compare(origin, Extraction("o", 1), article_features("o", 1, 0, ORIGIN, emb),
                    copy, Extraction("c", 1), article_features("c", 1, 1, ORIGIN, emb), HASH_TH)
    assert len(pairs) == 3
    assert all(p.changes == [] for p in pairs)
    assert all(p.similarity == pytest.approx(1.0, abs=1e-5) for p in pairs)


def test_compare_filler_is_not_speculation() -> None:
    emb = HashingEmbedder()
    filler = REWRITE.replace("Experts speculate the war could spread across the whole region before long.",
                             "Subscribe to our newsletter for the latest updates every morning.")
    pairs = compare(Article("o", ORIGIN), Extraction("o", 1), article_features("o", 1, 0, ORIGIN, emb),
                    Article("r", filler), Extraction("r", 1), article_features("r", 1, 1, filler, emb), HASH_TH)
    added = [c.kind for p in pairs if p.origin is None for c in p.changes]
    assert added == ["added_filler"]
    assert not re.search(r"speculat", " ".join(p.rewrite_text for p in pairs if p.origin is None))


def test_an_undated_report_joins_a_story_only_on_several_shared_claims() -> None:
    from datetime import date

    from claimgraph.link.pipeline import UNDATED_STORY_CLAIMS, _same_story
    from claimgraph.link.rules import thresholds_for

    th = thresholds_for("all-MiniLM-L6-v2")
    day = date(2024, 3, 1)
    assert _same_story(day, date(2024, 3, 3), 0.86, 1, th)
    assert not _same_story(day, date(2024, 3, 9), 0.95, 9, th)  # a week apart: another day's news
    assert not _same_story(None, day, 0.86, 1, th)  # undated: one shared claim is not enough
    assert not _same_story(None, day, 0.86, UNDATED_STORY_CLAIMS, th)  # nor is the dated cosine
    assert _same_story(None, None, 0.9, UNDATED_STORY_CLAIMS, th)


def test_blame_and_weapon_qualified_verbs_are_acts_claims_compare() -> None:
    assert "blame" in evoked_types("the suggestion that the ministry had a hand in the blast is an absolute lie")
    assert "blame" in evoked_types("not much happens in the country that the president is not behind")
    assert "transfer" in evoked_types("the army has received short-range ballistic missiles from its ally")
    assert "transfer" not in evoked_types("the president received the ambassador on Monday")


def test_a_name_given_in_full_and_by_its_last_word_is_one_party() -> None:
    full = frame({"Tomas Redlak"}, {"launch_attack"})
    short = frame({"Redlak"}, {"launch_attack"})
    assert compatible_claims(full, short)
    assert not compatible_claims(full, frame({"Halvik"}, {"launch_attack"}))


def test_two_days_for_acts_of_two_different_doers_are_two_acts_not_a_date_conflict() -> None:
    wire = claim("wire", 4, source="Analysts", source_type="expert", certainty="speculative")
    gazette = claim("gazette", 2)
    theirs = replace(_strike_frame("2024-03-14"), doers=frozenset({"Karvany"}))
    ours = replace(_strike_frame("2024-03-11"), doers=frozenset({"Belmora"}))
    assert contradiction(wire, gazette, theirs, ours, 0.7, TH) is None
    same_doer = replace(ours, doers=frozenset({"Karvany"}))
    got = contradiction(wire, gazette, theirs, same_doer, 0.7, TH)
    assert got is not None and got[0] == "date"


def test_an_order_is_blame_only_when_it_kills() -> None:
    assert "blame" not in evoked_types("The president ordered the fighters to sign an oath after the crash killed him")
    assert "blame" in evoked_types("Suggestions that he had been killed on its orders are a lie")
    assert "blame" in evoked_types("The president ordered the killing of the commander")

