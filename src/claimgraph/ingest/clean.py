"""Clean article text for reading and analysis while keeping every offset traceable.

trafilatura removes page chrome from HTML, but plain text, JSON bodies and feed entries
arrive with the leftovers of the page they were cut from: comment prompts, share and
subscribe lines, copyright footers, breadcrumbs and widget labels. No library cleans
such leftovers from plain text *and* reports where each kept character came from, so this
is hand-written: line-level rules decide what to drop, and a builder records
``(clean_start, raw_start, length)`` runs so offsets in the cleaned text map back to the
stored original (:class:`claimgraph.models.OffsetMap`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import resources

from claimgraph.models import OffsetMap

# One-for-one character replacements keep offsets aligned.
_CHAR_MAP = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\t": " ",
}
_DROP_CHARS = {"\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad"}


def _load_patterns() -> list[re.Pattern[str]]:
    text = resources.files("claimgraph.ingest").joinpath("boilerplate.txt").read_text("utf-8")
    lines = [ln.strip() for ln in text.splitlines()]
    return [re.compile(rf"^(?:{ln})$", re.IGNORECASE) for ln in lines if ln and not ln.startswith("#")]


BOILERPLATE = _load_patterns()

# Words that make up widget labels and navigation bars ("Weather  Live Markets").
_CHROME_WORDS = frozenset(
    """home menu search weather live markets market smiley face login log in sign up
    register subscribe subscription newsletter account my share tweet email print
    facebook twitter x linkedin whatsapp telegram reddit pinterest instagram youtube
    skip to content main navigation toggle close open more news latest trending
    video videos podcasts podcast sections topics world business sport sports
    opinion lifestyle entertainment tech technology science health politics contact
    us about advertise advertisement sponsored privacy policy terms cookies cookie
    settings accept all edition english comments comment breaking photos photo
    gallery games puzzles crossword horoscope classifieds jobs the a and of in to for
    on by with""".split()
)
_WORD = re.compile(r"[A-Za-z]+")


def is_boilerplate_line(line: str) -> bool:
    """True for a whole line that is site furniture rather than article text."""
    stripped = " ".join(line.split()).strip(" |>•·-–—")
    if not stripped:
        return False
    if any(p.match(stripped) for p in BOILERPLATE):
        return True
    return is_chrome_line(stripped)


def is_chrome_line(line: str) -> bool:
    """A short, unpunctuated line made only of widget and navigation words."""
    if len(line) > 80 or line.rstrip().endswith((".", "?", "!", ":", '"')):
        return False
    words = _WORD.findall(line.lower())
    if not words or len(words) > 10:
        return False
    # Lines of navigation separators ("Home > World > Asia") are crumbs whatever the words.
    if re.search(r"\S\s*[>»|/]\s*\S.*[>»|/]", line) and len(words) <= 8:
        return True
    return all(w in _CHROME_WORDS for w in words) and any(
        w not in {"the", "a", "and", "of", "in", "to", "for", "on", "by", "with"} for w in words
    )


class _Builder:
    """Accumulates cleaned text and the runs that map it back to the raw text."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.segments: list[list[int]] = []
        self.pos = 0

    def copy(self, raw_start: int, s: str) -> None:
        if not s:
            return
        last = self.segments[-1] if self.segments else None
        if last and last[0] + last[2] == self.pos and last[1] + last[2] == raw_start:
            last[2] += len(s)
        else:
            self.segments.append([self.pos, raw_start, len(s)])
        self.parts.append(s)
        self.pos += len(s)

    def insert(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)

    def result(self) -> tuple[str, OffsetMap]:
        return "".join(self.parts), OffsetMap(tuple((a, b, c) for a, b, c in self.segments))


# A line is read as runs: whitespace (collapsed to one space), characters to drop, and
# words joined by single spaces (copied whole, with quotes normalised one-for-one).
_DROP_CLASS = "".join(sorted(_DROP_CHARS))
_TOKENS = re.compile(rf"(\s+)|([{_DROP_CLASS}]+)|([^\s{_DROP_CLASS}]+(?: [^\s{_DROP_CLASS}]+)*)")
_TRANSLATE = str.maketrans(_CHAR_MAP)
_DROP_TABLE = str.maketrans(dict.fromkeys(_DROP_CHARS))


def _emit_line(b: _Builder, raw: str, start: int, end: int) -> None:
    """Copy one line, collapsing whitespace runs and normalising quotes one-for-one."""
    pending_space = False
    for m in _TOKENS.finditer(raw, start, end):
        if m.group(1) is not None:
            pending_space = True
            continue
        if m.group(2) is not None:
            continue
        i = m.start()
        if pending_space and b.pos > 0 and not b.parts[-1].endswith(("\n", " ")):
            b.copy(i - 1, " ") if raw[i - 1] == " " else b.insert(" ")
        pending_space = False
        run = m.group(3)
        # the only ASCII key of _CHAR_MAP is tab, which is whitespace and never inside a run
        b.copy(i, run if run.isascii() else run.translate(_TRANSLATE))


def _lines(raw: str) -> Iterable[tuple[int, int]]:
    start = 0
    for m in re.finditer(r"\r\n|\r|\n", raw):
        yield start, m.start()
        start = m.end()
    yield start, len(raw)


def clean_text(raw: str, skip: Iterable[tuple[int, int]] = ()) -> tuple[str, OffsetMap]:
    """Cleaned text and its offset map; ``skip`` lists raw ranges already consumed (headers)."""
    skips = sorted(skip)
    b = _Builder()
    blank_run = 0
    for start, end in _lines(raw):
        # Cut out skipped ranges that fall inside this line.
        pieces: list[tuple[int, int]] = []
        cur = start
        for s0, s1 in skips:
            if s1 <= cur or s0 >= end:
                continue
            if s0 > cur:
                pieces.append((cur, s0))
            cur = max(cur, s1)
        if cur < end:
            pieces.append((cur, end))
        line = "".join(raw[a:z] for a, z in pieces)
        had_skip = (len(pieces) != 1 or pieces[0] != (start, end)) if pieces else start != end
        if not line.translate(_DROP_TABLE).strip():  # a line of only zero-width characters is blank too
            if not had_skip:
                blank_run += 1
            continue
        if is_boilerplate_line(line):
            continue
        if b.pos > 0:
            b.insert("\n\n" if blank_run else "\n")
        blank_run = 0
        for a, z in pieces:
            _emit_line(b, raw, a, z)
    text, omap = b.result()
    return text, omap
