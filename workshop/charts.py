"""Plotly figures for the projector (the documents use workshop.doccharts instead)."""

from __future__ import annotations

import html
from typing import Sequence

import plotly.graph_objects as go

from .domain import Pillar, Tally

FONT = dict(family="sans-serif", size=22)


def _label(title: str, width: int = 48) -> str:
    """Plotly renders some HTML in text: escape it, and shorten long titles."""
    short = title if len(title) <= width else title[: width - 1] + "…"
    return html.escape(short)


def ranked_bars(tallies: Sequence[Tally], pillar: Pillar, mode: str = "dots") -> go.Figure:
    """Ranked horizontal bars of one pillar: total votes (dots + paper) or impact × feasibility."""
    rows = [t for t in tallies if t.pillar_id == pillar.id]
    rows.sort(key=lambda t: t.rank, reverse=True)  # plotly draws bottom-up
    if mode == "rating":
        values = [round((t.impact or 0) * (t.feasibility or 0), 2) for t in rows]
        text = [f"{v:g}" for v in values]
    else:
        values = [t.total for t in rows]
        text = [f"{t.total}" + (f" ({t.paper} manual)" if t.paper else "") for t in rows]
    fig = go.Figure(go.Bar(
        x=values, y=[f"{t.rank}. {_label(t.title)}" for t in rows], orientation="h",
        text=text, textposition="auto", marker_color="#0b5394", hoverinfo="skip"))
    fig.update_layout(title=dict(text=html.escape(pillar.name), font=dict(size=28)), font=FONT,
                      margin=dict(l=10, r=10, t=60, b=10), height=110 + 60 * max(1, len(rows)),
                      xaxis=dict(visible=False), yaxis=dict(automargin=True),
                      plot_bgcolor="white", paper_bgcolor="white")
    return fig


def impact_feasibility(tallies: Sequence[Tally], pillars: Sequence[Pillar]) -> go.Figure:
    """Impact × feasibility means per idea; the quick-win quadrant (both > 3) is shaded."""
    names = {p.id: p.short for p in pillars}
    rated = [t for t in tallies if t.impact is not None and t.feasibility is not None]
    fig = go.Figure()
    fig.add_shape(type="rect", x0=3, y0=3, x1=5.2, y1=5.2, fillcolor="rgba(46,139,87,0.15)",
                  line=dict(width=0), layer="below")
    fig.add_annotation(x=5.15, y=5.15, text="Quick win", showarrow=False, xanchor="right",
                       yanchor="top", font=dict(size=24, color="seagreen"))
    for pid in dict.fromkeys(t.pillar_id for t in rated):
        group = [t for t in rated if t.pillar_id == pid]
        fig.add_trace(go.Scatter(
            x=[t.feasibility for t in group], y=[t.impact for t in group], mode="markers+text",
            name=html.escape(names.get(pid, str(pid))), text=[_label(t.title, 28) for t in group],
            textposition="top center", marker=dict(size=18), hoverinfo="skip"))
    fig.update_layout(font=FONT, height=700, margin=dict(l=10, r=10, t=30, b=10),
                      xaxis=dict(title="Kelayakan", range=[0.8, 5.2], dtick=1),
                      yaxis=dict(title="Dampak", range=[0.8, 5.2], dtick=1),
                      legend=dict(orientation="h"), plot_bgcolor="white")
    fig.add_hline(y=3, line_dash="dot", line_color="grey")
    fig.add_vline(x=3, line_dash="dot", line_color="grey")
    return fig
