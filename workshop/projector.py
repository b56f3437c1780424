"""The projector screen as HTML: pure builders (data in, HTML string out) sized to fit.

Everything is sized in a unit `--u` that is 1 % of the board's height (or 1/150 of its
width on narrow screens), so the whole screen fits a 16:9 or 4:3 projector without
scrolling and scales down proportionally. Boxes have fixed heights (titles clamped to
two lines), so how many cards fit is known here; what does not fit is paged on a timer
(ROTATE_SECONDS) and counted as "+N lagi". All user text is HTML-escaped."""

from __future__ import annotations

import base64
import functools
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import domain as d
from . import netinfo

if TYPE_CHECKING:
    from .views import ProjectorView

Translate = Callable[..., str]

ROTATE_SECONDS = 10
COLLECT_CARDS = 5  # newest ideas shown while collecting
PILLAR_ROWS = 10  # per-pillar counts shown while collecting
GROUP_PILLARS = 2  # pillars per page while grouping
GROUP_CARDS = 7  # ideas per pillar column
VOTE_TILES = 6  # pillar progress tiles per page
RESULT_PILLARS = 2  # pillars of ranked bars per page
RESULT_ROWS = 7  # bars per pillar
RATING_POINTS = 10  # numbered points (and list rows) per quadrant page
QUICKWIN_ROWS = 8  # agreed quick wins per page

PALETTE = (
    "#0b3d73",
    "#7a1f5c",
    "#1d5e2a",
    "#8a3b00",
    "#4b2c83",
    "#005f66",
    "#6b4e00",
    "#9b1030",
    "#2e4a4f",
)


# --------------------------------------------------------------------------- ranking


def competition_ranks(scores: Sequence[float]) -> list[int]:
    """Rank of each score, higher first; equal scores share a rank (1, 1, 3)."""
    return [1 + sum(1 for other in scores if other > s) for s in scores]


def rank_labels(scores: Sequence[float]) -> list[str]:
    """Competition ranks as labels; a shared rank is marked "=1"."""
    ranks = competition_ranks(scores)
    return [f"={r}" if ranks.count(r) > 1 else str(r) for r in ranks]


def score(t: d.Tally, mode: str) -> float:
    """What a result is ranked by: total votes, or mean impact × mean feasibility."""
    if mode == "rating":
        return round((t.impact or 0) * (t.feasibility or 0), 4)
    return float(t.total)


def was_voted(tallies: Sequence[d.Tally], mode: str) -> bool:
    """Whether a pillar's results hold any vote (a rating, or a dot or paper vote)."""
    return any((t.ratings > 0) if mode == "rating" else (t.total > 0) for t in tallies)


@dataclass
class Row:
    """One ranked result on the projector."""

    idea_id: int
    title: str
    value: float
    rank: str
    share: float = 0.0  # bar length, on the scale common to every pillar shown
    impact: float | None = None
    feasibility: float | None = None


@dataclass
class PillarResult:
    pillar: d.Pillar
    rows: list[Row] = field(default_factory=list)


def results(
    pillars: Sequence[d.Pillar], tallies: Sequence[d.Tally], mode: str
) -> list[PillarResult]:
    """Ranked results of the pillars that were voted, bars on one scale across them."""
    out = []
    for p in pillars:
        mine = [t for t in tallies if t.pillar_id == p.id]
        if not was_voted(mine, mode):
            continue
        mine.sort(
            key=lambda t: (
                -score(t, mode),
                -(t.ratings if mode == "rating" else t.voters),
                t.idea_id,
            )
        )
        values = [score(t, mode) for t in mine]
        out.append(
            PillarResult(
                p,
                [
                    Row(t.idea_id, t.title, v, r, impact=t.impact, feasibility=t.feasibility)
                    for t, v, r in zip(mine, values, rank_labels(values), strict=True)
                ],
            )
        )
    top = max((r.value for pr in out for r in pr.rows), default=0.0)
    for pr in out:
        for r in pr.rows:
            r.share = r.value / top if top > 0 else 0.0
    return out


def quadrant_points(rows: Sequence[Row], near: float = 0.3) -> list[tuple[str, float, float]]:
    """Numbered points (label, feasibility, impact); ideas within `near` of an earlier
    point share its marker ("1·4"), so no number hides under another."""
    spots: list[tuple[float, float, list[str]]] = []
    for n, r in enumerate(rows, start=1):
        if r.impact is None or r.feasibility is None:
            continue
        for x, y, labels in spots:
            if abs(x - r.feasibility) <= near and abs(y - r.impact) <= near:
                labels.append(str(n))
                break
        else:
            spots.append((r.feasibility, r.impact, [str(n)]))
    return [("·".join(labels), x, y) for x, y, labels in spots]


