"""The participant's phone page, through AppTest."""

import pytest

from tests.apptest_support import assert_unreachable, phone_app, texts


@pytest.fixture
def room(store):
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kota Metro", year=2023)
    store.set_current_stage(auth, w.id, 1)
    return auth, w


def join(monkeypatch, store, code, name="Siti Rahayu", opd_index=3):
    at = phone_app(monkeypatch, store, code=code)
    assert at.text_input(key="join_code").value == code
    at.text_input(key="join_name").input(name)
    at.selectbox(key="join_opd").select_index(opd_index)
    at.selectbox(key="join_group").set_value("opd")
    at.button(key="join_submit").click()
    at.run()
    assert not at.exception
    return at


def test_join_by_qr_code_records_attendance(monkeypatch, store, room):
    auth, w = room
    at = join(monkeypatch, store, w.join_code)
    token = (
        at.query_params["t"][0] if isinstance(at.query_params["t"], list) else at.query_params["t"]
    )
    p = store.participant(token)
    assert (p.name, p.group, p.opd_id) == ("Siti Rahayu", "opd", store.opds(w.id)[2].id)
    stage = store.current_stage(w.id)
    assert [a["name"] for a in store.attendance(stage.id)] == ["Siti Rahayu"]
    assert "Selamat datang, Siti Rahayu" in texts(at)


def test_join_refused_without_name_changes_nothing(monkeypatch, store, room):
    _, w = room
    at = phone_app(monkeypatch, store, code=w.join_code)
    at.button(key="join_submit").click()
    at.run()
    assert [e.value for e in at.error] == ["Nama wajib diisi."]
    assert store.participants(w.id) == []


def test_identity_survives_reload_through_link(monkeypatch, store, room):
    _, w = room
    p = store.join(w.join_code, name="Budi", group="kelurahan", institution="Kelurahan Yosorejo")
    at = phone_app(monkeypatch, store, token=p.token)
    assert "Selamat datang, Budi" in texts(at)
    assert "idea_title" in [w.key for w in at.text_input]  # the idea form, not the join form
    assert "join_submit" not in [b.key for b in at.button]


def test_unknown_token_gets_join_form(monkeypatch, store, room):
    at = phone_app(monkeypatch, store, token="not-a-token")
    assert "join_submit" in [b.key for b in at.button]
    assert "idea_title" not in [w.key for w in at.text_input]


def test_send_idea_and_near_duplicate_warning(monkeypatch, store, room):
    _, w = room
    p = store.join(w.join_code, name="Budi", group="opd", opd_id=store.opds(w.id)[0].id)
    at = phone_app(monkeypatch, store, token=p.token)
    pillar = store.pillars(w.id)[3]
    at.selectbox(key="idea_pillar").set_value(pillar.id)
    at.selectbox(key="idea_kind").set_value("usulan")
    at.text_input(key="idea_title").input("Antrean puskesmas daring")
    at.text_area(key="idea_description").input("Nomor antrean dari rumah")
    at.button(key="idea_submit").click()
    at.run()
    assert [i.title for i in store.ideas(w.id)] == ["Antrean puskesmas daring"]
    assert "Usulan terkirim:" in texts(at)
    assert '<div class="bl-card">Antrean puskesmas daring</div>' in texts(at)

    at.selectbox(key="idea_pillar").set_value(pillar.id)
    at.text_input(key="idea_title").input("Antrean Puskesmas online daring")
    at.button(key="idea_submit").click()
    at.run()
    assert "Usulan serupa sudah ada. Tetap kirim?" in texts(at)
    assert len(store.ideas(w.id)) == 1
    at.button(key="idea_send_anyway").click()
    at.run()
    assert [i.title for i in store.ideas(w.id)] == [
        "Antrean puskesmas daring",
        "Antrean Puskesmas online daring",
    ]


def test_edit_own_idea(monkeypatch, store, room):
    _, w = room
    p = store.join(w.join_code, name="Budi", group="opd", opd_id=store.opds(w.id)[0].id)
    idea = store.submit_idea(
        p.token, pillar_id=store.pillars(w.id)[0].id, kind="masalah", title="Izin lambat"
    )
    at = phone_app(monkeypatch, store, token=p.token)
    at.text_input(key=f"edit_title_{idea.id}").input("Izin usaha lambat")
    at.button(key=f"edit_save_{idea.id}").click()
    at.run()
    assert store.idea(idea.id).title == "Izin usaha lambat"


@pytest.fixture
def voting(store, room):
    auth, w = room
    pillar = store.pillars(w.id)[0]
    ideas = [
        store.add_idea(auth, w.id, pillar_id=pillar.id, kind="usulan", title=f"Usulan {n}")
        for n in range(3)
    ]
    stage = store.current_stage(w.id)
    store.set_shortlisted(auth, stage.id, [i.id for i in ideas])
    store.set_phase(auth, stage.id, "vote")
    p = store.join(w.join_code, name="Budi", group="opd", opd_id=store.opds(w.id)[0].id)
    return auth, w, stage, pillar, ideas, p


