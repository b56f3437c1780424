"""workshop/web.py: the phones' poll, answered in front of Streamlit's own stack."""

from __future__ import annotations

import asyncio
import json

from workshop import live, web


def call(
    app, method: str, path: str, body: bytes = b"", chunk: int = 0
) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request through an ASGI app: (status, headers, body)."""
    sent: list[dict] = []
    parts = [body[i : i + chunk] for i in range(0, len(body), chunk)] if chunk else [body]

    async def receive() -> dict:
        part = parts.pop(0) if parts else b""
        return {"type": "http.request", "body": part, "more_body": bool(parts)}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "headers": []}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body


async def streamlit_stand_in(scope, receive, send) -> None:
    await send({"type": "http.response.start", "status": 299, "headers": []})
    await send({"type": "http.response.body", "body": b"streamlit"})


def test_poll_answers_the_screen_token(store, ws):
    app = web.PhoneRoutes(streamlit_stand_in, store_for=lambda: store)
    status, headers, body = call(app, "GET", f"/api/live/{ws.id}")
    expected = live.screen_token(live.phone_screen(store.live_state(ws.id)))
    assert (status, json.loads(body)) == (200, {"screen": expected})
    assert headers["cache-control"] == "no-store"
    assert headers["content-type"] == "application/json; charset=utf-8"


def test_poll_follows_the_room(store, auth, ws):
    ticks = iter(range(0, 1000, 10))  # each request 10 s after the last: no cached answer
    app = web.PhoneRoutes(streamlit_stand_in, store_for=lambda: store, clock=lambda: next(ticks))
    stage = store.current_stage(ws.id)
    store.set_phase(auth, stage.id, "group")
    before = json.loads(call(app, "GET", f"/api/live/{ws.id}")[2])["screen"]
    store.set_phase(auth, stage.id, "vote")
    after = json.loads(call(app, "GET", f"/api/live/{ws.id}")[2])["screen"]
    assert before == f"wait:{stage.id}:group"
    assert after.startswith(f"vote:{stage.id}:dots:")


def test_poll_answer_is_reused_for_a_second(store, auth, ws):
    now = [100.0]
    app = web.PhoneRoutes(streamlit_stand_in, store_for=lambda: store, clock=lambda: now[0])
    stage = store.current_stage(ws.id)
    store.set_phase(auth, stage.id, "group")
    first = call(app, "GET", f"/api/live/{ws.id}")[2]
    store.set_phase(auth, stage.id, "vote")
    now[0] += 0.5
    assert call(app, "GET", f"/api/live/{ws.id}")[2] == first  # 75 polls/s: one read/s
    now[0] += 0.6
    assert json.loads(call(app, "GET", f"/api/live/{ws.id}")[2])["screen"].startswith("vote:")


def test_poll_unknown_or_malformed_workshop_is_404(store, ws):
    app = web.PhoneRoutes(streamlit_stand_in, store_for=lambda: store)
    for path in (
        "/api/live/999999",
        "/api/live/abc",
        "/api/live/1/2",
        "/api/live/",
        "/api/live/-1",
        "/api/live/1%20OR%201=1",
    ):
        status, _h, body = call(app, "GET", path)
        assert (status, json.loads(body)) == (404, {"error": "unknown workshop"}), path


def test_poll_is_read_only(store, ws):
    app = web.PhoneRoutes(streamlit_stand_in, store_for=lambda: store)
    status, headers, _body = call(app, "POST", f"/api/live/{ws.id}")
    assert (status, headers["allow"]) == (405, "GET, HEAD")
    assert headers["x-content-type-options"] == "nosniff"
    status, _h, body = call(app, "HEAD", f"/api/live/{ws.id}")
    assert (status, body) == (200, b"")


def test_everything_else_goes_to_streamlit(store):
    app = web.PhoneRoutes(streamlit_stand_in, store_for=lambda: store)
    for path in (
        "/",
        "/peserta",
        "/_stcore/health",
        "/api/other",
        "/apiX/live/1",
        "/api/vote/1",
        "/api/votes",
    ):
        assert call(app, "GET", path)[:3:2] == (299, b"streamlit"), path


def test_base_url_path(store, ws):
    app = web.PhoneRoutes(streamlit_stand_in, store_for=lambda: store, base_path="/bimtek/")
    assert web.live_url(ws.id, "/bimtek/") == f"/bimtek/api/live/{ws.id}"
    assert web.live_url(ws.id, "") == f"/api/live/{ws.id}"
    assert call(app, "GET", f"/bimtek/api/live/{ws.id}")[0] == 200
    assert call(app, "GET", f"/api/live/{ws.id}")[0] == 299


# ---------------------------------------------------------------- POST /api/vote


def ballot_room(store, auth, ws):
    stage = store.current_stage(ws.id)
    pillar = store.pillars(ws.id)[0]
    ideas = [
        store.add_idea(auth, ws.id, pillar_id=pillar.id, kind="usulan", title=f"U{n}")
        for n in range(3)
    ]
    store.set_shortlisted(auth, stage.id, [i.id for i in ideas])
    store.set_phase(auth, stage.id, "vote")
    p = store.join(ws.join_code, name="Budi", group="opd", opd_id=store.opds(ws.id)[0].id)
    return stage, pillar, ideas, p


def post_vote(store, payload) -> tuple[int, dict]:
    app = web.PhoneRoutes(streamlit_stand_in, store_for=lambda: store)
    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    status, _h, body = call(app, "POST", "/api/vote", raw)
    return status, json.loads(body)


def test_vote_stores_the_whole_ballot(store, auth, ws):
    stage, pillar, ideas, p = ballot_room(store, auth, ws)
    answer = post_vote(
        store,
        {
            "token": p.token,
            "pillar_id": pillar.id,
            "dots": {str(ideas[0].id): 2, str(ideas[2].id): 1},
        },
    )
    assert answer == (200, {"saved": {str(ideas[0].id): 2, str(ideas[2].id): 1}, "total": 3})
    assert store.my_dots(p.token, pillar.id) == {ideas[0].id: 2, ideas[2].id: 1}
    # sending again replaces the ballot (a double tap changes nothing)
    assert (
        post_vote(store, {"token": p.token, "pillar_id": pillar.id, "dots": {str(ideas[1].id): 1}})[
            0
        ]
        == 200
    )
    assert store.my_dots(p.token, pillar.id) == {ideas[1].id: 1}


def test_vote_refusals_carry_the_core_message_and_store_nothing(store, auth, ws):
    stage, pillar, ideas, p = ballot_room(store, auth, ws)
    a, b, c = (str(i.id) for i in ideas)
    cases = [
        (
            {"token": p.token, "pillar_id": pillar.id, "dots": {a: 2, b: 2}},
            "Suara melebihi jatah: 4 dari 3. Kurangi 1 suara.",
        ),
        ({"token": "bukan-token", "pillar_id": pillar.id, "dots": {a: 1}}, None),
        ({"token": p.token, "pillar_id": 999, "dots": {a: 1}}, None),
        ({"token": p.token, "pillar_id": pillar.id, "dots": {"999999": 1}}, None),
        ({"token": p.token, "pillar_id": pillar.id, "dots": {a: -1}}, None),
        ({"token": p.token, "pillar_id": pillar.id, "dots": {a: "1; DROP TABLE votes"}}, None),
        ({"token": p.token, "pillar_id": pillar.id, "dots": {"x": 1}}, None),
        (
            {"token": p.token, "pillar_id": pillar.id, "dots": {a: 1, " " + a: 1}},
            "Usulan yang sama tidak boleh dipilih dua kali dalam satu suara.",
        ),
        ({"token": p.token, "pillar_id": pillar.id, "dots": [1, 2]}, "Format suara tidak valid."),
        ({"token": p.token, "pillar_id": pillar.id}, "Format suara tidak valid."),
        ([1, 2, 3], "Format suara tidak valid."),
        (b"not json", "Format suara tidak valid."),
        (b"\xff\xfe", "Format suara tidak valid."),
        (b"[" * 15000, "Format suara tidak valid."),
    ]
    for payload, message in cases:
        status, body = post_vote(store, payload)
        assert status == 400, payload
        assert set(body) == {"error"} and body["error"], payload
        if message:
            assert body["error"] == message, payload
    assert store.my_dots(p.token, pillar.id) == {}


def test_vote_after_the_pillar_closed_is_refused(store, auth, ws):
    stage, pillar, ideas, p = ballot_room(store, auth, ws)
    store.set_pillar_voting(auth, stage.id, pillar.id, False)
    status, body = post_vote(
        store, {"token": p.token, "pillar_id": pillar.id, "dots": {str(ideas[0].id): 1}}
    )
    assert (status, body) == (400, {"error": "Voting untuk pilar ini sudah ditutup."})


def test_vote_body_limit_and_methods(store, auth, ws):
    stage, pillar, ideas, p = ballot_room(store, auth, ws)
    app = web.PhoneRoutes(streamlit_stand_in, store_for=lambda: store)
    big = json.dumps(
        {
            "token": p.token,
            "pillar_id": pillar.id,
            "dots": {str(ideas[0].id): 1},
            "pad": "x" * web.MAX_BODY,
        }
    ).encode()
    assert call(app, "POST", "/api/vote", big, chunk=4096)[0] == 413
    status, headers, _body = call(app, "GET", "/api/vote")
    assert (status, headers["allow"]) == (405, "POST")
    ok = json.dumps(
        {"token": p.token, "pillar_id": pillar.id, "dots": {str(ideas[0].id): 1}}
    ).encode()
    assert call(app, "POST", "/api/vote", ok, chunk=7)[0] == 200  # a body in pieces
    assert store.my_dots(p.token, pillar.id) == {ideas[0].id: 1}
    assert web.vote_url("/bimtek/") == "/bimtek/api/vote"


# ---------------------------------------------------------------- GET /api/download/<kind>
# (the whole route: tests/test_web_download.py)


def test_downloads_are_answered_in_front_of_streamlit(store, ws):
    app = web.PhoneRoutes(streamlit_stand_in, store_for=lambda: store)
    status, headers, _body = call(app, "GET", "/api/download/backup")  # no cookie
    assert (status, headers["cache-control"]) == (403, "no-store")
    assert call(app, "GET", "/api/download/nope")[0] == 404
    status, headers, _body = call(app, "POST", "/api/download/backup")
    assert (status, headers["allow"]) == (405, "GET, HEAD")
    for path in ("/api/downloads/backup", "/api/download", "/media/x.docx"):
        assert call(app, "GET", path)[:3:2] == (299, b"streamlit"), path
