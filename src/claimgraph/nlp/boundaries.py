"""Sentence-boundary hints the small parser needs on news text, set before it parses.

Three kinds of news typography mislead spaCy's small model, and all cost attribution its
speaker: a heading runs into the paragraph under it and becomes its subject; a rank before a
name ("according to Brig. Gen. Ann Cole") is read as a sentence end, cutting the speaker off
into a sentence of her own; and a dateline ("PARIS (AP) — Foreign Minister Jean Roux says
...") is parsed as the subject of the first sentence, so the city, not the minister, becomes
the speaker. No library marks these (the model's own
tokenizer exceptions know only a few titles), so this sets ``is_sent_start``, which the
parser respects.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

TITLE_ABBREVIATIONS = (
    "Adm. Brig. Capt. Cmdr. Col. Cpl. Gen. Gov. Lt. Maj. Sgt. Pvt. Rep. Sen. Amb. Pres. Prof. Dr. Rev. "
    "Mr. Mrs. Ms. Hon. Supt. Insp. Det. Cdr. Lt.-Gen. Maj.-Gen. Vice-Adm. Rear-Adm."
).split()
"""Ranks and titles written before a name: the next token never starts a sentence."""

# A dateline at the start of a paragraph: a place in capitals, optionally a date and an agency,
# then a dash: "WASHINGTON —", "LONDON, Nov 20 (Reuters) -", "NORFOLK, Va. (WAVY) —",
# "Oct 18 (Reuters) –", "(CNN) —".
DATELINE = re.compile(
    r"(?m)^[ \t]*(?:(?:[A-Z][A-Z.'\- ]{2,40}(?:,[ \t]*[A-Z][\w.]*(?:[ \t]+\d{1,2})?)?|[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2})"
    r"(?:,?[ \t]*\d{4})?[ \t]*(?:\([A-Za-z .&]{2,30}\))?|\([A-Za-z .&]{2,30}\))"
    r"[ \t]*[\u2014\u2013-][ \t]*(?=[A-Z\"\u201c])"
)


def add_title_exceptions(nlp: Language) -> None:
    """Keep "Brig." and the like one token, so the hint below can see them."""
    tokenizer: Tokenizer = nlp.tokenizer  # type: ignore[assignment]
    for abbr in TITLE_ABBREVIATIONS:
        tokenizer.add_special_case(abbr, [{ORTH: abbr}])


def broken_line(doc: Doc, i: int) -> bool:
    """Token ``i`` starts a line that continues the sentence of the line before: it begins in lower
    case and the text before the line break ends in neither punctuation nor a quotation mark."""
    nxt = doc[i]
    prev = next((t for t in reversed(doc[:i]) if not t.is_space), None)
    return bool(nxt.is_alpha and nxt.text[:1].islower() and prev is not None and not prev.is_punct)


@Language.component("claimgraph_sentence_hints")
def sentence_hints(doc: Doc) -> Doc:
    titles = set(TITLE_ABBREVIATIONS)
    for tok in doc[:-1]:
        if tok.text in titles:
            doc[tok.i + 1].is_sent_start = False
        elif tok.is_space and tok.text.count("\n") >= 2 or "\n\n" in tok.whitespace_:
            # No sentence runs across a blank line: a heading is not the subject of the paragraph under it.
            # A line that goes on in lower case after an unfinished one ("... al-Masirah TV" /
            # "reported.") is one sentence a page broke in two.
            doc[tok.i + 1].is_sent_start = not broken_line(doc, tok.i + 1)
    for m in DATELINE.finditer(doc.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None or span.end >= len(doc):
            continue
        for tok in span[1:]:
            tok.is_sent_start = False
        doc[span.end].is_sent_start = True
    return doc