def streamlit_screens(at) -> None:
    """The phone as when its HTTP routes are unreachable: Streamlit draws every screen."""
    at.session_state["room_fallback"] = True
    at.run()
    assert not at.exception, at.exception


def room_data(at) -> dict:
    """The data the phone's own screen component was given (the browser draws it)."""
    import json

    found = [e.proto for e in at.get("bidi_component") if e.proto.component_name == "bimtek_room"]
    assert len(found) == 1
    return json.loads(found[0].json)


def test_voting_screen_is_drawn_by_the_phone(monkeypatch, store, voting):
    from workshop import web

    auth, w, stage, pillar, ideas, p = voting
    store.cast_dots(p.token, pillar.id, {ideas[0].id: 2})
    at = phone_app(monkeypatch, store, token=p.token)
    data = room_data(at)
    assert data["room"] == web.room_answer(store, w.id)[1]
    assert data["room"]["pillars"] == [
        {
            "id": pillar.id,
            "name": pillar.name,
            "short": pillar.short,
            "ideas": [{"id": i.id, "title": i.title} for i in ideas],
        }
    ]
    assert (data["room"]["mode"], data["room"]["budget"], data["room"]["cap"]) == ("dots", 3, 2)
    assert data["mine"] == {"dots": {str(pillar.id): {str(ideas[0].id): 2}}, "ratings": {}}
    assert {k: data[k] for k in ("live_url", "room_url", "mine_url", "vote_url", "rate_url")} == {
        "live_url": f"/api/live/{w.id}",
        "room_url": f"/api/room/{w.id}",
        "mine_url": "/api/mine",
        "vote_url": "/api/vote",
        "rate_url": "/api/rate",
    }
    assert (data["token"], data["name"], data["labels"]["saved"]) == (
        p.token,
        "Budi",
        "Suara tersimpan ({n} suara).",
    )
    assert at.get("bidi_component") and not [
        e for e in at.get("bidi_component") if e.proto.component_name == "bimtek_ballot"
    ]


def test_waiting_screen_is_drawn_by_the_phone_in_english(monkeypatch, store, room):
    auth, w = room
    store.set_phase(auth, store.current_stage(w.id).id, "group")
    p = store.join(w.join_code, name="Budi", group="dewan", opd_id=store.opds(w.id)[0].id)
    at = phone_app(monkeypatch, store, token=p.token)
    at.session_state["lang"] = "en"
    at.run()
    data = room_data(at)
    assert (data["room"]["kind"], data["room"]["phase"], data["room"]["pillars"]) == (
        "wait",
        "group",
        [],
    )
    assert (data["labels"]["wait_title"], data["phases"]["group"]) == (
        "Waiting for the facilitator…",
        "Grouping ideas",
    )


def ballot_data(at) -> dict:
    """The data the phone's dot ballot component was given (its script draws it)."""
    import json

    found = [e.proto for e in at.get("bidi_component") if e.proto.component_name == "bimtek_ballot"]
    assert len(found) == 1
    data = json.loads(found[0].json)
    assert found[0].id.endswith(f"-ballot_{data['pillar_id']}")
    return data


def test_dot_ballot_is_given_the_shortlist_budget_and_my_dots(monkeypatch, store, voting):
    auth, w, stage, pillar, ideas, p = voting
    at = phone_app(monkeypatch, store, token=p.token)
    streamlit_screens(at)
    data = ballot_data(at)
    assert {
        k: data[k] for k in ("url", "token", "pillar_id", "budget", "cap", "ideas", "mine")
    } == {
        "url": "/api/vote",
        "token": p.token,
        "pillar_id": pillar.id,
        "budget": 3,
        "cap": 2,
        "ideas": [{"id": i.id, "title": i.title} for i in ideas],
        "mine": {},
    }
    assert data["labels"]["remaining"] == "Sisa suara: {left} dari {budget}"
    assert data["labels"]["saved"] == "Suara tersimpan ({n} suara)."
    # what the ballot sent (POST /api/vote -> the core) is there when the page is redrawn
    store.cast_dots(p.token, pillar.id, {ideas[0].id: 2, ideas[2].id: 1})
    at.run()
    assert ballot_data(at)["mine"] == {str(ideas[0].id): 2, str(ideas[2].id): 1}


def test_dot_ballot_follows_the_pillar_choice(monkeypatch, store, voting):
    auth, w, stage, pillar, ideas, p = voting
    other = store.pillars(w.id)[1]
    extra = store.add_idea(auth, w.id, pillar_id=other.id, kind="usulan", title="Pasar daring")
    store.set_shortlisted(auth, stage.id, [extra.id])
    store.set_pillar_voting(auth, stage.id, other.id, True)
    at = phone_app(monkeypatch, store, token=p.token)
    streamlit_screens(at)
    at.selectbox(key="vote_pillar").set_value(other.id)
    at.run()
    data = ballot_data(at)
    assert (data["pillar_id"], data["ideas"]) == (
        other.id,
        [{"id": extra.id, "title": "Pasar daring"}],
    )


