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
        ("errors", ["errors", "--all"]),
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
    names += ["Pyongyang", "the Kremlin", "DPRK", "north korea"]  # aliases and case
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


def _before_the_move(db: Path, command: str, arg: str | None = None) -> Any:
    """What each command's --json printed before the read layer: the CLI's own construction
    code of that version (45af8f6), applied to the functions it called then."""
    from claimgraph.read import extracted, linked

    gaz = gazetteer()
    with open_store(db, read_only=True) as store:
        if command == "articles":
            return [{"key": a.key, "title": a.title, "url": a.url, "outlet": a.outlet,
                     "published": a.published.isoformat() if a.published else None, "language": a.language,
                     "status": a.status, "status_reason": a.status_reason, "version": a.version, "origin": a.origin,
                     "chars": len(a.text)} for a in store.iter_articles()]
        if command == "timeline":
            return [{"date": m.date, "placed_by_article_date": m.from_article_date, "type": m.type,
                     "actors": m.actors, "articles": m.articles, "sources": m.sources,
                     "independent_stories": m.independent, "date_conflicts": m.date_conflicts,
                     "events": [dict(asdict(e), sentence=t) for e, t in zip(m.events, m.sentences, strict=True)]}
                    for m in linked.merged_timeline(store)]
        if command == "claims":
            return [asdict(c) for c in extracted.claims(store, gaz, entity=arg)]
        if command == "entity":
            prof = extracted.entity_profile(store, gaz, arg or "")
            return asdict(prof) if prof else None
        if command == "stories":
            return [{"id": s.id, "members": [asdict(m) for m in s.members]} for s in linked.stories(store)]
        if command == "story":
            st = linked.find_story(store, arg or "")
            assert st is not None
            return {"id": st.id, "members": [asdict(m) for m in st.members],
                    "lineage": [{"article": ln.member.key, "role": ln.member.role, "against": ln.against,
                                 "changes": dict(ln.counts()), "pairs": [asdict(p) for p in ln.pairs]}
                                for ln in linked.lineage(store, st)]}
        if command == "corroboration":
            return [{"id": c.id, "independent_sources": c.independent, "primary_sources": c.primary_sources,
                     "stories": c.relays, "first_seen": c.first_seen, "first_article": c.first_key,
                     "certainty": c.certainty,
                     "claims": [{"article_key": r.key, "claim_id": r.claim.id, "source": r.claim.source,
                                 "certainty": r.claim.certainty, "text": r.text, "sentence": r.sentence,
                                 "start": r.claim.start, "end": r.claim.end, "story": r.story}
                                for r in c.claims]} for c in linked.corroboration(store)]
        if command == "contradictions":
            return [asdict(c) for c in linked.contradictions(store)]
        if command == "errors":
            return [{"input": f.input, "reason": f.reason} for f in store.failures(store.last_run().id)]  # type: ignore[union-attr]
    raise AssertionError(command)


@pytest.mark.slow
def test_every_command_prints_what_it_printed_before_the_read_layer(seeds_db: Path) -> None:
    """The acceptance check of the move: the same results, command by command, on the seeds."""
    keys = [a["key"] for a in _json("articles", "--json", "--db", seeds_db)]
    runs = [("articles", None), ("timeline", None), ("claims", None), ("claims", "North Korea"),
            ("entity", "North Korea"), ("stories", None), ("corroboration", None), ("contradictions", None),
            ("errors", None), *[("story", k) for k in keys]]
    for command, arg in runs:
        args = [command] + ([arg] if arg and command in ("entity", "story") else []) + \
            (["--entity", arg] if arg and command == "claims" else [])
        now = _json(*args, "--json", "--db", seeds_db)
        assert now == json.loads(json.dumps(_before_the_move(seeds_db, command, arg))), args


@pytest.mark.slow
def test_an_unknown_entity_and_an_empty_store_are_one_line_errors(seeds_db: Path, tmp_path: Path) -> None:
    for args in (["claims", "--entity", "Nobody Known"], ["claims", "--source", "Nobody Known"],
                 ["timeline", "--entity", "Nobody Known"], ["corroboration", "--entity", "Nobody Known"],
                 ["contradictions", "--entity", "Nobody Known"]):
        res = cli(*args, "--db", seeds_db)
        assert res.exit_code == 1 and "no entity named 'Nobody Known'" in res.stderr, args
        assert len(res.stderr.strip().splitlines()) == 1 and res.stdout == ""
    empty = tmp_path / "empty.duckdb"
    open_store(empty).close()
    for command in ("claims", "timeline", "stories", "corroboration", "contradictions"):
        res = cli(command, "--db", empty)
        assert res.exit_code == 1 and "holds no articles" in res.stderr, command


@pytest.mark.slow
def test_contradictions_about_an_entity(seeds_db: Path) -> None:
    every = _json("contradictions", "--json", "--db", seeds_db)
    some = _json("contradictions", "--entity", "Russia", "--json", "--db", seeds_db)
    assert some and len(some) <= len(every) and all(c in every for c in some)
