"""Load benchmark: a full Aula of phones voting in one burst, through the real server.

    python bench/load.py --phones 300            # the app, then the floor, a table
    python bench/load.py --phones 300 --json     # the same, one JSON line on stdout
    python bench/load.py --ideas 2000 --votes 20000   # a long workshop's database first
    python bench/load.py --knee 300,400,500,600  # the largest N with p95 <= 1 s
    python bench/load.py --table --repeat 2      # the README's table (app and floor), knee

What one run does (see README, Performance):

1. A temporary SQLite database is prepared with ``workshop.store.Store``: a workshop, a
   ballot of shortlisted ideas in every pillar (``--shortlist`` per pillar), the stage in
   its "group" phase (phones wait). ``--ideas/--votes`` first fill it to that many ideas
   and vote rows (the ballots of earlier participants), to see the end of a long day.
2. The app is started with its shipped configuration (``python -m streamlit run app.py``
   from the repository, so ``.streamlit/config.toml`` applies) on a free loopback port.
3. The projector logs in (page "masuk", the PIN form) and opens the projector page; it
   stays open and refreshes through its fragment's auto-rerun, like the Aula's screen.
4. N phones open the join link ``/?code=<code>`` (the page load's health and host-config
   requests, then the websocket), fill the join form (name, an OPD) and wait; each honours
   the fragment auto-rerun timers the server announces and runs what the page's poll
   component does in a browser (``workshop.live.POLL_JS``): a keep-alive ``GET`` of
   ``/api/live/<id>`` every few seconds, and the component's "moved" trigger (a rerun of
   its fragment) when the answer differs from the screen drawn.
5. The facilitator opens voting (``Store.set_phase(..., "vote")`` from this process).
   Each phone is given a moment in the ``--window`` seconds after that; it submits its
   ballot at that moment, or as soon as the ballot is on its screen (plus ``--think``
   seconds) if that is later. Latency is submit -> the "Suara tersimpan" alert.
6. The database is read back: every ballot sent must be stored exactly.
7. The floor (bench/floor_app.py: one button, one INSERT) gets the same burst — the same
   phones, the same submit moments — with the same server settings.

Server CPU comes from the server process's CPU-time clock (all threads, to the ns), over the
burst (voting opened -> last confirmation); memory from its VmRSS before and after the
phones joined. The client's own CPU and event-loop lag are reported too: if the client
saturates, the latencies are the client's, not the server's.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import ctypes.util
import functools
import gc
import json
import math
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.protocol import KeepAliveHttp, ProtocolError, StreamlitClient, http_get  # noqa: E402

PIN = "2468"
WAIT_TITLE = "Menunggu fasilitator"
SAVED = "Suara tersimpan"
FLOOR_SAVED = "Tersimpan."
DESKTOP_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)
CLK_TCK = os.sysconf("SC_CLK_TCK")


def live_poll_seconds() -> float:
    from workshop import live

    return live.PHONE_POLL_SECONDS


def log(*args: Any) -> None:
    print(time.strftime("%H:%M:%S"), *args, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------- statistics


def pct(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0..100); None for no values."""
    if not values:
        return None
    s = sorted(values)
    k = max(0, min(len(s) - 1, math.ceil(p / 100 * len(s)) - 1))
    return s[k]


def summary_ms(values_s: list[float]) -> dict[str, float | None]:
    ms = [v * 1000 for v in values_s]
    return {"n": len(ms), "p50": pct(ms, 50), "p95": pct(ms, 95), "max": max(ms) if ms else None}


def rnd(x: float | None, nd: int = 1) -> float | None:
    return None if x is None else round(x, nd)


# ---------------------------------------------------------------------- server process


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# CPUs the server process is kept on (None: wherever the system puts it). Set by
# bench/browser_burst.py so that the browsers' own CPU load does not share the server's core.
SERVER_CPUS: set[int] | None = None


class _Timespec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]


@functools.cache
def _libc() -> Any:
    """The C library, loaded once (find_library runs ldconfig: never per sample)."""
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def process_cpu_ms(pid: int) -> float | None:
    """CPU time of process `pid` from its CPU-time clock (clock_getcpuclockid), or None."""
    try:
        libc = _libc()
        clock = ctypes.c_int()
        ts = _Timespec()
        if libc.clock_getcpuclockid(pid, ctypes.byref(clock)) != 0:
            return None
        if libc.clock_gettime(clock, ctypes.byref(ts)) != 0:
            return None
    except (OSError, AttributeError):
        return None
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6


class Server:
    """`python -m streamlit run <script>` from `cwd` (the repository: its config.toml)."""

    def __init__(self, script: str, env: dict[str, str], log_path: Path, cwd: Path = REPO) -> None:
        self.script = script
        self.cwd = cwd
        self.port = free_port()
        self.env = {**os.environ, **env, "PYTHONUNBUFFERED": "1"}
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self, timeout: float = 90.0) -> None:
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                self.script,
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
            ],
            cwd=self.cwd,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            preexec_fn=(lambda: os.sched_setaffinity(0, SERVER_CPUS)) if SERVER_CPUS else None,  # noqa: PLW1509
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited ({self.proc.returncode}):\n{self.log_tail()}")
            try:
                status, body = await http_get("127.0.0.1", self.port, "/_stcore/health", timeout=5)
                if status == 200 and body.strip() == b"ok":
                    return
            except OSError:
                pass
            await asyncio.sleep(0.1)
        raise RuntimeError(f"server not healthy after {timeout:.0f} s:\n{self.log_tail()}")

    def cpu_ms(self) -> float:
        """The server process's CPU time (all its threads, ended ones too), to the
        nanosecond from its CPU clock; utime + stime (10 ms ticks) where that is missing."""
        assert self.proc is not None
        precise = process_cpu_ms(self.proc.pid)
        if precise is not None:
            return precise
        with open(f"/proc/{self.proc.pid}/stat") as f:
            rest = f.read().rsplit(")", 1)[1].split()
        return (int(rest[11]) + int(rest[12])) * 1000.0 / CLK_TCK

    def rss_mb(self) -> float:
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
        return float("nan")

    def threads(self) -> int:
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("Threads:"):
                    return int(line.split()[1])
        return 0

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def errors_in_log(self) -> list[str]:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return []
        return [
            ln
            for ln in text.splitlines()
            if "Traceback" in ln or " ERROR " in ln or "Exception" in ln
        ][:20]

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        self._log.close()


class CpuSampler:
    """Samples the server's CPU time every `period` s: busy share of one core over time."""

    def __init__(self, server: Server, period: float = 0.5) -> None:
        self.server, self.period = server, period
        self.samples: list[tuple[float, float]] = []
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while True:
            self.samples.append((time.perf_counter(), self.server.cpu_ms()))
            await asyncio.sleep(self.period)

    def cpu_at(self, t: float) -> float:
        """The server's CPU time at moment t (linear between samples)."""
        s = self.samples
        for (t0, c0), (t1, c1) in zip(s, s[1:], strict=False):
            if t0 <= t <= t1:
                return c0 + (c1 - c0) * ((t - t0) / (t1 - t0) if t1 > t0 else 1.0)
        return s[-1][1] if t > s[-1][0] else s[0][1]

    async def stop(self) -> dict[str, float | None]:
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):
                pass
        self.samples.append((time.perf_counter(), self.server.cpu_ms()))
        busy = []
        for (t0, c0), (t1, c1) in zip(self.samples, self.samples[1:], strict=False):
            if t1 > t0:
                busy.append((c1 - c0) / ((t1 - t0) * 1000.0) * 100.0)
        if not busy:
            return {"avg_pct": None, "peak_pct": None}
        total_t = self.samples[-1][0] - self.samples[0][0]
        total_c = self.samples[-1][1] - self.samples[0][1]
        return {
            "avg_pct": total_c / (total_t * 1000.0) * 100.0 if total_t else None,
            "peak_pct": max(busy),
        }


