"""The linking side of the command line on the fixture corpus of ``tests/fixtures/link``:
ingest (which links by default), link, stories, story, corroboration, contradictions, timeline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from claimgraph.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "link"
GOLD = json.loads((FIXTURES / "gold.json").read_text(encoding="utf-8"))
KEYS = sorted(GOLD["articles"])
ORIGIN = "001_meridian_origin"
REWRITE = "003_trendline_rewrite"


def cli(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def cli_json(*args: str | Path) -> Any:
    res = cli(*args, "--json")
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def one_line(text: str) -> str:
    """Rich may wrap long lines on a narrow console; join them back."""
    return text.replace("\n", "")


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    db = tmp_path_factory.mktemp("linkcli") / "store.duckdb"
    res = cli("ingest", FIXTURES, "--db", db, "--exclude", "*.md", "--exclude", "*.json")
    return db, res


@pytest.fixture(scope="module")
def db(ingested: tuple[Path, Result]) -> Path:
    path, res = ingested
    assert res.exit_code == 0, res.output
    return path


@pytest.fixture(scope="module")
def texts(db: Path) -> dict[str, str]:
    return {key: cli_json("show", key, "--db", db)["text"] for key in KEYS}


def check_span(texts: dict[str, str], key: str, start: int, end: int, *expected: str) -> None:
    assert key in texts, key
    assert 0 <= start < end <= len(texts[key])
    assert texts[key][start:end] in expected, (key, start, end, texts[key][start:end], expected)


# ---------------------------------------------------------------------- ingest and link
def test_ingest_links_by_default(ingested: tuple[Path, Result]) -> None:
    _, res = ingested
    assert res.exit_code == 0, res.output
    out = one_line(res.stdout)
    assert f"stored {len(KEYS)}" in out
    assert f"analysed {len(KEYS)} articles" in out
    assert f"linked {len(KEYS)} articles ({len(KEYS)} in the store)" in out
    assert f"{len(GOLD['clusters'])} stories" in out


def test_link_again_links_nothing(db: Path) -> None:
    res = cli("link", "--db", db)
    assert res.exit_code == 0, res.output
    assert "linked 0 articles" in res.stdout
    assert f"({len(KEYS)} in the store)" in one_line(res.stdout)
    assert "full relink" not in res.stdout


def test_stories_on_a_missing_store_exits_2(tmp_path: Path) -> None:
    res = cli("stories", "--db", tmp_path / "nowhere.duckdb")
    assert res.exit_code == 2
    assert "nowhere.duckdb" in one_line(res.stderr)


# ---------------------------------------------------------------------- stories
def test_stories_json(db: Path) -> None:
    found = cli_json("stories", "--db", db)
    assert isinstance(found, list) and len(found) == len(GOLD["clusters"])
    for st in found:
        members = st["members"]
        assert members and members[0]["key"] == st["id"]
        origins = [m for m in members if m["role"] in ("origin", "single")]
        assert len(origins) == 1 and origins[0] is members[0] and origins[0]["parent"] is None
        for m in members:
            assert set(m) >= {"key", "role", "parent", "title", "outlet", "published"}
            if m is not members[0]:
                assert m["role"] in {"copy", "rewrite", "related"}
                assert m["parent"] in {x["key"] for x in members}
    assert {frozenset(m["key"] for m in st["members"]) for st in found} == {frozenset(c) for c in GOLD["clusters"]}
    # biggest story first: the wire report and its three copies and rewrites
    assert found[0]["id"] == ORIGIN and len(found[0]["members"]) == 4
    by_key = {m["key"]: m for m in found[0]["members"]}
    assert by_key[ORIGIN]["outlet"] == "Meridian Wire" and by_key[ORIGIN]["published"] == "2024-03-18"


def test_stories_table(db: Path) -> None:
    res = cli("stories", "--db", db)
    assert res.exit_code == 0, res.output
    assert f"{len(GOLD['clusters'])} stories" in res.stdout
    assert ORIGIN in res.stdout and "rewrite" in res.stdout and "014_meridian_airdefence" in res.stdout


# ---------------------------------------------------------------------- story
def test_story_json_of_a_rewrite(db: Path, texts: dict[str, str]) -> None:
    st = cli_json("story", REWRITE, "--db", db)
    assert st["id"] == ORIGIN  # found by a member's key
    assert {m["key"] for m in st["members"]} == set(GOLD["clusters"][0])
    lines = {ln["article"]: ln for ln in st["lineage"]}
    assert set(lines) == {"002_northgate_repost", REWRITE, "004_digest_paraphrase"}
    ln = lines[REWRITE]
    assert ln["role"] == "rewrite" and ln["against"] == ORIGIN
    assert ln["changes"], "the content-farm rewrite departs from its origin"
    for kind in ("hedge_dropped", "attribution_lost", "added_speculation"):
        assert ln["changes"].get(kind, 0) >= 1, (kind, ln["changes"])
    n_changes = sum(len(p["changes"]) for p in ln["pairs"])
    assert n_changes == sum(ln["changes"].values())
    for p in ln["pairs"]:  # sentence spans are provenance into both articles
        if p["origin"] is not None:
            check_span(texts, ORIGIN, *p["origin"], p["origin_text"])
        if p["rewrite"] is not None:
            check_span(texts, REWRITE, *p["rewrite"], p["rewrite_text"])
        for c in p["changes"]:
            assert c["kind"] and c["detail"]


def test_story_table_names_the_departures(db: Path) -> None:
    res = cli("story", REWRITE, "--db", db)
    assert res.exit_code == 0, res.output
    out = one_line(res.stdout)
    assert f"story {ORIGIN}" in out
    assert "hedge_dropped" in out and "attribution_lost" in out


def test_story_of_a_single_article_has_no_lineage(db: Path) -> None:
    st = cli_json("story", "014_meridian_airdefence", "--db", db)
    assert st["id"] == "014_meridian_airdefence"
    assert [m["role"] for m in st["members"]] == ["single"]
    assert st["lineage"] == []


def test_unknown_story_exits_1_naming_it(db: Path) -> None:
    res = cli("story", "nosuch", "--db", db)
    assert res.exit_code == 1
    assert "nosuch" in one_line(res.stderr)
    assert res.stdout == ""


# ---------------------------------------------------------------------- corroboration
def test_corroboration_json(db: Path, texts: dict[str, str]) -> None:
    clusters = cli_json("corroboration", "--db", db)
    assert isinstance(clusters, list) and clusters
    for c in clusters:
        assert set(c) >= {"id", "independent_sources", "primary_sources", "stories", "first_seen",
                          "first_article", "certainty", "claims"}
        assert len({r["article_key"] for r in c["claims"]}) >= 2
        assert c["independent_sources"] >= 1
        assert c["first_article"] in {r["article_key"] for r in c["claims"]}
        for r in c["claims"]:
            assert set(r) >= {"article_key", "claim_id", "source", "certainty", "text", "sentence", "start", "end",
                              "story"}
            check_span(texts, r["article_key"], r["start"], r["end"], r["text"])
            assert r["text"] in r["sentence"] or r["sentence"] == ""
    # the core supply claim ("at least 40 missiles since January") has two independent sources,
    # and the Pentagon's "about 15" is not folded into it: the figures cannot both hold
    core = [c for c in clusters if "Tomas Redlak" in c["primary_sources"] and len(c["primary_sources"]) >= 2]
    assert core and core[0]["independent_sources"] >= 2
    assert "008_dispatch_pentagon" not in {r["article_key"] for r in core[0]["claims"]}


def test_corroboration_min_articles_and_entity_filter(db: Path) -> None:
    all_clusters = cli_json("corroboration", "--db", db)
    big = cli_json("corroboration", "--db", db, "--min-articles", "4")
    assert big and len(big) < len(all_clusters)
    assert all(len({r["article_key"] for r in c["claims"]}) >= 4 for c in big)
    res = cli("corroboration", "--db", db, "--entity", "Atlantis Shipping Company")  # named nowhere: a typo
    assert res.exit_code == 1 and "no entity named 'Atlantis Shipping Company'" in res.stderr


# ---------------------------------------------------------------------- contradictions
def test_contradictions_json(db: Path, texts: dict[str, str]) -> None:
    found = cli_json("contradictions", "--db", db)
    assert isinstance(found, list) and found
    for c in found:
        assert c["kind"] in {"denial", "certainty", "number", "date"}
        assert c["detail"]
        for side in (c["a"], c["b"]):
            assert set(side) >= {"key", "ref", "source", "certainty", "text", "sentence", "start", "end"}
            # claims give their content span, events their sentence span
            check_span(texts, side["key"], side["start"], side["end"], side["text"], side["sentence"])
    kinds = {(c["kind"], frozenset((c["a"]["key"], c["b"]["key"]))) for c in found}
    assert kinds & {("denial", frozenset((k, "007_courier_denials"))) for k in (ORIGIN, "002_northgate_repost")}
    assert ("date", frozenset((ORIGIN, "009_gazette_strike"))) in kinds


def test_contradictions_table(db: Path) -> None:
    res = cli("contradictions", "--db", db)
    assert res.exit_code == 0, res.output
    assert "contradictions" in res.stdout and "denial" in res.stdout and "007_courier_denials" in res.stdout


# ---------------------------------------------------------------------- timeline
def test_timeline_json(db: Path, texts: dict[str, str]) -> None:
    entries = cli_json("timeline", "--db", db)
    assert isinstance(entries, list) and entries
    dated = [e["date"] for e in entries if e["date"] is not None]
    assert dated == sorted(dated)
    for e in entries:
        assert set(e) >= {"date", "placed_by_article_date", "type", "actors", "articles", "sources",
                          "independent_stories", "date_conflicts", "events"}
        assert e["articles"] and set(e["articles"]) <= set(KEYS)
        assert e["articles"] == sorted({ev["article_key"] for ev in e["events"]})
        assert 1 <= e["independent_stories"] <= len(e["articles"])
        for ev in e["events"]:
            check_span(texts, ev["article_key"], ev["start"], ev["end"], ev["sentence"])
            assert ev["type"] == e["type"]
    strikes = {e["date"] for e in entries if e["type"] == "launch_attack" and not e["placed_by_article_date"]}
    assert {"2024-03-14", "2024-03-03"} <= strikes
