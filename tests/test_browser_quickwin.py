"""The quick-win gate in real Chromium: on the laptop (1920×1080) the facilitator fills a
candidate, sees the gate refuse with its reasons, completes it and agrees it, adds a risk
and downloads the komitmen bersama; on a phone (360×640) the reasons, the risk form and the
links fit without sideways scrolling. Screenshots in artifacts/browser/quickwin-*.png."""

from __future__ import annotations

import io
import time

import pytest
from docx import Document

from tests.browser_support import (
    PHONE,
    launch,
    login,
    no_horizontal_scroll,
    pick,
    pytestmark,  # noqa: F401  (browser marker, skip without chromium)
    settle,
    shot,
)
from tests.server_support import running_app
from workshop.store import Store

LAPTOP = {"width": 1920, "height": 1080}


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    db = tmp_path_factory.mktemp("quickwin") / "qw.db"
    store = Store(db)
    with running_app(db) as (_proc, port), sync_playwright() as pw:
        browser = launch(pw)
        base = f"http://127.0.0.1:{port}"
        first = browser.new_page()  # the first run sets the PIN up (ends earlier tokens)
        first.goto(base + "/masuk")
        settle(first)
        first.close()
        auth = store.system_auth()
        w = store.create_workshop(
            auth,
            region="Kota Metro",
            province="Lampung",
            year=2023,
            venue="Aula Pemerintah Kota Metro",
        )
        store.set_setting(auth, "active_workshop", str(w.id))
        opd = {o.name: o.id for o in store.opds(w.id)}
        idea = store.add_idea(
            auth,
            w.id,
            pillar_id=store.pillars(w.id)[3].id,
            kind="usulan",
            title="Antrean puskesmas daring",
            description="Nomor antrean dari rumah",
            opd_id=opd["Dinas Kesehatan"],
        )
        store.logout(auth)
        yield store, w, opd, idea, base, browser
        browser.close()
    store.close()


def until(check, timeout: float = 20.0):
    """Poll `check()` (the store, as the server wrote it) until it is truthy."""
    end = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > end:
            return value
        time.sleep(0.2)


def _expander_open(page) -> None:
    settle(page)
    page.locator("[data-testid=stExpander] details[open]").first.wait_for()


