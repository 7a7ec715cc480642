"""Cross-article linking over the store, incrementally.

Each run links only the articles whose current version has no features yet: their features
go into the store and the persisted indexes, candidate pairs come from the indexes (MinHash LSH
for near-copies, HNSW over embeddings for rewrites, claims and events), each candidate pair is
decided by the rules in :mod:`claimgraph.link.rules`, and clusters grow by union. Stories are
recomputed from the stored rewrite edges, which is cheap. Nothing already linked is recomputed,
which is what keeps adding ten articles to a large store fast.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
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
    SHARED_WORDS_SAME,
    TRANSLATION_MIN_SHARED,
    Thresholds,
    anchors,
    claim_words,
    cluster_claims,
    compatible_claims,
    compatible_events,
    contradiction,
    date_conflict,
    event_same_cos,
    rewrite_relation,
    same_claim,
    same_event,
    standin_rank,
    thresholds_for,
    translation_overlap,
)
from claimgraph.models import Claim, Event, Extraction
from claimgraph.nlp.pipeline import gazetteer
from claimgraph.store.duck import DuckStore

BATCH = 256  # articles whose features are computed, stored and linked per transaction
ARTICLE_K = 12  # nearest articles looked at per new article
UNIT_K = 16  # nearest claims/events looked at per new claim/event
LSH_THRESHOLD = 0.5
SAVE_AFTER_UNITS = 4096  # claims and events added before the persisted indexes are rewritten
SAVE_AFTER_ARTICLES = 256
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
    # float16 storage: half the bytes to load and save per run, no training, cosines to ~1e-3
    base = faiss.IndexHNSWSQ(dim, faiss.ScalarQuantizer.QT_fp16, 32, faiss.METRIC_INNER_PRODUCT)  # type: ignore[arg-type]
    base.hnsw.efConstruction = 64
    base.hnsw.efSearch = 64
    return faiss.IndexIDMap2(base)


_LSH = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)  # datasketch picks the bands for the threshold


def lsh_bands(hashvalues: np.ndarray) -> list[int]:
    """The LSH bucket of each band of a MinHash, as a stable signed 64-bit number.

    The bands (how many, how wide) are datasketch's choice for ``LSH_THRESHOLD``, so two
    articles share a bucket exactly when datasketch's ``MinHashLSH.query`` would return one
    for the other. The buckets live in the store (``link_bands``) instead of a pickled
    ``MinHashLSH``: datasketch keeps its index in memory (or in Redis or Cassandra), so every
    run would have to load all of it, a cost that grows with the store.
    """
    values = np.asarray(hashvalues, dtype=np.uint64)
    out = []
    for start, end in _LSH.hashranges:
        digest = hashlib.blake2b(values[start:end].tobytes(), digest_size=8).digest()
        out.append(int.from_bytes(digest, "little", signed=True))
    return out


class _Indexes:
    """The two vector indexes, loaded from the store and topped up from its rows.

    Each index is saved with the highest id it covers; rows added later (a small run that did
    not save, or a run killed before the save) are added on load, so the indexes never lag the
    tables. Rows of superseded versions stay in the indexes and are filtered out by the live maps.
    """

    def __init__(self, store: DuckStore, dim: int) -> None:
        self.store = store
        self.dim = dim
        state = store.link_index_blobs()
        row = store.link_state_value("meta")
        meta = json.loads(row) if row else {"aid": -1, "uid": -1}
        if "articles" in state and row:
            self.articles = faiss.deserialize_index(np.frombuffer(state["articles"], dtype=np.uint8))
            self.units = faiss.deserialize_index(np.frombuffer(state["units"], dtype=np.uint8))
        else:
            self.articles = _new_hnsw(dim)
            self.units = _new_hnsw(dim)
            meta = {"aid": -1, "uid": -1}
        del state
        self.covered_aid = self.saved_aid = int(meta["aid"])
        self.covered_uid = self.saved_uid = int(meta["uid"])
        for aid, vec in store.feature_vectors_after(self.covered_aid):
            self.add_article(aid, np.frombuffer(vec, dtype=np.float32))
        rows = store.unit_vectors_after(self.covered_uid)
        if rows:
            self.add_units(np.array([r[0] for r in rows]), np.stack([np.frombuffer(r[1], np.float32) for r in rows]))

    def add_article(self, aid: int, vec: np.ndarray) -> None:
        self.articles.add_with_ids(vec.reshape(1, -1).astype(np.float32), np.array([aid], dtype=np.int64))
        self.covered_aid = max(self.covered_aid, aid)

    def add_units(self, uids: np.ndarray, vecs: np.ndarray) -> None:
        if len(uids):
            self.units.add_with_ids(vecs.astype(np.float32), uids.astype(np.int64))
            self.covered_uid = max(self.covered_uid, int(uids.max()))

    def lsh_candidates(self, queries: dict[str, list[int]]) -> dict[str, set[int]]:
        """Article ids sharing an LSH bucket with each query's bands (``lsh_bands``)."""
        rows = [(key, band, h) for key, bands in queries.items() for band, h in enumerate(bands)]
        if not rows:
            return {}
        found: dict[str, set[int]] = defaultdict(set)
        for key, aid in self.store.lsh_matches([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]):
            found[key].add(int(aid))
        return found

    def save(self) -> None:
        """Write the indexes back once enough was added since the last save.

        Serializing the indexes costs time in proportion to the whole store, so a run that adds
        a few articles leaves them unsaved: the next load re-adds those rows from the tables
        (at most ``SAVE_AFTER_UNITS`` units), which is cheaper than rewriting everything.
        """
        if (self.covered_uid - self.saved_uid <= SAVE_AFTER_UNITS
                and self.covered_aid - self.saved_aid <= SAVE_AFTER_ARTICLES):
            return
        self.store.save_link_index({"articles": faiss.serialize_index(self.articles).tobytes(),
                                    "units": faiss.serialize_index(self.units).tobytes()})
        meta = json.dumps({"aid": self.covered_aid, "uid": self.covered_uid})
        self.store.set_link_state("meta", meta.encode())
        self.saved_aid, self.saved_uid = self.covered_aid, self.covered_uid


