"""Latency of the web app's API under concurrent clients, on a store of generated articles.

One run: a store of 5,000 articles (benchmarks/link.py's generator, linked with the hashing
embedder), served by uvicorn in its own process; for each of the timeline, entity, claim-cluster
and search endpoints, CLIENTS concurrent clients send requests for DURATION_S seconds, cycling
through a set of parameters (entities, cluster ids, search words). Each endpoint is first warmed
with one pass over its parameters: the app caches read-layer results per store state, so the
steady state is what an analyst sees after the first visit; the cold (first) latencies are
reported too. Writes a "## Web" section into BENCHMARKS.md. Goal: p99 under 150 ms.

    python benchmarks/web.py                # 5,000 articles, 20 clients, 30 s per endpoint
    python benchmarks/web.py --n 500 --seconds 5 --no-write
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from link import generate, machine  # run as a script: benchmarks/ is on sys.path
from mdsection import replace_section

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS_MD = ROOT / "BENCHMARKS.md"
CLIENTS = 20
DURATION_S = 30.0
GOAL_P99_MS = 150.0
SEARCH_WORDS = ["missile", "sanctions", "drone", "ship", "launch", "denied", "transfer", "minister", "test",
                "attack", "border", "talks", "report", "officials", "weapons", "agreement"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_store(path: Path, n: int) -> dict[str, Any]:
    from claimgraph.link.features import HashingEmbedder
    from claimgraph.link.pipeline import link_store
    from claimgraph.store import open_store

    stored, _extra, _key = generate(n)
    store = open_store(path)
    with store.transaction():
        store.put_articles([a for a, _ in stored])
        store.put_extractions([x for _, x in stored])
    t0 = time.perf_counter()
    link_store(store, embedder=HashingEmbedder())
    link_s = time.perf_counter() - t0
    entities = sorted({a for _, x in stored for e in x.events for a in e.actors})
    clusters = [c for c, *_ in store.unit_clusters("claim", 2)]
    store.close()
    return {"entities": entities[:40], "clusters": sorted(set(clusters))[:200], "link_s": link_s,
            "claims": sum(len(x.claims) for _, x in stored)}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def hammer(base: str, urls: list[str], seconds: float, clients: int) -> dict[str, Any]:
    cold = []
    with httpx.Client(base_url=base, timeout=120) as c:
        for u in urls:  # warm-up: each parameter once
            t0 = time.perf_counter()
            r = c.get(u)
            cold.append((time.perf_counter() - t0) * 1000)
            assert r.status_code in (200, 404), (u, r.status_code, r.text[:200])
    lat: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client(i: int) -> None:
        nonlocal errors
        mine, bad = [], 0
        with httpx.Client(base_url=base, timeout=120) as c:
            k = i
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                r = c.get(urls[k % len(urls)])
                mine.append((time.perf_counter() - t0) * 1000)
                bad += r.status_code not in (200, 404)
                k += clients
        with lock:
            lat.extend(mine)
            errors += bad

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return {"requests": len(lat), "rps": len(lat) / wall, "p50": statistics.median(lat),
            "p99": _percentile(lat, 0.99), "max": max(lat), "errors": errors, "params": len(urls),
            "cold_p50": statistics.median(cold), "cold_max": max(cold)}


def measure(n: int, seconds: float, clients: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "web.duckdb"
        info = build_store(db, n)
        port = _port()
        server = subprocess.Popen(
            [sys.executable, "-c", "import uvicorn; from claimgraph.web import create_app; "
             f"uvicorn.run(create_app({str(db)!r}), host='127.0.0.1', port={port}, log_level='warning')"])
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + 120
            while time.time() < deadline:
                try:
                    if httpx.get(base + "/api/openapi.json", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            from urllib.parse import quote

            sets = {
                "timeline": [f"/api/timeline?entity={quote(e)}" for e in info["entities"][:20]] + ["/api/timeline"],
                "entity": [f"/api/entity?name={quote(e)}" for e in info["entities"]],
                "claim cluster": [f"/api/clusters/{c}" for c in info["clusters"]],
                "search": [f"/api/search?q={w}" for w in SEARCH_WORDS],
            }
            results = {name: hammer(base, urls, seconds, clients) for name, urls in sets.items()}
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {"n": n, "clients": clients, "seconds": seconds, **info, "results": results}


def section(r: dict[str, Any]) -> str:
    worst = max(x["p99"] for x in r["results"].values())
    lines = [
        "## Web",
        "",
        f"Run {datetime.now():%Y-%m-%d %H:%M} on {machine()}; `python benchmarks/web.py`.",
        "",
        f"{r['n']:,} generated articles ({r['claims']:,} claims, linked in {r['link_s']:.0f} s with the hashing "
        f"embedder), served by uvicorn (one process) on the same machine; {r['clients']} concurrent clients per "
        f"endpoint for {r['seconds']:.0f} s, cycling through each endpoint's parameters after one warm-up pass "
        "(the app caches read-layer results per store state; the warm-up column is the first request for each "
        "parameter).",
        "",
        "| endpoint | parameters | requests | req/s | p50 ms | p99 ms | max ms | errors | warm-up p50 ms "
        "| warm-up max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, x in r["results"].items():
        lines.append(f"| {name} | {x['params']} | {x['requests']:,} | {x['rps']:.0f} | {x['p50']:.1f} | "
                     f"{x['p99']:.1f} | {x['max']:.0f} | {x['errors']} | {x['cold_p50']:.0f} | {x['cold_max']:.0f} |")
    lines += ["", f"Goal: p99 under {GOAL_P99_MS:.0f} ms: **{'meets' if worst < GOAL_P99_MS else 'misses'}** "
              f"(worst p99 {worst:.1f} ms)."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--seconds", type=float, default=DURATION_S)
    ap.add_argument("--clients", type=int, default=CLIENTS)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    r = measure(args.n, args.seconds, args.clients)
    body = section(r)
    print(body)
    if not args.no_write and args.n == 5000:
        replace_section(BENCHMARKS_MD, "## Web", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
