"""Schema migrations, applied in order; a store records the last one it has.

Append a new list to add tables or columns; never edit a migration that has shipped,
because existing stores have already applied it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# A step is one SQL statement, or a Python function of the connection for what SQL alone
# cannot do (migration 5 turns the JSON extraction payloads into rows with the code that
# reads them).
Step = str | Callable[[Any], None]


def _extractions_to_rows(con: Any) -> None:
    from claimgraph.store.duck import extraction_from_json, extraction_rows, insert_table_rows

    for key, version, payload in con.execute(
        "SELECT article_key, version, payload FROM extractions ORDER BY article_key"
    ).fetchall():
        ex = extraction_from_json(payload)
        ex.article_key, ex.version = key, version
        for table, rows in extraction_rows(ex).items():
            insert_table_rows(con, table, rows)


MIGRATIONS: list[list[Step]] = [
    # 1: articles by version, ingest runs, failed inputs
    [
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL)",
        "CREATE SEQUENCE IF NOT EXISTS run_seq START 1",
        """CREATE TABLE IF NOT EXISTS runs (
            id INTEGER PRIMARY KEY, started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP,
            command VARCHAR, stored INTEGER, unchanged INTEGER, updated INTEGER,
            skipped INTEGER, failed INTEGER)""",
        """CREATE TABLE IF NOT EXISTS articles (
            key VARCHAR NOT NULL, version INTEGER NOT NULL, content_hash VARCHAR NOT NULL,
            title VARCHAR, url VARCHAR, outlet VARCHAR, published DATE, language VARCHAR,
            status VARCHAR NOT NULL, status_reason VARCHAR, origin VARCHAR, text VARCHAR NOT NULL,
            raw VARCHAR NOT NULL, offset_map VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL,
            run_id INTEGER, PRIMARY KEY (key, version))""",
        """CREATE VIEW IF NOT EXISTS current_articles AS
            SELECT a.* FROM articles a
            JOIN (SELECT key, max(version) AS version FROM articles GROUP BY key) m
            USING (key, version)""",
        """CREATE TABLE IF NOT EXISTS failures (
            run_id INTEGER NOT NULL, input VARCHAR NOT NULL, reason VARCHAR NOT NULL, failed_at TIMESTAMP NOT NULL)""",
    ],
    # 2: per-article extraction results, one JSON payload per article (current version)
    [
        """CREATE TABLE IF NOT EXISTS extractions (
            article_key VARCHAR NOT NULL, version INTEGER NOT NULL, payload VARCHAR NOT NULL,
            extracted_at TIMESTAMP NOT NULL)""",
    ],
    # 3: cross-article linking: per-article features, claim/event units with their vectors,
    # pair decisions, stories, contradictions, and the persisted indexes (LSH, vectors)
    [
        """CREATE TABLE IF NOT EXISTS link_features (
            article_key VARCHAR NOT NULL, version INTEGER NOT NULL, aid BIGINT NOT NULL,
            published DATE, attributed INTEGER NOT NULL, minhash BLOB NOT NULL, vec BLOB NOT NULL,
            sentences VARCHAR NOT NULL, sent_vecs BLOB NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS link_units (
            uid BIGINT NOT NULL, article_key VARCHAR NOT NULL, kind VARCHAR NOT NULL, ref VARCHAR NOT NULL,
            vec BLOB NOT NULL, cluster BIGINT NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS link_unit_edges (
            a BIGINT NOT NULL, b BIGINT NOT NULL, kind VARCHAR NOT NULL, score DOUBLE NOT NULL,
            detail VARCHAR)""",
        """CREATE TABLE IF NOT EXISTS link_edges (
            a VARCHAR NOT NULL, b VARCHAR NOT NULL, kind VARCHAR NOT NULL, jaccard DOUBLE NOT NULL,
            coverage DOUBLE NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS link_stories (
            article_key VARCHAR NOT NULL, story VARCHAR NOT NULL, role VARCHAR NOT NULL, parent VARCHAR)""",
        "CREATE TABLE IF NOT EXISTS link_state (name VARCHAR NOT NULL, payload BLOB NOT NULL)",
        """CREATE TABLE IF NOT EXISTS link_frames (
            uid BIGINT NOT NULL, article_key VARCHAR NOT NULL, type VARCHAR NOT NULL, party VARCHAR NOT NULL,
            stance VARCHAR NOT NULL)""",
    ],
    # 4: each claim or event unit keeps what pair decisions need (the claim and its frame, or the
    # event) so deciding a pair never reloads the other article; one view joins edges to their
    # articles. Link tables hold derived data only: they are emptied, and the next `link` rebuilds them.
    [
        "ALTER TABLE link_units ADD COLUMN info VARCHAR",
        "DELETE FROM link_features",
        "DELETE FROM link_units",
        "DELETE FROM link_unit_edges",
        "DELETE FROM link_edges",
        "DELETE FROM link_stories",
        "DELETE FROM link_state",
        "DELETE FROM link_frames",
        # the serialized indexes, apart from link_state's small rows, so reading those stays cheap
        "CREATE TABLE IF NOT EXISTS link_index (name VARCHAR NOT NULL, payload BLOB NOT NULL)",
        # MinHash LSH buckets: one row per article version and band
        "CREATE TABLE IF NOT EXISTS link_bands (band INTEGER NOT NULL, hash BIGINT NOT NULL, aid BIGINT NOT NULL)",
        """CREATE VIEW IF NOT EXISTS link_unit_pairs AS
            SELECT e.a, e.b, e.kind, e.score, e.detail, ua.kind AS unit_kind,
                   ua.article_key AS key_a, ua.ref AS ref_a, ub.article_key AS key_b, ub.ref AS ref_b
            FROM link_unit_edges e JOIN link_units ua ON ua.uid = e.a JOIN link_units ub ON ub.uid = e.b""",
    ],
    # 5: extractions as relational rows (one table per record type, each row keeping its
    # article key, version and character offsets) instead of one JSON payload per article, so
    # "claims about X since June" is one indexed query instead of parsing every payload.
    # `extractions` keeps one row per extracted article version (and why it was skipped).
    [
        """CREATE TABLE IF NOT EXISTS mentions (
            article_key VARCHAR NOT NULL, version INTEGER NOT NULL, seq INTEGER NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, text VARCHAR NOT NULL,
            entity VARCHAR NOT NULL, entity_key VARCHAR NOT NULL, type VARCHAR NOT NULL,
            wikidata VARCHAR, provisional BOOLEAN NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS dates (
            article_key VARCHAR NOT NULL, version INTEGER NOT NULL, seq INTEGER NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, text VARCHAR NOT NULL, value VARCHAR,
            granularity VARCHAR NOT NULL, end_value VARCHAR, relative BOOLEAN NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS quantities (
            article_key VARCHAR NOT NULL, version INTEGER NOT NULL, seq INTEGER NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, text VARCHAR NOT NULL, value DOUBLE NOT NULL,
            unit VARCHAR NOT NULL, value_max DOUBLE, bound VARCHAR NOT NULL, counted VARCHAR,
            source VARCHAR NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS attributions (
            article_key VARCHAR NOT NULL, version INTEGER NOT NULL, seq INTEGER NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, source VARCHAR NOT NULL,
            source_type VARCHAR NOT NULL, cue VARCHAR, cue_start INTEGER, cue_end INTEGER,
            direct BOOLEAN NOT NULL, source_start INTEGER, source_end INTEGER)""",
        """CREATE TABLE IF NOT EXISTS claims (
            article_key VARCHAR NOT NULL, version INTEGER NOT NULL, seq INTEGER NOT NULL,
            id VARCHAR NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text VARCHAR NOT NULL,
            source VARCHAR NOT NULL, source_type VARCHAR NOT NULL, certainty VARCHAR NOT NULL,
            polarity VARCHAR NOT NULL, sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL,
            cue VARCHAR, entities VARCHAR[] NOT NULL, event_ids VARCHAR[] NOT NULL,
            quantity_ids INTEGER[] NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS events (
            article_key VARCHAR NOT NULL, version INTEGER NOT NULL, seq INTEGER NOT NULL,
            id VARCHAR NOT NULL, type VARCHAR NOT NULL, trigger VARCHAR NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, trigger_start INTEGER NOT NULL,
            trigger_end INTEGER NOT NULL, actors VARCHAR[] NOT NULL, weapon VARCHAR, location VARCHAR,
            date VARCHAR, date_granularity VARCHAR, date_from_article BOOLEAN NOT NULL,
            certainty VARCHAR NOT NULL, source VARCHAR NOT NULL)""",
        # who or what a claim or event is about, one row per name (lower-cased canonical name in
        # entity_key): the indexed way in for "claims about X", "events involving X"
        """CREATE TABLE IF NOT EXISTS claim_entities (
            article_key VARCHAR NOT NULL, claim_id VARCHAR NOT NULL, entity_key VARCHAR NOT NULL,
            role VARCHAR NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS event_entities (
            article_key VARCHAR NOT NULL, event_id VARCHAR NOT NULL, entity_key VARCHAR NOT NULL,
            role VARCHAR NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS claim_entities_entity ON claim_entities (entity_key)",
        "CREATE INDEX IF NOT EXISTS event_entities_entity ON event_entities (entity_key)",
        "CREATE INDEX IF NOT EXISTS claims_article ON claims (article_key)",
        "CREATE INDEX IF NOT EXISTS events_article ON events (article_key)",
        "CREATE INDEX IF NOT EXISTS mentions_entity ON mentions (entity_key)",
        _extractions_to_rows,
        "ALTER TABLE extractions ADD COLUMN skipped_reason VARCHAR",
        """UPDATE extractions SET skipped_reason = json_extract_string(payload, '$.skipped_reason')""",
        "ALTER TABLE extractions DROP COLUMN payload",
        # one row per entity: its name as the packs or the model gave it, its type and how
        # many mentions it has
        """CREATE VIEW IF NOT EXISTS entities AS
            SELECT entity_key AS key, any_value(entity) AS name, mode(type) AS type,
                   any_value(wikidata) AS wikidata, bool_and(provisional) AS provisional,
                   count(*) AS mentions, count(DISTINCT article_key) AS articles
            FROM mentions GROUP BY entity_key""",
    ],
]