# --------------------------------------------------------------------------- paging


def chunks(items: Sequence[Any], size: int) -> list[list[Any]]:
    """Items in pages of `size` (at least one, possibly empty, page)."""
    return [list(items[i : i + size]) for i in range(0, len(items), size)] or [[]]


def page_index(pages: int, now: float, every: int = ROTATE_SECONDS) -> int:
    """Which page is on screen at `now`: pages rotate every `every` seconds."""
    return int(now // every) % pages if pages > 1 else 0


# --------------------------------------------------------------------------- QR code


@functools.lru_cache(maxsize=8)
def qr_style(url: str) -> str:
    """The join URL's QR code as a CSS background (an inline PNG, scaled without blur)."""
    png = base64.b64encode(netinfo.qr_png(url, box_size=8)).decode("ascii")
    return f"background-image:url(data:image/png;base64,{png})"


# --------------------------------------------------------------------------- CSS

FRAME_CSS = """
.st-key-proj_board { container-type: size; position: relative; overflow: hidden;
  height: var(--bl-board-h) !important; flex: none !important; gap: 0 !important; }
.st-key-proj_board > div { --u: min(1cqh, 0.6667cqw); }
.bl-proj { --u: min(1cqh, 0.6667cqw); box-sizing: border-box; width: 100cqw; height: 100cqh;
  padding: calc(1.5 * var(--u)); overflow: hidden; display: grid;
  gap: calc(2 * var(--u)); background: #fff; color: #111; line-height: 1.2;
  font-family: "Source Sans Pro", "Source Sans 3", "Segoe UI", Arial, sans-serif; }
.bl-proj * { box-sizing: border-box; }
.bl-proj h1, .bl-proj h2, .bl-proj p, .bl-proj ol { margin: 0; padding: 0; }
.bl-collect { grid-template-columns: calc(60 * var(--u)) minmax(0, 1fr); }
.bl-staged { grid-template-columns: minmax(0, 1fr) calc(26 * var(--u)); }
.bl-join { display: flex; flex-direction: column; align-items: center;
  gap: calc(1.2 * var(--u)); min-height: 0; }
.bl-qr { width: calc(58 * var(--u)); height: calc(58 * var(--u)); flex: none;
  background: #fff center / contain no-repeat; image-rendering: pixelated; }
.bl-url { font-size: calc(2.6 * var(--u)); line-height: 1.25; text-align: center;
  word-break: break-all; max-height: calc(6.5 * var(--u)); overflow: hidden; }
.bl-code { font-size: calc(2.8 * var(--u)); text-align: center; }
.bl-code span { display: block; font-size: calc(7 * var(--u)); line-height: 1.05;
  font-weight: 800; letter-spacing: .12em; color: #0b3d73; }
.bl-main { display: grid; min-width: 0; min-height: 0; gap: calc(1.5 * var(--u)); }
.bl-collect .bl-main { grid-template-rows: auto auto minmax(0, 1fr); }
.bl-staged .bl-main { grid-template-rows: calc(5.2 * var(--u)) minmax(0, 1fr); }
.bl-h1 { font-size: calc(4.4 * var(--u)); line-height: 1.15; font-weight: 800;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.bl-sub { font-size: calc(2.8 * var(--u)); color: #333; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; }
.bl-titlebar { display: flex; align-items: center; gap: calc(2 * var(--u)); min-width: 0; }
.bl-titlebar .bl-h1 { flex: 1; }
.bl-pageno { font-size: calc(3 * var(--u)); color: #333; font-weight: 700; flex: none; }
.bl-counters { display: flex; gap: calc(2.5 * var(--u)); align-items: flex-end; min-width: 0; }
.bl-counter, .bl-timer { min-width: 0; overflow: hidden; text-overflow: ellipsis; }
.bl-counter { font-size: calc(2.8 * var(--u)); color: #333; white-space: nowrap; }
.bl-counter b { display: block; font-size: calc(4.6 * var(--u)); line-height: 1.1;
  font-weight: 800; color: #111; }
.bl-timer { font-size: calc(2.8 * var(--u)); color: #333; white-space: nowrap; }
.bl-timer b { display: block; font-size: calc(4.6 * var(--u)); line-height: 1.1;
  font-weight: 800; color: #a0001c; }
.bl-h2 { font-size: calc(4 * var(--u)); font-weight: 800; line-height: 1.2; color: #0b3d73;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.bl-h2 small { font-size: calc(2.8 * var(--u)); color: #333; font-weight: 600; }
.bl-list { display: flex; flex-direction: column; gap: calc(1 * var(--u)); min-width: 0;
  min-height: 0; }
.bl-idea { flex: none; height: calc(9.6 * var(--u)); padding: calc(.9 * var(--u))
  calc(1.2 * var(--u)) 0; border-bottom: calc(.9 * var(--u)) solid #eef2f7;
  font-size: calc(3.2 * var(--u)); line-height: 1.2; font-weight: 600;
  background: #eef2f7; border-left: calc(.8 * var(--u)) solid var(--c, #0b3d73);
  overflow-wrap: anywhere; display: -webkit-box; -webkit-box-orient: vertical;
  -webkit-line-clamp: 2; overflow: hidden; position: relative; }
.bl-idea.bl-tagged { height: calc(12.2 * var(--u)); padding-top: calc(3.6 * var(--u)); }
/* lines beyond the clamp would show in a bottom padding: the bottom gap is a border */
.bl-idea small { position: absolute; top: calc(.5 * var(--u)); left: calc(1.2 * var(--u));
  right: calc(1.2 * var(--u)); font-size: calc(2.6 * var(--u)); line-height: 1.1;
  font-weight: 700; color: var(--c, #0b3d73); white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }
.bl-more { flex: none; font-size: calc(2.8 * var(--u)); line-height: 1.2; color: #333;
  font-weight: 700; }
.bl-body { display: grid; grid-template-columns: minmax(0, 1fr) calc(30 * var(--u));
  gap: calc(2 * var(--u)); min-height: 0; }
.bl-pcount { display: flex; justify-content: space-between; align-items: baseline;
  gap: calc(1 * var(--u)); border-bottom: calc(.3 * var(--u)) solid var(--c, #0b3d73);
  padding: calc(.3 * var(--u)) 0; }
.bl-pcount span { font-size: calc(2.8 * var(--u)); font-weight: 700; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; min-width: 0; }
.bl-pcount b { font-size: calc(4.2 * var(--u)); line-height: 1.1; font-weight: 800; }
.bl-rail { display: flex; flex-direction: column; gap: calc(1.2 * var(--u)); min-height: 0;
  min-width: 0; }
.bl-rail .bl-qr { width: calc(24 * var(--u)); height: calc(24 * var(--u));
  margin-top: auto; }
.bl-rail .bl-code { text-align: left; }
.bl-rail .bl-code span { display: inline; font-size: calc(4 * var(--u)); letter-spacing: .08em; }
.bl-rail .bl-url { font-size: calc(2 * var(--u)); text-align: left;
  max-height: calc(7.5 * var(--u)); }
.bl-slide { min-width: 0; min-height: 0; overflow: hidden; }
.bl-cols { display: grid; grid-template-columns: repeat(var(--n, 2), minmax(0, 1fr));
  gap: calc(3 * var(--u)); height: 100%; }
.bl-hidden { font-size: calc(3.2 * var(--u)); font-weight: 700; color: #333;
  margin-bottom: calc(1.5 * var(--u)); }
.bl-tiles { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr));
  gap: calc(2 * var(--u)); }
.bl-tile { background: #eef2f7; border-top: calc(.8 * var(--u)) solid var(--c, #0b3d73);
  padding: calc(1.5 * var(--u)); display: flex; flex-direction: column;
  gap: calc(.6 * var(--u)); min-width: 0; }
.bl-tile b { font-size: calc(10 * var(--u)); line-height: 1; font-weight: 800; }
.bl-tile span { font-size: calc(2.8 * var(--u)); color: #333; }
.bl-tile.bl-closed { background: #f6f6f6; color: #555; }
.bl-state { font-size: calc(2.8 * var(--u)); font-weight: 800; text-transform: uppercase; }
.bl-state.bl-on { color: #1d5e2a; } .bl-state.bl-off { color: #666; }
.bl-row { flex: none; height: calc(9.2 * var(--u)); display: grid;
  grid-template-columns: calc(7 * var(--u)) minmax(0, 1fr) calc(9 * var(--u));
  gap: calc(1 * var(--u)); align-items: start; }
.bl-rank { font-size: calc(3.2 * var(--u)); font-weight: 800; color: #0b3d73; }
.bl-rmain { min-width: 0; }
.bl-rtitle { font-size: calc(3 * var(--u)); line-height: 1.15; height: calc(6.9 * var(--u));
  display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2;
  overflow: hidden; overflow-wrap: anywhere; }
.bl-track { height: calc(1.8 * var(--u)); margin-top: calc(.4 * var(--u)); background: #e3e8ef; }
.bl-fill { height: 100%; background: var(--c, #0b3d73); }
.bl-rval { font-size: calc(3.4 * var(--u)); font-weight: 800; text-align: right; }
.bl-rating { display: grid; height: 100%;
  grid-template-columns: calc(76 * var(--u)) minmax(0, 1fr); gap: calc(2 * var(--u)); }
.bl-quadslot { border: calc(.2 * var(--u)) solid #e3e8ef; }
.bl-prow { flex: none; height: calc(6.6 * var(--u)); display: grid;
  grid-template-columns: calc(5 * var(--u)) minmax(0, 1fr); gap: calc(1 * var(--u)); }
.bl-prow b { font-size: calc(3 * var(--u)); font-weight: 800; color: #0b3d73; }
.bl-prow span { font-size: calc(2.8 * var(--u)); line-height: 1.15;
  display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2;
  overflow: hidden; overflow-wrap: anywhere; }
.bl-qw { flex: none; height: calc(8.4 * var(--u)); border-left: calc(.8 * var(--u)) solid
  var(--c, #0b3d73); padding: calc(.5 * var(--u)) calc(1.2 * var(--u)); background: #eef2f7;
  list-style: none; }
.bl-qw b { display: block; font-size: calc(3.2 * var(--u)); font-weight: 800;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.bl-qw span { display: block; font-size: calc(2.8 * var(--u)); color: #333;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.bl-empty { font-size: calc(4 * var(--u)); font-weight: 700; color: #333; }
/* the quadrant chart (a plotly element) lies over the empty slot of a rating page:
   padding 1.5u + title bar 5.2u + gap 1.5u from the top, 76u wide */
.st-key-proj_quadrant { position: absolute !important; top: calc(8.2 * var(--u));
  left: calc(1.5 * var(--u)); width: calc(76 * var(--u)) !important;
  bottom: calc(1.5 * var(--u)); height: auto !important; }
.st-key-proj_quadrant > div, .st-key-proj_quadrant [data-testid=stPlotlyChart] {
  height: 100% !important; }
"""

# Streamlit's header is a 60 px fixed bar: outside presentation mode the board starts
# below it. In presentation mode there is no Streamlit chrome at all.
NORMAL_CSS = """
:root { --bl-board-h: calc(100vh - 72px); }
[data-testid=stMainBlockContainer] { padding: 64px 12px 8px !important; max-width: none; }
"""

PRESENT_CSS = """
:root { --bl-board-h: 100vh; }
[data-testid=stHeader], [data-testid=stToolbar], [data-testid=stDecoration],
[data-testid=stSidebar], [data-testid=stSidebarCollapsedControl],
[data-testid=stExpandSidebarButton], [data-testid=stStatusWidget] { display: none !important; }
[data-testid=stMainBlockContainer] { padding: 0 !important; max-width: none; }
[data-testid=stMain] { overflow: hidden; }
.st-key-proj_exit { position: fixed !important; top: 4px; right: 4px; z-index: 1000;
  width: auto !important; }
"""


def page_css(presentation: bool) -> str:
    """The projector page's style block (presentation mode hides Streamlit's chrome)."""
    return "<style>" + FRAME_CSS + (PRESENT_CSS if presentation else NORMAL_CSS) + "</style>"


# The full-screen switch (an st.components.v2 component): the click itself asks the
# browser for full screen (only a user gesture may), then tells the page to switch mode.
SWITCH_CSS = """
button { font: inherit; cursor: pointer; border-radius: 6px; border: 1px solid #b7c3d4;
  background: #fff; color: #0b3d73; padding: 6px 12px; min-height: 40px; }
button.exit { opacity: .35; min-height: 28px; padding: 2px 8px; font-size: 14px; }
button.exit:hover, button.exit:focus { opacity: 1; }
"""

SWITCH_JS = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let btn = parentElement.querySelector("button");
  if (!btn) { btn = document.createElement("button"); parentElement.appendChild(btn); }
  btn.type = "button";
  btn.className = data.exit ? "exit" : "enter";
  btn.textContent = data.label;
  btn.title = data.title;
  btn.setAttribute("aria-label", data.title);
  btn.setAttribute("data-testid", data.exit ? "proj-exit" : "proj-present");
  btn.onclick = () => {
    try {
      const root = document.documentElement;
      if (data.exit) {
        if (document.fullscreenElement) { document.exitFullscreen().catch(() => {}); }
      } else if (root.requestFullscreen && !document.fullscreenElement) {
        root.requestFullscreen().catch(() => {});
      }
    } catch (e) { /* full screen refused: the page still hides its chrome */ }
    setTriggerValue("clicked", data.exit ? "off" : "on");
  };
}
"""


# --------------------------------------------------------------------------- HTML


@dataclass
class Slide:
    """What the projector shows now: the HTML, and the quadrant's points if any."""

    html: str
    quadrant: list[tuple[str, float, float]] | None = None
    pillar: d.Pillar | None = None