def test_dot_ballot_in_english(monkeypatch, store, voting):
    auth, w, stage, pillar, ideas, p = voting
    at = phone_app(monkeypatch, store, token=p.token)
    at.session_state["lang"] = "en"
    streamlit_screens(at)
    labels = ballot_data(at)["labels"]
    assert (labels["submit"], labels["remaining"]) == (
        "Submit votes",
        "Votes left: {left} of {budget}",
    )


def test_rating_mode(monkeypatch, store, room):
    auth, w = room
    stage = store.current_stage(w.id)
    store.update_stage(auth, stage.id, vote_mode="rating")
    pillar = store.pillars(w.id)[1]
    idea = store.add_idea(auth, w.id, pillar_id=pillar.id, kind="usulan", title="Kalender event")
    store.set_shortlisted(auth, stage.id, [idea.id])
    store.set_phase(auth, stage.id, "vote")
    p = store.join(w.join_code, name="Budi", group="swasta", institution="Bank Lampung")
    at = phone_app(monkeypatch, store, token=p.token)
    streamlit_screens(at)
    at.radio(key=f"impact_{pillar.id}_{idea.id}").set_value(5)
    at.radio(key=f"feas_{pillar.id}_{idea.id}").set_value(4)
    at.button(key=f"rate_submit_{pillar.id}").click()
    at.run()
    assert store.my_ratings(p.token, pillar.id) == {idea.id: (5, 4)}


def test_waiting_screen_between_phases(monkeypatch, store, room):
    auth, w = room
    store.set_phase(auth, store.current_stage(w.id).id, "group")
    p = store.join(w.join_code, name="Budi", group="dewan", opd_id=store.opds(w.id)[0].id)
    at = phone_app(monkeypatch, store, token=p.token)
    streamlit_screens(at)
    assert "Menunggu fasilitator…" in texts(at)
    assert len(at.text_input) == 0


def test_participant_cannot_reach_facilitator_pages(monkeypatch, store, room):
    _, w = room
    p = store.join(w.join_code, name="Budi", group="dewan", opd_id=store.opds(w.id)[0].id)
    at = phone_app(monkeypatch, store, token=p.token)
    for page in ("kendali", "layar", "quickwin", "kegiatan", "unduh", "cadangan"):
        assert_unreachable(at, page)


def test_english_switch(monkeypatch, store, room):
    _, w = room
    at = phone_app(monkeypatch, store, code=w.join_code)
    at.button(key="lang_switch").click()
    at.run()
    assert at.button(key="join_submit").label == "Join"


def test_idea_without_pillar_is_refused_and_keeps_its_text(monkeypatch, store, room):
    _, w = room
    p = store.join(w.join_code, name="Budi", group="opd", opd_id=store.opds(w.id)[0].id)
    at = phone_app(monkeypatch, store, token=p.token)
    assert at.selectbox(key="idea_pillar").value is None  # no silent first pillar
    at.text_input(key="idea_title").input("Antrean puskesmas daring")
    at.button(key="idea_submit").click()
    at.run()
    assert [e.value for e in at.error] == ["Pilih pilar terlebih dahulu."]
    assert store.ideas(w.id) == []
    assert at.text_input(key="idea_title").value == "Antrean puskesmas daring"


def test_send_anyway_refused_shows_why_and_keeps_the_draft(monkeypatch, store, room):
    from workshop.domain import WorkshopError
    from workshop.store import Store

    _, w = room
    p = store.join(w.join_code, name="Budi", group="opd", opd_id=store.opds(w.id)[0].id)
    pillar = store.pillars(w.id)[3]
    store.submit_idea(p.token, pillar_id=pillar.id, kind="usulan", title="Antrean puskesmas daring")
    at = phone_app(monkeypatch, store, token=p.token)
    at.selectbox(key="idea_pillar").set_value(pillar.id)
    at.text_input(key="idea_title").input("Antrean Puskesmas daring online")
    at.button(key="idea_submit").click()
    at.run()
    assert any(b.key == "idea_send_anyway" for b in at.button)

    def closed(*_a, **_k):
        raise WorkshopError("Pengumpulan usulan tahap ini sudah ditutup.")

    monkeypatch.setattr(Store, "submit_idea", closed)
    at.button(key="idea_send_anyway").click()
    at.run()
    assert [e.value for e in at.error] == ["Pengumpulan usulan tahap ini sudah ditutup."]
    assert at.text_input(key="idea_title").value == "Antrean Puskesmas daring online"
    assert at.selectbox(key="idea_pillar").value == pillar.id
    assert not any(b.key == "idea_send_anyway" for b in at.button)  # back on the form
