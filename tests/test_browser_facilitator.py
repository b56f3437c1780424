"""The facilitator's pages in real Chromium: the menu on a laptop and on a phone (never on
a participant's phone), refusals that stay on screen, a quick-win picker that starts
afresh after saving, and a language choice that survives reloads and page changes."""

from __future__ import annotations

import time

import pytest

from pages.common import FACILITATOR_PAGES
from tests.browser_support import (
    PHONE,
    launch,
    login,
    phone_context,  # noqa: F401
    pick,
    pytestmark,  # noqa: F401  (browser marker, skip without chromium)
    settle,
    shot,
)
from tests.server_support import running_app
from workshop import i18n
from workshop.store import Store

MENU = [i18n.t(title) for _path, title, _icon, _url in FACILITATOR_PAGES]


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """A workshop in stage I's vote phase: ideas in two pillars, one with votes."""
    from playwright.sync_api import sync_playwright

    db = tmp_path_factory.mktemp("facilitator") / "fac.db"
    store = Store(db)
    with running_app(db) as (_proc, port), sync_playwright() as pw:
        browser = launch(pw)
        base = f"http://127.0.0.1:{port}"
        # the server's first run sets the PIN up, which ends earlier tokens: open a page
        # before taking a token for the set-up below
        first = browser.new_page()
        first.goto(base + "/masuk")
        settle(first)
        # the very first visitor of a fresh server gets no automatic menu of pages/
        # (pages/__init__.py switches Streamlit's discovery off)
        first_menu = first.locator("[data-testid=stSidebarNav] a").all_inner_texts()
        first.close()
        auth = store.system_auth()
        w = store.create_workshop(auth, region="Kota Metro", province="Lampung", year=2023)
        store.set_setting(auth, "active_workshop", str(w.id))
        gov, living = store.pillars(w.id)[0], store.pillars(w.id)[4]
        ani = store.join(
            w.join_code, name="Ani Lestari", group="opd", opd_id=store.opds(w.id)[0].id
        )
        ideas = {
            "voted": store.submit_idea(
                ani.token, pillar_id=gov.id, kind="usulan", title="Satu data kota"
            ),
            "twin": store.submit_idea(
                ani.token, pillar_id=gov.id, kind="usulan", title="Satu data kota terpadu"
            ),
            "living": store.submit_idea(
                ani.token, pillar_id=living.id, kind="usulan", title="Antrean puskesmas daring"
            ),
        }
        stage = store.current_stage(w.id)
        store.set_phase(auth, stage.id, "group")
        store.set_shortlisted(auth, stage.id, [i.id for i in ideas.values()])
        store.set_phase(auth, stage.id, "vote")
        store.cast_dots(ani.token, gov.id, {ideas["voted"].id: 1})
        try:
            yield store, w, ideas, base, browser, first_menu
        finally:
            browser.close()
    store.close()


def menu_items(page) -> list[str]:
    return [
        t.split("\n")[-1].strip()
        for t in page.locator("[data-testid=stSidebarNav] a").all_inner_texts()
    ]


def test_menu_lists_every_facilitator_page_on_a_laptop_and_a_phone(office):
    store, w, ideas, base, browser, _first_menu = office
    laptop = login(browser, base, {"width": 1920, "height": 1080})
    laptop.goto(base + "/kendali")
    settle(laptop)
    assert laptop.locator("[data-testid=stSidebarNav]").is_visible()
    assert menu_items(laptop)[: len(MENU)] == MENU
    shot(laptop, "menu-laptop-1920x1080", full_page=False)
    # every page of the menu opens (a click, as a person would)
    for title, (_path, _t, _icon, url) in zip(MENU, FACILITATOR_PAGES, strict=False):
        laptop.locator("[data-testid=stSidebarNav] a", has_text=title).click()
        laptop.wait_for_url(f"**/{url}")
        settle(laptop)
        assert laptop.locator("[data-testid=stException]").count() == 0, url
    laptop.context.close()

    phone = login(browser, base, PHONE, is_mobile=True, has_touch=True)
    phone.goto(base + "/kendali")
    settle(phone)
    assert not phone.locator("[data-testid=stSidebarNav]").is_visible()  # folded away
    phone.locator("[data-testid=stExpandSidebarButton]").click()
    phone.wait_for_selector("[data-testid=stSidebarNav]", state="visible")
    assert menu_items(phone)[: len(MENU)] == MENU
    shot(phone, "menu-phone-360x640", full_page=False)
    phone.context.close()


def test_participant_sees_no_menu(office):
    store, w, ideas, base, browser, first_menu = office
    assert first_menu == []
    page = phone_context(browser).new_page()
    page.goto(f"{base}/?code={w.join_code}")
    page.wait_for_selector(".st-key-join_name input")
    settle(page)
    assert page.locator("[data-testid=stSidebarNav]").count() == 0
    assert page.locator("[data-testid=stExpandSidebarButton]").count() == 0
    for _path, _t, _icon, url in FACILITATOR_PAGES:  # typing a facilitator URL gives nothing
        page.goto(f"{base}/{url}")
        settle(page)
        assert page.locator("[data-testid=stSidebarNav]").count() == 0
        assert page.locator(".st-key-phase_vote, .st-key-dl_summary").count() == 0
    page.context.close()


