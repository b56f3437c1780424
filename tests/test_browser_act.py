"""Activity forms drawn by the phone itself in real Chromium (360x640): the facilitator
opens an activity while a phone waits, the phone shows its form with no Streamlit script
run, fills and sends it over POST /api/answer and the answer is in the store; the next
activity follows the same way; when /api/answer does not answer at all the form goes
through Streamlit (the "answer" trigger) and is stored all the same. Layout: no
horizontal scroll, every button and input at least 44 px high (buttons 44 px wide).

Playwright drives Debian's Chromium (/usr/bin/chromium) against the real server."""

from __future__ import annotations

import time

import pytest

from tests.browser_support import launch, pytestmark, shot  # noqa: F401
from tests.server_support import running_app
from tests.test_browser_room import ROOM, RUN_COUNTER, open_phone, reruns_since, token_of
from workshop.store import Store

# buttons and inputs of the phone's screen smaller than a thumb, and anything wider
# than the phone
LAYOUT = """
() => {
  const seen = (e) => e.offsetParent !== null;
  const small = [...document.querySelectorAll("button, input")].filter(seen)
    .map((e) => [e, e.getBoundingClientRect()])
    .filter(([e, r]) => r.height < 44 || (e.tagName === "BUTTON" && r.width < 44))
    .map(([e, r]) => `${e.tagName}:${(e.textContent || e.dataset.testid || "").slice(0, 20)}:`
                     + `${Math.round(r.width)}x${Math.round(r.height)}`);
  const wide = [...document.querySelectorAll("[data-testid=phone-room] *")].filter(seen)
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
    .map((e) => e.className || e.tagName);
  return { small, wide,
           scroll: document.documentElement.scrollWidth <= window.innerWidth };
}
"""


def layout_ok(page, name: str) -> None:
    got = page.evaluate(LAYOUT)
    assert got == {"small": [], "wide": [], "scroll": True}, (name, got)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = launch(pw)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def act_room(tmp_path):
    db = tmp_path / "act.db"
    store = Store(db)
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kota Metro", province="Lampung", year=2023)
    store.set_current_stage(auth, w.id, 1)
    stage = store.current_stage(w.id)
    store.set_phase(auth, stage.id, "group")  # the phones wait
    acts = {a.kind: a for a in store.ensure_activities(auth, stage.id)}
    with running_app(db) as (_proc, port):
        yield store, w, stage, acts, port
    store.close()


def status(page) -> str:
    return page.inner_text(f"{ROOM} [data-testid=act-status]")


