"""Charts for the Word documents: matplotlib (Agg), no browser, no internet.

The numbers are exactly those of `Store.tallies`, which the projector shows too:
in dot mode the bar is ``total = dots + paper`` with the hand-counted (*manual*) part
drawn as its own hatched segment; in rating mode each idea is a point at its mean
feasibility (x) and impact (y), and the quick-win quadrant is the area above 3 on both.
Only the object-oriented API is used (no pyplot state), so charts can be drawn from
Streamlit's download threads at the same time.
"""

from __future__ import annotations

import io
import textwrap
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import matplotlib

matplotlib.use("Agg", force=False)

from matplotlib.axes import Axes  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.ticker import MultipleLocator  # noqa: E402

from ..domain import Tally  # noqa: E402

APP_COLOR = "#0b5394"  # the app's primary colour (.streamlit/config.toml)
MANUAL_COLOR = "#e69138"
QUADRANT_COLOR = "#d9ead3"
DPI = 150
WIDTH_IN = 6.3  # about the 15.5 cm text width of the documents
MIDDLE = 3.0  # rating scale middle: the quick-win quadrant is above it


@dataclass(frozen=True)
class DotBar:
    """One bar of a dot-voting chart (the numbers drawn)."""

    rank: int
    title: str
    dots: int
    paper: int
    total: int


@dataclass(frozen=True)
class RatingPoint:
    """One point of a rating chart (the numbers drawn)."""

    rank: int
    title: str
    impact: float
    feasibility: float
    ratings: int
    quick_win: bool


@lru_cache(maxsize=1)
def _font() -> str:
    from matplotlib import font_manager

    available = {f.name for f in font_manager.fontManager.ttflist}
    for name in ("Arial", "Liberation Sans", "DejaVu Sans"):
        if name in available:
            return name
    return "sans-serif"


def dot_bars(tallies: Sequence[Tally]) -> list[DotBar]:
    """The bars of a dot chart, best first: total = dots + paper (manual)."""
    return [
        DotBar(t.rank, t.title, t.dots, t.paper, t.total)
        for t in sorted(tallies, key=lambda t: (t.rank, t.idea_id))
    ]


def rating_points(tallies: Sequence[Tally]) -> list[RatingPoint]:
    """The points of a rating chart (ideas without any rating are left out)."""
    return [
        RatingPoint(
            t.rank, t.title, float(t.impact), float(t.feasibility), t.ratings, t.quick_win_quadrant
        )
        for t in sorted(tallies, key=lambda t: (t.rank, t.idea_id))
        if t.impact is not None and t.feasibility is not None
    ]


def _label(rank: int, title: str, width: int = 38) -> str:
    lines = textwrap.wrap(f"{rank}. {title}", width=width, max_lines=2, placeholder=" …")
    return "\n".join(lines)


