"""Find and normalise date expressions in English news text.

A pure module: text and the article's publication date in, :class:`DateMention` records
out. No spaCy, no I/O, and ``dateparser`` is only imported (lazily) as a fallback of
:func:`normalise_date` for stand-alone absolute strings the grammar below does not cover.

Public API
----------
``find_dates(text, published, article_key)``
    Every date expression in ``text`` with exact character offsets
    (``text[m.start:m.end] == m.text``), normalised against ``published``.
``normalise_date(expr, published)``
    ``(value, granularity, end_value, relative)`` for one expression, or ``None`` if
    ``expr`` is not a date expression.

Values are ISO strings at their own granularity: ``"2024-01-02"`` (day), ``"2024-01"``
(month), ``"2024"`` (year). A range has granularity ``"range"``; ``value`` is its start and
``end_value`` its end, each at its own granularity (``"2023-12"`` .. ``"2024-02"``).
``relative`` is True when the expression needed the publication date. Without a
publication date, relative expressions are still reported but with ``value=None``,
granularity ``"unresolved"`` and ``relative=True``: we never guess.

Why a hand-written scanner
--------------------------
``dateparser.search`` is slow (it tries every token window) and noisy (bare numbers such as
"10" or "Hwasong-18" become dates), and even ``dateparser.parse`` on one already-found
string costs ~1.5 ms per call (~300 ms for the first call) -- several calls per article
would blow the 5 ms budget on their own. The regexes below already isolate the year,
month and day as integers, so a month-name table and :mod:`calendar` do the rest
exactly; ``dateparser`` would only add cost and failure modes there.

Conventions (news text is mostly about the past)
------------------------------------------------
* Spans: a single expression's span excludes a leading preposition ("on Thursday" ->
  "Thursday", "in 2023" -> "2023"), but a range includes its ``from``/``between``
  ("between late December and late February" is one mention).
* Weekday ("Thursday", "on Thursday"): the most recent such day on or before
  publication, so an article published on a Thursday means that same day.
  "last/past Thursday": strictly before publication; "next/coming Thursday": the first
  one strictly after; "this Thursday": the one in the publication's Monday-Sunday week.
* Month without a year ("in July", "late December", "last July"): the most recent such
  month not after the publication month (same month counts); "last July" strictly
  before it; "next July" strictly after; "this July" in the publication year. A day
  without a year ("on March 3") takes its year by the same month rule.
* "early/mid/late <Month>", "the end of <Month>": month granularity, that month.
* "early <year>" = months 01..04, "mid-<year>" = 04..09, "late <year>" = 09..12 (ranges;
  "the beginning/start of" = early, "the middle of" = mid, "the end of" = late). Halves
  and quarters ("the first half of 2023", "Q3 2023") are the obvious month ranges.
* Weeks are ranges of days, Monday..Sunday: "last week", "this week", "next week",
  "two weeks ago" (the week containing the day 14 days before publication).
  "the weekend" is the most recent Saturday..Sunday on or before publication.
* "the weekend" / "last weekend" (when published on a weekend, the one before) /
  "this weekend" (of the publication week) / "next weekend" (first one starting after).
* "the past/last N days|weeks" and "the coming/next N ..." are rolling ranges from N
  units before publication to publication, or from publication on ("the past week" =
  publication-7 .. publication); months and years give month ranges, decades year
  ranges. "N days/weeks/months/years ago" is a day / Monday-Sunday week / month / year.
* "earlier this year" = January..publication month (month range); "later this year" =
  publication month..December; "earlier/later this month|week" are day ranges.
* Seasons (northern hemisphere): spring 03..05, summer 06..08, autumn/fall 09..11,
  winter 12..02 of the next year ("winter 2022-23" = 2022-12..2023-02). Without a year,
  "the summer" is the most recent one that has started by the publication month, "last
  summer" the most recent one fully over, "this summer" the one starting in the
  publication year (a January/February winter belongs to the previous December).
* Decades: "the 1990s" = 1990..1999, "the early/mid/late 1990s" = 1990..1993 / 1994..1996
  / 1997..1999.
* Not recognised on purpose: numeric day/month orders like "02/01/2024" (DMY or MDY is a
  guess), vague spans ("in recent weeks", "a few days ago"), and narrative-relative
  expressions ("the next day", "two days later") that are not anchored to publication.

False positives are avoided by construction: a number is only ever a day next to a month
name, and a bare four-digit year (1900-2099) needs a cue (in, since, by, of, until,
from, during, ... , a following comma, or a copyright sign). The names May, June, March,
April and August need a cue word too ("in May", "early June"), so "Theresa May" is no
date; the other month names are accepted on their own. A cue-less year or ambiguous
month is still used inside a range ("from 2019 to 2021", "March to May 2024") or a list
after a cued one ("in May and June", "in 2019, 2020 and 2022"). Named days ("Super
Tuesday", "Good Friday"), "the Sunday Times", "the Mail on Sunday", "USA Today" are no
dates.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import cast

from claimgraph.models import DateMention, Granularity

__all__ = ["find_dates", "normalise_date"]

# A point is (granularity, year, month, day) with unused parts set to 1.
_Point = tuple[str, int, int, int]
# A resolved expression: (first point, last point, needed the publication date).
_Res = tuple[_Point, _Point, bool]
_Resolver = Callable[[date | None], "_Res | None"]

# ------------------------------------------------------------------------ tables

_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_BY_PREFIX = {name[:3].lower(): i for i, name in enumerate(_MONTH_NAMES, 1)}
# Bare month names that are also common words or first/last names need a cue word.
_AMBIGUOUS_MONTHS = frozenset({3, 4, 5, 6, 8})
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAYS = {name.lower(): i for i, name in enumerate(_WEEKDAY_NAMES)}
# Capitalised words that turn a weekday into a named day that is no plain weekday.
_NAMED_DAY_PREFIXES = frozenset(
    {
        "super",
        "black",
        "good",
        "bloody",
        "ash",
        "easter",
        "palm",
        "holy",
        "maundy",
        "cyber",
        "giving",
        "shrove",
        "fat",
        "small",
    }
)
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
# Season -> first month; every season lasts three months.
_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
# early / mid / late and friends -> (first month, last month) within a year.
_YEAR_PART = {
    "early": (1, 4),
    "beginning": (1, 4),
    "start": (1, 4),
    "mid": (4, 9),
    "middle": (4, 9),
    "late": (9, 12),
    "end": (9, 12),
    "h1": (1, 6),
    "h2": (7, 12),
    "q1": (1, 3),
    "q2": (4, 6),
    "q3": (7, 9),
    "q4": (10, 12),
}
_HALF_QUARTER = {
    ("half", "first"): "h1",
    ("half", "1st"): "h1",
    ("half", "second"): "h2",
    ("half", "2nd"): "h2",
    ("quarter", "first"): "q1",
    ("quarter", "1st"): "q1",
    ("quarter", "second"): "q2",
    ("quarter", "2nd"): "q2",
    ("quarter", "third"): "q3",
    ("quarter", "3rd"): "q3",
    ("quarter", "fourth"): "q4",
    ("quarter", "4th"): "q4",
    ("quarter", "final"): "q4",
    ("quarter", "last"): "q4",
}

# ------------------------------------------------------------------ regex pieces
# Month and weekday names are matched case-sensitively (Title case) so that "may",
# "march" and "august" the words are never dates; keywords use scoped (?i:...) so they
# also match at the start of a sentence.
#
# Speed: Python's re has no fast skip for a pattern that opens with \b, an optional
# group or a case-insensitive word, so one pattern per expression type run over the
# whole text costs 0.2-2 ms each on 5,000 characters (~12 ms together; measured). So
# instead one cheap pass finds *anchor* words (month and weekday names, four-digit
# numbers, "yesterday", "week", "summer", ...); the pattern opens with a character class
# so re skips ahead in C. Each anchor is then examined in place: small patterns matched
# at a fixed position (``.match(text, pos)``, one attempt) for what follows it, and a
# look at the few words before it (plain Python, _words_before) for cues and modifiers
# ("in", "early", "the end of", "last", "this coming", ...).

_MONTH = (
    rf"(?:(?:{'|'.join(_MONTH_NAMES)})\b"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|\b))"
)
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
_DAYNUM = r"(?:3[01]|[12]\d|0?[1-9])"
_ORD = r"(?:st|nd|rd|th)?\b"
_YEAR_CTX = r"(?:1\d|20)\d\d(?!\d)"  # next to a month name: 1000-2099
_YEAR_END = r"(?![\w]|[.,/–—-]\d)"  # not "2024x", "2024.5", "2024-13-01" (ranges: own rule)
_DAY_RANGE = rf"(?:\s*(?:-|–|—|\s(?i:to|through|until|till)\s)\s*(?P<d2>{_DAYNUM}){_ORD})"

# "January 2", "Jan. 2-5, 2024", "March 3rd 2024" (matched at the month)
_FWD_MDY = re.compile(
    rf"{_MONTH}\s*(?P<d>{_DAYNUM}){_ORD}(?:{_DAY_RANGE}(?!\s*{_MONTH}))?"
    rf"(?:(?:\s*,\s*|\s+)(?P<y>{_YEAR_CTX}))?"
)
# "2 January 2024", "2nd of January", "2-5 Jan" (the part before the month; searched
# in a short slice ending at the month, only when a digit is near)
_DMY_BEFORE = re.compile(
    rf"(?<![\w.,:/$€£-])(?P<d>{_DAYNUM}){_ORD}"
    rf"(?:\s*(?:-|–|—|\s(?i:to)\s)\s*(?P<d2>{_DAYNUM}){_ORD})?\s+(?:of\s+)?\Z"
)
_FWD_MONTH_YEAR_OPT = re.compile(rf"{_MONTH}(?:(?:\s*,\s*|\s+)(?P<y>{_YEAR_CTX}))?")
_FWD_MY = re.compile(rf"{_MONTH}(?:\s*,\s*|\s+)(?:(?i:of)\s+)?(?P<y>{_YEAR_CTX})")
_FWD_ISO = re.compile(
    r"(?<![\w.-])(?P<y>[12]\d{3})(?P<s>[-/])(?P<m>0[1-9]|1[0-2])(?P=s)"
    r"(?P<d>0[1-9]|[12]\d|3[01])(?!\d|[-/]\d)"
)
_FWD_YEAR = re.compile(rf"(?:19|20)\d\d{_YEAR_END}")
_NOT_BEFORE_YEAR = frozenset("$€£.,:/-")
_FWD_YEAR_DASH = re.compile(
    r"(?<![\w.,/-])(?P<y1>(?:19|20)\d\d)\s*[-–—/]\s*(?P<y2>(?:19|20)\d\d|\d\d)(?![\w/-]|[.,]\d)"
)
_FWD_DECADE = re.compile(r"(?<![\w'’])(?:19|20)\d0s\b")
_FWD_SEASON_Y = re.compile(
    r"[A-Za-z]+\s+(?:(?i:of)\s+)?(?P<y>(?:19|20)\d\d)"
    rf"(?:\s*[-–/]\s*(?P<y2>(?:19|20)\d\d|\d\d))?{_YEAR_END}"
)
_FWD_WEEKDAY = re.compile(rf"{_WD}(?:\s+(?i:morning|afternoon|evening|night)\b)?")
_FWD_DAYPART = re.compile(r"\s+(?i:morning|afternoon|evening|night)\b")
_FWD_AGO = re.compile(r"\s+(?i:ago)\b")
_FWD_OF = re.compile(r"\s+(?i:of)\b")

# Between two found expressions: a range connector, or a list ("May, June and July").
_RANGE_GAP = re.compile(r"\s*[-–—]\s*|\s+(?P<w>(?i:to|until|till|through|thru|and))\s+")
_LIST_GAP = re.compile(r"\s*,\s*|\s*,?\s+(?i:and|or)\s+")
_RANGE_PRE = re.compile(r"\b(?P<w>(?i:from|between))\s+\Z")
# What normalise_date() may find around its one expression.
_LEAD_OK = re.compile(
    r"\s*(?:(?i:on|in|at|since|by|of|until|till|from|during|through|throughout|before"
    r"|after|around|about|circa|as\s+of|for|over)\s+)?(?:(?i:the)\s+)?"
)
_TAIL_OK = re.compile(r"[\s.,;:!?)\]]*")
_BARE_YEAR_EXPR = re.compile(r"\s*[12]\d{3}\s*")
# dateparser fallback gate: an explicit 4-digit year plus a month name or a year-first
# numeric date, so it is never asked to guess a relative or DMY/MDY expression.
_DP_GATE_YEAR = re.compile(r"(?<!\d)[12]\d{3}(?!\d)")
_DP_GATE_MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.IGNORECASE)
_DP_GATE_YMD = re.compile(r"(?<!\d)([12]\d{3})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_DP_GATE_RELATIVE = re.compile(r"\b(?:ago|last|next|this|yesterday|today|tomorrow|week|weeks)\b", re.IGNORECASE)

# ------------------------------------------------------------- word-level tables

_YEAR_CUES = frozenset("in since by of until till from during through throughout before after between".split())
_MONTH_CUES = _YEAR_CUES | {"around", "for"}
_SEASON_CUES = frozenset("in during over since by until till through throughout before after".split())
_REL_PHRASES: dict[tuple[str, ...], str] = {
    ("last",): "last",
    ("past",): "last",
    ("this", "past"): "last",
    ("next",): "next",
    ("coming",): "next",
    ("this", "coming"): "next",
    ("this",): "this",
}
# modifier before a month -> part of the year (the month stays month-level)
_MOD_PHRASES: dict[tuple[str, ...], str] = {("early",): "early", ("late",): "late", ("mid",): "mid"}
for _w in ("end", "beginning", "start", "middle"):
    _MOD_PHRASES[(_w, "of")] = _w
    _MOD_PHRASES[("the", _w, "of")] = _w
# modifier before a year -> key of _YEAR_PART
_YMOD_PHRASES: dict[tuple[str, ...], str] = dict(_MOD_PHRASES)
for (_unit, _ordinal), _key in _HALF_QUARTER.items():
    _YMOD_PHRASES[(_ordinal, _unit, "of")] = _key
    _YMOD_PHRASES[("the", _ordinal, _unit, "of")] = _key
for _key in ("q1", "q2", "q3", "q4", "h1", "h2"):
    _YMOD_PHRASES[(_key,)] = _key
_UNIT_BASE = {
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "weekend": "weekend",
    "weekends": "weekend",
    "fortnight": "fortnight",
    "fortnights": "fortnight",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
    "decade": "decade",
    "decades": "decade",
}

# ----------------------------------------------------------------------- anchors

_ANCHOR_WORDS: dict[str, tuple[str, ...]] = {
    "month": (
        *_MONTH_NAMES,
        *("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"),
    ),
    "weekday": _WEEKDAY_NAMES,
    "dayword": (
        "yesterday",
        "today",
        "tomorrow",
        "tonight",
        "night",
        "morning",
        "afternoon",
        "evening",
    ),
    "unit": tuple(_UNIT_BASE),
    "season": tuple(_SEASON_START),
}
_ANCHOR_KIND: dict[str, str] = {}
for _kind, _words in _ANCHOR_WORDS.items():
    for _w in _words:
        _forms = {_w} if _kind in ("month", "weekday") else {_w, _w.capitalize()}
        for _form in _forms:
            _ANCHOR_KIND[_form] = _kind


_Trie = dict[str, "_Trie"]


def _trie_regex(words: list[str]) -> str:
    """An alternation of ``words`` as a prefix tree (re tries far fewer branches)."""
    tree: _Trie = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            body = f"(?:{body})?"
        return body

    return emit(tree)


# The leading [^A-Za-z0-9] (a word must start there) is what lets re skip in C; the
# text is scanned with a space prepended so that position 0 works too.
_RE_ANCHOR = re.compile(
    rf"[^A-Za-z0-9](?P<a>(?:{_trie_regex(sorted(_ANCHOR_KIND))})(?![A-Za-z])"
    r"|(?:1\d|20)\d\d(?!\d))"
)

# ------------------------------------------------------------------ point helpers


def _pd(d: date) -> _Point:
    return ("day", d.year, d.month, d.day)


def _pm(y: int, m: int) -> _Point:
    return ("month", y, m, 1)


def _py(y: int) -> _Point:
    return ("year", y, 1, 1)


def _fmt(p: _Point) -> str:
    g, y, m, d = p
    if g == "year":
        return f"{y:04d}"
    if g == "month":
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _first(p: _Point) -> date:
    g, y, m, d = p
    return date(y, 1 if g == "year" else m, d if g == "day" else 1)


def _last(p: _Point) -> date:
    g, y, m, d = p
    if g == "year":
        return date(y, 12, 31)
    if g == "month":
        return date(y, m, calendar.monthrange(y, m)[1])
    return date(y, m, d)


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _days(lo: date, hi: date) -> _Res:
    return (_pd(lo), _pd(hi), True)


def _months(lo: tuple[int, int], hi: tuple[int, int], relative: bool) -> _Res:
    return (_pm(*lo), _pm(*hi), relative)


def _month_of(name: str) -> int:
    return _MONTH_BY_PREFIX[name[:3].lower()]


def _year_for_month(m: int, pub: date, rel: str | None) -> int:
    """Year of a month named without one; ``rel`` is None, "last", "next" or "this"."""
    if rel == "last":
        return pub.year if m < pub.month else pub.year - 1
    if rel == "next":
        return pub.year if m > pub.month else pub.year + 1
    if rel == "this":
        return pub.year
    return pub.year if m <= pub.month else pub.year - 1


def _cal_res(y: int, m: int, d: int | None, d2: int | None, relative: bool) -> _Res | None:
    """Resolved month, day or day range; None if the day does not exist in that year."""
    try:
        if d is None:
            p = _pm(y, m)
            return (p, p, relative)
        lo = _pd(date(y, m, d))
        hi = lo if d2 is None else _pd(date(y, m, d2))
    except ValueError:
        return None
    return (lo, hi, relative)


def _const(res: _Res | None) -> _Resolver:
    return lambda pub: res


# ------------------------------------------------------------------------ atoms


@dataclass(slots=True)
class _Atom:
    """One expression found at one anchor, before ranges are assembled."""

    start: int
    end: int
    strong: bool  # weak atoms (bare years, cue-less ambiguous months) only count in ranges
    resolve: _Resolver
    kind: str = ""  # month, md, ym, ymd, year, yspan, ... (for range/list assembly)
    month: int | None = None  # set for year-less calendar atoms: they can borrow a year
    day: int | None = None
    day2: int | None = None


def _words_before(text: str, pos: int, n: int) -> list[tuple[int, str]]:
    """Up to ``n`` words (runs of letters/digits) right before ``pos``, nearest last.

    Each must be separated from the next by whitespace only, so punctuation stops the
    walk ("Monday. Today" has no word before "Today"). str.split does the work in C.
    """
    lo = max(0, pos - 48)
    chunk = text[lo:pos]
    if not chunk or not chunk[-1].isspace():
        return []
    tokens = chunk.split()
    cut = lo > 0 and not chunk[0].isspace() and not text[lo - 1].isspace()
    out: list[tuple[int, str]] = []
    cursor = len(chunk)
    for idx in range(len(tokens) - 1, max(-1, len(tokens) - 1 - n), -1):
        tok = tokens[idx]
        if not tok.isalnum() or (idx == 0 and cut):
            break
        cursor = chunk.rfind(tok, 0, cursor)
        out.append((lo + cursor, tok))
    out.reverse()
    return out


def _phrase_in(words: list[tuple[int, str]], table: dict[tuple[str, ...], str]) -> tuple[int, int, str] | None:
    """The longest phrase of ``table`` that ends ``words``: (word count, start, value)."""
    lowered = [w.lower() for _, w in words[-4:]]
    for k in range(len(lowered), 0, -1):
        value = table.get(tuple(lowered[-k:]))
        if value is not None:
            return k, words[-k][0], value
    return None


def _phrase_before(text: str, pos: int, table: dict[tuple[str, ...], str], n: int = 4) -> tuple[int, str] | None:
    """The longest phrase of ``table`` right before ``pos``: (its start, its value)."""
    found = _phrase_in(_words_before(text, pos, n), table)
    return None if found is None else (found[1], found[2])


def _mid_hyphen(text: str, pos: int) -> int | None:
    """Start of a "mid-" glued to ``pos`` ("mid-December", "mid-2023")."""
    if pos >= 4 and text[pos - 4 : pos].lower() == "mid-" and (pos == 4 or not text[pos - 5].isalnum()):
        return pos - 4
    return None


def _calendar_atom(start: int, end: int, y: int | None, m: int, d: int | None, d2: int | None) -> _Atom | None:
    if d is not None:
        last_day = calendar.monthrange(2000 if y is None else y, m)[1]  # 2000: Feb 29 ok
        if d > last_day or (d2 is not None and not d < d2 <= last_day):
            return None
    if y is not None:
        res = _cal_res(y, m, d, d2, False)
        if res is None:
            return None
        return _Atom(start, end, True, _const(res), "ymd" if d is not None else "ym")

    def resolve(pub: date | None) -> _Res | None:
        if pub is None:
            return None
        return _cal_res(_year_for_month(m, pub, None), m, d, d2, True)

    return _Atom(start, end, True, resolve, "md" if d is not None else "month", m, d, d2)


def _int(s: str | None) -> int | None:
    return None if s is None else int(s)


def _weekday_before(text: str, pos: int) -> int | None:
    """Start of a weekday name right before ``pos`` ("Thursday, " / "Thursday ")."""
    j = pos
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if j > 0 and text[j - 1] == ",":
        j -= 1
        while j > 0 and text[j - 1].isspace():
            j -= 1
    if j == pos:
        return None
    i = j
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    if text[i:j] in _WEEKDAY_NAMES and (i == 0 or not text[i - 1].isalnum()):
        return i
    return None


def _day_number_before(text: str, pos: int) -> bool:
    """Cheap test for "2 ", "2nd ", "2nd of " right before ``pos`` (before a regex search)."""
    j = pos
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if j == pos:
        return False
    if text[max(0, j - 2) : j].lower() == "of":
        j -= 2
        while j > 0 and text[j - 1].isspace():
            j -= 1
    if j >= 3 and text[j - 2 : j].lower() in ("st", "nd", "rd", "th"):
        j -= 2
    return j > 0 and text[j - 1].isdecimal()


def _on_month(text: str, s: int, e: int, out: list[_Atom]) -> None:
    month = _month_of(text[s:e])
    # month first: "January 2, 2024", "Jan. 2-5"
    m = _FWD_MDY.match(text, s)
    if m is not None:
        start = _weekday_before(text, s)
        atom = _calendar_atom(
            s if start is None else start,
            m.end(),
            _int(m.group("y")),
            month,
            int(m.group("d")),
            _int(m.group("d2")),
        )
        if atom is not None:
            out.append(atom)
    # day first: "2 January 2024", "the 2nd of January"
    if _day_number_before(text, s):
        b = _DMY_BEFORE.search(text, max(0, s - 24), s)
        f = _FWD_MONTH_YEAR_OPT.match(text, s)
        if b is not None and f is not None:
            start = b.start()
            words = _words_before(text, start, 1)
            if words and words[0][1].lower() == "the":
                start = words[0][0]
            wd = _weekday_before(text, start)
            atom = _calendar_atom(
                b.start() if wd is None else wd,
                f.end(),
                _int(f.group("y")),
                month,
                int(b.group("d")),
                _int(b.group("d2")),
            )
            if atom is not None:
                out.append(atom)
    # "September 2022", "early December 2023"
    words = _words_before(text, s, 5)
    mid = _mid_hyphen(text, s)
    found = _phrase_in(words, _MOD_PHRASES) if mid is None else (0, mid, "mid")
    mod = None if found is None else (found[1], found[2])
    m = _FWD_MY.match(text, s)
    if m is not None:
        atom = _calendar_atom(s if mod is None else mod[0], m.end(), int(m.group("y")), month, None, None)
        if atom is not None:
            out.append(atom)
    # a month on its own: full names only ("in July", "late December", "last July")
    if text[s:e] not in _MONTH_NAMES:
        return
    if found is None:
        found = _phrase_in(words, _REL_PHRASES)
        rel = None if found is None else (found[1], found[2])
    else:
        rel = None
    start = mod[0] if mod is not None else rel[0] if rel is not None else s
    if found is None or found[0]:
        used = 0 if found is None else found[0]
        cue = words[: len(words) - used][-1:]
    else:  # "mid-": the words list ends before it
        cue = _words_before(text, start, 1)
    licensed = mod is not None or rel is not None or bool(cue and cue[0][1].lower() in _MONTH_CUES)
    strong = licensed or month not in _AMBIGUOUS_MONTHS
    if rel is None:
        atom = _calendar_atom(start, e, None, month, None, None)
        if atom is not None:
            atom.strong = strong
            out.append(atom)
        return
    rel_word = rel[1]

    def resolve(pub: date | None) -> _Res | None:
        if pub is None:
            return None
        return _cal_res(_year_for_month(month, pub, rel_word), month, None, None, True)

    out.append(_Atom(start, e, strong, resolve, "month_rel"))


def _year_span_atom(start: int, end: int, key: str, y: int | None, k: int = 0) -> _Atom:
    lo_m, hi_m = _YEAR_PART[key]
    if y is not None:
        return _Atom(start, end, True, _const(_months((y, lo_m), (y, hi_m), False)), "yspan")

    def resolve(pub: date | None) -> _Res | None:
        if pub is None:
            return None
        return _months((pub.year + k, lo_m), (pub.year + k, hi_m), True)

    return _Atom(start, end, True, resolve, "yspan")


def _on_year(text: str, s: int, e: int, out: list[_Atom]) -> None:
    m = _FWD_ISO.match(text, s)
    if m is not None:
        atom = _calendar_atom(s, m.end(), int(m.group("y")), int(m.group("m")), int(m.group("d")), None)
        if atom is not None:
            out.append(atom)
    m = _FWD_YEAR_DASH.match(text, s)
    if m is not None:
        y1 = int(m.group("y1"))
        raw = m.group("y2")
        y2 = int(raw) if len(raw) == 4 else y1 - y1 % 100 + int(raw)
        if y2 > y1:
            out.append(_Atom(s, m.end(), True, _const((_py(y1), _py(y2), False)), "yspan"))
    m = _FWD_DECADE.match(text, s)
    if m is not None:
        dec = int(text[s:e])
        mid = _mid_hyphen(text, s)
        mod = _phrase_before(text, s, _MOD_PHRASES, 1) if mid is None else (mid, "mid")
        lo, hi, start = dec, dec + 9, s
        if mod is not None:
            start = mod[0]
            lo, hi = {"early": (dec, dec + 3), "mid": (dec + 4, dec + 6)}.get(mod[1], (dec + 7, dec + 9))
        out.append(_Atom(start, m.end(), True, _const((_py(lo), _py(hi), False)), "yspan"))
        return
    if _FWD_YEAR.match(text, s) is None:
        return
    y = int(text[s:e])
    # "mid-2023", "early 2024", "the first half of 2023", "Q3 2023"
    mid = _mid_hyphen(text, s)
    if mid is not None:
        out.append(_year_span_atom(mid, e, "mid", y))
        return
    if s > 0 and (text[s - 1] in _NOT_BEFORE_YEAR or text[s - 1].isalnum()):
        return  # "$2024", "1.2024", "X-2024"
    words = _words_before(text, s, 4)
    ymod = _phrase_in(words, _YMOD_PHRASES)
    if ymod is not None:
        out.append(_year_span_atom(ymod[1], e, ymod[2], y))
    # a year: needs a cue, a following comma or a copyright sign, else weak
    lowered = tuple(w.lower() for _, w in words[-2:])
    before = text[max(0, s - 12) : s].rstrip().lower()
    strong = (
        bool(lowered and lowered[-1] in _YEAR_CUES)
        or lowered[-2:] == ("the", "year")
        or (text.startswith(",", e) and not text[e + 1 : e + 2].isdigit())
        or before.endswith(("©", "(c)"))
        or bool(lowered and lowered[-1] == "copyright")
    )
    p = _py(y)
    out.append(_Atom(s, e, strong, _const((p, p, False)), "year"))


def _season(s: str, y: int, relative: bool) -> _Res:
    sm = _SEASON_START[s.lower()]
    return _months((y, sm), _shift_month(y, sm, 2), relative)


def _season_resolver(s: str, rel: str | None) -> _Resolver:
    sm = _SEASON_START[s.lower()]

    def resolve(pub: date | None) -> _Res | None:
        if pub is None:
            return None
        now = pub.year * 12 + pub.month - 1
        if rel == "this":
            y = pub.year - 1 if sm == 12 and pub.month <= 2 else pub.year
        else:
            # the most recent instance that started by the publication month
            y = pub.year if sm <= pub.month else pub.year - 1
            if rel == "last":  # ... that is fully over
                while y * 12 + sm - 1 + 2 >= now:
                    y -= 1
            elif rel == "next":  # the first one starting after publication
                y += 1
        return _season(s, y, True)

    return resolve


def _on_season(text: str, s: int, e: int, out: list[_Atom]) -> None:
    season = text[s:e].lower()
    words = _words_before(text, s, 2)
    the = words[-1][0] if words and words[-1][1].lower() == "the" else None
    m = _FWD_SEASON_Y.match(text, s)
    if m is not None:
        y = int(m.group("y"))
        raw = m.group("y2")
        ok = True
        if raw is not None:
            y2 = int(raw) if len(raw) == 4 else y - y % 100 + int(raw)
            ok = season == "winter" and y2 == y + 1
        if ok:
            start = s if the is None else the
            out.append(_Atom(start, m.end(), True, _const(_season(season, y, False)), "yspan"))
    rel = _phrase_before(text, s, _REL_PHRASES, 2)
    if rel is not None:
        out.append(_Atom(rel[0], e, True, _season_resolver(season, rel[1]), "season"))
    elif (
        the is not None
        and len(words) == 2
        and words[0][1].lower() in _SEASON_CUES
        and not text.startswith("-", e)
        and _FWD_OF.match(text, e) is None
    ):
        out.append(_Atom(the, e, True, _season_resolver(season, None), "season"))


def _day_offset_atom(start: int, end: int, k: int) -> _Atom:
    def resolve(pub: date | None) -> _Res | None:
        if pub is None:
            return None
        d = pub + timedelta(days=k)
        return _days(d, d)

    return _Atom(start, end, True, resolve, "day_rel")


def _on_dayword(text: str, s: int, e: int, out: list[_Atom]) -> None:
    w = text[s:e].lower()
    words = _words_before(text, s, 3)
    lowered = tuple(x.lower() for _, x in words)
    if w in ("yesterday", "today", "tomorrow"):
        if text[s] == "T" and w == "today" and words and words[-1][1][:1].isupper():
            return  # "USA Today", "Russia Today"
        part = _FWD_DAYPART.match(text, e)
        end = e if part is None else part.end()
        k = {"yesterday": -1, "today": 0, "tomorrow": 1}[w]
        start = s
        if lowered[-3:] == ("the", "day", "before") and w == "yesterday":
            start, k = words[-3][0], -2
        elif lowered[-3:] == ("the", "day", "after") and w == "tomorrow":
            start, k = words[-3][0], 2
        elif lowered[-1:] in (("earlier",), ("later",)) and w == "today":
            start = words[-1][0]
        out.append(_day_offset_atom(start, end, k))
    elif w == "tonight":
        out.append(_day_offset_atom(s, e, 0))
    elif w == "night" and lowered[-1:] == ("last",):
        out.append(_day_offset_atom(words[-1][0], e, -1))
    elif w in ("morning", "afternoon", "evening") and lowered[-1:] == ("this",):
        out.append(_day_offset_atom(words[-1][0], e, 0))


def _on_weekday(text: str, s: int, e: int, out: list[_Atom]) -> None:
    m = _FWD_WEEKDAY.match(text, s)
    if m is None:
        return
    words = _words_before(text, s, 2)
    found = _phrase_in(words, _REL_PHRASES)
    rel = None if found is None else found[2]
    if rel is None:
        prev = words[-1][1] if words else ""
        if prev[:1].isupper() and prev.lower() in _NAMED_DAY_PREFIXES:
            return  # Super Tuesday, Good Friday, ...
        if [w for _, w in words] == ["Mail", "on"]:
            return  # the Mail on Sunday
        if prev == "the" and text[e : e + 1] == " " and text[e + 1 : e + 2].isupper():
            return  # the Sunday Times
    wd = _WEEKDAYS[text[s:e].lower()]

    def resolve(pub: date | None) -> _Res | None:
        if pub is None:
            return None
        back = (pub.weekday() - wd) % 7
        if rel == "last":
            d = pub - timedelta(days=back or 7)
        elif rel == "next":
            d = pub + timedelta(days=(wd - pub.weekday()) % 7 or 7)
        elif rel == "this":
            d = _monday(pub) + timedelta(days=wd)
        else:
            d = pub - timedelta(days=back)
        return _days(d, d)

    out.append(_Atom(s if found is None else found[1], m.end(), True, resolve, "day_rel"))


def _number(word: str) -> int | None:
    if word.isdecimal():
        return int(word) if len(word) <= 3 else None
    return _NUMBER_WORDS.get(word.lower())


def _ago_atom(start: int, end: int, n: int, u: str) -> _Atom:
    def resolve(pub: date | None) -> _Res | None:
        if pub is None:
            return None
        if u == "day":
            d = pub - timedelta(days=n)
            return _days(d, d)
        if u in ("week", "fortnight"):
            mon = _monday(pub - timedelta(days=7 * n * (2 if u == "fortnight" else 1)))
            return _days(mon, mon + timedelta(days=6))
        if u == "month":
            p = _pm(*_shift_month(pub.year, pub.month, -n))
            return (p, p, True)
        p = _py(pub.year - n)
        return (p, p, True)

    return _Atom(start, end, True, resolve, "rel")


def _rolling_atom(start: int, end: int, sign: int, n: int, u: str) -> _Atom:
    def resolve(pub: date | None) -> _Res | None:
        if pub is None:
            return None
        if u in ("day", "week", "fortnight"):
            step = {"day": 1, "week": 7, "fortnight": 14}[u]
            other = pub + timedelta(days=sign * n * step)
            return _days(min(pub, other), max(pub, other))
        if u == "decade":
            ys = sorted((pub.year, pub.year + sign * 10 * n))
            return (_py(ys[0]), _py(ys[1]), True)
        now = (pub.year, pub.month)
        other_m = _shift_month(pub.year, pub.month, sign * n * (12 if u == "year" else 1))
        lo, hi = sorted((now, other_m))
        return _months(lo, hi, True)

    return _Atom(start, end, True, resolve, "rel")


def _calendar_rel_atom(start: int, end: int, rel: str, u: str) -> _Atom:
    k = {"last": -1, "next": 1}.get(rel, 0)

    def resolve(pub: date | None) -> _Res | None:
        if pub is None:
            return None
        if u == "year":
            p = _py(pub.year + k)
            return (p, p, True)
        if u == "month":
            p = _pm(*_shift_month(pub.year, pub.month, k))
            return (p, p, True)
        if u == "week":
            mon = _monday(pub) + timedelta(days=7 * k)
            return _days(mon, mon + timedelta(days=6))
        # weekend
        if rel == "this":
            sat = _monday(pub) + timedelta(days=5)
        elif rel == "next":
            sat = pub + timedelta(days=(5 - pub.weekday()) % 7 or 7)
        else:
            sat = pub - timedelta(days=(pub.weekday() - 5) % 7)
            if rel == "last" and pub.weekday() >= 5:
                sat -= timedelta(days=7)
        return _days(sat, sat + timedelta(days=1))

    return _Atom(start, end, True, resolve, "rel")


def _earlier_atom(start: int, end: int, earlier: bool, u: str) -> _Atom:
    def resolve(pub: date | None) -> _Res | None:
        if pub is None:
            return None
        if u == "year":
            if earlier:
                return _months((pub.year, 1), (pub.year, pub.month), True)
            return _months((pub.year, pub.month), (pub.year, 12), True)
        if u == "month":
            first = pub.replace(day=1)
            last = pub.replace(day=calendar.monthrange(pub.year, pub.month)[1])
        else:
            first = _monday(pub)
            last = first + timedelta(days=6)
        return _days(first, pub) if earlier else _days(pub, last)

    return _Atom(start, end, True, resolve, "rel")


def _month_shift_atom(start: int, end: int, k: int) -> _Atom:
    def resolve(pub: date | None) -> _Res | None:
        if pub is None:
            return None
        p = _pm(*_shift_month(pub.year, pub.month, k))
        return (p, p, True)

    return _Atom(start, end, True, resolve, "month_rel")


_REL_SHIFT = {"last": -1, "this": 0, "next": 1, "the": 0}
_ROLLING_DIRS = frozenset({"past", "last", "coming", "next"})


def _on_unit(text: str, s: int, e: int, out: list[_Atom]) -> None:
    word = text[s:e].lower()
    u = _UNIT_BASE[word]
    plural = word != u
    words = _words_before(text, s, 5)
    lowered = tuple(w.lower() for _, w in words)
    followed_by_of = _FWD_OF.match(text, e) is not None
    # "two weeks ago", "a year ago"
    ago = _FWD_AGO.match(text, e)
    if ago is not None and words and u not in ("weekend", "decade"):
        n = _number(lowered[-1])
        num_start = words[-1][0]
        if n and (num_start == 0 or text[num_start - 1] not in ",."):
            out.append(_ago_atom(num_start, ago.end(), n, u))
    if followed_by_of:
        return  # "the last week of January", "this month of fasting"
    # "the past week", "the last two months", "the coming days"
    for k in (3, 2):
        if len(lowered) >= k and lowered[-k] == "the" and lowered[-k + 1] in _ROLLING_DIRS:
            n = 1 if k == 2 else _number(lowered[-1])
            if not n or u == "weekend" or (k == 2 and (plural or u == "day")):
                break  # "the past weeks" is vague; "the next day" is narrative
            sign = -1 if lowered[-k + 1] in ("past", "last") else 1
            out.append(_rolling_atom(words[-k][0], e, sign, n, u))
            break
    if plural or not lowered:
        return
    prev = lowered[-1]
    # "last week", "this month", "next year", "the weekend"
    if prev in _REL_SHIFT and u in ("week", "weekend", "month", "year"):
        if prev != "the" or u == "weekend":
            out.append(_calendar_rel_atom(words[-1][0], e, prev, u))
        # "late last month", "the end of the month", "early next year"
        if u in ("month", "year"):
            mid = _mid_hyphen(text, words[-1][0])
            table = _MOD_PHRASES if u == "month" else _YMOD_PHRASES
            mod = _phrase_in(words[:-1], table) if mid is None else (1, mid, "mid")
            if mod is not None:
                k = _REL_SHIFT[prev]
                if u == "month":
                    out.append(_month_shift_atom(mod[1], e, k))
                else:
                    out.append(_year_span_atom(mod[1], e, mod[2], None, k))
    # "earlier this year", "later this week", "earlier in the month"
    if u in ("week", "month", "year"):
        if len(lowered) >= 2 and lowered[-2] in ("earlier", "later") and prev == "this":
            out.append(_earlier_atom(words[-2][0], e, lowered[-2] == "earlier", u))
        elif lowered[-3:] in (("earlier", "in", "the"), ("later", "in", "the")):
            out.append(_earlier_atom(words[-3][0], e, lowered[-3] == "earlier", u))
    elif u == "day" and lowered[-3:] == ("earlier", "in", "the"):
        out.append(_day_offset_atom(words[-3][0], e, 0))


_ON_ANCHOR: dict[str, Callable[[str, int, int, list[_Atom]], None]] = {
    "month": _on_month,
    "year": _on_year,
    "weekday": _on_weekday,
    "dayword": _on_dayword,
    "unit": _on_unit,
    "season": _on_season,
}


def _candidates(text: str) -> list[_Atom]:
    """Every atom found at every anchor (overlapping alternatives included)."""
    out: list[_Atom] = []
    for m in _RE_ANCHOR.finditer(" " + text):
        s, e = m.start("a") - 1, m.end("a") - 1  # back to offsets into text
        word = m.group("a")
        kind = "year" if word[0].isdigit() else _ANCHOR_KIND[word]
        _ON_ANCHOR[kind](text, s, e, out)
    return out


# Which partners a weak atom may form a range with (a weak "May" only next to another
# month, a weak year only next to another year-bearing expression).
_MONTHISH = frozenset({"month", "md", "ym", "ymd", "month_rel"})
_YEARISH = frozenset({"year", "yspan", "ym", "ymd"})


# ----------------------------------------------------------------------- assembly


def _safe(atom: _Atom, pub: date | None) -> _Res | None:
    """Resolve, treating dates outside datetime's range as unresolved."""
    try:
        return atom.resolve(pub)
    except (OverflowError, ValueError):
        return None


