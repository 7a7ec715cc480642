"""The storage interface the rest of claimgraph talks to.

Keeping it this small is what lets a server database be added later: only these methods
need a second implementation.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, Protocol

from claimgraph.models import Article, Claim, Extraction, InputFailure

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

    def get_current_articles(self, keys: list[str]) -> dict[str, Article]: ...

    def iter_articles(self) -> Iterator[Article]: ...

    def start_run(self, command: str) -> int: ...

    def finish_run(self, run: RunSummary) -> None: ...

    def last_run(self) -> RunSummary | None: ...

    def record_failure(self, run_id: int, failure: InputFailure) -> None: ...

    def failures(self, run_id: int | None = None) -> list[InputFailure]: ...

    def put_extraction(self, extraction: Extraction) -> None: ...

    def get_extraction(self, key: str) -> Extraction | None: ...

    def extractions(self) -> list[Extraction]: ...

    def put_extractions(self, extractions: list[Extraction]) -> None: ...

    def get_extractions(self, keys: list[str]) -> dict[str, Extraction]: ...

    # read side: what the read layer (claimgraph.read) asks; no other module runs SQL
    def find_claims(
        self,
        about: list[str] | None = None,
        by: list[str] | None = None,
        certainty: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> list[Claim]: ...

    def published_dates(self) -> dict[str, date | None]: ...

    def count_claims(self) -> int: ...

    def has_entity(self, keys: list[str]) -> bool: ...

    def articles_naming(self, keys: list[str]) -> list[str]: ...

    def link_state_value(self, name: str) -> bytes | None: ...

    def story_rows(self) -> list[tuple[str, str, str, str | None, str | None, str | None, date | None]]: ...

    def story_id_of(self, ident: str) -> str | None: ...

    def story_of(self) -> dict[str, str]: ...

    def unit_clusters(self, kind: str, min_articles: int = 1) -> list[tuple[int, str, str]]: ...

    def unit_pairs(self, kind: str) -> list[tuple[str, str | None, str, str, str, str, str]]: ...

    def close(self) -> None: ...
