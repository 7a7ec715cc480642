"""SIGKILL in the middle of a large ingest: the next run finishes with no duplicate and no corrupt row."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

N = 3000
HTML_EVERY = 10  # one file in ten is an HTML page, the rest plain text

WORDS = (
    "harbour ship shells cargo port minister navy frigate convoy border customs inspection sanctions "
    "treasury crates quay officials analysts statement visit drill tanker freighter rail yard depot "
    "ammunition launcher envoy ministry spokesman delegation patrol coast guard island shipyard"
).split()


def _paragraph(rng: random.Random, i: int, j: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 24))]
    return f"Report {i} part {j}: " + " ".join(words) + "."


def make_corpus(root: Path) -> dict[str, tuple[Path, str]]:
    """N small articles; returns key -> (file, the cleaned text the store must hold)."""
    rng = random.Random(20240305)
    expected: dict[str, tuple[Path, str]] = {}
    for i in range(N):
        paras = [_paragraph(rng, i, j) for j in range(rng.randint(2, 4))]
        key = f"item{i:05d}"
        sub = root / f"batch{i // 500}"
        sub.mkdir(parents=True, exist_ok=True)
        if i % HTML_EVERY == 0:
            path = sub / f"{key}.html"
            body = "".join(f"<p>{p}</p>" for p in paras)
            path.write_text(
                f"<!DOCTYPE html><html><head><title>Dispatch {i}</title></head><body>"
                f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
                f"<article><h1>Dispatch {i}</h1>{body}</article></body></html>",
                encoding="utf-8",
            )
        else:
            path = sub / f"{key}.txt"
            path.write_text("\n\n".join(paras) + "\n", encoding="utf-8")
        expected[key] = (path, "\n\n".join(paras))
    return expected


def _cmd(src: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "claimgraph.cli", "ingest", str(src), "--db", str(db), "--no-analyse"]


def _count(db: Path) -> int:
    con = duckdb.connect(str(db))
    try:
        row = con.execute("SELECT count(*) FROM articles").fetchone()
        return int(row[0]) if row else 0
    finally:
        con.close()


def test_sigkill_mid_ingest_then_resume(tmp_path: Path) -> None:
    src = tmp_path / "corpus"
    db = tmp_path / "kill.duckdb"
    wal = Path(str(db) + ".wal")
    expected = make_corpus(src)
    env = {**os.environ, "COLUMNS": "200"}

    proc = subprocess.Popen(_cmd(src, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    start = time.monotonic()
    # Wait until some batches are committed: the write-ahead log grows with each commit.
    while time.monotonic() - start < 30:
        if proc.poll() is not None:
            break
        if wal.exists() and wal.stat().st_size > 100_000 and time.monotonic() - start > 1.0:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the ingest finished before it could be killed; make the corpus larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    assert proc.returncode == -signal.SIGKILL

    partial = _count(db)
    assert 0 < partial < N, partial  # killed in the middle, with committed work

    done = subprocess.run(_cmd(src, db), capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"stored {N - partial}, unchanged {partial}, updated 0, skipped 0, failed 0" in done.stdout

    con = duckdb.connect(str(db), read_only=True)
    try:
        total, keys, max_version = con.execute(
            "SELECT count(*), count(DISTINCT key), max(version) FROM articles"
        ).fetchone() or (0, 0, 0)
        assert (total, keys, max_version) == (N, N, 1)
        rows = con.execute("SELECT key, text, raw, origin, status, content_hash FROM articles").fetchall()
        failures = con.execute(
            "SELECT count(*) FROM failures WHERE run_id = (SELECT max(id) FROM runs)"
        ).fetchone()
        assert failures == (0,)
    finally:
        con.close()
    for key, text, raw, origin, status, content_hash in rows:
        path, want = expected[key]
        assert text == want, key
        assert origin == str(path)
        assert status == "ok"
        assert len(content_hash) == 64
        if path.suffix == ".txt":
            assert raw == path.read_text(encoding="utf-8")
    assert {r[0] for r in rows} == set(expected)


@pytest.mark.parametrize("batch_size", [1, 7])
def test_resume_in_process_after_a_crash_between_batches(tmp_path: Path, batch_size: int) -> None:
    """The same guarantee without a subprocess: a reader that dies halfway leaves whole batches only."""
    from claimgraph.ingest import IngestOptions, ingest
    from claimgraph.store import open_store

    src = tmp_path / "small"
    src.mkdir()
    for i in range(40):
        (src / f"n{i:03d}.txt").write_text(f"Note {i}: the patrol boat returned to the harbour at dusk.\n")

    class Crash(BaseException):
        pass

    calls = 0

    def progress(n: int, key: str) -> None:
        nonlocal calls
        calls += 1
        if calls == 23:
            raise Crash()

    store = open_store(tmp_path / "s.duckdb")
    with pytest.raises(Crash):
        ingest([str(src)], store, IngestOptions(batch_size=batch_size), progress=progress)
    committed = store.count_articles()
    assert committed == (22 // batch_size) * batch_size
    report = ingest([str(src)], store, IngestOptions(batch_size=batch_size))
    assert (report.stored, report.unchanged, report.failed) == (40 - committed, committed, 0)
    row = store.con.execute("SELECT count(*), count(DISTINCT key), max(version) FROM articles").fetchone()
    assert row == (40, 40, 1)
    store.close()