def _e(text: object) -> str:
    return html.escape(str(text))


def _color(pillars: Sequence[d.Pillar], pillar_id: int) -> str:
    ids = [p.id for p in pillars]
    return PALETTE[ids.index(pillar_id) % len(PALETTE)] if pillar_id in ids else PALETTE[0]


def _more(t: Translate, n: int) -> str:
    return f'<div class="bl-more">{_e(t("proj.more_left", n=n))}</div>' if n > 0 else ""


def idea_card(idea: d.Idea, color: str, tag: str = "") -> str:
    """One idea: its escaped title is the card's first node, an optional pillar tag after."""
    small = f"<small>{_e(tag)}</small>" if tag else ""
    cls = "bl-idea bl-tagged" if tag else "bl-idea"
    return (
        f'<div class="{cls}" data-idea="{idea.id}" style="--c:{color}">'
        f"{_e(idea.title)}{small}</div>"
    )


def counter(label: str, value: object, testid: str = "") -> str:
    """A labelled big number (participants, ideas, voted)."""
    tid = f' data-testid="{testid}"' if testid else ""
    return f'<div class="bl-counter">{_e(label)}<b{tid}>{_e(value)}</b></div>'


def timer_html(t: Translate, seconds_left: int | None) -> str:
    """The phase's countdown, if a timer runs."""
    if seconds_left is None:
        return ""
    return (
        f'<div class="bl-timer">{_e(t("proj.timer"))}<b data-testid="timer">'
        f"{seconds_left // 60:02d}:{seconds_left % 60:02d}</b></div>"
    )


