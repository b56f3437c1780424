"""Workshop set-up page (create, edit, stages, pillars, OPD roster, PIN), through AppTest."""

import pytest

from tests.apptest_support import facilitator_app, texts


@pytest.fixture
def ws(store):
    auth = store.system_auth()
    return store.create_workshop(auth, region="Kota Metro", province="Lampung", year=2023)


def test_create_workshop_from_empty_store(monkeypatch, store):
    at = facilitator_app(monkeypatch, store, "kegiatan")
    at.text_input(key="ws_region").input("Kota Bengkulu")
    at.text_input(key="ws_province").input("Bengkulu")
    at.number_input(key="ws_year").set_value(2023)
    at.button(key="ws_create_submit").click()
    at.run()
    [w] = store.workshops()
    assert (w.region, w.province, w.year) == ("Kota Bengkulu", "Bengkulu", 2023)
    assert store.active_workshop_id() == w.id


def test_switch_active_workshop(monkeypatch, store, ws):
    auth = store.system_auth()
    other = store.create_workshop(auth, region="Kota Payakumbuh", year=2022)
    store.set_setting(auth, "active_workshop", str(other.id))
    at = facilitator_app(monkeypatch, store, "kegiatan")
    at.selectbox(key="ws_select").set_value(ws.id)
    at.run()
    at.button(key="ws_activate").click()
    at.run()
    assert store.active_workshop_id() == ws.id


def test_edit_workshop_and_rotate_code(monkeypatch, store, ws):
    at = facilitator_app(monkeypatch, store, "kegiatan")
    at.text_input(key="ws_edit_venue").input("Aula Pemerintah Kota Metro")
    at.button(key="ws_edit_submit").click()
    at.run()
    assert store.workshop(ws.id).venue == "Aula Pemerintah Kota Metro"
    at.button(key="ws_rotate").click()
    at.run()
    assert store.workshop(ws.id).join_code != ws.join_code


def test_public_url_override(monkeypatch, store, ws):
    at = facilitator_app(monkeypatch, store, "kegiatan")
    at.text_input(key="public_url").input("http://bimtek.metrokota.go.id")
    at.button(key="public_url_save").click()
    at.run()
    assert store.setting("public_url") == "http://bimtek.metrokota.go.id"
    assert "Dipakai sekarang: http://bimtek.metrokota.go.id" in texts(at)


def test_edit_stage(monkeypatch, store, ws):
    at = facilitator_app(monkeypatch, store, "kegiatan")
    at.text_input(key="stage_title_2").input("Visi dan Misi")
    at.button(key="stage_save_2").click()
    at.run()
    assert store.stage_by_number(ws.id, 2).title == "Visi dan Misi"


def test_edit_reorder_and_add_pillars(monkeypatch, store, ws):
    pillars = store.pillars(ws.id)
    at = facilitator_app(monkeypatch, store, "kegiatan")
    at.text_input(key=f"pillar_name_{pillars[4].id}").input("Smart People")
    at.button(key=f"pillar_save_{pillars[4].id}").click()
    at.run()
    at.button(key=f"pillar_up_{pillars[1].id}").click()
    at.run()
    at.text_input(key="pillar_new_name").input("Smart Tourism")
    at.text_area(key="pillar_new_subdims").input("Destinasi\nEvent")
    at.button(key="pillar_add_submit").click()
    at.run()
    assert [(p.name, p.subdims[:1]) for p in store.pillars(ws.id)] == [
        ("Smart Branding", ["Pariwisata"]),
        ("Smart Governance", ["Layanan publik"]),
        ("Smart Economy", ["Industri"]),
        ("Smart Living", ["Harmoni"]),
        ("Smart People", ["Komunitas"]),
        ("Smart Environment", ["Proteksi lingkungan"]),
        ("Smart Tourism", ["Destinasi"]),
    ]


def test_opd_roster_add_delete_import(monkeypatch, store, ws):
    at = facilitator_app(monkeypatch, store, "kegiatan")
    at.text_input(key="opd_new").input("Kecamatan Metro Pusat")
    at.button(key="opd_add_submit").click()
    at.run()
    assert store.opds(ws.id)[-1].name == "Kecamatan Metro Pusat"
    assert store.opds(ws.id)[-1].kind == "kecamatan"
    gone = store.opds(ws.id)[0]
    at.selectbox(key="opd_delete").set_value(gone.id)
    at.button(key="opd_delete_submit").click()
    at.run()
    assert gone.name not in [o.name for o in store.opds(ws.id)]


def test_change_pin(monkeypatch, store, ws):
    store.set_pin("1111")
    at = facilitator_app(monkeypatch, store, "kegiatan")
    at.text_input(key="pin_new").input("2222")
    at.text_input(key="pin_new_repeat").input("2222")
    at.button(key="pin_change_submit").click()
    at.run()
    assert store.login("2222")