_NO_MERGE = object()


def _compatible(a: _Atom, b: _Atom) -> bool:
    for weak, other in ((a, b), (b, a)):
        if not weak.strong:
            allowed = _MONTHISH if weak.kind in _MONTHISH else _YEARISH
            if other.kind not in allowed:
                return False
    return True


def _merge(a: _Atom, b: _Atom, pub: date | None) -> _Res | None | object:
    """The range from ``a`` to ``b``; None if unresolved; _NO_MERGE if not a range."""
    if not _compatible(a, b):
        return _NO_MERGE
    try:
        if a.month is not None:  # a has no year: take it from b ("from March to May 2024")
            rb = b.resolve(pub)
            if rb is None:
                return None
            lo_b = rb[0]
            y = lo_b[1]
            probe = _cal_res(y, a.month, a.day, None, rb[2])
            if probe is None or _first(probe[0]) > _first(lo_b):
                y -= 1
            ra = _cal_res(y, a.month, a.day, a.day2, rb[2])
        else:
            ra = a.resolve(pub)
            if ra is None:
                return None
            if b.month is not None:  # b has no year: take it from a
                hi_a = ra[1]
                y = hi_a[1]
                probe = _cal_res(y, b.month, b.day, None, ra[2])
                if probe is None or _first(probe[0]) < _first(hi_a):
                    y += 1
                rb = _cal_res(y, b.month, b.day, b.day2, ra[2])
            else:
                rb = b.resolve(pub)
        if ra is None or rb is None:
            return None
        if _first(ra[0]) > _last(rb[1]):
            return _NO_MERGE
    except (OverflowError, ValueError):
        return None
    return (ra[0], rb[1], ra[2] or rb[2])