class ClientLoad:
    """This process's CPU and the event loop's lag (a late client inflates latencies)."""

    def __init__(self) -> None:
        self.max_lag = 0.0
        self.lags: list[float] = []
        self._task: asyncio.Task | None = None

    @staticmethod
    def cpu_s() -> float:
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime

    def start(self) -> None:
        self.max_lag, self.lags = 0.0, []
        self._t0, self._c0 = time.perf_counter(), self.cpu_s()
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while True:
            t = time.perf_counter()
            await asyncio.sleep(0.05)
            lag = time.perf_counter() - t - 0.05
            self.lags.append(lag)
            self.max_lag = max(self.max_lag, lag)

    async def stop(self) -> dict[str, float | None]:
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):
                pass
        dt = time.perf_counter() - self._t0
        return {
            "cpu_pct": (self.cpu_s() - self._c0) / dt * 100.0 if dt else None,
            "lag_p95_ms": rnd(pct([x * 1000 for x in self.lags], 95)),
            "lag_max_ms": round(self.max_lag * 1000, 1),
        }


# ---------------------------------------------------------------------- the database


@dataclass
class Setup:
    db: Path
    workshop_id: int
    join_code: str
    stage_id: int
    pillar_ids: list[int]
    shortlist: dict[int, list[int]]
    prefill: dict[str, Any] = field(default_factory=dict)


def prepare_db(db: Path, *, shortlist: int, ideas: int, votes: int, seed: int) -> Setup:
    """The workshop the phones join, built through the store's public API."""
    from workshop.security import PinHasher
    from workshop.store import Store

    store = Store(db, hasher=PinHasher())
    try:
        store.ensure_pin(PIN)  # the server's BIMTEK_PIN then matches and keeps our sessions
        auth = store.system_auth()
        w = store.create_workshop(
            auth, region="Kota Uji Beban", province="Lampung", year=2026, venue="Aula"
        )
        stage = store.current_stage(w.id)
        pillars = store.pillars(w.id)
        ballot: dict[int, list[int]] = {}
        for p in pillars:
            ballot[p.id] = [
                store.add_idea(
                    auth,
                    w.id,
                    pillar_id=p.id,
                    kind="usulan",
                    title=f"{p.short}: program unggulan {k + 1}",
                    description="Usulan uji beban.",
                ).id
                for k in range(shortlist)
            ]
        store.set_shortlisted(auth, stage.id, [i for ids in ballot.values() for i in ids])
        info: dict[str, Any] = {}
        if ideas or votes:
            info = _prefill(store, auth, w, stage.id, pillars, ballot, ideas, votes, seed)
        store.set_phase(auth, stage.id, "group")
        return Setup(db, w.id, w.join_code, stage.id, [p.id for p in pillars], ballot, info)
    finally:
        store.close()


def _prefill(
    store: Any,
    auth: str,
    w: Any,
    stage_id: int,
    pillars: list,
    ballot: dict,
    ideas: int,
    votes: int,
    seed: int,
) -> dict[str, Any]:
    """Fill the stage to `ideas` ideas and `votes` vote rows through the store's API."""
    rng = random.Random(seed)
    t0 = time.perf_counter()
    have = sum(len(v) for v in ballot.values())
    kinds = ("masalah", "potensi", "usulan")
    for n in range(max(0, ideas - have)):
        p = pillars[n % len(pillars)]
        store.add_idea(
            auth,
            w.id,
            pillar_id=p.id,
            kind=kinds[n % 3],
            title=f"Usulan {n + 1} "
            f"{rng.choice(('layanan', 'data', 'pasar', 'sampah', 'taman', 'jalan'))} "
            f"{rng.choice(('digital', 'terpadu', 'warga', 'kota', 'desa'))}",
            description="Isian uji: "
            + " ".join(
                rng.choice(("aplikasi", "OPD", "warga", "integrasi", "layanan", "anggaran"))
                for _ in range(12)
            ),
        )
    t_ideas = time.perf_counter() - t0
    opds = store.opds(w.id)
    store.set_phase(auth, stage_id, "vote")
    rows = 0
    voters = 0
    while rows < votes:
        p = store.join(
            w.join_code,
            name=f"Peserta awal {voters + 1}",
            group="opd",
            opd_id=opds[voters % len(opds)].id,
        )
        voters += 1
        for pid, ids in ballot.items():
            if rows >= votes:
                break
            k = min(len(ids), 3, votes - rows)
            store.cast_dots(p.token, pid, {i: 1 for i in rng.sample(ids, k)})
            rows += k
    counts = store.table_counts()
    return {
        "ideas": counts["ideas"],
        "votes": counts["votes"],
        "early_voters": voters,
        "fill_s": round(time.perf_counter() - t0, 1),
        "ideas_s": round(t_ideas, 1),
    }


def stored_ballots(
    db: Path, stage_id: int, tokens: list[str]
) -> dict[str, dict[int, dict[int, int]]]:
    """token -> pillar -> {idea: dots}, read straight from the database file."""
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        out: dict[str, dict[int, dict[int, int]]] = {}
        for token in tokens:
            row = conn.execute("SELECT id FROM participants WHERE token = ?", (token,)).fetchone()
            if row is None:
                continue
            ballots: dict[int, dict[int, int]] = {}
            for pillar, idea, dots in conn.execute(
                "SELECT pillar_id, idea_id, dots FROM votes WHERE stage_id = ? AND "
                "participant_id = ?",
                (stage_id, row[0]),
            ):
                ballots.setdefault(pillar, {})[idea] = dots
            out[token] = ballots
        return out
    finally:
        conn.close()


def bump_version(db: Path, stage_id: int) -> None:
    """A harmless facilitator write (clear the stage timer): the projector must reload."""
    from workshop.security import PinHasher
    from workshop.store import Store

    store = Store(db, hasher=PinHasher(fast=True))
    try:
        store.set_timer(store.system_auth(), stage_id, None)
    finally:
        store.close()


def set_phase(db: Path, stage_id: int, phase: str) -> None:
    """The facilitator moves the stage (entering "vote" opens every shortlisted pillar)."""
    from workshop.security import PinHasher
    from workshop.store import Store

    store = Store(db, hasher=PinHasher(fast=True))
    try:
        store.set_phase(store.system_auth(), stage_id, phase)
    finally:
        store.close()


def open_voting(db: Path, stage_id: int) -> None:
    set_phase(db, stage_id, "vote")


# ---------------------------------------------------------------------- the clients


