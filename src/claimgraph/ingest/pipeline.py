"""Ingest: find inputs, read them with the right reader, clean, store, report.

Each input is read and stored on its own; a bad input becomes a recorded failure and the
batch goes on. Articles are committed in small batches so a killed run loses at most the
batch in flight, and the next run (which skips unchanged content) finishes the job.
"""

from __future__ import annotations

import fnmatch
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from claimgraph.ingest.decode import decode_bytes
from claimgraph.ingest.errors import InputError
from claimgraph.ingest.feed import looks_like_feed, read_feed
from claimgraph.ingest.html import read_html
from claimgraph.ingest.jsonfmt import FieldMap, read_json, read_jsonl
from claimgraph.ingest.language import detect_language
from claimgraph.ingest.metadata import ArticleMeta, apply_metadata
from claimgraph.ingest.text import read_text
from claimgraph.ingest.warc import read_warc
from claimgraph.models import Article, InputFailure
from claimgraph.store.base import RunSummary, Store

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
TEXT_EXT = {".txt", ".text", ".md"}
HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
JSON_EXT = {".json"}
JSONL_EXT = {".jsonl", ".ndjson"}
WARC_EXT = {".warc", ".warc.gz", ".arc", ".arc.gz"}
FEED_EXT = {".rss", ".atom", ".xml", ".rdf"}
KNOWN_EXT = TEXT_EXT | HTML_EXT | JSON_EXT | JSONL_EXT | WARC_EXT | FEED_EXT


@dataclass
class IngestOptions:
    include: list[str] = field(default_factory=list)  # globs; empty = every file
    exclude: list[str] = field(default_factory=list)
    max_bytes: int = DEFAULT_MAX_BYTES
    fields: FieldMap = field(default_factory=FieldMap)
    timeout: float = 20.0
    batch_size: int = 25
    # Publication date and outlet per article key, supplied by the user (see ingest/metadata.py).
    metadata: dict[str, ArticleMeta] = field(default_factory=dict)


@dataclass
class IngestReport:
    run_id: int
    stored: int = 0
    unchanged: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    failures: list[InputFailure] = field(default_factory=list)
    not_analysed: list[Article] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.stored + self.unchanged + self.updated


@dataclass
class RawInput:
    origin: str  # path or URL, as the user will recognise it
    stem: str  # default article key: file name without its extension(s)
    suffix: str  # normalised extension, "" if none
    data: bytes


def _suffix(name: str) -> str:
    lower = name.lower()
    for ext in (".warc.gz", ".arc.gz"):
        if lower.endswith(ext):
            return ext
    return os.path.splitext(lower)[1]


def _stem(name: str) -> str:
    base = os.path.basename(name.rstrip("/")) or name
    suffix = _suffix(base)
    return base[: -len(suffix)] if suffix and base.lower().endswith(suffix) else base


def _selected(path: Path, root: Path, opts: IngestOptions) -> bool:
    rel = str(path.relative_to(root)) if path != root else path.name
    names = (rel, path.name)
    if opts.include and not any(fnmatch.fnmatch(n, g) for g in opts.include for n in names):
        return False
    return not any(fnmatch.fnmatch(n, g) for g in opts.exclude for n in names)


def _size(n: int) -> str:
    """A byte count as the user set it: MB, or bytes when under a tenth of a MB."""
    return f"{n / 1e6:,.2f} MB" if n >= 100_000 else f"{n:,} bytes"


