"""The briefing report: what a person hands to a colleague, rendered from read-layer records.

Key judgments first (the best-corroborated claims, with certainty and the count of independent
sources), then the timeline, the actor network, the contested points, which reports are
rewrites of which and what they changed, and the sources. Every statement carries a footnote
to its article and sentence (key and character offsets).
"""

from __future__ import annotations

import base64
import os
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from claimgraph.read.records import Picture, StoryRecord
from claimgraph.report import charts
from claimgraph.staging import OutputError, staging

# How much the report shows; the rest is in the exports.
MAX_JUDGMENTS = 8  # key judgments listed
MAX_TIMELINE_ROWS = 40  # events listed under the chart (the chart shows all dated ones)
MAX_CHANGES_PER_REWRITE = 4  # example departures quoted per rewrite
NAMED_SOURCE_TYPES = ("official", "expert", "organization", "media")

FORMATS = ("html", "md")


class ReportError(Exception):
    """The report cannot be written; the message names the path and why."""


@dataclass
class Footnote:
    n: int
    article_key: str
    title: str | None
    outlet: str | None
    published: str | None
    start: int
    end: int
    sentence: str


def _split(sentence: str, claim: str) -> tuple[str, str, str]:
    """The sentence as (before, claim, after), so a claim is read in its context."""
    sentence = " ".join(sentence.split())
    claim = " ".join(claim.split())
    i = sentence.find(claim) if claim else -1
    if i < 0:
        return "", claim or sentence, ""
    return sentence[:i], claim, sentence[i + len(claim):]


@dataclass
class Judgment:
    text: str  # the claim, shown highlighted in its sentence
    sources: list[str]
    independent: int
    certainty: str  # e.g. "asserted 2, hedged 1"
    articles: int
    notes: list[int]
    sentence: str = ""

    @property
    def parts(self) -> tuple[str, str, str]:
        return _split(self.sentence, self.text)


@dataclass
class TimelineRow:
    date: str
    type: str
    actors: str
    certainty: str
    articles: int
    conflicts: list[str]
    notes: list[int]


@dataclass
class SideRow:
    source: str
    certainty: str
    text: str  # the claim, shown highlighted in its sentence
    note: int
    sentence: str = ""

    @property
    def parts(self) -> tuple[str, str, str]:
        return _split(self.sentence, self.text)


@dataclass
class Contested:
    kind: str
    detail: str
    a: SideRow
    b: SideRow


@dataclass
class Rewrite:
    article: str
    role: str
    parent: str
    changes: str  # e.g. "hedge_dropped 2, entity_swapped 1"
    examples: list[tuple[str, str, int]]  # (kind, detail, footnote)


@dataclass
class Briefing:
    title: str
    generated: str
    scope: str
    counts: dict[str, int]
    judgments: list[Judgment]
    timeline: list[TimelineRow]
    contested: list[Contested]
    rewrites: list[Rewrite]
    sources: list[tuple[str, str | None, str | None, str | None, str | None]]  # key, title, outlet, date, url
    footnotes: list[Footnote] = field(default_factory=list)
    charts: dict[str, bytes] = field(default_factory=dict)  # name -> PNG


class _Notes:
    def __init__(self, picture: Picture, texts: dict[str, str]) -> None:
        self.arts = {a.key: a for a in picture.articles}
        self.texts = texts
        self.by_span: dict[tuple[str, int, int], Footnote] = {}

    def __call__(self, key: str, start: int, end: int, sentence: str | None = None) -> int:
        span = (key, start, end)
        if span not in self.by_span:
            a = self.arts.get(key)
            text = sentence if sentence is not None else self.texts.get(key, "")[start:end]
            self.by_span[span] = Footnote(len(self.by_span) + 1, key, a.title if a else None, a.outlet if a else None,
                                          a.published if a else None, start, end, " ".join(text.split()))
        return self.by_span[span].n