@dataclass
class Outcome:
    """One phone's ballot in the burst."""

    phone: int
    token: str = ""
    pillar: int = 0
    ballot: dict[int, int] = field(default_factory=dict)
    scheduled: float = 0.0  # seconds after voting opened
    visible: float | None = None  # ballot on screen, seconds after voting opened
    sent: float | None = None  # submit sent, seconds after voting opened
    latency: float | None = None  # submit -> confirmation alert, seconds
    error: str = ""
    finished: bool = True  # the confirming run's script_finished arrived
    retries: int = 0  # 503 answers (storage busy) the phone waited out
    trace: str = ""


POLL_KEY = "phone_poll"
ROOM_KEY = "phone_room"


class Phone:
    def __init__(self, idx: int, base_url: str, code: str, *, http: bool) -> None:
        self.idx = idx
        self.http = http
        self.client = StreamlitClient(base_url, query=f"code={code}", name=f"phone-{idx:03d}")
        self.token = ""
        self.join_s = 0.0
        self.polls: list[tuple[float, float]] = []  # (time, seconds) of each HTTP poll
        self.poll_errors = 0
        self.poll_triggers = 0
        self.room_fetches = 0
        self._poll_task: asyncio.Task | None = None
        self.http_conn = KeepAliveHttp(self.client.host, self.client.port)
        self.vote_conn = KeepAliveHttp(self.client.host, self.client.port)  # a 2nd socket
        # what the phone's own screen (live.ROOM_JS) shows: the room answer and my ballots
        self.room: dict[str, Any] | None = None
        self.mine: dict[str, Any] | None = None
        self.room_data: Any = None
        self.drawn = asyncio.Event()  # set each time the page redraws its screen itself
        self.jitter = random.Random(idx)

    async def _get_json(self, url: str, body: Any = None) -> tuple[int, Any]:
        if body is None:
            status, raw = await self.http_conn.get(url, timeout=20)
        else:
            status, raw = await self.http_conn.post_json(url, body, timeout=20)
        try:
            return status, json.loads(raw)
        except ValueError:
            return status, None

    async def _move_to(self, data: dict[str, Any], screen: str) -> bool:
        """ROOM_JS moveTo(): GET the room answer and, while voting, POST /api/mine; then
        the screen is redrawn. False: the room answer was an older snapshot (try again)."""
        self.room_fetches += 1
        status, room = await self._get_json(data["room_url"])
        if status != 200 or not isinstance(room, dict):
            raise ProtocolError(f"room {status}")
        if room["screen"] != screen:
            return False
        mine: dict[str, Any] = {"dots": {}, "ratings": {}}
        if room["kind"] == "vote" and room["pillars"]:
            ask = {
                "token": data["token"],
                "pillars": [p["id"] for p in room["pillars"]],
                "mode": room.get("mode"),
            }
            status, mine = await self._get_json(data["mine_url"], ask)
            if status != 200 or not isinstance(mine, dict):
                raise ProtocolError(f"mine {status}")
        self.room, self.mine = room, mine
        self.drawn.set()
        return True

    async def poll_loop(self) -> None:
        """What the phone's page scripts do in the browser. On the screens the page draws
        itself (workshop.live.ROOM_JS: waiting, ballots) every data.every seconds GET
        data.live_url; when the screen changed within the stage, fetch the room answer
        and this phone's ballots and redraw (no script run); otherwise (a screen
        Streamlit draws) fire "moved"; after 3 failed polls fire "fallback". On the
        Streamlit-drawn screens, live.POLL_JS: fire "moved" when the answer differs."""
        c = self.client
        data: Any = None
        key = ""
        due = fired = 0.0
        failures = 0
        while not c.closed:
            found = c.component(ROOM_KEY)
            found_key = ROOM_KEY
            if found is None:
                found, found_key = c.component(POLL_KEY), POLL_KEY
            if found is None:
                await asyncio.sleep(0.25)
                continue
            if found[1] != data or found_key != key:  # (re)mounted with new data
                data, key = found[1], found_key
                first = data["every"] * (self.jitter.uniform(0.75, 1.15) if key == ROOM_KEY else 1)
                due = time.perf_counter() + first
                fired, failures = 0.0, 0
                if key == ROOM_KEY:
                    self.room, self.mine = data["room"], data["mine"]
                    self.room_data = data
                    self.drawn.set()
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(min(delay, 0.25))
                continue
            t0 = time.perf_counter()
            url = data["live_url"] if key == ROOM_KEY else data["url"]
            try:
                status, body = await self.http_conn.get(url, timeout=8)
                screen = json.loads(body)["screen"] if status == 200 else None
            except (OSError, ValueError, KeyError, TimeoutError, ProtocolError):
                screen = None
            now = time.perf_counter()
            self.polls.append((t0, now - t0))
            fire: tuple[str, Any] | None = None
            every = data["every"]
            if screen is None:
                self.poll_errors += 1
                failures += 1
                if failures >= 3 and now - fired >= data["fallback"]:
                    fire = ("fallback", str(now)) if key == ROOM_KEY else ("moved", "?")
            elif key == ROOM_KEY:
                failures = 0
                assert self.room is not None
                if screen != self.room["screen"]:
                    kind, stage = screen.split(":")[:2]
                    if kind in data["kinds"] and stage == str(self.room["stage_id"]):
                        try:
                            if not await self._move_to(data, screen):
                                every = 1
                        except (OSError, ValueError, TimeoutError, ProtocolError):
                            self.poll_errors += 1
                    elif not fired or now - fired >= data["fallback"]:
                        fire = ("moved", screen)
            else:
                failures = 0
                if screen != data["screen"] and (not fired or now - fired >= data["fallback"]):
                    fire = ("moved", screen)
            if fire is not None:
                fired = now
                self.poll_triggers += 1
                try:
                    await c.component_trigger(key, fire[0], fire[1])
                except ProtocolError:
                    return
            if key == ROOM_KEY:  # ROOM_JS: each period -25 %..+15 % (phones drift apart)
                every *= self.jitter.uniform(0.75, 1.15)
            due = time.perf_counter() + every  # the script waits from its end

    def start_polling(self) -> None:
        self._poll_task = asyncio.create_task(self.poll_loop(), name=f"{self.client.name}-poll")

    async def close(self) -> None:
        if self._poll_task:
            self._poll_task.cancel()
        await self.http_conn.close()
        await self.vote_conn.close()
        await self.client.close()

    async def page_load(self) -> None:
        """What a browser fetches besides the websocket (its JS bundle is cached)."""
        if not self.http:
            return
        c = self.client
        jar: dict[str, str] = {}  # the device cookie the page sets (workshop/guard.py)
        await http_get(c.host, c.port, "/?" + c.query_string, cookies=jar)
        await http_get(c.host, c.port, "/_stcore/health", cookies=jar)
        await http_get(c.host, c.port, "/_stcore/host-config", cookies=jar)
        for holder in (c, self.http_conn, self.vote_conn):  # sent from now on, as a browser
            holder.cookies.update(jar)

    async def join(self, timeout: float) -> None:
        t0 = time.perf_counter()
        c = self.client
        await self.page_load()
        first = await c.connect(timeout=timeout)
        if first.exceptions:
            raise ProtocolError(f"{c.name}: exception on the join page: {first.exceptions}")
        c.set_value("join_name", f"Peserta Uji {self.idx:03d}")
        opds = c.options("join_opd")
        c.set_value("join_opd", 1 + self.idx % (len(opds) - 1))  # index 0 = no OPD
        c.set_value("join_group", 0)
        r = await c.click("join_submit", timeout=timeout)
        refused = [a for a in r.alerts if a[0] == "ERROR"]
        if refused or r.exceptions:
            raise ProtocolError(f"{c.name}: join refused: {refused or r.exceptions}")
        # the waiting screen: drawn by the page itself (ROOM_JS), or by Streamlit
        await c.wait_until(
            lambda c: c.component(ROOM_KEY) is not None or c.has_text(WAIT_TITLE),
            timeout=timeout,
        )
        self.token = parse_qs(c.query_string).get("t", [""])[0]
        if not self.token:
            raise ProtocolError(f"{c.name}: no token in the query string {c.query_string!r}")
        self.join_s = time.perf_counter() - t0
        self.start_polling()

    def _ballot_on_screen(self) -> tuple[dict[str, Any], int, list[int]] | None:
        """(what to POST to, pillar, idea ids) of the ballot on screen, or None."""
        c = self.client
        room = self.room
        if c.component(ROOM_KEY) is not None and room and room.get("kind") == "vote":
            pillars = room.get("pillars") or []
            if pillars and room.get("mode") == "dots":
                first = pillars[0]  # the page opens on the first open pillar
                return self.room_data, int(first["id"]), [int(i["id"]) for i in first["ideas"]]
        found = c.component_with_prefix("ballot_")  # the Streamlit fallback's ballot
        if found is not None:
            data = found[1]
            return data, int(data["pillar_id"]), [int(i["id"]) for i in data["ideas"]]
        return None

    async def vote(
        self, t_open: float, out: Outcome, think: float, rng: random.Random, timeout: float
    ) -> None:
        """Wait for the dot ballot (drawn by the page itself from the room answer, or the
        fallback's "bimtek_ballot" component), choose dots and send them as its script
        does: POST the vote URL with {token, pillar_id, dots}. The confirmation is the
        answer's 200 (the script then shows "Suara tersimpan"); a 503 is retried after
        1, 2, 4... s as the page does."""
        deadline = time.perf_counter() + timeout
        while (found := self._ballot_on_screen()) is None:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{self.client.name}: no ballot on screen")
            self.drawn.clear()
            try:
                await asyncio.wait_for(self.drawn.wait(), 0.25)
            except TimeoutError:
                pass
        t_vis = time.perf_counter()
        out.visible = t_vis - t_open
        data, pillar, ideas = found
        if len(ideas) >= 3 and rng.random() < 0.5:
            ballot = {i: 1 for i in rng.sample(ideas, 3)}
        elif len(ideas) >= 2:
            a, b = rng.sample(ideas, 2)
            ballot = {a: 2, b: 1}
        else:
            ballot = {ideas[0]: 1}
        out.pillar, out.ballot = pillar, ballot
        at = max(t_open + out.scheduled, t_vis + think)
        delay = at - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        t_send = time.perf_counter()
        out.sent = t_send - t_open  # counted as sent even if never answered
        url = data.get("vote_url") or data["url"]
        body = {
            "token": data["token"],
            "pillar_id": pillar,
            "dots": {str(k): v for k, v in ballot.items()},
        }
        for attempt in range(8):
            try:
                status, raw = await self.vote_conn.post_json(url, body, timeout=timeout)
            except (OSError, TimeoutError, ProtocolError) as err:
                out.error, out.finished = f"{type(err).__name__}: {err}", False
                return
            if status not in (503, 408):
                break
            out.retries = attempt + 1
            await asyncio.sleep(min(30, 2**attempt))
        if status == 200:
            out.latency = time.perf_counter() - t_send
        else:
            out.error = f"HTTP {status}: {raw[:200].decode(errors='replace')}"


