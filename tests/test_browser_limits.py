"""The limits on Daftar peserta and the join-spike warning on Kendali tahap, in a real
browser (laptop and a 360×640 phone): the facilitator sees and edits them."""

from __future__ import annotations

import pytest

from tests.browser_support import (
    PHONE,
    PIN,
    launch,
    login,
    pytestmark,  # noqa: F401  (browser marker, skip without chromium)
    settle,
    shot,
)
from tests.server_support import running_app
from workshop.domain import WorkshopError
from workshop.store import Store


@pytest.mark.timeout(300)
def test_limits_and_spike_warning_in_the_browser(tmp_path):
    from playwright.sync_api import sync_playwright

    db = tmp_path / "batas.db"
    s = Store(db)
    auth = s.system_auth()
    w = s.create_workshop(auth, region="Kota Metro", year=2023)
    s.set_join_limits(auth, w.id, joins_per_minute=3)
    opd = s.opds(w.id)[0].id
    for n in range(6):  # a script from one address: 3 in, 3 refused
        try:
            s.join(w.join_code, name=f"Palsu {n}", group="opd", opd_id=opd, client="10.1.2.3")
        except WorkshopError:
            pass
    s.close()
    with running_app(db, pin=PIN) as (_proc, port), sync_playwright() as pw:
        browser = launch(pw)
        base = f"http://127.0.0.1:{port}"
        page = login(browser, base, {"width": 1366, "height": 900})
        page.goto(f"{base}/kendali")
        settle(page)
        warning = page.locator("[data-testid=stAlertContentWarning]", has_text="Lonjakan")
        assert warning.count() == 1
        assert "3 peserta baru dalam 1 menit terakhir dari 1 alamat, 3 ditolak" in (
            warning.inner_text()
        )
        shot(page, "limits_spike_kendali", full_page=False)

        page.goto(f"{base}/daftar-peserta")
        settle(page)
        page.get_by_text("Batas pendaftaran dan usulan").click()
        field = page.locator(".st-key-lim_joins input")
        assert field.input_value() == "3"
        field.fill("40")
        page.locator(".st-key-lim_ideas_stage input").fill("12")
        page.locator(".st-key-lim_save button").click()
        settle(page)
        page.wait_for_timeout(500)
        settle(page)
        shot(page, "limits_participants_laptop")

        phone = login(browser, base, PHONE, is_mobile=True, has_touch=True)
        phone.goto(f"{base}/daftar-peserta")
        settle(phone)
        phone.get_by_text("Batas pendaftaran dan usulan").click()
        settle(phone)
        box = phone.locator(".st-key-lim_save button").bounding_box()
        assert box and box["height"] >= 40
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        shot(phone, "limits_participants_phone")
        browser.close()
    check = Store(db)
    limits = check.join_limits(w.id)
    check.close()
    assert (limits.joins_per_minute, limits.ideas_per_stage) == (40, 12)
