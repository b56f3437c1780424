"""Unduh dokumen: the stage summary, the quick-win draft and the Excel workbook.

Each file is a link to the app's own route (workshop/web.py, GET /api/download/<kind>):
the server builds it when the link is clicked, from the data as it is at that moment, so
opening this page costs nothing. (st.download_button served its file from Streamlit's
media store, which dropped it whenever another session's run ended: 1 click in 5 failed
with the projector and phones open.)
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from pages import common
from pages.common import require_facilitator, require_workshop, store, tr
from workshop import documents, live, web
from workshop.exports import EXPORTS, formats, quickwins

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
# Every other registered document (stage documents from the activities, the Tahap IV
# agreement documents): one link each, built for this stage or this workshop.
st.subheader(tr("dl.more"))
MAIN_KINDS = ("summary", "quickwins", "excel")
more = [e for e in EXPORTS.values() if e.kind not in MAIN_KINDS and e.mime == formats.MIME_DOCX]
cells = st.columns(3)
for n, exp in enumerate(more):
    target = {"stage": stage_id} if exp.takes == "stage" else {"workshop": wid}
    with cells[n % 3]:
        st.container(key=f"dl_{exp.kind}").html(
            web.download_link_html(
                web.download_url(exp.kind, base, **target),
                tr(exp.label) + " (.docx)",
                f"dl-{exp.kind}",
                icon="description",
            )
        )
# --- h15: what the documents carry besides the results (store/documents.py) ---
st.divider()
st.subheader(tr("doc.title"))
st.caption(tr("doc.help"))
defaults = documents.defaults(w, stage, [p.name for p in s.pillars(wid)])
saved_w = s.doc_fields(wid)
saved_s = s.doc_fields(wid, stage_id)
tab_kop, tab_text, tab_people, tab_photos = st.tabs(
    [
        tr("doc.tab_kop"),
        tr("doc.tab_text", roman=stage.roman),
        tr("doc.tab_people"),
        tr("doc.tab_photos", roman=stage.roman),
    ]
)


def _field(key: str, saved: dict[str, str], suffix: str = "") -> str:
    label, max_len, _ = documents.FIELDS[key]
    value = saved.get(key) or defaults.get(key, "")
    widget = st.text_area if max_len > 300 else st.text_input
    return widget(label, value=value, max_chars=max_len, key=f"doc_{key}{suffix}")


with tab_kop:
    with st.form("doc_kop_form"):
        halves = st.columns(2)
        kop_values = {}
        for n, k in enumerate(documents.WORKSHOP_FIELDS):
            with halves[n % 2]:
                kop_values[k] = _field(k, saved_w)
        if st.form_submit_button(tr("doc.save"), key="doc_kop_save"):
            common.run(s.set_doc_fields, auth, wid, kop_values, ok=tr("doc.saved"), rerun=True)
    logo = s.logo(wid)
    if logo is not None:
        st.image(logo.data, width=120)
    upload = st.file_uploader(tr("doc.logo"), type=["png", "jpg", "jpeg"], key="doc_logo_upload")
    if upload is not None and st.button(tr("doc.logo_save"), key="doc_logo_save"):
        common.run(s.set_logo, auth, wid, upload.getvalue(), ok=tr("doc.saved"), rerun=True)
    if logo is not None and st.button(tr("doc.logo_remove"), key="doc_logo_remove"):
        common.run(s.set_logo, auth, wid, None, ok=tr("doc.saved"), rerun=True)

with tab_text:
    st.caption(tr("doc.text_help"))
    with st.form(f"doc_text_form_{stage_id}"):
        text_values = {k: _field(k, saved_s, f"_{stage_id}") for k in documents.STAGE_FIELDS}
        if st.form_submit_button(tr("doc.save"), key=f"doc_text_save_{stage_id}"):
            common.run(
                s.set_doc_fields,
                auth,
                wid,
                text_values,
                stage_id,
                ok=tr("doc.saved"),
                rerun=True,
            )

with tab_people:
    st.caption(tr("doc.people_help"))
    present = s.attendance(stage_id)
    known = s.attendee_details(wid)
    table: list[dict[str, Any]] = [
        {
            "id": r["id"],
            "Nama": r["name"],
            "OPD / instansi": r["opd"] or r["institution"],
            **{
                label: known.get(r["id"], {}).get(k, "")
                for k, (label, _) in documents.DETAIL_FIELDS.items()
            },
        }
        for r in present
    ]
    edited = st.data_editor(
        table,
        disabled=["id", "Nama", "OPD / instansi"],
        hide_index=True,
        key=f"doc_people_{stage_id}",
        width="stretch",
    )
    if st.button(tr("doc.save"), key=f"doc_people_save_{stage_id}"):
        columns = {label: k for k, (label, _) in documents.DETAIL_FIELDS.items()}
        changes: dict[int, dict[str, str]] = {
            row["id"]: {columns[c]: row.get(c) or "" for c in columns}
            for row, before in zip(edited, table, strict=False)
            if any((row.get(c) or "") != (before.get(c) or "") for c in columns)
        }
        common.run(s.set_attendee_details, auth, wid, changes, ok=tr("doc.saved"), rerun=True)

with tab_photos:
    photos = s.photos(stage_id)
    st.caption(tr("doc.photos_help", n=len(photos), max=documents.PHOTOS_PER_STAGE))
    shot = st.file_uploader(
        tr("doc.photo"), type=["png", "jpg", "jpeg"], key=f"doc_photo_upload_{stage_id}"
    )
    note = st.text_input(
        tr("doc.photo_caption"), max_chars=200, key=f"doc_photo_caption_{stage_id}"
    )
    if shot is not None and st.button(tr("doc.photo_add"), key=f"doc_photo_add_{stage_id}"):
        common.run(
            s.add_photo, auth, stage_id, shot.getvalue(), note, ok=tr("doc.saved"), rerun=True
        )
    for col, ph in zip(st.columns(4) * 3, photos, strict=False):
        with col:
            st.image(ph.data, caption=ph.caption or None, width="stretch")
            if st.button(tr("doc.photo_remove"), key=f"doc_photo_remove_{ph.id}"):
                common.run(s.remove_photo, auth, ph.id, ok=tr("doc.saved"), rerun=True)

st.divider()
st.caption(tr("dl.cli", db=s.path))