class Projector:
    """The Aula's screen: logged in as facilitator, the projector page left open."""

    def __init__(self, base_url: str, page: str) -> None:
        self.page = page
        self.client = StreamlitClient(
            base_url, path="masuk", name="projector", user_agent=DESKTOP_UA
        )
        self.samples: list[tuple[float, float]] = []  # (time, refresh seconds)
        self.mode = ""
        self.errors: list[str] = []
        self._task: asyncio.Task | None = None

    async def start(self, timeout: float = 60.0) -> None:
        c = self.client
        await c.connect(timeout=timeout)
        c.set_value("pin", PIN)
        r = await c.click("login", timeout=timeout)
        if any(a[0] == "ERROR" for a in r.alerts):
            raise ProtocolError(f"projector: login refused: {r.alerts}")
        target = self.page if c.page_hash(self.page) else "@default"
        r = await c.navigate(target, timeout=timeout)
        self.errors += r.exceptions + c.exceptions()
        c.on_fragment_refresh = lambda _fid, took: self.samples.append((time.perf_counter(), took))
        if c.auto_rerun_fragments:
            self.mode = f"fragment auto-rerun every {min(c.auto_rerun_fragments.values()):g} s"
        else:  # a page without a polling fragment: refresh it whole, as a browser reload would
            self.mode = "full rerun every 2 s (the page announced no auto-rerun)"
            self._task = asyncio.create_task(self._full_reruns())

    async def _full_reruns(self) -> None:
        while not self.client.closed:
            await asyncio.sleep(2.0)
            r = await self.client.rerun()
            self.samples.append((time.perf_counter(), r.elapsed_ms / 1000))

    def between(self, t0: float, t1: float) -> list[float]:
        """Refreshes requested between t0 and t1 (however long they took to finish)."""
        return [took for t, took in self.samples if t0 <= t - took <= t1]

    def pending_since(self) -> float | None:
        """When the oldest auto-rerun still unanswered was sent, if any."""
        waits = [q[0] for q in self.client._auto_pending.values() if q]
        return min(waits) if waits else None

    async def settle(self, timeout: float) -> None:
        """Wait until no refresh is outstanding (a starved projector finishes late)."""
        deadline = time.perf_counter() + timeout
        while self.pending_since() is not None and time.perf_counter() < deadline:
            await asyncio.sleep(0.1)

    async def close(self) -> None:
        if self._task:
            self._task.cancel()
        self.errors += self.client.exceptions()
        await self.client.close()


def quiet_client_gc() -> None:
    """Freeze this process's objects once its phones have joined: a full collection of
    1,500 simulated phones' state stopped the client for 0.3 s (its latencies, not the
    server's)."""
    gc.collect()
    gc.freeze()


async def gather_limited(coros: list, limit: int) -> list:
    sem = asyncio.Semaphore(limit)

    async def one(c: Any) -> Any:
        async with sem:
            return await c

    return await asyncio.gather(*(one(c) for c in coros), return_exceptions=True)


# ---------------------------------------------------------------------- the app run


