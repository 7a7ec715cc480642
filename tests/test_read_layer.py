"""The read layer: every CLI --json prints read-layer records valid against the shipped JSON
Schema, and the indexed queries give what a scan of every extraction gives (the behaviour the
CLI had before the relational store)."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from claimgraph import read
from claimgraph.nlp.pipeline import gazetteer
from claimgraph.read.schema import build_schema, schema_for, shipped_schema
from claimgraph.store import open_store
from ingest_helpers import cli


def test_shipped_schema_is_built_from_the_records() -> None:
    assert shipped_schema() == build_schema(), "run `python -m claimgraph.read.schema` after changing a record"


def test_schema_rejects_a_record_of_another_shape() -> None:
    good = {"key": "k", "title": None, "url": None, "outlet": None, "published": None, "language": None,
            "status": "ok", "status_reason": None, "version": 1, "origin": "", "chars": 3}
    validator = jsonschema.Draft202012Validator(schema_for("articles"))
    assert validator.is_valid([good])
    assert not validator.is_valid([{**good, "extra": 1}])
    assert not validator.is_valid([{k: v for k, v in good.items() if k != "key"}])
    assert not validator.is_valid([{**good, "version": "one"}])


def _json(*args: Any) -> Any:
    res = cli(*args)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


@pytest.mark.slow
def test_every_json_output_is_valid_against_the_schema(seeds_db: Path) -> None:
    keys = [a["key"] for a in _json("articles", "--json", "--db", seeds_db)]
    runs: list[tuple[str, list[Any]]] = [
        ("articles", ["articles"]),
        ("claims", ["claims"]),
        ("claims", ["claims", "--entity", "North Korea", "--since", "2023-01-01"]),
        ("entity", ["entity", "North Korea"]),
        ("timeline", ["timeline"]),
        ("timeline", ["timeline", "--entity", "Russia", "--type", "visit_meeting"]),
        ("stories", ["stories"]),
        ("corroboration", ["corroboration"]),
        ("contradictions", ["contradictions"]),
        *[("show", ["show", k]) for k in keys],
        *[("story", ["story", k]) for k in keys],
    ]
    sizes = {}
    for command, args in runs:
        data = _json(*args, "--json", "--db", seeds_db)
        errors = list(jsonschema.Draft202012Validator(schema_for(command)).iter_errors(data))
        assert not errors, f"{args}: {errors[0].message}"
        sizes[command] = sizes.get(command, 0) + (len(data) if isinstance(data, list) else 1)
    # the check saw real records, not empty lists
    assert sizes["claims"] > 20 and sizes["timeline"] > 5 and sizes["stories"] >= 1 and sizes["contradictions"] >= 1


def _scan_claims(db: Path, entity: str | None = None, source: str | None = None,
                 certainty: str | None = None) -> list[dict[str, Any]]:
    """What `claims` printed before the store had an entity index: a scan of every extraction."""
    gaz = gazetteer()

    def same(a: str, b: str) -> bool:
        return gaz.canon(a).lower() == gaz.canon(b).lower()

    with open_store(db, read_only=True) as store:
        return [asdict(c) for ex in store.extractions() for c in ex.claims
                if (not entity or any(same(e, entity) for e in c.entities))
                and (not source or same(c.source, source)) and (not certainty or c.certainty == certainty)]


@pytest.mark.slow
def test_indexed_claims_equal_a_scan_for_every_name_in_the_store(seeds_db: Path) -> None:
    with open_store(seeds_db, read_only=True) as store:
        names = sorted({n for ex in store.extractions() for c in ex.claims for n in (*c.entities, c.source)})
    names += ["Pyongyang", "the Kremlin", "DPRK", "north korea", "Nobody Known"]  # aliases and case
    checked = 0
    for name in names:
        expected = _scan_claims(seeds_db, entity=name)
        assert _json("claims", "--entity", name, "--json", "--db", seeds_db) == expected, name
        expected_by = _scan_claims(seeds_db, source=name, certainty="reported")
        assert _json("claims", "--source", name, "--certainty", "reported", "--json", "--db", seeds_db) \
            == expected_by, name
        checked += bool(expected) + bool(expected_by)
    assert checked > 10


@pytest.mark.slow
def test_date_filters_use_the_articles_publication_dates(seeds_db: Path) -> None:
    with open_store(seeds_db, read_only=True) as store:
        pub = {k: v for k, v in store.published_dates().items() if v}
        cut = sorted(pub.values())[len(pub) // 2]
        everything = read.claims(store, gaz=gazetteer())
        later = read.claims(store, since=cut, gaz=gazetteer())
        earlier = read.claims(store, until=cut, gaz=gazetteer())
        events = read.timeline(store, since=date(2023, 11, 1), until=date(2023, 12, 31))
        by_month = [e for e in read.timeline(store) if e.date and len(e.date) == 7]
        y, m = map(int, by_month[0].date.split("-")) if by_month else (0, 0)
        inside = read.timeline(store, since=date(y, m, 10), until=date(y, m, 20)) if by_month else []
    assert later and earlier and len(later) < len(everything)
    assert all(pub[c.article_key] >= cut for c in later)
    assert all(pub[c.article_key] <= cut for c in earlier)
    assert events and all(e.date and e.date[:7] in ("2023-11", "2023-12") for e in events)
    # an event dated to a month can fall in a range inside that month; undated ones cannot
    assert by_month and by_month[0] in inside and all(e.date for e in inside)


@pytest.mark.slow
def test_bad_dates_and_choices_are_one_line_errors(seeds_db: Path) -> None:
    for args in (["claims", "--since", "last June"], ["timeline", "--until", "2023-13-01"],
                 ["timeline", "--type", "picnic"], ["claims", "--certainty", "sure"]):
        res = cli(*args, "--db", seeds_db)
        assert res.exit_code == 2, args
        assert len(res.stderr.strip().splitlines()) == 1 and "error:" in res.stderr, res.stderr
        assert res.stdout == ""


@pytest.mark.slow
def test_listings_fit_a_100_column_terminal_and_wide_prints_whole_sentences(
    seeds_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import claimgraph.cli as cli_module

    monkeypatch.setattr(cli_module.console, "width", 100)
    claims = _json("claims", "--json", "--db", seeds_db)
    longest = max(claims, key=lambda c: len(c["text"]))["text"]
    assert len(longest) > 100
    for command in ("timeline", "claims", "contradictions", "corroboration", "stories", "entity"):
        args = [command, "North Korea"] if command == "entity" else [command]
        res = cli(*args, "--db", seeds_db)
        assert res.exit_code == 0, res.output
        lines = res.stdout.splitlines()
        assert len(lines) > 3 and max(len(ln) for ln in lines) <= 100, command
    wide = cli("claims", "--wide", "--db", seeds_db).stdout
    assert " ".join(longest.split()) in wide
    narrow = cli("claims", "--db", seeds_db).stdout
    assert " ".join(longest.split()) not in narrow and "…" in narrow
