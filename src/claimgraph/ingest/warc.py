"""WARC and WARC.gz archives: every HTML response record becomes an article."""

from __future__ import annotations

import io
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from claimgraph.ingest.decode import decode_bytes
from claimgraph.ingest.errors import InputError
from claimgraph.ingest.html import read_html
from claimgraph.models import Article


def read_warc(data: bytes, origin: str) -> Iterator[Article | InputError]:
    """Articles from the HTML responses; a truncated or broken record is reported and skipped."""
    count = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data), check_digests=False):
            if record.rec_type != "response":
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            rid = record.rec_headers.get_header("WARC-Record-ID") or f"record {count}"
            where = f"{origin}#{uri or rid}"
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            if "html" not in ctype.lower():
                continue
            count += 1
            try:
                payload = record.content_stream().read()
                declared = record.rec_headers.get_header("Content-Length")
                if not payload:
                    yield InputError(where, "WARC record has an empty payload")
                    continue
                html = decode_bytes(payload, where)
                yield read_html(html, uri or None, where, url=uri or None)
            except InputError as exc:
                yield exc
            except Exception as exc:  # a truncated gzip member or chunk surfaces here
                yield InputError(where, f"truncated or corrupt WARC record ({type(exc).__name__}; declared length {declared})")
    except ArchiveLoadFailed as exc:
        yield InputError(origin, f"not a readable WARC archive: {str(exc).splitlines()[0][:120]}")
    except (EOFError, OSError, ValueError) as exc:
        yield InputError(origin, f"truncated WARC archive after {count} HTML records ({type(exc).__name__})")
