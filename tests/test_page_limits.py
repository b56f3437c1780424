"""The facilitator's side of issue 13 in the pages (AppTest): the limits on Daftar
peserta, the join-spike warning on Kendali tahap, the PIN banner."""

from __future__ import annotations

from tests.apptest_support import facilitator_app


def test_participant_list_shows_and_edits_the_limits(monkeypatch, store, ws):
    at = facilitator_app(monkeypatch, store, "daftar-peserta")
    limits = store.join_limits(ws.id)
    assert at.checkbox(key="lim_shared_devices").value is False
    assert at.number_input(key="lim_joins").value == limits.joins_per_minute
    assert at.number_input(key="lim_cap").value == limits.max_participants
    at.checkbox(key="lim_shared_devices").check()
    at.number_input(key="lim_joins").set_value(40)
    at.number_input(key="lim_cap").set_value(150)
    at.number_input(key="lim_ideas_stage").set_value(12)
    at.number_input(key="lim_ideas_minute").set_value(3)
    at.button(key="lim_save").click()
    at.run()
    assert not at.exception
    new = store.join_limits(ws.id)
    assert (
        new.shared_devices,
        new.joins_per_minute,
        new.max_participants,
        new.ideas_per_stage,
        new.ideas_per_minute,
    ) == (True, 40, 150, 12, 3)
    assert at.number_input(key="lim_cap").value == 150


def test_control_page_warns_when_joins_spike(monkeypatch, store, auth, ws):
    at = facilitator_app(monkeypatch, store, "kendali")
    assert not [w for w in at.warning if "Lonjakan pendaftaran" in w.value]
    store.set_join_limits(auth, ws.id, joins_per_minute=2)
    for n in range(5):
        try:
            store.join(ws.join_code, name=f"Palsu {n}", group="opd", opd_id=2, client="10.0.0.66")
        except Exception:
            pass
    at.run()
    (warning,) = [w.value for w in at.warning if "Lonjakan pendaftaran" in w.value]
    assert warning.startswith(
        "Lonjakan pendaftaran: 2 peserta baru dalam 1 menit terakhir dari 1 alamat, "
        "3 ditolak oleh batas."
    )


def test_pin_banner_when_the_pin_differs_from_bimtek_pin(monkeypatch, store, ws):
    from pages import common

    at = facilitator_app(monkeypatch, store, "kendali")
    page_store = common.store()
    page_store.ensure_pin("2468")  # as at the server's start with BIMTEK_PIN=2468
    at.session_state["fac_auth"] = page_store.system_auth()  # (ensure_pin ended sessions)
    at.run()
    assert at.title  # the facilitator's page, drawn
    assert not [w for w in at.warning if "BIMTEK_PIN" in w.value]
    page_store.set_pin("97531", page_store.login("2468"))
    at.session_state["fac_auth"] = page_store.system_auth()
    at.run()
    assert [w.value for w in at.warning if "BIMTEK_PIN" in w.value] == [
        "PIN fasilitator sudah diubah di aplikasi dan berbeda dengan BIMTEK_PIN di server. "
        "Saat server dinyalakan ulang, PIN kembali ke BIMTEK_PIN (dan semua sesi fasilitator "
        "berakhir). Ubah juga BIMTEK_PIN agar sama."
    ]


def test_only_changed_limits_are_stored(monkeypatch, store, ws):
    at = facilitator_app(monkeypatch, store, "daftar-peserta")
    at.number_input(key="lim_ideas_stage").set_value(7)
    at.button(key="lim_save").click()
    at.run()
    (row,) = store.table_rows("workshop_limits")
    assert row == {
        "workshop_id": ws.id,
        "shared_devices": None,
        "joins_per_minute": None,
        "max_participants": None,  # still 4 × the roster as it grows
        "ideas_per_stage": 7,
        "ideas_per_minute": None,
    }
