"""The ``claimgraph`` command: a thin layer over the library functions."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

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
err = Console(stderr=True, soft_wrap=True)  # one error, one line: never folded to the terminal width

DbOpt = Annotated[Path, typer.Option("--db", help="The store file (DuckDB).", envvar="CLAIMGRAPH_DB")]
DEFAULT_DB = Path("claimgraph.duckdb")


def _open(db: Path, read_only: bool = False) -> DuckStore:
    try:
        return open_store(db, read_only=read_only)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from exc


def _open_nonempty(db: Path) -> DuckStore:
    """The store, read-only, for a command that reads what was found: an empty one is an error."""
    store = _open(db, read_only=True)
    if store.count_articles() == 0:
        store.close()
        err.print(f"[red]error:[/red] {db}: the store holds no articles; run `claimgraph ingest` first")
        raise typer.Exit(1)
    return store


def _known(store: DuckStore, *names: str | None) -> None:
    """An entity filter naming something neither the packs nor the store know is a typo, not a
    question with no answer: say so instead of printing an empty list."""
    from claimgraph import read

    for name in names:
        if name and not read.known_entity(store, name, gaz=_gaz()):
            store.close()
            err.print(f"[red]error:[/red] no entity named {escape(name)!r} in the packs or the store")
            raise typer.Exit(1)


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
    """Print read-layer records (or plain values) as JSON: exactly the records, nothing added."""
    from claimgraph.read import to_json

    sys.stdout.write(json.dumps(to_json(data), indent=2, ensure_ascii=False) + "\n")


# Options every listing shares.
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the records as JSON (see read/schema.json).")]
WideOpt = Annotated[bool, typer.Option("--wide", help="Print whole sentences instead of cutting them.")]
SinceOpt = Annotated[str | None, typer.Option("--since", help="Only from this date on (YYYY-MM-DD).")]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Only up to this date (YYYY-MM-DD).")]


def _date_opt(name: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        err.print(f"[red]error:[/red] {name} {escape(value)!r} is not a date (YYYY-MM-DD)", soft_wrap=True)
        raise typer.Exit(2) from None


class _Lines:
    """Output for a person: each record on one line, its sentence cut to the terminal width
    below it (whole with ``--wide``); paged when it is longer than the terminal."""

    def __init__(self, wide: bool) -> None:
        self.wide = wide
        self.rows: list[Text] = []

    def _add(self, line: Text) -> None:
        if not self.wide:
            line.truncate(max(20, console.width), overflow="ellipsis")
        self.rows.append(line)

    def head(self, markup: str) -> None:
        self._add(Text.from_markup(markup))

    def text(self, text: str, indent: int = 4, prefix: str = "") -> None:
        self._add(Text(" " * indent + prefix + " ".join(text.split())))

    def blank(self) -> None:
        self.rows.append(Text())

    def show(self) -> None:
        if console.is_terminal and len(self.rows) > console.height:
            with console.pager(styles=True):
                self._print()
        else:
            self._print()

    def _print(self) -> None:
        for row in self.rows:
            console.print(row, soft_wrap=True, highlight=False)


@app.command("articles")
def articles_cmd(
    db: DbOpt = DEFAULT_DB,
    as_json: JsonOpt = False,
    since: SinceOpt = None,
    until: UntilOpt = None,
) -> None:
    """List stored articles (current versions)."""
    from claimgraph import read

    start, stop = _date_opt("--since", since), _date_opt("--until", until)
    store = _open(db, read_only=True)
    rows = read.articles(store, since=start, until=stop)
    store.close()
    if as_json:
        _print_json(rows)
        return
    table = Table(title=f"{len(rows)} articles in {db}")
    for col in ("key", "published", "outlet", "title", "lang", "status", "v"):
        table.add_column(col, overflow="ellipsis", no_wrap=True)
    for r in rows:
        table.add_row(
            r.key, r.published or "-", r.outlet or "-", (r.title or "-")[:70],
            r.language or "-", r.status, str(r.version),
        )
    console.print(table)


@app.command("show")
def show_cmd(
    key: Annotated[str, typer.Argument(help="Article key.")],
    db: DbOpt = DEFAULT_DB,
    version: Annotated[int | None, typer.Option("--version", help="A stored earlier version.")] = None,
    raw: Annotated[bool, typer.Option("--raw", help="Print the original text as read.")] = False,
    annotate: Annotated[bool, typer.Option("--annotate", help="Mark each extraction in place.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Show one article: metadata and cleaned text."""
    from claimgraph import read

    store = _open(db, read_only=True)
    rec = read.article(store, key, version)
    if rec is None:
        store.close()
        err.print(f"[red]error:[/red] no article with key {key!r}" + (f" version {version}" if version else ""))
        raise typer.Exit(1)
    art = store.get_article(key, version) if raw or annotate else None
    extraction = store.get_extraction(key) if annotate else None
    store.close()
    if as_json:
        _print_json(rec)
        return
    meta = Table.grid(padding=(0, 2))
    for name, value in asdict(rec).items():
        if name in ("text", "versions"):
            continue
        meta.add_row(f"[bold]{name}[/bold]", "-" if value is None else escape(str(value)))
    meta.add_row("[bold]versions[/bold]", ", ".join(str(v) for v in rec.versions))
    console.print(meta)
    console.print()
    if annotate and art is not None:
        from claimgraph.extract.annotate import render_annotated

        if extraction is None:
            err.print("[yellow]this article has no extraction yet[/yellow]")
        else:
            console.print(render_annotated(art, extraction))
            return
    console.print(art.raw if raw and art is not None else rec.text, markup=False, highlight=False)


