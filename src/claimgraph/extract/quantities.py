"""Quantities (counts, measurements, money, percentages) in a parsed article.

``find_quantities`` scans the tokens of a spaCy ``Doc`` once. At every token that can
start a number (a digit token, a number word, "a"/"an"/"half" before a scale word) it
parses the longest number phrase, then looks around it for

* a bound cue on the left ("at least", "up to", "about", "between", ...) or on the right
  ("or more", "or so"),
* a range ("1,500 to 2,000", "between 300 and 400", "10-20", "from 10 to 20"),
* a unit: a currency or "Mach" before the number, a physical unit, "%" or "times the
  speed of sound" after it, or else the counted head noun found through the parse,
* what is counted or measured, from the dependency parse.

and drops what is not a quantity: years, dates, times of day, list and section
numbers, model numbers inside names ("KN-23"), vague words ("several", "dozens").
spaCy's entity labels are only used to veto DATE/TIME numbers; every candidate is
checked with the rules here.

All tables are module constants and the few regular expressions are compiled once, so
the cost per article is a handful of dictionary look-ups per number-like token.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.attrs import LOWER

from claimgraph.models import Quantity

if TYPE_CHECKING:  # pragma: no cover - typing only
    from spacy.tokens import Doc, Token

__all__ = ["find_quantities", "normalise_unit", "parse_number"]

# ----------------------------------------------------------------------------- numbers

_ONES: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_BIG_SCALES: dict[str, float] = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
}  # fmt: skip
# Scale abbreviations glued to a number ("1.5bn") or standing after it ("$20 m").
_ABBR_SCALES: dict[str, float] = {"bn": 1e9, "mn": 1e6, "mln": 1e6, "tn": 1e12, "trn": 1e12}
# Only read as scales after a currency sign: elsewhere "m" is metres, "k" a letter.
_MONEY_ABBR_SCALES: dict[str, float] = {"m": 1e6, "b": 1e9, "k": 1e3, "bln": 1e9}
_MULTIPLIED = {"hundred", "dozen"} | set(_BIG_SCALES)
_HYPHENS = {"-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014"}

_NUM_RE = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+")
_NUM_ABBR_RE = re.compile(r"((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(bn|mn|mln|tn|trn|bln|m|b|k)")
# parse_number's own word splitter: numbers (with a glued abbreviation), words, hyphens.
_SPLIT_RE = re.compile(r"\d[\d,]*(?:\.\d+)?[a-z]*|\.\d+|[a-z]+|[-\u2010-\u2014]")


@dataclass(frozen=True, slots=True)
class _Num:
    value: float
    end: int  # index after the last word consumed
    base: float  # the value before the last scale word ("1.5" in "1.5 billion")
    scale: float  # 1.0 when no scale word was used
    year_like: bool  # a bare four-digit integer between 1000 and 2100
    digits: bool  # written with digits
    bare_one: bool  # exactly the word "one"


def _digit_value(word: str) -> float | None:
    if _NUM_RE.fullmatch(word):
        return float(word.replace(",", ""))
    return None


def _parse_seq(words: Sequence[str], i: int, money: bool = False) -> _Num | None:
    """Parse the longest number phrase starting at ``words[i]``.

    ``words`` are lower-cased tokens; hyphens are separate words ("twenty", "-", "five").
    """
    n = len(words)
    j = i
    w = words[i]
    total = 0.0
    current = 0.0
    last = ""  # kind of the last word taken: digit, ones, tens, hundred, scale, dozen
    digits = False
    base = 0.0
    scale = 1.0
    if w == "half" and i + 2 < n and words[i + 1] in ("a", "an") and words[i + 2] in _MULTIPLIED:
        current, last, j = 0.5, "ones", i + 2
    elif w in ("a", "an") and i + 1 < n and words[i + 1] in _MULTIPLIED:
        current, last, j = 1.0, "ones", i + 1
    while j < n:
        w = words[j]
        if not last:
            v = _digit_value(w)
            if v is not None:
                current, last, digits, j = v, "digit", True, j + 1
                continue
            m = _NUM_ABBR_RE.fullmatch(w)
            if m is not None and (m.group(2) in _ABBR_SCALES or money):
                sc = _ABBR_SCALES.get(m.group(2)) or _MONEY_ABBR_SCALES[m.group(2)]
                base = float(m.group(1).replace(",", ""))
                total, current, scale, digits, last, j = base * sc, 0.0, sc, True, "scale", j + 1
                break
        if w in _ONES:
            if last and last not in ("tens", "hundred", "scale", "and"):
                break
            if last == "tens" and _ONES[w] >= 10:
                break
            current += _ONES[w]
            last, j = "ones", j + 1
            continue
        if w in _TENS:
            if last and last not in ("hundred", "scale", "and"):
                break
            current += _TENS[w]
            last, j = "tens", j + 1
            continue
        if w in _HYPHENS and last == "tens" and j + 1 < n and 1 <= _ONES.get(words[j + 1], 0) <= 9:
            j += 1
            continue
        if w == "hundred" and last in ("digit", "ones", "tens") and current < 100:
            current *= 100
            last, j = "hundred", j + 1
            continue
        if w == "dozen" and last in ("digit", "ones", "tens"):
            current *= 12
            last, j = "dozen", j + 1
            break
        if w in _BIG_SCALES and last in ("digit", "ones", "tens", "hundred"):
            sc = _BIG_SCALES[w]
            base, scale = current, sc
            total += current * sc
            current = 0.0
            last, j = "scale", j + 1
            continue
        if last in ("digit", "ones", "tens") and (w in _ABBR_SCALES or (money and w in _MONEY_ABBR_SCALES)):
            sc = _ABBR_SCALES.get(w) or _MONEY_ABBR_SCALES[w]
            base, scale = current, sc
            total += current * sc
            current = 0.0
            last, j = "scale", j + 1
            break
        if w == "and" and j + 1 < n:
            # "two and a half (million)"
            if last in ("digit", "ones", "tens") and j + 2 < n and words[j + 1] == "a" and words[j + 2] == "half":
                current += 0.5
                j += 3
                continue
            # "three hundred and fifty", but not "between 200 and 300" or "two hundred
            # and three hundred": the words after "and" must be below a hundred.
            if last in ("hundred", "scale"):
                k = j + 1
                took = 0
                if k < n and words[k] in _TENS:
                    k += 1
                    took += 1
                    if k + 1 < n and words[k] in _HYPHENS and 1 <= _ONES.get(words[k + 1], 0) <= 9:
                        k += 2
                    elif k < n and 1 <= _ONES.get(words[k], 0) <= 9:
                        k += 1
                elif k < n and words[k] in _ONES:
                    k += 1
                    took += 1
                if took and not (k < n and words[k] in _MULTIPLIED):
                    last = "and"
                    j += 1
                    continue
            break
        break
    if not last:
        return None
    value = total + current
    if not math.isfinite(value):
        return None
    if scale == 1.0:
        base = value
    year_like = digits and j == i + 1 and len(words[i]) == 4 and words[i].isdigit() and 1000 <= value <= 2100
    return _Num(value, j, base, scale, year_like, digits, j == i + 1 and words[i] == "one")


def parse_number(text: str) -> float | None:
    """The value of a number written in digits and/or words, or None.

    Handles "1,500", "3.5", "ten", "twenty-five", "three hundred and fifty", "two dozen",
    "3.5 million", "1.5bn", "half a million", "a dozen", "two and a half million".
    Vague words ("several", "dozens", "hundreds") and ordinals are not numbers.
    """
    words = _SPLIT_RE.findall(text.lower())
    if not words or len("".join(words)) != len("".join(text.lower().split())):
        return None  # something in the text is not part of a number
    num = _parse_seq(words, 0)
    if num is None or num.end != len(words):
        return None
    return num.value


# ----------------------------------------------------------------------------- units

_MILE = 1.609344
_NMI = 1.852

# Physical and currency units after a number, keyed by lower-cased word tuples. Values
# are (normalised unit, factor to multiply the number by).
_UNITS: dict[tuple[str, ...], tuple[str, float]] = {}


def _add(unit: str, factor: float, *names: str) -> None:
    for name in names:
        _UNITS[tuple(name.split())] = (unit, factor)


_add("km", 1.0, "km", "kms", "kilometre", "kilometres", "kilometer", "kilometers")
_add("km", _MILE, "mi", "mile", "miles", "statute miles")
_add("km", _NMI, "nmi", "nautical mile", "nautical miles")
_add("m", 1.0, "m", "metre", "metres", "meter", "meters")
_add("m", 0.01, "cm", "centimetre", "centimetres", "centimeter", "centimeters")
_add("m", 0.3048, "ft", "foot", "feet")
_add("mm", 1.0, "mm", "millimetre", "millimetres", "millimeter", "millimeters")
_add("km2", 1.0, "km2", "km\u00b2", "sq km", "square km", "square kilometres",
     "square kilometers", "square kilometre", "square kilometer")  # fmt: skip
_add("km2", _MILE * _MILE, "square miles", "square mile", "sq mi")
_add("km2", 0.01, "hectare", "hectares", "ha")
_add("t", 1.0, "t", "tonne", "tonnes", "ton", "tons", "metric ton", "metric tons",
     "metric tonne", "metric tonnes")  # fmt: skip
_add("t", 0.001, "kg", "kgs", "kilogram", "kilograms", "kilogramme", "kilogrammes",
     "kilo", "kilos")  # fmt: skip
_add("t", 1e-6, "gram", "grams", "gramme", "grammes")
_add("t", 0.00045359237, "lb", "lbs", "pound", "pounds")
_add("kt", 1.0, "kt", "kiloton", "kilotons", "kilotonne", "kilotonnes")
_add("kt", 1000.0, "megaton", "megatons", "megatonne", "megatonnes")
_add("km/h", 1.0, "km/h", "km / h", "kmh", "kph", "km per hour", "km an hour",
     "kilometres per hour", "kilometers per hour", "kilometres an hour",
     "kilometers an hour")  # fmt: skip
_add("km/h", _MILE, "mph", "miles per hour", "miles an hour")
_add("km/h", _NMI, "knot", "knots", "kn")
_add("km/h", 3.6, "m/s", "m / s", "metres per second", "meters per second")
_add("km/h", 3600.0, "km/s", "km / s", "kilometres per second", "kilometers per second")
_add("Mach", 1.0, "times the speed of sound", "times faster than sound", "times faster than the speed of sound")
_add("%", 1.0, "%", "percent", "per cent", "pct", "per-cent")
_add("pp", 1.0, "percentage point", "percentage points")
_add("USD", 1.0, "dollar", "dollars", "us dollars", "u.s. dollars", "usd", "us$")
_add("EUR", 1.0, "euro", "euros", "eur")
_add("GBP", 1.0, "pounds sterling", "sterling", "gbp")
_add("JPY", 1.0, "yen", "jpy")
_add("CNY", 1.0, "yuan", "renminbi", "cny", "rmb")
_add("KRW", 1.0, "won", "krw")
_add("RUB", 1.0, "ruble", "rubles", "rouble", "roubles", "rub")
_add("INR", 1.0, "rupee", "rupees", "inr")
_add("IRR", 1.0, "rial", "rials", "irr")
_add("UAH", 1.0, "hryvnia", "hryvnias", "uah")
_MAX_UNIT_LEN = max(len(k) for k in _UNITS)

_CURRENCY_UNITS = {"USD", "EUR", "GBP", "JPY", "CNY", "KRW", "RUB", "INR", "IRR", "UAH"}
_LENGTH_UNITS = {"km", "m"}
# A currency or "Mach" written before the number.
_PREFIX_UNITS: dict[str, str] = {
    "$": "USD", "us$": "USD", "usd": "USD", "u.s.$": "USD", "€": "EUR", "eur": "EUR",
    "£": "GBP", "gbp": "GBP", "¥": "JPY", "jpy": "JPY", "₩": "KRW", "krw": "KRW",
    "₽": "RUB", "rub": "RUB", "cny": "CNY", "rmb": "CNY", "₹": "INR", "inr": "INR",
    "₴": "UAH", "uah": "UAH", "mach": "Mach",
}  # fmt: skip
# Single words that are units only in some readings.
_AMBIGUOUS_UNITS = {"m", "t", "mi", "ha", "kn", "kt", "won", "pound", "pounds", "sterling"}

# Count nouns mapped to a small normalised set; other nouns keep their lemma.
_NOUN_UNITS: dict[str, str] = {}
for _unit, _nouns in (
    ("missile", "missile icbm irbm srbm mrbm slbm glcm alcm rocket"),
    ("shell", "shell round"),
    ("container", "container"),
    ("person", "soldier troop people person civilian worker personnel serviceman "
               "servicemen man men woman women child children resident refugee "
               "hostage prisoner sailor marine passenger crew crewman crewmen member body "
               "seafarer fighter victim militant casualty pilot survivor national citizen "
               "migrant journalist mercenary combatant rebel insurgent employee tourist "
               "fisherman fishermen individual fatality death injury hijacker gunman gunmen attacker "
               "captive detainee evacuee other"),
    ("country", "country nation state"),
    ("launcher", "launcher tel"),
    ("drone", "drone uav uas"),
    ("ship", "ship vessel warship"),
):  # fmt: skip
    for _noun in _nouns.split():
        _NOUN_UNITS[_noun] = _unit


def normalise_unit(unit: str) -> tuple[str, float] | None:
    """(normalised unit, factor) for a unit as written, or None if it is not one.

    The factor turns a value in ``unit`` into a value in the normalised unit:
    ``normalise_unit("miles") == ("km", 1.609344)``. Count nouns map to their
    normalised form with factor 1: ``normalise_unit("ICBMs") == ("missile", 1.0)``;
    other nouns are not units here (their lemma is used by ``find_quantities``).
    """
    text = unit.strip()
    if not text:
        return None
    head, sep, period = text.partition(" per ")
    if sep and period.strip().lower() in _RATE_PERIODS:
        inner = normalise_unit(head)
        return (f"{inner[0] if inner else head.lower()} per {period.strip().lower()}", inner[1] if inner else 1.0)
    low = text.lower()
    key = tuple(low.split())
    if key in _UNITS:
        return _UNITS[key]
    if low in _PREFIX_UNITS:
        return (_PREFIX_UNITS[low], 1.0)
    noun = _singular(low)
    if noun in _NOUN_UNITS:
        return (_NOUN_UNITS[noun], 1.0)
    if len(key) > 1 and _singular(key[-1]) in _NOUN_UNITS:
        return (_NOUN_UNITS[_singular(key[-1])], 1.0)
    return None


def _singular(word: str) -> str:
    if word in _NOUN_UNITS:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 2:
        return word[:-1]
    return word


# ----------------------------------------------------------------------------- cues

_BOUND_CUES: dict[tuple[str, ...], str] = {}
for _bound, _cues in (
    ("at_least", "at least|no fewer than|no less than|not less than|not fewer than|more than|"
                 "over|well over|just over|upwards of|in excess of|greater than|well above|"
                 "a minimum of|a total of more than"),
    ("at_most", "as many as|as much as|up to|at most|no more than|not more than|fewer than|"
                "less than|just under|well under|a maximum of|as high as|as long as"),
    ("about", "about|approximately|approx.|approx|around|roughly|some|nearly|almost|"
              "an estimated|estimated|close to|circa|ca.|an approximate|more or less|"
              "in the region of|on the order of|something like"),
):  # fmt: skip
    for _cue in _cues.split("|"):
        _BOUND_CUES[tuple(_cue.split())] = _bound
_MAX_CUE_LEN = max(len(k) for k in _BOUND_CUES)

_SUFFIX_CUES: dict[tuple[str, ...], str] = {
    ("or", "more"): "at_least", ("or", "above"): "at_least", ("plus",): "at_least",
    ("+",): "at_least", ("-", "plus"): "at_least", ("or", "fewer"): "at_most",
    ("or", "less"): "at_most", ("or", "so"): "about",
}  # fmt: skip

_RANGE_SEPS = {"to", "-", "\u2013", "\u2014", "and", "or"}

_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "jan", "jan.", "feb", "feb.",
    "mar", "mar.", "apr", "apr.", "jun", "jun.", "jul", "jul.", "aug", "aug.", "sep",
    "sep.", "sept", "sept.", "oct", "oct.", "nov", "nov.", "dec", "dec.",
}  # fmt: skip
_DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_TIME_WORDS = {
    "a.m.", "p.m.", "am", "pm", "a.m", "p.m", "gmt", "utc", "bst", "cet", "est", "edt",
    "pst", "kst", "jst", "msk", "o'clock", "hrs", "h", "local", "hours.",
}  # fmt: skip
# Nouns that make the following number an identifier, not an amount.
_IDENT_WORDS = {
    "section", "sections", "article", "articles", "paragraph", "paragraphs", "chapter",
    "chapters", "clause", "clauses", "resolution", "resolutions", "no", "no.", "nos.",
    "number", "page", "pages", "p.", "pp.", "item", "items", "annex", "appendix",
    "part", "point", "table", "figure", "fig.", "step", "phase", "stage", "level",
    "category", "grade", "type", "class", "model", "version", "block", "unit",
    "flight", "route", "road", "highway", "room", "building", "gate", "platform",
    "episode", "season", "volume", "vol.", "issue", "rule",
    "question", "footnote", "top", "#", "channel", "squad", "battalion", "brigade",
    "division", "regiment", "corps", "hangar", "launchpad", "reactor", "bunker",
}  # fmt: skip
_CHANGE_VERBS = {
    "rise", "increase", "climb", "jump", "grow", "fall", "drop", "decline", "surge",
    "double", "triple", "raise", "cut", "reduce", "expand", "boost", "lower", "slash",
    "shrink", "soar", "plunge", "go", "move", "swell", "balloon", "dip", "slip", "edge",
}  # fmt: skip
# Nouns that "one" does not count ("one day", "one official said", "one of").
_ONE_EXCLUDED = {
    "day", "time", "way", "thing", "side", "hand", "point", "official", "source",
    "analyst", "expert", "diplomat", "spokesman", "spokeswoman", "spokesperson",
    "observer", "witness", "reason", "example", "question", "issue", "problem", "option",
    "morning", "night", "evening", "afternoon", "week", "month", "year", "hour",
    "minute", "moment", "another", "other", "place", "case", "aspect", "factor",
    "area", "part", "member", "person", "man", "woman", "commentator", "report", "account",
    "version", "view", "step", "stage",
}  # fmt: skip
_ONE_BAD_PREV = {"no", "the", "this", "that", "any", "each", "every", "which", "what",
                 "someone", "anyone", "everyone", "'s", "’s"}  # fmt: skip
_TIME_NOUNS = {"second", "minute", "hour", "day", "week", "month", "year", "decade",
               "century", "night", "weekend"}  # fmt: skip
_RELATIVE_TIME = {"ago", "later", "earlier", "before", "after", "old"}
_DIST_AFTER = {
    "from", "away", "off", "north", "south", "east", "west", "northeast", "northwest",
    "southeast", "southwest", "north-east", "north-west", "south-east", "south-west",
    "inland", "offshore", "outside", "beyond", "short", "distant", "apart", "into",
}  # fmt: skip
_DIMENSION_ADJ = {
    "long": "length", "high": "height", "tall": "height", "wide": "width", "deep": "depth",
    "thick": "thickness", "across": "width", "in diameter": "diameter", "wide.": "width",
}  # fmt: skip
_MEASURE_VERBS = {
    "weigh": "weight", "cost": "cost", "fly": "distance", "travel": "distance",
    "cover": "distance", "spend": "spending", "pay": "payment", "earn": "income",
}  # fmt: skip
# Collective nouns whose "of" phrase says what is counted ("containers of munitions").
_OF_NOUNS = {
    "container", "crate", "box", "batch", "shipment", "wagon", "carriage", "truckload",
    "barrel", "piece", "unit", "round", "load", "package", "tranche", "consignment",
    "pallet", "railcar", "truck", "train", "ton",
}  # fmt: skip
_DEFINITE = {"the", "these", "those", "both", "its", "their", "our", "his", "her", "this", "that",
             "whose", "my", "your"}  # fmt: skip
# Nouns that a small word number usually refers back to rather than counts.
_REFERENCE_NOUNS = {"country", "nation", "side", "leader", "government", "state", "party", "ally",
                    "neighbour", "neighbor", "capital", "power", "superpower", "president",
                    "official", "source", "diplomat", "analyst", "expert", "men", "man", "woman",
                    "sister", "brother", "army", "military", "navy", "company", "firm", "korea"}  # fmt: skip
# Hyphenated "number-noun" adjectives that count nothing.
_HYPHEN_NOT_COUNTS = {"way", "fold", "sided", "party", "nation", "dimensional", "part", "point"}
_NOMINAL_POS = {"ADJ", "NOUN", "PROPN"}
_COUNT_DEPS = {"nummod", "quantmod", "compound", "nmod", "amod", "appos", "npadvmod"}
_BAD_PREV_VAGUE = {"several", "few", "many", "multiple", "numerous", "various", "tens",
                   "hundreds", "thousands", "millions", "dozens"}  # fmt: skip

_WORD_NUMBERS = set(_ONES) | set(_TENS)
_DIGITS = set("0123456789")
_CODE_GLUE = _HYPHENS | {"/", "#"}
_UNIT_FIRST_WORDS = {k[0] for k in _UNITS}
_CUE_LAST_WORDS = {k[-1] for k in _BOUND_CUES}


# ----------------------------------------------------------------------------- scanning


@dataclass(slots=True)
class _Found:
    start_tok: int
    end_tok: int  # exclusive
    value: float
    unit: str
    value_max: float | None
    bound: str
    counted: str | None
    end_char: int | None = None  # set when the span ends inside its last token


def find_quantities(doc: Doc, article_key: str) -> list[Quantity]:
    """Quantities in a parsed doc, offsets are doc character offsets."""
    n = len(doc)
    if n == 0:
        return []
    # One array call and a string-store look-up per token: much cheaper than Token.lower_.
    strings = doc.vocab.strings
    words = [strings[h] for h in doc.to_array(LOWER).tolist()]
    nxt = words[1:] + [""]
    starts = [
        i
        for i, (w, w2) in enumerate(zip(words, nxt, strict=True))
        if w[:1] in _DIGITS
        or (w[:1] == "." and w[1:2] in _DIGITS)
        or w in _WORD_NUMBERS
        or (w2 in _MULTIPLIED and (w == "a" or w == "an"))
        or (w == "half" and (w2 == "a" or w2 == "an"))
    ]
    if not starts:
        return []
    out: list[Quantity] = []
    toks = list(doc)  # list indexing is much cheaper than Doc.__getitem__
    last_end_tok = 0
    skip_to = 0
    for i in starts:
        if i < skip_to:
            continue
        found, skip_to = _try_at(toks, words, i)
        for f in found:
            if f.start_tok < last_end_tok:
                continue
            start = toks[f.start_tok].idx
            last_tok = toks[f.end_tok - 1]
            span_end = last_tok.idx + len(last_tok.text)
            end = span_end if f.end_char is None else min(f.end_char, span_end)
            if end <= start:
                continue
            text = _text(toks, f.start_tok, f.end_tok)
            if end != span_end:
                text = text[: end - start]
            unit = f.unit
            per = _rate(words, f.end_tok) if unit and end == span_end else None
            if per is not None:
                # "10 drones a day" is a rate, not a count: its unit says so and its text includes it.
                unit = f"{unit} per {per}"
                last_tok = toks[f.end_tok + 1]
                end = last_tok.idx + len(last_tok.text)
                text = doc.text[start:end]
            out.append(
                Quantity(
                    article_key=article_key,
                    start=start,
                    end=end,
                    text=text,
                    value=f.value,
                    unit=unit,
                    value_max=f.value_max,
                    bound=f.bound,
                    counted=f.counted,
                )
            )
            last_end_tok = f.end_tok
    return out


_RATE_DETS = frozenset({"a", "an", "per", "each", "every"})
_RATE_PERIODS = frozenset({"day", "night", "week", "month", "year", "hour", "minute"})


def _rate(words: list[str], end_tok: int) -> str | None:
    """The period of a rate written after a quantity ("a day", "per week"), else None."""
    if end_tok + 1 < len(words) and words[end_tok] in _RATE_DETS and words[end_tok + 1] in _RATE_PERIODS:
        return words[end_tok + 1]
    return None


def _glued(toks: list[Token], a: int) -> bool:
    """No whitespace between token ``a`` and token ``a + 1``."""
    return not toks[a].whitespace_


def _text(toks: list[Token], a: int, b: int) -> str:
    """Text of tokens ``a`` to ``b`` (exclusive), as ``doc[a:b].text`` but cheaper."""
    if b - a == 1:
        return toks[a].text
    last = toks[b - 1]
    return "".join([t.text_with_ws for t in toks[a : b - 1]]) + last.text


def _hyphen_glue(toks: list[Token], words: Sequence[str], k: int) -> bool:
    """``words[k]`` is a hyphen joining its neighbours without spaces ("900-km")."""
    return 0 < k < len(words) - 1 and words[k] in _HYPHENS and _glued(toks, k - 1) and _glued(toks, k)


def _match(table: dict[tuple[str, ...], str], words: Sequence[str], end: int, maxlen: int) -> tuple[str, int] | None:
    """Longest key of ``table`` ending just before ``end``: (value, start index)."""
    if end < 1 or words[end - 1] not in _CUE_LAST_WORDS:
        return None
    for length in range(min(maxlen, end), 0, -1):
        key = tuple(words[end - length : end])
        if key in table:
            return table[key], end - length
    return None


def _unit_at(toks: list[Token], words: Sequence[str], u: int, num: _Num) -> tuple[str, float, int, int | None] | None:
    """Unit written at ``words[u:]``: (unit, factor, end index, end char or None)."""
    n = len(words)
    if u >= n:
        return None
    w0 = words[u]
    if w0 not in _UNIT_FIRST_WORDS and not (w0.endswith(".") and w0[:-1] in _UNIT_FIRST_WORDS):
        return None
    for length in range(min(_MAX_UNIT_LEN, n - u), 0, -1):
        key = tuple(words[u : u + length])
        hit = _UNITS.get(key)
        end_char: int | None = None
        if hit is None and length == 1 and key[0].endswith(".") and len(key[0]) > 1:
            # sentence-final abbreviation such as "m." or "km."
            hit = _UNITS.get((key[0][:-1],))
            if hit is not None:
                end_char = toks[u].idx + len(key[0]) - 1
        if hit is None:
            continue
        if length == 1 and key[0].rstrip(".") in _AMBIGUOUS_UNITS:
            w = key[0].rstrip(".")
            tok = toks[u]
            if w == "won" and tok.pos_ == "VERB":
                continue
            if w in ("pound", "pounds"):
                if num.scale >= 1e3:
                    hit = ("GBP", 1.0)
            elif w == "sterling":
                pass
            elif (
                w in ("m", "t", "mi", "ha", "kn", "kt")
                and tok.text not in (w, w + ".")
                and (tok.text != tok.text.lower())
            ):
                continue  # "M", "T": a letter, not a unit
        return hit[0], hit[1], u + length, end_char
    return None


def _np_text(toks: list[Token], head: Token, lo: int) -> str:
    """``head`` with the modifiers on its left (not before ``lo``), e.g. "maximum range"."""
    k = head.i
    while k - 1 >= lo:
        t = toks[k - 1]
        if t.pos_ in ("DET", "NUM", "PRON", "ADP", "CCONJ", "PART", "SYM") or t.is_space:
            break
        if t.is_punct and t.text not in _HYPHENS:
            break
        if t.dep_ in ("poss", "case", "det", "nummod", "quantmod", "predet"):
            break
        if not (head.left_edge.i <= t.i):
            break
        k -= 1
    return _text(toks, k, head.i + 1)


def _span_root(toks: list[Token], s: int, e: int) -> Token:
    """The token of ``toks[s:e]`` whose head lies outside it (first such from the right)."""
    for k in range(e - 1, s - 1, -1):
        h = toks[k].head
        if h.i < s or h.i >= e or h.i == k:
            return toks[k]
    return toks[e - 1]


def _count_head(toks: list[Token], lo: int, hi: int, u: int, strict: bool) -> Token | None:
    """The noun counted by the number phrase ``toks[lo:hi]``; nominal words from ``u``."""
    n = len(toks)
    head: Token | None = None
    for k in range(lo, hi):
        t = toks[k]
        h = t.head
        if h.i >= hi and h.pos_ == "NUM" and t.dep_ in _COUNT_DEPS:
            t, h = h, h.head
        if h.i >= hi and t.dep_ in _COUNT_DEPS and h.pos_ in ("NOUN", "PROPN"):
            head = h
            break
    if head is not None:
        if head.i - u > 8:
            head = None
        else:
            for k in range(u, head.i):
                t = toks[k]
                if (
                    t.is_space
                    or (t.is_punct and t.text not in _HYPHENS)
                    or t.pos_ in ("CCONJ", "ADP", "DET", "PRON", "AUX", "SCONJ")
                ):
                    head = None
                    break
    if head is None and not strict:
        last: Token | None = None
        k = u
        while k < n and k - u < 6:
            t = toks[k]
            if t.pos_ in _NOMINAL_POS or (t.text in _HYPHENS and _glued(toks, k - 1)):
                if t.pos_ == "NOUN" or (t.pos_ == "PROPN" and t.tag_ == "NNPS"):
                    last = t
                k += 1
                continue
            break
        if last is not None and k < n and toks[k].pos_ == "NOUN":
            last = None  # the chunk goes on: not sure where it ends
        head = last
    if head is None:
        return None
    if head.pos_ == "PROPN" and not (head.tag_ in ("NNPS", "NNS") or head.text.endswith("s")):
        return None
    if head.lower_ in _MONTHS or head.lower_ in _DAYS:
        return None
    return head


def _noun_unit(head: Token) -> str:
    lemma = head.lemma_.lower() or head.lower_
    low = head.lower_
    if low.isupper() or head.text[:-1].isupper():
        lemma = _singular(low)
    if lemma == "round":
        for c in head.rights:
            if c.dep_ == "prep" and c.lower_ == "of":
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if objs and objs[0].lemma_.lower() not in (
                    "ammunition",
                    "artillery",
                    "shell",
                    "munition",
                    "ammo",
                    "fire",
                ):
                    return "round"
    if lemma in _NOUN_UNITS:
        return _NOUN_UNITS[lemma]
    sing = _singular(low)
    if sing in _NOUN_UNITS:
        return _NOUN_UNITS[sing]
    return lemma


def _of_object(tok: Token) -> Token | None:
    for c in tok.rights:
        if c.dep_ == "prep" and c.lower_ in ("of", "in"):
            for g in c.children:
                if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN"):
                    return g
    return None


def _measured(
    toks: list[Token], words: Sequence[str], s: int, e: int, unit: str, hyphenated: bool = False
) -> str | None:
    """What a measurement in ``toks[s:e]`` measures, from the parse; None if unclear."""
    n = len(toks)
    if unit == "Mach":
        for k in range(s, e):
            if words[k] == "speed":
                return "speed"
    root = _span_root(toks, s, e)
    head = root.head
    nxt = words[e] if e < n else ""
    if _hyphen_glue(toks, words, e):
        nxt = words[e + 1]  # "10-metre-long"
    if unit in _LENGTH_UNITS and nxt in _DIMENSION_ADJ:
        return _DIMENSION_ADJ[nxt]
    # "a 900-km range", "a $1.5 billion arms deal", "a 500-kg warhead"
    if hyphenated:
        last = None
        k = e
        while k < n and k - e < 4 and toks[k].pos_ in _NOMINAL_POS:
            if toks[k].pos_ == "NOUN":
                last = k
            k += 1
        if last is None and e < n and toks[e].is_alpha and toks[e].pos_ in ("ADV", "VERB", "X"):
            last = e  # a noun the tagger got wrong: "a 1,000-pound warhead/RB"
        if last is not None:
            return _text(toks, e, last + 1)
    if (
        head.i >= e
        and head.pos_ == "NOUN"
        and root.dep_ in ("compound", "nmod", "amod", "nummod", "quantmod", "npadvmod")
        and head.i - e <= 4
        and all(toks[k].pos_ in _NOMINAL_POS or toks[k].text in _HYPHENS for k in range(e, head.i))
    ):
        return _np_text(toks, head, e)
    # "10 metres long", "50 km from Vladivostok", "2,000 km away"
    if unit in _LENGTH_UNITS or unit == "km2":
        if nxt in _DIST_AFTER:
            return "distance"
    # "a range of approximately 900 kilometers", "speeds of up to Mach 10"
    anchor = root
    if anchor.dep_ == "pobj" and anchor.head.lower_ in ("to", "up") and anchor.head.head.lower_ in ("up", "of"):
        anchor = anchor.head  # "of up to": walk to "of"
        while anchor.lower_ != "of" and anchor.head.i != anchor.i and anchor.head.i < anchor.i:
            anchor = anchor.head
        if anchor.lower_ == "of" and anchor.head.pos_ == "NOUN":
            return _np_text(toks, anchor.head, 0)
    if anchor.dep_ == "pobj" and anchor.head.lower_ == "of":
        noun = anchor.head.head
        if noun.pos_ == "NOUN" and noun.i < s:
            return _np_text(toks, noun, 0)
    # "5,000 tonnes of ammunition", "20 percent of the missiles", "$300 million in aid"
    obj = _of_object(root)
    if obj is not None and root.i < obj.i:
        first = obj.i
        while (
            first - 1 > root.i
            and toks[first - 1].dep_ in ("amod", "compound", "nmod")
            and toks[first - 1].head.i == obj.i
        ):
            first -= 1
        return _text(toks, first, obj.i + 1)
    if head.lower_ == "worth":
        return "value"  # "a deal worth $1.5 billion"
    # "The missile's range is about 900 km"
    if root.dep_ in ("attr", "acomp") and head.lemma_ == "be":
        for c in head.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "NOUN":
                return _np_text(toks, c, 0)
    verb = head if head.pos_ == "VERB" else head.head  # "flew 350 km before ..."
    if verb.pos_ == "VERB" and verb.i < s and root.dep_ in ("dobj", "npadvmod", "attr", "advmod", "prep", "pobj"):
        m = _MEASURE_VERBS.get(verb.lemma_.lower())
        if m is not None and (m != "distance" or unit in _LENGTH_UNITS):
            return m
    return None


def _reject_context(toks: list[Token], words: Sequence[str], i: int, num: _Num) -> bool:
    """True when the number at ``i`` is an identifier, date, time or list number."""
    n = len(toks)
    tok = toks[i]
    prev = words[i - 1] if i > 0 else ""
    nxt = words[num.end] if num.end < n else ""
    # model numbers and codes: "KN-23" split as KN - 23, "9/11", "24/7"
    if i >= 1 and _glued(toks, i - 1) and prev in _CODE_GLUE:
        if i >= 2 and _glued(toks, i - 2):
            return True
    if i >= 1 and _glued(toks, i - 1) and toks[i - 1].is_alpha:
        return True
    if num.end < n and _glued(toks, num.end - 1) and nxt == "/":
        return True
    if nxt in _TIME_WORDS or (nxt == ":" and _glued(toks, num.end - 1)):
        return True
    # dates: "December 30", "30 December"
    if num.digits and prev in _MONTHS and (toks[i - 1].text[:1].isupper() or prev not in ("may", "march")):
        return True
    if nxt in _MONTHS and toks[num.end].text[:1].isupper() and num.digits:
        return True
    # list numbering "1. What is", "(1)", "2)"
    if num.digits and num.end == i + 1 and num.value < 100 and nxt in (".", ")"):
        line_start = (
            i == 0
            or "\n" in toks[i - 1].text
            or "\n" in toks[i - 1].whitespace_
            or (prev == "(" and (i == 1 or "\n" in toks[i - 2].text_with_ws))
        )
        if line_start or tok.tag_ == "LS" or tok.is_sent_start or prev == "(":
            return True
    if tok.tag_ == "LS":
        return True
    # identifiers: "Resolution 2397", "Section 3", "Hwasong 18", "Flight 17"
    if prev in _IDENT_WORDS:
        return True
    if prev == "." and i >= 2 and words[i - 2] in ("no", "nos") and _glued(toks, i - 2):
        return True  # "No. 5" split as No . 5
    if i >= 1:
        p = toks[i - 1]
        if (
            p.tag_ in ("NNP", "NNPS")
            and p.lower_ not in _PREFIX_UNITS
            and p.lower_ not in _DAYS
            and not p.is_sent_start
            and (p.text[:1].isupper())
        ):
            return True
    return False


def _try_at(toks: list[Token], words: Sequence[str], i: int) -> tuple[list[_Found], int]:
    """Quantities starting with the number at token ``i``; and where to go on scanning."""
    n = len(toks)
    # ------------------------------------------------ prefix unit: "$", "USD", "Mach"
    prefix: str | None = None
    p_start = i
    if i >= 1 and words[i - 1] in _PREFIX_UNITS:
        prefix = _PREFIX_UNITS[words[i - 1]]
        p_start = i - 1
        if (
            prefix == "USD"
            and words[i - 1] == "$"
            and i >= 2
            and words[i - 2] in ("us", "u.s.")
            and _glued(toks, i - 2)
        ):
            p_start = i - 2
    money = prefix is not None and prefix != "Mach"
    num = _parse_seq(words, i, money)
    if num is None:
        return [], i + 1
    if prefix is None and _reject_context(toks, words, i, num):
        return [], num.end
    if prefix is None and i >= 1 and words[i - 1] in _BAD_PREV_VAGUE:
        return [], num.end
    # ------------------------------------------------ bound cue on the left
    bound = "exact"
    c_start = p_start
    intro = ""
    if p_start >= 1 and words[p_start - 1] in ("between", "from"):
        intro = words[p_start - 1]
        c_start = p_start - 1
    else:
        cue = _match(_BOUND_CUES, words, p_start, _MAX_CUE_LEN)
        if cue is not None:
            # cue words must not straddle a line break
            if not any("\n" in toks[k].whitespace_ for k in range(cue[1], p_start)):
                bound, c_start = cue
    # ------------------------------------------------ range
    value = num.value
    value_max: float | None = None
    j = num.end  # first token after what we have taken so far
    last_num_end = num.end
    unit_info = None
    hyph_unit = False
    if prefix is None:
        unit_info = _unit_at(toks, words, j, num)
        if unit_info is None and _hyphen_glue(toks, words, j):
            # "a 900-km range", "a 500-kg warhead"
            unit_info = _unit_at(toks, words, j + 1, num)
            hyph_unit = unit_info is not None
    sep_at = unit_info[2] if unit_info is not None else j
    if (
        sep_at < n
        and words[sep_at] in _RANGE_SEPS
        and (words[sep_at] != "and" or intro == "between")
        and (words[sep_at] != "to" or intro != "between")
        and (words[sep_at] != "or" or (prefix is None and unit_info is None))
    ):
        k = sep_at + 1
        if prefix is not None and k < n and words[k] in _PREFIX_UNITS and _PREFIX_UNITS[words[k]] == prefix:
            k += 1
        num2 = _parse_seq(words, k, money) if k < n else None
        if num2 is not None:
            v1 = num.value
            if num.scale == 1.0 and num2.scale > 1.0 and num.value <= num2.base:
                v1 = num.value * num2.scale
            if num.year_like and num2.year_like:
                return [], num2.end
            if num2.value > v1:
                unit2 = None
                if prefix is None:
                    unit2 = _unit_at(toks, words, num2.end, num2)
                if unit_info is None or (unit2 is not None and unit2[0] == unit_info[0]):
                    if intro == "from" and _is_change(toks, c_start):
                        # "rose from 10 to 20": two values, not a range
                        return _change_pair(toks, i, p_start, num, k, num2, prefix, unit2)
                    value, value_max, bound = v1, num2.value, "range"
                    if unit2 is not None:
                        unit_info = unit2
                    j = num2.end
                    last_num_end = num2.end
            elif words[sep_at] in _HYPHENS and _glued(toks, sep_at - 1) and _glued(toks, sep_at):
                return [], num2.end  # "13-2" (a vote or score), "1950-53"
            elif (
                words[sep_at] == "to"
                and num2.value <= v1
                and num.digits
                and num2.digits
                and unit_info is None
                and intro != "from"
            ):
                return [], num2.end  # "a 13 to 2 vote", "odds of 10 to 1"
    if bound != "range" and intro:
        # "between"/"from" without a range: the word is not part of the quantity
        c_start = p_start
    if value_max is None and unit_info is not None:
        j = unit_info[2]
    # ------------------------------------------------ bound cue on the right
    if bound in ("exact",):
        for key_len in (2, 1):
            suffix = tuple(words[last_num_end : last_num_end + key_len])
            if suffix in _SUFFIX_CUES and unit_info is None:
                bound = _SUFFIX_CUES[suffix]
                j = last_num_end + key_len
                last_num_end = j
                break
    # ------------------------------------------------ unit
    factor = 1.0
    counted: str | None = None
    end_tok = j
    end_char: int | None = None
    unit: str
    if prefix is not None:
        unit = prefix
        end_tok = last_num_end
        if money and end_tok < n:  # "$5 million dollars"
            tail = _unit_at(toks, words, end_tok, num)
            if tail is not None and tail[0] == prefix:
                end_tok = tail[2]
        counted = _measured(toks, words, p_start, end_tok, unit)
    elif unit_info is not None:
        unit, factor, end_tok, end_char = unit_info
        if num.year_like and unit in _CURRENCY_UNITS and toks[i].ent_type_ == "DATE":
            return [], end_tok
        counted = _measured(toks, words, i, end_tok, unit, hyph_unit)
    else:
        u = last_num_end
        hyph = u < n and words[u] in _HYPHENS and _glued(toks, u - 1) and u + 1 < n and _glued(toks, u)
        head = _count_head(toks, i, last_num_end, u + 1 if hyph else u, strict=num.bare_one)
        partitive = False
        if head is None and not num.bare_one and u + 2 < n and words[u] == "of" and toks[u + 1].pos_ == "DET":
            h2 = _count_head(toks, u + 2, u + 2, u + 2, strict=False)
            if h2 is not None and h2.pos_ == "NOUN" and h2.tag_ in ("NNS", "NNPS"):
                head, partitive = h2, True
        if head is not None:
            unit = _noun_unit(head)
            end_tok = head.i + 1
            if partitive:
                counted = _np_text(toks, head, u + 2)
            else:
                first = u + 1 if hyph else u
                counted = _text(toks, first, head.i + 1)
                if unit in ("container",) or head.lemma_.lower() in _OF_NOUNS:
                    obj = _of_object(head)
                    if obj is not None and obj.i - head.i <= 4:
                        counted = _text(toks, first, obj.i + 1)
            # years and dates dressed as counts: "the 2024 election", "two years ago"
            if num.year_like and (head.tag_ in ("NN", "NNP") or toks[i].ent_type_ == "DATE"):
                return [], end_tok
            if toks[i].ent_type_ in ("DATE", "TIME") and (
                unit not in _TIME_NOUNS or (end_tok < n and words[end_tok] in _RELATIVE_TIME)
            ):
                return [], end_tok
            if hyph and unit in _HYPHEN_NOT_COUNTS:
                return [], end_tok  # "three-way talks", "two-fold"
            if not num.digits and num.value <= 10 and bound == "exact" and value_max is None:
                prev = words[p_start - 1] if p_start >= 1 else ""
                # "the two nations", "between two countries": a reference, not a count
                if prev in _DEFINITE or intro or (num.value <= 3 and unit in _REFERENCE_NOUNS):
                    return [], end_tok
            if num.bare_one and num.end < n and words[num.end] == "such":
                return [], end_tok  # "one such state"
            if num.bare_one:
                prev = words[c_start - 1] if c_start >= 1 else ""
                if (
                    unit in _ONE_EXCLUDED
                    or head.lemma_.lower() in _ONE_EXCLUDED
                    or (bound == "exact" and prev in _ONE_BAD_PREV)
                    or head.pos_ != "NOUN"
                ):
                    return [], end_tok
        else:
            # a bare number: keep digits and cued or ranged numbers only
            if num.bare_one or num.year_like or toks[i].ent_type_ in ("DATE", "TIME"):
                return [], last_num_end
            if not num.digits and bound == "exact" and value_max is None:
                return [], last_num_end
            if (
                last_num_end < n
                and toks[last_num_end].tag_ in ("NNP", "NNPS")
                and toks[last_num_end].text[:1].isupper()
            ):
                return [], last_num_end  # "10 Downing Street", "7 Eleven"
            unit = ""
            end_tok = last_num_end
            counted = _bare_counted(toks, i, last_num_end)
    if value_max is None and prefix is None and num.year_like and not unit:
        return [], end_tok
    value *= factor
    if value_max is not None:
        value_max *= factor
    if not math.isfinite(value) or (value_max is not None and not math.isfinite(value_max)):
        return [], end_tok
    found = _Found(c_start, end_tok, value, unit, value_max, bound, counted, end_char)
    return [found], end_tok


def _bare_counted(toks: list[Token], s: int, e: int) -> str | None:
    """What a number with no unit counts: "the death toll rose to 52" -> "death toll"."""
    root = _span_root(toks, s, e)
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" and head.head.i < s:
        return _np_text(toks, head.head, 0)
    verb = None
    if root.dep_ == "pobj" and head.lower_ in ("to", "at", "by", "from") and head.head.pos_ in ("VERB", "AUX"):
        verb = head.head
    elif root.dep_ in ("attr", "acomp") and head.lemma_ == "be":
        verb = head
    if verb is not None:
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "NOUN":
                return _np_text(toks, c, 0)
    return None


def _is_change(toks: list[Token], from_tok: int) -> bool:
    h = toks[from_tok].head
    for _ in range(3):
        if h.pos_ in ("VERB", "AUX") or h.lemma_.lower() in _CHANGE_VERBS:
            return h.lemma_.lower() in _CHANGE_VERBS
        if h.head.i == h.i:
            break
        h = h.head
    # the parser often hangs "from" off a number: look at the verb just before it
    k = from_tok - 1
    while k >= 0 and k >= from_tok - 3:
        if toks[k].pos_ == "VERB":
            return toks[k].lemma_.lower() in _CHANGE_VERBS
        k -= 1
    return False


def _change_pair(
    toks: list[Token],
    i: int,
    p_start: int,
    num: _Num,
    k: int,
    num2: _Num,
    prefix: str | None,
    unit2: tuple[str, float, int, int | None] | None,
) -> tuple[list[_Found], int]:
    """ "rose from 10 to 20 percent": the old and the new value, each exact."""
    if prefix is not None:
        unit, factor, end2, end_char = prefix, 1.0, num2.end, None
    elif unit2 is not None:
        unit, factor, end2, end_char = unit2
    else:
        unit, factor, end2, end_char = "", 1.0, num2.end, None
    counted = _bare_counted(toks, k, num2.end) if not unit else None
    first = _Found(p_start, num.end, num.value * factor, unit, None, "exact", counted)
    s2 = k - 1 if prefix is not None and k - 1 > num.end and toks[k - 1].lower_ in _PREFIX_UNITS else k
    second = _Found(s2, end2, num2.value * factor, unit, None, "exact", counted, end_char)
    return [first, second], end2
