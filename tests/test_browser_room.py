"""The phone's own screens in real Chromium (360x640): voting opens and the ballot is
drawn with no Streamlit script run, dots and ratings are confirmed and stay confirmed
after a reload, the language cookie is respected; honest failures: a database locked by
another process gives a message on the phone and the vote lands after the lock is
released; a deleted database file is refused on the phone and shown to the facilitator.

Playwright drives Debian's Chromium (/usr/bin/chromium) against the real server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from tests.browser_support import PHONE, launch, login, pytestmark, settle, shot  # noqa: F401
from tests.server_support import running_app
from workshop.store import Store

ROOM = "[data-testid=phone-room]"


def make_room(db) -> tuple:
    store = Store(db)
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kota Metro", province="Lampung", year=2023)
    store.set_current_stage(auth, w.id, 1)
    stage = store.current_stage(w.id)
    pillars = store.pillars(w.id)[:2]
    me = store.join(w.join_code, name="Penyiap", group="opd", institution="Bappeda")
    titles = ("Satu data kota", "Aplikasi <b>pengaduan</b> warga", "Wi-Fi taman kota")
    ideas = {
        p.id: [
            store.submit_idea(me.token, pillar_id=p.id, kind="usulan", title=f"{t} ({p.short})")
            for t in titles
        ]
        for p in pillars
    }
    store.set_shortlisted(auth, stage.id, [i.id for v in ideas.values() for i in v], True)
    store.set_phase(auth, stage.id, "group")
    return store, w, stage, pillars, ideas


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = launch(pw)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def room(tmp_path_factory, browser):
    db = tmp_path_factory.mktemp("room") / "room.db"
    store, w, stage, pillars, ideas = make_room(db)
    with running_app(db) as (_proc, port):
        yield store, w, stage, pillars, ideas, port, browser
    store.close()


def backmsg_kind(payload: bytes | str) -> str:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    if isinstance(payload, str):
        return "text"
    return BackMsg.FromString(payload).WhichOneof("type") or ""


# Counts every start of a script run the page shows (Streamlit's own state attribute).
RUN_COUNTER = """
() => {
  window.__runs = 0;
  const app = document.querySelector("[data-testid=stApp]");
  new MutationObserver(() => {
    if (app.getAttribute("data-test-script-state") === "running") { window.__runs += 1; }
  }).observe(app, { attributes: true, attributeFilter: ["data-test-script-state"] });
}
"""


def open_phone(browser, port, code, *, lang=None, name="Peserta Uji"):
    """A phone that joined and shows its waiting screen; logs the websocket frames it
    sends and the answers of the phones' routes."""
    ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    if lang:
        ctx.add_cookies([{"name": "bimtek_lang", "value": lang, "url": f"http://127.0.0.1:{port}"}])
    page = ctx.new_page()
    log: dict = {"frames": [], "answers": []}
    page.on(
        "websocket",
        lambda ws: ws.on(
            "framesent", lambda p: log["frames"].append((time.monotonic(), backmsg_kind(p)))
        ),
    )

    def answered(r) -> None:
        if "/api/vote" in r.url or "/api/rate" in r.url:
            try:
                log["answers"].append((r.status, r.json()))
            except Exception:
                log["answers"].append((r.status, None))

    page.on("response", answered)
    page.goto(f"http://127.0.0.1:{port}/?code={code}")
    page.wait_for_selector(".st-key-join_name input")
    settle(page)
    page.locator(".st-key-join_name input").fill(name)
    page.locator(".st-key-join_institution input").fill("Kelurahan Uji")
    page.locator(".st-key-join_submit button").click()
    page.wait_for_selector(f"{ROOM}[data-kind=wait]", timeout=20_000)
    settle(page)
    page.evaluate(RUN_COUNTER)
    return page, log


