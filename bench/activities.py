"""300 simulated phones send a readiness form (or a USG ballot) in one burst, through the
real server.

Starts the app on a temporary database (streamlit run app.py), creates a workshop and N
participants through the store, opens the readiness activity, connects N phones over the
browser's websocket protocol (bench/protocol.py) with their own links (?t=...), then
every phone fills the nine 1-5 items and presses "Kirim jawaban" within a 10 s window:
one POST /api/answer each, as the form the phone draws itself sends it (live.ROOM_JS;
no script run). Prints sent / stored, p50 / p95 / max of the submit-to-answer time and
`uptime` (the machine is shared).

    python bench/activities.py --phones 300
    python bench/activities.py --phones 300 --kind usg   # 4 candidates x U, S, G
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.protocol import KeepAliveHttp, StreamlitClient  # noqa: E402
from workshop.store import Store  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(db: Path, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "BIMTEK_DB": str(db),
        "BIMTEK_NO_DEMO": "1",
        "BIMTEK_PIN": "2468",
        "BIMTEK_NO_AUTOSNAPSHOT": "1",
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
            return proc
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def phone(
    base: str,
    token: str,
    act_id: int,
    answer: Callable[[], tuple[int | None, dict[str, Any]]],
    start: asyncio.Event,
    delay: float,
    connected: list[int],
) -> float | None:
    """One phone: its page open (the websocket), then its form sent as the phone's own
    screen sends it (POST /api/answer). The time of a refused answer is not counted."""
    c = StreamlitClient(base, query=f"t={token}")
    await c.connect()
    port = int(base.rsplit(":", 1)[1])
    http = KeepAliveHttp("127.0.0.1", port)
    connected.append(1)
    try:
        await start.wait()
        await asyncio.sleep(delay)
        pillar_id, value = answer()
        body = {"token": token, "activity_id": act_id, "pillar_id": pillar_id, "value": value}
        t0 = time.perf_counter()
        for attempt in range(6):  # a 503 (storage busy) is retried, as the phone does
            status, raw = await http.post_json("/api/answer", body, timeout=60)
            if status != 503:
                break
            await asyncio.sleep(min(30, 2**attempt))
        if status != 200:
            raise RuntimeError(f"answer refused: {status} {raw[:200]!r}")
        return (time.perf_counter() - t0) * 1000
    finally:
        await http.close()
        await c.close()


async def main(n: int, window: float, kind: str) -> None:
    tmp = Path(tempfile.mkdtemp())
    db = tmp / "bench.db"
    store = Store(db)
    port = free_port()
    proc = start(db, port)
    try:
        auth = store.machine_auth()
        w = store.create_workshop(auth, region="Kota Metro", province="Lampung", year=2023)
        stage = store.current_stage(w.id)
        if kind == "readiness":
            act = next(a for a in store.ensure_activities(auth, stage.id) if a.kind == kind)
            items = [i["key"] for i in act.config["items"]]

            def answer() -> tuple[int | None, dict[str, Any]]:
                return None, {"scores": {key: random.randint(1, 5) for key in items}}
        else:
            act = store.add_activity(auth, stage.id, "usg")
            pid = store.pillars(w.id)[0].id
            titles = ("Antrean RSUD", "Data antar-OPD", "Banjir lokal", "Sampah pasar")
            cands = [
                {"key": f"c{i}", "title": t, "pillar_id": pid} for i, t in enumerate(titles, 1)
            ]
            act = store.update_activity(auth, act.id, config={"candidates": cands})

            def answer() -> tuple[int | None, dict[str, Any]]:
                scores = {c["key"]: [random.randint(1, 5) for _ in "usg"] for c in cands}
                return pid, {"scores": scores}

        store.set_activity_open(auth, act.id, True)
        tokens = [
            store.join(
                w.join_code, name=f"Peserta {i}", group="akademisi", institution="Universitas"
            ).token
            for i in range(n)
        ]
        base = f"http://127.0.0.1:{port}"
        go = asyncio.Event()
        connected: list[int] = []
        tasks = [
            asyncio.create_task(
                phone(base, t, act.id, answer, go, random.uniform(0, window), connected)
            )
            for t in tokens
        ]
        while len(connected) < n and not any(t.done() for t in tasks):
            await asyncio.sleep(0.5)  # every phone connected and showing the form
        await asyncio.sleep(2)
        cpu0 = cpu_seconds(proc.pid)
        go.set()
        times = await asyncio.gather(*tasks, return_exceptions=True)
        cpu = cpu_seconds(proc.pid) - cpu0
        ok = sorted(x for x in times if isinstance(x, float))
        stored = len({a["participant_id"] for a in store.activity_answers(act.id)})

        def pct(p: float) -> float:
            return ok[min(len(ok) - 1, int(p * len(ok)))] if ok else float("nan")

        print(f"{kind}, phones {n}: sent {len(ok)}, stored {stored}, errors {n - len(ok)}")
        print(f"submit -> answer ms: p50 {pct(0.5):.0f}  p95 {pct(0.95):.0f}  max {ok[-1]:.0f}")
        print(f"server CPU per submission: {1000 * cpu / max(1, len(ok)):.1f} ms")
        print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--phones", type=int, default=300)
    ap.add_argument("--window", type=float, default=10.0)
    ap.add_argument("--kind", choices=("readiness", "usg"), default="readiness")
    a = ap.parse_args()
    asyncio.run(main(a.phones, a.window, a.kind))
