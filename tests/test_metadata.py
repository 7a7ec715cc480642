"""Publication dates and outlets supplied beside plain texts (``ingest --metadata``)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from claimgraph.ingest import InputError
from claimgraph.ingest.metadata import ArticleMeta, apply_metadata, parse_metadata
from claimgraph.models import Article
from ingest_helpers import cli

TEXT = (
    "Venezuela fired a missile at a cargo vessel on Tuesday, officials in Guyana said.\n\n"
    "The defence ministry of Venezuela denied that any shots were fired during the boarding.\n"
)


def test_supplied_values_fill_and_win() -> None:
    art = Article(key="a", text="x", published=date(2020, 1, 1))
    meta = parse_metadata({"a": {"published": "2024-01-11", "outlet": "Wire"}, "b": {"published": None}}, "m.json")
    assert meta["b"] == ArticleMeta(None, None)
    apply_metadata(art, meta)
    assert (art.published, art.outlet) == (date(2024, 1, 11), "Wire")
    other = apply_metadata(Article(key="c", text="x"), meta)
    assert (other.published, other.outlet) == (None, None)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ([], "metadata must be a JSON object keyed by article key, got list"),
        ({"a": "2024-01-01"}, "metadata for 'a' must be an object, got str"),
        ({"a": {"published": "the day after"}}, "metadata for 'a': published date 'the day after' does not parse"),
        ({"a": {"outlet": 3}}, "metadata for 'a': outlet must be text"),
    ],
)
def test_bad_metadata_names_the_entry(raw: object, reason: str) -> None:
    with pytest.raises(InputError) as exc:
        parse_metadata(raw, "m.json")
    assert exc.value.input == "m.json" and exc.value.reason == reason


def test_ingest_with_metadata_dates_the_article_and_its_relative_dates(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "seizure.txt").write_text(TEXT)
    meta = tmp_path / "meta.json"
    meta.write_text(json.dumps({"seizure": {"published": "2024-03-08", "outlet": "Harbour Post"}}))
    db = tmp_path / "t.duckdb"
    res = cli("ingest", tmp_path / "in", "--db", db, "--metadata", meta)
    assert res.exit_code == 0, res.output
    arts = json.loads(cli("articles", "--db", db, "--json").stdout)
    assert [(a["key"], a["published"], a["outlet"]) for a in arts] == [("seizure", "2024-03-08", "Harbour Post")]
    events = json.loads(cli("timeline", "--db", db, "--json").stdout)
    # "on Tuesday" is read against the supplied date: the Tuesday before Friday 8 March 2024.
    assert any(e["date"] == "2024-03-05" for e in events), events


@pytest.mark.parametrize(
    ("content", "reason"),
    [(None, "cannot read metadata"), ("{not json", "metadata is not valid JSON"), ("[1]", "must be a JSON object")],
)
def test_unusable_metadata_file_is_one_error_nothing_stored(tmp_path: Path, content: str | None, reason: str) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "seizure.txt").write_text(TEXT)
    meta = tmp_path / "meta.json"
    if content is not None:
        meta.write_text(content)
    db = tmp_path / "t.duckdb"
    res = cli("ingest", tmp_path / "in", "--db", db, "--metadata", meta)
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and str(meta.name) in lines[0] and reason in lines[0], res.stderr
    assert not db.exists()


def test_eval_reports_a_gold_date_that_does_not_parse_and_still_scores(tmp_path: Path) -> None:
    from claimgraph.eval.run import run_eval

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "seizure.txt").write_text(TEXT)
    gold = {"format": "claimgraph-gold/1", "articles": {"seizure": {"published": "the day after", "outlet": None}},
            "clusters": [["seizure"]], "events": [], "claims": [], "quantities": [], "contradictions": []}
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold))
    _gold, report, problems = run_eval(path, corpus)
    assert any("published date 'the day after' does not parse" in p for p in problems), problems
    assert report.clusters.f1 == 1.0