def build(picture: Picture, lineages: list[StoryRecord], texts: dict[str, str]) -> Briefing:
    """The report's content; ``texts`` maps article keys to their cleaned text (for sentences)."""
    note = _Notes(picture, texts)
    judgments = []
    sentence_of = {(c.article_key, c.id): (c.sentence_start, c.sentence_end) for c in picture.claims}
    for c in picture.claim_clusters[:MAX_JUDGMENTS]:
        lead = next((m for m in c.claims if m.source in c.primary_sources), c.claims[0])
        judgments.append(Judgment(
            lead.text, [_who(x) for x in c.primary_sources or sorted({m.source for m in c.claims})],
            c.independent_sources,
            ", ".join(f"{k} {v}" for k, v in sorted(c.certainty.items(), key=lambda kv: -kv[1])),
            len({m.article_key for m in c.claims}),
            [note(m.article_key, *sentence_of.get((m.article_key, m.claim_id), (m.start, m.end)), m.sentence)
             for m in c.claims],
            lead.sentence,
        ))
    if len(judgments) < MAX_JUDGMENTS:  # single-source claims by named sources, stated firmly
        clustered = {(m.article_key, m.claim_id) for c in picture.claim_clusters for m in c.claims}
        by_sentence: dict[tuple[str, int], Judgment] = {}
        for claim in picture.claims:
            firm = claim.certainty in ("asserted", "reported", "denied")
            if claim.source_type not in NAMED_SOURCE_TYPES or not firm or (claim.article_key, claim.id) in clustered:
                continue
            key = (claim.article_key, claim.sentence_start)
            if key in by_sentence:  # one sentence, several sources ("X and Y denied ..."): one judgment
                if claim.source not in by_sentence[key].sources:
                    by_sentence[key].sources.append(claim.source)
                continue
            if len(judgments) >= MAX_JUDGMENTS:
                break
            sentence = texts.get(claim.article_key, "")[claim.sentence_start:claim.sentence_end]
            j = Judgment(claim.text, [claim.source], 1, claim.certainty, 1,
                         [note(claim.article_key, claim.sentence_start, claim.sentence_end)], sentence)
            by_sentence[key] = j
            judgments.append(j)
    timeline = []
    for t in picture.timeline[:MAX_TIMELINE_ROWS]:
        timeline.append(TimelineRow(
            (t.date + (" (article date)" if t.placed_by_article_date else "")) if t.date else "undated", t.type,
            ", ".join(t.actors) or "-", ", ".join(sorted({e.certainty for e in t.events})), len(t.articles),
            t.date_conflicts, [note(e.article_key, e.start, e.end, e.sentence) for e in t.events],
        ))
    contested = []
    for k in picture.contradictions:
        sides = [SideRow(_who(s.source), s.certainty, s.text, note(s.key, s.start, s.end, s.sentence), s.sentence)
                 for s in (k.a, k.b)]
        contested.append(Contested(k.kind, k.detail, sides[0], sides[1]))
    rewrites = []
    for st in lineages:
        for ln in st.lineage:
            examples: list[tuple[str, str, int]] = []
            for p in ln.pairs:
                for ch in p.changes:
                    if len(examples) < MAX_CHANGES_PER_REWRITE and p.rewrite is not None:
                        examples.append((ch.kind, ch.detail, note(ln.article, p.rewrite[0], p.rewrite[1],
                                                                  p.rewrite_text)))
            rewrites.append(Rewrite(ln.article, _ROLE_PHRASES.get(ln.role, ln.role), ln.against,
                                    ", ".join(f"{k} {v}" for k, v in sorted(ln.changes.items())) or "none found",
                                    examples))
    scope = "all articles" if not picture.entity else f"articles naming {picture.entity}"
    if picture.since:
        scope += f", published from {picture.since}"
    brief = Briefing(
        title=f"Briefing: {picture.entity}" if picture.entity else "Briefing",
        generated=f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC by {picture.generator}",
        scope=scope,
        counts={"articles": len(picture.articles), "stories": len(picture.stories), "claims": len(picture.claims),
                "events": len(picture.events), "contradictions": len(picture.contradictions)},
        judgments=judgments, timeline=timeline, contested=contested, rewrites=rewrites,
        sources=[(a.key, a.title, a.outlet, a.published, a.url) for a in picture.articles],
    )
    brief.footnotes = sorted(note.by_span.values(), key=lambda f: f.n)
    brief.charts = {"timeline": charts.timeline_png(picture), "network": charts.network_png(picture)}
    return brief


_ROLE_PHRASES = {"copy": "a copy of", "rewrite": "a rewrite of", "related": "related to"}


def _who(source: str) -> str:
    return "the writer" if source == "author" else source


def _md_cell(value: object) -> str:
    """A value that cannot break a Markdown table row."""
    return " ".join(str(value).split()).replace("|", "\\|")


def _env() -> Environment:
    env = Environment(loader=PackageLoader("claimgraph.report", "templates"),
                      autoescape=select_autoescape(["html", "html.j2"]), trim_blocks=True, lstrip_blocks=True)
    env.filters["cell"] = _md_cell
    return env


def render_html(brief: Briefing) -> str:
    images = {k: "data:image/png;base64," + base64.b64encode(v).decode() for k, v in brief.charts.items() if v}
    return _env().get_template("report.html.j2").render(b=brief, images=images)


def render_md(brief: Briefing, image_dir: str) -> str:
    images = {k: f"{image_dir}/{k}.png" for k, v in brief.charts.items() if v}
    return _env().get_template("report.md.j2").render(b=brief, images=images)


def write(brief: Briefing, fmt: str, out: Path) -> Path:
    """Write the report (HTML: one self-contained file; Markdown: the file and a folder of charts
    beside it), all or nothing."""
    if fmt not in FORMATS:
        raise ReportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    parent = out.parent if str(out.parent) else Path(".")
    if out.is_dir():
        raise ReportError(f"{out}: is a folder; give a file name")
    try:
        with staging(out, "report") as tmp:
            if fmt == "html":
                (tmp / "r").write_text(render_html(brief), encoding="utf-8")
                os.replace(tmp / "r", out)
            else:
                folder = f"{out.stem}_files"
                (tmp / folder).mkdir()
                for name, png in brief.charts.items():
                    if png:
                        (tmp / folder / f"{name}.png").write_bytes(png)
                (tmp / "r").write_text(render_md(brief, folder), encoding="utf-8")
                if (parent / folder).is_dir():
                    shutil.rmtree(parent / folder)
                os.replace(tmp / folder, parent / folder)
                os.replace(tmp / "r", out)
    except OutputError as exc:
        raise ReportError(str(exc)) from exc
    return out
