"""Plotly figures for the projector (the documents use workshop.exports.charts instead).

Ranked bars are HTML (workshop/projector.py: one common scale, sized to the screen); the
impact × feasibility quadrant is a plotly figure laid over its slot on a rating page."""

from __future__ import annotations

import html
from collections.abc import Sequence

import plotly.graph_objects as go

LABEL_PX = 30  # every text in the figure: ≥ 28 px, readable at 8 m on a 1080p projector
INK = "#111111"
ACCENT = "#0b3d73"


def quadrant(
    points: Sequence[tuple[str, float, float]],
    *,
    x_title: str,
    y_title: str,
    quick_label: str = "Quick win",
    color: str = ACCENT,
) -> go.Figure:
    """Impact × feasibility means as numbered points on both axes' full 1–5 scale; the
    quick-win quadrant (both above 3) shaded. `points` are (label, feasibility, impact)."""
    fig = go.Figure()
    fig.add_shape(
        type="rect",
        x0=3,
        y0=3,
        x1=5.4,
        y1=5.4,
        fillcolor="rgba(29,94,42,0.13)",
        line=dict(width=0),
        layer="below",
    )
    fig.add_annotation(
        x=5.35,
        y=5.35,
        text=html.escape(quick_label),
        showarrow=False,
        xanchor="right",
        yanchor="top",
        font=dict(size=LABEL_PX, color="#1d5e2a"),
    )
    fig.add_trace(
        go.Scatter(
            x=[p[1] for p in points],
            y=[p[2] for p in points],
            mode="markers+text",
            text=[html.escape(p[0]) for p in points],
            textposition="middle center",
            textfont=dict(size=LABEL_PX, color="#ffffff"),
            cliponaxis=False,
            marker=dict(
                size=[max(50, 22 * len(p[0]) + 10) for p in points],
                color=color,
                opacity=1,
                line=dict(width=2, color="#ffffff"),
            ),
            hoverinfo="skip",
            showlegend=False,
        )
    )
    axis = dict(
        range=[0.6, 5.4],
        tickmode="array",
        tickvals=[1, 2, 3, 4, 5],
        tickfont=dict(size=LABEL_PX, color=INK),
        showgrid=True,
        gridcolor="#e3e8ef",
        zeroline=False,
        fixedrange=True,
        showline=True,
        linecolor="#888",
        mirror=True,
        automargin=True,
    )
    fig.update_layout(
        font=dict(family="sans-serif", size=LABEL_PX, color=INK),
        autosize=True,
        margin=dict(l=10, r=10, t=10, b=10),
        plot_bgcolor="white",
        paper_bgcolor="white",
        xaxis=dict(
            axis, title=dict(text=html.escape(x_title), font=dict(size=LABEL_PX), standoff=8)
        ),
        yaxis=dict(
            axis, title=dict(text=html.escape(y_title), font=dict(size=LABEL_PX), standoff=8)
        ),
    )
    fig.add_hline(y=3, line_dash="dot", line_color="#666", line_width=2)
    fig.add_vline(x=3, line_dash="dot", line_color="#666", line_width=2)
    return fig
