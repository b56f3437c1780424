"""Unduh dokumen: the stage summary, the quick-win draft and the Excel workbook.

Files are built only when a button is clicked (a callable as `data`), from the data as
it is at that moment, so opening this page costs nothing.
"""

from __future__ import annotations

import streamlit as st

from pages.common import active_workshop_id, require_facilitator, store, tr
from workshop import docx_common, docx_quickwins, docx_summary, excel

auth = require_facilitator()

st.title(tr("nav.download"))
wid = active_workshop_id()
if wid is None:
    st.stop()
s = store()
w = s.workshop(wid)
st.caption(f"{w.title} · {w.venue}" if w.venue else w.title)
st.write(tr("dl.intro"))

stages = s.stages(wid)
labels = {st_.id: tr("dl.stage_label", roman=st_.roman, title=st_.title)
          + (f" ({docx_common.tanggal(st_.date)})" if st_.date else "") for st_ in stages}
ids = [x.id for x in stages]
current = s.current_stage(wid).id
stage_id = st.selectbox(tr("dl.stage"), ids, format_func=labels.get,
                        index=ids.index(current) if current in ids else 0, key="download_stage")
stage = s.stage(stage_id)
agreed = len(docx_quickwins.programmes(s, wid))

col1, col2, col3 = st.columns(3)
with col1:
    st.subheader(tr("dl.summary_stage", summary=tr("dl.summary"), roman=stage.roman))
    st.caption(tr("dl.summary_help"))
    st.download_button(tr("dl.button", name=".docx"),
                       data=lambda: docx_summary.build_summary(s, stage_id),
                       file_name=docx_summary.filename(s, stage_id), mime=docx_common.MIME_DOCX,
                       key="dl_summary", on_click="ignore", icon="📄", type="primary")
with col2:
    st.subheader(tr("dl.quickwins"))
    st.caption(tr("dl.quickwins_help", n=agreed))
    st.download_button(tr("dl.button", name=".docx"),
                       data=lambda: docx_quickwins.build_quickwins(s, wid),
                       file_name=docx_quickwins.filename(s, wid), mime=docx_common.MIME_DOCX,
                       key="dl_quickwins", on_click="ignore", icon="🏁")
with col3:
    st.subheader(tr("dl.excel"))
    st.caption(tr("dl.excel_help"))
    st.download_button(tr("dl.button", name=".xlsx"),
                       data=lambda: excel.build_workbook(s, wid),
                       file_name=excel.filename(s, wid), mime=excel.MIME_XLSX,
                       key="dl_excel", on_click="ignore", icon="📊")
st.divider()
st.caption(tr("dl.cli", db=s.path))
