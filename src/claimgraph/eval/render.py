"""Rich rendering of an :class:`~claimgraph.eval.scorer.EvalReport`."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from claimgraph.eval.scorer import EvalReport, FalseAlarm, Miss, PairIssue, SectionScore


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def render_table(report: EvalReport, console: Console) -> None:
    """Precision / recall / F1 per section, with date_exact and certainty accuracy."""
    table = Table(title="claimgraph evaluation")
    table.add_column("section")
    table.add_column("precision", justify="right")
    table.add_column("recall", justify="right")
    table.add_column("F1", justify="right")
    table.add_column("matched / gold / predicted", justify="right")
    table.add_column("other")

    def counts(s: SectionScore) -> str:
        return f"{s.n_matched} / {s.n_gold} / {s.n_pred}"

    e, c, q = report.events, report.claims, report.quantities
    table.add_row(
        "events", _num(e.precision), _num(e.recall), _num(e.f1), counts(e), f"date exact {_num(e.date_exact)}"
    )
    table.add_row(
        "claims",
        _num(c.precision),
        _num(c.recall),
        _num(c.f1),
        counts(c),
        f"certainty accuracy {_num(c.certainty_accuracy)}",
    )
    table.add_row("quantities", _num(q.precision), _num(q.recall), _num(q.f1), counts(q), "")
    k = report.clusters
    table.add_row("clusters (B-cubed)", _num(k.precision), _num(k.recall), _num(k.f1), f"{k.n_articles} articles", "")
    for name, ps in (("claim clusters (pairs)", report.claim_clusters), ("event merging (pairs)", report.event_merge)):
        other = f"largest cluster {ps.largest}" if ps is report.claim_clusters else ""
        table.add_row(name, _num(ps.precision), _num(ps.recall), _num(ps.f1), f"{ps.n_pairs} pairs", other)
    x = report.contradictions
    table.add_row(
        "contradictions",
        _num(x.precision),
        _num(x.recall),
        "—",
        f"{len(x.found)} / {x.n_gold} / {x.flagged} flagged",
        f"{x.judged} judged; article-pair recall {_num(x.article_pair_recall)}",
    )
    console.print(table)


def _miss_line(miss: Miss) -> Text:
    line = Text("  MISS ", style="bold red")
    line.append(f"{miss.gold_id} ", style="bold")
    line.append(f"[{', '.join(miss.articles)}] ", style="dim")
    line.append(miss.summary)
    return line


def _alarm_lines(alarm: FalseAlarm) -> list[Text]:
    line = Text("  FALSE ALARM ", style="bold yellow")
    if alarm.pred_id:
        line.append(f"{alarm.pred_id} ", style="bold")
    line.append(f"[{alarm.article_key}] ", style="dim")
    line.append(alarm.text)
    lines = [line]
    if alarm.sentence:
        lines.append(Text(f"      “{alarm.sentence}”", style="italic"))
    return lines


def render_explain(report: EvalReport, console: Console) -> None:
    """Every miss and false alarm with its article and sentence, and certainty disagreements."""
    for section in (report.events, report.claims, report.quantities):
        console.rule(f"{section.name}")
        if not section.misses and not section.false_alarms:
            console.print(Text("  nothing missed, no false alarms", style="green"))
        for miss in section.misses:
            console.print(_miss_line(miss))
        for alarm in section.false_alarms:
            for line in _alarm_lines(alarm):
                console.print(line)
        if section is report.claims:
            for m in section.matches:
                if m.certainty_agrees:
                    continue
                line = Text("  CERTAINTY ", style="bold magenta")
                line.append(f"{m.gold_id} ", style="bold")
                line.append(f"[{m.article_key}] ", style="dim")
                line.append(f"gold {m.gold_certainty}, predicted {m.pred_certainty}: {m.gold_summary}")
                console.print(line)
                if m.sentence:
                    console.print(Text(f"      “{m.sentence}”", style="italic"))
    for title, issues in (
        ("claim clusters", report.claim_clusters.issues),
        ("event merging", report.event_merge.issues),
    ):
        console.rule(title)
        if not issues:
            console.print(Text("  no false or missed merges", style="green"))
        for issue in sorted(issues, key=lambda i: i.kind != "false merge"):
            for line in _pair_lines(issue):
                console.print(line)
    console.rule("contradictions")
    for miss in report.contradictions.misses:
        console.print(_miss_line(miss))
    for issue in report.contradictions.issues:
        for line in _pair_lines(issue):
            console.print(line)


def _pair_lines(issue: PairIssue) -> list[Text]:
    head = Text(f"  {issue.kind.upper()} ", style="bold yellow" if issue.kind.startswith("false") else "bold red")
    head.append(issue.gold, style="dim")
    lines = [head]
    for desc, sentence in ((issue.a, issue.sentence_a), (issue.b, issue.sentence_b)):
        lines.append(Text(f"    {desc}"))
        if sentence:
            lines.append(Text(f"      “{sentence}”", style="italic"))
    return lines
