"""Run the whole pipeline on a corpus and score it against a gold file."""

from __future__ import annotations

import tempfile
from pathlib import Path

from claimgraph.eval.scorer import EvalReport, Gold, Predictions, load_gold, score
from claimgraph.extract.pipeline import analyse_keys
from claimgraph.ingest import IngestOptions, ingest
from claimgraph.ingest.errors import InputError
from claimgraph.ingest.metadata import parse_metadata
from claimgraph.nlp.pipeline import gazetteer
from claimgraph.store import DuckStore, open_store


def predictions_from_store(store: DuckStore, keys: set[str] | None = None) -> Predictions:
    """Everything the store holds, as the scorer's predictions (optionally for some keys)."""
    pred = Predictions()
    for ex in store.extractions():
        if keys is not None and ex.article_key not in keys:
            continue
        pred.events.extend(ex.events)
        pred.claims.extend(ex.claims)
        pred.quantities.extend(ex.quantities)
    for art in store.iter_articles():
        if keys is None or art.key in keys:
            pred.sentences[art.key] = art.text
    from claimgraph.link.pipeline import stored_links, stored_unit_links

    clusters, contradictions = stored_links(store)
    pred.clusters = [c for c in clusters if keys is None or set(c) & keys]
    pred.contradictions = [p for p in contradictions if keys is None or set(p) <= keys]
    pred.claim_clusters, pred.event_clusters, pred.claim_contradictions = stored_unit_links(store)
    return pred


def run_eval(gold_path: Path, corpus: Path | None = None, db: Path | None = None) -> tuple[Gold, EvalReport, list[str]]:
    """Ingest ``corpus`` (into a temporary store unless ``db`` names one), analyse, score.

    Returns the gold, the report and the ingest failures (as lines), so a caller can tell the
    user which inputs were not scored.
    """
    gold = load_gold(gold_path)
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="claimgraph-eval-") as tmp:
        path = db if db is not None else Path(tmp) / "eval.duckdb"
        store = open_store(path)
        try:
            if corpus is not None:
                # The gold's ``articles`` section is the metadata a user keeps beside plain texts.
                try:
                    meta = parse_metadata(gold.articles, str(gold_path))
                except InputError as exc:
                    problems.append(f"{exc.input}: {exc.reason}; texts ingested without it")
                    meta = {}
                report = ingest([str(corpus)], store, IngestOptions(metadata=meta), command=f"eval {corpus}")
                problems += [f"{f.input}: {f.reason}" for f in report.failures]
                analyse_keys(store, report.keys)
                from claimgraph.link.pipeline import link_store

                link_store(store)
            pred = predictions_from_store(store, set(gold.articles))
        finally:
            store.close()
    gaz = gazetteer()
    return gold, score(gold, pred, canon=gaz.canon), problems
