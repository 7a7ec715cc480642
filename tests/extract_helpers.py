"""Shared helpers for the extraction tests: run the per-article stage and check offsets."""

from __future__ import annotations

from datetime import date

from claimgraph.extract.pipeline import extract_article
from claimgraph.models import Article, Claim, Extraction

PUBLISHED = date(2024, 3, 5)


def check_offsets(text: str, ex: Extraction) -> None:
    """Every record's offsets slice the article text to exactly the record's text."""
    for c in ex.claims:
        assert 0 <= c.start < c.end <= len(text), c
        assert text[c.start : c.end] == c.text, c
    for m in ex.entities:
        assert 0 <= m.start < m.end <= len(text), m
        assert text[m.start : m.end] == m.text, m


def run(text: str, key: str = "art", published: date | None = PUBLISHED) -> Extraction:
    """``extract_article`` on one text, with the offsets of claims and entities checked."""
    ex = extract_article(Article(key=key, text=text, published=published))
    check_offsets(text, ex)
    return ex


def span_of(text: str, sentence: str) -> tuple[int, int]:
    """Where ``sentence`` (which must occur exactly once) sits in ``text``."""
    assert text.count(sentence) == 1, f"{sentence!r} must occur once in the article"
    start = text.index(sentence)
    return start, start + len(sentence)


def claims_in(ex: Extraction, text: str, sentence: str) -> list[Claim]:
    """Claims whose content overlaps ``sentence``."""
    s0, s1 = span_of(text, sentence)
    return [c for c in ex.claims if c.start < s1 and c.end > s0]


def one_claim(ex: Extraction, text: str, sentence: str) -> Claim:
    found = claims_in(ex, text, sentence)
    assert len(found) == 1, f"expected one claim in {sentence!r}, got {[(c.source, c.text) for c in found]}"
    return found[0]
