"""Quick wins: candidates from the top ideas, the quick-win gate, risks, Tahap IV documents.

A programme is saved as a *candidate*; **Sepakati sebagai quick win** agrees it only when
the core's gate passes (horizon <= 2 years, an owning OPD, the four enablers assessed).
Each candidate shows why it does not pass yet. Unassessed fields stay "Belum dinilai".
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from pages import common
from pages.common import (
    lang,
    lang_switch,
    require_facilitator,
    require_workshop,
    rerun_with,
    run,
    store,
    tr,
)
from workshop import domain as d
from workshop import live, views, web
from workshop.errors import in_language

auth = require_facilitator()
wid = require_workshop()
lang_switch()
w = store().workshop(wid)
stage = store().stage_by_number(wid, w.current_stage)
pillars = store().pillars(wid)
opds = store().opds(wid)
pname = live.pillar_label(pillars)
oname = live.opd_label(opds, "—")
opd_by_name = {o.name: o.id for o in opds}
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


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Editor rows as plain dicts (NaN and NA become None)."""
    frame = frame.astype(object).where(pd.notna(frame), None)
    return [dict(r) for r in frame.to_dict("records")]


def _table_editor(key: str, rows: list[dict[str, Any]], columns: dict[str, Any]) -> list:
    frame = pd.DataFrame(rows, columns=list(columns)).astype(object)
    edited = st.data_editor(
        frame,
        key=key,
        num_rows="dynamic",
        width="stretch",
        hide_index=True,
        column_config=columns,
    )
    return _records(edited)


def programme_form(key: str, values: dict[str, Any], submit: str) -> dict[str, Any] | None:
    """All fields of a programme; returns them when the form is submitted."""
    with st.form(key):
        out: dict[str, Any] = {}
        out["name"] = st.text_input(
            tr("qw.name"), values.get("name", ""), max_chars=200, key=f"{key}_name"
        )
        c1, c2 = st.columns(2)
        pids = [p.id for p in pillars]
        out["pillar_id"] = c1.selectbox(
            tr("idea.pillar"),
            pids,
            format_func=pname,
            key=f"{key}_pillar",
            index=pids.index(values["pillar_id"]) if values.get("pillar_id") in pids else 0,
        )
        subdims = sorted({s for p in pillars for s in p.subdims})
        out["subdim"] = c2.text_input(
            tr("qw.subdim"),
            values.get("subdim", ""),
            key=f"{key}_subdim",
            help=", ".join(subdims),
        )
        oids = [o.id for o in opds]
        out["owner_opd_id"] = c1.selectbox(
            tr("qw.owner"),
            oids,
            format_func=oname,
            key=f"{key}_owner",
            index=oids.index(values["owner_opd_id"])
            if values.get("owner_opd_id") in oids
            else None,
            placeholder=tr("qw.horizon_none"),
        )
        out["supporting_opd_ids"] = c2.multiselect(
            tr("qw.support"),
            oids,
            default=[i for i in values.get("supporting_opd_ids", []) if i in oids],
            format_func=oname,
            key=f"{key}_support",
        )
        c1, c2, c3 = st.columns(3)
        horizons: list[str | None] = [None, *d.QW_HORIZONS]
        out["horizon"] = c1.selectbox(
            tr("qw.horizon"),
            horizons,
            index=horizons.index(values.get("horizon")),
            format_func=lambda h: tr("qw.horizon_none") if h is None else tr(f"horizon.{h}"),
            key=f"{key}_horizon",
        )
        out["timeline_months"] = c2.number_input(
            tr("qw.months_none"),
            0,
            60,
            int(values.get("timeline_months") or 0),
            key=f"{key}_months",
        )
        sources = ["", *d.BUDGET_SOURCES]
        out["budget_source"] = c3.selectbox(
            tr("qw.budget_source"),
            sources,
            key=f"{key}_source",
            format_func=lambda b: tr("qw.source_none") if not b else tr(f"budget.{b}"),
            index=sources.index(values.get("budget_source") or ""),
        )
        out["budget_year"] = c1.number_input(
            tr("qw.budget_year"),
            0,
            2100,
            int(values.get("budget_year") or 0),
            key=f"{key}_year",
        )
        out["estimated_cost"] = c2.number_input(
            tr("qw.cost"),
            0,
            10**15,
            int(values.get("estimated_cost", 0)),
            step=1_000_000,
            key=f"{key}_cost",
        )
        out["location"] = c3.text_input(
            tr("qw.location"), values.get("location", ""), key=f"{key}_location"
        )
        out["beneficiaries"] = st.text_input(
            tr("qw.beneficiaries"), values.get("beneficiaries", ""), key=f"{key}_beneficiaries"
        )
        out["plan_link"] = st.text_input(
            tr("qw.plan_link"), values.get("plan_link", ""), key=f"{key}_plan"
        )
        for field, text in (
            ("problem", tr("qw.problem")),
            ("description", tr("qw.description")),
            ("objective", tr("qw.objective")),
        ):
            out[field] = st.text_area(text, values.get(field, ""), key=f"{key}_{field}", height=68)
        st.write("**" + tr("qw.indicators") + "**")
        out["indicators"] = _table_editor(
            f"{key}_indicators",
            list(values.get("indicators") or []),
            {
                "kind": st.column_config.SelectboxColumn(
                    tr("qw.ind_kind"), options=list(d.INDICATOR_KINDS), default="output"
                ),
                "name": st.column_config.TextColumn(tr("qw.ind_name"), width="large"),
                "baseline": st.column_config.TextColumn(tr("qw.ind_baseline")),
                "target": st.column_config.TextColumn(tr("qw.ind_target")),
            },
        )
        st.write("**" + tr("qw.milestones") + "**")
        out["milestones"] = _table_editor(
            f"{key}_milestones",
            list(values.get("milestones") or []),
            {
                "when": st.column_config.TextColumn(tr("qw.ms_when")),
                "what": st.column_config.TextColumn(tr("qw.ms_what"), width="large"),
            },
        )
        st.write("**" + tr("qw.enablers") + "**")
        enablers = d.check_enablers(values.get("enablers"))
        states = [d.ENABLER_UNASSESSED, *d.ENABLER_STATES]
        out["enablers"] = {}
        for e in d.ENABLERS:
            e1, e2 = st.columns([1, 2])
            status = e1.selectbox(
                tr(f"enabler.{e}"),
                states,
                index=states.index(enablers[e]["status"]),
                format_func=lambda x: tr(f"enabler_state.{x}"),
                key=f"{key}_en_{e}",
            )
            note = e2.text_input(
                tr("qw.enabler_note", enabler=tr(f"enabler.{e}")),
                enablers[e]["catatan"],
                key=f"{key}_en_{e}_note",
            )
            out["enablers"][e] = {"status": status, "catatan": note}
        out["risks"] = st.text_area(
            tr("qw.risks_note"), values.get("risks", ""), key=f"{key}_risks", height=68
        )
        if st.form_submit_button(submit, key=f"{key}_submit", type="primary"):
            return out
    return None


