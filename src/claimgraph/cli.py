"""The ``claimgraph`` command: a thin layer over the library functions."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from claimgraph import __version__
from claimgraph.ingest import IngestOptions, ingest
from claimgraph.ingest.errors import InputError
from claimgraph.ingest.jsonfmt import FieldMap
from claimgraph.ingest.metadata import load_metadata
from claimgraph.store import DuckStore, StoreError, open_store

app = typer.Typer(
    help="Turn a pile of news articles into a sourced, auditable picture of a story.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True)

DbOpt = Annotated[Path, typer.Option("--db", help="The store file (DuckDB).", envvar="CLAIMGRAPH_DB")]
DEFAULT_DB = Path("claimgraph.duckdb")


def _open(db: Path, read_only: bool = False) -> DuckStore:
    try:
        return open_store(db, read_only=read_only)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from exc


def _version(value: bool) -> None:
    if value:
        console.print(f"claimgraph {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    pack: Annotated[
        list[Path], typer.Option("--pack", help="Extra domain pack (YAML file or folder); repeatable.")
    ] = [],  # noqa: B006
) -> None:
    """claimgraph: who claims what, how sure, and who first said it."""
    if pack:
        import os

        missing = [p for p in pack if not p.exists()]
        if missing:
            err.print(f"[red]error:[/red] {missing[0]}: no such pack file or folder")
            raise typer.Exit(2)
        existing = os.environ.get("CLAIMGRAPH_PACKS", "")
        os.environ["CLAIMGRAPH_PACKS"] = os.pathsep.join([*map(str, pack), *([existing] if existing else [])])
    try:
        from claimgraph.nlp.pipeline import gazetteer

        gazetteer()
    except Exception as exc:  # a broken pack should be named before any work starts
        from claimgraph.nlp.packs import PackError

        if isinstance(exc, PackError):
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        raise


@app.command("ingest")
def ingest_cmd(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, URLs, or - for standard input.")],
    db: DbOpt = DEFAULT_DB,
    include: Annotated[list[str], typer.Option("--include", help="Glob of files to take in folders.")] = [],  # noqa: B006
    exclude: Annotated[list[str], typer.Option("--exclude", help="Glob of files to leave out.")] = [],  # noqa: B006
    field: Annotated[
        list[str], typer.Option("--field", help="JSON field mapping ATTR=FIELD, e.g. text=story.")
    ] = [],  # noqa: B006
    max_size: Annotated[float, typer.Option("--max-size", help="Largest input file in MB.")] = 50.0,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for a URL.")] = 20.0,
    metadata: Annotated[
        Path | None,
        typer.Option(
            "--metadata",
            help='JSON object KEY -> {"published": DATE, "outlet": NAME} for articles whose text lacks them '
            "(applies to articles this run stores or updates).",
        ),
    ] = None,
    analyse: Annotated[bool, typer.Option("--analyse/--no-analyse", help="Run extraction after ingest.")] = True,
    link: Annotated[
        bool, typer.Option("--link/--no-link", help="Link new articles across the store after extraction.")
    ] = True,
) -> None:
    """Read articles from PATHS and store them; identical content is not stored twice."""
    try:
        fields = FieldMap.parse(field)
        meta = load_metadata(metadata) if metadata is not None else {}
    except ValueError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from exc
    except InputError as exc:
        err.print(f"[red]error:[/red] {escape(exc.input)}: {escape(exc.reason)}", soft_wrap=True)
        raise typer.Exit(2) from exc
    opts = IngestOptions(
        include=include, exclude=exclude, max_bytes=int(max_size * 1e6), fields=fields, timeout=timeout,
        metadata=meta,
    )
    store = _open(db)
    start = time.perf_counter()
    with Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        TextColumn("{task.completed} articles"),
        TextColumn("{task.fields[rate]:.1f}/s"),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}"),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task("ingest", total=None, rate=0.0, current="")

        def tick(n: int, key: str) -> None:
            elapsed = max(time.perf_counter() - start, 1e-9)
            done = progress.tasks[0].completed + n
            progress.update(task, advance=n, rate=done / elapsed, current=key[:40])

        report = ingest(paths, store, opts, progress=tick, command="ingest " + " ".join(paths))
    elapsed = time.perf_counter() - start
    # One line per input whatever the terminal width; names may hold "[...]", so escape them.
    for f in report.failures:
        err.print(f"[red]failed:[/red] {escape(f.input)}: {escape(f.reason)}", soft_wrap=True)
    for a in report.not_analysed:
        err.print(f"[yellow]not analysed:[/yellow] {escape(a.key)}: {escape(a.status_reason or '')}", soft_wrap=True)
    analysed_line = link_line = ""
    if analyse and report.keys:
        analysed_line = _analyse(store, report.keys)
        if link:
            link_line = _link(store)
    store.close()
    rate = report.total / elapsed if elapsed > 0 else 0.0
    console.print(
        f"stored {report.stored}, unchanged {report.unchanged}, updated {report.updated}, "
        f"skipped {report.skipped}, failed {report.failed} "
        f"({report.total} articles in {elapsed:.2f}s, {rate:.1f}/s)",
        soft_wrap=True,
    )
    if analysed_line:
        console.print(analysed_line)
    if link_line:
        console.print(link_line, soft_wrap=True)
    if report.failed:
        raise typer.Exit(1)


def _analyse(store: DuckStore, keys: list[str]) -> str:
    """Run per-article extraction on the given keys (imported here: spaCy loads slowly)."""
    from claimgraph.extract.pipeline import analyse_keys

    return analyse_keys(store, keys)


def _link(store: DuckStore, full: bool = False) -> str:
    """Cross-article linking of what is not linked yet (imported here: the model loads slowly)."""
    from claimgraph.link.pipeline import link_store

    return link_store(store, full=full).line()


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _table(title: str | None, columns: tuple[str, ...], show_lines: bool = False) -> Table:
    """A table whose columns fold long values onto more lines instead of cutting them."""
    table = Table(title=title, show_lines=show_lines)
    for col in columns:
        table.add_column(col, overflow="fold")
    return table


def _article_dict(a: Any) -> dict[str, Any]:
    return {
        "key": a.key,
        "title": a.title,
        "url": a.url,
        "outlet": a.outlet,
        "published": a.published.isoformat() if a.published else None,
        "language": a.language,
        "status": a.status,
        "status_reason": a.status_reason,
        "version": a.version,
        "origin": a.origin,
        "chars": len(a.text),
    }


@app.command("articles")
def articles_cmd(
    db: DbOpt = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list instead of a table.")] = False,
) -> None:
    """List stored articles (current versions)."""
    store = _open(db, read_only=True)
    rows = [_article_dict(a) for a in store.iter_articles()]
    store.close()
    if as_json:
        _print_json(rows)
        return
    table = Table(title=f"{len(rows)} articles in {db}")
    for col in ("key", "published", "outlet", "title", "lang", "status", "v"):
        table.add_column(col, overflow="fold", no_wrap=col != "title")
    for r in rows:
        table.add_row(
            r["key"], r["published"] or "-", r["outlet"] or "-", (r["title"] or "-")[:70],
            r["language"] or "-", r["status"], str(r["version"]),
        )
    console.print(table)


@app.command("show")
def show_cmd(
    key: Annotated[str, typer.Argument(help="Article key.")],
    db: DbOpt = DEFAULT_DB,
    version: Annotated[int | None, typer.Option("--version", help="A stored earlier version.")] = None,
    raw: Annotated[bool, typer.Option("--raw", help="Print the original text as read.")] = False,
    annotate: Annotated[bool, typer.Option("--annotate", help="Mark each extraction in place.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show one article: metadata and cleaned text."""
    store = _open(db, read_only=True)
    art = store.get_article(key, version)
    if art is None:
        store.close()
        err.print(f"[red]error:[/red] no article with key {key!r}" + (f" version {version}" if version else ""))
        raise typer.Exit(1)
    versions = store.versions(key)
    extraction = store.get_extraction(key) if annotate else None
    store.close()
    if as_json:
        d = _article_dict(art)
        d["text"] = art.text
        d["versions"] = [v for v, _ in versions]
        _print_json(d)
        return
    meta = Table.grid(padding=(0, 2))
    for name, value in _article_dict(art).items():
        meta.add_row(f"[bold]{name}[/bold]", "-" if value is None else str(value))
    meta.add_row("[bold]versions[/bold]", ", ".join(str(v) for v, _ in versions))
    console.print(meta)
    console.print()
    if annotate:
        from claimgraph.extract.annotate import render_annotated

        if extraction is None:
            err.print("[yellow]this article has no extraction yet[/yellow]")
        else:
            console.print(render_annotated(art, extraction))
            return
    console.print(art.raw if raw else art.text, markup=False, highlight=False)