# ---------------------------------------------------------------------- per-run caches
@dataclass
class _Unit:
    """A claim or event as pair decisions see it; ``frame`` is set for claims."""

    uid: int
    key: str
    kind: str  # claim | event
    ref: str
    record: Claim | Event
    frame: Frame | None = None

    def info(self) -> str:
        body: dict[str, Any] = {"record": asdict(self.record)}
        if self.frame is not None:
            body["frame"] = self.frame.to_dict()
        return json.dumps(body)

    @classmethod
    def from_row(cls, uid: int, key: str, kind: str, ref: str, info: str) -> _Unit:
        body = json.loads(info)
        if kind == "claim":
            return cls(uid, key, kind, ref, Claim(**body["record"]), Frame.from_dict(body["frame"]))
        return cls(uid, key, kind, ref, Event(**body["record"]))

    @property
    def claim(self) -> Claim:
        assert isinstance(self.record, Claim)
        return self.record

    @property
    def event(self) -> Event:
        assert isinstance(self.record, Event)
        return self.record


class _Records:
    """Units and article features a run touches, loaded in bulk and kept for the run.

    Stored units carry their claim, frame or event (``link_units.info``), so deciding a pair
    with an article linked earlier never reloads that article's text or extraction.
    """

    MAX_UNITS = 400_000  # bound memory on very large runs

    def __init__(self, store: DuckStore) -> None:
        self.store = store
        self.units: dict[int, _Unit] = {}
        self.features: dict[str, ArticleFeatures] = {}

    def trim(self) -> None:
        """Bound memory on very large runs; called between batches, never within one."""
        if len(self.units) > self.MAX_UNITS:
            self.units.clear()
        if len(self.features) > self.MAX_UNITS // 10:
            self.features.clear()

    def add(self, units: Iterable[_Unit]) -> None:
        for u in units:
            self.units[u.uid] = u

    def load_units(self, uids: Iterable[int]) -> None:
        want = sorted({u for u in uids if u not in self.units})
        if not want:
            return
        self.add(_Unit.from_row(*r) for r in self.store.link_unit_rows(want))

    def load_features(self, keys: Iterable[str]) -> None:
        want = sorted({k for k in keys if k not in self.features})
        if not want:
            return
        for key, version, aid, mh, vec, sents, svecs, published in self.store.link_feature_rows(want):
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
        store.clear_links()


