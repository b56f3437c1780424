"""What one phone's actions cost the server, with N other phones connected and idle.

    python bench/runs.py                 # 1 phone alone
    python bench/runs.py --idle 300      # ... with 300 other joined phones connected

Prints server CPU (from /proc, the server process's own accounting) per HTTP poll, per
ballot drawn by the page itself when voting opens (GET /api/room/<id> + POST /api/mine,
workshop.live.ROOM_JS), per ballot sent (POST /api/vote), and, for comparison, per
screen run (a rerun of the phone's fragment: what voting opening cost before). Averages
over --n repetitions (the CPU clock ticks every 10 ms, so use --n 100 or more)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.load import PIN, Phone, Server, prepare_db, set_phase  # noqa: E402


async def measure(idle: int, n: int) -> dict[str, float]:
    work = Path(tempfile.mkdtemp(prefix="bimtek-runs-"))
    db = work / "runs.db"
    setup = prepare_db(db, shortlist=5, ideas=0, votes=0, seed=1)
    server = Server(
        "app.py",
        {"BIMTEK_DB": str(db), "BIMTEK_NO_DEMO": "1", "BIMTEK_PIN": PIN},
        work / "server.log",
    )
    await server.start()
    phones: list[Phone] = []
    try:
        others = [Phone(i + 1, server.base_url, setup.join_code, http=False) for i in range(idle)]
        for k in range(0, idle, 20):
            await asyncio.gather(*(o.join(60) for o in others[k : k + 20]))
        phone = Phone(0, server.base_url, setup.join_code, http=False)
        await phone.join(60)
        phones = [phone, *others]
        for p in phones:  # nobody polls by itself: only what is measured runs
            if p._poll_task:
                p._poll_task.cancel()
        c = phone.client
        await asyncio.sleep(1.0)
        out: dict[str, float] = {}
        data = c.component("phone_room")[1]
        c0 = server.cpu_ms()
        for _ in range(n):
            await phone.http_conn.get(data["live_url"])
        out["http poll"] = (server.cpu_ms() - c0) / n
        await asyncio.to_thread(set_phase, db, setup.stage_id, "vote")
        await asyncio.sleep(1.5)  # the room answer's cache
        c0 = server.cpu_ms()
        room: dict = {}
        for _ in range(n):
            room = json.loads((await phone.http_conn.get(data["room_url"]))[1])
            ask = {"token": data["token"], "pillars": [x["id"] for x in room["pillars"]]}
            status, _ = await phone.http_conn.post_json(data["mine_url"], ask)
            assert status == 200
        out["ballot drawn"] = (server.cpu_ms() - c0) / n
        pillar = room["pillars"][0]
        ideas = [i["id"] for i in pillar["ideas"]]
        c0 = server.cpu_ms()
        for i in range(n):
            status, _ = await phone.vote_conn.post_json(
                data["vote_url"],
                {
                    "token": data["token"],
                    "pillar_id": pillar["id"],
                    "dots": {str(ideas[i % len(ideas)]): 1},
                },
            )
            assert status == 200
        out["ballot sent"] = (server.cpu_ms() - c0) / n
        screen = c.component("phone_room")[0].fragment_id
        c0 = server.cpu_ms()
        for _ in range(n):
            await c.rerun(fragment_id=screen)
        out["screen run"] = (server.cpu_ms() - c0) / n
        return out
    finally:
        await asyncio.gather(*(p.close() for p in phones), return_exceptions=True)
        server.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--idle", type=int, default=0, help="other phones connected (default 0)")
    ap.add_argument("--n", type=int, default=150, help="repetitions of each action")
    args = ap.parse_args()
    res = asyncio.run(measure(args.idle, args.n))
    print(f"server CPU per action, 1 phone measured, {args.idle} others connected:")
    for name, ms in res.items():
        print(f"  {name:<18} {ms:6.2f} ms")


if __name__ == "__main__":
    main()
