"""The storage interface the rest of claimgraph talks to.

Keeping it this small is what lets a server database be added later: only these methods
need a second implementation.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from claimgraph.models import Article, Extraction, InputFailure

PutResult = Literal["stored", "unchanged", "updated"]


class StoreError(Exception):
    """The store cannot be opened or used; the message says which file and why."""


@dataclass
class RunSummary:
    id: int
    started_at: datetime
    finished_at: datetime | None
    stored: int = 0
    unchanged: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0


class Store(Protocol):
    def transaction(self) -> AbstractContextManager[None]: ...

    def put_article(self, article: Article, run_id: int | None = None) -> PutResult: ...

    def put_articles(self, articles: list[Article], run_id: int | None = None) -> list[PutResult]: ...

    def get_article(self, key: str, version: int | None = None) -> Article | None: ...

    def articles(self) -> list[Article]: ...

    def iter_articles(self) -> Iterator[Article]: ...

    def start_run(self, command: str) -> int: ...

    def finish_run(self, run: RunSummary) -> None: ...

    def last_run(self) -> RunSummary | None: ...

    def record_failure(self, run_id: int, failure: InputFailure) -> None: ...

    def failures(self, run_id: int | None = None) -> list[InputFailure]: ...

    def put_extraction(self, extraction: Extraction) -> None: ...

    def get_extraction(self, key: str) -> Extraction | None: ...

    def extractions(self) -> list[Extraction]: ...

    def close(self) -> None: ...
