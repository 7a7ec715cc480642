"""HTML pages: trafilatura finds the main text and metadata, htmldate the publication date."""

from __future__ import annotations

import logging
from datetime import date

import htmldate
import trafilatura

from claimgraph.ingest.clean import clean_text
from claimgraph.ingest.errors import InputError
from claimgraph.models import Article

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def _parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def read_html(html: str, key: str | None, origin: str, url: str | None = None) -> Article:
    """One article from an HTML page, or :class:`InputError` when it has no main text.

    The stored ``raw`` is the main text as trafilatura extracted it (paragraphs on their
    own lines), which is what offsets refer back to.
    """
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception as exc:  # trafilatura raises many parser-specific errors on bad markup
        raise InputError(origin, f"HTML could not be parsed: {type(exc).__name__}") from exc
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise InputError(origin, "HTML page has no main text")
    title = (getattr(doc, "title", None) or "").strip() or None
    raw = body.replace("\n", "\n\n")
    skip: list[tuple[int, int]] = []
    first = raw.split("\n", 1)[0]
    if title and first.strip() == title:
        skip.append((0, len(first)))
    text, omap = clean_text(raw, skip)
    if not text.strip():
        raise InputError(origin, "HTML page has no main text after cleaning")
    try:
        found = htmldate.find_date(html, original_date=True, extensive_search=False, url=url)
    except Exception:  # htmldate is best effort; a missing date is not a failure
        found = None
    published = _parse_iso(found) or _parse_iso(getattr(doc, "date", None))
    page_url = getattr(doc, "url", None) or url
    return Article(
        key=key or page_url or origin,
        text=text,
        title=title,
        url=page_url,
        outlet=getattr(doc, "sitename", None) or getattr(doc, "hostname", None),
        published=published,
        origin=origin,
        raw=raw,
        offset_map=omap,
    )