def test_refusal_stays_on_screen(office):
    store, w, ideas, base, browser, _first_menu = office
    page = login(browser, base, {"width": 1366, "height": 768})
    page.goto(base + "/kendali")
    settle(page)
    page.locator(
        ".st-key-merge_expander, [data-testid=stExpander]", has_text=i18n.t("mod.merge")
    ).first.locator("summary").click()
    pick(page, "merge_target", f"#{ideas['twin'].id} {ideas['twin'].title}")
    settle(page)
    page.locator(".st-key-merge_sources").click()
    page.keyboard.type(f"#{ideas['voted'].id} {ideas['voted'].title}")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    settle(page)
    page.locator(".st-key-merge_submit button").click()
    settle(page)
    alert = page.locator("[data-testid=stAlert]", has_text="sudah mendapat suara")
    alert.wait_for(timeout=10_000)
    time.sleep(3)  # still there after a while (no rerun erased it)
    assert alert.is_visible()
    shot(page, "refusal-kept", full_page=False)
    assert store.idea(ideas["voted"].id).status == "shown"
    page.context.close()


def chips(page) -> list[str]:
    """The ideas picked in the quick-win picker, as its chips show them."""
    return [c.get_attribute("title") for c in page.locator(".st-key-qw_ideas span[title]").all()]


def test_quickwin_picker_is_empty_after_saving(office):
    store, w, ideas, base, browser, _first_menu = office
    page = login(browser, base, {"width": 1366, "height": 900})
    page.goto(base + "/quickwin")
    settle(page)
    page.locator(".st-key-qw_ideas").click()
    page.keyboard.type("Antrean puskesmas")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    settle(page)
    page.locator(".st-key-qw_new_name input").wait_for()
    page.locator(".st-key-qw_new_owner").click()
    page.keyboard.type("Dinas Kesehatan")
    page.keyboard.press("Enter")
    page.locator(".st-key-qw_new_submit button").click()
    settle(page)
    page.wait_for_selector(".st-key-qw_ideas")
    settle(page)
    saved = store.quickwins(w.id)
    assert [(q.pillar_id, q.idea_ids) for q in saved] == [
        (ideas["living"].pillar_id, [ideas["living"].id])
    ]
    # the picker holds nothing and no form is open
    assert chips(page) == []
    assert page.locator(".st-key-qw_new_name").count() == 0
    # the next programme holds only what is picked now, prefilled from it
    page.locator(".st-key-qw_ideas").click()
    page.keyboard.type("Satu data kota terpadu")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    settle(page)
    page.locator("h1").first.click()  # close the list
    page.locator(".st-key-qw_new_pillar").wait_for()
    settle(page)
    assert [c.split(" · ")[0] for c in chips(page)] == ["[Smart Governance] Satu data kota terpadu"]
    assert page.locator(".st-key-qw_new_pillar input").input_value() == store.pillars(w.id)[0].name
    shot(page, "quickwin-afresh", full_page=False)
    page.context.close()


def test_english_survives_reloads_and_page_changes(office):
    store, w, ideas, base, browser, _first_menu = office
    en = lambda key: i18n.t(key, "en")  # noqa: E731
    # a participant's phone
    budi = store.join(w.join_code, name="Budi Santoso", group="opd", opd_id=store.opds(w.id)[1].id)
    phone = phone_context(browser).new_page()
    phone.goto(f"{base}/?t={budi.token}")
    phone.wait_for_selector(".st-key-lang_switch button")
    settle(phone)
    phone.locator(".st-key-lang_switch button").click()
    phone.wait_for_selector(f"text={en('join.welcome').format(name='Budi Santoso')}")
    settle(phone)
    time.sleep(0.5)
    phone.reload()
    phone.wait_for_selector(
        f"text={en('join.welcome').format(name='Budi Santoso')}", timeout=20_000
    )
    shot(phone, "phone-english-after-reload", full_page=False)
    phone.context.close()

    # the facilitator: the choice holds across pages and reloads, and core refusals
    # are in English too
    fac = login(browser, base, {"width": 1366, "height": 768})
    fac.goto(base + "/kendali")
    settle(fac)
    fac.locator(".st-key-lang_switch button").click()
    settle(fac)
    fac.wait_for_selector(f"[data-testid=stSidebarNav] >> text={en('nav.download')}")
    fac.locator("[data-testid=stSidebarNav] a", has_text=en("nav.download")).click()
    fac.wait_for_url("**/unduh")
    settle(fac)
    assert fac.locator("h1", has_text=en("nav.download")).count() == 1
    fac.goto(base + "/layar")
    settle(fac)
    fac.reload()
    settle(fac)
    assert menu_items(fac)[: len(MENU)] == [en(t) for _p, t, _i, _u in FACILITATOR_PAGES]
    fac.goto(base + "/kendali")
    settle(fac)
    fac.locator("[data-testid=stExpander]", has_text=en("mod.merge")).first.locator(
        "summary"
    ).click()
    pick(fac, "merge_target", f"#{ideas['twin'].id} {ideas['twin'].title}")
    settle(fac)
    fac.locator(".st-key-merge_sources").click()
    fac.keyboard.type(f"#{ideas['voted'].id} {ideas['voted'].title}")
    fac.keyboard.press("Enter")
    fac.keyboard.press("Escape")
    settle(fac)
    fac.locator(".st-key-merge_submit button").click()
    settle(fac)
    alert = fac.locator("[data-testid=stAlert]").first
    alert.wait_for(timeout=10_000)
    assert "already" in alert.inner_text() and "suara" not in alert.inner_text()
    shot(fac, "facilitator-english", full_page=False)
    fac.context.close()