def gate_box(q: d.QuickWin) -> None:
    """Whether the programme passes the quick-win gate, and why not (the core's reasons)."""
    reasons = d.gate_of(q)
    if not reasons:
        st.success(tr("qw.gate_ok"), icon=":material/check_circle:")
        return
    message = in_language(
        f"Belum dapat disepakati sebagai quick win: {'; '.join(reasons)}.", lang()
    )
    head, _, rest = message.partition(": ")
    items = "\n".join(f"- {live.esc(r.strip().rstrip('.'))}" for r in rest.split(";"))
    st.warning(f"**{tr('qw.gate_no')}**\n\n{items}", icon=":material/rule:")


def risk_add_form(q: d.QuickWin) -> None:
    """One new risk in plain widgets (usable on a phone, unlike a table editor)."""
    key = f"qw_risk_new_{q.id}"
    with st.form(key, clear_on_submit=True):
        st.write("**" + tr("qw.risk_add") + "**")
        risk = st.text_input(tr("qw.risk"), key=f"{key}_risk")
        c1, c2, c3 = st.columns(3)
        levels: list[int | None] = [None, *d.RISK_LEVELS]
        likelihood = c1.selectbox(
            tr("qw.likelihood"),
            levels,
            format_func=lambda v: (
                tr("qw.horizon_none") if v is None else f"{v} – {d.LIKELIHOOD_LABELS[v]}"
            ),
            key=f"{key}_likelihood",
            placeholder=tr("qw.horizon_none"),
        )
        impact = c2.selectbox(
            tr("qw.impact"),
            levels,
            format_func=lambda v: (
                tr("qw.horizon_none") if v is None else f"{v} – {d.IMPACT_LABELS[v]}"
            ),
            key=f"{key}_impact",
            placeholder=tr("qw.horizon_none"),
        )
        owner = c3.selectbox(
            tr("qw.risk_owner"),
            [o.id for o in opds],
            index=None,
            format_func=oname,
            key=f"{key}_owner",
            placeholder="—",
        )
        mitigation = st.text_input(tr("qw.mitigation"), key=f"{key}_mitigation")
        if st.form_submit_button(tr("qw.risk_add"), key=f"{key}_submit"):
            st.session_state["qw_open"] = q.id
            run(
                store().add_quickwin_risk,
                auth,
                q.id,
                risk=risk,
                likelihood=likelihood,
                impact=impact,
                mitigation=mitigation,
                owner_opd_id=owner,
                ok=tr("common.saved"),
                rerun=True,
            )