@app.command("errors")
def errors_cmd(
    db: DbOpt = DEFAULT_DB,
    all_runs: Annotated[bool, typer.Option("--all", help="Failures of every run, not only the last.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Inputs that failed in the last ingest run, each with its reason."""
    from claimgraph import read

    store = _open(db, read_only=True)
    failures = read.failures(store, all_runs=all_runs)
    store.close()
    if as_json:
        _print_json(failures)
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
    entity: Annotated[str | None, typer.Option("--entity", help="Events this entity takes part in.")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="Only this event type.")] = None,
    certainty: Annotated[str | None, typer.Option("--certainty", help="Only this certainty.")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    as_json: JsonOpt = False,
    wide: WideOpt = False,
) -> None:
    """Events in date order, each once with all its sources; undated ones are placed by their article's date
    and marked, and conflicting dates for one event are shown."""
    from claimgraph import read
    from claimgraph.models import EVENT_TYPES

    _check_choice("--certainty", certainty)
    if event_type and event_type not in EVENT_TYPES:
        err.print(f"[red]error:[/red] --type must be one of {', '.join(EVENT_TYPES)}", soft_wrap=True)
        raise typer.Exit(2)
    start, stop = _date_opt("--since", since), _date_opt("--until", until)
    store = _open_nonempty(db)
    _known(store, entity)
    entries = read.timeline(store, entity=entity, type=event_type, certainty=certainty, since=start, until=stop,
                            gaz=_gaz() if entity else None)
    store.close()
    if as_json:
        _print_json(entries)
        return
    out = _Lines(wide)
    out.head(f"[bold]{len(entries)} events[/bold]")
    for m in entries:
        ev = m.events[0]
        date_s = (m.date or "undated") + (" (article date)" if m.placed_by_article_date else "")
        extra = "".join(f" · {label} {v}" for label, v in (("with", ev.weapon), ("in", ev.location)) if v)
        certs = ", ".join(sorted({e.certainty for e in m.events}))
        out.head(f"[bold]{escape(date_s)}[/bold]  {m.type}  {escape(', '.join(m.actors) or '-')}{escape(extra)}"
                 f" · {certs} · {len(m.articles)} articles ({m.independent_stories} independent)"
                 f" · {escape(', '.join(m.sources))}")
        for conflict in m.date_conflicts:
            out.head("    [red]conflict:[/red] " + escape(conflict))
        out.text(ev.sentence, prefix=f"{ev.article_key}: ")
    out.show()


def _check_choice(name: str, certainty: str | None) -> None:
    from claimgraph.models import CERTAINTIES

    if certainty and certainty not in CERTAINTIES:
        err.print(f"[red]error:[/red] {name} must be one of {', '.join(CERTAINTIES)}")
        raise typer.Exit(2)


@app.command("claims")
def claims_cmd(
    db: DbOpt = DEFAULT_DB,
    entity: Annotated[str | None, typer.Option("--entity", help="Claims that mention this entity.")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Claims made by this source.")] = None,
    certainty: Annotated[str | None, typer.Option("--certainty", help="Only this certainty.")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    as_json: JsonOpt = False,
    wide: WideOpt = False,
) -> None:
    """Who claims what, and how sure they are."""
    from claimgraph import read

    _check_choice("--certainty", certainty)
    start, stop = _date_opt("--since", since), _date_opt("--until", until)
    store = _open_nonempty(db)
    _known(store, entity, source)
    found = read.claims(store, entity=entity, source=source, certainty=certainty, since=start, until=stop,
                        gaz=_gaz())
    store.close()
    if as_json:
        _print_json(found)
        return
    out = _Lines(wide)
    out.head(f"[bold]{len(found)} claims" + (f" about {escape(entity)}" if entity else "") + "[/bold]")
    for c in found:
        neg = " (negative)" if c.polarity == "negative" else ""
        out.head(f"[bold]{escape(c.source)}[/bold] ({c.source_type}) · {c.certainty}{neg}"
                 f" · {escape(c.article_key)} {c.start}-{c.end}")
        out.text(c.text)
    out.show()


@app.command("entity")
def entity_cmd(
    name: Annotated[str, typer.Argument(help="Entity name or any alias, e.g. Hwasong-18 or Pyongyang.")],
    db: DbOpt = DEFAULT_DB,
    as_json: JsonOpt = False,
    wide: WideOpt = False,
) -> None:
    """Everything known about one entity: mentions, claims by and about it, events, figures."""
    from claimgraph import read

    store = _open_nonempty(db)
    prof = read.entity(store, name, gaz=_gaz())
    store.close()
    if prof is None:
        err.print(f"[red]error:[/red] no entity named {name!r} in the packs or the store")
        raise typer.Exit(1)
    if as_json:
        _print_json(prof)
        return
    out = _Lines(wide)
    out.head(f"[bold]{escape(prof.name)}[/bold] ({prof.type or '?'}"
             f"{', ' + prof.wikidata if prof.wikidata else ''}{'' if prof.known else ', provisional'})")
    if prof.aliases:
        out.text("also: " + ", ".join(prof.aliases), indent=0)
    arts = sorted({m.article_key for m in prof.mentions})
    out.text(f"{len(prof.mentions)} mentions in {len(arts)} articles: {', '.join(arts)}", indent=0)
    for title, rows in (("claims by", prof.claims_by), ("claims about", prof.claims_about)):
        out.blank()
        out.head(f"[bold]{title} {escape(prof.name)}[/bold] ({len(rows)})")
        for c in rows:
            where = f"[{c.article_key} {c.start}-{c.end}] "
            out.text(f"{c.source}: {c.text}", indent=2, prefix=f"{c.certainty:<11} {where}")
    out.blank()
    out.head(f"[bold]events[/bold] ({len(prof.events)})")
    for ev in prof.events:
        out.text(f"{ev.date or 'undated':<10} {ev.type:<22} {', '.join(ev.actors)}  [{ev.article_key}]", indent=2)
    out.blank()
    out.head(f"[bold]figures[/bold] ({len(prof.quantities)})")
    for q in prof.quantities:
        rng = f"{q.value:g}" + (f"-{q.value_max:g}" if q.value_max is not None else "")
        out.text(f"{rng} {q.unit} ({q.bound}) {q.counted or ''}  [{q.article_key} {q.start}-{q.end}]", indent=2)
    out.show()


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
    as_json: JsonOpt = False,
    wide: WideOpt = False,
) -> None:
    """Articles grouped into stories: the likely origin first, then its copies, rewrites and related reports."""
    from claimgraph import read

    store = _open_nonempty(db)
    found = read.stories(store)
    store.close()
    if as_json:
        _print_json(found)
        return
    out = _Lines(wide)
    out.head(f"[bold]{len(found)} stories[/bold]")
    for st in found:
        n = len(st.members)
        out.head(f"[bold]story {escape(st.id)}[/bold] ({n} article{'' if n == 1 else 's'})")
        for m in st.members:
            parent = f" {'to' if m.role == 'related' else 'of'} {m.parent}" if m.parent else ""
            out.text(f"{m.title or '-'}", indent=2,
                     prefix=f"{m.role}{parent} · {m.key} · {m.published or 'undated'} · {m.outlet or '-'} · ")
    out.show()


@app.command("story")
def story_cmd(
    ident: Annotated[str, typer.Argument(help="Story id (its origin's key) or any member's key.")],
    db: DbOpt = DEFAULT_DB,
    as_json: JsonOpt = False,
    all_sentences: Annotated[bool, typer.Option("--all", help="Show unchanged sentence pairs too.")] = False,
    wide: WideOpt = False,
) -> None:
    """One story's lineage: how each copy or rewrite departs from its origin, sentence by sentence."""
    from claimgraph import read

    store = _open(db, read_only=True)
    st = read.story(store, ident)
    store.close()
    if st is None:
        err.print(f"[red]error:[/red] {escape(ident)}: no such story or article in {db} (run `claimgraph link`?)")
        raise typer.Exit(1)
    if as_json:
        _print_json(st)
        return
    origin = st.members[0]
    out = _Lines(wide)
    out.head(f"[bold]story {escape(st.id)}[/bold]: origin {escape(origin.key)} "
             f"({origin.published or 'undated'}), {len(st.members)} articles")
    for ln in st.lineage:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(ln.changes.items())) or "no departures found"
        out.blank()
        out.head(f"[bold]{escape(ln.article)}[/bold] ({ln.role} of {escape(ln.against)}): {counts}")
        for p in ln.pairs:
            if not p.changes and not all_sentences:
                continue
            out.text(p.origin_text or "-", prefix=f"origin ({p.similarity:.2f}): ")
            out.text(p.rewrite_text or "-", prefix="rewrite:       ")
            for c in p.changes:
                out.text(c.detail, indent=6, prefix=f"{c.kind}: ")
    out.show()


@app.command("corroboration")
def corroboration_cmd(
    db: DbOpt = DEFAULT_DB,
    entity: Annotated[str | None, typer.Option("--entity", help="Only clusters about this entity.")] = None,
    min_articles: Annotated[int, typer.Option("--min-articles", help="Smallest cluster to list.")] = 2,
    as_json: JsonOpt = False,
    wide: WideOpt = False,
) -> None:
    """Claim clusters: one proposition across articles, its sources, independent count, first seen, certainty."""
    from claimgraph import read

    store = _open_nonempty(db)
    _known(store, entity)
    clusters = read.claim_clusters(store, min_articles=min_articles, entity=entity)
    store.close()
    if as_json:
        _print_json(clusters)
        return
    out = _Lines(wide)
    out.head(f"[bold]{len(clusters)} claim clusters[/bold]")
    for c in clusters:
        certs = ", ".join(f"{k} {v}" for k, v in sorted(c.certainty.items()))
        out.head(f"[bold]#{c.id}[/bold] {c.independent_sources} independent · primary sources: "
                 f"{escape(', '.join(c.primary_sources) or '-')} · {len(c.stories)} stories · first seen "
                 f"{c.first_seen or 'undated'} in {escape(c.first_article)} · {certs}")
        for r in c.claims[:4] if not wide else c.claims:
            out.text(r.text, prefix=f"{r.article_key} · {r.source}: ")
        if not wide and len(c.claims) > 4:
            out.text(f"... {len(c.claims) - 4} more (--wide lists them)")
    out.show()


@app.command("contradictions")
def contradictions_cmd(
    db: DbOpt = DEFAULT_DB,
    kind: Annotated[str | None, typer.Option("--kind", help="Only this kind (denial, number, date, ...).")] = None,
    entity: Annotated[str | None, typer.Option("--entity", help="Only those a side of which is by or about it.")]
    = None,
    as_json: JsonOpt = False,
    wide: WideOpt = False,
) -> None:
    """Pairs of claims (or event dates) that cannot both hold, with both sides' sources and sentences."""
    from claimgraph import read

    store = _open_nonempty(db)
    _known(store, entity)
    found = read.contradictions(store, kind=kind, entity=entity, gaz=_gaz() if entity else None)
    store.close()
    if as_json:
        _print_json(found)
        return
    out = _Lines(wide)
    out.head(f"[bold]{len(found)} contradictions[/bold]")
    for c in found:
        out.head(f"[bold]{c.kind}[/bold]: {escape(c.detail)}")
        for label, side in (("one side", c.a), ("other side", c.b)):
            out.text(side.sentence, prefix=f"{label} · {side.key} [{side.source}, {side.certainty}]: ")
    out.show()


def _picture(db: Path, entity: str | None, since: str | None,
             more: Callable[[DuckStore, Any], Any] | None = None) -> tuple[Any, Any]:
    """The read layer's picture for export and report (and ``more(store, picture)``, read while
    the store is open); an empty store and an unknown entity are one-line errors."""
    from claimgraph import read

    start = _date_opt("--since", since)
    store = _open_nonempty(db)
    try:
        pic = read.picture(store, entity=entity, since=start, gaz=_gaz())
        return pic, (more(store, pic) if more else None)
    except read.UnknownEntity as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from exc
    finally:
        store.close()


def _briefing_extras(store: DuckStore, pic: Any) -> tuple[list[Any], dict[str, str]]:
    """What the report needs beyond the picture: the lineage of each story with rewrites, and
    the articles' texts (for the footnotes' sentences)."""
    from claimgraph import read

    lineages = [st for st in (read.story(store, s.id) for s in pic.stories if len(s.members) > 1) if st]
    texts = {a.key: d.text for a in pic.articles if (d := read.article(store, a.key)) is not None}
    return lineages, texts


@app.command("export")
def export_cmd(
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, csv, graphml, stix or ftm.")],
    out: Annotated[Path, typer.Option("--output", "-o", help="File to write (csv: a folder, or a .zip).")],
    db: DbOpt = DEFAULT_DB,
    entity: Annotated[str | None, typer.Option("--entity", help="Only what is about or by this entity.")] = None,
    since: SinceOpt = None,
) -> None:
    """Write what claimgraph found in a format other tools load (with provenance offsets)."""
    from claimgraph.export import EXPORTERS, ExportError, export

    if fmt not in EXPORTERS:
        err.print(f"[red]error:[/red] unknown format {escape(fmt)!r}; choose one of {', '.join(EXPORTERS)}")
        raise typer.Exit(2)
    pic, _ = _picture(db, entity, since)
    try:
        path = export(pic, fmt, out)
    except ExportError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from exc
    console.print(f"wrote {path} ({fmt}): {len(pic.articles)} articles, {len(pic.entities)} entities, "
                  f"{len(pic.claims)} claims, {len(pic.events)} events, {len(pic.contradictions)} contradictions",
                  soft_wrap=True, highlight=False)


@app.command("report")
def report_cmd(
    out: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="html (one self-contained file) or md.")] = "html",
    db: DbOpt = DEFAULT_DB,
    entity: Annotated[str | None, typer.Option("--entity", help="Only what is about or by this entity.")] = None,
    since: SinceOpt = None,
) -> None:
    """A briefing to hand to a colleague: key judgments, timeline, actor network, contested points,
    rewrites and sources, each statement footnoted to its article and sentence."""
    from claimgraph import report

    if fmt not in report.FORMATS:
        err.print(f"[red]error:[/red] unknown format {escape(fmt)!r}; choose one of {', '.join(report.FORMATS)}")
        raise typer.Exit(2)
    pic, (lineages, texts) = _picture(db, entity, since, _briefing_extras)
    try:
        path = report.write(report.build(pic, lineages, texts), fmt, out)
    except report.ReportError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from exc
    console.print(f"wrote {path} ({fmt}): {len(pic.articles)} articles, {len(pic.claim_clusters)} claim clusters, "
                  f"{len(pic.timeline)} events, {len(pic.contradictions)} contradictions", soft_wrap=True,
                  highlight=False)


@app.command("serve")
def serve_cmd(
    db: DbOpt = DEFAULT_DB,
    host: Annotated[str, typer.Option("--host", help="Address to listen on (only this machine by default).")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)] = 8000,
) -> None:
    """Explore the picture in a browser: overview, timeline, entities, claim clusters, stories,
    articles with every extraction marked, search, and a JSON API (/api/openapi.json)."""
    from claimgraph.web.app import serve

    if not db.exists():
        err.print(f"[red]error:[/red] {db}: no such store; run `claimgraph ingest` first")
        raise typer.Exit(2)
    console.print(f"claimgraph serving {db} on http://{host}:{port}/ (read-only; Ctrl-C stops)", soft_wrap=True)
    serve(db, host=host, port=port)


if __name__ == "__main__":  # pragma: no cover
    app()
