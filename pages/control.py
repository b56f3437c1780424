"""Facilitator's stage control: stage, phase, timer, voting per pillar, reveal, moderation.

Each section is a fragment: a click inside one reruns only that section; a write that
changes what other sections show reruns the page. The data comes from the store once per
run (`_data`, keyed by the workshop's version); filtering and the table rows are pure
helpers in workshop/console.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from pages.common import (
    join_spike_warning,
    lang_switch,
    require_facilitator,
    require_workshop,
    rerun_with,
    run,
    store,
    synced,
    tr,
)
from workshop import console, live
from workshop import domain as d

# Every tap target of this page at least 44 px high (a phone at 360×640).
TAP_CSS = """
<style>
.stMain .stButton button, .stMain .stFormSubmitButton button { min-height: 44px; min-width: 44px; }
.stMain [data-testid="stSelectbox"] [role="group"], .stMain [data-testid="stSelectbox"] input,
.stMain [data-testid="stSelectbox"] button { min-height: 44px; }
.stMain [data-testid="stSelectbox"] button { min-width: 44px; }
.stMain [data-testid="stMultiSelect"] [role="group"], .stMain [data-testid="stMultiSelect"] input,
.stMain [data-testid="stMultiSelect"] button { min-height: 44px; min-width: 44px; }
.stMain .stTextInput input, .stMain .stNumberInput input { min-height: 44px; }
.stMain [data-testid="stNumberInputStepDown"], .stMain [data-testid="stNumberInputStepUp"] {
  min-width: 44px; min-height: 44px; }
.stMain .stCheckbox label, .stMain .stToggle label, .stMain .stRadio label[data-baseweb="radio"] {
  min-height: 44px; align-items: center; }
