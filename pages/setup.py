"""Workshop set-up: create or open a workshop, edit stages, pillars, OPD roster, join URL, PIN."""

from __future__ import annotations

import datetime

import streamlit as st

from pages.common import join_base_url, lang_switch, require_facilitator, run, store, tr
from workshop import imports, live

auth = require_facilitator()
lang_switch()
st.title(tr("nav.setup"))

# ---------------------------------------------------------------- open or create
workshops = store().workshops()
active = store().active_workshop_id()
if workshops:
    ids = [w.id for w in workshops]
    names = {w.id: f"{w.title} ({w.join_code})" for w in workshops}
    chosen = st.selectbox(
        tr("ws.select"),
        ids,
        format_func=live.label_of(names),
        index=ids.index(active) if active in ids else 0,
        key="ws_select",
    )
    if chosen != active and st.button(tr("ws.activate"), key="ws_activate", type="primary"):
        run(
            store().set_setting,
            auth,
            "active_workshop",
            str(chosen),
            ok=tr("common.saved"),
            rerun=True,
        )

with st.expander(tr("ws.create"), expanded=not workshops):
    with st.form("ws_create"):
        region = st.text_input(tr("ws.region_example"), key="ws_region")
        province = st.text_input(tr("ws.province"), key="ws_province")
        year = st.number_input(tr("ws.year"), 2000, 2100, datetime.date.today().year, key="ws_year")
        venue = st.text_input(tr("ws.venue"), tr("ws.venue_default"), key="ws_venue")
        if st.form_submit_button(tr("ws.create_submit"), key="ws_create_submit", type="primary"):
            made = run(
                store().create_workshop,
                auth,
                region=region,
                province=province,
                year=int(year),
                venue=venue,
            )
            if made:
                run(store().set_setting, auth, "active_workshop", str(made.id), rerun=True)

wid = store().active_workshop_id()
if wid is None:
    st.stop()
w = store().workshop(wid)

# ---------------------------------------------------------------- workshop details
st.subheader(tr("ws.details"))
with st.form("ws_edit"):
    title = st.text_input(tr("common.title"), w.title, key="ws_title")
    c1, c2, c3 = st.columns(3)
    region = c1.text_input(tr("ws.region"), w.region, key="ws_edit_region")
    province = c2.text_input(tr("ws.province"), w.province, key="ws_edit_province")
    year = c3.number_input(tr("ws.year"), 2000, 2100, w.year, key="ws_edit_year")
    venue = st.text_input(tr("ws.venue"), w.venue, key="ws_edit_venue")
    if st.form_submit_button(tr("common.save"), key="ws_edit_submit"):
        run(
            store().update_workshop,
            auth,
            wid,
            title=title,
            region=region,
            province=province,
            year=int(year),
            venue=venue,
            ok=tr("common.saved"),
        )

c1, c2 = st.columns(2)
c1.metric(tr("ws.join_code"), w.join_code)
if c1.button(tr("ws.rotate"), key="ws_rotate", help=tr("ws.rotate_help")):
    run(store().rotate_join_code, auth, wid, ok=tr("common.saved"), rerun=True)
with c2.form("url_form"):
    detected = join_base_url()
    public = st.text_input(
        tr("ws.public_url"),
        store().setting("public_url") or "",
        placeholder=detected,
        key="public_url",
    )
    st.caption(tr("ws.public_url_now", url=detected))
    if st.form_submit_button(tr("ws.public_url_save"), key="public_url_save"):
        run(store().set_setting, auth, "public_url", public, ok=tr("common.saved"), rerun=True)

# ---------------------------------------------------------------- stages
st.subheader(tr("ws.stages"))
for s in store().stages(wid):
    with st.expander(tr("ws.stage_head", roman=s.roman, title=s.title)):
        with st.form(f"stage_form_{s.number}"):
            st_title = st.text_input(tr("common.title"), s.title, key=f"stage_title_{s.number}")
            focus = st.text_area(tr("ws.focus"), s.focus, key=f"stage_focus_{s.number}")
            outputs = st.text_area(tr("ws.outputs"), s.outputs, key=f"stage_outputs_{s.number}")
            date = st.date_input(
                tr("ws.date"),
                datetime.date.fromisoformat(s.date) if s.date else None,
                key=f"stage_date_{s.number}",
                format="DD/MM/YYYY",
            )
            if st.form_submit_button(tr("ws.stage_save"), key=f"stage_save_{s.number}"):
                run(
                    store().update_stage,
                    auth,
                    s.id,
                    title=st_title,
                    focus=focus,
                    outputs=outputs,
                    date=date.isoformat() if date else None,
                    ok=tr("common.saved"),
                )

