"""Agreement: turn top ideas into quick-win programmes, prefilled from ideas and votes."""

from __future__ import annotations

from typing import Any

import streamlit as st

from pages.common import (
    lang_switch,
    require_facilitator,
    require_workshop,
    rerun_with,
    run,
    store,
    tr,
)
from workshop import domain as d
from workshop import live, views

auth = require_facilitator()
wid = require_workshop()
lang_switch()
w = store().workshop(wid)
stage = store().stage_by_number(wid, w.current_stage)
pillars = store().pillars(wid)
opds = store().opds(wid)
pname = live.pillar_label(pillars)
oname = live.opd_label(opds, "—")
st.title(tr("qw.title", region=w.region))

# Candidates: every shown idea of this and earlier stages, best-voted first.
ranked: dict[int, tuple[str, Any]] = {}
numbers = {s.id: s.number for s in store().stages(wid)}
for s in store().stages(wid):
    if s.number <= stage.number:
        for t in store().tallies(s.id):
            ranked.setdefault(t.idea_id, (s.roman, t))
ideas = [i for i in store().ideas(wid) if numbers[i.stage_id] <= stage.number]
ideas.sort(key=lambda i: (-(ranked[i.id][1].total if i.id in ranked else -1), i.id))


def label(idea_id: int) -> str:
    i = next(x for x in ideas if x.id == idea_id)
    extra = ""
    if i.id in ranked:
        roman, t = ranked[i.id]
        extra = " · " + (
            tr("qw.votes_dots", roman=roman, n=t.total)
            if not t.ratings
            else tr("qw.votes_rating", roman=roman, impact=t.impact, feasibility=t.feasibility)
        )
    return f"[{pname(i.pillar_id)}] {i.title}{extra}"


def programme_form(key: str, values: dict[str, Any]) -> dict[str, Any] | None:
    """All fields of a programme; returns them when the form is submitted."""
    with st.form(key):
        out: dict[str, Any] = {}
        out["name"] = st.text_input(
            tr("qw.name"), values.get("name", ""), max_chars=200, key=f"{key}_name"
        )
        pids = [p.id for p in pillars]
        out["pillar_id"] = st.selectbox(
            tr("idea.pillar"),
            pids,
            format_func=pname,
            key=f"{key}_pillar",
            index=pids.index(values["pillar_id"]) if values.get("pillar_id") in pids else 0,
        )
        oids = [o.id for o in opds]
        out["owner_opd_id"] = st.selectbox(
            tr("qw.owner"),
            oids,
            format_func=oname,
            key=f"{key}_owner",
            index=oids.index(values["owner_opd_id"])
            if values.get("owner_opd_id") in oids
            else None,
        )
        out["supporting_opd_ids"] = st.multiselect(
            tr("qw.support"),
            oids,
            default=[i for i in values.get("supporting_opd_ids", []) if i in oids],
            format_func=oname,
            key=f"{key}_support",
        )
        for field, text in (
            ("problem", tr("qw.problem")),
            ("description", tr("qw.description")),
            ("objective", tr("qw.objective")),
            ("output_indicator", tr("qw.output_indicator")),
            ("outcome_indicator", tr("qw.outcome_indicator")),
            ("risks", tr("qw.risks")),
        ):
            out[field] = st.text_area(text, values.get(field, ""), key=f"{key}_{field}", height=80)
        c1, c2, c3 = st.columns(3)
        out["timeline_months"] = c1.number_input(
            tr("qw.months"), 1, 60, int(values.get("timeline_months", 12)), key=f"{key}_months"
        )
        out["budget_source"] = c2.selectbox(
            tr("qw.budget_source"),
            d.BUDGET_SOURCES,
            key=f"{key}_source",
            format_func=lambda b: tr(f"budget.{b}"),
            index=d.BUDGET_SOURCES.index(values.get("budget_source", "APBD")),
        )
        out["estimated_cost"] = c3.number_input(
            tr("qw.cost"),
            0,
            10**15,
            int(values.get("estimated_cost", 0)),
            step=1_000_000,
            key=f"{key}_cost",
        )
        st.write("**" + tr("qw.enablers") + "**")
        enablers = values.get("enablers") or d.default_enablers()
        out["enablers"] = {}
        for e in d.ENABLERS:
            e1, e2 = st.columns([1, 2])
            status = e1.selectbox(
                tr(f"enabler.{e}"),
                d.ENABLER_STATES,
                index=d.ENABLER_STATES.index(enablers[e]["status"]),
                format_func=lambda x: tr(f"enabler_state.{x}"),
                key=f"{key}_en_{e}",
            )
            note = e2.text_input(
                tr("qw.enabler_note", enabler=tr(f"enabler.{e}")),
                enablers[e]["catatan"],
                key=f"{key}_en_{e}_note",
            )
            out["enablers"][e] = {"status": status, "catatan": note}
        if st.form_submit_button(tr("qw.save"), key=f"{key}_submit", type="primary"):
            return out
    return None


st.subheader(tr("qw.new"))
if st.session_state.pop("qw_reset", False):  # the last programme was saved: start afresh
    st.session_state["qw_ideas"] = []
chosen = st.multiselect(tr("qw.pick"), [i.id for i in ideas], key="qw_ideas", format_func=label)
if chosen != st.session_state.get("qw_prefilled_for"):
    # another choice of ideas: the form shows that choice's prefill, not the last one's
    for key in [k for k in st.session_state if str(k).startswith("qw_new_")]:
        del st.session_state[key]
    st.session_state["qw_prefilled_for"] = list(chosen)
if chosen:
    prefill = views.quickwin_prefill(store(), chosen, stage.id)
    if prefill.get("evidence"):
        st.caption(tr("qw.evidence", evidence=live.esc(prefill["evidence"])))
    submitted = programme_form("qw_new", prefill)
    if submitted and run(store().create_quickwin, auth, stage.id, idea_ids=chosen, **submitted):
        st.session_state["qw_reset"] = True
        rerun_with(tr("common.saved"))

st.subheader(tr("qw.agreed"))
for q in store().quickwins(wid):
    with st.expander(live.esc(f"{q.name} · {pname(q.pillar_id)} · {oname(q.owner_opd_id)}")):
        edited = programme_form(f"qw_edit_{q.id}", vars(q))
        if edited:
            run(store().update_quickwin, auth, q.id, **edited, ok=tr("common.saved"), rerun=True)
        if st.button(tr("qw.delete"), key=f"qw_delete_{q.id}"):
            run(store().delete_quickwin, auth, q.id, ok=tr("common.saved"), rerun=True)