def _frame(ax: Axes, title: str, font: str) -> None:
    """No top and right spines; the title (if any) bold on the left, '$' as text."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if title:
        ax.set_title(
            title, fontsize=10, fontweight="bold", fontfamily=font, loc="left", parse_math=False
        )


def _dot_bars(ax: Axes, bars: Sequence[DotBar], font: str) -> float:
    """The stacked bars with their totals written after them; the longest total."""
    ys = list(range(len(bars)))[::-1]
    dots = [b.dots for b in bars]
    paper = [b.paper for b in bars]
    ax.barh(ys, dots, color=APP_COLOR, height=0.6, label="Suara aplikasi")
    if any(paper):
        ax.barh(
            ys,
            paper,
            left=dots,
            color=MANUAL_COLOR,
            hatch="//",
            edgecolor="white",
            height=0.6,
            label="Suara manual",
        )
    top = max([b.total for b in bars] + [1])
    for y, b in zip(ys, bars, strict=True):
        text = f"{b.total}" + (f"  ({b.paper} manual)" if b.paper else "")
        ax.text(b.total + top * 0.01, y, text, va="center", ha="left", fontsize=8, fontfamily=font)
    ax.set_yticks(ys)
    # parse_math=False: a '$' in a title is text, not the start of matplotlib's math mode
    ax.set_yticklabels(
        [_label(b.rank, b.title) for b in bars], fontsize=8, fontfamily=font, parse_math=False
    )
    return top


def dot_figure(tallies: Sequence[Tally], title: str = "") -> Figure:
    """Horizontal bars, best on top; the manual part hatched and labelled."""
    bars = dot_bars(tallies)
    font = _font()
    height = max(1.6, 0.5 * len(bars) + 1.0)
    fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    top = _dot_bars(ax, bars, font)
    ax.set_xlim(0, top * 1.22)
    ax.set_xlabel("Jumlah suara", fontsize=8, fontfamily=font)
    ax.tick_params(axis="x", labelsize=7)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    _frame(ax, title, font)
    if any(b.paper for b in bars):
        ax.legend(fontsize=7, loc="lower right", frameon=False, prop={"family": font, "size": 7})
    # fixed margins instead of tight_layout (which draws the figure once more): labels
    # wrap at 38 characters, so the widest one is known
    longest = max(
        (len(line) for b in bars for line in _label(b.rank, b.title).split("\n")), default=10
    )
    left = min(0.5, (longest * 0.56 * 8 / 72 + 0.2) / WIDTH_IN)
    fig.subplots_adjust(
        left=left, right=0.97, top=1 - (0.42 if title else 0.15) / height, bottom=0.5 / height
    )
    return fig


def _rating_points(ax: Axes, points: Sequence[RatingPoint], font: str) -> None:
    """The shaded quick-win quadrant, the middle lines, one numbered dot per idea."""
    ax.add_patch(
        Rectangle((MIDDLE, MIDDLE), 5.2 - MIDDLE, 5.2 - MIDDLE, color=QUADRANT_COLOR, zorder=0)
    )
    ax.text(
        0.98,
        0.98,
        "Kuadran quick win",
        ha="right",
        va="top",
        fontsize=8,
        fontfamily=font,
        color="#38761d",
        fontweight="bold",
        transform=ax.transAxes,
    )
    ax.axhline(MIDDLE, color="#999999", linewidth=0.8, linestyle="--")
    ax.axvline(MIDDLE, color="#999999", linewidth=0.8, linestyle="--")
    for p in points:
        color = "#38761d" if p.quick_win else APP_COLOR
        ax.scatter(
            [p.feasibility],
            [p.impact],
            s=160,
            color=color,
            zorder=3,
            edgecolors="white",
            linewidths=0.8,
        )
        ax.annotate(
            str(p.rank),
            (p.feasibility, p.impact),
            ha="center",
            va="center",
            fontsize=7,
            color="white",
            fontweight="bold",
            zorder=4,
            fontfamily=font,
        )


def rating_figure(tallies: Sequence[Tally], title: str = "") -> Figure:
    """Impact (y) against feasibility (x), 1–5, quick-win quadrant above 3/3 shaded."""
    points = rating_points(tallies)
    font = _font()
    fig = Figure(figsize=(WIDTH_IN * 0.75, WIDTH_IN * 0.55), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    _rating_points(ax, points, font)
    xlo, xhi = _zoom([p.feasibility for p in points])
    ylo, yhi = _zoom([p.impact for p in points])
    ax.set_xlim(xlo, xhi)
    ax.set_ylim(ylo, yhi)
    ax.tick_params(labelsize=7)
    ax.xaxis.set_major_locator(MultipleLocator(0.5 if xhi - xlo > 1.2 else 0.25))
    ax.yaxis.set_major_locator(MultipleLocator(0.5 if yhi - ylo > 1.2 else 0.25))
    ax.set_xlabel("Kelayakan (rata-rata, 1–5)", fontsize=8, fontfamily=font)
    ax.set_ylabel("Dampak (rata-rata, 1–5)", fontsize=8, fontfamily=font)
    _frame(ax, title, font)
    fig.subplots_adjust(left=0.13, right=0.97, bottom=0.14, top=0.9 if title else 0.96)
    return fig


def _zoom(values: Sequence[float], pad: float = 0.25) -> tuple[float, float]:
    """Axis limits around the points, always showing the middle line (3) and within 1–5."""
    lo = max(0.9, min(list(values) + [MIDDLE]) - pad)
    hi = min(5.1, max(list(values) + [MIDDLE]) + pad)
    return lo, hi


def to_png(fig: Figure, dpi: int = DPI) -> bytes:
    """Render a figure to PNG bytes (Agg)."""
    buf = io.BytesIO()
    with warnings.catch_warnings():
        # a title with an emoji the font lacks still renders (as a box)
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def pillar_chart(tallies: Sequence[Tally], mode: str, title: str = "") -> bytes | None:
    """The PNG chart of one pillar's results, or None when there is nothing to draw."""
    if not tallies:
        return None
    if mode == "rating":
        if not rating_points(tallies):
            return None
        return to_png(rating_figure(tallies, title))
    return to_png(dot_figure(tallies, title))