async def run_app(args: argparse.Namespace, n: int, workdir: Path) -> dict[str, Any]:
    rng = random.Random(args.seed)
    db = workdir / "bimtek.db"
    log(
        f"app: preparing the database (shortlist {args.shortlist}/pillar"
        + (
            f", filling to {args.ideas} ideas / {args.votes} votes"
            if args.ideas or args.votes
            else ""
        )
        + ")"
    )
    setup = prepare_db(
        db, shortlist=args.shortlist, ideas=args.ideas, votes=args.votes, seed=args.seed
    )
    if setup.prefill:
        log(f"app: filled {setup.prefill}")
    server = Server(
        "app.py",
        {
            "BIMTEK_DB": str(db),
            "BIMTEK_NO_DEMO": "1",
            "BIMTEK_PIN": PIN,
            # h13a: every simulated phone joins from 127.0.0.1: lift the per-address
            # join limit and the participant cap (a real room has one address a phone)
            "BIMTEK_JOINS_PER_MINUTE": "100000",
            "BIMTEK_MAX_PARTICIPANTS": "100000",
        },
        workdir / "app-server.log",
        cwd=Path(args.app_dir).resolve(),
    )
    res: dict[str, Any] = {"phones": n, "prefill": setup.prefill}
    phones: list[Phone] = []
    projector: Projector | None = None
    client_load = ClientLoad()
    try:
        await server.start()
        res["rss_start_mb"] = round(server.rss_mb(), 1)
        log(f"app: server up on {server.base_url} (pid {server.proc.pid})")
        if not args.no_projector:
            projector = Projector(server.base_url, args.projector_page)
            await projector.start()
            log(f"app: projector open ({projector.mode})")
            if setup.prefill:
                # the projector alone, reloading its data each refresh (version bumped):
                # the idea wall ("group") and the vote screen (progress over every vote)
                for phase in ("group", "vote"):
                    await asyncio.to_thread(set_phase, db, setup.stage_id, phase)
                    await asyncio.sleep(2.5)
                    t0 = time.perf_counter()
                    for _ in range(args.solo_refreshes):
                        await asyncio.to_thread(bump_version, db, setup.stage_id)
                        await asyncio.sleep(2.1)
                    await projector.settle(10)
                    res[f"projector_solo_{phase}"] = summary_ms(
                        projector.between(t0, time.perf_counter())
                    )
                    log(
                        f"app: projector alone, {phase} phase, full database: "
                        f"{ {k: rnd(v) for k, v in res[f'projector_solo_{phase}'].items()} }"
                    )
                await asyncio.to_thread(set_phase, db, setup.stage_id, "group")

        phones = [
            Phone(i, server.base_url, setup.join_code, http=not args.no_http) for i in range(n)
        ]
        # the first phone alone: it pays the imports; memory is counted after it
        await phones[0].join(args.timeout)
        rss0, cpu_j0, tj0 = server.rss_mb(), server.cpu_ms(), time.perf_counter()
        joined = await gather_limited(
            [p.join(args.timeout) for p in phones[1:]], args.join_concurrency
        )
        failed = [
            (p.idx, e)
            for p, e in zip(phones[1:], joined, strict=False)
            if isinstance(e, BaseException)
        ]
        tj1 = time.perf_counter()
        await asyncio.sleep(1.0)
        rss1 = server.rss_mb()
        res["join"] = {
            "s": round(tj1 - tj0, 1),
            "failed": len(failed),
            "cpu_ms_per_join": rnd((server.cpu_ms() - cpu_j0) / max(1, n - 1)),
            **{k: rnd(v) for k, v in summary_ms([p.join_s for p in phones if p.token]).items()},
        }
        if failed:
            log(f"app: {len(failed)} phones failed to join, first: {failed[0]}")
        res["rss_mb_per_session"] = rnd((rss1 - rss0) / max(1, n - 1), 3)
        res["rss_joined_mb"] = round(rss1, 1)
        live = [p for p in phones if p.token and not p.client.closed]
        log(
            f"app: {len(live)} phones joined in {tj1 - tj0:.1f} s; server RSS {rss1:.0f} MB "
            f"(+{(rss1 - rss0) / max(1, n - 1):.2f} MB/session)"
        )

        quiet_client_gc()
        # waiting: every phone polls over HTTP every few seconds, the projector every 2 s
        c0, t0 = server.cpu_ms(), time.perf_counter()
        await asyncio.sleep(args.idle)
        c1, t1 = server.cpu_ms(), time.perf_counter()
        res["idle"] = {
            "server_cpu_pct": rnd((c1 - c0) / ((t1 - t0) * 10)),
            "seconds": args.idle,
            "phone_poll": summary_ms([x for p in live for t, x in p.polls if t0 <= t <= t1]),
            "polls_per_s": rnd(
                sum(1 for p in live for t, _x in p.polls if t0 <= t <= t1) / (t1 - t0), 1
            ),
            "poll_connections": sum(p.http_conn.connects for p in live),
            "poll_errors": sum(p.poll_errors for p in live),
        }
        if projector:
            res["projector_idle"] = summary_ms(projector.between(t0, t1))
        log(
            f"app: idle with {len(live)} phones waiting: server CPU "
            f"{res['idle']['server_cpu_pct']}% of a core"
        )

        # the burst
        outcomes = [
            Outcome(p.idx, token=p.token, scheduled=rng.uniform(0, args.window)) for p in live
        ]
        sampler = CpuSampler(server)
        sampler.start()
        client_load.start()
        cpu0 = server.cpu_ms()
        t_open = time.perf_counter()
        await asyncio.to_thread(open_voting, db, setup.stage_id)
        log(f"app: voting open; {len(live)} phones vote within {args.window:g} s")
        results = await asyncio.gather(
            *(
                p.vote(t_open, o, args.think, random.Random(args.seed * 1000 + p.idx), args.timeout)
                for p, o in zip(live, outcomes, strict=False)
            ),
            return_exceptions=True,
        )
        for o, r in zip(outcomes, results, strict=False):
            if isinstance(r, BaseException):
                o.error = o.error or f"{type(r).__name__}: {r}"
        t_end = time.perf_counter()
        done_at = [o.sent + o.latency for o in outcomes if o.latency is not None]
        t_last = t_open + max(done_at) if done_at else t_end
        res["server_cpu"] = await sampler.stop()
        # CPU from opening to the last confirmation (+0.2 s for that run's end)
        cpu1 = sampler.cpu_at(min(t_last + 0.2, t_end)) if done_at else sampler.cpu_at(t_end)
        res["client"] = await client_load.stop()
        res["client"]["phones_per_process"] = len(live)
        if projector:
            await projector.settle(30.0)
            res["projector_burst"] = summary_ms(projector.between(t_open, t_end))
            res["projector_mode"] = projector.mode

        # what reached the database
        await asyncio.sleep(0.5)
        sent = [o for o in outcomes if o.sent is not None]
        stored = stored_ballots(db, setup.stage_id, [o.token for o in sent])
        ok_stored = sum(1 for o in sent if stored.get(o.token, {}).get(o.pillar) == o.ballot)
        res["errored_but_stored"] = sum(
            1 for o in sent if o.error and stored.get(o.token, {}).get(o.pillar) == o.ballot
        )
        lat = [o.latency for o in outcomes if o.latency is not None]
        res.update(
            {
                "votes_sent": len(sent),
                "votes_stored": ok_stored,
                "confirmed": len(lat),
                "errors": [f"phone {o.phone}: {o.error}" for o in outcomes if o.error][:10],
                "n_errors": sum(1 for o in outcomes if o.error),
                "poll_errors_total": sum(p.poll_errors for p in live),
                "poll_triggers_total": sum(p.poll_triggers for p in live),
                "room_fetches_total": sum(p.room_fetches for p in live),
                "vote_retries_total": sum(o.retries for o in outcomes),
                "unfinished_runs": sum(
                    1 for o in outcomes if o.sent is not None and not o.finished
                ),
                "unfinished_traces": [
                    f"phone {o.phone}: {o.trace}"
                    for o in outcomes
                    if o.sent is not None and not o.finished
                ][:3],
                # an unanswered submit counts as infinitely slow in the percentiles
                "latency": {
                    **summary_ms(lat),
                    **{
                        k: (None if v == math.inf else v)
                        for k, v in (
                            (
                                "p50",
                                pct(
                                    [
                                        o.latency * 1000 if o.latency is not None else math.inf
                                        for o in sent
                                    ],
                                    50,
                                ),
                            ),
                            (
                                "p95",
                                pct(
                                    [
                                        o.latency * 1000 if o.latency is not None else math.inf
                                        for o in sent
                                    ],
                                    95,
                                ),
                            ),
                        )
                    },
                },
                "unconfirmed": sum(1 for o in sent if o.latency is None),
                "ballot_visible": summary_ms(
                    [o.visible for o in outcomes if o.visible is not None]
                ),
                "late_forms": sum(
                    1
                    for o in outcomes
                    if o.visible is not None and o.visible + args.think > o.scheduled
                ),
                "submit_spread_s": rnd(max(o.sent for o in sent) - min(o.sent for o in sent), 2)
                if sent
                else None,
                "burst_s": round(t_last - t_open, 2),
                # wall clock of the burst (bench/browser_burst.py reads the request log)
                "burst_wall": [time.time() - (time.perf_counter() - t) for t in (t_open, t_last)],
                "cpu_ms_burst": round(cpu1 - cpu0),
                "cpu_ms_per_vote": rnd((cpu1 - cpu0) / max(1, len(sent)), 2),
                "scheduled": [o.scheduled for o in outcomes],
                "server_log_errors": server.errors_in_log(),
                "server_threads": server.threads(),
            }
        )
        if projector:
            res["projector_errors"] = projector.errors
        log(
            f"app: {ok_stored}/{len(sent)} ballots stored; p95 "
            f"{res['latency']['p95'] and round(res['latency']['p95'])} ms; "
            f"{res['cpu_ms_per_vote']} ms CPU per vote"
        )
        return res
    finally:
        await asyncio.gather(*(p.close() for p in phones), return_exceptions=True)
        if projector:
            await projector.close()
        server.stop()


