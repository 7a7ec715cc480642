"""The report's figures, drawn by matplotlib (and networkx's matplotlib drawing) as PNG bytes."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date

import matplotlib

matplotlib.use("Agg")  # no display: figures are rendered to bytes

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402

from claimgraph.read.records import Picture  # noqa: E402

MAX_ACTORS = 25  # actors drawn in the network (most often involved first)
CERTAINTY_COLOURS = {"asserted": "#1b5e20", "reported": "#1565c0", "hedged": "#ef6c00", "speculative": "#8e24aa",
                     "denied": "#c62828"}


def _day(value: str) -> date | None:
    v = value.split("/")[0]
    try:
        parts = [int(x) for x in v.split("-")]
    except ValueError:
        return None
    while len(parts) < 3:
        parts.append(1)
    try:
        return date(*parts[:3])
    except ValueError:
        return None


def _png(fig: plt.Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def timeline_png(picture: Picture) -> bytes:
    """Dated events on a time axis, one row per event type, coloured by certainty; events placed
    only by their article's date are drawn hollow."""
    rows = [(d, t) for t in picture.timeline if t.date and (d := _day(t.date))]
    if not rows:
        return b""
    types = sorted({t.type for _, t in rows})
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(types) + 1.6))
    for d, t in rows:
        cert = Counter(e.certainty for e in t.events).most_common(1)[0][0]
        colour = CERTAINTY_COLOURS.get(cert, "#555555")
        ax.scatter([mdates.date2num(d)], [types.index(t.type)], s=40 + 30 * len(t.articles),
                   facecolors="none" if t.placed_by_article_date else colour, edgecolors=colour, linewidths=1.5,
                   zorder=3)
    ax.set_yticks(range(len(types)), [t.replace("_", " ") for t in types])
    ax.xaxis_date()
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.grid(axis="x", color="#dddddd")
    ax.set_ylim(-0.7, len(types) - 0.3)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    handles = [plt.Line2D([], [], marker="o", linestyle="", color=c, label=k) for k, c in CERTAINTY_COLOURS.items()]
    handles.append(plt.Line2D([], [], marker="o", linestyle="", markerfacecolor="none", color="#555555",
                              label="placed by article date"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8,
              title="certainty", title_fontsize=8)
    ax.set_title("Events by date (marker size: number of articles)", fontsize=10)
    fig.autofmt_xdate()
    return _png(fig)


def network_png(picture: Picture) -> bytes:
    """Actors linked when they take part in the same event; line width: how many events."""
    involved: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for t in picture.timeline:
        actors = sorted(set(t.actors))
        involved.update(actors)
        for i, a in enumerate(actors):
            for b in actors[i + 1:]:
                pairs[(a, b)] += 1
    top = {a for a, _ in involved.most_common(MAX_ACTORS)}
    g = nx.Graph()
    g.add_nodes_from(top)
    g.add_weighted_edges_from((a, b, w) for (a, b), w in pairs.items() if a in top and b in top)
    if g.number_of_edges() == 0:
        return b""
    g.remove_nodes_from([n for n in list(g.nodes) if g.degree(n) == 0])
    pos = nx.spring_layout(g, seed=7, k=1.2 / max(1, len(g)) ** 0.5)
    fig, ax = plt.subplots(figsize=(9, 6.5))
    nx.draw_networkx_edges(g, pos, ax=ax, width=[0.8 + 0.8 * d["weight"] for *_, d in g.edges(data=True)],
                           edge_color="#9e9e9e")
    nx.draw_networkx_nodes(g, pos, ax=ax, node_size=[120 + 60 * involved[n] for n in g.nodes],
                           node_color="#90caf9", edgecolors="#1565c0")
    nx.draw_networkx_labels(g, pos, ax=ax, font_size=8)
    ax.set_title("Who acts with or against whom (events in common)", fontsize=10)
    ax.axis("off")
    return _png(fig)
