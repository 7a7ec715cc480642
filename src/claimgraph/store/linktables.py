"""The link stage's tables: every statement the cross-article linker runs, as methods of the
store, so that linking talks to the store through its interface and all SQL lives in store/.

Link tables hold derived data only (rebuilt by ``claimgraph link --full``); see migrations 3-4.
"""

from __future__ import annotations

from datetime import date
from typing import Any

LINK_TABLES = ("link_features", "link_units", "link_unit_edges", "link_edges", "link_stories", "link_state",
               "link_frames", "link_index", "link_bands")


class LinkTables:
    """Mixed into :class:`~claimgraph.store.duck.DuckStore`; ``self.con`` is its connection."""

    con: Any

    def clear_links(self) -> None:
        for t in LINK_TABLES:
            self.con.execute(f"DELETE FROM {t}")

    # ------------------------------------------------------------------ what the read layer shows
    def link_state_value(self, name: str) -> bytes | None:
        row = self.con.execute("SELECT payload FROM link_state WHERE name = ?", [name]).fetchone()
        return bytes(row[0]) if row else None

    def story_rows(self) -> list[tuple[str, str, str, str | None, str | None, str | None, date | None]]:
        """(story, article key, role, parent, title, outlet, published) for every linked article."""
        return [tuple(r) for r in self.con.execute(  # type: ignore[misc]
            """SELECT s.story, s.article_key, s.role, s.parent, a.title, a.outlet, a.published
               FROM link_stories s JOIN current_articles a ON a.key = s.article_key"""
        ).fetchall()]

    def story_id_of(self, ident: str) -> str | None:
        """The story whose id, or one of whose members' key, is ``ident``."""
        row = self.con.execute(
            "SELECT story FROM link_stories WHERE story = ? OR article_key = ? LIMIT 1", [ident, ident]
        ).fetchone()
        return str(row[0]) if row else None

    def story_of(self) -> dict[str, str]:
        """Article key -> story id."""
        return {str(k): str(s) for k, s in self.con.execute("SELECT article_key, story FROM link_stories").fetchall()}

    def unit_clusters(self, kind: str, min_articles: int = 1) -> list[tuple[int, str, str]]:
        """(cluster, article key, ref) of linked claim or event units in clusters that span at
        least ``min_articles`` articles."""
        return [tuple(r) for r in self.con.execute(  # type: ignore[misc]
            """SELECT cluster, article_key, ref FROM link_units WHERE kind = ? AND cluster IN (
                 SELECT cluster FROM link_units WHERE kind = ? GROUP BY cluster
                 HAVING count(DISTINCT article_key) >= ?) ORDER BY cluster, article_key, uid""",
            [kind, kind, min_articles],
        ).fetchall()]

    def unit_pairs(self, kind: str) -> list[tuple[str, str | None, str, str, str, str, str]]:
        """(kind, detail, key a, ref a, key b, ref b, unit kind) of the pair decisions whose kind
        starts with ``kind`` (e.g. ``contra:``)."""
        return [tuple(r) for r in self.con.execute(  # type: ignore[misc]
            """SELECT kind, detail, key_a, ref_a, key_b, ref_b, unit_kind FROM link_unit_pairs
               WHERE starts_with(kind, ?) ORDER BY kind, key_a, key_b""", [kind]
        ).fetchall()]

    # ------------------------------------------------------------------ state and indexes
    def set_link_state(self, name: str, payload: bytes) -> None:
        self.con.execute("DELETE FROM link_state WHERE name = ?", [name])
        self.con.execute("INSERT INTO link_state VALUES (?, ?)", [name, payload])

    def link_index_blobs(self) -> dict[str, bytes]:
        """The serialized vector indexes by name."""
        return {str(n): bytes(p) for n, p in self.con.execute("SELECT name, payload FROM link_index").fetchall()}

    def save_link_index(self, blobs: dict[str, bytes]) -> None:
        self.con.execute("DELETE FROM link_index")
        for name, payload in blobs.items():
            self.con.execute("INSERT INTO link_index VALUES (?, ?)", [name, payload])

    def feature_vectors_after(self, aid: int) -> list[tuple[int, bytes]]:
        return self.con.execute(  # type: ignore[no-any-return]
            "SELECT aid, vec FROM link_features WHERE aid > ? ORDER BY aid", [aid]).fetchall()

    def unit_vectors_after(self, uid: int) -> list[tuple[int, bytes]]:
        return self.con.execute(  # type: ignore[no-any-return]
            "SELECT uid, vec FROM link_units WHERE uid > ? ORDER BY uid", [uid]).fetchall()

    def next_link_ids(self) -> tuple[int, int]:
        """(next article id, next unit id) after those stored."""
        aid = self.con.execute("SELECT coalesce(max(aid), -1) + 1 FROM link_features").fetchone()[0]
        uid = self.con.execute("SELECT coalesce(max(uid), -1) + 1 FROM link_units").fetchone()[0]
        return int(aid), int(uid)

    def lsh_matches(self, keys: list[str], bands: list[int], hashes: list[int]) -> list[tuple[str, int]]:
        """(query key, article id) for each stored LSH bucket a query band falls in."""
        return self.con.execute(  # type: ignore[no-any-return]
            """SELECT DISTINCT q.k, b.aid FROM link_bands b
               JOIN (SELECT unnest(?) AS k, unnest(?) AS band, unnest(?) AS h) q ON b.band = q.band AND b.hash = q.h""",
            [keys, bands, hashes],
        ).fetchall()

    # ------------------------------------------------------------------ units and features
    def link_unit_rows(self, uids: list[int]) -> list[tuple[int, str, str, str, str]]:
        """(uid, article key, kind, ref, info) of these units."""
        return self.con.execute(  # type: ignore[no-any-return]
            "SELECT uid, article_key, kind, ref, info FROM link_units WHERE uid IN (SELECT unnest(?))", [uids]
        ).fetchall()

    def link_feature_rows(self, keys: list[str]) -> list[tuple[Any, ...]]:
        """(key, version, aid, minhash, vec, sentences, sent_vecs, published) of these articles."""
        return self.con.execute(  # type: ignore[no-any-return]
            """SELECT article_key, version, aid, minhash, vec, sentences, sent_vecs, published FROM link_features
               WHERE article_key IN (SELECT unnest(?))""", [keys],
        ).fetchall()

    def linked_articles(self) -> dict[int, str]:
        """Article id -> key of every linked article version."""
        return {int(a): str(k) for a, k in self.con.execute("SELECT aid, article_key FROM link_features").fetchall()}

    def articles_to_link(self) -> list[tuple[str, int, int | None]]:
        """(key, current version, linked version or None) of analysed articles not linked at their
        current version."""
        return self.con.execute(  # type: ignore[no-any-return]
            """SELECT a.key, a.version, f.version FROM current_articles a
               JOIN extractions x ON x.article_key = a.key AND x.version = a.version
               LEFT JOIN link_features f ON f.article_key = a.key
               WHERE a.status = 'ok' AND (f.version IS NULL OR f.version <> a.version)
               ORDER BY a.key"""
        ).fetchall()

    def linked_published(self, keys: list[str]) -> dict[str, date | None]:
        return dict(self.con.execute(
            "SELECT article_key, published FROM link_features WHERE article_key IN (SELECT unnest(?))", [keys],
        ).fetchall())

    def remove_linked(self, keys: list[str]) -> list[int]:
        """Drop what was linked for these articles; returns the clusters their units were in."""
        marks = ",".join("?" * len(keys))
        affected = [int(r[0]) for r in self.con.execute(
            f"SELECT DISTINCT cluster FROM link_units WHERE article_key IN ({marks})", keys).fetchall()]
        self.con.execute(
            f"""DELETE FROM link_unit_edges WHERE a IN (SELECT uid FROM link_units WHERE article_key IN ({marks}))
                OR b IN (SELECT uid FROM link_units WHERE article_key IN ({marks}))""", keys + keys)
        self.con.execute(
            f"DELETE FROM link_bands WHERE aid IN (SELECT aid FROM link_features WHERE article_key IN ({marks}))", keys)
        for t in ("link_frames", "link_units", "link_features", "link_stories"):
            self.con.execute(f"DELETE FROM {t} WHERE article_key IN ({marks})", keys)
        self.con.execute(f"DELETE FROM link_edges WHERE a IN ({marks}) OR b IN ({marks})", keys + keys)
        return affected

    # ------------------------------------------------------------------ clusters
    def cluster_of_units(self, uids: list[int]) -> dict[int, int]:
        return {int(u): int(c) for u, c in self.con.execute(
            "SELECT uid, cluster FROM link_units WHERE uid IN (SELECT unnest(?))", [uids]).fetchall()}

    def units_of_clusters(self, clusters: list[int]) -> list[tuple[int, int]]:
        """(uid, cluster) of every unit in these clusters, by uid."""
        return self.con.execute(  # type: ignore[no-any-return]
            "SELECT uid, cluster FROM link_units WHERE cluster IN (SELECT unnest(?)) ORDER BY uid", [clusters]
        ).fetchall()

    def same_edges_among(self, uids: list[int]) -> list[tuple[int, int]]:
        return self.con.execute(  # type: ignore[no-any-return]
            """SELECT a, b FROM link_unit_edges WHERE kind = 'same'
               AND a IN (SELECT unnest($1)) AND b IN (SELECT unnest($1))""", [uids]
        ).fetchall()

    def set_unit_clusters(self, uids: list[int], clusters: list[int]) -> None:
        self.con.execute(
            """UPDATE link_units SET cluster = m.c FROM (SELECT unnest(?) AS u, unnest(?) AS c) m
               WHERE link_units.uid = m.u""", [uids, clusters])

    def relabel_clusters(self, old: list[int], new: list[int]) -> None:
        self.con.execute(
            """UPDATE link_units SET cluster = m.new FROM (SELECT unnest(?) AS old, unnest(?) AS new) m
               WHERE link_units.cluster = m.old""", [old, new])

    # ------------------------------------------------------------------ pair decisions
    def shared_claim_counts(self, first_uid: int, min_cos: float) -> list[tuple[str, str, int]]:
        """(key, key, n) 'same' or 'similar' claim edges per article pair, among edges touching
        units from ``first_uid`` on with a score of at least ``min_cos``."""
        return self.con.execute(  # type: ignore[no-any-return]
            """SELECT least(key_a, key_b), greatest(key_a, key_b), count(*) FROM link_unit_pairs
               WHERE kind IN ('same', 'similar') AND unit_kind = 'claim' AND b >= ? AND score >= ?
               GROUP BY 1, 2""", [first_uid, min_cos],
        ).fetchall()

    def contradictions_touching(self, uids: list[int]) -> list[tuple[int, int, str, str]]:
        """(a, b, key a, key b) of stored contradictions involving these units."""
        return self.con.execute(  # type: ignore[no-any-return]
            """SELECT a, b, key_a, key_b FROM link_unit_pairs WHERE kind LIKE 'contra:%'
               AND (a IN (SELECT unnest($1)) OR b IN (SELECT unnest($1)))""", [uids],
        ).fetchall()

    def frame_candidates(self, first_uid: int, per_claim: int) -> list[tuple[int, int]]:
        """(new claim, other claim) with opposite stances on one (act, party), ``per_claim`` per
        new claim: most shared keys first, then the closest publication dates, then the newest."""
        return self.con.execute(  # type: ignore[no-any-return]
            """WITH pairs AS (
                   SELECT n.uid AS nu, o.uid AS ou, any_value(n.article_key) AS nk, any_value(o.article_key) AS ok,
                          count(*) AS shared
                   FROM link_frames n JOIN link_frames o ON n.type = o.type AND n.party = o.party AND n.uid <> o.uid
                   WHERE n.uid >= ? AND (n.stance = 'affirm') <> (o.stance = 'affirm')
                   GROUP BY n.uid, o.uid)
               SELECT p.nu, p.ou FROM pairs p
               LEFT JOIN link_features fn ON fn.article_key = p.nk
               LEFT JOIN link_features fo ON fo.article_key = p.ok
               QUALIFY row_number() OVER (PARTITION BY p.nu ORDER BY p.shared DESC,
                   abs(date_diff('day', fn.published, fo.published)) ASC NULLS LAST, p.ou DESC) <= ?""",
            [first_uid, per_claim],
        ).fetchall()

    # ------------------------------------------------------------------ stories
    def untranslated_foreign_texts(self) -> list[tuple[str, str]]:
        """(key, text) of stored texts in another language with no translation link yet."""
        return self.con.execute(  # type: ignore[no-any-return]
            """SELECT key, text FROM current_articles WHERE language IS NOT NULL AND language <> 'en'
               AND key NOT IN (SELECT a FROM link_edges WHERE kind = 'translation')""").fetchall()

    def texts_containing_any(self, exclude: str, probes: list[str]) -> list[tuple[str, str]]:
        """(key, text) of analysable articles other than ``exclude`` containing one of ``probes``
        (case-insensitive)."""
        cond = " OR ".join(["contains(lower(text), ?)"] * len(probes))
        return self.con.execute(  # type: ignore[no-any-return]
            f"SELECT key, text FROM current_articles WHERE status = 'ok' AND key <> ? AND ({cond})",
            [exclude, *probes]).fetchall()

    def story_members(self) -> list[tuple[str, date | None, int]]:
        """(key, published, attributed) of every linked article, and of stored translations
        (attributed -1: they join by their link only and never lead a story)."""
        rows = self.con.execute("SELECT article_key, published, attributed FROM link_features").fetchall()
        rows += self.con.execute(
            """SELECT key, published, -1 FROM current_articles
               WHERE key IN (SELECT a FROM link_edges WHERE kind = 'translation')
               AND key NOT IN (SELECT article_key FROM link_features)""").fetchall()
        return rows  # type: ignore[no-any-return]

    def article_edges(self) -> list[tuple[str, str, str]]:
        return self.con.execute("SELECT a, b, kind FROM link_edges").fetchall()  # type: ignore[no-any-return]

    def story_assignments(self) -> dict[str, tuple[str, str, str | None]]:
        """Article key -> (story, role, parent) as stored."""
        return {k: (s, r, p) for k, s, r, p in self.con.execute(
            "SELECT article_key, story, role, parent FROM link_stories").fetchall()}

    def delete_story_rows(self, keys: list[str]) -> None:
        self.con.execute("DELETE FROM link_stories WHERE article_key IN (SELECT unnest(?))", [keys])

    # ------------------------------------------------------------------ summaries and what eval reads
    def link_counts(self) -> tuple[int, int, int, int, int]:
        """(linked articles, stories, copies and rewrites, claim clusters across articles,
        contradictions)."""
        q = self.con.execute
        n_articles = q("SELECT count(*) FROM link_features").fetchone()[0]
        stories = q("SELECT count(DISTINCT story) FROM link_stories").fetchone()[0]
        rewrites = q("SELECT count(*) FROM link_stories WHERE role IN ('copy', 'rewrite')").fetchone()[0]
        clusters = q(
            """SELECT count(*) FROM (SELECT cluster FROM link_units WHERE kind = 'claim'
               GROUP BY cluster HAVING count(DISTINCT article_key) > 1)"""
        ).fetchone()[0]
        contra = q("SELECT count(*) FROM link_unit_edges WHERE kind LIKE 'contra:%'").fetchone()[0]
        return int(n_articles), int(stories), int(rewrites), int(clusters), int(contra)

    def claim_contradictions(self) -> list[tuple[str, str, str, str, str, str | None]]:
        """(key a, ref a, key b, ref b, kind, detail) of claim-to-claim contradictions."""
        return self.con.execute(  # type: ignore[no-any-return]
            """SELECT key_a, ref_a, key_b, ref_b, kind, detail FROM link_unit_pairs
               WHERE kind LIKE 'contra:%' AND unit_kind = 'claim' ORDER BY a, b"""
        ).fetchall()
