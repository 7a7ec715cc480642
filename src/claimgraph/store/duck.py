"""The embedded DuckDB store: one file, versioned schema, articles kept by version."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, fields
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb

from claimgraph.models import (
    Article,
    Attribution,
    Claim,
    DateMention,
    EntityMention,
    Event,
    Extraction,
    InputFailure,
    OffsetMap,
    Quantity,
)
from claimgraph.names import name_key
from claimgraph.store.base import PutResult, RunSummary, StoreError
from claimgraph.store.linktables import LinkTables
from claimgraph.store.migrations import MIGRATIONS

_ARTICLE_COLS = (
    "key, version, content_hash, title, url, outlet, published, language, status, "
    "status_reason, origin, text, raw, offset_map"
)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class DuckStore(LinkTables):
    """A :class:`claimgraph.store.base.Store` in one DuckDB file."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = str(path)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as exc:
            msg = str(exc).splitlines()[0]
            if "lock" in msg.lower():
                raise StoreError(f"{self.path}: the store is in use by another claimgraph process") from exc
            raise StoreError(f"{self.path}: cannot open the store ({msg})") from exc
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: not a claimgraph store ({str(exc).splitlines()[0]})") from exc
        self._depth = 0
        # Latest (version, content hash) per key, loaded on the first put: DuckDB answers a
        # point lookup with a table scan, which made every put slower as the store grew.
        # Only this object writes articles while it holds the file (DuckDB locks it), so the
        # cache stays true; changes made inside a transaction are undone on rollback.
        self._latest: dict[str, tuple[int, str]] | None = None
        self._undo: list[tuple[str, tuple[int, str] | None]] = []
        if not read_only:
            self.migrate()
        else:
            if self.schema_version() < len(MIGRATIONS):
                raise StoreError(f"{self.path}: store schema is older than this claimgraph; open it once read-write")

    # ------------------------------------------------------------------ schema
    def schema_version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        ).fetchone()
        if not exists or not exists[0]:
            return 0
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0] or 0) if row else 0

    def migrate(self) -> None:
        """Apply each missing migration in its own transaction, in order."""
        current = self.schema_version()
        if current > len(MIGRATIONS):
            raise StoreError(
                f"{self.path}: store schema version {current} is newer than this claimgraph ({len(MIGRATIONS)})"
            )
        for version, statements in enumerate(MIGRATIONS, start=1):
            if version <= current:
                continue
            self.con.execute("BEGIN TRANSACTION")
            try:
                for step in statements:
                    if callable(step):
                        step(self.con)
                    else:
                        self.con.execute(step)
                self.con.execute("INSERT INTO schema_version VALUES (?, ?)", [version, _now()])
                self.con.execute("COMMIT")
            except Exception:
                self.con.execute("ROLLBACK")
                raise

    # ------------------------------------------------------------------ transactions
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Nested use joins the outer transaction; only the outermost commits."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.con.execute("BEGIN TRANSACTION")
        self._depth = 1
        self._undo.clear()
        try:
            yield
        except BaseException:
            self._depth = 0
            self._rollback_cache()
            self.con.execute("ROLLBACK")
            raise
        self._depth = 0
        try:
            self.con.execute("COMMIT")
        except BaseException:
            self._rollback_cache()
            raise
        self._undo.clear()

    def _rollback_cache(self) -> None:
        if self._latest is not None:
            for key, previous in reversed(self._undo):
                if previous is None:
                    self._latest.pop(key, None)
                else:
                    self._latest[key] = previous
        self._undo.clear()

    # ------------------------------------------------------------------ articles
    def put_article(self, article: Article, run_id: int | None = None) -> PutResult:
        """Store a new article or a new version; identical content is a no-op."""
        return self.put_articles([article], run_id)[0]

    def put_articles(self, articles: list[Article], run_id: int | None = None) -> list[PutResult]:
        """:meth:`put_article` for each article in order, written with one INSERT.

        A row at a time costs DuckDB more than the rest of ingest per article does. All or
        nothing: the articles are written in one transaction (joining the caller's, if any).
        """
        with self.transaction():
            latest = self._load_latest()
            results: list[PutResult] = []
            rows: list[list[Any]] = []
            now = _now()
            for article in articles:
                h = article.content_hash
                row = latest.get(article.key)
                if row and row[1] == h:
                    article.version = row[0]
                    results.append("unchanged")
                    continue
                version = row[0] + 1 if row else 1
                rows.append(
                    [
                        article.key,
                        version,
                        h,
                        article.title,
                        article.url,
                        article.outlet,
                        article.published,
                        article.language,
                        article.status,
                        article.status_reason,
                        article.origin,
                        article.text,
                        article.raw,
                        json.dumps(article.offset_map.segments),
                        now,
                        run_id,
                    ]
                )
                self._undo.append((article.key, row))  # undone if the transaction rolls back
                latest[article.key] = (version, h)
                article.version = version
                results.append("updated" if row else "stored")
            self.insert_rows("articles", rows)  # the rows list every column in table order
        return results

    def _load_latest(self) -> dict[str, tuple[int, str]]:
        if self._latest is None:
            self._latest = {
                str(k): (int(v), str(ch))
                for k, v, ch in self.con.execute("SELECT key, version, content_hash FROM current_articles").fetchall()
            }
        return self._latest

    def _row_to_article(self, r: tuple[Any, ...]) -> Article:
        return Article(
            key=r[0],
            version=r[1],
            title=r[3],
            url=r[4],
            outlet=r[5],
            published=r[6] if isinstance(r[6], date) else None,
            language=r[7],
            status=r[8],
            status_reason=r[9],
            origin=r[10],
            text=r[11],
            raw=r[12],
            offset_map=OffsetMap(tuple(tuple(s) for s in json.loads(r[13] or "[]"))),  # type: ignore[misc]
        )

    def get_article(self, key: str, version: int | None = None) -> Article | None:
        if version is None:
            r = self.con.execute(
                f"SELECT {_ARTICLE_COLS} FROM articles WHERE key = ? ORDER BY version DESC LIMIT 1", [key]
            ).fetchone()
        else:
            r = self.con.execute(
                f"SELECT {_ARTICLE_COLS} FROM articles WHERE key = ? AND version = ?", [key, version]
            ).fetchone()
        return self._row_to_article(r) if r else None

    def get_articles(self, wanted: list[tuple[str, int]]) -> dict[str, Article]:
        """Several article versions in one query (one query per article costs ms each)."""
        if not wanted:
            return {}
        rows = self.con.execute(
            f"""SELECT {_ARTICLE_COLS} FROM articles
                JOIN (SELECT unnest(?) AS k, unnest(?) AS v) w ON key = w.k AND version = w.v""",
            [[k for k, _ in wanted], [v for _, v in wanted]],
        ).fetchall()
        return {r[0]: self._row_to_article(r) for r in rows}

    def get_current_articles(self, keys: list[str]) -> dict[str, Article]:
        """The current version of each of these articles, in one query."""
        if not keys:
            return {}
        rows = self.con.execute(
            f"SELECT {_ARTICLE_COLS} FROM current_articles WHERE key IN (SELECT unnest(?))", [keys]
        ).fetchall()
        return {r[0]: self._row_to_article(r) for r in rows}

    def versions(self, key: str) -> list[tuple[int, datetime]]:
        return [
            (int(v), t)
            for v, t in self.con.execute(
                "SELECT version, ingested_at FROM articles WHERE key = ? ORDER BY version", [key]
            ).fetchall()
        ]

    def iter_articles(self) -> Iterator[Article]:
        cur = self.con.cursor()
        cur.execute(f"SELECT {_ARTICLE_COLS} FROM current_articles ORDER BY key")
        while True:
            rows = cur.fetchmany(500)
            if not rows:
                break
            for r in rows:
                yield self._row_to_article(r)

    def articles(self) -> list[Article]:
        return list(self.iter_articles())

    def count_articles(self) -> int:
        row = self.con.execute("SELECT count(*) FROM current_articles").fetchone()
        return int(row[0]) if row else 0

    # ------------------------------------------------------------------ runs and failures
    def start_run(self, command: str) -> int:
        row = self.con.execute(
            "INSERT INTO runs (id, started_at, command) VALUES (nextval('run_seq'), ?, ?) RETURNING id",
            [_now(), command],
        ).fetchone()
        assert row is not None
        return int(row[0])

    def finish_run(self, run: RunSummary) -> None:
        self.con.execute(
            "UPDATE runs SET finished_at = ?, stored = ?, unchanged = ?, updated = ?, skipped = ?, failed = ? "
            "WHERE id = ?",
            [_now(), run.stored, run.unchanged, run.updated, run.skipped, run.failed, run.id],
        )

    def last_run(self) -> RunSummary | None:
        r = self.con.execute(
            "SELECT id, started_at, finished_at, stored, unchanged, updated, skipped, failed "
            "FROM runs ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if not r:
            return None
        return RunSummary(r[0], r[1], r[2], r[3] or 0, r[4] or 0, r[5] or 0, r[6] or 0, r[7] or 0)

    def record_failure(self, run_id: int, failure: InputFailure) -> None:
        self.con.execute(
            "INSERT INTO failures (run_id, input, reason, failed_at) VALUES (?, ?, ?, ?)",
            [run_id, failure.input, failure.reason, _now()],
        )

    def failures(self, run_id: int | None = None) -> list[InputFailure]:
        if run_id is None:
            rows = self.con.execute("SELECT input, reason FROM failures ORDER BY run_id, failed_at").fetchall()
        else:
            rows = self.con.execute(
                "SELECT input, reason FROM failures WHERE run_id = ? ORDER BY failed_at", [run_id]
            ).fetchall()
        return [InputFailure(i, r) for i, r in rows]

    # ------------------------------------------------------------------ extractions
    def put_extraction(self, extraction: Extraction) -> None:
        """Replace the stored extraction of one article (whatever version it had)."""
        self.put_extractions([extraction])

    def put_extractions(self, extractions: list[Extraction]) -> None:
        """Replace the stored extractions of these articles: their rows in every record table.

        All or nothing: one transaction (joining the caller's, if any), one INSERT per table.
        """
        if not extractions:
            return
        keys = [ex.article_key for ex in extractions]
        tables: dict[str, list[dict[str, Any]]] = {t: [] for t in (*_RECORD_TABLES, *_INDEX_TABLES)}
        now = _now()
        for ex in extractions:
            for table, rows in extraction_rows(ex).items():
                tables[table].extend(rows)
        with self.transaction():
            for table in ("extractions", *_RECORD_TABLES, *_INDEX_TABLES):
                self.con.execute(f"DELETE FROM {table} WHERE article_key IN (SELECT unnest(?))", [keys])
            insert_table_rows(
                self.con,
                "extractions",
                [
                    {"article_key": ex.article_key, "version": ex.version, "extracted_at": now,
                     "skipped_reason": ex.skipped_reason}
                    for ex in extractions
                ],
            )
            for table, rows in tables.items():
                insert_table_rows(self.con, table, rows)

    def get_extraction(self, key: str) -> Extraction | None:
        return self.get_extractions([key]).get(key)

    def get_extractions(self, keys: list[str]) -> dict[str, Extraction]:
        if not keys:
            return {}
        return self._read_extractions("WHERE article_key IN (SELECT unnest(?))", [keys])

    def extractions(self) -> list[Extraction]:
        return list(self._read_extractions("", []).values())

    def _read_extractions(self, where: str, params: list[Any]) -> dict[str, Extraction]:
        """Extractions rebuilt from the record tables, one query per table, ordered by key."""
        out: dict[str, Extraction] = {}
        for key, version, reason in self.con.execute(
            f"SELECT article_key, version, skipped_reason FROM extractions {where} ORDER BY article_key", params
        ).fetchall():
            out[key] = Extraction(article_key=key, version=version, skipped_reason=reason)
        for table, (cls, attr) in _RECORD_TABLES.items():
            names = [f.name for f in fields(cls)]
            cols = ", ".join(f'"{n}"' for n in names)
            for row in self.con.execute(
                f"SELECT {cols} FROM {table} {where} ORDER BY article_key, seq", params
            ).fetchall():
                ex = out.get(row[0])
                if ex is not None:
                    getattr(ex, attr).append(cls(*row))
        return out

    # ------------------------------------------------------------------ read side
    def find_claims(
        self,
        about: list[str] | None = None,
        by: list[str] | None = None,
        certainty: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> list[Claim]:
        """Claims naming one of ``about`` (entity keys, see :func:`entity_key`), made by one of
        ``by``, of one certainty, in articles published in [since, until]; one indexed query."""
        names = [f.name for f in fields(Claim)]
        cols = ", ".join(f'c."{n}"' for n in names)
        joins: list[str] = []
        where: list[str] = []
        params: list[Any] = []
        for role, keys in (("about", about), ("source", by)):
            if keys is None:
                continue
            alias = f"h_{role}"
            joins.append(
                f"JOIN (SELECT DISTINCT article_key, claim_id FROM claim_entities WHERE role = ? "
                f"AND entity_key IN (SELECT unnest(?))) {alias} ON {alias}.article_key = c.article_key "
                f"AND {alias}.claim_id = c.id"
            )
            params += [role, [entity_key(k) for k in keys]]
        if certainty:
            where.append("c.certainty = ?")
            params.append(certainty)
        if since or until:
            joins.append("JOIN articles a ON a.key = c.article_key AND a.version = c.version")
            if since:
                where.append("a.published >= ?")
                params.append(since)
            if until:
                where.append("a.published <= ?")
                params.append(until)
        sql = f"SELECT {cols} FROM claims c {' '.join(joins)} {'WHERE ' + ' AND '.join(where) if where else ''} " \
              "ORDER BY c.article_key, c.seq"
        return [Claim(*r) for r in self.con.execute(sql, params).fetchall()]

    def articles_naming(self, keys: list[str]) -> list[str]:
        """Keys of the articles that mention one of these entity keys, or have a claim or event
        naming one (as source, subject, actor, weapon or place), in key order."""
        return [str(r[0]) for r in self.con.execute(
            """SELECT article_key FROM mentions WHERE entity_key IN (SELECT unnest($1))
               UNION SELECT article_key FROM claim_entities WHERE entity_key IN (SELECT unnest($1))
               UNION SELECT article_key FROM event_entities WHERE entity_key IN (SELECT unnest($1))
               ORDER BY 1""", [keys]).fetchall()]

    def has_entity(self, keys: list[str]) -> bool:
        """Whether any entity key in ``keys`` is mentioned, or is the source of a claim."""
        row = self.con.execute(
            """SELECT EXISTS (SELECT 1 FROM mentions WHERE entity_key IN (SELECT unnest($1)))
                   OR EXISTS (SELECT 1 FROM claim_entities WHERE entity_key IN (SELECT unnest($1)))""", [keys]
        ).fetchone()
        return bool(row and row[0])

    def search_text(self, words: list[str], limit: int) -> list[tuple[str, str, str | None, str | None, str, int,
                                                                        int, int]]:
        """(kind, article key, claim id, title, text, start, end, score) of articles and claims
        whose text holds every word (case-insensitive), most occurrences first.

        DuckDB's full-text extension is downloaded on first use, which an offline machine
        cannot do for this DuckDB version, so this scans the texts: a few tens of milliseconds
        for thousands of articles.
        """
        cond = " AND ".join(["contains(lower(t), ?)"] * len(words))
        score = " + ".join(["(length(lower(t)) - length(replace(lower(t), ?, ''))) // length(?)"] * len(words))
        score_params: list[Any] = [x for w in words for x in (w, w)]
        rows = self.con.execute(
            f"""WITH docs AS (
                    SELECT 'article' AS kind, key AS k, NULL AS ref, title, text AS t, 0 AS s, length(text) AS e
                    FROM current_articles WHERE status = 'ok'
                    UNION ALL
                    SELECT 'claim', c.article_key, c.id, a.title, c.text, c.start, c."end"
                    FROM claims c JOIN current_articles a ON a.key = c.article_key AND a.version = c.version)
                SELECT kind, k, ref, title, t, s, e, {score} AS score FROM docs WHERE {cond}
                ORDER BY score DESC, kind, k, s LIMIT ?""",
            [*score_params, *words, limit],
        ).fetchall()
        return [tuple(r) for r in rows]  # type: ignore[misc]

    def count_claims(self) -> int:
        row = self.con.execute("SELECT count(*) FROM claims").fetchone()
        return int(row[0]) if row else 0

    def published_dates(self) -> dict[str, date | None]:
        """Each current article's publication date (None when unknown)."""
        return {str(k): p for k, p in self.con.execute("SELECT key, published FROM current_articles").fetchall()}

    def insert_rows(self, table: str, rows: list[list[Any]]) -> None:
        """Append ``rows`` (all of the table's columns, in order) in one statement.

        DuckDB's executemany runs one statement per row (about 1.7 ms each with indexes and
        blobs); passing each column as one list and unnesting it is two orders faster.
        """
        if not rows:
            return
        cols = list(zip(*rows, strict=True))
        sel = ", ".join(f"unnest(${i + 1})" for i in range(len(cols)))
        self.con.execute(f"INSERT INTO {table} SELECT * FROM (SELECT {sel})", [list(c) for c in cols])

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> DuckStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# Record table -> (record class, Extraction attribute). Each table has the record's fields as
# columns (article_key first) plus `version` and `seq` (the record's place in its list).
_RECORD_TABLES: dict[str, tuple[type, str]] = {
    "mentions": (EntityMention, "entities"),
    "dates": (DateMention, "dates"),
    "quantities": (Quantity, "quantities"),
    "attributions": (Attribution, "attributions"),
    "claims": (Claim, "claims"),
    "events": (Event, "events"),
}
_INDEX_TABLES = ("claim_entities", "event_entities")


def entity_key(name: str) -> str:
    """The form names are indexed under (the ``claim_entities`` table): the packs' normal form."""
    return name_key(name)


def extraction_rows(ex: Extraction) -> dict[str, list[dict[str, Any]]]:
    """The rows one extraction is stored as, by table (record tables and the entity indexes)."""
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in (*_RECORD_TABLES, *_INDEX_TABLES)}
    for table, (_, attr) in _RECORD_TABLES.items():
        for seq, rec in enumerate(getattr(ex, attr)):
            row = asdict(rec)
            row.update(article_key=ex.article_key, version=ex.version, seq=seq)
            if table == "mentions":
                row["entity_key"] = entity_key(rec.entity)
            out[table].append(row)
    for c in ex.claims:
        names = [(n, "about") for n in c.entities] + [(c.source, "source")]
        for name, role in dict.fromkeys(names):
            out["claim_entities"].append(
                {"article_key": ex.article_key, "claim_id": c.id, "entity_key": entity_key(name), "role": role}
            )
    for e in ex.events:
        names = [(n, "actor") for n in e.actors] + [(n, r) for n, r in ((e.weapon, "weapon"),
                                                                         (e.location, "location")) if n]
        for name, role in dict.fromkeys(names):
            out["event_entities"].append(
                {"article_key": ex.article_key, "event_id": e.id, "entity_key": entity_key(name or ""), "role": role}
            )
    return out


def insert_table_rows(con: Any, table: str, rows: list[dict[str, Any]]) -> None:
    """Append ``rows`` (dicts with the same keys) to ``table`` in one statement, by column name.

    DuckDB's executemany runs one statement per row; one list per column, unnested, is two
    orders faster.
    """
    if not rows:
        return
    names = list(rows[0])
    cols = ", ".join(f'"{n}"' for n in names)
    sel = ", ".join(f"unnest(${i + 1})" for i in range(len(names)))
    con.execute(f"INSERT INTO {table} ({cols}) SELECT * FROM (SELECT {sel})", [[r[n] for r in rows] for n in names])


def extraction_from_json(payload: str) -> Extraction:
    """An extraction from the JSON payload schema versions 2-4 stored (read by migration 5)."""
    d = json.loads(payload)
    return Extraction(
        article_key=d["article_key"],
        version=d["version"],
        entities=[EntityMention(**x) for x in d.get("entities", [])],
        dates=[DateMention(**x) for x in d.get("dates", [])],
        quantities=[Quantity(**x) for x in d.get("quantities", [])],
        attributions=[Attribution(**x) for x in d.get("attributions", [])],
        claims=[Claim(**x) for x in d.get("claims", [])],
        events=[Event(**x) for x in d.get("events", [])],
        skipped_reason=d.get("skipped_reason"),
    )


def open_store(path: str | Path, read_only: bool = False) -> DuckStore:
    """Open (and create or migrate) the store at ``path``."""
    p = Path(path)
    if read_only and not p.exists():
        raise StoreError(f"{path}: no such store; run `claimgraph ingest` first")
    if p.exists() and p.is_dir():
        raise StoreError(f"{path}: is a directory, not a store file")
    return DuckStore(p, read_only=read_only)
