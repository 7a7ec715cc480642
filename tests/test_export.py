"""`claimgraph export`: each format written from the seeds and read back by the library made to
consume it; filters; and bad input that leaves nothing half-written behind."""

from __future__ import annotations

import csv
import json
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import networkx as nx
import pytest
from followthemoney import model
from stix2validator import ValidationOptions, validate_parsed_json

from claimgraph import read
from claimgraph.export import EXPORTERS, ExportError, export, graphml, stix
from claimgraph.nlp.pipeline import gazetteer
from claimgraph.read.records import Picture
from claimgraph.read.schema import schema_for
from claimgraph.store import open_store
from ingest_helpers import cli

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pic(seeds_db: Path) -> Picture:
    with open_store(seeds_db, read_only=True) as store:
        p = read.picture(store, gaz=gazetteer())
    assert p.articles and p.claims and p.events and p.entities and p.contradictions
    return p


def _export(db: Path, fmt: str, out: Path, *more: str) -> None:
    res = cli("export", "--format", fmt, "-o", out, "--db", db, *more)
    assert res.exit_code == 0, res.output
    assert f"wrote {out}" in res.stdout


def test_json_is_valid_against_the_schema_and_keeps_offsets(seeds_db: Path, pic: Picture, tmp_path: Path) -> None:
    _export(seeds_db, "json", tmp_path / "p.json")
    data = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema_for("export")).iter_errors(data))
    assert not errors, errors[0].message
    assert len(data["claims"]) == len(pic.claims) and len(data["events"]) == len(pic.events)
    c = data["claims"][0]
    assert {"article_key", "start", "end", "sentence_start", "sentence_end"} <= set(c)


def test_csv_has_one_file_per_record_type_with_every_row(seeds_db: Path, pic: Picture, tmp_path: Path) -> None:
    _export(seeds_db, "csv", tmp_path / "out")
    rows = {f.stem: list(csv.DictReader(f.open(encoding="utf-8"))) for f in (tmp_path / "out").glob("*.csv")}
    assert len(rows["articles"]) == len(pic.articles)
    assert len(rows["claims"]) == len(pic.claims) and len(rows["events"]) == len(pic.events)
    assert len(rows["mentions"]) == sum(len(e.mentions) for e in pic.entities)
    assert len(rows["contradictions"]) == len(pic.contradictions)
    assert len(rows["timeline"]) == len(pic.timeline)
    first = pic.claims[0]
    assert rows["claims"][0]["text"] == first.text and int(rows["claims"][0]["start"]) == first.start
    _export(seeds_db, "csv", tmp_path / "out.zip")
    with zipfile.ZipFile(tmp_path / "out.zip") as zf:
        assert sorted(zf.namelist()) == sorted(f"{k}.csv" for k in rows)


