"""Score extracted events, claims, quantities, clusters and contradictions against gold.

The gold format and the matching rules are those of ``claimgraph-gold/1`` (see the
evaluation ``FORMAT.md``). Everything here is a pure function of a :class:`Gold` and a
:class:`Predictions`: no store, no NLP model.

Names
    Actor and source names go through the caller's ``canon`` (alias -> canonical name),
    then are compared case-insensitively, with surrounding space collapsed and a leading
    "the " removed.

Events
    A prediction matches a gold event when its article is one of the gold event's
    articles, the types are equal, at least one actor is shared, and the dates are
    compatible: both are compared at the coarser of their two granularities
    ("2023-07" ~ "2023-07-15", "2023" !~ "2024-01"). A null gold date matches anything; a
    null predicted date does not match a non-null gold date. A predicted range
    ("2023-07-01/2023-07-09") is compared by its start. ``date_exact`` is the share of
    matched pairs whose predicted date string equals the gold one (null == null is exact).

Claims
    A prediction matches a gold claim when its article is one of the gold claim's
    articles, the source matches, and ``claim_similarity(gold summary, predicted claim)``
    is at least :data:`CLAIM_SIMILARITY_THRESHOLD`.

    Source rule: 'author' (or source_type author) only matches 'author'. A *generic* gold
    source -- all lower case ('analysts', 'reports') or ending in one of
    :data:`GENERIC_NOUNS` ('White House officials', 'Russian diplomats') -- matches when
    the source types are equal, or the names are equal, or the predicted source ends in the
    same generic noun (singular or plural). Any other gold source matches when the names
    are equal or one name's words are a subset of the other's, plural 's' ignored ('Postol' ~
    'Theodore Postol', 'Rebels' ~ 'Rebel group'), also after folding transliterations (y as i,
    no hyphens or doubled letters: 'Vitali Klitschko' ~ 'Vitaly Klitschko'), or when one is
    the acronym of the other ('UKMTO' ~ 'United Kingdom Maritime Trade Operations').

    Text similarity (lexical, asymmetric, in 0..1): the share of the gold summary's
    distinct content-word stems that also occur among the stems of the predicted claim's
    text plus its source name (summaries usually name the speaker, while a claim's content
    span often does not). Words are runs of letters/digits, lower-cased; stopwords
    (function words, pronouns, modal verbs and say-verbs -- hedging is scored separately
    as certainty) are dropped; each remaining word goes through :func:`claimgraph.stems.stem`, a crude
    suffix stripper that maps e.g. develop/developing/development,
    supply/supplied/supplies, missile/missiles and transfer/transferred to one stem. A
    summary with no content words has similarity 0.

Quantities
    Same article, ``|pred - gold| <= 1% of |gold|`` on the value, and the same unit after
    :func:`normalise_unit` on both sides (the extractor's unit table: miles -> km with the
    value multiplied by 1.609344, tonnes -> t, passengers -> person, ...; other units in lower
    case with a plural 's' stripped).

One-to-one assignment
    Each gold item matches at most one prediction and vice versa. Candidate pairs are
    taken greedily: claims by descending similarity, events with exact dates first (then
    by the number of shared actors), quantities by ascending relative error; ties in gold
    order, then prediction order. A gold item listing several articles counts once.

Precision, recall, F1
    Precision = matched predictions / predictions whose article is in the gold's
    ``articles`` (others are ignored entirely); recall = matched gold items / gold items.
    When a section has gold items but no predictions (or the reverse) the undefined ratio
    is 0.0; a section with neither has None for every number. ``date_exact`` and
    ``certainty_accuracy`` are None when nothing matched.

Clusters
    B-cubed precision, recall and F1 averaged over every article in the gold's
    ``articles``; an article in no cluster (gold or predicted) is its own cluster, and
    predicted keys outside the gold's articles are ignored.

Claim clusters (corroboration) and event merging
    Pairwise, over the *matched* predictions only (so they judge linking, not extraction):
    every pair of matched predicted claims in two different articles is *same* in the gold
    when the gold claims they match share a ``proposition`` (a gold claim without one is its
    own proposition, so one gold claim listed in two articles is *same* with itself), and
    *same* in the prediction when both sit in one predicted claim cluster. Precision, recall
    and F1 over those pairs; ``largest`` is the size (claims) of the largest predicted claim
    cluster among the gold's articles. Events: the same, with gold events sharing a
    ``summary`` as one real-world event, and the merged timeline entries as clusters.

Contradictions
    Claim to claim: a gold contradiction names two gold claims and is found when a flagged
    contradiction joins a prediction matched to one with a prediction matched to the other.
    Recall = found / gold contradictions. Precision is judged on the flagged contradictions
    whose two sides both match gold claims: the share that join the two claims of a gold
    contradiction. ``flagged`` counts every flagged contradiction among the gold's articles.
    ``article_pair_recall`` is the older, lenient measure: the share of gold contradictions
    whose set of articles equals the set of articles of some flagged pair.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimgraph.models import CERTAINTIES, EVENT_TYPES, Claim, Event, Quantity
from claimgraph.stems import content_stems

GOLD_FORMAT = "claimgraph-gold/1"

CLAIM_SIMILARITY_THRESHOLD = 0.5
"""Minimum :func:`claim_similarity` for a predicted claim to match a gold claim: at
least half of the gold summary's content-word stems must appear in the prediction."""

