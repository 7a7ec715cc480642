"""The extraction side of the command line: ingest + analyse, claims, timeline, entity,
show --annotate, eval, and the errors a user can make (bad gold file, missing pack).

Three invented articles about a fictional missile shipment from North Korea to Russia.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from claimgraph.cli import app

ARTICLES = {
    "rail_bridge": """\
 date 2024-02-14
Freight traffic surges on the Tumen River bridge

By a staff correspondent

Freight trains crossed the Tumen River bridge from North Korea into Russia at least 30 times in January, \
according to a report by a Washington think tank.

John Kirby told reporters on Tuesday that North Korea had delivered ballistic missiles and launchers to Russia.

The spokesperson said the missiles were fired at targets in Ukraine on January 2.

Pyongyang denied that it had sold any weapons to Moscow.
""",
    "kremlin_denial": """\
 date 2024-02-16
Kremlin dismisses missile reports

Moscow pushed back on Friday against accusations that it had bought missiles from its neighbour.

Dmitry Peskov said Russia had never received weapons from North Korea.

He said the American claims were an attempt to distract from aid to Kyiv.

Russia and North Korea have denied any arms trade, which would breach United Nations sanctions.
""",
    "analyst_view": """\
 date 2024-03-01
What the debris tells us

A week after the strike on Kharkiv, investigators are still sorting through the wreckage.

A Ukrainian official said the debris came from a North Korean Hwasong-11 missile.

Analysts believe North Korea likely shipped about 50 such missiles to Russia in late 2023.

Some experts speculate that Russia could pay Pyongyang with help on satellite launches.

