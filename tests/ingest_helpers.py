"""Shared helpers for the ingest and store tests: fixture paths, the CLI, WARC building."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterable
from pathlib import Path

from click.testing import Result
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimgraph.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def fixture(name: str) -> Path:
    return FIXTURES / name


def copy_fixtures(dest: Path, *names: str) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(FIXTURES / name, dest / name)
    return dest


def cli(*args: str | Path, input: str | bytes | None = None) -> Result:
    """Run ``claimgraph ARGS`` in-process; stdout and stderr stay separate."""
    return CliRunner().invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)


def failed_lines(result: Result) -> list[str]:
    return [ln for ln in result.stderr.splitlines() if ln.startswith("failed:")]


def errors_json(db: Path) -> list[dict[str, str]]:
    import json

    res = cli("errors", "--db", db, "--json")
    assert res.exit_code == 0, res.output
    data: list[dict[str, str]] = json.loads(res.stdout)
    return data


def build_warc(
    pages: Iterable[tuple[str, bytes]],
    gzip: bool = False,
    content_type: str = "text/html; charset=utf-8",
    extra: Iterable[tuple[str, str, bytes]] = (),
) -> tuple[bytes, list[int]]:
    """A WARC (or WARC.gz) with one response record per ``(uri, body)`` page.

    ``extra`` adds non-HTML records as ``(uri, content_type, body)`` responses.
    Returns the bytes and the offset where each page's record starts.
    """
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    offsets: list[int] = []
    info = writer.create_warcinfo_record("test.warc", {"software": "claimgraph tests"})
    writer.write_record(info)
    for uri, ctype, body in extra:
        hh = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=hh))
    for uri, body in pages:
        offsets.append(buf.tell())
        hh = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=hh))
    return buf.getvalue(), offsets