def counters(v: ProjectorView, t: Translate) -> list[str]:
    """The headline numbers of the stage's phase."""
    c = v.counts
    out = [
        counter(t("proj.participants"), c["participants"], "count-participants"),
        counter(t("proj.opd"), f"{c['opd_present']}/{c['opd_total']}"),
    ]
    if v.stage.phase == "vote":
        out.append(counter(t("proj.voted"), v.progress["voters"], "count-voted"))
    else:
        out.append(counter(t("proj.ideas"), c["ideas"], "count-ideas"))
    return out


def join_block(t: Translate, url: str, code: str) -> str:
    """QR, join URL and code (big while collecting, in the corner later)."""
    return (
        f'<div class="bl-qr" role="img" aria-label="QR" style="{qr_style(url)}"></div>'
        f'<div class="bl-code">{_e(t("proj.code"))} <span data-testid="join-code">'
        f"{_e(code)}</span></div>"
        f'<div class="bl-url">{_e(t("proj.join_at"))}: <b data-testid="join-url">'
        f"{_e(url)}</b></div>"
    )


def collect_html(
    v: ProjectorView, t: Translate, *, url: str, title: str, seconds_left: int | None
) -> str:
    """Collecting: a big QR, the newest ideas over all pillars, counts per pillar."""
    names = {p.id: p.short or p.name for p in v.pillars}
    newest = sorted(v.ideas, key=lambda i: -i.id)[:COLLECT_CARDS]
    cards = "".join(
        idea_card(i, _color(v.pillars, i.pillar_id), names.get(i.pillar_id, "")) for i in newest
    )
    per = v.counts.get("ideas_per_pillar", {})
    shown = v.pillars[:PILLAR_ROWS]
    pcounts = "".join(
        f'<div class="bl-pcount" style="--c:{_color(v.pillars, p.id)}"><span>'
        f"{_e(p.short or p.name)}</span><b>{per.get(p.id, 0)}</b></div>"
        for p in shown
    )
    return (
        f'<div class="bl-proj bl-collect" data-phase="collect">'
        f'<div class="bl-join">{join_block(t, url, v.workshop.join_code)}</div>'
        f'<div class="bl-main"><div><h1 class="bl-h1">{_e(title)}</h1>'
        f'<div class="bl-sub">{_e(v.workshop.title)}</div></div>'
        f'<div class="bl-counters">{"".join(counters(v, t))}'
        f"{timer_html(t, seconds_left)}</div>"
        f'<div class="bl-body"><div class="bl-list"><h2 class="bl-h2">'
        f"{_e(t('proj.newest'))}</h2>{cards}{_more(t, len(v.ideas) - len(newest))}</div>"
        f'<div class="bl-list">{pcounts}{_more(t, len(v.pillars) - len(shown))}</div>'
        f"</div></div></div>"
    )


