"""The projector's activity view: when the facilitator shows an activity (opening one
shows it), the projector board draws its results (workshop/activities/board.py) instead
of the ideas loop. Called from the projector's board fragment by one hook (`draw`)."""

from __future__ import annotations

import time

import streamlit as st

from pages.common import join_base_url, store, tr
from workshop import live, netinfo
from workshop.activities import board


def draw(workshop_id: int, pinned: str = "") -> bool:
    """Draw the shown activity (not the ideas loop) on the board; False when there is none."""
    act = store().shown_activity(workshop_id)
    if act is None or act.kind == "ideas":
        return False
    code = store().workshop(workshop_id).join_code
    html = board.view(
        store(),
        act,
        tr,
        url=netinfo.join_url(join_base_url(), code),
        now=time.time(),
        pinned=live.page_number(pinned),
    )
    with st.container(key="proj_board", gap=None):
        st.html(html)
    return True