def test_graphml_reads_back_with_the_same_counts(seeds_db: Path, pic: Picture, tmp_path: Path) -> None:
    _export(seeds_db, "graphml", tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    built = graphml.build(pic)
    assert back.number_of_nodes() == built.number_of_nodes() and back.number_of_edges() == built.number_of_edges()
    kinds = Counter(d["kind"] for _, d in back.nodes(data=True))
    assert kinds["claim"] == len(pic.claims) and kinds["event"] == len(pic.events)
    assert kinds["article"] == len(pic.articles)
    edge_kinds = Counter(d["kind"] for *_, d in back.edges(data=True))
    assert edge_kinds["contradicts"] == len(pic.contradictions) and edge_kinds["actor"] > 0


def test_stix_bundle_has_zero_validator_errors_in_strict_mode(seeds_db: Path, pic: Picture, tmp_path: Path) -> None:
    _export(seeds_db, "stix", tmp_path / "b.json")
    bundle = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    results = validate_parsed_json(bundle, ValidationOptions(strict=True))
    results = results if isinstance(results, list) else [results]
    problems = [str(e) for r in results for e in (r.errors or [])]
    assert all(r.is_valid for r in results) and not problems, problems[:3]
    types = Counter(o["type"] for o in bundle["objects"])
    assert types["report"] == len(pic.articles) and types["note"] == len(pic.claims)
    assert types["x-claimgraph-event"] == len(pic.events) and types["extension-definition"] == 3
    assert types["identity"] > 1 and types["location"] > 0
    notes = {o["content"]: o for o in bundle["objects"] if o["type"] == "note"}
    for c in pic.claims:
        note = notes[c.text]
        assert note["confidence"] == stix.CONFIDENCE[c.certainty]
        prov = note["extensions"][stix.PROVENANCE_EXT]
        assert (prov["article_key"], prov["start"], prov["end"]) == (c.article_key, c.start, c.end)
    # the same export gives the same ids
    assert [o["id"] for o in stix.build(pic)["objects"]] == [o["id"] for o in bundle["objects"]]


def _ftm_problems(data: dict[str, Any]) -> list[str]:
    proxy = model.get_proxy(data)
    # the library's validate() does not see absent required properties, so check those too
    out = [f"{data['schema']} {data['id']}: no {p}" for p in proxy.schema.required if not proxy.get(p)]
    err = proxy.schema.validate(data)
    return out + ([f"{data['schema']} {data['id']}: {err}"] if err else [])


def test_ftm_entities_load_and_satisfy_their_schemas(seeds_db: Path, pic: Picture, tmp_path: Path) -> None:
    _export(seeds_db, "ftm", tmp_path / "e.ftm.json")
    entities = [json.loads(line) for line in (tmp_path / "e.ftm.json").read_text(encoding="utf-8").splitlines()]
    problems = [p for e in entities for p in _ftm_problems(e)]
    assert not problems, problems[:3]
    schemas = Counter(e["schema"] for e in entities)
    assert schemas["Article"] == len(pic.articles) and schemas["Event"] == len(pic.events)
    assert schemas["Mention"] > 0 and schemas["Documentation"] >= len(pic.claims) + len(pic.events)
    # dates keep the precision the text gives
    month = next(e for e in pic.events if e.date and len(e.date) == 7)
    ftm_dates = {d for e in entities if e["schema"] == "Event" for d in e["properties"].get("date", [])}
    assert month.date in ftm_dates


def test_ftm_validation_check_sees_a_missing_required_property() -> None:
    assert _ftm_problems({"id": "x", "schema": "Mention", "properties": {"name": ["Karvany"]}})


def test_entity_and_since_narrow_the_picture(seeds_db: Path, pic: Picture, tmp_path: Path) -> None:
    gaz = gazetteer()
    with open_store(seeds_db, read_only=True) as store:
        cut = sorted(a.published for a in pic.articles if a.published)[-1]
        from datetime import date

        part = read.picture(store, entity="Pyongyang", since=date.fromisoformat(cut), gaz=gaz)
    assert 0 < len(part.claims) < len(pic.claims)
    assert all(a.published and a.published >= cut for a in part.articles)
    for c in part.claims:
        assert "North Korea" in {gaz.canon(n) for n in (c.source, *c.entities)}
    for e in part.events:
        assert "North Korea" in {gaz.canon(n) for n in (*e.actors, e.weapon, e.location) if n}


@pytest.mark.parametrize("args, code, message", [
    (["--format", "pdf"], 2, "unknown format 'pdf'"),
    (["--format", "json", "--since", "yesterday"], 2, "not a date"),
    (["--format", "json", "--entity", "Atlantis Ltd"], 1, "no entity named 'Atlantis Ltd'"),
])
def test_bad_input_is_a_one_line_error_and_writes_nothing(
    seeds_db: Path, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    out = tmp_path / "x.out"
    res = cli("export", *args, "-o", out, "--db", seeds_db)
    assert res.exit_code == code and message in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_unwritable_targets_and_an_empty_store(seeds_db: Path, tmp_path: Path) -> None:
    res = cli("export", "--format", "json", "-o", tmp_path / "nowhere" / "x.json", "--db", seeds_db)
    assert res.exit_code == 1 and "does not exist" in res.stderr
    (tmp_path / "adir").mkdir()
    res = cli("export", "--format", "json", "-o", tmp_path / "adir", "--db", seeds_db)
    assert res.exit_code == 1 and "is a folder" in res.stderr
    empty = tmp_path / "empty.duckdb"
    open_store(empty).close()
    res = cli("export", "--format", "json", "-o", tmp_path / "e.json", "--db", empty)
    assert res.exit_code == 1 and "holds no articles" in res.stderr and not (tmp_path / "e.json").exists()


def test_a_failing_export_leaves_the_previous_file_and_no_debris(
    pic: Picture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "p.json"
    target.write_text("previous export\n", encoding="utf-8")

    def broken(picture: Picture, path: Path) -> None:
        path.write_text('{"half": ', encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(EXPORTERS, "json", EXPORTERS["json"].__class__("json", "broken", broken))
    with pytest.raises(ExportError, match="No space left"):
        export(pic, "json", target)
    assert target.read_text(encoding="utf-8") == "previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.json"]