def risk_editor(q: d.QuickWin) -> None:
    """The programme's risk register: one row per risk, saved in one transaction."""
    st.write("**" + tr("qw.risk_register") + "**")
    if not store().quickwin_risks(q.id):
        st.caption(tr("qw.no_risks"))
        return
    names = {o.id: o.name for o in opds}
    rows = [
        {
            "risk": r.risk,
            "likelihood": r.likelihood,
            "impact": r.impact,
            "mitigation": r.mitigation,
            "owner": names.get(r.owner_opd_id) if r.owner_opd_id else None,
        }
        for r in store().quickwin_risks(q.id)
    ]
    with st.form(f"qw_risks_{q.id}"):
        edited = _table_editor(
            f"qw_risks_{q.id}_table",
            rows,
            {
                "risk": st.column_config.TextColumn(tr("qw.risk"), width="large"),
                "likelihood": st.column_config.SelectboxColumn(
                    tr("qw.likelihood"), options=list(d.RISK_LEVELS)
                ),
                "impact": st.column_config.SelectboxColumn(
                    tr("qw.impact"), options=list(d.RISK_LEVELS)
                ),
                "mitigation": st.column_config.TextColumn(tr("qw.mitigation"), width="large"),
                "owner": st.column_config.SelectboxColumn(
                    tr("qw.risk_owner"), options=[o.name for o in opds]
                ),
            },
        )
        if st.form_submit_button(tr("qw.save_risks"), key=f"qw_risks_{q.id}_submit"):
            risks = [{**r, "owner_opd_id": opd_by_name.get(r.pop("owner") or "")} for r in edited]
            st.session_state["qw_open"] = q.id
            run(
                store().set_quickwin_risks,
                auth,
                q.id,
                risks,
                ok=tr("common.saved"),
                rerun=True,
            )


st.subheader(tr("qw.new2"))
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
    submitted = programme_form("qw_new", prefill, tr("qw.save_candidate"))
    created = submitted and run(
        store().create_quickwin, auth, stage.id, idea_ids=chosen, **submitted
    )
    if created:
        st.session_state["qw_reset"] = True
        st.session_state["qw_open"] = created.id  # show it with its gate
        rerun_with(tr("common.saved"))

st.subheader(tr("qw.list"))
for q in store().quickwins(wid):
    status = tr(f"qw.status_{q.status}")
    title = f"{q.name} · {pname(q.pillar_id)} · {oname(q.owner_opd_id)} · {status}"
    with st.expander(live.esc(title), expanded=st.session_state.get("qw_open") == q.id):
        gate_box(q)
        b1, b2, b3 = st.columns(3)
        if q.status != "agreed":
            if b1.button(tr("qw.agree"), key=f"qw_agree_{q.id}", type="primary"):
                st.session_state["qw_open"] = q.id
                run(store().agree_quickwin, auth, q.id, ok=tr("qw.agreed_ok"), rerun=True)
        elif b1.button(tr("qw.unagree"), key=f"qw_unagree_{q.id}"):
            st.session_state["qw_open"] = q.id
            run(store().agree_quickwin, auth, q.id, False, ok=tr("common.saved"), rerun=True)
        if b3.button(tr("qw.delete"), key=f"qw_delete_{q.id}"):
            run(store().delete_quickwin, auth, q.id, ok=tr("common.saved"), rerun=True)
        edited = programme_form(f"qw_edit_{q.id}", vars(q), tr("qw.save"))
        if edited:
            st.session_state["qw_open"] = q.id
            run(store().update_quickwin, auth, q.id, **edited, ok=tr("common.saved"), rerun=True)
        risk_editor(q)
        risk_add_form(q)

st.subheader(tr("qw.documents"))
if st.context.cookies.get(common.FAC_COOKIE) != auth:  # the links log in with this cookie
    common.remember_facilitator(auth)
base = st.get_option("server.baseUrlPath") or ""
st.html(f"<style>{web.DOWNLOAD_CSS}</style>")
cols = st.columns(4)
for col, (kind, text, icon) in zip(
    cols,
    (
        ("quickwins", "qw.dl_profiles", "flag"),
        ("qw_risks", "qw.dl_risks", "warning"),
        ("qw_berita", "qw.dl_berita", "gavel"),
        ("qw_komitmen", "qw.dl_komitmen", "draw"),
    ),
    strict=True,
):
    with col:
        st.container(key=f"dl_{kind}").html(
            web.download_link_html(
                web.download_url(kind, base, workshop=wid),
                tr(text) + " (.docx)",
                f"dl-{kind}",
                icon=icon,
            )
        )
