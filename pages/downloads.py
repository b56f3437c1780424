"""Unduh dokumen: the stage summary, the quick-win draft and the Excel workbook.

Each file is a link to the app's own route (workshop/web.py, GET /api/download/<kind>):
the server builds it when the link is clicked, from the data as it is at that moment, so
opening this page costs nothing. (st.download_button served its file from Streamlit's
media store, which dropped it whenever another session's run ended: 1 click in 5 failed
with the projector and phones open.)
"""

from __future__ import annotations

import streamlit as st

from pages import common
from pages.common import require_facilitator, require_workshop, store, tr
from workshop import live, web
from workshop.exports import formats, quickwins

auth = require_facilitator()

st.title(tr("nav.download"))
wid = require_workshop()
s = store()
w = s.workshop(wid)
st.caption(f"{w.title} · {w.venue}" if w.venue else w.title)
st.write(tr("dl.intro"))

stages = s.stages(wid)
labels = {
    st_.id: tr("dl.stage_label", roman=st_.roman, title=st_.title)
    + (f" ({formats.tanggal(st_.date)})" if st_.date else "")
    for st_ in stages
}
ids = [x.id for x in stages]
current = s.current_stage(wid).id
stage_id: int = st.selectbox(
    tr("dl.stage"),
    ids,
    format_func=live.label_of(labels),
    index=ids.index(current) if current in ids else 0,
    key="download_stage",
)
stage = s.stage(stage_id)
agreed = len(quickwins.programmes(s, wid))

if st.context.cookies.get(common.FAC_COOKIE) != auth:  # the links log in with this cookie
    common.remember_facilitator(auth)
base = st.get_option("server.baseUrlPath") or ""
st.html(f"<style>{web.DOWNLOAD_CSS}</style>")

col1, col2, col3 = st.columns(3)
with col1:
    st.subheader(tr("dl.summary_stage", summary=tr("dl.summary"), roman=stage.roman))
    st.caption(tr("dl.summary_help"))
    st.container(key="dl_summary").html(
        web.download_link_html(
            web.download_url("summary", base, stage=stage_id),
            tr("dl.button", name=".docx"),
            "dl-summary",
            icon="description",
            primary=True,
        )
    )
with col2:
    st.subheader(tr("dl.quickwins"))
    st.caption(tr("dl.quickwins_help", n=agreed))
    st.container(key="dl_quickwins").html(
        web.download_link_html(
            web.download_url("quickwins", base, workshop=wid),
            tr("dl.button", name=".docx"),
            "dl-quickwins",
            icon="flag",
        )
    )
with col3:
    st.subheader(tr("dl.excel"))
    st.caption(tr("dl.excel_help"))
    st.container(key="dl_excel").html(
        web.download_link_html(
            web.download_url("excel", base, workshop=wid),
            tr("dl.button", name=".xlsx"),
            "dl-excel",
            icon="table_view",
        )
    )
st.divider()
st.caption(tr("dl.cli", db=s.path))
