"""An article with each extraction marked in place, for `claimgraph show --annotate`."""

from __future__ import annotations

from rich.text import Text

from claimgraph.models import Article, Extraction

STYLES = {
    "entity": "bold cyan",
    "date": "bold magenta",
    "quantity": "bold yellow",
    "cue": "bold green",
    "source": "underline green",
    "speculative": "on grey23",
    "hedged": "on grey19",
    "denied": "on dark_red",
}


def render_annotated(article: Article, ex: Extraction) -> Text:
    """Styled text plus a numbered list of claims and events under it."""
    text = Text(article.text)
    for c in ex.claims:
        if c.certainty in STYLES:
            text.stylize(STYLES[c.certainty], c.start, c.end)
    for m in ex.entities:
        text.stylize(STYLES["entity"], m.start, m.end)
    for d in ex.dates:
        text.stylize(STYLES["date"], d.start, d.end)
    for q in ex.quantities:
        text.stylize(STYLES["quantity"], q.start, q.end)
    for a in ex.attributions:
        if a.cue_start is not None and a.cue_end is not None:
            text.stylize(STYLES["cue"], a.cue_start, a.cue_end)
        if a.source_start is not None and a.source_end is not None:
            text.stylize(STYLES["source"], a.source_start, a.source_end)
    out = Text()
    out.append_text(text)
    out.append("\n\nlegend: ")
    for name, style in STYLES.items():
        out.append(name, style=style)
        out.append(" ")
    out.append("\n\nclaims\n", style="bold")
    for c in ex.claims:
        out.append(f"  [{c.start}:{c.end}] {c.source} ({c.source_type}) {c.certainty}"
                   f"{' negative' if c.polarity == 'negative' else ''}: {c.text[:160]}\n")
    out.append("events\n", style="bold")
    for e in ex.events:
        out.append(f"  [{e.start}:{e.end}] {e.type} '{e.trigger}' actors={', '.join(e.actors)} "
                   f"weapon={e.weapon or '-'} location={e.location or '-'} date={e.date or '-'} "
                   f"{e.certainty} ({e.source})\n")
    out.append("quantities\n", style="bold")
    for q in ex.quantities:
        rng = f"{q.value:g}" + (f"–{q.value_max:g}" if q.value_max is not None else "")
        out.append(f"  [{q.start}:{q.end}] {rng} {q.unit} {q.bound} of {q.counted or '?'} ({q.source})\n")
    out.append("dates\n", style="bold")
    for d in ex.dates:
        out.append(f"  [{d.start}:{d.end}] '{d.text}' → {d.value or 'unresolved'} ({d.granularity})\n")
    return out
