"""workshop/web.py: the phone's own screens (GET /api/room, POST /api/mine, POST /api/rate)
and honest failures (a JSON 503 when storage fails, bodies read with a time limit and
bounded, a deleted database file noticed)."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3

import pytest

from tests.test_web import ballot_room, streamlit_stand_in
from workshop import health, live, web


@pytest.fixture(autouse=True)
def fresh_health():
    health.reset()
    yield
    health.reset()


def call(app, method, path, body=b"", *, lang=None, receive=None):
    """One request through an ASGI app: (status, headers, JSON body)."""
    sent: list[dict] = []

    async def default_receive() -> dict:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    headers = [(b"cookie", f"bimtek_lang={lang}".encode())] if lang else []
    scope = {"type": "http", "method": method, "path": path, "headers": headers}
    asyncio.run(app(scope, receive or default_receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    raw = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, json.loads(raw)


def routes(store, **kw):
    return web.PhoneRoutes(streamlit_stand_in, store_for=lambda: store, **kw)


def post(store, path, payload, **kw):
    status, _h, body = call(routes(store), "POST", path, json.dumps(payload).encode(), **kw)
    return status, body


def test_room_answer_is_the_same_for_every_phone_and_holds_no_personal_data(store, auth, ws):
    stage, pillar, ideas, p = ballot_room(store, auth, ws)
    store.cast_dots(p.token, pillar.id, {ideas[0].id: 1})
    status, headers, body = call(routes(store), "GET", f"/api/room/{ws.id}")
    assert (status, headers["cache-control"]) == (200, "no-store")
    assert body == {
        "screen": live.screen_token(live.phone_screen(store.live_state(ws.id))),
        "kind": "vote",
        "phase": "vote",
        "stage_id": stage.id,
        "mode": "dots",
        "budget": 3,
        "cap": 2,
        "pillars": [
            {
                "id": pillar.id,
                "name": pillar.name,
                "short": pillar.short,
                "ideas": [{"id": i.id, "title": i.title} for i in ideas],
            }
        ],
    }
    assert p.token not in json.dumps(body) and "Budi" not in json.dumps(body)


def test_room_and_poll_come_from_one_snapshot(store, auth, ws):
    now = [100.0]
    app = web.PhoneRoutes(streamlit_stand_in, store_for=lambda: store, clock=lambda: now[0])
    stage = store.current_stage(ws.id)
    store.set_phase(auth, stage.id, "group")
    room = call(app, "GET", f"/api/room/{ws.id}")[2]
    assert room == {
        "screen": f"wait:{stage.id}:group",
        "kind": "wait",
        "phase": "group",
        "stage_id": stage.id,
        "pillars": [],
    }
    store.set_phase(auth, stage.id, "vote")
    now[0] += 0.5  # within the cache: both still say "group"
    assert call(app, "GET", f"/api/live/{ws.id}")[2] == {"screen": room["screen"]}
    assert call(app, "GET", f"/api/room/{ws.id}")[2] == room
    now[0] += 0.6
    live_now = call(app, "GET", f"/api/live/{ws.id}")[2]["screen"]
    assert (
        live_now.startswith(f"vote:{stage.id}:dots")
        and call(app, "GET", f"/api/room/{ws.id}")[2]["screen"] == live_now
    )
    assert call(app, "GET", "/api/room/99999")[0] == 404
    assert call(app, "POST", f"/api/room/{ws.id}")[0] == 405


def test_mine_gives_my_own_ballots_only(store, auth, ws):
    stage, pillar, ideas, p = ballot_room(store, auth, ws)
    other = store.join(ws.join_code, name="Sari", group="opd", opd_id=store.opds(ws.id)[0].id)
    store.cast_dots(p.token, pillar.id, {ideas[0].id: 2})
    store.cast_dots(other.token, pillar.id, {ideas[1].id: 1})
    ask = {"token": p.token, "pillars": [pillar.id], "mode": "dots"}
    assert post(store, "/api/mine", ask) == (
        200,
        {"dots": {str(pillar.id): {str(ideas[0].id): 2}}, "ratings": {}},
    )
    status, body = post(store, "/api/mine", dict(ask, token="bukan-token"))
    assert (status, body["gone"]) == (403, True)  # removed: the page shows the join form
    for bad in ({"token": p.token}, {"token": p.token, "pillars": ["1"]}, {"pillars": [1]}):
        assert post(store, "/api/mine", bad)[0] == 400


def test_rating_is_one_request_into_the_core(store, auth, ws):
    stage = store.current_stage(ws.id)
    store.update_stage(auth, stage.id, vote_mode="rating")
    stage, pillar, ideas, p = ballot_room(store, auth, ws)
    a, b = ideas[0].id, ideas[1].id
    answer = post(
        store,
        "/api/rate",
        {"token": p.token, "pillar_id": pillar.id, "ratings": {str(a): [5, 4], str(b): [2, 3]}},
    )
    assert answer == (200, {"saved": {str(a): [5, 4], str(b): [2, 3]}, "total": 2})
    assert store.my_ratings(p.token, pillar.id) == {a: (5, 4), b: (2, 3)}
    ask = {"token": p.token, "pillars": [pillar.id], "mode": "rating"}
    assert post(store, "/api/mine", ask)[1]["ratings"] == {
        str(pillar.id): {str(a): [5, 4], str(b): [2, 3]}
    }
    # refusals: the core's message, in the phone's language; nothing changes
    bad = {"token": p.token, "pillar_id": pillar.id, "ratings": {str(a): [6, 1]}}
    status, body = post(store, "/api/rate", bad)
    assert status == 400 and "Nilai dampak" in body["error"]
    store.set_pillar_voting(auth, stage.id, pillar.id, False)
    closed = {"token": p.token, "pillar_id": pillar.id, "ratings": {str(a): [1, 1]}}
    assert post(store, "/api/rate", closed) == (
        400,
        {"error": "Voting untuk pilar ini sudah ditutup."},
    )
    assert post(store, "/api/rate", closed, lang="en") == (
        400,
        {"error": "Voting for this pillar is closed."},
    )
    assert store.my_ratings(p.token, pillar.id) == {a: (5, 4), b: (2, 3)}
    # a dot ballot in rating mode is refused too
    assert (
        post(store, "/api/vote", {"token": p.token, "pillar_id": pillar.id, "dots": {}})[0] == 400
    )


def test_locked_database_answers_a_json_503_and_the_vote_lands_after(store, auth, ws, tmp_path):
    stage, pillar, ideas, p = ballot_room(store, auth, ws)
    store.conn.execute("PRAGMA busy_timeout = 200")  # (the app waits 15 s before giving up)
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    ballot = {"token": p.token, "pillar_id": pillar.id, "dots": {str(ideas[0].id): 1}}
    try:
        status, headers, body = call(
            routes(store), "POST", "/api/vote", json.dumps(ballot).encode()
        )
        assert (status, headers["retry-after"], body) == (
            503,
            "2",
            {
                "error": "Server sedang tidak bisa menyimpan; suara Anda belum tersimpan.",
                "retry": True,
                "kind": "locked",
            },
        )
        assert post(store, "/api/vote", ballot, lang="en")[1]["error"].startswith(
            "The server cannot save right now"
        )
        problem = health.current()
        assert problem is not None and problem.kind == "locked"
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert post(store, "/api/vote", ballot)[0] == 200
    assert store.my_dots(p.token, pillar.id) == {ideas[0].id: 1}
    assert health.current() is None  # a write went through: the banner goes


def test_full_disk_answers_503(store, auth, ws, monkeypatch):
    stage, pillar, ideas, p = ballot_room(store, auth, ws)

    def full(*a, **k):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "cast_dots", full)
    status, body = post(store, "/api/vote", {"token": p.token, "pillar_id": pillar.id, "dots": {}})
    assert (status, body["kind"], body["retry"]) == (503, "full", True)
    assert health.current().kind == "full"


def test_deleted_database_file_is_refused_not_confirmed(store, auth, ws):
    stage, pillar, ideas, p = ballot_room(store, auth, ws)
    health.watch(store.path)
    os.unlink(store.path)
    status, body = post(
        store,
        "/api/vote",
        {"token": p.token, "pillar_id": pillar.id, "dots": {str(ideas[0].id): 1}},
    )
    assert (status, body) == (
        503,
        {
            "error": "Berkas basis data tidak ditemukan; suara tidak disimpan. "
            "Hubungi fasilitator.",
            "retry": False,
            "kind": "missing",
        },
    )
    assert store.my_dots(p.token, pillar.id) == {}  # nothing written into the unlinked file
    problem = health.current()
    assert problem is not None and (problem.kind, problem.detail) == (
        "missing",
        f"{store.path} (deleted)",
    )


def test_replaced_database_file_is_noticed(store, tmp_path):
    health.watch(store.path)
    os.replace(store.path, tmp_path / "moved.db")
    (tmp_path / "other.db").write_bytes(b"")
    os.replace(tmp_path / "other.db", store.path)
    assert health.file_problem(store.path) == "replaced"


def test_a_body_that_never_finishes_is_dropped(store, auth, ws):
    stage, pillar, ideas, p = ballot_room(store, auth, ws)
    started = []

    async def slow_receive() -> dict:  # headers sent, then the body trickles forever
        started.append(1)
        await asyncio.sleep(0.05)
        return {"type": "http.request", "body": b" ", "more_body": True}

    app = routes(store, body_seconds=0.3)
    status, headers, body = call(app, "POST", "/api/vote", receive=slow_receive)
    assert (status, headers["connection"], body["retry"]) == (408, "close", True)
    assert app.reading == 0


def test_bodies_read_at_once_are_bounded(store, auth, ws):
    stage, pillar, ideas, p = ballot_room(store, auth, ws)
    app = routes(store, body_seconds=5, max_bodies=3)
    ballot = json.dumps({"token": p.token, "pillar_id": pillar.id, "dots": {}}).encode()
    answers: list = []

    async def scenario() -> None:
        hold = asyncio.Event()

        async def held() -> dict:
            await hold.wait()
            return {"type": "http.disconnect"}

        async def one(receive) -> int:
            sent: list[dict] = []

            async def send(m: dict) -> None:
                sent.append(m)

            scope = {"type": "http", "method": "POST", "path": "/api/vote", "headers": []}
            await app(scope, receive, send)
            return sent[0]["status"]

        holders = [asyncio.create_task(one(held)) for _ in range(3)]
        await asyncio.sleep(0.05)
        assert app.reading == 3

        async def fresh() -> dict:
            return {"type": "http.request", "body": ballot, "more_body": False}

        answers.append(await one(fresh))  # refused at once, not queued behind them
        sent: list[dict] = []

        async def send(m: dict) -> None:
            sent.append(m)

        scope = {"type": "http", "method": "GET", "path": f"/api/live/{ws.id}", "headers": []}
        await app(scope, fresh, send)
        answers.append(sent[0]["status"])  # polls are not bodies: still answered
        hold.set()
        answers.extend(await asyncio.gather(*holders))

    asyncio.run(scenario())
    assert answers == [503, 200, 413, 413, 413]  # the held ones: the client left
    assert app.reading == 0


def test_hostile_strings_in_every_field_of_the_new_routes(store, auth, ws):
    """The hostile corpus as tokens, pillar ids, idea keys and scores: each answer is a
    JSON 400/403 with an Indonesian message or nothing personal, nothing is stored, and
    nothing raises (never a plain 500)."""
    from tests.test_hostile import CORPUS

    stage = store.current_stage(ws.id)
    store.update_stage(auth, stage.id, vote_mode="rating")
    stage, pillar, ideas, p = ballot_room(store, auth, ws)
    app = routes(store)
    for text in CORPUS[::3]:
        bodies = [
            ("/api/rate", {"token": text, "pillar_id": pillar.id, "ratings": {}}),
            (
                "/api/rate",
                {"token": p.token, "pillar_id": text, "ratings": {str(ideas[0].id): [1, 1]}},
            ),
            ("/api/rate", {"token": p.token, "pillar_id": pillar.id, "ratings": {text: [1, 1]}}),
            (
                "/api/rate",
                {
                    "token": p.token,
                    "pillar_id": pillar.id,
                    "ratings": {str(ideas[0].id): [text, 1]},
                },
            ),
            ("/api/mine", {"token": text, "pillars": [pillar.id], "mode": "rating"}),
            ("/api/mine", {"token": p.token, "pillars": [pillar.id], "mode": text}),
            ("/api/vote", {"token": p.token, "pillar_id": pillar.id, "dots": {text: 1}}),
        ]
        for path, payload in bodies:
            status, _h, body = call(app, "POST", path, json.dumps(payload).encode())
            assert status in (200, 400, 403), (path, payload, status)
            if status != 200:
                assert body["error"], (path, payload)
            else:  # mine with an unknown mode: my (empty) dots
                assert (path, body) == ("/api/mine", {"dots": {str(pillar.id): {}}, "ratings": {}})
    assert store.my_ratings(p.token, pillar.id) == {}
    assert health.current() is None  # a refusal is not a storage failure


def test_an_open_activity_is_named_by_the_poll_so_phones_leave_the_room(store, auth, ws):
    """Phones in the page-drawn room follow /api/live: while an activity is open its screen
    is the activity's (kind "act", drawn by the phone from the room answer's `activity`),
    not the ideas loop's."""
    stage = store.current_stage(ws.id)
    act = store.ensure_activities(auth, stage.id)[0]
    store.set_activity_open(auth, act.id, True)
    act = store.activity(act.id)
    token = f"act:{stage.id}:{act.id}:{act.rev}"
    room = call(routes(store), "GET", f"/api/room/{ws.id}")[2]
    assert (room["screen"], room["kind"], room["pillars"]) == (token, "act", [])
    assert room["activity"]["id"] == act.id  # the form's set-up: tests/test_web_answer.py
    assert call(routes(store), "GET", f"/api/live/{ws.id}")[2] == {"screen": token}
    assert "act" in live.ROOM_KINDS  # the phone draws this screen itself
    store.set_activity_open(auth, act.id, False)
    assert call(routes(store), "GET", f"/api/live/{ws.id}")[2]["screen"].split(":")[0] != "act"
