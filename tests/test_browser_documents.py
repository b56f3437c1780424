"""The document fields on the download page, in real Chromium: the kop saved from the
form, a logo and a session photo uploaded through the browser's file chooser, a hostile
file refused in Indonesian (the refusal stays), and the summary downloaded carries them."""

from __future__ import annotations

import io
import time
import urllib.request

import pytest

from tests.browser_support import PIN, launch, login, pytestmark, settle, shot  # noqa: F401
from tests.docx_support import full_text, open_docx
from tests.server_support import running_app
from tests.test_store_documents import jpeg, png
from workshop.demo import build_demo
from workshop.store import Store

VIEW = {"width": 1280, "height": 900}


def eventually(check, timeout: float = 15.0) -> None:
    """Wait until `check()` is true: the click's script run may still be going on a
    loaded machine when the page looks settled."""
    end = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.2)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    tmp = tmp_path_factory.mktemp("dokumen")
    db = tmp / "dokumen.db"
    store = Store(db)
    demo = build_demo(store, participants=30, seed=5)
    auth = store.system_auth()
    store.set_setting(auth, "active_workshop", str(demo.workshop_id))
    store.logout(auth)
    files = {"logo.png": png(400, 400), "foto.jpg": jpeg(1200, 800), "bukan.png": b"<svg/>"}
    for name, data in files.items():
        (tmp / name).write_bytes(data)
    with running_app(db, pin=PIN) as (_proc, port), sync_playwright() as pw:
        browser = launch(pw)
        try:
            yield store, demo.workshop_id, port, browser, tmp
        finally:
            browser.close()
    store.close()


def test_kop_logo_photo_in_the_downloaded_summary(app):
    store, wid, port, browser, tmp = app
    base = f"http://127.0.0.1:{port}"
    page = login(browser, base, VIEW)
    context = page.context
    page.goto(f"{base}/unduh")
    settle(page)
    page.get_by_role("tab", name="Kop & tanda tangan").click()
    box = page.get_by_label("Nama perangkat daerah")
    box.fill("Dinas Komunikasi dan Informatika")
    page.get_by_label("Telepon kantor").fill("(0725) 41234")
    page.get_by_role("button", name="Simpan").first.click()
    settle(page)
    eventually(
        lambda: store.doc_fields(wid).get("kop_agency") == "Dinas Komunikasi dan Informatika"
    )
    # a file that is not an image: refused in Indonesian, the refusal stays on screen
    page.locator("[data-testid=stFileUploaderDropzoneInput]").first.set_input_files(
        str(tmp / "bukan.png")
    )
    settle(page)
    page.get_by_role("button", name="Pasang logo").click()
    settle(page)
    page.get_by_text("Logo rusak atau bukan gambar PNG/JPEG.").wait_for(timeout=10_000)
    assert store.logo(wid) is None
    page.locator("[data-testid=stFileUploaderDropzoneInput]").first.set_input_files(
        str(tmp / "logo.png")
    )
    settle(page)
    page.get_by_role("button", name="Pasang logo").click()
    settle(page)
    eventually(lambda: store.logo(wid) is not None)
    shot(page, "documents_kop")

    stage = store.current_stage(wid)
    page.get_by_role("tab", name=f"Foto Tahap {stage.roman}").click()
    page.locator("[data-testid=stFileUploaderDropzoneInput]").last.set_input_files(
        str(tmp / "foto.jpg")
    )
    settle(page)
    page.get_by_label("Keterangan foto").fill("Diskusi kelompok")
    page.get_by_role("button", name="Tambahkan foto").click()
    settle(page)
    eventually(lambda: [p.caption for p in store.photos(stage.id)] == ["Diskusi kelompok"])
    shot(page, "documents_photos")

    # the summary link downloads a file carrying them
    href = page.locator("[data-testid=dl-summary]").get_attribute("href")
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
    req = urllib.request.Request(base + href, headers={"Cookie": cookies})
    with urllib.request.urlopen(req, timeout=120) as resp:
        doc = open_docx(io.BytesIO(resp.read()).getvalue())
    text = full_text(doc)
    assert "Dinas Komunikasi dan Informatika" in text and "Telp. (0725) 41234" in text
    assert "Diskusi kelompok" in text
    assert len(doc.inline_shapes) >= 2  # the logo and the photo (plus the charts)
    context.close()
