"""The phone's browser-side poll in real Chromium: idle phones cost no script runs, a
change reaches the phone within one poll, and a blocked poll route falls back to reruns.

Playwright drives Debian's Chromium (/usr/bin/chromium) against the real server."""

from __future__ import annotations

import time

import pytest

from tests.browser_support import launch, pytestmark, settle  # noqa: F401
from tests.server_support import running_app
from workshop import live, web
from workshop.store import Store


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    db = tmp_path_factory.mktemp("poll") / "poll.db"
    store = Store(db)
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kota Metro", province="Lampung", year=2023)
    store.set_current_stage(auth, w.id, 1)
    stage = store.current_stage(w.id)
    pillar = store.pillars(w.id)[0]
    me = store.join(w.join_code, name="Penyiap", group="opd", institution="Bappeda")
    ideas = [
        store.submit_idea(me.token, pillar_id=pillar.id, kind="usulan", title=title)
        for title in ("Satu data kota", "Aplikasi pengaduan")
    ]
    store.set_shortlisted(auth, stage.id, [i.id for i in ideas], True)
    store.set_phase(auth, stage.id, "group")
    with running_app(db) as (_proc, port), sync_playwright() as pw:
        browser = launch(pw)
        try:
            yield store, w, stage, pillar, port, browser
        finally:
            browser.close()
    store.close()