Kim Jong Un visited the Vostochny Cosmodrome in September 2023.
""",
}

GOLD: dict[str, Any] = {
    "format": "claimgraph-gold/1",
    "articles": {
        "rail_bridge": {"published": "2024-02-14", "outlet": None},
        "kremlin_denial": {"published": "2024-02-16", "outlet": None},
        "analyst_view": {"published": "2024-03-01", "outlet": None},
    },
    "clusters": [["rail_bridge", "kremlin_denial", "analyst_view"]],
    "events": [
        {"id": "E1", "date": None, "type": "transfer", "actors": ["North Korea", "Russia"], "location": None,
         "weapon": "ballistic missile", "summary": "North Korea delivers ballistic missiles and launchers to Russia",
         "articles": ["rail_bridge"]},
        {"id": "E2", "date": None, "type": "denial", "actors": ["North Korea"], "location": None, "weapon": None,
         "summary": "North Korea denies selling weapons to Russia", "articles": ["rail_bridge"]},
        {"id": "E3", "date": "2023-09", "type": "visit_meeting", "actors": ["Kim Jong Un", "Russia"],
         "location": "Vostochny Cosmodrome", "weapon": None,
         "summary": "Kim Jong Un visits the Vostochny Cosmodrome", "articles": ["analyst_view"]},
    ],
    "claims": [
        {"id": "C1", "source": "John Kirby", "source_type": "official", "certainty": "reported",
         "summary": "North Korea delivered ballistic missiles and launchers to Russia", "articles": ["rail_bridge"]},
        {"id": "C2", "source": "North Korea", "source_type": "official", "certainty": "denied",
         "summary": "North Korea sold no weapons to Moscow", "articles": ["rail_bridge"]},
        {"id": "C3", "source": "Dmitry Peskov", "source_type": "official", "certainty": "reported",
         "summary": "Russia never received weapons from North Korea", "articles": ["kremlin_denial"]},
        {"id": "C4", "source": "analysts", "source_type": "expert", "certainty": "hedged",
         "summary": "North Korea shipped about 50 missiles to Russia in late 2023", "articles": ["analyst_view"]},
    ],
    "quantities": [
        {"what": "missiles shipped to Russia", "value": 50, "value_max": None, "unit": "missile",
         "source": "analysts", "articles": ["analyst_view"]},
    ],
    "contradictions": [
        {"summary": "Kirby says North Korea delivered missiles; Peskov says Russia received none",
         "articles": ["rail_bridge", "kremlin_denial"], "claims": ["C1", "C3"]},
    ],
}

FORMAT_KEYS = {
    "events": {"precision", "recall", "f1", "date_exact"},
    "claims": {"precision", "recall", "f1", "certainty_accuracy"},
    "quantities": {"precision", "recall", "f1"},
    "clusters": {"precision", "recall", "f1"},
    "contradictions": {"recall"},
}


def cli(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def one_line(text: str) -> str:
    """Rich may wrap long error lines on a narrow console; join them back."""
    return text.replace("\n", "")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    for key, text in ARTICLES.items():
        (d / f"{key}.txt").write_text(text, encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def ingested(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    db = tmp_path_factory.mktemp("db") / "store.duckdb"
    res = cli("ingest", corpus, "--db", db)
    return db, res


@pytest.fixture(scope="module")
def texts(ingested: tuple[Path, Result]) -> dict[str, str]:
    db, _ = ingested
    out = {}
    for key in ARTICLES:
        res = cli("show", key, "--db", db, "--json")
        assert res.exit_code == 0, res.output
        out[key] = json.loads(res.stdout)["text"]
    return out


# ------------------------------------------------------------------ ingest


def test_ingest_reports_the_analysis(ingested: tuple[Path, Result]) -> None:
    _, res = ingested
    assert res.exit_code == 0, res.output
    assert "stored 3" in res.stdout
    assert "analysed 3 articles" in res.stdout
    analysed = next(line for line in res.stdout.splitlines() if line.startswith("analysed"))
    assert "skipped 0" in analysed
    assert "linked 3 articles" in res.stdout


def test_ingest_again_is_a_no_op_but_still_reports(ingested: tuple[Path, Result], corpus: Path) -> None:
    db, _ = ingested
    res = cli("ingest", corpus, "--db", db)
    assert res.exit_code == 0, res.output
    assert "unchanged 3" in res.stdout


# ------------------------------------------------------------------ claims


def test_claims_about_north_korea_json(ingested: tuple[Path, Result], texts: dict[str, str]) -> None:
    db, _ = ingested
    res = cli("claims", "--entity", "North Korea", "--json", "--db", db)
    assert res.exit_code == 0, res.output
    items = json.loads(res.stdout)
    assert isinstance(items, list) and items
    for it in items:
        assert {"source", "source_type", "certainty", "article_key", "start", "end", "text"} <= set(it)
        assert "North Korea" in it["entities"]
        assert it["certainty"] in {"asserted", "reported", "hedged", "speculative", "denied"}
        assert texts[it["article_key"]][it["start"] : it["end"]] == it["text"]
    assert {it["article_key"] for it in items} >= {"rail_bridge", "kremlin_denial", "analyst_view"}
    kirby = [it for it in items if it["source"] == "John Kirby"]
    assert kirby and all(it["certainty"] == "reported" for it in kirby)


def test_claims_entity_alias_gives_the_same_claims(ingested: tuple[Path, Result]) -> None:
    db, _ = ingested
    by_name = json.loads(cli("claims", "--entity", "North Korea", "--json", "--db", db).stdout)
    by_alias = json.loads(cli("claims", "--entity", "Pyongyang", "--json", "--db", db).stdout)
    assert [c["id"] for c in by_alias] == [c["id"] for c in by_name]


def test_claims_by_source_and_certainty(ingested: tuple[Path, Result]) -> None:
    db, _ = ingested
    res = cli("claims", "--source", "Kremlin", "--certainty", "denied", "--json", "--db", db)
    assert res.exit_code == 0, res.output
    items = json.loads(res.stdout)
    assert items
    assert {it["source"] for it in items} == {"Russia"}
    assert {it["certainty"] for it in items} == {"denied"}


def test_claims_with_an_unknown_certainty_exits_2(ingested: tuple[Path, Result]) -> None:
    db, _ = ingested
    res = cli("claims", "--certainty", "probable", "--db", db)
    assert res.exit_code == 2
    assert "--certainty" in res.stderr


def test_claims_table(ingested: tuple[Path, Result]) -> None:
    db, _ = ingested
    res = cli("claims", "--entity", "North Korea", "--db", db)
    assert res.exit_code == 0, res.output
    assert "John Kirby" in res.stdout
    assert "claims about North Korea" in res.stdout
    assert "rail_bridge" in res.stdout


# ------------------------------------------------------------------ timeline


def test_timeline_json_is_sorted_by_date(ingested: tuple[Path, Result], texts: dict[str, str]) -> None:
    db, _ = ingested
    res = cli("timeline", "--json", "--db", db)
    assert res.exit_code == 0, res.output
    entries = json.loads(res.stdout)
    assert entries, "the three articles describe transfers, denials and a visit"
    dated = [e["date"] for e in entries if e["date"] is not None]
    assert dated == sorted(dated)
    # undated events (if any) come last
    first_undated = next((i for i, e in enumerate(entries) if e["date"] is None), len(entries))
    assert all(e["date"] is None for e in entries[first_undated:])
    for entry in entries:
        assert entry["type"] and set(entry["articles"]) <= set(ARTICLES)
        assert entry["independent_stories"] >= 1
        for e in entry["events"]:
            assert e["article_key"] in entry["articles"]
            assert e["sentence"] == texts[e["article_key"]][e["start"] : e["end"]]
        if entry["placed_by_article_date"]:
            assert entry["date"] in {GOLD["articles"][k]["published"] for k in entry["articles"]}


def test_timeline_places_the_visit_in_september_2023(ingested: tuple[Path, Result]) -> None:
    db, _ = ingested
    entries = json.loads(cli("timeline", "--json", "--db", db).stdout)
    visits = [e for e in entries if e["type"] == "visit_meeting" and "Kim Jong Un" in e["actors"]]
    assert visits
    assert visits[0]["date"].startswith("2023-09")


# ------------------------------------------------------------------ entity


def test_entity_alias_resolves_to_north_korea(ingested: tuple[Path, Result]) -> None:
    db, _ = ingested
    res = cli("entity", "Pyongyang", "--db", db)
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0].startswith("North Korea")
    assert "claims by North Korea" in res.stdout


def test_entity_json(ingested: tuple[Path, Result]) -> None:
    db, _ = ingested
    res = cli("entity", "Pyongyang", "--json", "--db", db)
    assert res.exit_code == 0, res.output
    prof = json.loads(res.stdout)
    assert prof["name"] == "North Korea"
    assert prof["known"] is True
    assert "Pyongyang" in prof["aliases"]
    assert {m["article_key"] for m in prof["mentions"]} == set(ARTICLES)
    assert any(c["certainty"] == "denied" for c in prof["claims_by"])


def test_unknown_entity_exits_1(ingested: tuple[Path, Result]) -> None:
    db, _ = ingested
    res = cli("entity", "Atlantis Shipping Company", "--db", db)
    assert res.exit_code == 1
    assert "Atlantis Shipping Company" in one_line(res.stderr)


# ------------------------------------------------------------------ show --annotate


def test_show_annotate(ingested: tuple[Path, Result]) -> None:
    db, _ = ingested
    res = cli("show", "rail_bridge", "--annotate", "--db", db)
    assert res.exit_code == 0, res.output
    assert "claims" in res.stdout
    assert "events" in res.stdout
    assert "John Kirby (official) reported" in res.stdout
    assert "legend:" in res.stdout


def test_show_unknown_key_exits_1(ingested: tuple[Path, Result]) -> None:
    db, _ = ingested
    res = cli("show", "no_such_article", "--annotate", "--db", db)
    assert res.exit_code == 1
    assert "no_such_article" in res.stderr


# ------------------------------------------------------------------ eval


def test_eval_json_has_the_format_keys(corpus: Path, tmp_path: Path) -> None:
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(GOLD), encoding="utf-8")
    res = cli("eval", "--gold", gold, "--corpus", corpus, "--json")
    assert res.exit_code == 0, res.output
    scores = json.loads(res.stdout)
    for section, keys in FORMAT_KEYS.items():
        assert keys <= set(scores[section]), section
        for k in keys:
            v = scores[section][k]
            assert v is None or (isinstance(v, int | float) and 0.0 <= v <= 1.0), (section, k, v)
    # the gold claims are plainly in the text: something must match, with the right certainty
    assert scores["claims"]["recall"] is not None and scores["claims"]["recall"] > 0
    assert scores["claims"]["certainty_accuracy"] is not None
    assert scores["clusters"]["f1"] is not None


def test_eval_table(corpus: Path, tmp_path: Path) -> None:
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(GOLD), encoding="utf-8")
    res = cli("eval", "--gold", gold, "--corpus", corpus)
    assert res.exit_code == 0, res.output
    assert "claims" in res.stdout.lower()


@pytest.mark.parametrize(
    "content",
    [
        '{"format": "claimgraph-gold/1", "articles": [',  # not JSON
        '{"format": "claimgraph-gold/1"}',  # keys missing
        '{"format": "something-else/2", "articles": {}, "clusters": [], "events": [], "claims": [], '
        '"quantities": [], "contradictions": []}',
        "[1, 2, 3]",
    ],
)
def test_eval_malformed_gold_exits_2_naming_the_file(corpus: Path, tmp_path: Path, content: str) -> None:
    gold = tmp_path / "broken_gold.json"
    gold.write_text(content, encoding="utf-8")
    res = cli("eval", "--gold", gold, "--corpus", corpus, "--json")
    assert res.exit_code == 2
    assert "broken_gold.json" in one_line(res.stderr)
    assert res.stdout == ""


def test_eval_missing_gold_exits_2(corpus: Path, tmp_path: Path) -> None:
    res = cli("eval", "--gold", tmp_path / "nowhere.json", "--corpus", corpus, "--json")
    assert res.exit_code == 2
    assert "nowhere.json" in one_line(res.stderr)


def test_eval_without_corpus_or_db_exits_2(tmp_path: Path) -> None:
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(GOLD), encoding="utf-8")
    res = cli("eval", "--gold", gold)
    assert res.exit_code == 2


# ------------------------------------------------------------------ packs


def test_missing_pack_exits_2(ingested: tuple[Path, Result], tmp_path: Path) -> None:
    db, _ = ingested
    missing = tmp_path / "no_such_pack.yaml"
    res = cli("--pack", missing, "claims", "--db", db)
    assert res.exit_code == 2
    assert "no_such_pack.yaml" in one_line(res.stderr)
