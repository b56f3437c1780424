"""Every download click delivers its file, in real Chromium, while the room is busy: the
projector reruns every 2 s and five phones are joined and sending ideas.

Streamlit's download button served its file from the media store, which another session's
run could empty between the page drawing the button and the click (about 1 click in 5
failed like that in the Aula). The pages now link to the app's own route
(GET /api/download/<kind>, workshop/web.py), which builds the file on request."""

from __future__ import annotations

import io
import sqlite3
import time

import pytest

from tests.browser_support import PIN, launch, login, phone_join, pytestmark, settle, shot  # noqa: F401
from tests.server_support import running_app
from workshop import backups
from workshop.demo import build_demo
from workshop.store import Store

FACILITATOR = {"width": 1280, "height": 900}
PHONES = (
    ("Rina Wijaya", "Diskominfo"),
    ("Agus Pratama", "Bappeda"),
    ("Siti Rahayu", "Dinas Kesehatan"),
    ("Made Utomo", "Dinas Perhubungan"),
    ("Dewi Lestari", "Dinas Lingkungan Hidup"),
)
# (unlike the demo's ideas, so the phone does not stop at "similar ideas")
IDEAS = (
    "Taman baca apung",
    "Kereta gantung wisata",
    "Lomba foto kampung",
    "Kolam retensi hijau",
    "Jalur sepeda sekolah",
    "Pojok bermain anak",
    "Bus listrik kampus",
    "Kebun atap kantor",
    "Menara pandang sungai",
    "Rumah singgah lansia",
)


@pytest.fixture(scope="module")
def busy_room(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    tmp = tmp_path_factory.mktemp("download")
    db, folder = tmp / "unduh.db", tmp / "cadangan"
    store = Store(db)
    demo = build_demo(store, participants=110, seed=7)  # a finished four-stage Bimtek
    auth = store.system_auth()
    store.set_setting(auth, "active_workshop", str(demo.workshop_id))
    store.set_phase(auth, store.current_stage(demo.workshop_id).id, "collect")  # phones join
    snap = backups.snapshot(store, folder, auth=store.machine_auth())
    store.logout(auth)
    with (
        running_app(db, pin=PIN, extra_env={"BIMTEK_BACKUP_DIR": str(folder)}) as (_proc, port),
        sync_playwright() as pw,
    ):
        browser = launch(pw)
        try:
            yield store, demo.workshop_id, snap, port, browser
        finally:
            browser.close()
    store.close()


def opens(name: str, data: bytes) -> bool:
    """Does the downloaded file open as what its name says?"""
    if name.endswith(".docx"):
        from docx import Document

        return bool(Document(io.BytesIO(data)).paragraphs)
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        return len(load_workbook(io.BytesIO(data)).sheetnames) > 1
    if name.endswith(".db"):
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "x.db"
            path.write_bytes(data)
            conn = sqlite3.connect(path)
            try:
                ok = conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
                return ok and conn.execute("SELECT COUNT(*) FROM participants").fetchone()[0] > 0
            finally:
                conn.close()
    return False


def send_idea(phone, title: str) -> None:
    """A phone sends an idea (its screen reruns; the projector's wall changes)."""
    phone.locator(".st-key-idea_pillar").click()
    phone.keyboard.type("Smart Living")
    phone.keyboard.press("Enter")
    phone.locator(".st-key-idea_title input").fill(title)
    phone.locator(".st-key-idea_submit button").click()


def test_ten_download_clicks_all_deliver(busy_room):
    store, wid, snap, port, browser = busy_room
    base = f"http://127.0.0.1:{port}"

    projector = login(browser, base, {"width": 1920, "height": 1080})
    projector.goto(f"{base}/layar")
    projector.wait_for_selector("[data-testid=join-url]", state="attached")
    settle(projector)
    join = f"{base}/?code={store.workshop(wid).join_code}"
    phones = [phone_join(browser, join, name, opd) for name, opd in PHONES]

    fac = login(browser, base, FACILITATOR, accept_downloads=True)
    stage2 = store.stage_by_number(wid, 2)
    plan = [
        ("unduh", "dl-summary"),
        ("unduh", "dl-quickwins"),
        ("unduh", "dl-excel"),
        ("cadangan", "backup-download"),
        ("cadangan", "snapshot-download"),
        ("unduh", "dl-excel"),
        ("unduh", "dl-summary"),
        ("unduh", "dl-quickwins"),
        ("cadangan", "snapshot-download"),
        ("cadangan", "backup-download"),
    ]
    delivered, results, page_now = 0, [], None
    for n, (page_name, testid) in enumerate(plan):
        if page_name != page_now:
            fac.goto(f"{base}/{page_name}")
            fac.wait_for_selector(f"[data-testid={testid}]", timeout=30_000)
            settle(fac)
            page_now = page_name
        if n == 6:  # the second round takes the summary of another stage
            fac.locator(".st-key-download_stage").click()
            fac.get_by_role("option", name=f"Tahap II – {stage2.title}", exact=False).click()
            fac.wait_for_selector(f"a[href$='summary?stage={stage2.id}']")
            settle(fac)
        send_idea(phones[n % len(phones)], IDEAS[n])
        time.sleep(0.3)  # the phone's and the projector's runs overlap the click
        link = fac.get_by_test_id(testid)
        assert link.get_attribute("download") is not None
        with fac.expect_download(timeout=60_000) as info:
            link.click()
        download = info.value
        failure = download.failure()
        data = b"" if failure else open(download.path(), "rb").read()
        name = download.suggested_filename
        ok = failure is None and len(data) > 0 and opens(name, data)
        delivered += ok
        results.append((testid, name, len(data), failure))
        if n == 0:
            shot(fac, "download-unduh", full_page=False)
        if n == 3:
            shot(fac, "download-cadangan", full_page=False)

    print(f"downloads delivered: {delivered}/{len(plan)}")
    for row in results:
        print("  ", *row)
    assert delivered == len(plan), results
    names = [name for _t, name, _s, _f in results]
    assert names[0] == "Ringkasan_Bimtek_Tahap_IV_Kota_Metro_2023.docx"
    assert names[6] == "Ringkasan_Bimtek_Tahap_II_Kota_Metro_2023.docx"
    assert names[1] == names[7] == "Draft_Program_Quick_Win_Kota_Metro_2023.docx"
    assert names[2] == names[5] == "Data_Bimtek_Kota_Metro_2023.xlsx"
    assert all(backups._NAME.match(names[i]) for i in (3, 4, 8, 9))
    # the picked snapshot is one of the folder's (the page's default: the newest)
    assert {names[4], names[8]} <= {p.name for p in backups.list_snapshots(snap.parent)}

    # the ideas the phones sent reached the store while the downloads ran
    titles = {i.title for i in store.ideas(wid)}
    assert set(IDEAS) <= titles

    # a logged-out browser gets the refusal, not the file
    stranger = browser.new_context().new_page()
    answer = stranger.request.get(f"{base}/api/download/backup")
    assert answer.status == 403
    assert "Hanya fasilitator yang dapat mengunduh berkas ini." in answer.text()
    for page in [projector, fac, stranger, *phones]:
        page.context.close()