@app.command("errors")
def errors_cmd(
    db: DbOpt = DEFAULT_DB,
    all_runs: Annotated[bool, typer.Option("--all", help="Failures of every run, not only the last.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Inputs that failed in the last ingest run, each with its reason."""
    store = _open(db, read_only=True)
    run = store.last_run()
    failures = store.failures(None if all_runs or run is None else run.id)
    store.close()
    if as_json:
        sys.stdout.write(json.dumps([{"input": f.input, "reason": f.reason} for f in failures], indent=2) + "\n")
        return
    if not failures:
        console.print("no failed inputs" + ("" if all_runs else " in the last run"))
        return
    table = Table(title=f"{len(failures)} failed inputs")
    table.add_column("input", overflow="fold")
    table.add_column("reason", overflow="fold")
    for f in failures:
        table.add_row(f.input, f.reason)
    console.print(table)


def _gaz():  # type: ignore[no-untyped-def]
    from claimgraph.nlp.pipeline import gazetteer

    return gazetteer()


@app.command("timeline")
def timeline_cmd(
    db: DbOpt = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Events in date order, each once with all its sources; undated ones are placed by their article's date
    and marked, and conflicting dates for one event are shown."""
    from claimgraph.link.views import merged_timeline

    store = _open(db, read_only=True)
    entries = merged_timeline(store)
    store.close()
    if as_json:
        out = []
        for m in entries:
            out.append({
                "date": m.date, "placed_by_article_date": m.from_article_date, "type": m.type, "actors": m.actors,
                "articles": m.articles, "sources": m.sources, "independent_stories": m.independent,
                "date_conflicts": m.date_conflicts,
                "events": [dict(asdict(e), sentence=t) for e, t in zip(m.events, m.sentences, strict=True)],
            })
        _print_json(out)
        return
    table = _table(f"{len(entries)} events", ("date", "type", "actors", "weapon", "location", "certainty",
                                              "sources", "articles", "sentence"))
    for m in entries:
        ev = m.events[0]
        date = (m.date or "undated") + (" (article date)" if m.from_article_date else "")
        if m.date_conflicts:
            date += "\n[red]conflict:[/red] " + escape("; ".join(m.date_conflicts))
        table.add_row(date, m.type, ", ".join(m.actors), ev.weapon or "-", ev.location or "-",
                      ", ".join(sorted({e.certainty for e in m.events})), ", ".join(m.sources),
                      f"{len(m.articles)} ({m.independent} independent)\n" + "\n".join(m.articles),
                      escape(m.sentences[0][:160]))
    console.print(table)


@app.command("claims")
def claims_cmd(
    db: DbOpt = DEFAULT_DB,
    entity: Annotated[str | None, typer.Option("--entity", help="Claims that mention this entity.")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Claims made by this source.")] = None,
    certainty: Annotated[str | None, typer.Option("--certainty", help="Only this certainty.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Who claims what, and how sure they are."""
    from claimgraph.models import CERTAINTIES
    from claimgraph.query import claims

    if certainty and certainty not in CERTAINTIES:
        err.print(f"[red]error:[/red] --certainty must be one of {', '.join(CERTAINTIES)}")
        raise typer.Exit(2)
    store = _open(db, read_only=True)
    found = claims(store, _gaz(), entity=entity, source=source, certainty=certainty)
    store.close()
    if as_json:
        _print_json([asdict(c) for c in found])
        return
    table = _table(f"{len(found)} claims" + (f" about {entity}" if entity else ""),
                   ("source", "type", "certainty", "claim", "article", "offsets"))
    for c in found:
        table.add_row(c.source, c.source_type, c.certainty + (" (neg)" if c.polarity == "negative" else ""),
                      c.text[:200], c.article_key, f"{c.start}-{c.end}")
    console.print(table)


@app.command("entity")
def entity_cmd(
    name: Annotated[str, typer.Argument(help="Entity name or any alias, e.g. Hwasong-18 or Pyongyang.")],
    db: DbOpt = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Everything known about one entity: mentions, claims by and about it, events, figures."""
    from claimgraph.query import entity_profile

    store = _open(db, read_only=True)
    prof = entity_profile(store, _gaz(), name)
    store.close()
    if prof is None:
        err.print(f"[red]error:[/red] no entity named {name!r} in the packs or the store")
        raise typer.Exit(1)
    if as_json:
        _print_json(asdict(prof))
        return
    console.print(f"[bold]{prof.name}[/bold] ({prof.type or '?'}"
                  f"{', ' + prof.wikidata if prof.wikidata else ''}{'' if prof.known else ', provisional'})")
    if prof.aliases:
        console.print("also: " + ", ".join(prof.aliases), highlight=False)
    arts = sorted({m.article_key for m in prof.mentions})
    console.print(f"{len(prof.mentions)} mentions in {len(arts)} articles: {', '.join(arts)}")
    for title, rows in (("claims by", prof.claims_by), ("claims about", prof.claims_about)):
        console.print(f"\n[bold]{title} {prof.name}[/bold] ({len(rows)})")
        for c in rows:
            console.print(f"  {c.certainty:<11} {c.source}: {c.text[:150]}  [{c.article_key} {c.start}-{c.end}]",
                          markup=False, highlight=False)
    console.print(f"\n[bold]events[/bold] ({len(prof.events)})")
    for ev in prof.events:
        console.print(f"  {ev.date or 'undated':<10} {ev.type:<22} {', '.join(ev.actors)}  [{ev.article_key}]",
                      markup=False, highlight=False)
    console.print(f"\n[bold]figures[/bold] ({len(prof.quantities)})")
    for q in prof.quantities:
        rng = f"{q.value:g}" + (f"-{q.value_max:g}" if q.value_max is not None else "")
        console.print(f"  {rng} {q.unit} ({q.bound}) {q.counted or ''}  [{q.article_key} {q.start}-{q.end}]",
                      markup=False, highlight=False)


@app.command("eval")
def eval_cmd(
    gold: Annotated[Path, typer.Option("--gold", help="Gold file in the claimgraph-gold/1 format.")],
    corpus: Annotated[
        Path | None, typer.Option("--corpus", help="Folder of articles; key = file name without extension.")
    ] = None,
    db: Annotated[Path | None, typer.Option("--db", help="Score an existing store instead of a fresh one.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as one JSON object.")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="List each miss and each false alarm.")] = False,
) -> None:
    """Score the pipeline against a gold file: precision, recall and F1 per section."""
    from claimgraph.eval import GoldFormatError, render_explain, render_table
    from claimgraph.eval.run import run_eval

    if corpus is None and db is None:
        err.print("[red]error:[/red] give --corpus DIR (or --db FILE of an existing store)")
        raise typer.Exit(2)
    if corpus is not None and not corpus.is_dir():
        err.print(f"[red]error:[/red] {corpus}: not a folder of articles")
        raise typer.Exit(2)
    try:
        _gold, report, problems = run_eval(gold, corpus, db)
    except GoldFormatError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    except StoreError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    for line in problems:
        err.print(f"[red]failed:[/red] {line}")
    if as_json:
        sys.stdout.write(json.dumps(report.to_json(), indent=2) + "\n")
    else:
        render_table(report, console)
    if explain:
        render_explain(report, console)


@app.command("link")
def link_cmd(
    db: DbOpt = DEFAULT_DB,
    full: Annotated[bool, typer.Option("--full", help="Drop all links and link the whole store again.")] = False,
) -> None:
    """Link analysed articles across the store (only those not linked yet, unless --full)."""
    store = _open(db)
    try:
        console.print(_link(store, full=full), soft_wrap=True)
    finally:
        store.close()


@app.command("stories")
def stories_cmd(
    db: DbOpt = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Articles grouped into stories: the likely origin first, then its copies, rewrites and related reports."""
    from claimgraph.link.views import stories

    store = _open(db, read_only=True)
    found = stories(store)
    store.close()
    if as_json:
        _print_json([{"id": s.id, "members": [asdict(m) for m in s.members]} for s in found])
        return
    table = _table(f"{len(found)} stories", ("story", "role", "article", "published", "outlet", "title", "from"))
    for st in found:
        for m in st.members:
            table.add_row(st.id if m is st.members[0] else "", m.role, m.key, m.published or "-", m.outlet or "-",
                          escape((m.title or "-")[:60]), m.parent or "")
    console.print(table)


@app.command("story")
def story_cmd(
    ident: Annotated[str, typer.Argument(help="Story id (its origin's key) or any member's key.")],
    db: DbOpt = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    all_sentences: Annotated[bool, typer.Option("--all", help="Show unchanged sentence pairs too.")] = False,
) -> None:
    """One story's lineage: how each copy or rewrite departs from its origin, sentence by sentence."""
    from claimgraph.link.views import find_story, lineage

    store = _open(db, read_only=True)
    st = find_story(store, ident)
    if st is None:
        store.close()
        err.print(f"[red]error:[/red] {escape(ident)}: no such story or article in {db} (run `claimgraph link`?)")
        raise typer.Exit(1)
    lines = lineage(store, st)
    store.close()
    if as_json:
        _print_json({"id": st.id, "members": [asdict(m) for m in st.members],
                     "lineage": [{"article": ln.member.key, "role": ln.member.role, "against": ln.against,
                                  "changes": dict(ln.counts()), "pairs": [asdict(p) for p in ln.pairs]}
                                 for ln in lines]})
        return
    console.print(f"[bold]story {escape(st.id)}[/bold]: origin {escape(st.origin.key)} "
                  f"({st.origin.published or 'undated'}), {len(st.members)} articles", soft_wrap=True)
    for ln in lines:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(ln.counts().items())) or "no departures found"
        console.print(f"\n[bold]{escape(ln.member.key)}[/bold] ({ln.member.role} of {escape(ln.against)}): "
                      f"{counts}", soft_wrap=True)
        table = _table(None, ("origin sentence", "rewrite sentence", "sim", "departures"), show_lines=True)
        for p in ln.pairs:
            if not p.changes and not all_sentences:
                continue
            table.add_row(escape(p.origin_text or "-"), escape(p.rewrite_text or "-"), f"{p.similarity:.2f}",
                          escape("\n".join(f"{c.kind}: {c.detail}" for c in p.changes) or "-"))
        console.print(table)


@app.command("corroboration")
def corroboration_cmd(
    db: DbOpt = DEFAULT_DB,
    entity: Annotated[str | None, typer.Option("--entity", help="Only clusters about this entity.")] = None,
    min_articles: Annotated[int, typer.Option("--min-articles", help="Smallest cluster to list.")] = 2,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Claim clusters: one proposition across articles, its sources, independent count, first seen, certainty."""
    from claimgraph.link.views import corroboration

    store = _open(db, read_only=True)
    clusters = corroboration(store, min_articles=min_articles, entity=entity)
    store.close()
    if as_json:
        out = []
        for c in clusters:
            out.append({"id": c.id, "independent_sources": c.independent, "primary_sources": c.primary_sources,
                        "stories": c.relays, "first_seen": c.first_seen, "first_article": c.first_key,
                        "certainty": c.certainty,
                        "claims": [{"article_key": r.key, "claim_id": r.claim.id, "source": r.claim.source,
                                    "certainty": r.claim.certainty, "text": r.text, "sentence": r.sentence,
                                    "start": r.claim.start, "end": r.claim.end, "story": r.story}
                                   for r in c.claims]})
        _print_json(out)
        return
    table = _table(f"{len(clusters)} claim clusters",
                   ("claim", "independent", "primary sources", "stories", "first seen", "certainty"), show_lines=True)
    for c in clusters:
        text = "\n".join(f"{r.key}: {r.claim.source} — {r.text[:120]}" for r in c.claims[:4])
        if len(c.claims) > 4:
            text += f"\n... {len(c.claims) - 4} more"
        table.add_row(escape(text), str(c.independent), escape(", ".join(c.primary_sources) or "-"),
                      str(len(c.relays)), f"{c.first_seen or 'undated'}\n{c.first_key}",
                      ", ".join(f"{k} {v}" for k, v in sorted(c.certainty.items())))
    console.print(table)


@app.command("contradictions")
def contradictions_cmd(
    db: DbOpt = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Pairs of claims (or event dates) that cannot both hold, with both sides' sources and sentences."""
    from claimgraph.link.views import contradictions

    store = _open(db, read_only=True)
    found = contradictions(store)
    store.close()
    if as_json:
        _print_json([asdict(c) for c in found])
        return
    table = _table(f"{len(found)} contradictions", ("kind", "one side", "other side", "why"), show_lines=True)
    for c in found:
        table.add_row(c.kind, escape(f"{c.a.key} [{c.a.source}, {c.a.certainty}]\n{c.a.sentence[:200]}"),
                      escape(f"{c.b.key} [{c.b.source}, {c.b.certainty}]\n{c.b.sentence[:200]}"), escape(c.detail))
    console.print(table)


if __name__ == "__main__":  # pragma: no cover
    app()
