"""Crash safety: SIGKILL the server in the middle of a vote burst, restart, count.

Phones speak the browser's websocket protocol (bench.protocol) to open their page, then
send the ballot as the page's ballot script does (POST /api/vote). A vote is *confirmed*
when its phone received the 200 answer (the script then shows "Suara tersimpan"); every
confirmed vote must be in the database after the crash, no ballot may be half-written, and
the file must pass `PRAGMA integrity_check`."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import time

import pytest

from bench.protocol import KeepAliveHttp, StreamlitClient
from tests.server_support import running_app
from workshop.store import Store

pytestmark = pytest.mark.slow

PHONES = 80


def prepare(db) -> tuple[list[str], int, list[int]]:
    store = Store(db)
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kota Metro", year=2023)
    store.set_current_stage(auth, w.id, 1)
    pillar = store.pillars(w.id)[0].id
    ideas = [
        store.add_idea(auth, w.id, pillar_id=pillar, kind="usulan", title=f"Usulan {n}").id
        for n in range(3)
    ]
    opd = store.opds(w.id)[0].id
    tokens = [
        store.join(w.join_code, name=f"Peserta {n}", group="opd", opd_id=opd).token
        for n in range(PHONES)
    ]
    store.set_phase(auth, store.current_stage(w.id).id, "vote")
    store.close()
    return tokens, pillar, ideas


def ballot_for(n: int, ideas: list[int]) -> dict[int, int]:
    return {ideas[n % 3]: 2, ideas[(n + 1) % 3]: 1}


async def vote(
    base: str,
    token: str,
    n: int,
    pillar: int,
    ideas: list[int],
    confirmed: dict[str, dict[int, int]],
) -> None:
    client = StreamlitClient(base, query=f"t={token}", name=f"phone-{n}")
    http = KeepAliveHttp(client.host, client.port)
    try:
        await client.connect(timeout=30)
        # the ballot the page draws itself (workshop.live.ROOM_JS) from the room answer
        await client.wait_until(lambda c: c.component("phone_room") is not None, timeout=30)
        data = client.component("phone_room")[1]
        assert [p["id"] for p in data["room"]["pillars"]][0] == pillar
        ballot = ballot_for(n, ideas)
        status, _body = await http.post_json(
            data["vote_url"],
            {
                "token": data["token"],
                "pillar_id": pillar,
                "dots": {str(k): v for k, v in ballot.items()},
            },
            timeout=30,
        )
        if status == 200:
            confirmed[token] = ballot
    except Exception:  # the server was killed: this phone was not told "saved"
        pass
    finally:
        for closing in (http.close(), client.close()):
            try:
                await closing
            except Exception:
                pass


async def burst_and_kill(base: str, proc, tokens, pillar, ideas, confirmed) -> None:
    tasks = [
        asyncio.create_task(vote(base, t, n, pillar, ideas, confirmed))
        for n, t in enumerate(tokens)
    ]
    deadline = time.monotonic() + 60
    while len(confirmed) < PHONES // 10 and time.monotonic() < deadline:
        await asyncio.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)  # mid-burst: some phones are still waiting
    await asyncio.gather(*tasks, return_exceptions=True)


def test_sigkill_mid_burst_loses_no_confirmed_vote(tmp_path):
    db = tmp_path / "crash.db"
    tokens, pillar, ideas = prepare(db)
    confirmed: dict[str, dict[int, int]] = {}
    with running_app(db) as (proc, port):
        asyncio.run(
            burst_and_kill(f"http://127.0.0.1:{port}", proc, tokens, pillar, ideas, confirmed)
        )
        proc.wait(10)
    assert PHONES // 10 <= len(confirmed) < PHONES, "the kill must land mid-burst"

    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()

    with running_app(db) as (_proc, port):  # the app starts again on the same file
        store = Store(db)
        stored = {t: store.my_dots(t, pillar) for t in tokens}
        lost = [t for t, ballot in confirmed.items() if stored[t] != ballot]
        half = [
            t
            for t, ballot in stored.items()
            if ballot and ballot != ballot_for(tokens.index(t), ideas)
        ]
        print(
            f"\nphones {PHONES}, confirmed {len(confirmed)}, stored "
            f"{sum(1 for b in stored.values() if b)}, lost {len(lost)}, half-written {len(half)}"
        )
        assert lost == []
        assert half == []
        # an unconfirmed phone can still vote after the restart
        late = next(t for t in tokens if t not in confirmed)
        again: dict[str, dict[int, int]] = {}
        asyncio.run(
            vote(f"http://127.0.0.1:{port}", late, tokens.index(late), pillar, ideas, again)
        )
        assert again == {late: ballot_for(tokens.index(late), ideas)}
        store.close()
