"""Daftar peserta: the facilitator's participant list (search, attendance per stage,
ideas and ballots), and for one selected participant: remove from the results, restore,
or merge a duplicate entry of the same person into them.

One store call draws the list (`participant_list`, searched in the store), so the page
stays fast with 600 participants. A row is selected in the table or, where the table
cannot select (a phone, AppTest), in the selectbox under it (`pl_pick`)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from pages.common import require_facilitator, require_workshop, run, store, tr
from workshop import live

auth = require_facilitator()

st.title(tr("nav.participants"))
wid = require_workshop()
s = store()
st.caption(tr("pl.intro"))

# the limits against ballot stuffing and idea floods (store/limits.py), checked in the core
limits = s.join_limits(wid)
with st.expander(tr("lim.title")), st.form("lim_form"):
    st.caption(tr("lim.help"))
    shared = st.checkbox(
        tr("lim.shared_devices"), value=limits.shared_devices, key="lim_shared_devices"
    )
    joins = st.number_input(
        tr("lim.joins_per_minute"),
        value=limits.joins_per_minute,
        key="lim_joins",
        min_value=1,
        step=1,
    )
    cap = st.number_input(
        tr("lim.max_participants"),
        value=limits.max_participants,
        key="lim_cap",
        min_value=1,
        step=1,
    )
    st.caption(tr("lim.max_default", n=limits.default_max_participants))
    per_stage = st.number_input(
        tr("lim.ideas_per_stage"),
        value=limits.ideas_per_stage,
        key="lim_ideas_stage",
        min_value=1,
        step=1,
    )
    per_minute = st.number_input(
        tr("lim.ideas_per_minute"),
        value=limits.ideas_per_minute,
        key="lim_ideas_minute",
        min_value=1,
        step=1,
    )
    if st.form_submit_button(tr("lim.save"), key="lim_save"):
        typed = {
            "shared_devices": shared,
            "joins_per_minute": joins,
            "max_participants": cap,
            "ideas_per_stage": per_stage,
            "ideas_per_minute": per_minute,
        }
        # only what was changed is stored: the rest keeps following its default
        changed = {k: v for k, v in typed.items() if v != getattr(limits, k)}
        run(s.set_join_limits, auth, wid, **changed, ok=tr("common.saved"), rerun=True)

search = st.text_input(tr("pl.search"), key="pl_search", max_chars=120)
rows = run(s.participant_list, auth, wid, search=search) or []
stages = s.stages(wid)
st.caption(tr("pl.count", n=len(rows), removed=sum(1 for e in rows if e.removed)))


def status(entry: Any) -> str:
    if entry.merged_into is not None:
        return tr("pl.merged_into", id=entry.merged_into)
    return tr("pl.removed") if entry.removed else tr("pl.active")


table = pd.DataFrame(
    [
        {
            "#": e.id,
            tr("pl.col_name"): e.name,
            tr("pl.col_opd"): e.opd or e.institution,
            tr("pl.col_group"): tr(f"group.{e.group}"),
            **{tr("pl.col_stage", roman=x.roman): x.number in e.stages for x in stages},
            tr("pl.col_ideas"): e.ideas,
            tr("pl.col_ballots"): e.ballots,
            tr("pl.col_status"): status(e),
        }
        for e in rows
    ]
)
if not rows:
    st.info(tr("pl.empty"))
    st.stop()
event = st.dataframe(
    table,
    key="pl_table",
    on_select="rerun",
    selection_mode="single-row",
    hide_index=True,
    width="stretch",
)

# A click in the table (a new selection) sets the selectbox, which is what counts: a
# selection left from before a new search does not move it.
by_id = {e.id: e for e in rows}
chosen = list(getattr(getattr(event, "selection", None), "rows", None) or [])
if chosen != st.session_state.get("pl_table_last", []):
    st.session_state["pl_table_last"] = chosen
    if chosen and 0 <= chosen[0] < len(rows):
        st.session_state["pl_pick"] = rows[chosen[0]].id
if st.session_state.get("pl_pick") not in by_id:
    st.session_state["pl_pick"] = None
labels = {e.id: f"{e.name} · {e.opd or e.institution or '–'} · #{e.id}" for e in rows}
pick: int | None = st.selectbox(
    tr("pl.pick"),
    [None, *by_id],
    key="pl_pick",
    format_func=lambda i: tr("pl.pick_none") if i is None else live.label_of(labels)(i),
)
if pick is None:
    st.stop()
me = by_id[pick]
name = live.esc_message(me.name)  # user text, shown literally
st.subheader(name)

if me.merged_into is not None:
    st.info(tr("pl.merged_note", id=me.merged_into))
elif me.removed:
    if st.button(tr("pl.restore"), key="pl_restore", type="primary"):
        run(s.restore_participant, auth, me.id, ok=tr("pl.restored_ok", name=name), rerun=True)
else:
    if st.button(tr("pl.remove"), key="pl_remove"):
        run(s.remove_participant, auth, me.id, ok=tr("pl.removed_ok", name=name), rerun=True)
    st.markdown(f"**{tr('pl.merge_title')}**")
    st.caption(tr("pl.merge_help", name=name))
    others = {p.id: p for p in s.participants(wid) if p.id != me.id}  # active entries only
    other: int | None = st.selectbox(
        tr("pl.merge_other"),
        list(others),
        index=None,
        key="pl_merge_other",
        format_func=lambda i: f"{others[i].name} · #{i}",
    )
    if st.button(tr("pl.merge"), key="pl_merge", disabled=other is None) and other:
        ok = tr("pl.merged_ok", other=live.esc_message(others[other].name), name=name)
        run(s.merge_participants, auth, me.id, other, ok=ok, rerun=True)
