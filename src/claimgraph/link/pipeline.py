"""Cross-article linking over the store, incrementally.

Each run links only the articles whose current version has no features yet: their features
go into the store and the persisted indexes, candidate pairs come from the indexes (MinHash LSH
for near-copies, HNSW over embeddings for rewrites, claims and events), each candidate pair is
decided by the rules in :mod:`claimgraph.link.rules`, and clusters grow by union. Stories are
recomputed from the stored rewrite edges, which is cheap. Nothing already linked is recomputed,
which is what keeps adding ten articles to a large store fast.
"""

from __future__ import annotations

import json
import pickle
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import faiss
import numpy as np
from datasketch import MinHashLSH

from claimgraph.link.features import (
    NUM_PERM,
    ArticleFeatures,
    Embedder,
    get_embedder,
    mean_vector,
    minhash,
    split_sentences,
)
from claimgraph.link.features import minhash_from_values as _mh
from claimgraph.link.frames import Frame, claim_frame
from claimgraph.link.rules import (
    Thresholds,
    contradiction,
    date_conflict,
    rewrite_relation,
    same_claim,
    same_event,
    thresholds_for,
)
from claimgraph.models import Article, Claim, Event, Extraction
from claimgraph.nlp.pipeline import gazetteer
from claimgraph.store.duck import DuckStore

BATCH = 256  # articles whose features are computed, stored and linked per transaction
ARTICLE_K = 12  # nearest articles looked at per new article
UNIT_K = 16  # nearest claims/events looked at per new claim/event
LSH_THRESHOLD = 0.5
_LINK_TABLES = ("link_features", "link_units", "link_unit_edges", "link_edges", "link_stories", "link_state",
                "link_frames")
STORY_DAYS = 3  # independent reports of one story appear within days of each other


@dataclass
class LinkReport:
    linked: int  # articles whose features were (re)computed and linked in this run
    articles: int  # articles with features in the store
    stories: int
    rewrites: int  # articles that are a copy or rewrite of another
    claim_clusters: int  # clusters with claims from two or more articles
    contradictions: int
    seconds: float
    full: bool

    def line(self) -> str:
        return (
            f"linked {self.linked} articles ({self.articles} in the store): {self.stories} stories, "
            f"{self.rewrites} copies or rewrites, {self.claim_clusters} claim clusters across articles, "
            f"{self.contradictions} contradictions ({self.seconds:.2f}s{', full relink' if self.full else ''})"
        )


# ---------------------------------------------------------------------- persisted indexes
def _new_hnsw(dim: int) -> faiss.Index:
    base = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
    base.hnsw.efConstruction = 64
    base.hnsw.efSearch = 64
    return faiss.IndexIDMap2(base)