def group_slides(v: ProjectorView, t: Translate) -> list[str]:
    """Grouping: an idea wall per pillar, a few pillars per page."""
    slides = []
    for page in chunks(v.pillars, GROUP_PILLARS):
        cols = []
        for p in page:
            mine = [i for i in v.ideas if i.pillar_id == p.id]
            color = _color(v.pillars, p.id)
            cards = "".join(idea_card(i, color) for i in mine[:GROUP_CARDS])
            cols.append(
                f'<div class="bl-list"><h2 class="bl-h2" style="color:{color}">'
                f"{_e(p.short or p.name)} <small>({len(mine)})</small></h2>{cards}"
                f"{_more(t, len(mine) - GROUP_CARDS)}</div>"
            )
        slides.append(f'<div class="bl-cols" style="--n:{GROUP_PILLARS}">{"".join(cols)}</div>')
    return slides


def vote_slides(v: ProjectorView, t: Translate) -> list[str]:
    """Voting, results hidden: how many voted per pillar, open pillars marked."""
    on_ballot = {x.pillar_id for x in v.tallies} | set(v.open_pillars)
    pillars = [p for p in v.pillars if p.id in on_ballot] or list(v.pillars)
    per = v.progress.get("per_pillar", {})
    hidden = f'<p class="bl-hidden" data-testid="results-hidden">{_e(t("proj.hidden"))}</p>'
    slides = []
    for page in chunks(pillars, VOTE_TILES):
        tiles = []
        for p in page:
            is_open = p.id in v.open_pillars
            state = (
                f'<div class="bl-state bl-on">{_e(t("proj.open"))}</div>'
                if is_open
                else f'<div class="bl-state bl-off">{_e(t("proj.closed"))}</div>'
            )
            tiles.append(
                f'<div class="bl-tile{"" if is_open else " bl-closed"}" '
                f'style="--c:{_color(v.pillars, p.id)}"><h2 class="bl-h2">'
                f"{_e(p.short or p.name)}</h2><b>{per.get(p.id, 0)}</b>"
                f"<span>{_e(t('vote.done'))}</span>{state}</div>"
            )
        slides.append(hidden + f'<div class="bl-tiles">{"".join(tiles)}</div>')
    return slides


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else f"{int(value)}"


