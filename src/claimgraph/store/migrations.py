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
]
