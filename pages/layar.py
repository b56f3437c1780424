"""The projector: QR to join, live counts, idea wall, vote progress and results."""

from __future__ import annotations

import html
import time

import streamlit as st

from pages.common import active_workshop_id, join_base_url, require_facilitator, store, tr
from workshop import charts, live, netinfo, views

require_facilitator()
wid = active_workshop_id()
if wid is None:
    st.stop()
st.html("<style>" + live.PROJECTOR_CSS + "</style>")

w = store().workshop(wid)
url = netinfo.join_url(join_base_url(), w.join_code)

left, right = st.columns([1, 3], vertical_alignment="center")
left.image(netinfo.qr_png(url), width="stretch", output_format="PNG")
right.html(f'<div class="bl-big">{html.escape(w.title)}</div>'
           f'<div class="bl-url">{tr("proj.join_at")}: <b data-testid="join-url">'
           f"{html.escape(url)}</b></div>"
           f'<div class="bl-code">{tr("proj.code")}: <span data-testid="join-code">'
           f"{html.escape(w.join_code)}</span></div>")


@st.fragment(run_every=live.PROJECTOR_POLL_SECONDS)
def board() -> None:
    """Refresh every few seconds; reload data only when the workshop's version moved."""
    version = store().version(wid)
    cached = st.session_state.get("proj_cache")
    if not cached or cached[0] != (wid, version):
        cached = ((wid, version), views.projector_view(store(), wid))
        st.session_state["proj_cache"] = cached
    v: views.ProjectorView = cached[1]
    stage, counts = v.stage, v.counts

    head = st.columns([2, 1, 1, 1, 2])
    head[0].html('<div class="bl-big">'
                 + tr("proj.stage", roman=stage.roman, phase=tr("phase." + stage.phase))
                 + "</div>")
    head[1].html(f'<div class="bl-metric">{tr("proj.participants")}<b data-testid="count-participants">'
                 f'{counts["participants"]}</b></div>')
    head[2].html(f'<div class="bl-metric">{tr("proj.opd")}<b>{counts["opd_present"]}/'
                 f'{counts["opd_total"]}</b></div>')
    if stage.phase == "vote":
        head[3].html(f'<div class="bl-metric">{tr("proj.voted")}<b data-testid="count-voted">'
                     f'{v.progress["voters"]}</b></div>')
    else:
        head[3].html(f'<div class="bl-metric">{tr("proj.ideas")}<b data-testid="count-ideas">'
                     f'{counts["ideas"]}</b></div>')
    left_s = live.seconds_left(stage.phase_ends_at, time.time())
    if left_s is not None:
        head[4].html(f'<div class="bl-timer" data-testid="timer">{live.mmss(left_s)}</div>')

    if stage.phase in ("collect", "group"):
        st.html(live.idea_wall_html(v.pillars, v.ideas, opd_names=v.opd_names,
                                    kind_labels={k: tr(f"kind.{k}") for k in live.KIND_LABELS},
                                    more_text=tr("proj.more")))
    elif stage.phase == "vote" and not stage.reveal:
        st.html(f'<div class="bl-big" data-testid="results-hidden">{tr("proj.hidden")}</div>')
        per = v.progress["per_pillar"]
        st.html('<div class="bl-wall">' + "".join(
            f'<div class="bl-col"><h3>{html.escape(p.short)}</h3><div class="bl-metric">'
            f'<b>{per.get(p.id, 0)}</b>{tr("vote.done")}</div></div>' for p in v.pillars) + "</div>")
    else:
        if stage.vote_mode == "rating":
            st.plotly_chart(charts.impact_feasibility(v.tallies, v.pillars), key="proj_quadrant", theme=None,
                            config={"displayModeBar": False, "staticPlot": True})
        shown = [p for p in v.pillars if any(t.pillar_id == p.id for t in v.tallies)]
        width = min(3, max(1, len(shown)))
        cols = st.columns(width)
        for n, p in enumerate(shown):
            cols[n % width].plotly_chart(charts.ranked_bars(v.tallies, p, stage.vote_mode),
                                     key=f"proj_bars_{p.id}", theme=None,
                                     config={"displayModeBar": False, "staticPlot": True})
        if v.quickwins:
            names = {p.id: p.short for p in v.pillars}
            st.html(f"<h2>{tr('proj.quickwins')}</h2><ol class='bl-metric'>" + "".join(
                f"<li>{html.escape(q.name)} — {html.escape(names.get(q.pillar_id, ''))} · "
                f"{html.escape(v.opd_names.get(q.owner_opd_id or 0, '-'))}</li>"
                for q in v.quickwins) + "</ol>")


board()
