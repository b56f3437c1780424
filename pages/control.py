"""Facilitator's stage control: stage, phase, timer, voting per pillar, reveal, moderation."""

from __future__ import annotations

import streamlit as st

from pages.common import (
    lang_switch,
    require_facilitator,
    require_workshop,
    rerun_with,
    run,
    store,
    synced,
    tr,
)
from workshop import domain as d
from workshop import live

auth = require_facilitator()
wid = require_workshop()
lang_switch()
w = store().workshop(wid)
stages = store().stages(wid)
stage = store().stage_by_number(wid, w.current_stage)
pillars = store().pillars(wid)
pname = live.pillar_label(pillars)
st.title(tr("ctl.title", region=w.region, roman=stage.roman, title=stage.title))

# ---------------------------------------------------------------- stage and phase
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
        run(store().set_timer, auth, stage.id, int(minutes) * 60, ok=tr("common.saved"), rerun=True)
    if t3.button(tr("ctl.timer_stop"), key="ctl_timer_stop"):
        run(store().set_timer, auth, stage.id, None, ok=tr("common.saved"), rerun=True)

# ---------------------------------------------------------------- voting rules
with st.expander(tr("ctl.rules"), expanded=stage.phase == "group"):
    with st.form("vote_rules"):
        mode = st.selectbox(
            tr("ctl.mode"),
            d.VOTE_MODES,
            index=d.VOTE_MODES.index(stage.vote_mode),
            format_func=lambda m: tr(f"vote_mode.{m}"),
            key="ctl_vote_mode",
        )
        budget = st.number_input(tr("ctl.budget"), 1, d.MAX_BUDGET, stage.budget, key="ctl_budget")
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
            )

if stage.phase in ("vote", "agree"):
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
    results = store().tallies(stage.id)
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
        with st.form("paper_form"):
            counts = {
                t.idea_id: st.number_input(
                    live.esc(f"{pname(t.pillar_id)} · {t.title}"),
                    0,
                    100000,
                    t.paper,
                    key=f"paper_{t.idea_id}",
                )
                for t in results
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
st.subheader(tr("mod.title"))
f1, f2 = st.columns(2)
pillar_filter = f1.selectbox(
    tr("idea.pillar"),
    [None] + [p.id for p in pillars],
    key="mod_pillar",
    format_func=lambda x: tr("mod.all_pillars") if x is None else pname(x),
)
earlier = f2.toggle(tr("mod.earlier"), key="mod_earlier")
stage_ids = {s.id for s in stages if s.number <= stage.number} if earlier else {stage.id}
ideas = [
    i
    for i in store().ideas(wid, pillar_id=pillar_filter, statuses=("shown", "hidden", "merged"))
    if i.stage_id in stage_ids
]
short = {i.id for i in store().shortlist(stage.id)}
stage_no = {s.id: s.roman for s in stages}

with st.expander(tr("mod.merge")):
    shown = [i for i in ideas if i.status == "shown"]
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

b1, b2 = st.columns(2)
if b1.button(tr("mod.shortlist_all"), key="short_all"):
    run(
        store().set_shortlisted,
        auth,
        stage.id,
        [i.id for i in ideas if i.status == "shown"],
        rerun=True,
    )
st.caption(tr("mod.count", n=len(ideas), short=len(short)))

for i in ideas:
    badge = {
        "shown": "",
        "hidden": " · " + tr("mod.hidden"),
        "merged": " · " + tr("idea.merged", id=i.merged_into),
    }[i.status]
    head = tr(
        "mod.head",
        id=i.id,
        pillar=pname(i.pillar_id),
        title=i.title,
        roman=stage_no.get(i.stage_id, "?"),
        badge=badge,
    )
    with st.expander(live.esc(head)):
        row = st.columns(3)
        if i.status == "shown":
            with row[0]:
                synced(
                    st.checkbox,
                    tr("mod.shortlist"),
                    key=f"mod_short_{i.id}",
                    stored=i.id in short,
                    apply=store().set_shortlisted,
                    args=(auth, stage.id, [i.id]),
                )
        if i.status in ("shown", "hidden") and row[1].button(
            tr("mod.show") if i.status == "hidden" else tr("mod.hide"), key=f"mod_hide_{i.id}"
        ):
            run(store().set_idea_hidden, auth, i.id, i.status == "shown", rerun=True)
        if i.status == "merged" and row[1].button(tr("mod.unmerge"), key=f"mod_unmerge_{i.id}"):
            run(store().unmerge_idea, auth, i.id, rerun=True)
        with st.form(f"mod_form_{i.id}"):
            title = st.text_input(
                tr("common.title"), i.title, max_chars=d.TITLE_MAX, key=f"mod_title_{i.id}"
            )
            desc = st.text_area(
                tr("common.description"),
                i.description,
                max_chars=d.DESCRIPTION_MAX,
                key=f"mod_desc_{i.id}",
            )
            new_pillar = st.selectbox(
                tr("idea.pillar"),
                [p.id for p in pillars],
                index=[p.id for p in pillars].index(i.pillar_id),
                format_func=pname,
                key=f"mod_pillar_{i.id}",
            )
            kind = st.selectbox(
                tr("idea.kind"),
                d.KINDS,
                index=d.KINDS.index(i.kind),
                format_func=lambda k: tr(f"kind.{k}"),
                key=f"mod_kind_{i.id}",
            )
            if st.form_submit_button(tr("common.save"), key=f"mod_save_{i.id}"):
                run(
                    store().moderate_idea,
                    auth,
                    i.id,
                    title=title,
                    description=desc,
                    pillar_id=new_pillar,
                    kind=kind,
                    ok=tr("common.saved"),
                    rerun=True,
                )

with st.expander(tr("mod.floor")):
    with st.form("floor_form", clear_on_submit=True):
        fp = st.selectbox(
            tr("idea.pillar"), [p.id for p in pillars], format_func=pname, key="floor_pillar"
        )
        fk = st.selectbox(
            tr("idea.kind"), d.KINDS, format_func=lambda k: tr(f"kind.{k}"), key="floor_kind"
        )
        ft = st.text_input(tr("common.title"), max_chars=d.TITLE_MAX, key="floor_title")
        fd = st.text_area(tr("common.description"), max_chars=d.DESCRIPTION_MAX, key="floor_desc")
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
            )
