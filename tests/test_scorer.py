"""Tests for claimgraph.eval: gold loading, matching rules, scores and rendering."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from claimgraph.eval import (
    CLAIM_SIMILARITY_THRESHOLD,
    Gold,
    GoldFormatError,
    Predictions,
    claim_similarity,
    dates_compatible,
    load_gold,
    normalise_unit,
    render_explain,
    render_table,
    score,
    stem,
)
from claimgraph.models import Claim, Event, Quantity

A, B, C, D, E = "a_001", "b_002", "c_003", "d_004", "e_005"

TEXT_A = (
    "North Korea tested a Hwasong-18 missile in July 2023. "
    "Analysts say Russia may have helped develop the missile. "
    "The missile can fly 900 km."
)
TEXT_B = "Russia denied supplying missiles to North Korea. The weather was fine."


def gold_dict(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "claimgraph-gold/1",
        "articles": {
            A: {"published": "2023-07-20", "outlet": "Daily"},
            B: {"published": None, "outlet": None},
            C: {"published": None, "outlet": None},
        },
        "clusters": [[A, B]],
        "events": [
            {
                "id": "E1",
                "date": "2023-07",
                "type": "missile_test",
                "actors": ["North Korea"],
                "location": None,
                "weapon": "Hwasong-18",
                "summary": "North Korea tests the Hwasong-18",
                "articles": [A],
            },
            {
                "id": "E2",
                "date": None,
                "type": "denial",
                "actors": ["Russia"],
                "location": None,
                "weapon": None,
                "summary": "Russia denies supplying missiles",
                "articles": [B],
            },
        ],
        "claims": [
            {
                "id": "C1",
                "source": "analysts",
                "source_type": "expert",
                "summary": "Russia may have helped develop the missile",
                "certainty": "speculative",
                "articles": [A],
            },
            {
                "id": "C2",
                "source": "Russia",
                "source_type": "official",
                "summary": "Russia denies supplying missiles to North Korea",
                "certainty": "denied",
                "articles": [B],
            },
        ],
        "quantities": [
            {
                "what": "missile range",
                "value": 900,
                "value_max": None,
                "unit": "km",
                "source": "author",
                "articles": [A],
            }
        ],
        "contradictions": [
            {"summary": "helped vs denied", "articles": [A, B], "claims": ["C1", "C2"]},
        ],
    }
    data.update(overrides)
    return data


def write_gold(tmp_path: Path, **overrides: Any) -> Gold:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold_dict(**overrides)), encoding="utf-8")
    return load_gold(path)


def ev(
    article: str, type_: str, actors: list[str], date: str | None, id_: str = "e", start: int = 0, end: int = 0
) -> Event:
    return Event(article_key=article, id=id_, type=type_, trigger="x", start=start, end=end, actors=actors, date=date)


def cl(
    article: str,
    text: str,
    source: str,
    source_type: str,
    certainty: str = "asserted",
    id_: str = "c",
) -> Claim:
    return Claim(
        article_key=article,
        id=id_,
        start=0,
        end=len(text),
        text=text,
        source=source,
        source_type=source_type,
        certainty=certainty,
    )


def qu(article: str, value: float, unit: str, start: int = 0, end: int = 0) -> Quantity:
    return Quantity(article_key=article, start=start, end=end, text=f"{value} {unit}", value=value, unit=unit)


def perfect() -> Predictions:
    return Predictions(
        events=[
            ev(A, "missile_test", ["North Korea"], "2023-07", "e1"),
            ev(B, "denial", ["Russia"], None, "e2"),
        ],
        claims=[
            cl(A, "Russia may have helped develop the missile", "analysts", "expert", "speculative", "c1"),
            cl(B, "it never supplied missiles to North Korea", "Russia", "official", "denied", "c2"),
        ],
        quantities=[qu(A, 900, "km")],
        clusters=[[A, B], [C]],
        contradictions=[(A, B)],
        claim_contradictions=[((A, "c1"), (B, "c2"), "denial", "Russia denies what analysts affirm")],
    )


# ---------------------------------------------------------------- whole report


def test_perfect_predictions_score_one_everywhere(tmp_path: Path) -> None:
    gold = write_gold(tmp_path)
    result = score(gold, perfect()).to_json()
    assert result == {
        "events": {"precision": 1.0, "recall": 1.0, "f1": 1.0, "date_exact": 1.0},
        "claims": {"precision": 1.0, "recall": 1.0, "f1": 1.0, "certainty_accuracy": 1.0},
        "quantities": {"precision": 1.0, "recall": 1.0, "f1": 1.0},
        "clusters": {"precision": 1.0, "recall": 1.0, "f1": 1.0},
        # one matched claim per article, of two propositions, kept apart: no pair to judge
        "claim_clusters": {"precision": None, "recall": None, "f1": None, "largest": 0},
        "event_merge": {"precision": None, "recall": None, "f1": None},
        "contradictions": {"recall": 1.0, "precision": 1.0, "flagged": 1, "article_pair_recall": 1.0},
    }


def test_empty_sections_give_none(tmp_path: Path) -> None:
    gold = write_gold(tmp_path, events=[], claims=[], quantities=[], contradictions=[])
    report = score(gold, Predictions(clusters=[[A, B]]))
    result = report.to_json()
    assert result["events"] == {"precision": None, "recall": None, "f1": None, "date_exact": None}
    assert result["claims"] == {"precision": None, "recall": None, "f1": None, "certainty_accuracy": None}
    assert result["quantities"] == {"precision": None, "recall": None, "f1": None}
    assert result["contradictions"] == {"recall": None, "precision": None, "flagged": 0, "article_pair_recall": None}
    assert result["clusters"]["f1"] == 1.0


def test_gold_without_predictions_scores_zero_not_none(tmp_path: Path) -> None:
    gold = write_gold(tmp_path)
    result = score(gold, Predictions()).to_json()
    assert result["events"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "date_exact": None}
    assert result["contradictions"] == {"recall": 0.0, "precision": None, "flagged": 0, "article_pair_recall": 0.0}


def test_predictions_outside_gold_articles_are_ignored(tmp_path: Path) -> None:
    gold = write_gold(tmp_path)
    pred = perfect()
    pred.events.append(ev("not_in_gold", "missile_test", ["North Korea"], "2023-07"))
    pred.quantities.append(qu("not_in_gold", 5, "km"))
    report = score(gold, pred)
    assert report.events.precision == 1.0
    assert report.quantities.precision == 1.0
    assert report.false_alarms == []


# ---------------------------------------------------------------- events


def test_event_with_wrong_type_does_not_match(tmp_path: Path) -> None:
    gold = write_gold(tmp_path)
    pred = perfect()
    pred.events[0] = ev(A, "launch_attack", ["North Korea"], "2023-07")
    report = score(gold, pred)
    assert report.events.recall == 0.5
    assert report.events.precision == 0.5
    assert [m.gold_id for m in report.events.misses] == ["E1"]


def test_event_without_shared_actor_or_in_other_article_does_not_match(tmp_path: Path) -> None:
    gold = write_gold(tmp_path)
    pred = Predictions(
        events=[
            ev(A, "missile_test", ["Russia"], "2023-07"),
            ev(B, "missile_test", ["North Korea"], "2023-07"),
        ]
    )
    assert score(gold, pred).events.recall == 0.0


def test_dates_compatible_at_coarser_granularity() -> None:
    assert dates_compatible("2023-07", "2023-07-15")
    assert dates_compatible("2023-07-15", "2023-07")
    assert dates_compatible("2023", "2023-12-31")
    assert not dates_compatible("2023", "2024-01")
    assert not dates_compatible("2023-07-15", "2023-07-16")
    assert not dates_compatible("2023-07", "2023-08-01")
    assert dates_compatible(None, "2020-01-01")
    assert dates_compatible(None, None)
    assert not dates_compatible("2023-07", None)


def test_event_date_granularity_in_scoring(tmp_path: Path) -> None:
    gold = write_gold(tmp_path)
    day = score(gold, Predictions(events=[ev(A, "missile_test", ["North Korea"], "2023-07-15")]))
    assert day.events.recall == 0.5
    assert day.events.date_exact == 0.0
    assert day.events.matches[0].pred_date == "2023-07-15"
    year = score(gold, Predictions(events=[ev(A, "missile_test", ["North Korea"], "2024")]))
    assert year.events.recall == 0.0
    undated = score(gold, Predictions(events=[ev(A, "missile_test", ["North Korea"], None)]))
    assert undated.events.recall == 0.0


def test_null_gold_date_matches_any_date(tmp_path: Path) -> None:
    gold = write_gold(tmp_path)
    dated = score(gold, Predictions(events=[ev(B, "denial", ["Russia"], "2023-11-02")]))
    assert dated.events.recall == 0.5
    assert dated.events.date_exact == 0.0
    undated = score(gold, Predictions(events=[ev(B, "denial", ["Russia"], None)]))
    assert undated.events.date_exact == 1.0


def test_alias_canon_used_for_actors(tmp_path: Path) -> None:
    gold = write_gold(tmp_path)
    aliases = {"DPRK": "North Korea", "Pyongyang": "North Korea"}
    pred = Predictions(events=[ev(A, "missile_test", ["the DPRK"], "2023-07")])
    assert score(gold, pred).events.recall == 0.0
    assert score(gold, pred, canon=lambda s: aliases.get(s, s)).events.recall == 0.5
    # case and a leading "the" do not matter
    pred = Predictions(events=[ev(A, "missile_test", ["the north korea"], "2023-07")])
    assert score(gold, pred).events.recall == 0.5


def test_one_to_one_two_predictions_for_one_gold(tmp_path: Path) -> None:
    gold = write_gold(tmp_path, events=[gold_dict()["events"][0]])
    pred = Predictions(
        events=[
            ev(A, "missile_test", ["North Korea"], "2023-07-15", "first"),
            ev(A, "missile_test", ["North Korea"], "2023-07", "second"),
        ]
    )
    report = score(gold, pred)
    assert report.events.precision == 0.5
    assert report.events.recall == 1.0
    # the exact-date prediction is preferred
    assert report.events.matches[0].pred_id == "second"
    assert report.events.date_exact == 1.0
    assert [fa.pred_id for fa in report.events.false_alarms] == ["first"]


def test_gold_event_in_several_articles_counts_once(tmp_path: Path) -> None:
    event = dict(gold_dict()["events"][1], articles=[A, B])
    gold = write_gold(tmp_path, events=[event])
    pred = Predictions(events=[ev(A, "denial", ["Russia"], None), ev(B, "denial", ["Russia"], None)])
    report = score(gold, pred)
    # Recall counts the gold item once; each article's report of it is right, not a false alarm.
    assert report.events.recall == 1.0
    assert report.events.precision == 1.0
    assert report.events.n_matched == 2
    # A second prediction in the same article is still a false alarm.
    pred.events.append(ev(A, "denial", ["Russia"], None, "third"))
    report = score(gold, pred)
    assert report.events.precision == 2 / 3


# ---------------------------------------------------------------- claims


def test_stemmer_conflates_word_forms() -> None:
    assert stem("develop") == stem("developing") == stem("development") == stem("developed")
    assert stem("supply") == stem("supplied") == stem("supplies")
    assert stem("missile") == stem("missiles")
    assert stem("transfer") == stem("transferred") == stem("transfers")


def test_claim_similarity() -> None:
    assert claim_similarity("Russia supplied missiles", "the supply of a missile by Russia") == 1.0
    # stems {russia, help, develop, missil}: 2 of 4 found
    assert claim_similarity("Russia may have helped develop the missile", "development of the missile") == 0.5
    assert claim_similarity("the", "anything") == 0.0
    assert CLAIM_SIMILARITY_THRESHOLD == 0.5


def test_claim_with_unrelated_text_does_not_match(tmp_path: Path) -> None:
    gold = write_gold(tmp_path)
    pred = Predictions(claims=[cl(A, "the weather in Pyongyang was sunny", "analysts", "expert")])
    report = score(gold, pred)
    assert report.claims.recall == 0.0
    assert report.claims.precision == 0.0


def test_generic_source_matched_by_source_type(tmp_path: Path) -> None:
    gold = write_gold(tmp_path)
    text = "Russia may have helped develop the missile"
    by_type = Predictions(claims=[cl(A, text, "Jane Doe", "expert", "speculative")])
    assert score(gold, by_type).claims.recall == 0.5
    by_noun = Predictions(claims=[cl(A, text, "Western analysts", "media", "speculative")])
    assert score(gold, by_noun).claims.recall == 0.5
    neither = Predictions(claims=[cl(A, text, "Jane Doe", "media", "speculative")])
    assert score(gold, neither).claims.recall == 0.0
    author = Predictions(claims=[cl(A, text, "author", "author", "speculative")])
    assert score(gold, author).claims.recall == 0.0


def test_generic_source_with_proper_name_prefix(tmp_path: Path) -> None:
    claim = {
        "id": "C9",
        "source": "White House officials",
        "source_type": "official",
        "summary": "Russia fired North Korean missiles at Ukraine",
        "certainty": "reported",
        "articles": [A],
    }
    gold = write_gold(tmp_path, claims=[claim])
    text = "Russia fired North Korean missiles at Ukraine"
    assert score(gold, Predictions(claims=[cl(A, text, "John Kirby", "official", "reported")])).claims.recall == 1.0
    assert score(gold, Predictions(claims=[cl(A, text, "US officials", "anonymous")])).claims.recall == 1.0
    assert score(gold, Predictions(claims=[cl(A, text, "John Kirby", "expert")])).claims.recall == 0.0


def test_named_source_alias_and_token_subset(tmp_path: Path) -> None:
    claim = {
        "id": "C4",
        "source": "Theodore Postol",
        "source_type": "expert",
        "summary": "The Hwasong-18 closely resembles the Topol-M",
        "certainty": "reported",
        "articles": [A],
    }
    gold = write_gold(tmp_path, claims=[claim])
    text = "the Hwasong-18 resembles Russia's Topol-M"
    assert score(gold, Predictions(claims=[cl(A, text, "Postol", "expert")])).claims.recall == 1.0
    assert score(gold, Predictions(claims=[cl(A, text, "Ted Postol", "expert")])).claims.recall == 0.0
    canon = {"Ted Postol": "Theodore Postol"}.get
    report = score(gold, Predictions(claims=[cl(A, text, "Ted Postol", "expert")]), canon=lambda s: canon(s, s))
    assert report.claims.recall == 1.0
    assert score(gold, Predictions(claims=[cl(A, text, "John Kirby", "expert")])).claims.recall == 0.0


def test_named_source_transliteration_and_acronym(tmp_path: Path) -> None:
    claim = {"id": "C5", "source": "Vitali Brenko", "source_type": "official",
             "summary": "The harbour was shelled with 28 rockets on Monday", "certainty": "reported", "articles": [A]}
    gold = write_gold(tmp_path, claims=[claim])
    text = "the harbour was shelled with 28 rockets on Monday"
    assert score(gold, Predictions(claims=[cl(A, text, "Vitaly Brenko", "official")])).claims.recall == 1.0
    assert score(gold, Predictions(claims=[cl(A, text, "Vitaly Brenkova", "official")])).claims.recall == 0.0
    claim = {**claim, "source": "UKMTO"}
    gold = write_gold(tmp_path, claims=[claim])
    full = "United Kingdom Maritime Trade Operations"
    assert score(gold, Predictions(claims=[cl(A, text, full, "organization")])).claims.recall == 1.0
    assert score(gold, Predictions(claims=[cl(A, text, "United Kingdom Navy", "organization")])).claims.recall == 0.0


def test_certainty_accuracy_and_explain(tmp_path: Path) -> None:
    gold = write_gold(tmp_path)
    pred = perfect()
    pred.claims[0].certainty = "hedged"
    report = score(gold, pred)
    assert report.claims.f1 == 1.0
    assert report.claims.certainty_accuracy == 0.5
    differing = [m for m in report.claims.matches if not m.certainty_agrees]
    assert [(m.gold_id, m.gold_certainty, m.pred_certainty) for m in differing] == [("C1", "speculative", "hedged")]


def test_claims_one_to_one_prefers_most_similar(tmp_path: Path) -> None:
    gold = write_gold(tmp_path, claims=[gold_dict()["claims"][0]])
    pred = Predictions(
        claims=[
            cl(A, "Russia helped develop things", "analysts", "expert", id_="partial"),
            cl(A, "Russia may have helped develop the missile", "analysts", "expert", id_="full"),
        ]
    )
    report = score(gold, pred)
    assert report.claims.precision == 0.5
    assert report.claims.recall == 1.0
    assert report.claims.matches[0].pred_id == "full"


# ---------------------------------------------------------------- quantities


def test_quantity_within_one_percent(tmp_path: Path) -> None:
    gold = write_gold(tmp_path)
    assert score(gold, Predictions(quantities=[qu(A, 908, "km")])).quantities.recall == 1.0
    assert score(gold, Predictions(quantities=[qu(A, 918, "km")])).quantities.recall == 0.0
    assert score(gold, Predictions(quantities=[qu(A, 900, "missile")])).quantities.recall == 0.0
    assert score(gold, Predictions(quantities=[qu(B, 900, "km")])).quantities.recall == 0.0


def test_units_normalised_and_miles_converted(tmp_path: Path) -> None:
    assert normalise_unit("Kilometres", 5) == ("km", 5)
    assert normalise_unit("missiles", 3) == ("missile", 3)
    assert normalise_unit("mach", 10) == normalise_unit("Mach", 10)
    unit, value = normalise_unit("miles", 100)
    assert unit == "km" and value == pytest.approx(160.9344)
    gold = write_gold(tmp_path)
    assert score(gold, Predictions(quantities=[qu(A, 559, "miles")])).quantities.recall == 1.0
    assert score(gold, Predictions(quantities=[qu(A, 900, "miles")])).quantities.recall == 0.0
    assert score(gold, Predictions(quantities=[qu(A, 900, "kilometers")])).quantities.recall == 1.0


# ---------------------------------------------------------------- clusters, contradictions


def test_bcubed_against_hand_computation(tmp_path: Path) -> None:
    articles = {k: {"published": None, "outlet": None} for k in (A, B, C, D, E)}
    gold = write_gold(
        tmp_path, articles=articles, clusters=[[A, B, C]], events=[], claims=[], quantities=[], contradictions=[]
    )
    pred = Predictions(clusters=[[A, B, "unknown_key"], [C, D]])
    # per article (precision, recall): a (1, 2/3), b (1, 2/3), c (1/2, 1/3), d (1/2, 1), e (1, 1)
    result = score(gold, pred).to_json()["clusters"]
    assert result["precision"] == pytest.approx(4 / 5)
    assert result["recall"] == pytest.approx(11 / 15)
    assert result["f1"] == pytest.approx(88 / 115)


def test_contradiction_recall_with_in_article_pair(tmp_path: Path) -> None:
    contradictions = [
        {"summary": "across", "articles": [A, B], "claims": []},
        {"summary": "within", "articles": [C], "claims": []},
    ]
    gold = write_gold(tmp_path, contradictions=contradictions)
    # the older, lenient measure: only the set of articles has to agree
    both = score(gold, Predictions(contradictions=[(B, A), (C, C)]))
    assert both.contradictions.article_pair_recall == 1.0
    assert both.contradictions.recall == 0.0  # no claim pair flagged: nothing found claim to claim
    half = score(gold, Predictions(contradictions=[(A, B), (C, A)]))
    assert half.contradictions.article_pair_recall == 0.5


# ---------------------------------------------------------------- gold loading


def test_load_gold_reads_a_valid_file(tmp_path: Path) -> None:
    gold = write_gold(tmp_path)
    assert list(gold.articles) == [A, B, C]
    assert gold.events[0]["id"] == "E1"
    assert gold.quantities[0]["id"] == "Q1"
    assert gold.clusters == [[A, B]]


def test_load_gold_missing_format(tmp_path: Path) -> None:
    path = tmp_path / "nofmt.json"
    data = gold_dict()
    del data["format"]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(GoldFormatError) as info:
        load_gold(path)
    assert str(path) in str(info.value)
    assert "format" in info.value.reason
    assert info.value.path == path


def test_load_gold_malformed_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": "claimgraph-gold/1", "articles": {', encoding="utf-8")
    with pytest.raises(GoldFormatError) as info:
        load_gold(path)
    assert str(path) in str(info.value)
    assert "JSON" in info.value.reason


@pytest.mark.parametrize(
    ("overrides", "needle"),
    [
        ({"format": "claimgraph-gold/2"}, "unsupported format"),
        ({"events": {}}, "'events' must be an array"),
        ({"events": [dict(gold_dict()["events"][0], type="explosion")]}, "unknown event type 'explosion'"),
        ({"claims": [dict(gold_dict()["claims"][0], certainty="likely")]}, "unknown certainty 'likely'"),
        ({"claims": [dict(gold_dict()["claims"][0], source_type="pundit")]}, "unknown source_type"),
        ({"events": [dict(gold_dict()["events"][0], date="July 2023")]}, "date"),
        ({"events": [dict(gold_dict()["events"][0], articles=["zzz"])]}, "'zzz' is not listed"),
        ({"quantities": [dict(gold_dict()["quantities"][0], value="900")]}, "value must be a number"),
        ({"clusters": [[A], [A]]}, "already in clusters[0]"),
    ],
)
def test_load_gold_rejects_bad_content(tmp_path: Path, overrides: dict[str, Any], needle: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(gold_dict(**overrides)), encoding="utf-8")
    with pytest.raises(GoldFormatError) as info:
        load_gold(path)
    assert needle in info.value.reason
    assert str(path) in str(info.value)


def test_load_gold_missing_key_in_item(tmp_path: Path) -> None:
    event = dict(gold_dict()["events"][0])
    del event["actors"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(gold_dict(events=[event])), encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"events\[0\] \(id 'E1'\): missing key 'actors'"):
        load_gold(path)
    data = gold_dict()
    del data["claims"]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(GoldFormatError, match="missing key 'claims'"):
        load_gold(path)


# ---------------------------------------------------------------- explain and rendering


def test_explain_quotes_sentences_and_renders(tmp_path: Path) -> None:
    gold = write_gold(tmp_path)
    weather = TEXT_B.index("The weather")
    pred = Predictions(
        events=[ev(B, "statement_warning", ["Russia"], None, "e9", weather, len(TEXT_B))],
        claims=[cl(A, "Russia may have helped develop the missile", "analysts", "expert", "hedged")],
        quantities=[qu(A, 900, "km", TEXT_A.index("900"), TEXT_A.index("900") + 6)],
        sentences={A: TEXT_A, B: TEXT_B},
    )
    report = score(gold, pred)
    assert {(m.section, m.gold_id) for m in report.misses} == {
        ("events", "E1"),
        ("events", "E2"),
        ("claims", "C2"),
        ("contradictions", "X1"),
    }
    [alarm] = report.false_alarms
    assert alarm.article_key == B
    assert alarm.sentence == "The weather was fine."
    [qmatch] = report.quantities.matches
    assert qmatch.sentence == "The missile can fly 900 km."

    console = Console(record=True, width=200)
    render_table(report, console)
    render_explain(report, console)
    out = console.export_text()
    for needle in ("events", "claims", "quantities", "clusters", "contradictions", "date exact"):
        assert needle in out
    assert "MISS E1" in out
    assert "FALSE ALARM e9" in out
    assert "The weather was fine." in out
    assert "CERTAINTY C1" in out and "gold speculative, predicted hedged" in out


# ---------------------------------------------------------------- claim clusters, event merging, contradictions


def _three_way_gold(tmp_path: Path) -> Gold:
    """Two articles state P1 (Russia supplied missiles), a third denies it (P2)."""
    claims = [
        {"id": "C1", "source": "author", "source_type": "author", "summary": "Russia supplied missiles to Syria",
         "certainty": "asserted", "proposition": "P1", "articles": [A]},
        {"id": "C2", "source": "Reuters", "source_type": "media", "summary": "Russia supplied missiles to Syria",
         "certainty": "reported", "proposition": "P1", "articles": [B]},
        {"id": "C3", "source": "Russia", "source_type": "official", "summary": "Russia denies supplying missiles",
         "certainty": "denied", "articles": [C]},
    ]
    events = [
        {"id": "E1", "date": "2023-07", "type": "transfer", "actors": ["Russia"], "summary": "Russia ships missiles",
         "articles": [A]},
        {"id": "E2", "date": "2023-07-04", "type": "transfer", "actors": ["Russia"], "summary": "Russia ships missiles",
         "articles": [B]},
        {"id": "E3", "date": None, "type": "denial", "actors": ["Russia"], "summary": "Russia denies",
         "articles": [C]},
    ]
    contradictions = [{"summary": "supplied vs denied", "articles": [B, C], "claims": ["C2", "C3"]}]
    return write_gold(tmp_path, claims=claims, events=events, contradictions=contradictions, quantities=[])


def _three_way_pred(claim_clusters: dict, event_clusters: dict, contra: list) -> Predictions:
    return Predictions(
        claims=[
            cl(A, "Russia supplied missiles to Syria", "author", "author", "asserted", "c1"),
            cl(B, "Russia supplied missiles to Syria", "Reuters", "media", "reported", "c1"),
            cl(C, "it never supplied missiles", "Russia", "official", "denied", "c1"),
        ],
        events=[
            ev(A, "transfer", ["Russia"], "2023-07", "e1"),
            ev(B, "transfer", ["Russia"], "2023-07-04", "e1"),
            ev(C, "denial", ["Russia"], None, "e1"),
        ],
        claim_clusters=claim_clusters,
        event_clusters=event_clusters,
        claim_contradictions=contra,
    )


def test_claim_clusters_and_event_merging_are_scored_pairwise(tmp_path: Path) -> None:
    gold = _three_way_gold(tmp_path)
    right = _three_way_pred({(A, "c1"): 1, (B, "c1"): 1, (C, "c1"): 2}, {(A, "e1"): 1, (B, "e1"): 1, (C, "e1"): 2}, [])
    report = score(gold, right)
    assert (report.claim_clusters.precision, report.claim_clusters.recall) == (1.0, 1.0)
    assert report.claim_clusters.largest == 2
    assert (report.event_merge.precision, report.event_merge.recall) == (1.0, 1.0)
    # one blob: the pair A-B is right, A-C and B-C are false merges
    blob = _three_way_pred({(A, "c1"): 1, (B, "c1"): 1, (C, "c1"): 1}, {(A, "e1"): 1, (B, "e1"): 2, (C, "e1"): 3}, [])
    report = score(gold, blob)
    assert report.claim_clusters.precision == pytest.approx(1 / 3)
    assert report.claim_clusters.recall == 1.0
    assert report.claim_clusters.largest == 3
    assert sum(i.kind == "false merge" for i in report.claim_clusters.issues) == 2
    assert report.event_merge.recall == 0.0
    assert [i.kind for i in report.event_merge.issues] == ["missed merge"]


def test_contradictions_are_matched_claim_to_claim(tmp_path: Path) -> None:
    gold = _three_way_gold(tmp_path)
    # flagged between A and C: the right article of one side only, and not a gold contradiction
    wrong = _three_way_pred({}, {}, [((A, "c1"), (C, "c1"), "denial", "why")])
    report = score(gold, wrong)
    assert report.contradictions.recall == 0.0
    assert report.contradictions.precision == 0.0
    assert report.contradictions.flagged == 1
    assert report.contradictions.judged == 1
    assert report.contradictions.issues[0].kind.startswith("false contradiction")
    right = _three_way_pred({}, {}, [((C, "c1"), (B, "c1"), "denial", "why")])
    report = score(gold, right)
    assert (report.contradictions.recall, report.contradictions.precision) == (1.0, 1.0)
    # an unmatched side is not judged: flagged but no precision evidence
    unjudged = _three_way_pred({}, {}, [((C, "c1"), (B, "c9"), "denial", "why")])
    report = score(gold, unjudged)
    assert (report.contradictions.flagged, report.contradictions.judged) == (1, 0)
    assert report.contradictions.recall == 0.0


def test_explain_lists_false_merges_and_false_contradictions_with_sentences(tmp_path: Path) -> None:
    gold = _three_way_gold(tmp_path)
    pred = _three_way_pred({(A, "c1"): 1, (B, "c1"): 1, (C, "c1"): 1}, {}, [((A, "c1"), (C, "c1"), "denial", "why")])
    pred.sentences = {A: "Russia supplied missiles to Syria.", B: "Russia supplied missiles to Syria.",
                      C: "Moscow said it never supplied missiles."}
    console = Console(record=True, width=200)
    render_explain(score(gold, pred), console)
    out = console.export_text()
    assert "FALSE MERGE" in out and "FALSE CONTRADICTION" in out
    assert "Moscow said it never supplied missiles." in out


def test_incident_is_an_event_type(tmp_path: Path) -> None:
    events = [{"id": "E1", "date": None, "type": "incident", "actors": ["Russia"], "summary": "a crash",
               "articles": [A]}]
    gold = write_gold(tmp_path, events=events)
    assert gold.events[0]["type"] == "incident"
