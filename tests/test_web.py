"""workshop/web.py: the phones' poll, answered in front of Streamlit's own stack."""

from __future__ import annotations

import asyncio
import json

from workshop import live, web


def call(app, method: str, path: str) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request through an ASGI app: (status, headers, body)."""
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

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
    app = web.PhoneRoutes(streamlit_stand_in, store_for=lambda: store)
    stage = store.current_stage(ws.id)
    store.set_phase(auth, stage.id, "group")
    before = json.loads(call(app, "GET", f"/api/live/{ws.id}")[2])["screen"]
    store.set_phase(auth, stage.id, "vote")
    after = json.loads(call(app, "GET", f"/api/live/{ws.id}")[2])["screen"]
    assert before == f"wait:{stage.id}:group"
    assert after.startswith(f"vote:{stage.id}:dots:")


def test_poll_unknown_or_malformed_workshop_is_404(store, ws):
    app = web.PhoneRoutes(streamlit_stand_in, store_for=lambda: store)
    for path in ("/api/live/999999", "/api/live/abc", "/api/live/1/2", "/api/live/",
                 "/api/live/-1", "/api/live/1%20OR%201=1"):
        status, _h, body = call(app, "GET", path)
        assert (status, json.loads(body)) == (404, {"error": "unknown workshop"}), path


def test_poll_is_read_only(store, ws):
    app = web.PhoneRoutes(streamlit_stand_in, store_for=lambda: store)
    assert call(app, "POST", f"/api/live/{ws.id}")[0] == 405
    status, _h, body = call(app, "HEAD", f"/api/live/{ws.id}")
    assert (status, body) == (200, b"")


def test_everything_else_goes_to_streamlit(store):
    app = web.PhoneRoutes(streamlit_stand_in, store_for=lambda: store)
    for path in ("/", "/peserta", "/_stcore/health", "/api/other", "/apiX/live/1"):
        assert call(app, "GET", path)[:3:2] == (299, b"streamlit"), path


def test_base_url_path(store, ws):
    app = web.PhoneRoutes(streamlit_stand_in, store_for=lambda: store, base_path="/bimtek/")
    assert web.live_url(ws.id, "/bimtek/") == f"/bimtek/api/live/{ws.id}"
    assert web.live_url(ws.id, "") == f"/api/live/{ws.id}"
    assert call(app, "GET", f"/bimtek/api/live/{ws.id}")[0] == 200
    assert call(app, "GET", f"/api/live/{ws.id}")[0] == 299
