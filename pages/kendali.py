"""Facilitator's stage control: stage, phase, timer, voting per pillar, reveal, moderation."""

from __future__ import annotations

import streamlit as st

from pages.common import (active_workshop_id, lang_switch, require_facilitator, run, store,
                          synced, tr)
from workshop import domain as d
from workshop import live

auth = require_facilitator()
wid = active_workshop_id()
if wid is None:
    st.stop()
lang_switch()
w = store().workshop(wid)
stages = store().stages(wid)
stage = store().stage_by_number(wid, w.current_stage)
pillars = store().pillars(wid)
pname = live.pillar_label(pillars)
st.title(f"{w.region} · Tahap {stage.roman}: {stage.title}")

# ---------------------------------------------------------------- stage and phase
c1, c2 = st.columns([1, 2])
with c1:
    number = st.radio("Tahap aktif", [s.number for s in stages], index=w.current_stage - 1,
                      horizontal=True, format_func=d.roman, key="ctl_stage")
    if number != w.current_stage and st.button("Mulai tahap ini", key="ctl_set_stage",
                                               type="primary"):
        run(lambda: store().set_current_stage(auth, wid, number), tr("common.saved"))
        st.rerun()
with c2:
    st.write(f"**Fase sekarang: {tr('phase.' + stage.phase)}**")
    cols = st.columns(4)
    for col, phase in zip(cols, d.PHASES):
        if col.button(tr(f"phase.{phase}"), key=f"phase_{phase}", width="stretch",
                      type="primary" if phase == stage.phase else "secondary"):
            run(lambda: store().set_phase(auth, stage.id, phase), tr("common.saved"))
            st.rerun()
    t1, t2, t3 = st.columns([2, 1, 1], vertical_alignment="bottom")
    minutes = t1.number_input("Timer fase (menit)", min_value=1, max_value=240, value=10,
                              key="ctl_timer_min")
    if t2.button("Mulai timer", key="ctl_timer_start"):
        run(lambda: store().set_timer(auth, stage.id, int(minutes) * 60), tr("common.saved"))
        st.rerun()
    if t3.button("Hentikan timer", key="ctl_timer_stop"):
        run(lambda: store().set_timer(auth, stage.id, None), tr("common.saved"))
        st.rerun()

# ---------------------------------------------------------------- voting rules
with st.expander("Aturan voting tahap ini", expanded=stage.phase == "group"):
    with st.form("vote_rules"):
        mode = st.selectbox("Mode", d.VOTE_MODES, index=d.VOTE_MODES.index(stage.vote_mode),
                            format_func={"dots": "Dot voting (jatah suara)",
                                         "rating": "Penilaian dampak & kelayakan (1–5)"}.get,
                            key="ctl_vote_mode")
        budget = st.number_input("Jatah suara per peserta per pilar", 1, d.MAX_BUDGET,
                                 stage.budget, key="ctl_budget")
        cap = st.number_input("Maksimal suara per usulan", 1, d.MAX_BUDGET, stage.cap,
                              key="ctl_cap")
        if st.form_submit_button("Simpan aturan", key="ctl_vote_save"):
            run(lambda: store().update_stage(auth, stage.id, vote_mode=mode, budget=int(budget),
                                             cap=int(cap)), tr("common.saved"))

if stage.phase in ("vote", "agree"):
    st.subheader("Voting per pilar")
    open_now = set(store().open_pillars(stage.id))
    progress = store().vote_progress(stage.id)
    cols = st.columns(3)
    for n, p in enumerate(pillars):
        with cols[n % 3]:
            synced(st.toggle, f"{p.short} ({progress['per_pillar'].get(p.id, 0)} pemilih)",
                   key=f"voting_{p.id}", stored=p.id in open_now,
                   apply=lambda on, pid=p.id: store().set_pillar_voting(auth, stage.id, pid, on),
                   disabled=stage.phase != "vote")
    synced(st.toggle, "Tampilkan hasil di layar", key="ctl_reveal", stored=stage.reveal,
           apply=lambda on: store().set_reveal(auth, stage.id, on))
    results = store().tallies(stage.id)
    st.dataframe([{"Pilar": pname(t.pillar_id), "Peringkat": t.rank, "Usulan": t.title,
                   "Suara": t.dots, "Manual": t.paper, "Total": t.total, "Dampak": t.impact,
                   "Kelayakan": t.feasibility} for t in results], hide_index=True,
                 key="ctl_results")
    with st.expander("Suara manual (angkat tangan / kertas)"):
        with st.form("paper_form"):
            counts = {t.idea_id: st.number_input(live.esc(f"{pname(t.pillar_id)} · {t.title}"),
                                                 0, 100000, t.paper, key=f"paper_{t.idea_id}")
                      for t in results}
            note = st.text_input("Catatan", "Hitungan manual", key="paper_note")
            if st.form_submit_button("Simpan suara manual", key="paper_save"):
                for idea_id, n in counts.items():
                    run(lambda: store().set_paper_tally(auth, stage.id, idea_id, int(n), note))
                st.rerun()