def _record(key: str, text: str, start: int, end: int, res: _Res | None) -> DateMention:
    value, gran, end_value, relative = _output(res)
    return DateMention(key, start, end, text[start:end], value, cast(Granularity, gran), end_value, relative)


def _output(res: _Res | None) -> tuple[str | None, str, str | None, bool]:
    if res is None or not (1 <= res[0][1] <= 9999 and 1 <= res[1][1] <= 9999):
        return (None, "unresolved", None, True)
    lo, hi, relative = res
    if lo == hi:
        return (_fmt(lo), lo[0], None, relative)
    return (_fmt(lo), "range", _fmt(hi), relative)


def _select(text: str) -> list[_Atom]:
    """All atoms, overlaps resolved in favour of the longest (then strong) one."""
    cands = _candidates(text)
    if not cands:
        return []
    cands.sort(key=lambda a: (a.start - a.end, not a.strong, a.start))
    taken = bytearray(len(text))
    chosen: list[_Atom] = []
    for a in cands:
        if taken.find(1, a.start, a.end) == -1:
            taken[a.start : a.end] = b"\x01" * (a.end - a.start)
            chosen.append(a)
    chosen.sort(key=lambda a: a.start)
    return chosen


def find_dates(text: str, published: date | None, article_key: str) -> list[DateMention]:
    """All date expressions in text with character offsets into text, normalised."""
    return _assemble(text, published, article_key, _select(text))


