"""How fast the read layer answers "claims about X since D" on a large store, against the same
question asked of the store layout before the relational tables (one JSON payload per article).

One run, same generated corpus (benchmarks/link.py's generator, 8,000 articles by default):

  (a) baseline: the blob store (schema 1-4, written here as claimgraph wrote it then); the query
      parses every article's payload and keeps the claims naming the entity in articles
      published since D, as ``claimgraph claims`` did before;
  (b) the relational store: ``claimgraph.read.claims(store, entity=..., since=...)``.

Both return the same claims (checked). Reports the median of several timed runs each, the ratio
relational/blob, and whether the query answers in under GOAL_S; writes a "## Query" section
into BENCHMARKS.md.

    python benchmarks/query.py                 # 8,000 articles
    python benchmarks/query.py --n 2000 --no-write
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
from link import generate, machine  # run as a script: benchmarks/ is on sys.path
from mdsection import replace_section

from claimgraph import read
from claimgraph.models import Claim
from claimgraph.nlp.pipeline import gazetteer
from claimgraph.store import open_store
from claimgraph.store.duck import extraction_from_json
from claimgraph.store.migrations import MIGRATIONS

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS_MD = ROOT / "BENCHMARKS.md"
GOAL_S = 0.2
ENTITY = "North Korea"
SINCE = date(2023, 12, 1)
RUNS = 7


def _blob_store(path: Path, stored: list[tuple[Any, Any]]) -> None:
    con = duckdb.connect(str(path))
    for version, statements in enumerate(MIGRATIONS[:4], start=1):
        for sql in statements:
            assert isinstance(sql, str)
            con.execute(sql)
        con.execute("INSERT INTO schema_version VALUES (?, now())", [version])
    rows = [(a.key, 1, a.content_hash, a.title, a.url, a.outlet, a.published, a.language, a.status, a.text, a.raw)
            for a, _ in stored]
    cols = list(zip(*rows, strict=True))
    con.execute(
        "INSERT INTO articles (key, version, content_hash, title, url, outlet, published, language, status, text, "
        "raw, offset_map, ingested_at) SELECT *, '[]', now() FROM (SELECT unnest($1), unnest($2), unnest($3), "
        "unnest($4), unnest($5), unnest($6), unnest($7), unnest($8), unnest($9), unnest($10), unnest($11))",
        [list(c) for c in cols],
    )
    con.execute("INSERT INTO extractions SELECT unnest($1), 1, unnest($2), now()",
                [[a.key for a, _ in stored], [json.dumps(asdict(x)) for _, x in stored]])
    con.close()


def _blob_claims(path: Path, entity: str, since: date) -> list[Claim]:
    """The question as claimgraph answered it on the blob store: parse every payload."""
    gaz = gazetteer()
    wanted = gaz.canon(entity).lower()
    con = duckdb.connect(str(path), read_only=True)
    published = dict(con.execute("SELECT key, published FROM current_articles").fetchall())
    out = []
    for (payload,) in con.execute("SELECT payload FROM extractions ORDER BY article_key").fetchall():
        ex = extraction_from_json(payload)
        pub = published.get(ex.article_key)
        if pub is None or pub < since:
            continue
        out += [c for c in ex.claims if any(gaz.canon(e).lower() == wanted for e in c.entities)]
    con.close()
    return out


def _time(fn: Any) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(RUNS):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def measure(n: int) -> dict[str, Any]:
    stored, _extra, _key = generate(n)
    gaz = gazetteer()
    with tempfile.TemporaryDirectory() as tmp:
        blob, rel = Path(tmp) / "blob.duckdb", Path(tmp) / "relational.duckdb"
        _blob_store(blob, stored)
        store = open_store(rel)
        with store.transaction():
            store.put_articles([a for a, _ in stored])
            store.put_extractions([x for _, x in stored])
        store.close()
        blob_s, old = _time(lambda: _blob_claims(blob, ENTITY, SINCE))
        store = open_store(rel, read_only=True)
        rel_s, new = _time(lambda: read.claims(store, entity=ENTITY, since=SINCE, gaz=gaz))
        store.close()
        sizes = {"blob_mb": blob.stat().st_size / 2**20, "relational_mb": rel.stat().st_size / 2**20}
    assert [asdict(c) for c in new] == [asdict(c) for c in old], "the two stores answer differently"
    return {"n": n, "claims": sum(len(x.claims) for _, x in stored), "found": len(new), "blob_s": blob_s,
            "relational_s": rel_s, "ratio": rel_s / blob_s, **sizes}


def section(r: dict[str, Any]) -> str:
    verdict = "meets" if r["relational_s"] < GOAL_S else "misses"
    return "\n".join([
        "## Query",
        "",
        f"Run {datetime.now():%Y-%m-%d %H:%M} on {machine()}; `python benchmarks/query.py`.",
        "",
        f"\"Claims about {ENTITY} in articles published since {SINCE}\" on {r['n']:,} generated articles "
        f"({r['claims']:,} claims; {r['found']:,} found, the same by both), median of {RUNS} runs, store open "
        "and packs loaded.",
        "",
        "| store | median s | store MB |",
        "| --- | ---: | ---: |",
        f"| blob (one JSON payload per article, schema 4; baseline) | {r['blob_s']:.3f} | {r['blob_mb']:.0f} |",
        f"| relational (schema 5, entity index) | {r['relational_s']:.3f} | {r['relational_mb']:.0f} |",
        "",
        f"Ratio relational/blob: **{r['ratio']:.3f}**. Goal: under {GOAL_S} s on 8,000 articles: "
        f"{verdict} ({r['relational_s']:.3f} s).",
    ])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=8000, help="articles in the store (default 8000)")
    ap.add_argument("--no-write", action="store_true", help="do not touch BENCHMARKS.md")
    args = ap.parse_args(argv)
    r = measure(args.n)
    body = section(r)
    print(body)
    if not args.no_write and args.n == 8000:
        replace_section(BENCHMARKS_MD, "## Query", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
