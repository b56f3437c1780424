"""The facilitator's stage control and moderation page, through AppTest."""

import time

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_support import APP, facilitator_app, texts


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


def test_moderation_edit_hide_merge_shortlist(monkeypatch, store, room):
    auth, w, p, pillars, ideas = room
    at = facilitator_app(monkeypatch, store, "kendali")
    at.text_input(key=f"mod_title_{ideas[2].id}").input("Satu Data Kota")
    at.selectbox(key=f"mod_pillar_{ideas[2].id}").set_value(pillars[1].id)
    at.button(key=f"mod_save_{ideas[2].id}").click()
    at.run()
    assert (store.idea(ideas[2].id).title, store.idea(ideas[2].id).pillar_id) == (
        "Satu Data Kota",
        pillars[1].id,
    )

    at.selectbox(key="merge_target").set_value(ideas[1].id)
    at.run()
    at.multiselect(key="merge_sources").set_value([ideas[0].id])
    at.run()
    at.button(key="merge_submit").click()
    at.run()
    merged = store.idea(ideas[0].id)
    assert (merged.status, merged.merged_into) == ("merged", ideas[1].id)

    at.checkbox(key=f"mod_short_{ideas[1].id}").check()
    at.run()
    assert [i.id for i in store.shortlist(store.current_stage(w.id).id)] == [ideas[1].id]

    at.button(key=f"mod_hide_{ideas[2].id}").click()
    at.run()
    assert store.idea(ideas[2].id).status == "hidden"


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
    at.selectbox(key="merge_target").set_value(ideas[1].id)
    at.run()
    at.multiselect(key="merge_sources").set_value([ideas[0].id])
    at.run()
    at.button(key="merge_submit").click()
    at.run()
    assert [e.value for e in at.error] == [
        "Usulan 'Mal pelayanan publik' sudah mendapat suara; tidak bisa digabung."
    ]
    assert store.idea(ideas[0].id).status == "shown"