def bars_block(pr: PillarResult, color: str, t: Translate) -> str:
    """One pillar's ranked bars (HTML), lengths on the common scale."""
    rows = "".join(
        f'<div class="bl-row" data-idea="{r.idea_id}"><div class="bl-rank">{_e(r.rank)}</div>'
        f'<div class="bl-rmain"><div class="bl-rtitle">{_e(r.title)}</div>'
        f'<div class="bl-track"><div class="bl-fill" style="width:{r.share * 100:.1f}%">'
        f'</div></div></div><div class="bl-rval">{_num(r.value)}</div></div>'
        for r in pr.rows[:RESULT_ROWS]
    )
    return (
        f'<div class="bl-list" style="--c:{color}" data-pillar="{pr.pillar.id}">'
        f'<h2 class="bl-h2" style="color:{color}">{_e(pr.pillar.name)}</h2>{rows}'
        f"{_more(t, len(pr.rows) - RESULT_ROWS)}</div>"
    )


def rating_slide(pr: PillarResult, color: str, t: Translate) -> Slide:
    """One pillar's quadrant page: the chart's slot, and number → title beside it."""
    rows = pr.rows[:RATING_POINTS]
    items = "".join(
        f'<div class="bl-prow" data-idea="{r.idea_id}"><b>{n}</b><span>{_e(r.title)}</span></div>'
        for n, r in enumerate(rows, start=1)
    )
    body = (
        f'<div class="bl-rating" data-pillar="{pr.pillar.id}"><div class="bl-quadslot">'
        f'</div><div class="bl-list"><h2 class="bl-h2" style="color:{color}">'
        f"{_e(pr.pillar.name)}</h2>{items}{_more(t, len(pr.rows) - len(rows))}</div></div>"
    )
    return Slide(body, quadrant_points(rows), pr.pillar)


