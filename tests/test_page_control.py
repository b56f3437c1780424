"""The facilitator's stage control and moderation page, through AppTest."""

import time
from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_support import APP, facilitator_app, texts
from tests.conftest import dump
from workshop import console


@pytest.fixture(autouse=True)
def fresh_clusters(monkeypatch):
    """No duplicate clusters remembered from another test (the cache is process-wide)."""
    monkeypatch.setattr(console, "_SHARED", {})


@pytest.fixture
def room(store):
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kota Metro", year=2023)
    p = store.join(w.join_code, name="Budi", group="opd", opd_id=store.opds(w.id)[0].id)
    pillars = store.pillars(w.id)
    ideas = [
        store.submit_idea(p.token, pillar_id=pillars[0].id, kind="usulan", title=t)
        for t in ("Mal pelayanan publik", "Mal pelayanan publik digital", "Satu data")
    ]
    return auth, w, p, pillars, ideas


def test_phase_buttons_move_the_stage(monkeypatch, store, room):
    auth, w, *_ = room
    at = facilitator_app(monkeypatch, store, "kendali")
    at.button(key="phase_group").click()
    at.run()
    assert store.current_stage(w.id).phase == "group"
    at.button(key="phase_vote").click()
    at.run()
    assert store.current_stage(w.id).phase == "vote"


def test_timer_start_and_stop(monkeypatch, store, room):
    auth, w, *_ = room
    at = facilitator_app(monkeypatch, store, "kendali")
    at.number_input(key="ctl_timer_min").set_value(5)
    at.button(key="ctl_timer_start").click()
    started = time.time()
    at.run()
    ends = store.current_stage(w.id).phase_ends_at
    assert started + 5 * 60 - 2 <= ends <= time.time() + 5 * 60 + 2  # five minutes from now
    at.button(key="ctl_timer_stop").click()
    at.run()
    assert store.current_stage(w.id).phase_ends_at is None


def test_change_stage(monkeypatch, store, room):
    auth, w, *_ = room
    at = facilitator_app(monkeypatch, store, "kendali")
    at.radio(key="ctl_stage").set_value(2)
    at.run()
    at.button(key="ctl_set_stage").click()
    at.run()
    assert store.workshop(w.id).current_stage == 2


def test_vote_rules_saved(monkeypatch, store, room):
    auth, w, *_ = room
    at = facilitator_app(monkeypatch, store, "kendali")
    at.selectbox(key="ctl_vote_mode").set_value("rating")
    at.number_input(key="ctl_budget").set_value(5)
    at.button(key="ctl_vote_save").click()
    at.run()
    s = store.current_stage(w.id)
    assert (s.vote_mode, s.budget, s.cap) == ("rating", 5, 2)


def table(at):
    """The moderation table as shown: a DataFrame with the console's columns."""
    return next(df for df in at.dataframe if df.key == "mod_table").value


def listed(at):
    return list(table(at)["id"])


def select(at, ids):
    """Tick the rows of `ids` in the moderation table (what a click on the row markers
    sends), then run."""
    shown = listed(at)
    at.session_state["mod_table"] = {
        "selection": {"rows": [shown.index(i) for i in ids], "columns": [], "cells": []}
    }
    at.run()
    assert not at.exception, at.exception


def test_moderation_edit_hide_merge_shortlist(monkeypatch, store, room):
    auth, w, p, pillars, ideas = room
    at = facilitator_app(monkeypatch, store, "kendali")
    assert listed(at) == [i.id for i in ideas]
    assert not any(t.key == "mod_title" for t in at.text_input)  # no form without a pick
    select(at, [ideas[2].id])
    assert at.text_input(key="mod_title").value == "Satu data"
    at.text_input(key="mod_title").input("Satu Data Kota")
    at.selectbox(key="mod_pillar_edit").set_value(pillars[1].id)
    at.button(key="mod_save").click()
    at.run()
    assert (store.idea(ideas[2].id).title, store.idea(ideas[2].id).pillar_id) == (
        "Satu Data Kota",
        pillars[1].id,
    )

    select(at, [ideas[0].id, ideas[1].id])
    at.selectbox(key="mod_bulk_target").set_value(ideas[1].id)
    at.button(key="mod_bulk_merge").click()
    at.run()
    merged = store.idea(ideas[0].id)
    assert (merged.status, merged.merged_into) == ("merged", ideas[1].id)

    select(at, [ideas[1].id])
    at.button(key="mod_bulk_short").click()
    at.run()
    assert [i.id for i in store.shortlist(store.current_stage(w.id).id)] == [ideas[1].id]

    select(at, [ideas[2].id])
    at.button(key="mod_bulk_hide").click()
    at.run()
    assert store.idea(ideas[2].id).status == "hidden"
    assert list(table(at)["status"]) == ["digabung ke #2", "tampil", "disembunyikan"]
    assert list(table(at)["short"]) == [False, True, False]


