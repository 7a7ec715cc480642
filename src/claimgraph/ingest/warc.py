"""WARC and WARC.gz archives: every HTML response record becomes an article."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from claimgraph.ingest.decode import decode_bytes
from claimgraph.ingest.errors import InputError
from claimgraph.ingest.html import read_html
from claimgraph.models import Article


class _QuietArchiveIterator(ArchiveIterator):  # type: ignore[misc]
    """warcio prints a multi-line warning to stderr for a misaligned record; the failure is reported instead."""

    INC_RECORD = ""


def _missing_bytes(record: Any) -> int:
    """Read what is left of a record's block; the bytes its Content-Length promised but the file lacks.

    warcio stops quietly at the end of the file, so a record cut short by a truncated
    download would otherwise pass as a shorter, complete one.
    """
    stream = record.raw_stream
    while stream.read(65536):
        pass
    limit = getattr(stream, "limit", 0)
    return limit if isinstance(limit, int) and limit > 0 else 0


def read_warc(data: bytes, origin: str) -> Iterator[Article | InputError]:
    """Articles from the HTML responses; a truncated or broken record is reported and skipped."""
    count = 0
    end = 0  # where the last complete record ends in ``data``
    records = 0
    try:
        archive = _QuietArchiveIterator(io.BytesIO(data), check_digests=False)
        records_iter = iter(archive)
        while True:
            try:
                record = next(records_iter)
            except StopIteration:
                break
            except (ArchiveLoadFailed, EOFError, OSError, ValueError):
                raise
            except Exception as exc:  # warcio trips over headers cut short (e.g. no target URI)
                yield InputError(
                    f"{origin}@{end}", f"truncated or corrupt WARC record headers at byte {end} ({type(exc).__name__})"
                )
                return
            records += 1
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            rid = record.rec_headers.get_header("WARC-Record-ID") or f"record {records}"
            where = f"{origin}#{uri or rid}"
            declared = record.rec_headers.get_header("length" if record.format == "arc" else "Content-Length")
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            if not str(declared or "").strip().isdigit() or not record.rec_type:
                if records == 1:
                    yield InputError(origin, "not a readable WARC archive: the first record has no valid headers")
                else:
                    yield InputError(where, "truncated WARC record: its headers end before its type and length")
                return
            is_html = record.rec_type == "response" and "html" in ctype.lower()
            payload = b""
            try:
                if is_html:
                    count += 1
                    payload = record.content_stream().read()
                missing = _missing_bytes(record)
            except Exception as exc:  # a truncated gzip member or chunk surfaces here
                yield InputError(
                    where, f"truncated or corrupt WARC record ({type(exc).__name__}; declared length {declared})"
                )
                return
            if missing:
                yield InputError(where, f"truncated WARC record: {missing} of its {declared} bytes are missing")
                return
            end = archive.get_record_offset() + archive.get_record_length()
            if not is_html:
                continue
            if not payload:
                yield InputError(where, "WARC record has an empty payload")
                continue
            try:
                html = decode_bytes(payload, where)
                yield read_html(html, uri or None, where, url=uri or None)
            except InputError as exc:
                yield exc
    except ArchiveLoadFailed as exc:
        detail = str(exc).splitlines()[0][:120]
        if records:  # good records, then something that is not one: the archive was cut or corrupted
            yield InputError(f"{origin}@{end}", f"truncated or corrupt WARC record at byte {end}: {detail}")
        else:
            yield InputError(origin, f"not a readable WARC archive: {detail}")
        return
    except (EOFError, OSError, ValueError) as exc:
        yield InputError(origin, f"truncated WARC archive after {count} HTML records ({type(exc).__name__})")
        return
    if records and data[end:].strip(b"\r\n \t"):
        yield InputError(
            f"{origin}@{end}", f"truncated WARC record: the archive ends inside a record's headers at byte {end}"
        )
    elif not records and data.strip():
        yield InputError(origin, "not a readable WARC archive: no complete record")