def _stale(store: DuckStore) -> tuple[list[tuple[str, int]], list[str]]:
    """(articles to link as (key, version), keys whose linked version is superseded)."""
    rows = store.articles_to_link()
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
    row = store.link_state_value("embedder")
    if row is not None and row.decode() != emb.name:
        full = True  # vectors from another model cannot be compared with these
    if full:
        reset_links(store)
    with store.transaction():
        store.set_link_state("embedder", emb.name.encode())
    todo, superseded = _stale(store)
    if superseded:
        _remove(store, superseded)
    idx = _Indexes(store, emb.dim)
    recs = _Records(store)
    live = store.linked_articles()
    done = 0
    for i in range(0, len(todo), BATCH):
        batch = todo[i:i + BATCH]
        recs.trim()
        with store.transaction():
            new_units, vec_of = _add_batch(store, idx, recs, batch, emb, live)
            _link_units(store, idx, recs, new_units, vec_of, th)
            _link_articles(store, idx, recs, [k for k, _ in batch], th, live, new_units)
        done += len(batch)
        if progress:
            progress(done, len(todo))
    with store.transaction():
        _link_translations(store)
        _rebuild_stories(store)
        idx.save()
    return _report(store, len(todo), time.perf_counter() - t0, full)


def _report(store: DuckStore, linked: int, seconds: float, full: bool) -> LinkReport:
    n_articles, stories, rewrites, clusters, contra = store.link_counts()
    return LinkReport(linked, n_articles, stories, rewrites, clusters, contra, seconds, full)


# ---------------------------------------------------------------------- removal of old versions
def _remove(store: DuckStore, keys: list[str]) -> None:
    """Drop what was linked for superseded versions, then re-cluster what they held together."""
    with store.transaction():
        affected = store.remove_linked(keys)
        if affected:
            _recluster(store, affected)


def _recluster(store: DuckStore, clusters: list[int]) -> None:
    uids = [u for u, _ in store.units_of_clusters(clusters)]
    if not uids:
        return
    parent = {u: u for u in uids}
    for a, b in store.same_edges_among(uids):
        _union(parent, a, b)
    store.set_unit_clusters(uids, [_find(parent, u) for u in uids])


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
    """Features, units and frames of a batch, embedded in one call; returns the units and their vectors."""
    next_aid, next_uid = store.next_link_ids()
    next_aid = max(next_aid, idx.covered_aid + 1)
    next_uid = max(next_uid, idx.covered_uid + 1)
    arts = store.get_articles(batch)
    exs = store.get_extractions([k for k, _ in batch])
    texts: list[str] = []
    owners: list[tuple[str, str, Claim | Event | None]] = []  # (key, kind, record) per text
    feats: list[ArticleFeatures] = []
    for key, version in batch:
        art = arts[key]
        ex = exs.get(key) or Extraction(key, version)
        f = ArticleFeatures(key, version, next_aid, minhash(art.text), np.zeros(emb.dim, np.float32),
                            split_sentences(art.text), published=art.published)
        next_aid += 1
        feats.append(f)
        for s, e in f.sentences:
            texts.append(art.text[s:e])
            owners.append((key, "sentence", None))
        for c in ex.claims:
            texts.append(_claim_text(art.text, c))
            owners.append((key, "claim", c))
        for ev in ex.events:
            texts.append(art.text[ev.start:ev.end])
            owners.append((key, "event", ev))
    vecs = emb.encode(texts) if texts else np.zeros((0, emb.dim), np.float32)
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, (key, kind, _) in enumerate(owners):
        if kind == "sentence":
            by_key[key].append(i)
    feature_rows = []
    band_rows: list[list[Any]] = []
    for f in feats:
        rows = by_key.get(f.key, [])
        f.sent_vecs = vecs[rows] if rows else np.zeros((0, emb.dim), np.float32)
        f.vec = mean_vector(f.sent_vecs, emb.dim)
        ex = exs.get(f.key) or Extraction(f.key, f.version)
        attributed = sum(1 for c in ex.claims if c.source != "author")
        feature_rows.append([
            f.key, f.version, f.aid, f.published, attributed, f.minhash.hashvalues.astype(np.uint64).tobytes(),
            f.vec.tobytes(), json.dumps(f.sentences), f.sent_vecs.astype(np.float16).tobytes(),
        ])
        recs.features[f.key] = f
        live[f.aid] = f.key
        idx.add_article(f.aid, f.vec)
        band_rows.extend([band, h, f.aid] for band, h in enumerate(lsh_bands(f.minhash.hashvalues)))
    gaz = gazetteer()  # cached after the first call; read-only views never need it
    units: list[_Unit] = []
    unit_rows: list[list[Any]] = []
    frame_rows: list[list[Any]] = []
    vec_of: dict[int, np.ndarray] = {}
    for i, (key, kind, rec) in enumerate(owners):
        if rec is None:
            continue
        frame = claim_frame(rec, exs[key], arts[key].text, gaz) if isinstance(rec, Claim) else None
        u = _Unit(next_uid, key, kind, rec.id, rec, frame)
        next_uid += 1
        units.append(u)
        vec_of[u.uid] = vecs[i].astype(np.float32)
        unit_rows.append([u.uid, key, kind, rec.id, vec_of[u.uid].tobytes(), u.uid, u.info()])
        if frame is not None:
            frame_rows.extend([u.uid, key, t, p, frame.stance] for t in frame.types for p in frame.parties)
    store.insert_rows("link_features", feature_rows)
    store.insert_rows("link_bands", band_rows)
    store.insert_rows("link_units", unit_rows)
    store.insert_rows("link_frames", frame_rows)
    recs.add(units)
    if units:
        idx.add_units(np.array([u.uid for u in units]), np.stack([vec_of[u.uid] for u in units]))
    return units, vec_of


