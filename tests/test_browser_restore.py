"""The backup page in real Chromium: a crafted upload is refused with the truth on
screen and nothing changes; a crafted-but-valid backup restores without its planted
session and PIN, and asks to log in again with the PIN in use (issue 13, items 5-6)."""

from __future__ import annotations

import shutil
import sqlite3

from tests.browser_support import PIN, launch, login, pytestmark, settle, shot  # noqa: F401
from tests.server_support import running_app
from workshop import backups
from workshop.demo import build_demo
from workshop.security import PinHasher
from workshop.store import Store

VIEW = {"width": 1280, "height": 900}


def upload(page, path) -> None:
    page.locator(".st-key-restore_upload input[type=file]").set_input_files(str(path))
    settle(page)
    box = page.locator(".st-key-restore_confirm input[type=checkbox]")
    if not box.is_checked():
        page.locator(".st-key-restore_confirm label").click()
        settle(page)
    page.locator(".st-key-restore_submit button").click()
    settle(page, 60_000)


def test_crafted_uploads_on_the_backup_page(tmp_path):
    from playwright.sync_api import sync_playwright

    db = tmp_path / "bimtek.db"
    store = Store(db, hasher=PinHasher(fast=True))
    build_demo(store, participants=110, seed=7)
    good = tmp_path / "asli.db"
    good.write_bytes(backups.snapshot_bytes(store, auth=store.machine_auth()))
    n_votes = store.table_counts()["votes"]
    store.close()
    broken = tmp_path / "migrasi-kosong.db"
    shutil.copyfile(good, broken)
    planted = tmp_path / "sesi-tertanam.db"
    shutil.copyfile(good, planted)
    for path, sql in (
        (broken, "DELETE FROM _sqlite_migrations"),
        (planted, "INSERT INTO fac_sessions VALUES ('token-penyerang', 0, 9e12)"),
    ):
        conn = sqlite3.connect(path)
        conn.execute(sql)
        conn.commit()
        conn.close()
    with (
        running_app(db, pin=PIN, extra_env={"BIMTEK_BACKUP_DIR": str(tmp_path / "b")}) as _,
        sync_playwright() as pw,
    ):
        _proc, port = _
        browser = launch(pw)
        page = login(browser, f"http://127.0.0.1:{port}", VIEW)
        page.goto(f"http://127.0.0.1:{port}/cadangan")
        settle(page)
        upload(page, broken)
        alert = page.locator("[data-testid=stAlertContentError]").first
        text = alert.inner_text()
        shot(page, "restore-refused", full_page=False)
        assert "Pemulihan ditolak: skema berkas" in text and "Data tidak diubah." in text
        check = Store(db, hasher=PinHasher(fast=True))
        assert check.table_counts()["votes"] == n_votes
        check.close()
        upload(page, planted)
        page.wait_for_selector("[data-testid=stAlertContentSuccess]")
        warning = page.locator("[data-testid=stAlertContentWarning]").last.inner_text()
        shot(page, "restore-done-relogin", full_page=False)
        assert "PIN yang berlaku sekarang" in warning
        check = Store(db, hasher=PinHasher(fast=True))
        try:
            assert not check.is_facilitator("token-penyerang")
            assert check.table_rows("fac_sessions") == []
            assert check.login(PIN)  # the PIN in use stays
        finally:
            check.close()
        browser.close()
