"""Article metadata supplied beside the texts: a user's own list of publication dates and outlets.

Plain-text articles carry no reliable date, yet relative dates ("on Tuesday", "last month") and
the placing of undated statements depend on it. Analysts usually keep the date and outlet of
each clipping in a spreadsheet or a manifest; this reads such a file (a JSON object keyed by
article key, ``{"KEY": {"published": "2024-01-11", "outlet": "Reuters"}}``), which is also the
``articles`` section of a gold file, so ``eval`` ingests a corpus exactly as a user would.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from claimgraph.ingest.errors import InputError
from claimgraph.ingest.jsonfmt import parse_published
from claimgraph.models import Article


@dataclass(frozen=True)
class ArticleMeta:
    published: date | None = None
    outlet: str | None = None


def parse_metadata(raw: Any, origin: str) -> dict[str, ArticleMeta]:
    """Validate a key → {published, outlet} mapping; a bad entry names its key and the reason."""
    if not isinstance(raw, Mapping):
        raise InputError(origin, f"metadata must be a JSON object keyed by article key, got {type(raw).__name__}")
    out: dict[str, ArticleMeta] = {}
    for key, entry in raw.items():
        if not isinstance(entry, Mapping):
            raise InputError(origin, f"metadata for {key!r} must be an object, got {type(entry).__name__}")
        pub = entry.get("published")
        published = parse_published(pub)
        if pub not in (None, "") and published is None:
            raise InputError(origin, f"metadata for {key!r}: published date {pub!r} does not parse")
        outlet = entry.get("outlet")
        if outlet is not None and not isinstance(outlet, str):
            raise InputError(origin, f"metadata for {key!r}: outlet must be text")
        out[str(key)] = ArticleMeta(published, outlet or None)
    return out


def load_metadata(path: Path) -> dict[str, ArticleMeta]:
    """Read a metadata file; an unreadable or malformed file is one clear error."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(path), f"cannot read metadata: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"metadata is not valid JSON: {exc}") from exc
    return parse_metadata(raw, str(path))


def apply_metadata(article: Article, meta: Mapping[str, ArticleMeta]) -> Article:
    """Supplied values win over what was sniffed from the text: the user stated them."""
    m = meta.get(article.key)
    if m is not None:
        if m.published is not None:
            article.published = m.published
        if m.outlet:
            article.outlet = m.outlet
    return article
