"""Fixtures several test modules share."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest_helpers import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seed articles ingested, analysed and linked (read-only for the tests that use it)."""
    if not SEEDS.exists():
        pytest.skip(f"{SEEDS} is not present")
    db = tmp_path_factory.mktemp("seeds") / "seeds.duckdb"
    res = cli("ingest", SEEDS, "--db", db)
    assert res.exit_code == 0, res.output
    return db
