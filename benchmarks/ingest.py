"""Ingest throughput: articles per second and peak memory for generated HTML pages.

Generates N news-like HTML pages (paragraphs drawn from a word list, wrapped in navigation,
share buttons, a comment section and a footer) in a temporary folder and measures, on the
same pages and in the same run:

* baseline: read each file and run ``trafilatura.bare_extraction`` on it, nothing else;
* ingest:   the full ``claimgraph.ingest.ingest()`` into a fresh DuckDB store (decoding,
  extraction, htmldate, cleaning with offset maps, language detection, storing).

Each measurement runs in its own fresh process, so ``ru_maxrss`` is that measurement's own
peak resident memory; the throughput runs have no tracing, and a second run of each under
``tracemalloc`` gives the peak of Python allocations. The figures replace the ``## Ingest``
section of BENCHMARKS.md (other sections are left as they are).

    python benchmarks/ingest.py              # 1,000 pages
    python benchmarks/ingest.py --pages 200  # quicker
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from multiprocessing import get_context
from pathlib import Path

from mdsection import replace_section  # run as a script: benchmarks/ is on sys.path

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Ingest"

WORDS = (
    "the ministry said on Monday that a cargo ship carrying artillery shells had docked at the port "
    "officials confirmed analysts reportedly believe shipment sanctions navy frigate convoy border "
    "inspection treasury envoy delegation statement spokesman denied allegations according to sources "
    "satellite images show containers quay harbour rail yard depot missiles launchers ammunition "
    "agreement visit talks military cooperation weapons transfer deliveries tonnes crates vessel "
    "government neighbouring republic parliament opposition diplomats warned week month year "
    "independent researchers monitoring group evidence suggests may have been could be were was"
).split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 24))]
    return " ".join(words).capitalize() + rng.choice([".", ".", ".", "?", "!"])


def make_page(i: int, rng: random.Random) -> str:
    paragraphs = [" ".join(_sentence(rng) for _ in range(rng.randint(2, 5))) for _ in range(rng.randint(4, 10))]
    if rng.random() < 0.5:  # chrome that slipped into the article body
        paragraphs.insert(rng.randint(1, len(paragraphs)), rng.choice(["Share this article", "Advertisement"]))
    day = 1 + i % 28
    body = "\n".join(f"      <p>{p}</p>" for p in paragraphs)
    title = _sentence(rng).rstrip(".?!")[:90]
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title} | Bench Ledger</title>
  <link rel="canonical" href="https://bench-ledger.example/world/2024/03/{day:02d}/story-{i}">
  <meta property="og:site_name" content="Bench Ledger">
  <meta property="og:title" content="{title}">
  <meta property="article:published_time" content="2024-03-{day:02d}T08:00:00+00:00">
</head>
<body>
  <header>
    <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
    <li><a href="/business">Business</a></li><li><a href="/login">Log in</a></li></ul></nav>
    <div class="widgets">Smiley face Weather Live Markets</div>
    <div class="crumbs"><a href="/">Home</a> &gt; <a href="/world">World</a></div>
  </header>
  <main>
    <article>
      <h1>{title}</h1>
      <div class="share"><a href="#">Share on Facebook</a> <a href="#">Tweet</a> <a href="#">Email</a></div>
{body}
    </article>
    <section id="comments"><h3>{rng.randint(0, 40)} Comments</h3>
      <div class="comment"><p>{_sentence(rng)}</p></div>
      <form><p>Leave a Reply</p><p>Please enter your comment!</p><textarea></textarea></form>
    </section>
  </main>
  <footer><p>Follow us on Twitter</p><p>&copy; 2024 Bench Ledger. All rights reserved.</p></footer>
</body>
</html>
"""


def generate(folder: Path, pages: int) -> int:
    rng = random.Random(1000)
    total = 0
    for i in range(pages):
        page = make_page(i, rng)
        (folder / f"page{i:05d}.html").write_text(page, encoding="utf-8")
        total += len(page.encode("utf-8"))
    return total


# ---------------------------------------------------------------- measurements (each in a fresh process)


@dataclass
class Result:
    mode: str
    articles: int
    failed: int
    seconds: float  # wall clock
    cpu_seconds: float  # this process's CPU time: what other load on the machine does not inflate
    maxrss_mb: float
    traced_peak_mb: float | None = None

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def cpu_rate(self) -> float:
        return self.articles / self.cpu_seconds if self.cpu_seconds else 0.0


def _maxrss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return kb * (1 if sys.platform == "darwin" else 1024) / 1e6


def _baseline(folder: Path) -> tuple[int, int]:
    import trafilatura

    ok = failed = 0
    for path in sorted(folder.glob("*.html")):
        html = path.read_bytes().decode("utf-8")
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True)
        if doc is not None and getattr(doc, "text", None):
            ok += 1
        else:
            failed += 1
    return ok, failed


