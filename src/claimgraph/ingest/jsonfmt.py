"""JSON documents and JSON Lines: one article per object, with common field names."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import dateparser

from claimgraph.ingest.clean import clean_text
from claimgraph.ingest.errors import InputError
from claimgraph.ingest.html import read_html
from claimgraph.models import Article

DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "maintext", "full_text"),
    "html": ("html", "raw_html"),
    "title": ("title", "headline"),
    "url": ("url", "link", "canonical_url", "uri"),
    "published": ("published", "date", "published_at", "pubdate", "date_publish", "datePublished"),
    "outlet": ("outlet", "source", "site", "sitename", "publisher", "source_domain"),
    "key": ("key", "id", "guid", "uuid"),
}


@dataclass
class FieldMap:
    """Which JSON fields hold which article attribute; overridable from the CLI."""

    fields: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_FIELDS))

    @classmethod
    def parse(cls, overrides: list[str]) -> FieldMap:
        """``["text=story", "published=ts"]`` puts each named field first for its attribute."""
        fm = cls()
        for item in overrides:
            attr, sep, name = item.partition("=")
            if not sep or attr not in DEFAULT_FIELDS or not name:
                raise ValueError(
                    f"bad field mapping {item!r}: use ATTR=FIELD with ATTR one of {', '.join(DEFAULT_FIELDS)}"
                )
            fm.fields[attr] = (name, *fm.fields[attr])
        return fm

    def get(self, obj: Mapping[str, Any], attr: str) -> Any:
        for name in self.fields[attr]:
            value = obj.get(name)
            if isinstance(value, Mapping):  # {"source": {"name": "..."}}
                value = value.get("name") or value.get("title")
            if value not in (None, ""):
                return value
        return None


def parse_published(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, int | float):
        return None
    s = str(value).strip()
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        pass
    parsed = dateparser.parse(s, settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.date() if parsed else None


def article_from_object(obj: Any, origin: str, fallback_key: str, fm: FieldMap) -> Article:
    if not isinstance(obj, Mapping):
        raise InputError(origin, f"expected a JSON object, got {type(obj).__name__}")
    key = fm.get(obj, "key")
    url = fm.get(obj, "url")
    key = str(key) if key is not None else (str(url) if url else fallback_key)
    text = fm.get(obj, "text")
    html = fm.get(obj, "html")
    if not isinstance(text, str) or not text.strip():
        if isinstance(html, str) and html.strip():
            art = read_html(html, key, origin, url=str(url) if url else None)
        else:
            raise InputError(origin, "no text: none of the fields " + ", ".join(fm.fields["text"]) + " holds text")
    else:
        body, omap = clean_text(text)
        art = Article(key=key, text=body, raw=text, offset_map=omap, origin=origin)
    title = fm.get(obj, "title")
    outlet = fm.get(obj, "outlet")
    art.title = str(title).strip() if title else art.title
    art.url = str(url) if url else art.url
    art.outlet = str(outlet) if outlet else art.outlet
    art.published = parse_published(fm.get(obj, "published")) or art.published
    if not art.text.strip():
        raise InputError(origin, "no text left after cleaning")
    return art


def read_json(text: str, origin: str, stem: str, fm: FieldMap) -> Iterator[Article | InputError]:
    """A JSON document: one object, a list of objects, or ``{"articles": [...]}``."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(origin, f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
    except RecursionError as exc:
        raise InputError(origin, "JSON is nested too deeply to read") from exc
    if isinstance(data, Mapping) and isinstance(data.get("articles"), list):
        data = data["articles"]
    items = data if isinstance(data, list) else [data]
    for i, obj in enumerate(items):
        where = f"{origin}[{i}]" if isinstance(data, list) else origin
        try:
            yield article_from_object(obj, where, f"{stem}-{i}" if len(items) > 1 else stem, fm)
        except InputError as exc:
            yield exc


def read_jsonl(text: str, origin: str, stem: str, fm: FieldMap) -> Iterator[Article | InputError]:
    """JSON Lines: a bad line is reported with its line number; the others go on."""
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{origin}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"malformed JSON on line {lineno}: {exc.msg}")
            continue
        except RecursionError:
            yield InputError(where, f"JSON on line {lineno} is nested too deeply to read")
            continue
        try:
            yield article_from_object(obj, where, f"{stem}-{lineno}", fm)
        except InputError as exc:
            yield exc
