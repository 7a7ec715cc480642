"""The DuckDB store: versions, migrations, opening errors, transactions, runs and failures."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest

from claimgraph.models import Article, Claim, Extraction, InputFailure, OffsetMap
from claimgraph.store import DuckStore, RunSummary, StoreError, open_store
from claimgraph.store.migrations import MIGRATIONS
from ingest_helpers import cli


def art(key: str = "k1", text: str = "The frigate entered the harbour on Wednesday.", **kw: object) -> Article:
    return Article(key=key, text=text, raw=kw.pop("raw", text), **kw)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[DuckStore]:
    s = open_store(tmp_path / "s.duckdb")
    yield s
    s.close()


# ---------------------------------------------------------------- versions


def test_put_and_get_round_trip(store: DuckStore) -> None:
    a = art(
        title="Frigate arrives",
        url="https://x.example/f",
        outlet="Harbour Ledger",
        published=date(2024, 4, 17),
        language="en",
        origin="in/f.txt",
        offset_map=OffsetMap(((0, 3, 10), (10, 14, 20))),
        status="ok",
    )
    assert store.put_article(a) == "stored"
    got = store.get_article("k1")
    assert got is not None
    for name in ("key", "text", "raw", "title", "url", "outlet", "published", "language", "origin", "status"):
        assert getattr(got, name) == getattr(a, name), name
    assert got.offset_map == a.offset_map
    assert got.version == 1
    assert store.get_article("missing") is None


def test_same_content_is_a_no_op(store: DuckStore) -> None:
    assert store.put_article(art()) == "stored"
    again = art()
    assert store.put_article(again) == "unchanged"
    assert again.version == 1
    assert store.versions("k1") == [(1, store.versions("k1")[0][1])]
    assert store.count_articles() == 1
    row = store.con.execute("SELECT count(*) FROM articles").fetchone()
    assert row is not None and row[0] == 1


def test_changed_content_becomes_a_new_version_and_the_old_one_is_kept(store: DuckStore) -> None:
    v1 = art(text="Three ships were seen at the quay.")
    v2 = art(text="Four ships were seen at the quay, port officials later said.")
    assert store.put_article(v1) == "stored"
    assert store.put_article(v2) == "updated"
    assert v2.version == 2
    latest = store.get_article("k1")
    assert latest is not None and latest.version == 2 and latest.text == v2.text
    old = store.get_article("k1", 1)
    assert old is not None and old.version == 1 and old.text == v1.text
    assert store.get_article("k1", 3) is None
    assert [v for v, _ in store.versions("k1")] == [1, 2]
    # lists show the current version only
    assert [(a.key, a.version) for a in store.articles()] == [("k1", 2)]
    assert store.count_articles() == 1
    # the same changed content again is a no-op against the latest version
    assert store.put_article(art(text=v2.text)) == "unchanged"
    # going back to the first text is a change too: version 3
    assert store.put_article(art(text=v1.text)) == "updated"
    assert [v for v, _ in store.versions("k1")] == [1, 2, 3]


def test_put_articles_in_one_batch(store: DuckStore) -> None:
    store.put_article(art("old", text="Old text."))
    batch = [
        art("old", text="Old text."),  # unchanged
        art("new", text="New text."),
        art("old", text="Changed text."),  # version 2
        art("new", text="New text."),  # repeated in the same batch: unchanged against the first
        art("new", text="New text, changed again."),  # version 2 of a key first stored in this batch
        *(art(f"bulk{i:03d}", text=f"Bulk article {i}.") for i in range(450)),  # several INSERT chunks
    ]
    results = store.put_articles(batch, run_id=None)
    assert results[:5] == ["unchanged", "stored", "updated", "unchanged", "updated"]
    assert results[5:] == ["stored"] * 450
    assert [a.version for a in batch[:5]] == [1, 1, 2, 1, 2]
    assert store.count_articles() == 452
    row = store.con.execute("SELECT count(*) FROM articles").fetchone()
    assert row == (454,)  # old v1, v2; new v1, v2; 450 bulk
    assert store.put_articles([], run_id=None) == []


def test_failed_batch_writes_nothing(store: DuckStore) -> None:
    store.put_article(art("keep", text="Kept."))
    bad = art("broken")
    bad.text = None  # type: ignore[assignment]  # violates NOT NULL: the whole batch fails
    with pytest.raises(duckdb.Error):
        store.put_articles([art("a", text="A."), art("keep", text="Changed."), bad])
    assert store.get_article("a") is None
    assert [v for v, _ in store.versions("keep")] == [1]
    # what the failed batch would have stored still counts as new
    assert store.put_articles([art("a", text="A."), art("keep", text="Changed.")]) == ["stored", "updated"]


def test_title_or_url_change_is_a_new_version(store: DuckStore) -> None:
    store.put_article(art(title="Old headline"))
    assert store.put_article(art(title="New headline")) == "updated"
    assert store.put_article(art(title="New headline", url="https://x.example/moved")) == "updated"


def test_hash_is_of_the_raw_text_not_the_cleaned_one(store: DuckStore) -> None:
    store.put_article(art(text="Cleaned one way.", raw="Raw  text\u00a0as read."))
    assert store.put_article(art(text="Cleaned another way.", raw="Raw  text\u00a0as read.")) == "unchanged"


def test_versions_through_the_cli(tmp_path: Path) -> None:
    src = tmp_path / "harbour_report.txt"
    db = tmp_path / "t.duckdb"
    src.write_text("Port Report\n\nTwo cargo ships were unloaded overnight, officials said.\n")
    res = cli("ingest", src, "--db", db, "--no-analyse")
    assert res.exit_code == 0 and "stored 1, unchanged 0, updated 0" in res.stdout
    res = cli("ingest", src, "--db", db, "--no-analyse")
    assert res.exit_code == 0 and "stored 0, unchanged 1, updated 0" in res.stdout
    src.write_text("Port Report\n\nThree cargo ships were unloaded overnight, officials said.\n")
    res = cli("ingest", src, "--db", db, "--no-analyse")
    assert res.exit_code == 0 and "stored 0, unchanged 0, updated 1" in res.stdout

    latest = json.loads(cli("show", "harbour_report", "--db", db, "--json").stdout)
    assert latest["version"] == 2 and latest["versions"] == [1, 2]
    assert latest["text"] == "Three cargo ships were unloaded overnight, officials said."
    res = cli("show", "harbour_report", "--db", db, "--version", "1", "--json")
    assert res.exit_code == 0
    first = json.loads(res.stdout)
    assert first["version"] == 1
    assert first["text"] == "Two cargo ships were unloaded overnight, officials said."
    plain = cli("show", "harbour_report", "--db", db, "--version", "1")
    assert plain.exit_code == 0 and "Two cargo ships were unloaded overnight" in plain.stdout
    raw = cli("show", "harbour_report", "--db", db, "--raw")
    assert "Port Report\n\nThree cargo ships" in raw.stdout
    missing = cli("show", "harbour_report", "--db", db, "--version", "7")
    assert missing.exit_code == 1 and "no article with key 'harbour_report' version 7" in missing.stderr
    rows = json.loads(cli("articles", "--db", db, "--json").stdout)
    assert [(r["key"], r["version"]) for r in rows] == [("harbour_report", 2)]


# ---------------------------------------------------------------- migrations and opening


def _schema_rows(s: DuckStore) -> list[int]:
    return [int(r[0]) for r in s.con.execute("SELECT version FROM schema_version ORDER BY version").fetchall()]


def test_new_store_has_every_migration(store: DuckStore) -> None:
    assert store.schema_version() == len(MIGRATIONS)
    assert _schema_rows(store) == list(range(1, len(MIGRATIONS) + 1))
    tables = {r[0] for r in store.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"schema_version", "runs", "articles", "failures", "extractions", "current_articles"} <= tables


def test_reopening_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with open_store(path) as s:
        s.put_article(art())
    for _ in range(3):
        with open_store(path) as s:
            assert s.schema_version() == len(MIGRATIONS)
            assert _schema_rows(s) == list(range(1, len(MIGRATIONS) + 1))
            s.migrate()  # explicitly again: nothing to do
            assert _schema_rows(s) == list(range(1, len(MIGRATIONS) + 1))
            assert s.count_articles() == 1
    with open_store(path, read_only=True) as s:
        assert s.schema_version() == len(MIGRATIONS)
        assert s.get_article("k1") is not None


def test_old_store_is_migrated_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    for sql in MIGRATIONS[0]:
        con.execute(sql)
    con.execute("INSERT INTO schema_version VALUES (1, now())")
    con.execute(
        "INSERT INTO articles (key, version, content_hash, status, text, raw, offset_map, ingested_at) "
        "VALUES ('old', 1, 'h', 'ok', 'Kept text.', 'Kept text.', '[]', now())"
    )
    con.close()
    with pytest.raises(StoreError, match="older than this claimgraph"):
        open_store(path, read_only=True)
    with open_store(path) as s:
        assert s.schema_version() == len(MIGRATIONS)
        kept = s.get_article("old")
        assert kept is not None and kept.text == "Kept text."
        s.put_extraction(Extraction(article_key="old", version=1))
        assert s.get_extraction("old") is not None


def test_linked_store_from_before_migration_4_is_relinked_not_broken(tmp_path: Path) -> None:
    """Link tables hold derived data: migration 4 empties them, articles and extractions stay."""
    path = tmp_path / "v3.duckdb"
    con = duckdb.connect(str(path))
    for version, statements in enumerate(MIGRATIONS[:3], start=1):
        for sql in statements:
            con.execute(sql)
        con.execute("INSERT INTO schema_version VALUES (?, now())", [version])
    con.execute(
        "INSERT INTO articles (key, version, content_hash, status, text, raw, offset_map, ingested_at) "
        "VALUES ('old', 1, 'h', 'ok', 'Kept text.', 'Kept text.', '[]', now())"
    )
    con.execute("INSERT INTO extractions VALUES ('old', 1, ?, now())",
                [json.dumps({"article_key": "old", "version": 1})])
    con.execute("INSERT INTO link_units VALUES (0, 'old', 'claim', 'old:c1', ''::BLOB, 0)")
    con.execute("INSERT INTO link_state VALUES ('embedder', 'x'::BLOB)")
    con.close()
    with open_store(path) as s:
        assert s.schema_version() == len(MIGRATIONS) >= 4
        assert s.con.execute("SELECT count(*) FROM link_units").fetchone() == (0,)
        assert s.con.execute("SELECT count(*) FROM link_state").fetchone() == (0,)
        cols = [r[0] for r in s.con.execute("DESCRIBE link_units").fetchall()]
        assert cols[-1] == "info"
        assert s.get_article("old") is not None and s.get_extraction("old") is not None


def test_bulk_reads_and_insert_rows(store: DuckStore) -> None:
    store.put_articles([art("a", "First text."), art("b", "Second text.")])
    store.put_article(art("a", "First text, revised."))
    got = store.get_articles([("a", 1), ("b", 1), ("missing", 1)])
    assert sorted(got) == ["a", "b"]
    assert got["a"].text == "First text." and got["a"].version == 1
    assert store.get_articles([("a", 2)])["a"].text == "First text, revised."
    assert store.get_articles([]) == {}
    store.put_extraction(Extraction(article_key="a", version=2))
    assert list(store.get_extractions(["a", "b"])) == ["a"]
    rows = [[i, f"k{i}", "claim", f"k{i}:c1", bytes([i]), i, None if i % 2 else "{}"] for i in range(5)]
    store.insert_rows("link_units", rows)
    store.insert_rows("link_units", [])
    back = store.con.execute("SELECT uid, article_key, vec, info FROM link_units ORDER BY uid").fetchall()
    assert [(u, k, bytes(v), i) for u, k, v, i in back] == [(r[0], r[1], r[4], r[6]) for r in rows]
    with pytest.raises(duckdb.Error):
        store.insert_rows("link_units", [[1, "short row"]])


def test_newer_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    with open_store(path) as s:
        s.con.execute("INSERT INTO schema_version VALUES (?, now())", [len(MIGRATIONS) + 1])
    with pytest.raises(StoreError, match="newer than this claimgraph"):
        open_store(path)


def test_read_only_open_of_a_missing_store(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.duckdb"
    with pytest.raises(StoreError) as info:
        open_store(path, read_only=True)
    assert str(path) in str(info.value) and "no such store" in str(info.value)
    assert not path.exists()  # reading never creates a store
    for cmd in (["articles"], ["errors"], ["show", "k1"]):
        res = cli(*cmd, "--db", path)
        assert res.exit_code == 2
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1, res.stderr
        assert str(path) in lines[0] and "no such store; run `claimgraph ingest` first" in lines[0]
    assert not path.exists()


def test_store_path_that_is_a_directory(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        open_store(tmp_path)


def test_file_that_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("Shipping notes, not a database.\n" * 50)
    with pytest.raises(StoreError, match="notes.duckdb"):
        open_store(path)
    res = cli("ingest", tmp_path / "x.txt", "--db", path)
    assert res.exit_code == 2
    assert len(res.stderr.strip().splitlines()) == 1
    assert "cannot open the store" in res.stderr
    assert path.read_text().startswith("Shipping notes")  # left alone


# ---------------------------------------------------------------- transactions


def test_failed_transaction_rolls_back(store: DuckStore) -> None:
    store.put_article(art("keep"))
    with pytest.raises(RuntimeError), store.transaction():
        store.put_article(art("a1"))
        store.put_article(art("keep", text="A changed text that must not survive the rollback."))
        raise RuntimeError("boom")
    assert store.get_article("a1") is None
    kept = store.get_article("keep")
    assert kept is not None and kept.version == 1
    assert [v for v, _ in store.versions("keep")] == [1]
    # the store is usable afterwards
    with store.transaction():
        store.put_article(art("a2"))
    assert store.get_article("a2") is not None


def test_rolled_back_puts_are_forgotten(store: DuckStore) -> None:
    """What a rolled-back transaction stored does not count as stored afterwards."""
    store.put_article(art("keep", text="First text."))
    changed = art("keep", text="Second text.")
    fresh = art("fresh")
    with pytest.raises(RuntimeError), store.transaction():
        assert store.put_article(changed) == "updated"
        assert store.put_article(fresh) == "stored"
        assert store.put_article(art("fresh")) == "unchanged"
        raise RuntimeError("boom")
    assert store.put_article(art("keep", text="Second text.")) == "updated"
    assert store.put_article(art("fresh")) == "stored"
    assert [v for v, _ in store.versions("keep")] == [1, 2]
    assert [v for v, _ in store.versions("fresh")] == [1]


def test_versions_continue_after_reopening(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with open_store(path) as s:
        s.put_article(art(text="One."))
        s.put_article(art(text="Two."))
    with open_store(path) as s:
        assert s.put_article(art(text="Two.")) == "unchanged"
        third = art(text="Three.")
        assert s.put_article(third) == "updated" and third.version == 3


def test_nested_transaction_failure_rolls_back_the_outer_one(store: DuckStore) -> None:
    with pytest.raises(ValueError), store.transaction():
        store.put_article(art("outer"))
        with store.transaction():
            store.put_article(art("inner"))
            raise ValueError("inner failure")
    assert store.get_article("outer") is None
    assert store.get_article("inner") is None
    with store.transaction(), store.transaction():
        store.put_article(art("both"))
    assert store.get_article("both") is not None


def test_database_error_inside_a_transaction_rolls_back(store: DuckStore) -> None:
    with pytest.raises(duckdb.Error), store.transaction():
        store.put_article(art("before-error"))
        store.con.execute(
            "INSERT INTO articles (key, version, content_hash, status, text, raw, offset_map, ingested_at) "
            "VALUES ('x', 1, 'h', 'ok', NULL, '', '[]', now())"  # text NOT NULL
        )
    assert store.get_article("before-error") is None
    assert store.put_article(art("after")) == "stored"


def test_committed_data_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    s = open_store(path)
    with s.transaction():
        s.put_article(art("a"))
    with pytest.raises(KeyError), s.transaction():
        s.put_article(art("b"))
        raise KeyError("x")
    s.close()
    with open_store(path, read_only=True) as s2:
        assert [a.key for a in s2.articles()] == ["a"]


# ---------------------------------------------------------------- runs, failures, extractions


def test_runs_and_failures(store: DuckStore) -> None:
    assert store.last_run() is None
    r1 = store.start_run("ingest a")
    store.record_failure(r1, InputFailure("a/empty.txt", "empty file"))
    store.finish_run(RunSummary(r1, started_at=None, finished_at=None, stored=2, failed=1))  # type: ignore[arg-type]
    r2 = store.start_run("ingest b")
    store.record_failure(r2, InputFailure("b/x.jsonl:3", "malformed JSON on line 3: Expecting value"))
    last = store.last_run()
    assert last is not None and last.id == r2 > r1 and last.finished_at is None
    assert store.failures(r2) == [InputFailure("b/x.jsonl:3", "malformed JSON on line 3: Expecting value")]
    assert [f.input for f in store.failures()] == ["a/empty.txt", "b/x.jsonl:3"]
    store.finish_run(RunSummary(r2, started_at=None, finished_at=None, failed=1))  # type: ignore[arg-type]
    done = store.last_run()
    assert done is not None and done.finished_at is not None and done.failed == 1


def test_extraction_round_trip_and_replacement(store: DuckStore) -> None:
    store.put_article(art())
    claim = Claim(article_key="k1", id="c1", start=0, end=11, text="The frigate", source="author",
                  source_type="author", certainty="asserted", entities=["Ostrana"])
    store.put_extraction(Extraction(article_key="k1", version=1, claims=[claim]))
    got = store.get_extraction("k1")
    assert got is not None and got.claims == [claim]
    store.put_extraction(Extraction(article_key="k1", version=2, skipped_reason="not English"))
    got = store.get_extraction("k1")
    assert got is not None and got.version == 2 and got.claims == [] and got.skipped_reason == "not English"
    assert len(store.extractions()) == 1
