"""The relational store (migration 5): extractions as rows, converted from the JSON payloads
that stores made by the previous version hold."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import duckdb

from claimgraph.models import Attribution, Claim, DateMention, EntityMention, Event, Extraction, Quantity
from claimgraph.store import open_store
from claimgraph.store.migrations import MIGRATIONS

TEXT = "Belmora said on Tuesday that Karvany fired two missiles at Ostrelia."


def _extraction(key: str = "a1", version: int = 1) -> Extraction:
    return Extraction(
        article_key=key,
        version=version,
        entities=[
            EntityMention(key, 0, 7, "Belmora", "Belmora", "country", provisional=True),
            EntityMention(key, 29, 36, "Karvany", "Karvany", "country", wikidata="Q1"),
        ],
        dates=[DateMention(key, 16, 23, "Tuesday", "2024-05-07", "day", relative=True)],
        quantities=[Quantity(key, 43, 55, "two missiles", 2.0, "missile", counted="missiles", source="Belmora")],
        attributions=[Attribution(key, 29, 67, "Belmora", "official", cue="said", cue_start=8, cue_end=12)],
        claims=[
            Claim(key, "c1", 29, 67, "Karvany fired two missiles at Ostrelia", "Belmora", "official",
                  "reported", sentence_end=len(TEXT), cue="said", entities=["Karvany", "Ostrelia"],
                  event_ids=["e1"], quantity_ids=[0])
        ],
        events=[
            Event(key, "e1", "launch_attack", "fired", 0, len(TEXT), 37, 42, actors=["Karvany", "Ostrelia"],
                  weapon="missile", date="2024-05-07", date_granularity="day", certainty="reported",
                  source="Belmora")
        ],
    )


def _previous_version_store(path: Path, extractions: list[Extraction]) -> None:
    """A store as claimgraph wrote it before migration 5: schema 1-4, one JSON payload each."""
    con = duckdb.connect(str(path))
    for version, statements in enumerate(MIGRATIONS[:4], start=1):
        for sql in statements:
            assert isinstance(sql, str)
            con.execute(sql)
        con.execute("INSERT INTO schema_version VALUES (?, now())", [version])
    for ex in extractions:
        con.execute(
            "INSERT INTO articles (key, version, content_hash, status, text, raw, offset_map, ingested_at, published)"
            " VALUES (?, ?, 'h', 'ok', ?, ?, '[]', now(), DATE '2024-05-08')",
            [ex.article_key, ex.version, TEXT, TEXT],
        )
        con.execute("INSERT INTO extractions VALUES (?, ?, ?, now())",
                    [ex.article_key, ex.version, json.dumps(asdict(ex))])
    con.close()


def test_previous_version_store_is_converted_to_rows(tmp_path: Path) -> None:
    path = tmp_path / "v4.duckdb"
    skipped = Extraction("b2", 3, skipped_reason="not English")
    _previous_version_store(path, [_extraction(), skipped])
    with open_store(path) as s:
        assert s.schema_version() == len(MIGRATIONS)
        assert s.get_extraction("a1") == _extraction()
        assert s.get_extraction("b2") == skipped
        cols = [r[0] for r in s.con.execute("DESCRIBE extractions").fetchall()]
        assert "payload" not in cols and "skipped_reason" in cols
        assert s.con.execute("SELECT count(*) FROM claims").fetchone() == (1,)
        about = s.con.execute("SELECT entity_key, role FROM claim_entities ORDER BY entity_key").fetchall()
        assert about == [("belmora", "source"), ("karvany", "about"), ("ostrelia", "about")]
        ents = s.con.execute("SELECT name, provisional, mentions FROM entities ORDER BY name").fetchall()
        assert ents == [("Belmora", True, 1), ("Karvany", False, 1)]


def test_replacing_an_extraction_leaves_no_rows_behind(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.duckdb") as s:
        s.put_extraction(_extraction())
        s.put_extraction(Extraction("a1", 2, skipped_reason="not English"))
        for table in ("mentions", "dates", "quantities", "attributions", "claims", "events",
                      "claim_entities", "event_entities"):
            assert s.con.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
        assert s.get_extraction("a1") == Extraction("a1", 2, skipped_reason="not English")


def test_several_extractions_round_trip_in_order(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.duckdb") as s:
        s.put_extractions([_extraction("k2"), _extraction("k1", 4)])
        got = s.extractions()
        assert [x.article_key for x in got] == ["k1", "k2"]
        assert got[0] == _extraction("k1", 4) and got[1] == _extraction("k2")
        assert list(s.get_extractions(["k2", "nope"])) == ["k2"]