# ---------------------------------------------------------------------- article pairs
def _link_articles(
    store: DuckStore, idx: _Indexes, recs: _Records, keys: list[str], th: Thresholds, live: dict[int, str],
    new_units: list[_Unit],
) -> None:
    """``live`` maps the index ids of current article versions to their keys."""
    pairs: dict[tuple[str, str], None] = {}
    near = idx.lsh_candidates({key: lsh_bands(recs.features[key].minhash.hashvalues) for key in keys})
    for key in keys:
        f = recs.features[key]
        cands: set[int] = set(near.get(key, ()))
        if float(np.linalg.norm(f.vec)) > 0:
            sims, ids = idx.articles.search(f.vec.reshape(1, -1), ARTICLE_K + 1)
            cands |= {int(i) for s, i in zip(sims[0], ids[0], strict=True) if i >= 0 and s >= th.article_candidate}
        for aid in cands:
            other = live.get(aid)
            if other is not None and other != key:
                # Neighbour lists are not symmetric: a pair found from either side counts once.
                pairs[(min(key, other), max(key, other))] = None
    recs.load_features(k for pair in pairs for k in pair)
    shared = _shared_claims(store, min((u.uid for u in new_units), default=None), th.claim_same)
    rows = []
    for a, b in pairs:
        fa, fb = recs.features[a], recs.features[b]
        jac = fa.minhash.jaccard(fb.minhash)
        rel = rewrite_relation(jac, fa.sent_vecs, fb.sent_vecs, th)
        if rel:
            rows.append([a, b, rel[0], jac, rel[1]])
        elif _same_story(fa.published, fb.published, float(fa.vec @ fb.vec), shared.get((a, b), 0), th):
            rows.append([a, b, "related", jac, 0.0])
    store.insert_rows("link_edges", rows)


def _same_story(pa: date | None, pb: date | None, cos: float, shared_claims: int, th: Thresholds) -> bool:
    """Independent reports of one story: close in time, close in content, with a claim in common.

    An undated article joins a story on content only with more to go on: closer still
    (``UNDATED_STORY_MARGIN``) and several claims in common (``UNDATED_STORY_CLAIMS``); one
    shared claim and similar wording do not tell one week's news from another's.
    """
    if pa is None or pb is None:
        return cos >= th.story_article + UNDATED_STORY_MARGIN and shared_claims >= UNDATED_STORY_CLAIMS
    if abs((pa - pb).days) > STORY_DAYS:
        return False
    return cos >= th.story_article and shared_claims >= 1


