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
import logging
import textwrap
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import matplotlib

matplotlib.use("Agg", force=False)
# a fallback font without a bold face is used at normal weight: not worth a log line
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)

from matplotlib.axes import Axes  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator, MultipleLocator  # noqa: E402

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

    rank: int | str  # '=2' for a shared rank, as in the table
    title: str
    dots: int
    paper: int
    total: int


@dataclass(frozen=True)
class RatingPoint:
    """One point of a rating chart (the numbers drawn); `rank` is the idea's number in
    the table next to the chart."""

    rank: int | str
    title: str
    impact: float
    feasibility: float
    ratings: int
    quick_win: bool


# Fallback fonts for what Arial lacks: Arabic script, symbols (Debian fonts-noto-core,
# installed by .ci/run); whatever no font has (colour emoji) is left out of the chart label
# (the table next to the chart keeps the full text).
FALLBACK_FONTS = ("DejaVu Sans", "Noto Sans Arabic", "Noto Sans Symbols", "Noto Sans Symbols2")
_FONT_DIRS = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/opentype/noto")
MAX_HEIGHT_IN = 5.6  # about 14 cm: with its caption a chart always fits on a page
DEFAULT_TOP_N = 10


@lru_cache(maxsize=1)
def _fonts() -> list[str]:
    """The font families of chart text, main first, then fallbacks that are installed."""
    from pathlib import Path

    from matplotlib import font_manager

    available = {f.name for f in font_manager.fontManager.ttflist}
    for folder in _FONT_DIRS:  # fonts installed after matplotlib built its cache
        for path in sorted(Path(folder).glob("NotoSans*-Regular.ttf")):
            if path.stem.startswith(("NotoSansArabic", "NotoSansSymbols")):
                try:
                    font_manager.fontManager.addfont(str(path))
                except (OSError, RuntimeError):  # a broken font file: do without it
                    continue
    available = {f.name for f in font_manager.fontManager.ttflist}
    mains: tuple[str, ...] = ("Arial", "Liberation Sans", "DejaVu Sans")
    main = next((n for n in mains if n in available), None)
    out: list[str] = [main] if main else []
    out += [n for n in FALLBACK_FONTS if n in available and n not in out]
    return out or ["sans-serif"]


def _font() -> str:
    return _fonts()[0]


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    """Every code point some chart font can draw."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    points: set[int] = set()
    for name in _fonts():
        try:
            path = font_manager.findfont(
                font_manager.FontProperties(family=name), fallback_to_default=False
            )
            points.update(FT2Font(path).get_charmap())
        except (ValueError, RuntimeError, OSError):
            continue
    return frozenset(points)


@lru_cache(maxsize=1)
def _main_covered() -> frozenset[int]:
    """The code points of the main font alone."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    try:
        path = font_manager.findfont(
            font_manager.FontProperties(family=_fonts()[0]), fallback_to_default=False
        )
        return frozenset(FT2Font(path).get_charmap())
    except (ValueError, RuntimeError, OSError):
        return frozenset()


def family(texts: Sequence[str]) -> list[str]:
    """The main font alone when it draws all of `texts` (fallback lists make every text
    slower to lay out), else the main font with its fallbacks."""
    main = _main_covered()
    if all(c.isspace() or ord(c) in main for text in texts for c in text):
        return _fonts()[:1]
    return _fonts()


def drawable(text: str) -> str:
    """`text` without the characters no chart font can draw (colour emoji, unknown
    scripts), so a label never shows boxes; spaces squeezed."""
    covered = _covered()
    if not covered:
        return text
    kept = "".join(c for c in text if c.isspace() or ord(c) in covered)
    return " ".join(kept.split())


def _label(rank: int | str, title: str, width: int = 38) -> str:
    text = f"{rank}. {drawable(title) or '…'}"
    lines = textwrap.wrap(text, width=width, max_lines=2, placeholder=" …")
    return "\n".join(lines)


def rank_labels(tallies: Sequence[Tally], mode: str) -> dict[int, str]:
    """idea id -> the rank as printed: '1', '=2' when shared, '–' without any vote."""
    from .formats import rank_labels as labels

    return labels(tallies, mode)


def dot_bars(tallies: Sequence[Tally], top_n: int | None = None) -> list[DotBar]:
    """The bars of a dot chart, best first (the first `top_n`): total = dots + paper."""
    ordered = sorted(tallies, key=lambda t: (t.rank, t.idea_id))
    labels = rank_labels(ordered, "dots")
    if top_n is not None:
        ordered = ordered[:top_n]
    return [DotBar(labels[t.idea_id], t.title, t.dots, t.paper, t.total) for t in ordered]


def rating_points(tallies: Sequence[Tally], top_n: int | None = None) -> list[RatingPoint]:
    """The points of a rating chart: the rated ideas in table order (the first `top_n`),
    numbered as in the table."""
    ordered = sorted(tallies, key=lambda t: (t.rank, t.idea_id))
    out = [
        RatingPoint(
            n, t.title, float(t.impact), float(t.feasibility), t.ratings, t.quick_win_quadrant
        )
        for n, t in enumerate(ordered, 1)
        if t.impact is not None and t.feasibility is not None
    ]
    return out[:top_n] if top_n is not None else out


