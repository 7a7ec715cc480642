"""RSS and Atom feeds (feedparser): each entry becomes an article."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, date, datetime

import feedparser
import lxml.html
from lxml import etree

from claimgraph.ingest.clean import clean_text
from claimgraph.ingest.errors import InputError
from claimgraph.models import Article


def _entry_date(entry: feedparser.FeedParserDict) -> date | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, name)  # plain lookup: skips feedparser's deprecated updated->published fallback
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=UTC).date()
            except (OverflowError, ValueError, OSError):  # e.g. a date past year 9999 once in UTC
                continue
    return None


def html_fragment_text(fragment: str) -> str:
    """Text of an entry's HTML fragment, one block per paragraph.

    trafilatura is built for whole pages and drops short fragments, so a feed summary is
    flattened with lxml instead.
    """
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = {"p", "div", "li", "h1", "h2", "h3", "h4", "blockquote", "tr"}
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in blocks:
            el.tail = "\n\n" + (el.tail or "")
    return str(root.text_content()).strip()


def looks_like_feed(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


def read_feed(data: bytes | str, origin: str) -> Iterator[Article | InputError]:
    """Entries with their full content when the feed carries it, else their summary."""
    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        exc = parsed.get("bozo_exception")
        yield InputError(origin, f"not a readable RSS/Atom feed: {str(exc)[:120] if exc else 'no entries'}")
        return
    outlet = parsed.feed.get("title") if parsed.get("feed") else None
    for i, entry in enumerate(parsed.entries):
        link = entry.get("link")
        key = entry.get("id") or link or f"{origin}#{i}"
        where = f"{origin}#{link or i}"
        body = ""
        if entry.get("content"):
            body = entry.content[0].get("value") or ""
        body = body or entry.get("summary") or ""  # feedparser may hold None for an empty element
        if not isinstance(body, str) or not body.strip():
            yield InputError(where, "feed entry has no text")
            continue
        try:
            raw = html_fragment_text(body) if "<" in body and ">" in body else body
        except (ValueError, etree.ParserError) as exc:
            yield InputError(where, f"feed entry markup could not be parsed: {exc}")
            continue
        text, omap = clean_text(raw)
        if not text.strip():
            yield InputError(where, "feed entry has no text after cleaning")
            continue
        art = Article(key=key, text=text, raw=raw, offset_map=omap, origin=where)
        art.title = entry.get("title") or art.title
        art.url = link or art.url
        art.outlet = outlet or art.outlet
        art.published = _entry_date(entry) or art.published
        yield art