def test_bulk_hide_then_show(monkeypatch, store, room):
    auth, w, p, pillars, ideas = room
    at = facilitator_app(monkeypatch, store, "kendali")
    select(at, [i.id for i in ideas])
    assert "3 usulan dipilih" in texts(at)
    at.button(key="mod_bulk_hide").click()
    at.run()
    assert [store.idea(i.id).status for i in ideas] == ["hidden"] * 3
    # the ticks stay on the same ideas: show them again in one click
    assert "3 usulan dipilih" in texts(at)
    at.button(key="mod_bulk_show").click()
    at.run()
    assert [store.idea(i.id).status for i in ideas] == ["shown"] * 3


def test_bulk_move_to_a_pillar(monkeypatch, store, room):
    auth, w, p, pillars, ideas = room
    at = facilitator_app(monkeypatch, store, "kendali")
    select(at, [ideas[0].id, ideas[2].id])
    at.selectbox(key="mod_bulk_pillar").set_value(pillars[3].id)
    at.button(key="mod_bulk_move").click()
    at.run()
    assert [store.idea(i.id).pillar_id for i in ideas] == [
        pillars[3].id,
        pillars[0].id,
        pillars[3].id,
    ]
    assert list(table(at)["pillar"]) == [pillars[3].short, pillars[0].short, pillars[3].short]


def test_bulk_shortlist_and_unshortlist(monkeypatch, store, room):
    auth, w, p, pillars, ideas = room
    stage = store.current_stage(w.id)
    store.set_phase(auth, stage.id, "group")
    at = facilitator_app(monkeypatch, store, "kendali")
    select(at, [i.id for i in ideas])
    at.button(key="mod_bulk_short").click()
    at.run()
    assert [i.id for i in store.shortlist(stage.id)] == [i.id for i in ideas]
    assert "3 dari 3 usulan · 3 di daftar pilihan (shortlist)" in texts(at)
    select(at, [ideas[0].id, ideas[1].id])
    at.button(key="mod_bulk_unshort").click()
    at.run()
    assert [i.id for i in store.shortlist(stage.id)] == [ideas[2].id]


def test_bulk_move_refused_stays_on_screen_and_moves_nothing(monkeypatch, store, room):
    auth, w, p, pillars, ideas = room
    stage = store.current_stage(w.id)
    store.set_phase(auth, stage.id, "group")
    store.set_shortlisted(auth, stage.id, [i.id for i in ideas])
    store.set_phase(auth, stage.id, "vote")
    store.cast_dots(p.token, pillars[0].id, {ideas[1].id: 1})
    at = facilitator_app(monkeypatch, store, "kendali")
    select(at, [i.id for i in ideas])
    at.selectbox(key="mod_bulk_pillar").set_value(pillars[2].id)
    at.button(key="mod_bulk_move").click()
    at.run()
    assert [e.value for e in at.error] == [
        "Usulan 'Mal pelayanan publik digital' sudah dipilih; tidak bisa dipindah pilar."
    ]
    assert [store.idea(i.id).pillar_id for i in ideas] == [pillars[0].id] * 3


def test_filters_and_search(monkeypatch, store, room):
    auth, w, p, pillars, ideas = room
    opds = store.opds(w.id)
    q = store.join(w.join_code, name="Sari Wulandari", group="opd", opd_id=opds[1].id)
    extra = [
        store.submit_idea(q.token, pillar_id=pillars[2].id, kind="masalah", title="Banjir"),
        store.submit_idea(
            q.token,
            pillar_id=pillars[2].id,
            kind="potensi",
            title="Bank sampah",
            description="Sampah rumah tangga dipilah",
        ),
    ]
    store.set_idea_hidden(auth, ideas[2].id, True)
    at = facilitator_app(monkeypatch, store, "kendali")
    every = [i.id for i in ideas + extra]
    assert listed(at) == every

    def only(key, value):
        at.selectbox(key=key).set_value(value)
        at.run()
        found = listed(at)
        at.selectbox(key=key).set_value(None)
        at.run()
        return found

    assert only("mod_pillar", pillars[2].id) == [e.id for e in extra]
    assert only("mod_kind", "masalah") == [extra[0].id]
    assert only("mod_status", "hidden") == [ideas[2].id]
    assert only("mod_opd", opds[1].id) == [e.id for e in extra]
    for words, expected in (
        ("DIPILAH", [extra[1].id]),  # the description
        ("sari", [e.id for e in extra]),  # the author
        (opds[0].name, [i.id for i in ideas]),  # the OPD
        ("mal digital", [ideas[1].id]),  # every word
        ("tidak ada", []),
    ):
        at.text_input(key="mod_search").input(words)
        at.run()
        assert listed(at) == expected, words
    at.text_input(key="mod_search").input("")
    at.run()
    assert listed(at) == every


