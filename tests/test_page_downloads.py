"""The download page (AppTest): facilitator only, three links to the app's own download
route (workshop/web.py), files built when a link is followed."""

from __future__ import annotations

import pytest

from tests.apptest_support import assert_unreachable, new_app, phone_app, texts
from tests.docx_support import full_text, open_docx
from tests.test_web_download import follow, links
from workshop.demo import build_demo
from workshop.exports import summary
from workshop.security import PinHasher
from workshop.store import Store


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "app.db", hasher=PinHasher(fast=True))
    build_demo(s, participants=20, seed=3)
    yield s
    s.close()


def facilitator(monkeypatch, store):
    at = new_app(monkeypatch, store)
    at.session_state["fac_auth"] = store.system_auth()
    at.run()
    at.switch_page("pages/downloads.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_facilitator_sees_three_download_links(monkeypatch, store):
    wid = store.active_workshop_id()
    at = facilitator(monkeypatch, store)
    stage = store.current_stage(wid).id
    assert at.selectbox(key="download_stage").value == stage
    found = links(at)
    main = ["dl-summary", "dl-quickwins", "dl-excel"]
    assert list(found)[:3] == main
    assert {k: (a["href"], a["text"], a["icon"], a["download"]) for k, a in found.items()} == {
        "dl-summary": (f"/api/download/summary?stage={stage}", "Unduh .docx", "description", None),
        "dl-quickwins": (f"/api/download/quickwins?workshop={wid}", "Unduh .docx", "flag", None),
        "dl-excel": (f"/api/download/excel?workshop={wid}", "Unduh .xlsx", "table_view", None),
        # every other registered document: the stage's activity documents, the agreements
        "dl-qw_risks": (
            f"/api/download/qw_risks?workshop={wid}",
            "Register risiko quick win (.docx)",
            "description",
            None,
        ),
        "dl-qw_berita": (
            f"/api/download/qw_berita?workshop={wid}",
            "Berita acara kesepakatan quick win (.docx)",
            "description",
            None,
        ),
        "dl-qw_komitmen": (
            f"/api/download/qw_komitmen?workshop={wid}",
            "Komitmen bersama (.docx)",
            "description",
            None,
        ),
        "dl-analysis": (
            f"/api/download/analysis?stage={stage}",
            "Draf Analisis Strategis (.docx)",
            "description",
            None,
        ),
        "dl-vision": (
            f"/api/download/vision?stage={stage}",
            "Draf Visi, Misi dan Pemetaan Program (.docx)",
            "description",
            None,
        ),
        "dl-roadmap": (
            f"/api/download/roadmap?stage={stage}",
            "Draf Peta Jalan dan Kandidat Quick Win (.docx)",
            "description",
            None,
        ),
        "dl-executive": (
            f"/api/download/executive?workshop={wid}",
            "Ringkasan Eksekutif (.docx)",
            "description",
            None,
        ),
    }
    status, headers, _ = follow(store, at, found["dl-qw_komitmen"]["href"])
    assert status == 200
    assert (
        'filename="Komitmen_Bersama_Quick_Win_Kota_Metro_2023.docx"'
        in headers["content-disposition"]
    )
    assert not at.get("download_button")  # nothing goes through Streamlit's media store
    assert "5 program disepakati" in texts(at)
    # the links are what a click downloads
    status, headers, body = follow(store, at, found["dl-quickwins"]["href"])
    assert (
        status == 200
        and "Draft_Program_Quick_Win_Kota_Metro_2023.docx" in headers["content-disposition"]
    )
    assert "Mal Pelayanan Publik digital" in full_text(open_docx(body))


def test_choosing_a_stage_changes_the_summary(monkeypatch, store):
    wid = store.active_workshop_id()
    at = facilitator(monkeypatch, store)
    stage2 = store.stage_by_number(wid, 2)
    at.selectbox(key="download_stage").set_value(stage2.id)
    at.run()
    assert not at.exception
    found = links(at)
    assert found["dl-summary"]["href"] == f"/api/download/summary?stage={stage2.id}"
    status, headers, body = follow(store, at, found["dl-summary"]["href"])
    assert status == 200
    assert headers["content-disposition"] == (
        'attachment; filename="Ringkasan_Bimtek_Tahap_II_Kota_Metro_2023.docx"; '
        "filename*=UTF-8''Ringkasan_Bimtek_Tahap_II_Kota_Metro_2023.docx"
    )
    assert headers["content-type"].endswith("wordprocessingml.document")
    text = full_text(open_docx(body))  # what a click would download
    assert "RINGKASAN BIMTEK TAHAP II" in text and "25 Juli 2023" in text
    status, headers, body = follow(store, at, found["dl-excel"]["href"])
    assert headers["content-type"].endswith("spreadsheetml.sheet") and body[:2] == b"PK"


def test_links_follow_the_base_url_path(monkeypatch, store):
    wid = store.active_workshop_id()
    from streamlit import config

    before = config.get_option("server.baseUrlPath")
    config.set_option("server.baseUrlPath", "bimtek")
    try:
        at = facilitator(monkeypatch, store)
    finally:
        config.set_option("server.baseUrlPath", before)
    assert links(at)["dl-excel"]["href"] == f"/bimtek/api/download/excel?workshop={wid}"


def test_english_labels(monkeypatch, store):
    at = facilitator(monkeypatch, store)
    at.session_state["lang"] = "en"
    at.run()
    shown = [a["text"] for a in links(at).values()]
    assert shown[:3] == ["Download .docx", "Download .docx", "Download .xlsx"]
    assert sorted(shown[3:]) == [
        "Executive summary (.docx)",
        "Joint commitment (.docx)",
        "Minutes of quick-win agreement (.docx)",
        "Quick-win risk register (.docx)",
        "Roadmap and quick-win candidates (.docx)",
        "Strategic analysis draft (.docx)",
        "Vision, mission and programmes (.docx)",
    ]


def test_participant_cannot_reach_the_page(monkeypatch, store):
    at = phone_app(monkeypatch, store)
    assert_unreachable(at, "unduh")
    assert not at.get("download_button") and not links(at)


def test_page_itself_refuses_without_facilitator_session(monkeypatch, store):
    # even when routed to directly, the page stops before any control
    at = new_app(monkeypatch, store)
    at.session_state["fac_auth"] = store.system_auth()
    at.run()
    at.switch_page("pages/downloads.py")
    at.session_state["fac_auth"] = "bukan-token"
    at.run()
    assert not at.get("download_button") and not links(at)
    shown = texts(at)
    assert "khusus fasilitator" in shown or "Gabung ke Bimtek" in shown


# --- h15: the document fields on the download page ---


def test_kop_and_report_texts_are_saved_and_refusals_stay(monkeypatch, store):
    wid = store.active_workshop_id()
    stage = store.current_stage(wid)
    at = facilitator(monkeypatch, store)
    # defaults are prefilled from the workshop
    assert at.text_input(key="doc_kop_government").value == "PEMERINTAH KOTA METRO"
    assert at.text_input(key="doc_known_role").value == "Wali Kota Metro"
    at.text_input(key="doc_kop_agency").set_value("Dinas Kominfo")
    at.text_input(key="doc_signer2_nip").set_value("1970")  # not 18 digits
    at.button(key="doc_kop_save").click().run()
    assert any("NIP penanda tangan 2 harus 18 angka" in e.value for e in at.error)
    assert store.doc_fields(wid) == {}  # nothing saved
    at.text_input(key="doc_signer2_nip").set_value("197001011995031001")
    at.button(key="doc_kop_save").click().run()
    assert not at.exception
    saved = store.doc_fields(wid)
    assert saved["kop_agency"] == "Dinas Kominfo"
    assert saved["signer2_nip"] == "197001011995031001"
    # the stage's report texts
    at.text_input(key=f"doc_doc_number_{stage.id}").set_value("005/1/2023")
    at.text_area(key=f"doc_kesimpulan_{stage.id}").set_value("Disepakati lima program.")
    at.button(key=f"doc_text_save_{stage.id}").click().run()
    assert store.doc_fields(wid, stage.id)["kesimpulan"] == "Disepakati lima program."
    assert store.doc_fields(wid, stage.id)["doc_number"] == "005/1/2023"
    text = full_text(open_docx(summary.build_summary(store, stage.id)))
    assert "Disepakati lima program." in text and "Nomor: 005/1/2023" in text
