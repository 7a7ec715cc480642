"""Plain-text articles, including the seed convention of a ``date YYYY-MM-DD`` header."""

from __future__ import annotations

import re
from datetime import date

from claimgraph.ingest.clean import clean_text, is_boilerplate_line
from claimgraph.ingest.errors import InputError
from claimgraph.models import Article

_DATE_HEADER = re.compile(r"\A\s*date:?\s+(\d{4})-(\d{2})(?:-(\d{2}))?\b[ \t]*(?:\r?\n)?", re.IGNORECASE)
# "© 2024 Globe Echo. All Rights Reserved." names the outlet.
_COPYRIGHT_OUTLET = re.compile(
    r"^\s*(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*"
    r"(?P<name>[A-Z][\w&'.-]*(?:\s+[A-Z&][\w&'.-]*){0,5}?)\s*(?:[.,|]|\s+all rights reserved|$)",
    re.IGNORECASE | re.MULTILINE,
)


def parse_date_header(raw: str) -> tuple[date | None, int]:
    """Publication date from a leading ``date YYYY-MM-DD`` and where the body starts.

    A header with only a month (``date 2022-10``) is taken off the body but sets no date: a
    publication date is a day, and the first of the month would be a guess.
    """
    m = _DATE_HEADER.match(raw)
    if not m:
        return None, 0
    if not m[3]:
        return (None, m.end()) if 1 <= int(m[2]) <= 12 else (None, 0)
    try:
        return date(int(m[1]), int(m[2]), int(m[3])), m.end()
    except ValueError:
        return None, 0


def outlet_from_footer(raw: str) -> str | None:
    """The outlet named in a copyright footer, if the text ends with one."""
    tail = raw[-600:]
    found = None
    for m in _COPYRIGHT_OUTLET.finditer(tail):
        name = m["name"].strip(" .,")
        if name.lower() not in {"all", "the", "all rights reserved"}:
            found = name
    return found


def find_title(raw: str, start: int) -> tuple[str | None, tuple[int, int] | None]:
    """A title line: the first text line, short, unpunctuated, followed by a blank line.

    A line with no text after it is the body, not a title.
    """
    lines = list(re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", raw[start:]))
    for i, m in enumerate(lines):
        line = m.group().strip()
        if not line:
            continue
        if is_boilerplate_line(line):
            continue
        following = lines[i + 1].group().strip() if i + 1 < len(lines) else ""
        words = line.split()
        if (
            following == ""
            and i + 1 < len(lines)
            and 2 <= len(words) <= 25
            and not line.endswith((".", "!", "?", ",", ";", ":"))
            and any(later.group().strip() for later in lines[i + 2 :])
        ):
            return " ".join(words), (start + m.start(), start + m.end())
        return None, None
    return None, None


def read_text(raw: str, key: str, origin: str) -> Article:
    """One article from plain text; the key is given by the caller (the file stem).

    Raises :class:`InputError` when nothing but headers and boilerplate is left.
    """
    published, body_start = parse_date_header(raw)
    title, title_span = find_title(raw, body_start)
    skip = [(0, body_start)] if body_start else []
    if title_span:
        skip.append(title_span)
    text, omap = clean_text(raw, skip)
    if not text.strip():
        raise InputError(origin, "no article text: only a header, title or boilerplate lines")
    return Article(
        key=key,
        text=text,
        title=title,
        published=published,
        outlet=outlet_from_footer(raw),
        origin=origin,
        raw=raw,
        offset_map=omap,
    )
