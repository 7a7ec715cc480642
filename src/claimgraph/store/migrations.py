"""Schema migrations, applied in order; a store records the last one it has.

Append a new list to add tables or columns; never edit a migration that has shipped,
because existing stores have already applied it.
"""

from __future__ import annotations

MIGRATIONS: list[list[str]] = [
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
]
