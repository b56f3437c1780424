"""The activity pages (AppTest): the console shows and edits every kind, the phone shows
the open activity's form and stores what it sends, the projector shows its view."""

from __future__ import annotations

import pytest

from tests.apptest_support import facilitator_app, make_store, new_app, phone_app
from tests.test_page_participant import room_data
from workshop.demo import build_demo


@pytest.fixture
def demo_store(tmp_path):
    s = make_store(tmp_path)
    build_demo(s, participants=12, seed=3)
    w = s.workshops()[0]
    auth = s.system_auth()
    s.set_setting(auth, "active_workshop", str(w.id))
    yield s, w, auth
    s.close()


def console(monkeypatch, store):
    at = new_app(monkeypatch, store)
    at.session_state["fac_auth"] = store.system_auth()
    at.run()
    at.switch_page("pages/activities.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_console_every_activity_of_every_stage(monkeypatch, demo_store):
    store, w, _auth = demo_store
    at = console(monkeypatch, store)
    for stage in store.stages(w.id):
        at.selectbox(key="act_stage").set_value(stage.id).run()
        assert not at.exception, at.exception
        for act in store.activities(stage.id):
            at.selectbox(key="act_edit").set_value(act.id).run()
            assert not at.exception, (act.kind, at.exception)
    assert [b.key for b in at.button if b.key.startswith("act_open_")]


def test_console_opens_and_phone_answers(monkeypatch, demo_store):
    store, w, auth = demo_store
    stage = store.current_stage(w.id)  # Tahap IV: only the ideas loop by default
    kw = store.add_activity(auth, stage.id, "keywords")
    at = console(monkeypatch, store)
    at.button(key=f"act_open_{kw.id}").click().run()
    assert not at.exception
    assert store.open_activity(stage.id).id == kw.id
    joined = store.join(w.join_code, name="Rina Wati", group="akademisi", institution="Univ")
    phone = phone_app(monkeypatch, store, token=joined.token)
    # the phone draws the form itself (live.ROOM_JS); its data names the activity
    room = room_data(phone)
    assert (room["room"]["kind"], room["room"]["activity"]["id"]) == ("act", kw.id)
    assert room["mine"] == {"answers": {}} and not phone.text_input
    # the Streamlit form: when the phone's HTTP routes are unreachable
    phone.session_state["room_fallback"] = True
    phone.run()
    phone.text_input(key=f"kw_{kw.id}_0").input("Kota Cerdas")
    phone.text_input(key=f"kw_{kw.id}_1").input("religius")
    phone.button(key=f"act_send_{kw.id}").click().run()
    assert not phone.exception, phone.exception
    assert store.my_answers(joined.token, kw.id) == {"": {"words": ["Kota Cerdas", "religius"]}}
    assert [s.value for s in phone.success] == ["Jawaban tersimpan."]


def test_projector_shows_each_kind(monkeypatch, demo_store):
    store, w, auth = demo_store
    for stage in store.stages(w.id):
        for act in store.activities(stage.id):
            if act.kind == "ideas":
                continue
            store.set_current_stage(auth, w.id, stage.number)
            store.set_activity_shown(auth, act.id, True)
            at = facilitator_app(monkeypatch, store, "layar")
            html = " ".join(h.proto.body for h in at.get("html"))
            assert f'data-activity="{act.kind}"' in html, act.kind
    store.set_activity_shown(auth, act.id, False)
    at = facilitator_app(monkeypatch, store, "layar")
    assert "data-activity" not in " ".join(h.proto.body for h in at.get("html"))
