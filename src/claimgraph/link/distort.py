"""How a rewrite departs from its origin, sentence by sentence.

The alignment pairs each rewrite sentence with the origin sentence it rewords; each aligned
pair is then compared on what analysts care about: hedges, attribution, numbers, entities
and the words that tie an entity to the claim ("from Iran" vs "with proximity to Iran").
Unaligned rewrite sentences are additions, told apart as speculation or filler.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from claimgraph.link.features import ArticleFeatures
from claimgraph.link.rules import Thresholds, align
from claimgraph.models import Article, Extraction

HEDGE = re.compile(
    r"\b(?:may|might|could|possibly|perhaps|reportedly|allegedly|alleged|likely|unlikely|appears?|appeared|"
    r"seems?|suggests?|suggested|believed|suspected|potential(?:ly)?|speculated?|unconfirmed|unclear|"
    r"uncertain|probably)\b",
    re.IGNORECASE,
)
_FUNCTION = re.compile(r"[\w’'-]+")
# Prepositions that carry who did what to whom: "from Iran" changed to "near Iran" matters,
# "of Dovrenets" to "on Dovrenets" does not.
_RELATION = frozenset({"from", "to", "by", "with", "against", "for"})
_PREPS = frozenset({"from", "to", "with", "by", "near", "in", "of", "against", "for", "at", "on", "into", "toward",
                    "towards", "via", "through", "without", "about", "over", "under", "around"})


@dataclass
class Change:
    kind: str  # hedge_dropped | hedge_added | attribution_lost | attribution_added | number_changed |
    # entity_swapped | relation_changed | added_speculation | added_filler | dropped
    detail: str


@dataclass
class SentencePair:
    origin: tuple[int, int] | None  # sentence span in the origin (None: added in the rewrite)
    rewrite: tuple[int, int] | None  # sentence span in the rewrite (None: dropped)
    origin_text: str
    rewrite_text: str
    similarity: float
    changes: list[Change] = field(default_factory=list)


def _in(span: tuple[int, int], start: int, end: int) -> bool:
    return span[0] <= start and end <= span[1]


def _sources(ex: Extraction, span: tuple[int, int]) -> set[str]:
    return {c.source for c in ex.claims if _in(span, c.sentence_start, c.sentence_end) or _in(span, c.start, c.end)}


def _entities(ex: Extraction, span: tuple[int, int]) -> dict[str, int]:
    # Provisional names (found by the model, not in a pack) are too noisy to call a swap.
    return {m.entity: m.start for m in ex.entities if _in(span, m.start, m.end) and not m.provisional}


def _lead(text: str, start: int, n: int = 3) -> str:
    """The words just before a mention: the relation that ties it to the sentence."""
    before = _FUNCTION.findall(text[max(0, start - 60):start])
    return " ".join(before[-n:]).lower()


def compare(
    origin: Article, o_ex: Extraction, o_feat: ArticleFeatures,
    rewrite: Article, r_ex: Extraction, r_feat: ArticleFeatures, th: Thresholds,
) -> list[SentencePair]:
    """Sentence-to-sentence comparison of ``rewrite`` against ``origin``, in rewrite order."""
    both = len(r_feat.sent_vecs) and len(o_feat.sent_vecs)
    sims = r_feat.sent_vecs @ o_feat.sent_vecs.T if both else np.zeros((0, 0))
    # A looser bar than for deciding "rewrite": here the question is which origin sentence a
    # rewrite sentence came from, and distortions lower the similarity they are measured by.
    pairs = align(sims, th.sentence_aligned - 0.15)
    matched_r = {i: (j, s) for i, j, s in pairs}
    matched_o = {j for _, j, _ in pairs}
    out: list[SentencePair] = []
    for i, r_span in enumerate(r_feat.sentences):
        r_text = rewrite.text[r_span[0]:r_span[1]]
        if i not in matched_r:
            kind = "added_speculation" if HEDGE.search(r_text) else "added_filler"
            out.append(SentencePair(None, r_span, "", r_text, 0.0, [Change(kind, "no counterpart in the origin")]))
            continue
        j, s = matched_r[i]
        o_span = o_feat.sentences[j]
        o_text = origin.text[o_span[0]:o_span[1]]
        out.append(SentencePair(o_span, r_span, o_text, r_text, s,
                                _changes(origin, o_ex, o_span, o_text, rewrite, r_ex, r_span, r_text)))
    for j, o_span in enumerate(o_feat.sentences):
        if j not in matched_o:
            o_text = origin.text[o_span[0]:o_span[1]]
            out.append(SentencePair(o_span, None, o_text, "", 0.0, [Change("dropped", "not carried into the rewrite")]))
    return out


def _changes(
    origin: Article, o_ex: Extraction, o_span: tuple[int, int], o_text: str,
    rewrite: Article, r_ex: Extraction, r_span: tuple[int, int], r_text: str,
) -> list[Change]:
    changes: list[Change] = []
    o_hedges = {m.group().lower() for m in HEDGE.finditer(o_text)}
    r_hedges = {m.group().lower() for m in HEDGE.finditer(r_text)}
    if o_hedges and not r_hedges:
        changes.append(Change("hedge_dropped", f"origin says {', '.join(sorted(o_hedges))!s}; the rewrite states it"))
    elif r_hedges and not o_hedges:
        changes.append(Change("hedge_added", f"the rewrite adds {', '.join(sorted(r_hedges))}"))
    o_src = _sources(o_ex, o_span) - {"author"}
    r_src = _sources(r_ex, r_span) - {"author"}
    if o_src and not r_src:
        changes.append(Change("attribution_lost", f"origin attributes it to {', '.join(sorted(o_src))}; "
                                                  "the rewrite says it in its own voice"))
    elif r_src and not o_src:
        changes.append(Change("attribution_added", f"the rewrite attributes it to {', '.join(sorted(r_src))}"))
    o_q = [q for q in o_ex.quantities if _in(o_span, q.start, q.end)]
    r_q = [q for q in r_ex.quantities if _in(r_span, q.start, q.end)]
    for qo in o_q:
        same_unit = [qr for qr in r_q if qr.unit == qo.unit]
        if same_unit and all(abs(qr.value - qo.value) > 0.01 * max(abs(qo.value), 1.0) for qr in same_unit):
            changes.append(Change("number_changed", f"{qo.text!r} became {same_unit[0].text!r}"))
    o_ents = _entities(o_ex, o_span)
    r_ents = _entities(r_ex, r_span)
    gone, new = set(o_ents) - set(r_ents), set(r_ents) - set(o_ents)
    if gone and new:
        changes.append(Change("entity_swapped", f"{', '.join(sorted(gone))} became {', '.join(sorted(new))}"))
    for name in sorted(set(o_ents) & set(r_ents)):
        lo, lr = _lead(origin.text, o_ents[name]), _lead(rewrite.text, r_ents[name])
        last_o, last_r = (lo.split() or [""])[-1], (lr.split() or [""])[-1]
        if last_o != last_r and last_o in _RELATION and (last_r in _PREPS or last_r not in _RELATION):
            changes.append(Change("relation_changed", f"'{lo} {name}' became '{lr} {name}'"))
    return changes
