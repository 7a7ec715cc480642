"""Cross-article linking end to end on the hand-written corpus in ``tests/fixtures/link``
(see its PLANTS.md): stories and origins, lineage of a rewrite, contradictions, corroboration,
the merged timeline, incremental relinking, and the scores of ``claimgraph eval``.

The store is built and linked once per module with the default embedder (all-MiniLM-L6-v2);
tests that change a store work on a copy of the file.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimgraph.extract.pipeline import analyse_keys
from claimgraph.ingest import IngestOptions, ingest
from claimgraph.link.features import HashingEmbedder
from claimgraph.link.pipeline import LinkReport, link_store
from claimgraph.read import linked as views
from claimgraph.store import DuckStore, open_store

FIXTURES = Path(__file__).parent / "fixtures" / "link"
GOLD = json.loads((FIXTURES / "gold.json").read_text(encoding="utf-8"))
KEYS = sorted(GOLD["articles"])
ORIGIN = "001_meridian_origin"
REWRITE = "003_trendline_rewrite"


def build_store(db: Path, corpus: Path = FIXTURES) -> DuckStore:
    """Ingest and analyse ``corpus`` (articles only, not PLANTS.md or gold.json) into ``db``."""
    store = open_store(db)
    report = ingest([str(corpus)], store, IngestOptions(exclude=["*.md", "*.json"]), command=f"test {corpus}")
    assert report.failed == 0, report.failures
    assert sorted(report.keys) == KEYS
    analyse_keys(store, report.keys)
    return store


def story_sets(store: DuckStore) -> set[frozenset[str]]:
    return {frozenset(m.key for m in s.members) for s in views.stories(store)}


def member(store: DuckStore, key: str) -> views.Member:
    found = [m for s in views.stories(store) for m in s.members if m.key == key]
    assert len(found) == 1, f"{key} must be in exactly one story"
    return found[0]


def copy_db(src: Path, dest_dir: Path) -> Path:
    dest = dest_dir / "copy.duckdb"
    shutil.copy(src, dest)
    return dest


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, LinkReport]:
    """The fixture corpus ingested, analysed and linked with the default embedder; the file is closed."""
    db = tmp_path_factory.mktemp("link") / "store.duckdb"
    store = build_store(db)
    try:
        report = link_store(store)
    finally:
        store.close()
    return db, report


@pytest.fixture(scope="module")
def store(linked: tuple[Path, LinkReport]) -> Iterator[DuckStore]:
    db, _ = linked
    s = open_store(db, read_only=True)
    yield s
    s.close()


# ---------------------------------------------------------------------- the first run
def test_first_run_links_every_article(linked: tuple[Path, LinkReport]) -> None:
    _, report = linked
    assert report.linked == len(KEYS)
    assert report.articles == len(KEYS)
    assert report.stories == len(GOLD["clusters"])
    assert report.rewrites == 4  # 002, 003, 004 of A and 006 of B
    assert report.contradictions >= 1
    assert report.full is False
    assert report.line().startswith(f"linked {len(KEYS)} articles ({len(KEYS)} in the store)")


def test_stories_are_the_gold_clusters(store: DuckStore) -> None:
    assert story_sets(store) == {frozenset(c) for c in GOLD["clusters"]}


def test_every_story_has_one_origin_and_members_point_into_it(store: DuckStore) -> None:
    for st in views.stories(store):
        keys = {m.key for m in st.members}
        assert st.origin.key == st.id
        roles = [m.role for m in st.members]
        if len(st.members) == 1:
            assert roles == ["single"] and st.origin.parent is None
        else:
            assert roles[0] == "origin" and roles.count("origin") == 1
            assert st.origin.parent is None
            for m in st.members[1:]:
                assert m.role in {"copy", "rewrite", "related"}
                assert m.parent in keys and m.parent != m.key


def test_the_wire_story_origin_and_roles(store: DuckStore) -> None:
    st = views.find_story(store, ORIGIN)
    assert st is not None and st.id == ORIGIN
    roles = {m.key: (m.role, m.parent) for m in st.members}
    assert roles["002_northgate_repost"] == ("copy", ORIGIN)
    assert roles[REWRITE] == ("rewrite", ORIGIN)
    assert roles["004_digest_paraphrase"] == ("rewrite", ORIGIN)
    # undated 004 comes last; the origin is the earliest published member
    assert st.origin.published == "2024-03-18"
    assert st.members[-1].key == "004_digest_paraphrase" and st.members[-1].published is None


def test_the_un_panel_story(store: DuckStore) -> None:
    st = views.find_story(store, "006_eastbridge_repub")  # any member's key finds its story
    assert st is not None and st.id == "005_observer_un_panel"
    assert member(store, "006_eastbridge_repub").role == "copy"
    assert member(store, "006_eastbridge_repub").parent == "005_observer_un_panel"


def test_the_hard_negative_from_the_same_wire_stays_alone(store: DuckStore) -> None:
    st = views.find_story(store, "014_meridian_airdefence")
    assert st is not None
    assert [(m.key, m.role) for m in st.members] == [("014_meridian_airdefence", "single")]
    # not even a 'related' edge to the origin it shares a paragraph and an outlet with
    edges = store.con.execute(
        "SELECT a, b, kind FROM link_edges WHERE a = '014_meridian_airdefence' OR b = '014_meridian_airdefence'"
    ).fetchall()
    assert edges == []


def test_unknown_story_is_none(store: DuckStore) -> None:
    assert views.find_story(store, "nosuch") is None


# ---------------------------------------------------------------------- lineage
def test_lineage_of_the_content_farm_rewrite(store: DuckStore) -> None:
    st = views.find_story(store, REWRITE)
    assert st is not None
    lines = {ln.member.key: ln for ln in views.lineage(store, st)}
    assert set(lines) == {"002_northgate_repost", REWRITE, "004_digest_paraphrase"}
    ln = lines[REWRITE]
    assert ln.against == ORIGIN
    counts = ln.counts()
    for kind in ("hedge_dropped", "attribution_lost", "added_speculation"):
        assert counts[kind] >= 1, (kind, counts)
    origin_text = store.get_article(ORIGIN).text  # type: ignore[union-attr]
    rewrite_text = store.get_article(REWRITE).text  # type: ignore[union-attr]
    hedge = [p for p in ln.pairs if any(c.kind == "hedge_dropped" for c in p.changes)]
    assert any("may have been used" in p.origin_text and "were used" in p.rewrite_text for p in hedge)
    spec = [p for p in ln.pairs if any(c.kind == "added_speculation" for c in p.changes)]
    assert any("Experts speculate" in p.rewrite_text for p in spec)
    assert all(p.origin is None for p in spec)
    for p in ln.pairs:  # every pair points back into the two texts
        if p.origin is not None:
            assert origin_text[p.origin[0]:p.origin[1]] == p.origin_text
        if p.rewrite is not None:
            assert rewrite_text[p.rewrite[0]:p.rewrite[1]] == p.rewrite_text


def test_lineage_of_the_verbatim_copy_has_no_distortions(store: DuckStore) -> None:
    st = views.find_story(store, ORIGIN)
    assert st is not None
    ln = next(ln for ln in views.lineage(store, st) if ln.member.key == "002_northgate_repost")
    counts = ln.counts()
    for kind in ("hedge_dropped", "hedge_added", "attribution_lost", "number_changed", "entity_swapped",
                 "added_speculation", "dropped"):
        assert counts[kind] == 0, (kind, counts)


# ---------------------------------------------------------------------- contradictions
def test_the_denials_contradict_the_origin(store: DuckStore) -> None:
    """The denial meets the origin's story: the origin or its verbatim repost, whichever is nearer in time
    (one stand-in per denial; the repost carries the same sentence)."""
    found = views.contradictions(store)
    origin_story = {ORIGIN, "002_northgate_repost"}
    denial = next(c for c in found if c.kind == "denial" and "007_courier_denials" in {c.a.key, c.b.key}
                  and {c.a.key, c.b.key} & origin_story)
    deny_side = denial.a if denial.a.key == "007_courier_denials" else denial.b
    affirm_side = denial.b if deny_side is denial.a else denial.a
    assert deny_side.certainty == "denied"
    assert affirm_side.certainty in {"asserted", "reported", "hedged"}


def test_the_strike_date_conflict_is_found(store: DuckStore) -> None:
    pairs = {(c.kind, frozenset((c.a.key, c.b.key))) for c in views.contradictions(store)}
    assert ("date", frozenset((ORIGIN, "009_gazette_strike"))) in pairs


def test_contradiction_sides_point_into_their_articles(store: DuckStore) -> None:
    found = views.contradictions(store)
    assert found
    for c in found:
        assert c.kind in {"denial", "certainty", "number", "date"}
        assert c.detail
        for side in (c.a, c.b):
            text = store.get_article(side.key).text  # type: ignore[union-attr]
            assert text[side.start:side.end] in (side.text, side.sentence)
            assert side.text in side.sentence or side.text in text
        # nothing unrelated to the story takes part
        assert not {c.a.key, c.b.key} & {"011_monitor_summit", "012_space_satellite", "014_meridian_airdefence"}


# ---------------------------------------------------------------------- corroboration
def test_corroboration_clusters_are_consistent(store: DuckStore) -> None:
    clusters = views.corroboration(store)
    assert clusters
    story_of = {m.key: s.id for s in views.stories(store) for m in s.members}
    published = {k: v["published"] for k, v in GOLD["articles"].items()}
    for c in clusters:
        assert len({r.key for r in c.claims}) >= 2
        assert c.relays == sorted({story_of[r.key] for r in c.claims})
        assert all(r.story == story_of[r.key] for r in c.claims)
        assert c.independent >= 1
        dated = sorted(published[r.key] for r in c.claims if published[r.key])
        assert c.first_seen == (dated[0] if dated else None)
        assert sum(c.certainty.values()) == len(c.claims)
        for r in c.claims:
            text = store.get_article(r.key).text  # type: ignore[union-attr]
            assert text[r.claim.start:r.claim.end] == r.text


def test_the_core_supply_claim_has_independent_sources(store: DuckStore) -> None:
    """The "at least 40 missiles since January" claim: Redlak and the defence ministry, in three stories.

    The Pentagon's "about 15" and the UN panel's "at least 40 between December and February"
    state other figures or another period, so they are not folded in (a cluster holds one
    proposition, figures and times included).
    """
    core = [c for c in views.corroboration(store) if "Tomas Redlak" in c.primary_sources
            and "007_courier_denials" in {r.key for r in c.claims}]
    assert len(core) == 1
    c = core[0]
    assert c.independent >= 2
    assert "008_dispatch_pentagon" not in {r.key for r in c.claims}


def test_a_rewrite_that_drops_the_attribution_adds_no_independent_source(store: DuckStore) -> None:
    one_story_one_source = [c for c in views.corroboration(store)
                            if len(c.relays) == 1 and len(c.primary_sources) == 1]
    laundered = [c for c in one_story_one_source
                 if c.primary_sources == ["Tomas Redlak"]
                 and any(r.key == REWRITE and r.claim.source == "author" for r in c.claims)]
    assert laundered, "the rewrite restates Redlak's claim without him"
    assert [(c.primary_sources, c.independent) for c in one_story_one_source] == [
        (c.primary_sources, 1) for c in one_story_one_source]


@pytest.mark.xfail(
    strict=True,
    reason="views.corroboration counts each source *spelling* once (read/linked.py, `primary = sorted({r.claim.source "
    "...})`): two clusters carried only by the 001 family exceed 1 story: the Hallberg analysts as 'Analysts', "
    "'analysts' and 'Researchers' (3), the US/EU warning as 'United States', 'European Union' and 'Brussels' "
    "(3; Brussels not resolved to the EU). Note: even with names deduped, docs/linking.md counts two named "
    "sources in one story (US and EU) as 2, so this invariant only holds if that rule changes too",
)
def test_corroboration_independent_sources_at_most_the_stories_they_span(store: DuckStore) -> None:
    clusters = views.corroboration(store)
    assert clusters
    too_many = [(c.independent, c.relays, c.primary_sources) for c in clusters if c.independent > len(c.relays)]
    assert too_many == []


# ---------------------------------------------------------------------- merged timeline
def test_merged_timeline_is_sorted_and_lists_its_articles(store: DuckStore) -> None:
    entries = views.merged_timeline(store)
    assert entries
    dated = [m.date for m in entries if m.date is not None]
    assert dated == sorted(dated)
    first_undated = next((i for i, m in enumerate(entries) if m.date is None), len(entries))
    assert all(m.date is None for m in entries[first_undated:])
    published = {k: v["published"] for k, v in GOLD["articles"].items()}
    seen_articles: set[str] = set()
    for m in entries:
        assert m.articles and m.articles == sorted(set(m.articles))
        assert m.articles == sorted({e.article_key for e in m.events})
        assert set(m.articles) <= set(KEYS)
        assert len(m.sentences) == len(m.events)
        assert 1 <= m.independent <= len(m.articles)
        for e, sentence in zip(m.events, m.sentences, strict=True):
            assert e.type == m.type
            assert store.get_article(e.article_key).text[e.start:e.end] == sentence  # type: ignore[union-attr]
        if m.from_article_date:
            assert m.date == min((published[k] for k in m.articles if published[k]), default=None)
        seen_articles |= set(m.articles)
    assert "001_meridian_origin" in seen_articles


def test_merged_timeline_places_the_strike_on_both_dates(store: DuckStore) -> None:
    strikes = [m for m in views.merged_timeline(store) if m.type == "launch_attack" and not m.from_article_date]
    dates = {m.date for m in strikes}
    assert {"2024-03-14", "2024-03-03"} <= dates


# ---------------------------------------------------------------------- incremental runs
def test_a_second_run_links_nothing_and_changes_nothing(linked: tuple[Path, LinkReport], tmp_path: Path) -> None:
    db, first = linked
    store = open_store(copy_db(db, tmp_path))
    try:
        before = story_sets(store)
        contra_before = sorted((c.kind, c.a.key, c.b.key) for c in views.contradictions(store))
        report = link_store(store)
        assert report.linked == 0
        assert report.full is False
        assert report.line().startswith("linked 0 articles")
        assert (report.articles, report.stories, report.rewrites, report.contradictions) == (
            first.articles, first.stories, first.rewrites, first.contradictions)
        assert story_sets(store) == before
        assert sorted((c.kind, c.a.key, c.b.key) for c in views.contradictions(store)) == contra_before
    finally:
        store.close()


def test_a_changed_article_is_relinked_alone_and_keeps_its_story(
    linked: tuple[Path, LinkReport], tmp_path: Path
) -> None:
    db, _ = linked
    store = open_store(copy_db(db, tmp_path))
    try:
        before = story_sets(store)
        src = (FIXTURES / f"{REWRITE}.txt").read_text(encoding="utf-8")
        footer = "(c) 2024 Trendline Daily News"
        assert footer in src
        added = "Shipping records for the port of Sarkand show heavy traffic throughout February."
        changed = src.replace(footer, added + "\n\n" + footer)
        new_dir = tmp_path / "v2"
        new_dir.mkdir()
        (new_dir / f"{REWRITE}.txt").write_text(changed, encoding="utf-8")
        rep = ingest([str(new_dir)], store, IngestOptions(), command="test v2")
        assert (rep.updated, rep.stored, rep.keys) == (1, 0, [REWRITE])
        analyse_keys(store, rep.keys)
        report = link_store(store)
        assert report.linked == 1
        assert report.full is False
        assert report.articles == len(KEYS)  # the old version's features are gone, not kept beside the new
        assert story_sets(store) == before
        m = member(store, REWRITE)
        assert (m.role, m.parent) == ("rewrite", ORIGIN)
        version = store.con.execute(
            "SELECT version FROM link_features WHERE article_key = ?", [REWRITE]).fetchone()
        assert version == (2,)
        # the new version is compared in lineage (its added sentence is there)
        st = views.find_story(store, REWRITE)
        assert st is not None
        ln = next(ln for ln in views.lineage(store, st) if ln.member.key == REWRITE)
        assert any("Shipping records for the port of Sarkand" in p.rewrite_text for p in ln.pairs)
        # the units are exactly the new version's claims and events: nothing of the old one is left
        units = sorted(store.con.execute(
            "SELECT kind, ref FROM link_units WHERE article_key = ?", [REWRITE]).fetchall())
        ex = store.get_extraction(REWRITE)
        assert ex is not None and ex.version == 2
        assert units == sorted([("claim", c.id) for c in ex.claims] + [("event", e.id) for e in ex.events])
        # a run after that links nothing again
        assert link_store(store).linked == 0
    finally:
        store.close()


@pytest.fixture
def store_copy(linked: tuple[Path, LinkReport], tmp_path: Path) -> Iterator[DuckStore]:
    """A writable copy of the linked fixture store."""
    s = open_store(copy_db(linked[0], tmp_path))
    yield s
    s.close()


def test_indexes_are_saved_after_many_units_and_topped_up_after_few(
    store_copy: DuckStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimgraph.link import pipeline

    store = store_copy
    monkeypatch.setattr(pipeline, "SAVE_AFTER_UNITS", 0)
    monkeypatch.setattr(pipeline, "SAVE_AFTER_ARTICLES", 0)
    link_store(store, embedder=HashingEmbedder(), full=True)
    meta = store.con.execute("SELECT payload FROM link_state WHERE name = 'meta'").fetchone()
    assert meta is not None
    n_units = store.con.execute("SELECT count(*), max(uid) FROM link_units").fetchone()
    assert n_units is not None and json.loads(bytes(meta[0]))["uid"] == n_units[1]
    saved = pipeline._Indexes(store, HashingEmbedder.dim)
    assert (saved.units.ntotal, saved.articles.ntotal, saved.covered_uid) == (n_units[0], len(KEYS), n_units[1])
    # a few more units: the indexes are not rewritten, and the next load adds them from the tables
    monkeypatch.setattr(pipeline, "SAVE_AFTER_UNITS", 10**6)
    monkeypatch.setattr(pipeline, "SAVE_AFTER_ARTICLES", 10**6)
    copy_role = member(store, "002_northgate_repost").role
    assert copy_role == "copy"
    pipeline._remove(store, ["002_northgate_repost"])  # as if its version were superseded
    assert link_store(store, embedder=HashingEmbedder()).linked == 1
    assert store.con.execute("SELECT payload FROM link_state WHERE name = 'meta'").fetchone() == meta
    added = store.con.execute("SELECT count(*) FROM link_units WHERE uid > ?", [n_units[1]]).fetchone()
    assert added is not None and added[0] > 0
    loaded = pipeline._Indexes(store, HashingEmbedder.dim)
    assert loaded.units.ntotal == n_units[0] + added[0]
    assert loaded.covered_uid > n_units[1]
    assert member(store, "002_northgate_repost").role == copy_role  # found again through the stored LSH buckets


def test_the_run_cache_is_trimmed_between_batches_only(store_copy: DuckStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """A tiny cache bound clears the cache before each batch, never the batch's own units."""
    from claimgraph.link import pipeline

    monkeypatch.setattr(pipeline, "BATCH", 3)
    untrimmed = link_store(store_copy, full=True)
    monkeypatch.setattr(pipeline._Records, "MAX_UNITS", 1)
    trimmed = link_store(store_copy, full=True)
    assert (trimmed.stories, trimmed.rewrites, trimmed.claim_clusters, trimmed.contradictions) == (
        untrimmed.stories, untrimmed.rewrites, untrimmed.claim_clusters, untrimmed.contradictions)
    assert untrimmed.contradictions > 0 and untrimmed.rewrites > 0