class _Indexes:
    """The LSH and the two vector indexes, loaded from the store and topped up from its rows.

    Each index is saved with the highest id it covers; rows added later (a run killed before
    the save) are added on load, so the indexes never lag the tables. Rows of superseded
    versions stay in the indexes and are filtered out by the live maps.
    """

    def __init__(self, store: DuckStore, dim: int) -> None:
        self.store = store
        self.dim = dim
        state = dict(store.con.execute("SELECT name, payload FROM link_state").fetchall())
        meta = json.loads(state["meta"]) if "meta" in state else {"aid": -1, "uid": -1}
        if "articles" in state:
            self.articles = faiss.deserialize_index(np.frombuffer(state["articles"], dtype=np.uint8))
            self.units = faiss.deserialize_index(np.frombuffer(state["units"], dtype=np.uint8))
            # Written by this program into its own store; never loaded from elsewhere.
            self.lsh: MinHashLSH = pickle.loads(state["lsh"])  # noqa: S301
        else:
            self.articles = _new_hnsw(dim)
            self.units = _new_hnsw(dim)
            self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self.covered_aid = int(meta["aid"])
        self.covered_uid = int(meta["uid"])
        self.dirty = False
        for aid, mh, vec in store.con.execute(
            "SELECT aid, minhash, vec FROM link_features WHERE aid > ? ORDER BY aid", [self.covered_aid]
        ).fetchall():
            self.add_article(aid, np.frombuffer(mh, dtype=np.uint64), np.frombuffer(vec, dtype=np.float32))
        rows = store.con.execute(
            "SELECT uid, vec FROM link_units WHERE uid > ? ORDER BY uid", [self.covered_uid]
        ).fetchall()
        if rows:
            self.add_units(np.array([r[0] for r in rows]), np.stack([np.frombuffer(r[1], np.float32) for r in rows]))

    def add_article(self, aid: int, minhash_values: np.ndarray, vec: np.ndarray) -> None:
        self.lsh.insert(aid, _mh(minhash_values), check_duplication=False)
        self.articles.add_with_ids(vec.reshape(1, -1).astype(np.float32), np.array([aid], dtype=np.int64))
        self.covered_aid = max(self.covered_aid, aid)
        self.dirty = True

    def add_units(self, uids: np.ndarray, vecs: np.ndarray) -> None:
        if len(uids):
            self.units.add_with_ids(vecs.astype(np.float32), uids.astype(np.int64))
            self.covered_uid = max(self.covered_uid, int(uids.max()))
            self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        con = self.store.con
        con.execute("DELETE FROM link_state WHERE name IN ('articles', 'units', 'lsh', 'meta')")
        con.execute("INSERT INTO link_state VALUES ('articles', ?)", [faiss.serialize_index(self.articles).tobytes()])
        con.execute("INSERT INTO link_state VALUES ('units', ?)", [faiss.serialize_index(self.units).tobytes()])
        con.execute("INSERT INTO link_state VALUES ('lsh', ?)", [pickle.dumps(self.lsh)])
        meta = json.dumps({"aid": self.covered_aid, "uid": self.covered_uid})
        con.execute("INSERT INTO link_state VALUES ('meta', ?)", [meta.encode()])
        self.dirty = False


# ---------------------------------------------------------------------- per-run caches
@dataclass
class _Unit:
    uid: int
    key: str
    kind: str  # claim | event
    ref: str


class _Records:
    """Articles, extractions, frames and features of the articles a run touches, loaded once."""

    def __init__(self, store: DuckStore) -> None:
        self.store = store
        self.articles: dict[str, Article] = {}
        self.extractions: dict[str, Extraction] = {}
        self.frames: dict[tuple[str, str], Frame] = {}
        self.features: dict[str, ArticleFeatures] = {}
        self._ids: dict[str, dict[str, Claim | Event]] = {}
        self.gaz = gazetteer()

    def article(self, key: str) -> Article:
        if key not in self.articles:
            art = self.store.get_article(key)
            if art is None:
                raise KeyError(key)
            self.articles[key] = art
        return self.articles[key]

    def extraction(self, key: str) -> Extraction:
        if key not in self.extractions:
            self.extractions[key] = self.store.get_extraction(key) or Extraction(key, 0)
        return self.extractions[key]

    def _by_id(self, key: str) -> dict[str, Claim | Event]:
        # Pair decisions look claims up by id many times per article: index them once.
        if key not in self._ids:
            ex = self.extraction(key)
            self._ids[key] = {**{c.id: c for c in ex.claims}, **{e.id: e for e in ex.events}}
        return self._ids[key]

    def claim(self, key: str, ref: str) -> Claim | None:
        found = self._by_id(key).get(ref)
        return found if isinstance(found, Claim) else None

    def event(self, key: str, ref: str) -> Event | None:
        found = self._by_id(key).get(ref)
        return found if isinstance(found, Event) else None

    def frame(self, key: str, claim: Claim) -> Frame:
        k = (key, claim.id)
        if k not in self.frames:
            self.frames[k] = claim_frame(claim, self.extraction(key), self.article(key).text, self.gaz)
        return self.frames[k]

    def load_features(self, keys: Iterable[str]) -> None:
        want = [k for k in set(keys) if k not in self.features]
        for i in range(0, len(want), 500):
            part = want[i:i + 500]
            marks = ",".join("?" * len(part))
            for key, version, aid, mh, vec, sents, svecs, published in self.store.con.execute(
                f"SELECT article_key, version, aid, minhash, vec, sentences, sent_vecs, published FROM link_features "
                f"WHERE article_key IN ({marks})", part,
            ).fetchall():
                spans = [tuple(s) for s in json.loads(sents)]
                dim = len(vec) // 4
                sv = np.frombuffer(svecs, dtype=np.float16).astype(np.float32).reshape(-1, dim) if spans else \
                    np.zeros((0, dim), np.float32)
                self.features[key] = ArticleFeatures(
                    key, version, aid, _mh(np.frombuffer(mh, dtype=np.uint64)), np.frombuffer(vec, np.float32),
                    spans, sv, published,  # type: ignore[arg-type]
                )