UNDATED_STORY_MARGIN = 0.03  # added to story_article when either report is undated
UNDATED_STORY_CLAIMS = 4  # claims two reports must share ('same' or 'similar') when either is undated


def _shared_claims(store: DuckStore, first_uid: int | None, min_cos: float) -> dict[tuple[str, str], int]:
    """'same' claim edges per article pair, among the edges touching units from ``first_uid`` on.

    Edges are stored as (lower uid, higher uid) and a batch's units have the highest uids,
    so every edge of the batch has ``b >= first_uid``. Only pairs close in meaning
    (``min_cos``) count: two reports of one story retell the same claims closely, while a
    pair the same on shared words alone may be two stories' reports of a standing fact.
    """
    if first_uid is None:
        return {}
    return {(a, b): n for a, b, n in store.shared_claim_counts(first_uid, min_cos)}


# ---------------------------------------------------------------------- claim and event pairs
def _link_units(
    store: DuckStore, idx: _Indexes, recs: _Records, units: list[_Unit], vec_of: dict[int, np.ndarray],
    th: Thresholds,
) -> None:
    """Decide pairs for the new ``units``; ``vec_of`` holds their vectors."""
    if not units:
        return
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
    for n, o in _frame_candidates(store, units):
        pair = (min(n, o), max(n, o))
        if pair not in cand:
            ovec = vec_of[o] if o in vec_of else idx.units.reconstruct(int(o))
            cand[pair] = float(vec_of[n] @ ovec)
    recs.load_units(x for pair in cand for x in pair)
    edges: list[list[Any]] = []
    best: dict[int, list[tuple[tuple[float, ...], str, list[Any]]]] = defaultdict(list)  # doubter -> candidates
    published: dict[str, date | None] = {}
    for (a_id, b_id), cos in cand.items():
        ua, ub = recs.units.get(a_id), recs.units.get(b_id)
        if ua is None or ub is None or ua.kind != ub.kind:
            continue  # a superseded unit still in the index, or a claim next to an event
        decision = _decide(ua, ub, cos, th)
        if not decision:
            continue
        row = [a_id, b_id, decision[0], cos, decision[1]]
        if decision[0] in ("contra:denial", "contra:certainty"):
            # One conflict per denial (or doubt): the closest affirming claim stands for all
            # that say the same, so a denial does not flood the list with every report it answers.
            doubter, other = (ua, ub) if ua.frame is not None and ua.frame.stance != "affirm" else (ub, ua)
            assert doubter.frame is not None and other.frame is not None
            rank = (*standin_rank(doubter.claim, doubter.frame, other.claim, other.frame),
                    -_days_between(store, published, doubter.key, other.key), round(cos, 6), -float(other.uid))
            best[doubter.uid].append((rank, other.record.source, row))
            continue
        edges.append(row)
    if best:
        doubters = sorted(best)
        taken = store.contradictions_touching(doubters)
        answered = Counter(x for a, b, _, _ in taken for x in (a, b))  # stand-ins stored by earlier runs
        for uid, options in best.items():
            sources: set[str] = set()
            room = DENIAL_STANDINS - answered[uid]
            for _, source, row in sorted(options, key=lambda o: o[0], reverse=True):
                if room <= 0:
                    break
                if source in sources:
                    continue  # one stand-in per affirming source
                sources.add(source)
                edges.append(row)
                room -= 1
    same = sorted((e for e in edges if e[2] == "same"), key=lambda e: -e[3])  # strongest first
    strong = [(e[0], e[1]) for e in same if recs.units[e[0]].kind != "claim"
              or cluster_claims(recs.units[e[0]].claim, recs.units[e[1]].claim, e[3], th)]
    kept = set(_coherent(strong, store, recs, vec_of, idx, th))
    # A 'same' pair too weak for a cluster, or that would break a cluster's coherence, is kept as
    # 'similar': it still tells that two reports share a claim (stories), but a later
    # re-clustering (``_recluster``, which reads 'same' only) cannot chain through it.
    for e in edges:
        if e[2] == "same" and (e[0], e[1]) not in kept:
            e[2] = "similar"
    store.insert_rows("link_unit_edges", edges)
    _merge_clusters(store, sorted(kept))