def test_switching_embedder_forces_a_full_relink(linked: tuple[Path, LinkReport], tmp_path: Path) -> None:
    db, _ = linked
    store = open_store(copy_db(db, tmp_path))
    try:
        report = link_store(store, embedder=HashingEmbedder())
        assert report.full is True
        assert report.linked == len(KEYS)
        assert report.articles == len(KEYS)
        assert "full relink" in report.line()
        name = store.con.execute("SELECT payload FROM link_state WHERE name = 'embedder'").fetchone()
        assert name is not None and bytes(name[0]).decode() == HashingEmbedder.name
        # near-verbatim copies are found from MinHash whatever the embedder
        assert member(store, "002_northgate_repost").role == "copy"
        assert member(store, "006_eastbridge_repub").role == "copy"
        # the same embedder again: nothing to do
        again = link_store(store, embedder=HashingEmbedder())
        assert (again.linked, again.full) == (0, False)
    finally:
        store.close()


# ---------------------------------------------------------------------- eval
@pytest.mark.slow
def test_eval_on_the_fixtures_scores_clusters_perfectly(tmp_path: Path) -> None:
    """``run_eval`` ingests, analyses and links a fresh store, then scores it against gold.json.

    The corpus is a copy of the fixture articles only: PLANTS.md would be ingested as an article
    too and double the run time (the cluster score is the same with it).
    """
    from claimgraph.eval.run import run_eval

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in FIXTURES.glob("*.txt"):
        shutil.copy(path, corpus / path.name)
    gold, report, problems = run_eval(FIXTURES / "gold.json", corpus)
    assert problems == []
    assert set(gold.articles) == set(KEYS)
    assert report.clusters.n_articles == len(KEYS)
    assert report.clusters.f1 == 1.0
    assert report.clusters.precision == 1.0 and report.clusters.recall == 1.0
    assert report.contradictions.article_pair_recall is not None and report.contradictions.article_pair_recall > 0