def quickwin_slides(v: ProjectorView, t: Translate) -> list[str]:
    """Agreed quick wins: name — pillar · owner OPD."""
    names = {p.id: p.short or p.name for p in v.pillars}
    slides = []
    for page in chunks(v.quickwins, QUICKWIN_ROWS):
        rows = "".join(
            f'<li class="bl-qw" style="--c:{_color(v.pillars, q.pillar_id)}">'
            f"<b>{_e(q.name)}</b><span>— {_e(names.get(q.pillar_id, ''))} · "
            f"{_e(v.opd_names.get(q.owner_opd_id or 0, '-'))}</span></li>"
            for q in page
        )
        slides.append(
            f'<ol class="bl-list"><h2 class="bl-h2">{_e(t("proj.quickwins"))}</h2>{rows}</ol>'
        )
    return slides


def result_slides(v: ProjectorView, t: Translate) -> list[Slide]:
    """Revealed results (and the agree phase): voted pillars only, then quick wins."""
    mode = v.stage.vote_mode
    shown = results(v.pillars, v.tallies, mode)
    slides: list[Slide] = []
    if mode == "rating":
        slides = [rating_slide(pr, _color(v.pillars, pr.pillar.id), t) for pr in shown]
    else:
        for page in chunks(shown, RESULT_PILLARS):
            if page:
                blocks = "".join(bars_block(pr, _color(v.pillars, pr.pillar.id), t) for pr in page)
                slides.append(
                    Slide(f'<div class="bl-cols" style="--n:{RESULT_PILLARS}">{blocks}</div>')
                )
    if v.stage.phase == "agree" and v.quickwins:
        slides.extend(Slide(s) for s in quickwin_slides(v, t))
    return slides or [Slide(f'<p class="bl-empty">{_e(t("proj.no_votes"))}</p>')]


def board(
    v: ProjectorView,
    t: Translate,
    *,
    url: str,
    now: float,
    seconds_left: int | None = None,
    pinned: int | None = None,
) -> Slide:
    """The whole projector screen now: the page on screen is chosen from the time, or
    `pinned` (1-based, wraps around) holds one page."""
    title = t("proj.stage", roman=v.stage.roman, phase=t("phase." + v.stage.phase))
    phase = v.stage.phase
    if phase == "collect":
        return Slide(collect_html(v, t, url=url, title=title, seconds_left=seconds_left))
    if phase == "group":
        slides = [Slide(s) for s in group_slides(v, t)]
    elif phase == "vote" and not v.stage.reveal:
        slides = [Slide(s) for s in vote_slides(v, t)]
    else:
        slides = result_slides(v, t)
    n = (pinned - 1) % len(slides) if pinned else page_index(len(slides), now)
    slide = slides[n]
    pageno = f'<div class="bl-pageno">{n + 1}/{len(slides)}</div>' if len(slides) > 1 else ""
    rail = (
        f'<aside class="bl-rail">{"".join(counters(v, t))}{timer_html(t, seconds_left)}'
        f"{join_block(t, url, v.workshop.join_code)}</aside>"
    )
    slide.html = (
        f'<div class="bl-proj bl-staged" data-phase="{_e(phase)}" '
        f'data-page="{n + 1}/{len(slides)}"><div class="bl-main">'
        f'<div class="bl-titlebar"><h1 class="bl-h1">{_e(title)}</h1>{pageno}</div>'
        f'<div class="bl-slide">{slide.html}</div></div>{rail}</div>'
    )
    return slide