def test_earlier_stages_toggle(monkeypatch, store, room):
    auth, w, p, pillars, ideas = room
    store.set_current_stage(auth, w.id, 2)
    at = facilitator_app(monkeypatch, store, "kendali")
    assert listed(at) == []
    at.toggle(key="mod_earlier").set_value(True)
    at.run()
    assert listed(at) == [i.id for i in ideas]
    assert set(table(at)["stage"]) == {"I"}


def test_ticks_follow_their_ideas_when_the_table_changes(monkeypatch, store, room):
    auth, w, p, pillars, ideas = room
    at = facilitator_app(monkeypatch, store, "kendali")
    select(at, [ideas[2].id])
    at.text_input(key="mod_search").input("satu")
    at.run()
    assert listed(at) == [ideas[2].id]
    assert "1 usulan dipilih" in texts(at)
    assert at.text_input(key="mod_title").value == "Satu data"
    at.button(key="mod_bulk_hide").click()
    at.run()
    assert [store.idea(i.id).status for i in ideas] == ["shown", "shown", "hidden"]


def test_open_close_voting_reveal_and_paper_tally(monkeypatch, store, room):
    auth, w, p, pillars, ideas = room
    stage = store.current_stage(w.id)
    store.set_shortlisted(auth, stage.id, [ideas[2].id])
    store.set_phase(auth, stage.id, "vote")
    at = facilitator_app(monkeypatch, store, "kendali")
    assert at.toggle(key=f"voting_{pillars[0].id}").value is True
    at.toggle(key=f"voting_{pillars[0].id}").set_value(False)
    at.run()
    assert store.open_pillars(stage.id) == []
    at.toggle(key="ctl_reveal").set_value(True)
    at.run()
    assert store.stage(stage.id).reveal is True
    at.number_input(key=f"paper_{ideas[2].id}").set_value(7)
    at.button(key="paper_save").click()
    at.run()
    assert [(t.idea_id, t.paper, t.total) for t in store.tallies(stage.id)] == [(ideas[2].id, 7, 7)]


def test_add_idea_from_the_floor(monkeypatch, store, room):
    auth, w, *_ = room
    at = facilitator_app(monkeypatch, store, "kendali")
    at.text_input(key="floor_title").input("Usulan dari forum")
    at.button(key="floor_submit").click()
    at.run()
    assert store.ideas(w.id)[-1].title == "Usulan dari forum"


def test_page_refuses_without_pin(monkeypatch, store, room):
    monkeypatch.setenv("BIMTEK_DB", store.path)
    monkeypatch.setenv("BIMTEK_NO_DEMO", "1")
    at = AppTest.from_file(APP.replace("app.py", "pages/control.py"), default_timeout=60)
    at.run()
    assert "Halaman ini khusus fasilitator." in texts(at)
    assert len(at.button) == 0


def test_expired_facilitator_session_is_refused(monkeypatch, store, room):
    at = facilitator_app(monkeypatch, store, "kendali")
    store.logout(at.session_state["fac_auth"])
    at.run()
    assert not any(b.key == "phase_vote" for b in at.button)


def test_results_table_has_only_the_vote_modes_columns(monkeypatch, store, room):
    auth, w, p, pillars, ideas = room
    stage = store.current_stage(w.id)
    store.set_phase(auth, stage.id, "group")
    store.set_shortlisted(auth, stage.id, [i.id for i in ideas])
    store.set_phase(auth, stage.id, "vote")
    store.cast_dots(p.token, pillars[0].id, {ideas[0].id: 2})
    at = facilitator_app(monkeypatch, store, "kendali")
    table = at.dataframe[0].value
    assert list(table.columns) == ["Pilar", "Peringkat", "Usulan", "Suara", "Manual", "Total"]
    assert table.isna().sum().sum() == 0  # no "None" anywhere