FRENCH = """Belmora a envoyé au moins 40 missiles au Karvany, selon l'Ostrelia

LENHOLD, 18 mars (Meridian Wire) - Belmora a fourni au Karvany au moins 40 missiles balistiques de courte portée
depuis janvier, a déclaré dimanche Tomas Redlak, porte-parole du ministère ostrélien de la Défense.

Selon Redlak, les missiles sont partis du port de Sarkand, ont traversé la mer de Veska puis ont été acheminés par
train vers l'ouest du Karvany.

Les analystes de l'institut Hallberg, à Vienne, estiment que ces missiles ont pu servir lors de la frappe sur
Dovrenets le 14 mars 2024, qui a fait neuf morts.
"""


def test_a_translation_joins_the_story_of_its_origin_and_never_leads_it(store_copy: DuckStore, tmp_path: Path) -> None:
    store = store_copy
    folder = tmp_path / "fr"
    folder.mkdir()
    (folder / "015_meridian_french.txt").write_text(FRENCH, encoding="utf-8")
    rep = ingest([str(folder)], store, IngestOptions(), command="test fr")
    art = store.get_article("015_meridian_french")
    assert rep.stored == 1 and art is not None and art.language == "fr" and art.status == "not_analysed"
    link_store(store)
    m = member(store, "015_meridian_french")
    st = views.find_story(store, ORIGIN)
    assert m.role == "translation" and st is not None and st.origin.key == ORIGIN
    assert "015_meridian_french" in {x.key for x in st.members} and m.parent in {x.key for x in st.members}
    # a text in another language on another story stays alone
    (folder / "016_other_french.txt").write_text(
        "Le port de Tromsø a rouvert lundi après deux jours de tempête, a indiqué la mairie.\n", encoding="utf-8")
    ingest([str(folder)], store, IngestOptions(), command="test fr 2")
    link_store(store)
    assert views.find_story(store, "016_other_french") is None or member(store, "016_other_french").role == "single"


def test_anchors_keep_figures_and_names_across_languages() -> None:
    from claimgraph.link.rules import anchors, translation_overlap

    en = anchors("Belmora sent 40 missiles to Karvany on March 14, 2024; 21,000 tonnes of fuel followed.")
    fr = anchors("Belmora a envoyé 40 missiles au Karvany le 14 mars 2024 ; 21.000 tonnes de carburant ont suivi.")
    assert {"#40", "#14", "#2024", "#21000", "belmora", "karvany"} <= en & fr
    assert translation_overlap(en, fr) is not None
    assert translation_overlap(en, anchors("Karvany held a parade in 2024.")) is None