.stMain [data-testid="stExpander"] summary { min-height: 44px; }
.stMain [data-testid="stElementToolbarButton"] button { min-width: 44px; min-height: 44px; }
</style>
"""

auth = require_facilitator()
wid = require_workshop()
lang_switch()
st.html(TAP_CSS)
st.session_state.pop("_ctl_memo", None)  # a full run reads the store afresh


def _data() -> dict[str, Any]:
    """What this run shows, read once: a fragment rerun reuses it while the workshop's
    version (bumped by every write) is unchanged."""
    w = store().workshop(wid)
    memo = st.session_state.get("_ctl_memo")
    if memo is not None and memo["version"] == w.version:
        return memo
    stages = store().stages(wid)
    stage = next(s for s in stages if s.number == w.current_stage)
    memo = {"version": w.version, "w": w, "stages": stages, "stage": stage}
    memo["pillars"] = store().pillars(wid)
    st.session_state["_ctl_memo"] = memo
    return memo


def _lazy(name: str, load: Callable[[dict[str, Any]], Any]) -> Any:
    memo = _data()
    if name not in memo:
        memo[name] = load(memo)
    return memo[name]


def _ideas() -> list[d.Idea]:
    return _lazy("ideas", lambda m: store().ideas(wid, statuses=console.STATUSES))


def _tallies() -> list[d.Tally]:
    return _lazy("tallies", lambda m: store().tallies(m["stage"].id))


def _pname() -> Callable[[int], str]:
    return live.pillar_label(_data()["pillars"])


def _kind(k: str) -> str:
    return tr(f"kind.{k}")


m = _data()
st.title(tr("ctl.title", region=m["w"].region, roman=m["stage"].roman, title=m["stage"].title))
join_spike_warning(wid)  # h13a: joins spiking or refused by a limit


# ---------------------------------------------------------------- stage and phase
@st.fragment
def stage_section() -> None:
    m = _data()
    w, stages, stage = m["w"], m["stages"], m["stage"]
    c1, c2 = st.columns([1, 2])
    with c1:
        number = st.radio(
            tr("ctl.stage"),
            [s.number for s in stages],
            index=w.current_stage - 1,
            horizontal=True,
            format_func=d.roman,
            key="ctl_stage",
        )
        if number != w.current_stage and st.button(
            tr("ctl.set_stage"), key="ctl_set_stage", type="primary"
        ):
            run(store().set_current_stage, auth, wid, number, ok=tr("common.saved"), rerun=True)
    with c2:
        st.write("**" + tr("ctl.phase_now", phase=tr("phase." + stage.phase)) + "**")
        cols = st.columns(4)
        for col, phase in zip(cols, d.PHASES, strict=True):
            if col.button(
                tr(f"phase.{phase}"),
                key=f"phase_{phase}",
                width="stretch",
                type="primary" if phase == stage.phase else "secondary",
            ):
                run(store().set_phase, auth, stage.id, phase, ok=tr("common.saved"), rerun=True)
        t1, t2, t3 = st.columns([2, 1, 1], vertical_alignment="bottom")
        minutes = t1.number_input(
            tr("ctl.timer"), min_value=1, max_value=240, value=10, key="ctl_timer_min"
        )
        if t2.button(tr("ctl.timer_start"), key="ctl_timer_start"):
            run(
                store().set_timer,
                auth,
                stage.id,
                int(minutes) * 60,
                ok=tr("common.saved"),
                rerun=True,
            )
        if t3.button(tr("ctl.timer_stop"), key="ctl_timer_stop"):
            run(store().set_timer, auth, stage.id, None, ok=tr("common.saved"), rerun=True)


# ---------------------------------------------------------------- voting
@st.fragment
def voting_section() -> None:
    m = _data()
    stage, pillars = m["stage"], m["pillars"]
    pname = _pname()
    with st.expander(tr("ctl.rules"), expanded=stage.phase == "group"):
        with st.form("vote_rules"):
            mode = st.selectbox(
                tr("ctl.mode"),
                d.VOTE_MODES,
                index=d.VOTE_MODES.index(stage.vote_mode),
                format_func=lambda m: tr(f"vote_mode.{m}"),
                key="ctl_vote_mode",
            )
            budget = st.number_input(
                tr("ctl.budget"), 1, d.MAX_BUDGET, stage.budget, key="ctl_budget"
            )
            cap = st.number_input(tr("ctl.cap"), 1, d.MAX_BUDGET, stage.cap, key="ctl_cap")
            if st.form_submit_button(tr("ctl.rules_save"), key="ctl_vote_save"):
                run(
                    store().update_stage,
                    auth,
                    stage.id,
                    vote_mode=mode,
                    budget=int(budget),
                    cap=int(cap),
                    ok=tr("common.saved"),
                    rerun=True,
                )
    if stage.phase not in ("vote", "agree"):
        return
    st.subheader(tr("ctl.voting"))
    open_now = set(store().open_pillars(stage.id))
    progress = store().vote_progress(stage.id)
    grid = st.columns(3)
    for n, p in enumerate(pillars):
        with grid[n % 3]:
            synced(
                st.toggle,
                tr("ctl.pillar_voters", pillar=p.short, n=progress["per_pillar"].get(p.id, 0)),
                key=f"voting_{p.id}",
                stored=p.id in open_now,
                apply=store().set_pillar_voting,
                args=(auth, stage.id, p.id),
                disabled=stage.phase != "vote",
            )
    synced(
        st.toggle,
        tr("ctl.reveal"),
        key="ctl_reveal",
        stored=stage.reveal,
        apply=store().set_reveal,
        args=(auth, stage.id),
    )
    results = _tallies()
    # only the columns of this stage's vote mode (no empty rating columns on a dot vote)
    measures = (
        (("col_impact", "impact"), ("col_feasibility", "feasibility"))
        if stage.vote_mode == "rating"
        else (("col_dots", "dots"), ("col_paper", "paper"), ("col_total", "total"))
    )
    st.dataframe(
        [
            {
                tr("ctl.col_pillar"): pname(t.pillar_id),
                tr("ctl.col_rank"): t.rank,
                tr("ctl.col_idea"): t.title,
                **{tr(f"ctl.{col}"): getattr(t, attr) for col, attr in measures},
            }
            for t in results
        ],
        hide_index=True,
        key="ctl_results",
    )
    with st.expander(tr("ctl.paper")):
        voted = [p.id for p in pillars if any(t.pillar_id == p.id for t in results)]
        if not voted:
            return
        which = st.selectbox(tr("ctl.paper_pillar"), voted, format_func=pname, key="paper_pillar")
        with st.form("paper_form"):
            counts = {
                t.idea_id: st.number_input(
                    live.esc(t.title), 0, 100000, t.paper, key=f"paper_{t.idea_id}"
                )
                for t in results
                if t.pillar_id == which
            }
            note = st.text_input(
                tr("ctl.paper_note"), tr("ctl.paper_note_default"), key="paper_note"
            )
            if st.form_submit_button(tr("ctl.paper_save"), key="paper_save"):
                saved = [
                    run(store().set_paper_tally, auth, stage.id, idea_id, int(n), note)
                    for idea_id, n in counts.items()
                ]
                if all(saved):  # a refusal stays on screen; nothing to redraw otherwise
                    rerun_with(tr("common.saved"))


# ---------------------------------------------------------------- moderation
def _selection(ids: list[int]) -> None:
    """Keep the table's ticks on the same ideas when its rows change (a filter, a new
    idea, an action): the ticks are positions in the rows the browser showed last."""
    before = st.session_state.get("_mod_ids")
    if before is None or before == ids:
        st.session_state["_mod_ids"] = ids
        return
    state = st.session_state.get("mod_table")
    rows = list(state["selection"]["rows"]) if state else []
    picked = console.selected_ids(rows, before)
    st.session_state["mod_table"] = {
        "selection": {"rows": console.positions_of(picked, ids), "columns": [], "cells": []}
    }
    st.session_state["_mod_ids"] = ids


def _edit_form(idea: d.Idea, pillars: list[d.Pillar]) -> None:
    if st.session_state.get("_mod_edit") != (idea.id, idea.updated_at):
        st.session_state["_mod_edit"] = (idea.id, idea.updated_at)
        st.session_state["mod_title"] = idea.title
        st.session_state["mod_desc"] = idea.description
        st.session_state["mod_pillar_edit"] = idea.pillar_id
        st.session_state["mod_kind_edit"] = idea.kind
    st.markdown("**" + live.esc(tr("mod.edit", id=idea.id)) + "**")
    if idea.status == "merged" and st.button(tr("mod.unmerge"), key="mod_unmerge"):
        run(store().unmerge_idea, auth, idea.id, ok=tr("common.saved"), rerun=True)
    with st.form("mod_form"):
        title = st.text_input(tr("common.title"), max_chars=d.TITLE_MAX, key="mod_title")
        desc = st.text_area(tr("common.description"), max_chars=d.DESCRIPTION_MAX, key="mod_desc")
        new_pillar = st.selectbox(
            tr("idea.pillar"), [p.id for p in pillars], format_func=_pname(), key="mod_pillar_edit"
        )
        kind = st.selectbox(tr("idea.kind"), d.KINDS, format_func=_kind, key="mod_kind_edit")
        if st.form_submit_button(tr("common.save"), key="mod_save"):
            run(
                store().moderate_idea,
                auth,
                idea.id,
                title=title,
                description=desc,
                pillar_id=new_pillar,
                kind=kind,
                ok=tr("common.saved"),
                rerun=True,
            )


def _bulk(picked: list[int], stage: d.Stage, pillars: list[d.Pillar]) -> None:
    none = not picked
    saved = tr("common.saved")
    b1, b2 = st.columns(2)
    if b1.button(tr("mod.hide"), key="mod_bulk_hide", disabled=none, width="stretch"):
        run(store().set_ideas_hidden, auth, picked, True, ok=saved, rerun=True)
    if b2.button(tr("mod.show"), key="mod_bulk_show", disabled=none, width="stretch"):
        run(store().set_ideas_hidden, auth, picked, False, ok=saved, rerun=True)
    b3, b4 = st.columns(2)
    if b3.button(tr("mod.bulk_short"), key="mod_bulk_short", disabled=none, width="stretch"):
        run(store().set_shortlisted, auth, stage.id, picked, ok=saved, rerun=True)
    if b4.button(tr("mod.bulk_unshort"), key="mod_bulk_unshort", disabled=none, width="stretch"):
        run(store().set_shortlisted, auth, stage.id, picked, False, ok=saved, rerun=True)
    p1, p2 = st.columns([2, 1], vertical_alignment="bottom")
    to = p1.selectbox(
        tr("mod.bulk_pillar"), [p.id for p in pillars], format_func=_pname(), key="mod_bulk_pillar"
    )
    if p2.button(tr("mod.bulk_move"), key="mod_bulk_move", disabled=none, width="stretch"):
        run(store().move_ideas, auth, picked, to, ok=saved, rerun=True)
    if len(picked) >= 2:
        by_id = {i.id: i for i in _ideas()}
        g1, g2 = st.columns([2, 1], vertical_alignment="bottom")
        target = g1.selectbox(
            tr("mod.merge_target"),
            sorted(picked),  # the oldest first: the default target
            format_func=lambda i: f"#{i} {by_id[i].title}" if i in by_id else str(i),
            key="mod_bulk_target",
        )
        if g2.button(tr("mod.bulk_merge"), key="mod_bulk_merge", width="stretch"):
            into, sources = console.merge_plan(picked, target)
            run(store().merge_ideas, auth, into, sources, ok=saved, rerun=True)


@st.fragment
def moderation_section() -> None:
    m = _data()
    stage, stages, pillars = m["stage"], m["stages"], m["pillars"]
    people = _lazy("people", lambda m: {p.id: p.name for p in store().participants(wid)})
    opds = _lazy("opds", lambda m: {o.id: o.name for o in store().opds(wid)})
    short = _lazy("short", lambda m: {i.id for i in store().shortlist(m["stage"].id)})
    pname = _pname()
    st.subheader(tr("mod.title"))
    search = st.text_input(tr("mod.search"), key="mod_search")
    f1, f2, f3 = st.columns(3)
    pillar_filter = f1.selectbox(
        tr("idea.pillar"),
        [None] + [p.id for p in pillars],
        key="mod_pillar",
        format_func=lambda x: tr("mod.all_pillars") if x is None else pname(x),
    )
    kind_filter = f2.selectbox(
        tr("idea.kind"),
        [None, *d.KINDS],
        key="mod_kind",
        format_func=lambda k: tr("mod.all_kinds") if k is None else _kind(k),
    )
    status_filter = f3.selectbox(
        tr("mod.status"),
        [None, *console.STATUSES],
        key="mod_status",
        format_func=lambda s: tr("mod.all_statuses") if s is None else _status_name(s),
    )
    f4, f5 = st.columns(2)
    opd_filter = f4.selectbox(
        tr("mod.opd"),
        [None, *opds],
        key="mod_opd",
        format_func=lambda o: tr("mod.all_opds") if o is None else opds.get(o, str(o)),
    )
    earlier = f5.toggle(tr("mod.earlier"), key="mod_earlier")
    everything = _ideas()
    scope = console.stage_scope(stages, stage, earlier)
    listed = console.filter_ideas(
        everything,
        stage_ids=scope,
        search=search,
        pillar_id=pillar_filter,
        kind=kind_filter,
        status=status_filter,
        opd_id=opd_filter,
        authors=people,
        opds=opds,
    )
    ids = [i.id for i in listed]
    in_scope = sum(1 for i in everything if i.stage_id in scope)
    st.caption(tr("mod.listed", n=len(listed), total=in_scope, short=len(short)))
    rows = console.idea_rows(
        listed,
        pillars={p.id: p.short for p in pillars},
        stages={s.id: s.roman for s in stages},
        shortlisted=short,
        authors=people,
        opds=opds,
        kind_label=_kind,
        status_label=_status_of,
        floor=tr("mod.from_floor"),
    )
    _selection(ids)
    event = st.dataframe(
        pd.DataFrame(console.columns_of(rows)),
        on_select="rerun",
        selection_mode="multi-row",
        key="mod_table",
        hide_index=True,
        row_height=44,
        column_config={
            "id": st.column_config.NumberColumn(tr("mod.col_id"), width="small", format="%d"),
            "stage": st.column_config.TextColumn(tr("mod.col_stage"), width="small"),
            "pillar": st.column_config.TextColumn(tr("mod.col_pillar"), width="small"),
            "kind": st.column_config.TextColumn(tr("mod.col_kind"), width="small"),
            "title": st.column_config.TextColumn(tr("mod.col_title"), width="large"),
            "author": st.column_config.TextColumn(tr("mod.col_author")),
            "opd": st.column_config.TextColumn(tr("mod.col_opd")),
            "status": st.column_config.TextColumn(tr("mod.col_status"), width="small"),
            "short": st.column_config.CheckboxColumn(tr("mod.col_short"), width="small"),
        },
    )
    picked = console.selected_ids(list(event.selection.rows), ids)
    st.caption(tr("mod.selected", n=len(picked)) if picked else tr("mod.pick_hint"))
    _bulk(picked, stage, pillars)
    if len(picked) == 1:
        _edit_form(next(i for i in listed if i.id == picked[0]), pillars)
    _merge_by_name([i for i in listed if i.status == "shown"], stage)


def _merge_by_name(shown: list[d.Idea], stage: d.Stage) -> None:
    """Merging and shortlisting without ticking rows: the listed ideas picked by name
    (type to search), e.g. from the keyboard."""
    with st.expander(tr("mod.merge")):
        label = {i.id: f"#{i.id} {i.title}" for i in shown}
        target = st.selectbox(
            tr("mod.merge_target"),
            [i.id for i in shown],
            key="merge_target",
            format_func=live.label_of(label),
        )
        sources = st.multiselect(
            tr("mod.merge_sources"),
            [i.id for i in shown if i.id != target],
            key="merge_sources",
            format_func=live.label_of(label),
        )
        if st.button(tr("mod.merge_submit"), key="merge_submit", disabled=not sources):
            run(store().merge_ideas, auth, target, sources, ok=tr("common.saved"), rerun=True)
    if st.button(tr("mod.shortlist_all"), key="short_all"):
        run(
            store().set_shortlisted,
            auth,
            stage.id,
            [i.id for i in shown],
            ok=tr("common.saved"),
            rerun=True,
        )


def _status_name(status: str) -> str:
    return {"shown": tr("mod.status_shown"), "hidden": tr("mod.hidden")}.get(
        status, tr("mod.status_merged_any")
    )


def _status_of(i: d.Idea) -> str:
    if i.status == "merged":
        return tr("mod.status_merged", id=i.merged_into)
    return _status_name(i.status)


# ---------------------------------------------------------------- duplicate clusters
MAX_CLUSTERS = 12


def _skip(cluster: tuple[int, ...]) -> None:
    st.session_state.setdefault("cluster_dismissed", set()).add(cluster)


@st.fragment
def clusters_section() -> None:
    m = _data()
    stage = m["stage"]
    pname = _pname()
    st.subheader(tr("dup.title"))
    st.caption(tr("dup.hint"))
    ideas = [i for i in _ideas() if i.stage_id == stage.id]
    votes = {t.idea_id: t.total for t in _tallies() if t.total}
    found = console.clusters(
        ideas,
        votes,
        dismissed=st.session_state.get("cluster_dismissed", set()),
    )
    if not found:
        st.caption(tr("dup.none"))
        return
    by_id = {i.id: i for i in ideas}
    for group in found[:MAX_CLUSTERS]:
        target = group[0]
        with st.container(border=True):
            st.markdown(
                "  \n".join(
                    live.esc(f"#{i} [{pname(by_id[i].pillar_id)}] {by_id[i].title}")
                    for i in group
                    if i in by_id
                )
            )
            c1, c2 = st.columns(2)
            if c1.button(
                tr("dup.merge"), key=f"cluster_merge_{target}", type="primary", width="stretch"
            ):
                run(
                    store().merge_ideas,
                    auth,
                    target,
                    group[1:],
                    ok=tr("common.saved"),
                    rerun=True,
                )
            c2.button(
                tr("dup.skip"),
                key=f"cluster_skip_{target}",
                on_click=_skip,
                args=(tuple(group),),
                width="stretch",
            )
    if len(found) > MAX_CLUSTERS:
        st.caption(tr("dup.more", n=len(found) - MAX_CLUSTERS))


# ---------------------------------------------------------------- an idea from the floor
@st.fragment
def floor_section() -> None:
    pillars = _data()["pillars"]
    with st.expander(tr("mod.floor")):
        with st.form("floor_form", clear_on_submit=True):
            fp = st.selectbox(
                tr("idea.pillar"), [p.id for p in pillars], format_func=_pname(), key="floor_pillar"
            )
            fk = st.selectbox(tr("idea.kind"), d.KINDS, format_func=_kind, key="floor_kind")
            ft = st.text_input(tr("common.title"), max_chars=d.TITLE_MAX, key="floor_title")
            fd = st.text_area(
                tr("common.description"), max_chars=d.DESCRIPTION_MAX, key="floor_desc"
            )
            if st.form_submit_button(tr("common.add"), key="floor_submit"):
                run(
                    store().add_idea,
                    auth,
                    wid,
                    pillar_id=fp,
                    kind=fk,
                    title=ft,
                    description=fd,
                    ok=tr("common.saved"),
                    rerun=True,
                )


stage_section()
voting_section()
moderation_section()
clusters_section()
floor_section()
