"""Real browsers against the simulation: N Chromium phones vote in one burst, and the
server CPU per vote they cost is compared with that of N simulated phones
(bench/load.py) on the same database set-up, window and server.

    python bench/browser_burst.py              # 30 Chromium phones, then 30 simulated
    python bench/browser_burst.py --phones 10 --json

Each Chromium phone (Playwright driving /usr/bin/chromium, 360x640, touch) opens the
QR link, joins through the form and waits on the screen its page draws itself. Voting
opens; each phone, at its moment in the window, taps "+" on one or two ideas and
"Kirim suara", and waits for "Suara tersimpan". Server CPU is the server process's
CPU time from opening to the last confirmation, as in bench/load.py, with the server on a
CPU of its own (`--no-pin`: shared with the browsers), and also net of the waiting room's
rate over the burst ("beyond waiting's rate"). The server's request log
(BIMTEK_REQUEST_LOG, workshop/guard.py) gives what each side asked per vote. The websocket
frames each browser sends are counted: a "rerun_script" during the burst is a script
run the phone asked for (the target is none). The simulation must not be cheaper than
the browser: its CPU per vote should be at least the browser's (the browsers' own CPU
load on this machine makes their server time, if anything, noisier).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import load  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
]


def backmsg_kind(payload: bytes | str) -> str:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    if isinstance(payload, str):
        return "text"
    return BackMsg.FromString(payload).WhichOneof("type") or ""


class BrowserPhone:
    def __init__(self, idx: int) -> None:
        self.idx = idx
        self.page: Any = None
        self.frames: list[tuple[float, str]] = []
        self.requests: list[tuple[float, str]] = []
        self.visible: float | None = None
        self.latency: float | None = None
        self.error = ""

    async def join(self, browser: Any, url: str) -> None:
        ctx = await browser.new_context(
            viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True
        )
        page = self.page = await ctx.new_page()

        def watch(ws: Any) -> None:
            ws.on("framesent", lambda p: self.frames.append((time.perf_counter(), backmsg_kind(p))))
            ws.on("framereceived", lambda p: self.frames.append((time.perf_counter(), "received")))

        page.on("websocket", watch)
        page.on("request", lambda r: self.requests.append((time.perf_counter(), r.url)))
        await page.goto(url)
        await page.wait_for_selector(".st-key-join_name input", timeout=60_000)
        await page.locator(".st-key-join_name input").fill(f"Peserta Chromium {self.idx:02d}")
        await page.locator(".st-key-join_institution input").fill("Kelurahan Uji")
        await page.locator(".st-key-join_submit button").click()
        await page.wait_for_selector("[data-testid=phone-room][data-kind=wait]", timeout=60_000)

    async def vote(self, t_open: float, at: float, rng: random.Random, timeout: float) -> None:
        page = self.page
        try:
            await page.wait_for_selector(
                "[data-testid=phone-room][data-kind=vote] .bl-send", timeout=timeout * 1000
            )
            self.visible = time.perf_counter() - t_open
            delay = t_open + at - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            plus = page.locator(".bl-row .bl-plus")
            n = await plus.count()
            for i in rng.sample(range(n), min(2, n)):
                await plus.nth(i).click()
            t_send = time.perf_counter()
            await page.locator(".bl-send").click()
            await page.wait_for_selector(
                ".bl-status.ok >> text=Suara tersimpan", timeout=timeout * 1000
            )
            self.latency = time.perf_counter() - t_send
        except Exception as err:  # reported, never hidden
            self.error = f"{type(err).__name__}: {err}"[:300]


async def browser_run(n: int, window: float, timeout: float, seed: int) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    work = Path(tempfile.mkdtemp(prefix="bimtek-browser-"))
    db = work / "bimtek.db"
    setup = load.prepare_db(db, shortlist=5, ideas=0, votes=0, seed=seed)
    server = load.Server(
        "app.py",
        {
            "BIMTEK_DB": str(db),
            "BIMTEK_NO_DEMO": "1",
            "BIMTEK_PIN": load.PIN,
            "BIMTEK_REQUEST_LOG": str(work / "requests.log"),
            # every Chromium phone joins from 127.0.0.1 (as bench/load.py's phones)
            "BIMTEK_JOINS_PER_MINUTE": "100000",
            "BIMTEK_MAX_PARTICIPANTS": "100000",
        },
        work / "server.log",
    )
    await server.start()
    res: dict[str, Any] = {"phones": n, "kind": "chromium"}
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            phones = [BrowserPhone(i) for i in range(n)]
            url = f"{server.base_url}/?code={setup.join_code}"
            sem = asyncio.Semaphore(5)

            async def join(p: BrowserPhone) -> None:
                async with sem:
                    await p.join(browser, url)

            t0 = time.perf_counter()
            await asyncio.gather(*(join(p) for p in phones))
            load.log(f"browser: {n} Chromium phones joined in {time.perf_counter() - t0:.1f} s")
            await asyncio.sleep(4)  # every phone settled into its poll loop
            c0, t0 = server.cpu_ms(), time.perf_counter()
            await asyncio.sleep(8)  # the waiting room's cost, to compare with the simulation's
            idle_rate = round((server.cpu_ms() - c0) / (time.perf_counter() - t0), 2)
            rng = random.Random(seed)
            sampler = load.CpuSampler(server)
            sampler.start()
            t_open = time.perf_counter()
            await asyncio.to_thread(load.open_voting, db, setup.stage_id)
            await asyncio.gather(
                *(
                    p.vote(t_open, rng.uniform(0, window), random.Random(seed + p.idx), timeout)
                    for p in phones
                )
            )
            t_end = time.perf_counter()
            wall = [time.time() - (time.perf_counter() - t) for t in (t_open, t_end)]
            await sampler.stop()
            done = [t_open + p.visible for p in phones if p.visible is not None]
            ends = [p for p in phones if p.latency is not None]
            cpu = sampler.cpu_at(t_end) - sampler.cpu_at(t_open)
            reruns = sum(
                1 for p in phones for t, kind in p.frames if t >= t_open and kind == "rerun_script"
            )
            api: dict[str, int] = {}
            for p in phones:
                for t, u in p.requests:
                    if t >= t_open:
                        path = u.split("//", 1)[-1].split("/", 1)[-1].split("?")[0]
                        k = path.split("/")[1] if path.startswith("api/") else path[:40]
                        api[k] = api.get(k, 0) + 1
            frames: dict[str, int] = {}
            for p in phones:
                for t, kind in p.frames:
                    if t >= t_open:
                        frames[kind] = frames.get(kind, 0) + 1
            lat = [p.latency for p in ends if p.latency is not None]
            res.update(
                {
                    "confirmed": len(ends),
                    "errors": [f"phone {p.idx}: {p.error}" for p in phones if p.error][:5],
                    "cpu_ms_per_vote": round(cpu / max(1, len(ends)), 2),
                    "burst_s": round(t_end - t_open, 1),
                    "reruns_during_burst": reruns,
                    "api_requests_during_burst": api,
                    "ws_frames_during_burst": frames,
                    "idle_cpu_ms_per_s": idle_rate,
                    "server_requests": request_mix(work / "requests.log", *wall, len(ends)),
                    "latency": load.summary_ms(lat),
                    "ballot_visible": load.summary_ms([d - t_open for d in done]),
                }
            )
            await browser.close()
    finally:
        server.stop()
    return res


def request_mix(log: Path, t0: float, t1: float, votes: int) -> dict[str, Any]:
    """What the server was asked during [t0, t1] (workshop/guard.py's request log): per
    vote, the requests of each kind and the connections they came on; header bytes."""
    kinds: dict[str, int] = {}
    ports: set[str] = set()
    header_bytes: list[int] = []
    try:
        lines = log.read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    for line in lines:
        parts = line.split(" ")
        if len(parts) != 6 or not t0 <= float(parts[0]) <= t1:
            continue
        _t, typ, method, path, port, size = parts
        kind = path.split("/")[2] if path.startswith("/api/") else path[:30]
        key = f"{method} {kind}" if typ == "http" else f"{typ} {kind}"
        kinds[key] = kinds.get(key, 0) + 1
        ports.add(port)
        header_bytes.append(int(size))
    per = max(1, votes)
    return {
        "per_vote": {k: round(v / per, 2) for k, v in sorted(kinds.items())},
        "connections_per_vote": round(len(ports) / per, 2),
        "header_bytes_mean": round(sum(header_bytes) / len(header_bytes)) if header_bytes else 0,
    }


async def simulated_run(n: int, window: float, timeout: float, seed: int) -> dict[str, Any]:
    log = Path(tempfile.mkdtemp(prefix="bimtek-sim-")) / "requests.log"
    os.environ["BIMTEK_REQUEST_LOG"] = str(log)  # the server started below inherits it
    try:
        return await _simulated_run(n, window, timeout, seed, log)
    finally:
        os.environ.pop("BIMTEK_REQUEST_LOG", None)


async def _simulated_run(
    n: int, window: float, timeout: float, seed: int, log: Path
) -> dict[str, Any]:
    args = load.parse_args(
        [
            "--phones",
            str(n),
            "--no-floor",
            "--no-projector",
            "--window",
            str(window),
            "--timeout",
            str(timeout),
            "--seed",
            str(seed),
        ]
    )
    app, _ = await load.one_run(args, n, False)
    return {
        "phones": n,
        "kind": "simulated",
        "confirmed": app["confirmed"],
        "cpu_ms_per_vote": app["cpu_ms_per_vote"],
        "burst_s": app["burst_s"],
        "reruns_during_burst": app.get("poll_triggers_total"),
        "latency": app["latency"],
        "ballot_visible": app["ballot_visible"],
        "idle_cpu_ms_per_s": rnd_pct_to_ms(app["idle"]["server_cpu_pct"]),
        "server_requests": request_mix(log, *app["burst_wall"], app["confirmed"]),
    }


def rnd_pct_to_ms(pct: float | None) -> float | None:
    """% of a core -> ms of CPU per second."""
    return None if pct is None else round(pct * 10, 2)


def pin(enabled: bool) -> str:
    """Server on CPU 0, this process (and so Chromium, Playwright and the simulated
    phones) on the others: the browsers' rendering then does not share, and inflate, the
    server's CPU time, and both runs measure the server alone."""
    cpus = sorted(os.sched_getaffinity(0))
    if not enabled or len(cpus) < 2:
        return "not pinned"
    load.SERVER_CPUS = {cpus[0]}
    os.sched_setaffinity(0, set(cpus[1:]))
    return f"server on CPU {cpus[0]}, browsers and simulated phones on CPU {cpus[1:]}"


async def amain(args: argparse.Namespace) -> int:
    pinned = pin(not args.no_pin)
    load_before = os.getloadavg()[0]
    b = await browser_run(args.phones, args.window, args.timeout, args.seed)
    s = await simulated_run(args.phones, args.window, args.timeout, args.seed)
    out = {
        "browser": b,
        "simulated": s,
        "load_avg": [load_before, os.getloadavg()[0]],
        "pinned": pinned,
    }
    ratio = (
        s["cpu_ms_per_vote"] / b["cpu_ms_per_vote"]
        if b["cpu_ms_per_vote"] and s["cpu_ms_per_vote"]
        else None
    )
    out["simulated_over_browser"] = round(ratio, 2) if ratio else None
    for r in (b, s):  # what the burst cost beyond the waiting room's own rate
        if r.get("cpu_ms_per_vote") and r.get("idle_cpu_ms_per_s") is not None:
            extra = r["idle_cpu_ms_per_s"] * r["burst_s"] / max(1, r["confirmed"])
            r["marginal_cpu_ms_per_vote"] = round(r["cpu_ms_per_vote"] - extra, 2)
    if args.json:
        print(json.dumps(out))
    lines = [
        f"{args.phones} phones vote within {args.window:g} s (load avg {load_before:.2f} -> "
        f"{os.getloadavg()[0]:.2f}; {pinned})",
        f"{'':28}{'Chromium':>12}{'simulated':>12}",
    ]
    for label, key in (
        ("confirmed", "confirmed"),
        ("server CPU ms per vote", "cpu_ms_per_vote"),
        ("... beyond waiting's rate", "marginal_cpu_ms_per_vote"),
        ("burst s", "burst_s"),
        ("script reruns asked", "reruns_during_burst"),
    ):
        lines.append(f"{label:28}{b.get(key)!s:>12}{s.get(key)!s:>12}")
    for label, key in (("submit -> saved", "latency"), ("ballot on screen", "ballot_visible")):
        for q in ("p50", "p95"):
            lines.append(
                f"{label + ' ' + q + ' ms':28}{load._fmt(b[key][q]):>12}{load._fmt(s[key][q]):>12}"
            )
    lines.append(f"Chromium's requests during the burst: {b.get('api_requests_during_burst')}")
    for who, r in (("Chromium", b), ("simulated", s)):
        mix = r.get("server_requests") or {}
        lines.append(
            f"server saw, {who}: per vote {mix.get('per_vote')}, "
            f"{mix.get('connections_per_vote')} connections per vote, "
            f"{mix.get('header_bytes_mean')} header bytes per request"
        )
    lines.append(f"Chromium's websocket frames during the burst: {b.get('ws_frames_during_burst')}")
    lines.append(
        f"server CPU while waiting, ms/s: Chromium {b.get('idle_cpu_ms_per_s')}, "
        f"simulated {s.get('idle_cpu_ms_per_s')}"
    )
    if b.get("errors"):
        lines.append("browser errors: " + " | ".join(b["errors"]))
    verdict = "✓" if ratio is not None and ratio >= 1 else "✗"
    lines.append(
        f"simulation / browser CPU per vote: {out['simulated_over_browser']} "
        f"(the simulation must not be cheaper) {verdict}"
    )
    print("\n".join(lines), file=sys.stderr if args.json else sys.stdout)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--phones", type=int, default=30)
    ap.add_argument("--window", type=float, default=10.0)
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-pin", action="store_true", help="do not keep the server on its own CPU")
    return asyncio.run(amain(ap.parse_args(argv)))


if __name__ == "__main__":
    raise SystemExit(main())