DENIAL_STANDINS = 1
"""Contradictions kept per denial (or doubt), each with another affirming source. A denial often
answers several accusers, but on the dev sets two or three stand-ins per denial flagged 46 or
65 contradictions for 60 articles and judged precision fell from 0.25 to 0.17 and 0.19 (recall
0.04 to 0.06 and 0.08): one stand-in, the report naming most of the same parties, is kept."""

COHERENCE_MARGIN = 0.1  # every cross-article pair of a merged cluster is at least claim_same/event_same minus this


def _coherent(
    pairs: list[tuple[int, int]], store: DuckStore, recs: _Records, vec_of: dict[int, np.ndarray], idx: _Indexes,
    th: Thresholds,
) -> list[tuple[int, int]]:
    """The 'same' pairs whose union keeps every cluster coherent as a whole.

    Single-link union of 'same' edges chains: A is near B, B near C, and a cluster of 130
    unrelated claims grows one neighbour at a time. A pair is kept only when every member
    of one side's cluster is close to every member of the other's (complete linkage on the
    unit vectors, members of one article excepted) and, for claims, no two members
    disagree on stance, act, parties, place, day or figures (``compatible_claims``).
    Pairs are taken strongest first, so the tightest groups form before weaker bridges.
    """
    if not pairs:
        return []
    involved = sorted({x for p in pairs for x in p})
    cluster_of: dict[int, int] = store.cluster_of_units(involved)
    clusters = sorted(set(cluster_of.values()))
    members: dict[int, list[int]] = defaultdict(list)
    for uid, cluster in store.units_of_clusters(clusters):
        members[int(cluster)].append(int(uid))
    recs.load_units(u for ms in members.values() for u in ms[:COHERENCE_SAMPLE])
    vecs: dict[int, np.ndarray] = {}

    def vec(u: int) -> np.ndarray:
        if u not in vecs:
            vecs[u] = vec_of[u] if u in vec_of else np.asarray(idx.units.reconstruct(int(u)), np.float32)
        return vecs[u]

    root: dict[int, int] = {c: c for c in members}
    kept: list[tuple[int, int]] = []
    for a, b in pairs:
        if a not in cluster_of or b not in cluster_of:
            continue
        ca, cb = _find(root, cluster_of[a]), _find(root, cluster_of[b])
        if ca == cb:
            kept.append((a, b))
            continue
        ua = recs.units.get(a)
        floor = (th.claim_same if ua is not None and ua.kind == "claim" else th.event_same) - COHERENCE_MARGIN
        if not _complete_link(members[ca][:COHERENCE_SAMPLE], members[cb][:COHERENCE_SAMPLE], recs, vec, floor, th):
            continue
        kept.append((a, b))
        _union(root, ca, cb)
        keep, drop = _find(root, ca), (cb if _find(root, ca) == ca else ca)
        members[keep].extend(members.pop(drop))
    return kept


COHERENCE_SAMPLE = 24
"""Members of each cluster compared when two clusters meet: the earliest ones, which fixed what the
cluster states. Bounds the check on very large clusters (generated corpora repeat one template
thousands of times) at the cost of not seeing a stray late member."""


def _complete_link(xs: list[int], ys: list[int], recs: _Records, vec: Callable[[int], np.ndarray],
                   floor: float, th: Thresholds) -> bool:
    """Two clusters may join: every pair compatible, and close enough.

    Claims need every pair above ``floor`` (complete linkage): a claim's wording is its
    proposition. Events need the mean above it (average linkage): an event is told in sentences
    that carry much else (who commented, what followed), so two reports of one crash can read
    apart while their type, actors and dates (``compatible_events``) agree.
    """
    sims: list[float] = []
    for x in xs:
        ux = recs.units.get(x)
        for y in ys:
            uy = recs.units.get(y)
            if ux is None or uy is None or ux.key == uy.key:
                continue
            if not _compatible_units(ux, uy):
                return False
            cos = float(vec(x) @ vec(y))
            if ux.kind == "claim":
                if cos < floor and claim_words(ux.claim, uy.claim) < SHARED_WORDS_SAME:
                    return False
                sims.append(cos - floor)
            else:  # how close two reports of one event must read depends on what else vouches for them
                sims.append(cos - (min(event_same_cos(ux.event, uy.event, th), th.event_same) - COHERENCE_MARGIN))
    return not sims or float(np.mean(sims)) >= 0.0


