"""The facilitator's login cookie in a real browser (issue 13, item 4): set by the server
(workshop/guard.py) through /api/masuk, HttpOnly and SameSite=Strict, never visible to
page JavaScript; a reload keeps the login; the download route still takes it; logging
out clears it. The session token is stored hashed."""

from __future__ import annotations

import hashlib

import pytest

from tests.browser_support import (
    PIN,
    launch,
    login,
    pytestmark,  # noqa: F401  (browser marker, skip without chromium)
    settle,
    shot,
)
from tests.server_support import running_app
from workshop.store import Store


@pytest.mark.timeout(300)
def test_login_cookie_is_httponly_strict_and_survives_a_reload(tmp_path):
    from playwright.sync_api import sync_playwright

    db = tmp_path / "masuk.db"
    s = Store(db)
    w = s.create_workshop(s.system_auth(), region="Kota Metro", year=2023)
    s.close()
    with running_app(db, pin=PIN) as (_proc, port), sync_playwright() as pw:
        browser = launch(pw)
        base = f"http://127.0.0.1:{port}"
        page = login(browser, base, {"width": 1366, "height": 768})
        context = page.context
        (cookie,) = [c for c in context.cookies() if c["name"] == "bimtek_fac"]
        assert cookie["httpOnly"] is True
        assert cookie["sameSite"] == "Strict"
        assert cookie["secure"] is False  # plain HTTP on the Aula Wi-Fi
        assert cookie["path"] == "/"
        assert len(cookie["value"]) >= 32
        token = cookie["value"]
        # page JavaScript never sees the token (nor the device cookie)
        seen = page.evaluate("document.cookie")
        assert token not in seen and "bimtek_fac" not in seen and "bimtek_dev" not in seen
        assert page.url == f"{base}/masuk"  # the hand-off code is gone from the address
        shot(page, "login_after")

        # a reload keeps the facilitator logged in; so does opening a facilitator page
        page.reload()
        settle(page)
        page.wait_for_selector(".st-key-logout")
        page.goto(f"{base}/kendali")
        settle(page)
        assert page.locator("[data-testid=stSidebarNav]").count() == 1
        assert "Halaman ini khusus fasilitator." not in page.inner_text("body")
        shot(page, "login_reload_kendali")

        # the download route reads the same cookie
        answer = context.request.get(f"{base}/api/download/summary?stage=1")
        assert answer.status == 200, answer.text()
        assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
        stranger = browser.new_context()
        assert stranger.request.get(f"{base}/api/download/summary?stage=1").status == 403

        # the database holds the token's hash only
        check = Store(db)
        sessions = [r["token"] for r in check.table_rows("fac_sessions")]
        assert hashlib.sha256(token.encode()).hexdigest() in sessions
        assert token not in sessions
        check.close()

        # logging out ends the session and clears the cookie
        page.goto(f"{base}/masuk")
        settle(page)
        page.locator(".st-key-logout button").click()
        page.wait_for_selector(".st-key-login", timeout=20_000)
        settle(page)
        assert [c for c in context.cookies() if c["name"] == "bimtek_fac"] == []
        assert context.request.get(f"{base}/api/download/summary?stage=1").status == 403
        again = Store(db)
        assert not again.is_facilitator(token)
        again.close()
        shot(page, "login_logged_out")

        # a hand-off code works once: a replayed /api/masuk link logs nobody in
        replay = browser.new_context()
        r = replay.request.get(f"{base}/api/masuk?kode=tebakan", max_redirects=0)
        assert r.status == 403
        assert "Kode masuk tidak berlaku lagi" in r.text()
        assert [c for c in replay.cookies() if c["name"] == "bimtek_fac"] == []
        browser.close()
    assert w.id == 1
