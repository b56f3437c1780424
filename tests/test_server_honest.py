"""Honest failures through the real server: clients holding half-sent ballots (slowloris)
cannot take every connection; a fresh poll, a vote and Streamlit's health check still
answer, the held ones are refused at once beyond web.MAX_BODIES and dropped after
web.BODY_SECONDS."""

from __future__ import annotations

import json
import socket
import time
import urllib.request

from tests.server_support import running_app
from workshop import web
from workshop.store import Store

HELD_BODIES = 300  # more than web.MAX_BODIES (256)
HELD_HEADERS = 100


def room(db):
    store = Store(db)
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kota Metro", province="Lampung", year=2023)
    store.set_current_stage(auth, w.id, 1)
    stage = store.current_stage(w.id)
    pillar = store.pillars(w.id)[0]
    me = store.join(w.join_code, name="Budi", group="opd", institution="Bappeda")
    idea = store.submit_idea(me.token, pillar_id=pillar.id, kind="usulan", title="Satu data")
    store.set_shortlisted(auth, stage.id, [idea.id], True)
    store.set_phase(auth, stage.id, "vote")
    return store, w, pillar, me, idea


def hold(port: int, head_only: bool) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    if head_only:  # the request line and one header: never finished
        s.sendall(b"POST /api/vote HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    else:  # complete headers, 5 of 200 body bytes
        s.sendall(
            b"POST /api/vote HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b'Content-Length: 200\r\n\r\n{"tok'
        )
    return s


def answer_of(s: socket.socket, timeout: float) -> bytes:
    s.settimeout(timeout)
    try:
        return s.recv(200)
    except (TimeoutError, OSError):
        return b""


def timed(fn) -> tuple[float, object]:
    t0 = time.monotonic()
    out = fn()
    return time.monotonic() - t0, out


def test_held_half_sent_ballots_do_not_take_the_server(tmp_path):
    db = tmp_path / "held.db"
    store, w, pillar, me, idea = room(db)
    with running_app(db) as (_proc, port):
        base = f"http://127.0.0.1:{port}"
        held = [hold(port, head_only=False) for _ in range(HELD_BODIES)]
        heads = [hold(port, head_only=True) for _ in range(HELD_HEADERS)]
        try:
            time.sleep(1.0)
            # beyond MAX_BODIES: refused at once, not left waiting
            refused = [answer_of(s, 0.05) for s in held]
            busy = [a for a in refused if a.startswith(b"HTTP/1.1 503")]
            assert len(busy) == HELD_BODIES - web.MAX_BODIES, len(busy)
            # a fresh phone is still served: health, poll, room, vote
            t_health, health = timed(
                lambda: urllib.request.urlopen(f"{base}/_stcore/health", timeout=10).read()
            )
            t_poll, poll = timed(
                lambda: json.loads(
                    urllib.request.urlopen(f"{base}/api/live/{w.id}", timeout=10).read()
                )
            )
            ballot = json.dumps(
                {"token": me.token, "pillar_id": pillar.id, "dots": {str(idea.id): 1}}
            ).encode()
            request = urllib.request.Request(
                f"{base}/api/vote", data=ballot, headers={"Content-Type": "application/json"}
            )
            t_vote, vote = timed(
                lambda: json.loads(urllib.request.urlopen(request, timeout=10).read())
            )
            print(
                f"\nwith {HELD_BODIES} held bodies and {HELD_HEADERS} held headers: health "
                f"{t_health * 1000:.0f} ms, poll {t_poll * 1000:.0f} ms, vote "
                f"{t_vote * 1000:.0f} ms; {len(busy)} refused at once"
            )
            assert health == b"ok"
            assert poll["screen"].startswith("vote:")
            assert vote == {"saved": {str(idea.id): 1}, "total": 1}
            assert max(t_health, t_poll, t_vote) < 5
            # the held bodies are dropped after BODY_SECONDS with a 408
            waiting = [s for s, a in zip(held, refused, strict=True) if not a]
            t0 = time.monotonic()
            dropped = [answer_of(s, web.BODY_SECONDS + 5) for s in waiting[:20]]
            assert all(a.startswith(b"HTTP/1.1 408") for a in dropped), dropped[:3]
            assert time.monotonic() - t0 < web.BODY_SECONDS + 5
        finally:
            for s in held + heads:
                s.close()
        assert store.my_dots(me.token, pillar.id) == {idea.id: 1}
    store.close()