def _compatible_units(ux: _Unit, uy: _Unit) -> bool:
    if ux.kind != uy.kind:
        return False
    if ux.kind == "claim":
        assert ux.frame is not None and uy.frame is not None
        return compatible_claims(ux.frame, uy.frame)
    return compatible_events(ux.event, uy.event)


def _days_between(store: DuckStore, published: dict[str, date | None], a: str, b: str) -> float:
    """Days between two articles' publication dates (a large number when either is undated)."""
    want = [k for k in (a, b) if k not in published]
    if want:
        published.update({k: None for k in want})
        published.update(store.linked_published(want))
    pa, pb = published[a], published[b]
    return float(abs((pa - pb).days)) if pa is not None and pb is not None else 1e6


FRAME_K = 10  # opposite-stance claims kept per new claim


def _frame_candidates(store: DuckStore, units: list[_Unit]) -> list[tuple[int, int]]:
    """(new claim, other claim) with opposite stances on one (act, party): denial or doubt vs affirmation.

    Embeddings alone miss these: a terse denial ("denied any arms deal") reads nothing like
    the detailed report it denies. The frame table is the block that brings them together.
    Candidates are ranked in the database, so only ``FRAME_K`` per claim reach Python: most
    (act, party) keys shared first (a denial naming both parties answers reports about both),
    then the closest publication dates (a denial answers recent reports), then the newest.
    """
    claims = [u.uid for u in units if u.kind == "claim" and u.frame is not None and u.frame.types]
    if not claims:
        return []
    rows = store.frame_candidates(min(claims), FRAME_K)
    return [(int(n), int(o)) for n, o in rows]


def _decide(ua: _Unit, ub: _Unit, cos: float, th: Thresholds) -> tuple[str, str | None] | None:
    if ua.kind == "claim":
        ca, cb, fa, fb = ua.claim, ub.claim, ua.frame, ub.frame
        assert fa is not None and fb is not None
        if ua.key != ub.key and same_claim(ca, cb, fa, fb, cos, th):
            return "same", None
        c = contradiction(ca, cb, fa, fb, cos, th)
        return (f"contra:{c[0]}", c[1]) if c else None
    ea, eb = ua.event, ub.event
    if ua.key == ub.key:
        return None
    if same_event(ea, eb, cos, th):
        return "same", None
    # One event on two dates: everything but the date agrees, and the wording is very close.
    undated = replace(eb, date=ea.date, date_granularity=ea.date_granularity)
    if cos >= th.event_same + 0.15 and (ea.weapon or ea.location) and compatible_events(ea, undated):
        conflict = date_conflict(ea, eb)
        if conflict:
            return "contra:date", conflict
    return None


def _merge_clusters(store: DuckStore, pairs: list[tuple[int, int]]) -> None:
    """Union new 'same' edges into the stored clusters (relabelling to the smaller id), in one update."""
    if not pairs:
        return
    involved = sorted({x for p in pairs for x in p})
    cluster_of: dict[int, int] = store.cluster_of_units(involved)
    parent = {c: c for c in cluster_of.values()}
    for a, b in pairs:
        if a in cluster_of and b in cluster_of:
            _union(parent, cluster_of[a], cluster_of[b])
    moves = [(c, _find(parent, c)) for c in parent if _find(parent, c) != c]
    if moves:
        store.relabel_clusters([m[0] for m in moves], [m[1] for m in moves])


# ---------------------------------------------------------------------- stories
TRANSLATION_PROBES = 3  # a foreign text's longest names look up the stored texts that may be its origin