# ---------------------------------------------------------------- pillars
st.subheader(tr("ws.pillars"))
for p in store().pillars(wid):
    with st.expander(live.esc(f"{p.name} — {', '.join(p.subdims)}")):
        with st.form(f"pillar_form_{p.id}"):
            name = st.text_input(tr("ws.pillar_name"), p.name, key=f"pillar_name_{p.id}")
            short = st.text_input(tr("ws.pillar_short"), p.short, key=f"pillar_short_{p.id}")
            subs = st.text_area(
                tr("ws.subdims"), "\n".join(p.subdims), key=f"pillar_subdims_{p.id}"
            )
            if st.form_submit_button(tr("ws.pillar_save"), key=f"pillar_save_{p.id}"):
                run(
                    store().update_pillar,
                    auth,
                    p.id,
                    name=name,
                    short=short,
                    subdims=[x for x in subs.splitlines() if x.strip()],
                    ok=tr("common.saved"),
                )
        b1, b2, b3 = st.columns(3)
        if b1.button(tr("ws.up"), key=f"pillar_up_{p.id}"):
            run(store().move_pillar, auth, p.id, -1, rerun=True)
        if b2.button(tr("ws.down"), key=f"pillar_down_{p.id}"):
            run(store().move_pillar, auth, p.id, 1, rerun=True)
        if b3.button(tr("common.delete"), key=f"pillar_delete_{p.id}"):
            run(store().delete_pillar, auth, p.id, ok=tr("common.saved"), rerun=True)
with st.form("pillar_add", clear_on_submit=True):
    name = st.text_input(tr("ws.pillar_new"), key="pillar_new_name")
    subs = st.text_area(tr("ws.subdims"), key="pillar_new_subdims")
    if st.form_submit_button(tr("ws.pillar_add"), key="pillar_add_submit"):
        run(
            store().add_pillar,
            auth,
            wid,
            name,
            subdims=[x for x in subs.splitlines() if x.strip()],
            ok=tr("common.saved"),
        )

# ---------------------------------------------------------------- OPD roster
st.subheader(tr("ws.opds"))
opds = store().opds(wid)
st.dataframe(
    [
        {tr("ws.col_no"): n + 1, tr("ws.col_opd"): o.name, tr("ws.col_kind"): o.kind}
        for n, o in enumerate(opds)
    ],
    hide_index=True,
    key="opd_table",
    height=250,
)
c1, c2 = st.columns(2)
with c1.form("opd_add", clear_on_submit=True):
    new = st.text_input(tr("ws.opd_new"), key="opd_new")
    if st.form_submit_button(tr("common.add"), key="opd_add_submit"):
        run(store().add_opd, auth, wid, new, ok=tr("common.saved"), rerun=True)
with c2.form("opd_remove"):
    gone = st.selectbox(
        tr("ws.opd_delete"),
        [o.id for o in opds],
        format_func=live.opd_label(opds, "—"),
        key="opd_delete",
    )
    if st.form_submit_button(tr("common.delete"), key="opd_delete_submit"):
        run(store().delete_opd, auth, gone, ok=tr("common.saved"), rerun=True)
upload = st.file_uploader(tr("ws.opd_import"), type=["csv", "xlsx"], key="opd_import")
st.caption(
    tr(
        "ws.import_limits",
        mb=imports.MAX_BYTES // (1024 * 1024),
        rows=imports.MAX_ROWS,
        cols=imports.MAX_COLS,
    )
)
if upload is not None:
    # read once per file (cached by its SHA-256): a rerun never parses it again
    preview = imports.preview_roster(upload.getvalue(), upload.name, [o.name for o in opds])
    for message in preview.warnings:
        st.info(message)
    for row, message in preview.errors:
        st.warning(tr("ws.import_row", row=row, message=message) if row else message)
    st.write(tr("ws.import_ready", n=len(preview.names)))
    st.dataframe(
        {tr("ws.col_opd"): preview.names}, hide_index=True, key="opd_import_preview", height=200
    )
    if st.button(tr("ws.import_confirm"), key="opd_import_confirm", disabled=not preview.names):
        added = run(store().import_opds, auth, wid, preview.names)
        if added:
            st.success(tr("ws.import_done", n=added))

# ---------------------------------------------------------------- PIN
with st.expander(tr("ws.pin")):
    with st.form("pin_change", clear_on_submit=True):
        pin = st.text_input(tr("fac.pin"), type="password", key="pin_new")
        again = st.text_input(tr("fac.pin_repeat"), type="password", key="pin_new_repeat")
        if st.form_submit_button(tr("ws.pin_submit"), key="pin_change_submit"):
            if pin != again:
                st.error(tr("fac.pin_mismatch"))
            else:
                run(store().set_pin, pin, auth, ok=tr("common.saved"))