QUANTITY_TOLERANCE = 0.01
"""Largest accepted relative difference between a predicted and a gold value."""

SOURCE_TYPES: tuple[str, ...] = ("official", "expert", "media", "anonymous", "organization", "author")

GENERIC_NOUNS: frozenset[str] = frozenset(
    """
    analysts experts officials reports diplomats sources observers authorities commentators
    critics researchers scholars specialists witnesses residents lawmakers legislators
    investigators inspectors agencies governments militaries people sceptics skeptics
    pundits insiders watchers monitors spokespeople spokesmen spokeswomen media outlets
    journalists reporters leaders ministers generals commanders intelligence
    """.split()
)
"""Plural common nouns that make a gold source generic ('officials', 'US officials')."""

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_PRED_DATE_RE = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")



class GoldFormatError(Exception):
    """A gold file that cannot be used: names the file and says why, in one line."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason


# ---------------------------------------------------------------- gold


@dataclass
class Gold:
    """A loaded, validated gold file (items keep the file's keys, with defaults filled)."""

    articles: dict[str, dict]
    clusters: list[list[str]]
    events: list[dict]
    claims: list[dict]
    quantities: list[dict]
    contradictions: list[dict]


def load_gold(path: Path) -> Gold:
    """Read and validate a ``claimgraph-gold/1`` file; raise :class:`GoldFormatError`."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldFormatError(path, f"cannot read file: {exc}") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise GoldFormatError(path, f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    try:
        return _parse_gold(data)
    except _Invalid as exc:
        raise GoldFormatError(path, str(exc)) from None


class _Invalid(Exception):
    pass


def _parse_gold(data: Any) -> Gold:
    if not isinstance(data, dict):
        raise _Invalid(f"top level must be a JSON object, not {_json_type(data)}")
    if "format" not in data:
        raise _Invalid(f'missing key \'format\' (expected "format": "{GOLD_FORMAT}")')
    if data["format"] != GOLD_FORMAT:
        raise _Invalid(f"unsupported format {data['format']!r} (expected {GOLD_FORMAT!r})")
    missing = [k for k in ("articles", "clusters", "events", "claims", "quantities", "contradictions") if k not in data]
    if missing:
        raise _Invalid("missing key" + ("s " if len(missing) > 1 else " ") + ", ".join(map(repr, missing)))

    articles_raw = data["articles"]
    if not isinstance(articles_raw, dict):
        raise _Invalid(f"'articles' must be an object, not {_json_type(articles_raw)}")
    articles: dict[str, dict] = {}
    for key, meta in articles_raw.items():
        where = f"articles[{key!r}]"
        if meta is None:
            meta = {}
        if not isinstance(meta, dict):
            raise _Invalid(f"{where} must be an object, not {_json_type(meta)}")
        for k in ("published", "outlet"):
            if meta.get(k) is not None and not isinstance(meta[k], str):
                raise _Invalid(f"{where}.{k} must be a string or null")
        articles[key] = {"published": meta.get("published"), "outlet": meta.get("outlet"), **meta}

    clusters_raw = _list(data, "clusters")
    clusters: list[list[str]] = []
    seen: dict[str, int] = {}
    for i, cluster in enumerate(clusters_raw):
        where = f"clusters[{i}]"
        keys = _str_list(cluster, where)
        for key in keys:
            _known_article(key, articles, where)
            if key in seen:
                raise _Invalid(f"{where}: article {key!r} is already in clusters[{seen[key]}]")
            seen[key] = i
        clusters.append(keys)

    events: list[dict] = []
    for i, item in enumerate(_list(data, "events")):
        where = _where("events", i, item)
        ev = _item(item, where, ("id", "type", "actors", "articles"))
        _req_str(ev, "id", where)
        if ev["type"] not in EVENT_TYPES:
            raise _Invalid(f"{where}: unknown event type {ev['type']!r} (expected one of {', '.join(EVENT_TYPES)})")
        ev["actors"] = _str_list(ev["actors"], f"{where}.actors")
        date = ev.setdefault("date", None)
        if date is not None and (not isinstance(date, str) or not _DATE_RE.match(date)):
            raise _Invalid(f"{where}: date {date!r} is not YYYY-MM-DD, YYYY-MM, YYYY or null")
        _opt_str(ev, "summary", where, default="")
        _opt_str(ev, "location", where)
        _opt_str(ev, "weapon", where)
        ev["articles"] = _article_list(ev["articles"], articles, where)
        events.append(ev)

    claims: list[dict] = []
    for i, item in enumerate(_list(data, "claims")):
        where = _where("claims", i, item)
        cl = _item(item, where, ("id", "source", "source_type", "summary", "certainty", "articles"))
        for k in ("id", "source", "summary"):
            _req_str(cl, k, where)
        if cl["source_type"] not in SOURCE_TYPES:
            raise _Invalid(
                f"{where}: unknown source_type {cl['source_type']!r} (expected one of {', '.join(SOURCE_TYPES)})"
            )
        if cl["certainty"] not in CERTAINTIES:
            raise _Invalid(f"{where}: unknown certainty {cl['certainty']!r} (expected one of {', '.join(CERTAINTIES)})")
        cl["articles"] = _article_list(cl["articles"], articles, where)
        claims.append(cl)

    quantities: list[dict] = []
    for i, item in enumerate(_list(data, "quantities")):
        where = f"quantities[{i}]"
        qu = _item(item, where, ("value", "unit", "articles"))
        if not _is_number(qu["value"]):
            raise _Invalid(f"{where}: value must be a number, not {_json_type(qu['value'])}")
        vmax = qu.setdefault("value_max", None)
        if vmax is not None and not _is_number(vmax):
            raise _Invalid(f"{where}: value_max must be a number or null")
        _req_str(qu, "unit", where)
        _opt_str(qu, "what", where, default="")
        _opt_str(qu, "source", where, default="author")
        if qu.get("id") is None:
            qu["id"] = f"Q{i + 1}"
        qu["articles"] = _article_list(qu["articles"], articles, where)
        quantities.append(qu)

    contradictions: list[dict] = []
    for i, item in enumerate(_list(data, "contradictions")):
        where = f"contradictions[{i}]"
        co = _item(item, where, ("articles",))
        co["articles"] = _article_list(co["articles"], articles, where)
        _opt_str(co, "summary", where, default="")
        co["claims"] = _str_list(co.get("claims", []), f"{where}.claims")
        if co.get("id") is None:
            co["id"] = f"X{i + 1}"
        contradictions.append(co)

    return Gold(articles, clusters, events, claims, quantities, contradictions)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _where(section: str, i: int, item: Any) -> str:
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return f"{section}[{i}] (id {item['id']!r})"
    return f"{section}[{i}]"


def _list(data: dict, key: str) -> list:
    value = data[key]
    if not isinstance(value, list):
        raise _Invalid(f"'{key}' must be an array, not {_json_type(value)}")
    return value


def _item(item: Any, where: str, required: Sequence[str]) -> dict:
    if not isinstance(item, dict):
        raise _Invalid(f"{where} must be an object, not {_json_type(item)}")
    missing = [k for k in required if k not in item]
    if missing:
        raise _Invalid(f"{where}: missing key" + ("s " if len(missing) > 1 else " ") + ", ".join(map(repr, missing)))
    return dict(item)


def _req_str(item: dict, key: str, where: str) -> None:
    if not isinstance(item[key], str) or not item[key].strip():
        raise _Invalid(f"{where}: {key!r} must be a non-empty string, not {_json_type(item[key])}")


def _opt_str(item: dict, key: str, where: str, default: str | None = None) -> None:
    value = item.get(key)
    if value is None:
        item[key] = default
    elif not isinstance(value, str):
        raise _Invalid(f"{where}: {key!r} must be a string or null, not {_json_type(value)}")


def _str_list(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Invalid(f"{where} must be an array of strings")
    return list(value)


def _known_article(key: str, articles: dict[str, dict], where: str) -> None:
    if key not in articles:
        raise _Invalid(f"{where}: article {key!r} is not listed in 'articles'")


def _article_list(value: Any, articles: dict[str, dict], where: str) -> list[str]:
    keys = _str_list(value, f"{where}.articles")
    if not keys:
        raise _Invalid(f"{where}.articles must name at least one article")
    for key in keys:
        _known_article(key, articles, where)
    return keys


# ---------------------------------------------------------------- predictions


@dataclass
class Predictions:
    """What the system produced for the articles of a gold file."""

    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    clusters: list[list[str]] = field(default_factory=list)  # story clusters of article keys
    contradictions: list[tuple[str, str]] = field(default_factory=list)  # (k, k) = in-article
    sentences: dict[str, str] = field(default_factory=dict)  # article key -> article text
    # (article key, claim id) -> claim cluster; (article key, event id) -> merged timeline entry
    claim_clusters: dict[tuple[str, str], int] = field(default_factory=dict)
    event_clusters: dict[tuple[str, str], int] = field(default_factory=dict)
    # flagged contradictions claim to claim: ((key, claim id), (key, claim id), kind, why)
    claim_contradictions: list[tuple[tuple[str, str], tuple[str, str], str, str]] = field(default_factory=list)


# ---------------------------------------------------------------- report


@dataclass
class Match:
    """A gold item and the prediction assigned to it."""

    section: str  # events | claims | quantities
    gold_id: str
    gold_summary: str
    article_key: str
    pred_id: str | None
    pred_text: str
    sentence: str | None = None
    similarity: float | None = None  # claims: claim_similarity
    gold_certainty: str | None = None
    pred_certainty: str | None = None
    gold_date: str | None = None
    pred_date: str | None = None

    @property
    def certainty_agrees(self) -> bool:
        return self.gold_certainty == self.pred_certainty

    @property
    def date_exact(self) -> bool:
        return self.gold_date == self.pred_date


@dataclass
class Miss:
    """A gold item no prediction matched."""

    section: str  # events | claims | quantities | contradictions
    gold_id: str
    summary: str
    articles: list[str]


@dataclass
class FalseAlarm:
    """A prediction (in a gold article) that matched no gold item."""

    section: str  # events | claims | quantities
    article_key: str
    pred_id: str | None
    text: str  # a one-line description of the prediction
    sentence: str | None = None  # the sentence it came from, when the article text is known


@dataclass
class SectionScore:
    """Scores and explanation for events, claims or quantities."""

    name: str
    precision: float | None
    recall: float | None
    f1: float | None
    n_gold: int
    n_pred: int
    matches: list[Match] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)
    false_alarms: list[FalseAlarm] = field(default_factory=list)
    date_exact: float | None = None  # events only
    certainty_accuracy: float | None = None  # claims only

    @property
    def n_matched(self) -> int:
        return len(self.matches)


@dataclass
class ClusterScore:
    precision: float | None
    recall: float | None
    f1: float | None
    n_articles: int


@dataclass
class PairIssue:
    """Two predictions a pairwise measure got wrong: merged apart from the gold, or kept apart."""

    section: str  # claim_clusters | event_merge | contradictions
    kind: str  # false merge | missed merge | false contradiction | missed contradiction
    a: str  # one-line description of each side, with its article
    b: str
    sentence_a: str | None = None
    sentence_b: str | None = None
    gold: str = ""  # what the gold says of the two sides


@dataclass
class PairScore:
    """Pairwise precision, recall and F1 of a grouping (claim clusters or the merged timeline)."""

    precision: float | None
    recall: float | None
    f1: float | None
    n_pairs: int  # pairs of matched predictions in two different articles
    largest: int = 0
    issues: list[PairIssue] = field(default_factory=list)


@dataclass
class ContradictionScore:
    recall: float | None
    n_gold: int
    found: list[str] = field(default_factory=list)  # gold contradiction ids found
    misses: list[Miss] = field(default_factory=list)
    precision: float | None = None
    flagged: int = 0
    judged: int = 0  # flagged contradictions whose two sides both match gold claims
    article_pair_recall: float | None = None
    issues: list[PairIssue] = field(default_factory=list)


@dataclass
class EvalReport:
    events: SectionScore
    claims: SectionScore
    quantities: SectionScore
    clusters: ClusterScore
    contradictions: ContradictionScore
    claim_clusters: PairScore = field(default_factory=lambda: PairScore(None, None, None, 0))
    event_merge: PairScore = field(default_factory=lambda: PairScore(None, None, None, 0))

    @property
    def misses(self) -> list[Miss]:
        return [
            *self.events.misses,
            *self.claims.misses,
            *self.quantities.misses,
            *self.contradictions.misses,
        ]

    @property
    def false_alarms(self) -> list[FalseAlarm]:
        return [*self.events.false_alarms, *self.claims.false_alarms, *self.quantities.false_alarms]

    @property
    def matches(self) -> list[Match]:
        return [*self.events.matches, *self.claims.matches, *self.quantities.matches]

    def to_json(self) -> dict:
        """The machine-readable result of FORMAT.md (numbers in 0..1 or null)."""
        e, c, q, k, x = self.events, self.claims, self.quantities, self.clusters, self.contradictions
        return {
            "events": {"precision": e.precision, "recall": e.recall, "f1": e.f1, "date_exact": e.date_exact},
            "claims": {
                "precision": c.precision,
                "recall": c.recall,
                "f1": c.f1,
                "certainty_accuracy": c.certainty_accuracy,
            },
            "quantities": {"precision": q.precision, "recall": q.recall, "f1": q.f1},
            "clusters": {"precision": k.precision, "recall": k.recall, "f1": k.f1},
            "claim_clusters": {
                "precision": self.claim_clusters.precision,
                "recall": self.claim_clusters.recall,
                "f1": self.claim_clusters.f1,
                "largest": self.claim_clusters.largest,
            },
            "event_merge": {
                "precision": self.event_merge.precision,
                "recall": self.event_merge.recall,
                "f1": self.event_merge.f1,
            },
            "contradictions": {
                "recall": x.recall,
                "precision": x.precision,
                "flagged": x.flagged,
                "article_pair_recall": x.article_pair_recall,
            },
        }


# ---------------------------------------------------------------- text helpers


def normalise_name(name: str, canon: Callable[[str], str] = lambda s: s) -> str:
    """Canonical, comparable form of an actor or source name ("U.S." and "US" are one spelling)."""
    stripped = " ".join(re.sub(r"\b([A-Z])\.(?=[A-Z]\.|\s|$)", r"\1", name).split())
    resolved = canon(stripped)
    if resolved == stripped and stripped.lower().startswith("the "):
        resolved = canon(stripped[4:])
    out = " ".join(resolved.lower().split())
    if out.startswith("the "):
        out = out[4:]
    return out


def claim_similarity(gold_summary: str, pred_text: str) -> float:
    """Share of the gold summary's content stems found in ``pred_text`` (0..1)."""
    gold = content_stems(gold_summary)
    if not gold:
        return 0.0
    return len(gold & content_stems(pred_text)) / len(gold)


_KM = {"km", "kms", "kilometre", "kilometres", "kilometer", "kilometers"}
_MILES = {"mi", "mile", "miles"}
_KM_PER_MILE = 1.609344


def normalise_unit(unit: str, value: float) -> tuple[str, float]:
    """Comparable ``(unit, value)``, the same normalisation on both sides.

    Units the extractor knows go through its own table
    (:func:`claimgraph.extract.quantities.normalise_unit`: tonnes and kg -> t, knots -> km/h,
    nautical miles and miles -> km, percent -> %, passengers, crew and bodies -> person,
    vessels -> ship, nations -> country); anything else is compared in lower case with a plural
    's' stripped.
    """
    from claimgraph.extract.quantities import normalise_unit as known_unit

    known = known_unit(unit.strip())
    if known is not None:
        return known[0], value * known[1]
    u = " ".join(unit.lower().strip().rstrip(".").split())
    if u in _KM:
        return "km", value
    if u in _MILES:
        return "km", value * _KM_PER_MILE
    if len(u) > 2 and u.endswith("s") and not u.endswith("ss"):
        u = u[:-1]
    return u, value


# ---------------------------------------------------------------- matching


def _date_parts(value: str | None, pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    if value is None:
        return None
    m = pattern.match(value)
    if not m:
        return None
    return tuple(p for p in m.groups() if p is not None)


def dates_compatible(gold_date: str | None, pred_date: str | None) -> bool:
    """Equal at the coarser granularity; null gold matches all, null prediction only null."""
    if gold_date is None:
        return True
    if pred_date is None:
        return False
    g = _date_parts(gold_date, _DATE_RE)
    p = _date_parts(pred_date, _PRED_DATE_RE)
    if g is None or p is None:
        return gold_date.strip() == pred_date.strip()
    n = min(len(g), len(p))
    return g[:n] == p[:n]


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _is_author(source: str, source_type: str | None = None) -> bool:
    return source.strip().lower() == "author" or source_type == "author"


def _is_generic(source: str) -> bool:
    words = source.split()
    if not words:
        return False
    if source == source.lower():
        return True
    last = words[-1].lower()
    return last in GENERIC_NOUNS or last + "s" in GENERIC_NOUNS


def source_matches(gold: dict, pred: Claim, canon: Callable[[str], str] = lambda s: s) -> bool:
    """The claim source rule (see the module docstring)."""
    gold_source: str = gold["source"]
    gold_author = _is_author(gold_source, gold.get("source_type"))
    pred_author = _is_author(pred.source, pred.source_type)
    if gold_author or pred_author:
        return gold_author and pred_author
    g = normalise_name(gold_source, canon)
    p = normalise_name(pred.source, canon)
    if _is_generic(gold_source):
        if pred.source_type == gold.get("source_type") or g == p:
            return True
        gold_last = _singular(gold_source.split()[-1].lower())
        pred_words = pred.source.lower().split()
        return bool(pred_words) and _singular(pred_words[-1]) == gold_last
    if not g or not p:
        return False
    if g == p or _acronym_of(gold_source, pred.source) or _acronym_of(pred.source, gold_source):
        return True
    gw, pw = {_singular(w) for w in g.split()}, {_singular(w) for w in p.split()}
    if gw <= pw or pw <= gw:
        return True
    gf, pf = {_fold(w) for w in gw}, {_fold(w) for w in pw}
    return gf <= pf or pf <= gf


def _fold(word: str) -> str:
    """One spelling for a name's transliterations ("Vitaly"/"Vitali", "Zelenskyy"/"Zelensky",
    "Amir-Abdollahian"/"Amirabdollahian"): y as i, no hyphens, no doubled letters."""
    w = word.lower().replace("-", "").replace("y", "i")
    return re.sub(r"(.)\1+", r"\1", w)


_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "on", "in", "&"})


