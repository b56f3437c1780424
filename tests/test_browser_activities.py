"""A four-stage Bimtek through every activity in real browsers: the facilitator's console
and the projector at 1920×1080, two phones at 360×640. The facilitator opens each activity
from the console (/aktivitas); the phones switch by themselves (the poll token) and draw
each form themselves (live.ROOM_JS, answers over POST /api/answer), and the projector
shows the result. Set-up that a facilitator types into tables (the
long-list, statements, candidates) is written through the store, as the console does.
Screenshots: artifacts/browser/act_*.png."""

from __future__ import annotations

import time

import pytest

from tests.browser_support import (
    PIN,
    launch,
    login,
    no_horizontal_scroll,
    phone_join,
    pytestmark,  # noqa: F401  (browser marker, skip without chromium)
    settle,
    shot,
)
from tests.server_support import running_app
from workshop.activities import carry, longlist, results
from workshop.store import Store

FULL = {"width": 1920, "height": 1080}
CSV = (
    b"Program;OPD;Indikator;Pagu\n"
    b"Program Aplikasi Informatika;Diskominfo;Layanan daring;1.200.000.000\n"
    b"Program Pelayanan Perizinan Terpadu;DPMPTSP;Waktu izin;600000000\n"
    b"Program Pengelolaan Persampahan;Dinas Lingkungan Hidup;Sampah terkelola;1700000000\n"
    b"Program Pemberdayaan Usaha Mikro;Dinas Koperasi dan UKM;UMKM naik kelas;750000000\n"
)


