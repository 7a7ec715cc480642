"""Quality: eval on the seeds, the link fixtures and the real-news dev sets, one table in BENCHMARKS.md.

The dev sets' texts are third-party and never committed: each set is scored only when its
texts are present (``--texts DIR/<set>/NNN.txt``, gathered as ``../shared/eval/dev/README.md``
says). The three sets are also scored together as one set, with every article key prefixed by
its set's name, so linking sees three stories at once as a user's store would; each set's own
row is read from that same combined store, restricted to its articles.

    python benchmarks/quality.py [--write] [--json FILE] [--texts .eval-texts] [--dev ../shared/eval/dev]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from mdsection import replace_section

from claimgraph.eval.run import run_eval

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"
HEADING = "## Quality"
BASELINE = ROOT / "tests" / "quality_baseline.json"
GATED = ("seeds", "link fixtures")  # sets whose texts are in every checkout, so CI can hold them

# (row label, JSON section, JSON key) in table order
COLUMNS: list[tuple[str, str, str]] = [
    ("ev R", "events", "recall"),
    ("ev P", "events", "precision"),
    ("date", "events", "date_exact"),
    ("cl R", "claims", "recall"),
    ("cl P", "claims", "precision"),
    ("cert", "claims", "certainty_accuracy"),
    ("qty R", "quantities", "recall"),
    ("B3 F1", "clusters", "f1"),
    ("cc P", "claim_clusters", "precision"),
    ("cc R", "claim_clusters", "recall"),
    ("cc max", "claim_clusters", "largest"),
    ("em P", "event_merge", "precision"),
    ("em R", "event_merge", "recall"),
    ("x R", "contradictions", "recall"),
    ("x P", "contradictions", "precision"),
    ("x flagged", "contradictions", "flagged"),
]


def _prefixed_gold(gold: dict, prefix: str) -> dict:
    """A gold file with every article key (and item id) prefixed, so sets can share one corpus."""
    def keys(values: list[str]) -> list[str]:
        return [prefix + k for k in values]

    out: dict[str, Any] = {"format": gold["format"]}
    out["articles"] = {prefix + k: v for k, v in gold["articles"].items()}
    out["clusters"] = [keys(c) for c in gold["clusters"]]
    for section in ("events", "claims", "quantities"):
        items = []
        for item in gold[section]:
            item = dict(item)
            item["articles"] = keys(item["articles"])
            if "id" in item:
                item["id"] = prefix + str(item["id"])
            if item.get("proposition"):
                item["proposition"] = prefix + item["proposition"]
            if section == "events" and item.get("summary"):
                item["summary"] = prefix + item["summary"]
            items.append(item)
        out[section] = items
    out["contradictions"] = [
        {**co, "articles": keys(co["articles"]), "claims": [prefix + c for c in co.get("claims", [])]}
        for co in gold["contradictions"]
    ]
    return out


def _merge_golds(golds: list[dict]) -> dict:
    merged: dict[str, Any] = {"format": golds[0]["format"], "articles": {}}
    for section in ("clusters", "events", "claims", "quantities", "contradictions"):
        merged[section] = []
    for g in golds:
        merged["articles"].update(g["articles"])
        for section in ("clusters", "events", "claims", "quantities", "contradictions"):
            merged[section].extend(g[section])
    return merged


def _row(result: dict) -> dict[str, Any]:
    return {label: result.get(section, {}).get(key) for label, section, key in COLUMNS}


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _score(gold_path: Path, corpus: Path | None = None, db: Path | None = None) -> dict:
    _gold, report, problems = run_eval(gold_path, corpus, db)
    for p in problems:
        print(f"  failed: {p}", file=sys.stderr)
    return report.to_json()


def _score_fixtures() -> dict:
    """The link fixtures without PLANTS.md and gold.json, which are not articles."""
    fixtures = ROOT / "tests" / "fixtures" / "link"
    with tempfile.TemporaryDirectory(prefix="claimgraph-fixtures-") as tmp:
        for f in fixtures.glob("*.txt"):
            shutil.copyfile(f, Path(tmp) / f.name)
        return _score(fixtures / "gold.json", Path(tmp))


def run(texts: Path, dev: Path) -> tuple[dict[str, dict], list[str]]:
    """Scores per set label; the list names dev sets skipped for want of texts."""
    results: dict[str, dict] = {}
    results["seeds"] = _score(SHARED / "seeds-gold.json", ROOT.parent / "shared" / "seeds")
    results["link fixtures"] = _score_fixtures()
    skipped: list[str] = []
    sets = sorted(p for p in dev.iterdir() if (p / "gold.json").exists()) if dev.is_dir() else []
    with tempfile.TemporaryDirectory(prefix="claimgraph-quality-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        golds: list[tuple[str, Path]] = []
        for s in sets:
            folder = texts / s.name
            files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
            if not files:
                skipped.append(s.name)
                continue
            prefix = f"{s.name}-"
            for f in files:
                shutil.copyfile(f, corpus / f"{prefix}{f.name}")
            gold = _prefixed_gold(json.loads((s / "gold.json").read_text(encoding="utf-8")), prefix)
            path = Path(tmp) / f"{s.name}.json"
            path.write_text(json.dumps(gold), encoding="utf-8")
            golds.append((s.name, path))
        if golds:
            combined = _merge_golds([json.loads(p.read_text(encoding="utf-8")) for _, p in golds])
            combined_path = Path(tmp) / "combined.json"
            combined_path.write_text(json.dumps(combined), encoding="utf-8")
            db = Path(tmp) / "dev.duckdb"
            results["dev: all sets"] = _score(combined_path, corpus, db)
            for name, path in golds:
                results[f"dev: {name}"] = _score(path, None, db)
    return results, skipped


def table(results: dict[str, dict]) -> str:
    head = "| set | " + " | ".join(label for label, _, _ in COLUMNS) + " |"
    sep = "| --- |" + " ---: |" * len(COLUMNS)
    lines = [head, sep]
    for name, result in results.items():
        row = _row(result)
        lines.append(f"| {name} | " + " | ".join(_fmt(row[label]) for label, _, _ in COLUMNS) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, default=ROOT / ".eval-texts")
    ap.add_argument("--dev", type=Path, default=SHARED / "dev")
    ap.add_argument("--write", action="store_true", help="write the table to BENCHMARKS.md")
    ap.add_argument("--json", type=Path, help="also write the scores as JSON")
    ap.add_argument("--baseline", action="store_true",
                    help=f"write the seed and link-fixture scores to {BASELINE.relative_to(ROOT)} (the CI gate)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    results, skipped = run(args.texts, args.dev)
    text = table(results)
    print(text)
    if skipped:
        print(f"dev sets without texts (not scored): {', '.join(skipped)}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    if args.baseline:
        BASELINE.write_text(json.dumps({k: results[k] for k in GATED}, indent=2, sort_keys=True) + "\n",
                            encoding="utf-8")
    if args.write:
        import subprocess

        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip()
        body = (
            f"{HEADING}\n\n`make quality` (`benchmarks/quality.py --write`) on commit {commit} plus the working tree "
            f"at the time of the run, {time.perf_counter() - t0:.0f} s. Each row is `claimgraph eval` against a gold "
            "file in `claimgraph-gold/1` format. The dev sets are real news on three stories the packs were not "
            "written for; their texts are gathered as `../shared/eval/dev/README.md` says and are not in the "
            "repository. \"dev: all sets\" scores the three together in one store (keys prefixed by the set); each "
            "set's row is read from that store.\n\n"
            "Columns: events recall/precision and date exactness; claims recall/precision and certainty accuracy; "
            "quantities recall; story clusters B-cubed F1; claim clusters pairwise precision/recall and the largest "
            "cluster; event merging pairwise precision/recall; contradictions claim-to-claim recall, precision and "
            "the number flagged.\n\n"
            + text
            + ("\n\nNot scored (texts absent): " + ", ".join(skipped) if skipped else "")
            + "\n"
        )
        replace_section(ROOT / "BENCHMARKS.md", HEADING, body)


if __name__ == "__main__":
    main()
