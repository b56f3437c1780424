"""The download page (AppTest): facilitator only, three buttons, files built on click."""

from __future__ import annotations

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from tests.apptest_support import assert_unreachable, new_app, phone_app, texts
from tests.docx_support import full_text, open_docx
from workshop.demo import build_demo
from workshop.security import PinHasher
from workshop.store import Store


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "app.db", hasher=PinHasher(fast=True))
    build_demo(s, participants=20, seed=3)
    yield s
    s.close()


@pytest.fixture
def deferred(monkeypatch):
    """Capture the callables the download buttons register (built only on click)."""
    calls: dict[str, tuple] = {}
    original = MediaFileManager.add_deferred

    def capture(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        calls[file_name] = (data_callable, mimetype)
        return original(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", capture)
    return calls


def facilitator(monkeypatch, store):
    at = new_app(monkeypatch, store)
    at.session_state["fac_auth"] = store.system_auth()
    at.run()
    at.switch_page("pages/unduh.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_facilitator_sees_three_download_buttons(monkeypatch, store, deferred):
    at = facilitator(monkeypatch, store)
    keys = [b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")]
    assert keys == ["dl_summary", "dl_quickwins", "dl_excel"]
    assert at.selectbox(key="download_stage").value == store.current_stage(
        store.active_workshop_id()).id
    assert set(deferred) == {"Ringkasan_Bimtek_Tahap_IV_Kota_Metro_2023.docx",
                             "Draft_Program_Quick_Win_Kota_Metro_2023.docx",
                             "Data_Bimtek_Kota_Metro_2023.xlsx"}
    assert "5 program disepakati" in texts(at)


def test_choosing_a_stage_changes_the_summary(monkeypatch, store, deferred):
    wid = store.active_workshop_id()
    at = facilitator(monkeypatch, store)
    stage2 = store.stage_by_number(wid, 2)
    deferred.clear()
    at.selectbox(key="download_stage").set_value(stage2.id)
    at.run()
    assert not at.exception
    build, mime = deferred["Ringkasan_Bimtek_Tahap_II_Kota_Metro_2023.docx"]
    assert mime.endswith("wordprocessingml.document")
    text = full_text(open_docx(build()))  # what a click would download
    assert "RINGKASAN BIMTEK TAHAP II" in text and "25 Juli 2023" in text
    build, mime = deferred["Data_Bimtek_Kota_Metro_2023.xlsx"]
    assert mime.endswith("spreadsheetml.sheet") and build()[:2] == b"PK"


def test_participant_cannot_reach_the_page(monkeypatch, store):
    at = phone_app(monkeypatch, store)
    assert_unreachable(at, "unduh")
    assert not at.get("download_button")


def test_page_itself_refuses_without_facilitator_session(monkeypatch, store):
    # even when routed to directly, the page stops before any control
    at = new_app(monkeypatch, store)
    at.session_state["fac_auth"] = store.system_auth()
    at.run()
    at.switch_page("pages/unduh.py")
    at.session_state["fac_auth"] = "bukan-token"
    at.run()
    assert not at.get("download_button")
    shown = texts(at)
    assert "khusus fasilitator" in shown or "Gabung ke Bimtek" in shown