@pytest.fixture(scope="module")
def run_env(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    db = tmp_path_factory.mktemp("browser") / "activities.db"
    store = Store(db)
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kota Metro", province="Lampung", year=2023)
    store.set_current_stage(auth, w.id, 1)
    store.set_setting(auth, "active_workshop", str(w.id))
    with running_app(db, pin=PIN) as (_proc, port), sync_playwright() as pw:
        browser = launch(pw)
        try:
            yield store, store.machine_auth(), w, port, browser
        finally:
            browser.close()
    store.close()


def open_from_console(console, base: str, act_id: int) -> None:
    console.goto(f"{base}/aktivitas")
    settle(console)
    console.locator(f".st-key-act_open_{act_id} button").click()
    settle(console)


ROOM = "[data-testid=phone-room]"


def form(page, act_id: int) -> None:
    """Wait until the phone draws the form of activity `act_id` (live.ROOM_JS DRAW.act)."""
    page.wait_for_selector(
        f"{ROOM}[data-kind=act][data-activity='{act_id}'] [data-testid=act-send]", timeout=20_000
    )


def choose(page, item: str, option: int) -> None:
    """Tap choice `option` (0-based) of one form item: a 1-5 scale or a row of options."""
    page.locator(f"{ROOM} [data-item='{item}'] button").nth(option).click()


def pillar(page, pillar_id: int) -> None:
    """Choose the pillar (its button is drawn only when there is more than one)."""
    button = page.locator(f"{ROOM} .bl-pillars button[data-pillar='{pillar_id}']")
    if button.count():
        button.click()


def send(page, act_id: int) -> None:
    page.locator(f"{ROOM} [data-testid=act-send]").click()
    page.wait_for_selector(f"{ROOM} .bl-status.ok >> text=Jawaban tersimpan.", timeout=20_000)


def projector_shows(proj, kind: str, name: str) -> None:
    proj.wait_for_selector(f'.bl-proj[data-activity="{kind}"]', timeout=20_000)
    time.sleep(2.5)  # the next 2 s refresh carries the answers just sent
    assert proj.evaluate("document.documentElement.scrollHeight <= window.innerHeight + 1")
    smallest = proj.evaluate(
        """() => Math.min(...[...document.querySelectorAll('.bl-slide *')]
             .filter(e => e.offsetParent !== null && [...e.childNodes].some(
                 n => n.nodeType === 3 && n.textContent.trim()))
             .map(e => parseFloat(getComputedStyle(e).fontSize)))"""
    )
    assert smallest >= 28, (name, smallest)  # readable at 8 m on a 1080p projector
    shot(proj, name, full_page=False)


def phone_check(phone, name: str) -> None:
    shot(phone, name)
    assert no_horizontal_scroll(phone), name
    small = phone.evaluate(
        """() => [...document.querySelectorAll('[role=radiogroup] label, button, input')]
             .filter(e => e.offsetParent !== null && !e.closest('[data-testid=stSelectbox]'))
             .map(e => [e.textContent.slice(0, 20) || e.tagName, e.getBoundingClientRect(),
                        e.tagName === 'INPUT'])
             .filter(([t, r, input]) => r.height < 44 || (!input && r.width < 44))
             .map(([t, r]) => `${t}:${Math.round(r.width)}x${Math.round(r.height)}`)"""
    )
    assert small == [], (name, small)


def test_four_stages_through_every_activity(run_env):
    store, auth, w, port, browser = run_env
    base = f"http://127.0.0.1:{port}"
    console = login(browser, base, FULL)
    proj = console.context.new_page()
    url = f"{base}/?code={w.join_code}"
    ani = phone_join(browser, url, "Ani Lestari", "Bappeda")
    budi = phone_join(browser, url, "Budi Santoso", "Diskominfo")
    phones = (ani, budi)
    stages = store.stages(w.id)
    pillars = store.pillars(w.id)

    # ---------------------------------------------------------------- Tahap I
    console.goto(f"{base}/aktivitas")
    settle(console)
    acts = {a.kind: a for a in store.activities(stages[0].id)}
    assert list(acts) == ["readiness", "swot", "keywords", "ideas"]
    shot(console, "act_console_stage1", full_page=False)
    proj.goto(f"{base}/layar?penuh=1")
    settle(proj)

    # readiness
    rd = acts["readiness"]
    open_from_console(console, base, rd.id)
    items = [i["key"] for i in rd.config["items"]]
    for n, phone in enumerate(phones):
        form(phone, rd.id)
        for j, key in enumerate(items):
            choose(phone, key, (j + n) % 5)
        if n == 0:
            phone_check(phone, "act_phone_readiness")
        send(phone, rd.id)
    assert results.readiness_matrix(store, stages[0].id)["respondents"] == 2
    projector_shows(proj, "readiness", "act_proj_readiness")

    # SWOT
    sw = acts["swot"]
    open_from_console(console, base, sw.id)
    cards = [
        ("Smart Governance", 0, "ASN muda melek digital"),
        ("Smart Governance", 1, "Data antar-OPD belum terintegrasi"),
        ("Smart Environment", 3, "Banjir lokal"),
    ]
    by_name = {p.name: p.id for p in pillars}
    sent = {ani: 0, budi: 0}
    for n, (name, q, text) in enumerate(cards):
        phone = phones[n % 2]
        form(phone, sw.id)
        pillar(phone, by_name[name])
        choose(phone, "quadrant", q)
        phone.locator(f"{ROOM} [data-testid=act-swot-text]").fill(text)
        phone.locator(f"{ROOM} [data-testid=act-send]").click()
        sent[phone] += 1
        phone.wait_for_selector(
            f"{ROOM} [data-testid=act-cards-left] >> text={sent[phone]} dari 12 kartu terpakai",
            timeout=20_000,
        )
    phone_check(ani, "act_phone_swot")
    assert [c["text"] for c in results.swot_matrix(store, stages[0].id, pillars[0].id)["W"]] == [
        "Data antar-OPD belum terintegrasi"
    ]
    projector_shows(proj, "swot", "act_proj_swot")

    # vision keywords
    kw = acts["keywords"]
    open_from_console(console, base, kw.id)
    for phone, given in zip(
        phones, (("Cerdas", "RELIGIUS", "sejahtra"), ("smart", "religi", "maju")), strict=True
    ):
        form(phone, kw.id)
        for i, word in enumerate(given):
            phone.locator(f"{ROOM} [data-testid=act-keyword-{i}]").fill(word)
        if phone is budi:
            phone_check(phone, "act_phone_keywords")
        send(phone, kw.id)
    assert results.keyword_counts(store, stages[0].id)[:2] == [("cerdas", 2), ("religius", 2)]
    projector_shows(proj, "keywords", "act_proj_keywords")
    assert proj.locator("[data-testid=word-cloud]").count() == 1

    # ---------------------------------------------------------------- Tahap II
    store.set_current_stage(auth, w.id, 2)
    a2 = {a.kind: a for a in store.ensure_activities(auth, stages[1].id)}
    stm = store.update_activity(
        auth, a2["statements"].id, config=carry.prefill(store, a2["statements"])
    )
    assert stm.config["statements"][0]["text"].startswith("Terwujudnya Kota Metro yang cerdas")
    open_from_console(console, base, stm.id)
    for n, phone in enumerate(phones):
        form(phone, stm.id)
        for s in stm.config["statements"][: 2 + n]:
            phone.locator(f"{ROOM} [data-testid=act-stmt-{s['key']}]").check()
        if n == 0:
            phone_check(phone, "act_phone_statements")
        send(phone, stm.id)
    projector_shows(proj, "statements", "act_proj_statements")

    preview = longlist.parse_programmes(CSV, "renstra.csv")
    assert preview.errors == [] and len(preview.rows) == 4
    for row in preview.rows:
        row["pillar_id"] = longlist.suggest_pillar(row, pillars)
    ll = store.update_activity(auth, a2["longlist"].id, config={"programmes": preview.rows})
    open_from_console(console, base, ll.id)
    console.locator(".st-key-act_edit").click()
    console.keyboard.type("Daftar panjang")
    console.keyboard.press("Enter")
    settle(console)
    console.locator(".st-key-act_programmes").scroll_into_view_if_needed()
    shot(console, "act_console_longlist", full_page=False)
    for phone in phones:
        form(phone, ll.id)
        first = [r for r in preview.rows if r["pillar_id"] == preview.rows[0]["pillar_id"]]
        pillar(phone, preview.rows[0]["pillar_id"])
        for r in first:
            choose(phone, r["key"], 4)
        if phone is ani:
            phone_check(phone, "act_phone_longlist")
        send(phone, ll.id)
    projector_shows(proj, "longlist", "act_proj_longlist")

    # ---------------------------------------------------------------- Tahap III
    store.set_current_stage(auth, w.id, 3)
    a3 = {a.kind: a for a in store.ensure_activities(auth, stages[2].id)}
    usg = store.update_activity(auth, a3["usg"].id, config=carry.prefill(store, a3["usg"]))
    assert {c["source"] for c in usg.config["candidates"]} == {"SWOT", "Long-list"}
    open_from_console(console, base, usg.id)
    for n, phone in enumerate(phones):
        form(phone, usg.id)
        pid = usg.config["candidates"][0]["pillar_id"]
        pillar(phone, pid)
        for c in [c for c in usg.config["candidates"] if c["pillar_id"] == pid]:
            for i, part in enumerate("usg"):
                choose(phone, f"{c['key']}:{part}", (n + i + 2) % 5)
        if n == 0:
            phone_check(phone, "act_phone_usg")
        send(phone, usg.id)
    ranked = results.usg_ranking(store, stages[2].id)
    assert ranked[0]["raters"] == 2
    proj.goto(f"{base}/layar?penuh=1&hal=1")  # the first page: the pillar just scored
    settle(proj)
    projector_shows(proj, "usg", "act_proj_usg")
    proj.goto(f"{base}/layar?penuh=1")
    settle(proj)

    rm = store.update_activity(auth, a3["roadmap"].id, config=carry.prefill(store, a3["roadmap"]))
    open_from_console(console, base, rm.id)
    for n, phone in enumerate(phones):
        form(phone, rm.id)
        pid = rm.config["items"][0]["pillar_id"]
        pillar(phone, pid)
        for j, it in enumerate(i for i in rm.config["items"] if i["pillar_id"] == pid):
            choose(phone, it["key"], (j + n) % 3)
        if n == 1:
            phone_check(phone, "act_phone_roadmap")
        send(phone, rm.id)
    assert any(x["horizon"] for x in results.roadmap(store, stages[2].id))
    projector_shows(proj, "roadmap", "act_proj_roadmap")

    # ---------------------------------------------------------------- Tahap IV: the ideas loop
    store.set_current_stage(auth, w.id, 4)
    a4 = store.ensure_activities(auth, stages[3].id)
    assert [a.kind for a in a4] == ["ideas"]
    open_from_console(console, base, a4[0].id)
    for phone in phones:
        phone.wait_for_selector(".st-key-idea_title input", timeout=20_000)
    shot(ani, "act_phone_stage4_ideas")
    proj.wait_for_selector('.bl-proj[data-phase="collect"]', timeout=20_000)
    shot(proj, "act_proj_stage4_ideas", full_page=False)