def _frame(ax: Axes, title: str, font: list[str]) -> None:
    """No top and right spines; the title (if any) bold on the left, '$' as text."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if title:
        ax.set_title(
            drawable(title),
            fontsize=10,
            fontweight="bold",
            fontfamily=font,
            loc="left",
            parse_math=False,
        )


def _comma(x: float, _pos: object = None) -> str:
    """Axis ticks with a decimal comma: 2.5 -> '2,5', 3.0 -> '3'."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _dot_bars(ax: Axes, bars: Sequence[DotBar], font: list[str], fontsize: float) -> float:
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
        ax.text(
            b.total + top * 0.01,
            y,
            text,
            va="center",
            ha="left",
            fontsize=fontsize,
            fontfamily=font,
        )
    ax.set_yticks(ys)
    # parse_math=False: a '$' in a title is text, not the start of matplotlib's math mode
    ax.set_yticklabels(
        [_label(b.rank, b.title) for b in bars],
        fontsize=fontsize,
        fontfamily=font,
        parse_math=False,
    )
    return top


def dot_figure(tallies: Sequence[Tally], title: str = "", top_n: int | None = None) -> Figure:
    """Horizontal bars, best on top; the manual part hatched and labelled. At most
    `top_n` bars, and never taller than MAX_HEIGHT_IN (a page)."""
    bars = dot_bars(tallies, top_n)
    font = family([b.title for b in bars] + [title])
    per_bar = 0.5 if len(bars) <= 6 else max(0.18, min(0.32, (MAX_HEIGHT_IN - 1.0) / len(bars)))
    height = min(MAX_HEIGHT_IN, max(1.6, per_bar * len(bars) + 1.0))
    fontsize = 8.0 if per_bar >= 0.3 else 6.5
    fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    top = _dot_bars(ax, bars, font, fontsize)
    ax.set_xlim(0, top * 1.22)
    ax.set_xlabel("Jumlah suara", fontsize=8, fontfamily=font)
    ax.tick_params(axis="x", labelsize=7)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    _frame(ax, title, font)
    if any(b.paper for b in bars):
        ax.legend(loc="lower right", frameon=False, prop={"family": font, "size": 7})
    # fixed margins instead of tight_layout (which draws the figure once more): labels
    # wrap at 38 characters, so the widest one is known
    longest = max(
        (len(line) for b in bars for line in _label(b.rank, b.title).split("\n")), default=10
    )
    left = min(0.5, (longest * 0.56 * fontsize / 72 + 0.2) / WIDTH_IN)
    fig.subplots_adjust(
        left=left, right=0.97, top=1 - (0.42 if title else 0.15) / height, bottom=0.5 / height
    )
    return fig


def _spots(points: Sequence[RatingPoint], near: float = 0.15) -> list[tuple[float, float, list]]:
    """Points closer than `near` share one marker: (x, y, the points there)."""
    spots: list[tuple[float, float, list]] = []
    for p in points:
        for x, y, members in spots:
            if abs(x - p.feasibility) <= near and abs(y - p.impact) <= near:
                members.append(p)
                break
        else:
            spots.append((p.feasibility, p.impact, [p]))
    return spots


def _rating_points(ax: Axes, points: Sequence[RatingPoint], font: list[str]) -> None:
    """The shaded quick-win quadrant, the middle lines, one marker per position, labelled
    with the numbers of the table rows there (never two markers on top of each other)."""
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
    for x, y, members in _spots(points):
        quick = any(p.quick_win for p in members)
        color = "#38761d" if quick else APP_COLOR
        ax.scatter([x], [y], s=60, color=color, zorder=3, edgecolors="white", linewidths=0.8)
        numbers = ", ".join(str(p.rank) for p in members)
        if len(numbers) > 18:
            numbers = textwrap.shorten(numbers, 18, placeholder=" …")
        ax.annotate(
            numbers,
            (x, y),
            xytext=(5, 4),
            textcoords="offset points",
            ha="left",
            va="bottom",
            fontsize=7,
            color="#222222",
            fontweight="bold",
            zorder=4,
            fontfamily=font,
        )


def rating_figure(tallies: Sequence[Tally], title: str = "", top_n: int | None = None) -> Figure:
    """Impact (y) against feasibility (x), both axes 1–5 with decimal commas, the
    quick-win quadrant above 3/3 shaded; points numbered as the rows of the table."""
    points = rating_points(tallies, top_n)
    font = family([title])
    fig = Figure(figsize=(WIDTH_IN * 0.75, WIDTH_IN * 0.6), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    _rating_points(ax, points, font)
    ax.set_xlim(0.8, 5.2)
    ax.set_ylim(0.8, 5.2)
    ax.tick_params(labelsize=7)
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(MultipleLocator(0.5))
        axis.set_major_formatter(FuncFormatter(_comma))
    ax.set_xlabel("Kelayakan (rata-rata, 1–5)", fontsize=8, fontfamily=font)
    ax.set_ylabel("Dampak (rata-rata, 1–5)", fontsize=8, fontfamily=font)
    _frame(ax, title, font)
    fig.subplots_adjust(left=0.13, right=0.97, bottom=0.13, top=0.9 if title else 0.96)
    return fig


def to_png(fig: Figure, dpi: int = DPI) -> bytes:
    """Render a figure to PNG bytes (Agg)."""
    buf = io.BytesIO()
    with warnings.catch_warnings():
        # a character no font has was already left out by `drawable`; never fail on one
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def pillar_chart(
    tallies: Sequence[Tally], mode: str, title: str = "", top_n: int | None = DEFAULT_TOP_N
) -> bytes | None:
    """The PNG chart of one pillar's results (the first `top_n` of the table), or None
    when there is nothing to draw (no idea, or not one vote or rating)."""
    if not tallies:
        return None
    if mode == "rating":
        if not rating_points(tallies, top_n):
            return None
        return to_png(rating_figure(tallies, title, top_n))
    if not any(t.total for t in tallies):
        return None
    return to_png(dot_figure(tallies, title, top_n))
