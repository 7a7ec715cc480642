"""Readers for every article source, cleaning, and the ingest driver."""

from claimgraph.ingest.errors import InputError
from claimgraph.ingest.pipeline import IngestOptions, IngestReport, ingest, read_input

__all__ = ["IngestOptions", "IngestReport", "InputError", "ingest", "read_input"]