# ---------------------------------------------------------------------- the floor run


async def run_floor(
    args: argparse.Namespace, n: int, workdir: Path, offsets: list[float] | None
) -> dict[str, Any]:
    """The same burst against bench/floor_app.py: as many phones, each pressing at the
    moment the app's phone with its number was given (its button is already on screen)."""
    import sqlite3

    rng = random.Random(args.seed + 1)
    db = workdir / "floor.db"
    server = Server("bench/floor_app.py", {"FLOOR_DB": str(db)}, workdir / "floor-server.log")
    clients: list[StreamlitClient] = []
    try:
        await server.start()
        clients = [
            StreamlitClient(server.base_url, query=f"p={i}", name=f"floor-{i:03d}")
            for i in range(n)
        ]

        async def load(c: StreamlitClient) -> None:
            if not args.no_http:
                await http_get(c.host, c.port, "/?" + c.query_string)
                await http_get(c.host, c.port, "/_stcore/health")
                await http_get(c.host, c.port, "/_stcore/host-config")
            await c.connect(timeout=args.timeout)
            c.widget("floor_submit")

        await load(clients[0])
        rss0 = server.rss_mb()
        loaded = await gather_limited([load(c) for c in clients[1:]], args.join_concurrency)
        bad = [e for e in loaded if isinstance(e, BaseException)]
        await asyncio.sleep(1.0)
        rss1 = server.rss_mb()
        live = [c for c in clients if not c.closed and c.find_widget("floor_submit")]
        if offsets and len(offsets) >= len(live):
            moments = offsets[: len(live)]
        else:
            moments = [rng.uniform(0, args.window) for _ in live]
        lat: list[float] = []
        errors: list[str] = []
        quiet_client_gc()
        sampler = CpuSampler(server)
        sampler.start()
        cpu0 = server.cpu_ms()
        t0 = time.perf_counter()

        async def press(c: StreamlitClient, at: float) -> float | None:
            delay = t0 + at - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            r = await c.click("floor_submit", timeout=args.timeout)
            ok = next((a for a in r.alerts if a[0] == "SUCCESS" and FLOOR_SAVED in a[1]), None)
            if ok is None:
                raise ProtocolError(f"{c.name}: no confirmation ({r.alerts}, {r.exceptions})")
            return ok[2] - r.t_send, r.t_send - t0

        results = await asyncio.gather(
            *(press(c, at) for c, at in zip(live, moments, strict=False)), return_exceptions=True
        )
        done_at = []
        for r in results:
            if isinstance(r, BaseException):
                errors.append(f"{type(r).__name__}: {r}")
            else:
                lat.append(r[0])
                done_at.append(r[1] + r[0])
        cpu1 = server.cpu_ms()
        cpu = await sampler.stop()
        await asyncio.sleep(0.3)
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            rows = conn.execute("SELECT count(*) FROM clicks").fetchone()[0]
        finally:
            conn.close()
        res = {
            "phones": n,
            "loaded": len(live),
            "load_failed": len(bad),
            "clicks_sent": len(live),
            "rows_stored": rows,
            "latency": summary_ms(lat),
            "errors": errors[:10],
            "n_errors": len(errors),
            "cpu_ms_burst": round(cpu1 - cpu0),
            "cpu_ms_per_vote": rnd((cpu1 - cpu0) / max(1, len(live)), 2),
            "burst_s": round(max(done_at), 2) if done_at else None,
            "rss_mb_per_session": rnd((rss1 - rss0) / max(1, n - 1), 3),
            "server_cpu": cpu,
        }
        log(
            f"floor: {rows}/{len(live)} rows; "
            f"p95 {res['latency']['p95'] and round(res['latency']['p95'])} ms; "
            f"{res['cpu_ms_per_vote']} ms CPU per click"
        )
        return res
    finally:
        await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)
        server.stop()


# ---------------------------------------------------------------------- reporting


def json_line(app: dict[str, Any], floor: dict[str, Any] | None) -> dict[str, Any]:
    proj = app.get("projector_burst") or {}
    return {
        "phones": app["phones"],
        "votes_sent": app["votes_sent"],
        "votes_stored": app["votes_stored"],
        "p50_ms": rnd(app["latency"]["p50"]),
        "p95_ms": rnd(app["latency"]["p95"]),
        "max_ms": rnd(app["latency"]["max"]),
        "floor_p95_ms": rnd(floor["latency"]["p95"]) if floor else None,
        "cpu_ms_per_vote": app["cpu_ms_per_vote"],
        "floor_cpu_ms_per_vote": floor["cpu_ms_per_vote"] if floor else None,
        "rss_mb_per_session": app["rss_mb_per_session"],
        "projector_refresh_ms": rnd(proj.get("p95")),
    }