def test_gate_refuses_then_passes_risk_and_komitmen_on_the_laptop(room):
    store, w, opd, idea, base, browser = room
    page = login(browser, base, LAPTOP, accept_downloads=True)
    page.goto(base + "/quickwin")
    settle(page)
    page.locator(".st-key-qw_ideas").click()
    page.keyboard.type("Antrean puskesmas")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    settle(page)
    page.locator(".st-key-qw_new_objective textarea").fill("Waktu tunggu pasien turun")
    page.locator(".st-key-qw_new_location input").fill("12 puskesmas")
    page.locator(".st-key-qw_new_submit button").click()
    until(lambda: store.quickwins(w.id))
    _expander_open(page)
    [qw] = store.quickwins(w.id)
    assert (qw.status, qw.owner_opd_id, qw.horizon, qw.location) == (
        "draft",
        opd["Dinas Kesehatan"],
        None,
        "12 puskesmas",
    )
    gate = page.locator("[data-testid=stAlertContentWarning]").first
    assert "Belum lolos syarat quick win" in gate.inner_text()
    assert "horizon belum dinilai" in gate.inner_text()
    # agreeing now is refused by the core, with its reasons, and the refusal stays
    page.locator(f".st-key-qw_agree_{qw.id} button").click()
    settle(page)
    error = page.locator("[data-testid=stAlertContentError]").first
    error.wait_for()
    assert "Belum dapat disepakati sebagai quick win: horizon belum dinilai" in error.inner_text()
    assert "enabler belum dinilai: Regulasi, Infrastruktur, SDM, Aplikasi" in error.inner_text()
    error.scroll_into_view_if_needed()
    shot(page, "quickwin-gate-refused", full_page=False)
    assert store.quickwin(qw.id).status == "draft"

    # complete it: horizon and the four enablers, then agree
    key = f"qw_edit_{qw.id}"
    page.locator(f".st-key-{key}_horizon").scroll_into_view_if_needed()
    pick(page, f"{key}_horizon", "≤ 2 tahun")
    for enabler, state in (
        ("regulasi", "Perlu disiapkan"),
        ("infrastruktur", "Sudah siap"),
        ("sdm", "Sudah siap"),
        ("aplikasi", "Belum ada"),
    ):
        pick(page, f"{key}_en_{enabler}", state)
    page.locator(f".st-key-{key}_submit button").click()
    until(lambda: store.quickwin_gate(qw.id) == [])
    _expander_open(page)
    assert store.quickwin_gate(qw.id) == []
    ok = page.locator("[data-testid=stAlertContentSuccess]").first
    assert "Lolos syarat quick win" in ok.inner_text()
    page.locator(f".st-key-qw_agree_{qw.id} button").click()
    until(lambda: store.quickwin(qw.id).status == "agreed")
    _expander_open(page)
    assert store.quickwin(qw.id).status == "agreed"
    page.locator(f".st-key-qw_unagree_{qw.id}").wait_for()

    # a risk through the form
    rkey = f"qw_risk_new_{qw.id}"
    page.locator(f".st-key-{rkey}_risk input").scroll_into_view_if_needed()
    page.locator(f".st-key-{rkey}_risk input").fill("Jaringan internet puskesmas putus")
    pick(page, f"{rkey}_likelihood", "4 – Sering")
    pick(page, f"{rkey}_impact", "4 – Besar")
    pick(page, f"{rkey}_owner", "Diskominfo")
    page.locator(f".st-key-{rkey}_mitigation input").fill("Jaringan cadangan seluler")
    page.locator(f".st-key-{rkey}_submit button").click()
    until(lambda: store.quickwin_risks(qw.id))
    _expander_open(page)
    [risk] = store.quickwin_risks(qw.id)
    assert (risk.risk, risk.likelihood, risk.impact, risk.owner_opd_id, risk.level) == (
        "Jaringan internet puskesmas putus",
        4,
        4,
        opd["Diskominfo"],
        "Tinggi",
    )
    page.locator(f".st-key-qw_risks_{qw.id}_table").scroll_into_view_if_needed()
    shot(page, "quickwin-agreed-risk", full_page=False)

    # the komitmen bersama, downloaded from the page
    link = page.locator(".st-key-dl_qw_komitmen a")
    link.scroll_into_view_if_needed()
    with page.expect_download(timeout=60_000) as info:
        link.click()
    download = info.value
    assert download.failure() is None
    assert download.suggested_filename == "Komitmen_Bersama_Quick_Win_Kota_Metro_2023.docx"
    doc = Document(io.BytesIO(open(download.path(), "rb").read()))
    text = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "Antrean puskesmas daring" in text and "Dinas Kesehatan" in text
    shot(page, "quickwin-laptop", full_page=True)
    page.context.close()


def test_gate_reasons_and_risk_form_fit_a_phone(room):
    store, w, opd, idea, base, browser = room
    auth = store.system_auth()
    cand = store.create_quickwin(
        auth,
        store.current_stage(w.id).id,
        name="Bank sampah digital",
        pillar_id=store.pillars(w.id)[5].id,
        horizon="5",
    )
    store.logout(auth)
    page = login(browser, base, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page.goto(base + "/quickwin")
    settle(page)
    page.get_by_text("Bank sampah digital").first.click()
    settle(page)
    gate = page.locator("[data-testid=stAlertContentWarning]").first
    gate.wait_for()
    text = gate.inner_text()
    assert "horizon 5 tahun (jangka menengah) melebihi 2 tahun" in text
    assert "OPD penanggung jawab belum dipilih" in text
    gate.scroll_into_view_if_needed()
    shot(page, "quickwin-phone-gate", full_page=False)
    assert no_horizontal_scroll(page)
    rkey = f"qw_risk_new_{cand.id}"
    page.locator(f".st-key-{rkey}_risk input").scroll_into_view_if_needed()
    page.locator(f".st-key-{rkey}_risk input").fill("Partisipasi warga rendah")
    page.locator(f".st-key-{rkey}_submit button").click()
    until(lambda: store.quickwin_risks(cand.id))
    settle(page)
    page.locator(f".st-key-qw_risks_{cand.id}_table").wait_for()  # the register shows it
    assert [r.risk for r in store.quickwin_risks(cand.id)] == ["Partisipasi warga rendah"]
    box = page.locator(f".st-key-{rkey}_submit button").bounding_box()
    assert box is not None and box["height"] >= 40, box
    page.locator(".st-key-dl_qw_komitmen").scroll_into_view_if_needed()
    shot(page, "quickwin-phone-links", full_page=False)
    assert no_horizontal_scroll(page)
    page.context.close()
