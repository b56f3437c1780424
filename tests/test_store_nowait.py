"""workshop/store/base.py `_nowait`: the server's event loop uses the store only when that
needs no waiting; otherwise StoreBusy, nothing written, and the store as it was."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from tests.test_web import ballot_room
from workshop.store.base import StoreBusy


def test_a_free_store_is_used_at_once(store, auth, ws):
    stage, pillar, ideas, p = ballot_room(store, auth, ws)
    with store._nowait():
        saved = store.cast_dots(p.token, pillar.id, {ideas[0].id: 2})
    assert (saved, store.my_dots(p.token, pillar.id)) == ({ideas[0].id: 2}, {ideas[0].id: 2})
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 15000


def test_the_lock_held_by_another_thread_is_busy_at_once(store, auth, ws):
    stage, pillar, ideas, p = ballot_room(store, auth, ws)
    held, done = threading.Event(), threading.Event()

    def hold() -> None:
        with store._lock:
            held.set()
            done.wait(5)

    t = threading.Thread(target=hold)
    t.start()
    held.wait(5)
    try:
        t0 = time.perf_counter()
        with pytest.raises(StoreBusy), store._nowait():
            store.cast_dots(p.token, pillar.id, {ideas[0].id: 1})
        assert time.perf_counter() - t0 < 0.5
    finally:
        done.set()
        t.join()
    assert store.my_dots(p.token, pillar.id) == {}


def test_another_process_writing_is_busy_at_once_and_nothing_is_written(store, auth, ws):
    stage, pillar, ideas, p = ballot_room(store, auth, ws)
    store.conn.execute("PRAGMA busy_timeout = 4321")  # whatever it was is put back
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        t0 = time.perf_counter()
        with pytest.raises(StoreBusy), store._nowait():
            store.cast_dots(p.token, pillar.id, {ideas[0].id: 1})
        assert time.perf_counter() - t0 < 0.5
        assert not store.conn.in_transaction
        with store._nowait():  # reads do not wait for a writer (WAL)
            assert store.my_dots(p.token, pillar.id) == {}
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 4321
    assert store.my_dots(p.token, pillar.id) == {}
    with store._nowait():  # released: the next one goes through
        store.cast_dots(p.token, pillar.id, {ideas[0].id: 1})
    assert store.my_dots(p.token, pillar.id) == {ideas[0].id: 1}


def test_other_errors_pass_through_and_the_lock_is_released(store):
    with pytest.raises(sqlite3.OperationalError, match="no such table"), store._nowait():
        store._rows("SELECT * FROM no_such_table")
    assert store._lock.acquire(blocking=False)
    store._lock.release()