def _fmt(x: Any, nd: int = 0) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:.{nd}f}"
    return str(x)


def _ratio(a: Any, b: Any) -> str:
    if a is None or not b:
        return "-"
    return f"{a / b:.1f}x"


def table(app: dict[str, Any], floor: dict[str, Any] | None, args: argparse.Namespace) -> str:
    L, F = app["latency"], (floor or {}).get("latency", {})
    rows: list[tuple[str, str, str, str]] = []

    def add(name: str, a: Any, f: Any = None, nd: int = 0, ratio: bool = True) -> None:
        rows.append(
            (
                name,
                _fmt(a, nd),
                _fmt(f, nd) if floor else "-",
                _ratio(a, f) if ratio and floor else "",
            )
        )

    rows.append(
        (
            "votes sent / stored",
            f"{app['votes_sent']} / {app['votes_stored']}",
            f"{floor['clicks_sent']} / {floor['rows_stored']}" if floor else "-",
            "",
        )
    )
    add(
        "confirmed / unconfirmed",
        f"{app['confirmed']} / {app['unconfirmed']}",
        f"{floor['latency']['n']} / {floor['n_errors']}" if floor else None,
        ratio=False,
    )
    add("submit -> confirmed p50 ms", L["p50"], F.get("p50"))
    add("submit -> confirmed p95 ms", L["p95"], F.get("p95"))
    add("submit -> confirmed max ms", L["max"], F.get("max"))
    add("server CPU ms per vote", app["cpu_ms_per_vote"], floor and floor["cpu_ms_per_vote"], 2)
    add("server CPU ms, whole burst", app["cpu_ms_burst"], floor and floor["cpu_ms_burst"])
    add(
        "burst s (open -> last confirmed)",
        app["burst_s"],
        floor and floor["burst_s"],
        1,
        ratio=False,
    )
    add(
        "server busy avg % of a core",
        app["server_cpu"]["avg_pct"],
        floor and floor["server_cpu"]["avg_pct"],
        ratio=False,
    )
    add(
        "server busy peak % (0.5 s)",
        app["server_cpu"]["peak_pct"],
        floor and floor["server_cpu"]["peak_pct"],
        ratio=False,
    )
    add(
        "server RSS MB per session",
        app["rss_mb_per_session"],
        floor and floor["rss_mb_per_session"],
        3,
    )
    w = max(len(r[0]) for r in rows)
    out = [
        f"Bimtek Live load — {app['phones']} phones, ballots within {args.window:g} s of "
        f"opening (+{args.think:g} s to read), {os.cpu_count()} cores",
        f"{'':{w}}  {'app':>14}  {'floor':>14}  {'app/floor':>9}",
    ]
    out += [f"{a:{w}}  {b:>14}  {c:>14}  {d:>9}" for a, b, c, d in rows]
    bv = app["ballot_visible"]
    out.append("")
    out.append(
        f"ballot on screen after opening: p50 {_fmt(bv['p50'])} / p95 {_fmt(bv['p95'])} / "
        f"max {_fmt(bv['max'])} ms (phones poll every {live_poll_seconds()} s); "
        f"submits spread over "
        f"{_fmt(app['submit_spread_s'], 1)} s, {app['late_forms']} waited for their ballot"
    )
    out.append(
        f"phone polls over the whole run: {app.get('poll_triggers_total')} asked for a "
        f"redraw, {app.get('poll_errors_total')} failed"
    )
    j = app["join"]
    out.append(
        f"joining: {j['s']} s for {app['phones'] - 1} phones ({args.join_concurrency} at a time), "
        f"p50 {_fmt(j['p50'])} / p95 {_fmt(j['p95'])} ms each, {j['cpu_ms_per_join']} ms "
        f"server CPU per join, {j['failed']} failed"
    )
    idle = app["idle"]
    out.append(
        f"waiting room: server CPU {idle['server_cpu_pct']}% of a core with "
        f"{app['phones']} phones polling ({idle.get('polls_per_s')} HTTP polls/s, "
        f"{idle.get('poll_connections')} connections so far, {idle.get('poll_errors')} "
        f"failed polls); a poll "
        f"p50 {_fmt(idle['phone_poll']['p50'])} / p95 {_fmt(idle['phone_poll']['p95'])} ms"
    )
    out.append(
        f"server RSS {app['rss_start_mb']} MB at start, {app['rss_joined_mb']} MB with "
        f"every phone joined; {app['server_threads']} threads"
    )
    if "projector_mode" in app:

        def pj(d: dict | None) -> str:
            if not d or not d.get("n"):
                return "-"
            return (
                f"p50 {_fmt(d['p50'])} / p95 {_fmt(d['p95'])} / max {_fmt(d['max'])} ms "
                f"(n={d['n']})"
            )

        out.append(
            f"projector ({app['projector_mode']}): waiting {pj(app.get('projector_idle'))}; "
            f"during the burst {pj(app.get('projector_burst'))}"
        )
        for phase in ("group", "vote"):
            if app.get(f"projector_solo_{phase}"):
                out.append(
                    f"projector alone before the phones, {phase} phase, data reloaded "
                    f"each refresh: {pj(app[f'projector_solo_{phase}'])}"
                )
        if app.get("projector_errors"):
            out.append(f"projector errors: {app['projector_errors'][:3]}")
    if app.get("prefill"):
        out.append(f"database filled first: {app['prefill']}")
    c = app["client"]
    out.append(
        f"client (this process, {c['phones_per_process']} phones): CPU {_fmt(c['cpu_pct'])}% "
        f"of a core during the burst, event-loop lag p95 {c['lag_p95_ms']} / max "
        f"{c['lag_max_ms']} ms"
    )
    if app["errors"]:
        out.append(
            f"errors ({app['n_errors']}; of these, ballots found stored: "
            f"{app.get('errored_but_stored', 0)}): " + " | ".join(app["errors"][:5])
        )
    if app.get("unfinished_runs"):
        out.append(
            f"server anomaly: {app['unfinished_runs']} submit run(s) never sent "
            f"script_finished (the phone's page is left 'running'); first: "
            + app["unfinished_traces"][0][:1500]
        )
    if app["server_log_errors"]:
        out.append("server log: " + " | ".join(app["server_log_errors"][:5]))
    verdict = []
    p95 = L["p95"]
    verdict.append("stored == sent" + (" ✓" if app["votes_stored"] == app["votes_sent"] else " ✗"))
    verdict.append(
        f"p95 ≤ {args.knee_ms:g} ms" + (" ✓" if p95 is not None and p95 <= args.knee_ms else " ✗")
    )
    if floor and floor["latency"]["p95"] is not None and p95 is not None:
        fp = floor["latency"]["p95"]
        verdict.append(f"p95 ≤ floor's ({fp:.0f} ms)" + (" ✓" if p95 <= fp else " ✗"))
    if floor and floor["cpu_ms_per_vote"]:
        r = app["cpu_ms_per_vote"] / floor["cpu_ms_per_vote"]
        verdict.append(f"CPU/vote ≤ floor's ({r:.2f}x)" + (" ✓" if r <= 1 else " ✗"))
    pb = (app.get("projector_burst") or {}).get("p95")
    if pb is not None:
        verdict.append("projector p95 ≤ 300 ms" + (" ✓" if pb <= 300 else " ✗"))
    out.append("targets: " + "; ".join(verdict))
    return "\n".join(out)