# ---------------------------------------------------------------------- entry points
def reset_links(store: DuckStore) -> None:
    with store.transaction():
        for t in _LINK_TABLES:
            store.con.execute(f"DELETE FROM {t}")


def _stale(store: DuckStore) -> tuple[list[tuple[str, int]], list[str]]:
    """(articles to link as (key, version), keys whose linked version is superseded)."""
    rows = store.con.execute(
        """SELECT a.key, a.version, f.version FROM current_articles a
           JOIN extractions x ON x.article_key = a.key AND x.version = a.version
           LEFT JOIN link_features f ON f.article_key = a.key
           WHERE a.status = 'ok' AND (f.version IS NULL OR f.version <> a.version)
           ORDER BY a.key"""
    ).fetchall()
    return [(k, v) for k, v, _ in rows], [k for k, _, fv in rows if fv is not None]


def link_store(
    store: DuckStore,
    embedder: Embedder | None = None,
    full: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> LinkReport:
    """Link every analysed article not linked yet (all of them with ``full``)."""
    t0 = time.perf_counter()
    emb = embedder or get_embedder()
    th = thresholds_for(emb.name)
    row = store.con.execute("SELECT payload FROM link_state WHERE name = 'embedder'").fetchone()
    if row is not None and bytes(row[0]).decode() != emb.name:
        full = True  # vectors from another model cannot be compared with these
    if full:
        reset_links(store)
    with store.transaction():
        store.con.execute("DELETE FROM link_state WHERE name = 'embedder'")
        store.con.execute("INSERT INTO link_state VALUES ('embedder', ?)", [emb.name.encode()])
    todo, superseded = _stale(store)
    if superseded:
        _remove(store, superseded)
    idx = _Indexes(store, emb.dim)
    recs = _Records(store)
    live = dict(store.con.execute("SELECT aid, article_key FROM link_features").fetchall())
    done = 0
    for i in range(0, len(todo), BATCH):
        batch = todo[i:i + BATCH]
        with store.transaction():
            new_units, vec_of = _add_batch(store, idx, recs, batch, emb, live)
            _link_units(store, idx, recs, new_units, vec_of, th)
            _link_articles(store, idx, recs, [k for k, _ in batch], th, live)
        done += len(batch)
        if progress:
            progress(done, len(todo))
        if len(recs.articles) > 4 * BATCH:  # bound memory on big runs
            recs = _Records(store)
    with store.transaction():
        _rebuild_stories(store)
        idx.save()
    return _report(store, len(todo), time.perf_counter() - t0, full)


def _report(store: DuckStore, linked: int, seconds: float, full: bool) -> LinkReport:
    q = store.con.execute
    n_articles = q("SELECT count(*) FROM link_features").fetchone()[0]  # type: ignore[index]
    stories = q("SELECT count(DISTINCT story) FROM link_stories").fetchone()[0]  # type: ignore[index]
    rewrites = q("SELECT count(*) FROM link_stories WHERE role IN ('copy', 'rewrite')").fetchone()[0]  # type: ignore[index]
    clusters = q(
        """SELECT count(*) FROM (SELECT cluster FROM link_units WHERE kind = 'claim'
           GROUP BY cluster HAVING count(DISTINCT article_key) > 1)"""
    ).fetchone()[0]  # type: ignore[index]
    contra = q("SELECT count(*) FROM link_unit_edges WHERE kind LIKE 'contra:%'").fetchone()[0]  # type: ignore[index]
    return LinkReport(linked, n_articles, stories, rewrites, clusters, contra, seconds, full)


# ---------------------------------------------------------------------- removal of old versions
def _remove(store: DuckStore, keys: list[str]) -> None:
    """Drop what was linked for superseded versions, then re-cluster what they held together."""
    with store.transaction():
        marks = ",".join("?" * len(keys))
        affected = [r[0] for r in store.con.execute(
            f"SELECT DISTINCT cluster FROM link_units WHERE article_key IN ({marks})", keys).fetchall()]
        store.con.execute(
            f"""DELETE FROM link_unit_edges WHERE a IN (SELECT uid FROM link_units WHERE article_key IN ({marks}))
                OR b IN (SELECT uid FROM link_units WHERE article_key IN ({marks}))""", keys + keys)
        for t in ("link_frames", "link_units", "link_features", "link_stories"):
            store.con.execute(f"DELETE FROM {t} WHERE article_key IN ({marks})", keys)
        store.con.execute(f"DELETE FROM link_edges WHERE a IN ({marks}) OR b IN ({marks})", keys + keys)
        if affected:
            _recluster(store, affected)


def _recluster(store: DuckStore, clusters: list[int]) -> None:
    marks = ",".join("?" * len(clusters))
    uids = [r[0] for r in store.con.execute(
        f"SELECT uid FROM link_units WHERE cluster IN ({marks})", clusters).fetchall()]
    if not uids:
        return
    parent = {u: u for u in uids}
    umarks = ",".join("?" * len(uids))
    for a, b in store.con.execute(
        f"SELECT a, b FROM link_unit_edges WHERE kind = 'same' AND a IN ({umarks}) AND b IN ({umarks})", uids + uids
    ).fetchall():
        _union(parent, a, b)
    for u in uids:
        store.con.execute("UPDATE link_units SET cluster = ? WHERE uid = ?", [_find(parent, u), u])


K = TypeVar("K", int, str)


def _find(parent: dict[K, K], x: K) -> K:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _union(parent: dict[K, K], a: K, b: K) -> None:
    """Union by smallest member, so a cluster's id (and a story's root) is stable."""
    ra, rb = _find(parent, a), _find(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)


# ---------------------------------------------------------------------- features of a batch
def _claim_text(text: str, c: Claim) -> str:
    """What a claim is embedded as: its content, or its sentence when the content is terse."""
    content = text[c.start:c.end]
    if len(content.split()) < 6 and c.sentence_end > c.sentence_start:
        return text[c.sentence_start:c.sentence_end]
    return content


def _add_batch(
    store: DuckStore, idx: _Indexes, recs: _Records, batch: list[tuple[str, int]], emb: Embedder,
    live: dict[int, str],
) -> tuple[list[_Unit], dict[int, np.ndarray]]:
    """Features and units of a batch, embedded in one call; returns the units and their vectors."""
    con = store.con
    next_aid = int(con.execute("SELECT coalesce(max(aid), -1) + 1 FROM link_features").fetchone()[0])  # type: ignore[index]
    next_aid = max(next_aid, idx.covered_aid + 1)
    next_uid = int(con.execute("SELECT coalesce(max(uid), -1) + 1 FROM link_units").fetchone()[0])  # type: ignore[index]
    next_uid = max(next_uid, idx.covered_uid + 1)
    texts: list[str] = []
    owners: list[tuple[str, str, str]] = []  # (key, kind, ref) for unit texts
    feats: list[ArticleFeatures] = []
    for key, version in batch:
        art = recs.article(key)
        ex = recs.extraction(key)
        sents = split_sentences(art.text)
        f = ArticleFeatures(key, version, next_aid, minhash(art.text), np.zeros(emb.dim, np.float32), sents,
                            published=art.published)
        next_aid += 1
        feats.append(f)
        for s, e in f.sentences:
            texts.append(art.text[s:e])
            owners.append((key, "sentence", ""))
        for c in ex.claims:
            texts.append(_claim_text(art.text, c))
            owners.append((key, "claim", c.id))
        for ev in ex.events:
            texts.append(art.text[ev.start:ev.end])
            owners.append((key, "event", ev.id))
    vecs = emb.encode(texts) if texts else np.zeros((0, emb.dim), np.float32)
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, (key, kind, _) in enumerate(owners):
        if kind == "sentence":
            by_key[key].append(i)
    units: list[_Unit] = []
    unit_rows = []
    feature_rows = []
    for f in feats:
        rows = by_key.get(f.key, [])
        f.sent_vecs = vecs[rows] if rows else np.zeros((0, emb.dim), np.float32)
        f.vec = mean_vector(f.sent_vecs, emb.dim)
        art = recs.article(f.key)
        ex = recs.extraction(f.key)
        attributed = sum(1 for c in ex.claims if c.source != "author")
        feature_rows.append([
            f.key, f.version, f.aid, art.published, attributed, f.minhash.hashvalues.astype(np.uint64).tobytes(),
            f.vec.tobytes(), json.dumps(f.sentences), f.sent_vecs.astype(np.float16).tobytes(),
        ])
        recs.features[f.key] = f
        live[f.aid] = f.key
        idx.add_article(f.aid, f.minhash.hashvalues, f.vec)
    vec_of: dict[int, np.ndarray] = {}
    for i, (key, kind, ref) in enumerate(owners):
        if kind == "sentence":
            continue
        u = _Unit(next_uid, key, kind, ref)
        next_uid += 1
        units.append(u)
        vec_of[u.uid] = vecs[i].astype(np.float32)
        unit_rows.append([u.uid, key, kind, ref, vec_of[u.uid].tobytes(), u.uid])
    if feature_rows:
        con.executemany("INSERT INTO link_features VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", feature_rows)
    if unit_rows:
        con.executemany("INSERT INTO link_units VALUES (?, ?, ?, ?, ?, ?)", unit_rows)
        idx.add_units(np.array([u.uid for u in units]), np.stack([vec_of[u.uid] for u in units]))
    return units, vec_of


# ---------------------------------------------------------------------- article pairs
def _link_articles(
    store: DuckStore, idx: _Indexes, recs: _Records, keys: list[str], th: Thresholds, live: dict[int, str]
) -> None:
    """``live`` maps the index ids of current article versions to their keys."""
    pairs: dict[tuple[str, str], None] = {}
    new = set(keys)
    for key in keys:
        f = recs.features[key]
        cands: set[int] = set(idx.lsh.query(f.minhash))
        if float(np.linalg.norm(f.vec)) > 0:
            sims, ids = idx.articles.search(f.vec.reshape(1, -1), ARTICLE_K + 1)
            cands |= {int(i) for s, i in zip(sims[0], ids[0], strict=True) if i >= 0 and s >= th.article_candidate}
        for aid in cands:
            other = live.get(aid)
            if other is None or other == key:
                continue
            if other in new and other < key:
                continue  # the pair is seen from the other side
            pairs[(key, other)] = None
    recs.load_features(k for pair in pairs for k in pair)
    shared = _shared_claims(store, keys)
    rows = []
    for a, b in pairs:
        fa, fb = recs.features[a], recs.features[b]
        jac = fa.minhash.jaccard(fb.minhash)
        rel = rewrite_relation(jac, fa.sent_vecs, fb.sent_vecs, th)
        if rel:
            rows.append([a, b, rel[0], jac, rel[1]])
        elif _same_story(fa.published, fb.published, float(fa.vec @ fb.vec),
                         shared.get((min(a, b), max(a, b)), 0), th):
            rows.append([a, b, "related", jac, 0.0])
    if rows:
        store.con.executemany("INSERT INTO link_edges VALUES (?, ?, ?, ?, ?)", rows)


def _same_story(pa: date | None, pb: date | None, cos: float, shared_claims: int, th: Thresholds) -> bool:
    """Independent reports of one story: close in time, close in content, with a claim in common.

    Undated articles join a story only as copies or rewrites: without a date, similar
    content is not enough to tell one week's news from another's.
    """
    if pa is None or pb is None or abs((pa - pb).days) > STORY_DAYS:
        return False
    return cos >= th.story_article and shared_claims >= 1


def _shared_claims(store: DuckStore, keys: list[str]) -> dict[tuple[str, str], int]:
    if not keys:
        return {}
    marks = ",".join("?" * len(keys))
    rows = store.con.execute(
        f"""SELECT least(ua.article_key, ub.article_key), greatest(ua.article_key, ub.article_key), count(*)
            FROM link_unit_edges e JOIN link_units ua ON ua.uid = e.a JOIN link_units ub ON ub.uid = e.b
            WHERE e.kind = 'same' AND ua.kind = 'claim' AND (ua.article_key IN ({marks}) OR ub.article_key IN ({marks}))
            GROUP BY 1, 2""", keys + keys,
    ).fetchall()
    return {(a, b): n for a, b, n in rows}


# ---------------------------------------------------------------------- claim and event pairs
def _link_units(
    store: DuckStore, idx: _Indexes, recs: _Records, units: list[_Unit], vec_of: dict[int, np.ndarray],
    th: Thresholds,
) -> None:
    """Decide pairs for the new ``units``; ``vec_of`` holds their vectors (and gains neighbours')."""
    if not units:
        return
    con = store.con
    mat = np.stack([vec_of[u.uid] for u in units])
    sims, ids = idx.units.search(mat, UNIT_K + 1)
    cand: dict[tuple[int, int], float] = {}
    for r, u in enumerate(units):
        for s, j in zip(sims[r], ids[r], strict=True):
            if j >= 0 and j != u.uid and s >= th.claim_related:
                cand[(min(u.uid, int(j)), max(u.uid, int(j)))] = float(s)
    # Every pair of claims within one new article: in-article contradictions need no
    # similarity ("both deny any arms deal" next to "debris was found").
    by_key: dict[str, list[_Unit]] = defaultdict(list)
    for u in units:
        if u.kind == "claim":
            by_key[u.key].append(u)
    for group in by_key.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                pair = (min(a.uid, b.uid), max(a.uid, b.uid))
                if pair not in cand:
                    cand[pair] = float(vec_of[a.uid] @ vec_of[b.uid])
    for pair, cos in _frame_candidates(store, recs, units, vec_of).items():
        cand.setdefault(pair, cos)
    known = {u.uid: u for u in units}
    missing = sorted({x for pair in cand for x in pair if x not in known})
    for i in range(0, len(missing), 1000):
        part = missing[i:i + 1000]
        for uid, key, kind, ref in con.execute(
            f"SELECT uid, article_key, kind, ref FROM link_units WHERE uid IN ({','.join('?' * len(part))})", part
        ).fetchall():
            known[uid] = _Unit(uid, key, kind, ref)
    edges: list[list[Any]] = []
    best: dict[tuple[int, str], tuple[float, list[Any]]] = {}
    for (a_id, b_id), cos in cand.items():
        ua, ub = known.get(a_id), known.get(b_id)
        if ua is None or ub is None or ua.kind != ub.kind:
            continue  # a superseded unit still in the index, or a claim next to an event
        decision = _decide(recs, ua, ub, cos, th)
        if not decision:
            continue
        row = [a_id, b_id, decision[0], cos, decision[1]]
        if decision[0] in ("contra:denial", "contra:certainty"):
            # One conflict per denial (or doubt) and article: the closest claim stands for it.
            doubter, other = (ua, ub) if recs.frame(ua.key, recs.claim(ua.key, ua.ref)).stance != "affirm" else (ub, ua)  # type: ignore[arg-type]
            k = (doubter.uid, other.key)
            if k not in best or best[k][0] < cos:
                best[k] = (cos, row)
            continue
        edges.append(row)
    if best:
        marks = ",".join("?" * len(best))
        taken = set(con.execute(
            f"""SELECT e.a, e.b, ua.article_key, ub.article_key FROM link_unit_edges e
                JOIN link_units ua ON ua.uid = e.a JOIN link_units ub ON ub.uid = e.b
                WHERE e.kind LIKE 'contra:%' AND (e.a IN ({marks}) OR e.b IN ({marks}))""",
            [k[0] for k in best] * 2,
        ).fetchall())
        seen = {(a, kb) for a, _, _, kb in taken} | {(b, ka) for _, b, ka, _ in taken}
        edges.extend(row for k, (_, row) in best.items() if k not in seen)
    if edges:
        con.executemany("INSERT INTO link_unit_edges VALUES (?, ?, ?, ?, ?)", edges)
    _merge_clusters(store, [(e[0], e[1]) for e in edges if e[2] == "same"])


FRAME_K = 10  # opposite-stance claims kept per new claim, closest first


def _frame_candidates(
    store: DuckStore, recs: _Records, units: list[_Unit], vec_of: dict[int, np.ndarray]
) -> dict[tuple[int, int], float]:
    """Pairs of claims with opposite stances on one (act, party): denial or doubt vs affirmation.

    Embeddings alone miss these: a terse denial ("denied any arms deal") reads nothing like
    the detailed report it denies. The frame table is the block that brings them together.
    """
    con = store.con
    rows: list[list[Any]] = []
    for u in units:
        if u.kind != "claim":
            continue
        c = recs.claim(u.key, u.ref)
        if c is None:
            continue
        f = recs.frame(u.key, c)
        rows.extend([u.uid, u.key, t, p, f.stance] for t in f.types for p in f.parties)
    if not rows:
        return {}
    con.executemany("INSERT INTO link_frames VALUES (?, ?, ?, ?, ?)", rows)
    first = min(u.uid for u in units)
    pairs = con.execute(
        """SELECT DISTINCT n.uid, o.uid FROM link_frames n JOIN link_frames o
           ON n.type = o.type AND n.party = o.party AND n.uid <> o.uid
           WHERE n.uid >= ? AND (n.stance = 'affirm') <> (o.stance = 'affirm')""",
        [first],
    ).fetchall()
    others = sorted({o for _, o in pairs if o not in vec_of})
    for i in range(0, len(others), 1000):
        part = others[i:i + 1000]
        for uid, vec in con.execute(
            f"SELECT uid, vec FROM link_units WHERE uid IN ({','.join('?' * len(part))})", part
        ).fetchall():
            vec_of[uid] = np.frombuffer(vec, np.float32)
    scored: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for n, o in pairs:
        if n in vec_of and o in vec_of:
            scored[n].append((float(vec_of[n] @ vec_of[o]), o))
    out: dict[tuple[int, int], float] = {}
    for n, lst in scored.items():
        for cos, o in sorted(lst, reverse=True)[:FRAME_K]:
            out[(min(n, o), max(n, o))] = cos
    return out


def _decide(recs: _Records, ua: _Unit, ub: _Unit, cos: float, th: Thresholds) -> tuple[str, str | None] | None:
    if ua.kind == "claim":
        ca, cb = recs.claim(ua.key, ua.ref), recs.claim(ub.key, ub.ref)
        if ca is None or cb is None:
            return None
        fa, fb = recs.frame(ua.key, ca), recs.frame(ub.key, cb)
        if ua.key != ub.key and same_claim(ca, cb, fa, fb, cos, th):
            return "same", None
        c = contradiction(ca, cb, fa, fb, cos, th)
        return (f"contra:{c[0]}", c[1]) if c else None
    ea, eb = recs.event(ua.key, ua.ref), recs.event(ub.key, ub.ref)
    if ea is None or eb is None or ua.key == ub.key or not same_event(ea, eb, cos, th):
        return None
    conflict = date_conflict(ea, eb)
    return ("contra:date", conflict) if conflict else ("same", None)


def _merge_clusters(store: DuckStore, pairs: list[tuple[int, int]]) -> None:
    """Union new 'same' edges into the stored clusters (relabelling the smaller side)."""
    if not pairs:
        return
    con = store.con
    involved = sorted({x for p in pairs for x in p})
    cluster_of: dict[int, int] = {}
    for i in range(0, len(involved), 1000):
        part = involved[i:i + 1000]
        cluster_of.update(con.execute(
            f"SELECT uid, cluster FROM link_units WHERE uid IN ({','.join('?' * len(part))})", part).fetchall())
    parent = {c: c for c in cluster_of.values()}
    for a, b in pairs:
        if a in cluster_of and b in cluster_of:
            _union(parent, cluster_of[a], cluster_of[b])
    moves = [(_find(parent, c), c) for c in parent if _find(parent, c) != c]
    if moves:
        con.executemany("UPDATE link_units SET cluster = ? WHERE cluster = ?", [list(m) for m in moves])


# ---------------------------------------------------------------------- stories
def _rebuild_stories(store: DuckStore) -> None:
    """Stories are the connected rewrite families; the origin is chosen as docs/linking.md says.

    Origin: the earliest published member; ties and undated members are ordered by how much
    of the article is attributed (the richer account is the likelier source), then by key.
    """
    con = store.con
    feats = con.execute("SELECT article_key, published, attributed FROM link_features").fetchall()
    edges = con.execute("SELECT a, b, kind, coverage FROM link_edges").fetchall()
    parent = {k: k for k, _, _ in feats}
    adj: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for a, b, kind, _ in edges:
        if a in parent and b in parent:
            _union(parent, a, b)
            adj[a].append((b, kind))
            adj[b].append((a, kind))
    info = {k: (p, n) for k, p, n in feats}
    groups: dict[str, list[str]] = defaultdict(list)
    for k in parent:
        groups[_find(parent, k)].append(k)
    rows = []
    for members in groups.values():
        origin = min(members, key=lambda k: _origin_rank(k, info[k][0], info[k][1]))
        if len(members) == 1:
            rows.append([origin, origin, "single", None])
            continue
        rows.append([origin, origin, "origin", None])
        seen = {origin}
        frontier = [origin]
        while frontier:  # breadth-first: each member's parent is its nearest link towards the origin
            nxt = []
            for k in frontier:
                for other, kind in sorted(adj[k]):
                    if other not in seen:
                        seen.add(other)
                        rows.append([other, origin, kind, k])
                        nxt.append(other)
            frontier = nxt
    con.execute("DELETE FROM link_stories")
    if rows:
        con.executemany("INSERT INTO link_stories VALUES (?, ?, ?, ?)", rows)


def _origin_rank(key: str, published: date | None, attributed: int) -> tuple[bool, date, int, str]:
    return (published is None, published or date.max, -attributed, key)


# ---------------------------------------------------------------------- what eval reads
def stored_links(store: DuckStore) -> tuple[list[list[str]], list[tuple[str, str]]]:
    """(stories as lists of article keys, contradicting article pairs) for the scorer."""
    groups: dict[str, list[str]] = defaultdict(list)
    for key, story in store.con.execute("SELECT article_key, story FROM link_stories ORDER BY article_key").fetchall():
        groups[story].append(key)
    pairs = store.con.execute(
        """SELECT DISTINCT ua.article_key, ub.article_key FROM link_unit_edges e
           JOIN link_units ua ON ua.uid = e.a JOIN link_units ub ON ub.uid = e.b
           WHERE e.kind LIKE 'contra:%'"""
    ).fetchall()
    return list(groups.values()), [(a, b) for a, b in pairs]