def test_activity_forms_are_drawn_and_sent_with_no_script_run(act_room, browser):
    store, w, stage, acts, port = act_room
    page, log = open_phone(browser, port, w.join_code)
    auth = store.system_auth()  # (after the server's first run: its PIN set-up ends tokens)
    me = token_of(page)

    # readiness opens while the phone waits: its form, drawn by the phone
    rd = acts["readiness"]
    t0 = time.monotonic()
    store.set_activity_open(auth, rd.id, True)
    page.wait_for_selector(f"{ROOM}[data-kind=act][data-activity='{rd.id}'] .bl-send")
    took = time.monotonic() - t0
    items = rd.config["items"]
    assert page.inner_text(f"{ROOM} h3") == rd.title
    assert page.locator(f"{ROOM} .bl-scale > span").all_inner_texts() == [i["label"] for i in items]
    assert page.locator(f"{ROOM} h4").all_inner_texts() == [
        "Struktur",
        "Infrastruktur",
        "Suprastruktur",
    ]
    # "fill every item" before anything is sent
    page.locator(f"{ROOM} .bl-scale[data-item='{items[0]['key']}'] button").nth(2).click()
    page.locator(f"{ROOM} [data-testid=act-send]").click()
    assert status(page) == "Isi nilai untuk setiap butir."
    assert store.my_answers(me, rd.id) == {}
    for n, i in enumerate(items):
        page.locator(f"{ROOM} .bl-scale[data-item='{i['key']}'] button").nth(n % 5).click()
    layout_ok(page, "readiness")
    shot(page, "actroom-readiness")
    page.locator(f"{ROOM} [data-testid=act-send]").click()
    page.wait_for_selector(f"{ROOM} .bl-status.ok >> text=Jawaban tersimpan.", timeout=10_000)
    assert store.my_answers(me, rd.id) == {
        "": {"scores": {i["key"]: n % 5 + 1 for n, i in enumerate(items)}}
    }
    runs, sent = reruns_since(page, log, t0)
    print(f"\nform on screen {took:.1f} s after opening; script runs {runs}, reruns {sent}")
    assert (runs, sent) == (0, 0)  # opening, drawing, tapping, sending: no script run
    assert took <= 1.25 * 4 + 1 + 2.5, took  # a poll period (+-25 %), the cache

    # the facilitator opens SWOT: the phone follows, again with no script run
    sw = acts["swot"]
    pillars = store.pillars(w.id)
    t1 = time.monotonic()
    store.set_activity_open(auth, sw.id, True)
    page.wait_for_selector(f"{ROOM}[data-activity='{sw.id}'] [data-testid=act-swot-text]")
    assert page.locator(f"{ROOM} .bl-pillars button").all_inner_texts() == [
        p.short for p in pillars
    ]
    assert page.inner_text(f"{ROOM} [data-testid=act-cards-left]") == "0 dari 12 kartu terpakai"
    page.locator(f"{ROOM} [data-testid=act-swot-text]").fill("Data <b>antar-OPD</b> belum terpadu")
    page.locator(f"{ROOM} [data-testid=act-send]").click()  # no pillar chosen yet
    assert status(page) == "Pilih pilar…"
    page.locator(f"{ROOM} .bl-pillars button[data-pillar='{pillars[1].id}']").click()
    # the draft survived the redraw of the pillar tap
    assert page.input_value(f"{ROOM} [data-testid=act-swot-text]") == (
        "Data <b>antar-OPD</b> belum terpadu"
    )
    page.locator(f"{ROOM} .bl-options[data-item=quadrant] button").nth(1).click()
    page.locator(f"{ROOM} [data-testid=act-send]").click()
    page.wait_for_selector(f"{ROOM} [data-testid=act-cards-left] >> text=1 dari 12 kartu terpakai")
    assert page.inner_text(f"{ROOM} [data-testid=act-status]") == "Kartu terkirim."
    assert page.locator(f"{ROOM} [data-testid=act-card]").all_inner_texts() == [
        f"Data <b>antar-OPD</b> belum terpadu\nKelemahan · {pillars[1].short}"
    ]
    assert page.input_value(f"{ROOM} [data-testid=act-swot-text]") == ""  # ready for the next
    assert store.my_answers(me, sw.id) == {
        "swot:1": {
            "pillar_id": pillars[1].id,
            "quadrant": "W",
            "text": "Data <b>antar-OPD</b> belum terpadu",
        }
    }
    layout_ok(page, "swot")
    shot(page, "actroom-swot")
    assert reruns_since(page, log, t1) == (0, 0)

    # keywords, with /api/answer unreachable (a proxy that drops it): the form goes
    # through Streamlit and is stored all the same
    kw = acts["keywords"]
    store.set_activity_open(auth, kw.id, True)
    page.wait_for_selector(f"{ROOM}[data-activity='{kw.id}'] [data-testid=act-keyword-2]")
    page.route("**/api/answer", lambda route: route.abort())
    for i, word in enumerate(("Cerdas", "religius")):
        page.locator(f"{ROOM} [data-testid=act-keyword-{i}]").fill(word)
    layout_ok(page, "keywords")
    page.evaluate(RUN_COUNTER)
    page.locator(f"{ROOM} [data-testid=act-send]").click()
    page.wait_for_function(
        "() => window.__runs > 0 && document.querySelector("
        "'[data-testid=stApp]').getAttribute('data-test-script-state') === 'notRunning'",
        timeout=20_000,
    )
    page.wait_for_selector(f"{ROOM} .bl-status.ok >> text=Jawaban tersimpan.", timeout=20_000)
    assert store.my_answers(me, kw.id) == {"": {"words": ["Cerdas", "religius"]}}
    # redrawn from what is stored: the words are in the form
    assert page.input_value(f"{ROOM} [data-testid=act-keyword-1]") == "religius"
    shot(page, "actroom-keywords-fallback")
    page.context.close()