def test_refusal_stays_on_screen_and_nothing_changes(monkeypatch, store, room):
    auth, w, p, pillars, ideas = room
    stage = store.current_stage(w.id)
    store.set_phase(auth, stage.id, "group")
    store.set_shortlisted(auth, stage.id, [i.id for i in ideas])
    store.set_phase(auth, stage.id, "vote")
    store.cast_dots(p.token, pillars[0].id, {ideas[0].id: 1})
    at = facilitator_app(monkeypatch, store, "kendali")
    select(at, [ideas[0].id, ideas[1].id])
    at.selectbox(key="mod_bulk_target").set_value(ideas[1].id)
    at.button(key="mod_bulk_merge").click()
    at.run()
    assert [e.value for e in at.error] == [
        "Usulan 'Mal pelayanan publik' sudah mendapat suara; tidak bisa digabung."
    ]
    assert store.idea(ideas[0].id).status == "shown"


def fake_duplicates(monkeypatch, groups):
    """A stand-in for workshop.duplicates proposing `groups` (ids), whatever the ideas."""
    seen = []

    def clusters(ideas, threshold=60.0, votes=None):
        seen.append(dict(votes or {}))
        shown = {i.id for i in ideas if i.status == "shown"}
        return [list(g) for g in groups if set(g) <= shown]

    monkeypatch.setattr(console, "_duplicates", lambda: SimpleNamespace(clusters=clusters))
    return seen


def test_cluster_merge_merges_the_rest_into_the_first(monkeypatch, store, room):
    auth, w, p, pillars, ideas = room
    fake_duplicates(monkeypatch, [[ideas[1].id, ideas[0].id, ideas[2].id]])
    at = facilitator_app(monkeypatch, store, "kendali")
    shown = texts(at)  # user text escaped: shown literally
    assert "\\#2 \\[Smart Governance\\] Mal pelayanan publik digital  \n\\#1 " in shown
    at.button(key=f"cluster_merge_{ideas[1].id}").click()
    at.run()
    assert [(store.idea(i.id).status, store.idea(i.id).merged_into) for i in ideas] == [
        ("merged", ideas[1].id),
        ("shown", None),
        ("merged", ideas[1].id),
    ]
    assert not any(b.key.startswith("cluster_merge_") for b in at.button)
    assert "Tidak ada usulan mirip." in texts(at)


def test_cluster_skip_is_for_this_session_only(monkeypatch, store, room):
    auth, w, p, pillars, ideas = room
    fake_duplicates(monkeypatch, [[ideas[0].id, ideas[1].id]])
    at = facilitator_app(monkeypatch, store, "kendali")
    before = dump(store)
    at.button(key=f"cluster_skip_{ideas[0].id}").click()
    at.run()
    assert not any(b.key == f"cluster_merge_{ideas[0].id}" for b in at.button)
    assert dump(store) == before
    other = facilitator_app(monkeypatch, store, "kendali")  # another browser still sees it
    assert any(b.key == f"cluster_merge_{ideas[0].id}" for b in other.button)


def test_cluster_merge_refused_stays_on_screen(monkeypatch, store, room):
    auth, w, p, pillars, ideas = room
    stage = store.current_stage(w.id)
    store.set_phase(auth, stage.id, "group")
    store.set_shortlisted(auth, stage.id, [i.id for i in ideas])
    store.set_phase(auth, stage.id, "vote")
    store.cast_dots(p.token, pillars[0].id, {ideas[1].id: 2})
    seen = fake_duplicates(monkeypatch, [[ideas[0].id, ideas[1].id]])
    at = facilitator_app(monkeypatch, store, "kendali")
    assert seen[-1] == {ideas[1].id: 2}  # the votes reach the clustering
    at.button(key=f"cluster_merge_{ideas[0].id}").click()
    at.run()
    assert [e.value for e in at.error] == [
        "Usulan 'Mal pelayanan publik digital' sudah mendapat suara; tidak bisa digabung."
    ]
    assert store.idea(ideas[1].id).status == "shown"


def test_real_duplicates_propose_the_two_service_malls(monkeypatch, store, room):
    auth, w, p, pillars, ideas = room
    at = facilitator_app(monkeypatch, store, "kendali")
    at.button(key=f"cluster_merge_{ideas[0].id}").click()
    at.run()
    assert store.idea(ideas[1].id).merged_into == ideas[0].id