def _assemble(text: str, published: date | None, article_key: str, chosen: list[_Atom]) -> list[DateMention]:
    """Mentions from the selected atoms: adjacent ones joined into ranges or lists."""
    out: list[DateMention] = []
    i = 0
    n = len(chosen)
    while i < n:
        a = chosen[i]
        if i + 1 < n:
            b = chosen[i + 1]
            gap = text[a.end : b.start]
            g = _RANGE_GAP.fullmatch(gap)
            if g is not None and (a.strong or b.strong):
                pre = _RANGE_PRE.search(text, max(0, a.start - 12), a.start)
                between = pre is not None and pre.group("w").lower() == "between"
                word = (g.group("w") or "").lower()
                if word != "and" or between:
                    merged = _merge(a, b, published)
                    if merged is not _NO_MERGE:
                        start = pre.start() if pre is not None else a.start
                        res = merged if isinstance(merged, tuple) else None
                        out.append(_record(article_key, text, start, b.end, res))
                        i += 2
                        continue
            if (
                a.strong
                and not b.strong
                and _LIST_GAP.fullmatch(gap)
                and a.kind in (_MONTHISH if b.kind in _MONTHISH else _YEARISH)
            ):
                b.strong = True  # "in May and June", "in 2019, 2020 and 2022"
        if a.strong:
            out.append(_record(article_key, text, a.start, a.end, _safe(a, published)))
        i += 1
    return out