def reruns_since(page, log, t0) -> tuple[int, int]:
    """(script runs the page showed since RUN_COUNTER, rerun requests sent since t0)."""
    sent = sum(1 for t, k in log["frames"] if t >= t0 and k == "rerun_script")
    return page.evaluate("window.__runs"), sent


def token_of(page) -> str:
    return page.url.split("t=")[1].split("&")[0]


def test_voting_opens_with_no_script_run_and_the_vote_stays_confirmed(room):
    store, w, stage, pillars, ideas, port, browser = room
    page, log = open_phone(browser, port, w.join_code)
    auth = store.system_auth()  # (after the server's first run: its PIN set-up ends tokens)
    shot(page, "room-wait")
    assert page.inner_text(f"{ROOM} h3") == "Menunggu fasilitator…"
    t0 = time.monotonic()
    store.set_phase(auth, stage.id, "vote")
    try:
        page.wait_for_selector(f"{ROOM}[data-kind=vote] .bl-send", timeout=15_000)
        took = time.monotonic() - t0
        shot(page, "room-ballot")
        first = ideas[pillars[0].id]
        assert page.locator(f"{ROOM} .bl-title").all_inner_texts() == [i.title for i in first]
        assert page.locator(f"{ROOM} .bl-pillars button").all_inner_texts() == [
            p.short for p in pillars
        ]
        row = f"{ROOM} [data-idea='{first[0].id}']"
        for _ in range(stage.cap + 1):  # the "+" stops at the cap
            if page.locator(f"{row} .bl-plus").is_enabled():
                page.locator(f"{row} .bl-plus").click()
        page.locator(f"{ROOM} [data-idea='{first[1].id}'] .bl-plus").click()
        assert page.locator(f"{row} .bl-plus").is_disabled()
        page.locator(f"{ROOM} .bl-send").click()
        saved = f"Suara tersimpan ({stage.cap + 1} suara)."
        page.wait_for_selector(f"{ROOM} .bl-status.ok >> text={saved}", timeout=10_000)
        assert store.my_dots(token_of(page), pillars[0].id) == {
            first[0].id: stage.cap,
            first[1].id: 1,
        }
        runs, sent = reruns_since(page, log, t0)
        print(f"\nballot on screen {took:.1f} s after opening; script runs {runs}, reruns {sent}")
        assert (runs, sent) == (0, 0)  # opening, drawing, tapping, sending: no script run
        assert took <= 1.25 * 4 + 1 + 2.5, took  # a poll period (+-25 %), the cache
        # the other pillar: its own ballot, no dots yet
        page.locator(f"{ROOM} .bl-pillars button[data-pillar='{pillars[1].id}']").click()
        assert page.locator(f"{ROOM} .bl-title").all_inner_texts() == [
            i.title for i in ideas[pillars[1].id]
        ]
        assert page.locator(f"{ROOM} [data-testid=ballot-status]").is_hidden()
        shot(page, "room-voted")
        page.reload()
        page.wait_for_selector(f"{ROOM}[data-kind=vote] .bl-send", timeout=20_000)
        settle(page)
        assert page.inner_text(f"{ROOM} [data-testid=ballot-status]") == saved
        assert page.inner_text(f"{row} .bl-n") == str(stage.cap)
        shot(page, "room-voted-reload")
        # voting closes: back to waiting, again with no script run
        page.evaluate(RUN_COUNTER)
        t1 = time.monotonic()
        store.set_phase(auth, stage.id, "group")
        page.wait_for_selector(f"{ROOM}[data-kind=wait]", timeout=15_000)
        assert reruns_since(page, log, t1) == (0, 0)
    finally:
        store.set_phase(auth, stage.id, "group")
    page.context.close()