# ---------------------------------------------------------------- moderation
st.subheader("Moderasi usulan")
f1, f2 = st.columns(2)
pillar_filter = f1.selectbox("Pilar", [None] + [p.id for p in pillars], key="mod_pillar",
                             format_func=lambda x: "Semua pilar" if x is None else pname(x))
earlier = f2.toggle("Tampilkan usulan tahap sebelumnya", key="mod_earlier")
stage_ids = {s.id for s in stages if s.number <= stage.number} if earlier else {stage.id}
ideas = [i for i in store().ideas(wid, pillar_id=pillar_filter,
                                  statuses=("shown", "hidden", "merged"))
         if i.stage_id in stage_ids]
short = {i.id for i in store().shortlist(stage.id)}
stage_no = {s.id: s.roman for s in stages}

with st.expander("Gabungkan usulan serupa"):
    shown = [i for i in ideas if i.status == "shown"]
    label = {i.id: f"#{i.id} {i.title}" for i in shown}
    target = st.selectbox("Usulan tujuan", [i.id for i in shown], key="merge_target",
                          format_func=label.get)
    sources = st.multiselect("Digabung ke tujuan", [i.id for i in shown if i.id != target],
                             key="merge_sources", format_func=label.get)
    if st.button("Gabungkan", key="merge_submit", disabled=not sources):
        run(lambda: store().merge_ideas(auth, target, sources), tr("common.saved"))
        st.rerun()

b1, b2 = st.columns(2)
if b1.button("Semua usulan tampil masuk daftar pilihan", key="short_all"):
    run(lambda: store().set_shortlisted(auth, stage.id, [i.id for i in ideas
                                                         if i.status == "shown"]))
    st.rerun()
st.caption(f"{len(ideas)} usulan · {len(short)} di daftar pilihan (shortlist)")

for i in ideas:
    badge = {"shown": "", "hidden": " · disembunyikan",
             "merged": f" · digabung ke #{i.merged_into}"}[i.status]
    head = f"#{i.id} [{pname(i.pillar_id)}] {i.title} (Tahap {stage_no.get(i.stage_id, '?')}){badge}"
    with st.expander(live.esc(head)):
        cols = st.columns(3)
        if i.status == "shown":
            with cols[0]:
                synced(st.checkbox, "Daftar pilihan", key=f"mod_short_{i.id}",
                       stored=i.id in short,
                       apply=lambda on, iid=i.id: store().set_shortlisted(auth, stage.id, [iid], on))
        if i.status in ("shown", "hidden") and cols[1].button(
                "Tampilkan" if i.status == "hidden" else "Sembunyikan", key=f"mod_hide_{i.id}"):
            run(lambda: store().set_idea_hidden(auth, i.id, i.status == "shown"))
            st.rerun()
        if i.status == "merged" and cols[1].button("Pisahkan", key=f"mod_unmerge_{i.id}"):
            run(lambda: store().unmerge_idea(auth, i.id))
            st.rerun()
        with st.form(f"mod_form_{i.id}"):
            title = st.text_input("Judul", i.title, max_chars=d.TITLE_MAX, key=f"mod_title_{i.id}")
            desc = st.text_area("Uraian", i.description, max_chars=d.DESCRIPTION_MAX,
                                key=f"mod_desc_{i.id}")
            new_pillar = st.selectbox("Pilar", [p.id for p in pillars],
                                      index=[p.id for p in pillars].index(i.pillar_id),
                                      format_func=pname, key=f"mod_pillar_{i.id}")
            kind = st.selectbox("Jenis", d.KINDS, index=d.KINDS.index(i.kind),
                                format_func=d.KIND_LABELS.get, key=f"mod_kind_{i.id}")
            if st.form_submit_button("Simpan", key=f"mod_save_{i.id}"):
                run(lambda: store().moderate_idea(auth, i.id, title=title, description=desc,
                                                  pillar_id=new_pillar, kind=kind),
                    tr("common.saved"))
                st.rerun()

with st.expander("Tambah usulan dari forum"):
    with st.form("floor_form", clear_on_submit=True):
        fp = st.selectbox("Pilar", [p.id for p in pillars], format_func=pname, key="floor_pillar")
        fk = st.selectbox("Jenis", d.KINDS, format_func=d.KIND_LABELS.get, key="floor_kind")
        ft = st.text_input("Judul", max_chars=d.TITLE_MAX, key="floor_title")
        fd = st.text_area("Uraian", max_chars=d.DESCRIPTION_MAX, key="floor_desc")
        if st.form_submit_button("Tambah", key="floor_submit"):
            run(lambda: store().add_idea(auth, wid, pillar_id=fp, kind=fk, title=ft,
                                         description=fd), tr("common.saved"))
