"""workshop/web.py `PhoneRoutes._db`: a phone's poll, ballot and "mine" are answered on the
event loop when the store is free (no worker thread), and in a worker thread, where they
may wait, when it is not (a script thread holds the lock, another process writes)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
import time

import pytest

from tests.test_web import ballot_room, streamlit_stand_in
from tests.test_web_room import call
from workshop import health, web


@pytest.fixture(autouse=True)
def fresh_health():
    health.reset()
    yield
    health.reset()


@pytest.fixture
def threads(monkeypatch):
    """The calls PhoneRoutes hands to a worker thread, by function name."""
    handed: list[str] = []
    real = asyncio.to_thread

    async def counting(fn, *args, **kwargs):
        handed.append(getattr(fn, "__qualname__", repr(fn)))
        return await real(fn, *args, **kwargs)

    monkeypatch.setattr(web.asyncio, "to_thread", counting)
    return handed


def send(app, method, path, payload=None):
    raw = b"" if payload is None else json.dumps(payload).encode()
    status, _headers, body = call(app, method, path, raw)
    return status, body


def test_a_free_store_answers_phones_without_a_worker_thread(store, auth, ws, threads):
    stage, pillar, ideas, p = ballot_room(store, auth, ws)
    app = web.PhoneRoutes(streamlit_stand_in, store_for=lambda: store)
    assert send(app, "GET", f"/api/live/{ws.id}")[0] == 200  # opens the store: a thread
    assert len(threads) == 1
    app._rooms.clear()  # the next poll queries again
    ballot = {"token": p.token, "pillar_id": pillar.id, "dots": {str(ideas[0].id): 2}}
    answers = [
        send(app, "GET", f"/api/live/{ws.id}")[0],
        send(app, "GET", f"/api/room/{ws.id}")[0],
        send(app, "POST", "/api/mine", {"token": p.token, "pillars": [pillar.id]}),
        send(app, "POST", "/api/vote", ballot),
    ]
    assert answers == [
        200,
        200,
        (200, {"dots": {str(pillar.id): {}}, "ratings": {}}),
        (200, {"saved": {str(ideas[0].id): 2}, "total": 2}),
    ]
    assert len(threads) == 1  # all four on the event loop
    assert store.my_dots(p.token, pillar.id) == {ideas[0].id: 2}


def test_a_held_lock_sends_the_ballot_to_a_thread_and_it_lands(store, auth, ws, threads):
    stage, pillar, ideas, p = ballot_room(store, auth, ws)
    app = web.PhoneRoutes(streamlit_stand_in, store_for=lambda: store)
    send(app, "GET", f"/api/live/{ws.id}")
    held, release = threading.Event(), threading.Event()

    def script_run() -> None:  # a Streamlit script thread in the middle of a DB call
        with store._lock:
            held.set()
            release.wait(5)

    t = threading.Thread(target=script_run)
    t.start()
    held.wait(5)
    threading.Timer(0.4, release.set).start()
    t0 = time.perf_counter()
    ballot = {"token": p.token, "pillar_id": pillar.id, "dots": {str(ideas[1].id): 1}}
    answer = send(app, "POST", "/api/vote", ballot)
    waited = time.perf_counter() - t0
    t.join()
    assert answer == (200, {"saved": {str(ideas[1].id): 1}, "total": 1})
    assert waited >= 0.3  # it waited for the lock, in a worker thread
    assert len(threads) == 2
    assert store.my_dots(p.token, pillar.id) == {ideas[1].id: 1}


def test_another_process_writing_gets_the_honest_503_after_the_busy_timeout(
    store, auth, ws, threads
):
    stage, pillar, ideas, p = ballot_room(store, auth, ws)
    app = web.PhoneRoutes(streamlit_stand_in, store_for=lambda: store)
    send(app, "GET", f"/api/live/{ws.id}")
    store.conn.execute("PRAGMA busy_timeout = 300")  # (the app waits 15 s)
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    ballot = {"token": p.token, "pillar_id": pillar.id, "dots": {str(ideas[0].id): 1}}
    try:
        t0 = time.perf_counter()
        status, body = send(app, "POST", "/api/vote", ballot)
        waited = time.perf_counter() - t0
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert (status, body["kind"], body["retry"]) == (503, "locked", True)
    assert 0.25 <= waited < 1.5  # one busy timeout (the thread's), not two
    assert len(threads) == 2
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 300
    assert send(app, "POST", "/api/vote", ballot)[0] == 200  # released: on the loop again
    assert len(threads) == 2
    assert store.my_dots(p.token, pillar.id) == {ideas[0].id: 1}