def _read_file(path: Path, opts: IngestOptions) -> RawInput:
    origin = str(path)
    try:
        size = path.stat().st_size
        if size == 0:
            raise InputError(origin, "empty file")
        if size > opts.max_bytes:
            raise InputError(
                origin, f"file is {_size(size)}, over the {_size(opts.max_bytes)} limit (--max-size)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(origin, f"cannot read: {exc.strerror or exc}") from exc
    return RawInput(origin, _stem(path.name), _suffix(path.name), data)


def _fetch(url: str, opts: IngestOptions) -> RawInput:
    """Fetch a URL the user named explicitly; the only network access claimgraph makes."""
    req = urllib.request.Request(url, headers={"User-Agent": "claimgraph/0.1 (+offline-first news analysis)"})
    try:
        with urllib.request.urlopen(req, timeout=opts.timeout) as resp:
            data = resp.read(opts.max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise InputError(url, f"the server answered HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(url, f"no answer from the URL ({reason})") from exc
    if len(data) > opts.max_bytes:
        raise InputError(url, f"response is over the {_size(opts.max_bytes)} limit (--max-size)")
    if not data:
        raise InputError(url, "the URL returned an empty response")
    path = urllib.parse.urlparse(url).path
    return RawInput(url, _stem(path) or url, _suffix(path), data)


def iter_inputs(paths: list[str], opts: IngestOptions) -> Iterator[RawInput | InputError]:
    """Every input named on the command line, folders walked recursively in sorted order."""
    for p in paths:
        if p == "-":
            data = sys.stdin.buffer.read()
            yield RawInput("-", "stdin", "", data) if data else InputError("-", "empty standard input")
            continue
        if p.startswith(("http://", "https://")):
            try:
                yield _fetch(p, opts)
            except InputError as exc:
                yield exc
            continue
        path = Path(p)
        if not path.exists():
            yield InputError(p, "no such file or directory")
            continue
        if path.is_dir():
            for sub in sorted(x for x in path.rglob("*") if x.is_file()):
                if any(part.startswith(".") for part in sub.relative_to(path).parts):
                    continue
                if not _selected(sub, path, opts):
                    continue
                try:
                    yield _read_file(sub, opts)
                except InputError as exc:
                    yield exc
            continue
        try:
            yield _read_file(path, opts)
        except InputError as exc:
            yield exc


def _sniff(data: bytes, text: str | None) -> str:
    head = data[:64].lstrip()
    if head.startswith(b"WARC/") or head.startswith(b"\x1f\x8b"):
        return ".warc" if not head.startswith(b"\x1f\x8b") else ".warc.gz"
    if text is None:
        return ".txt"
    stripped = text.lstrip()[:1000].lower()
    if stripped.startswith("<") and looks_like_feed(text):
        return ".rss"
    if stripped.startswith("<") and ("<html" in stripped or "<!doctype html" in stripped or "<body" in stripped):
        return ".html"
    if stripped.startswith(("{", "[")):
        first = text.lstrip().split("\n", 1)[0].strip()
        return ".jsonl" if first.startswith("{") and first.endswith("}") and "\n{" in text else ".json"
    return ".txt"


def read_input(item: RawInput, opts: IngestOptions) -> Iterator[Article | InputError]:
    """Dispatch to the reader for the input's format (by extension, else by content)."""
    suffix = item.suffix if item.suffix in KNOWN_EXT else ""
    if suffix in WARC_EXT or (not suffix and _sniff(item.data, None).startswith(".warc")):
        yield from read_warc(item.data, item.origin)
        return
    text = decode_bytes(item.data, item.origin)
    if not text.strip():
        raise InputError(item.origin, "file holds only whitespace")
    kind = suffix or _sniff(item.data, text)
    if kind in FEED_EXT:
        if kind == ".xml" and not looks_like_feed(text):
            yield read_html(text, item.stem, item.origin)
        else:
            yield from read_feed(text, item.origin)
    elif kind in HTML_EXT:
        yield read_html(text, item.stem, item.origin)
    elif kind in JSONL_EXT:
        yield from read_jsonl(text, item.origin, item.stem, opts.fields)
    elif kind in JSON_EXT:
        yield from read_json(text, item.origin, item.stem, opts.fields)
    else:
        yield read_text(text, item.stem, item.origin)


def finish(article: Article) -> Article:
    """Language and analysis status: non-English articles are stored but marked."""
    article.language = detect_language(article.text)
    if article.language not in (None, "en"):
        article.status = "not_analysed"
        article.status_reason = f"language '{article.language}': only English is analysed"
    elif not article.text.strip():
        article.status = "not_analysed"
        article.status_reason = "no text"
    return article


ProgressFn = Callable[[int, str], None]


def ingest(
    paths: list[str],
    store: Store,
    opts: IngestOptions | None = None,
    progress: ProgressFn | None = None,
    command: str = "ingest",
) -> IngestReport:
    """Ingest every input; returns counts and failures (also recorded in the store)."""
    opts = opts or IngestOptions()
    run_id = store.start_run(command)
    report = IngestReport(run_id=run_id)
    seen: dict[str, str] = {}
    pending: list[Article] = []

    def fail(exc: InputError) -> None:
        f = InputFailure(exc.input, exc.reason)
        report.failures.append(f)
        report.failed += 1
        store.record_failure(run_id, f)

    def flush() -> None:
        if not pending:
            return
        with store.transaction():
            for art, result in zip(pending, store.put_articles(pending, run_id), strict=True):
                setattr(report, result, getattr(report, result) + 1)
                report.keys.append(art.key)
                if art.status == "not_analysed":
                    report.not_analysed.append(art)
        pending.clear()

    for item in iter_inputs(paths, opts):
        if isinstance(item, InputError):
            fail(item)
            continue
        try:
            for result in read_input(item, opts):
                if isinstance(result, InputError):
                    fail(result)
                    continue
                art = finish(apply_metadata(result, opts.metadata))
                if art.key in seen and seen[art.key] != art.origin:
                    # Two inputs with one key in a run: keep both, the second under its origin.
                    art.key = f"{art.key}@{art.origin}"
                seen[art.key] = art.origin
                pending.append(art)
                if progress:
                    progress(1, art.key)
                if len(pending) >= opts.batch_size:
                    flush()
        except InputError as exc:
            fail(exc)
        except RecursionError:
            fail(InputError(item.origin, "input is nested too deeply to parse"))
        except Exception as exc:  # a reader bug must not sink the batch; say what broke
            fail(InputError(item.origin, f"unexpected reader error: {type(exc).__name__}: {exc}"[:300]))
    flush()
    store.finish_run(
        RunSummary(run_id, started_at=None, finished_at=None, stored=report.stored,  # type: ignore[arg-type]
                   unchanged=report.unchanged, updated=report.updated, skipped=report.skipped,
                   failed=report.failed)
    )
    return report