# ------------------------------------------------------------------ normalise_date


def normalise_date(expr: str, published: date | None) -> tuple[str | None, str, str | None, bool] | None:
    """(value, granularity, end_value, relative) or None if expr is not a date expression.

    ``expr`` may carry a leading preposition ("on Thursday", "in 2023") and trailing
    punctuation. A bare month or year ("May", "2023") counts, since the caller says it
    is a date. Absolute strings the grammar does not know (a timestamp,
    "2 January 2024 10:00 GMT") fall back to ``dateparser`` with settings that require
    an explicit month and year.
    """
    for prefix in ("", "in "):
        probe = prefix + expr
        mentions = find_dates(probe, published, "")
        if len(mentions) == 1:
            m = mentions[0]
            if _LEAD_OK.fullmatch(probe, 0, m.start) and _TAIL_OK.fullmatch(probe, m.end):
                return (m.value, m.granularity, m.end_value, m.relative)
    if _BARE_YEAR_EXPR.fullmatch(expr):
        return (expr.strip(), "year", None, False)
    return _dateparser_fallback(expr, published)


def _dateparser_fallback(expr: str, published: date | None) -> tuple[str | None, str, str | None, bool] | None:
    if len(expr) > 80 or _DP_GATE_RELATIVE.search(expr):
        return None
    years = set(_DP_GATE_YEAR.findall(expr))
    ymd = _DP_GATE_YMD.search(expr)
    if not years or not (ymd or _DP_GATE_MONTH.search(expr)):
        return None
    from dateparser.date import DateDataParser  # slow import, needed only here

    base = datetime(published.year, published.month, published.day) if published else None
    settings: dict[str, object] = {
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["month", "year"],
        "PREFER_DATES_FROM": "past",
    }
    if base is not None:
        settings["RELATIVE_BASE"] = base
    try:
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(expr)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    d = data.date_obj
    if d is None or str(d.year) not in years:
        return None
    if ymd is not None and (d.month, d.day) != (int(ymd.group(2)), int(ymd.group(3))):
        return None  # dateparser read it as year-day-month: a guess
    if data.period == "month":
        return (f"{d.year:04d}-{d.month:02d}", "month", None, False)
    if data.period in ("day", "time"):
        return (f"{d.year:04d}-{d.month:02d}-{d.day:02d}", "day", None, False)
    return None