def backmsg_kind(payload: bytes | str) -> str:
    """What a websocket frame the browser sent asks the server (e.g. "rerun_script")."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    if isinstance(payload, str):
        return "text"
    return BackMsg.FromString(payload).WhichOneof("type") or ""


def open_phone(browser, url: str, *, block_poll: bool = False):
    """A joined phone; records its poll requests and the websocket frames it sends."""
    ctx = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True)
    page = ctx.new_page()
    log = {"polls": [], "frames": []}
    if block_poll:  # as behind a proxy that passes only Streamlit's own paths
        page.route("**/api/**", lambda route: route.abort())
    page.on(
        "response",
        lambda r: "/api/live/" in r.url and log["polls"].append((time.monotonic(), r.status)),
    )
    page.on(
        "requestfailed",
        lambda r: "/api/live/" in r.url and log["polls"].append((time.monotonic(), 0)),
    )
    page.on(
        "websocket",
        lambda ws: ws.on(
            "framesent",
            lambda payload: log["frames"].append((time.monotonic(), backmsg_kind(payload))),
        ),
    )
    page.goto(url)
    page.wait_for_selector(".st-key-join_name input")
    settle(page)
    page.locator(".st-key-join_name input").fill("Peserta Uji")
    page.locator(".st-key-join_institution input").fill("Kelurahan Uji")
    page.locator(".st-key-join_submit button").click()
    page.wait_for_selector("text=Menunggu fasilitator", timeout=20_000)
    settle(page)
    return page, log


def test_idle_phone_polls_over_http_and_sends_no_reruns(room):
    store, w, stage, pillar, port, browser = room
    page, log = open_phone(browser, f"http://127.0.0.1:{port}/?code={w.join_code}")
    page.wait_for_timeout(1000)  # (sleeping in Playwright's loop lets its events arrive)
    t0 = time.monotonic()
    page.wait_for_timeout((3 * live.PHONE_POLL_SECONDS + 1) * 1000)
    polls = [s for t, s in log["polls"] if t >= t0]
    reruns = [t for t, kind in log["frames"] if t >= t0 and kind == "rerun_script"]
    # one every 4 s +-25 % (live.ROOM_JS jitters the period so phones drift apart)
    assert 2 <= len(polls) <= 5 and set(polls) == {200}, polls
    assert reruns == []  # nothing changed: no script ran for this phone
    page.context.close()


def test_phone_shows_the_ballot_within_one_poll(room):
    store, w, stage, pillar, port, browser = room
    auth = store.system_auth()  # (the server's PIN set-up ends earlier tokens)
    page, log = open_phone(browser, f"http://127.0.0.1:{port}/?code={w.join_code}")
    store.set_phase(auth, stage.id, "group")
    page.wait_for_timeout(500)
    t0 = time.monotonic()
    store.set_phase(auth, stage.id, "vote")
    try:
        page.wait_for_selector("[data-testid=phone-room] .bl-send", timeout=10_000)
        took = time.monotonic() - t0
    finally:
        store.set_phase(auth, stage.id, "group")
    # one poll period, the route's answer cache, the room answer: drawn by the page itself
    assert took <= 1.25 * live.PHONE_POLL_SECONDS + web.LIVE_CACHE_SECONDS + 2.5, took
    assert [k for t, k in log["frames"] if t >= t0 and k == "rerun_script"] == []
    # ... and back to the waiting screen when voting closes
    page.wait_for_selector("text=Menunggu fasilitator", timeout=10_000)
    page.context.close()


def test_blocked_routes_fall_back_to_streamlit(room):
    store, w, stage, pillar, port, browser = room
    auth = store.system_auth()  # (the server's PIN set-up ends earlier tokens)
    page, log = open_phone(browser, f"http://127.0.0.1:{port}/?code={w.join_code}", block_poll=True)
    store.set_phase(auth, stage.id, "vote")
    ballot = f".st-key-ballot_{pillar.id}"
    try:
        limit = (3 * live.PHONE_POLL_SECONDS + live.PHONE_FALLBACK_SECONDS + 5) * 1000
        page.wait_for_selector(f"{ballot} .bl-send", timeout=limit)
        assert log["polls"] and all(status == 0 for _t, status in log["polls"])
        # the ballot cannot reach POST /api/vote either: it goes through Streamlit
        idea = store.shortlist(stage.id, pillar.id)[0]
        page.locator(f"{ballot} [data-idea='{idea.id}'] .bl-plus").click()
        page.locator(f"{ballot} .bl-send").click()
        page.wait_for_selector("text=Suara tersimpan (1 suara).", timeout=10_000)
        token = page.url.split("t=")[1].split("&")[0]
        assert store.my_dots(token, pillar.id) == {idea.id: 1}
        assert page.inner_text(f"{ballot} [data-idea='{idea.id}'] .bl-n") == "1"
    finally:
        store.set_phase(auth, stage.id, "group")
    page.context.close()


def test_one_poll_loop_after_many_screen_changes_and_confirmations_stay(room):
    """Each screen change used to leave its poll loop running: a phone late in a session
    polled ten times per period and reran its screen every few seconds, which wiped the
    vote confirmation. Now: one loop, no rerun while idle, the confirmation stays."""
    store, w, stage, pillar, port, browser = room
    auth = store.system_auth()
    page, log = open_phone(browser, f"http://127.0.0.1:{port}/?code={w.join_code}")
    other = store.pillars(w.id)[1]
    ballot = "[data-testid=phone-room]"
    try:
        # collect -> group -> vote, pillars opened and closed: eight screens in a row
        steps = [
            lambda: store.set_phase(auth, stage.id, "collect"),
            lambda: store.set_phase(auth, stage.id, "group"),
            lambda: store.set_phase(auth, stage.id, "vote"),
            lambda: store.set_pillar_voting(auth, stage.id, other.id, False),
            lambda: store.set_pillar_voting(auth, stage.id, other.id, True),
            lambda: store.set_pillar_voting(auth, stage.id, pillar.id, False),
            lambda: store.set_pillar_voting(auth, stage.id, pillar.id, True),
            lambda: store.set_pillar_voting(auth, stage.id, other.id, False),
        ]
        for step in steps:
            step()
            screen = web.phone_screen_of(store, w.id)
            # the page's own screen (waiting, ballots) or Streamlit's (collect) shows it
            page.wait_for_function(
                "s => (window.__bimtekRoom && window.__bimtekRoom.running &&"
                " window.__bimtekRoom.room.screen === s) || (window.__bimtekPoll &&"
                " window.__bimtekPoll.running && window.__bimtekPoll.data.screen === s)",
                arg=screen,
                timeout=15_000,
            )
            settle(page)
        page.wait_for_selector(f"{ballot} .bl-send", timeout=15_000)
        idea = store.shortlist(stage.id, pillar.id)[0]
        page.locator(f"{ballot} [data-idea='{idea.id}'] .bl-plus").click()
        page.locator(f"{ballot} .bl-send").click()
        page.wait_for_selector("text=Suara tersimpan (1 suara).", timeout=10_000)
        page.wait_for_timeout(1000)

        t0 = time.monotonic()
        page.wait_for_timeout(30_000)  # idle for 30 s
        polls = [s for t, s in log["polls"] if t >= t0]
        reruns = [t for t, kind in log["frames"] if t >= t0 and kind == "rerun_script"]
        per_minute = len(polls) * 2
        print(
            f"\nidle phone after {len(steps)} screen changes: {len(polls)} polls in 30 s "
            f"({per_minute}/min), {len(reruns)} reruns"
        )
        assert len(polls) <= 30 // (0.75 * live.PHONE_POLL_SECONDS) + 1, len(polls)
        assert reruns == []
        # the confirmation is still on screen, and comes back after a reload
        assert (
            page.inner_text(f"{ballot} [data-testid=ballot-status]") == "Suara tersimpan (1 suara)."
        )
        page.reload()
        page.wait_for_selector(f"{ballot} .bl-send", timeout=20_000)
        settle(page)
        assert (
            page.inner_text(f"{ballot} [data-testid=ballot-status]") == "Suara tersimpan (1 suara)."
        )
    finally:
        store.set_phase(auth, stage.id, "group")
    page.context.close()


def test_rating_confirmation_survives_redraws(room):
    store, w, stage, pillar, port, browser = room
    page, log = open_phone(browser, f"http://127.0.0.1:{port}/?code={w.join_code}")
    auth = store.system_auth()  # (after the server's first run: its PIN set-up ends tokens)
    # stage II, rated (stage I already has dot votes, which fix its voting rules)
    store.set_current_stage(auth, w.id, 2)
    rated = store.current_stage(w.id)
    me = store.join(w.join_code, name="Penyiap II", group="opd", institution="Bappeda")
    ideas = [
        store.submit_idea(me.token, pillar_id=pillar.id, kind="usulan", title=title)
        for title in ("Peta digital UMKM", "Kartu pelajar digital")
    ]
    store.set_shortlisted(auth, rated.id, [i.id for i in ideas], True)
    store.update_stage(auth, rated.id, vote_mode="rating")
    store.set_phase(auth, rated.id, "group")
    room = "[data-testid=phone-room]"
    saved = f"Penilaian tersimpan ({len(ideas)} usulan)."
    try:
        store.set_phase(auth, rated.id, "vote")
        page.wait_for_selector(f"{room}[data-kind=vote] .bl-rate-idea", timeout=20_000)
        settle(page)
        for idea in ideas:
            for axis, score in (("impact", 4), ("feas", 3)):
                box = f"{room} .bl-rate-idea[data-idea='{idea.id}'] .bl-scale[data-axis={axis}]"
                page.locator(f"{box} button").nth(score - 1).click()
        page.locator(f"{room} .bl-send").click()
        page.wait_for_selector(f"text={saved}", timeout=10_000)
        token = page.url.split("t=")[1].split("&")[0]
        assert store.my_ratings(token, pillar.id) == {i.id: (4, 3) for i in ideas}
        # the room moves on meanwhile (another pillar closes): the screen is redrawn and
        # still says the rating is stored, with no form to fill in again
        store.set_pillar_voting(auth, rated.id, store.pillars(w.id)[1].id, False)
        page.wait_for_timeout((2 * live.PHONE_POLL_SECONDS + 2) * 1000)
        assert page.locator(f"text={saved}").count() == 1
        assert page.locator(f"{room} .bl-rate-idea").count() == 0
        page.reload()
        page.wait_for_selector(f"{room} [data-testid=rating-change]", timeout=20_000)
        assert page.locator(f"text={saved}").count() == 1
    finally:
        store.set_phase(auth, rated.id, "group")
        store.set_current_stage(auth, w.id, 1)
    page.context.close()