def _ingest(folder: Path, db: Path) -> tuple[int, int]:
    from claimgraph.ingest import ingest
    from claimgraph.store import open_store

    store = open_store(db)
    try:
        report = ingest([str(folder)], store)
    finally:
        store.close()
    return report.total, report.failed


def measure(mode: str, folder: str, traced: bool) -> Result:
    """One measurement; imports and model loading happen before the clock starts."""
    import logging

    import trafilatura  # noqa: F401

    from claimgraph.ingest.language import detect_language

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    detect_language("The ship left the harbour on Monday, officials said.")  # loads the language model
    src = Path(folder)
    db = Path(tempfile.mkdtemp(prefix="cg-bench-db-")) / "bench.duckdb"
    if traced:
        tracemalloc.start()
    start, cpu_start = time.perf_counter(), time.process_time()
    articles, failed = _baseline(src) if mode == "baseline" else _ingest(src, db)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    peak = None
    if traced:
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return Result(mode, articles, failed, seconds, cpu_seconds, _maxrss_mb(), peak)


def run_fresh(mode: str, folder: Path, traced: bool) -> Result:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(measure, mode, str(folder), traced).result()


# ---------------------------------------------------------------- report


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def render(pages: int, size: int, base: Result, full: Result, base_peak: float, full_peak: float) -> str:
    ratio = full.cpu_rate / base.cpu_rate if base.cpu_rate else 0.0
    wall_ratio = full.rate / base.rate if base.rate else 0.0
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        SECTION,
        "",
        f"`python benchmarks/ingest.py --pages {pages}`, run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on "
        f"{os.cpu_count()} CPUs ({_cpu_model()}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; trafilatura {version('trafilatura')}, "
        f"duckdb {version('duckdb')}; load average {load:.1f} at the end.",
        "",
        f"{pages:,} generated news pages ({size / pages / 1024:.1f} KiB each on average: nav, share buttons, "
        "comments, footer around 4-10 paragraphs), read from a temporary folder. Each row is a fresh process "
        "working on one core; the clock starts after imports and the language model are loaded. CPU time is the "
        "process's own, so it holds when the machine is busy with other work; wall-clock time does not.",
        "",
        "| run | articles | failed | CPU s | articles/s (CPU) | wall s | articles/s (wall) "
        "| peak RSS (ru_maxrss) | peak traced (tracemalloc) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| baseline: read + `trafilatura.bare_extraction` | {base.articles:,} | {base.failed} | "
        f"{base.cpu_seconds:.2f} | {base.cpu_rate:.1f} | {base.seconds:.2f} | {base.rate:.1f} | "
        f"{base.maxrss_mb:.0f} MB | {base_peak:.1f} MB |",
        f"| `claimgraph.ingest.ingest()` into a fresh DuckDB store | {full.articles:,} | {full.failed} | "
        f"{full.cpu_seconds:.2f} | {full.cpu_rate:.1f} | {full.seconds:.2f} | {full.rate:.1f} | "
        f"{full.maxrss_mb:.0f} MB | {full_peak:.1f} MB |",
        "",
        f"Full ingest runs at **{ratio:.2f}x** the speed of extraction alone on CPU time ({wall_ratio:.2f}x "
        "wall-clock); the rest is htmldate, cleaning with offset maps, language detection and the store.",
        "",
    ]
    return "\n".join(lines)


def write_section(path: Path, section: str) -> None:
    replace_section(path, SECTION, section)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000, help="how many HTML pages to generate (default 1000)")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md", help="the Markdown file to update")
    parser.add_argument("--no-write", action="store_true", help="print the section, do not update the file")
    args = parser.parse_args(argv)
    if args.pages < 1:
        parser.error("--pages must be at least 1")

    with tempfile.TemporaryDirectory(prefix="cg-bench-") as tmp:
        folder = Path(tmp)
        size = generate(folder, args.pages)
        print(f"generated {args.pages} pages, {size / 1e6:.1f} MB", file=sys.stderr)
        base = run_fresh("baseline", folder, traced=False)
        print(f"baseline: {base.cpu_rate:.1f} articles/s (CPU), {base.rate:.1f} (wall)", file=sys.stderr)
        full = run_fresh("ingest", folder, traced=False)
        print(f"ingest:   {full.cpu_rate:.1f} articles/s (CPU), {full.rate:.1f} (wall)", file=sys.stderr)
        base_peak = run_fresh("baseline", folder, traced=True).traced_peak_mb or 0.0
        full_peak = run_fresh("ingest", folder, traced=True).traced_peak_mb or 0.0
    if full.articles != args.pages or full.failed:
        print(f"warning: ingest stored {full.articles} of {args.pages} pages, {full.failed} failed", file=sys.stderr)
    section = render(args.pages, size, base, full, base_peak, full_peak)
    print(section)
    if not args.no_write:
        write_section(args.output, section)
        print(f"updated {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
