"""Storage behind a small interface (:class:`Store`); DuckDB is the embedded default."""

from claimgraph.store.base import PutResult, RunSummary, Store, StoreError
from claimgraph.store.duck import DuckStore, open_store

__all__ = ["DuckStore", "PutResult", "RunSummary", "Store", "StoreError", "open_store"]