# ---------------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--phones", type=int, default=300, help="simulated phones (default 300)")
    ap.add_argument(
        "--window",
        type=float,
        default=10.0,
        help="seconds after opening in which the ballots are sent (default 10)",
    )
    ap.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="seconds a phone needs once its ballot is on screen (default 1)",
    )
    ap.add_argument(
        "--idle",
        type=float,
        default=8.0,
        help="seconds of waiting room measured before voting opens (default 8)",
    )
    ap.add_argument("--shortlist", type=int, default=5, help="ideas on each pillar's ballot")
    ap.add_argument("--ideas", type=int, default=0, help="fill the stage to this many ideas")
    ap.add_argument("--votes", type=int, default=0, help="... and this many vote rows")
    ap.add_argument(
        "--solo-refreshes",
        type=int,
        default=5,
        help="with --ideas/--votes: projector refreshes measured alone first",
    )
    ap.add_argument(
        "--join-concurrency",
        type=int,
        default=10,
        help="phones joining at the same time (default 10)",
    )
    ap.add_argument("--projector-page", default="layar", help="URL path of the projector page")
    ap.add_argument(
        "--app-dir",
        default=str(REPO),
        help="run the app from this copy of the repository (tuning experiments); "
        "the database is still prepared with this checkout's store",
    )
    ap.add_argument("--no-projector", action="store_true")
    ap.add_argument("--no-floor", action="store_true", help="skip the floor run")
    ap.add_argument(
        "--no-http", action="store_true", help="skip the page load's HTTP requests (websocket only)"
    )
    ap.add_argument(
        "--knee",
        default="",
        help="comma-separated phone counts: run the app at each, report the largest "
        "N with p95 <= --knee-ms (no floor unless --knee-floor)",
    )
    ap.add_argument("--knee-floor", action="store_true")
    ap.add_argument(
        "--knee-ms", type=float, default=1000.0, help="the knee's p95 limit (default 1000 ms)"
    )
    ap.add_argument(
        "--table",
        action="store_true",
        help="the README's table: 100, 300, 600, 1,000, 1,500, 2,000 phones, each with the "
        "floor (add --repeat 2 for the knee)",
    )
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="with --knee: runs of each N; every one must pass (default 1)",
    )
    ap.add_argument("--timeout", type=float, default=120.0, help="per-request timeout, s")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument(
        "--json",
        action="store_true",
        help="print one JSON line on stdout (the table goes to stderr)",
    )
    return ap.parse_args(argv)


async def one_run(args: argparse.Namespace, n: int, with_floor: bool) -> tuple[dict, dict | None]:
    workdir = Path(tempfile.mkdtemp(prefix=f"bimtek-load-{n}-"))
    try:
        app = await run_app(args, n, workdir)
        floor = None
        if with_floor:
            floor = await run_floor(args, n, workdir, app.get("scheduled"))
        return app, floor
    finally:
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def markdown_table(runs: list[dict]) -> str:
    """The runs as the README's table (one row per run)."""
    rows = [
        "| phones | stored / sent | p50 / p95 / max ms | floor p95 ms | CPU ms/vote (floor) "
        "| projector p95 ms | load avg (1 min) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        floor_cpu = r.get("floor_cpu_ms_per_vote")
        rows.append(
            f"| {r['phones']:,} | {r['votes_stored']:,} / {r['votes_sent']:,} "
            f"| {_fmt(r['p50_ms'])} / {_fmt(r['p95_ms'])} / {_fmt(r['max_ms'])} "
            f"| {_fmt(r.get('floor_p95_ms'))} "
            f"| {_fmt(r['cpu_ms_per_vote'], 1)} ({_fmt(floor_cpu, 1)}) "
            f"| {_fmt(r.get('projector_refresh_ms'))} | {r.get('load_avg', '–')} |"
        )
    return "\n".join(rows)


async def amain(args: argparse.Namespace) -> int:
    if args.table:
        args.knee = "100,300,600,1000,1500,2000"
        args.knee_floor = True
    if args.knee:
        ns = sorted(int(x) for x in args.knee.split(",") if x.strip())
        runs = []
        for n in ns:
            for rep in range(args.repeat):
                app, floor = await one_run(args, n, args.knee_floor)
                line = json_line(app, floor)
                line.update(
                    {
                        "repeat": rep + 1,
                        "server_busy_avg_pct": rnd(app["server_cpu"]["avg_pct"]),
                        "client_cpu_pct": rnd(app["client"]["cpu_pct"]),
                        "client_lag_max_ms": app["client"]["lag_max_ms"],
                        "ballot_visible_p95_ms": rnd(app["ballot_visible"]["p95"]),
                        "burst_s": app["burst_s"],
                        "load_avg": round(os.getloadavg()[0], 2),
                        "redraw_requests": app.get("poll_triggers_total"),
                    }
                )
                runs.append(line)
                print(
                    table(app, floor, args),
                    file=sys.stderr if args.json else sys.stdout,
                    flush=True,
                )

        def passed(r: dict) -> bool:
            return (
                r["p95_ms"] is not None
                and r["p95_ms"] <= args.knee_ms
                and r["votes_stored"] == r["votes_sent"] == r["phones"]
            )

        # the knee: the largest N that passed every time, as did every smaller N tried
        knee = None
        for n in ns:
            if all(passed(r) for r in runs if r["phones"] == n):
                knee = n
            else:
                break
        hdr = (
            "phones",
            "repeat",
            "votes_sent",
            "votes_stored",
            "p50_ms",
            "p95_ms",
            "max_ms",
            "cpu_ms_per_vote",
            "server_busy_avg_pct",
            "client_cpu_pct",
            "client_lag_max_ms",
            "ballot_visible_p95_ms",
            "projector_refresh_ms",
        )
        summary = [
            "",
            f"knee search: p95 <= {args.knee_ms:g} ms and nothing lost, in each of {args.repeat} "
            "run(s) of N and of every smaller N tried",
            "  ".join(f"{h:>12}" for h in hdr),
        ]
        summary += ["  ".join(f"{_fmt(r.get(h), 1):>12}" for h in hdr) for r in runs]
        summary.append(f"knee: {knee if knee is not None else 'below the smallest N tried'}")
        summary += ["", markdown_table(runs)]
        if args.json:
            print("\n".join(summary), file=sys.stderr)
            print(json.dumps({"knee": knee, "runs": runs}))
        else:
            print("\n".join(summary))
        return 0
    app, floor = await one_run(args, args.phones, not args.no_floor)
    text = table(app, floor, args)
    if args.json:
        print(text, file=sys.stderr)
        print(json.dumps(json_line(app, floor)))
    else:
        print(text)
    return 0 if app["votes_stored"] == app["votes_sent"] else 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.phones < 1:
        raise SystemExit("--phones must be at least 1")
    return run_fast(amain(args))


def run_fast(main: Any) -> Any:
    """asyncio.run on uvloop when it is installed (the server's loop too): the simulated
    phones' own event-loop lag then weighs less on the latencies measured."""
    try:
        import uvloop
    except ImportError:  # pragma: no cover
        return asyncio.run(main)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(main)


if __name__ == "__main__":
    sys.exit(main())