def _acronym_of(short: str, full: str) -> bool:
    """ "UKMTO" for "United Kingdom Maritime Trade Operations": an acronym is an alias of the name
    whose words' initials spell it (a gold file may use either)."""
    s = short.strip()
    if not (3 <= len(s) <= 8 and s.isupper() and s.isalpha()):
        return False
    words = [w for w in re.split(r"[\s-]+", full.strip()) if w and w.lower() not in _ACRONYM_SKIP]
    return len(words) == len(s) and all(w[:1].upper() == ch for w, ch in zip(words, s, strict=True))


def _greedy(candidates: list[tuple[Any, int, int]], pred_articles: Sequence[str]) -> list[tuple[int, int]]:
    """One-to-one assignment per article: take ``(priority, gold_i, pred_i)`` in ascending order.

    A gold item that lists several articles is reported in each of them, so it may match one
    prediction in each article (that prediction is right, not a false alarm); recall still
    counts the gold item once.
    """
    used_gold: set[tuple[int, str]] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, pi in sorted(candidates, key=lambda c: (c[0], c[1], c[2])):
        if (gi, pred_articles[pi]) in used_gold or pi in used_pred:
            continue
        used_gold.add((gi, pred_articles[pi]))
        used_pred.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


def _prf(
    n_matched: int, n_gold: int, n_pred: int, n_gold_matched: int | None = None
) -> tuple[float | None, float | None, float | None]:
    """``n_matched`` predictions matched; ``n_gold_matched`` gold items matched (default the same)."""
    if n_gold == 0 and n_pred == 0:
        return None, None, None
    precision = n_matched / n_pred if n_pred else 0.0
    recall = (n_matched if n_gold_matched is None else n_gold_matched) / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _share(flags: Iterable[bool]) -> float | None:
    values = list(flags)
    return sum(values) / len(values) if values else None


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence containing ``text[start:end]`` (crude: split at . ! ? and newlines)."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    left = max(text.rfind(ch, 0, start) for ch in ".!?\n")
    right_candidates = [i for i in (text.find(ch, end) for ch in ".!?\n") if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return " ".join(text[left + 1 : right].split())


def _quote(pred: Predictions, article_key: str, start: int, end: int, expand: bool = False) -> str | None:
    text = pred.sentences.get(article_key)
    if text is None:
        return None
    if expand or end <= start:
        return _sentence_around(text, start, end) or None
    return " ".join(text[max(0, start) : end].split()) or None


def _event_sentence(pred: Predictions, ev: Event) -> str | None:
    return _quote(pred, ev.article_key, ev.start, ev.end)


def _claim_sentence(pred: Predictions, cl: Claim) -> str | None:
    if cl.sentence_end > cl.sentence_start:
        return _quote(pred, cl.article_key, cl.sentence_start, cl.sentence_end)
    return _quote(pred, cl.article_key, cl.start, cl.end, expand=True)


def _quantity_sentence(pred: Predictions, qu: Quantity) -> str | None:
    return _quote(pred, qu.article_key, qu.start, qu.end, expand=True)


def _describe_event(ev: Event) -> str:
    actors = ", ".join(ev.actors) or "no actors"
    date = ev.date or "no date"
    return f"{ev.type} ({actors}; {date}) trigger {ev.trigger!r}"


def _describe_claim(cl: Claim) -> str:
    return f"{cl.source} [{cl.source_type}, {cl.certainty}]: {cl.text}"


def _describe_quantity(qu: Quantity) -> str:
    value = f"{qu.value:g}" + (f"-{qu.value_max:g}" if qu.value_max is not None else "")
    what = f" ({qu.counted})" if qu.counted else ""
    return f"{value} {qu.unit}{what}: {qu.text!r}"


def _score_events(gold: Gold, pred: Predictions, canon: Callable[[str], str]) -> SectionScore:
    preds = [e for e in pred.events if e.article_key in gold.articles]
    gold_actors = [{normalise_name(a, canon) for a in g["actors"]} - {""} for g in gold.events]
    candidates: list[tuple[Any, int, int]] = []
    for pi, ev in enumerate(preds):
        pred_actors = {normalise_name(a, canon) for a in ev.actors} - {""}
        for gi, g in enumerate(gold.events):
            if ev.article_key not in g["articles"] or ev.type != g["type"]:
                continue
            shared = gold_actors[gi] & pred_actors
            if not shared or not dates_compatible(g["date"], ev.date):
                continue
            exact = g["date"] == ev.date
            candidates.append(((0 if exact else 1, -len(shared)), gi, pi))
    pairs = _greedy(candidates, [p.article_key for p in preds])
    matches = [
        Match(
            section="events",
            gold_id=gold.events[gi]["id"],
            gold_summary=gold.events[gi]["summary"],
            article_key=preds[pi].article_key,
            pred_id=preds[pi].id,
            pred_text=_describe_event(preds[pi]),
            sentence=_event_sentence(pred, preds[pi]),
            gold_certainty=None,
            pred_certainty=preds[pi].certainty,
            gold_date=gold.events[gi]["date"],
            pred_date=preds[pi].date,
        )
        for gi, pi in pairs
    ]
    section = _section("events", gold.events, preds, pairs, matches)
    section.false_alarms = [
        FalseAlarm("events", ev.article_key, ev.id, _describe_event(ev), _event_sentence(pred, ev))
        for pi, ev in enumerate(preds)
        if pi not in {p for _, p in pairs}
    ]
    section.date_exact = _share(m.date_exact for m in matches)
    return section


def _score_claims(gold: Gold, pred: Predictions, canon: Callable[[str], str]) -> SectionScore:
    preds = [c for c in pred.claims if c.article_key in gold.articles]
    candidates: list[tuple[Any, int, int]] = []
    sims: dict[tuple[int, int], float] = {}
    for pi, cl in enumerate(preds):
        pred_words = f"{cl.text} {cl.source if not _is_author(cl.source) else ''}"
        for gi, g in enumerate(gold.claims):
            if cl.article_key not in g["articles"] or not source_matches(g, cl, canon):
                continue
            sim = claim_similarity(g["summary"], pred_words)
            if sim >= CLAIM_SIMILARITY_THRESHOLD:
                sims[gi, pi] = sim
                candidates.append((-sim, gi, pi))
    pairs = _greedy(candidates, [p.article_key for p in preds])
    matches = [
        Match(
            section="claims",
            gold_id=gold.claims[gi]["id"],
            gold_summary=gold.claims[gi]["summary"],
            article_key=preds[pi].article_key,
            pred_id=preds[pi].id,
            pred_text=_describe_claim(preds[pi]),
            sentence=_claim_sentence(pred, preds[pi]),
            similarity=sims[gi, pi],
            gold_certainty=gold.claims[gi]["certainty"],
            pred_certainty=preds[pi].certainty,
        )
        for gi, pi in pairs
    ]
    section = _section("claims", gold.claims, preds, pairs, matches)
    section.false_alarms = [
        FalseAlarm("claims", cl.article_key, cl.id, _describe_claim(cl), _claim_sentence(pred, cl))
        for pi, cl in enumerate(preds)
        if pi not in {p for _, p in pairs}
    ]
    section.certainty_accuracy = _share(m.certainty_agrees for m in matches)
    return section


def _score_quantities(gold: Gold, pred: Predictions) -> SectionScore:
    preds = [q for q in pred.quantities if q.article_key in gold.articles]
    gold_norm = [normalise_unit(g["unit"], float(g["value"])) for g in gold.quantities]
    candidates: list[tuple[Any, int, int]] = []
    for pi, qu in enumerate(preds):
        p_unit, p_value = normalise_unit(qu.unit, float(qu.value))
        for gi, g in enumerate(gold.quantities):
            g_unit, g_value = gold_norm[gi]
            if qu.article_key not in g["articles"] or p_unit != g_unit:
                continue
            diff = abs(p_value - g_value)
            # a tiny absolute slack absorbs float noise from unit conversion
            if diff > QUANTITY_TOLERANCE * abs(g_value) + 1e-9:
                continue
            rel = diff / abs(g_value) if g_value else 0.0
            candidates.append((rel, gi, pi))
    pairs = _greedy(candidates, [p.article_key for p in preds])
    matches = [
        Match(
            section="quantities",
            gold_id=gold.quantities[gi]["id"],
            gold_summary=_gold_quantity_summary(gold.quantities[gi]),
            article_key=preds[pi].article_key,
            pred_id=None,
            pred_text=_describe_quantity(preds[pi]),
            sentence=_quantity_sentence(pred, preds[pi]),
        )
        for gi, pi in pairs
    ]
    section = _section("quantities", gold.quantities, preds, pairs, matches)
    section.misses = [
        Miss("quantities", g["id"], _gold_quantity_summary(g), list(g["articles"]))
        for gi, g in enumerate(gold.quantities)
        if gi not in {gi2 for gi2, _ in pairs}
    ]
    section.false_alarms = [
        FalseAlarm("quantities", qu.article_key, None, _describe_quantity(qu), _quantity_sentence(pred, qu))
        for pi, qu in enumerate(preds)
        if pi not in {p for _, p in pairs}
    ]
    return section


def _gold_quantity_summary(g: dict) -> str:
    value = f"{g['value']:g}" + (f"-{g['value_max']:g}" if g.get("value_max") is not None else "")
    what = f": {g['what']}" if g.get("what") else ""
    return f"{value} {g['unit']}{what}"


def _section(
    name: str, gold_items: list[dict], preds: Sequence[object], pairs: list[tuple[int, int]], matches: list[Match]
) -> SectionScore:
    matched_gold = {gi for gi, _ in pairs}
    precision, recall, f1 = _prf(len(pairs), len(gold_items), len(preds), len(matched_gold))
    misses = [
        Miss(name, g["id"], g.get("summary") or "", list(g["articles"]))
        for gi, g in enumerate(gold_items)
        if gi not in matched_gold
    ]
    return SectionScore(name, precision, recall, f1, len(gold_items), len(preds), matches, misses)


def score_clusters(gold: Gold, pred_clusters: Sequence[Sequence[str]]) -> ClusterScore:
    """B-cubed precision, recall and F1 over the gold's articles."""
    keys = list(gold.articles)
    if not keys:
        return ClusterScore(None, None, None, 0)
    universe = set(keys)
    gold_of = _cluster_index(gold.clusters, universe)
    pred_of = _cluster_index(pred_clusters, universe)
    p_sum = r_sum = 0.0
    for key in keys:
        g = gold_of.get(key, frozenset({key}))
        p = pred_of.get(key, frozenset({key}))
        both = len(g & p)
        p_sum += both / len(p)
        r_sum += both / len(g)
    precision, recall = p_sum / len(keys), r_sum / len(keys)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ClusterScore(precision, recall, f1, len(keys))


def _cluster_index(clusters: Iterable[Iterable[str]], universe: set[str]) -> dict[str, frozenset[str]]:
    """Article -> its cluster (limited to ``universe``); an article's first cluster wins."""
    index: dict[str, frozenset[str]] = {}
    for cluster in clusters:
        members = frozenset(k for k in cluster if k in universe and k not in index)
        for key in members:
            index[key] = members
    return index


def score_contradictions(gold: Gold, pred_pairs: Iterable[tuple[str, str]]) -> ContradictionScore:
    """Article-pair recall only: the share of gold contradictions whose article set is flagged."""
    if not gold.contradictions:
        return ContradictionScore(None, 0)
    flagged = {frozenset(pair) for pair in pred_pairs}
    found = [co["id"] for co in gold.contradictions if frozenset(co["articles"]) in flagged]
    misses = [
        Miss("contradictions", co["id"], co["summary"], list(co["articles"]))
        for co in gold.contradictions
        if frozenset(co["articles"]) not in flagged
    ]
    recall = len(found) / len(gold.contradictions)
    return ContradictionScore(recall, len(gold.contradictions), found, misses, article_pair_recall=recall)


def _matched(section: SectionScore, gold_items: list[dict]) -> dict[tuple[str, str], int]:
    """(article key, prediction id) -> index of the gold item it matched."""
    index = {g["id"]: i for i, g in enumerate(gold_items)}
    return {(m.article_key, m.pred_id): index[m.gold_id] for m in section.matches if m.pred_id is not None}


def _pairwise(
    name: str,
    matched: dict[tuple[str, str], int],
    gold_group: Callable[[int], str],
    pred_group: dict[tuple[str, str], int],
    describe: Callable[[tuple[str, str]], tuple[str, str | None]],
    gold_label: Callable[[int], str],
) -> PairScore:
    """Pairwise agreement of a predicted grouping with the gold's, over matched predictions."""
    items = sorted(matched)
    tp = fp = fn = 0
    issues: list[PairIssue] = []
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            if a[0] == b[0]:
                continue  # pairs across articles only: within one article is extraction's business
            gold_same = gold_group(matched[a]) == gold_group(matched[b])
            ca, cb = pred_group.get(a), pred_group.get(b)
            pred_same = ca is not None and ca == cb
            if gold_same and pred_same:
                tp += 1
            elif pred_same:
                fp += 1
            elif gold_same:
                fn += 1
            if gold_same != pred_same:
                (ta, sa), (tb, sb) = describe(a), describe(b)
                issues.append(PairIssue(
                    name, "false merge" if pred_same else "missed merge", ta, tb, sa, sb,
                    f"gold {gold_label(matched[a])} vs {gold_label(matched[b])}",
                ))
    n = tp + fp + fn
    precision = tp / (tp + fp) if tp + fp else (None if n == 0 else 0.0)
    recall = tp / (tp + fn) if tp + fn else (None if n == 0 else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else (None if n == 0 else 0.0)
    sizes = Counter(c for _k, c in pred_group.items())
    return PairScore(precision, recall, f1, n, max(sizes.values(), default=0), issues)


def score_claim_clusters(gold: Gold, pred: Predictions, claims: SectionScore) -> PairScore:
    """Pairwise claim clusters: gold claims sharing a ``proposition`` are the same."""
    by_id: dict[tuple[str, str], Claim | Event] = {(c.article_key, c.id): c for c in pred.claims}
    return _grouping("claim_clusters", gold.claims, claims, by_id, pred.claim_clusters, pred, gold,
                     lambda g: g.get("proposition") or f"#{g['id']}", lambda g: g.get("proposition") or "alone")


def score_event_merge(gold: Gold, pred: Predictions, events: SectionScore) -> PairScore:
    """Pairwise event merging: gold events sharing a ``summary`` are one real-world event."""
    by_id: dict[tuple[str, str], Claim | Event] = {(e.article_key, e.id): e for e in pred.events}
    return _grouping("event_merge", gold.events, events, by_id, pred.event_clusters, pred, gold,
                     lambda g: (g.get("summary") or "").strip().lower() or f"#{g['id']}",
                     lambda g: g.get("summary") or "")


def _grouping(
    name: str, gold_items: list[dict], section: SectionScore, by_id: dict[tuple[str, str], Claim | Event],
    clusters: dict[tuple[str, str], int], pred: Predictions, gold: Gold,
    group_of: Callable[[dict], str], label_of: Callable[[dict], str],
) -> PairScore:
    def describe(k: tuple[str, str]) -> tuple[str, str | None]:
        rec = by_id[k]
        if isinstance(rec, Claim):
            return f"[{k[0]} {k[1]}] {_describe_claim(rec)}", _claim_sentence(pred, rec)
        return f"[{k[0]} {k[1]}] {_describe_event(rec)}", _event_sentence(pred, rec)

    groups = {k: c for k, c in clusters.items() if k[0] in gold.articles}
    return _pairwise(
        name, _matched(section, gold_items), lambda gi: group_of(gold_items[gi]), groups, describe,
        lambda gi: f"{gold_items[gi]['id']} ({label_of(gold_items[gi])})",
    )


def score_claim_contradictions(gold: Gold, pred: Predictions, claims: SectionScore) -> ContradictionScore:
    """Contradictions claim to claim (see the module docstring), with the article-pair recall."""
    base = score_contradictions(gold, pred.contradictions)
    matched = _matched(claims, gold.claims)
    gold_ids = [c["id"] for c in gold.claims]
    flagged = [x for x in pred.claim_contradictions if x[0][0] in gold.articles and x[1][0] in gold.articles]
    by_id = {(c.article_key, c.id): c for c in pred.claims}
    wanted = {frozenset(co["claims"]): co for co in gold.contradictions if len(set(co["claims"])) == 2}
    found: set[str] = set()
    judged = right = 0
    issues: list[PairIssue] = []

    def side(k: tuple[str, str]) -> tuple[str, str | None]:
        c = by_id.get(k)
        if c is None:
            return f"[{k[0]} {k[1]}] (claim not found)", None
        return f"[{k[0]} {k[1]}] {_describe_claim(c)}", _claim_sentence(pred, c)

    for a, b, kind, why in flagged:
        if a not in matched or b not in matched:
            continue
        judged += 1
        ga, gb = gold_ids[matched[a]], gold_ids[matched[b]]
        co = wanted.get(frozenset((ga, gb)))
        if co is not None:
            right += 1
            found.add(co["id"])
        else:
            (ta, sa), (tb, sb) = side(a), side(b)
            issues.append(PairIssue("contradictions", f"false contradiction ({kind}: {why})", ta, tb, sa, sb,
                                    f"gold {ga} vs {gb}: no contradiction"))
    if not gold.contradictions:
        recall = None
    else:
        recall = len(found) / len(gold.contradictions)
    misses = [
        Miss("contradictions", co["id"], co["summary"], list(co["articles"]))
        for co in gold.contradictions
        if co["id"] not in found
    ]
    precision = right / judged if judged else (0.0 if flagged else None)
    return ContradictionScore(
        recall, len(gold.contradictions), sorted(found), misses, precision, len(flagged), judged,
        base.article_pair_recall, issues,
    )


def score(gold: Gold, pred: Predictions, canon: Callable[[str], str] = lambda s: s) -> EvalReport:
    """Score ``pred`` against ``gold``; ``canon`` maps any name or alias to its canonical name."""
    events = _score_events(gold, pred, canon)
    claims = _score_claims(gold, pred, canon)
    return EvalReport(
        events=events,
        claims=claims,
        quantities=_score_quantities(gold, pred),
        clusters=score_clusters(gold, pred.clusters),
        contradictions=score_claim_contradictions(gold, pred, claims),
        claim_clusters=score_claim_clusters(gold, pred, claims),
        event_merge=score_event_merge(gold, pred, events),
    )
