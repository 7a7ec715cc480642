"""Which sentences can carry claims and events at all.

Headings, questions (rhetorical or FAQ), FAQ answers and list furniture are text, not
statements: an analyst would never cite "What is an ICBM?" or the answer under it as a
claim. This module marks them so the extractors can skip them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from claimgraph.extract.entities import PHOTO_CREDIT
from claimgraph.nlp.boundaries import broken_line

_FAQ_HEADER = re.compile(r"^\s*(frequently asked questions|faqs?|q\s*&\s*a)\b", re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*(\d{1,2}[.)]|[-*•])\s+")
# Photo captions: a numbered image label ("MAXAR 01 - The satellite image shows ..."), or a
# sentence closed by the wire-photo dateline ("..., in Kyiv, Ukraine, October 17, 2022."). Their
# credit lines are matched by entities.PHOTO_CREDIT. A caption restates the story at best.
_IMAGE_LABEL = re.compile(r"^[A-Z][A-Z0-9]+(?: [A-Z0-9]+)* \d{1,3} [-\u2013\u2014] ")
_PHOTO_DATELINE = re.compile(
    r",\s+(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
    r"\s+\d{1,2},\s+\d{4}\.?\s*$")
# Where people stand in the picture: "Antony Blinken (R) meets David Lammy (L)".
_IN_PICTURE = re.compile(r"\((?:L|R|C|left|right|centre|center|front|back|2nd [LR])\)")
# A credit closing the caption's line: "... in St Petersburg, Russia. Reuters", "... 2023. (AFP Photo)".
_CREDIT_TAIL = re.compile(
    r"^[ \t]*(?:\((?:AP|AFP|Reuters|EPA|Getty|Xinhua)(?: Photo| Images)?[^)\n]{0,60}\)"
    r"|(?:Reuters|AFP|AP|EPA|Getty Images|Bloomberg|Anadolu|TASS|Sputnik|Xinhua)(?:[ \t]+via[ \t]+Getty Images)?)"
    r"\.?[ \t]*$")
_WEEKDAY_BEFORE = re.compile(r"(?:\bon|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s*$")
_SAYS = re.compile(r"\b(?:said|says|told|stated|reported|according)\b")


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    text: str

    @property
    def is_question(self) -> bool:
        return self.text.rstrip().endswith("?")

    @property
    def is_heading(self) -> bool:
        """Short, one line, no sentence punctuation at the end: a section title."""
        t = self.text.strip()
        return (
            "\n" not in t
            and len(t.split()) <= 14
            and not t.endswith((".", "!", "?", '"', "'", ";", ","))
        )


def paragraphs(text: str) -> list[Paragraph]:
    out = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
        out.append(Paragraph(m.start(), m.end(), m.group()))
    return out


def excluded_ranges(text: str) -> list[tuple[int, int, str]]:
    """Character ranges that are not statements, each with the reason.

    An FAQ block starts at a "Frequently Asked Questions" line and runs over alternating
    question and answer paragraphs; it ends at the first paragraph after an answer that is
    not a question, so a closing paragraph after the FAQ still counts.
    """
    out: list[tuple[int, int, str]] = []
    paras = paragraphs(text)
    i = 0
    while i < len(paras):
        p = paras[i]
        if _FAQ_HEADER.match(p.text):
            out.append((p.start, p.end, "faq"))
            i += 1
            while i < len(paras) and paras[i].is_question:
                out.append((paras[i].start, paras[i].end, "faq"))
                if i + 1 < len(paras) and not paras[i + 1].is_question:
                    out.append((paras[i + 1].start, paras[i + 1].end, "faq"))
                    i += 2
                else:
                    i += 1
            continue
        if p.is_question:
            out.append((p.start, p.end, "question"))
        elif p.is_heading:
            out.append((p.start, p.end, "heading"))
        i += 1
    return out


class SentenceFilter:
    """Decides, per sentence, whether it may carry claims and events."""

    def __init__(self, text: str) -> None:
        self.ranges = excluded_ranges(text)
        self.text = text

    def reason(self, start: int, end: int, sent_text: str) -> str | None:
        for a, z, why in self.ranges:
            if start < z and end > a and (start >= a or end <= z):
                # The sentence lies (mostly) inside an excluded paragraph.
                inside = min(end, z) - max(start, a)
                if inside >= (end - start) * 0.6:
                    return why
        t = sent_text.strip()
        if t.endswith("?"):
            return "question"
        if _NUMBERED.match(t) and t.endswith("?"):
            return "question"
        if len(t.split()) < 4:
            return "fragment"
        line = self.text[self.text.rfind("\n", 0, start) + 1:start]  # a label split off before the sentence
        if _IMAGE_LABEL.match(t) or _IMAGE_LABEL.match(line + " ") or PHOTO_CREDIT.search(t) or _IN_PICTURE.search(t):
            return "caption"
        eol = self.text.find("\n", end)
        tail = self.text[end:eol if eol >= 0 else len(self.text)]
        if _CREDIT_TAIL.match(tail) or PHOTO_CREDIT.match(tail.strip(" \t\u2013\u2014-")):
            return "caption"  # "... Sept. 10, 2024. \u2014 Alberto Pezzali/AFP via Getty"
        dateline = _PHOTO_DATELINE.search(t)
        if dateline and not _SAYS.search(t) and not _WEEKDAY_BEFORE.search(t[:dateline.start()]):
            return "caption"  # "on Monday, October 17, 2022." dates a told event instead
        return None

    def skip(self, sent: Span, base: int = 0) -> bool:
        return self.reason(base + sent.start_char, base + sent.end_char, sent.text) is not None


def sentences(doc: Doc) -> list[Span]:
    """Sentences, also split at line breaks the parser ran across (headings, list items)."""
    out: list[Span] = []
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.is_space and "\n" in tok.text and not (tok.i + 1 < len(doc) and broken_line(doc, tok.i + 1)):
                if tok.i > start:
                    out.append(doc[start : tok.i])
                start = tok.i + 1
        if start < sent.end:
            out.append(doc[start : sent.end])
    return [s for s in out if s.text.strip()]
