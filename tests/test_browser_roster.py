"""The roster upload on Kegiatan in real Chromium: a zip bomb is refused at once with
its reason, and a sheet declaring A1:XFD2000 previews its 40 names (issue 13, item 7)."""

from __future__ import annotations

import time

from tests import bomb_support as bombs
from tests.browser_support import PIN, launch, login, pytestmark, settle, shot  # noqa: F401
from tests.server_support import running_app
from workshop.security import PinHasher
from workshop.store import Store


def test_roster_bombs_on_the_setup_page(tmp_path):
    from playwright.sync_api import sync_playwright

    db = tmp_path / "bimtek.db"
    store = Store(db, hasher=PinHasher(fast=True))
    auth = store.machine_auth()
    w = store.create_workshop(auth, region="Kota Metro", year=2023, opds=[])
    store.set_setting(auth, "active_workshop", str(w.id))
    store.close()
    bomb, wide = tmp_path / "bom.xlsx", tmp_path / "lebar.xlsx"
    bomb.write_bytes(bombs.zip_bomb_xlsx(300))
    wide.write_bytes(bombs.wide_dimension_xlsx())
    with running_app(db, pin=PIN) as (_proc, port), sync_playwright() as pw:
        browser = launch(pw)
        page = login(browser, f"http://127.0.0.1:{port}", {"width": 1280, "height": 900})
        page.goto(f"http://127.0.0.1:{port}/kegiatan")
        settle(page)
        field = page.locator(".st-key-opd_import input[type=file]")
        start = time.perf_counter()
        field.set_input_files(str(bomb))
        page.wait_for_selector("text=terlalu besar setelah dibuka", timeout=30_000)
        settle(page)
        refused_s = time.perf_counter() - start
        page.locator("text=terlalu besar setelah dibuka").first.scroll_into_view_if_needed()
        shot(page, "roster-zip-bomb-refused", full_page=False)
        assert refused_s < 10, refused_s
        field.set_input_files(str(wide))
        page.wait_for_selector("text=40 nama siap diimpor", timeout=30_000)
        settle(page)
        page.locator("text=40 nama siap diimpor").first.scroll_into_view_if_needed()
        shot(page, "roster-wide-dimension-preview", full_page=False)
        page.locator(".st-key-opd_import_confirm button").click()
        page.wait_for_selector("text=40 OPD baru ditambahkan", timeout=30_000)
        browser.close()
    check = Store(db, hasher=PinHasher(fast=True))
    try:
        assert [o.name for o in check.opds(w.id)] == bombs.NAMES
    finally:
        check.close()
