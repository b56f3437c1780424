"""The projector: QR to join, live counts, idea wall, vote progress and results.

Built as one screen that fits the projector (workshop/projector.py); `?penuh=1` is the
presentation mode (no Streamlit chrome, full screen if the browser allows it)."""

from __future__ import annotations

import time

import streamlit as st

from pages import activity_board, common  # h14: activity_board
from pages.common import join_base_url, require_facilitator, require_workshop, store, tr
from workshop import charts, live, netinfo, projector, views

require_facilitator()
wid = require_workshop()

present = st.query_params.get("penuh") == "1"
pinned = st.query_params.get("hal", "")  # ?hal=2 holds page 2 instead of rotating
st.html(projector.page_css(present))
_switch = st.components.v2.component(
    "bimtek_present", css=projector.SWITCH_CSS, js=projector.SWITCH_JS
)


def _set_presentation(on: bool) -> None:
    if on:
        st.query_params["penuh"] = "1"
    elif "penuh" in st.query_params:
        del st.query_params["penuh"]


if present:
    _switch(
        key="proj_exit",
        data={"label": "✕", "title": tr("proj.exit"), "exit": True},
        on_clicked_change=lambda: _set_presentation(False),
    )
else:
    with st.sidebar:
        _switch(
            key="proj_present",
            on_clicked_change=lambda: _set_presentation(True),
            data={"label": tr("proj.present"), "title": tr("proj.present"), "exit": False},
        )
        common.lang_switch()


@st.fragment(run_every=live.PROJECTOR_POLL_SECONDS)
def board() -> None:
    """Refresh every few seconds; reload data only when the workshop's version moved."""
    if activity_board.draw(wid, pinned):  # h14: an activity shown on the projector
        return
    version = store().version(wid)
    cached = st.session_state.get("proj_cache")
    if not cached or cached[0] != (wid, version):
        cached = ((wid, version), views.projector_view(store(), wid))
        st.session_state["proj_cache"] = cached
    v: views.ProjectorView = cached[1]
    now = time.time()
    slide = projector.board(
        v,
        tr,
        url=netinfo.join_url(join_base_url(), v.workshop.join_code),
        now=now,
        seconds_left=live.seconds_left(v.stage.phase_ends_at, now),
        pinned=live.page_number(pinned),
    )
    with st.container(key="proj_board", gap=None):
        st.html(slide.html)
        if slide.quadrant is not None:
            st.plotly_chart(
                charts.quadrant(
                    slide.quadrant, x_title=tr("vote.feasibility"), y_title=tr("vote.impact")
                ),
                key="proj_quadrant",
                theme=None,
                width="stretch",
                height="stretch",
                config={"displayModeBar": False, "staticPlot": True, "responsive": True},
            )


board()