def test_english_cookie_and_refusals_in_english(room):
    store, w, stage, pillars, ideas, port, browser = room
    page, log = open_phone(browser, port, w.join_code, lang="en", name="Guest")
    auth = store.system_auth()
    assert page.inner_text(f"{ROOM} h3") == "Waiting for the facilitator…"
    store.set_phase(auth, stage.id, "vote")
    try:
        page.wait_for_selector(f"{ROOM}[data-kind=vote] .bl-send", timeout=15_000)
        assert page.inner_text(f"{ROOM} .bl-send") == "Submit votes"
        assert page.inner_text(f"{ROOM} [data-testid=ballot-left]").startswith("Votes left:")
        page.locator(f"{ROOM} [data-idea='{ideas[pillars[0].id][2].id}'] .bl-plus").click()
        # the pillar closes before the ballot is sent: the core refuses, in English
        store.set_pillar_voting(auth, stage.id, pillars[0].id, False)
        page.locator(f"{ROOM} .bl-send").click()
        page.wait_for_selector(
            f"{ROOM} .bl-status.err >> text=Voting for this pillar is closed.", timeout=10_000
        )
        shot(page, "room-english-refused")
        assert store.my_dots(token_of(page), pillars[0].id) == {}
    finally:
        store.set_pillar_voting(auth, stage.id, pillars[0].id, True)
        store.set_phase(auth, stage.id, "group")
    page.context.close()


def test_rating_with_no_script_run_and_confirmed_after_reload(tmp_path, browser):
    db = tmp_path / "rating.db"
    store, w, stage, pillars, ideas = make_room(db)
    auth = store.system_auth()
    store.update_stage(auth, stage.id, vote_mode="rating")
    with running_app(db) as (_proc, port):
        page, log = open_phone(browser, port, w.join_code)
        auth = store.system_auth()
        t0 = time.monotonic()
        store.set_phase(auth, stage.id, "vote")
        page.wait_for_selector(f"{ROOM}[data-kind=vote] .bl-rate-idea", timeout=15_000)
        first = ideas[pillars[0].id]
        # sent with nothing chosen: said so, nothing stored
        page.locator(f"{ROOM} .bl-send").click()
        assert page.inner_text(f"{ROOM} [data-testid=ballot-status]") == (
            "Beri nilai dampak dan kelayakan untuk setiap usulan."
        )
        for n, idea in enumerate(first):
            for axis, score in (("impact", 5 - n), ("feas", 2 + n)):
                box = f"{ROOM} .bl-rate-idea[data-idea='{idea.id}'] .bl-scale[data-axis={axis}]"
                page.locator(f"{box} button").nth(score - 1).click()
        shot(page, "room-rating")
        page.locator(f"{ROOM} .bl-send").click()
        saved = f"Penilaian tersimpan ({len(first)} usulan)."
        page.wait_for_selector(f"{ROOM} >> text={saved}", timeout=10_000)
        assert store.my_ratings(token_of(page), pillars[0].id) == {
            i.id: (5 - n, 2 + n) for n, i in enumerate(first)
        }
        assert reruns_since(page, log, t0) == (0, 0)
        shot(page, "room-rated")
        page.reload()
        page.wait_for_selector(f"{ROOM} [data-testid=rating-change]", timeout=20_000)
        assert page.inner_text(f"{ROOM} [data-testid=ballot-status]") == saved
        # "change" opens the form with the stored scores chosen
        page.locator(f"{ROOM} [data-testid=rating-change]").click()
        box = f"{ROOM} .bl-rate-idea[data-idea='{first[0].id}'] .bl-scale[data-axis=impact]"
        assert page.locator(f"{box} button[aria-pressed=true]").inner_text() == "5"
        page.context.close()
    store.close()