def _link_translations(store: DuckStore) -> None:
    """A text in another language (stored, not analysed) joins the story of the text it translates.

    Only texts without a translation link yet are looked at, so a run that adds no foreign text
    costs one query; one whose origin has not arrived is looked at again on the next run.
    """
    foreign = store.untranslated_foreign_texts()
    rows: list[list[Any]] = []
    for key, text in foreign:
        mine = anchors(text)
        names = sorted((a for a in mine if not a.startswith("#") and len(a) >= 5), key=lambda a: (-len(a), a))
        # a text in another script keeps only its figures: probe with the longest ones
        figures = sorted((a[1:] for a in mine if a.startswith("#") and len(a) >= 3), key=lambda a: (-len(a), a))
        probes = names[:TRANSLATION_PROBES] or figures[:TRANSLATION_PROBES]
        if len(mine) < TRANSLATION_MIN_SHARED or not probes:
            continue
        cands = store.texts_containing_any(key, probes)
        scored = [(o, k) for k, t in cands if (o := translation_overlap(mine, anchors(t))) is not None]
        if scored:
            overlap, origin = min(scored, key=lambda x: (-x[0], x[1]))
            rows.append([key, origin, "translation", overlap, 0.0])
    store.insert_rows("link_edges", rows)


def _rebuild_stories(store: DuckStore) -> None:
    """Stories are the connected rewrite families; the origin is chosen as docs/linking.md says.

    Origin: the earliest published member; ties and undated members are ordered by how much
    of the article is attributed (the richer account is the likelier source), then by key.
    Computing the families is cheap; only rows that changed are written.
    """
    # translations are stored but not analysed: they join by their link only, and never lead (-1)
    feats = store.story_members()
    edges = store.article_edges()
    parent = {k: k for k, _, _ in feats}
    adj: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for a, b, kind in edges:
        if a in parent and b in parent:
            _union(parent, a, b)
            adj[a].append((b, kind))
            adj[b].append((a, kind))
    info = {k: (p, n) for k, p, n in feats}
    groups: dict[str, list[str]] = defaultdict(list)
    for k in parent:
        groups[_find(parent, k)].append(k)
    rows: list[list[Any]] = []
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
    old = store.story_assignments()
    changed = [r for r in rows if old.get(r[0]) != (r[1], r[2], r[3])]
    keys = {r[0] for r in rows}
    stale = [r[0] for r in changed] + [k for k in old if k not in keys]
    if stale:
        store.delete_story_rows(stale)
    store.insert_rows("link_stories", changed)


def _origin_rank(key: str, published: date | None, attributed: int) -> tuple[bool, bool, date, int, str]:
    return (attributed < 0, published is None, published or date.max, -attributed, key)


# ---------------------------------------------------------------------- what eval reads
def stored_links(store: DuckStore) -> tuple[list[list[str]], list[tuple[str, str]]]:
    """(stories as lists of article keys, contradicting article pairs) for the scorer."""
    groups: dict[str, list[str]] = defaultdict(list)
    for key, story in sorted(store.story_of().items()):
        groups[story].append(key)
    pairs = list(dict.fromkeys((ka, kb) for _, _, ka, _, kb, _, _ in store.unit_pairs("contra:")))
    return list(groups.values()), [(a, b) for a, b in pairs]


UnitContradiction = tuple[tuple[str, str], tuple[str, str], str, str]


def stored_unit_links(
    store: DuckStore,
) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], int], list[UnitContradiction]]:
    """(claim clusters, merged-timeline entries, claim-to-claim contradictions) for the scorer.

    Clusters map (article key, claim or event id) to the cluster id; contradictions are
    ((key, claim id), (key, claim id), kind, why).
    """
    claim_of: dict[tuple[str, str], int] = {}
    event_of: dict[tuple[str, str], int] = {}
    for kind, into in (("claim", claim_of), ("event", event_of)):
        for cluster, key, ref in store.unit_clusters(kind):
            into[(key, ref)] = int(cluster)
    contra = [
        ((ka, ra), (kb, rb), kind.removeprefix("contra:"), detail or "")
        for ka, ra, kb, rb, kind, detail in store.claim_contradictions()
    ]
    return claim_of, event_of, contra