LOCKER = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
c.execute("ROLLBACK")
print("released", flush=True)
"""


def test_locked_database_message_on_the_phone_and_the_vote_lands_after(tmp_path, browser):
    db = tmp_path / "locked.db"
    store, w, stage, pillars, ideas = make_room(db)
    with running_app(db) as (_proc, port):
        fac = login(browser, f"http://127.0.0.1:{port}", {"width": 1280, "height": 900})
        page, log = open_phone(browser, port, w.join_code)
        auth = store.system_auth()
        store.set_phase(auth, stage.id, "vote")
        page.wait_for_selector(f"{ROOM}[data-kind=vote] .bl-send", timeout=15_000)
        idea = ideas[pillars[0].id][0]
        page.locator(f"{ROOM} [data-idea='{idea.id}'] .bl-plus").click()
        locker = subprocess.Popen(
            [sys.executable, "-c", LOCKER, str(db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert locker.stdout.readline().strip() == "locked"
            page.locator(f"{ROOM} .bl-send").click()
            # the server waits out its busy timeout (15 s), then says so; the phone retries
            page.wait_for_selector(
                f"{ROOM} .bl-status.err >> text=Server sedang tidak bisa menyimpan", timeout=40_000
            )
            shot(page, "room-locked")
            status, body = log["answers"][0]
            assert (status, body["kind"], body["retry"]) == (503, "locked", True)
            assert body["error"].startswith("Server sedang tidak bisa menyimpan")
            fac.goto(f"http://127.0.0.1:{port}/kendali")
            fac.wait_for_selector("text=Basis data sedang dikunci proses lain", timeout=60_000)
            shot(fac, "fac-banner-locked", full_page=False)
        finally:
            locker.stdin.write("\n")
            locker.stdin.flush()
            locker.wait(30)
        page.wait_for_selector(f"{ROOM} .bl-status.ok >> text=Suara tersimpan", timeout=60_000)
        shot(page, "room-locked-then-saved")
        assert store.my_dots(token_of(page), pillars[0].id) == {idea.id: 1}
        assert log["answers"][-1][0] == 200
        page.context.close()
        fac.context.close()
    store.close()


def test_deleted_database_is_refused_and_the_facilitator_told(tmp_path, browser):
    db = tmp_path / "deleted.db"
    store, w, stage, pillars, ideas = make_room(db)
    auth = store.system_auth()
    store.set_phase(auth, stage.id, "vote")
    store.close()
    with running_app(db) as (_proc, port):
        fac = login(browser, f"http://127.0.0.1:{port}", {"width": 1280, "height": 900})
        page = browser.new_context(viewport=PHONE, is_mobile=True).new_page()
        page.goto(f"http://127.0.0.1:{port}/?code={w.join_code}")
        page.wait_for_selector(".st-key-join_name input")
        settle(page)
        page.locator(".st-key-join_name input").fill("Peserta Uji")
        page.locator(".st-key-join_institution input").fill("Kelurahan Uji")
        page.locator(".st-key-join_submit button").click()
        page.wait_for_selector(f"{ROOM}[data-kind=vote] .bl-send", timeout=20_000)
        idea = ideas[pillars[0].id][0]
        page.locator(f"{ROOM} [data-idea='{idea.id}'] .bl-plus").click()
        os.unlink(db)  # an operator's "cleanup" while the app runs
        page.locator(f"{ROOM} .bl-send").click()
        page.wait_for_selector(
            f"{ROOM} .bl-status.err >> text=Berkas basis data tidak ditemukan", timeout=15_000
        )
        shot(page, "room-db-deleted")
        fac.goto(f"http://127.0.0.1:{port}/kendali")
        fac.wait_for_selector("text=sudah dihapus atau diganti", timeout=30_000)
        shot(fac, "fac-banner-deleted", full_page=False)
        assert "TIDAK disimpan" in fac.inner_text("[data-testid=stAlert]")
        page.context.close()
        fac.context.close()
    assert not db.exists()  # nothing recreated it behind the facilitator's back


def test_json_answers_of_the_routes(room):
    """The routes a phone's page uses, as plain HTTP (what bench/load.py simulates)."""
    import urllib.request

    store, w, stage, pillars, ideas, port, browser = room
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/room/{w.id}") as r:
        body = json.loads(r.read())
        assert (r.status, r.headers["content-type"]) == (200, "application/json; charset=utf-8")
    assert (body["kind"], body["pillars"]) == ("wait", [])
